//! What the use cases need from the outside world, as small traits: the store and the
//! Discord-side channel operations. No SQL or Discord type crosses these signatures.

use crate::domain::charter::SignOutcome;
use crate::domain::job::{Job, JobState, NewJob};
use crate::domain::meeting::{Meeting, MeetingStatus, NewMeeting};
use crate::domain::pair::{NewPair, Pair};
use crate::domain::participant::{NewParticipant, Participant};
use crate::domain::programme::{NewProgramme, Programme};
use crate::domain::setup::GuildSettings;
use crate::domain::{
    ChannelId, GuildId, JobId, Locale, MeetingId, PairId, ParticipantId, ProgrammeId, RoleId,
    UserId,
};
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

/// A uniqueness rule the store enforces atomically.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    /// The server already has a programme running.
    ActiveProgrammeExists,
    /// This person is already enrolled in the programme.
    AlreadyEnrolled,
    /// One of the members joined another open pair in the meantime.
    MemberAlreadyPaired,
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
/// trait of its own (declared in its `app` module, implemented in its `store` module), listed
/// here as a supertrait so `Arc<dyn Store>` offers them all.
#[async_trait]
pub trait Store:
    super::sessions::SessionStore
    + super::followups::FollowUpStore
    + super::objectives::ObjectiveStore
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
    async fn participants(&self, programme: ProgrammeId) -> StoreResult<Vec<Participant>>;
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
}
