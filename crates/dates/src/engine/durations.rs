//! Durations ("10 days", "the past two years") and the relative dates built on them
//! ("three years ago"), with their TIMEX3 values.

use super::super::TimexType;
use super::super::lexicon::{Unit, unit};
use super::{M, Scanner};

/// Granularity name of a unit ("day", "year"), as `Timex::granularity` gives it.
pub(super) fn unit_name(u: Unit) -> &'static str {
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
pub(super) fn duration_value(n: Option<f64>, u: Unit) -> String {
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

impl Scanner<'_> {
    /// Durations and the relative dates built on them: "10 days",
    /// "the past two years", "five-year", "10 to 12 days", "three years ago".
    pub(super) fn duration_expr(&self, i: usize) -> Option<M> {
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
    pub(super) fn vague_plural(&self, i: usize) -> Option<M> {
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
}
