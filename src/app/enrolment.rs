//! The use cases that chain a record and what Discord must do for it, so the Discord layer
//! calls one use case per command: enrolling opens the participant's circle, withdrawing
//! closes it, and setting the server up also sets where sessions are announced and creates
//! the circles. The record stands even when Discord refuses the follow-up step; the refusal
//! is part of the result, for the reply to say.

use super::circles::CirclesReport;
use super::imports::ImportReport;
use super::participants::AddParticipant;
use super::ports::Circles;
use super::setup::{SetupReport, SetupRequest};
use super::{Actor, App, AppError, AppResult};
use crate::domain::participant::Participant;
use crate::domain::{ChannelId, UserId};
use crate::import::CandidateRow;
use std::collections::HashSet;

/// `/participant add`: who was enrolled, and the circle opened to them (none when the server
/// has no circle of their role).
#[derive(Debug)]
pub struct Enrolled {
    pub participant: Participant,
    pub circle: Result<Option<ChannelId>, AppError>,
}

/// `/participant import`: what was enrolled, and to how many people a circle was opened.
#[derive(Debug)]
pub struct Imported {
    pub report: ImportReport,
    pub circles_opened: Result<usize, AppError>,
}

/// `/participant remove`: how many circles were closed to the person.
#[derive(Debug)]
pub struct Withdrawn {
    pub circles_closed: Result<usize, AppError>,
}

/// What `/setup` may do besides the coordinator role.
#[derive(Debug, Clone, Default)]
pub struct SetupExtras {
    pub announcement_channel: Option<ChannelId>,
    pub create_circles: bool,
}

/// `/setup` with its extras: each extra's outcome, `None` when it was not asked for.
#[derive(Debug)]
pub struct ServerSetUp {
    pub report: SetupReport,
    pub announcement: Option<Result<ChannelId, AppError>>,
    pub circles: Option<Result<CirclesReport, AppError>>,
}

impl App {
    /// Enrols the person, then opens the circle of their role to them.
    pub async fn enrol_participant(
        &self,
        actor: &Actor,
        req: AddParticipant,
        circles: &dyn Circles,
    ) -> AppResult<Enrolled> {
        let participant = self.add_participant(actor, req).await?;
        let circle = self.open_circle_to(actor, &participant, circles).await;
        Ok(Enrolled {
            participant,
            circle,
        })
    }

    /// `/participant approve`: enrols the person who asked to join, as `/participant add`
    /// would with what they gave, deletes their request in the same transaction, then opens
    /// the circle of their role to them.
    pub async fn approve_join(
        &self,
        actor: &Actor,
        user: UserId,
        circles: &dyn Circles,
    ) -> AppResult<Enrolled> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        let request = self.pending_join(&programme, user).await?;
        let new = crate::domain::participant::NewParticipant {
            programme_id: programme.id,
            user_id: request.user_id,
            role: request.role,
            company: request.company,
            themes: request.themes,
            capacity: request.capacity,
            locale: crate::domain::Locale::Fr,
            enrolled_at: self.clock.now(),
        };
        let participant = self.store.approve_join_request(&new).await?;
        tracing::info!(programme = %programme.id, participant = %participant.id, "join approved");
        let circle = self.open_circle_to(actor, &participant, circles).await;
        Ok(Enrolled {
            participant,
            circle,
        })
    }

    /// Enrols everyone in the file (all or nobody), then opens the circle of their role to
    /// each, as `/participant add` does for one person.
    pub async fn import_and_open_circles(
        &self,
        actor: &Actor,
        rows: Vec<CandidateRow>,
        members: &HashSet<UserId>,
        circles: &dyn Circles,
    ) -> AppResult<Imported> {
        let people: Vec<_> = rows.iter().map(|r| (r.user, r.role)).collect();
        let report = self.import_participants(actor, rows, members).await?;
        let circles_opened = self.open_circles_to_many(actor, &people, circles).await;
        Ok(Imported {
            report,
            circles_opened,
        })
    }

    async fn open_circles_to_many(
        &self,
        actor: &Actor,
        people: &[(UserId, crate::domain::participant::ParticipantRole)],
        circles: &dyn Circles,
    ) -> AppResult<usize> {
        let known = self.store.circles(actor.guild).await?;
        let mut opened = 0;
        for (user, role) in people {
            let Some(access_role) = known
                .iter()
                .find(|c| c.role == *role)
                .and_then(|c| c.access_role)
            else {
                continue;
            };
            circles.open_circle(actor.guild, access_role, *user).await?;
            opened += 1;
        }
        Ok(opened)
    }

    /// Withdraws the person from the programme, then closes the circles to them.
    pub async fn withdraw_participant(
        &self,
        actor: &Actor,
        user: UserId,
        circles: &dyn Circles,
    ) -> AppResult<Withdrawn> {
        self.remove_participant(actor, user).await?;
        Ok(Withdrawn {
            circles_closed: self.close_circles_to(actor, user, circles).await,
        })
    }

    /// Sets the server up, then the announcement channel and the circles if asked.
    pub async fn set_up_server(
        &self,
        actor: &Actor,
        req: SetupRequest,
        extras: SetupExtras,
        circles: &dyn Circles,
    ) -> AppResult<ServerSetUp> {
        let report = self.setup(actor, req).await?;
        let announcement = match extras.announcement_channel {
            Some(channel) => Some(
                self.set_announcement_channel(actor, channel)
                    .await
                    .map(|()| channel),
            ),
            None => None,
        };
        let circles = match extras.create_circles {
            true => Some(self.create_circles(actor, circles).await),
            false => None,
        };
        Ok(ServerSetUp {
            report,
            announcement,
            circles,
        })
    }
}
