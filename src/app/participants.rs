//! `/participant add | list | remove`.

use super::reports::AttendanceParts;
use super::tripartite::TripartiteView;
use super::{Actor, App, AppResult, UserError};
use crate::domain::meeting::MeetingsByPair;
use crate::domain::pair::open_pair_by_user;
use crate::domain::participant::{
    check_capacity, CompanyName, NewParticipant, Participant, ParticipantRole,
};
use crate::domain::privacy::{participant_view, ParticipantView};
use crate::domain::programme::{Programme, ThemeSet};
use crate::domain::UserId;

#[derive(Debug, Clone)]
pub struct AddParticipant {
    pub user: UserId,
    pub role: ParticipantRole,
    pub company: String,
    pub themes: Option<String>,
    /// Mentors: how many mentees they can take, 1 to 3 (1 when not given); mentees: 1.
    pub capacity: Option<u8>,
}

/// What `/privacy` shows a participant: the coordinator's view of them, per programme.
#[derive(Debug, Clone)]
pub struct PrivacyReport {
    pub programme_name: Option<String>,
    pub view: Option<ParticipantView>,
    /// The coordinator's attendance rows about me: my sessions and follow-ups, my pair's
    /// meetings per month (`None` when not enrolled).
    pub attendance: Option<MyAttendance>,
    /// Not enrolled: the request to join the actor made (`/join`), pending or refused, with
    /// everything it holds.
    pub join_request: Option<crate::domain::join::JoinRequest>,
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
        let capacity = check_capacity(req.role, req.capacity.unwrap_or(1))?;
        let new = NewParticipant {
            programme_id: programme.id,
            user_id: req.user,
            role: req.role,
            company,
            themes,
            capacity,
            locale: crate::domain::Locale::Fr,
            enrolled_at: self.clock.now(),
        };
        let participant = self.store.add_participant(&new).await?;
        // Enrolled directly while asking to join: the request has no more purpose.
        self.store
            .drop_pending_join_request(programme.id, req.user)
            .await?;
        tracing::info!(programme = %programme.id, participant = %participant.id, "participant enrolled");
        Ok(participant)
    }

    pub async fn list_participants(&self, actor: &Actor) -> AppResult<Vec<ParticipantView>> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let pairs = self.pairs_now(programme.id).await?.pairs;
        let open = open_pair_by_user(&pairs);
        Ok(self
            .store
            .participants(programme.id)
            .await?
            .iter()
            .map(|p| participant_view(p, open.get(&p.user_id).copied()))
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
        // Open is a stored status (at risk is derived from active): no meetings needed.
        if self
            .store
            .pairs_of_participant(participant.id)
            .await?
            .iter()
            .any(|p| p.status.is_open())
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
                join_request: None,
            });
        };
        let Some(me) = self
            .store
            .participant_by_user(programme.id, actor.user)
            .await?
        else {
            let join_request = self.store.join_request(programme.id, actor.user).await?;
            return Ok(PrivacyReport {
                programme_name: Some(programme.name),
                view: None,
                attendance: None,
                join_request,
            });
        };
        if me.locale != actor.locale {
            self.store
                .set_participant_locale(me.id, actor.locale)
                .await?;
        }
        let (view, attendance) = self.my_rows(&programme, &me).await?;
        Ok(PrivacyReport {
            programme_name: Some(programme.name),
            view: Some(view),
            attendance: Some(attendance),
            join_request: None,
        })
    }

    /// The coordinator's rows about `me`, built from my own data only (my pairs, their
    /// meetings, my presences and follow-ups): the same rows as in `/attendance`, without
    /// building the whole programme's view to show one person.
    async fn my_rows(
        &self,
        programme: &Programme,
        me: &Participant,
    ) -> AppResult<(ParticipantView, MyAttendance)> {
        let mine = self.store.pairs_of_participant(me.id).await?;
        let mut meetings = Vec::new();
        for pair in &mine {
            meetings.extend(self.store.meetings_of_pair(pair.id).await?);
        }
        let meetings = MeetingsByPair::group(meetings);
        let pairs = self.with_status_now(mine, meetings.last_held());
        let view = participant_view(
            me,
            open_pair_by_user(&pairs.pairs).get(&me.user_id).copied(),
        );
        let sessions = self.sessions_of(programme.id, me).await?;
        let follow_ups = [(me.user_id, self.store.last_followup(me.id).await?)];
        let grid = self.build_attendance(
            programme,
            &AttendanceParts {
                participants: &[(me.user_id, me.role)],
                pairs: &pairs,
                meetings: &meetings,
                sessions: &sessions,
                follow_ups: &follow_ups,
                earliest_pair: self.store.earliest_pair_created(programme.id).await?,
            },
        );
        let row = grid.participants.into_iter().next();
        let my_pair = row.as_ref().and_then(|r| r.pair_id);
        let mut pair = grid.pairs.into_iter().find(|p| Some(p.pair_id) == my_pair);
        if let Some(pair) = &mut pair {
            let set = self.objectives_set(programme.id).await?;
            pair.objective_set = Some(set.contains(&pair.pair_id));
        }
        let tripartites = match my_pair {
            Some(id) => self
                .store
                .tripartites_of_pair(id)
                .await?
                .iter()
                .map(TripartiteView::from)
                .collect(),
            None => Vec::new(),
        };
        let attendance = MyAttendance {
            me: row,
            sessions_held: grid.sessions.len(),
            pair,
            months_elapsed: grid.elapsed,
            tripartites,
        };
        Ok((view, attendance))
    }
}
