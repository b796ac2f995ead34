use super::{backend, fetch_packed, parse_col, snowflake, unsnowflake};
use crate::app::ports::{Conflict, StoreError, StoreResult};
use crate::domain::charter::SignOutcome;
use crate::domain::pair::{NewPair, Pair, PairMember, PairStatus};
use crate::domain::participant::ParticipantRole;
use crate::domain::{ChannelId, PairId, ParticipantId, ProgrammeId, UserId};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;

/// One row per pair member, pairs in id order and members mentor first.
macro_rules! select {
    () => {
        "SELECT p.id, p.programme_id, p.channel_id, p.status, p.created_at,
        m.participant_id, pt.user_id, pt.role, s.signed_at
     FROM pairs p
     JOIN pair_members m ON m.pair_id = p.id
     JOIN participants pt ON pt.id = m.participant_id
     LEFT JOIN charter_signatures s ON s.pair_id = m.pair_id AND s.participant_id = m.participant_id"
    };
}
const SELECT: &str = select!();
/// A programme's pairs, packed (see `fetch_packed`): the columns of `select!`, in order.
pub(super) const LIST: &str = "SELECT json_group_array(json_array(
        p.id, p.programme_id, p.channel_id, p.status, p.created_at,
        m.participant_id, pt.user_id, pt.role, s.signed_at) ORDER BY p.id, m.position)
     FROM pairs p
     JOIN pair_members m ON m.pair_id = p.id
     JOIN participants pt ON pt.id = m.participant_id
     LEFT JOIN charter_signatures s ON s.pair_id = m.pair_id AND s.participant_id = m.participant_id
     WHERE p.programme_id = $1";
/// The pairs one participant has been in.
pub(super) const OF_PARTICIPANT: &str = concat!(
    select!(),
    " WHERE p.id IN (SELECT pair_id FROM pair_members WHERE participant_id = $1)
     ORDER BY p.id, m.position"
);
/// When a programme's first pair was formed.
pub(super) const EARLIEST: &str =
    "SELECT created_at FROM pairs WHERE programme_id = $1 ORDER BY created_at LIMIT 1";

/// One member of a pair as stored; also read from packed rows, in the order of `select!`.
#[derive(sqlx::FromRow, serde::Deserialize)]
struct Row {
    id: i64,
    programme_id: i64,
    channel_id: i64,
    status: String,
    created_at: DateTime<Utc>,
    participant_id: i64,
    user_id: i64,
    role: String,
    signed_at: Option<DateTime<Utc>>,
}

fn assemble(rows: Vec<Row>) -> StoreResult<Vec<Pair>> {
    let mut pairs: Vec<Pair> = Vec::new();
    for r in rows {
        let member = PairMember {
            participant_id: ParticipantId(r.participant_id),
            user_id: UserId(unsnowflake(r.user_id)),
            role: parse_col("role", &r.role, ParticipantRole::parse)?,
            charter_signed_at: r.signed_at,
        };
        match pairs.last_mut() {
            Some(p) if p.id.0 == r.id => p.members.push(member),
            _ => pairs.push(Pair {
                id: PairId(r.id),
                programme_id: ProgrammeId(r.programme_id),
                channel_id: ChannelId(unsnowflake(r.channel_id)),
                status: parse_col("pair status", &r.status, PairStatus::parse)?,
                created_at: r.created_at,
                members: vec![member],
            }),
        }
    }
    Ok(pairs)
}

pub(super) async fn create(pool: &SqlitePool, new: &NewPair) -> StoreResult<Pair> {
    let mut tx = pool.begin().await.map_err(backend)?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO pairs (programme_id, channel_id, status, created_at)
         VALUES ($1, $2, 'active', $3) RETURNING id",
    )
    .bind(new.programme_id.0)
    .bind(snowflake(new.channel_id.0))
    .bind(new.created_at)
    .fetch_one(&mut *tx)
    .await
    .map_err(backend)?;
    for (position, member) in new.members.iter().enumerate() {
        sqlx::query(
            "INSERT INTO pair_members (pair_id, participant_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(member.0)
        .bind(position as i64)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        // Checked after our own writes, inside the write transaction: a concurrent pair with
        // the same person is serialised by the database and seen here.
        let (open,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM pair_members m JOIN pairs p ON p.id = m.pair_id
             WHERE m.participant_id = $1 AND p.status <> 'ended'",
        )
        .bind(member.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend)?;
        if open > 1 {
            return Err(StoreError::Conflict(Conflict::MemberAlreadyPaired));
        }
    }
    tx.commit().await.map_err(backend)?;
    get(pool, PairId(id))
        .await?
        .ok_or_else(|| StoreError::Backend(anyhow::anyhow!("pair {id} vanished after insert")))
}

pub(super) async fn list(pool: &SqlitePool, programme: ProgrammeId) -> StoreResult<Vec<Pair>> {
    assemble(fetch_packed(pool, LIST, programme.0).await?)
}

/// When the programme's first pair was formed.
pub(super) async fn earliest_created(
    pool: &SqlitePool,
    programme: ProgrammeId,
) -> StoreResult<Option<DateTime<Utc>>> {
    let row: Option<(DateTime<Utc>,)> = sqlx::query_as(EARLIEST)
        .bind(programme.0)
        .fetch_optional(pool)
        .await
        .map_err(backend)?;
    Ok(row.map(|(at,)| at))
}

/// Every pair `participant` has been in, oldest first (a handful at most).
pub(super) async fn of_participant(
    pool: &SqlitePool,
    participant: ParticipantId,
) -> StoreResult<Vec<Pair>> {
    let rows: Vec<Row> = sqlx::query_as(OF_PARTICIPANT)
        .bind(participant.0)
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    assemble(rows)
}

pub(super) async fn get(pool: &SqlitePool, id: PairId) -> StoreResult<Option<Pair>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("{SELECT} WHERE p.id = $1 ORDER BY m.position"))
        .bind(id.0)
        .fetch_all(pool)
        .await
        .map_err(backend)?;
    Ok(assemble(rows)?.pop())
}

pub(super) async fn sign_charter(
    pool: &SqlitePool,
    pair: PairId,
    participant: ParticipantId,
    at: DateTime<Utc>,
) -> StoreResult<SignOutcome> {
    let inserted = sqlx::query(
        "INSERT INTO charter_signatures (pair_id, participant_id, signed_at) VALUES ($1, $2, $3)
         ON CONFLICT (pair_id, participant_id) DO NOTHING",
    )
    .bind(pair.0)
    .bind(participant.0)
    .bind(at)
    .execute(pool)
    .await
    .map_err(backend)?
    .rows_affected();
    if inserted == 1 {
        return Ok(SignOutcome::Signed { at });
    }
    let (first,): (DateTime<Utc>,) = sqlx::query_as(
        "SELECT signed_at FROM charter_signatures WHERE pair_id = $1 AND participant_id = $2",
    )
    .bind(pair.0)
    .bind(participant.0)
    .fetch_one(pool)
    .await
    .map_err(backend)?;
    Ok(SignOutcome::AlreadySigned { at: first })
}

pub(super) async fn by_channel(pool: &SqlitePool, channel: ChannelId) -> StoreResult<Option<Pair>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE p.channel_id = $1 ORDER BY m.position"
    ))
    .bind(snowflake(channel.0))
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    Ok(assemble(rows)?.pop())
}
