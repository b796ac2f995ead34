//! What the durable jobs of a tripartite meeting send: the request to each member, the
//! notices, the lapse, the reminders and the coordinator's « held? » question. One small
//! planner per job kind.

use super::delivery::{Delivery, TripartiteBody, TripartiteMessage};
use super::tripartite::{tripartite_job_prefix, Loaded};
use super::{App, AppError, AppResult};
use crate::domain::job::{Job, JobPayload};
use crate::domain::programme::ProgrammeStatus;
use crate::domain::tripartite::{TripartiteAnswer, TripartiteId, TripartiteStatus};
use crate::domain::UserId;

impl App {
    /// What a due tripartite job must send; empty when there is nothing left to say.
    #[tracing::instrument(skip_all, fields(job = %job.id))]
    pub(crate) async fn plan_tripartite_job(&self, job: &Job) -> AppResult<Vec<Delivery>> {
        let id = match &job.payload {
            JobPayload::TripartiteAsk { tripartite, .. }
            | JobPayload::TripartiteNotice { tripartite }
            | JobPayload::TripartiteLapse { tripartite }
            | JobPayload::TripartiteReminder { tripartite, .. }
            | JobPayload::TripartiteOutcome { tripartite } => *tripartite,
            _ => return Ok(Vec::new()),
        };
        let Some(ctx) = self.tripartite_job_context(id).await? else {
            return Ok(Vec::new());
        };
        let messages = match &job.payload {
            JobPayload::TripartiteAsk { user, .. } => self.plan_tripartite_ask(&ctx, *user).await?,
            JobPayload::TripartiteNotice { .. } => self.plan_tripartite_notice(&ctx).await?,
            JobPayload::TripartiteLapse { .. } => self.plan_tripartite_lapse(&ctx).await?,
            JobPayload::TripartiteReminder { offset_minutes, .. } => {
                self.plan_tripartite_reminder(&ctx, *offset_minutes).await?
            }
            JobPayload::TripartiteOutcome { .. } => self.plan_tripartite_outcome(&ctx).await?,
            _ => Vec::new(),
        };
        Ok(messages.into_iter().map(Delivery::Tripartite).collect())
    }

    /// The tripartite with its pair and programme; `None` when they are gone (retention
    /// purge), the programme is closed or the pair ended: nothing more is said.
    async fn tripartite_job_context(&self, id: TripartiteId) -> AppResult<Option<Loaded>> {
        let ctx = match self.tripartite_context(id, None).await {
            Ok(ctx) => ctx,
            Err(AppError::User(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        if ctx.programme.status != ProgrammeStatus::Active || !ctx.pair.status.is_open() {
            return Ok(None);
        }
        Ok(Some(ctx))
    }

    /// The request to one member, while they still have to answer a proposal.
    #[tracing::instrument(skip_all, fields(tripartite = %ctx.tripartite.id))]
    async fn plan_tripartite_ask(
        &self,
        ctx: &Loaded,
        user: UserId,
    ) -> AppResult<Vec<TripartiteMessage>> {
        let id = ctx.tripartite.id;
        let answers = self.store.tripartite_answers(id).await?;
        let still_to_answer = ctx
            .pair
            .member(user)
            .is_some_and(|m| !answers.iter().any(|(who, _)| *who == m.participant_id));
        if ctx.tripartite.status != TripartiteStatus::Proposed || !still_to_answer {
            return Ok(Vec::new());
        }
        let body = TripartiteBody::Request {
            tripartite: id,
            proposer: ctx.tripartite.proposer,
        };
        Ok(vec![self.to_member(ctx, user, body).await?])
    }

    /// Scheduled (every member accepted) or declined: everyone concerned is told.
    #[tracing::instrument(skip_all, fields(tripartite = %ctx.tripartite.id))]
    async fn plan_tripartite_notice(&self, ctx: &Loaded) -> AppResult<Vec<TripartiteMessage>> {
        match ctx.tripartite.status {
            TripartiteStatus::Scheduled => {
                self.to_all(ctx, TripartiteBody::Scheduled, TripartiteBody::Confirmed)
                    .await
            }
            TripartiteStatus::Declined => self.called_off(ctx, TripartiteBody::Declined).await,
            _ => Ok(Vec::new()),
        }
    }

    /// The start time came before every member answered: the proposal lapses.
    #[tracing::instrument(skip_all, fields(tripartite = %ctx.tripartite.id))]
    async fn plan_tripartite_lapse(&self, ctx: &Loaded) -> AppResult<Vec<TripartiteMessage>> {
        let id = ctx.tripartite.id;
        let now = self.clock.now();
        self.store
            .set_tripartite_status(
                id,
                TripartiteStatus::Proposed,
                TripartiteStatus::Cancelled,
                now,
            )
            .await?;
        let current = self.store.tripartite(id).await?.map(|t| t.status);
        if current != Some(TripartiteStatus::Cancelled) {
            return Ok(Vec::new());
        }
        self.store
            .cancel_jobs(&format!("{}ask", tripartite_job_prefix(id)), now)
            .await?;
        tracing::info!(tripartite = %id, "tripartite meeting lapsed: not every member answered");
        self.called_off(ctx, TripartiteBody::Lapsed).await
    }

    #[tracing::instrument(skip_all, fields(tripartite = %ctx.tripartite.id))]
    async fn plan_tripartite_reminder(
        &self,
        ctx: &Loaded,
        offset_minutes: i64,
    ) -> AppResult<Vec<TripartiteMessage>> {
        if ctx.tripartite.status != TripartiteStatus::Scheduled {
            return Ok(Vec::new());
        }
        let body = TripartiteBody::Reminder { offset_minutes };
        self.to_all(ctx, body, body).await
    }

    /// Afterwards, the « held? » question to the coordinator who proposed it.
    #[tracing::instrument(skip_all, fields(tripartite = %ctx.tripartite.id))]
    async fn plan_tripartite_outcome(&self, ctx: &Loaded) -> AppResult<Vec<TripartiteMessage>> {
        if ctx.tripartite.status != TripartiteStatus::Scheduled {
            return Ok(Vec::new());
        }
        let body = TripartiteBody::OutcomeQuestion {
            tripartite: ctx.tripartite.id,
        };
        Ok(vec![self.to_coordinator(ctx, body).await?])
    }

    /// The coordinator gets `to_coordinator`; the members who did not decline are told it will
    /// not take place.
    async fn called_off(
        &self,
        ctx: &Loaded,
        to_coordinator: TripartiteBody,
    ) -> AppResult<Vec<TripartiteMessage>> {
        let answers = self.store.tripartite_answers(ctx.tripartite.id).await?;
        let mut out = vec![self.to_coordinator(ctx, to_coordinator).await?];
        for m in &ctx.pair.members {
            let declined = answers
                .iter()
                .any(|(who, a)| *who == m.participant_id && *a == TripartiteAnswer::Decline);
            if !declined {
                out.push(
                    self.to_member(ctx, m.user_id, TripartiteBody::CalledOff)
                        .await?,
                );
            }
        }
        Ok(out)
    }

    async fn to_all(
        &self,
        ctx: &Loaded,
        to_coordinator: TripartiteBody,
        to_members: TripartiteBody,
    ) -> AppResult<Vec<TripartiteMessage>> {
        let mut out = vec![self.to_coordinator(ctx, to_coordinator).await?];
        for m in &ctx.pair.members {
            out.push(self.to_member(ctx, m.user_id, to_members).await?);
        }
        Ok(out)
    }

    async fn to_member(
        &self,
        ctx: &Loaded,
        user: UserId,
        body: TripartiteBody,
    ) -> AppResult<TripartiteMessage> {
        let locale = match self
            .store
            .participant_by_user(ctx.programme.id, user)
            .await?
        {
            Some(p) => p.locale,
            None => self.server_locale(ctx.programme.guild_id).await?,
        };
        Ok(TripartiteMessage {
            to: user,
            fallback: Some(ctx.pair.channel_id),
            locale,
            pair: ctx.pair.id,
            starts_at: ctx.tripartite.starts_at,
            tz: ctx.programme.time_zone,
            body,
        })
    }

    async fn to_coordinator(
        &self,
        ctx: &Loaded,
        body: TripartiteBody,
    ) -> AppResult<TripartiteMessage> {
        let settings = self.store.guild_settings(ctx.programme.guild_id).await?;
        Ok(TripartiteMessage {
            to: ctx.tripartite.proposer,
            fallback: settings.as_ref().and_then(|s| s.coordinator_channel),
            locale: settings.map(|s| s.locale).unwrap_or_default(),
            pair: ctx.pair.id,
            starts_at: ctx.tripartite.starts_at,
            tz: ctx.programme.time_zone,
            body,
        })
    }
}
