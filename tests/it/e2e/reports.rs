//! `/attendance`, `/report csv | chart` and the weekly digest, end to end; and the canary: what
//! pair members type never reaches anything a coordinator sees.

use super::{dump_database, TestBot};
use crate::fake_discord::{
    FakeDiscord, ModalSubmit, Reply, Slash, ALICE, BOB, CAROL, COORDINATION_ROLE, GENERAL,
};
use crate::support::discord::{containing, contents, BOB_AND_CAROL};
use crate::support::t;
use binome::app::reports::digest_job_key;
use binome::app::Store;
use binome::domain::ProgrammeId;
use binome::report::chart::chart_size;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use std::sync::Arc;

/// A programme (12/01/2027 – 15/12/2027, Paris) with one pair, bob mentoring carol, created on
/// 23/11/2026; the coordinator channel is #general. Returns the pair channel.
async fn bot_with_pair() -> (TestBot, u64) {
    with_pair(TestBot::start().await).await
}

/// The same programme and pair on `bot`.
async fn with_pair(bot: TestBot) -> (TestBot, u64) {
    bot.programme_with(&BOB_AND_CAROL).await;
    bot.set_up_with("coordinator_channel", GENERAL).await;
    let channel = bot.pair(BOB, CAROL).await;
    (bot, channel)
}

async fn meeting_done(bot: &TestBot, channel: u64, date: &str) {
    let r = bot
        .run(
            Slash::new("meeting")
                .sub("done")
                .string_opt("date", date)
                .by(CAROL)
                .in_channel(channel),
        )
        .await;
    assert!(r.text().contains(date), "{}", r.text());
}

fn digests(fake: &FakeDiscord) -> Vec<String> {
    contents(&containing(fake, GENERAL, "Synthèse de la semaine"))
}

#[tokio::test]
async fn attendance_is_refused_to_pair_members_and_to_anyone_without_the_coordinator_role() {
    let (bot, channel) = bot_with_pair().await;
    for (who, cmd) in [
        (BOB, Slash::new("attendance")),
        (CAROL, Slash::new("report").sub("csv")),
        (BOB, Slash::new("report").sub("chart")),
    ] {
        let r = bot.run(cmd.by(who).in_channel(channel)).await;
        assert!(r.ephemeral);
        assert!(
            r.text().contains("réservée à la coordination"),
            "{}",
            r.text()
        );
        assert!(bot.fake.files(&r).is_empty(), "no file for a pair member");
    }
    bot.stop().await;
}

#[tokio::test]
async fn attendance_shows_meetings_per_month_status_charter_and_the_share_of_pairs_that_met() {
    let (bot, channel) = bot_with_pair().await;
    bot.clock.set(t(2027, 3, 20, 10, 0));
    meeting_done(&bot, channel, "15/01/2027").await;
    meeting_done(&bot, channel, "10/03/2027").await;
    let r = bot
        .run(
            Slash::new("followup")
                .sub("log")
                .user_opt("participant", CAROL)
                .string_opt("date", "01/03/2027")
                .by(ALICE),
        )
        .await;
    assert!(!r.text().contains("réservée"), "{}", r.text());
    let r = bot.run(Slash::new("attendance").by(ALICE)).await;
    assert!(r.ephemeral, "only the coordinator sees it");
    let text = r.text();
    assert!(
        text.contains(&format!(
            "<@{CAROL}> (mentoré·e, binôme #1) — regroupements : — — dernier suivi : 01/03/2027"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "<@{BOB}> (mentor, binôme #1) — regroupements : — — dernier suivi : jamais"
        )),
        "{text}"
    );
    // Months nov. 2026 (the pair's creation) to déc. 2027; five have begun.
    assert!(text.contains("`N D J F M A M J J A S O N D`"), "{text}");
    assert!(
        text.contains("`0 0 1 0 1 · · · · · · · · ·` **#1**"),
        "{text}"
    );
    assert!(text.contains(&format!("<@{BOB}> (mentor)")), "{text}");
    assert!(text.contains("actif"), "{text}");
    assert!(text.contains("charte ✗"), "{text}");
    assert!(text.contains("objectif ✗"), "{text}");
    assert!(text.contains("dernier RDV : 10/03/2027"), "{text}");
    assert!(
        text.contains("janv. 1/1 (100 %) · févr. 0/1 (0 %) · mars 1/1 (100 %)"),
        "{text}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn csv_report_opens_in_french_excel_and_parses_back_to_the_same_rows() {
    let (bot, channel) = bot_with_pair().await;
    bot.clock.set(t(2027, 3, 20, 10, 0));
    meeting_done(&bot, channel, "15/01/2027").await;
    meeting_done(&bot, channel, "10/03/2027").await;
    let r = bot.run(Slash::new("report").sub("csv").by(ALICE)).await;
    assert!(r.ephemeral);
    let files = bot.fake.files(&r);
    assert_eq!(files.len(), 1, "{r:?}");
    assert_eq!(files[0].filename, "presence-2027-03-20.csv");
    let bytes = &files[0].bytes;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let text = std::str::from_utf8(&bytes[3..]).expect("UTF-8");
    assert!(text.contains("\r\n"), "CRLF line ends");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let mut header = vec![
        "Binôme",
        "Statut",
        "Mentor",
        "Mentoré·e·s",
        "Charte signée",
        "Objectif fixé",
        "Dernier rendez-vous",
        "nov. 2026",
        "déc. 2026",
        "janv. 2027",
        "févr. 2027",
        "mars 2027",
    ];
    header.extend([
        "avr. 2027",
        "mai 2027",
        "juin 2027",
        "juil. 2027",
        "août 2027",
        "sept. 2027",
        "oct. 2027",
        "nov. 2027",
        "déc. 2027",
    ]);
    assert_eq!(rows[0], header);
    let mut pair = vec![
        "1",
        "actif",
        "bob",
        "carol",
        "non",
        "non",
        "10/03/2027",
        "0",
        "0",
        "1",
        "0",
        "1",
    ];
    pair.extend([""; 9]);
    assert_eq!(rows[1], pair);
    assert_eq!(rows.len(), 2);
    bot.stop().await;
}

#[tokio::test]
async fn chart_report_is_a_png_heat_map_of_pairs_by_months() {
    let (bot, channel) = bot_with_pair().await;
    bot.clock.set(t(2027, 3, 20, 10, 0));
    meeting_done(&bot, channel, "15/01/2027").await;
    let r = bot.run(Slash::new("report").sub("chart").by(ALICE)).await;
    assert!(r.ephemeral);
    let files = bot.fake.files(&r);
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].filename, "presence-2027-03-20.png");
    let decoder = png::Decoder::new(std::io::Cursor::new(files[0].bytes.clone()));
    let reader = decoder.read_info().expect("a PNG");
    let info = reader.info();
    assert_eq!((info.width, info.height), chart_size(1, 14));
    bot.stop().await;
}

/// Runs the scheduler one second before `at`, then at `at`: the digest is posted exactly then.
async fn digest_fires_exactly_at(bot: &TestBot, at: DateTime<Utc>) {
    let key = digest_job_key(ProgrammeId(1), at);
    let job = bot.store.job_by_key(&key).await.unwrap();
    assert_eq!(job.map(|j| j.due_at), Some(at), "{key}");
    let before = digests(&bot.fake).len();
    bot.clock.set(at - Duration::seconds(1));
    bot.scheduler.run_once().await.unwrap();
    assert_eq!(digests(&bot.fake).len(), before, "digest before {at}");
    bot.clock.set(at);
    bot.scheduler.run_once().await.unwrap();
    assert_eq!(digests(&bot.fake).len(), before + 1, "no digest at {at}");
}

#[tokio::test]
async fn weekly_digest_fires_at_nine_paris_time_on_mondays_across_both_dst_changes() {
    let (bot, _) = bot_with_pair().await;
    // The first digest is planned with the programme: Monday 30/11/2026 09:00 CET.
    digest_fires_exactly_at(&bot, t(2026, 11, 30, 8, 0)).await;

    // The bot was down until Sunday 21 March: the overdue digest is dropped, the chain goes on.
    bot.clock.set(t(2027, 3, 21, 12, 0));
    bot.scheduler.run_once().await.unwrap();
    bot.scheduler.run_once().await.unwrap();
    // 22/03 09:00 CET = 08:00 UTC; Paris springs forward on 28/03; 29/03 09:00 CEST = 07:00 UTC.
    digest_fires_exactly_at(&bot, t(2027, 3, 22, 8, 0)).await;
    digest_fires_exactly_at(&bot, t(2027, 3, 29, 7, 0)).await;

    bot.clock.set(t(2027, 10, 24, 12, 0));
    bot.scheduler.run_once().await.unwrap();
    bot.scheduler.run_once().await.unwrap();
    // 25/10 09:00 CEST = 07:00 UTC; Paris falls back on 31/10; 01/11 09:00 CET = 08:00 UTC.
    digest_fires_exactly_at(&bot, t(2027, 10, 25, 7, 0)).await;
    digest_fires_exactly_at(&bot, t(2027, 11, 1, 8, 0)).await;
    bot.stop().await;
}

#[tokio::test]
async fn digest_names_a_pair_once_in_the_week_it_becomes_at_risk() {
    let (bot, channel) = bot_with_pair().await;
    // Created 23/11/2026 10:00 UTC, never met: at risk from 07/01/2027 10:00 UTC (45 days).
    let mondays = [
        t(2026, 11, 30, 8, 0),
        t(2026, 12, 7, 8, 0),
        t(2026, 12, 14, 8, 0),
        t(2026, 12, 21, 8, 0),
        t(2026, 12, 28, 8, 0),
        t(2027, 1, 4, 8, 0),
        t(2027, 1, 11, 8, 0),
        t(2027, 1, 18, 8, 0),
    ];
    for at in mondays {
        digest_fires_exactly_at(&bot, at).await;
    }
    let sent = digests(&bot.fake);
    let naming: Vec<usize> = sent
        .iter()
        .enumerate()
        .filter(|(_, d)| d.contains("#1 "))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(naming, vec![6], "only the digest of 11/01: {sent:#?}");
    assert!(sent[6].contains("dernier RDV : jamais"), "{}", sent[6]);
    assert!(
        sent[6].contains("1 binômes en cours, dont 1 à risque"),
        "{}",
        sent[6]
    );
    assert!(sent[7].contains("Aucun binôme n'est passé"), "{}", sent[7]);
    // Digests ping nobody.
    for m in bot.fake.messages(GENERAL) {
        assert_eq!(m["mentions"], Value::Array(vec![]), "{m}");
    }
    let _ = channel;
    bot.stop().await;
}

// ----- the canary ---------------------------------------------------------------------------

/// A string no code path has a reason to produce.
const CANARY: &str = "CANARY-7f3a9c";

/// A plausible value for a required string option, so the option under test is the one that
/// carries the canary.
fn plausible(option: &str) -> &'static str {
    match option {
        "date" | "start" => "25/03/2027",
        "end" => "15/12/2027",
        "time" => "14h",
        "duration" => "60",
        _ => "x",
    }
}

/// Every slash command the bot registered, with one invocation per (subcommand, string option):
/// the canary in that option, plausible values elsewhere; plus one with the canary in every
/// string option at once. Built from the registered commands, so a new free-text input is
/// covered as soon as it exists.
fn canary_invocations(fake: &FakeDiscord, member: u64, partner: u64, channel: u64) -> Vec<Slash> {
    let mut out = Vec::new();
    for command in fake.commands() {
        let name = command["name"].as_str().unwrap_or_default().to_owned();
        let options = command["options"].as_array().cloned().unwrap_or_default();
        let mut leaves: Vec<(Option<String>, Option<String>, Vec<Value>)> = Vec::new();
        if options.iter().any(|o| o["type"] == 1 || o["type"] == 2) {
            for o in &options {
                let sub = o["name"].as_str().map(str::to_owned);
                let opts = o["options"].as_array().cloned().unwrap_or_default();
                if o["type"] == 2 {
                    for s in opts {
                        leaves.push((
                            sub.clone(),
                            s["name"].as_str().map(str::to_owned),
                            s["options"].as_array().cloned().unwrap_or_default(),
                        ));
                    }
                } else {
                    leaves.push((None, sub, opts));
                }
            }
        } else {
            leaves.push((None, None, options));
        }
        for (group, sub, opts) in leaves {
            let strings: Vec<String> = opts
                .iter()
                .filter(|o| o["type"] == 3)
                .filter_map(|o| o["name"].as_str().map(str::to_owned))
                .collect();
            let build = |canary_in: &dyn Fn(&str) -> bool| {
                let mut s = Slash::new(&name).by(member).in_channel(channel);
                if let Some(g) = &group {
                    s = s.sub_group(g);
                }
                if let Some(sub) = &sub {
                    s = s.sub(sub);
                }
                for o in &opts {
                    let n = o["name"].as_str().unwrap_or_default();
                    let required = o["required"] == true;
                    s = match o["type"].as_u64() {
                        Some(3) if canary_in(n) => s.string_opt(n, CANARY),
                        Some(3) if required => s.string_opt(n, plausible(n)),
                        Some(4) if required => {
                            s.int_opt(n, o["choices"][0]["value"].as_i64().unwrap_or(1))
                        }
                        Some(5) if required => s.bool_opt(n, false),
                        Some(6) if required => s.user_opt(n, partner),
                        Some(7) if required => s.channel_opt(n, channel),
                        Some(8) if required => s.role_opt(n, COORDINATION_ROLE),
                        Some(10) if required => s.number_opt(n, 1.0),
                        _ => s,
                    };
                }
                s
            };
            if strings.is_empty() {
                continue;
            }
            out.push(build(&|_| true));
            for one in &strings {
                out.push(build(&|n| n == one));
            }
        }
    }
    out
}

#[tokio::test]
async fn what_pair_members_type_never_reaches_anything_the_coordinator_sees() {
    // Every log line and span, at trace, through the filter production builds. The test runs
    // on one thread (tokio's current-thread runtime), so every task of the bot logs here.
    let logs = LogLines::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(binome::logging::env_filter("trace", false).expect("filter"))
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    // On disk, so that the database file itself can be searched for the canary.
    let dir = tempfile::tempdir().expect("temporary directory");
    let (bot, store, url) = TestBot::start_on_disk(dir.path(), "canary.db").await;
    let (bot, channel) = with_pair(bot).await;
    bot.clock.set(t(2027, 3, 20, 10, 0));
    // The digests missed since November are dropped; the next one is Monday 22/03.
    bot.scheduler.run_once().await.unwrap();
    meeting_done(&bot, channel, "15/01/2027").await;

    let mut typed = Vec::new();
    let mut echoed = 0;
    for (member, partner) in [(BOB, CAROL), (CAROL, BOB)] {
        for cmd in canary_invocations(&bot.fake, member, partner, channel) {
            let label = cmd.label();
            let r = bot.run(cmd).await;
            assert!(!r.text().is_empty(), "{label} answered nothing");
            typed.push(label);
            // The member sees their own input quoted back when it is refused: proof that the
            // canary reached the bot, so the checks below could catch a leak.
            echoed += usize::from(r.text().contains(CANARY));
        }
    }
    for input in ["/meeting schedule", "/meeting done"] {
        assert!(
            typed.iter().any(|t| t == input),
            "{input} not tried: {typed:?}"
        );
    }
    assert!(echoed > 0, "the canary never reached the bot");

    // The mentee's objective form: its fields are not command options.
    let opened = bot
        .run(Slash::new("objective").by(CAROL).in_channel(channel))
        .await;
    assert_eq!(opened.kind, 9, "{}", opened.text());
    let mut form = ModalSubmit::new("objective:form").by(CAROL);
    for (field, _, _) in bot.fake.modal_inputs(CAROL, "objective:form") {
        form = form.field(&field, CANARY);
    }
    let r = bot.fake.submit_modal(form).await.reply().await;
    assert!(!r.text().contains(CANARY), "{}", r.text());
    let pinned: Vec<Value> = bot
        .fake
        .messages(channel)
        .into_iter()
        .filter(|m| m["pinned"] == true)
        .collect();
    assert!(
        pinned
            .iter()
            .any(|m| m.to_string().matches(CANARY).count() == 3),
        "the objective, all three fields, is pinned in the pair channel: {pinned:?}"
    );

    // Everything a coordinator can read.
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut files = Vec::new();
    for cmd in [
        Slash::new("attendance"),
        Slash::new("pair").sub("list"),
        Slash::new("participant").sub("list"),
        Slash::new("programme").sub("status"),
        Slash::new("report").sub("csv"),
        Slash::new("report").sub("chart"),
        Slash::new("audit"),
        Slash::new("followup").sub("due"),
        Slash::new("tripartite").sub("list"),
        Slash::new("session").sub("list"),
        Slash::new("privacy"),
    ] {
        let label = cmd.label();
        let interaction = bot.fake.slash(cmd.by(ALICE)).await;
        let first: Reply = interaction.reply().await;
        assert!(
            !first.text().contains("réservée"),
            "{label}: {}",
            first.text()
        );
        for r in interaction.replies() {
            seen.push((label.clone(), r.text()));
            files.extend(bot.fake.files(&r));
        }
    }
    assert_eq!(files.len(), 2, "the CSV and the chart");
    // A digest, in the coordinator channel.
    bot.clock.set(t(2027, 3, 22, 8, 0));
    bot.scheduler.run_once().await.unwrap();
    bot.scheduler.run_once().await.unwrap();
    assert!(!digests(&bot.fake).is_empty(), "a digest was posted");
    for m in bot.fake.messages(GENERAL) {
        seen.push(("#general".into(), m.to_string()));
    }
    for m in bot.fake.dms(ALICE) {
        seen.push(("DM to the coordinator".into(), m.to_string()));
    }

    for (what, text) in &seen {
        assert!(!text.contains(CANARY), "{what} shows the canary: {text}");
    }
    for f in &files {
        let needle = CANARY.as_bytes();
        assert!(
            !f.bytes.windows(needle.len()).any(|w| w == needle),
            "{} holds the canary",
            f.filename
        );
    }
    // Nor in the database files while the bot still has them open: the main file and the
    // write-ahead log, where fresh pages sit until a checkpoint.
    let db = dir.path().join("canary.db");
    let wal = dir.path().join("canary.db-wal");
    for path in [&db, &wal] {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!bytes.is_empty(), "{} is empty", path.display());
        let needle = CANARY.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{} holds the canary while open",
            path.display()
        );
    }
    bot.stop().await;

    // Nor in any log line or span, at trace.
    let logged = logs.text();
    // The capture saw the bot's tasks, the objective's submission among them.
    assert!(
        logged.contains("objective set") && logged.contains("meeting recorded as held"),
        "the capture sees binome's own lines: {logged}"
    );
    if let Some(line) = logged.lines().find(|l| l.contains(CANARY)) {
        panic!("a log line holds the canary: {line}");
    }

    // Nor in the database: every row of every table, then the files' bytes.
    let rows = dump_database(&url).await;
    assert!(
        rows.contains("objective_set_at"),
        "the dump reads the pairs table"
    );
    assert!(!rows.contains(CANARY), "the database holds the canary");
    store.close().await;
    for entry in std::fs::read_dir(dir.path()).expect("the database directory") {
        let path = entry.expect("a database file").path();
        // SQLite removes its -wal and -shm files when the last connection closes, which may
        // be the bot's, closing in its own time: a file gone holds nothing.
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => panic!("{} unreadable: {e}", path.display()),
        };
        let needle = CANARY.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{} holds the canary",
            path.display()
        );
    }
}

/// Formatted log lines, shared with the subscriber's writer.
#[derive(Clone, Default)]
pub(super) struct LogLines(Arc<std::sync::Mutex<Vec<u8>>>);

impl LogLines {
    pub(super) fn text(&self) -> String {
        let bytes = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl std::io::Write for LogLines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
