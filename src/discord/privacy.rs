//! `/privacy`: exactly what the coordinator sees about the person asking, in the same terms.

use super::data::{Context, Data};
use super::error::BotError;
use super::render;
use super::render::{fmt_date, fmt_instant, grid, role_name, status_name};
use super::reply::{actor, ephemeral, locale_of};
use crate::domain::privacy::ParticipantView;
use crate::domain::Locale;
use crate::i18n::Msg;

#[poise::command(slash_command, guild_only)]
#[tracing::instrument(skip_all, fields(guild = ctx.guild_id().map(|g| g.get()), channel = %ctx.channel_id(), user = %ctx.author().id, interaction = ctx.id()))]
pub async fn privacy(ctx: Context<'_>) -> Result<(), BotError> {
    let actor = actor(ctx)?;
    let report = ctx.data().app.privacy(&actor).await?;
    let l = locale_of(ctx);
    let text = match (&report.view, &report.join_request) {
        (None, Some(request)) => render_request(ctx.data(), l, request),
        (None, None) => ctx.data().i18n.text(l, "privacy-not-enrolled"),
        (Some(view), _) => render_privacy(ctx.data(), l, view, report.attendance.as_ref()),
    };
    ephemeral(ctx, text).await
}

/// Everything a request to join holds, for the person who made it.
fn render_request(data: &Data, l: Locale, r: &crate::domain::join::JoinRequest) -> String {
    use crate::domain::join::JoinStatus;
    let i18n = &data.i18n;
    let status = match r.status {
        JoinStatus::Pending => i18n.text(l, "privacy-request-pending"),
        JoinStatus::Refused(reason) => i18n.msg(
            l,
            &Msg::new("privacy-request-refused").arg(
                "reason",
                i18n.text(l, super::participants::refusal_key(reason)),
            ),
        ),
    };
    [
        i18n.msg(l, &Msg::new("privacy-request").arg("status", status)),
        i18n.msg(
            l,
            &Msg::new("privacy-role").arg("role", role_name(i18n, l, r.role)),
        ),
        i18n.msg(
            l,
            &Msg::new("privacy-company").arg("company", r.company.as_str()),
        ),
        i18n.msg(
            l,
            &Msg::new("privacy-themes").arg("themes", r.themes.joined()),
        ),
        i18n.msg(
            l,
            &Msg::new("privacy-request-capacity").arg("capacity", usize::from(r.capacity)),
        ),
        i18n.msg(
            l,
            &Msg::new("privacy-request-consent")
                .arg("date", fmt_instant(r.consented_at))
                .arg("version", i64::from(r.notice_version)),
        ),
    ]
    .join("\n")
}

fn render_privacy(
    data: &Data,
    l: Locale,
    v: &ParticipantView,
    attendance: Option<&crate::app::participants::MyAttendance>,
) -> String {
    let i18n = &data.i18n;
    let none = i18n.text(l, "none");
    let themes = if v.themes.is_empty() {
        none.clone()
    } else {
        v.themes.join(", ")
    };
    let mut lines = vec![
        i18n.text(l, "privacy-intro"),
        i18n.msg(
            l,
            &Msg::new("privacy-role").arg("role", role_name(&data.i18n, l, v.role)),
        ),
        i18n.msg(
            l,
            &Msg::new("privacy-company").arg("company", v.company.as_str()),
        ),
        i18n.msg(l, &Msg::new("privacy-themes").arg("themes", themes)),
        i18n.msg(
            l,
            &Msg::new("privacy-enrolled").arg("date", fmt_instant(v.enrolled_at)),
        ),
    ];
    match &v.pair {
        Some(p) => {
            let partners = p
                .partners
                .iter()
                .map(|u| render::mention(*u))
                .collect::<Vec<_>>()
                .join(", ");
            lines.push(
                i18n.msg(
                    l,
                    &Msg::new("privacy-pair")
                        .arg("id", p.pair_id.0)
                        .arg("status", status_name(&data.i18n, l, p.status))
                        .arg("partners", partners),
                ),
            );
            let signed = match p.charter_signed_at {
                Some(at) => fmt_instant(at),
                None => i18n.text(l, "no"),
            };
            lines.push(i18n.msg(l, &Msg::new("privacy-charter").arg("signed", signed)));
        }
        None => lines.push(i18n.text(l, "privacy-no-pair")),
    }
    if let Some(a) = attendance {
        lines.extend(render_my_attendance(data, l, a));
    }
    lines.push(i18n.text(l, "privacy-never"));
    lines.join("\n")
}

/// The attendance rows the coordinator has about this participant, in the same terms.
fn render_my_attendance(
    data: &Data,
    l: Locale,
    a: &crate::app::participants::MyAttendance,
) -> Vec<String> {
    let i18n = &data.i18n;
    let mut lines = Vec::new();
    if let Some(pair) = &a.pair {
        lines.push(
            i18n.msg(
                l,
                &Msg::new("privacy-meetings")
                    .arg("grid", grid(pair, a.months_elapsed))
                    .arg(
                        "last",
                        pair.last_held
                            .map_or_else(|| i18n.text(l, "never"), fmt_instant),
                    ),
            ),
        );
        if let Some(set) = pair.objective_set {
            let set = i18n.text(l, if set { "yes" } else { "no" });
            lines.push(i18n.msg(l, &Msg::new("privacy-objective").arg("set", set)));
        }
    }
    if let Some(me) = &a.me {
        let sessions = match me.sessions_attended {
            Some(n) => format!("{n}/{}", a.sessions_held),
            None => i18n.text(l, "none"),
        };
        lines.push(i18n.msg(l, &Msg::new("privacy-sessions").arg("sessions", sessions)));
        let follow_up = me
            .last_follow_up
            .map_or_else(|| i18n.text(l, "never"), |d| fmt_date(l, d));
        lines.push(i18n.msg(l, &Msg::new("privacy-followup").arg("date", follow_up)));
    }
    for t in &a.tripartites {
        lines.push(
            i18n.msg(
                l,
                &Msg::new("privacy-tripartite")
                    .arg("when", fmt_instant(t.starts_at))
                    .arg("status", t.status.as_str()),
            ),
        );
    }
    lines
}
