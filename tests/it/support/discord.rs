//! Reading what the fake Discord recorded (messages, permission overwrites), and the values
//! of slash-command options the end-to-end tests type.

use crate::fake_discord::{FakeDiscord, Slash, ALICE, BOB, CAROL, COORDINATION_ROLE};
use serde_json::Value;

/// `/participant add`'s `role` option: a mentor.
pub const MENTOR: i64 = 0;
/// `/participant add`'s `role` option: a mentee.
pub const MENTEE: i64 = 1;

/// `/session add`'s `kind` option: the kickoff.
pub const KICKOFF: i64 = 0;
/// `/session add`'s `kind` option: a session of another kind.
pub const OTHER: i64 = 3;

/// The usual pair: bob (mentor, EQIOM) and carol (mentee, Canovia), as
/// `TestBot::programme_with` enrols people.
pub const BOB_AND_CAROL: [(u64, i64, &str); 2] =
    [(BOB, MENTOR, "EQIOM"), (CAROL, MENTEE, "Canovia")];

/// `/setup` by the owner naming the standard Coordination role, to which a test adds the
/// other options.
pub fn setup_command() -> Slash {
    Slash::new("setup").role_opt("coordinator_role", COORDINATION_ROLE)
}

/// `/session add` of a `kind` session by the coordinator (alice).
pub fn session_add(kind: i64) -> Slash {
    Slash::new("session")
        .sub("add")
        .int_opt("kind", kind)
        .by(ALICE)
}

/// `/session cancel` of session n° `session` by the coordinator (alice).
pub fn session_cancel(session: i64) -> Slash {
    Slash::new("session")
        .sub("cancel")
        .int_opt("session", session)
        .by(ALICE)
}

/// A message's text ("" when it has none).
pub fn content(m: &Value) -> &str {
    m["content"].as_str().unwrap_or_default()
}

/// The texts of `messages`, in order.
pub fn contents(messages: &[Value]) -> Vec<String> {
    messages.iter().map(|m| content(m).to_owned()).collect()
}

/// Those of `messages` whose text contains `needle`.
pub fn with_text(messages: Vec<Value>, needle: &str) -> Vec<Value> {
    messages
        .into_iter()
        .filter(|m| m["content"].as_str().is_some_and(|c| c.contains(needle)))
        .collect()
}

/// The messages of `channel` whose text contains `needle`.
pub fn containing(fake: &FakeDiscord, channel: u64, needle: &str) -> Vec<Value> {
    with_text(fake.messages(channel), needle)
}

/// The custom id of the `index`th button of a message's first row.
pub fn button(m: &Value, index: usize) -> String {
    m["components"][0]["components"][index]["custom_id"]
        .as_str()
        .expect("a button")
        .to_string()
}

/// The labels of the buttons of a message's first row.
pub fn labels(m: &Value) -> Vec<String> {
    m["components"][0]["components"]
        .as_array()
        .expect("buttons")
        .iter()
        .map(|b| b["label"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The permission overwrite of `id` (user or role) on `channel`: (type, allow, deny).
pub fn overwrite(channel: &Value, id: u64) -> Option<(u64, u64, u64)> {
    channel["permission_overwrites"]
        .as_array()?
        .iter()
        .find(|o| FakeDiscord::id_of(o) == id)
        .map(|o| {
            let bits = |field: &str| {
                o[field]
                    .as_str()
                    .and_then(|s| s.parse::<u64>().ok())
                    .unwrap_or_else(|| panic!("{field} of {o} is not a permission set"))
            };
            (o["type"].as_u64().unwrap(), bits("allow"), bits("deny"))
        })
}

/// Like `overwrite`, for an overwrite that must be there.
pub fn overwrite_of(channel: &Value, id: u64) -> (u64, u64, u64) {
    overwrite(channel, id).unwrap_or_else(|| panic!("no overwrite for {id} in {channel}"))
}
