//! Individual follow-ups (points de suivi individuels): the coordinator notes that they met a
//! participant — the day and how, never what was said. There is no field for notes, on
//! purpose: a follow-up is attendance, not content.

use super::{ParticipantId, UserId};
use chrono::{DateTime, NaiveDate, Utc};

/// How the coordinator met the participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpKind {
    Call,
    Visit,
    Video,
}

impl FollowUpKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Call => "call",
            Self::Visit => "visit",
            Self::Video => "video",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "call" => Some(Self::Call),
            "visit" => Some(Self::Visit),
            "video" => Some(Self::Video),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFollowUp {
    pub participant_id: ParticipantId,
    /// The day they met, in the programme's zone.
    pub met_on: NaiveDate,
    pub kind: Option<FollowUpKind>,
    /// The coordinator who noted it.
    pub logged_by: UserId,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUp {
    pub id: i64,
    pub participant_id: ParticipantId,
    pub met_on: NaiveDate,
    pub kind: Option<FollowUpKind>,
    pub logged_by: UserId,
    pub created_at: DateTime<Utc>,
}

/// A follow-up is due when the participant never had one, or when the last one is more than
/// `span_days` days before `today`.
pub fn is_due(last: Option<NaiveDate>, today: NaiveDate, span_days: i64) -> bool {
    match last {
        None => true,
        Some(day) => (today - day).num_days() > span_days,
    }
}

/// Oldest first: people never followed up come before everyone else.
pub fn oldest_first(a: Option<NaiveDate>, b: Option<NaiveDate>) -> std::cmp::Ordering {
    // `None < Some(_)` for `Option`'s own ordering, which is exactly "never" first.
    a.cmp(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::parse_past_date;
    use crate::domain::Invalid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_day_without_year_is_the_last_one_today_included() {
        let today = d(2027, 3, 10);
        assert_eq!(parse_past_date("12/03", today), Ok(d(2026, 3, 12)));
        assert_eq!(parse_past_date("10/03", today), Ok(today));
        assert_eq!(parse_past_date("09/03", today), Ok(d(2027, 3, 9)));
        assert_eq!(parse_past_date("2027-03-01", today), Ok(d(2027, 3, 1)));
    }

    #[test]
    fn a_future_day_with_its_year_is_refused() {
        let today = d(2027, 3, 10);
        assert_eq!(
            parse_past_date("11/03/2027", today),
            Err(Invalid::InTheFuture)
        );
        assert_eq!(
            parse_past_date("2027-03-11", today),
            Err(Invalid::InTheFuture)
        );
        assert!(matches!(
            parse_past_date("hier", today),
            Err(Invalid::BadDate { .. })
        ));
    }

    #[test]
    fn due_after_the_span_not_on_its_last_day() {
        let today = d(2027, 3, 10);
        assert!(is_due(None, today, 42));
        assert!(!is_due(Some(today - chrono::Duration::days(42)), today, 42));
        assert!(is_due(Some(today - chrono::Duration::days(43)), today, 42));
    }

    #[test]
    fn never_followed_up_comes_first_then_the_oldest() {
        let mut v = vec![Some(d(2027, 3, 1)), None, Some(d(2027, 1, 1))];
        v.sort_by(|a, b| oldest_first(*a, *b));
        assert_eq!(v, vec![None, Some(d(2027, 1, 1)), Some(d(2027, 3, 1))]);
    }

    #[test]
    fn kinds_round_trip() {
        for k in [FollowUpKind::Call, FollowUpKind::Visit, FollowUpKind::Video] {
            assert_eq!(FollowUpKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(FollowUpKind::parse("lunch"), None);
    }
}
