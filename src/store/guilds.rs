use super::{backend, parse_col, snowflake, unsnowflake};
use crate::app::ports::StoreResult;
use crate::domain::setup::GuildSettings;
use crate::domain::{ChannelId, GuildId, Locale, RoleId};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
struct Row {
    guild_id: i64,
    coordinator_role_id: i64,
    coordinator_channel_id: Option<i64>,
    locale: String,
    updated_at: DateTime<Utc>,
}

pub(super) async fn get(pool: &SqlitePool, guild: GuildId) -> StoreResult<Option<GuildSettings>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT guild_id, coordinator_role_id, coordinator_channel_id, locale, updated_at
         FROM guild_settings WHERE guild_id = $1",
    )
    .bind(snowflake(guild.0))
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    row.map(|r| {
        Ok(GuildSettings {
            guild_id: GuildId(unsnowflake(r.guild_id)),
            coordinator_role: RoleId(unsnowflake(r.coordinator_role_id)),
            coordinator_channel: r.coordinator_channel_id.map(|c| ChannelId(unsnowflake(c))),
            locale: parse_col("locale", &r.locale, Locale::parse)?,
            updated_at: r.updated_at,
        })
    })
    .transpose()
}

pub(super) async fn save(pool: &SqlitePool, s: &GuildSettings) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO guild_settings (guild_id, coordinator_role_id, coordinator_channel_id, locale, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (guild_id) DO UPDATE SET
           coordinator_role_id = excluded.coordinator_role_id,
           coordinator_channel_id = excluded.coordinator_channel_id,
           locale = excluded.locale,
           updated_at = excluded.updated_at",
    )
    .bind(snowflake(s.guild_id.0))
    .bind(snowflake(s.coordinator_role.0))
    .bind(s.coordinator_channel.map(|c| snowflake(c.0)))
    .bind(s.locale.tag())
    .bind(s.updated_at)
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(())
}
