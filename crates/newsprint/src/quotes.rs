//! Quotations of a text (who said what), from the `newsprint-quotes` rules and the tagger's
//! mentions: shared by the extract stage (the `quotes` table) and `newsprint annotate`.
//!
//! The rules work in byte offsets and the tables in code points: the mentions go in as
//! bytes and the quotes come back as code points of the same text.

use newsprint_quotes::{EntityKind, Mention};

use crate::ner::{self, EntityType};

/// Whether the quote rules read texts of `code`: they are English cue words and
/// English sentence patterns.
pub fn covers_language(code: &str) -> bool {
    code.eq_ignore_ascii_case("en")
}

/// A span of the text in code points, with the text it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharSpan {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One quotation in code points of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundQuote {
    /// The content's parts in text order: one, or several when the attribution interrupts
    /// it. A direct quotation's parts include their quotation marks.
    pub parts: Vec<(usize, usize)>,
    /// The text from the start of the first part to the end of the last.
    pub text: String,
    pub direct: bool,
    pub cue: Option<CharSpan>,
    /// The source as written ("Kremlin spokesman Dmitry Peskov", "he", "a source").
    pub source: Option<CharSpan>,
    /// Canonical name of the mention the source resolves to.
    pub speaker: Option<String>,
    /// That mention's `entity_id`, 16 hex digits as in the `mentions` table.
    pub speaker_entity_id: Option<String>,
}

impl FoundQuote {
    pub fn start(&self) -> usize {
        self.parts[0].0
    }
    pub fn end(&self) -> usize {
        self.parts[self.parts.len() - 1].1
    }
}

fn kind(t: EntityType) -> EntityKind {
    match t {
        EntityType::Person => EntityKind::Person,
        EntityType::Org => EntityKind::Org,
        EntityType::Location => EntityKind::Location,
        EntityType::Misc => EntityKind::Misc,
    }
}

/// Byte offset of each code-point offset asked for, in one pass over the text; `None` for
/// ASCII text, where the two are the same.
fn char_to_byte(text: &str) -> Option<Vec<u32>> {
    if text.is_ascii() {
        return None;
    }
    let mut at: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
    at.push(text.len() as u32);
    Some(at)
}

/// The quotations of `text`, speakers resolved against `mentions` (the tagger's, in text
/// order, code-point offsets into the same text; empty when the tagger did not run).
pub fn find(text: &str, mentions: &[ner::Mention]) -> Vec<FoundQuote> {
    let bytes_of = char_to_byte(text);
    let byte = |c: usize| match &bytes_of {
        None => c,
        Some(at) => at.get(c).map_or(text.len(), |&b| b as usize),
    };
    let given: Vec<Mention> = mentions
        .iter()
        .map(|m| Mention {
            start: byte(m.start_char),
            end: byte(m.end_char),
            kind: kind(m.entity_type),
            canonical: &m.canonical,
            // The tagger's id is the crate's id: it comes back as the speaker's, unchanged.
            entity_id: m.entity_id,
            role: m.role.as_deref(),
        })
        .collect();
    let found = newsprint_quotes::find_quotes(text, &given);
    if found.is_empty() {
        return Vec::new();
    }
    let chars = newsprint_quotes::byte_to_char_offsets(text);
    let ch = |b: usize| chars.char_of(b);
    let span = |s: newsprint_quotes::TextSpan| CharSpan {
        start: ch(s.start),
        end: ch(s.end),
        text: s.text.to_owned(),
    };
    found
        .into_iter()
        .map(|q| FoundQuote {
            text: text[q.start()..q.end()].to_owned(),
            parts: q.parts.iter().map(|&(a, b)| (ch(a), ch(b))).collect(),
            direct: q.direct,
            cue: q.cue.map(span),
            source: q.source.map(span),
            speaker: q.speaker.map(|s| s.canonical.to_owned()),
            speaker_entity_id: q.speaker.map(|s| format!("{:016x}", s.entity_id)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_code_points_and_speakers_come_from_the_tagger() {
        // Curly quotes and an accented name put bytes and code points apart.
        let text = "“We’re going nowhere,” said Kremlin spokesman José Peskov on Tuesday. \
                    He added that the talks had stalled.";
        let mentions = ner::extract_entities(text, ner::shipped_model());
        let quotes = find(text, &mentions);
        assert_eq!(quotes.len(), 2, "{quotes:?}");
        let chars: Vec<char> = text.chars().collect();
        let slice = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        let first = &quotes[0];
        assert!(first.direct);
        assert_eq!(slice(first.start(), first.end()), first.text);
        assert_eq!(first.text, "“We’re going nowhere,”");
        let cue = first.cue.as_ref().unwrap();
        assert_eq!(slice(cue.start, cue.end), "said");
        let source = first.source.as_ref().unwrap();
        assert_eq!(slice(source.start, source.end), source.text);
        let person = mentions
            .iter()
            .find(|m| m.text.ends_with("Peskov"))
            .expect("the tagger finds Peskov");
        assert_eq!(first.speaker.as_deref(), Some(person.canonical.as_str()));
        assert_eq!(
            first.speaker_entity_id.as_deref(),
            Some(person.entity_id_hex().as_str())
        );
        // "He" resolves to the person of the quote before.
        let second = &quotes[1];
        assert!(!second.direct);
        assert_eq!(second.source.as_ref().unwrap().text, "He");
        assert_eq!(second.speaker, first.speaker);
        assert_eq!(slice(second.start(), second.end()), second.text);
    }

    #[test]
    fn no_mentions_gives_sources_without_speakers() {
        let quotes = find("The minister said the vote would be held in May.", &[]);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].source.as_ref().unwrap().text, "The minister");
        assert_eq!(quotes[0].speaker, None);
    }
}
