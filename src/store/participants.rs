use super::{backend, fetch_packed, parse_col, snowflake, stored_profile, unique_or, unsnowflake};
use crate::app::ports::{Conflict, StoreError, StoreResult};
use crate::domain::participant::{NewParticipant, Participant};
use crate::domain::{Locale, ParticipantId, ProgrammeId, UserId};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

macro_rules! columns {
    () => {
        "id, programme_id, user_id, role, company, themes, locale, enrolled_at, capacity"
    };
}
const COLUMNS: &str = columns!();
/// A programme's participants in enrolment order, packed (see `fetch_packed`).
pub(super) const LIST: &str = concat!(
    "SELECT json_group_array(json_array(",
    columns!(),
    ") ORDER BY id) FROM participants WHERE programme_id = $1"
);

/// A participant as stored; also read from packed rows, in the order of `columns!`.
#[derive(sqlx::FromRow, serde::Deserialize)]
struct Row {
    id: i64,
    programme_id: i64,
    user_id: i64,
    role: String,
    company: String,
    themes: String,
    locale: String,
    enrolled_at: DateTime<Utc>,
    capacity: i64,
}

impl Row {
    fn into_domain(self) -> StoreResult<Participant> {
        let (role, company, themes, capacity) =
            stored_profile(&self.role, &self.company, &self.themes, self.capacity)?;
        Ok(Participant {
            id: ParticipantId(self.id),
            programme_id: ProgrammeId(self.programme_id),
            user_id: UserId(unsnowflake(self.user_id)),
            role,
            company,
            themes,
            capacity,
            locale: parse_col("locale", &self.locale, Locale::parse)?,
            enrolled_at: self.enrolled_at,
        })
    }
}

pub(super) async fn add(pool: &SqlitePool, new: &NewParticipant) -> StoreResult<Participant> {
    let row: Row = insert(new)?
        .fetch_one(pool)
        .await
        .map_err(|e| unique_or(e, Conflict::AlreadyEnrolled))?;
    row.into_domain()
}

/// Enrols one person inside the caller's transaction.
pub(super) async fn add_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    new: &NewParticipant,
) -> StoreResult<Participant> {
    let row: Row = insert(new)?
        .fetch_one(&mut **tx)
        .await
        .map_err(|e| unique_or(e, Conflict::AlreadyEnrolled))?;
    row.into_domain()
}

/// Enrols everyone in one transaction: all of them, or nobody.
pub(super) async fn add_many(pool: &SqlitePool, new: &[NewParticipant]) -> StoreResult<usize> {
    let mut tx = pool.begin().await.map_err(backend)?;
    for one in new {
        insert(one)?
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| unique_or(e, Conflict::AlreadyEnrolled))?;
        // Enrolled by the file while asking to join: the request has no more purpose.
        sqlx::query(
            "DELETE FROM join_requests \
             WHERE programme_id = $1 AND user_id = $2 AND status = 'pending'",
        )
        .bind(one.programme_id.0)
        .bind(snowflake(one.user_id.0))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
    }
    tx.commit().await.map_err(backend)?;
    Ok(new.len())
}

fn insert(
    new: &NewParticipant,
) -> StoreResult<
    sqlx::query::QueryAs<'static, sqlx::Sqlite, Row, sqlx::sqlite::SqliteArguments<'static>>,
> {
    let themes = serde_json::to_string(&new.themes.names())
        .map_err(|e| StoreError::Backend(anyhow::Error::new(e)))?;
    Ok(sqlx::query_as(INSERT)
        .bind(new.programme_id.0)
        .bind(snowflake(new.user_id.0))
        .bind(new.role.as_str())
        .bind(new.company.as_str().to_owned())
        .bind(themes)
        .bind(i64::from(new.capacity))
        .bind(new.locale.tag())
        .bind(new.enrolled_at))
}

const INSERT: &str = concat!(
    "INSERT INTO participants (programme_id, user_id, role, company, themes, capacity, locale, enrolled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ",
    columns!()
);

pub(super) async fn list(
    pool: &SqlitePool,
    programme: ProgrammeId,
) -> StoreResult<Vec<Participant>> {
    let rows: Vec<Row> = fetch_packed(pool, LIST, programme.0).await?;
    rows.into_iter().map(Row::into_domain).collect()
}

pub(super) async fn count(pool: &SqlitePool, programme: ProgrammeId) -> StoreResult<u64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM participants WHERE programme_id = $1")
        .bind(programme.0)
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

pub(super) async fn by_user(
    pool: &SqlitePool,
    programme: ProgrammeId,
    user: UserId,
) -> StoreResult<Option<Participant>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM participants WHERE programme_id = $1 AND user_id = $2"
    ))
    .bind(programme.0)
    .bind(snowflake(user.0))
    .fetch_optional(pool)
    .await
    .map_err(backend)?;
    row.map(Row::into_domain).transpose()
}

pub(super) async fn set_locale(
    pool: &SqlitePool,
    id: ParticipantId,
    locale: Locale,
) -> StoreResult<()> {
    sqlx::query("UPDATE participants SET locale = $1 WHERE id = $2")
        .bind(locale.tag())
        .bind(id.0)
        .execute(pool)
        .await
        .map_err(backend)?;
    Ok(())
}

pub(super) async fn remove(pool: &SqlitePool, id: ParticipantId) -> StoreResult<bool> {
    let done = sqlx::query("DELETE FROM participants WHERE id = $1")
        .bind(id.0)
        .execute(pool)
        .await
        .map_err(backend)?;
    Ok(done.rows_affected() > 0)
}
