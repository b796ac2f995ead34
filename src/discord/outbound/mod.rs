//! The one outbound path for every message the bot sends on its own initiative
//! (reminders, check-ins, nudges, DMs): paced under Discord's global limit, in
//! order per channel, retried on 429 / 5xx / timeouts, deduplicated by nonce.
//!
//! Why it exists: serenity's own rate limiter only reacts to 429s per route and
//! is switched off whenever the API base is proxied (tests, the sandbox), so
//! the global budget of 50 requests per second per bot token has to be kept
//! here, for every request this path makes (DM-channel openings and retries
//! included).
//!
//! About `retry_after`: serenity 0.12.5 turns a non-2xx answer into
//! `ErrorResponse`, whose body is decoded as `{code, message, errors}`. A 429
//! body (`{"message", "retry_after", "global"}`) has no `code`, so decoding
//! fails and serenity keeps only its own decode-error text; the headers
//! (`Retry-After`, `X-RateLimit-*`) are dropped too and its HTTP client is
//! private. `retry_after` is therefore out of reach: on a 429 every caller
//! pauses for [`OutboundConfig::rate_limit_wait`] (1 s by default, Discord's
//! global window), doubled on each further 429 of the same message, capped at
//! [`OutboundConfig::max_backoff`]. In production serenity's limiter is on and
//! already sleeps `Retry-After` and retries before the error could reach us.
//!
//! Messages built with `CreateMessage::reactions` are not supported here:
//! serenity adds each reaction with a separate request this path cannot pace.

mod limiter;
mod turns;

use limiter::{lock, Limiter};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use turns::{TurnKey, Turns};

use serenity::all::{
    ChannelId, CreateMessage, Http, HttpError, Message, Nonce, PrivateChannel, UserId,
};

/// Discord's longest accepted `nonce`.
pub const MAX_NONCE_LEN: usize = 25;

/// Discord error code for "Cannot send messages to this user" (DMs closed).
const CANNOT_MESSAGE_USER: isize = 50007;
/// Discord error code for "Unknown Channel".
const UNKNOWN_CHANNEL: isize = 10003;

#[derive(Debug, Clone)]
pub struct OutboundConfig {
    /// Requests per second, every caller and route together (Discord allows 50).
    pub max_per_second: u32,
    /// Requests tried per message before giving up (the job is retried later).
    pub max_attempts: u32,
    /// First wait after a 5xx or timeout; doubles on each further failure.
    pub base_backoff: Duration,
    /// Cap of every backoff and rate-limit wait.
    pub max_backoff: Duration,
    /// Wait after a 429, for every caller (see the module docs for why it is
    /// not the answer's `retry_after`); doubles on each further 429.
    pub rate_limit_wait: Duration,
    /// A request with no answer after this long counts as a timeout and is retried.
    pub request_timeout: Duration,
}

impl Default for OutboundConfig {
    fn default() -> Self {
        Self {
            max_per_second: 40,
            max_attempts: 5,
            base_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
            rate_limit_wait: Duration::from_secs(1),
            request_timeout: Duration::from_secs(15),
        }
    }
}

/// Counters since the `Outbound` was built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboundStats {
    /// Messages delivered (`post` / `dm` returned `Ok`).
    pub sent: u64,
    /// HTTP requests made: every attempt, DM-channel openings included.
    pub requests: u64,
    /// 429 answers received.
    pub rate_limited: u64,
    /// 5xx answers, timeouts and transport errors.
    pub server_errors: u64,
    /// Requests that repeated an earlier failed one.
    pub retries: u64,
    /// Deliveries refused for good (other 4xx, DMs closed, invalid message).
    pub refused: u64,
    /// Deliveries abandoned after `max_attempts`.
    pub gave_up: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The user does not accept DMs from the bot (Discord 50007): fall back to the pair channel.
    #[error("the user does not accept direct messages")]
    DmClosed,
    /// Discord refused the message for good (a 4xx other than 429), or it was
    /// invalid before sending (`code` -1): retrying cannot help.
    #[error("Discord refused the message ({code}): {message}")]
    Refused { code: isize, message: String },
    /// Every attempt failed with a 429, a 5xx or a timeout: retry the job later.
    #[error("gave up after {attempts} attempts: {last}")]
    GaveUp { attempts: u32, last: String },
}

/// Sends bot-initiated messages; cheap to clone, every clone shares the same
/// pacing, ordering and counters.
#[derive(Clone)]
pub struct Outbound {
    inner: Arc<Inner>,
}

struct Inner {
    http: Arc<Http>,
    ledger: Option<Arc<dyn crate::app::ports::DeliveryLedger>>,
    config: OutboundConfig,
    limiter: Arc<Limiter>,
    turns: Arc<Turns>,
    dm_channels: Mutex<HashMap<UserId, ChannelId>>,
    stats: Counters,
}

impl std::fmt::Debug for Outbound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbound")
            .field("config", &self.inner.config)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

impl Outbound {
    pub fn new(http: Arc<Http>, config: OutboundConfig) -> Outbound {
        let limiter = Arc::new(Limiter::new(config.max_per_second));
        Outbound {
            inner: Arc::new(Inner {
                http,
                ledger: None,
                config,
                limiter,
                turns: Arc::new(Turns::default()),
                dm_channels: Mutex::new(HashMap::new()),
                stats: Counters::default(),
            }),
        }
    }

    /// Remembers delivered nonces durably: a retry long after Discord has forgotten a nonce
    /// (it keeps them a few minutes) still does not post twice. Call before cloning.
    pub fn with_ledger(mut self, ledger: Arc<dyn crate::app::ports::DeliveryLedger>) -> Outbound {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.ledger = Some(ledger);
        }
        self
    }

    /// Whether this nonce was already delivered; a failing ledger only logs (Discord's own
    /// nonce check still stands behind it).
    async fn already_delivered(&self, nonce: &str) -> bool {
        match &self.inner.ledger {
            Some(ledger) => match ledger.delivered(nonce).await {
                Ok(done) => done,
                Err(e) => {
                    tracing::warn!(error = %e, "delivery ledger unavailable");
                    false
                }
            },
            None => false,
        }
    }

    async fn remember(&self, nonce: &str, result: &Result<Message, DeliveryError>) {
        if let (Ok(_), Some(ledger)) = (result, &self.inner.ledger) {
            if let Err(e) = ledger.record_delivered(nonce).await {
                tracing::warn!(error = %e, "could not record a delivery");
            }
        }
    }

    /// Posts in a channel. `nonce` (at most 25 characters, e.g. derived from a
    /// job's idempotency key) is sent with `enforce_nonce`, so a retry after a
    /// lost response never posts twice. Posts to one channel are sent in the
    /// order `post` was called.
    pub async fn post(
        &self,
        channel: ChannelId,
        message: CreateMessage,
        nonce: &str,
    ) -> Result<Message, DeliveryError> {
        self.once(nonce, self.post_inner(channel, message, nonce))
            .await
    }

    /// Opens (or reuses) the DM channel with `user` and posts there;
    /// [`DeliveryError::DmClosed`] when the user does not accept DMs, so the
    /// caller can fall back to the pair channel.
    pub async fn dm(
        &self,
        user: UserId,
        message: CreateMessage,
        nonce: &str,
    ) -> Result<Message, DeliveryError> {
        self.once(nonce, self.dm_inner(user, message, nonce)).await
    }

    /// Sends unless the ledger says `nonce` was delivered already, then counts the outcome
    /// and records a delivery in the ledger.
    async fn once(
        &self,
        nonce: &str,
        send: impl std::future::Future<Output = Result<Message, DeliveryError>>,
    ) -> Result<Message, DeliveryError> {
        if self.already_delivered(nonce).await {
            tracing::debug!(nonce, "already delivered: not sent again");
            return Ok(Message::default());
        }
        let result = send.await;
        self.inner.stats.count_outcome(&result);
        self.remember(nonce, &result).await;
        result
    }

    /// Runs `request`, another call to Discord the bot may make many times in a row (creating
    /// a programme's pair channels, looking up their members), within the same pace as the
    /// messages: it holds one of the window's slots like a post does.
    pub async fn paced<T>(&self, request: impl std::future::Future<Output = T>) -> T {
        let _slot = self.inner.limiter.acquire().await;
        request.await
    }

    pub fn stats(&self) -> OutboundStats {
        self.inner.stats.snapshot()
    }

    async fn post_inner(
        &self,
        channel: ChannelId,
        message: CreateMessage,
        nonce: &str,
    ) -> Result<Message, DeliveryError> {
        let message = with_nonce(message, nonce)?;
        let _turn = self.inner.turns.take(TurnKey::Channel(channel.get())).await;
        self.send(channel, message).await
    }

    async fn dm_inner(
        &self,
        user: UserId,
        message: CreateMessage,
        nonce: &str,
    ) -> Result<Message, DeliveryError> {
        let message = with_nonce(message, nonce)?;
        // One turn per user covers opening the channel and posting, so two DMs
        // to the same person keep their order.
        let _turn = self.inner.turns.take(TurnKey::Dm(user.get())).await;
        let channel = self.dm_channel(user).await.map_err(dm_closed)?;
        let result = self.send(channel, message).await.map_err(dm_closed);
        if let Err(DeliveryError::Refused {
            code: UNKNOWN_CHANNEL,
            ..
        }) = &result
        {
            // The cached DM channel is gone: open a fresh one next time.
            lock(&self.inner.dm_channels).remove(&user);
        }
        result
    }

    async fn dm_channel(&self, user: UserId) -> Result<ChannelId, DeliveryError> {
        if let Some(c) = lock(&self.inner.dm_channels).get(&user) {
            return Ok(*c);
        }
        let http = &self.inner.http;
        let body = serde_json::json!({ "recipient_id": user });
        let channel: PrivateChannel = self
            .with_retries("open DM channel", || http.create_private_channel(&body))
            .await?;
        lock(&self.inner.dm_channels).insert(user, channel.id);
        Ok(channel.id)
    }

    async fn send(
        &self,
        channel: ChannelId,
        message: CreateMessage,
    ) -> Result<Message, DeliveryError> {
        let http = &self.inner.http;
        self.with_retries("post message", || {
            channel.send_message(&**http, message.clone())
        })
        .await
    }

    /// A 429: every sender pauses, longer on each further 429 of the same message (the
    /// `rate_limits`-th). The pause holds back every caller, this one included: its next
    /// attempt waits in `acquire`.
    fn pause_everyone(&self, what: &str, attempt: u32, rate_limits: u32) {
        let cfg = &self.inner.config;
        Counters::bump(&self.inner.stats.rate_limited);
        let wait = doubled(cfg.rate_limit_wait, rate_limits, cfg.max_backoff);
        tracing::warn!(
            what,
            attempt,
            ?wait,
            "429 from Discord: every sender pauses"
        );
        self.inner.limiter.pause(wait);
    }

    /// Runs `request` until it succeeds, fails for good, or `max_attempts` ran
    /// out; every attempt first takes a slot of the shared limiter.
    async fn with_retries<T, F, Fut>(&self, what: &str, mut request: F) -> Result<T, DeliveryError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = serenity::Result<T>>,
    {
        let cfg = &self.inner.config;
        let stats = &self.inner.stats;
        let max_attempts = cfg.max_attempts.max(1);
        let mut server_failures = 0u32;
        let mut rate_limits = 0u32;
        let mut last = String::new();
        for attempt in 1..=max_attempts {
            let permit = self.inner.limiter.acquire().await;
            Counters::bump(&stats.requests);
            if attempt > 1 {
                Counters::bump(&stats.retries);
            }
            let outcome = tokio::time::timeout(cfg.request_timeout, request()).await;
            drop(permit);
            let failure = match outcome {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(e)) => classify(&e),
                Err(_) => Failure::Transient(format!("no answer within {:?}", cfg.request_timeout)),
            };
            match failure {
                Failure::Permanent { code, message } => {
                    tracing::debug!(what, code, %message, "refused by Discord");
                    return Err(DeliveryError::Refused { code, message });
                }
                Failure::RateLimited(detail) => {
                    rate_limits += 1;
                    self.pause_everyone(what, attempt, rate_limits);
                    last = format!("429 rate limited ({detail})");
                }
                Failure::Transient(detail) => {
                    Counters::bump(&stats.server_errors);
                    server_failures += 1;
                    last = detail;
                    if attempt < max_attempts {
                        let wait = doubled(cfg.base_backoff, server_failures, cfg.max_backoff);
                        tracing::warn!(what, attempt, ?wait, error = %last, "retrying after backoff");
                        tokio::time::sleep(wait).await;
                    }
                }
            }
        }
        tracing::warn!(what, attempts = max_attempts, error = %last, "giving up");
        Err(DeliveryError::GaveUp {
            attempts: max_attempts,
            last,
        })
    }
}

fn with_nonce(message: CreateMessage, nonce: &str) -> Result<CreateMessage, DeliveryError> {
    let len = nonce.chars().count();
    if len == 0 || len > MAX_NONCE_LEN {
        return Err(DeliveryError::Refused {
            code: -1,
            message: format!("nonce must have 1 to {MAX_NONCE_LEN} characters, got {len}"),
        });
    }
    Ok(message
        .nonce(Nonce::String(nonce.to_owned()))
        .enforce_nonce(true))
}

fn dm_closed(e: DeliveryError) -> DeliveryError {
    match e {
        DeliveryError::Refused {
            code: CANNOT_MESSAGE_USER,
            ..
        } => DeliveryError::DmClosed,
        other => other,
    }
}

/// `base · 2^(n−1)`, capped.
fn doubled(base: Duration, n: u32, cap: Duration) -> Duration {
    let factor = 2u32.saturating_pow(n.saturating_sub(1));
    base.checked_mul(factor).unwrap_or(cap).min(cap)
}

enum Failure {
    Permanent { code: isize, message: String },
    RateLimited(String),
    Transient(String),
}

fn classify(e: &serenity::Error) -> Failure {
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(resp)) => {
            let status = resp.status_code.as_u16();
            let message = resp.error.message.clone();
            match status {
                429 => Failure::RateLimited(message),
                500..=599 => Failure::Transient(format!("{status}: {message}")),
                _ => Failure::Permanent {
                    code: resp.error.code,
                    message: format!("{status}: {message}"),
                },
            }
        }
        // Connection refused or reset, body cut short: the request may or may
        // not have been applied; the nonce makes the retry safe.
        serenity::Error::Http(HttpError::Request(e)) => Failure::Transient(e.to_string()),
        serenity::Error::Io(e) => Failure::Transient(e.to_string()),
        // A 2xx whose body could not be read as a message: the post may have
        // happened; retrying with the nonce returns it without a duplicate.
        serenity::Error::Json(e) => Failure::Transient(format!("unreadable answer: {e}")),
        // Message too long, too many embeds, bad URL…: our side, for good.
        other => Failure::Permanent {
            code: -1,
            message: other.to_string(),
        },
    }
}

// ----- counters ---------------------------------------------------------------

#[derive(Default)]
struct Counters {
    sent: AtomicU64,
    requests: AtomicU64,
    rate_limited: AtomicU64,
    server_errors: AtomicU64,
    retries: AtomicU64,
    refused: AtomicU64,
    gave_up: AtomicU64,
}

impl Counters {
    fn bump(c: &AtomicU64) {
        c.fetch_add(1, Ordering::Relaxed);
    }

    fn count_outcome<T>(&self, result: &Result<T, DeliveryError>) {
        match result {
            Ok(_) => Self::bump(&self.sent),
            Err(DeliveryError::GaveUp { .. }) => Self::bump(&self.gave_up),
            Err(DeliveryError::DmClosed | DeliveryError::Refused { .. }) => {
                Self::bump(&self.refused)
            }
        }
    }

    fn snapshot(&self) -> OutboundStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        OutboundStats {
            sent: get(&self.sent),
            requests: get(&self.requests),
            rate_limited: get(&self.rate_limited),
            server_errors: get(&self.server_errors),
            retries: get(&self.retries),
            refused: get(&self.refused),
            gave_up: get(&self.gave_up),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_millis(500);
        let cap = Duration::from_secs(10);
        let waits: Vec<_> = (1..=7).map(|n| doubled(base, n, cap)).collect();
        assert_eq!(
            waits,
            [500, 1000, 2000, 4000, 8000, 10_000, 10_000].map(Duration::from_millis)
        );
        assert_eq!(doubled(base, u32::MAX, cap), cap);
    }

    #[test]
    fn nonces_longer_than_discord_allows_are_refused_before_sending() {
        assert!(with_nonce(CreateMessage::new(), "j9223372036854775807p255").is_ok());
        assert!(matches!(
            with_nonce(CreateMessage::new(), &"x".repeat(26)),
            Err(DeliveryError::Refused { code: -1, .. })
        ));
        assert!(with_nonce(CreateMessage::new(), "").is_err());
    }

    #[tokio::test]
    async fn the_limiter_never_holds_more_than_max_slots_in_a_second() {
        let limiter = Arc::new(Limiter::new(2));
        let start = Instant::now();
        let mut starts = Vec::new();
        for _ in 0..4 {
            let p = limiter.acquire().await;
            starts.push(start.elapsed());
            drop(p);
        }
        assert!(starts[1] < Duration::from_millis(100), "{starts:?}");
        assert!(starts[2] >= Duration::from_secs(1), "{starts:?}");
        assert!(starts[3] < Duration::from_millis(1500), "{starts:?}");
    }

    #[tokio::test]
    async fn a_pause_holds_every_sender() {
        let limiter = Arc::new(Limiter::new(10));
        limiter.pause(Duration::from_millis(300));
        let start = Instant::now();
        drop(limiter.acquire().await);
        assert!(start.elapsed() >= Duration::from_millis(300));
    }
}
