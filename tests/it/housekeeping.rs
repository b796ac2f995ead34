//! The daily housekeeping without Discord: the worker ensures it when it starts, each run
//! deletes what is past its retention and plans the next day's, in batches.

use async_trait::async_trait;
use binome::app::housekeeping::{Purged, PURGE_BATCH};
use binome::app::ports::{DeliveryLedger, Store};
use binome::app::{App, AppSettings, Clock, ManualClock};
use binome::domain::job::{Job, JobState, NO_GUILD};
use binome::schedule::{JobFailure, JobHandler, Scheduler, SchedulerConfig};
use binome::store::SqliteStore;
use chrono::{Duration, Utc};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::support::app::in_memory_app;
use crate::support::jobs::{job_in_state, kept, until};
use crate::support::*;

/// Hands each job to the app, as the Discord layer does (with nothing to deliver), and
/// starts as it does: by ensuring the housekeeping. Its first `failing_starts` starts fail.
struct AppJobs {
    app: App,
    starts: AtomicUsize,
    failing_starts: usize,
}

#[async_trait]
impl JobHandler for AppJobs {
    async fn on_start(&self) -> Result<(), JobFailure> {
        if self.starts.fetch_add(1, Ordering::SeqCst) < self.failing_starts {
            return Err(JobFailure::Retry("store busy".into()));
        }
        self.app
            .ensure_housekeeping()
            .await
            .map_err(|e| JobFailure::Retry(e.to_string()))
    }

    async fn handle(&self, job: &Job) -> Result<(), JobFailure> {
        let deliveries = self
            .app
            .plan_job(job)
            .await
            .map_err(|e| JobFailure::Permanent(e.to_string()))?;
        assert!(deliveries.is_empty(), "the housekeeping sends nothing");
        Ok(())
    }
}

struct Rig {
    app: App,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    handler: Arc<AppJobs>,
    scheduler: Arc<Scheduler>,
}

async fn rig(failing_starts: usize) -> Rig {
    let (app, store, clock) = in_memory_app(t0(), AppSettings::default()).await;
    let handler = Arc::new(AppJobs {
        app: app.clone(),
        starts: AtomicUsize::new(0),
        failing_starts,
    });
    let scheduler = Arc::new(Scheduler::new(
        store.clone(),
        clock.clone(),
        handler.clone(),
        app.jobs_changed.clone(),
        SchedulerConfig {
            max_idle: std::time::Duration::from_secs(3600),
            ..Default::default()
        },
    ));
    Rig {
        app,
        store,
        clock,
        handler,
        scheduler,
    }
}

#[tokio::test]
async fn the_worker_ensures_the_housekeeping_when_it_starts_retrying_a_failed_start() {
    let r = rig(1).await;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(r.scheduler.clone().run(stopped));
    let started = || std::future::ready(r.handler.starts.load(Ordering::SeqCst) == 1);
    until("the first start", started).await;
    let store = r.store.as_ref();
    assert!(!kept(store, "housekeeping:2026-11-24").await);
    // The failed start is tried again at the next round (a new job wakes the worker).
    r.scheduler.wake();
    let planned = || kept(store, "housekeeping:2026-11-24");
    until("tomorrow's housekeeping planned", planned).await;
    r.scheduler.wake();
    stop.send(true).unwrap();
    worker.await.unwrap();
    assert_eq!(r.handler.starts.load(Ordering::SeqCst), 2, "started once");
    let job = r.store.job_by_key("housekeeping:2026-11-24").await.unwrap();
    assert_eq!(job.unwrap().due_at, t(2026, 11, 24, 3, 17));
}

#[tokio::test]
async fn each_run_deletes_what_is_past_its_retention_and_plans_the_next_day() {
    let r = rig(0).await;
    let store = r.store.as_ref();
    let now = r.clock.now();
    for (key, state, age) in [
        ("done-31d", JobState::Done, 31),
        ("cancelled-31d", JobState::Cancelled, 31),
        ("skipped-31d", JobState::Skipped, 31),
        ("done-29d", JobState::Done, 29),
        ("dead-91d", JobState::Dead, 91),
        ("dead-60d", JobState::Dead, 60),
        ("pending-40d", JobState::Pending, 40),
    ] {
        job_in_state(
            store,
            key,
            state,
            now - Duration::days(age) + Duration::hours(17),
        )
        .await;
    }
    r.app.ensure_housekeeping().await.unwrap();
    r.clock.set(t(2026, 11, 24, 3, 17));
    let report = r.scheduler.run_once().await.unwrap();
    assert_eq!((report.claimed, report.done), (1, 1), "{report:?}");
    for (key, still) in [
        ("done-31d", false),
        ("cancelled-31d", false),
        ("skipped-31d", false),
        ("dead-91d", false),
        ("done-29d", true),
        ("dead-60d", true),
        ("pending-40d", true),
    ] {
        assert_eq!(kept(store, key).await, still, "{key}");
    }
    let next = store.job_by_key("housekeeping:2026-11-25").await.unwrap();
    let next = next.expect("the next day's housekeeping");
    assert_eq!(
        (next.state, next.due_at),
        (JobState::Pending, t(2026, 11, 25, 3, 17))
    );
    // The chain goes on, one job a day.
    r.clock.set(t(2026, 11, 25, 3, 17));
    assert_eq!(r.scheduler.run_once().await.unwrap().done, 1);
    assert!(kept(store, "housekeeping:2026-11-26").await);
    assert_eq!(
        store.count_jobs(NO_GUILD, JobState::Pending).await.unwrap(),
        1
    );
}

#[tokio::test]
async fn purging_runs_batch_after_batch_until_nothing_old_is_left() {
    let r = rig(0).await;
    let store = r.store.as_ref();
    // Retention counts from the instant `purge` is given: here the real time, which also
    // stamps the nonces' delivery.
    let old = Utc::now() - Duration::days(40);
    let many = PURGE_BATCH as usize * 2 + 1;
    for i in 0..many {
        job_in_state(store, &format!("done-{i}"), JobState::Done, old).await;
    }
    store.record_delivered("j1-n1").await.unwrap();
    let kept_nonces = r.app.purge(Utc::now() + Duration::days(6)).await.unwrap();
    assert!(store.delivered("j1-n1").await.unwrap());
    assert_eq!(kept_nonces.nonces, 0);
    let purged = r.app.purge(Utc::now() + Duration::days(8)).await.unwrap();
    assert_eq!(
        purged,
        Purged {
            finished_jobs: 0,
            dead_jobs: 0,
            nonces: 1
        }
    );
    assert_eq!(kept_nonces.finished_jobs as usize, many);
    assert!(!kept(store, "done-0").await && !kept(store, &format!("done-{}", many - 1)).await);
}
