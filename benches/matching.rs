//! Matching benchmark: `domain::matching::propose` on 500 mentees × 500 mentors (and 50 × 50)
//! with random themes from the glossary's six, random companies and capacities 1–3, all drawn
//! from a fixed seed so every run measures the same instances.
//!
//! Run with `cargo bench --bench matching`; prints a markdown table and rewrites its own
//! section of `BENCHMARKS.md` at the repository root.

mod common;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

use binome::domain::matching::{propose, Candidate, MatchRules, Proposal};
use binome::domain::participant::{CompanyName, ParticipantRole};
use binome::domain::programme::ThemeSet;
use binome::domain::UserId;

const SEED: u64 = 0x6269_6e6f_6d65_2024;
const COMPANIES: usize = 40;
/// Goal for the largest instance on this machine.
const GOAL: Duration = Duration::from_secs(1);

/// splitmix64: a tiny, well-mixed deterministic generator.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (the modulo bias is negligible for these small `n`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `k` distinct themes in random order.
    fn themes(&mut self, k: usize) -> ThemeSet {
        // The default themes (the glossary's six).
        let themes = binome::app::AppSettings::default().default_themes;
        let mut all: Vec<&str> = themes.iter().map(String::as_str).collect();
        for i in (1..all.len()).rev() {
            all.swap(i, self.below(i + 1));
        }
        ThemeSet::from_items(all.into_iter().take(k)).expect("glossary themes")
    }
}

/// `mentees` mentees wanting 1–3 themes and `mentors` mentors with 1–3 themes and 1–3 places,
/// each from one of 40 companies; user ids interleaved between the two sides.
fn instance(seed: u64, mentees: usize, mentors: usize) -> Vec<Candidate> {
    let mut rng = SplitMix64(seed);
    let companies: Vec<CompanyName> = (0..COMPANIES)
        .map(|k| CompanyName::parse(&format!("Entreprise {k}")).expect("company"))
        .collect();
    let mut out = Vec::with_capacity(mentees + mentors);
    for k in 0..mentees.max(mentors) {
        for (role, count) in [
            (ParticipantRole::Mentee, mentees),
            (ParticipantRole::Mentor, mentors),
        ] {
            if k >= count {
                continue;
            }
            let n_themes = 1 + rng.below(3);
            out.push(Candidate {
                user: UserId(rng.next() >> 1),
                role,
                company: companies[rng.below(COMPANIES)].clone(),
                themes: rng.themes(n_themes),
                capacity: 1 + rng.below(3) as u8,
            });
        }
    }
    out
}

struct Measure {
    mentees: usize,
    mentors: usize,
    places: usize,
    runs: usize,
    times: Vec<Duration>,
    proposal: Proposal,
}

fn measure(mentees: usize, mentors: usize, runs: usize) -> Measure {
    let candidates = instance(SEED, mentees, mentors);
    let places = candidates
        .iter()
        .filter(|c| c.role == ParticipantRole::Mentor)
        .map(|c| usize::from(c.capacity))
        .sum();
    let rules = MatchRules {
        earlier_pairs: HashSet::new(),
        ..MatchRules::default()
    };
    // One warm-up run, whose result every timed run must repeat.
    let proposal = propose(&candidates, &rules);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let again = propose(&candidates, &rules);
        times.push(start.elapsed());
        assert_eq!(again, proposal, "propose is deterministic");
    }
    times.sort();
    Measure {
        mentees,
        mentors,
        places,
        runs,
        times,
        proposal,
    }
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

fn main() -> anyhow::Result<()> {
    let big = measure(500, 500, 15);
    let small = measure(50, 50, 200);
    let p50 = |m: &Measure| common::percentile(&m.times, 0.5).unwrap_or_default();
    let max = |m: &Measure| m.times.last().copied().unwrap_or_default();
    let met = max(&big) <= GOAL;

    let mut body = String::new();
    writeln!(body, "## Matching (`cargo bench --bench matching`)\n")?;
    writeln!(
        body,
        "`domain::matching::propose` on candidates drawn from a fixed seed: each mentee wants 1–3 \
         of the glossary's six themes (the first being the main one), each mentor has 1–3 of \
         them and 1–3 places, everyone works for one of {COMPANIES} companies; default weights \
         (main theme 10, other theme 3), no earlier pair. The optimum is computed by \
         Kuhn–Munkres (`pathfinding`) with the smaller side (mentees or mentor places) as rows. \
         Times are wall-clock per call, after one warm-up call whose proposal every timed call \
         must repeat.\n"
    )?;
    writeln!(
        body,
        "| instance | mentor places | runs | p50 | max | pairs | total score | unmatched mentees | unmatched mentors |"
    )?;
    writeln!(body, "|---|---|---|---|---|---|---|---|---|")?;
    for m in [&big, &small] {
        let unmatched = |role| {
            m.proposal
                .unmatched
                .iter()
                .filter(|u| u.role == role)
                .count()
        };
        writeln!(
            body,
            "| {} mentees × {} mentors | {} | {} | {} | {} | {} | {} | {} | {} |",
            m.mentees,
            m.mentors,
            m.places,
            m.runs,
            ms(p50(m)),
            ms(max(m)),
            m.proposal.pairs.len(),
            m.proposal.total_score(),
            unmatched(ParticipantRole::Mentee),
            unmatched(ParticipantRole::Mentor),
        )?;
    }
    writeln!(
        body,
        "\n- goal: 500 × 500 in ≤ 1 s on this machine: {} (max {})",
        if met { "✅ met" } else { "❌ not met" },
        ms(max(&big))
    )?;
    writeln!(body, "- seed: `{SEED:#018x}` (splitmix64, in the bench)")?;
    writeln!(body, "- machine: {}", common::machine())?;
    writeln!(body, "- date: {}", common::date())?;
    writeln!(
        body,
        "- command: `cargo bench --bench matching` (release profile)"
    )?;

    println!("{body}");
    let path = common::write_section("matching", &body)?;
    println!("wrote {}", path.display());
    Ok(())
}
