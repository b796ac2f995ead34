//! Discord's validation rules, in one place: every limit the fake enforces is a named
//! constant here with the source it comes from, and every check of a request body is a
//! function here. The route handlers (`http.rs`, `http/scheduled_events.rs`) call into this
//! module and answer with what it returns.
//!
//! Sources: Discord's OpenAPI description (`github.com/discord/discord-api-spec`,
//! `specs/openapi.json`, cited as "OpenAPI Schema.field") and developer docs
//! (`github.com/discord/discord-api-docs`, `developers/…`, cited as "docs page: wording").
//!
//! Errors are answered like Discord: 400 `{"code": 50035, "message": "Invalid Form Body",
//! "errors": {…}}` with the nested `_errors` shape (the path of the offending field, array
//! indexes as keys), or the specific JSON error code when Discord has one.

use std::time::Duration;

use serde_json::{json, Map, Value};

use super::spec::perms;
use super::state::{as_u64, embed_texts, error_body};

/// A refusal as (HTTP status, Discord's JSON error body).
pub(crate) type Refused = (u16, Value);
pub(crate) type Checked = Result<(), Refused>;

// ----- limits ---------------------------------------------------------------

// Commands.
/// docs interactions/application-commands: "`^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$`".
pub const COMMAND_NAME_MAX: usize = 32;
/// OpenAPI ApplicationCommandSubcommandOption.description: minLength 1, maxLength 100.
pub const COMMAND_DESCRIPTION_MAX: usize = 100;
/// OpenAPI ApplicationCommandCreateRequest.options / …SubcommandOption.options: maxItems 25.
pub const COMMAND_OPTIONS_MAX: usize = 25;
/// OpenAPI ApplicationCommandStringOption.choices: maxItems 25.
pub const COMMAND_CHOICES_MAX: usize = 25;
/// OpenAPI ApplicationCommandOptionStringChoice.name: minLength 1, maxLength 100.
pub const COMMAND_CHOICE_NAME_MAX: usize = 100;
/// docs interactions/application-commands: "Slash commands can have a maximum of 8000
/// characters for combined name, description, and value properties for each command, its
/// options (including subcommands and groups), and choices" (longest localization counted).
pub const COMMAND_TOTAL_CHARS_MAX: usize = 8000;
/// docs interactions/application-commands: "100 global `CHAT_INPUT` commands" (and as many
/// per guild).
pub const CHAT_INPUT_COMMANDS_MAX: usize = 100;
/// OpenAPI AvailableLocalesEnum (the keys of `name_localizations` /
/// `description_localizations`; maxProperties 34).
pub const LOCALES: [&str; 34] = [
    "ar", "bg", "cs", "da", "de", "el", "en-GB", "en-US", "es-419", "es-ES", "fi", "fr", "he",
    "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "nl", "no", "pl", "pt-BR", "ro", "ru", "sv-SE",
    "th", "tr", "uk", "vi", "zh-CN", "zh-TW",
];

// Messages.
/// docs resources/message Create Message: "Message contents (up to 2000 characters)".
pub const MESSAGE_CONTENT_MAX: usize = 2000;
/// OpenAPI MessageCreateRequest.embeds: maxItems 10.
pub const EMBEDS_MAX: usize = 10;
/// docs resources/message Embed Limits: "the combined sum of characters in all `title`,
/// `description`, `field.name`, `field.value`, `footer.text`, and `author.name` … 6000".
pub const EMBED_TOTAL_CHARS_MAX: usize = 6000;
/// OpenAPI MessageAllowedMentionsRequest.users / .roles: maxItems 100.
pub const ALLOWED_MENTIONS_IDS_MAX: usize = 100;
/// docs components/reference (legacy, without IS_COMPONENTS_V2): 5 action rows per message.
pub const ACTION_ROWS_MAX: usize = 5;
/// OpenAPI ActionRowComponentForMessageRequest.components: minItems 1, maxItems 5.
pub const ROW_COMPONENTS_MAX: usize = 5;
/// docs components/reference: "Messages allow up to 40 total components" (IS_COMPONENTS_V2).
pub const V2_COMPONENTS_MAX: usize = 40;
/// OpenAPI ButtonComponentForMessageRequest.label: maxLength 80.
pub const BUTTON_LABEL_MAX: usize = 80;
/// docs components/reference: custom_id "a string of 1 to 100 characters", unique per message.
pub const CUSTOM_ID_MAX: usize = 100;
/// OpenAPI MessageCreateRequest.nonce: string maxLength 25.
pub const NONCE_MAX: usize = 25;
/// docs resources/message Create Message: enforce_nonce is "checked for uniqueness in the
/// past few minutes" (the fake remembers 5).
pub const NONCE_WINDOW: Duration = Duration::from_secs(5 * 60);
/// docs topics/opcodes-and-status-codes: 30003 "Maximum number of pins reached for the
/// channel (250)".
pub const PINS_MAX: usize = 250;
/// OpenAPI MessageCreateRequest.attachments (and every message body's): maxItems 10.
pub const ATTACHMENTS_MAX: usize = 10;
/// docs reference Uploading Files: "The file upload size limit applies to each file in a
/// request. The default limit is `10 MiB` for all users" (Nitro or the server's boosts raise
/// it; a bot has no Nitro and the fake's server no boost). docs change-log: "On January 16,
/// 2025, the default file upload limit will change from 25 MiB to 10 MiB".
pub const UPLOAD_FILE_MAX: usize = 10 * 1024 * 1024;
/// docs topics/permissions: PIN_MESSAGES `(1 << 51)` "Allows pinning and unpinning messages".
pub use super::spec::perms::PIN_MESSAGES;

// Modals.
/// docs interactions/receiving-and-responding Modal: title "max 45 characters"
/// (OpenAPI ModalInteractionCallbackRequestData.title: minLength 1, maxLength 45).
pub const MODAL_TITLE_MAX: usize = 45;
/// docs interactions/receiving-and-responding Modal: "Between 1 and 5 (inclusive) components".
pub const MODAL_COMPONENTS_MAX: usize = 5;
/// OpenAPI TextInputComponentForModalRequest.label: minLength 1, maxLength 45.
pub const TEXT_INPUT_LABEL_MAX: usize = 45;
/// OpenAPI TextInputComponentForModalRequest.placeholder: maxLength 100.
pub const TEXT_INPUT_PLACEHOLDER_MAX: usize = 100;
/// OpenAPI TextInputComponentForModalRequest.value: maxLength 4000; min_length 0..=4000,
/// max_length 1..=4000.
pub const TEXT_INPUT_VALUE_MAX: usize = 4000;

// Scheduled events.
/// docs resources/guild-scheduled-event: name "(1-100 characters)".
pub const EVENT_NAME_MAX: usize = 100;
/// docs resources/guild-scheduled-event: description "(1-1000 characters)".
pub const EVENT_DESCRIPTION_MAX: usize = 1000;
/// docs resources/guild-scheduled-event: entity_metadata.location "(1-100 characters)".
pub const EVENT_LOCATION_MAX: usize = 100;

// Channels.
/// OpenAPI CreateGuildChannelRequest.name: minLength 1, maxLength 100.
pub const CHANNEL_NAME_MAX: usize = 100;
/// docs resources/channel Modify Channel: "0-1024 character channel topic (0-4096 characters
/// for `GUILD_FORUM` and `GUILD_MEDIA` channels)".
pub const CHANNEL_TOPIC_MAX: usize = 1024;
pub const FORUM_TOPIC_MAX: usize = 4096;
/// OpenAPI CreateGuildChannelRequest / UpdateGuildChannelRequestPartial
/// .permission_overwrites: maxItems 100 (Discord's answer, per discord-jda/JDA#1531:
/// `{"permission_overwrites": ["Must be 100 or fewer in length."]}`). The fake also refuses
/// a `PUT /channels/{c}/permissions/{id}` that would make the 101st, with the same error:
/// Discord documents no separate code for it (30060 is for guild templates), and a channel
/// past 100 can no longer be PATCHed with its own overwrite list.
pub const CHANNEL_OVERWRITES_MAX: usize = 100;
/// Discord's CHANNEL_PARENT_MAX_CHANNELS: 50 channels under one category.
pub const CATEGORY_CHANNEL_LIMIT: usize = 50;
/// docs topics/opcodes-and-status-codes: 30013 "Maximum number of guild channels reached (500)".
pub const GUILD_CHANNEL_LIMIT: usize = 500;

// Interactions.
/// docs interactions/receiving-and-responding: "you **must send an initial response within 3
/// seconds of receiving the event**. If the 3 second deadline is exceeded, the token will be
/// invalidated" (then 404 / 10062 Unknown interaction).
pub const INITIAL_RESPONSE_DEADLINE: Duration = Duration::from_secs(3);
/// docs interactions/receiving-and-responding: "Interaction tokens are valid for **15
/// minutes**"; past it Discord answers 401 / 50027 "Invalid Webhook Token"
/// (discord/discord-api-docs#6851: "After the 15 mins window, any API request made to it
/// returns 401: Unauthorized").
pub const INTERACTION_TOKEN_LIFETIME: Duration = Duration::from_secs(15 * 60);

// ----- errors ---------------------------------------------------------------

/// Discord's "Invalid Form Body" with one error at `path` (nested objects, `_errors` last).
pub(crate) fn form_error_at(path: &[String], code: &str, message: &str) -> Value {
    let mut inner = json!({ "_errors": [ { "code": code, "message": message } ] });
    for key in path.iter().rev() {
        let mut m = Map::new();
        m.insert(key.clone(), inner);
        inner = Value::Object(m);
    }
    json!({ "code": 50035, "message": "Invalid Form Body", "errors": inner })
}

fn invalid(path: &[String], code: &str, message: &str) -> Refused {
    (400, form_error_at(path, code, message))
}

fn at(path: &[String], key: impl ToString) -> Vec<String> {
    let mut p = path.to_vec();
    p.push(key.to_string());
    p
}

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

fn max_length(path: &[String], len: usize, max: usize) -> Checked {
    if len > max {
        return Err(invalid(
            path,
            "BASE_TYPE_MAX_LENGTH",
            &format!("Must be {max} or fewer in length."),
        ));
    }
    Ok(())
}

fn bad_length(path: &[String], len: usize, min: usize, max: usize) -> Checked {
    if len < min || len > max {
        return Err(invalid(
            path,
            "BASE_TYPE_BAD_LENGTH",
            &format!("Must be between {min} and {max} in length."),
        ));
    }
    Ok(())
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// Which refusals mean "the bot sent something Discord refuses" (recorded, and fatal at
/// `FakeDiscord::shutdown` unless expected): every 400 (validation, 30xxx maxima, 40060),
/// 401 (expired token), 403 except 50007 (a user's closed DMs, which the bot is designed to
/// handle), 404 / 10062 (unknown or expired interaction) and 413 (a file too large).
pub(crate) fn is_violation(status: u16, code: u64) -> bool {
    match status {
        400 | 401 | 413 => true,
        403 => code != 50007,
        404 => code == 10062,
        _ => false,
    }
}

// ----- commands -------------------------------------------------------------

/// `^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$` (approximated with Rust's alphanumeric
/// classes plus the Devanagari and Thai blocks), and lowercase where letters have a
/// lowercase form.
fn command_name_ok(name: &str) -> bool {
    let n = name.chars().count();
    (1..=COMMAND_NAME_MAX).contains(&n)
        && name.chars().all(|c| {
            matches!(c, '-' | '_' | '\'')
                || c.is_alphanumeric()
                || ('\u{0900}'..='\u{097F}').contains(&c)
                || ('\u{A8E0}'..='\u{A8FF}').contains(&c)
                || ('\u{0E00}'..='\u{0E7F}').contains(&c)
        })
        && name.to_lowercase() == name
}

fn check_localizations(path: &[String], v: &Value, max: usize) -> Checked {
    let Some(map) = v.as_object() else {
        return Ok(());
    };
    for (locale, text) in map {
        if !LOCALES.contains(&locale.as_str()) {
            return Err(invalid(
                &at(path, locale),
                "BASE_TYPE_CHOICES",
                &format!("Value must be one of {LOCALES:?}."),
            ));
        }
        bad_length(&at(path, locale), chars(text), 1, max)?;
    }
    Ok(())
}

/// The longest of a field and its localizations, for the command size limit.
fn longest(v: &Value, localizations: &Value) -> usize {
    let base = match v {
        Value::String(s) => s.chars().count(),
        Value::Null => 0,
        other => other.to_string().chars().count(),
    };
    localizations
        .as_object()
        .map_or(0, |m| m.values().map(chars).max().unwrap_or(0))
        .max(base)
}

/// A name + description pair (command, subcommand, option) of a chat-input command.
fn check_named(path: &[String], o: &Value, chat_input: bool) -> Checked {
    let name = o["name"].as_str().unwrap_or("");
    if chat_input {
        bad_length(&at(path, "name"), name.chars().count(), 1, COMMAND_NAME_MAX)?;
        if !command_name_ok(name) {
            return Err(invalid(
                &at(path, "name"),
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid",
            ));
        }
        bad_length(
            &at(path, "description"),
            chars(&o["description"]),
            1,
            COMMAND_DESCRIPTION_MAX,
        )?;
    } else {
        bad_length(&at(path, "name"), name.chars().count(), 1, COMMAND_NAME_MAX)?;
    }
    check_localizations(
        &at(path, "name_localizations"),
        &o["name_localizations"],
        COMMAND_NAME_MAX,
    )?;
    check_localizations(
        &at(path, "description_localizations"),
        &o["description_localizations"],
        COMMAND_DESCRIPTION_MAX,
    )
}

/// Options of one level (command, subcommand group, subcommand); returns their size.
fn check_options(path: &[String], options: &Value) -> Result<usize, Refused> {
    let opts = list(options);
    max_length(path, opts.len(), COMMAND_OPTIONS_MAX)?;
    let mut size = 0;
    let mut optional_seen = false;
    for (i, o) in opts.iter().enumerate() {
        let p = at(path, i);
        check_named(&p, o, true)?;
        size += longest(&o["name"], &o["name_localizations"])
            + longest(&o["description"], &o["description_localizations"]);
        let kind = o["type"].as_u64().unwrap_or(0);
        if matches!(kind, 1 | 2) {
            size += check_options(&at(&p, "options"), &o["options"])?;
            continue;
        }
        if o["required"].as_bool() == Some(true) {
            if optional_seen {
                return Err(invalid(
                    &p,
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                ));
            }
        } else {
            optional_seen = true;
        }
        let choices = list(&o["choices"]);
        max_length(&at(&p, "choices"), choices.len(), COMMAND_CHOICES_MAX)?;
        for (j, c) in choices.iter().enumerate() {
            let cp = at(&at(&p, "choices"), j);
            bad_length(
                &at(&cp, "name"),
                chars(&c["name"]),
                1,
                COMMAND_CHOICE_NAME_MAX,
            )?;
            check_localizations(
                &at(&cp, "name_localizations"),
                &c["name_localizations"],
                COMMAND_CHOICE_NAME_MAX,
            )?;
            size +=
                longest(&c["name"], &c["name_localizations"]) + longest(&c["value"], &Value::Null);
        }
    }
    Ok(size)
}

/// One command of `PUT …/commands` (at `path`, e.g. `["3"]`) or `POST …/commands` (`[]`).
pub(crate) fn check_command(path: &[String], cmd: &Value) -> Checked {
    let chat_input = cmd["type"].as_u64().unwrap_or(1) == 1;
    check_named(path, cmd, chat_input)?;
    if !chat_input {
        return Ok(());
    }
    let size = longest(&cmd["name"], &cmd["name_localizations"])
        + longest(&cmd["description"], &cmd["description_localizations"])
        + check_options(&at(path, "options"), &cmd["options"])?;
    if size > COMMAND_TOTAL_CHARS_MAX {
        return Err(invalid(
            path,
            "APPLICATION_COMMAND_TOO_LARGE",
            &format!("Command exceeds maximum size ({COMMAND_TOTAL_CHARS_MAX})"),
        ));
    }
    Ok(())
}

/// At most [`CHAT_INPUT_COMMANDS_MAX`] chat-input commands in one scope (30032).
pub(crate) fn check_command_count(chat_inputs: usize) -> Checked {
    if chat_inputs > CHAT_INPUT_COMMANDS_MAX {
        return Err((
            400,
            error_body(
                30032,
                "Maximum number of application commands reached (100)",
            ),
        ));
    }
    Ok(())
}

/// The whole body of `PUT …/commands` (bulk overwrite).
pub(crate) fn check_command_list(cmds: &[Value]) -> Checked {
    for (i, c) in cmds.iter().enumerate() {
        check_command(&[i.to_string()], c)?;
    }
    check_command_count(
        cmds.iter()
            .filter(|c| c["type"].as_u64().unwrap_or(1) == 1)
            .count(),
    )
}

// ----- messages -------------------------------------------------------------

pub(crate) fn nonce_key(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn check_allowed_mentions(am: &Value) -> Checked {
    if am.is_null() {
        return Ok(());
    }
    let path = vec!["allowed_mentions".to_owned()];
    for kind in ["users", "roles"] {
        let ids = list(&am[kind]);
        max_length(&at(&path, kind), ids.len(), ALLOWED_MENTIONS_IDS_MAX)?;
        let parsed = list(&am["parse"]).iter().any(|p| p.as_str() == Some(kind));
        if parsed && !ids.is_empty() {
            return Err(invalid(
                &path,
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                &format!("parse:[\"{kind}\"] and {kind}: [ids...] are mutually exclusive."),
            ));
        }
    }
    Ok(())
}

fn check_custom_id(path: &[String], c: &Value, seen: &mut Vec<String>) -> Checked {
    let Some(id) = c.get("custom_id").filter(|v| !v.is_null()) else {
        return Ok(());
    };
    let id = id.as_str().unwrap_or("");
    bad_length(&at(path, "custom_id"), id.chars().count(), 1, CUSTOM_ID_MAX)?;
    if seen.iter().any(|s| s == id) {
        return Err(invalid(
            &at(path, "custom_id"),
            "COMPONENT_CUSTOM_ID_DUPLICATED",
            "Component custom id cannot be duplicated",
        ));
    }
    seen.push(id.to_owned());
    Ok(())
}

/// Every component of a components-v2 message, depth first, with its path.
fn walk<'a>(path: Vec<String>, c: &'a Value, out: &mut Vec<(Vec<String>, &'a Value)>) {
    out.push((path.clone(), c));
    for (i, child) in list(&c["components"]).iter().enumerate() {
        walk(at(&at(&path, "components"), i), child, out);
    }
    if c["accessory"].is_object() {
        walk(at(&path, "accessory"), &c["accessory"], out);
    }
}

fn check_components(components: &Value, flags: u64) -> Checked {
    let rows = list(components);
    let path = vec!["components".to_owned()];
    let mut seen = Vec::new();
    if flags & (1 << 15) != 0 {
        // IS_COMPONENTS_V2: up to 40 components in all, custom ids unique.
        let mut all = Vec::new();
        for (i, c) in rows.iter().enumerate() {
            walk(at(&path, i), c, &mut all);
        }
        max_length(&path, all.len(), V2_COMPONENTS_MAX)?;
        for (p, c) in all {
            check_custom_id(&p, c, &mut seen)?;
        }
        return Ok(());
    }
    max_length(&path, rows.len(), ACTION_ROWS_MAX)?;
    for (i, row) in rows.iter().enumerate() {
        let rp = at(&path, i);
        if row["type"].as_u64() != Some(1) {
            return Err(invalid(
                &at(&rp, "type"),
                "BASE_TYPE_CHOICES",
                "Value must be one of {1}.",
            ));
        }
        let children = list(&row["components"]);
        bad_length(
            &at(&rp, "components"),
            children.len(),
            1,
            ROW_COMPONENTS_MAX,
        )?;
        let selects = children
            .iter()
            .filter(|c| matches!(c["type"].as_u64(), Some(3 | 5 | 6 | 7 | 8)))
            .count();
        if selects > 0 && children.len() > 1 {
            return Err(invalid(
                &at(&rp, "components"),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "The specified component exceeds the maximum width",
            ));
        }
        for (j, c) in children.iter().enumerate() {
            let cp = at(&at(&rp, "components"), j);
            if c["type"].as_u64() == Some(2) {
                max_length(&at(&cp, "label"), chars(&c["label"]), BUTTON_LABEL_MAX)?;
            }
            check_custom_id(&cp, c, &mut seen)?;
        }
    }
    Ok(())
}

/// Discord's limits on a message body (channel messages, interaction responses 4/7,
/// follow-ups and webhook edits alike); `creating` also refuses an empty message (50006).
pub(crate) fn check_message_body(body: &Value, creating: bool) -> Checked {
    let content = vec!["content".to_owned()];
    max_length(&content, chars(&body["content"]), MESSAGE_CONTENT_MAX)?;
    let embeds = vec!["embeds".to_owned()];
    max_length(&embeds, list(&body["embeds"]).len(), EMBEDS_MAX)?;
    let embed_chars: usize = list(&body["embeds"])
        .iter()
        .flat_map(embed_texts)
        .map(|s| s.chars().count())
        .sum();
    if embed_chars > EMBED_TOTAL_CHARS_MAX {
        return Err(invalid(
            &embeds,
            "MAX_EMBED_SIZE_EXCEEDED",
            &format!("Embed size exceeds maximum size of {EMBED_TOTAL_CHARS_MAX}"),
        ));
    }
    let attachments = vec!["attachments".to_owned()];
    max_length(
        &attachments,
        list(&body["attachments"]).len(),
        ATTACHMENTS_MAX,
    )?;
    check_allowed_mentions(&body["allowed_mentions"])?;
    check_components(&body["components"], body["flags"].as_u64().unwrap_or(0))?;
    // A string nonce (an integer one is an int64).
    if let Some(Value::String(n)) = body.get("nonce") {
        max_length(&["nonce".to_owned()], n.chars().count(), NONCE_MAX)?;
    }
    let has = |k: &str| match &body[k] {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    };
    let any = [
        "content",
        "embeds",
        "components",
        "attachments",
        "sticker_ids",
        "poll",
    ]
    .iter()
    .any(|k| has(k));
    if creating && !any {
        return Err((400, error_body(50006, "Cannot send an empty message")));
    }
    Ok(())
}

/// The files of a multipart request, by size: one over the upload limit and Discord refuses
/// the whole request with 413 / 40005 (docs topics/opcodes-and-status-codes: 40005 "Request
/// entity too large. Try sending something smaller in size"; discord/discord-api-docs#6058:
/// "413 Payload Too Large (error code: 40005): Request entity too large").
pub(crate) fn check_upload_sizes(sizes: impl IntoIterator<Item = usize>) -> Checked {
    if sizes.into_iter().any(|size| size > UPLOAD_FILE_MAX) {
        return Err((413, error_body(40005, "Request entity too large")));
    }
    Ok(())
}

// ----- autocomplete ---------------------------------------------------------

/// docs interactions/receiving-and-responding (autocomplete): "autocomplete suggestions
/// (max of 25 choices)"; each choice's name 1-100 characters, a string value at most 100.
pub const AUTOCOMPLETE_CHOICES_MAX: usize = 25;
pub const CHOICE_NAME_MAX: usize = 100;
pub const CHOICE_VALUE_MAX: usize = 100;

/// The `data` of an interaction callback of type 8 (autocomplete result), errors under
/// `data.…`.
pub(crate) fn check_autocomplete(data: &Value) -> Checked {
    let path = vec!["data".to_owned()];
    let choices = list(&data["choices"]);
    max_length(
        &at(&path, "choices"),
        choices.len(),
        AUTOCOMPLETE_CHOICES_MAX,
    )?;
    for (i, c) in choices.iter().enumerate() {
        let cp = at(&at(&path, "choices"), i);
        bad_length(&at(&cp, "name"), chars(&c["name"]), 1, CHOICE_NAME_MAX)?;
        if c["value"].is_string() {
            max_length(&at(&cp, "value"), chars(&c["value"]), CHOICE_VALUE_MAX)?;
        }
    }
    Ok(())
}

// ----- modals ---------------------------------------------------------------

/// The `data` of an interaction callback of type 9 (MODAL), errors under `data.…`.
pub(crate) fn check_modal(data: &Value) -> Checked {
    let path = vec!["data".to_owned()];
    bad_length(
        &at(&path, "custom_id"),
        chars(&data["custom_id"]),
        1,
        CUSTOM_ID_MAX,
    )?;
    bad_length(
        &at(&path, "title"),
        chars(&data["title"]),
        1,
        MODAL_TITLE_MAX,
    )?;
    let rows = list(&data["components"]);
    bad_length(
        &at(&path, "components"),
        rows.len(),
        1,
        MODAL_COMPONENTS_MAX,
    )?;
    let mut seen = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let rp = at(&at(&path, "components"), i);
        // A text input in an action row (legacy) or in a label (type 18, `component`).
        let inputs: Vec<(Vec<String>, &Value)> = match row["type"].as_u64() {
            Some(18) => vec![(at(&rp, "component"), &row["component"])],
            _ => list(&row["components"])
                .iter()
                .enumerate()
                .map(|(j, c)| (at(&at(&rp, "components"), j), c))
                .collect(),
        };
        for (p, c) in inputs {
            check_custom_id(&p, c, &mut seen)?;
            if c["type"].as_u64() != Some(4) {
                continue;
            }
            if !c["label"].is_null() {
                bad_length(
                    &at(&p, "label"),
                    chars(&c["label"]),
                    1,
                    TEXT_INPUT_LABEL_MAX,
                )?;
            }
            max_length(
                &at(&p, "placeholder"),
                chars(&c["placeholder"]),
                TEXT_INPUT_PLACEHOLDER_MAX,
            )?;
            max_length(&at(&p, "value"), chars(&c["value"]), TEXT_INPUT_VALUE_MAX)?;
            for (k, min) in [("min_length", 0), ("max_length", 1)] {
                if let Some(n) = c[k].as_i64() {
                    if n < min || n > TEXT_INPUT_VALUE_MAX as i64 {
                        return Err(invalid(
                            &at(&p, k),
                            "NUMBER_TYPE_MAX",
                            &format!(
                                "int value should be between {min} and {TEXT_INPUT_VALUE_MAX}."
                            ),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

// ----- scheduled events -----------------------------------------------------

/// The body of `POST /guilds/{g}/scheduled-events`; `now` is Discord's clock and
/// `channel_kind` the type of a guild channel (None: unknown).
pub(crate) fn check_scheduled_event(
    body: &Value,
    now: chrono::DateTime<chrono::Utc>,
    channel_kind: impl Fn(u64) -> Option<u64>,
) -> Checked {
    let p = |k: &str| vec![k.to_owned()];
    if body["privacy_level"].as_u64() != Some(2) {
        return Err(invalid(
            &p("privacy_level"),
            "BASE_TYPE_CHOICES",
            "Value must be one of {2}.",
        ));
    }
    bad_length(&p("name"), chars(&body["name"]), 1, EVENT_NAME_MAX)?;
    if !body["description"].is_null() {
        max_length(
            &p("description"),
            chars(&body["description"]),
            EVENT_DESCRIPTION_MAX,
        )?;
    }
    let time = |k: &str| {
        body[k]
            .as_str()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
    };
    let Some(start) = time("scheduled_start_time") else {
        return Err(invalid(
            &p("scheduled_start_time"),
            "DATE_TIME_TYPE_PARSE",
            "Could not parse the date.",
        ));
    };
    if start <= now {
        return Err(invalid(
            &p("scheduled_start_time"),
            "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
            "Cannot schedule event in the past.",
        ));
    }
    let end = time("scheduled_end_time");
    let kind = body["entity_type"].as_u64().unwrap_or(0);
    match kind {
        3 => {
            bad_length(
                &["entity_metadata".to_owned(), "location".to_owned()],
                chars(&body["entity_metadata"]["location"]),
                1,
                EVENT_LOCATION_MAX,
            )?;
            if end.is_none() {
                return Err(invalid(
                    &p("scheduled_end_time"),
                    "GUILD_SCHEDULED_EVENT_SCHEDULED_END_TIME_REQUIRED",
                    "An end time is required for external events.",
                ));
            }
            if !body["channel_id"].is_null() {
                return Err(invalid(
                    &p("channel_id"),
                    "GUILD_SCHEDULED_EVENT_CHANNEL_ID_INVALID",
                    "External events cannot have a channel.",
                ));
            }
        }
        1 | 2 => {
            // STAGE_INSTANCE (1) needs a stage channel (13), VOICE (2) a voice channel (2).
            let want = if kind == 1 { 13 } else { 2 };
            match as_u64(&body["channel_id"]).map(channel_kind) {
                None => {
                    return Err(invalid(
                        &p("channel_id"),
                        "BASE_TYPE_REQUIRED",
                        "This field is required",
                    ))
                }
                Some(k) if k != Some(want) => {
                    return Err(invalid(
                        &p("channel_id"),
                        "GUILD_SCHEDULED_EVENT_CHANNEL_ID_INVALID",
                        "The channel is not of the right type for this event.",
                    ))
                }
                Some(_) => {}
            }
        }
        _ => {
            return Err(invalid(
                &p("entity_type"),
                "BASE_TYPE_CHOICES",
                "Value must be one of {1, 2, 3}.",
            ))
        }
    }
    if end.is_some_and(|e| e <= start) {
        return Err(invalid(
            &p("scheduled_end_time"),
            "GUILD_SCHEDULED_EVENT_END_BEFORE_START",
            "The end time must be after the start time.",
        ));
    }
    Ok(())
}

/// Creating a scheduled event needs CREATE_EVENTS: docs resources/guild-scheduled-event
/// Create Guild Scheduled Event: "Requires the `CREATE_EVENTS` permission"; docs change-log
/// (Permission Changes Going into Effect February 2026): "Starting on February 23, 2026,
/// bots will need the `CREATE_EVENTS` permission to create scheduled events.
/// `MANAGE_EVENTS` alone will no longer be sufficient."
pub(crate) fn check_event_create_permission(guild_permissions: u64) -> Checked {
    if guild_permissions & perms::CREATE_EVENTS == 0 {
        return Err(missing_permissions());
    }
    Ok(())
}

/// Deleting one: "If the event was created by the current user, either `CREATE_EVENTS` or
/// `MANAGE_EVENTS`. Otherwise, `MANAGE_EVENTS`" (docs resources/guild-scheduled-event).
pub(crate) fn check_event_delete_permission(guild_permissions: u64, own: bool) -> Checked {
    let needed = if own {
        perms::CREATE_EVENTS | perms::MANAGE_EVENTS
    } else {
        perms::MANAGE_EVENTS
    };
    if guild_permissions & needed == 0 {
        return Err(missing_permissions());
    }
    Ok(())
}

// ----- channels -------------------------------------------------------------

/// A channel name (create and PATCH).
pub(crate) fn check_channel_name(name: &Value) -> Checked {
    bad_length(&["name".to_owned()], chars(name), 1, CHANNEL_NAME_MAX)
}

/// A channel topic for a channel of type `kind` (create and PATCH).
pub(crate) fn check_topic(kind: u64, topic: &Value) -> Checked {
    let max = if matches!(kind, 15 | 16) {
        FORUM_TOPIC_MAX
    } else {
        CHANNEL_TOPIC_MAX
    };
    max_length(&["topic".to_owned()], chars(topic), max)
}

/// The number of permission overwrites a channel would have (create, PATCH, and
/// `PUT /channels/{c}/permissions/{id}` adding one).
pub(crate) fn check_overwrite_count(n: usize) -> Checked {
    max_length(
        &["permission_overwrites".to_owned()],
        n,
        CHANNEL_OVERWRITES_MAX,
    )
}

/// The 51st channel of a category.
pub(crate) fn category_full() -> Refused {
    invalid(
        &["parent_id".to_owned()],
        "CHANNEL_PARENT_MAX_CHANNELS",
        &format!("Maximum number of channels in category reached ({CATEGORY_CHANNEL_LIMIT})"),
    )
}

/// The 501st channel of a guild.
pub(crate) fn guild_full() -> Refused {
    (
        400,
        error_body(
            30013,
            &format!("Maximum number of guild channels reached ({GUILD_CHANNEL_LIMIT})"),
        ),
    )
}

// ----- permissions, pins, interactions ---------------------------------------

pub(crate) fn missing_permissions() -> Refused {
    (403, error_body(50013, "Missing Permissions"))
}

pub(crate) fn missing_access() -> Refused {
    (403, error_body(50001, "Missing Access"))
}

/// Reading a guild channel's history needs READ_MESSAGE_HISTORY after overwrites (docs,
/// "Get Channel Message": VIEW_CHANNEL and READ_MESSAGE_HISTORY). Listing messages without
/// it is not an error: Discord returns none ("Get Channel Messages"), which the route does.
pub(crate) fn check_read_history(channel_permissions: u64) -> Checked {
    if channel_permissions & perms::VIEW_CHANNEL == 0 {
        return Err(missing_access());
    }
    if channel_permissions & perms::READ_MESSAGE_HISTORY == 0 {
        return Err(missing_permissions());
    }
    Ok(())
}

/// A reply (`message_reference`) needs READ_MESSAGE_HISTORY (docs, "Create Message");
/// Discord answers 160002.
pub(crate) fn check_reply_permission(channel_permissions: u64, body: &Value) -> Checked {
    if body["message_reference"].is_null() || channel_permissions & perms::READ_MESSAGE_HISTORY != 0
    {
        return Ok(());
    }
    Err((
        403,
        error_body(
            160002,
            "Cannot reply without permission to read message history",
        ),
    ))
}

/// Pin and unpin need PIN_MESSAGES in the channel (after overwrites); MANAGE_MESSAGES alone
/// no longer does (docs resources/message Pin Message: "Requires the `PIN_MESSAGES`
/// permission").
pub(crate) fn check_pin_permission(channel_permissions: u64) -> Checked {
    if channel_permissions & PIN_MESSAGES == 0 {
        return Err(missing_permissions());
    }
    Ok(())
}

/// One more pin in a channel that has `pinned` pins already.
pub(crate) fn check_pin_count(pinned: usize) -> Checked {
    if pinned >= PINS_MAX {
        return Err((
            400,
            error_body(
                30003,
                &format!("Maximum number of pins reached for the channel ({PINS_MAX})"),
            ),
        ));
    }
    Ok(())
}

/// The initial response to an interaction `age` old.
pub(crate) fn check_initial_response(age: Duration, deadline: Duration) -> Checked {
    if age > deadline {
        return Err((404, error_body(10062, "Unknown interaction")));
    }
    Ok(())
}

/// A follow-up or an edit through the interaction token, `age` after the interaction.
pub(crate) fn check_token_alive(age: Duration, lifetime: Duration) -> Checked {
    if age > lifetime {
        return Err((401, error_body(50027, "Invalid Webhook Token")));
    }
    Ok(())
}

/// A second callback for the same interaction.
pub(crate) fn already_acknowledged() -> Refused {
    (
        400,
        error_body(40060, "Interaction has already been acknowledged."),
    )
}

/// The largest page of `GET /guilds/{g}/members` (`limit`, 1–1000, developer docs "List
/// Guild Members").
pub const MEMBER_LIST_MAX: usize = 1000;
/// The `attachment_size_limit` the fake gives each interaction (25 MiB, a server without
/// boosts), which a slash command's attachment may not exceed.
pub const ATTACHMENT_SIZE_LIMIT: usize = 26_214_400;
