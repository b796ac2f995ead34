//! Scale benchmark: coordinator views, pair commands, the digest and the nudges on a database
//! shaped like a hosted service (20 servers × 500 pairs), and at 1 × 50 and 1 × 500 to show
//! how time grows with the programme and with the database. See `scale/report.rs` for what is
//! measured and the goals.
//!
//! Run with `cargo bench --bench scale`; prints a markdown section and writes it into
//! `BENCHMARKS.md` (between its `scale` markers, leaving the other sections alone).
//!
//! The process seeds each database, then runs itself again on it to measure (one process per
//! shape, so that memory figures hold that shape's bot and nothing of the seeding).

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

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Context as _;

use world::Shape;

/// Set in the measuring process: `<servers>x<pairs>:<database file>`.
const CHILD: &str = "BINOME_SCALE_MEASURE";
/// The line of the measuring process's standard output that carries its figures.
const RESULT: &str = "RESULT ";

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("tokio runtime")
}

fn main() -> anyhow::Result<()> {
    if let Ok(what) = std::env::var(CHILD) {
        return measure_here(&what);
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().context("temp dir")?;
    let mut runs = Vec::new();
    for shape in report::SHAPES {
        let path = dir
            .path()
            .join(format!("scale-{}x{}.db", shape.servers, shape.pairs));
        eprintln!("{}: seeding", shape.label());
        let seed = runtime()?.block_on(seed::seed(&path, shape))?;
        eprintln!(
            "{}: seeded in {:.1} s, measuring",
            shape.label(),
            seed.seconds
        );
        let result = measure_apart(&path, shape)?;
        runs.push(report::Run { seed, result });
    }
    let section = report::section(&runs, started.elapsed().as_secs_f64())?;
    println!("{section}");
    let path = common::write_section("scale", &section)?;
    println!("written to {}", path.display());
    Ok(())
}

/// Runs this program again to measure `shape` on the database at `path`.
fn measure_apart(path: &Path, shape: Shape) -> anyhow::Result<measure::ShapeResult> {
    let exe = std::env::current_exe().context("this program's path")?;
    let out = Command::new(exe)
        .env(
            CHILD,
            format!("{}x{}:{}", shape.servers, shape.pairs, path.display()),
        )
        .stderr(Stdio::inherit())
        .output()
        .context("the measuring process")?;
    anyhow::ensure!(out.status.success(), "measuring {} failed", shape.label());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = stdout
        .lines()
        .find_map(|l| l.strip_prefix(RESULT))
        .context("the measuring process printed no result")?;
    serde_json::from_str(json).context("the measuring process's result")
}

/// The measuring process: `what` is `<servers>x<pairs>:<database file>`.
fn measure_here(what: &str) -> anyhow::Result<()> {
    let (shape, path) = what.split_once(':').context("shape:path")?;
    let (servers, pairs) = shape.split_once('x').context("servers x pairs")?;
    let shape = Shape {
        servers: servers.parse()?,
        pairs: pairs.parse()?,
    };
    let result = runtime()?.block_on(measure::run(&seed::url(Path::new(path)), shape))?;
    println!("{RESULT}{}", serde_json::to_string(&result)?);
    Ok(())
}
