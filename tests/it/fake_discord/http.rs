//! The REST API under `/api/v10`. One handler records every request, applies
//! injected failures, then routes by method and path segments.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::messages::{apply_edit, NewMessage};
use super::rules::{self, check_message_body, nonce_key, Checked, NONCE_WINDOW};
use super::spec::perms;
use super::state::{
    as_u64, error_body, form_error, overwrite_kind, sid, DmChannel, FailAction, Recorded, Refusal,
    Reply, State, StoredMessage, GLOBAL_WINDOW,
};
use super::Shared;

pub use super::rules::{CATEGORY_CHANNEL_LIMIT, GUILD_CHANNEL_LIMIT};

mod roles;
mod scheduled_events;

pub use roles::GUILD_ROLE_LIMIT;

const GUILD_MESSAGES: u64 = 1 << 9;
const DIRECT_MESSAGES: u64 = 1 << 12;
const GUILDS: u64 = 1;

pub(crate) struct Resp {
    pub status: u16,
    pub body: Option<Value>,
    pub headers: Vec<(&'static str, String)>,
    pub unknown: bool,
}

impl Resp {
    fn ok(v: Value) -> Self {
        Resp {
            status: 200,
            body: Some(v),
            headers: Vec::new(),
            unknown: false,
        }
    }
    fn created(v: Value) -> Self {
        Resp {
            status: 201,
            ..Resp::ok(v)
        }
    }
    fn no_content() -> Self {
        Resp {
            status: 204,
            body: None,
            headers: Vec::new(),
            unknown: false,
        }
    }
    fn err(status: u16, body: Value) -> Self {
        Resp {
            status,
            ..Resp::ok(body)
        }
    }
    fn not_found(code: u64, message: &str) -> Self {
        Resp::err(404, error_body(code, message))
    }
    fn missing_permissions() -> Self {
        Resp::refused(rules::missing_permissions())
    }
    fn refused((status, body): rules::Refused) -> Self {
        Resp::err(status, body)
    }
    fn unknown_route() -> Self {
        Resp {
            unknown: true,
            ..Resp::not_found(0, "404: Not Found")
        }
    }
}

impl IntoResponse for Resp {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = match self.body {
            Some(b) => (status, axum::Json(b)).into_response(),
            None => status.into_response(),
        };
        for (k, v) in self.headers {
            if let Ok(v) = HeaderValue::from_str(&v) {
                resp.headers_mut().insert(k, v);
            }
        }
        resp
    }
}

fn parse_body(headers: &HeaderMap, body: &Bytes) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let text = String::from_utf8_lossy(body);
    if let Some(boundary) = ct
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    {
        let boundary = format!("--{}", boundary.trim_matches('"'));
        for part in text.split(boundary.as_str()) {
            if let Some((head, content)) = part.split_once("\r\n\r\n") {
                if head.contains("name=\"payload_json\"") {
                    let content = content.trim_end_matches("\r\n");
                    return serde_json::from_str(content)
                        .unwrap_or_else(|_| Value::String(content.to_owned()));
                }
            }
        }
        return Value::String(text.into_owned());
    }
    serde_json::from_str(&text).unwrap_or_else(|_| Value::String(text.into_owned()))
}

pub async fn handle(
    AxState(shared): AxState<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Inbound latency (`FakeDiscord::delay_every_request`): the request is handled, and its
    // deadlines checked, only after it.
    let inbound = shared.lock().request_delay;
    if !inbound.is_zero() {
        tokio::time::sleep(inbound).await;
    }
    let at = Instant::now();
    let full = uri.path().to_owned();
    if let Some(rest) = full.strip_prefix("/attachments/") {
        return super::uploads::serve(&shared, rest);
    }
    let api_path = full.strip_prefix("/api/v10").map(str::to_owned);
    let path = api_path.clone().unwrap_or_else(|| full.clone());
    let query = uri.query().map(str::to_owned);
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let files = super::uploads::multipart_files(&headers, &body);
    let oversized = rules::check_upload_sizes(files.iter().map(|(_, f)| f.bytes.len())).err();
    let mut body = parse_body(&headers, &body);
    let method = method.as_str().to_owned();
    let (resp, delay) = {
        let mut st = shared.lock();
        super::uploads::attach(&mut st, &mut body, files);
        let limited = api_path
            .as_ref()
            .and_then(|p| global_rate_limit(&mut st, &token, p));
        let global_limited = limited.is_some();
        let mut injected = false;
        let mut delay = None;
        let resp = match (limited, &api_path, oversized) {
            (Some(r), _, _) => r,
            (None, None, _) => Resp::unknown_route(),
            (None, Some(_), Some(refused)) => Resp::refused(refused),
            (None, Some(p), None) => match injected_failure(&mut st, &method, &path, false) {
                Some(FailAction::Before {
                    status,
                    retry_after,
                }) => {
                    injected = true;
                    failure_resp(status, retry_after)
                }
                _ => {
                    let segs: Vec<&str> = p.trim_matches('/').split('/').collect();
                    let applied = route(&mut st, &method, &segs, query.as_deref(), &body);
                    match injected_failure(&mut st, &method, &path, true) {
                        Some(FailAction::AfterApply { status }) => {
                            injected = true;
                            failure_resp(status, 0.05)
                        }
                        Some(FailAction::Delay(d)) => {
                            delay = Some(d);
                            applied
                        }
                        _ => applied,
                    }
                }
            },
        };
        let rec = Recorded {
            method,
            path,
            query,
            body,
            at,
            status: resp.status,
            global_limited,
        };
        if resp.unknown {
            st.unknown.push(rec.clone());
        }
        if !injected && !global_limited {
            let code = resp
                .body
                .as_ref()
                .and_then(|b| b["code"].as_u64())
                .unwrap_or(0);
            if rules::is_violation(resp.status, code) {
                st.refusals.push(Refusal {
                    method: rec.method.clone(),
                    path: rec.path.clone(),
                    status: resp.status,
                    code,
                    error: resp.body.clone().unwrap_or(Value::Null),
                    request: rec.body.clone(),
                });
            }
        }
        st.requests.push(rec);
        (resp, delay)
    };
    shared.bump();
    if let Some(d) = delay {
        tokio::time::sleep(d).await;
    }
    resp.into_response()
}

/// Interaction callbacks and interaction webhooks (follow-ups, `@original`)
/// are not bound by the global limit, as on Discord.
pub(crate) fn exempt_from_global_limit(path: &str, application_id: u64) -> bool {
    path.starts_with("/interactions/") || path.starts_with(&format!("/webhooks/{application_id}/"))
}

/// Discord's global limit: at most `global_limit` requests in any one-second
/// window per bot token. A request past it is answered 429 (`global: true`)
/// and, like the answer says, not applied; it does not count itself.
fn global_rate_limit(st: &mut State, token: &str, path: &str) -> Option<Resp> {
    let limit = st.global_limit?;
    if exempt_from_global_limit(path, st.spec.application_id) {
        return None;
    }
    let now = Instant::now();
    let window = st.global_window.entry(token.to_owned()).or_default();
    while window.front().is_some_and(|t| *t + GLOBAL_WINDOW <= now) {
        window.pop_front();
    }
    if window.len() < limit as usize {
        window.push_back(now);
        return None;
    }
    let wait = window.front().map_or(GLOBAL_WINDOW, |t| {
        (*t + GLOBAL_WINDOW).saturating_duration_since(now)
    });
    // Discord gives the body's `retry_after` in seconds with ms precision and
    // the `Retry-After` header rounded up to whole seconds.
    let retry_after = (wait.as_secs_f64() * 1000.0).ceil().max(1.0) / 1000.0;
    Some(Resp {
        headers: vec![
            ("retry-after", format!("{}", retry_after.ceil() as u64)),
            ("x-ratelimit-global", "true".to_owned()),
            ("x-ratelimit-scope", "global".to_owned()),
        ],
        ..Resp::err(
            429,
            json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": true}),
        )
    })
}

/// Takes one use of the first matching rule of the given kind (`after_apply`
/// selects `AfterApply` / `Delay` rules, otherwise `Before` rules).
fn injected_failure(
    st: &mut State,
    method: &str,
    path: &str,
    after_apply: bool,
) -> Option<FailAction> {
    let rule = st.fail_rules.iter_mut().find(|r| {
        r.remaining > 0
            && r.method.as_deref().is_none_or(|m| m == method)
            && path.starts_with(&r.prefix)
            && matches!(r.action, FailAction::Before { .. }) != after_apply
    })?;
    if rule.pass > 0 {
        rule.pass -= 1;
        return None;
    }
    rule.remaining -= 1;
    Some(rule.action)
}

/// An injected failure as Discord words it: a route-scoped 429 with
/// `retry_after` (body, seconds) and the `Retry-After` / `X-RateLimit-*`
/// headers, or `{"code": 0, "message": "503: Service Unavailable"}`.
fn failure_resp(status: u16, retry_after: f64) -> Resp {
    if status == 429 {
        Resp {
            headers: vec![
                (
                    "retry-after",
                    format!("{}", retry_after.ceil().max(1.0) as u64),
                ),
                ("x-ratelimit-limit", "5".to_owned()),
                ("x-ratelimit-remaining", "0".to_owned()),
                ("x-ratelimit-reset-after", format!("{retry_after:.3}")),
                ("x-ratelimit-bucket", "fake-bucket".to_owned()),
                ("x-ratelimit-scope", "user".to_owned()),
            ],
            ..Resp::err(
                429,
                json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": false}),
            )
        }
    } else {
        let reason = StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        Resp::err(status, error_body(0, &format!("{status}: {reason}")))
    }
}

/// Parses `v` with serenity's type `T`; a failure is a bug of the fake and is
/// reported through `problems` (every wait then panics with it).
fn checked<T: DeserializeOwned>(st: &mut State, what: &str, v: Value) -> Value {
    if let Err(e) = serde_json::from_str::<T>(&v.to_string()) {
        st.problems.push(format!(
            "the fake answered {what} with JSON serenity cannot parse as {}: {e}\njson: {v}",
            std::any::type_name::<T>()
        ));
    }
    v
}

fn id(seg: &str) -> Option<u64> {
    seg.parse().ok()
}

fn route(st: &mut State, method: &str, segs: &[&str], query: Option<&str>, body: &Value) -> Resp {
    use serenity::model::application::CurrentApplicationInfo;
    use serenity::model::channel::{GuildChannel, Message, PrivateChannel};
    use serenity::model::guild::{Member, PartialGuild, Role};
    use serenity::model::user::CurrentUser;

    let app = st.spec.application_id;
    let guild = st.spec.guild_id;
    match (method, segs) {
        ("GET", ["gateway"]) => Resp::ok(json!({ "url": st.gateway_url() })),
        ("GET", ["gateway", "bot"]) => Resp::ok(json!({
            "url": st.gateway_url(),
            "shards": 1,
            "session_start_limit": {
                "total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1
            }
        })),
        ("GET", ["oauth2", "applications", "@me"] | ["applications", "@me"]) => {
            let v = st.application_json();
            Resp::ok(checked::<CurrentApplicationInfo>(st, "GET application", v))
        }
        ("GET", ["users", "@me"]) => {
            let mut v = st.user_json(st.spec.bot_user_id);
            v["verified"] = json!(true);
            v["mfa_enabled"] = json!(false);
            Resp::ok(checked::<CurrentUser>(st, "GET /users/@me", v))
        }
        (_, ["applications", a, ..]) if id(a) != Some(app) => {
            Resp::not_found(10002, "Unknown Application")
        }
        (_, ["applications", _, "guilds", g, "commands", ..]) if id(g) != Some(guild) => {
            Resp::not_found(10004, "Unknown Guild")
        }
        ("PUT", ["applications", _, "commands"]) => put_commands(st, None, body),
        ("PUT", ["applications", _, "guilds", _, "commands"]) => {
            put_commands(st, Some(guild), body)
        }
        ("GET", ["applications", _, "commands"]) => list_commands(st, None),
        ("GET", ["applications", _, "guilds", _, "commands"]) => list_commands(st, Some(guild)),
        ("POST", ["applications", _, "commands"]) => upsert_command(st, None, body),
        ("POST", ["applications", _, "guilds", _, "commands"]) => {
            upsert_command(st, Some(guild), body)
        }
        ("POST", ["interactions", iid, token, "callback"]) => {
            interaction_callback(st, id(iid), token, body)
        }
        (_, ["webhooks", a, ..]) if id(a) != Some(app) => Resp::not_found(10015, "Unknown Webhook"),
        ("POST", ["webhooks", _, token]) => {
            let r = followup(st, token, body);
            check_message_resp::<Message>(st, "POST webhook follow-up", r)
        }
        (m, ["webhooks", _, token, "messages", mid]) => {
            let r = webhook_message(st, m, token, mid, body);
            check_message_resp::<Message>(st, "webhook message", r)
        }
        (_, ["guilds", g, ..]) if id(g) != Some(guild) => Resp::not_found(10004, "Unknown Guild"),
        ("GET", ["guilds", _]) => {
            let mut v = st.guild_json_base();
            if query.is_some_and(|q| q.contains("with_counts=true")) {
                v["approximate_member_count"] = json!(st.spec.members.len());
                v["approximate_presence_count"] = json!(0);
            }
            Resp::ok(checked::<PartialGuild>(st, "GET /guilds/{g}", v))
        }
        ("GET", ["guilds", _, "roles"]) => {
            let v = Value::Array(st.roles_json());
            Resp::ok(checked::<Vec<Role>>(st, "GET roles", v))
        }
        ("POST", ["guilds", _, "roles"]) => roles::create(st, body),
        ("PUT" | "DELETE", ["guilds", _, "members", u, "roles", r]) => {
            roles::member_role(st, method == "PUT", u, r)
        }
        ("GET", ["guilds", _, "members", u]) => {
            match id(u).and_then(|u| st.spec.member(u).cloned()) {
                Some(m) => {
                    let v = st.member_json(&m, None);
                    Resp::ok(checked::<Member>(st, "GET member", v))
                }
                None => Resp::not_found(10007, "Unknown Member"),
            }
        }
        ("GET", ["guilds", _, "members"]) => list_members(st, query),
        (m, ["guilds", _, "scheduled-events", rest @ ..]) => {
            scheduled_events::route(st, m, rest, query, body)
        }
        ("GET", ["guilds", _, "channels"]) => {
            let v = Value::Array(st.channels.clone());
            Resp::ok(checked::<Vec<GuildChannel>>(st, "GET channels", v))
        }
        ("POST", ["guilds", _, "channels"]) => {
            let r = create_channel(st, body);
            check_message_resp::<GuildChannel>(st, "POST channel", r)
        }
        ("PATCH", ["guilds", _, "channels"]) => {
            if !has_guild_perm(st, perms::MANAGE_CHANNELS) {
                return Resp::missing_permissions();
            }
            for p in body.as_array().cloned().unwrap_or_default() {
                if let (Some(cid), Some(pos)) = (as_u64(&p["id"]), p["position"].as_u64()) {
                    if let Some(c) = st.channel_mut(cid) {
                        c["position"] = json!(pos);
                    }
                }
            }
            Resp::no_content()
        }
        ("POST", ["users", "@me", "channels"]) => {
            let Some(user) = as_u64(&body["recipient_id"]) else {
                return Resp::err(
                    400,
                    form_error(
                        "recipient_id",
                        "BASE_TYPE_REQUIRED",
                        "This field is required",
                    ),
                );
            };
            if st.spec.member(user).is_none() {
                return Resp::not_found(10013, "Unknown User");
            }
            let existing = st.dm_channels.iter().position(|d| d.user_id == user);
            let idx = match existing {
                Some(i) => i,
                None => {
                    let cid = st.snowflake();
                    st.dm_channels.push(DmChannel {
                        id: cid,
                        user_id: user,
                    });
                    st.dm_channels.len() - 1
                }
            };
            let v = st.dm_channel_json(&st.dm_channels[idx]);
            Resp::ok(checked::<PrivateChannel>(st, "POST /users/@me/channels", v))
        }
        (_, ["channels", c, ..])
            if id(c).is_none_or(|c| st.channel(c).is_none() && st.dm_channel(c).is_none()) =>
        {
            Resp::not_found(10003, "Unknown Channel")
        }
        ("GET", ["channels", c]) => {
            let c = id(c).unwrap_or(0);
            match st.channel(c).cloned() {
                Some(v) => Resp::ok(checked::<GuildChannel>(st, "GET channel", v)),
                None => {
                    let dm = st.dm_channel(c).map(|d| st.dm_channel_json(d));
                    match dm {
                        Some(v) => Resp::ok(checked::<PrivateChannel>(st, "GET channel", v)),
                        None => Resp::not_found(10003, "Unknown Channel"),
                    }
                }
            }
        }
        ("PATCH", ["channels", c]) => {
            let r = edit_channel(st, id(c).unwrap_or(0), body);
            check_message_resp::<GuildChannel>(st, "PATCH channel", r)
        }
        ("DELETE", ["channels", c]) => {
            let r = delete_channel(st, id(c).unwrap_or(0));
            check_message_resp::<GuildChannel>(st, "DELETE channel", r)
        }
        ("PUT" | "DELETE", ["channels", c, "permissions", ow]) => {
            set_overwrite(st, method, id(c).unwrap_or(0), id(ow), body)
        }
        ("POST", ["channels", c, "messages"]) => {
            let r = create_message(st, id(c).unwrap_or(0), body);
            check_message_resp::<Message>(st, "POST message", r)
        }
        ("GET", ["channels", c, "messages"]) => {
            let c = id(c).unwrap_or(0);
            if st.channel(c).is_some() {
                let p = st.channel_permissions(st.spec.bot_user_id, c);
                if p & perms::VIEW_CHANNEL == 0 {
                    return Resp::refused(rules::missing_access());
                }
                if p & perms::READ_MESSAGE_HISTORY == 0 {
                    // Discord: no history, no messages (and no error).
                    return Resp::ok(json!([]));
                }
            }
            let limit = query_param(query, "limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(50usize);
            let msgs: Vec<Value> = st
                .messages
                .get(&c)
                .map(|m| m.iter().rev().take(limit).map(|m| m.json.clone()).collect())
                .unwrap_or_default();
            Resp::ok(checked::<Vec<Message>>(
                st,
                "GET messages",
                Value::Array(msgs),
            ))
        }
        (m, ["channels", c, "messages", mid]) if *mid != "bulk-delete" && *mid != "pins" => {
            let r = channel_message(st, m, id(c).unwrap_or(0), id(mid), body);
            check_message_resp::<Message>(st, "channel message", r)
        }
        (
            "PUT" | "DELETE",
            ["channels", c, "pins", mid] | ["channels", c, "messages", "pins", mid],
        ) => pin(st, method == "PUT", id(c).unwrap_or(0), id(mid)),
        ("GET", ["channels", c, "messages", "pins"]) => list_pins(st, id(c).unwrap_or(0), false),
        ("GET", ["channels", c, "pins"]) => list_pins(st, id(c).unwrap_or(0), true),
        _ => Resp::unknown_route(),
    }
}

/// Checks a successful JSON answer with serenity's `T`.
fn check_message_resp<T: DeserializeOwned>(st: &mut State, what: &str, r: Resp) -> Resp {
    match r.body {
        Some(b) if r.status < 300 => Resp {
            body: Some(checked::<T>(st, what, b)),
            ..r
        },
        _ => r,
    }
}

fn query_param<'a>(query: Option<&'a str>, key: &str) -> Option<&'a str> {
    query?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

fn has_guild_perm(st: &State, p: u64) -> bool {
    st.base_permissions(st.spec.bot_user_id) & p == p
}

// ----- commands -------------------------------------------------------------

fn command_echo(st: &mut State, guild: Option<u64>, cmd: &Value) -> Value {
    let name = cmd["name"].as_str().unwrap_or("").to_owned();
    let kind = cmd["type"].as_u64().unwrap_or(1);
    let existing = st
        .commands
        .iter()
        .find(|c| {
            c["name"].as_str() == Some(&name)
                && c["type"].as_u64() == Some(kind)
                && as_u64(&c["guild_id"]) == guild
        })
        .and_then(|c| as_u64(&c["id"]));
    let cid = match existing {
        Some(i) => i,
        None => st.snowflake(),
    };
    let version = st.snowflake();
    let mut v = cmd.clone();
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), sid(cid));
        o.insert("application_id".into(), sid(st.spec.application_id));
        o.insert("version".into(), sid(version));
        o.insert("type".into(), json!(kind));
        o.insert("guild_id".into(), guild.map_or(Value::Null, sid));
        o.entry("description").or_insert_with(|| json!(""));
        o.entry("default_member_permissions").or_insert(Value::Null);
        o.entry("nsfw").or_insert(json!(false));
        if o.get("options").is_none_or(Value::is_null) {
            o.remove("options");
        }
    }
    v
}

fn put_commands(st: &mut State, guild: Option<u64>, body: &Value) -> Resp {
    let Some(cmds) = body.as_array() else {
        return Resp::err(400, form_error("_", "BASE_TYPE_ARRAY", "Must be an array."));
    };
    if let Err(r) = rules::check_command_list(cmds) {
        return Resp::refused(r);
    }
    let echoed: Vec<Value> = cmds.iter().map(|c| command_echo(st, guild, c)).collect();
    st.commands.retain(|c| as_u64(&c["guild_id"]) != guild);
    st.commands.extend(echoed.iter().cloned());
    st.command_puts += 1;
    let v = Value::Array(echoed);
    Resp::ok(checked::<Vec<serenity::model::application::Command>>(
        st,
        "PUT commands",
        v,
    ))
}

fn upsert_command(st: &mut State, guild: Option<u64>, body: &Value) -> Resp {
    if let Err(r) = rules::check_command(&[], body) {
        return Resp::refused(r);
    }
    let chat_input = |c: &Value| c["type"].as_u64().unwrap_or(1) == 1;
    if chat_input(body) {
        let name = body["name"].as_str();
        let others = st
            .commands
            .iter()
            .filter(|c| as_u64(&c["guild_id"]) == guild && chat_input(c))
            .filter(|c| c["name"].as_str() != name)
            .count();
        if let Err(r) = rules::check_command_count(others + 1) {
            return Resp::refused(r);
        }
    }
    let v = command_echo(st, guild, body);
    let cid = as_u64(&v["id"]);
    st.commands
        .retain(|c| !(as_u64(&c["id"]) == cid && as_u64(&c["guild_id"]) == guild));
    st.commands.push(v.clone());
    st.command_puts += 1;
    Resp::created(checked::<serenity::model::application::Command>(
        st,
        "POST command",
        v,
    ))
}

fn list_commands(st: &mut State, guild: Option<u64>) -> Resp {
    let v: Vec<Value> = st
        .commands
        .iter()
        .filter(|c| as_u64(&c["guild_id"]) == guild)
        .cloned()
        .collect();
    Resp::ok(Value::Array(v))
}

fn list_members(st: &mut State, query: Option<&str>) -> Resp {
    // Discord only lists members to apps with the privileged GUILD_MEMBERS intent.
    // Enabled in the portal, or asked for on the gateway (which needs it enabled).
    if !st.members_intent
        && !st
            .identifies
            .iter()
            .any(|d| d["intents"].as_u64().unwrap_or(0) & (1 << 1) != 0)
    {
        return Resp::err(403, error_body(50001, "Missing Access"));
    }
    let limit = match query_param(query, "limit").map(str::parse::<usize>) {
        None => 1,
        Some(Ok(l)) if (1..=rules::MEMBER_LIST_MAX).contains(&l) => l,
        Some(_) => {
            return Resp::err(
                400,
                rules::form_error_at(
                    &["limit".to_owned()],
                    "NUMBER_TYPE_MAX",
                    "int value should be less than or equal to 1000.",
                ),
            )
        }
    };
    let after = query_param(query, "after")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0u64);
    let mut members = st.spec.members.clone();
    members.sort_by_key(|m| m.user_id);
    let v: Vec<Value> = members
        .iter()
        .filter(|m| m.user_id > after)
        .take(limit)
        .map(|m| st.member_json(m, None))
        .collect();
    Resp::ok(Value::Array(v))
}

// ----- interactions --------------------------------------------------------

fn interaction_callback(st: &mut State, iid: Option<u64>, token: &str, body: &Value) -> Resp {
    let kind = body["type"].as_u64().unwrap_or(0) as u8;
    let data = body["data"].clone();
    let Some(rec) = st
        .interactions
        .iter()
        .find(|i| i.token == token && Some(i.id) == iid)
    else {
        return Resp::not_found(10062, "Unknown interaction");
    };
    if rec.callback.is_some() {
        return Resp::refused(rules::already_acknowledged());
    }
    if let Err(r) = rules::check_initial_response(rec.age(), st.initial_deadline) {
        return Resp::refused(r);
    }
    let channel_id = rec.channel_id;
    let clicked = rec.message_id;
    let guild = st.channel(channel_id).is_some();
    let ephemeral = data["flags"].as_u64().unwrap_or(0) & 64 != 0;
    match kind {
        4 | 5 => {
            if kind == 4 {
                if let Err((s, e)) = check_message_body(&data, true) {
                    return Resp::err(s, e);
                }
            }
            let mid = st.snowflake();
            let mut msg_body = if kind == 4 { data.clone() } else { json!({}) };
            let mut flags = data["flags"].as_u64().unwrap_or(0) & 64;
            if kind == 5 {
                flags |= 128; // LOADING
            }
            msg_body["flags"] = json!(flags);
            let msg = st.build_message(
                mid,
                NewMessage {
                    channel_id,
                    guild,
                    body: &msg_body,
                    interaction_reply: true,
                    kind: if clicked.is_some() { 0 } else { 20 },
                },
            );
            let reply = (kind == 4).then(|| {
                reply_from(
                    &msg,
                    kind,
                    &data,
                    Some(mid),
                    channel_id,
                    "callback",
                    ephemeral,
                )
            });
            let Some(rec) = st.interaction_by_token(token) else {
                return Resp::not_found(10062, "Unknown interaction");
            };
            rec.callback = Some(kind);
            rec.callback_ephemeral = ephemeral;
            rec.original = Some(msg);
            rec.replies.extend(reply);
        }
        6 | 7 => {
            let Some(mid) = clicked else {
                return Resp::err(
                    400,
                    form_error(
                        "type",
                        "INTERACTION_RESPONSE_TYPE_INVALID",
                        "Interaction response type is invalid for this interaction",
                    ),
                );
            };
            let mut reply = None;
            if kind == 7 {
                if let Err((s, e)) = check_message_body(&data, false) {
                    return Resp::err(s, e);
                }
                match edit_any_message(st, mid, &data) {
                    Some(msg) => {
                        let eph = msg["flags"].as_u64().unwrap_or(0) & 64 != 0;
                        reply = Some(reply_from(
                            &msg,
                            kind,
                            &data,
                            Some(mid),
                            channel_id,
                            "callback",
                            eph,
                        ));
                    }
                    None => return Resp::not_found(10008, "Unknown Message"),
                }
            }
            let Some(rec) = st.interaction_by_token(token) else {
                return Resp::not_found(10062, "Unknown interaction");
            };
            rec.callback = Some(kind);
            rec.replies.extend(reply);
        }
        9 => {
            if let Err(r) = rules::check_modal(&data) {
                return Resp::refused(r);
            }
            let Some(rec) = st.interaction_by_token(token) else {
                return Resp::not_found(10062, "Unknown interaction");
            };
            rec.callback = Some(9);
            rec.replies.push(Reply {
                content: String::new(),
                embeds: Vec::new(),
                components: data["components"].as_array().cloned().unwrap_or_default(),
                ephemeral: false,
                kind: 9,
                raw: data,
                message_id: None,
                channel_id,
                via: "callback",
            });
        }
        8 => {
            if let Err(r) = rules::check_autocomplete(&data) {
                return Resp::refused(r);
            }
            let Some(rec) = st.interaction_by_token(token) else {
                return Resp::not_found(10062, "Unknown interaction");
            };
            rec.callback = Some(8);
            rec.replies.push(Reply {
                content: String::new(),
                embeds: Vec::new(),
                components: Vec::new(),
                ephemeral: false,
                kind: 8,
                raw: data,
                message_id: None,
                channel_id,
                via: "callback",
            });
        }
        1 | 10 | 12 => {
            if let Some(rec) = st.interaction_by_token(token) {
                rec.callback = Some(kind);
            }
        }
        _ => {
            return Resp::err(
                400,
                form_error(
                    "type",
                    "BASE_TYPE_CHOICES",
                    "Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.",
                ),
            )
        }
    }
    Resp::no_content()
}

fn reply_from(
    msg: &Value,
    kind: u8,
    raw: &Value,
    message_id: Option<u64>,
    channel_id: u64,
    via: &'static str,
    ephemeral: bool,
) -> Reply {
    Reply {
        content: msg["content"].as_str().unwrap_or("").to_owned(),
        embeds: msg["embeds"].as_array().cloned().unwrap_or_default(),
        components: msg["components"].as_array().cloned().unwrap_or_default(),
        ephemeral: ephemeral || msg["flags"].as_u64().unwrap_or(0) & 64 != 0,
        kind,
        raw: raw.clone(),
        message_id,
        channel_id,
        via,
    }
}

/// Edits a message wherever it is (channel message or interaction response).
fn edit_any_message(st: &mut State, mid: u64, edit: &Value) -> Option<Value> {
    let mut found = None;
    for msgs in st.messages.values_mut() {
        if let Some(m) = msgs.iter_mut().find(|m| as_u64(&m.json["id"]) == Some(mid)) {
            apply_edit(&mut m.json, edit);
            found = Some(m.json.clone());
            break;
        }
    }
    if found.is_none() {
        for i in &mut st.interactions {
            for m in i.original.iter_mut().chain(i.followups.iter_mut()) {
                if as_u64(&m["id"]) == Some(mid) {
                    apply_edit(m, edit);
                    found = Some(m.clone());
                }
            }
        }
    }
    // Ephemeral messages never go over the gateway.
    if let Some(m) = found
        .as_ref()
        .filter(|m| m["flags"].as_u64().unwrap_or(0) & 64 == 0)
    {
        let intents = if m.get("guild_id").is_some() {
            GUILD_MESSAGES
        } else {
            DIRECT_MESSAGES
        };
        st.broadcast("MESSAGE_UPDATE", m.clone(), intents);
    }
    found
}

/// An interaction token past its lifetime (`FakeDiscord::age_interactions` ages it).
fn token_expired(st: &mut State, token: &str) -> Option<Resp> {
    let lifetime = st.token_lifetime;
    let rec = st.interaction_by_token(token)?;
    rules::check_token_alive(rec.age(), lifetime)
        .err()
        .map(Resp::refused)
}

fn followup(st: &mut State, token: &str, body: &Value) -> Resp {
    if let Some(r) = token_expired(st, token) {
        return r;
    }
    let Some(rec) = st.interaction_by_token(token) else {
        return Resp::not_found(10015, "Unknown Webhook");
    };
    let Some(kind) = rec.callback else {
        return Resp::not_found(10015, "Unknown Webhook");
    };
    let channel_id = rec.channel_id;
    let defer_eph = rec.callback_ephemeral;
    let loading = rec
        .original
        .as_ref()
        .is_some_and(|o| o["flags"].as_u64().unwrap_or(0) & 128 != 0);
    if let Err((s, e)) = check_message_body(body, true) {
        return Resp::err(s, e);
    }
    if loading {
        // The first follow-up after a deferral replaces the "thinking…" message.
        let mut msg = rec.original.clone().unwrap_or_default();
        apply_edit(&mut msg, body);
        msg["edited_timestamp"] = Value::Null;
        let mid = as_u64(&msg["id"]);
        let reply = reply_from(&msg, kind, body, mid, channel_id, "followup", defer_eph);
        rec.original = Some(msg.clone());
        rec.replies.push(reply);
        return Resp::ok(msg);
    }
    let guild = st.channel(channel_id).is_some();
    let mid = st.snowflake();
    let msg = st.build_message(
        mid,
        NewMessage {
            channel_id,
            guild,
            body,
            interaction_reply: true,
            kind: 19,
        },
    );
    let reply = reply_from(&msg, kind, body, Some(mid), channel_id, "followup", false);
    if let Some(rec) = st.interaction_by_token(token) {
        rec.followups.push(msg.clone());
        rec.replies.push(reply);
    }
    Resp::ok(msg)
}

fn webhook_message(st: &mut State, method: &str, token: &str, mid: &str, body: &Value) -> Resp {
    if let Some(r) = token_expired(st, token) {
        return r;
    }
    let Some(rec) = st.interaction_by_token(token) else {
        return Resp::not_found(10015, "Unknown Webhook");
    };
    let Some(kind) = rec.callback else {
        return Resp::not_found(10015, "Unknown Webhook");
    };
    let channel_id = rec.channel_id;
    let defer_eph = rec.callback_ephemeral;
    // For a component interaction acknowledged with 6/7, @original is the clicked message.
    let target = if mid == "@original" {
        match (kind, rec.message_id, &rec.original) {
            (6 | 7, Some(clicked), _) => Some(clicked),
            (_, _, Some(o)) => as_u64(&o["id"]),
            _ => None,
        }
    } else {
        id(mid)
    };
    let Some(target) = target else {
        return Resp::not_found(10008, "Unknown Message");
    };
    let via = if mid == "@original" {
        "edit_original"
    } else {
        "edit_followup"
    };
    match method {
        "GET" => match st.find_message(target) {
            Some(m) => Resp::ok(m),
            None => Resp::not_found(10008, "Unknown Message"),
        },
        "PATCH" => {
            if let Err((s, e)) = check_message_body(body, false) {
                return Resp::err(s, e);
            }
            match edit_any_message(st, target, body) {
                Some(msg) => {
                    let reply = reply_from(
                        &msg,
                        kind,
                        body,
                        Some(target),
                        channel_id,
                        via,
                        defer_eph && via == "edit_original",
                    );
                    if let Some(rec) = st.interaction_by_token(token) {
                        rec.replies.push(reply);
                    }
                    Resp::ok(msg)
                }
                None => Resp::not_found(10008, "Unknown Message"),
            }
        }
        "DELETE" => {
            let Some(rec) = st.interaction_by_token(token) else {
                return Resp::not_found(10015, "Unknown Webhook");
            };
            let before = rec.followups.len();
            rec.followups.retain(|m| as_u64(&m["id"]) != Some(target));
            let orig = rec.original.as_ref().and_then(|o| as_u64(&o["id"]));
            if orig == Some(target) {
                rec.original = None;
            } else if rec.followups.len() == before {
                return Resp::not_found(10008, "Unknown Message");
            }
            Resp::no_content()
        }
        _ => Resp::unknown_route(),
    }
}

// ----- channels -------------------------------------------------------------

/// Discord lower-cases text channel names and turns spaces into dashes.
fn normalize_channel_name(kind: u8, name: &str) -> String {
    if kind == 4 {
        return name.to_owned();
    }
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join("-")
        .to_lowercase()
}

fn children(st: &State, parent: u64) -> usize {
    st.channels
        .iter()
        .filter(|c| as_u64(&c["parent_id"]) == Some(parent))
        .count()
}

/// Checks a parent id: an existing category with room for one more channel.
fn check_parent(st: &State, parent: Option<u64>, kind: u8) -> Result<(), Resp> {
    let Some(p) = parent else { return Ok(()) };
    if kind == 4 {
        return Err(Resp::err(
            400,
            form_error(
                "parent_id",
                "CHANNEL_PARENT_INVALID_TYPE",
                "Categories cannot have subcategories",
            ),
        ));
    }
    match st.channel(p) {
        Some(c) if c["type"].as_u64() == Some(4) => {}
        _ => {
            return Err(Resp::err(
                400,
                form_error("parent_id", "CHANNEL_PARENT_INVALID", "Not a category"),
            ))
        }
    }
    if children(st, p) >= CATEGORY_CHANNEL_LIMIT {
        return Err(Resp::refused(rules::category_full()));
    }
    Ok(())
}

/// The bot can only allow or deny permissions it has itself (Discord: 50013).
fn check_overwrites(st: &State, overwrites: &Value) -> Result<Value, Resp> {
    let bot = st.base_permissions(st.spec.bot_user_id);
    let mut out = Vec::new();
    let list = overwrites.as_array().cloned().unwrap_or_default();
    if let Err(r) = rules::check_overwrite_count(list.len()) {
        return Err(Resp::refused(r));
    }
    for o in list {
        let allow = as_u64(&o["allow"]).unwrap_or(0);
        let deny = as_u64(&o["deny"]).unwrap_or(0);
        if (allow | deny) & !bot != 0 {
            return Err(Resp::missing_permissions());
        }
        if as_u64(&o["id"]).is_none() {
            return Err(Resp::err(
                400,
                form_error(
                    "permission_overwrites",
                    "BASE_TYPE_REQUIRED",
                    "This field is required",
                ),
            ));
        }
        out.push(o);
    }
    Ok(Value::Array(out))
}

fn create_channel(st: &mut State, body: &Value) -> Resp {
    if !has_guild_perm(st, perms::MANAGE_CHANNELS) {
        return Resp::missing_permissions();
    }
    let kind = body["type"].as_u64().unwrap_or(0) as u8;
    if ![0, 2, 4, 5, 13, 15].contains(&kind) {
        return Resp::err(
            400,
            form_error(
                "type",
                "BASE_TYPE_CHOICES",
                "Value must be one of {0, 2, 4, 5, 13, 15}.",
            ),
        );
    }
    let name = body["name"].as_str().unwrap_or("");
    if let Err(r) = rules::check_channel_name(&body["name"])
        .and_then(|()| rules::check_topic(u64::from(kind), &body["topic"]))
    {
        return Resp::refused(r);
    }
    if st.channels.len() >= GUILD_CHANNEL_LIMIT {
        return Resp::refused(rules::guild_full());
    }
    let parent = as_u64(&body["parent_id"]);
    if let Err(r) = check_parent(st, parent, kind) {
        return r;
    }
    let overwrites = match check_overwrites(st, &body["permission_overwrites"]) {
        Ok(o) => o,
        Err(r) => return r,
    };
    let cid = st.snowflake();
    let position = body["position"]
        .as_u64()
        .map_or(st.channels.len(), |p| p as usize);
    let name = normalize_channel_name(kind, name);
    let mut ch = st.channel_json(cid, kind, &name, parent, overwrites, position);
    if let Some(t) = body.get("topic").filter(|t| !t.is_null()) {
        ch["topic"] = t.clone();
    }
    st.channels.push(ch.clone());
    st.broadcast("CHANNEL_CREATE", ch.clone(), GUILDS);
    Resp::created(ch)
}

fn edit_channel(st: &mut State, cid: u64, body: &Value) -> Resp {
    let Some(current) = st.channel(cid).cloned() else {
        return Resp::err(
            403,
            error_body(50003, "Cannot execute action on a DM channel"),
        );
    };
    if !has_guild_perm(st, perms::MANAGE_CHANNELS) {
        return Resp::missing_permissions();
    }
    let kind = current["type"].as_u64().unwrap_or(0) as u8;
    let mut ch = current.clone();
    if let Some(name) = body.get("name").filter(|n| !n.is_null()) {
        if let Err(r) = rules::check_channel_name(name) {
            return Resp::refused(r);
        }
        ch["name"] = json!(normalize_channel_name(kind, name.as_str().unwrap_or("")));
    }
    if let Some(topic) = body.get("topic") {
        if let Err(r) = rules::check_topic(u64::from(kind), topic) {
            return Resp::refused(r);
        }
    }
    if let Some(p) = body.get("parent_id") {
        let new_parent = as_u64(p);
        if new_parent != as_u64(&current["parent_id"]) {
            if let Err(r) = check_parent(st, new_parent, kind) {
                return r;
            }
        }
        ch["parent_id"] = new_parent.map_or(Value::Null, sid);
    }
    if let Some(o) = body.get("permission_overwrites") {
        // Discord: "If modifying permission overwrites, the MANAGE_ROLES permission is required."
        if !has_guild_perm(st, perms::MANAGE_ROLES) {
            return Resp::missing_permissions();
        }
        match check_overwrites(st, o) {
            Ok(o) => ch["permission_overwrites"] = o,
            Err(r) => return r,
        }
    }
    for k in ["topic", "position", "nsfw", "rate_limit_per_user"] {
        if let Some(v) = body.get(k) {
            ch[k] = v.clone();
        }
    }
    if let Some(c) = st.channel_mut(cid) {
        *c = ch.clone();
    }
    st.broadcast("CHANNEL_UPDATE", ch.clone(), GUILDS);
    Resp::ok(ch)
}

fn delete_channel(st: &mut State, cid: u64) -> Resp {
    let Some(ch) = st.channel(cid).cloned() else {
        return Resp::err(
            403,
            error_body(50003, "Cannot execute action on a DM channel"),
        );
    };
    if !has_guild_perm(st, perms::MANAGE_CHANNELS) {
        return Resp::missing_permissions();
    }
    st.channels.retain(|c| as_u64(&c["id"]) != Some(cid));
    st.messages.remove(&cid);
    // Discord keeps the children of a deleted category, without a parent.
    let orphans: Vec<u64> = st
        .channels
        .iter()
        .filter(|c| as_u64(&c["parent_id"]) == Some(cid))
        .filter_map(|c| as_u64(&c["id"]))
        .collect();
    st.broadcast("CHANNEL_DELETE", ch.clone(), GUILDS);
    for o in orphans {
        if let Some(c) = st.channel_mut(o) {
            c["parent_id"] = Value::Null;
            let c = c.clone();
            st.broadcast("CHANNEL_UPDATE", c, GUILDS);
        }
    }
    Resp::ok(ch)
}

fn set_overwrite(st: &mut State, method: &str, cid: u64, ow: Option<u64>, body: &Value) -> Resp {
    let Some(ow) = ow else {
        return Resp::not_found(10009, "Unknown Overwrite");
    };
    if st.channel(cid).is_none() {
        return Resp::err(
            403,
            error_body(50003, "Cannot execute action on a DM channel"),
        );
    }
    if !has_guild_perm(st, perms::MANAGE_ROLES) {
        return Resp::missing_permissions();
    }
    let new = if method == "PUT" {
        let o = json!({
            "id": sid(ow),
            "type": overwrite_kind(&body["type"]),
            "allow": as_u64(&body["allow"]).unwrap_or(0).to_string(),
            "deny": as_u64(&body["deny"]).unwrap_or(0).to_string(),
        });
        if let Err(r) = check_overwrites(st, &json!([o.clone()])) {
            return r;
        }
        Some(o)
    } else {
        None
    };
    let Some(ch) = st.channel_mut(cid) else {
        return Resp::not_found(10003, "Unknown Channel");
    };
    let mut list = ch["permission_overwrites"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    list.retain(|o| as_u64(&o["id"]) != Some(ow));
    list.extend(new);
    if let Err(r) = rules::check_overwrite_count(list.len()) {
        return Resp::refused(r);
    }
    ch["permission_overwrites"] = Value::Array(list);
    let ch = ch.clone();
    st.broadcast("CHANNEL_UPDATE", ch, GUILDS);
    Resp::no_content()
}

// ----- messages -------------------------------------------------------------

fn create_message(st: &mut State, cid: u64, body: &Value) -> Resp {
    let guild = st.channel(cid).is_some();
    if guild {
        let p = st.channel_permissions(st.spec.bot_user_id, cid);
        if p & perms::VIEW_CHANNEL == 0 {
            return Resp::refused(rules::missing_access());
        }
        if p & perms::SEND_MESSAGES == 0 {
            return Resp::missing_permissions();
        }
        if let Err(r) = rules::check_reply_permission(p, body) {
            return Resp::refused(r);
        }
    } else {
        let closed = st
            .dm_channel(cid)
            .and_then(|d| st.spec.member(d.user_id))
            .is_some_and(|m| m.dms_closed);
        if closed {
            return Resp::err(403, error_body(50007, "Cannot send messages to this user"));
        }
    }
    if let Err((s, e)) = check_message_body(body, true) {
        return Resp::err(s, e);
    }
    let nonce = body.get("nonce").and_then(nonce_key);
    if body["enforce_nonce"].as_bool() == Some(true) {
        if let Some(n) = &nonce {
            let dup = st.messages.get(&cid).and_then(|msgs| {
                msgs.iter().find(|m| {
                    m.nonce.as_deref() == Some(n.as_str()) && m.created.elapsed() < NONCE_WINDOW
                })
            });
            if let Some(dup) = dup {
                return Resp::ok(dup.json.clone());
            }
        }
    }
    let mid = st.snowflake();
    let msg = st.build_message(
        mid,
        NewMessage {
            channel_id: cid,
            guild,
            body,
            interaction_reply: false,
            kind: if body["message_reference"].is_null() {
                0
            } else {
                19
            },
        },
    );
    st.messages.entry(cid).or_default().push(StoredMessage {
        json: msg.clone(),
        nonce,
        created: Instant::now(),
    });
    let intents = if guild {
        GUILD_MESSAGES
    } else {
        DIRECT_MESSAGES
    };
    st.broadcast("MESSAGE_CREATE", msg.clone(), intents);
    Resp::ok(msg)
}

fn channel_message(st: &mut State, method: &str, cid: u64, mid: Option<u64>, body: &Value) -> Resp {
    let Some(mid) = mid else {
        return Resp::not_found(10008, "Unknown Message");
    };
    let exists = st
        .messages
        .get(&cid)
        .is_some_and(|msgs| msgs.iter().any(|m| as_u64(&m.json["id"]) == Some(mid)));
    if !exists {
        return Resp::not_found(10008, "Unknown Message");
    }
    match method {
        "GET" => {
            if st.channel(cid).is_some() {
                let p = st.channel_permissions(st.spec.bot_user_id, cid);
                if let Err(r) = rules::check_read_history(p) {
                    return Resp::refused(r);
                }
            }
            Resp::ok(st.find_message(mid).unwrap_or_default())
        }
        "PATCH" => {
            if let Err((s, e)) = check_message_body(body, false) {
                return Resp::err(s, e);
            }
            match edit_any_message(st, mid, body) {
                Some(m) => Resp::ok(m),
                None => Resp::not_found(10008, "Unknown Message"),
            }
        }
        "DELETE" => {
            if let Some(msgs) = st.messages.get_mut(&cid) {
                msgs.retain(|m| as_u64(&m.json["id"]) != Some(mid));
            }
            Resp::no_content()
        }
        _ => Resp::unknown_route(),
    }
}

fn pin(st: &mut State, pin: bool, cid: u64, mid: Option<u64>) -> Resp {
    if st.channel(cid).is_some() {
        let p = st.channel_permissions(st.spec.bot_user_id, cid);
        if p & perms::VIEW_CHANNEL == 0 {
            return Resp::refused(rules::missing_access());
        }
        if let Err(r) = rules::check_pin_permission(p) {
            return Resp::refused(r);
        }
    }
    let Some(msgs) = st.messages.get_mut(&cid) else {
        return Resp::not_found(10008, "Unknown Message");
    };
    let pinned = msgs
        .iter()
        .filter(|m| m.json["pinned"] == json!(true))
        .count();
    let Some(m) = msgs.iter_mut().find(|m| as_u64(&m.json["id"]) == mid) else {
        return Resp::not_found(10008, "Unknown Message");
    };
    if pin && m.json["pinned"] != json!(true) {
        if let Err(r) = rules::check_pin_count(pinned) {
            return Resp::refused(r);
        }
    }
    m.json["pinned"] = json!(pin);
    Resp::no_content()
}

/// `GET /channels/{c}/messages/pins` (`legacy: false`, `{"items": [{pinned_at, message}],
/// "has_more"}`) and the deprecated `GET /channels/{c}/pins` (an array of messages).
fn list_pins(st: &mut State, cid: u64, legacy: bool) -> Resp {
    use serenity::model::channel::Message;
    if st.channel(cid).is_some() {
        let p = st.channel_permissions(st.spec.bot_user_id, cid);
        if p & perms::VIEW_CHANNEL == 0 {
            return Resp::refused(rules::missing_access());
        }
        if p & perms::READ_MESSAGE_HISTORY == 0 {
            // Discord: "If the user is missing the READ_MESSAGE_HISTORY permission in the
            // channel, then no pins will be returned."
            return Resp::ok(if legacy {
                json!([])
            } else {
                json!({"items": [], "has_more": false})
            });
        }
    }
    let pinned: Vec<Value> = st
        .messages
        .get(&cid)
        .map(|m| {
            m.iter()
                .rev()
                .filter(|m| m.json["pinned"] == json!(true))
                .map(|m| m.json.clone())
                .collect()
        })
        .unwrap_or_default();
    let pinned = checked::<Vec<Message>>(st, "GET pins", Value::Array(pinned));
    if legacy {
        return Resp::ok(pinned);
    }
    let items: Vec<Value> = pinned
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| json!({"pinned_at": m["timestamp"], "message": m}))
        .collect();
    Resp::ok(json!({"items": items, "has_more": false}))
}
