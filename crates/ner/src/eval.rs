//! Entity-level evaluation, conlleval style: a predicted entity counts only
//! if its type and both boundaries match a gold entity exactly.

use super::EntityType;
use super::features::Scratch;
use super::model::{Model, spans_of};
use super::train::Document;
use rayon::prelude::*;
use std::fmt::Write as _;

/// True positives, false positives and false negatives per entity type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: [u64; 4],
    pub fp: [u64; 4],
    pub fn_: [u64; 4],
}

fn prf(tp: u64, fp: u64, fn_: u64) -> (f64, f64, f64) {
    let p = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        0.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        for k in 0..4 {
            self.tp[k] += o.tp[k];
            self.fp[k] += o.fp[k];
            self.fn_[k] += o.fn_[k];
        }
    }
    /// (precision, recall, F1) for one type, as fractions.
    pub fn of_type(&self, t: EntityType) -> (f64, f64, f64) {
        let k = t as usize;
        prf(self.tp[k], self.fp[k], self.fn_[k])
    }
    /// Micro-averaged (precision, recall, F1) over all types.
    pub fn overall(&self) -> (f64, f64, f64) {
        prf(
            self.tp.iter().sum(),
            self.fp.iter().sum(),
            self.fn_.iter().sum(),
        )
    }
    /// A conlleval-like text table.
    pub fn report(&self, title: &str) -> String {
        let mut s = String::new();
        let (p, r, f) = self.overall();
        let _ = writeln!(
            s,
            "{title}: P {:.2} R {:.2} F1 {:.2}",
            p * 100.0,
            r * 100.0,
            f * 100.0
        );
        for t in EntityType::ALL {
            let k = t as usize;
            let (p, r, f) = self.of_type(t);
            let _ = writeln!(
                s,
                "  {:<5} P {:6.2} R {:6.2} F1 {:6.2}  (gold {}, pred {})",
                t.conll(),
                p * 100.0,
                r * 100.0,
                f * 100.0,
                self.tp[k] + self.fn_[k],
                self.tp[k] + self.fp[k]
            );
        }
        s
    }
}

/// Compare one sentence's gold and predicted tag ids. `ignore_misc` drops
/// MISC from both sides (for sets such as UNER PUD that have no MISC gold).
pub(crate) fn count_spans(gold: &[u8], pred: &[u8], ignore_misc: bool, c: &mut Counts) {
    let g = spans_of(gold);
    let p = spans_of(pred);
    let keep = |t: EntityType| !(ignore_misc && t == EntityType::Misc);
    for s in &p {
        if !keep(s.2) {
            continue;
        }
        if g.contains(s) {
            c.tp[s.2 as usize] += 1;
        } else {
            c.fp[s.2 as usize] += 1;
        }
    }
    for s in &g {
        if keep(s.2) && !p.contains(s) {
            c.fn_[s.2 as usize] += 1;
        }
    }
}

/// Tag every document with `model` and score it against its gold tags.
pub fn evaluate(model: &Model, docs: &[Document], ignore_misc: bool) -> Counts {
    docs.par_iter()
        .map(|d| {
            let mut sc = Scratch::default();
            let pred = model.tag_doc_ids(&d.sentences, &mut sc);
            let mut c = Counts::default();
            let mut off = 0;
            for g in &d.tags {
                count_spans(g, &pred[off..off + g.len()], ignore_misc, &mut c);
                off += g.len();
            }
            c
        })
        .reduce(Counts::default, |mut a, b| {
            a.add(&b);
            a
        })
}

/// Single-threaded tagging throughput (tokens per second) over `docs`,
/// including feature extraction; repeats until at least `min_secs` elapsed.
pub fn tokens_per_second(model: &Model, docs: &[Document], min_secs: f64) -> f64 {
    let mut sc = Scratch::default();
    let ntok: usize = docs
        .iter()
        .flat_map(|d| &d.sentences)
        .map(|s| s.len())
        .sum();
    let start = std::time::Instant::now();
    let mut total = 0usize;
    let mut sink = 0usize;
    loop {
        for d in docs {
            sink += model.tag_doc_ids(&d.sentences, &mut sc).len();
        }
        total += ntok;
        let el = start.elapsed().as_secs_f64();
        if el >= min_secs {
            std::hint::black_box(sink);
            return total as f64 / el;
        }
    }
}
