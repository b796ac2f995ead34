//! Self-enrolment (`/join`): a person asks to join the programme that recruits, after reading
//! and accepting the privacy notice; the request waits for a coordinator's decision. Pending
//! people are not participants. The buttons and the form carry the person's choices in their
//! `custom_id` ([`JoinPayload`]): nothing is stored before the form is submitted.

use super::participant::{CompanyName, ParticipantRole};
use super::programme::ThemeSet;
use super::{ProgrammeId, UserId};
use chrono::{DateTime, NaiveDate, Utc};

/// The version of the privacy notice (`join-notice` in the Fluent files). Bump it whenever
/// the notice's text changes: each consent records the version the person accepted.
pub const PRIVACY_NOTICE_VERSION: u32 = 1;

/// The most themes a person picks when joining.
pub const MAX_JOIN_THEMES: usize = 3;

/// Whether a programme recruiting until `until` (`None`: self-enrolment not open) accepts a
/// request on `today` (the programme's date), last day included.
pub fn recruitment(until: Option<NaiveDate>, today: NaiveDate) -> Recruitment {
    match until {
        None => Recruitment::NotOpen,
        Some(last) if today <= last => Recruitment::Open { until: last },
        Some(last) => Recruitment::Closed { since: last },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recruitment {
    NotOpen,
    Open { until: NaiveDate },
    Closed { since: NaiveDate },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefusalReason {
    ProgrammeFull,
    Profile,
    Duplicate,
    Other,
}

impl RefusalReason {
    pub const ALL: [RefusalReason; 4] = [
        Self::ProgrammeFull,
        Self::Profile,
        Self::Duplicate,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ProgrammeFull => "programme_full",
            Self::Profile => "profile",
            Self::Duplicate => "duplicate",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinStatus {
    Pending,
    Refused(RefusalReason),
}

/// A request to record, with the consent given.
#[derive(Debug, Clone)]
pub struct NewJoinRequest {
    pub programme_id: ProgrammeId,
    pub user_id: UserId,
    pub role: ParticipantRole,
    pub company: CompanyName,
    pub themes: ThemeSet,
    pub capacity: u8,
    pub notice_version: u32,
    pub consented_at: DateTime<Utc>,
    pub requested_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct JoinRequest {
    pub programme_id: ProgrammeId,
    pub user_id: UserId,
    pub role: ParticipantRole,
    pub company: CompanyName,
    pub themes: ThemeSet,
    pub capacity: u8,
    pub notice_version: u32,
    pub consented_at: DateTime<Utc>,
    pub requested_at: DateTime<Utc>,
    pub status: JoinStatus,
    pub decided_at: Option<DateTime<Utc>>,
}

const ACCEPT_PREFIX: &str = "binome:join:";
const FORM_PREFIX: &str = "binome:joinform:";
/// The « Non merci » button.
pub const DECLINE_BUTTON_ID: &str = "binome:join-no";

/// The person's choices, carried by the accept button and the form: the notice version shown,
/// the role, the chosen themes as positions in the programme's list, the capacity. Encoded as
/// `<version>:<m|e>:<i.j.k>:<capacity>` (a few dozen characters, far under Discord's 100).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinPayload {
    pub notice_version: u32,
    pub role: ParticipantRole,
    pub themes: Vec<u8>,
    pub capacity: u8,
}

impl JoinPayload {
    fn encode(&self) -> String {
        let role = match self.role {
            ParticipantRole::Mentor => "m",
            ParticipantRole::Mentee => "e",
        };
        let themes: Vec<String> = self.themes.iter().map(u8::to_string).collect();
        format!(
            "{}:{role}:{}:{}",
            self.notice_version,
            themes.join("."),
            self.capacity
        )
    }

    fn decode(s: &str) -> Option<Self> {
        let mut parts = s.split(':');
        let notice_version = parts.next()?.parse().ok()?;
        let role = match parts.next()? {
            "m" => ParticipantRole::Mentor,
            "e" => ParticipantRole::Mentee,
            _ => return None,
        };
        let themes: Vec<u8> = parts
            .next()?
            .split('.')
            .map(|t| t.parse().ok())
            .collect::<Option<_>>()?;
        let capacity = parts.next()?.parse().ok()?;
        if parts.next().is_some() || themes.is_empty() || themes.len() > MAX_JOIN_THEMES {
            return None;
        }
        Some(Self {
            notice_version,
            role,
            themes,
            capacity,
        })
    }

    /// The accept button's custom id.
    pub fn accept_button_id(&self) -> String {
        format!("{ACCEPT_PREFIX}{}", self.encode())
    }

    pub fn parse_accept_button_id(custom_id: &str) -> Option<Self> {
        Self::decode(custom_id.strip_prefix(ACCEPT_PREFIX)?)
    }

    /// The form's custom id.
    pub fn form_id(&self) -> String {
        format!("{FORM_PREFIX}{}", self.encode())
    }

    pub fn parse_form_id(custom_id: &str) -> Option<Self> {
        Self::decode(custom_id.strip_prefix(FORM_PREFIX)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn payload() -> JoinPayload {
        JoinPayload {
            notice_version: PRIVACY_NOTICE_VERSION,
            role: ParticipantRole::Mentor,
            themes: vec![0, 5, 19],
            capacity: 3,
        }
    }

    #[test]
    fn the_choices_round_trip_through_the_button_and_the_form_within_discords_100_characters() {
        let p = payload();
        assert_eq!(
            JoinPayload::parse_accept_button_id(&p.accept_button_id()),
            Some(p.clone())
        );
        assert_eq!(JoinPayload::parse_form_id(&p.form_id()), Some(p.clone()));
        assert!(p.accept_button_id().len() <= 100 && p.form_id().len() <= 100);
        assert_eq!(JoinPayload::parse_form_id(&p.accept_button_id()), None);
        for bad in [
            "binome:join:1:x:0:1",
            "binome:join:1:m::1",
            "binome:join:1:m:0.1.2.3:1",
            "binome:join:1:m:0:1:9",
            "binome:join-no",
        ] {
            assert_eq!(JoinPayload::parse_accept_button_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn recruitment_is_open_until_its_last_day_included() {
        let d = |m, day| NaiveDate::from_ymd_opt(2027, m, day).unwrap();
        assert_eq!(recruitment(None, d(1, 1)), Recruitment::NotOpen);
        assert_eq!(
            recruitment(Some(d(1, 10)), d(1, 10)),
            Recruitment::Open { until: d(1, 10) }
        );
        assert_eq!(
            recruitment(Some(d(1, 10)), d(1, 11)),
            Recruitment::Closed { since: d(1, 10) }
        );
    }

    #[test]
    fn refusal_reasons_round_trip() {
        for r in RefusalReason::ALL {
            assert_eq!(RefusalReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(RefusalReason::parse("x"), None);
    }
}
