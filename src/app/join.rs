//! `/join` (anyone on the server, while the programme recruits) and the coordinator's
//! decision (`/participant approve | refuse`). Everything is checked before the privacy
//! notice is shown, again when it is accepted, and once more when the form is submitted: only
//! then is the request recorded, with the consent and the notice's version.

use super::{Actor, App, AppResult, UserError};
use crate::domain::join::{
    recruitment, JoinPayload, JoinRequest, JoinStatus, NewJoinRequest, Recruitment, RefusalReason,
    PRIVACY_NOTICE_VERSION,
};
use crate::domain::participant::{check_capacity, CompanyName, ParticipantRole};
use crate::domain::programme::{Programme, ThemeSet};
use crate::domain::UserId;

/// What the person chose in `/join`.
#[derive(Debug, Clone)]
pub struct JoinChoice {
    pub role: ParticipantRole,
    /// One to three of the programme's themes, as typed.
    pub themes: Vec<String>,
    /// Mentors: how many mentees they can take, 1 to 3 (1 when not given).
    pub capacity: Option<u8>,
}

impl App {
    /// Checks `/join` (the programme recruits, the person is neither enrolled nor already
    /// asking, the themes are the programme's) and returns the choices to carry in the
    /// notice's accept button. Stores nothing.
    pub async fn prepare_join(&self, actor: &Actor, choice: JoinChoice) -> AppResult<JoinPayload> {
        let programme = self.recruiting_programme(actor).await?;
        self.require_unknown(&programme, actor.user).await?;
        let typed = ThemeSet::from_items(choice.themes.iter().map(String::as_str))?;
        let themes = programme.themes.select(&typed)?;
        if themes.is_empty() {
            return Err(crate::domain::Invalid::NoTheme.into());
        }
        let positions = themes
            .iter()
            .filter_map(|t| programme.themes.iter().position(|p| p == t))
            .filter_map(|i| u8::try_from(i).ok())
            .collect();
        let capacity = match choice.role {
            ParticipantRole::Mentor => check_capacity(choice.role, choice.capacity.unwrap_or(1))?,
            // A mentee takes no mentee: a capacity given by mistake is ignored.
            ParticipantRole::Mentee => 1,
        };
        Ok(JoinPayload {
            notice_version: PRIVACY_NOTICE_VERSION,
            role: choice.role,
            themes: positions,
            capacity,
        })
    }

    /// The programme's themes containing `typed` (ignoring case), for `/join`'s suggestions
    /// while a person types: at most `limit`, none when no programme recruits. Reads only.
    pub async fn join_themes(
        &self,
        actor: &Actor,
        typed: &str,
        limit: usize,
    ) -> AppResult<Vec<String>> {
        let Ok(programme) = self.recruiting_programme(actor).await else {
            return Ok(Vec::new());
        };
        let typed = typed.trim().to_lowercase();
        Ok(programme
            .themes
            .names()
            .into_iter()
            .filter(|t| t.to_lowercase().contains(&typed))
            .take(limit)
            .collect())
    }

    /// The notice was accepted: the same checks again (time has passed). Stores nothing.
    pub async fn check_join(&self, actor: &Actor, payload: &JoinPayload) -> AppResult<()> {
        let programme = self.recruiting_programme(actor).await?;
        self.require_unknown(&programme, actor.user).await?;
        resolve(&programme, payload)?;
        Ok(())
    }

    /// The form was submitted: records the pending request with the consent given now.
    pub async fn request_join(
        &self,
        actor: &Actor,
        payload: &JoinPayload,
        company: &str,
    ) -> AppResult<JoinRequest> {
        let programme = self.recruiting_programme(actor).await?;
        self.require_unknown(&programme, actor.user).await?;
        let (themes, capacity) = resolve(&programme, payload)?;
        let company = CompanyName::parse(company)?;
        let now = self.clock.now();
        let request = self
            .store
            .add_join_request(&NewJoinRequest {
                programme_id: programme.id,
                user_id: actor.user,
                role: payload.role,
                company,
                themes,
                capacity,
                notice_version: payload.notice_version,
                consented_at: now,
                requested_at: now,
            })
            .await?;
        tracing::info!(programme = %programme.id, user = %actor.user, notice = payload.notice_version, "join requested");
        Ok(request)
    }

    /// The people waiting for a decision, oldest request first (coordinators).
    pub async fn pending_joins(&self, actor: &Actor) -> AppResult<Vec<UserId>> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        // Someone enrolled by a file while asking to join is no longer waiting.
        let enrolled: std::collections::HashSet<UserId> = self
            .store
            .participants(programme.id)
            .await?
            .iter()
            .map(|p| p.user_id)
            .collect();
        Ok(self
            .store
            .pending_join_requests(programme.id)
            .await?
            .iter()
            .map(|r| r.user_id)
            .filter(|u| !enrolled.contains(u))
            .collect())
    }

    /// Refuses a pending request with the reason's category; the person is not enrolled. The
    /// programme's id, to name the message telling the person.
    pub async fn refuse_join(
        &self,
        actor: &Actor,
        user: UserId,
        reason: RefusalReason,
    ) -> AppResult<crate::domain::ProgrammeId> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        if !self
            .store
            .refuse_join_request(programme.id, user, reason, self.clock.now())
            .await?
        {
            return Err(UserError::NoJoinRequest(user).into());
        }
        tracing::info!(programme = %programme.id, user = %user, reason = reason.as_str(), "join refused");
        Ok(programme.id)
    }

    /// The person's pending request (coordinators), for approving it.
    pub(crate) async fn pending_join(
        &self,
        programme: &Programme,
        user: UserId,
    ) -> AppResult<JoinRequest> {
        match self.store.join_request(programme.id, user).await? {
            Some(r) if r.status == JoinStatus::Pending => Ok(r),
            _ => Err(UserError::NoJoinRequest(user).into()),
        }
    }

    async fn recruiting_programme(&self, actor: &Actor) -> AppResult<Programme> {
        let programme = self.active_programme(actor.guild).await?;
        let today = self
            .clock
            .now()
            .with_timezone(&programme.time_zone)
            .date_naive();
        match recruitment(programme.recruiting_until, today) {
            Recruitment::Open { .. } => Ok(programme),
            Recruitment::NotOpen => Err(UserError::RecruitmentNotOpen.into()),
            Recruitment::Closed { .. } => Err(UserError::RecruitmentClosed.into()),
        }
    }

    /// Neither enrolled nor with a request of their own already.
    async fn require_unknown(&self, programme: &Programme, user: UserId) -> AppResult<()> {
        if self
            .store
            .participant_by_user(programme.id, user)
            .await?
            .is_some()
        {
            return Err(UserError::AlreadyEnrolledSelf.into());
        }
        match self.store.join_request(programme.id, user).await? {
            None => Ok(()),
            Some(r) if r.status == JoinStatus::Pending => {
                Err(UserError::JoinAlreadyRequested.into())
            }
            Some(_) => Err(UserError::JoinRefused.into()),
        }
    }
}

/// The themes and capacity a payload names, checked against the programme and the notice.
fn resolve(programme: &Programme, payload: &JoinPayload) -> AppResult<(ThemeSet, u8)> {
    if payload.notice_version != PRIVACY_NOTICE_VERSION {
        return Err(UserError::NoticeOutdated.into());
    }
    let all = programme.themes.names();
    let mut names = Vec::new();
    for i in &payload.themes {
        names.push(
            all.get(usize::from(*i))
                .ok_or(UserError::JoinThemeGone)?
                .as_str(),
        );
    }
    let themes = ThemeSet::from_items(names)?;
    let capacity = check_capacity(payload.role, payload.capacity)?;
    Ok((themes, capacity))
}
