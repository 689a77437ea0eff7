//! The one place that defines each table's Arrow schema, and the conversions between typed
//! rows and Arrow record batches: through `serde_arrow` (each table a struct plus a schema),
//! and for the tables with the most rows (`Table::columns`) by a builder per column.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Date32Array, Int32Array, Int64Array, ListArray, RecordBatch,
    StringBuilder, StructArray, UInt32Array, UInt64Array,
};
use arrow::buffer::OffsetBuffer;
use arrow::datatypes::{DataType, Field, FieldRef, Fields, Schema, SchemaRef, TimeUnit};
use serde::{Serialize, de::DeserializeOwned};

use crate::error::{Error, Result};

/// Bumped whenever a published column changes meaning or type; stored in every file's metadata.
pub const SCHEMA_VERSION: &str = "2";

fn utf8(name: &str) -> Field {
    Field::new(name, DataType::Utf8, true)
}
fn utf8_req(name: &str) -> Field {
    Field::new(name, DataType::Utf8, false)
}
fn list_utf8(name: &str) -> Field {
    Field::new(
        name,
        DataType::List(Arc::new(Field::new("item", DataType::Utf8, false))),
        false,
    )
}
fn int32(name: &str) -> Field {
    Field::new(name, DataType::Int32, true)
}
fn int32_req(name: &str) -> Field {
    Field::new(name, DataType::Int32, false)
}
fn int64_req(name: &str) -> Field {
    Field::new(name, DataType::Int64, false)
}
fn int64(name: &str) -> Field {
    Field::new(name, DataType::Int64, true)
}
fn timestamp_utc(name: &str) -> Field {
    Field::new(
        name,
        DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
        true,
    )
}
fn date32(name: &str) -> Field {
    Field::new(name, DataType::Date32, true)
}
fn bool_req(name: &str) -> Field {
    Field::new(name, DataType::Boolean, false)
}

/// A table newsprint writes: its name, its schema and its row type.
pub trait Table: Serialize + DeserializeOwned + Send + Sync {
    const NAME: &'static str;
    /// Rows per Parquet row group (and Arrow batch). Row groups are encoded and decoded on
    /// several threads, so the tables that hold article text use small ones: a part of a
    /// few thousand articles is then several groups, not one thread's work. The narrow
    /// tables use large ones: each compressed column chunk costs a zstd compressor and
    /// decompressor (each probes the CPU, which traps on a virtual machine), and a part's
    /// files are written side by side anyway (4096 → 16384 rows: BBC text 2.7% faster in one
    /// A B B A set).
    const ROWS_PER_GROUP: usize = 16384;
    fn fields() -> Vec<Field>;

    /// Columns of hash values (MinHash signatures and the like), which zstd cannot shrink
    /// (the sketches of the BBC texts: 2.60 MB, 2.56 MB compressed): written uncompressed,
    /// which spares compressing them and the codec each compressed chunk costs to write
    /// and to read.
    const HASH_COLUMNS: &'static [&'static str] = &[];

    /// The columns written with dictionary encoding: those whose values repeat (labels,
    /// kinds, small counts, names). Every other column is written plain
    /// (`parquet_io::writer_properties` says why).
    const DICTIONARY_COLUMNS: &'static [&'static str] = &[];

    /// Whether only the stages read this table (it is never published): written with a
    /// faster codec (`parquet_io::codec_of`).
    const STAGE_ONLY: bool = false;

    /// The columns of `rows` in `fields()` order, built directly, for the tables with the
    /// most rows: serde_arrow's walk costs several times more per row (about 6% of a text
    /// run). `None` (the default) goes through serde_arrow; a test holds each table that
    /// builds its own to the same batch.
    fn columns(_rows: &[Self]) -> Option<Vec<ArrayRef>>
    where
        Self: Sized,
    {
        None
    }

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(Self::fields()))
    }
}

impl Table for crate::model::ParsedRecord {
    const ROWS_PER_GROUP: usize = 512;
    const NAME: &'static str = "parsed";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &[
        "source_format",
        "charset_declared",
        "charset_used",
        "published_source",
        "site_name",
        "language_hint",
        "body_markup",
        "extractor",
    ];
    const STAGE_ONLY: bool = true;
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            utf8_req("source_file"),
            int64_req("source_record"),
            utf8_req("source_format"),
            int64("source_offset"),
            utf8("warc_record_id"),
            utf8("fetched_raw"),
            utf8("charset_declared"),
            utf8("charset_used"),
            utf8("url"),
            utf8("canonical_url"),
            utf8("title"),
            utf8("byline_raw"),
            list_utf8("authors"),
            utf8("published_raw"),
            utf8("published_source"),
            utf8("modified_raw"),
            utf8("site_name"),
            utf8("language_hint"),
            utf8("description"),
            utf8("image_url"),
            utf8("image_caption"),
            utf8("image_credit"),
            list_utf8("related_titles"),
            list_utf8("related_targets"),
            list_utf8("tags"),
            utf8("section"),
            utf8_req("body"),
            utf8_req("body_markup"),
            utf8("extractor"),
        ]
    }
}

impl Table for crate::model::Article {
    const ROWS_PER_GROUP: usize = 512;
    const NAME: &'static str = "articles";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &[
        "source_format",
        "source_domain",
        "site_name",
        "published_precision",
        "published_source",
        "language",
        "section",
        "charset_declared",
        "charset_used",
        "extractor",
    ];
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            utf8_req("source_file"),
            int64_req("source_record"),
            utf8_req("source_format"),
            int64("source_offset"),
            utf8("warc_record_id"),
            timestamp_utc("fetched_at"),
            utf8("url"),
            utf8("canonical_url"),
            utf8("source_domain"),
            utf8("site_name"),
            utf8("title"),
            list_utf8("authors"),
            utf8("byline_raw"),
            timestamp_utc("published_at"),
            date32("published_date"),
            utf8("published_precision"),
            Field::new("published_tz_offset_min", DataType::Int16, true),
            utf8("published_source"),
            timestamp_utc("modified_at"),
            utf8("language"),
            utf8("description"),
            utf8("image_url"),
            utf8("image_caption"),
            utf8("image_credit"),
            list_utf8("related_titles"),
            list_utf8("tags"),
            utf8("section"),
            utf8_req("text"),
            int32_req("word_count"),
            int32_req("char_count"),
            utf8_req("content_hash"),
            bool_req("is_duplicate"),
            utf8("duplicate_of"),
            utf8("charset_declared"),
            utf8("charset_used"),
            utf8("extractor"),
        ]
    }
}

impl Table for crate::model::InputEntry {
    const NAME: &'static str = "files";
    const STAGE_ONLY: bool = true;
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("source_file"),
            int64_req("size"),
            int64_req("modified_ns"),
            int64_req("changed_ns"),
            int64_req("inode"),
            utf8_req("content_hash"),
        ]
    }
}

impl Table for crate::model::DuplicateKey {
    const NAME: &'static str = "dup_keys";
    const STAGE_ONLY: bool = true;
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            utf8("url_key"),
            utf8_req("text_key"),
        ]
    }
}

impl Table for crate::model::NeardupSketch {
    const NAME: &'static str = "neardup_sketch";
    const STAGE_ONLY: bool = true;
    const HASH_COLUMNS: &'static [&'static str] = &["minhash", "lead", "shingle_sample"];
    fn columns(rows: &[Self]) -> Option<Vec<ArrayRef>> {
        let minhash =
            UInt32Array::from_iter_values(rows.iter().flat_map(|r| r.minhash.iter().copied()));
        let sample = UInt64Array::from_iter_values(
            rows.iter().flat_map(|r| r.shingle_sample.iter().copied()),
        );
        Some(vec![
            strings(rows, |r| &r.article_id)?,
            Arc::new(rows.iter().map(|r| r.published_at).collect::<Int64Array>()),
            list_of(
                DataType::UInt32,
                rows.iter().map(|r| r.minhash.len()),
                Arc::new(minhash),
            ),
            Arc::new(rows.iter().map(|r| r.lead).collect::<UInt64Array>()),
            Arc::new(UInt32Array::from_iter_values(
                rows.iter().map(|r| r.shingle_count),
            )),
            list_of(
                DataType::UInt64,
                rows.iter().map(|r| r.shingle_sample.len()),
                Arc::new(sample),
            ),
        ])
    }
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            int64("published_at"),
            Field::new(
                "minhash",
                DataType::List(Arc::new(Field::new("item", DataType::UInt32, false))),
                false,
            ),
            Field::new("lead", DataType::UInt64, true),
            Field::new("shingle_count", DataType::UInt32, false),
            Field::new(
                "shingle_sample",
                DataType::List(Arc::new(Field::new("item", DataType::UInt64, false))),
                false,
            ),
        ]
    }
}

impl Table for crate::model::NearDuplicate {
    const NAME: &'static str = "near_duplicates";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &["cluster_size"];
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            utf8_req("cluster_id"),
            Field::new("similarity", DataType::Float32, false),
            int32_req("cluster_size"),
        ]
    }
}

impl Table for crate::model::LinkSpan {
    const NAME: &'static str = "link_spans";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &["kind"];
    const STAGE_ONLY: bool = true;
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            utf8_req("anchor_text"),
            int32("start_char"),
            int32("end_char"),
            utf8_req("target"),
            utf8_req("kind"),
        ]
    }
}

impl Table for crate::model::Link {
    const NAME: &'static str = "links";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &["kind", "target_host"];
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            int32_req("link_idx"),
            utf8_req("kind"),
            utf8_req("anchor_text"),
            int32("start_char"),
            int32("end_char"),
            utf8_req("target_raw"),
            utf8("href"),
            bool_req("is_placeholder"),
            utf8("target_host"),
            Field::new("is_internal", DataType::Boolean, true),
        ]
    }
}

impl Table for crate::model::DateMention {
    const NAME: &'static str = "dates";
    const DICTIONARY_COLUMNS: &'static [&'static str] =
        &["text", "timex_type", "value", "granularity"];
    fn columns(rows: &[Self]) -> Option<Vec<ArrayRef>> {
        Some(vec![
            strings(rows, |r| &r.article_id)?,
            ints(rows, |r| r.date_idx),
            ints(rows, |r| r.start_char),
            ints(rows, |r| r.end_char),
            strings(rows, |r| &r.text)?,
            strings(rows, |r| &r.timex_type)?,
            strings(rows, |r| &r.value)?,
            days(rows, |r| r.resolved_start),
            days(rows, |r| r.resolved_end),
            strings(rows, |r| &r.granularity)?,
            days(rows, |r| r.anchor_date),
        ])
    }
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            int32_req("date_idx"),
            int32_req("start_char"),
            int32_req("end_char"),
            utf8_req("text"),
            utf8_req("timex_type"),
            utf8_req("value"),
            date32("resolved_start"),
            date32("resolved_end"),
            utf8_req("granularity"),
            date32("anchor_date"),
        ]
    }
}

impl Table for crate::model::EntityMention {
    const NAME: &'static str = "mentions";
    const DICTIONARY_COLUMNS: &'static [&'static str] =
        &["text", "entity_type", "canonical", "sentence_idx", "role"];
    fn columns(rows: &[Self]) -> Option<Vec<ArrayRef>> {
        Some(vec![
            strings(rows, |r| &r.article_id)?,
            ints(rows, |r| r.mention_idx),
            ints(rows, |r| r.start_char),
            ints(rows, |r| r.end_char),
            strings(rows, |r| &r.text)?,
            strings(rows, |r| &r.entity_type)?,
            strings(rows, |r| &r.canonical)?,
            strings(rows, |r| &r.entity_id)?,
            strings(rows, |r| &r.corpus_entity_id)?,
            ints(rows, |r| r.sentence_idx),
            opt_strings(rows, |r| r.role.as_deref())?,
        ])
    }
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            int32_req("mention_idx"),
            int32_req("start_char"),
            int32_req("end_char"),
            utf8_req("text"),
            utf8_req("entity_type"),
            utf8_req("canonical"),
            utf8_req("entity_id"),
            utf8_req("corpus_entity_id"),
            int32_req("sentence_idx"),
            utf8("role"),
        ]
    }
}

impl Table for crate::model::ArticleEntity {
    const NAME: &'static str = "entities";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &["entity_type", "mention_count"];
    fn columns(rows: &[Self]) -> Option<Vec<ArrayRef>> {
        Some(vec![
            strings(rows, |r| &r.article_id)?,
            strings(rows, |r| &r.entity_id)?,
            strings(rows, |r| &r.corpus_entity_id)?,
            strings(rows, |r| &r.canonical)?,
            strings(rows, |r| &r.entity_type)?,
            ints(rows, |r| r.mention_count),
            ints(rows, |r| r.first_char),
        ])
    }
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("article_id"),
            utf8_req("entity_id"),
            utf8_req("corpus_entity_id"),
            utf8_req("canonical"),
            utf8_req("entity_type"),
            int32_req("mention_count"),
            int32_req("first_char"),
        ]
    }
}

/// An entity named with another: `{corpus_entity_id, canonical, articles}`.
fn co_mention_fields() -> Fields {
    Fields::from(vec![
        utf8_req("corpus_entity_id"),
        utf8_req("canonical"),
        int64_req("articles"),
    ])
}

impl Table for crate::model::CorpusEntity {
    const NAME: &'static str = "corpus_entities";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &[
        "entity_type",
        "article_count",
        "mention_count",
        "co_mentioned",
    ];
    fn columns(rows: &[Self]) -> Option<Vec<ArrayRef>> {
        let co: Vec<&crate::model::CoMention> = rows.iter().flat_map(|r| &r.co_mentioned).collect();
        let co_values = StructArray::new(
            co_mention_fields(),
            vec![
                strings(&co, |c| &c.corpus_entity_id)?,
                strings(&co, |c| &c.canonical)?,
                longs(&co, |c| c.articles),
            ],
            None,
        );
        Some(vec![
            strings(rows, |r| &r.corpus_entity_id)?,
            strings(rows, |r| &r.canonical)?,
            strings(rows, |r| &r.entity_type)?,
            string_lists(rows, |r| &r.aliases)?,
            string_lists(rows, |r| &r.entity_ids)?,
            longs(rows, |r| r.article_count),
            longs(rows, |r| r.mention_count),
            days(rows, |r| r.first_day),
            days(rows, |r| r.last_day),
            list_of(
                DataType::Struct(co_mention_fields()),
                rows.iter().map(|r| r.co_mentioned.len()),
                Arc::new(co_values),
            ),
        ])
    }
    fn fields() -> Vec<Field> {
        let co = DataType::Struct(co_mention_fields());
        vec![
            utf8_req("corpus_entity_id"),
            utf8_req("canonical"),
            utf8_req("entity_type"),
            list_utf8("aliases"),
            list_utf8("entity_ids"),
            int64_req("article_count"),
            int64_req("mention_count"),
            date32("first_day"),
            date32("last_day"),
            Field::new(
                "co_mentioned",
                DataType::List(Arc::new(Field::new("item", co, false))),
                false,
            ),
        ]
    }
}

/// A projection of `entities`: read with `parquet_io::read_columns`, never written.
impl Table for crate::model::EntityOfArticle {
    const NAME: &'static str = "entities";
    fn fields() -> Vec<Field> {
        projection::<crate::model::ArticleEntity>(&[
            "article_id",
            "entity_id",
            "canonical",
            "entity_type",
            "mention_count",
        ])
    }
}

/// A projection of `mentions`: read with `parquet_io::read_columns`, never written.
impl Table for crate::model::MentionName {
    const NAME: &'static str = "mentions";
    fn fields() -> Vec<Field> {
        projection::<crate::model::EntityMention>(&["text", "entity_id", "role"])
    }
}

/// A projection of `neardup_sketch`: read with `parquet_io::read_columns`, never written.
impl Table for crate::model::SketchKeys {
    const NAME: &'static str = "neardup_sketch";
    fn fields() -> Vec<Field> {
        projection::<crate::model::NeardupSketch>(&[
            "article_id",
            "published_at",
            "minhash",
            "lead",
            "shingle_count",
        ])
    }
}

/// A projection of `articles`: read with `parquet_io::read_columns`, never written.
impl Table for crate::model::ArticleText {
    const NAME: &'static str = "articles";
    fn fields() -> Vec<Field> {
        projection::<crate::model::Article>(&[
            "article_id",
            "url",
            "source_domain",
            "published_date",
            "language",
            "text",
        ])
    }
}

/// A projection of `articles`: read with `parquet_io::read_columns`, never written.
impl Table for crate::model::ArticleDay {
    const NAME: &'static str = "articles";
    fn fields() -> Vec<Field> {
        projection::<crate::model::Article>(&["article_id", "published_date"])
    }
}

/// The fields `names` of table `T`, in `T`'s order (the file's): a projection's schema is its
/// table's, never written twice.
fn projection<T: Table>(names: &[&str]) -> Vec<Field> {
    let fields: Vec<Field> = T::fields()
        .into_iter()
        .filter(|f| names.contains(&f.name().as_str()))
        .collect();
    assert_eq!(
        fields.len(),
        names.len(),
        "a projection of {} names a column it does not have",
        T::NAME
    );
    fields
}

/// A quote's parts: one `{start_char, end_char}` each.
fn quote_span_fields() -> Fields {
    Fields::from(vec![int32_req("start_char"), int32_req("end_char")])
}

impl Table for crate::model::Quote {
    const NAME: &'static str = "quotes";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &["cue", "speaker"];
    fn columns(rows: &[Self]) -> Option<Vec<ArrayRef>> {
        let parts: Vec<&crate::model::QuoteSpan> = rows.iter().flat_map(|r| &r.spans).collect();
        let part_values = StructArray::new(
            quote_span_fields(),
            vec![ints(&parts, |p| p.start_char), ints(&parts, |p| p.end_char)],
            None,
        );
        let spans = list_of(
            DataType::Struct(quote_span_fields()),
            rows.iter().map(|r| r.spans.len()),
            Arc::new(part_values),
        );
        Some(vec![
            strings(rows, |r| &r.article_id)?,
            ints(rows, |r| r.quote_idx),
            ints(rows, |r| r.start_char),
            ints(rows, |r| r.end_char),
            spans,
            strings(rows, |r| &r.text)?,
            Arc::new(
                rows.iter()
                    .map(|r| Some(r.direct))
                    .collect::<BooleanArray>(),
            ),
            opt_strings(rows, |r| r.cue.as_deref())?,
            opt_ints(rows, |r| r.cue_start_char),
            opt_ints(rows, |r| r.cue_end_char),
            opt_strings(rows, |r| r.source.as_deref())?,
            opt_ints(rows, |r| r.source_start_char),
            opt_ints(rows, |r| r.source_end_char),
            opt_strings(rows, |r| r.speaker.as_deref())?,
            opt_strings(rows, |r| r.speaker_entity_id.as_deref())?,
        ])
    }
    fn fields() -> Vec<Field> {
        // A list of structs, not two parallel lists: DuckDB, polars, pyarrow and pandas
        // all read it as one list of {start_char, end_char} per row.
        let part = DataType::Struct(quote_span_fields());
        vec![
            utf8_req("article_id"),
            int32_req("quote_idx"),
            int32_req("start_char"),
            int32_req("end_char"),
            Field::new(
                "spans",
                DataType::List(Arc::new(Field::new("item", part, false))),
                false,
            ),
            utf8_req("text"),
            bool_req("direct"),
            utf8("cue"),
            int32("cue_start_char"),
            int32("cue_end_char"),
            utf8("source"),
            int32("source_start_char"),
            int32("source_end_char"),
            utf8("speaker"),
            utf8("speaker_entity_id"),
        ]
    }
}

impl Table for crate::model::Reject {
    const NAME: &'static str = "rejects";
    const DICTIONARY_COLUMNS: &'static [&'static str] = &["stage", "reason", "source_file"];
    fn fields() -> Vec<Field> {
        vec![
            utf8_req("stage"),
            utf8_req("reason"),
            utf8_req("message"),
            utf8_req("source_file"),
            int64("source_record"),
            int64("source_offset"),
            utf8("article_id"),
            utf8("url"),
        ]
    }
}

/// Bytes a string column can hold: its offsets are 32-bit.
const MAX_STRING_BYTES: usize = i32::MAX as usize;

/// A required string column; `None` past `MAX_STRING_BYTES` (the builder would panic), so
/// that the batch goes through serde_arrow, which reports it as an error.
fn strings<T>(rows: &[T], value: impl Fn(&T) -> &str) -> Option<ArrayRef> {
    let bytes = rows.iter().map(|r| value(r).len()).sum();
    if bytes > MAX_STRING_BYTES {
        return None;
    }
    let mut column = StringBuilder::with_capacity(rows.len(), bytes);
    for r in rows {
        column.append_value(value(r));
    }
    Some(Arc::new(column.finish()))
}

/// A nullable string column; `None` past `MAX_STRING_BYTES`, as `strings`.
fn opt_strings<T>(rows: &[T], value: impl Fn(&T) -> Option<&str>) -> Option<ArrayRef> {
    let bytes = rows.iter().map(|r| value(r).map_or(0, str::len)).sum();
    if bytes > MAX_STRING_BYTES {
        return None;
    }
    let mut column = StringBuilder::with_capacity(rows.len(), bytes);
    for r in rows {
        column.append_option(value(r));
    }
    Some(Arc::new(column.finish()))
}

/// A required 32-bit integer column.
fn ints<T>(rows: &[T], value: impl Fn(&T) -> i32) -> ArrayRef {
    Arc::new(Int32Array::from_iter_values(rows.iter().map(value)))
}

/// A required 64-bit integer column.
fn longs<T>(rows: &[T], value: impl Fn(&T) -> i64) -> ArrayRef {
    Arc::new(Int64Array::from_iter_values(rows.iter().map(value)))
}

/// A required list column whose items (of type `item`, never null) are `values`, `lengths`
/// of them per row in order.
fn list_of(item: DataType, lengths: impl Iterator<Item = usize>, values: ArrayRef) -> ArrayRef {
    Arc::new(ListArray::new(
        Arc::new(Field::new("item", item, false)),
        OffsetBuffer::from_lengths(lengths),
        values,
        None,
    ))
}

/// A required list-of-strings column (`list_utf8`).
fn string_lists<T>(rows: &[T], value: impl Fn(&T) -> &[String]) -> Option<ArrayRef> {
    let items: Vec<&String> = rows.iter().flat_map(&value).collect();
    Some(list_of(
        DataType::Utf8,
        rows.iter().map(|r| value(r).len()),
        strings(&items, |s| s)?,
    ))
}

/// A nullable 32-bit integer column.
fn opt_ints<T>(rows: &[T], value: impl Fn(&T) -> Option<i32>) -> ArrayRef {
    Arc::new(rows.iter().map(value).collect::<Int32Array>())
}

/// A nullable day column (days since 1970-01-01).
fn days<T>(rows: &[T], value: impl Fn(&T) -> Option<i32>) -> ArrayRef {
    Arc::new(rows.iter().map(value).collect::<Date32Array>())
}

pub fn to_batch<T: Table>(rows: &[T]) -> Result<RecordBatch> {
    let arrow_error = |e: &dyn std::fmt::Display| Error::Arrow {
        table: T::NAME,
        message: e.to_string(),
    };
    if let Some(columns) = T::columns(rows) {
        return RecordBatch::try_new(T::schema(), columns).map_err(|e| arrow_error(&e));
    }
    let fields: Vec<FieldRef> = T::fields().into_iter().map(Arc::new).collect();
    serde_arrow::to_record_batch(&fields, &rows).map_err(|e| arrow_error(&e))
}

/// `to_batch` through serde_arrow whatever the table: what `Table::columns` must match.
#[cfg(test)]
fn to_batch_by_serde<T: Table>(rows: &[T]) -> RecordBatch {
    let fields: Vec<FieldRef> = T::fields().into_iter().map(Arc::new).collect();
    serde_arrow::to_record_batch(&fields, &rows).expect("rows serialize")
}

pub fn from_batch<T: Table>(batch: &RecordBatch) -> Result<Vec<T>> {
    serde_arrow::from_record_batch(batch).map_err(|e| Error::Arrow {
        table: T::NAME,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests;
