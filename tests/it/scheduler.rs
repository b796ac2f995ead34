//! The durable scheduler and the programme's rhythm, without Discord: a recording job
//! handler, an in-memory store and a manual clock.

use async_trait::async_trait;
use binome::app::ports::Store;
use binome::app::programmes::CreateProgramme;
use binome::app::{App, AppSettings, Clock, ManualClock};
use binome::domain::job::{Job, JobState, MAX_ATTEMPTS};
use binome::domain::participant::ParticipantRole;
use binome::schedule::{JobFailure, JobHandler, Scheduler, SchedulerConfig};
use binome::store::SqliteStore;
use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, Mutex};

use crate::support::app::{
    create_programme, enrol_all, in_memory_app, pair, schedule_meeting, set_up,
};
use crate::support::jobs::new_job as job;
use crate::support::ports::NoChannels;
use crate::support::*;

/// Records what it handled; jobs whose key contains "fail" fail, "panic" panics.
#[derive(Default)]
struct Recorder {
    handled: Mutex<Vec<(String, DateTime<Utc>)>>,
    clock: Mutex<Option<Arc<ManualClock>>>,
}

#[async_trait]
impl JobHandler for Recorder {
    async fn handle(&self, job: &Job) -> Result<(), JobFailure> {
        if job.idempotency_key.contains("panic") {
            panic!("handler bug");
        }
        if job.idempotency_key.contains("fail") {
            return Err(JobFailure::Retry("Discord unavailable".into()));
        }
        let now = self
            .clock
            .lock()
            .unwrap()
            .as_ref()
            .map(|c| c.now())
            .unwrap_or_else(Utc::now);
        self.handled
            .lock()
            .unwrap()
            .push((job.idempotency_key.clone(), now));
        Ok(())
    }
}

struct Rig {
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    recorder: Arc<Recorder>,
    scheduler: Arc<Scheduler>,
    app: App,
}

async fn rig(start: DateTime<Utc>) -> Rig {
    let (app, store, clock) = in_memory_app(start, AppSettings::default()).await;
    let recorder = Arc::new(Recorder::default());
    *recorder.clock.lock().unwrap() = Some(clock.clone());
    let scheduler = Arc::new(Scheduler::new(
        store.clone(),
        clock.clone(),
        recorder.clone(),
        app.jobs_changed.clone(),
        SchedulerConfig {
            max_idle: std::time::Duration::from_secs(3600),
            ..Default::default()
        },
    ));
    Rig {
        store,
        clock,
        recorder,
        scheduler,
        app,
    }
}

#[tokio::test]
async fn a_job_runs_once_when_due_and_never_before() {
    let r = rig(t(2027, 1, 1, 8, 0)).await;
    let now = r.clock.now();
    assert!(r
        .store
        .enqueue_job(&job("a", now + Duration::minutes(5)), now)
        .await
        .unwrap());
    assert!(
        !r.store.enqueue_job(&job("a", now), now).await.unwrap(),
        "same key: kept once"
    );
    assert_eq!(r.scheduler.run_once().await.unwrap().claimed, 0);
    r.clock.advance(Duration::minutes(5));
    assert_eq!(r.scheduler.run_once().await.unwrap().done, 1);
    assert_eq!(r.scheduler.run_once().await.unwrap().claimed, 0);
    assert_eq!(r.recorder.handled.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_then_dead_and_does_not_block_others() {
    let r = rig(t(2027, 1, 1, 8, 0)).await;
    let now = r.clock.now();
    r.store
        .enqueue_job(&job("will-fail", now), now)
        .await
        .unwrap();
    r.store.enqueue_job(&job("fine", now), now).await.unwrap();
    let first = r.scheduler.run_once().await.unwrap();
    assert_eq!((first.done, first.retried), (1, 1));
    let mut retries = 1;
    for _ in 0..10 {
        r.clock.advance(Duration::hours(1));
        let report = r.scheduler.run_once().await.unwrap();
        retries += report.retried;
        if report.dead == 1 {
            break;
        }
    }
    assert_eq!(retries, MAX_ATTEMPTS as usize - 1);
    assert_eq!(r.store.count_jobs(GUILD, JobState::Dead).await.unwrap(), 1);
    let dead = r.store.job_by_key("will-fail").await.unwrap().unwrap();
    assert_eq!(dead.attempts, MAX_ATTEMPTS);
    assert_eq!(
        r.recorder.handled.lock().unwrap().len(),
        1,
        "the good job ran once"
    );
}

#[tokio::test]
async fn the_first_retry_waits_thirty_seconds() {
    let r = rig(t(2027, 1, 1, 8, 0)).await;
    let now = r.clock.now();
    r.store
        .enqueue_job(&job("fail-once", now), now)
        .await
        .unwrap();
    r.scheduler.run_once().await.unwrap();
    let again = r.store.job_by_key("fail-once").await.unwrap().unwrap();
    assert_eq!(again.state, JobState::Pending);
    assert_eq!(again.due_at, now + Duration::seconds(30));
}

#[tokio::test]
async fn a_panicking_handler_does_not_stop_the_worker() {
    let r = rig(t(2027, 1, 1, 8, 0)).await;
    let now = r.clock.now();
    r.store.enqueue_job(&job("panic", now), now).await.unwrap();
    r.store.enqueue_job(&job("ok", now), now).await.unwrap();
    let report = r.scheduler.run_once().await.unwrap();
    assert_eq!(report.done, 1);
    assert_eq!(r.recorder.handled.lock().unwrap()[0].0, "ok");
    // A panic counts as a failed attempt: retried with backoff, then dead, never a loop.
    assert_eq!(report.retried, 1);
    for _ in 0..10 {
        r.clock.advance(Duration::hours(1));
        r.scheduler.run_once().await.unwrap();
    }
    assert_eq!(r.store.count_jobs(GUILD, JobState::Dead).await.unwrap(), 1);
    assert_eq!(
        r.store.job_by_key("panic").await.unwrap().unwrap().attempts,
        MAX_ATTEMPTS
    );
}

#[tokio::test]
async fn a_worker_whose_lease_was_taken_over_cannot_overwrite_the_new_claim() {
    let r = rig(t(2027, 1, 1, 8, 0)).await;
    let now = r.clock.now();
    r.store.enqueue_job(&job("slow", now), now).await.unwrap();
    let first = r
        .store
        .claim_due_jobs(now, Duration::seconds(120), 10)
        .await
        .unwrap();
    let later = now + Duration::minutes(5);
    let second = r
        .store
        .claim_due_jobs(later, Duration::seconds(120), 10)
        .await
        .unwrap();
    assert_eq!((first[0].attempts, second[0].attempts), (1, 2));
    // The first worker finally reports a failure: ignored, the second claim stands.
    r.store
        .retry_job(first[0].id, first[0].attempts, later, "late", later)
        .await
        .unwrap();
    assert_eq!(
        r.store.job_by_key("slow").await.unwrap().unwrap().state,
        JobState::Running
    );
    r.store
        .finish_job(
            second[0].id,
            second[0].attempts,
            JobState::Done,
            None,
            later,
        )
        .await
        .unwrap();
    assert_eq!(
        r.store.job_by_key("slow").await.unwrap().unwrap().state,
        JobState::Done
    );
}

#[tokio::test]
async fn a_stale_job_is_dropped_not_sent() {
    let r = rig(t(2027, 1, 1, 8, 0)).await;
    let now = r.clock.now();
    let mut stale = job("stale", now);
    stale.expires_at = Some(now + Duration::minutes(10));
    r.store.enqueue_job(&stale, now).await.unwrap();
    r.clock.advance(Duration::hours(2));
    let report = r.scheduler.run_once().await.unwrap();
    assert_eq!((report.skipped, report.done), (1, 0));
    assert!(r.recorder.handled.lock().unwrap().is_empty());
    assert_eq!(
        r.store.job_by_key("stale").await.unwrap().unwrap().state,
        JobState::Skipped
    );
}

#[tokio::test]
async fn a_new_job_due_sooner_wakes_the_sleeping_worker() {
    // Real time here: the worker sleeps until the next due job (none: one hour).
    let store = Arc::new(SqliteStore::in_memory().await.unwrap());
    let recorder = Arc::new(Recorder::default());
    let clock: Arc<dyn Clock> = Arc::new(binome::app::SystemClock);
    let wake = Arc::new(tokio::sync::Notify::new());
    let scheduler = Arc::new(Scheduler::new(
        store.clone(),
        clock,
        recorder.clone(),
        wake.clone(),
        SchedulerConfig {
            max_idle: std::time::Duration::from_secs(3600),
            ..Default::default()
        },
    ));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(scheduler.run(stopped));
    let now = Utc::now();
    store
        .enqueue_job(&job("late", now + Duration::hours(2)), now)
        .await
        .unwrap();
    wake.notify_one();
    store.enqueue_job(&job("soon", now), now).await.unwrap();
    wake.notify_one();
    let delivered = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            if !recorder.handled.lock().unwrap().is_empty() {
                return;
            }
            tokio::task::yield_now().await;
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await;
    assert!(delivered.is_ok(), "the worker slept through a due job");
    assert_eq!(recorder.handled.lock().unwrap()[0].0, "soon");
    stop.send(true).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(10), worker)
        .await
        .expect("worker stops on shutdown")
        .unwrap();
}

/// A programme in `tz` with one pair, Marc mentoring Léa in `PAIR_CHANNEL`.
async fn programme_in(r: &Rig, tz: &str) {
    set_up(&r.app, None).await;
    create_programme(
        &r.app,
        CreateProgramme {
            name: "Rythme".into(),
            starts_on: "2027-01-01".into(),
            ends_on: "2027-12-31".into(),
            time_zone: Some(tz.into()),
            themes: None,
            recruiting_until: None,
        },
    )
    .await;
    enrol_all(
        &r.app,
        &[
            (MARC, ParticipantRole::Mentor, "A"),
            (LEA, ParticipantRole::Mentee, "B"),
        ],
    )
    .await;
    pair(&r.app, MARC, &[LEA], &NoChannels).await;
}

async fn due(r: &Rig, key: String) -> DateTime<Utc> {
    r.store
        .job_by_key(&key)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no job {key}"))
        .due_at
}

/// Runs the scheduler one second before and at `at`, asserting the job runs exactly then.
async fn fires_exactly_at(r: &Rig, key: &str, at: DateTime<Utc>) {
    let count = |r: &Rig| {
        r.recorder
            .handled
            .lock()
            .unwrap()
            .iter()
            .filter(|(k, _)| k == key)
            .count()
    };
    r.clock.set(at - Duration::seconds(1));
    r.scheduler.run_once().await.unwrap();
    assert_eq!(count(r), 0, "{key} ran before {at}");
    r.clock.set(at);
    r.scheduler.run_once().await.unwrap();
    assert_eq!(count(r), 1, "{key} did not run at {at}");
}

#[tokio::test]
async fn reminders_around_the_paris_spring_forward_land_at_the_right_utc_instants() {
    let r = rig(t(2027, 3, 20, 12, 0)).await;
    programme_in(&r, "Europe/Paris").await;
    // Sunday 28 March 2027 10:00 CEST (UTC+2) = 08:00 UTC; the day before is still CET.
    let m = schedule_meeting(&r.app, "28/03/2027", "10h").await.unwrap();
    assert_eq!(m.starts_at, t(2027, 3, 28, 8, 0));
    let key = |k: &str| format!("meeting:{}:{k}", m.id.0);
    assert_eq!(
        due(&r, key("reminder:1440")).await,
        t(2027, 3, 27, 8, 0),
        "24 h before, in absolute time"
    );
    fires_exactly_at(&r, &key("reminder:1440"), t(2027, 3, 27, 8, 0)).await;
    fires_exactly_at(&r, &key("reminder:60"), t(2027, 3, 28, 7, 0)).await;
    fires_exactly_at(&r, &key("checkin:1"), t(2027, 3, 28, 10, 0)).await;
}

#[tokio::test]
async fn reminders_around_the_paris_fall_back_and_an_ambiguous_time_takes_the_first() {
    let r = rig(t(2027, 10, 25, 12, 0)).await;
    programme_in(&r, "Europe/Paris").await;
    // 31 October 2027: 02:30 happens twice; the first is 00:30 UTC (CEST).
    let m = schedule_meeting(&r.app, "31/10/2027", "2h30")
        .await
        .unwrap();
    assert_eq!(m.starts_at, t(2027, 10, 31, 0, 30));
    let key = format!("meeting:{}:reminder:60", m.id.0);
    fires_exactly_at(&r, &key, t(2027, 10, 30, 23, 30)).await;
}

#[tokio::test]
async fn reminders_around_the_new_york_changes_land_at_the_right_utc_instants() {
    let r = rig(t(2027, 3, 1, 12, 0)).await;
    programme_in(&r, "America/New_York").await;
    // Sunday 14 March 2027, 09:00 EDT (UTC-4) = 13:00 UTC; the day before is EST (UTC-5).
    let spring = schedule_meeting(&r.app, "14/03/2027", "9h").await.unwrap();
    assert_eq!(spring.starts_at, t(2027, 3, 14, 13, 0));
    fires_exactly_at(
        &r,
        &format!("meeting:{}:reminder:1440", spring.id.0),
        t(2027, 3, 13, 13, 0),
    )
    .await;
    let gap = schedule_meeting(&r.app, "14/03/2027", "2h30").await;
    assert!(matches!(
        gap,
        Err(binome::app::AppError::User(binome::app::UserError::Invalid(binome::domain::Invalid::NonexistentTime { ref nearest }))) if nearest == "03:00"
    ));
    // Sunday 7 November 2027, 09:00 EST = 14:00 UTC.
    let fall = schedule_meeting(&r.app, "07/11/2027", "9h").await.unwrap();
    assert_eq!(fall.starts_at, t(2027, 11, 7, 14, 0));
    fires_exactly_at(
        &r,
        &format!("meeting:{}:reminder:60", fall.id.0),
        t(2027, 11, 7, 13, 0),
    )
    .await;
}

#[tokio::test]
async fn monthly_nudges_stay_at_nine_local_across_dst_in_paris_and_new_york() {
    for (tz, march, april) in [
        ("Europe/Paris", t(2027, 3, 5, 8, 0), t(2027, 4, 5, 7, 0)),
        (
            "America/New_York",
            t(2027, 3, 5, 14, 0),
            t(2027, 4, 5, 13, 0),
        ),
    ] {
        let r = rig(t(2027, 2, 20, 12, 0)).await;
        let _ = programme_in(&r, tz).await;
        let key = |at: DateTime<Utc>| format!("monthly:1:{}", at.format("%Y-%m-%dT%H:%M"));
        assert_eq!(due(&r, key(march)).await, march, "{tz}");
        fires_exactly_at(&r, &key(march), march).await;
        // The recording handler does not plan the next tick; the app does when it plans.
        r.app
            .plan_job(&r.store.job_by_key(&key(march)).await.unwrap().unwrap())
            .await
            .unwrap();
        assert_eq!(due(&r, key(april)).await, april, "{tz}");
    }
}

#[tokio::test]
async fn a_meeting_outside_the_programme_or_in_year_9999_is_refused_and_plans_no_job() {
    // The programme runs from 01/01/2027 to 31/12/2027.
    let r = rig(t(2027, 3, 20, 12, 0)).await;
    programme_in(&r, "Europe/Paris").await;
    let pending = || r.store.count_jobs(GUILD, JobState::Pending);
    let before = pending().await.unwrap();
    for (date, expected) in [
        (
            "2028-01-03",
            binome::domain::Invalid::OutsideProgramme {
                starts_on: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
                ends_on: chrono::NaiveDate::from_ymd_opt(2027, 12, 31).unwrap(),
            },
        ),
        (
            "9999-12-31",
            binome::domain::Invalid::BadDate {
                input: "9999-12-31".into(),
            },
        ),
        (
            "31/12/9999",
            binome::domain::Invalid::BadDate {
                input: "31/12/9999".into(),
            },
        ),
    ] {
        let refused = schedule_meeting(&r.app, date, "10h").await;
        assert!(
            matches!(
                &refused,
                Err(binome::app::AppError::User(binome::app::UserError::Invalid(i))) if *i == expected
            ),
            "{date}: {refused:?}"
        );
    }
    assert_eq!(pending().await.unwrap(), before, "no reminder was planned");
    // The last day of the programme is still in it.
    schedule_meeting(&r.app, "31/12/2027", "10h").await.unwrap();
    assert!(pending().await.unwrap() > before);
}
