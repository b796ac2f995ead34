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
