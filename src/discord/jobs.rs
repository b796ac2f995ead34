//! Delivering what due jobs must send, through the one outbound path.

use super::data::Data;
use super::meetings::check_in_buttons;
use super::outbound::{DeliveryError, Outbound};
use super::render::{self, mentions, when};
use super::reports::render_digest;
use super::{sessions, tripartite};
use crate::app::delivery::{Delivery, Digest};
use crate::app::AppError;
use crate::domain::job::{Job, NonceTag};
use crate::domain::{ChannelId, Locale, UserId};
use crate::i18n::Msg;
use crate::schedule::{JobFailure, JobHandler};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use poise::serenity_prelude as serenity;
use std::sync::Arc;

pub struct DiscordJobs {
    data: Arc<Data>,
    outbound: Outbound,
}

impl DiscordJobs {
    pub fn new(data: Arc<Data>, outbound: Outbound) -> Self {
        Self { data, outbound }
    }

    /// One delivery: a `match` over its kind, one function each.
    async fn deliver(&self, job: &Job, delivery: &Delivery) -> Result<(), DeliveryError> {
        // Nonces name the recipient, not the position in the list, so a retry planned from
        // fresh data (a pair booked a meeting meanwhile) still recognises what went out.
        match delivery {
            Delivery::Reminder {
                channel,
                members,
                starts_at,
                tz,
                offset_minutes,
                locale,
            } => {
                let text = self.reminder_text(*locale, members, (*starts_at, *tz), *offset_minutes);
                let nonce = job.nonce(NonceTag::Reminder, channel.0);
                self.post(*channel, text, members, Vec::new(), &nonce).await
            }
            Delivery::PostureDm {
                user,
                fallback_channel,
                prompt,
                locale,
            } => {
                self.posture_dm(job, (*user, *fallback_channel), prompt, *locale)
                    .await
            }
            Delivery::CheckIn {
                channel,
                members,
                meeting,
                starts_at,
                tz,
                round,
                locale,
            } => {
                let l = *locale;
                let text = self.check_in_text(l, members, (*starts_at, *tz), *round);
                let buttons = check_in_buttons(&self.data, l, *meeting, false);
                let nonce = job.nonce(NonceTag::CheckIn, channel.0);
                self.post(*channel, text, members, buttons, &nonce).await
            }
            Delivery::Nudge {
                channel,
                members,
                locale,
            } => self.nudge(job, *channel, members, *locale).await,
            Delivery::Digest {
                channel,
                locale,
                digest,
            } => self.digest(job, *channel, *locale, digest).await,
            Delivery::Tripartite(message) => {
                let nonce = job.nonce(NonceTag::Tripartite, message.to.0);
                tripartite::deliver(&self.data, &nonce, message).await
            }
            Delivery::Session(d) => sessions::deliver(&self.data, &self.outbound, job, d).await,
        }
    }

    /// « No meeting this month yet »: the monthly nudge in the pair channel.
    async fn nudge(
        &self,
        job: &Job,
        channel: ChannelId,
        members: &[UserId],
        locale: Locale,
    ) -> Result<(), DeliveryError> {
        let text = self.data.i18n.msg(
            locale,
            &Msg::new("nudge-message").arg("members", mentions(members)),
        );
        let nonce = job.nonce(NonceTag::Nudge, channel.0);
        self.post(channel, text, members, Vec::new(), &nonce).await
    }

    fn reminder_text(
        &self,
        l: Locale,
        members: &[UserId],
        (starts_at, tz): (DateTime<Utc>, Tz),
        offset_minutes: i64,
    ) -> String {
        self.data.i18n.msg(
            l,
            &Msg::new("reminder-message")
                .arg("members", mentions(members))
                .arg("when", when(l, starts_at, tz))
                .arg("hours", offset_minutes / 60)
                .arg("minutes", offset_minutes),
        )
    }

    fn check_in_text(
        &self,
        l: Locale,
        members: &[UserId],
        (starts_at, tz): (DateTime<Utc>, Tz),
        round: u8,
    ) -> String {
        let key = if round <= 1 {
            "checkin-message"
        } else {
            "checkin-again"
        };
        self.data.i18n.msg(
            l,
            &Msg::new(key)
                .arg("members", mentions(members))
                .arg("when", when(l, starts_at, tz)),
        )
    }

    /// The mentor's posture prompt by DM; in the pair channel when their DMs are closed.
    async fn posture_dm(
        &self,
        job: &Job,
        (user, fallback_channel): (UserId, ChannelId),
        prompt: &str,
        locale: Locale,
    ) -> Result<(), DeliveryError> {
        let i18n = &self.data.i18n;
        let text = i18n.msg(locale, &Msg::new("posture-dm").arg("prompt", prompt));
        let message = serenity::CreateMessage::new().content(text);
        let nonce = job.nonce(NonceTag::PostureDm, user.0);
        match self
            .outbound
            .dm(serenity::UserId::new(user.0), message, &nonce)
            .await
        {
            Err(DeliveryError::DmClosed) => {
                tracing::info!(user = %user, "DMs closed: posture prompt posted in the pair channel");
                let text = i18n.msg(
                    locale,
                    &Msg::new("posture-fallback")
                        .arg("user", render::mention(user))
                        .arg("prompt", prompt),
                );
                let fallback_nonce = job.nonce(NonceTag::PostureFallback, user.0);
                self.post(fallback_channel, text, &[user], Vec::new(), &fallback_nonce)
                    .await
            }
            other => other.map(|_| ()),
        }
    }

    /// A long digest goes out in several messages, each with its own nonce.
    async fn digest(
        &self,
        job: &Job,
        channel: ChannelId,
        locale: Locale,
        digest: &Digest,
    ) -> Result<(), DeliveryError> {
        let text = render_digest(&self.data.i18n, locale, digest);
        for (i, chunk) in render::chunks(&text).into_iter().enumerate() {
            let nonce = job.nonce(NonceTag::Digest, i as u64);
            self.post(channel, chunk, &[], Vec::new(), &nonce).await?;
        }
        Ok(())
    }

    async fn post(
        &self,
        channel: ChannelId,
        text: String,
        ping: &[UserId],
        components: Vec<serenity::CreateActionRow>,
        nonce: &str,
    ) -> Result<(), DeliveryError> {
        let mut message = serenity::CreateMessage::new()
            .content(text)
            .allowed_mentions(
                serenity::CreateAllowedMentions::new()
                    .users(ping.iter().map(|u| serenity::UserId::new(u.0))),
            );
        if !components.is_empty() {
            message = message.components(components);
        }
        self.outbound
            .post(serenity::ChannelId::new(channel.0), message, nonce)
            .await
            .map(|_| ())
    }
}

/// A use case's failure as the scheduler sees it: a user error will never succeed, an
/// internal one (the store busy) may.
fn job_failure(e: AppError) -> JobFailure {
    match e {
        AppError::User(u) => JobFailure::Permanent(u.to_string()),
        AppError::Internal(e) => JobFailure::Retry(format!("{e:#}")),
    }
}

#[async_trait]
impl JobHandler for DiscordJobs {
    /// The daily housekeeping exists from the worker's first start, without anyone asking.
    async fn on_start(&self) -> Result<(), JobFailure> {
        self.data
            .app
            .ensure_housekeeping()
            .await
            .map_err(job_failure)
    }

    #[tracing::instrument(skip_all, fields(job = %job.id, guild = %job.guild_id))]
    async fn handle(&self, job: &Job) -> Result<(), JobFailure> {
        let deliveries = self.data.app.plan_job(job).await.map_err(job_failure)?;
        // Every message is attempted even when an earlier one failed: one unreachable person
        // must not keep the others from their reminder. A retry re-sends the whole job, and
        // the per-message nonces keep what already went out from posting twice.
        let mut retry = None;
        let mut refused = None;
        for (part, delivery) in deliveries.iter().enumerate() {
            let part = u8::try_from(part).unwrap_or(u8::MAX);
            match self.deliver(job, delivery).await {
                Ok(()) => {}
                Err(DeliveryError::DmClosed) => {
                    tracing::warn!(job = %job.id, part, "recipient unreachable (DMs closed, no fallback): skipped");
                }
                Err(e @ DeliveryError::GaveUp { .. }) => retry = Some(e.to_string()),
                Err(e) => {
                    tracing::warn!(job = %job.id, part, error = %e, "message refused by Discord");
                    refused = Some(e.to_string());
                }
            }
        }
        match (retry, refused) {
            (Some(e), _) => Err(JobFailure::Retry(e)),
            (None, Some(e)) => Err(JobFailure::Permanent(e)),
            (None, None) => Ok(()),
        }
    }
}
