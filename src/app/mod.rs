//! Use cases: one function per user action, over a `Store`, a `Clock` and, where Discord must
//! act, a small port. Returns domain results and user-facing errors; no Discord types.
//!
//! Authorisation is decided here, server-side, for every action: the Discord layer only
//! reports who is acting (`Actor`), never whether they may.

pub mod audit;
pub mod circles;
pub mod clock;
pub mod delivery;
pub mod enrolment;
pub mod error;
pub mod followups;
pub mod housekeeping;
pub mod imports;
pub mod jobs;
pub mod join;
pub mod matching;
pub mod meetings;
pub mod objectives;
pub mod pairs;
pub mod participants;
pub mod ports;
pub mod posture;
pub mod programmes;
pub mod reports;
pub mod session_attendance;
pub mod session_jobs;
pub mod sessions;
pub mod setup;
pub mod tripartite;
pub mod tripartite_jobs;

use crate::domain::programme::Programme;
use crate::domain::setup::GuildSettings;
use crate::domain::{GuildId, Locale, RoleId, UserId};
use crate::report::csv::CsvFormat;
use chrono_tz::Tz;
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{AppError, AppResult, UserError};
pub use ports::{PairChannels, Store};
use std::sync::Arc;

/// Who is acting, as Discord reported it for this interaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: UserId,
    pub guild: GuildId,
    pub roles: Vec<RoleId>,
    /// Manage Server (or Administrator) in this server.
    pub manage_guild: bool,
    pub locale: Locale,
}

/// Settings the use cases read (from the configuration).
#[derive(Debug, Clone)]
pub struct AppSettings {
    pub default_time_zone: Tz,
    pub default_themes: Vec<String>,
    pub rhythm: RhythmSettings,
    pub followup: FollowUpSettings,
    pub reports: ReportSettings,
    pub retention: RetentionSettings,
    /// What a shared theme is worth to `/match suggest`.
    pub matching: crate::domain::matching::MatchWeights,
}

/// How long the database keeps what no longer serves; the daily housekeeping deletes the rest.
#[derive(Debug, Clone)]
pub struct RetentionSettings {
    /// Done, skipped and cancelled jobs are deleted this long after they finished (30 days).
    pub keep_finished: chrono::Duration,
    /// Dead jobs are kept longer, for inspection (90 days).
    pub keep_dead: chrono::Duration,
    /// Delivered nonces are forgotten this long after delivery (7 days): Discord remembers a
    /// nonce for minutes and a job's retries span minutes.
    pub nonce_ledger: chrono::Duration,
}

impl Default for RetentionSettings {
    fn default() -> Self {
        Self {
            keep_finished: chrono::Duration::days(30),
            keep_dead: chrono::Duration::days(90),
            nonce_ledger: chrono::Duration::days(7),
        }
    }
}

/// Individual follow-ups by the coordinator.
#[derive(Debug, Clone)]
pub struct FollowUpSettings {
    /// A participant whose last follow-up is older than this many days is listed as due (42).
    pub due_after_days: i64,
}

impl Default for FollowUpSettings {
    fn default() -> Self {
        Self { due_after_days: 42 }
    }
}

/// The programme's rhythm: reminders, check-ins, monthly nudges, at-risk span.
#[derive(Debug, Clone)]
pub struct RhythmSettings {
    /// Reminders this many minutes before each meeting (default 24 h and 1 h).
    pub reminder_offsets_minutes: Vec<i64>,
    /// The check-in is asked this long after the planned end (default 1 h).
    pub check_in_delay: chrono::Duration,
    /// Unanswered check-ins are asked again, then closed as unconfirmed, after this (72 h).
    pub check_in_retry: chrono::Duration,
    /// No held meeting for this long: the pair is at risk (45 days).
    pub at_risk_after: chrono::Duration,
    /// When the monthly nudge runs, on the programme's wall clock (cron with seconds).
    pub monthly: cron::Schedule,
}

impl Default for RhythmSettings {
    fn default() -> Self {
        Self {
            reminder_offsets_minutes: vec![24 * 60, 60],
            check_in_delay: chrono::Duration::hours(1),
            check_in_retry: chrono::Duration::hours(72),
            at_risk_after: chrono::Duration::days(45),
            monthly: DEFAULT_MONTHLY_CRON
                .parse()
                .unwrap_or_else(|_| unreachable!("valid literal")),
        }
    }
}

/// Monday at 09:00 on the programme's wall clock.
pub const DEFAULT_DIGEST_CRON: &str = "0 0 9 * * Mon";

/// How reports are written and when the digest goes out.
#[derive(Debug, Clone)]
pub struct ReportSettings {
    pub csv: CsvFormat,
    /// The weekly digest, on the programme's wall clock (cron with seconds).
    pub digest: cron::Schedule,
}

impl Default for ReportSettings {
    fn default() -> Self {
        Self {
            csv: CsvFormat::default(),
            digest: DEFAULT_DIGEST_CRON
                .parse()
                .unwrap_or_else(|_| unreachable!("valid literal")),
        }
    }
}

/// 09:00 on the 5th of every month.
pub const DEFAULT_MONTHLY_CRON: &str = "0 0 9 5 * *";

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            default_time_zone: chrono_tz::Europe::Paris,
            default_themes: vec![
                "Management et conduite du changement".into(),
                "Gouvernance".into(),
                "Aménagement du temps de travail".into(),
                "Recrutement et intégration".into(),
                "Développement des compétences".into(),
                "Nouveaux espaces de travail".into(),
            ],
            rhythm: RhythmSettings::default(),
            followup: FollowUpSettings::default(),
            reports: ReportSettings::default(),
            retention: RetentionSettings::default(),
            matching: crate::domain::matching::MatchWeights::default(),
        }
    }
}

#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub settings: AppSettings,
    /// Rung when a job is added, so a sleeping worker looks again.
    pub jobs_changed: Arc<tokio::sync::Notify>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: AppSettings) -> Self {
        Self {
            store,
            clock,
            settings,
            jobs_changed: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// The server's settings, if the actor holds the coordinator role; the one check every
    /// coordinator action starts with.
    async fn require_coordinator(&self, actor: &Actor) -> AppResult<GuildSettings> {
        let settings = self
            .store
            .guild_settings(actor.guild)
            .await?
            .ok_or(UserError::NotSetUp)?;
        if !actor.roles.contains(&settings.coordinator_role) {
            return Err(UserError::NotCoordinator.into());
        }
        Ok(settings)
    }

    /// The language binome posts in on this server (set by `/setup`), French by default.
    pub(crate) async fn server_locale(&self, guild: GuildId) -> AppResult<Locale> {
        Ok(self
            .store
            .guild_settings(guild)
            .await?
            .map(|s| s.locale)
            .unwrap_or_default())
    }

    /// Adds jobs (each kept once by its idempotency key) and wakes the worker.
    pub(crate) async fn enqueue_jobs(
        &self,
        jobs: &[crate::domain::job::NewJob],
        now: chrono::DateTime<chrono::Utc>,
    ) -> AppResult<()> {
        for job in jobs {
            self.store.enqueue_job(job, now).await?;
        }
        self.jobs_changed.notify_one();
        Ok(())
    }

    async fn active_programme(&self, guild: GuildId) -> AppResult<Programme> {
        Ok(self
            .store
            .active_programme(guild)
            .await?
            .ok_or(UserError::NoActiveProgramme)?)
    }
}
