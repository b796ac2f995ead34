//! Proposing mentee–mentor pairs: an optimal assignment under the programme's hard rules, and
//! the coordinator's adjustments by hand.
//!
//! A pair (mentor, mentee) is allowed only if the two work for different companies, were not
//! paired in an earlier programme of the server (in either orientation), and score above zero.
//! The score counts the mentee's themes the mentor has: `main_theme` for the mentee's first
//! theme, `other_theme` for each other one. [`propose`] maximises the total score with each
//! mentor taking at most `capacity` mentees (Kuhn–Munkres on mentees × mentor places) and says
//! why each person left out was left out. Reasons and refusals are typed; the Discord layer
//! words them.

use std::collections::{HashMap, HashSet};

use pathfinding::prelude::{kuhn_munkres, Matrix};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::participant::{CompanyName, ParticipantRole};
use super::programme::ThemeSet;
use super::UserId;

/// One person to match. Mentors list the themes they are experienced in and take up to
/// `capacity` mentees; mentees list the themes they want to progress on, the first being their
/// main theme, and their `capacity` is ignored.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub user: UserId,
    pub role: ParticipantRole,
    pub company: CompanyName,
    pub themes: ThemeSet,
    pub capacity: u8,
}

/// How much a shared theme is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MatchWeights {
    /// The mentee's main (first) theme is among the mentor's themes.
    pub main_theme: u32,
    /// Each other theme of the mentee the mentor also has.
    pub other_theme: u32,
}

impl Default for MatchWeights {
    fn default() -> Self {
        Self {
            main_theme: 10,
            other_theme: 3,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct MatchRules {
    pub weights: MatchWeights,
    /// (mentor, mentee) pairs of an earlier programme of the server: never paired again, in
    /// either orientation.
    pub earlier_pairs: HashSet<(UserId, UserId)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProposedPair {
    pub mentor: UserId,
    pub mentee: UserId,
    pub score: u32,
}

/// Why someone is in no pair. Mentees get the first of `NoMentorWithTheme`, `OnlySameCompany`,
/// `AlreadyPaired`, `Capacity`, `PartnerAvailable` that applies; mentors the first of
/// `NoCapacity`, `NoMenteeWithTheme`, `OnlySameCompany`, `AlreadyPaired`, `NoMenteeLeft`,
/// `PartnerAvailable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnmatchedReason {
    /// Mentee: no mentor has any of their themes.
    NoMentorWithTheme,
    /// Mentor: no mentee wants any of their themes.
    NoMenteeWithTheme,
    /// Everyone who shares a theme with them works for their company.
    OnlySameCompany,
    /// The others who share a theme with them (and work elsewhere) were paired with them in an
    /// earlier programme.
    AlreadyPaired,
    /// Mentee: the mentors they could have are all full.
    Capacity,
    /// Mentor: the mentees they could have are all paired with other mentors.
    NoMenteeLeft,
    /// Mentor whose capacity is 0.
    NoCapacity,
    /// Someone they could be paired with is still free (unmatched mentee, or mentor with a
    /// free place). Never in a fresh proposal, which would have paired them: only after an
    /// adjustment by hand.
    PartnerAvailable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unmatched {
    pub user: UserId,
    pub role: ParticipantRole,
    pub reason: UnmatchedReason,
}

/// Pairs sorted by mentor then mentee; unmatched people, mentees first, each by user id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposal {
    pub pairs: Vec<ProposedPair>,
    pub unmatched: Vec<Unmatched>,
}

/// Why [`Proposal::assign`] refused an adjustment.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MatchError {
    #[error("user {0} is not a candidate")]
    UnknownPerson(UserId),
    #[error("user {user} is not a {}", expected.as_str())]
    WrongRole {
        user: UserId,
        expected: ParticipantRole,
    },
    #[error("mentor {mentor} and mentee {mentee} work for the same company")]
    SameCompany { mentor: UserId, mentee: UserId },
    #[error("mentor {mentor} and mentee {mentee} were paired in an earlier programme")]
    EarlierPair { mentor: UserId, mentee: UserId },
    #[error("mentor {mentor} has none of mentee {mentee}'s themes")]
    NoSharedTheme { mentor: UserId, mentee: UserId },
    #[error("mentor {mentor} already has {capacity} mentee(s)")]
    MentorFull { mentor: UserId, capacity: u8 },
}

/// An optimal proposal: the largest total score among assignments that respect the hard rules
/// and the mentors' capacities. The same candidates (in any order) and rules give the same
/// proposal. Each user is taken once (their first entry).
pub fn propose(candidates: &[Candidate], rules: &MatchRules) -> Proposal {
    let inst = Instance::new(candidates, rules);
    let (n_mentors, n_mentees) = (inst.mentors.len(), inst.mentees.len());
    // Scores of allowed pairs, 0 where the pair is forbidden, mentor-major.
    let scores: Vec<i64> = (0..n_mentors)
        .flat_map(|i| (0..n_mentees).map(move |j| (i, j)))
        .map(|(i, j)| inst.check(i, j).map_or(0, i64::from))
        .collect();
    let score = |i: usize, j: usize| scores[i * n_mentees + j];
    // One column (or row) per place of a mentor.
    let places: Vec<usize> = (0..n_mentors)
        .flat_map(|i| std::iter::repeat_n(i, usize::from(inst.mentors[i].capacity)))
        .collect();
    let mut chosen: Vec<(usize, usize)> = Vec::new();
    if n_mentees > 0 && !places.is_empty() {
        // kuhn_munkres assigns every row to a distinct column, so the smaller side is the rows.
        // Weights are never negative: a forbidden cell (0) is never preferred to leaving
        // someone unmatched, and a row whose chosen cell is 0 is unmatched. No dummy column is
        // needed.
        if n_mentees <= places.len() {
            let m = Matrix::from_fn(n_mentees, places.len(), |(j, p)| score(places[p], j));
            let (_, columns) = kuhn_munkres(&m);
            for (j, p) in columns.into_iter().enumerate() {
                if m[(j, p)] > 0 {
                    chosen.push((places[p], j));
                }
            }
        } else {
            let m = Matrix::from_fn(places.len(), n_mentees, |(p, j)| score(places[p], j));
            let (_, columns) = kuhn_munkres(&m);
            for (p, j) in columns.into_iter().enumerate() {
                if m[(p, j)] > 0 {
                    chosen.push((places[p], j));
                }
            }
        }
    }
    let mut pairs: Vec<ProposedPair> = chosen
        .into_iter()
        .map(|(i, j)| ProposedPair {
            mentor: inst.mentors[i].user,
            mentee: inst.mentees[j].user,
            score: u32::try_from(score(i, j)).unwrap_or(u32::MAX),
        })
        .collect();
    pairs.sort_by_key(|p| (p.mentor, p.mentee));
    let unmatched = inst.unmatched(&pairs);
    Proposal { pairs, unmatched }
}

impl Proposal {
    /// Sum of the pairs' scores.
    pub fn total_score(&self) -> u64 {
        self.pairs.iter().map(|p| u64::from(p.score)).sum()
    }

    /// A proposal as it was stored: the `pairs` whose people are still candidates and that the
    /// rules still allow (scores as the weights give them now, each mentee once), everyone
    /// else unmatched with the reason.
    pub fn from_pairs(
        candidates: &[Candidate],
        rules: &MatchRules,
        pairs: Vec<ProposedPair>,
    ) -> Proposal {
        let inst = Instance::new(candidates, rules);
        let mut kept: Vec<ProposedPair> = pairs
            .into_iter()
            .filter_map(|p| {
                let i = inst.find(p.mentor, ParticipantRole::Mentor).ok()?;
                let j = inst.find(p.mentee, ParticipantRole::Mentee).ok()?;
                let score = inst.check(i, j).ok()?;
                Some(ProposedPair { score, ..p })
            })
            .collect();
        kept.sort_by_key(|p| (p.mentee, p.mentor));
        kept.dedup_by_key(|p| p.mentee);
        kept.sort_by_key(|p| (p.mentor, p.mentee));
        let unmatched = inst.unmatched(&kept);
        Proposal {
            pairs: kept,
            unmatched,
        }
    }

    /// Moves `mentee` to `mentor`, or out of any pair with `None`, if the rules allow it; the
    /// score and the unmatched list (with each reason) follow. `candidates` and `rules` are
    /// those the proposal was made from. On refusal the proposal is unchanged.
    pub fn assign(
        &mut self,
        candidates: &[Candidate],
        rules: &MatchRules,
        mentee: UserId,
        mentor: Option<UserId>,
    ) -> Result<(), MatchError> {
        let inst = Instance::new(candidates, rules);
        let j = inst.find(mentee, ParticipantRole::Mentee)?;
        let new_pair = match mentor {
            None => None,
            Some(mentor) => {
                let i = inst.find(mentor, ParticipantRole::Mentor)?;
                let score = inst.check(i, j).map_err(|block| match block {
                    Block::NoTheme => MatchError::NoSharedTheme { mentor, mentee },
                    Block::SameCompany => MatchError::SameCompany { mentor, mentee },
                    Block::Earlier => MatchError::EarlierPair { mentor, mentee },
                })?;
                let capacity = inst.mentors[i].capacity;
                let taken = self
                    .pairs
                    .iter()
                    .filter(|p| p.mentor == mentor && p.mentee != mentee)
                    .count();
                if taken >= usize::from(capacity) {
                    return Err(MatchError::MentorFull { mentor, capacity });
                }
                Some(ProposedPair {
                    mentor,
                    mentee,
                    score,
                })
            }
        };
        self.pairs.retain(|p| p.mentee != mentee);
        self.pairs.extend(new_pair);
        self.pairs.sort_by_key(|p| (p.mentor, p.mentee));
        self.unmatched = inst.unmatched(&self.pairs);
        Ok(())
    }
}

/// Why a pair is not allowed, in the order the reasons are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    NoTheme,
    SameCompany,
    Earlier,
}

struct Person {
    user: UserId,
    /// Index of the person's company among the instance's distinct companies.
    company: usize,
    /// Interned themes: a mentee's in their order (main first), a mentor's sorted.
    themes: Vec<u32>,
    capacity: u8,
}

/// The candidates in a form quick to score: each side sorted by user id, themes and companies
/// interned.
struct Instance<'a> {
    mentors: Vec<Person>,
    mentees: Vec<Person>,
    rules: &'a MatchRules,
}

impl<'a> Instance<'a> {
    fn new(candidates: &[Candidate], rules: &'a MatchRules) -> Self {
        let mut seen = HashSet::new();
        let mut companies: Vec<&CompanyName> = Vec::new();
        let mut themes: HashMap<String, u32> = HashMap::new();
        let (mut mentors, mut mentees) = (Vec::new(), Vec::new());
        for c in candidates {
            if !seen.insert(c.user) {
                continue;
            }
            let company = match companies.iter().position(|k| k.same_company(&c.company)) {
                Some(k) => k,
                None => {
                    companies.push(&c.company);
                    companies.len() - 1
                }
            };
            let mut ids: Vec<u32> = c
                .themes
                .iter()
                .map(|t| {
                    let next = u32::try_from(themes.len()).unwrap_or(u32::MAX);
                    *themes.entry(t.as_str().to_lowercase()).or_insert(next)
                })
                .collect();
            let person = Person {
                user: c.user,
                company,
                themes: Vec::new(),
                capacity: c.capacity,
            };
            match c.role {
                ParticipantRole::Mentor => {
                    ids.sort_unstable();
                    mentors.push(Person {
                        themes: ids,
                        ..person
                    });
                }
                ParticipantRole::Mentee => mentees.push(Person {
                    themes: ids,
                    ..person
                }),
            }
        }
        mentors.sort_by_key(|p| p.user);
        mentees.sort_by_key(|p| p.user);
        Self {
            mentors,
            mentees,
            rules,
        }
    }

    fn find(&self, user: UserId, role: ParticipantRole) -> Result<usize, MatchError> {
        let (side, other) = match role {
            ParticipantRole::Mentor => (&self.mentors, &self.mentees),
            ParticipantRole::Mentee => (&self.mentees, &self.mentors),
        };
        match side.binary_search_by_key(&user, |p| p.user) {
            Ok(k) => Ok(k),
            Err(_) if other.binary_search_by_key(&user, |p| p.user).is_ok() => {
                Err(MatchError::WrongRole {
                    user,
                    expected: role,
                })
            }
            Err(_) => Err(MatchError::UnknownPerson(user)),
        }
    }

    /// The score of mentor `i` with mentee `j` if the pair is allowed.
    fn check(&self, i: usize, j: usize) -> Result<u32, Block> {
        let (mentor, mentee) = (&self.mentors[i], &self.mentees[j]);
        let weights = self.rules.weights;
        let score = mentee
            .themes
            .iter()
            .enumerate()
            .filter(|(_, t)| mentor.themes.binary_search(t).is_ok())
            .fold(0u32, |sum, (k, _)| {
                sum.saturating_add(if k == 0 {
                    weights.main_theme
                } else {
                    weights.other_theme
                })
            });
        if score == 0 {
            Err(Block::NoTheme)
        } else if mentor.company == mentee.company {
            Err(Block::SameCompany)
        } else if self.earlier(mentor.user, mentee.user) {
            Err(Block::Earlier)
        } else {
            Ok(score)
        }
    }

    fn earlier(&self, a: UserId, b: UserId) -> bool {
        let set = &self.rules.earlier_pairs;
        !set.is_empty() && (set.contains(&(a, b)) || set.contains(&(b, a)))
    }

    /// Everyone in no pair of `pairs`, with the reason, mentees first, each side by user id.
    fn unmatched(&self, pairs: &[ProposedPair]) -> Vec<Unmatched> {
        let mut load = vec![0usize; self.mentors.len()];
        let mut paired = vec![false; self.mentees.len()];
        for p in pairs {
            if let Ok(i) = self.mentors.binary_search_by_key(&p.mentor, |m| m.user) {
                load[i] += 1;
            }
            if let Ok(j) = self.mentees.binary_search_by_key(&p.mentee, |m| m.user) {
                paired[j] = true;
            }
        }
        // How far a pair got through the rules: 0 no theme, 1 same company, 2 earlier pair,
        // 3 allowed but the other is taken, 4 allowed and the other is free.
        let stage = |i: usize, j: usize, other_free: bool| match self.check(i, j) {
            Err(Block::NoTheme) => 0,
            Err(Block::SameCompany) => 1,
            Err(Block::Earlier) => 2,
            Ok(_) if other_free => 4,
            Ok(_) => 3,
        };
        let mut out = Vec::new();
        for (j, mentee) in self.mentees.iter().enumerate() {
            if paired[j] {
                continue;
            }
            let furthest = (0..self.mentors.len())
                .map(|i| stage(i, j, load[i] < usize::from(self.mentors[i].capacity)))
                .max()
                .unwrap_or(0);
            out.push(Unmatched {
                user: mentee.user,
                role: ParticipantRole::Mentee,
                reason: [
                    UnmatchedReason::NoMentorWithTheme,
                    UnmatchedReason::OnlySameCompany,
                    UnmatchedReason::AlreadyPaired,
                    UnmatchedReason::Capacity,
                    UnmatchedReason::PartnerAvailable,
                ][furthest],
            });
        }
        for (i, mentor) in self.mentors.iter().enumerate() {
            if load[i] > 0 {
                continue;
            }
            let reason = if mentor.capacity == 0 {
                UnmatchedReason::NoCapacity
            } else {
                let furthest = (0..self.mentees.len())
                    .map(|j| stage(i, j, !paired[j]))
                    .max()
                    .unwrap_or(0);
                [
                    UnmatchedReason::NoMenteeWithTheme,
                    UnmatchedReason::OnlySameCompany,
                    UnmatchedReason::AlreadyPaired,
                    UnmatchedReason::NoMenteeLeft,
                    UnmatchedReason::PartnerAvailable,
                ][furthest]
            };
            out.push(Unmatched {
                user: mentor.user,
                role: ParticipantRole::Mentor,
                reason,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const GOUV: &str = "Gouvernance";
    const RECR: &str = "Recrutement et intégration";
    const COMP: &str = "Développement des compétences";
    const ESPA: &str = "Nouveaux espaces de travail";

    fn person(
        id: u64,
        role: ParticipantRole,
        company: &str,
        themes: &[&str],
        cap: u8,
    ) -> Candidate {
        Candidate {
            user: UserId(id),
            role,
            company: CompanyName::parse(company).unwrap(),
            themes: ThemeSet::from_items(themes.iter().copied()).unwrap(),
            capacity: cap,
        }
    }

    fn mentor(id: u64, company: &str, themes: &[&str], cap: u8) -> Candidate {
        person(id, ParticipantRole::Mentor, company, themes, cap)
    }

    fn mentee(id: u64, company: &str, themes: &[&str]) -> Candidate {
        person(id, ParticipantRole::Mentee, company, themes, 0)
    }

    fn pair(mentor: u64, mentee: u64, score: u32) -> ProposedPair {
        ProposedPair {
            mentor: UserId(mentor),
            mentee: UserId(mentee),
            score,
        }
    }

    fn reason_of(p: &Proposal, user: u64) -> Option<UnmatchedReason> {
        p.unmatched
            .iter()
            .find(|u| u.user == UserId(user))
            .map(|u| u.reason)
    }

    fn earlier(pairs: &[(u64, u64)]) -> MatchRules {
        MatchRules {
            weights: MatchWeights::default(),
            earlier_pairs: pairs.iter().map(|&(a, b)| (UserId(a), UserId(b))).collect(),
        }
    }

    #[test]
    fn the_score_counts_the_main_theme_and_each_other_shared_theme() {
        let people = [
            mentee(1, "Canovia", &[GOUV, RECR, COMP]),
            mentor(10, "Lumen", &[RECR, COMP], 1),
        ];
        let p = propose(&people, &MatchRules::default());
        assert_eq!(p.pairs, vec![pair(10, 1, 3 + 3)]);
        let people = [
            mentee(1, "Canovia", &[GOUV, RECR, COMP]),
            mentor(10, "Lumen", &[COMP, GOUV], 1),
        ];
        let p = propose(&people, &MatchRules::default());
        assert_eq!(p.pairs, vec![pair(10, 1, 10 + 3)]);
        assert_eq!(p.total_score(), 13);
        assert!(p.unmatched.is_empty());
    }

    #[test]
    fn themes_are_compared_without_case() {
        let people = [
            mentee(1, "Canovia", &["gouvernance"]),
            mentor(10, "Lumen", &["GOUVERNANCE"], 1),
        ];
        let p = propose(&people, &MatchRules::default());
        assert_eq!(p.pairs, vec![pair(10, 1, 10)]);
    }

    #[test]
    fn weights_come_from_the_rules() {
        let people = [
            mentee(1, "Canovia", &[GOUV, RECR]),
            mentor(10, "Lumen", &[GOUV, RECR], 1),
        ];
        let rules = MatchRules {
            weights: MatchWeights {
                main_theme: 7,
                other_theme: 1,
            },
            ..MatchRules::default()
        };
        assert_eq!(propose(&people, &rules).pairs, vec![pair(10, 1, 8)]);
    }

    #[test]
    fn a_pair_scoring_zero_is_not_allowed() {
        // The mentor has only the mentee's other theme, which weighs nothing here.
        let people = [
            mentee(1, "Canovia", &[GOUV, RECR]),
            mentor(10, "Lumen", &[RECR], 1),
        ];
        let rules = MatchRules {
            weights: MatchWeights {
                main_theme: 10,
                other_theme: 0,
            },
            ..MatchRules::default()
        };
        let p = propose(&people, &rules);
        assert!(p.pairs.is_empty());
        assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::NoMentorWithTheme));
    }

    #[test]
    fn weights_deserialize_with_defaults_for_missing_fields() {
        let w: MatchWeights = toml::from_str("other_theme = 5").unwrap();
        assert_eq!(
            w,
            MatchWeights {
                main_theme: 10,
                other_theme: 5
            }
        );
        assert_eq!(
            toml::from_str::<MatchWeights>("").unwrap(),
            MatchWeights::default()
        );
        assert!(toml::from_str::<MatchWeights>("main = 1").is_err());
    }

    #[test]
    fn no_shared_theme_leaves_both_unmatched() {
        let people = [
            mentee(1, "Canovia", &[GOUV]),
            mentor(10, "Lumen", &[RECR], 2),
        ];
        let p = propose(&people, &MatchRules::default());
        assert!(p.pairs.is_empty());
        assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::NoMentorWithTheme));
        assert_eq!(reason_of(&p, 10), Some(UnmatchedReason::NoMenteeWithTheme));
    }

    #[test]
    fn people_of_one_company_are_never_paired_whatever_the_spelling() {
        let people = [
            mentee(1, "Guyon Villemagne", &[GOUV]),
            mentor(10, " guyon-villemagne ", &[GOUV], 1),
        ];
        let p = propose(&people, &MatchRules::default());
        assert!(p.pairs.is_empty());
        assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::OnlySameCompany));
        assert_eq!(reason_of(&p, 10), Some(UnmatchedReason::OnlySameCompany));
    }

    #[test]
    fn earlier_pairs_are_forbidden_in_either_orientation() {
        let people = [
            mentee(1, "Canovia", &[GOUV]),
            mentor(10, "Lumen", &[GOUV], 1),
        ];
        for rules in [earlier(&[(10, 1)]), earlier(&[(1, 10)])] {
            let p = propose(&people, &rules);
            assert!(p.pairs.is_empty());
            assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::AlreadyPaired));
            assert_eq!(reason_of(&p, 10), Some(UnmatchedReason::AlreadyPaired));
        }
        // Other earlier pairs change nothing.
        let p = propose(&people, &earlier(&[(10, 2), (11, 1)]));
        assert_eq!(p.pairs, vec![pair(10, 1, 10)]);
    }

    #[test]
    fn the_first_reason_that_applies_is_given() {
        // Mentor 10 shares the theme but works for Canovia; mentor 11 was paired with the
        // mentee before; mentor 12 has no theme in common.
        let people = [
            mentee(1, "Canovia", &[GOUV]),
            mentor(10, "canovia", &[GOUV], 1),
            mentor(11, "Lumen", &[GOUV], 1),
            mentor(12, "Lumen", &[RECR], 1),
        ];
        let p = propose(&people, &earlier(&[(11, 1)]));
        assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::AlreadyPaired));
        let p = propose(&people, &MatchRules::default());
        assert_eq!(p.pairs, vec![pair(11, 1, 10)]);
        assert_eq!(reason_of(&p, 10), Some(UnmatchedReason::OnlySameCompany));
        assert_eq!(reason_of(&p, 12), Some(UnmatchedReason::NoMenteeWithTheme));
        let only_same = propose(&people[..2], &MatchRules::default());
        assert_eq!(
            reason_of(&only_same, 1),
            Some(UnmatchedReason::OnlySameCompany)
        );
    }

    #[test]
    fn a_mentee_whose_mentors_are_full_is_unmatched_for_capacity() {
        let people = [
            mentee(1, "Canovia", &[GOUV, RECR]),
            mentee(2, "Canovia", &[GOUV]),
            mentor(10, "Lumen", &[GOUV, RECR], 1),
        ];
        let p = propose(&people, &MatchRules::default());
        assert_eq!(p.pairs, vec![pair(10, 1, 13)]);
        assert_eq!(reason_of(&p, 2), Some(UnmatchedReason::Capacity));
    }

    #[test]
    fn a_mentor_of_capacity_two_gets_two_mentees() {
        let people = [
            mentee(1, "Canovia", &[GOUV]),
            mentee(2, "Orvane", &[GOUV]),
            mentee(3, "Orvane", &[GOUV]),
            mentor(10, "Lumen", &[GOUV], 2),
        ];
        let p = propose(&people, &MatchRules::default());
        assert_eq!(p.pairs, vec![pair(10, 1, 10), pair(10, 2, 10)]);
        assert_eq!(reason_of(&p, 3), Some(UnmatchedReason::Capacity));
        assert_eq!(p.unmatched.len(), 1);
    }

    #[test]
    fn a_mentor_of_capacity_zero_takes_nobody() {
        let people = [
            mentee(1, "Canovia", &[GOUV]),
            mentor(10, "Lumen", &[GOUV], 0),
        ];
        let p = propose(&people, &MatchRules::default());
        assert!(p.pairs.is_empty());
        assert_eq!(reason_of(&p, 10), Some(UnmatchedReason::NoCapacity));
        assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::Capacity));
    }

    #[test]
    fn the_assignment_is_optimal_not_greedy() {
        // Greedy would give mentor 10 to mentee 1 (13) and leave mentee 2 alone; the optimum
        // is 10 + 10.
        let people = [
            mentee(1, "Canovia", &[GOUV, RECR]),
            mentee(2, "Canovia", &[RECR]),
            mentor(10, "Lumen", &[GOUV, RECR], 1),
            mentor(11, "Lumen", &[GOUV], 1),
        ];
        let p = propose(&people, &MatchRules::default());
        assert_eq!(p.pairs, vec![pair(10, 2, 10), pair(11, 1, 10)]);
        assert_eq!(p.total_score(), 20);
        assert!(p.unmatched.is_empty());
    }

    #[test]
    fn more_mentees_than_places_and_more_places_than_mentees() {
        let many_mentees: Vec<Candidate> = (1..=5)
            .map(|k| mentee(k, "Canovia", &[GOUV]))
            .chain([mentor(10, "Lumen", &[GOUV], 2)])
            .collect();
        let p = propose(&many_mentees, &MatchRules::default());
        assert_eq!(p.pairs.len(), 2);
        assert_eq!(p.unmatched.len(), 3);
        let many_places: Vec<Candidate> = (10..=14)
            .map(|k| mentor(k, "Lumen", &[GOUV], 3))
            .chain([mentee(1, "Canovia", &[GOUV])])
            .collect();
        let p = propose(&many_places, &MatchRules::default());
        assert_eq!(p.pairs, vec![pair(10, 1, 10)]);
        assert!(p
            .unmatched
            .iter()
            .all(|u| u.reason == UnmatchedReason::NoMenteeLeft));
        assert_eq!(p.unmatched.len(), 4);
    }

    #[test]
    fn no_one_to_match_gives_an_empty_proposal() {
        assert_eq!(propose(&[], &MatchRules::default()), Proposal::default());
        let p = propose(&[mentee(1, "Canovia", &[GOUV])], &MatchRules::default());
        assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::NoMentorWithTheme));
    }

    fn ties() -> Vec<Candidate> {
        vec![
            mentee(5, "Canovia", &[GOUV]),
            mentor(12, "Lumen", &[GOUV, ESPA], 1),
            mentee(3, "Orvane", &[GOUV]),
            mentor(11, "Lumen", &[GOUV], 1),
            mentee(4, "Canovia", &[GOUV]),
            mentor(10, "Orvane", &[GOUV], 1),
        ]
    }

    #[test]
    fn the_same_candidates_in_any_order_give_the_same_proposal() {
        let rules = MatchRules::default();
        let first = propose(&ties(), &rules);
        assert_eq!(propose(&ties(), &rules), first);
        let mut reversed = ties();
        reversed.reverse();
        assert_eq!(propose(&reversed, &rules), first);
        let mut rotated = ties();
        rotated.rotate_left(3);
        assert_eq!(propose(&rotated, &rules), first);
        // Sorted by mentor then mentee.
        let keys: Vec<_> = first.pairs.iter().map(|p| (p.mentor, p.mentee)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert_eq!(first.total_score(), 30);
    }

    fn two_by_two() -> (Vec<Candidate>, MatchRules) {
        let people = vec![
            mentee(1, "Canovia", &[GOUV, RECR]),
            mentee(2, "Orvane", &[RECR]),
            mentor(10, "Lumen", &[GOUV, RECR], 1),
            mentor(11, "Lumen", &[RECR], 1),
            mentor(12, "Canovia", &[GOUV], 1),
            mentor(13, "Lumen", &[COMP], 1),
        ];
        (people, earlier(&[(11, 1)]))
    }

    #[test]
    fn assign_refuses_what_the_rules_forbid_and_changes_nothing() {
        let (people, rules) = two_by_two();
        let mut p = propose(&people, &rules);
        assert_eq!(p.pairs, vec![pair(10, 1, 13), pair(11, 2, 10)]);
        let before = p.clone();
        let cases = [
            (99, Some(10), MatchError::UnknownPerson(UserId(99))),
            (1, Some(99), MatchError::UnknownPerson(UserId(99))),
            (
                10,
                Some(11),
                MatchError::WrongRole {
                    user: UserId(10),
                    expected: ParticipantRole::Mentee,
                },
            ),
            (
                1,
                Some(2),
                MatchError::WrongRole {
                    user: UserId(2),
                    expected: ParticipantRole::Mentor,
                },
            ),
            (
                1,
                Some(12),
                MatchError::SameCompany {
                    mentor: UserId(12),
                    mentee: UserId(1),
                },
            ),
            (
                1,
                Some(11),
                MatchError::EarlierPair {
                    mentor: UserId(11),
                    mentee: UserId(1),
                },
            ),
            (
                2,
                Some(13),
                MatchError::NoSharedTheme {
                    mentor: UserId(13),
                    mentee: UserId(2),
                },
            ),
            (
                2,
                Some(10),
                MatchError::MentorFull {
                    mentor: UserId(10),
                    capacity: 1,
                },
            ),
        ];
        for (who, to, error) in cases {
            assert_eq!(
                p.assign(&people, &rules, UserId(who), to.map(UserId)),
                Err(error)
            );
            assert_eq!(p, before);
        }
        assert_eq!(
            p.assign(&people, &rules, UserId(99), None),
            Err(MatchError::UnknownPerson(UserId(99)))
        );
    }

    #[test]
    fn assign_moves_a_mentee_and_keeps_scores_and_unmatched_consistent() {
        let (people, rules) = two_by_two();
        let mut p = propose(&people, &rules);
        // Mentee 2 moves from mentor 11 to mentor 10 once mentee 1 has left mentor 10.
        p.assign(&people, &rules, UserId(1), None).unwrap();
        assert_eq!(p.pairs, vec![pair(11, 2, 10)]);
        assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::PartnerAvailable));
        assert_eq!(reason_of(&p, 10), Some(UnmatchedReason::PartnerAvailable));
        p.assign(&people, &rules, UserId(2), Some(UserId(10)))
            .unwrap();
        assert_eq!(p.pairs, vec![pair(10, 2, 10)]);
        // Mentor 11's last mentee left for another mentor; the other one who shares a theme
        // is an earlier pair.
        assert_eq!(reason_of(&p, 11), Some(UnmatchedReason::NoMenteeLeft));
        // Mentee 1, still free, could have no one but 10, now full.
        assert_eq!(reason_of(&p, 1), Some(UnmatchedReason::Capacity));
        assert!(p
            .pairs
            .iter()
            .all(|pp| reason_of(&p, pp.mentor.0).is_none()));
        assert_eq!(p.total_score(), 10);
        // Assigning to the mentor one already has changes nothing.
        let same = p.clone();
        p.assign(&people, &rules, UserId(2), Some(UserId(10)))
            .unwrap();
        assert_eq!(p, same);
        // Every candidate is still accounted for exactly once.
        assert_eq!(coverage_errors(&people, &p), Vec::<String>::new());
    }

    // ---- property tests ----

    const THEMES: [&str; 4] = [GOUV, RECR, COMP, ESPA];
    /// Three companies, each in two spellings.
    const COMPANIES: [[&str; 2]; 3] = [
        ["Canovia", " canovia "],
        ["Guyon Villemagne", "guyon-villemagne"],
        ["Lumen", "LUMEN"],
    ];

    #[derive(Debug, Clone)]
    struct Case {
        people: Vec<Candidate>,
        rules: MatchRules,
    }

    fn case() -> impl Strategy<Value = Case> {
        let someone = || {
            (
                0..3usize,
                any::<bool>(),
                prop::collection::vec(0..4usize, 0..=3),
                1..=3u8,
            )
        };
        (
            prop::collection::vec(someone(), 0..=7),
            prop::collection::vec(someone(), 0..=7),
            prop::collection::vec((0..7usize, 0..7usize, any::<bool>()), 0..=5),
            (0..=12u32, 0..=4u32),
            Just((0..14u64).collect::<Vec<_>>()).prop_shuffle(),
        )
            .prop_map(|(mentors, mentees, earlier, (main, other), ids)| {
                let make =
                    |role, (company, spelling, themes, cap): (usize, bool, Vec<usize>, u8), id| {
                        Candidate {
                            user: UserId(id),
                            role,
                            company: CompanyName::parse(COMPANIES[company][usize::from(spelling)])
                                .unwrap(),
                            themes: ThemeSet::from_items(themes.into_iter().map(|t| THEMES[t]))
                                .unwrap(),
                            capacity: cap,
                        }
                    };
                let (n_mentors, n_mentees) = (mentors.len(), mentees.len());
                let mut people: Vec<Candidate> = mentors
                    .into_iter()
                    .enumerate()
                    .map(|(i, m)| make(ParticipantRole::Mentor, m, ids[i]))
                    .collect();
                people.extend(
                    mentees
                        .into_iter()
                        .enumerate()
                        .map(|(j, m)| make(ParticipantRole::Mentee, m, ids[7 + j])),
                );
                let earlier_pairs = earlier
                    .into_iter()
                    .filter(|&(i, j, _)| i < n_mentors && j < n_mentees)
                    .map(|(i, j, flipped)| {
                        let (a, b) = (UserId(ids[i]), UserId(ids[7 + j]));
                        if flipped {
                            (b, a)
                        } else {
                            (a, b)
                        }
                    })
                    .collect();
                Case {
                    people,
                    rules: MatchRules {
                        weights: MatchWeights {
                            main_theme: main,
                            other_theme: other,
                        },
                        earlier_pairs,
                    },
                }
            })
    }

    /// The score by the definition, independently of the module's interning.
    fn naive_score(rules: &MatchRules, mentor: &Candidate, mentee: &Candidate) -> u32 {
        let has = |t: &str| {
            mentor
                .themes
                .iter()
                .any(|m| m.as_str().to_lowercase() == t.to_lowercase())
        };
        mentee
            .themes
            .iter()
            .enumerate()
            .filter(|(_, t)| has(t.as_str()))
            .map(|(k, _)| {
                if k == 0 {
                    rules.weights.main_theme
                } else {
                    rules.weights.other_theme
                }
            })
            .sum()
    }

    /// The score of the pair if every hard rule allows it.
    fn naive_allowed(rules: &MatchRules, mentor: &Candidate, mentee: &Candidate) -> Option<u32> {
        let score = naive_score(rules, mentor, mentee);
        let earlier = rules.earlier_pairs.contains(&(mentor.user, mentee.user))
            || rules.earlier_pairs.contains(&(mentee.user, mentor.user));
        (score > 0 && !mentor.company.same_company(&mentee.company) && !earlier).then_some(score)
    }

    /// The best total by trying every assignment: each mentee unmatched or with any allowed
    /// mentor who still has a place.
    fn brute_force(case: &Case) -> u32 {
        let mentors: Vec<&Candidate> = case
            .people
            .iter()
            .filter(|c| c.role == ParticipantRole::Mentor)
            .collect();
        let mentees: Vec<&Candidate> = case
            .people
            .iter()
            .filter(|c| c.role == ParticipantRole::Mentee)
            .collect();
        let allowed: Vec<Vec<Option<u32>>> = mentees
            .iter()
            .map(|e| {
                mentors
                    .iter()
                    .map(|m| naive_allowed(&case.rules, m, e))
                    .collect()
            })
            .collect();
        fn best(j: usize, allowed: &[Vec<Option<u32>>], left: &mut [u8]) -> u32 {
            if j == allowed.len() {
                return 0;
            }
            let mut top = best(j + 1, allowed, left);
            for (i, score) in allowed[j].iter().enumerate() {
                if let (Some(score), true) = (score, left[i] > 0) {
                    left[i] -= 1;
                    top = top.max(score + best(j + 1, allowed, left));
                    left[i] += 1;
                }
            }
            top
        }
        let mut left: Vec<u8> = mentors.iter().map(|m| m.capacity).collect();
        best(0, &allowed, &mut left)
    }

    /// Every hard rule a proposal breaks, as text for the failure message.
    fn rule_errors(people: &[Candidate], rules: &MatchRules, p: &Proposal) -> Vec<String> {
        let find = |u: UserId, role| people.iter().find(|c| c.user == u && c.role == role);
        let mut errors = Vec::new();
        for pp in &p.pairs {
            let (Some(m), Some(e)) = (
                find(pp.mentor, ParticipantRole::Mentor),
                find(pp.mentee, ParticipantRole::Mentee),
            ) else {
                errors.push(format!("{pp:?}: not a mentor and a mentee"));
                continue;
            };
            match naive_allowed(rules, m, e) {
                None => errors.push(format!("{pp:?}: pair not allowed")),
                Some(s) if s != pp.score => errors.push(format!("{pp:?}: score should be {s}")),
                Some(_) => {}
            }
            let load = p.pairs.iter().filter(|q| q.mentor == pp.mentor).count();
            if load > usize::from(m.capacity) {
                errors.push(format!("{pp:?}: mentor over capacity"));
            }
            if p.pairs.iter().filter(|q| q.mentee == pp.mentee).count() > 1 {
                errors.push(format!("{pp:?}: mentee paired twice"));
            }
        }
        errors
    }

    /// Everyone is in a pair or unmatched, never both, never twice.
    fn coverage_errors(people: &[Candidate], p: &Proposal) -> Vec<String> {
        let mut errors = Vec::new();
        for c in people {
            let in_pairs = p
                .pairs
                .iter()
                .filter(|q| match c.role {
                    ParticipantRole::Mentor => q.mentor == c.user,
                    ParticipantRole::Mentee => q.mentee == c.user,
                })
                .count();
            let in_unmatched = p
                .unmatched
                .iter()
                .filter(|u| u.user == c.user && u.role == c.role)
                .count();
            let once = match c.role {
                ParticipantRole::Mentee => in_pairs + in_unmatched == 1,
                ParticipantRole::Mentor => {
                    (in_pairs > 0 && in_unmatched == 0) || (in_pairs == 0 && in_unmatched == 1)
                }
            };
            if !once {
                errors.push(format!(
                    "{:?} {:?}: {in_pairs} pair(s), {in_unmatched} unmatched entries",
                    c.role, c.user
                ));
            }
        }
        for u in &p.unmatched {
            if !people.iter().any(|c| c.user == u.user && c.role == u.role) {
                errors.push(format!("{u:?}: not a candidate"));
            }
        }
        errors
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn the_proposal_is_optimal(case in case()) {
            let p = propose(&case.people, &case.rules);
            prop_assert_eq!(p.total_score(), u64::from(brute_force(&case)));
            // And it does not depend on the order of the candidates.
            let mut reversed = case.people.clone();
            reversed.reverse();
            prop_assert_eq!(propose(&reversed, &case.rules), p);
        }

        #[test]
        fn no_hard_rule_is_ever_broken(case in case()) {
            let p = propose(&case.people, &case.rules);
            prop_assert_eq!(rule_errors(&case.people, &case.rules, &p), Vec::<String>::new());
            // A fresh proposal never leaves two free people who could be paired.
            prop_assert!(p.unmatched.iter().all(|u| u.reason != UnmatchedReason::PartnerAvailable));
        }

        #[test]
        fn everyone_appears_once_in_a_pair_or_unmatched(case in case()) {
            let p = propose(&case.people, &case.rules);
            prop_assert_eq!(coverage_errors(&case.people, &p), Vec::<String>::new());
        }

        #[test]
        fn adjustments_by_hand_keep_the_proposal_consistent(
            case in case(),
            moves in prop::collection::vec((0..14u64, prop::option::of(0..14u64)), 1..8),
        ) {
            let mut p = propose(&case.people, &case.rules);
            for (mentee, mentor) in moves {
                let before = p.clone();
                match p.assign(&case.people, &case.rules, UserId(mentee), mentor.map(UserId)) {
                    Ok(()) => {
                        let now = p.pairs.iter().find(|q| q.mentee == UserId(mentee));
                        prop_assert_eq!(now.map(|q| q.mentor), mentor.map(UserId));
                    }
                    Err(_) => prop_assert_eq!(&p, &before),
                }
                prop_assert_eq!(rule_errors(&case.people, &case.rules, &p), Vec::<String>::new());
                prop_assert_eq!(coverage_errors(&case.people, &p), Vec::<String>::new());
            }
        }
    }
}
