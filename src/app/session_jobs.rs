//! What the durable jobs of a collective session send: reminders, the presence button and
//! the cancellation notice.

use super::delivery::{Delivery, Recipient, SessionDelivery, SessionNotice};
use super::sessions::Places;
use super::{App, AppResult};
use crate::domain::job::{Job, JobPayload};
use crate::domain::programme::{Programme, ProgrammeStatus};
use crate::domain::session::{Rsvp, Session, SessionId, SessionStatus};
use crate::domain::Locale;
use std::collections::HashMap;

impl App {
    /// What a session job sends now; empty when the session no longer needs it.
    #[tracing::instrument(skip_all, fields(job = %job.id))]
    pub(crate) async fn plan_session_job(&self, job: &Job) -> AppResult<Vec<Delivery>> {
        let id = match &job.payload {
            JobPayload::SessionReminder { session, .. }
            | JobPayload::SessionCheckIn { session }
            | JobPayload::SessionCancelled { session } => *session,
            _ => return Ok(Vec::new()),
        };
        let Some(ctx) = self.session_job_context(id).await? else {
            return Ok(Vec::new());
        };
        let delivery = match &job.payload {
            JobPayload::SessionReminder { offset_minutes, .. } => {
                self.plan_session_reminder(ctx, *offset_minutes).await?
            }
            JobPayload::SessionCheckIn { .. } => plan_session_check_in(ctx),
            JobPayload::SessionCancelled { .. } => self.plan_session_cancelled(ctx).await?,
            _ => None,
        };
        Ok(delivery.map(Delivery::Session).into_iter().collect())
    }

    /// The session with its programme, where it is announced and in which language; `None`
    /// when the session or programme is gone or the programme is closed (a closed programme
    /// sends nothing more, whatever was still planned).
    async fn session_job_context(&self, id: SessionId) -> AppResult<Option<SessionJob>> {
        let Some(session) = self.store.session(id).await? else {
            return Ok(None);
        };
        let Some(programme) = self.store.programme(session.programme_id).await? else {
            return Ok(None);
        };
        if programme.status != ProgrammeStatus::Active {
            return Ok(None);
        }
        let places = self.places(programme.guild_id).await?;
        let locale = self.server_locale(programme.guild_id).await?;
        let notice = SessionNotice::new(&session, &programme);
        Ok(Some(SessionJob {
            session,
            programme,
            places,
            locale,
            notice,
        }))
    }

    #[tracing::instrument(skip_all, fields(session = %ctx.session.id))]
    async fn plan_session_reminder(
        &self,
        ctx: SessionJob,
        offset_minutes: i64,
    ) -> AppResult<Option<SessionDelivery>> {
        if ctx.session.status != SessionStatus::Scheduled {
            return Ok(None);
        }
        let recipients = self
            .recipients(&ctx.programme, &ctx.session, &ctx.places, |answer| {
                answer != Some(Rsvp::NotComing)
            })
            .await?;
        Ok(Some(SessionDelivery::Reminder {
            notice: ctx.notice,
            offset_minutes,
            recipients,
            locale: ctx.locale,
        }))
    }

    #[tracing::instrument(skip_all, fields(session = %ctx.session.id))]
    async fn plan_session_cancelled(&self, ctx: SessionJob) -> AppResult<Option<SessionDelivery>> {
        if ctx.session.status != SessionStatus::Cancelled {
            return Ok(None);
        }
        let recipients = self
            .recipients(&ctx.programme, &ctx.session, &ctx.places, |answer| {
                answer == Some(Rsvp::Coming)
            })
            .await?;
        Ok(Some(SessionDelivery::Cancelled {
            notice: ctx.notice,
            channels: ctx.places.all(),
            recipients,
            locale: ctx.locale,
        }))
    }

    /// Enrolled participants whose current answer passes `wanted`, with their DM fallback.
    async fn recipients(
        &self,
        programme: &Programme,
        session: &Session,
        places: &Places,
        wanted: impl Fn(Option<Rsvp>) -> bool,
    ) -> AppResult<Vec<Recipient>> {
        let answers: HashMap<_, _> = self
            .store
            .rsvps(session.id)
            .await?
            .into_iter()
            .map(|r| (r.participant_id, r.answer))
            .collect();
        Ok(self
            .store
            .participants(programme.id)
            .await?
            .into_iter()
            .filter(|p| wanted(answers.get(&p.id).copied()))
            .map(|p| Recipient {
                user: p.user_id,
                locale: p.locale,
                fallback: places.fallback_for(p.role),
            })
            .collect())
    }
}

/// What every session job needs to know.
struct SessionJob {
    session: Session,
    programme: Programme,
    places: Places,
    locale: Locale,
    notice: SessionNotice,
}

#[tracing::instrument(skip_all, fields(session = %ctx.session.id))]
fn plan_session_check_in(ctx: SessionJob) -> Option<SessionDelivery> {
    if ctx.session.status != SessionStatus::Scheduled {
        return None;
    }
    let channels = ctx.places.all();
    if channels.is_empty() {
        tracing::warn!(session = %ctx.session.id, "nowhere to post the presence button");
        return None;
    }
    Some(SessionDelivery::CheckIn {
        notice: ctx.notice,
        channels,
        locale: ctx.locale,
    })
}
