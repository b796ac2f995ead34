//! Every setting of `config/default.toml` reaches behaviour: each test writes a `binome.toml`,
//! loads it through the real layers (`Config::figment` → `Config::from_figment`), builds what
//! `binome run` builds from it (`app_settings`, `scheduler_config`, `outbound_config`,
//! `layout`) and sees the behaviour follow the setting, against the default that would stand
//! if the wiring were cut.

use async_trait::async_trait;
use binome::app::followups::LogFollowUp;
use binome::app::meetings::ScheduleMeeting;
use binome::app::participants::AddParticipant;
use binome::app::ports::{ChannelError, CharterPost, PairChannelSpec, PairChannels, Store};
use binome::app::programmes::CreateProgramme;
use binome::app::setup::SetupRequest;
use binome::app::{Actor, App, ManualClock};
use binome::config::Config;
use binome::domain::job::{Job, JobPayload, NewJob};
use binome::domain::pair::PairStatus;
use binome::domain::participant::ParticipantRole;
use binome::domain::{ChannelId, GuildId, Locale, ProgrammeId, RoleId, UserId};
use binome::schedule::{JobFailure, JobHandler, Scheduler};
use binome::store::SqliteStore;
use chrono::{DateTime, Duration, TimeZone, Utc};
use std::sync::{Arc, Mutex};

const GUILD: GuildId = GuildId(1);
const COORD: RoleId = RoleId(2);
const CHANNEL: ChannelId = ChannelId(3);
const CLAIRE: UserId = UserId(9);
const MENTOR: UserId = UserId(10);
const MENTEE: UserId = UserId(11);
use crate::fake_discord::{BOB, CAROL};

fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// The configuration `binome run` would load with this `binome.toml` in its directory.
fn config(binome_toml: &str) -> Config {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("binome.toml");
    std::fs::write(&file, binome_toml).expect("binome.toml");
    Config::from_figment(Config::figment(&file)).expect("valid configuration")
}

fn actor(user: UserId, roles: &[RoleId], manage_guild: bool) -> Actor {
    Actor {
        user,
        guild: GUILD,
        roles: roles.to_vec(),
        manage_guild,
        locale: Locale::Fr,
    }
}

fn claire() -> Actor {
    actor(CLAIRE, &[COORD], false)
}

struct NoDiscord;

#[async_trait]
impl PairChannels for NoDiscord {
    async fn create_pair_channel(&self, _: &PairChannelSpec) -> Result<ChannelId, ChannelError> {
        Ok(CHANNEL)
    }
    async fn delete_channel(&self, _: ChannelId) -> Result<(), ChannelError> {
        Ok(())
    }
    async fn post_charter(&self, _: &CharterPost) -> Result<(), ChannelError> {
        Ok(())
    }
}

struct Rig {
    app: App,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
}

/// The app as `binome run` builds it from `config`; on Monday 23/11/2026 10:00 UTC, a
/// programme from 02/11/2026 to 15/12/2027 (zone and themes from the configuration) with one
/// pair in channel 3.
async fn rig(config: &Config) -> Rig {
    let store = Arc::new(SqliteStore::in_memory().await.unwrap());
    let clock = Arc::new(ManualClock::new(t(2026, 11, 23, 10, 0)));
    let app = App::new(store.clone(), clock.clone(), config.app_settings());
    app.setup(
        &actor(UserId(1), &[], true),
        SetupRequest {
            coordinator_role: COORD,
            coordinator_channel: Some(ChannelId(4)),
            facts: Default::default(),
        },
    )
    .await
    .unwrap();
    app.create_programme(
        &claire(),
        CreateProgramme {
            name: "Réglages".into(),
            starts_on: "02/11/2026".into(),
            ends_on: "15/12/2027".into(),
            time_zone: None,
            themes: None,
        },
    )
    .await
    .unwrap();
    let themes = config.programme.default_themes.first().cloned();
    for (user, role, company) in [
        (MENTOR, ParticipantRole::Mentor, "A"),
        (MENTEE, ParticipantRole::Mentee, "B"),
    ] {
        app.add_participant(
            &claire(),
            AddParticipant {
                user,
                role,
                company: company.into(),
                themes: themes.clone(),
            },
        )
        .await
        .unwrap();
    }
    app.create_pair(&claire(), MENTOR, &[MENTEE], &NoDiscord)
        .await
        .unwrap();
    Rig { app, store, clock }
}

async fn pair_status(r: &Rig) -> PairStatus {
    r.app.list_pairs(&claire()).await.unwrap()[0].status
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
        let at_risk = r.app.programme_status(&claire()).await.unwrap().at_risk;
        assert_eq!(
            at_risk,
            usize::from(expected == PairStatus::AtRisk),
            "{toml:?} after {days} days: programme status"
        );
    }
}

async fn schedule(r: &Rig, date: &str, time: &str) -> binome::domain::meeting::Meeting {
    let (_, meeting) = r
        .app
        .schedule_meeting(
            &actor(MENTEE, &[], false),
            CHANNEL,
            ScheduleMeeting {
                date: date.into(),
                time: time.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    meeting
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
    let m = schedule(&r, "10/12/2026", "14h").await;
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
    let m = schedule(&r, "10/12/2026", "14h").await;
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
        for user in [MENTOR, MENTEE] {
            // 12 days ago.
            r.app
                .log_followup(
                    &claire(),
                    LogFollowUp {
                        user,
                        date: Some("11/11/2026".into()),
                        kind: None,
                    },
                )
                .await
                .unwrap();
        }
        let (_, due) = r.app.list_followups_due(&claire()).await.unwrap();
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
    let m = schedule(&r, "10/12/2026", "14h").await;
    assert_eq!(m.starts_at, t(2026, 12, 10, 19, 0));
}

#[tokio::test]
async fn programme_prefixes_name_the_pair_categories_and_channels() {
    let bot = crate::e2e::TestBot::start_configured(&config(
        "[programme]\npair_category_prefix = \"Paires\"\npair_channel_prefix = \"duo\"\n",
    ))
    .await;
    bot.programme_with(&[(BOB, 0, "EQIOM"), (CAROL, 1, "Canovia")])
        .await;
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
        store
            .enqueue_job(
                &NewJob {
                    guild_id: GUILD,
                    due_at: now - Duration::minutes(1),
                    payload: JobPayload::MonthlyRhythm {
                        programme: ProgrammeId(1),
                    },
                    idempotency_key: format!("job-{i}"),
                    expires_at: None,
                },
                now,
            )
            .await
            .unwrap();
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
