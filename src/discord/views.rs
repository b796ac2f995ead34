//! The coordinator views that page (`paging`), and their buttons. A click is acknowledged at
//! once (a deferred update), the view is built again for whoever clicked — the coordinator
//! check included, as for the command — and the message is edited in place. A refusal is a
//! private note; the message stays as it was.

use super::data::Data;
use super::error::BotError;
use super::paging::{PageRequest, Screen, View};
use super::reply::{actor_from, failure_text};
use super::{followups, pairs, participants, reports, sessions, tripartite};
use crate::app::Actor;
use crate::domain::Locale;
use poise::serenity_prelude as serenity;

/// The page `request` asks for, as `actor` may see it.
pub async fn build(data: &Data, actor: &Actor, request: PageRequest) -> Result<Screen, BotError> {
    match request.view {
        View::Attendance => reports::attendance_screen(data, actor, request).await,
        View::Pairs => pairs::pairs_screen(data, actor, request).await,
        View::Participants => participants::participants_screen(data, actor, request).await,
        View::FollowUps => followups::due_screen(data, actor, request).await,
        View::Sessions => sessions::sessions_screen(data, actor, request).await,
        View::Tripartites => tripartite::tripartites_screen(data, actor, request).await,
    }
}

/// ◀, ▶ or a filter was pressed on a view.
#[tracing::instrument(skip_all, fields(guild = component.guild_id.map(|g| g.get()), channel = %component.channel_id, user = %component.user.id, interaction = %component.id))]
pub async fn on_button(
    ctx: &serenity::Context,
    data: &Data,
    component: &serenity::ComponentInteraction,
    request: PageRequest,
) {
    let locale = Locale::from_discord(&component.locale);
    let Some(guild) = component.guild_id else {
        return;
    };
    let actor = actor_from(guild, component.user.id, component.member.as_ref(), locale);
    // Building a page reads the whole programme: acknowledge within Discord's 3 s first.
    if let Err(e) = component.defer(&ctx.http).await {
        tracing::warn!(error = %e, "could not acknowledge a page button");
        return;
    }
    let sent = match build(data, &actor, request).await {
        Ok(screen) => {
            tracing::debug!(page = screen.page, pages = screen.pages, "page shown");
            component
                .edit_response(
                    &ctx.http,
                    serenity::EditInteractionResponse::new()
                        .content(screen.content)
                        .components(screen.components)
                        .allowed_mentions(serenity::CreateAllowedMentions::new()),
                )
                .await
                .map(drop)
        }
        Err(e) => component
            .create_followup(
                &ctx.http,
                serenity::CreateInteractionResponseFollowup::new()
                    .content(failure_text(data, locale, &e))
                    .ephemeral(true),
            )
            .await
            .map(drop),
    };
    if let Err(e) = sent {
        tracing::warn!(error = %e, "could not show a page");
    }
}
