//! What the coordinator may see. These types have no field that could hold what a pair wrote
//! or worked on: attendance and status only. `/privacy` shows a participant exactly this.

use super::pair::{Pair, PairStatus};
use super::participant::{Participant, ParticipantRole};
use super::{PairId, UserId};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantView {
    pub user_id: UserId,
    pub role: ParticipantRole,
    pub company: String,
    pub themes: Vec<String>,
    pub enrolled_at: DateTime<Utc>,
    pub pair: Option<PairSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairSummary {
    pub pair_id: PairId,
    pub status: PairStatus,
    pub partners: Vec<UserId>,
    pub charter_signed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairView {
    pub pair_id: PairId,
    pub status: PairStatus,
    pub created_at: DateTime<Utc>,
    /// When the pair last met (attendance, not content).
    pub last_held: Option<DateTime<Utc>>,
    pub members: Vec<PairMemberView>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairMemberView {
    pub user_id: UserId,
    pub role: ParticipantRole,
    pub charter_signed_at: Option<DateTime<Utc>>,
}

pub fn pair_view(pair: &Pair, last_held: Option<DateTime<Utc>>) -> PairView {
    PairView {
        pair_id: pair.id,
        status: pair.status,
        created_at: pair.created_at,
        last_held,
        members: pair
            .members
            .iter()
            .map(|m| PairMemberView {
                user_id: m.user_id,
                role: m.role,
                charter_signed_at: m.charter_signed_at,
            })
            .collect(),
    }
}

/// What the coordinator sees of `p`, with their open pair if they have one (see
/// [`super::pair::open_pair_by_user`]).
pub fn participant_view(p: &Participant, open_pair: Option<&Pair>) -> ParticipantView {
    let pair = open_pair
        .filter(|pair| pair.status.is_open())
        .and_then(|pair| pair.member(p.user_id).map(|m| (pair, m)))
        .map(|(pair, me)| PairSummary {
            pair_id: pair.id,
            status: pair.status,
            partners: pair
                .members
                .iter()
                .filter(|m| m.user_id != p.user_id)
                .map(|m| m.user_id)
                .collect(),
            charter_signed_at: me.charter_signed_at,
        });
    ParticipantView {
        user_id: p.user_id,
        role: p.role,
        company: p.company.as_str().to_string(),
        themes: p.themes.names(),
        enrolled_at: p.enrolled_at,
        pair,
    }
}
