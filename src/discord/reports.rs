//! `/attendance`, `/report csv | chart` and the weekly digest's text: parse → app → render.
//! Everything shown here comes from `AttendanceView` and `Digest`, which hold dates, counts,
//! statuses and ids only.

use super::data::{Context, Data};
use super::error::BotError;
use super::render;
use super::render::{day, fmt_date, role_name, status_name};
use super::reply::{actor, ephemeral};
use crate::app::reports::{AttendanceReport, Digest};
use crate::domain::attendance::{AttendanceView, Month, PairAttendance};
use crate::domain::pair::PairStatus;
use crate::domain::{Locale, UserId};
use crate::i18n::Msg;
use crate::report::chart::{heat_map_png, HeatMap};
use crate::report::csv::{attendance_csv, CsvLabels};
use poise::serenity_prelude as serenity;
use std::collections::HashMap;

/// Above this many people, files show Discord ids rather than look every name up.
const MAX_NAME_LOOKUPS: usize = 300;

#[poise::command(slash_command, guild_only)]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
pub async fn attendance(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    // A full server's view may take longer than Discord's 3 s.
    ctx.defer_ephemeral().await?;
    let report = ctx.data().app.attendance(&actor).await?;
    let text = render_attendance(ctx.data(), actor.locale, &report);
    ephemeral(ctx, text).await
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands("report_csv", "report_chart"),
    subcommand_required
)]
pub async fn report(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "csv")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn report_csv(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    // Building the view and looking names up may take longer than Discord's 3 s.
    ctx.defer_ephemeral().await?;
    let report = ctx.data().app.attendance(&actor).await?;
    let l = actor.locale;
    let data = ctx.data();
    let names = display_names(ctx, &report.view).await;
    let bytes = csv_bytes(data, l, &report, &names)?;
    let file = format!("{}.csv", file_stem(data, l, &report));
    let text = data.i18n.msg(
        l,
        &Msg::new("report-csv-ready")
            .arg("name", report.programme.name.as_str())
            .arg("pairs", report.view.pairs.len()),
    );
    send_file(ctx, text, bytes, file).await
}

#[poise::command(slash_command, guild_only, rename = "chart")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn report_chart(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    ctx.defer_ephemeral().await?;
    let report = ctx.data().app.attendance(&actor).await?;
    let l = actor.locale;
    let data = ctx.data();
    let names = display_names(ctx, &report.view).await;
    let view = &report.view;
    let map = HeatMap {
        title: data.i18n.msg(
            l,
            &Msg::new("report-chart-title").arg("name", report.programme.name.as_str()),
        ),
        columns: view
            .months
            .iter()
            .map(|m| month_label(data, l, *m))
            .collect(),
        rows: view
            .pairs
            .iter()
            .map(|p| {
                let who = p
                    .members
                    .iter()
                    .map(|m| {
                        names
                            .get(&m.user_id)
                            .cloned()
                            .unwrap_or_else(|| m.user_id.0.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join(" / ");
                let cells = p
                    .held_per_month
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (i < view.elapsed).then_some(*n))
                    .collect();
                (format!("#{} {who}", p.pair_id.0), cells)
            })
            .collect(),
        legend: [
            "report-legend-none",
            "report-legend-one",
            "report-legend-two",
            "report-legend-more",
            "report-legend-future",
        ]
        .map(|k| data.i18n.text(l, k)),
    };
    // Drawing is CPU work: keep it off the async workers.
    let png = tokio::task::spawn_blocking(move || heat_map_png(&map))
        .await
        .map_err(|e| crate::app::AppError::Internal(anyhow::Error::new(e).context("chart task")))?
        .map_err(|e| crate::app::AppError::Internal(anyhow::Error::new(e).context("chart")))?;
    let file = format!("{}.png", file_stem(data, l, &report));
    let text = data.i18n.msg(
        l,
        &Msg::new("report-chart-ready").arg("name", report.programme.name.as_str()),
    );
    send_file(ctx, text, png, file).await
}

fn csv_bytes(
    data: &Data,
    l: Locale,
    report: &AttendanceReport,
    names: &HashMap<UserId, String>,
) -> Result<Vec<u8>, BotError> {
    let month = |m: Month| month_label(data, l, m);
    let status = |s: PairStatus| status_name(data, l, s);
    let labels = CsvLabels {
        headers: [
            "report-col-pair",
            "report-col-status",
            "report-col-mentor",
            "report-col-mentees",
            "report-col-charter",
            "report-col-objective",
            "report-col-last",
        ]
        .map(|k| data.i18n.text(l, k)),
        month: &month,
        status: &status,
        yes: data.i18n.text(l, "yes"),
        no: data.i18n.text(l, "no"),
        unknown: "—".into(),
    };
    let name = |u: UserId| names.get(&u).cloned().unwrap_or_else(|| u.0.to_string());
    attendance_csv(
        &report.view,
        report.programme.time_zone,
        &data.app.settings.reports.csv,
        &labels,
        &name,
    )
    .map_err(|e| crate::app::AppError::Internal(anyhow::Error::new(e).context("CSV")).into())
}

async fn send_file(
    ctx: Context<'_>,
    text: String,
    bytes: Vec<u8>,
    file: String,
) -> Result<(), BotError> {
    ctx.send(
        poise::CreateReply::default()
            .content(text)
            .attachment(serenity::CreateAttachment::bytes(bytes, file))
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// `presence-2027-03-20`, in the reader's language.
fn file_stem(data: &Data, l: Locale, report: &AttendanceReport) -> String {
    let today = data
        .app
        .clock
        .now()
        .with_timezone(&report.programme.time_zone)
        .date_naive();
    format!(
        "{}-{}",
        data.i18n.text(l, "report-file-stem"),
        today.format("%Y-%m-%d")
    )
}

/// How each person is shown in files: their server display name when Discord tells it,
/// their id otherwise. Names are Discord profile data, never anything typed into binome.
async fn display_names(ctx: Context<'_>, view: &AttendanceView) -> HashMap<UserId, String> {
    let mut out = HashMap::new();
    let Some(guild) = ctx.guild_id() else {
        return out;
    };
    let users: Vec<UserId> = view
        .pairs
        .iter()
        .flat_map(|p| p.members.iter().map(|m| m.user_id))
        .collect();
    if users.len() > MAX_NAME_LOOKUPS {
        return out;
    }
    for user in users {
        match guild.member(ctx, serenity::UserId::new(user.0)).await {
            Ok(member) => {
                out.insert(user, member.display_name().to_string());
            }
            Err(e) => tracing::debug!(%user, error = %e, "display name unknown, id shown"),
        }
    }
    out
}

const MONTH_KEYS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];

fn month_name(data: &Data, l: Locale, m: Month) -> String {
    let key = MONTH_KEYS
        .get(usize::try_from(m.month).unwrap_or(1).saturating_sub(1))
        .copied()
        .unwrap_or("month-1");
    data.i18n.text(l, key)
}

/// « janv. 2027 ».
fn month_label(data: &Data, l: Locale, m: Month) -> String {
    format!("{} {}", month_name(data, l, m), m.year)
}

/// One character per month: meetings held (`+` past nine), `·` for months not yet begun.
pub fn grid(row: &PairAttendance, elapsed: usize) -> String {
    row.held_per_month
        .iter()
        .enumerate()
        .map(|(i, n)| match (i < elapsed, n) {
            (false, _) => '·',
            (true, 0..=9) => char::from_digit(*n, 10).unwrap_or('+'),
            (true, _) => '+',
        })
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn render_attendance(data: &Data, l: Locale, report: &AttendanceReport) -> String {
    let i18n = &data.i18n;
    let view = &report.view;
    let tz = report.programme.time_zone;
    let mut lines = vec![i18n.msg(
        l,
        &Msg::new("attendance-header")
            .arg("name", report.programme.name.as_str())
            .arg("pairs", view.pairs.len()),
    )];
    if view.pairs.is_empty() {
        lines.push(i18n.text(l, "attendance-empty"));
        return lines.join("\n");
    }
    let initials = view
        .months
        .iter()
        .map(|m| {
            month_name(data, l, *m)
                .chars()
                .next()
                .map_or('?', |c| c.to_uppercase().next().unwrap_or(c))
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let (first, last) = (view.months.first(), view.months.last());
    lines.push(
        i18n.msg(
            l,
            &Msg::new("attendance-months")
                .arg("initials", initials)
                .arg(
                    "from",
                    first.map(|m| month_label(data, l, *m)).unwrap_or_default(),
                )
                .arg(
                    "to",
                    last.map(|m| month_label(data, l, *m)).unwrap_or_default(),
                ),
        ),
    );
    let yes = "✓".to_string();
    let no = "✗".to_string();
    for row in &view.pairs {
        let members = row
            .members
            .iter()
            .map(|m| {
                format!(
                    "{} ({})",
                    render::mention(m.user_id),
                    role_name(data, l, m.role)
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let last = match row.last_held {
            Some(at) => day(l, at, tz),
            None => i18n.text(l, "never"),
        };
        lines.push(
            i18n.msg(
                l,
                &Msg::new("attendance-pair")
                    .arg("grid", grid(row, view.elapsed))
                    .arg("id", row.pair_id.0)
                    .arg("members", members)
                    .arg("status", status_name(data, l, row.status))
                    .arg(
                        "charter",
                        if row.charter_signed {
                            yes.clone()
                        } else {
                            no.clone()
                        },
                    )
                    .arg(
                        "objective",
                        match row.objective_set {
                            Some(true) => yes.clone(),
                            Some(false) => no.clone(),
                            None => "—".to_string(),
                        },
                    )
                    .arg("last", last),
            ),
        );
    }
    lines.push(i18n.text(l, "attendance-legend"));
    let shares = view
        .met_share
        .iter()
        .map(|s| match s.percent() {
            Some(p) => i18n.msg(
                l,
                &Msg::new("attendance-share")
                    .arg("month", month_name(data, l, s.month))
                    .arg("met", s.met)
                    .arg("pairs", s.pairs)
                    .arg("percent", i64::from(p)),
            ),
            None => format!("{} —", month_name(data, l, s.month)),
        })
        .collect::<Vec<_>>()
        .join(" · ");
    if !shares.is_empty() {
        lines.push(i18n.msg(l, &Msg::new("attendance-met-share").arg("shares", shares)));
    }
    if !view.sessions.is_empty() {
        lines.push(i18n.text(l, "attendance-sessions-header"));
        for s in &view.sessions {
            lines.push(
                i18n.msg(
                    l,
                    &Msg::new("attendance-session")
                        .arg("kind", render::session_kind_label(data, l, s.kind))
                        .arg("date", day(l, s.starts_at, tz))
                        .arg("present", s.present)
                        .arg("invited", s.invited)
                        .arg("percent", i64::from(s.percent().unwrap_or(0))),
                ),
            );
        }
    }
    if !view.participants.is_empty() {
        lines.push(i18n.text(l, "attendance-participants-header"));
        let held = view.sessions.len();
        for p in &view.participants {
            let sessions = match p.sessions_attended {
                Some(n) => format!("{n}/{held}"),
                None => "—".to_string(),
            };
            let followup = match p.last_follow_up {
                Some(d) => fmt_date(l, d),
                None => i18n.text(l, "never"),
            };
            let pair = p
                .pair_id
                .map_or_else(|| "—".to_string(), |id| format!("#{}", id.0));
            lines.push(
                i18n.msg(
                    l,
                    &Msg::new("attendance-participant")
                        .arg("user", render::mention(p.user_id))
                        .arg("role", role_name(data, l, p.role))
                        .arg("pair", pair)
                        .arg("sessions", sessions)
                        .arg("followup", followup),
                ),
            );
        }
    }
    lines.join("\n")
}

/// Longer lists in the digest end with « … and N more ».
const DIGEST_MAX_LINES: usize = 15;

/// The weekly digest's text, in the coordinator channel's language.
pub fn render_digest(data: &Data, l: Locale, d: &Digest) -> String {
    let i18n = &data.i18n;
    let mut lines = vec![
        i18n.msg(
            l,
            &Msg::new("digest-header").arg("name", d.programme.as_str()),
        ),
        i18n.msg(
            l,
            &Msg::new("digest-counts")
                .arg("open", d.open_pairs)
                .arg("at_risk", d.at_risk),
        ),
    ];
    if d.newly_at_risk.is_empty() {
        lines.push(i18n.text(l, "digest-no-new-risk"));
    } else {
        lines.push(i18n.text(l, "digest-newly-at-risk"));
        for p in &d.newly_at_risk {
            let last = match p.last_held {
                Some(at) => day(l, at, d.tz),
                None => i18n.text(l, "never"),
            };
            lines.push(
                i18n.msg(
                    l,
                    &Msg::new("digest-at-risk-line")
                        .arg("id", p.pair_id.0)
                        .arg(
                            "members",
                            p.members
                                .iter()
                                .map(|u| render::mention(*u))
                                .collect::<Vec<_>>()
                                .join(", "),
                        )
                        .arg("last", last),
                ),
            );
        }
    }
    if !d.upcoming_sessions.is_empty() {
        lines.push(i18n.text(l, "digest-sessions"));
        for s in &d.upcoming_sessions {
            lines.push(
                i18n.msg(
                    l,
                    &Msg::new("digest-session-line")
                        .arg("kind", render::session_kind_label(data, l, s.kind))
                        .arg("when", render::when(l, s.starts_at, d.tz)),
                ),
            );
        }
    }
    if !d.followups_due.is_empty() {
        lines.push(i18n.msg(
            l,
            &Msg::new("digest-followups").arg("count", d.followups_due.len()),
        ));
        for (user, last) in d.followups_due.iter().take(DIGEST_MAX_LINES) {
            let last = match last {
                Some(day) => fmt_date(l, *day),
                None => i18n.text(l, "never"),
            };
            lines.push(
                i18n.msg(
                    l,
                    &Msg::new("digest-followup-line")
                        .arg("user", render::mention(*user))
                        .arg("last", last),
                ),
            );
        }
        if d.followups_due.len() > DIGEST_MAX_LINES {
            lines.push(i18n.msg(
                l,
                &Msg::new("digest-more").arg("count", d.followups_due.len() - DIGEST_MAX_LINES),
            ));
        }
    }
    lines.join("\n")
}
