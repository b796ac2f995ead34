//! Errors of the use cases: a user error is shown to the user in their language and says what
//! to do instead; an internal error is logged with an id and the user sees a short apology.

use super::ports::{ChannelError, Conflict, StoreError};
use crate::domain::matching::MatchError;
use crate::domain::pair::PairRule;
use crate::domain::session::SessionId;
use crate::domain::tripartite::TripartiteStatus;
use crate::domain::{Invalid, UserId};
use crate::i18n::Msg;
use crate::import::{ImportProblem, RowError};
use chrono::{DateTime, Utc};

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
    Session(SessionError),
    #[error(transparent)]
    FollowUp(FollowUpError),
    #[error(transparent)]
    Objective(ObjectiveError),
    /// A file of participants refused as a whole: every problem, with its line.
    #[error("import refused ({} problems)", .0.len())]
    Import(Vec<RowError>),
    #[error("no match proposal")]
    NoMatchProposal,
    #[error("the match proposal is being confirmed")]
    MatchAlreadyConfirmed,
    #[error("match confirmation unfinished: {done}/{total}")]
    MatchConfirmUnfinished { done: usize, total: usize },
    #[error(transparent)]
    Match(MatchError),
    #[error("the recruiting window ends after the programme")]
    RecruitingAfterEnd,
    #[error("self-enrolment is not open")]
    RecruitmentNotOpen,
    #[error("self-enrolment is closed")]
    RecruitmentClosed,
    #[error("already enrolled")]
    AlreadyEnrolledSelf,
    #[error("a request is already pending")]
    JoinAlreadyRequested,
    #[error("a request was refused")]
    JoinRefused,
    #[error("the privacy notice changed")]
    NoticeOutdated,
    #[error("unknown theme position")]
    JoinThemeGone,
    #[error("no pending request for {0}")]
    NoJoinRequest(UserId),
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
            UserError::NotEnrolled(u) => Msg::new("err-not-enrolled").arg("user", *u),
            UserError::StillPaired(u) => Msg::new("err-still-paired").arg("user", *u),
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
            UserError::Import(errors) => Msg::new("import-rejected").arg("count", errors.len()),
            UserError::NoMatchProposal => Msg::new("err-no-match-proposal"),
            UserError::MatchAlreadyConfirmed => Msg::new("err-match-confirmed"),
            UserError::MatchConfirmUnfinished { done, total } => Msg::new("err-match-unfinished")
                .arg("done", *done)
                .arg("total", *total),
            UserError::Match(e) => match_error_msg(e),
            UserError::RecruitingAfterEnd => Msg::new("err-recruiting-after-end"),
            UserError::RecruitmentNotOpen => Msg::new("err-join-not-open"),
            UserError::RecruitmentClosed => Msg::new("err-join-closed"),
            UserError::AlreadyEnrolledSelf => Msg::new("err-join-enrolled"),
            UserError::JoinAlreadyRequested => Msg::new("err-join-pending"),
            UserError::JoinRefused => Msg::new("err-join-refused"),
            UserError::NoticeOutdated => Msg::new("err-join-notice-outdated"),
            UserError::JoinThemeGone => Msg::new("err-join-theme-gone"),
            UserError::NoJoinRequest(u) => Msg::new("err-no-join-request").arg("user", *u),
            UserError::Conflict(Conflict::AlreadyRequested) => Msg::new("err-join-pending"),
            UserError::Conflict(Conflict::RequestDecided) => Msg::new("err-join-decided"),
        }
    }
}

fn match_error_msg(e: &MatchError) -> Msg {
    match e {
        MatchError::UnknownPerson(user) => Msg::new("err-match-unknown-person").arg("user", *user),
        MatchError::WrongRole { user, .. } => Msg::new("err-match-wrong-role").arg("user", *user),
        MatchError::SameCompany { mentor, mentee } => Msg::new("err-match-same-company")
            .arg("mentor", *mentor)
            .arg("mentee", *mentee),
        MatchError::EarlierPair { mentor, mentee } => Msg::new("err-match-earlier-pair")
            .arg("mentor", *mentor)
            .arg("mentee", *mentee),
        MatchError::NoSharedTheme { mentor, mentee } => Msg::new("err-match-no-theme")
            .arg("mentor", *mentor)
            .arg("mentee", *mentee),
        MatchError::MentorFull { mentor, capacity } => Msg::new("err-match-mentor-full")
            .arg("mentor", *mentor)
            .arg("capacity", usize::from(*capacity)),
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
        Invalid::BadCapacity { max } => Msg::new("err-bad-capacity").arg("max", i64::from(*max)),
        Invalid::MenteeCapacity => Msg::new("err-mentee-capacity"),
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

/// Why one line of an imported file is refused (`import-line` puts the line before it).
pub fn import_problem_msg(p: &ImportProblem) -> Msg {
    match p {
        ImportProblem::TooLarge { max_bytes } => {
            Msg::new("import-too-large-file").arg("max", max_bytes / 1024)
        }
        ImportProblem::TooManyRows { max } => Msg::new("import-too-many-rows").arg("max", *max),
        ImportProblem::NotUtf8 => Msg::new("import-not-utf8"),
        ImportProblem::Empty => Msg::new("import-empty"),
        ImportProblem::Unreadable => Msg::new("import-unreadable"),
        ImportProblem::MissingColumn(c) => {
            Msg::new("import-missing-column").arg("column", c.name())
        }
        ImportProblem::DuplicateColumn(c) => {
            Msg::new("import-duplicate-column").arg("column", c.name())
        }
        ImportProblem::BadUserId(v) => Msg::new("import-bad-user-id").arg("value", v.as_str()),
        ImportProblem::BadRole(v) => Msg::new("import-bad-role").arg("value", v.as_str()),
        ImportProblem::BadCapacity(v) => Msg::new("import-bad-capacity").arg("value", v.as_str()),
        ImportProblem::MenteeCapacity => Msg::new("import-mentee-capacity"),
        ImportProblem::EmptyCompany => Msg::new("import-empty-company"),
        ImportProblem::TooLong { what, max } => Msg::new("import-too-long")
            .arg("what", *what)
            .arg("max", *max),
        ImportProblem::NoTheme => Msg::new("import-no-theme"),
        ImportProblem::TooManyThemes { max } => Msg::new("import-too-many-themes").arg("max", *max),
        ImportProblem::UnknownTheme(t) => Msg::new("import-unknown-theme").arg("theme", t.as_str()),
        ImportProblem::NotAMember(u) => Msg::new("import-not-a-member").arg("user", *u),
        ImportProblem::AlreadyEnrolled(u) => Msg::new("import-already-enrolled").arg("user", *u),
        ImportProblem::TwiceInFile { user, first_row } => Msg::new("import-twice")
            .arg("user", *user)
            .arg("first", *first_row),
    }
}

fn pair_rule_msg(r: &PairRule) -> Msg {
    match r {
        PairRule::NotAMentor(u) => Msg::new("err-not-a-mentor").arg("user", *u),
        PairRule::NotAMentee(u) => Msg::new("err-not-a-mentee").arg("user", *u),
        PairRule::Duplicate(u) => Msg::new("err-duplicate-member").arg("user", *u),
        PairRule::TooManyMentees => {
            Msg::new("err-too-many-mentees").arg("max", crate::domain::pair::MAX_MENTEES)
        }
        PairRule::SameCompany {
            mentor,
            mentee,
            company,
        } => Msg::new("err-same-company")
            .arg("mentor", *mentor)
            .arg("mentee", *mentee)
            .arg("company", company.as_str()),
        PairRule::AlreadyPaired(u) => Msg::new("err-already-paired").arg("user", *u),
    }
}

/// Why a session action was refused; shown to the user in their language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("a session of another kind needs a date")]
    DateNeeded,
    #[error("no announcement channel and no circle")]
    NowhereToAnnounce,
    #[error("unknown session {0}")]
    Unknown(SessionId),
    #[error("session cancelled")]
    Cancelled,
    #[error("session over")]
    Over,
    #[error("not a participant of the programme")]
    NotAParticipant,
    #[error("presence not open yet")]
    CheckInNotYetOpen { opens_at: DateTime<Utc> },
    #[error("presence closed")]
    CheckInClosed,
    #[error("the bot may not create events")]
    EventPermission,
}

impl SessionError {
    pub fn msg(&self) -> Msg {
        match self {
            Self::DateNeeded => Msg::new("err-session-date-needed"),
            Self::NowhereToAnnounce => Msg::new("err-session-nowhere"),
            Self::Unknown(id) => Msg::new("err-session-unknown").arg("id", id.0),
            Self::Cancelled => Msg::new("err-session-cancelled"),
            Self::Over => Msg::new("err-session-over"),
            Self::NotAParticipant => Msg::new("err-session-not-participant"),
            Self::CheckInNotYetOpen { opens_at } => {
                Msg::new("err-session-checkin-early").arg("at", *opens_at)
            }
            Self::CheckInClosed => Msg::new("err-session-checkin-closed"),
            Self::EventPermission => Msg::new("err-session-event-permission"),
        }
    }
}

impl From<SessionError> for AppError {
    fn from(e: SessionError) -> Self {
        AppError::User(UserError::Session(e))
    }
}

/// What can go wrong with follow-ups and tripartite meetings, told to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FollowUpError {
    #[error("a follow-up is noted once it happened: the day is in the future")]
    FutureDay,
    #[error("no running pair #{0} in this programme")]
    UnknownPair(i64),
    #[error("this pair already has a tripartite meeting proposed or scheduled")]
    AlreadyPending { starts_at: DateTime<Utc> },
    #[error("unknown tripartite meeting")]
    UnknownTripartite,
    #[error("this request is addressed to another member")]
    NotYourRequest,
    #[error("the tripartite meeting is no longer awaiting this ({0:?})")]
    NoLongerOpen(TripartiteStatus),
    #[error("too early to say whether the tripartite meeting took place")]
    OutcomeTooEarly,
}

impl FollowUpError {
    /// The message the user reads, in the Fluent files under `err-followup-*` / `err-tri-*`.
    pub fn msg(&self) -> Msg {
        match self {
            Self::FutureDay => Msg::new("err-followup-future"),
            Self::UnknownPair(id) => Msg::new("err-tri-unknown-pair").arg("id", *id),
            Self::AlreadyPending { starts_at } => {
                Msg::new("err-tri-pending").arg("when", *starts_at)
            }
            Self::UnknownTripartite => Msg::new("err-tri-unknown"),
            Self::NotYourRequest => Msg::new("err-tri-not-yours"),
            Self::NoLongerOpen(status) => Msg::new("err-tri-closed").arg("status", status.as_str()),
            Self::OutcomeTooEarly => Msg::new("err-tri-too-early"),
        }
    }
}

impl From<FollowUpError> for AppError {
    fn from(e: FollowUpError) -> Self {
        AppError::User(UserError::FollowUp(e))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ObjectiveError {
    #[error("only a mentee of the pair sets its objective")]
    MenteesOnly,
}

impl ObjectiveError {
    /// The message the user reads, in the Fluent files under `err-objective-*`.
    pub fn msg(&self) -> Msg {
        match self {
            Self::MenteesOnly => Msg::new("err-objective-mentees-only"),
        }
    }
}

impl From<ObjectiveError> for AppError {
    fn from(e: ObjectiveError) -> Self {
        AppError::User(UserError::Objective(e))
    }
}
