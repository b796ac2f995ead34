//! The session buttons: « Je viens » / « Je ne peux pas » and « Je suis présent·e ».

use crate::app::Actor;
use crate::discord::data::Data;
use crate::discord::error::BotError;
use crate::discord::render::{fmt_instant, kind_name, when};
use crate::discord::reply::{actor_from, failure_text};
use crate::domain::session::{
    parse_session_button_id, PresenceOutcome, Rsvp, SessionButton, SessionId,
};
use crate::domain::Locale;
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

/// Handles a session button; ignores any other custom id.
#[tracing::instrument(skip_all, fields(guild = component.guild_id.map(|g| g.get()), channel = %component.channel_id, user = %component.user.id, interaction = %component.id, session = tracing::field::Empty))]
pub async fn on_button(
    ctx: &serenity::Context,
    data: &Data,
    component: &serenity::ComponentInteraction,
) {
    let Some((session, button)) = parse_session_button_id(&component.data.custom_id) else {
        return;
    };
    tracing::Span::current().record("session", session.0);
    let locale = Locale::from_discord(&component.locale);
    let Some(guild) = component.guild_id else {
        return;
    };
    let actor = actor_from(guild, component.user.id, component.member.as_ref(), locale);
    let text = match button {
        SessionButton::Rsvp(answer) => answer_rsvp(data, &actor, session, answer).await,
        SessionButton::Present => check_in(data, &actor, session).await,
    };
    let response = serenity::CreateInteractionResponse::Message(
        serenity::CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true),
    );
    if let Err(e) = component.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not answer a session button");
    }
}

async fn answer_rsvp(data: &Data, actor: &Actor, session: SessionId, answer: Rsvp) -> String {
    let l = actor.locale;
    match data.app.answer_rsvp(actor, session, answer).await {
        Ok((programme, s)) => {
            let tz = programme.time_zone;
            let key = match answer {
                Rsvp::Coming => "session-rsvp-coming",
                Rsvp::NotComing => "session-rsvp-not-coming",
            };
            data.i18n.msg(
                l,
                &Msg::new(key)
                    .arg("kind", kind_name(&data.i18n, l, s.kind))
                    .arg("when", when(l, s.starts_at, tz)),
            )
        }
        Err(e) => failure_text(data, l, &BotError::from(e)),
    }
}

async fn check_in(data: &Data, actor: &Actor, session: SessionId) -> String {
    let l = actor.locale;
    match data.app.check_in_session(actor, session).await {
        Ok(PresenceOutcome::Recorded(_)) => data.i18n.text(l, "session-present-recorded"),
        Ok(PresenceOutcome::AlreadyRecorded(first)) => data.i18n.msg(
            l,
            &Msg::new("session-present-already").arg("at", fmt_instant(first.recorded_at)),
        ),
        Err(e) => failure_text(data, l, &BotError::from(e)),
    }
}
