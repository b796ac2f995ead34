//! Tripartite meetings and their members' answers.

use super::{backend, parse_col, snowflake, unsnowflake, SqliteStore};
use crate::app::ports::{StoreError, StoreResult, TripartiteStore};
use crate::domain::tripartite::{
    NewTripartite, Tripartite, TripartiteAnswer, TripartiteId, TripartiteStatus,
};
use crate::domain::{PairId, ParticipantId, ProgrammeId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

const TRIPARTITE_COLUMNS: &str = "t.id, t.pair_id, t.proposer_id, t.starts_at, t.duration_minutes, t.status, t.created_at, t.decided_at, t.outcome_at";

#[derive(sqlx::FromRow)]
struct TripartiteRow {
    id: i64,
    pair_id: i64,
    proposer_id: i64,
    starts_at: DateTime<Utc>,
    duration_minutes: i64,
    status: String,
    created_at: DateTime<Utc>,
    decided_at: Option<DateTime<Utc>>,
    outcome_at: Option<DateTime<Utc>>,
}

impl TripartiteRow {
    fn into_domain(self) -> StoreResult<Tripartite> {
        Ok(Tripartite {
            id: TripartiteId(self.id),
            pair_id: PairId(self.pair_id),
            proposer: UserId(unsnowflake(self.proposer_id)),
            starts_at: self.starts_at,
            duration_minutes: u32::try_from(self.duration_minutes)
                .map_err(|e| StoreError::Backend(anyhow::Error::new(e)))?,
            status: parse_col("tripartite status", &self.status, TripartiteStatus::parse)?,
            created_at: self.created_at,
            decided_at: self.decided_at,
            outcome_at: self.outcome_at,
        })
    }
}

async fn create_tripartite(pool: &SqlitePool, new: &NewTripartite) -> StoreResult<Tripartite> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO tripartites (pair_id, proposer_id, starts_at, duration_minutes, status, created_at)
         VALUES ($1, $2, $3, $4, 'proposed', $5) RETURNING id",
    )
    .bind(new.pair_id.0)
    .bind(snowflake(new.proposer.0))
    .bind(new.starts_at)
    .bind(i64::from(new.duration_minutes))
    .bind(new.created_at)
    .fetch_one(pool)
    .await
    .map_err(backend)?;
    tripartite(pool, TripartiteId(id)).await?.ok_or_else(|| {
        StoreError::Backend(anyhow::anyhow!("tripartite {id} vanished after insert"))
    })
}

async fn tripartite(pool: &SqlitePool, id: TripartiteId) -> StoreResult<Option<Tripartite>> {
    let row: Option<TripartiteRow> = sqlx::query_as(&format!(
        "SELECT {TRIPARTITE_COLUMNS} FROM tripartites t WHERE t.id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    row.map(TripartiteRow::into_domain).transpose()
}

async fn tripartites_of_pair(pool: &SqlitePool, pair: PairId) -> StoreResult<Vec<Tripartite>> {
    let rows: Vec<TripartiteRow> = sqlx::query_as(&format!(
        "SELECT {TRIPARTITE_COLUMNS} FROM tripartites t WHERE t.pair_id = $1
         ORDER BY t.starts_at, t.id"
    ))
    .bind(pair.0)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.into_iter().map(TripartiteRow::into_domain).collect()
}

async fn tripartites_of_programme(
    pool: &SqlitePool,
    programme: ProgrammeId,
) -> StoreResult<Vec<Tripartite>> {
    let rows: Vec<TripartiteRow> = sqlx::query_as(&format!(
        "SELECT {TRIPARTITE_COLUMNS} FROM tripartites t JOIN pairs p ON p.id = t.pair_id
         WHERE p.programme_id = $1 ORDER BY t.starts_at, t.id"
    ))
    .bind(programme.0)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.into_iter().map(TripartiteRow::into_domain).collect()
}

async fn record_answer(
    pool: &SqlitePool,
    id: TripartiteId,
    participant: ParticipantId,
    answer: TripartiteAnswer,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "INSERT INTO tripartite_answers (tripartite_id, participant_id, answer, answered_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (tripartite_id, participant_id) DO NOTHING",
    )
    .bind(id.0)
    .bind(participant.0)
    .bind(answer.as_str())
    .bind(at)
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(done.rows_affected() == 1)
}

async fn answers(
    pool: &SqlitePool,
    id: TripartiteId,
) -> StoreResult<Vec<(ParticipantId, TripartiteAnswer)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT participant_id, answer FROM tripartite_answers
         WHERE tripartite_id = $1 ORDER BY answered_at, participant_id",
    )
    .bind(id.0)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.into_iter()
        .map(|(who, a)| {
            Ok((
                ParticipantId(who),
                parse_col("tripartite answer", &a, TripartiteAnswer::parse)?,
            ))
        })
        .collect()
}

async fn set_status(
    pool: &SqlitePool,
    id: TripartiteId,
    from: TripartiteStatus,
    to: TripartiteStatus,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    // Held / not held is the outcome; every other move is the decision.
    let column = match to {
        TripartiteStatus::Held | TripartiteStatus::NotHeld => "outcome_at",
        _ => "decided_at",
    };
    let done = sqlx::query(&format!(
        "UPDATE tripartites SET status = $1, {column} = $2 WHERE id = $3 AND status = $4"
    ))
    .bind(to.as_str())
    .bind(at)
    .bind(id.0)
    .bind(from.as_str())
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(done.rows_affected() == 1)
}

#[async_trait]
impl TripartiteStore for SqliteStore {
    async fn create_tripartite(&self, new: &NewTripartite) -> StoreResult<Tripartite> {
        create_tripartite(&self.pool, new).await
    }

    async fn tripartite(&self, id: TripartiteId) -> StoreResult<Option<Tripartite>> {
        tripartite(&self.pool, id).await
    }

    async fn tripartites_of_pair(&self, pair: PairId) -> StoreResult<Vec<Tripartite>> {
        tripartites_of_pair(&self.pool, pair).await
    }

    async fn tripartites_of_programme(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<Tripartite>> {
        tripartites_of_programme(&self.pool, programme).await
    }

    async fn record_tripartite_answer(
        &self,
        id: TripartiteId,
        participant: ParticipantId,
        answer: TripartiteAnswer,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        record_answer(&self.pool, id, participant, answer, at).await
    }

    async fn tripartite_answers(
        &self,
        id: TripartiteId,
    ) -> StoreResult<Vec<(ParticipantId, TripartiteAnswer)>> {
        answers(&self.pool, id).await
    }

    async fn set_tripartite_status(
        &self,
        id: TripartiteId,
        from: TripartiteStatus,
        to: TripartiteStatus,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        set_status(&self.pool, id, from, to, at).await
    }
}
