//! `/session add | list | cancel | attendance`, the « Je viens » / « Je ne peux pas » and
//! « Je suis présent·e » buttons, the Discord side of sessions (scheduled events, announcements)
//! and of circles (private channels, member overwrites), and delivering session jobs.
//! Parse → app call → render; the rules are in `app::sessions`.

use super::channels::discord_error;
use super::data::{Context, Data};
use super::error::BotError;
use super::limits;
use super::outbound::{DeliveryError, Outbound};
use super::render;
use super::render::when;
use super::render::{channel_list, fmt_instant, hour, kind_name, mentions, place_text, truncate};
use super::reply::{actor, actor_from, ephemeral, failure_text};
use crate::app::ports::ChannelError;
use crate::app::sessions::{
    AddSession, CircleSpec, Circles, Recipient, SessionAnnouncement, SessionDelivery,
    SessionDiscord, SessionEventSpec, SessionNotice,
};
use crate::app::Actor;
use crate::domain::job::{Job, NonceTag};
use crate::domain::participant::{Participant, ParticipantRole};
use crate::domain::session::{
    parse_session_button_id, session_button_id, PresenceOutcome, Rsvp, SessionButton, SessionId,
    SessionKind, SessionStatus,
};
use crate::domain::{ChannelId, GuildId, Locale, RoleId, UserId};
use crate::i18n::Msg;
use async_trait::async_trait;
use poise::serenity_prelude as serenity;
use std::collections::BTreeMap;

// ----- commands ------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum KindChoice {
    #[name = "kickoff"]
    Kickoff,
    #[name = "mid-term"]
    MidTerm,
    #[name = "closing"]
    Closing,
    #[name = "other"]
    Other,
}

impl From<KindChoice> for SessionKind {
    fn from(k: KindChoice) -> Self {
        match k {
            KindChoice::Kickoff => SessionKind::Kickoff,
            KindChoice::MidTerm => SessionKind::MidTerm,
            KindChoice::Closing => SessionKind::Closing,
            KindChoice::Other => SessionKind::Other,
        }
    }
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands("session_add", "session_list", "session_cancel", "session_attendance"),
    subcommand_required
)]
pub async fn session(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "add")]
async fn session_add(
    ctx: Context<'_>,
    kind: KindChoice,
    date: Option<String>,
    time: Option<String>,
    place: Option<String>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    // An event, a record and up to three announcements may take longer than Discord's 3 s.
    ctx.defer_ephemeral().await?;
    let discord = DiscordSessions::new(ctx.serenity_context(), ctx.data());
    let added = ctx
        .data()
        .app
        .add_session(
            &actor,
            AddSession {
                kind: Some(kind.into()),
                date,
                time,
                place,
            },
            &discord,
        )
        .await?;
    let data = ctx.data();
    let l = actor.locale;
    let s = &added.session;
    let tz = added.programme.time_zone;
    let mut lines = vec![data.i18n.msg(
        l,
        &Msg::new("session-added")
            .arg("kind", kind_name(data, l, s.kind))
            .arg("id", s.id.0)
            .arg("when", when(l, s.starts_at, tz))
            .arg("end", hour(s.ends_at, tz))
            .arg(
                "place",
                place_text(data, l, s.place.as_ref().map(|p| p.as_str())),
            ),
    )];
    if s.discord_event_id.is_some() {
        lines.push(data.i18n.text(l, "session-added-event"));
    }
    if !added.announced_in.is_empty() {
        lines.push(data.i18n.msg(
            l,
            &Msg::new("session-added-announced").arg("channels", channel_list(&added.announced_in)),
        ));
    }
    if !added.not_announced_in.is_empty() {
        lines.push(
            data.i18n.msg(
                l,
                &Msg::new("session-added-not-announced")
                    .arg("channels", channel_list(&added.not_announced_in)),
            ),
        );
    }
    ephemeral(ctx, lines.join("\n")).await
}

#[poise::command(slash_command, guild_only, rename = "list")]
async fn session_list(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let (programme, sessions) = ctx.data().app.list_sessions(&actor).await?;
    let data = ctx.data();
    let l = actor.locale;
    let text = if sessions.is_empty() {
        data.i18n.text(l, "session-list-empty")
    } else {
        let mut lines = vec![data.i18n.msg(
            l,
            &Msg::new("session-list-header").arg("count", sessions.len()),
        )];
        for s in &sessions {
            let status = match s.session.status {
                SessionStatus::Scheduled => "session-status-scheduled",
                SessionStatus::Cancelled => "session-status-cancelled",
            };
            lines.push(
                data.i18n.msg(
                    l,
                    &Msg::new("session-line")
                        .arg("id", s.session.id.0)
                        .arg("kind", kind_name(data, l, s.session.kind))
                        .arg("when", when(l, s.session.starts_at, programme.time_zone))
                        .arg("status", data.i18n.text(l, status))
                        .arg("coming", s.coming)
                        .arg("declined", s.declined)
                        .arg("invited", s.invited)
                        .arg("present", s.present),
                ),
            );
        }
        lines.join("\n")
    };
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "cancel")]
async fn session_cancel(ctx: Context<'_>, session: i64) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    ctx.defer_ephemeral().await?;
    let discord = DiscordSessions::new(ctx.serenity_context(), ctx.data());
    let done = ctx
        .data()
        .app
        .cancel_session(&actor, SessionId(session), &discord)
        .await?;
    let data = ctx.data();
    let l = actor.locale;
    let mut lines = vec![data.i18n.msg(
        l,
        &Msg::new("session-cancelled-reply")
            .arg("kind", kind_name(data, l, done.session.kind))
            .arg(
                "when",
                when(l, done.session.starts_at, done.programme.time_zone),
            )
            .arg("count", done.to_notify),
    )];
    if !done.event_removed {
        lines.push(data.i18n.text(l, "session-cancelled-event-kept"));
    }
    ephemeral(ctx, lines.join("\n")).await
}

// A user option rather than a select menu: the coordinator types a name and Discord
// completes it, which scales past the 25 entries a select menu holds.
#[poise::command(slash_command, guild_only, rename = "attendance")]
async fn session_attendance(
    ctx: Context<'_>,
    session: i64,
    participant: serenity::User,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let user = UserId(participant.id.get());
    let (s, outcome) = ctx
        .data()
        .app
        .mark_presence(&actor, SessionId(session), user)
        .await?;
    let data = ctx.data();
    let l = actor.locale;
    let text = match outcome {
        PresenceOutcome::Recorded(_) => data.i18n.msg(
            l,
            &Msg::new("session-presence-marked")
                .arg("user", render::mention(user))
                .arg("kind", kind_name(data, l, s.kind)),
        ),
        PresenceOutcome::AlreadyRecorded(first) => data.i18n.msg(
            l,
            &Msg::new("session-presence-already")
                .arg("user", render::mention(user))
                .arg("at", fmt_instant(first.recorded_at)),
        ),
    };
    ephemeral(ctx, text).await
}

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
                &Msg::new("setup-announcement").arg("channel", render::channel_mention(channel)),
            )),
            Err(e) => lines.push(failure_text(data, l, &BotError::from(e))),
        }
    }
    if create_circles {
        let circles = DiscordSessions::new(ctx.serenity_context(), data);
        match data.app.create_circles(actor, &circles).await {
            Ok(report) => {
                let list = |cs: &[crate::app::sessions::Circle]| {
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
            &Msg::new("participant-circle-opened").arg("channel", render::channel_mention(channel)),
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

// ----- buttons -------------------------------------------------------------------------------

/// Handles a session button; ignores any other custom id.
pub async fn on_button(
    ctx: &serenity::Context,
    data: &Data,
    component: &serenity::ComponentInteraction,
) {
    let Some((session, button)) = parse_session_button_id(&component.data.custom_id) else {
        return;
    };
    let locale = Locale::from_discord(&component.locale);
    let Some(guild) = component.guild_id else {
        return;
    };
    let actor = actor_from(guild, component.user.id, component.member.as_ref(), locale);
    let text = match button {
        SessionButton::Rsvp(answer) => answer_rsvp(data, &actor, session, answer).await,
        SessionButton::Present => check_in(data, &actor, session).await,
    };
    let response = serenity::CreateInteractionResponse::Message(
        serenity::CreateInteractionResponseMessage::new()
            .content(text)
            .ephemeral(true),
    );
    if let Err(e) = component.create_response(&ctx.http, response).await {
        tracing::warn!(error = %e, "could not answer a session button");
    }
}

async fn answer_rsvp(data: &Data, actor: &Actor, session: SessionId, answer: Rsvp) -> String {
    let l = actor.locale;
    match data.app.answer_rsvp(actor, session, answer).await {
        Ok(s) => {
            let tz = programme_tz(data, s.programme_id).await;
            let key = match answer {
                Rsvp::Coming => "session-rsvp-coming",
                Rsvp::NotComing => "session-rsvp-not-coming",
            };
            data.i18n.msg(
                l,
                &Msg::new(key)
                    .arg("kind", kind_name(data, l, s.kind))
                    .arg("when", when(l, s.starts_at, tz)),
            )
        }
        Err(e) => failure_text(data, l, &BotError::from(e)),
    }
}

async fn check_in(data: &Data, actor: &Actor, session: SessionId) -> String {
    let l = actor.locale;
    match data.app.check_in_session(actor, session).await {
        Ok(PresenceOutcome::Recorded(_)) => data.i18n.text(l, "session-present-recorded"),
        Ok(PresenceOutcome::AlreadyRecorded(first)) => data.i18n.msg(
            l,
            &Msg::new("session-present-already").arg("at", fmt_instant(first.recorded_at)),
        ),
        Err(e) => failure_text(data, l, &BotError::from(e)),
    }
}

async fn programme_tz(data: &Data, programme: crate::domain::ProgrammeId) -> chrono_tz::Tz {
    match data.app.store.programme(programme).await {
        Ok(Some(p)) => p.time_zone,
        _ => data.app.settings.default_time_zone,
    }
}

fn rsvp_buttons(data: &Data, l: Locale, session: SessionId) -> Vec<serenity::CreateActionRow> {
    vec![serenity::CreateActionRow::Buttons(vec![
        serenity::CreateButton::new(session_button_id(
            session,
            SessionButton::Rsvp(Rsvp::Coming),
        ))
        .label(data.i18n.text(l, "session-button-coming"))
        .style(serenity::ButtonStyle::Success),
        serenity::CreateButton::new(session_button_id(
            session,
            SessionButton::Rsvp(Rsvp::NotComing),
        ))
        .label(data.i18n.text(l, "session-button-not-coming"))
        .style(serenity::ButtonStyle::Secondary),
    ])]
}

fn present_button(data: &Data, l: Locale, session: SessionId) -> Vec<serenity::CreateActionRow> {
    vec![serenity::CreateActionRow::Buttons(vec![
        serenity::CreateButton::new(session_button_id(session, SessionButton::Present))
            .label(data.i18n.text(l, "session-button-present"))
            .style(serenity::ButtonStyle::Success),
    ])]
}

// ----- rendering -----------------------------------------------------------------------------

fn event_url(guild: GuildId, event: u64) -> String {
    format!("https://discord.com/events/{}/{event}", guild.0)
}

fn announcement_text(data: &Data, l: Locale, n: &SessionNotice) -> String {
    let mut text = data.i18n.msg(
        l,
        &Msg::new("session-announcement")
            .arg("kind", kind_name(data, l, n.kind))
            .arg("when", when(l, n.starts_at, n.tz))
            .arg("end", hour(n.ends_at, n.tz))
            .arg("place", place_text(data, l, n.place.as_deref())),
    );
    if let Some(event) = n.discord_event_id {
        text.push('\n');
        text.push_str(&data.i18n.msg(
            l,
            &Msg::new("session-event-link").arg("url", event_url(n.guild, event)),
        ));
    }
    text
}

// ----- the Discord port ----------------------------------------------------------------------

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
            allow: super::channels::bot_allow(),
            deny: serenity::Permissions::empty(),
            kind: serenity::PermissionOverwriteType::Member(bot),
        },
    ]
}

pub struct DiscordSessions<'a> {
    ctx: &'a serenity::Context,
    data: &'a Data,
}

impl<'a> DiscordSessions<'a> {
    pub fn new(ctx: &'a serenity::Context, data: &'a Data) -> Self {
        Self { ctx, data }
    }
}

#[async_trait]
impl SessionDiscord for DiscordSessions<'_> {
    async fn create_event(&self, spec: &SessionEventSpec) -> Result<u64, ChannelError> {
        let i18n = &self.data.i18n;
        let l = spec.locale;
        let kind = kind_name(self.data, l, spec.kind);
        let name = i18n.msg(
            l,
            &Msg::new("session-event-name")
                .arg("kind", kind.as_str())
                .arg("programme", spec.programme_name.as_str()),
        );
        let description = i18n.msg(
            l,
            &Msg::new("session-event-description").arg("programme", spec.programme_name.as_str()),
        );
        let event = serenity::CreateScheduledEvent::new(
            serenity::ScheduledEventType::External,
            truncate(name, 100),
            spec.starts_at,
        )
        .end_time(spec.ends_at)
        .location(truncate(
            place_text(self.data, l, spec.place.as_deref()),
            100,
        ))
        .description(truncate(description, 1000));
        // Straight to the HTTP call: serenity's builder would refuse from its cache unless the
        // bot holds CREATE_EVENTS, while Discord also accepts MANAGE_EVENTS.
        let created = self
            .ctx
            .http
            .create_scheduled_event(serenity::GuildId::new(spec.guild.0), &event, None)
            .await
            .map_err(discord_error)?;
        tracing::info!(event = %created.id, "scheduled event created");
        Ok(created.id.get())
    }

    async fn delete_event(&self, guild: GuildId, event: u64) -> Result<(), ChannelError> {
        self.ctx
            .http
            .delete_scheduled_event(
                serenity::GuildId::new(guild.0),
                serenity::ScheduledEventId::new(event),
            )
            .await
            .map_err(discord_error)
    }

    async fn announce(
        &self,
        a: &SessionAnnouncement,
    ) -> Vec<(ChannelId, Result<(), ChannelError>)> {
        let text = announcement_text(self.data, a.locale, &a.notice);
        let mut out = Vec::new();
        for (i, channel) in a.channels.iter().enumerate() {
            let message = serenity::CreateMessage::new()
                .content(text.clone())
                .components(rsvp_buttons(self.data, a.locale, a.notice.session))
                .allowed_mentions(serenity::CreateAllowedMentions::new());
            // One nonce per channel: Discord matches nonces per author, not per channel.
            let nonce = format!("sess{}a{i}", a.notice.session.0 % 1_000_000_000_000);
            let result = self
                .data
                .outbound
                .post(serenity::ChannelId::new(channel.0), message, &nonce)
                .await
                .map(|_| ())
                .map_err(super::channels::delivery_error);
            out.push((*channel, result));
        }
        out
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

// ----- delivering session jobs ---------------------------------------------------------------

fn delay_key(offset_minutes: i64) -> &'static str {
    match offset_minutes {
        10080 => "session-when-week",
        1440 => "session-when-day",
        60 => "session-when-hour",
        _ => "session-when-soon",
    }
}

pub async fn deliver(
    data: &Data,
    outbound: &Outbound,
    job: &Job,
    delivery: &SessionDelivery,
) -> Result<(), DeliveryError> {
    let i18n = &data.i18n;
    match delivery {
        SessionDelivery::Reminder {
            notice,
            offset_minutes,
            recipients,
            locale,
        } => {
            let text = |l: Locale, key: &'static str, members: Option<String>| {
                let mut msg = Msg::new(key)
                    .arg("kind", kind_name(data, l, notice.kind))
                    .arg("delay", i18n.text(l, delay_key(*offset_minutes)))
                    .arg("when", when(l, notice.starts_at, notice.tz))
                    .arg("place", place_text(data, l, notice.place.as_deref()));
                if let Some(m) = members {
                    msg = msg.arg("members", m);
                }
                i18n.msg(l, &msg)
            };
            let closed = send_dms(outbound, job, recipients, |r| {
                text(r.locale, "session-reminder-dm", None)
            })
            .await?;
            post_fallbacks(outbound, job, &closed, |users| {
                text(*locale, "session-reminder-fallback", Some(mentions(users)))
            })
            .await
        }
        SessionDelivery::CheckIn {
            notice,
            channels,
            locale,
        } => {
            let l = *locale;
            let text = i18n.msg(
                l,
                &Msg::new("session-checkin-message").arg("kind", kind_name(data, l, notice.kind)),
            );
            for channel in channels {
                let message = serenity::CreateMessage::new()
                    .content(text.clone())
                    .components(present_button(data, l, notice.session))
                    .allowed_mentions(serenity::CreateAllowedMentions::new());
                outbound
                    .post(
                        serenity::ChannelId::new(channel.0),
                        message,
                        &job.nonce(NonceTag::SessionCheckIn, channel.0),
                    )
                    .await?;
            }
            Ok(())
        }
        SessionDelivery::Cancelled {
            notice,
            channels,
            recipients,
            locale,
        } => {
            let text = |l: Locale, key: &'static str, members: Option<String>| {
                let mut msg = Msg::new(key)
                    .arg("kind", kind_name(data, l, notice.kind))
                    .arg("when", when(l, notice.starts_at, notice.tz));
                if let Some(m) = members {
                    msg = msg.arg("members", m);
                }
                i18n.msg(l, &msg)
            };
            for channel in channels {
                let message = serenity::CreateMessage::new()
                    .content(text(*locale, "session-cancelled-note", None))
                    .allowed_mentions(serenity::CreateAllowedMentions::new());
                outbound
                    .post(
                        serenity::ChannelId::new(channel.0),
                        message,
                        &job.nonce(NonceTag::SessionNote, channel.0),
                    )
                    .await?;
            }
            let closed = send_dms(outbound, job, recipients, |r| {
                text(r.locale, "session-cancelled-dm", None)
            })
            .await?;
            post_fallbacks(outbound, job, &closed, |users| {
                text(*locale, "session-cancelled-fallback", Some(mentions(users)))
            })
            .await
        }
    }
}

/// DMs each recipient; returns, per fallback channel, those whose DMs are closed. A refusal
/// for one person is logged and the others still get theirs; running out of retries fails
/// the job so it is tried again (the nonces keep the DMs already sent from repeating).
async fn send_dms(
    outbound: &Outbound,
    job: &Job,
    recipients: &[Recipient],
    text: impl Fn(&Recipient) -> String,
) -> Result<BTreeMap<ChannelId, Vec<UserId>>, DeliveryError> {
    let mut closed: BTreeMap<ChannelId, Vec<UserId>> = BTreeMap::new();
    for r in recipients {
        let message = serenity::CreateMessage::new().content(text(r));
        match outbound
            .dm(
                serenity::UserId::new(r.user.0),
                message,
                &job.nonce(NonceTag::SessionDm, r.user.0),
            )
            .await
        {
            Ok(_) => {}
            Err(DeliveryError::DmClosed) => match r.fallback {
                Some(channel) => closed.entry(channel).or_default().push(r.user),
                None => tracing::warn!(user = %r.user, "DMs closed and no channel to fall back to"),
            },
            Err(e @ DeliveryError::GaveUp { .. }) => return Err(e),
            Err(e) => tracing::warn!(user = %r.user, error = %e, "session DM refused"),
        }
    }
    Ok(closed)
}

/// Per fallback channel, messages mentioning (and pinging) only those concerned: as many as
/// Discord's limits need (2000 characters, 100 pinged users), in order. Each part's nonce
/// names its first person, so a retry recognises what was already posted.
async fn post_fallbacks(
    outbound: &Outbound,
    job: &Job,
    closed: &BTreeMap<ChannelId, Vec<UserId>>,
    text: impl Fn(&[UserId]) -> String,
) -> Result<(), DeliveryError> {
    for (channel, users) in closed {
        let room = limits::MAX_CONTENT.saturating_sub(text(&[]).chars().count());
        let batches = limits::mention_batches(users, room);
        tracing::info!(%channel, users = users.len(), messages = batches.len(), "DMs closed: session message posted in the channel");
        for batch in batches {
            let message = serenity::CreateMessage::new()
                .content(text(batch))
                .allowed_mentions(
                    serenity::CreateAllowedMentions::new()
                        .users(batch.iter().map(|u| serenity::UserId::new(u.0))),
                );
            outbound
                .post(
                    serenity::ChannelId::new(channel.0),
                    message,
                    &job.nonce(NonceTag::SessionFallback, batch[0].0),
                )
                .await?;
        }
    }
    Ok(())
}
