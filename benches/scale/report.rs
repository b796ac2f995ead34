//! The scale section of `BENCHMARKS.md`: the goals, met or not, then the figures.

use std::fmt::Write as _;

use super::measure::{CommandResult, Kind, ShapeResult, AUDIT_RUNS, BUDGET, MIN_RUNS, RUNS};
use super::seed::SeedStats;
use super::world::Shape;
use crate::common;

pub const SMALL: Shape = Shape {
    servers: 1,
    pairs: 50,
};
pub const ONE: Shape = Shape {
    servers: 1,
    pairs: 500,
};
pub const HOSTED: Shape = Shape {
    servers: 20,
    pairs: 500,
};
/// The runs, in order.
pub const SHAPES: [Shape; 3] = [SMALL, ONE, HOSTED];

const VIEW_P99_MS: f64 = 100.0;
const PAIR_P99_MS: f64 = 10.0;
const PEAK_RSS_MB: f64 = 64.0;
const PLANNING_MS: f64 = 200.0;
/// 1 × 50 → 1 × 500 is ten times the programme: at most linear is at most ten times the time.
const PROGRAMME_GROWTH: f64 = 10.0;
/// 1 × 500 → 20 × 500 is twenty times the database and the same programme: the time should not
/// move beyond measurement noise on a shared machine.
const DATABASE_GROWTH: f64 = 1.5;

pub struct Run {
    pub seed: SeedStats,
    pub result: ShapeResult,
}

fn ms(v: f64) -> String {
    match v {
        v if v.is_nan() => "–".to_owned(),
        v if v >= 1000.0 => format!("{:.2} s", v / 1000.0),
        v if v >= 10.0 => format!("{v:.0} ms"),
        v => format!("{v:.1} ms"),
    }
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

/// `10 000`, as the issue writes it.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn met(ok: bool) -> &'static str {
    if ok {
        "✅ met"
    } else {
        "❌ not met"
    }
}

fn find(runs: &[Run], shape: Shape) -> anyhow::Result<&ShapeResult> {
    runs.iter()
        .map(|r| &r.result)
        .find(|r| r.shape == shape)
        .ok_or_else(|| anyhow::anyhow!("no run for {}", shape.label()))
}

/// The command with the highest `value` among those `keep` selects, with that value.
fn worst(
    commands: &[CommandResult],
    keep: impl Fn(&CommandResult) -> bool,
    value: impl Fn(&CommandResult) -> f64,
) -> Option<(&CommandResult, f64)> {
    commands
        .iter()
        .filter(|c| keep(c))
        .map(|c| (c, value(c)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// p50 of the final message of `name` in `r`.
fn p50_of(r: &ShapeResult, name: &str) -> f64 {
    r.commands
        .iter()
        .find(|c| c.name == name)
        .map_or(f64::NAN, |c| c.last.p50)
}

/// For each command (but the Discord-bound ones) and each planning, how many times longer its
/// median took from `from` to `to`; the worst.
fn growth(from: &ShapeResult, to: &ShapeResult) -> Option<(String, f64)> {
    to.commands
        .iter()
        .filter(|c| c.kind != Kind::Discord)
        .map(|c| (c.name.clone(), c.last.p50 / p50_of(from, &c.name)))
        .chain(to.planning.iter().map(|p| {
            let before = from.planning.iter().find(|q| q.name == p.name);
            let ratio = p.programme.p50 / before.map_or(f64::NAN, |q| q.programme.p50);
            (p.name.clone(), ratio)
        }))
        .filter(|(_, r)| r.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

fn goal_p99(t: &mut String, hosted: &ShapeResult, kind: Kind, what: &str, limit: f64) {
    let Some((c, v)) = worst(&hosted.commands, |c| c.kind == kind, |c| c.last.p99) else {
        return;
    };
    let failed: usize = hosted
        .commands
        .iter()
        .filter(|c| c.kind == kind)
        .map(|c| c.failed)
        .sum();
    let _ = writeln!(
        t,
        "| {what} p99 ≤ {limit:.0} ms (500-pair programme, 10 000 pairs in the database) | slowest: {} {} (final message p99){} | {} |",
        c.name,
        ms(v),
        if failed > 0 { format!("; {failed} run(s) failed") } else { String::new() },
        met(v <= limit && failed == 0)
    );
}

fn goals(runs: &[Run]) -> anyhow::Result<String> {
    let (small, one, hosted) = (find(runs, SMALL)?, find(runs, ONE)?, find(runs, HOSTED)?);
    let mut t = String::from("| goal | measured | |\n|---|---|---|\n");
    goal_p99(&mut t, hosted, Kind::View, "coordinator views", VIEW_P99_MS);
    goal_p99(
        &mut t,
        hosted,
        Kind::Pair,
        "pair commands and check-in answers",
        PAIR_P99_MS,
    );
    if let Some((c, n)) = worst(
        &hosted.commands,
        |c| c.kind == Kind::View,
        |c| c.messages as f64,
    ) {
        let _ = writeln!(
            t,
            "| each view answers with one message (its summary and first page) | most: {} with {n} messages | {} |",
            c.name,
            met(n <= 1.0)
        );
    }
    for (what, from, to, limit) in [
        (
            "time grows at most linearly with the programme (1 × 50 → 1 × 500: ≤ 10×)",
            small,
            one,
            PROGRAMME_GROWTH,
        ),
        (
            "time does not grow with the database (1 × 500 → 20 × 500: ≤ 1.5×, noise)",
            one,
            hosted,
            DATABASE_GROWTH,
        ),
    ] {
        if let Some((name, r)) = growth(from, to) {
            let _ = writeln!(
                t,
                "| {what} | worst: {name} ×{r:.1} (median) | {} |",
                met(r <= limit)
            );
        }
    }
    let all: Vec<CommandResult> = runs
        .iter()
        .flat_map(|r| r.result.commands.clone())
        .collect();
    if let Some((c, kb)) = worst(&all, |_| true, |c| c.peak_rss_kb as f64) {
        let _ = writeln!(
            t,
            "| peak RSS ≤ {PEAK_RSS_MB:.0} MB during any command | highest: {} during {} | {} |",
            mb(kb as u64),
            c.name,
            met(kb / 1024.0 <= PEAK_RSS_MB)
        );
    }
    for p in &hosted.planning {
        let _ = writeln!(
            t,
            "| {} planning ≤ {PLANNING_MS:.0} ms for 10 000 pairs | {} for the {} programmes ({} pairs) | {} |",
            p.name,
            ms(p.all_ms),
            hosted.shape.servers,
            thousands(p.all_pairs),
            met(p.all_ms <= PLANNING_MS)
        );
    }
    Ok(t)
}

fn commands_table(r: &ShapeResult) -> String {
    let mut t = String::from(
        "| command | held to | runs | first response p50 | p99 | final message p50 | p99 | messages | requests for it | other requests | peak RSS | failed |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for c in &r.commands {
        let kind = match c.kind {
            Kind::View => "view ≤ 100 ms",
            Kind::Pair => "pair ≤ 10 ms",
            Kind::Discord => "Discord-bound",
        };
        let _ = writeln!(
            t,
            "| {} | {kind} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            c.name,
            c.runs,
            ms(c.first.p50),
            ms(c.first.p99),
            ms(c.last.p50),
            ms(c.last.p99),
            c.messages,
            c.answers,
            c.calls,
            mb(c.peak_rss_kb),
            c.failed
        );
    }
    t
}

fn growth_table(runs: &[Run]) -> anyhow::Result<String> {
    let (small, one, hosted) = (find(runs, SMALL)?, find(runs, ONE)?, find(runs, HOSTED)?);
    let mut t = String::from(
        "| final message p50 | 1 × 50 | 1 × 500 | 20 × 500 | 1 × 50 → 1 × 500 (10× the programme) | 1 × 500 → 20 × 500 (20× the database) |\n\
         |---|---|---|---|---|---|\n",
    );
    for c in &hosted.commands {
        let (a, b, h) = (p50_of(small, &c.name), p50_of(one, &c.name), c.last.p50);
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | ×{:.1} | ×{:.1} |",
            c.name,
            ms(a),
            ms(b),
            ms(h),
            b / a,
            h / b
        );
    }
    Ok(t)
}

fn planning_table(runs: &[Run]) -> anyhow::Result<String> {
    let hosted = find(runs, HOSTED)?;
    let mut t = String::from(
        "| `App::plan_job` | 1 × 50 (p50 / p99) | 1 × 500 | 20 × 500, one programme | 20 × 500, every programme (10 000 pairs) | messages planned (one programme) | peak RSS |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for p in &hosted.planning {
        let per = |shape| -> anyhow::Result<String> {
            let r = find(runs, shape)?;
            Ok(r.planning
                .iter()
                .find(|q| q.name == p.name)
                .map_or("–".to_owned(), |q| {
                    format!("{} / {}", ms(q.programme.p50), ms(q.programme.p99))
                }))
        };
        let _ = writeln!(
            t,
            "| {} | {} | {} | {} | {} | {} | {} |",
            p.name,
            per(SMALL)?,
            per(ONE)?,
            per(HOSTED)?,
            ms(p.all_ms),
            p.deliveries,
            mb(p.peak_rss_kb)
        );
    }
    Ok(t)
}

fn databases_table(runs: &[Run]) -> String {
    let names: Vec<&str> = runs
        .first()
        .map(|r| r.seed.rows.iter().map(|(n, _)| n.as_str()).collect())
        .unwrap_or_default();
    let mut t = format!(
        "| database | {} | file | seeded in | idle RSS | check-ins posted | load average (start → end) |\n|---|{}---|---|---|---|---|\n",
        names.join(" | "),
        "---|".repeat(names.len())
    );
    for r in runs {
        let counts: Vec<String> = r
            .seed
            .rows
            .iter()
            .map(|(_, n)| thousands(*n as usize))
            .collect();
        let _ = writeln!(
            t,
            "| {} | {} | {} | {:.1} s | {} | {} | {:.2} → {:.2} |",
            r.result.shape.label(),
            counts.join(" | "),
            mb(r.seed.bytes / 1024),
            r.seed.seconds,
            mb(r.result.idle_rss_kb),
            r.result.check_ins_posted,
            r.result.load.0,
            r.result.load.1
        );
    }
    t
}

fn warnings(runs: &[Run]) -> String {
    let mut out = String::new();
    for r in runs {
        let w = &r.result.warnings;
        if w.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "- {}: the bot logged {} warning(s), first: `{}`",
            r.result.shape.label(),
            w.len(),
            w[0].replace('`', "'")
        );
    }
    out
}

/// The whole section.
pub fn section(runs: &[Run], seconds: f64) -> anyhow::Result<String> {
    let hosted = find(runs, HOSTED)?;
    let peak_note = if runs.iter().all(|r| r.result.peak_per_run) {
        "Peak RSS is the high-water mark (`VmHWM`) of the measuring process, reset before each run \
         by writing 5 to `/proc/self/clear_refs`, so it is the peak during that run"
    } else {
        "Peak RSS is the measuring process's high-water mark since it started (`/proc/self/clear_refs` \
         could not be written to reset it before each run)"
    };
    Ok(format!(
        "## Scale (`cargo bench --bench scale`)\n\n\
         A database shaped like a hosted service, seeded through the project's migrations: 20 \
         servers × 500 pairs (10 000 pairs, 20 000 participants), each programme with a year of \
         monthly meetings (most held; one pair in ten at risk, a few paused or ended), its three \
         collective sessions with answers and presences, follow-ups, tripartite meetings, the \
         jobs that ran (with one in a thousand dead) and those to come, the nonces of what was \
         delivered, posture prompts. The same at 1 × 50 and 1 × 500 shows how time grows with \
         the programme (1 × 50 → 1 × 500) and with the database (1 × 500 → 20 × 500).\n\n\
         Each shape is measured in a process of its own (the three take turns, command by \
         command): the real serenity/poise client \
         (`TestBot`, built as `binome run` builds it, default settings, SQLite pool of 5) \
         against the loopback fake Discord serving the measured server (its 1000 members and \
         500 pair channels). A command is timed from the moment the fake dispatches the \
         interaction to the first request the bot makes for it (the acknowledgement, or the \
         answer when it does not defer) and to the last one (the final message); it is over \
         when its handler has returned (its tracing span closed). Messages are what the user \
         got in one run (each follow-up or edit, not the \"thinking…\" acknowledgement); requests \
         for it are the callback, follow-ups and edits; other requests are the rest the bot sent \
         Discord meanwhile (member look-ups, channel reads), each a round trip on Discord. \
         Runs: {}. The digest and the nudges are planned directly through \
         `App::plan_job` on a due job, as the scheduler does.\n\n\
         ### Goals\n\n{}\n\
         ### 20 × 500: one 500-pair programme among 10 000 pairs\n\n{}\n\
         ### Growth\n\n{}\n\
         ### Digest and nudge planning\n\n{}\n\
         ### Databases\n\n{}\n\
         - machine: {}\n\
         - date: {}\n\
         - command: `cargo bench --bench scale` (release profile); about {:.0} s in all\n\
         - {peak_note}; it counts the fake Discord and the measuring code too (they share the process).\n\
         - The fake's 50 requests/s global limit is off while commands are measured (the table \
         counts the requests instead); the scheduler's own posts keep the 40/s pace.\n\
         - p99 of n runs is the nearest rank: with {RUNS} runs, the slowest.\n\
         - The machine is shared: a load average above its core count means other work slowed \
         the figures down (the three shapes take turns command by command, so the growth ratios \
         compare runs made seconds apart).\n\
         {}",
        runs_note(),
        goals(runs)?,
        commands_table(hosted),
        growth_table(runs)?,
        planning_table(runs)?,
        databases_table(runs),
        common::machine(),
        common::date(),
        seconds,
        warnings(runs),
    ))
}

fn runs_note() -> String {
    format!(
        "one warm-up, then {RUNS} timed runs of each command, or fewer (at least {MIN_RUNS}) once a \
         command has taken {} s; /audit {AUDIT_RUNS}; one check-in answer per meeting awaiting \
         its check-in",
        BUDGET.as_secs()
    )
}
