//! `/participant add | list | remove` (coordinators): parse → app call → render.

use super::data::{Context, Data};
use super::error::BotError;
use super::paging::{screen, PageRequest, Row, Screen, View, ViewText};
use super::render;
use super::render::{role_name, status_name};
use super::reply::{self, actor, ephemeral};
use super::sessions::{circle_opened_line, circles_closed_line, DiscordSessions};
use crate::app::participants::AddParticipant;
use crate::app::Actor;
use crate::domain::participant::ParticipantRole;
use crate::domain::privacy::ParticipantView;
use crate::domain::{Locale, UserId};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
enum RoleChoice {
    #[name = "mentor"]
    Mentor,
    #[name = "mentee"]
    Mentee,
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands("participant_add", "participant_list", "participant_remove"),
    subcommand_required
)]
pub async fn participant(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "add")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn participant_add(
    ctx: Context<'_>,
    user: serenity::User,
    role: RoleChoice,
    company: String,
    themes: Option<String>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let role = match role {
        RoleChoice::Mentor => ParticipantRole::Mentor,
        RoleChoice::Mentee => ParticipantRole::Mentee,
    };
    let circles = DiscordSessions::new(ctx.serenity_context(), ctx.data());
    let enrolled = ctx
        .data()
        .app
        .enrol_participant(
            &actor,
            AddParticipant {
                user: UserId(user.id.get()),
                role,
                company,
                themes,
            },
            &circles,
        )
        .await?;
    let p = &enrolled.participant;
    let i18n = &ctx.data().i18n;
    let l = actor.locale;
    let mut text = i18n.msg(
        l,
        &Msg::new("participant-added")
            .arg("user", render::mention(p.user_id))
            .arg("role", role_name(&ctx.data().i18n, l, p.role))
            .arg("company", p.company.as_str()),
    );
    if let Some(line) = circle_opened_line(ctx.data(), l, enrolled.circle) {
        text = format!("{text}\n{line}");
    }
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "list")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn participant_list(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let first = PageRequest::first(View::Participants);
    reply::screen(ctx, participants_screen(ctx.data(), &actor, first).await?).await
}

#[poise::command(slash_command, guild_only, rename = "remove")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn participant_remove(ctx: Context<'_>, user: serenity::User) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let user = UserId(user.id.get());
    let circles = DiscordSessions::new(ctx.serenity_context(), ctx.data());
    let withdrawn = ctx
        .data()
        .app
        .withdraw_participant(&actor, user, &circles)
        .await?;
    let text = ctx.data().i18n.msg(
        actor.locale,
        &Msg::new("participant-removed").arg("user", render::mention(user)),
    );
    let text = match circles_closed_line(ctx.data(), actor.locale, withdrawn.circles_closed) {
        Some(line) => format!("{text}\n{line}"),
        None => text,
    };
    ephemeral(ctx, text).await
}

/// `/participant list` at the page `request` asks for.
pub async fn participants_screen(
    data: &Data,
    actor: &Actor,
    request: PageRequest,
) -> Result<Screen, BotError> {
    let views = data.app.list_participants(actor).await?;
    let (i18n, l) = (&data.i18n, actor.locale);
    let count = |role| views.iter().filter(|v| v.role == role).count();
    let summary = [
        i18n.msg(
            l,
            &Msg::new("participant-list-header").arg("count", views.len()),
        ),
        i18n.msg(
            l,
            &Msg::new("participant-list-counts")
                .arg("mentors", count(ParticipantRole::Mentor))
                .arg("mentees", count(ParticipantRole::Mentee))
                .arg(
                    "unpaired",
                    views.iter().filter(|v| v.pair.is_none()).count(),
                ),
        ),
    ]
    .join("\n");
    let rows = views
        .iter()
        .map(|v| Row::plain(participant_line(data, l, v)))
        .collect();
    let empty = views
        .is_empty()
        .then(|| i18n.text(l, "participant-list-empty"));
    Ok(screen(
        i18n,
        l,
        ViewText::new(request, summary, rows, empty),
    ))
}

/// One participant: role, company, pair and its status.
fn participant_line(data: &Data, l: Locale, v: &ParticipantView) -> String {
    let pair = match &v.pair {
        Some(p) => format!("#{} ({})", p.pair_id, status_name(&data.i18n, l, p.status)),
        None => data.i18n.text(l, "none"),
    };
    data.i18n.msg(
        l,
        &Msg::new("participant-line")
            .arg("user", render::mention(v.user_id))
            .arg("role", role_name(&data.i18n, l, v.role))
            .arg("company", v.company.as_str())
            .arg("pair", pair),
    )
}
