//! `/participant add | list | remove`.

use super::{Actor, App, AppResult, UserError};
use crate::domain::participant::{CompanyName, NewParticipant, Participant, ParticipantRole};
use crate::domain::privacy::{participant_view, ParticipantView};
use crate::domain::programme::ThemeSet;
use crate::domain::UserId;

#[derive(Debug, Clone)]
pub struct AddParticipant {
    pub user: UserId,
    pub role: ParticipantRole,
    pub company: String,
    pub themes: Option<String>,
}

/// What `/privacy` shows a participant: the coordinator's view of them, per programme.
#[derive(Debug, Clone)]
pub struct PrivacyReport {
    pub programme_name: Option<String>,
    pub view: Option<ParticipantView>,
    /// The coordinator's attendance rows about me: my sessions and follow-ups, my pair's
    /// meetings per month (`None` when not enrolled).
    pub attendance: Option<MyAttendance>,
}

/// Exactly the rows of `/attendance` (and the reports) that concern the participant.
#[derive(Debug, Clone)]
pub struct MyAttendance {
    pub me: Option<crate::domain::attendance::ParticipantAttendance>,
    pub sessions_held: usize,
    pub pair: Option<crate::domain::attendance::PairAttendance>,
    pub months_elapsed: usize,
    /// Tripartite meetings of my pair, as the coordinator sees them: when and status.
    pub tripartites: Vec<super::tripartite::TripartiteView>,
}

impl App {
    pub async fn add_participant(
        &self,
        actor: &Actor,
        req: AddParticipant,
    ) -> AppResult<Participant> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let company = CompanyName::parse(&req.company)?;
        let themes = match req.themes.as_deref() {
            Some(t) => programme.themes.select(&ThemeSet::parse(t)?)?,
            None => ThemeSet::default(),
        };
        let new = NewParticipant {
            programme_id: programme.id,
            user_id: req.user,
            role: req.role,
            company,
            themes,
            locale: crate::domain::Locale::Fr,
            enrolled_at: self.clock.now(),
        };
        let participant = self.store.add_participant(&new).await?;
        tracing::info!(programme = %programme.id, participant = %participant.id, "participant enrolled");
        Ok(participant)
    }

    pub async fn list_participants(&self, actor: &Actor) -> AppResult<Vec<ParticipantView>> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let pairs = self.pairs_now(programme.id).await?;
        Ok(self
            .store
            .participants(programme.id)
            .await?
            .iter()
            .map(|p| participant_view(p, &pairs))
            .collect())
    }

    pub async fn remove_participant(&self, actor: &Actor, user: UserId) -> AppResult<()> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let participant = self
            .store
            .participant_by_user(programme.id, user)
            .await?
            .ok_or(UserError::NotEnrolled(user))?;
        let pairs = self.pairs_now(programme.id).await?;
        if pairs
            .iter()
            .any(|p| p.status.is_open() && p.member(user).is_some())
        {
            return Err(UserError::StillPaired(user).into());
        }
        self.store.remove_participant(participant.id).await?;
        tracing::info!(programme = %programme.id, participant = %participant.id, "participant removed");
        Ok(())
    }

    /// Exactly what the coordinator can see about the actor. Also remembers the actor's
    /// language so that what the bot posts for them later is in it.
    pub async fn privacy(&self, actor: &Actor) -> AppResult<PrivacyReport> {
        let Some(programme) = self.store.active_programme(actor.guild).await? else {
            return Ok(PrivacyReport {
                programme_name: None,
                view: None,
                attendance: None,
            });
        };
        let Some(me) = self
            .store
            .participant_by_user(programme.id, actor.user)
            .await?
        else {
            return Ok(PrivacyReport {
                programme_name: Some(programme.name),
                view: None,
                attendance: None,
            });
        };
        if me.locale != actor.locale {
            self.store
                .set_participant_locale(me.id, actor.locale)
                .await?;
        }
        let pairs = self.pairs_now(programme.id).await?;
        let view = participant_view(&me, &pairs);
        let grid = self.attendance_view(&programme).await?;
        let my_pair = view.pair.as_ref().map(|p| p.pair_id);
        let attendance = MyAttendance {
            me: grid
                .participants
                .iter()
                .find(|p| p.user_id == me.user_id)
                .cloned(),
            sessions_held: grid.sessions.len(),
            pair: grid
                .pairs
                .iter()
                .find(|p| Some(p.pair_id) == my_pair)
                .cloned(),
            months_elapsed: grid.elapsed,
            tripartites: self
                .tripartites(programme.id)
                .await?
                .into_iter()
                .filter(|t| Some(t.pair_id) == my_pair)
                .collect(),
        };
        Ok(PrivacyReport {
            programme_name: Some(programme.name),
            view: Some(view),
            attendance: Some(attendance),
        })
    }
}
