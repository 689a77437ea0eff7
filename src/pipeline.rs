//! Runs the stages of a pipeline over its inputs, skipping those whose output is current,
//! and publishes the dataset.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Pipeline;
use crate::error::{Error, Result};
use crate::fsutil::{fresh_staging_dir, hash128_hex, replace_dir, write_atomic};
use crate::input::{InputFile, discover};
use crate::model::{
    Article, ArticleEntity, DateMention, EntityMention, Link, LinkSpan, ParsedRecord, Reject,
};
use crate::parquet_io::{part_files, read_rows, write_rows};
use crate::stages::normalize::DuplicateIndex;
use crate::stages::{
    MANIFEST, PartStats, Stage, StageManifest, config_hash, extract, fingerprint_files, normalize,
    parse, part_name, stage_dir, write,
};

/// The published tables.
pub const TABLES: [&str; 6] = [
    "articles", "links", "dates", "mentions", "entities", "rejects",
];

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Run only this stage (from the persisted output of the one before).
    pub only: Option<Stage>,
    /// Redo stages even when their output is current.
    pub force: bool,
    /// Show progress bars (on a terminal).
    pub progress: bool,
}

/// What happened to one stage in this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageOutcome {
    Ran { seconds_millis: u128 },
    UpToDate,
}

/// The dataset-level manifest (`<dataset>/_manifest.json`) and the run summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DatasetManifest {
    pub schema_version: String,
    pub run_id: String,
    pub input_fingerprint: String,
    pub inputs: u64,
    pub excluded: u64,
    pub records: u64,
    pub articles: u64,
    pub duplicates: u64,
    pub rejects: u64,
    pub rejects_by_reason: BTreeMap<String, u64>,
    pub links: u64,
    pub dates: u64,
    pub mentions: u64,
    pub tables: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct RunReport {
    pub dataset_dir: PathBuf,
    pub stages: Vec<(Stage, StageOutcome)>,
    pub manifest: Option<DatasetManifest>,
    pub elapsed: Duration,
}

impl RunReport {
    pub fn did_nothing(&self) -> bool {
        self.stages
            .iter()
            .all(|(_, o)| *o == StageOutcome::UpToDate)
    }
}

struct Runner<'a> {
    pipeline: &'a Pipeline,
    opts: &'a RunOptions,
}

pub fn run(pipeline: &Pipeline, opts: &RunOptions) -> Result<RunReport> {
    let started = Instant::now();
    let dataset = &pipeline.dataset_dir;
    std::fs::create_dir_all(dataset.join("_stages")).map_err(|e| Error::io(dataset, e))?;
    let runner = Runner { pipeline, opts };
    let stages: Vec<Stage> = match opts.only {
        Some(s) => vec![s],
        None => Stage::ALL.to_vec(),
    };
    let extract = &pipeline.extract;
    if stages.contains(&Stage::Extract)
        && extract.entities
        && extract.ner_model.is_none()
        && rayon::current_num_threads() > 1
    {
        // Unpacking the shipped entity model takes about 70 ms on one core: with a core to
        // spare, do it while parse and normalize run, not in front of extract. The handle is
        // dropped: extract waits on the same OnceLock, and a run with nothing to extract
        // just exits.
        std::thread::spawn(|| {
            crate::ner::shipped_model();
        });
    }
    let mut outcomes = Vec::new();
    for stage in stages {
        let t = Instant::now();
        let ran = match stage {
            Stage::Parse => runner.parse()?,
            Stage::Normalize => runner.normalize()?,
            Stage::Extract => runner.extract()?,
            Stage::Write => runner.write()?,
        };
        let outcome = if ran {
            StageOutcome::Ran {
                seconds_millis: t.elapsed().as_millis(),
            }
        } else {
            StageOutcome::UpToDate
        };
        outcomes.push((stage, outcome));
    }
    let manifest = std::fs::read_to_string(dataset.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    Ok(RunReport {
        dataset_dir: dataset.clone(),
        stages: outcomes,
        manifest,
        elapsed: started.elapsed(),
    })
}

fn previous(dataset: &Path, stage: Stage, needs: Stage) -> Result<StageManifest> {
    let dir = stage_dir(dataset, needs);
    StageManifest::read(&dir).ok_or(Error::MissingStageOutput {
        stage: stage.name(),
        needs: needs.name(),
        dir,
    })
}

fn count_reasons(rejects: &[Reject], into: &mut BTreeMap<String, u64>) {
    for r in rejects {
        *into.entry(r.reason.clone()).or_default() += 1;
    }
}

impl Runner<'_> {
    fn dataset(&self) -> &Path {
        &self.pipeline.dataset_dir
    }

    fn zstd(&self) -> i32 {
        self.pipeline.write.zstd_level
    }

    /// Decides whether a stage must run; says so when it need not.
    fn needs_run(&self, stage: Stage, config: &str, input: &str) -> bool {
        let current = StageManifest::read(&stage_dir(self.dataset(), stage))
            .is_some_and(|m| m.is_current(stage, config, input));
        if current && !self.opts.force {
            eprintln!(
                "{:<9} up to date (same input, config and version): skipped",
                stage.name()
            );
            return false;
        }
        true
    }

    fn progress(&self, len: usize, what: &str) -> ProgressBar {
        let bar = ProgressBar::new(len as u64);
        if !self.opts.progress {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template(
                "{prefix:<9} [{bar:30}] {pos}/{len} {msg} ({per_sec}, eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_prefix(what.to_owned());
        bar
    }

    /// Writes part `i` of one of a stage's tables into its staging folder.
    fn write_part<T: crate::schema::Table>(
        &self,
        staging: &Path,
        table: &str,
        i: usize,
        rows: &[T],
    ) -> Result<()> {
        let dir = staging.join(table);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        write_rows(&dir.join(part_name(i)), rows, self.zstd())
    }

    fn finish(&self, stage: Stage, staging: &Path, mut manifest: StageManifest) -> Result<()> {
        manifest.stage = stage.name().to_owned();
        manifest.stage_version = stage.version();
        manifest.output_fingerprint = fingerprint_files(staging)?;
        manifest.write(staging)?;
        replace_dir(staging, &stage_dir(self.dataset(), stage))
    }

    fn parse(&self) -> Result<bool> {
        let p = self.pipeline;
        let (files, excluded) = discover(&p.inputs, &p.exclude)?;
        let config = config_hash(&(&p.parse, &p.exclude, p.write.zstd_level));
        let input = inputs_fingerprint(&files)?;
        if !self.needs_run(Stage::Parse, &config, &input) {
            return Ok(false);
        }
        let t = Instant::now();
        let old = self.reusable_manifest(Stage::Parse, &config);
        let staging = fresh_staging_dir(&stage_dir(self.dataset(), Stage::Parse))?;
        let bar = self.progress(files.len(), "parse");
        let mut manifest = StageManifest {
            config_hash: config,
            input_fingerprint: input,
            ..Default::default()
        };
        let chunks: Vec<&[InputFile]> = files.chunks(p.parse.files_per_part).collect();
        let parts = chunks.len().max(1);
        let mut reused = 0;
        for i in 0..parts {
            let chunk = chunks.get(i).copied().unwrap_or(&[]);
            let fingerprint = inputs_fingerprint(chunk)?;
            let kept = self.keep_part(
                Stage::Parse,
                old.as_ref(),
                i,
                &fingerprint,
                &["parsed", "rejects"],
                &staging,
            )?;
            let stats = match kept {
                Some(stats) => {
                    reused += 1;
                    bar.inc(chunk.len() as u64);
                    stats
                }
                None => {
                    let out = parse::parse_files(chunk, &p.parse, &|| bar.inc(1));
                    // Tables are independent files: written side by side.
                    let (a, b) = rayon::join(
                        || self.write_part(&staging, "parsed", i, &out.records),
                        || self.write_part(&staging, "rejects", i, &out.rejects),
                    );
                    a.and(b)?;
                    let mut stats = PartStats {
                        fingerprint,
                        ..Default::default()
                    };
                    stats
                        .counts
                        .insert("parsed".into(), out.records.len() as u64);
                    stats
                        .counts
                        .insert("rejects".into(), out.rejects.len() as u64);
                    stats.counts.insert(
                        "records".into(),
                        (out.records.len() + out.rejects.len()) as u64,
                    );
                    count_reasons(&out.rejects, &mut stats.rejects_by_reason);
                    stats
                }
            };
            manifest.add_part(stats);
        }
        bar.finish_and_clear();
        manifest.parts = parts;
        manifest.counts.insert("inputs".into(), files.len() as u64);
        manifest.counts.insert("excluded".into(), excluded as u64);
        let (records, rejects) = (manifest.count("parsed"), manifest.count("rejects"));
        self.finish(Stage::Parse, &staging, manifest)?;
        eprintln!(
            "{:<9} {} files → {records} records, {rejects} rejects{} ({:.2}s)",
            "parse",
            files.len(),
            kept_note(reused, parts),
            t.elapsed().as_secs_f64()
        );
        Ok(true)
    }

    /// The current manifest of a stage, if its parts may be kept: same stage version and
    /// config, and no `--force`.
    fn reusable_manifest(&self, stage: Stage, config: &str) -> Option<StageManifest> {
        if self.opts.force {
            return None;
        }
        StageManifest::read(&stage_dir(self.dataset(), stage))
            .filter(|m| m.stage_version == stage.version() && m.config_hash == config)
    }

    /// Keeps part `i` of the current output (hard links into `staging`) when it was made from
    /// the same input; returns its stats, or None when it must be made again.
    fn keep_part(
        &self,
        stage: Stage,
        old: Option<&StageManifest>,
        i: usize,
        fingerprint: &str,
        tables: &[&str],
        staging: &Path,
    ) -> Result<Option<PartStats>> {
        let Some(stats) = old.and_then(|m| m.part_stats.get(i)) else {
            return Ok(None);
        };
        let current = stage_dir(self.dataset(), stage);
        let all_there = tables
            .iter()
            .all(|t| current.join(t).join(part_name(i)).is_file());
        if stats.fingerprint != fingerprint || !all_there {
            return Ok(None);
        }
        for table in tables {
            write::link_file(
                &current.join(table).join(part_name(i)),
                &staging.join(table).join(part_name(i)),
            )?;
        }
        Ok(Some(stats.clone()))
    }

    fn normalize(&self) -> Result<bool> {
        let prev = previous(self.dataset(), Stage::Normalize, Stage::Parse)?;
        let config = config_hash(&(&self.pipeline.normalize, self.zstd()));
        if !self.needs_run(Stage::Normalize, &config, &prev.output_fingerprint) {
            return Ok(false);
        }
        let t = Instant::now();
        let from = stage_dir(self.dataset(), Stage::Parse).join("parsed");
        let staging = fresh_staging_dir(&stage_dir(self.dataset(), Stage::Normalize))?;
        let mut manifest = StageManifest {
            config_hash: config,
            input_fingerprint: prev.output_fingerprint.clone(),
            parts: prev.parts,
            ..Default::default()
        };
        let parts = part_files(&from)?;
        let bar = self.progress(parts.len(), "normalize");
        let mut index = DuplicateIndex::default();
        let (mut articles, mut duplicates, mut rejects) = (0u64, 0u64, 0u64);
        for (i, part) in parts.iter().enumerate() {
            let records: Vec<ParsedRecord> = read_rows(part)?;
            let out = normalize::normalize_batch(&records, &self.pipeline.normalize, &mut index);
            let (a, (b, c)) = rayon::join(
                || self.write_part(&staging, "articles", i, &out.articles),
                || {
                    rayon::join(
                        || self.write_part(&staging, "link_spans", i, &out.links),
                        || self.write_part(&staging, "rejects", i, &out.rejects),
                    )
                },
            );
            a.and(b).and(c)?;
            duplicates += out.articles.iter().filter(|a| a.is_duplicate).count() as u64;
            articles += out.articles.len() as u64;
            rejects += out.rejects.len() as u64;
            count_reasons(&out.rejects, &mut manifest.rejects_by_reason);
            bar.inc(1);
        }
        bar.finish_and_clear();
        manifest
            .counts
            .insert("articles".into(), articles - duplicates);
        manifest.counts.insert("duplicates".into(), duplicates);
        manifest.counts.insert("rejects".into(), rejects);
        self.finish(Stage::Normalize, &staging, manifest)?;
        eprintln!(
            "{:<9} {} articles, {duplicates} duplicates flagged, {rejects} rejects ({:.2}s)",
            "normalize",
            articles - duplicates,
            t.elapsed().as_secs_f64()
        );
        Ok(true)
    }

    fn extract(&self) -> Result<bool> {
        let prev = previous(self.dataset(), Stage::Extract, Stage::Normalize)?;
        let cfg = &self.pipeline.extract;
        // A user's model file is part of the config: retraining it redoes the stage.
        let model_hash = match &cfg.ner_model {
            Some(path) => hash128_hex(&std::fs::read(path).map_err(|e| Error::io(path, e))?),
            None => String::new(),
        };
        let config = config_hash(&(cfg, model_hash, self.zstd()));
        if !self.needs_run(Stage::Extract, &config, &prev.output_fingerprint) {
            return Ok(false);
        }
        let t = Instant::now();
        let old = self.reusable_manifest(Stage::Extract, &config);
        // Loaded when the first part needs it: a run that keeps every part loads nothing.
        let mut model = None;
        let from = stage_dir(self.dataset(), Stage::Normalize);
        let staging = fresh_staging_dir(&stage_dir(self.dataset(), Stage::Extract))?;
        let mut manifest = StageManifest {
            config_hash: config,
            input_fingerprint: prev.output_fingerprint.clone(),
            parts: prev.parts,
            ..Default::default()
        };
        let article_parts = part_files(&from.join("articles"))?;
        let bar = self.progress(article_parts.len(), "extract");
        let mut reused = 0;
        for (i, part) in article_parts.iter().enumerate() {
            let spans_path = from.join("link_spans").join(part_name(i));
            let fingerprint =
                hash128_hex(format!("{}{}", file_hash(part)?, file_hash(&spans_path)?).as_bytes());
            let tables = ["links", "dates", "mentions", "entities"];
            if let Some(stats) = self.keep_part(
                Stage::Extract,
                old.as_ref(),
                i,
                &fingerprint,
                &tables,
                &staging,
            )? {
                reused += 1;
                manifest.add_part(stats);
                bar.inc(1);
                continue;
            }
            if cfg.entities && model.is_none() {
                model = Some(extract::load_model(cfg.ner_model.as_deref())?);
            }
            let articles: Vec<Article> = read_rows(part)?;
            let spans: Vec<LinkSpan> = read_rows(&spans_path)?;
            let out = extract_part(&articles, &spans, cfg, model.as_deref());
            let ((a, b), (c, d)) = rayon::join(
                || {
                    rayon::join(
                        || self.write_part(&staging, "mentions", i, &out.mentions),
                        || self.write_part(&staging, "links", i, &out.links),
                    )
                },
                || {
                    rayon::join(
                        || self.write_part(&staging, "dates", i, &out.dates),
                        || self.write_part(&staging, "entities", i, &out.entities),
                    )
                },
            );
            a.and(b).and(c).and(d)?;
            let mut stats = PartStats {
                fingerprint,
                ..Default::default()
            };
            stats.counts.insert("links".into(), out.links.len() as u64);
            stats.counts.insert("dates".into(), out.dates.len() as u64);
            stats
                .counts
                .insert("mentions".into(), out.mentions.len() as u64);
            manifest.add_part(stats);
            bar.inc(1);
        }
        bar.finish_and_clear();
        let (links, dates, mentions) = (
            manifest.count("links"),
            manifest.count("dates"),
            manifest.count("mentions"),
        );
        self.finish(Stage::Extract, &staging, manifest)?;
        eprintln!(
            "{:<9} {links} links, {dates} dates, {mentions} entity mentions{} ({:.2}s)",
            "extract",
            kept_note(reused, article_parts.len()),
            t.elapsed().as_secs_f64()
        );
        Ok(true)
    }

    fn write(&self) -> Result<bool> {
        let dataset = self.dataset();
        let parse_m = previous(dataset, Stage::Write, Stage::Parse)?;
        let normalize_m = previous(dataset, Stage::Write, Stage::Normalize)?;
        let extract_m = previous(dataset, Stage::Write, Stage::Extract)?;
        // Each stage must have been made from the one before: a stage re-run alone leaves
        // the later ones stale until they run again.
        for (later, earlier) in [(&normalize_m, &parse_m), (&extract_m, &normalize_m)] {
            if later.input_fingerprint != earlier.output_fingerprint {
                return Err(Error::Other(format!(
                    "stage {} is older than stage {}: run `--stage {}` (or the whole pipeline) first",
                    later.stage, earlier.stage, later.stage
                )));
            }
        }
        let config = config_hash(&self.pipeline.write);
        let input = hash128_hex(
            format!(
                "{}{}{}",
                parse_m.output_fingerprint,
                normalize_m.output_fingerprint,
                extract_m.output_fingerprint
            )
            .as_bytes(),
        );
        let published = std::fs::read_to_string(dataset.join(MANIFEST))
            .ok()
            .and_then(|t| serde_json::from_str::<DatasetManifest>(&t).ok());
        let tables_exist = TABLES.iter().all(|t| dataset.join(t).is_dir());
        if !self.opts.force
            && tables_exist
            && published
                .as_ref()
                .is_some_and(|m| m.input_fingerprint == publish_fingerprint(&input, &config))
        {
            eprintln!(
                "{:<9} up to date (same input, config and version): skipped",
                "write"
            );
            return Ok(false);
        }
        let staging = fresh_staging_dir(dataset)?;
        let stages = dataset.join("_stages");
        write::link_tree(&stages, &staging.join("_stages"))?;
        let link_parts = |from: &Path, table: &str, prefix: &str| -> Result<()> {
            for (i, part) in part_files(from)?.iter().enumerate() {
                let name = if prefix.is_empty() {
                    part_name(i)
                } else {
                    format!("part-{prefix}-{i:05}.parquet")
                };
                write::link_file(part, &staging.join(table).join(name))?;
            }
            Ok(())
        };
        link_parts(
            &stage_dir(dataset, Stage::Normalize).join("articles"),
            "articles",
            "",
        )?;
        for table in ["links", "dates", "mentions", "entities"] {
            link_parts(&stage_dir(dataset, Stage::Extract).join(table), table, "")?;
        }
        link_parts(
            &stage_dir(dataset, Stage::Parse).join("rejects"),
            "rejects",
            "1parse",
        )?;
        link_parts(
            &stage_dir(dataset, Stage::Normalize).join("rejects"),
            "rejects",
            "2normalize",
        )?;

        let mut rejects_by_reason = BTreeMap::new();
        for m in [&parse_m, &normalize_m, &extract_m] {
            for (reason, n) in &m.rejects_by_reason {
                *rejects_by_reason
                    .entry(format!("{}:{reason}", m.stage))
                    .or_insert(0) += n;
            }
        }
        let fingerprint = publish_fingerprint(&input, &config);
        let manifest = DatasetManifest {
            schema_version: crate::schema::SCHEMA_VERSION.to_owned(),
            run_id: fingerprint[..16].to_owned(),
            input_fingerprint: fingerprint,
            inputs: parse_m.count("inputs"),
            excluded: parse_m.count("excluded"),
            records: parse_m.count("records"),
            articles: normalize_m.count("articles"),
            duplicates: normalize_m.count("duplicates"),
            rejects: parse_m.count("rejects") + normalize_m.count("rejects"),
            rejects_by_reason,
            links: extract_m.count("links"),
            dates: extract_m.count("dates"),
            mentions: extract_m.count("mentions"),
            tables: TABLES.map(String::from).to_vec(),
        };
        if manifest.articles + manifest.duplicates + manifest.rejects != manifest.records {
            return Err(Error::Other(format!(
                "accounting error: {} articles + {} duplicates + {} rejects != {} records",
                manifest.articles, manifest.duplicates, manifest.rejects, manifest.records
            )));
        }
        let json =
            serde_json::to_string_pretty(&manifest).map_err(|e| Error::Other(e.to_string()))?;
        write_atomic(&staging.join(MANIFEST), json.as_bytes())?;
        // Keep what users put in the dataset folder beside our tables (a README, notes).
        carry_over_user_files(dataset, &staging)?;
        replace_dir(&staging, dataset)?;
        eprintln!("{:<9} published {}", "write", dataset.display());
        Ok(true)
    }
}

/// What a published dataset was made from: the stage outputs, the write config and the
/// write stage's version.
fn publish_fingerprint(input: &str, config: &str) -> String {
    hash128_hex(format!("{input}{config}{}", write::VERSION).as_bytes())
}

/// The extract stage's tables for one part.
struct ExtractedPart {
    links: Vec<Link>,
    dates: Vec<DateMention>,
    mentions: Vec<EntityMention>,
    entities: Vec<ArticleEntity>,
}

fn extract_part(
    articles: &[Article],
    spans: &[LinkSpan],
    cfg: &crate::config::ExtractConfig,
    model: Option<&crate::ner::Model>,
) -> ExtractedPart {
    let mut by_article: BTreeMap<&str, Vec<LinkSpan>> = BTreeMap::new();
    for s in spans {
        by_article
            .entry(s.article_id.as_str())
            .or_default()
            .push(s.clone());
    }
    let links = articles
        .iter()
        .flat_map(|a| {
            let spans = by_article
                .get(a.article_id.as_str())
                .map_or(&[][..], Vec::as_slice);
            extract::link_rows(a, spans, cfg)
        })
        .collect();
    // Per article in parallel; collecting keeps article order, so the output does not depend
    // on the thread count.
    let per_article: Vec<(Vec<DateMention>, Vec<EntityMention>, Vec<ArticleEntity>)> = articles
        .par_iter()
        .map(|a| {
            let dates = extract::date_rows(a, cfg);
            let (mentions, entities) = match model {
                Some(m) => extract::entity_rows(a, m),
                None => (Vec::new(), Vec::new()),
            };
            (dates, mentions, entities)
        })
        .collect();
    let mut out = ExtractedPart {
        links,
        dates: Vec::new(),
        mentions: Vec::new(),
        entities: Vec::new(),
    };
    for (d, m, e) in per_article {
        out.dates.extend(d);
        out.mentions.extend(m);
        out.entities.extend(e);
    }
    out
}

fn file_hash(path: &Path) -> Result<String> {
    Ok(hash128_hex(
        &std::fs::read(path).map_err(|e| Error::io(path, e))?,
    ))
}

/// ", 3 of 5 parts kept" when earlier output was reused.
fn kept_note(kept: usize, parts: usize) -> String {
    if kept == 0 {
        String::new()
    } else {
        format!(", {kept} of {parts} parts unchanged and kept")
    }
}

/// Files in the dataset folder that newsprint did not write survive a publish.
fn carry_over_user_files(dataset: &Path, staging: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dataset) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ours = staging.join(&name).exists() || name.to_string_lossy().starts_with('.');
        if !ours && entry.path().is_file() {
            write::link_file(&entry.path(), &staging.join(&name))?;
        }
    }
    Ok(())
}

/// Paths, sizes and modification times of the inputs: cheap to compute, and any edit shows.
fn inputs_fingerprint(files: &[InputFile]) -> Result<String> {
    let mut acc = String::new();
    for f in files {
        let meta = std::fs::metadata(&f.path).map_err(|e| Error::io(&f.path, e))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        acc.push_str(&format!("{}\0{}\0{}\n", f.rel, meta.len(), mtime));
    }
    Ok(hash128_hex(acc.as_bytes()))
}
