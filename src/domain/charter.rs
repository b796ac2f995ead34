//! The charter each pair member signs once at the start of the programme.

use chrono::{DateTime, Utc};

/// What happened when a member pressed « Je signe la charte ».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignOutcome {
    /// First signature, recorded now.
    Signed { at: DateTime<Utc> },
    /// Already signed earlier; the first signature stands.
    AlreadySigned { at: DateTime<Utc> },
}

/// Where the charter button lives: its custom id carries the pair, nothing else.
pub const SIGN_BUTTON_PREFIX: &str = "binome:charter:sign:";

pub fn sign_button_id(pair: super::PairId) -> String {
    format!("{SIGN_BUTTON_PREFIX}{}", pair.0)
}

pub fn parse_sign_button_id(custom_id: &str) -> Option<super::PairId> {
    custom_id
        .strip_prefix(SIGN_BUTTON_PREFIX)?
        .parse()
        .ok()
        .map(super::PairId)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::PairId;

    #[test]
    fn button_ids_round_trip_and_reject_others() {
        assert_eq!(
            parse_sign_button_id(&sign_button_id(PairId(42))),
            Some(PairId(42))
        );
        assert_eq!(parse_sign_button_id("binome:charter:sign:x"), None);
        assert_eq!(parse_sign_button_id("other:42"), None);
    }
}
