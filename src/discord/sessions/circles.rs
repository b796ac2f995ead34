//! Circles on Discord: the `Circles` port (a private channel per role, opened through a role),
//! and the circle steps of `/setup` and `/participant add | remove`.

use crate::app::circles::CirclesReport;
use crate::app::ports::{ChannelError, CircleSpec, Circles};
use crate::app::AppError;
use crate::discord::channels::{discord_error, to_serenity};
use crate::discord::data::Data;
use crate::discord::error::BotError;
use crate::discord::render::{channel_list, channel_mention};
use crate::discord::reply::failure_text;
use crate::domain::layout::expected_circle_overwrites;
use crate::domain::participant::ParticipantRole;
use crate::domain::{ChannelId, GuildId, Locale, RoleId, UserId};
use crate::i18n::Msg;
use async_trait::async_trait;
use poise::serenity_prelude as serenity;

/// The lines `/setup`'s reply adds for the announcement channel and the circles; a refusal is
/// one of them, since the rest of the setup stands.
pub fn setup_extras_lines(
    data: &Data,
    l: Locale,
    announcement: Option<Result<ChannelId, AppError>>,
    circles: Option<Result<CirclesReport, AppError>>,
) -> Vec<String> {
    let mut lines = Vec::new();
    match announcement {
        Some(Ok(channel)) => lines.push(data.i18n.msg(
            l,
            &Msg::new("setup-announcement").arg("channel", channel_mention(channel)),
        )),
        Some(Err(e)) => lines.push(failure_text(data, l, &BotError::from(e))),
        None => {}
    }
    match circles {
        Some(Ok(report)) => lines.extend(circles_lines(data, l, &report)),
        Some(Err(e)) => lines.push(failure_text(data, l, &BotError::from(e))),
        None => {}
    }
    lines
}

fn circles_lines(data: &Data, l: Locale, report: &CirclesReport) -> Vec<String> {
    let list = |cs: &[crate::app::ports::Circle]| {
        channel_list(&cs.iter().map(|c| c.channel_id).collect::<Vec<_>>())
    };
    let mut lines = Vec::new();
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
    lines
}

/// The line `/participant add`'s reply adds for the circle opened to the person, if any.
pub fn circle_opened_line(
    data: &Data,
    l: Locale,
    circle: Result<Option<ChannelId>, AppError>,
) -> Option<String> {
    match circle {
        Ok(Some(channel)) => Some(data.i18n.msg(
            l,
            &Msg::new("participant-circle-opened").arg("channel", channel_mention(channel)),
        )),
        Ok(None) => None,
        Err(e) => Some(circle_failed(data, l, e)),
    }
}

/// The line `/participant remove`'s reply adds for the circles closed to the person, if any.
pub fn circles_closed_line(
    data: &Data,
    l: Locale,
    closed: Result<usize, AppError>,
) -> Option<String> {
    match closed {
        Ok(0) => None,
        Ok(_) => Some(data.i18n.text(l, "participant-circle-closed")),
        Err(e) => Some(circle_failed(data, l, e)),
    }
}

fn circle_failed(data: &Data, l: Locale, e: AppError) -> String {
    data.i18n.msg(
        l,
        &Msg::new("participant-circle-failed")
            .arg("reason", failure_text(data, l, &BotError::from(e))),
    )
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
        expected_circle_overwrites(
            spec.guild,
            role,
            spec.coordinator_role,
            UserId(self.ctx.cache.current_user().id.get()),
        )
        .iter()
        .map(to_serenity)
        .collect()
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
