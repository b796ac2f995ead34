//! `/setup`: the coordinator role and channel, the announcement channel and the circles, and
//! what only Discord knows about the server (administrators, the owner, the bot's permissions).
//! `default_member_permissions` only hides it from people who could not use it; the app decides.

use super::data::Context;
use super::error::BotError;
use super::render;
use super::reply::{actor, ephemeral};
use super::sessions::{setup_extras_lines, DiscordSessions};
use crate::app::enrolment::SetupExtras;
use crate::app::setup::SetupRequest;
use crate::domain::setup::{BotPermission, SetupFacts, SetupWarning};
use crate::domain::{ChannelId, Locale, RoleId};
use crate::i18n::Msg;
use poise::serenity_prelude as serenity;

#[poise::command(slash_command, guild_only)]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
pub async fn setup(
    ctx: Context<'_>,
    coordinator_role: serenity::Role,
    coordinator_channel: Option<serenity::GuildChannel>,
    #[channel_types("Text", "News")] announcement_channel: Option<serenity::GuildChannel>,
    create_circles: Option<bool>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let create_circles = create_circles.unwrap_or(false);
    // Reading the bot's permissions and the owner's roles, and creating circles, are Discord
    // calls: acknowledge within Discord's 3 s first.
    ctx.defer_ephemeral().await?;
    let facts = setup_facts(ctx, &coordinator_role).await;
    let circles = DiscordSessions::new(ctx.serenity_context(), ctx.data());
    let done = ctx
        .data()
        .app
        .set_up_server(
            &actor,
            SetupRequest {
                coordinator_role: RoleId(coordinator_role.id.get()),
                coordinator_channel: coordinator_channel.as_ref().map(|c| ChannelId(c.id.get())),
                facts,
            },
            SetupExtras {
                announcement_channel: announcement_channel.as_ref().map(|c| ChannelId(c.id.get())),
                create_circles,
            },
            &circles,
        )
        .await?;
    let report = done.report;
    let i18n = &ctx.data().i18n;
    let l = actor.locale;
    let role = render::role_mention(report.settings.coordinator_role);
    let mut lines = vec![i18n.msg(l, &Msg::new("setup-done").arg("role", role.as_str()))];
    if let Some(c) = report.settings.coordinator_channel {
        lines.push(i18n.msg(
            l,
            &Msg::new("setup-channel").arg("channel", render::channel_mention(c)),
        ));
    }
    lines.extend(setup_extras_lines(
        ctx.data(),
        l,
        done.announcement,
        done.circles,
    ));
    for w in &report.warnings {
        lines.push(warning_text(ctx, l, &role, w));
    }
    ephemeral(ctx, lines.join("\n")).await
}

/// A warning of `/setup`, in the reader's language; missing permissions are named as the
/// server's Discord shows them.
fn warning_text(ctx: Context<'_>, l: Locale, role: &str, w: &SetupWarning) -> String {
    let i18n = &ctx.data().i18n;
    match w {
        SetupWarning::RoleIsAdministrator => {
            i18n.msg(l, &Msg::new("setup-warn-admin").arg("role", role))
        }
        SetupWarning::OwnerIsCoordinator => i18n.text(l, "setup-warn-owner"),
        // What to grant in the server settings, named as the server's Discord shows it.
        SetupWarning::BotMissingPermissions(p) => {
            let server = ctx
                .guild()
                .map(|g| Locale::from_discord(&g.preferred_locale))
                .unwrap_or(l);
            let names: Vec<String> = p.iter().map(|p| i18n.text(server, p.key())).collect();
            i18n.msg(
                server,
                &Msg::new("setup-warn-bot").arg("perms", names.join(", ")),
            )
        }
    }
}

/// The bot's server permissions: @everyone's and its roles', read from Discord's JSON because
/// serenity 0.12 drops the bits it does not name (Pin Messages among them).
async fn bot_server_permissions(
    ctx: Context<'_>,
    guild: serenity::GuildId,
    bot_roles: &[serenity::RoleId],
) -> Result<u64, serenity::Error> {
    let request = serenity::Request::new(
        serenity::Route::GuildRoles { guild_id: guild },
        serenity::LightMethod::Get,
    );
    let roles: Vec<serde_json::Value> = ctx.http().fire(request).await?;
    let bits = roles
        .iter()
        .filter(|r| {
            let id = r["id"].as_str().and_then(|s| s.parse::<u64>().ok());
            id == Some(guild.get()) || id.is_some_and(|id| bot_roles.iter().any(|b| b.get() == id))
        })
        .filter_map(|r| {
            r["permissions"]
                .as_str()
                .and_then(|p| p.parse::<u64>().ok())
        })
        .fold(0, |acc, p| acc | p);
    Ok(bits)
}

/// What only Discord knows: whether the role is Administrator, whether the owner holds it,
/// which permissions the bot lacks. Missing facts (cache not ready) are treated as unknown.
async fn setup_facts(ctx: Context<'_>, role: &serenity::Role) -> SetupFacts {
    let mut facts = SetupFacts {
        role_has_administrator: role.permissions.administrator(),
        ..Default::default()
    };
    let Some(guild_id) = ctx.guild_id() else {
        return facts;
    };
    let (owner, bot_roles) = match ctx.guild() {
        Some(g) => {
            let bot = ctx.cache().current_user().id;
            let roles = g.members.get(&bot).map(|m| m.roles.clone());
            (Some(g.owner_id), roles)
        }
        None => (None, None),
    };
    if let Some(owner) = owner {
        match guild_id.member(ctx, owner).await {
            Ok(m) => facts.owner_has_role = m.roles.contains(&role.id),
            Err(e) => tracing::info!(error = %e, "could not check the owner's roles"),
        }
    }
    if let Some(roles) = bot_roles {
        match bot_server_permissions(ctx, guild_id, &roles).await {
            Ok(bits) => facts.bot_missing_permissions = BotPermission::missing(bits),
            Err(e) => tracing::info!(error = %e, "could not read the bot's permissions"),
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_invite_link_grants_exactly_the_permissions_the_bot_needs() {
        let bits = BotPermission::invite_bits();
        assert_eq!(bits, 2_269_400_858_217_488);
        let readme = include_str!("../../README.md");
        let links = readme.matches("permissions=").count();
        assert_eq!(
            readme.matches(&format!("permissions={bits}&")).count()
                + readme.matches(&format!("permissions={bits}`")).count()
                + readme.matches(&format!("permissions={bits}\n")).count(),
            links,
            "every README invite link must ask for exactly {bits}"
        );
        assert!(links >= 2, "the French and English invite links");
    }
}
