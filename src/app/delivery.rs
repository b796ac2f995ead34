//! Every message the use cases hand to delivery: plain data (ids, instants, counts), never
//! Discord markup; the Discord layer renders and sends them.

use crate::domain::programme::Programme;
use crate::domain::session::{Session, SessionId, SessionKind};
use crate::domain::tripartite::TripartiteId;
use crate::domain::{ChannelId, GuildId, Locale, MeetingId, PairId, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// One message the bot must send for a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Reminder {
        channel: ChannelId,
        members: Vec<UserId>,
        starts_at: DateTime<Utc>,
        tz: Tz,
        offset_minutes: i64,
        locale: Locale,
    },
    /// A posture prompt for the mentor, by DM; in the pair channel if DMs are closed.
    PostureDm {
        user: UserId,
        fallback_channel: ChannelId,
        prompt: String,
        locale: Locale,
    },
    CheckIn {
        channel: ChannelId,
        members: Vec<UserId>,
        meeting: MeetingId,
        starts_at: DateTime<Utc>,
        tz: Tz,
        round: u8,
        locale: Locale,
    },
    Nudge {
        channel: ChannelId,
        members: Vec<UserId>,
        locale: Locale,
    },
    /// The coordinators' weekly digest, in the coordinator channel.
    Digest {
        channel: ChannelId,
        locale: Locale,
        digest: Digest,
    },
    /// Reminders, check-in and cancellation notices of a collective session.
    Session(SessionDelivery),
    /// A tripartite meeting's request, notice, reminder or « held? » question, to one person.
    Tripartite(TripartiteMessage),
}

/// What a session looks like to whoever renders it: no field holds anything a participant
/// typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionNotice {
    pub session: SessionId,
    pub guild: GuildId,
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub tz: Tz,
    pub place: Option<String>,
    pub discord_event_id: Option<u64>,
}

impl SessionNotice {
    pub(crate) fn new(session: &Session, programme: &Programme) -> Self {
        Self {
            session: session.id,
            guild: programme.guild_id,
            kind: session.kind,
            starts_at: session.starts_at,
            ends_at: session.ends_at,
            tz: programme.time_zone,
            place: session.place.as_ref().map(|p| p.as_str().to_string()),
            discord_event_id: session.discord_event_id,
        }
    }
}

/// Someone to tell by DM, and where to mention them if their DMs are closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user: UserId,
    pub locale: Locale,
    pub fallback: Option<ChannelId>,
}

/// What a session job sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionDelivery {
    /// A reminder by DM to each participant who has not declined; those whose DMs are closed
    /// are mentioned together in their fallback channel (in `locale`, the server's).
    Reminder {
        notice: SessionNotice,
        offset_minutes: i64,
        recipients: Vec<Recipient>,
        locale: Locale,
    },
    /// The « Je suis présent·e » button, in each announcement place.
    CheckIn {
        notice: SessionNotice,
        channels: Vec<ChannelId>,
        locale: Locale,
    },
    /// The session is cancelled: a note in each place and a DM to those who were coming.
    Cancelled {
        notice: SessionNotice,
        channels: Vec<ChannelId>,
        recipients: Vec<Recipient>,
        locale: Locale,
    },
}

/// One message about a tripartite meeting, to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TripartiteMessage {
    pub to: UserId,
    /// Where to post it instead, mentioning `to`, when their DMs are closed: the pair channel
    /// for a member, the coordinator channel (if any) for the coordinator.
    pub fallback: Option<ChannelId>,
    pub locale: Locale,
    pub pair: PairId,
    pub starts_at: DateTime<Utc>,
    pub tz: Tz,
    pub body: TripartiteBody,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TripartiteBody {
    /// To a member: the coordinator `proposer` asks; Accept / Decline buttons.
    Request {
        tripartite: TripartiteId,
        proposer: UserId,
    },
    /// To the coordinator: every member accepted.
    Scheduled,
    /// To each member: every member accepted.
    Confirmed,
    /// To the coordinator: it was declined (by whom is not said).
    Declined,
    /// To the members who did not decline: it will not take place.
    CalledOff,
    /// To the coordinator: not every member answered in time.
    Lapsed,
    Reminder {
        offset_minutes: i64,
    },
    /// To the coordinator, afterwards: held / not held buttons.
    OutcomeQuestion {
        tripartite: TripartiteId,
    },
}

/// A pair that crossed the at-risk threshold since the last digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtRiskPair {
    pub pair_id: PairId,
    pub members: Vec<UserId>,
    pub last_held: Option<DateTime<Utc>>,
}

/// A collective session in the coming days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpcomingSession {
    pub kind: SessionKind,
    pub starts_at: DateTime<Utc>,
}

/// What the weekly digest tells the coordinators. Counts, ids and dates only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    pub programme: String,
    pub tz: chrono_tz::Tz,
    pub open_pairs: usize,
    pub at_risk: usize,
    pub newly_at_risk: Vec<AtRiskPair>,
    /// Collective sessions within `app::reports::DIGEST_LOOKAHEAD`, soonest first.
    pub upcoming_sessions: Vec<UpcomingSession>,
    /// Participants whose follow-up is due, oldest first: who and their last one (`None`: never).
    pub followups_due: Vec<(UserId, Option<NaiveDate>)>,
}
