//! Duplicate flags across every article of a dataset, on polars' lazy engine.
//!
//! The rule is the normalize stage's, restated as a query so that it needs no pass in order:
//! with articles in reading order, an article is a duplicate of the first article with its
//! canonical URL (feed items aside: a feed item summarises its page), when that one comes
//! before it; otherwise of the first with its text, when that one comes before it. "The
//! first with key K" is a group-by of K taking the earliest; the rest is two joins.

use std::path::PathBuf;

use newsprint::error::{Error, Result};
use polars::prelude::*;

/// An article whose flags must change: `duplicate_of` is the new value (None: not a
/// duplicate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagChange {
    pub part: PathBuf,
    pub article_id: String,
    pub duplicate_of: Option<String>,
}

fn polars_error(e: PolarsError) -> Error {
    Error::Other(format!("finalize (polars): {e}"))
}

fn scan(parts: &[PathBuf]) -> Result<LazyFrame> {
    let paths: Vec<PlRefPath> = parts
        .iter()
        .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
        .collect();
    let args = ScanArgsParquet {
        include_file_paths: Some("part".into()),
        glob: false,
        ..Default::default()
    };
    LazyFrame::scan_parquet_files(paths.into_iter().collect(), args).map_err(polars_error)
}

/// Every article whose `is_duplicate`/`duplicate_of` differ from what a single run over the
/// same inputs would give. `file_order` maps each `source_file` to its position in the
/// listing of all inputs.
pub fn duplicate_changes(parts: &[PathBuf], file_order: &[(String, u64)]) -> Result<Vec<FlagChange>> {
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    let order = DataFrame::new_infer_height(vec![
        Column::new(
            "source_file".into(),
            file_order.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
        ),
        Column::new(
            "file_idx".into(),
            file_order.iter().map(|(_, i)| *i as i64).collect::<Vec<_>>(),
        ),
    ])
    .map_err(polars_error)?
    .lazy();
    // Reading position: the file's place in the listing, then the record's in its file.
    let articles = scan(parts)?
        .select([
            col("part"),
            col("article_id"),
            col("source_file"),
            col("source_record"),
            col("source_format"),
            col("canonical_url"),
            col("content_hash"),
            col("duplicate_of"),
        ])
        .join(
            order,
            [col("source_file")],
            [col("source_file")],
            JoinArgs::new(JoinType::Left),
        )
        .with_columns([
            (col("file_idx") * lit(1i64 << 32) + col("source_record")).alias("pos"),
            when(col("source_format").eq(lit("feed")))
                .then(lit(NULL).cast(DataType::String))
                .otherwise(col("canonical_url"))
                .alias("url_key"),
        ])
        .cache();
    let first_of = |key: &str, id: &str, pos: &str| {
        articles
            .clone()
            .filter(col(key).is_not_null())
            .group_by([col(key)])
            .agg([
                col("article_id")
                    .sort_by([col("pos")], SortMultipleOptions::default())
                    .first()
                    .alias(id),
                col("pos").min().alias(pos),
            ])
    };
    let by_url = first_of("url_key", "url_first", "url_pos");
    let by_text = first_of("content_hash", "text_first", "text_pos");
    let flagged = articles
        .join(
            by_url,
            [col("url_key")],
            [col("url_key")],
            JoinArgs::new(JoinType::Left),
        )
        .join(
            by_text,
            [col("content_hash")],
            [col("content_hash")],
            JoinArgs::new(JoinType::Left),
        )
        .with_column(
            when(col("url_pos").lt(col("pos")))
                .then(col("url_first"))
                .when(col("text_pos").lt(col("pos")))
                .then(col("text_first"))
                .otherwise(lit(NULL).cast(DataType::String))
                .alias("should_be"),
        )
        .filter(col("should_be").neq_missing(col("duplicate_of")))
        .select([col("part"), col("article_id"), col("should_be")])
        .sort(["part", "article_id"], SortMultipleOptions::default());
    let df = flagged
        .collect_with_engine(Engine::Streaming)
        .map_err(polars_error)?;
    let df = match df {
        QueryResult::Single(df) => df,
        QueryResult::Multiple(_) => {
            return Err(Error::Other("finalize (polars): unexpected result".into()));
        }
    };
    let strings = |name: &str| -> Result<Vec<Option<String>>> {
        let c = df.column(name).map_err(polars_error)?;
        let s = c.str().map_err(polars_error)?;
        Ok(s.into_iter().map(|v| v.map(str::to_owned)).collect())
    };
    let parts_col = strings("part")?;
    let ids = strings("article_id")?;
    let should = strings("should_be")?;
    Ok(parts_col
        .into_iter()
        .zip(ids)
        .zip(should)
        .map(|((part, id), should_be)| FlagChange {
            part: PathBuf::from(part.unwrap_or_default()),
            article_id: id.unwrap_or_default(),
            duplicate_of: should_be,
        })
        .collect())
}

/// Rows flagged `is_duplicate` over all the parts.
pub fn count_duplicates(parts: &[PathBuf]) -> Result<u64> {
    if parts.is_empty() {
        return Ok(0);
    }
    let df = scan(parts)?
        .select([col("is_duplicate").cast(DataType::UInt32).sum().alias("n")])
        .collect()
        .map_err(polars_error)?;
    let n = df
        .column("n")
        .map_err(polars_error)?
        .get(0)
        .map_err(polars_error)?;
    Ok(n.extract::<u64>().unwrap_or(0))
}
