//! Collective sessions end to end: `/session add` with defaults, the Discord scheduled event,
//! the announcement and its RSVP buttons, the three reminders by DM (and the closed-DM
//! fallback), the presence check-in, cancellation, and the circles.

use super::TestBot;
use crate::fake_discord::{
    perms, Click, FakeDiscord, Slash, ALICE, BOB, BOT_USER_ID, CAROL, COORDINATION_ROLE, DAVE,
    GENERAL, GUILD_ID, HEIDI,
};
use crate::support::discord::{
    containing, contents, labels, overwrite, session_add, session_cancel, setup_command,
    BOB_AND_CAROL, KICKOFF, MENTEE, MENTOR, OTHER,
};
use binome::app::ports::SessionStore;
use binome::domain::session::{Rsvp, SessionId};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::Value;

/// 12/01/2027 14:00 in Paris (winter time, UTC+1): the kickoff's default start.
fn kickoff_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 12, 13, 0, 0).unwrap()
}

/// A programme (12/01/2027 – 15/12/2027) with `people` enrolled and #general as the
/// announcement channel.
async fn bot_announcing_in_general(people: &[(u64, i64, &str)]) -> TestBot {
    let bot = TestBot::start().await;
    let r = bot.programme_announced_in_general(people).await;
    assert!(
        r.text().contains(&format!("<#{GENERAL}>")),
        "announcement channel confirmed: {}",
        r.text()
    );
    bot
}

/// Bob (mentor), Carol and Dave (mentees) enrolled, announcements in #general, and the
/// kickoff (session n° 1) added.
async fn kickoff_for_bob_carol_and_dave() -> TestBot {
    let bot = bot_announcing_in_general(&[
        (BOB, MENTOR, "EQIOM"),
        (CAROL, MENTEE, "Canovia"),
        (DAVE, MENTEE, "Keolis"),
    ])
    .await;
    bot.run(session_add(KICKOFF)).await;
    bot
}

/// The kickoff for Bob, Carol and Dave: Bob is coming, Carol is not, Dave has not answered.
async fn kickoff_bob_coming_carol_not() -> TestBot {
    let bot = kickoff_for_bob_carol_and_dave().await;
    click(&bot, &button_id(1, "coming"), BOB).await;
    click(&bot, &button_id(1, "not_coming"), CAROL).await;
    bot
}

fn button_id(session: i64, what: &str) -> String {
    format!("binome:session:{session}:{what}")
}

async fn click(bot: &TestBot, custom_id: &str, by: u64) -> String {
    let reply = bot
        .fake
        .click(Click::button(custom_id).by(by))
        .await
        .reply()
        .await;
    assert!(reply.ephemeral, "answers to session buttons are private");
    reply.text()
}

#[tokio::test]
async fn a_kickoff_added_with_defaults_lands_at_two_pm_paris_on_the_programme_start_as_a_scheduled_event(
) {
    let bot = bot_announcing_in_general(&BOB_AND_CAROL).await;

    let r = bot.run(session_add(KICKOFF)).await;
    assert!(r.ephemeral);
    let text = r.text();
    assert!(text.contains("Lancement"), "{text}");
    assert!(text.contains("12/01/2027 14:00 (Europe/Paris)"), "{text}");
    assert!(text.contains("jusqu'à 17:00"), "{text}");
    assert!(text.contains("Événement Discord créé"), "{text}");

    let request = bot
        .fake
        .wait_request("scheduled event creation", |r| {
            r.method == "POST" && r.path == format!("/guilds/{GUILD_ID}/scheduled-events")
        })
        .await;
    assert_eq!(request.status, 200, "{:?}", request.body);
    let events = bot.fake.scheduled_events();
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event["entity_type"], 3, "EXTERNAL");
    assert_eq!(event["privacy_level"], 2, "GUILD_ONLY");
    assert!(event["channel_id"].is_null());
    let at = |field: &str| {
        DateTime::parse_from_rfc3339(event[field].as_str().unwrap())
            .unwrap()
            .with_timezone(&Utc)
    };
    assert_eq!(at("scheduled_start_time"), kickoff_start());
    assert_eq!(
        at("scheduled_end_time"),
        kickoff_start() + Duration::hours(3),
        "3 hours by default"
    );
    assert!(event["name"].as_str().unwrap().contains("Lancement"));
    assert!(event["name"].as_str().unwrap().contains("Mentorat 2027"));
    assert_eq!(
        event["entity_metadata"]["location"],
        "Lieu communiqué par la coordination"
    );

    let session = bot.store.session(SessionId(1)).await.unwrap().unwrap();
    assert_eq!(session.starts_at, kickoff_start());
    assert_eq!(
        session.discord_event_id,
        Some(FakeDiscord::id_of(event)),
        "the session remembers its event"
    );

    let announcements = containing(&bot.fake, GENERAL, "Regroupement collectif");
    assert_eq!(announcements.len(), 1, "announced once in #general");
    let labels = labels(&announcements[0]);
    assert_eq!(labels, ["Je viens", "Je ne peux pas"]);
    let content = announcements[0]["content"].as_str().unwrap();
    assert!(
        content.contains(&format!(
            "https://discord.com/events/{GUILD_ID}/{}",
            FakeDiscord::id_of(event)
        )),
        "{content}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn rsvp_buttons_record_the_last_answer_and_politely_refuse_non_participants() {
    let bot = bot_announcing_in_general(&BOB_AND_CAROL).await;
    bot.run(session_add(KICKOFF)).await;

    let coming = click(&bot, &button_id(1, "coming"), BOB).await;
    assert!(coming.contains("vous venez"), "{coming}");
    let not = click(&bot, &button_id(1, "not_coming"), CAROL).await;
    assert!(not.contains("ne pourrez pas venir"), "{not}");
    // Carol changes her mind: the last answer counts.
    click(&bot, &button_id(1, "coming"), CAROL).await;
    let outsider = click(&bot, &button_id(1, "coming"), DAVE).await;
    assert!(
        outsider.contains("réservé aux participant·e·s"),
        "{outsider}"
    );

    let rsvps = bot.store.rsvps(SessionId(1)).await.unwrap();
    assert_eq!(rsvps.len(), 2, "one answer per participant, none for Dave");
    assert!(rsvps.iter().all(|r| r.answer == Rsvp::Coming), "{rsvps:?}");

    let list = bot
        .run(Slash::new("session").sub("list").by(ALICE))
        .await
        .text();
    assert!(
        list.contains("2 viennent, 0 ne peuvent pas, sur 2 invité·e·s"),
        "{list}"
    );
    let refused = bot
        .run(Slash::new("session").sub("list").by(BOB))
        .await
        .text();
    assert!(refused.contains("réservée à la coordination"), "{refused}");
    bot.stop().await;
}

#[tokio::test]
async fn the_three_reminders_go_by_dm_exactly_once_to_those_who_did_not_decline() {
    let bot = kickoff_bob_coming_carol_not().await;
    // Dave does not answer: he is reminded too.

    let start = kickoff_start();
    for (offset, word) in [
        (Duration::days(7), "dans une semaine"),
        (Duration::days(1), "demain"),
        (Duration::hours(1), "dans une heure"),
    ] {
        bot.run_at(start - offset - Duration::minutes(1)).await;
        let before = bot.fake.dms(BOB).len();
        bot.run_at(start - offset).await;
        bot.scheduler.run_once().await.unwrap();
        for who in [BOB, DAVE] {
            let dms = contents(&bot.fake.dms(who));
            assert_eq!(dms.len(), before + 1, "{word}: one DM to {who}: {dms:?}");
            let last = dms.last().unwrap();
            assert!(last.contains("Rappel") && last.contains(word), "{last}");
            assert!(last.contains("12/01/2027 14:00"), "{last}");
        }
    }
    assert!(
        bot.fake.dms(CAROL).is_empty(),
        "Carol declined: no reminder"
    );
    assert!(
        containing(&bot.fake, GENERAL, "Rappel").is_empty(),
        "everyone's DMs are open: nothing in the channel"
    );
    // Nothing more after the start.
    bot.run_at(start + Duration::days(2)).await;
    assert_eq!(bot.fake.dms(BOB).len(), 3);
    bot.stop().await;
}

#[tokio::test]
async fn a_participant_with_closed_dms_is_mentioned_in_the_announcement_channel_instead() {
    let bot =
        bot_announcing_in_general(&[(BOB, MENTOR, "EQIOM"), (HEIDI, MENTEE, "Canovia")]).await;
    bot.run(session_add(KICKOFF)).await;

    bot.run_at(kickoff_start() - Duration::days(7)).await;
    bot.scheduler.run_once().await.unwrap();
    assert_eq!(bot.fake.dms(BOB).len(), 1);
    assert!(bot.fake.dms(HEIDI).is_empty(), "Heidi's DMs are closed");
    let fallbacks = containing(&bot.fake, GENERAL, "Rappel");
    assert_eq!(fallbacks.len(), 1, "one mention, once");
    let content = fallbacks[0]["content"].as_str().unwrap();
    assert!(content.contains(&format!("<@{HEIDI}>")), "{content}");
    assert!(!content.contains(&format!("<@{BOB}>")), "{content}");
    let pinged: Vec<_> = fallbacks[0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(FakeDiscord::id_of)
        .collect();
    assert_eq!(pinged, [HEIDI], "only Heidi is pinged");
    bot.stop().await;
}

#[tokio::test]
async fn presence_is_recorded_once_during_the_session_and_refused_outside_its_window() {
    let bot = kickoff_for_bob_carol_and_dave().await;
    let start = kickoff_start();

    bot.run_at(start).await;
    let checkins = containing(&bot.fake, GENERAL, "commence");
    assert_eq!(checkins.len(), 1, "the check-in is posted at the start");
    assert_eq!(
        checkins[0]["components"][0]["components"][0]["label"],
        "Je suis présent·e"
    );
    let present = button_id(1, "present");

    bot.clock.set(start + Duration::minutes(5));
    let first = click(&bot, &present, BOB).await;
    assert!(first.contains("présence est notée"), "{first}");
    let again = click(&bot, &present, BOB).await;
    assert!(again.contains("déjà noté"), "{again}");

    bot.clock.set(start - Duration::minutes(45));
    let early = click(&bot, &present, CAROL).await;
    assert!(early.contains("à partir de"), "{early}");

    // The session ends at 16:00 UTC; presence closes two hours later.
    bot.clock
        .set(start + Duration::hours(5) + Duration::minutes(1));
    let late = click(&bot, &present, CAROL).await;
    assert!(late.contains("trop tard"), "{late}");

    // The coordinator can still note Carol, once.
    let marked = bot
        .run(
            Slash::new("session")
                .sub("attendance")
                .int_opt("session", 1)
                .user_opt("participant", CAROL)
                .by(ALICE),
        )
        .await
        .text();
    assert!(marked.contains("notée"), "{marked}");
    let twice = bot
        .run(
            Slash::new("session")
                .sub("attendance")
                .int_opt("session", 1)
                .user_opt("participant", CAROL)
                .by(ALICE),
        )
        .await
        .text();
    assert!(twice.contains("déjà notée"), "{twice}");

    let presences = bot.store.presences(SessionId(1)).await.unwrap();
    assert_eq!(presences.len(), 2, "Bob and Carol, once each");
    let list = bot
        .run(Slash::new("session").sub("list").by(ALICE))
        .await
        .text();
    assert!(list.contains("présent·e·s : 2"), "{list}");
    bot.stop().await;
}

#[tokio::test]
async fn cancelling_a_session_tells_those_who_accepted_and_removes_the_event() {
    let bot = kickoff_bob_coming_carol_not().await;
    let event = FakeDiscord::id_of(&bot.fake.scheduled_events()[0]);

    let r = bot.run(session_cancel(1)).await;
    assert!(r.text().contains("est annulé"), "{}", r.text());
    assert!(r.text().contains("sera prévenue"), "{}", r.text());
    assert!(bot.fake.scheduled_events().is_empty(), "event deleted");
    bot.fake
        .wait_request("event deletion", |r| {
            r.method == "DELETE" && r.path == format!("/guilds/{GUILD_ID}/scheduled-events/{event}")
        })
        .await;

    bot.scheduler.run_once().await.unwrap();
    let bob = contents(&bot.fake.dms(BOB));
    assert_eq!(bob.len(), 1, "{bob:?}");
    assert!(bob[0].contains("annulé"), "{}", bob[0]);
    assert!(bot.fake.dms(CAROL).is_empty(), "Carol was not coming");
    assert!(
        bot.fake.dms(DAVE).is_empty(),
        "Dave never said he was coming"
    );
    assert_eq!(containing(&bot.fake, GENERAL, "est annulé").len(), 1);

    // No reminder for a cancelled session, and its buttons say so.
    bot.run_at(kickoff_start() - Duration::days(7)).await;
    assert_eq!(bot.fake.dms(BOB).len(), 1);
    assert!(bot.fake.dms(DAVE).is_empty());
    let late = click(&bot, &button_id(1, "coming"), DAVE).await;
    assert!(late.contains("annulé"), "{late}");
    let again = bot.run(session_cancel(1)).await;
    assert!(
        again.ephemeral && again.text().contains("annulé"),
        "{}",
        again.text()
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_session_with_nowhere_to_announce_is_refused_and_nothing_is_created() {
    let bot = TestBot::start().await;
    bot.programme_with(&[(BOB, MENTOR, "EQIOM")]).await;
    let r = bot.run(session_add(KICKOFF)).await;
    assert!(r.text().contains("salon-annonces"), "{}", r.text());
    assert!(bot.fake.scheduled_events().is_empty());
    assert!(bot
        .store
        .sessions_of_programme(binome::domain::ProgrammeId(1))
        .await
        .unwrap()
        .is_empty());
    bot.stop().await;
}

#[tokio::test]
async fn a_session_time_in_the_spring_forward_gap_is_refused_with_the_nearest_valid_time() {
    let bot = bot_announcing_in_general(&[(BOB, MENTOR, "EQIOM")]).await;
    let r = bot
        .run(
            session_add(OTHER)
                .string_opt("date", "28/03/2027")
                .string_opt("time", "2h30"),
        )
        .await;
    assert!(r.text().contains("03:00"), "{}", r.text());
    assert!(bot.fake.scheduled_events().is_empty());
    let no_date = bot.run(session_add(OTHER)).await;
    assert!(
        no_date.text().contains("indiquez la date"),
        "{}",
        no_date.text()
    );
    bot.stop().await;
}

fn role_named(bot: &TestBot, name: &str) -> u64 {
    let roles = bot.fake.roles();
    let found: Vec<_> = roles.iter().filter(|r| r.1 == name).collect();
    assert_eq!(found.len(), 1, "one role {name}: {roles:?}");
    assert_eq!(
        found[0].2, 0,
        "a circle role carries no permission of its own"
    );
    found[0].0
}

fn channel_named(fake: &FakeDiscord, name: &str) -> Value {
    fake.channels()
        .into_iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no channel {name}"))
}

#[tokio::test]
async fn circles_are_private_to_their_role_and_the_coordinators_and_open_to_new_participants() {
    let bot = TestBot::start().await;
    // Bob is enrolled before the circles exist.
    bot.programme_with(&[(BOB, MENTOR, "EQIOM")]).await;
    let r = bot
        .run(setup_command().bool_opt("create_circles", true))
        .await;
    assert!(r.text().contains("Cercles créés"), "{}", r.text());

    let mentors = channel_named(&bot.fake, "cercle-des-mentors");
    let mentees = channel_named(&bot.fake, "cercle-des-mentorés");
    let mentor_role = role_named(&bot, "Cercle des mentors");
    let mentee_role = role_named(&bot, "Cercle des mentoré·e·s");
    let view = perms::VIEW_CHANNEL;
    let member = perms::VIEW_CHANNEL | perms::SEND_MESSAGES;
    for (circle, role) in [(&mentors, mentor_role), (&mentees, mentee_role)] {
        assert_eq!(overwrite(circle, GUILD_ID), Some((0, 0, view)), "@everyone");
        assert_eq!(
            overwrite(circle, role),
            Some((0, member, 0)),
            "the circle's role opens it"
        );
        assert_eq!(
            overwrite(circle, COORDINATION_ROLE),
            Some((0, view, 0)),
            "coordinators see it"
        );
        assert_eq!(
            overwrite(circle, BOT_USER_ID),
            Some((1, member | perms::EMBED_LINKS, 0)),
            "the bot posts"
        );
        assert_eq!(
            circle["permission_overwrites"].as_array().unwrap().len(),
            4,
            "nobody gets an overwrite of their own"
        );
    }
    assert_eq!(
        bot.fake.member_roles(BOB),
        [mentor_role],
        "Bob, enrolled earlier, gets the mentors' circle role only"
    );

    let r = bot
        .run(
            Slash::new("participant")
                .sub("add")
                .user_opt("user", CAROL)
                .int_opt("role", MENTEE)
                .string_opt("company", "Canovia")
                .by(ALICE),
        )
        .await;
    let mentees_id = FakeDiscord::id_of(&mentees);
    assert!(
        r.text().contains(&format!("<#{mentees_id}>")),
        "{}",
        r.text()
    );
    assert_eq!(bot.fake.member_roles(CAROL), [mentee_role]);

    // Sessions are announced in both circles (there is no announcement channel here).
    let r = bot.run(session_add(KICKOFF)).await;
    assert!(r.text().contains("Annonce publiée"), "{}", r.text());
    for circle in [FakeDiscord::id_of(&mentors), mentees_id] {
        assert_eq!(
            containing(&bot.fake, circle, "Regroupement collectif").len(),
            1
        );
    }
    assert!(containing(&bot.fake, GENERAL, "Regroupement collectif").is_empty());

    let r = bot
        .run(
            Slash::new("participant")
                .sub("remove")
                .user_opt("user", CAROL)
                .by(ALICE),
        )
        .await;
    assert!(r.text().contains("retiré"), "{}", r.text());
    assert!(bot.fake.member_roles(CAROL).is_empty(), "closed again");

    // Running the option again keeps the circles.
    let r = bot
        .run(setup_command().bool_opt("create_circles", true))
        .await;
    assert!(r.text().contains("déjà en place"), "{}", r.text());
    assert_eq!(
        bot.fake
            .channels()
            .iter()
            .filter(|c| c["name"].as_str().is_some_and(|n| n.starts_with("cercle")))
            .count(),
        2
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_bot_invited_without_the_event_permissions_is_told_so_and_records_nothing() {
    let mut guild = crate::fake_discord::GuildSpec::standard();
    for role in &mut guild.roles {
        if role.id == crate::fake_discord::BOT_ROLE {
            role.permissions &= !(perms::CREATE_EVENTS | perms::MANAGE_EVENTS);
        }
    }
    let bot = TestBot::start_with(guild).await;
    // The bot without the event permissions tries, and Discord refuses: what this test is about.
    bot.fake
        .expect_refusal_where("POST scheduled-events 403/50013", |r| {
            r.code == 50013 && r.path.ends_with("/scheduled-events")
        });
    bot.programme_with(&[(BOB, MENTOR, "EQIOM")]).await;
    let setup = bot
        .run(setup_command().channel_opt("announcement_channel", GENERAL))
        .await
        .text();
    assert!(
        setup.contains("Créer des événements, Gérer les événements"),
        "/setup warns: {setup}"
    );
    let r = bot.run(session_add(KICKOFF)).await;
    assert!(r.text().contains("créer des événements"), "{}", r.text());
    assert!(bot.fake.scheduled_events().is_empty());
    assert!(containing(&bot.fake, GENERAL, "Regroupement collectif").is_empty());
    let list = bot
        .run(Slash::new("session").sub("list").by(ALICE))
        .await
        .text();
    assert!(list.contains("Aucun regroupement"), "{list}");
    bot.stop().await;
}
