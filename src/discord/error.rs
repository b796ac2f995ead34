//! The error every command, event and job of the Discord edge returns.

use crate::app::{AppError, UserError};
use poise::serenity_prelude as serenity;

#[derive(Debug, thiserror::Error)]
pub enum BotError {
    #[error(transparent)]
    App(#[from] AppError),
    /// Boxed: serenity's error is large and sits on every command's return path.
    #[error("Discord: {0}")]
    Discord(Box<serenity::Error>),
}

impl From<serenity::Error> for BotError {
    fn from(e: serenity::Error) -> Self {
        BotError::Discord(Box::new(e))
    }
}

impl From<UserError> for BotError {
    fn from(e: UserError) -> Self {
        BotError::App(AppError::User(e))
    }
}
