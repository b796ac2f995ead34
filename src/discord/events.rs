//! Gateway events other than slash commands: the charter button.

use super::reply::{actor_from, failure_text, BotError};
use super::Data;
use crate::domain::charter::{parse_sign_button_id, SignOutcome};
use crate::domain::Locale;
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

pub async fn handle(
    framework: poise::FrameworkContext<'_, Data, BotError>,
    event: &serenity::FullEvent,
) -> Result<(), BotError> {
    if let serenity::FullEvent::InteractionCreate {
        interaction: serenity::Interaction::Component(component),
    } = event
    {
        if let Some(pair) = parse_sign_button_id(&component.data.custom_id) {
            sign_charter(
                framework.serenity_context,
                framework.user_data,
                component,
                pair,
            )
            .await;
        }
    }
    Ok(())
}

async fn sign_charter(
    ctx: &serenity::Context,
    data: &Data,
    component: &serenity::ComponentInteraction,
    pair: crate::domain::PairId,
) {
    let locale = Locale::from_discord(&component.locale);
    let Some(guild) = component.guild_id else {
        return;
    };
    let actor = actor_from(guild, component.user.id, component.member.as_ref(), locale);
    let result = data
        .app
        .sign_charter(&actor, pair)
        .await
        .map_err(BotError::from);
    let text = match &result {
        Ok(SignOutcome::Signed { at }) => data.i18n.msg(
            locale,
            &Msg::new("charter-signed").arg("at", super::commands::fmt_instant(*at)),
        ),
        Ok(SignOutcome::AlreadySigned { at }) => data.i18n.msg(
            locale,
            &Msg::new("charter-already-signed").arg("at", super::commands::fmt_instant(*at)),
        ),
        Err(e) => failure_text(data, locale, e),
    };
    let response = serenity::CreateInteractionResponse::Message(
        serenity::CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true),
    );
    if let Err(e) = component.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not answer the charter button");
        return;
    }
    if let Ok(SignOutcome::Signed { .. }) = result {
        // Tell the other members, without pinging anyone.
        let note = data.i18n.msg(
            locale,
            &Msg::new("charter-signed-public").arg("user", actor.user.mention()),
        );
        let message = serenity::CreateMessage::new()
            .content(note)
            .allowed_mentions(serenity::CreateAllowedMentions::new());
        if let Err(e) = component.channel_id.send_message(&ctx.http, message).await {
            tracing::warn!(error = %e, "could not announce the signature");
        }
    }
}
