//! Sets: "weekly", "every day", "each year".

use super::super::TimexType;
use super::super::lexicon::{month_full, part_of_day, unit, weekday};
use super::durations::{duration_value, unit_name};
use super::{M, Scanner};

impl Scanner<'_> {
    /// Sets: "weekly", "every day", "each year", "twice a week".
    pub(super) fn set_expr(&self, i: usize) -> Option<M> {
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
}
