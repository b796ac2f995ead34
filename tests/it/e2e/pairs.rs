use super::TestBot;
use crate::fake_discord::{
    FakeDiscord, Slash, ALICE, BOB, BOT_USER_ID, CAROL, COORDINATION_ROLE, DAVE, GUILD_ID,
};
use crate::support::discord::{containing, overwrite_of, MENTEE, MENTOR};
use serde_json::Value;

fn channel_creations(fake: &FakeDiscord, kind: u64) -> Vec<Value> {
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == format!("/guilds/{GUILD_ID}/channels"))
        .map(|r| r.body)
        .filter(|b| b["type"].as_u64() == Some(kind))
        .collect()
}

async fn bot_with_people() -> TestBot {
    let bot = TestBot::start().await;
    bot.programme_with(&[
        (BOB, MENTOR, "EQIOM"),
        (CAROL, MENTEE, "Canovia"),
        (DAVE, MENTEE, "eqiom"),
    ])
    .await;
    bot
}

fn create_pair(mentor: u64, mentee: u64) -> Slash {
    Slash::new("pair")
        .sub("create")
        .user_opt("mentor", mentor)
        .user_opt("mentee", mentee)
}

#[tokio::test]
async fn coordinator_creates_a_pair_with_one_private_channel_and_the_charter() {
    let bot = bot_with_people().await;
    let r = bot.run(create_pair(BOB, CAROL).by(ALICE)).await;
    assert!(r.ephemeral);
    assert!(r.text().contains("Binôme créé"), "{}", r.text());

    let texts = channel_creations(&bot.fake, 0);
    assert_eq!(texts.len(), 1, "exactly one pair channel");
    let categories = channel_creations(&bot.fake, 4);
    assert_eq!(categories.len(), 1);
    assert_eq!(categories[0]["name"], "Binômes 1");
    let channel = bot
        .fake
        .channels()
        .into_iter()
        .find(|c| c["type"] == 0 && c["name"].as_str().is_some_and(|n| n.starts_with("binôme-")))
        .expect("pair channel exists");
    assert_eq!(channel["parent_id"], categories_id(&bot.fake));

    const VIEW: u64 = 1 << 10;
    const MEMBER: u64 = VIEW | (1 << 11) | (1 << 16) | (1 << 15);
    assert_eq!(
        overwrite_of(&channel, GUILD_ID),
        (0, 0, VIEW),
        "@everyone denied View Channel"
    );
    assert_eq!(overwrite_of(&channel, BOB), (1, MEMBER, 0));
    assert_eq!(overwrite_of(&channel, CAROL), (1, MEMBER, 0));
    assert_eq!(
        overwrite_of(&channel, COORDINATION_ROLE),
        (0, 0, VIEW),
        "coordinators explicitly denied"
    );
    let (kind, allow, deny) = overwrite_of(&channel, BOT_USER_ID);
    const PIN: u64 = 1 << 51;
    assert_eq!(
        (kind, deny),
        (1, 1 << 16),
        "the bot denies itself the history"
    );
    assert_eq!(
        allow & (VIEW | (1 << 11) | PIN),
        VIEW | (1 << 11) | PIN,
        "the bot can post and pin"
    );
    assert_eq!(allow & (1 << 13), 0, "Manage Messages is not needed to pin");
    assert_eq!(allow & (1 << 16), 0, "the bot does not read history");
    assert_eq!(
        channel["permission_overwrites"].as_array().unwrap().len(),
        5
    );

    let id = FakeDiscord::id_of(&channel);
    let messages = bot.fake.messages(id);
    assert_eq!(messages.len(), 1, "welcome and charter in one message");
    let m = &messages[0];
    assert!(m["content"]
        .as_str()
        .unwrap()
        .contains(&format!("<@{BOB}>")));
    assert_eq!(m["embeds"][0]["title"], "Charte du programme de mentorat");
    let button = &m["components"][0]["components"][0];
    assert_eq!(button["label"], "Je signe la charte");
    bot.stop().await;
}

fn categories_id(fake: &FakeDiscord) -> Value {
    let cat = fake
        .channels()
        .into_iter()
        .find(|c| c["type"] == 4)
        .expect("category");
    cat["id"].clone()
}

#[tokio::test]
async fn a_non_coordinator_cannot_create_a_pair_and_nothing_is_created() {
    let bot = bot_with_people().await;
    let r = bot.run(create_pair(BOB, CAROL).by(CAROL)).await;
    assert!(r.ephemeral);
    assert!(
        r.text().contains("réservée à la coordination"),
        "{}",
        r.text()
    );
    assert!(channel_creations(&bot.fake, 0).is_empty());
    assert!(channel_creations(&bot.fake, 4).is_empty());
    bot.stop().await;
}

#[tokio::test]
async fn a_pair_from_the_same_company_is_refused_with_a_clear_message() {
    let bot = bot_with_people().await;
    let r = bot.run(create_pair(BOB, DAVE).by(ALICE)).await;
    let text = r.text();
    assert!(
        text.contains("EQIOM") && text.contains("entreprises différentes"),
        "{text}"
    );
    assert!(channel_creations(&bot.fake, 0).is_empty());
    let list = bot.run(Slash::new("pair").sub("list").by(ALICE)).await;
    assert!(list.text().contains("Aucun binôme"), "{}", list.text());
    bot.stop().await;
}

#[tokio::test]
async fn the_charter_signature_is_recorded_once_even_when_clicked_twice() {
    let bot = bot_with_people().await;
    bot.run(create_pair(BOB, CAROL).by(ALICE)).await;
    let channel = FakeDiscord::id_of(
        &bot.fake
            .channels()
            .into_iter()
            .find(|c| c["type"] == 0 && c["parent_id"].is_string())
            .unwrap(),
    );
    let charter = bot.fake.messages(channel).remove(0);
    let _custom_id = charter["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();

    let first = bot.click(&charter, 0, CAROL).await;
    assert!(first.ephemeral);
    assert!(
        first
            .text()
            .contains("signature de la charte est enregistrée"),
        "{}",
        first.text()
    );
    bot.clock.advance(chrono::Duration::minutes(5));
    let second = bot.click(&charter, 0, CAROL).await;
    assert!(second.text().contains("déjà signé"), "{}", second.text());
    // Both answers quote the same, first, signing time.
    let stamp = |t: &str| {
        t.split("<t:")
            .nth(1)
            .map(|s| s.split(':').next().unwrap_or("").to_string())
    };
    assert_eq!(stamp(&first.text()), stamp(&second.text()));

    let notes = containing(&bot.fake, channel, "a signé la charte");
    assert_eq!(notes.len(), 1, "one public note for one signature");

    let outsider = bot.click(&charter, 0, DAVE).await;
    assert!(
        outsider.text().contains("réservé aux membres"),
        "{}",
        outsider.text()
    );

    let list = bot
        .run(Slash::new("pair").sub("list").by(ALICE))
        .await
        .text();
    assert!(list.contains(&format!("<@{CAROL}> ✅")), "{list}");
    assert!(list.contains(&format!("<@{BOB}> ⏳")), "{list}");
    bot.stop().await;
}

/// Even with the Message Content intent switched on in the developer portal, the bot could
/// not read what a pair writes: it denies itself Read Message History in pair channels, and
/// Discord then lists no message and refuses to fetch one (it still posts and pins).
#[tokio::test]
async fn the_bot_cannot_read_a_pair_channels_history_with_its_own_token() {
    let bot = TestBot::start().await;
    let channel = bot.programme_with_pair().await;
    let posted = bot.fake.messages(channel);
    assert!(!posted.is_empty(), "the charter is there");
    let http = serenity::all::HttpBuilder::new("MTIw.ZmFrZQ.dG9rZW4")
        .proxy(bot.fake.base_url())
        .ratelimiter_disabled(true)
        .build();
    let pair_channel = serenity::all::ChannelId::new(channel);
    let listed = pair_channel
        .messages(&http, serenity::all::GetMessages::new())
        .await
        .expect("listing answers");
    assert!(listed.is_empty(), "no history: {listed:?}");
    bot.fake.expect_refusal(50013);
    let charter = serenity::all::MessageId::new(FakeDiscord::id_of(&posted[0]));
    assert!(
        pair_channel.message(&http, charter).await.is_err(),
        "fetching one message is refused"
    );
    // Where the bot keeps the history (#general), the same calls work: the deny is the cause.
    let general = serenity::all::ChannelId::new(crate::fake_discord::GENERAL);
    general
        .say(&http, "annonce")
        .await
        .expect("the bot posts in #general");
    let listed = general
        .messages(&http, serenity::all::GetMessages::new())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    bot.stop().await;
}
