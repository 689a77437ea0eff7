//! Reported speech: a cue verb outside quotation marks with its source and content in one
//! of the orders news writing uses.
//!
//! - source, cue, content: `The Kremlin said Tuesday that talks have stalled`,
//!   `He told reporters the war would continue`;
//! - content, source, cue: `Talks have stalled, a source said.`, and with the attribution
//!   in the middle: `Talks, the source said, have stalled.`;
//! - content, cue, source: `Talks have stalled, said the spokesman.`;
//! - `according to X` before or after its content;
//! - a participle after a comma takes the source of the clause before it:
//!   `Peskov declined to comment, saying that talks go on.`
//!
//! The content runs to the end of the sentence, or to the point where another clause with
//! its own cue or a contrast (`, but`) begins.

use crate::Found;
use crate::direct::is_cue;
use crate::doc::{Doc, Sent};
use crate::lex::Kind;
use crate::lexicon::{Cue, Role, is_cue_prep, is_medium};
use crate::phrase::{np_after, subject_before};

mod clause;
use clause::*;

fn push(
    out: &mut Vec<Found>,
    parts: Vec<(usize, usize)>,
    cue: (usize, usize),
    src: Option<(usize, usize)>,
) {
    out.push(Found {
        parts,
        direct: false,
        cue: Some(cue),
        source: src,
    });
}

/// "according to X, ..." and "..., according to X".
fn according(doc: &Doc, s: &Sent, k: usize, out: &mut Vec<Found>) -> bool {
    let toks = &doc.toks;
    if k + 2 >= s.b || !word_is(doc, k + 1, "to") {
        return false;
    }
    let Some(mut src) = np_after(doc, k + 2, s.b) else {
        return false;
    };
    let cue = (k, k + 2);
    let opens = k == s.a
        || (k == s.a + 1 && toks[s.a].role == Role::Stop)
        || matches!(toks[k - 1].kind, Kind::Punct(b'(' | b':' | b'-'));
    if opens {
        // an opening source runs to its comma or colon: "According to reports in the
        // press, ...", "According to the site: ..."
        let stop = (src.1..s.b.min(k + 2 + MAX_ACCORDING))
            .take_while(|&j| doc.owner[j] == 0 && toks[j].cue.is_none())
            .find(|&j| toks[j].is_punct(b',') || toks[j].is_punct(b':'));
        if let Some(j) = stop {
            src.1 = j;
        }
    }
    if opens && src.1 < s.b && (toks[src.1].is_punct(b',') || toks[src.1].is_punct(b':')) {
        let a = src.1 + 1;
        let e = content_end(doc, a, s.b);
        if words(doc, a, e) >= MIN_CONTENT {
            push(out, vec![(a, e)], cue, Some(src));
            return true;
        }
    } else if k > s.a && words(doc, s.a, k - 1) >= MIN_CONTENT {
        // "..., according to X" and "... according to X" after its content
        let c = if toks[k - 1].is_punct(b',') { k - 1 } else { k };
        let mut parts = vec![(s.a, c)];
        if src.1 + 1 < s.b && toks[src.1].is_punct(b',') {
            let e = content_end(doc, src.1 + 1, s.b);
            if words(doc, src.1 + 1, e) >= MIN_CONTENT {
                parts.push((src.1 + 1, e));
            }
        }
        push(out, parts, cue, Some(src));
        return true;
    }
    false
}

fn after_copula(doc: &Doc, k: usize, floor: usize) -> bool {
    k > floor && matches!(doc.tok_text(k - 1), "is" | "are" | "was" | "were")
}

/// `Prices seem to be rising`, `The House is expected to pass the bill`: the stance has
/// no source in the sentence, and its content is the subject with the infinitive; after
/// an expletive `it` (`it seems the plan failed`) only the clause.
fn raising(doc: &Doc, s: &Sent, k: usize) -> Option<Found> {
    let verb = if after_copula(doc, k, s.a) { k - 1 } else { k };
    let subj = subject_before(doc, verb, s.a)?;
    let (start, _) = content_start(doc, k, Cue::Raise, s.b)?;
    let end = content_end(doc, start, s.b);
    if words(doc, start, end) < MIN_CONTENT || doc.toks[subj.0].role == Role::Relative {
        return None;
    }
    let expletive = subj.1 == subj.0 + 1 && doc.tok_text(subj.0).eq_ignore_ascii_case("it");
    let mut parts = vec![(start, end)];
    if !expletive {
        parts.insert(0, subj);
    }
    Some(Found {
        parts,
        direct: false,
        cue: Some((verb, k + 1)),
        source: None,
    })
}

/// Most words of a speaker label before a colon (`CLINTON:`, `Hacker Guccifer:`).
const MAX_LABEL: usize = 4;

/// A paragraph opened by a speaker label and a colon, as in transcripts and headlines:
/// the rest of the paragraph is the content.
fn labels(doc: &Doc, out: &mut Vec<Found>) {
    let toks = &doc.toks;
    let sents = &doc.sents;
    let mut i = 0;
    while i < sents.len() {
        let s = sents[i];
        let mut last = i;
        while last + 1 < sents.len() && sents[last + 1].para == s.para {
            last += 1;
        }
        i = last + 1;
        let Some(c) = (s.a + 1..s.b.min(s.a + MAX_LABEL + 1)).find(|&k| toks[k].is_punct(b':'))
        else {
            continue;
        };
        let label = (s.a..c).all(|k| toks[k].is_word() && toks[k].cap && toks[k].cue.is_none());
        let end = content_end_para(doc, c + 1, sents[last].b);
        if !label || words(doc, c + 1, end) < MIN_CONTENT {
            continue;
        }
        let taken = out
            .iter()
            .any(|f| f.parts.iter().any(|&(a, b)| a < end && b > c));
        if !taken {
            out.push(Found {
                parts: vec![(c + 1, end)],
                direct: false,
                cue: Some((c, c + 1)),
                source: Some((s.a, c)),
            });
        }
    }
}

/// The end of a paragraph's content: its last token without a final stop.
fn content_end_para(doc: &Doc, a: usize, b: usize) -> usize {
    let mut e = b;
    while e > a && doc.owner[e - 1] == 0 && matches!(doc.toks[e - 1].kind, Kind::Punct(_)) {
        e -= 1;
    }
    e
}

/// Nouns of polling and record: a sentence opening "In a poll ..., " reports what it found.
fn is_poll(w: &str) -> bool {
    matches!(
        w,
        "poll" | "polls" | "polling" | "survey" | "surveys" | "study" | "report" | "analysis"
    )
}

/// Most tokens between "In" and the comma after the poll it names.
const MAX_POLL: usize = 16;

/// `In a survey released Monday, most students said ...`: the poll is the source, "In" the
/// cue and the clause after the comma the content.
fn poll_opening(doc: &Doc, s: &Sent, out: &mut Vec<Found>) {
    let toks = &doc.toks;
    let a = s.a;
    if !(a + 3 < s.b && toks[a].is_word() && doc.tok_text(a) == "In" && doc.owner[a] == 0) {
        return;
    }
    let Some(c) = (a + 1..s.b.min(a + 1 + MAX_POLL))
        .take_while(|&j| doc.owner[j] == 0 && !matches!(toks[j].kind, Kind::Punct(b'.' | b';')))
        .find(|&j| toks[j].is_punct(b','))
    else {
        return;
    };
    if !(a + 1..c).any(|j| toks[j].is_word() && is_poll(&doc.tok_text(j).to_ascii_lowercase())) {
        return;
    }
    let e = content_end(doc, c + 1, s.b);
    if words(doc, c + 1, e) > MIN_CONTENT {
        push(out, vec![(c + 1, e)], (a, a + 1), Some((a + 1, c)));
    }
}

pub(crate) fn find(doc: &Doc, used: &mut [bool], out: &mut Vec<Found>) {
    labels(doc, out);
    let toks = &doc.toks;
    for s in &doc.sents {
        // the source of the sentence's last attribution, for a participle after it
        let mut last_source = out
            .iter()
            .rev()
            .take(3)
            .find(|f| f.cue.is_some_and(|c| c.0 >= s.a && c.0 < s.b))
            .and_then(|f| f.source);
        poll_opening(doc, s, out);
        for k in s.a..s.b {
            let t = &toks[k];
            if doc.owner[k] != 0 || used[k] || !t.is_word() {
                continue;
            }
            if t.role == Role::According {
                if according(doc, s, k, out) {
                    used[k] = true;
                    last_source = out.last().and_then(|f| f.source);
                }
                continue;
            }
            let Some(cue) = t.cue else { continue };
            if cue == Cue::Raise || (doc.tok_text(k) == "expected" && after_copula(doc, k, s.a)) {
                if let Some(f) = raising(doc, s, k) {
                    used[k] = true;
                    out.push(f);
                }
                continue;
            }
            // a belief inside what someone else is reported to say is part of that content
            if matches!(cue, Cue::Weak | Cue::Intent | Cue::Object)
                && out
                    .iter()
                    .rev()
                    .take(4)
                    .any(|f| f.parts.iter().any(|&(a, b)| a <= k && k < b))
            {
                continue;
            }
            let ing = doc.tok_text(k).ends_with("ing");
            let progressive = ing && k > s.a && is_be(doc.tok_text(k - 1));
            let subj = if progressive {
                // "Lund is telling reporters", "she is arguing ...": a finite verb after all
                subject_before(doc, k - 1, s.a)
            } else if ing {
                if k == s.a {
                    continue;
                }
                if !participle_opens(doc, k, s.a) {
                    // a participle after its noun: "pastors supporting the mayor", "with
                    // officials suggesting that ..."
                    let noun = &toks[k - 1];
                    if !(noun.is_word() && noun.role == Role::Plain && noun.cue.is_none()) {
                        continue;
                    }
                    let Some(sub) = subject_before(doc, k, s.a) else {
                        continue;
                    };
                    let Some((start, cue_end)) = content_start(doc, k, cue, s.b) else {
                        continue;
                    };
                    let mut end = content_end(doc, start, s.b);
                    if toks[start].role != Role::That {
                        end = object_end(doc, start, end);
                    }
                    if words(doc, start, end) >= 1 && toks[start].is_word() {
                        used[k] = true;
                        push(out, vec![(start, end)], (k, cue_end), Some(sub));
                    }
                    continue;
                }
                // else the participle shares the subject of the main clause
                last_source
                    .or_else(|| crate::direct::sentence_subject(doc, s))
                    .or_else(|| first_np(doc, s, k))
            } else {
                subject_before(doc, k, s.a).or_else(|| {
                    // "Trump is telling a group ... and says he will ..."
                    let mut p = k;
                    while p > s.a && crate::phrase::is_aux(doc, p - 1) {
                        p -= 1;
                    }
                    (p > s.a && doc.tok_text(p - 1) == "and")
                        .then(|| crate::direct::sentence_subject(doc, s))
                        .flatten()
                })
            };
            // "which he said were ...", "what the mayor said was ...": the relative
            // word and the clause after the cue are the content
            if let Some(sub) = subj.filter(|sub| {
                sub.0 > s.a
                    && !ing
                    && matches!(cue, Cue::Speech | Cue::Weak)
                    && toks[sub.0 - 1].is_word()
                    && matches!(
                        doc.tok_text(sub.0 - 1),
                        "which" | "what" | "who" | "that" | "whom"
                    )
                    && toks[sub.0].role != Role::Relative
            }) {
                let j = skip_time(doc, k + 1, s.b);
                if j < s.b
                    && toks[j].is_word()
                    && (matches!(toks[j].role, Role::Stop | Role::Aux) || !toks[j].cap)
                    && toks[j].role != Role::That
                {
                    let end = content_end(doc, j, s.b);
                    if words(doc, j, end) >= MIN_CONTENT {
                        used[k] = true;
                        push(out, vec![(sub.0 - 1, sub.0), (j, end)], (k, k + 1), subj);
                        last_source = subj;
                        continue;
                    }
                }
            }
            let Some((start, cue_end)) = content_start(doc, k, cue, s.b) else {
                continue;
            };
            let mut end = content_end(doc, start, s.b);
            if cue == Cue::Object && toks[start].role != Role::That {
                end = object_end(doc, start, end);
            }
            let cue_span = (k, cue_end);
            let after_comma = start < s.b && toks[start].is_punct(b',');
            // the object of `endorsed` may be a single name
            // the object of `endorsed` or `railed against` may be a single word
            let least = if (cue == Cue::Object || cue_end > k + 1)
                && toks[start].is_word()
                && (toks[start].cap || matches!(toks[start].role, Role::Hearer | Role::Pronoun))
            {
                1
            } else {
                MIN_CONTENT
            };
            if subj.is_some() && !after_comma && words(doc, start, end) >= least {
                used[k] = true;
                push(out, vec![(start, end)], cue_span, subj);
                last_source = subj;
                continue;
            }
            // "was asked whether ...", "When asked if ...": the asker is not named
            if subj.is_none()
                && !after_comma
                && is_ask(doc.tok_text(k))
                && k > s.a
                && matches!(
                    doc.tok_text(k - 1).to_ascii_lowercase().as_str(),
                    "was" | "were" | "when" | "been" | "being" | "is" | "are"
                )
                && start < s.b
                && toks[start].is_word()
                && is_wh(doc.tok_text(start))
                && words(doc, start, end) >= MIN_CONTENT
            {
                used[k] = true;
                push(out, vec![(start, end)], cue_span, None);
                continue;
            }
            // a cue with no subject of its own in reach (after a relative clause, a
            // passive or an infinitive): the content still counts, with no source
            if subj.is_none()
                && !after_comma
                && !ing
                && k > s.a
                && !toks[k - 1].is_punct(b',')
                && words(doc, start, end) >= MIN_CONTENT
                && !out
                    .iter()
                    .rev()
                    .take(4)
                    .any(|f| f.parts.iter().any(|&(a, b)| a <= k && k < b))
            {
                // the subject of the sentence's main clause, when the cue is in a
                // clause that shares it ("the union went to the capital to demand ...")
                let src = clause_subject(doc, s, k)
                    .or_else(|| crate::direct::sentence_subject(doc, s))
                    .or_else(|| first_np(doc, s, k))
                    .filter(|src| src.1 <= k);
                used[k] = true;
                push(out, vec![(start, end)], cue_span, src);
                continue;
            }
            // a belief or a finding after its content: "..., records show."
            let inverted_weak = cue == Cue::Weak
                && subj.is_some_and(|sub| sub.0 > s.a && ends_with_comma(doc, sub.0 - 1));
            if ing
                || matches!(cue, Cue::Object | Cue::Intent | Cue::Raise)
                || cue == Cue::Weak && doc.tok_text(k) != "found" && !inverted_weak
            {
                continue;
            }
            // the attribution after its content: "..., a source said." / "..., he said, ..."
            let after_time = skip_time(doc, k + 1, s.b);
            if let Some(sub) = subj.filter(|sub| sub.0 > s.a && ends_with_comma(doc, sub.0 - 1)) {
                let c1 = if toks[sub.0 - 1].is_punct(b',') {
                    sub.0 - 1
                } else {
                    sub.0
                };
                // a content the attribution interrupts may open with a single word:
                // `Taxes, she said, will rise.`
                let interrupted = after_time < s.b && toks[after_time].is_punct(b',');
                let least = if interrupted { 1 } else { MIN_CONTENT + 1 };
                if words(doc, s.a, c1) < least
                    || doc
                        .region_of(s.a)
                        .is_some_and(|r| doc.regions[r].close + 1 >= c1)
                {
                    continue;
                }
                let mut parts = vec![(s.a, c1)];
                if after_time < s.b && toks[after_time].is_punct(b',') {
                    let e = content_end(doc, after_time + 1, s.b);
                    if words(doc, after_time + 1, e) < MIN_CONTENT {
                        continue;
                    }
                    parts.push((after_time + 1, e));
                } else if words(doc, after_time, s.b) > 0 {
                    continue;
                }
                used[k] = true;
                push(out, parts, cue_span, subj);
                last_source = subj;
                continue;
            }
            // "..., said the spokesman."
            if subj.is_none() && k > s.a + 2 && toks[k - 1].is_punct(b',') {
                if cue != Cue::Speech {
                    continue;
                }
                let Some(src) = np_after(doc, k + 1, s.b)
                    .filter(|src| words(doc, src.0, src.1) <= MAX_INVERTED)
                else {
                    continue;
                };
                // "..., said one source in the room."
                let rest = words(doc, src.1, s.b);
                let rest_plain = (src.1..s.b).all(|j| {
                    toks[j].cue.is_none() && toks[j].role != Role::That && doc.owner[j] == 0
                });
                let appositive = src.1 < s.b && toks[src.1].is_punct(b',');
                if (rest > MAX_INVERTED && !appositive) || !rest_plain {
                    continue;
                }
                if words(doc, s.a, k - 1) < MIN_CONTENT + 1 {
                    continue;
                }
                used[k] = true;
                push(out, vec![(s.a, k - 1)], cue_span, Some(src));
                last_source = Some(src);
            }
        }
    }
}
