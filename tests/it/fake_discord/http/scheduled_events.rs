//! Guild scheduled events under `/guilds/{g}/scheduled-events`: create, list, get, delete.
//!
//! Enforced like Discord: creating needs CREATE_EVENTS (403/50013; MANAGE_EVENTS alone no
//! longer since February 23, 2026); the
//! body is checked by `rules::check_scheduled_event` (privacy level 2, name 1..=100,
//! description ≤ 1000, start in the future by the fake's clock, EXTERNAL events with a
//! location and an end and no channel, voice/stage events with a channel of their kind, the
//! end after the start). Deleting
//! needs MANAGE_EVENTS, or CREATE_EVENTS for the bot's own event; an unknown id answers
//! 404/10070. Each change is dispatched (GUILD_SCHEDULED_EVENT_CREATE / _DELETE) to sessions
//! with the GUILD_SCHEDULED_EVENTS intent.

use serde_json::{json, Value};

use super::{checked, has_guild_perm, id, Resp};
use crate::fake_discord::rules;
use crate::fake_discord::spec::perms::{CREATE_EVENTS, MANAGE_EVENTS};
use crate::fake_discord::state::{as_u64, sid, State};

const GUILD_SCHEDULED_EVENTS: u64 = 1 << 16;

fn unknown_event() -> Resp {
    Resp::not_found(10070, "Unknown Guild Scheduled Event")
}

pub(super) fn route(
    st: &mut State,
    method: &str,
    rest: &[&str],
    query: Option<&str>,
    body: &Value,
) -> Resp {
    use serenity::model::guild::ScheduledEvent;
    match (method, rest) {
        ("POST", []) => {
            let r = create(st, body);
            match r.body {
                Some(b) if r.status < 300 => Resp {
                    body: Some(checked::<ScheduledEvent>(st, "POST scheduled event", b)),
                    ..r
                },
                _ => r,
            }
        }
        ("GET", []) => {
            let with_count = query.is_some_and(|q| q.contains("with_user_count=true"));
            let list: Vec<Value> = st
                .scheduled_events
                .iter()
                .map(|e| with_user_count(e, with_count))
                .collect();
            Resp::ok(checked::<Vec<ScheduledEvent>>(
                st,
                "GET scheduled events",
                Value::Array(list),
            ))
        }
        ("GET", [e]) => match find(st, id(e)) {
            Some(v) => Resp::ok(checked::<ScheduledEvent>(st, "GET scheduled event", v)),
            None => unknown_event(),
        },
        ("DELETE", [e]) => delete(st, id(e)),
        _ => Resp::unknown_route(),
    }
}

fn with_user_count(e: &Value, with_count: bool) -> Value {
    let mut v = e.clone();
    if with_count {
        v["user_count"] = json!(0);
    }
    v
}

fn find(st: &State, event: Option<u64>) -> Option<Value> {
    st.scheduled_events
        .iter()
        .find(|e| as_u64(&e["id"]) == event && event.is_some())
        .cloned()
}

fn create(st: &mut State, body: &Value) -> Resp {
    let bot = st.base_permissions(st.spec.bot_user_id);
    if let Err(r) = rules::check_event_create_permission(bot) {
        return Resp::refused(r);
    }
    let now = st.now();
    let checked = rules::check_scheduled_event(body, now, |c| {
        st.channel(c).and_then(|ch| ch["type"].as_u64())
    });
    if let Err(r) = checked {
        return Resp::refused(r);
    }
    let name = body["name"].as_str().unwrap_or("");
    let kind = body["entity_type"].as_u64().unwrap_or(0);
    let eid = st.snowflake();
    let bot = st.spec.bot_user_id;
    let event = json!({
        "id": sid(eid),
        "guild_id": sid(st.spec.guild_id),
        "channel_id": body["channel_id"],
        "creator_id": sid(bot),
        "name": name,
        "description": body["description"],
        "scheduled_start_time": body["scheduled_start_time"],
        "scheduled_end_time": body["scheduled_end_time"],
        "privacy_level": 2,
        "status": 1,
        "entity_type": kind,
        "entity_id": null,
        "entity_metadata": if kind == 3 { body["entity_metadata"].clone() } else { Value::Null },
        "creator": st.user_json(bot),
        "image": null,
        "recurrence_rule": null,
    });
    st.scheduled_events.push(event.clone());
    st.broadcast(
        "GUILD_SCHEDULED_EVENT_CREATE",
        event.clone(),
        GUILD_SCHEDULED_EVENTS,
    );
    Resp::ok(event)
}

fn delete(st: &mut State, event: Option<u64>) -> Resp {
    let Some(found) = find(st, event) else {
        return unknown_event();
    };
    let own = as_u64(&found["creator_id"]) == Some(st.spec.bot_user_id);
    let bot = st.base_permissions(st.spec.bot_user_id);
    if let Err(r) = rules::check_event_delete_permission(bot, own) {
        return Resp::refused(r);
    }
    st.scheduled_events
        .retain(|e| as_u64(&e["id"]) != as_u64(&found["id"]));
    st.broadcast(
        "GUILD_SCHEDULED_EVENT_DELETE",
        found,
        GUILD_SCHEDULED_EVENTS,
    );
    Resp::no_content()
}
