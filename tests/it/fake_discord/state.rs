//! The fake's mutable state and the JSON builders for Discord objects.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::spec::{perms, GuildSpec, MemberSpec};

/// One HTTP request the fake received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Path without the `/api/v10` prefix and without the query string.
    pub path: String,
    pub query: Option<String>,
    /// JSON body (`payload_json` for multipart bodies); `Null` when empty.
    pub body: Value,
    /// When the request arrived (for requests-per-second checks).
    pub at: Instant,
    /// Status the fake answered with.
    pub status: u16,
    /// Answered 429 because of the global limit (not an injected failure).
    pub global_limited: bool,
}

impl Recorded {
    /// `"POST /channels/1/messages"`, handy in assertion messages.
    pub fn line(&self) -> String {
        format!("{} {} -> {}", self.method, self.path, self.status)
    }
}

/// A request Discord would refuse because of what the bot sent (see
/// `rules::is_violation`); `FakeDiscord::shutdown` panics on those not expected.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub method: String,
    pub path: String,
    pub status: u16,
    /// Discord's JSON error code (`0` when the body has none).
    pub code: u64,
    /// The error body the fake answered with.
    pub error: Value,
    /// The request body.
    pub request: Value,
}

impl Refusal {
    /// `"POST /channels/1/messages -> 400 50035 {…errors…}"`.
    pub fn line(&self) -> String {
        let detail = self
            .error
            .get("errors")
            .map_or_else(|| self.error["message"].to_string(), Value::to_string);
        format!(
            "{} {} -> {} {} {}",
            self.method, self.path, self.status, self.code, detail
        )
    }
}

/// A refusal a test declared it provokes on purpose.
pub(crate) struct Expected {
    pub what: String,
    pub pred: Box<dyn Fn(&Refusal) -> bool + Send>,
}

/// One answer of the bot to an interaction, as seen by the user.
#[derive(Clone, Debug)]
pub struct Reply {
    pub content: String,
    pub embeds: Vec<Value>,
    pub components: Vec<Value>,
    /// `flags & 64` of the message (or of the deferral that preceded it).
    pub ephemeral: bool,
    /// Callback type of the interaction response: 4 message, 5 deferred
    /// message (then this reply is the follow-up/edit), 6 deferred update,
    /// 7 update message, 9 modal.
    pub kind: u8,
    /// The callback's `data`, or the webhook request body.
    pub raw: Value,
    /// Id of the message this reply created or edited (None for modals).
    pub message_id: Option<u64>,
    pub channel_id: u64,
    /// `"callback"`, `"followup"`, `"edit_original"` or `"edit_followup"`.
    pub via: &'static str,
}

impl Reply {
    /// Content plus every embed's title, description, fields (name and value)
    /// and footer, newline-joined, for substring assertions. A modal gives its title.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if !self.content.is_empty() {
            parts.push(self.content.clone());
        }
        if self.kind == 9 {
            if let Some(t) = self.raw["title"].as_str() {
                parts.push(t.to_owned());
            }
        }
        for e in &self.embeds {
            parts.extend(embed_texts(e));
        }
        parts.join("\n")
    }

    /// Every `custom_id` of the reply's components (buttons, selects), in order.
    pub fn custom_ids(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.components {
            collect_custom_ids(c, &mut out);
        }
        out
    }
}

pub(crate) fn embed_texts(e: &Value) -> Vec<String> {
    let mut parts = Vec::new();
    let mut push = |v: &Value| {
        if let Some(s) = v.as_str() {
            if !s.is_empty() {
                parts.push(s.to_owned());
            }
        }
    };
    push(&e["author"]["name"]);
    push(&e["title"]);
    push(&e["description"]);
    if let Some(fields) = e["fields"].as_array() {
        for f in fields {
            push(&f["name"]);
            push(&f["value"]);
        }
    }
    push(&e["footer"]["text"]);
    parts
}

pub(crate) fn collect_custom_ids(c: &Value, out: &mut Vec<String>) {
    if let Some(id) = c["custom_id"].as_str() {
        out.push(id.to_owned());
    }
    if let Some(children) = c["components"].as_array() {
        for child in children {
            collect_custom_ids(child, out);
        }
    }
}

pub(crate) fn find_component<'a>(c: &'a Value, custom_id: &str) -> Option<&'a Value> {
    if c["custom_id"].as_str() == Some(custom_id) {
        return Some(c);
    }
    c["components"]
        .as_array()?
        .iter()
        .find_map(|child| find_component(child, custom_id))
}

/// What a gateway connection task is told to send.
pub(crate) enum Outbound {
    /// A dispatch (op 0); the connection assigns `s`.
    Dispatch(String, Value),
    /// Close the socket with this close code.
    Close(u16),
}

pub(crate) struct Conn {
    pub id: u64,
    pub tx: mpsc::UnboundedSender<Outbound>,
    pub intents: u64,
}

pub(crate) struct StoredMessage {
    pub json: Value,
    /// `nonce` as a string, when the post carried one.
    pub nonce: Option<String>,
    pub created: Instant,
}

pub(crate) struct DmChannel {
    pub id: u64,
    pub user_id: u64,
}

/// What the fake knows about one interaction it dispatched.
pub(crate) struct InteractionRec {
    pub id: u64,
    pub token: String,
    pub channel_id: u64,
    /// The invoking user.
    pub user_id: u64,
    /// The message a component interaction was clicked on.
    pub message_id: Option<u64>,
    /// Callback type once the bot acknowledged (4, 5, 6, 7, 9).
    pub callback: Option<u8>,
    pub callback_ephemeral: bool,
    /// The `@original` response message, once there is one.
    pub original: Option<Value>,
    /// Follow-up messages by id.
    pub followups: Vec<Value>,
    pub replies: Vec<Reply>,
    /// When the fake dispatched it.
    pub created: Instant,
    /// Added to its age by `FakeDiscord::age_interactions`.
    pub aged: Duration,
}

impl InteractionRec {
    /// Time since the interaction was created, as Discord counts it.
    pub fn age(&self) -> Duration {
        self.created.elapsed() + self.aged
    }
}

pub(crate) struct FailRule {
    pub method: Option<String>,
    pub prefix: String,
    pub action: FailAction,
    /// Matching requests let through before the rule applies.
    pub pass: usize,
    pub remaining: usize,
}

/// What an injected failure does to a matching request.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FailAction {
    /// Answer `status` without applying the request (429: route-scoped, `retry_after` in seconds).
    Before { status: u16, retry_after: f64 },
    /// Apply the request, then answer `status` instead of the result (a lost response).
    AfterApply { status: u16 },
    /// Apply the request, then hold the answer this long (a timeout seen by the client).
    Delay(Duration),
}

/// Discord's global limit per bot token.
pub const GLOBAL_LIMIT: u32 = 50;
/// The window the global limit is counted over.
pub const GLOBAL_WINDOW: Duration = Duration::from_secs(1);

pub(crate) struct State {
    pub spec: GuildSpec,
    pub port: u16,
    last_snowflake: u64,
    /// Guild channels, in creation order, as Discord channel objects.
    pub channels: Vec<Value>,
    pub dm_channels: Vec<DmChannel>,
    pub messages: HashMap<u64, Vec<StoredMessage>>,
    pub requests: Vec<Recorded>,
    pub unknown: Vec<Recorded>,
    pub identifies: Vec<Value>,
    pub gateway_connects: usize,
    pub ready_sent: usize,
    pub conns: Vec<Conn>,
    next_conn_id: u64,
    /// Registered commands, as echoed back (global and guild), by name.
    pub commands: Vec<Value>,
    pub command_puts: usize,
    pub interactions: Vec<InteractionRec>,
    pub fail_rules: Vec<FailRule>,
    /// Requests per second allowed per bot token (None: unlimited).
    pub global_limit: Option<u32>,
    /// Arrival of each request counted against the global limit, per token.
    pub global_window: HashMap<String, VecDeque<Instant>>,
    /// Payloads that serenity could not parse, and similar fake-side bugs.
    pub problems: Vec<String>,
    /// Guild scheduled events (created − deleted), as Discord answers them.
    pub scheduled_events: Vec<Value>,
    /// Files the bot uploaded, by attachment id.
    pub uploads: HashMap<u64, super::uploads::Upload>,
    /// The application's Server Members intent is switched on in the developer portal
    /// (`GET /guilds/{g}/members` then answers, whatever the gateway asked for).
    pub members_intent: bool,
    /// Requests refused because of what the bot sent (not injected failures).
    pub refusals: Vec<Refusal>,
    /// Refusals the test declared it expects.
    pub expected: Vec<Expected>,
    /// Inbound latency: every request waits this long before it is handled.
    pub request_delay: Duration,
    /// Deadline of the initial response to an interaction (Discord: 3 s).
    pub initial_deadline: Duration,
    /// Lifetime of an interaction token for follow-ups and edits (Discord: 15 min).
    pub token_lifetime: Duration,
    /// Discord's clock (the wall clock unless a test sets one).
    pub clock: Option<std::sync::Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>>,
}

/// Discord's epoch (2015-01-01) in ms.
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

pub(crate) fn now_iso() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Id as Discord writes it: a string.
pub(crate) fn sid(id: u64) -> Value {
    Value::String(id.to_string())
}

/// A snowflake or permission number sent either as a string or a number.
pub(crate) fn as_u64(v: &Value) -> Option<u64> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

/// Every permission: serenity's known bits plus PIN_MESSAGES (1 << 51), which serenity
/// 0.12.5 does not know.
pub(crate) fn all_permissions() -> u64 {
    serenity::model::Permissions::all().bits() | perms::PIN_MESSAGES
}

pub(crate) fn error_body(code: u64, message: &str) -> Value {
    json!({ "code": code, "message": message })
}

/// Discord's "Invalid Form Body" error with one field error; a dotted `field`
/// (`entity_metadata.location`) is nested like Discord nests it.
pub(crate) fn form_error(field: &str, code: &str, message: &str) -> Value {
    let path: Vec<String> = field.split('.').map(str::to_owned).collect();
    super::rules::form_error_at(&path, code, message)
}

impl State {
    pub fn new(spec: GuildSpec, port: u16) -> Self {
        let mut state = State {
            spec,
            port,
            last_snowflake: 0,
            channels: Vec::new(),
            dm_channels: Vec::new(),
            messages: HashMap::new(),
            requests: Vec::new(),
            unknown: Vec::new(),
            identifies: Vec::new(),
            gateway_connects: 0,
            ready_sent: 0,
            conns: Vec::new(),
            next_conn_id: 0,
            commands: Vec::new(),
            command_puts: 0,
            interactions: Vec::new(),
            fail_rules: Vec::new(),
            global_limit: Some(GLOBAL_LIMIT),
            global_window: HashMap::new(),
            problems: Vec::new(),
            scheduled_events: Vec::new(),
            uploads: HashMap::new(),
            members_intent: false,
            refusals: Vec::new(),
            expected: Vec::new(),
            request_delay: Duration::ZERO,
            initial_deadline: super::rules::INITIAL_RESPONSE_DEADLINE,
            token_lifetime: super::rules::INTERACTION_TOKEN_LIFETIME,
            clock: None,
        };
        let specs = state.spec.channels.clone();
        for (pos, c) in specs.iter().enumerate() {
            let ch = state.channel_json(
                c.id,
                c.kind,
                &c.name,
                c.parent_id,
                Value::Array(vec![]),
                pos,
            );
            state.channels.push(ch);
        }
        state
    }

    /// Discord's current time.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.as_ref().map_or_else(chrono::Utc::now, |c| c())
    }

    /// Whether a refusal was declared expected.
    pub fn is_expected(&self, r: &Refusal) -> bool {
        self.expected.iter().any(|e| (e.pred)(r))
    }

    /// A new snowflake: unique, increasing, timestamped like Discord's.
    pub fn snowflake(&mut self) -> u64 {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_millis() as u64;
        let candidate = ms.saturating_sub(DISCORD_EPOCH_MS) << 22;
        self.last_snowflake = candidate.max(self.last_snowflake + 1);
        self.last_snowflake
    }

    pub fn new_conn_id(&mut self) -> u64 {
        self.next_conn_id += 1;
        self.next_conn_id
    }

    pub fn gateway_url(&self) -> String {
        format!("ws://127.0.0.1:{}/ws", self.port)
    }

    // ----- objects -----------------------------------------------------

    pub fn user_json(&self, user_id: u64) -> Value {
        let (name, bot) = match self.spec.member(user_id) {
            Some(m) => (
                m.username.clone(),
                m.bot || user_id == self.spec.bot_user_id,
            ),
            None if user_id == self.spec.bot_user_id => (self.spec.bot_username.clone(), true),
            None => (format!("user{user_id}"), false),
        };
        json!({
            "id": sid(user_id),
            "username": name,
            "discriminator": "0",
            "global_name": null,
            "avatar": null,
            "bot": bot,
            "public_flags": 0,
        })
    }

    pub fn role_json(&self, role_id: u64) -> Option<Value> {
        let (pos, r) = self
            .spec
            .roles
            .iter()
            .enumerate()
            .find(|(_, r)| r.id == role_id)?;
        Some(json!({
            "id": sid(r.id),
            "name": r.name,
            "color": 0,
            "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
            "hoist": false,
            "icon": null,
            "unicode_emoji": null,
            "position": if r.id == self.spec.guild_id { 0 } else { pos },
            "permissions": r.permissions.to_string(),
            "managed": r.managed,
            "mentionable": false,
            "flags": 0,
        }))
    }

    pub fn roles_json(&self) -> Vec<Value> {
        self.spec
            .roles
            .iter()
            .filter_map(|r| self.role_json(r.id))
            .collect()
    }

    /// Member object; `permissions` is added for interaction payloads.
    pub fn member_json(&self, m: &MemberSpec, permissions: Option<u64>) -> Value {
        let mut v = json!({
            "user": self.user_json(m.user_id),
            "nick": null,
            "avatar": null,
            "roles": m.roles.iter().map(|r| sid(*r)).collect::<Vec<_>>(),
            "joined_at": "2024-09-01T08:00:00.000000+00:00",
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "communication_disabled_until": null,
        });
        if let Some(p) = permissions {
            v["permissions"] = Value::String(p.to_string());
        }
        v
    }

    pub fn channel_json(
        &self,
        id: u64,
        kind: u8,
        name: &str,
        parent_id: Option<u64>,
        overwrites: Value,
        position: usize,
    ) -> Value {
        let mut v = json!({
            "id": sid(id),
            "type": kind,
            "guild_id": sid(self.spec.guild_id),
            "name": name,
            "position": position,
            "parent_id": parent_id.map(sid),
            "permission_overwrites": overwrites,
            "nsfw": false,
            "flags": 0,
        });
        if kind == 0 {
            v["topic"] = Value::Null;
            v["last_message_id"] = Value::Null;
            v["rate_limit_per_user"] = json!(0);
        }
        v
    }

    pub fn channel(&self, id: u64) -> Option<&Value> {
        self.channels.iter().find(|c| as_u64(&c["id"]) == Some(id))
    }

    pub fn channel_mut(&mut self, id: u64) -> Option<&mut Value> {
        self.channels
            .iter_mut()
            .find(|c| as_u64(&c["id"]) == Some(id))
    }

    pub fn dm_channel(&self, id: u64) -> Option<&DmChannel> {
        self.dm_channels.iter().find(|d| d.id == id)
    }

    pub fn dm_channel_json(&self, dm: &DmChannel) -> Value {
        json!({
            "id": sid(dm.id),
            "type": 1,
            "last_message_id": null,
            "flags": 0,
            "recipients": [self.user_json(dm.user_id)],
        })
    }

    pub fn guild_json_base(&self) -> Value {
        let s = &self.spec;
        json!({
            "id": sid(s.guild_id),
            "name": s.name,
            "icon": null,
            "icon_hash": null,
            "splash": null,
            "discovery_splash": null,
            "owner_id": sid(s.owner_id),
            "afk_channel_id": null,
            "afk_timeout": 300,
            "widget_enabled": false,
            "widget_channel_id": null,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "roles": self.roles_json(),
            "emojis": [],
            "features": [],
            "mfa_level": 0,
            "application_id": null,
            "system_channel_id": null,
            "system_channel_flags": 0,
            "rules_channel_id": null,
            "max_presences": null,
            "max_members": 500000,
            "vanity_url_code": null,
            "description": null,
            "banner": null,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": s.preferred_locale,
            "public_updates_channel_id": null,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "nsfw_level": 0,
            "stickers": [],
            "premium_progress_bar_enabled": false,
            "safety_alerts_channel_id": null,
        })
    }

    /// GUILD_CREATE as Discord sends it to a bot with `intents`: without the
    /// privileged GUILD_MEMBERS intent (1 << 1) only the bot's own member is listed.
    pub fn guild_create_json(&self, intents: u64) -> Value {
        let mut g = self.guild_json_base();
        let members: Vec<Value> = self
            .spec
            .members
            .iter()
            .filter(|m| intents & (1 << 1) != 0 || m.user_id == self.spec.bot_user_id)
            .map(|m| self.member_json(m, None))
            .collect();
        let extra = json!({
            "joined_at": "2024-09-01T08:00:00.000000+00:00",
            "large": false,
            "unavailable": false,
            "member_count": self.spec.members.len(),
            "voice_states": [],
            "members": members,
            "channels": self.channels,
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        });
        if let (Some(g), Value::Object(extra)) = (g.as_object_mut(), extra) {
            g.extend(extra);
        }
        g
    }

    pub fn ready_json(&self, session: u64) -> Value {
        json!({
            "v": 10,
            "user": {
                "id": sid(self.spec.bot_user_id),
                "username": self.spec.bot_username,
                "discriminator": "0",
                "global_name": null,
                "avatar": null,
                "bot": true,
                "verified": true,
                "mfa_enabled": false,
                "flags": 0,
            },
            "guilds": [ { "id": sid(self.spec.guild_id), "unavailable": true } ],
            "session_id": format!("fake-session-{session}"),
            "resume_gateway_url": self.gateway_url(),
            "shard": [0, 1],
            "application": { "id": sid(self.spec.application_id), "flags": 0 },
            "private_channels": [],
            "presences": [],
            "relationships": [],
            "guild_join_requests": [],
            "user_settings": {},
        })
    }

    pub fn application_json(&self) -> Value {
        json!({
            "id": sid(self.spec.application_id),
            "name": self.spec.bot_username,
            "icon": null,
            "description": "",
            "rpc_origins": [],
            "bot_public": false,
            "bot_require_code_grant": false,
            "owner": self.user_json(self.spec.owner_id),
            "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
            "team": null,
            // GATEWAY_GUILD_MEMBERS_LIMITED: the portal toggle of an unverified app.
            "flags": if self.members_intent { 1 << 15 } else { 0 },
            "bot": self.user_json(self.spec.bot_user_id),
            "integration_types_config": {},
        })
    }

    // ----- permissions ---------------------------------------------------

    /// Guild-level permissions of a user (owner and ADMINISTRATOR: everything).
    pub fn base_permissions(&self, user_id: u64) -> u64 {
        if user_id == self.spec.owner_id {
            return all_permissions();
        }
        let everyone = self
            .spec
            .role(self.spec.guild_id)
            .map_or(0, |r| r.permissions);
        let mut p = everyone;
        if let Some(m) = self.spec.member(user_id) {
            for r in &m.roles {
                p |= self.spec.role(*r).map_or(0, |r| r.permissions);
            }
        }
        if p & perms::ADMINISTRATOR != 0 {
            return all_permissions();
        }
        p
    }

    /// Permissions of a user in a channel, with the channel's overwrites
    /// applied the way Discord does (@everyone, then roles, then member).
    pub fn channel_permissions(&self, user_id: u64, channel_id: u64) -> u64 {
        let base = self.base_permissions(user_id);
        if base == all_permissions() {
            return base;
        }
        let Some(ch) = self.channel(channel_id) else {
            return base;
        };
        let overwrites = ch["permission_overwrites"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let ow = |pred: &dyn Fn(u64, u64) -> bool| -> (u64, u64) {
            overwrites
                .iter()
                .filter(|o| {
                    let id = as_u64(&o["id"]).unwrap_or(0);
                    let kind = overwrite_kind(&o["type"]);
                    pred(id, kind)
                })
                .fold((0, 0), |(a, d), o| {
                    (
                        a | as_u64(&o["allow"]).unwrap_or(0),
                        d | as_u64(&o["deny"]).unwrap_or(0),
                    )
                })
        };
        let guild_id = self.spec.guild_id;
        let roles: Vec<u64> = self
            .spec
            .member(user_id)
            .map(|m| m.roles.clone())
            .unwrap_or_default();
        let mut p = base;
        let (a, d) = ow(&|id, kind| kind == 0 && id == guild_id);
        p = (p & !d) | a;
        let (a, d) = ow(&|id, kind| kind == 0 && id != guild_id && roles.contains(&id));
        p = (p & !d) | a;
        let (a, d) = ow(&|id, kind| kind == 1 && id == user_id);
        (p & !d) | a
    }

    // ----- gateway ------------------------------------------------------

    /// Sends a dispatch to every identified connection whose intents include
    /// one of `intents` (0: always). The payload is first checked with serenity.
    pub fn broadcast(&mut self, t: &str, d: Value, intents: u64) {
        if let Err(e) = super::gateway::validate_dispatch(t, &d) {
            self.problems.push(e);
            return;
        }
        self.conns.retain(|c| {
            if intents != 0 && c.intents & intents == 0 {
                return true;
            }
            c.tx.send(Outbound::Dispatch(t.to_owned(), d.clone()))
                .is_ok()
        });
    }

    pub fn interaction_by_token(&mut self, token: &str) -> Option<&mut InteractionRec> {
        self.interactions.iter_mut().find(|i| i.token == token)
    }

    /// Finds a message by id among channel messages and interaction responses.
    pub fn find_message(&self, message_id: u64) -> Option<Value> {
        for msgs in self.messages.values() {
            if let Some(m) = msgs
                .iter()
                .find(|m| as_u64(&m.json["id"]) == Some(message_id))
            {
                return Some(m.json.clone());
            }
        }
        for i in &self.interactions {
            for m in i.original.iter().chain(i.followups.iter()) {
                if as_u64(&m["id"]) == Some(message_id) {
                    return Some(m.clone());
                }
            }
        }
        None
    }
}

/// Overwrite `type`: 0 role, 1 member (also accepts "role"/"member").
pub(crate) fn overwrite_kind(v: &Value) -> u64 {
    match v {
        Value::String(s) if s == "member" => 1,
        Value::String(s) if s == "role" => 0,
        other => as_u64(other).unwrap_or(0),
    }
}
