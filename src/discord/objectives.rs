//! `/objective`: a mentee opens a form (Discord modal); on submit the objective is posted and
//! pinned in the pair channel, and only the time it was set is recorded. The text is never
//! stored, logged, nor shown anywhere else.

use super::data::{Context, Data};
use super::error::BotError;
use super::render;
use super::reply::{actor, actor_from, failure_text};
use crate::domain::{ChannelId, Locale};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;
use std::sync::atomic::Ordering;

/// The modal's custom id; the pair is the channel the form is submitted in.
pub const MODAL_ID: &str = "objective:form";
const FIELD_OBJECTIVE: &str = "objective";
const FIELD_MILESTONES: &str = "milestones";
const FIELD_MEASURE: &str = "measure";
/// Together with the headings they stay under Discord's 2000 characters per message.
const MAX_OBJECTIVE: u16 = 1000;
const MAX_MILESTONES: u16 = 500;
const MAX_MEASURE: u16 = 200;

#[poise::command(slash_command, guild_only)]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
pub async fn objective(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    ctx.data()
        .app
        .objective_pair(&actor, ChannelId(ctx.channel_id().get()))
        .await?;
    let poise::Context::Application(actx) = ctx else {
        return Ok(());
    };
    let modal = form(ctx.data(), actor.locale);
    actx.interaction
        .create_response(ctx, serenity::CreateInteractionResponse::Modal(modal))
        .await?;
    actx.has_sent_initial_response.store(true, Ordering::SeqCst);
    Ok(())
}

fn form(data: &Data, l: Locale) -> serenity::CreateModal {
    let t = |key: &'static str| data.i18n.text(l, key);
    let input = |style, key: &'static str, id: &str, max: u16, required: bool| {
        serenity::CreateActionRow::InputText(
            serenity::CreateInputText::new(style, t(key), id)
                .max_length(max)
                .required(required),
        )
    };
    serenity::CreateModal::new(MODAL_ID, t("objective-modal-title")).components(vec![
        serenity::CreateActionRow::InputText(
            serenity::CreateInputText::new(
                serenity::InputTextStyle::Paragraph,
                t("objective-field-objective"),
                FIELD_OBJECTIVE,
            )
            .placeholder(t("objective-field-objective-placeholder"))
            .max_length(MAX_OBJECTIVE)
            .required(true),
        ),
        input(
            serenity::InputTextStyle::Paragraph,
            "objective-field-milestones",
            FIELD_MILESTONES,
            MAX_MILESTONES,
            false,
        ),
        input(
            serenity::InputTextStyle::Short,
            "objective-field-measure",
            FIELD_MEASURE,
            MAX_MEASURE,
            false,
        ),
    ])
}

/// What the mentee typed, trimmed; empty optional fields are `None`.
struct Typed {
    objective: String,
    milestones: Option<String>,
    measure: Option<String>,
}

fn typed(modal: &serenity::ModalInteraction) -> Typed {
    let field = |id: &str| {
        modal
            .data
            .components
            .iter()
            .flat_map(|row| row.components.iter())
            .find_map(|c| match c {
                serenity::ActionRowComponent::InputText(t) if t.custom_id == id => {
                    t.value.as_deref().map(str::trim).map(str::to_owned)
                }
                _ => None,
            })
            .filter(|v| !v.is_empty())
    };
    Typed {
        objective: field(FIELD_OBJECTIVE).unwrap_or_default(),
        milestones: field(FIELD_MILESTONES),
        measure: field(FIELD_MEASURE),
    }
}

fn post_text(data: &Data, l: Locale, user: crate::domain::UserId, t: &Typed) -> String {
    let i18n = &data.i18n;
    let mut text = format!(
        "{}\n{}",
        i18n.msg(
            l,
            &Msg::new("objective-post-header").arg("user", render::mention(user))
        ),
        t.objective
    );
    if let Some(m) = &t.milestones {
        text.push_str(&format!(
            "\n\n{}\n{m}",
            i18n.text(l, "objective-post-milestones")
        ));
    }
    if let Some(m) = &t.measure {
        text.push_str(&format!(
            "\n\n{}\n{m}",
            i18n.text(l, "objective-post-measure")
        ));
    }
    text
}

/// The form was submitted: post, pin, record the time, tell the mentee.
#[tracing::instrument(skip_all, fields(guild = modal.guild_id.map(|g| g.get()), channel = %modal.channel_id, user = %modal.user.id, interaction = %modal.id))]
pub async fn on_submit(ctx: &serenity::Context, data: &Data, modal: &serenity::ModalInteraction) {
    let locale = Locale::from_discord(&modal.locale);
    let Some(guild) = modal.guild_id else {
        return;
    };
    let actor = actor_from(guild, modal.user.id, modal.member.as_ref(), locale);
    let channel = ChannelId(modal.channel_id.get());
    // Posting and pinning are two Discord calls: acknowledge within Discord's 3 s first.
    if let Err(e) = modal.defer_ephemeral(&ctx.http).await {
        tracing::warn!(error = %e, "could not acknowledge the objective form");
    }
    let answer = submit(ctx, data, modal, &actor, channel).await;
    let response = serenity::EditInteractionResponse::new()
        .content(answer)
        .allowed_mentions(serenity::CreateAllowedMentions::new());
    if let Err(e) = modal.edit_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not answer the objective form");
    }
}

async fn submit(
    ctx: &serenity::Context,
    data: &Data,
    modal: &serenity::ModalInteraction,
    actor: &crate::app::Actor,
    channel: ChannelId,
) -> String {
    let l = actor.locale;
    // Checked again: membership or roles may have changed while the form was open.
    if let Err(e) = data.app.objective_pair(actor, channel).await {
        return failure_text(data, l, &BotError::from(e));
    }
    let typed = typed(modal);
    if typed.objective.is_empty() {
        return data.i18n.text(l, "err-objective-empty");
    }
    let message = serenity::CreateMessage::new()
        .content(post_text(data, l, actor.user, &typed))
        .allowed_mentions(serenity::CreateAllowedMentions::new());
    // Unique to this submission: a retried delivery does not post twice.
    let nonce = format!("o{}", modal.id.get());
    let posted = match data.outbound.post(modal.channel_id, message, &nonce).await {
        Ok(m) => m,
        Err(e) => {
            // The error describes the delivery, never the text.
            tracing::warn!(error = %e, "could not post an objective");
            return data.i18n.msg(
                l,
                &Msg::new("objective-post-failed").arg("text", typed.objective),
            );
        }
    };
    if let Err(e) = data.app.record_objective_set(actor, channel).await {
        return failure_text(data, l, &BotError::from(e));
    }
    if posted.id.get() != 0 {
        if let Err(e) = modal.channel_id.pin(&ctx.http, posted.id).await {
            tracing::warn!(error = %e, "could not pin an objective");
            return data.i18n.text(l, "objective-pin-failed");
        }
    }
    data.i18n.text(l, "objective-posted")
}
