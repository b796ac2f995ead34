//! The one render layer of the Discord edge: dates and instants, `<t:…>` timestamps, mentions,
//! the names of roles, statuses, kinds and modes, and splitting long texts into messages.
//! At the bottom of `src/discord`: it imports no other Discord module but `limits`; names
//! are read from the `I18n` bundles.

use super::limits;
use crate::domain::attendance::{Month, PairAttendance};
use crate::domain::followup::FollowUpKind;
use crate::domain::meeting::{MeetingMode, MeetingStatus};
use crate::domain::pair::PairStatus;
use crate::domain::participant::ParticipantRole;
use crate::domain::session::SessionKind;
use crate::domain::tripartite::TripartiteStatus;
use crate::domain::{ChannelId, Locale, RoleId, UserId};
use crate::i18n::{I18n, Msg};
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

// ----- messages ------------------------------------------------------------------------------

/// The longest text binome puts in one message: Discord caps a message at 2000 characters
/// (`limits::MAX_CONTENT`); keep a margin.
pub const MAX_MESSAGE: usize = 1900;
const _: () = assert!(MAX_MESSAGE <= limits::MAX_CONTENT);

/// Splits `text` into messages of at most [`MAX_MESSAGE`] characters, cutting at line
/// boundaries when possible so a list never breaks mid-line.
pub fn chunks(text: &str) -> Vec<String> {
    chunk_lines(text, MAX_MESSAGE)
}

/// Splits `text` into chunks of at most `max` characters, cutting at line boundaries when
/// possible so a list never breaks mid-line. A single line longer than `max` is cut hard.
pub fn chunk_lines(text: &str, max: usize) -> Vec<String> {
    let mut chunks = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line_len = line.chars().count();
        let cur_len = current.chars().count();
        if cur_len > 0 && cur_len + 1 + line_len > max {
            chunks.push(std::mem::take(&mut current));
        }
        if line_len > max {
            let chars: Vec<char> = line.chars().collect();
            for piece in chars.chunks(max) {
                if !current.is_empty() {
                    chunks.push(std::mem::take(&mut current));
                }
                current = piece.iter().collect();
            }
            continue;
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
    }
    if !current.is_empty() || chunks.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// Discord caps names (events: 100) and descriptions; cut with « … ».
pub fn truncate(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `n` in base 36, upper case (error ids).
pub fn base36(mut n: u64) -> String {
    let digits = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut out = Vec::new();
    while n > 0 {
        out.push(digits[(n % 36) as usize]);
        n /= 36;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

// ----- mentions ------------------------------------------------------------------------------

/// One row of answer buttons (`custom_id`, Fluent key of the label, style), all enabled or
/// all disabled (once answered).
pub fn button_row(
    i18n: &I18n,
    l: Locale,
    disabled: bool,
    buttons: &[(String, &'static str, poise::serenity_prelude::ButtonStyle)],
) -> Vec<poise::serenity_prelude::CreateActionRow> {
    use poise::serenity_prelude as serenity;
    let buttons = buttons
        .iter()
        .map(|(id, key, style)| {
            serenity::CreateButton::new(id.clone())
                .label(i18n.text(l, key))
                .style(*style)
                .disabled(disabled)
        })
        .collect();
    vec![serenity::CreateActionRow::Buttons(buttons)]
}

/// How Discord renders a mention of this user.
pub fn mention(user: UserId) -> String {
    format!("<@{}>", user.0)
}

pub fn role_mention(role: RoleId) -> String {
    format!("<@&{}>", role.0)
}

pub fn channel_mention(channel: ChannelId) -> String {
    format!("<#{}>", channel.0)
}

/// « <@1> <@2> ».
pub fn mentions(users: &[UserId]) -> String {
    users
        .iter()
        .map(|u| mention(*u))
        .collect::<Vec<_>>()
        .join(" ")
}

/// « <#1>, <#2> ».
pub fn channel_list(channels: &[ChannelId]) -> String {
    channels
        .iter()
        .map(|c| channel_mention(*c))
        .collect::<Vec<_>>()
        .join(", ")
}

// ----- dates and instants --------------------------------------------------------------------

pub fn fmt_date(l: Locale, d: NaiveDate) -> String {
    match l {
        Locale::Fr => d.format("%d/%m/%Y").to_string(),
        Locale::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// Discord renders this in each reader's own time zone.
pub fn fmt_instant(at: DateTime<Utc>) -> String {
    format!("<t:{}:f>", at.timestamp())
}

/// « jeudi 12/03/2027 14:30 » in the programme's zone, and Discord's own rendering in the
/// reader's zone.
pub fn when(l: Locale, at: DateTime<Utc>, tz: Tz) -> String {
    let local = at.with_timezone(&tz);
    let text = match l {
        Locale::Fr => local.format("%d/%m/%Y %H:%M").to_string(),
        Locale::En => local.format("%Y-%m-%d %H:%M").to_string(),
    };
    format!("{text} ({}) — <t:{}:R>", tz.name(), at.timestamp())
}

/// The day of `at` in the programme's zone.
pub fn day(l: Locale, at: DateTime<Utc>, tz: Tz) -> String {
    fmt_date(l, at.with_timezone(&tz).date_naive())
}

/// « 14:30 » in the programme's zone.
pub fn hour(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

// ----- names ---------------------------------------------------------------------------------

pub fn role_name(i18n: &I18n, l: Locale, role: ParticipantRole) -> String {
    i18n.text(
        l,
        match role {
            ParticipantRole::Mentor => "role-mentor",
            ParticipantRole::Mentee => "role-mentee",
        },
    )
}

pub fn status_name(i18n: &I18n, l: Locale, status: PairStatus) -> String {
    i18n.text(
        l,
        match status {
            PairStatus::Active => "status-active",
            PairStatus::AtRisk => "status-at_risk",
            PairStatus::Paused => "status-paused",
            PairStatus::Ended => "status-ended",
        },
    )
}

pub fn mode_name(i18n: &I18n, l: Locale, mode: Option<MeetingMode>) -> String {
    match mode {
        Some(MeetingMode::InPerson) => i18n.text(l, "mode-in_person"),
        Some(MeetingMode::Video) => i18n.text(l, "mode-video"),
        None => i18n.text(l, "mode-unspecified"),
    }
}

pub fn meeting_status_name(i18n: &I18n, l: Locale, status: MeetingStatus) -> String {
    i18n.text(
        l,
        match status {
            MeetingStatus::Scheduled => "meeting-status-scheduled",
            MeetingStatus::Held => "meeting-status-held",
            MeetingStatus::Postponed => "meeting-status-postponed",
            MeetingStatus::Cancelled => "meeting-status-cancelled",
            MeetingStatus::Unconfirmed => "meeting-status-unconfirmed",
        },
    )
}

pub fn kind_name(i18n: &I18n, l: Locale, kind: SessionKind) -> String {
    i18n.text(
        l,
        match kind {
            SessionKind::Kickoff => "session-kind-kickoff",
            SessionKind::MidTerm => "session-kind-mid_term",
            SessionKind::Closing => "session-kind-closing",
            SessionKind::Other => "session-kind-other",
        },
    )
}

/// A session kind in reports: its text when the locale has one, its code otherwise.
pub fn session_kind_label(i18n: &I18n, l: Locale, kind: SessionKind) -> String {
    let id = format!("session-kind-{}", kind.as_str());
    i18n.format(l, &id, None, None)
        .unwrap_or_else(|| kind.as_str().to_string())
}

pub fn followup_kind_name(i18n: &I18n, l: Locale, kind: Option<FollowUpKind>) -> String {
    i18n.text(
        l,
        match kind {
            Some(FollowUpKind::Call) => "followup-kind-call",
            Some(FollowUpKind::Visit) => "followup-kind-visit",
            Some(FollowUpKind::Video) => "followup-kind-video",
            None => "followup-kind-none",
        },
    )
}

pub fn tripartite_status_name(i18n: &I18n, l: Locale, status: TripartiteStatus) -> String {
    i18n.msg(l, &Msg::new("tri-status").arg("status", status.as_str()))
}

const MONTH_KEYS: [&str; 12] = [
    "month-1", "month-2", "month-3", "month-4", "month-5", "month-6", "month-7", "month-8",
    "month-9", "month-10", "month-11", "month-12",
];

pub fn month_name(i18n: &I18n, l: Locale, m: Month) -> String {
    let key = MONTH_KEYS
        .get(usize::try_from(m.month).unwrap_or(1).saturating_sub(1))
        .copied()
        .unwrap_or("month-1");
    i18n.text(l, key)
}

/// « janv. 2027 ».
pub fn month_label(i18n: &I18n, l: Locale, m: Month) -> String {
    format!("{} {}", month_name(i18n, l, m), m.year)
}

/// One character per month: meetings held (`+` past nine), `·` for months not yet begun.
pub fn grid(row: &PairAttendance, elapsed: usize) -> String {
    row.held_per_month
        .iter()
        .enumerate()
        .map(|(i, n)| match (i < elapsed, n) {
            (false, _) => '·',
            (true, 0..=9) => char::from_digit(*n, 10).unwrap_or('+'),
            (true, _) => '+',
        })
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A session's place, or « lieu à préciser ».
pub fn place_text(i18n: &I18n, l: Locale, place: Option<&str>) -> String {
    match place {
        Some(p) => p.to_string(),
        None => i18n.text(l, "session-place-tbd"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_chunk() {
        assert_eq!(chunk_lines("a\nb", 10), vec!["a\nb".to_string()]);
    }

    #[test]
    fn long_list_is_cut_between_lines_and_nothing_is_lost() {
        let text: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let chunks = chunk_lines(&text, 50);
        assert!(chunks.len() > 1);
        assert!(chunks.iter().all(|c| c.chars().count() <= 50));
        assert_eq!(chunks.join("\n"), text.trim_end());
    }

    #[test]
    fn overlong_line_is_cut_hard() {
        let line = "x".repeat(25);
        let chunks = chunk_lines(&line, 10);
        assert_eq!(chunks, vec!["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
    }

    #[test]
    fn mentions_are_discords() {
        assert_eq!(mention(UserId(1)), "<@1>");
        assert_eq!(role_mention(RoleId(2)), "<@&2>");
        assert_eq!(channel_mention(ChannelId(3)), "<#3>");
        assert_eq!(base36(36), "10");
    }
}
