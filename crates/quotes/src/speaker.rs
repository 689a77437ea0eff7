//! From token ranges to the public [`Quote`]s, with the speaker resolved against the
//! pipeline's mentions: a mention inside the source phrase; for "he"/"she" the previous
//! quote's speaker, else the nearest person mentioned before; for "who" the nearest entity
//! before; for a role noun ("the spokesman") the person mentioned with that role.

use crate::doc::Doc;
use crate::lexicon::is_person_pronoun;
use crate::{EntityKind, Found, Mention, Quote, Speaker, TextSpan};

fn speaker_of<'a>(i: usize, m: &Mention<'a>) -> Speaker<'a> {
    Speaker {
        mention: i,
        canonical: m.canonical,
        entity_id: m.entity_id,
    }
}

fn nearest_before<'a>(
    mentions: &[Mention<'a>],
    at: usize,
    ok: impl Fn(&Mention) -> bool,
) -> Option<Speaker<'a>> {
    let n = mentions.partition_point(|m| m.start < at);
    mentions[..n]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, m)| m.end <= at && ok(m))
        .map(|(i, m)| speaker_of(i, m))
}

fn resolve_one<'a>(
    src: TextSpan<'a>,
    mentions: &[Mention<'a>],
    prev: Option<Speaker<'a>>,
) -> Option<Speaker<'a>> {
    let inside = mentions
        .iter()
        .enumerate()
        .filter(|(_, m)| m.start < src.end && m.end > src.start);
    let mut best: Option<(usize, &Mention)> = None;
    for (i, m) in inside {
        // the last person wins ("Kremlin spokesman Dmitry Peskov"), else the last entity
        if best.is_none_or(|(_, b)| m.kind == EntityKind::Person || b.kind != EntityKind::Person) {
            best = Some((i, m));
        }
    }
    // "the mayor of Norrvik": with no person named, the title holder speaks, not the
    // place or body after "of"
    if let Some((_, m)) = best.filter(|(_, m)| m.kind != EntityKind::Person)
        && let Some(p) = src.text.find(" of ").filter(|&p| m.start >= src.start + p)
    {
        let head_at = src.text[..p].rfind(' ').map_or(0, |s| s + 1);
        // a title in lowercase or after "the" ("the Mayor of"), not a name ("Bank of America")
        let titled = src.text[head_at..].starts_with(|c: char| c.is_lowercase())
            || src.text[..4.min(src.text.len())].eq_ignore_ascii_case("the ");
        if titled {
            return by_role(
                mentions,
                src.start,
                &src.text[head_at..p].to_ascii_lowercase(),
            );
        }
    }
    if let Some((i, m)) = best {
        return Some(speaker_of(i, m));
    }
    let lower = src.text.to_ascii_lowercase();
    if is_person_pronoun(&lower) {
        let person = |m: &Mention| m.kind == EntityKind::Person;
        return prev
            .filter(|p| person(&mentions[p.mention]))
            .or_else(|| nearest_before(mentions, src.start, person));
    }
    if lower == "who" {
        return nearest_before(mentions, src.start, |m| {
            matches!(m.kind, EntityKind::Person | EntityKind::Org)
        });
    }
    if lower == "it" {
        return nearest_before(mentions, src.start, |m| m.kind == EntityKind::Org);
    }
    // a role noun: "the spokesman", "the president"
    let head = lower.rsplit(' ').next().unwrap_or("");
    by_role(mentions, src.start, head)
}

/// The person mentioned with the role `head` ("mayor"), nearest before `at`, else the first.
fn by_role<'a>(mentions: &[Mention<'a>], at: usize, head: &str) -> Option<Speaker<'a>> {
    let titled = |m: &Mention| {
        m.role.is_some_and(|r| {
            let r = r.to_ascii_lowercase();
            r.rsplit(' ').next() == Some(head)
        })
    };
    nearest_before(mentions, at, titled).or_else(|| {
        mentions
            .iter()
            .enumerate()
            .find(|(_, m)| titled(m))
            .map(|(i, m)| speaker_of(i, m))
    })
}

pub(crate) fn resolve<'a>(
    doc: &Doc<'a>,
    found: &[Found],
    mentions: &[Mention<'a>],
) -> Vec<Quote<'a>> {
    let text = doc.text;
    let span = |(a, b): (usize, usize)| {
        let (s, e) = (doc.toks[a].start as usize, doc.toks[b - 1].end as usize);
        TextSpan {
            start: s,
            end: e,
            text: &text[s..e],
        }
    };
    let mut prev: Option<Speaker> = None;
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let source = f.source.map(span);
        let speaker = source.and_then(|s| resolve_one(s, mentions, prev));
        if speaker.is_some() {
            prev = speaker;
        }
        out.push(Quote {
            parts: f
                .parts
                .iter()
                .map(|&p| {
                    let s = span(p);
                    (s.start, s.end)
                })
                .collect(),
            direct: f.direct,
            cue: f.cue.map(span),
            source,
            speaker,
        });
    }
    out
}

/// Converts byte offsets of one text to code-point offsets (what the tables store).
pub struct CharOffsets {
    /// For each non-ASCII character: the byte just after it and the extra bytes so far.
    marks: Vec<(usize, usize)>,
}

impl CharOffsets {
    /// Code-point offset of byte offset `b` (a character boundary).
    pub fn char_of(&self, b: usize) -> usize {
        let n = self.marks.partition_point(|&(after, _)| after <= b);
        b - if n == 0 { 0 } else { self.marks[n - 1].1 }
    }
}

/// Builds the byte-to-code-point converter for `text`.
pub fn byte_to_char_offsets(text: &str) -> CharOffsets {
    // A byte walk, not `char_indices`: a character's length is in its lead byte (0b11xxxxxx),
    // and most bytes of news text are ASCII, which the walk passes over without decoding.
    let mut marks = Vec::new();
    let mut extra = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b >= 0xC0 {
            let l = 2 + usize::from(b >= 0xE0) + usize::from(b >= 0xF0);
            extra += l - 1;
            marks.push((i + l, extra));
        }
    }
    CharOffsets { marks }
}
