//! Gateway events other than slash commands: the buttons (charter, check-in, tripartite,
//! view pages, sessions), the objective form, channel updates.

use super::data::Data;
use super::error::BotError;
use super::render;
use super::reply::{actor_from, failure_text};
use crate::app::meetings::CheckInOutcome;
use crate::domain::charter::{parse_sign_button_id, SignOutcome};
use crate::domain::meeting::{parse_checkin_button_id, CheckInAnswer};
use crate::domain::Locale;
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

pub async fn handle(
    framework: poise::FrameworkContext<'_, Data, BotError>,
    event: &serenity::FullEvent,
) -> Result<(), BotError> {
    if let serenity::FullEvent::ChannelUpdate { new, .. } = event {
        super::audit::on_channel_update(framework.serenity_context, framework.user_data, new).await;
        return Ok(());
    }
    if let serenity::FullEvent::InteractionCreate {
        interaction: serenity::Interaction::Component(component),
    } = event
    {
        let (ctx, data) = (framework.serenity_context, framework.user_data);
        let custom_id = &component.data.custom_id;
        if let Some(pair) = parse_sign_button_id(custom_id) {
            sign_charter(ctx, data, component, pair).await;
        } else if let Some((meeting, answer)) = parse_checkin_button_id(custom_id) {
            check_in(ctx, data, component, meeting, answer).await;
        } else if let Some(button) = crate::domain::tripartite::TripartiteButton::parse(custom_id) {
            super::tripartite::on_button(ctx, data, component, button).await;
        } else if let Some(payload) =
            crate::domain::join::JoinPayload::parse_accept_button_id(custom_id)
        {
            super::join::on_accept(ctx, data, component, payload).await;
        } else if custom_id == crate::domain::join::DECLINE_BUTTON_ID {
            super::join::on_decline(ctx, data, component).await;
        } else if let Some(request) = super::paging::PageRequest::parse(custom_id) {
            super::views::on_button(ctx, data, component, request).await;
        } else {
            super::sessions::on_button(ctx, data, component).await;
        }
    }
    if let serenity::FullEvent::InteractionCreate {
        interaction: serenity::Interaction::Modal(modal),
    } = event
    {
        let (ctx, data) = (framework.serenity_context, framework.user_data);
        if modal.data.custom_id == super::objectives::MODAL_ID {
            super::objectives::on_submit(ctx, data, modal).await;
        } else if let Some(payload) =
            crate::domain::join::JoinPayload::parse_form_id(&modal.data.custom_id)
        {
            super::join::on_submit(ctx, data, modal, payload).await;
        }
    }
    Ok(())
}

#[tracing::instrument(skip_all, fields(guild = component.guild_id.map(|g| g.get()), channel = %component.channel_id, user = %component.user.id, interaction = %component.id, pair = %pair))]
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
            &Msg::new("charter-signed").arg("at", render::fmt_instant(*at)),
        ),
        Ok(SignOutcome::AlreadySigned { at }) => data.i18n.msg(
            locale,
            &Msg::new("charter-already-signed").arg("at", render::fmt_instant(*at)),
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
            &Msg::new("charter-signed-public").arg("user", render::mention(actor.user)),
        );
        let message = serenity::CreateMessage::new()
            .content(note)
            .allowed_mentions(serenity::CreateAllowedMentions::new());
        let nonce = format!(
            "s{}-{}",
            pair.0 % 10_000_000_000,
            actor.user.0 % 1_000_000_000
        );
        if let Err(e) = data
            .outbound
            .post(component.channel_id, message, &nonce)
            .await
        {
            tracing::warn!(error = %e, "could not announce the signature");
        }
    }
}

/// « On s'est vu·e·s ? »: the first member's answer is recorded and the buttons are disabled
/// in place; later clicks get a private note of what was recorded.
#[tracing::instrument(skip_all, fields(guild = component.guild_id.map(|g| g.get()), channel = %component.channel_id, user = %component.user.id, interaction = %component.id, meeting = %meeting))]
async fn check_in(
    ctx: &serenity::Context,
    data: &Data,
    component: &serenity::ComponentInteraction,
    meeting: crate::domain::MeetingId,
    answer: CheckInAnswer,
) {
    let locale = Locale::from_discord(&component.locale);
    let Some(guild) = component.guild_id else {
        return;
    };
    let actor = actor_from(guild, component.user.id, component.member.as_ref(), locale);
    let result = data
        .app
        .answer_check_in(&actor, meeting, answer)
        .await
        .map_err(BotError::from);
    let response = match &result {
        Ok(CheckInOutcome::Recorded(status)) => {
            let note = data.i18n.msg(
                locale,
                &Msg::new("checkin-recorded")
                    .arg("user", render::mention(actor.user))
                    .arg(
                        "status",
                        render::meeting_status_name(&data.i18n, locale, *status),
                    ),
            );
            let content = format!("{}\n{note}", component.message.content);
            serenity::CreateInteractionResponse::UpdateMessage(
                serenity::CreateInteractionResponseMessage::new()
                    .content(content)
                    .components(super::meetings::check_in_buttons(
                        data, locale, meeting, true,
                    ))
                    .allowed_mentions(serenity::CreateAllowedMentions::new()),
            )
        }
        Ok(CheckInOutcome::AlreadyAnswered(status)) => ephemeral_response(data.i18n.msg(
            locale,
            &Msg::new("checkin-already").arg(
                "status",
                render::meeting_status_name(&data.i18n, locale, *status),
            ),
        )),
        Err(e) => ephemeral_response(failure_text(data, locale, e)),
    };
    if let Err(e) = component.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not answer the check-in button");
    }
}

fn ephemeral_response(text: String) -> serenity::CreateInteractionResponse {
    serenity::CreateInteractionResponse::Message(
        serenity::CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true),
    )
}
