//! Validation failures of user input. Each variant carries what the user needs to correct it;
//! the wording lives in the Fluent files (see `app::error`).

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Invalid {
    #[error("empty name")]
    EmptyName,
    #[error("text too long (max {max})")]
    TooLong { what: &'static str, max: usize },
    #[error("bad date {input:?}")]
    BadDate { input: String },
    #[error("programme ends before it starts")]
    EndBeforeStart,
    #[error("programme longer than {max_years} years")]
    ProgrammeTooLong { max_years: u32 },
    #[error("unknown time zone {input:?}")]
    BadTimeZone { input: String },
    #[error("no theme given")]
    NoTheme,
    #[error("more than {max} themes")]
    TooManyThemes { max: usize },
    #[error("theme {theme:?} is not one of the programme's")]
    UnknownTheme {
        theme: String,
        available: Vec<String>,
    },
    #[error("bad time {input:?}")]
    BadTime { input: String },
    #[error("bad duration {input:?}")]
    BadDuration { input: String },
    #[error("instant in the past")]
    InThePast,
    #[error("date in the future")]
    InTheFuture,
    #[error("local time does not exist that day")]
    NonexistentTime { nearest: String },
    #[error("empty company name")]
    EmptyCompany,
    #[error("a mentor takes 1 to {max} mentees")]
    BadCapacity { max: u8 },
    #[error("a mentee's capacity is 1")]
    MenteeCapacity,
    #[error("date outside the programme ({starts_on} to {ends_on})")]
    OutsideProgramme {
        starts_on: chrono::NaiveDate,
        ends_on: chrono::NaiveDate,
    },
}
