//! Pure types and rules of a mentoring programme: no IO, no async, no Discord, no SQL.

pub mod access;
pub mod attendance;
pub mod charter;
pub mod error;
pub mod followup;
pub mod ids;
pub mod job;
pub mod join;
pub mod layout;
pub mod locale;
pub mod matching;
pub mod meeting;
pub mod pair;
pub mod participant;
pub mod posture;
pub mod privacy;
pub mod programme;
pub mod session;
pub mod setup;
pub mod time;
pub mod tripartite;

pub use error::Invalid;
pub use ids::{
    ChannelId, GuildId, JobId, MeetingId, PairId, ParticipantId, ProgrammeId, RoleId, UserId,
};
pub use locale::Locale;
