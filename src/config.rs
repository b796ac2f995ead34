//! Layered configuration: `config/default.toml` (compiled in) → `binome.toml` (or the file in
//! `BINOME_CONFIG`) → `BINOME_*` environment variables. The token comes from `DISCORD_TOKEN`
//! only and is never printed.

use figment::providers::{Env, Format, Toml};
use figment::Figment;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub discord: DiscordConfig,
    pub database: DatabaseConfig,
    pub programme: ProgrammeConfig,
    pub rhythm: RhythmConfig,
    pub scheduler: SchedulerConfig,
    pub outbound: OutboundSettings,
    pub followup: FollowUpConfig,
    pub report: ReportConfig,
    pub digest: DigestConfig,
    /// What a shared theme is worth to `/match suggest` and `binome match`.
    pub matching: crate::domain::matching::MatchWeights,
    pub log: LogConfig,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportConfig {
    /// One character between CSV fields (`;` for a French Excel).
    pub csv_separator: String,
    /// strftime format of dates in the CSV (`%d/%m/%Y`).
    pub csv_date_format: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigestConfig {
    /// When the coordinators' weekly digest goes out, on the programme's wall clock.
    pub cron: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpConfig {
    /// Participants whose last individual follow-up is older than this are listed as due.
    pub due_after_days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RhythmConfig {
    pub reminders_before_minutes: Vec<i64>,
    pub check_in_after_end_minutes: i64,
    pub check_in_retry_hours: i64,
    pub at_risk_after_days: i64,
    pub monthly_nudge_cron: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchedulerConfig {
    pub lease_seconds: i64,
    pub batch_size: u32,
    /// Done, skipped and cancelled jobs are deleted this many days after they finished.
    pub keep_finished_days: i64,
    /// Dead jobs are deleted this many days after they died.
    pub keep_dead_days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboundSettings {
    pub max_per_second: u32,
    /// Delivered nonces are forgotten this many days after delivery.
    pub nonce_ledger_days: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    pub dev_guild_ids: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    pub url: String,
    pub max_connections: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeConfig {
    pub default_time_zone: String,
    pub default_themes: Vec<String>,
    pub pair_category_prefix: String,
    pub pair_channel_prefix: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    pub level: String,
    /// Lets tungstenite, serenity and the HTTP stack log below `warn`, payloads included.
    pub allow_payloads: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration: {0}")]
    Invalid(String),
    #[error("configuration file {path} not found (named by BINOME_CONFIG)")]
    MissingFile { path: PathBuf },
    #[error("DISCORD_TOKEN is not set: create a bot in the Discord developer portal and export its token")]
    MissingToken,
    #[error(
        "DISCORD_TOKEN does not look like a Discord bot token (three parts separated by dots)"
    )]
    MalformedToken,
}

pub use crate::secret::Secret;

impl Config {
    /// Loads the layers from the process environment and working directory.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var_os("BINOME_CONFIG").map(PathBuf::from);
        if let Some(path) = &file {
            if !path.exists() {
                return Err(ConfigError::MissingFile { path: path.clone() });
            }
        }
        Self::from_figment(Self::figment(
            file.as_deref().unwrap_or(Path::new("binome.toml")),
        ))
    }

    /// The layers, with `file` as the optional override file.
    pub fn figment(file: &Path) -> Figment {
        Figment::from(Toml::string(DEFAULT_TOML))
            .merge(Toml::file(file))
            .merge(Env::prefixed("BINOME_").ignore(&["config"]).split("__"))
    }

    pub fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let config: Config = figment
            .extract()
            .map_err(|e| ConfigError::Invalid(one_line(&e)))?;
        config.validate()?;
        Ok(config)
    }

    /// Checked in this order: the programme and database, the rhythm and follow-ups, then
    /// reports, outbound, scheduler and logs; the first problem is reported.
    fn validate(&self) -> Result<(), ConfigError> {
        self.validate_programme()?;
        self.validate_rhythm()?;
        self.validate_outputs()
    }

    fn validate_programme(&self) -> Result<(), ConfigError> {
        crate::domain::time::parse_time_zone(&self.programme.default_time_zone).map_err(|_| {
            ConfigError::Invalid(format!(
                "programme.default_time_zone {:?} is not an IANA time zone such as \"Europe/Paris\"",
                self.programme.default_time_zone
            ))
        })?;
        crate::domain::programme::ThemeSet::from_items(
            self.programme.default_themes.iter().map(String::as_str),
        )
        .map_err(|e| ConfigError::Invalid(format!("programme.default_themes: {e}")))?;
        if self.programme.pair_category_prefix.trim().is_empty() {
            return Err(ConfigError::Invalid(
                "programme.pair_category_prefix is empty".into(),
            ));
        }
        if self.database.max_connections == 0 {
            return Err(ConfigError::Invalid(
                "database.max_connections must be at least 1".into(),
            ));
        }
        Ok(())
    }

    fn validate_rhythm(&self) -> Result<(), ConfigError> {
        self.rhythm
            .monthly_nudge_cron
            .parse::<cron::Schedule>()
            .map_err(|e| {
                ConfigError::Invalid(format!(
                    "rhythm.monthly_nudge_cron {:?} is not a cron expression with seconds (e.g. \"0 0 9 5 * *\"): {e}",
                    self.rhythm.monthly_nudge_cron
                ))
            })?;
        let r = &self.rhythm;
        if r.reminders_before_minutes
            .iter()
            .any(|m| *m <= 0 || *m > 14 * 24 * 60)
            || r.check_in_after_end_minutes < 0
            || r.check_in_retry_hours <= 0
            || r.at_risk_after_days <= 0
        {
            return Err(ConfigError::Invalid(
                "rhythm: reminders must be 1 minute to 14 days before, spans positive".into(),
            ));
        }
        if !(1..=366).contains(&self.followup.due_after_days) {
            return Err(ConfigError::Invalid(
                "followup.due_after_days must be between 1 and 366".into(),
            ));
        }
        Ok(())
    }

    fn validate_outputs(&self) -> Result<(), ConfigError> {
        crate::report::csv::CsvFormat::new(
            &self.report.csv_separator,
            &self.report.csv_date_format,
        )
        .map_err(|e| ConfigError::Invalid(format!("report: {e}")))?;
        self.digest.cron.parse::<cron::Schedule>().map_err(|e| {
            ConfigError::Invalid(format!(
                "digest.cron {:?} is not a cron expression with seconds (e.g. \"0 0 9 * * Mon\"): {e}",
                self.digest.cron
            ))
        })?;
        if !(1..=50).contains(&self.outbound.max_per_second) {
            return Err(ConfigError::Invalid(
                "outbound.max_per_second must be between 1 and 50 (Discord's global limit)".into(),
            ));
        }
        if self.scheduler.lease_seconds < 10 || self.scheduler.batch_size == 0 {
            return Err(ConfigError::Invalid(
                "scheduler.lease_seconds must be at least 10 and batch_size at least 1".into(),
            ));
        }
        self.validate_retention()?;
        crate::logging::env_filter(&self.log.level, self.log.allow_payloads)
            .map_err(|e| ConfigError::Invalid(format!("log.level {:?}: {e}", self.log.level)))?;
        Ok(())
    }

    /// Retention spans: at least a day (a job's retries and Discord's nonce memory last
    /// minutes), at most ten years.
    fn validate_retention(&self) -> Result<(), ConfigError> {
        for (name, days) in [
            (
                "scheduler.keep_finished_days",
                self.scheduler.keep_finished_days,
            ),
            ("scheduler.keep_dead_days", self.scheduler.keep_dead_days),
            (
                "outbound.nonce_ledger_days",
                self.outbound.nonce_ledger_days,
            ),
        ] {
            if !(1..=3650).contains(&days) {
                return Err(ConfigError::Invalid(format!(
                    "{name} must be between 1 and 3650 days"
                )));
            }
        }
        Ok(())
    }

    /// The effective configuration as TOML, for `binome check-config`.
    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_else(|e| format!("# cannot render: {e}\n"))
    }

    /// Opens (creating and migrating it if needed) the database `[database]` names.
    pub async fn connect_store(&self) -> anyhow::Result<crate::store::SqliteStore> {
        crate::store::SqliteStore::connect(&self.database.url, self.database.max_connections).await
    }

    /// The job worker's settings (`[scheduler]`).
    pub fn scheduler_config(&self) -> crate::schedule::SchedulerConfig {
        crate::schedule::SchedulerConfig {
            lease: chrono::Duration::seconds(self.scheduler.lease_seconds),
            batch: self.scheduler.batch_size,
            ..Default::default()
        }
    }

    /// The outbound path's settings (`[outbound]`).
    pub fn outbound_config(&self) -> crate::discord::outbound::OutboundConfig {
        crate::discord::outbound::OutboundConfig {
            max_per_second: self.outbound.max_per_second,
            ..Default::default()
        }
    }

    /// Everything `build_client` needs, wired from the configuration: `binome run` and the
    /// tests build the bot through this one function. `api_base` replaces Discord's URL (the
    /// loopback fake in tests).
    pub fn bot_options(
        &self,
        token: Secret,
        api_base: Option<String>,
        app: crate::app::App,
        i18n: std::sync::Arc<crate::i18n::I18n>,
    ) -> crate::discord::BotOptions {
        crate::discord::BotOptions {
            token,
            api_base,
            app,
            i18n,
            layout: self.layout(),
            dev_guild_ids: self.discord.dev_guild_ids.clone(),
            scheduler: self.scheduler_config(),
            outbound: self.outbound_config(),
        }
    }

    /// Names of what binome creates on the server (`[programme]` prefixes).
    pub fn layout(&self) -> crate::discord::Layout {
        crate::discord::Layout {
            pair_category_prefix: self.programme.pair_category_prefix.clone(),
            pair_channel_prefix: self.programme.pair_channel_prefix.clone(),
        }
    }

    pub fn app_settings(&self) -> crate::app::AppSettings {
        crate::app::AppSettings {
            default_time_zone: self
                .programme
                .default_time_zone
                .parse()
                .unwrap_or(chrono_tz::Europe::Paris),
            default_themes: self.programme.default_themes.clone(),
            rhythm: crate::app::RhythmSettings {
                reminder_offsets_minutes: self.rhythm.reminders_before_minutes.clone(),
                check_in_delay: chrono::Duration::minutes(self.rhythm.check_in_after_end_minutes),
                check_in_retry: chrono::Duration::hours(self.rhythm.check_in_retry_hours),
                at_risk_after: chrono::Duration::days(self.rhythm.at_risk_after_days),
                monthly: self
                    .rhythm
                    .monthly_nudge_cron
                    .parse()
                    .unwrap_or_else(|_| crate::app::RhythmSettings::default().monthly),
            },
            followup: crate::app::FollowUpSettings {
                due_after_days: self.followup.due_after_days,
            },
            reports: {
                let default = crate::app::ReportSettings::default();
                crate::app::ReportSettings {
                    csv: crate::report::csv::CsvFormat::new(
                        &self.report.csv_separator,
                        &self.report.csv_date_format,
                    )
                    .unwrap_or(default.csv),
                    digest: self.digest.cron.parse().unwrap_or(default.digest),
                }
            },
            retention: crate::app::RetentionSettings {
                keep_finished: chrono::Duration::days(self.scheduler.keep_finished_days),
                keep_dead: chrono::Duration::days(self.scheduler.keep_dead_days),
                nonce_ledger: chrono::Duration::days(self.outbound.nonce_ledger_days),
            },
            matching: self.matching,
        }
    }
}

/// Reads and checks `DISCORD_TOKEN`.
pub fn token_from(value: Option<String>) -> Result<Secret, ConfigError> {
    let token = value
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or(ConfigError::MissingToken)?;
    serenity::utils::token::validate(&token).map_err(|_| ConfigError::MalformedToken)?;
    Ok(Secret::new(token))
}

fn one_line(e: &figment::Error) -> String {
    e.to_string().replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_load_and_validate() {
        let c = Config::from_figment(Figment::from(Toml::string(DEFAULT_TOML))).unwrap();
        assert_eq!(c.programme.default_time_zone, "Europe/Paris");
        assert_eq!(c.programme.default_themes.len(), 6);
    }

    #[test]
    fn a_file_overrides_defaults_and_a_typo_is_reported() {
        let base = Figment::from(Toml::string(DEFAULT_TOML));
        let c = Config::from_figment(
            base.clone()
                .merge(Toml::string("[database]\nurl = \"sqlite://x.db\"")),
        )
        .unwrap();
        assert_eq!(c.database.url, "sqlite://x.db");
        let err = Config::from_figment(base.clone().merge(Toml::string("[database]\nurll = 1")))
            .unwrap_err();
        assert!(err.to_string().contains("urll"), "{err}");
        let err = Config::from_figment(
            base.merge(Toml::string("[programme]\ndefault_time_zone = \"Paris\"")),
        )
        .unwrap_err();
        assert!(err.to_string().contains("Paris"), "{err}");
    }

    #[test]
    fn report_and_digest_settings_are_checked_and_reach_the_app() {
        let base = Figment::from(Toml::string(DEFAULT_TOML));
        let c = Config::from_figment(base.clone().merge(Toml::string(
            "[report]\ncsv_separator = \",\"\ncsv_date_format = \"%Y-%m-%d\"",
        )))
        .unwrap();
        assert_eq!(c.app_settings().reports.csv.separator(), b',');
        for bad in [
            "[report]\ncsv_separator = \";;\"",
            "[report]\ncsv_date_format = \"%Q\"",
            "[digest]\ncron = \"every monday\"",
        ] {
            let err = Config::from_figment(base.clone().merge(Toml::string(bad))).unwrap_err();
            assert!(
                err.to_string().contains("report") || err.to_string().contains("digest"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn retention_spans_are_checked() {
        let base = Figment::from(Toml::string(DEFAULT_TOML));
        for bad in [
            "[scheduler]\nkeep_finished_days = 0",
            "[scheduler]\nkeep_dead_days = -1",
            "[outbound]\nnonce_ledger_days = 4000",
        ] {
            let err = Config::from_figment(base.clone().merge(Toml::string(bad))).unwrap_err();
            let key = bad.split('\n').nth(1).and_then(|l| l.split(' ').next());
            assert!(err.to_string().contains(key.unwrap()), "{bad}: {err}");
        }
    }

    #[test]
    fn the_token_is_checked_and_never_shown() {
        assert!(matches!(token_from(None), Err(ConfigError::MissingToken)));
        assert!(matches!(
            token_from(Some("  ".into())),
            Err(ConfigError::MissingToken)
        ));
        assert!(matches!(
            token_from(Some("abc".into())),
            Err(ConfigError::MalformedToken)
        ));
        let t = token_from(Some("MTIz.NDU2.Nzg5".into())).unwrap();
        assert_eq!(format!("{t} {t:?}"), "*** Secret(***)");
        assert_eq!(t.expose(), "MTIz.NDU2.Nzg5");
    }
}
