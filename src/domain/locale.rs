//! The languages binome speaks. French first; English second.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Fr,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    /// Maps a Discord locale tag (`fr`, `en-US`, `en-GB`, `de`…) to the closest language we
    /// speak. Anything that is not English gets French, the product's default language.
    pub fn from_discord(tag: &str) -> Locale {
        if tag.eq_ignore_ascii_case("en") || tag.to_ascii_lowercase().starts_with("en-") {
            Locale::En
        } else {
            Locale::Fr
        }
    }

    /// Parses the short tag stored in the database and the configuration.
    pub fn parse(tag: &str) -> Option<Locale> {
        match tag.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_variants_map_to_english_and_everything_else_to_french() {
        assert_eq!(Locale::from_discord("en-US"), Locale::En);
        assert_eq!(Locale::from_discord("en-GB"), Locale::En);
        assert_eq!(Locale::from_discord("fr"), Locale::Fr);
        assert_eq!(Locale::from_discord("de"), Locale::Fr);
        assert_eq!(Locale::from_discord("es-ES"), Locale::Fr);
    }

    #[test]
    fn stored_tags_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.tag()), Some(l));
        }
        assert_eq!(Locale::parse("xx"), None);
    }
}
