//! The gateway at `/ws`: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats,
//! dispatches. Every payload is parsed with serenity's own types first.

use std::sync::Arc;

use axum::extract::ws::{CloseFrame, Message, WebSocket};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use serenity::model::event::{
    ChannelCreateEvent, ChannelDeleteEvent, ChannelUpdateEvent, Event, GatewayEvent,
    GuildCreateEvent, GuildRoleCreateEvent, InteractionCreateEvent, MessageCreateEvent,
    MessageUpdateEvent, ReadyEvent,
};
use tokio::sync::mpsc;

use super::state::{Conn, Outbound};
use super::Shared;

pub const HEARTBEAT_INTERVAL_MS: u64 = 41_250;

fn check<T: DeserializeOwned>(t: &str, text: &str) -> Result<(), String> {
    serde_json::from_str::<T>(text).map(|_| ()).map_err(|e| {
        format!(
            "the fake built a {t} payload that serenity 0.12.5 cannot parse ({}): {e}\npayload: {text}",
            std::any::type_name::<T>()
        )
    })
}

/// Checks a dispatch the way serenity will read it (from text, like its
/// websocket reader). Known event names must not fall into serenity's
/// catch-all `Unknown` variant, which would silently drop them.
pub fn validate_dispatch(t: &str, d: &Value) -> Result<(), String> {
    let text = d.to_string();
    match t {
        "READY" => check::<ReadyEvent>(t, &text)?,
        "GUILD_CREATE" => check::<GuildCreateEvent>(t, &text)?,
        "INTERACTION_CREATE" => check::<InteractionCreateEvent>(t, &text)?,
        "CHANNEL_CREATE" => check::<ChannelCreateEvent>(t, &text)?,
        "CHANNEL_UPDATE" => check::<ChannelUpdateEvent>(t, &text)?,
        "CHANNEL_DELETE" => check::<ChannelDeleteEvent>(t, &text)?,
        "MESSAGE_CREATE" => check::<MessageCreateEvent>(t, &text)?,
        "MESSAGE_UPDATE" => check::<MessageUpdateEvent>(t, &text)?,
        "GUILD_ROLE_CREATE" => check::<GuildRoleCreateEvent>(t, &text)?,
        _ => {}
    }
    let frame = json!({ "op": 0, "s": 1, "t": t, "d": d }).to_string();
    match serde_json::from_str::<GatewayEvent>(&frame) {
        Ok(GatewayEvent::Dispatch(_, Event::Unknown(_))) => Err(format!(
            "serenity 0.12.5 reads the {t} dispatch as Event::Unknown (unknown event name or \
             malformed payload) and would drop it\npayload: {text}"
        )),
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "serenity cannot parse the {t} frame: {e}\nframe: {frame}"
        )),
    }
}

/// Checks a non-dispatch frame (HELLO, ACK, INVALID_SESSION) with serenity.
fn validate_frame(frame: &Value) -> String {
    let text = frame.to_string();
    if let Err(e) = serde_json::from_str::<GatewayEvent>(&text) {
        panic!("the fake built a gateway frame serenity cannot parse: {e}\nframe: {text}");
    }
    text
}

async fn send_text(socket: &mut WebSocket, text: String) -> bool {
    socket.send(Message::Text(text.into())).await.is_ok()
}

pub async fn run(shared: Arc<Shared>, mut socket: WebSocket) {
    let mut shutdown = shared.shutdown.subscribe();
    {
        let mut st = shared.lock();
        st.gateway_connects += 1;
    }
    shared.bump();
    let hello = validate_frame(&json!({
        "op": 10, "s": null, "t": null,
        "d": { "heartbeat_interval": HEARTBEAT_INTERVAL_MS }
    }));
    if !send_text(&mut socket, hello).await {
        return;
    }
    let (tx, mut rx) = mpsc::unbounded_channel::<Outbound>();
    let mut tx = Some(tx);
    let mut conn_id = None;
    let mut seq: u64 = 0;
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let text = match incoming {
                    Some(Ok(Message::Text(t))) => t.to_string(),
                    Some(Ok(Message::Binary(_) | Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) => {
                        // Echo the close frame: serenity waits for it on shutdown.
                        let _ = socket.send(Message::Close(None)).await;
                        break;
                    }
                    Some(Err(_)) | None => break,
                };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else {
                    shared.problem(format!("gateway: client sent non-JSON text: {text}"));
                    break;
                };
                match frame["op"].as_u64() {
                    Some(1) => {
                        let ack = validate_frame(&json!({ "op": 11, "s": null, "t": null, "d": null }));
                        if !send_text(&mut socket, ack).await {
                            break;
                        }
                    }
                    Some(2) => {
                        let Some(tx) = tx.take() else {
                            shared.problem("gateway: client sent IDENTIFY twice on one connection".to_owned());
                            break;
                        };
                        let d = frame["d"].clone();
                        let intents = d["intents"].as_u64().unwrap_or(0);
                        let (ready, guild, id) = {
                            let mut st = shared.lock();
                            let id = st.new_conn_id();
                            st.identifies.push(d);
                            let ready = st.ready_json(id);
                            let guild = st.guild_create_json(intents);
                            st.conns.push(Conn { id, tx, intents });
                            (ready, guild, id)
                        };
                        conn_id = Some(id);
                        let mut ok = true;
                        for (t, payload) in [("READY", ready), ("GUILD_CREATE", guild)] {
                            if let Err(e) = validate_dispatch(t, &payload) {
                                shared.problem(e);
                                ok = false;
                                break;
                            }
                            seq += 1;
                            let frame = json!({ "op": 0, "s": seq, "t": t, "d": payload });
                            if !send_text(&mut socket, frame.to_string()).await {
                                ok = false;
                                break;
                            }
                        }
                        if !ok {
                            break;
                        }
                        shared.lock().ready_sent += 1;
                        shared.bump();
                    }
                    Some(6) => {
                        // No session resumption: tell the client to identify anew.
                        let invalid = validate_frame(&json!({ "op": 9, "s": null, "t": null, "d": false }));
                        if !send_text(&mut socket, invalid).await {
                            break;
                        }
                    }
                    // Presence updates, request guild members, voice state: ignored.
                    _ => {}
                }
            }
            out = rx.recv() => {
                match out {
                    Some(Outbound::Dispatch(t, d)) => {
                        seq += 1;
                        let frame = json!({ "op": 0, "s": seq, "t": t, "d": d });
                        if !send_text(&mut socket, frame.to_string()).await {
                            break;
                        }
                    }
                    Some(Outbound::Close(code)) => {
                        let _ = socket
                            .send(Message::Close(Some(CloseFrame { code, reason: "fake".into() })))
                            .await;
                        break;
                    }
                    None => break,
                }
            }
            _ = shutdown.changed() => {
                let _ = socket
                    .send(Message::Close(Some(CloseFrame { code: 1000, reason: "shutdown".into() })))
                    .await;
                break;
            }
        }
    }
    if let Some(id) = conn_id {
        shared.lock().conns.retain(|c| c.id != id);
        shared.bump();
    }
}
