//! Tripartite meetings: `/tripartite propose | list`, the members' Accept / Decline answers,
//! the coordinator's « held? » answer, and what the durable jobs of a tripartite send.
//!
//! Consent and privacy: it is scheduled only when every pair member accepts. A decline
//! cancels it, and the coordinator is told that it was declined — never by whom, nor how
//! far the others had answered: a member must be free to refuse without being singled out
//! to the person who steers the programme. Every message goes through a durable job, by DM,
//! falling back to the pair channel for a member (the coordinator never gains access to it)
//! and to the coordinator channel for the coordinator.

use super::error::FollowUpError;
use super::{Actor, App, AppResult, UserError};
use crate::domain::job::{JobPayload, NewJob};
use crate::domain::pair::Pair;
use crate::domain::programme::Programme;
use crate::domain::time::LocalSlot;
use crate::domain::tripartite::{
    all_accepted, NewTripartite, Tripartite, TripartiteAnswer, TripartiteId, TripartiteStatus,
};
use crate::domain::{GuildId, PairId, RoleId, UserId};
use chrono::{DateTime, Utc};

/// Idempotency keys of a tripartite's jobs all start with this.
pub fn tripartite_job_prefix(id: TripartiteId) -> String {
    format!("tripartite:{}:", id.0)
}

#[derive(Debug, Clone)]
pub struct ProposeTripartite {
    /// The pair's number, as `/pair list` shows it.
    pub pair: i64,
    pub date: String,
    pub time: String,
}

/// Who pressed a button. Buttons in DMs carry no server: `guild` is then `None` and `roles`
/// empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clicker {
    pub user: UserId,
    pub guild: Option<GuildId>,
    pub roles: Vec<RoleId>,
}

impl From<&Actor> for Clicker {
    fn from(a: &Actor) -> Self {
        Self {
            user: a.user,
            guild: Some(a.guild),
            roles: a.roles.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerOutcome {
    /// Recorded; the tripartite's status after it.
    Recorded(TripartiteStatus),
    /// The member had already answered this.
    AlreadyAnswered(TripartiteAnswer),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeAnswer {
    Recorded(TripartiteStatus),
    AlreadyRecorded(TripartiteStatus),
}

/// What the coordinator sees of a tripartite meeting: when, with which pair, and its status.
/// Never the members' individual answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TripartiteView {
    pub id: TripartiteId,
    pub pair_id: PairId,
    pub starts_at: DateTime<Utc>,
    pub status: TripartiteStatus,
}

impl From<&Tripartite> for TripartiteView {
    fn from(t: &Tripartite) -> Self {
        Self {
            id: t.id,
            pair_id: t.pair_id,
            starts_at: t.starts_at,
            status: t.status,
        }
    }
}

/// A tripartite with its pair and programme.
pub(crate) struct Loaded {
    pub(crate) tripartite: Tripartite,
    pub(crate) pair: Pair,
    pub(crate) programme: Programme,
}

impl App {
    /// `/tripartite propose`: asks every member of the pair, by DM, through durable jobs.
    pub async fn propose_tripartite(
        &self,
        actor: &Actor,
        req: ProposeTripartite,
    ) -> AppResult<(Programme, Tripartite)> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let pair = self
            .store
            .pair(PairId(req.pair))
            .await?
            .filter(|p| p.programme_id == programme.id && p.status.is_open())
            .ok_or(FollowUpError::UnknownPair(req.pair))?;
        let tz = programme.time_zone;
        let now = self.clock.now();
        let starts_at =
            LocalSlot::parse(&req.date, &req.time, tz, now, &programme.dates)?.starts_at;
        if let Some(pending) = self
            .store
            .tripartites_of_pair(pair.id)
            .await?
            .into_iter()
            .find(|t| t.status.is_pending() && t.starts_at > now)
        {
            return Err(FollowUpError::AlreadyPending {
                starts_at: pending.starts_at,
            }
            .into());
        }
        let tripartite = self
            .store
            .create_tripartite(&NewTripartite {
                pair_id: pair.id,
                proposer: actor.user,
                starts_at,
                duration_minutes: crate::domain::meeting::DEFAULT_DURATION_MINUTES,
                created_at: now,
            })
            .await?;
        let jobs = proposal_jobs(&tripartite, &pair, programme.guild_id, now);
        self.enqueue_jobs(&jobs, now).await?;
        tracing::info!(pair = %pair.id, tripartite = %tripartite.id, "tripartite meeting proposed");
        Ok((programme, tripartite))
    }

    /// `/tripartite list`: the running programme's tripartite meetings and their status.
    pub async fn list_tripartites(
        &self,
        actor: &Actor,
    ) -> AppResult<(Programme, Vec<TripartiteView>)> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let views = self.tripartites(programme.id).await?;
        Ok((programme, views))
    }

    /// A programme's tripartite meetings, status only, oldest first. For the attendance view.
    pub async fn tripartites(
        &self,
        programme: crate::domain::ProgrammeId,
    ) -> AppResult<Vec<TripartiteView>> {
        Ok(self
            .store
            .tripartites_of_programme(programme)
            .await?
            .iter()
            .map(TripartiteView::from)
            .collect())
    }

    pub(crate) async fn tripartite_context(
        &self,
        id: TripartiteId,
        guild: Option<GuildId>,
    ) -> AppResult<Loaded> {
        let unknown = || FollowUpError::UnknownTripartite;
        let tripartite = self.store.tripartite(id).await?.ok_or_else(unknown)?;
        let pair = self
            .store
            .pair(tripartite.pair_id)
            .await?
            .ok_or_else(unknown)?;
        let programme = self
            .store
            .programme(pair.programme_id)
            .await?
            .ok_or_else(unknown)?;
        if guild.is_some_and(|g| g != programme.guild_id) {
            return Err(unknown().into());
        }
        Ok(Loaded {
            tripartite,
            pair,
            programme,
        })
    }

    /// A member pressed « J'accepte » or « Je décline » on the request addressed to
    /// `addressee`. Only that member may answer, once.
    pub async fn answer_tripartite(
        &self,
        clicker: &Clicker,
        id: TripartiteId,
        addressee: UserId,
        answer: TripartiteAnswer,
    ) -> AppResult<(Tripartite, AnswerOutcome)> {
        let Loaded {
            tripartite, pair, ..
        } = self.tripartite_context(id, clicker.guild).await?;
        let member = pair.member(clicker.user).ok_or(UserError::NotAPairMember)?;
        if clicker.user != addressee {
            return Err(FollowUpError::NotYourRequest.into());
        }
        let previous = |answers: &[(crate::domain::ParticipantId, TripartiteAnswer)]| {
            answers
                .iter()
                .find(|(who, _)| *who == member.participant_id)
                .map(|(_, a)| *a)
        };
        if let Some(a) = previous(&self.store.tripartite_answers(id).await?) {
            return Ok((tripartite, AnswerOutcome::AlreadyAnswered(a)));
        }
        if tripartite.status != TripartiteStatus::Proposed {
            return Err(FollowUpError::NoLongerOpen(tripartite.status).into());
        }
        let now = self.clock.now();
        // Answers close at the start time, even if the lapse job has not run yet (downtime).
        if now >= tripartite.starts_at {
            return Err(FollowUpError::NoLongerOpen(TripartiteStatus::Cancelled).into());
        }
        if !self
            .store
            .record_tripartite_answer(id, member.participant_id, answer, now)
            .await?
        {
            // A double click raced this one.
            let a = previous(&self.store.tripartite_answers(id).await?).unwrap_or(answer);
            return Ok((tripartite, AnswerOutcome::AlreadyAnswered(a)));
        }
        match answer {
            TripartiteAnswer::Decline => self.on_decline(&tripartite, now).await?,
            TripartiteAnswer::Accept => self.on_accept(&tripartite, &pair, now).await?,
        }
        let current = self
            .store
            .tripartite(id)
            .await?
            .ok_or(FollowUpError::UnknownTripartite)?;
        let status = current.status;
        Ok((current, AnswerOutcome::Recorded(status)))
    }

    /// A member declined: the proposal is over; the others and the coordinator are told.
    async fn on_decline(&self, tripartite: &Tripartite, now: DateTime<Utc>) -> AppResult<()> {
        let id = tripartite.id;
        let prefix = tripartite_job_prefix(id);
        if self
            .store
            .set_tripartite_status(
                id,
                TripartiteStatus::Proposed,
                TripartiteStatus::Declined,
                now,
            )
            .await?
        {
            self.store.cancel_jobs(&format!("{prefix}ask"), now).await?;
            self.store
                .cancel_jobs(&format!("{prefix}lapse"), now)
                .await?;
            self.enqueue_notice(tripartite, "declined", None).await?;
            tracing::info!(tripartite = %id, "tripartite meeting declined");
        }
        Ok(())
    }

    /// A member accepted: once every member has, the meeting is scheduled.
    async fn on_accept(
        &self,
        tripartite: &Tripartite,
        pair: &Pair,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let id = tripartite.id;
        let members: Vec<_> = pair.members.iter().map(|m| m.participant_id).collect();
        let answers = self.store.tripartite_answers(id).await?;
        if all_accepted(&members, &answers)
            && self
                .store
                .set_tripartite_status(
                    id,
                    TripartiteStatus::Proposed,
                    TripartiteStatus::Scheduled,
                    now,
                )
                .await?
        {
            self.store
                .cancel_jobs(&format!("{}lapse", tripartite_job_prefix(id)), now)
                .await?;
            self.enqueue_scheduled_jobs(tripartite).await?;
            tracing::info!(tripartite = %id, "tripartite meeting scheduled: every member accepted");
        }
        Ok(())
    }

    async fn enqueue_notice(
        &self,
        t: &Tripartite,
        what: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> AppResult<()> {
        let now = self.clock.now();
        let guild = self.tripartite_guild(t).await?;
        self.store
            .enqueue_job(
                &NewJob {
                    guild_id: guild,
                    due_at: now,
                    payload: JobPayload::TripartiteNotice { tripartite: t.id },
                    idempotency_key: format!("{}notice:{what}", tripartite_job_prefix(t.id)),
                    expires_at,
                },
                now,
            )
            .await?;
        self.jobs_changed.notify_one();
        Ok(())
    }

    async fn tripartite_guild(&self, t: &Tripartite) -> AppResult<GuildId> {
        Ok(self
            .tripartite_context(t.id, None)
            .await?
            .programme
            .guild_id)
    }

    /// Every member accepted: tell the three, remind them before, ask afterwards.
    async fn enqueue_scheduled_jobs(&self, t: &Tripartite) -> AppResult<()> {
        let now = self.clock.now();
        let guild = self.tripartite_guild(t).await?;
        let rhythm = &self.settings.rhythm;
        let prefix = tripartite_job_prefix(t.id);
        self.enqueue_notice(t, "scheduled", Some(t.starts_at))
            .await?;
        let mut jobs = Vec::new();
        for offset in &rhythm.reminder_offsets_minutes {
            let due_at = t.starts_at - chrono::Duration::minutes(*offset);
            if due_at > now {
                jobs.push(NewJob {
                    guild_id: guild,
                    due_at,
                    payload: JobPayload::TripartiteReminder {
                        tripartite: t.id,
                        offset_minutes: *offset,
                    },
                    idempotency_key: format!("{prefix}reminder:{offset}"),
                    expires_at: Some(t.starts_at),
                });
            }
        }
        jobs.push(NewJob {
            guild_id: guild,
            due_at: t.ends_at() + rhythm.check_in_delay,
            payload: JobPayload::TripartiteOutcome { tripartite: t.id },
            idempotency_key: format!("{prefix}outcome"),
            expires_at: None,
        });
        self.enqueue_jobs(&jobs, now).await?;
        Ok(())
    }

    /// The coordinator says whether the tripartite meeting took place; the first answer
    /// counts. Allowed to whoever proposed it, or to a coordinator of its server.
    pub async fn record_tripartite_outcome(
        &self,
        clicker: &Clicker,
        id: TripartiteId,
        held: bool,
    ) -> AppResult<(Tripartite, OutcomeAnswer)> {
        let Loaded {
            tripartite,
            programme,
            ..
        } = self.tripartite_context(id, clicker.guild).await?;
        let coordinator = match clicker.guild {
            Some(guild) => self
                .store
                .guild_settings(guild)
                .await?
                .is_some_and(|s| clicker.roles.contains(&s.coordinator_role)),
            None => false,
        };
        if clicker.user != tripartite.proposer && !coordinator {
            return Err(UserError::NotCoordinator.into());
        }
        let now = self.clock.now();
        match tripartite.status {
            TripartiteStatus::Held | TripartiteStatus::NotHeld => {
                return Ok((
                    tripartite.clone(),
                    OutcomeAnswer::AlreadyRecorded(tripartite.status),
                ))
            }
            TripartiteStatus::Scheduled => {}
            other => return Err(FollowUpError::NoLongerOpen(other).into()),
        }
        if now < tripartite.starts_at {
            return Err(FollowUpError::OutcomeTooEarly.into());
        }
        let to = if held {
            TripartiteStatus::Held
        } else {
            TripartiteStatus::NotHeld
        };
        let recorded = self
            .store
            .set_tripartite_status(id, TripartiteStatus::Scheduled, to, now)
            .await?;
        let current = self
            .store
            .tripartite(id)
            .await?
            .ok_or(FollowUpError::UnknownTripartite)?;
        let status = current.status;
        if recorded {
            tracing::info!(tripartite = %id, programme = %programme.id, outcome = status.as_str(), "tripartite outcome recorded");
            Ok((current, OutcomeAnswer::Recorded(status)))
        } else {
            Ok((current, OutcomeAnswer::AlreadyRecorded(status)))
        }
    }
}

/// The jobs of a new proposal: ask each member now, and lapse at the start time if not every
/// member answered.
fn proposal_jobs(t: &Tripartite, pair: &Pair, guild: GuildId, now: DateTime<Utc>) -> Vec<NewJob> {
    let prefix = tripartite_job_prefix(t.id);
    let mut jobs: Vec<NewJob> = pair
        .members
        .iter()
        .map(|m| NewJob {
            guild_id: guild,
            due_at: now,
            payload: JobPayload::TripartiteAsk {
                tripartite: t.id,
                user: m.user_id,
            },
            idempotency_key: format!("{prefix}ask:{}", m.user_id.0),
            expires_at: Some(t.starts_at),
        })
        .collect();
    jobs.push(NewJob {
        guild_id: guild,
        due_at: t.starts_at,
        payload: JobPayload::TripartiteLapse { tripartite: t.id },
        idempotency_key: format!("{prefix}lapse"),
        expires_at: None,
    });
    jobs
}
