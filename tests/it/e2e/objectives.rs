//! `/objective`: a mentee's progression objective is posted and pinned in the pair channel;
//! the coordinator only ever learns that it is set.

use super::TestBot;
use crate::fake_discord::{ModalSubmit, Reply, Slash, ALICE, BOB, CAROL, DAVE};
use crate::support::discord::containing;
use serde_json::Value;

const SECRET: &str = "Oser-dire-non-5b1e";

fn objective_by(user: u64, channel: u64) -> Slash {
    Slash::new("objective").by(user).in_channel(channel)
}

/// Carol opens the form in her pair channel and submits it; returns the bot's answer.
async fn set_objective(bot: &TestBot, channel: u64, objective: &str) -> Reply {
    let opened = bot.run(objective_by(CAROL, channel)).await;
    assert_eq!(opened.kind, 9, "a modal opens: {}", opened.text());
    bot.fake
        .submit_modal(
            ModalSubmit::new("objective:form")
                .by(CAROL)
                .field("objective", objective)
                .field("milestones", &format!("étape {SECRET}"))
                .field("measure", &format!("mesure {SECRET}")),
        )
        .await
        .reply()
        .await
}

fn with_secret(bot: &TestBot, channel: u64) -> Vec<Value> {
    containing(&bot.fake, channel, SECRET)
}

#[tokio::test]
async fn the_objective_form_has_a_required_bounded_objective_and_two_optional_fields() {
    let (bot, channel) = TestBot::start_with_pair().await;
    let opened = bot.run(objective_by(CAROL, channel)).await;
    assert_eq!(opened.kind, 9);
    assert!(opened.text().contains("objectif"), "{}", opened.text());
    let inputs = bot.fake.modal_inputs(CAROL, "objective:form");
    assert_eq!(
        inputs,
        vec![
            ("objective".to_owned(), true, Some(1000)),
            ("milestones".to_owned(), false, Some(500)),
            ("measure".to_owned(), false, Some(200)),
        ]
    );
    bot.stop().await;
}

#[tokio::test]
async fn a_mentee_sets_the_objective_it_is_pinned_in_the_pair_channel_and_the_coordinator_sees_only_that_it_is_set(
) {
    let (bot, channel) = TestBot::start_with_pair().await;
    let before = bot.run(Slash::new("attendance").by(ALICE)).await;
    assert!(before.text().contains("objectif ✗"), "{}", before.text());

    let r = set_objective(&bot, channel, &format!("Prendre la parole {SECRET}")).await;
    assert!(r.ephemeral, "only the mentee reads the confirmation");
    assert!(r.text().contains("épinglé"), "{}", r.text());
    assert!(!r.text().contains(SECRET), "{}", r.text());

    let posted = with_secret(&bot, channel);
    assert_eq!(posted.len(), 1, "posted once: {posted:?}");
    let content = posted[0]["content"].as_str().unwrap_or_default();
    assert!(
        content.contains(&format!("Prendre la parole {SECRET}")),
        "{content}"
    );
    assert!(content.contains(&format!("étape {SECRET}")), "{content}");
    assert!(content.contains(&format!("mesure {SECRET}")), "{content}");
    assert!(content.contains(&format!("<@{CAROL}>")), "{content}");
    assert_eq!(posted[0]["pinned"], Value::Bool(true), "pinned");
    let requests = bot.fake.requests();
    let pin_put = requests
        .iter()
        .filter(|q| q.method == "PUT" && q.path.contains("/pins/"))
        .count();
    assert_eq!(pin_put, 1);
    // Nobody is pinged by what the mentee typed.
    let post = requests
        .iter()
        .find(|q| {
            q.method == "POST"
                && q.body["content"]
                    .as_str()
                    .is_some_and(|c| c.contains(SECRET))
        })
        .expect("the objective's POST");
    assert_eq!(
        post.body["allowed_mentions"]["parse"],
        serde_json::json!([])
    );

    let after = bot.run(Slash::new("attendance").by(ALICE)).await;
    assert!(after.text().contains("objectif ✓"), "{}", after.text());
    assert!(!after.text().contains(SECRET), "{}", after.text());
    let privacy = bot.run(Slash::new("privacy").by(CAROL)).await;
    assert!(
        privacy
            .text()
            .contains("Objectif défini : oui (jamais son contenu)"),
        "{}",
        privacy.text()
    );
    assert!(!privacy.text().contains(SECRET), "{}", privacy.text());
    bot.stop().await;
}

#[tokio::test]
async fn setting_the_objective_again_posts_the_new_version_and_keeps_it_set() {
    let (bot, channel) = TestBot::start_with_pair().await;
    set_objective(&bot, channel, &format!("Version 1 {SECRET}")).await;
    let r = set_objective(&bot, channel, &format!("Version 2 {SECRET}")).await;
    assert!(r.text().contains("épinglé"), "{}", r.text());
    let posted = with_secret(&bot, channel);
    assert_eq!(posted.len(), 2, "{posted:?}");
    assert!(posted.iter().any(|m| m["content"]
        .as_str()
        .is_some_and(|c| c.contains("Version 2"))));
    let after = bot.run(Slash::new("attendance").by(ALICE)).await;
    assert!(after.text().contains("objectif ✓"), "{}", after.text());
    bot.stop().await;
}

#[tokio::test]
async fn when_pinning_is_refused_the_objective_stays_posted_and_the_mentee_is_told() {
    let (bot, channel) = TestBot::start_with_pair().await;
    bot.fake
        .fail_next(&format!("PUT /channels/{channel}/pins"), 403, 1);
    let r = set_objective(&bot, channel, &format!("Objectif {SECRET}")).await;
    assert!(r.text().contains("pas pu l'épingler"), "{}", r.text());
    let posted = with_secret(&bot, channel);
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0]["pinned"], Value::Bool(false));
    let after = bot.run(Slash::new("attendance").by(ALICE)).await;
    assert!(after.text().contains("objectif ✓"), "{}", after.text());
    bot.stop().await;
}

#[tokio::test]
async fn the_mentor_is_refused_the_objective_form() {
    let (bot, channel) = TestBot::start_with_pair().await;
    let r = bot.run(objective_by(BOB, channel)).await;
    assert_ne!(r.kind, 9, "no form for the mentor");
    assert!(r.ephemeral);
    assert!(r.text().contains("mentoré·e du binôme"), "{}", r.text());
    bot.stop().await;
}

#[tokio::test]
async fn someone_outside_the_pair_is_refused_the_objective_form() {
    let (bot, channel) = TestBot::start_with_pair().await;
    let r = bot.run(objective_by(DAVE, channel).unchecked()).await;
    assert_ne!(r.kind, 9);
    assert!(r.text().contains("membres de ce binôme"), "{}", r.text());
    bot.stop().await;
}

#[tokio::test]
async fn the_objective_form_is_refused_outside_the_pair_channel() {
    let (bot, _channel) = TestBot::start_with_pair().await;
    let r = bot.run(Slash::new("objective").by(CAROL)).await;
    assert_ne!(r.kind, 9);
    assert!(r.text().contains("salon de votre binôme"), "{}", r.text());
    let r = bot
        .run(Slash::new("objective").by(CAROL).locale("en-US"))
        .await;
    assert!(r.text().contains("pair's channel"), "{}", r.text());
    bot.stop().await;
}
