//! What finalize needs of each article, written by each shard beside its record: where the
//! article sits in the order a single run reads (`pos`: the file's place in the listing of
//! all inputs, then the record's in its file), its duplicate keys, its flag as the shard
//! set it, and the part that holds it. A few dozen bytes an article, so finalize reads
//! these, not the articles.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use newsprint::error::{Error, Result};
use newsprint::model::Article;
use newsprint::parquet_io::{part_files, read_rows};
use newsprint::stages::normalize::duplicate_key;
use polars::prelude::*;

use crate::shard::ShardSpec;

pub fn polars_error(e: PolarsError) -> Error {
    Error::Other(format!("polars: {e}"))
}

/// Reading position: the file's index in the listing, then the record.
pub fn position(file_index: u64, record: i64) -> i64 {
    ((file_index as i64) << 32) + record
}

/// Writes the keys of the articles in `dataset` (a shard's own dataset) into `scratch`;
/// `order` gives each of the shard's files its index in the listing of all inputs.
pub fn write_keys(
    dataset: &Path,
    spec: ShardSpec,
    order: &BTreeMap<&str, u64>,
    scratch: &Path,
) -> Result<PathBuf> {
    let mut part = Vec::new();
    let mut article_id = Vec::new();
    let mut pos = Vec::new();
    let mut url_key: Vec<Option<String>> = Vec::new();
    let mut text_key = Vec::new();
    let mut duplicate_of: Vec<Option<String>> = Vec::new();
    for path in part_files(&dataset.join("articles"))? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rows: Vec<Article> = read_rows(&path)?;
        for a in rows {
            let file_index = order.get(a.source_file.as_str()).copied().ok_or_else(|| {
                Error::Other(format!(
                    "shard {spec}: an article from {}, which is not among the shard's files",
                    a.source_file
                ))
            })?;
            let key = duplicate_key(&a);
            part.push(format!("articles/{}", spec.part_name(&name)));
            pos.push(position(file_index, a.source_record));
            article_id.push(key.article_id);
            url_key.push(key.url_key);
            text_key.push(key.text_key);
            duplicate_of.push(a.duplicate_of);
        }
    }
    let mut df = DataFrame::new_infer_height(vec![
        Column::new("part".into(), part),
        Column::new("article_id".into(), article_id),
        Column::new("pos".into(), pos),
        Column::new("url_key".into(), url_key),
        Column::new("text_key".into(), text_key),
        Column::new("duplicate_of".into(), duplicate_of),
    ])
    .map_err(polars_error)?;
    let out = scratch.join(format!("{}.keys.parquet", spec.tag()));
    let file = std::fs::File::create(&out).map_err(|e| Error::io(&out, e))?;
    ParquetWriter::new(file)
        .finish(&mut df)
        .map_err(polars_error)?;
    Ok(out)
}
