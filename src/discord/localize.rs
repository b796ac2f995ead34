//! Command names and descriptions from the Fluent files: English base names (in code), French
//! name localisations, French base descriptions (the default language) and English ones for
//! English clients. Keys: `cmd-<command>[-<subcommand>]`, attributes `description`, `<option>`
//! and `<option>-description`; choices `choice-<name>`.

use super::data::Data;
use super::error::BotError;
use crate::domain::Locale;
use crate::i18n::I18n;
use std::borrow::Cow;

const ENGLISH_TAGS: [&str; 2] = ["en-US", "en-GB"];

pub fn apply(commands: &mut [poise::Command<Data, BotError>], i18n: &I18n) {
    for command in commands {
        apply_one(command, "cmd", i18n);
    }
}

fn apply_one(command: &mut poise::Command<Data, BotError>, parent: &str, i18n: &I18n) {
    let key = format!("{parent}-{}", command.name);
    if let Some(fr) = i18n.exact(Locale::Fr, &key, None) {
        if fr != command.name {
            command
                .name_localizations
                .to_mut()
                .push(("fr".into(), fr.into()));
        }
    }
    if let Some(desc) = i18n.exact(Locale::Fr, &key, Some("description")) {
        command.description = Some(desc.into());
    }
    if let Some(desc) = i18n.exact(Locale::En, &key, Some("description")) {
        for tag in ENGLISH_TAGS {
            command
                .description_localizations
                .to_mut()
                .push((tag.into(), desc.clone().into()));
        }
    }
    for param in &mut command.parameters {
        apply_param(param, &key, i18n);
    }
    for sub in &mut command.subcommands {
        apply_one(sub, &key, i18n);
    }
}

/// A parameter's French name, its descriptions, and its choices' names.
fn apply_param(param: &mut poise::CommandParameter<Data, BotError>, key: &str, i18n: &I18n) {
    let name = param.name.to_string();
    if let Some(fr) = i18n.exact(Locale::Fr, key, Some(&name)) {
        if fr != name {
            param
                .name_localizations
                .to_mut()
                .push(("fr".into(), fr.into()));
        }
    }
    let desc_attr = format!("{name}-description");
    if let Some(desc) = i18n.exact(Locale::Fr, key, Some(&desc_attr)) {
        param.description = Some(desc.into());
    }
    if let Some(desc) = i18n.exact(Locale::En, key, Some(&desc_attr)) {
        for tag in ENGLISH_TAGS {
            param
                .description_localizations
                .to_mut()
                .push((tag.into(), desc.clone().into()));
        }
    }
    for choice in param.choices.to_mut().iter_mut() {
        let choice_key = format!("choice-{}", choice.name);
        if let Some(fr) = i18n.exact(Locale::Fr, &choice_key, None) {
            choice.name = Cow::Owned(fr);
        }
        if let Some(en) = i18n.exact(Locale::En, &choice_key, None) {
            for tag in ENGLISH_TAGS {
                choice
                    .localizations
                    .to_mut()
                    .push((tag.into(), en.clone().into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_localized() -> Vec<poise::Command<Data, BotError>> {
        let i18n = I18n::load().unwrap();
        let mut commands = super::super::commands::all();
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
