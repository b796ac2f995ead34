//! `/meeting schedule | list | cancel | done` and the check-in buttons. Only the pair's own
//! members may use them, and only inside their own channel.

use super::{Actor, App, AppResult, UserError};
use crate::domain::job::meeting_job_prefix;
use crate::domain::job::{JobPayload, NewJob};
use crate::domain::meeting::{CheckInAnswer, Meeting, MeetingMode, MeetingStatus, NewMeeting};
use crate::domain::pair::Pair;
use crate::domain::programme::Programme;
use crate::domain::time::{parse_duration_minutes, LocalSlot};
use crate::domain::{ChannelId, MeetingId};
use chrono::{Duration, NaiveTime};

pub use crate::domain::meeting::DEFAULT_DURATION_MINUTES;

#[derive(Debug, Clone, Default)]
pub struct ScheduleMeeting {
    pub date: String,
    pub time: String,
    pub duration: Option<String>,
    pub mode: Option<MeetingMode>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckInOutcome {
    Recorded(MeetingStatus),
    AlreadyAnswered(MeetingStatus),
}

impl App {
    /// The pair whose channel this is, if the actor belongs to it.
    pub(crate) async fn own_pair(
        &self,
        actor: &Actor,
        channel: ChannelId,
    ) -> AppResult<(Programme, Pair)> {
        let pair = self
            .store
            .pair_by_channel(channel)
            .await?
            .ok_or(UserError::NotAPairChannel)?;
        if pair.member(actor.user).is_none() {
            return Err(UserError::NotAPairMember.into());
        }
        let programme = self
            .store
            .programme(pair.programme_id)
            .await?
            .ok_or(UserError::NoActiveProgramme)?;
        Ok((programme, pair))
    }

    pub async fn schedule_meeting(
        &self,
        actor: &Actor,
        channel: ChannelId,
        req: ScheduleMeeting,
    ) -> AppResult<(Programme, Meeting)> {
        let (programme, pair) = self.own_pair(actor, channel).await?;
        let tz = programme.time_zone;
        let now = self.clock.now();
        let slot = LocalSlot::parse(&req.date, &req.time, tz, now, &programme.dates)?;
        let duration = match req.duration.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => parse_duration_minutes(d)?,
            _ => DEFAULT_DURATION_MINUTES,
        };
        let starts_at = slot.starts_at;
        let meeting = self
            .store
            .create_meeting(&NewMeeting {
                pair_id: pair.id,
                starts_at,
                duration_minutes: duration,
                mode: req.mode,
                status: MeetingStatus::Scheduled,
                created_at: now,
            })
            .await?;
        self.enqueue_meeting_jobs(&programme, &meeting).await?;
        tracing::info!(pair = %pair.id, meeting = %meeting.id, "meeting scheduled");
        Ok((programme, meeting))
    }

    async fn enqueue_meeting_jobs(
        &self,
        programme: &Programme,
        meeting: &Meeting,
    ) -> AppResult<()> {
        let now = self.clock.now();
        let rhythm = &self.settings.rhythm;
        let prefix = meeting_job_prefix(meeting.id);
        let mut jobs = Vec::new();
        for offset in &rhythm.reminder_offsets_minutes {
            let due_at = meeting.starts_at - Duration::minutes(*offset);
            if due_at > now {
                jobs.push(NewJob {
                    guild_id: programme.guild_id,
                    due_at,
                    payload: JobPayload::MeetingReminder {
                        meeting: meeting.id,
                        offset_minutes: *offset,
                    },
                    idempotency_key: format!("{prefix}reminder:{offset}"),
                    // A reminder for a meeting that has started is pointless.
                    expires_at: Some(meeting.starts_at),
                });
            }
        }
        jobs.push(NewJob {
            guild_id: programme.guild_id,
            due_at: meeting.ends_at() + rhythm.check_in_delay,
            payload: JobPayload::MeetingCheckIn {
                meeting: meeting.id,
                round: 1,
            },
            idempotency_key: format!("{prefix}checkin:1"),
            expires_at: None,
        });
        self.enqueue_jobs(&jobs, now).await?;
        Ok(())
    }

    /// Upcoming scheduled meetings and the last few past ones, oldest first.
    pub async fn list_meetings(
        &self,
        actor: &Actor,
        channel: ChannelId,
    ) -> AppResult<(Programme, Vec<Meeting>)> {
        let (programme, pair) = self.own_pair(actor, channel).await?;
        let meetings = self.store.meetings_of_pair(pair.id).await?;
        let now = self.clock.now();
        let past: Vec<_> = meetings
            .iter()
            .filter(|m| m.starts_at <= now)
            .cloned()
            .collect();
        let mut shown: Vec<Meeting> = past.iter().rev().take(5).rev().cloned().collect();
        shown.extend(meetings.into_iter().filter(|m| m.starts_at > now));
        Ok((programme, shown))
    }

    /// Cancels the pair's next scheduled meeting and its reminders.
    pub async fn cancel_meeting(
        &self,
        actor: &Actor,
        channel: ChannelId,
    ) -> AppResult<(Programme, Meeting)> {
        let (programme, pair) = self.own_pair(actor, channel).await?;
        let now = self.clock.now();
        let next = self
            .store
            .meetings_of_pair(pair.id)
            .await?
            .into_iter()
            .find(|m| m.status == MeetingStatus::Scheduled && m.starts_at > now)
            .ok_or(UserError::NoUpcomingMeeting)?;
        self.store
            .set_meeting_outcome(next.id, MeetingStatus::Cancelled, now)
            .await?;
        let cancelled = self
            .store
            .cancel_jobs(&meeting_job_prefix(next.id), now)
            .await?;
        tracing::info!(meeting = %next.id, jobs = cancelled, "meeting cancelled");
        Ok((programme, next))
    }

    /// Records a meeting the pair held without scheduling it first.
    pub async fn meeting_done(
        &self,
        actor: &Actor,
        channel: ChannelId,
        date: Option<String>,
    ) -> AppResult<(Programme, Meeting)> {
        let (programme, pair) = self.own_pair(actor, channel).await?;
        let tz = programme.time_zone;
        let now = self.clock.now();
        let day = LocalSlot::past_day(date.as_deref(), tz, now)?;
        // Noon local: the day is what matters; noon exists in every zone on every day.
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default();
        let starts_at = crate::domain::time::local_instant_lenient(tz, day.and_time(noon)).min(now);
        programme.dates.require_contains(day)?;
        let meeting = self
            .store
            .create_meeting(&NewMeeting {
                pair_id: pair.id,
                starts_at,
                duration_minutes: DEFAULT_DURATION_MINUTES,
                mode: None,
                status: MeetingStatus::Held,
                created_at: now,
            })
            .await?;
        tracing::info!(pair = %pair.id, meeting = %meeting.id, "meeting recorded as held");
        Ok((programme, meeting))
    }

    /// A pair member answered « on s'est vu·e·s ? ». The first answer counts.
    pub async fn answer_check_in(
        &self,
        actor: &Actor,
        meeting: MeetingId,
        answer: CheckInAnswer,
    ) -> AppResult<CheckInOutcome> {
        let m = self
            .store
            .meeting(meeting)
            .await?
            .ok_or(UserError::UnknownMeeting)?;
        let pair = self
            .store
            .pair(m.pair_id)
            .await?
            .ok_or(UserError::UnknownPair)?;
        let programme = self.store.programme(pair.programme_id).await?;
        if programme.is_none_or(|p| p.guild_id != actor.guild) {
            return Err(UserError::UnknownMeeting.into());
        }
        if pair.member(actor.user).is_none() {
            return Err(UserError::NotAPairMember.into());
        }
        let now = self.clock.now();
        if self
            .store
            .set_meeting_outcome(meeting, answer.status(), now)
            .await?
        {
            // No more check-ins for this meeting.
            self.store
                .cancel_jobs(&format!("{}checkin", meeting_job_prefix(meeting)), now)
                .await?;
            self.store
                .cancel_jobs(&format!("{}unconfirmed", meeting_job_prefix(meeting)), now)
                .await?;
            tracing::info!(%meeting, outcome = answer.as_str(), "check-in answered");
            Ok(CheckInOutcome::Recorded(answer.status()))
        } else {
            let current = self
                .store
                .meeting(meeting)
                .await?
                .map_or(answer.status(), |m| m.status);
            Ok(CheckInOutcome::AlreadyAnswered(current))
        }
    }
}
