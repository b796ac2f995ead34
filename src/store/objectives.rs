//! The time a pair's objective was last set (its content is never stored).

use super::{backend, fetch_packed, SqliteStore};
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
        let ids: Vec<i64> = fetch_packed(
            &self.pool,
            "SELECT json_group_array(id ORDER BY id) FROM pairs
             WHERE programme_id = $1 AND objective_set_at IS NOT NULL",
            programme.0,
        )
        .await?;
        Ok(ids.into_iter().map(PairId).collect())
    }
}
