//! A participant: one person enrolled in a programme as mentor or mentee.

use super::programme::ThemeSet;
use super::{Invalid, Locale, ParticipantId, ProgrammeId, UserId};
use chrono::{DateTime, Utc};

const MAX_COMPANY: usize = 100;

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
    fn empty_company_is_refused() {
        assert_eq!(CompanyName::parse("  "), Err(Invalid::EmptyCompany));
    }
}
