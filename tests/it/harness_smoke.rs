//! Proves the fake Discord against a bare serenity client (no poise, no bot
//! code): gateway handshake, interactions both ways, REST objects and limits.

use serde_json::json;
use serenity::all::{
    ChannelId, ChannelType, Client, ClientBuilder, CommandDataOptionValue, CommandInteraction,
    CommandOptionType, ComponentInteraction, Context, CreateActionRow, CreateButton, CreateChannel,
    CreateCommand, CreateCommandOption, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateMessage,
    EditInteractionResponse, EventHandler, GatewayIntents, Guild, GuildChannel, GuildId, Http,
    HttpBuilder, HttpError, Interaction as SerenityInteraction, Nonce, PermissionOverwrite,
    PermissionOverwriteType, Permissions, Ready, ResolvedValue, RoleId, ShardManager, UserId,
};
use serenity::async_trait;
use std::sync::Arc;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::fake_discord::{
    perms, ChannelSpec, Click, FakeDiscord, GuildSpec, Slash, ALICE, APPLICATION_ID, BOB,
    BOT_USER_ID, COORDINATION_ROLE, GENERAL, GUILD_ID, HEIDI, OWNER, WAIT,
};

enum Ev {
    Ready(Box<Context>, Box<Ready>),
    Command(Box<CommandInteraction>),
    Component(Box<ComponentInteraction>),
    ChannelCreate(Box<GuildChannel>),
    GuildCreate(GuildId),
}

struct Forward(mpsc::UnboundedSender<Ev>);

#[async_trait]
impl EventHandler for Forward {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let _ = self.0.send(Ev::Ready(Box::new(ctx), Box::new(ready)));
    }

    async fn interaction_create(&self, _ctx: Context, interaction: SerenityInteraction) {
        let ev = match interaction {
            SerenityInteraction::Command(c) => Ev::Command(Box::new(c)),
            SerenityInteraction::Component(c) => Ev::Component(Box::new(c)),
            _ => return,
        };
        let _ = self.0.send(ev);
    }

    async fn guild_create(&self, _ctx: Context, guild: Guild, _is_new: Option<bool>) {
        let _ = self.0.send(Ev::GuildCreate(guild.id));
    }

    async fn channel_create(&self, _ctx: Context, channel: GuildChannel) {
        let _ = self.0.send(Ev::ChannelCreate(Box::new(channel)));
    }
}

/// A bare serenity client connected to the fake.
pub(crate) struct Bot {
    pub(crate) http: Arc<Http>,
    ctx: Context,
    shards: Arc<ShardManager>,
    events: mpsc::UnboundedReceiver<Ev>,
    task: JoinHandle<serenity::Result<()>>,
}

impl Bot {
    pub(crate) async fn start(fake: &FakeDiscord) -> Bot {
        let http = HttpBuilder::new("ZmFrZQ.fake.token")
            .proxy(fake.base_url())
            .ratelimiter_disabled(true)
            .build();
        let (tx, mut events) = mpsc::unbounded_channel();
        let mut client: Client = ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
            .event_handler(Forward(tx))
            .await
            .expect("serenity client builds");
        let shards = client.shard_manager.clone();
        let http = client.http.clone();
        let task = tokio::spawn(async move { client.start().await });
        fake.wait_ready().await;
        // READY then GUILD_CREATE (serenity calls guild_create after caching it).
        let (mut ctx, mut guild) = (None, None);
        while ctx.is_none() || guild.is_none() {
            match next(&mut events).await {
                Ev::Ready(c, ready) => {
                    assert_eq!(ready.user.id, UserId::new(BOT_USER_ID));
                    assert_eq!(ready.application.id.get(), APPLICATION_ID);
                    ctx = Some(*c);
                }
                Ev::GuildCreate(id) => guild = Some(id),
                _ => {}
            }
        }
        let ctx = ctx.expect("ready");
        assert_eq!(guild, Some(GuildId::new(GUILD_ID)));
        assert!(
            ctx.cache.guild(GuildId::new(GUILD_ID)).is_some(),
            "GUILD_CREATE never reached serenity's cache"
        );
        Bot {
            http,
            ctx,
            shards,
            events,
            task,
        }
    }

    async fn command(&mut self) -> CommandInteraction {
        loop {
            if let Ev::Command(c) = next(&mut self.events).await {
                return *c;
            }
        }
    }

    async fn component(&mut self) -> ComponentInteraction {
        loop {
            if let Ev::Component(c) = next(&mut self.events).await {
                return *c;
            }
        }
    }

    pub(crate) async fn stop(self) {
        self.shards.shutdown_all().await;
        let _ = tokio::time::timeout(WAIT, self.task).await;
    }
}

async fn next(events: &mut mpsc::UnboundedReceiver<Ev>) -> Ev {
    tokio::time::timeout(WAIT, events.recv())
        .await
        .expect("the serenity event handler received nothing within 10 s")
        .expect("event channel closed")
}

/// The Discord error code and status of a failed serenity call.
fn discord_error<T: std::fmt::Debug>(r: serenity::Result<T>) -> (u16, isize, Vec<String>) {
    match r {
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(e))) => (
            e.status_code.as_u16(),
            e.error.code,
            e.error
                .errors
                .iter()
                .map(|x| format!("{} {}: {}", x.path, x.code, x.message))
                .collect(),
        ),
        other => panic!("expected a Discord error response, got {other:?}"),
    }
}

#[tokio::test]
async fn identify_asks_for_guilds_intent_only() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let bot = Bot::start(&fake).await;
    let identify = fake.wait_ready().await;
    assert_eq!(identify["intents"], json!(1), "IDENTIFY: {identify}");
    let guild = bot
        .ctx
        .cache
        .guild(GuildId::new(GUILD_ID))
        .map(|g| (g.name.clone(), g.channels.len(), g.members.len()))
        .expect("guild cached");
    // Without GUILD_MEMBERS, Discord lists only the bot itself.
    assert_eq!(guild, ("Mentoring Inter-Entreprises".to_owned(), 1, 1));
    assert!(fake.requests().iter().any(|r| r.path == "/gateway"));
    assert!(
        fake.unknown_routes().is_empty(),
        "{:?}",
        fake.unknown_routes()
    );
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn slash_reaches_the_handler_and_replies_are_recorded() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let mut bot = Bot::start(&fake).await;
    let sent = fake
        .slash(
            Slash::new("pair")
                .sub("create")
                .user_opt("mentor", ALICE)
                .user_opt("mentee", BOB)
                .string_opt("name", "Binôme 1")
                .int_opt("weeks", 12)
                .bool_opt("notify", true)
                .role_opt("role", COORDINATION_ROLE)
                .channel_opt("channel", GENERAL)
                .by(ALICE)
                .locale("en-US"),
        )
        .await;
    let cmd = bot.command().await;
    assert_eq!(cmd.id.get(), sent.id);
    assert_eq!(cmd.data.name, "pair");
    assert_eq!(cmd.user.id, UserId::new(ALICE));
    assert_eq!(cmd.locale, "en-US");
    assert_eq!(cmd.guild_locale.as_deref(), Some("fr"));
    let member = cmd.member.as_ref().expect("member");
    assert_eq!(member.roles, vec![RoleId::new(COORDINATION_ROLE)]);
    let p = member.permissions.expect("member.permissions");
    assert_eq!(p.bits(), perms::EVERYONE_DEFAULT);
    assert!(cmd
        .app_permissions
        .expect("app_permissions")
        .manage_channels());
    let [sub] = &cmd.data.options[..] else {
        panic!("one subcommand expected: {:?}", cmd.data.options)
    };
    assert_eq!(sub.name, "create");
    let CommandDataOptionValue::SubCommand(opts) = &sub.value else {
        panic!("not a subcommand: {sub:?}")
    };
    let values: Vec<(String, CommandDataOptionValue)> = opts
        .iter()
        .map(|o| (o.name.clone(), o.value.clone()))
        .collect();
    assert_eq!(
        values,
        vec![
            (
                "mentor".into(),
                CommandDataOptionValue::User(UserId::new(ALICE))
            ),
            (
                "mentee".into(),
                CommandDataOptionValue::User(UserId::new(BOB))
            ),
            (
                "name".into(),
                CommandDataOptionValue::String("Binôme 1".into())
            ),
            ("weeks".into(), CommandDataOptionValue::Integer(12)),
            ("notify".into(), CommandDataOptionValue::Boolean(true)),
            (
                "role".into(),
                CommandDataOptionValue::Role(RoleId::new(COORDINATION_ROLE))
            ),
            (
                "channel".into(),
                CommandDataOptionValue::Channel(ChannelId::new(GENERAL))
            ),
        ]
    );
    // Resolved data, as poise reads it.
    let resolved = cmd.data.options();
    let ResolvedValue::SubCommand(inner) = &resolved[0].value else {
        panic!("resolved subcommand")
    };
    match &inner[1].value {
        ResolvedValue::User(u, Some(m)) => {
            assert_eq!((u.id.get(), u.name.as_str()), (BOB, "bob"));
            assert!(m.permissions.is_some());
        }
        other => panic!("mentee not resolved with member: {other:?}"),
    }
    assert!(matches!(&inner[5].value, ResolvedValue::Role(r) if r.name == "Coordination"));
    assert!(
        matches!(&inner[6].value, ResolvedValue::Channel(c) if c.name.as_deref() == Some("general"))
    );

    cmd.create_response(
        &bot.http,
        CreateInteractionResponse::Message(
            CreateInteractionResponseMessage::new()
                .content("Binôme créé")
                .embed(
                    serenity::all::CreateEmbed::new()
                        .title("Mentor")
                        .description("alice"),
                )
                .ephemeral(true),
        ),
    )
    .await
    .expect("callback accepted");
    let reply = sent.reply().await;
    assert_eq!((reply.kind, reply.ephemeral), (4, true));
    assert_eq!(reply.content, "Binôme créé");
    assert_eq!(reply.text(), "Binôme créé\nMentor\nalice");
    // Discord refuses a second acknowledgement.
    fake.expect_refusal(40060);
    let again = cmd
        .create_response(
            &bot.http,
            CreateInteractionResponse::Message(
                CreateInteractionResponseMessage::new().content("x"),
            ),
        )
        .await;
    assert_eq!(discord_error(again).1, 40060);
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn deferred_reply_then_followup_and_edit() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let mut bot = Bot::start(&fake).await;
    let sent = fake.slash(Slash::new("status")).await;
    let cmd = bot.command().await;
    assert_eq!(cmd.user.id, UserId::new(OWNER));
    assert_eq!(cmd.locale, "fr");
    assert_eq!(
        cmd.member.as_ref().and_then(|m| m.permissions),
        Some(Permissions::all()),
        "the owner has every permission"
    );
    cmd.defer_ephemeral(&bot.http).await.expect("defer");
    assert_eq!(sent.callback_type(), Some(5));
    assert!(sent.replies().is_empty(), "a deferral alone is no reply");
    cmd.create_followup(
        &bot.http,
        CreateInteractionResponseFollowup::new().content("fini"),
    )
    .await
    .expect("follow-up");
    let reply = sent.reply().await;
    assert_eq!(
        (reply.kind, reply.ephemeral, reply.via),
        (5, true, "followup")
    );
    assert_eq!(reply.content, "fini");
    cmd.edit_response(
        &bot.http,
        EditInteractionResponse::new().content("fini, vraiment"),
    )
    .await
    .expect("edit @original");
    let replies = sent.replies_after(2).await;
    assert_eq!(replies[1].content, "fini, vraiment");
    assert_eq!(replies[1].message_id, reply.message_id);
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn messages_and_button_clicks() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let mut bot = Bot::start(&fake).await;
    let posted = ChannelId::new(GENERAL)
        .send_message(
            &bot.ctx,
            CreateMessage::new()
                .content("Bonjour <@130000000000000002>")
                .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
                    "accept:42",
                )
                .label("Accepter")])]),
        )
        .await
        .expect("message posted");
    let msgs = fake.messages(GENERAL);
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0]["content"], "Bonjour <@130000000000000002>");
    assert_eq!(FakeDiscord::id_of(&msgs[0]), posted.id.get());
    assert_eq!(posted.mentions.first().map(|u| u.id.get()), Some(ALICE));

    let sent = fake.click(Click::button("accept:42").by(BOB)).await;
    let comp = bot.component().await;
    assert_eq!(comp.data.custom_id, "accept:42");
    assert_eq!(comp.user.id, UserId::new(BOB));
    assert_eq!(comp.message.id, posted.id);
    comp.create_response(
        &bot.http,
        CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new()
                .content("Accepté")
                .components(vec![]),
        ),
    )
    .await
    .expect("update message");
    let reply = sent.reply().await;
    assert_eq!((reply.kind, reply.content.as_str()), (7, "Accepté"));
    assert_eq!(fake.messages(GENERAL)[0]["content"], "Accepté");
    assert_eq!(fake.messages(GENERAL)[0]["components"], json!([]));
    bot.stop().await;
    fake.shutdown().await;
}

/// A long benchmark has the fake forget what it recorded: requests, interactions and their
/// answers go; the channel's messages stay, and their buttons can still be clicked.
#[tokio::test]
async fn forgetting_the_history_keeps_the_channel_messages() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let mut bot = Bot::start(&fake).await;
    ChannelId::new(GENERAL)
        .send_message(
            &bot.ctx,
            CreateMessage::new()
                .content("Bonjour")
                .components(vec![CreateActionRow::Buttons(vec![CreateButton::new(
                    "accept:42",
                )
                .label("Accepter")])]),
        )
        .await
        .expect("message posted");
    let first = fake.click(Click::button("accept:42").by(BOB)).await;
    bot.component()
        .await
        .create_response(
            &bot.http,
            CreateInteractionResponse::Message(
                CreateInteractionResponseMessage::new()
                    .content("Noté")
                    .ephemeral(true),
            ),
        )
        .await
        .expect("answer");
    assert_eq!(first.reply().await.content, "Noté");
    assert!(!fake.requests().is_empty());

    fake.forget_history();
    assert!(fake.requests().is_empty());
    assert!(first.replies().is_empty());
    assert_eq!(first.callback_type(), None);
    assert_eq!(fake.messages(GENERAL).len(), 1);
    fake.click(Click::button("accept:42").by(ALICE)).await;
    assert_eq!(bot.component().await.user.id, UserId::new(ALICE));
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn the_51st_channel_of_a_category_is_refused() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    // This test is about the category limit, not pacing: its bare client sends unpaced.
    fake.set_global_limit(None);
    let mut bot = Bot::start(&fake).await;
    let guild = GuildId::new(GUILD_ID);
    let category = guild
        .create_channel(
            &bot.ctx,
            CreateChannel::new("Binômes 2025").kind(ChannelType::Category),
        )
        .await
        .expect("category");
    assert_eq!(category.name, "Binômes 2025");
    let private = vec![
        PermissionOverwrite {
            allow: Permissions::empty(),
            deny: Permissions::VIEW_CHANNEL,
            kind: PermissionOverwriteType::Role(RoleId::new(GUILD_ID)),
        },
        PermissionOverwrite {
            allow: Permissions::VIEW_CHANNEL | Permissions::SEND_MESSAGES,
            deny: Permissions::empty(),
            kind: PermissionOverwriteType::Member(UserId::new(ALICE)),
        },
    ];
    for i in 0..50 {
        let ch = guild
            .create_channel(
                &bot.ctx,
                CreateChannel::new(format!("Binôme {i}"))
                    .category(category.id)
                    .permissions(private.clone()),
            )
            .await
            .unwrap_or_else(|e| panic!("channel {i}: {e:?}"));
        assert_eq!(ch.parent_id, Some(category.id));
        assert_eq!(ch.name, format!("binôme-{i}"));
    }
    fake.expect_refusal_where("the 51st channel of the category", |r| {
        r.code == 50035 && r.error["errors"]["parent_id"].is_object()
    });
    let full = guild
        .create_channel(
            &bot.http,
            CreateChannel::new("binome-50").category(category.id),
        )
        .await;
    let (status, code, errors) = discord_error(full);
    assert_eq!((status, code), (400, 50035));
    assert_eq!(
        errors,
        vec!["parent_id CHANNEL_PARENT_MAX_CHANNELS: Maximum number of channels in category reached (50)"]
    );
    assert_eq!(fake.channels().len(), 52);
    let last = fake.channels().pop().expect("channels");
    assert_eq!(
        last["permission_overwrites"],
        json!([
            {"allow": "0", "deny": "1024", "id": GUILD_ID.to_string(), "type": 0},
            {"allow": "3072", "deny": "0", "id": ALICE.to_string(), "type": 1},
        ]),
        "overwrites are kept exactly as serenity sent them"
    );
    // CHANNEL_CREATE dispatches reach the client (GUILDS intent).
    let mut in_category = 0;
    while in_category < 50 {
        if let Ev::ChannelCreate(ch) = next(&mut bot.events).await {
            if ch.parent_id == Some(category.id) {
                in_category += 1;
            }
        }
    }
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn the_501st_guild_channel_is_refused() {
    let mut spec = GuildSpec::standard();
    for i in 0..499 {
        spec.channels.push(ChannelSpec::text(
            160_000_000_000_000_000 + i,
            &format!("c{i}"),
            None,
        ));
    }
    let fake = FakeDiscord::start(spec).await;
    let bot = Bot::start(&fake).await;
    let guild = GuildId::new(GUILD_ID);
    fake.expect_refusal(30013);
    let r = guild
        .create_channel(&bot.http, CreateChannel::new("one-too-many"))
        .await;
    assert_eq!(discord_error(r), (400, 30013, vec![]));
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn enforced_nonce_creates_one_message() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let bot = Bot::start(&fake).await;
    let channel = ChannelId::new(GENERAL);
    let send = |nonce: &str, enforce: bool| {
        channel.send_message(
            &bot.http,
            CreateMessage::new()
                .content("rappel")
                .nonce(Nonce::String(nonce.to_owned()))
                .enforce_nonce(enforce),
        )
    };
    let first = send("rappel-7", true).await.expect("first");
    let second = send("rappel-7", true).await.expect("second");
    assert_eq!(
        first.id, second.id,
        "the duplicate returns the first message"
    );
    assert_eq!(fake.messages(GENERAL).len(), 1);
    send("rappel-8", true).await.expect("other nonce");
    send("rappel-8", false).await.expect("not enforced");
    assert_eq!(fake.messages(GENERAL).len(), 3);
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn dms_closed_injected_failures_and_unknown_routes() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let mut bot = Bot::start(&fake).await;
    let heidi = UserId::new(HEIDI)
        .create_dm_channel(&bot.http)
        .await
        .expect("dm");
    let r = heidi.id.say(&bot.http, "Bonjour").await;
    assert_eq!(discord_error(r), (403, 50007, vec![]));
    let bob = UserId::new(BOB)
        .create_dm_channel(&bot.http)
        .await
        .expect("dm");
    bob.id.say(&bot.http, "Bonjour Bob").await.expect("dm sent");
    assert_eq!(fake.dms(BOB).len(), 1);
    assert_eq!(fake.dm_channel(BOB), Some(bob.id.get()));
    // A command used in that DM carries `user`, no guild and no member.
    fake.slash(Slash::new("status").in_channel(bob.id.get()).by(BOB))
        .await;
    let cmd = bot.command().await;
    assert_eq!((cmd.user.id, cmd.guild_id), (UserId::new(BOB), None));
    assert!(cmd.member.is_none());

    fake.fail_next("POST /channels/", 429, 1);
    let r = ChannelId::new(GENERAL).say(&bot.http, "a").await;
    assert_eq!(discord_error(r).0, 429);
    ChannelId::new(GENERAL)
        .say(&bot.http, "b")
        .await
        .expect("only one failure was injected");
    let limited = fake
        .wait_request("the rate-limited post", |r| r.status == 429)
        .await;
    assert_eq!(limited.path, format!("/channels/{GENERAL}/messages"));

    let r = GuildId::new(GUILD_ID).webhooks(&bot.http).await;
    assert_eq!(discord_error(r).0, 404);
    let unknown = fake.unknown_routes();
    assert_eq!(unknown.len(), 1);
    assert_eq!(
        (unknown[0].method.as_str(), unknown[0].path.as_str()),
        ("GET", format!("/guilds/{GUILD_ID}/webhooks").as_str())
    );
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
async fn registered_commands_are_echoed_and_checked() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let bot = Bot::start(&fake).await;
    let cmds = GuildId::new(GUILD_ID)
        .set_commands(
            &bot.http,
            vec![CreateCommand::new("pair")
                .description("Binômes")
                .add_option(
                    CreateCommandOption::new(CommandOptionType::SubCommand, "create", "Créer")
                        .add_sub_option(
                            CreateCommandOption::new(CommandOptionType::User, "mentor", "Mentor")
                                .required(true),
                        ),
                )],
        )
        .await
        .expect("commands registered");
    fake.wait_commands_registered().await;
    assert_eq!(cmds.len(), 1);
    assert_eq!(fake.commands()[0]["id"], json!(cmds[0].id.to_string()));
    let sent = fake
        .slash(Slash::new("pair").sub("create").user_opt("mentor", ALICE))
        .await;
    assert_eq!(sent.payload["data"]["id"], json!(cmds[0].id.to_string()));
    bot.stop().await;
    fake.shutdown().await;
}

#[tokio::test]
#[should_panic(expected = "no option \"mentee\"")]
async fn a_slash_not_matching_the_registered_command_panics() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let bot = Bot::start(&fake).await;
    GuildId::new(GUILD_ID)
        .set_commands(
            &bot.http,
            vec![CreateCommand::new("pair")
                .description("Binômes")
                .add_option(CreateCommandOption::new(
                    CommandOptionType::User,
                    "mentor",
                    "Mentor",
                ))],
        )
        .await
        .expect("commands registered");
    fake.slash(Slash::new("pair").user_opt("mentee", BOB)).await;
}

/// A minimal poise bot, to prove the fake against poise's own dispatch
/// (command lookup, argument parsing, permission checks, replies).
mod poise_bot {
    use poise::serenity_prelude as serenity;

    pub type Error = Box<dyn std::error::Error + Send + Sync>;
    type Ctx<'a> = poise::Context<'a, (), Error>;

    #[poise::command(slash_command, subcommands("create"))]
    pub async fn pair(_ctx: Ctx<'_>) -> Result<(), Error> {
        Ok(())
    }

    /// Pair a mentor and a mentee.
    #[poise::command(slash_command, required_permissions = "MANAGE_CHANNELS")]
    pub async fn create(
        ctx: Ctx<'_>,
        #[description = "Mentor"] mentor: serenity::Member,
        #[description = "Mentee"] mentee: serenity::User,
    ) -> Result<(), Error> {
        ctx.defer_ephemeral().await?;
        ctx.say(format!("{} + {}", mentor.user.name, mentee.name))
            .await?;
        Ok(())
    }
}

#[tokio::test]
async fn poise_framework_runs_against_the_fake() {
    let fake = FakeDiscord::start(GuildSpec::standard()).await;
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: vec![poise_bot::pair()],
            ..Default::default()
        })
        .setup(|ctx, _ready, framework| {
            Box::pin(async move {
                poise::builtins::register_in_guild(
                    ctx,
                    &framework.options().commands,
                    GuildId::new(GUILD_ID),
                )
                .await?;
                Ok::<(), poise_bot::Error>(())
            })
        })
        .build();
    let http = HttpBuilder::new("ZmFrZQ.fake.token")
        .proxy(fake.base_url())
        .ratelimiter_disabled(true)
        .build();
    let mut client = ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
        .framework(framework)
        .await
        .expect("client");
    let shards = client.shard_manager.clone();
    let task = tokio::spawn(async move { client.start().await });
    fake.wait_ready().await;
    fake.wait_commands_registered().await;

    let ok = fake
        .slash(
            Slash::new("pair")
                .sub("create")
                .user_opt("mentor", ALICE)
                .user_opt("mentee", BOB),
        )
        .await;
    let reply = ok.reply().await;
    assert_eq!(
        (reply.content.as_str(), reply.ephemeral, reply.kind),
        ("alice + bob", true, 5)
    );
    // A `serenity::Member` argument is fetched over HTTP (not cached without GUILD_MEMBERS).
    fake.wait_request("GET member alice", |r| {
        r.method == "GET" && r.path == format!("/guilds/{GUILD_ID}/members/{ALICE}")
    })
    .await;

    // bob lacks MANAGE_CHANNELS: poise refuses, using member.permissions.
    let denied = fake
        .slash(
            Slash::new("pair")
                .sub("create")
                .user_opt("mentor", ALICE)
                .user_opt("mentee", BOB)
                .by(BOB),
        )
        .await;
    let reply = denied.reply().await;
    assert!(reply.text().contains("lacking permissions"), "{reply:?}");
    assert!(
        fake.unknown_routes().is_empty(),
        "{:?}",
        fake.unknown_routes()
    );
    shards.shutdown_all().await;
    let _ = tokio::time::timeout(WAIT, task).await;
    fake.shutdown().await;
}
