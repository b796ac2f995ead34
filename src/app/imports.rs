//! `/participant import`: enrols everyone a file lists, all or nobody. The file is read by
//! `crate::import` (no store, no Discord); here every row is checked against the programme
//! (its themes, who is already enrolled) and the server's members, and only a file without
//! a single problem is written, in one transaction.

use super::{Actor, App, AppResult, UserError};
use crate::domain::participant::{check_capacity, NewParticipant, ParticipantRole};
use crate::domain::programme::ThemeSet;
use crate::domain::{Locale, UserId};
use crate::import::{CandidateRow, ImportProblem, RowError};
use std::collections::{HashMap, HashSet};

/// What an accepted file enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportReport {
    pub mentors: usize,
    pub mentees: usize,
}

impl ImportReport {
    pub fn total(&self) -> usize {
        self.mentors + self.mentees
    }
}

impl App {
    /// Whether the actor may import a file now (a coordinator, a programme running): checked
    /// before the file is downloaded and the server's members listed.
    pub async fn may_import(&self, actor: &Actor) -> AppResult<()> {
        self.require_coordinator(actor).await?;
        self.active_programme(actor.guild).await?;
        Ok(())
    }

    /// Checks every row, then enrols them all in one transaction; any problem on any row
    /// refuses the whole file (`UserError::Import`, every problem with its line) and writes
    /// nothing. `members`: the server's members, as Discord lists them.
    pub async fn import_participants(
        &self,
        actor: &Actor,
        rows: Vec<CandidateRow>,
        members: &HashSet<UserId>,
    ) -> AppResult<ImportReport> {
        self.require_coordinator(actor).await?;
        let programme = self.active_programme(actor.guild).await?;
        if rows.is_empty() {
            return Err(UserError::Import(vec![RowError {
                row: 0,
                problem: ImportProblem::Empty,
            }])
            .into());
        }
        let enrolled: HashSet<UserId> = self
            .store
            .participants(programme.id)
            .await?
            .iter()
            .map(|p| p.user_id)
            .collect();
        let now = self.clock.now();
        let mut errors = Vec::new();
        let mut first_row: HashMap<UserId, usize> = HashMap::new();
        let mut new = Vec::with_capacity(rows.len());
        for row in rows {
            let mut problems = Vec::new();
            if let Some(first) = first_row.get(&row.user) {
                problems.push(ImportProblem::TwiceInFile {
                    user: row.user,
                    first_row: *first,
                });
            } else {
                first_row.insert(row.user, row.row);
            }
            if !members.contains(&row.user) {
                problems.push(ImportProblem::NotAMember(row.user));
            }
            if enrolled.contains(&row.user) {
                problems.push(ImportProblem::AlreadyEnrolled(row.user));
            }
            let mut themes = Vec::new();
            for theme in row.themes.iter() {
                let one = ThemeSet::from_items([theme.as_str()])?;
                match programme.themes.select(&one) {
                    Ok(ours) => themes.extend(ours.names()),
                    Err(_) => problems.push(ImportProblem::UnknownTheme(theme.as_str().into())),
                }
            }
            if check_capacity(row.role, row.capacity).is_err() {
                problems.push(match row.role {
                    ParticipantRole::Mentee => ImportProblem::MenteeCapacity,
                    ParticipantRole::Mentor => ImportProblem::BadCapacity(row.capacity.to_string()),
                });
            }
            if !problems.is_empty() {
                errors.extend(problems.into_iter().map(|problem| RowError {
                    row: row.row,
                    problem,
                }));
                continue;
            }
            new.push(NewParticipant {
                programme_id: programme.id,
                user_id: row.user,
                role: row.role,
                company: row.company,
                themes: ThemeSet::from_items(themes.iter().map(String::as_str))?,
                capacity: row.capacity,
                locale: Locale::Fr,
                enrolled_at: now,
            });
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            tracing::info!(programme = %programme.id, errors = errors.len(), "import refused");
            return Err(UserError::Import(errors).into());
        }
        let count = |role| new.iter().filter(|p| p.role == role).count();
        let report = ImportReport {
            mentors: count(ParticipantRole::Mentor),
            mentees: count(ParticipantRole::Mentee),
        };
        self.store.enrol_many(&new).await?;
        tracing::info!(programme = %programme.id, mentors = report.mentors, mentees = report.mentees, "participants imported");
        Ok(report)
    }
}
