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
//!
//! This file holds the scanner, its token helpers, the walk (`core_at` tries the
//! families, `match_at` adds modifiers, `add_ranges` joins endpoints) and the
//! conversion to [`Timex`]. Each family is an `impl Scanner` block of its own:
//! `calendar` (numeric, month, day-first and weekday dates, seasons, holidays),
//! `years` (years, decades, centuries), `quarters`, `relative` (deictic words,
//! "last week", anaphora), `times`, `durations`, `sets`; `parts` parses the
//! pieces they share (months, days, years, numbers), `resolve` places an
//! expression in time (tense, the year of a month, shifts from the anchor) and
//! `starts` says at which tokens a family or a modifier can start at all.

mod calendar;
mod durations;
mod parts;
mod quarters;
mod relative;
mod resolve;
mod sets;
mod starts;
mod times;
mod years;

use chrono::{Datelike, NaiveDate};

use self::starts::{CORE, MODIFIER};
#[cfg(test)]
pub(crate) use self::starts::{Gate, core_counts, gate_misses};
use super::token::{Token, tokenize};
use super::value::bounds;
use super::{Timex, TimexType};

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
    #[cfg(test)]
    gate: Gate,
}

impl<'a> Scanner<'a> {
    fn new(t: Vec<Token<'a>>, anchor: Option<NaiveDate>) -> Self {
        Scanner {
            t,
            anchor,
            reference: None,
            reference_end: 0,
            #[cfg(test)]
            gate: Gate::Starters,
        }
    }

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

    /// All families at `i`, where one of them can start (`opens`).
    fn core_at(&self, i: usize) -> Option<M> {
        if self.opens(i) & CORE == 0 {
            return None;
        }
        self.families(i)
    }

    /// All families at `i`; the longest match wins (ties: earlier family).
    fn families(&self, i: usize) -> Option<M> {
        // Each family's match is weighed as it comes, not gathered into an array of 16
        // first: at most tokens every family says no, and moving 16 empty matches through an
        // array and a fold was most of this function's time.
        let mut best: Option<M> = None;
        // `max_by` would keep the last of equals; the earlier family must win.
        let mut weigh = |m: Option<M>| {
            if let Some(m) = m
                && best.as_ref().is_none_or(|b| {
                    (m.end, std::cmp::Reverse(m.start)) > (b.end, std::cmp::Reverse(b.start))
                })
            {
                best = Some(m);
            }
        };
        weigh(self.numeric_date(i));
        weigh(self.time_expr(i));
        weigh(self.month_date(i));
        weigh(self.day_first_date(i));
        weigh(self.weekday_date_expr(i));
        weigh(self.quarter_expr(i));
        weigh(self.year_expr(i));
        weigh(self.relative(i));
        weigh(self.duration_expr(i));
        weigh(self.deictic(i));
        weigh(self.season_expr(i));
        weigh(self.set_expr(i));
        weigh(self.holiday(i));
        weigh(self.anaphoric_day(i));
        weigh(self.the_period(i));
        weigh(self.vague_plural(i));
        best
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
        // Most tokens: neither a match nor a modifier can start there.
        // "000" of "10,000 years": the rest of a number, never the start of an expression.
        let opens = self.opens(i);
        if opens == 0 || self.continues_thousands(i) {
            return None;
        }
        let core = if opens & CORE != 0 {
            self.families(i)
        } else {
            None
        };
        let prefix = if opens & MODIFIER != 0 {
            self.prefix_at(i)
        } else {
            None
        };
        let Some((plen, kind)) = prefix else {
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
    scan(text, Scanner::new(tokenize(text, &lower), anchor))
}

/// `extract` with another check of where expressions can start.
#[cfg(test)]
pub(crate) fn extract_gated(text: &str, anchor: Option<NaiveDate>, gate: Gate) -> Vec<Timex> {
    let lower = text.to_ascii_lowercase();
    let mut sc = Scanner::new(tokenize(text, &lower), anchor);
    sc.gate = gate;
    scan(text, sc)
}

fn scan(text: &str, mut sc: Scanner<'_>) -> Vec<Timex> {
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
