//! Years, decades and centuries, in digits or words.

use chrono::Datelike;

use super::super::lexicon::{cardinal, ordinal};
use super::super::value::fmt_year;
use super::{M, Scanner};

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

impl Scanner<'_> {
    /// Years, decades and centuries: "2022", "fiscal 1989", "the 1990s",
    /// "'90s", "the 20th century".
    pub(super) fn year_expr(&self, i: usize) -> Option<M> {
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
    pub(super) fn spelled_year(&self, i: usize) -> Option<(i32, usize)> {
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
}
