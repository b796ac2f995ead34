//! `/match suggest | move | confirm` (coordinators): the proposal as one message with the whole
//! of it in a CSV, adjustments by hand, then every pair created with its channel while one
//! message shows the progress.

use super::channels::DiscordPairChannels;
use super::data::{Context, Data};
use super::error::BotError;
use super::render;
use super::reply::actor;
use crate::domain::matching::{Proposal, UnmatchedReason};
use crate::domain::{Locale, UserId};
use crate::i18n::Msg;
use crate::report::proposal::{proposal_csv_in, reason_id};
use poise::serenity_prelude as serenity;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The progress message is edited at most this often (and once at the end).
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

#[poise::command(
    slash_command,
    guild_only,
    rename = "match",
    subcommands("match_suggest", "match_move", "match_confirm"),
    subcommand_required
)]
pub async fn matching(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "suggest")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn match_suggest(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let proposal = ctx.data().app.suggest_matches(&actor).await?;
    send_proposal(ctx, actor.locale, None, &proposal).await
}

#[poise::command(slash_command, guild_only, rename = "move")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn match_move(
    ctx: Context<'_>,
    mentee: serenity::User,
    mentor: Option<serenity::User>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let (mentee, mentor) = (UserId(mentee.id.get()), mentor.map(|m| UserId(m.id.get())));
    let proposal = ctx.data().app.move_match(&actor, mentee, mentor).await?;
    let moved = match mentor {
        Some(mentor) => Msg::new("match-moved")
            .arg("mentee", render::mention(mentee))
            .arg("mentor", render::mention(mentor)),
        None => Msg::new("match-unmatched").arg("mentee", render::mention(mentee)),
    };
    let moved = ctx.data().i18n.msg(actor.locale, &moved);
    send_proposal(ctx, actor.locale, Some(moved), &proposal).await
}

#[poise::command(slash_command, guild_only, rename = "confirm")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn match_confirm(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let data = ctx.data();
    let l = actor.locale;
    let progress = |done: usize, total: usize| {
        data.i18n.msg(
            l,
            &Msg::new("match-progress")
                .arg("done", done)
                .arg("total", total),
        )
    };
    // Checked before anything is shown: who asks, and whether anything is left to create.
    if !data.app.has_match_to_confirm(&actor).await? {
        let text = data
            .i18n
            .msg(l, &Msg::new("match-confirmed").arg("count", 0usize));
        return super::reply::ephemeral(ctx, text).await;
    }
    let handle = ctx
        .send(
            poise::CreateReply::default()
                .content(data.i18n.text(l, "match-starting"))
                .ephemeral(true),
        )
        .await?;
    let mut last_edit = Instant::now();
    let mut shown = None;
    let mut no_charter: usize = 0;
    // No names given: the channel looks its members' names up itself.
    let channels = DiscordPairChannels::new(ctx.serenity_context(), data, HashMap::new());
    loop {
        let step = match data.app.confirm_next_match(&actor, &channels).await {
            Ok(step) => step,
            Err(e) => {
                // What was made stays made; the next `/match confirm` goes on from there.
                let error = super::reply::failure_text(data, l, &BotError::from(e));
                let resume = data.i18n.text(l, "match-resume");
                let text = match shown {
                    Some((done, total)) => {
                        format!("{}\n{error}\n{resume}", progress(done, total))
                    }
                    None => format!("{error}\n{resume}"),
                };
                handle
                    .edit(ctx, poise::CreateReply::default().content(text))
                    .await?;
                return Ok(());
            }
        };
        let Some(step) = step else { break };
        if step.created.as_ref().is_some_and(|c| !c.charter_posted) {
            no_charter += 1;
        }
        shown = Some((step.done, step.total));
        if last_edit.elapsed() >= PROGRESS_EVERY {
            handle
                .edit(
                    ctx,
                    poise::CreateReply::default().content(progress(step.done, step.total)),
                )
                .await?;
            last_edit = Instant::now();
        }
    }
    let (done, _) = shown.unwrap_or((0, 0));
    let mut text = data
        .i18n
        .msg(l, &Msg::new("match-confirmed").arg("count", done));
    if no_charter > 0 {
        text.push('\n');
        text.push_str(
            &data
                .i18n
                .msg(l, &Msg::new("match-no-charter").arg("count", no_charter)),
        );
    }
    handle
        .edit(ctx, poise::CreateReply::default().content(text))
        .await?;
    Ok(())
}

/// One message: the counts, as many pairs and unmatched people as fit, and the whole
/// proposal as a CSV file.
async fn send_proposal(
    ctx: Context<'_>,
    l: Locale,
    before: Option<String>,
    proposal: &Proposal,
) -> Result<(), BotError> {
    let data = ctx.data();
    let text = proposal_text(data, l, before, proposal);
    let file = proposal_file(data, l, proposal)?;
    let name = format!("{}.csv", data.i18n.text(l, "match-file-stem"));
    ctx.send(
        poise::CreateReply::default()
            .content(text)
            .ephemeral(true)
            .attachment(serenity::CreateAttachment::bytes(file, name)),
    )
    .await?;
    Ok(())
}

fn reason_text(data: &Data, l: Locale, reason: UnmatchedReason) -> String {
    data.i18n.text(l, reason_id(reason))
}

/// The proposal's message: counts, then lines while they fit, then how many are in the file
/// only.
fn proposal_text(data: &Data, l: Locale, before: Option<String>, proposal: &Proposal) -> String {
    let mut lines: Vec<String> = before.into_iter().collect();
    // A mentor of capacity 2 or 3 makes one pair with all their mentees.
    let mut mentors: Vec<UserId> = proposal.pairs.iter().map(|p| p.mentor).collect();
    mentors.dedup();
    lines.push(
        data.i18n.msg(
            l,
            &Msg::new("match-summary")
                .arg("pairs", mentors.len())
                .arg("score", proposal.total_score() as usize)
                .arg("unmatched", proposal.unmatched.len()),
        ),
    );
    let items: Vec<String> = proposal
        .pairs
        .iter()
        .map(|p| {
            data.i18n.msg(
                l,
                &Msg::new("match-line")
                    .arg("mentor", render::mention(p.mentor))
                    .arg("mentee", render::mention(p.mentee))
                    .arg("score", p.score as usize),
            )
        })
        .chain(proposal.unmatched.iter().map(|u| {
            data.i18n.msg(
                l,
                &Msg::new("match-unmatched-line")
                    .arg("user", render::mention(u.user))
                    .arg("reason", reason_text(data, l, u.reason)),
            )
        }))
        .collect();
    let next = data.i18n.text(l, "match-next-steps");
    let room = render::MAX_MESSAGE.saturating_sub(200 + next.chars().count());
    let mut used: usize = lines.iter().map(|s| s.chars().count() + 1).sum();
    let mut shown = 0;
    for item in &items {
        let len = item.chars().count() + 1;
        if used + len > room {
            break;
        }
        used += len;
        lines.push(item.clone());
        shown += 1;
    }
    if shown < items.len() {
        lines.push(data.i18n.msg(
            l,
            &Msg::new("match-more-in-file").arg("count", items.len() - shown),
        ));
    }
    lines.push(next);
    lines.join("\n")
}

fn proposal_file(data: &Data, l: Locale, proposal: &Proposal) -> Result<Vec<u8>, BotError> {
    proposal_csv_in(&data.i18n, l, &data.app.settings.reports.csv, proposal)
        .map_err(|e| crate::app::AppError::Internal(anyhow::Error::new(e).context("CSV")).into())
}
