use super::TestBot;
use crate::fake_discord::{Slash, ALICE, BOB, CAROL, DAVE, ERIN};
use crate::support::discord::{button, containing, labels};
use binome::app::Store;
use chrono::{Duration, TimeZone, Utc};
use serde_json::Value;

fn schedule(date: &str, time: &str, by: u64, channel: u64) -> Slash {
    Slash::new("meeting")
        .sub("schedule")
        .string_opt("date", date)
        .string_opt("time", time)
        .by(by)
        .in_channel(channel)
}

#[tokio::test]
async fn scheduled_meeting_gets_both_reminders_once_then_a_check_in_that_records_held() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    // Clock: 23/11/2026 10:00 UTC. Meeting: 25/11 14:30 Paris = 13:30 UTC.
    let r = bot
        .run(schedule("25/11/2026", "14h30", CAROL, channel))
        .await;
    assert!(!r.ephemeral, "the pair sees the scheduled meeting");
    assert!(
        r.text().contains("25/11/2026 14:30 (Europe/Paris)"),
        "{}",
        r.text()
    );

    bot.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 24, 13, 29, 0).unwrap());
    bot.scheduler.run_once().await.unwrap();
    assert!(
        containing(&bot.fake, channel, "Rappel").is_empty(),
        "nothing before T-24h"
    );

    bot.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 24, 13, 30, 0).unwrap());
    let report = bot.scheduler.run_once().await.unwrap();
    assert_eq!(report.done, 1);
    bot.scheduler.run_once().await.unwrap();
    let reminders = containing(&bot.fake, channel, "Rappel");
    assert_eq!(reminders.len(), 1, "T-24h reminder once");
    let content = reminders[0]["content"].as_str().unwrap();
    assert!(
        content.contains(&format!("<@{BOB}>")) && content.contains(&format!("<@{CAROL}>")),
        "{content}"
    );

    bot.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 25, 12, 30, 0).unwrap());
    bot.scheduler.run_once().await.unwrap();
    bot.scheduler.run_once().await.unwrap();
    assert_eq!(
        containing(&bot.fake, channel, "Rappel").len(),
        2,
        "T-1h reminder once"
    );
    let dms = bot.fake.dms(BOB);
    assert_eq!(dms.len(), 1, "the mentor gets one posture prompt by DM");
    assert!(dms[0]["content"]
        .as_str()
        .unwrap()
        .contains("Repère de posture"));
    assert!(
        bot.fake.dms(CAROL).is_empty(),
        "mentees get no mentor prompt"
    );

    // End 14:30 UTC + 1 h: the check-in.
    bot.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 25, 15, 30, 0).unwrap());
    bot.scheduler.run_once().await.unwrap();
    let checkins = containing(&bot.fake, channel, "a-t-il eu lieu");
    assert_eq!(checkins.len(), 1);
    let labels = labels(&checkins[0]);
    assert_eq!(labels, ["On s'est vu·e·s", "Reporté", "Annulé"]);
    let _held = button(&checkins[0], 0);

    let first = bot.click(&checkins[0], 0, CAROL).await;
    assert_eq!(first.kind, 7, "the check-in message is updated in place");
    assert!(first.text().contains("a eu lieu"), "{}", first.text());
    assert!(first.components[0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["disabled"] == true));
    let second = bot.click_unchecked(&checkins[0], 0, BOB).await;
    assert!(
        second.ephemeral && second.text().contains("déjà noté"),
        "{}",
        second.text()
    );
    let outsider = bot.click_unchecked(&checkins[0], 0, DAVE).await;
    assert!(
        outsider.text().contains("réservé aux membres"),
        "{}",
        outsider.text()
    );

    // No second check-in after an answer.
    bot.clock.advance(Duration::hours(80));
    bot.scheduler.run_once().await.unwrap();
    assert_eq!(containing(&bot.fake, channel, "a-t-il eu lieu").len(), 1);

    let list = bot
        .run(Slash::new("pair").sub("list").by(ALICE))
        .await
        .text();
    assert!(list.contains("actif"), "{list}");
    let held_at = Utc
        .with_ymd_and_hms(2026, 11, 25, 13, 30, 0)
        .unwrap()
        .timestamp();
    assert!(
        list.contains(&format!("<t:{held_at}:f>")),
        "last meeting shown: {list}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn an_unanswered_check_in_is_asked_once_more_then_marked_unconfirmed() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    bot.run(schedule("24/11/2026", "9h", BOB, channel)).await;
    bot.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap());
    bot.scheduler.run_once().await.unwrap();
    assert_eq!(containing(&bot.fake, channel, "a-t-il eu lieu").len(), 1);
    bot.clock.advance(Duration::hours(72));
    bot.scheduler.run_once().await.unwrap();
    assert_eq!(containing(&bot.fake, channel, "Petite relance").len(), 1);
    bot.clock.advance(Duration::hours(72));
    bot.scheduler.run_once().await.unwrap();
    let pair = bot
        .store
        .pair_by_channel(binome::domain::ChannelId(channel))
        .await
        .unwrap()
        .unwrap();
    let meetings = bot.store.meetings_of_pair(pair.id).await.unwrap();
    assert_eq!(
        meetings[0].status,
        binome::domain::meeting::MeetingStatus::Unconfirmed
    );
    assert_eq!(
        containing(&bot.fake, channel, "a-t-il eu lieu").len(),
        2,
        "asked twice, no more"
    );
    bot.stop().await;
}

#[tokio::test]
async fn meeting_commands_are_for_the_pair_in_its_own_channel() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    let outsider = bot.run(schedule("30/11/2026", "14h", ERIN, channel)).await;
    assert!(
        outsider.ephemeral && outsider.text().contains("réservé aux membres"),
        "{}",
        outsider.text()
    );
    let coordinator = bot.run(schedule("30/11/2026", "14h", ALICE, channel)).await;
    assert!(
        coordinator.text().contains("réservé aux membres"),
        "{}",
        coordinator.text()
    );
    let elsewhere = bot
        .run(schedule(
            "30/11/2026",
            "14h",
            BOB,
            crate::fake_discord::GENERAL,
        ))
        .await;
    assert!(
        elsewhere.text().contains("salon de votre binôme"),
        "{}",
        elsewhere.text()
    );
    let bad = bot.run(schedule("31/02/2027", "14h", BOB, channel)).await;
    assert!(
        bad.text().contains("12/03/2027"),
        "examples shown: {}",
        bad.text()
    );
    let past = bot.run(schedule("22/11/2026", "14h", BOB, channel)).await;
    assert!(past.text().contains("déjà passé"), "{}", past.text());
    let gap = bot.run(schedule("28/03/2027", "2h30", BOB, channel)).await;
    assert!(
        gap.text().contains("n'existe pas") && gap.text().contains("03:00"),
        "{}",
        gap.text()
    );
    assert!(bot
        .fake
        .messages(channel)
        .iter()
        .all(|m| !m["content"].as_str().unwrap_or("").contains("⏰")));
    bot.stop().await;
}

#[tokio::test]
async fn a_cancelled_meeting_sends_no_reminder() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    bot.run(schedule("30/11/2026", "14h", BOB, channel)).await;
    let r = bot
        .run(
            Slash::new("meeting")
                .sub("cancel")
                .by(CAROL)
                .in_channel(channel),
        )
        .await;
    assert!(r.text().contains("annulé"), "{}", r.text());
    bot.clock
        .set(Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap());
    bot.scheduler.run_once().await.unwrap();
    assert!(containing(&bot.fake, channel, "Rappel").is_empty());
    assert!(containing(&bot.fake, channel, "a-t-il eu lieu").is_empty());
    bot.stop().await;
}

#[tokio::test]
async fn restart_with_three_reminders_due_delivers_each_exactly_once() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    for time in ["10h", "14h", "18h"] {
        bot.run(schedule("27/11/2026", time, BOB, channel)).await;
    }
    let (fake, store, clock) = bot.halt().await;
    // Down while the three T-24h reminders (26/11 09:00, 13:00, 17:00 UTC) fall due.
    clock.set(Utc.with_ymd_and_hms(2026, 11, 26, 17, 30, 0).unwrap());
    let bot = TestBot::start_on(fake, store, clock).await;
    let worker = bot.start_worker();
    bot.fake
        .wait_request("third reminder", |r| {
            r.method == "POST"
                && r.path == format!("/channels/{channel}/messages")
                && r.body["content"]
                    .as_str()
                    .is_some_and(|c| c.contains("18:00"))
        })
        .await;
    // Whatever the worker and an extra round do now, nothing is sent twice.
    bot.scheduler.run_once().await.unwrap();
    worker.stop().await;
    let reminders = containing(&bot.fake, channel, "Rappel");
    assert_eq!(reminders.len(), 3, "{reminders:?}");
    for time in ["10:00", "14:00", "18:00"] {
        assert_eq!(
            reminders
                .iter()
                .filter(|m| m["content"].as_str().unwrap().contains(time))
                .count(),
            1,
            "{time}"
        );
    }
    bot.stop().await;
}

#[tokio::test]
async fn reminders_that_went_stale_during_downtime_are_dropped() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    bot.run(schedule("27/11/2026", "10h", BOB, channel)).await;
    // The meeting has started: neither reminder makes sense any more.
    bot.clock
        .set(Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap());
    let report = bot.scheduler.run_once().await.unwrap();
    assert_eq!(report.skipped, 2, "{report:?}");
    assert!(containing(&bot.fake, channel, "Rappel").is_empty());
    bot.stop().await;
}

#[tokio::test]
async fn a_pair_with_no_meeting_for_46_days_is_at_risk_and_gets_a_monthly_nudge() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    bot.clock.advance(Duration::days(46));
    let list = bot
        .run(Slash::new("pair").sub("list").by(ALICE))
        .await
        .text();
    assert!(list.contains("à risque"), "{list}");
    let status = bot
        .run(Slash::new("programme").sub("status").by(ALICE))
        .await
        .text();
    assert!(
        status.contains("Binômes à risque (aucun rendez-vous depuis longtemps) : 1"),
        "{status}"
    );
    // Monthly rule: the 5th at 09:00 Paris. 46 days after 23/11 is 08/01/2027: the 5 December
    // and 5 January nudges are due; the December one is stale (over two days late) and dropped.
    bot.scheduler.run_once().await.unwrap();
    bot.scheduler.run_once().await.unwrap();
    let nudges = containing(
        &bot.fake,
        channel,
        "aucun rendez-vous n'est noté ce mois-ci",
    );
    assert!(
        nudges.len() <= 1,
        "at most one nudge after downtime: {nudges:?}"
    );
    bot.clock
        .set(Utc.with_ymd_and_hms(2027, 2, 5, 8, 0, 0).unwrap());
    bot.scheduler.run_once().await.unwrap();
    let after = containing(
        &bot.fake,
        channel,
        "aucun rendez-vous n'est noté ce mois-ci",
    );
    assert_eq!(
        after.len(),
        nudges.len() + 1,
        "February nudge at 09:00 Paris"
    );
    bot.stop().await;
}

#[tokio::test]
async fn posture_gives_a_prompt_for_the_callers_role_without_repeating_the_last_five() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    let mut seen = Vec::new();
    for _ in 0..6 {
        let r = bot
            .run(Slash::new("posture").by(BOB).in_channel(channel))
            .await;
        assert!(r.ephemeral);
        assert!(
            r.text().contains("Repère de posture (mentor)"),
            "{}",
            r.text()
        );
        bot.clock.advance(Duration::seconds(1));
        seen.push(r.text());
    }
    for window in seen.windows(6) {
        let mut unique = window.to_vec();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 6, "a prompt repeated within six: {window:?}");
    }
    let mentee = bot
        .run(
            Slash::new("posture")
                .by(CAROL)
                .in_channel(channel)
                .locale("en-US"),
        )
        .await;
    assert!(
        mentee.text().contains("Posture prompt (mentee)"),
        "{}",
        mentee.text()
    );
    let stranger = bot.run(Slash::new("posture").by(ERIN)).await;
    assert!(
        stranger.text().contains("n'est pas inscrit"),
        "{}",
        stranger.text()
    );
    bot.stop().await;
}

/// Discord applies the reminder but its answer is lost, and the outbound path runs out of
/// tries: the job fails and is retried on a later attempt. The retry carries the same nonce
/// (it names the job, not the attempt), so exactly one reminder exists.
#[tokio::test]
async fn a_reminder_whose_answer_was_lost_is_retried_by_the_job_and_posts_once() {
    use binome::discord::outbound::OutboundConfig;
    let bot = TestBot::start_with_outbound(OutboundConfig {
        max_attempts: 2,
        base_backoff: std::time::Duration::from_millis(20),
        ..OutboundConfig::default()
    })
    .await;
    let channel = bot.programme_under_way_with_pair(BOB, CAROL).await;
    let r = bot
        .run(schedule("25/11/2026", "14h30", CAROL, channel))
        .await;
    assert!(r.text().contains("25/11/2026 14:30"), "{}", r.text());
    let route = format!("POST /channels/{channel}/messages");
    // First try: applied, answer lost. Second try: refused. The attempt gives up.
    bot.fake.fail_next_after_apply(&route, 500, 1);
    bot.fake.fail_next(&route, 500, 1);
    let due = Utc.with_ymd_and_hms(2026, 11, 24, 13, 30, 0).unwrap();
    bot.clock.set(due);
    let first = bot.scheduler.run_once().await.unwrap();
    assert_eq!((first.done, first.retried), (0, 1), "{first:?}");
    assert_eq!(
        containing(&bot.fake, channel, "Rappel").len(),
        1,
        "Discord applied it"
    );

    // A later attempt of the job (after its backoff) posts again, with the same nonce.
    bot.clock.set(due + Duration::minutes(2));
    let second = bot.scheduler.run_once().await.unwrap();
    assert_eq!(second.done, 1, "{second:?}");
    let reminders = containing(&bot.fake, channel, "Rappel");
    assert_eq!(reminders.len(), 1, "exactly one reminder: {reminders:?}");
    let nonces: Vec<Value> = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == format!("/channels/{channel}/messages"))
        .filter(|r| {
            r.body["content"]
                .as_str()
                .is_some_and(|c| c.contains("Rappel"))
        })
        .map(|r| r.body["nonce"].clone())
        .collect();
    assert_eq!(
        nonces.len(),
        3,
        "two tries, then the job's retry: {nonces:?}"
    );
    assert!(
        nonces.iter().all(|n| *n == nonces[0] && n.is_string()),
        "{nonces:?}"
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_meeting_outside_the_programme_is_refused_naming_its_dates_and_records_nothing() {
    let (bot, channel) = TestBot::start_under_way_with_pair(BOB, CAROL).await;
    let guild = binome::domain::GuildId(crate::fake_discord::GUILD_ID);
    let pending = || {
        bot.store
            .count_jobs(guild, binome::domain::job::JobState::Pending)
    };
    let before = pending().await.unwrap();
    let r = bot.run(schedule("9999-12-31", "14h", CAROL, channel)).await;
    assert!(
        r.text().contains("Je ne comprends pas la date"),
        "{}",
        r.text()
    );
    let r = bot.run(schedule("16/12/2027", "14h", CAROL, channel)).await;
    assert!(r.ephemeral);
    assert!(
        r.text().contains("hors du programme") && r.text().contains("du 02/11/2026 au 15/12/2027"),
        "{}",
        r.text()
    );
    let r = bot
        .run(schedule("16/12/2027", "14h", BOB, channel).locale("en-US"))
        .await;
    assert!(
        r.text().contains("outside the programme")
            && r.text().contains("from 2026-11-02 to 2027-12-15"),
        "{}",
        r.text()
    );
    assert_eq!(pending().await.unwrap(), before, "no reminder was planned");
    // Nor is a meeting held before the programme began recorded.
    let r = bot
        .run(
            Slash::new("meeting")
                .sub("done")
                .string_opt("date", "01/11/2026")
                .by(CAROL)
                .in_channel(channel),
        )
        .await;
    assert!(
        r.text().contains("du 02/11/2026 au 15/12/2027"),
        "{}",
        r.text()
    );
    let pair = binome::domain::PairId(1);
    assert!(bot.store.meetings_of_pair(pair).await.unwrap().is_empty());
    let r = bot.run(schedule("15/12/2027", "14h", CAROL, channel)).await;
    assert!(r.text().contains("15/12/2027 14:00"), "{}", r.text());
    assert!(pending().await.unwrap() > before);
    bot.stop().await;
}
