//! Pair meetings (rendez-vous): at least one a month, scheduled by the pair, confirmed after.

use super::{MeetingId, PairId};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

/// A meeting lasts an hour unless the pair says otherwise (and so does a tripartite meeting).
pub const DEFAULT_DURATION_MINUTES: u32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingMode {
    InPerson,
    Video,
}

impl MeetingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Video => "video",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "in_person" => Some(Self::InPerson),
            "video" => Some(Self::Video),
            _ => None,
        }
    }
}

/// Where a meeting stands. Only `Scheduled` meetings await an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingStatus {
    Scheduled,
    Held,
    Postponed,
    Cancelled,
    /// Nobody answered the check-in twice.
    Unconfirmed,
}

impl MeetingStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scheduled => "scheduled",
            Self::Held => "held",
            Self::Postponed => "postponed",
            Self::Cancelled => "cancelled",
            Self::Unconfirmed => "unconfirmed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "scheduled" => Some(Self::Scheduled),
            "held" => Some(Self::Held),
            "postponed" => Some(Self::Postponed),
            "cancelled" => Some(Self::Cancelled),
            "unconfirmed" => Some(Self::Unconfirmed),
            _ => None,
        }
    }
}

/// An answer to « on s'est vu·e·s ? ».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckInAnswer {
    Held,
    Postponed,
    Cancelled,
}

impl CheckInAnswer {
    pub fn status(self) -> MeetingStatus {
        match self {
            Self::Held => MeetingStatus::Held,
            Self::Postponed => MeetingStatus::Postponed,
            Self::Cancelled => MeetingStatus::Cancelled,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.status().as_str()
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "held" => Some(Self::Held),
            "postponed" => Some(Self::Postponed),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }
}

pub const CHECKIN_BUTTON_PREFIX: &str = "binome:checkin:";

pub fn checkin_button_id(meeting: MeetingId, answer: CheckInAnswer) -> String {
    format!("{CHECKIN_BUTTON_PREFIX}{}:{}", meeting.0, answer.as_str())
}

pub fn parse_checkin_button_id(custom_id: &str) -> Option<(MeetingId, CheckInAnswer)> {
    let (id, answer) = custom_id
        .strip_prefix(CHECKIN_BUTTON_PREFIX)?
        .split_once(':')?;
    Some((MeetingId(id.parse().ok()?), CheckInAnswer::parse(answer)?))
}

#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub pair_id: PairId,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub mode: Option<MeetingMode>,
    pub status: MeetingStatus,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: MeetingId,
    pub pair_id: PairId,
    pub starts_at: DateTime<Utc>,
    pub duration_minutes: u32,
    pub mode: Option<MeetingMode>,
    pub status: MeetingStatus,
    pub created_at: DateTime<Utc>,
    pub outcome_at: Option<DateTime<Utc>>,
}

impl Meeting {
    pub fn ends_at(&self) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(i64::from(self.duration_minutes))
    }
}

/// A programme's meetings grouped by pair in one pass: views look a pair's meetings up by key
/// instead of scanning every meeting of the programme for every pair.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingsByPair(HashMap<PairId, Vec<Meeting>>);

impl MeetingsByPair {
    /// Groups `meetings`, keeping their order within each pair.
    pub fn group(meetings: impl IntoIterator<Item = Meeting>) -> Self {
        let mut by_pair: HashMap<PairId, Vec<Meeting>> = HashMap::new();
        for meeting in meetings {
            by_pair.entry(meeting.pair_id).or_default().push(meeting);
        }
        Self(by_pair)
    }

    /// The meetings of `pair` (none if it never scheduled one).
    pub fn of(&self, pair: PairId) -> &[Meeting] {
        self.0.get(&pair).map_or(&[], Vec::as_slice)
    }

    /// When each pair that ever met last met.
    pub fn last_held(&self) -> HashMap<PairId, DateTime<Utc>> {
        self.0
            .iter()
            .filter_map(|(pair, meetings)| last_held(meetings).map(|at| (*pair, at)))
            .collect()
    }
}

/// The last time the pair actually met, if ever.
pub fn last_held(meetings: &[Meeting]) -> Option<DateTime<Utc>> {
    meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Held)
        .map(|m| m.starts_at)
        .max()
}

/// A pair is at risk when it has not met for `span` — counted from its last held meeting
/// (see [`last_held`]), or from its creation if it never met.
pub fn is_at_risk(
    created_at: DateTime<Utc>,
    last_held: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    span: Duration,
) -> bool {
    now - last_held.unwrap_or(created_at) > span
}

/// The calendar month of `day` in the programme's zone, as the instants it starts and the next
/// one starts: a meeting held or still scheduled in it spares the pair the monthly nudge.
pub fn month_span(tz: Tz, day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let first = day.with_day(1).unwrap_or(day);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let midnight =
        |d: NaiveDate| super::time::local_instant_lenient(tz, d.and_time(chrono::NaiveTime::MIN));
    (midnight(first), midnight(next))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn meeting(day: u32, month: u32, status: MeetingStatus) -> Meeting {
        Meeting {
            id: MeetingId(1),
            pair_id: PairId(1),
            starts_at: Utc.with_ymd_and_hms(2027, month, day, 12, 0, 0).unwrap(),
            duration_minutes: 60,
            mode: None,
            status,
            created_at: Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
            outcome_at: None,
        }
    }

    #[test]
    fn meetings_grouped_by_pair_keep_their_order_and_an_unknown_pair_has_none() {
        let of_pair = |pair: i64, day: u32| Meeting {
            pair_id: PairId(pair),
            ..meeting(day, 3, MeetingStatus::Held)
        };
        let grouped = MeetingsByPair::group([of_pair(2, 5), of_pair(1, 6), of_pair(2, 7)]);
        let days = |pair| -> Vec<u32> {
            grouped
                .of(PairId(pair))
                .iter()
                .map(|m| m.starts_at.day())
                .collect()
        };
        assert_eq!(days(2), vec![5, 7]);
        assert_eq!(days(1), vec![6]);
        assert!(grouped.of(PairId(3)).is_empty());
    }

    #[test]
    fn pair_that_has_not_met_for_46_days_is_at_risk_but_not_at_45() {
        let created = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let held = [meeting(10, 2, MeetingStatus::Held)];
        let span = Duration::days(45);
        let met = held[0].starts_at;
        assert!(!is_at_risk(
            created,
            last_held(&held),
            met + Duration::days(45),
            span
        ));
        assert!(is_at_risk(
            created,
            last_held(&held),
            met + Duration::days(46),
            span
        ));
    }

    #[test]
    fn a_pair_that_never_met_counts_from_its_creation_and_cancelled_meetings_do_not_count() {
        let created = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let cancelled = [meeting(20, 1, MeetingStatus::Cancelled)];
        assert!(is_at_risk(
            created,
            last_held(&cancelled),
            created + Duration::days(46),
            Duration::days(45)
        ));
        assert!(!is_at_risk(
            created,
            None,
            created + Duration::days(10),
            Duration::days(45)
        ));
    }

    #[test]
    fn a_month_spans_from_local_midnight_on_the_first_to_the_next_first() {
        let paris = chrono_tz::Europe::Paris;
        let day = NaiveDate::from_ymd_opt(2027, 3, 17).unwrap();
        let (from, to) = month_span(paris, day);
        // Paris is UTC+1 on 1 March and UTC+2 on 1 April (summer time from 28 March).
        assert_eq!(from, Utc.with_ymd_and_hms(2027, 2, 28, 23, 0, 0).unwrap());
        assert_eq!(to, Utc.with_ymd_and_hms(2027, 3, 31, 22, 0, 0).unwrap());
        let december = month_span(paris, NaiveDate::from_ymd_opt(2027, 12, 31).unwrap());
        assert_eq!(
            december.1,
            Utc.with_ymd_and_hms(2027, 12, 31, 23, 0, 0).unwrap()
        );
    }

    #[test]
    fn checkin_button_ids_round_trip() {
        for a in [
            CheckInAnswer::Held,
            CheckInAnswer::Postponed,
            CheckInAnswer::Cancelled,
        ] {
            assert_eq!(
                parse_checkin_button_id(&checkin_button_id(MeetingId(7), a)),
                Some((MeetingId(7), a))
            );
        }
        assert_eq!(parse_checkin_button_id("binome:checkin:7:maybe"), None);
    }
}
