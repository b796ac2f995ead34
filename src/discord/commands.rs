//! The registry of slash commands. Each command lives in its feature module (parse → app call
//! → render); authorisation is decided in `app`, for every command.

use super::data::Data;
use super::error::BotError;
use super::{
    access, audit, followups, join, matching, meetings, objectives, pairs, participants, privacy,
    programmes, reports, sessions, setup, tripartite,
};

/// Every command binome registers, each carrying its access level (`access::COMMAND_ACCESS`).
pub fn all() -> Vec<poise::Command<Data, BotError>> {
    let mut commands = vec![
        setup::setup(),
        programmes::programme(),
        participants::participant(),
        join::join(),
        pairs::pair(),
        matching::matching(),
        privacy::privacy(),
        meetings::meeting(),
        meetings::posture(),
        objectives::objective(),
        reports::attendance(),
        reports::report(),
        followups::followup(),
        tripartite::tripartite(),
        sessions::session(),
        audit::audit(),
    ];
    access::apply(&mut commands);
    commands
}

// The checks over every registered command live here, next to the registry, so that no
// module `commands` imports has to import it back.
#[cfg(test)]
mod tests {
    use super::all;

    /// Who may run each command (`access`).
    mod access {
        use super::all;
        use crate::discord::access::*;
        use crate::domain::access::Access;
        use poise::serenity_prelude as serenity;

        #[test]
        fn every_registered_command_declares_who_may_run_it_and_the_table_has_no_stale_row() {
            let commands = all();
            let paths = leaf_paths(&commands);
            let missing: Vec<&String> = paths.iter().filter(|p| access_of(p).is_none()).collect();
            assert!(
                missing.is_empty(),
                "commands without an access level: {missing:?}"
            );
            let stale: Vec<&str> = COMMAND_ACCESS
                .iter()
                .map(|(p, _)| *p)
                .filter(|p| !paths.iter().any(|q| q == p))
                .collect();
            assert!(stale.is_empty(), "access rows for no command: {stale:?}");
        }

        #[test]
        fn the_access_level_is_data_on_each_command_and_server_manager_commands_need_manage_guild()
        {
            let commands = all();
            for c in &commands {
                let access = declared(c);
                let expected = access
                    .and_then(default_member_permissions)
                    .unwrap_or_else(serenity::Permissions::empty);
                assert_eq!(c.default_member_permissions, expected, "/{}", c.name);
            }
            let setup = commands.iter().find(|c| c.name == "setup").unwrap();
            assert_eq!(declared(setup), Some(Access::ServerManager));
            assert_eq!(
                setup.default_member_permissions,
                serenity::Permissions::MANAGE_GUILD
            );
            let session = commands.iter().find(|c| c.name == "session").unwrap();
            assert_eq!(declared(session), Some(Access::Coordinator));
        }

        #[test]
        fn the_readme_lists_every_command_with_who_may_run_it() {
            let i18n = crate::i18n::I18n::load().unwrap();
            let table = markdown_table(&i18n);
            let readme = include_str!("../../README.md");
            assert!(
                readme.contains(&table),
                "README's table of commands is stale; replace it with:\n{table}"
            );
        }
    }

    /// Names and descriptions in French and English (`localize`).
    mod localize {
        use super::all;
        use crate::discord::data::Data;
        use crate::discord::error::BotError;
        use crate::discord::localize::apply;
        use crate::i18n::I18n;

        fn all_localized() -> Vec<poise::Command<Data, BotError>> {
            let i18n = I18n::load().unwrap();
            let mut commands = all();
            apply(&mut commands, &i18n);
            commands
        }

        fn walk(c: &poise::Command<Data, BotError>, out: &mut Vec<String>) {
            let has_fr_desc = c
                .description
                .as_deref()
                .is_some_and(|d| !d.is_empty() && d.len() <= 100);
            let has_en_desc = c
                .description_localizations
                .iter()
                .any(|(l, _)| l == "en-US");
            if !has_fr_desc || !has_en_desc {
                out.push(format!("command {}", c.name));
            }
            for p in &c.parameters {
                let ok = p
                    .description
                    .as_deref()
                    .is_some_and(|d| !d.is_empty() && d.len() <= 100)
                    && p.description_localizations
                        .iter()
                        .any(|(l, _)| l == "en-US");
                if !ok {
                    out.push(format!("option {} of {}", p.name, c.name));
                }
            }
            for s in &c.subcommands {
                walk(s, out);
            }
        }

        #[test]
        fn every_command_and_option_has_a_french_and_an_english_description() {
            let mut missing = Vec::new();
            for c in &all_localized() {
                walk(c, &mut missing);
            }
            assert!(missing.is_empty(), "missing translations: {missing:?}");
        }

        #[test]
        fn names_are_valid_discord_names_in_french() {
            fn check(c: &poise::Command<Data, BotError>, bad: &mut Vec<String>) {
                let names = c
                    .name_localizations
                    .iter()
                    .map(|(_, n)| n.to_string())
                    .chain([c.name.to_string()]);
                let params = c.parameters.iter().flat_map(|p| {
                    p.name_localizations
                        .iter()
                        .map(|(_, n)| n.to_string())
                        .chain([p.name.to_string()])
                });
                for n in names.chain(params) {
                    let ok = (1..=32).contains(&n.chars().count())
                        && n.chars().all(|ch| {
                            ch == '-' || ch == '_' || (ch.is_alphanumeric() && !ch.is_uppercase())
                        });
                    if !ok {
                        bad.push(n);
                    }
                }
                for s in &c.subcommands {
                    check(s, bad);
                }
            }
            let mut bad = Vec::new();
            for c in &all_localized() {
                check(c, &mut bad);
            }
            assert!(bad.is_empty(), "invalid names: {bad:?}");
            let pair = all_localized()
                .into_iter()
                .find(|c| c.name == "pair")
                .unwrap();
            assert!(pair
                .name_localizations
                .iter()
                .any(|(l, n)| l == "fr" && n == "binôme"));
        }
    }
}
