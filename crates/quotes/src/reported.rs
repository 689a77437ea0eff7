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

/// Tokens searched after "told" for the content past a long hearer.
const TELL_WINDOW: usize = 16;
/// Tokens searched after a cue for the "that" opening its clause.
const THAT_WINDOW: usize = 8;
/// Fewest words a reported content has.
const MIN_CONTENT: usize = 2;
/// Most tokens of a source opening a sentence after "according to".
const MAX_ACCORDING: usize = 24;
/// Most words of a source after its cue at the end of a sentence (`..., said the spokesman.`).
const MAX_INVERTED: usize = 5;

fn word_is(doc: &Doc, i: usize, w: &str) -> bool {
    doc.toks[i].is_word() && doc.tok_text(i).eq_ignore_ascii_case(w)
}

fn words(doc: &Doc, a: usize, b: usize) -> usize {
    (a..b).filter(|&k| doc.toks[k].is_word()).count()
}

/// The index of a "that" within a few tokens after `j`, with no punctuation before it and
/// no clause of its own between (a subject pronoun, an auxiliary, a copula or another cue
/// means the "that" belongs to a clause already under way: `said Obama is overselling
/// the successes that ...`).
fn that_near(doc: &Doc, j: usize, limit: usize) -> Option<usize> {
    (j..limit.min(j + THAT_WINDOW))
        .take_while(|&k| {
            let t = &doc.toks[k];
            t.is_word()
                && doc.owner[k] == 0
                && (t.role == Role::That
                    || !(t.cue.is_some()
                        || matches!(t.role, Role::Pronoun | Role::Aux | Role::Contracted)
                        || matches!(doc.tok_text(k), "is" | "are" | "was" | "were")))
        })
        .find(|&k| doc.toks[k].role == Role::That)
}

/// Where the content after the cue at `k` starts and where the cue ends (past its
/// preposition: "called for"), or None when what follows is not a clause.
fn content_start(doc: &Doc, k: usize, cue: Cue, limit: usize) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    let j = skip_time(doc, k + 1, limit);
    if j + 1 < limit && toks[j].is_word() && is_cue_prep(doc.tok_text(j)) {
        let v = doc.tok_text(k);
        let p = doc.tok_text(j);
        // one speaks to or with a hearer and on an occasion; the content comes after "about"
        let hearer_prep = (v.starts_with("spo") || v.starts_with("speak") || v == "said")
            && matches!(p, "to" | "with" | "on" | "for");
        let verb_prep = (cue == Cue::Prep || v.starts_with("call") || p != "to") && !hearer_prep;
        // not a duration: "spoke for an hour", "talked for two hours"
        let duration =
            toks[j + 1].role == Role::Det && toks.get(j + 2).is_some_and(|t| t.role == Role::Time);
        if verb_prep
            && cue != Cue::Raise
            && !duration
            && cue != Cue::Tell
            && doc.owner[j + 1] == 0
            && toks[j + 1].is_word()
        {
            return Some((j + 1, j + 1));
        }
    }
    if cue == Cue::Prep {
        return None;
    }
    // A sentence (or a text cut off) that ends at its cue has no content.
    clause_start(doc, k, cue, limit)
        .filter(|&c| c < limit.min(toks.len()))
        .map(|c| (c, k + 1))
}

/// Past time words after a cue: "said Tuesday", "said on Friday", "said last week".
fn skip_time(doc: &Doc, mut j: usize, limit: usize) -> usize {
    let toks = &doc.toks;
    loop {
        if j < limit && toks[j].is_word() && toks[j].role == Role::Time {
            j += 1;
        } else if j + 1 < limit
            && matches!(
                doc.tok_text(j),
                "on" | "in" | "at" | "this" | "late" | "early"
            )
            && toks[j + 1].is_word()
            && (toks[j + 1].role == Role::Time
                || doc.tok_text(j + 1).bytes().all(|b| b.is_ascii_digit()))
        {
            j += 2;
        } else if let Some(e) = medium_phrase(doc, j, limit) {
            j = e;
        } else {
            return j;
        }
    }
}

/// Past a phrase naming where something was said, after a cue and before its content:
/// "in a statement", "in a phone interview", "at a rally", "on Twitter", "on Fox News".
fn medium_phrase(doc: &Doc, j: usize, limit: usize) -> Option<usize> {
    let toks = &doc.toks;
    if !(j + 1 < limit && matches!(doc.tok_text(j), "in" | "on" | "at" | "during" | "via")) {
        return None;
    }
    let mut k = j + 1;
    if toks[k].role == Role::Det {
        k += 1;
    }
    let names = (k..limit.min(k + 3))
        .take_while(|&i| toks[i].is_word() && toks[i].cap && doc.owner[i] == 0)
        .count();
    if names > 0 && k == j + 1 {
        return Some(k + names);
    }
    (k..limit.min(k + 3))
        .take_while(|&i| toks[i].is_word() && doc.owner[i] == 0)
        .find(|&i| is_medium(&doc.tok_text(i).to_ascii_lowercase()))
        .map(|i| i + 1)
}

fn clause_start(doc: &Doc, k: usize, cue: Cue, limit: usize) -> Option<usize> {
    let toks = &doc.toks;
    let mut j = k + 1;
    if let Some(t) = that_near(doc, j, limit) {
        return Some(t);
    }
    j = skip_time(doc, j, limit);
    if cue == Cue::Tell {
        // a hearer of several words before "that" or the content's subject: "told a town
        // hall in Salem, Oregon, on Monday that ...", "told a press briefing they"
        if let Some(c) = (j..limit.min(j + TELL_WINDOW))
            .take_while(|&q| {
                let t = &toks[q];
                doc.owner[q] == 0
                    && t.cue.is_none()
                    && (t.is_word() || t.is_punct(b','))
                    && t.role != Role::Relative
            })
            .find(|&q| {
                q > j && matches!(toks[q].role, Role::That | Role::Pronoun | Role::Contracted)
            })
        {
            return Some(c);
        }
        // the hearer: "told reporters", "told The Washington Post", "told him"
        let h = j;
        if j < limit && toks[j].is_word() && matches!(toks[j].role, Role::Hearer | Role::Pronoun) {
            j += 1;
        } else {
            if j < limit && toks[j].role == Role::Det {
                j += 1;
            }
            while j < limit && toks[j].is_word() && (toks[j].cap || toks[j].role == Role::Hearer) {
                j += 1;
            }
        }
        if j == h || (j == h + 1 && toks[h].role == Role::Det) {
            return None;
        }
        j = skip_time(doc, j, limit);
        if j < limit && toks[j].is_word() && !toks[j].cap && toks[j].role == Role::Plain {
            return None;
        }
    }
    if j >= limit {
        return Some(j);
    }
    let t = &toks[j];
    if t.is_punct(b':') {
        return Some(j + 1);
    }
    if doc.owner[j] != 0 || matches!(t.kind, Kind::Punct(_)) {
        return Some(j);
    }
    let w = doc.tok_text(j);
    let weak = matches!(cue, Cue::Weak | Cue::Intent | Cue::Raise);
    // "wants to cut taxes", "declined to comment": the infinitive is the content
    if w == "to" && matches!(cue, Cue::Intent | Cue::Raise) {
        let verb = toks.get(j + 1).is_some_and(|n| n.is_word() && !n.cap);
        return (verb && j + 1 < limit).then_some(j);
    }
    // "seemed certain to resign", "appeared tired", "seems like a long shot"
    if cue == Cue::Raise && t.is_word() && !t.cap && (t.role == Role::Plain || w == "like") {
        return Some(j);
    }
    // "asked whether ...", "wondered why ...": an indirect question is the content
    if is_ask(doc.tok_text(k)) {
        let mut q = j;
        if q + 1 < limit && toks[q].is_word() && toks[q].role == Role::Hearer {
            q += 1;
        }
        if q + 1 < limit && toks[q].is_word() && is_wh(doc.tok_text(q)) {
            return Some(q);
        }
    }
    match (cue, t.role) {
        (_, Role::That | Role::Pronoun | Role::Contracted) => Some(j),
        (_, Role::Stop) if w == "there" => Some(j),
        (_, Role::Stop | Role::Relative) => None,
        (_, Role::Det) if weak => Some(j),
        _ if weak => t.cap.then_some(j),
        _ => Some(j),
    }
}

/// Where the object of a verb like `endorsed` or `criticized` ends: before a comma outside
/// quotation marks, a time phrase or a preposition of circumstance (`endorsed Ortega last
/// week`, `praised the bridge during a visit`), or `and` with a verb of its own.
fn object_end(doc: &Doc, a: usize, e: usize) -> usize {
    let toks = &doc.toks;
    let mut q = a + 1;
    while q < e {
        if let Some(r) = doc.region_of(q) {
            q = doc.regions[r].close + 1;
            continue;
        }
        let t = &toks[q];
        if matches!(t.kind, Kind::Punct(b',' | b'-' | b'(' | b':')) {
            return q;
        }
        if t.is_word() && !t.cap {
            let w = doc.tok_text(q);
            if t.role == Role::Time && doc.tok_text(q - 1) != "of" {
                return q;
            }
            if matches!(
                w,
                "in" | "during"
                    | "at"
                    | "after"
                    | "before"
                    | "when"
                    | "because"
                    | "since"
                    | "amid"
                    | "following"
                    | "until"
            ) {
                return q;
            }
            if w == "and" && q + 1 < e {
                let n = &toks[q + 1];
                let v = doc.tok_text(q + 1);
                if n.cue.is_some() || n.role == Role::Aux || (!n.cap && v.ends_with("ed")) {
                    return q;
                }
            }
        }
        q += 1;
    }
    e
}

fn is_be(w: &str) -> bool {
    matches!(w, "is" | "are" | "was" | "were" | "been" | "be")
}

/// Whether the participle at `k` opens a clause of its own: after a comma (also one
/// inside closing quotation marks), a dash, or "and"/"while" after such a clause.
fn participle_opens(doc: &Doc, k: usize, floor: usize) -> bool {
    let toks = &doc.toks;
    let p = k - 1;
    if toks[p].is_punct(b',') || toks[p].is_punct(b'-') || ends_with_comma(doc, p) {
        return true;
    }
    if toks[p].is_word() && matches!(doc.tok_text(p), "and" | "while" | "by") && p > floor {
        let q = p - 1;
        return toks[q].is_punct(b',') || toks[q].is_word() || doc.owner[q] != 0;
    }
    false
}

/// The first noun phrase of a sentence, past leading phrases, up to its verb: the subject
/// a participle clause shares (`farmers have blocked the road, saying ...`).
fn first_np(doc: &Doc, s: &Sent, limit: usize) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    let mut a = s.a;
    if toks[a].is_word() && matches!(toks[a].role, Role::Stop) && doc.tok_text(a) != "but" {
        return None;
    }
    if toks[a].is_word() && doc.tok_text(a) == "But" {
        a += 1;
    }
    if a >= limit || !toks[a].is_word() || doc.owner[a] != 0 {
        return None;
    }
    if toks[a].role == Role::Pronoun {
        return Some((a, a + 1));
    }
    let mut k = a;
    if toks[k].role == Role::Det {
        k += 1;
    }
    while k < limit
        && k - a < 8
        && toks[k].is_word()
        && doc.owner[k] == 0
        && toks[k].cue.is_none()
        && matches!(toks[k].role, Role::Plain | Role::Hearer)
    {
        k += 1;
    }
    (k > a && !(k == a + 1 && toks[a].role == Role::Det)).then_some((a, k))
}

/// A lowercase word that reads as a verb in the past, which ends a subject noun phrase.
fn looks_past(w: &str) -> bool {
    (w.ends_with("ed") && w.len() > 4)
        || matches!(
            w,
            "went"
                | "took"
                | "came"
                | "made"
                | "gave"
                | "got"
                | "put"
                | "sent"
                | "spoke"
                | "ran"
                | "began"
                | "left"
                | "held"
                | "kept"
                | "met"
                | "brought"
                | "led"
        )
}

/// Words that open a clause of their own.
fn is_subordinator(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "but"
            | "or"
            | "because"
            | "when"
            | "while"
            | "if"
            | "as"
            | "though"
            | "although"
            | "after"
            | "before"
            | "since"
            | "until"
            | "unless"
            | "so"
            | "where"
            | "whereas"
    )
}

/// The subject opening the clause that holds token `k`: the clause starts after the last
/// comma, dash, relative word or subordinator before `k`; a relative word is the subject
/// itself (`who told his staff never to discuss it`).
fn clause_subject(doc: &Doc, s: &Sent, k: usize) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    let mut c = k;
    while c > s.a {
        let t = &toks[c - 1];
        if doc.owner[c - 1] != 0 || matches!(t.kind, Kind::Punct(b',' | b';' | b'-' | b':' | b'('))
        {
            break;
        }
        if t.is_word() && matches!(t.role, Role::Relative | Role::That) {
            return (t.role == Role::Relative).then_some((c - 1, c));
        }
        if t.is_word() && is_subordinator(&doc.tok_text(c - 1).to_ascii_lowercase()) {
            break;
        }
        c -= 1;
    }
    if c >= k || !toks[c].is_word() {
        return None;
    }
    if toks[c].role == Role::Pronoun {
        return Some((c, c + 1));
    }
    let a = c;
    let det = toks[c].role == Role::Det;
    if det {
        c += 1;
    }
    let mut cap = false;
    while c < k
        && c - a < 8
        && toks[c].is_word()
        && toks[c].cue.is_none()
        && matches!(toks[c].role, Role::Plain | Role::Hearer)
        && (toks[c].cap || (det && !looks_past(doc.tok_text(c))))
    {
        cap |= toks[c].cap;
        c += 1;
    }
    (c > a + usize::from(det) && (cap || det) && c < k).then_some((a, c))
}

/// Verbs of asking, whose content may be an indirect question.
fn is_ask(w: &str) -> bool {
    matches!(
        w,
        "asked" | "asks" | "ask" | "asking" | "wondered" | "wonders" | "wondering"
    )
}

/// Words that open an indirect question.
fn is_wh(w: &str) -> bool {
    matches!(
        w,
        "whether" | "if" | "what" | "who" | "why" | "how" | "when" | "where" | "which" | "whom"
    )
}

/// A comma before token `i + 1`, outside or just inside closing quotation marks.
fn ends_with_comma(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    t.is_punct(b',')
        || doc.region_of(i).is_some_and(|r| {
            let r = doc.regions[r];
            r.close == i && doc.toks[r.close - 1].is_punct(b',')
        })
}

fn is_contrast(w: &str) -> bool {
    matches!(w, "but" | "though" | "although" | "while" | "whereas")
}

/// Where a reported content starting at `a` ends: the sentence end without its final stop,
/// or a clause boundary before another cue or a contrast.
fn content_end(doc: &Doc, a: usize, b: usize) -> usize {
    let toks = &doc.toks;
    let mut q = a;
    while q < b {
        if let Some(r) = doc.region_of(q) {
            q = doc.regions[r].close + 1;
            continue;
        }
        let t = &toks[q];
        if t.is_punct(b';') {
            return q;
        }
        if q > a && doc.owner[q - 1] != 0 && t.is_word() && is_contrast(doc.tok_text(q)) {
            // `"justice for all," but pledged ...`: the comma stands inside the marks
            let r = doc.region_of(q - 1).map(|r| doc.regions[r]);
            if r.is_some_and(|r| doc.toks[r.close - 1].is_punct(b',')) {
                return q;
            }
        }
        if t.is_punct(b',') && q + 1 < b {
            // a contrast or a participle clause ("..., implicitly putting his name on the line")
            let mut n = q + 1;
            while n + 1 < b && toks[n].is_word() && crate::phrase::is_aux(doc, n) {
                n += 1;
            }
            let w = doc.tok_text(n);
            let participle = w.ends_with("ing")
                && !matches!(
                    w,
                    "including" | "regarding" | "concerning" | "following" | "according"
                );
            // "..., but that ...": the same reported content goes on
            let that_goes_on = n + 1 < b && toks[n + 1].role == Role::That;
            if toks[n].is_word()
                && !toks[n].cap
                && ((is_contrast(w) && !that_goes_on) || participle)
            {
                return q;
            }
            if new_attribution(doc, q + 1, b) {
                return q;
            }
        }
        if (word_is(doc, q, "and") || word_is(doc, q, "but")) && q + 1 < b {
            let mut n = q + 1;
            while n < b && crate::phrase::is_aux(doc, n) {
                n += 1;
            }
            if n < b && is_cue(doc, n) && toks[n].cue != Some(Cue::Weak) {
                return q;
            }
        }
        q += 1;
    }
    content_end_para(doc, a, b)
}

/// Most words of the subject of an attribution that follows a content after a comma.
const MAX_NEW_SUBJECT: usize = 5;

/// Whether a clause with its own subject and speech verb starts at `n` (after a comma):
/// `..., the coach said he ...`, `..., the harbour master replied`. Such a clause is a
/// new attribution, not part of the content before it.
fn new_attribution(doc: &Doc, n: usize, b: usize) -> bool {
    let toks = &doc.toks;
    let mut k = n;
    if k < b && toks[k].role == Role::Det {
        k += 1;
    }
    let subj = k;
    while k < b
        && k - subj < MAX_NEW_SUBJECT
        && toks[k].is_word()
        && doc.owner[k] == 0
        && toks[k].cue.is_none()
        && (toks[k].cap || (k > n && toks[k].role == Role::Plain))
    {
        k += 1;
    }
    if k == subj || (k == n + 1 && !toks[n].cap) {
        return false;
    }
    while k < b && crate::phrase::is_aux(doc, k) {
        k += 1;
    }
    k < b
        && doc.owner[k] == 0
        && matches!(toks[k].cue, Some(Cue::Speech | Cue::Tell))
        && !doc.tok_text(k).ends_with("ing")
}

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
