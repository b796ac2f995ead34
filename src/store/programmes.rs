use super::{backend, parse_col, snowflake, unique_or, unsnowflake};
use crate::app::ports::{Conflict, StoreError, StoreResult};
use crate::domain::programme::{
    NewProgramme, Programme, ProgrammeDates, ProgrammeStatus, ThemeSet,
};
use crate::domain::{GuildId, ProgrammeId};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::SqlitePool;

const COLUMNS: &str =
    "id, guild_id, name, starts_on, ends_on, time_zone, themes, status, created_at, recruiting_until";

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    guild_id: i64,
    name: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    time_zone: String,
    themes: String,
    status: String,
    created_at: DateTime<Utc>,
    recruiting_until: Option<NaiveDate>,
}

impl Row {
    fn into_domain(self) -> StoreResult<Programme> {
        let themes: Vec<String> = serde_json::from_str(&self.themes)
            .map_err(|e| StoreError::Backend(anyhow::Error::new(e).context("programme themes")))?;
        Ok(Programme {
            id: ProgrammeId(self.id),
            guild_id: GuildId(unsnowflake(self.guild_id)),
            name: self.name,
            dates: ProgrammeDates::new(self.starts_on, self.ends_on)
                .map_err(|e| StoreError::Backend(anyhow::anyhow!("stored programme dates: {e}")))?,
            time_zone: parse_col("time zone", &self.time_zone, |s| s.parse().ok())?,
            themes: ThemeSet::from_items(themes.iter().map(String::as_str))
                .map_err(|e| StoreError::Backend(anyhow::anyhow!("stored themes: {e}")))?,
            status: parse_col("programme status", &self.status, ProgrammeStatus::parse)?,
            recruiting_until: self.recruiting_until,
            created_at: self.created_at,
        })
    }
}

pub(super) async fn create(pool: &SqlitePool, new: &NewProgramme) -> StoreResult<Programme> {
    let themes = serde_json::to_string(&new.themes.names())
        .map_err(|e| StoreError::Backend(anyhow::Error::new(e)))?;
    let row: Row = sqlx::query_as(&format!(
        "INSERT INTO programmes (guild_id, name, starts_on, ends_on, time_zone, themes, status, created_at, recruiting_until)
         VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8) RETURNING {COLUMNS}"
    ))
    .bind(snowflake(new.guild_id.0))
    .bind(new.name.as_str())
    .bind(new.dates.starts_on())
    .bind(new.dates.ends_on())
    .bind(new.time_zone.name())
    .bind(themes)
    .bind(new.created_at)
    .bind(new.recruiting_until)
    .fetch_one(pool)
    .await
    .map_err(|e| unique_or(e, Conflict::ActiveProgrammeExists))?;
    row.into_domain()
}

pub(super) async fn active(pool: &SqlitePool, guild: GuildId) -> StoreResult<Option<Programme>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM programmes WHERE guild_id = $1 AND status = 'active'"
    ))
    .bind(snowflake(guild.0))
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    row.map(Row::into_domain).transpose()
}

pub(super) async fn close(
    pool: &SqlitePool,
    id: ProgrammeId,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query("UPDATE programmes SET status = 'closed', closed_at = $1 WHERE id = $2")
        .bind(at)
        .bind(id.0)
        .execute(pool)
        .await
        .map_err(backend)?;
    Ok(())
}

pub(super) async fn get(pool: &SqlitePool, id: ProgrammeId) -> StoreResult<Option<Programme>> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM programmes WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(pool)
            .await
            .map_err(backend)?;
    row.map(Row::into_domain).transpose()
}
