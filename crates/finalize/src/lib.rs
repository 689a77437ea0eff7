//! `newsprint finalize`: the corpus-wide step of a dataset made in shards.
//!
//! Each shard flags the duplicates it can see, those within its own files. Finalize sees
//! every article: it puts them in the order a single run would have read them (the input
//! listing, then the record in its file), flags each one whose canonical URL or text an
//! earlier one already had, exactly as a single run's normalize stage does, and rewrites
//! the few article parts whose flags change. It then writes the dataset's totals. After it,
//! a dataset made in N shards has the rows a single run makes, duplicates included.
//!
//! The corpus-wide work is a join and two group-bys over every article: polars' lazy engine
//! does them streaming, over only the columns it needs, so memory stays bounded as the
//! corpus grows. Rows are read and written through the library's own tables, so the files
//! keep the types every reader expects (polars' own writer would change them).

mod flags;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use newsprint::error::{Error, Result};
use newsprint::fsutil::write_atomic;
use newsprint::model::Article;
use newsprint::parquet_io::{read_rows, write_rows};
use newsprint::pipeline::shard::{ShardRecord, read_records};
use newsprint::pipeline::{DatasetManifest, TABLES};
use newsprint::stages::{MANIFEST, hash_parts};

pub use flags::{FlagChange, duplicate_changes};

#[derive(Debug, Clone, Default)]
pub struct FinalizeOptions {
    /// Finalize the shards that are there even when some are missing or unfinished.
    pub allow_partial: bool,
    /// zstd level of rewritten parts (the pipeline's `[write] zstd_level`).
    pub zstd_level: i32,
}

#[derive(Debug)]
pub enum FinalizeOutcome {
    /// A dataset made by one ordinary run: that run did the corpus-wide work already.
    NotSharded,
    Finalized(FinalizeReport),
}

#[derive(Debug)]
pub struct FinalizeReport {
    pub shards: u32,
    /// Shards with no completion record, finalized without (`allow_partial`).
    pub missing: Vec<u32>,
    /// Articles whose duplicate flag changed, and the parts rewritten for them.
    pub changed_articles: usize,
    pub rewritten_parts: usize,
    pub manifest: DatasetManifest,
}

/// Finalizes the sharded dataset at `dataset` (a local folder).
pub fn finalize(dataset: &Path, opts: &FinalizeOptions) -> Result<FinalizeOutcome> {
    let records = read_records(dataset)?;
    if records.is_empty() {
        if dataset.join(MANIFEST).is_file() {
            return Ok(FinalizeOutcome::NotSharded);
        }
        return Err(Error::Config(format!(
            "{} has no finished shards (no {}/*.json): run the shards first",
            dataset.display(),
            newsprint::pipeline::shard::SHARDS_DIR
        )));
    }
    let count = records[0].count;
    if let Some(other) = records.iter().find(|r| r.count != count) {
        return Err(Error::Config(format!(
            "{} mixes shards of a {count}-way and a {}-way split",
            dataset.display(),
            other.count
        )));
    }
    let missing: Vec<u32> = (0..count)
        .filter(|i| !records.iter().any(|r| r.index == *i))
        .collect();
    if !missing.is_empty() && !opts.allow_partial {
        let names: Vec<String> = missing.iter().map(|i| format!("{i}/{count}")).collect();
        return Err(Error::Config(format!(
            "{}: {} of {count} shards have not finished (no completion record): {}; run them \
             (a re-run does only what is missing), or pass --allow-partial",
            dataset.display(),
            missing.len(),
            names.join(", ")
        )));
    }
    for r in &records {
        for (table, names) in &r.parts {
            if let Some(gone) = names.iter().find(|n| !dataset.join(table).join(n).is_file()) {
                return Err(Error::Other(format!(
                    "{}: shard {}/{count} lists {table}/{gone}, which is not there: run that \
                     shard again",
                    dataset.display(),
                    r.index
                )));
            }
        }
    }

    let article_parts: Vec<PathBuf> = records
        .iter()
        .flat_map(|r| {
            r.parts
                .get("articles")
                .into_iter()
                .flatten()
                .map(|n| dataset.join("articles").join(n))
        })
        .collect();
    let file_order: Vec<(String, u64)> = records.iter().flat_map(|r| r.files.clone()).collect();
    let changes = duplicate_changes(&article_parts, &file_order)?;
    let rewritten_parts = rewrite_flags(&changes, opts.zstd_level)?;

    let manifest = totals(&records, &article_parts)?;
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Other(e.to_string()))?;
    write_atomic(&dataset.join(MANIFEST), &json)?;
    Ok(FinalizeOutcome::Finalized(FinalizeReport {
        shards: count,
        missing,
        changed_articles: changes.len(),
        rewritten_parts,
        manifest,
    }))
}

/// Rewrites each article part with a changed flag, through a temporary file and a rename,
/// so a reader sees the old part or the new one, never half of one.
fn rewrite_flags(changes: &[FlagChange], zstd_level: i32) -> Result<usize> {
    let mut by_part: BTreeMap<&Path, BTreeMap<&str, Option<&str>>> = BTreeMap::new();
    for c in changes {
        by_part
            .entry(c.part.as_path())
            .or_default()
            .insert(c.article_id.as_str(), c.duplicate_of.as_deref());
    }
    for (part, changed) in &by_part {
        let mut rows: Vec<Article> = read_rows(part)?;
        for row in &mut rows {
            if let Some(of) = changed.get(row.article_id.as_str()) {
                row.is_duplicate = of.is_some();
                row.duplicate_of = of.map(str::to_owned);
            }
        }
        let tmp = newsprint::fsutil::staging_path(part);
        write_rows(&tmp, &rows, zstd_level)?;
        std::fs::rename(&tmp, part).map_err(|e| Error::io(part, e))?;
    }
    Ok(by_part.len())
}

/// The dataset's totals: the shards' counts added up, with the duplicates counted again
/// now that they are flagged across shards.
fn totals(records: &[ShardRecord], article_parts: &[PathBuf]) -> Result<DatasetManifest> {
    let mut m = DatasetManifest {
        schema_version: newsprint::schema::SCHEMA_VERSION.to_owned(),
        tables: TABLES.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    let fingerprints: Vec<&str> = records.iter().map(|r| r.fingerprint.as_str()).collect();
    m.input_fingerprint = hash_parts(fingerprints.iter().copied());
    m.run_id = m.input_fingerprint.clone();
    for r in records {
        let s = &r.manifest;
        m.inputs += s.inputs;
        // Every shard lists every input, so each saw all the excluded files.
        m.excluded = m.excluded.max(s.excluded);
        m.records += s.records;
        m.articles += s.articles;
        m.rejects += s.rejects;
        m.skipped_by_design += s.skipped_by_design;
        m.links += s.links;
        m.dates += s.dates;
        m.mentions += s.mentions;
        for (k, v) in &s.rejects_by_reason {
            *m.rejects_by_reason.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &s.entities_skipped_by_language {
            *m.entities_skipped_by_language.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &s.dates_digits_only_by_language {
            *m.dates_digits_only_by_language.entry(k.clone()).or_default() += v;
        }
    }
    m.duplicates = flags::count_duplicates(article_parts)?;
    m.unique_articles = m.articles.saturating_sub(m.duplicates);
    Ok(m)
}
