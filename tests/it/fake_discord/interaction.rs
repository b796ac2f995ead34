//! Slash commands and component clicks sent to the bot, and the bot's answers.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::spec::OWNER;
use super::state::{as_u64, collect_custom_ids, find_component, sid, InteractionRec, Reply, State};
use super::{Shared, WAIT};

/// A slash command invocation, built like
/// `Slash::new("pair").sub("create").user_opt("mentor", ALICE).by(OWNER)`.
///
/// Defaults: invoked by the guild owner, locale "fr", in the first text
/// channel of the guild. When the bot has registered commands, the command,
/// subcommand and option names/types are checked against them (panics on a
/// mismatch); `.unchecked()` skips that.
#[derive(Clone, Debug)]
pub struct Slash {
    pub name: String,
    pub group: Option<String>,
    pub sub: Option<String>,
    /// (name, Discord option type, value)
    pub options: Vec<(String, u8, Value)>,
    pub user_id: Option<u64>,
    pub locale: String,
    pub channel_id: Option<u64>,
    pub unchecked: bool,
    /// The files of attachment options, by option name.
    pub files: Vec<(String, super::uploads::Upload)>,
    /// An autocomplete request (interaction type 4) while the user types in this option.
    pub focused: Option<String>,
}

impl Slash {
    pub fn new(name: &str) -> Self {
        Slash {
            name: name.to_owned(),
            group: None,
            sub: None,
            options: Vec::new(),
            user_id: None,
            locale: "fr".to_owned(),
            channel_id: None,
            unchecked: false,
            files: Vec::new(),
            focused: None,
        }
    }

    /// Makes this an autocomplete request (interaction type 4): the user is typing in
    /// `option`, whose value so far is given with `string_opt`. The option must have been
    /// registered with `autocomplete`.
    pub fn typing(mut self, option: &str) -> Self {
        self.focused = Some(option.to_owned());
        self
    }
    pub fn sub_group(mut self, group: &str) -> Self {
        self.group = Some(group.to_owned());
        self
    }
    pub fn sub(mut self, sub: &str) -> Self {
        self.sub = Some(sub.to_owned());
        self
    }
    fn opt(mut self, name: &str, kind: u8, value: Value) -> Self {
        self.options.push((name.to_owned(), kind, value));
        self
    }
    pub fn string_opt(self, name: &str, value: &str) -> Self {
        self.opt(name, 3, json!(value))
    }
    pub fn int_opt(self, name: &str, value: i64) -> Self {
        self.opt(name, 4, json!(value))
    }
    pub fn bool_opt(self, name: &str, value: bool) -> Self {
        self.opt(name, 5, json!(value))
    }
    pub fn user_opt(self, name: &str, user_id: u64) -> Self {
        self.opt(name, 6, sid(user_id))
    }
    pub fn channel_opt(self, name: &str, channel_id: u64) -> Self {
        self.opt(name, 7, sid(channel_id))
    }
    pub fn role_opt(self, name: &str, role_id: u64) -> Self {
        self.opt(name, 8, sid(role_id))
    }
    pub fn mentionable_opt(self, name: &str, id: u64) -> Self {
        self.opt(name, 9, sid(id))
    }
    pub fn number_opt(self, name: &str, value: f64) -> Self {
        self.opt(name, 10, json!(value))
    }
    /// A file the user attaches: Discord uploads it, names it by an attachment id in the
    /// option and describes it in `resolved.attachments` (content type from the extension).
    pub fn attachment_opt(mut self, name: &str, filename: &str, bytes: &[u8]) -> Self {
        let content_type = match filename.rsplit('.').next() {
            Some("csv") => Some("text/csv; charset=utf-8".to_owned()),
            Some("txt") => Some("text/plain; charset=utf-8".to_owned()),
            Some("png") => Some("image/png".to_owned()),
            _ => None,
        };
        self.files.push((
            name.to_owned(),
            super::uploads::Upload {
                filename: filename.to_owned(),
                content_type,
                bytes: bytes.to_vec(),
            },
        ));
        self.opt(name, 11, Value::Null)
    }
    /// The invoking user (default: the guild owner).
    pub fn by(mut self, user_id: u64) -> Self {
        self.user_id = Some(user_id);
        self
    }
    pub fn locale(mut self, locale: &str) -> Self {
        self.locale = locale.to_owned();
        self
    }
    /// The channel it is invoked in (a guild channel, or a DM channel id
    /// from `POST /users/@me/channels`).
    pub fn in_channel(mut self, channel_id: u64) -> Self {
        self.channel_id = Some(channel_id);
        self
    }
    /// Skip the check against the registered commands.
    pub fn unchecked(mut self) -> Self {
        self.unchecked = true;
        self
    }

    /// "/pair create" for messages.
    pub fn label(&self) -> String {
        let mut l = format!("/{}", self.name);
        for p in self.group.iter().chain(self.sub.iter()) {
            l.push(' ');
            l.push_str(p);
        }
        l
    }
}

/// A click on a message component (button by default).
///
/// `message_id == 0` means: the newest message (channel message or
/// interaction response) that has a component with this `custom_id`.
#[derive(Clone, Debug)]
pub struct Click {
    pub user_id: u64,
    pub channel_id: u64,
    pub message_id: u64,
    pub custom_id: String,
    pub locale: String,
    /// Selected values, for select menus.
    pub values: Vec<String>,
    /// Skip the checks that the message exists, has this enabled component,
    /// and is visible to the user.
    pub unchecked: bool,
}

impl Click {
    /// A click by the guild owner on the newest message having `custom_id`.
    pub fn button(custom_id: &str) -> Self {
        Click {
            user_id: OWNER,
            channel_id: 0,
            message_id: 0,
            custom_id: custom_id.to_owned(),
            locale: "fr".to_owned(),
            values: Vec::new(),
            unchecked: false,
        }
    }
    /// A choice in a select menu.
    pub fn select(custom_id: &str, values: &[&str]) -> Self {
        Click {
            values: values.iter().map(|v| (*v).to_owned()).collect(),
            ..Click::button(custom_id)
        }
    }
    pub fn on(mut self, channel_id: u64, message_id: u64) -> Self {
        self.channel_id = channel_id;
        self.message_id = message_id;
        self
    }
    /// On the message a reply created or edited.
    pub fn on_reply(self, reply: &Reply) -> Self {
        let mid = reply
            .message_id
            .unwrap_or_else(|| panic!("Click::on_reply: the reply has no message (a modal?)"));
        let cid = reply.channel_id;
        self.on(cid, mid)
    }
    /// On a message object (from `FakeDiscord::messages`).
    pub fn on_message(self, msg: &Value) -> Self {
        let cid = as_u64(&msg["channel_id"]).unwrap_or(0);
        let mid = as_u64(&msg["id"]).unwrap_or(0);
        self.on(cid, mid)
    }
    pub fn by(mut self, user_id: u64) -> Self {
        self.user_id = user_id;
        self
    }
    pub fn locale(mut self, locale: &str) -> Self {
        self.locale = locale.to_owned();
        self
    }
    pub fn unchecked(mut self) -> Self {
        self.unchecked = true;
        self
    }
}

/// An interaction the fake dispatched; use it to await the bot's answer.
#[derive(Clone)]
pub struct Interaction {
    pub id: u64,
    pub token: String,
    pub channel_id: u64,
    pub user_id: u64,
    /// The INTERACTION_CREATE `d` payload that was sent.
    pub payload: Value,
    pub(crate) label: String,
    pub(crate) shared: Arc<Shared>,
}

impl std::fmt::Debug for Interaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Interaction")
            .field("id", &self.id)
            .field("label", &self.label)
            .finish()
    }
}

impl Interaction {
    fn describe(&self, st: &State) -> String {
        let rec = st.interactions.iter().find(|i| i.id == self.id);
        let ack = match rec.and_then(|r| r.callback) {
            None => "the bot never acknowledged it (no POST …/callback)".to_owned(),
            Some(5) => "deferred (type 5) but no follow-up / @original edit yet".to_owned(),
            Some(6) => "deferred update (type 6) but no edit yet".to_owned(),
            Some(k) => format!("acknowledged with callback type {k}"),
        };
        let reqs: Vec<String> = st
            .requests
            .iter()
            .filter(|r| r.path.contains(&self.token))
            .map(|r| r.line())
            .collect();
        format!("{ack}; requests for it: {reqs:?}")
    }

    /// The bot's first real answer: a message (4), update (7) or modal (9)
    /// callback, or after a deferral (5, 6) the first follow-up or edit.
    pub async fn reply(&self) -> Reply {
        let mut v = self.replies_after(1).await;
        v.swap_remove(0)
    }

    /// All answers once there are at least `n` (each follow-up and edit counts).
    pub async fn replies_after(&self, n: usize) -> Vec<Reply> {
        self.replies_after_within(n, WAIT).await
    }

    /// Like `replies_after`, for an answer that may take longer than usual to make (drawing
    /// ten images in a debug build): waits up to `within`.
    pub async fn replies_after_within(&self, n: usize, within: std::time::Duration) -> Vec<Reply> {
        let id = self.id;
        self.shared
            .wait_until(
                &format!("{} (interaction {id}): {n} reply(ies)", self.label),
                within,
                |st| {
                    let rec = st.interactions.iter().find(|i| i.id == id)?;
                    (rec.replies.len() >= n).then(|| rec.replies.clone())
                },
                |st| self.describe(st),
            )
            .await
    }

    /// The first answer (a follow-up or an edit) whose text contains `needle`, for answers
    /// edited in place while the work goes on.
    pub async fn reply_containing(&self, needle: &str) -> Reply {
        self.reply_containing_within(needle, WAIT).await
    }

    /// Like `reply_containing`, for work that takes longer than usual (tens of channels to
    /// create at the paced rate): waits up to `within`.
    pub async fn reply_containing_within(
        &self,
        needle: &str,
        within: std::time::Duration,
    ) -> Reply {
        let id = self.id;
        self.shared
            .wait_until(
                &format!("{} (interaction {id}): a reply with {needle:?}", self.label),
                within,
                |st| {
                    let rec = st.interactions.iter().find(|i| i.id == id)?;
                    rec.replies
                        .iter()
                        .find(|r| r.text().contains(needle))
                        .cloned()
                },
                |st| self.describe(st),
            )
            .await
    }

    /// Answers so far (may be empty).
    pub fn replies(&self) -> Vec<Reply> {
        let st = self.shared.lock();
        st.interactions
            .iter()
            .find(|i| i.id == self.id)
            .map(|r| r.replies.clone())
            .unwrap_or_default()
    }

    /// Callback type the bot acknowledged with, if it did.
    pub fn callback_type(&self) -> Option<u8> {
        let st = self.shared.lock();
        st.interactions
            .iter()
            .find(|i| i.id == self.id)
            .and_then(|r| r.callback)
    }
}

// ----- payloads -------------------------------------------------------------

fn default_channel(st: &State) -> u64 {
    st.channels
        .iter()
        .find(|c| c["type"].as_u64() == Some(0))
        .and_then(|c| as_u64(&c["id"]))
        .unwrap_or_else(|| panic!("the guild has no text channel to invoke a command in"))
}

/// Fields common to every interaction, for `user_id` in `channel_id`.
pub(super) fn base_interaction(
    st: &mut State,
    kind: u8,
    user_id: u64,
    channel_id: u64,
    locale: &str,
) -> (u64, String, Value) {
    let iid = st.snowflake();
    let token = format!("fake-interaction-token-{iid}");
    let mut v = json!({
        "id": sid(iid),
        "application_id": sid(st.spec.application_id),
        "type": kind,
        "token": token,
        "version": 1,
        "channel_id": sid(channel_id),
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": 26_214_400,
    });
    if let Some(ch) = st.channel(channel_id).cloned() {
        let member = st
            .spec
            .member(user_id)
            .cloned()
            .unwrap_or_else(|| panic!("user {user_id} is not a member of the guild"));
        let perms = st.channel_permissions(user_id, channel_id);
        v["guild_id"] = sid(st.spec.guild_id);
        v["guild_locale"] = json!(st.spec.preferred_locale);
        v["member"] = st.member_json(&member, Some(perms));
        v["app_permissions"] = json!(st
            .channel_permissions(st.spec.bot_user_id, channel_id)
            .to_string());
        v["channel"] = json!({
            "id": ch["id"], "type": ch["type"], "name": ch["name"],
            "parent_id": ch["parent_id"], "guild_id": sid(st.spec.guild_id),
            "permissions": perms.to_string(),
        });
        v["authorizing_integration_owners"] = json!({ "0": sid(st.spec.guild_id) });
        v["context"] = json!(0);
    } else if let Some(dm) = st.dm_channel(channel_id) {
        assert_eq!(
            dm.user_id, user_id,
            "user {user_id} cannot act in the DM channel {channel_id} of user {}",
            dm.user_id
        );
        let dm_json = st.dm_channel_json(dm);
        v["user"] = st.user_json(user_id);
        v["app_permissions"] = json!(serenity::model::Permissions::dm_permissions()
            .bits()
            .to_string());
        v["channel"] =
            json!({ "id": dm_json["id"], "type": 1, "recipients": dm_json["recipients"] });
        v["authorizing_integration_owners"] = json!({ "0": "0" });
        v["context"] = json!(1);
    } else {
        panic!("interaction in unknown channel {channel_id}");
    }
    (iid, token, v)
}

fn option_type_name(t: u64) -> &'static str {
    match t {
        1 => "subcommand",
        2 => "subcommand group",
        3 => "string",
        4 => "integer",
        5 => "boolean",
        6 => "user",
        7 => "channel",
        8 => "role",
        9 => "mentionable",
        10 => "number",
        11 => "attachment",
        _ => "unknown",
    }
}

fn names(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|o| {
            format!(
                "{} ({})",
                o["name"].as_str().unwrap_or("?"),
                option_type_name(o["type"].as_u64().unwrap_or(0))
            )
        })
        .collect()
}

/// Panics when `s` does not match what the bot registered.
fn check_against_registered(st: &State, s: &Slash) {
    if s.unchecked || st.commands.is_empty() {
        return;
    }
    let label = s.label();
    let Some(cmd) = st
        .commands
        .iter()
        .find(|c| c["name"].as_str() == Some(&s.name) && c["type"].as_u64() == Some(1))
    else {
        let all: Vec<&str> = st
            .commands
            .iter()
            .filter_map(|c| c["name"].as_str())
            .collect();
        panic!("{label}: the bot registered no such slash command; registered: {all:?}");
    };
    let mut level = cmd["options"].as_array().cloned().unwrap_or_default();
    for (part, kind) in [(&s.group, 2u64), (&s.sub, 1u64)] {
        let Some(part) = part else { continue };
        let found = level
            .iter()
            .find(|o| o["name"].as_str() == Some(part) && o["type"].as_u64() == Some(kind))
            .cloned();
        match found {
            Some(o) => level = o["options"].as_array().cloned().unwrap_or_default(),
            None => panic!(
                "{label}: no {} named {part:?}; the registered options here are {:?}",
                option_type_name(kind),
                names(&level)
            ),
        }
    }
    if let Some(o) = level
        .iter()
        .find(|o| matches!(o["type"].as_u64(), Some(1 | 2)))
    {
        panic!(
            "{label}: the command needs a {} ({:?}); registered: {:?}",
            option_type_name(o["type"].as_u64().unwrap_or(0)),
            o["name"],
            names(&level)
        );
    }
    for (name, kind, _) in &s.options {
        match level.iter().find(|o| o["name"].as_str() == Some(name)) {
            None => panic!(
                "{label}: no option {name:?}; registered options: {:?}",
                names(&level)
            ),
            Some(o) if o["type"].as_u64() != Some(u64::from(*kind)) => panic!(
                "{label}: option {name:?} is registered as {} but the test gives a {}",
                option_type_name(o["type"].as_u64().unwrap_or(0)),
                option_type_name(u64::from(*kind))
            ),
            Some(_) => {}
        }
    }
    if let Some(focused) = &s.focused {
        let o = level.iter().find(|o| o["name"].as_str() == Some(focused));
        assert!(
            o.is_some_and(|o| o["autocomplete"].as_bool() == Some(true)),
            "{label}: Discord asks for suggestions only for an option registered with \
             autocomplete, not {focused:?}"
        );
        assert!(
            s.options.iter().any(|(n, _, _)| n == focused),
            "{label}: give the focused option's value so far with string_opt"
        );
        // The user is still typing: required options may not be filled in yet.
        return;
    }
    for o in &level {
        let name = o["name"].as_str().unwrap_or("");
        if o["required"].as_bool() == Some(true) && !s.options.iter().any(|(n, _, _)| n == name) {
            panic!("{label}: required option {name:?} is missing");
        }
    }
}

pub(crate) fn slash_payload(st: &mut State, s: &Slash) -> (InteractionRec, Value) {
    check_against_registered(st, s);
    let user_id = s.user_id.unwrap_or(st.spec.owner_id);
    let channel_id = s.channel_id.unwrap_or_else(|| default_channel(st));
    let kind = if s.focused.is_some() { 4 } else { 2 };
    let (iid, token, mut v) = base_interaction(st, kind, user_id, channel_id, &s.locale);
    let invoker_perms = st.channel_permissions(user_id, channel_id);

    let mut users = Map::new();
    let mut members = Map::new();
    let mut roles = Map::new();
    let mut channels = Map::new();
    let mut attachments = Map::new();
    let mut leaf = Vec::new();
    for (name, kind, value) in &s.options {
        if *kind == 11 {
            let (_, upload) = s
                .files
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("attachment option {name:?} without its file"));
            assert!(
                upload.bytes.len() <= super::rules::ATTACHMENT_SIZE_LIMIT,
                "{name:?}: Discord does not let a user attach more than {} bytes",
                super::rules::ATTACHMENT_SIZE_LIMIT
            );
            let aid = st.snowflake();
            let url = format!(
                "http://127.0.0.1:{}/attachments/{aid}/{}",
                st.port, upload.filename
            );
            let mut a = json!({
                "id": sid(aid), "filename": upload.filename, "size": upload.bytes.len(),
                "url": url, "proxy_url": url, "ephemeral": true,
            });
            if let Some(ct) = &upload.content_type {
                a["content_type"] = json!(ct);
            }
            attachments.insert(aid.to_string(), a);
            st.uploads.insert(aid, upload.clone());
            leaf.push(json!({ "name": name, "type": kind, "value": sid(aid) }));
            continue;
        }
        let idv = as_u64(value).unwrap_or(0);
        let mut resolve_user = |st: &State| -> bool {
            let Some(m) = st.spec.member(idv).cloned() else {
                if *kind == 6 {
                    users.insert(idv.to_string(), st.user_json(idv));
                }
                return *kind == 6;
            };
            users.insert(idv.to_string(), st.user_json(idv));
            let mut pm = st.member_json(&m, Some(st.channel_permissions(idv, channel_id)));
            if let Some(o) = pm.as_object_mut() {
                o.remove("user");
                o.remove("deaf");
                o.remove("mute");
            }
            members.insert(idv.to_string(), pm);
            true
        };
        match kind {
            6 => {
                resolve_user(st);
            }
            9 => {
                let is_member = resolve_user(st);
                if !is_member {
                    let r = st.role_json(idv).unwrap_or_else(|| {
                        panic!("mentionable_opt {name:?}: {idv} is neither a member nor a role")
                    });
                    roles.insert(idv.to_string(), r);
                }
            }
            8 => {
                let r = st
                    .role_json(idv)
                    .unwrap_or_else(|| panic!("role_opt {name:?}: no role {idv} in the guild"));
                roles.insert(idv.to_string(), r);
            }
            7 => {
                let ch = st.channel(idv).cloned().unwrap_or_else(|| {
                    panic!("channel_opt {name:?}: no channel {idv} in the guild")
                });
                channels.insert(
                    idv.to_string(),
                    json!({
                        "id": ch["id"], "name": ch["name"], "type": ch["type"],
                        "parent_id": ch["parent_id"],
                        "permissions": invoker_perms.to_string(),
                    }),
                );
            }
            _ => {}
        }
        let mut option = json!({ "name": name, "type": kind, "value": value });
        if s.focused.as_deref() == Some(name.as_str()) {
            option["focused"] = json!(true);
        }
        leaf.push(option);
    }
    let mut options = leaf;
    if let Some(sub) = &s.sub {
        options = vec![json!({ "name": sub, "type": 1, "options": options })];
    }
    if let Some(group) = &s.group {
        assert!(
            s.sub.is_some(),
            "{}: a subcommand group needs .sub(..)",
            s.label()
        );
        options = vec![json!({ "name": group, "type": 2, "options": options })];
    }
    let cmd_id = st
        .commands
        .iter()
        .find(|c| c["name"].as_str() == Some(&s.name) && c["type"].as_u64() == Some(1))
        .and_then(|c| as_u64(&c["id"]));
    let cmd_id = match cmd_id {
        Some(i) => i,
        None => st.snowflake(),
    };
    let mut resolved = Map::new();
    for (k, m) in [
        ("users", users),
        ("members", members),
        ("roles", roles),
        ("channels", channels),
        ("attachments", attachments),
    ] {
        if !m.is_empty() {
            resolved.insert(k.to_owned(), Value::Object(m));
        }
    }
    let mut data = json!({
        "id": sid(cmd_id),
        "name": s.name,
        "type": 1,
        "options": options,
        "resolved": resolved,
    });
    if v.get("guild_id").is_some() {
        data["guild_id"] = sid(st.spec.guild_id);
    }
    v["data"] = data;
    let rec = new_rec(iid, token, channel_id, None, user_id);
    (rec, v)
}

pub(super) fn new_rec(
    id: u64,
    token: String,
    channel_id: u64,
    message_id: Option<u64>,
    user_id: u64,
) -> InteractionRec {
    InteractionRec {
        id,
        token,
        channel_id,
        message_id,
        user_id,
        callback: None,
        callback_ephemeral: false,
        original: None,
        followups: Vec::new(),
        replies: Vec::new(),
        created: std::time::Instant::now(),
        aged: std::time::Duration::ZERO,
    }
}

/// Every message the fake knows, newest first, with the user who may see it
/// when ephemeral.
fn all_messages(st: &State) -> Vec<(Value, Option<u64>)> {
    let mut all: Vec<(Value, Option<u64>)> = Vec::new();
    for msgs in st.messages.values() {
        all.extend(msgs.iter().map(|m| (m.json.clone(), None)));
    }
    for i in &st.interactions {
        for m in i.original.iter().chain(i.followups.iter()) {
            all.push((m.clone(), Some(i.user_id)));
        }
    }
    all.sort_by_key(|(m, _)| std::cmp::Reverse(as_u64(&m["id"]).unwrap_or(0)));
    all
}

pub(crate) fn click_payload(st: &mut State, c: &Click) -> (InteractionRec, Value) {
    let all = all_messages(st);
    let found = if c.message_id == 0 {
        all.iter()
            .find(|(m, _)| {
                m["components"]
                    .as_array()
                    .is_some_and(|cs| cs.iter().any(|x| find_component(x, &c.custom_id).is_some()))
            })
            .cloned()
    } else {
        all.iter()
            .find(|(m, _)| as_u64(&m["id"]) == Some(c.message_id))
            .cloned()
    };
    let (message, owner) = match found {
        Some(f) => f,
        None if c.unchecked && c.message_id != 0 => {
            let author = st.user_json(st.spec.bot_user_id);
            (
                json!({
                    "id": sid(c.message_id), "channel_id": sid(c.channel_id), "author": author,
                    "content": "", "timestamp": super::state::now_iso(), "edited_timestamp": null,
                    "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
                    "attachments": [], "embeds": [], "components": [], "pinned": false, "type": 0,
                }),
                None,
            )
        }
        None if c.message_id == 0 => panic!(
            "click {:?}: no message has a component with this custom_id",
            c.custom_id
        ),
        None => panic!("click {:?}: unknown message {}", c.custom_id, c.message_id),
    };
    let channel_id = as_u64(&message["channel_id"]).unwrap_or(c.channel_id);
    let message_id = as_u64(&message["id"]).unwrap_or(0);
    let mut component_type = 2;
    if !c.unchecked {
        let comp = message["components"]
            .as_array()
            .and_then(|cs| cs.iter().find_map(|x| find_component(x, &c.custom_id)))
            .unwrap_or_else(|| {
                let mut ids = Vec::new();
                for x in message["components"].as_array().into_iter().flatten() {
                    collect_custom_ids(x, &mut ids);
                }
                panic!(
                    "click {:?}: message {message_id} has no such component; its custom_ids: {ids:?}",
                    c.custom_id
                )
            });
        assert!(
            comp["disabled"].as_bool() != Some(true),
            "click {:?}: the component is disabled",
            c.custom_id
        );
        let ephemeral = message["flags"].as_u64().unwrap_or(0) & 64 != 0;
        if let (true, Some(owner)) = (ephemeral, owner) {
            assert_eq!(
                owner, c.user_id,
                "click {:?}: message {message_id} is ephemeral and only user {owner} sees it",
                c.custom_id
            );
        }
        component_type = comp["type"].as_u64().unwrap_or(2);
    }
    let (iid, token, mut v) = base_interaction(st, 3, c.user_id, channel_id, &c.locale);
    let mut data = json!({ "custom_id": c.custom_id, "component_type": component_type });
    if component_type != 2 {
        data["values"] = json!(c.values);
    }
    v["data"] = data;
    v["message"] = message;
    let rec = new_rec(iid, token, channel_id, Some(message_id), c.user_id);
    (rec, v)
}
