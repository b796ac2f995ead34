//! Posture prompts (repères de posture): `/posture`, and the one sent before each meeting.

use super::{Actor, App, AppResult, UserError};
use crate::domain::participant::ParticipantRole;
use crate::domain::posture::{PostureDeck, RECENT_WINDOW};
use crate::domain::{Locale, ParticipantId};
use std::sync::OnceLock;

/// The prompts compiled into the binary; a malformed deck is caught by the test suite.
fn deck() -> Option<&'static PostureDeck> {
    static DECK: OnceLock<Option<PostureDeck>> = OnceLock::new();
    DECK.get_or_init(|| match PostureDeck::builtin() {
        Ok(d) => Some(d),
        Err(e) => {
            tracing::error!(error = %e, "posture prompts unavailable");
            None
        }
    })
    .as_ref()
}

impl App {
    /// A prompt for this person's role, not among the last five they were shown; remembered.
    pub(crate) async fn next_posture(
        &self,
        who: ParticipantId,
        role: ParticipantRole,
        locale: Locale,
    ) -> AppResult<Option<String>> {
        let Some(deck) = deck() else { return Ok(None) };
        let recent = self
            .store
            .recent_postures(who, RECENT_WINDOW as u32)
            .await?;
        let now = self.clock.now();
        let seed =
            now.timestamp_nanos_opt().unwrap_or_default() as u64 ^ (who.0 as u64).rotate_left(17);
        let Some(prompt) = deck.pick(locale, role, &recent, seed) else {
            return Ok(None);
        };
        self.store
            .record_posture_shown(who, &prompt.id, now)
            .await?;
        Ok(Some(prompt.text.clone()))
    }

    /// `/posture`: a prompt for the caller's role in the running programme.
    pub async fn posture_prompt(&self, actor: &Actor) -> AppResult<(ParticipantRole, String)> {
        let programme = self.active_programme(actor.guild).await?;
        let me = self
            .store
            .participant_by_user(programme.id, actor.user)
            .await?
            .ok_or(UserError::NotEnrolled(actor.user))?;
        let text = self
            .next_posture(me.id, me.role, actor.locale)
            .await?
            .ok_or_else(|| {
                super::AppError::Internal(anyhow::anyhow!("no posture prompt available"))
            })?;
        Ok((me.role, text))
    }
}
