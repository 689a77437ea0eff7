//! The timex scanner: walks the token list once, tries each expression
//! family at every token that can start one, keeps the longest match, and
//! resolves relative expressions against the anchor (publication date) using
//! the tense of nearby verbs.
//!
//! Why hand-written instead of a regex set: rules need look-around (tense,
//! capitalisation, the previous word), arithmetic on calendar values and
//! longest-match arbitration between families. Expressed over tokens with
//! `match` tables this is one linear pass with no compilation cost and no
//! backtracking, which keeps extraction well above 500k tokens/s per core.

use chrono::{Datelike, NaiveDate};

use super::lexicon::{
    Unit, cardinal, is_future_marker, is_past_marker, is_timezone, maybe_literal, month_abbr,
    month_full, ordinal, part_of_day, season, unit, weekday,
};
use super::token::{Token, tokenize};
use super::value::{
    add_days, add_months, bounds, fmt_day, fmt_month, fmt_quarter, fmt_week, fmt_year,
};
use super::{Timex, TimexType};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

/// A match over tokens `start..end` (exclusive), before conversion to a
/// [`Timex`].
#[derive(Debug, Clone)]
struct M {
    start: usize,
    end: usize,
    ty: TimexType,
    value: String,
    /// Explicit bounds for ranges ("between 2016 and 2018").
    range: Option<(NaiveDate, NaiveDate)>,
    /// Granularity for durations and sets (dates derive it from the value).
    unit_gran: Option<&'static str>,
    /// The expression starts with a number, so approximators ("nearly",
    /// "more than") may be attached in front of it.
    numeric: bool,
    /// Derived from another date ("a year earlier"): must not become the
    /// reference for later anaphora.
    no_ref: bool,
}

impl M {
    fn new(start: usize, end: usize, ty: TimexType, value: String) -> Self {
        M {
            start,
            end,
            ty,
            value,
            range: None,
            unit_gran: None,
            numeric: false,
            no_ref: false,
        }
    }
    fn derived(mut self) -> Self {
        self.no_ref = true;
        self
    }
    fn date(start: usize, end: usize, value: String) -> Self {
        Self::new(start, end, TimexType::Date, value)
    }
}

/// Words that can precede a bare ambiguous month name ("May", "March").
fn month_context_word(s: &str) -> bool {
    matches!(
        s,
        "in" | "of"
            | "since"
            | "until"
            | "till"
            | "by"
            | "last"
            | "next"
            | "this"
            | "early"
            | "late"
            | "mid"
            | "from"
            | "through"
            | "to"
            | "during"
            | "before"
            | "after"
            | "between"
            | "and"
            | "-"
            | "end"
            | "beginning"
            | "throughout"
            | "that"
            | "following"
            | "previous"
            | "for"
            | "on"
    )
}

/// A lowercase word that no recognizer can start a match with: plain ASCII
/// lowercase letters, not a literal of the recognizers or word tables
/// (`LITERAL_WORDS`, tested through its filter: a clear bit proves absence),
/// and not a plural weekday (the one table entry matched after stripping a
/// suffix). Recognizers compare words only by equality against those, so
/// skipping such tokens changes no output.
fn cannot_start(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_lowercase()) && !maybe_literal(s) && weekday(s).is_none()
}

/// Decade number within a century for "the nineties" style words.
fn decade_word(s: &str) -> Option<i32> {
    Some(match s {
        "twenties" => 2,
        "thirties" => 3,
        "forties" => 4,
        "fifties" => 5,
        "sixties" => 6,
        "seventies" => 7,
        "eighties" => 8,
        "nineties" => 9,
        _ => return None,
    })
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Second => "second",
        Unit::Minute => "minute",
        Unit::Hour => "hour",
        Unit::Day => "day",
        Unit::Week => "week",
        Unit::Weekend => "weekend",
        Unit::Month => "month",
        Unit::Quarter => "quarter",
        Unit::Year => "year",
        Unit::Decade => "decade",
        Unit::Century => "century",
    }
}

/// Formats a number for a duration value ("3", "2.5").
fn fmt_amount(n: f64) -> String {
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// TIMEX3 duration value; `None` amount means vague ("several years").
fn duration_value(n: Option<f64>, u: Unit) -> String {
    let Some(n) = n else {
        return match u {
            Unit::Second => "PTXS",
            Unit::Minute => "PTXM",
            Unit::Hour => "PTXH",
            Unit::Day => "PXD",
            Unit::Week | Unit::Weekend => "PXW",
            Unit::Month => "PXM",
            Unit::Quarter => "PXQ",
            Unit::Year => "PXY",
            Unit::Decade => "PXDE",
            Unit::Century => "PXCE",
        }
        .to_string();
    };
    let whole = n.trunc();
    let frac = n - whole;
    // Fractions are written in the next smaller unit ("2 1/2 years" = P2Y6M).
    if frac > 0.0 {
        let w = whole as i64;
        let part = |total: f64| (frac * total).round() as i64;
        match u {
            Unit::Year if w > 0 => return format!("P{w}Y{}M", part(12.0)),
            Unit::Year => return format!("P{}M", part(12.0)),
            Unit::Hour if w > 0 => return format!("PT{w}H{}M", part(60.0)),
            Unit::Hour => return format!("PT{}M", part(60.0)),
            Unit::Minute if w > 0 => return format!("PT{w}M{}S", part(60.0)),
            Unit::Minute => return format!("PT{}S", part(60.0)),
            Unit::Day if w > 0 => return format!("P{w}DT{}H", part(24.0)),
            Unit::Day => return format!("PT{}H", part(24.0)),
            _ => {}
        }
    }
    let a = fmt_amount(n);
    match u {
        Unit::Second => format!("PT{a}S"),
        Unit::Minute => format!("PT{a}M"),
        Unit::Hour => format!("PT{a}H"),
        Unit::Day => format!("P{a}D"),
        Unit::Week => format!("P{a}W"),
        Unit::Weekend => format!("P{}D", fmt_amount(n * 2.0)),
        Unit::Month => format!("P{a}M"),
        Unit::Quarter => format!("P{a}Q"),
        Unit::Year => format!("P{a}Y"),
        Unit::Decade => format!("P{}Y", fmt_amount(n * 10.0)),
        Unit::Century => format!("P{}Y", fmt_amount(n * 100.0)),
    }
}

fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

/// Kinds of modifiers kept in front of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prefix {
    /// "early", "the end of": dates and times only.
    Position,
    /// "nearly", "more than": expressions starting with a number.
    Approx,
    /// "around", "about": either.
    Around,
}

struct Scanner<'a> {
    t: Vec<Token<'a>>,
    anchor: Option<NaiveDate>,
    /// Last concrete date mentioned, for anaphoric expressions ("the next
    /// day", "that year"), with its granularity.
    reference: Option<(NaiveDate, &'static str)>,
    /// Token index just after the expression that set `reference`.
    reference_end: usize,
}

impl<'a> Scanner<'a> {
    fn w(&self, i: usize) -> &str {
        self.t.get(i).map_or("", |t| t.s)
    }

    fn tok(&self, i: usize) -> Option<&Token<'a>> {
        self.t.get(i)
    }

    /// Token `i` exists and directly follows token `i - 1` with no space.
    fn glued(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| !t.space_before)
    }

    fn is_dash(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.is_dash())
    }

    fn is_apostrophe(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.is_apostrophe())
    }

    /// No sentence boundary between token `a` and token `b` (a <= b).
    fn same_sentence(&self, a: usize, b: usize) -> bool {
        a <= b && !(a..b).any(|k| self.sentence_break(k) || (k > a && self.t[k].newline_before))
    }

    fn sentence_break(&self, i: usize) -> bool {
        let t = &self.t[i];
        matches!(t.s, "." | "!" | "?" | ";" | "\"" | "\u{201c}" | "\u{201d}")
    }

    /// Tense of the clause around tokens `start..end`: nearest marker to the
    /// left within the sentence, else to the right.
    fn tense(&self, start: usize, end: usize) -> Tense {
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

    // ---- resolution helpers -------------------------------------------------

    fn weekday_date(&self, wd: u32, tense: Tense) -> Option<NaiveDate> {
        let a = self.anchor?;
        let cur = a.weekday().number_from_monday() as i64;
        let wd = wd as i64;
        Some(match tense {
            Tense::Future => add_days(a, (wd - cur + 7) % 7),
            _ => add_days(a, -((cur - wd + 7) % 7)),
        })
    }

    fn year_for_month(&self, m: u32, tense: Tense) -> Option<i32> {
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

    fn year_for_month_day(&self, m: u32, d: u32, tense: Tense) -> Option<i32> {
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
    fn shifted(&self, base: Option<NaiveDate>, u: Unit, n: i32) -> Option<String> {
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

    fn reference_or_anchor(&self) -> Option<NaiveDate> {
        self.reference.map(|r| r.0).or(self.anchor)
    }

    /// The reference date if it is at least as precise as `u` ("the next
    /// day" needs a day, "that year" any date), else the anchor.
    fn reference_for(&self, u: Unit) -> Option<NaiveDate> {
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

    // ---- small parsers ------------------------------------------------------

    /// A month name at `i`: returns (month, next token).
    fn month_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        if !t.is_word() {
            return None;
        }
        if let Some(m) = month_full(t.s) {
            let ambiguous = matches!(t.s, "may" | "march" | "august");
            if ambiguous {
                if !t.is_capitalized() {
                    return None;
                }
                if t.s == "may" {
                    let next_num = self.tok(i + 1).is_some_and(|n| n.is_num());
                    let prev_ok = i > 0 && month_context_word(self.w(i - 1));
                    if !next_num && !prev_ok {
                        return None;
                    }
                }
            }
            return Some((m, i + 1));
        }
        if let Some(m) = month_abbr(t.s) {
            if !t.is_capitalized() {
                return None;
            }
            if self.w(i + 1) == "." && self.glued(i + 1) {
                return Some((m, i + 2));
            }
            if self.tok(i + 1).is_some_and(|n| n.is_num()) {
                return Some((m, i + 1));
            }
        }
        None
    }

    /// A day-of-month number at `i` ("29", "29th", "1st"): (day, next).
    fn day_at(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.tok(i)?;
        if t.is_num() && t.s.len() <= 2 {
            let d = t.num()?;
            if !(1..=31).contains(&d) {
                return None;
            }
            let mut j = i + 1;
            if self.glued(j) && matches!(self.w(j), "st" | "nd" | "rd" | "th") {
                j += 1;
            } else if self.glued(j)
                && matches!(self.w(j), ":" | "%" | "," | "/")
                && self
                    .tok(j + 1)
                    .is_some_and(|n| n.is_num() && !n.space_before)
            {
                // Clock times, decimals, thousands: not a day.
                return None;
            }
            return Some((d, j));
        }
        if t.is_word() {
            let d = ordinal(t.s).or_else(|| self.compound_ordinal(i).map(|(d, _)| d))?;
            let j = self.compound_ordinal(i).map_or(i + 1, |(_, j)| j);
            if (1..=31).contains(&d) {
                return Some((d, j));
            }
        }
        None
    }

    /// "twenty-first" style ordinals.
    fn compound_ordinal(&self, i: usize) -> Option<(u32, usize)> {
        let tens = cardinal(self.w(i))?;
        if (tens == 20 || tens == 30) && self.is_dash(i + 1) {
            let unit = ordinal(self.w(i + 2))?;
            if unit < 10 {
                return Some((tens + unit, i + 3));
            }
        }
        None
    }

    /// A four-digit year at `i` (optionally after a comma): (year, next).
    fn year_at(&self, i: usize) -> Option<(i32, usize)> {
        let t = self.tok(i)?;
        if t.is_num() && t.s.len() == 4 {
            let y = t.num()? as i32;
            if (1000..=2199).contains(&y) && !self.glued_number_continues(i + 1) {
                return Some((y, i + 1));
            }
        }
        None
    }

    /// The token at `i` continues a number glued to the previous one
    /// ("1,000", "2.5", "10:30", "1990s" is handled separately).
    fn glued_number_continues(&self, i: usize) -> bool {
        self.glued(i)
            && (matches!(self.w(i), "," | "." | ":" | "/" | "%")
                && self
                    .tok(i + 1)
                    .is_some_and(|n| n.is_num() && !n.space_before)
                || self.w(i) == "%"
                || self.tok(i).is_some_and(|n| n.is_num()))
    }

    /// Whether token `i` is a three-digit group after a thousands comma ("10,000").
    fn thousands_group(&self, i: usize) -> bool {
        self.w(i) == ","
            && self.glued(i)
            && self.glued(i + 1)
            && self
                .tok(i + 1)
                .is_some_and(|g| g.is_num() && g.s.len() == 3)
    }

    /// Whether token `i` is a later group of a number with thousands commas ("000" in
    /// "2,000"), so not a number of its own.
    fn continues_thousands(&self, i: usize) -> bool {
        i >= 2 && self.t[i - 2].is_num() && self.thousands_group(i - 1)
    }

    /// Number at `j`: exact amount or `None` for vague quantities
    /// ("several"), with the next token index.
    fn number_at(&self, j: usize) -> Option<(Option<f64>, usize)> {
        let t = self.tok(j)?;
        if t.is_num() {
            let mut n = t.num()? as f64;
            let mut k = j + 1;
            // thousands commas: "10,000", "3,000,000"
            if t.s.len() <= 3 {
                while self.thousands_group(k) {
                    n = n * 1000.0 + f64::from(self.tok(k + 1)?.num()?);
                    k += 2;
                }
            }
            // decimal "2.5"
            if self.w(k) == "."
                && self.glued(k)
                && self
                    .tok(k + 1)
                    .is_some_and(|x| x.is_num() && !x.space_before)
            {
                let frac = self.w(k + 1);
                n += format!("0.{frac}").parse::<f64>().unwrap_or(0.0);
                k += 2;
            } else if self.glued(k) && matches!(self.w(k), "," | ":" | "/") {
                return None;
            }
            // "5 1/2"
            if self.w(k) == "1" && self.w(k + 1) == "/" && self.w(k + 2) == "2" {
                n += 0.5;
                k += 3;
            }
            return Some((Some(n), k));
        }
        if !t.is_word() {
            return None;
        }
        match t.s {
            "a" | "an" => match self.w(j + 1) {
                "few" => Some((None, j + 2)),
                "couple" => Some((Some(2.0), if self.w(j + 2) == "of" { j + 3 } else { j + 2 })),
                "half" => Some((Some(0.5), j + 2)),
                "dozen" => Some((Some(12.0), j + 2)),
                "hundred" => Some((Some(100.0), j + 2)),
                "number" if self.w(j + 2) == "of" => Some((None, j + 3)),
                _ => Some((Some(1.0), j + 1)),
            },
            "several" | "few" | "many" | "numerous" | "countless" => Some((None, j + 1)),
            "couple" => Some((Some(2.0), if self.w(j + 1) == "of" { j + 2 } else { j + 1 })),
            "half" if matches!(self.w(j + 1), "a" | "an") => Some((Some(0.5), j + 2)),
            "some" if unit(self.w(j + 1)).is_some_and(|(_, p)| p) => Some((None, j + 1)),
            "dozens" | "hundreds" | "thousands" if self.w(j + 1) == "of" => Some((None, j + 2)),
            _ => {
                let mut n = cardinal(t.s)? as f64;
                let mut k = j + 1;
                if (20.0..100.0).contains(&n) && n % 10.0 == 0.0 {
                    if self.is_dash(k) && self.glued(k) {
                        if let Some(u) = cardinal(self.w(k + 1)).filter(|u| *u < 10) {
                            n += u as f64;
                            k += 2;
                        }
                    } else if let Some(u) = cardinal(self.w(k)).filter(|u| *u < 10 && *u > 0) {
                        n += u as f64;
                        k += 1;
                    }
                }
                if self.w(k) == "hundred" {
                    n *= 100.0;
                    k += 1;
                }
                if self.w(k) == "and" && self.w(k + 1) == "a" && self.w(k + 2) == "half" {
                    n += 0.5;
                    k += 3;
                }
                Some((Some(n), k))
            }
        }
    }

    // ---- recognizers --------------------------------------------------------

    /// ISO dates with optional time ("2025-07-29", "2025-07-29T14:03"), numeric US dates
    /// ("7/29/2025") and day-first dotted dates ("29.07.2025").
    fn numeric_date(&self, i: usize) -> Option<M> {
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
    fn month_date(&self, i: usize) -> Option<M> {
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
    fn day_first_date(&self, i: usize) -> Option<M> {
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
    fn weekday_date_expr(&self, i: usize) -> Option<M> {
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

    /// Years, decades and centuries: "2022", "fiscal 1989", "the 1990s",
    /// "'90s", "the 20th century".
    fn year_expr(&self, i: usize) -> Option<M> {
        if self.w(i) == "the"
            && self.w(i + 1) == "year"
            && let Some((y, e)) = self.year_at(i + 2).or_else(|| self.spelled_year(i + 2))
        {
            return Some(M::date(i, e, fmt_year(y)));
        }
        if let Some((y, e)) = self.spelled_year(i) {
            return Some(M::date(i, e, fmt_year(y)));
        }
        if let Some(dec) = decade_word(self.w(i + 1)).filter(|_| self.w(i) == "the") {
            let century = match self.anchor {
                Some(a) if 2000 + dec * 10 <= a.year() => 200,
                _ => 190,
            };
            return Some(M::date(i, i + 2, format!("{:03}", century + dec)));
        }
        let mut j = i;
        let the = self.w(j) == "the";
        if the {
            j += 1;
        }
        // fiscal [year] 1989
        if self.w(j) == "fiscal" && !the {
            let mut k = j + 1;
            if self.w(k) == "year" {
                k += 1;
            }
            let (y, e) = self.year_at(k)?;
            return Some(M::date(i, e, fmt_year(y)));
        }
        // century: the 20th century / the nineteenth century
        if let Some(m) = self.century_expr(i, j) {
            return Some(m);
        }
        // decades with apostrophe: '90s
        let (dec_start, two_digit) = if self.is_apostrophe(j) && self.glued(j + 1) {
            (j + 1, true)
        } else {
            (j, self.tok(j).is_some_and(|t| t.s.len() == 2))
        };
        let t = self.tok(dec_start)?;
        if !t.is_num() {
            return None;
        }
        if i > 0 && j == i {
            let p = self.w(i - 1);
            let pp_short_num = i > 1 && self.t[i - 2].is_num() && self.t[i - 2].s.len() < 4;
            if matches!(p, "$" | "\u{a3}" | "\u{20ac}" | "#" | "no")
                || (self.glued(i) && matches!(p, "," | "." | "/" | ":"))
                || (self.glued(i) && self.is_dash(i - 1) && pp_short_num)
            {
                return None;
            }
        }
        // decade: "1990s", "1990's", "'90s", "90s"
        let s_at = if self.is_apostrophe(dec_start + 1)
            && self.glued(dec_start + 1)
            && self.w(dec_start + 2) == "s"
        {
            Some(dec_start + 3)
        } else if self.w(dec_start + 1) == "s" && self.glued(dec_start + 1) {
            Some(dec_start + 2)
        } else {
            None
        };
        if let Some(end) = s_at {
            let n = t.num()? as i32;
            let value = if t.s.len() == 4 && n % 10 == 0 && (1000..2200).contains(&n) {
                format!("{:03}", n / 10)
            } else if t.s.len() == 2 && n % 10 == 0 {
                let century = match self.anchor {
                    Some(a) if 2000 + n <= a.year() => 200,
                    _ => 190,
                };
                format!("{:03}", century + n / 10)
            } else {
                return None;
            };
            // "the 70s and 80s": a second decade joined to a first one
            let joined =
                i > 1 && matches!(self.w(i - 1), "and" | "or" | "to") && self.w(i - 2) == "s";
            if two_digit
                && dec_start == j
                && !the
                && !joined
                && !(i > 0 && matches!(self.w(i - 1), "mid" | "early" | "late" | "-"))
            {
                // bare "90s" is too often an age or a temperature
                return None;
            }
            return Some(M::date(i, end, value));
        }
        // "since '82", "the class of '09": a two-digit year
        if dec_start == j + 1 && t.s.len() == 2 && !the {
            let prev = if i > 0 { self.w(i - 1) } else { "" };
            if matches!(
                prev,
                "since" | "in" | "of" | "from" | "until" | "by" | "before" | "after"
            ) {
                let n = t.num()? as i32;
                let y = match self.anchor {
                    Some(a) if 2000 + n <= a.year() => 2000 + n,
                    _ => 1900 + n,
                };
                return Some(M::date(i, dec_start + 1, fmt_year(y)));
            }
            return None;
        }
        if the || t.s.len() != 4 {
            return None;
        }
        let (y, e) = self.year_at(j)?;
        if self.before_christ(e) {
            return None;
        }
        if !(1900..=2100).contains(&y) {
            let p = if i > 0 { self.w(i - 1) } else { "" };
            if !matches!(
                p,
                "in" | "since"
                    | "of"
                    | "from"
                    | "until"
                    | "by"
                    | "before"
                    | "after"
                    | "between"
                    | "and"
                    | "to"
                    | "year"
                    | "circa"
                    | "around"
            ) {
                return None;
            }
        }
        // "2000 people", "1500 metres": a year is rarely followed by a bare
        // lowercase plural noun.
        if let Some(n) = self.tok(e) {
            if n.is_word()
                && !n.is_capitalized()
                && n.s.len() > 3
                && n.s.ends_with('s')
                && !matches!(
                    n.s,
                    "was" | "has" | "is" | "its" | "this" | "as" | "plans" | "levels"
                )
            {
                return None;
            }
            if matches!(n.s, "-" | "\u{2013}")
                && self.glued(e)
                && self
                    .tok(e + 1)
                    .is_some_and(|x| x.is_num() && x.s.len() == 2)
            {
                // "1998-99" season or fiscal span: keep the first year only.
                return Some(M::date(i, e, fmt_year(y)));
            }
        }
        Some(M::date(i, e, fmt_year(y)))
    }

    /// "BC", "BCE", "B.C." at `k`: the year or century before it counts back from AD 1, and
    /// a TIMEX value with AD bounds would put it two thousand years off.
    fn before_christ(&self, k: usize) -> bool {
        matches!(self.w(k), "bc" | "bce")
            || (self.w(k) == "b" && self.w(k + 1) == "." && self.w(k + 2) == "c")
    }

    /// Years written in words: "nineteen ninety-six", "two thousand one".
    fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
        let century = match self.w(i) {
            "nineteen" => 19,
            "eighteen" => 18,
            "twenty" => 20,
            "two" if self.w(i + 1) == "thousand" => {
                let mut k = i + 2;
                if self.w(k) == "and" {
                    k += 1;
                }
                return match self.number_at(k) {
                    Some((Some(n), e))
                        if n < 100.0 && self.tok(k).is_some_and(|t| t.is_word() && t.s != "a") =>
                    {
                        Some((2000 + n as i32, e))
                    }
                    _ => Some((2000, i + 2)),
                };
            }
            _ => return None,
        };
        let k = i + 1;
        let (rest, e) = match self.w(k) {
            "hundred" => (0, k + 1),
            "oh" => (cardinal(self.w(k + 1)).filter(|n| *n < 10)? as i32, k + 2),
            w => {
                let tens = cardinal(w)?;
                if tens < 10 {
                    return None;
                }
                if tens >= 20 && self.is_dash(k + 1) {
                    let u = cardinal(self.w(k + 2)).filter(|n| *n < 10)?;
                    (tens as i32 + u as i32, k + 3)
                } else {
                    (tens as i32, k + 1)
                }
            }
        };
        Some((century * 100 + rest, e))
    }

    fn century_expr(&self, i: usize, j: usize) -> Option<M> {
        let (n, k) = if let Some(t) = self.tok(j).filter(|t| t.is_num()) {
            if !(self.glued(j + 1) && matches!(self.w(j + 1), "st" | "nd" | "rd" | "th")) {
                return None;
            }
            (t.num()? as i32, j + 2)
        } else if let Some(o) = ordinal(self.w(j)) {
            (o as i32, j + 1)
        } else if let Some((o, k)) = self.compound_ordinal(j) {
            (o as i32, k)
        } else {
            return None;
        };
        if !matches!(self.w(k), "century") || !(1..=22).contains(&n) || self.before_christ(k + 1) {
            return None;
        }
        Some(M::date(i, k + 1, format!("{:02}", n - 1)))
    }

    /// Deictic words: "today", "yesterday morning", "now", "recently".
    fn deictic(&self, i: usize) -> Option<M> {
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
    fn relative(&self, i: usize) -> Option<M> {
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

    /// Quarters and halves: "the third quarter", "third-quarter",
    /// "the fourth quarter of 2009", "Q3 2024", "the first half".
    fn quarter_expr(&self, i: usize) -> Option<M> {
        // Q3 / Q3 2024
        if self.w(i) == "q" && self.glued(i + 1) {
            let q = self.tok(i + 1)?.num().filter(|q| (1..=4).contains(q))?;
            if self.glued(i + 2) && self.tok(i + 2).is_some_and(|t| t.is_word() || t.is_num()) {
                return None;
            }
            let (end, y) = match self.year_at(i + 2) {
                Some((y, e)) => (e, Some(y)),
                None => (i + 2, self.quarter_year(q, self.tense(i, i + 2))),
            };
            return Some(M::date(
                i,
                end,
                y.map_or(format!("XXXX-Q{q}"), |y| fmt_quarter(y, q)),
            ));
        }
        let mut j = i;
        let the = matches!(self.w(j), "the" | "its");
        if the {
            j += 1;
        }
        let after_the = j;
        // Possessive year: "1998's", "this year's", "last year's"; or a
        // year used as a modifier: "the 1988 third quarter".
        let mut year: Option<Option<i32>> = None;
        if let Some((y, e)) = self.year_at(j) {
            if self.is_apostrophe(e) && self.w(e + 1) == "s" {
                year = Some(Some(y));
                j = e + 2;
            } else if the
                && matches!(
                    self.w(e),
                    "first" | "second" | "third" | "fourth" | "fiscal"
                )
            {
                year = Some(Some(y));
                j = e;
            } else if the && matches!(self.w(e), "quarter" | "period") {
                let q = quarter_of(self.current_quarter_ref()?);
                return Some(M::date(i, e + 1, fmt_quarter(y, q)));
            }
        } else if matches!(self.w(j), "this" | "last" | "next")
            && self.w(j + 1) == "year"
            && self.is_apostrophe(j + 2)
            && self.w(j + 3) == "s"
        {
            let n = match self.w(j) {
                "last" => -1,
                "next" => 1,
                _ => 0,
            };
            year = Some(self.anchor.map(|a| a.year() + n));
            j += 4;
        }
        if self.w(j) == "fiscal" {
            j += 1;
        }
        let word = self.w(j);
        let ord = match word {
            "first" => Some(1),
            "second" => Some(2),
            "third" => Some(3),
            "fourth" | "final" => Some(4),
            "last" if self.w(j + 1) == "half" => Some(2),
            _ => None,
        };
        let ord = ord.or_else(|| {
            let n = self.tok(j).and_then(|t| t.num())?;
            (self.glued(j + 1) && matches!(self.w(j + 1), "st" | "nd" | "rd" | "th")).then_some(n)
        });
        let mut k = if ord.is_some() && self.tok(j).is_some_and(|t| t.is_num()) {
            j + 2
        } else {
            j + 1
        };
        let Some(q) = ord else {
            return self.latest_quarter(i, j, the);
        };
        if self.w(k) == "fiscal" {
            k += 1;
        }
        let adjective = self.is_dash(k) && self.glued(k);
        if adjective {
            k += 1;
        }
        let (is_half, end0) = match self.w(k) {
            "quarter" if (1..=4).contains(&q) && !(self.is_dash(k + 1) && self.glued(k + 1)) => {
                (false, k + 1)
            }
            "half" if q <= 2 || matches!(word, "final" | "last") => (true, k + 1),
            _ => return None,
        };
        let q = if is_half && matches!(word, "final" | "last") {
            2
        } else {
            q
        };
        if !the && !adjective && year.is_none() {
            // "first quarter" without article: still a date in business news
            // but require it not to be part of "a first quarter ...".
            if i > 0 && matches!(self.w(i - 1), "a" | "an") {
                return None;
            }
        }
        let mut end = end0;
        // "of 2009", "of this year", "of last year", "2009"
        if year.is_none() && !adjective {
            if self.w(end) == "of" {
                if let Some((y, e)) = self.year_at(end + 1) {
                    year = Some(Some(y));
                    end = e;
                } else if self.w(end + 1) == "fiscal" && self.year_at(end + 2).is_some() {
                    let (y, e) = self.year_at(end + 2)?;
                    year = Some(Some(y));
                    end = e;
                } else if matches!(self.w(end + 1), "this" | "last" | "next")
                    && self.w(end + 2) == "year"
                {
                    let n = match self.w(end + 1) {
                        "last" => -1,
                        "next" => 1,
                        _ => 0,
                    };
                    year = Some(self.anchor.map(|a| a.year() + n));
                    end += 3;
                } else if self.w(end + 1) == "the" && self.w(end + 2) == "year" {
                    end += 3;
                }
            } else if let Some((y, e)) = self.year_at(end) {
                year = Some(Some(y));
                end = e;
            }
        }
        let y = match year {
            Some(y) => y,
            None if is_half => self.half_year(q, self.tense(i, end)),
            None => self.quarter_year(q, self.tense(i, end)),
        };
        let value = match (y, is_half) {
            (Some(y), false) => fmt_quarter(y, q),
            (Some(y), true) => format!("{}-H{q}", fmt_year(y)),
            (None, false) => format!("XXXX-Q{q}"),
            (None, true) => format!("XXXX-H{q}"),
        };
        // "the third-quarter results": the article belongs to the noun
        let start = if adjective && the && year.is_none() {
            after_the
        } else {
            i
        };
        Some(M::date(start, end, value))
    }

    /// "the quarter", "the latest quarter", "the year-ago period",
    /// "the comparable year-earlier third quarter", "year-earlier".
    fn latest_quarter(&self, i: usize, j: usize, the: bool) -> Option<M> {
        let year_back_at = |k: usize| {
            self.w(k) == "year" && self.is_dash(k + 1) && matches!(self.w(k + 2), "earlier" | "ago")
        };
        if !the {
            // "year-earlier" / "year-ago" used as an adjective on its own
            if year_back_at(i) {
                let base = self.current_quarter_ref()?;
                let d = add_months(base, -12);
                let end = if matches!(self.w(i + 3), "period" | "quarter") {
                    i + 4
                } else {
                    i + 3
                };
                return Some(M::date(i, end, fmt_quarter(d.year(), quarter_of(d))).derived());
            }
            return None;
        }
        let mut k = j;
        let mut years_back = 0;
        if matches!(self.w(k), "comparable" | "corresponding" | "same") {
            k += 1;
        }
        match self.w(k) {
            "latest" | "recent" | "current" => k += 1,
            "most" if self.w(k + 1) == "recent" => k += 2,
            _ if year_back_at(k) => {
                years_back = 1;
                k += 3;
            }
            _ => {}
        }
        if self.w(k) == "fiscal" {
            k += 1;
        }
        let explicit_q = match self.w(k) {
            "first" => Some(1),
            "second" => Some(2),
            "third" => Some(3),
            "fourth" => Some(4),
            _ => None,
        };
        if explicit_q.is_some() {
            k += 1;
        }
        let ref_is_quarter = matches!(self.reference, Some((_, "quarter")));
        let quarterish = match self.w(k) {
            "quarter" => true,
            "period" => years_back > 0 || ref_is_quarter,
            _ => false,
        };
        // "quarter-century", "quarter-to-quarter": not a calendar quarter
        if !quarterish || (self.is_dash(k + 1) && self.glued(k + 1)) {
            return None;
        }
        let mut base = self.current_quarter_ref()?;
        if let Some(q) = explicit_q {
            base = NaiveDate::from_ymd_opt(base.year(), (q - 1) * 3 + 1, 1)?;
        }
        let d = add_months(base, -12 * years_back);
        let m = M::date(i, k + 1, fmt_quarter(d.year(), quarter_of(d)));
        Some(if years_back > 0 { m.derived() } else { m })
    }

    /// The quarter a business story is most likely talking about: the one
    /// last mentioned, else the last completed quarter before the anchor.
    fn current_quarter_ref(&self) -> Option<NaiveDate> {
        let completed = self.anchor.map(|a| add_days(a, -45));
        match (self.reference, completed) {
            // a quarter mentioned earlier, unless it has not ended yet
            (Some((d, "quarter")), Some(c)) if d <= c => Some(d),
            (Some((d, "quarter")), None) => Some(d),
            _ => completed,
        }
    }

    fn quarter_year(&self, q: u32, tense: Tense) -> Option<i32> {
        let a = self.anchor?;
        let starts_after = (q - 1) * 3 + 1 > a.month();
        Some(if starts_after && tense != Tense::Future {
            a.year() - 1
        } else {
            a.year()
        })
    }

    fn half_year(&self, h: u32, tense: Tense) -> Option<i32> {
        let a = self.anchor?;
        let starts_after = h == 2 && a.month() < 7;
        Some(if starts_after && tense != Tense::Future {
            a.year() - 1
        } else {
            a.year()
        })
    }

    /// Seasons: "summer 2024", "the summer of 1997", "in the fall".
    fn season_expr(&self, i: usize) -> Option<M> {
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

    /// Clock times: "2 p.m.", "10:35 a.m. EDT", "18:00 UTC", "noon",
    /// "2 p.m. Moscow time", optionally followed by a day ("9 a.m. Tuesday").
    fn time_expr(&self, i: usize) -> Option<M> {
        let t = self.tok(i)?;
        let (mut h, mut mi, mut k);
        let mut utc = false;
        if matches!(t.s, "noon" | "midday") && !(i > 0 && self.w(i - 1) == "high") {
            (h, mi, k) = (12, 0, i + 1);
        } else if t.s == "midnight" {
            (h, mi, k) = (24, 0, i + 1);
        } else if t.is_num() && t.s.len() == 4 && is_timezone(self.w(i + 1)) {
            // "0800 UTC", "1430 GMT"
            let n = t.num()?;
            (h, mi, k) = (n / 100, n % 100, i + 1);
            if h > 23 || mi > 59 {
                return None;
            }
        } else if t.is_num() && t.s.len() <= 2 {
            h = t.num()?;
            mi = 0;
            k = i + 1;
            let mut has_minutes = false;
            if matches!(self.w(k), ":" | ".")
                && self.glued(k)
                && self
                    .tok(k + 1)
                    .is_some_and(|x| x.is_num() && x.s.len() == 2 && !x.space_before)
            {
                mi = self.tok(k + 1)?.num()?;
                k += 2;
                has_minutes = true;
            }
            // a.m. / p.m. / am / pm
            let (ampm, k2) = self.am_pm(k);
            if let Some(pm) = ampm {
                if h == 0 || h > 12 || mi > 59 {
                    return None;
                }
                if pm && h < 12 {
                    h += 12;
                } else if !pm && h == 12 {
                    h = 0;
                }
                k = k2;
            } else if self.w(k) == "o" && self.is_apostrophe(k + 1) && self.w(k + 2) == "clock" {
                k += 3;
            } else if has_minutes && h <= 23 && mi <= 59 && self.w(k - 2) == ":" {
                // 24-hour clock needs a zone or a preposition to be a time
                let zone = is_timezone(self.w(k));
                let prep = i > 0
                    && matches!(
                        self.w(i - 1),
                        "at" | "by" | "until" | "from" | "around" | "after" | "before"
                    );
                if !zone && !prep {
                    return None;
                }
            } else {
                return None;
            }
        } else {
            return None;
        }
        // time zone
        if is_timezone(self.w(k)) {
            utc = matches!(self.w(k), "utc" | "gmt");
            k += 1;
        } else if self.w(k + 1) == "time"
            && (self.w(k) == "local"
                || self
                    .tok(k)
                    .is_some_and(|x| x.is_capitalized() && x.is_word()))
        {
            // "local time", "Moscow time"
            k += 2;
        }
        // "(GMT +8)", "(0735 GMT)": a parenthesised zone or conversion
        if self.w(k) == "("
            && let Some(close) = (k + 1..(k + 6).min(self.t.len())).find(|&c| self.w(c) == ")")
            && (k + 1..close).any(|c| is_timezone(self.w(c)))
        {
            k = close + 1;
        }
        if self.w(k) == "in" && self.w(k + 1) == "the" && part_of_day(self.w(k + 2)).is_some() {
            if self.w(k + 2) != "morning" && h < 12 {
                h += 12;
            }
            k += 3;
        }
        // attached day: an explicit day after the time, else a day named
        // earlier in the same sentence ("Tuesday ... at 18:00"), else the
        // anchor
        let mut day = match self.reference {
            Some((d, "day")) if self.same_sentence(self.reference_end, i) => Some(fmt_day(d)),
            _ => self.anchor.map(fmt_day),
        };
        let mut end = k;
        let dk = if self.w(k) == "on" { k + 1 } else { k };
        if let Some((wd, false)) = weekday(self.w(dk)) {
            day = Some(
                self.weekday_date(wd, self.tense(i, dk + 1))
                    .map_or(format!("XXXX-WXX-{wd}"), fmt_day),
            );
            end = dk + 1;
        } else if let Some(n) = match self.w(dk) {
            "today" => Some(0),
            "yesterday" => Some(-1),
            "tomorrow" => Some(1),
            _ => None,
        } {
            day = self.anchor.map(|a| fmt_day(add_days(a, n)));
            end = dk + 1;
        } else if let Some(md) = self.month_date(dk)
            && md.value.len() == 10
        {
            day = Some(md.value);
            end = md.end;
        }
        let day = day.unwrap_or_else(|| "XXXX-XX-XX".to_string());
        let z = if utc { "Z" } else { "" };
        Some(M::new(
            i,
            end,
            TimexType::Time,
            format!("{day}T{h:02}:{mi:02}{z}"),
        ))
    }

    /// "a.m.", "am", "p.m", "PM" at `k`: (Some(is_pm), next).
    fn am_pm(&self, k: usize) -> (Option<bool>, usize) {
        match self.w(k) {
            "am" | "a" | "pm" | "p" => {}
            _ => return (None, k),
        }
        let pm = self.w(k).starts_with('p');
        match self.w(k) {
            "am" | "pm" => {
                let mut e = k + 1;
                if self.w(e) == "." && self.glued(e) && self.followed_by_lower_or_end(e + 1) {
                    e += 1;
                }
                (Some(pm), e)
            }
            _ => {
                // a.m. / p.m. / a.m / p.m
                if self.w(k + 1) == "."
                    && self.glued(k + 1)
                    && self.w(k + 2) == "m"
                    && self.glued(k + 2)
                {
                    let mut e = k + 3;
                    if self.w(e) == "." && self.glued(e) {
                        e += 1;
                    }
                    (Some(pm), e)
                } else if self.w(k + 1) == "m" && self.glued(k + 1) {
                    (Some(pm), k + 2)
                } else {
                    (None, k)
                }
            }
        }
    }

    fn followed_by_lower_or_end(&self, i: usize) -> bool {
        self.tok(i).is_none_or(|t| !t.is_capitalized())
    }

    /// Durations and the relative dates built on them: "10 days",
    /// "the past two years", "five-year", "10 to 12 days", "three years ago".
    fn duration_expr(&self, i: usize) -> Option<M> {
        let mut j = i;
        let mut det = false;
        if self.w(j) == "the" {
            det = true;
            j += 1;
        }
        let mut lead_mod = false;
        if matches!(
            self.w(j),
            "past"
                | "last"
                | "next"
                | "first"
                | "previous"
                | "coming"
                | "following"
                | "final"
                | "remaining"
                | "latest"
                | "entire"
                | "full"
                | "whole"
                | "initial"
                | "ensuing"
                | "preceding"
                | "same"
                | "recent"
                | "subsequent"
        ) {
            lead_mod = true;
            j += 1;
        } else if det && !self.w(j).is_empty() {
            // "the nine months", "the two years" need a number next
        }
        let (num, mut k) = self.number_at(j)?;
        if self.tok(j).is_some_and(|t| t.is_num() && t.s.len() == 4)
            && num.is_some_and(|n| (1800.0..2200.0).contains(&n))
        {
            // "the 1988 second quarter": a year, not an amount
            return None;
        }
        // "a" alone before a unit needs no determiner
        if det && !lead_mod && matches!(self.w(j), "a" | "an") {
            return None;
        }
        // range: "10 to 12 days", "two or three weeks", "12-18 months"
        if matches!(self.w(k), "to" | "or" | "-" | "\u{2013}")
            && let Some((_, k2)) = self.number_at(k + 1)
            && (unit(self.w(k2)).is_some() || (self.is_dash(k2) && unit(self.w(k2 + 1)).is_some()))
        {
            k = k2;
        }
        if matches!(
            self.w(k),
            "more" | "additional" | "consecutive" | "straight" | "long"
        ) {
            k += 1;
        }
        // "eight trading days", "five business days"
        if matches!(self.w(k), "trading" | "business" | "working" | "school")
            && matches!(
                self.w(k + 1),
                "day" | "days" | "week" | "weeks" | "year" | "years"
            )
        {
            k += 1;
        }
        let adjective = self.is_dash(k) && self.glued(k);
        if adjective {
            k += 1;
        }
        let (u, plural) = unit(self.w(k))?;
        // "60 Minutes", "24 Hours of Le Mans": a capitalised unit mid-text
        // is part of a title.
        // A headline in title case capitalises the number word too.
        let title_case_line = self.t[j].is_capitalized();
        if self.t[k].is_capitalized() && !title_case_line {
            return None;
        }
        k += 1;
        // "three-quarters", "a quarter of": fractions, not periods
        let counted = matches!(
            self.w(k - 2),
            "consecutive" | "straight" | "more" | "additional"
        );
        if u == Unit::Quarter && !(lead_mod || det || counted) && (adjective || self.w(k) == "of") {
            return None;
        }
        // "a second consecutive day": an ordinal, not a duration
        if u == Unit::Second
            && !plural
            && self
                .tok(k)
                .is_some_and(|t| t.is_word() && !matches!(t.s, "ago" | "later" | "earlier"))
        {
            return None;
        }
        if self.w(k) == "and" && self.w(k + 1) == "a" && self.w(k + 2) == "half" {
            k += 3;
        }
        // ages: "37-year-old", "five years old"
        if (self.is_dash(k) && self.w(k + 1) == "old") || self.w(k) == "old" {
            return None;
        }
        if self.is_dash(k) && matches!(self.w(k + 1), "long") {
            k += 2;
        }
        // "two and a half years"
        let half = self.w(k - 1) == "half" && self.w(k - 2) == "a";
        let amount = num.map(|n| if half { n + 0.5 } else { n });
        // relative dates: ago / earlier / later / from now
        if !det && !lead_mod {
            let shift_unit = |s: f64| -> Option<M> {
                let n = (s as i32).max(1);
                None.or_else(|| {
                    let (dir, base, end) = match (self.w(k), self.w(k + 1)) {
                        ("ago", _) | ("back", _) => (-1, self.anchor, k + 1),
                        ("from", "now") => (1, self.anchor, k + 2),
                        ("hence", _) => (1, self.anchor, k + 1),
                        ("earlier", _) | ("before", "") | ("before", ".") | ("before", ",") => {
                            (-1, self.reference_or_anchor(), k + 1)
                        }
                        ("later", _) | ("after", "") | ("after", ".") | ("after", ",") => {
                            (1, self.reference_or_anchor(), k + 1)
                        }
                        _ => return None,
                    };
                    // "an hour later": TimeML keeps only the duration
                    if matches!(u, Unit::Hour | Unit::Minute | Unit::Second) {
                        return None;
                    }
                    // "a year ago" in a story about quarters means that quarter
                    let u2 = match (u, self.reference) {
                        (Unit::Year, Some((_, "quarter"))) if n == 1 => Unit::Quarter,
                        _ => u,
                    };
                    let n2 = if u2 == Unit::Quarter && u == Unit::Year {
                        4 * n
                    } else {
                        n
                    };
                    let base = if u2 == Unit::Quarter && u == Unit::Year {
                        self.current_quarter_ref().or(base)
                    } else {
                        base
                    };
                    let value = match u2 {
                        Unit::Hour | Unit::Minute | Unit::Second => "PAST_REF".to_string(),
                        // "a decade ago" is a year ten years back, not the 1980s
                        Unit::Decade => self.shifted(base, Unit::Year, dir * n2 * 10)?,
                        Unit::Century => self.shifted(base, Unit::Year, dir * n2 * 100)?,
                        _ => self.shifted(base, u2, dir * n2)?,
                    };
                    let mut m = M::date(i, end, value).derived();
                    m.numeric = true;
                    Some(m)
                })
            };
            match amount {
                Some(s) => {
                    if let Some(m) = shift_unit(s) {
                        return Some(m);
                    }
                }
                None => {
                    if matches!(self.w(k), "ago" | "earlier" | "back") {
                        let mut m = M::date(i, k + 1, "PAST_REF".into());
                        m.numeric = true;
                        return Some(m);
                    }
                }
            }
        }
        // "the past few weeks", "the last several years": vague past
        if amount.is_none()
            && lead_mod
            && matches!(self.w(j - 1), "past" | "last" | "recent")
            && plural
        {
            return Some(M::date(i, k, "PAST_REF".into()));
        }
        let start = if adjective && det && !lead_mod {
            i + 1
        } else {
            i
        };
        let mut m = M::new(start, k, TimexType::Duration, duration_value(amount, u));
        m.unit_gran = Some(unit_name(u));
        m.numeric = !det && !lead_mod;
        // "a year" after a rate ("5% a year", "twice a year") is a set
        if matches!(self.w(j), "a" | "an") && j == i && i > 0 {
            let p = self.w(i - 1);
            // also "24 hours a day", "seven days a week"
            if matches!(p, "%" | "percent" | "once" | "twice" | "times" | "thrice")
                || self.t[i - 1].is_num()
                || unit(p).is_some_and(|(_, plural)| plural)
            {
                m.ty = TimexType::Set;
                m.value = duration_value(Some(1.0), u);
                m.numeric = false;
            }
        }
        Some(m)
    }

    /// Bare plural units after a preposition: "for years", "in weeks".
    fn vague_plural(&self, i: usize) -> Option<M> {
        // "the coming weeks", "the past months", "coming years", "the weeks
        // ahead", "over the years": unspecified durations.
        let (lead, core) = match (self.w(i), self.w(i + 1)) {
            ("the", "past" | "coming" | "next" | "last" | "following" | "ensuing") => (2, i + 2),
            ("coming" | "upcoming", _) => (1, i + 1),
            ("the", _) => (1, i + 1),
            _ => (0, i),
        };
        let (u, true) = unit(self.w(core))? else {
            return None;
        };
        let mut end = core + 1;
        if lead == 1 && self.w(i) == "the" {
            // bare "the weeks" only as "the weeks ahead" or "over the years"
            if self.w(end) == "ahead" {
                end += 1;
            } else if !(i > 0 && matches!(self.w(i - 1), "over" | "through" | "throughout")) {
                return None;
            }
        } else if lead == 0
            && (i == 0
                || !matches!(
                    self.w(i - 1),
                    "for" | "within" | "over" | "in" | "took" | "take" | "takes" | "lasted"
                ))
        {
            return None;
        }
        let mut m = M::new(i, end, TimexType::Duration, duration_value(None, u));
        m.unit_gran = Some(unit_name(u));
        Some(m)
    }

    /// Sets: "weekly", "every day", "each year", "twice a week".
    fn set_expr(&self, i: usize) -> Option<M> {
        let s = self.w(i);
        let simple = match s {
            "daily" => Some(("P1D", "day")),
            "nightly" => Some(("P1D", "day")),
            "weekly" => Some(("P1W", "week")),
            "biweekly" | "fortnightly" => Some(("P2W", "week")),
            "monthly" => Some(("P1M", "month")),
            "yearly" => Some(("P1Y", "year")),
            "hourly" => Some(("PT1H", "hour")),
            _ => None,
        };
        // "the Communist Party daily Granma": a newspaper
        if simple.is_some()
            && self
                .tok(i + 1)
                .is_some_and(|t| t.is_capitalized() && t.is_word())
        {
            return None;
        }
        if let Some((v, g)) = simple {
            let mut m = M::new(i, i + 1, TimexType::Set, v.to_string());
            m.unit_gran = Some(g);
            return Some(m);
        }
        if matches!(s, "every" | "each" | "per") {
            let mut j = i + 1;
            if self.w(j) == "other" {
                j += 1;
            }
            let n: f64 = if j > i + 1 { 2.0 } else { 1.0 };
            if let Some((u, false)) = unit(self.w(j)) {
                let mut m = M::new(i, j + 1, TimexType::Set, duration_value(Some(n), u));
                m.unit_gran = Some(unit_name(u));
                return Some(m);
            }
            if s != "per" {
                if let Some((wd, _)) = weekday(self.w(j)) {
                    return Some(M::new(i, j + 1, TimexType::Set, format!("XXXX-WXX-{wd}")));
                }
                if let Some(m) = month_full(self.w(j)) {
                    return Some(M::new(i, j + 1, TimexType::Set, format!("XXXX-{m:02}")));
                }
                if let Some(code) = part_of_day(self.w(j)) {
                    return Some(M::new(i, j + 1, TimexType::Set, format!("TXX{code}")));
                }
            }
        }
        None
    }

    /// Fixed holidays resolved to the nearest past occurrence by default.
    fn holiday(&self, i: usize) -> Option<M> {
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

    /// "the year ended June 30" (a duration), "the full year", "for the
    /// year", "for the week": the anchor's period.
    fn the_period(&self, i: usize) -> Option<M> {
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
    fn anaphoric_day(&self, i: usize) -> Option<M> {
        if self.w(i) == "the" && self.w(i + 1) == "week" && self.w(i + 2) == "of" {
            let md = self
                .month_date(i + 3)
                .or_else(|| self.day_first_date(i + 3))?;
            let (s, _, g) = bounds(&md.value);
            return (g == "day").then(|| M::date(i, md.end, fmt_week(s.expect("day bounds"))));
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
    fn the_unit(&self, i: usize) -> Option<M> {
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

    /// All families at `i`; the longest match wins (ties: earlier family).
    fn core_at(&self, i: usize) -> Option<M> {
        let t = self.tok(i)?;
        if t.kind == super::token::Kind::Punct && !t.is_apostrophe() {
            return None;
        }
        if t.kind == super::token::Kind::Word && cannot_start(t.s) {
            return None;
        }
        let candidates = [
            self.numeric_date(i),
            self.time_expr(i),
            self.month_date(i),
            self.day_first_date(i),
            self.weekday_date_expr(i),
            self.quarter_expr(i),
            self.year_expr(i),
            self.relative(i),
            self.duration_expr(i),
            self.deictic(i),
            self.season_expr(i),
            self.set_expr(i),
            self.holiday(i),
            self.anaphoric_day(i),
            self.the_period(i),
            self.vague_plural(i),
        ];
        // `max_by` would keep the last of equals; the earlier family must win.
        candidates
            .into_iter()
            .flatten()
            .fold(None, |best: Option<M>, m| match best {
                Some(b)
                    if (m.end, std::cmp::Reverse(m.start))
                        <= (b.end, std::cmp::Reverse(b.start)) =>
                {
                    Some(b)
                }
                _ => Some(m),
            })
    }

    /// Modifier words that TimeML keeps inside the span: position words for
    /// dates ("early", "mid-", "the end of", "earlier this") and
    /// approximators for durations ("nearly", "more than").
    fn prefix_at(&self, i: usize) -> Option<(usize, Prefix)> {
        use Prefix::{Approx, Around, Position};
        let (n, kind) = match (self.w(i), self.w(i + 1), self.w(i + 2)) {
            ("mid" | "early" | "late", "-" | "\u{2013}", _) => (2, Position),
            ("the", "mid", "-" | "\u{2013}") => (3, Position),
            ("the", "early" | "late" | "mid", _) => (2, Position),
            ("early" | "late" | "earlier" | "later", "in" | "on", _) => (2, Position),
            ("early" | "late" | "mid" | "earlier" | "later", _, _) => (1, Position),
            ("the", "end" | "beginning" | "start" | "middle" | "turn" | "close", "of") => {
                (3, Position)
            }
            ("end" | "beginning" | "start" | "middle", "of", _) => (2, Position),
            ("the", "remainder" | "rest", "of") => (3, Position),
            ("at", "least" | "most", _) => (2, Approx),
            ("more" | "less" | "fewer", "than", _) => (2, Approx),
            ("up", "to", _) => (2, Approx),
            ("no", "more" | "less", "than") => (3, Approx),
            ("around" | "about" | "approximately" | "roughly", _, _) => (1, Around),
            ("nearly" | "almost" | "some" | "barely" | "fully" | "over", _, _) => (1, Approx),
            _ => return None,
        };
        Some((n, kind))
    }

    fn match_at(&self, i: usize) -> Option<M> {
        // "000" of "10,000 years": the rest of a number, never the start of an expression.
        if self.continues_thousands(i) {
            return None;
        }
        let core = self.core_at(i);
        let Some((plen, kind)) = self.prefix_at(i) else {
            return core;
        };
        let accepts = |k: Prefix, m: &M| {
            let dated =
                matches!(m.ty, TimexType::Date | TimexType::Time) && !m.value.ends_with("_REF");
            match k {
                Prefix::Position => dated,
                Prefix::Approx => m.numeric,
                // "around 7:15 p.m.", "around Nov. 1", but not "get around
                // Wednesday's ruling"
                Prefix::Around => {
                    m.numeric
                        || m.ty == TimexType::Time
                        || dated && self.month_at(m.start).is_some()
                }
            }
        };
        let inner = self
            .core_at(i + plen)
            .or_else(|| {
                if kind == Prefix::Position {
                    self.the_unit(i + plen)
                } else {
                    None
                }
            })
            .filter(|m| accepts(kind, m))
            .or_else(|| {
                // two approximators in a row: "no more than about 60 days"
                let (p2, kind2) = self.prefix_at(i + plen)?;
                let m = self.core_at(i + plen + p2)?;
                (kind != Prefix::Position && kind2 != Prefix::Position && m.numeric).then_some(m)
            });
        match (core, inner) {
            (Some(c), Some(m)) if c.end >= m.end => Some(c),
            (_, Some(mut m)) => {
                m.start = i;
                Some(m)
            }
            (c, None) => c,
        }
    }

    /// The range formed by two adjacent dates, if they are joined as
    /// "between X and Y", "from X to Y" or "2016-2018".
    fn range_of(&self, a: &M, b: &M) -> Option<M> {
        if a.ty != TimexType::Date || b.ty != TimexType::Date || a.end + 1 != b.start {
            return None;
        }
        let joiner = self.w(a.end);
        let opener = if a.start > 0 { self.w(a.start - 1) } else { "" };
        let worded = matches!(
            (opener, joiner),
            ("between", "and") | ("from", "to" | "through" | "until" | "till" | "-")
        );
        let dashed = self.is_dash(a.end)
            && a.value.len() == 4
            && b.value.len() == 4
            && self.glued(a.end)
            && self.glued(b.start);
        if !worded && !dashed {
            return None;
        }
        let (s, _, g1) = bounds(&a.value);
        let (_, e, g2) = bounds(&b.value);
        let (s, e) = (s?, e?);
        if g1 != g2 || s > e {
            return None;
        }
        let value = match g1 {
            "year" => format!("P{}Y", e.year() - s.year()),
            "month" => format!(
                "P{}M",
                (e.year() - s.year()) * 12 + e.month() as i32 - s.month() as i32
            ),
            "day" => format!("P{}D", (e - s).num_days()),
            _ => return None,
        };
        Some(M {
            start: if worded { a.start - 1 } else { a.start },
            end: b.end,
            ty: TimexType::Duration,
            value,
            range: Some((s, e)),
            unit_gran: Some(g1),
            numeric: false,
            no_ref: true,
        })
    }

    /// Adds a range timex before each pair of joined dates ("between 2016
    /// and 2018"); the endpoints stay, as TimeML annotates them too.
    fn add_ranges(&self, ms: Vec<M>) -> Vec<M> {
        let mut out = Vec::with_capacity(ms.len());
        let mut k = 0;
        while k < ms.len() {
            if let Some(r) = ms.get(k + 1).and_then(|b| self.range_of(&ms[k], b)) {
                out.push(r);
                out.push(ms[k].clone());
                out.push(ms[k + 1].clone());
                k += 2;
            } else {
                out.push(ms[k].clone());
                k += 1;
            }
        }
        out
    }
}

/// Extracts temporal expressions from `text`, resolving relative ones
/// against `anchor` (the publication date). Offsets are code points.
pub fn extract(text: &str, anchor: Option<NaiveDate>) -> Vec<Timex> {
    let lower = text.to_ascii_lowercase();
    let toks = tokenize(text, &lower);
    let mut sc = Scanner {
        t: toks,
        anchor,
        reference: None,
        reference_end: 0,
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < sc.t.len() {
        match sc.match_at(i) {
            Some(mut m) if m.end > i => {
                // "a year or so", "1990 and beyond", "1994 or later"
                if matches!(
                    (sc.w(m.end), sc.w(m.end + 1)),
                    ("or", "so" | "later" | "earlier" | "more") | ("and", "beyond")
                ) {
                    m.end += 2;
                }
                if matches!(m.ty, TimexType::Date | TimexType::Time) && !m.no_ref {
                    let (s, _, g) = bounds(&m.value);
                    if let Some(s) = s {
                        sc.reference = Some((s, g));
                        sc.reference_end = m.end;
                    }
                }
                i = m.end;
                found.push(m);
            }
            _ => i += 1,
        }
    }
    let found = sc.add_ranges(found);
    to_timexes(text, &sc.t, found)
}

/// Converts token matches to code-point spans and fills derived fields.
fn to_timexes(text: &str, toks: &[Token<'_>], ms: Vec<M>) -> Vec<Timex> {
    let mut out = Vec::with_capacity(ms.len());
    let (mut byte_pos, mut cp_pos) = (0usize, 0usize);
    let mut to_cp = |b: usize| {
        if b >= byte_pos {
            cp_pos += text[byte_pos..b].chars().count();
        } else {
            cp_pos -= text[b..byte_pos].chars().count();
        }
        byte_pos = b;
        cp_pos
    };
    for m in ms {
        let (bs, be) = (toks[m.start].start, toks[m.end - 1].end);
        let start = to_cp(bs);
        let end = to_cp(be);
        let (mut rs, mut re, mut gran) = bounds(&m.value);
        if let Some((s, e)) = m.range {
            rs = Some(s);
            re = Some(e);
        }
        if let Some(g) = m.unit_gran {
            gran = g;
        }
        if matches!(m.ty, TimexType::Duration | TimexType::Set) && m.range.is_none() {
            rs = None;
            re = None;
        }
        out.push(Timex {
            start,
            end,
            text: text[bs..be].to_string(),
            timex_type: m.ty,
            value: m.value,
            resolved_start: rs,
            resolved_end: re,
            granularity: gran,
        });
    }
    out
}
