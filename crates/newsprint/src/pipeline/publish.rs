//! Publishing: the stage outputs hard-linked into a staging copy of the dataset folder,
//! checked, and exchanged with the old dataset in one rename, so a reader or a crash never
//! sees a half-written dataset.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::fsutil::{StagingDir, publish_dir, write_atomic};
use crate::model::{
    Article, ArticleEntity, CorpusEntity, DateMention, EntityMention, Link, NearDuplicate, Quote,
    Reject,
};
use crate::parquet_io::write_rows;
use crate::stages::extract::{DATES_DIGITS_ONLY, ENTITIES_SKIPPED, QUOTES_SKIPPED};
use crate::stages::{
    MANIFEST, StageManifest, StageName, config_hash, hash_parts, part_name, write,
};
use rayon::prelude::*;

use super::{Context, DatasetManifest, Event, work_dir};

/// The published tables.
pub const TABLES: [&str; 9] = [
    "articles",
    "links",
    "dates",
    "mentions",
    "entities",
    "quotes",
    "rejects",
    "near_duplicates",
    "corpus_entities",
];

pub fn publish(ctx: &Context) -> Result<bool> {
    let dataset = ctx.dataset();
    let parse_m = ctx.previous(StageName::Write, StageName::Parse)?;
    let normalize_m = ctx.previous(StageName::Write, StageName::Normalize)?;
    let extract_m = ctx.previous(StageName::Write, StageName::Extract)?;
    if let Some(stale) = ctx.stale_stage() {
        return Err(Error::Other(stale));
    }
    let config = config_hash(&ctx.pipeline.write);
    // The listing's counts are published too: a file newly excluded changes no part.
    let listing = format!(
        "inputs {} excluded {}",
        parse_m.count("inputs"),
        parse_m.count("excluded")
    );
    let input = hash_parts([
        parse_m.output_fingerprint.as_str(),
        &normalize_m.output_fingerprint,
        &extract_m.output_fingerprint,
        &listing,
    ]);
    // The whole `[neardup]` section: the join's own parameters (threshold, containment) are
    // in no stage's fingerprint, and changing them re-makes the table alone.
    let neardup = config_hash(&ctx.pipeline.neardup);
    let corpus_index = config_hash(&ctx.pipeline.corpus_entities);
    let fingerprint = hash_parts([
        input.as_str(),
        &config,
        &neardup,
        &corpus_index,
        &write::VERSION.to_string(),
    ]);
    let published = ctx.published();
    let tables_exist = TABLES.iter().all(|t| dataset.join(t).is_dir());
    if !ctx.opts.force
        && tables_exist
        && published
            .as_ref()
            .is_some_and(|m| m.input_fingerprint == fingerprint)
    {
        ctx.report(Event::UpToDate {
            stage: StageName::Write,
        });
        return Ok(false);
    }
    if normalize_m.count("articles") == 0 {
        ctx.refuse_empty("the run found no articles")?;
    }
    let staging = StagingDir::fresh(dataset)?;
    write::link_tree(ctx.work(), &staging.path().join("_stages"))?;
    let link_parts = |stage: StageName, table: &str, out: &str, prefix: &str| -> Result<()> {
        link_stage_parts(ctx, &staging, stage, table, out, prefix)
    };
    link_parts(StageName::Normalize, "articles", "articles", "")?;
    for table in ["links", "dates", "quotes"] {
        link_parts(StageName::Extract, table, table, "")?;
    }
    // The corpus-wide entity index, and the near-duplicate clusters from every part's
    // sketches (not the text): neither reads the other's input, so they are made side by
    // side. Either one turned off (`enabled = false`) publishes its table empty.
    let extract_dir = ctx.stage_dir(StageName::Extract);
    let (index, near_duplicates) = rayon::join(
        || {
            ctx.pipeline
                .corpus_entities
                .enabled
                .then(|| {
                    crate::stages::corpus_entities::from_stage_outputs(
                        &ctx.stage_dir(StageName::Normalize),
                        normalize_m.parts,
                        &extract_dir,
                        extract_m.parts,
                    )
                })
                .transpose()
        },
        || {
            ctx.pipeline
                .neardup
                .enabled
                .then(|| {
                    crate::stages::near_duplicates::from_normalize_output(
                        &ctx.stage_dir(StageName::Normalize),
                        normalize_m.parts,
                        &ctx.pipeline.normalize,
                        &ctx.pipeline.neardup.build(),
                    )
                })
                .transpose()
        },
    );
    let (index, near_duplicates) = (index?, near_duplicates?);
    let Some(index) = index else {
        // Every entity stays its own corpus entity: the parts are published as extract made them.
        link_parts(StageName::Extract, "mentions", "mentions", "")?;
        link_parts(StageName::Extract, "entities", "entities", "")?;
        return finish(
            ctx,
            staging,
            fingerprint,
            [parse_m, normalize_m, extract_m],
            near_duplicates,
            0,
        );
    };
    for table in ["mentions", "entities", "corpus_entities"] {
        let dir = staging.path().join(table);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    // `mentions` and `entities` parts get the index's ids (a part whose ids it leaves as
    // they are is linked, not rewritten), beside the writing of the index's own table.
    // Parts side by side too: each is read and written whole, and none depends on another.
    let rewrite_parts = || {
        (0..extract_m.parts)
            .into_par_iter()
            .try_for_each(|i| -> Result<()> {
                let name = part_name(i);
                let from = |table: &str| extract_dir.join(table).join(&name);
                let to = |table: &str| staging.path().join(table).join(&name);
                for (table, rewritten) in [
                    (
                        "mentions",
                        index.rewrite_part::<EntityMention>(
                            &from("mentions"),
                            &to("mentions"),
                            ctx.zstd(),
                        )?,
                    ),
                    (
                        "entities",
                        index.rewrite_part::<ArticleEntity>(
                            &from("entities"),
                            &to("entities"),
                            ctx.zstd(),
                        )?,
                    ),
                ] {
                    if !rewritten {
                        write::link_file(&from(table), &to(table))?;
                    }
                }
                Ok(())
            })
    };
    let write_index_table = || {
        write_rows(
            &staging.path().join("corpus_entities").join(part_name(0)),
            &index.rows,
            ctx.zstd(),
        )
    };
    let (rewritten, written) = rayon::join(rewrite_parts, write_index_table);
    rewritten?;
    written?;
    let corpus_entities = index.rows.len() as u64;
    drop(index);
    finish(
        ctx,
        staging,
        fingerprint,
        [parse_m, normalize_m, extract_m],
        near_duplicates,
        corpus_entities,
    )
}

/// The rest of a publish once `mentions`, `entities` and `corpus_entities` are in `staging`
/// (or left out, to be published empty): the rejects, the near-duplicate clusters, the empty
/// tables, the manifest, and the exchange of the folders.
fn finish(
    ctx: &Context,
    staging: StagingDir,
    fingerprint: String,
    [parse_m, normalize_m, extract_m]: [StageManifest; 3],
    near_duplicates: Option<Vec<NearDuplicate>>,
    corpus_entities: u64,
) -> Result<bool> {
    let dataset = ctx.dataset();
    let articles = normalize_m.count("articles");
    let duplicates = normalize_m.count("duplicates");
    let link_parts = |stage: StageName, table: &str, out: &str, prefix: &str| -> Result<()> {
        link_stage_parts(ctx, &staging, stage, table, out, prefix)
    };
    link_parts(StageName::Parse, "rejects", "rejects", "1parse")?;
    link_parts(StageName::Normalize, "rejects", "rejects", "2normalize")?;
    if let Some(rows) = near_duplicates {
        let dir = staging.path().join("near_duplicates");
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        write_rows(&dir.join(part_name(0)), &rows, ctx.zstd())?;
    }
    // A run with no parts still publishes every table, empty, with its schema.
    for table in TABLES {
        let dir = staging.path().join(table);
        if !dir.is_dir() {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
            write_empty_table(table, &dir.join(part_name(0)), ctx.zstd())?;
        }
    }

    let mut rejects_by_reason = BTreeMap::new();
    for m in [&parse_m, &normalize_m, &extract_m] {
        for (reason, n) in &m.rejects_by_reason {
            *rejects_by_reason
                .entry(format!("{}:{reason}", m.stage))
                .or_insert(0) += n;
        }
    }
    let manifest = DatasetManifest {
        schema_version: crate::schema::SCHEMA_VERSION.to_owned(),
        run_id: fingerprint[..16].to_owned(),
        input_fingerprint: fingerprint,
        inputs: parse_m.count("inputs"),
        excluded: parse_m.count("excluded"),
        records: parse_m.count("records"),
        articles,
        duplicates,
        unique_articles: articles - duplicates,
        rejects: parse_m.count("rejects") + normalize_m.count("rejects"),
        skipped_by_design: parse_m
            .rejects_by_reason
            .iter()
            .filter(|(reason, _)| is_skipped_by_design(reason))
            .map(|(_, n)| n)
            .sum(),
        rejects_by_reason,
        links: extract_m.count("links"),
        dates: extract_m.count("dates"),
        mentions: extract_m.count("mentions"),
        quotes: extract_m.count("quotes"),
        corpus_entities,
        html_bodies_by_extractor: by_prefix(&parse_m.counts, crate::stages::parse::BODIES_BY),
        entities_skipped_by_language: by_prefix(&extract_m.counts, ENTITIES_SKIPPED),
        dates_digits_only_by_language: by_prefix(&extract_m.counts, DATES_DIGITS_ONLY),
        quotes_skipped_by_language: by_prefix(&extract_m.counts, QUOTES_SKIPPED),
        tables: TABLES.map(String::from).to_vec(),
    };
    if manifest.articles + manifest.rejects != manifest.records {
        return Err(Error::Other(format!(
            "accounting error: {} articles + {} rejects != {} records",
            manifest.articles, manifest.rejects, manifest.records
        )));
    }
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| Error::Other(e.to_string()))?;
    write_atomic(&staging.path().join(MANIFEST), json.as_bytes())?;
    // Keep what users put in the dataset folder beside our tables (a README, notes).
    carry_over_user_files(dataset, staging.path())?;
    if let Some(warning) = publish_dir(staging, dataset)? {
        ctx.report(Event::Warning(warning));
    }
    ctx.report(Event::Published { dataset });
    Ok(true)
}

/// Hard-links the parts of `stage`'s `table` into `staging`'s `out` folder, named
/// `part-<prefix>-NNNNN` when the folder gathers the parts of several stages.
fn link_stage_parts(
    ctx: &Context,
    staging: &StagingDir,
    stage: StageName,
    table: &str,
    out: &str,
    prefix: &str,
) -> Result<()> {
    let from = ctx.stage_dir(stage).join(table);
    let parts = StageManifest::read(&ctx.stage_dir(stage)).map_or(0, |m| m.parts);
    for i in 0..parts {
        let name = if prefix.is_empty() {
            part_name(i)
        } else {
            format!("part-{prefix}-{i:05}.parquet")
        };
        write::link_file(
            &from.join(part_name(i)),
            &staging.path().join(out).join(name),
        )?;
    }
    Ok(())
}

/// Publishing replaces the output folder whole: a folder that holds something and is not a
/// dataset (no `_manifest.json`, no `_stages/`) is the user's, and is refused.
pub fn refuse_foreign_folder(dataset: &Path) -> Result<()> {
    let Ok(mut entries) = std::fs::read_dir(dataset) else {
        return Ok(());
    };
    // Its shards' parts would be lost in the replacement.
    if dataset.join("_shards").is_dir() {
        return Err(Error::Config(format!(
            "{} was made in shards: run its shards (--shard I/N) and `newsprint finalize`, or \
             give this run another --output",
            dataset.display()
        )));
    }
    let ours = dataset.join(MANIFEST).is_file() || dataset.join("_stages").is_dir();
    if !ours && entries.next().is_some() {
        return Err(Error::Config(format!(
            "{} is not a newsprint dataset (it has no {MANIFEST}) and is not empty: a dataset \
             folder is replaced whole, so choose another --output or empty it",
            dataset.display()
        )));
    }
    Ok(())
}

/// What a killed run can leave: staging folders of the dataset and of each stage. The lock
/// is held, so no other run is using them.
pub fn clean_leftovers(ctx: &Context, dataset: &Path) {
    let work = work_dir(dataset);
    let mut leftovers = vec![crate::fsutil::staging_path(dataset)];
    leftovers.extend(
        StageName::ALL
            .iter()
            .map(|s| crate::fsutil::staging_path(&work.join(s.as_str()))),
    );
    for dir in leftovers {
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    if let Some(warning) = crate::fsutil::remove_previous(dataset) {
        ctx.report(Event::Warning(warning));
    }
}

/// The counts whose key starts with `prefix`, keyed by the rest.
fn by_prefix(counts: &BTreeMap<String, u64>, prefix: &str) -> BTreeMap<String, u64> {
    counts
        .iter()
        .filter_map(|(k, n)| k.strip_prefix(prefix).map(|rest| (rest.to_owned(), *n)))
        .collect()
}

/// A reject reason (bare or `parse:`-prefixed, as the manifest counts them) for a sound
/// record that is not an article (`RejectReason::is_skipped_by_design`).
pub fn is_skipped_by_design(reason: &str) -> bool {
    let reason = reason.strip_prefix("parse:").unwrap_or(reason);
    crate::vocab::RejectReason::parse(reason).is_some_and(|r| r.is_skipped_by_design())
}

fn write_empty_table(table: &str, path: &Path, zstd: i32) -> Result<()> {
    match table {
        "articles" => write_rows::<Article>(path, &[], zstd),
        "links" => write_rows::<Link>(path, &[], zstd),
        "dates" => write_rows::<DateMention>(path, &[], zstd),
        "mentions" => write_rows::<EntityMention>(path, &[], zstd),
        "entities" => write_rows::<ArticleEntity>(path, &[], zstd),
        "quotes" => write_rows::<Quote>(path, &[], zstd),
        "near_duplicates" => write_rows::<NearDuplicate>(path, &[], zstd),
        "corpus_entities" => write_rows::<CorpusEntity>(path, &[], zstd),
        _ => write_rows::<Reject>(path, &[], zstd),
    }
}

/// What users put in the dataset folder beside our tables (a README, notes, a folder of
/// notebooks, dotfiles) survives a publish: everything whose name the new dataset does not use.
fn carry_over_user_files(dataset: &Path, staging: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dataset) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if staging.join(&name).exists() || name == "_stages" {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            write::link_tree(&path, &staging.join(&name))?;
        } else {
            write::link_file(&path, &staging.join(&name))?;
        }
    }
    Ok(())
}
