//! `/join` (anyone on the server): the privacy notice with two buttons, then a form for the
//! company. The choices travel in the buttons' and the form's `custom_id`
//! (`domain::join::JoinPayload`); nothing is stored until the form is submitted.

use super::data::{Context, Data};
use super::error::BotError;
use super::participants::RoleChoice;
use super::reply::{actor, actor_from, failure_text};
use crate::app::join::JoinChoice;
use crate::domain::join::{JoinPayload, DECLINE_BUTTON_ID};
use crate::domain::participant::ParticipantRole;
use crate::domain::Locale;
use poise::serenity_prelude as serenity;

const FIELD_COMPANY: &str = "company";
const MAX_COMPANY: u16 = 100;

#[poise::command(slash_command, guild_only)]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
pub async fn join(
    ctx: Context<'_>,
    role: RoleChoice,
    #[autocomplete = "theme_choices"] theme: String,
    #[autocomplete = "theme_choices"] theme2: Option<String>,
    #[autocomplete = "theme_choices"] theme3: Option<String>,
    #[min = 1]
    #[max = 3]
    capacity: Option<u8>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let role = ParticipantRole::from(role);
    let themes = [Some(theme), theme2, theme3]
        .into_iter()
        .flatten()
        .collect();
    let payload = ctx
        .data()
        .app
        .prepare_join(
            &actor,
            JoinChoice {
                role,
                themes,
                capacity,
            },
        )
        .await?;
    let (i18n, l) = (&ctx.data().i18n, actor.locale);
    let buttons = vec![serenity::CreateActionRow::Buttons(vec![
        serenity::CreateButton::new(payload.accept_button_id())
            .label(i18n.text(l, "join-accept"))
            .style(serenity::ButtonStyle::Success),
        serenity::CreateButton::new(DECLINE_BUTTON_ID)
            .label(i18n.text(l, "join-decline"))
            .style(serenity::ButtonStyle::Secondary),
    ])];
    ctx.send(
        poise::CreateReply::default()
            .content(i18n.text(l, "join-notice"))
            .components(buttons)
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// Discord's most suggestions per answer.
const MAX_SUGGESTIONS: usize = 25;

/// The programme's themes matching what the person typed so far (none when no programme
/// recruits); nothing is checked but the recruitment, nothing stored.
async fn theme_choices(ctx: Context<'_>, typed: &str) -> serenity::CreateAutocompleteResponse {
    let themes = match actor(ctx) {
        Ok(actor) => ctx
            .data()
            .app
            .join_themes(&actor, typed, MAX_SUGGESTIONS)
            .await
            .unwrap_or_else(|e| {
                tracing::warn!(error = %e, "could not suggest themes");
                Vec::new()
            }),
        Err(_) => Vec::new(),
    };
    serenity::CreateAutocompleteResponse::new().set_choices(
        themes
            .into_iter()
            .map(|t| serenity::AutocompleteChoice::new(t.clone(), t))
            .collect(),
    )
}

/// « J'accepte et je continue »: checked again, then the form asking the company.
#[tracing::instrument(skip_all, fields(guild = component.guild_id.map(|g| g.get()), user = %component.user.id, interaction = %component.id))]
pub async fn on_accept(
    ctx: &serenity::Context,
    data: &Data,
    component: &serenity::ComponentInteraction,
    payload: JoinPayload,
) {
    let locale = Locale::from_discord(&component.locale);
    let Some(guild) = component.guild_id else {
        return;
    };
    let actor = actor_from(guild, component.user.id, component.member.as_ref(), locale);
    let response = match data.app.check_join(&actor, &payload).await {
        Ok(()) => serenity::CreateInteractionResponse::Modal(form(data, locale, &payload)),
        Err(e) => message(failure_text(data, locale, &BotError::from(e))),
    };
    if let Err(e) = component.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not answer the join notice");
    }
}

/// « Non merci »: the notice is replaced, nothing was recorded.
pub async fn on_decline(
    ctx: &serenity::Context,
    data: &Data,
    component: &serenity::ComponentInteraction,
) {
    let locale = Locale::from_discord(&component.locale);
    let response = serenity::CreateInteractionResponse::UpdateMessage(
        serenity::CreateInteractionResponseMessage::new()
            .content(data.i18n.text(locale, "join-declined"))
            .components(Vec::new()),
    );
    if let Err(e) = component.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not answer the join notice");
    }
}

fn form(data: &Data, l: Locale, payload: &JoinPayload) -> serenity::CreateModal {
    serenity::CreateModal::new(payload.form_id(), data.i18n.text(l, "join-form-title")).components(
        vec![serenity::CreateActionRow::InputText(
            serenity::CreateInputText::new(
                serenity::InputTextStyle::Short,
                data.i18n.text(l, "join-form-company"),
                FIELD_COMPANY,
            )
            .max_length(MAX_COMPANY)
            .required(true),
        )],
    )
}

/// The form was submitted: the request is recorded with the consent.
#[tracing::instrument(skip_all, fields(guild = modal.guild_id.map(|g| g.get()), user = %modal.user.id, interaction = %modal.id))]
pub async fn on_submit(
    ctx: &serenity::Context,
    data: &Data,
    modal: &serenity::ModalInteraction,
    payload: JoinPayload,
) {
    let locale = Locale::from_discord(&modal.locale);
    let Some(guild) = modal.guild_id else {
        return;
    };
    let actor = actor_from(guild, modal.user.id, modal.member.as_ref(), locale);
    let company = modal
        .data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            serenity::ActionRowComponent::InputText(t) if t.custom_id == FIELD_COMPANY => {
                t.value.clone()
            }
            _ => None,
        })
        .unwrap_or_default();
    let text = match data.app.request_join(&actor, &payload, &company).await {
        Ok(_) => data.i18n.text(locale, "join-requested"),
        Err(e) => failure_text(data, locale, &BotError::from(e)),
    };
    if let Err(e) = modal.create_response(&ctx.http, message(text)).await {
        tracing::warn!(error = %e, "could not answer the join form");
    }
}

fn message(text: String) -> serenity::CreateInteractionResponse {
    serenity::CreateInteractionResponse::Message(
        serenity::CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true)
            .allowed_mentions(serenity::CreateAllowedMentions::new()),
    )
}
