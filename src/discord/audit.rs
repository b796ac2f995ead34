//! `/audit` (« audit-confidentialité ») and the CHANNEL_UPDATE check: parse → app → render.
//! Reports name pairs, channels and kinds of repair only, never anything a pair wrote.

use super::channels::{discord_error, overwrites_from_json, to_serenity};
use super::data::{Context, Data};
use super::error::BotError;
use super::render;
use super::reply::{actor, ephemeral};
use crate::app::audit::{AuditOutcome, AuditReport, BypassFacts, CircleAudit, PairAudit};
use crate::app::ports::ChannelError;
use crate::app::ports::ChannelOverwrites;
use crate::domain::layout::{Drift, OverwriteRule, OverwriteTarget};
use crate::domain::{ChannelId, GuildId, Locale, RoleId, UserId};
use crate::i18n::Msg;
use async_trait::async_trait;
use poise::serenity_prelude as serenity;

/// Overwrites read and written through Discord's REST API, one request at a time.
pub struct DiscordOverwrites<'a> {
    http: &'a serenity::Http,
    bot: UserId,
}

impl<'a> DiscordOverwrites<'a> {
    pub fn new(ctx: &'a serenity::Context) -> Self {
        Self {
            http: &ctx.http,
            bot: UserId(ctx.cache.current_user().id.get()),
        }
    }
}

#[async_trait]
impl ChannelOverwrites for DiscordOverwrites<'_> {
    fn bot(&self) -> UserId {
        self.bot
    }

    async fn overwrites(
        &self,
        channel: ChannelId,
    ) -> Result<Option<Vec<OverwriteRule>>, ChannelError> {
        // Raw JSON: serenity's channel type would drop the Pin Messages bit.
        let request = serenity::Request::new(
            serenity::Route::Channel {
                channel_id: serenity::ChannelId::new(channel.0),
            },
            serenity::LightMethod::Get,
        );
        match self.http.fire::<serde_json::Value>(request).await {
            // Guild channels have a guild id; a DM channel has no overwrites to check.
            Ok(c) if !c["guild_id"].is_null() => Ok(Some(overwrites_from_json(&c))),
            Ok(_) => Ok(None),
            Err(serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(resp)))
                if resp.status_code == serenity::StatusCode::NOT_FOUND =>
            {
                Ok(None)
            }
            Err(e) => Err(discord_error(e)),
        }
    }

    async fn put_overwrite(
        &self,
        channel: ChannelId,
        rule: &OverwriteRule,
    ) -> Result<(), ChannelError> {
        serenity::ChannelId::new(channel.0)
            .create_permission(self.http, to_serenity(rule))
            .await
            .map_err(discord_error)
    }

    async fn remove_overwrite(
        &self,
        channel: ChannelId,
        target: OverwriteTarget,
    ) -> Result<(), ChannelError> {
        let kind = match target {
            OverwriteTarget::Role(id) => {
                serenity::PermissionOverwriteType::Role(serenity::RoleId::new(id))
            }
            OverwriteTarget::Member(id) => {
                serenity::PermissionOverwriteType::Member(serenity::UserId::new(id))
            }
        };
        serenity::ChannelId::new(channel.0)
            .delete_permission(self.http, kind)
            .await
            .map_err(discord_error)
    }
}

/// Coordinator only: checks every open pair channel and repairs drifted permissions.
#[poise::command(slash_command, guild_only)]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
pub async fn audit(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let facts = bypass_facts(ctx).await;
    let port = DiscordOverwrites::new(ctx.serenity_context());
    let report = ctx.data().app.audit_privacy(&actor, &port, facts).await?;
    ephemeral(ctx, render(ctx.data(), actor.locale, &report)).await
}

/// Who bypasses overwrites, from the cache (unknown facts stay empty).
async fn bypass_facts(ctx: Context<'_>) -> BypassFacts {
    let Some(guild_id) = ctx.guild_id() else {
        return BypassFacts::default();
    };
    let (owner, admin_roles) = match ctx.guild() {
        Some(g) => {
            let mut roles: Vec<RoleId> = g
                .roles
                .values()
                // Integration roles belong to bots, not to people who could read.
                .filter(|r| r.permissions.administrator() && !r.managed)
                .map(|r| RoleId(r.id.get()))
                .collect();
            roles.sort();
            (Some(g.owner_id), roles)
        }
        None => (None, Vec::new()),
    };
    let mut facts = BypassFacts {
        owner: owner.map(|o| UserId(o.get())),
        admin_roles,
        ..Default::default()
    };
    if let Some(owner) = owner {
        match guild_id.member(ctx, owner).await {
            Ok(m) => facts.owner_roles = m.roles.iter().map(|r| RoleId(r.get())).collect(),
            Err(e) => tracing::info!(error = %e, "could not read the owner's roles"),
        }
    }
    facts
}

fn render(data: &Data, l: Locale, report: &AuditReport) -> String {
    let i18n = &data.i18n;
    let checked = report
        .pairs
        .iter()
        .filter(|p| p.outcome != AuditOutcome::ChannelMissing)
        .count();
    let repaired: Vec<&PairAudit> = report.repaired().collect();
    let mut lines = Vec::new();
    if repaired.is_empty() {
        lines.push(i18n.msg(l, &Msg::new("audit-clean").arg("checked", checked)));
    } else {
        lines.push(
            i18n.msg(
                l,
                &Msg::new("audit-repaired")
                    .arg("count", repaired.len())
                    .arg("checked", checked),
            ),
        );
    }
    lines.extend(report.pairs.iter().filter_map(|p| pair_line(data, l, p)));
    lines.extend(
        report
            .circles
            .iter()
            .filter_map(|c| circle_line(data, l, c)),
    );
    lines.extend(warning_lines(data, l, report));
    lines.join("\n")
}

/// One circle's line: repaired or failed; none when it was clean or is gone (`/setup`
/// recreates a deleted circle).
fn circle_line(data: &Data, l: Locale, c: &CircleAudit) -> Option<String> {
    let channel = render::channel_mention(c.channel);
    let key = match c.outcome {
        AuditOutcome::Checked if c.repaired > 0 => "audit-circle-repaired",
        AuditOutcome::Failed => "audit-circle-failed",
        _ => return None,
    };
    Some(
        data.i18n.msg(
            l,
            &Msg::new(key)
                .arg("channel", channel)
                .arg("count", c.repaired),
        ),
    )
}

/// One pair's line: repaired, missing or failed; none when it was clean.
fn pair_line(data: &Data, l: Locale, p: &PairAudit) -> Option<String> {
    let i18n = &data.i18n;
    Some(match p.outcome {
        AuditOutcome::Checked if p.repaired.is_empty() => return None,
        AuditOutcome::Checked => i18n.msg(
            l,
            &Msg::new("audit-pair")
                .arg("id", p.pair.0)
                .arg("channel", render::channel_mention(p.channel))
                .arg("fixes", fixes(data, l, &p.repaired)),
        ),
        AuditOutcome::ChannelMissing => i18n.msg(l, &Msg::new("audit-missing").arg("id", p.pair.0)),
        AuditOutcome::Failed => i18n.msg(
            l,
            &Msg::new("audit-failed")
                .arg("id", p.pair.0)
                .arg("channel", render::channel_mention(p.channel)),
        ),
    })
}

/// Who bypasses the overwrites: the owner, administrator roles.
fn warning_lines(data: &Data, l: Locale, report: &AuditReport) -> Vec<String> {
    let i18n = &data.i18n;
    let mut lines = Vec::new();
    if report
        .warnings
        .contains(&crate::domain::setup::SetupWarning::OwnerIsCoordinator)
    {
        lines.push(i18n.text(l, "setup-warn-owner"));
    }
    if let Some(owner) = report.owner {
        lines.push(i18n.msg(
            l,
            &Msg::new("audit-warn-owner").arg("owner", render::mention(owner)),
        ));
    }
    if !report.admin_roles.is_empty() {
        let roles = report
            .admin_roles
            .iter()
            .map(|r| render::role_mention(*r))
            .collect::<Vec<_>>();
        lines.push(i18n.msg(
            l,
            &Msg::new("audit-warn-admin-roles").arg("roles", roles.join(", ")),
        ));
    }
    lines
}

/// « 1 accès extérieur retiré, coordination de nouveau exclue »: kinds and counts only.
fn fixes(data: &Data, l: Locale, drift: &[Drift]) -> String {
    let i18n = &data.i18n;
    let count = |f: fn(&Drift) -> bool| drift.iter().filter(|d| f(d)).count();
    let mut out = Vec::new();
    let members = count(|d| matches!(d, Drift::MemberAccessMissing(_)));
    if members > 0 {
        out.push(i18n.msg(l, &Msg::new("audit-fix-member").arg("count", members)));
    }
    let outsiders = count(|d| matches!(d, Drift::OutsiderCanView(_)));
    if outsiders > 0 {
        out.push(i18n.msg(l, &Msg::new("audit-fix-outsider").arg("count", outsiders)));
    }
    for (kind, key) in [
        (Drift::EveryoneNotDenied, "audit-fix-everyone"),
        (Drift::CoordinatorNotDenied, "audit-fix-coordinator"),
        (Drift::BotCannotPost, "audit-fix-bot"),
    ] {
        if drift.contains(&kind) {
            out.push(i18n.text(l, key));
        }
    }
    out.join(", ")
}

/// CHANNEL_UPDATE: re-checks the channel if it is a pair channel; logs repairs (ids only).
#[tracing::instrument(skip_all, fields(guild = %channel.guild_id, channel = %channel.id))]
pub async fn on_channel_update(
    ctx: &serenity::Context,
    data: &Data,
    channel: &serenity::GuildChannel,
) {
    let port = DiscordOverwrites::new(ctx);
    let result = data
        .app
        .recheck_channel(
            GuildId(channel.guild_id.get()),
            ChannelId(channel.id.get()),
            &port,
        )
        .await;
    match result {
        Ok(Some(audit)) if !audit.repaired.is_empty() || audit.outcome != AuditOutcome::Checked => {
            tracing::warn!(
                pair = audit.pair.0,
                channel = audit.channel.0,
                repaired = ?audit.repaired,
                outcome = ?audit.outcome,
                "pair channel permissions had drifted"
            );
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(channel = %channel.id, error = %e, "could not re-check a channel"),
    }
}
