//! Named-entity recognition for newsprint.
//!
//! A statistical tagger (averaged structured perceptron, Viterbi over BIO
//! transitions, hashed features, optional second pass for document
//! consistency), trainable from CoNLL/IOB files, plus a raw-text pipeline:
//! tokenizer and sentence splitter, tagging, and within-document
//! canonicalisation with person roles.
//!
//! Layout: `tokenize` (raw text -> sentences of byte spans), `features`
//! (hashed feature ids; `features/` has the shape helpers, the document
//! analysis and the own-feature memo), `gazetteer` (hand-written lists),
//! `model` (tagging; `model/` has the packed weights, Viterbi and the file
//! format), `train`, `eval`, `canon` (canonical names, roles).

mod canon;
mod clusters;
mod eval;
mod features;
mod gazetteer;
mod hash;
mod model;
pub mod rng;
pub mod synth;
mod tokenize;
mod train;

pub use eval::{Counts, evaluate, tokens_per_second};
pub use hash::fnv1a64;
pub use model::Model;
pub use synth::sports_documents;
pub use tokenize::{SentenceSpan, TokenSpan, split_sentences};
pub use train::{Document, TrainOptions, parse_conll, read_conll, train, train_docs};

/// IOB2 label of a tag id as stored in `Document::tags`.
pub fn tag_label(t: u8) -> &'static str {
    model::tag_name(t)
}

/// Errors from loading, saving or training models.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("i/o error: {0}")]
    Io(#[from] std::io::Error),
    #[error("bad model or data: {0}")]
    Format(String),
}

/// Entity types (CoNLL's four classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    Person = 0,
    Org = 1,
    Location = 2,
    Misc = 3,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Location,
        EntityType::Misc,
    ];

    /// Name used in the `entity_type` column.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Org => "org",
            EntityType::Location => "location",
            EntityType::Misc => "misc",
        }
    }

    /// CoNLL tag suffix (PER/ORG/LOC/MISC).
    pub fn conll(self) -> &'static str {
        match self {
            EntityType::Person => "PER",
            EntityType::Org => "ORG",
            EntityType::Location => "LOC",
            EntityType::Misc => "MISC",
        }
    }

    pub(crate) fn from_index(i: usize) -> EntityType {
        EntityType::ALL[i]
    }
}

/// One entity mention in an article. Offsets are Unicode code points into
/// the article text, half-open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start_char: usize,
    pub end_char: usize,
    pub text: String,
    pub entity_type: EntityType,
    /// Canonical name within the article ("Vladimir Putin" for "Putin").
    pub canonical: String,
    /// Stable id: FNV-1a 64 of entity_type and canonical (see `entity_id`).
    pub entity_id: u64,
    pub sentence_idx: usize,
    /// Title or function in front of a person ("President", "Foreign Minister").
    pub role: Option<String>,
}

impl Mention {
    /// `entity_id` as 16 lowercase hex digits (the schema's Utf8 column).
    pub fn entity_id_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(16);
        for k in (0..16).rev() {
            s.push(HEX[(self.entity_id >> (4 * k)) as usize & 15] as char);
        }
        s
    }
}

/// Value for the `method` column of mentions produced by this tagger.
pub const METHOD: &str = "model@ner-perceptron-1";

/// One row per entity of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntitySummary {
    pub entity_id: u64,
    pub entity_type: EntityType,
    pub canonical: String,
    pub mention_count: usize,
    pub first_char: usize,
}

/// Stable entity id from type and canonical name, independent of the
/// article, so the same entity has the same id across the dataset.
pub fn entity_id(ty: EntityType, canonical: &str) -> u64 {
    fnv1a64(&[ty.as_str().as_bytes(), canonical.as_bytes()])
}

/// Tokenize raw article text, tag it, and return canonicalised mentions in
/// text order.
pub fn extract_entities(text: &str, model: &Model) -> Vec<Mention> {
    let sents = split_sentences(text);
    let toks: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.tokens.iter().map(|t| &text[t.start..t.end]).collect())
        .collect();
    let tagged = model.tag_document(&toks);
    let mut raw = Vec::new();
    for (si, spans) in tagged.iter().enumerate() {
        for &(a, b, ty) in spans {
            raw.push((si, a, b, ty));
        }
    }
    let spans = canon::canonicalize(text, &sents, &raw);
    // Byte -> code point offsets in one forward pass (spans are in text order).
    let mut out = Vec::with_capacity(spans.len());
    let mut conv = CharOffsets::new(text);
    for s in spans {
        let start_char = conv.char_offset(s.start);
        let end_char = conv.char_offset(s.end);
        out.push(Mention {
            start_char,
            end_char,
            text: text[s.start..s.end].to_string(),
            entity_type: s.ty,
            entity_id: entity_id(s.ty, &s.canonical),
            canonical: s.canonical,
            sentence_idx: s.sentence,
            role: s.role,
        });
    }
    out
}

/// Aggregate mentions into one row per entity, ordered by first mention.
pub fn summarize_entities(mentions: &[Mention]) -> Vec<EntitySummary> {
    let mut out: Vec<EntitySummary> = Vec::new();
    let mut idx = std::collections::HashMap::new();
    for m in mentions {
        match idx.get(&m.entity_id) {
            Some(&i) => {
                let e: &mut EntitySummary = &mut out[i];
                e.mention_count += 1;
                e.first_char = e.first_char.min(m.start_char);
            }
            None => {
                idx.insert(m.entity_id, out.len());
                out.push(EntitySummary {
                    entity_id: m.entity_id,
                    entity_type: m.entity_type,
                    canonical: m.canonical.clone(),
                    mention_count: 1,
                    first_char: m.start_char,
                });
            }
        }
    }
    out
}

/// Incremental byte-offset to code-point-offset conversion for increasing
/// (or occasionally decreasing) offsets.
struct CharOffsets<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharOffsets<'a> {
    fn new(text: &'a str) -> Self {
        CharOffsets {
            text,
            byte: 0,
            chars: 0,
        }
    }
    fn char_offset(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// The bytes of the model shipped with newsprint, trained by `newsprint train-ner` on
/// permissively licensed corpora only (see the README); embedded so that no file or
/// download is needed. `build.rs` turns `crates/ner/models/ner-en-permissive.bin.gz` into
/// an image whose weight tables are already in the tagger's layout (`model/layout.rs`),
/// aligned here for the tagger to read them in place.
#[repr(C, align(64))]
struct Aligned<Bytes: ?Sized>(Bytes);

static SHIPPED_IMAGE: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(
    env!("OUT_DIR"),
    "/ner-en-permissive.image"
)));

static SHIPPED_MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();

/// The shipped model, read once and shared by all threads.
pub fn shipped_model() -> &'static Model {
    SHIPPED_MODEL.get_or_init(|| {
        Model::from_image(&SHIPPED_IMAGE.0).expect("the embedded NER model is valid")
    })
}

/// Whether `model` is the shipped one (without decoding it when it is not in use).
pub fn is_shipped(model: &Model) -> bool {
    SHIPPED_MODEL
        .get()
        .is_some_and(|shipped| std::ptr::eq(shipped, model))
}

/// Whether the shipped tagger knows the language of ISO 639-1 `code` ("en"). It was trained
/// on English news and wiki text only: on German it tags capitalised nouns and weekdays
/// ("Montag", "Schritt", "Das Gesetz") as people, and on other languages it does no better.
/// A model trained with `newsprint train-ner` is the user's choice, whatever its language.
pub fn covers_language(code: &str) -> bool {
    code.eq_ignore_ascii_case("en")
}

#[cfg(test)]
mod tests;
