//! `/audit` and the CHANNEL_UPDATE check: every open pair channel must carry the overwrites
//! of `domain::layout::expected_pair_overwrites`; drift is repaired and reported as kinds and
//! counts, never as anything a pair wrote.

use super::ports::ChannelOverwrites;
use super::{Actor, App, AppResult};
use crate::domain::layout::{
    circle_drift, diff, expected_circle_overwrites, expected_pair_overwrites, Drift, Fix,
};
use crate::domain::pair::{Pair, PairStatus};
use crate::domain::setup::{setup_warnings, SetupFacts, SetupWarning};
use crate::domain::{ChannelId, GuildId, PairId, RoleId, UserId};

/// What the check found and did on one pair channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairAudit {
    pub pair: PairId,
    pub channel: ChannelId,
    /// The drift found, each repaired unless `failed` says otherwise.
    pub repaired: Vec<Drift>,
    pub outcome: AuditOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditOutcome {
    Checked,
    /// The channel no longer exists on Discord.
    ChannelMissing,
    /// Discord refused a read or a repair (usually the bot lacks Manage Roles).
    Failed,
}

/// Facts only Discord knows about who bypasses overwrites.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BypassFacts {
    /// The server's owner, who sees every channel whatever the overwrites say.
    pub owner: Option<UserId>,
    /// The owner's roles, when known.
    pub owner_roles: Vec<RoleId>,
    /// Roles that hold Administrator (they see every channel).
    pub admin_roles: Vec<RoleId>,
}

/// What the check found and did on one circle channel: how many overwrites it put back or
/// removed (kinds do not matter to the reader: a circle is the role's, nobody else's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CircleAudit {
    pub channel: ChannelId,
    pub repaired: usize,
    pub outcome: AuditOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReport {
    pub pairs: Vec<PairAudit>,
    /// Circles with a role (a circle made before circle roles is converted by `/setup`).
    pub circles: Vec<CircleAudit>,
    /// The `/setup` warnings about the coordinator role that still hold.
    pub warnings: Vec<SetupWarning>,
    pub owner: Option<UserId>,
    pub admin_roles: Vec<RoleId>,
}

impl AuditReport {
    /// Pairs whose channel had drift that was repaired.
    pub fn repaired(&self) -> impl Iterator<Item = &PairAudit> {
        self.pairs
            .iter()
            .filter(|p| p.outcome == AuditOutcome::Checked && !p.repaired.is_empty())
    }
}

impl App {
    /// Coordinator only: checks and repairs every open pair channel of the active programme,
    /// one after the other.
    pub async fn audit_privacy(
        &self,
        actor: &Actor,
        discord: &dyn ChannelOverwrites,
        facts: BypassFacts,
    ) -> AppResult<AuditReport> {
        let settings = self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let mut pairs = Vec::new();
        for pair in self.store.pairs(programme.id).await? {
            if pair.status == PairStatus::Ended {
                continue;
            }
            pairs.push(check_pair(actor.guild, &pair, settings.coordinator_role, discord).await);
        }
        let mut circles = Vec::new();
        for circle in self.store.circles(actor.guild).await? {
            let Some(access_role) = circle.access_role else {
                continue;
            };
            let expected = expected_circle_overwrites(
                actor.guild,
                access_role,
                settings.coordinator_role,
                discord.bot(),
            );
            circles.push(check_circle(circle.channel_id, &expected, discord).await);
        }
        let role = settings.coordinator_role;
        let warnings = setup_warnings(&SetupFacts {
            role_has_administrator: facts.admin_roles.contains(&role),
            owner_has_role: facts.owner_roles.contains(&role),
            bot_missing_permissions: Vec::new(),
        });
        Ok(AuditReport {
            pairs,
            circles,
            warnings,
            owner: facts.owner,
            admin_roles: facts.admin_roles,
        })
    }

    /// A channel's overwrites changed (CHANNEL_UPDATE): if it is an open pair's channel, check
    /// and repair it. `None` when it is not a pair channel or the server is not set up.
    pub async fn recheck_channel(
        &self,
        guild: GuildId,
        channel: ChannelId,
        discord: &dyn ChannelOverwrites,
    ) -> AppResult<Option<PairAudit>> {
        let Some(pair) = self.store.pair_by_channel(channel).await? else {
            return Ok(None);
        };
        if pair.status == PairStatus::Ended {
            return Ok(None);
        }
        let Some(settings) = self.store.guild_settings(guild).await? else {
            return Ok(None);
        };
        Ok(Some(
            check_pair(guild, &pair, settings.coordinator_role, discord).await,
        ))
    }
}

async fn check_pair(
    guild: GuildId,
    pair: &Pair,
    coordinator_role: RoleId,
    discord: &dyn ChannelOverwrites,
) -> PairAudit {
    let members: Vec<UserId> = pair.members.iter().map(|m| m.user_id).collect();
    let expected = expected_pair_overwrites(guild, &members, coordinator_role, discord.bot());
    let mut audit = PairAudit {
        pair: pair.id,
        channel: pair.channel_id,
        repaired: Vec::new(),
        outcome: AuditOutcome::Checked,
    };
    let actual = match discord.overwrites(pair.channel_id).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            audit.outcome = AuditOutcome::ChannelMissing;
            return audit;
        }
        Err(e) => {
            tracing::warn!(pair = pair.id.0, error = %e, "could not read a pair channel's overwrites");
            audit.outcome = AuditOutcome::Failed;
            return audit;
        }
    };
    audit.repaired = diff(&expected, &actual);
    for drift in &audit.repaired {
        let result = match drift.fix(&expected) {
            Some(Fix::Put(rule)) => discord.put_overwrite(pair.channel_id, &rule).await,
            Some(Fix::Remove(target)) => discord.remove_overwrite(pair.channel_id, target).await,
            None => Ok(()),
        };
        if let Err(e) = result {
            tracing::warn!(pair = pair.id.0, error = %e, "could not repair a pair channel's overwrites");
            audit.outcome = AuditOutcome::Failed;
            return audit;
        }
    }
    audit
}

async fn check_circle(
    channel: ChannelId,
    expected: &[crate::domain::layout::OverwriteRule],
    discord: &dyn ChannelOverwrites,
) -> CircleAudit {
    let mut audit = CircleAudit {
        channel,
        repaired: 0,
        outcome: AuditOutcome::Checked,
    };
    let actual = match discord.overwrites(channel).await {
        Ok(Some(a)) => a,
        Ok(None) => {
            audit.outcome = AuditOutcome::ChannelMissing;
            return audit;
        }
        Err(e) => {
            tracing::warn!(%channel, error = %e, "could not read a circle's overwrites");
            audit.outcome = AuditOutcome::Failed;
            return audit;
        }
    };
    for fix in circle_drift(expected, &actual) {
        let result = match fix {
            Fix::Put(rule) => discord.put_overwrite(channel, &rule).await,
            Fix::Remove(target) => discord.remove_overwrite(channel, target).await,
        };
        if let Err(e) = result {
            tracing::warn!(%channel, error = %e, "could not repair a circle's overwrites");
            audit.outcome = AuditOutcome::Failed;
            return audit;
        }
        audit.repaired += 1;
    }
    audit
}
