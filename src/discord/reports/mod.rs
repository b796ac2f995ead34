//! `/attendance` and `/report csv | chart`: parse → app → render; the texts (attendance and
//! the weekly digest) are in `text`.
//! Everything shown here comes from `AttendanceView` and `Digest`, which hold dates, counts,
//! statuses and ids only.

mod text;

use text::attendance_text;
pub use text::render_digest;

use crate::app::reports::AttendanceReport;
use crate::app::Actor;
use crate::discord::data::{Context, Data};
use crate::discord::error::BotError;
use crate::discord::paging::{screen, PageRequest, Screen, View};
use crate::discord::render::{month_label, status_name};
use crate::discord::reply::{self, actor};
use crate::domain::attendance::{AttendanceView, Month, PairAttendance};
use crate::domain::pair::PairStatus;
use crate::domain::{Locale, UserId};
use crate::i18n::Msg;
use crate::report::chart::{
    heat_map_png, into_images, most_urgent_first, ChartError, HeatMap, MAX_IMAGES, ROWS_PER_IMAGE,
};
use crate::report::csv::{attendance_csv, CsvLabels};
use poise::serenity_prelude as serenity;
use std::collections::HashMap;

/// Above this many people, files show Discord ids rather than look every name up.
const MAX_NAME_LOOKUPS: usize = 300;

#[poise::command(slash_command, guild_only)]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
pub async fn attendance(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let first = PageRequest::first(View::Attendance);
    reply::screen(ctx, attendance_screen(ctx.data(), &actor, first).await?).await
}

/// `/attendance` at the page and filter `request` asks for.
pub async fn attendance_screen(
    data: &Data,
    actor: &Actor,
    request: PageRequest,
) -> Result<Screen, BotError> {
    let report = data.app.attendance(actor).await?;
    let text = attendance_text(data, actor.locale, &report, request);
    Ok(screen(&data.i18n, actor.locale, text))
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
    let (l, report, names) = report_with_names(ctx).await?;
    let data = ctx.data();
    let bytes = csv_bytes(data, l, &report, &names)?;
    let file = format!("{}.csv", file_stem(data, l, &report));
    let text = data.i18n.msg(
        l,
        &Msg::new("report-csv-ready")
            .arg("name", report.programme.name.as_str())
            .arg("pairs", report.view.pairs.len()),
    );
    send_files(ctx, text, vec![(bytes, file)]).await
}

#[poise::command(slash_command, guild_only, rename = "chart")]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
async fn report_chart(ctx: Context<'_>) -> Result<(), BotError> {
    let (l, report, names) = report_with_names(ctx).await?;
    let data = ctx.data();
    let (maps, left_out) = heat_maps(data, l, &report, &names);
    let pngs = draw_all(maps).await?;
    let text = chart_text(data, l, &report, pngs.len(), left_out);
    let files = chart_files(&file_stem(data, l, &report), pngs);
    send_files(ctx, text, files).await
}

/// The PNGs of `maps`, drawn off the async workers (CPU work), on as many threads as the
/// machine has cores.
async fn draw_all(maps: Vec<HeatMap>) -> Result<Vec<Vec<u8>>, BotError> {
    let internal = |e: anyhow::Error| BotError::from(crate::app::AppError::Internal(e));
    tokio::task::spawn_blocking(move || draw_in_parallel(&maps))
        .await
        .map_err(|e| internal(anyhow::Error::new(e).context("chart task")))?
        .map_err(|e| internal(anyhow::Error::new(e).context("chart")))
}

/// Each thread draws every n-th image; the PNGs come back in the maps' order.
fn draw_in_parallel(maps: &[HeatMap]) -> Result<Vec<Vec<u8>>, ChartError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, maps.len().max(1));
    let mut drawn: Vec<(usize, Result<Vec<u8>, ChartError>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..maps.len())
                        .step_by(threads)
                        .map(|i| (i, heat_map_png(&maps[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    drawn.sort_by_key(|(i, _)| *i);
    drawn.into_iter().map(|(_, png)| png).collect()
}

/// `presence-2027-03-20.png`, or `…-1.png`, `…-2.png`… when there are several images.
fn chart_files(stem: &str, pngs: Vec<Vec<u8>>) -> Vec<(Vec<u8>, String)> {
    let several = pngs.len() > 1;
    pngs.into_iter()
        .enumerate()
        .map(|(i, png)| {
            let name = if several {
                format!("{stem}-{}.png", i + 1)
            } else {
                format!("{stem}.png")
            };
            (png, name)
        })
        .collect()
}

/// What comes with the heat maps: the programme, the order of the rows, how many images and,
/// past Discord's ten attachments, how many pairs are only in the CSV.
fn chart_text(
    data: &Data,
    l: Locale,
    report: &AttendanceReport,
    images: usize,
    left_out: usize,
) -> String {
    let name = report.programme.name.as_str();
    let mut lines = vec![
        data.i18n
            .msg(l, &Msg::new("report-chart-ready").arg("name", name)),
        data.i18n.text(l, "report-chart-order"),
    ];
    if images > 1 {
        let drawn = report.view.pairs.len() - left_out;
        lines.push(
            data.i18n.msg(
                l,
                &Msg::new("report-chart-images")
                    .arg("pairs", drawn)
                    .arg("images", images)
                    .arg("per", ROWS_PER_IMAGE),
            ),
        );
    }
    if left_out > 0 {
        lines.push(
            data.i18n.msg(
                l,
                &Msg::new("report-chart-left-out")
                    .arg("count", left_out)
                    .arg("max", MAX_IMAGES),
            ),
        );
    }
    lines.join("\n")
}

/// What both reports start from (acknowledged already, as every coordinator command is): the
/// reader's language, the attendance view and the participants' display names.
async fn report_with_names(
    ctx: Context<'_>,
) -> Result<(Locale, AttendanceReport, HashMap<UserId, String>), BotError> {
    let actor = actor(ctx)?;
    let report = ctx.data().app.attendance(&actor).await?;
    let names = display_names(ctx, &report.view).await;
    Ok((actor.locale, report, names))
}

/// The heat maps of meetings held, one row per pair and one column per month: the pairs most
/// in need first, at most 100 an image and 10 images (Discord's attachments per message); and
/// how many pairs did not fit.
fn heat_maps(
    data: &Data,
    l: Locale,
    report: &AttendanceReport,
    names: &HashMap<UserId, String>,
) -> (Vec<HeatMap>, usize) {
    let view = &report.view;
    let rows = most_urgent_first(&view.pairs)
        .into_iter()
        .map(|p| heat_map_row(p, view.elapsed, names))
        .collect();
    let (images, left_out) = into_images(rows);
    let columns: Vec<String> = view
        .months
        .iter()
        .map(|m| month_label(&data.i18n, l, *m))
        .collect();
    let legend = [
        "report-legend-none",
        "report-legend-one",
        "report-legend-two",
        "report-legend-more",
        "report-legend-future",
    ]
    .map(|k| data.i18n.text(l, k));
    let parts = images.len();
    let maps = images
        .into_iter()
        .enumerate()
        .map(|(i, rows)| HeatMap {
            title: chart_title(data, l, report, i + 1, parts),
            columns: columns.clone(),
            rows,
            legend: legend.clone(),
        })
        .collect();
    (maps, left_out)
}

/// « Rendez-vous tenus — Mentorat 2027 », with « (2/5) » when there are several images.
fn chart_title(
    data: &Data,
    l: Locale,
    report: &AttendanceReport,
    part: usize,
    parts: usize,
) -> String {
    let name = report.programme.name.as_str();
    match parts {
        1 => data
            .i18n
            .msg(l, &Msg::new("report-chart-title").arg("name", name)),
        _ => data.i18n.msg(
            l,
            &Msg::new("report-chart-title-part")
                .arg("name", name)
                .arg("part", part)
                .arg("parts", parts),
        ),
    }
}

/// One pair's row: « #12 Marc / Léa » and the meetings held each month (`None`: not begun).
fn heat_map_row(
    p: &PairAttendance,
    elapsed: usize,
    names: &HashMap<UserId, String>,
) -> (String, Vec<Option<u32>>) {
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
        .map(|(i, n)| (i < elapsed).then_some(*n))
        .collect();
    (format!("#{} {who}", p.pair_id.0), cells)
}

fn csv_bytes(
    data: &Data,
    l: Locale,
    report: &AttendanceReport,
    names: &HashMap<UserId, String>,
) -> Result<Vec<u8>, BotError> {
    let month = |m: Month| month_label(&data.i18n, l, m);
    let status = |s: PairStatus| status_name(&data.i18n, l, s);
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

/// One ephemeral message with `files` attached (at most 10: Discord's limit).
async fn send_files(
    ctx: Context<'_>,
    text: String,
    files: Vec<(Vec<u8>, String)>,
) -> Result<(), BotError> {
    let reply = files.into_iter().fold(
        poise::CreateReply::default().content(text).ephemeral(true),
        |reply, (bytes, name)| reply.attachment(serenity::CreateAttachment::bytes(bytes, name)),
    );
    ctx.send(reply).await?;
    Ok(())
}

/// `presence-2027-03-20`, in the reader's language.
fn file_stem(data: &Data, l: Locale, report: &AttendanceReport) -> String {
    format!(
        "{}-{}",
        data.i18n.text(l, "report-file-stem"),
        report.today.format("%Y-%m-%d")
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::chart::chart_size;

    #[test]
    fn images_drawn_in_parallel_come_back_in_order() {
        let map = |rows: usize| HeatMap {
            title: format!("{rows}"),
            columns: vec!["m".into(); 3],
            rows: vec![("p".into(), vec![Some(1); 3]); rows],
            legend: ["0", "1", "2", "3+", "-"].map(String::from),
        };
        let maps: Vec<HeatMap> = (1..=7).map(map).collect();
        let pngs = draw_in_parallel(&maps).unwrap();
        let heights: Vec<u32> = pngs
            .iter()
            .map(|png| {
                let reader = png::Decoder::new(std::io::Cursor::new(png)).read_info();
                reader.unwrap().info().height
            })
            .collect();
        let expected: Vec<u32> = (1..=7).map(|rows| chart_size(rows, 3).1).collect();
        assert_eq!(heights, expected);
    }
}
