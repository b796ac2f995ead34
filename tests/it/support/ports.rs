//! Fakes of the app's Discord ports: `NoChannels` does nothing and says yes,
//! `RecordingChannels` records the pair channels and charters it was asked for,
//! `RecordingSessions` records the events, announcements and circles.

use super::PAIR_CHANNEL;
use binome::app::ports::{
    ChannelError, CharterPost, CircleSpec, Circles, PairChannelSpec, PairChannels,
    SessionAnnouncement, SessionDiscord, SessionEventSpec, Store,
};
use binome::domain::pair::NewPair;
use binome::domain::{ChannelId, GuildId, RoleId, UserId};
use std::sync::{Arc, Mutex};

/// Creates every pair channel (as `PAIR_CHANNEL`), deletes and posts without a word.
pub struct NoChannels;

#[async_trait::async_trait]
impl PairChannels for NoChannels {
    async fn create_pair_channel(&self, _: &PairChannelSpec) -> Result<ChannelId, ChannelError> {
        Ok(PAIR_CHANNEL)
    }
    async fn delete_channel(&self, _: ChannelId) -> Result<(), ChannelError> {
        Ok(())
    }
    async fn post_charter(&self, _: &CharterPost) -> Result<(), ChannelError> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// A recording fake of the Discord channel port.
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct ChannelLog {
    created: Vec<(ChannelId, PairChannelSpec)>,
    deleted: Vec<ChannelId>,
    charters: Vec<CharterPost>,
    refuse_create: Option<fn() -> ChannelError>,
    refuse_charter: bool,
    /// Another coordinator records this pair while Discord is creating our channel.
    meanwhile: Option<(Arc<dyn Store>, NewPair)>,
}

/// Creates each pair channel under a new id, records what it was asked, and refuses when told.
#[derive(Default)]
pub struct RecordingChannels(Mutex<ChannelLog>);

impl RecordingChannels {
    fn log(&self) -> std::sync::MutexGuard<'_, ChannelLog> {
        self.0.lock().unwrap()
    }

    pub fn created(&self) -> Vec<(ChannelId, PairChannelSpec)> {
        self.log().created.clone()
    }

    pub fn deleted(&self) -> Vec<ChannelId> {
        self.log().deleted.clone()
    }

    pub fn charters(&self) -> Vec<CharterPost> {
        self.log().charters.clone()
    }

    pub fn refuse_channels_with(&self, error: Option<fn() -> ChannelError>) {
        self.log().refuse_create = error;
    }

    pub fn refuse_charters(&self) {
        self.log().refuse_charter = true;
    }

    pub fn record_meanwhile(&self, store: Arc<dyn Store>, pair: NewPair) {
        self.log().meanwhile = Some((store, pair));
    }
}

#[async_trait::async_trait]
impl PairChannels for RecordingChannels {
    async fn create_pair_channel(&self, spec: &PairChannelSpec) -> Result<ChannelId, ChannelError> {
        let meanwhile = self.log().meanwhile.take();
        if let Some((store, pair)) = meanwhile {
            store
                .create_pair(&pair)
                .await
                .expect("the other pair is recorded");
        }
        let mut log = self.log();
        if let Some(refusal) = log.refuse_create {
            return Err(refusal());
        }
        let id = ChannelId(170_000_000_000_000_001 + log.created.len() as u64);
        log.created.push((id, spec.clone()));
        Ok(id)
    }

    async fn delete_channel(&self, channel: ChannelId) -> Result<(), ChannelError> {
        self.log().deleted.push(channel);
        Ok(())
    }

    async fn post_charter(&self, post: &CharterPost) -> Result<(), ChannelError> {
        let mut log = self.log();
        if log.refuse_charter {
            return Err(ChannelError::Refused("Missing Access".into()));
        }
        log.charters.push(post.clone());
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// A recording fake of the Discord session and circle ports.
// ---------------------------------------------------------------------------------------

/// Records what the app asked Discord to do.
#[derive(Default)]
pub struct RecordingSessions {
    pub events: Mutex<Vec<SessionEventSpec>>,
    pub deleted: Mutex<Vec<u64>>,
    pub announcements: Mutex<Vec<SessionAnnouncement>>,
    pub circles: Mutex<Vec<CircleSpec>>,
    /// Circles made before circle roles, given their role since.
    pub converted: Mutex<Vec<ChannelId>>,
    pub opened: Mutex<Vec<(RoleId, UserId)>>,
    pub closed: Mutex<Vec<(RoleId, UserId)>>,
    pub refuse_events: bool,
}

#[async_trait::async_trait]
impl SessionDiscord for RecordingSessions {
    async fn create_event(&self, spec: &SessionEventSpec) -> Result<u64, ChannelError> {
        if self.refuse_events {
            return Err(ChannelError::MissingPermissions);
        }
        let mut events = self.events.lock().unwrap();
        events.push(spec.clone());
        Ok(900 + events.len() as u64)
    }

    async fn delete_event(&self, _: GuildId, event: u64) -> Result<(), ChannelError> {
        self.deleted.lock().unwrap().push(event);
        Ok(())
    }

    async fn announce(
        &self,
        a: &SessionAnnouncement,
    ) -> Vec<(ChannelId, Result<(), ChannelError>)> {
        self.announcements.lock().unwrap().push(a.clone());
        a.channels.iter().map(|c| (*c, Ok(()))).collect()
    }
}

#[async_trait::async_trait]
impl Circles for RecordingSessions {
    async fn create_circle(&self, spec: &CircleSpec) -> Result<(ChannelId, RoleId), ChannelError> {
        let mut circles = self.circles.lock().unwrap();
        circles.push(spec.clone());
        let n = circles.len() as u64;
        Ok((
            ChannelId(160_000_000_000_000_000 + n),
            RoleId(170_000_000_000_000_000 + n),
        ))
    }

    async fn give_circle_a_role(
        &self,
        channel: ChannelId,
        spec: &CircleSpec,
    ) -> Result<RoleId, ChannelError> {
        self.circles.lock().unwrap().push(spec.clone());
        let mut converted = self.converted.lock().unwrap();
        converted.push(channel);
        Ok(RoleId(180_000_000_000_000_000 + converted.len() as u64))
    }

    async fn circle_exists(&self, _: ChannelId) -> Result<bool, ChannelError> {
        Ok(true)
    }

    async fn open_circle(
        &self,
        _: GuildId,
        role: RoleId,
        user: UserId,
    ) -> Result<(), ChannelError> {
        self.opened.lock().unwrap().push((role, user));
        Ok(())
    }

    async fn close_circle(
        &self,
        _: GuildId,
        role: RoleId,
        user: UserId,
    ) -> Result<(), ChannelError> {
        self.closed.lock().unwrap().push((role, user));
        Ok(())
    }
}
