//! Expressions relative to the anchor or to the last date mentioned: deictic words
//! ("today", "recently"), "last week", "the next day", "that year", "the year".

use chrono::{Datelike, NaiveDate};

use super::super::TimexType;
use super::super::lexicon::{Unit, month_full, part_of_day, season, unit, weekday};
use super::super::value::{add_days, add_months, bounds, fmt_day, fmt_month, fmt_week, fmt_year};
use super::durations::{duration_value, unit_name};
use super::resolve::Tense;
use super::{M, Scanner};

impl Scanner<'_> {
    /// Deictic words: "today", "yesterday morning", "now", "recently".
    pub(super) fn deictic(&self, i: usize) -> Option<M> {
        let s = self.w(i);
        let day_shift = match s {
            "today" => Some(0),
            "yesterday" => Some(-1),
            "tomorrow" => Some(1),
            _ => None,
        };
        if let Some(n) = day_shift {
            let day = self
                .anchor
                .map_or("XXXX-XX-XX".to_string(), |a| fmt_day(add_days(a, n)));
            if part_of_day(self.w(i + 1)).is_some() && self.w(i + 1) != "tonight" {
                return Some(M::date(i, i + 2, day));
            }
            // "today's" stays a date; the possessive is not part of it.
            return Some(M::date(i, i + 1, day));
        }
        let refv = |v: &str| Some(M::date(i, i + 1, v.to_string()));
        match s {
            "tonight" => refv(&self.anchor.map_or("XXXX-XX-XX".to_string(), fmt_day)),
            "now" => {
                // "now" as a discourse marker at the start of a quote is still
                // annotated in TimeML, so keep it everywhere.
                refv("PRESENT_REF")
            }
            "currently" | "presently" | "nowadays" => refv("PRESENT_REF"),
            // "the current chairman": annotated as present reference in
            // TimeML; "current account(s)" is a financial term.
            "current"
                if !matches!(self.w(i + 1), "account" | "accounts" | "affairs" | "events")
                    && self.tok(i + 1).is_some_and(|t| t.is_word()) =>
            {
                refv("PRESENT_REF")
            }
            "recently" | "lately" => refv("PAST_REF"),
            "more" | "most" if matches!(self.w(i + 1), "recently" | "lately") => {
                Some(M::date(i, i + 2, "PAST_REF".into()))
            }
            "right" if self.w(i + 1) == "now" => Some(M::date(i, i + 2, "PRESENT_REF".into())),
            "year" => {
                // "year-end", "year end", "year's end"
                let end = if self.is_dash(i + 1) && self.w(i + 2) == "end" {
                    i + 3
                } else if self.w(i + 1) == "end" {
                    i + 2
                } else if self.is_apostrophe(i + 1)
                    && self.w(i + 2) == "s"
                    && self.w(i + 3) == "end"
                {
                    i + 4
                } else {
                    return None;
                };
                Some(M::date(
                    i,
                    end,
                    self.anchor.map_or("XXXX".into(), |a| fmt_year(a.year())),
                ))
            }
            "these" if self.w(i + 1) == "days" => Some(M::date(i, i + 2, "PRESENT_REF".into())),
            "the" => match self.w(i + 1) {
                "future" => Some(M::date(i, i + 2, "FUTURE_REF".into())),
                "weekend" => {
                    let a = self.anchor;
                    let value = a.map_or("XXXX-WXX-WE".to_string(), |a| {
                        let wd = a.weekday().number_from_monday() as i64;
                        let d = match self.tense(i, i + 2) {
                            Tense::Future => a,
                            _ if wd >= 6 => a,
                            _ => add_days(a, -7),
                        };
                        format!("{}-WE", fmt_week(d))
                    });
                    Some(M::date(i, i + 2, value))
                }
                "near" | "foreseeable" | "distant" if self.w(i + 2) == "future" => {
                    Some(M::date(i, i + 3, "FUTURE_REF".into()))
                }
                "near" | "short" | "long" | "medium" if self.w(i + 2) == "term" => {
                    Some(M::date(i, i + 3, "FUTURE_REF".into()))
                }
                "past" if !self.continues_period(i + 2) => {
                    Some(M::date(i, i + 2, "PAST_REF".into()))
                }
                "present"
                    if !self
                        .tok(i + 2)
                        .is_some_and(|t| t.is_word() && !matches!(t.s, "and" | "or")) =>
                {
                    Some(M::date(i, i + 2, "PRESENT_REF".into()))
                }
                _ => None,
            },
            "future" if matches!(self.w(i.wrapping_sub(1)), "in" | "near") => refv("FUTURE_REF"),
            "recent" => {
                // "recent years" is a vague past date in TimeML; "recent
                // months/weeks" an unspecified duration.
                let (u, plural) = unit(self.w(i + 1))?;
                if !plural {
                    return None;
                }
                if u == Unit::Year {
                    return Some(M::date(i, i + 2, "PAST_REF".into()));
                }
                let mut m = M::new(i, i + 2, TimexType::Duration, duration_value(None, u));
                m.unit_gran = Some(unit_name(u));
                Some(m)
            }
            _ => None,
        }
    }

    /// The word at `i` continues "the past ..." into a longer period.
    fn continues_period(&self, i: usize) -> bool {
        let s = self.w(i);
        unit(s).is_some()
            || self.number_at(i).is_some()
            || matches!(s, "few" | "several" | "decade" | "century")
    }

    /// "last week", "next month", "this year", "the previous day",
    /// "last Friday", "this morning", "that year", "last fall".
    pub(super) fn relative(&self, i: usize) -> Option<M> {
        let mut j = i;
        let the = self.w(j) == "the";
        if the {
            j += 1;
        }
        // "this past spring", "this coming Sunday"
        if self.w(j) == "this" && matches!(self.w(j + 1), "past" | "coming") {
            j += 1;
        }
        let modw = self.w(j);
        let (dir, anaphoric) = match modw {
            "last" | "past" => (-1, false),
            "previous" | "preceding" | "prior" => (-1, the),
            "next" | "coming" | "upcoming" => (1, the && modw == "next"),
            "following" => (1, true),
            "this" if !the => (0, false),
            "current" | "present" => (0, false),
            "same" if the => (0, true),
            "that" if !the => (0, true),
            _ => return None,
        };
        j += 1;
        if self.w(j) == "fiscal" && self.w(j + 1) == "year" {
            j += 1;
        }
        let next = self.w(j);
        let mut base = match unit(next) {
            Some((u, _)) if anaphoric => self.reference_for(u),
            _ if anaphoric => self.reference_for(Unit::Day),
            _ => self.anchor,
        };
        // "this quarter" in an earnings story is the quarter being reported
        if dir == 0
            && next == "quarter"
            && let Some((d, "quarter")) = self.reference
        {
            base = Some(d);
        }
        if modw == "last" && !the && next == "night" {
            let day = self
                .anchor
                .map_or("XXXX-XX-XX".to_string(), |a| fmt_day(add_days(a, -1)));
            return Some(M::new(i, j + 1, TimexType::Time, format!("{day}TNI")));
        }
        if modw == "same"
            && let Some(m) = self.same_period_year_back(i, j)
        {
            return Some(m);
        }
        // "the last week of March", "the first week of May"
        if next == "week"
            && self.w(j + 1) == "of"
            && let Some((m, e)) = self.month_at(j + 2)
        {
            let y = self.year_for_month(m, self.tense(i, e));
            let value = y.and_then(|y| {
                let first = NaiveDate::from_ymd_opt(y, m, 1)?;
                let day = if modw == "last" {
                    add_days(add_months(first, 1), -1)
                } else {
                    first
                };
                Some(fmt_week(day))
            });
            return Some(M::date(i, e, value.unwrap_or_else(|| "XXXX-WXX".into())));
        }
        if let Some((u, false)) = unit(next) {
            if matches!(u, Unit::Hour | Unit::Minute | Unit::Second) {
                return None;
            }
            // "the past decade": a stretch of ten years, not the 1990s
            if matches!(modw, "past" | "last") && matches!(u, Unit::Decade | Unit::Century) {
                let mut m = M::new(i, j + 1, TimexType::Duration, duration_value(Some(1.0), u));
                m.unit_gran = Some(unit_name(u));
                return Some(m);
            }
            // "the next day", "the previous year": TimeML keeps them as dates
            let value = self.shifted(base, u, dir)?;
            return Some(M::date(i, j + 1, value));
        }
        if the && !anaphoric && modw != "past" && modw != "last" && modw != "current" {
            return None;
        }
        if let Some((wd, false)) = weekday(next) {
            let a = if anaphoric {
                self.reference_for(Unit::Day)
            } else {
                self.anchor
            };
            let value = a.map_or(format!("XXXX-WXX-{wd}"), |a| {
                let cur = a.weekday().number_from_monday() as i64;
                let wd = wd as i64;
                let d = match dir {
                    -1 => add_days(a, -(((cur - wd + 6) % 7) + 1)),
                    1 => add_days(a, ((wd - cur + 6) % 7) + 1),
                    _ => add_days(a, wd - cur),
                };
                fmt_day(d)
            });
            return Some(M::date(i, j + 1, value));
        }
        if let Some(m) = month_full(next).filter(|_| self.month_at(j).is_some()) {
            let value = self.anchor.map_or(format!("XXXX-{m:02}"), |a| {
                let y = match dir {
                    -1 if m >= a.month() => a.year() - 1,
                    1 if m <= a.month() => a.year() + 1,
                    _ => a.year(),
                };
                fmt_month(y, m)
            });
            return Some(M::date(i, j + 1, value));
        }
        if let Some((code, start_m)) = season(next) {
            let value = self.anchor.map_or(format!("XXXX-{code}"), |a| {
                let y = match dir {
                    -1 if start_m >= a.month() => a.year() - 1,
                    1 if start_m <= a.month() => a.year() + 1,
                    _ => a.year(),
                };
                format!("{}-{code}", fmt_year(y))
            });
            return Some(M::date(i, j + 1, value));
        }
        if modw == "this"
            && let Some(code) = part_of_day(next)
        {
            let day = self.anchor.map_or("XXXX-XX-XX".to_string(), fmt_day);
            return Some(M::new(i, j + 1, TimexType::Time, format!("{day}T{code}")));
        }
        None
    }

    /// "the same month a year ago", "the same period last year": the
    /// period last mentioned, one year back, at that period's granularity.
    fn same_period_year_back(&self, i: usize, j: usize) -> Option<M> {
        let noun = self.w(j);
        let k = j + 1;
        let end = match (self.w(k), self.w(k + 1), self.w(k + 2)) {
            ("a" | "one", "year", "ago" | "earlier" | "before") => k + 3,
            ("last" | "previous", "year", _) => k + 2,
            ("the", "previous" | "prior" | "last", "year") => k + 3,
            ("the", "year", "before") => k + 3,
            ("of", "last" | "the", "year") => k + 3,
            ("of", "the", "previous" | "last") if self.w(k + 3) == "year" => k + 4,
            _ => return None,
        };
        let (d, g) = match self.reference {
            Some(r) => r,
            None => (self.anchor?, "year"),
        };
        let u = match (noun, g) {
            ("day", _) => Unit::Day,
            ("week", _) => Unit::Week,
            ("month", _) => Unit::Month,
            ("quarter", _) => Unit::Quarter,
            ("period" | "time", "quarter") => Unit::Quarter,
            ("period" | "time", "month") => Unit::Month,
            ("period" | "time", "day") => Unit::Day,
            ("period" | "time" | "year", _) => Unit::Year,
            _ => return None,
        };
        let value = self.shifted(Some(add_months(d, -12)), u, 0)?;
        Some(M::date(i, end, value).derived())
    }

    /// "the year ended June 30" (a duration), "the full year", "for the
    /// year", "for the week": the anchor's period.
    pub(super) fn the_period(&self, i: usize) -> Option<M> {
        if self.w(i) != "the" {
            return None;
        }
        let mut j = i + 1;
        let full = matches!(self.w(j), "full" | "whole" | "entire");
        if full {
            j += 1;
        }
        if self.w(j) == "fiscal" {
            j += 1;
        }
        let (u, false) = unit(self.w(j))? else {
            return None;
        };
        if !matches!(u, Unit::Year | Unit::Week | Unit::Month | Unit::Quarter) {
            return None;
        }
        if matches!(
            self.w(j + 1),
            "ended" | "ending" | "ends" | "to" | "through"
        ) {
            let mut m = M::new(i, j + 1, TimexType::Duration, duration_value(Some(1.0), u));
            m.unit_gran = Some(unit_name(u));
            return Some(m);
        }
        let prev = if i > 0 { self.w(i - 1) } else { "" };
        let possessive = self.is_apostrophe(j + 1) && self.w(j + 2) == "s";
        if full || possessive || matches!(prev, "for" | "during" | "throughout") {
            return Some(M::date(i, j + 1, self.shifted(self.anchor, u, 0)?));
        }
        None
    }

    /// "that day", "the same day", "the day" after "on"/"for"; "the week
    /// of March 6".
    pub(super) fn anaphoric_day(&self, i: usize) -> Option<M> {
        if self.w(i) == "the" && self.w(i + 1) == "week" && self.w(i + 2) == "of" {
            let md = self
                .month_date(i + 3)
                .or_else(|| self.day_first_date(i + 3))?;
            // Without an anchor the month's day has no year ("XXXX-03-06"), so no bounds and
            // no week: the date alone is found then.
            return match bounds(&md.value) {
                (Some(s), _, "day") => Some(M::date(i, md.end, fmt_week(s))),
                _ => None,
            };
        }
        let day_context = |p: &str| {
            matches!(
                p,
                "on" | "for"
                    | "during"
                    | "end"
                    | "ended"
                    | "ending"
                    | "ends"
                    | "finish"
                    | "finished"
                    | "finishing"
                    | "close"
                    | "closed"
                    | "closing"
                    | "in"
                    | "of"
            )
        };
        if self.w(i) == "the" && self.w(i + 1) == "day" && i > 0 && day_context(self.w(i - 1)) {
            if unit(self.w(i + 2)).is_some()
                || matches!(self.w(i + 2), "before" | "after" | "of" | "when")
            {
                return None;
            }
            let d = self.reference_for(Unit::Day)?;
            return Some(M::date(i, i + 2, fmt_day(d)));
        }
        None
    }

    /// "the year", "the month", "the week" after a position word ("the end
    /// of the year", "earlier in the month"): the anchor's period.
    pub(super) fn the_unit(&self, i: usize) -> Option<M> {
        if self.w(i) != "the" {
            return None;
        }
        let (u, false) = unit(self.w(i + 1))? else {
            return None;
        };
        if u == Unit::Day {
            return Some(M::date(i, i + 2, fmt_day(self.reference_for(Unit::Day)?)));
        }
        if !matches!(u, Unit::Week | Unit::Month | Unit::Year | Unit::Quarter) {
            return None;
        }
        Some(M::date(i, i + 2, self.shifted(self.anchor, u, 0)?))
    }
}
