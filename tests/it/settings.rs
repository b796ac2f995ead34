//! Every setting of `config/default.toml` reaches behaviour: each test writes a `binome.toml`,
//! loads it through the real layers (`Config::figment` → `Config::from_figment`), builds what
//! `binome run` builds from it (`app_settings`, `scheduler_config`, `outbound_config`,
//! `layout`) and sees the behaviour follow the setting, against the default that would stand
//! if the wiring were cut.

use async_trait::async_trait;
use binome::app::followups::LogFollowUp;
use binome::app::participants::AddParticipant;
use binome::app::ports::Store;
use binome::app::programmes::CreateProgramme;
use binome::app::{App, ManualClock};
use binome::config::Config;
use binome::domain::job::Job;
use binome::domain::pair::PairStatus;
use binome::domain::participant::ParticipantRole;
use binome::domain::ProgrammeId;
use binome::schedule::{JobFailure, JobHandler, Scheduler};
use binome::store::SqliteStore;
use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, Mutex};

use crate::fake_discord::{BOB, CAROL};
use crate::support::app::{
    create_programme, enrolment, in_memory_app, pair, schedule_meeting, set_up,
};
use crate::support::discord::BOB_AND_CAROL;
use crate::support::jobs::new_job;
use crate::support::ports::NoChannels;
use crate::support::*;

/// The configuration `binome run` would load with this `binome.toml` in its directory.
fn config(binome_toml: &str) -> Config {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("binome.toml");
    std::fs::write(&file, binome_toml).expect("binome.toml");
    Config::from_figment(Config::figment(&file)).expect("valid configuration")
}

struct Rig {
    app: App,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
}

/// The app as `binome run` builds it from `config`; on Monday 23/11/2026 10:00 UTC, a
/// programme from 02/11/2026 to 15/12/2027 (zone and themes from the configuration) with one
/// pair in `PAIR_CHANNEL`.
async fn rig(config: &Config) -> Rig {
    let (app, store, clock) = in_memory_app(t0(), config.app_settings()).await;
    set_up(&app, Some(COORDINATION_CHANNEL)).await;
    create_programme(
        &app,
        CreateProgramme {
            name: "Réglages".into(),
            starts_on: "02/11/2026".into(),
            ends_on: "15/12/2027".into(),
            time_zone: None,
            themes: None,
            recruiting_until: None,
        },
    )
    .await;
    let themes = config.programme.default_themes.first().cloned();
    for (user, role, company) in [
        (MARC, ParticipantRole::Mentor, "A"),
        (LEA, ParticipantRole::Mentee, "B"),
    ] {
        app.add_participant(
            &coordinator(),
            AddParticipant {
                themes: themes.clone(),
                capacity: None,
                ..enrolment(user, role, company)
            },
        )
        .await
        .unwrap();
    }
    pair(&app, MARC, &[LEA], &NoChannels).await;
    Rig { app, store, clock }
}

async fn pair_status(r: &Rig) -> PairStatus {
    r.app.list_pairs(&coordinator()).await.unwrap()[0].status
}

#[tokio::test]
async fn rhythm_at_risk_after_days_decides_when_a_pair_without_meetings_is_at_risk() {
    // The pair was created on 23/11/2026 and never met.
    for (toml, days, expected) in [
        (
            "[rhythm]\nat_risk_after_days = 10\n",
            12,
            PairStatus::AtRisk,
        ),
        ("[rhythm]\nat_risk_after_days = 10\n", 9, PairStatus::Active),
        (
            "[rhythm]\nat_risk_after_days = 30\n",
            12,
            PairStatus::Active,
        ),
        (
            "[rhythm]\nat_risk_after_days = 30\n",
            31,
            PairStatus::AtRisk,
        ),
        // The default, 45 days.
        ("", 30, PairStatus::Active),
    ] {
        let r = rig(&config(toml)).await;
        r.clock.advance(Duration::days(days));
        assert_eq!(
            pair_status(&r).await,
            expected,
            "{toml:?} after {days} days"
        );
        let at_risk = r
            .app
            .programme_status(&coordinator())
            .await
            .unwrap()
            .at_risk;
        assert_eq!(
            at_risk,
            usize::from(expected == PairStatus::AtRisk),
            "{toml:?} after {days} days: programme status"
        );
    }
}

async fn job(r: &Rig, key: &str) -> Option<Job> {
    r.store.job_by_key(key).await.unwrap()
}

#[tokio::test]
async fn rhythm_reminder_offsets_and_check_in_delay_plan_the_meeting_jobs() {
    let r = rig(&config(
        "[rhythm]\nreminders_before_minutes = [2880, 30]\ncheck_in_after_end_minutes = 15\n",
    ))
    .await;
    // 10/12/2026 14:00 Paris = 13:00 UTC, 60 minutes.
    let m = schedule_meeting(&r.app, "10/12/2026", "14h").await.unwrap();
    let key = |k: &str| format!("meeting:{}:{k}", m.id.0);
    assert_eq!(
        job(&r, &key("reminder:2880")).await.map(|j| j.due_at),
        Some(t(2026, 12, 8, 13, 0))
    );
    assert_eq!(
        job(&r, &key("reminder:30")).await.map(|j| j.due_at),
        Some(t(2026, 12, 10, 12, 30))
    );
    assert!(job(&r, &key("reminder:1440")).await.is_none());
    assert!(job(&r, &key("reminder:60")).await.is_none());
    assert_eq!(
        job(&r, &key("checkin:1")).await.map(|j| j.due_at),
        Some(t(2026, 12, 10, 14, 15)),
        "15 minutes after the end"
    );
}

#[tokio::test]
async fn rhythm_check_in_retry_hours_sets_when_an_unanswered_check_in_is_asked_again() {
    let r = rig(&config("[rhythm]\ncheck_in_retry_hours = 5\n")).await;
    let m = schedule_meeting(&r.app, "10/12/2026", "14h").await.unwrap();
    let first = job(&r, &format!("meeting:{}:checkin:1", m.id.0))
        .await
        .unwrap();
    r.clock.set(first.due_at);
    r.app.plan_job(&first).await.unwrap();
    let again = job(&r, &format!("meeting:{}:checkin:2", m.id.0))
        .await
        .expect("the check-in is asked again");
    assert_eq!(again.due_at, first.due_at + Duration::hours(5));
}

#[tokio::test]
async fn rhythm_monthly_nudge_cron_and_digest_cron_set_when_their_jobs_are_due() {
    let p = ProgrammeId(1);
    let r = rig(&config(
        "[rhythm]\nmonthly_nudge_cron = \"0 0 8 10 * *\"\n[digest]\ncron = \"0 30 7 * * Wed\"\n",
    ))
    .await;
    // Paris is UTC+1 in winter.
    assert!(job(&r, "monthly:1:2026-12-10T07:00").await.is_some());
    assert!(job(
        &r,
        &binome::app::reports::digest_job_key(p, t(2026, 11, 25, 6, 30))
    )
    .await
    .is_some());
    // The defaults (the 5th at 09:00, Mondays at 09:00) are not planned.
    assert!(job(&r, "monthly:1:2026-12-05T08:00").await.is_none());
    assert!(job(
        &r,
        &binome::app::reports::digest_job_key(p, t(2026, 11, 30, 8, 0))
    )
    .await
    .is_none());
}

#[tokio::test]
async fn followup_due_after_days_decides_who_is_listed_as_due() {
    for (toml, listed) in [
        ("[followup]\ndue_after_days = 10\n", true),
        ("[followup]\ndue_after_days = 20\n", false),
        ("", false),
    ] {
        let r = rig(&config(toml)).await;
        for user in [MARC, LEA] {
            // 12 days ago.
            r.app
                .log_followup(
                    &coordinator(),
                    LogFollowUp {
                        user,
                        date: Some("11/11/2026".into()),
                        kind: None,
                    },
                )
                .await
                .unwrap();
        }
        let due = r.app.list_followups_due(&coordinator()).await.unwrap().due;
        assert_eq!(due.len(), if listed { 2 } else { 0 }, "{toml:?}: {due:?}");
    }
}

#[tokio::test]
async fn programme_default_time_zone_and_themes_apply_to_a_programme_created_without_them() {
    let c = config(
        "[programme]\ndefault_time_zone = \"America/New_York\"\ndefault_themes = [\"Gouvernance\", \"Achats\"]\n",
    );
    let r = rig(&c).await;
    let p = r.store.active_programme(GUILD).await.unwrap().unwrap();
    assert_eq!(p.time_zone, chrono_tz::America::New_York);
    assert_eq!(p.themes.names(), vec!["Gouvernance", "Achats"]);
    // A meeting typed at 14h is 14:00 in New York (UTC-5 in December).
    let m = schedule_meeting(&r.app, "10/12/2026", "14h").await.unwrap();
    assert_eq!(m.starts_at, t(2026, 12, 10, 19, 0));
}

#[tokio::test]
async fn discord_dev_guild_ids_registers_the_commands_in_those_servers_else_globally() {
    let guild = crate::fake_discord::GUILD_ID;
    let app = crate::fake_discord::APPLICATION_ID;
    for (toml, path) in [
        (
            format!("[discord]\ndev_guild_ids = [{guild}]\n"),
            format!("/applications/{app}/guilds/{guild}/commands"),
        ),
        (String::new(), format!("/applications/{app}/commands")),
    ] {
        let bot = crate::e2e::TestBot::start_configured(&config(&toml)).await;
        let puts: Vec<String> = bot
            .fake
            .requests()
            .iter()
            .filter(|r| r.method == "PUT" && r.path.ends_with("/commands"))
            .map(|r| r.path.clone())
            .collect();
        assert_eq!(puts, vec![path], "{toml:?}");
        bot.stop().await;
    }
}

#[tokio::test]
async fn programme_prefixes_name_the_pair_categories_and_channels() {
    let guild = crate::fake_discord::GUILD_ID;
    let bot = crate::e2e::TestBot::start_configured(&config(&format!(
        "[discord]\ndev_guild_ids = [{guild}]\n[programme]\npair_category_prefix = \"Paires\"\npair_channel_prefix = \"duo\"\n",
    )))
    .await;
    bot.programme_with(&BOB_AND_CAROL).await;
    let channel = bot.pair(BOB, CAROL).await;
    let channels = bot.fake.channels();
    let pair = channels
        .iter()
        .find(|c| crate::fake_discord::FakeDiscord::id_of(c) == channel)
        .unwrap();
    assert!(
        pair["name"].as_str().unwrap_or_default().starts_with("duo"),
        "{pair}"
    );
    let category = channels
        .iter()
        .find(|c| c["id"] == pair["parent_id"])
        .unwrap();
    assert_eq!(category["name"], "Paires 1", "{category}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outbound_max_per_second_paces_what_the_bot_sends() {
    let c = config("[outbound]\nmax_per_second = 4\n");
    let fake =
        crate::fake_discord::FakeDiscord::start(crate::fake_discord::GuildSpec::standard()).await;
    let channels = fake.add_pair_channels(10);
    let http = Arc::new(
        serenity::all::HttpBuilder::new("MTIw.ZmFrZQ.dG9rZW4")
            .proxy(fake.base_url())
            .ratelimiter_disabled(true)
            .build(),
    );
    let out = binome::discord::outbound::Outbound::new(http, c.outbound_config());
    let posts = channels.iter().enumerate().map(|(i, ch)| {
        let out = out.clone();
        let ch = serenity::all::ChannelId::new(*ch);
        async move {
            out.post(
                ch,
                serenity::all::CreateMessage::new().content(format!("rappel {i}")),
                &format!("pace{i}"),
            )
            .await
            .unwrap_or_else(|e| panic!("post {i}: {e}"))
        }
    });
    serenity::futures::future::join_all(posts).await;
    let report = fake.rate_report();
    assert_eq!(report.counted, 10, "{report:?}");
    assert!(
        report.max_in_any_1s_window <= 4,
        "paced at 4/s, the fake saw {report:?}"
    );
    fake.shutdown().await;
}

/// Records, for each job it is handed, how many jobs were claimed and unfinished at that
/// moment; a blocking one never finishes (a worker that hangs).
struct Probe {
    store: Arc<SqliteStore>,
    running_seen: Mutex<Vec<u64>>,
    block: bool,
}

#[async_trait]
impl JobHandler for Probe {
    async fn handle(&self, _: &Job) -> Result<(), JobFailure> {
        let running = self
            .store
            .count_jobs(GUILD, binome::domain::job::JobState::Running)
            .await
            .unwrap();
        self.running_seen.lock().unwrap().push(running);
        if self.block {
            std::future::pending::<()>().await;
        }
        Ok(())
    }
}

async fn five_due_jobs(store: &SqliteStore, now: DateTime<Utc>) {
    for i in 0..5 {
        let job = new_job(&format!("job-{i}"), now - Duration::minutes(1));
        store.enqueue_job(&job, now).await.unwrap();
    }
}

fn scheduler(
    c: &Config,
    store: &Arc<SqliteStore>,
    clock: &Arc<ManualClock>,
    block: bool,
) -> (Scheduler, Arc<Probe>) {
    let probe = Arc::new(Probe {
        store: store.clone(),
        running_seen: Mutex::new(Vec::new()),
        block,
    });
    let s = Scheduler::new(
        store.clone(),
        clock.clone(),
        probe.clone(),
        Arc::new(tokio::sync::Notify::new()),
        c.scheduler_config(),
    );
    (s, probe)
}

#[tokio::test]
async fn scheduler_batch_size_bounds_the_jobs_claimed_at_once() {
    for (toml, most) in [("[scheduler]\nbatch_size = 2\n", 2), ("", 5)] {
        let c = config(toml);
        let store = Arc::new(SqliteStore::in_memory().await.unwrap());
        let now = t(2026, 11, 23, 10, 0);
        let clock = Arc::new(ManualClock::new(now));
        five_due_jobs(&store, now).await;
        let (s, probe) = scheduler(&c, &store, &clock, false);
        let report = s.run_once().await.unwrap();
        assert_eq!(report.done, 5, "{toml:?}: {report:?}");
        let seen = probe.running_seen.lock().unwrap().clone();
        assert_eq!(seen.iter().max(), Some(&most), "{toml:?}: {seen:?}");
    }
}

#[tokio::test]
async fn scheduler_lease_seconds_is_how_long_a_hung_worker_keeps_its_jobs() {
    for (toml, taken_over) in [("[scheduler]\nlease_seconds = 30\n", true), ("", false)] {
        let c = config(toml);
        let store = Arc::new(SqliteStore::in_memory().await.unwrap());
        let now = t(2026, 11, 23, 10, 0);
        let clock = Arc::new(ManualClock::new(now));
        five_due_jobs(&store, now).await;
        let (hung, _) = scheduler(&c, &store, &clock, true);
        let hung = tokio::spawn(async move { hung.run_once().await });
        // Wait until the hung worker holds the five jobs.
        for _ in 0..1000 {
            if store
                .count_jobs(GUILD, binome::domain::job::JobState::Running)
                .await
                .unwrap()
                == 5
            {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(
            store
                .count_jobs(GUILD, binome::domain::job::JobState::Running)
                .await
                .unwrap(),
            5
        );
        clock.set(now + Duration::seconds(31));
        let (other, _) = scheduler(&c, &store, &clock, false);
        let report = other.run_once().await.unwrap();
        assert_eq!(
            report.claimed,
            if taken_over { 5 } else { 0 },
            "{toml:?}: {report:?}"
        );
        hung.abort();
    }
}

#[tokio::test]
async fn scheduler_keep_finished_days_and_keep_dead_days_set_when_old_jobs_are_deleted() {
    use crate::support::jobs::{job_in_state, kept};
    use binome::domain::job::JobState::{Dead, Done};
    let short = "[scheduler]\nkeep_finished_days = 5\nkeep_dead_days = 10\n";
    // (age in days, state) of each job, and which survive the purge under each setting.
    let jobs = [(7, Done), (31, Done), (12, Dead), (91, Dead)];
    for (toml, survivors) in [
        (short, [false, false, false, false]),
        ("", [true, false, true, false]),
    ] {
        let c = config(toml);
        let (app, store, _) = in_memory_app(t0(), c.app_settings()).await;
        for (age, state) in jobs {
            let at = t0() - Duration::days(age);
            job_in_state(store.as_ref(), &format!("{state:?}-{age}"), state, at).await;
        }
        app.purge(t0()).await.unwrap();
        for ((age, state), survives) in jobs.into_iter().zip(survivors) {
            let key = format!("{state:?}-{age}");
            assert_eq!(
                kept(store.as_ref(), &key).await,
                survives,
                "{toml:?}: {key}"
            );
        }
    }
}

#[tokio::test]
async fn outbound_nonce_ledger_days_sets_when_delivered_nonces_are_forgotten() {
    use binome::app::ports::DeliveryLedger;
    for (toml, remembered) in [("[outbound]\nnonce_ledger_days = 2\n", false), ("", true)] {
        let c = config(toml);
        let (app, store, _) = in_memory_app(t0(), c.app_settings()).await;
        // The ledger stamps deliveries with the real time.
        store.record_delivered("j1-n1").await.unwrap();
        app.purge(Utc::now() + Duration::days(3)).await.unwrap();
        assert_eq!(
            store.delivered("j1-n1").await.unwrap(),
            remembered,
            "{toml:?}"
        );
    }
}

#[tokio::test]
async fn report_csv_separator_and_date_format_shape_the_csv_file() {
    let guild = crate::fake_discord::GUILD_ID;
    let bot = crate::e2e::TestBot::start_configured(&config(&format!(
        "[discord]\ndev_guild_ids = [{guild}]\n[report]\ncsv_separator = \",\"\ncsv_date_format = \"%Y-%m-%d\"\n",
    )))
    .await;
    bot.programme_with(&[(BOB, 0, "EQIOM"), (CAROL, 1, "Canovia")])
        .await;
    let channel = bot.pair(BOB, CAROL).await;
    bot.clock.set(t(2027, 3, 20, 10, 0));
    let r = bot
        .run(
            crate::fake_discord::Slash::new("meeting")
                .sub("done")
                .string_opt("date", "15/01/2027")
                .by(CAROL)
                .in_channel(channel),
        )
        .await;
    assert!(r.text().contains("15/01/2027"), "{}", r.text());
    let interaction = bot
        .fake
        .slash(
            crate::fake_discord::Slash::new("report")
                .sub("csv")
                .by(crate::fake_discord::ALICE),
        )
        .await;
    let replies = interaction.replies_after(1).await;
    let files: Vec<_> = replies.iter().flat_map(|r| bot.fake.files(r)).collect();
    assert_eq!(files.len(), 1, "one CSV");
    let text = String::from_utf8_lossy(&files[0].bytes).into_owned();
    let header = text.lines().next().unwrap_or_default();
    assert!(
        header.contains(',') && !header.contains(';'),
        "comma-separated: {header}"
    );
    assert!(text.contains("2027-01-15"), "ISO dates: {text}");
    assert!(!text.contains("15/01/2027"), "no French dates: {text}");
    bot.stop().await;
}

#[tokio::test]
async fn database_max_connections_sizes_the_pool() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let url = format!("sqlite://{}", dir.path().join("pool.db").display());
    for (extra, expected) in [("max_connections = 3\n", 3), ("", 5)] {
        let c = config(&format!("[database]\nurl = \"{url}\"\n{extra}"));
        let store = c.connect_store().await.expect("store");
        assert_eq!(store.max_connections(), expected, "{extra:?}");
        store.close().await;
    }
}

/// Every setting of `config/default.toml` is named by a test of this module or of the
/// binary's (`cli.rs`), so a new setting without one fails here.
#[test]
fn every_setting_of_default_toml_has_a_test() {
    let defaults: toml::Table = binome::config::DEFAULT_TOML.parse().expect("default.toml");
    let tests = format!("{}{}", include_str!("settings.rs"), include_str!("cli.rs"));
    let mut missing = Vec::new();
    for (section, keys) in &defaults {
        let keys = keys.as_table().expect("a section");
        for key in keys.keys() {
            let in_toml = format!("[{section}]");
            if !(tests.contains(&in_toml) && tests.contains(&format!("{key} ="))) {
                missing.push(format!("{section}.{key}"));
            }
        }
    }
    assert!(missing.is_empty(), "settings without a test: {missing:?}");
}
