//! The shared state every command, event and job reads.

use super::error::BotError;
use super::outbound;
use crate::app::App;
use crate::i18n::I18n;
use std::sync::Arc;

pub type Context<'a> = poise::Context<'a, Data, BotError>;

/// Shared state of every command, event and job.
#[derive(Clone)]
pub struct Data {
    pub app: App,
    pub i18n: Arc<I18n>,
    pub layout: Layout,
    pub outbound: outbound::Outbound,
}

/// Names of what binome creates on the server.
#[derive(Debug, Clone)]
pub struct Layout {
    pub pair_category_prefix: String,
    pub pair_channel_prefix: String,
}
