//! The attendance view and the weekly digest as text. Everything shown here comes from
//! `AttendanceView` and `Digest`, which hold dates, counts, statuses and ids only.

use crate::app::delivery::Digest;
use crate::app::reports::AttendanceReport;
use crate::discord::data::Data;
use crate::discord::render::{
    self, day, fmt_date, grid, month_label, month_name, role_name, status_name,
};
use crate::domain::attendance::{AttendanceView, PairAttendance};
use crate::domain::Locale;
use crate::i18n::Msg;
use chrono_tz::Tz;

pub fn render_attendance(data: &Data, l: Locale, report: &AttendanceReport) -> String {
    let i18n = &data.i18n;
    let view = &report.view;
    let tz = report.programme.time_zone;
    let mut lines = vec![i18n.msg(
        l,
        &Msg::new("attendance-header")
            .arg("name", report.programme.name.as_str())
            .arg("pairs", view.pairs.len()),
    )];
    if view.pairs.is_empty() {
        lines.push(i18n.text(l, "attendance-empty"));
        return lines.join("\n");
    }
    lines.push(months_line(data, l, view));
    for row in &view.pairs {
        lines.push(pair_line(data, l, row, view.elapsed, tz));
    }
    lines.push(i18n.text(l, "attendance-legend"));
    if let Some(shares) = shares_line(data, l, view) {
        lines.push(shares);
    }
    lines.extend(session_lines(data, l, view, tz));
    lines.extend(participant_lines(data, l, view));
    lines.join("\n")
}

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

/// The share of pairs that met, per month; none when there is no month.
fn shares_line(data: &Data, l: Locale, view: &AttendanceView) -> Option<String> {
    let i18n = &data.i18n;
    let shares = view
        .met_share
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
fn session_lines(data: &Data, l: Locale, view: &AttendanceView, tz: Tz) -> Vec<String> {
    let i18n = &data.i18n;
    if view.sessions.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![i18n.text(l, "attendance-sessions-header")];
    for s in &view.sessions {
        lines.push(
            i18n.msg(
                l,
                &Msg::new("attendance-session")
                    .arg("kind", render::session_kind_label(&data.i18n, l, s.kind))
                    .arg("date", day(l, s.starts_at, tz))
                    .arg("present", s.present)
                    .arg("invited", s.invited)
                    .arg("percent", i64::from(s.percent().unwrap_or(0))),
            ),
        );
    }
    lines
}

/// Per participant: pair, sessions attended, last follow-up.
fn participant_lines(data: &Data, l: Locale, view: &AttendanceView) -> Vec<String> {
    let i18n = &data.i18n;
    if view.participants.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![i18n.text(l, "attendance-participants-header")];
    let held = view.sessions.len();
    for p in &view.participants {
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
        lines.push(
            i18n.msg(
                l,
                &Msg::new("attendance-participant")
                    .arg("user", render::mention(p.user_id))
                    .arg("role", role_name(&data.i18n, l, p.role))
                    .arg("pair", pair)
                    .arg("sessions", sessions)
                    .arg("followup", followup),
            ),
        );
    }
    lines
}

/// Longer lists in the digest end with « … and N more ».
const DIGEST_MAX_LINES: usize = 15;

/// The weekly digest's text, in the coordinator channel's language.
pub fn render_digest(data: &Data, l: Locale, d: &Digest) -> String {
    let i18n = &data.i18n;
    let mut lines = vec![
        i18n.msg(
            l,
            &Msg::new("digest-header").arg("name", d.programme.as_str()),
        ),
        i18n.msg(
            l,
            &Msg::new("digest-counts")
                .arg("open", d.open_pairs)
                .arg("at_risk", d.at_risk),
        ),
    ];
    lines.extend(at_risk_lines(data, l, d));
    lines.extend(upcoming_lines(data, l, d));
    lines.extend(followup_lines(data, l, d));
    lines.join("\n")
}

/// Pairs newly at risk, or a line saying there are none.
fn at_risk_lines(data: &Data, l: Locale, d: &Digest) -> Vec<String> {
    let i18n = &data.i18n;
    if d.newly_at_risk.is_empty() {
        return vec![i18n.text(l, "digest-no-new-risk")];
    }
    let mut lines = vec![i18n.text(l, "digest-newly-at-risk")];
    for p in &d.newly_at_risk {
        let last = match p.last_held {
            Some(at) => day(l, at, d.tz),
            None => i18n.text(l, "never"),
        };
        lines.push(
            i18n.msg(
                l,
                &Msg::new("digest-at-risk-line")
                    .arg("id", p.pair_id.0)
                    .arg(
                        "members",
                        p.members
                            .iter()
                            .map(|u| render::mention(*u))
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                    .arg("last", last),
            ),
        );
    }
    lines
}

/// Collective sessions coming up.
fn upcoming_lines(data: &Data, l: Locale, d: &Digest) -> Vec<String> {
    let i18n = &data.i18n;
    if d.upcoming_sessions.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![i18n.text(l, "digest-sessions")];
    for s in &d.upcoming_sessions {
        lines.push(
            i18n.msg(
                l,
                &Msg::new("digest-session-line")
                    .arg("kind", render::session_kind_label(&data.i18n, l, s.kind))
                    .arg("when", render::when(l, s.starts_at, d.tz)),
            ),
        );
    }
    lines
}

/// Participants due a follow-up, at most `DIGEST_MAX_LINES` of them named.
fn followup_lines(data: &Data, l: Locale, d: &Digest) -> Vec<String> {
    let i18n = &data.i18n;
    if d.followups_due.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![i18n.msg(
        l,
        &Msg::new("digest-followups").arg("count", d.followups_due.len()),
    )];
    for (user, last) in d.followups_due.iter().take(DIGEST_MAX_LINES) {
        let last = match last {
            Some(day) => fmt_date(l, *day),
            None => i18n.text(l, "never"),
        };
        lines.push(
            i18n.msg(
                l,
                &Msg::new("digest-followup-line")
                    .arg("user", render::mention(*user))
                    .arg("last", last),
            ),
        );
    }
    if d.followups_due.len() > DIGEST_MAX_LINES {
        lines.push(i18n.msg(
            l,
            &Msg::new("digest-more").arg("count", d.followups_due.len() - DIGEST_MAX_LINES),
        ));
    }
    lines
}
