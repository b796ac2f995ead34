//! Collective sessions at the use-case level: `App` over an in-memory SQLite store, a manual
//! clock (23 November 2026 10:00 UTC) and a fake of the Discord session and circle ports.

use binome::app::error::SessionError;
use binome::app::ports::SessionStore;
use binome::app::sessions::AddSession;
use binome::app::{App, AppError, AppSettings, ManualClock, Store, UserError};
use binome::domain::participant::ParticipantRole::{Mentee, Mentor};
use binome::domain::session::{
    AttendanceSource, PresenceOutcome, Rsvp, SessionAttendance, SessionId, SessionKind,
};
use binome::domain::ChannelId;
use binome::store::SqliteStore;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use std::sync::Arc;

use crate::support::app::{create_programme, enrol_all, in_memory_app, rallynov, set_up};
use crate::support::ports::RecordingSessions;
use crate::support::*;

struct Rig {
    app: App,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    discord: RecordingSessions,
}

/// « Rally'nov 2027 » (12/01/2027 – 15/12/2027, Paris), announced in #annonces, with Marc
/// (mentor), Léa and Hugo (mentees).
async fn rig() -> Rig {
    let (app, store, clock) = in_memory_app(t0(), AppSettings::default()).await;
    set_up(&app, None).await;
    app.set_announcement_channel(&owner(), ANNOUNCEMENTS)
        .await
        .unwrap();
    create_programme(&app, rallynov()).await;
    enrol_all(
        &app,
        &[
            (MARC, Mentor, "EQIOM"),
            (LEA, Mentee, "Canovia"),
            (HUGO, Mentee, "Keolis"),
        ],
    )
    .await;
    Rig {
        app,
        store,
        clock,
        discord: RecordingSessions::default(),
    }
}

fn kind(kind: SessionKind) -> AddSession {
    AddSession {
        kind: Some(kind),
        ..Default::default()
    }
}

macro_rules! assert_session_error {
    ($result:expr, $pattern:pat) => {{
        let result = $result;
        assert!(
            matches!(&result, Err(AppError::User(UserError::Session($pattern)))),
            "expected {}, got {:?}",
            stringify!($pattern),
            result
        );
    }};
}

#[tokio::test]
async fn the_three_default_sessions_fall_on_the_programme_start_middle_and_end_at_two_pm_local() {
    let r = rig().await;
    let paris = |m, d, h| Utc.with_ymd_and_hms(2027, m, d, h, 0, 0).unwrap();
    for (k, expected) in [
        (SessionKind::Kickoff, paris(1, 12, 13)),
        // Summer time: 14:00 in Paris is 12:00 UTC.
        (SessionKind::MidTerm, paris(6, 29, 12)),
        (SessionKind::Closing, paris(12, 15, 13)),
    ] {
        let added = r
            .app
            .add_session(&coordinator(), kind(k), &r.discord)
            .await
            .unwrap();
        assert_eq!(added.session.starts_at, expected, "{k:?}");
        assert_eq!(added.session.ends_at, expected + Duration::hours(3));
        assert_eq!(added.announced_in, [ANNOUNCEMENTS]);
    }
    let events = r.discord.events.lock().unwrap().clone();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0].programme_name, "Rally'nov 2027");
}

#[tokio::test]
async fn a_given_date_and_time_override_the_defaults_and_the_past_is_refused() {
    let r = rig().await;
    let added = r
        .app
        .add_session(
            &coordinator(),
            AddSession {
                kind: Some(SessionKind::Other),
                date: Some("02/02/2027".into()),
                time: Some("9h30".into()),
                place: Some("  Salle Rhône  ".into()),
            },
            &r.discord,
        )
        .await
        .unwrap();
    assert_eq!(
        added.session.starts_at,
        Utc.with_ymd_and_hms(2027, 2, 2, 8, 30, 0).unwrap()
    );
    assert_eq!(
        added.session.place.as_ref().map(|p| p.as_str()),
        Some("Salle Rhône")
    );
    // Within the programme but already past.
    r.clock
        .set(Utc.with_ymd_and_hms(2027, 3, 1, 10, 0, 0).unwrap());
    let past = r
        .app
        .add_session(
            &coordinator(),
            AddSession {
                kind: Some(SessionKind::Other),
                date: Some("2027-02-01".into()),
                ..Default::default()
            },
            &r.discord,
        )
        .await;
    assert!(
        matches!(
            past,
            Err(AppError::User(UserError::Invalid(
                binome::domain::Invalid::InThePast
            )))
        ),
        "{past:?}"
    );
}

#[tokio::test]
async fn only_the_coordinator_plans_sessions_and_a_refused_event_records_nothing() {
    let r = rig().await;
    let marc = r
        .app
        .add_session(&member(MARC), kind(SessionKind::Kickoff), &r.discord)
        .await;
    assert!(
        matches!(marc, Err(AppError::User(UserError::NotCoordinator))),
        "{marc:?}"
    );

    let refusing = RecordingSessions {
        refuse_events: true,
        ..Default::default()
    };
    assert_session_error!(
        r.app
            .add_session(&coordinator(), kind(SessionKind::Kickoff), &refusing)
            .await,
        SessionError::EventPermission
    );
    let (_, sessions) = r.app.list_sessions(&coordinator()).await.unwrap();
    assert!(sessions.is_empty());
    assert!(refusing.announcements.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_session_of_another_server_is_unknown_to_its_members() {
    let r = rig().await;
    let added = r
        .app
        .add_session(&coordinator(), kind(SessionKind::Kickoff), &r.discord)
        .await
        .unwrap();
    let elsewhere = actor(LEA, OTHER_GUILD, &[], false);
    assert_session_error!(
        r.app
            .answer_rsvp(&elsewhere, added.session.id, Rsvp::Coming)
            .await,
        SessionError::Unknown(_)
    );
    assert_session_error!(
        r.app
            .answer_rsvp(&member(ZOE), added.session.id, Rsvp::Coming)
            .await,
        SessionError::NotAParticipant
    );
    assert_session_error!(
        r.app
            .answer_rsvp(&member(LEA), SessionId(404), Rsvp::Coming)
            .await,
        SessionError::Unknown(_)
    );
}

#[tokio::test]
async fn the_store_keeps_the_last_answer_and_the_first_presence() {
    let r = rig().await;
    let s = r
        .app
        .add_session(&coordinator(), kind(SessionKind::Kickoff), &r.discord)
        .await
        .unwrap()
        .session;
    r.app
        .answer_rsvp(&member(LEA), s.id, Rsvp::NotComing)
        .await
        .unwrap();
    r.clock.advance(Duration::hours(1));
    r.app
        .answer_rsvp(&member(LEA), s.id, Rsvp::Coming)
        .await
        .unwrap();
    let rsvps = r.store.rsvps(s.id).await.unwrap();
    assert_eq!(rsvps.len(), 1);
    assert_eq!(rsvps[0].answer, Rsvp::Coming);
    assert_eq!(rsvps[0].answered_at, t0() + Duration::hours(1));

    let lea = r
        .store
        .participant_by_user(s.programme_id, LEA)
        .await
        .unwrap()
        .unwrap();
    let first = SessionAttendance {
        session_id: s.id,
        participant_id: lea.id,
        recorded_at: s.starts_at,
        source: AttendanceSource::SelfCheckIn,
    };
    assert_eq!(
        r.store.record_presence(&first).await.unwrap(),
        PresenceOutcome::Recorded(first.clone())
    );
    let second = SessionAttendance {
        recorded_at: s.starts_at + Duration::minutes(10),
        source: AttendanceSource::Coordinator,
        ..first.clone()
    };
    assert_eq!(
        r.store.record_presence(&second).await.unwrap(),
        PresenceOutcome::AlreadyRecorded(first)
    );
}

#[tokio::test]
async fn session_attendance_gives_reports_counts_and_present_ids_of_standing_sessions_only() {
    let r = rig().await;
    let kickoff = r
        .app
        .add_session(&coordinator(), kind(SessionKind::Kickoff), &r.discord)
        .await
        .unwrap()
        .session;
    let mid = r
        .app
        .add_session(&coordinator(), kind(SessionKind::MidTerm), &r.discord)
        .await
        .unwrap()
        .session;
    r.app
        .answer_rsvp(&member(MARC), kickoff.id, Rsvp::Coming)
        .await
        .unwrap();
    r.app
        .answer_rsvp(&member(HUGO), kickoff.id, Rsvp::NotComing)
        .await
        .unwrap();
    r.app
        .cancel_session(&coordinator(), mid.id, &r.discord)
        .await
        .unwrap();
    assert_eq!(*r.discord.deleted.lock().unwrap(), [902]);

    r.clock.set(kickoff.starts_at + Duration::minutes(10));
    r.app
        .check_in_session(&member(MARC), kickoff.id)
        .await
        .unwrap();
    r.app
        .mark_presence(&coordinator(), kickoff.id, LEA)
        .await
        .unwrap();

    let views = r
        .app
        .session_attendance(kickoff.programme_id)
        .await
        .unwrap();
    assert_eq!(views.len(), 1, "the cancelled mid-term is left out");
    let v = &views[0];
    assert_eq!(v.session_id, kickoff.id);
    assert_eq!(v.kind, SessionKind::Kickoff);
    assert_eq!(v.starts_at, kickoff.starts_at);
    assert_eq!((v.invited, v.coming, v.declined), (3, 1, 1));
    assert_eq!(v.present, [MARC, LEA]);
}

#[tokio::test]
async fn cancelling_one_session_leaves_the_jobs_of_the_others_alone() {
    let r = rig().await;
    let mut ids = Vec::new();
    // Sessions 1 to 10: cancelling #1 must not touch #10 ("session:1:" vs "session:10:").
    for day in 1..=10 {
        let s = r
            .app
            .add_session(
                &coordinator(),
                AddSession {
                    kind: Some(SessionKind::Other),
                    date: Some(format!("{day:02}/03/2027")),
                    ..Default::default()
                },
                &r.discord,
            )
            .await
            .unwrap();
        ids.push(s.session.id);
    }
    r.app
        .cancel_session(&coordinator(), ids[0], &r.discord)
        .await
        .unwrap();
    let job = |id: SessionId| format!("session:{}:reminder:60", id.0);
    let first = r.store.job_by_key(&job(ids[0])).await.unwrap().unwrap();
    let tenth = r.store.job_by_key(&job(ids[9])).await.unwrap().unwrap();
    assert_eq!(first.state, binome::domain::job::JobState::Cancelled);
    assert_eq!(tenth.state, binome::domain::job::JobState::Pending);
}

#[tokio::test]
async fn circles_open_to_participants_of_their_role_and_close_when_they_leave() {
    let r = rig().await;
    assert!(
        matches!(
            r.app.create_circles(&coordinator(), &r.discord).await,
            Err(AppError::User(UserError::NeedManageServer))
        ),
        "creating channels needs Manage Server, like /setup"
    );
    let report = r.app.create_circles(&owner(), &r.discord).await.unwrap();
    assert_eq!(report.created.len(), 2);
    assert_eq!(
        report.opened_to, 3,
        "Marc, Léa and Hugo were enrolled already"
    );
    let specs = r.discord.circles.lock().unwrap().clone();
    assert!(specs.iter().all(|s| s.coordinator_role == COORDINATION));
    let mentors = report.created[0].channel_id;
    let mentees = report.created[1].channel_id;
    let mentor_role = report.created[0].access_role.expect("a role per circle");
    let mentee_role = report.created[1].access_role.expect("a role per circle");
    assert_eq!(report.created[0].role, Mentor);
    assert_eq!(
        *r.discord.opened.lock().unwrap(),
        [(mentor_role, MARC), (mentee_role, LEA), (mentee_role, HUGO)],
        "access is the circle's role, granted to each participant of that role"
    );

    // Circles that exist are kept.
    let again = r.app.create_circles(&owner(), &r.discord).await.unwrap();
    assert!(again.created.is_empty());
    assert_eq!(again.existing.len(), 2);

    r.app
        .remove_participant(&coordinator(), HUGO)
        .await
        .unwrap();
    assert_eq!(
        r.app
            .close_circles_to(&coordinator(), HUGO, &r.discord)
            .await
            .unwrap(),
        2
    );
    assert!(r
        .discord
        .closed
        .lock()
        .unwrap()
        .contains(&(mentee_role, HUGO)));
    assert!(r.discord.converted.lock().unwrap().is_empty());
    // Sessions are now announced in the announcement channel and both circles.
    let added = r
        .app
        .add_session(&coordinator(), kind(SessionKind::Kickoff), &r.discord)
        .await
        .unwrap();
    assert_eq!(added.announced_in, [ANNOUNCEMENTS, mentors, mentees]);
}

#[tokio::test]
async fn without_an_announcement_channel_or_circles_there_is_nowhere_to_announce() {
    let (app, store, _) = in_memory_app(t0(), AppSettings::default()).await;
    set_up(&app, None).await;
    create_programme(&app, rallynov()).await;
    let discord = RecordingSessions::default();
    assert_session_error!(
        app.add_session(&coordinator(), kind(SessionKind::Kickoff), &discord)
            .await,
        SessionError::NowhereToAnnounce
    );
    assert!(
        discord.events.lock().unwrap().is_empty(),
        "no event created"
    );
    // `/setup` again keeps the announcement channel once set.
    app.set_announcement_channel(&owner(), ANNOUNCEMENTS)
        .await
        .unwrap();
    set_up(&app, None).await;
    assert_eq!(
        store.announcement_channel(GUILD).await.unwrap(),
        Some(ANNOUNCEMENTS)
    );
}

/// A circle made before circles had roles (one overwrite per person) gets its role the next
/// time `/setup create_circles` runs, and everyone of that role is granted it.
#[tokio::test]
async fn a_circle_from_before_circle_roles_is_given_its_role_by_setup() {
    let r = rig().await;
    let legacy = ChannelId(150_000_000_000_000_077);
    r.store
        .save_circle(&binome::app::ports::Circle {
            guild_id: GUILD,
            role: Mentor,
            channel_id: legacy,
            access_role: None,
            created_at: t0(),
        })
        .await
        .unwrap();
    let report = r.app.create_circles(&owner(), &r.discord).await.unwrap();
    assert_eq!(*r.discord.converted.lock().unwrap(), [legacy]);
    assert_eq!(report.existing.len(), 1);
    assert_eq!(report.created.len(), 1, "the mentees' circle is new");
    let role = report.existing[0].access_role.expect("given a role");
    assert!(r.discord.opened.lock().unwrap().contains(&(role, MARC)));
    let stored = r.store.circles(GUILD).await.unwrap();
    assert_eq!(stored[0].channel_id, legacy);
    assert_eq!(stored[0].access_role, Some(role));
}

#[tokio::test]
async fn a_session_outside_the_programme_or_in_year_9999_is_refused_and_nothing_is_created() {
    let r = rig().await;
    for (date, expected) in [
        (
            "16/12/2027",
            binome::domain::Invalid::OutsideProgramme {
                starts_on: NaiveDate::from_ymd_opt(2027, 1, 12).unwrap(),
                ends_on: NaiveDate::from_ymd_opt(2027, 12, 15).unwrap(),
            },
        ),
        (
            "9999-12-31",
            binome::domain::Invalid::BadDate {
                input: "9999-12-31".into(),
            },
        ),
    ] {
        let refused = r
            .app
            .add_session(
                &coordinator(),
                AddSession {
                    kind: Some(SessionKind::Other),
                    date: Some(date.into()),
                    ..Default::default()
                },
                &r.discord,
            )
            .await;
        assert!(
            matches!(&refused, Err(AppError::User(UserError::Invalid(i))) if *i == expected),
            "{date}: {refused:?}"
        );
    }
    assert!(
        r.discord.events.lock().unwrap().is_empty(),
        "no Discord event"
    );
    let (_, sessions) = r.app.list_sessions(&coordinator()).await.unwrap();
    assert!(sessions.is_empty());
}
