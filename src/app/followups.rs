//! Individual follow-ups by the coordinator (`/followup log | due`). Their store trait,
//! `FollowUpStore`, is in `app::ports` (tripartite meetings have their own, `TripartiteStore`).
//!
//! A follow-up records that the coordinator met a participant: the day and how, nothing
//! else. There is no notes field anywhere, by design.

use super::error::FollowUpError;
use super::{Actor, App, AppError, AppResult, UserError};
use crate::domain::followup::NewFollowUp;
use crate::domain::followup::{is_due, oldest_first, FollowUp, FollowUpKind};
use crate::domain::participant::ParticipantRole;
use crate::domain::programme::Programme;
use crate::domain::time::LocalSlot;
use crate::domain::{Invalid, ProgrammeId, UserId};
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone)]
pub struct LogFollowUp {
    pub user: UserId,
    /// As typed; today in the programme's zone when absent.
    pub date: Option<String>,
    pub kind: Option<FollowUpKind>,
}

/// A participant and the day of their last follow-up (attendance only, no content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpStatus {
    pub user_id: UserId,
    pub role: ParticipantRole,
    /// `None`: never followed up.
    pub last: Option<NaiveDate>,
}

/// What `/followup due` shows: the people due, as of `today` in the programme's zone.
#[derive(Debug, Clone)]
pub struct FollowUpsDue {
    pub programme: Programme,
    pub due: Vec<FollowUpStatus>,
    pub today: NaiveDate,
    /// A follow-up older than this many days is due.
    pub due_after_days: i64,
}

impl App {
    /// `/followup log`: the coordinator met `req.user` on that day. Returns the programme (for
    /// its time zone) and what was recorded.
    pub async fn log_followup(
        &self,
        actor: &Actor,
        req: LogFollowUp,
    ) -> AppResult<(Programme, FollowUp)> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let participant = self
            .store
            .participant_by_user(programme.id, req.user)
            .await?
            .ok_or(UserError::NotEnrolled(req.user))?;
        let now = self.clock.now();
        let met_on = LocalSlot::past_day(req.date.as_deref(), programme.time_zone, now).map_err(
            |e| match e {
                Invalid::InTheFuture => AppError::from(FollowUpError::FutureDay),
                other => AppError::from(other),
            },
        )?;
        let followup = self
            .store
            .add_followup(&NewFollowUp {
                participant_id: participant.id,
                met_on,
                kind: req.kind,
                logged_by: actor.user,
                created_at: now,
            })
            .await?;
        tracing::info!(programme = %programme.id, participant = %participant.id, "follow-up logged");
        Ok((programme, followup))
    }

    /// `/followup due`: who needs a follow-up in the actor's running programme, oldest first,
    /// with the day it was worked out on and the span that makes a follow-up due.
    pub async fn list_followups_due(&self, actor: &Actor) -> AppResult<FollowUpsDue> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let now = self.clock.now();
        let due = self.followups_due(&programme, now).await?;
        Ok(FollowUpsDue {
            today: now.with_timezone(&programme.time_zone).date_naive(),
            due_after_days: self.settings.followup.due_after_days,
            programme,
            due,
        })
    }

    /// Every enrolled participant with the day of their last follow-up (`None`: never), in
    /// enrolment order. For reports and the attendance view.
    pub async fn last_followups(
        &self,
        programme: ProgrammeId,
    ) -> AppResult<Vec<(UserId, Option<NaiveDate>)>> {
        Ok(self
            .followup_statuses(programme)
            .await?
            .into_iter()
            .map(|s| (s.user_id, s.last))
            .collect())
    }

    /// Participants never followed up, or whose last follow-up is older than the configured
    /// span, as of `now` in the programme's zone; oldest first.
    pub async fn followups_due(
        &self,
        programme: &Programme,
        now: DateTime<Utc>,
    ) -> AppResult<Vec<FollowUpStatus>> {
        let today = now.with_timezone(&programme.time_zone).date_naive();
        let span = self.settings.followup.due_after_days;
        let mut due: Vec<FollowUpStatus> = self
            .followup_statuses(programme.id)
            .await?
            .into_iter()
            .filter(|s| is_due(s.last, today, span))
            .collect();
        // Stable: people with the same last day keep their enrolment order.
        due.sort_by(|a, b| oldest_first(a.last, b.last));
        Ok(due)
    }

    /// Everyone enrolled with their role and last follow-up day, in enrolment order.
    async fn followup_statuses(&self, programme: ProgrammeId) -> AppResult<Vec<FollowUpStatus>> {
        Ok(self
            .store
            .followup_roster(programme)
            .await?
            .into_iter()
            .map(|(user_id, role, last)| FollowUpStatus {
                user_id,
                role,
                last,
            })
            .collect())
    }
}
