//! Pair channels on Discord: category choice, private overwrites, the charter message.

use super::data::Data;
use super::render;
use crate::app::ports::{ChannelError, CharterPost, PairChannelSpec, PairChannels};
use crate::domain::charter::sign_button_id;
use crate::domain::layout::{
    choose_pair_category, expected_pair_overwrites, CategoryChoice, CategoryInfo, GuildFull,
    OverwriteRule, OverwriteTarget,
};
use crate::domain::{ChannelId, GuildId, Locale, RoleId, UserId};
use crate::i18n::Msg;
use async_trait::async_trait;
use poise::serenity_prelude as serenity;
use std::collections::HashMap;

/// Discord permission bits as serenity's type, keeping the bits serenity 0.12 does not name
/// (Pin Messages, 1 << 51): `from_bits_truncate` would silently drop them.
pub fn permissions(bits: u64) -> serenity::Permissions {
    serenity::Permissions::from_bits_retain(bits)
}

/// The overwrites of a pair channel, as the domain rule (`expected_pair_overwrites`) says.
pub fn pair_overwrites(
    guild: serenity::GuildId,
    members: &[UserId],
    coordinator_role: serenity::RoleId,
    bot: serenity::UserId,
) -> Vec<serenity::PermissionOverwrite> {
    expected_pair_overwrites(
        GuildId(guild.get()),
        members,
        RoleId(coordinator_role.get()),
        UserId(bot.get()),
    )
    .iter()
    .map(to_serenity)
    .collect()
}

/// A domain overwrite in serenity's terms.
pub fn to_serenity(rule: &OverwriteRule) -> serenity::PermissionOverwrite {
    serenity::PermissionOverwrite {
        allow: permissions(rule.allow),
        deny: permissions(rule.deny),
        kind: match rule.target {
            OverwriteTarget::Role(id) => {
                serenity::PermissionOverwriteType::Role(serenity::RoleId::new(id))
            }
            OverwriteTarget::Member(id) => {
                serenity::PermissionOverwriteType::Member(serenity::UserId::new(id))
            }
        },
    }
}

/// A channel's overwrites from Discord's JSON (`permission_overwrites`), every bit kept.
/// serenity 0.12 truncates permissions it does not name when it parses them, so reading Pin
/// Messages back needs the raw JSON. Entries of an unknown kind are skipped.
pub fn overwrites_from_json(channel: &serde_json::Value) -> Vec<OverwriteRule> {
    let bits = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.parse().unwrap_or(0),
        v => v.as_u64().unwrap_or(0),
    };
    channel["permission_overwrites"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|o| {
                    let id = bits(&o["id"]);
                    let target = match o["type"].as_u64() {
                        Some(0) => OverwriteTarget::Role(id),
                        Some(1) => OverwriteTarget::Member(id),
                        _ => return None,
                    };
                    Some(OverwriteRule {
                        target,
                        allow: bits(&o["allow"]),
                        deny: bits(&o["deny"]),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

pub struct DiscordPairChannels<'a> {
    ctx: &'a serenity::Context,
    data: &'a Data,
    names: HashMap<UserId, String>,
}

impl<'a> DiscordPairChannels<'a> {
    pub fn new(ctx: &'a serenity::Context, data: &'a Data, names: HashMap<UserId, String>) -> Self {
        Self { ctx, data, names }
    }

    async fn category_for(
        &self,
        guild: serenity::GuildId,
    ) -> Result<serenity::ChannelId, ChannelError> {
        let outbound = &self.data.outbound;
        let channels = outbound
            .paced(guild.channels(&self.ctx.http))
            .await
            .map_err(discord_error)?;
        let categories: Vec<CategoryInfo> = channels
            .values()
            .filter(|c| c.kind == serenity::ChannelType::Category)
            .map(|c| CategoryInfo {
                id: ChannelId(c.id.get()),
                name: c.name.clone(),
                children: channels
                    .values()
                    .filter(|x| x.parent_id == Some(c.id))
                    .count(),
            })
            .collect();
        let prefix = &self.data.layout.pair_category_prefix;
        match choose_pair_category(prefix, &categories, channels.len()) {
            Ok(CategoryChoice::Use(id)) => Ok(serenity::ChannelId::new(id.0)),
            Ok(CategoryChoice::Create { name }) => {
                let category = outbound
                    .paced(guild.create_channel(
                        self.ctx,
                        serenity::CreateChannel::new(name).kind(serenity::ChannelType::Category),
                    ))
                    .await
                    .map_err(discord_error)?;
                tracing::info!(category = %category.id, "pair category created");
                Ok(category.id)
            }
            Err(GuildFull { limit }) => Err(ChannelError::GuildFull { limit }),
        }
    }
}

impl DiscordPairChannels<'_> {
    /// Each member's name for the channel's: as given (the users of the command), else their
    /// server display name (one paced look-up each), else « membre ».
    async fn display_names(&self, guild: serenity::GuildId, members: &[UserId]) -> Vec<String> {
        let mut out = Vec::with_capacity(members.len());
        for user in members {
            let name = match self.names.get(user) {
                Some(name) => Some(name.clone()),
                None => {
                    let lookup = guild.member(self.ctx, serenity::UserId::new(user.0));
                    match self.data.outbound.paced(lookup).await {
                        Ok(member) => Some(member.display_name().to_string()),
                        Err(e) => {
                            tracing::debug!(%user, error = %e, "name unknown for the channel");
                            None
                        }
                    }
                }
            };
            out.push(name.unwrap_or_else(|| "membre".to_owned()));
        }
        out
    }
}

#[async_trait]
impl PairChannels for DiscordPairChannels<'_> {
    async fn create_pair_channel(&self, spec: &PairChannelSpec) -> Result<ChannelId, ChannelError> {
        let guild = serenity::GuildId::new(spec.guild.0);
        let category = self.category_for(guild).await?;
        let names = self.display_names(guild, &spec.members).await;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let name = crate::domain::pair::channel_name(&self.data.layout.pair_channel_prefix, &names);
        let overwrites = pair_overwrites(
            guild,
            &spec.members,
            serenity::RoleId::new(spec.coordinator_role.0),
            self.ctx.cache.current_user().id,
        );
        let channel = self
            .data
            .outbound
            .paced(
                guild.create_channel(
                    self.ctx,
                    serenity::CreateChannel::new(name)
                        .kind(serenity::ChannelType::Text)
                        .category(category)
                        .permissions(overwrites),
                ),
            )
            .await
            .map_err(discord_error)?;
        Ok(ChannelId(channel.id.get()))
    }

    async fn channels_for_members(
        &self,
        spec: &PairChannelSpec,
    ) -> Result<Vec<ChannelId>, ChannelError> {
        let guild = serenity::GuildId::new(spec.guild.0);
        let bot = self.ctx.cache.current_user().id;
        let mut wanted: Vec<u64> = spec.members.iter().map(|u| u.0).collect();
        wanted.sort_unstable();
        let channels = self
            .data
            .outbound
            .paced(guild.channels(&self.ctx.http))
            .await
            .map_err(discord_error)?;
        let mut found: Vec<ChannelId> = channels
            .values()
            .filter(|c| c.kind == serenity::ChannelType::Text)
            .filter(|c| {
                let mut members: Vec<u64> = c
                    .permission_overwrites
                    .iter()
                    .filter_map(|o| match o.kind {
                        serenity::PermissionOverwriteType::Member(u) if u != bot => Some(u.get()),
                        _ => None,
                    })
                    .collect();
                members.sort_unstable();
                members == wanted
            })
            .map(|c| ChannelId(c.id.get()))
            .collect();
        found.sort_by_key(|c| c.0);
        Ok(found)
    }

    async fn delete_channel(&self, channel: ChannelId) -> Result<(), ChannelError> {
        self.data
            .outbound
            .paced(serenity::ChannelId::new(channel.0).delete(&self.ctx.http))
            .await
            .map_err(discord_error)?;
        Ok(())
    }

    async fn post_charter(&self, post: &CharterPost) -> Result<(), ChannelError> {
        let i18n = &self.data.i18n;
        let l = post.locale;
        let members = post
            .members
            .iter()
            .map(|u| render::mention(*u))
            .collect::<Vec<_>>()
            .join(", ");
        let welcome = i18n.msg(l, &Msg::new("pair-welcome").arg("members", members));
        let embed = serenity::CreateEmbed::new()
            .title(i18n.text(l, "charter-title"))
            .description(charter_text(l));
        let button = serenity::CreateButton::new(sign_button_id(post.pair))
            .label(i18n.text(l, "charter-button"))
            .style(serenity::ButtonStyle::Success);
        let message = serenity::CreateMessage::new()
            .content(welcome)
            .embed(embed)
            .components(vec![serenity::CreateActionRow::Buttons(vec![button])])
            .allowed_mentions(
                serenity::CreateAllowedMentions::new()
                    .users(post.members.iter().map(|u| serenity::UserId::new(u.0))),
            );
        self.data
            .outbound
            .post(
                serenity::ChannelId::new(post.channel.0),
                message,
                &format!("charter{}", post.pair.0 % 10_000_000_000),
            )
            .await
            .map_err(delivery_error)?;
        Ok(())
    }
}

/// Discord's refusals, in terms the coordinator can act on.
pub fn discord_error(e: serenity::Error) -> ChannelError {
    use serenity::{Error, HttpError, ModelError};
    match &e {
        Error::Model(ModelError::InvalidPermissions { .. }) => ChannelError::MissingPermissions,
        Error::Http(HttpError::UnsuccessfulRequest(resp)) => match resp.error.code {
            30013 => ChannelError::GuildFull {
                limit: crate::domain::layout::MAX_PER_GUILD,
            },
            50001 | 50013 => ChannelError::MissingPermissions,
            _ if resp.status_code.is_client_error() => {
                ChannelError::Refused(resp.error.message.clone())
            }
            _ => ChannelError::Other(anyhow::Error::new(e)),
        },
        _ => ChannelError::Other(anyhow::Error::new(e)),
    }
}

/// Discord's refusal of a bot post, in terms the caller can act on.
pub(crate) fn delivery_error(e: super::outbound::DeliveryError) -> ChannelError {
    use super::outbound::DeliveryError;
    match e {
        DeliveryError::Refused {
            code: 50001 | 50013,
            ..
        } => ChannelError::MissingPermissions,
        DeliveryError::Refused { message, .. } => ChannelError::Refused(message),
        other => ChannelError::Other(anyhow::Error::new(other)),
    }
}

/// The charter compiled into the binary, per locale.
pub fn charter_text(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => include_str!("../../config/charter.fr.md"),
        Locale::En => include_str!("../../config/charter.en.md"),
    }
}
