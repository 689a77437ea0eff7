//! Clock times: "2 p.m.", "10:35 a.m. EDT", "18:00 UTC", "noon".

use super::super::TimexType;
use super::super::lexicon::{is_timezone, part_of_day, weekday};
use super::super::value::{add_days, fmt_day};
use super::{M, Scanner};

impl Scanner<'_> {
    /// Clock times: "2 p.m.", "10:35 a.m. EDT", "18:00 UTC", "noon",
    /// "2 p.m. Moscow time", optionally followed by a day ("9 a.m. Tuesday").
    pub(super) fn time_expr(&self, i: usize) -> Option<M> {
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
}
