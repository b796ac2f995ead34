//! The announcement channel and the circles (cercle des mentors, cercle des mentoré·e·s): one
//! peer channel per role, opened to each participant of that role as they are enrolled.

use super::ports::{Circle, CircleSpec, Circles};
use super::{Actor, App, AppResult, UserError};
use crate::domain::participant::{Participant, ParticipantRole};
use crate::domain::{ChannelId, GuildId, UserId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CirclesReport {
    /// Circles created now.
    pub created: Vec<Circle>,
    /// Circles that were there already.
    pub existing: Vec<Circle>,
    /// Participants given access to a new circle.
    pub opened_to: usize,
}

impl App {
    /// `/setup announcement_channel`: where sessions are announced to participants.
    pub async fn set_announcement_channel(
        &self,
        actor: &Actor,
        channel: ChannelId,
    ) -> AppResult<()> {
        if !actor.manage_guild {
            return Err(UserError::NeedManageServer.into());
        }
        self.store
            .guild_settings(actor.guild)
            .await?
            .ok_or(UserError::NotSetUp)?;
        self.store
            .set_announcement_channel(actor.guild, Some(channel))
            .await?;
        Ok(())
    }

    pub async fn announcement_channel(&self, guild: GuildId) -> AppResult<Option<ChannelId>> {
        Ok(self.store.announcement_channel(guild).await?)
    }

    /// `/setup create_circles`: creates the circles that are missing and opens each to the
    /// participants of its role already enrolled.
    pub async fn create_circles(
        &self,
        actor: &Actor,
        circles: &dyn Circles,
    ) -> AppResult<CirclesReport> {
        if !actor.manage_guild {
            return Err(UserError::NeedManageServer.into());
        }
        let settings = self
            .store
            .guild_settings(actor.guild)
            .await?
            .ok_or(UserError::NotSetUp)?;
        let known = self.store.circles(actor.guild).await?;
        let enrolled = match self.store.active_programme(actor.guild).await? {
            Some(p) => self.store.participants(p.id).await?,
            None => Vec::new(),
        };
        let mut report = CirclesReport {
            created: Vec::new(),
            existing: Vec::new(),
            opened_to: 0,
        };
        for role in [ParticipantRole::Mentor, ParticipantRole::Mentee] {
            let spec = CircleSpec {
                guild: actor.guild,
                role,
                coordinator_role: settings.coordinator_role,
                locale: settings.locale,
            };
            let circle = self
                .circle_of_role(&known, &spec, circles, &mut report)
                .await?;
            if let Some(access_role) = circle.access_role {
                for p in enrolled.iter().filter(|p| p.role == role) {
                    circles
                        .open_circle(actor.guild, access_role, p.user_id)
                        .await?;
                    report.opened_to += 1;
                }
            }
        }
        Ok(report)
    }

    /// After `/participant add`: opens the circle of the participant's role, if there is one.
    pub async fn open_circle_to(
        &self,
        actor: &Actor,
        participant: &Participant,
        circles: &dyn Circles,
    ) -> AppResult<Option<ChannelId>> {
        self.require_coordinator(actor).await?;
        let Some((circle, access_role)) = self
            .store
            .circles(actor.guild)
            .await?
            .into_iter()
            .find(|c| c.role == participant.role)
            .and_then(|c| c.access_role.map(|r| (c, r)))
        else {
            // No circle, or one from before circle roles that /setup has not converted yet.
            return Ok(None);
        };
        circles
            .open_circle(actor.guild, access_role, participant.user_id)
            .await?;
        Ok(Some(circle.channel_id))
    }

    /// After `/participant remove`: closes every circle to the person (they are no longer a
    /// participant, so their role no longer matters).
    pub async fn close_circles_to(
        &self,
        actor: &Actor,
        user: UserId,
        circles: &dyn Circles,
    ) -> AppResult<usize> {
        self.require_coordinator(actor).await?;
        let known = self.store.circles(actor.guild).await?;
        for role in known.iter().filter_map(|c| c.access_role) {
            circles.close_circle(actor.guild, role, user).await?;
        }
        Ok(known.len())
    }

    /// The circle of `spec.role`: the one there already (given its role if it predates circle
    /// roles), or a new one; recorded in `report`.
    async fn circle_of_role(
        &self,
        known: &[Circle],
        spec: &CircleSpec,
        circles: &dyn Circles,
        report: &mut CirclesReport,
    ) -> AppResult<Circle> {
        let role = spec.role;
        let existing = match known.iter().find(|c| c.role == role) {
            Some(c) if circles.circle_exists(c.channel_id).await? => Some(c.clone()),
            _ => None,
        };
        let circle = match existing {
            // Running /setup again repairs access (granting a role twice is harmless),
            // e.g. after an earlier run stopped halfway.
            Some(
                c @ Circle {
                    access_role: Some(_),
                    ..
                },
            ) => {
                report.existing.push(c.clone());
                c
            }
            // A circle from before circle roles: it gets its role now.
            Some(c) => {
                let access_role = circles.give_circle_a_role(c.channel_id, spec).await?;
                let c = Circle {
                    access_role: Some(access_role),
                    ..c
                };
                self.store.save_circle(&c).await?;
                tracing::info!(guild = %spec.guild, role = role.as_str(), channel = %c.channel_id, "circle given its role");
                report.existing.push(c.clone());
                c
            }
            None => {
                let (channel, access_role) = circles.create_circle(spec).await?;
                let c = Circle {
                    guild_id: spec.guild,
                    role,
                    channel_id: channel,
                    access_role: Some(access_role),
                    created_at: self.clock.now(),
                };
                self.store.save_circle(&c).await?;
                tracing::info!(guild = %spec.guild, role = role.as_str(), %channel, "circle created");
                report.created.push(c.clone());
                c
            }
        };
        Ok(circle)
    }
}
