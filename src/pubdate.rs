//! Publication dates as news sites write them ("July 29, 2025", "29 July 2025",
//! "2025-07-29T14:03:00+03:00", "Updated: March 13, 2025 09:15 GMT", RFC 2822, ...).

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

/// How much of the instant the source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
    Minute,
    Second,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Minute => "minute",
            Precision::Second => "second",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicationDate {
    /// Local date and time as written (midnight when no time was given).
    pub local: NaiveDateTime,
    /// Offset from UTC in minutes, when the source stated one (or a zone name we know).
    pub offset_min: Option<i32>,
    pub precision: Precision,
}

impl PublicationDate {
    pub fn date(&self) -> NaiveDate {
        self.local.date()
    }

    /// Microseconds since the epoch, UTC. A missing offset is taken as UTC.
    pub fn utc_micros(&self) -> i64 {
        let offset_secs = i64::from(self.offset_min.unwrap_or(0)) * 60;
        (self.local.and_utc().timestamp() - offset_secs) * 1_000_000
            + i64::from(self.local.and_utc().timestamp_subsec_micros())
    }
}

pub fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let month = match w.as_str() {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

fn zone_offset_min(zone: &str) -> Option<i32> {
    let z = zone.to_ascii_uppercase();
    let hours = match z.as_str() {
        "Z" | "UTC" | "GMT" | "UT" | "WET" => 0,
        "BST" | "CET" | "WEST" => 1,
        "CEST" | "EET" | "SAST" => 2,
        "EEST" | "MSK" => 3,
        "IST" => return Some(330),
        "JST" | "KST" => 9,
        "AEST" => 10,
        "AEDT" => 11,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        _ => {
            // "+03:00", "+0300", "-05", "UTC+2", "GMT-5"
            let rest = z.trim_start_matches("UTC").trim_start_matches("GMT");
            let (sign, digits) = match rest.as_bytes().first()? {
                b'+' => (1, &rest[1..]),
                b'-' => (-1, &rest[1..]),
                _ => return None,
            };
            let digits: String = digits.chars().filter(|c| c.is_ascii_digit()).collect();
            let (h, m) = match digits.len() {
                1 | 2 => (digits.parse::<i32>().ok()?, 0),
                3 | 4 => {
                    let (h, m) = digits.split_at(digits.len() - 2);
                    (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?)
                }
                _ => return None,
            };
            if h > 14 || m > 59 {
                return None;
            }
            return Some(sign * (h * 60 + m));
        }
    };
    Some(hours * 60)
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(\d{4})-(\d{2})-(\d{2})
          (?:[T\ ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?
          \s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?\b",
    )
    .expect("valid regex")
});

static TIME_OF_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?
          (?:\s*\(?\s*((?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?|[A-Z]{1,4}T|UTC|GMT|Z)\)?)?\s*$",
    )
    .expect("valid regex")
});

/// Parses a publication date line. Returns None when the text holds no full calendar date.
pub fn parse_publication_date(input: &str) -> Option<PublicationDate> {
    let mut s = input.trim();
    // Labels sites put before the date.
    for label in [
        "updated:",
        "updated",
        "published:",
        "published",
        "posted:",
        "posted on",
        "posted",
        "last modified:",
        "date:",
        "on",
    ] {
        if s.len() >= label.len() && s[..label.len()].eq_ignore_ascii_case(label) {
            s = s[label.len()..].trim_start();
        }
    }
    if let Some(c) = ISO.captures(s) {
        return iso_from_captures(&c);
    }
    parse_written_date(s)
}

fn iso_from_captures(c: &regex::Captures) -> Option<PublicationDate> {
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let date = NaiveDate::from_ymd_opt(c[1].parse().ok()?, num(2)?, num(3)?)?;
    let (time, precision) = match (num(4), num(5)) {
        (Some(h), Some(m)) => match num(6) {
            Some(sec) => (NaiveTime::from_hms_opt(h, m, sec)?, Precision::Second),
            None => (NaiveTime::from_hms_opt(h, m, 0)?, Precision::Minute),
        },
        _ => (NaiveTime::MIN, Precision::Day),
    };
    let offset_min = c.get(7).and_then(|m| zone_offset_min(m.as_str()));
    Some(PublicationDate {
        local: date.and_time(time),
        offset_min,
        precision,
    })
}

/// "July 29, 2025", "Tue, 29 Jul 2025 14:03:00 +0000", "29 July 2025, 2:05 p.m. ET", "3/4/2025" is not
/// accepted (day/month order is ambiguous).
fn parse_written_date(s: &str) -> Option<PublicationDate> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    // Find "<month> <day> <year>" or "<day> <month> <year>" anywhere in the first words.
    for i in 0..words.len().min(6) {
        let Some(month) = month_from_name(words[i]) else {
            continue;
        };
        let day_num = |w: &str| {
            let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
            digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
        };
        let year_num = |w: &str| w.parse::<i32>().ok().filter(|y| (1000..=2999).contains(y));
        let (day, year, after) = if let (Some(d), Some(y)) = (
            words.get(i + 1).and_then(|w| day_num(w)),
            words.get(i + 2).and_then(|w| year_num(w)),
        ) {
            (d, y, i + 3)
        } else if let (Some(d), Some(y)) = (
            i.checked_sub(1).and_then(|j| day_num(words[j])),
            words.get(i + 1).and_then(|w| year_num(w)),
        ) {
            (d, y, i + 2)
        } else {
            continue;
        };
        let date = NaiveDate::from_ymd_opt(year, month, day)?;
        let rest = words[after.min(words.len())..].join(" ");
        let rest = rest.trim_start_matches(['-', '|', '/', '@']).trim();
        let rest = rest.strip_prefix("at ").unwrap_or(rest);
        return Some(with_time_of_day(date, rest));
    }
    None
}

fn with_time_of_day(date: NaiveDate, rest: &str) -> PublicationDate {
    let day_only = PublicationDate {
        local: date.and_time(NaiveTime::MIN),
        offset_min: None,
        precision: Precision::Day,
    };
    if rest.is_empty() || rest.len() > 40 {
        return day_only;
    }
    let Some(c) = TIME_OF_DAY.captures(rest) else {
        return day_only;
    };
    if c.get(2).is_none() && c.get(4).is_none() {
        // A bare number is no time of day.
        return day_only;
    }
    let mut hour: u32 = c[1].parse().unwrap_or(99);
    let minute: u32 = c
        .get(2)
        .map_or(Some(0), |m| m.as_str().parse().ok())
        .unwrap_or(99);
    let second: Option<u32> = c.get(3).and_then(|m| m.as_str().parse().ok());
    if let Some(ampm) = c.get(4) {
        let pm = ampm.as_str().to_ascii_lowercase().starts_with('p');
        if hour == 12 {
            hour = 0;
        }
        if pm {
            hour += 12;
        }
    }
    let Some(time) = NaiveTime::from_hms_opt(hour, minute, second.unwrap_or(0)) else {
        return day_only;
    };
    PublicationDate {
        local: date.and_time(time),
        offset_min: c.get(5).and_then(|m| zone_offset_min(m.as_str())),
        precision: if second.is_some() {
            Precision::Second
        } else {
            Precision::Minute
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn seed_date_line_is_a_day() {
        let d = parse_publication_date("July 29, 2025").unwrap();
        assert_eq!(d.date(), ymd("2025-07-29"));
        assert_eq!(d.precision, Precision::Day);
        assert_eq!(d.offset_min, None);
    }

    #[test]
    fn day_month_year_and_abbreviations() {
        assert_eq!(
            parse_publication_date("29 July 2025").unwrap().date(),
            ymd("2025-07-29")
        );
        assert_eq!(
            parse_publication_date("Jul. 3, 2024").unwrap().date(),
            ymd("2024-07-03")
        );
        assert_eq!(
            parse_publication_date("Tuesday, 1st April 2025")
                .unwrap()
                .date(),
            ymd("2025-04-01")
        );
    }

    #[test]
    fn iso_with_offset_converts_to_utc() {
        let d = parse_publication_date("2025-07-29T14:03:00+03:00").unwrap();
        assert_eq!(d.precision, Precision::Second);
        assert_eq!(d.offset_min, Some(180));
        let utc = chrono::DateTime::from_timestamp_micros(d.utc_micros()).unwrap();
        assert_eq!(utc.to_rfc3339(), "2025-07-29T11:03:00+00:00");
    }

    #[test]
    fn updated_label_with_zone_name() {
        let d = parse_publication_date("Updated: March 13, 2025 09:15 GMT").unwrap();
        assert_eq!(d.local, ymd("2025-03-13").and_hms_opt(9, 15, 0).unwrap());
        assert_eq!(d.offset_min, Some(0));
        assert_eq!(d.precision, Precision::Minute);
    }

    #[test]
    fn rfc2822_and_twelve_hour_clock() {
        let d = parse_publication_date("Tue, 29 Jul 2025 14:03:00 +0000").unwrap();
        assert_eq!(d.local, ymd("2025-07-29").and_hms_opt(14, 3, 0).unwrap());
        assert_eq!(d.offset_min, Some(0));
        let d = parse_publication_date("July 29, 2025 2:05 p.m. EDT").unwrap();
        assert_eq!(d.local, ymd("2025-07-29").and_hms_opt(14, 5, 0).unwrap());
        assert_eq!(d.offset_min, Some(-240));
    }

    #[test]
    fn text_without_a_full_date_is_none() {
        assert!(parse_publication_date("Kremlin Says Talks Going Nowhere").is_none());
        assert!(parse_publication_date("In May the council met").is_none());
        assert!(parse_publication_date("February 30, 2025").is_none());
        assert!(parse_publication_date("").is_none());
    }
}
