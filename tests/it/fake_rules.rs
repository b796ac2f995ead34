//! Tests of the fake Discord itself: each rule of `fake_discord/rules.rs` is refused with
//! Discord's error, and the refusals are recorded (and fatal at `shutdown` unless declared).
//!
//! Requests are sent raw (a TcpStream, no serenity), since serenity refuses some invalid
//! bodies client-side (content over 2000 characters) and hides Discord's error bodies.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::fake_discord::{
    perms, Click, FakeDiscord, GuildSpec, Interaction, Slash, ADMIN_ROLE, APPLICATION_ID, BOB,
    BOT_ROLE, BOT_USER_ID, GENERAL, GUILD_ID, HEIDI, STRANGER,
};
use crate::harness_smoke::Bot;

/// One raw HTTP request to the fake; returns the status and the JSON body (Null if none).
async fn raw(fake: &FakeDiscord, method: &str, path: &str, body: &Value) -> (u16, Value) {
    let payload = if body.is_null() {
        String::new()
    } else {
        body.to_string()
    };
    send(fake, method, path, "application/json", payload.as_bytes()).await
}

/// A message with files, as serenity sends it: `payload_json` (with one `attachments` entry
/// per file) and a `files[n]` part of `size` bytes each.
async fn post_files(fake: &FakeDiscord, path: &str, sizes: &[usize]) -> (u16, Value) {
    const BOUNDARY: &str = "fake-rules-boundary";
    let attachments: Vec<Value> = (0..sizes.len())
        .map(|i| json!({"id": i, "filename": format!("f{i}.png")}))
        .collect();
    let payload = json!({"content": "x", "attachments": attachments});
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\n\
         Content-Type: application/json\r\n\r\n{payload}\r\n"
    )
    .into_bytes();
    for (i, size) in sizes.iter().enumerate() {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files[{i}]\"; \
                 filename=\"f{i}.png\"\r\nContent-Type: image/png\r\n\r\n"
            )
            .into_bytes(),
        );
        body.extend(std::iter::repeat_n(b'x', *size));
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").into_bytes());
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    send(fake, "POST", path, &content_type, &body).await
}

async fn send(
    fake: &FakeDiscord,
    method: &str,
    path: &str,
    content_type: &str,
    payload: &[u8],
) -> (u16, Value) {
    let addr = fake.base_url().trim_start_matches("http://").to_owned();
    let mut s = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let head = format!(
        "{method} /api/v10{path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bot ZmFrZQ.fake.token\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        payload.len()
    );
    s.write_all(head.as_bytes()).await.expect("write");
    s.write_all(payload).await.expect("write");
    let mut out = String::new();
    s.read_to_string(&mut out).await.expect("read");
    let (head, rest) = out.split_once("\r\n\r\n").expect("http answer");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    (status, serde_json::from_str(rest).unwrap_or(Value::Null))
}

/// Like `raw`, owning its path and body (for closures).
async fn owned(
    fake: &FakeDiscord,
    method: &'static str,
    path: String,
    body: Value,
) -> (u16, Value) {
    raw(fake, method, &path, &body).await
}

async fn post(fake: &FakeDiscord, path: &str, body: Value) -> (u16, Value) {
    raw(fake, "POST", path, &body).await
}

/// A fake with no global limit (these tests are not about pacing).
async fn start(spec: GuildSpec) -> FakeDiscord {
    let fake = FakeDiscord::start(spec).await;
    fake.set_global_limit(None);
    fake
}

/// The `_errors[0].code` at a path of a 50035 body.
fn error_code(body: &Value, path: &[&str]) -> String {
    let mut v = &body["errors"];
    for p in path {
        v = &v[*p];
    }
    v["_errors"][0]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error at {path:?} in {body}"))
        .to_owned()
}

/// Asserts a 400/50035 with an error at `path`.
#[track_caller]
fn assert_form_error(answer: &(u16, Value), path: &[&str], code: &str) {
    assert_eq!(answer.0, 400, "{}", answer.1);
    assert_eq!(answer.1["code"], 50035, "{}", answer.1);
    assert_eq!(answer.1["message"], "Invalid Form Body");
    assert_eq!(error_code(&answer.1, path), code, "{}", answer.1);
}

fn messages_path() -> String {
    format!("/channels/{GENERAL}/messages")
}

fn cmd(name: &str) -> Value {
    json!({"name": name, "description": "d", "type": 1})
}

fn commands_path() -> String {
    format!("/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands")
}

fn callback(i: &Interaction) -> String {
    format!("/interactions/{}/{}/callback", i.id, i.token)
}

fn webhook(i: &Interaction) -> String {
    format!("/webhooks/{APPLICATION_ID}/{}", i.token)
}

fn button(id: &str) -> Value {
    json!({"type": 2, "style": 1, "label": "ok", "custom_id": id})
}

fn row(components: Vec<Value>) -> Value {
    json!({"type": 1, "components": components})
}

// ----- 1. commands ----------------------------------------------------------

#[tokio::test]
async fn command_names_follow_discords_pattern_and_are_lowercase() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let put = |body: Value| owned(&fake, "PUT", commands_path(), body);
    for bad in ["Pair", "pair create", "a".repeat(33).as_str(), "", "pair!"] {
        let r = put(json!([cmd("ok"), cmd(bad)])).await;
        assert_eq!(r.0, 400, "{bad:?}: {}", r.1);
        assert!(r.1["errors"]["1"]["name"]["_errors"].is_array(), "{}", r.1);
    }
    let option = json!([{"name": "pair", "description": "d", "options": [
        {"type": 3, "name": "Mentor", "description": "d"}
    ]}]);
    assert_form_error(
        &put(option).await,
        &["0", "options", "0", "name"],
        "APPLICATION_COMMAND_INVALID_NAME",
    );
    let sub = json!([{"name": "pair", "description": "d", "options": [
        {"type": 1, "name": "Create", "description": "d"}
    ]}]);
    assert_form_error(
        &put(sub).await,
        &["0", "options", "0", "name"],
        "APPLICATION_COMMAND_INVALID_NAME",
    );
    // Accepted: dashes, underscores, apostrophes, accents, Devanagari, Thai; USER commands
    // may be mixed case with spaces.
    let ok = json!([
        cmd("objectif-de_l'année"),
        cmd("नमस्ते"),
        cmd("สวัสดี"),
        {"name": "Voir le Binôme", "type": 2},
    ]);
    assert_eq!(put(ok).await.0, 200);
    assert_eq!(fake.refusals().len(), 7);
    fake.shutdown().await;
}

#[tokio::test]
async fn command_and_option_descriptions_are_1_to_100_characters() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let long = json!([{"name": "pair", "description": "d".repeat(101)}]);
    let r = raw(&fake, "PUT", &commands_path(), &long).await;
    assert_form_error(&r, &["0", "description"], "BASE_TYPE_BAD_LENGTH");
    let empty = json!([{"name": "pair", "description": "d", "options": [
        {"type": 6, "name": "mentor", "description": ""}
    ]}]);
    let r = raw(&fake, "PUT", &commands_path(), &empty).await;
    assert_form_error(
        &r,
        &["0", "options", "0", "description"],
        "BASE_TYPE_BAD_LENGTH",
    );
    let ok = json!([{"name": "pair", "description": "d".repeat(100)}]);
    assert_eq!(raw(&fake, "PUT", &commands_path(), &ok).await.0, 200);
    fake.shutdown().await;
}

#[tokio::test]
async fn at_most_25_options_per_level_and_25_choices() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let opts = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| json!({"type": 3, "name": format!("o{i}"), "description": "d"}))
            .collect()
    };
    let top = json!([{"name": "pair", "description": "d", "options": opts(26)}]);
    let r = raw(&fake, "PUT", &commands_path(), &top).await;
    assert_form_error(&r, &["0", "options"], "BASE_TYPE_MAX_LENGTH");
    let nested = json!([{"name": "pair", "description": "d", "options": [
        {"type": 1, "name": "create", "description": "d", "options": opts(26)}
    ]}]);
    let r = raw(&fake, "PUT", &commands_path(), &nested).await;
    assert_form_error(
        &r,
        &["0", "options", "0", "options"],
        "BASE_TYPE_MAX_LENGTH",
    );
    let choices: Vec<Value> = (0..26)
        .map(|i| json!({"name": format!("c{i}"), "value": i}))
        .collect();
    let many = json!([{"name": "pair", "description": "d", "options": [
        {"type": 4, "name": "n", "description": "d", "choices": choices}
    ]}]);
    let r = raw(&fake, "PUT", &commands_path(), &many).await;
    assert_form_error(
        &r,
        &["0", "options", "0", "choices"],
        "BASE_TYPE_MAX_LENGTH",
    );
    let ok = json!([{"name": "pair", "description": "d", "options": opts(25)}]);
    assert_eq!(raw(&fake, "PUT", &commands_path(), &ok).await.0, 200);
    fake.shutdown().await;
}

#[tokio::test]
async fn required_options_come_before_optional_ones() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let body = json!([{"name": "pair", "description": "d", "options": [
        {"type": 3, "name": "a", "description": "d"},
        {"type": 3, "name": "b", "description": "d", "required": true},
    ]}]);
    let r = raw(&fake, "PUT", &commands_path(), &body).await;
    assert_form_error(
        &r,
        &["0", "options", "1"],
        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
    );
    let ok = json!([{"name": "pair", "description": "d", "options": [
        {"type": 3, "name": "b", "description": "d", "required": true},
        {"type": 3, "name": "a", "description": "d"},
    ]}]);
    assert_eq!(raw(&fake, "PUT", &commands_path(), &ok).await.0, 200);
    fake.shutdown().await;
}

#[tokio::test]
async fn localizations_use_discord_locales_and_the_same_lengths() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let bad_locale = json!([{"name": "pair", "description": "d",
        "name_localizations": {"fr-FR": "binome"}}]);
    let r = raw(&fake, "PUT", &commands_path(), &bad_locale).await;
    assert_form_error(
        &r,
        &["0", "name_localizations", "fr-FR"],
        "BASE_TYPE_CHOICES",
    );
    let long_name = json!([{"name": "pair", "description": "d",
        "name_localizations": {"fr": "b".repeat(33)}}]);
    let r = raw(&fake, "PUT", &commands_path(), &long_name).await;
    assert_form_error(
        &r,
        &["0", "name_localizations", "fr"],
        "BASE_TYPE_BAD_LENGTH",
    );
    let long_desc = json!([{"name": "pair", "description": "d", "options": [
        {"type": 3, "name": "a", "description": "d",
         "description_localizations": {"en-US": "d".repeat(101)}}
    ]}]);
    let r = raw(&fake, "PUT", &commands_path(), &long_desc).await;
    assert_form_error(
        &r,
        &["0", "options", "0", "description_localizations", "en-US"],
        "BASE_TYPE_BAD_LENGTH",
    );
    let ok = json!([{"name": "pair", "description": "d",
        "name_localizations": {"fr": "binôme", "en-GB": "pair", "es-419": "par", "zh-TW": "對"},
        "description_localizations": {"fr": "Créer un binôme"}}]);
    assert_eq!(raw(&fake, "PUT", &commands_path(), &ok).await.0, 200);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_command_is_at_most_8000_characters_counting_its_longest_localizations() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    // 1 + 100 per level, and 20 options of 4 + 100 (their description in French 100 long,
    // longer than the default one): 101 + 20 × 104 = 2181 per subcommand.
    let options: Vec<Value> = (0..20)
        .map(|i| {
            json!({"type": 3, "name": format!("o{i:03}"), "description": "d",
                   "description_localizations": {"fr": "é".repeat(100)}})
        })
        .collect();
    let subs = |n: usize| -> Vec<Value> {
        (0..n)
            .map(|i| {
                json!({"type": 1, "name": format!("s{i}"), "description": "d".repeat(100),
                       "options": options.clone()})
            })
            .collect()
    };
    // 4 subcommands: 4 + 1 + 4 × (2 + 100 + 2080) = 8733 > 8000.
    let big = json!([{"name": "pair", "description": "d", "options": subs(4)}]);
    let r = raw(&fake, "PUT", &commands_path(), &big).await;
    assert_eq!(r.0, 400, "{}", r.1);
    assert_eq!(
        r.1["errors"]["0"]["_errors"][0]["code"], "APPLICATION_COMMAND_TOO_LARGE",
        "{}",
        r.1
    );
    // 3 subcommands: 5 + 3 × 2182 = 6551: accepted.
    let ok = json!([{"name": "pair", "description": "d", "options": subs(3)}]);
    assert_eq!(raw(&fake, "PUT", &commands_path(), &ok).await.0, 200);
    fake.shutdown().await;
}

#[tokio::test]
async fn at_most_100_chat_input_commands_per_scope() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(30032);
    let many: Vec<Value> = (0..101).map(|i| cmd(&format!("c{i}"))).collect();
    let r = raw(&fake, "PUT", &commands_path(), &Value::Array(many.clone())).await;
    assert_eq!((r.0, r.1["code"].clone()), (400, json!(30032)), "{}", r.1);
    let hundred = Value::Array(many[..100].to_vec());
    assert_eq!(raw(&fake, "PUT", &commands_path(), &hundred).await.0, 200);
    // A 101st by POST; replacing one of the 100 by POST is fine.
    let r = post(&fake, &commands_path(), cmd("c100")).await;
    assert_eq!(r.1["code"], 30032, "{}", r.1);
    assert_eq!(post(&fake, &commands_path(), cmd("c5")).await.0, 201);
    // USER commands do not count.
    let mut mixed = many[..100].to_vec();
    mixed.push(json!({"name": "Voir", "type": 2}));
    assert_eq!(
        raw(&fake, "PUT", &commands_path(), &Value::Array(mixed))
            .await
            .0,
        200
    );
    assert_eq!(fake.refusals().len(), 2);
    fake.shutdown().await;
}

// ----- 2. messages ----------------------------------------------------------

#[tokio::test]
async fn message_content_embeds_and_their_size() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let path = messages_path();
    let r = post(&fake, &path, json!({"content": "x".repeat(2001)})).await;
    assert_form_error(&r, &["content"], "BASE_TYPE_MAX_LENGTH");
    assert_eq!(
        post(&fake, &path, json!({"content": "é".repeat(2000)}))
            .await
            .0,
        200
    );
    let embeds: Vec<Value> = (0..11).map(|_| json!({"title": "t"})).collect();
    let r = post(&fake, &path, json!({ "embeds": embeds })).await;
    assert_form_error(&r, &["embeds"], "BASE_TYPE_MAX_LENGTH");
    let big = json!({"embeds": [
        {"title": "t".repeat(200), "description": "d".repeat(4000)},
        {"description": "d".repeat(1801)},
    ]});
    assert_form_error(
        &post(&fake, &path, big).await,
        &["embeds"],
        "MAX_EMBED_SIZE_EXCEEDED",
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn at_most_10_attachments_per_message() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let path = messages_path();
    let ten = post_files(&fake, &path, &[16; 10]).await;
    assert_eq!(ten.0, 200, "{}", ten.1);
    assert_eq!(ten.1["attachments"].as_array().map(Vec::len), Some(10));
    let r = post_files(&fake, &path, &[16; 11]).await;
    assert_form_error(&r, &["attachments"], "BASE_TYPE_MAX_LENGTH");
    fake.shutdown().await;
}

#[tokio::test]
async fn a_file_over_10_mib_is_refused_with_40005() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(40005);
    let path = messages_path();
    let mib = 1024 * 1024;
    // Each file is judged on its own: 10 MiB and 1 MiB pass, 11 MiB together.
    let r = post_files(&fake, &path, &[10 * mib, mib]).await;
    assert_eq!(r.0, 200, "{}", r.1);
    let r = post_files(&fake, &path, &[mib; 10]).await;
    assert_eq!(r.0, 200, "{}", r.1);
    let r = post_files(&fake, &path, &[16, 10 * mib + 1]).await;
    assert_eq!((r.0, r.1["code"].clone()), (413, json!(40005)), "{}", r.1);
    assert_eq!(fake.refusals().len(), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn an_empty_message_is_refused() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50006);
    let r = post(&fake, &messages_path(), json!({"content": ""})).await;
    assert_eq!((r.0, r.1["code"].clone()), (400, json!(50006)), "{}", r.1);
    fake.shutdown().await;
}

#[tokio::test]
async fn allowed_mentions_at_most_100_ids_and_parse_excludes_the_same_list() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let path = messages_path();
    let ids: Vec<String> = (0..101u64).map(|i| (1_000 + i).to_string()).collect();
    for kind in ["users", "roles"] {
        let r = post(
            &fake,
            &path,
            json!({"content": "x", "allowed_mentions": {kind: ids}}),
        )
        .await;
        assert_form_error(&r, &["allowed_mentions", kind], "BASE_TYPE_MAX_LENGTH");
        let exclusive = json!({"content": "x",
            "allowed_mentions": {"parse": [kind], kind: [ids[0].clone()]}});
        let r = post(&fake, &path, exclusive).await;
        assert_form_error(
            &r,
            &["allowed_mentions"],
            "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
        );
    }
    let ok = json!({"content": "x",
        "allowed_mentions": {"parse": ["roles"], "users": ids[..100].to_vec()}});
    assert_eq!(post(&fake, &path, ok).await.0, 200);
    fake.shutdown().await;
}

#[tokio::test]
async fn components_rows_buttons_selects_labels_and_custom_ids() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let path = messages_path();
    let rows: Vec<Value> = (0..6)
        .map(|i| row(vec![button(&format!("b{i}"))]))
        .collect();
    let r = post(&fake, &path, json!({ "components": rows })).await;
    assert_form_error(&r, &["components"], "BASE_TYPE_MAX_LENGTH");
    let six: Vec<Value> = (0..6).map(|i| button(&format!("b{i}"))).collect();
    let r = post(&fake, &path, json!({"components": [row(six)]})).await;
    assert_form_error(
        &r,
        &["components", "0", "components"],
        "BASE_TYPE_BAD_LENGTH",
    );
    let select = json!({"type": 3, "custom_id": "s", "options": [{"label": "a", "value": "a"}]});
    let r = post(
        &fake,
        &path,
        json!({"components": [row(vec![select.clone(), button("b")])]}),
    )
    .await;
    assert_form_error(
        &r,
        &["components", "0", "components"],
        "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
    );
    let mut long_label = button("b");
    long_label["label"] = json!("l".repeat(81));
    let r = post(&fake, &path, json!({"components": [row(vec![long_label])]})).await;
    assert_form_error(
        &r,
        &["components", "0", "components", "0", "label"],
        "BASE_TYPE_MAX_LENGTH",
    );
    let r = post(
        &fake,
        &path,
        json!({"components": [row(vec![button(&"c".repeat(101))])]}),
    )
    .await;
    assert_form_error(
        &r,
        &["components", "0", "components", "0", "custom_id"],
        "BASE_TYPE_BAD_LENGTH",
    );
    let dup = json!({"components": [row(vec![button("same")]), row(vec![button("same")])]});
    assert_form_error(
        &post(&fake, &path, dup).await,
        &["components", "1", "components", "0", "custom_id"],
        "COMPONENT_CUSTOM_ID_DUPLICATED",
    );
    let five: Vec<Value> = (0..5).map(|i| button(&format!("b{i}"))).collect();
    let ok = json!({"components": [row(five), row(vec![select])]});
    assert_eq!(post(&fake, &path, ok).await.0, 200);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_nonce_is_at_most_25_characters() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let path = messages_path();
    let r = post(
        &fake,
        &path,
        json!({"content": "x", "nonce": "n".repeat(26)}),
    )
    .await;
    assert_form_error(&r, &["nonce"], "BASE_TYPE_MAX_LENGTH");
    let ok = json!({"content": "x", "nonce": "n".repeat(25), "enforce_nonce": true});
    assert_eq!(post(&fake, &path, ok).await.0, 200);
    assert_eq!(fake.refusals().len(), 1);
    fake.shutdown().await;
}

#[tokio::test]
async fn every_message_route_has_the_same_limits() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let bot = Bot::start(&fake).await;
    let too_long = json!({"content": "x".repeat(2001)});
    // Channel message: POST and PATCH.
    let (_, msg) = post(
        &fake,
        &messages_path(),
        json!({"content": "x", "components": [row(vec![button("go")])]}),
    )
    .await;
    let edit = format!("{}/{}", messages_path(), FakeDiscord::id_of(&msg));
    assert_form_error(
        &raw(&fake, "PATCH", &edit, &too_long).await,
        &["content"],
        "BASE_TYPE_MAX_LENGTH",
    );
    // Interaction response (type 4), then follow-up and @original edit.
    let i = fake.slash(Slash::new("x").unchecked()).await;
    let r = post(&fake, &callback(&i), json!({"type": 4, "data": too_long})).await;
    assert_form_error(&r, &["content"], "BASE_TYPE_MAX_LENGTH");
    let r = post(&fake, &callback(&i), json!({"type": 5})).await;
    assert_eq!(r.0, 204, "{}", r.1);
    let r = post(&fake, &webhook(&i), too_long.clone()).await;
    assert_form_error(&r, &["content"], "BASE_TYPE_MAX_LENGTH");
    let original = format!("{}/messages/@original", webhook(&i));
    let r = raw(&fake, "PATCH", &original, &too_long).await;
    assert_form_error(&r, &["content"], "BASE_TYPE_MAX_LENGTH");
    let many = json!({"content": "x", "allowed_mentions": {"users": vec!["1"; 101]}});
    assert_form_error(
        &raw(&fake, "PATCH", &original, &many).await,
        &["allowed_mentions", "users"],
        "BASE_TYPE_MAX_LENGTH",
    );
    // Update message (type 7) on a button click.
    let click = fake.click(Click::button("go")).await;
    let r = post(
        &fake,
        &callback(&click),
        json!({"type": 7, "data": too_long}),
    )
    .await;
    assert_form_error(&r, &["content"], "BASE_TYPE_MAX_LENGTH");
    assert_eq!(fake.refusals().len(), 6);
    bot.stop().await;
    fake.shutdown().await;
}

// ----- autocomplete results -------------------------------------------------

#[tokio::test]
async fn autocomplete_results_have_at_most_25_choices_of_bounded_names_and_values() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let bot = Bot::start(&fake).await;
    let choice = |name: &str, value: &str| json!({"name": name, "value": value});
    let result = |choices: Vec<Value>| json!({"type": 8, "data": {"choices": choices}});
    let cases: Vec<(Value, Vec<&str>, &str)> = vec![
        (
            result((0..26).map(|i| choice(&format!("t{i}"), "v")).collect()),
            vec!["choices"],
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            result(vec![choice("", "v")]),
            vec!["choices", "0", "name"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            result(vec![choice(&"n".repeat(101), "v")]),
            vec!["choices", "0", "name"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            result(vec![choice("n", &"v".repeat(101))]),
            vec!["choices", "0", "value"],
            "BASE_TYPE_MAX_LENGTH",
        ),
    ];
    for (body, path, code) in cases {
        let i = fake.slash(Slash::new("x").unchecked()).await;
        let mut full = vec!["data"];
        full.extend(path);
        assert_form_error(&post(&fake, &callback(&i), body).await, &full, code);
    }
    let i = fake.slash(Slash::new("x").unchecked()).await;
    let ok = result(
        (0..25)
            .map(|i| choice(&format!("{i}{}", "n".repeat(98)), &"v".repeat(100)))
            .collect(),
    );
    assert_eq!(post(&fake, &callback(&i), ok).await.0, 204);
    bot.stop().await;
    fake.shutdown().await;
}

// ----- 3. modals ------------------------------------------------------------

fn modal(title: &str, inputs: Vec<Value>) -> Value {
    json!({"type": 9, "data": {"custom_id": "m", "title": title,
        "components": inputs.into_iter().map(|c| row(vec![c])).collect::<Vec<_>>()}})
}

fn input(id: &str) -> Value {
    json!({"type": 4, "custom_id": id, "style": 1, "label": "Objectif"})
}

#[tokio::test]
async fn modal_title_components_and_text_inputs() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let bot = Bot::start(&fake).await;
    let with = |k: &str, v: Value| {
        let mut c = input("a");
        c[k] = v;
        c
    };
    let cases: Vec<(Value, Vec<&str>, &str)> = vec![
        (
            modal(&"t".repeat(46), vec![input("a")]),
            vec!["title"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            modal("t", vec![]),
            vec!["components"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            modal("t", (0..6).map(|i| input(&format!("i{i}"))).collect()),
            vec!["components"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            modal("t", vec![with("label", json!("l".repeat(46)))]),
            vec!["components", "0", "components", "0", "label"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            modal("t", vec![with("placeholder", json!("p".repeat(101)))]),
            vec!["components", "0", "components", "0", "placeholder"],
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            modal("t", vec![input(&"c".repeat(101))]),
            vec!["components", "0", "components", "0", "custom_id"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            modal("t", vec![with("value", json!("v".repeat(4001)))]),
            vec!["components", "0", "components", "0", "value"],
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            modal("t", vec![with("min_length", json!(4001))]),
            vec!["components", "0", "components", "0", "min_length"],
            "NUMBER_TYPE_MAX",
        ),
        (
            modal("t", vec![with("max_length", json!(4001))]),
            vec!["components", "0", "components", "0", "max_length"],
            "NUMBER_TYPE_MAX",
        ),
    ];
    for (body, path, code) in cases {
        let i = fake.slash(Slash::new("x").unchecked()).await;
        let mut full = vec!["data"];
        full.extend(path);
        assert_form_error(&post(&fake, &callback(&i), body).await, &full, code);
    }
    let i = fake.slash(Slash::new("x").unchecked()).await;
    let ok = modal(
        &"t".repeat(45),
        vec![
            with("max_length", json!(4000)),
            input("b"),
            input("c"),
            input("d"),
            input("e"),
        ],
    );
    assert_eq!(post(&fake, &callback(&i), ok).await.0, 204);
    bot.stop().await;
    fake.shutdown().await;
}

// ----- 4. scheduled events ----------------------------------------------------

fn event(start_in: chrono::Duration) -> Value {
    let start = chrono::Utc::now() + start_in;
    json!({
        "name": "Regroupement", "privacy_level": 2, "entity_type": 3,
        "scheduled_start_time": start.to_rfc3339(),
        "scheduled_end_time": (start + chrono::Duration::hours(2)).to_rfc3339(),
        "entity_metadata": {"location": "Lyon"},
    })
}

#[tokio::test]
async fn scheduled_events_are_checked_like_discord() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let path = format!("/guilds/{GUILD_ID}/scheduled-events");
    let day = chrono::Duration::days(1);
    let with = |k: &str, v: Value| {
        let mut e = event(day);
        e[k] = v;
        e
    };
    let cases = vec![
        (
            with("name", json!("")),
            vec!["name"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            with("name", json!("n".repeat(101))),
            vec!["name"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            with("description", json!("d".repeat(1001))),
            vec!["description"],
            "BASE_TYPE_MAX_LENGTH",
        ),
        (
            with("privacy_level", json!(1)),
            vec!["privacy_level"],
            "BASE_TYPE_CHOICES",
        ),
        (
            event(-chrono::Duration::minutes(1)),
            vec!["scheduled_start_time"],
            "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
        ),
        (
            with("entity_metadata", json!({})),
            vec!["entity_metadata", "location"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            with("entity_metadata", json!({"location": "l".repeat(101)})),
            vec!["entity_metadata", "location"],
            "BASE_TYPE_BAD_LENGTH",
        ),
        (
            with("scheduled_end_time", Value::Null),
            vec!["scheduled_end_time"],
            "GUILD_SCHEDULED_EVENT_SCHEDULED_END_TIME_REQUIRED",
        ),
        (
            with("channel_id", json!(GENERAL.to_string())),
            vec!["channel_id"],
            "GUILD_SCHEDULED_EVENT_CHANNEL_ID_INVALID",
        ),
        (
            with("entity_type", json!(2)),
            vec!["channel_id"],
            "BASE_TYPE_REQUIRED",
        ),
        (
            {
                let mut e = with("entity_type", json!(2));
                e["channel_id"] = json!(GENERAL.to_string());
                e
            },
            vec!["channel_id"],
            "GUILD_SCHEDULED_EVENT_CHANNEL_ID_INVALID",
        ),
    ];
    for (body, p, code) in cases {
        assert_form_error(&post(&fake, &path, body).await, &p, code);
    }
    assert_eq!(post(&fake, &path, event(day)).await.0, 200);
    // Discord's clock can be the test's: a year ahead, tomorrow is in the past.
    fake.set_clock(|| chrono::Utc::now() + chrono::Duration::days(365));
    assert_form_error(
        &post(&fake, &path, event(day)).await,
        &["scheduled_start_time"],
        "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
    );
    fake.shutdown().await;
}

#[tokio::test]
async fn creating_a_scheduled_event_needs_create_events_manage_events_alone_is_not_enough() {
    for without in [
        perms::CREATE_EVENTS | perms::MANAGE_EVENTS,
        perms::CREATE_EVENTS,
    ] {
        let mut spec = GuildSpec::standard();
        for role in &mut spec.roles {
            if role.id == BOT_ROLE {
                role.permissions &= !without;
            }
        }
        let fake = start(spec).await;
        fake.expect_refusal(50013);
        let path = format!("/guilds/{GUILD_ID}/scheduled-events");
        let r = post(&fake, &path, event(chrono::Duration::days(1))).await;
        assert_eq!((r.0, r.1["code"].clone()), (403, json!(50013)), "{}", r.1);
        fake.shutdown().await;
    }
    // CREATE_EVENTS alone creates, and deletes the bot's own event.
    let mut spec = GuildSpec::standard();
    for role in &mut spec.roles {
        if role.id == BOT_ROLE {
            role.permissions &= !perms::MANAGE_EVENTS;
        }
    }
    let fake = start(spec).await;
    let path = format!("/guilds/{GUILD_ID}/scheduled-events");
    let (status, ev) = post(&fake, &path, event(chrono::Duration::days(1))).await;
    assert_eq!(status, 200, "{ev}");
    let del = format!("{path}/{}", FakeDiscord::id_of(&ev));
    assert_eq!(raw(&fake, "DELETE", &del, &Value::Null).await.0, 204);
    fake.shutdown().await;
}

// ----- 5. channels ------------------------------------------------------------

fn overwrites(n: u64) -> Vec<Value> {
    (0..n)
        .map(|i| {
            json!({"id": (200_000_000_000_000_000 + i).to_string(), "type": 1,
                        "allow": "1024", "deny": "0"})
        })
        .collect()
}

#[tokio::test]
async fn channel_names_and_topics() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let create = format!("/guilds/{GUILD_ID}/channels");
    let r = post(&fake, &create, json!({"name": "n".repeat(101)})).await;
    assert_form_error(&r, &["name"], "BASE_TYPE_BAD_LENGTH");
    let r = post(
        &fake,
        &create,
        json!({"name": "a", "topic": "t".repeat(1025)}),
    )
    .await;
    assert_form_error(&r, &["topic"], "BASE_TYPE_MAX_LENGTH");
    let (status, ch) = post(
        &fake,
        &create,
        json!({"name": "a", "topic": "t".repeat(1024)}),
    )
    .await;
    assert_eq!(status, 201, "{ch}");
    let edit = format!("/channels/{}", FakeDiscord::id_of(&ch));
    let r = raw(&fake, "PATCH", &edit, &json!({"name": ""})).await;
    assert_form_error(&r, &["name"], "BASE_TYPE_BAD_LENGTH");
    let r = raw(&fake, "PATCH", &edit, &json!({"topic": "t".repeat(1025)})).await;
    assert_form_error(&r, &["topic"], "BASE_TYPE_MAX_LENGTH");
    let forum = json!({"name": "f", "type": 15, "topic": "t".repeat(4096)});
    assert_eq!(post(&fake, &create, forum).await.0, 201);
    fake.shutdown().await;
}

#[tokio::test]
async fn at_most_100_permission_overwrites_per_channel() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50035);
    let create = format!("/guilds/{GUILD_ID}/channels");
    let r = post(
        &fake,
        &create,
        json!({"name": "a", "permission_overwrites": overwrites(101)}),
    )
    .await;
    assert_form_error(&r, &["permission_overwrites"], "BASE_TYPE_MAX_LENGTH");
    let (status, ch) = post(
        &fake,
        &create,
        json!({"name": "a", "permission_overwrites": overwrites(100)}),
    )
    .await;
    assert_eq!(status, 201, "{ch}");
    let cid = FakeDiscord::id_of(&ch);
    let r = raw(
        &fake,
        "PATCH",
        &format!("/channels/{cid}"),
        &json!({"permission_overwrites": overwrites(101)}),
    )
    .await;
    assert_form_error(&r, &["permission_overwrites"], "BASE_TYPE_MAX_LENGTH");
    // Replacing one of the 100 is fine, a 101st is not.
    let put = |target: u64| {
        owned(
            &fake,
            "PUT",
            format!("/channels/{cid}/permissions/{target}"),
            json!({"type": 1, "allow": "2048", "deny": "0"}),
        )
    };
    assert_eq!(put(200_000_000_000_000_000).await.0, 204);
    assert_form_error(
        &put(BOT_USER_ID).await,
        &["permission_overwrites"],
        "BASE_TYPE_MAX_LENGTH",
    );
    assert_eq!(
        fake.channel(cid).expect("channel")["permission_overwrites"]
            .as_array()
            .map(Vec::len),
        Some(100)
    );
    fake.shutdown().await;
}

// ----- 6. interaction deadlines ------------------------------------------------

#[tokio::test]
async fn the_initial_response_must_come_within_3_seconds() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(10062);
    let bot = Bot::start(&fake).await;
    let late = fake.slash(Slash::new("x").unchecked()).await;
    fake.age_interactions(Duration::from_millis(3100));
    let r = post(&fake, &callback(&late), json!({"type": 5})).await;
    assert_eq!(
        r,
        (
            404,
            json!({"code": 10062, "message": "Unknown interaction"})
        )
    );
    let in_time = fake.slash(Slash::new("x").unchecked()).await;
    fake.age_interactions(Duration::from_millis(2500));
    assert_eq!(
        post(&fake, &callback(&in_time), json!({"type": 5})).await.0,
        204
    );
    assert_eq!(fake.refusals().len(), 1);
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn inbound_latency_counts_against_the_deadline() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(10062);
    let bot = Bot::start(&fake).await;
    let i = fake.slash(Slash::new("x").unchecked()).await;
    // Two Discord calls before the answer, each handled 1 s after it was sent: the callback
    // is handled past 3 s.
    fake.delay_every_request(Duration::from_secs(1));
    let started = std::time::Instant::now();
    assert_eq!(
        raw(&fake, "GET", &format!("/channels/{GENERAL}"), &Value::Null)
            .await
            .0,
        200
    );
    assert_eq!(
        raw(&fake, "GET", &format!("/guilds/{GUILD_ID}"), &Value::Null)
            .await
            .0,
        200
    );
    let r = post(&fake, &callback(&i), json!({"type": 5})).await;
    assert!(started.elapsed() >= Duration::from_secs(3));
    assert_eq!(r.1["code"], 10062, "{}", r.1);
    fake.delay_every_request(Duration::ZERO);
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn follow_ups_and_edits_must_come_within_15_minutes() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50027);
    let bot = Bot::start(&fake).await;
    let i = fake.slash(Slash::new("x").unchecked()).await;
    assert_eq!(post(&fake, &callback(&i), json!({"type": 5})).await.0, 204);
    fake.age_interactions(Duration::from_secs(14 * 60));
    let r = post(&fake, &webhook(&i), json!({"content": "done"})).await;
    assert_eq!(r.0, 200, "{}", r.1);
    fake.age_interactions(Duration::from_secs(2 * 60));
    let expired = (
        401,
        json!({"code": 50027, "message": "Invalid Webhook Token"}),
    );
    assert_eq!(
        post(&fake, &webhook(&i), json!({"content": "late"})).await,
        expired
    );
    let original = format!("{}/messages/@original", webhook(&i));
    let r = raw(&fake, "PATCH", &original, &json!({"content": "late"})).await;
    assert_eq!(r, expired);
    assert_eq!(fake.refusals().len(), 2);
    // The deadlines can be configured instead.
    fake.set_interaction_deadlines(Duration::from_secs(3), Duration::from_secs(60 * 60));
    assert_eq!(
        post(&fake, &webhook(&i), json!({"content": "ok"})).await.0,
        200
    );
    bot.stop().await;
    fake.shutdown().await;
}

// ----- 7. pins ----------------------------------------------------------------

#[tokio::test]
async fn pinning_needs_pin_messages_not_manage_messages() {
    let mut spec = GuildSpec::standard();
    for role in &mut spec.roles {
        if role.id == BOT_ROLE {
            role.permissions = (perms::BOT_INVITE & !perms::PIN_MESSAGES) | perms::MANAGE_MESSAGES;
        }
    }
    let fake = start(spec).await;
    fake.expect_refusal(50013);
    let (_, msg) = post(&fake, &messages_path(), json!({"content": "objectif"})).await;
    let mid = FakeDiscord::id_of(&msg);
    for route in [
        format!("/channels/{GENERAL}/messages/pins/{mid}"),
        format!("/channels/{GENERAL}/pins/{mid}"),
    ] {
        for method in ["PUT", "DELETE"] {
            let r = raw(&fake, method, &route, &Value::Null).await;
            assert_eq!(
                (r.0, r.1["code"].clone()),
                (403, json!(50013)),
                "{method} {route}"
            );
        }
    }
    // PIN_MESSAGES granted by a channel overwrite is enough.
    fake.tamper_overwrites_unseen(GENERAL, |o| {
        o.push(json!({"id": BOT_USER_ID.to_string(), "type": 1,
                      "allow": perms::PIN_MESSAGES.to_string(), "deny": "0"}));
    });
    let pin = format!("/channels/{GENERAL}/messages/pins/{mid}");
    assert_eq!(raw(&fake, "PUT", &pin, &Value::Null).await.0, 204);
    let (status, list) = raw(
        &fake,
        "GET",
        &format!("/channels/{GENERAL}/messages/pins"),
        &Value::Null,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["message"]["id"], msg["id"], "{list}");
    let (_, legacy) = raw(
        &fake,
        "GET",
        &format!("/channels/{GENERAL}/pins"),
        &Value::Null,
    )
    .await;
    assert_eq!(legacy[0]["id"], msg["id"], "{legacy}");
    assert_eq!(raw(&fake, "DELETE", &pin, &Value::Null).await.0, 204);
    assert_eq!(fake.refusals().len(), 4);
    fake.shutdown().await;
}

#[tokio::test]
async fn a_pin_denied_by_a_channel_overwrite_is_refused() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50013);
    let (_, msg) = post(&fake, &messages_path(), json!({"content": "objectif"})).await;
    fake.tamper_overwrites_unseen(GENERAL, |o| {
        o.push(json!({"id": BOT_ROLE.to_string(), "type": 0,
                      "allow": "0", "deny": perms::PIN_MESSAGES.to_string()}));
    });
    let pin = format!("/channels/{GENERAL}/pins/{}", FakeDiscord::id_of(&msg));
    assert_eq!(raw(&fake, "PUT", &pin, &Value::Null).await.1["code"], 50013);
    fake.shutdown().await;
}

#[tokio::test]
async fn at_most_250_pins_per_channel() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(30003);
    let mut ids = Vec::new();
    for i in 0..251 {
        let (_, m) = post(&fake, &messages_path(), json!({"content": format!("m{i}")})).await;
        ids.push(FakeDiscord::id_of(&m));
    }
    for id in &ids[..250] {
        let r = raw(
            &fake,
            "PUT",
            &format!("/channels/{GENERAL}/messages/pins/{id}"),
            &Value::Null,
        )
        .await;
        assert_eq!(r.0, 204, "{}", r.1);
    }
    let r = raw(
        &fake,
        "PUT",
        &format!("/channels/{GENERAL}/messages/pins/{}", ids[250]),
        &Value::Null,
    )
    .await;
    assert_eq!((r.0, r.1["code"].clone()), (400, json!(30003)), "{}", r.1);
    fake.shutdown().await;
}

#[test]
fn the_bot_invite_grants_pin_messages_and_no_longer_manage_messages() {
    assert_eq!(perms::PIN_MESSAGES, 1 << 51);
    assert_eq!(perms::BOT_INVITE, 2_269_400_858_217_488);
    assert_eq!(perms::BOT_INVITE & perms::MANAGE_MESSAGES, 0);
    // `normalized` still gives the bot the role carrying BOT_INVITE.
    let mut spec = GuildSpec::standard();
    spec.members.retain(|m| m.user_id != BOT_USER_ID);
    let spec = spec.normalized();
    assert_eq!(
        spec.member(BOT_USER_ID).map(|m| m.roles.clone()),
        Some(vec![BOT_ROLE])
    );
}

// ----- the suite-wide contract ---------------------------------------------------

#[tokio::test]
#[should_panic(expected = "POST /channels/150000000000000001/messages -> 400 50035")]
async fn an_undeclared_refusal_fails_shutdown() {
    let fake = start(GuildSpec::standard()).await;
    let _ = post(
        &fake,
        &messages_path(),
        json!({"content": "x".repeat(2001)}),
    )
    .await;
    fake.shutdown().await;
}

#[tokio::test]
async fn closed_dms_and_injected_failures_are_not_refusals_of_the_bot() {
    let fake = start(GuildSpec::standard()).await;
    let (_, dm) = post(
        &fake,
        "/users/@me/channels",
        json!({"recipient_id": HEIDI.to_string()}),
    )
    .await;
    let r = post(
        &fake,
        &format!("/channels/{}/messages", FakeDiscord::id_of(&dm)),
        json!({"content": "coucou"}),
    )
    .await;
    assert_eq!(r.1["code"], 50007);
    fake.fail_next("POST /channels/", 403, 1);
    assert_eq!(
        post(&fake, &messages_path(), json!({"content": "x"}))
            .await
            .0,
        403
    );
    assert!(fake.refusals().is_empty(), "{:?}", fake.refusals());
    // A precise expectation covers only what it names.
    fake.expect_refusal_where("too long in #general", |r| {
        r.path.ends_with(&format!("/channels/{GENERAL}/messages")) && r.code == 50035
    });
    let _ = post(
        &fake,
        &messages_path(),
        json!({"content": "x".repeat(2001)}),
    )
    .await;
    assert_eq!(fake.refusals().len(), 1);
    assert!(fake.unexpected_refusals().is_empty());
    fake.shutdown().await;
}

/// Without Read Message History in a channel, Discord lists no message there, refuses to
/// fetch one (50013) and refuses a reply (160002); posting and pinning still work.
#[tokio::test]
async fn reading_history_and_replying_need_read_message_history() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50013);
    fake.expect_refusal(160002);
    let (_, msg) = post(&fake, &messages_path(), json!({"content": "annonce"})).await;
    let mid = FakeDiscord::id_of(&msg);
    let one = format!("/channels/{GENERAL}/messages/{mid}");
    assert_eq!(raw(&fake, "GET", &one, &Value::Null).await.0, 200);
    fake.tamper_overwrites_unseen(GENERAL, |o| {
        o.push(
            json!({"id": BOT_USER_ID.to_string(), "type": 1, "allow": "0",
                      "deny": perms::READ_MESSAGE_HISTORY.to_string()}),
        );
    });
    let (status, list) = raw(&fake, "GET", &messages_path(), &Value::Null).await;
    assert_eq!((status, list), (200, json!([])), "no history, no messages");
    let r = raw(&fake, "GET", &one, &Value::Null).await;
    assert_eq!((r.0, r.1["code"].clone()), (403, json!(50013)));
    let reply = post(
        &fake,
        &messages_path(),
        json!({"content": "réponse", "message_reference": {"message_id": mid.to_string()}}),
    )
    .await;
    assert_eq!((reply.0, reply.1["code"].clone()), (403, json!(160002)));
    let (status, _) = post(&fake, &messages_path(), json!({"content": "encore"})).await;
    assert_eq!(status, 200, "posting needs no history");
    let pin = format!("/channels/{GENERAL}/messages/pins/{mid}");
    assert_eq!(
        raw(&fake, "PUT", &pin, &Value::Null).await.0,
        204,
        "nor does pinning"
    );
    assert_eq!(fake.refusals().len(), 2);
    fake.shutdown().await;
}

/// Roles the bot creates and grants: it needs Manage Roles, may give a role only
/// permissions it has, and may only grant roles below its own highest role.
#[tokio::test]
async fn roles_are_created_and_granted_within_the_bots_own_reach() {
    let fake = start(GuildSpec::standard()).await;
    fake.expect_refusal(50013);
    let roles = format!("/guilds/{GUILD_ID}/roles");
    let (status, role) = post(
        &fake,
        &roles,
        json!({"name": "Cercle des mentors", "permissions": "0"}),
    )
    .await;
    assert_eq!(status, 200, "{role}");
    let circle = FakeDiscord::id_of(&role);
    let (status, _) = post(
        &fake,
        &roles,
        json!({"name": "trop", "permissions": perms::ADMINISTRATOR.to_string()}),
    )
    .await;
    assert_eq!(status, 403, "a permission the bot lacks");
    let grant = |user: u64, role: u64| format!("/guilds/{GUILD_ID}/members/{user}/roles/{role}");
    assert_eq!(
        raw(&fake, "PUT", &grant(BOB, circle), &Value::Null).await.0,
        204
    );
    assert_eq!(fake.member_roles(BOB), [circle]);
    // The Admin role sits above the bot's role: out of its reach.
    let r = raw(&fake, "PUT", &grant(BOB, ADMIN_ROLE), &Value::Null).await;
    assert_eq!((r.0, r.1["code"].clone()), (403, json!(50013)));
    let r = raw(&fake, "PUT", &grant(STRANGER, circle), &Value::Null).await;
    assert_eq!((r.0, r.1["code"].clone()), (404, json!(10007)));
    assert_eq!(
        raw(&fake, "DELETE", &grant(BOB, circle), &Value::Null)
            .await
            .0,
        204
    );
    assert!(fake.member_roles(BOB).is_empty());
    assert_eq!(fake.refusals().len(), 2);
    fake.shutdown().await;
}

#[tokio::test]
async fn the_member_list_needs_the_members_intent_and_pages_of_at_most_a_thousand() {
    let fake = start(GuildSpec::standard()).await;
    let path = |q: &str| format!("/guilds/{GUILD_ID}/members?{q}");
    let (status, body) = raw(&fake, "GET", &path("limit=1000"), &Value::Null).await;
    assert_eq!((status, body["code"].as_u64()), (403, Some(50001)));

    fake.enable_members_intent();
    let (status, body) = raw(&fake, "GET", &path("limit=1000"), &Value::Null).await;
    assert_eq!(status, 200);
    let page = body.as_array().expect("members").clone();
    assert!(page.len() > 2, "{body}");
    let (_, second) = raw(&fake, "GET", &path("limit=2"), &Value::Null).await;
    assert_eq!(second.as_array().map(Vec::len), Some(2));
    let last = page[1]["user"]["id"].as_str().unwrap().to_owned();
    let (_, after) = raw(
        &fake,
        "GET",
        &path(&format!("limit=1000&after={last}")),
        &Value::Null,
    )
    .await;
    assert_eq!(after.as_array().map(Vec::len), Some(page.len() - 2));

    for bad in ["limit=1001", "limit=0"] {
        let (status, body) = raw(&fake, "GET", &path(bad), &Value::Null).await;
        assert_eq!((status, body["code"].as_u64()), (400, Some(50035)), "{bad}");
    }
    fake.expect_refusal(50001);
    fake.expect_refusal(50035);
    fake.shutdown().await;
}
