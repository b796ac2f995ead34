//! Match proposals and the earlier pairs of a server.

use super::{backend, fetch_packed, snowflake, unpack, unsnowflake, SqliteStore};
use crate::app::ports::{MatchStore, StoreResult, StoredMatch};
use crate::domain::{GuildId, PairId, ProgrammeId, UserId};
use async_trait::async_trait;

/// A programme's proposal, packed, by mentee.
pub(super) const PROPOSAL: &str =
    "SELECT json_group_array(json_array(mentor_user, mentee_user, score, pair_id) \
     ORDER BY mentee_user) FROM match_proposals WHERE programme_id = $1";

/// The mentor and each mentee of every pair of the server's other programmes, packed.
pub(super) const EARLIER: &str =
    "SELECT json_group_array(json_array(mentor.user_id, mentee.user_id)) \
     FROM programmes g \
     JOIN pairs p ON p.programme_id = g.id \
     JOIN pair_members pm ON pm.pair_id = p.id AND pm.position = 0 \
     JOIN participants mentor ON mentor.id = pm.participant_id \
     JOIN pair_members pe ON pe.pair_id = p.id AND pe.position > 0 \
     JOIN participants mentee ON mentee.id = pe.participant_id \
     WHERE g.guild_id = $1 AND g.id <> $2";

#[async_trait]
impl MatchStore for SqliteStore {
    async fn save_proposal(
        &self,
        programme: ProgrammeId,
        matches: &[StoredMatch],
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("DELETE FROM match_proposals WHERE programme_id = $1")
            .bind(programme.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        for m in matches {
            sqlx::query(
                "INSERT INTO match_proposals (programme_id, mentee_user, mentor_user, score, pair_id) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(programme.0)
            .bind(snowflake(m.mentee.0))
            .bind(snowflake(m.mentor.0))
            .bind(i64::from(m.score))
            .bind(m.pair.map(|p| p.0))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn proposal(&self, programme: ProgrammeId) -> StoreResult<Vec<StoredMatch>> {
        let rows: Vec<(i64, i64, i64, Option<i64>)> =
            fetch_packed(&self.pool, PROPOSAL, programme.0).await?;
        Ok(rows
            .into_iter()
            .map(|(mentor, mentee, score, pair)| StoredMatch {
                mentor: UserId(unsnowflake(mentor)),
                mentee: UserId(unsnowflake(mentee)),
                score: u32::try_from(score).unwrap_or(0),
                pair: pair.map(PairId),
            })
            .collect())
    }

    async fn match_confirmed(
        &self,
        programme: ProgrammeId,
        mentee: UserId,
        pair: PairId,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE match_proposals SET pair_id = $1 WHERE programme_id = $2 AND mentee_user = $3",
        )
        .bind(pair.0)
        .bind(programme.0)
        .bind(snowflake(mentee.0))
        .execute(&self.pool)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn earlier_pairs(
        &self,
        guild: GuildId,
        programme: ProgrammeId,
    ) -> StoreResult<Vec<(UserId, UserId)>> {
        let (packed,): (String,) = sqlx::query_as(EARLIER)
            .bind(snowflake(guild.0))
            .bind(programme.0)
            .fetch_one(&self.pool)
            .await
            .map_err(backend)?;
        let rows: Vec<(i64, i64)> = unpack(&packed)?;
        Ok(rows
            .into_iter()
            .map(|(mentor, mentee)| (UserId(unsnowflake(mentor)), UserId(unsnowflake(mentee))))
            .collect())
    }
}
