//! Duplicate flags across every article of a dataset, on polars' lazy engine.
//!
//! The rule is the normalize stage's, restated as a query so that it needs no pass in order:
//! with articles in reading order, an article is a duplicate of the first article with its
//! URL key (feed items have none: a feed item summarises its page), when that one comes
//! before it; otherwise of the first with its text, when that one comes before it. "The
//! first with key K" is a group-by of K taking the earliest; the rest is two joins. The
//! engine streams over the shards' key files, so memory is bounded by the groups, not by
//! the corpus's text.

use std::path::PathBuf;

use newsprint::error::{Error, Result};
use polars::prelude::*;
use polars_core::query_result::QueryResult;

use crate::keys::polars_error;

/// An article whose flags must change: `duplicate_of` is the new value (None: not a
/// duplicate). `part` is the article part that holds it, relative to the dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagChange {
    pub part: String,
    pub article_id: String,
    pub duplicate_of: Option<String>,
}

/// What flagging across shards found.
#[derive(Debug, Default)]
pub struct Flags {
    pub changes: Vec<FlagChange>,
    /// Articles flagged as duplicates, all shards together.
    pub duplicates: u64,
}

fn scan(keys: &[PathBuf]) -> Result<LazyFrame> {
    let paths: Vec<PlRefPath> = keys
        .iter()
        .map(|p| PlRefPath::new(p.to_string_lossy().as_ref()))
        .collect();
    let args = ScanArgsParquet {
        glob: false,
        ..Default::default()
    };
    LazyFrame::scan_parquet_files(paths.into_iter().collect(), args).map_err(polars_error)
}

fn collect(lf: LazyFrame) -> Result<DataFrame> {
    match lf
        .collect_with_engine(Engine::Streaming)
        .map_err(polars_error)?
    {
        QueryResult::Single(df) => Ok(df),
        QueryResult::Multiple(_) => {
            Err(Error::Other("polars: several results for one query".into()))
        }
    }
}

/// Flags every article of the key files (`keys::write_keys`) as a single run would, and
/// lists those whose flag differs from what their shard wrote.
pub fn flag_across_shards(keys: &[PathBuf]) -> Result<Flags> {
    if keys.is_empty() {
        return Ok(Flags::default());
    }
    let articles = scan(keys)?;
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
    let by_text = first_of("text_key", "text_first", "text_pos");
    let flagged = articles
        .join(
            by_url,
            [col("url_key")],
            [col("url_key")],
            JoinArgs::new(JoinType::Left),
        )
        .join(
            by_text,
            [col("text_key")],
            [col("text_key")],
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
        .cache();
    let duplicates = collect(
        flagged.clone().select([col("should_be")
            .is_not_null()
            .cast(DataType::UInt64)
            .sum()
            .alias("n")]),
    )?;
    let duplicates = duplicates
        .column("n")
        .map_err(polars_error)?
        .get(0)
        .map_err(polars_error)?
        .extract::<u64>()
        .unwrap_or(0);
    let changed = collect(
        flagged
            .filter(col("should_be").neq_missing(col("duplicate_of")))
            .select([col("part"), col("article_id"), col("should_be")])
            .sort(["part", "article_id"], SortMultipleOptions::default()),
    )?;
    let strings = |name: &str| -> Result<Vec<Option<String>>> {
        let c = changed.column(name).map_err(polars_error)?;
        let s = c.str().map_err(polars_error)?;
        Ok(s.iter().map(|v| v.map(str::to_owned)).collect())
    };
    let changes = strings("part")?
        .into_iter()
        .zip(strings("article_id")?)
        .zip(strings("should_be")?)
        .map(|((part, id), should_be)| FlagChange {
            part: part.unwrap_or_default(),
            article_id: id.unwrap_or_default(),
            duplicate_of: should_be,
        })
        .collect();
    Ok(Flags {
        changes,
        duplicates,
    })
}
