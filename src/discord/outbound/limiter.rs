//! The global limiter of the outbound path: at most `max` requests in any one-second window.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// The window Discord's global limit is counted over.
const WINDOW: Duration = Duration::from_secs(1);

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// At most `max` requests in any one-second window, as the server counts them.
///
/// A request's arrival at Discord lies somewhere between the moment it took
/// its slot and the moment its answer came back, so a slot is held from
/// `acquire` until one second after the answer (a request still in flight
/// holds it indefinitely). A new request starts only while fewer than `max`
/// slots are held; then no one-second window can see more than `max`
/// arrivals, whatever the latency. Waiters are served first come, first served.
pub(super) struct Limiter {
    max: usize,
    /// FIFO turn to wait for a free slot (tokio's mutex is fair).
    queue: tokio::sync::Mutex<()>,
    window: Mutex<Window>,
    released: Notify,
}

#[derive(Default)]
struct Window {
    in_flight: usize,
    /// When recent requests got their answer, oldest first.
    answered: VecDeque<Instant>,
    /// After a 429, nobody sends before this.
    paused_until: Option<Instant>,
}

enum Wait {
    Until(Instant),
    ForAnswer,
}

impl Limiter {
    pub(super) fn new(max_per_second: u32) -> Self {
        Limiter {
            max: usize::try_from(max_per_second.max(1)).unwrap_or(1),
            queue: tokio::sync::Mutex::new(()),
            window: Mutex::new(Window::default()),
            released: Notify::new(),
        }
    }

    pub(super) async fn acquire(self: &Arc<Self>) -> Permit {
        let _turn = self.queue.lock().await;
        loop {
            let released = self.released.notified();
            tokio::pin!(released);
            // Registered before looking, so a release in between is not missed.
            released.as_mut().enable();
            let wait = {
                let mut w = lock(&self.window);
                let now = Instant::now();
                while w.answered.front().is_some_and(|t| *t + WINDOW <= now) {
                    w.answered.pop_front();
                }
                match w.paused_until {
                    Some(t) if t > now => Wait::Until(t),
                    _ if w.in_flight + w.answered.len() < self.max => {
                        w.in_flight += 1;
                        return Permit {
                            limiter: Arc::clone(self),
                        };
                    }
                    _ => match w.answered.front() {
                        Some(oldest) => Wait::Until(*oldest + WINDOW),
                        None => Wait::ForAnswer,
                    },
                }
            };
            match wait {
                Wait::Until(t) => tokio::time::sleep_until(t).await,
                Wait::ForAnswer => released.await,
            }
        }
    }

    pub(super) fn pause(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut w = lock(&self.window);
        w.paused_until = Some(w.paused_until.map_or(until, |t| t.max(until)));
    }
}

/// A held slot; released (answer time recorded) on drop, also when the
/// sending future is cancelled.
pub(super) struct Permit {
    limiter: Arc<Limiter>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        {
            let mut w = lock(&self.limiter.window);
            w.in_flight = w.in_flight.saturating_sub(1);
            w.answered.push_back(Instant::now());
        }
        self.limiter.released.notify_waiters();
    }
}
