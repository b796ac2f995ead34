//! `/meeting …` and `/posture`, used by pair members in their own channel, and the check-in
//! buttons. Parse → app call → render.

use super::data::{Context, Data};
use super::error::BotError;
use super::render;
use super::render::{meeting_status_name, mode_name, when};
use super::reply::{actor, ephemeral};
use crate::app::meetings::ScheduleMeeting;
use crate::domain::meeting::MeetingMode;
use crate::domain::{ChannelId, Locale};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum ModeChoice {
    #[name = "in_person"]
    InPerson,
    #[name = "video"]
    Video,
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands("meeting_schedule", "meeting_list", "meeting_cancel", "meeting_done"),
    subcommand_required
)]
pub async fn meeting(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

fn channel(ctx: Context<'_>) -> ChannelId {
    ChannelId(ctx.channel_id().get())
}

/// Replies visible to the pair (their channel is private to them).
async fn say(ctx: Context<'_>, text: String) -> Result<(), BotError> {
    for chunk in render::chunks(&text) {
        ctx.send(poise::CreateReply::default().content(chunk))
            .await?;
    }
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "schedule")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn meeting_schedule(
    ctx: Context<'_>,
    date: String,
    time: String,
    duration: Option<String>,
    mode: Option<ModeChoice>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let mode = mode.map(|m| match m {
        ModeChoice::InPerson => MeetingMode::InPerson,
        ModeChoice::Video => MeetingMode::Video,
    });
    let (programme, meeting) = ctx
        .data()
        .app
        .schedule_meeting(
            &actor,
            channel(ctx),
            ScheduleMeeting {
                date,
                time,
                duration,
                mode,
            },
        )
        .await?;
    let tz = programme.time_zone;
    let l = actor.locale;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("meeting-scheduled")
            .arg("when", when(l, meeting.starts_at, tz))
            .arg("minutes", i64::from(meeting.duration_minutes))
            .arg("mode", mode_name(&ctx.data().i18n, l, meeting.mode)),
    );
    say(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "list")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn meeting_list(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let (programme, meetings) = ctx.data().app.list_meetings(&actor, channel(ctx)).await?;
    let l = actor.locale;
    let i18n = &ctx.data().i18n;
    let text = if meetings.is_empty() {
        i18n.text(l, "meeting-list-empty")
    } else {
        let mut lines = vec![i18n.text(l, "meeting-list-header")];
        for m in &meetings {
            lines.push(
                i18n.msg(
                    l,
                    &Msg::new("meeting-line")
                        .arg("when", when(l, m.starts_at, programme.time_zone))
                        .arg("status", meeting_status_name(&ctx.data().i18n, l, m.status)),
                ),
            );
        }
        lines.join("\n")
    };
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "cancel")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn meeting_cancel(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let (programme, m) = ctx.data().app.cancel_meeting(&actor, channel(ctx)).await?;
    let l = actor.locale;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("meeting-cancelled").arg("when", when(l, m.starts_at, programme.time_zone)),
    );
    say(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "done")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn meeting_done(ctx: Context<'_>, date: Option<String>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let (programme, m) = ctx
        .data()
        .app
        .meeting_done(&actor, channel(ctx), date)
        .await?;
    let l = actor.locale;
    let day = m.starts_at.with_timezone(&programme.time_zone).date_naive();
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("meeting-done").arg("date", render::fmt_date(l, day)),
    );
    say(ctx, text).await
}

#[poise::command(slash_command, guild_only)]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
pub async fn posture(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let (role, prompt) = ctx.data().app.posture_prompt(&actor).await?;
    let l = actor.locale;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("posture-reply")
            .arg("role", render::role_name(&ctx.data().i18n, l, role))
            .arg("prompt", prompt),
    );
    ephemeral(ctx, text).await
}

/// The check-in buttons, enabled or (once answered) disabled.
pub fn check_in_buttons(
    data: &Data,
    l: Locale,
    meeting: crate::domain::MeetingId,
    disabled: bool,
) -> Vec<serenity::CreateActionRow> {
    use crate::domain::meeting::{checkin_button_id, CheckInAnswer};
    use serenity::ButtonStyle::{Danger, Secondary, Success};
    let id = |answer| checkin_button_id(meeting, answer);
    super::render::button_row(
        &data.i18n,
        l,
        disabled,
        &[
            (id(CheckInAnswer::Held), "checkin-held", Success),
            (id(CheckInAnswer::Postponed), "checkin-postponed", Secondary),
            (id(CheckInAnswer::Cancelled), "checkin-cancelled", Danger),
        ],
    )
}
