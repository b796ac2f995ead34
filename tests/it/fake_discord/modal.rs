//! Modal submits (INTERACTION_CREATE type 5): a user fills in the form the bot opened with a
//! callback of type 9, and the fake sends back its text inputs as Discord does.

use serde_json::{json, Value};

use super::interaction::{base_interaction, new_rec};
use super::spec::OWNER;
use super::state::State;
use super::{FakeDiscord, Interaction};

/// A submit of the form the bot last opened for this user with `custom_id`.
#[derive(Debug, Clone)]
pub struct ModalSubmit {
    pub custom_id: String,
    pub user_id: u64,
    pub locale: String,
    /// (text input custom_id, typed value); inputs left out are submitted empty.
    pub fields: Vec<(String, String)>,
}

impl ModalSubmit {
    /// A submit by the guild owner, in French.
    pub fn new(custom_id: &str) -> Self {
        ModalSubmit {
            custom_id: custom_id.to_owned(),
            user_id: OWNER,
            locale: "fr".to_owned(),
            fields: Vec::new(),
        }
    }
    pub fn field(mut self, custom_id: &str, value: &str) -> Self {
        self.fields.push((custom_id.to_owned(), value.to_owned()));
        self
    }
    pub fn by(mut self, user_id: u64) -> Self {
        self.user_id = user_id;
        self
    }
    pub fn locale(mut self, locale: &str) -> Self {
        self.locale = locale.to_owned();
        self
    }
}

impl FakeDiscord {
    /// The text inputs of the modal the bot last opened for `user_id` with `custom_id` (panics
    /// if it opened none): `(custom_id, required, max_length)`.
    pub fn modal_inputs(&self, user_id: u64, custom_id: &str) -> Vec<(String, bool, Option<u64>)> {
        let st = self.shared.lock();
        let (_, modal) = opened_modal(&st, user_id, custom_id);
        inputs(&modal)
    }

    /// Sends the MODAL_SUBMIT for the modal the bot opened; panics if it opened none for this
    /// user, if a field is not in the form, or if the values break its required/max_length.
    pub async fn submit_modal(&self, submit: ModalSubmit) -> Interaction {
        let label = format!("modal submit {:?}", submit.custom_id);
        self.wait_session(&format!("a gateway session to send {label} to"))
            .await;
        let (rec, payload) = {
            let mut st = self.shared.lock();
            modal_payload(&mut st, &submit)
        };
        self.send_interaction(rec, payload, label)
    }
}

/// The channel and the `data` of the newest modal callback for this user and custom_id.
fn opened_modal(st: &State, user_id: u64, custom_id: &str) -> (u64, Value) {
    st.interactions
        .iter()
        .rev()
        .filter(|i| i.user_id == user_id)
        .find_map(|i| {
            i.replies
                .iter()
                .find(|r| r.kind == 9 && r.raw["custom_id"].as_str() == Some(custom_id))
                .map(|r| (i.channel_id, r.raw.clone()))
        })
        .unwrap_or_else(|| {
            panic!("modal submit {custom_id:?}: the bot opened no such modal for user {user_id}")
        })
}

fn inputs(modal: &Value) -> Vec<(String, bool, Option<u64>)> {
    modal["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter(|c| c["type"].as_u64() == Some(4))
        .map(|c| {
            (
                c["custom_id"].as_str().unwrap_or_default().to_owned(),
                c["required"].as_bool().unwrap_or(true),
                c["max_length"].as_u64(),
            )
        })
        .collect()
}

fn modal_payload(st: &mut State, s: &ModalSubmit) -> (super::state::InteractionRec, Value) {
    let (channel_id, modal) = opened_modal(st, s.user_id, &s.custom_id);
    let inputs = inputs(&modal);
    for (id, _) in &s.fields {
        assert!(
            inputs.iter().any(|(i, _, _)| i == id),
            "modal submit {:?}: the form has no input {id:?}; it has {inputs:?}",
            s.custom_id
        );
    }
    let rows: Vec<Value> = inputs
        .iter()
        .map(|(id, required, max)| {
            let value = s
                .fields
                .iter()
                .find(|(f, _)| f == id)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            assert!(
                !(*required && value.is_empty()),
                "modal submit {:?}: input {id:?} is required",
                s.custom_id
            );
            if let Some(max) = max {
                assert!(
                    value.chars().count() as u64 <= *max,
                    "modal submit {:?}: input {id:?} is longer than {max}",
                    s.custom_id
                );
            }
            json!({ "type": 1, "components": [{ "type": 4, "custom_id": id, "value": value }] })
        })
        .collect();
    let (iid, token, mut v) = base_interaction(st, 5, s.user_id, channel_id, &s.locale);
    v["data"] = json!({ "custom_id": s.custom_id, "components": rows });
    let rec = new_rec(iid, token, channel_id, None, s.user_id);
    (rec, v)
}
