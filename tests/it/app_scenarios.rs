//! Scenarios of the use cases, on `App` with an in-memory SQLite store, a manual clock set to
//! 23 November 2026 10:00 UTC and a fake of the Discord channel port that records what it
//! was asked to do.

use binome::app::participants::AddParticipant;
use binome::app::ports::{ChannelError, CharterPost, Conflict, PairChannelSpec, Store};
use binome::app::programmes::CreateProgramme;
use binome::app::setup::SetupRequest;
use binome::app::{Actor, App, AppError, AppResult, AppSettings, ManualClock, UserError};
use binome::domain::charter::SignOutcome;
use binome::domain::pair::{NewPair, PairRule, PairStatus};
use binome::domain::participant::{Participant, ParticipantRole};
use binome::domain::privacy::{PairMemberView, PairSummary, PairView, ParticipantView};
use binome::domain::programme::{Programme, ProgrammeStatus};
use binome::domain::setup::{SetupFacts, SetupWarning};
use binome::domain::{ChannelId, GuildId, Invalid, Locale, PairId, RoleId, UserId};
use binome::store::SqliteStore;
use chrono::Duration;
use std::sync::Arc;

use crate::support::app::{create_programme, enrol, enrolment, in_memory_app, rallynov};
use crate::support::ports::RecordingChannels;
use crate::support::*;

use ParticipantRole::{Mentee, Mentor};

const RALLYNOV_THEMES: [&str; 6] = [
    "Management et conduite du changement",
    "Gouvernance",
    "Aménagement du temps de travail",
    "Recrutement et intégration",
    "Développement des compétences",
    "Nouveaux espaces de travail",
];

/// Asserts that a use case failed with the user error `pattern`.
macro_rules! assert_user_error {
    ($result:expr, $pattern:pat $(if $guard:expr)?) => {{
        let result = $result;
        assert!(
            matches!(&result, Err(AppError::User($pattern)) $(if $guard)?),
            "expected {}, got {:?}",
            stringify!($pattern),
            result
        );
    }};
}

// ---------------------------------------------------------------------------------------
// The fixture.
// ---------------------------------------------------------------------------------------

struct Fixture {
    app: App,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    channels: RecordingChannels,
}

impl Fixture {
    /// A server where nothing has been set up yet.
    async fn new() -> Fixture {
        let (app, store, clock) = in_memory_app(t0(), AppSettings::default()).await;
        Fixture {
            app,
            store,
            clock,
            channels: RecordingChannels::default(),
        }
    }

    /// `/setup` done by the owner: Coordination is the coordinator role, French server.
    async fn set_up() -> Fixture {
        let f = Fixture::new().await;
        f.setup_guild(GUILD, COORDINATION, Locale::Fr).await;
        f
    }

    /// Set up, and Claire created « Rally'nov 2027 » with the default themes.
    async fn with_programme() -> Fixture {
        let f = Fixture::set_up().await;
        create_programme(&f.app, rallynov()).await;
        f
    }

    /// The programme with two mentors and three mentees, nobody paired yet.
    async fn with_people() -> Fixture {
        let f = Fixture::with_programme().await;
        f.enrol(MARC, Mentor, "EQIOM").await;
        f.enrol(SOPHIE, Mentor, "Crossject").await;
        f.enrol(LEA, Mentee, "Canovia").await;
        f.enrol(HUGO, Mentee, "Guyon Villemagne 25").await;
        f.enrol(INES, Mentee, "Dijon Céréales").await;
        f
    }

    async fn setup_guild(&self, guild: GuildId, role: RoleId, locale: Locale) {
        self.app
            .setup(
                &Actor {
                    locale,
                    ..owner_of(guild)
                },
                SetupRequest {
                    coordinator_role: role,
                    coordinator_channel: Some(COORDINATION_CHANNEL),
                    facts: SetupFacts::default(),
                },
            )
            .await
            .expect("server set up");
    }

    async fn enrol(&self, user: UserId, role: ParticipantRole, company: &str) -> Participant {
        enrol(&self.app, user, role, company).await
    }

    async fn pair(
        &self,
        mentor: UserId,
        mentees: &[UserId],
    ) -> AppResult<binome::app::pairs::PairCreated> {
        self.app
            .create_pair(&coordinator(), mentor, mentees, &self.channels)
            .await
    }

    async fn programme(&self) -> Programme {
        self.store
            .active_programme(GUILD)
            .await
            .unwrap()
            .expect("a programme is running")
    }

    async fn participant(&self, user: UserId) -> Participant {
        let programme = self.programme().await;
        self.store
            .participant_by_user(programme.id, user)
            .await
            .unwrap()
            .expect("enrolled")
    }

    async fn enrolled_users(&self) -> Vec<UserId> {
        let programme = self.programme().await;
        self.store
            .participants(programme.id)
            .await
            .unwrap()
            .iter()
            .map(|p| p.user_id)
            .collect()
    }

    async fn pair_count(&self) -> usize {
        let programme = self.programme().await;
        self.store.pairs(programme.id).await.unwrap().len()
    }

    /// Asserts Discord was asked for nothing and nothing was recorded.
    async fn assert_nothing_created(&self) {
        assert!(self.channels.created().is_empty(), "a channel was created");
        assert!(self.channels.charters().is_empty(), "a charter was posted");
        assert_eq!(self.pair_count().await, 0, "a pair was recorded");
    }

    /// Runs every coordinator use case as `who` and returns what each said. On `with_people`
    /// the arguments pass every other check but one (the programme already exists), so an
    /// authorisation error can only come from the authorisation check.
    async fn every_coordinator_use_case(&self, who: &Actor) -> Vec<(&'static str, AppResult<()>)> {
        let app = &self.app;
        vec![
            (
                "create_programme",
                app.create_programme(who, rallynov()).await.map(drop),
            ),
            (
                "programme_status",
                app.programme_status(who).await.map(drop),
            ),
            (
                "add_participant",
                app.add_participant(who, enrolment(NINA, Mentee, "Aract"))
                    .await
                    .map(drop),
            ),
            (
                "list_participants",
                app.list_participants(who).await.map(drop),
            ),
            (
                "remove_participant",
                app.remove_participant(who, INES).await.map(drop),
            ),
            (
                "create_pair",
                app.create_pair(who, MARC, &[LEA], &self.channels)
                    .await
                    .map(drop),
            ),
            ("list_pairs", app.list_pairs(who).await.map(drop)),
            ("close_programme", app.close_programme(who).await.map(drop)),
        ]
    }
}

// ---------------------------------------------------------------------------------------
// Setup and authorisation.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn owner_sets_up_the_server_with_a_coordinator_role_and_channel() {
    let f = Fixture::new().await;
    let report = f
        .app
        .setup(
            &owner_of(GUILD),
            SetupRequest {
                coordinator_role: COORDINATION,
                coordinator_channel: Some(COORDINATION_CHANNEL),
                facts: SetupFacts::default(),
            },
        )
        .await
        .unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(report.settings.guild_id, GUILD);
    assert_eq!(report.settings.coordinator_role, COORDINATION);
    assert_eq!(
        report.settings.coordinator_channel,
        Some(COORDINATION_CHANNEL)
    );
    assert_eq!(report.settings.locale, Locale::Fr);
    assert_eq!(report.settings.updated_at, t0());
    assert_eq!(
        f.store.guild_settings(GUILD).await.unwrap(),
        Some(report.settings)
    );
}

#[tokio::test]
async fn setup_without_manage_server_is_refused_and_nothing_is_saved() {
    let f = Fixture::new().await;
    // Holding the future coordinator role is not enough: setup needs Manage Server.
    let result = f
        .app
        .setup(
            &coordinator(),
            SetupRequest {
                coordinator_role: COORDINATION,
                coordinator_channel: None,
                facts: SetupFacts::default(),
            },
        )
        .await;
    assert_user_error!(result, UserError::NeedManageServer);
    assert_eq!(f.store.guild_settings(GUILD).await.unwrap(), None);
}

#[tokio::test]
async fn setup_warns_loudly_when_the_coordinator_role_is_administrator() {
    let f = Fixture::new().await;
    let report = f
        .app
        .setup(
            &owner_of(GUILD),
            SetupRequest {
                coordinator_role: COORDINATION,
                coordinator_channel: None,
                facts: SetupFacts {
                    role_has_administrator: true,
                    owner_has_role: true,
                    bot_missing_permissions: vec![
                        binome::domain::setup::BotPermission::ManageRoles,
                    ],
                },
            },
        )
        .await
        .unwrap();
    assert_eq!(
        report.warnings,
        vec![
            SetupWarning::RoleIsAdministrator,
            SetupWarning::OwnerIsCoordinator,
            SetupWarning::BotMissingPermissions(vec![
                binome::domain::setup::BotPermission::ManageRoles
            ]),
        ]
    );
    // A warning, not a refusal: the settings are saved.
    let saved = f.store.guild_settings(GUILD).await.unwrap().expect("saved");
    assert_eq!(saved.coordinator_role, COORDINATION);
}

#[tokio::test]
async fn every_coordinator_action_before_setup_says_the_server_is_not_set_up() {
    let f = Fixture::new().await;
    for (name, result) in f.every_coordinator_use_case(&coordinator()).await {
        assert!(
            matches!(result, Err(AppError::User(UserError::NotSetUp))),
            "{name}: {result:?}"
        );
    }
    assert!(f.channels.created().is_empty());
    assert!(f.store.active_programme(GUILD).await.unwrap().is_none());
}

#[tokio::test]
async fn every_coordinator_action_needs_the_coordinator_role() {
    let f = Fixture::with_people().await;
    let intruders = [
        ("a participant", member(MARC)),
        ("the owner without the role", owner_of(GUILD)),
        (
            "someone with another role",
            actor(ZOE, GUILD, &[OTHER_COORDINATION], false),
        ),
    ];
    for (who, intruder) in &intruders {
        for (name, result) in f.every_coordinator_use_case(intruder).await {
            assert!(
                matches!(result, Err(AppError::User(UserError::NotCoordinator))),
                "{who} / {name}: {result:?}"
            );
        }
    }
    f.assert_nothing_created().await;
    assert_eq!(f.programme().await.name, "Rally'nov 2027");
    assert_eq!(
        f.enrolled_users().await,
        vec![MARC, SOPHIE, LEA, HUGO, INES],
        "nobody was enrolled or removed"
    );
}

#[tokio::test]
async fn setup_again_moves_the_coordinator_role_and_the_old_role_loses_access() {
    let f = Fixture::with_programme().await;
    f.setup_guild(GUILD, OTHER_COORDINATION, Locale::Fr).await;
    assert_user_error!(
        f.app.programme_status(&coordinator()).await,
        UserError::NotCoordinator
    );
    let status = f
        .app
        .programme_status(&actor(CLAIRE, GUILD, &[OTHER_COORDINATION], false))
        .await
        .unwrap();
    assert_eq!(status.programme.name, "Rally'nov 2027");
}

// ---------------------------------------------------------------------------------------
// Programme.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn coordinator_creates_programme_with_default_rallynov_themes() {
    let f = Fixture::set_up().await;
    let programme = f
        .app
        .create_programme(&coordinator(), rallynov())
        .await
        .unwrap();
    assert_eq!(programme.name, "Rally'nov 2027");
    assert_eq!(programme.guild_id, GUILD);
    assert_eq!(programme.themes.names(), RALLYNOV_THEMES);
    assert_eq!(programme.time_zone, chrono_tz::Europe::Paris);
    assert_eq!(programme.dates.starts_on(), day(2027, 1, 12));
    assert_eq!(programme.dates.ends_on(), day(2027, 12, 15));
    assert_eq!(programme.status, ProgrammeStatus::Active);
    assert_eq!(programme.created_at, t0());

    let stored = f.programme().await;
    assert_eq!(stored.id, programme.id);
    assert_eq!(stored.themes.names(), RALLYNOV_THEMES);
}

#[tokio::test]
async fn coordinator_chooses_the_programmes_own_themes_and_time_zone() {
    let f = Fixture::set_up().await;
    let programme = f
        .app
        .create_programme(
            &coordinator(),
            CreateProgramme {
                name: "  Cap   Mentorat  ".into(),
                time_zone: Some("America/Montreal".into()),
                themes: Some("Gouvernance; Recrutement et intégration, gouvernance".into()),
                ..rallynov()
            },
        )
        .await
        .unwrap();
    assert_eq!(programme.name, "Cap Mentorat");
    assert_eq!(programme.time_zone, chrono_tz::America::Montreal);
    assert_eq!(
        programme.themes.names(),
        vec!["Gouvernance", "Recrutement et intégration"]
    );
    assert_eq!(f.programme().await.time_zone, chrono_tz::America::Montreal);
}

#[tokio::test]
async fn programme_dates_are_read_in_french_and_iso_forms() {
    let f = Fixture::set_up().await;
    // Today is 23 November 2026: « 12/01 » without a year is the coming 12 January.
    let forms = [
        ("12/01/2027", "15/12/2027"),
        ("2027-01-12", "2027-12-15"),
        ("12/01", "15.12.27"),
        ("12-01-2027", "15/12/27"),
    ];
    for (starts_on, ends_on) in forms {
        let programme = f
            .app
            .create_programme(
                &coordinator(),
                CreateProgramme {
                    starts_on: starts_on.into(),
                    ends_on: ends_on.into(),
                    ..rallynov()
                },
            )
            .await
            .unwrap_or_else(|e| panic!("{starts_on} → {ends_on}: {e:?}"));
        assert_eq!(programme.dates.starts_on(), day(2027, 1, 12), "{starts_on}");
        assert_eq!(programme.dates.ends_on(), day(2027, 12, 15), "{ends_on}");
        f.app.close_programme(&coordinator()).await.unwrap();
    }
}

#[tokio::test]
async fn programme_ending_before_it_starts_is_refused() {
    let f = Fixture::set_up().await;
    let result = f
        .app
        .create_programme(
            &coordinator(),
            CreateProgramme {
                starts_on: "15/12/2027".into(),
                ends_on: "12/01/2027".into(),
                ..rallynov()
            },
        )
        .await;
    assert_user_error!(result, UserError::Invalid(Invalid::EndBeforeStart));
    let garbled = f
        .app
        .create_programme(
            &coordinator(),
            CreateProgramme {
                ends_on: "demain".into(),
                ..rallynov()
            },
        )
        .await;
    assert_user_error!(garbled, UserError::Invalid(Invalid::BadDate { input }) if input == "demain");
    assert!(f.store.active_programme(GUILD).await.unwrap().is_none());
}

#[tokio::test]
async fn unknown_time_zone_is_refused() {
    let f = Fixture::set_up().await;
    let result = f
        .app
        .create_programme(
            &coordinator(),
            CreateProgramme {
                time_zone: Some("Paris".into()),
                ..rallynov()
            },
        )
        .await;
    assert_user_error!(result, UserError::Invalid(Invalid::BadTimeZone { input }) if input == "Paris");
    assert!(f.store.active_programme(GUILD).await.unwrap().is_none());
}

#[tokio::test]
async fn a_second_programme_is_refused_naming_the_one_running() {
    let f = Fixture::with_programme().await;
    let first = f.programme().await;
    let result = f
        .app
        .create_programme(
            &coordinator(),
            CreateProgramme {
                name: "Rally'nov bis".into(),
                ..rallynov()
            },
        )
        .await;
    assert_user_error!(
        result,
        UserError::ProgrammeAlreadyActive { name } if name == "Rally'nov 2027"
    );
    let still = f.programme().await;
    assert_eq!(still.id, first.id);
    assert_eq!(still.name, "Rally'nov 2027");
}

#[tokio::test]
async fn closing_the_programme_lets_the_coordinator_start_the_next_one() {
    let f = Fixture::with_people().await;
    let first = f.programme().await;
    let closed = f.app.close_programme(&coordinator()).await.unwrap();
    assert_eq!(closed.id, first.id);
    assert_eq!(
        f.store.programme(first.id).await.unwrap().unwrap().status,
        ProgrammeStatus::Closed
    );
    assert_user_error!(
        f.app.programme_status(&coordinator()).await,
        UserError::NoActiveProgramme
    );
    assert_user_error!(
        f.app.close_programme(&coordinator()).await,
        UserError::NoActiveProgramme
    );

    let next = f
        .app
        .create_programme(
            &coordinator(),
            CreateProgramme {
                name: "Rally'nov 2028".into(),
                starts_on: "10/01/2028".into(),
                ends_on: "15/12/2028".into(),
                ..rallynov()
            },
        )
        .await
        .unwrap();
    assert_ne!(next.id, first.id);
    assert_eq!(f.programme().await.id, next.id);
    assert!(
        f.app
            .list_participants(&coordinator())
            .await
            .unwrap()
            .is_empty(),
        "a new cohort starts empty"
    );
}

#[tokio::test]
async fn programme_status_counts_people_pairs_and_signed_charters() {
    let f = Fixture::with_people().await;
    let created = f.pair(MARC, &[LEA]).await.unwrap();
    f.app
        .sign_charter(&member(MARC), created.pair.id)
        .await
        .unwrap();
    let status = f.app.programme_status(&coordinator()).await.unwrap();
    assert_eq!(status.programme.name, "Rally'nov 2027");
    assert_eq!((status.mentors, status.mentees, status.unpaired), (2, 3, 3));
    assert_eq!(status.open_pairs, 1);
    assert_eq!(status.charters_complete, 0, "Léa has not signed yet");

    f.app
        .sign_charter(&member(LEA), created.pair.id)
        .await
        .unwrap();
    let status = f.app.programme_status(&coordinator()).await.unwrap();
    assert_eq!(status.charters_complete, 1);
}

// ---------------------------------------------------------------------------------------
// Participants.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn participant_themes_are_restated_in_the_programmes_spelling() {
    let f = Fixture::with_programme().await;
    let added = f
        .app
        .add_participant(
            &coordinator(),
            AddParticipant {
                themes: Some("gouvernance ; RECRUTEMENT ET INTÉGRATION".into()),
                capacity: None,
                ..enrolment(LEA, Mentee, "  Canovia  ")
            },
        )
        .await
        .unwrap();
    assert_eq!(
        added.themes.names(),
        vec!["Gouvernance", "Recrutement et intégration"]
    );
    assert_eq!(added.company.as_str(), "Canovia");
    assert_eq!(added.role, Mentee);
    assert_eq!(added.locale, Locale::Fr);
    assert_eq!(added.enrolled_at, t0());

    let stored = f.participant(LEA).await;
    assert_eq!(stored.id, added.id);
    assert_eq!(
        stored.themes.names(),
        vec!["Gouvernance", "Recrutement et intégration"]
    );
}

#[tokio::test]
async fn unknown_theme_is_refused_listing_the_programmes_themes() {
    let f = Fixture::with_programme().await;
    let result = f
        .app
        .add_participant(
            &coordinator(),
            AddParticipant {
                themes: Some("Gouvernance, Cuisine".into()),
                capacity: None,
                ..enrolment(LEA, Mentee, "Canovia")
            },
        )
        .await;
    assert_user_error!(
        result,
        UserError::Invalid(Invalid::UnknownTheme { theme, available })
            if theme == "Cuisine" && *available == RALLYNOV_THEMES
    );
    assert!(f.enrolled_users().await.is_empty());
}

#[tokio::test]
async fn enrolling_someone_twice_is_refused() {
    let f = Fixture::with_people().await;
    let result = f
        .app
        .add_participant(&coordinator(), enrolment(LEA, Mentor, "Aract"))
        .await;
    assert_user_error!(result, UserError::Conflict(Conflict::AlreadyEnrolled));
    let lea = f.participant(LEA).await;
    assert_eq!(lea.role, Mentee);
    assert_eq!(lea.company.as_str(), "Canovia");
}

#[tokio::test]
async fn enrolling_without_a_programme_says_there_is_none() {
    let f = Fixture::set_up().await;
    assert_user_error!(
        f.app
            .add_participant(&coordinator(), enrolment(LEA, Mentee, "Canovia"))
            .await,
        UserError::NoActiveProgramme
    );
}

#[tokio::test]
async fn participant_list_shows_who_is_paired_with_whom() {
    let f = Fixture::with_people().await;
    let before = f.app.list_participants(&coordinator()).await.unwrap();
    assert_eq!(
        before.iter().map(|v| v.user_id).collect::<Vec<_>>(),
        vec![MARC, SOPHIE, LEA, HUGO, INES]
    );
    assert!(before.iter().all(|v| v.pair.is_none()));

    let pair = f.pair(MARC, &[LEA]).await.unwrap().pair;
    let after = f.app.list_participants(&coordinator()).await.unwrap();
    let view = |user| after.iter().find(|v| v.user_id == user).unwrap().clone();
    assert_eq!(
        view(MARC).pair,
        Some(PairSummary {
            pair_id: pair.id,
            status: PairStatus::Active,
            partners: vec![LEA],
            charter_signed_at: None,
        })
    );
    assert_eq!(view(LEA).pair.unwrap().partners, vec![MARC]);
    assert_eq!(view(LEA).company, "Canovia");
    assert_eq!(view(MARC).role, Mentor);
    for unpaired in [SOPHIE, HUGO, INES] {
        assert_eq!(view(unpaired).pair, None);
    }
}

#[tokio::test]
async fn a_participant_still_in_an_open_pair_cannot_be_removed() {
    let f = Fixture::with_people().await;
    f.pair(MARC, &[LEA]).await.unwrap();
    assert_user_error!(
        f.app.remove_participant(&coordinator(), LEA).await,
        UserError::StillPaired(LEA)
    );
    assert_user_error!(
        f.app.remove_participant(&coordinator(), MARC).await,
        UserError::StillPaired(MARC)
    );
    assert_eq!(
        f.enrolled_users().await,
        vec![MARC, SOPHIE, LEA, HUGO, INES]
    );
    assert_eq!(f.pair_count().await, 1);
}

#[tokio::test]
async fn removing_someone_not_enrolled_says_so() {
    let f = Fixture::with_people().await;
    assert_user_error!(
        f.app.remove_participant(&coordinator(), ZOE).await,
        UserError::NotEnrolled(ZOE)
    );
    assert_eq!(f.enrolled_users().await.len(), 5);
}

#[tokio::test]
async fn an_unpaired_participant_is_removed() {
    let f = Fixture::with_people().await;
    f.app
        .remove_participant(&coordinator(), HUGO)
        .await
        .unwrap();
    assert_eq!(f.enrolled_users().await, vec![MARC, SOPHIE, LEA, INES]);
    assert_user_error!(
        f.app.remove_participant(&coordinator(), HUGO).await,
        UserError::NotEnrolled(HUGO)
    );
}

// ---------------------------------------------------------------------------------------
// Pairs.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn coordinator_creates_a_pair_with_one_private_channel_and_posts_the_charter_once() {
    let f = Fixture::with_people().await;
    let created = f.pair(MARC, &[LEA]).await.unwrap();
    assert!(created.charter_posted);

    let channels = f.channels.created();
    assert_eq!(channels.len(), 1);
    let (channel, spec) = &channels[0];
    assert_eq!(
        *spec,
        PairChannelSpec {
            guild: GUILD,
            members: vec![MARC, LEA],
            coordinator_role: COORDINATION,
        }
    );

    let pair = &created.pair;
    assert_eq!(pair.channel_id, *channel);
    assert_eq!(pair.status, PairStatus::Active);
    assert_eq!(pair.created_at, t0());
    assert_eq!(
        pair.members
            .iter()
            .map(|m| (m.user_id, m.role))
            .collect::<Vec<_>>(),
        vec![(MARC, Mentor), (LEA, Mentee)]
    );
    let stored = f
        .store
        .pair_by_channel(*channel)
        .await
        .unwrap()
        .expect("recorded");
    assert_eq!(stored.id, pair.id);
    assert_eq!(stored.programme_id, f.programme().await.id);

    assert_eq!(
        f.channels.charters(),
        vec![CharterPost {
            channel: *channel,
            pair: pair.id,
            members: vec![MARC, LEA],
            locale: Locale::Fr,
        }]
    );
    assert!(f.channels.deleted().is_empty());

    let listed = f.app.list_pairs(&coordinator()).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].pair_id, pair.id);
}

#[tokio::test]
async fn the_charter_is_posted_in_the_servers_language() {
    let f = Fixture::new().await;
    f.setup_guild(GUILD, COORDINATION, Locale::En).await;
    create_programme(&f.app, rallynov()).await;
    f.enrol(MARC, Mentor, "EQIOM").await;
    // Léa reads French; the welcome goes out in the server's language.
    f.enrol(LEA, Mentee, "Canovia").await;
    f.pair(MARC, &[LEA]).await.unwrap();
    let charters = f.channels.charters();
    assert_eq!(charters.len(), 1);
    assert_eq!(charters[0].locale, Locale::En);
}

#[tokio::test]
async fn pair_with_someone_not_enrolled_is_refused_and_no_channel_is_created() {
    let f = Fixture::with_people().await;
    assert_user_error!(f.pair(MARC, &[ZOE]).await, UserError::NotEnrolled(ZOE));
    assert_user_error!(f.pair(ZOE, &[LEA]).await, UserError::NotEnrolled(ZOE));
    f.assert_nothing_created().await;
}

#[tokio::test]
async fn pair_with_roles_swapped_is_refused_and_no_channel_is_created() {
    let f = Fixture::with_people().await;
    assert_user_error!(
        f.pair(LEA, &[HUGO]).await,
        UserError::PairRule(PairRule::NotAMentor(LEA))
    );
    assert_user_error!(
        f.pair(MARC, &[SOPHIE]).await,
        UserError::PairRule(PairRule::NotAMentee(SOPHIE))
    );
    f.assert_nothing_created().await;
}

#[tokio::test]
async fn pair_from_the_same_company_is_refused_and_no_channel_is_created() {
    let f = Fixture::with_people().await;
    // Sophie works at Crossject; so do these two, spelled differently.
    f.enrol(NINA, Mentee, "crossject").await;
    f.enrol(TOM, Mentee, "CROSS-JECT.").await;
    for mentee in [NINA, TOM] {
        assert_user_error!(
            f.pair(SOPHIE, &[mentee]).await,
            UserError::PairRule(PairRule::SameCompany { mentor: SOPHIE, mentee: m, company })
                if *m == mentee && company == "Crossject"
        );
    }
    // One of three mentees from the mentor's company is enough to refuse the whole group.
    assert_user_error!(
        f.pair(SOPHIE, &[LEA, HUGO, NINA]).await,
        UserError::PairRule(PairRule::SameCompany { mentee: NINA, .. })
    );
    f.assert_nothing_created().await;
}

#[tokio::test]
async fn someone_already_paired_cannot_join_a_second_pair() {
    let f = Fixture::with_people().await;
    f.pair(MARC, &[LEA]).await.unwrap();
    assert_user_error!(
        f.pair(SOPHIE, &[LEA]).await,
        UserError::PairRule(PairRule::AlreadyPaired(LEA))
    );
    assert_user_error!(
        f.pair(MARC, &[HUGO]).await,
        UserError::PairRule(PairRule::AlreadyPaired(MARC))
    );
    assert_eq!(
        f.channels.created().len(),
        1,
        "only the first pair's channel"
    );
    assert_eq!(f.channels.charters().len(), 1);
    assert_eq!(f.pair_count().await, 1);
}

#[tokio::test]
async fn the_same_mentee_twice_in_one_pair_is_refused() {
    let f = Fixture::with_people().await;
    assert_user_error!(
        f.pair(MARC, &[LEA, LEA]).await,
        UserError::PairRule(PairRule::Duplicate(LEA))
    );
    f.assert_nothing_created().await;
}

#[tokio::test]
async fn one_mentor_may_take_three_mentees_but_not_four() {
    let f = Fixture::with_people().await;
    f.enrol(NINA, Mentee, "Aract").await;
    assert_user_error!(
        f.pair(MARC, &[LEA, HUGO, INES, NINA]).await,
        UserError::PairRule(PairRule::TooManyMentees)
    );
    f.assert_nothing_created().await;

    let created = f.pair(MARC, &[INES, LEA, HUGO]).await.unwrap();
    assert_eq!(
        created
            .pair
            .members
            .iter()
            .map(|m| m.user_id)
            .collect::<Vec<_>>(),
        vec![MARC, INES, LEA, HUGO]
    );
    let channels = f.channels.created();
    assert_eq!(channels.len(), 1);
    assert_eq!(channels[0].1.members, vec![MARC, INES, LEA, HUGO]);
    assert_eq!(
        f.channels.charters()[0].members,
        vec![MARC, INES, LEA, HUGO]
    );
}

#[tokio::test]
async fn a_full_server_refuses_the_channel_and_nothing_is_recorded() {
    let f = Fixture::with_people().await;
    f.channels
        .refuse_channels_with(Some(|| ChannelError::GuildFull { limit: 500 }));
    assert_user_error!(
        f.pair(MARC, &[LEA]).await,
        UserError::GuildFull { limit: 500 }
    );
    f.assert_nothing_created().await;
    assert!(f
        .app
        .list_participants(&coordinator())
        .await
        .unwrap()
        .iter()
        .all(|v| v.pair.is_none()));

    f.channels
        .refuse_channels_with(Some(|| ChannelError::MissingPermissions));
    assert_user_error!(f.pair(MARC, &[LEA]).await, UserError::BotMissingPermissions);
    f.assert_nothing_created().await;

    // Once there is room again, the same two people can be paired.
    f.channels.refuse_channels_with(None);
    f.pair(MARC, &[LEA]).await.unwrap();
    assert_eq!(f.pair_count().await, 1);
}

#[tokio::test]
async fn pair_is_kept_when_the_charter_cannot_be_posted() {
    let f = Fixture::with_people().await;
    f.channels.refuse_charters();
    let created = f.pair(MARC, &[LEA]).await.unwrap();
    assert!(!created.charter_posted);
    assert_eq!(f.channels.created().len(), 1);
    assert!(f.channels.deleted().is_empty(), "the channel stays");
    let stored = f
        .store
        .pair(created.pair.id)
        .await
        .unwrap()
        .expect("recorded");
    assert_eq!(stored.channel_id, f.channels.created()[0].0);
    assert_eq!(f.app.list_pairs(&coordinator()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn pair_recorded_meanwhile_by_another_coordinator_removes_the_new_channel() {
    let f = Fixture::with_people().await;
    let programme = f.programme().await;
    let sophie = f.participant(SOPHIE).await;
    let lea = f.participant(LEA).await;
    // While Discord creates Marc and Léa's channel, another coordinator pairs Léa with Sophie.
    f.channels.record_meanwhile(
        f.store.clone(),
        NewPair {
            programme_id: programme.id,
            channel_id: ChannelId(180_000_000_000_000_001),
            members: vec![sophie.id, lea.id],
            created_at: t0(),
        },
    );
    assert_user_error!(
        f.pair(MARC, &[LEA]).await,
        UserError::Conflict(Conflict::MemberAlreadyPaired)
    );
    let created = f.channels.created();
    assert_eq!(created.len(), 1);
    assert_eq!(
        f.channels.deleted(),
        vec![created[0].0],
        "the orphan channel is removed"
    );
    assert!(f.channels.charters().is_empty());
    let pairs = f.store.pairs(programme.id).await.unwrap();
    assert_eq!(pairs.len(), 1);
    assert_eq!(pairs[0].channel_id, ChannelId(180_000_000_000_000_001));
}

// ---------------------------------------------------------------------------------------
// Charter.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_member_signs_the_charter_once_and_the_first_time_stands() {
    let f = Fixture::with_people().await;
    let pair = f.pair(MARC, &[LEA]).await.unwrap().pair;
    assert_eq!(
        f.app.sign_charter(&member(LEA), pair.id).await.unwrap(),
        SignOutcome::Signed { at: t0() }
    );
    f.clock.advance(Duration::hours(2));
    assert_eq!(
        f.app.sign_charter(&member(LEA), pair.id).await.unwrap(),
        SignOutcome::AlreadySigned { at: t0() }
    );

    let listed = f.app.list_pairs(&coordinator()).await.unwrap();
    assert_eq!(
        listed[0].members,
        vec![
            PairMemberView {
                user_id: MARC,
                role: Mentor,
                charter_signed_at: None,
            },
            PairMemberView {
                user_id: LEA,
                role: Mentee,
                charter_signed_at: Some(t0()),
            },
        ]
    );

    assert_eq!(
        f.app.sign_charter(&member(MARC), pair.id).await.unwrap(),
        SignOutcome::Signed {
            at: t0() + Duration::hours(2)
        }
    );
}

#[tokio::test]
async fn someone_outside_the_pair_cannot_sign_its_charter() {
    let f = Fixture::with_people().await;
    let pair = f.pair(MARC, &[LEA]).await.unwrap().pair;
    assert_user_error!(
        f.app.sign_charter(&member(HUGO), pair.id).await,
        UserError::NotAPairMember
    );
    assert_user_error!(
        f.app.sign_charter(&coordinator(), pair.id).await,
        UserError::NotAPairMember
    );
    let stored = f.store.pair(pair.id).await.unwrap().unwrap();
    assert!(stored.members.iter().all(|m| m.charter_signed_at.is_none()));
}

#[tokio::test]
async fn signing_an_unknown_pair_says_so() {
    let f = Fixture::with_people().await;
    let pair = f.pair(MARC, &[LEA]).await.unwrap().pair;
    assert_user_error!(
        f.app
            .sign_charter(&member(LEA), PairId(pair.id.0 + 1000))
            .await,
        UserError::UnknownPair
    );
}

// ---------------------------------------------------------------------------------------
// Privacy.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn privacy_shows_nothing_to_someone_not_enrolled() {
    let f = Fixture::set_up().await;
    let report = f.app.privacy(&member(ZOE)).await.unwrap();
    assert_eq!(report.programme_name, None);
    assert_eq!(report.view, None);

    create_programme(&f.app, rallynov()).await;
    f.enrol(MARC, Mentor, "EQIOM").await;
    let report = f.app.privacy(&member(ZOE)).await.unwrap();
    assert_eq!(report.programme_name.as_deref(), Some("Rally'nov 2027"));
    assert_eq!(report.view, None);
}

#[tokio::test]
async fn privacy_shows_a_participant_exactly_what_the_coordinator_sees() {
    let f = Fixture::with_programme().await;
    f.enrol(MARC, Mentor, "EQIOM").await;
    f.app
        .add_participant(
            &coordinator(),
            AddParticipant {
                themes: Some("Gouvernance".into()),
                capacity: None,
                ..enrolment(LEA, Mentee, "Canovia")
            },
        )
        .await
        .unwrap();
    let pair = f.pair(MARC, &[LEA]).await.unwrap().pair;
    f.clock.advance(Duration::minutes(30));
    f.app.sign_charter(&member(LEA), pair.id).await.unwrap();

    // Léa's Discord speaks English.
    let lea = Actor {
        locale: Locale::En,
        ..member(LEA)
    };
    let report = f.app.privacy(&lea).await.unwrap();
    assert_eq!(report.programme_name.as_deref(), Some("Rally'nov 2027"));
    let view = report.view.expect("Léa is enrolled");

    // Destructured field by field: a new field (anything a pair could write) breaks this
    // test on purpose, so that whoever adds it decides whether the coordinator may see it.
    let ParticipantView {
        user_id,
        role,
        company,
        themes,
        enrolled_at,
        pair: summary,
    } = view.clone();
    assert_eq!(user_id, LEA);
    assert_eq!(role, Mentee);
    assert_eq!(company, "Canovia");
    assert_eq!(themes, vec!["Gouvernance"]);
    assert_eq!(enrolled_at, t0());
    let PairSummary {
        pair_id,
        status,
        partners,
        charter_signed_at,
    } = summary.expect("Léa is paired");
    assert_eq!(pair_id, pair.id);
    assert_eq!(status, PairStatus::Active);
    assert_eq!(partners, vec![MARC]);
    assert_eq!(charter_signed_at, Some(t0() + Duration::minutes(30)));

    // Her language is remembered for what the bot posts to her later.
    assert_eq!(f.participant(LEA).await.locale, Locale::En);
    assert_eq!(f.participant(MARC).await.locale, Locale::Fr);

    // The coordinator sees exactly this, no more.
    let listed = f.app.list_participants(&coordinator()).await.unwrap();
    assert_eq!(listed.iter().find(|v| v.user_id == LEA), Some(&view));
    let marc_view = f.app.privacy(&member(MARC)).await.unwrap().view.unwrap();
    assert_eq!(listed.iter().find(|v| v.user_id == MARC), Some(&marc_view));
    assert_eq!(f.participant(MARC).await.locale, Locale::Fr);

    // And the pair list carries status and signatures.
    let pairs = f.app.list_pairs(&coordinator()).await.unwrap();
    assert_eq!(pairs.len(), 1);
    let listed: &PairView = &pairs[0];
    assert_eq!(
        (listed.pair_id, listed.status, listed.created_at),
        (pair.id, PairStatus::Active, t0())
    );
    assert_eq!(
        listed.members,
        vec![
            PairMemberView {
                user_id: MARC,
                role: Mentor,
                charter_signed_at: None,
            },
            PairMemberView {
                user_id: LEA,
                role: Mentee,
                charter_signed_at: Some(t0() + Duration::minutes(30)),
            },
        ]
    );
}

/// `/privacy` builds one person's rows from their own data only; they must be exactly the
/// rows `/attendance` shows the coordinator about them — same months (the grid starts with
/// the programme's earliest pair, not the person's), meetings, sessions and follow-ups.
#[tokio::test]
async fn privacy_rows_are_the_coordinators_rows_about_me() {
    use binome::app::followups::LogFollowUp;
    use binome::app::ports::SessionStore;
    use binome::domain::meeting::{MeetingStatus, NewMeeting};
    use binome::domain::session::{AttendanceSource, NewSession, SessionAttendance, SessionKind};
    let f = Fixture::with_people().await;
    // Marc and Léa pair in November 2026, before the programme starts.
    let early = f.pair(MARC, &[LEA]).await.unwrap().pair;
    f.clock.set(t(2027, 2, 3, 9, 0));
    let late = f.pair(SOPHIE, &[HUGO]).await.unwrap().pair;
    for (pair, at, status) in [
        (early.id, t(2026, 12, 10, 17, 0), MeetingStatus::Held),
        (early.id, t(2027, 3, 10, 17, 0), MeetingStatus::Held),
        (late.id, t(2027, 2, 20, 17, 0), MeetingStatus::Held),
        (late.id, t(2027, 3, 20, 17, 0), MeetingStatus::Cancelled),
    ] {
        let new = NewMeeting {
            pair_id: pair,
            starts_at: at,
            duration_minutes: 60,
            mode: None,
            status,
            created_at: at,
        };
        f.store.create_meeting(&new).await.unwrap();
    }
    let programme = f.programme().await;
    let kickoff = f
        .store
        .create_session(&NewSession {
            programme_id: programme.id,
            kind: SessionKind::Kickoff,
            starts_at: t(2027, 2, 10, 13, 0),
            ends_at: t(2027, 2, 10, 16, 0),
            place: None,
            discord_event_id: None,
            created_at: t0(),
        })
        .await
        .unwrap();
    for user in [HUGO, LEA] {
        let presence = SessionAttendance {
            session_id: kickoff.id,
            participant_id: f.participant(user).await.id,
            recorded_at: t(2027, 2, 10, 13, 5),
            source: AttendanceSource::Coordinator,
        };
        f.store.record_presence(&presence).await.unwrap();
    }
    f.clock.set(t(2027, 3, 25, 9, 0));
    let logged = LogFollowUp {
        user: HUGO,
        date: Some("01/03/2027".into()),
        kind: None,
    };
    f.app.log_followup(&coordinator(), logged).await.unwrap();

    let grid = f.app.attendance(&coordinator()).await.unwrap().view;
    for user in [MARC, LEA, SOPHIE, HUGO, INES] {
        let mine = f
            .app
            .privacy(&member(user))
            .await
            .unwrap()
            .attendance
            .unwrap();
        let row = grid.participants.iter().find(|p| p.user_id == user);
        assert_eq!(mine.me.as_ref(), row, "{user:?}");
        let pair = row.and_then(|r| r.pair_id);
        assert_eq!(
            mine.pair.as_ref(),
            grid.pairs.iter().find(|p| Some(p.pair_id) == pair),
            "{user:?}"
        );
        assert_eq!(mine.months_elapsed, grid.elapsed, "{user:?}");
        assert_eq!(mine.sessions_held, grid.sessions.len(), "{user:?}");
    }
    let hugo = f
        .app
        .privacy(&member(HUGO))
        .await
        .unwrap()
        .attendance
        .unwrap();
    let hugo_row = hugo.me.unwrap();
    assert_eq!(hugo_row.sessions_attended, Some(1));
    assert_eq!(hugo_row.last_follow_up, Some(day(2027, 3, 1)));
    // November 2026 to March 2027: five months, Hugo's pair met in February only.
    assert_eq!(hugo.months_elapsed, 5);
    assert_eq!(&hugo.pair.unwrap().held_per_month[..5], &[0, 0, 0, 1, 0]);
}

// ---------------------------------------------------------------------------------------
// Two servers.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn two_servers_run_their_programmes_without_seeing_each_other() {
    let f = Fixture::with_people().await;
    f.setup_guild(OTHER_GUILD, OTHER_COORDINATION, Locale::Fr)
        .await;
    let other_coordinator = actor(TOM, OTHER_GUILD, &[OTHER_COORDINATION], false);
    f.app
        .create_programme(
            &other_coordinator,
            CreateProgramme {
                name: "Cap Mentorat".into(),
                ..rallynov()
            },
        )
        .await
        .expect("another server runs its own programme");
    // Marc mentors in the first server and is a mentee in the second.
    f.app
        .add_participant(&other_coordinator, enrolment(MARC, Mentee, "Aract"))
        .await
        .unwrap();
    f.app
        .add_participant(&other_coordinator, enrolment(NINA, Mentor, "Canovia"))
        .await
        .unwrap();
    let first_pair = f.pair(MARC, &[LEA]).await.unwrap().pair;

    // The second server sees only its own people, unpaired.
    let theirs = f.app.list_participants(&other_coordinator).await.unwrap();
    assert_eq!(
        theirs
            .iter()
            .map(|v| (v.user_id, v.role, v.company.as_str(), v.pair.is_some()))
            .collect::<Vec<_>>(),
        vec![
            (MARC, Mentee, "Aract", false),
            (NINA, Mentor, "Canovia", false)
        ]
    );
    assert!(f
        .app
        .list_pairs(&other_coordinator)
        .await
        .unwrap()
        .is_empty());
    let status = f.app.programme_status(&other_coordinator).await.unwrap();
    assert_eq!(status.programme.name, "Cap Mentorat");
    assert_eq!(
        (status.mentors, status.mentees, status.open_pairs),
        (1, 1, 0)
    );
    assert_user_error!(
        f.app.remove_participant(&other_coordinator, LEA).await,
        UserError::NotEnrolled(LEA)
    );

    // What Marc sees depends on where he asks.
    let here = f.app.privacy(&member(MARC)).await.unwrap().view.unwrap();
    assert_eq!(here.company, "EQIOM");
    assert_eq!(here.pair.unwrap().pair_id, first_pair.id);
    let there = f
        .app
        .privacy(&actor(MARC, OTHER_GUILD, &[], false))
        .await
        .unwrap();
    assert_eq!(there.programme_name.as_deref(), Some("Cap Mentorat"));
    let there = there.view.unwrap();
    assert_eq!((there.role, there.company.as_str()), (Mentee, "Aract"));
    assert_eq!(there.pair, None);

    // A coordinator role of one server grants nothing in the other.
    assert_user_error!(
        f.app
            .list_participants(&actor(CLAIRE, OTHER_GUILD, &[COORDINATION], false))
            .await,
        UserError::NotCoordinator
    );
    assert_user_error!(
        f.app
            .list_participants(&actor(TOM, GUILD, &[OTHER_COORDINATION], false))
            .await,
        UserError::NotCoordinator
    );

    // Pairing in the second server is independent of Marc's pair in the first, and its
    // channel is asked for in the second server with the second server's role.
    f.app
        .create_pair(&other_coordinator, NINA, &[MARC], &f.channels)
        .await
        .expect("Marc is free in the second programme");
    let specs: Vec<_> = f.channels.created().into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        specs,
        vec![
            PairChannelSpec {
                guild: GUILD,
                members: vec![MARC, LEA],
                coordinator_role: COORDINATION,
            },
            PairChannelSpec {
                guild: OTHER_GUILD,
                members: vec![NINA, MARC],
                coordinator_role: OTHER_COORDINATION,
            },
        ]
    );
    let ours = f.app.list_pairs(&coordinator()).await.unwrap();
    assert_eq!(ours.len(), 1);
    assert_eq!(ours[0].pair_id, first_pair.id);

    // Closing one programme leaves the other running.
    f.app.close_programme(&other_coordinator).await.unwrap();
    assert_eq!(f.programme().await.name, "Rally'nov 2027");
    assert_eq!(
        f.app.list_participants(&coordinator()).await.unwrap().len(),
        5
    );
}
