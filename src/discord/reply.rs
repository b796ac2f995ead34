//! Turning results into replies: user errors in the user's language, internal errors logged
//! with an id while the user reads a short apology with that id.

use super::data::{Context, Data};
pub use super::error::BotError;
use super::paging::Screen;
use super::render;
use crate::app::{AppError, UserError};
use crate::domain::access::Access;
use crate::domain::{GuildId, Locale, RoleId, UserId};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;
use std::sync::atomic::{AtomicU32, Ordering};

/// A short id to quote in support requests, unique enough within a deployment.
pub fn error_id() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let millis = chrono::Utc::now().timestamp_millis();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed) % 1296;
    format!("E{}{n:03}", render::base36(millis as u64))
}

pub fn locale_of(ctx: Context<'_>) -> Locale {
    ctx.locale().map(Locale::from_discord).unwrap_or_default()
}

/// Who is acting, from the interaction as Discord delivered it.
pub fn actor(ctx: Context<'_>) -> Result<crate::app::Actor, BotError> {
    let guild = ctx.guild_id().ok_or(UserError::NotInGuild)?;
    let member = match ctx {
        poise::Context::Application(a) => a.interaction.member.as_deref(),
        poise::Context::Prefix(_) => None,
    };
    Ok(actor_from(guild, ctx.author().id, member, locale_of(ctx)))
}

pub fn actor_from(
    guild: serenity::GuildId,
    user: serenity::UserId,
    member: Option<&serenity::Member>,
    locale: Locale,
) -> crate::app::Actor {
    let roles = member
        .map(|m| m.roles.iter().map(|r| RoleId(r.get())).collect())
        .unwrap_or_default();
    let manage_guild = member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_guild() || p.administrator());
    crate::app::Actor {
        user: UserId(user.get()),
        guild: GuildId(guild.get()),
        roles,
        manage_guild,
        locale,
    }
}

/// Sends `text` as one or more ephemeral messages.
pub async fn ephemeral(ctx: Context<'_>, text: String) -> Result<(), BotError> {
    for chunk in render::chunks(&text) {
        ctx.send(poise::CreateReply::default().content(chunk).ephemeral(true))
            .await?;
    }
    Ok(())
}

/// Acknowledges every coordinator command privately before it runs, so that no reply is ever
/// later than Discord's 3 s: each one reads the whole programme, and several call Discord.
/// The command then answers with a follow-up, whoever asked (a refusal too).
pub async fn defer_coordinator_commands(ctx: Context<'_>) {
    if super::access::declared(ctx.command()) == Some(Access::Coordinator) {
        if let Err(e) = ctx.defer_ephemeral().await {
            tracing::warn!(error = %e, "could not acknowledge a command");
        }
    }
}

/// Sends a view's page (`paging`) as one ephemeral message with its buttons.
pub async fn screen(ctx: Context<'_>, screen: Screen) -> Result<(), BotError> {
    ctx.send(
        poise::CreateReply::default()
            .content(screen.content)
            .components(screen.components)
            .ephemeral(true),
    )
    .await?;
    Ok(())
}

/// The text a user reads for a failure, logging internal ones.
pub fn failure_text(data: &Data, locale: Locale, error: &BotError) -> String {
    match error {
        BotError::App(AppError::User(e)) => data.i18n.msg(locale, &e.msg()),
        BotError::App(AppError::Internal(e)) => {
            let id = error_id();
            tracing::error!(error_id = %id, error = format!("{e:#}"), "internal error");
            data.i18n
                .msg(locale, &Msg::new("err-internal").arg("id", id))
        }
        BotError::Discord(e) => {
            let id = error_id();
            tracing::error!(error_id = %id, error = %e, "Discord call failed");
            data.i18n
                .msg(locale, &Msg::new("err-internal").arg("id", id))
        }
    }
}

pub async fn on_error(error: poise::FrameworkError<'_, Data, BotError>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            let text = failure_text(ctx.data(), locale_of(ctx), &error);
            if let Err(e) = ephemeral(ctx, text).await {
                tracing::warn!(error = %e, "could not deliver an error message");
            }
        }
        poise::FrameworkError::ArgumentParse {
            ctx, input, error, ..
        } => {
            // The input itself is what the user typed: it stays out of the logs.
            tracing::info!(%error, "argument not understood");
            let locale = locale_of(ctx);
            let text = ctx.data().i18n.msg(
                locale,
                &Msg::new("err-bad-argument").arg("input", input.unwrap_or_default()),
            );
            if let Err(e) = ephemeral(ctx, text).await {
                tracing::warn!(error = %e, "could not deliver an error message");
            }
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!(error = %e, "error while handling an error");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_ids_are_short_and_distinct() {
        let a = error_id();
        let b = error_id();
        assert_ne!(a, b);
        assert!(a.starts_with('E') && a.len() < 16, "{a}");
    }
}
