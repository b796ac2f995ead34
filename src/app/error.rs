//! Errors of the use cases: a user error is shown to the user in their language and says what
//! to do instead; an internal error is logged with an id and the user sees a short apology.

use super::ports::{ChannelError, Conflict, StoreError};
use crate::domain::pair::PairRule;
use crate::domain::{Invalid, UserId};
use crate::i18n::Msg;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    User(#[from] UserError),
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(c) => AppError::User(UserError::Conflict(c)),
            StoreError::Backend(e) => AppError::Internal(e),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        AppError::User(UserError::Invalid(e))
    }
}

impl From<PairRule> for AppError {
    fn from(e: PairRule) -> Self {
        AppError::User(UserError::PairRule(e))
    }
}

impl From<ChannelError> for AppError {
    fn from(e: ChannelError) -> Self {
        match e {
            ChannelError::GuildFull { limit } => AppError::User(UserError::GuildFull { limit }),
            ChannelError::MissingPermissions => AppError::User(UserError::BotMissingPermissions),
            ChannelError::Refused(reason) => AppError::User(UserError::DiscordRefused { reason }),
            ChannelError::Other(e) => AppError::Internal(e),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("command used outside a server")]
    NotInGuild,
    #[error("needs Manage Server")]
    NeedManageServer,
    #[error("server not set up")]
    NotSetUp,
    #[error("not a coordinator")]
    NotCoordinator,
    #[error("no programme running")]
    NoActiveProgramme,
    #[error("a programme is already running: {name}")]
    ProgrammeAlreadyActive { name: String },
    #[error(transparent)]
    Invalid(Invalid),
    #[error(transparent)]
    PairRule(PairRule),
    #[error("conflict")]
    Conflict(Conflict),
    #[error("{0} is not enrolled")]
    NotEnrolled(UserId),
    #[error("{0} is still in an open pair")]
    StillPaired(UserId),
    #[error("not a member of this pair")]
    NotAPairMember,
    #[error("unknown pair")]
    UnknownPair,
    #[error("not a pair channel")]
    NotAPairChannel,
    #[error("no upcoming meeting")]
    NoUpcomingMeeting,
    #[error("unknown meeting")]
    UnknownMeeting,
    #[error("server full ({limit} channels)")]
    GuildFull { limit: usize },
    #[error("the bot lacks permissions")]
    BotMissingPermissions,
    #[error("Discord refused: {reason}")]
    DiscordRefused { reason: String },
    #[error(transparent)]
    Session(super::sessions::SessionError),
    #[error(transparent)]
    FollowUp(super::followups::FollowUpError),
    #[error(transparent)]
    Objective(super::objectives::ObjectiveError),
}

impl UserError {
    /// The message the user reads, in the Fluent files under `err-*`.
    pub fn msg(&self) -> Msg {
        match self {
            UserError::NotInGuild => Msg::new("err-not-in-guild"),
            UserError::NeedManageServer => Msg::new("err-need-manage-server"),
            UserError::NotSetUp => Msg::new("err-not-set-up"),
            UserError::NotCoordinator => Msg::new("err-not-coordinator"),
            UserError::NoActiveProgramme => Msg::new("err-no-programme"),
            UserError::ProgrammeAlreadyActive { name } => {
                Msg::new("err-programme-exists").arg("name", name.as_str())
            }
            UserError::Invalid(i) => invalid_msg(i),
            UserError::PairRule(r) => pair_rule_msg(r),
            UserError::Conflict(Conflict::ActiveProgrammeExists) => {
                Msg::new("err-programme-exists").arg("name", "?")
            }
            UserError::Conflict(Conflict::AlreadyEnrolled) => Msg::new("err-already-enrolled"),
            UserError::Conflict(Conflict::MemberAlreadyPaired) => Msg::new("err-paired-meanwhile"),
            UserError::NotEnrolled(u) => Msg::new("err-not-enrolled").arg("user", u.mention()),
            UserError::StillPaired(u) => Msg::new("err-still-paired").arg("user", u.mention()),
            UserError::NotAPairMember => Msg::new("err-not-pair-member"),
            UserError::UnknownPair => Msg::new("err-unknown-pair"),
            UserError::NotAPairChannel => Msg::new("err-not-pair-channel"),
            UserError::NoUpcomingMeeting => Msg::new("err-no-upcoming-meeting"),
            UserError::UnknownMeeting => Msg::new("err-unknown-meeting"),
            UserError::GuildFull { limit } => Msg::new("err-guild-full").arg("limit", *limit),
            UserError::BotMissingPermissions => Msg::new("err-bot-permissions"),
            UserError::DiscordRefused { reason } => {
                Msg::new("err-discord-refused").arg("reason", reason.as_str())
            }
            UserError::Session(e) => e.msg(),
            UserError::FollowUp(e) => e.msg(),
            UserError::Objective(e) => e.msg(),
        }
    }
}

fn invalid_msg(i: &Invalid) -> Msg {
    match i {
        Invalid::EmptyName => Msg::new("err-empty-name"),
        Invalid::TooLong { what, max } => {
            Msg::new("err-too-long").arg("what", *what).arg("max", *max)
        }
        Invalid::BadDate { input } => Msg::new("err-bad-date").arg("input", input.as_str()),
        Invalid::EndBeforeStart => Msg::new("err-end-before-start"),
        Invalid::ProgrammeTooLong { max_years } => {
            Msg::new("err-programme-too-long").arg("years", i64::from(*max_years))
        }
        Invalid::BadTimeZone { input } => {
            Msg::new("err-bad-time-zone").arg("input", input.as_str())
        }
        Invalid::NoTheme => Msg::new("err-no-theme"),
        Invalid::TooManyThemes { max } => Msg::new("err-too-many-themes").arg("max", *max),
        Invalid::UnknownTheme { theme, available } => Msg::new("err-unknown-theme")
            .arg("theme", theme.as_str())
            .arg("available", available.join(", ")),
        Invalid::EmptyCompany => Msg::new("err-empty-company"),
        Invalid::BadTime { input } => Msg::new("err-bad-time").arg("input", input.as_str()),
        Invalid::BadDuration { input } => Msg::new("err-bad-duration").arg("input", input.as_str()),
        Invalid::InThePast => Msg::new("err-in-the-past"),
        Invalid::InTheFuture => Msg::new("err-in-the-future"),
        Invalid::NonexistentTime { nearest } => {
            Msg::new("err-nonexistent-time").arg("nearest", nearest.as_str())
        }
        // Both forms of each day: French reads 12/01/2027, English 2027-01-12.
        Invalid::OutsideProgramme { starts_on, ends_on } => Msg::new("err-outside-programme")
            .arg("start", starts_on.format("%d/%m/%Y").to_string())
            .arg("end", ends_on.format("%d/%m/%Y").to_string())
            .arg("start_iso", starts_on.format("%Y-%m-%d").to_string())
            .arg("end_iso", ends_on.format("%Y-%m-%d").to_string()),
    }
}

fn pair_rule_msg(r: &PairRule) -> Msg {
    match r {
        PairRule::NotAMentor(u) => Msg::new("err-not-a-mentor").arg("user", u.mention()),
        PairRule::NotAMentee(u) => Msg::new("err-not-a-mentee").arg("user", u.mention()),
        PairRule::Duplicate(u) => Msg::new("err-duplicate-member").arg("user", u.mention()),
        PairRule::TooManyMentees => {
            Msg::new("err-too-many-mentees").arg("max", crate::domain::pair::MAX_MENTEES)
        }
        PairRule::SameCompany {
            mentor,
            mentee,
            company,
        } => Msg::new("err-same-company")
            .arg("mentor", mentor.mention())
            .arg("mentee", mentee.mention())
            .arg("company", company.as_str()),
        PairRule::AlreadyPaired(u) => Msg::new("err-already-paired").arg("user", u.mention()),
    }
}
