//! Collective sessions (regroupements collectifs): kickoff, mid-term, closing.

use async_trait::async_trait;

/// Persistence of collective sessions, RSVPs and attendance.
#[async_trait]
pub trait SessionStore: Send + Sync {}
