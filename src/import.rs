//! Files the coordinator brings in: the CSV of participants that `/participant import` reads.
//! Pure (no Discord, no store): bytes in, candidate rows or every problem found, each with
//! the line it is on. Whether a person is a member of the server, already enrolled, or
//! chose a theme of the programme is checked by the use case (`app::imports`).
//!
//! The file: UTF-8 with or without a BOM, fields separated by `;` or `,` (whichever the
//! header line uses most), a header line naming the columns in French or English, any case:
//!
//! | column | also | value |
//! |---|---|---|
//! | `discord_id` | `identifiant discord`, `id discord` | the person's Discord user id |
//! | `role` | `rôle` | `mentor` or `mentee` (`mentoré`, `mentoré·e`, `mentoree`) |
//! | `company` | `entreprise`, `structure` | their employer |
//! | `themes` | `thèmes` | the programme's themes, separated by `\|` |
//! | `capacity` | `capacité` | mentors: 1 to 3 mentees (empty: 1); mentees: 1 (optional column) |

use crate::domain::participant::{check_capacity, CompanyName, ParticipantRole};
use crate::domain::programme::ThemeSet;
use crate::domain::{Invalid, UserId};
use std::collections::HashMap;

/// The largest file read, in bytes.
pub const MAX_BYTES: usize = 1024 * 1024;
/// The most people one file may enrol.
pub const MAX_ROWS: usize = 5_000;
/// The separator between themes in the `themes` cell.
pub const THEME_SEPARATOR: char = '|';

/// One person the file asks to enrol, read and checked on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRow {
    /// Line number in the file, the header being line 1.
    pub row: usize,
    pub user: UserId,
    pub role: ParticipantRole,
    pub company: CompanyName,
    pub themes: ThemeSet,
    pub capacity: u8,
}

/// A problem, and the line it is on (0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: usize,
    pub problem: ImportProblem,
}

/// A column of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    DiscordId,
    Role,
    Company,
    Themes,
    Capacity,
}

impl Column {
    /// The English name, as the README and the example file spell it.
    pub fn name(self) -> &'static str {
        match self {
            Column::DiscordId => "discord_id",
            Column::Role => "role",
            Column::Company => "company",
            Column::Themes => "themes",
            Column::Capacity => "capacity",
        }
    }

    const REQUIRED: [Column; 4] = [
        Column::DiscordId,
        Column::Role,
        Column::Company,
        Column::Themes,
    ];

    fn from_header(cell: &str) -> Option<Self> {
        match fold(cell).replace(['_', '-'], " ").trim() {
            "discord id" | "identifiant discord" | "id discord" | "discord" => {
                Some(Column::DiscordId)
            }
            "role" => Some(Column::Role),
            "company" | "entreprise" | "structure" => Some(Column::Company),
            "themes" | "theme" => Some(Column::Themes),
            "capacity" | "capacite" => Some(Column::Capacity),
            _ => None,
        }
    }
}

/// Why a row, or the file, cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportProblem {
    /// The file is larger than [`MAX_BYTES`].
    TooLarge {
        max_bytes: usize,
    },
    /// More than [`MAX_ROWS`] people.
    TooManyRows {
        max: usize,
    },
    NotUtf8,
    /// No header, or a header and no one.
    Empty,
    /// A line the CSV reader could not read (an unclosed quote).
    Unreadable,
    MissingColumn(Column),
    /// The same column twice in the header.
    DuplicateColumn(Column),
    BadUserId(String),
    BadRole(String),
    BadCapacity(String),
    /// A mentee's capacity is 1.
    MenteeCapacity,
    EmptyCompany,
    /// A cell longer than the domain allows (`what`: company, theme).
    TooLong {
        what: &'static str,
        max: usize,
    },
    NoTheme,
    TooManyThemes {
        max: usize,
    },
    UnknownTheme(String),
    NotAMember(UserId),
    AlreadyEnrolled(UserId),
    TwiceInFile {
        user: UserId,
        first_row: usize,
    },
}

/// Reads every row of the file, or says everything that is wrong with it.
pub fn read_candidates(bytes: &[u8]) -> Result<Vec<CandidateRow>, Vec<RowError>> {
    let whole = |problem| vec![RowError { row: 0, problem }];
    if bytes.len() > MAX_BYTES {
        return Err(whole(ImportProblem::TooLarge {
            max_bytes: MAX_BYTES,
        }));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(whole(ImportProblem::NotUtf8));
    };
    let Some(header_line) = text.lines().find(|l| !l.trim().is_empty()) else {
        return Err(whole(ImportProblem::Empty));
    };
    let separator = separator_of(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());

    let mut errors = Vec::new();
    let mut records = reader.records();
    let header = loop {
        match records.next() {
            None => return Err(whole(ImportProblem::Empty)),
            Some(Err(_)) => return Err(whole(ImportProblem::Unreadable)),
            Some(Ok(r)) if r.iter().all(|c| c.trim().is_empty()) => continue,
            Some(Ok(r)) => break r,
        }
    };
    let header_row = line_of(text, &header);
    let mut columns: HashMap<Column, usize> = HashMap::new();
    for (i, cell) in header.iter().enumerate() {
        if let Some(c) = Column::from_header(cell) {
            if columns.insert(c, i).is_some() {
                errors.push(RowError {
                    row: header_row,
                    problem: ImportProblem::DuplicateColumn(c),
                });
            }
        }
    }
    for c in Column::REQUIRED {
        if !columns.contains_key(&c) {
            errors.push(RowError {
                row: header_row,
                problem: ImportProblem::MissingColumn(c),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut rows = Vec::new();
    let mut first_row_of: HashMap<UserId, usize> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(0, |p| line_at(text, p.byte()));
                errors.push(RowError {
                    row,
                    problem: ImportProblem::Unreadable,
                });
                break;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if rows.len() + errors.len() >= MAX_ROWS {
            return Err(whole(ImportProblem::TooManyRows { max: MAX_ROWS }));
        }
        let row = line_of(text, &record);
        let cell = |c: Column| {
            columns
                .get(&c)
                .and_then(|i| record.get(*i))
                .unwrap_or("")
                .trim()
        };
        match read_row(row, cell) {
            Ok(candidate) => match first_row_of.get(&candidate.user) {
                Some(first) => errors.push(RowError {
                    row,
                    problem: ImportProblem::TwiceInFile {
                        user: candidate.user,
                        first_row: *first,
                    },
                }),
                None => {
                    first_row_of.insert(candidate.user, row);
                    rows.push(candidate);
                }
            },
            Err(mut problems) => {
                // Someone named on a bad row still counts for "twice in the file".
                if let Ok(user) = parse_user(cell(Column::DiscordId)) {
                    first_row_of.entry(user).or_insert(row);
                }
                errors.append(&mut problems);
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(errors);
    }
    if rows.is_empty() {
        return Err(whole(ImportProblem::Empty));
    }
    Ok(rows)
}

/// One data row: every problem of the row, not only the first.
fn read_row<'a>(
    row: usize,
    cell: impl Fn(Column) -> &'a str,
) -> Result<CandidateRow, Vec<RowError>> {
    let mut problems = Vec::new();
    let user = parse_user(cell(Column::DiscordId))
        .map_err(|p| problems.push(p))
        .ok();
    let role = parse_role(cell(Column::Role))
        .map_err(|p| problems.push(p))
        .ok();
    let company = CompanyName::parse(cell(Column::Company))
        .map_err(|e| problems.push(from_invalid(e)))
        .ok();
    let items: Vec<&str> = cell(Column::Themes)
        .split(THEME_SEPARATOR)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    let themes = match ThemeSet::from_items(items) {
        Ok(t) if t.is_empty() => {
            problems.push(ImportProblem::NoTheme);
            None
        }
        Ok(t) => Some(t),
        Err(e) => {
            problems.push(from_invalid(e));
            None
        }
    };
    let capacity = parse_capacity(cell(Column::Capacity), role)
        .map_err(|p| problems.push(p))
        .ok();
    match (user, role, company, themes, capacity) {
        (Some(user), Some(role), Some(company), Some(themes), Some(capacity))
            if problems.is_empty() =>
        {
            Ok(CandidateRow {
                row,
                user,
                role,
                company,
                themes,
                capacity,
            })
        }
        _ => Err(problems
            .into_iter()
            .map(|problem| RowError { row, problem })
            .collect()),
    }
}

/// A user id: its digits, or a mention `<@…>` as Discord copies it.
fn parse_user(cell: &str) -> Result<UserId, ImportProblem> {
    let digits = cell
        .strip_prefix("<@")
        .and_then(|s| s.strip_suffix('>'))
        .map(|s| s.trim_start_matches('!'))
        .unwrap_or(cell);
    match digits.parse::<u64>() {
        Ok(id) if id > 0 && digits.bytes().all(|b| b.is_ascii_digit()) => Ok(UserId(id)),
        _ => Err(ImportProblem::BadUserId(shorten(cell))),
    }
}

fn parse_role(cell: &str) -> Result<ParticipantRole, ImportProblem> {
    let folded: String = fold(cell).chars().filter(|c| c.is_alphanumeric()).collect();
    match folded.as_str() {
        "mentor" => Ok(ParticipantRole::Mentor),
        "mentee" | "mentore" | "mentoree" => Ok(ParticipantRole::Mentee),
        _ => Err(ImportProblem::BadRole(shorten(cell))),
    }
}

/// An empty cell (or no column) is 1; otherwise checked against the role when it is known.
fn parse_capacity(cell: &str, role: Option<ParticipantRole>) -> Result<u8, ImportProblem> {
    if cell.is_empty() {
        return Ok(1);
    }
    let n: u8 = cell
        .parse()
        .map_err(|_| ImportProblem::BadCapacity(shorten(cell)))?;
    match role {
        Some(role) => check_capacity(role, n).map_err(|e| match e {
            Invalid::MenteeCapacity => ImportProblem::MenteeCapacity,
            _ => ImportProblem::BadCapacity(shorten(cell)),
        }),
        None if (1..=crate::domain::participant::MAX_CAPACITY).contains(&n) => Ok(n),
        None => Err(ImportProblem::BadCapacity(shorten(cell))),
    }
}

fn from_invalid(e: Invalid) -> ImportProblem {
    match e {
        Invalid::EmptyCompany => ImportProblem::EmptyCompany,
        Invalid::NoTheme => ImportProblem::NoTheme,
        Invalid::TooManyThemes { max } => ImportProblem::TooManyThemes { max },
        Invalid::TooLong { what, max } => ImportProblem::TooLong { what, max },
        Invalid::UnknownTheme { theme, .. } => ImportProblem::UnknownTheme(theme),
        // The parsers above return nothing else.
        _ => ImportProblem::Unreadable,
    }
}

/// `;` when the header line has more of them than commas, `,` otherwise.
fn separator_of(header: &str) -> u8 {
    let count = |c| header.chars().filter(|x| *x == c).count();
    if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// The line a record starts on, counted from its byte offset (the reader's own line count
/// skips blank lines).
fn line_of(text: &str, record: &csv::StringRecord) -> usize {
    record.position().map_or(0, |p| line_at(text, p.byte()))
}

fn line_at(text: &str, byte: u64) -> usize {
    // The reader may start a record before the line ends it skipped.
    let bytes = text.as_bytes();
    let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
    while end < bytes.len() && matches!(bytes[end], b'\r' | b'\n') {
        end += 1;
    }
    1 + bytes[..end].iter().filter(|b| **b == b'\n').count()
}

/// Lowercase without French accents, to compare headers and roles.
fn fold(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// A cell quoted back in a message, cut short.
fn shorten(cell: &str) -> String {
    const MAX: usize = 40;
    if cell.chars().count() <= MAX {
        cell.to_owned()
    } else {
        format!("{}…", cell.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "discord_id,role,company,themes,capacity\n";

    fn problems(bytes: &[u8]) -> Vec<(usize, ImportProblem)> {
        read_candidates(bytes)
            .expect_err("refused")
            .into_iter()
            .map(|e| (e.row, e.problem))
            .collect()
    }

    #[test]
    fn a_comma_file_is_read_with_line_numbers_counting_the_header() {
        let file = format!(
            "{HEADER}1001,mentor,EQIOM,Gouvernance|Recrutement et intégration,3\n1002,mentee,Canovia,Gouvernance,\n"
        );
        let rows = read_candidates(file.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].row, 2);
        assert_eq!(rows[0].user, UserId(1001));
        assert_eq!(rows[0].role, ParticipantRole::Mentor);
        assert_eq!(rows[0].company.as_str(), "EQIOM");
        assert_eq!(
            rows[0].themes.names(),
            vec!["Gouvernance", "Recrutement et intégration"]
        );
        assert_eq!(rows[0].capacity, 3);
        assert_eq!(rows[1].row, 3);
        assert_eq!(rows[1].role, ParticipantRole::Mentee);
        assert_eq!(rows[1].capacity, 1);
    }

    #[test]
    fn a_semicolon_file_with_a_bom_french_headers_and_quoted_fields_is_read() {
        let file = "\u{FEFF}Identifiant Discord;Rôle;Entreprise;Thèmes;Capacité\r\n\
                    1001;Mentor;\"Guyon; Villemagne\";\"Gouvernance | Management et conduite du changement\";2\r\n\
                    1002;mentoré·e;\"Société \"\"Canovia\"\"\";Gouvernance;1\r\n\
                    1003;mentoree;A;Gouvernance;\r\n\
                    1004;Mentoré;B;Gouvernance;\r\n";
        let rows = read_candidates(file.as_bytes()).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].company.as_str(), "Guyon; Villemagne");
        assert_eq!(rows[0].themes.names().len(), 2);
        assert_eq!(rows[0].capacity, 2);
        assert_eq!(rows[1].company.as_str(), "Société \"Canovia\"");
        assert!(rows[1..].iter().all(|r| r.role == ParticipantRole::Mentee));
        assert_eq!(
            rows.iter().map(|r| r.row).collect::<Vec<_>>(),
            vec![2, 3, 4, 5]
        );
    }

    #[test]
    fn the_capacity_column_is_optional_and_blank_lines_are_skipped() {
        let file = "discord_id,role,company,themes\n\n1001,mentor,A,Gouvernance\n\n1002,mentee,B,Gouvernance\n";
        let rows = read_candidates(file.as_bytes()).unwrap();
        assert_eq!(rows.iter().map(|r| r.row).collect::<Vec<_>>(), vec![3, 5]);
        assert!(rows.iter().all(|r| r.capacity == 1));
    }

    #[test]
    fn a_quoted_field_over_two_lines_keeps_the_next_rows_line_numbers() {
        let file = format!("{HEADER}1001,mentor,\"A\nB\",Gouvernance,1\n1002,mentee,C,Cuisine,x\n");
        assert_eq!(
            problems(file.as_bytes()),
            vec![(4, ImportProblem::BadCapacity("x".into()))]
        );
    }

    #[test]
    fn every_problem_of_every_row_is_reported_with_its_line() {
        let file = format!(
            "{HEADER}\
             abc,mentor,A,Gouvernance,1\n\
             1002,boss,B,Gouvernance,1\n\
             1003,mentor,,Gouvernance,1\n\
             1004,mentor,D,,1\n\
             1005,mentor,E,Gouvernance,4\n\
             1006,mentee,F,Gouvernance,2\n\
             1007,mentor,G,Gouvernance,deux\n\
             1003,mentee,H,Gouvernance,\n\
             0,chef,,,9\n"
        );
        assert_eq!(
            problems(file.as_bytes()),
            vec![
                (2, ImportProblem::BadUserId("abc".into())),
                (3, ImportProblem::BadRole("boss".into())),
                (4, ImportProblem::EmptyCompany),
                (5, ImportProblem::NoTheme),
                (6, ImportProblem::BadCapacity("4".into())),
                (7, ImportProblem::MenteeCapacity),
                (8, ImportProblem::BadCapacity("deux".into())),
                (
                    9,
                    ImportProblem::TwiceInFile {
                        user: UserId(1003),
                        first_row: 4
                    }
                ),
                (10, ImportProblem::BadUserId("0".into())),
                (10, ImportProblem::BadRole("chef".into())),
                (10, ImportProblem::EmptyCompany),
                (10, ImportProblem::NoTheme),
                (10, ImportProblem::BadCapacity("9".into())),
            ]
        );
    }

    #[test]
    fn missing_columns_are_all_named() {
        assert_eq!(
            problems(b"nom;role;entreprise\n1001;mentor;A\n"),
            vec![
                (1, ImportProblem::MissingColumn(Column::DiscordId)),
                (1, ImportProblem::MissingColumn(Column::Themes)),
            ]
        );
    }

    #[test]
    fn files_that_are_not_text_empty_or_too_big_are_refused_as_a_whole() {
        assert_eq!(
            problems(b"discord_id,role\n\xff\xfe,mentor\n"),
            vec![(0, ImportProblem::NotUtf8)]
        );
        assert_eq!(problems(b""), vec![(0, ImportProblem::Empty)]);
        assert_eq!(
            problems(b"\xEF\xBB\xBF\n\n"),
            vec![(0, ImportProblem::Empty)]
        );
        assert_eq!(problems(HEADER.as_bytes()), vec![(0, ImportProblem::Empty)]);
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(
            problems(&big),
            vec![(
                0,
                ImportProblem::TooLarge {
                    max_bytes: MAX_BYTES
                }
            )]
        );
        let mut many = String::from(HEADER);
        for i in 0..=MAX_ROWS {
            many.push_str(&format!("{},mentee,A,G,\n", i + 1));
        }
        assert_eq!(
            problems(many.as_bytes()),
            vec![(0, ImportProblem::TooManyRows { max: MAX_ROWS })]
        );
    }

    #[test]
    fn mentions_are_accepted_as_ids() {
        let file = format!("{HEADER}<@1001>,mentor,A,G,\n<@!1002>,mentee,B,G,\n");
        let rows = read_candidates(file.as_bytes()).unwrap();
        assert_eq!(rows[0].user, UserId(1001));
        assert_eq!(rows[1].user, UserId(1002));
    }
}
