//! Typed identifiers. Discord snowflakes are `u64`; store row ids are `i64`.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(/// A Discord server.
    GuildId(u64));
id_type!(/// A Discord user.
    UserId(u64));
id_type!(/// A Discord role.
    RoleId(u64));
id_type!(/// A Discord channel or category.
    ChannelId(u64));
id_type!(/// A programme row.
    ProgrammeId(i64));
id_type!(/// A participant row (one person enrolled in one programme).
    ParticipantId(i64));
id_type!(/// A pair row.
    PairId(i64));
id_type!(/// A meeting row.
    MeetingId(i64));
id_type!(/// A scheduled job row.
    JobId(i64));
id_type!(/// A collective session row.
    SessionId(i64));
id_type!(/// A tripartite meeting row.
    TripartiteId(i64));
