//! `/pair create | list` (coordinators): parse → app call → render.

use super::channels::DiscordPairChannels;
use super::data::{Context, Data};
use super::error::BotError;
use super::render;
use super::render::{fmt_instant, status_name};
use super::reply::{actor, ephemeral};
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
    // Creating a category, a channel and a message may take longer than Discord's 3 s.
    ctx.defer_ephemeral().await?;
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
    let pairs = ctx.data().app.list_pairs(&actor).await?;
    let text = render_pairs(ctx.data(), actor.locale, &pairs);
    ephemeral(ctx, text).await
}

fn render_pairs(data: &Data, l: Locale, pairs: &[PairView]) -> String {
    if pairs.is_empty() {
        return data.i18n.text(l, "pair-list-empty");
    }
    let mut lines = vec![data
        .i18n
        .msg(l, &Msg::new("pair-list-header").arg("count", pairs.len()))];
    for p in pairs {
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
        lines.push(
            data.i18n.msg(
                l,
                &Msg::new("pair-line")
                    .arg("id", p.pair_id.0)
                    .arg("status", status_name(&data.i18n, l, p.status))
                    .arg("members", members)
                    .arg("last", last),
            ),
        );
    }
    lines.join("\n")
}
