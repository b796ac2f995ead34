use super::TestBot;
use crate::fake_discord::{Slash, ADMIN_ROLE, BOB};
use crate::support::discord::setup_command;

#[tokio::test]
async fn identify_asks_for_guilds_and_scheduled_events_only_never_message_intents() {
    let bot = TestBot::start().await;
    let identify = bot.fake.identifies().pop().expect("one IDENTIFY");
    let intents = identify["intents"].as_u64().expect("intents");
    const GUILDS: u64 = 1;
    const GUILD_SCHEDULED_EVENTS: u64 = 1 << 16;
    assert_eq!(
        intents,
        GUILDS | GUILD_SCHEDULED_EVENTS,
        "GUILDS and GUILD_SCHEDULED_EVENTS only"
    );
    const GUILD_MESSAGES: u64 = 1 << 9;
    const DIRECT_MESSAGES: u64 = 1 << 12;
    const MESSAGE_CONTENT: u64 = 1 << 15;
    assert_eq!(
        intents & (GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT),
        0
    );
    bot.stop().await;
}

#[tokio::test]
async fn commands_are_registered_with_french_names_and_english_descriptions() {
    let bot = TestBot::start().await;
    let put = bot
        .fake
        .wait_request("command registration", |r| {
            r.method == "PUT" && r.path.ends_with("/commands")
        })
        .await;
    let commands = put.body.as_array().expect("array of commands");
    let pair = commands
        .iter()
        .find(|c| c["name"] == "pair")
        .expect("pair command");
    assert_eq!(pair["name_localizations"]["fr"], "binôme");
    let create = pair["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "create")
        .unwrap();
    assert_eq!(create["name_localizations"]["fr"], "créer");
    assert!(create["description"].as_str().unwrap().contains("binôme"));
    assert!(create["description_localizations"]["en-US"]
        .as_str()
        .unwrap()
        .contains("pair"));
    let setup = commands.iter().find(|c| c["name"] == "setup").unwrap();
    assert_eq!(setup["default_member_permissions"], "32", "Manage Server");
    bot.stop().await;
}

#[tokio::test]
async fn setup_by_someone_without_manage_server_is_refused() {
    let bot = TestBot::start().await;
    let r = bot.run(setup_command().by(BOB)).await;
    assert!(r.ephemeral);
    assert!(r.text().contains("Gérer le serveur"), "{}", r.text());
    assert!(bot.store_settings().await.is_none());
    bot.stop().await;
}

#[tokio::test]
async fn setup_warns_when_the_coordinator_role_is_administrator() {
    let bot = TestBot::start().await;
    let r = bot
        .run(Slash::new("setup").role_opt("coordinator_role", ADMIN_ROLE))
        .await;
    let text = r.text();
    assert!(text.contains("configuré"), "{text}");
    assert!(text.contains("Administrateur"), "{text}");
    let clean = bot.set_up().await.text();
    assert!(!clean.contains('⚠'), "no warning for a plain role: {clean}");
    bot.stop().await;
}

impl TestBot {
    pub async fn store_settings(&self) -> Option<binome::domain::setup::GuildSettings> {
        use binome::app::Store;
        self.store
            .guild_settings(binome::domain::GuildId(crate::fake_discord::GUILD_ID))
            .await
            .unwrap()
    }
}

/// A server where binome's role was set up before Discord split Pin Messages from Manage
/// Messages: `/setup` names exactly what is missing, in the server's language (French here,
/// although the owner's client is in English).
#[tokio::test]
async fn setup_names_the_missing_server_permissions_in_the_server_language() {
    use crate::fake_discord::{perms, GuildSpec, BOT_ROLE};
    let mut guild = GuildSpec::standard();
    for r in &mut guild.roles {
        if r.id == BOT_ROLE {
            r.permissions = (perms::BOT_INVITE & !perms::PIN_MESSAGES & !perms::CREATE_EVENTS)
                | perms::MANAGE_MESSAGES;
        }
    }
    let bot = TestBot::start_with(guild).await;
    let r = bot.run(setup_command().locale("en-US")).await;
    let text = r.text();
    assert!(text.contains("binome is set up"), "{text}");
    assert!(
        text.contains(
            "Il manque à binome ces permissions : Créer des événements, Épingler des messages."
        ),
        "{text}"
    );
    assert!(!text.contains("Gérer les salons"), "{text}");
    assert!(!text.contains("Pin Messages"), "{text}");
    bot.stop().await;
}

#[tokio::test]
async fn setup_with_every_permission_the_invite_grants_warns_of_nothing_missing() {
    let bot = TestBot::start().await;
    let text = bot.set_up().await.text();
    assert!(!text.contains("Il manque"), "{text}");
    bot.stop().await;
}
