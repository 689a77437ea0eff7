//! Where a reported statement's content starts and ends, and the clause and subject tests
//! that decide it: the boundaries the orders in `reported` share.

use super::*;

/// Tokens searched after "told" for the content past a long hearer.
pub(super) const TELL_WINDOW: usize = 16;
/// Tokens searched after a cue for the "that" opening its clause.
pub(super) const THAT_WINDOW: usize = 8;
/// Fewest words a reported content has.
pub(super) const MIN_CONTENT: usize = 2;
/// Most tokens of a source opening a sentence after "according to".
pub(super) const MAX_ACCORDING: usize = 24;
/// Most words of a source after its cue at the end of a sentence (`..., said the spokesman.`).
pub(super) const MAX_INVERTED: usize = 5;

pub(super) fn word_is(doc: &Doc, i: usize, w: &str) -> bool {
    doc.toks[i].is_word() && doc.tok_text(i).eq_ignore_ascii_case(w)
}

pub(super) fn words(doc: &Doc, a: usize, b: usize) -> usize {
    (a..b).filter(|&k| doc.toks[k].is_word()).count()
}

/// The index of a "that" within a few tokens after `j`, with no punctuation before it and
/// no clause of its own between (a subject pronoun, an auxiliary, a copula or another cue
/// means the "that" belongs to a clause already under way: `said Obama is overselling
/// the successes that ...`).
pub(super) fn that_near(doc: &Doc, j: usize, limit: usize) -> Option<usize> {
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
pub(super) fn content_start(doc: &Doc, k: usize, cue: Cue, limit: usize) -> Option<(usize, usize)> {
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
pub(super) fn skip_time(doc: &Doc, mut j: usize, limit: usize) -> usize {
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
pub(super) fn medium_phrase(doc: &Doc, j: usize, limit: usize) -> Option<usize> {
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

pub(super) fn clause_start(doc: &Doc, k: usize, cue: Cue, limit: usize) -> Option<usize> {
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
pub(super) fn object_end(doc: &Doc, a: usize, e: usize) -> usize {
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

pub(super) fn is_be(w: &str) -> bool {
    matches!(w, "is" | "are" | "was" | "were" | "been" | "be")
}

/// Whether the participle at `k` opens a clause of its own: after a comma (also one
/// inside closing quotation marks), a dash, or "and"/"while" after such a clause.
pub(super) fn participle_opens(doc: &Doc, k: usize, floor: usize) -> bool {
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
pub(super) fn first_np(doc: &Doc, s: &Sent, limit: usize) -> Option<(usize, usize)> {
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
pub(super) fn looks_past(w: &str) -> bool {
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
pub(super) fn is_subordinator(w: &str) -> bool {
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
pub(super) fn clause_subject(doc: &Doc, s: &Sent, k: usize) -> Option<(usize, usize)> {
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
pub(super) fn is_ask(w: &str) -> bool {
    matches!(
        w,
        "asked" | "asks" | "ask" | "asking" | "wondered" | "wonders" | "wondering"
    )
}

/// Words that open an indirect question.
pub(super) fn is_wh(w: &str) -> bool {
    matches!(
        w,
        "whether" | "if" | "what" | "who" | "why" | "how" | "when" | "where" | "which" | "whom"
    )
}

/// A comma before token `i + 1`, outside or just inside closing quotation marks.
pub(super) fn ends_with_comma(doc: &Doc, i: usize) -> bool {
    let t = &doc.toks[i];
    t.is_punct(b',')
        || doc.region_of(i).is_some_and(|r| {
            let r = doc.regions[r];
            r.close == i && doc.toks[r.close - 1].is_punct(b',')
        })
}

pub(super) fn is_contrast(w: &str) -> bool {
    matches!(w, "but" | "though" | "although" | "while" | "whereas")
}

/// Where a reported content starting at `a` ends: the sentence end without its final stop,
/// or a clause boundary before another cue or a contrast.
pub(super) fn content_end(doc: &Doc, a: usize, b: usize) -> usize {
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
pub(super) const MAX_NEW_SUBJECT: usize = 5;

/// Whether a clause with its own subject and speech verb starts at `n` (after a comma):
/// `..., the coach said he ...`, `..., the harbour master replied`. Such a clause is a
/// new attribution, not part of the content before it.
pub(super) fn new_attribution(doc: &Doc, n: usize, b: usize) -> bool {
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
