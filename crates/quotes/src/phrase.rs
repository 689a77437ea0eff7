//! Noun phrases around a cue, found without a parser: the subject is the run of words
//! before the verb up to a clause boundary (a comma, a conjunction, a preposition), past
//! auxiliaries and adverbs; after the verb, a source runs to the next comma or sentence end.

use crate::doc::Doc;
use crate::lex::{Kind, Tok};
use crate::lexicon::Role;

/// Most words a source phrase may have.
const MAX_NP: usize = 10;
/// Most tokens of an appositive between a name and its verb.
const APPOSITIVE: usize = 24;

fn is_ly_adverb(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    let w = doc.tok_text(i);
    t.is_word() && !t.cap && w.len() > 4 && w.ends_with("ly")
}

/// Skippable between a subject and its verb.
pub(crate) fn is_aux(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    t.is_word() && (t.role == Role::Aux || is_ly_adverb(doc, i))
}

fn np_word(t: &Tok) -> bool {
    t.is_word() && matches!(t.role, Role::Plain | Role::Hearer | Role::Time | Role::Det)
}

/// The subject of the verb at `cue`, as a half-open token range, not reaching before `floor`.
pub(crate) fn subject_before(doc: &Doc, cue: usize, floor: usize) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    let mut j = cue;
    loop {
        while j > floor && is_aux(doc, j - 1) {
            j -= 1;
        }
        // a time between the subject and its verb: "Ruiz on Friday said", "she last week
        // told"
        let mut t = j;
        while t > floor && toks[t - 1].is_word() && toks[t - 1].role == Role::Time {
            t -= 1;
        }
        if t == j || t == floor {
            break;
        }
        if matches!(doc.tok_text(t - 1), "on" | "this" | "early") && t - 1 > floor {
            t -= 1;
        }
        // the word before must end a noun phrase for the time to be an adverb
        let before = &toks[t - 1];
        if !(before.is_word() && (before.cap || before.role == Role::Pronoun)) {
            break;
        }
        j = t;
    }
    if j == floor || doc.owner[j - 1] != 0 {
        return None;
    }
    let end = j;
    let head = &toks[j - 1];
    if head.is_word() && matches!(head.role, Role::Pronoun | Role::Relative) {
        return Some((j - 1, j));
    }
    // an appositive or a parenthesis between the name and the verb
    let mut k = j;
    if head.is_punct(b',') || head.is_punct(b')') || head.is_punct(b'-') {
        let opener = match head.kind {
            Kind::Punct(b')') => b'(',
            Kind::Punct(p) => p,
            _ => b',',
        };
        let mut p = j - 1;
        let lim = p.saturating_sub(APPOSITIVE).max(floor);
        while p > lim && !toks[p - 1].is_punct(opener) {
            if doc.owner[p - 1] != 0
                || matches!(toks[p - 1].kind, Kind::Punct(b'.' | b';' | b':'))
                || (opener == b',' && toks[p - 1].cue.is_some())
            {
                return None;
            }
            p -= 1;
        }
        if p <= lim || p - 1 <= floor {
            return None;
        }
        k = p - 1;
    }
    let np_end = k;
    let mut count = 0;
    while k > floor && count < MAX_NP {
        let t = &toks[k - 1];
        if doc.owner[k - 1] != 0 {
            break;
        }
        if t.is_punct(b')') {
            // "Paul D. Ryan (R-Wis.)"
            let mut p = k - 1;
            while p > floor && !toks[p - 1].is_punct(b'(') && k - p < 8 {
                p -= 1;
            }
            if p > floor && toks[p - 1].is_punct(b'(') {
                k = p - 1;
                continue;
            }
            break;
        }
        if !t.is_word() {
            break;
        }
        let w = doc.tok_text(k - 1);
        let joins = (w == "and" || w == "of" || w == "for")
            && k - 1 > floor
            && k < np_end
            && toks[k].cap
            && (toks[k - 2].cap || w != "and");
        if t.role == Role::Det {
            k -= 1;
            break;
        }
        if !(np_word(t) || joins) {
            break;
        }
        k -= 1;
        count += 1;
    }
    if k == np_end {
        return None;
    }
    let h = &toks[np_end - 1];
    if !h.is_word() || h.role == Role::Det || h.role == Role::Time {
        return None;
    }
    if h.cue.is_some() && !h.cap && k + 1 == np_end {
        return None;
    }
    Some((k, end))
}

/// A source phrase starting at `i` (after a cue: `said Dmitry Peskov, the spokesman`),
/// ending before `limit`.
pub(crate) fn np_after(doc: &Doc, mut i: usize, limit: usize) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    while i < limit && toks[i].is_word() && toks[i].role == Role::Time {
        i += 1;
    }
    let a = i;
    if i < limit && toks[i].is_word() && toks[i].role == Role::Pronoun {
        return Some((i, i + 1));
    }
    while i < limit && i - a < MAX_NP && doc.owner[i] == 0 {
        let t = &toks[i];
        if t.is_word() && (np_word(t) && (t.role != Role::Time || i == a || t.cap)) {
            i += 1;
            continue;
        }
        // a first name that is also a function word: "said Will Doyle", "said Hope Hicks"
        let name =
            t.is_word() && t.cap && i + 1 < limit && toks[i + 1].is_word() && toks[i + 1].cap;
        if name && t.role == Role::Aux {
            i += 1;
            continue;
        }
        let w = doc.tok_text(i);
        if t.is_word() && (w == "of" || w == "for" || w == "at") && i > a && i + 1 < limit {
            i += 1;
            continue;
        }
        break;
    }
    while i > a && toks[i - 1].is_word() && matches!(toks[i - 1].role, Role::Time | Role::Det) {
        i -= 1;
    }
    (i > a).then_some((a, i))
}
