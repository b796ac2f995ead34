//! Use cases: one function per user action, over a `Store`, a `Clock` and, where Discord must
//! act, a small port. Returns domain results and user-facing errors; no Discord types.
//!
//! Authorisation is decided here, server-side, for every action: the Discord layer only
//! reports who is acting (`Actor`), never whether they may.

pub mod clock;
pub mod error;
pub mod pairs;
pub mod participants;
pub mod ports;
pub mod programmes;
pub mod setup;

use crate::domain::programme::Programme;
use crate::domain::setup::GuildSettings;
use crate::domain::{GuildId, Locale, RoleId, UserId};
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
}

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
        }
    }
}

#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub settings: AppSettings,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, settings: AppSettings) -> Self {
        Self {
            store,
            clock,
            settings,
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

    async fn active_programme(&self, guild: GuildId) -> AppResult<Programme> {
        Ok(self
            .store
            .active_programme(guild)
            .await?
            .ok_or(UserError::NoActiveProgramme)?)
    }
}
