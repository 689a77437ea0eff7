//! The one place that defines each table's Arrow schema, and the conversions between typed
//! rows and Arrow record batches (through `serde_arrow`, so each table is a struct plus a schema).

use std::sync::Arc;

use arrow::array::RecordBatch;
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
    /// few thousand articles is then several groups, not one thread's work.
    const ROWS_PER_GROUP: usize = 4096;
    fn fields() -> Vec<Field>;

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(Self::fields()))
    }
}

impl Table for crate::model::ParsedRecord {
    const ROWS_PER_GROUP: usize = 512;
    const NAME: &'static str = "parsed";
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

impl Table for crate::model::CorpusEntity {
    const NAME: &'static str = "corpus_entities";
    fn fields() -> Vec<Field> {
        let co = DataType::Struct(Fields::from(vec![
            utf8_req("corpus_entity_id"),
            utf8_req("canonical"),
            int64_req("articles"),
        ]));
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

impl Table for crate::model::Quote {
    const NAME: &'static str = "quotes";
    fn fields() -> Vec<Field> {
        // A list of structs, not two parallel lists: DuckDB, polars, pyarrow and pandas
        // all read it as one list of {start_char, end_char} per row.
        let part = DataType::Struct(Fields::from(vec![
            int32_req("start_char"),
            int32_req("end_char"),
        ]));
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

pub fn to_batch<T: Table>(rows: &[T]) -> Result<RecordBatch> {
    let fields: Vec<FieldRef> = T::fields().into_iter().map(Arc::new).collect();
    serde_arrow::to_record_batch(&fields, &rows).map_err(|e| Error::Arrow {
        table: T::NAME,
        message: e.to_string(),
    })
}

pub fn from_batch<T: Table>(batch: &RecordBatch) -> Result<Vec<T>> {
    serde_arrow::from_record_batch(batch).map_err(|e| Error::Arrow {
        table: T::NAME,
        message: e.to_string(),
    })
}
