mod app_scenarios;
mod cli;
mod e2e;
mod fake_discord;
mod harness_smoke;
mod scheduler;
mod store_conformance;
