//! `/setup`: the coordinator role and channel of a server.

use super::{Actor, App, AppResult, UserError};
use crate::domain::setup::{setup_warnings, GuildSettings, SetupFacts, SetupWarning};
use crate::domain::{ChannelId, RoleId};

#[derive(Debug, Clone)]
pub struct SetupRequest {
    pub coordinator_role: RoleId,
    pub coordinator_channel: Option<ChannelId>,
    pub facts: SetupFacts,
}

#[derive(Debug, Clone)]
pub struct SetupReport {
    pub settings: GuildSettings,
    pub warnings: Vec<SetupWarning>,
}

impl App {
    pub async fn setup(&self, actor: &Actor, req: SetupRequest) -> AppResult<SetupReport> {
        if !actor.manage_guild {
            return Err(UserError::NeedManageServer.into());
        }
        let settings = GuildSettings {
            guild_id: actor.guild,
            coordinator_role: req.coordinator_role,
            coordinator_channel: req.coordinator_channel,
            locale: actor.locale,
            updated_at: self.clock.now(),
        };
        self.store.save_guild_settings(&settings).await?;
        tracing::info!(guild = %actor.guild, role = %req.coordinator_role, "server set up");
        Ok(SetupReport {
            warnings: setup_warnings(&req.facts),
            settings,
        })
    }
}
