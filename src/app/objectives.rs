//! `/objective`: a mentee sets the pair's confidential progression objective. The text goes
//! to the pair channel only (posted and pinned by the Discord layer); the store keeps nothing
//! but the time it was last set, which is all the coordinator sees (« objectif : oui/non »).

use super::ports::StoreResult;
use super::{Actor, App, AppError, AppResult, UserError};
use crate::domain::pair::Pair;
use crate::domain::participant::ParticipantRole;
use crate::domain::{ChannelId, PairId, ProgrammeId};
use crate::i18n::Msg;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// Persistence of the objective's time (never its content).
#[async_trait]
pub trait ObjectiveStore: Send + Sync {
    async fn set_objective_set_at(&self, pair: PairId, at: DateTime<Utc>) -> StoreResult<()>;
    /// The programme's pairs whose objective was set at least once.
    async fn pairs_with_objective(&self, programme: ProgrammeId) -> StoreResult<Vec<PairId>>;
}

#[derive(Debug, thiserror::Error)]
pub enum ObjectiveError {
    #[error("only a mentee of the pair sets its objective")]
    MenteesOnly,
}

impl ObjectiveError {
    /// The message the user reads, in the Fluent files under `err-objective-*`.
    pub fn msg(&self) -> Msg {
        match self {
            Self::MenteesOnly => Msg::new("err-objective-mentees-only"),
        }
    }
}

impl From<ObjectiveError> for AppError {
    fn from(e: ObjectiveError) -> Self {
        AppError::User(UserError::Objective(e))
    }
}

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
