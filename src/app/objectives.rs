//! `/objective`: a mentee sets the pair's confidential progression objective. The text goes
//! to the pair channel only (posted and pinned by the Discord layer); the store keeps nothing
//! but the time it was last set, which is all the coordinator sees (« objectif : oui/non »).

use super::error::ObjectiveError;
use super::{Actor, App, AppResult};
use crate::domain::pair::Pair;
use crate::domain::participant::ParticipantRole;
use crate::domain::{ChannelId, PairId, ProgrammeId};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

impl App {
    /// The pair whose objective this actor may set here: a mentee of the pair, in its channel.
    pub async fn objective_pair(&self, actor: &Actor, channel: ChannelId) -> AppResult<Pair> {
        let (_, pair) = self.own_pair(actor, channel).await?;
        match pair.member(actor.user) {
            Some(m) if m.role == ParticipantRole::Mentee => Ok(pair),
            _ => Err(ObjectiveError::MenteesOnly.into()),
        }
    }

    /// Records that the objective was (re)set now, once it is posted in the pair channel.
    /// Checks the actor again: the form may have been submitted long after it was opened.
    pub async fn record_objective_set(
        &self,
        actor: &Actor,
        channel: ChannelId,
    ) -> AppResult<DateTime<Utc>> {
        let pair = self.objective_pair(actor, channel).await?;
        let now = self.clock.now();
        self.store.set_objective_set_at(pair.id, now).await?;
        tracing::info!(pair = %pair.id, "objective set");
        Ok(now)
    }

    /// Which of the programme's pairs have set their objective.
    pub(crate) async fn objectives_set(
        &self,
        programme: ProgrammeId,
    ) -> AppResult<HashSet<PairId>> {
        Ok(self
            .store
            .pairs_with_objective(programme)
            .await?
            .into_iter()
            .collect())
    }
}
