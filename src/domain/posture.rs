//! Posture prompts (repères de posture): short reminders of the stance each role takes in a
//! mentoring relationship — for mentors, listen, rephrase, ask open questions, hold back
//! advice; for mentees, dare to ask, own the objective, act between meetings.
//!
//! The prompts live in `config/posture.fr.toml` and `config/posture.en.toml`, compiled into the
//! binary. A prompt's id is shared by both languages, so the history of prompts shown to a
//! person survives a change of language.

use super::participant::ParticipantRole;
use super::Locale;
use serde::Deserialize;
use std::collections::HashSet;
use thiserror::Error;

/// How many of the prompts last shown to a person `PostureDeck::pick` avoids repeating.
pub const RECENT_WINDOW: usize = 5;

/// Every role needs at least this many prompts, so that the recent window can never exhaust it.
pub const MIN_PROMPTS_PER_ROLE: usize = RECENT_WINDOW + 1;

/// A prompt's text is sent as one short message.
pub const MAX_TEXT_CHARS: usize = 300;

const FR_SOURCE: &str = include_str!("../../config/posture.fr.toml");
const EN_SOURCE: &str = include_str!("../../config/posture.en.toml");

/// One posture prompt, in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// Identifies the prompt across languages, e.g. `mentor-reformulate-1`.
    pub id: String,
    pub role: ParticipantRole,
    pub text: String,
}

/// A prompt file that cannot be used. Each message names the file and, when there is one, the
/// prompt at fault.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PostureError {
    #[error("{file}: invalid TOML: {source}")]
    Malformed {
        file: &'static str,
        #[source]
        source: toml::de::Error,
    },
    #[error("{file}: prompt id {id:?} must be non-empty and made of lowercase letters, digits and hyphens")]
    BadId { file: &'static str, id: String },
    #[error("{file}: prompt id {id:?} appears more than once")]
    DuplicateId { file: &'static str, id: String },
    #[error("{file}: prompt {id:?} has unknown role {role:?} (expected \"mentor\" or \"mentee\")")]
    UnknownRole {
        file: &'static str,
        id: String,
        role: String,
    },
    #[error("{file}: prompt {id:?} has an empty text")]
    EmptyText { file: &'static str, id: String },
    #[error("{file}: prompt {id:?} is {chars} characters long (max {max})")]
    TextTooLong {
        file: &'static str,
        id: String,
        chars: usize,
        max: usize,
    },
    #[error("{file}: only {count} prompt(s) for role {role:?} (at least {min} needed)")]
    TooFewPrompts {
        file: &'static str,
        role: &'static str,
        count: usize,
        min: usize,
    },
    #[error("prompt {id:?} is in {present_in} but missing from {missing_from}")]
    MissingTranslation {
        id: String,
        present_in: &'static str,
        missing_from: &'static str,
    },
    #[error("prompt {id:?} has role {fr_role:?} in {fr_file} but {en_role:?} in {en_file}")]
    RoleMismatch {
        id: String,
        fr_file: &'static str,
        fr_role: &'static str,
        en_file: &'static str,
        en_role: &'static str,
    },
}

/// The posture prompts of both languages, validated.
#[derive(Debug, Clone)]
pub struct PostureDeck {
    fr: Vec<Prompt>,
    en: Vec<Prompt>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    prompt: Vec<RawPrompt>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrompt {
    id: String,
    role: String,
    text: String,
}

fn file_name(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "config/posture.fr.toml",
        Locale::En => "config/posture.en.toml",
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses and checks one language's file: TOML shape, ids, roles, texts, prompts per role.
fn parse_file(
    source: &str,
    locale: Locale,
    min_per_role: usize,
) -> Result<Vec<Prompt>, PostureError> {
    let file = file_name(locale);
    let raw: RawFile =
        toml::from_str(source).map_err(|source| PostureError::Malformed { file, source })?;
    let mut seen = HashSet::new();
    let mut prompts = Vec::with_capacity(raw.prompt.len());
    for p in raw.prompt {
        let id = p.id.trim().to_owned();
        if !valid_id(&id) {
            return Err(PostureError::BadId { file, id });
        }
        if !seen.insert(id.clone()) {
            return Err(PostureError::DuplicateId { file, id });
        }
        let Some(role) = ParticipantRole::parse(p.role.trim()) else {
            return Err(PostureError::UnknownRole {
                file,
                id,
                role: p.role,
            });
        };
        let text = p.text.trim().to_owned();
        if text.is_empty() {
            return Err(PostureError::EmptyText { file, id });
        }
        let chars = text.chars().count();
        if chars > MAX_TEXT_CHARS {
            return Err(PostureError::TextTooLong {
                file,
                id,
                chars,
                max: MAX_TEXT_CHARS,
            });
        }
        prompts.push(Prompt { id, role, text });
    }
    for role in [ParticipantRole::Mentor, ParticipantRole::Mentee] {
        let count = prompts.iter().filter(|p| p.role == role).count();
        if count < min_per_role {
            return Err(PostureError::TooFewPrompts {
                file,
                role: role.as_str(),
                count,
                min: min_per_role,
            });
        }
    }
    Ok(prompts)
}

/// Both languages must hold the same ids, each with the same role.
fn check_same_ids(fr: &[Prompt], en: &[Prompt]) -> Result<(), PostureError> {
    let (fr_file, en_file) = (file_name(Locale::Fr), file_name(Locale::En));
    for p in fr {
        match en.iter().find(|q| q.id == p.id) {
            None => {
                return Err(PostureError::MissingTranslation {
                    id: p.id.clone(),
                    present_in: fr_file,
                    missing_from: en_file,
                })
            }
            Some(q) if q.role != p.role => {
                return Err(PostureError::RoleMismatch {
                    id: p.id.clone(),
                    fr_file,
                    fr_role: p.role.as_str(),
                    en_file,
                    en_role: q.role.as_str(),
                })
            }
            Some(_) => {}
        }
    }
    if let Some(q) = en.iter().find(|q| !fr.iter().any(|p| p.id == q.id)) {
        return Err(PostureError::MissingTranslation {
            id: q.id.clone(),
            present_in: en_file,
            missing_from: fr_file,
        });
    }
    Ok(())
}

/// SplitMix64 finaliser: spreads nearby seeds (successive timestamps) over the whole range.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl PostureDeck {
    /// The prompts compiled into the binary from `config/posture.{fr,en}.toml`.
    pub fn builtin() -> Result<PostureDeck, PostureError> {
        Self::parse(FR_SOURCE, EN_SOURCE)
    }

    /// Parses the French and English prompt files and checks them: valid TOML, unique ids,
    /// known roles, non-empty texts of at most 300 characters, at least six prompts per role,
    /// and the same ids (with the same roles) in both languages.
    pub fn parse(fr: &str, en: &str) -> Result<PostureDeck, PostureError> {
        Self::parse_with_min(fr, en, MIN_PROMPTS_PER_ROLE)
    }

    fn parse_with_min(
        fr: &str,
        en: &str,
        min_per_role: usize,
    ) -> Result<PostureDeck, PostureError> {
        let fr = parse_file(fr, Locale::Fr, min_per_role)?;
        let en = parse_file(en, Locale::En, min_per_role)?;
        check_same_ids(&fr, &en)?;
        Ok(PostureDeck { fr, en })
    }

    fn all(&self, locale: Locale) -> &[Prompt] {
        match locale {
            Locale::Fr => &self.fr,
            Locale::En => &self.en,
        }
    }

    /// The prompts for one role in one language, in file order.
    pub fn prompts(&self, locale: Locale, role: ParticipantRole) -> Vec<&Prompt> {
        self.all(locale).iter().filter(|p| p.role == role).collect()
    }

    /// A prompt for this role, not among `recent` (ids of the prompts last shown to this
    /// person, newest last; only the last [`RECENT_WINDOW`] count), chosen with `seed` (the
    /// caller passes something varying, e.g. a time-based number), deterministic for a given
    /// seed. If every prompt of the role is recent (tiny deck), the least recently shown one is
    /// chosen. Returns `None` only if the role has no prompt.
    pub fn pick(
        &self,
        locale: Locale,
        role: ParticipantRole,
        recent: &[String],
        seed: u64,
    ) -> Option<&Prompt> {
        let candidates = self.prompts(locale, role);
        let window = &recent[recent.len().saturating_sub(RECENT_WINDOW)..];
        // Position of a prompt's latest showing in the window; None if not shown lately.
        let last_shown = |p: &Prompt| window.iter().rposition(|id| *id == p.id);
        let fresh: Vec<&Prompt> = candidates
            .iter()
            .copied()
            .filter(|p| last_shown(p).is_none())
            .collect();
        if fresh.is_empty() {
            return candidates.into_iter().min_by_key(|p| last_shown(p));
        }
        let index = mix(seed) % fresh.len() as u64;
        fresh.get(usize::try_from(index).ok()?).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    const MENTOR: ParticipantRole = ParticipantRole::Mentor;
    const MENTEE: ParticipantRole = ParticipantRole::Mentee;

    fn builtin() -> PostureDeck {
        PostureDeck::builtin().expect("the builtin deck is valid")
    }

    /// A prompt file from `(id, role, text)` triples.
    fn toml_of(prompts: &[(&str, &str, &str)]) -> String {
        let mut s = String::new();
        for (id, role, text) in prompts {
            write!(
                s,
                "[[prompt]]\nid = {id:?}\nrole = {role:?}\ntext = {text:?}\n\n"
            )
            .unwrap();
        }
        s
    }

    /// `n` mentor and `n` mentee prompts: `mentor-1`…, `mentee-1`….
    fn ids(n: usize) -> Vec<(String, &'static str)> {
        let mut v = Vec::new();
        for role in ["mentor", "mentee"] {
            for i in 1..=n {
                v.push((format!("{role}-{i}"), role));
            }
        }
        v
    }

    fn toml_n(n: usize) -> String {
        let ids = ids(n);
        let triples: Vec<(&str, &str, &str)> = ids
            .iter()
            .map(|(id, role)| (id.as_str(), *role, "Écoutez."))
            .collect();
        toml_of(&triples)
    }

    /// A valid deck: six prompts per role.
    fn valid() -> String {
        toml_n(MIN_PROMPTS_PER_ROLE)
    }

    fn with_extra(base: &str, extra: &[(&str, &str, &str)]) -> String {
        format!("{base}{}", toml_of(extra))
    }

    #[test]
    fn builtin_deck_has_at_least_thirty_prompts_per_locale_and_twelve_per_role() {
        let deck = builtin();
        for locale in Locale::ALL {
            let mentor = deck.prompts(locale, MENTOR).len();
            let mentee = deck.prompts(locale, MENTEE).len();
            assert!(
                mentor + mentee >= 30,
                "{locale:?}: {} prompts",
                mentor + mentee
            );
            assert!(mentor >= 12, "{locale:?}: {mentor} mentor prompts");
            assert!(mentee >= 12, "{locale:?}: {mentee} mentee prompts");
        }
    }

    #[test]
    fn builtin_ids_match_across_locales_with_the_same_roles() {
        let deck = builtin();
        for role in [MENTOR, MENTEE] {
            let fr: Vec<&str> = deck
                .prompts(Locale::Fr, role)
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            let en: Vec<&str> = deck
                .prompts(Locale::En, role)
                .iter()
                .map(|p| p.id.as_str())
                .collect();
            assert_eq!(fr, en);
        }
    }

    #[test]
    fn builtin_texts_are_short_and_ids_name_their_role() {
        let deck = builtin();
        for locale in Locale::ALL {
            for role in [MENTOR, MENTEE] {
                for p in deck.prompts(locale, role) {
                    assert!(!p.text.is_empty() && p.text.chars().count() <= MAX_TEXT_CHARS);
                    assert!(p.id.starts_with(&format!("{}-", role.as_str())), "{}", p.id);
                }
            }
        }
    }

    #[test]
    fn builtin_french_prompts_address_the_reader_as_vous() {
        for p in builtin().all(Locale::Fr) {
            let words: Vec<String> = p
                .text
                .split(|c: char| !c.is_alphabetic())
                .map(str::to_lowercase)
                .collect();
            let has = |w: &str| words.iter().any(|x| x == w);
            assert!(has("vous") || has("votre") || has("vos"), "{}", p.id);
            assert!(!has("tu") && !has("te") && !has("toi"), "{}", p.id);
        }
    }

    #[test]
    fn pick_never_repeats_any_of_the_last_five_over_many_picks() {
        let deck = builtin();
        for locale in Locale::ALL {
            for role in [MENTOR, MENTEE] {
                for start in [0_u64, 1, 42, 1_700_000_000_000_000_000, u64::MAX] {
                    let mut history: Vec<String> = Vec::new();
                    let mut seed = start;
                    for _ in 0..200 {
                        let p = deck.pick(locale, role, &history, seed).expect("a prompt");
                        history.push(p.id.clone());
                        // Successive time-like seeds: close to each other.
                        seed = seed.wrapping_add(1_000);
                    }
                    for window in history.windows(RECENT_WINDOW + 1) {
                        let distinct: HashSet<&String> = window.iter().collect();
                        assert_eq!(distinct.len(), window.len(), "repeat in {window:?}");
                    }
                    let used: HashSet<&String> = history.iter().collect();
                    assert!(
                        used.len() > RECENT_WINDOW + 1,
                        "only {} prompts ever shown",
                        used.len()
                    );
                }
            }
        }
    }

    #[test]
    fn pick_returns_a_prompt_of_the_requested_role_and_language() {
        let deck = builtin();
        for locale in Locale::ALL {
            for role in [MENTOR, MENTEE] {
                for seed in 0..100 {
                    let p = deck.pick(locale, role, &[], seed).expect("a prompt");
                    assert_eq!(p.role, role);
                    assert!(deck.all(locale).contains(p));
                }
            }
        }
    }

    #[test]
    fn pick_is_deterministic_for_a_given_seed() {
        let deck = builtin();
        let recent = vec!["mentor-listen-1".to_owned()];
        for seed in [0, 7, 123_456_789] {
            let a = deck.pick(Locale::Fr, MENTOR, &recent, seed).map(|p| &p.id);
            let b = deck.pick(Locale::Fr, MENTOR, &recent, seed).map(|p| &p.id);
            assert_eq!(a, b);
        }
    }

    #[test]
    fn pick_only_counts_the_last_five_shown() {
        let deck = PostureDeck::parse(&valid(), &valid()).unwrap();
        // mentor-1 was shown six picks ago: it is the only prompt allowed.
        let recent: Vec<String> = (1..=6).map(|i| format!("mentor-{i}")).collect();
        for seed in 0..50 {
            let p = deck.pick(Locale::En, MENTOR, &recent, seed).unwrap();
            assert_eq!(p.id, "mentor-1");
        }
    }

    #[test]
    fn pick_ignores_recent_ids_of_the_other_role() {
        let deck = PostureDeck::parse(&valid(), &valid()).unwrap();
        let recent: Vec<String> = (1..=5).map(|i| format!("mentee-{i}")).collect();
        let seen: HashSet<String> = (0..200)
            .filter_map(|seed| deck.pick(Locale::Fr, MENTOR, &recent, seed))
            .map(|p| p.id.clone())
            .collect();
        assert_eq!(seen.len(), MIN_PROMPTS_PER_ROLE);
    }

    #[test]
    fn tiny_deck_falls_back_to_the_least_recently_shown_prompt() {
        let src = toml_n(3);
        let deck = PostureDeck::parse_with_min(&src, &src, 1).unwrap();
        // Newest last: mentor-2 is the oldest showing among the mentor prompts.
        let recent: Vec<String> = ["mentor-2", "mentor-3", "mentee-1", "mentor-1", "mentor-3"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for seed in 0..20 {
            let p = deck.pick(Locale::Fr, MENTOR, &recent, seed).unwrap();
            assert_eq!(p.id, "mentor-2");
        }
    }

    #[test]
    fn pick_returns_none_only_when_the_role_has_no_prompt() {
        let deck = PostureDeck::parse_with_min(&toml_n(0), &toml_n(0), 0).unwrap();
        assert!(deck.pick(Locale::Fr, MENTOR, &[], 1).is_none());
        let deck = builtin();
        let everything: Vec<String> = deck.all(Locale::Fr).iter().map(|p| p.id.clone()).collect();
        assert!(deck.pick(Locale::Fr, MENTOR, &everything, 1).is_some());
    }

    #[test]
    fn malformed_toml_is_reported_with_its_file() {
        let err = PostureDeck::parse(&valid(), "[[prompt]\nid = ").unwrap_err();
        assert!(
            matches!(
                err,
                PostureError::Malformed {
                    file: "config/posture.en.toml",
                    ..
                }
            ),
            "{err}"
        );
        assert!(err.to_string().starts_with("config/posture.en.toml"));
        let missing_text = valid() + "[[prompt]]\nid = \"mentor-x\"\nrole = \"mentor\"\n";
        let err = PostureDeck::parse(&missing_text, &valid()).unwrap_err();
        assert!(
            matches!(
                err,
                PostureError::Malformed {
                    file: "config/posture.fr.toml",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn duplicate_id_is_reported_with_file_and_id() {
        let fr = with_extra(&valid(), &[("mentor-1", "mentor", "Encore.")]);
        let err = PostureDeck::parse(&fr, &valid()).unwrap_err();
        assert_eq!(
            err,
            PostureError::DuplicateId {
                file: "config/posture.fr.toml",
                id: "mentor-1".into()
            }
        );
        assert!(err.to_string().contains("mentor-1"));
    }

    #[test]
    fn unknown_role_is_reported_with_file_id_and_role() {
        let en = with_extra(&valid(), &[("coach-1", "coach", "Listen.")]);
        let err = PostureDeck::parse(&valid(), &en).unwrap_err();
        assert_eq!(
            err,
            PostureError::UnknownRole {
                file: "config/posture.en.toml",
                id: "coach-1".into(),
                role: "coach".into()
            }
        );
        let msg = err.to_string();
        assert!(
            msg.contains("config/posture.en.toml")
                && msg.contains("coach-1")
                && msg.contains("\"coach\"")
        );
    }

    #[test]
    fn empty_or_too_long_text_is_rejected() {
        let fr = with_extra(&valid(), &[("mentor-7", "mentor", "   ")]);
        let err = PostureDeck::parse(&fr, &valid()).unwrap_err();
        assert!(
            matches!(err, PostureError::EmptyText { ref id, .. } if id == "mentor-7"),
            "{err}"
        );

        let long = "é".repeat(MAX_TEXT_CHARS + 1);
        let fr = with_extra(&valid(), &[("mentor-7", "mentor", &long)]);
        let err = PostureDeck::parse(&fr, &valid()).unwrap_err();
        assert!(
            matches!(err, PostureError::TextTooLong { ref id, chars: 301, .. } if id == "mentor-7"),
            "{err}"
        );

        let exact = "é".repeat(MAX_TEXT_CHARS);
        let both = with_extra(&valid(), &[("mentor-7", "mentor", &exact)]);
        assert!(PostureDeck::parse(&both, &both).is_ok());
    }

    #[test]
    fn bad_ids_are_rejected() {
        for bad in ["", "Mentor-1", "mentor 1", "mentor_1"] {
            let fr = with_extra(&valid(), &[(bad, "mentor", "Écoutez.")]);
            let err = PostureDeck::parse(&fr, &valid()).unwrap_err();
            assert!(matches!(err, PostureError::BadId { .. }), "{bad:?}: {err}");
        }
    }

    #[test]
    fn ids_missing_from_one_language_are_reported() {
        let fr = with_extra(&valid(), &[("mentor-7", "mentor", "Écoutez.")]);
        let err = PostureDeck::parse(&fr, &valid()).unwrap_err();
        assert_eq!(
            err,
            PostureError::MissingTranslation {
                id: "mentor-7".into(),
                present_in: "config/posture.fr.toml",
                missing_from: "config/posture.en.toml"
            }
        );
        let err = PostureDeck::parse(&valid(), &fr).unwrap_err();
        assert!(matches!(
            err,
            PostureError::MissingTranslation {
                present_in: "config/posture.en.toml",
                ..
            }
        ));
    }

    #[test]
    fn an_id_with_different_roles_across_languages_is_rejected() {
        let fr = with_extra(&valid(), &[("shared-1", "mentor", "Écoutez.")]);
        let en = with_extra(&valid(), &[("shared-1", "mentee", "Listen.")]);
        let err = PostureDeck::parse(&fr, &en).unwrap_err();
        assert!(
            matches!(err, PostureError::RoleMismatch { ref id, .. } if id == "shared-1"),
            "{err}"
        );
    }

    #[test]
    fn a_role_with_fewer_than_six_prompts_is_rejected() {
        let small = toml_n(MIN_PROMPTS_PER_ROLE - 1);
        let err = PostureDeck::parse(&small, &small).unwrap_err();
        assert_eq!(
            err,
            PostureError::TooFewPrompts {
                file: "config/posture.fr.toml",
                role: "mentor",
                count: 5,
                min: MIN_PROMPTS_PER_ROLE
            }
        );
    }

    #[test]
    fn unknown_fields_are_rejected_as_malformed() {
        let fr = valid() + "[[prompt]]\nid = \"mentor-7\"\nrole = \"mentor\"\ntext = \"Écoutez.\"\ntheme = \"x\"\n";
        let err = PostureDeck::parse(&fr, &valid()).unwrap_err();
        assert!(matches!(err, PostureError::Malformed { .. }), "{err}");
    }
}
