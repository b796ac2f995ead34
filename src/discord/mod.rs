//! The Discord edge: poise commands (parse → app call → render), gateway events, and the
//! channel operations the app asks for. No business rule lives here.

pub mod access;
mod audit;
mod channels;
pub mod commands;
mod data;
mod error;
mod events;
mod followups;
pub mod jobs;
mod join;
pub mod limits;
mod localize;
mod matching;
mod meetings;
mod objectives;
pub mod outbound;
mod paging;
mod pairs;
mod participants;
mod privacy;
mod programmes;
mod render;
mod reply;
mod reports;
mod sessions;
mod setup;
mod tripartite;
mod views;

use crate::app::App;
use crate::i18n::I18n;
use crate::secret::Secret;
use poise::serenity_prelude as serenity;
use std::sync::Arc;

pub use channels::charter_text;
pub use data::{Context, Data, Layout};
pub use error::BotError;

/// Gateway intents: servers and channels, and scheduled events (collective sessions). Never
/// any intent that delivers messages or their content: binome must not receive what pairs write.
pub fn intents() -> serenity::GatewayIntents {
    serenity::GatewayIntents::GUILDS | serenity::GatewayIntents::GUILD_SCHEDULED_EVENTS
}

pub struct BotOptions {
    pub token: Secret,
    /// Base URL replacing `https://discord.com` (the loopback fake Discord in tests).
    pub api_base: Option<String>,
    pub app: App,
    pub i18n: Arc<I18n>,
    pub layout: Layout,
    /// Register commands in these servers (instant); empty: register globally.
    pub dev_guild_ids: Vec<u64>,
    pub scheduler: crate::schedule::SchedulerConfig,
    pub outbound: outbound::OutboundConfig,
}

/// The client and its scheduler; the caller starts both and stops both.
pub struct Bot {
    pub client: serenity::Client,
    pub scheduler: Arc<crate::schedule::Scheduler>,
    pub outbound: outbound::Outbound,
}

/// Builds the serenity client with the poise framework and the job scheduler, exactly as
/// production runs them.
pub async fn build_client(opts: BotOptions) -> anyhow::Result<Bot> {
    let make_http = || {
        let mut http = serenity::HttpBuilder::new(opts.token.expose());
        if let Some(base) = &opts.api_base {
            // serenity's own rate limiter ignores the proxy setting (it would call
            // discord.com), so it is off whenever a base URL is given.
            http = http.proxy(base.as_str()).ratelimiter_disabled(true);
        }
        http.build()
    };
    let http = make_http();
    // Everything the bot sends on its own initiative goes through this one path.
    let outbound = outbound::Outbound::new(Arc::new(make_http()), opts.outbound)
        .with_ledger(Arc::new(StoreLedger(opts.app.store.clone())));

    let mut commands = commands::all();
    localize::apply(&mut commands, &opts.i18n);

    let data = Data {
        app: opts.app,
        i18n: opts.i18n,
        layout: opts.layout,
        outbound: outbound.clone(),
    };
    let job_data = Arc::new(data.clone());
    let framework = framework(commands, data, opts.dev_guild_ids);
    let client = serenity::ClientBuilder::new_with_http(http, intents())
        .framework(framework)
        .await?;
    let app = &job_data.app;
    let scheduler = Arc::new(crate::schedule::Scheduler::new(
        app.store.clone(),
        app.clock.clone(),
        Arc::new(jobs::DiscordJobs::new(job_data.clone(), outbound.clone())),
        app.jobs_changed.clone(),
        opts.scheduler,
    ));
    Ok(Bot {
        client,
        scheduler,
        outbound,
    })
}

/// The poise framework: commands, error replies, gateway events, and command registration
/// (in the dev servers, or globally) once connected.
fn framework(
    commands: Vec<poise::Command<Data, BotError>>,
    data: Data,
    dev_guilds: Vec<u64>,
) -> poise::Framework<Data, BotError> {
    poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands,
            on_error: |error| Box::pin(reply::on_error(error)),
            pre_command: |ctx| Box::pin(reply::defer_coordinator_commands(ctx)),
            event_handler: |framework, event| Box::pin(events::handle(framework, event)),
            // Nobody is pinged by a command reply unless the reply says so explicitly.
            allowed_mentions: Some(serenity::CreateAllowedMentions::new()),
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, ready, framework| {
            Box::pin(async move {
                let commands = &framework.options().commands;
                if dev_guilds.is_empty() {
                    poise::builtins::register_globally(ctx, commands).await?;
                } else {
                    for guild in &dev_guilds {
                        poise::builtins::register_in_guild(ctx, commands, serenity::GuildId::new(*guild)).await?;
                    }
                }
                tracing::info!(bot = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
                Ok(data)
            })
        })
        .build()
}

/// The store as the outbound path's delivery ledger.
struct StoreLedger(Arc<dyn crate::app::Store>);

#[async_trait::async_trait]
impl crate::app::ports::DeliveryLedger for StoreLedger {
    async fn delivered(&self, nonce: &str) -> crate::app::ports::StoreResult<bool> {
        self.0.delivered(nonce).await
    }

    async fn record_delivered(&self, nonce: &str) -> crate::app::ports::StoreResult<()> {
        self.0.record_delivered(nonce).await
    }
}
