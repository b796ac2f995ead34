//! sqlx persistence, one module per aggregate. SQLite is the embedded default; the SQL is
//! kept portable (`$n` placeholders, no SQLite-only functions in queries) for PostgreSQL.

mod followups;
mod guilds;
mod jobs;
mod join;
mod ledger;
mod matching;
mod meetings;
mod objectives;
mod pairs;
mod participants;
mod posture;
mod programmes;
mod sessions;
mod tripartite;

use crate::app::ports::{Conflict, Store, StoreError, StoreResult};
use crate::domain::charter::SignOutcome;
use crate::domain::job::{Job, JobState, NewJob};
use crate::domain::meeting::{Meeting, MeetingStatus, NewMeeting};
use crate::domain::pair::{NewPair, Pair};
use crate::domain::participant::{NewParticipant, Participant};
use crate::domain::programme::{NewProgramme, Programme};
use crate::domain::setup::GuildSettings;
use crate::domain::{
    ChannelId, GuildId, JobId, Locale, MeetingId, PairId, ParticipantId, ProgrammeId, UserId,
};
use anyhow::Context as _;
use async_trait::async_trait;
use chrono::{DateTime, Duration as ChronoDuration, Utc};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection as _, SqlitePool};
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
        // A file database's log is copied back by `checkpoint_in_background`, not by whichever
        // command's commit crosses SQLite's threshold (which then waits for the copy and its
        // sync: the slowest pair commands were those).
        let options = if in_memory {
            options
        } else {
            options.pragma("wal_autocheckpoint", "0")
        };
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
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot open the database {url:?}"))?;
        MIGRATOR
            .run(&pool)
            .await
            .context("cannot apply the database migrations")?;
        if !in_memory {
            let connection = sqlx::SqliteConnection::connect_with(&options)
                .await
                .with_context(|| format!("cannot open the database {url:?}"))?;
            tokio::spawn(checkpoint_in_background(pool.clone(), connection));
        }
        Ok(Self { pool })
    }

    /// A fresh private in-memory database, migrated: one per test.
    pub async fn in_memory() -> anyhow::Result<Self> {
        Self::connect("sqlite::memory:", 1).await
    }

    /// The pool's connection limit (`database.max_connections`; one for `:memory:`).
    pub fn max_connections(&self) -> u32 {
        self.pool.options().get_max_connections()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// How often the write-ahead log is copied back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Copies the write-ahead log into the database every [`CHECKPOINT_EVERY`] on a connection of
/// its own, without blocking readers or writers (`PASSIVE`), until the pool closes. Commits
/// only append to the log; SQLite restarts the log once all of it has been copied.
async fn checkpoint_in_background(pool: SqlitePool, mut connection: sqlx::SqliteConnection) {
    let mut every = tokio::time::interval(CHECKPOINT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if pool.is_closed() {
            break;
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&mut connection)
            .await
        {
            tracing::warn!(error = %e, "database checkpoint failed; retried in a second");
        }
    }
    let _ = connection.close().await;
}

/// Asserts that SQLite answers `plan` (an `EXPLAIN QUERY PLAN …` with its bindings) through
/// an index search whose detail contains `search`, and scans no table or index.
#[cfg(test)]
pub(crate) async fn assert_searches<'q>(
    store: &SqliteStore,
    plan: sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    search: &str,
) {
    use sqlx::Row;
    let rows = plan.fetch_all(&store.pool).await.expect("query plan");
    let details: Vec<String> = rows.iter().map(|r| r.get::<String, _>(3)).collect();
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("SEARCH") && d.contains(search)),
        "{search}: {details:?}"
    );
    // Reading a subquery's own result back ("SCAN (subquery-1)") is not a table scan.
    assert!(
        !details
            .iter()
            .any(|d| d.starts_with("SCAN") && !d.starts_with("SCAN (subquery")),
        "{details:?}"
    );
}

/// The rows of `sql` for one key (`$1`), which its single row returns packed as one JSON array
/// of arrays (`json_group_array(json_array(…) ORDER BY …)`), each decoded as a `T` whose fields
/// come in the array's order. sqlx's SQLite driver hands rows from its worker thread to the
/// caller one at a time, a thread wake-up each: a full programme's thousands of rows come
/// faster as one document.
async fn fetch_packed<T: serde::de::DeserializeOwned>(
    pool: &SqlitePool,
    sql: &str,
    key: i64,
) -> StoreResult<Vec<T>> {
    let (packed,): (String,) = sqlx::query_as(sql)
        .bind(key)
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    unpack(&packed)
}

/// Decodes packed rows (see [`fetch_packed`]) from a query with other bindings.
fn unpack<T: serde::de::DeserializeOwned>(packed: &str) -> StoreResult<Vec<T>> {
    serde_json::from_str(packed)
        .map_err(|e| StoreError::Backend(anyhow::Error::new(e).context("packed rows")))
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

/// What a person said of themselves, as stored by participants and requests to join alike:
/// role, company, themes (a JSON array) and capacity.
fn stored_profile(
    role: &str,
    company: &str,
    themes: &str,
    capacity: i64,
) -> StoreResult<(
    crate::domain::participant::ParticipantRole,
    crate::domain::participant::CompanyName,
    crate::domain::programme::ThemeSet,
    u8,
)> {
    use crate::domain::participant::{CompanyName, ParticipantRole};
    let bad = |what: &str, e: String| StoreError::Backend(anyhow::anyhow!("stored {what}: {e}"));
    let names: Vec<String> =
        serde_json::from_str(themes).map_err(|e| bad("themes", e.to_string()))?;
    Ok((
        parse_col("role", role, ParticipantRole::parse)?,
        CompanyName::parse(company).map_err(|e| bad("company", e.to_string()))?,
        crate::domain::programme::ThemeSet::from_items(names.iter().map(String::as_str))
            .map_err(|e| bad("themes", e.to_string()))?,
        u8::try_from(capacity).map_err(|e| bad("capacity", e.to_string()))?,
    ))
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

    async fn programme(&self, id: ProgrammeId) -> StoreResult<Option<Programme>> {
        programmes::get(&self.pool, id).await
    }

    async fn add_participant(&self, new: &NewParticipant) -> StoreResult<Participant> {
        participants::add(&self.pool, new).await
    }

    async fn enrol_many(&self, new: &[NewParticipant]) -> StoreResult<usize> {
        participants::add_many(&self.pool, new).await
    }

    async fn participants(&self, programme: ProgrammeId) -> StoreResult<Vec<Participant>> {
        participants::list(&self.pool, programme).await
    }

    async fn count_participants(&self, programme: ProgrammeId) -> StoreResult<u64> {
        participants::count(&self.pool, programme).await
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

    async fn earliest_pair_created(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Option<DateTime<Utc>>> {
        pairs::earliest_created(&self.pool, programme).await
    }

    async fn pairs_of_participant(&self, participant: ParticipantId) -> StoreResult<Vec<Pair>> {
        pairs::of_participant(&self.pool, participant).await
    }

    async fn pair(&self, id: PairId) -> StoreResult<Option<Pair>> {
        pairs::get(&self.pool, id).await
    }

    async fn pair_by_channel(&self, channel: ChannelId) -> StoreResult<Option<Pair>> {
        pairs::by_channel(&self.pool, channel).await
    }

    async fn sign_charter(
        &self,
        pair: PairId,
        participant: ParticipantId,
        at: DateTime<Utc>,
    ) -> StoreResult<SignOutcome> {
        pairs::sign_charter(&self.pool, pair, participant, at).await
    }

    async fn create_meeting(&self, new: &NewMeeting) -> StoreResult<Meeting> {
        meetings::create(&self.pool, new).await
    }

    async fn meeting(&self, id: MeetingId) -> StoreResult<Option<Meeting>> {
        meetings::get(&self.pool, id).await
    }

    async fn meetings_of_pair(&self, pair: PairId) -> StoreResult<Vec<Meeting>> {
        meetings::of_pair(&self.pool, pair).await
    }

    async fn meetings_of_programme(&self, programme: ProgrammeId) -> StoreResult<Vec<Meeting>> {
        meetings::of_programme(&self.pool, programme).await
    }

    async fn last_held_meetings(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<(PairId, DateTime<Utc>)>> {
        meetings::last_held(&self.pool, programme).await
    }

    async fn pairs_meeting_between(
        &self,
        programme: ProgrammeId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<PairId>> {
        meetings::pairs_meeting_between(&self.pool, programme, from, to).await
    }

    async fn set_meeting_outcome(
        &self,
        id: MeetingId,
        status: MeetingStatus,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        meetings::set_outcome(&self.pool, id, status, at).await
    }

    async fn enqueue_job(&self, job: &NewJob, now: DateTime<Utc>) -> StoreResult<bool> {
        jobs::enqueue(&self.pool, job, now).await
    }

    async fn claim_due_jobs(
        &self,
        now: DateTime<Utc>,
        lease: ChronoDuration,
        limit: u32,
    ) -> StoreResult<Vec<Job>> {
        jobs::claim_due(&self.pool, now, lease, limit).await
    }

    async fn finish_job(
        &self,
        id: JobId,
        attempts: u32,
        state: JobState,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        jobs::finish(&self.pool, id, attempts, state, error, now).await
    }

    async fn retry_job(
        &self,
        id: JobId,
        attempts: u32,
        at: DateTime<Utc>,
        error: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<()> {
        jobs::retry(&self.pool, id, attempts, at, error, now).await
    }

    async fn cancel_jobs(&self, prefix: &str, now: DateTime<Utc>) -> StoreResult<u64> {
        jobs::cancel_prefix(&self.pool, prefix, now).await
    }

    async fn next_job_due(&self) -> StoreResult<Option<DateTime<Utc>>> {
        jobs::next_due(&self.pool).await
    }

    async fn count_jobs(&self, guild: GuildId, state: JobState) -> StoreResult<u64> {
        jobs::count_in_state(&self.pool, guild, state).await
    }

    async fn job_by_key(&self, key: &str) -> StoreResult<Option<Job>> {
        jobs::by_key(&self.pool, key).await
    }

    async fn delete_finished_jobs(
        &self,
        state: JobState,
        before: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<u64> {
        jobs::delete_finished(&self.pool, state, before, limit).await
    }

    async fn forget_delivered(&self, before: DateTime<Utc>, limit: u32) -> StoreResult<u64> {
        ledger::forget_before(&self.pool, before, limit).await
    }

    async fn record_posture_shown(
        &self,
        who: ParticipantId,
        prompt: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<()> {
        posture::record(&self.pool, who, prompt, at).await
    }

    async fn recent_postures(&self, who: ParticipantId, n: u32) -> StoreResult<Vec<String>> {
        posture::recent(&self.pool, who, n).await
    }
}

#[cfg(test)]
mod tests {
    use super::{
        assert_searches, followups, jobs, matching, meetings, pairs, participants, SqliteStore,
    };

    /// What a view reads of one programme (or one server, or one person) among every server's
    /// data is found by key: a full scan of any table or index would grow with the database,
    /// not with the programme.
    #[tokio::test]
    async fn a_programmes_rows_are_searched_by_key_never_scanned() {
        let store = SqliteStore::in_memory().await.unwrap();
        for (sql, params, search) in [
            (pairs::LIST, 1, "pairs_programme (programme_id=?)"),
            (participants::LIST, 1, "(programme_id=?)"),
            (pairs::OF_PARTICIPANT, 1, "pair_members_participant"),
            (pairs::EARLIEST, 1, "pairs_programme (programme_id=?)"),
            (
                meetings::OF_PROGRAMME,
                1,
                "pairs_programme (programme_id=?)",
            ),
            (
                followups::ROSTER,
                1,
                "followups_participant (participant_id=?)",
            ),
            (matching::PROPOSAL, 1, "(programme_id=?)"),
            (matching::EARLIER, 2, "programmes_guild (guild_id=?)"),
            (
                jobs::COUNT_IN_STATE,
                2,
                "jobs_guild_state (guild_id=? AND state=?)",
            ),
        ] {
            let explain = format!("EXPLAIN QUERY PLAN {sql}");
            let mut query = sqlx::query(&explain);
            for n in 0..params {
                query = query.bind(n as i64);
            }
            assert_searches(&store, query, search).await;
        }
    }

    /// A commit only appends to the write-ahead log (SQLite's automatic checkpoint is off on
    /// every connection); the background task copies it into the database file.
    #[tokio::test]
    async fn the_log_is_copied_into_the_database_in_the_background_not_by_a_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("binome.db");
        let url = format!("sqlite://{}", path.display());
        let store = SqliteStore::connect(&url, 2).await.unwrap();
        let (auto,): (i64,) = sqlx::query_as("PRAGMA wal_autocheckpoint")
            .fetch_one(&store.pool)
            .await
            .unwrap();
        assert_eq!(auto, 0, "no commit pays for a checkpoint");
        sqlx::query("CREATE TABLE scratch (bytes BLOB)")
            .execute(&store.pool)
            .await
            .unwrap();
        let four_mb = 4 * 1024 * 1024;
        sqlx::query("INSERT INTO scratch VALUES (zeroblob($1))")
            .bind(four_mb)
            .execute(&store.pool)
            .await
            .unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::fs::metadata(&path).unwrap().len() < four_mb as u64 {
            assert!(
                std::time::Instant::now() < deadline,
                "the log was never copied into the database"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        store.close().await;
    }
}
