//! The attendance CSV, made to open correctly in a French Excel: UTF-8 with a byte-order mark,
//! `;` between fields, dates as dd/mm/yyyy, quoting as RFC 4180 says. Separator and date
//! format come from the configuration.

use crate::domain::attendance::{AttendanceView, Month};
use crate::domain::pair::PairStatus;
use crate::domain::participant::ParticipantRole;
use crate::domain::UserId;
use chrono::format::{Item, StrftimeItems};
use chrono_tz::Tz;

/// Excel reads a file as UTF-8 only when it starts with this mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error(
        "the CSV separator must be one character other than a quote or a line break, not {0:?}"
    )]
    BadSeparator(String),
    #[error("the CSV date format {0:?} is not a valid strftime format (e.g. \"%d/%m/%Y\")")]
    BadDateFormat(String),
}

/// How fields and dates are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFormat {
    separator: u8,
    date_format: String,
}

impl CsvFormat {
    pub fn new(separator: &str, date_format: &str) -> Result<Self, FormatError> {
        let sep = match separator.as_bytes() {
            [b] if b.is_ascii() && !matches!(b, b'"' | b'\r' | b'\n') => *b,
            _ => return Err(FormatError::BadSeparator(separator.to_string())),
        };
        // Parsing is not enough: `%H` parses but cannot format a date without a time, and
        // chrono's `to_string` would then panic. Format a sample date to be sure.
        let sample = chrono::NaiveDate::from_ymd_opt(2027, 3, 12).unwrap_or_default();
        let valid = !date_format.is_empty()
            && StrftimeItems::new(date_format).all(|i| !matches!(i, Item::Error))
            && {
                use std::fmt::Write as _;
                let mut out = String::new();
                write!(out, "{}", sample.format(date_format)).is_ok()
            };
        if !valid {
            return Err(FormatError::BadDateFormat(date_format.to_string()));
        }
        Ok(Self {
            separator: sep,
            date_format: date_format.to_string(),
        })
    }

    pub fn separator(&self) -> u8 {
        self.separator
    }

    pub fn date_format(&self) -> &str {
        &self.date_format
    }
}

/// A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` as a formula; names come from
/// Discord, so such a cell is prefixed with `'` to keep it text.
fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

impl Default for CsvFormat {
    fn default() -> Self {
        Self {
            separator: b';',
            date_format: "%d/%m/%Y".into(),
        }
    }
}

/// The words of the file, in the reader's language.
pub struct CsvLabels<'a> {
    /// Pair, status, mentor, mentees, charter signed, objective set, last meeting.
    pub headers: [String; 7],
    pub month: &'a dyn Fn(Month) -> String,
    pub status: &'a dyn Fn(PairStatus) -> String,
    pub yes: String,
    pub no: String,
    /// For what binome does not track (yet).
    pub unknown: String,
}

/// Writes the attendance grid: one row per pair, one column per month (empty for months that
/// have not started). `name` gives how a person is shown (a display name or their id).
pub fn attendance_csv(
    view: &AttendanceView,
    tz: Tz,
    format: &CsvFormat,
    labels: &CsvLabels<'_>,
    name: &dyn Fn(UserId) -> String,
) -> Result<Vec<u8>, ::csv::Error> {
    let mut out = UTF8_BOM.to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(format.separator)
            .terminator(::csv::Terminator::CRLF)
            .quote_style(::csv::QuoteStyle::Necessary)
            .from_writer(&mut out);
        let mut header: Vec<String> = labels.headers.to_vec();
        header.extend(view.months.iter().map(|m| (labels.month)(*m)));
        w.write_record(&header)?;
        for row in &view.pairs {
            let who = |role: ParticipantRole| {
                row.members
                    .iter()
                    .filter(|m| m.role == role)
                    .map(|m| name(m.user_id))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let yes_no = |b: bool| if b { &labels.yes } else { &labels.no }.clone();
            let mut record = vec![
                row.pair_id.0.to_string(),
                (labels.status)(row.status),
                who(ParticipantRole::Mentor),
                who(ParticipantRole::Mentee),
                yes_no(row.charter_signed),
                row.objective_set
                    .map_or_else(|| labels.unknown.clone(), yes_no),
                row.last_held
                    .map(|at| {
                        at.with_timezone(&tz)
                            .date_naive()
                            .format(&format.date_format)
                            .to_string()
                    })
                    .unwrap_or_default(),
            ];
            record.extend(row.held_per_month.iter().enumerate().map(|(i, n)| {
                if i < view.elapsed {
                    n.to_string()
                } else {
                    String::new()
                }
            }));
            w.write_record(record.iter().map(|cell| defuse(cell).into_owned()))?;
        }
        w.flush()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::attendance::{AttendanceView, MemberRef, PairAttendance};
    use crate::domain::PairId;
    use chrono::{TimeZone, Utc};

    fn view() -> AttendanceView {
        let member = |u, role| MemberRef {
            user_id: UserId(u),
            role,
        };
        AttendanceView {
            months: vec![
                Month {
                    year: 2027,
                    month: 1,
                },
                Month {
                    year: 2027,
                    month: 2,
                },
            ],
            elapsed: 1,
            pairs: vec![PairAttendance {
                pair_id: PairId(7),
                members: vec![
                    member(1, ParticipantRole::Mentor),
                    member(2, ParticipantRole::Mentee),
                    member(3, ParticipantRole::Mentee),
                ],
                held_per_month: vec![2, 0],
                // 31 January 23:30 UTC is 1 February in Paris.
                last_held: Some(Utc.with_ymd_and_hms(2027, 1, 31, 23, 30, 0).unwrap()),
                status: PairStatus::AtRisk,
                charter_signed: true,
                objective_set: None,
            }],
            met_share: Vec::new(),
            participants: Vec::new(),
            sessions: Vec::new(),
        }
    }

    fn write(format: &CsvFormat, names: &[(u64, &str)]) -> Vec<u8> {
        let month = |m: Month| format!("{}/{}", m.month, m.year);
        let status = |s: PairStatus| s.as_str().to_string();
        let labels = CsvLabels {
            headers: [
                "pair",
                "status",
                "mentor",
                "mentees",
                "charter",
                "objective",
                "last",
            ]
            .map(String::from),
            month: &month,
            status: &status,
            yes: "oui".into(),
            no: "non".into(),
            unknown: "—".into(),
        };
        let name = |u: UserId| {
            names
                .iter()
                .find(|(id, _)| *id == u.0)
                .map(|(_, n)| n.to_string())
                .unwrap_or_default()
        };
        attendance_csv(&view(), chrono_tz::Europe::Paris, format, &labels, &name).unwrap()
    }

    #[test]
    fn fields_with_the_separator_quotes_or_line_breaks_are_quoted_and_parse_back() {
        let names = [
            (1, "Dupont; Marie"),
            (2, "Jean \"Jo\" Martin"),
            (3, "Zoé\nLefèvre"),
        ];
        let bytes = write(&CsvFormat::default(), &names);
        assert!(bytes.starts_with(UTF8_BOM));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(text.contains("\"Dupont; Marie\""), "{text}");
        assert!(
            text.contains("\"Jean \"\"Jo\"\" Martin, Zoé\nLefèvre\""),
            "{text}"
        );
        let rows: Vec<Vec<String>> = ::csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(
            rows,
            vec![
                vec![
                    "pair",
                    "status",
                    "mentor",
                    "mentees",
                    "charter",
                    "objective",
                    "last",
                    "1/2027",
                    "2/2027"
                ],
                vec![
                    "7",
                    "at_risk",
                    "Dupont; Marie",
                    "Jean \"Jo\" Martin, Zoé\nLefèvre",
                    "oui",
                    "—",
                    "01/02/2027",
                    "2",
                    ""
                ],
            ]
        );
    }

    #[test]
    fn separator_and_date_format_follow_the_configuration() {
        let bytes = write(&CsvFormat::new(",", "%Y-%m-%d").unwrap(), &[(1, "Ana")]);
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        let second = text.split("\r\n").nth(1).unwrap();
        assert_eq!(second, "7,at_risk,Ana,\", \",oui,—,2027-02-01,2,");
    }

    #[test]
    fn the_default_format_is_french_excel() {
        let f = CsvFormat::default();
        assert_eq!(f, CsvFormat::new(";", "%d/%m/%Y").unwrap());
        assert_eq!(f.separator(), b';');
    }

    #[test]
    fn a_name_that_looks_like_a_formula_stays_text() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+33"), "'+33");
        assert_eq!(defuse("Zoé"), "Zoé");
    }

    #[test]
    fn a_bad_separator_or_date_format_is_refused() {
        for bad in ["", ";;", "\"", "\n", "é"] {
            assert!(
                matches!(
                    CsvFormat::new(bad, "%d/%m/%Y"),
                    Err(FormatError::BadSeparator(_))
                ),
                "{bad:?}"
            );
        }
        assert!(CsvFormat::new(",", "%Y-%m-%d").is_ok());
        assert!(CsvFormat::new("\t", "%d.%m.%Y").is_ok());
        for bad in ["", "%Q", "%d/%", "%d/%m/%Y %H:%M"] {
            assert!(
                matches!(CsvFormat::new(";", bad), Err(FormatError::BadDateFormat(_))),
                "{bad:?}"
            );
        }
    }
}
