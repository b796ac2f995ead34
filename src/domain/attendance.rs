//! The coordinator's attendance view: who met when, and the programme's indicators.
//!
//! Every type here is built from dates, counts and statuses only. None has a field that could
//! hold what a pair wrote or worked on — that is the privacy promise, kept by construction.

use super::meeting::{is_at_risk, Meeting, MeetingStatus, MeetingsByPair};
use super::pair::{Pair, PairStatus};
use super::participant::ParticipantRole;
use super::session::{SessionAttendanceView, SessionKind};
use super::{PairId, UserId};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

/// A calendar month, on the programme's wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn next(self) -> Self {
        if self.month >= 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// The months from `first` to `last`, both included (empty if `last` comes first).
    pub fn range(first: Month, last: Month) -> Vec<Month> {
        let mut out = Vec::new();
        let mut m = first;
        while m <= last {
            out.push(m);
            m = m.next();
        }
        out
    }
}

/// One person of a pair, as the coordinator may see them: who and which role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberRef {
    pub user_id: UserId,
    pub role: ParticipantRole,
}

/// One line of the grid: a pair's attendance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairAttendance {
    pub pair_id: PairId,
    /// Mentor first.
    pub members: Vec<MemberRef>,
    /// Meetings held in each month of [`AttendanceView::months`], in order.
    pub held_per_month: Vec<u32>,
    pub last_held: Option<DateTime<Utc>>,
    pub status: PairStatus,
    /// Every member signed the charter.
    pub charter_signed: bool,
    /// Whether the mentee recorded that an objective is set; `None` while binome does not
    /// track objectives (shown as « — »).
    pub objective_set: Option<bool>,
}

/// How many pairs met in a month, out of the pairs that existed by its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthShare {
    pub month: Month,
    pub met: usize,
    pub pairs: usize,
}

impl MonthShare {
    /// Rounded percentage; `None` when there was no pair yet.
    pub fn percent(&self) -> Option<u32> {
        share(self.met, self.pairs)
    }
}

/// Per participant: attendance at collective sessions and the coordinator's last follow-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantAttendance {
    pub user_id: UserId,
    pub role: ParticipantRole,
    /// Their running pair (or their last one), if any.
    pub pair_id: Option<PairId>,
    /// Collective sessions attended, out of [`AttendanceView::sessions`] (the sessions that have
    /// begun); `None` before the first one.
    pub sessions_attended: Option<u32>,
    /// The day of the coordinator's last individual follow-up; `None`: never.
    pub last_follow_up: Option<NaiveDate>,
}

/// Attendance at one collective session that has begun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRate {
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub present: usize,
    /// Participants enrolled (everyone is invited).
    pub invited: usize,
}

impl SessionRate {
    /// Rounded percentage; `None` when nobody was invited.
    pub fn percent(&self) -> Option<u32> {
        share(self.present, self.invited)
    }
}

fn share(part: usize, whole: usize) -> Option<u32> {
    (whole > 0).then(|| u32::try_from((part * 100 + whole / 2) / whole).unwrap_or(100))
}

/// Everything `/attendance`, the CSV and the heat map show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceView {
    /// From the month the programme (or its first pair) started to the programme's last month.
    pub months: Vec<Month>,
    /// How many of `months` have started by today; later ones are shown as not yet.
    pub elapsed: usize,
    pub pairs: Vec<PairAttendance>,
    /// One per elapsed month.
    pub met_share: Vec<MonthShare>,
    pub participants: Vec<ParticipantAttendance>,
    pub sessions: Vec<SessionRate>,
}

/// What the view is built from. `pairs` carry their status as of now (at-risk derived).
pub struct AttendanceInput<'a> {
    /// Everyone enrolled, in enrolment order.
    pub participants: &'a [(UserId, ParticipantRole)],
    pub pairs: &'a [Pair],
    pub meetings: &'a MeetingsByPair,
    /// Collective sessions not cancelled, with who was present.
    pub sessions: &'a [SessionAttendanceView],
    /// The day of each participant's last follow-up (`None`: never).
    pub follow_ups: &'a [(UserId, Option<NaiveDate>)],
    /// When `pairs` is only part of the programme's pairs (one person's): when the
    /// programme's earliest pair was formed, so the grid starts where the whole one does.
    pub earliest_pair: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
    pub tz: Tz,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub today: NaiveDate,
}

impl AttendanceView {
    pub fn build(input: &AttendanceInput<'_>) -> Self {
        let tz = input.tz;
        let first = input
            .pairs
            .iter()
            .map(|p| p.created_at)
            .chain(input.earliest_pair)
            .map(|at| local_day(tz, at))
            .chain([input.starts_on])
            .min()
            .unwrap_or(input.starts_on);
        let months = Month::range(Month::of(first), Month::of(input.ends_on));
        let today = Month::of(input.today);
        let elapsed = months.iter().filter(|m| **m <= today).count();

        let mut pairs: Vec<&Pair> = input.pairs.iter().collect();
        pairs.sort_by_key(|p| p.id.0);
        let rows: Vec<PairAttendance> = pairs
            .iter()
            .map(|pair| pair_row(pair, input.meetings.of(pair.id), &months, tz))
            .collect();
        let met_share = met_share(&rows, &pairs, &months[..elapsed], tz);

        let mut begun: Vec<&SessionAttendanceView> = input
            .sessions
            .iter()
            .filter(|s| s.starts_at <= input.now)
            .collect();
        begun.sort_by_key(|s| s.starts_at);
        let sessions: Vec<SessionRate> = begun
            .iter()
            .map(|s| SessionRate {
                kind: s.kind,
                starts_at: s.starts_at,
                present: s.present.len(),
                invited: s.invited,
            })
            .collect();
        let lookups = Lookups::new(&rows, &begun, input.follow_ups);
        let participants = input
            .participants
            .iter()
            .map(|(user, role)| lookups.participant_row(*user, *role, &rows))
            .collect();

        Self {
            months,
            elapsed,
            pairs: rows,
            met_share,
            participants,
            sessions,
        }
    }
}

fn local_day(tz: Tz, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// One pair's line: its members, held meetings per month, last held, status.
fn pair_row(pair: &Pair, meetings: &[Meeting], months: &[Month], tz: Tz) -> PairAttendance {
    let held: Vec<&Meeting> = meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Held)
        .collect();
    let mut held_per_month = vec![0u32; months.len()];
    if let Some(first) = months.first() {
        for meeting in &held {
            let month = Month::of(local_day(tz, meeting.starts_at));
            if let Some(n) = month_index(*first, month).and_then(|i| held_per_month.get_mut(i)) {
                *n = n.saturating_add(1);
            }
        }
    }
    PairAttendance {
        pair_id: pair.id,
        members: pair
            .members
            .iter()
            .map(|m| MemberRef {
                user_id: m.user_id,
                role: m.role,
            })
            .collect(),
        held_per_month,
        last_held: held.iter().map(|m| m.starts_at).max(),
        status: pair.status,
        charter_signed: pair.charter_fully_signed(),
        objective_set: None,
    }
}

/// For each elapsed month, how many of the pairs existing then met.
fn met_share(
    rows: &[PairAttendance],
    pairs: &[&Pair],
    elapsed: &[Month],
    tz: Tz,
) -> Vec<MonthShare> {
    elapsed
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let existing: Vec<&PairAttendance> = rows
                .iter()
                .zip(pairs)
                .filter(|(_, p)| Month::of(local_day(tz, p.created_at)) <= *month)
                .map(|(r, _)| r)
                .collect();
            MonthShare {
                month: *month,
                met: existing.iter().filter(|r| r.held_per_month[i] > 0).count(),
                pairs: existing.len(),
            }
        })
        .collect()
}

/// Where `month` falls in a grid that starts at `first`, if not before it.
fn month_index(first: Month, month: Month) -> Option<usize> {
    let count = |m: Month| i64::from(m.year) * 12 + i64::from(m.month);
    usize::try_from(count(month) - count(first)).ok()
}

/// What a participant's line is looked up in, built once for the whole view.
struct Lookups<'a> {
    /// Per person, the row of their pair: the open one, else the last.
    pair_row: HashMap<UserId, usize>,
    /// Per session that has begun, who was present.
    present: Vec<HashSet<UserId>>,
    follow_up: HashMap<UserId, Option<NaiveDate>>,
    begun: &'a [&'a SessionAttendanceView],
}

impl<'a> Lookups<'a> {
    fn new(
        rows: &[PairAttendance],
        begun: &'a [&'a SessionAttendanceView],
        follow_ups: &[(UserId, Option<NaiveDate>)],
    ) -> Self {
        let mut pair_row: HashMap<UserId, usize> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            for member in &row.members {
                let keep_open = pair_row
                    .get(&member.user_id)
                    .is_some_and(|j| rows[*j].status.is_open());
                if !keep_open {
                    pair_row.insert(member.user_id, i);
                }
            }
        }
        Self {
            pair_row,
            present: begun
                .iter()
                .map(|s| s.present.iter().copied().collect())
                .collect(),
            follow_up: follow_ups.iter().copied().collect(),
            begun,
        }
    }

    /// One participant's line: their pair (the open one, else the last), sessions attended
    /// (once a session has begun) and last follow-up.
    fn participant_row(
        &self,
        user: UserId,
        role: ParticipantRole,
        rows: &[PairAttendance],
    ) -> ParticipantAttendance {
        ParticipantAttendance {
            user_id: user,
            role,
            pair_id: self.pair_row.get(&user).map(|i| rows[*i].pair_id),
            sessions_attended: (!self.begun.is_empty()).then(|| {
                let n = self.present.iter().filter(|s| s.contains(&user)).count();
                u32::try_from(n).unwrap_or(u32::MAX)
            }),
            last_follow_up: self.follow_up.get(&user).copied().flatten(),
        }
    }
}

/// When the pair crosses the at-risk threshold if nothing changes: `span` after its last held
/// meeting, or after its creation if it never met.
pub fn at_risk_from(
    created_at: DateTime<Utc>,
    last_held: Option<DateTime<Utc>>,
    span: Duration,
) -> DateTime<Utc> {
    last_held.unwrap_or(created_at) + span
}

/// Whether a running pair is at risk now but was not at `since` (the previous digest): it
/// crossed the threshold in between. A pair that met again and then lapsed again is new again.
pub fn newly_at_risk(
    created_at: DateTime<Utc>,
    last_held: Option<DateTime<Utc>>,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    span: Duration,
) -> bool {
    is_at_risk(created_at, last_held, now, span) && !is_at_risk(created_at, last_held, since, span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::meeting::last_held;
    use crate::domain::pair::PairMember;
    use crate::domain::{ChannelId, MeetingId, ParticipantId, ProgrammeId};
    use chrono::TimeZone;

    const PARIS: Tz = chrono_tz::Europe::Paris;

    fn utc(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn pair(id: i64, created: DateTime<Utc>, signed: bool) -> Pair {
        let member = |n: i64, role| PairMember {
            participant_id: ParticipantId(id * 10 + n),
            user_id: UserId((id * 10 + n) as u64),
            role,
            charter_signed_at: signed.then_some(created),
        };
        Pair {
            id: PairId(id),
            programme_id: ProgrammeId(1),
            channel_id: ChannelId(1000 + id as u64),
            status: PairStatus::Active,
            created_at: created,
            members: vec![
                member(1, ParticipantRole::Mentor),
                member(2, ParticipantRole::Mentee),
            ],
        }
    }

    fn meeting(pair: i64, at: DateTime<Utc>, status: MeetingStatus) -> Meeting {
        Meeting {
            id: MeetingId(at.timestamp()),
            pair_id: PairId(pair),
            starts_at: at,
            duration_minutes: 60,
            mode: None,
            status,
            created_at: at,
            outcome_at: None,
        }
    }

    fn members(pairs: &[Pair]) -> Vec<(UserId, ParticipantRole)> {
        pairs
            .iter()
            .flat_map(|p| p.members.iter().map(|m| (m.user_id, m.role)))
            .collect()
    }

    fn view(pairs: &[Pair], meetings: &[Meeting], today: NaiveDate) -> AttendanceView {
        AttendanceView::build(&AttendanceInput {
            participants: &members(pairs),
            pairs,
            meetings: &MeetingsByPair::group(meetings.iter().cloned()),
            sessions: &[],
            follow_ups: &[],
            earliest_pair: None,
            now: PARIS
                .from_local_datetime(&today.and_hms_opt(12, 0, 0).unwrap())
                .unwrap()
                .with_timezone(&Utc),
            tz: PARIS,
            starts_on: day(2027, 1, 12),
            ends_on: day(2027, 12, 15),
            today,
        })
    }

    #[test]
    fn months_run_from_the_programme_start_to_its_end_and_wrap_the_year() {
        assert_eq!(
            Month::range(
                Month {
                    year: 2026,
                    month: 11
                },
                Month {
                    year: 2027,
                    month: 2
                }
            )
            .len(),
            4
        );
        let v = view(&[], &[], day(2027, 3, 20));
        assert_eq!(v.months.len(), 12);
        assert_eq!(
            v.months[0],
            Month {
                year: 2027,
                month: 1
            }
        );
        assert_eq!(v.elapsed, 3);
        assert_eq!(v.met_share.len(), 3);
    }

    #[test]
    fn held_meetings_are_counted_per_local_month_and_others_are_not() {
        let pairs = [pair(1, utc(2027, 1, 5, 9), true)];
        let meetings = [
            meeting(1, utc(2027, 1, 20, 13), MeetingStatus::Held),
            // 31 January 23:30 UTC is 1 February 00:30 in Paris.
            Meeting {
                starts_at: Utc.with_ymd_and_hms(2027, 1, 31, 23, 30, 0).unwrap(),
                ..meeting(1, utc(2027, 1, 31, 23), MeetingStatus::Held)
            },
            meeting(1, utc(2027, 2, 10, 13), MeetingStatus::Cancelled),
            meeting(1, utc(2027, 3, 3, 13), MeetingStatus::Unconfirmed),
            meeting(1, utc(2027, 3, 10, 13), MeetingStatus::Postponed),
        ];
        let v = view(&pairs, &meetings, day(2027, 3, 20));
        let row = &v.pairs[0];
        assert_eq!(&row.held_per_month[..3], &[1, 1, 0]);
        assert_eq!(
            row.last_held,
            Some(Utc.with_ymd_and_hms(2027, 1, 31, 23, 30, 0).unwrap())
        );
        assert!(row.charter_signed);
        assert_eq!(row.objective_set, None);
    }

    #[test]
    fn a_pair_formed_before_the_programme_starts_adds_its_month_to_the_grid() {
        let pairs = [pair(1, utc(2026, 11, 23, 10), false)];
        let meetings = [meeting(1, utc(2026, 11, 25, 13), MeetingStatus::Held)];
        let v = view(&pairs, &meetings, day(2026, 11, 30));
        assert_eq!(
            v.months[0],
            Month {
                year: 2026,
                month: 11
            }
        );
        assert_eq!(v.elapsed, 1);
        assert_eq!(v.pairs[0].held_per_month[0], 1);
        assert!(!v.pairs[0].charter_signed);
    }

    #[test]
    fn the_share_of_pairs_that_met_counts_only_pairs_that_existed_that_month() {
        let pairs = [
            pair(1, utc(2027, 1, 5, 9), true),
            pair(2, utc(2027, 1, 6, 9), true),
            pair(3, utc(2027, 2, 15, 9), true),
        ];
        let meetings = [
            meeting(1, utc(2027, 1, 20, 13), MeetingStatus::Held),
            meeting(1, utc(2027, 2, 20, 13), MeetingStatus::Held),
            meeting(3, utc(2027, 2, 21, 13), MeetingStatus::Held),
            meeting(2, utc(2027, 2, 22, 13), MeetingStatus::Cancelled),
        ];
        let v = view(&pairs, &meetings, day(2027, 2, 28));
        assert_eq!(
            v.met_share,
            vec![
                MonthShare {
                    month: Month {
                        year: 2027,
                        month: 1
                    },
                    met: 1,
                    pairs: 2
                },
                MonthShare {
                    month: Month {
                        year: 2027,
                        month: 2
                    },
                    met: 2,
                    pairs: 3
                },
            ]
        );
        assert_eq!(v.met_share[0].percent(), Some(50));
        assert_eq!(v.met_share[1].percent(), Some(67));
        assert_eq!(
            MonthShare {
                month: Month {
                    year: 2027,
                    month: 1
                },
                met: 0,
                pairs: 0
            }
            .percent(),
            None
        );
    }

    #[test]
    fn every_participant_is_listed_with_their_pair_sessions_attended_and_last_follow_up() {
        use crate::domain::session::SessionId;
        let pairs = [
            pair(2, utc(2027, 1, 6, 9), true),
            pair(1, utc(2027, 1, 5, 9), true),
        ];
        let mut people = members(&pairs);
        let unpaired = UserId(99);
        people.push((unpaired, ParticipantRole::Mentee));
        let session = |id, at, present: Vec<UserId>| SessionAttendanceView {
            session_id: SessionId(id),
            kind: SessionKind::Kickoff,
            starts_at: at,
            invited: 5,
            coming: 4,
            declined: 1,
            present,
        };
        let sessions = [
            session(
                1,
                utc(2027, 1, 14, 13),
                vec![UserId(11), UserId(12), unpaired],
            ),
            session(2, utc(2027, 1, 28, 13), vec![UserId(11)]),
            // Not begun yet: no rate, not counted.
            session(3, utc(2027, 6, 10, 13), vec![]),
        ];
        let follow_ups = [(UserId(11), Some(day(2027, 1, 20))), (UserId(12), None)];
        let v = AttendanceView::build(&AttendanceInput {
            participants: &people,
            pairs: &pairs,
            meetings: &MeetingsByPair::default(),
            sessions: &sessions,
            follow_ups: &follow_ups,
            earliest_pair: None,
            now: utc(2027, 2, 1, 9),
            tz: PARIS,
            starts_on: day(2027, 1, 12),
            ends_on: day(2027, 12, 15),
            today: day(2027, 2, 1),
        });
        assert_eq!(v.pairs[0].pair_id, PairId(1), "pairs in order");
        assert_eq!(v.participants.len(), 5);
        let of = |u: u64| {
            v.participants
                .iter()
                .find(|p| p.user_id == UserId(u))
                .unwrap()
        };
        assert_eq!(of(11).pair_id, Some(PairId(1)));
        assert_eq!(of(11).sessions_attended, Some(2));
        assert_eq!(of(11).last_follow_up, Some(day(2027, 1, 20)));
        assert_eq!(of(12).sessions_attended, Some(1));
        assert_eq!(of(12).last_follow_up, None);
        assert_eq!(of(99).pair_id, None);
        assert_eq!(of(99).sessions_attended, Some(1));
        assert_eq!(v.sessions.len(), 2);
        assert_eq!(v.sessions[0].present, 3);
        assert_eq!(v.sessions[0].percent(), Some(60));
        assert_eq!(v.sessions[1].percent(), Some(20));
    }

    #[test]
    fn a_persons_line_names_their_open_pair_else_their_last_one() {
        let ended = |id, created| Pair {
            status: PairStatus::Ended,
            ..pair(id, created, true)
        };
        // User 11 is in pairs 1 (ended), 2 (running) and 3 (ended later): the running one.
        let with_user_11 = |p: Pair| Pair {
            members: vec![PairMember {
                user_id: UserId(11),
                ..p.members[0].clone()
            }],
            ..p
        };
        let pairs = [
            with_user_11(ended(1, utc(2027, 1, 5, 9))),
            with_user_11(pair(2, utc(2027, 2, 5, 9), true)),
            with_user_11(ended(3, utc(2027, 3, 5, 9))),
            // User 41 only ever had ended pairs: the last one.
            ended(4, utc(2027, 1, 6, 9)),
            Pair {
                members: vec![PairMember {
                    user_id: UserId(41),
                    ..pair(5, utc(2027, 2, 6, 9), true).members[0].clone()
                }],
                ..ended(5, utc(2027, 2, 6, 9))
            },
        ];
        let v = view(&pairs, &[], day(2027, 3, 20));
        let pair_of = |u: u64| {
            v.participants
                .iter()
                .find(|p| p.user_id == UserId(u))
                .and_then(|p| p.pair_id)
        };
        assert_eq!(pair_of(11), Some(PairId(2)));
        assert_eq!(pair_of(41), Some(PairId(5)));
    }

    #[test]
    fn a_meeting_outside_the_grid_is_not_counted_in_any_month() {
        let pairs = [pair(1, utc(2027, 1, 5, 9), true)];
        // Held after the programme's last month: no column for it.
        let meetings = [meeting(1, utc(2028, 2, 1, 9), MeetingStatus::Held)];
        let v = view(&pairs, &meetings, day(2027, 3, 20));
        assert_eq!(v.pairs[0].held_per_month.iter().sum::<u32>(), 0);
        assert_eq!(v.pairs[0].held_per_month.len(), 12);
    }

    #[test]
    fn before_the_first_collective_session_attendance_is_not_counted() {
        let pairs = [pair(1, utc(2027, 1, 5, 9), true)];
        let v = view(&pairs, &[], day(2027, 1, 28));
        assert!(v.sessions.is_empty());
        assert_eq!(v.participants[0].sessions_attended, None);
    }

    #[test]
    fn a_pair_is_newly_at_risk_only_in_the_digest_after_it_crossed_the_threshold() {
        let created = utc(2027, 1, 1, 9);
        let span = Duration::days(45);
        let met = [meeting(1, utc(2027, 2, 1, 9), MeetingStatus::Held)];
        // At risk from 18 March 09:00 (1 February + 45 days).
        assert_eq!(
            at_risk_from(created, last_held(&met), span),
            utc(2027, 3, 18, 9)
        );
        let monday = |d| utc(2027, 3, d, 8);
        assert!(!newly_at_risk(
            created,
            last_held(&met),
            monday(8),
            monday(15),
            span
        ));
        assert!(newly_at_risk(
            created,
            last_held(&met),
            monday(15),
            monday(22),
            span
        ));
        assert!(
            !newly_at_risk(created, last_held(&met), monday(22), monday(29), span),
            "already reported"
        );
        // It met again on 1 April and lapsed again: new again.
        let again = [
            met[0].clone(),
            meeting(1, utc(2027, 4, 1, 9), MeetingStatus::Held),
        ];
        assert!(newly_at_risk(
            created,
            last_held(&again),
            utc(2027, 5, 10, 7),
            utc(2027, 5, 17, 7),
            span
        ));
    }
}
