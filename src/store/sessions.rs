//! Collective sessions, answers and presences; the announcement channel and the circles.

use super::{backend, fetch_packed, parse_col, snowflake, unsnowflake, SqliteStore};
use crate::app::ports::{Circle, SessionStore};
use crate::app::ports::{StoreError, StoreResult};
use crate::domain::participant::ParticipantRole;
use crate::domain::session::{
    AttendanceSource, NewSession, Place, PresenceOutcome, Rsvp, Session, SessionAttendance,
    SessionId, SessionKind, SessionRsvp, SessionStatus,
};
use crate::domain::{ChannelId, GuildId, ParticipantId, ProgrammeId, RoleId};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

const COLUMNS: &str =
    "id, programme_id, kind, starts_at, ends_at, place, discord_event_id, status, created_at";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    programme_id: i64,
    kind: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    place: Option<String>,
    discord_event_id: Option<i64>,
    status: String,
    created_at: DateTime<Utc>,
}

impl Row {
    fn into_domain(self) -> StoreResult<Session> {
        let place = match self.place.as_deref() {
            Some(p) => Place::parse(p)
                .map_err(|e| StoreError::Backend(anyhow::anyhow!("stored place: {e}")))?,
            None => None,
        };
        Ok(Session {
            id: SessionId(self.id),
            programme_id: ProgrammeId(self.programme_id),
            kind: parse_col("session kind", &self.kind, SessionKind::parse)?,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            place,
            discord_event_id: self.discord_event_id.map(unsnowflake),
            status: parse_col("session status", &self.status, SessionStatus::parse)?,
            created_at: self.created_at,
        })
    }
}

/// Read from packed rows (see `fetch_packed`), fields in order.
#[derive(serde::Deserialize)]
struct RsvpRow {
    session_id: i64,
    participant_id: i64,
    answer: String,
    answered_at: DateTime<Utc>,
}

/// Read as a row or from packed rows (see `fetch_packed`), fields in order.
#[derive(sqlx::FromRow, serde::Deserialize)]
struct PresenceRow {
    session_id: i64,
    participant_id: i64,
    recorded_at: DateTime<Utc>,
    source: String,
}

impl PresenceRow {
    fn into_domain(self) -> StoreResult<SessionAttendance> {
        Ok(SessionAttendance {
            session_id: SessionId(self.session_id),
            participant_id: ParticipantId(self.participant_id),
            recorded_at: self.recorded_at,
            source: parse_col("attendance source", &self.source, AttendanceSource::parse)?,
        })
    }
}

#[derive(sqlx::FromRow)]
struct CircleRow {
    guild_id: i64,
    role: String,
    channel_id: i64,
    access_role_id: Option<i64>,
    created_at: DateTime<Utc>,
}

async fn get(pool: &SqlitePool, id: SessionId) -> StoreResult<Option<Session>> {
    let row: Option<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM sessions WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(pool)
        .await
        .map_err(backend)?;
    row.map(Row::into_domain).transpose()
}

async fn presence(
    pool: &SqlitePool,
    session: SessionId,
    participant: ParticipantId,
) -> StoreResult<Option<SessionAttendance>> {
    let row: Option<PresenceRow> = sqlx::query_as(
        "SELECT session_id, participant_id, recorded_at, source FROM session_attendance
         WHERE session_id = $1 AND participant_id = $2",
    )
    .bind(session.0)
    .bind(participant.0)
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    row.map(PresenceRow::into_domain).transpose()
}

#[async_trait]
impl SessionStore for SqliteStore {
    async fn create_session(&self, new: &NewSession) -> StoreResult<Session> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO sessions (programme_id, kind, starts_at, ends_at, place, discord_event_id, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(new.programme_id.0)
        .bind(new.kind.as_str())
        .bind(new.starts_at)
        .bind(new.ends_at)
        .bind(new.place.as_ref().map(Place::as_str))
        .bind(new.discord_event_id.map(snowflake))
        .bind(SessionStatus::Scheduled.as_str())
        .bind(new.created_at)
        .fetch_one(&self.pool)
        .await
        .map_err(backend)?;
        get(&self.pool, SessionId(id)).await?.ok_or_else(|| {
            StoreError::Backend(anyhow::anyhow!("session {id} vanished after insert"))
        })
    }

    async fn session(&self, id: SessionId) -> StoreResult<Option<Session>> {
        get(&self.pool, id).await
    }

    async fn sessions_of_programme(&self, programme: ProgrammeId) -> StoreResult<Vec<Session>> {
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM sessions WHERE programme_id = $1 ORDER BY starts_at, id"
        ))
        .bind(programme.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter().map(Row::into_domain).collect()
    }

    async fn cancel_session(&self, id: SessionId, at: DateTime<Utc>) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE sessions SET status = $1, cancelled_at = $2 WHERE id = $3 AND status = $4",
        )
        .bind(SessionStatus::Cancelled.as_str())
        .bind(at)
        .bind(id.0)
        .bind(SessionStatus::Scheduled.as_str())
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(done.rows_affected() == 1)
    }

    async fn record_rsvp(&self, rsvp: &SessionRsvp) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO session_rsvps (session_id, participant_id, answer, answered_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (session_id, participant_id) DO UPDATE SET
               answer = excluded.answer,
               answered_at = excluded.answered_at",
        )
        .bind(rsvp.session_id.0)
        .bind(rsvp.participant_id.0)
        .bind(rsvp.answer.as_str())
        .bind(rsvp.answered_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn rsvps(&self, session: SessionId) -> StoreResult<Vec<SessionRsvp>> {
        let rows: Vec<RsvpRow> = fetch_packed(
            &self.pool,
            "SELECT json_group_array(json_array(session_id, participant_id, answer, answered_at)
                 ORDER BY participant_id)
             FROM session_rsvps WHERE session_id = $1",
            session.0,
        )
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(SessionRsvp {
                    session_id: SessionId(r.session_id),
                    participant_id: ParticipantId(r.participant_id),
                    answer: parse_col("rsvp answer", &r.answer, Rsvp::parse)?,
                    answered_at: r.answered_at,
                })
            })
            .collect()
    }

    async fn record_presence(&self, p: &SessionAttendance) -> StoreResult<PresenceOutcome> {
        let inserted = sqlx::query(
            "INSERT INTO session_attendance (session_id, participant_id, recorded_at, source)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (session_id, participant_id) DO NOTHING",
        )
        .bind(p.session_id.0)
        .bind(p.participant_id.0)
        .bind(p.recorded_at)
        .bind(p.source.as_str())
        .execute(&self.pool)
        .await
        .map_err(backend)?
        .rows_affected()
            == 1;
        if inserted {
            return Ok(PresenceOutcome::Recorded(p.clone()));
        }
        let first = presence(&self.pool, p.session_id, p.participant_id)
            .await?
            .ok_or_else(|| {
                StoreError::Backend(anyhow::anyhow!(
                    "presence of {} at session {} neither inserted nor found",
                    p.participant_id,
                    p.session_id
                ))
            })?;
        Ok(PresenceOutcome::AlreadyRecorded(first))
    }

    async fn presences(&self, session: SessionId) -> StoreResult<Vec<SessionAttendance>> {
        let rows: Vec<PresenceRow> = fetch_packed(
            &self.pool,
            "SELECT json_group_array(json_array(session_id, participant_id, recorded_at, source)
                 ORDER BY recorded_at, participant_id)
             FROM session_attendance WHERE session_id = $1",
            session.0,
        )
        .await?;
        rows.into_iter().map(PresenceRow::into_domain).collect()
    }

    async fn sessions_attended(&self, participant: ParticipantId) -> StoreResult<Vec<SessionId>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT session_id FROM session_attendance WHERE participant_id = $1 ORDER BY session_id",
        )
        .bind(participant.0)
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(|(id,)| SessionId(id)).collect())
    }

    async fn announcement_channel(&self, guild: GuildId) -> StoreResult<Option<ChannelId>> {
        let row: Option<(Option<i64>,)> = sqlx::query_as(
            "SELECT announcement_channel_id FROM guild_settings WHERE guild_id = $1",
        )
        .bind(snowflake(guild.0))
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        Ok(row.and_then(|(c,)| c).map(|c| ChannelId(unsnowflake(c))))
    }

    async fn set_announcement_channel(
        &self,
        guild: GuildId,
        channel: Option<ChannelId>,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE guild_settings SET announcement_channel_id = $1 WHERE guild_id = $2",
        )
        .bind(channel.map(|c| snowflake(c.0)))
        .bind(snowflake(guild.0))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Backend(anyhow::anyhow!(
                "no settings for server {guild}: /setup saves them first"
            )));
        }
        Ok(())
    }

    async fn circles(&self, guild: GuildId) -> StoreResult<Vec<Circle>> {
        let rows: Vec<CircleRow> = sqlx::query_as(
            "SELECT guild_id, role, channel_id, access_role_id, created_at FROM circles
             WHERE guild_id = $1 ORDER BY CASE role WHEN 'mentor' THEN 0 ELSE 1 END",
        )
        .bind(snowflake(guild.0))
        .fetch_all(&self.pool)
        .await
        .map_err(backend)?;
        rows.into_iter()
            .map(|r| {
                Ok(Circle {
                    guild_id: GuildId(unsnowflake(r.guild_id)),
                    role: parse_col("circle role", &r.role, ParticipantRole::parse)?,
                    channel_id: ChannelId(unsnowflake(r.channel_id)),
                    access_role: r.access_role_id.map(|id| RoleId(unsnowflake(id))),
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    async fn save_circle(&self, c: &Circle) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO circles (guild_id, role, channel_id, access_role_id, created_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (guild_id, role) DO UPDATE SET
               channel_id = excluded.channel_id,
               access_role_id = excluded.access_role_id,
               created_at = excluded.created_at",
        )
        .bind(snowflake(c.guild_id.0))
        .bind(c.role.as_str())
        .bind(snowflake(c.channel_id.0))
        .bind(c.access_role.map(|r| snowflake(r.0)))
        .bind(c.created_at)
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }
}
