//! `/pair create | list` (coordinators): parse → app call → render.

use super::channels::DiscordPairChannels;
use super::data::{Context, Data};
use super::error::BotError;
use super::paging::{pair_counts, screen, PageRequest, Row, Screen, View, ViewText};
use super::render;
use super::render::{fmt_instant, status_name};
use super::reply::{self, actor, ephemeral};
use crate::app::Actor;
use crate::domain::privacy::PairView;
use crate::domain::{Locale, UserId};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

#[poise::command(
    slash_command,
    guild_only,
    subcommands("pair_create", "pair_list"),
    subcommand_required
)]
pub async fn pair(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "create")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn pair_create(
    ctx: Context<'_>,
    mentor: serenity::User,
    mentee: serenity::User,
    mentee2: Option<serenity::User>,
    mentee3: Option<serenity::User>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let mentees: Vec<serenity::User> = [Some(mentee), mentee2, mentee3]
        .into_iter()
        .flatten()
        .collect();
    let names = std::iter::once(&mentor)
        .chain(&mentees)
        .map(|u| (UserId(u.id.get()), u.name.clone()))
        .collect();
    let channels = DiscordPairChannels::new(ctx.serenity_context(), ctx.data(), names);
    let mentee_ids: Vec<UserId> = mentees.iter().map(|u| UserId(u.id.get())).collect();
    let created = ctx
        .data()
        .app
        .create_pair(&actor, UserId(mentor.id.get()), &mentee_ids, &channels)
        .await?;
    let members = created
        .pair
        .members
        .iter()
        .map(|m| render::mention(m.user_id))
        .collect::<Vec<_>>()
        .join(", ");
    let id = if created.charter_posted {
        "pair-created"
    } else {
        "pair-created-no-charter"
    };
    let text = ctx.data().i18n.msg(
        actor.locale,
        &Msg::new(id)
            .arg("members", members)
            .arg("channel", render::channel_mention(created.pair.channel_id)),
    );
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "list")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn pair_list(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let first = PageRequest::first(View::Pairs);
    reply::screen(ctx, pairs_screen(ctx.data(), &actor, first).await?).await
}

/// `/pair list` at the page and filter `request` asks for.
pub async fn pairs_screen(
    data: &Data,
    actor: &Actor,
    request: PageRequest,
) -> Result<Screen, BotError> {
    let pairs = data.app.list_pairs(actor).await?;
    let (i18n, l) = (&data.i18n, actor.locale);
    let summary = [
        i18n.msg(l, &Msg::new("pair-list-header").arg("count", pairs.len())),
        pair_counts(i18n, l, &pairs),
    ]
    .join("\n");
    let rows = pairs
        .iter()
        .filter(|p| request.filter.keeps(*p))
        .map(|p| Row::plain(pair_line(data, l, p)))
        .collect();
    let empty = pairs.is_empty().then(|| i18n.text(l, "pair-list-empty"));
    Ok(screen(
        i18n,
        l,
        ViewText::new(request, summary, rows, empty),
    ))
}

/// One pair: status, members and their signatures, last meeting held.
fn pair_line(data: &Data, l: Locale, p: &PairView) -> String {
    let members = p
        .members
        .iter()
        .map(|m| {
            let id = if m.charter_signed_at.is_some() {
                "pair-member-signed"
            } else {
                "pair-member-unsigned"
            };
            data.i18n
                .msg(l, &Msg::new(id).arg("user", render::mention(m.user_id)))
        })
        .collect::<Vec<_>>()
        .join(" · ");
    let last = match p.last_held {
        Some(at) => fmt_instant(at),
        None => data.i18n.text(l, "never"),
    };
    data.i18n.msg(
        l,
        &Msg::new("pair-line")
            .arg("id", p.pair_id.0)
            .arg("status", status_name(&data.i18n, l, p.status))
            .arg("members", members)
            .arg("last", last),
    )
}
