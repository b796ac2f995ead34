//! Collective sessions (regroupements collectifs): kickoff, mid-term, closing. The coordinator
//! plans them (`/session add | list | cancel | attendance`); each becomes a Discord scheduled
//! event and an announcement with « Je viens » / « Je ne peux pas » buttons in the
//! announcement channel and the circles; participants get reminders a week, a day and an hour
//! before by DM, and a « Je suis présent·e » button when it starts.
//!
//! Planning and cancelling live here; answers and presence in `app::session_attendance`,
//! what session jobs send in `app::session_jobs`, the circles in `app::circles`.
//!
//! The coordinator sees counts and presence, never anything typed by participants.

use super::delivery::SessionNotice;
use super::error::SessionError;
use super::ports::ChannelError;
use super::ports::{Circle, SessionAnnouncement, SessionDiscord, SessionEventSpec};
use super::{Actor, App, AppError, AppResult};
use crate::domain::job::{JobPayload, NewJob};
use crate::domain::participant::ParticipantRole;
use crate::domain::programme::Programme;
use crate::domain::session::{
    default_duration, default_start_time, NewSession, Place, Rsvp, Session, SessionId, SessionKind,
    SessionStatus, REMINDER_OFFSETS_MINUTES,
};
use crate::domain::time::{parse_date, parse_time, LocalSlot};
use crate::domain::{ChannelId, GuildId};
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

// ----- results -------------------------------------------------------------------------------

#[derive(Debug, Clone, Default)]
pub struct AddSession {
    pub kind: Option<SessionKind>,
    pub date: Option<String>,
    pub time: Option<String>,
    pub place: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SessionAdded {
    pub session: Session,
    pub programme: Programme,
    pub announced_in: Vec<ChannelId>,
    /// Channels where Discord refused the announcement.
    pub not_announced_in: Vec<ChannelId>,
}

/// One line of `/session list`: the session and counts, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    pub session: Session,
    pub invited: usize,
    pub coming: usize,
    pub declined: usize,
    pub present: usize,
}

#[derive(Debug, Clone)]
pub struct SessionCancelled {
    pub session: Session,
    pub programme: Programme,
    /// False if Discord refused to delete the scheduled event (it may be gone already).
    pub event_removed: bool,
    /// Participants who had said they would come, and will be told.
    pub to_notify: usize,
}

/// Where session messages go on a server.
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    pub(crate) announcement: Option<ChannelId>,
    pub(crate) circles: Vec<Circle>,
}

impl Places {
    pub(crate) fn all(&self) -> Vec<ChannelId> {
        self.announcement
            .iter()
            .copied()
            .chain(self.circles.iter().map(|c| c.channel_id))
            .collect()
    }

    /// Where to mention someone whose DMs are closed: the announcement channel, else the
    /// circle of their role.
    pub(crate) fn fallback_for(&self, role: ParticipantRole) -> Option<ChannelId> {
        self.announcement.or_else(|| {
            self.circles
                .iter()
                .find(|c| c.role == role)
                .map(|c| c.channel_id)
        })
    }
}

/// Idempotency keys of a session's jobs all start with this, so cancelling is one call.
pub fn session_job_prefix(session: SessionId) -> String {
    format!("session:{}:", session.0)
}

impl App {
    pub(crate) async fn places(&self, guild: GuildId) -> AppResult<Places> {
        Ok(Places {
            announcement: self.store.announcement_channel(guild).await?,
            circles: self.store.circles(guild).await?,
        })
    }

    /// The session, if it belongs to a programme of the actor's server.
    pub(crate) async fn session_here(
        &self,
        actor: &Actor,
        id: SessionId,
    ) -> AppResult<(Programme, Session)> {
        let session = self
            .store
            .session(id)
            .await?
            .ok_or(SessionError::Unknown(id))?;
        match self.store.programme(session.programme_id).await? {
            Some(p) if p.guild_id == actor.guild => Ok((p, session)),
            _ => Err(SessionError::Unknown(id).into()),
        }
    }

    /// A coordinator's session: of the programme running on their server.
    pub(crate) async fn coordinator_session(
        &self,
        actor: &Actor,
        id: SessionId,
    ) -> AppResult<(Programme, Session)> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let (p, session) = self.session_here(actor, id).await?;
        if p.id != programme.id {
            return Err(SessionError::Unknown(id).into());
        }
        Ok((p, session))
    }

    /// Plans a collective session: checks the date, creates the Discord event, records the
    /// session, enqueues its reminders and check-in, and posts the announcement. Nothing is
    /// recorded if Discord refuses the event.
    pub async fn add_session(
        &self,
        actor: &Actor,
        req: AddSession,
        discord: &dyn SessionDiscord,
    ) -> AppResult<SessionAdded> {
        let settings = self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let kind = req.kind.unwrap_or(SessionKind::Other);
        let now = self.clock.now();
        let (date, time) = session_day_and_time(&programme, kind, &req, now)?;
        let place = match req.place.as_deref() {
            Some(p) => Place::parse(p)?,
            None => None,
        };
        let slot = LocalSlot::at(date, time, programme.time_zone, now, &programme.dates)?;
        let starts_at = slot.starts_at;
        let ends_at = starts_at + default_duration();
        let channels = self.places(actor.guild).await?.all();
        if channels.is_empty() {
            return Err(SessionError::NowhereToAnnounce.into());
        }
        let spec = SessionEventSpec {
            guild: actor.guild,
            kind,
            programme_name: programme.name.clone(),
            starts_at,
            ends_at,
            place: place.as_ref().map(|p| p.as_str().to_string()),
            locale: settings.locale,
        };
        let new = NewSession {
            programme_id: programme.id,
            kind,
            starts_at,
            ends_at,
            place,
            discord_event_id: None,
            created_at: now,
        };
        let session = self.record_session_with_event(discord, &spec, new).await?;
        self.enqueue_session_jobs(&programme, &session).await?;

        let (announced_in, not_announced_in) = announce(
            discord,
            SessionAnnouncement {
                notice: SessionNotice::new(&session, &programme),
                channels,
                locale: settings.locale,
            },
        )
        .await;
        tracing::info!(programme = %programme.id, session = %session.id, kind = kind.as_str(), "session planned");
        Ok(SessionAdded {
            session,
            programme,
            announced_in,
            not_announced_in,
        })
    }

    /// Creates the Discord event, then records the session with it; if the store refuses,
    /// the event is removed again, so nothing is left half done.
    async fn record_session_with_event(
        &self,
        discord: &dyn SessionDiscord,
        spec: &SessionEventSpec,
        new: NewSession,
    ) -> AppResult<Session> {
        let event = discord.create_event(spec).await.map_err(|e| match e {
            ChannelError::MissingPermissions => SessionError::EventPermission.into(),
            other => AppError::from(other),
        })?;
        let new = NewSession {
            discord_event_id: Some(event),
            ..new
        };
        match self.store.create_session(&new).await {
            Ok(s) => Ok(s),
            Err(e) => {
                if let Err(de) = discord.delete_event(spec.guild, event).await {
                    tracing::warn!(error = %de, event, "could not remove the event of an unrecorded session");
                }
                Err(e.into())
            }
        }
    }

    async fn enqueue_session_jobs(
        &self,
        programme: &Programme,
        session: &Session,
    ) -> AppResult<()> {
        let now = self.clock.now();
        let prefix = session_job_prefix(session.id);
        let mut jobs = Vec::new();
        for offset in REMINDER_OFFSETS_MINUTES {
            let due_at = session.starts_at - Duration::minutes(offset);
            if due_at > now {
                jobs.push(NewJob {
                    guild_id: programme.guild_id,
                    due_at,
                    payload: JobPayload::SessionReminder {
                        session: session.id,
                        offset_minutes: offset,
                    },
                    idempotency_key: format!("{prefix}reminder:{offset}"),
                    // A reminder for a session that has started is pointless.
                    expires_at: Some(session.starts_at),
                });
            }
        }
        jobs.push(NewJob {
            guild_id: programme.guild_id,
            due_at: session.starts_at - crate::domain::session::check_in_opens_before(),
            payload: JobPayload::SessionCheckIn {
                session: session.id,
            },
            idempotency_key: format!("{prefix}checkin"),
            expires_at: Some(session.ends_at + crate::domain::session::check_in_closes_after()),
        });
        self.enqueue_jobs(&jobs, now).await?;
        Ok(())
    }

    /// The programme's sessions with counts of answers and presences.
    pub async fn list_sessions(
        &self,
        actor: &Actor,
    ) -> AppResult<(Programme, Vec<SessionSummary>)> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let invited = usize::try_from(self.store.count_participants(programme.id).await?)
            .unwrap_or(usize::MAX);
        let mut out = Vec::new();
        for session in self.store.sessions_of_programme(programme.id).await? {
            let rsvps = self.store.rsvps(session.id).await?;
            let count = |a: Rsvp| rsvps.iter().filter(|r| r.answer == a).count();
            out.push(SessionSummary {
                invited,
                coming: count(Rsvp::Coming),
                declined: count(Rsvp::NotComing),
                present: self.store.presences(session.id).await?.len(),
                session,
            });
        }
        Ok((programme, out))
    }

    /// Cancels a session: its reminders and check-in are withdrawn, the Discord event is
    /// deleted, and those who said they would come are told (by a job, so it survives a
    /// restart and goes through the paced outbound path).
    pub async fn cancel_session(
        &self,
        actor: &Actor,
        id: SessionId,
        discord: &dyn SessionDiscord,
    ) -> AppResult<SessionCancelled> {
        let (programme, session) = self.coordinator_session(actor, id).await?;
        let now = self.clock.now();
        if session.status == SessionStatus::Cancelled {
            return Err(SessionError::Cancelled.into());
        }
        if session.is_over(now) {
            return Err(SessionError::Over.into());
        }
        if !self.store.cancel_session(id, now).await? {
            return Err(SessionError::Cancelled.into());
        }
        let withdrawn = self.store.cancel_jobs(&session_job_prefix(id), now).await?;
        let event_removed = match session.discord_event_id {
            Some(event) => match discord.delete_event(actor.guild, event).await {
                Ok(()) => true,
                Err(e) => {
                    tracing::warn!(session = %id, event, error = %e, "could not delete the scheduled event");
                    false
                }
            },
            None => true,
        };
        self.store
            .enqueue_job(
                &NewJob {
                    guild_id: programme.guild_id,
                    due_at: now,
                    payload: JobPayload::SessionCancelled { session: id },
                    idempotency_key: format!("{}cancelled", session_job_prefix(id)),
                    // A session cancelled while under way still deserves the notice.
                    expires_at: Some(session.ends_at),
                },
                now,
            )
            .await?;
        self.jobs_changed.notify_one();
        let to_notify = self
            .store
            .rsvps(id)
            .await?
            .iter()
            .filter(|r| r.answer == Rsvp::Coming)
            .count();
        tracing::info!(session = %id, jobs = withdrawn, "session cancelled");
        let session = self.store.session(id).await?.unwrap_or(session);
        Ok(SessionCancelled {
            session,
            programme,
            event_removed,
            to_notify,
        })
    }
}

/// The day and time typed, else the kind's default day in the programme and the default
/// start time (checked afterwards as every planned slot is, by `LocalSlot::at`).
fn session_day_and_time(
    programme: &Programme,
    kind: SessionKind,
    req: &AddSession,
    now: DateTime<Utc>,
) -> AppResult<(NaiveDate, NaiveTime)> {
    let today = now.with_timezone(&programme.time_zone).date_naive();
    let date = match non_blank(req.date.as_deref()) {
        Some(d) => parse_date(d, today)?,
        None => kind
            .default_date(&programme.dates)
            .ok_or(SessionError::DateNeeded)?,
    };
    let time = match non_blank(req.time.as_deref()) {
        Some(t) => parse_time(t)?,
        None => default_start_time(),
    };
    Ok((date, time))
}

/// Posts the announcement; the channels where it went, and those where Discord refused it.
async fn announce(
    discord: &dyn SessionDiscord,
    announcement: SessionAnnouncement,
) -> (Vec<ChannelId>, Vec<ChannelId>) {
    let mut announced_in = Vec::new();
    let mut not_announced_in = Vec::new();
    for (channel, result) in discord.announce(&announcement).await {
        match result {
            Ok(()) => announced_in.push(channel),
            Err(e) => {
                tracing::warn!(%channel, error = %e, "session announcement refused");
                not_announced_in.push(channel);
            }
        }
    }
    (announced_in, not_announced_in)
}

fn non_blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}
