use super::backend;
use crate::app::ports::StoreResult;
use crate::domain::ParticipantId;
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

pub(super) async fn record(
    pool: &SqlitePool,
    who: ParticipantId,
    prompt: &str,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO posture_history (participant_id, prompt_id, shown_at) VALUES ($1, $2, $3)",
    )
    .bind(who.0)
    .bind(prompt)
    .bind(at)
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(())
}

/// The last `n` prompt ids shown, oldest first.
pub(super) async fn recent(
    pool: &SqlitePool,
    who: ParticipantId,
    n: u32,
) -> StoreResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT prompt_id FROM posture_history WHERE participant_id = $1
         ORDER BY shown_at DESC, rowid DESC LIMIT $2",
    )
    .bind(who.0)
    .bind(i64::from(n))
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    Ok(rows.into_iter().rev().map(|r| r.0).collect())
}
