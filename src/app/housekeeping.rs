//! The daily housekeeping: the database keeps finished jobs and delivered nonces only as long
//! as they serve (`AppSettings::retention`). It is a durable job like the others, ensured
//! when the worker starts and chained to the next day by each run, so it exists without
//! anyone asking for it and survives restarts.

use super::delivery::Delivery;
use super::ports::StoreResult;
use super::{App, AppResult};
use crate::domain::job::{next_housekeeping, JobState};
use chrono::{DateTime, Utc};
use std::future::Future;

/// Rows deleted per statement. Each statement is its own short transaction, so the write
/// lock is taken for a few hundred rows at a time.
pub const PURGE_BATCH: u32 = 500;
/// The pause between two batches, long enough for a writer waiting on SQLite's busy handler
/// (which retries every few tens of milliseconds) to get in. A day's rows take a batch or
/// two; a first purge of a large database takes a minute or so, in the background.
const PURGE_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

/// What one housekeeping run deleted (counts only).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    /// Done, skipped and cancelled jobs.
    pub finished_jobs: u64,
    pub dead_jobs: u64,
    pub nonces: u64,
}

impl App {
    /// Plans the next daily housekeeping unless it is planned already (idempotent: keyed by
    /// its day). The job worker calls it when it starts.
    pub async fn ensure_housekeeping(&self) -> AppResult<()> {
        let now = self.clock.now();
        self.enqueue_jobs(&[next_housekeeping(now)], now).await
    }

    /// The housekeeping job: plans tomorrow's first, so the chain holds even if this run
    /// fails, then deletes what is past its retention. Sends nothing.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn plan_housekeeping(&self) -> AppResult<Vec<Delivery>> {
        self.ensure_housekeeping().await?;
        let purged = self.purge(self.clock.now()).await?;
        tracing::info!(
            finished_jobs = purged.finished_jobs,
            dead_jobs = purged.dead_jobs,
            nonces = purged.nonces,
            "housekeeping done"
        );
        Ok(Vec::new())
    }

    /// Deletes, a batch at a time, the finished jobs, dead jobs and delivered nonces older
    /// than their retention at `now`.
    pub async fn purge(&self, now: DateTime<Utc>) -> AppResult<Purged> {
        let keep = &self.settings.retention;
        let store = &self.store;
        let mut purged = Purged::default();
        for state in [JobState::Done, JobState::Skipped, JobState::Cancelled] {
            let before = now - keep.keep_finished;
            purged.finished_jobs +=
                in_batches(|n| store.delete_finished_jobs(state, before, n)).await?;
        }
        let before = now - keep.keep_dead;
        purged.dead_jobs =
            in_batches(|n| store.delete_finished_jobs(JobState::Dead, before, n)).await?;
        let before = now - keep.nonce_ledger;
        purged.nonces = in_batches(|n| store.forget_delivered(before, n)).await?;
        Ok(purged)
    }
}

/// Runs `batch` (one statement deleting at most `PURGE_BATCH` rows) until a batch comes back
/// short, pausing between batches so that other writers get in; the total deleted.
async fn in_batches<F, Fut>(mut batch: F) -> StoreResult<u64>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = StoreResult<u64>>,
{
    let mut total = 0;
    loop {
        let deleted = batch(PURGE_BATCH).await?;
        total += deleted;
        if deleted < u64::from(PURGE_BATCH) {
            return Ok(total);
        }
        tokio::time::sleep(PURGE_PAUSE).await;
    }
}
