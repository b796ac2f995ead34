//! A participant: one person enrolled in a programme as mentor or mentee.

use super::programme::ThemeSet;
use super::{Invalid, Locale, ParticipantId, ProgrammeId, UserId};
use chrono::{DateTime, Utc};

const MAX_COMPANY: usize = 100;
/// The most mentees one mentor can take.
pub const MAX_CAPACITY: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParticipantRole {
    Mentor,
    Mentee,
}

impl ParticipantRole {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mentor => "mentor",
            Self::Mentee => "mentee",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "mentor" => Some(Self::Mentor),
            "mentee" => Some(Self::Mentee),
            _ => None,
        }
    }
}

/// How many mentees the participant can take: a mentor 1 to [`MAX_CAPACITY`], a mentee 1.
pub fn check_capacity(role: ParticipantRole, capacity: u8) -> Result<u8, Invalid> {
    match role {
        ParticipantRole::Mentor if (1..=MAX_CAPACITY).contains(&capacity) => Ok(capacity),
        ParticipantRole::Mentor => Err(Invalid::BadCapacity { max: MAX_CAPACITY }),
        ParticipantRole::Mentee if capacity == 1 => Ok(1),
        ParticipantRole::Mentee => Err(Invalid::MenteeCapacity),
    }
}

/// The participant's employer. Two spellings of one company (`Canovia`, ` canovia `) are the
/// same company for the "pairs come from different companies" rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyName(String);

impl CompanyName {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            return Err(Invalid::EmptyCompany);
        }
        if s.chars().count() > MAX_COMPANY {
            return Err(Invalid::TooLong {
                what: "company",
                max: MAX_COMPANY,
            });
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn same_company(&self, other: &CompanyName) -> bool {
        self.key() == other.key()
    }

    fn key(&self) -> String {
        self.0
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct NewParticipant {
    pub programme_id: ProgrammeId,
    pub user_id: UserId,
    pub role: ParticipantRole,
    pub company: CompanyName,
    pub themes: ThemeSet,
    /// How many mentees they can take (see [`check_capacity`]).
    pub capacity: u8,
    pub locale: Locale,
    pub enrolled_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Participant {
    pub id: ParticipantId,
    pub programme_id: ProgrammeId,
    pub user_id: UserId,
    pub role: ParticipantRole,
    pub company: CompanyName,
    pub themes: ThemeSet,
    /// How many mentees they can take (see [`check_capacity`]).
    pub capacity: u8,
    pub locale: Locale,
    pub enrolled_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_names_compare_without_case_spaces_or_punctuation() {
        let a = CompanyName::parse("Guyon Villemagne 25").unwrap();
        let b = CompanyName::parse("  guyon-villemagne 25 ").unwrap();
        let c = CompanyName::parse("Canovia").unwrap();
        assert!(a.same_company(&b));
        assert!(!a.same_company(&c));
    }

    #[test]
    fn mentors_take_one_to_three_mentees_and_mentees_count_one() {
        use ParticipantRole::*;
        assert_eq!(check_capacity(Mentor, 1), Ok(1));
        assert_eq!(check_capacity(Mentor, 3), Ok(3));
        assert_eq!(
            check_capacity(Mentor, 0),
            Err(Invalid::BadCapacity { max: 3 })
        );
        assert_eq!(
            check_capacity(Mentor, 4),
            Err(Invalid::BadCapacity { max: 3 })
        );
        assert_eq!(check_capacity(Mentee, 1), Ok(1));
        assert_eq!(check_capacity(Mentee, 2), Err(Invalid::MenteeCapacity));
    }

    #[test]
    fn empty_company_is_refused() {
        assert_eq!(CompanyName::parse("  "), Err(Invalid::EmptyCompany));
    }
}
