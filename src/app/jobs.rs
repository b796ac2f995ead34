//! What each durable job means, decided here and handed to the Discord layer as plain
//! deliveries. Follow-up jobs (the second check-in, the next monthly nudge) are enqueued here.

use super::delivery::Delivery;
use super::{App, AppResult};
use crate::domain::job::{meeting_job_prefix, Job, JobPayload, NewJob};
use crate::domain::meeting::{month_span, MeetingStatus};
use crate::domain::participant::ParticipantRole;
use crate::domain::programme::{Programme, ProgrammeStatus};
use crate::domain::time::next_cron_instant;
use crate::domain::PairId;
use crate::domain::{MeetingId, ProgrammeId};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

impl App {
    /// Decides what a due job must send. An empty list means there is nothing left to do
    /// (the meeting was cancelled or already answered, the programme closed).
    #[tracing::instrument(skip_all, fields(job = %job.id, guild = %job.guild_id))]
    pub async fn plan_job(&self, job: &Job) -> AppResult<Vec<Delivery>> {
        match &job.payload {
            JobPayload::MeetingReminder {
                meeting,
                offset_minutes,
            } => self.plan_reminder(*meeting, *offset_minutes).await,
            JobPayload::MeetingCheckIn { meeting, round } => {
                self.plan_check_in(job, *meeting, *round).await
            }
            JobPayload::MeetingUnconfirmed { meeting } => self.plan_unconfirmed(*meeting).await,
            JobPayload::MonthlyRhythm { programme } => self.plan_monthly(job, *programme).await,
            JobPayload::WeeklyDigest { programme, since } => {
                self.plan_digest(job, *programme, *since).await
            }
            JobPayload::SessionReminder { .. }
            | JobPayload::SessionCheckIn { .. }
            | JobPayload::SessionCancelled { .. } => self.plan_session_job(job).await,
            JobPayload::TripartiteAsk { .. }
            | JobPayload::TripartiteNotice { .. }
            | JobPayload::TripartiteLapse { .. }
            | JobPayload::TripartiteReminder { .. }
            | JobPayload::TripartiteOutcome { .. } => self.plan_tripartite_job(job).await,
            JobPayload::Housekeeping => self.plan_housekeeping().await,
        }
    }

    /// The second check-in went unanswered too: the meeting is recorded as unconfirmed;
    /// nothing is sent.
    #[tracing::instrument(skip_all, fields(meeting = %meeting))]
    async fn plan_unconfirmed(&self, meeting: MeetingId) -> AppResult<Vec<Delivery>> {
        let now = self.clock.now();
        if self
            .store
            .set_meeting_outcome(meeting, MeetingStatus::Unconfirmed, now)
            .await?
        {
            tracing::info!(%meeting, "check-in never answered: unconfirmed");
        }
        Ok(Vec::new())
    }

    /// The meeting with its pair and programme, if it still awaits its outcome; `None` when
    /// it was cancelled or answered (its reminders and check-ins then have nothing to do).
    async fn still_scheduled(
        &self,
        meeting: MeetingId,
    ) -> AppResult<
        Option<(
            crate::domain::meeting::Meeting,
            crate::domain::pair::Pair,
            Programme,
        )>,
    > {
        let Some(m) = self.store.meeting(meeting).await? else {
            return Ok(None);
        };
        if m.status != MeetingStatus::Scheduled {
            return Ok(None);
        }
        let Some(pair) = self.store.pair(m.pair_id).await? else {
            return Ok(None);
        };
        let Some(programme) = self.store.programme(pair.programme_id).await? else {
            return Ok(None);
        };
        Ok(Some((m, pair, programme)))
    }

    #[tracing::instrument(skip_all, fields(meeting = %meeting))]
    async fn plan_reminder(
        &self,
        meeting: MeetingId,
        offset_minutes: i64,
    ) -> AppResult<Vec<Delivery>> {
        let Some((m, pair, programme)) = self.still_scheduled(meeting).await? else {
            return Ok(Vec::new());
        };
        let locale = self.server_locale(programme.guild_id).await?;
        let mut out = vec![Delivery::Reminder {
            channel: pair.channel_id,
            members: pair.members.iter().map(|m| m.user_id).collect(),
            starts_at: m.starts_at,
            tz: programme.time_zone,
            offset_minutes,
            locale,
        }];
        // The last reminder before the meeting also gives the mentor a posture prompt.
        let last =
            self.settings.rhythm.reminder_offsets_minutes.iter().min() == Some(&offset_minutes);
        if last {
            if let Some(mentor) = pair
                .members
                .iter()
                .find(|m| m.role == ParticipantRole::Mentor)
            {
                let participant = self
                    .store
                    .participant_by_user(programme.id, mentor.user_id)
                    .await?;
                let who_locale = participant.as_ref().map_or(locale, |p| p.locale);
                if let Some(prompt) = self
                    .next_posture(mentor.participant_id, ParticipantRole::Mentor, who_locale)
                    .await?
                {
                    out.push(Delivery::PostureDm {
                        user: mentor.user_id,
                        fallback_channel: pair.channel_id,
                        prompt,
                        locale: who_locale,
                    });
                }
            }
        }
        Ok(out)
    }

    #[tracing::instrument(skip_all, fields(job = %job.id, meeting = %meeting))]
    async fn plan_check_in(
        &self,
        job: &Job,
        meeting: MeetingId,
        round: u8,
    ) -> AppResult<Vec<Delivery>> {
        let Some((m, pair, programme)) = self.still_scheduled(meeting).await? else {
            return Ok(Vec::new());
        };
        let now = self.clock.now();
        let retry = self.settings.rhythm.check_in_retry;
        let prefix = meeting_job_prefix(meeting);
        let next = if round <= 1 {
            NewJob {
                guild_id: job.guild_id,
                due_at: now + retry,
                payload: JobPayload::MeetingCheckIn { meeting, round: 2 },
                idempotency_key: format!("{prefix}checkin:2"),
                expires_at: None,
            }
        } else {
            NewJob {
                guild_id: job.guild_id,
                due_at: now + retry,
                payload: JobPayload::MeetingUnconfirmed { meeting },
                idempotency_key: format!("{prefix}unconfirmed"),
                expires_at: None,
            }
        };
        self.store.enqueue_job(&next, now).await?;
        Ok(vec![Delivery::CheckIn {
            channel: pair.channel_id,
            members: pair.members.iter().map(|m| m.user_id).collect(),
            meeting,
            starts_at: m.starts_at,
            tz: programme.time_zone,
            round,
            locale: self.server_locale(programme.guild_id).await?,
        }])
    }

    #[tracing::instrument(skip_all, fields(job = %job.id, programme = %programme))]
    async fn plan_monthly(&self, job: &Job, programme: ProgrammeId) -> AppResult<Vec<Delivery>> {
        let Some(programme) = self.store.programme(programme).await? else {
            return Ok(Vec::new());
        };
        if programme.status != ProgrammeStatus::Active {
            return Ok(Vec::new());
        }
        let now = self.clock.now();
        // The chain goes on even when this tick is too late to nudge anyone (downtime):
        // a nudge days late would read oddly.
        self.ensure_monthly_job(&programme, now).await?;
        // Programmes created before the digest existed join its chain here (idempotent).
        self.ensure_digest_job(&programme, now, now).await?;
        if now - job.due_at > chrono::Duration::days(2) {
            tracing::info!(programme = %programme.id, due_at = %job.due_at, "monthly nudge too late, skipped");
            return Ok(Vec::new());
        }
        let today = now.with_timezone(&programme.time_zone).date_naive();
        let locale = self.server_locale(programme.guild_id).await?;
        let (from, to) = month_span(programme.time_zone, today);
        let met: HashSet<PairId> = self
            .store
            .pairs_meeting_between(programme.id, from, to)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::new();
        for pair in self.store.pairs(programme.id).await? {
            if pair.status.is_open() && !met.contains(&pair.id) {
                out.push(Delivery::Nudge {
                    channel: pair.channel_id,
                    members: pair.members.iter().map(|m| m.user_id).collect(),
                    locale,
                });
            }
        }
        Ok(out)
    }

    /// Enqueues the programme's next monthly tick (idempotent: keyed by its instant).
    pub(crate) async fn ensure_monthly_job(
        &self,
        programme: &Programme,
        after: DateTime<Utc>,
    ) -> AppResult<()> {
        let schedule = self.settings.rhythm.monthly.clone();
        self.enqueue_next_tick(programme, &schedule, after, |due_at| {
            (
                JobPayload::MonthlyRhythm {
                    programme: programme.id,
                },
                format!(
                    "monthly:{}:{}",
                    programme.id.0,
                    due_at.format("%Y-%m-%dT%H:%M")
                ),
            )
        })
        .await
    }

    /// Enqueues the next occurrence of a programme's recurring job (`schedule` on the
    /// programme's wall clock, after `after`): `job` gives its payload and idempotency key
    /// from its instant. Lateness is judged when it runs, so the chain is never broken.
    pub(crate) async fn enqueue_next_tick(
        &self,
        programme: &Programme,
        schedule: &cron::Schedule,
        after: DateTime<Utc>,
        job: impl FnOnce(DateTime<Utc>) -> (JobPayload, String),
    ) -> AppResult<()> {
        let Some(due_at) = next_cron_instant(schedule, programme.time_zone, after) else {
            return Ok(());
        };
        let (payload, idempotency_key) = job(due_at);
        let new = NewJob {
            guild_id: programme.guild_id,
            due_at,
            payload,
            idempotency_key,
            expires_at: None,
        };
        self.store.enqueue_job(&new, after).await?;
        self.jobs_changed.notify_one();
        Ok(())
    }
}
