//! `/followup log | due` (coordinators): parse → app call → render.

use super::data::{Context, Data};
use super::error::BotError;
use super::paging::{screen, PageRequest, Row, Screen, View, ViewText};
use super::render::{fmt_date, followup_kind_name, mention, role_name};
use super::reply::{self, actor, ephemeral};
use crate::app::followups::{FollowUpStatus, LogFollowUp};
use crate::app::Actor;
use crate::domain::followup::FollowUpKind;
use crate::domain::{Locale, UserId};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum KindChoice {
    #[name = "followup_call"]
    Call,
    #[name = "followup_visit"]
    Visit,
    #[name = "followup_video"]
    Video,
}

impl From<KindChoice> for FollowUpKind {
    fn from(k: KindChoice) -> Self {
        match k {
            KindChoice::Call => FollowUpKind::Call,
            KindChoice::Visit => FollowUpKind::Visit,
            KindChoice::Video => FollowUpKind::Video,
        }
    }
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands("followup_log", "followup_due"),
    subcommand_required
)]
pub async fn followup(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "log")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn followup_log(
    ctx: Context<'_>,
    participant: serenity::User,
    date: Option<String>,
    kind: Option<KindChoice>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let (_, f) = ctx
        .data()
        .app
        .log_followup(
            &actor,
            LogFollowUp {
                user: UserId(participant.id.get()),
                date,
                kind: kind.map(FollowUpKind::from),
            },
        )
        .await?;
    let l = actor.locale;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("followup-logged")
            .arg("user", mention(UserId(participant.id.get())))
            .arg("date", fmt_date(l, f.met_on))
            .arg("kind", followup_kind_name(&ctx.data().i18n, l, f.kind)),
    );
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "due")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn followup_due(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let first = PageRequest::first(View::FollowUps);
    reply::screen(ctx, due_screen(ctx.data(), &actor, first).await?).await
}

/// `/followup due` at the page `request` asks for: the people due, oldest first.
pub async fn due_screen(
    data: &Data,
    actor: &Actor,
    request: PageRequest,
) -> Result<Screen, BotError> {
    let due = data.app.list_followups_due(actor).await?;
    let (i18n, l) = (&data.i18n, actor.locale);
    let days = due.due_after_days;
    let summary = i18n.msg(
        l,
        &Msg::new("followup-due-header")
            .arg("days", days)
            .arg("count", due.due.len()),
    );
    let rows = due
        .due
        .iter()
        .map(|s| Row::plain(due_line(data, l, s, due.today)))
        .collect();
    let empty = due
        .due
        .is_empty()
        .then(|| i18n.msg(l, &Msg::new("followup-due-empty").arg("days", days)));
    Ok(screen(
        i18n,
        l,
        ViewText::new(request, summary, rows, empty),
    ))
}

/// One person due: role and last follow-up.
fn due_line(data: &Data, l: Locale, s: &FollowUpStatus, today: chrono::NaiveDate) -> String {
    let i18n = &data.i18n;
    let last = match s.last {
        Some(day) => i18n.msg(
            l,
            &Msg::new("followup-last")
                .arg("date", fmt_date(l, day))
                .arg("days", (today - day).num_days()),
        ),
        None => i18n.text(l, "followup-never"),
    };
    i18n.msg(
        l,
        &Msg::new("followup-due-line")
            .arg("user", mention(s.user_id))
            .arg("role", role_name(&data.i18n, l, s.role))
            .arg("last", last),
    )
}
