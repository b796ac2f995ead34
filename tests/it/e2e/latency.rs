//! Discord's 3-second rule under a slow network: every request the bot makes reaches the
//! fake one second late, and the fake refuses an initial response later than 3 s after the
//! interaction (404 / 10062) like Discord. Commands that call Discord before answering must
//! acknowledge first; each of them still answers. The fake's shutdown (in `TestBot::stop`)
//! also fails on any refusal, 10062 included.

use super::TestBot;
use crate::fake_discord::{ModalSubmit, Reply, Slash, ALICE, BOB, CAROL, DAVE, ERIN, GENERAL};
use crate::support::discord::{session_add, session_cancel, setup_command, KICKOFF};
use crate::support::discord::{MENTEE, MENTOR};
use std::time::Duration;

const LATENCY: Duration = Duration::from_secs(1);

/// Set up (announcements in #general), a programme with bob, carol, dave and erin, and the pair
/// bob + carol; then every request is one second late.
async fn slow_bot() -> (TestBot, u64) {
    let bot = TestBot::start().await;
    bot.programme_announced_in_general(&[
        (BOB, MENTOR, "EQIOM"),
        (CAROL, MENTEE, "Canovia"),
        (DAVE, MENTEE, "Keolis"),
        (ERIN, MENTOR, "Orange"),
    ])
    .await;
    let channel = bot.pair(BOB, CAROL).await;
    bot.fake.delay_every_request(LATENCY);
    (bot, channel)
}

/// The command was acknowledged in time (a deferral, so its work could take longer) and
/// its answer says it worked.
fn answered(r: &Reply, expected: &str) {
    assert_eq!(r.kind, 5, "deferred first: {}", r.text());
    assert!(r.ephemeral, "{}", r.text());
    assert!(r.text().contains(expected), "{}", r.text());
}

#[tokio::test]
async fn setup_participants_and_pairs_answer_under_a_second_of_latency() {
    let (bot, _) = slow_bot().await;
    let r = bot
        .run(setup_command().channel_opt("announcement_channel", GENERAL))
        .await;
    answered(&r, "configuré");
    let r = bot
        .run(
            Slash::new("participant")
                .sub("remove")
                .user_opt("user", DAVE)
                .by(ALICE),
        )
        .await;
    answered(&r, "retiré");
    let r = bot
        .run(
            Slash::new("participant")
                .sub("add")
                .user_opt("user", DAVE)
                .int_opt("role", MENTEE)
                .string_opt("company", "Keolis")
                .by(ALICE),
        )
        .await;
    answered(&r, "inscrit");
    let r = bot
        .run(
            Slash::new("pair")
                .sub("create")
                .user_opt("mentor", ERIN)
                .user_opt("mentee", DAVE)
                .by(ALICE),
        )
        .await;
    answered(&r, "Binôme créé");
    bot.stop().await;
}

#[tokio::test]
async fn sessions_and_the_audit_answer_under_a_second_of_latency() {
    let (bot, _) = slow_bot().await;
    let r = bot.run(session_add(KICKOFF)).await;
    answered(&r, "prévu le");
    let r = bot.run(session_cancel(1)).await;
    answered(&r, "est annulé");
    let r = bot.run(Slash::new("audit").by(ALICE)).await;
    answered(&r, "Aucun salon de binôme à réparer");
    bot.stop().await;
}

#[tokio::test]
async fn reports_and_the_objective_form_answer_under_a_second_of_latency() {
    let (bot, channel) = slow_bot().await;
    let r = bot.run(Slash::new("attendance").by(ALICE)).await;
    answered(&r, "Présence");
    let r = bot.run(Slash::new("report").sub("csv").by(ALICE)).await;
    answered(&r, "prête à ouvrir dans Excel");
    let r = bot.run(Slash::new("report").sub("chart").by(ALICE)).await;
    answered(&r, "Rendez-vous tenus par binôme");

    let opened = bot
        .run(Slash::new("objective").by(CAROL).in_channel(channel))
        .await;
    assert_eq!(opened.kind, 9, "the form opens at once: {}", opened.text());
    let r = bot
        .fake
        .submit_modal(
            ModalSubmit::new("objective:form")
                .by(CAROL)
                .field("objective", "Prendre la parole en comité"),
        )
        .await
        .reply()
        .await;
    answered(&r, "publié et épinglé");
    bot.stop().await;
}
