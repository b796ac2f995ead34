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
