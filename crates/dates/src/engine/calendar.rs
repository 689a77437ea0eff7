//! Dates named by the calendar: numeric dates, month and day-first dates, weekdays,
//! seasons and fixed holidays.

use chrono::{Datelike, NaiveDate};

use super::super::TimexType;
use super::super::lexicon::{part_of_day, season, weekday};
use super::super::value::{fmt_day, fmt_month, fmt_year};
use super::resolve::Tense;
use super::{M, Scanner};

impl Scanner<'_> {
    /// ISO dates with optional time ("2025-07-29", "2025-07-29T14:03"), numeric US dates
    /// ("7/29/2025") and day-first dotted dates ("29.07.2025").
    pub(super) fn numeric_date(&self, i: usize) -> Option<M> {
        let t = self.tok(i)?;
        if !t.is_num() {
            return None;
        }
        if t.s.len() == 4
            && self.is_dash(i + 1)
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.is_dash(i + 3)
            && self.glued(i + 3)
            && self.glued(i + 4)
        {
            let y = t.num()? as i32;
            let m = self.tok(i + 2)?.num()?;
            let d = self.tok(i + 4)?.num()?;
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            let mut end = i + 5;
            let mut value = fmt_day(date);
            let mut ty = TimexType::Date;
            if matches!(self.w(end), "t") && self.glued(end) && self.glued(end + 1) {
                let h = self.tok(end + 1).and_then(|x| x.num());
                if let (Some(h), ":") = (h, self.w(end + 2))
                    && let Some(mi) = self.tok(end + 3).and_then(|x| x.num())
                {
                    value = format!("{value}T{h:02}:{mi:02}");
                    ty = TimexType::Time;
                    end += 4;
                    if self.w(end) == ":"
                        && self.glued(end)
                        && let Some(s) = self.tok(end + 1).and_then(|x| x.num())
                    {
                        value = format!("{value}:{s:02}");
                        end += 2;
                    }
                }
            }
            return Some(M::date(i, end, value)).map(|mut m| {
                m.ty = ty;
                m
            });
        }
        // m/d/yyyy or m/d/yy
        if t.s.len() <= 2
            && self.w(i + 1) == "/"
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self.w(i + 3) == "/"
            && self.glued(i + 3)
            && self.glued(i + 4)
        {
            let a = t.num()?;
            let b = self.tok(i + 2)?.num()?;
            let yt = self.tok(i + 4)?;
            let mut y = yt.num()? as i32;
            if yt.s.len() == 2 {
                y += if y < 50 { 2000 } else { 1900 };
            } else if yt.s.len() != 4 {
                return None;
            }
            let (m, d) = if a > 12 { (b, a) } else { (a, b) };
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            return Some(M::date(i, i + 5, fmt_day(date)));
        }
        // d.m.yyyy, day first: how German, Dutch, Polish, Russian and most of Europe write a
        // day in digits ("31.01.2022", "1.2.2021").
        if t.s.len() <= 2
            && self.w(i + 1) == "."
            && self.glued(i + 1)
            && self.glued(i + 2)
            && self
                .tok(i + 2)
                .is_some_and(|x| x.is_num() && x.s.len() <= 2)
            && self.w(i + 3) == "."
            && self.glued(i + 3)
            && self.glued(i + 4)
        {
            let (y, end) = self.year_at(i + 4)?;
            let date = NaiveDate::from_ymd_opt(y, self.tok(i + 2)?.num()?, t.num()?)?;
            return Some(M::date(i, end, fmt_day(date)));
        }
        None
    }

    /// Month-based dates: "Feb. 27", "July 29, 2025", "July 2025", "April".
    pub(super) fn month_date(&self, i: usize) -> Option<M> {
        let (m, j) = self.month_at(i)?;
        if let Some((d, k)) = self.day_at(j) {
            // Reject "May 5 percent" style quantities.
            if !matches!(self.w(k), "%" | "percent" | "per") {
                let (k2, yr) = match (self.w(k), self.year_at(k), self.year_at(k + 1)) {
                    (_, Some((y, e)), _) => (e, Some(y)),
                    (",", _, Some((y, e))) => (e, Some(y)),
                    _ => (k, None),
                };
                let y = match yr {
                    Some(y) => Some(y),
                    None => self.year_for_month_day(m, d, self.tense(i, k)),
                };
                let value = match y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d)) {
                    Some(date) => fmt_day(date),
                    None => format!("XXXX-{m:02}-{d:02}"),
                };
                return Some(M::date(i, k2, value));
            }
        }
        let (j2, yr) = match (self.w(j), self.year_at(j), self.year_at(j + 1)) {
            (_, Some((y, e)), _) => (e, Some(y)),
            ("," | "of", _, Some((y, e))) => (e, Some(y)),
            _ => (j, None),
        };
        if let Some(y) = yr {
            return Some(M::date(i, j2, fmt_month(y, m)));
        }
        // "February this year", "April next year"
        if let (Some(a), "year") = (self.anchor, self.w(j + 1)) {
            let shift = match self.w(j) {
                "this" => Some(0),
                "next" => Some(1),
                "last" => Some(-1),
                _ => None,
            };
            if let Some(n) = shift {
                return Some(M::date(i, j + 2, fmt_month(a.year() + n, m)));
            }
        }
        // "the March for Life", "March of the Living": an event name
        if self.t[i].s == "march"
            && matches!(self.w(j), "for" | "of" | "on")
            && (i > 0 && matches!(self.w(i - 1), "the" | "annual")
                || self.tok(j + 1).is_some_and(|t| t.is_capitalized()))
        {
            return None;
        }
        let value = match self.year_for_month(m, self.tense(i, j)) {
            Some(y) => fmt_month(y, m),
            None => format!("XXXX-{m:02}"),
        };
        Some(M::date(i, j, value))
    }

    /// Day-first dates: "29 July 2025", "the 4th of July".
    pub(super) fn day_first_date(&self, i: usize) -> Option<M> {
        let mut j = i;
        if self.w(j) == "the" {
            j += 1;
        }
        let (d, mut k) = self.day_at(j)?;
        if self.w(k) == "of" {
            k += 1;
        } else if j != i {
            return None;
        }
        let (m, k) = self.month_at(k)?;
        let (end, yr) = match (self.w(k), self.year_at(k), self.year_at(k + 1)) {
            (_, Some((y, e)), _) => (e, Some(y)),
            (",", _, Some((y, e))) => (e, Some(y)),
            _ => (k, None),
        };
        let y = yr.or_else(|| self.year_for_month_day(m, d, self.tense(i, end)));
        let value = match y.and_then(|y| NaiveDate::from_ymd_opt(y, m, d)) {
            Some(date) => fmt_day(date),
            None => format!("XXXX-{m:02}-{d:02}"),
        };
        Some(M::date(i, end, value))
    }

    /// Weekdays, optionally with an explicit date or a part of day:
    /// "Tuesday", "Monday, Oct. 26", "Friday morning"; plural = set.
    pub(super) fn weekday_date_expr(&self, i: usize) -> Option<M> {
        let (wd, plural) = weekday(self.w(i))?;
        if plural {
            return Some(M::new(i, i + 1, TimexType::Set, format!("XXXX-WXX-{wd}")));
        }
        // "Monday, Oct. 26": the explicit date wins.
        let after = if self.w(i + 1) == "," { i + 2 } else { i + 1 };
        let same_line = self.tok(after).is_some_and(|t| !t.newline_before);
        if same_line
            && let Some(md) = self
                .month_date(after)
                .or_else(|| self.day_first_date(after))
            && (md.value.len() == 10 || md.value.starts_with("XXXX-") && md.value.len() == 10)
        {
            return Some(M::date(i, md.end, md.value));
        }
        // "Wednesday's ruling", "Friday's close": a day named as the owner of
        // an event is, in news, mostly one that has happened; the clause's
        // verb ("would look for ways around Wednesday's ruling") is not its tense.
        let possessive = self.is_apostrophe(i + 1) && self.w(i + 2) == "s";
        let tense = if possessive {
            Tense::Past
        } else {
            self.tense(i, i + 1)
        };
        let date = self.weekday_date(wd, tense);
        let day = date.map_or(format!("XXXX-WXX-{wd}"), fmt_day);
        // "Friday night": annotated corpora (TimeBank, AQUAINT) mostly keep
        // the day as the value, so the part of day only widens the span.
        if part_of_day(self.w(i + 1)).is_some() {
            return Some(M::date(i, i + 2, day));
        }
        Some(M::date(i, i + 1, day))
    }

    /// Seasons: "summer 2024", "the summer of 1997", "in the fall".
    pub(super) fn season_expr(&self, i: usize) -> Option<M> {
        let mut j = i;
        let the = self.w(j) == "the";
        if the {
            j += 1;
        }
        let (code, start_m) = season(self.w(j))?;
        let mut end = j + 1;
        let year = if self.w(end) == "of" {
            self.year_at(end + 1)
                .or_else(|| self.spelled_year(end + 1))
                .map(|(y, e)| {
                    end = e;
                    y
                })
        } else {
            self.year_at(end).map(|(y, e)| {
                end = e;
                y
            })
        };
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        if year.is_none()
            && !(matches!(
                prev,
                "in" | "during" | "this" | "since" | "until" | "by" | "over" | "through"
            ) || the && prev == "in")
        {
            return None;
        }
        let y = year.or_else(|| self.year_for_month(start_m, self.tense(i, end)));
        Some(M::date(
            i,
            end,
            format!("{}-{code}", y.map_or("XXXX".to_string(), fmt_year)),
        ))
    }

    /// Fixed holidays resolved to the nearest past occurrence by default.
    pub(super) fn holiday(&self, i: usize) -> Option<M> {
        let t = self.tok(i)?;
        if !t.is_capitalized() {
            return None;
        }
        let (m, d, len) = match (t.s, self.w(i + 1), self.w(i + 2), self.w(i + 3)) {
            ("christmas", "eve", _, _) => (12, 24, 2),
            ("christmas", "day", _, _) => (12, 25, 2),
            ("christmas", _, _, _) => (12, 25, 1),
            ("new", "year", "'" | "\u{2019}", "s") if matches!(self.w(i + 4), "day" | "eve") => {
                if self.w(i + 4) == "eve" {
                    (12, 31, 5)
                } else {
                    (1, 1, 5)
                }
            }
            ("halloween", _, _, _) => (10, 31, 1),
            ("valentine", "'" | "\u{2019}", "s", "day") => (2, 14, 4),
            ("independence", "day", _, _) => (7, 4, 2),
            ("thanksgiving", _, _, _) => {
                // fourth Thursday of November
                let len = if self.w(i + 1) == "day" { 2 } else { 1 };
                let y = self.year_for_month_day(11, 25, self.tense(i, i + len));
                let value = y
                    .and_then(|y| {
                        NaiveDate::from_weekday_of_month_opt(y, 11, chrono::Weekday::Thu, 4)
                    })
                    .map_or("XXXX-11-XX".to_string(), fmt_day);
                return Some(M::date(i, i + len, value));
            }
            _ => return None,
        };
        let mut end = i + len;
        let y = if let Some((y, e)) = self.year_at(end) {
            end = e;
            Some(y)
        } else {
            self.year_for_month_day(m, d, self.tense(i, end))
        };
        let value = y
            .and_then(|y| NaiveDate::from_ymd_opt(y, m, d))
            .map_or(format!("XXXX-{m:02}-{d:02}"), fmt_day);
        Some(M::date(i, end, value))
    }
}
