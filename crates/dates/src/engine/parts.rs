//! Small parsers for the pieces expressions are built from: month names, days of
//! the month, four-digit years and numbers (in digits or words).

use super::super::lexicon::{cardinal, month_abbr, month_full, ordinal, unit};
use super::Scanner;

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

impl Scanner<'_> {
    /// A month name at `i`: returns (month, next token).
    pub(super) fn month_at(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn day_at(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn compound_ordinal(&self, i: usize) -> Option<(u32, usize)> {
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
    pub(super) fn year_at(&self, i: usize) -> Option<(i32, usize)> {
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
    pub(super) fn continues_thousands(&self, i: usize) -> bool {
        i >= 2 && self.t[i - 2].is_num() && self.thousands_group(i - 1)
    }

    /// Number at `j`: exact amount or `None` for vague quantities
    /// ("several"), with the next token index.
    pub(super) fn number_at(&self, j: usize) -> Option<(Option<f64>, usize)> {
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
}
