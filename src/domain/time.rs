//! Dates as people type them in French and ISO forms.

use super::programme::ProgrammeDates;
use super::Invalid;
use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

/// The years a typed date may name, in every form.
const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Parses `12/03/2027`, `12/03/27`, `12-03-2027`, `12.03.2027`, `2027-03-12`, and `12/03`
/// (no year: the next 12 March on or after `today`).
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let bad = || Invalid::BadDate {
        input: input.to_string(),
    };
    let s = input.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        // The same years as the day/month/year form: 9999-12-31 is a typo, not a plan.
        return if YEARS.contains(&d.year()) {
            Ok(d)
        } else {
            Err(bad())
        };
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
                _ if YEARS.contains(&(y as i32)) => y as i32,
                _ => return Err(bad()),
            };
            NaiveDate::from_ymd_opt(year, m, d).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// A day that has passed (or today), as people type it: `12/03` means the last 12 March —
/// this year's or, if that is still to come, last year's (29/02: the last one that existed).
/// A full date in the future is refused.
pub fn parse_past_date(input: &str, today: NaiveDate) -> Result<NaiveDate, Invalid> {
    let parts: Vec<&str> = input.trim().split(['/', '-', '.']).collect();
    let small = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if let [d, m] = parts.as_slice() {
        if small(d) && small(m) {
            let (d, m) = (d.parse().unwrap_or(0), m.parse().unwrap_or(0));
            return (0..=4)
                .filter_map(|back| NaiveDate::from_ymd_opt(today.year() - back, m, d))
                .find(|date| *date <= today)
                .ok_or_else(|| Invalid::BadDate {
                    input: input.to_string(),
                });
        }
    }
    let date = parse_date(input, today)?;
    if date > today {
        return Err(Invalid::InTheFuture);
    }
    Ok(date)
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
            "31/12/9999",
            "9999-12-31",
            "0001-01-01",
            "1899-12-31",
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
    fn a_past_day_without_year_is_the_last_one_even_on_29_february() {
        let today = d(2028, 3, 10);
        assert_eq!(parse_past_date("12/03", today), Ok(d(2027, 3, 12)));
        assert_eq!(parse_past_date("10/03", today), Ok(d(2028, 3, 10)));
        assert_eq!(parse_past_date("29/02", today), Ok(d(2028, 2, 29)));
        assert_eq!(parse_past_date("29/02", d(2029, 3, 1)), Ok(d(2028, 2, 29)));
        assert_eq!(
            parse_past_date("12/03/2029", today),
            Err(Invalid::InTheFuture)
        );
        assert_eq!(parse_past_date("01/01/2027", today), Ok(d(2027, 1, 1)));
        assert!(parse_past_date("31/02", today).is_err());
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

/// Parses `14h`, `14h30`, `14:30`, `9h05`, `14H30`.
pub fn parse_time(input: &str) -> Result<chrono::NaiveTime, Invalid> {
    let bad = || Invalid::BadTime {
        input: input.to_string(),
    };
    let s = input.trim().to_lowercase();
    let (h, m) = match s.split_once(['h', ':']) {
        Some((h, "")) => (h, "0"),
        Some((h, m)) => (h, m),
        None => return Err(bad()),
    };
    let digits = |p: &str, max: u32| -> Result<u32, Invalid> {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        p.parse::<u32>().ok().filter(|v| *v <= max).ok_or_else(bad)
    };
    let (h, m) = (digits(h, 23)?, digits(m, 59)?);
    chrono::NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

/// Parses a duration in minutes: `60`, `45min`, `1h`, `1h30`, `90 min`.
pub fn parse_duration_minutes(input: &str) -> Result<u32, Invalid> {
    let bad = || Invalid::BadDuration {
        input: input.to_string(),
    };
    let s: String = input.trim().to_lowercase().split_whitespace().collect();
    let s = s
        .trim_end_matches("utes")
        .trim_end_matches("min")
        .trim_end_matches('m');
    let minutes = match s.split_once('h') {
        Some((h, m)) => {
            let h: u32 = h.parse().map_err(|_| bad())?;
            let m: u32 = if m.is_empty() {
                0
            } else {
                m.parse().map_err(|_| bad())?
            };
            h.checked_mul(60)
                .and_then(|h| h.checked_add(m))
                .ok_or_else(bad)?
        }
        None => s.parse().map_err(|_| bad())?,
    };
    if (5..=8 * 60).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(bad())
    }
}

/// A wall-clock time that does not exist in the zone that day (clocks jump forward).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NonexistentLocalTime {
    /// The first valid wall-clock time after the gap.
    pub nearest: chrono::NaiveDateTime,
}

/// A date and time typed by a user, in the programme's zone. Ambiguous times (clocks go back)
/// take the first occurrence; times in the spring-forward gap are refused with the nearest
/// valid time so the user decides.
pub fn local_instant_strict(
    tz: Tz,
    local: chrono::NaiveDateTime,
) -> Result<chrono::DateTime<chrono::Utc>, NonexistentLocalTime> {
    use chrono::offset::LocalResult;
    use chrono::TimeZone;
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(t.with_timezone(&chrono::Utc)),
        LocalResult::Ambiguous(first, _) => Ok(first.with_timezone(&chrono::Utc)),
        LocalResult::None => Err(NonexistentLocalTime {
            nearest: local_instant_lenient(tz, local)
                .with_timezone(&tz)
                .naive_local(),
        }),
    }
}

/// The instant of a rule's wall-clock time (reminder at 9:00, nudge on the 1st): a time in the
/// spring-forward gap moves to the next valid instant; an ambiguous one takes the first.
pub fn local_instant_lenient(
    tz: Tz,
    local: chrono::NaiveDateTime,
) -> chrono::DateTime<chrono::Utc> {
    use chrono::offset::LocalResult;
    use chrono::TimeZone;
    let mut probe = local;
    // Gaps are at most a few hours; step minute by minute past the gap, then take the
    // instant that is as far after the gap's start as `local` was.
    for _ in 0..(24 * 60) {
        match tz.from_local_datetime(&probe) {
            LocalResult::Single(t) => return t.with_timezone(&chrono::Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&chrono::Utc),
            LocalResult::None => probe += chrono::Duration::minutes(1),
        }
    }
    // Unreachable for real zones; fall back to reading the time as UTC.
    chrono::Utc.from_utc_datetime(&local)
}

/// When something planned in the programme starts (a meeting, a collective session, a
/// tripartite meeting), read from the day and wall-clock time the user gave, in the programme's
/// zone. The one way the use cases read a user's date and time: the day must fall within the
/// programme (`window`), the time must exist that day (the spring-forward gap is refused with
/// the nearest valid time; an ambiguous fall-back time takes the first instant) and the
/// instant must be still to come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalSlot {
    pub date: NaiveDate,
    pub time: chrono::NaiveTime,
    pub starts_at: chrono::DateTime<chrono::Utc>,
}

impl LocalSlot {
    /// Parses `date` (see [`parse_date`]) and `time` (see [`parse_time`]) as typed, then checks
    /// them as [`LocalSlot::at`] does.
    pub fn parse(
        date: &str,
        time: &str,
        tz: Tz,
        now: chrono::DateTime<chrono::Utc>,
        window: &ProgrammeDates,
    ) -> Result<Self, Invalid> {
        let today = now.with_timezone(&tz).date_naive();
        let date = parse_date(date, today)?;
        let time = parse_time(time)?;
        Self::at(date, time, tz, now, window)
    }

    /// The slot of a day and time already read (or defaulted): within the programme, existing
    /// in the zone, still to come.
    pub fn at(
        date: NaiveDate,
        time: chrono::NaiveTime,
        tz: Tz,
        now: chrono::DateTime<chrono::Utc>,
        window: &ProgrammeDates,
    ) -> Result<Self, Invalid> {
        if !window.contains(date) {
            return Err(Invalid::OutsideProgramme {
                starts_on: window.starts_on(),
                ends_on: window.ends_on(),
            });
        }
        let starts_at = local_instant_strict(tz, date.and_time(time)).map_err(|gap| {
            Invalid::NonexistentTime {
                nearest: gap.nearest.format("%H:%M").to_string(),
            }
        })?;
        if starts_at <= now {
            return Err(Invalid::InThePast);
        }
        Ok(Self {
            date,
            time,
            starts_at,
        })
    }

    /// A day that has already come, as typed (see [`parse_past_date`]); today in the zone
    /// when nothing (or only blanks) was typed. A future day is `Invalid::InTheFuture`.
    pub fn past_day(
        input: Option<&str>,
        tz: Tz,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<NaiveDate, Invalid> {
        let today = now.with_timezone(&tz).date_naive();
        match input.map(str::trim) {
            Some(d) if !d.is_empty() => parse_past_date(d, today),
            _ => Ok(today),
        }
    }
}

/// The next instant after `after` matching a cron `schedule`, evaluated on the wall clock of
/// `tz` (so « 9:00 on the 1st » stays 9:00 across DST changes).
pub fn next_cron_instant(
    schedule: &cron::Schedule,
    tz: Tz,
    after: chrono::DateTime<chrono::Utc>,
) -> Option<chrono::DateTime<chrono::Utc>> {
    use chrono::TimeZone;
    let local_now = after.with_timezone(&tz).naive_local();
    // Evaluate the rule on naive wall-clock time (UTC used as a zone without transitions)…
    let mut cursor = chrono::Utc.from_utc_datetime(&local_now);
    for _ in 0..4 {
        let wall = schedule.after(&cursor).next()?.naive_utc();
        // …then place that wall-clock time in the real zone.
        let instant = local_instant_lenient(tz, wall);
        if instant > after {
            return Some(instant);
        }
        // Fall-back hour: the wall time repeats; move on to the next occurrence.
        cursor = chrono::Utc.from_utc_datetime(&wall);
    }
    None
}

#[cfg(test)]
mod time_of_day_tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn times_in_french_and_iso_forms() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(parse_time("14h"), Ok(t(14, 0)));
        assert_eq!(parse_time("14h30"), Ok(t(14, 30)));
        assert_eq!(parse_time("14:30"), Ok(t(14, 30)));
        assert_eq!(parse_time(" 9H05 "), Ok(t(9, 5)));
        for bad in ["25h", "14h75", "midi", "14", "", "1430"] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_in_minutes_or_hours() {
        assert_eq!(parse_duration_minutes("60"), Ok(60));
        assert_eq!(parse_duration_minutes("45min"), Ok(45));
        assert_eq!(parse_duration_minutes("1h30"), Ok(90));
        assert_eq!(parse_duration_minutes("2h"), Ok(120));
        assert!(parse_duration_minutes("0").is_err());
        assert!(parse_duration_minutes("12h").is_err());
        assert!(parse_duration_minutes("long").is_err());
        assert!(parse_duration_minutes("71582789h").is_err(), "no overflow");
    }

    #[test]
    fn spring_forward_gap_is_refused_with_the_nearest_valid_time() {
        let paris = chrono_tz::Europe::Paris;
        // 28 March 2027: 02:00 → 03:00 in Paris.
        let err = local_instant_strict(paris, at(2027, 3, 28, 2, 30)).unwrap_err();
        assert_eq!(err.nearest, at(2027, 3, 28, 3, 0));
        let ny = chrono_tz::America::New_York;
        // 14 March 2027: 02:00 → 03:00 in New York.
        assert!(local_instant_strict(ny, at(2027, 3, 14, 2, 15)).is_err());
    }

    #[test]
    fn fall_back_ambiguity_takes_the_first_instant() {
        let paris = chrono_tz::Europe::Paris;
        // 31 October 2027: 03:00 → 02:00; 02:30 happens twice, first at 00:30 UTC.
        assert_eq!(
            local_instant_strict(paris, at(2027, 10, 31, 2, 30)),
            Ok(Utc.with_ymd_and_hms(2027, 10, 31, 0, 30, 0).unwrap())
        );
    }

    #[test]
    fn rules_in_the_gap_move_to_the_next_valid_instant() {
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(
            local_instant_lenient(paris, at(2027, 3, 28, 2, 30)),
            Utc.with_ymd_and_hms(2027, 3, 28, 1, 0, 0).unwrap()
        );
    }

    #[test]
    fn a_monthly_rule_stays_at_nine_local_across_dst() {
        use std::str::FromStr;
        let rule = cron::Schedule::from_str("0 0 9 1 * *").unwrap();
        let paris = chrono_tz::Europe::Paris;
        // Before the spring change: 1 March 09:00 CET = 08:00 UTC; 1 April 09:00 CEST = 07:00 UTC.
        let after = Utc.with_ymd_and_hms(2027, 2, 15, 0, 0, 0).unwrap();
        let march = next_cron_instant(&rule, paris, after).unwrap();
        assert_eq!(march, Utc.with_ymd_and_hms(2027, 3, 1, 8, 0, 0).unwrap());
        let april = next_cron_instant(&rule, paris, march).unwrap();
        assert_eq!(april, Utc.with_ymd_and_hms(2027, 4, 1, 7, 0, 0).unwrap());
        let ny = chrono_tz::America::New_York;
        let nov = next_cron_instant(
            &rule,
            ny,
            Utc.with_ymd_and_hms(2027, 10, 15, 0, 0, 0).unwrap(),
        )
        .unwrap();
        assert_eq!(nov, Utc.with_ymd_and_hms(2027, 11, 1, 13, 0, 0).unwrap());
        let dec = next_cron_instant(&rule, ny, nov).unwrap();
        assert_eq!(dec, Utc.with_ymd_and_hms(2027, 12, 1, 14, 0, 0).unwrap());
    }

    #[test]
    fn a_rule_inside_the_gap_fires_once_right_after_it() {
        use std::str::FromStr;
        // Every day at 02:30: on the spring-forward day it fires at 03:00 local.
        let rule = cron::Schedule::from_str("0 30 2 * * *").unwrap();
        let paris = chrono_tz::Europe::Paris;
        let after = Utc.with_ymd_and_hms(2027, 3, 27, 12, 0, 0).unwrap();
        let next = next_cron_instant(&rule, paris, after).unwrap();
        assert_eq!(next, Utc.with_ymd_and_hms(2027, 3, 28, 1, 0, 0).unwrap());
    }
}

#[cfg(test)]
mod local_slot_tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn window() -> ProgrammeDates {
        ProgrammeDates::new(d(2027, 1, 12), d(2027, 12, 15)).unwrap()
    }

    const PARIS: Tz = chrono_tz::Europe::Paris;

    fn now() -> chrono::DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap()
    }

    #[test]
    fn a_typed_day_and_time_become_the_instant_in_the_programme_zone() {
        let slot = LocalSlot::parse("12/03/2027", "14h30", PARIS, now(), &window()).unwrap();
        assert_eq!(slot.date, d(2027, 3, 12));
        assert_eq!(slot.time, NaiveTime::from_hms_opt(14, 30, 0).unwrap());
        assert_eq!(
            slot.starts_at,
            Utc.with_ymd_and_hms(2027, 3, 12, 13, 30, 0).unwrap()
        );
    }

    #[test]
    fn a_time_in_the_spring_forward_gap_is_refused_with_the_nearest_valid_time() {
        assert_eq!(
            LocalSlot::parse("28/03/2027", "2h30", PARIS, now(), &window()),
            Err(Invalid::NonexistentTime {
                nearest: "03:00".into()
            })
        );
    }

    #[test]
    fn an_ambiguous_fall_back_time_takes_the_first_instant() {
        let slot = LocalSlot::parse("31/10/2027", "2h30", PARIS, now(), &window()).unwrap();
        assert_eq!(
            slot.starts_at,
            Utc.with_ymd_and_hms(2027, 10, 31, 0, 30, 0).unwrap()
        );
    }

    #[test]
    fn a_past_instant_is_refused_even_on_the_same_day() {
        let later = Utc.with_ymd_and_hms(2027, 6, 1, 10, 0, 0).unwrap();
        assert_eq!(
            LocalSlot::parse("31/05/2027", "14h", PARIS, later, &window()),
            Err(Invalid::InThePast)
        );
        // 11:00 in Paris is 09:00 UTC: already gone at 10:00 UTC.
        assert_eq!(
            LocalSlot::parse("01/06/2027", "11h", PARIS, later, &window()),
            Err(Invalid::InThePast)
        );
    }

    #[test]
    fn a_day_before_the_programme_starts_or_after_it_ends_is_refused() {
        let outside = Err(Invalid::OutsideProgramme {
            starts_on: d(2027, 1, 12),
            ends_on: d(2027, 12, 15),
        });
        assert_eq!(
            LocalSlot::parse("11/01/2027", "14h", PARIS, now(), &window()),
            outside
        );
        assert_eq!(
            LocalSlot::parse("16/12/2027", "14h", PARIS, now(), &window()),
            outside
        );
        assert!(LocalSlot::parse("12/01/2027", "14h", PARIS, now(), &window()).is_ok());
        assert!(LocalSlot::parse("15/12/2027", "14h", PARIS, now(), &window()).is_ok());
    }

    #[test]
    fn garbled_dates_and_times_are_refused_with_the_input() {
        assert_eq!(
            LocalSlot::parse("demain", "14h", PARIS, now(), &window()),
            Err(Invalid::BadDate {
                input: "demain".into()
            })
        );
        assert_eq!(
            LocalSlot::parse("12/03/2027", "25h", PARIS, now(), &window()),
            Err(Invalid::BadTime {
                input: "25h".into()
            })
        );
    }

    #[test]
    fn a_past_day_is_today_when_nothing_is_typed() {
        let today = d(2026, 11, 23);
        assert_eq!(LocalSlot::past_day(None, PARIS, now()), Ok(today));
        assert_eq!(LocalSlot::past_day(Some("  "), PARIS, now()), Ok(today));
        assert_eq!(
            LocalSlot::past_day(Some("24/11/2026"), PARIS, now()),
            Err(Invalid::InTheFuture)
        );
    }

    #[test]
    fn a_planned_day_falls_within_the_programme_first_and_last_days_included() {
        let dates = window();
        let tz = PARIS;
        let now = now();
        let two = NaiveTime::from_hms_opt(14, 0, 0).unwrap();
        let planned_start =
            |date, time, now| LocalSlot::at(date, time, tz, now, &dates).map(|slot| slot.starts_at);
        let outside = Err(Invalid::OutsideProgramme {
            starts_on: d(2027, 1, 12),
            ends_on: d(2027, 12, 15),
        });
        assert_eq!(planned_start(d(2027, 1, 11), two, now), outside);
        assert_eq!(planned_start(d(2027, 12, 16), two, now), outside);
        assert_eq!(planned_start(d(9999, 12, 31), two, now), outside);
        assert_eq!(
            planned_start(d(2027, 1, 12), two, now),
            Ok(Utc.with_ymd_and_hms(2027, 1, 12, 13, 0, 0).unwrap())
        );
        assert_eq!(
            planned_start(d(2027, 12, 15), two, now),
            Ok(Utc.with_ymd_and_hms(2027, 12, 15, 13, 0, 0).unwrap())
        );
        // Within the programme but already past; in the spring-forward gap.
        let later = Utc.with_ymd_and_hms(2027, 6, 1, 10, 0, 0).unwrap();
        assert_eq!(
            planned_start(d(2027, 5, 31), two, later),
            Err(Invalid::InThePast)
        );
        assert_eq!(
            planned_start(
                d(2027, 3, 28),
                NaiveTime::from_hms_opt(2, 30, 0).unwrap(),
                now
            ),
            Err(Invalid::NonexistentTime {
                nearest: "03:00".into()
            })
        );
    }
}
