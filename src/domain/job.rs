//! Durable jobs: what the bot must do later, and the retry policy. The scheduler stores them,
//! claims them when due and hands them to a handler.

use super::{GuildId, JobId, MeetingId, ProgrammeId};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Idempotency keys of a meeting's jobs all start with this, so cancelling is one call.
pub fn meeting_job_prefix(meeting: MeetingId) -> String {
    format!("meeting:{}:", meeting.0)
}

/// What a job does. Stored as JSON in the payload; the tag is the job's kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobPayload {
    /// Remind the pair `offset_minutes` before the meeting.
    MeetingReminder {
        meeting: MeetingId,
        offset_minutes: i64,
    },
    /// Ask « on s'est vu·e·s ? » (round 1 after the meeting, round 2 if unanswered).
    MeetingCheckIn { meeting: MeetingId, round: u8 },
    /// Still unanswered after the second check-in: the outcome becomes « unconfirmed ».
    MeetingUnconfirmed { meeting: MeetingId },
    /// The monthly rhythm of a programme: nudges pairs without a meeting this month.
    MonthlyRhythm { programme: ProgrammeId },
    /// The coordinators' weekly digest; `since` is the previous digest (or the programme's
    /// creation), so « newly at risk » means since then.
    WeeklyDigest {
        programme: ProgrammeId,
        since: DateTime<Utc>,
    },
    /// Remind participants by DM `offset_minutes` before a collective session.
    SessionReminder {
        session: super::session::SessionId,
        offset_minutes: i64,
    },
    /// Post the « Je suis présent·e » button when a collective session starts.
    SessionCheckIn { session: super::session::SessionId },
    /// Tell those who were coming that a collective session is cancelled.
    SessionCancelled { session: super::session::SessionId },
    /// Ask one pair member whether they accept a tripartite meeting (by DM).
    TripartiteAsk {
        tripartite: super::tripartite::TripartiteId,
        user: super::UserId,
    },
    /// Tell the coordinator (and the pair) what became of a tripartite meeting.
    TripartiteNotice {
        tripartite: super::tripartite::TripartiteId,
    },
    /// Not every member answered in time: the tripartite meeting lapses.
    TripartiteLapse {
        tripartite: super::tripartite::TripartiteId,
    },
    /// Remind the three people `offset_minutes` before the tripartite meeting.
    TripartiteReminder {
        tripartite: super::tripartite::TripartiteId,
        offset_minutes: i64,
    },
    /// Ask the coordinator afterwards whether the tripartite meeting took place.
    TripartiteOutcome {
        tripartite: super::tripartite::TripartiteId,
    },
    /// The daily housekeeping: finished jobs and delivery nonces past their retention are
    /// deleted. Sends nothing; belongs to no server ([`NO_GUILD`]).
    Housekeeping,
}

impl JobPayload {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::MeetingReminder { .. } => "meeting_reminder",
            Self::MeetingCheckIn { .. } => "meeting_check_in",
            Self::MeetingUnconfirmed { .. } => "meeting_unconfirmed",
            Self::MonthlyRhythm { .. } => "monthly_rhythm",
            Self::WeeklyDigest { .. } => "weekly_digest",
            Self::SessionReminder { .. } => "session_reminder",
            Self::SessionCheckIn { .. } => "session_check_in",
            Self::SessionCancelled { .. } => "session_cancelled",
            Self::TripartiteAsk { .. } => "tripartite_ask",
            Self::TripartiteNotice { .. } => "tripartite_notice",
            Self::TripartiteLapse { .. } => "tripartite_lapse",
            Self::TripartiteReminder { .. } => "tripartite_reminder",
            Self::TripartiteOutcome { .. } => "tripartite_outcome",
            Self::Housekeeping => "housekeeping",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    Pending,
    Running,
    Done,
    /// Dropped because it was stale beyond its grace window (e.g. after downtime).
    Skipped,
    /// Withdrawn because what it was for changed (meeting cancelled).
    Cancelled,
    /// Failed too many times.
    Dead,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Done => "done",
            Self::Skipped => "skipped",
            Self::Cancelled => "cancelled",
            Self::Dead => "dead",
        }
    }

    /// Done, skipped, cancelled or dead: nothing will happen to the job any more.
    pub fn is_finished(self) -> bool {
        !matches!(self, Self::Pending | Self::Running)
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => Self::Pending,
            "running" => Self::Running,
            "done" => Self::Done,
            "skipped" => Self::Skipped,
            "cancelled" => Self::Cancelled,
            "dead" => Self::Dead,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct NewJob {
    pub guild_id: GuildId,
    pub due_at: DateTime<Utc>,
    pub payload: JobPayload,
    /// Unique: enqueueing the same key twice keeps the first job.
    pub idempotency_key: String,
    /// After this instant the job is stale and dropped instead of run.
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: JobId,
    pub guild_id: GuildId,
    pub due_at: DateTime<Utc>,
    pub payload: JobPayload,
    pub idempotency_key: String,
    pub state: JobState,
    pub attempts: u32,
    pub expires_at: Option<DateTime<Utc>>,
}

/// What kind of message a job sends, as it appears in the message's nonce: two messages of
/// one job differ by their tag or by their recipient, never by their position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NonceTag {
    /// A meeting reminder in the pair channel.
    Reminder,
    /// A mentor-posture prompt by DM…
    PostureDm,
    /// …or in the pair channel when the mentor's DMs are closed.
    PostureFallback,
    /// The "did you meet?" check-in in the pair channel.
    CheckIn,
    /// The monthly nudge to a pair.
    Nudge,
    /// A tripartite message to one person.
    Tripartite,
    /// A part of the coordinators' digest (the recipient is the part's index).
    Digest,
    /// A session message by DM.
    SessionDm,
    /// A session note (cancellation) in an announcement place.
    SessionNote,
    /// The session presence button in an announcement place.
    SessionCheckIn,
    /// Session mentions for people whose DMs are closed (the recipient is the first one).
    SessionFallback,
}

impl NonceTag {
    fn code(self) -> char {
        match self {
            Self::Reminder => 'r',
            Self::PostureDm => 'p',
            Self::PostureFallback => 'q',
            Self::CheckIn => 'k',
            Self::Nudge => 'n',
            Self::Tripartite => 't',
            Self::Digest => 'g',
            Self::SessionDm => 'd',
            Self::SessionNote => 'o',
            Self::SessionCheckIn => 'c',
            Self::SessionFallback => 'f',
        }
    }
}

impl Job {
    /// The nonce of one message of this job for Discord's `enforce_nonce`: it names the job,
    /// the kind of message and its recipient (a user, a channel, a part), never the attempt
    /// or a position in a list, so a retry, even one planned from fresh data, never posts
    /// twice. `j` + job id + `-` + tag + recipient, all base 36: at most 24 characters
    /// (Discord allows 25), and unambiguous thanks to the separator.
    pub fn nonce(&self, tag: NonceTag, recipient: u64) -> String {
        format!(
            "j{}-{}{}",
            base36(self.id.0.unsigned_abs() % 36u64.pow(8)),
            tag.code(),
            base36(recipient)
        )
    }

    pub fn is_stale(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|e| now >= e)
    }
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The server of jobs that belong to none (the daily housekeeping).
pub const NO_GUILD: GuildId = GuildId(0);

/// The daily housekeeping runs at this time of day, UTC (hour, minute): at night in Europe,
/// away from the reminders and nudges of 09:00.
pub const HOUSEKEEPING_AT: (u32, u32) = (3, 17);

/// The first housekeeping strictly after `after`, keyed by its day: ensuring it at every
/// worker start and after every run keeps exactly one per day.
pub fn next_housekeeping(after: DateTime<Utc>) -> NewJob {
    let (hour, minute) = HOUSEKEEPING_AT;
    let today = after
        .date_naive()
        .and_hms_opt(hour, minute, 0)
        .map_or(after, |t| t.and_utc());
    let due_at = if today > after {
        today
    } else {
        today + Duration::days(1)
    };
    NewJob {
        guild_id: NO_GUILD,
        due_at,
        payload: JobPayload::Housekeeping,
        idempotency_key: format!("housekeeping:{}", due_at.format("%Y-%m-%d")),
        expires_at: None,
    }
}

/// Attempts before a failing job is declared dead.
pub const MAX_ATTEMPTS: u32 = 5;

/// Wait before the next attempt: 30 s, 1 min, 2 min… capped at one hour.
pub fn retry_delay(attempts: u32) -> Duration {
    let exp = attempts.saturating_sub(1).min(10);
    (Duration::seconds(30) * 2_i32.pow(exp)).min(Duration::hours(1))
}

/// What the scheduler decides after a failed attempt.
pub fn after_failure(attempts: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (attempts < MAX_ATTEMPTS).then(|| now + retry_delay(attempts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_round_trip_as_tagged_json() {
        let p = JobPayload::MeetingCheckIn {
            meeting: MeetingId(4),
            round: 2,
        };
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"kind\":\"meeting_check_in\""), "{json}");
        assert_eq!(serde_json::from_str::<JobPayload>(&json).unwrap(), p);
    }

    #[test]
    fn housekeeping_is_daily_at_a_fixed_utc_time_keyed_by_its_day() {
        let at = |d: u32, h: u32, m: u32| {
            chrono::NaiveDate::from_ymd_opt(2027, 3, d)
                .and_then(|d| d.and_hms_opt(h, m, 0))
                .map(|t| t.and_utc())
                .unwrap()
        };
        let before = next_housekeeping(at(10, 1, 0));
        assert_eq!(before.due_at, at(10, 3, 17));
        assert_eq!(before.idempotency_key, "housekeeping:2027-03-10");
        assert_eq!(before.guild_id, NO_GUILD);
        // At or after the hour: tomorrow's, so a run chains to the next day.
        let chained = next_housekeeping(at(10, 3, 17));
        assert_eq!(chained.due_at, at(11, 3, 17));
        assert_eq!(chained.idempotency_key, "housekeeping:2027-03-11");
        assert_eq!(
            next_housekeeping(at(10, 22, 0)).idempotency_key,
            chained.idempotency_key
        );
        let json = serde_json::to_string(&chained.payload).unwrap();
        assert_eq!(json, r#"{"kind":"housekeeping"}"#);
    }

    #[test]
    fn only_pending_and_running_jobs_are_unfinished() {
        use JobState::*;
        for (state, finished) in [
            (Pending, false),
            (Running, false),
            (Done, true),
            (Skipped, true),
            (Cancelled, true),
            (Dead, true),
        ] {
            assert_eq!(state.is_finished(), finished, "{state:?}");
        }
    }

    #[test]
    fn a_failing_job_backs_off_then_dies() {
        let now = Utc::now();
        assert_eq!(after_failure(1, now), Some(now + Duration::seconds(30)));
        assert_eq!(after_failure(2, now), Some(now + Duration::seconds(60)));
        assert_eq!(after_failure(MAX_ATTEMPTS, now), None);
        assert_eq!(retry_delay(30), Duration::hours(1));
    }

    fn job(id: i64) -> Job {
        Job {
            id: JobId(id),
            guild_id: GuildId(1),
            due_at: Utc::now(),
            payload: JobPayload::MonthlyRhythm {
                programme: ProgrammeId(1),
            },
            idempotency_key: "k".into(),
            state: JobState::Pending,
            attempts: 0,
            expires_at: None,
        }
    }

    #[test]
    fn nonces_fit_discord_and_are_stable() {
        let job = job(i64::MAX);
        let longest = job.nonce(NonceTag::SessionFallback, u64::MAX);
        assert!(longest.len() <= 25, "{longest}");
        assert_ne!(
            job.nonce(NonceTag::Reminder, 1),
            job.nonce(NonceTag::Reminder, 2)
        );
        assert_ne!(
            job.nonce(NonceTag::Reminder, 1),
            job.nonce(NonceTag::CheckIn, 1)
        );
        assert_eq!(
            job.nonce(NonceTag::SessionDm, 7),
            job.nonce(NonceTag::SessionDm, 7)
        );
        let retried = Job {
            attempts: 4,
            ..job.clone()
        };
        assert_eq!(
            retried.nonce(NonceTag::Nudge, 9),
            job.nonce(NonceTag::Nudge, 9),
            "the attempt is not part of the nonce"
        );
    }

    #[test]
    fn nonces_of_different_jobs_never_collide() {
        // Without a separator, job 1 + tag + recipient 10 could read as job 11's.
        let mut seen = std::collections::HashSet::new();
        for id in 0..40 {
            for tag in [
                NonceTag::Reminder,
                NonceTag::SessionFallback,
                NonceTag::Digest,
            ] {
                for r in 0..40 {
                    assert!(seen.insert(job(id).nonce(tag, r)), "{id} {tag:?} {r}");
                }
            }
        }
    }
}
