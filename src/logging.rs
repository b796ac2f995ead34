//! The log filter, built the same way by `binome run` and by the tests.
//!
//! Some dependencies log what crosses the wire: at `trace` tungstenite logs every raw gateway
//! frame, and serenity records whole events and request bodies in its spans and debug lines.
//! Those payloads carry what pair members type (a mentee's objective, option values), so
//! unless `log.allow_payloads` is on, those crates stay at `warn` whatever `RUST_LOG` or
//! `log.level` say.

use tracing_subscriber::filter::{EnvFilter, ParseError};

/// Crates whose `debug`/`trace` output may contain gateway or HTTP payloads.
pub const PAYLOAD_TARGETS: &[&str] = &[
    "tungstenite",
    "tokio_tungstenite",
    // gateway, http, client, cache, model: events and bodies in spans and debug lines.
    "serenity",
    // Request and response bytes at trace.
    "hyper",
    "hyper_util",
    "reqwest",
];

/// The filter directives for `spec` (`RUST_LOG` or `log.level`): as given when payloads are
/// allowed; otherwise without any directive that would open a payload crate (its own target
/// or a span-only directive, which matches events of every crate) and with each payload crate
/// capped at `warn`.
pub fn directives(spec: &str, allow_payloads: bool) -> String {
    if allow_payloads {
        return spec.to_string();
    }
    let mut kept: Vec<String> = split_directives(spec)
        .into_iter()
        .filter(|d| !opens_payloads(d))
        .collect();
    kept.extend(PAYLOAD_TARGETS.iter().map(|t| format!("{t}=warn")));
    kept.join(",")
}

/// The filter for `spec`, payload crates capped unless `allow_payloads`.
pub fn env_filter(spec: &str, allow_payloads: bool) -> Result<EnvFilter, ParseError> {
    EnvFilter::builder().parse(directives(spec, allow_payloads))
}

/// Whether a directive would let a payload crate log below `warn`.
fn opens_payloads(directive: &str) -> bool {
    let target = directive
        .split(['[', '='])
        .next()
        .unwrap_or_default()
        .trim();
    if target.is_empty() {
        // A bare level ("trace") is capped by the per-crate directives, which are more
        // specific; a span directive ("[objective]=trace") is not, so it goes.
        return directive.trim_start().starts_with('[');
    }
    let is_level = target
        .parse::<tracing::level_filters::LevelFilter>()
        .is_ok()
        && !directive.contains('=');
    !is_level
        && PAYLOAD_TARGETS
            .iter()
            .any(|t| target == *t || target.starts_with(&format!("{t}::")))
}

/// Directives are comma-separated, but a span's field list (`{a=1,b=2}`) may hold commas.
fn split_directives(spec: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in spec.chars() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                if !current.trim().is_empty() {
                    out.push(current.trim().to_string());
                }
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    /// Collects formatted log lines.
    #[derive(Clone, Default)]
    struct Lines(Arc<Mutex<Vec<u8>>>);

    impl Write for Lines {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What reaches the output, with the filter for `spec`, of a trace event from each of a
    /// few targets.
    fn logged(spec: &str, allow_payloads: bool) -> String {
        let lines = Lines::default();
        let writer = lines.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(env_filter(spec, allow_payloads).unwrap())
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            tracing::trace!(target: "tungstenite::protocol", "frame tungstenite-payload");
            tracing::trace!(target: "serenity::gateway::shard", "event gateway-payload");
            tracing::debug!(target: "serenity::http::client", "body http-payload");
            let span = tracing::trace_span!(target: "serenity::client::dispatch", "dispatch", event = "span-payload");
            span.in_scope(|| tracing::warn!(target: "serenity::client", "serenity-warning"));
            tracing::trace!(target: "binome::app", "binome-trace");
        });
        let out = String::from_utf8(lines.0.lock().unwrap().clone()).unwrap();
        out
    }

    #[test]
    fn payload_crates_stay_at_warn_at_trace_level_unless_payloads_are_allowed() {
        for spec in [
            "trace",
            "trace,tungstenite=trace,serenity::gateway=trace",
            "trace,serenity::http::client[request]=trace",
            "trace,[dispatch]=trace",
        ] {
            let out = logged(spec, false);
            for payload in [
                "tungstenite-payload",
                "gateway-payload",
                "http-payload",
                "span-payload",
            ] {
                assert!(!out.contains(payload), "{spec}: {payload} logged:\n{out}");
            }
            assert!(
                out.contains("binome-trace"),
                "{spec}: binome's own trace is kept:\n{out}"
            );
            assert!(
                out.contains("serenity-warning"),
                "{spec}: warnings are kept:\n{out}"
            );
        }
        let out = logged("trace", true);
        for payload in [
            "tungstenite-payload",
            "gateway-payload",
            "http-payload",
            "span-payload",
        ] {
            assert!(out.contains(payload), "allowed: {payload} missing:\n{out}");
        }
    }

    #[test]
    fn directives_keep_everything_else_and_read_span_fields_with_commas() {
        assert_eq!(
            directives("info,binome=debug", false),
            "info,binome=debug,tungstenite=warn,tokio_tungstenite=warn,serenity=warn,hyper=warn,hyper_util=warn,reqwest=warn"
        );
        assert_eq!(
            directives("binome[job{a=1,b=2}]=trace,serenity_extra=debug,serenity::gateway", false),
            "binome[job{a=1,b=2}]=trace,serenity_extra=debug,tungstenite=warn,tokio_tungstenite=warn,serenity=warn,hyper=warn,hyper_util=warn,reqwest=warn"
        );
        assert_eq!(
            directives("trace,serenity=trace", true),
            "trace,serenity=trace"
        );
    }
}
