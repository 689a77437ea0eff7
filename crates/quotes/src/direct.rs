//! Direct quotations: quoted regions that are clauses of their own, attributed by a cue in
//! the same sentence, after the quotation (`"...," he said.` / `"...," said Peskov.`) or
//! before it (`Peskov told reporters: "..."`). A quotation interrupted by its attribution
//! (`"X," he said, "Y."`) and quotations that go on in the next sentences of the paragraph
//! (`"X," he said. "Y."`) become parts of one quote. Short quoted phrases woven into a
//! sentence (scare quotes, titles, partial quotes) are left to the reported-speech pass as
//! part of a larger content, or dropped when nothing introduces them.

use crate::Found;
use crate::doc::{Doc, Region, Sent};
use crate::lex::Kind;
use crate::lexicon::{Cue, Role};
use crate::phrase::{is_aux, np_after, subject_before};

/// Words a quoted clause needs to stand without punctuation or an adjacent cue.
const MIN_WORDS: usize = 4;
/// Tokens searched after a quotation for its cue.
const AFTER_WINDOW: usize = 24;
/// Most tokens between a cue and the rest of the quotation it interrupts.
const INTERRUPTION: usize = 12;
/// Tokens searched before a quotation for its cue.
const BEFORE_WINDOW: usize = 7;

pub(crate) fn is_cue(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    t.is_word()
        && doc.owner[i] == 0
        && matches!(
            t.cue,
            Some(Cue::Speech | Cue::Tell | Cue::Weak | Cue::Intent)
        )
}

fn title_case(doc: &Doc, r: &Region) -> bool {
    let mut words = 0;
    for k in r.open + 1..r.close {
        let t = &doc.toks[k];
        if t.is_word() {
            words += 1;
            if !t.cap && doc.tok_text(k).len() > 3 {
                return false;
            }
        }
    }
    words >= 2
}

/// A quotation that is a clause of its own rather than a phrase inside the sentence.
fn standalone(doc: &Doc, s: &Sent, r: &Region) -> bool {
    let toks = &doc.toks;
    let before = (r.open > s.a).then(|| &toks[r.open - 1]);
    let after_cue = before.is_some_and(|t| {
        t.is_punct(b':') || (t.is_word() && t.cue.is_some()) || t.role == Role::That
    });
    let clause_start = match before {
        None => true,
        Some(t) => matches!(t.kind, Kind::Punct(b',' | b'-' | b'(' | b':')) || after_cue,
    };
    if !clause_start {
        return false;
    }
    let cue_next = {
        let mut j = r.close + 1;
        while j < s.b && toks[j].is_punct(b',') {
            j += 1;
        }
        j < s.b && (is_cue(doc, j) || (toks[j].is_word() && toks[j].role == Role::Pronoun))
    };
    // the quotation must close its clause too: `"...," he said`, `"...".`, `"..." ― Name`
    let rest_plain = (r.close + 1..s.b).all(|k| !toks[k].is_word() && doc.owner[k] == 0);
    let next_sep = r.close + 1 < s.b && matches!(toks[r.close + 1].kind, Kind::Punct(b',' | b'-'));
    if !(r.punct_end || rest_plain || next_sep || cue_next) {
        return false;
    }
    r.punct_end || after_cue || cue_next || (r.words >= MIN_WORDS && !title_case(doc, r))
}

/// Attribution found for a quotation: cue and source token ranges and the token after it.
struct Attr {
    cue: (usize, usize),
    source: Option<(usize, usize)>,
    end: usize,
}

fn attr_after(doc: &Doc, r: &Region, limit: usize) -> Option<Attr> {
    let toks = &doc.toks;
    let mut j = r.close + 1;
    while j < limit && matches!(toks[j].kind, Kind::Punct(b',' | b'-')) {
        j += 1;
    }
    if j >= limit {
        return None;
    }
    if is_cue(doc, j) {
        if is_participle(doc, j) {
            return None;
        }
        let source = np_after(doc, j + 1, limit);
        let end = source.map_or(j + 1, |s| s.1);
        return Some(Attr {
            cue: (j, j + 1),
            source,
            end,
        });
    }
    // "he said", "Scott Pruitt, the attorney general of Oklahoma, said": the source runs
    // from the quotation to the cue, appositives included
    if !toks[j].is_word()
        || !(toks[j].cap || toks[j].role == Role::Pronoun || toks[j].role == Role::Det)
    {
        return None;
    }
    for k in j..limit.min(j + AFTER_WINDOW) {
        let t = &toks[k];
        if doc.owner[k] != 0 || matches!(t.kind, Kind::Punct(b'.' | b';' | b'?' | b'!' | b':')) {
            return None;
        }
        if is_cue(doc, k) {
            let mut e = k;
            while e > j && (is_aux(doc, e - 1) || toks[e - 1].is_punct(b',')) {
                e -= 1;
            }
            return (e > j && !is_participle(doc, k)).then_some(Attr {
                cue: (k, k + 1),
                source: Some((j, e)),
                end: k + 1,
            });
        }
        if t.is_word() && matches!(t.role, Role::That | Role::Relative) && k > j {
            return None;
        }
    }
    None
}

/// A cue ending in -ing after a comma: `..., adding "..."`, `..., saying that ...`.
pub(crate) fn is_participle(doc: &Doc, k: usize) -> bool {
    k > 0 && doc.toks[k - 1].is_punct(b',') && doc.tok_text(k).ends_with("ing")
}

/// The name or pronoun a sentence opens with, when it is followed by a lowercase word.
pub(crate) fn sentence_subject(doc: &Doc, s: &Sent) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    let mut a = s.a;
    // past leading phrases: "In a statement, Peabody said", "On Friday, after the vote, she"
    for _ in 0..3 {
        let opener = toks[a].is_word()
            && (toks[a].role == Role::Stop || toks[a].role == Role::Time || toks[a].cue.is_some());
        match (a..s.b.min(a + 8)).find(|&k| toks[k].is_punct(b',')) {
            Some(c) if opener && doc.owner[a] == 0 => a = c + 1,
            _ => break,
        }
    }
    if a >= s.b || !toks[a].is_word() || doc.owner[a] != 0 {
        return None;
    }
    if toks[a].role == Role::Pronoun {
        return Some((a, a + 1));
    }
    let mut k = a;
    if toks[k].role == Role::Det {
        k += 1;
    }
    while k < s.b && toks[k].is_word() && toks[k].cap && toks[k].role == Role::Plain {
        k += 1;
    }
    (k > a && k < s.b && toks[k].is_word() && !toks[k].cap && toks[a].cap).then_some((a, k))
}

fn attr_before(
    doc: &Doc,
    s: &Sent,
    r: &Region,
    floor: usize,
    prev_source: Option<(usize, usize)>,
) -> Option<Attr> {
    let toks = &doc.toks;
    let mut k = r.open;
    while k > floor && r.open - k < BEFORE_WINDOW {
        k -= 1;
        if doc.owner[k] != 0 || matches!(toks[k].kind, Kind::Punct(b'.' | b';' | b'?' | b'!')) {
            return None;
        }
        if is_cue(doc, k) {
            let source = if is_participle(doc, k) {
                prev_source.or_else(|| sentence_subject(doc, s))
            } else {
                subject_before(doc, k, floor)
                    .or_else(|| {
                        // "Said Ellis: ..."
                        np_after(doc, k + 1, r.open).filter(|n| n.1 + 1 >= r.open && toks[k].cap)
                    })
                    .or_else(|| {
                        // "... and repeatedly says, ..."
                        let mut p = k;
                        while p > floor && is_aux(doc, p - 1) {
                            p -= 1;
                        }
                        (p > floor && doc.tok_text(p - 1) == "and")
                            .then(|| sentence_subject(doc, s))
                            .flatten()
                    })
            };
            return Some(Attr {
                cue: (k, k + 1),
                source,
                end: r.open,
            });
        }
    }
    None
}

/// A quotation signed after a dash: `"..." ― Jane Doe`, up to the end of the sentence.
fn attr_dash(doc: &Doc, r: &Region, limit: usize) -> Option<Attr> {
    let d = r.close + 1;
    if d + 1 >= limit || !doc.toks[d].is_punct(b'-') || !doc.toks[d + 1].cap {
        return None;
    }
    let src = np_after(doc, d + 1, limit)?;
    let rest_plain = (src.1..limit).all(|k| !doc.toks[k].is_word());
    rest_plain.then_some(Attr {
        cue: (d, d + 1),
        source: Some(src),
        end: limit,
    })
}

/// The last cue of a sentence that ends with a colon, introducing the quotation after it.
fn attr_colon(doc: &Doc, prev: &Sent) -> Option<Attr> {
    if !doc.toks[prev.b - 1].is_punct(b':') {
        return None;
    }
    let Some(k) = (prev.a..prev.b).rev().find(|&k| is_cue(doc, k)) else {
        // "The mayor issued a short statement:": the subject of the sentence introduces
        // the quotation, the colon standing for its cue
        let source = sentence_subject(doc, prev)?;
        return Some(Attr {
            cue: (prev.b - 1, prev.b),
            source: Some(source),
            end: prev.b,
        });
    };
    Some(Attr {
        cue: (k, k + 1),
        source: subject_before(doc, k, prev.a),
        end: prev.b,
    })
}

/// Most words after the cue that closes the sentence before a quotation.
const CLOSING_TAIL: usize = 4;

/// The attribution that closes the sentence before a quotation, which goes on with it:
/// `Fares will rise, the minister said. "..."`, `"...," she said on Monday. "..."`.
fn attr_closing(doc: &Doc, prev: &Sent) -> Option<Attr> {
    let toks = &doc.toks;
    let k = (prev.a..prev.b)
        .rev()
        .take(CLOSING_TAIL + 6)
        .find(|&k| is_cue(doc, k) && matches!(toks[k].cue, Some(Cue::Speech | Cue::Tell)))?;
    if (k + 1..prev.b).filter(|&j| toks[j].is_word()).count() > CLOSING_TAIL
        || (k + 1..prev.b).any(|j| doc.owner[j] != 0)
        || is_participle(doc, k)
    {
        return None;
    }
    let source = subject_before(doc, k, prev.a)
        .filter(|s| {
            s.0 > prev.a && matches!(toks[s.0 - 1].kind, Kind::Punct(b',') | Kind::Quote { .. })
        })
        .or_else(|| {
            (k > prev.a && toks[k - 1].is_punct(b','))
                .then(|| np_after(doc, k + 1, prev.b))
                .flatten()
        })?;
    Some(Attr {
        cue: (k, k + 1),
        source: Some(source),
        end: prev.b,
    })
}

/// A name or pronoun opening the sentence before, for a quotation with no cue of its own.
fn subject_opening(doc: &Doc, prev: &Sent) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    let first = &toks[prev.a];
    if !first.is_word() || doc.owner[prev.a] != 0 {
        return None;
    }
    if matches!(doc.tok_text(prev.a), "He" | "She") {
        return Some((prev.a, prev.a + 1));
    }
    let mut k = prev.a;
    while k < prev.b && toks[k].is_word() && toks[k].cap && toks[k].role == Role::Plain {
        k += 1;
    }
    (k > prev.a && k < prev.b && toks[k].is_word() && !toks[k].cap).then_some((prev.a, k))
}

pub(crate) fn find(doc: &Doc, used: &mut [bool]) -> Vec<Found> {
    let mut out = Vec::new();
    let mut done = vec![false; doc.regions.len()];
    let sents = &doc.sents;
    for si in 0..sents.len() {
        let s = sents[si];
        let mut i = s.a;
        while i < s.b {
            let Some(ri) = doc.region_of(i) else {
                i += 1;
                continue;
            };
            let r = doc.regions[ri];
            i = r.close + 1;
            if done[ri] || !standalone(doc, &s, &r) {
                continue;
            }
            done[ri] = true;
            let prev_region_end = (s.a..r.open)
                .rev()
                .find(|&k| doc.owner[k] != 0)
                .map_or(s.a, |k| k + 1);
            let prev = (si > 0).then(|| sents[si - 1]);
            let prev_source = out
                .last()
                .filter(|f: &&Found| f.cue.is_some_and(|c| c.0 >= s.a))
                .and_then(|f| f.source);
            let after = attr_after(doc, &r, s.b);
            let before = || attr_before(doc, &s, &r, prev_region_end, prev_source);
            let attr = match after {
                Some(a) if a.source.is_none() => {
                    before().filter(|b| b.source.is_some()).or(Some(a))
                }
                Some(a) => Some(a),
                None => before(),
            }
            .or_else(|| {
                prev.filter(|_| r.open == s.a)
                    .and_then(|p| attr_colon(doc, &p))
            });
            let mut f = Found {
                parts: vec![(r.open, r.close + 1)],
                direct: true,
                cue: None,
                source: None,
            };
            let Some(attr) = attr.or_else(|| attr_dash(doc, &r, s.b)) else {
                if r.open != s.a {
                    // a quoted phrase inside a sentence, left to the reported-speech pass
                    continue;
                }
                if let Some(p) = prev.filter(|p| p.para == s.para) {
                    // the quotation goes on from the attribution in the sentence before
                    // (`..., says Jane Doe. "..."`), else its speaker opens that sentence
                    let before = out.last().filter(|l: &&Found| {
                        l.source.is_some() && l.cue.is_some_and(|c| c.0 >= p.a && c.0 < p.b)
                    });
                    match before {
                        Some(l) => {
                            f.source = l.source;
                            f.cue = l.cue;
                        }
                        None => match attr_closing(doc, &p) {
                            Some(a) => {
                                f.source = a.source;
                                f.cue = Some(a.cue);
                            }
                            None => f.source = subject_opening(doc, &p),
                        },
                    }
                } else if let Some(p) = prev.filter(|p| p.para + 1 == s.para) {
                    // a quotation paragraph after the speaker's attributed quotation
                    let last = out.last().filter(|l: &&Found| {
                        l.direct && l.cue.is_some_and(|c| c.0 >= p.a && c.0 < p.b)
                    });
                    if let Some(l) = last {
                        f.source = l.source;
                        f.cue = l.cue;
                    }
                }
                out.push(f);
                continue;
            };
            f.cue = Some(attr.cue);
            f.source = attr.source;
            used[attr.cue.0..attr.cue.1].fill(true);
            // "X," he said, "Y."
            // past what follows the cue ("told the host", "said in Ohio on Monday") to a
            // comma, colon or dash right before the next quotation
            let mut j = attr.end.max(r.close + 1);
            let lim = s.b.min(j + INTERRUPTION);
            while j < lim && doc.owner[j] == 0 && !is_cue(doc, j) && !doc.toks[j].is_punct(b'.') {
                j += 1;
            }
            let joined =
                j < lim && j > 0 && matches!(doc.toks[j - 1].kind, Kind::Punct(b',' | b'-' | b':'));
            if !joined {
                j = s.b;
            }
            let mut tail = attr.end.max(r.close + 1);
            if let Some(r2) = (j < s.b)
                .then(|| doc.region_of(j))
                .flatten()
                .filter(|&r2| !done[r2])
            {
                let reg = doc.regions[r2];
                f.parts.push((reg.open, reg.close + 1));
                done[r2] = true;
                tail = reg.close + 1;
                i = i.max(tail);
            }
            // "X," he said. "Y." in the same paragraph
            let rest_plain = (tail..s.b).all(|k| doc.owner[k] == 0);
            let mut sj = si + 1;
            while rest_plain && sj < sents.len() && sents[sj].para == s.para {
                let t = sents[sj];
                // a quotation opening the next sentence, with no cue of its own after it
                match doc.region_of(t.a) {
                    Some(r2) if !done[r2] && !(t.a..t.b).any(|k| is_cue(doc, k)) => {
                        let close = doc.regions[r2].close;
                        f.parts.push((t.a, close + 1));
                        done[r2] = true;
                        if close + 1 < t.b && (close + 1..t.b).any(|k| doc.toks[k].is_word()) {
                            break;
                        }
                    }
                    _ => break,
                }
                sj += 1;
            }
            out.push(f);
        }
    }
    out
}
