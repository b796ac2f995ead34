//! File uploads: multipart bodies (`files[n]` parts plus `payload_json`), as serenity sends
//! them for messages, interaction responses and follow-ups with attachments.
//!
//! Like Discord, the fake turns each `attachments[]` entry of the payload (`{"id": n,
//! "filename": …}`, `n` naming the part `files[n]`) into a full attachment object with a
//! snowflake id, size and url, so the message the bot gets back parses with serenity's
//! `Attachment`; the bytes are kept for tests ([`super::FakeDiscord::files`]).

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde_json::{json, Value};

use super::state::{as_u64, sid, State};

/// One uploaded file, as the bot sent it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub filename: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// The `files[n]` parts of a multipart body, by `n`.
pub(crate) fn multipart_files(headers: &HeaderMap, body: &Bytes) -> Vec<(u64, Upload)> {
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let Some(boundary) = ct
        .strip_prefix("multipart/form-data")
        .and_then(|rest| rest.split("boundary=").nth(1))
    else {
        return Vec::new();
    };
    let delimiter = format!("--{}", boundary.trim_matches('"'));
    let mut out = Vec::new();
    for part in split(body, delimiter.as_bytes()) {
        let Some(head_end) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..head_end]);
        let mut content = &part[head_end + 4..];
        if content.ends_with(b"\r\n") {
            content = &content[..content.len() - 2];
        }
        let Some(index) = param(&head, "name")
            .and_then(|n| n.strip_prefix("files[")?.strip_suffix(']')?.parse().ok())
        else {
            continue;
        };
        let content_type = head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_owned())
        });
        out.push((
            index,
            Upload {
                filename: param(&head, "filename").unwrap_or_default(),
                content_type,
                bytes: content.to_vec(),
            },
        ));
    }
    out
}

/// Replaces the placeholder entries of the payload's `attachments` (at the top level, or in
/// `data` for an interaction callback) with full attachment objects, keeping the bytes.
pub(crate) fn attach(st: &mut State, body: &mut Value, files: Vec<(u64, Upload)>) {
    if files.is_empty() {
        return;
    }
    let target = if body["data"].is_object() {
        &mut body["data"]
    } else {
        &mut *body
    };
    let entries = target["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut resolved = Vec::new();
    for entry in entries {
        let Some(upload) = as_u64(&entry["id"])
            .and_then(|n| files.iter().find(|(i, _)| *i == n))
            .map(|(_, u)| u.clone())
        else {
            // An attachment kept from an earlier message, already in Discord's form.
            resolved.push(entry);
            continue;
        };
        let id = st.snowflake();
        let url = format!(
            "http://127.0.0.1:{}/attachments/{id}/{}",
            st.port, upload.filename
        );
        let mut a = json!({
            "id": sid(id),
            "filename": upload.filename,
            "size": upload.bytes.len(),
            "url": url,
            "proxy_url": url,
        });
        if let Some(ct) = &upload.content_type {
            a["content_type"] = json!(ct);
        }
        if let Some(d) = entry.get("description") {
            a["description"] = d.clone();
        }
        st.uploads.insert(id, upload);
        resolved.push(a);
    }
    target["attachments"] = Value::Array(resolved);
}

/// `GET /attachments/{id}/{filename}`: the bytes of a file sent to or by the bot.
pub(crate) fn serve(shared: &super::Shared, rest: &str) -> axum::response::Response {
    use axum::response::IntoResponse;
    let upload = rest
        .split('/')
        .next()
        .and_then(|id| id.parse::<u64>().ok())
        .and_then(|id| shared.lock().uploads.get(&id).cloned());
    match upload {
        Some(u) => (
            axum::http::StatusCode::OK,
            [(
                "content-type",
                u.content_type
                    .unwrap_or_else(|| "application/octet-stream".into()),
            )],
            u.bytes,
        )
            .into_response(),
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// Attachments of a message body that the fake resolved (they have a url).
pub(crate) fn resolved(body: &Value) -> Value {
    Value::Array(
        body["attachments"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|x| x.get("url").is_some())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// A `name="value"` parameter of the part's headers (`Content-Disposition: form-data;
/// name="files[0]"; filename="a.csv"`).
fn param(head: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    head.split(';').find_map(|p| {
        let rest = p.trim().strip_prefix(&key)?;
        rest.split('"').next().map(str::to_owned)
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn split<'a>(body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = body;
    while let Some(i) = find(rest, delimiter) {
        parts.push(&rest[..i]);
        rest = &rest[i + delimiter.len()..];
    }
    parts.push(rest);
    parts
}
