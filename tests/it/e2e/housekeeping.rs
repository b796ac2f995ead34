//! The daily housekeeping as `binome run` has it: once the job worker has started, the job
//! exists without anyone asking; it survives a restart as one job a day, and runs.

use binome::app::ports::Store;
use binome::domain::job::{JobState, NO_GUILD};
use chrono::Duration;

use super::TestBot;
use crate::support::jobs::{job_in_state, kept, until};
use crate::support::{t, t0};

#[tokio::test]
async fn the_housekeeping_is_planned_when_the_worker_starts_and_runs_after_a_restart() {
    let bot = TestBot::start().await;
    let worker = bot.start_worker();
    let store = bot.store.clone();
    let planned = || kept(store.as_ref(), "housekeeping:2026-11-24");
    until("the first housekeeping planned", planned).await;
    worker.stop().await;
    job_in_state(
        store.as_ref(),
        "done-40d",
        JobState::Done,
        t0() - Duration::days(40),
    )
    .await;

    // Down over the night: the housekeeping is due when the bot comes back.
    let (fake, store, clock) = bot.halt().await;
    clock.set(t(2026, 11, 24, 9, 0));
    let bot = TestBot::start_on(fake, store.clone(), clock).await;
    let worker = bot.start_worker();
    let ran = || async {
        let job = store.job_by_key("housekeeping:2026-11-24").await.unwrap();
        job.is_some_and(|j| j.state == JobState::Done)
    };
    until("the overdue housekeeping ran", ran).await;
    worker.stop().await;
    assert!(!kept(store.as_ref(), "done-40d").await, "past its 30 days");
    assert!(kept(store.as_ref(), "housekeeping:2026-11-25").await);
    let pending = store.count_jobs(NO_GUILD, JobState::Pending).await.unwrap();
    assert_eq!(
        pending, 1,
        "one housekeeping planned, however often ensured"
    );
    bot.stop().await;
}
