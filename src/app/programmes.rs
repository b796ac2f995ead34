//! `/programme create | status | close`.

use super::ports::Conflict;
use super::{Actor, App, AppResult, UserError};
use crate::domain::programme::{NewProgramme, Programme, ProgrammeDates, ProgrammeName, ThemeSet};
use crate::domain::time::{parse_date, parse_time_zone};

#[derive(Debug, Clone, Default)]
pub struct CreateProgramme {
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub time_zone: Option<String>,
    /// Comma-separated; the configured default themes when absent.
    pub themes: Option<String>,
    /// The last day of self-enrolment (`/join`), in the programme's time zone; not open when
    /// absent.
    pub recruiting_until: Option<String>,
}

/// Counts only: what the coordinator sees of the programme as a whole.
#[derive(Debug, Clone)]
pub struct ProgrammeStatusView {
    pub programme: Programme,
    pub mentors: usize,
    pub mentees: usize,
    pub unpaired: usize,
    pub open_pairs: usize,
    pub charters_complete: usize,
    pub at_risk: usize,
    /// People who asked to join and wait for a decision.
    pub pending_joins: usize,
    /// Reminders or check-ins that failed for good (Discord kept refusing).
    pub dead_jobs: u64,
}

impl App {
    pub async fn create_programme(
        &self,
        actor: &Actor,
        req: CreateProgramme,
    ) -> AppResult<Programme> {
        self.require_coordinator(actor).await?;
        let time_zone = match req.time_zone.as_deref().map(str::trim) {
            Some(tz) if !tz.is_empty() => parse_time_zone(tz)?,
            _ => self.settings.default_time_zone,
        };
        let today = self.clock.now().with_timezone(&time_zone).date_naive();
        let name = ProgrammeName::parse(&req.name)?;
        let dates = ProgrammeDates::new(
            parse_date(&req.starts_on, today)?,
            parse_date(&req.ends_on, today)?,
        )?;
        let recruiting_until = match req.recruiting_until.as_deref().map(str::trim) {
            Some(d) if !d.is_empty() => {
                let until = parse_date(d, today)?;
                if until > dates.ends_on() {
                    return Err(UserError::RecruitingAfterEnd.into());
                }
                Some(until)
            }
            _ => None,
        };
        let themes = match req.themes.as_deref() {
            Some(t) if !t.trim().is_empty() => ThemeSet::parse(t)?,
            _ => ThemeSet::from_items(self.settings.default_themes.iter().map(String::as_str))?,
        };
        if let Some(existing) = self.store.active_programme(actor.guild).await? {
            return Err(UserError::ProgrammeAlreadyActive {
                name: existing.name,
            }
            .into());
        }
        let new = NewProgramme {
            guild_id: actor.guild,
            name,
            dates,
            time_zone,
            themes,
            recruiting_until,
            created_at: self.clock.now(),
        };
        match self.store.create_programme(&new).await {
            Ok(p) => {
                self.ensure_monthly_job(&p, self.clock.now()).await?;
                self.ensure_digest_job(&p, self.clock.now(), p.created_at)
                    .await?;
                Ok(p)
            }
            // Two coordinators at once: the store's unique rule decided.
            Err(super::ports::StoreError::Conflict(Conflict::ActiveProgrammeExists)) => {
                Err(UserError::ProgrammeAlreadyActive {
                    name: new.name.as_str().to_string(),
                }
                .into())
            }
            Err(e) => Err(e.into()),
        }
    }

    pub async fn programme_status(&self, actor: &Actor) -> AppResult<ProgrammeStatusView> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let participants = self.store.participants(programme.id).await?;
        let pairs = self.pairs_now(programme.id).await?.pairs;
        let open: Vec<_> = pairs.iter().filter(|p| p.status.is_open()).collect();
        let paired_users = crate::domain::pair::open_pair_by_user(&pairs);
        let paired = |user| paired_users.contains_key(&user);
        let enrolled: std::collections::HashSet<_> =
            participants.iter().map(|p| p.user_id).collect();
        let pending_joins = self
            .store
            .pending_join_requests(programme.id)
            .await?
            .iter()
            .filter(|r| !enrolled.contains(&r.user_id))
            .count();
        use crate::domain::participant::ParticipantRole::*;
        Ok(ProgrammeStatusView {
            pending_joins,
            mentors: participants.iter().filter(|p| p.role == Mentor).count(),
            mentees: participants.iter().filter(|p| p.role == Mentee).count(),
            unpaired: participants.iter().filter(|p| !paired(p.user_id)).count(),
            open_pairs: open.len(),
            charters_complete: open.iter().filter(|p| p.charter_fully_signed()).count(),
            at_risk: open
                .iter()
                .filter(|p| p.status == crate::domain::pair::PairStatus::AtRisk)
                .count(),
            dead_jobs: self
                .store
                .count_jobs(actor.guild, crate::domain::job::JobState::Dead)
                .await?,
            programme,
        })
    }

    pub async fn close_programme(&self, actor: &Actor) -> AppResult<Programme> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        self.store
            .close_programme(programme.id, self.clock.now())
            .await?;
        tracing::info!(programme = %programme.id, "programme closed");
        Ok(programme)
    }
}
