//! A programme: one run of mentoring for a cohort, with dates, a time zone and themes.

use super::{GuildId, Invalid, ProgrammeId};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

const MAX_NAME: usize = 100;
const MAX_THEME: usize = 100;
const MAX_THEMES: usize = 20;
const MAX_YEARS: u32 = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeName(String);

impl ProgrammeName {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = collapse_spaces(input);
        if s.is_empty() {
            return Err(Invalid::EmptyName);
        }
        if s.chars().count() > MAX_NAME {
            return Err(Invalid::TooLong {
                what: "name",
                max: MAX_NAME,
            });
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A theme of the programme, e.g. « Recrutement et intégration ».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Theme(String);

impl Theme {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = collapse_spaces(input);
        if s.is_empty() {
            return Err(Invalid::NoTheme);
        }
        if s.chars().count() > MAX_THEME {
            return Err(Invalid::TooLong {
                what: "theme",
                max: MAX_THEME,
            });
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// A set of themes, in the order given, without duplicates (compared case-insensitively).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ThemeSet(Vec<Theme>);

impl ThemeSet {
    /// Parses a list separated by commas or semicolons. Empty input gives an empty set.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::from_items(input.split([',', ';']).filter(|t| !t.trim().is_empty()))
    }

    pub fn from_items<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, Invalid> {
        let mut out: Vec<Theme> = Vec::new();
        for item in items {
            let theme = Theme::parse(item)?;
            if !out.iter().any(|t| t.key() == theme.key()) {
                out.push(theme);
            }
        }
        if out.len() > MAX_THEMES {
            return Err(Invalid::TooManyThemes { max: MAX_THEMES });
        }
        Ok(Self(out))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Theme> {
        self.0.iter()
    }

    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|t| t.0.clone()).collect()
    }

    pub fn joined(&self) -> String {
        self.names().join(", ")
    }

    /// Restates `chosen` with the spelling of this set, refusing any theme this set lacks.
    pub fn select(&self, chosen: &ThemeSet) -> Result<ThemeSet, Invalid> {
        let mut out = Vec::new();
        for theme in &chosen.0 {
            match self.0.iter().find(|t| t.key() == theme.key()) {
                Some(ours) => out.push(ours.clone()),
                None => {
                    return Err(Invalid::UnknownTheme {
                        theme: theme.0.clone(),
                        available: self.names(),
                    })
                }
            }
        }
        Ok(ThemeSet(out))
    }
}

/// Start and end of a programme, end after start, at most a few years apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgrammeDates {
    starts_on: NaiveDate,
    ends_on: NaiveDate,
}

impl ProgrammeDates {
    pub fn new(starts_on: NaiveDate, ends_on: NaiveDate) -> Result<Self, Invalid> {
        if ends_on <= starts_on {
            return Err(Invalid::EndBeforeStart);
        }
        if ends_on.signed_duration_since(starts_on).num_days() > 366 * i64::from(MAX_YEARS) {
            return Err(Invalid::ProgrammeTooLong {
                max_years: MAX_YEARS,
            });
        }
        Ok(Self { starts_on, ends_on })
    }

    pub fn starts_on(&self) -> NaiveDate {
        self.starts_on
    }

    pub fn ends_on(&self) -> NaiveDate {
        self.ends_on
    }

    /// Whether `date` falls within the programme, first and last day included.
    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.starts_on..=self.ends_on).contains(&date)
    }

    /// `date` if it falls within the programme; otherwise the refusal naming both ends.
    pub fn require_contains(&self, date: NaiveDate) -> Result<NaiveDate, Invalid> {
        if self.contains(date) {
            Ok(date)
        } else {
            Err(Invalid::OutsideProgramme {
                starts_on: self.starts_on,
                ends_on: self.ends_on,
            })
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgrammeStatus {
    Active,
    Closed,
}

impl ProgrammeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}

/// What is needed to create a programme.
#[derive(Debug, Clone)]
pub struct NewProgramme {
    pub guild_id: GuildId,
    pub name: ProgrammeName,
    pub dates: ProgrammeDates,
    pub time_zone: Tz,
    pub themes: ThemeSet,
    /// Self-enrolment (`/join`) is open until this day included; `None`: not open.
    pub recruiting_until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Programme {
    pub id: ProgrammeId,
    pub guild_id: GuildId,
    pub name: String,
    pub dates: ProgrammeDates,
    pub time_zone: Tz,
    pub themes: ThemeSet,
    pub status: ProgrammeStatus,
    /// Self-enrolment (`/join`) is open until this day included; `None`: not open.
    pub recruiting_until: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

fn collapse_spaces(input: &str) -> String {
    input.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_are_trimmed_and_deduplicated_ignoring_case() {
        let set =
            ThemeSet::parse(" Gouvernance ; recrutement et intégration, gouvernance ,").unwrap();
        assert_eq!(
            set.names(),
            vec!["Gouvernance", "recrutement et intégration"]
        );
    }

    #[test]
    fn a_participant_theme_must_be_one_of_the_programme() {
        let programme = ThemeSet::parse("Gouvernance, Développement des compétences").unwrap();
        let chosen = ThemeSet::parse("gouvernance").unwrap();
        assert_eq!(
            programme.select(&chosen).unwrap().names(),
            vec!["Gouvernance"]
        );
        let wrong = ThemeSet::parse("Cuisine").unwrap();
        assert!(matches!(
            programme.select(&wrong),
            Err(Invalid::UnknownTheme { theme, available }) if theme == "Cuisine" && available.len() == 2
        ));
    }

    #[test]
    fn too_many_themes_are_refused() {
        let many: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        assert_eq!(
            ThemeSet::parse(&many.join(",")),
            Err(Invalid::TooManyThemes { max: 20 })
        );
    }

    #[test]
    fn a_programme_ends_after_it_starts() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        assert!(ProgrammeDates::new(d(1, 10), d(12, 10)).is_ok());
        assert_eq!(
            ProgrammeDates::new(d(5, 1), d(5, 1)),
            Err(Invalid::EndBeforeStart)
        );
        assert_eq!(
            ProgrammeDates::new(d(5, 2), d(5, 1)),
            Err(Invalid::EndBeforeStart)
        );
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            ProgrammeName::parse("  Rally'nov   2027 ")
                .unwrap()
                .as_str(),
            "Rally'nov 2027"
        );
        assert_eq!(ProgrammeName::parse("   "), Err(Invalid::EmptyName));
        assert!(ProgrammeName::parse(&"x".repeat(101)).is_err());
    }
}
