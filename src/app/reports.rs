//! `/attendance`, `/report csv | chart` and the coordinator's weekly digest: what the
//! coordinator sees of the programme — attendance and status, never content.

use super::delivery::Delivery;
use super::delivery::{AtRiskPair, Digest, UpcomingSession};
use super::pairs::PairsNow;
use super::{Actor, App, AppResult};
use crate::domain::attendance::{newly_at_risk, AttendanceInput, AttendanceView};
use crate::domain::job::{Job, JobPayload};
use crate::domain::meeting::MeetingsByPair;
use crate::domain::pair::PairStatus;
use crate::domain::participant::ParticipantRole;
use crate::domain::programme::{Programme, ProgrammeStatus};
use crate::domain::session::{SessionAttendanceView, SessionStatus};
use crate::domain::{ProgrammeId, UserId};
use chrono::{DateTime, Duration, Utc};

/// A digest more than this late (the bot was down) is not sent; the chain goes on.
const DIGEST_GRACE: Duration = Duration::hours(24);

/// What an attendance view is built from, each read once for the command.
pub(crate) struct AttendanceParts<'a> {
    pub participants: &'a [(UserId, ParticipantRole)],
    pub pairs: &'a PairsNow,
    pub meetings: &'a MeetingsByPair,
    pub sessions: &'a [SessionAttendanceView],
    pub follow_ups: &'a [(UserId, Option<chrono::NaiveDate>)],
    /// When `pairs` is part of the programme's pairs: the programme's earliest pair, so the
    /// grid starts in the same month as the whole programme's.
    pub earliest_pair: Option<DateTime<Utc>>,
}

/// The attendance view of the running programme, with the programme (for its zone and name).
#[derive(Debug, Clone)]
pub struct AttendanceReport {
    pub programme: Programme,
    pub view: AttendanceView,
    /// The day the report was made, in the programme's zone (file names carry it).
    pub today: chrono::NaiveDate,
}

/// How far ahead the digest announces collective sessions.
pub const DIGEST_LOOKAHEAD: Duration = Duration::days(14);

impl App {
    /// `/attendance` and `/report …`: the attendance view, for coordinators only.
    pub async fn attendance(&self, actor: &Actor) -> AppResult<AttendanceReport> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let view = self.attendance_view(&programme).await?;
        let today = self
            .clock
            .now()
            .with_timezone(&programme.time_zone)
            .date_naive();
        Ok(AttendanceReport {
            programme,
            view,
            today,
        })
    }

    pub(crate) async fn attendance_view(&self, programme: &Programme) -> AppResult<AttendanceView> {
        let enrolled = self.store.participants(programme.id).await?;
        let meetings = MeetingsByPair::group(self.store.meetings_of_programme(programme.id).await?);
        let pairs = self.store.pairs(programme.id).await?;
        let now_pairs = self.with_status_now(pairs, meetings.last_held());
        let sessions = self.sessions_attended_by(programme.id, &enrolled).await?;
        let follow_ups = self.last_followups(programme.id).await?;
        let objectives = self.objectives_set(programme.id).await?;
        let participants: Vec<_> = enrolled.iter().map(|p| (p.user_id, p.role)).collect();
        let mut view = self.build_attendance(
            programme,
            &AttendanceParts {
                participants: &participants,
                pairs: &now_pairs,
                meetings: &meetings,
                sessions: &sessions,
                follow_ups: &follow_ups,
                earliest_pair: None,
            },
        );
        for row in &mut view.pairs {
            row.objective_set = Some(objectives.contains(&row.pair_id));
        }
        Ok(view)
    }

    /// The attendance view of `parts`, as of now in the programme's zone.
    pub(crate) fn build_attendance(
        &self,
        programme: &Programme,
        parts: &AttendanceParts<'_>,
    ) -> AttendanceView {
        let now = self.clock.now();
        AttendanceView::build(&AttendanceInput {
            participants: parts.participants,
            pairs: &parts.pairs.pairs,
            meetings: parts.meetings,
            sessions: parts.sessions,
            follow_ups: parts.follow_ups,
            earliest_pair: parts.earliest_pair,
            now,
            tz: programme.time_zone,
            starts_on: programme.dates.starts_on(),
            ends_on: programme.dates.ends_on(),
            today: now.with_timezone(&programme.time_zone).date_naive(),
        })
    }

    /// A due digest job: posts the digest to the coordinator channel and enqueues the next.
    #[tracing::instrument(skip_all, fields(job = %job.id, programme = %programme))]
    pub(crate) async fn plan_digest(
        &self,
        job: &Job,
        programme: ProgrammeId,
        since: DateTime<Utc>,
    ) -> AppResult<Vec<Delivery>> {
        let Some(programme) = self.store.programme(programme).await? else {
            return Ok(Vec::new());
        };
        if programme.status != ProgrammeStatus::Active {
            return Ok(Vec::new());
        }
        let now = self.clock.now();
        if now - job.due_at > DIGEST_GRACE {
            // Too late to read as « this week »; the next digest covers the missed span too.
            tracing::info!(programme = %programme.id, due_at = %job.due_at, "digest too late, skipped");
            self.ensure_digest_job(&programme, now, since).await?;
            return Ok(Vec::new());
        }
        // This digest covers up to now, so the next one starts from now (not from its due
        // time): a late digest does not make the next one report the same pairs again.
        self.ensure_digest_job(&programme, now, now).await?;
        let Some(settings) = self.store.guild_settings(programme.guild_id).await? else {
            return Ok(Vec::new());
        };
        let Some(channel) = settings.coordinator_channel else {
            tracing::info!(programme = %programme.id, "no coordinator channel: digest not posted");
            return Ok(Vec::new());
        };
        let digest = self.digest(&programme, since, now).await?;
        Ok(vec![Delivery::Digest {
            channel,
            locale: settings.locale,
            digest,
        }])
    }

    async fn digest(
        &self,
        programme: &Programme,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> AppResult<Digest> {
        let now_pairs = self.pairs_now(programme.id).await?;
        let pairs = &now_pairs.pairs;
        let span = self.settings.rhythm.at_risk_after;
        let open: Vec<_> = pairs.iter().filter(|p| p.status.is_open()).collect();
        let newly = open
            .iter()
            .filter(|p| p.status == PairStatus::AtRisk)
            .filter_map(|p| {
                let last_held = now_pairs.last_held(p.id);
                newly_at_risk(p.created_at, last_held, since, now, span).then(|| AtRiskPair {
                    pair_id: p.id,
                    members: p.members.iter().map(|m| m.user_id).collect(),
                    last_held,
                })
            })
            .collect();
        let upcoming = self.upcoming_sessions(programme.id, now).await?;
        let followups_due = self
            .followups_due(programme, now)
            .await?
            .into_iter()
            .map(|f| (f.user_id, f.last))
            .collect();
        Ok(Digest {
            upcoming_sessions: upcoming,
            followups_due,
            programme: programme.name.clone(),
            tz: programme.time_zone,
            open_pairs: open.len(),
            at_risk: open
                .iter()
                .filter(|p| p.status == PairStatus::AtRisk)
                .count(),
            newly_at_risk: newly,
        })
    }

    /// The collective sessions within `DIGEST_LOOKAHEAD`, soonest first.
    async fn upcoming_sessions(
        &self,
        programme: ProgrammeId,
        now: DateTime<Utc>,
    ) -> AppResult<Vec<UpcomingSession>> {
        let mut upcoming: Vec<UpcomingSession> = self
            .store
            .sessions_of_programme(programme)
            .await?
            .into_iter()
            .filter(|s| {
                s.status != SessionStatus::Cancelled
                    && s.starts_at > now
                    && s.starts_at <= now + DIGEST_LOOKAHEAD
            })
            .map(|s| UpcomingSession {
                kind: s.kind,
                starts_at: s.starts_at,
            })
            .collect();
        upcoming.sort_by_key(|s| s.starts_at);
        Ok(upcoming)
    }

    /// Enqueues the programme's next digest after `after` (idempotent: keyed by its instant).
    /// `since` is what that digest reports from: the previous digest, or the programme's start.
    pub(crate) async fn ensure_digest_job(
        &self,
        programme: &Programme,
        after: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> AppResult<()> {
        let schedule = self.settings.reports.digest.clone();
        self.enqueue_next_tick(programme, &schedule, after, |due_at| {
            (
                JobPayload::WeeklyDigest {
                    programme: programme.id,
                    since,
                },
                digest_job_key(programme.id, due_at),
            )
        })
        .await
    }
}

/// The idempotency key of a programme's digest due at `due_at`.
pub fn digest_job_key(programme: ProgrammeId, due_at: DateTime<Utc>) -> String {
    format!("digest:{}:{}", programme.0, due_at.format("%Y-%m-%dT%H:%M"))
}
