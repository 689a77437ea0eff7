//! TempEval-3 style scoring: gold and system timexes are paired one to one;
//! strict = identical span, relaxed = overlapping span. Value and type
//! accuracy are measured on relaxed pairs, and value/type F1 = relaxed F1 x
//! accuracy (the TempEval-3 ranking score).

use std::fmt::Write as _;
use std::time::Instant;

use super::super::{Timex, extract};
use super::corpus::{Doc, GoldTimex};

/// Aggregated counts and derived scores for one corpus.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub name: String,
    pub docs: usize,
    pub gold: usize,
    pub system: usize,
    pub strict_tp: usize,
    pub relaxed_tp: usize,
    pub value_ok: usize,
    pub type_ok: usize,
    /// Whitespace tokens in all document texts.
    pub tokens: usize,
    /// Wall time spent inside `extract` (best of the timing passes).
    pub seconds: f64,
    /// Human-readable list of misses, for rule development.
    pub misses: String,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Report {
    pub fn strict(&self) -> (f64, f64, f64) {
        let (p, r) = (
            ratio(self.strict_tp, self.system),
            ratio(self.strict_tp, self.gold),
        );
        (p, r, f1(p, r))
    }
    pub fn relaxed(&self) -> (f64, f64, f64) {
        let (p, r) = (
            ratio(self.relaxed_tp, self.system),
            ratio(self.relaxed_tp, self.gold),
        );
        (p, r, f1(p, r))
    }
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.value_ok, self.relaxed_tp)
    }
    pub fn value_f1(&self) -> f64 {
        self.relaxed().2 * self.value_accuracy()
    }
    pub fn type_f1(&self) -> f64 {
        self.relaxed().2 * ratio(self.type_ok, self.relaxed_tp)
    }
    pub fn tokens_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.tokens as f64 / self.seconds
        } else {
            0.0
        }
    }

    /// Sums the counts of several reports (e.g. TimeBank + AQUAINT).
    pub fn combine(name: &str, parts: &[&Report]) -> Report {
        let mut r = Report {
            name: name.to_string(),
            ..Report::default()
        };
        for p in parts {
            r.docs += p.docs;
            r.gold += p.gold;
            r.system += p.system;
            r.strict_tp += p.strict_tp;
            r.relaxed_tp += p.relaxed_tp;
            r.value_ok += p.value_ok;
            r.type_ok += p.type_ok;
            r.tokens += p.tokens;
            r.seconds += p.seconds;
        }
        r
    }

    /// Multi-line summary with percentages.
    pub fn summary(&self) -> String {
        let (sp, sr, sf) = self.strict();
        let (rp, rr, rf) = self.relaxed();
        format!(
            "{}: {} docs, {} gold, {} system\n  strict  P {:.2} R {:.2} F1 {:.2}\n  relaxed P {:.2} R {:.2} F1 {:.2}\n  value accuracy {:.2}  value F1 {:.2}  type F1 {:.2}\n  speed {:.0} tokens/s ({} tokens in {:.4} s)",
            self.name,
            self.docs,
            self.gold,
            self.system,
            sp * 100.0,
            sr * 100.0,
            sf * 100.0,
            rp * 100.0,
            rr * 100.0,
            rf * 100.0,
            self.value_accuracy() * 100.0,
            self.value_f1() * 100.0,
            self.type_f1() * 100.0,
            self.tokens_per_second(),
            self.tokens,
            self.seconds
        )
    }
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Scores one document's system output against its gold, adding to `report`.
pub fn score_doc(doc: &Doc, system: &[Timex], report: &mut Report) {
    let sys: Vec<&Timex> = system
        .iter()
        .filter(|t| t.start < doc.scored_until)
        .collect();
    report.docs += 1;
    report.gold += doc.gold.len();
    report.system += sys.len();
    let mut used = vec![false; sys.len()];
    let mut gold_hit = vec![false; doc.gold.len()];
    // Pair each gold with the unused system timex of largest overlap.
    for (gi, g) in doc.gold.iter().enumerate() {
        let best = sys
            .iter()
            .enumerate()
            .filter(|(si, _)| !used[*si])
            .map(|(si, s)| (si, overlap((g.start, g.end), (s.start, s.end))))
            .filter(|(_, o)| *o > 0)
            .max_by_key(|(_, o)| *o);
        let Some((si, _)) = best else { continue };
        used[si] = true;
        gold_hit[gi] = true;
        let s = sys[si];
        report.relaxed_tp += 1;
        if s.start == g.start && s.end == g.end {
            report.strict_tp += 1;
        } else {
            note(report, doc, "SPAN", Some(g), Some(s));
        }
        if s.value == g.value {
            report.value_ok += 1;
        } else {
            note(report, doc, "VALUE", Some(g), Some(s));
        }
        if s.timex_type.timeml_name() == g.timex_type {
            report.type_ok += 1;
        } else {
            note(report, doc, "TYPE", Some(g), Some(s));
        }
    }
    for (gi, g) in doc.gold.iter().enumerate() {
        if !gold_hit[gi] {
            note(report, doc, "FN", Some(g), None);
        }
    }
    for (si, s) in sys.iter().enumerate() {
        if !used[si] {
            note(report, doc, "FP", None, Some(s));
        }
    }
}

fn context(doc: &Doc, start: usize, end: usize) -> String {
    let from = start.saturating_sub(50);
    doc.text
        .chars()
        .skip(from)
        .take(end + 40 - from)
        .collect::<String>()
        .replace('\n', " ")
}

fn note(report: &mut Report, doc: &Doc, kind: &str, g: Option<&GoldTimex>, s: Option<&Timex>) {
    let g_str = g.map_or(String::from("-"), |g| {
        format!("[{}] {} {}", g.text, g.timex_type, g.value)
    });
    let s_str = s.map_or(String::from("-"), |s| {
        format!("[{}] {} {}", s.text, s.timex_type.timeml_name(), s.value)
    });
    let (a, b) = g
        .map(|g| (g.start, g.end))
        .or(s.map(|s| (s.start, s.end)))
        .unwrap_or((0, 0));
    let _ = writeln!(
        report.misses,
        "{kind}\t{}\tanchor {:?}\tgold {g_str}\tsys {s_str}\t| {}",
        doc.id,
        doc.anchor,
        context(doc, a, b)
    );
}

/// Runs `extract` on every document, scores it and times it (best of
/// `passes` timing passes over the whole corpus).
pub fn evaluate(name: &str, docs: &[Doc], passes: usize) -> Report {
    let mut report = Report {
        name: name.to_string(),
        ..Report::default()
    };
    for doc in docs {
        let sys = extract(&doc.text, doc.anchor);
        score_doc(doc, &sys, &mut report);
        report.tokens += doc.text.split_whitespace().count();
    }
    let mut best = f64::MAX;
    for _ in 0..passes.max(1) {
        let t0 = Instant::now();
        let mut n = 0usize;
        for doc in docs {
            n += extract(&doc.text, doc.anchor).len();
        }
        std::hint::black_box(n);
        best = best.min(t0.elapsed().as_secs_f64());
    }
    report.seconds = best;
    report
}
