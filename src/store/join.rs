//! Self-enrolment requests (`join_requests`).

use super::{
    backend, parse_col, participants, snowflake, stored_profile, unique_or, unsnowflake,
    SqliteStore,
};
use crate::app::ports::{Conflict, JoinStore, StoreError, StoreResult};
use crate::domain::join::{JoinRequest, JoinStatus, NewJoinRequest, RefusalReason};
use crate::domain::participant::{NewParticipant, Participant};
use crate::domain::{ProgrammeId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

const COLUMNS: &str = "programme_id, user_id, role, company, themes, capacity, notice_version, \
     consented_at, requested_at, status, refusal, decided_at";

#[derive(sqlx::FromRow)]
struct Row {
    programme_id: i64,
    user_id: i64,
    role: String,
    company: String,
    themes: String,
    capacity: i64,
    notice_version: i64,
    consented_at: DateTime<Utc>,
    requested_at: DateTime<Utc>,
    status: String,
    refusal: Option<String>,
    decided_at: Option<DateTime<Utc>>,
}

impl Row {
    fn into_domain(self) -> StoreResult<JoinRequest> {
        let bad =
            |what: &str, e: String| StoreError::Backend(anyhow::anyhow!("stored {what}: {e}"));
        let (role, company, themes, capacity) =
            stored_profile(&self.role, &self.company, &self.themes, self.capacity)?;
        let status = match (self.status.as_str(), self.refusal.as_deref()) {
            ("pending", _) => JoinStatus::Pending,
            ("refused", Some(r)) => {
                JoinStatus::Refused(parse_col("refusal", r, RefusalReason::parse)?)
            }
            (other, _) => return Err(bad("join status", other.to_owned())),
        };
        Ok(JoinRequest {
            programme_id: ProgrammeId(self.programme_id),
            user_id: UserId(unsnowflake(self.user_id)),
            role,
            company,
            themes,
            capacity,
            notice_version: u32::try_from(self.notice_version)
                .map_err(|e| bad("notice version", e.to_string()))?,
            consented_at: self.consented_at,
            requested_at: self.requested_at,
            status,
            decided_at: self.decided_at,
        })
    }
}

#[async_trait]
impl JoinStore for SqliteStore {
    async fn add_join_request(&self, new: &NewJoinRequest) -> StoreResult<JoinRequest> {
        let themes = serde_json::to_string(&new.themes.names())
            .map_err(|e| StoreError::Backend(anyhow::Error::new(e)))?;
        let row: Row = sqlx::query_as(&format!(
            "INSERT INTO join_requests (programme_id, user_id, role, company, themes, capacity, \
             notice_version, consented_at, requested_at, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending') RETURNING {COLUMNS}"
        ))
        .bind(new.programme_id.0)
        .bind(snowflake(new.user_id.0))
        .bind(new.role.as_str())
        .bind(new.company.as_str().to_owned())
        .bind(themes)
        .bind(i64::from(new.capacity))
        .bind(i64::from(new.notice_version))
        .bind(new.consented_at)
        .bind(new.requested_at)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| unique_or(e, Conflict::AlreadyRequested))?;
        row.into_domain()
    }

    async fn join_request(
        &self,
        programme: ProgrammeId,
        user: UserId,
    ) -> StoreResult<Option<JoinRequest>> {
        let row: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM join_requests WHERE programme_id = $1 AND user_id = $2"
        ))
        .bind(programme.0)
        .bind(snowflake(user.0))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        row.map(Row::into_domain).transpose()
    }

    async fn pending_join_requests(&self, programme: ProgrammeId) -> StoreResult<Vec<JoinRequest>> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM join_requests WHERE programme_id = $1 AND status = 'pending' \
             ORDER BY requested_at, user_id"
        ))
        .bind(programme.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(Row::into_domain).collect()
    }

    async fn approve_join_request(&self, new: &NewParticipant) -> StoreResult<Participant> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        let deleted = sqlx::query(
            "DELETE FROM join_requests \
             WHERE programme_id = $1 AND user_id = $2 AND status = 'pending'",
        )
        .bind(new.programme_id.0)
        .bind(snowflake(new.user_id.0))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if deleted.rows_affected() == 0 {
            // Refused (or approved) by someone else in the meantime: nothing changes.
            return Err(StoreError::Conflict(Conflict::RequestDecided));
        }
        let participant = participants::add_in(&mut tx, new).await?;
        tx.commit().await.map_err(backend)?;
        Ok(participant)
    }

    async fn drop_pending_join_request(
        &self,
        programme: ProgrammeId,
        user: UserId,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "DELETE FROM join_requests \
             WHERE programme_id = $1 AND user_id = $2 AND status = 'pending'",
        )
        .bind(programme.0)
        .bind(snowflake(user.0))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() > 0)
    }

    async fn refuse_join_request(
        &self,
        programme: ProgrammeId,
        user: UserId,
        reason: RefusalReason,
        at: DateTime<Utc>,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE join_requests SET status = 'refused', refusal = $1, decided_at = $2 \
             WHERE programme_id = $3 AND user_id = $4 AND status = 'pending'",
        )
        .bind(reason.as_str())
        .bind(at)
        .bind(programme.0)
        .bind(snowflake(user.0))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() > 0)
    }
}
