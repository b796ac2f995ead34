//! The attendance view and the weekly digest as text. Everything shown here comes from
//! `AttendanceView` and `Digest`, which hold dates, counts, statuses and ids only.

use crate::app::delivery::{AtRiskPair, Digest, UpcomingSession};
use crate::app::reports::AttendanceReport;
use crate::discord::data::Data;
use crate::discord::paging::{pair_counts, Filter, PageRequest, Row, ViewText};
use crate::discord::render::{
    self, day, fmt_date, grid, month_label, month_name, role_name, status_name,
};
use crate::domain::attendance::{AttendanceView, PairAttendance, ParticipantAttendance};
use crate::domain::{Locale, PairId, UserId};
use crate::i18n::{I18n, Msg};
use chrono::NaiveDate;
use chrono_tz::Tz;
use std::collections::HashSet;

/// `/attendance` for one page: the programme's counts, months and shares above every page;
/// the rows are the pairs the filter keeps, then (unfiltered only) the collective sessions,
/// then the participants of the pairs kept, each section under its heading.
pub fn attendance_text(
    data: &Data,
    l: Locale,
    report: &AttendanceReport,
    request: PageRequest,
) -> ViewText {
    let i18n = &data.i18n;
    let view = &report.view;
    let tz = report.programme.time_zone;
    let header = i18n.msg(
        l,
        &Msg::new("attendance-header")
            .arg("name", report.programme.name.as_str())
            .arg("pairs", view.pairs.len()),
    );
    let empty = view
        .pairs
        .is_empty()
        .then(|| format!("{header}\n{}", i18n.text(l, "attendance-empty")));
    let mut summary = vec![
        header,
        pair_counts(i18n, l, &view.pairs),
        months_line(data, l, view),
    ];
    summary.extend(shares_line(data, l, view));
    summary.push(i18n.text(l, "attendance-legend"));
    let filter = request.filter;
    let kept: HashSet<PairId> = view
        .pairs
        .iter()
        .filter(|p| filter.keeps(*p))
        .map(|p| p.pair_id)
        .collect();
    let mut rows: Vec<Row> = view
        .pairs
        .iter()
        .filter(|p| kept.contains(&p.pair_id))
        .map(|p| Row::plain(pair_line(data, l, p, view.elapsed, tz)))
        .collect();
    if filter == Filter::All {
        rows.extend(session_lines(data, l, view, tz));
    }
    rows.extend(participant_lines(data, l, view, |p| {
        filter == Filter::All || p.pair_id.is_some_and(|id| kept.contains(&id))
    }));
    ViewText {
        request,
        summary: summary.join("\n"),
        headings: vec![
            String::new(),
            i18n.text(l, "attendance-sessions-header"),
            i18n.text(l, "attendance-participants-header"),
        ],
        rows,
        empty,
    }
}

/// Sections of the rows of `/attendance`.
const SESSIONS: usize = 1;
const PARTICIPANTS: usize = 2;

/// The months' initials, first and last month.
fn months_line(data: &Data, l: Locale, view: &AttendanceView) -> String {
    let initials = view
        .months
        .iter()
        .map(|m| {
            month_name(&data.i18n, l, *m)
                .chars()
                .next()
                .map_or('?', |c| c.to_uppercase().next().unwrap_or(c))
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    let (first, last) = (view.months.first(), view.months.last());
    data.i18n.msg(
        l,
        &Msg::new("attendance-months")
            .arg("initials", initials)
            .arg(
                "from",
                first
                    .map(|m| month_label(&data.i18n, l, *m))
                    .unwrap_or_default(),
            )
            .arg(
                "to",
                last.map(|m| month_label(&data.i18n, l, *m))
                    .unwrap_or_default(),
            ),
    )
}

/// One pair: its grid, members, status, charter, objective and last meeting held.
fn pair_line(data: &Data, l: Locale, row: &PairAttendance, elapsed: usize, tz: Tz) -> String {
    let i18n = &data.i18n;
    let yes = "✓".to_string();
    let no = "✗".to_string();
    let members = row
        .members
        .iter()
        .map(|m| {
            format!(
                "{} ({})",
                render::mention(m.user_id),
                role_name(&data.i18n, l, m.role)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let last = match row.last_held {
        Some(at) => day(l, at, tz),
        None => i18n.text(l, "never"),
    };
    i18n.msg(
        l,
        &Msg::new("attendance-pair")
            .arg("grid", grid(row, elapsed))
            .arg("id", row.pair_id.0)
            .arg("members", members)
            .arg("status", status_name(&data.i18n, l, row.status))
            .arg(
                "charter",
                if row.charter_signed {
                    yes.clone()
                } else {
                    no.clone()
                },
            )
            .arg(
                "objective",
                match row.objective_set {
                    Some(true) => yes,
                    Some(false) => no,
                    None => "—".to_string(),
                },
            )
            .arg("last", last),
    )
}

/// The summary shows the share of pairs that met over the last months only, so that it stays
/// short in a long programme.
const SHARE_MONTHS: usize = 6;

/// The share of pairs that met in each of the last [`SHARE_MONTHS`] months; none when there is
/// no month.
fn shares_line(data: &Data, l: Locale, view: &AttendanceView) -> Option<String> {
    let i18n = &data.i18n;
    let recent = view.met_share.len().saturating_sub(SHARE_MONTHS);
    let shares = view.met_share[recent..]
        .iter()
        .map(|s| match s.percent() {
            Some(p) => i18n.msg(
                l,
                &Msg::new("attendance-share")
                    .arg("month", month_name(&data.i18n, l, s.month))
                    .arg("met", s.met)
                    .arg("pairs", s.pairs)
                    .arg("percent", i64::from(p)),
            ),
            None => format!("{} —", month_name(&data.i18n, l, s.month)),
        })
        .collect::<Vec<_>>()
        .join(" · ");
    (!shares.is_empty())
        .then(|| i18n.msg(l, &Msg::new("attendance-met-share").arg("shares", shares)))
}

/// Presence per collective session.
fn session_lines(data: &Data, l: Locale, view: &AttendanceView, tz: Tz) -> Vec<Row> {
    let i18n = &data.i18n;
    view.sessions
        .iter()
        .map(|s| Row {
            section: SESSIONS,
            text: i18n.msg(
                l,
                &Msg::new("attendance-session")
                    .arg("kind", render::session_kind_label(&data.i18n, l, s.kind))
                    .arg("date", day(l, s.starts_at, tz))
                    .arg("present", s.present)
                    .arg("invited", s.invited)
                    .arg("percent", i64::from(s.percent().unwrap_or(0))),
            ),
        })
        .collect()
}

/// Per participant `keep` keeps: pair, sessions attended, last follow-up.
fn participant_lines(
    data: &Data,
    l: Locale,
    view: &AttendanceView,
    keep: impl Fn(&ParticipantAttendance) -> bool,
) -> Vec<Row> {
    let i18n = &data.i18n;
    let held = view.sessions.len();
    view.participants
        .iter()
        .filter(|p| keep(p))
        .map(|p| {
            let sessions = match p.sessions_attended {
                Some(n) => format!("{n}/{held}"),
                None => "—".to_string(),
            };
            let followup = match p.last_follow_up {
                Some(d) => fmt_date(l, d),
                None => i18n.text(l, "never"),
            };
            let pair = p
                .pair_id
                .map_or_else(|| "—".to_string(), |id| format!("#{}", id.0));
            Row {
                section: PARTICIPANTS,
                text: i18n.msg(
                    l,
                    &Msg::new("attendance-participant")
                        .arg("user", render::mention(p.user_id))
                        .arg("role", role_name(&data.i18n, l, p.role))
                        .arg("pair", pair)
                        .arg("sessions", sessions)
                        .arg("followup", followup),
                ),
            }
        })
        .collect()
}

/// The digest names at most this many pairs, sessions or people per list, then says how
/// many more there are: it stays one or two messages whatever the programme's size.
const DIGEST_MAX_NAMES: usize = 10;

/// The weekly digest's text, in the coordinator channel's language: counts first, then the
/// first names of each list.
pub fn render_digest(i18n: &I18n, l: Locale, d: &Digest) -> String {
    let mut lines = vec![
        i18n.msg(
            l,
            &Msg::new("digest-header").arg("name", d.programme.as_str()),
        ),
        i18n.msg(
            l,
            &Msg::new("digest-counts")
                .arg("open", d.open_pairs)
                .arg("at_risk", d.at_risk)
                .arg("new", d.newly_at_risk.len())
                .arg("due", d.followups_due.len()),
        ),
    ];
    lines.extend(at_risk_lines(i18n, l, d));
    lines.extend(upcoming_lines(i18n, l, d));
    lines.extend(followup_lines(i18n, l, d));
    lines.join("\n")
}

/// `heading`, then the first [`DIGEST_MAX_NAMES`] of `items` as lines, then « … et N
/// autres » (`more_id`) for the rest.
fn named_list<T>(
    i18n: &I18n,
    l: Locale,
    heading: String,
    items: &[T],
    line: impl Fn(&T) -> String,
    more_id: &'static str,
) -> Vec<String> {
    let more = items.len().saturating_sub(DIGEST_MAX_NAMES);
    std::iter::once(heading)
        .chain(items.iter().take(DIGEST_MAX_NAMES).map(line))
        .chain((more > 0).then(|| i18n.msg(l, &Msg::new(more_id).arg("count", more))))
        .collect()
}

/// Pairs newly at risk, or a line saying there are none.
fn at_risk_lines(i18n: &I18n, l: Locale, d: &Digest) -> Vec<String> {
    if d.newly_at_risk.is_empty() {
        return vec![i18n.text(l, "digest-no-new-risk")];
    }
    let heading = i18n.msg(
        l,
        &Msg::new("digest-newly-at-risk").arg("count", d.newly_at_risk.len()),
    );
    let line = |p: &AtRiskPair| {
        let last = match p.last_held {
            Some(at) => day(l, at, d.tz),
            None => i18n.text(l, "never"),
        };
        i18n.msg(
            l,
            &Msg::new("digest-at-risk-line")
                .arg("id", p.pair_id.0)
                .arg("members", render::mentions(&p.members))
                .arg("last", last),
        )
    };
    named_list(
        i18n,
        l,
        heading,
        &d.newly_at_risk,
        line,
        "digest-at-risk-more",
    )
}

/// Collective sessions coming up.
fn upcoming_lines(i18n: &I18n, l: Locale, d: &Digest) -> Vec<String> {
    if d.upcoming_sessions.is_empty() {
        return Vec::new();
    }
    let line = |s: &UpcomingSession| {
        i18n.msg(
            l,
            &Msg::new("digest-session-line")
                .arg("kind", render::session_kind_label(i18n, l, s.kind))
                .arg("when", render::when(l, s.starts_at, d.tz)),
        )
    };
    let heading = i18n.text(l, "digest-sessions");
    named_list(
        i18n,
        l,
        heading,
        &d.upcoming_sessions,
        line,
        "digest-sessions-more",
    )
}

/// Participants due a follow-up, the first of them named.
fn followup_lines(i18n: &I18n, l: Locale, d: &Digest) -> Vec<String> {
    if d.followups_due.is_empty() {
        return Vec::new();
    }
    let heading = i18n.msg(
        l,
        &Msg::new("digest-followups").arg("count", d.followups_due.len()),
    );
    let line = |(user, last): &(UserId, Option<NaiveDate>)| {
        let last = match last {
            Some(day) => fmt_date(l, *day),
            None => i18n.text(l, "never"),
        };
        i18n.msg(
            l,
            &Msg::new("digest-followup-line")
                .arg("user", render::mention(*user))
                .arg("last", last),
        )
    };
    named_list(i18n, l, heading, &d.followups_due, line, "digest-more")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    /// A programme of a full server: 500 pairs newly at risk, 1000 people due a follow-up,
    /// sessions every day of the fortnight; ids as long as Discord's.
    fn huge_digest() -> Digest {
        let user = |i: u64| UserId(160_000_000_000_000_000 + i);
        let at = Utc.with_ymd_and_hms(2027, 3, 22, 8, 0, 0).unwrap();
        Digest {
            programme: "Mentorat inter-entreprises du Grand Est 2027".into(),
            tz: chrono_tz::Europe::Paris,
            open_pairs: 500,
            at_risk: 500,
            newly_at_risk: (0..500)
                .map(|i| AtRiskPair {
                    pair_id: PairId(10_000 + i as i64),
                    members: vec![user(2 * i), user(2 * i + 1), user(5000 + i)],
                    last_held: (i % 2 == 0).then_some(at - Duration::days(70)),
                })
                .collect(),
            upcoming_sessions: (0..14)
                .map(|d| UpcomingSession {
                    kind: crate::domain::session::SessionKind::Other,
                    starts_at: at + Duration::days(d),
                })
                .collect(),
            followups_due: (0..1000)
                .map(|i| (user(i), (i % 3 == 0).then_some(at.date_naive())))
                .collect(),
        }
    }

    #[test]
    fn the_digest_of_a_full_server_is_counts_and_first_names_in_at_most_two_messages() {
        let i18n = I18n::load().unwrap();
        for l in [Locale::Fr, Locale::En] {
            let text = render_digest(&i18n, l, &huge_digest());
            let messages = render::chunks(&text);
            assert!(messages.len() <= 2, "{} messages: {text}", messages.len());
            for m in &messages {
                assert!(
                    m.chars().count() <= 2000,
                    "{} characters",
                    m.chars().count()
                );
            }
            let counts = text.lines().nth(1).unwrap_or_default();
            assert!(
                counts.contains("500") && counts.contains("1000"),
                "{counts}"
            );
            let more = |n: usize| match l {
                Locale::Fr => format!("et {n} autres"),
                Locale::En => format!("and {n} more"),
            };
            for n in [490, 990, 4] {
                assert!(text.contains(&more(n)), "{}: {text}", more(n));
            }
            let named = text.matches("<@").count();
            assert_eq!(
                named,
                10 * 3 + 10,
                "ten pairs of three and ten people named"
            );
        }
    }

    #[test]
    fn a_short_digest_names_everyone_and_says_no_more() {
        let i18n = I18n::load().unwrap();
        let mut d = huge_digest();
        d.newly_at_risk.truncate(3);
        d.followups_due.truncate(10);
        d.upcoming_sessions.truncate(1);
        let text = render_digest(&i18n, Locale::Fr, &d);
        assert!(!text.contains("autres"), "{text}");
        assert_eq!(text.matches("<@").count(), 3 * 3 + 10, "{text}");
    }
}
