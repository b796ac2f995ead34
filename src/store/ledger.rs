use super::{backend, SqliteStore};
use crate::app::ports::{DeliveryLedger, StoreResult};
use async_trait::async_trait;

#[async_trait]
impl DeliveryLedger for SqliteStore {
    async fn delivered(&self, nonce: &str) -> StoreResult<bool> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT nonce FROM delivered_nonces WHERE nonce = $1")
                .bind(nonce)
                .fetch_optional(&self.pool)
                .await
                .map_err(backend)?;
        Ok(row.is_some())
    }

    async fn record_delivered(&self, nonce: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO delivered_nonces (nonce, delivered_at) VALUES ($1, $2)
             ON CONFLICT (nonce) DO NOTHING",
        )
        .bind(nonce)
        .bind(chrono::Utc::now())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }
}

/// One batch of nonces past the ledger's retention: the subquery walks the age index for at
/// most `$2` nonces, the delete reaches each by its key.
const FORGET_BEFORE: &str = "DELETE FROM delivered_nonces WHERE nonce IN (
     SELECT nonce FROM delivered_nonces WHERE delivered_at < $1 LIMIT $2)";

pub(super) async fn forget_before(
    pool: &sqlx::SqlitePool,
    before: chrono::DateTime<chrono::Utc>,
    limit: u32,
) -> StoreResult<u64> {
    let done = sqlx::query(FORGET_BEFORE)
        .bind(before)
        .bind(i64::from(limit))
        .execute(pool)
        .await
        .map_err(backend)?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::FORGET_BEFORE;
    use crate::store::{assert_searches, SqliteStore};

    /// A batch of the housekeeping reads only the nonces it forgets.
    #[tokio::test]
    async fn forgetting_old_nonces_walks_the_age_index() {
        let store = SqliteStore::in_memory().await.unwrap();
        let plan = format!("EXPLAIN QUERY PLAN {FORGET_BEFORE}");
        let query = sqlx::query(&plan).bind(chrono::Utc::now()).bind(500_i64);
        assert_searches(&store, query, "delivered_nonces_age (delivered_at<?)").await;
    }
}
