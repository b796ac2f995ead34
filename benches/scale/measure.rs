//! The measuring process: the real serenity/poise client (`TestBot`, built as `binome run`
//! builds it) on the seeded database, against the fake Discord serving the measured server;
//! every command timed from the interaction the fake dispatches to the first and the last
//! request the bot makes for it; the digest and the nudges planned directly through `App`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use binome::app::ports::Store;
use binome::app::{App, AppSettings, ManualClock};
use binome::domain::job::{Job, JobPayload, JobState};
use binome::domain::layout::{expected_pair_overwrites, OverwriteTarget};
use binome::domain::{GuildId, JobId, ProgrammeId, RoleId, UserId};
use binome::store::SqliteStore;
use serde_json::{json, Value};

use super::probe::{self, Probe};
use super::world::{self, Fate, Shape};
use crate::common::percentile;
use crate::e2e::TestBot;
use crate::fake_discord::{
    ChannelSpec, Click, FakeDiscord, GuildSpec, MemberSpec, Slash, ALICE, BOT_USER_ID,
    COORDINATION_ROLE, GUILD_ID,
};

/// Timed runs of each command, unless it has used up `BUDGET` (then at least `MIN_RUNS`).
pub const RUNS: usize = 40;
pub const MIN_RUNS: usize = 5;
pub const BUDGET: Duration = Duration::from_secs(6);
/// `/audit` reads every pair channel from Discord: a few runs tell its cost.
pub const AUDIT_RUNS: usize = 3;
/// Planning runs on the measured programme, and rounds over every programme.
const PLAN_RUNS: usize = 20;
const PLAN_ROUNDS: usize = 3;
/// A command not finished by then counts as failed.
const TIMEOUT: Duration = Duration::from_secs(60);
/// How long the warm-up waits, once the handler has returned, for anything sent after it.
const WARM_UP_GRACE: Duration = Duration::from_millis(300);

/// What a command is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// A view of the programme (coordinator commands, and `/privacy`): p99 ≤ 100 ms.
    View,
    /// A pair member's command or a check-in answer: p99 ≤ 10 ms.
    Pair,
    /// Bound by Discord rather than by binome (`/audit` reads every pair channel).
    Discord,
}

/// Milliseconds at the 50th and 99th percentiles.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Ms {
    pub p50: f64,
    pub p99: f64,
}

impl Ms {
    fn of(mut samples: Vec<Duration>) -> Ms {
        samples.sort();
        let ms = |p| percentile(&samples, p).map_or(f64::NAN, |d: Duration| d.as_secs_f64() * 1e3);
        Ms {
            p50: ms(0.50),
            p99: ms(0.99),
        }
    }
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct CommandResult {
    pub name: String,
    pub kind: Kind,
    pub runs: usize,
    /// Interaction dispatched → first request for it (acknowledgement or answer).
    pub first: Ms,
    /// Interaction dispatched → last request for it (the final message).
    pub last: Ms,
    /// Requests for the interaction (callback, follow-ups, edits) in the last run.
    pub answers: usize,
    /// Messages the user got in the last run (each follow-up or edit; not the deferral).
    pub messages: usize,
    /// Other requests to Discord while it ran (member look-ups, channel reads…), last run.
    pub calls: usize,
    pub peak_rss_kb: u64,
    /// Runs that did not finish, were refused by the fake, or got no answer.
    pub failed: usize,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct PlanResult {
    pub name: String,
    /// `App::plan_job` for the measured programme.
    pub programme: Ms,
    /// One round over every programme of the database (median of the rounds).
    pub all_ms: f64,
    pub all_pairs: usize,
    /// Messages planned for the measured programme.
    pub deliveries: usize,
    pub peak_rss_kb: u64,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ShapeResult {
    pub shape: Shape,
    pub idle_rss_kb: u64,
    /// Whether the high-water mark could be reset before each run (else it is the process's).
    pub peak_per_run: bool,
    pub check_ins_posted: usize,
    pub commands: Vec<CommandResult>,
    pub planning: Vec<PlanResult>,
    /// Warnings the bot logged while measured.
    pub warnings: Vec<String>,
    /// The machine's load average when the measures began and ended.
    pub load: (f64, f64),
}

enum Action {
    Slash(Slash),
    Click(Click),
}

/// A command to time: its `n`th invocation (0 warms up).
struct Case {
    name: &'static str,
    kind: Kind,
    runs: usize,
    action: Box<dyn Fn(usize) -> Action>,
}

impl Case {
    fn new(name: &'static str, kind: Kind, action: impl Fn(usize) -> Action + 'static) -> Case {
        Case {
            name,
            kind,
            runs: RUNS,
            action: Box::new(action),
        }
    }
}

/// The bot on one seeded database, measured one command at a time (the parent process asks
/// each shape in turn, so that the three shapes' runs of a command are close in time).
pub struct Session {
    shape: Shape,
    probe: Probe,
    bot: TestBot,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    cases: Vec<Case>,
    result: ShapeResult,
}

impl Session {
    /// Starts the bot on the database at `url`, seeded with `shape`, and posts the check-ins.
    pub async fn start(url: &str, shape: Shape) -> anyhow::Result<Session> {
        let probe = Probe::install()?;
        let load_before = probe::load();
        let fake = FakeDiscord::start(guild(shape)).await;
        protect_pair_channels(&fake, shape);
        // Requests are counted per command instead: on Discord each would be a round trip.
        fake.set_global_limit(None);
        let store = Arc::new(SqliteStore::connect(url, 5).await?);
        let clock = Arc::new(ManualClock::new(world::now()));
        let bot = TestBot::start_on(fake, store.clone(), clock.clone()).await;
        let check_ins = post_check_ins(&bot, shape).await?;
        let result = ShapeResult {
            shape,
            idle_rss_kb: probe::rss_kb(),
            peak_per_run: probe::reset_peak(),
            check_ins_posted: check_ins.len(),
            commands: Vec::new(),
            planning: Vec::new(),
            warnings: Vec::new(),
            load: (load_before, f64::NAN),
        };
        Ok(Session {
            shape,
            probe,
            bot,
            store,
            clock,
            cases: cases(shape, &check_ins),
            result,
        })
    }

    /// How many commands there are to measure.
    pub fn commands(&self) -> usize {
        self.cases.len()
    }

    /// Measures the `i`th command.
    pub async fn measure(&mut self, i: usize) {
        let result = measure(&self.bot, &self.probe, &self.cases[i]).await;
        self.result.commands.push(result);
    }

    /// Plans the digest and the nudges, stops the bot; everything measured.
    pub async fn finish(mut self) -> anyhow::Result<ShapeResult> {
        self.result.planning = planning(self.store.clone(), self.clock, self.shape).await?;
        self.result.warnings = self.probe.take_warnings();
        self.result.load.1 = probe::load();
        let _ = self.bot.halt().await;
        self.store.close().await;
        Ok(self.result)
    }
}

/// The standard guild, with the measured programme's people as members and its pair channels
/// in categories of 50.
fn guild(shape: Shape) -> GuildSpec {
    let mut guild = GuildSpec::standard();
    let g = shape.measured();
    for k in 0..2 * shape.pairs {
        guild.members.push(MemberSpec::new(
            shape.user(g, k),
            &format!("participant{k}"),
            &[],
        ));
    }
    for p in 0..shape.pairs {
        if p % 50 == 0 {
            let name = format!("Binômes {}", p / 50 + 1);
            guild
                .channels
                .push(ChannelSpec::category(shape.category(p), &name));
        }
        let name = format!("binome-{p}");
        guild.channels.push(ChannelSpec::text(
            shape.channel(g, p),
            &name,
            Some(shape.category(p)),
        ));
    }
    guild
}

/// Gives every pair channel the overwrites binome expects, so that `/audit` finds nothing to
/// repair.
fn protect_pair_channels(fake: &FakeDiscord, shape: Shape) {
    let g = shape.measured();
    for p in 0..shape.pairs {
        let members = [
            UserId(shape.user(g, 2 * p)),
            UserId(shape.user(g, 2 * p + 1)),
        ];
        let rules = expected_pair_overwrites(
            GuildId(GUILD_ID),
            &members,
            RoleId(COORDINATION_ROLE),
            UserId(BOT_USER_ID),
        );
        let overwrites: Vec<Value> = rules
            .iter()
            .map(|r| {
                let (id, kind) = match r.target {
                    OverwriteTarget::Role(id) => (id, 0),
                    OverwriteTarget::Member(id) => (id, 1),
                };
                json!({"id": id.to_string(), "type": kind,
                       "allow": r.allow.to_string(), "deny": r.deny.to_string()})
            })
            .collect();
        fake.tamper_overwrites_unseen(shape.channel(g, p), |list| *list = overwrites);
    }
}

/// Runs the due jobs: yesterday's meetings get their check-in message. Each pair with the
/// check-in posted in its channel.
async fn post_check_ins(bot: &TestBot, shape: Shape) -> anyhow::Result<Vec<(usize, Value)>> {
    bot.scheduler.run_once().await?;
    let g = shape.measured();
    let posted = (0..shape.check_in_pairs())
        .filter_map(|p| {
            let buttons = |m: &Value| m["components"].as_array().is_some_and(|c| !c.is_empty());
            let messages = bot.fake.messages(shape.channel(g, p));
            Some((p, messages.into_iter().rev().find(buttons)?))
        })
        .collect();
    bot.fake.forget_history();
    Ok(posted)
}

/// Pairs that meet every month, for the pair commands.
fn steady_pairs(shape: Shape) -> Vec<usize> {
    (0..shape.pairs)
        .filter(|p| world::fate(*p) == Fate::Steady)
        .collect()
}

fn coordinator(name: &str, sub: Option<&str>) -> Slash {
    let slash = Slash::new(name).by(ALICE);
    match sub {
        Some(sub) => slash.sub(sub),
        None => slash,
    }
}

fn cases(shape: Shape, check_ins: &[(usize, Value)]) -> Vec<Case> {
    let mut cases: Vec<Case> = [
        ("/attendance", "attendance", None),
        ("/pair list", "pair", Some("list")),
        ("/participant list", "participant", Some("list")),
        ("/followup due", "followup", Some("due")),
        ("/session list", "session", Some("list")),
        ("/programme status", "programme", Some("status")),
        ("/tripartite list", "tripartite", Some("list")),
        ("/report csv", "report", Some("csv")),
        ("/report chart", "report", Some("chart")),
    ]
    .into_iter()
    .map(|(label, name, sub)| {
        Case::new(label, Kind::View, move |_| {
            Action::Slash(coordinator(name, sub))
        })
    })
    .collect();
    let g = shape.measured();
    let mentee = shape.user(g, 1);
    cases.push(Case::new(
        "/privacy (a participant)",
        Kind::View,
        move |_| Action::Slash(Slash::new("privacy").by(mentee)),
    ));
    cases.push(Case {
        runs: AUDIT_RUNS,
        ..Case::new("/audit", Kind::Discord, |_| {
            Action::Slash(coordinator("audit", None))
        })
    });
    cases.extend(pair_cases(shape, check_ins));
    cases
}

fn pair_cases(shape: Shape, check_ins: &[(usize, Value)]) -> Vec<Case> {
    let g = shape.measured();
    let steady = steady_pairs(shape);
    let in_pair = move |i: usize| {
        let p = steady[i % steady.len()];
        (shape.user(g, 2 * p), shape.channel(g, p))
    };
    let schedule = in_pair.clone();
    let messages: Vec<(Value, u64)> = check_ins
        .iter()
        .map(|(p, m)| (m.clone(), shape.user(g, 2 * p)))
        .collect();
    vec![
        Case::new("/meeting list", Kind::Pair, move |i| {
            let (mentor, channel) = in_pair(i);
            Action::Slash(
                Slash::new("meeting")
                    .sub("list")
                    .by(mentor)
                    .in_channel(channel),
            )
        }),
        Case::new("/meeting schedule", Kind::Pair, move |i| {
            let (mentor, channel) = schedule(i);
            let date = format!("2027-01-{:02}", 10 + i % 15);
            Action::Slash(
                Slash::new("meeting")
                    .sub("schedule")
                    .string_opt("date", &date)
                    .string_opt("time", "10:00")
                    .by(mentor)
                    .in_channel(channel),
            )
        }),
        Case {
            runs: messages.len().saturating_sub(1).min(RUNS),
            ..Case::new("check-in answer (button)", Kind::Pair, move |i| {
                let (message, mentor) = &messages[i];
                let id = crate::support::discord::button(message, 0);
                Action::Click(Click::button(&id).on_message(message).by(*mentor))
            })
        },
    ]
}

/// One invocation, as the fake saw it.
struct Sample {
    first: Option<Duration>,
    last: Option<Duration>,
    answers: usize,
    messages: usize,
    calls: usize,
    peak_kb: u64,
    ok: bool,
    /// Requests for the interaction after its handler had returned (an error reply, sent by
    /// the framework once the command failed), within the grace given.
    late: usize,
    /// What the user saw last (for the warm-up's sanity line).
    text: String,
}

/// Runs `action` once; waits `grace` after its handler has returned for late answers.
async fn invoke(bot: &TestBot, probe: &Probe, action: Action, grace: Duration) -> Sample {
    let refused = bot.fake.refusals().len();
    probe::reset_peak();
    let start = Instant::now();
    let interaction = match action {
        Action::Slash(s) => bot.fake.slash(s).await,
        Action::Click(c) => bot.fake.click(c).await,
    };
    let returned = probe.finished(interaction.id, TIMEOUT).await;
    let peak_kb = probe::peak_kb();
    tokio::time::sleep(grace).await;
    let requests = bot.fake.requests();
    let mut mine: Vec<Instant> = requests
        .iter()
        .filter(|r| r.path.contains(&interaction.token))
        .map(|r| r.at)
        .collect();
    let cut = returned.unwrap_or_else(Instant::now);
    let late = mine.iter().filter(|at| **at > cut).count();
    mine.retain(|at| *at <= cut);
    let replies = interaction.replies();
    let text = replies
        .last()
        .map(|r| r.text().chars().take(100).collect())
        .unwrap_or_default();
    let ok = returned.is_some() && bot.fake.refusals().len() == refused && !mine.is_empty();
    bot.fake.forget_history();
    Sample {
        first: mine.first().map(|t| t.saturating_duration_since(start)),
        last: mine.last().map(|t| t.saturating_duration_since(start)),
        answers: mine.len(),
        messages: replies.len(),
        calls: requests.len() - mine.len() - late,
        peak_kb,
        ok,
        late,
        text,
    }
}

/// One warm-up run (which also checks that nothing answers after the handler returned: an
/// error reply would make every run look done early), then the timed runs.
async fn measure(bot: &TestBot, probe: &Probe, case: &Case) -> CommandResult {
    let warm = invoke(bot, probe, (case.action)(0), WARM_UP_GRACE).await;
    eprintln!(
        "  {}: warm-up {} ms, {} message(s): {:?}",
        case.name,
        warm.last.map_or(0, |d| d.as_millis()),
        warm.messages,
        warm.text.replace('\n', " ⏎ ")
    );
    if warm.late > 0 {
        eprintln!(
            "  {}: answered after its handler returned (an error?): every run counts as failed",
            case.name
        );
    }
    let started = Instant::now();
    let mut samples = Vec::new();
    for i in 1..=case.runs {
        if samples.len() >= MIN_RUNS && started.elapsed() > BUDGET {
            break;
        }
        samples.push(invoke(bot, probe, (case.action)(i), Duration::ZERO).await);
    }
    let last = samples.last();
    CommandResult {
        name: case.name.to_owned(),
        kind: case.kind,
        runs: samples.len(),
        first: Ms::of(samples.iter().filter_map(|s| s.first).collect()),
        last: Ms::of(samples.iter().filter_map(|s| s.last).collect()),
        answers: last.map_or(0, |s| s.answers),
        messages: last.map_or(0, |s| s.messages),
        calls: last.map_or(0, |s| s.calls),
        peak_rss_kb: samples.iter().map(|s| s.peak_kb).max().unwrap_or(0),
        failed: if warm.late > 0 || !warm.ok {
            samples.len()
        } else {
            samples.iter().filter(|s| !s.ok).count()
        },
    }
}

/// The weekly digest and the monthly nudges, planned through `App::plan_job` as the scheduler
/// does when their job falls due.
async fn planning(
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    shape: Shape,
) -> anyhow::Result<Vec<PlanResult>> {
    let app = App::new(store.clone(), clock, AppSettings::default());
    let mut programmes = Vec::new();
    for g in 0..shape.servers {
        let guild = GuildId(shape.guild(g));
        let programme = store
            .active_programme(guild)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no programme on server {g}"))?;
        programmes.push((guild, programme.id));
    }
    let now = world::now();
    let digest = move |programme: ProgrammeId| JobPayload::WeeklyDigest {
        programme,
        since: now - chrono::Duration::weeks(1),
    };
    let nudges = |programme: ProgrammeId| JobPayload::MonthlyRhythm { programme };
    let mut out = Vec::new();
    for (name, payload) in [
        (
            "weekly digest",
            &digest as &dyn Fn(ProgrammeId) -> JobPayload,
        ),
        ("monthly nudges", &nudges),
    ] {
        out.push(plan(&app, shape, &programmes, name, payload).await?);
    }
    Ok(out)
}

async fn plan(
    app: &App,
    shape: Shape,
    programmes: &[(GuildId, ProgrammeId)],
    name: &str,
    payload: &dyn Fn(ProgrammeId) -> JobPayload,
) -> anyhow::Result<PlanResult> {
    let job = |(guild, programme): (GuildId, _)| Job {
        id: JobId(0),
        guild_id: guild,
        due_at: world::now(),
        payload: payload(programme),
        idempotency_key: String::new(),
        state: JobState::Running,
        attempts: 1,
        expires_at: None,
    };
    probe::reset_peak();
    let measured = job(programmes[shape.measured()]);
    let mut deliveries = app.plan_job(&measured).await?.len();
    let mut runs = Vec::new();
    for _ in 0..PLAN_RUNS {
        let start = Instant::now();
        deliveries = app.plan_job(&measured).await?.len();
        runs.push(start.elapsed());
    }
    let mut rounds = Vec::new();
    for _ in 0..PLAN_ROUNDS {
        let start = Instant::now();
        for p in programmes {
            app.plan_job(&job(*p)).await?;
        }
        rounds.push(start.elapsed());
    }
    rounds.sort();
    Ok(PlanResult {
        name: name.to_owned(),
        programme: Ms::of(runs),
        all_ms: percentile(&rounds, 0.5).map_or(f64::NAN, |d| d.as_secs_f64() * 1e3),
        all_pairs: shape.total_pairs(),
        deliveries,
        peak_rss_kb: probe::peak_kb(),
    })
}
