//! What every benchmark shares: the machine it ran on, nearest-rank percentiles, and its own
//! section of `BENCHMARKS.md` (each bench rewrites only the text between its two markers).

// Each bench uses the part it needs.
#![allow(dead_code)]

use std::path::PathBuf;

use anyhow::Context as _;

/// Cores, CPU model and OS, for the record.
pub fn machine() -> String {
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

/// Now, to the minute, for the record.
pub fn date() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string()
}

/// Nearest-rank percentile `p` (0–1) of `sorted` (ascending); `None` when empty.
pub fn percentile<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn benchmarks_md() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("BENCHMARKS.md")
}

/// Replaces the section `name` of `BENCHMARKS.md` (the text between `<!-- name:start -->` and
/// `<!-- name:end -->`) with `body`, or appends it; the other sections stay as they are.
pub fn write_section(name: &str, body: &str) -> anyhow::Result<PathBuf> {
    let path = benchmarks_md();
    let old = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "# Benchmarks\n".to_owned(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    std::fs::write(&path, with_section(&old, name, body))
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

fn with_section(doc: &str, name: &str, body: &str) -> String {
    let (start, end) = (
        format!("<!-- {name}:start -->"),
        format!("<!-- {name}:end -->"),
    );
    let section = format!("{start}\n{}\n{end}", body.trim_end());
    match (doc.find(&start), doc.find(&end)) {
        (Some(a), Some(b)) if a < b => {
            format!("{}{section}{}", &doc[..a], &doc[b + end.len()..])
        }
        _ => format!("{}\n\n{section}\n", doc.trim_end()),
    }
}
