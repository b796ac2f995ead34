//! A loopback fake of Discord (REST under `/api/v10` and the gateway at
//! `/ws`) that the real serenity/poise client can run against.
//!
//! Point serenity at it with
//! `HttpBuilder::new(token).proxy(fake.base_url()).ratelimiter_disabled(true)`
//! and `ClientBuilder::new_with_http(http, intents)`; see
//! `docs/ARCHITECTURE.md` (How it is tested) and `tests/it/harness_smoke.rs`.
//!
//! Fidelity notes (what the fake enforces like Discord does):
//! - every gateway payload, and every channel/message/member/command JSON it
//!   answers with, is first parsed with serenity's own types; a failure is
//!   a bug of the fake and makes every wait (and `shutdown`) panic with it;
//! - GUILD_CREATE lists all members only when IDENTIFY asked for the
//!   privileged GUILD_MEMBERS intent, otherwise only the bot;
//!   `GET /guilds/{g}/members` answers 403/50001 without it, unless the application's
//!   Server Members intent is on in the portal (`enable_members_intent`), and refuses a
//!   `limit` outside 1–1000 (400/50035);
//! - a slash command's attachment option arrives as Discord sends it (`options[].value` the
//!   attachment id, `resolved.attachments[id]` with `url`, `filename`, `size`,
//!   `content_type`), at most the interaction's `attachment_size_limit`; its bytes are
//!   served at that url (`GET /attachments/{id}/{filename}`, outside the API);
//! - CHANNEL_CREATE/UPDATE/DELETE are dispatched to GUILDS-intent sessions,
//!   MESSAGE_CREATE/UPDATE to GUILD_MESSAGES / DIRECT_MESSAGES sessions,
//!   INTERACTION_CREATE to all;
//! - the global limit: more than 50 requests in any one-second window per bot
//!   token (interaction callbacks and follow-ups excepted) answer 429 with
//!   `{"message", "retry_after", "global": true}`, `Retry-After`,
//!   `X-RateLimit-Global` and `X-RateLimit-Scope: global`, and are not
//!   applied; on by default, `set_global_limit(None)` turns it off for a test
//!   that is not about pacing; `rate_report()` gives the requests per second seen;
//! - `messages()` holds only what was posted with `POST /channels/{id}/messages`;
//!   interaction responses are read through `Interaction::reply`.
//!
//! Discord's validation rules live in `rules.rs` (limits as named constants citing
//! Discord's OpenAPI description or developer docs, and the checks). Refused like Discord,
//! 400/50035 "Invalid Form Body" with the nested `errors…_errors` shape unless said:
//! - command registration (`PUT`/`POST …/commands`): chat-input command, subcommand and
//!   option names match `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$` and are lowercase,
//!   descriptions 1–100, ≤ 25 options per level, ≤ 25 choices (names 1–100), required
//!   options before optional ones, localization keys among Discord's 34 locales with the
//!   same lengths, ≤ 8000 characters per command (names, descriptions, choice names and
//!   values, longest localization counted), ≤ 100 chat-input commands per scope (30032);
//! - messages (channel POST/PATCH, interaction callbacks 4/7, follow-ups, webhook edits):
//!   content ≤ 2000, ≤ 10 embeds of ≤ 6000 characters in all, `allowed_mentions.users` /
//!   `.roles` ≤ 100 each and not together with the same kind in `parse`, ≤ 5 action rows
//!   of 1–5 buttons or one select, button label ≤ 80, `custom_id` 1–100 and unique in the
//!   message (components v2: ≤ 40 components), string nonce ≤ 25, no empty message
//!   (50006); the bot needs VIEW_CHANNEL (403/50001) and SEND_MESSAGES (403/50013);
//!   `enforce_nonce` dedups within 5 minutes per channel; DMs to a member with
//!   `dms_closed` answer 403/50007;
//! - modals (callback 9): custom_id 1–100, title 1–45, 1–5 components, text inputs with
//!   label 1–45, placeholder ≤ 100, value ≤ 4000, min_length 0–4000, max_length 1–4000;
//! - scheduled events: CREATE_EVENTS or MANAGE_EVENTS (403/50013), privacy level 2, name
//!   1–100, description ≤ 1000, start after Discord's clock (`set_clock`; `TestBot` uses
//!   its manual clock), external events with a location (1–100) and an end and no channel,
//!   voice/stage events with a channel of that kind, end after start;
//! - channels: MANAGE_CHANNELS (403/50013; overwrites in a PATCH also MANAGE_ROLES), name
//!   1–100, topic ≤ 1024 (4096 for forum/media), ≤ 100 permission overwrites (create,
//!   PATCH, and the 101st by `PUT …/permissions/{id}`), overwrites may only allow/deny
//!   permissions the bot has (403/50013), 50 channels per category (`errors.parent_id`
//!   CHANNEL_PARENT_MAX_CHANNELS), 500 per guild (400/30013); text channel names are
//!   lower-cased, spaces become dashes;
//! - pins (`PUT`/`DELETE /channels/{c}/messages/pins/{m}` and the legacy
//!   `/channels/{c}/pins/{m}`): PIN_MESSAGES (1 << 51) in the channel after overwrites
//!   (403/50013; MANAGE_MESSAGES alone is not enough), ≤ 250 pins (400/30003);
//!   `GET …/messages/pins` and `GET …/pins` list them;
//! - history: without READ_MESSAGE_HISTORY in a guild channel `GET …/messages` lists
//!   nothing, `GET …/messages/{m}` answers 403/50013 and a reply (`message_reference`)
//!   403/160002; posting and pinning do not need it;
//! - roles (`POST /guilds/{g}/roles`, `PUT|DELETE /guilds/{g}/members/{u}/roles/{r}`):
//!   MANAGE_ROLES, only permissions the bot has, only roles below the bot's highest
//!   (403/50013), ≤ 250 roles (400/30005); a new role sits just above @everyone;
//! - interactions: the initial response (callback) within 3 s of the interaction's
//!   creation, else 404/10062 "Unknown interaction"; follow-ups and `@original`/follow-up
//!   edits within 15 minutes, else 401/50027 "Invalid Webhook Token"; a second callback
//!   answers 400/40060, a follow-up before any callback 404/10015; the first follow-up
//!   after a deferral replaces the "thinking…" message (and inherits its ephemerality).
//!   `delay_every_request` adds inbound latency (deadlines are checked after it),
//!   `age_interactions` / `set_interaction_deadlines` test them without waiting.
//!
//! The contract: every refusal that means "the bot sent something Discord refuses" (any
//! 400, 401, 403 but 50007, 404/10062) is recorded (`refusals()`), and `shutdown()` — so
//! `TestBot::stop` — panics listing those the test did not declare with
//! `expect_refusal(code)` / `expect_refusal_where(what, pred)`. Failures injected with
//! `fail_next` & co. and 429s are not refusals of the bot.

// The harness is a library shared by many test modules; not every helper or
// re-export is used by every test, and unused ones must not break
// `clippy -D warnings`.
#![allow(dead_code, unused_imports)]

mod gateway;
mod http;
mod interaction;
mod messages;
mod modal;
pub mod rules;
pub mod spec;
mod state;
mod uploads;

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::State as AxState;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use http::{CATEGORY_CHANNEL_LIMIT, GUILD_CHANNEL_LIMIT};
pub use interaction::{Click, Interaction, Slash};
pub use modal::ModalSubmit;
pub use spec::*;
pub use state::{Recorded, Refusal, Reply, GLOBAL_LIMIT, GLOBAL_WINDOW};
pub use uploads::Upload;

use state::{as_u64, Expected, FailAction, FailRule, Outbound, State};

/// Requests per second as the fake saw them ([`FakeDiscord::rate_report`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RateReport {
    /// Every request received.
    pub total: usize,
    /// Requests bound by the global limit (all but interaction callbacks and follow-ups).
    pub counted: usize,
    /// Most counted requests that arrived within one second of each other
    /// (any window `[t, t + 1 s)`).
    pub max_in_any_1s_window: usize,
    /// 429 answers, injected or from the global limit.
    pub count_429_sent: usize,
    /// 429 answers from the global limit.
    pub global_429_sent: usize,
    /// 5xx answers (injected).
    pub count_5xx_sent: usize,
    /// From the first to the last counted request.
    pub span: Duration,
}

impl RateReport {
    fn from_requests(requests: &[Recorded], application_id: u64) -> RateReport {
        let mut at: Vec<std::time::Instant> = requests
            .iter()
            .filter(|r| !http::exempt_from_global_limit(&r.path, application_id))
            .map(|r| r.at)
            .collect();
        at.sort();
        let mut max = 0;
        let mut lo = 0;
        for hi in 0..at.len() {
            while at[hi].duration_since(at[lo]) >= GLOBAL_WINDOW {
                lo += 1;
            }
            max = max.max(hi - lo + 1);
        }
        RateReport {
            total: requests.len(),
            counted: at.len(),
            max_in_any_1s_window: max,
            count_429_sent: requests.iter().filter(|r| r.status == 429).count(),
            global_429_sent: requests.iter().filter(|r| r.global_limited).count(),
            count_5xx_sent: requests.iter().filter(|r| r.status >= 500).count(),
            span: match (at.first(), at.last()) {
                (Some(a), Some(b)) => b.duration_since(*a),
                _ => Duration::ZERO,
            },
        }
    }
}

/// Default bound of every wait.
pub const WAIT: Duration = Duration::from_secs(10);

pub(crate) struct Shared {
    state: Mutex<State>,
    changed: watch::Sender<u64>,
    shutdown: watch::Sender<bool>,
}

impl Shared {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Wakes every waiter.
    pub(crate) fn bump(&self) {
        self.changed.send_modify(|v| *v += 1);
    }

    pub(crate) fn problem(&self, p: String) {
        self.lock().problems.push(p);
        self.bump();
    }

    /// Waits (at most `timeout`) until `check` gives a value; re-checks on
    /// every state change. Panics with `describe` on timeout, and at once if
    /// the fake recorded a problem.
    pub(crate) async fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&State) -> Option<T>,
        describe: impl Fn(&State) -> String,
    ) -> T {
        let mut rx = self.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            {
                let st = self.lock();
                if !st.problems.is_empty() {
                    panic!(
                        "fake Discord problem(s) while waiting for {what}:\n{}",
                        st.problems.join("\n\n")
                    );
                }
                if let Some(v) = check(&st) {
                    return v;
                }
            }
            if tokio::time::timeout_at(deadline, rx.changed())
                .await
                .is_err()
            {
                let st = self.lock();
                if let Some(v) = check(&st) {
                    return v;
                }
                panic!(
                    "fake Discord: timed out after {timeout:?} waiting for {what}: {}",
                    describe(&st)
                );
            }
        }
    }
}

/// The fake Discord server; dropping it stops it too.
pub struct FakeDiscord {
    shared: Arc<Shared>,
    spec: GuildSpec,
    base_url: String,
    server: Option<JoinHandle<()>>,
}

async fn ws_upgrade(ws: WebSocketUpgrade, AxState(shared): AxState<Arc<Shared>>) -> Response {
    ws.on_upgrade(move |socket| gateway::run(shared, socket))
}

impl FakeDiscord {
    /// Starts the fake on 127.0.0.1 (a free port) serving `guild`.
    pub async fn start(guild: GuildSpec) -> FakeDiscord {
        let spec = guild.normalized();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("fake Discord: cannot bind 127.0.0.1:0");
        let port = listener
            .local_addr()
            .expect("fake Discord: no local address")
            .port();
        let shared = Arc::new(Shared {
            state: Mutex::new(State::new(spec.clone(), port)),
            changed: watch::channel(0).0,
            shutdown: watch::channel(false).0,
        });
        let app = Router::new()
            .route("/ws", get(ws_upgrade))
            .fallback(http::handle)
            // Bodies of any size reach the handler, which applies Discord's own upload limits
            // (`rules::check_upload_sizes`), not axum's default 2 MB.
            .layer(axum::extract::DefaultBodyLimit::disable())
            .with_state(shared.clone());
        let mut stop = shared.shutdown.subscribe();
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stop.wait_for(|s| *s).await;
                })
                .await;
        });
        FakeDiscord {
            shared,
            spec,
            base_url: format!("http://127.0.0.1:{port}"),
            server: Some(server),
        }
    }

    /// `http://127.0.0.1:PORT`, for serenity's `HttpBuilder::proxy`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The guild served (after adding the implicit @everyone role / bot member).
    pub fn guild(&self) -> &GuildSpec {
        &self.spec
    }

    /// Waits until a client sent IDENTIFY and got READY + GUILD_CREATE;
    /// returns the (latest) IDENTIFY `d` payload.
    pub async fn wait_ready(&self) -> Value {
        self.shared
            .wait_until(
                "READY",
                WAIT,
                |st| (st.ready_sent > 0).then(|| st.identifies.last().cloned().unwrap_or_default()),
                |st| {
                    let gets = st
                        .requests
                        .iter()
                        .filter(|r| r.path.starts_with("/gateway"))
                        .count();
                    format!(
                        "bot never identified on the fake gateway (GET /gateway requests: {gets}, \
                         gateway connections: {}, IDENTIFY received: {}). Is the client built with \
                         HttpBuilder::proxy(base_url()) and ratelimiter_disabled(true), and started?",
                        st.gateway_connects,
                        st.identifies.len()
                    )
                },
            )
            .await
    }

    /// Every IDENTIFY `d` payload received so far.
    pub fn identifies(&self) -> Vec<Value> {
        self.shared.lock().identifies.clone()
    }

    /// Waits until the bot registered its commands (`PUT …/commands`, guild or global).
    pub async fn wait_commands_registered(&self) {
        self.shared
            .wait_until(
                "command registration",
                WAIT,
                |st| (st.command_puts > 0).then_some(()),
                |st| {
                    format!(
                        "the bot never sent PUT /applications/{}/(guilds/{}/)commands; requests: {:?}",
                        st.spec.application_id,
                        st.spec.guild_id,
                        st.requests.iter().map(Recorded::line).collect::<Vec<_>>()
                    )
                },
            )
            .await;
    }

    /// Registered commands as the fake echoed them (with ids), global and guild.
    pub fn commands(&self) -> Vec<Value> {
        self.shared.lock().commands.clone()
    }

    async fn wait_session(&self, what: &str) {
        self.shared
            .wait_until(
                what,
                WAIT,
                |st| (!st.conns.is_empty()).then_some(()),
                |_| "no gateway session has identified".to_owned(),
            )
            .await;
    }

    /// Sends an INTERACTION_CREATE (application command) to the bot.
    pub async fn slash(&self, cmd: Slash) -> Interaction {
        let label = cmd.label();
        self.wait_session(&format!("a gateway session to send {label} to"))
            .await;
        let (rec, payload) = {
            let mut st = self.shared.lock();
            interaction::slash_payload(&mut st, &cmd)
        };
        self.send_interaction(rec, payload, label)
    }

    /// Sends an INTERACTION_CREATE (message component) to the bot.
    pub async fn click(&self, click: Click) -> Interaction {
        let label = format!("click {:?}", click.custom_id);
        self.wait_session(&format!("a gateway session to send {label} to"))
            .await;
        let (rec, payload) = {
            let mut st = self.shared.lock();
            interaction::click_payload(&mut st, &click)
        };
        self.send_interaction(rec, payload, label)
    }

    fn send_interaction(
        &self,
        rec: state::InteractionRec,
        payload: Value,
        label: String,
    ) -> Interaction {
        if let Err(e) = gateway::validate_dispatch("INTERACTION_CREATE", &payload) {
            panic!("{e}");
        }
        let interaction = Interaction {
            id: rec.id,
            token: rec.token.clone(),
            channel_id: rec.channel_id,
            user_id: rec.user_id,
            payload: payload.clone(),
            label,
            shared: self.shared.clone(),
        };
        {
            let mut st = self.shared.lock();
            st.interactions.push(rec);
            st.broadcast("INTERACTION_CREATE", payload, 0);
        }
        self.shared.bump();
        interaction
    }

    /// Sends any dispatch to every session; panics if serenity would not
    /// parse it (or would read it as an unknown event).
    pub async fn dispatch(&self, t: &str, d: Value) {
        if let Err(e) = gateway::validate_dispatch(t, &d) {
            panic!("{e}");
        }
        self.wait_session(&format!("a gateway session to send {t} to"))
            .await;
        self.shared.lock().broadcast(t, d, 0);
        self.shared.bump();
    }

    /// Like `dispatch` without any check (for events serenity does not know).
    pub async fn dispatch_unchecked(&self, t: &str, d: Value) {
        self.wait_session(&format!("a gateway session to send {t} to"))
            .await;
        let st = self.shared.lock();
        for c in &st.conns {
            let _ = c.tx.send(Outbound::Dispatch(t.to_owned(), d.clone()));
        }
    }

    /// Closes every gateway session with `close_code` (e.g. 4000 to make the
    /// client reconnect).
    pub fn drop_gateway(&self, close_code: u16) {
        let st = self.shared.lock();
        for c in &st.conns {
            let _ = c.tx.send(Outbound::Close(close_code));
        }
    }

    /// Every HTTP request received, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().requests.clone()
    }

    /// Waits (10 s) for the first request matching `pred` (including ones
    /// already received); panics naming `what`.
    pub async fn wait_request(&self, what: &str, pred: impl Fn(&Recorded) -> bool) -> Recorded {
        self.shared
            .wait_until(
                what,
                WAIT,
                |st| st.requests.iter().find(|r| pred(r)).cloned(),
                |st| {
                    format!(
                        "no matching request; received: {:?}",
                        st.requests.iter().map(Recorded::line).collect::<Vec<_>>()
                    )
                },
            )
            .await
    }

    /// Forgets the requests, interactions and uploads recorded so far, so that a long
    /// benchmark keeps the fake's memory flat; the guild, its channels and their messages, the
    /// registered commands and the refusals stay. Only between interactions the bot has
    /// finished answering.
    pub fn forget_history(&self) {
        let mut st = self.shared.lock();
        st.requests.clear();
        st.interactions.clear();
        st.uploads.clear();
    }

    /// Requests the fake had no route for (answered 404, code 0).
    pub fn unknown_routes(&self) -> Vec<Recorded> {
        self.shared.lock().unknown.clone()
    }

    /// Current guild channel objects (initial + created − deleted).
    pub fn channels(&self) -> Vec<Value> {
        self.shared.lock().channels.clone()
    }

    /// One current guild channel object.
    pub fn channel(&self, channel_id: u64) -> Option<Value> {
        self.shared.lock().channel(channel_id).cloned()
    }

    /// Changes a guild channel's permission overwrites as an administrator would in
    /// Discord's client (no request from the bot), then dispatches CHANNEL_UPDATE to the
    /// GUILDS-intent sessions. `edit` gets the overwrites as Discord writes them.
    pub fn tamper_overwrites(&self, channel_id: u64, edit: impl FnOnce(&mut Vec<Value>)) {
        self.edit_overwrites(channel_id, edit, true);
    }

    /// Like `tamper_overwrites`, but the CHANNEL_UPDATE never reaches the bot (as when the
    /// change happened while it was offline).
    pub fn tamper_overwrites_unseen(&self, channel_id: u64, edit: impl FnOnce(&mut Vec<Value>)) {
        self.edit_overwrites(channel_id, edit, false);
    }

    fn edit_overwrites(&self, channel_id: u64, edit: impl FnOnce(&mut Vec<Value>), dispatch: bool) {
        {
            let mut st = self.shared.lock();
            let ch = st
                .channel_mut(channel_id)
                .unwrap_or_else(|| panic!("no guild channel {channel_id}"));
            let mut list = ch["permission_overwrites"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            edit(&mut list);
            ch["permission_overwrites"] = Value::Array(list);
            let ch = ch.clone();
            if dispatch {
                // GUILDS intent: CHANNEL_UPDATE is a guild event.
                st.broadcast("CHANNEL_UPDATE", ch, 1);
            }
        }
        self.shared.bump();
    }

    /// Waits (10 s) until the guild channel satisfies `pred`; panics naming `what` with the
    /// channel's last state.
    pub async fn wait_channel(
        &self,
        what: &str,
        channel_id: u64,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        self.shared
            .wait_until(
                what,
                WAIT,
                |st| st.channel(channel_id).filter(|c| pred(c)).cloned(),
                |st| format!("channel now: {:?}", st.channel(channel_id)),
            )
            .await
    }

    /// Messages posted into a channel (guild or DM) with `POST /channels/{id}/messages`,
    /// oldest first, as the fake answered them (edits applied).
    pub fn messages(&self, channel_id: u64) -> Vec<Value> {
        self.shared
            .lock()
            .messages
            .get(&channel_id)
            .map(|m| m.iter().map(|m| m.json.clone()).collect())
            .unwrap_or_default()
    }

    /// The DM channel opened with `user_id`, if the bot opened one.
    pub fn dm_channel(&self, user_id: u64) -> Option<u64> {
        let st = self.shared.lock();
        st.dm_channels
            .iter()
            .find(|d| d.user_id == user_id)
            .map(|d| d.id)
    }

    /// Messages the bot sent to `user_id` in DMs.
    pub fn dms(&self, user_id: u64) -> Vec<Value> {
        self.dm_channel(user_id)
            .map(|c| self.messages(c))
            .unwrap_or_default()
    }

    /// Role ids a member holds now (without @everyone).
    pub fn member_roles(&self, user_id: u64) -> Vec<u64> {
        self.shared
            .lock()
            .spec
            .member(user_id)
            .map(|m| m.roles.clone())
            .unwrap_or_default()
    }

    /// The guild's roles now, as (id, name, permissions).
    pub fn roles(&self) -> Vec<(u64, String, u64)> {
        self.shared
            .lock()
            .spec
            .roles
            .iter()
            .map(|r| (r.id, r.name.clone(), r.permissions))
            .collect()
    }

    /// Answers the next `n` requests whose path starts with `route_prefix`
    /// (optionally preceded by a method: `"POST /channels/"`) with `status`,
    /// without applying them. 5xx bodies are Discord's `{"code": 0, "message":
    /// "503: Service Unavailable"}`; 429 answers carry Discord's body with
    /// `retry_after` 0.05 s and `Retry-After` / `X-RateLimit-*` headers
    /// (see [`FakeDiscord::rate_limit_next`] to choose `retry_after`).
    pub fn fail_next(&self, route_prefix: &str, status: u16, n: usize) {
        self.add_rule(
            route_prefix,
            FailAction::Before {
                status,
                retry_after: 0.05,
            },
            n,
        );
    }

    /// Answers the next `n` matching requests with a route-scoped 429 whose
    /// body says `retry_after` (seconds, as a float) and whose `Retry-After`
    /// header rounds it up to whole seconds, like Discord.
    pub fn rate_limit_next(&self, route_prefix: &str, retry_after: Duration, n: usize) {
        self.add_rule(
            route_prefix,
            FailAction::Before {
                status: 429,
                retry_after: retry_after.as_secs_f64(),
            },
            n,
        );
    }

    /// A lost response: the next `n` matching requests are applied (a message
    /// is stored, a channel created…) but answered with `status` instead.
    pub fn fail_next_after_apply(&self, route_prefix: &str, status: u16, n: usize) {
        self.add_rule(route_prefix, FailAction::AfterApply { status }, n);
    }

    /// A slow answer: the next `n` matching requests are applied at once but
    /// answered only after `delay` (a client with a shorter timeout sees none).
    pub fn delay_next(&self, route_prefix: &str, delay: Duration, n: usize) {
        self.add_rule(route_prefix, FailAction::Delay(delay), n);
    }

    /// Lets the next `pass` requests whose path starts with `route_prefix` through, then
    /// answers the `n` after them with `status` without applying them (like [`fail_next`]).
    pub fn fail_after(&self, route_prefix: &str, pass: usize, status: u16, n: usize) {
        self.add_rule_after(
            route_prefix,
            FailAction::Before {
                status,
                retry_after: 0.05,
            },
            pass,
            n,
        );
    }

    /// Lets the next `pass` matching requests through, then applies the `n` after them but
    /// answers them with `status` (a lost answer, like [`fail_next_after_apply`]).
    pub fn fail_after_apply_after(&self, route_prefix: &str, pass: usize, status: u16, n: usize) {
        self.add_rule_after(route_prefix, FailAction::AfterApply { status }, pass, n);
    }

    fn add_rule(&self, route_prefix: &str, action: FailAction, n: usize) {
        self.add_rule_after(route_prefix, action, 0, n);
    }

    fn add_rule_after(&self, route_prefix: &str, action: FailAction, pass: usize, n: usize) {
        let (method, prefix) = match route_prefix.split_once(' ') {
            Some((m, p)) => (Some(m.to_owned()), p.to_owned()),
            None => (None, route_prefix.to_owned()),
        };
        self.shared.lock().fail_rules.push(FailRule {
            method,
            prefix,
            action,
            pass,
            remaining: n,
        });
    }

    /// Discord's global limit: more than `limit` requests in any one-second
    /// window from one bot token (interaction callbacks and follow-ups
    /// excepted) are answered 429 with `"global": true`, `Retry-After`,
    /// `X-RateLimit-Global` and `X-RateLimit-Scope: global`. On by default at
    /// [`GLOBAL_LIMIT`] (50); `None` switches it off.
    /// Switches on the application's Server Members intent in the "developer portal": the
    /// REST member list answers (the gateway still only sends what IDENTIFY asked for).
    pub fn enable_members_intent(&self) {
        self.shared.lock().members_intent = true;
    }

    pub fn set_global_limit(&self, limit: Option<u32>) {
        let mut st = self.shared.lock();
        st.global_limit = limit;
        st.global_window.clear();
    }

    /// Requests per second as the fake saw them, from the recorded arrival
    /// instants.
    pub fn rate_report(&self) -> RateReport {
        let st = self.shared.lock();
        RateReport::from_requests(&st.requests, st.spec.application_id)
    }

    /// Adds a text channel to the guild directly (no request, no dispatch,
    /// no limit checked); `overwrites` as Discord writes them, e.g.
    /// `json!([{"id": "…", "type": 1, "allow": "0", "deny": "1024"}])`.
    pub fn add_text_channel(&self, name: &str, parent: Option<u64>, overwrites: Value) -> u64 {
        let mut st = self.shared.lock();
        let id = st.snowflake();
        let position = st.channels.len();
        let ch = st.channel_json(id, 0, name, parent, overwrites, position);
        st.channels.push(ch);
        id
    }

    /// Adds `n` pair channels directly (`binome-0`, … under categories
    /// `Binômes 1`, `Binômes 2`, … of 50 each), without requests; returns the
    /// text channels' ids. Unlike the API this ignores the 500-channel guild
    /// limit, so load tests can stand for several guilds.
    pub fn add_pair_channels(&self, n: usize) -> Vec<u64> {
        let mut st = self.shared.lock();
        let mut ids = Vec::with_capacity(n);
        let mut category = 0;
        for i in 0..n {
            if i % CATEGORY_CHANNEL_LIMIT == 0 {
                category = st.snowflake();
                let position = st.channels.len();
                let name = format!("Binômes {}", i / CATEGORY_CHANNEL_LIMIT + 1);
                let cat = st.channel_json(category, 4, &name, None, json!([]), position);
                st.channels.push(cat);
            }
            let id = st.snowflake();
            let position = st.channels.len();
            let ch = st.channel_json(
                id,
                0,
                &format!("binome-{i}"),
                Some(category),
                json!([]),
                position,
            );
            st.channels.push(ch);
            ids.push(id);
        }
        ids
    }

    /// The files attached to a reply (or any message object the fake answered with), with
    /// the bytes the bot uploaded, in order.
    pub fn files(&self, reply: &Reply) -> Vec<Upload> {
        let st = self.shared.lock();
        let from_message = reply.message_id.and_then(|id| st.find_message(id));
        let attachments = from_message
            .as_ref()
            .and_then(|m| m["attachments"].as_array().cloned())
            .filter(|a| !a.is_empty())
            .or_else(|| reply.raw["attachments"].as_array().cloned())
            .unwrap_or_default();
        attachments
            .iter()
            .filter_map(|a| st.uploads.get(&as_u64(&a["id"])?).cloned())
            .collect()
    }

    /// Guild scheduled events as they stand (created − deleted), as the fake answered them.
    pub fn scheduled_events(&self) -> Vec<Value> {
        self.shared.lock().scheduled_events.clone()
    }

    /// Declares that this test provokes refusals with Discord JSON error `code` on purpose
    /// (any number of them): `shutdown` will not panic on them.
    pub fn expect_refusal(&self, code: u64) {
        self.expect_refusal_where(&format!("code {code}"), move |r| r.code == code);
    }

    /// Declares expected the refusals matching `pred` (e.g. one route and code).
    pub fn expect_refusal_where(
        &self,
        what: &str,
        pred: impl Fn(&Refusal) -> bool + Send + 'static,
    ) {
        self.shared.lock().expected.push(Expected {
            what: what.to_owned(),
            pred: Box::new(pred),
        });
    }

    /// Every request refused because of what the bot sent (validation 400s, 401, 403 but
    /// 50007, 404/10062), expected or not; injected failures are not in it.
    pub fn refusals(&self) -> Vec<Refusal> {
        self.shared.lock().refusals.clone()
    }

    /// The refusals no `expect_refusal*` declared: `shutdown` panics listing them.
    pub fn unexpected_refusals(&self) -> Vec<Refusal> {
        let st = self.shared.lock();
        st.refusals
            .iter()
            .filter(|r| !st.is_expected(r))
            .cloned()
            .collect()
    }

    /// Inbound latency: every request (from now on) waits `delay` before the fake handles
    /// it, so deadlines are checked after the delay (a bot making two calls before its
    /// initial response under a 1.5 s delay misses the 3 s deadline).
    pub fn delay_every_request(&self, delay: Duration) {
        self.shared.lock().request_delay = delay;
    }

    /// Makes every interaction dispatched so far `by` older (to test the 15-minute token
    /// lifetime, or the 3-second deadline, without waiting).
    pub fn age_interactions(&self, by: Duration) {
        let mut st = self.shared.lock();
        for i in &mut st.interactions {
            i.aged += by;
        }
    }

    /// Changes the deadline of the initial response (Discord: 3 s) and the lifetime of
    /// interaction tokens (Discord: 15 min).
    pub fn set_interaction_deadlines(&self, initial_response: Duration, token_lifetime: Duration) {
        let mut st = self.shared.lock();
        st.initial_deadline = initial_response;
        st.token_lifetime = token_lifetime;
    }

    /// Discord's clock, for the rules that depend on the date (a scheduled event must start
    /// in the future); the wall clock by default. `TestBot` sets it to its manual clock.
    pub fn set_clock(
        &self,
        now: impl Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync + 'static,
    ) {
        self.shared.lock().clock = Some(Arc::new(now));
    }

    /// Fake-side bugs recorded so far (payloads serenity could not parse…).
    pub fn problems(&self) -> Vec<String> {
        self.shared.lock().problems.clone()
    }

    /// The id of a message object.
    pub fn id_of(v: &Value) -> u64 {
        as_u64(&v["id"]).unwrap_or_else(|| panic!("no id in {v}"))
    }

    /// Stops the server and closes gateway sessions; panics if the fake recorded problems,
    /// or refused a request because of what the bot sent that the test did not declare
    /// with [`FakeDiscord::expect_refusal`]. Stop the client first
    /// (`shard_manager.shutdown_all()`).
    pub async fn shutdown(mut self) {
        self.shared.shutdown.send_replace(true);
        if let Some(server) = self.server.take() {
            let abort = server.abort_handle();
            if tokio::time::timeout(Duration::from_secs(2), server)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
        let problems = self.problems();
        assert!(
            problems.is_empty(),
            "fake Discord problem(s):\n{}",
            problems.join("\n\n")
        );
        let refused = self.unexpected_refusals();
        assert!(
            refused.is_empty(),
            "fake Discord refused {} request(s) the real Discord would refuse too (declare \
             the ones the test provokes with expect_refusal):\n{}",
            refused.len(),
            refused
                .iter()
                .map(Refusal::line)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        // A test failing for another reason: say what Discord refused, often the cause.
        if std::thread::panicking() {
            let refused = self.unexpected_refusals();
            if !refused.is_empty() {
                eprintln!(
                    "fake Discord refused (not declared expected):\n{}",
                    refused
                        .iter()
                        .map(Refusal::line)
                        .collect::<Vec<_>>()
                        .join("\n")
                );
            }
        }
        self.shared.shutdown.send_replace(true);
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}
