//! The guild the fake Discord serves: roles, members, channels, and the ids of
//! the ready-made [`GuildSpec::standard`] guild.

/// Permission bits used by the specs (same values as `serenity::all::Permissions`).
pub mod perms {
    pub const CREATE_INSTANT_INVITE: u64 = 1;
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const MANAGE_CHANNELS: u64 = 1 << 4;
    pub const MANAGE_GUILD: u64 = 1 << 5;
    pub const ADD_REACTIONS: u64 = 1 << 6;
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const MANAGE_MESSAGES: u64 = 1 << 13;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    pub const CONNECT: u64 = 1 << 20;
    pub const SPEAK: u64 = 1 << 21;
    pub const CHANGE_NICKNAME: u64 = 1 << 26;
    pub const MANAGE_ROLES: u64 = 1 << 28;
    pub const USE_APPLICATION_COMMANDS: u64 = 1 << 31;
    pub const MANAGE_EVENTS: u64 = 1 << 33;
    pub const CREATE_EVENTS: u64 = 1 << 44;
    /// Pinning and unpinning (split from MANAGE_MESSAGES by Discord; serenity 0.12.5 does
    /// not know this bit).
    pub const PIN_MESSAGES: u64 = 1 << 51;

    /// What the bot's invite URL grants (and so what its managed role carries):
    /// VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY,
    /// MANAGE_CHANNELS, MANAGE_ROLES, CREATE_EVENTS, MANAGE_EVENTS, PIN_MESSAGES
    /// (no MANAGE_MESSAGES) = 2_269_400_858_217_488.
    pub const BOT_INVITE: u64 = VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | MANAGE_CHANNELS
        | MANAGE_ROLES
        | CREATE_EVENTS
        | MANAGE_EVENTS
        | PIN_MESSAGES;
    const _: () = assert!(BOT_INVITE == 2_269_400_858_217_488);

    /// Discord's defaults for a new guild's @everyone role (the common subset).
    pub const EVERYONE_DEFAULT: u64 = CREATE_INSTANT_INVITE
        | ADD_REACTIONS
        | VIEW_CHANNEL
        | SEND_MESSAGES
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | CONNECT
        | SPEAK
        | CHANGE_NICKNAME
        | USE_APPLICATION_COMMANDS;
}

/// Ids of [`GuildSpec::standard`].
pub const GUILD_ID: u64 = 110_000_000_000_000_001;
/// The @everyone role: its id is the guild id, as on Discord.
pub const EVERYONE_ROLE: u64 = GUILD_ID;
pub const APPLICATION_ID: u64 = 120_000_000_000_000_001;
/// The bot's user id; deliberately different from [`APPLICATION_ID`] so code
/// that mixes the two up fails.
pub const BOT_USER_ID: u64 = 120_000_000_000_000_002;
/// Guild owner ("olivia"): has every permission; default invoker of `Slash`/`Click`.
pub const OWNER: u64 = 130_000_000_000_000_001;
/// alice: member with the Coordination role.
pub const ALICE: u64 = 130_000_000_000_000_002;
pub const BOB: u64 = 130_000_000_000_000_003;
pub const CAROL: u64 = 130_000_000_000_000_004;
pub const DAVE: u64 = 130_000_000_000_000_005;
pub const ERIN: u64 = 130_000_000_000_000_006;
/// frank: member with the Admin role (ADMINISTRATOR).
pub const FRANK: u64 = 130_000_000_000_000_007;
/// heidi: plain member whose DMs are closed (`dms_closed`): DMs to her get 403 / 50007.
pub const HEIDI: u64 = 130_000_000_000_000_008;
/// A user id that is not a member of the guild.
pub const STRANGER: u64 = 130_000_000_000_000_099;
/// "Coordination" role, no permissions of its own.
pub const COORDINATION_ROLE: u64 = 140_000_000_000_000_001;
/// The bot's managed role, carrying [`perms::BOT_INVITE`].
pub const BOT_ROLE: u64 = 140_000_000_000_000_002;
/// "Admin" role with ADMINISTRATOR.
pub const ADMIN_ROLE: u64 = 140_000_000_000_000_003;
/// #general text channel (no parent, no overwrites).
pub const GENERAL: u64 = 150_000_000_000_000_001;

#[derive(Clone, Debug, Default)]
pub struct RoleSpec {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    /// A role managed by an integration (the bot's own role is).
    pub managed: bool,
}

impl RoleSpec {
    pub fn new(id: u64, name: &str, permissions: u64) -> Self {
        RoleSpec {
            id,
            name: name.to_owned(),
            permissions,
            managed: false,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct MemberSpec {
    pub user_id: u64,
    pub username: String,
    /// Role ids (without @everyone, which every member has implicitly).
    pub roles: Vec<u64>,
    pub bot: bool,
    /// `POST /channels/{dm}/messages` to this user answers 403 code 50007.
    pub dms_closed: bool,
}

impl MemberSpec {
    pub fn new(user_id: u64, username: &str, roles: &[u64]) -> Self {
        MemberSpec {
            user_id,
            username: username.to_owned(),
            roles: roles.to_vec(),
            bot: false,
            dms_closed: false,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ChannelSpec {
    pub id: u64,
    pub name: String,
    /// 0 text, 4 category.
    pub kind: u8,
    pub parent_id: Option<u64>,
}

impl ChannelSpec {
    pub fn text(id: u64, name: &str, parent_id: Option<u64>) -> Self {
        ChannelSpec {
            id,
            name: name.to_owned(),
            kind: 0,
            parent_id,
        }
    }

    pub fn category(id: u64, name: &str) -> Self {
        ChannelSpec {
            id,
            name: name.to_owned(),
            kind: 4,
            parent_id: None,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct GuildSpec {
    pub guild_id: u64,
    pub name: String,
    pub owner_id: u64,
    pub bot_user_id: u64,
    pub bot_username: String,
    pub application_id: u64,
    /// Discord's `preferred_locale` of the guild (also the interactions' `guild_locale`).
    pub preferred_locale: String,
    /// Must contain the @everyone role (id == guild_id); `FakeDiscord::start`
    /// adds one with [`perms::EVERYONE_DEFAULT`] if missing.
    pub roles: Vec<RoleSpec>,
    /// Must contain the bot; `FakeDiscord::start` adds it if missing.
    pub members: Vec<MemberSpec>,
    pub channels: Vec<ChannelSpec>,
}

impl GuildSpec {
    /// A ready-made guild, see the consts of this module for its ids:
    /// owner olivia ([`OWNER`]); roles @everyone ([`perms::EVERYONE_DEFAULT`]),
    /// Coordination ([`COORDINATION_ROLE`], no permissions), binome
    /// ([`BOT_ROLE`], managed, [`perms::BOT_INVITE`]), Admin ([`ADMIN_ROLE`],
    /// ADMINISTRATOR); members alice (Coordination), bob, carol, dave, erin,
    /// frank (Admin), heidi (DMs closed) and the bot; one text channel
    /// #general ([`GENERAL`]).
    pub fn standard() -> Self {
        GuildSpec {
            guild_id: GUILD_ID,
            name: "Mentoring Inter-Entreprises".to_owned(),
            owner_id: OWNER,
            bot_user_id: BOT_USER_ID,
            bot_username: "binome".to_owned(),
            application_id: APPLICATION_ID,
            preferred_locale: "fr".to_owned(),
            roles: vec![
                RoleSpec::new(EVERYONE_ROLE, "@everyone", perms::EVERYONE_DEFAULT),
                RoleSpec::new(COORDINATION_ROLE, "Coordination", 0),
                RoleSpec {
                    managed: true,
                    ..RoleSpec::new(BOT_ROLE, "binome", perms::BOT_INVITE)
                },
                RoleSpec::new(ADMIN_ROLE, "Admin", perms::ADMINISTRATOR),
            ],
            members: vec![
                MemberSpec::new(OWNER, "olivia", &[]),
                MemberSpec::new(ALICE, "alice", &[COORDINATION_ROLE]),
                MemberSpec::new(BOB, "bob", &[]),
                MemberSpec::new(CAROL, "carol", &[]),
                MemberSpec::new(DAVE, "dave", &[]),
                MemberSpec::new(ERIN, "erin", &[]),
                MemberSpec::new(FRANK, "frank", &[ADMIN_ROLE]),
                MemberSpec {
                    dms_closed: true,
                    ..MemberSpec::new(HEIDI, "heidi", &[])
                },
                MemberSpec {
                    bot: true,
                    ..MemberSpec::new(BOT_USER_ID, "binome", &[BOT_ROLE])
                },
            ],
            channels: vec![ChannelSpec::text(GENERAL, "general", None)],
        }
    }

    pub fn member(&self, user_id: u64) -> Option<&MemberSpec> {
        self.members.iter().find(|m| m.user_id == user_id)
    }

    pub fn role(&self, role_id: u64) -> Option<&RoleSpec> {
        self.roles.iter().find(|r| r.id == role_id)
    }

    /// Fills in what Discord always has: the @everyone role and the bot member.
    pub(crate) fn normalized(mut self) -> Self {
        if self.preferred_locale.is_empty() {
            self.preferred_locale = "fr".to_owned();
        }
        if self.bot_username.is_empty() {
            self.bot_username = "binome".to_owned();
        }
        if self.role(self.guild_id).is_none() {
            self.roles.insert(
                0,
                RoleSpec::new(self.guild_id, "@everyone", perms::EVERYONE_DEFAULT),
            );
        }
        if self.member(self.bot_user_id).is_none() {
            let bot_role = self
                .roles
                .iter()
                .find(|r| r.permissions & perms::BOT_INVITE == perms::BOT_INVITE)
                .map(|r| r.id);
            self.members.push(MemberSpec {
                bot: true,
                ..MemberSpec::new(
                    self.bot_user_id,
                    &self.bot_username.clone(),
                    bot_role.as_slice(),
                )
            });
        }
        self
    }
}
