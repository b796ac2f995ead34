//! `/followup` and `/tripartite` end to end: slash commands, DMs with buttons, the pair
//! channel fallback for closed DMs, reminders through the scheduler.

use super::TestBot;
use crate::fake_discord::{Reply, Slash, ALICE, BOB, CAROL, DAVE, HEIDI};
use crate::support::discord::{button, containing, content, labels, with_text, BOB_AND_CAROL};
use binome::app::ports::TripartiteStore;
use binome::app::Store;
use binome::domain::tripartite::{TripartiteId, TripartiteStatus};
use chrono::{Duration, TimeZone, Utc};

fn followup_log(user: u64, date: Option<&str>, by: u64) -> Slash {
    let mut s = Slash::new("followup")
        .sub("log")
        .user_opt("participant", user)
        .int_opt("kind", 0);
    if let Some(d) = date {
        s = s.string_opt("date", d);
    }
    s.by(by)
}

fn followup_due(by: u64) -> Slash {
    Slash::new("followup").sub("due").by(by)
}

/// Alice proposes a tripartite meeting to pair #1 on Monday 30 November 2026 at 14:00 Paris
/// (13:00 UTC); the clock stands at Monday 23 November, 10:00 UTC.
async fn propose(bot: &TestBot) -> Reply {
    bot.run(
        Slash::new("tripartite")
            .sub("propose")
            .int_opt("pair", 1)
            .string_opt("date", "30/11/2026")
            .string_opt("time", "14h")
            .by(ALICE),
    )
    .await
}

async fn status(bot: &TestBot) -> TripartiteStatus {
    bot.store
        .tripartite(TripartiteId(1))
        .await
        .unwrap()
        .expect("tripartite #1")
        .status
}

#[tokio::test]
async fn a_follow_up_is_logged_and_listed_as_due_only_once_the_span_has_passed() {
    let bot = TestBot::start().await;
    bot.programme_with(&BOB_AND_CAROL).await;
    let r = bot.run(followup_log(CAROL, None, ALICE)).await;
    assert!(r.ephemeral);
    assert!(
        r.text().contains("Point de suivi noté") && r.text().contains("23/11/2026"),
        "{}",
        r.text()
    );
    assert!(r.text().contains("appel"), "{}", r.text());

    let due = bot.run(followup_due(ALICE)).await;
    assert!(due.ephemeral);
    assert!(
        due.text().contains(&format!("<@{BOB}>")) && due.text().contains("jamais"),
        "{}",
        due.text()
    );
    assert!(
        !due.text().contains(&format!("<@{CAROL}>")),
        "{}",
        due.text()
    );

    // 4 January 2027: 42 days later, not due yet; 5 January, 43 days: due.
    bot.clock
        .set(Utc.with_ymd_and_hms(2027, 1, 4, 10, 0, 0).unwrap());
    let due = bot.run(followup_due(ALICE)).await.text();
    assert!(!due.contains(&format!("<@{CAROL}>")), "{due}");
    bot.clock.advance(Duration::days(1));
    let due = bot.run(followup_due(ALICE)).await.text();
    assert!(
        due.contains(&format!("<@{CAROL}>")) && due.contains("23/11/2026 (il y a 43 jours)"),
        "{due}"
    );
    let bob_at = due.find(&format!("<@{BOB}>")).expect("bob listed");
    let carol_at = due.find(&format!("<@{CAROL}>")).expect("carol listed");
    assert!(bob_at < carol_at, "never followed up comes first: {due}");
    bot.stop().await;
}

#[tokio::test]
async fn a_follow_up_in_the_future_or_by_a_non_coordinator_is_refused() {
    let bot = TestBot::start().await;
    bot.programme_with(&BOB_AND_CAROL).await;
    let future = bot
        .run(followup_log(CAROL, Some("24/11/2026"), ALICE))
        .await;
    assert!(
        future.ephemeral && future.text().contains("dans le futur"),
        "{}",
        future.text()
    );
    let by_bob = bot.run(followup_log(CAROL, None, BOB)).await;
    assert!(
        by_bob.text().contains("réservée à la coordination"),
        "{}",
        by_bob.text()
    );
    let due_by_bob = bot.run(followup_due(BOB)).await;
    assert!(
        due_by_bob.text().contains("réservée à la coordination"),
        "{}",
        due_by_bob.text()
    );
    let due = bot.run(followup_due(ALICE)).await.text();
    assert!(
        due.contains(&format!("<@{CAROL}>")),
        "nothing was logged: {due}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_tripartite_one_member_declines_is_never_scheduled_nor_reminded() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    let r = propose(&bot).await;
    assert!(
        r.ephemeral && r.text().contains("binôme n°1"),
        "{}",
        r.text()
    );
    bot.scheduler.run_once().await.unwrap();
    let to_bob = with_text(bot.fake.dms(BOB), "réunion tripartite");
    let to_carol = with_text(bot.fake.dms(CAROL), "réunion tripartite");
    assert_eq!(
        (to_bob.len(), to_carol.len()),
        (1, 1),
        "each member asked once"
    );
    assert_eq!(labels(&to_bob[0]), ["J'accepte", "Je décline"]);
    assert!(content(&to_bob[0]).contains(&format!("<@{ALICE}>")));

    let accepted = bot.click(&to_carol[0], 0, CAROL).await;
    assert_eq!(accepted.kind, 7, "the request is updated in place");
    assert!(
        accepted.text().contains("vous acceptez"),
        "{}",
        accepted.text()
    );
    let declined = bot.click(&to_bob[0], 1, BOB).await;
    assert!(
        declined.text().contains("vous déclinez"),
        "{}",
        declined.text()
    );
    assert!(declined.components[0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["disabled"] == true));
    assert_eq!(status(&bot).await, TripartiteStatus::Declined);

    bot.scheduler.run_once().await.unwrap();
    let told = with_text(bot.fake.dms(ALICE), "déclinée");
    assert_eq!(told.len(), 1, "the coordinator learns it was declined");
    let text = content(&told[0]);
    assert!(
        !text.contains(&BOB.to_string()) && !text.contains(&CAROL.to_string()),
        "never who declined: {text}"
    );
    assert_eq!(
        with_text(bot.fake.dms(CAROL), "proposée pour le").len(),
        1,
        "the member who accepted learns it is off"
    );
    assert!(
        with_text(bot.fake.dms(BOB), "proposée pour le").is_empty(),
        "the member who declined needs no notice"
    );

    for key in ["reminder:1440", "reminder:60", "outcome"] {
        assert!(
            bot.store
                .job_by_key(&format!("tripartite:1:{key}"))
                .await
                .unwrap()
                .is_none(),
            "no {key} job"
        );
    }
    for at in [
        Utc.with_ymd_and_hms(2026, 11, 29, 13, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap(),
    ] {
        bot.run_at(at).await;
    }
    for user in [ALICE, BOB, CAROL] {
        assert!(
            with_text(bot.fake.dms(user), "Rappel").is_empty(),
            "no reminder to {user}"
        );
    }
    assert!(with_text(bot.fake.dms(ALICE), "a-t-elle eu lieu").is_empty());
    assert!(
        containing(&bot.fake, channel, "tripartite").is_empty(),
        "nothing in the pair channel: everyone had DMs open"
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_tripartite_both_members_accept_is_reminded_once_to_each_of_the_three_and_asked_once() {
    let (bot, _) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    propose(&bot).await;
    bot.scheduler.run_once().await.unwrap();
    let to_bob = with_text(bot.fake.dms(BOB), "réunion tripartite");
    let to_carol = with_text(bot.fake.dms(CAROL), "réunion tripartite");
    bot.click(&to_bob[0], 0, BOB).await;
    assert_eq!(status(&bot).await, TripartiteStatus::Proposed);
    let last = bot.click(&to_carol[0], 0, CAROL).await;
    assert!(last.text().contains("confirmée"), "{}", last.text());
    assert_eq!(status(&bot).await, TripartiteStatus::Scheduled);
    bot.scheduler.run_once().await.unwrap();
    for user in [ALICE, BOB, CAROL] {
        assert_eq!(
            with_text(bot.fake.dms(user), "est confirmée pour le").len(),
            1,
            "{user} told once"
        );
    }

    // T-24 h, twice over: one reminder each.
    let day_before = Utc.with_ymd_and_hms(2026, 11, 29, 13, 0, 0).unwrap();
    bot.run_at(day_before).await;
    bot.run_at(day_before + Duration::minutes(5)).await;
    for user in [ALICE, BOB, CAROL] {
        assert_eq!(with_text(bot.fake.dms(user), "Rappel").len(), 1, "{user}");
    }
    bot.run_at(Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap())
        .await;
    bot.run_at(Utc.with_ymd_and_hms(2026, 11, 30, 12, 30, 0).unwrap())
        .await;
    for user in [ALICE, BOB, CAROL] {
        assert_eq!(with_text(bot.fake.dms(user), "Rappel").len(), 2, "{user}");
    }

    // End 14:00 UTC + 1 h: only the coordinator is asked.
    bot.run_at(Utc.with_ymd_and_hms(2026, 11, 30, 14, 59, 0).unwrap())
        .await;
    assert!(with_text(bot.fake.dms(ALICE), "a-t-elle eu lieu").is_empty());
    bot.run_at(Utc.with_ymd_and_hms(2026, 11, 30, 15, 0, 0).unwrap())
        .await;
    let asked = with_text(
        bot.fake.dms(ALICE),
        "La réunion tripartite a-t-elle eu lieu ?",
    );
    assert_eq!(asked.len(), 1);
    assert_eq!(
        labels(&asked[0]),
        ["Elle a eu lieu", "Elle n'a pas eu lieu"]
    );
    for user in [BOB, CAROL] {
        assert!(with_text(bot.fake.dms(user), "a-t-elle eu lieu").is_empty());
    }
    let held = bot.click(&asked[0], 0, ALICE).await;
    assert_eq!(held.kind, 7);
    assert!(held.text().contains("a eu lieu"), "{}", held.text());
    let again = bot.click_unchecked(&asked[0], 1, ALICE).await;
    assert!(
        again.ephemeral && again.text().contains("déjà noté"),
        "{}",
        again.text()
    );
    assert_eq!(status(&bot).await, TripartiteStatus::Held, "recorded once");

    let list = bot
        .run(Slash::new("tripartite").sub("list").by(ALICE))
        .await
        .text();
    assert!(
        list.contains("binôme n°1") && list.contains("a eu lieu"),
        "{list}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_member_with_closed_dms_is_asked_in_the_pair_channel_and_only_she_may_answer() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, HEIDI).await;
    propose(&bot).await;
    bot.scheduler.run_once().await.unwrap();
    assert_eq!(with_text(bot.fake.dms(BOB), "réunion tripartite").len(), 1);
    assert!(bot.fake.dms(HEIDI).is_empty(), "heidi's DMs are closed");
    let posted = containing(&bot.fake, channel, "réunion tripartite");
    assert_eq!(posted.len(), 1, "heidi's request is in the pair channel");
    let request = &posted[0];
    assert!(
        content(request).contains(&format!("<@{HEIDI}>"))
            && content(request).contains("messages privés sont fermés"),
        "{}",
        content(request)
    );
    assert!(button(request, 0).contains(&HEIDI.to_string()));

    let outsider = bot.click_unchecked(request, 0, DAVE).await;
    assert!(
        outsider.ephemeral && outsider.text().contains("réservé aux membres"),
        "{}",
        outsider.text()
    );
    let bob = bot.click(request, 1, BOB).await;
    assert!(
        bob.ephemeral && bob.text().contains("s'adresse à un autre membre"),
        "{}",
        bob.text()
    );
    assert_eq!(status(&bot).await, TripartiteStatus::Proposed);

    let heidi = bot.click(request, 0, HEIDI).await;
    // In the pair channel the update says only that she answered, never what.
    assert!(heidi.text().contains("Réponse notée"), "{}", heidi.text());
    assert!(!heidi.text().contains("vous acceptez"), "{}", heidi.text());
    let to_bob = with_text(bot.fake.dms(BOB), "réunion tripartite");
    bot.click(&to_bob[0], 0, BOB).await;
    assert_eq!(status(&bot).await, TripartiteStatus::Scheduled);

    // Heidi's reminder also reaches her in the pair channel.
    bot.scheduler.run_once().await.unwrap();
    bot.run_at(Utc.with_ymd_and_hms(2026, 11, 29, 13, 0, 0).unwrap())
        .await;
    let reminders = containing(&bot.fake, channel, "Rappel");
    assert_eq!(reminders.len(), 1);
    assert!(content(&reminders[0]).contains(&format!("<@{HEIDI}>")));
    bot.stop().await;
}
