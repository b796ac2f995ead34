//! Individual follow-ups by the coordinator and tripartite meetings.

use async_trait::async_trait;

/// Persistence of follow-ups and tripartite meetings.
#[async_trait]
pub trait FollowUpStore: Send + Sync {}
