//! Individual follow-ups and tripartite meetings at the app level: an in-memory store, a
//! manual clock, and a scheduler whose handler records what each due job would send.

use async_trait::async_trait;
use binome::app::delivery::{Delivery, TripartiteBody, TripartiteMessage};
use binome::app::error::FollowUpError;
use binome::app::followups::LogFollowUp;
use binome::app::ports::{Store, TripartiteStore};
use binome::app::tripartite::{AnswerOutcome, Clicker, OutcomeAnswer, ProposeTripartite};
use binome::app::{App, AppError, AppSettings, Clock, ManualClock, UserError};
use binome::domain::followup::FollowUpKind;
use binome::domain::job::Job;
use binome::domain::participant::ParticipantRole;
use binome::domain::tripartite::{TripartiteAnswer, TripartiteId, TripartiteStatus};
use binome::domain::{GuildId, Invalid, PairId, UserId};
use binome::schedule::{JobFailure, JobHandler, Scheduler, SchedulerConfig};
use binome::store::SqliteStore;
use chrono::{DateTime, NaiveDate, Utc};
use std::sync::{Arc, Mutex};

use crate::support::app::{create_programme, enrol_all, in_memory_app, pair, rallynov, set_up};
use crate::support::ports::NoChannels;
use crate::support::*;

/// Plans every due job as the bot would and keeps what it would send.
struct Planner {
    app: App,
    sent: Mutex<Vec<Delivery>>,
}

#[async_trait]
impl JobHandler for Planner {
    async fn handle(&self, job: &Job) -> Result<(), JobFailure> {
        let deliveries = self
            .app
            .plan_job(job)
            .await
            .map_err(|e| JobFailure::Permanent(e.to_string()))?;
        self.sent.lock().unwrap().extend(deliveries);
        Ok(())
    }
}

struct Rig {
    app: App,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    planner: Arc<Planner>,
    scheduler: Scheduler,
}

/// A click in a DM: no server, no roles.
fn in_dm(user: UserId) -> Clicker {
    Clicker {
        user,
        guild: None,
        roles: Vec::new(),
    }
}

impl Rig {
    /// Rally'nov 2027 set up by Claire on Monday 1 February 2027, 10:00 Paris; Marc mentors
    /// Léa (pair #1); Hugo is enrolled without a pair.
    async fn new() -> Rig {
        let (app, store, clock) = in_memory_app(t(2027, 2, 1, 9, 0), AppSettings::default()).await;
        let planner = Arc::new(Planner {
            app: app.clone(),
            sent: Mutex::new(Vec::new()),
        });
        let scheduler = Scheduler::new(
            store.clone(),
            clock.clone(),
            planner.clone(),
            app.jobs_changed.clone(),
            SchedulerConfig::default(),
        );
        set_up(&app, Some(COORDINATION_CHANNEL)).await;
        create_programme(&app, rallynov()).await;
        enrol_all(
            &app,
            &[
                (MARC, ParticipantRole::Mentor, "EQIOM"),
                (LEA, ParticipantRole::Mentee, "Canovia"),
                (HUGO, ParticipantRole::Mentee, "Dijon Céréales"),
            ],
        )
        .await;
        pair(&app, MARC, &[LEA], &NoChannels).await;
        Rig {
            app,
            store,
            clock,
            planner,
            scheduler,
        }
    }

    async fn log(&self, user: UserId, date: Option<&str>) -> Result<NaiveDate, AppError> {
        self.app
            .log_followup(
                &coordinator(),
                LogFollowUp {
                    user,
                    date: date.map(String::from),
                    kind: Some(FollowUpKind::Call),
                },
            )
            .await
            .map(|(_, f)| f.met_on)
    }

    async fn due(&self) -> Vec<(UserId, Option<NaiveDate>)> {
        let due = self
            .app
            .list_followups_due(&coordinator())
            .await
            .unwrap()
            .due;
        due.into_iter().map(|s| (s.user_id, s.last)).collect()
    }

    /// Claire proposes a tripartite meeting to pair #1 on Monday 8 February 2027 at 14:00
    /// Paris (13:00 UTC).
    async fn propose(&self) -> TripartiteId {
        let (_, tri) = self
            .app
            .propose_tripartite(
                &coordinator(),
                ProposeTripartite {
                    pair: 1,
                    date: "08/02/2027".into(),
                    time: "14h".into(),
                },
            )
            .await
            .unwrap();
        tri.id
    }

    async fn answer(
        &self,
        who: UserId,
        id: TripartiteId,
        answer: TripartiteAnswer,
    ) -> Result<AnswerOutcome, AppError> {
        self.app
            .answer_tripartite(&in_dm(who), id, who, answer)
            .await
            .map(|(_, outcome)| outcome)
    }

    async fn run_at(&self, at: DateTime<Utc>) -> Vec<TripartiteMessage> {
        self.clock.set(at);
        self.scheduler.run_once().await.unwrap();
        self.planner
            .sent
            .lock()
            .unwrap()
            .drain(..)
            .filter_map(|d| match d {
                Delivery::Tripartite(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    async fn status(&self, id: TripartiteId) -> TripartiteStatus {
        self.store.tripartite(id).await.unwrap().unwrap().status
    }
}

fn user_error(r: Result<impl std::fmt::Debug, AppError>) -> UserError {
    match r {
        Err(AppError::User(e)) => e,
        other => panic!("expected a user error, got {other:?}"),
    }
}

fn recipients(messages: &[TripartiteMessage]) -> Vec<UserId> {
    let mut v: Vec<UserId> = messages.iter().map(|m| m.to).collect();
    v.sort();
    v
}

// ----- follow-ups ------------------------------------------------------------------------

#[tokio::test]
async fn a_follow_up_keeps_a_participant_off_the_due_list_for_42_days_not_43() {
    let r = Rig::new().await;
    assert_eq!(
        r.due().await,
        vec![(MARC, None), (LEA, None), (HUGO, None)],
        "nobody followed up yet: everyone is due, in enrolment order"
    );
    assert_eq!(r.log(LEA, None).await.unwrap(), day(2027, 2, 1), "today");
    assert_eq!(
        r.log(MARC, Some("20/01/2027")).await.unwrap(),
        day(2027, 1, 20)
    );
    assert_eq!(
        r.due().await,
        vec![(HUGO, None)],
        "Léa and Marc were just followed up"
    );

    // Friday 12 March 2027, 23:30 Paris: 39 days after 1 February, 51 after 20 January.
    r.clock.set(t(2027, 3, 12, 22, 30));
    assert_eq!(
        r.due().await,
        vec![(HUGO, None), (MARC, Some(day(2027, 1, 20)))],
        "never followed up first, then the oldest"
    );
    // 15 March: exactly 42 days after Léa's follow-up — not due yet.
    r.clock.set(t(2027, 3, 15, 9, 0));
    assert!(!r.due().await.iter().any(|(u, _)| *u == LEA));
    // 16 March, 43 days: due.
    r.clock.set(t(2027, 3, 16, 9, 0));
    assert!(r.due().await.contains(&(LEA, Some(day(2027, 2, 1)))));

    let programme = r.store.active_programme(GUILD).await.unwrap().unwrap();
    assert_eq!(
        r.app.last_followups(programme.id).await.unwrap(),
        vec![
            (MARC, Some(day(2027, 1, 20))),
            (LEA, Some(day(2027, 2, 1))),
            (HUGO, None)
        ]
    );
    let due_now = r
        .app
        .followups_due(&programme, r.clock.now())
        .await
        .unwrap();
    assert_eq!(due_now.len(), 3);
}

#[tokio::test]
async fn the_last_of_several_follow_ups_counts_and_a_day_without_year_is_the_last_one() {
    let r = Rig::new().await;
    // 1 February 2027: « 12/03 » is 12 March 2026, the last one.
    assert_eq!(r.log(HUGO, Some("12/03")).await.unwrap(), day(2026, 3, 12));
    assert_eq!(r.log(HUGO, Some("25/01")).await.unwrap(), day(2027, 1, 25));
    assert_eq!(r.log(HUGO, Some("10/01")).await.unwrap(), day(2027, 1, 10));
    let programme = r.store.active_programme(GUILD).await.unwrap().unwrap();
    let last = r.app.last_followups(programme.id).await.unwrap();
    assert!(last.contains(&(HUGO, Some(day(2027, 1, 25)))), "{last:?}");
}

#[tokio::test]
async fn a_follow_up_in_the_future_is_refused_and_nothing_is_recorded() {
    let r = Rig::new().await;
    assert!(matches!(
        user_error(r.log(LEA, Some("02/02/2027")).await),
        UserError::FollowUp(FollowUpError::FutureDay)
    ));
    assert!(matches!(
        user_error(r.log(LEA, Some("demain")).await),
        UserError::Invalid(Invalid::BadDate { .. })
    ));
    assert!(r.due().await.contains(&(LEA, None)));
}

#[tokio::test]
async fn only_coordinators_log_and_list_follow_ups_and_only_for_enrolled_people() {
    let r = Rig::new().await;
    let by_marc = r
        .app
        .log_followup(
            &member(MARC),
            LogFollowUp {
                user: LEA,
                date: None,
                kind: None,
            },
        )
        .await;
    assert!(matches!(user_error(by_marc), UserError::NotCoordinator));
    assert!(matches!(
        user_error(r.app.list_followups_due(&member(LEA)).await),
        UserError::NotCoordinator
    ));
    assert!(matches!(
        user_error(r.log(ZOE, None).await),
        UserError::NotEnrolled(u) if u == ZOE
    ));
    assert_eq!(r.due().await.len(), 3, "nothing was recorded");
}

// ----- tripartite meetings ------------------------------------------------------------------

#[tokio::test]
async fn a_tripartite_declined_by_one_member_is_never_scheduled_and_never_reminded() {
    let r = Rig::new().await;
    let id = r.propose().await;
    let asked = r.run_at(r.clock.now()).await;
    assert_eq!(recipients(&asked), vec![MARC, LEA], "each member is asked");
    assert!(asked.iter().all(|m| matches!(
        m.body,
        TripartiteBody::Request { proposer, .. } if proposer == CLAIRE
    ) && m.fallback == Some(PAIR_CHANNEL)));

    assert_eq!(
        r.answer(LEA, id, TripartiteAnswer::Accept).await.unwrap(),
        AnswerOutcome::Recorded(TripartiteStatus::Proposed)
    );
    assert_eq!(
        r.answer(MARC, id, TripartiteAnswer::Decline).await.unwrap(),
        AnswerOutcome::Recorded(TripartiteStatus::Declined)
    );
    let told = r.run_at(r.clock.now()).await;
    let to_claire: Vec<_> = told.iter().filter(|m| m.to == CLAIRE).collect();
    assert_eq!(to_claire.len(), 1);
    assert_eq!(to_claire[0].body, TripartiteBody::Declined);
    assert_eq!(
        to_claire[0].fallback,
        Some(COORDINATION_CHANNEL),
        "the coordinator's fallback is the coordination channel, never the pair's"
    );
    assert_eq!(
        told.iter()
            .filter(|m| m.body == TripartiteBody::CalledOff)
            .map(|m| m.to)
            .collect::<Vec<_>>(),
        vec![LEA],
        "the member who accepted learns it is off"
    );

    for key in ["reminder:1440", "reminder:60", "outcome"] {
        assert!(
            r.store
                .job_by_key(&format!("tripartite:{}:{key}", id.0))
                .await
                .unwrap()
                .is_none(),
            "no {key} job for a declined tripartite"
        );
    }
    for at in [
        t(2027, 2, 7, 13, 0),
        t(2027, 2, 8, 12, 0),
        t(2027, 2, 8, 15, 0),
    ] {
        assert!(r.run_at(at).await.is_empty(), "nothing more at {at}");
    }
    assert_eq!(r.status(id).await, TripartiteStatus::Declined);
    assert!(matches!(
        user_error(r.answer(HUGO, id, TripartiteAnswer::Accept).await),
        UserError::NotAPairMember
    ));
}

#[tokio::test]
async fn a_tripartite_every_member_accepts_is_reminded_once_to_all_three_then_asked_once() {
    let r = Rig::new().await;
    let id = r.propose().await;
    r.run_at(r.clock.now()).await;
    r.answer(MARC, id, TripartiteAnswer::Accept).await.unwrap();
    assert_eq!(
        r.answer(MARC, id, TripartiteAnswer::Decline).await.unwrap(),
        AnswerOutcome::AlreadyAnswered(TripartiteAnswer::Accept),
        "the first answer counts"
    );
    assert_eq!(r.status(id).await, TripartiteStatus::Proposed);
    assert_eq!(
        r.answer(LEA, id, TripartiteAnswer::Accept).await.unwrap(),
        AnswerOutcome::Recorded(TripartiteStatus::Scheduled)
    );
    let told = r.run_at(r.clock.now()).await;
    assert_eq!(recipients(&told), vec![CLAIRE, MARC, LEA]);

    assert!(r.run_at(t(2027, 2, 7, 12, 59)).await.is_empty());
    let day_before = r.run_at(t(2027, 2, 7, 13, 0)).await;
    assert_eq!(recipients(&day_before), vec![CLAIRE, MARC, LEA]);
    assert!(day_before.iter().all(|m| m.body
        == TripartiteBody::Reminder {
            offset_minutes: 1440
        }));
    assert!(r.run_at(t(2027, 2, 7, 18, 0)).await.is_empty(), "once");
    let hour_before = r.run_at(t(2027, 2, 8, 12, 0)).await;
    assert_eq!(recipients(&hour_before), vec![CLAIRE, MARC, LEA]);

    // Before the end + 1 h nobody is asked; then only Claire.
    assert!(r.run_at(t(2027, 2, 8, 14, 59)).await.is_empty());
    let asked = r.run_at(t(2027, 2, 8, 15, 0)).await;
    assert_eq!(recipients(&asked), vec![CLAIRE]);
    assert_eq!(
        asked[0].body,
        TripartiteBody::OutcomeQuestion { tripartite: id }
    );

    assert!(matches!(
        user_error(
            r.app
                .record_tripartite_outcome(&in_dm(LEA), id, false)
                .await
        ),
        UserError::NotCoordinator
    ));
    let (_, first) = r
        .app
        .record_tripartite_outcome(&in_dm(CLAIRE), id, true)
        .await
        .unwrap();
    assert_eq!(first, OutcomeAnswer::Recorded(TripartiteStatus::Held));
    let (_, second) = r
        .app
        .record_tripartite_outcome(&(&coordinator()).into(), id, false)
        .await
        .unwrap();
    assert_eq!(
        second,
        OutcomeAnswer::AlreadyRecorded(TripartiteStatus::Held),
        "recorded once"
    );
    assert_eq!(r.status(id).await, TripartiteStatus::Held);
    let views = r.app.list_tripartites(&coordinator()).await.unwrap().1;
    assert_eq!(views.len(), 1);
    assert_eq!(views[0].status, TripartiteStatus::Held);
    assert_eq!(views[0].pair_id, PairId(1));
}

#[tokio::test]
async fn only_the_addressee_answers_a_request_and_only_coordinators_propose() {
    let r = Rig::new().await;
    let id = r.propose().await;
    let answered_for_lea = r
        .app
        .answer_tripartite(&in_dm(MARC), id, LEA, TripartiteAnswer::Decline)
        .await;
    assert!(matches!(
        user_error(answered_for_lea),
        UserError::FollowUp(FollowUpError::NotYourRequest)
    ));
    let outsider = r
        .app
        .answer_tripartite(&in_dm(ZOE), id, ZOE, TripartiteAnswer::Accept)
        .await;
    assert!(matches!(user_error(outsider), UserError::NotAPairMember));
    let other_server = r
        .app
        .answer_tripartite(
            &Clicker {
                user: LEA,
                guild: Some(GuildId(77)),
                roles: Vec::new(),
            },
            id,
            LEA,
            TripartiteAnswer::Accept,
        )
        .await;
    assert!(matches!(
        user_error(other_server),
        UserError::FollowUp(FollowUpError::UnknownTripartite)
    ));
    assert_eq!(r.status(id).await, TripartiteStatus::Proposed);

    let by_mentor = r
        .app
        .propose_tripartite(
            &member(MARC),
            ProposeTripartite {
                pair: 1,
                date: "10/02/2027".into(),
                time: "10h".into(),
            },
        )
        .await;
    assert!(matches!(user_error(by_mentor), UserError::NotCoordinator));
    let twice = r
        .app
        .propose_tripartite(
            &coordinator(),
            ProposeTripartite {
                pair: 1,
                date: "10/02/2027".into(),
                time: "10h".into(),
            },
        )
        .await;
    assert!(matches!(
        user_error(twice),
        UserError::FollowUp(FollowUpError::AlreadyPending { .. })
    ));
    let unknown = r
        .app
        .propose_tripartite(
            &coordinator(),
            ProposeTripartite {
                pair: 7,
                date: "10/02/2027".into(),
                time: "10h".into(),
            },
        )
        .await;
    assert!(matches!(
        user_error(unknown),
        UserError::FollowUp(FollowUpError::UnknownPair(7))
    ));
    let past = r
        .app
        .propose_tripartite(
            &coordinator(),
            ProposeTripartite {
                pair: 1,
                date: "01/02/2027".into(),
                time: "8h".into(),
            },
        )
        .await;
    assert!(matches!(
        user_error(past),
        UserError::Invalid(Invalid::InThePast)
    ));
}

#[tokio::test]
async fn a_tripartite_not_everyone_answered_lapses_at_its_start_without_reminders() {
    let r = Rig::new().await;
    let id = r.propose().await;
    r.run_at(r.clock.now()).await;
    r.answer(LEA, id, TripartiteAnswer::Accept).await.unwrap();
    assert!(r.run_at(t(2027, 2, 7, 13, 0)).await.is_empty());
    let lapsed = r.run_at(t(2027, 2, 8, 13, 0)).await;
    assert_eq!(r.status(id).await, TripartiteStatus::Cancelled);
    assert!(lapsed
        .iter()
        .any(|m| m.to == CLAIRE && m.body == TripartiteBody::Lapsed));
    assert!(matches!(
        user_error(r.answer(MARC, id, TripartiteAnswer::Accept).await),
        UserError::FollowUp(FollowUpError::NoLongerOpen(TripartiteStatus::Cancelled))
    ));
    assert!(r.run_at(t(2027, 2, 8, 20, 0)).await.is_empty());
}

#[tokio::test]
async fn a_tripartite_outside_the_programme_or_in_year_9999_is_refused_and_asks_no_one() {
    let r = Rig::new().await;
    let outside = Invalid::OutsideProgramme {
        starts_on: day(2027, 1, 12),
        ends_on: day(2027, 12, 15),
    };
    for (date, expected) in [
        ("16/12/2027", outside.clone()),
        ("2028-01-10", outside),
        (
            "9999-12-31",
            Invalid::BadDate {
                input: "9999-12-31".into(),
            },
        ),
    ] {
        let refused = r
            .app
            .propose_tripartite(
                &coordinator(),
                ProposeTripartite {
                    pair: 1,
                    date: date.into(),
                    time: "14h".into(),
                },
            )
            .await;
        assert!(
            matches!(&refused, Err(AppError::User(UserError::Invalid(i))) if *i == expected),
            "{date}: {refused:?}"
        );
    }
    assert!(r
        .store
        .tripartites_of_pair(PairId(1))
        .await
        .unwrap()
        .is_empty());
    r.clock.set(t(2027, 12, 31, 12, 0));
    r.scheduler.run_once().await.unwrap();
    assert!(
        r.planner.sent.lock().unwrap().is_empty(),
        "nobody was asked"
    );
}
