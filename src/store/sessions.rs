use super::SqliteStore;
use crate::app::sessions::SessionStore;
use async_trait::async_trait;

#[async_trait]
impl SessionStore for SqliteStore {}
