use super::{backend, fetch_packed, parse_col, unpack};
use crate::app::ports::{StoreError, StoreResult};
use crate::domain::meeting::{Meeting, MeetingMode, MeetingStatus, NewMeeting};
use crate::domain::{MeetingId, PairId, ProgrammeId};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

macro_rules! columns {
    () => {
        "m.id, m.pair_id, m.starts_at, m.duration_minutes, m.mode, m.status, m.created_at, m.outcome_at"
    };
}
const COLUMNS: &str = columns!();
/// A programme's meetings, reached through its pairs, packed (see `fetch_packed`).
pub(super) const OF_PROGRAMME: &str = concat!(
    "SELECT json_group_array(json_array(",
    columns!(),
    ") ORDER BY m.pair_id, m.starts_at, m.id)
     FROM meetings m JOIN pairs p ON p.id = m.pair_id
     WHERE p.programme_id = $1"
);

/// A meeting as stored; also read from packed rows, in the order of `columns!`.
#[derive(sqlx::FromRow, serde::Deserialize)]
struct Row {
    id: i64,
    pair_id: i64,
    starts_at: DateTime<Utc>,
    duration_minutes: i64,
    mode: Option<String>,
    status: String,
    created_at: DateTime<Utc>,
    outcome_at: Option<DateTime<Utc>>,
}

impl Row {
    fn into_domain(self) -> StoreResult<Meeting> {
        Ok(Meeting {
            id: MeetingId(self.id),
            pair_id: PairId(self.pair_id),
            starts_at: self.starts_at,
            duration_minutes: u32::try_from(self.duration_minutes)
                .map_err(|e| StoreError::Backend(anyhow::Error::new(e)))?,
            mode: self
                .mode
                .map(|m| parse_col("meeting mode", &m, MeetingMode::parse))
                .transpose()?,
            status: parse_col("meeting status", &self.status, MeetingStatus::parse)?,
            created_at: self.created_at,
            outcome_at: self.outcome_at,
        })
    }
}

pub(super) async fn create(pool: &SqlitePool, new: &NewMeeting) -> StoreResult<Meeting> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO meetings (pair_id, starts_at, duration_minutes, mode, status, created_at, outcome_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.pair_id.0)
    .bind(new.starts_at)
    .bind(i64::from(new.duration_minutes))
    .bind(new.mode.map(MeetingMode::as_str))
    .bind(new.status.as_str())
    .bind(new.created_at)
    .bind((new.status != MeetingStatus::Scheduled).then_some(new.created_at))
    .fetch_one(pool)
    .await
    .map_err(backend)?;
    get(pool, MeetingId(id))
        .await?
        .ok_or_else(|| StoreError::Backend(anyhow::anyhow!("meeting {id} vanished after insert")))
}

pub(super) async fn get(pool: &SqlitePool, id: MeetingId) -> StoreResult<Option<Meeting>> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM meetings m WHERE m.id = $1"))
            .bind(id.0)
            .fetch_optional(pool)
            .await
            .map_err(backend)?;
    row.map(Row::into_domain).transpose()
}

pub(super) async fn of_pair(pool: &SqlitePool, pair: PairId) -> StoreResult<Vec<Meeting>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM meetings m WHERE m.pair_id = $1 ORDER BY m.starts_at, m.id"
    ))
    .bind(pair.0)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.into_iter().map(Row::into_domain).collect()
}

pub(super) async fn of_programme(
    pool: &SqlitePool,
    programme: ProgrammeId,
) -> StoreResult<Vec<Meeting>> {
    let rows: Vec<Row> = fetch_packed(pool, OF_PROGRAMME, programme.0).await?;
    rows.into_iter().map(Row::into_domain).collect()
}

/// When each pair of a programme last held a meeting, packed: [pair, instant].
pub(super) const LAST_HELD: &str =
    "SELECT json_group_array(json_array(pair_id, last) ORDER BY pair_id)
     FROM (SELECT m.pair_id AS pair_id, MAX(m.starts_at) AS last
           FROM meetings m JOIN pairs p ON p.id = m.pair_id
           WHERE p.programme_id = $1 AND m.status = 'held'
           GROUP BY m.pair_id)";

pub(super) async fn last_held(
    pool: &SqlitePool,
    programme: ProgrammeId,
) -> StoreResult<Vec<(PairId, DateTime<Utc>)>> {
    let rows: Vec<(i64, DateTime<Utc>)> = fetch_packed(pool, LAST_HELD, programme.0).await?;
    Ok(rows.into_iter().map(|(id, at)| (PairId(id), at)).collect())
}

/// A programme's pairs with a meeting held or scheduled in a span (bound as `$2`, `$3`).
pub(super) const MEETING_BETWEEN: &str = "SELECT DISTINCT m.pair_id
     FROM meetings m JOIN pairs p ON p.id = m.pair_id
     WHERE p.programme_id = $1 AND m.starts_at >= $2 AND m.starts_at < $3
       AND m.status IN ('held', 'scheduled')";

pub(super) async fn pairs_meeting_between(
    pool: &SqlitePool,
    programme: ProgrammeId,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> StoreResult<Vec<PairId>> {
    let packed =
        format!("SELECT json_group_array(pair_id ORDER BY pair_id) FROM ({MEETING_BETWEEN})");
    let (ids,): (String,) = sqlx::query_as(&packed)
        .bind(programme.0)
        .bind(from)
        .bind(to)
        .fetch_one(pool)
        .await
        .map_err(backend)?;
    Ok(unpack::<i64>(&ids)?.into_iter().map(PairId).collect())
}

pub(super) async fn set_outcome(
    pool: &SqlitePool,
    id: MeetingId,
    status: MeetingStatus,
    at: DateTime<Utc>,
) -> StoreResult<bool> {
    let done = sqlx::query(
        "UPDATE meetings SET status = $1, outcome_at = $2 WHERE id = $3 AND status = 'scheduled'",
    )
    .bind(status.as_str())
    .bind(at)
    .bind(id.0)
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(done.rows_affected() == 1)
}
