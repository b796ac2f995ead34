use super::{backend, parse_col, snowflake, unsnowflake};
use crate::app::ports::{StoreError, StoreResult};
use crate::domain::job::{Job, JobPayload, JobState, NewJob};
use crate::domain::{GuildId, JobId};
use chrono::{DateTime, Duration, Utc};
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    guild_id: i64,
    due_at: DateTime<Utc>,
    payload: String,
    idempotency_key: String,
    state: String,
    attempts: i64,
    expires_at: Option<DateTime<Utc>>,
}

impl Row {
    fn into_domain(self) -> StoreResult<Job> {
        let payload: JobPayload = serde_json::from_str(&self.payload)
            .map_err(|e| StoreError::Backend(anyhow::Error::new(e).context("job payload")))?;
        Ok(Job {
            id: JobId(self.id),
            guild_id: GuildId(unsnowflake(self.guild_id)),
            due_at: self.due_at,
            payload,
            idempotency_key: self.idempotency_key,
            state: parse_col("job state", &self.state, JobState::parse)?,
            attempts: u32::try_from(self.attempts).unwrap_or(u32::MAX),
            expires_at: self.expires_at,
        })
    }
}

pub(super) async fn enqueue(
    pool: &SqlitePool,
    job: &NewJob,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let payload = serde_json::to_string(&job.payload)
        .map_err(|e| StoreError::Backend(anyhow::Error::new(e)))?;
    let done = sqlx::query(
        "INSERT INTO jobs (guild_id, kind, payload, idempotency_key, due_at, expires_at, state, attempts, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7)
         ON CONFLICT (idempotency_key) DO NOTHING",
    )
    .bind(snowflake(job.guild_id.0))
    .bind(job.payload.kind())
    .bind(payload)
    .bind(&job.idempotency_key)
    .bind(job.due_at)
    .bind(job.expires_at)
    .bind(now)
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(done.rows_affected() == 1)
}

/// Claims due jobs, and running jobs whose lease expired (their worker died), in one atomic
/// statement: a claimed job is leased to this caller until `now + lease`.
pub(super) async fn claim_due(
    pool: &SqlitePool,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u32,
) -> StoreResult<Vec<Job>> {
    let rows: Vec<Row> = sqlx::query_as(
        "UPDATE jobs SET state = 'running', lease_until = $1, attempts = attempts + 1, updated_at = $2
         WHERE id IN (
             SELECT id FROM jobs
             WHERE due_at <= $2 AND (state = 'pending' OR (state = 'running' AND lease_until < $2))
             ORDER BY due_at, id LIMIT $3)
         RETURNING id, guild_id, due_at, payload, idempotency_key, state, attempts, expires_at",
    )
    .bind(now + lease)
    .bind(now)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    let mut jobs = rows
        .into_iter()
        .map(Row::into_domain)
        .collect::<StoreResult<Vec<_>>>()?;
    jobs.sort_by_key(|j| (j.due_at, j.id));
    Ok(jobs)
}

/// The `state = 'running' AND attempts = …` guard: a worker whose lease expired and was
/// taken over by another claim cannot overwrite the newer claim's result.
pub(super) async fn finish(
    pool: &SqlitePool,
    id: JobId,
    attempts: u32,
    state: JobState,
    error: Option<&str>,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE jobs SET state = $1, lease_until = NULL, last_error = $2, updated_at = $3
         WHERE id = $4 AND state = 'running' AND attempts = $5",
    )
    .bind(state.as_str())
    .bind(error)
    .bind(now)
    .bind(id.0)
    .bind(i64::from(attempts))
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(())
}

pub(super) async fn retry(
    pool: &SqlitePool,
    id: JobId,
    attempts: u32,
    at: DateTime<Utc>,
    error: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE jobs SET state = 'pending', due_at = $1, lease_until = NULL, last_error = $2, updated_at = $3
         WHERE id = $4 AND state = 'running' AND attempts = $5",
    )
    .bind(at)
    .bind(error)
    .bind(now)
    .bind(id.0)
    .bind(i64::from(attempts))
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(())
}

/// Cancels the pending jobs whose key starts with `prefix`. A range on the key (`>= prefix`
/// and `< prefix` followed by the highest character) rather than `LIKE`, so SQLite walks the
/// key's unique index instead of scanning every job: keys are ASCII and compared bytewise.
/// `+state` keeps the planner off the (state, due_at) index, which would visit every pending
/// job of every server.
const CANCEL_PREFIX: &str =
    "UPDATE jobs SET state = 'cancelled', lease_until = NULL, updated_at = $1
     WHERE idempotency_key >= $2 AND idempotency_key < $3 AND +state = 'pending'";

pub(super) async fn cancel_prefix(
    pool: &SqlitePool,
    prefix: &str,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let done = sqlx::query(CANCEL_PREFIX)
        .bind(now)
        .bind(prefix)
        .bind(format!("{prefix}{}", char::MAX))
        .execute(pool)
        .await
        .map_err(backend)?;
    Ok(done.rows_affected())
}

pub(super) async fn next_due(pool: &SqlitePool) -> StoreResult<Option<DateTime<Utc>>> {
    let row: Option<(DateTime<Utc>,)> =
        sqlx::query_as("SELECT due_at FROM jobs WHERE state = 'pending' ORDER BY due_at LIMIT 1")
            .fetch_optional(pool)
            .await
            .map_err(backend)?;
    let lease: Option<(DateTime<Utc>,)> = sqlx::query_as(
        "SELECT lease_until FROM jobs WHERE state = 'running' AND lease_until IS NOT NULL
         ORDER BY lease_until LIMIT 1",
    )
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    Ok([row.map(|r| r.0), lease.map(|r| r.0)]
        .into_iter()
        .flatten()
        .min())
}

/// How many of one server's jobs are in a state.
pub(super) const COUNT_IN_STATE: &str =
    "SELECT COUNT(*) FROM jobs WHERE guild_id = $1 AND state = $2";

pub(super) async fn count_in_state(
    pool: &SqlitePool,
    guild: GuildId,
    state: JobState,
) -> StoreResult<u64> {
    let (n,): (i64,) = sqlx::query_as(COUNT_IN_STATE)
        .bind(snowflake(guild.0))
        .bind(state.as_str())
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub(super) async fn by_key(pool: &SqlitePool, key: &str) -> StoreResult<Option<Job>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, guild_id, due_at, payload, idempotency_key, state, attempts, expires_at
         FROM jobs WHERE idempotency_key = $1",
    )
    .bind(key)
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    row.map(Row::into_domain).transpose()
}

/// One batch of finished jobs past their retention: the subquery walks the (state,
/// updated_at) index for at most `$3` ids, the delete reaches each by its key.
const DELETE_FINISHED: &str = "DELETE FROM jobs WHERE id IN (
     SELECT id FROM jobs WHERE state = $1 AND updated_at < $2 LIMIT $3)";

pub(super) async fn delete_finished(
    pool: &SqlitePool,
    state: JobState,
    before: DateTime<Utc>,
    limit: u32,
) -> StoreResult<u64> {
    if !state.is_finished() {
        return Ok(0);
    }
    let done = sqlx::query(DELETE_FINISHED)
        .bind(state.as_str())
        .bind(before)
        .bind(i64::from(limit))
        .execute(pool)
        .await
        .map_err(backend)?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::{CANCEL_PREFIX, DELETE_FINISHED};
    use crate::store::{assert_searches, SqliteStore};

    /// Cancelling a meeting's or a session's jobs must not read every job of every server.
    #[tokio::test]
    async fn cancelling_by_prefix_walks_the_key_index() {
        let store = SqliteStore::in_memory().await.unwrap();
        let plan = format!("EXPLAIN QUERY PLAN {CANCEL_PREFIX}");
        let query = sqlx::query(&plan)
            .bind(chrono::Utc::now())
            .bind("meeting:1:")
            .bind(format!("meeting:1:{}", char::MAX));
        assert_searches(&store, query, "(idempotency_key>? AND idempotency_key<?)").await;
    }

    /// A batch of the housekeeping reads only the finished jobs it deletes.
    #[tokio::test]
    async fn deleting_finished_jobs_walks_the_state_and_age_index() {
        let store = SqliteStore::in_memory().await.unwrap();
        let plan = format!("EXPLAIN QUERY PLAN {DELETE_FINISHED}");
        let query = sqlx::query(&plan)
            .bind("done")
            .bind(chrono::Utc::now())
            .bind(500_i64);
        assert_searches(&store, query, "jobs_finished (state=? AND updated_at<?)").await;
    }
}
