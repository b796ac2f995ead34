//! The fixtures the tests share: the cast (ids of the seed's servers, roles, channels and
//! people), the reference instant, actors, enrolment and pair helpers on `App`, the fakes of the
//! app's ports, and helpers that read what the fake Discord recorded.

pub mod app;
pub mod discord;
pub mod jobs;
pub mod ports;

use binome::app::Actor;
use binome::domain::{ChannelId, GuildId, Locale, RoleId, UserId};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

// ---------------------------------------------------------------------------------------
// The cast.
// ---------------------------------------------------------------------------------------

/// The seed's server.
pub const GUILD: GuildId = GuildId(110_000_000_000_000_001);
/// Another server, running its own programme.
pub const OTHER_GUILD: GuildId = GuildId(210_000_000_000_000_001);
/// The coordinator role of `GUILD`.
pub const COORDINATION: RoleId = RoleId(140_000_000_000_000_001);
/// The coordinator role of `OTHER_GUILD`.
pub const OTHER_COORDINATION: RoleId = RoleId(240_000_000_000_000_001);
/// The coordinators' channel of `GUILD`.
pub const COORDINATION_CHANNEL: ChannelId = ChannelId(150_000_000_000_000_001);
/// The announcement channel of `GUILD`.
pub const ANNOUNCEMENTS: ChannelId = ChannelId(150_000_000_000_000_009);
/// The channel `NoChannels` gives every pair.
pub const PAIR_CHANNEL: ChannelId = ChannelId(150_000_000_000_000_500);

/// The server owner: Manage Server, not a coordinator.
pub const OWNER: UserId = UserId(130_000_000_000_000_001);
/// The programme's coordinator.
pub const CLAIRE: UserId = UserId(130_000_000_000_000_002);
pub const MARC: UserId = UserId(130_000_000_000_000_011);
pub const SOPHIE: UserId = UserId(130_000_000_000_000_012);
pub const LEA: UserId = UserId(130_000_000_000_000_021);
pub const HUGO: UserId = UserId(130_000_000_000_000_022);
pub const INES: UserId = UserId(130_000_000_000_000_023);
pub const NINA: UserId = UserId(130_000_000_000_000_024);
pub const TOM: UserId = UserId(130_000_000_000_000_025);
/// Never enrolled anywhere.
pub const ZOE: UserId = UserId(130_000_000_000_000_099);

// ---------------------------------------------------------------------------------------
// Time.
// ---------------------------------------------------------------------------------------

/// 23 November 2026, 10:00 UTC: the day the seed's programme is being prepared, where every
/// manual clock starts unless a test says otherwise.
pub fn t0() -> DateTime<Utc> {
    t(2026, 11, 23, 10, 0)
}

/// An instant, in UTC, to the minute.
pub fn t(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    at(y, m, d, h, min, 0)
}

/// An instant, in UTC, to the second.
pub fn at(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// ---------------------------------------------------------------------------------------
// Actors.
// ---------------------------------------------------------------------------------------

/// `user` acting in `guild` with `roles`, with or without Manage Server, in French.
pub fn actor(user: UserId, guild: GuildId, roles: &[RoleId], manage_guild: bool) -> Actor {
    Actor {
        user,
        guild,
        roles: roles.to_vec(),
        manage_guild,
        locale: Locale::Fr,
    }
}

/// The owner of `guild`: Manage Server, no role.
pub fn owner_of(guild: GuildId) -> Actor {
    actor(OWNER, guild, &[], true)
}

/// The owner of the seed's server.
pub fn owner() -> Actor {
    owner_of(GUILD)
}

/// Claire, with the coordinator role of the seed's server.
pub fn coordinator() -> Actor {
    actor(CLAIRE, GUILD, &[COORDINATION], false)
}

/// Someone acting in the seed's server without any role.
pub fn member(user: UserId) -> Actor {
    actor(user, GUILD, &[], false)
}
