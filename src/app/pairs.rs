//! `/pair create | list` and the charter button.

use super::ports::{CharterPost, PairChannelSpec, PairChannels};
use super::{Actor, App, AppResult, UserError};
use crate::domain::charter::SignOutcome;
use crate::domain::meeting::is_at_risk;
use crate::domain::pair::{check_new_pair, NewPair, Pair, PairStatus};
use crate::domain::participant::Participant;
use crate::domain::privacy::{pair_view, PairView};
use crate::domain::programme::Programme;
use crate::domain::{PairId, ProgrammeId, UserId};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A programme's pairs with their status as of now, and when each last met.
#[derive(Debug, Clone)]
pub(crate) struct PairsNow {
    pub pairs: Vec<Pair>,
    pub last_held: HashMap<PairId, DateTime<Utc>>,
}

impl PairsNow {
    /// When `pair` last held a meeting, if ever.
    pub fn last_held(&self, pair: PairId) -> Option<DateTime<Utc>> {
        self.last_held.get(&pair).copied()
    }
}

#[derive(Debug, Clone)]
pub struct PairCreated {
    pub pair: Pair,
    /// False when the channel exists but Discord refused the welcome and charter message.
    pub charter_posted: bool,
}

impl App {
    /// Checks the programme's rules, creates the private channel, records the pair, posts the
    /// charter. Nothing is recorded if Discord refuses the channel, and the channel is removed
    /// again if the pair cannot be recorded.
    pub async fn create_pair(
        &self,
        actor: &Actor,
        mentor: UserId,
        mentees: &[UserId],
        channels: &dyn PairChannels,
    ) -> AppResult<PairCreated> {
        self.make_pair(actor, mentor, mentees, channels, false)
            .await
    }

    /// `create_pair`; with `adopt`, a channel already made for exactly these members and
    /// recorded for no pair is taken instead of creating another (a confirmation resumed
    /// after the process stopped, or Discord's answer was lost, between the two).
    pub(crate) async fn make_pair(
        &self,
        actor: &Actor,
        mentor: UserId,
        mentees: &[UserId],
        channels: &dyn PairChannels,
        adopt: bool,
    ) -> AppResult<PairCreated> {
        let settings = self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let (mentor, mentees) = self.checked_members(&programme, mentor, mentees).await?;

        let members: Vec<UserId> = std::iter::once(&mentor)
            .chain(&mentees)
            .map(|p| p.user_id)
            .collect();
        let spec = PairChannelSpec {
            guild: actor.guild,
            members: members.clone(),
            coordinator_role: settings.coordinator_role,
        };
        let mut adopted = None;
        if adopt {
            for candidate in channels.channels_for_members(&spec).await? {
                if self.store.pair_by_channel(candidate).await?.is_none() {
                    tracing::info!(channel = %candidate, "unrecorded pair channel taken over");
                    adopted = Some(candidate);
                    break;
                }
            }
        }
        let channel = match adopted {
            Some(channel) => channel,
            None => channels.create_pair_channel(&spec).await?,
        };
        let new = NewPair {
            programme_id: programme.id,
            channel_id: channel,
            members: std::iter::once(&mentor)
                .chain(&mentees)
                .map(|p| p.id)
                .collect(),
            created_at: self.clock.now(),
        };
        let pair = match self.store.create_pair(&new).await {
            Ok(pair) => pair,
            Err(e) => {
                if let Err(cleanup) = channels.delete_channel(channel).await {
                    tracing::error!(%channel, error = %cleanup, "could not remove the channel of a pair that was not recorded");
                }
                return Err(e.into());
            }
        };
        tracing::info!(programme = %programme.id, pair = %pair.id, %channel, "pair created");
        let post = CharterPost {
            channel,
            pair: pair.id,
            members,
            locale: settings.locale,
        };
        let charter_posted = match channels.post_charter(&post).await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(pair = %pair.id, error = %e, "charter not posted");
                false
            }
        };
        Ok(PairCreated {
            pair,
            charter_posted,
        })
    }

    /// The enrolled participants named, once the pair rules hold for them (roles, companies,
    /// nobody already in an open pair).
    async fn checked_members(
        &self,
        programme: &Programme,
        mentor: UserId,
        mentees: &[UserId],
    ) -> AppResult<(Participant, Vec<Participant>)> {
        let enrolled = self.store.participants(programme.id).await?;
        let find = |user: UserId| {
            enrolled
                .iter()
                .find(|p| p.user_id == user)
                .cloned()
                .ok_or(UserError::NotEnrolled(user))
        };
        let mentor = find(mentor)?;
        let mentees = mentees
            .iter()
            .map(|u| find(*u))
            .collect::<Result<Vec<_>, _>>()?;
        let pairs = self.store.pairs(programme.id).await?;
        check_new_pair(&mentor, &mentees, |id| {
            pairs
                .iter()
                .any(|p| p.status.is_open() && p.members.iter().any(|m| m.participant_id == id))
        })?;
        Ok((mentor, mentees))
    }

    pub async fn list_pairs(&self, actor: &Actor) -> AppResult<Vec<PairView>> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let now = self.pairs_now(programme.id).await?;
        Ok(now
            .pairs
            .iter()
            .map(|p| pair_view(p, now.last_held(p.id)))
            .collect())
    }

    /// The programme's pairs with their status as of now, and when each last met: a running
    /// pair that has not met for the configured span shows as at risk. Derived, never stored,
    /// so it is never stale. Reads the pairs and one line per pair of their meetings.
    pub(crate) async fn pairs_now(&self, programme: ProgrammeId) -> AppResult<PairsNow> {
        let pairs = self.store.pairs(programme).await?;
        let last_held = self
            .store
            .last_held_meetings(programme)
            .await?
            .into_iter()
            .collect();
        Ok(self.with_status_now(pairs, last_held))
    }

    /// `pairs` with the at-risk status derived from when each last met, as of now.
    pub(crate) fn with_status_now(
        &self,
        mut pairs: Vec<Pair>,
        last_held: HashMap<PairId, DateTime<Utc>>,
    ) -> PairsNow {
        let now = self.clock.now();
        let span = self.settings.rhythm.at_risk_after;
        for pair in &mut pairs {
            let last = last_held.get(&pair.id).copied();
            if pair.status == PairStatus::Active && is_at_risk(pair.created_at, last, now, span) {
                pair.status = PairStatus::AtRisk;
            }
        }
        PairsNow { pairs, last_held }
    }

    /// A pair member pressed « Je signe la charte ». Only the pair's own members may sign.
    pub async fn sign_charter(&self, actor: &Actor, pair: PairId) -> AppResult<SignOutcome> {
        let pair = self.store.pair(pair).await?.ok_or(UserError::UnknownPair)?;
        let programme = self.store.programme(pair.programme_id).await?;
        if programme.is_none_or(|p| p.guild_id != actor.guild) {
            return Err(UserError::UnknownPair.into());
        }
        let member = pair.member(actor.user).ok_or(UserError::NotAPairMember)?;
        let outcome = self
            .store
            .sign_charter(pair.id, member.participant_id, self.clock.now())
            .await?;
        if let SignOutcome::Signed { .. } = outcome {
            tracing::info!(pair = %pair.id, participant = %member.participant_id, "charter signed");
        }
        Ok(outcome)
    }
}
