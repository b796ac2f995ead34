//! What the use cases need from the outside world, as small traits: the store (one trait per
//! feature, gathered by `Store`) and the Discord-side operations (pair channels, sessions and
//! circles, channel overwrites), with the types of their signatures. No SQL or Discord type
//! crosses these signatures.

use super::delivery::SessionNotice;
use crate::domain::charter::SignOutcome;
use crate::domain::followup::{FollowUp, NewFollowUp};
use crate::domain::job::{Job, JobState, NewJob};
use crate::domain::join::{JoinRequest, NewJoinRequest, RefusalReason};
use crate::domain::layout::{OverwriteRule, OverwriteTarget};
use crate::domain::meeting::{Meeting, MeetingStatus, NewMeeting};
use crate::domain::pair::{NewPair, Pair};
use crate::domain::participant::ParticipantRole;
use crate::domain::participant::{NewParticipant, Participant};
use crate::domain::programme::{NewProgramme, Programme};
use crate::domain::session::{
    NewSession, PresenceOutcome, Session, SessionAttendance, SessionId, SessionKind, SessionRsvp,
};
use crate::domain::setup::GuildSettings;
use crate::domain::tripartite::{
    NewTripartite, Tripartite, TripartiteAnswer, TripartiteId, TripartiteStatus,
};
use crate::domain::{
    ChannelId, GuildId, JobId, Locale, MeetingId, PairId, ParticipantId, ProgrammeId, RoleId,
    UserId,
};
use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// A uniqueness rule the store enforces atomically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// The server already has a programme running.
    ActiveProgrammeExists,
    /// This person is already enrolled in the programme.
    AlreadyEnrolled,
    /// One of the members joined another open pair in the meantime.
    MemberAlreadyPaired,
    /// This person already asked to join the programme.
    AlreadyRequested,
    /// The request to join is no longer pending: someone decided on it in the meantime.
    RequestDecided,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    #[error("store backend failed")]
    Backend(#[source] anyhow::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the use cases need from persistence. Each later feature keeps its queries in a
/// trait of its own (declared below, implemented in its `store` module), listed here as a
/// supertrait so `Arc<dyn Store>` offers them all.
#[async_trait]
pub trait Store:
    SessionStore
    + FollowUpStore
    + TripartiteStore
    + ObjectiveStore
    + MatchStore
    + JoinStore
    + DeliveryLedger
    + Send
    + Sync
{
    async fn guild_settings(&self, guild: GuildId) -> StoreResult<Option<GuildSettings>>;
    async fn save_guild_settings(&self, settings: &GuildSettings) -> StoreResult<()>;

    async fn create_programme(&self, new: &NewProgramme) -> StoreResult<Programme>;
    async fn active_programme(&self, guild: GuildId) -> StoreResult<Option<Programme>>;
    async fn close_programme(&self, id: ProgrammeId, at: DateTime<Utc>) -> StoreResult<()>;
    async fn programme(&self, id: ProgrammeId) -> StoreResult<Option<Programme>>;

    async fn add_participant(&self, new: &NewParticipant) -> StoreResult<Participant>;
    /// Enrols everyone in one transaction: all of them, or nobody (a conflict on any one
    /// leaves the programme as it was); their pending requests to join end with it. The
    /// number enrolled.
    async fn enrol_many(&self, new: &[NewParticipant]) -> StoreResult<usize>;
    async fn participants(&self, programme: ProgrammeId) -> StoreResult<Vec<Participant>>;
    /// How many people are enrolled, without loading them.
    async fn count_participants(&self, programme: ProgrammeId) -> StoreResult<u64>;
    async fn participant_by_user(
        &self,
        programme: ProgrammeId,
        user: UserId,
    ) -> StoreResult<Option<Participant>>;
    async fn set_participant_locale(&self, id: ParticipantId, locale: Locale) -> StoreResult<()>;
    /// Removes the participant; `false` if there was nobody to remove.
    async fn remove_participant(&self, id: ParticipantId) -> StoreResult<bool>;

    /// Creates the pair and its members atomically; `Conflict::MemberAlreadyPaired` if one of
    /// them is already in an open pair.
    async fn create_pair(&self, new: &NewPair) -> StoreResult<Pair>;
    async fn pairs(&self, programme: ProgrammeId) -> StoreResult<Vec<Pair>>;
    /// When the programme's first pair was formed, if any.
    async fn earliest_pair_created(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Option<DateTime<Utc>>>;
    /// The pairs one participant has been in, oldest first.
    async fn pairs_of_participant(&self, participant: ParticipantId) -> StoreResult<Vec<Pair>>;
    async fn pair(&self, id: PairId) -> StoreResult<Option<Pair>>;
    async fn pair_by_channel(&self, channel: ChannelId) -> StoreResult<Option<Pair>>;

    /// Records the member's signature once; a second call returns the first time.
    async fn sign_charter(
        &self,
        pair: PairId,
        participant: ParticipantId,
        at: DateTime<Utc>,
    ) -> StoreResult<SignOutcome>;

    async fn create_meeting(&self, new: &NewMeeting) -> StoreResult<Meeting>;
    async fn meeting(&self, id: MeetingId) -> StoreResult<Option<Meeting>>;
    async fn meetings_of_pair(&self, pair: PairId) -> StoreResult<Vec<Meeting>>;
    async fn meetings_of_programme(&self, programme: ProgrammeId) -> StoreResult<Vec<Meeting>>;
    /// When each pair of the programme that ever met last held a meeting.
    async fn last_held_meetings(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<(PairId, DateTime<Utc>)>>;
    /// The programme's pairs with a meeting held or still scheduled in `[from, to)`.
    async fn pairs_meeting_between(
        &self,
        programme: ProgrammeId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<PairId>>;
    /// Records the outcome if the meeting still awaits one; `false` if it already had one.
    async fn set_meeting_outcome(
        &self,
        id: MeetingId,
        status: MeetingStatus,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;

    /// Adds a job unless one with the same idempotency key exists; `true` if added.
    async fn enqueue_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<bool>;
    /// Leases due jobs (and jobs whose lease expired) to the caller, oldest first.
    async fn claim_due_jobs(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: u32,
    ) -> StoreResult<Vec<Job>>;
    /// Records a claimed job's result, only if this claim (`attempts`) still holds it.
    async fn finish_job(
        &self,
        id: JobId,
        attempts: u32,
        state: JobState,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    async fn retry_job(
        &self,
        id: JobId,
        attempts: u32,
        at: DateTime<Utc>,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// Cancels the pending jobs whose key starts with `prefix`; returns how many.
    async fn cancel_jobs(&self, prefix: &str, now: DateTime<Utc>) -> StoreResult<u64>;
    /// When the worker must next look: the earliest pending job or expiring lease.
    async fn next_job_due(&self) -> StoreResult<Option<DateTime<Utc>>>;
    async fn count_jobs(&self, guild: GuildId, state: JobState) -> StoreResult<u64>;
    async fn job_by_key(&self, key: &str) -> StoreResult<Option<Job>>;
    /// Deletes at most `limit` jobs in the finished `state` last changed before `before`, in
    /// one short statement; returns how many. Pending and running jobs are never deleted.
    async fn delete_finished_jobs(
        &self,
        state: JobState,
        before: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<u64>;
    /// Forgets at most `limit` nonces delivered before `before`, in one short statement;
    /// returns how many.
    async fn forget_delivered(&self, before: DateTime<Utc>, limit: u32) -> StoreResult<u64>;

    async fn record_posture_shown(
        &self,
        who: ParticipantId,
        prompt: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()>;
    /// The last `n` prompt ids shown to this participant, oldest first.
    async fn recent_postures(&self, who: ParticipantId, n: u32) -> StoreResult<Vec<String>>;
}

/// Which outbound messages were delivered, by nonce, kept in the store so that exactly-once
/// holds across restarts and retries spaced beyond Discord's own nonce memory.
#[async_trait]
pub trait DeliveryLedger: Send + Sync {
    async fn delivered(&self, nonce: &str) -> StoreResult<bool>;
    async fn record_delivered(&self, nonce: &str) -> StoreResult<()>;
}

/// Why Discord did not do what we asked.
#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    #[error("the server has reached Discord's limit of {limit} channels")]
    GuildFull { limit: usize },
    #[error("the bot lacks a permission")]
    MissingPermissions,
    #[error("Discord refused: {0}")]
    Refused(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Everything Discord needs to create a pair channel with the right overwrites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairChannelSpec {
    pub guild: GuildId,
    pub members: Vec<UserId>,
    pub coordinator_role: RoleId,
}

/// What to post in the new channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharterPost {
    pub channel: ChannelId,
    pub pair: PairId,
    pub members: Vec<UserId>,
    pub locale: Locale,
}

/// Channel operations performed on Discord for a pair.
#[async_trait]
pub trait PairChannels: Send + Sync {
    async fn create_pair_channel(&self, spec: &PairChannelSpec) -> Result<ChannelId, ChannelError>;
    async fn delete_channel(&self, channel: ChannelId) -> Result<(), ChannelError>;
    async fn post_charter(&self, post: &CharterPost) -> Result<(), ChannelError>;
    /// The server's channels made for exactly `spec.members` (their member overwrites), so a
    /// pair whose channel was created but never recorded (the process stopped, or Discord's
    /// answer was lost) can take it instead of getting a second one.
    async fn channels_for_members(
        &self,
        _spec: &PairChannelSpec,
    ) -> Result<Vec<ChannelId>, ChannelError> {
        Ok(Vec::new())
    }
}

// ----- per-feature stores ----------------------------------------------------------------

/// A circle: the peer channel of one role, on one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Circle {
    pub guild_id: GuildId,
    pub role: ParticipantRole,
    pub channel_id: ChannelId,
    /// The Discord role that opens the circle to its participants; `None` for a circle made
    /// before circles had roles (one overwrite per person), until `/setup` converts it.
    pub access_role: Option<RoleId>,
    pub created_at: DateTime<Utc>,
}

/// Persistence of collective sessions, RSVPs and attendance, and of where sessions are
/// announced (the announcement channel and the circles).
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, new: &NewSession) -> StoreResult<Session>;
    async fn session(&self, id: SessionId) -> StoreResult<Option<Session>>;
    /// Every session of the programme, cancelled ones included, by start time.
    async fn sessions_of_programme(&self, programme: ProgrammeId) -> StoreResult<Vec<Session>>;
    /// Cancels a scheduled session; `false` if it was not scheduled any more.
    async fn cancel_session(&self, id: SessionId, at: DateTime<Utc>) -> StoreResult<bool>;

    /// Records a participant's answer; a later answer replaces an earlier one.
    async fn record_rsvp(&self, rsvp: &SessionRsvp) -> StoreResult<()>;
    async fn rsvps(&self, session: SessionId) -> StoreResult<Vec<SessionRsvp>>;

    /// Records a presence once; a second call returns the first record.
    async fn record_presence(&self, presence: &SessionAttendance) -> StoreResult<PresenceOutcome>;
    async fn presences(&self, session: SessionId) -> StoreResult<Vec<SessionAttendance>>;
    /// The sessions one participant was recorded present at.
    async fn sessions_attended(&self, participant: ParticipantId) -> StoreResult<Vec<SessionId>>;

    /// The channel where sessions are announced, set with `/setup announcement_channel`.
    async fn announcement_channel(&self, guild: GuildId) -> StoreResult<Option<ChannelId>>;
    /// Needs the server's settings to exist (`/setup` saves them first).
    async fn set_announcement_channel(
        &self,
        guild: GuildId,
        channel: Option<ChannelId>,
    ) -> StoreResult<()>;
    async fn circles(&self, guild: GuildId) -> StoreResult<Vec<Circle>>;
    /// Saves (or replaces) the circle of `circle.role` on its server.
    async fn save_circle(&self, circle: &Circle) -> StoreResult<()>;
}

/// Persistence of follow-ups.
#[async_trait]
pub trait FollowUpStore: Send + Sync {
    async fn add_followup(&self, new: &NewFollowUp) -> StoreResult<FollowUp>;
    /// Everyone enrolled, in enrolment order, with their role and the day of their latest
    /// follow-up (`None`: never), without loading the rest of what they enrolled with.
    async fn followup_roster(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<(UserId, ParticipantRole, Option<NaiveDate>)>>;
    /// The day of one participant's latest follow-up, if any.
    async fn last_followup(&self, participant: ParticipantId) -> StoreResult<Option<NaiveDate>>;
}

/// Persistence of tripartite meetings and their members' answers.
#[async_trait]
pub trait TripartiteStore: Send + Sync {
    async fn create_tripartite(&self, new: &NewTripartite) -> StoreResult<Tripartite>;
    async fn tripartite(&self, id: TripartiteId) -> StoreResult<Option<Tripartite>>;
    async fn tripartites_of_pair(&self, pair: PairId) -> StoreResult<Vec<Tripartite>>;
    async fn tripartites_of_programme(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<Tripartite>>;
    /// Records a member's answer once; `false` if they had already answered.
    async fn record_tripartite_answer(
        &self,
        id: TripartiteId,
        participant: ParticipantId,
        answer: TripartiteAnswer,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
    async fn tripartite_answers(
        &self,
        id: TripartiteId,
    ) -> StoreResult<Vec<(ParticipantId, TripartiteAnswer)>>;
    /// Moves the status from `from` to `to` atomically; `false` if it was no longer `from`
    /// (someone else decided first).
    async fn set_tripartite_status(
        &self,
        id: TripartiteId,
        from: TripartiteStatus,
        to: TripartiteStatus,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}

/// Persistence of the objective's time (never its content).
#[async_trait]
pub trait ObjectiveStore: Send + Sync {
    async fn set_objective_set_at(&self, pair: PairId, at: DateTime<Utc>) -> StoreResult<()>;
    /// The programme's pairs whose objective was set at least once.
    async fn pairs_with_objective(&self, programme: ProgrammeId) -> StoreResult<Vec<PairId>>;
}

/// A pair `/match suggest` proposed (as `/match move` adjusted it), and the pair
/// `/match confirm` created for it, once it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMatch {
    pub mentor: UserId,
    pub mentee: UserId,
    pub score: u32,
    pub pair: Option<PairId>,
}

#[async_trait]
pub trait MatchStore: Send + Sync {
    /// Replaces the programme's proposal with `matches` (none of them confirmed).
    async fn save_proposal(
        &self,
        programme: ProgrammeId,
        matches: &[StoredMatch],
    ) -> StoreResult<()>;
    /// The programme's proposal, by mentee.
    async fn proposal(&self, programme: ProgrammeId) -> StoreResult<Vec<StoredMatch>>;
    /// Records the pair created for `mentee`'s proposed pair.
    async fn match_confirmed(
        &self,
        programme: ProgrammeId,
        mentee: UserId,
        pair: PairId,
    ) -> StoreResult<()>;
    /// The (mentor, mentee) pairs of the server's programmes other than `programme`.
    async fn earlier_pairs(
        &self,
        guild: GuildId,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<(UserId, UserId)>>;
}

/// Persistence of self-enrolment requests (`/join`) until a coordinator decides.
#[async_trait]
pub trait JoinStore: Send + Sync {
    /// Records a pending request; `Conflict::AlreadyRequested` if the person already has one
    /// (pending or refused) for the programme.
    async fn add_join_request(&self, new: &NewJoinRequest) -> StoreResult<JoinRequest>;
    async fn join_request(
        &self,
        programme: ProgrammeId,
        user: UserId,
    ) -> StoreResult<Option<JoinRequest>>;
    /// The programme's pending requests, oldest first.
    async fn pending_join_requests(&self, programme: ProgrammeId) -> StoreResult<Vec<JoinRequest>>;
    /// Enrols the person and deletes their pending request in one transaction;
    /// `Conflict::RequestDecided` (and nothing changes) if no request of theirs is pending.
    async fn approve_join_request(&self, new: &NewParticipant) -> StoreResult<Participant>;
    /// Deletes the person's pending request (they were enrolled directly); `false` if there
    /// was none.
    async fn drop_pending_join_request(
        &self,
        programme: ProgrammeId,
        user: UserId,
    ) -> StoreResult<bool>;
    /// Marks a pending request refused; `false` if there was no pending request.
    async fn refuse_join_request(
        &self,
        programme: ProgrammeId,
        user: UserId,
        reason: RefusalReason,
        at: DateTime<Utc>,
    ) -> StoreResult<bool>;
}

// ----- sessions and circles on Discord -----------------------------------------------------

/// The Discord scheduled event of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionEventSpec {
    pub guild: GuildId,
    pub kind: SessionKind,
    pub programme_name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: Option<String>,
    /// The server's language, for the event's name and description.
    pub locale: Locale,
}

/// The announcement with the RSVP buttons, to post in each of `channels`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionAnnouncement {
    pub notice: SessionNotice,
    pub channels: Vec<ChannelId>,
    pub locale: Locale,
}

/// What Discord does for sessions.
#[async_trait]
pub trait SessionDiscord: Send + Sync {
    /// Creates the scheduled event; returns its id.
    async fn create_event(&self, spec: &SessionEventSpec) -> Result<u64, ChannelError>;
    async fn delete_event(&self, guild: GuildId, event: u64) -> Result<(), ChannelError>;
    /// Posts the announcement in each channel; one result per channel, in order.
    async fn announce(
        &self,
        announcement: &SessionAnnouncement,
    ) -> Vec<(ChannelId, Result<(), ChannelError>)>;
}

/// A circle channel to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CircleSpec {
    pub guild: GuildId,
    pub role: ParticipantRole,
    pub coordinator_role: RoleId,
    /// The server's language, for the channel's name.
    pub locale: Locale,
}

/// What Discord does for circles: a private channel per participant role, seen by the
/// coordinators and opened to participants through one Discord role each (Discord caps a
/// channel at 100 permission overwrites, so never one overwrite per person).
#[async_trait]
pub trait Circles: Send + Sync {
    /// Creates the circle's role, then its channel: `@everyone` denied, the circle role and
    /// the coordinator role allowed, the bot allowed to post.
    async fn create_circle(&self, spec: &CircleSpec) -> Result<(ChannelId, RoleId), ChannelError>;
    /// A circle made before circles had roles: creates its role and replaces the channel's
    /// per-person overwrites with the same four as [`Circles::create_circle`].
    async fn give_circle_a_role(
        &self,
        channel: ChannelId,
        spec: &CircleSpec,
    ) -> Result<RoleId, ChannelError>;
    /// Whether the channel still exists (someone may have deleted it by hand).
    async fn circle_exists(&self, channel: ChannelId) -> Result<bool, ChannelError>;
    /// Grants the circle's role: the user may see and write in the circle.
    async fn open_circle(
        &self,
        guild: GuildId,
        role: RoleId,
        user: UserId,
    ) -> Result<(), ChannelError>;
    /// Withdraws the circle's role (a member who left the server has nothing to withdraw).
    async fn close_circle(
        &self,
        guild: GuildId,
        role: RoleId,
        user: UserId,
    ) -> Result<(), ChannelError>;
}

// ----- channel overwrites (audit) ------------------------------------------------------------

/// Reading and writing a channel's overwrites on Discord.
#[async_trait]
pub trait ChannelOverwrites: Send + Sync {
    /// The bot's own user id (its overwrite is part of the rule).
    fn bot(&self) -> UserId;
    /// The channel's overwrites, or `None` when the channel no longer exists.
    async fn overwrites(
        &self,
        channel: ChannelId,
    ) -> Result<Option<Vec<OverwriteRule>>, ChannelError>;
    async fn put_overwrite(
        &self,
        channel: ChannelId,
        rule: &OverwriteRule,
    ) -> Result<(), ChannelError>;
    async fn remove_overwrite(
        &self,
        channel: ChannelId,
        target: OverwriteTarget,
    ) -> Result<(), ChannelError>;
}
