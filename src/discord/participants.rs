//! `/participant add | list | remove` (coordinators): parse → app call → render.

use super::data::{Context, Data};
use super::error::BotError;
use super::limits::MAX_CONTENT;
use super::paging::{screen, PageRequest, Row, Screen, View, ViewText};
use super::render;
use super::render::{role_name, status_name};
use super::reply::failure_text;
use super::reply::{self, actor, ephemeral};
use super::sessions::{circle_opened_line, circles_closed_line, DiscordSessions};
use crate::app::error::import_problem_msg;
use crate::app::participants::AddParticipant;
use crate::app::{Actor, AppError, UserError};
use crate::domain::participant::ParticipantRole;
use crate::domain::privacy::ParticipantView;
use crate::domain::{Locale, UserId};
use crate::i18n::Msg;
use crate::import::{read_candidates, RowError, MAX_BYTES};
use poise::serenity_prelude as serenity;
use std::collections::HashSet;

/// The role option of `/participant add` and `/join`.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub(super) enum RoleChoice {
    #[name = "mentor"]
    Mentor,
    #[name = "mentee"]
    Mentee,
}

impl From<RoleChoice> for ParticipantRole {
    fn from(choice: RoleChoice) -> Self {
        match choice {
            RoleChoice::Mentor => ParticipantRole::Mentor,
            RoleChoice::Mentee => ParticipantRole::Mentee,
        }
    }
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands(
        "participant_add",
        "participant_import",
        "participant_list",
        "participant_remove",
        "participant_approve",
        "participant_refuse"
    ),
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
    #[min = 1]
    #[max = 3]
    capacity: Option<u8>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let role = ParticipantRole::from(role);
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
                capacity,
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

#[poise::command(slash_command, guild_only, rename = "import")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn participant_import(ctx: Context<'_>, file: serenity::Attachment) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let data = ctx.data();
    let (i18n, l) = (&data.i18n, actor.locale);
    // Refused before anything is downloaded or listed.
    data.app.may_import(&actor).await?;
    if file.size as usize > MAX_BYTES {
        let text = i18n.msg(
            l,
            &Msg::new("import-too-large").arg("max", MAX_BYTES / 1024),
        );
        return ephemeral(ctx, text).await;
    }
    if !looks_like_csv(&file) {
        return ephemeral(ctx, i18n.text(l, "import-not-a-file")).await;
    }
    let bytes = match file.download().await {
        Ok(b) => b,
        Err(e) => {
            tracing::warn!(error = %e, "could not download an imported file");
            return ephemeral(ctx, i18n.text(l, "import-download-failed")).await;
        }
    };
    let rows = match read_candidates(&bytes) {
        Ok(rows) => rows,
        Err(errors) => return ephemeral(ctx, rejection(data, l, &errors)).await,
    };
    let guild = ctx.guild_id().ok_or(crate::app::UserError::NotInGuild)?;
    let Some(members) = guild_members(ctx, guild).await? else {
        return ephemeral(ctx, i18n.text(l, "import-members-unavailable")).await;
    };
    let circles = DiscordSessions::new(ctx.serenity_context(), data);
    let imported = match data
        .app
        .import_and_open_circles(&actor, rows, &members, &circles)
        .await
    {
        Ok(i) => i,
        Err(AppError::User(UserError::Import(errors))) => {
            return ephemeral(ctx, rejection(data, l, &errors)).await
        }
        Err(e) => return Err(e.into()),
    };
    let report = imported.report;
    let mut text = i18n.msg(
        l,
        &Msg::new("import-done")
            .arg("count", report.total())
            .arg("mentors", report.mentors)
            .arg("mentees", report.mentees),
    );
    match imported.circles_opened {
        Ok(0) => {}
        Ok(n) => {
            let line = i18n.msg(l, &Msg::new("import-circles-opened").arg("count", n));
            text = format!("{text}\n{line}");
        }
        Err(e) => {
            let reason = failure_text(data, l, &BotError::App(e));
            let line = i18n.msg(l, &Msg::new("import-circles-failed").arg("reason", reason));
            text = format!("{text}\n{line}");
        }
    }
    ephemeral(ctx, text).await
}

/// A `.csv` name, or a text type Discord guessed for it.
fn looks_like_csv(file: &serenity::Attachment) -> bool {
    let by_name = file.filename.to_lowercase().ends_with(".csv");
    let by_type = file.content_type.as_deref().is_some_and(|t| {
        let t = t.to_lowercase();
        t.starts_with("text/csv") || t.starts_with("application/csv")
    });
    by_name || by_type
}

/// Everyone on the server, listed in pages of [`MEMBER_PAGE`] (one request for a server of up
/// to a thousand people, never one per row); `None` when Discord will not list them (the
/// application lacks the Server Members intent in the developer portal).
async fn guild_members(
    ctx: Context<'_>,
    guild: serenity::GuildId,
) -> Result<Option<HashSet<UserId>>, BotError> {
    let mut out = HashSet::new();
    let mut after = None;
    loop {
        let page = match ctx
            .http()
            .get_guild_members(guild, Some(MEMBER_PAGE), after)
            .await
        {
            Ok(page) => page,
            Err(serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)))
                if r.status_code.as_u16() == 403 =>
            {
                tracing::warn!("Discord refused to list the server's members");
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        };
        let full = page.len() as u64 == MEMBER_PAGE;
        after = page.iter().map(|m| m.user.id.get()).max();
        out.extend(page.iter().map(|m| UserId(m.user.id.get())));
        if !full || after.is_none() {
            return Ok(Some(out));
        }
    }
}

/// Discord's largest page of `GET /guilds/{id}/members`.
const MEMBER_PAGE: u64 = 1000;
/// Lines of problems shown; the rest are counted.
const MAX_ERROR_LINES: usize = 20;

/// The refusal: how many problems, then the first of them by line, within one message.
fn rejection(data: &Data, l: Locale, errors: &[RowError]) -> String {
    let i18n = &data.i18n;
    let mut text = i18n.msg(l, &Msg::new("import-rejected").arg("count", errors.len()));
    // Room kept for the « … and N more » line.
    let room = MAX_CONTENT - 80;
    let mut shown = 0;
    for e in errors.iter().take(MAX_ERROR_LINES) {
        let reason = i18n.msg(l, &import_problem_msg(&e.problem));
        let line = match e.row {
            0 => i18n.msg(l, &Msg::new("import-file").arg("reason", reason)),
            row => i18n.msg(
                l,
                &Msg::new("import-line")
                    .arg("row", row)
                    .arg("reason", reason),
            ),
        };
        let line = render::truncate(format!("• {line}"), 200);
        if text.chars().count() + 1 + line.chars().count() > room {
            break;
        }
        text = format!("{text}\n{line}");
        shown += 1;
    }
    if shown < errors.len() {
        let more = i18n.msg(
            l,
            &Msg::new("import-more-errors").arg("count", errors.len() - shown),
        );
        text = format!("{text}\n{more}");
    }
    text
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

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
enum RefusalChoice {
    #[name = "refusal_full"]
    ProgrammeFull,
    #[name = "refusal_profile"]
    Profile,
    #[name = "refusal_duplicate"]
    Duplicate,
    #[name = "refusal_other"]
    Other,
}

#[poise::command(slash_command, guild_only, rename = "approve")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn participant_approve(ctx: Context<'_>, user: serenity::User) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let circles = DiscordSessions::new(ctx.serenity_context(), ctx.data());
    let enrolled = ctx
        .data()
        .app
        .approve_join(&actor, UserId(user.id.get()), &circles)
        .await?;
    let p = &enrolled.participant;
    let (i18n, l) = (&ctx.data().i18n, actor.locale);
    let mut text = i18n.msg(
        l,
        &Msg::new("join-approved")
            .arg("user", render::mention(p.user_id))
            .arg("role", role_name(i18n, l, p.role))
            .arg("company", p.company.as_str()),
    );
    if let Some(line) = circle_opened_line(ctx.data(), l, enrolled.circle) {
        text = format!("{text}\n{line}");
    }
    let nonce = format!("jy{}-{}", p.programme_id.0, p.user_id.0 % 1_000_000_000_000);
    if let Some(line) = tell(
        ctx.data(),
        &actor,
        p.user_id,
        Msg::new("join-dm-approved"),
        &nonce,
    )
    .await
    {
        text = format!("{text}\n{line}");
    }
    ephemeral(ctx, text).await
}

/// Tells the person of the decision by direct message, in the server's language; the line to
/// add to the coordinator's answer when that was not possible (closed DMs are only logged).
async fn tell(data: &Data, actor: &Actor, user: UserId, msg: Msg, nonce: &str) -> Option<String> {
    let l = data
        .app
        .server_locale(actor.guild)
        .await
        .unwrap_or_default();
    let message = serenity::CreateMessage::new()
        .content(data.i18n.msg(l, &msg))
        .allowed_mentions(serenity::CreateAllowedMentions::new());
    match data
        .outbound
        .dm(serenity::UserId::new(user.0), message, nonce)
        .await
    {
        Ok(_) => None,
        Err(e) => {
            tracing::info!(error = %e, "could not tell a person of the decision on their request");
            Some(data.i18n.text(actor.locale, "join-dm-failed"))
        }
    }
}

#[poise::command(slash_command, guild_only, rename = "refuse")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn participant_refuse(
    ctx: Context<'_>,
    user: serenity::User,
    reason: RefusalChoice,
) -> Result<(), BotError> {
    use crate::domain::join::RefusalReason;
    let actor = actor(ctx)?;
    let reason = match reason {
        RefusalChoice::ProgrammeFull => RefusalReason::ProgrammeFull,
        RefusalChoice::Profile => RefusalReason::Profile,
        RefusalChoice::Duplicate => RefusalReason::Duplicate,
        RefusalChoice::Other => RefusalReason::Other,
    };
    let user = UserId(user.id.get());
    let programme = ctx.data().app.refuse_join(&actor, user, reason).await?;
    let (i18n, l) = (&ctx.data().i18n, actor.locale);
    let mut text = i18n.msg(
        l,
        &Msg::new("join-refused")
            .arg("user", render::mention(user))
            .arg("reason", i18n.text(l, refusal_key(reason))),
    );
    let server = ctx
        .data()
        .app
        .server_locale(actor.guild)
        .await
        .unwrap_or_default();
    let dm = Msg::new("join-dm-refused").arg("reason", i18n.text(server, refusal_key(reason)));
    let nonce = format!("jn{}-{}", programme.0, user.0 % 1_000_000_000_000);
    if let Some(line) = tell(ctx.data(), &actor, user, dm, &nonce).await {
        text = format!("{text}\n{line}");
    }
    ephemeral(ctx, text).await
}

pub(super) fn refusal_key(reason: crate::domain::join::RefusalReason) -> &'static str {
    use crate::domain::join::RefusalReason::*;
    match reason {
        ProgrammeFull => "choice-refusal_full",
        Profile => "choice-refusal_profile",
        Duplicate => "choice-refusal_duplicate",
        Other => "choice-refusal_other",
    }
}

/// People shown by name in the pending line of `/participant list`; the rest are counted.
const PENDING_SHOWN: usize = 10;

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
    let pending = data.app.pending_joins(actor).await?;
    let pending_line = (!pending.is_empty()).then(|| pending_line(i18n, l, &pending));
    let with_pending = |text: String| match &pending_line {
        Some(line) => format!("{text}\n{line}"),
        None => text,
    };
    let summary = with_pending(summary);
    let rows = views
        .iter()
        .map(|v| Row::plain(participant_line(data, l, v)))
        .collect();
    let empty = views
        .is_empty()
        .then(|| with_pending(i18n.text(l, "participant-list-empty")));
    Ok(screen(
        i18n,
        l,
        ViewText::new(request, summary, rows, empty),
    ))
}

/// Who waits for a decision on their request to join: the first [`PENDING_SHOWN`] by
/// mention, the rest counted.
fn pending_line(i18n: &crate::i18n::I18n, l: Locale, pending: &[UserId]) -> String {
    let shown = &pending[..pending.len().min(PENDING_SHOWN)];
    i18n.msg(
        l,
        &Msg::new("participant-list-pending")
            .arg("count", pending.len())
            .arg("users", render::mentions(shown))
            .arg("more", pending.len() - shown.len()),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pending_line_names_ten_people_and_counts_the_others() {
        let i18n = crate::i18n::I18n::load().unwrap();
        let people: Vec<UserId> = (1..=13).map(UserId).collect();
        let two = pending_line(&i18n, Locale::Fr, &people[..2]);
        assert_eq!(two, "**En attente de validation** (2) : <@1> <@2>");
        let all = pending_line(&i18n, Locale::Fr, &people);
        assert!(all.contains("<@10>") && !all.contains("<@11>"), "{all}");
        assert!(all.ends_with("<@10> et 3 autres"), "{all}");
        let en = pending_line(&i18n, Locale::En, &people);
        assert!(en.ends_with(" and 3 more"), "{en}");
    }
}
