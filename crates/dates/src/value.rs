//! TIMEX3 value strings: formatting helpers and the inverse, turning a value
//! into calendar bounds and a granularity for the `dates` table.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

pub(super) fn fmt_day(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

pub(super) fn fmt_month(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

pub(super) fn fmt_year(y: i32) -> String {
    format!("{y:04}")
}

pub(super) fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

pub(super) fn fmt_quarter(y: i32, q: u32) -> String {
    format!("{y:04}-Q{q}")
}

/// Adds a signed number of months (clamping the day to the month's end).
pub(super) fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    if n >= 0 {
        d.checked_add_months(Months::new(n as u32)).unwrap_or(d)
    } else {
        d.checked_sub_months(Months::new(n.unsigned_abs()))
            .unwrap_or(d)
    }
}

/// Adds a signed number of days.
pub(super) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

fn last_of_month(y: i32, m: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(y, m, 1)?;
    Some(add_days(add_months(first, 1), -1))
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The first and last days every reader of the tables can hold. Arrow's Date32, DuckDB and
/// polars reach far beyond them, but Python's `datetime.date` (pyarrow's `to_pylist`,
/// pandas' object columns) knows only the years 1 to 9999, and a single day outside them
/// makes the whole column fail to load.
pub fn first_readable_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// See [`first_readable_day`].
pub fn last_readable_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Whether every reader can hold `day` (see [`first_readable_day`]).
pub fn is_readable_day(day: NaiveDate) -> bool {
    (first_readable_day()..=last_readable_day()).contains(&day)
}

/// Bounds cut to the days every reader can hold: a span reaching past year 1 or 9999
/// keeps its part inside them; one wholly outside ("2,030 years ago", year 0) gets none.
fn readable_span(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (first, last) = (first_readable_day(), last_readable_day());
    match (start, end) {
        (Some(s), Some(e)) if s <= last && e >= first => (Some(s.max(first)), Some(e.min(last))),
        (Some(s), None) if is_readable_day(s) => (Some(s), None),
        (None, Some(e)) if is_readable_day(e) => (None, Some(e)),
        _ => (None, None),
    }
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
        s.parse().ok()
    } else {
        None
    }
}

/// Calendar bounds (inclusive) and granularity of a DATE/TIME value.
/// Durations, sets, `*_REF` and values with `X` placeholders have no bounds.
pub fn bounds(value: &str) -> (Option<NaiveDate>, Option<NaiveDate>, &'static str) {
    let none = (None, None, "none");
    if value.starts_with("XX") {
        return (None, None, placeholder_granularity(value));
    }
    let (date_part, time_part) = match value.split_once('T') {
        Some((d, t)) if !value.starts_with('P') => (d, Some(t)),
        _ => (value, None),
    };
    let parts: Vec<&str> = date_part.split('-').collect();
    let result = match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y: i32 = match num(y) {
                Some(y) => y,
                None => return none,
            };
            (ymd(y, 1, 1), ymd(y, 12, 31), "year")
        }
        [dec] if dec.len() == 3 => {
            let d: i32 = match num(dec) {
                Some(d) => d,
                None => return none,
            };
            (ymd(d * 10, 1, 1), ymd(d * 10 + 9, 12, 31), "decade")
        }
        [c] if c.len() == 2 => {
            let c: i32 = match num(c) {
                Some(c) => c,
                None => return none,
            };
            // The value is the century's hundreds ("19" for the 20th century, "00" for the
            // 1st), but the ordinal counts from AD 1, as there is no year 0: the 1st century
            // is the years 1 to 100, the 20th 1901 to 2000.
            (
                ymd(c * 100 + 1, 1, 1),
                ymd(c * 100 + 100, 12, 31),
                "century",
            )
        }
        [y, second] => {
            let Some(y) = num::<i32>(y) else { return none };
            if let Some(m) = num::<u32>(second) {
                (ymd(y, m, 1), last_of_month(y, m), "month")
            } else if let Some(q) = second.strip_prefix('Q').and_then(num::<u32>) {
                let m = (q.clamp(1, 4) - 1) * 3 + 1;
                (ymd(y, m, 1), last_of_month(y, m + 2), "quarter")
            } else if let Some(h) = second.strip_prefix('H').and_then(num::<u32>) {
                let m = if h == 2 { 7 } else { 1 };
                (ymd(y, m, 1), last_of_month(y, m + 5), "half")
            } else if let Some(w) = second.strip_prefix('W').and_then(num::<u32>) {
                let start = NaiveDate::from_isoywd_opt(y, w, Weekday::Mon);
                (start, start.map(|s| add_days(s, 6)), "week")
            } else {
                match *second {
                    "SP" => (ymd(y, 3, 1), ymd(y, 5, 31), "season"),
                    "SU" => (ymd(y, 6, 1), ymd(y, 8, 31), "season"),
                    "FA" => (ymd(y, 9, 1), ymd(y, 11, 30), "season"),
                    "WI" => (ymd(y, 12, 1), last_of_month(y + 1, 2), "season"),
                    _ => return none,
                }
            }
        }
        [y, w, "WE"] if w.starts_with('W') => {
            let (Some(y), Some(w)) = (num::<i32>(y), num::<u32>(&w[1..])) else {
                return none;
            };
            let sat = NaiveDate::from_isoywd_opt(y, w, Weekday::Sat);
            (sat, sat.map(|s| add_days(s, 1)), "weekend")
        }
        [y, m, d] => {
            let (Some(y), Some(m), Some(d)) = (num::<i32>(y), num::<u32>(m), num::<u32>(d)) else {
                return none;
            };
            let day = ymd(y, m, d);
            (day, day, "day")
        }
        _ => return none,
    };
    if result.0.is_none() {
        return none;
    }
    // A value no reader can hold as a date keeps its granularity, like an unplaced one.
    let (start, end) = readable_span(result.0, result.1);
    if start.is_none() {
        return (None, None, result.2);
    }
    let result = (start, end, result.2);
    match time_part {
        Some(t) if t.contains(':') => {
            let g = if t.matches(':').count() >= 2 {
                "second"
            } else {
                "minute"
            };
            (result.0, result.1, g)
        }
        Some(_) => (result.0, result.1, "part_of_day"),
        None => result,
    }
}

/// Granularity of an unresolved value with `X` placeholders ("XXXX-WXX" is
/// a week, "XXXX-WXX-2" a day).
fn placeholder_granularity(value: &str) -> &'static str {
    let (date, time) = value
        .split_once('T')
        .map_or((value, None), |(d, t)| (d, Some(t)));
    if let Some(t) = time {
        return if t.contains(':') {
            "minute"
        } else {
            "part_of_day"
        };
    }
    let parts: Vec<&str> = date.split('-').collect();
    match parts.as_slice() {
        [y] if y.len() == 4 => "year",
        [d] if d.len() == 3 => "decade",
        [c] if c.len() == 2 => "century",
        [_, w] if w.starts_with('W') => "week",
        [_, q] if q.starts_with('Q') => "quarter",
        [_, h] if h.starts_with('H') => "half",
        [_, s] if matches!(*s, "SP" | "SU" | "FA" | "WI") => "season",
        [_, _] => "month",
        [_, _, "WE"] => "weekend",
        [_, _, _] => "day",
        _ => "none",
    }
}
