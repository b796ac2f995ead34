//! Where pair channels go. Discord allows 50 channels per category and 500 per server, so
//! pair channels fill categories « Binômes 1 », « Binômes 2 »… created as needed.

use super::{ChannelId, GuildId, RoleId, UserId};

pub const MAX_PER_CATEGORY: usize = 50;
pub const MAX_PER_GUILD: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryInfo {
    pub id: ChannelId,
    pub name: String,
    pub children: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryChoice {
    Use(ChannelId),
    Create { name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuildFull {
    pub limit: usize,
}

/// Picks the first pair category with room, or names the next one to create.
/// `total_channels` counts every channel of the server, categories included.
pub fn choose_pair_category(
    prefix: &str,
    categories: &[CategoryInfo],
    total_channels: usize,
) -> Result<CategoryChoice, GuildFull> {
    let numbered =
        |c: &CategoryInfo| -> Option<u32> { c.name.strip_prefix(prefix)?.trim().parse().ok() };
    let mut ours: Vec<(u32, &CategoryInfo)> = categories
        .iter()
        .filter_map(|c| numbered(c).map(|n| (n, c)))
        .collect();
    ours.sort_by_key(|(n, _)| *n);
    if let Some((_, c)) = ours.iter().find(|(_, c)| c.children < MAX_PER_CATEGORY) {
        if total_channels < MAX_PER_GUILD {
            return Ok(CategoryChoice::Use(c.id));
        }
        return Err(GuildFull {
            limit: MAX_PER_GUILD,
        });
    }
    // A new category and the channel itself: two more channels.
    if total_channels + 2 > MAX_PER_GUILD {
        return Err(GuildFull {
            limit: MAX_PER_GUILD,
        });
    }
    let next = ours.last().map_or(1, |(n, _)| n + 1);
    Ok(CategoryChoice::Create {
        name: format!("{prefix} {next}"),
    })
}

/// Discord permission bits the pair channel rule speaks of (values from Discord's API).
pub mod perm {
    pub const VIEW_CHANNEL: u64 = 1 << 10;
    pub const SEND_MESSAGES: u64 = 1 << 11;
    pub const EMBED_LINKS: u64 = 1 << 14;
    pub const ATTACH_FILES: u64 = 1 << 15;
    pub const READ_MESSAGE_HISTORY: u64 = 1 << 16;
    /// Pin and unpin messages: split from Manage Messages by Discord in 2026; Manage
    /// Messages alone no longer lets a bot pin.
    pub const PIN_MESSAGES: u64 = 1 << 51;
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const MANAGE_CHANNELS: u64 = 1 << 4;
    pub const MANAGE_ROLES: u64 = 1 << 28;
    pub const MANAGE_EVENTS: u64 = 1 << 33;
    pub const CREATE_EVENTS: u64 = 1 << 44;
    /// What each pair member may do in their channel.
    pub const MEMBER_ALLOW: u64 =
        VIEW_CHANNEL | SEND_MESSAGES | READ_MESSAGE_HISTORY | ATTACH_FILES;
    /// What the bot needs in a pair channel: post, never read history.
    pub const BOT_ALLOW: u64 = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS;
    /// In a pair channel the bot also pins the mentee's objective (Discord asks Pin
    /// Messages).
    pub const BOT_PAIR_ALLOW: u64 = BOT_ALLOW | PIN_MESSAGES;
    /// What the bot is denied in a pair channel: reading its history. Posting, pinning the
    /// message it just posted, editing its own messages and answering interactions need no
    /// history, so even with the Message Content intent switched on in the developer portal
    /// the bot could not read what the pair writes there.
    pub const BOT_PAIR_DENY: u64 = READ_MESSAGE_HISTORY;
}

/// Whom a channel overwrite applies to (a role, `@everyone` being the role with the server's
/// id, or a member).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OverwriteTarget {
    Role(u64),
    Member(u64),
}

impl OverwriteTarget {
    pub fn id(self) -> u64 {
        match self {
            Self::Role(id) | Self::Member(id) => id,
        }
    }
}

/// One permission overwrite, in Discord's permission bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverwriteRule {
    pub target: OverwriteTarget,
    pub allow: u64,
    pub deny: u64,
}

/// The overwrites a pair channel must carry: `@everyone` denied View; each member allowed
/// to view, write, read the history and attach files; the coordinator role explicitly denied
/// View (so a coordinator who also holds a broad role still cannot look in); the bot allowed
/// to post.
pub fn expected_pair_overwrites(
    guild: GuildId,
    members: &[UserId],
    coordinator_role: RoleId,
    bot: UserId,
) -> Vec<OverwriteRule> {
    let mut out = vec![OverwriteRule {
        target: OverwriteTarget::Role(guild.0),
        allow: 0,
        deny: perm::VIEW_CHANNEL,
    }];
    out.extend(members.iter().map(|m| OverwriteRule {
        target: OverwriteTarget::Member(m.0),
        allow: perm::MEMBER_ALLOW,
        deny: 0,
    }));
    out.push(OverwriteRule {
        target: OverwriteTarget::Role(coordinator_role.0),
        allow: 0,
        deny: perm::VIEW_CHANNEL,
    });
    out.push(OverwriteRule {
        target: OverwriteTarget::Member(bot.0),
        allow: perm::BOT_PAIR_ALLOW,
        deny: perm::BOT_PAIR_DENY,
    });
    out
}

/// What a circle's role opens: see and write.
pub const CIRCLE_MEMBER_ALLOW: u64 = perm::VIEW_CHANNEL | perm::SEND_MESSAGES;

/// The overwrites a circle channel must carry, whatever its size: `@everyone` denied View;
/// the circle's role allowed to view and write; the coordinator role allowed to view; the bot
/// allowed to post. Participants hold the circle's role, never an overwrite of their own
/// (Discord caps a channel at 100 overwrites). Beside [`expected_pair_overwrites`]: the two
/// rules of who sees what on the server.
pub fn expected_circle_overwrites(
    guild: GuildId,
    circle_role: RoleId,
    coordinator_role: RoleId,
    bot: UserId,
) -> Vec<OverwriteRule> {
    vec![
        OverwriteRule {
            target: OverwriteTarget::Role(guild.0),
            allow: 0,
            deny: perm::VIEW_CHANNEL,
        },
        OverwriteRule {
            target: OverwriteTarget::Role(circle_role.0),
            allow: CIRCLE_MEMBER_ALLOW,
            deny: 0,
        },
        OverwriteRule {
            target: OverwriteTarget::Role(coordinator_role.0),
            allow: perm::VIEW_CHANNEL,
            deny: 0,
        },
        OverwriteRule {
            target: OverwriteTarget::Member(bot.0),
            allow: perm::BOT_ALLOW,
            deny: 0,
        },
    ]
}

/// What is wrong with a circle channel: the expected overwrites it lacks (or carries
/// differently), and the overwrites that let someone else view it. Deny-only overwrites set
/// by someone else are left alone.
pub fn circle_drift(expected: &[OverwriteRule], actual: &[OverwriteRule]) -> Vec<Fix> {
    let mut out: Vec<Fix> = expected
        .iter()
        .filter(|e| {
            !actual.iter().any(|a| {
                a.target == e.target
                    && a.allow & e.allow == e.allow
                    && a.deny & e.deny == e.deny
                    && a.allow & e.deny == 0
                    && a.deny & e.allow == 0
            })
        })
        .map(|e| Fix::Put(*e))
        .collect();
    out.extend(
        actual
            .iter()
            .filter(|a| a.allow & perm::VIEW_CHANNEL != 0)
            .filter(|a| !expected.iter().any(|e| e.target == a.target))
            .map(|a| Fix::Remove(a.target)),
    );
    out
}

/// What has drifted on a pair channel since the bot set it up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drift {
    /// A pair member can no longer view, write, read the history or attach files.
    MemberAccessMissing(OverwriteTarget),
    /// Someone outside the pair (member or role) is allowed to view the channel.
    OutsiderCanView(OverwriteTarget),
    /// `@everyone` is no longer denied View.
    EveryoneNotDenied,
    /// The coordinator role is no longer explicitly denied View.
    CoordinatorNotDenied,
    /// The bot's own overwrite drifted: it can no longer post or pin, or it is no longer
    /// denied the channel's history.
    BotCannotPost,
}

/// How to undo one drift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Put this overwrite back as expected.
    Put(OverwriteRule),
    /// Remove this overwrite (it lets an outsider view the channel).
    Remove(OverwriteTarget),
}

impl Drift {
    /// The repair for this drift, given the expected overwrites it was found against.
    pub fn fix(self, expected: &[OverwriteRule]) -> Option<Fix> {
        let put = |target: OverwriteTarget| {
            expected
                .iter()
                .find(|r| r.target == target)
                .map(|r| Fix::Put(*r))
        };
        match self {
            Self::OutsiderCanView(t) => Some(Fix::Remove(t)),
            Self::MemberAccessMissing(t) => put(t),
            // The first expected overwrite is @everyone's, then the members, the coordinator
            // role and the bot, in that order.
            Self::EveryoneNotDenied => expected.first().map(|r| Fix::Put(*r)),
            Self::CoordinatorNotDenied => expected.iter().rev().nth(1).map(|r| Fix::Put(*r)),
            Self::BotCannotPost => expected.last().map(|r| Fix::Put(*r)),
        }
    }
}

/// Compares a channel's overwrites with the expected ones (built by
/// [`expected_pair_overwrites`]). Overwrites that grant nothing to outsiders (deny-only ones
/// set by someone else, say) are not drift and are left alone.
pub fn diff(expected: &[OverwriteRule], actual: &[OverwriteRule]) -> Vec<Drift> {
    let find = |t: OverwriteTarget| actual.iter().find(|r| r.target == t);
    let grants = |t: OverwriteTarget, bits: u64| {
        find(t).is_some_and(|r| r.allow & bits == bits && r.deny & bits == 0)
    };
    let denies_view = |t: OverwriteTarget| {
        find(t)
            .is_some_and(|r| r.deny & perm::VIEW_CHANNEL != 0 && r.allow & perm::VIEW_CHANNEL == 0)
    };
    let Some((everyone, rest)) = expected.split_first() else {
        return Vec::new();
    };
    let Some((bot, rest)) = rest.split_last() else {
        return Vec::new();
    };
    let Some((coordinator, members)) = rest.split_last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !denies_view(everyone.target) {
        out.push(Drift::EveryoneNotDenied);
    }
    for m in members {
        if !grants(m.target, m.allow) {
            out.push(Drift::MemberAccessMissing(m.target));
        }
    }
    if !denies_view(coordinator.target) {
        out.push(Drift::CoordinatorNotDenied);
    }
    let bot_denied = |t: OverwriteTarget, bits: u64| {
        find(t).is_some_and(|r| r.deny & bits == bits && r.allow & bits == 0)
    };
    if !grants(bot.target, bot.allow) || !bot_denied(bot.target, bot.deny) {
        out.push(Drift::BotCannotPost);
    }
    for r in actual {
        let known = expected.iter().any(|e| e.target == r.target);
        if !known && r.allow & perm::VIEW_CHANNEL != 0 {
            out.push(Drift::OutsiderCanView(r.target));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: GuildId = GuildId(1);
    const COORD: RoleId = RoleId(2);
    const BOT: UserId = UserId(3);
    const BOB: UserId = UserId(10);
    const CAROL: UserId = UserId(11);

    fn expected() -> Vec<OverwriteRule> {
        expected_pair_overwrites(GUILD, &[BOB, CAROL], COORD, BOT)
    }

    #[test]
    fn a_channel_set_up_by_the_bot_has_no_drift() {
        assert!(diff(&expected(), &expected()).is_empty());
    }

    #[test]
    fn the_rule_is_private_to_members_denies_the_coordinator_and_lets_the_bot_post() {
        let e = expected();
        assert_eq!(e.len(), 5);
        assert_eq!(e[0].target, OverwriteTarget::Role(1));
        assert_eq!(e[0].deny, perm::VIEW_CHANNEL);
        assert_eq!(e[1].allow, perm::MEMBER_ALLOW);
        assert_eq!(e[3].target, OverwriteTarget::Role(2));
        assert_eq!(e[3].deny, perm::VIEW_CHANNEL);
        assert_eq!(e[4].allow & perm::READ_MESSAGE_HISTORY, 0);
        assert_eq!(e[4].allow & perm::SEND_MESSAGES, perm::SEND_MESSAGES);
    }

    #[test]
    fn the_bot_may_pin_but_never_read_a_pair_channel_history() {
        let bot = expected()[4];
        assert_eq!(bot.target, OverwriteTarget::Member(BOT.0));
        assert_eq!(bot.allow & perm::PIN_MESSAGES, perm::PIN_MESSAGES);
        assert_eq!(
            bot.allow & (1 << 13),
            0,
            "Manage Messages is no longer asked for"
        );
        assert_eq!(bot.deny, perm::READ_MESSAGE_HISTORY);
        // An overwrite that lets the bot read history again, or lost the pin, is drift.
        for drifted in [
            OverwriteRule { deny: 0, ..bot },
            OverwriteRule {
                allow: perm::BOT_ALLOW,
                ..bot
            },
        ] {
            let mut actual = expected();
            actual[4] = drifted;
            assert_eq!(diff(&expected(), &actual), vec![Drift::BotCannotPost]);
            assert_eq!(Drift::BotCannotPost.fix(&expected()), Some(Fix::Put(bot)));
        }
    }

    #[test]
    fn an_outsider_allowed_view_and_a_lifted_coordinator_deny_are_both_drift() {
        let mut actual: Vec<_> = expected()
            .into_iter()
            .filter(|r| r.target != OverwriteTarget::Role(2))
            .collect();
        actual.push(OverwriteRule {
            target: OverwriteTarget::Member(99),
            allow: perm::VIEW_CHANNEL,
            deny: 0,
        });
        let drift = diff(&expected(), &actual);
        assert_eq!(
            drift,
            vec![
                Drift::CoordinatorNotDenied,
                Drift::OutsiderCanView(OverwriteTarget::Member(99))
            ]
        );
        let fixes: Vec<_> = drift.iter().filter_map(|d| d.fix(&expected())).collect();
        assert_eq!(
            fixes,
            vec![
                Fix::Put(expected()[3]),
                Fix::Remove(OverwriteTarget::Member(99))
            ]
        );
    }

    #[test]
    fn unrelated_deny_only_overwrites_are_left_alone() {
        let mut actual = expected();
        actual.push(OverwriteRule {
            target: OverwriteTarget::Role(77),
            allow: 0,
            deny: perm::SEND_MESSAGES,
        });
        assert!(diff(&expected(), &actual).is_empty());
    }

    #[test]
    fn a_member_losing_access_everyone_allowed_and_a_muted_bot_are_drift() {
        let mut actual = expected();
        actual[0].deny = 0;
        actual[0].allow = perm::VIEW_CHANNEL;
        actual[2].deny = perm::SEND_MESSAGES;
        actual.pop();
        let drift = diff(&expected(), &actual);
        assert_eq!(
            drift,
            vec![
                Drift::EveryoneNotDenied,
                Drift::MemberAccessMissing(OverwriteTarget::Member(11)),
                Drift::BotCannotPost
            ]
        );
        assert_eq!(
            Drift::BotCannotPost.fix(&expected()),
            Some(Fix::Put(expected()[4]))
        );
        assert_eq!(
            Drift::EveryoneNotDenied.fix(&expected()),
            Some(Fix::Put(expected()[0]))
        );
    }

    fn cat(id: u64, name: &str, children: usize) -> CategoryInfo {
        CategoryInfo {
            id: ChannelId(id),
            name: name.into(),
            children,
        }
    }

    #[test]
    fn first_pair_creates_binomes_1() {
        assert_eq!(
            choose_pair_category("Binômes", &[cat(1, "Général", 3)], 4),
            Ok(CategoryChoice::Create {
                name: "Binômes 1".into()
            })
        );
    }

    #[test]
    fn a_category_with_room_is_reused() {
        let cats = [cat(1, "Binômes 1", 50), cat(2, "Binômes 2", 12)];
        assert_eq!(
            choose_pair_category("Binômes", &cats, 70),
            Ok(CategoryChoice::Use(ChannelId(2)))
        );
    }

    #[test]
    fn the_51st_channel_opens_the_next_category() {
        let cats = [cat(1, "Binômes 1", 50)];
        assert_eq!(
            choose_pair_category("Binômes", &cats, 51),
            Ok(CategoryChoice::Create {
                name: "Binômes 2".into()
            })
        );
    }

    #[test]
    fn a_full_server_is_a_clear_error() {
        let cats = [cat(1, "Binômes 1", 50)];
        assert_eq!(
            choose_pair_category("Binômes", &cats, 499),
            Err(GuildFull { limit: 500 })
        );
        let cats = [cat(1, "Binômes 1", 10)];
        assert_eq!(
            choose_pair_category("Binômes", &cats, 500),
            Err(GuildFull { limit: 500 })
        );
        assert_eq!(
            choose_pair_category("Binômes", &cats, 499),
            Ok(CategoryChoice::Use(ChannelId(1)))
        );
    }

    #[test]
    fn a_circle_is_four_overwrites_and_a_member_overwrite_let_in_is_drift() {
        let e = expected_circle_overwrites(GUILD, RoleId(7), COORD, BOT);
        assert_eq!(e.len(), 4);
        assert!(circle_drift(&e, &e).is_empty());
        let mut actual = e.clone();
        actual[0].deny = 0;
        actual.push(OverwriteRule {
            target: OverwriteTarget::Member(BOB.0),
            allow: perm::VIEW_CHANNEL,
            deny: 0,
        });
        assert_eq!(
            circle_drift(&e, &actual),
            vec![Fix::Put(e[0]), Fix::Remove(OverwriteTarget::Member(BOB.0))]
        );
    }
}
