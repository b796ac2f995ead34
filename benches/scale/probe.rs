//! What the benchmark reads from inside the bot's process: when a command's handler has
//! returned (its tracing span, which carries the interaction id, closes), the warnings the bot
//! logged, and the resident memory (Linux `/proc/self/status`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing::{Level, Metadata, Subscriber};
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

#[derive(Default)]
struct Seen {
    /// Interactions whose handler span has closed, and when.
    finished: HashMap<u64, Instant>,
    /// Warnings and errors the bot logged (`binome` targets), with their message.
    warnings: Vec<String>,
}

/// Handle on what the layer saw.
#[derive(Clone)]
pub struct Probe {
    seen: Arc<Mutex<Seen>>,
    changed: watch::Sender<u64>,
}

/// The interaction id a span carries (`interaction = …`), kept in the span's extensions.
struct InteractionOf(u64);

#[derive(Default)]
struct InteractionField(Option<u64>);

impl Visit for InteractionField {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "interaction" {
            self.0 = Some(value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "interaction" {
            self.0 = format!("{value:?}").parse().ok();
        }
    }
}

#[derive(Default)]
struct Message(String);

impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        let _ = write!(self.0, "{}={value:?} ", field.name());
    }
}

impl Probe {
    /// Installs the probe as the process's tracing subscriber: binome's spans at INFO and above
    /// (the command handlers' spans), its events at WARN and above; nothing is printed.
    pub fn install() -> anyhow::Result<Probe> {
        let probe = Probe {
            seen: Arc::default(),
            changed: watch::channel(0).0,
        };
        tracing_subscriber::registry()
            .with(probe.clone())
            .try_init()
            .map_err(|e| anyhow::anyhow!("tracing subscriber: {e}"))?;
        Ok(probe)
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until the handler of `interaction` has returned: when it did; `None` after
    /// `timeout`.
    pub async fn finished(&self, interaction: u64, timeout: Duration) -> Option<Instant> {
        let mut rx = self.changed.subscribe();
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            rx.borrow_and_update();
            if let Some(at) = self.seen().finished.remove(&interaction) {
                return Some(at);
            }
            if tokio::time::timeout_at(deadline, rx.changed())
                .await
                .is_err()
            {
                return self.seen().finished.remove(&interaction);
            }
        }
    }

    /// The warnings logged since the last call.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut self.seen().warnings)
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Probe {
    fn enabled(&self, metadata: &Metadata<'_>, _: Context<'_, S>) -> bool {
        let floor = if metadata.is_span() {
            Level::INFO
        } else {
            Level::WARN
        };
        metadata.target().starts_with("binome") && *metadata.level() <= floor
    }

    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut field = InteractionField::default();
        attrs.record(&mut field);
        if let (Some(interaction), Some(span)) = (field.0, ctx.span(id)) {
            span.extensions_mut().insert(InteractionOf(interaction));
        }
    }

    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut message = Message::default();
        event.record(&mut message);
        let meta = event.metadata();
        let line = format!("{} {}: {}", meta.level(), meta.target(), message.0);
        self.seen().warnings.push(line);
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let Some(interaction) = span.extensions().get::<InteractionOf>().map(|i| i.0) else {
            return;
        };
        self.seen().finished.insert(interaction, Instant::now());
        self.changed.send_modify(|v| *v += 1);
    }
}

/// A field of `/proc/self/status` in kB (`VmRSS`, `VmHWM`).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()
}

/// Resident memory now, in kB (0 where unknown).
pub fn rss_kb() -> u64 {
    status_kb("VmRSS").unwrap_or(0)
}

/// The most resident memory since the last `reset_peak` (or since the start), in kB.
pub fn peak_kb() -> u64 {
    status_kb("VmHWM").unwrap_or(0)
}

/// Resets the high-water mark to the current resident memory; false where Linux does not let
/// us (then `peak_kb` is the peak since the process started).
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The machine's load average over the last minute (Linux `/proc/loadavg`; NaN where unknown):
/// other work on the machine slows every figure down.
pub fn load() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}
