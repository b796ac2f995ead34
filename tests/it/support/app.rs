//! The app over an in-memory store and a manual clock, and the steps every scenario starts
//! with: `/setup`, a programme, enrolments, a pair.

use super::{coordinator, member, owner, COORDINATION, LEA, PAIR_CHANNEL};
use binome::app::meetings::ScheduleMeeting;
use binome::app::pairs::PairCreated;
use binome::app::participants::AddParticipant;
use binome::app::ports::PairChannels;
use binome::app::programmes::CreateProgramme;
use binome::app::setup::SetupRequest;
use binome::app::{App, AppResult, AppSettings, ManualClock};
use binome::domain::meeting::Meeting;
use binome::domain::participant::{Participant, ParticipantRole};
use binome::domain::setup::SetupFacts;
use binome::domain::{ChannelId, UserId};
use binome::store::SqliteStore;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The app with `settings` over a fresh in-memory store, its manual clock set to `start`.
pub async fn in_memory_app(
    start: DateTime<Utc>,
    settings: AppSettings,
) -> (App, Arc<SqliteStore>, Arc<ManualClock>) {
    let store = Arc::new(SqliteStore::in_memory().await.expect("in-memory store"));
    let clock = Arc::new(ManualClock::new(start));
    let app = App::new(store.clone(), clock.clone(), settings);
    (app, store, clock)
}

/// The setup request naming Coordination as the coordinator role.
pub fn setup_request(coordinator_channel: Option<ChannelId>) -> SetupRequest {
    SetupRequest {
        coordinator_role: COORDINATION,
        coordinator_channel,
        facts: SetupFacts::default(),
    }
}

/// `/setup` by the owner: Coordination is the coordinator role, `coordinator_channel` the
/// coordinators' channel.
pub async fn set_up(app: &App, coordinator_channel: Option<ChannelId>) {
    app.setup(&owner(), setup_request(coordinator_channel))
        .await
        .expect("server set up");
}

/// « Rally'nov 2027 », 12/01/2027 – 15/12/2027, default zone and themes.
pub fn rallynov() -> CreateProgramme {
    CreateProgramme {
        name: "Rally'nov 2027".into(),
        starts_on: "12/01/2027".into(),
        ends_on: "15/12/2027".into(),
        time_zone: None,
        themes: None,
        recruiting_until: None,
    }
}

/// The coordinator creates `programme`.
pub async fn create_programme(app: &App, programme: CreateProgramme) {
    app.create_programme(&coordinator(), programme)
        .await
        .expect("programme created");
}

/// Enrolment of `user` as `role` from `company`, without themes.
pub fn enrolment(user: UserId, role: ParticipantRole, company: &str) -> AddParticipant {
    AddParticipant {
        user,
        role,
        company: company.into(),
        themes: None,
        capacity: None,
    }
}

/// The coordinator enrols `user` as `role` from `company`.
pub async fn enrol(app: &App, user: UserId, role: ParticipantRole, company: &str) -> Participant {
    app.add_participant(&coordinator(), enrolment(user, role, company))
        .await
        .expect("participant enrolled")
}

/// The coordinator enrols each of `people`: (user, role, company).
pub async fn enrol_all(app: &App, people: &[(UserId, ParticipantRole, &str)]) {
    for (user, role, company) in people {
        enrol(app, *user, *role, company).await;
    }
}

/// The coordinator pairs `mentor` with `mentees`, Discord's side done by `channels`.
pub async fn pair(
    app: &App,
    mentor: UserId,
    mentees: &[UserId],
    channels: &dyn PairChannels,
) -> PairCreated {
    app.create_pair(&coordinator(), mentor, mentees, channels)
        .await
        .expect("pair created")
}

/// Léa, mentee of the pair whose channel is `PAIR_CHANNEL`, schedules a meeting on `date` at
/// `time`, as typed in `/meeting schedule`.
pub async fn schedule_meeting(app: &App, date: &str, time: &str) -> AppResult<Meeting> {
    app.schedule_meeting(
        &member(LEA),
        PAIR_CHANNEL,
        ScheduleMeeting {
            date: date.into(),
            time: time.into(),
            ..Default::default()
        },
    )
    .await
    .map(|(_, meeting)| meeting)
}
