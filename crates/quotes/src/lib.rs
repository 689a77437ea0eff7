//! Quotation extraction and attribution for news text: who said what.
//!
//! [`find_quotes`] takes an article and the entity mentions the pipeline already has and
//! returns every quotation it can attribute: direct quotations in quotation marks (straight
//! or curly, nested, over several paragraphs, interrupted by their attribution) and reported
//! speech (`X said that ...`, `..., a source said`, `according to X, ...`). Each quote carries
//! its content spans, the cue (`said`, `told`, `according to`), the source as written
//! (`Kremlin spokesman Dmitry Peskov`, `he`, `a source`) and, when the source is a named
//! entity, a pronoun or a role noun, the speaker resolved to one of the given mentions.
//!
//! The rules read a token stream and closed word lists; there is no parser and no model,
//! which keeps the step at millions of tokens per second. All offsets are byte offsets into
//! the text; callers that store code points convert them (see [`byte_to_char_offsets`]).

mod direct;
mod doc;
mod lex;
mod lexicon;
mod phrase;
mod reported;
mod speaker;

pub use speaker::{CharOffsets, byte_to_char_offsets};

/// Entity classes of the mentions given to [`find_quotes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    Person,
    Org,
    Location,
    Misc,
}

/// An entity mention found by the tagger, with byte offsets into the article text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention<'a> {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
    /// Canonical name within the article ("Dmitry Peskov" for "Peskov").
    pub canonical: &'a str,
    pub entity_id: u64,
    /// Title or function written before a person ("spokesman", "President"), which lets
    /// "the spokesman" resolve to them.
    pub role: Option<&'a str>,
}

/// A byte span of the text with the text it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextSpan<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
}

/// The entity a quote is attributed to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Speaker<'a> {
    /// Index into the mentions given to [`find_quotes`].
    pub mention: usize,
    pub canonical: &'a str,
    pub entity_id: u64,
}

/// One attributed (or, for a direct quotation without a cue, unattributed) quotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote<'a> {
    /// Content as byte spans in text order: one, or several when the attribution
    /// interrupts the quotation or it goes on in the next sentence. Direct quotations
    /// include their quotation marks.
    pub parts: Vec<(usize, usize)>,
    /// In quotation marks, rather than reported speech.
    pub direct: bool,
    pub cue: Option<TextSpan<'a>>,
    /// The source as written: a name, a pronoun, a description.
    pub source: Option<TextSpan<'a>>,
    pub speaker: Option<Speaker<'a>>,
}

impl Quote<'_> {
    /// Start of the first part.
    pub fn start(&self) -> usize {
        self.parts[0].0
    }
    /// End of the last part.
    pub fn end(&self) -> usize {
        self.parts[self.parts.len() - 1].1
    }
}

/// A quote as the rule passes find it, in token indexes, before speakers are resolved.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    /// Half-open token ranges of the content.
    pub parts: Vec<(usize, usize)>,
    pub direct: bool,
    pub cue: Option<(usize, usize)>,
    pub source: Option<(usize, usize)>,
}

/// Find the quotations of `text`. `mentions` are the entity mentions of the same text,
/// sorted by start, used only to resolve speakers; pass an empty slice to get sources as
/// written without speakers.
pub fn find_quotes<'a>(text: &'a str, mentions: &[Mention<'a>]) -> Vec<Quote<'a>> {
    let doc = doc::Doc::new(text);
    let mut used = vec![false; doc.toks.len()];
    let mut found = direct::find(&doc, &mut used);
    reported::find(&doc, &mut used, &mut found);
    found.sort_by_key(|f| f.parts[0].0);
    speaker::resolve(&doc, &found, mentions)
}
