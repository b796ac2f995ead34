//! The `Store` contract, written once against `&dyn Store` and run against every backend.
//!
//! Each contract is a plain async fn; the `sqlite` module runs each one against a fresh
//! private in-memory database. A PostgreSQL store runs the very same contract by adding a
//! `postgres` module with one `#[tokio::test]` line per contract.

use binome::app::ports::{Conflict, Store, StoreError, StoredMatch};
use binome::domain::charter::SignOutcome;
use binome::domain::join::{JoinStatus, NewJoinRequest, RefusalReason};
use binome::domain::pair::{NewPair, PairMember, PairStatus};
use binome::domain::participant::{CompanyName, NewParticipant, Participant, ParticipantRole};
use binome::domain::programme::{
    NewProgramme, Programme, ProgrammeDates, ProgrammeName, ProgrammeStatus, ThemeSet,
};
use binome::domain::setup::GuildSettings;
use binome::domain::{ChannelId, GuildId, Locale, PairId, ProgrammeId, RoleId, UserId};
use chrono::{DateTime, Duration, Utc};

use crate::support::jobs::{job_in_state, kept};
use crate::support::{at, day, t0, GUILD, OTHER_GUILD};

fn new_programme(guild: GuildId, name: &str) -> NewProgramme {
    NewProgramme {
        guild_id: guild,
        name: ProgrammeName::parse(name).unwrap(),
        dates: ProgrammeDates::new(day(2027, 1, 12), day(2027, 12, 15)).unwrap(),
        time_zone: chrono_tz::Europe::Paris,
        themes: ThemeSet::parse("Gouvernance, Recrutement et intégration").unwrap(),
        recruiting_until: None,
        created_at: t0(),
    }
}

async fn programme_in(store: &dyn Store, guild: GuildId) -> Programme {
    store
        .create_programme(&new_programme(guild, "Rally'nov 2027"))
        .await
        .expect("programme created")
}

fn new_participant(
    programme: ProgrammeId,
    user: u64,
    role: ParticipantRole,
    company: &str,
) -> NewParticipant {
    NewParticipant {
        programme_id: programme,
        user_id: UserId(user),
        role,
        company: CompanyName::parse(company).unwrap(),
        themes: ThemeSet::default(),
        capacity: 1,
        locale: Locale::Fr,
        enrolled_at: t0(),
    }
}

async fn enrol(
    store: &dyn Store,
    programme: ProgrammeId,
    user: u64,
    role: ParticipantRole,
    company: &str,
) -> Participant {
    store
        .add_participant(&new_participant(programme, user, role, company))
        .await
        .expect("participant enrolled")
}

/// Mentor 1001 (EQIOM) and mentee 1002 (Canovia), enrolled in `programme`.
async fn mentor_and_mentee(
    store: &dyn Store,
    programme: ProgrammeId,
) -> (Participant, Participant) {
    (
        enrol(store, programme, 1001, ParticipantRole::Mentor, "EQIOM").await,
        enrol(store, programme, 1002, ParticipantRole::Mentee, "Canovia").await,
    )
}

fn new_pair(programme: ProgrammeId, channel: u64, members: &[&Participant]) -> NewPair {
    NewPair {
        programme_id: programme,
        channel_id: ChannelId(channel),
        members: members.iter().map(|p| p.id).collect(),
        created_at: t0(),
    }
}

fn unsigned(p: &Participant) -> PairMember {
    PairMember {
        participant_id: p.id,
        user_id: p.user_id,
        role: p.role,
        charter_signed_at: None,
    }
}

fn assert_same_programme(got: &Programme, want: &Programme) {
    assert_eq!(got.id, want.id);
    assert_eq!(got.guild_id, want.guild_id);
    assert_eq!(got.name, want.name);
    assert_eq!(got.dates, want.dates);
    assert_eq!(got.time_zone, want.time_zone);
    assert_eq!(got.themes, want.themes);
    assert_eq!(got.status, want.status);
    assert_eq!(got.created_at, want.created_at);
}

fn assert_same_participant(got: &Participant, want: &Participant) {
    assert_eq!(got.id, want.id);
    assert_eq!(got.programme_id, want.programme_id);
    assert_eq!(got.user_id, want.user_id);
    assert_eq!(got.role, want.role);
    assert_eq!(got.company, want.company);
    assert_eq!(got.themes, want.themes);
    assert_eq!(got.capacity, want.capacity);
    assert_eq!(got.locale, want.locale);
    assert_eq!(got.enrolled_at, want.enrolled_at);
}

fn is_conflict<T: std::fmt::Debug>(result: Result<T, StoreError>, want: Conflict) -> bool {
    matches!(result, Err(StoreError::Conflict(c)) if c == want)
}

// ---------------------------------------------------------------------------------------
// The contract.
// ---------------------------------------------------------------------------------------

async fn guild_settings_are_saved_overwritten_and_read_back(store: &dyn Store) {
    assert_eq!(store.guild_settings(GUILD).await.unwrap(), None);

    let first = GuildSettings {
        guild_id: GUILD,
        coordinator_role: RoleId(140_000_000_000_000_001),
        coordinator_channel: Some(ChannelId(150_000_000_000_000_001)),
        locale: Locale::Fr,
        updated_at: t0(),
    };
    store.save_guild_settings(&first).await.unwrap();
    assert_eq!(
        store.guild_settings(GUILD).await.unwrap(),
        Some(first.clone())
    );

    let second = GuildSettings {
        guild_id: GUILD,
        coordinator_role: RoleId(140_000_000_000_000_002),
        coordinator_channel: None,
        locale: Locale::En,
        updated_at: t0() + Duration::days(3),
    };
    store.save_guild_settings(&second).await.unwrap();
    assert_eq!(store.guild_settings(GUILD).await.unwrap(), Some(second));
    assert_eq!(store.guild_settings(OTHER_GUILD).await.unwrap(), None);
}

async fn programme_round_trips_and_is_the_active_one(store: &dyn Store) {
    let new = NewProgramme {
        guild_id: GUILD,
        name: ProgrammeName::parse("Mentorat inter-entreprises 2027").unwrap(),
        dates: ProgrammeDates::new(day(2027, 1, 12), day(2027, 12, 15)).unwrap(),
        time_zone: chrono_tz::America::Montreal,
        themes: ThemeSet::parse("Gouvernance; Nouveaux espaces de travail").unwrap(),
        recruiting_until: Some(day(2027, 1, 10)),
        created_at: t0(),
    };
    let created = store.create_programme(&new).await.unwrap();
    assert_eq!(created.recruiting_until, Some(day(2027, 1, 10)));
    assert_eq!(created.guild_id, GUILD);
    assert_eq!(created.name, "Mentorat inter-entreprises 2027");
    assert_eq!(created.dates.starts_on(), day(2027, 1, 12));
    assert_eq!(created.dates.ends_on(), day(2027, 12, 15));
    assert_eq!(created.time_zone, chrono_tz::America::Montreal);
    assert_eq!(
        created.themes.names(),
        vec!["Gouvernance", "Nouveaux espaces de travail"]
    );
    assert_eq!(created.status, ProgrammeStatus::Active);
    assert_eq!(created.created_at, t0());

    let active = store
        .active_programme(GUILD)
        .await
        .unwrap()
        .expect("active");
    assert_same_programme(&active, &created);
    let by_id = store.programme(created.id).await.unwrap().expect("by id");
    assert_same_programme(&by_id, &created);
    assert!(store.active_programme(OTHER_GUILD).await.unwrap().is_none());
    assert!(store
        .programme(ProgrammeId(created.id.0 + 1000))
        .await
        .unwrap()
        .is_none());
}

async fn a_second_active_programme_in_the_same_guild_is_a_conflict(store: &dyn Store) {
    let first = programme_in(store, GUILD).await;
    let second = store
        .create_programme(&new_programme(GUILD, "Rally'nov bis"))
        .await;
    assert!(
        is_conflict(second, Conflict::ActiveProgrammeExists),
        "a guild runs one programme at a time"
    );
    let active = store.active_programme(GUILD).await.unwrap().unwrap();
    assert_eq!(active.id, first.id);
    assert_eq!(active.name, "Rally'nov 2027");

    // Another server is unaffected.
    let elsewhere = store
        .create_programme(&new_programme(OTHER_GUILD, "Cap Mentorat"))
        .await
        .expect("another guild has its own programme");
    assert_ne!(elsewhere.id, first.id);
    assert_eq!(
        store
            .active_programme(OTHER_GUILD)
            .await
            .unwrap()
            .unwrap()
            .id,
        elsewhere.id
    );
}

async fn a_closed_programme_makes_room_for_the_next_one(store: &dyn Store) {
    let first = programme_in(store, GUILD).await;
    store
        .close_programme(first.id, t0() + Duration::days(380))
        .await
        .unwrap();
    assert!(store.active_programme(GUILD).await.unwrap().is_none());
    let closed = store.programme(first.id).await.unwrap().unwrap();
    assert_eq!(closed.status, ProgrammeStatus::Closed);
    assert_eq!(closed.name, first.name);

    let next = store
        .create_programme(&new_programme(GUILD, "Rally'nov 2028"))
        .await
        .expect("a new programme after the close");
    assert_ne!(next.id, first.id);
    let active = store.active_programme(GUILD).await.unwrap().unwrap();
    assert_eq!(active.id, next.id);
    assert_eq!(active.name, "Rally'nov 2028");
}

async fn participants_are_added_listed_found_and_removed(store: &dyn Store) {
    let programme = programme_in(store, GUILD).await;
    let other = programme_in(store, OTHER_GUILD).await;
    let (mentor, mentee) = mentor_and_mentee(store, programme.id).await;
    assert_eq!(mentor.programme_id, programme.id);
    assert_eq!(mentor.user_id, UserId(1001));
    assert_eq!(mentor.role, ParticipantRole::Mentor);
    assert_eq!(mentee.role, ParticipantRole::Mentee);
    assert_ne!(mentor.id, mentee.id);

    let listed = store.participants(programme.id).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_same_participant(&listed[0], &mentor);
    assert_same_participant(&listed[1], &mentee);
    assert!(store.participants(other.id).await.unwrap().is_empty());

    let found = store
        .participant_by_user(programme.id, UserId(1002))
        .await
        .unwrap()
        .expect("found by user");
    assert_same_participant(&found, &mentee);
    assert!(store
        .participant_by_user(programme.id, UserId(9999))
        .await
        .unwrap()
        .is_none());
    assert!(
        store
            .participant_by_user(other.id, UserId(1002))
            .await
            .unwrap()
            .is_none(),
        "enrolment is per programme"
    );

    assert!(store.remove_participant(mentee.id).await.unwrap());
    assert!(
        !store.remove_participant(mentee.id).await.unwrap(),
        "nobody left to remove"
    );
    let left = store.participants(programme.id).await.unwrap();
    assert_eq!(left.len(), 1);
    assert_same_participant(&left[0], &mentor);
    assert!(store
        .participant_by_user(programme.id, UserId(1002))
        .await
        .unwrap()
        .is_none());
}

async fn a_participants_locale_can_be_changed(store: &dyn Store) {
    let programme = programme_in(store, GUILD).await;
    let (a, b) = mentor_and_mentee(store, programme.id).await;
    assert_eq!(a.locale, Locale::Fr);

    store
        .set_participant_locale(a.id, Locale::En)
        .await
        .unwrap();
    let a_now = store
        .participant_by_user(programme.id, a.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a_now.locale, Locale::En);
    let b_now = store
        .participant_by_user(programme.id, b.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(b_now.locale, Locale::Fr, "only the one participant changed");

    store
        .set_participant_locale(a.id, Locale::Fr)
        .await
        .unwrap();
    let a_back = store
        .participant_by_user(programme.id, a.user_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(a_back.locale, Locale::Fr);
}

async fn enrolling_the_same_person_twice_is_a_conflict(store: &dyn Store) {
    let programme = programme_in(store, GUILD).await;
    enrol(store, programme.id, 1001, ParticipantRole::Mentor, "EQIOM").await;
    let again = store
        .add_participant(&new_participant(
            programme.id,
            1001,
            ParticipantRole::Mentee,
            "Canovia",
        ))
        .await;
    assert!(is_conflict(again, Conflict::AlreadyEnrolled));
    let listed = store.participants(programme.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].role, ParticipantRole::Mentor);
    assert_eq!(listed[0].company.as_str(), "EQIOM");

    // The same person may take part in another server's programme.
    let other = programme_in(store, OTHER_GUILD).await;
    let there = enrol(store, other.id, 1001, ParticipantRole::Mentee, "Canovia").await;
    assert_eq!(there.programme_id, other.id);
}

async fn enrolling_many_is_all_or_nothing(store: &dyn Store) {
    let programme = programme_in(store, GUILD).await;
    let many = vec![
        NewParticipant {
            capacity: 3,
            ..new_participant(programme.id, 1001, ParticipantRole::Mentor, "EQIOM")
        },
        new_participant(programme.id, 1002, ParticipantRole::Mentee, "Canovia"),
        new_participant(programme.id, 1003, ParticipantRole::Mentee, "Sanofi"),
    ];
    // 1002 asked to join and is enrolled by the file: the request ends; 1009's stays.
    for user in [1002, 1009] {
        store
            .add_join_request(&new_join_request(programme.id, user, 0))
            .await
            .unwrap();
    }
    assert_eq!(store.enrol_many(&many).await.unwrap(), 3);
    assert!(store
        .join_request(programme.id, UserId(1002))
        .await
        .unwrap()
        .is_none());
    assert!(store
        .join_request(programme.id, UserId(1009))
        .await
        .unwrap()
        .is_some());
    let listed = store.participants(programme.id).await.unwrap();
    assert_eq!(
        listed
            .iter()
            .map(|p| (p.user_id.0, p.capacity))
            .collect::<Vec<_>>(),
        vec![(1001, 3), (1002, 1), (1003, 1)]
    );
    let found = store
        .participant_by_user(programme.id, UserId(1001))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.capacity, 3);

    // One person already enrolled, last in the batch: nobody of the batch is written.
    let clash = vec![
        new_participant(programme.id, 1004, ParticipantRole::Mentor, "Keolis"),
        new_participant(programme.id, 1005, ParticipantRole::Mentee, "Lactalis"),
        new_participant(programme.id, 1002, ParticipantRole::Mentee, "Canovia"),
    ];
    assert!(is_conflict(
        store.enrol_many(&clash).await,
        Conflict::AlreadyEnrolled
    ));
    // The same person twice in one batch: the same.
    let twice = vec![
        new_participant(programme.id, 1006, ParticipantRole::Mentor, "Keolis"),
        new_participant(programme.id, 1006, ParticipantRole::Mentee, "Keolis"),
    ];
    assert!(is_conflict(
        store.enrol_many(&twice).await,
        Conflict::AlreadyEnrolled
    ));
    assert_eq!(store.participants(programme.id).await.unwrap().len(), 3);
    assert_eq!(store.enrol_many(&[]).await.unwrap(), 0);
}

async fn themes_and_company_round_trip_exactly(store: &dyn Store) {
    let themes = ThemeSet::parse(
        "Aménagement du temps de travail; Développement des compétences, Recrutement et intégration",
    )
    .unwrap();
    let programme = store
        .create_programme(&NewProgramme {
            themes: themes.clone(),
            ..new_programme(GUILD, "Carnets d'IS — Rally'nov")
        })
        .await
        .unwrap();
    let stored = store.programme(programme.id).await.unwrap().unwrap();
    assert_eq!(stored.name, "Carnets d'IS — Rally'nov");
    assert_eq!(
        stored.themes.names(),
        vec![
            "Aménagement du temps de travail",
            "Développement des compétences",
            "Recrutement et intégration",
        ]
    );

    let chosen = ThemeSet::parse("Développement des compétences").unwrap();
    let added = store
        .add_participant(&NewParticipant {
            company: CompanyName::parse("Société Générale d'Île-de-France & Cie").unwrap(),
            themes: chosen.clone(),
            ..new_participant(programme.id, 1001, ParticipantRole::Mentee, "x")
        })
        .await
        .unwrap();
    let read = store
        .participant_by_user(programme.id, UserId(1001))
        .await
        .unwrap()
        .unwrap();
    for p in [&added, &read] {
        assert_eq!(p.company.as_str(), "Société Générale d'Île-de-France & Cie");
        assert_eq!(p.themes, chosen);
        assert_eq!(p.themes.names(), vec!["Développement des compétences"]);
    }
}

async fn only_the_pairs_whose_objective_was_set_are_listed(store: &dyn Store) {
    let programme = programme_in(store, GUILD).await;
    let (m1, e1) = mentor_and_mentee(store, programme.id).await;
    let m2 = enrol(store, programme.id, 1003, ParticipantRole::Mentor, "Sanofi").await;
    let e2 = enrol(
        store,
        programme.id,
        1004,
        ParticipantRole::Mentee,
        "Crossject",
    )
    .await;
    let first = store
        .create_pair(&new_pair(
            programme.id,
            160_000_000_000_000_001,
            &[&m1, &e1],
        ))
        .await
        .unwrap();
    let second = store
        .create_pair(&new_pair(
            programme.id,
            160_000_000_000_000_002,
            &[&m2, &e2],
        ))
        .await
        .unwrap();
    assert!(store
        .pairs_with_objective(programme.id)
        .await
        .unwrap()
        .is_empty());
    store.set_objective_set_at(second.id, t0()).await.unwrap();
    // Setting it again only moves the time.
    store
        .set_objective_set_at(second.id, t0() + Duration::days(3))
        .await
        .unwrap();
    assert_eq!(
        store.pairs_with_objective(programme.id).await.unwrap(),
        vec![second.id]
    );
    assert_ne!(first.id, second.id);
}

/// A proposal replaces the previous one, keeps its rows by mentee and records each row's pair;
/// the earlier pairs of a server come from its other programmes only, mentor first.
async fn a_match_proposal_is_replaced_whole_and_records_its_pairs(store: &dyn Store) {
    let first = programme_in(store, GUILD).await;
    let mentor = enrol(store, first.id, 1001, ParticipantRole::Mentor, "EQIOM").await;
    let mentee = enrol(store, first.id, 1002, ParticipantRole::Mentee, "Canovia").await;
    let earlier = store
        .create_pair(&new_pair(
            first.id,
            160_000_000_000_000_001,
            &[&mentor, &mentee],
        ))
        .await
        .unwrap();
    store
        .close_programme(first.id, t0() + Duration::days(380))
        .await
        .unwrap();
    let elsewhere = programme_in(store, OTHER_GUILD).await;
    let m = enrol(store, elsewhere.id, 1003, ParticipantRole::Mentor, "EQIOM").await;
    let e = enrol(
        store,
        elsewhere.id,
        1004,
        ParticipantRole::Mentee,
        "Canovia",
    )
    .await;
    store
        .create_pair(&new_pair(elsewhere.id, 160_000_000_000_000_002, &[&m, &e]))
        .await
        .unwrap();
    let next = store
        .create_programme(&new_programme(GUILD, "Rally'nov 2028"))
        .await
        .unwrap();
    assert_eq!(
        store.earlier_pairs(GUILD, next.id).await.unwrap(),
        vec![(UserId(1001), UserId(1002))],
        "this server's closed programme, not the other server's"
    );
    assert!(store
        .earlier_pairs(GUILD, first.id)
        .await
        .unwrap()
        .is_empty());

    let proposed = |mentor: u64, mentee: u64, score: u32| StoredMatch {
        mentor: UserId(mentor),
        mentee: UserId(mentee),
        score,
        pair: None,
    };
    store
        .save_proposal(
            next.id,
            &[proposed(1001, 1005, 10), proposed(1001, 1006, 3)],
        )
        .await
        .unwrap();
    store
        .save_proposal(
            next.id,
            &[proposed(1007, 1006, 13), proposed(1001, 1005, 10)],
        )
        .await
        .unwrap();
    store
        .match_confirmed(next.id, UserId(1006), earlier.id)
        .await
        .unwrap();
    assert_eq!(
        store.proposal(next.id).await.unwrap(),
        vec![
            proposed(1001, 1005, 10),
            StoredMatch {
                pair: Some(earlier.id),
                ..proposed(1007, 1006, 13)
            },
        ],
        "the second proposal only, by mentee, with its pair"
    );
    assert!(store.proposal(first.id).await.unwrap().is_empty());
}

async fn a_pair_keeps_its_members_in_order_and_its_channel(store: &dyn Store) {
    let programme = programme_in(store, GUILD).await;
    // Enrolled in an order different from the pair's, so the order cannot come from row ids.
    let second_mentee = enrol(
        store,
        programme.id,
        1003,
        ParticipantRole::Mentee,
        "Crossject",
    )
    .await;
    let first_mentee = enrol(
        store,
        programme.id,
        1002,
        ParticipantRole::Mentee,
        "Canovia",
    )
    .await;
    let mentor = enrol(store, programme.id, 1001, ParticipantRole::Mentor, "EQIOM").await;

    let mut new = new_pair(
        programme.id,
        160_000_000_000_000_001,
        &[&mentor, &first_mentee, &second_mentee],
    );
    new.created_at = t0() + Duration::minutes(5);
    let pair = store.create_pair(&new).await.unwrap();
    let want_members = vec![
        unsigned(&mentor),
        unsigned(&first_mentee),
        unsigned(&second_mentee),
    ];
    assert_eq!(pair.programme_id, programme.id);
    assert_eq!(pair.channel_id, ChannelId(160_000_000_000_000_001));
    assert_eq!(pair.status, PairStatus::Active);
    assert_eq!(pair.created_at, t0() + Duration::minutes(5));
    assert_eq!(pair.members, want_members);

    let listed = store.pairs(programme.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, pair.id);
    assert_eq!(listed[0].channel_id, pair.channel_id);
    assert_eq!(listed[0].members, want_members);

    // One person's pairs and the programme's first pair are found by key.
    let ids =
        |pairs: Vec<binome::domain::pair::Pair>| pairs.iter().map(|p| p.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.pairs_of_participant(first_mentee.id).await.unwrap()),
        vec![pair.id]
    );
    let unpaired = enrol(store, programme.id, 1004, ParticipantRole::Mentee, "Aract").await;
    assert!(store
        .pairs_of_participant(unpaired.id)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.count_participants(programme.id).await.unwrap(), 4);
    assert_eq!(
        store.earliest_pair_created(programme.id).await.unwrap(),
        Some(t0() + Duration::minutes(5))
    );
    let other = programme_in(store, OTHER_GUILD).await;
    assert_eq!(store.earliest_pair_created(other.id).await.unwrap(), None);
    assert_eq!(store.count_participants(other.id).await.unwrap(), 0);

    let by_id = store.pair(pair.id).await.unwrap().expect("pair by id");
    assert_eq!(by_id.members, want_members);
    assert_eq!(by_id.channel_id, pair.channel_id);
    let by_channel = store
        .pair_by_channel(ChannelId(160_000_000_000_000_001))
        .await
        .unwrap()
        .expect("pair by channel");
    assert_eq!(by_channel.id, pair.id);
    assert_eq!(by_channel.members, want_members);

    assert!(store
        .pair(PairId(pair.id.0 + 1000))
        .await
        .unwrap()
        .is_none());
    assert!(store
        .pair_by_channel(ChannelId(160_000_000_000_000_999))
        .await
        .unwrap()
        .is_none());
}

async fn a_member_of_an_open_pair_cannot_join_another_and_nothing_is_left_behind(
    store: &dyn Store,
) {
    let programme = programme_in(store, GUILD).await;
    let (mentor, mentee) = mentor_and_mentee(store, programme.id).await;
    let free_mentor = enrol(
        store,
        programme.id,
        1003,
        ParticipantRole::Mentor,
        "Crossject",
    )
    .await;
    let free_mentee = enrol(
        store,
        programme.id,
        1004,
        ParticipantRole::Mentee,
        "Dijon Céréales",
    )
    .await;
    let first = store
        .create_pair(&new_pair(programme.id, 161, &[&mentor, &mentee]))
        .await
        .unwrap();

    // The free mentor and the free mentee are written before the taken mentee is met.
    let second = store
        .create_pair(&new_pair(
            programme.id,
            162,
            &[&free_mentor, &free_mentee, &mentee],
        ))
        .await;
    assert!(is_conflict(second, Conflict::MemberAlreadyPaired));

    let pairs = store.pairs(programme.id).await.unwrap();
    assert_eq!(pairs.len(), 1, "the refused pair left nothing behind");
    assert_eq!(pairs[0].id, first.id);
    assert_eq!(pairs[0].members, vec![unsigned(&mentor), unsigned(&mentee)]);
    assert!(store
        .pair_by_channel(ChannelId(162))
        .await
        .unwrap()
        .is_none());

    // The mentor as well, in first place.
    let third = store
        .create_pair(&new_pair(programme.id, 163, &[&mentor, &free_mentee]))
        .await;
    assert!(is_conflict(third, Conflict::MemberAlreadyPaired));

    // The two free people were not left half-paired: they can form a pair of their own.
    let fourth = store
        .create_pair(&new_pair(programme.id, 164, &[&free_mentor, &free_mentee]))
        .await
        .expect("free people are still free");
    assert_eq!(
        fourth.members,
        vec![unsigned(&free_mentor), unsigned(&free_mentee)]
    );
    assert_eq!(store.pairs(programme.id).await.unwrap().len(), 2);
}

async fn the_charter_is_signed_once_and_the_first_time_stands(store: &dyn Store) {
    let programme = programme_in(store, GUILD).await;
    let (mentor, mentee) = mentor_and_mentee(store, programme.id).await;
    let pair = store
        .create_pair(&new_pair(programme.id, 161, &[&mentor, &mentee]))
        .await
        .unwrap();

    let first = t0() + Duration::hours(1);
    let later = t0() + Duration::hours(26);
    assert_eq!(
        store.sign_charter(pair.id, mentee.id, first).await.unwrap(),
        SignOutcome::Signed { at: first }
    );
    assert_eq!(
        store.sign_charter(pair.id, mentee.id, later).await.unwrap(),
        SignOutcome::AlreadySigned { at: first }
    );

    let pairs = store.pairs(programme.id).await.unwrap();
    assert_eq!(
        pairs[0].members,
        vec![
            unsigned(&mentor),
            PairMember {
                charter_signed_at: Some(first),
                ..unsigned(&mentee)
            },
        ]
    );
    assert!(!pairs[0].charter_fully_signed());

    assert_eq!(
        store.sign_charter(pair.id, mentor.id, later).await.unwrap(),
        SignOutcome::Signed { at: later }
    );
    let pair = store.pair(pair.id).await.unwrap().unwrap();
    assert_eq!(pair.members[0].charter_signed_at, Some(later));
    assert_eq!(pair.members[1].charter_signed_at, Some(first));
    assert!(pair.charter_fully_signed());
}

async fn discord_ids_above_two_to_the_63_round_trip(store: &dyn Store) {
    let guild = GuildId(u64::MAX - 5);
    let role = RoleId(u64::MAX - 4);
    let coordinator_channel = ChannelId(u64::MAX - 3);
    let mentor_user = u64::MAX - 2;
    let mentee_user = u64::MAX - 1;
    let pair_channel = ChannelId(u64::MAX);
    assert!(guild.0 > 1 << 63);

    let settings = GuildSettings {
        guild_id: guild,
        coordinator_role: role,
        coordinator_channel: Some(coordinator_channel),
        locale: Locale::Fr,
        updated_at: t0(),
    };
    store.save_guild_settings(&settings).await.unwrap();
    assert_eq!(store.guild_settings(guild).await.unwrap(), Some(settings));

    let programme = programme_in(store, guild).await;
    assert_eq!(programme.guild_id, guild);
    assert_eq!(
        store
            .active_programme(guild)
            .await
            .unwrap()
            .unwrap()
            .guild_id,
        guild
    );
    let mentor = enrol(
        store,
        programme.id,
        mentor_user,
        ParticipantRole::Mentor,
        "EQIOM",
    )
    .await;
    let mentee = enrol(
        store,
        programme.id,
        mentee_user,
        ParticipantRole::Mentee,
        "Canovia",
    )
    .await;
    assert_eq!(mentor.user_id, UserId(mentor_user));
    let found = store
        .participant_by_user(programme.id, UserId(mentee_user))
        .await
        .unwrap()
        .expect("found by a huge user id");
    assert_eq!(found.id, mentee.id);
    assert_eq!(found.user_id, UserId(mentee_user));

    let pair = store
        .create_pair(&new_pair(programme.id, pair_channel.0, &[&mentor, &mentee]))
        .await
        .unwrap();
    assert_eq!(pair.channel_id, pair_channel);
    let by_channel = store.pair_by_channel(pair_channel).await.unwrap().unwrap();
    assert_eq!(by_channel.id, pair.id);
    assert_eq!(
        by_channel
            .members
            .iter()
            .map(|m| m.user_id)
            .collect::<Vec<_>>(),
        vec![UserId(mentor_user), UserId(mentee_user)]
    );
}

/// What the monthly nudge and the at-risk status read of a programme's meetings, without
/// loading them: when each pair last held one, and which pairs meet (held or still scheduled)
/// in a span. Cancelled meetings, meetings outside the span and other programmes' do not count.
async fn meetings_are_summed_up_per_pair(store: &dyn Store) {
    use binome::domain::meeting::{MeetingStatus, NewMeeting};
    let programme = programme_in(store, GUILD).await;
    let (mentor, mentee) = mentor_and_mentee(store, programme.id).await;
    let other_mentor = enrol(store, programme.id, 1003, ParticipantRole::Mentor, "Aract").await;
    let other_mentee = enrol(store, programme.id, 1004, ParticipantRole::Mentee, "Guyon").await;
    let first = store
        .create_pair(&new_pair(programme.id, 1, &[&mentor, &mentee]))
        .await
        .unwrap();
    let second = store
        .create_pair(&new_pair(programme.id, 2, &[&other_mentor, &other_mentee]))
        .await
        .unwrap();
    let elsewhere = programme_in(store, OTHER_GUILD).await;
    let (far_mentor, far_mentee) = mentor_and_mentee(store, elsewhere.id).await;
    let far = store
        .create_pair(&new_pair(elsewhere.id, 3, &[&far_mentor, &far_mentee]))
        .await
        .unwrap();
    let march = |d| at(2027, 3, d, 14, 0, 0);
    for (pair, starts_at, status) in [
        (first.id, march(2), MeetingStatus::Held),
        (first.id, march(20), MeetingStatus::Held),
        (first.id, at(2027, 4, 2, 14, 0, 0), MeetingStatus::Scheduled),
        (second.id, march(10), MeetingStatus::Cancelled),
        (second.id, at(2027, 2, 10, 14, 0, 0), MeetingStatus::Held),
        (far.id, march(12), MeetingStatus::Scheduled),
    ] {
        let new = NewMeeting {
            pair_id: pair,
            starts_at,
            duration_minutes: 60,
            mode: None,
            status,
            created_at: t0(),
        };
        store.create_meeting(&new).await.unwrap();
    }
    let mut last = store.last_held_meetings(programme.id).await.unwrap();
    last.sort_by_key(|(pair, _)| pair.0);
    assert_eq!(
        last,
        vec![
            (first.id, march(20)),
            (second.id, at(2027, 2, 10, 14, 0, 0))
        ]
    );
    let in_march = store
        .pairs_meeting_between(programme.id, march(1), at(2027, 4, 1, 0, 0, 0))
        .await
        .unwrap();
    assert_eq!(in_march, vec![first.id]);
    let in_april = store
        .pairs_meeting_between(
            programme.id,
            at(2027, 4, 1, 0, 0, 0),
            at(2027, 5, 1, 0, 0, 0),
        )
        .await
        .unwrap();
    assert_eq!(in_april, vec![first.id], "a scheduled meeting counts");
    let far_march = store
        .pairs_meeting_between(elsewhere.id, march(1), at(2027, 4, 1, 0, 0, 0))
        .await
        .unwrap();
    assert_eq!(far_march, vec![far.id]);
}

async fn instants_round_trip_to_the_second(store: &dyn Store) {
    // Sub-second parts may or may not be kept; whole seconds must be.
    let precise = at(2026, 11, 23, 10, 0, 7) + Duration::microseconds(123_456);
    let same_second = |got: DateTime<Utc>, want: DateTime<Utc>| {
        assert_eq!(got.timestamp(), want.timestamp(), "{got} vs {want}");
    };

    let settings = GuildSettings {
        guild_id: GUILD,
        coordinator_role: RoleId(1),
        coordinator_channel: None,
        locale: Locale::Fr,
        updated_at: precise,
    };
    store.save_guild_settings(&settings).await.unwrap();
    same_second(
        store
            .guild_settings(GUILD)
            .await
            .unwrap()
            .unwrap()
            .updated_at,
        precise,
    );

    let created = precise + Duration::days(1);
    let programme = store
        .create_programme(&NewProgramme {
            created_at: created,
            ..new_programme(GUILD, "Rally'nov 2027")
        })
        .await
        .unwrap();
    same_second(
        store
            .programme(programme.id)
            .await
            .unwrap()
            .unwrap()
            .created_at,
        created,
    );

    // A summer instant and a winter one: the stored value is UTC whatever the zone.
    let summer = at(2027, 7, 14, 22, 30, 59);
    let mentor = store
        .add_participant(&NewParticipant {
            enrolled_at: summer,
            ..new_participant(programme.id, 1001, ParticipantRole::Mentor, "EQIOM")
        })
        .await
        .unwrap();
    let mentee = enrol(
        store,
        programme.id,
        1002,
        ParticipantRole::Mentee,
        "Canovia",
    )
    .await;
    same_second(
        store
            .participant_by_user(programme.id, UserId(1001))
            .await
            .unwrap()
            .unwrap()
            .enrolled_at,
        summer,
    );

    let pair_at = at(2027, 1, 31, 23, 59, 59);
    let pair = store
        .create_pair(&NewPair {
            created_at: pair_at,
            ..new_pair(programme.id, 161, &[&mentor, &mentee])
        })
        .await
        .unwrap();
    same_second(
        store.pair(pair.id).await.unwrap().unwrap().created_at,
        pair_at,
    );

    let signed = precise + Duration::days(70);
    store
        .sign_charter(pair.id, mentee.id, signed)
        .await
        .unwrap();
    let read = store.pair(pair.id).await.unwrap().unwrap().members[1]
        .charter_signed_at
        .expect("signed");
    same_second(read, signed);
    match store
        .sign_charter(pair.id, mentee.id, signed + Duration::hours(1))
        .await
        .unwrap()
    {
        SignOutcome::AlreadySigned { at } => same_second(at, signed),
        other => panic!("second signature recorded: {other:?}"),
    }
}

async fn finished_jobs_are_deleted_past_their_cutoff_and_no_other(store: &dyn Store) {
    use binome::domain::job::JobState::*;
    let old = t0();
    let recent = old + Duration::days(20);
    for (key, state, when) in [
        ("done-old", Done, old),
        ("skipped-old", Skipped, old),
        ("cancelled-old", Cancelled, old),
        ("dead-old", Dead, old),
        ("done-recent", Done, recent),
        ("running-old", Running, old),
        ("pending-old", Pending, old),
    ] {
        job_in_state(store, key, state, when).await;
    }
    let cutoff = old + Duration::days(10);
    let far = old + Duration::days(3650);
    for (state, before, deleted) in [
        // Never an unfinished job, however old.
        (Pending, far, 0),
        (Running, far, 0),
        // Strictly older than the cutoff.
        (Dead, old, 0),
        (Done, cutoff, 1),
        (Skipped, cutoff, 1),
        (Cancelled, cutoff, 1),
        (Dead, cutoff, 1),
    ] {
        let n = store
            .delete_finished_jobs(state, before, 100)
            .await
            .unwrap();
        assert_eq!(n, deleted, "{state:?} before {before}");
    }
    for (key, still) in [
        ("done-old", false),
        ("skipped-old", false),
        ("cancelled-old", false),
        ("dead-old", false),
        ("done-recent", true),
        ("running-old", true),
        ("pending-old", true),
    ] {
        assert_eq!(kept(store, key).await, still, "{key}");
    }
}

async fn a_deletion_takes_at_most_its_batch(store: &dyn Store) {
    use binome::domain::job::JobState::Done;
    for i in 0..5 {
        job_in_state(store, &format!("done-{i}"), Done, t0()).await;
    }
    let before = t0() + Duration::days(1);
    let mut batches = Vec::new();
    for _ in 0..4 {
        batches.push(store.delete_finished_jobs(Done, before, 2).await.unwrap());
    }
    assert_eq!(batches, [2, 2, 1, 0]);
}

async fn delivered_nonces_are_forgotten_past_their_cutoff_a_batch_at_a_time(store: &dyn Store) {
    // The ledger stamps deliveries with the real time.
    let recorded = Utc::now();
    for i in 0..5 {
        store.record_delivered(&format!("j1-k{i}")).await.unwrap();
    }
    let earlier = recorded - Duration::minutes(1);
    assert_eq!(store.forget_delivered(earlier, 100).await.unwrap(), 0);
    assert!(store.delivered("j1-k0").await.unwrap());
    let later = Utc::now() + Duration::seconds(1);
    assert_eq!(store.forget_delivered(later, 3).await.unwrap(), 3);
    assert_eq!(store.forget_delivered(later, 3).await.unwrap(), 2);
    for i in 0..5 {
        assert!(!store.delivered(&format!("j1-k{i}")).await.unwrap(), "{i}");
    }
}

// ---------------------------------------------------------------------------------------
// Backends.
// ---------------------------------------------------------------------------------------

fn new_join_request(programme: ProgrammeId, user: u64, minute: i64) -> NewJoinRequest {
    NewJoinRequest {
        programme_id: programme,
        user_id: UserId(user),
        role: ParticipantRole::Mentor,
        company: CompanyName::parse("Guyon Villemagne 25").unwrap(),
        themes: ThemeSet::parse("Gouvernance; Recrutement et intégration").unwrap(),
        capacity: 2,
        notice_version: 1,
        consented_at: t0() + Duration::minutes(minute),
        requested_at: t0() + Duration::minutes(minute),
    }
}

async fn join_requests_wait_then_are_approved_in_one_go_or_refused(store: &dyn Store) {
    let programme = programme_in(store, GUILD).await.id;
    let big = u64::MAX - 7;
    let stored = store
        .add_join_request(&new_join_request(programme, big, 0))
        .await
        .unwrap();
    assert_eq!(stored.user_id, UserId(big));
    assert_eq!(stored.status, JoinStatus::Pending);
    assert!(matches!(
        store
            .add_join_request(&new_join_request(programme, big, 1))
            .await,
        Err(StoreError::Conflict(Conflict::AlreadyRequested))
    ));
    store
        .add_join_request(&new_join_request(programme, 2002, 2))
        .await
        .unwrap();
    let read = store
        .join_request(programme, UserId(big))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.company.as_str(), "Guyon Villemagne 25");
    assert_eq!(
        read.themes.names(),
        vec!["Gouvernance", "Recrutement et intégration"]
    );
    assert_eq!((read.capacity, read.notice_version), (2, 1));
    assert_eq!(read.consented_at, t0());
    assert_eq!(read.decided_at, None);
    let pending: Vec<UserId> = store
        .pending_join_requests(programme)
        .await
        .unwrap()
        .iter()
        .map(|r| r.user_id)
        .collect();
    assert_eq!(pending, vec![UserId(big), UserId(2002)]);

    // Approving enrols and deletes the request together.
    let p = store
        .approve_join_request(&NewParticipant {
            capacity: 2,
            ..new_participant(
                programme,
                big,
                ParticipantRole::Mentor,
                "Guyon Villemagne 25",
            )
        })
        .await
        .unwrap();
    assert_eq!(p.user_id, UserId(big));
    assert!(store
        .join_request(programme, UserId(big))
        .await
        .unwrap()
        .is_none());
    // An approval that cannot enrol (already enrolled) leaves the request in place.
    enrol(store, programme, 2002, ParticipantRole::Mentee, "Canovia").await;
    assert!(matches!(
        store
            .approve_join_request(&new_participant(
                programme,
                2002,
                ParticipantRole::Mentee,
                "Canovia"
            ))
            .await,
        Err(StoreError::Conflict(Conflict::AlreadyEnrolled))
    ));
    assert!(store
        .join_request(programme, UserId(2002))
        .await
        .unwrap()
        .is_some());

    // Refusing a pending request once; a second time finds nothing pending.
    let at = t0() + Duration::hours(3);
    assert!(store
        .refuse_join_request(programme, UserId(2002), RefusalReason::Duplicate, at)
        .await
        .unwrap());
    assert!(!store
        .refuse_join_request(programme, UserId(2002), RefusalReason::Other, at)
        .await
        .unwrap());
    let refused = store
        .join_request(programme, UserId(2002))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        refused.status,
        JoinStatus::Refused(RefusalReason::Duplicate)
    );
    assert_eq!(refused.decided_at, Some(at));
    assert!(store
        .pending_join_requests(programme)
        .await
        .unwrap()
        .is_empty());
    // Dropping a pending request (the person was enrolled directly); a refused one stays.
    store
        .add_join_request(&new_join_request(programme, 2005, 5))
        .await
        .unwrap();
    assert!(store
        .drop_pending_join_request(programme, UserId(2005))
        .await
        .unwrap());
    assert!(store
        .join_request(programme, UserId(2005))
        .await
        .unwrap()
        .is_none());
    assert!(!store
        .drop_pending_join_request(programme, UserId(2002))
        .await
        .unwrap());
    // A request no longer pending cannot be approved: nobody is enrolled.
    store
        .add_join_request(&new_join_request(programme, 2003, 4))
        .await
        .unwrap();
    store
        .refuse_join_request(programme, UserId(2003), RefusalReason::Other, at)
        .await
        .unwrap();
    for user in [2003, 2004] {
        assert!(matches!(
            store
                .approve_join_request(&new_participant(
                    programme,
                    user,
                    ParticipantRole::Mentee,
                    "Canovia"
                ))
                .await,
            Err(StoreError::Conflict(Conflict::RequestDecided))
        ));
        assert!(store
            .participant_by_user(programme, UserId(user))
            .await
            .unwrap()
            .is_none());
    }
}

mod sqlite {
    use binome::store::SqliteStore;

    async fn store() -> SqliteStore {
        SqliteStore::in_memory().await.expect("in-memory store")
    }

    #[tokio::test]
    async fn join_requests_wait_then_are_approved_in_one_go_or_refused() {
        super::join_requests_wait_then_are_approved_in_one_go_or_refused(&store().await).await
    }

    #[tokio::test]
    async fn only_the_pairs_whose_objective_was_set_are_listed() {
        super::only_the_pairs_whose_objective_was_set_are_listed(&store().await).await
    }

    #[tokio::test]
    async fn guild_settings_are_saved_overwritten_and_read_back() {
        super::guild_settings_are_saved_overwritten_and_read_back(&store().await).await
    }

    #[tokio::test]
    async fn programme_round_trips_and_is_the_active_one() {
        super::programme_round_trips_and_is_the_active_one(&store().await).await
    }

    #[tokio::test]
    async fn a_second_active_programme_in_the_same_guild_is_a_conflict() {
        super::a_second_active_programme_in_the_same_guild_is_a_conflict(&store().await).await
    }

    #[tokio::test]
    async fn a_closed_programme_makes_room_for_the_next_one() {
        super::a_closed_programme_makes_room_for_the_next_one(&store().await).await
    }

    #[tokio::test]
    async fn participants_are_added_listed_found_and_removed() {
        super::participants_are_added_listed_found_and_removed(&store().await).await
    }

    #[tokio::test]
    async fn a_participants_locale_can_be_changed() {
        super::a_participants_locale_can_be_changed(&store().await).await
    }

    #[tokio::test]
    async fn enrolling_the_same_person_twice_is_a_conflict() {
        super::enrolling_the_same_person_twice_is_a_conflict(&store().await).await
    }

    #[tokio::test]
    async fn enrolling_many_is_all_or_nothing() {
        super::enrolling_many_is_all_or_nothing(&store().await).await
    }

    #[tokio::test]
    async fn themes_and_company_round_trip_exactly() {
        super::themes_and_company_round_trip_exactly(&store().await).await
    }

    #[tokio::test]
    async fn a_match_proposal_is_replaced_whole_and_records_its_pairs() {
        super::a_match_proposal_is_replaced_whole_and_records_its_pairs(&store().await).await
    }

    #[tokio::test]
    async fn a_pair_keeps_its_members_in_order_and_its_channel() {
        super::a_pair_keeps_its_members_in_order_and_its_channel(&store().await).await
    }

    #[tokio::test]
    async fn a_member_of_an_open_pair_cannot_join_another_and_nothing_is_left_behind() {
        super::a_member_of_an_open_pair_cannot_join_another_and_nothing_is_left_behind(
            &store().await,
        )
        .await
    }

    #[tokio::test]
    async fn the_charter_is_signed_once_and_the_first_time_stands() {
        super::the_charter_is_signed_once_and_the_first_time_stands(&store().await).await
    }

    #[tokio::test]
    async fn discord_ids_above_two_to_the_63_round_trip() {
        super::discord_ids_above_two_to_the_63_round_trip(&store().await).await
    }

    #[tokio::test]
    async fn meetings_are_summed_up_per_pair() {
        super::meetings_are_summed_up_per_pair(&store().await).await
    }

    #[tokio::test]
    async fn instants_round_trip_to_the_second() {
        super::instants_round_trip_to_the_second(&store().await).await
    }

    #[tokio::test]
    async fn finished_jobs_are_deleted_past_their_cutoff_and_no_other() {
        super::finished_jobs_are_deleted_past_their_cutoff_and_no_other(&store().await).await
    }

    #[tokio::test]
    async fn a_deletion_takes_at_most_its_batch() {
        super::a_deletion_takes_at_most_its_batch(&store().await).await
    }

    #[tokio::test]
    async fn delivered_nonces_are_forgotten_past_their_cutoff_a_batch_at_a_time() {
        super::delivered_nonces_are_forgotten_past_their_cutoff_a_batch_at_a_time(&store().await)
            .await
    }
}
