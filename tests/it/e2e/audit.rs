//! `/audit` and the CHANNEL_UPDATE check: pair channels keep the overwrites the bot gave them.

use super::TestBot;
use crate::fake_discord::{
    perms, FakeDiscord, Slash, ALICE, BOB, BOT_USER_ID, CAROL, COORDINATION_ROLE, ERIN,
};
use crate::support::discord::overwrite;
use serde_json::{json, Value};

/// An administrator, in Discord's client, lets erin in and lifts the coordinator deny.
fn let_erin_in_and_lift_the_coordinator_deny(list: &mut Vec<Value>) {
    list.retain(|o| FakeDiscord::id_of(o) != COORDINATION_ROLE);
    list.push(json!({
        "id": ERIN.to_string(),
        "type": 1,
        "allow": perms::VIEW_CHANNEL.to_string(),
        "deny": "0",
    }));
}

/// The channel is back to the rule: erin out, the coordinator role denied View.
fn is_repaired(c: &Value) -> bool {
    overwrite(c, ERIN).is_none()
        && overwrite(c, COORDINATION_ROLE)
            .is_some_and(|(_, _, deny)| deny & perms::VIEW_CHANNEL != 0)
}

#[tokio::test]
async fn an_outsider_let_in_by_an_admin_is_removed_and_the_coordinator_deny_restored() {
    let (bot, channel) = TestBot::start_with_pair().await;
    bot.fake
        .tamper_overwrites(channel, let_erin_in_and_lift_the_coordinator_deny);

    let c = bot
        .fake
        .wait_channel(
            "the pair channel repaired after CHANNEL_UPDATE",
            channel,
            is_repaired,
        )
        .await;
    // The members and the bot keep their access.
    for user in [BOB, CAROL] {
        let (_, allow, _) = overwrite(&c, user).expect("member overwrite");
        assert_eq!(allow & perms::VIEW_CHANNEL, perms::VIEW_CHANNEL);
    }
    assert!(overwrite(&c, BOT_USER_ID).is_some());
    let delete = format!("/channels/{channel}/permissions/{ERIN}");
    assert!(bot
        .fake
        .requests()
        .iter()
        .any(|r| r.method == "DELETE" && r.path == delete));
    bot.stop().await;
}

#[tokio::test]
async fn audit_by_the_coordinator_repairs_a_channel_that_drifted_unseen_and_says_so() {
    let (bot, channel) = TestBot::start_with_pair().await;
    bot.fake
        .tamper_overwrites_unseen(channel, let_erin_in_and_lift_the_coordinator_deny);

    let r = bot.run(Slash::new("audit").by(ALICE)).await;
    let text = r.text();
    assert!(r.ephemeral);
    assert!(text.contains("1 binôme réparé"), "{text}");
    assert!(text.contains("1 accès extérieur retiré"), "{text}");
    assert!(text.contains("coordination de nouveau exclue"), "{text}");
    // Administrator roles and the owner bypass overwrites: said loudly.
    assert!(text.contains("Administrateur"), "{text}");
    assert!(text.contains("propriétaire du serveur"), "{text}");
    let c = bot.fake.channel(channel).expect("pair channel");
    assert!(is_repaired(&c), "{c}");
    bot.stop().await;
}

#[tokio::test]
async fn a_clean_programme_has_nothing_to_repair() {
    let (bot, channel) = TestBot::start_with_pair().await;
    let before = bot.fake.channel(channel).expect("pair channel");

    let r = bot.run(Slash::new("audit").by(ALICE)).await;
    assert!(
        r.text().contains("Aucun salon de binôme à réparer"),
        "{}",
        r.text()
    );
    assert!(!bot
        .fake
        .requests()
        .iter()
        .any(|r| r.path.contains("/permissions/")));
    assert_eq!(bot.fake.channel(channel), Some(before));
    bot.stop().await;
}

#[tokio::test]
async fn audit_is_refused_to_someone_who_is_not_a_coordinator() {
    let (bot, channel) = TestBot::start_with_pair().await;
    bot.fake
        .tamper_overwrites_unseen(channel, let_erin_in_and_lift_the_coordinator_deny);

    let r = bot.run(Slash::new("audit").by(BOB)).await;
    assert!(
        r.text().contains("réservée à la coordination"),
        "{}",
        r.text()
    );
    // Nothing was touched.
    let c = bot.fake.channel(channel).expect("pair channel");
    assert!(overwrite(&c, ERIN).is_some());
    bot.stop().await;
}

/// The circles' rule is checked too: an outsider let into the mentors' circle by hand and
/// @everyone's deny lifted are put back by `/audit`, which says so without naming anyone.
#[tokio::test]
async fn audit_puts_a_circle_back_to_its_role_and_the_coordinators() {
    let (bot, _) = TestBot::start_with_pair().await;
    let r = bot
        .run(
            Slash::new("setup")
                .role_opt("coordinator_role", COORDINATION_ROLE)
                .bool_opt("create_circles", true),
        )
        .await;
    assert!(r.text().contains("Cercles créés"), "{}", r.text());
    let circle = bot
        .fake
        .channels()
        .into_iter()
        .find(|c| c["name"] == "cercle-des-mentors")
        .expect("the mentors' circle");
    let id = FakeDiscord::id_of(&circle);
    let before = circle["permission_overwrites"].as_array().unwrap().len();
    bot.fake.tamper_overwrites_unseen(id, |list| {
        list.retain(|o| FakeDiscord::id_of(o) != crate::fake_discord::GUILD_ID);
        list.push(json!({
            "id": ERIN.to_string(),
            "type": 1,
            "allow": perms::VIEW_CHANNEL.to_string(),
            "deny": "0",
        }));
    });
    let r = bot.run(Slash::new("audit").by(ALICE)).await;
    assert!(
        r.text()
            .contains(&format!("Cercle <#{id}> : 2 permissions remises en ordre")),
        "{}",
        r.text()
    );
    assert!(!r.text().contains("erin"), "{}", r.text());
    let c = bot
        .fake
        .channels()
        .into_iter()
        .find(|c| FakeDiscord::id_of(c) == id)
        .unwrap();
    assert!(overwrite(&c, ERIN).is_none(), "erin is out again");
    assert_eq!(
        overwrite(&c, crate::fake_discord::GUILD_ID),
        Some((0, 0, perms::VIEW_CHANNEL)),
        "hidden from @everyone again"
    );
    assert_eq!(c["permission_overwrites"].as_array().unwrap().len(), before);
    let again = bot.run(Slash::new("audit").by(ALICE)).await;
    assert!(!again.text().contains("Cercle"), "{}", again.text());
    bot.stop().await;
}
