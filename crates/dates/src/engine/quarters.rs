//! Quarters and halves of a (fiscal) year, and the quarter a business story is about.

use chrono::{Datelike, NaiveDate};

use super::super::value::{add_days, add_months, fmt_quarter, fmt_year};
use super::resolve::Tense;
use super::{M, Scanner};

/// Calendar quarter (1 to 4) of `d`.
pub(super) fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

impl Scanner<'_> {
    /// Quarters and halves: "the third quarter", "third-quarter",
    /// "the fourth quarter of 2009", "Q3 2024", "the first half".
    pub(super) fn quarter_expr(&self, i: usize) -> Option<M> {
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
    pub(super) fn current_quarter_ref(&self) -> Option<NaiveDate> {
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
}
