//! Who may run what: every registered command and subcommand, run as a pair member and as an
//! outsider (a server member who is neither coordinator nor participant), against the access
//! level declared for it in `binome::discord::access`. Built from what the fake saw
//! registered, so a new command is covered as soon as it exists, and one missing from the
//! access table fails here.

use super::{dump_database, TestBot};
use crate::fake_discord::{
    FakeDiscord, Slash, ALICE, BOB, CAROL, COORDINATION_ROLE, DAVE, ERIN, GENERAL,
};
use crate::support::discord::BOB_AND_CAROL;
use crate::support::discord::{session_add, KICKOFF};
use binome::discord::access::{access_of, COMMAND_ACCESS};
use binome::domain::access::Access;
use binome::domain::Locale;
use binome::i18n::I18n;
use serde_json::Value;

/// One leaf of the registered commands: its path ("session cancel") and its options.
struct Leaf {
    name: String,
    sub: Option<String>,
    options: Vec<Value>,
}

impl Leaf {
    fn path(&self) -> String {
        match &self.sub {
            Some(sub) => format!("{} {sub}", self.name),
            None => self.name.clone(),
        }
    }
}

fn registered_leaves(fake: &FakeDiscord) -> Vec<Leaf> {
    let mut out = Vec::new();
    for command in fake.commands() {
        let name = command["name"].as_str().unwrap_or_default().to_owned();
        let options = command["options"].as_array().cloned().unwrap_or_default();
        assert!(
            !options.iter().any(|o| o["type"] == 2),
            "/{name}: subcommand groups are not walked by this test yet"
        );
        if options.iter().any(|o| o["type"] == 1) {
            for o in options {
                out.push(Leaf {
                    name: name.clone(),
                    sub: o["name"].as_str().map(str::to_owned),
                    options: o["options"].as_array().cloned().unwrap_or_default(),
                });
            }
        } else {
            out.push(Leaf {
                name,
                sub: None,
                options,
            });
        }
    }
    out
}

/// A plausible value for every option, required or not, so that a command that should have
/// been refused would have done something had it been let through.
fn invocation(leaf: &Leaf, by: u64, channel: u64) -> Slash {
    let mut s = Slash::new(&leaf.name).by(by).in_channel(channel);
    if let Some(sub) = &leaf.sub {
        s = s.sub(sub);
    }
    for o in &leaf.options {
        let n = o["name"].as_str().unwrap_or_default();
        s = match o["type"].as_u64() {
            Some(3) => s.string_opt(
                n,
                match n {
                    "date" => "25/03/2027",
                    "start" => "12/01/2027",
                    "end" => "15/12/2027",
                    "time" => "14h",
                    "duration" => "60",
                    "name" => "Programme bis",
                    "company" => "Acme",
                    "themes" => "Gouvernance",
                    "time_zone" => "Europe/Paris",
                    "place" => "Salle 1",
                    _ => "x",
                },
            ),
            Some(4) => s.int_opt(n, o["choices"][0]["value"].as_i64().unwrap_or(1)),
            Some(5) => s.bool_opt(n, true),
            Some(6) => s.user_opt(
                n,
                match n {
                    "mentor" => ERIN,
                    "mentee" => DAVE,
                    _ => CAROL,
                },
            ),
            Some(7) => s.channel_opt(n, GENERAL),
            Some(8) => s.role_opt(n, COORDINATION_ROLE),
            Some(10) => s.number_opt(n, 1.0),
            Some(11) => s.attachment_opt(
                n,
                "participants.csv",
                format!("discord_id,role,company,themes\n{ERIN},mentor,Acme,Gouvernance\n")
                    .as_bytes(),
            ),
            other => panic!("/{}: option {n} of type {other:?} not handled", leaf.path()),
        };
    }
    s
}

/// What the bot could have changed on the fake Discord: channels (with their overwrites),
/// every message in every guild channel and DM, scheduled events, and every request that is
/// not a read or an answer to the interaction itself.
fn discord_state(bot: &TestBot) -> String {
    let fake = &bot.fake;
    let mut out = String::new();
    for c in fake.channels() {
        out.push_str(&format!("channel {c}\n"));
        for m in fake.messages(FakeDiscord::id_of(&c)) {
            out.push_str(&format!("  message {m}\n"));
        }
    }
    for m in &fake.guild().members {
        for dm in fake.dms(m.user_id) {
            out.push_str(&format!("dm to {}: {dm}\n", m.user_id));
        }
    }
    for e in fake.scheduled_events() {
        out.push_str(&format!("event {e}\n"));
    }
    out
}

fn writes(bot: &TestBot) -> Vec<String> {
    bot.fake
        .requests()
        .iter()
        .filter(|r| r.method != "GET")
        .filter(|r| !r.path.starts_with("/interactions/") && !r.path.starts_with("/webhooks/"))
        .map(|r| r.line())
        .collect()
}

#[tokio::test]
async fn every_command_refuses_pair_members_and_outsiders_unless_its_access_level_lets_them_in() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let (bot, store, url) = TestBot::start_on_disk(dir.path(), "access.db").await;
    // A programme with a pair, an announcement channel, a session and a tripartite: every
    // coordinator command has something it could act on.
    bot.programme_announced_in_general(&BOB_AND_CAROL).await;
    let channel = bot.pair(BOB, CAROL).await;
    let r = bot.run(session_add(KICKOFF)).await;
    assert!(r.text().contains("n°1"), "{}", r.text());
    let r = bot
        .run(
            Slash::new("tripartite")
                .sub("propose")
                .int_opt("pair", 1)
                .string_opt("date", "25/03/2027")
                .string_opt("time", "14h")
                .by(ALICE),
        )
        .await;
    assert!(!r.text().contains("réservée"), "{}", r.text());

    let i18n = I18n::load().expect("translations");
    let not_coordinator = i18n.text(Locale::Fr, "err-not-coordinator");
    let not_manager = i18n.text(Locale::Fr, "err-need-manage-server");

    let leaves = registered_leaves(&bot.fake);
    let paths: Vec<String> = leaves.iter().map(Leaf::path).collect();
    let undeclared: Vec<&String> = paths.iter().filter(|p| access_of(p).is_none()).collect();
    assert!(
        undeclared.is_empty(),
        "registered commands missing from binome::discord::access::COMMAND_ACCESS: {undeclared:?}"
    );
    for must in [
        "session cancel",
        "session attendance",
        "tripartite list",
        "setup",
    ] {
        assert!(
            paths.iter().any(|p| p == must),
            "{must} not registered: {paths:?}"
        );
    }

    // Discord hides server-manager commands from everyone else (MANAGE_GUILD = 32).
    for command in bot.fake.commands() {
        let name = command["name"].as_str().unwrap_or_default();
        let levels: Vec<Access> = paths
            .iter()
            .filter(|p| *p == name || p.starts_with(&format!("{name} ")))
            .filter_map(|p| access_of(p))
            .collect();
        let expected = if levels.iter().all(|a| *a == Access::ServerManager) {
            Value::from("32")
        } else {
            Value::Null
        };
        assert_eq!(
            command["default_member_permissions"], expected,
            "/{name}: default_member_permissions"
        );
    }

    let mut tried = Vec::new();
    for leaf in &leaves {
        let path = leaf.path();
        let access = access_of(&path).unwrap_or(Access::Anyone);
        // Who runs it: a pair member in their channel, and an outsider (there and elsewhere).
        let mut runs = vec![(DAVE, channel, "outsider"), (DAVE, GENERAL, "outsider")];
        if access.is_restricted() {
            runs.push((BOB, channel, "pair member"));
            runs.push((CAROL, GENERAL, "pair member"));
        }
        for (user, in_channel, who) in runs {
            let db_before = dump_database(&url).await;
            let discord_before = discord_state(&bot);
            let writes_before = writes(&bot).len();
            let interaction = bot.fake.slash(invocation(leaf, user, in_channel)).await;
            let reply = interaction.reply().await;
            let text = reply.text();
            let what = format!("/{path} by the {who} in {in_channel}");
            match access {
                Access::Coordinator => assert!(
                    text.contains(&not_coordinator),
                    "{what} was not refused as a coordinator command: {text}"
                ),
                Access::ServerManager => assert!(
                    text.contains(&not_manager),
                    "{what} was not refused as a server manager command: {text}"
                ),
                Access::PairMember | Access::Participant => {
                    assert_ne!(reply.kind, 9, "{what} opened a form");
                    assert!(reply.ephemeral, "{what}: a refusal is for the caller only");
                }
                Access::Anyone => {}
            }
            assert_eq!(
                dump_database(&url).await,
                db_before,
                "{what} changed the database"
            );
            assert_eq!(
                discord_state(&bot),
                discord_before,
                "{what} changed something on Discord"
            );
            let after = writes(&bot);
            assert_eq!(
                after.len(),
                writes_before,
                "{what} sent {:?}",
                &after[writes_before..]
            );
            tried.push(what);
        }
    }
    assert!(tried.len() >= 2 * paths.len(), "{tried:?}");
    bot.stop().await;
    store.close().await;
}

/// Every coordinator command, run by the coordinator, acknowledges the interaction privately
/// (a deferred answer, type 5) before anything else: the first request the bot makes for it
/// is that callback, so no view is ever later than Discord's 3 s.
#[tokio::test]
async fn every_coordinator_command_is_acknowledged_privately_before_it_does_anything() {
    let bot = TestBot::start().await;
    // `/participant import` asks for the member list, which this application may not read.
    bot.fake.expect_refusal(50001);
    bot.programme_announced_in_general(&BOB_AND_CAROL).await;
    bot.pair(BOB, CAROL).await;
    let r = bot.run(session_add(KICKOFF)).await;
    assert!(r.text().contains("n°1"), "{}", r.text());
    let not_coordinator = I18n::load()
        .expect("translations")
        .text(Locale::Fr, "err-not-coordinator");

    let mut leaves: Vec<Leaf> = registered_leaves(&bot.fake)
        .into_iter()
        .filter(|l| access_of(&l.path()) == Some(Access::Coordinator))
        .collect();
    // Closing the programme last, so that the others find one to act on.
    leaves.sort_by_key(|l| l.path() == "programme close");
    let declared = COMMAND_ACCESS
        .iter()
        .filter(|(_, a)| *a == Access::Coordinator)
        .count();
    assert_eq!(
        leaves.len(),
        declared,
        "every coordinator command is walked"
    );
    for leaf in &leaves {
        let what = format!("/{}", leaf.path());
        let interaction = bot.fake.slash(invocation(leaf, ALICE, GENERAL)).await;
        let reply = interaction.reply().await;
        let first = bot
            .fake
            .requests()
            .into_iter()
            .find(|q| q.path.contains(&interaction.token))
            .unwrap_or_else(|| panic!("{what}: no request for the interaction"));
        assert!(
            first.method == "POST" && first.path.ends_with("/callback"),
            "{what}: first request {}",
            first.line()
        );
        assert_eq!(first.body["type"], 5, "{what}: deferred first");
        assert_eq!(
            first.body["data"]["flags"].as_u64().unwrap_or(0) & 64,
            64,
            "{what}: privately"
        );
        assert_eq!(interaction.callback_type(), Some(5), "{what}");
        assert!(reply.ephemeral, "{what}");
        assert!(
            !reply.text().contains(&not_coordinator),
            "{what}: refused to the coordinator: {}",
            reply.text()
        );
    }
    bot.stop().await;
}
