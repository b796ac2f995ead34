//! Delivering what due jobs must send, through the one outbound path.

use super::data::Data;
use super::meetings::check_in_buttons;
use super::outbound::{DeliveryError, Outbound};
use super::render;
use super::render::{mentions, when};
use crate::app::jobs::Delivery;
use crate::app::AppError;
use crate::domain::job::{Job, NonceTag};
use crate::domain::UserId;
use crate::i18n::Msg;
use crate::schedule::{JobFailure, JobHandler};
use async_trait::async_trait;
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

    async fn deliver(&self, job: &Job, delivery: &Delivery) -> Result<(), DeliveryError> {
        let i18n = &self.data.i18n;
        // Nonces name the recipient, not the position in the list, so a retry planned from
        // fresh data (a pair booked a meeting meanwhile) still recognises what went out.
        let nonce = match delivery {
            Delivery::Reminder { channel, .. } => job.nonce(NonceTag::Reminder, channel.0),
            Delivery::PostureDm { user, .. } => job.nonce(NonceTag::PostureDm, user.0),
            Delivery::CheckIn { channel, .. } => job.nonce(NonceTag::CheckIn, channel.0),
            Delivery::Nudge { channel, .. } => job.nonce(NonceTag::Nudge, channel.0),
            Delivery::Tripartite(m) => job.nonce(NonceTag::Tripartite, m.to.0),
            // These name each of their messages themselves.
            Delivery::Digest { .. } | Delivery::Session(_) => String::new(),
        };
        match delivery {
            Delivery::Reminder {
                channel,
                members,
                starts_at,
                tz,
                offset_minutes,
                locale,
            } => {
                let l = *locale;
                let hours = offset_minutes / 60;
                let text = i18n.msg(
                    l,
                    &Msg::new("reminder-message")
                        .arg("members", mentions(members))
                        .arg("when", when(l, *starts_at, *tz))
                        .arg("hours", hours)
                        .arg("minutes", *offset_minutes),
                );
                self.post(*channel, text, members, Vec::new(), &nonce).await
            }
            Delivery::PostureDm {
                user,
                fallback_channel,
                prompt,
                locale,
            } => {
                let text = i18n.msg(
                    *locale,
                    &Msg::new("posture-dm").arg("prompt", prompt.as_str()),
                );
                let message = serenity::CreateMessage::new().content(text);
                match self
                    .outbound
                    .dm(serenity::UserId::new(user.0), message, &nonce)
                    .await
                {
                    Err(DeliveryError::DmClosed) => {
                        tracing::info!(user = %user, "DMs closed: posture prompt posted in the pair channel");
                        let text = i18n.msg(
                            *locale,
                            &Msg::new("posture-fallback")
                                .arg("user", render::mention(*user))
                                .arg("prompt", prompt.as_str()),
                        );
                        let fallback_nonce = job.nonce(NonceTag::PostureFallback, user.0);
                        self.post(
                            *fallback_channel,
                            text,
                            &[*user],
                            Vec::new(),
                            &fallback_nonce,
                        )
                        .await
                    }
                    other => other.map(|_| ()),
                }
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
                let key = if *round <= 1 {
                    "checkin-message"
                } else {
                    "checkin-again"
                };
                let text = i18n.msg(
                    l,
                    &Msg::new(key)
                        .arg("members", mentions(members))
                        .arg("when", when(l, *starts_at, *tz)),
                );
                let buttons = check_in_buttons(&self.data, l, *meeting, false);
                self.post(*channel, text, members, buttons, &nonce).await
            }
            Delivery::Nudge {
                channel,
                members,
                locale,
            } => {
                let text = i18n.msg(
                    *locale,
                    &Msg::new("nudge-message").arg("members", mentions(members)),
                );
                self.post(*channel, text, members, Vec::new(), &nonce).await
            }
            Delivery::Digest {
                channel,
                locale,
                digest,
            } => {
                let text = super::reports::render_digest(&self.data, *locale, digest);
                // A long digest goes out in several messages, each with its own nonce.
                for (i, chunk) in render::chunks(&text).into_iter().enumerate() {
                    let nonce = job.nonce(NonceTag::Digest, i as u64);
                    self.post(*channel, chunk, &[], Vec::new(), &nonce).await?;
                }
                Ok(())
            }
            Delivery::Tripartite(message) => {
                super::tripartite::deliver(&self.data, &nonce, message).await
            }
            Delivery::Session(d) => {
                super::sessions::deliver(&self.data, &self.outbound, job, d).await
            }
        }
    }

    async fn post(
        &self,
        channel: crate::domain::ChannelId,
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

#[async_trait]
impl JobHandler for DiscordJobs {
    async fn handle(&self, job: &Job) -> Result<(), JobFailure> {
        let deliveries = self.data.app.plan_job(job).await.map_err(|e| match e {
            AppError::User(u) => JobFailure::Permanent(u.to_string()),
            AppError::Internal(e) => JobFailure::Retry(format!("{e:#}")),
        })?;
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
