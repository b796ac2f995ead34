//! sqlx persistence, one module per aggregate. SQLite is the embedded default; the SQL is
//! kept portable (`$n` placeholders, no SQLite-only functions in queries) for PostgreSQL.

mod guilds;
mod pairs;
mod participants;
mod programmes;

use crate::app::ports::{Conflict, Store, StoreError, StoreResult};
use crate::domain::charter::SignOutcome;
use crate::domain::pair::{NewPair, Pair};
use crate::domain::participant::{NewParticipant, Participant};
use crate::domain::programme::{NewProgramme, Programme};
use crate::domain::setup::GuildSettings;
use crate::domain::{GuildId, Locale, PairId, ParticipantId, ProgrammeId, UserId};
use anyhow::Context as _;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating it if missing) and migrates the database at `url`,
    /// e.g. `sqlite://binome.db` or `sqlite::memory:`.
    pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("invalid database url {url:?}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            // Each connection to `:memory:` is a different database: keep exactly one.
            .max_connections(if in_memory { 1 } else { max_connections.max(1) })
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(if in_memory {
                None
            } else {
                Some(Duration::from_secs(600))
            })
            .max_lifetime(if in_memory {
                None
            } else {
                Some(Duration::from_secs(3600))
            })
            .connect_with(options)
            .await
            .with_context(|| format!("cannot open the database {url:?}"))?;
        MIGRATOR
            .run(&pool)
            .await
            .context("cannot apply the database migrations")?;
        Ok(Self { pool })
    }

    /// A fresh private in-memory database, migrated: one per test.
    pub async fn in_memory() -> anyhow::Result<Self> {
        Self::connect("sqlite::memory:", 1).await
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Any sqlx failure that is not a rule we map is a backend failure.
fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(anyhow::Error::new(e))
}

/// Maps a unique-constraint violation to the domain conflict it stands for.
fn unique_or(e: sqlx::Error, conflict: Conflict) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(conflict),
        _ => backend(e),
    }
}

fn snowflake(id: u64) -> i64 {
    // Discord ids fit in 63 bits; the cast keeps the bits either way.
    id as i64
}

fn unsnowflake(id: i64) -> u64 {
    id as u64
}

fn parse_col<T>(what: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> StoreResult<T> {
    parse(value).ok_or_else(|| {
        StoreError::Backend(anyhow::anyhow!(
            "unexpected {what} {value:?} in the database"
        ))
    })
}

#[async_trait]
impl Store for SqliteStore {
    async fn guild_settings(&self, guild: GuildId) -> StoreResult<Option<GuildSettings>> {
        guilds::get(&self.pool, guild).await
    }

    async fn save_guild_settings(&self, settings: &GuildSettings) -> StoreResult<()> {
        guilds::save(&self.pool, settings).await
    }

    async fn create_programme(&self, new: &NewProgramme) -> StoreResult<Programme> {
        programmes::create(&self.pool, new).await
    }

    async fn active_programme(&self, guild: GuildId) -> StoreResult<Option<Programme>> {
        programmes::active(&self.pool, guild).await
    }

    async fn close_programme(&self, id: ProgrammeId, at: DateTime<Utc>) -> StoreResult<()> {
        programmes::close(&self.pool, id, at).await
    }

    async fn add_participant(&self, new: &NewParticipant) -> StoreResult<Participant> {
        participants::add(&self.pool, new).await
    }

    async fn participants(&self, programme: ProgrammeId) -> StoreResult<Vec<Participant>> {
        participants::list(&self.pool, programme).await
    }

    async fn participant_by_user(
        &self,
        programme: ProgrammeId,
        user: UserId,
    ) -> StoreResult<Option<Participant>> {
        participants::by_user(&self.pool, programme, user).await
    }

    async fn set_participant_locale(&self, id: ParticipantId, locale: Locale) -> StoreResult<()> {
        participants::set_locale(&self.pool, id, locale).await
    }

    async fn remove_participant(&self, id: ParticipantId) -> StoreResult<bool> {
        participants::remove(&self.pool, id).await
    }

    async fn create_pair(&self, new: &NewPair) -> StoreResult<Pair> {
        pairs::create(&self.pool, new).await
    }

    async fn pairs(&self, programme: ProgrammeId) -> StoreResult<Vec<Pair>> {
        pairs::list(&self.pool, programme).await
    }

    async fn pair(&self, id: PairId) -> StoreResult<Option<Pair>> {
        pairs::get(&self.pool, id).await
    }

    async fn sign_charter(
        &self,
        pair: PairId,
        participant: ParticipantId,
        at: DateTime<Utc>,
    ) -> StoreResult<SignOutcome> {
        pairs::sign_charter(&self.pool, pair, participant, at).await
    }
}
