//! Delivery benchmark: 1000 reminders due in the same minute, one per pair
//! channel, handed to `Outbound` at once from concurrent tasks and posted to
//! the loopback fake Discord (which enforces the 50 req/s global limit); then
//! 30 reminders, under the rate, for the latency of an unthrottled burst.
//!
//! Run with `cargo bench --bench delivery`; prints a markdown table and
//! rewrites `BENCHMARKS.md` at the repository root.

#[path = "../tests/it/fake_discord/mod.rs"]
mod fake_discord;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use binome::discord::outbound::{Outbound, OutboundConfig};
use fake_discord::{FakeDiscord, GuildSpec, RateReport, GLOBAL_LIMIT};
use serenity::all::{ChannelId, CreateMessage, HttpBuilder};

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
        if self.lags.is_empty() {
            return Duration::ZERO;
        }
        let rank = (p * self.lags.len() as f64).ceil() as usize;
        self.lags[rank.clamp(1, self.lags.len()) - 1]
    }

    fn ratio(&self) -> f64 {
        self.total.as_secs_f64() / global_bound(self.messages).as_secs_f64()
    }
}

/// Posts `n` reminders, one per fresh pair channel, all handed over at once.
async fn deliver(n: usize) -> anyhow::Result<Run> {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let channels = fake.add_pair_channels(n);
    let http = HttpBuilder::new("MTIw.ZmFrZQ.dG9rZW4")
        .proxy(fake.base_url())
        .ratelimiter_disabled(true)
        .build();
    let outbound = Outbound::new(Arc::new(http), OutboundConfig::default());
    let start = Instant::now();
    let tasks: Vec<_> = channels
        .iter()
        .enumerate()
        .map(|(i, channel)| {
            let outbound = outbound.clone();
            let channel = ChannelId::new(*channel);
            tokio::spawn(async move {
                let message = CreateMessage::new().content(format!(
                    "Rappel : votre rencontre de binôme commence dans une heure ({i})."
                ));
                let handed = Instant::now();
                let result = outbound.post(channel, message, &format!("j{i}p0")).await;
                (result.is_ok(), handed.elapsed())
            })
        })
        .collect();
    let mut lags = Vec::with_capacity(n);
    let mut failed = 0;
    for t in tasks {
        let (ok, lag) = t.await.context("delivery task")?;
        if ok {
            lags.push(lag);
        } else {
            failed += 1;
        }
    }
    let total = start.elapsed();
    lags.sort();
    let run = Run {
        messages: n,
        failed,
        total,
        lags,
        rate_limited: outbound.stats().rate_limited,
        report: fake.rate_report(),
    };
    fake.shutdown().await;
    Ok(run)
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

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    format!("{cores} cores (nproc), {cpu}, {}", std::env::consts::OS)
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
        "# Benchmarks\n\n\
         ## Delivery (`cargo bench --bench delivery`)\n\n\
         {BIG_RUN} reminders due in the same minute, one per pair channel, handed to \
         `discord::outbound::Outbound` (default config: 40 requests/s) at once from \
         concurrent tasks and posted to the loopback fake Discord, which answers 429 past \
         {GLOBAL_LIMIT} requests in any second like Discord. Lag is measured per message from \
         the moment it was handed to `Outbound` to its delivery. The second run posts \
         {SMALL_RUN} reminders, under the rate, with a fresh fake and `Outbound`.\n\n\
         {table}\n\
         - machine: {}\n\
         - date: {}\n\
         - command: `cargo bench --bench delivery` (release profile)\n\
         - 429 received counts what `Outbound` saw; the fake sent {} in the big run and {} in the small one.\n\
         - At the default pace (40 requests in any second, 20 % under Discord's 50) the floor is \
         24 s for 1000 messages (25 windows of 40, the last one opening at 24 s): a ratio of 1.2.\n",
        machine(),
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC"),
        big.report.count_429_sent,
        small.report.count_429_sent,
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md");
    std::fs::write(&path, doc).with_context(|| format!("writing {}", path.display()))?;
    println!("written to {}", path.display());
    Ok(())
}
