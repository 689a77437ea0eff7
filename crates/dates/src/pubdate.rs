//! Publication dates as written in page metadata and text dumps:
//! "2025-07-29T14:03:00+03:00", "July 29, 2025", "29 July 2025",
//! "Updated: Tue, 29 Jul 2025 14:03 EDT", "07/29/2025".

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::lexicon::{month_abbr, month_full, weekday};
use super::token::{Kind, Token, tokenize};

/// How precise a parsed publication date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DatePrecision {
    Year,
    Month,
    Day,
    Minute,
    Second,
}

/// A parsed publication date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicationDate {
    /// Calendar date (day 1 / month 1 when less precise).
    pub date: NaiveDate,
    /// Wall-clock time when given.
    pub time: Option<NaiveTime>,
    /// UTC offset in minutes when given (zone name or numeric offset).
    pub utc_offset_minutes: Option<i32>,
    pub precision: DatePrecision,
}

impl DatePrecision {
    pub const ALL: [DatePrecision; 5] = [
        DatePrecision::Year,
        DatePrecision::Month,
        DatePrecision::Day,
        DatePrecision::Minute,
        DatePrecision::Second,
    ];

    /// The value of the `published_precision` column.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
            DatePrecision::Minute => "minute",
            DatePrecision::Second => "second",
        }
    }
}

impl PublicationDate {
    /// Microseconds since the epoch, UTC. A date without an offset is taken as UTC.
    pub fn utc_micros(&self) -> i64 {
        let local = self.naive_datetime().and_utc();
        let offset_secs = i64::from(self.utc_offset_minutes.unwrap_or(0)) * 60;
        (local.timestamp() - offset_secs) * 1_000_000 + i64::from(local.timestamp_subsec_micros())
    }

    /// Whether every reader of the tables can hold both the day as written and the UTC
    /// instant: years 1 to 9999 (a "0000-01-01" or a year 99999 would make the whole
    /// column fail to load in pandas and pyarrow's `to_pylist`).
    pub fn is_readable(&self) -> bool {
        use super::value::is_readable_day;
        is_readable_day(self.date)
            && chrono::DateTime::from_timestamp_micros(self.utc_micros())
                .is_some_and(|utc| is_readable_day(utc.date_naive()))
    }

    /// Date and time (midnight when no time was given).
    pub fn naive_datetime(&self) -> NaiveDateTime {
        self.date.and_time(self.time.unwrap_or(NaiveTime::MIN))
    }
}

/// Offset in minutes of common zone abbreviations.
fn zone_offset(s: &str) -> Option<i32> {
    Some(match s {
        "utc" | "gmt" | "z" => 0,
        "bst" | "cet" | "wat" => 60,
        "cest" | "eet" | "sast" | "cat" => 120,
        "eest" | "msk" | "ast" | "eat" => 180,
        "ist" => 330,
        "wib" | "ict" => 420,
        "hkt" | "sgt" | "awst" | "pht" => 480,
        "jst" | "kst" => 540,
        "aest" => 600,
        "aedt" => 660,
        "nzst" => 720,
        "nzdt" => 780,
        "edt" => -240,
        "est" | "cdt" => -300,
        "cst" | "mdt" => -360,
        "mst" | "pdt" => -420,
        "pst" => -480,
        _ => return None,
    })
}

/// Unix time in seconds (10 digits) or milliseconds (13 digits), as some sites put in
/// `article:published_time`: read as UTC, accepted only between 1995 and 2100.
fn epoch_timestamp(s: &str) -> Option<PublicationDate> {
    if !(s.len() == 10 || s.len() == 13) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = s.parse().ok()?;
    let seconds = if s.len() == 13 { value / 1000 } else { value };
    if !(788_918_400..4_102_444_800).contains(&seconds) {
        return None;
    }
    let at = chrono::DateTime::from_timestamp(seconds, 0)?.naive_utc();
    Some(PublicationDate {
        date: at.date(),
        time: Some(at.time()),
        utc_offset_minutes: Some(0),
        precision: DatePrecision::Second,
    })
}

/// `Fri Apr 28 19:20:36 CEST 2023`: Java's `Date.toString()`, which some CMSs print as is.
fn java_style(s: &str) -> Option<PublicationDate> {
    let parts: Vec<&str> = s.split_whitespace().collect();
    let [_weekday, month, day, time, zone, year] = parts.as_slice() else {
        return None;
    };
    let lower = month.to_ascii_lowercase();
    let month = month_abbr(&lower).or_else(|| month_full(&lower))?;
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)?;
    let time = NaiveTime::parse_from_str(time, "%H:%M:%S").ok()?;
    Some(PublicationDate {
        date,
        time: Some(time),
        utc_offset_minutes: zone_offset(&zone.to_ascii_lowercase()),
        precision: DatePrecision::Second,
    })
}

/// Parses a publication date written in any common news-site form.
/// Returns `None` when no complete year is found.
pub fn parse_publication_date(s: &str) -> Option<PublicationDate> {
    parse_publication_date_not_after(s, None)
}

/// As [`parse_publication_date`], for a page that also gives the day it was last modified:
/// "10/05/2022" is read month-first (5 October) unless that day falls after `not_after`
/// while the day-first reading (10 May) does not, which shows the page writes day-first.
pub fn parse_publication_date_not_after(
    s: &str,
    not_after: Option<NaiveDate>,
) -> Option<PublicationDate> {
    parse_written_date(s, not_after).filter(PublicationDate::is_readable)
}

/// The date a string writes, in any year chrono knows (see [`PublicationDate::is_readable`]).
fn parse_written_date(s: &str, not_after: Option<NaiveDate>) -> Option<PublicationDate> {
    let s = s.trim();
    if let Some(epoch) = epoch_timestamp(s) {
        return Some(epoch);
    }
    // A year alone ("2018"): all that is known.
    if s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && let Some(date) = s
            .parse()
            .ok()
            .filter(|y| (1800..=2200).contains(y))
            .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
    {
        return Some(PublicationDate {
            date,
            time: None,
            utc_offset_minutes: None,
            precision: DatePrecision::Year,
        });
    }
    if let Some(java) = java_style(s) {
        return Some(java);
    }
    let lower = s.to_ascii_lowercase();
    let toks = tokenize(s, &lower);
    let n = toks.len();
    let num = |i: usize| toks.get(i).filter(|t| t.kind == Kind::Num);
    let glued = |i: usize| toks.get(i).is_some_and(|t| !t.space_before);
    let w = |i: usize| toks.get(i).map_or("", |t| t.s);
    for i in 0..n {
        // ISO: YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD
        if let Some(t) = num(i) {
            if t.s.len() == 4
                && matches!(w(i + 1), "-" | "/" | ".")
                && glued(i + 1)
                && glued(i + 2)
                && num(i + 2).is_some()
                && w(i + 3) == w(i + 1)
                && glued(i + 3)
                && num(i + 4).is_some()
                && glued(i + 4)
            {
                let y = t.s.parse().ok()?;
                let m = num(i + 2)?.s.parse().ok()?;
                let d = num(i + 4)?.s.parse().ok()?;
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some(with_time(&toks, i, i + 5, date));
                }
            }
            if t.s.len() == 8 && (i == 0 || !glued(i)) {
                let y = t.s[..4].parse().ok()?;
                let m = t.s[4..6].parse().ok()?;
                let d = t.s[6..].parse().ok()?;
                if (1900..2100).contains(&y)
                    && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
                {
                    return Some(with_time(&toks, i, i + 1, date));
                }
            }
            // DD.MM.YYYY (European) and MM/DD/YYYY (US)
            if t.s.len() <= 2
                && matches!(w(i + 1), "." | "/" | "-")
                && glued(i + 1)
                && glued(i + 2)
                && num(i + 2).is_some_and(|x| x.s.len() <= 2)
                && w(i + 3) == w(i + 1)
                && glued(i + 3)
                && num(i + 4).is_some_and(|x| x.s.len() == 4)
            {
                let a: u32 = t.s.parse().ok()?;
                let b: u32 = num(i + 2)?.s.parse().ok()?;
                let y = num(i + 4)?.s.parse().ok()?;
                let month_first = w(i + 1) == "/"
                    && a <= 12
                    && !(not_after.is_some_and(|last| {
                        NaiveDate::from_ymd_opt(y, a, b).is_some_and(|us| us > last)
                            && NaiveDate::from_ymd_opt(y, b, a).is_some_and(|eu| eu <= last)
                    }));
                let (m, d) = if month_first { (a, b) } else { (b, a) };
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    return Some(with_time(&toks, i, i + 5, date));
                }
            }
        }
        // Month-name forms.
        let month = |k: usize| -> Option<(u32, usize)> {
            let m = month_full(w(k))
                .or_else(|| month_abbr(w(k)))
                .or_else(|| european_month(w(k)))
                .or(if w(k) == "may" { Some(5) } else { None })?;
            Some((m, if w(k + 1) == "." { k + 2 } else { k + 1 }))
        };
        let year_at = |k: usize| -> Option<(i32, usize)> {
            let k = if matches!(w(k), "," | "de" | "del") {
                k + 1
            } else {
                k
            };
            let t = num(k).filter(|t| t.s.len() == 4)?;
            Some((t.s.parse().ok()?, k + 1))
        };
        let day_at = |k: usize| -> Option<(u32, usize)> {
            let t = num(k).filter(|t| t.s.len() <= 2)?;
            let d: u32 = t.s.parse().ok()?;
            let k = if matches!(w(k + 1), "st" | "nd" | "rd" | "th") && glued(k + 1) {
                k + 2
            } else {
                k + 1
            };
            ((1..=31).contains(&d)).then_some((d, k))
        };
        // July 29, 2025 / Jul 29 2025
        if let Some((m, k)) = month(i) {
            if let Some((d, k)) = day_at(k)
                && let Some((y, k)) = year_at(k)
                && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
            {
                return Some(with_time(&toks, i, k, date));
            }
            if let Some((y, _)) = year_at(k) {
                let date = NaiveDate::from_ymd_opt(y, m, 1)?;
                return Some(PublicationDate {
                    date,
                    time: None,
                    utc_offset_minutes: None,
                    precision: DatePrecision::Month,
                });
            }
        }
        // 29 July 2025 / 29th of July, 2025 / 29. Juli 2025 / 3 de mayo de 2022
        if let Some((d, k)) = day_at(i) {
            let k = if matches!(w(k), "of" | "de") || (w(k) == "." && glued(k)) {
                k + 1
            } else {
                k
            };
            if let Some((m, k)) = month(k)
                && let Some((y, k)) = year_at(k)
                && let Some(date) = NaiveDate::from_ymd_opt(y, m, d)
            {
                return Some(with_time(&toks, i, k, date));
            }
        }
    }
    None
}

/// Month number for a full month name in German, French, Spanish, Italian, Portuguese or
/// Dutch (lowercase; accents as written). English names are `month_full`'s.
fn european_month(s: &str) -> Option<u32> {
    Some(match s {
        "januar" | "jänner" | "janvier" | "enero" | "gennaio" | "janeiro" | "januari" => 1,
        "februar" | "feber" | "février" | "fevrier" | "febrero" | "febbraio" | "fevereiro"
        | "februari" => 2,
        "märz" | "maerz" | "mars" | "marzo" | "março" | "maart" => 3,
        "avril" | "abril" | "aprile" => 4,
        "mai" | "mayo" | "maggio" | "maio" | "mei" => 5,
        "juni" | "juin" | "junio" | "giugno" | "junho" => 6,
        "juli" | "juillet" | "julio" | "luglio" | "julho" => 7,
        "août" | "aout" | "agosto" | "augustus" => 8,
        "septembre" | "septiembre" | "settembre" | "setembro" => 9,
        "oktober" | "octobre" | "octubre" | "ottobre" | "outubro" => 10,
        "novembre" | "noviembre" | "novembro" => 11,
        "dezember" | "décembre" | "decembre" | "diciembre" | "dicembre" | "dezembro" => 12,
        _ => return None,
    })
}

/// Adds the time and zone written after the date ending at token `k`
/// ("T14:03:00+03:00", ", 2:03 PM EDT", " at 9:15 a.m. ET"), or before the
/// date starting at token `date_start` ("19:32 GMT, 19 November 2019").
fn with_time(toks: &[Token<'_>], date_start: usize, k: usize, date: NaiveDate) -> PublicationDate {
    let mut out = PublicationDate {
        date,
        time: None,
        utc_offset_minutes: None,
        precision: DatePrecision::Day,
    };
    let w = |i: usize| toks.get(i).map_or("", |t| t.s);
    let mut i = k;
    // separators: "T", ",", "at", "-", "|", "@", a weekday name
    for _ in 0..3 {
        if matches!(
            w(i),
            "t" | "," | "at" | "-" | "|" | "@" | "/" | "\u{b7}" | "\u{2022}"
        ) || weekday(w(i)).is_some()
        {
            i += 1;
        }
    }
    let found =
        time_at(toks, i, date).or_else(|| (0..date_start).find_map(|s| time_at(toks, s, date)));
    if let Some((time, with_seconds, offset)) = found {
        out.time = Some(time);
        out.precision = if with_seconds {
            DatePrecision::Second
        } else {
            DatePrecision::Minute
        };
        out.utc_offset_minutes = offset;
    }
    out
}

/// Whether US daylight saving time is in force on `d` (second Sunday of
/// March to first Sunday of November), for "ET"/"PT" style zones.
fn us_dst(d: NaiveDate) -> bool {
    let start = NaiveDate::from_weekday_of_month_opt(d.year(), 3, chrono::Weekday::Sun, 2);
    let end = NaiveDate::from_weekday_of_month_opt(d.year(), 11, chrono::Weekday::Sun, 1);
    matches!((start, end), (Some(s), Some(e)) if d >= s && d < e)
}

/// A clock time starting exactly at token `i`: "14:03", "14:03:00.5",
/// "2:03 PM", "11.32 GMT", "9:15 a.m. ET", "06:35:39+0000".
/// Returns (time, has seconds, UTC offset in minutes).
fn time_at(
    toks: &[Token<'_>],
    i: usize,
    date: NaiveDate,
) -> Option<(NaiveTime, bool, Option<i32>)> {
    let w = |i: usize| toks.get(i).map_or("", |t| t.s);
    let num = |i: usize| {
        toks.get(i)
            .filter(|t| t.kind == Kind::Num)
            .and_then(|t| t.s.parse::<u32>().ok())
    };
    let glued = |i: usize| toks.get(i).is_some_and(|t| !t.space_before);
    let hour_tok = toks
        .get(i)
        .filter(|t| t.kind == Kind::Num && t.s.len() <= 2)?;
    let mut h: u32 = hour_tok.s.parse().ok()?;
    let minute_tok = toks
        .get(i + 2)
        .filter(|t| t.kind == Kind::Num && t.s.len() == 2);
    let sep_ok = matches!(w(i + 1), ":" | ".") && glued(i + 1) && glued(i + 2);
    let (mi, mut k) = match (sep_ok, minute_tok) {
        (true, Some(t)) => (t.s.parse().ok()?, i + 3),
        // "3pm": an hour with am/pm only
        _ if matches!(w(i + 1), "am" | "pm" | "a" | "p") && glued(i + 1) => (0, i + 1),
        _ => return None,
    };
    // A dotted "11.32" must not be a date like "29.07.2025".
    if w(i + 1) == "." && w(k) == "." && num(k + 1).is_some() {
        return None;
    }
    let mut sec = None;
    if w(k) == ":" && glued(k) && num(k + 1).is_some() {
        sec = num(k + 1);
        k += 2;
        if w(k) == "." && glued(k) && num(k + 1).is_some() {
            k += 2; // fractional seconds
        }
    }
    let ampm = match (w(k), w(k + 1), w(k + 2)) {
        ("am", _, _) => Some((false, 1)),
        ("pm", _, _) => Some((true, 1)),
        ("a", ".", "m") => Some((false, if w(k + 3) == "." { 4 } else { 3 })),
        ("p", ".", "m") => Some((true, if w(k + 3) == "." { 4 } else { 3 })),
        _ => None,
    };
    if let Some((pm, len)) = ampm {
        if pm && h < 12 {
            h += 12;
        } else if !pm && h == 12 {
            h = 0;
        }
        k += len;
    } else if w(i + 1) == "."
        && !matches!(w(k), "gmt" | "utc" | "bst" | "cet" | "cest" | "h" | "uhr")
    {
        // a dotted time needs a zone or am/pm to be trusted
        return None;
    }
    let time = NaiveTime::from_hms_opt(h, mi, sec.unwrap_or(0))?;
    let offset = zone_at(toks, k, date);
    Some((time, sec.is_some(), offset))
}

/// A zone at token `k`: "Z", "+03:00", "+0300", "-05", "EDT", "ET",
/// "GMT+3", "(UTC-05:00)".
fn zone_at(toks: &[Token<'_>], mut k: usize, date: NaiveDate) -> Option<i32> {
    let w = |i: usize| toks.get(i).map_or("", |t| t.s);
    let num = |i: usize| toks.get(i).filter(|t| t.kind == Kind::Num);
    let glued = |i: usize| toks.get(i).is_some_and(|t| !t.space_before);
    if w(k) == "(" {
        k += 1;
    }
    let mut base = 0;
    match w(k) {
        "z" if glued(k) => return Some(0),
        "+" | "-" | "\u{2212}" => {}
        "et" | "ct" | "mt" | "pt" => {
            let std = match w(k) {
                "et" => -300,
                "ct" => -360,
                "mt" => -420,
                _ => -480,
            };
            return Some(if us_dst(date) { std + 60 } else { std });
        }
        z => {
            base = zone_offset(z)?;
            if !(matches!(w(k + 1), "+" | "-") && glued(k + 1)) {
                return Some(base);
            }
            k += 1;
        }
    }
    let sign = if w(k) == "+" { 1 } else { -1 };
    let digits = num(k + 1)?.s;
    let (hh, mm): (i32, i32) = match digits.len() {
        1 | 2 => (
            digits.parse().ok()?,
            if w(k + 2) == ":" {
                num(k + 3).and_then(|t| t.s.parse().ok()).unwrap_or(0)
            } else {
                0
            },
        ),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return Some(base).filter(|_| base != 0),
    };
    (hh <= 14 && mm < 60).then_some(base + sign * (hh * 60 + mm))
}

#[cfg(test)]
mod publication_date_tests {
    use super::*;

    fn ymd(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn seed_date_line_is_a_day() {
        let d = parse_publication_date("July 29, 2025").unwrap();
        assert_eq!(d.date, ymd("2025-07-29"));
        assert_eq!(d.precision, DatePrecision::Day);
        assert_eq!(d.utc_offset_minutes, None);
    }

    #[test]
    fn day_month_year_and_abbreviations() {
        assert_eq!(
            parse_publication_date("29 July 2025").unwrap().date,
            ymd("2025-07-29")
        );
        assert_eq!(
            parse_publication_date("Jul. 3, 2024").unwrap().date,
            ymd("2024-07-03")
        );
        assert_eq!(
            parse_publication_date("Tuesday, 1st April 2025")
                .unwrap()
                .date,
            ymd("2025-04-01")
        );
    }

    #[test]
    fn european_month_names_with_day_period_or_de() {
        assert_eq!(
            parse_publication_date("5. November 2021").unwrap().date,
            ymd("2021-11-05")
        );
        assert_eq!(
            parse_publication_date("Veröffentlicht am 3. März 2022, 10:15 Uhr")
                .unwrap()
                .date,
            ymd("2022-03-03")
        );
        assert_eq!(
            parse_publication_date("3 de mayo de 2022").unwrap().date,
            ymd("2022-05-03")
        );
        assert_eq!(
            parse_publication_date("12 décembre 2023").unwrap().date,
            ymd("2023-12-12")
        );
        let month_only = parse_publication_date("November 2021").unwrap();
        assert_eq!(month_only.precision, DatePrecision::Month);
        let year_only = parse_publication_date("2018").unwrap();
        assert_eq!(year_only.precision, DatePrecision::Year);
        assert_eq!(year_only.date, NaiveDate::from_ymd_opt(2018, 1, 1).unwrap());
        assert!(parse_publication_date("20180").is_none());
        assert!(parse_publication_date("0000").is_none());
    }

    #[test]
    fn iso_with_offset_converts_to_utc() {
        let d = parse_publication_date("2025-07-29T14:03:00+03:00").unwrap();
        assert_eq!(d.precision, DatePrecision::Second);
        assert_eq!(d.utc_offset_minutes, Some(180));
        let utc = chrono::DateTime::from_timestamp_micros(d.utc_micros()).unwrap();
        assert_eq!(utc.to_rfc3339(), "2025-07-29T11:03:00+00:00");
    }

    #[test]
    fn updated_label_with_zone_name() {
        let d = parse_publication_date("Updated: March 13, 2025 09:15 GMT").unwrap();
        assert_eq!(
            d.naive_datetime(),
            ymd("2025-03-13").and_hms_opt(9, 15, 0).unwrap()
        );
        assert_eq!(d.utc_offset_minutes, Some(0));
        assert_eq!(d.precision, DatePrecision::Minute);
    }

    #[test]
    fn rfc2822_and_twelve_hour_clock() {
        let d = parse_publication_date("Tue, 29 Jul 2025 14:03:00 +0000").unwrap();
        assert_eq!(
            d.naive_datetime(),
            ymd("2025-07-29").and_hms_opt(14, 3, 0).unwrap()
        );
        assert_eq!(d.utc_offset_minutes, Some(0));
        let d = parse_publication_date("July 29, 2025 2:05 p.m. EDT").unwrap();
        assert_eq!(
            d.naive_datetime(),
            ymd("2025-07-29").and_hms_opt(14, 5, 0).unwrap()
        );
        assert_eq!(d.utc_offset_minutes, Some(-240));
    }

    #[test]
    fn year_zero_and_five_digit_years_are_not_publication_dates() {
        assert!(parse_publication_date("0000-01-01").is_none());
        assert!(parse_publication_date("0000-06-15T10:00:00Z").is_none());
        // Year 1 as written, but year 0 once moved to UTC.
        assert!(parse_publication_date("0001-01-01T00:30:00+01:00").is_none());
        assert!(parse_publication_date("Fri Apr 28 19:20:36 CEST 99999").is_none());
        // The CMS placeholder for "no date" still parses, so the HTML reader can skip it.
        assert_eq!(
            parse_publication_date("0001-01-01T00:00:00Z").map(|d| d.date),
            NaiveDate::from_ymd_opt(1, 1, 1)
        );
    }

    #[test]
    fn text_without_a_full_date_is_none() {
        assert!(parse_publication_date("Kremlin Says Talks Going Nowhere").is_none());
        assert!(parse_publication_date("In May the council met").is_none());
        assert!(parse_publication_date("February 30, 2025").is_none());
        assert!(parse_publication_date("").is_none());
    }
}

#[cfg(test)]
mod site_format_tests {
    use super::*;

    #[test]
    fn epoch_milliseconds_and_seconds_are_utc_instants() {
        let d = parse_publication_date("1682702436000").unwrap();
        assert_eq!(d.naive_datetime().to_string(), "2023-04-28 17:20:36");
        assert_eq!(d.utc_offset_minutes, Some(0));
        assert_eq!(parse_publication_date("1682702436").unwrap().date, d.date);
        // Too early or too late to be a publication time: not read as one.
        assert!(parse_publication_date("0000000001").is_none());
    }

    #[test]
    fn java_style_date_with_zone_name() {
        let d = parse_publication_date("Fri Apr 28 19:20:36 CEST 2023").unwrap();
        assert_eq!(d.naive_datetime().to_string(), "2023-04-28 19:20:36");
        assert_eq!(d.utc_offset_minutes, Some(120));
    }
}
