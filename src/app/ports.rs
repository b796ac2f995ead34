//! What the use cases need from the outside world, as small traits: the store and the
//! Discord-side channel operations. No SQL or Discord type crosses these signatures.

use crate::domain::charter::SignOutcome;
use crate::domain::pair::{NewPair, Pair};
use crate::domain::participant::{NewParticipant, Participant};
use crate::domain::programme::{NewProgramme, Programme};
use crate::domain::setup::GuildSettings;
use crate::domain::{
    ChannelId, GuildId, Locale, PairId, ParticipantId, ProgrammeId, RoleId, UserId,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

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

#[async_trait]
pub trait Store: Send + Sync {
    async fn guild_settings(&self, guild: GuildId) -> StoreResult<Option<GuildSettings>>;
    async fn save_guild_settings(&self, settings: &GuildSettings) -> StoreResult<()>;

    async fn create_programme(&self, new: &NewProgramme) -> StoreResult<Programme>;
    async fn active_programme(&self, guild: GuildId) -> StoreResult<Option<Programme>>;
    async fn close_programme(&self, id: ProgrammeId, at: DateTime<Utc>) -> StoreResult<()>;

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

    /// Records the member's signature once; a second call returns the first time.
    async fn sign_charter(
        &self,
        pair: PairId,
        participant: ParticipantId,
        at: DateTime<Utc>,
    ) -> StoreResult<SignOutcome>;
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
