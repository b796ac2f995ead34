//! binome: a Discord bot that runs inter-company mentoring programmes.
//!
//! Layers, one direction only: `discord` → `app` → `domain`; `store` implements the app's
//! ports. See `docs/ARCHITECTURE.md` for the architecture and the privacy model.

pub mod app;
pub mod config;
pub mod discord;
pub mod domain;
pub mod i18n;
pub mod import;
pub mod logging;
pub mod report;
pub mod runtime;
pub mod schedule;
pub mod secret;
pub mod store;
