//! Sessions on Discord: the server's scheduled event, the announcement with its « Je viens » /
//! « Je ne peux pas » buttons, and the « Je suis présent·e » button.

use super::circles::DiscordSessions;
use crate::app::delivery::SessionNotice;
use crate::app::ports::{ChannelError, SessionAnnouncement, SessionDiscord, SessionEventSpec};
use crate::discord::channels::{delivery_error, discord_error};
use crate::discord::data::Data;
use crate::discord::render::{hour, kind_name, place_text, truncate, when};
use crate::domain::session::{session_button_id, Rsvp, SessionButton, SessionId};
use crate::domain::{ChannelId, GuildId, Locale};
use crate::i18n::Msg;
use async_trait::async_trait;
use poise::serenity_prelude as serenity;

pub(super) fn rsvp_buttons(
    data: &Data,
    l: Locale,
    session: SessionId,
) -> Vec<serenity::CreateActionRow> {
    vec![serenity::CreateActionRow::Buttons(vec![
        serenity::CreateButton::new(session_button_id(
            session,
            SessionButton::Rsvp(Rsvp::Coming),
        ))
        .label(data.i18n.text(l, "session-button-coming"))
        .style(serenity::ButtonStyle::Success),
        serenity::CreateButton::new(session_button_id(
            session,
            SessionButton::Rsvp(Rsvp::NotComing),
        ))
        .label(data.i18n.text(l, "session-button-not-coming"))
        .style(serenity::ButtonStyle::Secondary),
    ])]
}

pub(super) fn present_button(
    data: &Data,
    l: Locale,
    session: SessionId,
) -> Vec<serenity::CreateActionRow> {
    vec![serenity::CreateActionRow::Buttons(vec![
        serenity::CreateButton::new(session_button_id(session, SessionButton::Present))
            .label(data.i18n.text(l, "session-button-present"))
            .style(serenity::ButtonStyle::Success),
    ])]
}

fn event_url(guild: GuildId, event: u64) -> String {
    format!("https://discord.com/events/{}/{event}", guild.0)
}

fn announcement_text(data: &Data, l: Locale, n: &SessionNotice) -> String {
    let mut text = data.i18n.msg(
        l,
        &Msg::new("session-announcement")
            .arg("kind", kind_name(&data.i18n, l, n.kind))
            .arg("when", when(l, n.starts_at, n.tz))
            .arg("end", hour(n.ends_at, n.tz))
            .arg("place", place_text(&data.i18n, l, n.place.as_deref())),
    );
    if let Some(event) = n.discord_event_id {
        text.push('\n');
        text.push_str(&data.i18n.msg(
            l,
            &Msg::new("session-event-link").arg("url", event_url(n.guild, event)),
        ));
    }
    text
}

#[async_trait]
impl SessionDiscord for DiscordSessions<'_> {
    async fn create_event(&self, spec: &SessionEventSpec) -> Result<u64, ChannelError> {
        let i18n = &self.data.i18n;
        let l = spec.locale;
        let kind = kind_name(&self.data.i18n, l, spec.kind);
        let name = i18n.msg(
            l,
            &Msg::new("session-event-name")
                .arg("kind", kind.as_str())
                .arg("programme", spec.programme_name.as_str()),
        );
        let description = i18n.msg(
            l,
            &Msg::new("session-event-description").arg("programme", spec.programme_name.as_str()),
        );
        let event = serenity::CreateScheduledEvent::new(
            serenity::ScheduledEventType::External,
            truncate(name, 100),
            spec.starts_at,
        )
        .end_time(spec.ends_at)
        .location(truncate(
            place_text(&self.data.i18n, l, spec.place.as_deref()),
            100,
        ))
        .description(truncate(description, 1000));
        // Straight to the HTTP call: serenity's builder would refuse from its cache unless the
        // bot holds CREATE_EVENTS, while Discord also accepts MANAGE_EVENTS.
        let created = self
            .ctx
            .http
            .create_scheduled_event(serenity::GuildId::new(spec.guild.0), &event, None)
            .await
            .map_err(discord_error)?;
        tracing::info!(event = %created.id, "scheduled event created");
        Ok(created.id.get())
    }

    async fn delete_event(&self, guild: GuildId, event: u64) -> Result<(), ChannelError> {
        self.ctx
            .http
            .delete_scheduled_event(
                serenity::GuildId::new(guild.0),
                serenity::ScheduledEventId::new(event),
            )
            .await
            .map_err(discord_error)
    }

    async fn announce(
        &self,
        a: &SessionAnnouncement,
    ) -> Vec<(ChannelId, Result<(), ChannelError>)> {
        let text = announcement_text(self.data, a.locale, &a.notice);
        let mut out = Vec::new();
        for (i, channel) in a.channels.iter().enumerate() {
            let message = serenity::CreateMessage::new()
                .content(text.clone())
                .components(rsvp_buttons(self.data, a.locale, a.notice.session))
                .allowed_mentions(serenity::CreateAllowedMentions::new());
            // One nonce per channel: Discord matches nonces per author, not per channel.
            let nonce = format!("sess{}a{i}", a.notice.session.0 % 1_000_000_000_000);
            let result = self
                .data
                .outbound
                .post(serenity::ChannelId::new(channel.0), message, &nonce)
                .await
                .map(|_| ())
                .map_err(delivery_error);
            out.push((*channel, result));
        }
        out
    }
}
