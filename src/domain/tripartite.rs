//! Tripartite meetings (réunions tripartites): mentor, mentee(s) and the coordinator together,
//! only with the consent of every pair member. The coordinator learns whether it was accepted,
//! declined or held — never who declined, nor what was said.

use super::{PairId, ParticipantId, UserId};
use chrono::{DateTime, Duration, Utc};

pub use super::ids::TripartiteId;

/// Where a tripartite meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TripartiteStatus {
    /// Asked; waiting for every member's answer.
    Proposed,
    /// Every member accepted.
    Scheduled,
    /// A member declined (which one is never shown to the coordinator).
    Declined,
    /// The coordinator confirmed afterwards that it took place.
    Held,
    NotHeld,
    /// Not every member answered before it was due.
    Cancelled,
}

impl TripartiteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Scheduled => "scheduled",
            Self::Declined => "declined",
            Self::Held => "held",
            Self::NotHeld => "not_held",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "proposed" => Self::Proposed,
            "scheduled" => Self::Scheduled,
            "declined" => Self::Declined,
            "held" => Self::Held,
            "not_held" => Self::NotHeld,
            "cancelled" => Self::Cancelled,
            _ => return None,
        })
    }

    /// Still to come: a pair has at most one such tripartite at a time.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Proposed | Self::Scheduled)
    }
}

/// A pair member's answer to the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TripartiteAnswer {
    Accept,
    Decline,
}

impl TripartiteAnswer {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accepted",
            Self::Decline => "declined",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "accepted" => Some(Self::Accept),
            "declined" => Some(Self::Decline),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTripartite {
    pub pair_id: PairId,
    /// The coordinator who proposed it; they get the reminders and the « held? » question.
    pub proposer: UserId,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tripartite {
    pub id: TripartiteId,
    pub pair_id: PairId,
    pub proposer: UserId,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub status: TripartiteStatus,
    pub created_at: DateTime<Utc>,
    /// When it became scheduled, declined or cancelled.
    pub decided_at: Option<DateTime<Utc>>,
    /// When the coordinator said whether it was held.
    pub outcome_at: Option<DateTime<Utc>>,
}

impl Tripartite {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(i64::from(self.duration_minutes))
    }
}

/// Whether every member of the pair accepted.
pub fn all_accepted(
    members: &[ParticipantId],
    answers: &[(ParticipantId, TripartiteAnswer)],
) -> bool {
    !members.is_empty()
        && members.iter().all(|m| {
            answers
                .iter()
                .any(|(who, a)| who == m && *a == TripartiteAnswer::Accept)
        })
}

/// The buttons binome attaches to its tripartite messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TripartiteButton {
    /// On the request sent to `user`: only that member may press it.
    Answer {
        tripartite: TripartiteId,
        user: UserId,
        answer: TripartiteAnswer,
    },
    /// On the question asked to the coordinator afterwards.
    Outcome {
        tripartite: TripartiteId,
        held: bool,
    },
}

const ANSWER_PREFIX: &str = "binome:tri:";
const OUTCOME_PREFIX: &str = "binome:tri-outcome:";

impl TripartiteButton {
    pub fn custom_id(self) -> String {
        match self {
            Self::Answer {
                tripartite,
                user,
                answer,
            } => format!(
                "{ANSWER_PREFIX}{}:{}:{}",
                tripartite.0,
                user.0,
                answer.as_str()
            ),
            Self::Outcome { tripartite, held } => format!(
                "{OUTCOME_PREFIX}{}:{}",
                tripartite.0,
                if held { "held" } else { "not_held" }
            ),
        }
    }

    pub fn parse(custom_id: &str) -> Option<Self> {
        if let Some(rest) = custom_id.strip_prefix(OUTCOME_PREFIX) {
            let (id, held) = rest.split_once(':')?;
            let held = match held {
                "held" => true,
                "not_held" => false,
                _ => return None,
            };
            return Some(Self::Outcome {
                tripartite: TripartiteId(id.parse().ok()?),
                held,
            });
        }
        let rest = custom_id.strip_prefix(ANSWER_PREFIX)?;
        let mut parts = rest.split(':');
        let (id, user, answer) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Some(Self::Answer {
            tripartite: TripartiteId(id.parse().ok()?),
            user: UserId(user.parse().ok()?),
            answer: TripartiteAnswer::parse(answer)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        use TripartiteStatus::*;
        for s in [Proposed, Scheduled, Declined, Held, NotHeld, Cancelled] {
            assert_eq!(TripartiteStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(TripartiteStatus::parse("maybe"), None);
    }

    #[test]
    fn it_takes_every_member_accepting() {
        let (a, b) = (ParticipantId(1), ParticipantId(2));
        let members = [a, b];
        assert!(!all_accepted(&members, &[]));
        assert!(!all_accepted(&members, &[(a, TripartiteAnswer::Accept)]));
        assert!(!all_accepted(
            &members,
            &[
                (a, TripartiteAnswer::Accept),
                (b, TripartiteAnswer::Decline)
            ]
        ));
        assert!(all_accepted(
            &members,
            &[(b, TripartiteAnswer::Accept), (a, TripartiteAnswer::Accept)]
        ));
        assert!(!all_accepted(&[], &[]));
    }

    #[test]
    fn button_ids_round_trip_and_fit_discord() {
        let buttons = [
            TripartiteButton::Answer {
                tripartite: TripartiteId(i64::MAX),
                user: UserId(u64::MAX),
                answer: TripartiteAnswer::Decline,
            },
            TripartiteButton::Answer {
                tripartite: TripartiteId(3),
                user: UserId(42),
                answer: TripartiteAnswer::Accept,
            },
            TripartiteButton::Outcome {
                tripartite: TripartiteId(3),
                held: false,
            },
            TripartiteButton::Outcome {
                tripartite: TripartiteId(3),
                held: true,
            },
        ];
        for b in buttons {
            let id = b.custom_id();
            assert!(id.len() <= 100, "{id}");
            assert_eq!(TripartiteButton::parse(&id), Some(b));
        }
        assert_eq!(TripartiteButton::parse("binome:tri:1:2:maybe"), None);
        assert_eq!(TripartiteButton::parse("binome:tri:1:2:accepted:x"), None);
        assert_eq!(TripartiteButton::parse("binome:checkin:1:held"), None);
    }
}
