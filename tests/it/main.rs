mod app_scenarios;
mod cli;
mod e2e;
mod fake_discord;
mod followups;
mod harness_smoke;
mod scheduler;
mod store_conformance;
