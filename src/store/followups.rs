use super::SqliteStore;
use crate::app::followups::FollowUpStore;
use async_trait::async_trait;

#[async_trait]
impl FollowUpStore for SqliteStore {}
