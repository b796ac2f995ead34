//! Fluent bundles. French is the default locale, English the second. The `.ftl` files are
//! compiled in, so a release binary cannot miss its translations.

use crate::domain::{Locale, UserId};
use chrono::{DateTime, Utc};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::borrow::Cow;

/// Each locale is several files, one per feature, so features grow without touching each other.
const FR: &[&str] = &[
    include_str!("fr.ftl"),
    include_str!("fr.sessions.ftl"),
    include_str!("fr.followups.ftl"),
    include_str!("fr.reports.ftl"),
    include_str!("fr.audit.ftl"),
    include_str!("fr.objectives.ftl"),
    include_str!("fr.views.ftl"),
    include_str!("fr.matching.ftl"),
    include_str!("fr.join.ftl"),
];
const EN: &[&str] = &[
    include_str!("en.ftl"),
    include_str!("en.sessions.ftl"),
    include_str!("en.followups.ftl"),
    include_str!("en.reports.ftl"),
    include_str!("en.audit.ftl"),
    include_str!("en.objectives.ftl"),
    include_str!("en.views.ftl"),
    include_str!("en.matching.ftl"),
    include_str!("en.join.ftl"),
];

/// A message to show a user: a Fluent id and its arguments, rendered in the reader's locale.
#[derive(Debug, Clone, PartialEq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    Num(i64),
    /// A user, shown as a Discord mention when the message is rendered.
    User(UserId),
    /// An instant, shown as a Discord timestamp (in each reader's own zone) when rendered.
    Time(DateTime<Utc>),
}

impl From<UserId> for Arg {
    fn from(u: UserId) -> Self {
        Arg::User(u)
    }
}
impl From<DateTime<Utc>> for Arg {
    fn from(t: DateTime<Utc>) -> Self {
        Arg::Time(t)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl Msg {
    pub fn new(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }
}

pub struct I18n {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl I18n {
    /// Loads the compiled-in bundles. Fails only if an `.ftl` file is malformed, which the
    /// test suite catches.
    pub fn load() -> anyhow::Result<Self> {
        Ok(Self {
            fr: bundle("fr", FR)?,
            en: bundle("en", EN)?,
        })
    }

    fn bundle(&self, locale: Locale) -> &FluentBundle<FluentResource> {
        match locale {
            Locale::Fr => &self.fr,
            Locale::En => &self.en,
        }
    }

    /// Formats a message, falling back to French, then to the id itself (logged) so a missing
    /// string never crashes a command.
    pub fn msg(&self, locale: Locale, msg: &Msg) -> String {
        let mut args = FluentArgs::new();
        for (name, value) in &msg.args {
            match value {
                Arg::Str(s) => args.set(*name, FluentValue::from(s.as_str())),
                Arg::Num(n) => args.set(*name, FluentValue::from(*n)),
                // The app hands ids and instants; the markup is made here, where the message
                // becomes Discord text.
                Arg::User(u) => args.set(*name, FluentValue::from(format!("<@{}>", u.0))),
                Arg::Time(t) => {
                    args.set(*name, FluentValue::from(format!("<t:{}:f>", t.timestamp())))
                }
            }
        }
        self.format(locale, msg.id, None, Some(&args))
            .unwrap_or_else(|| {
                tracing::warn!(id = msg.id, "missing translation");
                msg.id.to_string()
            })
    }

    /// Shorthand for a message without arguments.
    pub fn text(&self, locale: Locale, id: &'static str) -> String {
        self.msg(locale, &Msg::new(id))
    }

    /// A message or one of its attributes, in `locale` or else French. `None` if absent.
    pub fn format(
        &self,
        locale: Locale,
        id: &str,
        attr: Option<&str>,
        args: Option<&FluentArgs>,
    ) -> Option<String> {
        [locale, Locale::Fr]
            .into_iter()
            .find_map(|l| format_in(self.bundle(l), id, attr, args))
            .map(Cow::into_owned)
    }

    /// A message or attribute in exactly this locale, without fallback (for localising
    /// command names, where a missing entry must not pretend to be English).
    pub fn exact(&self, locale: Locale, id: &str, attr: Option<&str>) -> Option<String> {
        format_in(self.bundle(locale), id, attr, None).map(Cow::into_owned)
    }
}

fn bundle(tag: &str, sources: &[&str]) -> anyhow::Result<FluentBundle<FluentResource>> {
    let lang = tag
        .parse()
        .map_err(|e| anyhow::anyhow!("bad locale {tag}: {e}"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Discord shows the Unicode isolation marks Fluent adds around arguments as garbage.
    bundle.set_use_isolating(false);
    for (i, source) in sources.iter().enumerate() {
        let resource = FluentResource::try_new(source.to_string())
            .map_err(|(_, errs)| anyhow::anyhow!("{tag} file #{i} does not parse: {errs:?}"))?;
        bundle
            .add_resource(resource)
            .map_err(|errs| anyhow::anyhow!("{tag} file #{i} has duplicate ids: {errs:?}"))?;
    }
    Ok(bundle)
}

fn format_in<'b>(
    bundle: &'b FluentBundle<FluentResource>,
    id: &str,
    attr: Option<&str>,
    args: Option<&FluentArgs>,
) -> Option<Cow<'b, str>> {
    let message = bundle.get_message(id)?;
    let pattern = match attr {
        Some(a) => message.get_attribute(a)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    let out = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "translation formatted with errors");
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(sources: &[&str]) -> Vec<String> {
        sources
            .iter()
            .flat_map(|s| s.lines())
            .filter(|l| !l.starts_with([' ', '#', '.', '\t']) && l.contains(" ="))
            .map(|l| l.split(" =").next().unwrap_or_default().trim().to_string())
            .collect()
    }

    /// The French privacy notice as people accepted it under `PRIVACY_NOTICE_VERSION`. When
    /// the text changes, bump the version (consents record it) and update both constants.
    const NOTICE_V1_FNV: u64 = 17_378_247_921_676_082_475;

    #[test]
    fn the_privacy_notice_does_not_change_without_its_version() {
        let text = I18n::load().unwrap().text(Locale::Fr, "join-notice");
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        assert_eq!(
            (crate::domain::join::PRIVACY_NOTICE_VERSION, hash),
            (1, NOTICE_V1_FNV),
            "the notice changed: bump PRIVACY_NOTICE_VERSION and record the new hash"
        );
    }

    #[test]
    fn both_locales_parse_and_define_the_same_messages() {
        I18n::load().expect("bundles load");
        let mut fr = ids(FR);
        let mut en = ids(EN);
        fr.sort();
        en.sort();
        let only_fr: Vec<_> = fr.iter().filter(|i| !en.contains(i)).collect();
        let only_en: Vec<_> = en.iter().filter(|i| !fr.contains(i)).collect();
        assert!(
            only_fr.is_empty() && only_en.is_empty(),
            "fr only: {only_fr:?}, en only: {only_en:?}"
        );
    }

    #[test]
    fn arguments_are_inserted_without_isolation_marks() {
        let i18n = I18n::load().unwrap();
        let text = i18n.msg(
            Locale::Fr,
            &Msg::new("err-not-enrolled").arg("user", "<@1>"),
        );
        assert!(text.contains("<@1>"), "{text}");
        assert!(!text.contains('\u{2068}'));
    }
}
