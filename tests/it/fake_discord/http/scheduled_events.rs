//! Guild scheduled events under `/guilds/{g}/scheduled-events`: create, list, get, delete.
//!
//! Enforced like Discord: creating needs CREATE_EVENTS or MANAGE_EVENTS (403/50013);
//! `privacy_level` must be 2 (GUILD_ONLY); `name` 1..=100 characters; `description` at most
//! 1000; an EXTERNAL event (entity_type 3) needs `entity_metadata.location` (1..=100) and
//! `scheduled_end_time`, and no `channel_id`; the end must come after the start. Deleting
//! needs MANAGE_EVENTS, or CREATE_EVENTS for the bot's own event; an unknown id answers
//! 404/10070. Each change is dispatched (GUILD_SCHEDULED_EVENT_CREATE / _DELETE) to sessions
//! with the GUILD_SCHEDULED_EVENTS intent.

use serde_json::{json, Value};

use super::{checked, has_guild_perm, id, Resp};
use crate::fake_discord::spec::perms::{CREATE_EVENTS, MANAGE_EVENTS};
use crate::fake_discord::state::{as_u64, error_body, form_error, sid, State};

const GUILD_SCHEDULED_EVENTS: u64 = 1 << 16;

fn unknown_event() -> Resp {
    Resp::not_found(10070, "Unknown Guild Scheduled Event")
}

fn bad(field: &str, code: &str, message: &str) -> Resp {
    Resp::err(400, form_error(field, code, message))
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
    if !has_guild_perm(st, CREATE_EVENTS) && !has_guild_perm(st, MANAGE_EVENTS) {
        return Resp::missing_permissions();
    }
    if body["privacy_level"].as_u64() != Some(2) {
        return bad(
            "privacy_level",
            "BASE_TYPE_CHOICES",
            "Value must be one of {2}.",
        );
    }
    let name = body["name"].as_str().unwrap_or("");
    if !(1..=100).contains(&name.chars().count()) {
        return bad(
            "name",
            "BASE_TYPE_BAD_LENGTH",
            "Must be between 1 and 100 in length.",
        );
    }
    if body["description"]
        .as_str()
        .is_some_and(|d| d.chars().count() > 1000)
    {
        return bad(
            "description",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 1000 or fewer in length.",
        );
    }
    let start = body["scheduled_start_time"]
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok());
    let Some(start) = start else {
        return bad(
            "scheduled_start_time",
            "DATE_TIME_TYPE_PARSE",
            "Could not parse the date.",
        );
    };
    let end = body["scheduled_end_time"]
        .as_str()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok());
    let kind = body["entity_type"].as_u64().unwrap_or(0);
    if !(1..=3).contains(&kind) {
        return bad(
            "entity_type",
            "BASE_TYPE_CHOICES",
            "Value must be one of {1, 2, 3}.",
        );
    }
    if kind == 3 {
        let location = body["entity_metadata"]["location"].as_str().unwrap_or("");
        if !(1..=100).contains(&location.chars().count()) {
            return bad(
                "entity_metadata.location",
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            );
        }
        if end.is_none() {
            return bad(
                "scheduled_end_time",
                "GUILD_SCHEDULED_EVENT_SCHEDULED_END_TIME_REQUIRED",
                "An end time is required for external events.",
            );
        }
        if !body["channel_id"].is_null() {
            return bad(
                "channel_id",
                "GUILD_SCHEDULED_EVENT_CHANNEL_ID_INVALID",
                "External events cannot have a channel.",
            );
        }
    }
    if end.is_some_and(|e| e <= start) {
        return Resp::err(
            400,
            error_body(50035, "The end time must be after the start time."),
        );
    }
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
    let may = has_guild_perm(st, MANAGE_EVENTS) || (own && has_guild_perm(st, CREATE_EVENTS));
    if !may {
        return Resp::missing_permissions();
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
