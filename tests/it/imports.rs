//! `App::import_participants`: every row checked before anything is written; one bad row
//! anywhere refuses the whole file, a valid file is written in one go.

use crate::support::app::{create_programme, in_memory_app, rallynov, set_up};
use crate::support::{coordinator, member, t0};
use binome::app::{AppError, AppSettings, UserError};
use binome::domain::UserId;
use binome::import::{read_candidates, CandidateRow, ImportProblem};
use std::collections::HashSet;

const ROWS: usize = 12;
const FIRST: u64 = 170_000_000_000_000_000;

/// A valid file of `ROWS` people, alternately mentor and mentee.
fn lines() -> Vec<String> {
    (0..ROWS as u64)
        .map(|i| match i % 2 {
            0 => format!("{},mentor,Entreprise {i},Gouvernance,2", FIRST + i),
            _ => format!(
                "{},mentee,Entreprise {i},Recrutement et intégration,",
                FIRST + i
            ),
        })
        .collect()
}

fn rows_of(lines: &[String]) -> Vec<CandidateRow> {
    let file = format!(
        "discord_id,role,company,themes,capacity\n{}\n",
        lines.join("\n")
    );
    read_candidates(file.as_bytes()).expect("the file reads")
}

fn everyone() -> HashSet<UserId> {
    (0..ROWS as u64 + 1).map(|i| UserId(FIRST + i)).collect()
}

/// Ways a row that reads well can still be refused by the use case.
fn spoil(line: &str, how: usize) -> (String, fn(&ImportProblem) -> bool) {
    let id: u64 = line.split(',').next().unwrap().parse().unwrap();
    match how {
        0 => (
            line.replace("Gouvernance", "Cuisine")
                .replace("Recrutement et intégration", "Cuisine"),
            |p| matches!(p, ImportProblem::UnknownTheme(t) if t == "Cuisine"),
        ),
        1 => (line.replace(&id.to_string(), "999"), |p| {
            matches!(p, ImportProblem::NotAMember(UserId(999)))
        }),
        _ => (line.to_owned(), |p| {
            matches!(
                p,
                ImportProblem::TwiceInFile {
                    user: UserId(FIRST),
                    first_row: 2
                }
            )
        }),
    }
}

#[tokio::test]
async fn a_file_with_one_bad_row_anywhere_writes_nothing_and_a_valid_one_writes_everyone() {
    let (app, store, _) = in_memory_app(t0(), AppSettings::default()).await;
    set_up(&app, None).await;
    create_programme(&app, rallynov()).await;
    let programme = {
        use binome::app::ports::Store;
        store
            .active_programme(coordinator().guild)
            .await
            .unwrap()
            .unwrap()
    };
    let count = || async {
        use binome::app::ports::Store;
        store.participants(programme.id).await.unwrap().len()
    };

    for position in 0..ROWS {
        for how in 0..3 {
            if how == 2 && position == 0 {
                continue; // the first row cannot repeat itself
            }
            let mut file = lines();
            let (bad, expected) = spoil(&file[position], how);
            file[position] = bad;
            let mut rows = rows_of(&file);
            if how == 2 {
                // Rows built by hand, not read: the use case checks this again.
                rows[position].user = UserId(FIRST);
            }
            let err = app
                .import_participants(&coordinator(), rows, &everyone())
                .await
                .expect_err("refused");
            let AppError::User(UserError::Import(errors)) = err else {
                panic!("row {position}, case {how}: {err:?}");
            };
            assert_eq!(errors.len(), 1, "row {position}, case {how}: {errors:?}");
            assert_eq!(errors[0].row, position + 2, "the header is line 1");
            assert!(expected(&errors[0].problem), "{errors:?}");
            assert_eq!(
                count().await,
                0,
                "row {position}, case {how}: nothing written"
            );
        }
    }

    // Not a coordinator: refused before anything.
    let refused = app
        .import_participants(&member(UserId(FIRST)), rows_of(&lines()), &everyone())
        .await;
    assert!(matches!(
        refused,
        Err(AppError::User(UserError::NotCoordinator))
    ));

    let report = app
        .import_participants(&coordinator(), rows_of(&lines()), &everyone())
        .await
        .expect("imported");
    assert_eq!((report.mentors, report.mentees), (ROWS / 2, ROWS / 2));
    assert_eq!(count().await, ROWS);

    // The same file again: everyone is already enrolled, nobody more is written.
    let mut again = lines();
    again.push(format!(
        "{},mentee,Nouvelle,Gouvernance,",
        FIRST + ROWS as u64
    ));
    let Err(AppError::User(UserError::Import(errors))) = app
        .import_participants(&coordinator(), rows_of(&again), &everyone())
        .await
    else {
        panic!("refused");
    };
    assert_eq!(errors.len(), ROWS);
    assert!(errors
        .iter()
        .all(|e| matches!(e.problem, ImportProblem::AlreadyEnrolled(_))));
    assert_eq!(count().await, ROWS);
}

#[tokio::test]
async fn participant_add_takes_a_mentor_capacity_and_refuses_one_for_mentees() {
    use binome::app::participants::AddParticipant;
    use binome::domain::participant::ParticipantRole;
    use binome::domain::Invalid;
    let (app, _, _) = in_memory_app(t0(), AppSettings::default()).await;
    set_up(&app, None).await;
    create_programme(&app, rallynov()).await;
    let add = |user, role, capacity| AddParticipant {
        user: UserId(user),
        role,
        company: "EQIOM".into(),
        themes: None,
        capacity,
    };
    let mentor = app
        .add_participant(&coordinator(), add(FIRST, ParticipantRole::Mentor, Some(3)))
        .await
        .unwrap();
    assert_eq!(mentor.capacity, 3);
    let default = app
        .add_participant(
            &coordinator(),
            add(FIRST + 1, ParticipantRole::Mentor, None),
        )
        .await
        .unwrap();
    assert_eq!(default.capacity, 1);
    let too_many = app
        .add_participant(
            &coordinator(),
            add(FIRST + 2, ParticipantRole::Mentor, Some(4)),
        )
        .await;
    assert!(matches!(
        too_many,
        Err(AppError::User(UserError::Invalid(Invalid::BadCapacity {
            max: 3
        })))
    ));
    let mentee = app
        .add_participant(
            &coordinator(),
            add(FIRST + 3, ParticipantRole::Mentee, Some(2)),
        )
        .await;
    assert!(matches!(
        mentee,
        Err(AppError::User(UserError::Invalid(Invalid::MenteeCapacity)))
    ));
}
