//! Typed rows of every table, persisted or published. Arrow appears only in `schema`.

use serde::{Deserialize, Serialize};

use crate::stages::StageName;
use crate::vocab::{PublishedSource, RejectReason};

/// The input formats the parse stage recognises, detected from content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    TextDump,
    PlainText,
    Html,
    /// An HTML response record of a WARC archive.
    Warc,
    /// One line of a JSON-lines export.
    Jsonl,
    /// One item of an RSS or Atom feed.
    Feed,
}

impl SourceFormat {
    pub const ALL: [SourceFormat; 6] = [
        SourceFormat::TextDump,
        SourceFormat::PlainText,
        SourceFormat::Html,
        SourceFormat::Warc,
        SourceFormat::Jsonl,
        SourceFormat::Feed,
    ];

    /// The value of the `source_format` column.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceFormat::TextDump => "text_dump",
            SourceFormat::PlainText => "plain_text",
            SourceFormat::Html => "html",
            SourceFormat::Warc => "warc",
            SourceFormat::Jsonl => "jsonl",
            SourceFormat::Feed => "feed",
        }
    }
}

/// How links are written inside `ParsedRecord::body`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyMarkup {
    /// `[anchor](target)` links, as in the text dumps.
    Markdown,
    /// No inline markup.
    Plain,
}

/// Output of the parse stage: one raw record as the format gave it, fields still unnormalised.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedRecord {
    pub article_id: String,
    pub source_file: String,
    pub source_record: i64,
    pub source_format: SourceFormat,
    /// Byte offset of the record in its file (WARC), so the raw record can be found again.
    pub source_offset: Option<i64>,
    pub warc_record_id: Option<String>,
    /// When the page was fetched, as the archive wrote it (WARC-Date).
    pub fetched_raw: Option<String>,
    pub charset_declared: Option<String>,
    pub charset_used: Option<String>,
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub byline_raw: Option<String>,
    pub authors: Vec<String>,
    pub published_raw: Option<String>,
    /// Where `published_raw` was found.
    pub published_source: Option<PublishedSource>,
    pub modified_raw: Option<String>,
    pub site_name: Option<String>,
    pub language_hint: Option<String>,
    pub description: Option<String>,
    pub image_url: Option<String>,
    pub image_caption: Option<String>,
    pub image_credit: Option<String>,
    pub related_titles: Vec<String>,
    pub related_targets: Vec<String>,
    pub tags: Vec<String>,
    /// The article's section or category (`article:section`, JSON-LD `articleSection`).
    pub section: Option<String>,
    /// Paragraphs separated by a blank line, in the markup named by `body_markup`.
    pub body: String,
    pub body_markup: BodyMarkup,
    pub extractor: Option<String>,
}

/// Output of the normalize stage and the published `articles` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub article_id: String,
    pub source_file: String,
    pub source_record: i64,
    pub source_format: String,
    pub source_offset: Option<i64>,
    pub warc_record_id: Option<String>,
    /// Microseconds since the Unix epoch, UTC: when the page was fetched (WARC-Date).
    pub fetched_at: Option<i64>,
    pub url: Option<String>,
    pub canonical_url: Option<String>,
    pub source_domain: Option<String>,
    pub site_name: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub byline_raw: Option<String>,
    /// Microseconds since the Unix epoch, UTC.
    pub published_at: Option<i64>,
    /// Days since the Unix epoch: the publication day as the source wrote it (local to the source).
    pub published_date: Option<i32>,
    /// `DatePrecision::as_str` of the publication date.
    pub published_precision: Option<String>,
    pub published_tz_offset_min: Option<i16>,
    /// Where `published_at` came from (`PublishedSource::as_str`); null when there is no
    /// publication date.
    pub published_source: Option<String>,
    pub modified_at: Option<i64>,
    pub language: Option<String>,
    pub description: Option<String>,
    pub image_url: Option<String>,
    pub image_caption: Option<String>,
    pub image_credit: Option<String>,
    pub related_titles: Vec<String>,
    pub tags: Vec<String>,
    /// The article's section or category, as the page names it.
    pub section: Option<String>,
    pub text: String,
    pub word_count: i32,
    pub char_count: i32,
    pub content_hash: String,
    pub is_duplicate: bool,
    pub duplicate_of: Option<String>,
    pub charset_declared: Option<String>,
    pub charset_used: Option<String>,
    pub extractor: Option<String>,
}

/// A link found while normalising the body: its anchor's span in `Article::text`.
/// Persisted by normalize; the extract stage turns these into `links` rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkSpan {
    pub article_id: String,
    pub anchor_text: String,
    pub start_char: Option<i32>,
    pub end_char: Option<i32>,
    pub target: String,
    /// `LinkKind::as_str`: a link inside the body, or a "Related article:" link.
    pub kind: String,
}

/// The published `links` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub article_id: String,
    pub link_idx: i32,
    pub kind: String,
    pub anchor_text: String,
    pub start_char: Option<i32>,
    pub end_char: Option<i32>,
    /// The target exactly as the source wrote it.
    pub target_raw: String,
    /// The target resolved against the article URL; null for placeholders and unparseable targets.
    pub href: Option<String>,
    pub is_placeholder: bool,
    pub target_host: Option<String>,
    pub is_internal: Option<bool>,
}

/// The published `dates` table: one temporal expression found in `Article::text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateMention {
    pub article_id: String,
    pub date_idx: i32,
    pub start_char: i32,
    pub end_char: i32,
    pub text: String,
    /// `TimexType::as_str`: `date`, `time`, `duration` or `set`.
    pub timex_type: String,
    /// TIMEX3 value: `2025-07-29`, `2025-02`, `P10D`, `XXXX-WXX-2`, `PAST_REF`, ...
    pub value: String,
    /// First and last day covered (days since the epoch); null where none applies.
    pub resolved_start: Option<i32>,
    pub resolved_end: Option<i32>,
    pub granularity: String,
    /// The publication day relative expressions were resolved against; null without one.
    pub anchor_date: Option<i32>,
}

/// The published `mentions` table: one named-entity mention in `Article::text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    pub article_id: String,
    pub mention_idx: i32,
    pub start_char: i32,
    pub end_char: i32,
    pub text: String,
    /// `EntityType::as_str`: `person`, `org`, `location` or `misc`.
    pub entity_type: String,
    /// One name per entity within the article ("Vladimir Putin" for "Putin").
    pub canonical: String,
    /// Stable hash of type and canonical name: the same across articles.
    pub entity_id: String,
    /// The corpus-wide entity (`CorpusEntity::corpus_entity_id`) this one is part of: set at
    /// publish (or by finalize); the extract stage's own rows hold `entity_id` here.
    pub corpus_entity_id: String,
    pub sentence_idx: i32,
    /// A title in front of a person's name ("President", "Foreign Minister").
    pub role: Option<String>,
}

/// The published `entities` table: one row per article and entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleEntity {
    pub article_id: String,
    pub entity_id: String,
    /// As in `EntityMention::corpus_entity_id`.
    pub corpus_entity_id: String,
    pub canonical: String,
    pub entity_type: String,
    pub mention_count: i32,
    pub first_char: i32,
}

/// The published `quotes` table: one quotation of `Article::text` and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    pub article_id: String,
    pub quote_idx: i32,
    /// The whole content: start of the first part, end of the last.
    pub start_char: i32,
    pub end_char: i32,
    /// The content's parts: one, or several when the attribution interrupts the quote
    /// ("X," he said, "Y.").
    pub spans: Vec<QuoteSpan>,
    /// `Article::text` from `start_char` to `end_char`.
    pub text: String,
    /// In quotation marks (which the spans include), rather than reported speech.
    pub direct: bool,
    /// The word or phrase that attributes it ("said", "told reporters", "according to").
    pub cue: Option<String>,
    pub cue_start_char: Option<i32>,
    pub cue_end_char: Option<i32>,
    /// The source as written ("Kremlin spokesman Dmitry Peskov", "he", "a source").
    pub source: Option<String>,
    pub source_start_char: Option<i32>,
    pub source_end_char: Option<i32>,
    /// Canonical name of the entity the source resolves to; null when unresolved.
    pub speaker: Option<String>,
    /// That entity's id, as in `mentions` and `entities`.
    pub speaker_entity_id: Option<String>,
}

/// One part of a quote's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteSpan {
    pub start_char: i32,
    pub end_char: i32,
}

/// The published `rejects` table: every input or record that did not become an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reject {
    pub stage: String,
    pub reason: String,
    pub message: String,
    pub source_file: String,
    pub source_record: Option<i64>,
    pub source_offset: Option<i64>,
    pub article_id: Option<String>,
    pub url: Option<String>,
}

impl Reject {
    /// The stages that reject: parse (files and records) and normalize (articles).
    pub const STAGES: [StageName; 2] = [StageName::Parse, StageName::Normalize];

    pub fn new(
        stage: StageName,
        reason: RejectReason,
        source_file: &str,
        message: impl Into<String>,
    ) -> Self {
        debug_assert!(Reject::STAGES.contains(&stage), "{stage:?} does not reject");
        let mut message = message.into();
        if message.len() > 1024 {
            let cut = (0..=1024)
                .rev()
                .find(|&i| message.is_char_boundary(i))
                .unwrap_or(0);
            message.truncate(cut);
        }
        Reject {
            stage: stage.as_str().to_owned(),
            reason: reason.as_str().to_owned(),
            message,
            source_file: source_file.to_owned(),
            source_record: None,
            source_offset: None,
            article_id: None,
            url: None,
        }
    }
}

/// One input file as the parse stage last saw it (`_stages/parse/files`): a file whose size
/// and modification time did not change keeps its content hash without being read again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    pub source_file: String,
    pub size: i64,
    pub modified_ns: i64,
    /// The inode change time and number: an edit that keeps the size and puts the old
    /// modification time back (`touch -d`, `cp -p`, an archive unpacked) still changes them.
    pub changed_ns: i64,
    pub inode: i64,
    /// Empty when the file could not be read: it is read again on every run.
    pub content_hash: String,
}

/// What duplicate flagging needs of an article (`_stages/normalize/dup_keys`): enough to
/// flag the articles of later parts without reading the text of this one again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateKey {
    pub article_id: String,
    /// Hash of the canonical URL; none for feed items (matched by their text only).
    pub url_key: Option<String>,
    pub text_key: String,
}

/// What the near-duplicate join keeps of one article (normalize's per-part `neardup_sketch`
/// output): `newsprint_neardup::Sketch` with the article's id and publication time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeardupSketch {
    pub article_id: String,
    /// Microseconds since the Unix epoch, UTC (`Article::published_at`).
    pub published_at: Option<i64>,
    /// `bands * rows` MinHash values.
    pub minhash: Vec<u32>,
    /// Hash of the body's first `lead_words` words.
    pub lead: Option<u64>,
    pub shingle_count: u32,
    /// The consistent sample of shingle hashes (1 in `containment_sample`), in text order.
    pub shingle_sample: Vec<u64>,
}

impl NeardupSketch {
    pub fn new(article: &Article, params: &crate::neardup::Params) -> NeardupSketch {
        let s = crate::neardup::sketch(&article.text, params);
        NeardupSketch {
            article_id: article.article_id.clone(),
            published_at: article.published_at,
            minhash: s.minhash,
            lead: s.lead,
            shingle_count: s.shingle_count,
            shingle_sample: s.shingles,
        }
    }

    pub fn into_sketch(self) -> crate::neardup::Sketch {
        crate::neardup::Sketch {
            minhash: self.minhash,
            shingle_count: self.shingle_count,
            shingles: self.shingle_sample,
            lead: self.lead,
        }
    }
}

/// The published `near_duplicates` table: one row an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearDuplicate {
    pub article_id: String,
    /// The representative's `article_id`: the cluster's earliest published article, ties
    /// (and undated articles, which come last) by smallest id.
    pub cluster_id: String,
    /// MinHash estimate of the Jaccard similarity with the representative (1 for itself).
    pub similarity: f32,
    /// Articles in the cluster (1: no copy).
    pub cluster_size: i32,
}

/// The published `corpus_entities` table: one entity across the whole dataset, joining the
/// per-article entities (`ArticleEntity`) that name it (`stages::corpus_entities`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CorpusEntity {
    /// 16 hex digits: `entity_id` of `entity_type` and `canonical`, so an entity no other
    /// joins keeps its per-article id.
    pub corpus_entity_id: String,
    pub canonical: String,
    pub entity_type: String,
    /// Every name it was seen under (mentions as written, per-article canonical names),
    /// most frequent first, at most `MAX_ALIASES`.
    pub aliases: Vec<String>,
    /// The per-article `entity_id`s joined here.
    pub entity_ids: Vec<String>,
    pub article_count: i64,
    pub mention_count: i64,
    /// First and last `published_date` of its articles; null when none is dated.
    pub first_day: Option<i32>,
    pub last_day: Option<i32>,
    /// The entities most often in the same articles, most shared articles first.
    pub co_mentioned: Vec<CoMention>,
}

/// One entity of `CorpusEntity::co_mentioned`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoMention {
    pub corpus_entity_id: String,
    pub canonical: String,
    /// Articles that mention both.
    pub articles: i64,
}

/// The columns of `articles` the extract stage reads (a projection): an article's rows
/// depend on these alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleText {
    pub article_id: String,
    pub url: Option<String>,
    pub source_domain: Option<String>,
    pub published_date: Option<i32>,
    pub language: Option<String>,
    pub text: String,
}

/// The two columns of `articles` the corpus entity index reads (a projection: no text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleDay {
    pub article_id: String,
    pub published_date: Option<i32>,
}

/// What the corpus entity index reads of `entities` (a projection).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityOfArticle {
    pub article_id: String,
    pub entity_id: String,
    pub canonical: String,
    pub entity_type: String,
    pub mention_count: i32,
}

/// What the corpus entity index reads of `mentions` (a projection): the name as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionName {
    pub text: String,
    pub entity_id: String,
    pub role: Option<String>,
}

/// What the first pass of the near-duplicate join reads of `neardup_sketch` (a projection:
/// not the shingle samples).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SketchKeys {
    pub article_id: String,
    pub published_at: Option<i64>,
    pub minhash: Vec<u32>,
    pub lead: Option<u64>,
    pub shingle_count: u32,
}
