//! `/match suggest | move | confirm`: the optimal proposal of pairs among the programme's
//! enrolled people who are not yet paired, adjusted by hand, then created in one go.
//!
//! The proposal is stored (`MatchStore`), one row per proposed pair; `/match confirm` creates
//! the pairs one at a time, recording each row's pair as soon as it exists, so a confirmation
//! cut short (Discord refusing, the process stopping) resumes where it stopped.

use super::error::UserError;
use super::pairs::PairCreated;
use super::ports::{PairChannels, StoredMatch};
use super::{Actor, App, AppResult};
use crate::domain::matching::{propose, Candidate, MatchRules, Proposal, ProposedPair};
use crate::domain::pair::open_pair_by_user;
use crate::domain::programme::Programme;
use crate::domain::UserId;
use std::collections::HashSet;

/// Where a confirmation stands after one step.
#[derive(Debug, Clone)]
pub struct MatchProgress {
    /// Proposed pairs that have their pair now.
    pub done: usize,
    pub total: usize,
    /// The pair this step created, if it created one (none when it found it made already).
    pub created: Option<PairCreated>,
}

impl App {
    /// Computes and stores the best proposal for the programme's people not yet paired,
    /// replacing any earlier proposal that no confirmation has started on.
    pub async fn suggest_matches(&self, actor: &Actor) -> AppResult<Proposal> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let stored = self.store.proposal(programme.id).await?;
        let done = stored.iter().filter(|m| m.pair.is_some()).count();
        if done > 0 && done < stored.len() {
            return Err(UserError::MatchConfirmUnfinished {
                done,
                total: stored.len(),
            }
            .into());
        }
        let (candidates, rules) = self.match_inputs(&programme).await?;
        let proposal = propose(&candidates, &rules);
        self.store
            .save_proposal(programme.id, &stored_matches(&proposal.pairs))
            .await?;
        tracing::info!(
            programme = %programme.id,
            pairs = proposal.pairs.len(),
            unmatched = proposal.unmatched.len(),
            "match proposal made"
        );
        Ok(proposal)
    }

    /// Moves `mentee` to `mentor` in the stored proposal (or out of it with `None`), under the
    /// same rules as the proposal; returns the proposal as it now stands.
    pub async fn move_match(
        &self,
        actor: &Actor,
        mentee: UserId,
        mentor: Option<UserId>,
    ) -> AppResult<Proposal> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let stored = self.store.proposal(programme.id).await?;
        if stored.is_empty() {
            return Err(UserError::NoMatchProposal.into());
        }
        if stored.iter().any(|m| m.pair.is_some()) {
            return Err(UserError::MatchAlreadyConfirmed.into());
        }
        let (candidates, rules) = self.match_inputs(&programme).await?;
        let mut proposal = Proposal::from_pairs(&candidates, &rules, proposed(&stored));
        proposal
            .assign(&candidates, &rules, mentee, mentor)
            .map_err(UserError::Match)?;
        self.store
            .save_proposal(programme.id, &stored_matches(&proposal.pairs))
            .await?;
        Ok(proposal)
    }

    /// Creates the next proposed pair that has none yet: one mentor with every mentee
    /// proposed to them (a mentor of capacity 2 or 3 makes one pair of three or four), its
    /// channel, its record, its charter; `None` once every proposed pair has its pair. A pair
    /// found already made for the mentor (the process stopped between creating it and noting
    /// it) is noted, not made again.
    pub async fn confirm_next_match(
        &self,
        actor: &Actor,
        channels: &dyn PairChannels,
    ) -> AppResult<Option<MatchProgress>> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let stored = self.store.proposal(programme.id).await?;
        if stored.is_empty() {
            return Err(UserError::NoMatchProposal.into());
        }
        let groups = by_mentor(&stored);
        let total = groups.len();
        let done = groups
            .iter()
            .filter(|(_, rows)| rows.iter().all(|m| m.pair.is_some()))
            .count();
        let Some((mentor, rows)) = groups
            .iter()
            .find(|(_, rows)| rows.iter().any(|m| m.pair.is_none()))
        else {
            return Ok(None);
        };
        let mentees: Vec<UserId> = rows.iter().map(|m| m.mentee).collect();
        let pairs = self.store.pairs(programme.id).await?;
        let open = open_pair_by_user(&pairs);
        let made = open
            .get(mentor)
            .filter(|p| p.members.first().map(|m| m.user_id) == Some(*mentor));
        let (pair, created) = match made {
            Some(pair) => (pair.id, None),
            None => {
                let created = self
                    .make_pair(actor, *mentor, &mentees, channels, true)
                    .await?;
                (created.pair.id, Some(created))
            }
        };
        for mentee in mentees {
            self.store
                .match_confirmed(programme.id, mentee, pair)
                .await?;
        }
        Ok(Some(MatchProgress {
            done: done + 1,
            total,
            created,
        }))
    }

    /// Whether the stored proposal has a pair `/match confirm` has yet to create; refused when
    /// there is no proposal.
    pub async fn has_match_to_confirm(&self, actor: &Actor) -> AppResult<bool> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let stored = self.store.proposal(programme.id).await?;
        if stored.is_empty() {
            return Err(UserError::NoMatchProposal.into());
        }
        Ok(stored.iter().any(|m| m.pair.is_none()))
    }

    /// The programme's enrolled people not in an open pair, and the rules: the weights of
    /// the settings, and every pair of the server's other programmes, not to be made again.
    async fn match_inputs(&self, programme: &Programme) -> AppResult<(Vec<Candidate>, MatchRules)> {
        let participants = self.store.participants(programme.id).await?;
        let pairs = self.store.pairs(programme.id).await?;
        let paired = open_pair_by_user(&pairs);
        let candidates = participants
            .into_iter()
            .filter(|p| !paired.contains_key(&p.user_id))
            .map(|p| Candidate {
                user: p.user_id,
                role: p.role,
                company: p.company,
                themes: p.themes,
                capacity: p.capacity,
            })
            .collect();
        let earlier_pairs: HashSet<(UserId, UserId)> = self
            .store
            .earlier_pairs(programme.guild_id, programme.id)
            .await?
            .into_iter()
            .collect();
        let rules = MatchRules {
            weights: self.settings.matching,
            earlier_pairs,
        };
        Ok((candidates, rules))
    }
}

/// The proposal's rows grouped by mentor, each mentor where their first row is: the pairs
/// `/match confirm` makes.
fn by_mentor(stored: &[StoredMatch]) -> Vec<(UserId, Vec<&StoredMatch>)> {
    let mut groups: Vec<(UserId, Vec<&StoredMatch>)> = Vec::new();
    for row in stored {
        match groups.iter_mut().find(|(mentor, _)| *mentor == row.mentor) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((row.mentor, vec![row])),
        }
    }
    groups
}

fn stored_matches(pairs: &[ProposedPair]) -> Vec<StoredMatch> {
    pairs
        .iter()
        .map(|p| StoredMatch {
            mentor: p.mentor,
            mentee: p.mentee,
            score: p.score,
            pair: None,
        })
        .collect()
}

fn proposed(stored: &[StoredMatch]) -> Vec<ProposedPair> {
    stored
        .iter()
        .map(|m| ProposedPair {
            mentor: m.mentor,
            mentee: m.mentee,
            score: m.score,
        })
        .collect()
}
