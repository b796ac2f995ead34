//! A pair (binôme): one mentor and one to three mentees from other companies.

use super::participant::{Participant, ParticipantRole};
use super::{ChannelId, PairId, ParticipantId, ProgrammeId, UserId};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use thiserror::Error;

pub const MAX_MENTEES: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairStatus {
    Active,
    AtRisk,
    Paused,
    Ended,
}

impl PairStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::AtRisk => "at_risk",
            Self::Paused => "paused",
            Self::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "at_risk" => Some(Self::AtRisk),
            "paused" => Some(Self::Paused),
            "ended" => Some(Self::Ended),
            _ => None,
        }
    }

    /// Whether the pair still counts as running (a participant can be in one such pair only).
    pub fn is_open(self) -> bool {
        !matches!(self, Self::Ended)
    }
}

/// Why a pair may not be formed as asked.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PairRule {
    #[error("{0} is not enrolled as a mentor")]
    NotAMentor(UserId),
    #[error("{0} is not enrolled as a mentee")]
    NotAMentee(UserId),
    #[error("{0} appears twice")]
    Duplicate(UserId),
    #[error("more than {MAX_MENTEES} mentees")]
    TooManyMentees,
    #[error("{mentor} and {mentee} work for the same company")]
    SameCompany {
        mentor: UserId,
        mentee: UserId,
        company: String,
    },
    #[error("{0} is already in a pair")]
    AlreadyPaired(UserId),
}

/// Checks the programme's rules for a new pair. `in_open_pair` tells whether a participant
/// already belongs to a pair that has not ended.
pub fn check_new_pair(
    mentor: &Participant,
    mentees: &[Participant],
    in_open_pair: impl Fn(ParticipantId) -> bool,
) -> Result<(), PairRule> {
    if mentor.role != ParticipantRole::Mentor {
        return Err(PairRule::NotAMentor(mentor.user_id));
    }
    if mentees.is_empty() || mentees.len() > MAX_MENTEES {
        return Err(PairRule::TooManyMentees);
    }
    let mut seen = vec![mentor.user_id];
    for mentee in mentees {
        if seen.contains(&mentee.user_id) {
            return Err(PairRule::Duplicate(mentee.user_id));
        }
        seen.push(mentee.user_id);
        if mentee.role != ParticipantRole::Mentee {
            return Err(PairRule::NotAMentee(mentee.user_id));
        }
        if mentee.company.same_company(&mentor.company) {
            return Err(PairRule::SameCompany {
                mentor: mentor.user_id,
                mentee: mentee.user_id,
                company: mentor.company.as_str().to_string(),
            });
        }
    }
    for p in std::iter::once(mentor).chain(mentees) {
        if in_open_pair(p.id) {
            return Err(PairRule::AlreadyPaired(p.user_id));
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairMember {
    pub participant_id: ParticipantId,
    pub user_id: UserId,
    pub role: ParticipantRole,
    pub charter_signed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewPair {
    pub programme_id: ProgrammeId,
    pub channel_id: ChannelId,
    pub members: Vec<ParticipantId>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Pair {
    pub id: PairId,
    pub programme_id: ProgrammeId,
    pub channel_id: ChannelId,
    pub status: PairStatus,
    pub created_at: DateTime<Utc>,
    /// Mentor first, then mentees in the order they were given.
    pub members: Vec<PairMember>,
}

impl Pair {
    pub fn member(&self, user: UserId) -> Option<&PairMember> {
        self.members.iter().find(|m| m.user_id == user)
    }

    pub fn charter_fully_signed(&self) -> bool {
        self.members.iter().all(|m| m.charter_signed_at.is_some())
    }
}

/// Each person's open pair (a person is in at most one), keyed by user, built in one pass.
pub fn open_pair_by_user(pairs: &[Pair]) -> HashMap<UserId, &Pair> {
    pairs
        .iter()
        .filter(|p| p.status.is_open())
        .flat_map(|p| p.members.iter().map(move |m| (m.user_id, p)))
        .collect()
}

/// A Discord channel name for the pair: lowercase, dashes, at most 100 characters.
pub fn channel_name(prefix: &str, names: &[&str]) -> String {
    let mut out = String::from(prefix);
    for name in names {
        out.push('-');
        let mut last_dash = true;
        for c in name.chars().flat_map(char::to_lowercase) {
            if c.is_alphanumeric() || c == '_' {
                out.push(c);
                last_dash = false;
            } else if !last_dash {
                out.push('-');
                last_dash = true;
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
    }
    out.chars().take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::participant::CompanyName;
    use crate::domain::programme::ThemeSet;
    use crate::domain::Locale;

    fn person(id: i64, role: ParticipantRole, company: &str) -> Participant {
        Participant {
            id: ParticipantId(id),
            programme_id: ProgrammeId(1),
            user_id: UserId(100 + id as u64),
            role,
            company: CompanyName::parse(company).unwrap(),
            themes: ThemeSet::default(),
            capacity: 1,
            locale: Locale::Fr,
            enrolled_at: Utc::now(),
        }
    }

    #[test]
    fn mentor_and_mentee_from_different_companies_form_a_pair() {
        let mentor = person(1, ParticipantRole::Mentor, "EQIOM");
        let mentee = person(2, ParticipantRole::Mentee, "Canovia");
        assert_eq!(check_new_pair(&mentor, &[mentee], |_| false), Ok(()));
    }

    #[test]
    fn mentor_and_mentee_from_the_same_company_are_refused() {
        let mentor = person(1, ParticipantRole::Mentor, "Crossject");
        let mentee = person(2, ParticipantRole::Mentee, "crossject");
        assert_eq!(
            check_new_pair(&mentor, &[mentee], |_| false),
            Err(PairRule::SameCompany {
                mentor: UserId(101),
                mentee: UserId(102),
                company: "Crossject".into()
            })
        );
    }

    #[test]
    fn roles_must_match_their_place_in_the_pair() {
        let a = person(1, ParticipantRole::Mentee, "A");
        let b = person(2, ParticipantRole::Mentee, "B");
        assert_eq!(
            check_new_pair(&a, std::slice::from_ref(&b), |_| false),
            Err(PairRule::NotAMentor(UserId(101)))
        );
        let m = person(3, ParticipantRole::Mentor, "C");
        let m2 = person(4, ParticipantRole::Mentor, "D");
        assert_eq!(
            check_new_pair(&m, &[m2], |_| false),
            Err(PairRule::NotAMentee(UserId(104)))
        );
    }

    #[test]
    fn one_mentor_may_take_up_to_three_mentees_but_not_four() {
        let m = person(1, ParticipantRole::Mentor, "A");
        let three: Vec<_> = (2..5)
            .map(|i| person(i, ParticipantRole::Mentee, "B"))
            .collect();
        assert_eq!(check_new_pair(&m, &three, |_| false), Ok(()));
        let four: Vec<_> = (2..6)
            .map(|i| person(i, ParticipantRole::Mentee, "B"))
            .collect();
        assert_eq!(
            check_new_pair(&m, &four, |_| false),
            Err(PairRule::TooManyMentees)
        );
    }

    #[test]
    fn the_same_mentee_twice_is_refused() {
        let m = person(1, ParticipantRole::Mentor, "A");
        let e = person(2, ParticipantRole::Mentee, "B");
        assert_eq!(
            check_new_pair(&m, &[e.clone(), e], |_| false),
            Err(PairRule::Duplicate(UserId(102)))
        );
    }

    #[test]
    fn someone_already_in_an_open_pair_is_refused() {
        let m = person(1, ParticipantRole::Mentor, "A");
        let e = person(2, ParticipantRole::Mentee, "B");
        assert_eq!(
            check_new_pair(&m, &[e], |id| id == ParticipantId(2)),
            Err(PairRule::AlreadyPaired(UserId(102)))
        );
    }

    #[test]
    fn channel_names_are_discord_safe() {
        assert_eq!(
            channel_name("binôme", &["Alice Martin", "Bob!!"]),
            "binôme-alice-martin-bob"
        );
        assert!(channel_name("b", &[&"x".repeat(300)]).chars().count() <= 100);
    }
}
