//! `/programme create | status | close` (coordinators): parse → app call → render.

use super::data::Context;
use super::error::BotError;
use super::render::fmt_date;
use super::reply::{actor, ephemeral};
use crate::app::programmes::CreateProgramme;
use crate::i18n::Msg;

#[poise::command(
    slash_command,
    guild_only,
    subcommands("programme_create", "programme_status", "programme_close"),
    subcommand_required
)]
pub async fn programme(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "create")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn programme_create(
    ctx: Context<'_>,
    name: String,
    start: String,
    end: String,
    themes: Option<String>,
    time_zone: Option<String>,
    recruiting_until: Option<String>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let p = ctx
        .data()
        .app
        .create_programme(
            &actor,
            CreateProgramme {
                name,
                starts_on: start,
                ends_on: end,
                time_zone,
                themes,
                recruiting_until,
            },
        )
        .await?;
    let l = actor.locale;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("programme-created")
            .arg("name", p.name.as_str())
            .arg("start", fmt_date(l, p.dates.starts_on()))
            .arg("end", fmt_date(l, p.dates.ends_on()))
            .arg("tz", p.time_zone.name())
            .arg("themes", p.themes.joined()),
    );
    let text = match p.recruiting_until {
        Some(until) => {
            let line = ctx.data().i18n.msg(
                l,
                &Msg::new("programme-recruiting-until").arg("date", fmt_date(l, until)),
            );
            format!("{text}\n{line}")
        }
        None => text,
    };
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "status")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn programme_status(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let s = ctx.data().app.programme_status(&actor).await?;
    let l = actor.locale;
    let p = &s.programme;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("programme-status")
            .arg("name", p.name.as_str())
            .arg("start", fmt_date(l, p.dates.starts_on()))
            .arg("end", fmt_date(l, p.dates.ends_on()))
            .arg("tz", p.time_zone.name())
            .arg("mentors", s.mentors)
            .arg("mentees", s.mentees)
            .arg("unpaired", s.unpaired)
            .arg("pairs", s.open_pairs)
            .arg("charters", s.charters_complete)
            .arg("at_risk", s.at_risk)
            .arg("pending", s.pending_joins)
            .arg("dead", i64::try_from(s.dead_jobs).unwrap_or(i64::MAX)),
    );
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "close")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn programme_close(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let p = ctx.data().app.close_programme(&actor).await?;
    let text = ctx.data().i18n.msg(
        actor.locale,
        &Msg::new("programme-closed").arg("name", p.name),
    );
    ephemeral(ctx, text).await
}
