//! Who may run a command: declared once per command (see `discord::access`), enforced by the
//! use case in `app`, mirrored into Discord's `default_member_permissions` where Discord has a
//! matching permission.

/// The permission level a command needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Access {
    /// Anyone on the server (e.g. `/privacy`: what binome holds about oneself).
    Anyone,
    /// A participant enrolled in the running programme.
    Participant,
    /// A member of the pair whose channel the command is run in.
    PairMember,
    /// A holder of the coordinator role chosen with `/setup`.
    Coordinator,
    /// Someone with the Manage Server permission (or Administrator).
    ServerManager,
}

impl Access {
    pub const ALL: [Access; 5] = [
        Access::Anyone,
        Access::Participant,
        Access::PairMember,
        Access::Coordinator,
        Access::ServerManager,
    ];

    /// Whether the command is refused to everyone who is neither coordinator nor manager.
    pub fn is_restricted(self) -> bool {
        matches!(self, Access::Coordinator | Access::ServerManager)
    }

    /// Fluent id of the label shown in the README's table of commands.
    pub fn label_id(self) -> &'static str {
        match self {
            Access::Anyone => "access-anyone",
            Access::Participant => "access-participant",
            Access::PairMember => "access-pair-member",
            Access::Coordinator => "access-coordinator",
            Access::ServerManager => "access-server-manager",
        }
    }
}
