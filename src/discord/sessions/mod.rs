//! `/session add | list | cancel | attendance` (coordinators): parse → app call → render; the
//! rules are in `app::sessions`. The Discord side of sessions is split by concern:
//! `announce` (scheduled events, announcements and their buttons), `attendance` (the RSVP and
//! presence buttons), `deliver` (session jobs), `circles` (the circles port, and the circle
//! steps of `/setup` and `/participant`).

mod announce;
mod attendance;
mod circles;
mod deliver;

pub use attendance::on_button;
pub use circles::{circle_opened_line, circles_closed_line, setup_extras_lines, DiscordSessions};
pub use deliver::deliver;

use crate::app::sessions::{AddSession, SessionAdded, SessionSummary};
use crate::app::Actor;
use crate::discord::data::{Context, Data};
use crate::discord::error::BotError;
use crate::discord::paging::{screen, PageRequest, Row, Screen, View, ViewText};
use crate::discord::render::{
    channel_list, fmt_instant, hour, kind_name, mention, place_text, when,
};
use crate::discord::reply::{self, actor, ephemeral};
use crate::domain::session::{PresenceOutcome, SessionId, SessionKind, SessionStatus};
use crate::domain::{Locale, UserId};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum KindChoice {
    #[name = "kickoff"]
    Kickoff,
    #[name = "mid-term"]
    MidTerm,
    #[name = "closing"]
    Closing,
    #[name = "other"]
    Other,
}

impl From<KindChoice> for SessionKind {
    fn from(k: KindChoice) -> Self {
        match k {
            KindChoice::Kickoff => SessionKind::Kickoff,
            KindChoice::MidTerm => SessionKind::MidTerm,
            KindChoice::Closing => SessionKind::Closing,
            KindChoice::Other => SessionKind::Other,
        }
    }
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands("session_add", "session_list", "session_cancel", "session_attendance"),
    subcommand_required
)]
pub async fn session(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "add")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn session_add(
    ctx: Context<'_>,
    kind: KindChoice,
    date: Option<String>,
    time: Option<String>,
    place: Option<String>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let discord = DiscordSessions::new(ctx.serenity_context(), ctx.data());
    let added = ctx
        .data()
        .app
        .add_session(
            &actor,
            AddSession {
                kind: Some(kind.into()),
                date,
                time,
                place,
            },
            &discord,
        )
        .await?;
    let text = added_text(ctx.data(), actor.locale, &added);
    ephemeral(ctx, text).await
}

/// What `/session add` did: the session, its event, where it was (not) announced.
fn added_text(data: &Data, l: Locale, added: &SessionAdded) -> String {
    let s = &added.session;
    let tz = added.programme.time_zone;
    let mut lines = vec![data.i18n.msg(
        l,
        &Msg::new("session-added")
            .arg("kind", kind_name(&data.i18n, l, s.kind))
            .arg("id", s.id.0)
            .arg("when", when(l, s.starts_at, tz))
            .arg("end", hour(s.ends_at, tz))
            .arg(
                "place",
                place_text(&data.i18n, l, s.place.as_ref().map(|p| p.as_str())),
            ),
    )];
    if s.discord_event_id.is_some() {
        lines.push(data.i18n.text(l, "session-added-event"));
    }
    if !added.announced_in.is_empty() {
        lines.push(data.i18n.msg(
            l,
            &Msg::new("session-added-announced").arg("channels", channel_list(&added.announced_in)),
        ));
    }
    if !added.not_announced_in.is_empty() {
        lines.push(
            data.i18n.msg(
                l,
                &Msg::new("session-added-not-announced")
                    .arg("channels", channel_list(&added.not_announced_in)),
            ),
        );
    }
    lines.join("\n")
}

#[poise::command(slash_command, guild_only, rename = "list")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn session_list(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let first = PageRequest::first(View::Sessions);
    reply::screen(ctx, sessions_screen(ctx.data(), &actor, first).await?).await
}

/// `/session list` at the page `request` asks for.
pub async fn sessions_screen(
    data: &Data,
    actor: &Actor,
    request: PageRequest,
) -> Result<Screen, BotError> {
    let (programme, sessions) = data.app.list_sessions(actor).await?;
    let (i18n, l) = (&data.i18n, actor.locale);
    let cancelled = sessions
        .iter()
        .filter(|s| s.session.status == SessionStatus::Cancelled)
        .count();
    let summary = i18n.msg(
        l,
        &Msg::new("session-list-header")
            .arg("count", sessions.len())
            .arg("cancelled", cancelled),
    );
    let rows = sessions
        .iter()
        .map(|s| Row::plain(session_line(data, l, s, programme.time_zone)))
        .collect();
    let empty = sessions
        .is_empty()
        .then(|| i18n.text(l, "session-list-empty"));
    Ok(screen(
        i18n,
        l,
        ViewText::new(request, summary, rows, empty),
    ))
}

/// One session: kind, when, status, answers and presence.
fn session_line(data: &Data, l: Locale, s: &SessionSummary, tz: chrono_tz::Tz) -> String {
    let status = match s.session.status {
        SessionStatus::Scheduled => "session-status-scheduled",
        SessionStatus::Cancelled => "session-status-cancelled",
    };
    data.i18n.msg(
        l,
        &Msg::new("session-line")
            .arg("id", s.session.id.0)
            .arg("kind", kind_name(&data.i18n, l, s.session.kind))
            .arg("when", when(l, s.session.starts_at, tz))
            .arg("status", data.i18n.text(l, status))
            .arg("coming", s.coming)
            .arg("declined", s.declined)
            .arg("invited", s.invited)
            .arg("present", s.present),
    )
}

#[poise::command(slash_command, guild_only, rename = "cancel")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn session_cancel(ctx: Context<'_>, session: i64) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let discord = DiscordSessions::new(ctx.serenity_context(), ctx.data());
    let done = ctx
        .data()
        .app
        .cancel_session(&actor, SessionId(session), &discord)
        .await?;
    let data = ctx.data();
    let l = actor.locale;
    let mut lines = vec![data.i18n.msg(
        l,
        &Msg::new("session-cancelled-reply")
            .arg("kind", kind_name(&data.i18n, l, done.session.kind))
            .arg(
                "when",
                when(l, done.session.starts_at, done.programme.time_zone),
            )
            .arg("count", done.to_notify),
    )];
    if !done.event_removed {
        lines.push(data.i18n.text(l, "session-cancelled-event-kept"));
    }
    ephemeral(ctx, lines.join("\n")).await
}

// A user option rather than a select menu: the coordinator types a name and Discord
// completes it, which scales past the 25 entries a select menu holds.
#[poise::command(slash_command, guild_only, rename = "attendance")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn session_attendance(
    ctx: Context<'_>,
    session: i64,
    participant: serenity::User,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let user = UserId(participant.id.get());
    let (s, outcome) = ctx
        .data()
        .app
        .mark_presence(&actor, SessionId(session), user)
        .await?;
    let data = ctx.data();
    let l = actor.locale;
    let text = match outcome {
        PresenceOutcome::Recorded(_) => data.i18n.msg(
            l,
            &Msg::new("session-presence-marked")
                .arg("user", mention(user))
                .arg("kind", kind_name(&data.i18n, l, s.kind)),
        ),
        PresenceOutcome::AlreadyRecorded(first) => data.i18n.msg(
            l,
            &Msg::new("session-presence-already")
                .arg("user", mention(user))
                .arg("at", fmt_instant(first.recorded_at)),
        ),
    };
    ephemeral(ctx, text).await
}
