//! End-to-end: the real serenity + poise client, built by `binome::discord::build_client`
//! exactly as `binome run` builds it, against the loopback fake Discord.

mod access;
mod audit;
mod followups;
mod heat_map;
mod housekeeping;
mod import;
mod join;
mod latency;
mod matching;
mod meetings;
mod objectives;
mod pairs;
mod privacy;
mod reports;
mod scale;
mod sessions;
mod setup;
mod views;

use crate::fake_discord::{
    Click, FakeDiscord, GuildSpec, Reply, Slash, ALICE, BOB, CAROL, GENERAL, GUILD_ID,
};
use binome::app::{App, AppSettings, ManualClock};
use binome::config::Secret;
use binome::discord::{build_client, BotOptions, Layout};
use binome::i18n::I18n;
use binome::store::SqliteStore;
use std::sync::Arc;

use crate::support::discord::{button, setup_command, BOB_AND_CAROL, MENTEE, MENTOR};
use crate::support::t0;
use serde_json::Value;

pub struct TestBot {
    pub fake: FakeDiscord,
    pub store: Arc<SqliteStore>,
    pub clock: Arc<ManualClock>,
    pub scheduler: Arc<binome::schedule::Scheduler>,
    client: tokio::task::JoinHandle<()>,
    shards: Arc<serenity::all::ShardManager>,
}

impl TestBot {
    pub async fn start() -> TestBot {
        Self::start_with(GuildSpec::standard()).await
    }

    pub async fn start_with(guild: GuildSpec) -> TestBot {
        let (fake, store, clock) = fresh(guild).await;
        Self::start_on(fake, store, clock).await
    }

    /// The standard guild, with the outbound path configured by the test.
    pub async fn start_with_outbound(
        outbound: binome::discord::outbound::OutboundConfig,
    ) -> TestBot {
        let (fake, store, clock) = fresh(GuildSpec::standard()).await;
        Self::start_full(fake, store, clock, outbound).await
    }

    /// A bot for tests about size, not pacing: the fake's global limit is off and the
    /// outbound path does not pace itself, so hundreds of messages take a moment.
    pub async fn start_unpaced(guild: GuildSpec) -> TestBot {
        let (fake, store, clock) = fresh(guild).await;
        fake.set_global_limit(None);
        let outbound = binome::discord::outbound::OutboundConfig {
            max_per_second: 100_000,
            ..Default::default()
        };
        Self::start_full(fake, store, clock, outbound).await
    }

    /// A standard bot on an SQLite file `file` in `dir` (so that the database itself can be
    /// read), the clock at `t0`; the bot, its store and the database's url.
    pub async fn start_on_disk(
        dir: &std::path::Path,
        file: &str,
    ) -> (TestBot, Arc<SqliteStore>, String) {
        let url = format!("sqlite://{}", dir.join(file).display());
        let store = Arc::new(SqliteStore::connect(&url, 4).await.expect("store on disk"));
        let clock = Arc::new(ManualClock::new(t0()));
        let fake = FakeDiscord::start(GuildSpec::standard()).await;
        let bot = Self::start_on(fake, store.clone(), clock).await;
        (bot, store, url)
    }

    /// Starts a bot on an existing fake, store and clock (a restart).
    pub async fn start_on(
        fake: FakeDiscord,
        store: Arc<SqliteStore>,
        clock: Arc<ManualClock>,
    ) -> TestBot {
        Self::start_full(fake, store, clock, Default::default()).await
    }

    async fn start_full(
        fake: FakeDiscord,
        store: Arc<SqliteStore>,
        clock: Arc<ManualClock>,
        outbound: binome::discord::outbound::OutboundConfig,
    ) -> TestBot {
        let app = App::new(store.clone(), clock.clone(), AppSettings::default());
        let layout = Layout {
            pair_category_prefix: "Binômes".into(),
            pair_channel_prefix: "binôme".into(),
        };
        let options = options(&fake, app, layout, Default::default(), outbound);
        Self::start_options(fake, store, clock, options).await
    }

    /// Starts a bot wired from `config` as `binome run` wires it (`Config::bot_options`), on
    /// the standard guild at the usual start instant. Commands are registered where
    /// `discord.dev_guild_ids` says (globally when empty).
    pub async fn start_configured(config: &binome::config::Config) -> TestBot {
        let (fake, store, clock) = fresh(GuildSpec::standard()).await;
        let app = App::new(store.clone(), clock.clone(), config.app_settings());
        let options = config.bot_options(
            Secret::new("MTIw.ZmFrZQ.dG9rZW4"),
            Some(fake.base_url()),
            app,
            Arc::new(I18n::load().expect("translations")),
        );
        Self::start_options(fake, store, clock, options).await
    }

    async fn start_options(
        fake: FakeDiscord,
        store: Arc<SqliteStore>,
        clock: Arc<ManualClock>,
        options: BotOptions,
    ) -> TestBot {
        // Discord's clock is the test's clock (a scheduled event must start in its future).
        let discord_clock = clock.clone();
        fake.set_clock(move || binome::app::Clock::now(discord_clock.as_ref()));
        let bot = build_client(options).await.expect("client builds");
        let mut client = bot.client;
        let shards = client.shard_manager.clone();
        let task = tokio::spawn(async move {
            if let Err(e) = client.start().await {
                panic!("client stopped: {e}");
            }
        });
        fake.wait_ready().await;
        fake.wait_commands_registered().await;
        TestBot {
            fake,
            store,
            clock,
            scheduler: bot.scheduler,
            client: task,
            shards,
        }
    }

    pub async fn run(&self, cmd: Slash) -> Reply {
        self.fake.slash(cmd).await.reply().await
    }

    /// `by` clicks the `index`th button of `message`; the bot's answer.
    pub async fn click(&self, message: &Value, index: usize, by: u64) -> Reply {
        self.click_as(Click::button(&button(message, index)), message, by)
            .await
    }

    /// Like `click`, where the fake is not to check the click against what it expects (a
    /// button already answered, someone it was not meant for).
    pub async fn click_unchecked(&self, message: &Value, index: usize, by: u64) -> Reply {
        self.click_as(
            Click::button(&button(message, index)).unchecked(),
            message,
            by,
        )
        .await
    }

    async fn click_as(&self, click: Click, message: &Value, by: u64) -> Reply {
        self.fake
            .click(click.on_message(message).by(by))
            .await
            .reply()
            .await
    }

    /// `/setup` by the owner with the standard Coordination role.
    pub async fn set_up(&self) -> Reply {
        self.run(setup_command()).await
    }

    /// `/setup` again by the owner, with the standard Coordination role and `channel` as the
    /// channel option `option` (`announcement_channel`, `coordinator_channel`).
    pub async fn set_up_with(&self, option: &str, channel: u64) -> Reply {
        let r = self.run(setup_command().channel_opt(option, channel)).await;
        assert!(r.text().contains("configuré"), "{}", r.text());
        r
    }

    /// A programme with `people` (see `programme_with`), announced in #general.
    pub async fn programme_announced_in_general(&self, people: &[(u64, i64, &str)]) -> Reply {
        self.programme_with(people).await;
        self.set_up_with("announcement_channel", GENERAL).await
    }

    /// A programme from 12/01/2027 to 15/12/2027 where bob (EQIOM) mentors carol (Canovia);
    /// the pair channel's id.
    pub async fn programme_with_pair(&self) -> u64 {
        self.programme_with(&BOB_AND_CAROL).await;
        self.pair(BOB, CAROL).await
    }

    /// A programme under way (02/11/2026 – 15/12/2027, the clock at 23/11/2026) where `mentor`
    /// (EQIOM) mentors `mentee` (Canovia); the pair channel's id.
    pub async fn programme_under_way_with_pair(&self, mentor: u64, mentee: u64) -> u64 {
        self.programme_between(
            "02/11/2026",
            "15/12/2027",
            &[(mentor, MENTOR, "EQIOM"), (mentee, MENTEE, "Canovia")],
        )
        .await;
        self.pair(mentor, mentee).await
    }

    /// A standard bot with `programme_with_pair`, and the pair channel's id.
    pub async fn start_with_pair() -> (TestBot, u64) {
        let bot = TestBot::start().await;
        let channel = bot.programme_with_pair().await;
        (bot, channel)
    }

    /// A standard bot with `programme_under_way_with_pair`, and the pair channel's id.
    pub async fn start_under_way_with_pair(mentor: u64, mentee: u64) -> (TestBot, u64) {
        let bot = TestBot::start().await;
        let channel = bot.programme_under_way_with_pair(mentor, mentee).await;
        (bot, channel)
    }

    /// Sets the clock to `at` and runs the jobs due then.
    pub async fn run_at(&self, at: chrono::DateTime<chrono::Utc>) {
        self.clock.set(at);
        self.scheduler.run_once().await.unwrap();
    }

    /// Set up, create a programme and enrol people, all as the coordinator (alice).
    /// `people`: (user, 0 = mentor / 1 = mentee, company).
    pub async fn programme_with(&self, people: &[(u64, i64, &str)]) {
        self.programme_between("12/01/2027", "15/12/2027", people)
            .await;
    }

    /// Like `programme_with`, for a programme from `start` to `end` (dd/mm/yyyy).
    pub async fn programme_between(&self, start: &str, end: &str, people: &[(u64, i64, &str)]) {
        let r = self.set_up().await;
        assert!(r.text().contains("configuré"), "{}", r.text());
        let r = self
            .run(
                Slash::new("programme")
                    .sub("create")
                    .string_opt("name", "Mentorat 2027")
                    .string_opt("start", start)
                    .string_opt("end", end)
                    .by(ALICE),
            )
            .await;
        assert!(r.text().contains("Mentorat 2027"), "{}", r.text());
        for (user, role, company) in people {
            self.enrol(*user, *role, company, None).await;
        }
    }

    /// `/participant add` by the coordinator (alice), with `themes` if given (separated by
    /// commas); asserts the person is enrolled.
    pub async fn enrol(&self, user: u64, role: i64, company: &str, themes: Option<&str>) {
        let add = Slash::new("participant")
            .sub("add")
            .user_opt("user", user)
            .int_opt("role", role)
            .string_opt("company", company);
        let add = match themes {
            Some(themes) => add.string_opt("themes", themes),
            None => add,
        };
        let r = self.run(add.by(ALICE)).await;
        assert!(r.text().contains("inscrit"), "{}", r.text());
    }

    /// The programme running on the standard guild.
    pub async fn running_programme(&self) -> binome::domain::programme::Programme {
        use binome::app::ports::Store as _;
        self.store
            .active_programme(binome::domain::GuildId(crate::fake_discord::GUILD_ID))
            .await
            .expect("store")
            .expect("a programme is running")
    }

    /// Runs the scheduler's own loop, as production does.
    pub fn start_worker(&self) -> Worker {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        Worker {
            stop,
            task: tokio::spawn(self.scheduler.clone().run(stopped)),
        }
    }

    /// Stops the client but keeps the fake, the store and the clock (to start again).
    pub async fn halt(self) -> (FakeDiscord, Arc<SqliteStore>, Arc<ManualClock>) {
        self.client.abort();
        self.shards.shutdown_all().await;
        (self.fake, self.store, self.clock)
    }

    /// `/pair create` by the coordinator (alice); returns the new pair channel's id.
    pub async fn pair(&self, mentor: u64, mentee: u64) -> u64 {
        let before: Vec<u64> = self.pair_channels();
        let r = self
            .run(
                Slash::new("pair")
                    .sub("create")
                    .user_opt("mentor", mentor)
                    .user_opt("mentee", mentee)
                    .by(ALICE),
            )
            .await;
        assert!(r.text().contains("Binôme créé"), "{}", r.text());
        self.pair_channels()
            .into_iter()
            .find(|c| !before.contains(c))
            .expect("a new pair channel")
    }

    /// Text channels inside a category: the pair channels.
    pub fn pair_channels(&self) -> Vec<u64> {
        self.fake
            .channels()
            .into_iter()
            .filter(|c| c["type"] == 0 && c["parent_id"].is_string())
            .map(|c| FakeDiscord::id_of(&c))
            .collect()
    }

    pub async fn stop(self) {
        self.client.abort();
        self.shards.shutdown_all().await;
        let unknown = self.fake.unknown_routes();
        assert!(
            unknown.is_empty(),
            "the bot called routes the fake does not know: {:?}",
            unknown.iter().map(|r| r.line()).collect::<Vec<_>>()
        );
        self.fake.shutdown().await;
    }
}

/// A fake Discord serving `guild`, an empty in-memory store and a clock at `t0`.
async fn fresh(guild: GuildSpec) -> (FakeDiscord, Arc<SqliteStore>, Arc<ManualClock>) {
    let fake = FakeDiscord::start(guild).await;
    let store = Arc::new(SqliteStore::in_memory().await.expect("in-memory store"));
    let clock = Arc::new(ManualClock::new(t0()));
    (fake, store, clock)
}

/// What `binome run` gives the client, pointed at `fake`.
fn options(
    fake: &FakeDiscord,
    app: App,
    layout: Layout,
    scheduler: binome::schedule::SchedulerConfig,
    outbound: binome::discord::outbound::OutboundConfig,
) -> BotOptions {
    BotOptions {
        token: Secret::new("MTIw.ZmFrZQ.dG9rZW4"),
        api_base: Some(fake.base_url()),
        app,
        i18n: Arc::new(I18n::load().expect("translations")),
        layout,
        dev_guild_ids: vec![GUILD_ID],
        scheduler,
        outbound,
    }
}

pub struct Worker {
    stop: tokio::sync::watch::Sender<bool>,
    task: tokio::task::JoinHandle<()>,
}

impl Worker {
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        self.task.await.expect("scheduler loop ends cleanly");
    }
}

/// `SELECT *` of every table, each value quoted by SQLite, with the column names.
pub async fn dump_database(url: &str) -> String {
    let pool = sqlx::SqlitePool::connect(url)
        .await
        .expect("read the database");
    let tables: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&pool)
            .await
            .expect("tables");
    let mut out = String::new();
    for (table,) in tables {
        let columns: Vec<(String,)> = sqlx::query_as("SELECT name FROM pragma_table_info($1)")
            .bind(&table)
            .fetch_all(&pool)
            .await
            .expect("columns");
        let names: Vec<String> = columns.into_iter().map(|(c,)| c).collect();
        let select = names
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let rows: Vec<(String,)> = sqlx::query_as(&format!("SELECT {select} FROM \"{table}\""))
            .fetch_all(&pool)
            .await
            .expect("rows");
        out.push_str(&format!("{table}({})\n", names.join(",")));
        for (row,) in rows {
            out.push_str(&row);
            out.push('\n');
        }
    }
    pool.close().await;
    out
}

/// The standard guild with `users` as members too.
pub fn guild_with(users: &[u64]) -> GuildSpec {
    let mut guild = GuildSpec::standard();
    for (i, user) in users.iter().enumerate() {
        guild.members.push(crate::fake_discord::MemberSpec::new(
            *user,
            &format!("personne{i}"),
            &[],
        ));
    }
    guild
}
