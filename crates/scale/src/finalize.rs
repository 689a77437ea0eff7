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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use newsprint::error::{Error, Result};
use newsprint::model::Article;
use newsprint::parquet_io::{read_rows, write_rows};
use newsprint::pipeline::{DatasetManifest, TABLES};
use newsprint::stages::{MANIFEST, hash_parts};

use crate::flags::{FlagChange, flag_across_shards};
use crate::remote::SharedDataset;
use crate::shard::{
    SHARDS_DIR, ShardRecord, ShardSpec, keys_rel, neardup_rel, read_records, sketches_rel,
};

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
    Finalized(Box<FinalizeReport>),
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

/// Finalizes the sharded dataset at `dataset`: a folder, or a bucket URL.
pub fn finalize(dataset: &Path, opts: &FinalizeOptions) -> Result<FinalizeOutcome> {
    let shared = SharedDataset::open(dataset)?;
    let records = read_records(&shared)?;
    if records.is_empty() {
        if shared.get(MANIFEST)?.is_some() {
            return Ok(FinalizeOutcome::NotSharded);
        }
        return Err(Error::Config(format!(
            "{} has no finished shards (no {SHARDS_DIR}/*.json): run the shards first",
            shared.describe()
        )));
    }
    let count = records[0].count;
    if let Some(other) = records.iter().find(|r| r.count != count) {
        return Err(Error::Config(format!(
            "{} mixes shards of a {count}-way and a {}-way split",
            shared.describe(),
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
            shared.describe(),
            missing.len(),
            names.join(", ")
        )));
    }
    for r in &records {
        for (table, names) in &r.parts {
            let there = shared.list(table)?;
            if let Some(gone) = names.iter().find(|n| !there.contains(n)) {
                return Err(Error::Other(format!(
                    "{}: shard {}/{count} lists {table}/{gone}, which is not there: run that \
                     shard again",
                    shared.describe(),
                    r.index
                )));
            }
        }
    }

    let scratch = tempfile_dir()?;
    let result = finalize_records(&shared, &records, scratch.path(), opts);
    drop(scratch);
    let (changed_articles, rewritten_parts, manifest) = result?;
    Ok(FinalizeOutcome::Finalized(Box::new(FinalizeReport {
        shards: count,
        missing,
        changed_articles,
        rewritten_parts,
        manifest,
    })))
}

fn finalize_records(
    shared: &SharedDataset,
    records: &[ShardRecord],
    scratch: &Path,
    opts: &FinalizeOptions,
) -> Result<(usize, usize, DatasetManifest)> {
    let mut keys = Vec::new();
    for r in records {
        let spec = ShardSpec::new(r.index, r.count)?;
        keys.push(shared.fetch(&keys_rel(spec), scratch)?);
    }
    let flags = flag_across_shards(&keys)?;
    let rewritten = rewrite_flags(shared, &flags.changes, scratch, opts.zstd_level)?;
    near_duplicates(
        shared,
        records,
        &keys,
        &flags.changes,
        scratch,
        opts.zstd_level,
    )?;
    let corpus_entities = corpus_entities(shared, records, scratch, opts.zstd_level)?;
    let mut manifest = totals(records, flags.duplicates);
    manifest.corpus_entities = corpus_entities;
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Other(e.to_string()))?;
    shared.put(MANIFEST, &json)?;
    Ok((rewritten.articles, rewritten.parts, manifest))
}

/// The `near_duplicates` table across every shard: the shards' sketches joined by the
/// function a single run uses at publish, with the exact-duplicate links as flagged across
/// shards. Written whole (it is small); a shard without sketches (made before they
/// existed) is refused rather than left out.
fn near_duplicates(
    shared: &SharedDataset,
    records: &[ShardRecord],
    keys: &[PathBuf],
    changes: &[FlagChange],
    scratch: &Path,
    zstd_level: i32,
) -> Result<()> {
    let mut config: Option<newsprint::config::NeardupConfig> = None;
    let mut files = Vec::new();
    for r in records {
        let spec = ShardSpec::new(r.index, r.count)?;
        let Some(json) = shared.get(&neardup_rel(spec))? else {
            return Err(Error::Other(format!(
                "{}: shard {spec} has no near-duplicate sketches (made by an older newsprint): run it again with --force",
                shared.describe()
            )));
        };
        let this: newsprint::config::NeardupConfig =
            serde_json::from_slice(&json).map_err(|e| Error::Other(e.to_string()))?;
        if let Some(first) = &config
            && serde_json::to_string(first).ok() != serde_json::to_string(&this).ok()
        {
            return Err(Error::Config(format!(
                "{}: shards were run with different [neardup] sections: run them again with one pipeline file",
                shared.describe()
            )));
        }
        config = Some(this);
        files.push(shared.fetch(&sketches_rel(spec), scratch)?);
    }
    let config = config.unwrap_or_default();
    let rows = if config.enabled {
        let copies = exact_copies(keys, changes)?;
        newsprint::stages::near_duplicates::near_duplicate_rows_from_files(
            &files,
            &copies,
            &config.build(),
        )?
    } else {
        Vec::new()
    };
    let local = scratch.join("near_duplicates.parquet");
    write_rows(&local, &rows, zstd_level)?;
    // Left alone when it is already this table: a finalize with nothing changed writes
    // nothing here.
    let rel = "near_duplicates/part-00000.parquet";
    let made = std::fs::read(&local).map_err(|e| Error::io(&local, e))?;
    if shared.get(rel)?.as_deref() != Some(made.as_slice()) {
        shared.put_file(&local, rel)?;
    }
    // The table is this one file: any other part there is not of this finalize.
    for name in shared.list("near_duplicates")? {
        if name.starts_with("part-") && name != "part-00000.parquet" {
            shared.delete(&format!("near_duplicates/{name}"))?;
        }
    }
    let _ = std::fs::remove_file(&local);
    Ok(())
}

/// The `corpus_entities` table across every shard, by the builder a single run uses at
/// publish, and the corpus ids of the shards' `mentions` and `entities` parts made to agree
/// with it: a part whose ids change is rewritten whole, the others are left alone (a
/// finalize with nothing changed writes nothing). Returns the table's row count.
fn corpus_entities(
    shared: &SharedDataset,
    records: &[ShardRecord],
    scratch: &Path,
    zstd_level: i32,
) -> Result<u64> {
    use newsprint::model::{ArticleEntity, EntityMention};
    let parts = |table: &str| -> Vec<String> {
        records
            .iter()
            .flat_map(|r| r.parts.get(table).into_iter().flatten())
            .map(|name| format!("{table}/{name}"))
            .collect()
    };
    let disabled = records.iter().filter(|r| r.corpus_index_disabled).count();
    if disabled > 0 && disabled < records.len() {
        return Err(Error::Config(format!(
            "{}: shards were run with different [corpus_entities] sections: run them again with one pipeline file",
            shared.describe()
        )));
    }
    let mut builder = newsprint::stages::corpus_entities::CorpusIndexBuilder::default();
    if disabled > 0 {
        // Every entity stays its own corpus entity: the table is published empty.
        let local = scratch.join("corpus_entities.parquet");
        write_rows::<newsprint::model::CorpusEntity>(&local, &[], zstd_level)?;
        put_if_changed(shared, &local, "corpus_entities/part-00000.parquet")?;
        let _ = std::fs::remove_file(&local);
        return Ok(0);
    }
    for rel in parts("articles") {
        let local = shared.fetch(&rel, scratch)?;
        builder.add_days_file(&local)?;
        drop_fetched(shared, &local);
    }
    for rel in parts("entities") {
        let local = shared.fetch(&rel, scratch)?;
        builder.add_entities_file(&local)?;
        drop_fetched(shared, &local);
    }
    for rel in parts("mentions") {
        let local = shared.fetch(&rel, scratch)?;
        builder.add_mentions_file(&local)?;
        drop_fetched(shared, &local);
    }
    let index = builder.finish();
    let rewritten = scratch.join("rewritten.parquet");
    for (table, mentions) in [("mentions", true), ("entities", false)] {
        for rel in parts(table) {
            let local = shared.fetch(&rel, scratch)?;
            let changed = if mentions {
                index.rewrite_part::<EntityMention>(&local, &rewritten, zstd_level)?
            } else {
                index.rewrite_part::<ArticleEntity>(&local, &rewritten, zstd_level)?
            };
            if changed {
                shared.put_file(&rewritten, &rel)?;
                // Put may have hard-linked it: the next part must not be written into it.
                let _ = std::fs::remove_file(&rewritten);
            }
            drop_fetched(shared, &local);
        }
    }
    let _ = std::fs::remove_file(&rewritten);
    let count = index.rows.len() as u64;
    let local = scratch.join("corpus_entities.parquet");
    write_rows(&local, &index.rows, zstd_level)?;
    put_if_changed(shared, &local, "corpus_entities/part-00000.parquet")?;
    for name in shared.list("corpus_entities")? {
        if name.starts_with("part-") && name != "part-00000.parquet" {
            shared.delete(&format!("corpus_entities/{name}"))?;
        }
    }
    let _ = std::fs::remove_file(&local);
    Ok(count)
}

/// A downloaded copy is removed once read (a local dataset's own file is never touched).
fn drop_fetched(shared: &SharedDataset, local: &Path) {
    if matches!(shared, SharedDataset::Remote(_)) {
        let _ = std::fs::remove_file(local);
    }
}

/// Puts the local file at `rel` unless `rel` already holds these bytes.
fn put_if_changed(shared: &SharedDataset, local: &Path, rel: &str) -> Result<()> {
    let made = std::fs::read(local).map_err(|e| Error::io(local, e))?;
    if shared.get(rel)?.as_deref() != Some(made.as_slice()) {
        shared.put_file(local, rel)?;
    }
    Ok(())
}

/// Every (article, `duplicate_of`) pair after flagging across shards: the shards' own
/// flags, with the changes applied.
fn exact_copies(keys: &[PathBuf], changes: &[FlagChange]) -> Result<Vec<(String, String)>> {
    use polars::prelude::*;
    let changed: std::collections::HashMap<&str, Option<&str>> = changes
        .iter()
        .map(|c| (c.article_id.as_str(), c.duplicate_of.as_deref()))
        .collect();
    let pe = crate::keys::polars_error;
    let mut copies = Vec::new();
    for path in keys {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let df = ParquetReader::new(file).finish().map_err(pe)?;
        let ids = df
            .column("article_id")
            .map_err(pe)?
            .cast(&DataType::String)
            .map_err(pe)?;
        let dups = df
            .column("duplicate_of")
            .map_err(pe)?
            .cast(&DataType::String)
            .map_err(pe)?;
        let (ids, dups) = (ids.str().map_err(pe)?, dups.str().map_err(pe)?);
        for (id, dup) in ids.iter().zip(dups.iter()) {
            let Some(id) = id else { continue };
            let dup = match changed.get(id) {
                Some(new) => *new,
                None => dup,
            };
            if let Some(of) = dup {
                copies.push((id.to_owned(), of.to_owned()));
            }
        }
    }
    Ok(copies)
}

/// A temporary folder for what finalize brings down from a bucket.
struct TempDir(PathBuf);

impl TempDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempfile_dir() -> Result<TempDir> {
    let root = std::env::var_os("NEWSPRINT_WORK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = root.join(format!("newsprint-finalize-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(TempDir(dir))
}

/// Rewrites each article part with a changed flag; the new part replaces the old whole
/// (a rename, or a completed upload), so a reader sees one or the other.
fn rewrite_flags(
    shared: &SharedDataset,
    changes: &[FlagChange],
    scratch: &Path,
    zstd_level: i32,
) -> Result<Rewritten> {
    let mut outcome = Rewritten::default();
    let mut by_part: BTreeMap<&str, BTreeMap<&str, Option<&str>>> = BTreeMap::new();
    for c in changes {
        by_part
            .entry(c.part.as_str())
            .or_default()
            .insert(c.article_id.as_str(), c.duplicate_of.as_deref());
    }
    for (part, changed) in &by_part {
        let local = shared.fetch(part, scratch)?;
        let mut rows: Vec<Article> = read_rows(&local)?;
        let mut modified = 0;
        for row in &mut rows {
            if let Some(of) = changed.get(row.article_id.as_str())
                && row.duplicate_of.as_deref() != *of
            {
                row.is_duplicate = of.is_some();
                row.duplicate_of = of.map(str::to_owned);
                modified += 1;
            }
        }
        // The keys keep the flags as the shard set them, so a part finalized before is
        // listed again: it is read, found right, and left alone.
        if modified == 0 {
            continue;
        }
        let rewritten = scratch.join("rewritten.parquet");
        write_rows(&rewritten, &rows, zstd_level)?;
        shared.put_file(&rewritten, part)?;
        let _ = std::fs::remove_file(&rewritten);
        outcome.articles += modified;
        outcome.parts += 1;
    }
    Ok(outcome)
}

/// What rewriting flags changed.
#[derive(Debug, Default)]
struct Rewritten {
    articles: usize,
    parts: usize,
}

/// The dataset's totals: the shards' counts added up, with the duplicates as flagged
/// across shards.
fn totals(records: &[ShardRecord], duplicates: u64) -> DatasetManifest {
    let mut m = DatasetManifest {
        schema_version: newsprint::schema::SCHEMA_VERSION.to_owned(),
        tables: TABLES.iter().map(|t| t.to_string()).collect(),
        ..Default::default()
    };
    m.input_fingerprint = hash_parts(records.iter().map(|r| r.fingerprint.as_str()));
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
        m.quotes += s.quotes;
        add_counts(&mut m.rejects_by_reason, &s.rejects_by_reason);
        add_counts(&mut m.html_bodies_by_extractor, &s.html_bodies_by_extractor);
        add_counts(
            &mut m.entities_skipped_by_language,
            &s.entities_skipped_by_language,
        );
        add_counts(
            &mut m.dates_digits_only_by_language,
            &s.dates_digits_only_by_language,
        );
        add_counts(
            &mut m.quotes_skipped_by_language,
            &s.quotes_skipped_by_language,
        );
    }
    m.duplicates = duplicates;
    m.unique_articles = m.articles.saturating_sub(duplicates);
    m
}

fn add_counts(into: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}
