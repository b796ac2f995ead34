//! Collective sessions (regroupements collectifs): kickoff, mid-term, closing, or another
//! gathering of the whole cohort. Their dates, the participants' answers (« je viens » /
//! « je ne peux pas ») and who was present — never anything anyone said there.

use super::programme::ProgrammeDates;
use super::{Invalid, ParticipantId, ProgrammeId, UserId};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

pub use super::ids::SessionId;

/// The three moments of the seeds' programmes, and any other gathering.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionKind {
    Kickoff,
    MidTerm,
    Closing,
    Other,
}

impl SessionKind {
    pub const ALL: [SessionKind; 4] = [Self::Kickoff, Self::MidTerm, Self::Closing, Self::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Kickoff => "kickoff",
            Self::MidTerm => "mid_term",
            Self::Closing => "closing",
            Self::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The day proposed when none is given: the programme's start, middle or end. A session
    /// of another kind has no natural day.
    pub fn default_date(self, dates: &ProgrammeDates) -> Option<NaiveDate> {
        let (start, end) = (dates.starts_on(), dates.ends_on());
        match self {
            Self::Kickoff => Some(start),
            Self::MidTerm => Some(start + Duration::days((end - start).num_days() / 2)),
            Self::Closing => Some(end),
            Self::Other => None,
        }
    }
}

/// When a session starts if no time is given, on the programme's wall clock.
pub fn default_start_time() -> NaiveTime {
    NaiveTime::from_hms_opt(14, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// How long a session lasts (Discord needs an end for an event held elsewhere).
pub fn default_duration() -> Duration {
    Duration::hours(3)
}

/// Reminders before a session: a week, a day and an hour.
pub const REMINDER_OFFSETS_MINUTES: [i64; 3] = [7 * 24 * 60, 24 * 60, 60];

/// Presence can be noted from this long before the start…
pub fn check_in_opens_before() -> Duration {
    Duration::minutes(30)
}

/// …until this long after the end.
pub fn check_in_closes_after() -> Duration {
    Duration::hours(2)
}

/// Discord's limit for an event's location, and so for a session's place.
pub const MAX_PLACE: usize = 100;

/// Where the session takes place: an address, a room or a video link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place(String);

impl Place {
    /// `None` for blank input.
    pub fn parse(input: &str) -> Result<Option<Self>, Invalid> {
        let s = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if s.is_empty() {
            return Ok(None);
        }
        if s.chars().count() > MAX_PLACE {
            return Err(Invalid::TooLong {
                what: "place",
                max: MAX_PLACE,
            });
        }
        Ok(Some(Self(s)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Scheduled,
    Cancelled,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "scheduled" => Some(Self::Scheduled),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub programme_id: ProgrammeId,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: Option<Place>,
    /// The Discord scheduled event standing for it.
    pub discord_event_id: Option<u64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub programme_id: ProgrammeId,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: Option<Place>,
    pub discord_event_id: Option<u64>,
    pub status: SessionStatus,
    pub created_at: DateTime<Utc>,
}

/// Where `now` stands against the presence window of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInWindow {
    NotYetOpen { opens_at: DateTime<Utc> },
    Open,
    Closed { closed_at: DateTime<Utc> },
}

impl Session {
    pub fn check_in_window(&self, now: DateTime<Utc>) -> CheckInWindow {
        let opens_at = self.starts_at - check_in_opens_before();
        let closed_at = self.ends_at + check_in_closes_after();
        if now < opens_at {
            CheckInWindow::NotYetOpen { opens_at }
        } else if now > closed_at {
            CheckInWindow::Closed { closed_at }
        } else {
            CheckInWindow::Open
        }
    }

    pub fn is_over(&self, now: DateTime<Utc>) -> bool {
        now >= self.ends_at
    }
}

/// A participant's answer to the announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rsvp {
    Coming,
    NotComing,
}

impl Rsvp {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Coming => "coming",
            Self::NotComing => "not_coming",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "coming" => Some(Self::Coming),
            "not_coming" => Some(Self::NotComing),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRsvp {
    pub session_id: SessionId,
    pub participant_id: ParticipantId,
    pub answer: Rsvp,
    pub answered_at: DateTime<Utc>,
}

/// Who noted a presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceSource {
    /// The participant clicked « Je suis présent·e ».
    SelfCheckIn,
    /// The coordinator marked them present.
    Coordinator,
}

impl AttendanceSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfCheckIn => "self",
            Self::Coordinator => "coordinator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "self" => Some(Self::SelfCheckIn),
            "coordinator" => Some(Self::Coordinator),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionAttendance {
    pub session_id: SessionId,
    pub participant_id: ParticipantId,
    pub recorded_at: DateTime<Utc>,
    pub source: AttendanceSource,
}

/// Recording a presence is done once; a second attempt tells when it was first noted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresenceOutcome {
    Recorded(SessionAttendance),
    AlreadyRecorded(SessionAttendance),
}

/// What coordinators and reports see of a session: when, what kind, and counts or ids of
/// people present. There is deliberately no field for anything said or written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionAttendanceView {
    pub session_id: SessionId,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    /// Participants enrolled in the programme: everyone is invited to collective sessions.
    pub invited: usize,
    pub coming: usize,
    pub declined: usize,
    /// Discord ids of the participants noted present (by themselves or the coordinator).
    pub present: Vec<UserId>,
}

/// Custom ids of the session buttons start with this.
pub const BUTTON_PREFIX: &str = "binome:session:";

/// A button under a session's announcement or check-in message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionButton {
    Rsvp(Rsvp),
    Present,
}

pub fn session_button_id(session: SessionId, button: SessionButton) -> String {
    let what = match button {
        SessionButton::Rsvp(r) => r.as_str(),
        SessionButton::Present => "present",
    };
    format!("{BUTTON_PREFIX}{}:{what}", session.0)
}

pub fn parse_session_button_id(custom_id: &str) -> Option<(SessionId, SessionButton)> {
    let (id, what) = custom_id.strip_prefix(BUTTON_PREFIX)?.split_once(':')?;
    let button = match what {
        "present" => SessionButton::Present,
        other => SessionButton::Rsvp(Rsvp::parse(other)?),
    };
    Some((SessionId(id.parse().ok()?), button))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn default_days_are_the_programme_start_middle_and_end() {
        let dates = ProgrammeDates::new(d(2027, 1, 12), d(2027, 12, 15)).unwrap();
        assert_eq!(
            SessionKind::Kickoff.default_date(&dates),
            Some(d(2027, 1, 12))
        );
        assert_eq!(
            SessionKind::MidTerm.default_date(&dates),
            Some(d(2027, 6, 29)),
            "337 days apart: the middle is 168 days after the start"
        );
        assert_eq!(
            SessionKind::Closing.default_date(&dates),
            Some(d(2027, 12, 15))
        );
        assert_eq!(SessionKind::Other.default_date(&dates), None);
    }

    #[test]
    fn kinds_round_trip() {
        for k in SessionKind::ALL {
            assert_eq!(SessionKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(SessionKind::parse("party"), None);
    }

    #[test]
    fn a_place_is_trimmed_blank_is_none_and_long_is_refused() {
        assert_eq!(
            Place::parse("  Salle  Rhône, 3e étage ").unwrap().unwrap(),
            Place("Salle Rhône, 3e étage".into())
        );
        assert_eq!(Place::parse("   ").unwrap(), None);
        assert!(matches!(
            Place::parse(&"x".repeat(101)),
            Err(Invalid::TooLong { max: 100, .. })
        ));
    }

    #[test]
    fn presence_window_runs_from_half_an_hour_before_to_two_hours_after() {
        let start = Utc.with_ymd_and_hms(2027, 1, 12, 13, 0, 0).unwrap();
        let s = Session {
            id: SessionId(1),
            programme_id: ProgrammeId(1),
            kind: SessionKind::Kickoff,
            starts_at: start,
            ends_at: start + Duration::hours(3),
            place: None,
            discord_event_id: None,
            status: SessionStatus::Scheduled,
            created_at: start,
        };
        let m = Duration::minutes;
        assert!(matches!(
            s.check_in_window(start - m(31)),
            CheckInWindow::NotYetOpen { .. }
        ));
        assert_eq!(s.check_in_window(start - m(30)), CheckInWindow::Open);
        assert_eq!(s.check_in_window(start + m(300)), CheckInWindow::Open);
        assert!(matches!(
            s.check_in_window(start + m(301)),
            CheckInWindow::Closed { .. }
        ));
    }

    #[test]
    fn button_ids_round_trip_and_reject_others() {
        for b in [
            SessionButton::Rsvp(Rsvp::Coming),
            SessionButton::Rsvp(Rsvp::NotComing),
            SessionButton::Present,
        ] {
            let id = session_button_id(SessionId(42), b);
            assert!(id.len() <= 100, "Discord caps custom ids at 100");
            assert_eq!(parse_session_button_id(&id), Some((SessionId(42), b)));
        }
        assert_eq!(parse_session_button_id("binome:session:x:present"), None);
        assert_eq!(parse_session_button_id("binome:session:4:maybe"), None);
        assert_eq!(parse_session_button_id("binome:checkin:4:held"), None);
    }
}
