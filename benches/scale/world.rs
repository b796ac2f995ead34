//! The hosted service the scale benchmark stands for: `servers` Discord servers, each running
//! one programme of `pairs` pairs through the year 2026, seen on 9 December 2026. Every id and
//! every fact about a pair is a pure function of its indexes, so that the seeding (parent
//! process) and the measuring (child process) agree without talking.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::fake_discord::{ALICE, COORDINATION_ROLE, GENERAL, GUILD_ID};

/// The instant of every measurement: a Wednesday morning in December.
pub fn now() -> DateTime<Utc> {
    utc(2026, 12, 9, 10, 0)
}

pub fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("a valid UTC instant")
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid day")
}

/// The programmes run from `START` to `END`.
pub const START: (i32, u32, u32) = (2026, 1, 5);
pub const END: (i32, u32, u32) = (2027, 1, 29);
/// Months of 2026 with a monthly meeting behind us (December's is ahead).
pub const PAST_MONTHS: std::ops::RangeInclusive<u32> = 1..=11;
/// Pairs of the measured programme whose meeting was yesterday and still awaits its check-in:
/// one per check-in answer measured (and one to warm up).
pub const CHECK_IN_PAIRS: usize = 45;

/// What becomes of a pair over the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Meets every month (one meeting in twenty postponed, cancelled or unconfirmed).
    Steady,
    /// Stopped meeting after July: at risk by now.
    AtRisk,
    /// Paused by the coordinator in October.
    Paused,
    /// Ended in September.
    Ended,
}

pub fn fate(pair: usize) -> Fate {
    if pair % 50 == 7 {
        Fate::Ended
    } else if pair % 33 == 5 {
        Fate::Paused
    } else if pair % 10 == 3 {
        Fate::AtRisk
    } else {
        Fate::Steady
    }
}

/// Both members signed the charter (one pair in 25 never did).
pub fn charter_signed(pair: usize) -> bool {
    pair % 25 != 0
}

/// The mentee set the progression objective.
pub fn objective_set(pair: usize) -> bool {
    pair % 10 < 7
}

/// The pair has its December meeting planned (reminders and check-in pending).
pub fn meets_in_december(pair: usize) -> bool {
    fate(pair) == Fate::Steady && pair % 5 != 4
}

/// The pair had a tripartite meeting with the coordinator in May.
pub fn had_tripartite(pair: usize) -> bool {
    pair % 20 == 0
}

/// How many individual follow-ups the coordinator logged with participant `k` (0 to 3).
pub fn followups(k: usize) -> usize {
    k % 4
}

/// Whether the pair met in `month` (2026): `None` when there was no meeting that month, else
/// the meeting's status as stored.
pub fn meeting_status(pair: usize, month: u32) -> Option<&'static str> {
    let normal = match (pair * 31 + month as usize * 7) % 20 {
        0 => "postponed",
        1 => "cancelled",
        2 => "unconfirmed",
        _ => "held",
    };
    match fate(pair) {
        Fate::Steady => Some(normal),
        Fate::AtRisk if month <= 7 => Some(normal),
        Fate::AtRisk => Some(if month % 2 == 0 {
            "postponed"
        } else {
            "cancelled"
        }),
        Fate::Paused if month <= 9 => Some(normal),
        Fate::Ended if month <= 8 => Some(normal),
        Fate::Paused | Fate::Ended => None,
    }
}

/// When the pair's meeting of `month` (2026) started.
pub fn meeting_start(pair: usize, month: u32) -> DateTime<Utc> {
    utc(
        2026,
        month,
        5 + ((pair + month as usize) % 20) as u32,
        13,
        0,
    )
}

/// The size of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    pub servers: usize,
    pub pairs: usize,
}

impl Shape {
    pub fn label(self) -> String {
        format!("{} × {}", self.servers, self.pairs)
    }

    pub fn total_pairs(self) -> usize {
        self.servers * self.pairs
    }

    /// The server the fake Discord serves and the commands run on: one in the middle, so that
    /// its rows sit among the others'.
    pub fn measured(self) -> usize {
        self.servers / 2
    }

    fn is_measured(self, server: usize) -> bool {
        server == self.measured()
    }

    pub fn guild(self, server: usize) -> u64 {
        if self.is_measured(server) {
            GUILD_ID
        } else {
            300_000_000_000_000_000 + server as u64
        }
    }

    pub fn coordinator_role(self, server: usize) -> u64 {
        if self.is_measured(server) {
            COORDINATION_ROLE
        } else {
            310_000_000_000_000_000 + server as u64
        }
    }

    /// Where the weekly digest goes.
    pub fn coordinator_channel(self, server: usize) -> u64 {
        if self.is_measured(server) {
            GENERAL
        } else {
            320_000_000_000_000_000 + server as u64
        }
    }

    /// The coordinator who logs follow-ups and proposes tripartite meetings.
    pub fn coordinator(self, server: usize) -> u64 {
        if self.is_measured(server) {
            ALICE
        } else {
            330_000_000_000_000_000 + server as u64
        }
    }

    /// Participant `k` of the server: pair `k / 2`'s mentor (even `k`) or mentee (odd `k`).
    pub fn user(self, server: usize, k: usize) -> u64 {
        let base = if self.is_measured(server) {
            160_000_000_000_000_000
        } else {
            400_000_000_000_000_000 + server as u64 * 100_000
        };
        base + k as u64
    }

    pub fn channel(self, server: usize, pair: usize) -> u64 {
        let base = if self.is_measured(server) {
            171_000_000_000_000_000
        } else {
            500_000_000_000_000_000 + server as u64 * 100_000
        };
        base + pair as u64
    }

    /// The category holding pair channel `pair` of the measured server (50 a category).
    pub fn category(self, pair: usize) -> u64 {
        170_000_000_000_000_000 + (pair / 50) as u64
    }

    /// Pairs of the measured programme whose meeting awaits its check-in.
    pub fn check_in_pairs(self) -> usize {
        CHECK_IN_PAIRS.min(self.pairs)
    }
}
