//! Resolution against the anchor and the reference date: the tense of the clause
//! around an expression, the year a month or day most likely falls in, the period
//! `n` units away.

use chrono::{Datelike, NaiveDate};

use super::super::lexicon::{Unit, is_future_marker, is_past_marker};
use super::super::value::{
    add_days, add_months, fmt_day, fmt_month, fmt_quarter, fmt_week, fmt_year,
};
use super::Scanner;
use super::quarters::quarter_of;

/// Tense of the clause around an expression: whether a bare month, weekday or
/// quarter lies ahead of the anchor or behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    Future,
    Unknown,
}

impl Scanner<'_> {
    /// Tense of the clause around tokens `start..end`: nearest marker to the
    /// left within the sentence, else to the right.
    pub(super) fn tense(&self, start: usize, end: usize) -> Tense {
        // Deadlines: "by February", "until Tuesday" look forward unless a
        // past auxiliary says otherwise ("had been extended until ...").
        if start > 0 && matches!(self.w(start - 1), "by" | "until" | "till") {
            let window = start.saturating_sub(10)..(end + 8).min(self.t.len());
            let past_aux = window
                .into_iter()
                .any(|k| matches!(self.w(k), "had" | "was" | "were" | "did"));
            if !past_aux {
                return Tense::Future;
            }
        }
        let mut k = start;
        let mut n = 0;
        while k > 0 && n < 12 {
            if self.t[k].newline_before {
                break;
            }
            k -= 1;
            n += 1;
            if self.sentence_break(k) {
                break;
            }
            if let Some(t) = self.marker(k, n, true) {
                return t;
            }
        }
        let mut k = end;
        let mut n = 0;
        while k < self.t.len() && n < 10 {
            if self.t[k].newline_before || self.sentence_break(k) {
                break;
            }
            if let Some(t) = self.marker(k, n + 1, false) {
                return t;
            }
            k += 1;
            n += 1;
        }
        Tense::Unknown
    }

    /// Tense signalled by token `k`, `dist` tokens from the expression, on
    /// its left (`left`) or right.
    fn marker(&self, k: usize, dist: usize, left: bool) -> Option<Tense> {
        let t = &self.t[k];
        // Planning verbs govern a date that follows them ("planned to leave
        // on Thursday"); after the date they describe it ("the service
        // planned for Saturday was cancelled") and say nothing of tense.
        if !left
            && matches!(
                t.s,
                "planned"
                    | "scheduled"
                    | "expected"
                    | "slated"
                    | "expects"
                    | "expect"
                    | "plans"
                    | "plan"
            )
        {
            return None;
        }
        // Reporting verbs describe when something was said, not when the
        // reported event happens, unless directly attached ("said Friday").
        if matches!(t.s, "said" | "says" | "told" | "added" | "noted" | "stated") {
            return (dist <= 2).then_some(Tense::Past);
        }
        // "as soon as Tuesday", "as early as next week"
        if matches!(t.s, "soon" | "early")
            && k > 0
            && self.w(k - 1) == "as"
            && self.w(k + 1) == "as"
        {
            return Some(Tense::Future);
        }
        if matches!(
            t.s,
            "payable"
                | "expire"
                | "expires"
                | "postponed"
                | "delayed"
                | "deadline"
                | "starting"
                | "begins"
                | "beginning"
                | "planned"
                | "scheduled"
                | "expected"
                | "slated"
                | "effective"
        ) {
            // "had been due to expire Friday": the pluperfect puts the
            // deadline in the past.
            let had = (k.saturating_sub(4)..k).any(|h| self.w(h) == "had");
            return Some(if had { Tense::Past } else { Tense::Future });
        }
        if !t.is_word() || t.is_capitalized() && k > 0 && !self.t[k].newline_before {
            // Capitalised words mid-sentence are names, not verbs.
            if !(t.is_word() && matches!(t.s, "will" | "was" | "were" | "had")) {
                return None;
            }
        }
        if is_future_marker(t.s) {
            // "going" and "plans" mark the future only before "to".
            if matches!(t.s, "going" | "plans" | "plan") && self.w(k + 1) != "to" {
                return None;
            }
            return Some(Tense::Future);
        }
        if is_past_marker(t.s) {
            // "to be published", "will be held": a passive participle after
            // "be" is not a past tense.
            if k > 0 && self.w(k - 1) == "be" {
                return (k > 1 && self.w(k - 2) == "to").then_some(Tense::Future);
            }
            return Some(Tense::Past);
        }
        None
    }

    const MONTHS_AHEAD: u32 = 2;

    pub(super) fn weekday_date(&self, wd: u32, tense: Tense) -> Option<NaiveDate> {
        let a = self.anchor?;
        let cur = a.weekday().number_from_monday() as i64;
        let wd = wd as i64;
        Some(match tense {
            Tense::Future => add_days(a, (wd - cur + 7) % 7),
            _ => add_days(a, -((cur - wd + 7) % 7)),
        })
    }

    pub(super) fn year_for_month(&self, m: u32, tense: Tense) -> Option<i32> {
        let a = self.anchor?;
        // With no tense to go by, a month up to WINDOW months ahead is the
        // coming one ("the offer ends in November", written in late October);
        // further ahead it is most likely last year's.
        let ahead = (m + 12 - a.month()) % 12;
        Some(match tense {
            Tense::Future if m < a.month() => a.year() + 1,
            Tense::Future => a.year(),
            Tense::Unknown if ahead > 0 && ahead <= Self::MONTHS_AHEAD => {
                if m < a.month() {
                    a.year() + 1
                } else {
                    a.year()
                }
            }
            _ if m <= a.month() => a.year(),
            _ => a.year() - 1,
        })
    }

    pub(super) fn year_for_month_day(&self, m: u32, d: u32, tense: Tense) -> Option<i32> {
        let a = self.anchor?;
        let y = a.year();
        let cand =
            |y: i32| NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y, m, 28));
        let this = cand(y)?;
        let gap = (this - a).num_days();
        Some(match tense {
            Tense::Past if gap > 60 => y - 1,
            Tense::Future if gap < -60 => y + 1,
            Tense::Unknown if gap > 150 => y - 1,
            Tense::Unknown if gap < -240 => y + 1,
            _ => y,
        })
    }

    /// Value of the period `n` units away from `base`.
    pub(super) fn shifted(&self, base: Option<NaiveDate>, u: Unit, n: i32) -> Option<String> {
        let Some(b) = base else {
            return Some(
                match u {
                    Unit::Day => "XXXX-XX-XX",
                    Unit::Week => "XXXX-WXX",
                    Unit::Weekend => "XXXX-WXX-WE",
                    Unit::Month => "XXXX-XX",
                    Unit::Quarter => "XXXX-QX",
                    Unit::Year => "XXXX",
                    Unit::Decade => "XXX",
                    Unit::Century => "XX",
                    _ => return None,
                }
                .to_string(),
            );
        };
        Some(match u {
            Unit::Day => fmt_day(add_days(b, n as i64)),
            Unit::Week => fmt_week(add_days(b, 7 * n as i64)),
            Unit::Weekend => format!("{}-WE", fmt_week(add_days(b, 7 * n as i64))),
            Unit::Month => {
                let d = add_months(b, n);
                fmt_month(d.year(), d.month())
            }
            Unit::Quarter => {
                let d = add_months(b, 3 * n);
                fmt_quarter(d.year(), quarter_of(d))
            }
            Unit::Year => fmt_year(b.year() + n),
            Unit::Decade => format!("{:03}", b.year().div_euclid(10) + n),
            Unit::Century => format!("{:02}", b.year().div_euclid(100) + n),
            _ => return None,
        })
    }

    pub(super) fn reference_or_anchor(&self) -> Option<NaiveDate> {
        self.reference.map(|r| r.0).or(self.anchor)
    }

    /// The reference date if it is at least as precise as `u` ("the next
    /// day" needs a day, "that year" any date), else the anchor.
    pub(super) fn reference_for(&self, u: Unit) -> Option<NaiveDate> {
        let fine_enough = |g: &str| match u {
            Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
                matches!(g, "day" | "minute" | "second" | "part_of_day")
            }
            Unit::Week | Unit::Weekend => matches!(
                g,
                "day" | "minute" | "second" | "part_of_day" | "week" | "weekend"
            ),
            Unit::Month => !matches!(
                g,
                "year" | "quarter" | "half" | "season" | "decade" | "century"
            ),
            Unit::Quarter => !matches!(g, "year" | "half" | "decade" | "century"),
            _ => true,
        };
        match self.reference {
            Some((d, g)) if fine_enough(g) => Some(d),
            _ => self.anchor,
        }
    }
}
