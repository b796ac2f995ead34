//! Delivery benchmark: 1000 pairs whose reminders fall due in the same minute,
//! stored as durable jobs and delivered by one scheduler round through the real
//! job handler and outbound path to the loopback fake Discord (which enforces
//! the 50 req/s global limit); then 30 pairs, under the rate, for the latency
//! of an unthrottled burst.
//!
//! Run with `cargo bench --bench delivery`; prints a markdown table and
//! rewrites its own section of `BENCHMARKS.md` at the repository root.

mod common;
#[path = "../tests/it/fake_discord/mod.rs"]
mod fake_discord;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use binome::app::ports::Store;
use binome::app::{App, AppSettings, ManualClock};
use binome::config::Secret;
use binome::discord::outbound::OutboundConfig;
use binome::discord::{build_client, BotOptions, Layout};
use binome::domain::job::{JobPayload, NewJob};
use binome::domain::meeting::{MeetingStatus, NewMeeting};
use binome::domain::pair::NewPair;
use binome::domain::participant::{CompanyName, NewParticipant, ParticipantRole};
use binome::domain::programme::{NewProgramme, ProgrammeDates, ProgrammeName, ThemeSet};
use binome::domain::setup::GuildSettings;
use binome::domain::{ChannelId, GuildId, Locale, RoleId, UserId};
use binome::i18n::I18n;
use binome::schedule::SchedulerConfig;
use binome::store::SqliteStore;
use chrono::{DateTime, Duration as ChronoDuration, TimeZone, Utc};
use fake_discord::{FakeDiscord, GuildSpec, RateReport, COORDINATION_ROLE, GLOBAL_LIMIT, GUILD_ID};

const BIG_RUN: usize = 1000;
const SMALL_RUN: usize = 30;
/// The shortest time Discord's global limit allows for `n` requests.
fn global_bound(n: usize) -> Duration {
    Duration::from_secs_f64(n as f64 / f64::from(GLOBAL_LIMIT))
}

struct Run {
    messages: usize,
    failed: usize,
    total: Duration,
    lags: Vec<Duration>,
    rate_limited: u64,
    report: RateReport,
}

impl Run {
    /// Nearest-rank percentile of the lags.
    fn lag(&self, p: f64) -> Duration {
        common::percentile(&self.lags, p).unwrap_or(Duration::ZERO)
    }

    fn ratio(&self) -> f64 {
        self.total.as_secs_f64() / global_bound(self.messages).as_secs_f64()
    }
}

/// `n` pairs, each with a meeting whose T-24 h reminder falls due within the same minute, all
/// in the store as durable jobs; then one scheduler round delivers them through the real job
/// handler and the outbound path, as `binome run` would after that minute.
async fn deliver(n: usize) -> anyhow::Result<Run> {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let channels = fake.add_pair_channels(n);
    let dir = tempfile::tempdir().context("temp dir")?;
    let url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let store = Arc::new(SqliteStore::connect(&url, 5).await?);
    let due = Utc
        .with_ymd_and_hms(2027, 3, 1, 8, 0, 0)
        .single()
        .context("date")?;
    let clock = Arc::new(ManualClock::new(due - ChronoDuration::days(2)));
    seed(&store, &channels, due).await?;
    // The minute has passed: every reminder is due.
    clock.set(due + ChronoDuration::seconds(60));
    let bot = build_client(BotOptions {
        token: Secret::new("MTIw.ZmFrZQ.dG9rZW4"),
        api_base: Some(fake.base_url()),
        app: App::new(store.clone(), clock.clone(), AppSettings::default()),
        i18n: Arc::new(I18n::load()?),
        layout: Layout {
            pair_category_prefix: "Binômes".into(),
            pair_channel_prefix: "binôme".into(),
        },
        dev_guild_ids: Vec::new(),
        scheduler: SchedulerConfig::default(),
        outbound: OutboundConfig::default(),
    })
    .await?;
    let before = fake.requests().len();
    let start = Instant::now();
    let report = bot.scheduler.run_once().await?;
    let total = start.elapsed();
    let mut lags: Vec<Duration> = fake.requests()[before..]
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/messages") && r.status < 300)
        .map(|r| r.at.saturating_duration_since(start))
        .collect();
    lags.sort();
    let run = Run {
        messages: n,
        failed: n.saturating_sub(report.done),
        total,
        lags,
        rate_limited: bot.outbound.stats().rate_limited,
        report: fake.rate_report(),
    };
    store.close().await;
    fake.shutdown().await;
    Ok(run)
}

/// One programme, `channels.len()` pairs of people from different companies, a meeting each
/// the day after `due`, and its T-24 h reminder job due within the minute after `due`.
async fn seed(store: &SqliteStore, channels: &[u64], due: DateTime<Utc>) -> anyhow::Result<()> {
    let created = due - ChronoDuration::days(30);
    store
        .save_guild_settings(&GuildSettings {
            guild_id: GuildId(GUILD_ID),
            coordinator_role: RoleId(COORDINATION_ROLE),
            coordinator_channel: None,
            locale: Locale::Fr,
            updated_at: created,
        })
        .await?;
    let programme = store
        .create_programme(&NewProgramme {
            guild_id: GuildId(GUILD_ID),
            name: ProgrammeName::parse("Bench")?,
            dates: ProgrammeDates::new(
                created.date_naive(),
                (due + ChronoDuration::days(300)).date_naive(),
            )?,
            time_zone: chrono_tz::Europe::Paris,
            themes: ThemeSet::default(),
            recruiting_until: None,
            created_at: created,
        })
        .await?;
    for (i, channel) in channels.iter().enumerate() {
        let person = |k: u64, role, company: String| -> anyhow::Result<NewParticipant> {
            Ok(NewParticipant {
                programme_id: programme.id,
                user_id: UserId(500_000_000_000_000_000 + 2 * i as u64 + k),
                role,
                company: CompanyName::parse(&company)?,
                themes: ThemeSet::default(),
                capacity: 1,
                locale: Locale::Fr,
                enrolled_at: created,
            })
        };
        let mentor = store
            .add_participant(&person(0, ParticipantRole::Mentor, format!("A{i}"))?)
            .await?;
        let mentee = store
            .add_participant(&person(1, ParticipantRole::Mentee, format!("B{i}"))?)
            .await?;
        let pair = store
            .create_pair(&NewPair {
                programme_id: programme.id,
                channel_id: ChannelId(*channel),
                members: vec![mentor.id, mentee.id],
                created_at: created,
            })
            .await?;
        let starts_at = due + ChronoDuration::days(1);
        let meeting = store
            .create_meeting(&NewMeeting {
                pair_id: pair.id,
                starts_at,
                duration_minutes: 60,
                mode: None,
                status: MeetingStatus::Scheduled,
                created_at: created,
            })
            .await?;
        store
            .enqueue_job(
                &NewJob {
                    guild_id: GuildId(GUILD_ID),
                    due_at: due + ChronoDuration::milliseconds((i % 60_000) as i64),
                    payload: JobPayload::MeetingReminder {
                        meeting: meeting.id,
                        offset_minutes: 24 * 60,
                    },
                    idempotency_key: format!("meeting:{}:reminder:1440", meeting.id.0),
                    expires_at: Some(starts_at),
                },
                created,
            )
            .await?;
    }
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn table(big: &Run, small: &Run) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "| run | delivered | total time | ratio to the {} s global-limit bound (goal ≤ 1.3) | 429 received (goal 0) | max requests in any 1 s | lag p50 | lag p99 |",
        global_bound(BIG_RUN).as_secs()
    );
    let _ = writeln!(t, "|---|---|---|---|---|---|---|---|");
    let _ = writeln!(
        t,
        "| {BIG_RUN} reminders due in the same minute | {}/{} | {:.2} s | {:.3} | {} | {} | {:.2} s | {:.2} s |",
        big.messages - big.failed,
        big.messages,
        big.total.as_secs_f64(),
        big.ratio(),
        big.rate_limited,
        big.report.max_in_any_1s_window,
        big.lag(0.50).as_secs_f64(),
        big.lag(0.99).as_secs_f64(),
    );
    let _ = writeln!(
        t,
        "| {SMALL_RUN} reminders under the rate (goal p99 ≤ 1 s) | {}/{} | {} | – | {} | {} | {} | {} |",
        small.messages - small.failed,
        small.messages,
        ms(small.total),
        small.rate_limited,
        small.report.max_in_any_1s_window,
        ms(small.lag(0.50)),
        ms(small.lag(0.99)),
    );
    t
}

fn main() -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("tokio runtime")?;
    let (big, small) = rt.block_on(async {
        let big = deliver(BIG_RUN).await?;
        let small = deliver(SMALL_RUN).await?;
        anyhow::Ok((big, small))
    })?;
    let table = table(&big, &small);
    println!("{table}");

    let doc = format!(
        "## Delivery (`cargo bench --bench delivery`)\n\n\
         {BIG_RUN} pairs, each with a meeting whose T-24 h reminder falls due within the same \
         minute, stored as durable jobs in SQLite. One `Scheduler::run_once` round (the \
         worker's step) claims them, plans each message in `app`, and posts it through \
         `discord::outbound::Outbound` (default config: 40 requests/s) to the loopback fake \
         Discord, which answers 429 past {GLOBAL_LIMIT} requests in any second like Discord. \
         Lag is measured per message from the start of the round (every reminder was due) to \
         its arrival at the fake. The second run does the same with {SMALL_RUN} pairs, under \
         the rate.\n\n\
         {table}\n\
         - machine: {}\n\
         - date: {}\n\
         - command: `cargo bench --bench delivery` (release profile)\n\
         - 429 received counts what `Outbound` saw; the fake sent {} in the big run and {} in the small one.\n\
         - \"max requests in any 1 s\" counts every request the fake received, including the \
         two start-up calls serenity's client builder makes (current user, application) in \
         the second before the round; the outbound path itself sent at most 40 in any second.\n\
         - At the default pace (40 requests in any second, 20 % under Discord's 50) the floor is \
         24 s for 1000 messages (25 windows of 40, the last one opening at 24 s): a ratio of 1.2.\n",
        common::machine(),
        common::date(),
        big.report.count_429_sent,
        small.report.count_429_sent,
    );
    let path = common::write_section("delivery", &doc)?;
    println!("written to {}", path.display());
    Ok(())
}
