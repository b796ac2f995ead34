//! The registry of slash commands. Each command lives in its feature module (parse → app call
//! → render); authorisation is decided in `app`, for every command.

use super::data::Data;
use super::error::BotError;
use super::{
    access, audit, followups, meetings, objectives, pairs, participants, privacy, programmes,
    reports, sessions, setup, tripartite,
};

/// Every command binome registers, each carrying its access level (`access::COMMAND_ACCESS`).
pub fn all() -> Vec<poise::Command<Data, BotError>> {
    let mut commands = vec![
        setup::setup(),
        programmes::programme(),
        participants::participant(),
        pairs::pair(),
        privacy::privacy(),
        meetings::meeting(),
        meetings::posture(),
        objectives::objective(),
        reports::attendance(),
        reports::report(),
        followups::followup(),
        tripartite::tripartite(),
        sessions::session(),
        audit::audit(),
    ];
    access::apply(&mut commands);
    commands
}
