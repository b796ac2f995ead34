//! Message objects: building them from what the bot sends, and editing them (their
//! validation is in `rules.rs`).

use serde_json::{json, Value};

use super::state::{as_u64, now_iso, sid, State};

/// Embeds as Discord echoes them (`type: "rich"` added).
fn normalize_embeds(v: &Value) -> Value {
    let embeds = v.as_array().cloned().unwrap_or_default();
    Value::Array(
        embeds
            .into_iter()
            .map(|mut e| {
                if let Some(o) = e.as_object_mut() {
                    o.entry("type").or_insert_with(|| json!("rich"));
                }
                e
            })
            .collect(),
    )
}

fn mentioned_ids(content: &str, prefix: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut rest = content;
    while let Some(i) = rest.find(prefix) {
        rest = &rest[i + prefix.len()..];
        let r = if prefix == "<@" {
            rest.strip_prefix('!').unwrap_or(rest)
        } else {
            rest
        };
        if let Some(end) = r.find('>') {
            if let Ok(id) = r[..end].parse::<u64>() {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
    }
    out
}

/// Whether `allowed_mentions` lets a kind ("users", "roles", "everyone") or
/// this id ping.
fn allowed(body: &Value, kind: &str, id: Option<u64>) -> bool {
    let am = &body["allowed_mentions"];
    if am.is_null() {
        return true;
    }
    let parse_ok = am["parse"]
        .as_array()
        .is_some_and(|p| p.iter().any(|x| x.as_str() == Some(kind)));
    if parse_ok {
        return true;
    }
    match id {
        Some(id) => am[kind]
            .as_array()
            .is_some_and(|l| l.iter().any(|x| as_u64(x) == Some(id))),
        None => false,
    }
}

pub(crate) struct NewMessage<'a> {
    pub channel_id: u64,
    pub guild: bool,
    pub body: &'a Value,
    /// Set for interaction responses and follow-ups.
    pub interaction_reply: bool,
    pub kind: u8,
}

impl State {
    /// A full message object for what the bot sent.
    pub(crate) fn build_message(&mut self, id: u64, m: NewMessage<'_>) -> Value {
        let body = m.body;
        let content = body["content"].as_str().unwrap_or("").to_owned();
        let mentions: Vec<Value> = mentioned_ids(&content, "<@")
            .into_iter()
            .filter(|u| self.spec.member(*u).is_some() && allowed(body, "users", Some(*u)))
            .map(|u| self.user_json(u))
            .collect();
        let mention_roles: Vec<Value> = mentioned_ids(&content, "<@&")
            .into_iter()
            .filter(|r| self.spec.role(*r).is_some() && allowed(body, "roles", Some(*r)))
            .map(sid)
            .collect();
        let mention_everyone = (content.contains("@everyone") || content.contains("@here"))
            && allowed(body, "everyone", None);
        let mut msg = json!({
            "id": sid(id),
            "channel_id": sid(m.channel_id),
            "author": self.user_json(self.spec.bot_user_id),
            "content": content,
            "timestamp": now_iso(),
            "edited_timestamp": null,
            "tts": body["tts"].as_bool().unwrap_or(false),
            "mention_everyone": mention_everyone,
            "mentions": mentions,
            "mention_roles": mention_roles,
            "attachments": super::uploads::resolved(body),
            "embeds": normalize_embeds(&body["embeds"]),
            "components": body["components"].as_array().cloned().unwrap_or_default(),
            "pinned": false,
            "type": m.kind,
            "flags": body["flags"].as_u64().unwrap_or(0),
        });
        if m.guild {
            msg["guild_id"] = sid(self.spec.guild_id);
        }
        if let Some(n) = body.get("nonce").filter(|n| !n.is_null()) {
            msg["nonce"] = n.clone();
        }
        if let Some(r) = body.get("message_reference").filter(|n| !n.is_null()) {
            msg["message_reference"] = r.clone();
        }
        if m.interaction_reply {
            msg["webhook_id"] = sid(self.spec.application_id);
            msg["application_id"] = sid(self.spec.application_id);
        }
        msg
    }
}

/// Applies an edit (PATCH body or UPDATE_MESSAGE data) to a message object.
pub(crate) fn apply_edit(msg: &mut Value, edit: &Value) {
    let Some(o) = msg.as_object_mut() else {
        return;
    };
    let Some(e) = edit.as_object() else {
        return;
    };
    if let Some(c) = e.get("content") {
        o.insert(
            "content".into(),
            Value::String(c.as_str().unwrap_or("").to_owned()),
        );
    }
    if let Some(em) = e.get("embeds") {
        o.insert("embeds".into(), normalize_embeds(em));
    }
    for k in ["components", "attachments"] {
        if let Some(v) = e.get(k) {
            o.insert(
                k.into(),
                Value::Array(v.as_array().cloned().unwrap_or_default()),
            );
        }
    }
    let old = o.get("flags").and_then(Value::as_u64).unwrap_or(0);
    // Only SUPPRESS_EMBEDS can be changed by an edit; EPHEMERAL stays; the
    // "thinking…" (LOADING) state of a deferred response ends with the first edit.
    let suppress = e
        .get("flags")
        .and_then(Value::as_u64)
        .map_or(old & 4, |f| f & 4);
    o.insert("flags".into(), json!((old & 64) | suppress));
    o.insert("edited_timestamp".into(), Value::String(now_iso()));
}
