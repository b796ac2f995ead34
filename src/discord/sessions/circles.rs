//! Circles on Discord: the `Circles` port (a private channel per role, opened through a role),
//! and the circle steps of `/setup` and `/participant add | remove`.

use crate::app::ports::{ChannelError, CircleSpec, Circles};
use crate::app::Actor;
use crate::discord::channels::{bot_allow, discord_error};
use crate::discord::data::{Context, Data};
use crate::discord::error::BotError;
use crate::discord::render::{channel_list, channel_mention};
use crate::discord::reply::failure_text;
use crate::domain::participant::{Participant, ParticipantRole};
use crate::domain::{ChannelId, GuildId, RoleId, UserId};
use crate::i18n::Msg;
use async_trait::async_trait;
use poise::serenity_prelude as serenity;

/// The `/setup` options of this feature: the announcement channel and the circles. Returns
/// the lines to add to `/setup`'s reply; a refusal is one of them, since the rest of the
/// setup stands.
pub async fn setup_extras(
    ctx: Context<'_>,
    actor: &Actor,
    announcement_channel: Option<&serenity::GuildChannel>,
    create_circles: bool,
) -> Vec<String> {
    let data = ctx.data();
    let l = actor.locale;
    let mut lines = Vec::new();
    if let Some(c) = announcement_channel {
        let channel = ChannelId(c.id.get());
        match data.app.set_announcement_channel(actor, channel).await {
            Ok(()) => lines.push(data.i18n.msg(
                l,
                &Msg::new("setup-announcement").arg("channel", channel_mention(channel)),
            )),
            Err(e) => lines.push(failure_text(data, l, &BotError::from(e))),
        }
    }
    if create_circles {
        let circles = DiscordSessions::new(ctx.serenity_context(), data);
        match data.app.create_circles(actor, &circles).await {
            Ok(report) => {
                let list = |cs: &[crate::app::ports::Circle]| {
                    channel_list(&cs.iter().map(|c| c.channel_id).collect::<Vec<_>>())
                };
                if !report.created.is_empty() {
                    lines.push(data.i18n.msg(
                        l,
                        &Msg::new("setup-circles-created").arg("channels", list(&report.created)),
                    ));
                    lines.push(data.i18n.msg(
                        l,
                        &Msg::new("setup-circles-opened").arg("count", report.opened_to),
                    ));
                }
                if !report.existing.is_empty() {
                    lines.push(data.i18n.msg(
                        l,
                        &Msg::new("setup-circles-existing").arg("channels", list(&report.existing)),
                    ));
                }
            }
            Err(e) => lines.push(failure_text(data, l, &BotError::from(e))),
        }
    }
    lines
}

/// After `/participant add`: opens the circle of their role. A line for the reply, if any.
pub async fn after_participant_added(
    ctx: Context<'_>,
    actor: &Actor,
    participant: &Participant,
) -> Option<String> {
    let data = ctx.data();
    let circles = DiscordSessions::new(ctx.serenity_context(), data);
    let l = actor.locale;
    match data.app.open_circle_to(actor, participant, &circles).await {
        Ok(Some(channel)) => Some(data.i18n.msg(
            l,
            &Msg::new("participant-circle-opened").arg("channel", channel_mention(channel)),
        )),
        Ok(None) => None,
        Err(e) => Some(
            data.i18n.msg(
                l,
                &Msg::new("participant-circle-failed")
                    .arg("reason", failure_text(data, l, &BotError::from(e))),
            ),
        ),
    }
}

/// After `/participant remove`: closes the circles to them. A line for the reply, if any.
pub async fn after_participant_removed(
    ctx: Context<'_>,
    actor: &Actor,
    user: UserId,
) -> Option<String> {
    let data = ctx.data();
    let circles = DiscordSessions::new(ctx.serenity_context(), data);
    let l = actor.locale;
    match data.app.close_circles_to(actor, user, &circles).await {
        Ok(0) => None,
        Ok(_) => Some(data.i18n.text(l, "participant-circle-closed")),
        Err(e) => Some(
            data.i18n.msg(
                l,
                &Msg::new("participant-circle-failed")
                    .arg("reason", failure_text(data, l, &BotError::from(e))),
            ),
        ),
    }
}

/// What a circle's role opens: see and write.
pub fn circle_member_allow() -> serenity::Permissions {
    serenity::Permissions::VIEW_CHANNEL | serenity::Permissions::SEND_MESSAGES
}

/// A circle's overwrites, whatever its size: hidden from everyone; open to the circle's role
/// and the coordinator role; the bot may post. Participants get the role, not an overwrite
/// each (Discord caps a channel at 100 overwrites).
pub fn circle_overwrites(
    guild: serenity::GuildId,
    circle_role: serenity::RoleId,
    coordinator_role: serenity::RoleId,
    bot: serenity::UserId,
) -> Vec<serenity::PermissionOverwrite> {
    vec![
        serenity::PermissionOverwrite {
            allow: serenity::Permissions::empty(),
            deny: serenity::Permissions::VIEW_CHANNEL,
            // The @everyone role has the server's id.
            kind: serenity::PermissionOverwriteType::Role(serenity::RoleId::new(guild.get())),
        },
        serenity::PermissionOverwrite {
            allow: circle_member_allow(),
            deny: serenity::Permissions::empty(),
            kind: serenity::PermissionOverwriteType::Role(circle_role),
        },
        serenity::PermissionOverwrite {
            allow: serenity::Permissions::VIEW_CHANNEL,
            deny: serenity::Permissions::empty(),
            kind: serenity::PermissionOverwriteType::Role(coordinator_role),
        },
        serenity::PermissionOverwrite {
            allow: bot_allow(),
            deny: serenity::Permissions::empty(),
            kind: serenity::PermissionOverwriteType::Member(bot),
        },
    ]
}

pub struct DiscordSessions<'a> {
    pub(super) ctx: &'a serenity::Context,
    pub(super) data: &'a Data,
}

impl<'a> DiscordSessions<'a> {
    pub fn new(ctx: &'a serenity::Context, data: &'a Data) -> Self {
        Self { ctx, data }
    }
}

impl DiscordSessions<'_> {
    /// The role that opens a circle, named after it (« Cercle des mentors »), with no
    /// permission of its own: only the circle channel's overwrite gives it access.
    async fn create_circle_role(&self, spec: &CircleSpec) -> Result<RoleId, ChannelError> {
        let key = match spec.role {
            ParticipantRole::Mentor => "circle-role-mentor",
            ParticipantRole::Mentee => "circle-role-mentee",
        };
        let role = serenity::GuildId::new(spec.guild.0)
            .create_role(
                self.ctx,
                serenity::EditRole::new()
                    .name(self.data.i18n.text(spec.locale, key))
                    .permissions(serenity::Permissions::empty())
                    .mentionable(false),
            )
            .await
            .map_err(discord_error)?;
        Ok(RoleId(role.id.get()))
    }

    fn overwrites(&self, spec: &CircleSpec, role: RoleId) -> Vec<serenity::PermissionOverwrite> {
        circle_overwrites(
            serenity::GuildId::new(spec.guild.0),
            serenity::RoleId::new(role.0),
            serenity::RoleId::new(spec.coordinator_role.0),
            self.ctx.cache.current_user().id,
        )
    }
}

#[async_trait]
impl Circles for DiscordSessions<'_> {
    async fn create_circle(&self, spec: &CircleSpec) -> Result<(ChannelId, RoleId), ChannelError> {
        let (name, topic) = match spec.role {
            ParticipantRole::Mentor => ("circle-name-mentor", "circle-topic-mentor"),
            ParticipantRole::Mentee => ("circle-name-mentee", "circle-topic-mentee"),
        };
        let role = self.create_circle_role(spec).await?;
        let channel = serenity::GuildId::new(spec.guild.0)
            .create_channel(
                self.ctx,
                serenity::CreateChannel::new(self.data.i18n.text(spec.locale, name))
                    .kind(serenity::ChannelType::Text)
                    .topic(self.data.i18n.text(spec.locale, topic))
                    .permissions(self.overwrites(spec, role)),
            )
            .await
            .map_err(discord_error)?;
        Ok((ChannelId(channel.id.get()), role))
    }

    async fn give_circle_a_role(
        &self,
        channel: ChannelId,
        spec: &CircleSpec,
    ) -> Result<RoleId, ChannelError> {
        let role = self.create_circle_role(spec).await?;
        // Replaces every overwrite, the per-person ones included, in one request.
        serenity::ChannelId::new(channel.0)
            .edit(
                self.ctx,
                serenity::EditChannel::new().permissions(self.overwrites(spec, role)),
            )
            .await
            .map_err(discord_error)?;
        Ok(role)
    }

    async fn circle_exists(&self, channel: ChannelId) -> Result<bool, ChannelError> {
        match self
            .ctx
            .http
            .get_channel(serenity::ChannelId::new(channel.0))
            .await
        {
            Ok(_) => Ok(true),
            Err(e) if is_unknown_channel(&e) => Ok(false),
            Err(e) => Err(discord_error(e)),
        }
    }

    async fn open_circle(
        &self,
        guild: GuildId,
        role: RoleId,
        user: UserId,
    ) -> Result<(), ChannelError> {
        self.ctx
            .http
            .add_member_role(
                serenity::GuildId::new(guild.0),
                serenity::UserId::new(user.0),
                serenity::RoleId::new(role.0),
                None,
            )
            .await
            .map_err(discord_error)
    }

    async fn close_circle(
        &self,
        guild: GuildId,
        role: RoleId,
        user: UserId,
    ) -> Result<(), ChannelError> {
        match self
            .ctx
            .http
            .remove_member_role(
                serenity::GuildId::new(guild.0),
                serenity::UserId::new(user.0),
                serenity::RoleId::new(role.0),
                None,
            )
            .await
        {
            // Someone who left the server, or a role deleted by hand: nothing left to close.
            Err(e) if is_unknown(&e, &[10007, 10011]) => Ok(()),
            other => other.map_err(discord_error),
        }
    }
}

fn is_unknown(e: &serenity::Error, codes: &[isize]) -> bool {
    matches!(e, serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) if codes.contains(&r.error.code))
}

fn is_unknown_channel(e: &serenity::Error) -> bool {
    matches!(e, serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) if r.error.code == 10003)
}
