//! Jobs in a given state at a given instant, written through the store's own methods (enqueue,
//! claim, finish or cancel), for the tests of the housekeeping and its retention.

use binome::app::ports::Store;
use binome::domain::job::{JobPayload, JobState, NewJob};
use binome::domain::ProgrammeId;
use chrono::{DateTime, Duration, Utc};

use super::GUILD;

/// A monthly job of `GUILD` keyed `key`, due at `due_at`.
pub fn new_job(key: &str, due_at: DateTime<Utc>) -> NewJob {
    NewJob {
        guild_id: GUILD,
        due_at,
        payload: JobPayload::MonthlyRhythm {
            programme: ProgrammeId(1),
        },
        idempotency_key: key.into(),
        expires_at: None,
    }
}

/// A job that became `state` at `at`: pending (due a year later), running (claimed at `at`),
/// or finished then (done, skipped, dead; cancelled while pending). No other job of the store
/// may be due at `at` and pending, since claiming takes every due job.
pub async fn job_in_state(store: &dyn Store, key: &str, state: JobState, at: DateTime<Utc>) {
    let due_at = match state {
        JobState::Pending | JobState::Cancelled => at + Duration::days(365),
        _ => at,
    };
    assert!(store.enqueue_job(&new_job(key, due_at), at).await.unwrap());
    match state {
        JobState::Pending => {}
        JobState::Cancelled => {
            assert_eq!(store.cancel_jobs(key, at).await.unwrap(), 1, "{key}");
        }
        _ => {
            let claimed = store
                .claim_due_jobs(at, Duration::minutes(2), 10)
                .await
                .unwrap();
            assert_eq!(claimed.len(), 1, "{key}: only this job is due");
            if state != JobState::Running {
                let job = &claimed[0];
                store
                    .finish_job(job.id, job.attempts, state, None, at)
                    .await
                    .unwrap();
            }
        }
    }
}

/// Whether a job keyed `key` is still in the store.
pub async fn kept(store: &dyn Store, key: &str) -> bool {
    store.job_by_key(key).await.unwrap().is_some()
}

/// Waits until `done` holds (a worker runs meanwhile); fails the test if it never does.
pub async fn until<F: std::future::Future<Output = bool>>(what: &str, done: impl Fn() -> F) {
    let waited = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !done().await {
            tokio::task::yield_now().await;
        }
    })
    .await;
    assert!(waited.is_ok(), "never happened: {what}");
}
