//! The time a pair's objective was last set (its content is never stored).

use super::{backend, SqliteStore};
use crate::app::ports::ObjectiveStore;
use crate::app::ports::StoreResult;
use crate::domain::{PairId, ProgrammeId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
impl ObjectiveStore for SqliteStore {
    async fn set_objective_set_at(&self, pair: PairId, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE pairs SET objective_set_at = $1 WHERE id = $2")
            .bind(at)
            .bind(pair.0)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn pairs_with_objective(&self, programme: ProgrammeId) -> StoreResult<Vec<PairId>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM pairs WHERE programme_id = $1 AND objective_set_at IS NOT NULL
             ORDER BY id",
        )
        .bind(programme.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(|(id,)| PairId(id)).collect())
    }
}
