//! Collective sessions (regroupements collectifs): kickoff, mid-term, closing. The coordinator
//! plans them (`/session add | list | cancel | attendance`); each becomes a Discord scheduled
//! event and an announcement with « Je viens » / « Je ne peux pas » buttons in the
//! announcement channel and the circles; participants get reminders a week, a day and an hour
//! before by DM, and a « Je suis présent·e » button when it starts.
//!
//! Also the circles (cercle des mentors, cercle des mentoré·e·s): one peer channel per role,
//! opened to each participant of that role as they are enrolled.
//!
//! The coordinator sees counts and presence, never anything typed by participants.

// moved to app::ports; re-export kept until discord/tests are updated
pub use super::ports::{
    Circle, CircleSpec, Circles, SessionAnnouncement, SessionDiscord, SessionEventSpec,
    SessionStore,
};
// moved to app::delivery; re-export kept until discord/tests are updated
pub use super::delivery::{Recipient, SessionDelivery, SessionNotice};
// moved to app::error; re-export kept until discord/tests are updated
use super::delivery::Delivery;
pub use super::error::SessionError;
use super::ports::ChannelError;
use super::{Actor, App, AppError, AppResult, UserError};
use crate::domain::job::{Job, JobPayload, NewJob};
use crate::domain::participant::{Participant, ParticipantRole};
use crate::domain::programme::Programme;
use crate::domain::session::{
    default_duration, default_start_time, AttendanceSource, CheckInWindow, NewSession, Place,
    PresenceOutcome, Rsvp, Session, SessionAttendance, SessionAttendanceView, SessionId,
    SessionKind, SessionRsvp, SessionStatus, REMINDER_OFFSETS_MINUTES,
};
use crate::domain::time::{parse_date, parse_time, LocalSlot};
use crate::domain::{ChannelId, GuildId, ProgrammeId, UserId};
use chrono::Duration;
use std::collections::HashMap;

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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CirclesReport {
    /// Circles created now.
    pub created: Vec<Circle>,
    /// Circles that were there already.
    pub existing: Vec<Circle>,
    /// Participants given access to a new circle.
    pub opened_to: usize,
}

/// Where session messages go on a server.
#[derive(Debug, Clone, Default)]
struct Places {
    announcement: Option<ChannelId>,
    circles: Vec<Circle>,
}

impl Places {
    fn all(&self) -> Vec<ChannelId> {
        self.announcement
            .iter()
            .copied()
            .chain(self.circles.iter().map(|c| c.channel_id))
            .collect()
    }

    /// Where to mention someone whose DMs are closed: the announcement channel, else the
    /// circle of their role.
    fn fallback_for(&self, role: ParticipantRole) -> Option<ChannelId> {
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
    async fn places(&self, guild: GuildId) -> AppResult<Places> {
        Ok(Places {
            announcement: self.store.announcement_channel(guild).await?,
            circles: self.store.circles(guild).await?,
        })
    }

    /// The session, if it belongs to a programme of the actor's server.
    async fn session_here(&self, actor: &Actor, id: SessionId) -> AppResult<(Programme, Session)> {
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
    async fn coordinator_session(
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
        let tz = programme.time_zone;
        let now = self.clock.now();
        let today = now.with_timezone(&tz).date_naive();
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
        let place = match req.place.as_deref() {
            Some(p) => Place::parse(p)?,
            None => None,
        };
        let starts_at = LocalSlot::at(date, time, tz, now, &programme.dates)?.starts_at;
        let ends_at = starts_at + default_duration();
        let places = self.places(actor.guild).await?;
        let channels = places.all();
        if channels.is_empty() {
            return Err(SessionError::NowhereToAnnounce.into());
        }

        let event = discord
            .create_event(&SessionEventSpec {
                guild: actor.guild,
                kind,
                programme_name: programme.name.clone(),
                starts_at,
                ends_at,
                place: place.as_ref().map(|p| p.as_str().to_string()),
                locale: settings.locale,
            })
            .await
            .map_err(|e| match e {
                ChannelError::MissingPermissions => SessionError::EventPermission.into(),
                other => AppError::from(other),
            })?;
        let session = match self
            .store
            .create_session(&NewSession {
                programme_id: programme.id,
                kind,
                starts_at,
                ends_at,
                place,
                discord_event_id: Some(event),
                created_at: now,
            })
            .await
        {
            Ok(s) => s,
            Err(e) => {
                if let Err(de) = discord.delete_event(actor.guild, event).await {
                    tracing::warn!(error = %de, event, "could not remove the event of an unrecorded session");
                }
                return Err(e.into());
            }
        };
        self.enqueue_session_jobs(&programme, &session).await?;

        let results = discord
            .announce(&SessionAnnouncement {
                notice: SessionNotice::new(&session, &programme),
                channels,
                locale: settings.locale,
            })
            .await;
        let mut announced_in = Vec::new();
        let mut not_announced_in = Vec::new();
        for (channel, result) in results {
            match result {
                Ok(()) => announced_in.push(channel),
                Err(e) => {
                    tracing::warn!(%channel, error = %e, "session announcement refused");
                    not_announced_in.push(channel);
                }
            }
        }
        tracing::info!(programme = %programme.id, session = %session.id, kind = kind.as_str(), "session planned");
        Ok(SessionAdded {
            session,
            programme,
            announced_in,
            not_announced_in,
        })
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
        let invited = self.store.participants(programme.id).await?.len();
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

    /// The coordinator notes that `user` was present.
    pub async fn mark_presence(
        &self,
        actor: &Actor,
        id: SessionId,
        user: UserId,
    ) -> AppResult<(Session, PresenceOutcome)> {
        let (programme, session) = self.coordinator_session(actor, id).await?;
        if session.status == SessionStatus::Cancelled {
            return Err(SessionError::Cancelled.into());
        }
        let now = self.clock.now();
        if let CheckInWindow::NotYetOpen { opens_at } = session.check_in_window(now) {
            return Err(SessionError::CheckInNotYetOpen { opens_at }.into());
        }
        let participant = self
            .store
            .participant_by_user(programme.id, user)
            .await?
            .ok_or(UserError::NotEnrolled(user))?;
        let outcome = self
            .store
            .record_presence(&SessionAttendance {
                session_id: id,
                participant_id: participant.id,
                recorded_at: now,
                source: AttendanceSource::Coordinator,
            })
            .await?;
        Ok((session, outcome))
    }

    /// The actor, a participant, answers the announcement. The last answer counts.
    pub async fn answer_rsvp(
        &self,
        actor: &Actor,
        id: SessionId,
        answer: Rsvp,
    ) -> AppResult<Session> {
        let (session, participant) = self.participant_session(actor, id).await?;
        let now = self.clock.now();
        if session.is_over(now) {
            return Err(SessionError::Over.into());
        }
        self.store
            .record_rsvp(&SessionRsvp {
                session_id: id,
                participant_id: participant.id,
                answer,
                answered_at: now,
            })
            .await?;
        tracing::info!(session = %id, participant = %participant.id, answer = answer.as_str(), "session answer");
        Ok(session)
    }

    /// The actor, a participant, clicks « Je suis présent·e » during the session's window.
    pub async fn check_in_session(
        &self,
        actor: &Actor,
        id: SessionId,
    ) -> AppResult<PresenceOutcome> {
        let (session, participant) = self.participant_session(actor, id).await?;
        let now = self.clock.now();
        match session.check_in_window(now) {
            CheckInWindow::NotYetOpen { opens_at } => {
                Err(SessionError::CheckInNotYetOpen { opens_at }.into())
            }
            CheckInWindow::Closed { .. } => Err(SessionError::CheckInClosed.into()),
            CheckInWindow::Open => Ok(self
                .store
                .record_presence(&SessionAttendance {
                    session_id: id,
                    participant_id: participant.id,
                    recorded_at: now,
                    source: AttendanceSource::SelfCheckIn,
                })
                .await?),
        }
    }

    async fn participant_session(
        &self,
        actor: &Actor,
        id: SessionId,
    ) -> AppResult<(Session, Participant)> {
        let (programme, session) = self.session_here(actor, id).await?;
        let participant = self
            .store
            .participant_by_user(programme.id, actor.user)
            .await?
            .ok_or(SessionError::NotAParticipant)?;
        if session.status == SessionStatus::Cancelled {
            return Err(SessionError::Cancelled.into());
        }
        Ok((session, participant))
    }

    /// For reports: per session still standing, its kind, start, how many were invited and
    /// who was present. No content, no answers beyond counts.
    pub async fn session_attendance(
        &self,
        programme: ProgrammeId,
    ) -> AppResult<Vec<SessionAttendanceView>> {
        let participants = self.store.participants(programme).await?;
        let user_of: HashMap<_, _> = participants.iter().map(|p| (p.id, p.user_id)).collect();
        let mut out = Vec::new();
        for session in self.store.sessions_of_programme(programme).await? {
            if session.status == SessionStatus::Cancelled {
                continue;
            }
            let rsvps = self.store.rsvps(session.id).await?;
            let count = |a: Rsvp| rsvps.iter().filter(|r| r.answer == a).count();
            let present = self
                .store
                .presences(session.id)
                .await?
                .iter()
                .filter_map(|a| user_of.get(&a.participant_id).copied())
                .collect();
            out.push(SessionAttendanceView {
                session_id: session.id,
                kind: session.kind,
                starts_at: session.starts_at,
                invited: participants.len(),
                coming: count(Rsvp::Coming),
                declined: count(Rsvp::NotComing),
                present,
            });
        }
        Ok(out)
    }

    // ----- announcement channel and circles --------------------------------------------------

    /// `/setup announcement_channel`: where sessions are announced to participants.
    pub async fn set_announcement_channel(
        &self,
        actor: &Actor,
        channel: ChannelId,
    ) -> AppResult<()> {
        if !actor.manage_guild {
            return Err(UserError::NeedManageServer.into());
        }
        self.store
            .guild_settings(actor.guild)
            .await?
            .ok_or(UserError::NotSetUp)?;
        self.store
            .set_announcement_channel(actor.guild, Some(channel))
            .await?;
        Ok(())
    }

    pub async fn announcement_channel(&self, guild: GuildId) -> AppResult<Option<ChannelId>> {
        Ok(self.store.announcement_channel(guild).await?)
    }

    /// `/setup create_circles`: creates the circles that are missing and opens each to the
    /// participants of its role already enrolled.
    pub async fn create_circles(
        &self,
        actor: &Actor,
        circles: &dyn Circles,
    ) -> AppResult<CirclesReport> {
        if !actor.manage_guild {
            return Err(UserError::NeedManageServer.into());
        }
        let settings = self
            .store
            .guild_settings(actor.guild)
            .await?
            .ok_or(UserError::NotSetUp)?;
        let known = self.store.circles(actor.guild).await?;
        let enrolled = match self.store.active_programme(actor.guild).await? {
            Some(p) => self.store.participants(p.id).await?,
            None => Vec::new(),
        };
        let mut report = CirclesReport {
            created: Vec::new(),
            existing: Vec::new(),
            opened_to: 0,
        };
        for role in [ParticipantRole::Mentor, ParticipantRole::Mentee] {
            let spec = CircleSpec {
                guild: actor.guild,
                role,
                coordinator_role: settings.coordinator_role,
                locale: settings.locale,
            };
            let existing = match known.iter().find(|c| c.role == role) {
                Some(c) if circles.circle_exists(c.channel_id).await? => Some(c.clone()),
                _ => None,
            };
            let circle = match existing {
                // Running /setup again repairs access (granting a role twice is harmless),
                // e.g. after an earlier run stopped halfway.
                Some(
                    c @ Circle {
                        access_role: Some(_),
                        ..
                    },
                ) => {
                    report.existing.push(c.clone());
                    c
                }
                // A circle from before circle roles: it gets its role now.
                Some(c) => {
                    let access_role = circles.give_circle_a_role(c.channel_id, &spec).await?;
                    let c = Circle {
                        access_role: Some(access_role),
                        ..c
                    };
                    self.store.save_circle(&c).await?;
                    tracing::info!(guild = %actor.guild, role = role.as_str(), channel = %c.channel_id, "circle given its role");
                    report.existing.push(c.clone());
                    c
                }
                None => {
                    let (channel, access_role) = circles.create_circle(&spec).await?;
                    let c = Circle {
                        guild_id: actor.guild,
                        role,
                        channel_id: channel,
                        access_role: Some(access_role),
                        created_at: self.clock.now(),
                    };
                    self.store.save_circle(&c).await?;
                    tracing::info!(guild = %actor.guild, role = role.as_str(), %channel, "circle created");
                    report.created.push(c.clone());
                    c
                }
            };
            if let Some(access_role) = circle.access_role {
                for p in enrolled.iter().filter(|p| p.role == role) {
                    circles
                        .open_circle(actor.guild, access_role, p.user_id)
                        .await?;
                    report.opened_to += 1;
                }
            }
        }
        Ok(report)
    }

    /// After `/participant add`: opens the circle of the participant's role, if there is one.
    pub async fn open_circle_to(
        &self,
        actor: &Actor,
        participant: &Participant,
        circles: &dyn Circles,
    ) -> AppResult<Option<ChannelId>> {
        self.require_coordinator(actor).await?;
        let Some((circle, access_role)) = self
            .store
            .circles(actor.guild)
            .await?
            .into_iter()
            .find(|c| c.role == participant.role)
            .and_then(|c| c.access_role.map(|r| (c, r)))
        else {
            // No circle, or one from before circle roles that /setup has not converted yet.
            return Ok(None);
        };
        circles
            .open_circle(actor.guild, access_role, participant.user_id)
            .await?;
        Ok(Some(circle.channel_id))
    }

    /// After `/participant remove`: closes every circle to the person (they are no longer a
    /// participant, so their role no longer matters).
    pub async fn close_circles_to(
        &self,
        actor: &Actor,
        user: UserId,
        circles: &dyn Circles,
    ) -> AppResult<usize> {
        self.require_coordinator(actor).await?;
        let known = self.store.circles(actor.guild).await?;
        for role in known.iter().filter_map(|c| c.access_role) {
            circles.close_circle(actor.guild, role, user).await?;
        }
        Ok(known.len())
    }

    // ----- jobs ----------------------------------------------------------------------------

    /// What a session job sends now; empty when the session no longer needs it.
    pub(crate) async fn plan_session_job(&self, job: &Job) -> AppResult<Vec<Delivery>> {
        let id = match &job.payload {
            JobPayload::SessionReminder { session, .. }
            | JobPayload::SessionCheckIn { session }
            | JobPayload::SessionCancelled { session } => *session,
            _ => return Ok(Vec::new()),
        };
        let Some(session) = self.store.session(id).await? else {
            return Ok(Vec::new());
        };
        let Some(programme) = self.store.programme(session.programme_id).await? else {
            return Ok(Vec::new());
        };
        // A closed programme sends nothing more, whatever was still planned.
        if programme.status != crate::domain::programme::ProgrammeStatus::Active {
            return Ok(Vec::new());
        }
        let places = self.places(programme.guild_id).await?;
        let locale = self.server_locale(programme.guild_id).await?;
        let notice = SessionNotice::new(&session, &programme);
        let delivery = match &job.payload {
            JobPayload::SessionReminder { offset_minutes, .. } => {
                if session.status != SessionStatus::Scheduled {
                    return Ok(Vec::new());
                }
                let recipients = self
                    .recipients(&programme, &session, &places, |answer| {
                        answer != Some(Rsvp::NotComing)
                    })
                    .await?;
                SessionDelivery::Reminder {
                    notice,
                    offset_minutes: *offset_minutes,
                    recipients,
                    locale,
                }
            }
            JobPayload::SessionCheckIn { .. } => {
                if session.status != SessionStatus::Scheduled {
                    return Ok(Vec::new());
                }
                let channels = places.all();
                if channels.is_empty() {
                    tracing::warn!(session = %id, "nowhere to post the presence button");
                    return Ok(Vec::new());
                }
                SessionDelivery::CheckIn {
                    notice,
                    channels,
                    locale,
                }
            }
            JobPayload::SessionCancelled { .. } => {
                if session.status != SessionStatus::Cancelled {
                    return Ok(Vec::new());
                }
                let recipients = self
                    .recipients(&programme, &session, &places, |answer| {
                        answer == Some(Rsvp::Coming)
                    })
                    .await?;
                SessionDelivery::Cancelled {
                    notice,
                    channels: places.all(),
                    recipients,
                    locale,
                }
            }
            _ => return Ok(Vec::new()),
        };
        Ok(vec![Delivery::Session(delivery)])
    }

    /// Enrolled participants whose current answer passes `wanted`, with their DM fallback.
    async fn recipients(
        &self,
        programme: &Programme,
        session: &Session,
        places: &Places,
        wanted: impl Fn(Option<Rsvp>) -> bool,
    ) -> AppResult<Vec<Recipient>> {
        let answers: HashMap<_, _> = self
            .store
            .rsvps(session.id)
            .await?
            .into_iter()
            .map(|r| (r.participant_id, r.answer))
            .collect();
        Ok(self
            .store
            .participants(programme.id)
            .await?
            .into_iter()
            .filter(|p| wanted(answers.get(&p.id).copied()))
            .map(|p| Recipient {
                user: p.user_id,
                locale: p.locale,
                fallback: places.fallback_for(p.role),
            })
            .collect())
    }
}

fn non_blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}
