//! A match proposal as CSV (`/match suggest`'s attachment and `binome match`'s output): one
//! line per proposed pair (mentor, mentee, score), then one per person left unmatched (their
//! id in the column of their role, and the reason). UTF-8 with a byte-order mark, the
//! configured separator, like the attendance CSV.

use super::csv::{CsvFormat, UTF8_BOM};
use crate::domain::matching::{Proposal, UnmatchedReason};
use crate::domain::participant::ParticipantRole;
use crate::domain::Locale;
use crate::i18n::I18n;

/// The Fluent id of why someone is left unmatched.
pub fn reason_id(reason: UnmatchedReason) -> &'static str {
    match reason {
        UnmatchedReason::NoMentorWithTheme => "match-reason-no-mentor-theme",
        UnmatchedReason::NoMenteeWithTheme => "match-reason-no-mentee-theme",
        UnmatchedReason::OnlySameCompany => "match-reason-same-company",
        UnmatchedReason::AlreadyPaired => "match-reason-already-paired",
        UnmatchedReason::Capacity => "match-reason-capacity",
        UnmatchedReason::NoMenteeLeft => "match-reason-no-mentee-left",
        UnmatchedReason::NoCapacity => "match-reason-no-capacity",
        UnmatchedReason::PartnerAvailable => "match-reason-partner-available",
    }
}

/// The CSV of `proposal` with its titles and reasons in `locale`: what `/match suggest`
/// attaches and `binome match` prints.
pub fn proposal_csv_in(
    i18n: &I18n,
    locale: Locale,
    format: &CsvFormat,
    proposal: &Proposal,
) -> Result<Vec<u8>, csv::Error> {
    let header = [
        "match-col-mentor",
        "match-col-mentee",
        "match-col-score",
        "match-col-reason",
    ]
    .map(|k| i18n.text(locale, k));
    let reason = |r: UnmatchedReason| i18n.text(locale, reason_id(r));
    let words = ProposalWords {
        header: [&header[0], &header[1], &header[2], &header[3]],
        reason: &reason,
    };
    proposal_csv(proposal, format, &words)
}

/// The column titles and the reasons, in the reader's language.
pub struct ProposalWords<'a> {
    /// mentor, mentee, score, reason.
    pub header: [&'a str; 4],
    pub reason: &'a dyn Fn(UnmatchedReason) -> String,
}

/// The CSV of `proposal`.
pub fn proposal_csv(
    proposal: &Proposal,
    format: &CsvFormat,
    words: &ProposalWords<'_>,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .delimiter(format.separator())
        .from_writer(UTF8_BOM.to_vec());
    out.write_record(words.header)?;
    for pair in &proposal.pairs {
        out.write_record([
            pair.mentor.0.to_string(),
            pair.mentee.0.to_string(),
            pair.score.to_string(),
            String::new(),
        ])?;
    }
    for person in &proposal.unmatched {
        let id = person.user.0.to_string();
        let (mentor, mentee) = match person.role {
            ParticipantRole::Mentor => (id, String::new()),
            ParticipantRole::Mentee => (String::new(), id),
        };
        out.write_record([mentor, mentee, String::new(), (words.reason)(person.reason)])?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}
