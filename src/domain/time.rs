//! Dates as people type them in French and ISO forms.

use super::Invalid;
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

/// Parses `12/03/2027`, `12/03/27`, `12-03-2027`, `12.03.2027`, `2027-03-12`, and `12/03`
/// (no year: the next 12 March on or after `today`).
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let bad = || Invalid::BadDate {
        input: input.to_string(),
    };
    let s = input.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let num = |p: &str| -> Result<u32, Invalid> {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse().map_err(|_| bad())
    };
    match parts.as_slice() {
        [d, m] => {
            let (d, m) = (num(d)?, num(m)?);
            let this_year = NaiveDate::from_ymd_opt(today.year(), m, d);
            match this_year {
                Some(date) if date >= today => Ok(date),
                _ => NaiveDate::from_ymd_opt(today.year() + 1, m, d).ok_or_else(bad),
            }
        }
        [d, m, y] => {
            let (d, m, y) = (num(d)?, num(m)?, num(y)?);
            let year = match y {
                0..=99 if parts[2].len() == 2 => 2000 + y as i32,
                1900..=2999 => y as i32,
                _ => return Err(bad()),
            };
            NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// Parses an IANA time zone name such as `Europe/Paris`.
pub fn parse_time_zone(input: &str) -> Result<Tz, Invalid> {
    input
        .trim()
        .parse::<Tz>()
        .map_err(|_| Invalid::BadTimeZone {
            input: input.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn french_and_iso_forms_give_the_same_day() {
        let today = d(2026, 11, 23);
        for input in [
            "12/03/2027",
            "12-03-2027",
            "12.03.2027",
            "2027-03-12",
            "12/03/27",
            " 12/3/2027 ",
        ] {
            assert_eq!(parse_date(input, today), Ok(d(2027, 3, 12)), "{input}");
        }
    }

    #[test]
    fn a_date_without_year_is_the_next_one() {
        let today = d(2026, 11, 23);
        assert_eq!(parse_date("12/03", today), Ok(d(2027, 3, 12)));
        assert_eq!(parse_date("25/12", today), Ok(d(2026, 12, 25)));
        assert_eq!(parse_date("23/11", today), Ok(d(2026, 11, 23)));
    }

    #[test]
    fn impossible_or_garbled_dates_are_refused_with_the_input() {
        let today = d(2026, 11, 23);
        for input in [
            "31/02/2027",
            "demain",
            "12/13/2027",
            "",
            "1/2/3/4",
            "12/03/999999",
        ] {
            assert_eq!(
                parse_date(input, today),
                Err(Invalid::BadDate {
                    input: input.to_string()
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn time_zones_are_iana_names() {
        assert_eq!(
            parse_time_zone("Europe/Paris"),
            Ok(chrono_tz::Europe::Paris)
        );
        assert!(parse_time_zone("Paris").is_err());
    }
}
