//! Durable jobs: the worker claims due jobs with a lease, hands each to a handler, and records
//! the result. It sleeps until the next due job (a new job wakes it), retries failures with
//! backoff, declares a job dead after too many attempts, and drops jobs that went stale while
//! the bot was down. One bad job never stops the others; the loop never panics out.

use crate::app::ports::{Store, StoreError};
use crate::app::Clock;
use crate::domain::job::{after_failure, Job, JobState};
use async_trait::async_trait;
use std::sync::Arc;
use tokio::sync::{watch, Notify};

#[derive(Debug, thiserror::Error)]
pub enum JobFailure {
    /// Worth trying again later (Discord unavailable, rate limited, store busy).
    #[error("{0}")]
    Retry(String),
    /// Will never succeed (Discord refused for good, data gone).
    #[error("{0}")]
    Permanent(String),
}

#[async_trait]
pub trait JobHandler: Send + Sync {
    async fn handle(&self, job: &Job) -> Result<(), JobFailure>;

    /// Called when the worker loop starts, and at its next rounds until it succeeds: where
    /// the jobs that must always exist (the daily housekeeping) are ensured.
    async fn on_start(&self) -> Result<(), JobFailure> {
        Ok(())
    }
}

#[derive(Debug, Clone)]
pub struct SchedulerConfig {
    /// How long a claimed job is reserved for this worker.
    pub lease: chrono::Duration,
    /// Jobs claimed per round.
    pub batch: u32,
    /// Jobs handled at the same time.
    pub concurrency: usize,
    /// Longest sleep without looking at the store (covers clock jumps and other processes).
    pub max_idle: std::time::Duration,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            lease: chrono::Duration::seconds(120),
            batch: 50,
            concurrency: 16,
            max_idle: std::time::Duration::from_secs(60),
        }
    }
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RunReport {
    pub claimed: usize,
    pub done: usize,
    pub skipped: usize,
    pub retried: usize,
    pub dead: usize,
}

pub struct Scheduler {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    handler: Arc<dyn JobHandler>,
    wake: Arc<Notify>,
    config: SchedulerConfig,
}

impl Scheduler {
    pub fn new(
        store: Arc<dyn Store>,
        clock: Arc<dyn Clock>,
        handler: Arc<dyn JobHandler>,
        wake: Arc<Notify>,
        config: SchedulerConfig,
    ) -> Self {
        Self {
            store,
            clock,
            handler,
            wake,
            config,
        }
    }

    /// Wakes a sleeping worker (after adding a job, or moving a test clock).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Claims and handles every job due now, round after round, until none is left.
    pub async fn run_once(&self) -> Result<RunReport, StoreError> {
        let mut total = RunReport::default();
        loop {
            let now = self.clock.now();
            let jobs = self
                .store
                .claim_due_jobs(now, self.config.lease, self.config.batch)
                .await?;
            if jobs.is_empty() {
                return Ok(total);
            }
            let full = jobs.len() as u32 >= self.config.batch;
            let report = self.handle_batch(jobs).await;
            total.claimed += report.claimed;
            total.done += report.done;
            total.skipped += report.skipped;
            total.retried += report.retried;
            total.dead += report.dead;
            if !full {
                return Ok(total);
            }
        }
    }

    async fn handle_batch(&self, jobs: Vec<Job>) -> RunReport {
        let mut report = RunReport {
            claimed: jobs.len(),
            ..Default::default()
        };
        let permits = Arc::new(tokio::sync::Semaphore::new(self.config.concurrency.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for job in jobs {
            if job.is_stale(self.clock.now()) {
                tracing::info!(job = %job.id, kind = job.payload.kind(), due_at = %job.due_at, "stale job dropped");
                self.record(&job, JobState::Skipped, None).await;
                report.skipped += 1;
                continue;
            }
            let handler = self.handler.clone();
            let permits = permits.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let running = job.clone();
                // A panicking handler is contained in its own task and counts as a failed
                // attempt, so the job backs off and is declared dead like any other failure.
                let result = match tokio::spawn(async move { handler.handle(&running).await }).await
                {
                    Ok(result) => result,
                    Err(e) => {
                        tracing::error!(job = %job.id, error = %e, "job handler panicked");
                        Err(JobFailure::Retry(format!("handler panicked: {e}")))
                    }
                };
                (job, result)
            });
        }
        while let Some(joined) = tasks.join_next().await {
            let (job, result) = match joined {
                Ok(pair) => pair,
                Err(e) => {
                    // Only if the bookkeeping task itself failed: the job keeps its lease and
                    // is taken again when it expires.
                    tracing::error!(error = %e, "job task failed");
                    report.retried += 1;
                    continue;
                }
            };
            self.settle(job, result, &mut report).await;
        }
        report
    }

    /// Records what a handled job came to: done, retried later with backoff, or dead.
    async fn settle(&self, job: Job, result: Result<(), JobFailure>, report: &mut RunReport) {
        match result {
            Ok(()) => {
                self.record(&job, JobState::Done, None).await;
                report.done += 1;
            }
            Err(JobFailure::Permanent(e)) => {
                tracing::error!(job = %job.id, kind = job.payload.kind(), error = %e, "job failed for good");
                self.record(&job, JobState::Dead, Some(&e)).await;
                report.dead += 1;
            }
            Err(JobFailure::Retry(e)) => match after_failure(job.attempts, self.clock.now()) {
                Some(at) => {
                    tracing::warn!(job = %job.id, kind = job.payload.kind(), attempts = job.attempts, retry_at = %at, error = %e, "job failed, will retry");
                    if let Err(se) = self
                        .store
                        .retry_job(job.id, job.attempts, at, &e, self.clock.now())
                        .await
                    {
                        tracing::error!(job = %job.id, error = %se, "could not reschedule job");
                    }
                    report.retried += 1;
                }
                None => {
                    tracing::error!(job = %job.id, kind = job.payload.kind(), attempts = job.attempts, error = %e, "job dead after too many attempts");
                    self.record(&job, JobState::Dead, Some(&e)).await;
                    report.dead += 1;
                }
            },
        }
    }

    async fn record(&self, job: &Job, state: JobState, error: Option<&str>) {
        if let Err(e) = self
            .store
            .finish_job(job.id, job.attempts, state, error, self.clock.now())
            .await
        {
            // The lease expires and the job is taken again: at worst it runs twice, and the
            // Discord nonce keeps that from posting twice.
            tracing::error!(job = %job.id, error = %e, "could not record job result");
        }
    }

    /// Runs until `shutdown` turns true: handle what is due, then sleep until the next job.
    pub async fn run(self: Arc<Self>, mut shutdown: watch::Receiver<bool>) {
        tracing::info!("scheduler started");
        let mut started = false;
        loop {
            if *shutdown.borrow() {
                break;
            }
            if !started {
                started = self.start_handler().await;
            }
            let pause = match self.run_once().await {
                Ok(report) => {
                    if report.claimed > 0 {
                        tracing::debug!(?report, "scheduler round");
                    }
                    self.until_next().await
                }
                Err(e) => {
                    tracing::error!(error = %e, "scheduler could not read jobs; retrying in 5 s");
                    std::time::Duration::from_secs(5)
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = self.wake.notified() => {}
                changed = shutdown.changed() => {
                    // The sender is gone: nobody can stop us any more, so stop now rather
                    // than spin on a channel that is always ready.
                    if changed.is_err() {
                        break;
                    }
                }
            }
        }
        tracing::info!("scheduler stopped");
    }

    /// The handler's start; `false` (logged) when it must be tried again next round.
    async fn start_handler(&self) -> bool {
        match self.handler.on_start().await {
            Ok(()) => true,
            Err(e) => {
                tracing::error!(error = %e, "job handler could not start; trying again next round");
                false
            }
        }
    }

    async fn until_next(&self) -> std::time::Duration {
        match self.store.next_job_due().await {
            Ok(Some(at)) => (at - self.clock.now())
                .to_std()
                .unwrap_or_default()
                .min(self.config.max_idle),
            Ok(None) => self.config.max_idle,
            Err(e) => {
                tracing::warn!(error = %e, "could not read the next due job");
                std::time::Duration::from_secs(5)
            }
        }
    }
}
