//! Per-document analysis: each token's base hashes and case, the
//! document's own case statistics, truecasing of headlines, gazetteer
//! matches and the decoding constraints.

use super::lexicon::{
    CONNECTOR, HAS_DOT, INFLECTED, LETTERS_ONLY, LETTERS2, LEXICON, OPENER, slot_of,
};
use super::memo::FormKey;
use super::shape::{is_caps_line, shape_hash, title_line_start};
use super::{
    CASE_LOWER, CASE_MIXED, CASE_TITLE, CASE_UPPER, CORP_LOWER, CORP_MIXED, CORP_TITLE, CORP_UPPER,
    Extractor, Scratch, TokInfo, corpus_key,
};
use crate::gazetteer::{Gazetteer, MORE, SEQ_SEED, WORD_SEED, seq_step};
use crate::hash::hash_bytes;

/// How many tokens ahead the analysis asks for a form's memo slot: the memo is four
/// megabytes, so a slot is often a cache miss.
const SLOT_PREFETCH_AHEAD: usize = 4;

impl Extractor<'_> {
    /// For an unknown headline word, is a simple stem ("MEETS" -> "meet",
    /// "STALLED" -> "stall") a lowercase word in the corpus?
    fn stem_is_lower(&self, t: &str) -> bool {
        let lw = t.to_lowercase();
        ["s", "es", "ed", "d", "ing", "ly"].iter().any(|suf| {
            lw.len() > suf.len() + 2
                && lw.ends_with(suf)
                && self
                    .words
                    .get(corpus_key(hash_bytes(
                        WORD_SEED,
                        &lw.as_bytes()[..lw.len() - suf.len()],
                    )))
                    .map_or(0, |w| w.corp)
                    == CORP_LOWER
        })
    }

    /// Per-token analysis of a document (hashes, truecasing, gazetteer
    /// matches, decoding constraints) into `sc`. It does not depend on the
    /// first pass's tags, so the tagger runs it once for both passes.
    pub(crate) fn analyze_doc<S: AsRef<str>>(&self, sents: &[Vec<S>], sc: &mut Scratch) {
        let gaz = Gazetteer::get();
        sc.info.clear();
        sc.doc_counts.clear();
        sc.no_inside.clear();
        sc.caps_lines.clear();
        sc.lexemes.clear();
        // Pass 1: per-token base hashes, from the memo of each form's analysis.
        LEXICON.with_borrow_mut(|lexicon| {
            sc.lex_slots.clear();
            sc.lex_slots.extend(sents.iter().flatten().map(|t| {
                let bytes = t.as_ref().as_bytes();
                if FormKey::fits(bytes) {
                    slot_of(bytes) as u32
                } else {
                    u32::MAX
                }
            }));
            for (k, t) in sents.iter().flatten().enumerate() {
                if let Some(&ahead) = sc.lex_slots.get(k + SLOT_PREFETCH_AHEAD) {
                    lexicon.prefetch(ahead as usize);
                }
                let at = sc.lex_slots[k];
                sc.lexemes.push(if at == u32::MAX {
                    lexicon.get(t.as_ref(), self.words)
                } else {
                    lexicon.get_at(t.as_ref(), at as usize, self.words)
                });
            }
        });
        let caps_lines = &mut sc.caps_lines;
        let mut title_lines = Vec::with_capacity(sents.len());
        let mut base = 0;
        for sent in sents {
            let lex = &sc.lexemes[base..base + sent.len()];
            let caps = is_caps_line(lex);
            let title_line = if caps {
                None
            } else {
                title_line_start(sent, lex)
            };
            caps_lines.push(caps);
            title_lines.push(title_line);
            for (i, l) in lex.iter().enumerate() {
                let raw_case = l.raw_case as u64;
                let init = i == 0 || (i <= 2 && lex[..i].iter().all(|p| p.has(OPENER)));
                if !caps
                    && title_line.is_none_or(|f| i < f)
                    && !init
                    && matches!(raw_case, CASE_LOWER | CASE_TITLE | CASE_UPPER | CASE_MIXED)
                {
                    let e = sc.doc_counts.entry(l.word).or_insert((0, 0));
                    if raw_case == CASE_LOWER {
                        e.0 += 1;
                    } else {
                        e.1 += 1;
                    }
                }
                sc.info.push(TokInfo {
                    word: l.word,
                    shape: 0,
                    case: raw_case,
                    raw_case,
                    len_class: l.len_class as u64,
                    gaz_b: 0,
                    gaz_i: 0,
                    corp: l.info.corp,
                    doc: 0,
                    cl: l.info.cl,
                    init,
                    inflected: l.has(INFLECTED),
                    connector: l.has(CONNECTOR),
                });
            }
            base += sent.len();
        }
        // Pass 2: document classes, truecasing of caps lines, shapes, gazetteer.
        let mut base = 0;
        for (si, sent) in sents.iter().enumerate() {
            let n = sent.len();
            for (i, t) in sent.iter().enumerate() {
                let t = t.as_ref();
                let inf = &mut sc.info[base + i];
                let (lo, up) = sc.doc_counts.get(&inf.word).copied().unwrap_or((0, 0));
                inf.doc = match (lo > 0, up > 0) {
                    (false, false) => 0,
                    (true, false) => 1,
                    (false, true) => 2,
                    (true, true) => 3,
                };
                let mut over = None;
                let lex = &sc.lexemes[base + i];
                if caps_lines[si]
                    && inf.raw_case == CASE_UPPER
                    && lex.has(LETTERS2)
                    && !lex.has(HAS_DOT)
                {
                    // Guess the usual case: corpus statistics first, then how the
                    // word appears elsewhere in this document; unknown words are
                    // most often names, so default to Title case.
                    let c = match inf.corp {
                        CORP_LOWER => CASE_LOWER,
                        CORP_UPPER => CASE_UPPER,
                        CORP_TITLE => CASE_TITLE,
                        _ if inf.corp == 0 && self.stem_is_lower(t) => CASE_LOWER,
                        _ => match inf.doc {
                            1 => CASE_LOWER,
                            2 | 3 => CASE_TITLE,
                            _ => {
                                if inf.corp == CORP_MIXED {
                                    CASE_LOWER
                                } else {
                                    CASE_TITLE
                                }
                            }
                        },
                    };
                    if c != CASE_UPPER {
                        over = Some(c);
                    }
                    inf.case = c;
                }
                if title_lines[si].is_some_and(|f| i > f)
                    && inf.raw_case == CASE_TITLE
                    && inf.corp == CORP_LOWER
                {
                    over = Some(CASE_LOWER);
                    inf.case = CASE_LOWER;
                }
                inf.shape = match over {
                    None => lex.shape,
                    Some(_) => shape_hash(t, over),
                };
                // Raw case, not the truecased guess: in "WORLD CUP" or "AMERICAN
                // LEAGUE" the truecaser calls "CUP"/"LEAGUE" lowercase although
                // they continue a name (a hard constraint on that guess cost
                // 1.3 F1 on CoNLL). Only inflected verb-like headline words
                // ("MEETS", "STALLED", "SAYING") are trusted.
                let lowered_headline_verb = over == Some(CASE_LOWER) && inf.inflected;
                sc.no_inside.push(
                    (inf.raw_case == CASE_LOWER || lowered_headline_verb)
                        && lex.has(LETTERS_ONLY)
                        && !inf.connector,
                );
            }
            // Gazetteer: longest matches starting at each position.
            for i in 0..n {
                let mut h = SEQ_SEED;
                let mut best: Option<(usize, u32)> = None;
                for j in i..n.min(i + gaz.max_len) {
                    h = seq_step(h, sc.info[base + j].word);
                    let s = gaz.step(h);
                    let m = s & !MORE;
                    if m != 0 {
                        best = Some((j, m));
                    }
                    if s & MORE == 0 {
                        break;
                    }
                }
                if let Some((j, m)) = best {
                    sc.info[base + i].gaz_b |= m;
                    for k in i + 1..=j {
                        sc.info[base + k].gaz_i |= m;
                    }
                }
            }
            base += n;
        }
    }
}
