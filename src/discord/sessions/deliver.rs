//! Delivering session jobs: reminders (DM, or the pair channel when DMs are closed), the
//! check-in message with its button, and the cancellation notes.

use super::announce::present_button;
use crate::app::delivery::{Recipient, SessionDelivery, SessionNotice};
use crate::discord::data::Data;
use crate::discord::limits;
use crate::discord::outbound::{DeliveryError, Outbound};
use crate::discord::render::{kind_name, mentions, place_text, when};
use crate::domain::job::{Job, NonceTag};
use crate::domain::{ChannelId, Locale, UserId};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;
use std::collections::BTreeMap;

fn delay_key(offset_minutes: i64) -> &'static str {
    match offset_minutes {
        10080 => "session-when-week",
        1440 => "session-when-day",
        60 => "session-when-hour",
        _ => "session-when-soon",
    }
}

/// One session job's delivery: a `match` over its kind, one function each.
pub async fn deliver(
    data: &Data,
    outbound: &Outbound,
    job: &Job,
    delivery: &SessionDelivery,
) -> Result<(), DeliveryError> {
    match delivery {
        SessionDelivery::Reminder {
            notice,
            offset_minutes,
            recipients,
            locale,
        } => {
            let text = Reminder {
                data,
                notice,
                offset_minutes: *offset_minutes,
            };
            reminder(outbound, job, &text, recipients, *locale).await
        }
        SessionDelivery::CheckIn {
            notice,
            channels,
            locale,
        } => check_in(data, outbound, job, notice, channels, *locale).await,
        SessionDelivery::Cancelled {
            notice,
            channels,
            recipients,
            locale,
        } => {
            let text = Cancelled { data, notice };
            cancelled(outbound, job, &text, (channels, recipients), *locale).await
        }
    }
}

/// The reminder's text, for a DM or (with the members it mentions) a fallback post.
struct Reminder<'a> {
    data: &'a Data,
    notice: &'a SessionNotice,
    offset_minutes: i64,
}

impl Reminder<'_> {
    fn text(&self, l: Locale, key: &'static str, members: Option<String>) -> String {
        let (data, notice) = (self.data, self.notice);
        let mut msg = Msg::new(key)
            .arg("kind", kind_name(&data.i18n, l, notice.kind))
            .arg("delay", data.i18n.text(l, delay_key(self.offset_minutes)))
            .arg("when", when(l, notice.starts_at, notice.tz))
            .arg("place", place_text(&data.i18n, l, notice.place.as_deref()));
        if let Some(m) = members {
            msg = msg.arg("members", m);
        }
        data.i18n.msg(l, &msg)
    }
}

/// The cancellation's text, for a channel note, a DM or a fallback post.
struct Cancelled<'a> {
    data: &'a Data,
    notice: &'a SessionNotice,
}

impl Cancelled<'_> {
    fn text(&self, l: Locale, key: &'static str, members: Option<String>) -> String {
        let (data, notice) = (self.data, self.notice);
        let mut msg = Msg::new(key)
            .arg("kind", kind_name(&data.i18n, l, notice.kind))
            .arg("when", when(l, notice.starts_at, notice.tz));
        if let Some(m) = members {
            msg = msg.arg("members", m);
        }
        data.i18n.msg(l, &msg)
    }
}

/// A week, a day or an hour before: DMs, and the pair channel for those whose DMs are closed.
async fn reminder(
    outbound: &Outbound,
    job: &Job,
    text: &Reminder<'_>,
    recipients: &[Recipient],
    locale: Locale,
) -> Result<(), DeliveryError> {
    tell_each(
        outbound,
        job,
        recipients,
        |l| text.text(l, "session-reminder-dm", None),
        |users| text.text(locale, "session-reminder-fallback", Some(mentions(users))),
    )
    .await
}

/// « Je suis présent·e » in each channel the session was announced in.
async fn check_in(
    data: &Data,
    outbound: &Outbound,
    job: &Job,
    notice: &SessionNotice,
    channels: &[ChannelId],
    l: Locale,
) -> Result<(), DeliveryError> {
    let text = data.i18n.msg(
        l,
        &Msg::new("session-checkin-message").arg("kind", kind_name(&data.i18n, l, notice.kind)),
    );
    let message = serenity::CreateMessage::new()
        .content(text)
        .components(present_button(data, l, notice.session));
    post_in_each(outbound, job, channels, NonceTag::SessionCheckIn, message).await
}

/// A note in each announcement channel, then DMs, then fallback posts.
async fn cancelled(
    outbound: &Outbound,
    job: &Job,
    text: &Cancelled<'_>,
    (channels, recipients): (&[ChannelId], &[Recipient]),
    locale: Locale,
) -> Result<(), DeliveryError> {
    let note =
        serenity::CreateMessage::new().content(text.text(locale, "session-cancelled-note", None));
    post_in_each(outbound, job, channels, NonceTag::SessionNote, note).await?;
    tell_each(
        outbound,
        job,
        recipients,
        |l| text.text(l, "session-cancelled-dm", None),
        |users| text.text(locale, "session-cancelled-fallback", Some(mentions(users))),
    )
    .await
}

/// The same message, pinging no one, in each channel, each with its own nonce.
async fn post_in_each(
    outbound: &Outbound,
    job: &Job,
    channels: &[ChannelId],
    tag: NonceTag,
    message: serenity::CreateMessage,
) -> Result<(), DeliveryError> {
    for channel in channels {
        let message = message
            .clone()
            .allowed_mentions(serenity::CreateAllowedMentions::new());
        outbound
            .post(
                serenity::ChannelId::new(channel.0),
                message,
                &job.nonce(tag, channel.0),
            )
            .await?;
    }
    Ok(())
}

/// A DM to each recipient in their language; those whose DMs are closed are mentioned in
/// their fallback channel instead.
async fn tell_each(
    outbound: &Outbound,
    job: &Job,
    recipients: &[Recipient],
    dm: impl Fn(Locale) -> String,
    fallback: impl Fn(&[UserId]) -> String,
) -> Result<(), DeliveryError> {
    let closed = send_dms(outbound, job, recipients, |r| dm(r.locale)).await?;
    post_fallbacks(outbound, job, &closed, fallback).await
}

/// DMs each recipient; returns, per fallback channel, those whose DMs are closed. A refusal
/// for one person is logged and the others still get theirs; running out of retries fails
/// the job so it is tried again (the nonces keep the DMs already sent from repeating).
async fn send_dms(
    outbound: &Outbound,
    job: &Job,
    recipients: &[Recipient],
    text: impl Fn(&Recipient) -> String,
) -> Result<BTreeMap<ChannelId, Vec<UserId>>, DeliveryError> {
    let mut closed: BTreeMap<ChannelId, Vec<UserId>> = BTreeMap::new();
    for r in recipients {
        let message = serenity::CreateMessage::new().content(text(r));
        match outbound
            .dm(
                serenity::UserId::new(r.user.0),
                message,
                &job.nonce(NonceTag::SessionDm, r.user.0),
            )
            .await
        {
            Ok(_) => {}
            Err(DeliveryError::DmClosed) => match r.fallback {
                Some(channel) => closed.entry(channel).or_default().push(r.user),
                None => tracing::warn!(user = %r.user, "DMs closed and no channel to fall back to"),
            },
            Err(e @ DeliveryError::GaveUp { .. }) => return Err(e),
            Err(e) => tracing::warn!(user = %r.user, error = %e, "session DM refused"),
        }
    }
    Ok(closed)
}

/// Per fallback channel, messages mentioning (and pinging) only those concerned: as many as
/// Discord's limits need (2000 characters, 100 pinged users), in order. Each part's nonce
/// names its first person, so a retry recognises what was already posted.
async fn post_fallbacks(
    outbound: &Outbound,
    job: &Job,
    closed: &BTreeMap<ChannelId, Vec<UserId>>,
    text: impl Fn(&[UserId]) -> String,
) -> Result<(), DeliveryError> {
    for (channel, users) in closed {
        let room = limits::MAX_CONTENT.saturating_sub(text(&[]).chars().count());
        let batches = limits::mention_batches(users, room);
        tracing::info!(%channel, users = users.len(), messages = batches.len(), "DMs closed: session message posted in the channel");
        for batch in batches {
            let message = serenity::CreateMessage::new()
                .content(text(batch))
                .allowed_mentions(
                    serenity::CreateAllowedMentions::new()
                        .users(batch.iter().map(|u| serenity::UserId::new(u.0))),
                );
            outbound
                .post(
                    serenity::ChannelId::new(channel.0),
                    message,
                    &job.nonce(NonceTag::SessionFallback, batch[0].0),
                )
                .await?;
        }
    }
    Ok(())
}
