//! Per-channel order on the outbound path: one FIFO turn per channel or DM recipient.

use super::limiter::lock;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum TurnKey {
    Channel(u64),
    Dm(u64),
}

/// One FIFO lock per channel (or DM recipient) with someone sending to it;
/// entries go away when the last holder leaves.
#[derive(Default)]
pub(super) struct Turns {
    locks: Mutex<HashMap<TurnKey, Arc<tokio::sync::Mutex<()>>>>,
}

impl Turns {
    pub(super) async fn take(self: &Arc<Self>, key: TurnKey) -> Turn {
        let m = Arc::clone(lock(&self.locks).entry(key).or_default());
        let guard = m.lock_owned().await;
        Turn {
            turns: Arc::clone(self),
            key,
            guard: Some(guard),
        }
    }
}

pub(super) struct Turn {
    turns: Arc<Turns>,
    key: TurnKey,
    guard: Option<OwnedMutexGuard<()>>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut locks = lock(&self.turns.locks);
        // Dropping the guard under the map lock: nobody can clone the entry
        // between the release and the count check.
        self.guard.take();
        if locks
            .get(&self.key)
            .is_some_and(|m| Arc::strong_count(m) == 1)
        {
            locks.remove(&self.key);
        }
    }
}
