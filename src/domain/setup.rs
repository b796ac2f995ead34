//! Server setup checks. Discord lets Administrator and the server owner bypass channel
//! permissions, which would let a coordinator read pair channels: we say so loudly.

use super::{ChannelId, GuildId, Locale, RoleId};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildSettings {
    pub guild_id: GuildId,
    pub coordinator_role: RoleId,
    pub coordinator_channel: Option<ChannelId>,
    pub locale: Locale,
    pub updated_at: DateTime<Utc>,
}

/// Facts about the server that only Discord knows, gathered by the Discord layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupFacts {
    pub role_has_administrator: bool,
    pub owner_has_role: bool,
    /// Names of permissions the bot lacks (e.g. `MANAGE_CHANNELS`).
    pub bot_missing_permissions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupWarning {
    RoleIsAdministrator,
    OwnerIsCoordinator,
    BotMissingPermissions(Vec<String>),
}

pub fn setup_warnings(facts: &SetupFacts) -> Vec<SetupWarning> {
    let mut out = Vec::new();
    if facts.role_has_administrator {
        out.push(SetupWarning::RoleIsAdministrator);
    }
    if facts.owner_has_role {
        out.push(SetupWarning::OwnerIsCoordinator);
    }
    if !facts.bot_missing_permissions.is_empty() {
        out.push(SetupWarning::BotMissingPermissions(
            facts.bot_missing_permissions.clone(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_administrator_coordinator_role_is_warned_about() {
        let w = setup_warnings(&SetupFacts {
            role_has_administrator: true,
            ..Default::default()
        });
        assert_eq!(w, vec![SetupWarning::RoleIsAdministrator]);
    }

    #[test]
    fn a_clean_setup_has_no_warning() {
        assert!(setup_warnings(&SetupFacts::default()).is_empty());
    }

    #[test]
    fn owner_and_missing_permissions_are_both_reported() {
        let w = setup_warnings(&SetupFacts {
            owner_has_role: true,
            bot_missing_permissions: vec!["MANAGE_ROLES".into()],
            ..Default::default()
        });
        assert_eq!(
            w,
            vec![
                SetupWarning::OwnerIsCoordinator,
                SetupWarning::BotMissingPermissions(vec!["MANAGE_ROLES".into()])
            ]
        );
    }
}
