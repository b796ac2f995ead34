//! binome's command line: wiring only.

use binome::app::{App, SystemClock};
use binome::config::{token_from, Config, ConfigError};
use binome::discord::build_client;
use binome::i18n::I18n;
use clap::{Parser, Subcommand};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "binome",
    version,
    about = "Bot Discord pour programmes de mentorat interentreprises"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot (needs DISCORD_TOKEN); creates and migrates the database first.
    Run,
    /// Create and migrate the database, then exit.
    Migrate,
    /// Print the effective configuration, secrets masked, and check it.
    CheckConfig,
    /// Propose pairs from a file of candidates (the columns of `/participant import`) and print
    /// the proposal as CSV: what `/match suggest` would propose, without Discord.
    Match {
        /// The candidates' CSV file.
        file: std::path::PathBuf,
        /// Language of the titles, the reasons and the errors: fr or en.
        #[arg(long, default_value = "fr")]
        lang: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => return fail_config(&e),
    };
    init_tracing(&config);
    let runtime = match binome::runtime::build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("binome: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = match cli.command {
        Command::CheckConfig => return check_config(&config),
        Command::Match { file, lang } => return match_file(&config, &file, &lang),
        Command::Migrate => runtime.block_on(migrate(&config)),
        Command::Run => {
            let token = match token_from(std::env::var("DISCORD_TOKEN").ok()) {
                Ok(t) => t,
                Err(e) => return fail_config(&e),
            };
            runtime.block_on(run(config, token))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "binome stopped");
            eprintln!("binome: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn fail_config(e: &ConfigError) -> ExitCode {
    eprintln!("binome: {e}");
    ExitCode::from(2)
}

fn init_tracing(config: &Config) {
    let allow = config.log.allow_payloads;
    let filter = std::env::var("RUST_LOG")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .and_then(|spec| binome::logging::env_filter(&spec, allow).ok())
        .or_else(|| binome::logging::env_filter(&config.log.level, allow).ok())
        .unwrap_or_else(|| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt().with_env_filter(filter).init();
    if allow {
        tracing::warn!(
            "log.allow_payloads is on: gateway payloads and request bodies, which hold what pair members type, may be written to the logs"
        );
    }
}

fn check_config(config: &Config) -> ExitCode {
    print!("{}", config.to_toml());
    match token_from(std::env::var("DISCORD_TOKEN").ok()) {
        Ok(_) => {
            println!("\n# DISCORD_TOKEN: set (masked)");
            ExitCode::SUCCESS
        }
        Err(e) => fail_config(&e),
    }
}

/// `binome match`: the proposal for the candidates of `file`, as CSV on standard output; the
/// file's problems, each with its line, on standard error (exit code 2).
fn match_file(config: &Config, file: &std::path::Path, lang: &str) -> ExitCode {
    use binome::domain::matching::{propose, Candidate, MatchRules};
    use binome::domain::Locale;
    let Some(locale) = Locale::parse(lang) else {
        eprintln!("binome: unknown language {lang:?} (fr or en)");
        return ExitCode::from(2);
    };
    let i18n = match I18n::load() {
        Ok(i18n) => i18n,
        Err(e) => {
            eprintln!("binome: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("binome: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let rows = match binome::import::read_candidates(&bytes) {
        Ok(rows) => rows,
        Err(errors) => {
            for e in errors {
                let reason = i18n.msg(locale, &binome::app::error::import_problem_msg(&e.problem));
                let line = binome::i18n::Msg::new("import-line")
                    .arg("row", e.row)
                    .arg("reason", reason);
                eprintln!("{}", i18n.msg(locale, &line));
            }
            return ExitCode::from(2);
        }
    };
    let candidates: Vec<Candidate> = rows
        .into_iter()
        .map(|r| Candidate {
            user: r.user,
            role: r.role,
            company: r.company,
            themes: r.themes,
            capacity: r.capacity,
        })
        .collect();
    let rules = MatchRules {
        weights: config.app_settings().matching,
        earlier_pairs: Default::default(),
    };
    let proposal = propose(&candidates, &rules);
    let format = config.app_settings().reports.csv;
    match binome::report::proposal::proposal_csv_in(&i18n, locale, &format, &proposal) {
        Ok(csv) => {
            use std::io::Write as _;
            if std::io::stdout().write_all(&csv).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("binome: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn migrate(config: &Config) -> anyhow::Result<()> {
    let store = config.connect_store().await?;
    store.close().await;
    println!("binome: database {} is up to date", config.database.url);
    Ok(())
}

async fn run(config: Config, token: binome::config::Secret) -> anyhow::Result<()> {
    let store = config.connect_store().await?;
    let app = App::new(
        Arc::new(store),
        Arc::new(SystemClock),
        config.app_settings(),
    );
    let i18n = Arc::new(I18n::load()?);
    let bot = build_client(config.bot_options(token, None, app, i18n)).await?;
    let mut client = bot.client;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let scheduler = tokio::spawn(bot.scheduler.clone().run(stopped));
    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            tracing::info!("shutting down");
            let _ = stop.send(true);
            shards.shutdown_all().await;
        }
    });
    client.start().await?;
    if let Err(e) = scheduler.await {
        tracing::error!(error = %e, "scheduler task ended abnormally");
    }
    Ok(())
}
