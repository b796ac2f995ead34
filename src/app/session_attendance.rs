//! Answers to a session's announcement, presence (by the coordinator or by the participant's
//! own click), and the attendance of sessions for reports: counts and who was present, never
//! anything a participant typed.

use super::error::SessionError;
use super::{Actor, App, AppResult, UserError};
use crate::domain::participant::Participant;
use crate::domain::programme::Programme;
use crate::domain::session::{
    AttendanceSource, CheckInWindow, PresenceOutcome, Rsvp, Session, SessionAttendance,
    SessionAttendanceView, SessionId, SessionRsvp, SessionStatus,
};
use crate::domain::{ProgrammeId, UserId};
use std::collections::{HashMap, HashSet};

impl App {
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
    ) -> AppResult<(Programme, Session)> {
        let (programme, session, participant) = self.participant_session(actor, id).await?;
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
        Ok((programme, session))
    }

    /// The actor, a participant, clicks « Je suis présent·e » during the session's window.
    pub async fn check_in_session(
        &self,
        actor: &Actor,
        id: SessionId,
    ) -> AppResult<PresenceOutcome> {
        let (_, session, participant) = self.participant_session(actor, id).await?;
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
    ) -> AppResult<(Programme, Session, Participant)> {
        let (programme, session) = self.session_here(actor, id).await?;
        let participant = self
            .store
            .participant_by_user(programme.id, actor.user)
            .await?
            .ok_or(SessionError::NotAParticipant)?;
        if session.status == SessionStatus::Cancelled {
            return Err(SessionError::Cancelled.into());
        }
        Ok((programme, session, participant))
    }

    /// For reports: per session still standing, its kind, start, how many were invited and
    /// who was present. No content, no answers beyond counts.
    pub async fn session_attendance(
        &self,
        programme: ProgrammeId,
    ) -> AppResult<Vec<SessionAttendanceView>> {
        let enrolled = self.store.participants(programme).await?;
        self.sessions_attended_by(programme, &enrolled).await
    }

    /// [`Self::session_attendance`] for participants already loaded.
    pub(crate) async fn sessions_attended_by(
        &self,
        programme: ProgrammeId,
        participants: &[Participant],
    ) -> AppResult<Vec<SessionAttendanceView>> {
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

    /// The programme's sessions still standing, with only whether `me` was present: what
    /// `/privacy` shows of them. Counts of others' answers are not looked up.
    pub(crate) async fn sessions_of(
        &self,
        programme: ProgrammeId,
        me: &Participant,
    ) -> AppResult<Vec<SessionAttendanceView>> {
        let attended: HashSet<SessionId> = self
            .store
            .sessions_attended(me.id)
            .await?
            .into_iter()
            .collect();
        Ok(self
            .store
            .sessions_of_programme(programme)
            .await?
            .into_iter()
            .filter(|s| s.status != SessionStatus::Cancelled)
            .map(|s| SessionAttendanceView {
                session_id: s.id,
                kind: s.kind,
                starts_at: s.starts_at,
                invited: 0,
                coming: 0,
                declined: 0,
                present: attended
                    .contains(&s.id)
                    .then_some(me.user_id)
                    .into_iter()
                    .collect(),
            })
            .collect())
    }
}
