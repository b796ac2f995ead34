//! Slash commands: parse → app call → render. Authorisation is decided in `app`, for every
//! command; `default_member_permissions` only hides `/setup` from people who could not use it.

use super::channels::DiscordPairChannels;
use super::reply::{actor, ephemeral, locale_of};
use super::{BotError, Context, Data};
use crate::app::participants::AddParticipant;
use crate::app::programmes::CreateProgramme;
use crate::app::setup::SetupRequest;
use crate::domain::participant::ParticipantRole;
use crate::domain::privacy::{PairView, ParticipantView};
use crate::domain::setup::{BotPermission, SetupFacts, SetupWarning};
use crate::domain::{ChannelId, Locale, RoleId, UserId};
use crate::i18n::Msg;
use chrono::{DateTime, NaiveDate, Utc};
use poise::serenity_prelude as serenity;

/// Every command binome registers, each carrying its access level (`access::COMMAND_ACCESS`).
pub fn all() -> Vec<poise::Command<Data, BotError>> {
    let mut commands = vec![
        setup(),
        programme(),
        participant(),
        pair(),
        privacy(),
        super::meetings::meeting(),
        super::meetings::posture(),
        super::objectives::objective(),
        super::reports::attendance(),
        super::reports::report(),
        super::followups::followup(),
        super::followups::tripartite(),
        super::sessions::session(),
        super::audit::audit(),
    ];
    super::access::apply(&mut commands);
    commands
}

#[poise::command(slash_command, guild_only)]
async fn setup(
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
    let report = ctx
        .data()
        .app
        .setup(
            &actor,
            SetupRequest {
                coordinator_role: RoleId(coordinator_role.id.get()),
                coordinator_channel: coordinator_channel.as_ref().map(|c| ChannelId(c.id.get())),
                facts,
            },
        )
        .await?;
    let i18n = &ctx.data().i18n;
    let l = actor.locale;
    let role = report.settings.coordinator_role.mention();
    let mut lines = vec![i18n.msg(l, &Msg::new("setup-done").arg("role", role.as_str()))];
    if let Some(c) = report.settings.coordinator_channel {
        lines.push(i18n.msg(l, &Msg::new("setup-channel").arg("channel", c.mention())));
    }
    lines.extend(
        super::sessions::setup_extras(ctx, &actor, announcement_channel.as_ref(), create_circles)
            .await,
    );
    for w in &report.warnings {
        lines.push(match w {
            SetupWarning::RoleIsAdministrator => {
                i18n.msg(l, &Msg::new("setup-warn-admin").arg("role", role.as_str()))
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
        });
    }
    ephemeral(ctx, lines.join("\n")).await
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

#[poise::command(
    slash_command,
    guild_only,
    subcommands("programme_create", "programme_status", "programme_close"),
    subcommand_required
)]
async fn programme(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "create")]
async fn programme_create(
    ctx: Context<'_>,
    name: String,
    start: String,
    end: String,
    themes: Option<String>,
    time_zone: Option<String>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let p = ctx
        .data()
        .app
        .create_programme(
            &actor,
            CreateProgramme {
                name,
                starts_on: start,
                ends_on: end,
                time_zone,
                themes,
            },
        )
        .await?;
    let l = actor.locale;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("programme-created")
            .arg("name", p.name.as_str())
            .arg("start", fmt_date(l, p.dates.starts_on()))
            .arg("end", fmt_date(l, p.dates.ends_on()))
            .arg("tz", p.time_zone.name())
            .arg("themes", p.themes.joined()),
    );
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "status")]
async fn programme_status(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let s = ctx.data().app.programme_status(&actor).await?;
    let l = actor.locale;
    let p = &s.programme;
    let text = ctx.data().i18n.msg(
        l,
        &Msg::new("programme-status")
            .arg("name", p.name.as_str())
            .arg("start", fmt_date(l, p.dates.starts_on()))
            .arg("end", fmt_date(l, p.dates.ends_on()))
            .arg("tz", p.time_zone.name())
            .arg("mentors", s.mentors)
            .arg("mentees", s.mentees)
            .arg("unpaired", s.unpaired)
            .arg("pairs", s.open_pairs)
            .arg("charters", s.charters_complete)
            .arg("at_risk", s.at_risk)
            .arg("dead", i64::try_from(s.dead_jobs).unwrap_or(i64::MAX)),
    );
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "close")]
async fn programme_close(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let p = ctx.data().app.close_programme(&actor).await?;
    let text = ctx.data().i18n.msg(
        actor.locale,
        &Msg::new("programme-closed").arg("name", p.name),
    );
    ephemeral(ctx, text).await
}

#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
enum RoleChoice {
    #[name = "mentor"]
    Mentor,
    #[name = "mentee"]
    Mentee,
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands("participant_add", "participant_list", "participant_remove"),
    subcommand_required
)]
async fn participant(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "add")]
async fn participant_add(
    ctx: Context<'_>,
    user: serenity::User,
    role: RoleChoice,
    company: String,
    themes: Option<String>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    // Opening the circle is a Discord call: acknowledge within Discord's 3 s first.
    ctx.defer_ephemeral().await?;
    let role = match role {
        RoleChoice::Mentor => ParticipantRole::Mentor,
        RoleChoice::Mentee => ParticipantRole::Mentee,
    };
    let p = ctx
        .data()
        .app
        .add_participant(
            &actor,
            AddParticipant {
                user: UserId(user.id.get()),
                role,
                company,
                themes,
            },
        )
        .await?;
    let i18n = &ctx.data().i18n;
    let l = actor.locale;
    let mut text = i18n.msg(
        l,
        &Msg::new("participant-added")
            .arg("user", p.user_id.mention())
            .arg("role", role_name(ctx.data(), l, p.role))
            .arg("company", p.company.as_str()),
    );
    if let Some(line) = super::sessions::after_participant_added(ctx, &actor, &p).await {
        text = format!("{text}\n{line}");
    }
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "list")]
async fn participant_list(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let views = ctx.data().app.list_participants(&actor).await?;
    let text = render_participants(ctx.data(), actor.locale, &views);
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "remove")]
async fn participant_remove(ctx: Context<'_>, user: serenity::User) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    // Closing the circles is a Discord call: acknowledge within Discord's 3 s first.
    ctx.defer_ephemeral().await?;
    let user = UserId(user.id.get());
    ctx.data().app.remove_participant(&actor, user).await?;
    let text = ctx.data().i18n.msg(
        actor.locale,
        &Msg::new("participant-removed").arg("user", user.mention()),
    );
    let text = match super::sessions::after_participant_removed(ctx, &actor, user).await {
        Some(line) => format!("{text}\n{line}"),
        None => text,
    };
    ephemeral(ctx, text).await
}

#[poise::command(
    slash_command,
    guild_only,
    subcommands("pair_create", "pair_list"),
    subcommand_required
)]
async fn pair(_: Context<'_>) -> Result<(), BotError> {
    Ok(())
}

#[poise::command(slash_command, guild_only, rename = "create")]
async fn pair_create(
    ctx: Context<'_>,
    mentor: serenity::User,
    mentee: serenity::User,
    mentee2: Option<serenity::User>,
    mentee3: Option<serenity::User>,
) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    // Creating a category, a channel and a message may take longer than Discord's 3 s.
    ctx.defer_ephemeral().await?;
    let mentees: Vec<serenity::User> = [Some(mentee), mentee2, mentee3]
        .into_iter()
        .flatten()
        .collect();
    let names = std::iter::once(&mentor)
        .chain(&mentees)
        .map(|u| (UserId(u.id.get()), u.name.clone()))
        .collect();
    let channels = DiscordPairChannels::new(ctx.serenity_context(), ctx.data(), names);
    let mentee_ids: Vec<UserId> = mentees.iter().map(|u| UserId(u.id.get())).collect();
    let created = ctx
        .data()
        .app
        .create_pair(&actor, UserId(mentor.id.get()), &mentee_ids, &channels)
        .await?;
    let members = created
        .pair
        .members
        .iter()
        .map(|m| m.user_id.mention())
        .collect::<Vec<_>>()
        .join(", ");
    let id = if created.charter_posted {
        "pair-created"
    } else {
        "pair-created-no-charter"
    };
    let text = ctx.data().i18n.msg(
        actor.locale,
        &Msg::new(id)
            .arg("members", members)
            .arg("channel", created.pair.channel_id.mention()),
    );
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only, rename = "list")]
async fn pair_list(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let pairs = ctx.data().app.list_pairs(&actor).await?;
    let text = render_pairs(ctx.data(), actor.locale, &pairs);
    ephemeral(ctx, text).await
}

#[poise::command(slash_command, guild_only)]
async fn privacy(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let report = ctx.data().app.privacy(&actor).await?;
    let l = locale_of(ctx);
    let text = match &report.view {
        None => ctx.data().i18n.text(l, "privacy-not-enrolled"),
        Some(view) => render_privacy(ctx.data(), l, view, report.attendance.as_ref()),
    };
    ephemeral(ctx, text).await
}

pub fn role_name(data: &Data, l: Locale, role: ParticipantRole) -> String {
    data.i18n.text(
        l,
        match role {
            ParticipantRole::Mentor => "role-mentor",
            ParticipantRole::Mentee => "role-mentee",
        },
    )
}

fn status_name(data: &Data, l: Locale, status: crate::domain::pair::PairStatus) -> String {
    use crate::domain::pair::PairStatus::*;
    data.i18n.text(
        l,
        match status {
            Active => "status-active",
            AtRisk => "status-at_risk",
            Paused => "status-paused",
            Ended => "status-ended",
        },
    )
}

pub fn fmt_date(l: Locale, d: NaiveDate) -> String {
    match l {
        Locale::Fr => d.format("%d/%m/%Y").to_string(),
        Locale::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// Discord renders this in each reader's own time zone.
pub fn fmt_instant(at: DateTime<Utc>) -> String {
    format!("<t:{}:f>", at.timestamp())
}

fn render_participants(data: &Data, l: Locale, views: &[ParticipantView]) -> String {
    if views.is_empty() {
        return data.i18n.text(l, "participant-list-empty");
    }
    let mut lines = vec![data.i18n.msg(
        l,
        &Msg::new("participant-list-header").arg("count", views.len()),
    )];
    for v in views {
        let pair = match &v.pair {
            Some(p) => format!("#{} ({})", p.pair_id, status_name(data, l, p.status)),
            None => data.i18n.text(l, "none"),
        };
        lines.push(
            data.i18n.msg(
                l,
                &Msg::new("participant-line")
                    .arg("user", v.user_id.mention())
                    .arg("role", role_name(data, l, v.role))
                    .arg("company", v.company.as_str())
                    .arg("pair", pair),
            ),
        );
    }
    lines.join("\n")
}

fn render_pairs(data: &Data, l: Locale, pairs: &[PairView]) -> String {
    if pairs.is_empty() {
        return data.i18n.text(l, "pair-list-empty");
    }
    let mut lines = vec![data
        .i18n
        .msg(l, &Msg::new("pair-list-header").arg("count", pairs.len()))];
    for p in pairs {
        let members = p
            .members
            .iter()
            .map(|m| {
                let id = if m.charter_signed_at.is_some() {
                    "pair-member-signed"
                } else {
                    "pair-member-unsigned"
                };
                data.i18n
                    .msg(l, &Msg::new(id).arg("user", m.user_id.mention()))
            })
            .collect::<Vec<_>>()
            .join(" · ");
        let last = match p.last_held {
            Some(at) => fmt_instant(at),
            None => data.i18n.text(l, "never"),
        };
        lines.push(
            data.i18n.msg(
                l,
                &Msg::new("pair-line")
                    .arg("id", p.pair_id.0)
                    .arg("status", status_name(data, l, p.status))
                    .arg("members", members)
                    .arg("last", last),
            ),
        );
    }
    lines.join("\n")
}

fn render_privacy(
    data: &Data,
    l: Locale,
    v: &ParticipantView,
    attendance: Option<&crate::app::participants::MyAttendance>,
) -> String {
    let i18n = &data.i18n;
    let none = i18n.text(l, "none");
    let themes = if v.themes.is_empty() {
        none.clone()
    } else {
        v.themes.join(", ")
    };
    let mut lines = vec![
        i18n.text(l, "privacy-intro"),
        i18n.msg(
            l,
            &Msg::new("privacy-role").arg("role", role_name(data, l, v.role)),
        ),
        i18n.msg(
            l,
            &Msg::new("privacy-company").arg("company", v.company.as_str()),
        ),
        i18n.msg(l, &Msg::new("privacy-themes").arg("themes", themes)),
        i18n.msg(
            l,
            &Msg::new("privacy-enrolled").arg("date", fmt_instant(v.enrolled_at)),
        ),
    ];
    match &v.pair {
        Some(p) => {
            let partners = p
                .partners
                .iter()
                .map(|u| u.mention())
                .collect::<Vec<_>>()
                .join(", ");
            lines.push(
                i18n.msg(
                    l,
                    &Msg::new("privacy-pair")
                        .arg("id", p.pair_id.0)
                        .arg("status", status_name(data, l, p.status))
                        .arg("partners", partners),
                ),
            );
            let signed = match p.charter_signed_at {
                Some(at) => fmt_instant(at),
                None => i18n.text(l, "no"),
            };
            lines.push(i18n.msg(l, &Msg::new("privacy-charter").arg("signed", signed)));
        }
        None => lines.push(i18n.text(l, "privacy-no-pair")),
    }
    if let Some(a) = attendance {
        lines.extend(render_my_attendance(data, l, a));
    }
    lines.push(i18n.text(l, "privacy-never"));
    lines.join("\n")
}

/// The attendance rows the coordinator has about this participant, in the same terms.
fn render_my_attendance(
    data: &Data,
    l: Locale,
    a: &crate::app::participants::MyAttendance,
) -> Vec<String> {
    let i18n = &data.i18n;
    let mut lines = Vec::new();
    if let Some(pair) = &a.pair {
        lines.push(
            i18n.msg(
                l,
                &Msg::new("privacy-meetings")
                    .arg("grid", super::reports::grid(pair, a.months_elapsed))
                    .arg(
                        "last",
                        pair.last_held
                            .map_or_else(|| i18n.text(l, "never"), fmt_instant),
                    ),
            ),
        );
        if let Some(set) = pair.objective_set {
            let set = i18n.text(l, if set { "yes" } else { "no" });
            lines.push(i18n.msg(l, &Msg::new("privacy-objective").arg("set", set)));
        }
    }
    if let Some(me) = &a.me {
        let sessions = match me.sessions_attended {
            Some(n) => format!("{n}/{}", a.sessions_held),
            None => i18n.text(l, "none"),
        };
        lines.push(i18n.msg(l, &Msg::new("privacy-sessions").arg("sessions", sessions)));
        let follow_up = me
            .last_follow_up
            .map_or_else(|| i18n.text(l, "never"), |d| fmt_date(l, d));
        lines.push(i18n.msg(l, &Msg::new("privacy-followup").arg("date", follow_up)));
    }
    for t in &a.tripartites {
        lines.push(
            i18n.msg(
                l,
                &Msg::new("privacy-tripartite")
                    .arg("when", fmt_instant(t.starts_at))
                    .arg("status", t.status.as_str()),
            ),
        );
    }
    lines
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
