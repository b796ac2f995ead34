//! Server setup checks. Discord lets Administrator and the server owner bypass channel
//! permissions, which would let a coordinator read pair channels: we say so loudly.

use super::layout::perm;
use super::{ChannelId, GuildId, Locale, RoleId};
use chrono::{DateTime, Utc};

/// A server permission binome needs, what it is for, and its bit. The invite link asks for
/// exactly these (see [`BotPermission::invite_bits`]), and `/setup` names the ones missing in
/// the server's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BotPermission {
    /// See the channels it posts in.
    ViewChannels,
    /// Post reminders, the charter, announcements.
    SendMessages,
    /// The charter is an embed.
    EmbedLinks,
    /// The heat map and CSV reports are files.
    AttachFiles,
    /// Granted to pair members in their channel (Discord lets a bot grant only what it has);
    /// the bot denies it to itself in pair channels.
    ReadMessageHistory,
    /// Create the pair channels, their categories and the circles.
    ManageChannels,
    /// Set the channels' permission overwrites and grant the circle roles.
    ManageRoles,
    /// Collective sessions become server events.
    CreateEvents,
    /// Delete a session's event whoever edited it since.
    ManageEvents,
    /// Pin the mentee's objective (Discord split it from Manage Messages in 2026).
    PinMessages,
}

impl BotPermission {
    pub const ALL: [BotPermission; 10] = [
        Self::ViewChannels,
        Self::SendMessages,
        Self::EmbedLinks,
        Self::AttachFiles,
        Self::ReadMessageHistory,
        Self::ManageChannels,
        Self::ManageRoles,
        Self::CreateEvents,
        Self::ManageEvents,
        Self::PinMessages,
    ];

    pub fn bits(self) -> u64 {
        match self {
            Self::ViewChannels => perm::VIEW_CHANNEL,
            Self::SendMessages => perm::SEND_MESSAGES,
            Self::EmbedLinks => perm::EMBED_LINKS,
            Self::AttachFiles => perm::ATTACH_FILES,
            Self::ReadMessageHistory => perm::READ_MESSAGE_HISTORY,
            Self::ManageChannels => perm::MANAGE_CHANNELS,
            Self::ManageRoles => perm::MANAGE_ROLES,
            Self::CreateEvents => perm::CREATE_EVENTS,
            Self::ManageEvents => perm::MANAGE_EVENTS,
            Self::PinMessages => perm::PIN_MESSAGES,
        }
    }

    /// The Fluent key of its name as Discord's client shows it.
    pub fn key(self) -> &'static str {
        match self {
            Self::ViewChannels => "perm-view-channels",
            Self::SendMessages => "perm-send-messages",
            Self::EmbedLinks => "perm-embed-links",
            Self::AttachFiles => "perm-attach-files",
            Self::ReadMessageHistory => "perm-read-message-history",
            Self::ManageChannels => "perm-manage-channels",
            Self::ManageRoles => "perm-manage-roles",
            Self::CreateEvents => "perm-create-events",
            Self::ManageEvents => "perm-manage-events",
            Self::PinMessages => "perm-pin-messages",
        }
    }

    /// The `permissions=` of the invite link: every permission binome needs, nothing else.
    pub fn invite_bits() -> u64 {
        Self::ALL.iter().fold(0, |acc, p| acc | p.bits())
    }

    /// Those binome needs but `effective` (the bot's server permissions) lacks;
    /// Administrator implies them all.
    pub fn missing(effective: u64) -> Vec<BotPermission> {
        if effective & perm::ADMINISTRATOR != 0 {
            return Vec::new();
        }
        Self::ALL
            .into_iter()
            .filter(|p| effective & p.bits() != p.bits())
            .collect()
    }
}

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
    /// Permissions the bot lacks on the server.
    pub bot_missing_permissions: Vec<BotPermission>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetupWarning {
    RoleIsAdministrator,
    OwnerIsCoordinator,
    BotMissingPermissions(Vec<BotPermission>),
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
            bot_missing_permissions: vec![BotPermission::ManageRoles],
            ..Default::default()
        });
        assert_eq!(
            w,
            vec![
                SetupWarning::OwnerIsCoordinator,
                SetupWarning::BotMissingPermissions(vec![BotPermission::ManageRoles])
            ]
        );
    }

    #[test]
    fn the_invite_asks_for_pin_messages_and_not_manage_messages_nor_administrator() {
        let bits = BotPermission::invite_bits();
        assert_eq!(bits & perm::PIN_MESSAGES, perm::PIN_MESSAGES);
        assert_eq!(bits & (1 << 13), 0);
        assert_eq!(bits & perm::ADMINISTRATOR, 0);
    }

    #[test]
    fn missing_permissions_are_exactly_those_not_granted() {
        let all = BotPermission::invite_bits();
        assert!(BotPermission::missing(all).is_empty());
        assert_eq!(
            BotPermission::missing(all & !perm::PIN_MESSAGES & !perm::MANAGE_ROLES),
            vec![BotPermission::ManageRoles, BotPermission::PinMessages]
        );
        // Manage Messages does not stand in for Pin Messages any more.
        assert_eq!(
            BotPermission::missing((all & !perm::PIN_MESSAGES) | (1 << 13)),
            vec![BotPermission::PinMessages]
        );
        assert!(BotPermission::missing(perm::ADMINISTRATOR).is_empty());
    }
}
