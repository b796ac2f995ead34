//! `/tripartite propose | list` (coordinators), the tripartite buttons, and the rendering and
//! delivery of tripartite messages. Parse → app call → render.

use super::data::{Context, Data};
use super::error::BotError;
use super::outbound::DeliveryError;
use super::paging::{screen, PageRequest, Row, Screen, View, ViewText};
use super::render::{mention, tripartite_status_name, when};
use super::reply::{self, actor, ephemeral, failure_text};
use crate::app::delivery::{TripartiteBody, TripartiteMessage};
use crate::app::tripartite::{AnswerOutcome, Clicker, OutcomeAnswer, ProposeTripartite};
use crate::app::Actor;
use crate::domain::tripartite::{
    TripartiteAnswer, TripartiteButton, TripartiteId, TripartiteStatus,
};
use crate::domain::{GuildId, Locale, RoleId, UserId};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

#[poise::command(
    slash_command,
    guild_only,
    subcommands("tripartite_propose", "tripartite_list"),
    subcommand_required
)]
pub async fn tripartite(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "propose")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn tripartite_propose(
    ctx: Context<'_>,
    #[min = 1] pair: i64,
    date: String,
    time: String,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let (programme, t) = ctx
        .data()
        .app
        .propose_tripartite(&actor, ProposeTripartite { pair, date, time })
        .await?;
    let l = actor.locale;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("tri-proposed")
            .arg("pair", t.pair_id.0)
            .arg("when", when(l, t.starts_at, programme.time_zone)),
    );
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "list")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn tripartite_list(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let first = PageRequest::first(View::Tripartites);
    reply::screen(ctx, tripartites_screen(ctx.data(), &actor, first).await?).await
}

/// `/tripartite list` at the page `request` asks for.
pub async fn tripartites_screen(
    data: &Data,
    actor: &Actor,
    request: PageRequest,
) -> Result<Screen, BotError> {
    let (programme, views) = data.app.list_tripartites(actor).await?;
    let (i18n, l) = (&data.i18n, actor.locale);
    let summary = i18n.msg(l, &Msg::new("tri-list-header").arg("count", views.len()));
    let rows = views
        .iter()
        .map(|v| {
            Row::plain(
                i18n.msg(
                    l,
                    &Msg::new("tri-list-line")
                        .arg("pair", v.pair_id.0)
                        .arg("when", when(l, v.starts_at, programme.time_zone))
                        .arg("status", tripartite_status_name(i18n, l, v.status)),
                ),
            )
        })
        .collect();
    let empty = views.is_empty().then(|| i18n.text(l, "tri-list-empty"));
    Ok(screen(
        i18n,
        l,
        ViewText::new(request, summary, rows, empty),
    ))
}

/// Accept / Decline on the request addressed to `user`.
fn answer_buttons(
    data: &Data,
    l: Locale,
    tripartite: TripartiteId,
    user: UserId,
    disabled: bool,
) -> Vec<serenity::CreateActionRow> {
    use serenity::ButtonStyle::{Secondary, Success};
    let id = |answer| {
        TripartiteButton::Answer {
            tripartite,
            user,
            answer,
        }
        .custom_id()
    };
    super::render::button_row(
        &data.i18n,
        l,
        disabled,
        &[
            (id(TripartiteAnswer::Accept), "tri-accept", Success),
            (id(TripartiteAnswer::Decline), "tri-decline", Secondary),
        ],
    )
}

/// Held / not held, for the coordinator.
fn outcome_buttons(
    data: &Data,
    l: Locale,
    tripartite: TripartiteId,
    disabled: bool,
) -> Vec<serenity::CreateActionRow> {
    let button = |held, key, style| {
        serenity::CreateButton::new(TripartiteButton::Outcome { tripartite, held }.custom_id())
            .label(data.i18n.text(l, key))
            .style(style)
            .disabled(disabled)
    };
    vec![serenity::CreateActionRow::Buttons(vec![
        button(true, "tri-held", serenity::ButtonStyle::Success),
        button(false, "tri-not-held", serenity::ButtonStyle::Secondary),
    ])]
}

/// A tripartite button was pressed, in a DM or (DMs closed) in the pair or coordinator
/// channel. The first answer is recorded and the buttons are disabled in place; anything
/// else gets a private note.
#[tracing::instrument(skip_all, fields(guild = component.guild_id.map(|g| g.get()), channel = %component.channel_id, user = %component.user.id, interaction = %component.id))]
pub async fn on_button(
    ctx: &serenity::Context,
    data: &Data,
    component: &serenity::ComponentInteraction,
    button: TripartiteButton,
) {
    let l = Locale::from_discord(&component.locale);
    let clicker = Clicker {
        user: UserId(component.user.id.get()),
        guild: component.guild_id.map(|g| GuildId(g.get())),
        roles: component
            .member
            .as_ref()
            .map(|m| m.roles.iter().map(|r| RoleId(r.get())).collect())
            .unwrap_or_default(),
    };
    let response = match button {
        TripartiteButton::Answer {
            tripartite,
            user,
            answer,
        } => on_answer(data, component, &clicker, l, (tripartite, user, answer)).await,
        TripartiteButton::Outcome { tripartite, held } => {
            on_outcome(data, component, &clicker, l, tripartite, held).await
        }
    };
    if let Err(e) = component.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not answer a tripartite button");
    }
}

/// Accept / Decline, pressed by the person asked.
async fn on_answer(
    data: &Data,
    component: &serenity::ComponentInteraction,
    clicker: &Clicker,
    l: Locale,
    (tripartite, user, answer): (TripartiteId, UserId, TripartiteAnswer),
) -> serenity::CreateInteractionResponse {
    let app = &data.app;
    match app
        .answer_tripartite(clicker, tripartite, user, answer)
        .await
        .map_err(BotError::from)
    {
        Ok((_, AnswerOutcome::Recorded(status))) => {
            let key = match (answer, status) {
                (TripartiteAnswer::Decline, _) => "tri-answer-declined",
                (TripartiteAnswer::Accept, TripartiteStatus::Scheduled) => "tri-answer-scheduled",
                (TripartiteAnswer::Accept, _) => "tri-answer-accepted",
            };
            // In a pair channel (DMs closed) co-members would read the answer: say only
            // that it was recorded.
            let key = if component.guild_id.is_some() {
                "tri-answer-noted"
            } else {
                key
            };
            updated(
                component,
                data.i18n.text(l, key),
                answer_buttons(data, l, tripartite, user, true),
            )
        }
        Ok((_, AnswerOutcome::AlreadyAnswered(previous))) => private(data.i18n.msg(
            l,
            &Msg::new("tri-already-answered").arg("answer", previous.as_str()),
        )),
        Err(e) => private(failure_text(data, l, &e)),
    }
}

/// Held / not held, pressed by the coordinator.
async fn on_outcome(
    data: &Data,
    component: &serenity::ComponentInteraction,
    clicker: &Clicker,
    l: Locale,
    tripartite: TripartiteId,
    held: bool,
) -> serenity::CreateInteractionResponse {
    let app = &data.app;
    match app
        .record_tripartite_outcome(clicker, tripartite, held)
        .await
        .map_err(BotError::from)
    {
        Ok((_, OutcomeAnswer::Recorded(status))) => updated(
            component,
            data.i18n.msg(
                l,
                &Msg::new("tri-outcome-recorded")
                    .arg("status", tripartite_status_name(&data.i18n, l, status)),
            ),
            outcome_buttons(data, l, tripartite, true),
        ),
        Ok((_, OutcomeAnswer::AlreadyRecorded(status))) => private(
            data.i18n.msg(
                l,
                &Msg::new("tri-outcome-already")
                    .arg("status", tripartite_status_name(&data.i18n, l, status)),
            ),
        ),
        Err(e) => private(failure_text(data, l, &e)),
    }
}

/// The message the button was on, with `note` appended and its buttons disabled.
fn updated(
    component: &serenity::ComponentInteraction,
    note: String,
    buttons: Vec<serenity::CreateActionRow>,
) -> serenity::CreateInteractionResponse {
    serenity::CreateInteractionResponse::UpdateMessage(
        serenity::CreateInteractionResponseMessage::new()
            .content(format!("{}\n{note}", component.message.content))
            .components(buttons)
            .allowed_mentions(serenity::CreateAllowedMentions::new()),
    )
}

fn private(text: String) -> serenity::CreateInteractionResponse {
    serenity::CreateInteractionResponse::Message(
        serenity::CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true),
    )
}

/// Sends one tripartite message by DM; when the person's DMs are closed, posts it in the
/// fallback channel mentioning them (and only them).
pub async fn deliver(data: &Data, nonce: &str, m: &TripartiteMessage) -> Result<(), DeliveryError> {
    let (text, buttons) = render(data, m);
    let mut dm = serenity::CreateMessage::new().content(text.clone());
    if !buttons.is_empty() {
        dm = dm.components(buttons.clone());
    }
    match data
        .outbound
        .dm(serenity::UserId::new(m.to.0), dm, nonce)
        .await
    {
        Ok(_) => Ok(()),
        Err(DeliveryError::DmClosed) => {
            let Some(channel) = m.fallback else {
                return Err(DeliveryError::DmClosed);
            };
            tracing::info!(user = %m.to, "DMs closed: tripartite message posted in the fallback channel");
            let text = data.i18n.msg(
                m.locale,
                &Msg::new("tri-fallback")
                    .arg("user", mention(m.to))
                    .arg("text", text),
            );
            let mut message = serenity::CreateMessage::new()
                .content(text)
                .allowed_mentions(
                    serenity::CreateAllowedMentions::new().users([serenity::UserId::new(m.to.0)]),
                );
            if !buttons.is_empty() {
                message = message.components(buttons);
            }
            data.outbound
                .post(
                    serenity::ChannelId::new(channel.0),
                    message,
                    &format!("{nonce}f"),
                )
                .await
                .map(|_| ())
        }
        Err(e) => Err(e),
    }
}

fn render(data: &Data, m: &TripartiteMessage) -> (String, Vec<serenity::CreateActionRow>) {
    let l = m.locale;
    let i18n = &data.i18n;
    let when = when(l, m.starts_at, m.tz);
    let msg = |id: &'static str| Msg::new(id).arg("when", when.clone()).arg("pair", m.pair.0);
    match m.body {
        TripartiteBody::Request {
            tripartite,
            proposer,
        } => (
            i18n.msg(l, &msg("tri-request").arg("coordinator", mention(proposer))),
            answer_buttons(data, l, tripartite, m.to, false),
        ),
        TripartiteBody::Scheduled => (i18n.msg(l, &msg("tri-scheduled")), Vec::new()),
        TripartiteBody::Confirmed => (i18n.msg(l, &msg("tri-confirmed")), Vec::new()),
        TripartiteBody::Declined => (i18n.msg(l, &msg("tri-declined")), Vec::new()),
        TripartiteBody::CalledOff => (i18n.msg(l, &msg("tri-called-off")), Vec::new()),
        TripartiteBody::Lapsed => (i18n.msg(l, &msg("tri-lapsed")), Vec::new()),
        TripartiteBody::Reminder { offset_minutes } => (
            i18n.msg(
                l,
                &msg("tri-reminder")
                    .arg("hours", offset_minutes / 60)
                    .arg("minutes", offset_minutes),
            ),
            Vec::new(),
        ),
        TripartiteBody::OutcomeQuestion { tripartite } => (
            i18n.msg(l, &msg("tri-outcome-question")),
            outcome_buttons(data, l, tripartite, false),
        ),
    }
}
