//! Follow-ups.

use super::{backend, fetch_packed, parse_col, snowflake, unsnowflake, SqliteStore};
use crate::app::ports::{FollowUpStore, StoreResult};
use crate::domain::followup::{FollowUp, FollowUpKind, NewFollowUp};
use crate::domain::participant::ParticipantRole;
use crate::domain::{ParticipantId, ProgrammeId, UserId};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::SqlitePool;

fn parse_day(value: &str) -> StoreResult<NaiveDate> {
    parse_col("follow-up day", value, |s| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    })
}

#[derive(sqlx::FromRow)]
struct FollowUpRow {
    id: i64,
    participant_id: i64,
    met_on: String,
    kind: Option<String>,
    logged_by: i64,
    created_at: DateTime<Utc>,
}

impl FollowUpRow {
    fn into_domain(self) -> StoreResult<FollowUp> {
        Ok(FollowUp {
            id: self.id,
            participant_id: ParticipantId(self.participant_id),
            met_on: parse_day(&self.met_on)?,
            kind: self
                .kind
                .map(|k| parse_col("follow-up kind", &k, FollowUpKind::parse))
                .transpose()?,
            logged_by: UserId(unsnowflake(self.logged_by)),
            created_at: self.created_at,
        })
    }
}

async fn add_followup(pool: &SqlitePool, new: &NewFollowUp) -> StoreResult<FollowUp> {
    let row: FollowUpRow = sqlx::query_as(
        "INSERT INTO followups (participant_id, met_on, kind, logged_by, created_at)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING id, participant_id, met_on, kind, logged_by, created_at",
    )
    .bind(new.participant_id.0)
    .bind(new.met_on.format("%Y-%m-%d").to_string())
    .bind(new.kind.map(FollowUpKind::as_str))
    .bind(snowflake(new.logged_by.0))
    .bind(new.created_at)
    .fetch_one(pool)
    .await
    .map_err(backend)?;
    row.into_domain()
}

/// Packed (see `fetch_packed`): [user, role, day of the last follow-up or null] per
/// participant, in enrolment order; each participant's last day found through their index.
pub(super) const ROSTER: &str = "SELECT json_group_array(json_array(
         p.user_id, p.role,
         (SELECT MAX(f.met_on) FROM followups f WHERE f.participant_id = p.id))
         ORDER BY p.id)
     FROM participants p WHERE p.programme_id = $1";

async fn roster(
    pool: &SqlitePool,
    programme: ProgrammeId,
) -> StoreResult<Vec<(UserId, ParticipantRole, Option<NaiveDate>)>> {
    let rows: Vec<(i64, String, Option<String>)> = fetch_packed(pool, ROSTER, programme.0).await?;
    rows.into_iter()
        .map(|(user, role, day)| {
            Ok((
                UserId(unsnowflake(user)),
                parse_col("role", &role, ParticipantRole::parse)?,
                day.as_deref().map(parse_day).transpose()?,
            ))
        })
        .collect()
}

async fn last_followup(
    pool: &SqlitePool,
    participant: ParticipantId,
) -> StoreResult<Option<NaiveDate>> {
    let (day,): (Option<String>,) =
        sqlx::query_as("SELECT MAX(met_on) FROM followups WHERE participant_id = $1")
            .bind(participant.0)
            .fetch_one(pool)
            .await
            .map_err(backend)?;
    day.as_deref().map(parse_day).transpose()
}

#[async_trait]
impl FollowUpStore for SqliteStore {
    async fn add_followup(&self, new: &NewFollowUp) -> StoreResult<FollowUp> {
        add_followup(&self.pool, new).await
    }

    async fn followup_roster(
        &self,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<(UserId, ParticipantRole, Option<NaiveDate>)>> {
        roster(&self.pool, programme).await
    }

    async fn last_followup(&self, participant: ParticipantId) -> StoreResult<Option<NaiveDate>> {
        last_followup(&self.pool, participant).await
    }
}
