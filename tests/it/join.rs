//! Self-enrolment in the app: `/join` is checked and stores nothing until the form is
//! submitted; the request waits for a coordinator, who approves (the person is enrolled, the
//! request gone) or refuses (with a reason's category, nobody enrolled).

use crate::support::app::{create_programme, enrol, in_memory_app, rallynov, set_up};
use crate::support::ports::RecordingSessions;
use crate::support::{coordinator, day, member, t, t0, HUGO, LEA, MARC, ZOE};
use binome::app::join::JoinChoice;
use binome::app::programmes::CreateProgramme;
use binome::app::{App, AppError, AppSettings, ManualClock, UserError};
use binome::domain::join::{JoinStatus, RefusalReason, PRIVACY_NOTICE_VERSION};
use binome::domain::participant::ParticipantRole;
use binome::domain::UserId;
use binome::store::SqliteStore;
use std::sync::Arc;

/// Rally'nov, recruiting until 10/01/2027; the clock at t0 (23/11/2026).
async fn recruiting() -> (App, Arc<SqliteStore>, Arc<ManualClock>) {
    let (app, store, clock) = in_memory_app(t0(), AppSettings::default()).await;
    set_up(&app, None).await;
    create_programme(
        &app,
        CreateProgramme {
            recruiting_until: Some("10/01/2027".into()),
            ..rallynov()
        },
    )
    .await;
    (app, store, clock)
}

fn mentor_choice() -> JoinChoice {
    JoinChoice {
        role: ParticipantRole::Mentor,
        themes: vec!["gouvernance".into(), "Recrutement et intégration".into()],
        capacity: Some(2),
    }
}

fn user_error(r: Result<impl std::fmt::Debug, AppError>) -> UserError {
    match r {
        Err(AppError::User(e)) => e,
        other => panic!("expected a user error, got {other:?}"),
    }
}

async fn programme_id(app: &App) -> binome::domain::ProgrammeId {
    app.store
        .active_programme(crate::support::GUILD)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn request(app: &App, user: UserId) {
    let payload = app
        .prepare_join(&member(user), mentor_choice())
        .await
        .unwrap();
    app.request_join(&member(user), &payload, "  Canovia ")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_request_is_stored_only_when_submitted_then_pending_with_the_consent() {
    let (app, _store, clock) = recruiting().await;
    let id = programme_id(&app).await;
    let payload = app
        .prepare_join(&member(ZOE), mentor_choice())
        .await
        .unwrap();
    assert_eq!(payload.notice_version, PRIVACY_NOTICE_VERSION);
    assert_eq!(payload.capacity, 2);
    app.check_join(&member(ZOE), &payload).await.unwrap();
    assert!(app.store.join_request(id, ZOE).await.unwrap().is_none());
    assert!(app
        .store
        .participant_by_user(id, ZOE)
        .await
        .unwrap()
        .is_none());

    clock.set(t(2026, 11, 24, 9, 30));
    let r = app
        .request_join(&member(ZOE), &payload, " Canovia ")
        .await
        .unwrap();
    assert_eq!(r.status, JoinStatus::Pending);
    let stored = app.store.join_request(id, ZOE).await.unwrap().unwrap();
    assert_eq!(stored.notice_version, PRIVACY_NOTICE_VERSION);
    assert_eq!(stored.consented_at, t(2026, 11, 24, 9, 30));
    assert_eq!(stored.company.as_str(), "Canovia");
    assert_eq!(
        stored.themes.names(),
        vec!["Gouvernance", "Recrutement et intégration"]
    );
    assert_eq!(stored.capacity, 2);
    assert!(app
        .store
        .participant_by_user(id, ZOE)
        .await
        .unwrap()
        .is_none());
    assert_eq!(app.pending_joins(&coordinator()).await.unwrap(), vec![ZOE]);
    let status = app.programme_status(&coordinator()).await.unwrap();
    assert_eq!(status.pending_joins, 1, "counted by /programme status");
    assert_eq!(status.mentors + status.mentees, 0);
    // Pending people are not participants.
    assert!(app
        .list_participants(&coordinator())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn approving_enrols_the_person_with_what_they_gave_and_removes_the_request() {
    let (app, _store, _clock) = recruiting().await;
    let id = programme_id(&app).await;
    request(&app, ZOE).await;
    let circles = RecordingSessions::default();
    assert!(matches!(
        user_error(app.approve_join(&member(MARC), ZOE, &circles).await),
        UserError::NotCoordinator
    ));
    let enrolled = app
        .approve_join(&coordinator(), ZOE, &circles)
        .await
        .unwrap();
    let p = enrolled.participant;
    assert_eq!(p.role, ParticipantRole::Mentor);
    let status = app.programme_status(&coordinator()).await.unwrap();
    assert_eq!((status.pending_joins, status.mentors), (0, 1));
    assert_eq!(p.company.as_str(), "Canovia");
    assert_eq!(p.capacity, 2);
    assert!(app.store.join_request(id, ZOE).await.unwrap().is_none());
    assert!(app
        .store
        .participant_by_user(id, ZOE)
        .await
        .unwrap()
        .is_some());
    assert!(app.pending_joins(&coordinator()).await.unwrap().is_empty());
    assert!(matches!(
        user_error(app.approve_join(&coordinator(), ZOE, &circles).await),
        UserError::NoJoinRequest(u) if u == ZOE
    ));
}

#[tokio::test]
async fn refusing_keeps_the_reason_and_enrols_nobody() {
    let (app, _store, clock) = recruiting().await;
    let id = programme_id(&app).await;
    request(&app, ZOE).await;
    assert!(matches!(
        user_error(
            app.refuse_join(&member(MARC), ZOE, RefusalReason::Profile)
                .await
        ),
        UserError::NotCoordinator
    ));
    clock.set(t(2026, 11, 25, 8, 0));
    app.refuse_join(&coordinator(), ZOE, RefusalReason::ProgrammeFull)
        .await
        .unwrap();
    let r = app.store.join_request(id, ZOE).await.unwrap().unwrap();
    assert_eq!(r.status, JoinStatus::Refused(RefusalReason::ProgrammeFull));
    assert_eq!(r.decided_at, Some(t(2026, 11, 25, 8, 0)));
    assert!(app
        .store
        .participant_by_user(id, ZOE)
        .await
        .unwrap()
        .is_none());
    assert!(app.pending_joins(&coordinator()).await.unwrap().is_empty());
    // Nor can the refused person ask again; nor can a refusal be approved.
    assert!(matches!(
        user_error(app.prepare_join(&member(ZOE), mentor_choice()).await),
        UserError::JoinRefused
    ));
    assert!(matches!(
        user_error(
            app.approve_join(&coordinator(), ZOE, &RecordingSessions::default())
                .await
        ),
        UserError::NoJoinRequest(_)
    ));
}

#[tokio::test]
async fn recruitment_must_be_open_and_the_person_unknown() {
    // Not open: no recruiting window.
    let (app, _store, _clock) = in_memory_app(t0(), AppSettings::default()).await;
    set_up(&app, None).await;
    create_programme(&app, rallynov()).await;
    assert!(matches!(
        user_error(app.prepare_join(&member(ZOE), mentor_choice()).await),
        UserError::RecruitmentNotOpen
    ));

    let (app, _store, clock) = recruiting().await;
    // Already enrolled by the coordinator.
    enrol(&app, LEA, ParticipantRole::Mentee, "Keolis").await;
    assert!(matches!(
        user_error(app.prepare_join(&member(LEA), mentor_choice()).await),
        UserError::AlreadyEnrolledSelf
    ));
    // A second request.
    request(&app, HUGO).await;
    assert!(matches!(
        user_error(app.prepare_join(&member(HUGO), mentor_choice()).await),
        UserError::JoinAlreadyRequested
    ));
    // A theme the programme lacks, named with the programme's themes.
    let wrong = JoinChoice {
        themes: vec!["Cuisine".into()],
        ..mentor_choice()
    };
    assert!(matches!(
        user_error(app.prepare_join(&member(ZOE), wrong).await),
        UserError::Invalid(binome::domain::Invalid::UnknownTheme { available, .. }) if available.len() == 6
    ));
    // Accepted on the last day, closed the day after (Paris time).
    let payload = app
        .prepare_join(&member(ZOE), mentor_choice())
        .await
        .unwrap();
    clock.set(t(2027, 1, 10, 22, 59));
    app.check_join(&member(ZOE), &payload).await.unwrap();
    clock.set(t(2027, 1, 10, 23, 0));
    assert!(matches!(
        user_error(app.request_join(&member(ZOE), &payload, "Canovia").await),
        UserError::RecruitmentClosed
    ));
    let id = programme_id(&app).await;
    assert!(app.store.join_request(id, ZOE).await.unwrap().is_none());
}

#[tokio::test]
async fn the_recruiting_window_ends_before_the_programme_does() {
    let (app, _store, _clock) = in_memory_app(t0(), AppSettings::default()).await;
    set_up(&app, None).await;
    let r = app
        .create_programme(
            &coordinator(),
            CreateProgramme {
                recruiting_until: Some("16/12/2027".into()),
                ..rallynov()
            },
        )
        .await;
    assert!(matches!(user_error(r), UserError::RecruitingAfterEnd));
    let p = app
        .create_programme(
            &coordinator(),
            CreateProgramme {
                recruiting_until: Some("2027-01-10".into()),
                ..rallynov()
            },
        )
        .await
        .unwrap();
    assert_eq!(p.recruiting_until, Some(day(2027, 1, 10)));
}

#[tokio::test]
async fn enrolling_directly_someone_who_asked_to_join_ends_their_request() {
    let (app, _store, _clock) = recruiting().await;
    let id = programme_id(&app).await;
    request(&app, ZOE).await;
    enrol(&app, ZOE, ParticipantRole::Mentee, "Keolis").await;
    assert!(app.store.join_request(id, ZOE).await.unwrap().is_none());
    assert!(app.pending_joins(&coordinator()).await.unwrap().is_empty());
}
