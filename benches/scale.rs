//! Scale benchmark: coordinator views, pair commands, the digest and the nudges on a database
//! shaped like a hosted service (20 servers × 500 pairs), and at 1 × 50 and 1 × 500 to show
//! how time grows with the programme and with the database. See `scale/report.rs` for what is
//! measured and the goals.
//!
//! Run with `cargo bench --bench scale`; prints a markdown section and writes it into
//! `BENCHMARKS.md` (between its `scale` markers, leaving the other sections alone).
//!
//! The process seeds each database, then runs itself again on each to measure (one process per
//! shape, so that memory figures hold that shape's bot and nothing of the seeding), and has the
//! three measure each command in turn, so that the growth ratios compare runs made seconds
//! apart rather than minutes.

mod common;
#[path = "../tests/it/fake_discord/mod.rs"]
mod fake_discord;
// The end-to-end harness (`TestBot`) and its fixtures, as the integration tests use them; the
// tests themselves are not compiled here.
#[allow(dead_code, unused_imports)]
#[path = "../tests/it/e2e/mod.rs"]
mod e2e;
#[allow(dead_code, unused_imports)]
#[path = "../tests/it/support/mod.rs"]
mod support;

#[path = "scale/measure.rs"]
mod measure;
#[path = "scale/probe.rs"]
mod probe;
#[path = "scale/report.rs"]
mod report;
#[path = "scale/seed.rs"]
mod seed;
#[path = "scale/world.rs"]
mod world;

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Instant;

use anyhow::Context as _;

use world::Shape;

/// Set in the measuring process: `<servers>x<pairs>:<database file>`.
const CHILD: &str = "BINOME_SCALE_MEASURE";
/// How the measuring process's answer lines start.
const READY: &str = "READY ";
const DONE: &str = "DONE";
const RESULT: &str = "RESULT ";

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    binome::runtime::build().context("tokio runtime")
}

fn main() -> anyhow::Result<()> {
    if let Ok(what) = std::env::var(CHILD) {
        return measure_here(&what);
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().context("temp dir")?;
    let mut seeds = Vec::new();
    let mut children = Vec::new();
    for shape in report::SHAPES {
        let path = dir
            .path()
            .join(format!("scale-{}x{}.db", shape.servers, shape.pairs));
        eprintln!("{}: seeding", shape.label());
        let seed = runtime()?.block_on(seed::seed(&path, shape))?;
        eprintln!("{}: seeded in {:.1} s", shape.label(), seed.seconds);
        seeds.push(seed);
        children.push(Measuring::start(&path, shape)?);
    }
    let commands = children[0].commands;
    for i in 0..commands {
        // Each command on every shape in turn, the order alternating, so that a change in the
        // machine's load does not fall on one shape only.
        let order: Vec<usize> = if i % 2 == 0 {
            (0..children.len()).collect()
        } else {
            (0..children.len()).rev().collect()
        };
        for c in order {
            children[c].ask(&format!("measure {i}"), DONE)?;
        }
    }
    let mut runs = Vec::new();
    for (seed, mut child) in seeds.into_iter().zip(children) {
        let json = child.ask("finish", RESULT)?;
        let result = serde_json::from_str(&json).context("the measuring process's result")?;
        runs.push(report::Run { seed, result });
    }
    let section = report::section(&runs, started.elapsed().as_secs_f64())?;
    println!("{section}");
    let path = common::write_section("scale", &section)?;
    println!("written to {}", path.display());
    Ok(())
}

/// A measuring process: this program run again on one shape's database, answering one line
/// for each line it is sent.
struct Measuring {
    shape: Shape,
    process: Child,
    to: ChildStdin,
    from: BufReader<ChildStdout>,
    commands: usize,
}

impl Measuring {
    fn start(path: &Path, shape: Shape) -> anyhow::Result<Measuring> {
        let exe = std::env::current_exe().context("this program's path")?;
        let mut process = Command::new(exe)
            .env(
                CHILD,
                format!("{}x{}:{}", shape.servers, shape.pairs, path.display()),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("the measuring process")?;
        let to = process.stdin.take().context("its input")?;
        let from = BufReader::new(process.stdout.take().context("its output")?);
        let mut child = Measuring {
            shape,
            process,
            to,
            from,
            commands: 0,
        };
        child.commands = child.answer(READY)?.parse()?;
        Ok(child)
    }

    /// Sends `line`; the rest of the answer line that starts with `prefix`.
    fn ask(&mut self, line: &str, prefix: &str) -> anyhow::Result<String> {
        writeln!(self.to, "{line}").context("writing to the measuring process")?;
        self.answer(prefix)
    }

    fn answer(&mut self, prefix: &str) -> anyhow::Result<String> {
        let mut line = String::new();
        loop {
            line.clear();
            if self.from.read_line(&mut line)? == 0 {
                let status = self.process.wait()?;
                anyhow::bail!("measuring {} stopped ({status})", self.shape.label());
            }
            if let Some(rest) = line.trim_end().strip_prefix(prefix) {
                return Ok(rest.to_owned());
            }
        }
    }
}

/// The measuring process: `what` is `<servers>x<pairs>:<database file>`; it starts the bot,
/// says `READY <commands>`, then answers `measure <i>` with `DONE` and `finish` with
/// `RESULT <json>`.
fn measure_here(what: &str) -> anyhow::Result<()> {
    let (shape, path) = what.split_once(':').context("shape:path")?;
    let (servers, pairs) = shape.split_once('x').context("servers x pairs")?;
    let shape = Shape {
        servers: servers.parse()?,
        pairs: pairs.parse()?,
    };
    let rt = runtime()?;
    let url = seed::url(Path::new(path));
    let mut session = rt.block_on(measure::Session::start(&url, shape))?;
    println!("{READY}{}", session.commands());
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        if let Some(i) = line.strip_prefix("measure ") {
            rt.block_on(session.measure(i.parse()?));
            println!("{DONE}");
        } else if line == "finish" {
            let result = rt.block_on(session.finish())?;
            println!("{RESULT}{}", serde_json::to_string(&result)?);
            return Ok(());
        }
    }
    anyhow::bail!("the benchmark stopped before asking for the result")
}
