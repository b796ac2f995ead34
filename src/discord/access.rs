//! The permission level of every command, as data: one row per command path (`"session
//! cancel"`). `commands::all()` mirrors it into Discord's `default_member_permissions` and
//! stores it in each command's `custom_data`; the use cases in `app` enforce it server-side.
//! A command missing from this table fails the unit tests below and the end-to-end access
//! test, and the README's table of commands is checked against it.

use super::data::Data;
use super::error::BotError;
use crate::domain::access::Access;
use poise::serenity_prelude as serenity;

/// Every command and subcommand binome registers, by its English path, with who may run it.
pub const COMMAND_ACCESS: &[(&str, Access)] = &[
    ("setup", Access::ServerManager),
    ("programme create", Access::Coordinator),
    ("programme status", Access::Coordinator),
    ("programme close", Access::Coordinator),
    ("participant add", Access::Coordinator),
    ("participant import", Access::Coordinator),
    ("participant list", Access::Coordinator),
    ("participant remove", Access::Coordinator),
    ("participant approve", Access::Coordinator),
    ("participant refuse", Access::Coordinator),
    ("join", Access::Anyone),
    ("pair create", Access::Coordinator),
    ("pair list", Access::Coordinator),
    ("match suggest", Access::Coordinator),
    ("match move", Access::Coordinator),
    ("match confirm", Access::Coordinator),
    ("privacy", Access::Anyone),
    ("meeting schedule", Access::PairMember),
    ("meeting list", Access::PairMember),
    ("meeting cancel", Access::PairMember),
    ("meeting done", Access::PairMember),
    ("posture", Access::Participant),
    ("objective", Access::PairMember),
    ("attendance", Access::Coordinator),
    ("report csv", Access::Coordinator),
    ("report chart", Access::Coordinator),
    ("followup log", Access::Coordinator),
    ("followup due", Access::Coordinator),
    ("tripartite propose", Access::Coordinator),
    ("tripartite list", Access::Coordinator),
    ("session add", Access::Coordinator),
    ("session list", Access::Coordinator),
    ("session cancel", Access::Coordinator),
    ("session attendance", Access::Coordinator),
    ("audit", Access::Coordinator),
];

/// Who may run the command at `path` ("session cancel"); `None` for an unknown path.
pub fn access_of(path: &str) -> Option<Access> {
    COMMAND_ACCESS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, a)| *a)
}

/// Discord's own gate for a level, where Discord has one: it hides the command from members
/// who could not run it. Coordinators are a role binome knows, not a Discord permission.
pub fn default_member_permissions(access: Access) -> Option<serenity::Permissions> {
    match access {
        Access::ServerManager => Some(serenity::Permissions::MANAGE_GUILD),
        _ => None,
    }
}

/// Stores each command's access in its `custom_data` and sets `default_member_permissions`
/// of top-level commands whose every leaf needs the same Discord permission (Discord reads
/// that field on top-level commands only).
pub fn apply(commands: &mut [poise::Command<Data, BotError>]) {
    for command in commands {
        apply_one(command, "");
    }
}

fn apply_one(command: &mut poise::Command<Data, BotError>, parent: &str) -> Vec<Access> {
    let path = if parent.is_empty() {
        command.name.to_string()
    } else {
        format!("{parent} {}", command.name)
    };
    let leaves: Vec<Access> = if command.subcommands.is_empty() {
        // A command missing from the table runs with no declared level; the tests fail.
        access_of(&path).into_iter().collect()
    } else {
        command
            .subcommands
            .iter_mut()
            .flat_map(|sub| apply_one(sub, &path))
            .collect()
    };
    if let [first, rest @ ..] = leaves.as_slice() {
        if rest.iter().all(|a| a == first) {
            command.custom_data = Box::new(*first);
            if parent.is_empty() {
                if let Some(p) = default_member_permissions(*first) {
                    command.default_member_permissions = p;
                }
            }
        }
    }
    leaves
}

/// The access declared on a command by [`apply`], if its leaves agree on one.
pub fn declared(command: &poise::Command<Data, BotError>) -> Option<Access> {
    command.custom_data.downcast_ref::<Access>().copied()
}

/// Every leaf command path of `commands` ("session cancel"), in registration order.
pub fn leaf_paths(commands: &[poise::Command<Data, BotError>]) -> Vec<String> {
    fn walk(c: &poise::Command<Data, BotError>, parent: &str, out: &mut Vec<String>) {
        let path = if parent.is_empty() {
            c.name.to_string()
        } else {
            format!("{parent} {}", c.name)
        };
        if c.subcommands.is_empty() {
            out.push(path);
        } else {
            for sub in &c.subcommands {
                walk(sub, &path, out);
            }
        }
    }
    let mut out = Vec::new();
    for c in commands {
        walk(c, "", &mut out);
    }
    out
}

/// The README's table of commands, generated from [`COMMAND_ACCESS`] and the Fluent names.
pub fn markdown_table(i18n: &crate::i18n::I18n) -> String {
    use crate::domain::Locale;
    let mut out = String::from(
        "| commande | command | qui peut la lancer | who may run it |\n|---|---|---|---|\n",
    );
    for (path, access) in COMMAND_ACCESS {
        let mut key = String::from("cmd");
        let mut french = Vec::new();
        for part in path.split(' ') {
            key = format!("{key}-{part}");
            french.push(
                i18n.exact(Locale::Fr, &key, None)
                    .unwrap_or_else(|| part.to_string()),
            );
        }
        out.push_str(&format!(
            "| `/{}` | `/{path}` | {} | {} |\n",
            french.join(" "),
            i18n.exact(Locale::Fr, access.label_id(), None)
                .unwrap_or_default(),
            i18n.exact(Locale::En, access.label_id(), None)
                .unwrap_or_default(),
        ));
    }
    out
}
