//! Runs the stages of a pipeline over its inputs, redoing only the work whose input changed,
//! and publishes the dataset.
//!
//! Where things live, for a dataset `datasets/news`:
//! - `datasets/news/`: the published dataset (tables, `_manifest.json`, and `_stages/`, a
//!   snapshot of the stage outputs it was made from). It only ever changes whole, in one
//!   rename.
//! - `datasets/.news.stages/`: the working output of each stage, kept between runs so a
//!   stage can run alone and unchanged work is skipped.
//! - `datasets/.news.lock`: held (flock) by the run writing the dataset.
//!
//! Parts. Input files are cut into groups at content-defined boundaries (a file whose
//! name hashes to a multiple of the target group size ends its group), so adding or removing
//! a file changes its own group only, not every group after it. A group is parsed into one or
//! more parts of bounded size; every later stage works part by part, and a part whose input
//! fingerprint is unchanged is kept (hard-linked under its new position) instead of redone.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Pipeline;
use crate::error::{Error, Result};
use crate::fsutil::{StagingDir, hash128_hex, publish_dir, write_atomic};
use crate::input::{InputFile, discover};
use crate::model::{
    Article, ArticleEntity, DateMention, DuplicateKey, EntityMention, InputEntry, Link, LinkSpan,
    ParsedRecord, Reject,
};
use crate::parquet_io::{read_rows, write_rows};
use crate::stages::normalize::DuplicateIndex;
use crate::stages::parse::FileOutput;
use crate::stages::{
    MANIFEST, PartStats, Stage, StageManifest, config_hash, extract, normalize, parse, part_name,
    write,
};

/// The published tables.
pub const TABLES: [&str; 6] = [
    "articles", "links", "dates", "mentions", "entities", "rejects",
];

/// Rows in one part written by parse: what bounds the memory of every later stage.
const PART_ROWS: usize = 2048;

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Run only this stage (from the persisted output of the one before).
    pub only: Option<Stage>,
    /// Redo stages even when their output is current.
    pub force: bool,
    /// Show progress bars (on a terminal).
    pub progress: bool,
    /// Publish a run that found no articles over a dataset that has some.
    pub allow_empty: bool,
    /// Set (by a Ctrl-C handler) to stop at the next part; nothing half-made is left.
    pub cancel: Option<Arc<AtomicBool>>,
}

/// What happened to one stage in this run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageOutcome {
    Ran { seconds_millis: u128 },
    UpToDate,
}

/// Whether the published dataset now holds what the stage outputs hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publication {
    /// The tables were replaced by this run's.
    Published,
    /// The published tables were already those of the current stage outputs.
    Current,
    /// The published tables are older than the stage outputs; the text says what to run.
    Stale(String),
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
    /// Rows of the `articles` table, flagged duplicates included.
    pub articles: u64,
    /// Of those, the rows flagged `is_duplicate`.
    pub duplicates: u64,
    /// `articles - duplicates`: one row per distinct article.
    #[serde(default)]
    pub unique_articles: u64,
    pub rejects: u64,
    /// Of the rejects, the sound records that are not articles by design (a WARC's request
    /// and metadata records, redirects, images): not damage.
    #[serde(default)]
    pub skipped_by_design: u64,
    pub rejects_by_reason: BTreeMap<String, u64>,
    pub links: u64,
    pub dates: u64,
    pub mentions: u64,
    /// Articles whose entities the shipped (English) tagger did not tag, by language.
    #[serde(default)]
    pub entities_skipped_by_language: BTreeMap<String, u64>,
    /// Articles whose dates were read in digits only (the rules cover English), by language.
    #[serde(default)]
    pub dates_digits_only_by_language: BTreeMap<String, u64>,
    pub tables: Vec<String>,
}

/// Input files added, changed and removed since the last parse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileChanges {
    pub added: u64,
    pub changed: u64,
    pub removed: u64,
    /// Files whose group was parsed again (the changed ones and their group's neighbours).
    pub parsed: u64,
    pub kept: u64,
}

#[derive(Debug, Clone)]
pub struct RunReport {
    pub dataset_dir: PathBuf,
    pub stages: Vec<(Stage, StageOutcome)>,
    pub manifest: Option<DatasetManifest>,
    pub publication: Publication,
    pub changes: Option<FileChanges>,
    pub elapsed: Duration,
}

impl RunReport {
    pub fn did_nothing(&self) -> bool {
        self.stages
            .iter()
            .all(|(_, o)| *o == StageOutcome::UpToDate)
            && self.publication == Publication::Current
    }
}

/// `datasets/.news.stages`: the stages' working output, beside the published dataset.
pub fn work_dir(dataset: &Path) -> PathBuf {
    sibling(dataset, "stages")
}

/// `dir/.name.what` beside `dir/name`.
fn sibling(dataset: &Path, what: &str) -> PathBuf {
    let name = dataset
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".to_owned());
    dataset.with_file_name(format!(".{name}.{what}"))
}

struct Runner<'a> {
    pipeline: &'a Pipeline,
    opts: &'a RunOptions,
    work: PathBuf,
    changes: std::sync::Mutex<Option<FileChanges>>,
}

pub fn run(pipeline: &Pipeline, opts: &RunOptions) -> Result<RunReport> {
    let started = Instant::now();
    let dataset = &pipeline.dataset_dir;
    if dataset.exists() && !dataset.is_dir() {
        return Err(Error::Config(format!(
            "the output {} is a file, not a dataset folder: choose another --output",
            dataset.display()
        )));
    }
    refuse_foreign_folder(dataset)?;
    let _lock = crate::fsutil::DatasetLock::acquire(dataset)?;
    clean_leftovers(dataset);
    let work = work_dir(dataset);
    // A dataset copied or moved without its working folder still has the stage outputs it
    // was made from: start from them.
    if !work.exists() && dataset.join("_stages").is_dir() {
        write::link_tree(&dataset.join("_stages"), &work)?;
    }
    std::fs::create_dir_all(&work).map_err(|e| Error::io(&work, e))?;
    let runner = Runner {
        pipeline,
        opts,
        work,
        changes: Default::default(),
    };
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
    let mut publication = None;
    for stage in stages {
        let t = Instant::now();
        let ran = match stage {
            Stage::Parse => runner.parse()?,
            Stage::Normalize => runner.normalize()?,
            Stage::Extract => runner.extract()?,
            Stage::Write => {
                let published = runner.write()?;
                publication = Some(if published {
                    Publication::Published
                } else {
                    Publication::Current
                });
                published
            }
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
    // A stage run alone publishes when the stages now agree with each other, and says so
    // plainly when they do not, so the tables never silently lag behind.
    let publication = match publication {
        Some(p) => p,
        None => match runner.stale_stage() {
            None => {
                if runner.write()? {
                    Publication::Published
                } else {
                    Publication::Current
                }
            }
            Some(stale) => Publication::Stale(stale),
        },
    };
    let manifest = std::fs::read_to_string(dataset.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    Ok(RunReport {
        dataset_dir: dataset.clone(),
        stages: outcomes,
        manifest,
        publication,
        changes: runner.changes.lock().ok().and_then(|mut c| c.take()),
        elapsed: started.elapsed(),
    })
}

/// Publishing replaces the output folder whole: a folder that holds something and is not a
/// dataset (no `_manifest.json`, no `_stages/`) is the user's, and is refused.
fn refuse_foreign_folder(dataset: &Path) -> Result<()> {
    let Ok(mut entries) = std::fs::read_dir(dataset) else {
        return Ok(());
    };
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
fn clean_leftovers(dataset: &Path) {
    let work = work_dir(dataset);
    let mut leftovers = vec![crate::fsutil::staging_path(dataset)];
    leftovers.extend(
        Stage::ALL
            .iter()
            .map(|s| crate::fsutil::staging_path(&work.join(s.name()))),
    );
    for dir in leftovers {
        if dir.exists() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    crate::fsutil::remove_previous(dataset);
}

fn count_reasons(rejects: &[Reject], into: &mut BTreeMap<String, u64>) {
    for r in rejects {
        *into.entry(r.reason.clone()).or_default() += 1;
    }
}

/// One hash of several strings, each ended by a separator so that their boundaries count.
fn hash_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut acc = String::new();
    for p in parts {
        acc.push_str(p);
        acc.push('\u{1f}');
    }
    hash128_hex(acc.as_bytes())
}

/// A stage's output fingerprint: what its parts were made from, in order.
fn output_fingerprint(parts: &[PartStats]) -> String {
    hash_parts(
        parts
            .iter()
            .flat_map(|p| [p.fingerprint.as_str(), p.flags.as_str()]),
    )
}

impl Runner<'_> {
    fn dataset(&self) -> &Path {
        &self.pipeline.dataset_dir
    }

    fn stage_dir(&self, stage: Stage) -> PathBuf {
        self.work.join(stage.name())
    }

    fn zstd(&self) -> i32 {
        self.pipeline.write.zstd_level
    }

    fn check_cancel(&self) -> Result<()> {
        match &self.opts.cancel {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::Interrupted),
            _ => Ok(()),
        }
    }

    fn previous(&self, stage: Stage, needs: Stage) -> Result<StageManifest> {
        let dir = self.stage_dir(needs);
        StageManifest::read(&dir).ok_or(Error::MissingStageOutput {
            stage: stage.name(),
            needs: needs.name(),
            dir,
        })
    }

    /// The first stage whose output was not made from the current output of the stage
    /// before it, as advice on what to run; None when the chain agrees.
    fn stale_stage(&self) -> Option<String> {
        let mut before: Option<StageManifest> = None;
        for stage in [Stage::Parse, Stage::Normalize, Stage::Extract] {
            let Some(m) = StageManifest::read(&self.stage_dir(stage)) else {
                return Some(format!(
                    "stage {} has not run yet: run the whole pipeline",
                    stage.name()
                ));
            };
            let config = self.stage_config(stage).unwrap_or_default();
            if m.stage_version != stage.version() || m.config_hash != config {
                return Some(format!(
                    "stage {} was made with another config or version: run `--stage {}` (or the whole pipeline) to publish",
                    stage.name(),
                    stage.name()
                ));
            }
            if let Some(b) = &before
                && m.input_fingerprint != b.output_fingerprint
            {
                return Some(format!(
                    "stage {} is older than stage {}: run `--stage {}` (or the whole pipeline) to publish",
                    stage.name(),
                    b.stage,
                    stage.name()
                ));
            }
            before = Some(m);
        }
        None
    }

    /// The hash of what a stage's output depends on besides its input.
    fn stage_config(&self, stage: Stage) -> Result<String> {
        let p = self.pipeline;
        Ok(match stage {
            Stage::Parse => config_hash(&(&p.parse, &p.exclude, p.write.zstd_level)),
            Stage::Normalize => config_hash(&(&p.normalize, self.zstd())),
            Stage::Extract => {
                // A user's model file is part of the config: retraining it redoes the stage.
                let model_hash = match &p.extract.ner_model {
                    Some(path) => {
                        hash128_hex(&std::fs::read(path).map_err(|e| Error::io(path, e))?)
                    }
                    None => String::new(),
                };
                config_hash(&(&p.extract, model_hash, self.zstd()))
            }
            Stage::Write => config_hash(&p.write),
        })
    }

    /// Decides whether a stage must run; says so when it need not.
    fn needs_run(&self, stage: Stage, config: &str, input: &str) -> bool {
        let current = StageManifest::read(&self.stage_dir(stage))
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

    fn progress(&self, len: u64, stage: &str, unit: &str) -> ProgressBar {
        let bar = ProgressBar::new(len);
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
        bar.set_prefix(stage.to_owned());
        bar.set_message(unit.to_owned());
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

    /// Hard-links part `from` of the current output's `tables` as part `to` of `staging`.
    fn keep_part(
        &self,
        stage: Stage,
        tables: &[&str],
        from: usize,
        to: usize,
        staging: &Path,
    ) -> Result<()> {
        let current = self.stage_dir(stage);
        for table in tables {
            write::link_file(
                &current.join(table).join(part_name(from)),
                &staging.join(table).join(part_name(to)),
            )?;
        }
        Ok(())
    }

    /// True when every table of part `i` of the current output is there.
    fn part_exists(&self, stage: Stage, tables: &[&str], i: usize) -> bool {
        let current = self.stage_dir(stage);
        tables
            .iter()
            .all(|t| current.join(t).join(part_name(i)).is_file())
    }

    /// The current manifest of a stage, if its parts may be kept: same stage version and
    /// config, and no `--force`.
    fn reusable_manifest(&self, stage: Stage, config: &str) -> Option<StageManifest> {
        if self.opts.force {
            return None;
        }
        StageManifest::read(&self.stage_dir(stage))
            .filter(|m| m.stage_version == stage.version() && m.config_hash == config)
    }

    fn finish(&self, stage: Stage, staging: StagingDir, mut manifest: StageManifest) -> Result<()> {
        manifest.stage = stage.name().to_owned();
        manifest.stage_version = stage.version();
        manifest.parts = manifest.part_stats.len();
        manifest.output_fingerprint = output_fingerprint(&manifest.part_stats);
        manifest.write(staging.path())?;
        staging.commit(&self.stage_dir(stage))
    }

    /// The published dataset's manifest, when there is one.
    fn published(&self) -> Option<DatasetManifest> {
        std::fs::read_to_string(self.dataset().join(MANIFEST))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
    }

    /// Refuses to go on towards replacing a dataset that has articles with one that has none,
    /// unless the user asked for it.
    fn refuse_empty(&self, what: &str) -> Result<()> {
        if self.opts.allow_empty {
            return Ok(());
        }
        match self.published() {
            Some(m) if m.articles > 0 => {
                let inputs: Vec<String> = self
                    .pipeline
                    .inputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect();
                Err(Error::Config(format!(
                    "{what} in {}: publishing would replace the {} articles of {} with an \
                     empty dataset; check the input, or pass --allow-empty to do it",
                    inputs.join(", "),
                    m.articles,
                    self.dataset().display()
                )))
            }
            _ => Ok(()),
        }
    }

    fn parse(&self) -> Result<bool> {
        let p = self.pipeline;
        let (files, excluded) = discover(&p.inputs, &p.exclude)?;
        if files.is_empty() {
            self.refuse_empty("no input files were found")?;
        }
        let dir = self.stage_dir(Stage::Parse);
        let config = self.stage_config(Stage::Parse)?;
        let known: HashMap<String, InputEntry> =
            read_rows::<InputEntry>(&dir.join("files").join(part_name(0)))
                .unwrap_or_default()
                .into_iter()
                .map(|e| (e.source_file.clone(), e))
                .collect();
        let entries: Vec<InputEntry> = files
            .par_iter()
            .map(|f| input_entry(f, known.get(&f.rel)))
            .collect();
        let excluded_note = format!("excluded {excluded}");
        let input = hash_parts(
            entries
                .iter()
                .flat_map(|e| [e.source_file.as_str(), e.content_hash.as_str()])
                .chain([excluded_note.as_str()]),
        );
        // A file that could not be read is tried again whatever the manifest says.
        let unreadable = entries.iter().any(|e| e.content_hash.is_empty());
        if !unreadable && !self.needs_run(Stage::Parse, &config, &input) {
            return Ok(false);
        }
        let t = Instant::now();
        let mut changes = FileChanges::default();
        for e in &entries {
            match known.get(&e.source_file) {
                None => changes.added += 1,
                Some(k) if k.content_hash != e.content_hash => changes.changed += 1,
                Some(_) => {}
            }
        }
        let current: std::collections::HashSet<&str> =
            entries.iter().map(|e| e.source_file.as_str()).collect();
        changes.removed = known
            .keys()
            .filter(|k| !current.contains(k.as_str()))
            .count() as u64;

        let old = self.reusable_manifest(Stage::Parse, &config);
        let mut old_groups: HashMap<&str, Vec<(usize, &PartStats)>> = HashMap::new();
        for (i, stats) in old.iter().flat_map(|m| m.part_stats.iter().enumerate()) {
            old_groups
                .entry(stats.group.as_str())
                .or_default()
                .push((i, stats));
        }
        let staging = StagingDir::fresh(&dir)?;
        let bar = self.progress(files.len() as u64, "parse", "files");
        let mut manifest = StageManifest {
            config_hash: config.clone(),
            input_fingerprint: input,
            ..Default::default()
        };
        for range in file_groups(&files, p.parse.files_per_part) {
            self.check_cancel()?;
            let group = hash_parts(
                [config.as_str(), &parse::VERSION.to_string()]
                    .into_iter()
                    .chain(
                        entries[range.clone()]
                            .iter()
                            .flat_map(|e| [e.source_file.as_str(), e.content_hash.as_str()]),
                    ),
            );
            let tables = ["parsed", "rejects"];
            let readable = entries[range.clone()]
                .iter()
                .all(|e| !e.content_hash.is_empty());
            if readable
                && let Some(kept) = old_groups.get(group.as_str())
                && kept
                    .iter()
                    .all(|(i, _)| self.part_exists(Stage::Parse, &tables, *i))
            {
                for (i, stats) in kept {
                    let to = manifest.part_stats.len();
                    self.keep_part(Stage::Parse, &tables, *i, to, staging.path())?;
                    manifest.add_part((*stats).clone());
                }
                changes.kept += range.len() as u64;
                bar.inc(range.len() as u64);
                continue;
            }
            changes.parsed += range.len() as u64;
            let first = manifest.part_stats.len();
            let mut outcome = Ok(());
            let mut write = |out: FileOutput, manifest: &mut StageManifest| -> bool {
                if outcome.is_err() {
                    return false;
                }
                outcome = self.check_cancel().and_then(|()| {
                    let i = manifest.part_stats.len();
                    let stats =
                        self.write_parse_part(staging.path(), i, &out, &group, i - first)?;
                    manifest.add_part(stats);
                    Ok(())
                });
                outcome.is_ok()
            };
            parse::parse_files_streaming(
                &files[range],
                &p.parse,
                PART_ROWS,
                &|| bar.inc(1),
                &mut |out| write(out, &mut manifest),
            );
            if manifest.part_stats.len() == first {
                write(FileOutput::default(), &mut manifest);
            }
            outcome?;
        }
        bar.finish_and_clear();
        self.write_part(staging.path(), "files", 0, &entries)?;
        manifest.counts.insert("inputs".into(), files.len() as u64);
        manifest.counts.insert("excluded".into(), excluded as u64);
        let (records, rejects) = (manifest.count("parsed"), manifest.count("rejects"));
        self.finish(Stage::Parse, staging, manifest)?;
        eprintln!(
            "{:<9} {} files{} → {records} records, {rejects} rejects{} ({:.2}s)",
            "parse",
            files.len(),
            change_note(&changes, known.is_empty()),
            kept_note(changes.kept, files.len() as u64, "files"),
            t.elapsed().as_secs_f64()
        );
        if let Ok(mut slot) = self.changes.lock() {
            *slot = Some(changes);
        }
        Ok(true)
    }

    fn write_parse_part(
        &self,
        staging: &Path,
        i: usize,
        out: &FileOutput,
        group: &str,
        k: usize,
    ) -> Result<PartStats> {
        // Tables are independent files: written side by side.
        let (a, b) = rayon::join(
            || self.write_part(staging, "parsed", i, &out.records),
            || self.write_part(staging, "rejects", i, &out.rejects),
        );
        a.and(b)?;
        let mut stats = PartStats {
            fingerprint: hash_parts([group, &k.to_string()]),
            group: group.to_owned(),
            ..Default::default()
        };
        stats
            .counts
            .insert("parsed".into(), out.records.len() as u64);
        stats
            .counts
            .insert("rejects".into(), out.rejects.len() as u64);
        stats.counts.insert("records".into(), out.len() as u64);
        count_reasons(&out.rejects, &mut stats.rejects_by_reason);
        Ok(stats)
    }

    fn normalize(&self) -> Result<bool> {
        let prev = self.previous(Stage::Normalize, Stage::Parse)?;
        let cfg = &self.pipeline.normalize;
        let config = self.stage_config(Stage::Normalize)?;
        if !self.needs_run(Stage::Normalize, &config, &prev.output_fingerprint) {
            return Ok(false);
        }
        let t = Instant::now();
        let old = self.reusable_manifest(Stage::Normalize, &config);
        let old_parts = parts_by_fingerprint(old.as_ref());
        let from = self.stage_dir(Stage::Parse).join("parsed");
        let staging = StagingDir::fresh(&self.stage_dir(Stage::Normalize))?;
        let mut manifest = StageManifest {
            config_hash: config.clone(),
            input_fingerprint: prev.output_fingerprint.clone(),
            ..Default::default()
        };
        let bar = self.progress(prev.count("parsed"), "normalize", "records");
        let mut index = DuplicateIndex::default();
        let tables = ["articles", "link_spans", "rejects", "dup_keys"];
        let mut kept = 0;
        for (i, part) in prev.part_stats.iter().enumerate() {
            self.check_cancel()?;
            let fingerprint = hash_parts([
                part.fingerprint.as_str(),
                &config,
                &normalize::VERSION.to_string(),
            ]);
            let reuse = old_parts
                .get(fingerprint.as_str())
                .filter(|(j, _)| self.part_exists(Stage::Normalize, &tables, *j));
            let mut stats = PartStats {
                fingerprint,
                ..Default::default()
            };
            let flags = match reuse {
                Some(&(j, old_stats)) => {
                    kept += 1;
                    let current = self.stage_dir(Stage::Normalize);
                    let keys: Vec<DuplicateKey> =
                        read_rows(&current.join("dup_keys").join(part_name(j)))?;
                    let flags = normalize::flag_duplicates(&keys, &mut index, cfg);
                    stats.flags = flags_hash(&flags);
                    self.keep_part(Stage::Normalize, &tables[1..], j, i, staging.path())?;
                    if stats.flags == old_stats.flags {
                        self.keep_part(Stage::Normalize, &tables[..1], j, i, staging.path())?;
                    } else {
                        // Only the flags moved (an earlier part gained or lost a copy).
                        let mut articles: Vec<Article> =
                            read_rows(&current.join("articles").join(part_name(j)))?;
                        normalize::apply_flags(&mut articles, &flags);
                        self.write_part(staging.path(), "articles", i, &articles)?;
                    }
                    stats.rejects_by_reason = old_stats.rejects_by_reason.clone();
                    stats.counts = old_stats.counts.clone();
                    bar.inc(part.count("parsed"));
                    flags
                }
                None => {
                    let records: Vec<ParsedRecord> = read_rows(&from.join(part_name(i)))?;
                    let mut out = normalize::normalize_records(&records, cfg, &|| bar.inc(1));
                    drop(records);
                    let keys: Vec<DuplicateKey> =
                        out.articles.iter().map(normalize::duplicate_key).collect();
                    let flags = normalize::flag_duplicates(&keys, &mut index, cfg);
                    stats.flags = flags_hash(&flags);
                    normalize::apply_flags(&mut out.articles, &flags);
                    let staging = staging.path();
                    side_by_side(
                        || self.write_part(staging, "articles", i, &out.articles),
                        || self.write_part(staging, "link_spans", i, &out.links),
                        || self.write_part(staging, "rejects", i, &out.rejects),
                        || self.write_part(staging, "dup_keys", i, &keys),
                    )?;
                    count_reasons(&out.rejects, &mut stats.rejects_by_reason);
                    stats
                        .counts
                        .insert("articles".into(), out.articles.len() as u64);
                    stats
                        .counts
                        .insert("rejects".into(), out.rejects.len() as u64);
                    flags
                }
            };
            let duplicates = flags.iter().filter(|f| f.is_some()).count() as u64;
            stats.counts.insert("duplicates".into(), duplicates);
            manifest.add_part(stats);
        }
        bar.finish_and_clear();
        let (articles, duplicates, rejects) = (
            manifest.count("articles"),
            manifest.count("duplicates"),
            manifest.count("rejects"),
        );
        let parts = manifest.part_stats.len();
        self.finish(Stage::Normalize, staging, manifest)?;
        eprintln!(
            "{:<9} {articles} articles ({duplicates} flagged duplicates), {rejects} rejects{} ({:.2}s)",
            "normalize",
            kept_note(kept, parts as u64, "parts"),
            t.elapsed().as_secs_f64()
        );
        Ok(true)
    }

    fn extract(&self) -> Result<bool> {
        let prev = self.previous(Stage::Extract, Stage::Normalize)?;
        let cfg = &self.pipeline.extract;
        let config = self.stage_config(Stage::Extract)?;
        if !self.needs_run(Stage::Extract, &config, &prev.output_fingerprint) {
            return Ok(false);
        }
        let t = Instant::now();
        let old = self.reusable_manifest(Stage::Extract, &config);
        let old_parts = parts_by_fingerprint(old.as_ref());
        // Loaded when the first part needs it: a run that keeps every part loads nothing.
        let mut model = None;
        let from = self.stage_dir(Stage::Normalize);
        let staging = StagingDir::fresh(&self.stage_dir(Stage::Extract))?;
        let mut manifest = StageManifest {
            config_hash: config.clone(),
            input_fingerprint: prev.output_fingerprint.clone(),
            ..Default::default()
        };
        let bar = self.progress(prev.count("articles"), "extract", "articles");
        let tables = ["links", "dates", "mentions", "entities"];
        let mut kept = 0;
        for (i, part) in prev.part_stats.iter().enumerate() {
            self.check_cancel()?;
            // The duplicate flags are not an input of extraction: a part whose flags moved
            // keeps its extracted rows.
            let fingerprint = hash_parts([
                part.fingerprint.as_str(),
                &config,
                &extract::VERSION.to_string(),
            ]);
            if let Some(&(j, stats)) = old_parts
                .get(fingerprint.as_str())
                .filter(|(j, _)| self.part_exists(Stage::Extract, &tables, *j))
            {
                kept += 1;
                self.keep_part(Stage::Extract, &tables, j, i, staging.path())?;
                manifest.add_part(stats.clone());
                bar.inc(part.count("articles"));
                continue;
            }
            if cfg.entities && model.is_none() {
                model = Some(extract::load_model(cfg.ner_model.as_deref())?);
            }
            let articles: Vec<Article> = read_rows(&from.join("articles").join(part_name(i)))?;
            let spans: Vec<LinkSpan> = read_rows(&from.join("link_spans").join(part_name(i)))?;
            let out = extract_part(&articles, &spans, cfg, model.as_deref(), &|| bar.inc(1));
            let staging = staging.path();
            side_by_side(
                || self.write_part(staging, "mentions", i, &out.mentions),
                || self.write_part(staging, "links", i, &out.links),
                || self.write_part(staging, "dates", i, &out.dates),
                || self.write_part(staging, "entities", i, &out.entities),
            )?;
            let mut stats = PartStats {
                fingerprint,
                ..Default::default()
            };
            stats.counts.insert("links".into(), out.links.len() as u64);
            stats.counts.insert("dates".into(), out.dates.len() as u64);
            stats
                .counts
                .insert("mentions".into(), out.mentions.len() as u64);
            stats.counts.extend(out.coverage);
            manifest.add_part(stats);
        }
        bar.finish_and_clear();
        let (links, dates, mentions) = (
            manifest.count("links"),
            manifest.count("dates"),
            manifest.count("mentions"),
        );
        let parts = manifest.part_stats.len();
        self.finish(Stage::Extract, staging, manifest)?;
        eprintln!(
            "{:<9} {links} links, {dates} dates, {mentions} entity mentions{} ({:.2}s)",
            "extract",
            kept_note(kept, parts as u64, "parts"),
            t.elapsed().as_secs_f64()
        );
        Ok(true)
    }

    fn write(&self) -> Result<bool> {
        let dataset = self.dataset();
        let parse_m = self.previous(Stage::Write, Stage::Parse)?;
        let normalize_m = self.previous(Stage::Write, Stage::Normalize)?;
        let extract_m = self.previous(Stage::Write, Stage::Extract)?;
        if let Some(stale) = self.stale_stage() {
            return Err(Error::Other(stale));
        }
        let config = self.stage_config(Stage::Write)?;
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
        let fingerprint = hash_parts([input.as_str(), &config, &write::VERSION.to_string()]);
        let published = self.published();
        let tables_exist = TABLES.iter().all(|t| dataset.join(t).is_dir());
        if !self.opts.force
            && tables_exist
            && published
                .as_ref()
                .is_some_and(|m| m.input_fingerprint == fingerprint)
        {
            eprintln!(
                "{:<9} up to date (same input, config and version): skipped",
                "write"
            );
            return Ok(false);
        }
        let articles = normalize_m.count("articles");
        let duplicates = normalize_m.count("duplicates");
        if articles == 0 {
            self.refuse_empty("the run found no articles")?;
        }
        let staging = StagingDir::fresh(dataset)?;
        write::link_tree(&self.work, &staging.path().join("_stages"))?;
        let link_parts = |stage: Stage, table: &str, out: &str, prefix: &str| -> Result<()> {
            let from = self.stage_dir(stage).join(table);
            let parts = StageManifest::read(&self.stage_dir(stage)).map_or(0, |m| m.parts);
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
        };
        link_parts(Stage::Normalize, "articles", "articles", "")?;
        for table in ["links", "dates", "mentions", "entities"] {
            link_parts(Stage::Extract, table, table, "")?;
        }
        link_parts(Stage::Parse, "rejects", "rejects", "1parse")?;
        link_parts(Stage::Normalize, "rejects", "rejects", "2normalize")?;
        // A run with no parts still publishes every table, empty, with its schema.
        for table in TABLES {
            let dir = staging.path().join(table);
            if !dir.is_dir() {
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                write_empty_table(table, &dir.join(part_name(0)), self.zstd())?;
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
            entities_skipped_by_language: by_prefix(&extract_m.counts, ENTITIES_SKIPPED),
            dates_digits_only_by_language: by_prefix(&extract_m.counts, DATES_DIGITS_ONLY),
            tables: TABLES.map(String::from).to_vec(),
        };
        if manifest.articles + manifest.rejects != manifest.records {
            return Err(Error::Other(format!(
                "accounting error: {} articles + {} rejects != {} records",
                manifest.articles, manifest.rejects, manifest.records
            )));
        }
        let json =
            serde_json::to_string_pretty(&manifest).map_err(|e| Error::Other(e.to_string()))?;
        write_atomic(&staging.path().join(MANIFEST), json.as_bytes())?;
        // Keep what users put in the dataset folder beside our tables (a README, notes).
        carry_over_user_files(dataset, staging.path())?;
        publish_dir(staging, dataset)?;
        eprintln!("{:<9} published {}", "write", dataset.display());
        Ok(true)
    }
}

/// The counts whose key starts with `prefix`, keyed by the rest.
fn by_prefix(counts: &BTreeMap<String, u64>, prefix: &str) -> BTreeMap<String, u64> {
    counts
        .iter()
        .filter_map(|(k, n)| k.strip_prefix(prefix).map(|rest| (rest.to_owned(), *n)))
        .collect()
}

/// A reject reason for a sound record that is not an article (see `warc::SKIPPED_BY_DESIGN`).
pub fn is_skipped_by_design(reason: &str) -> bool {
    let reason = reason.strip_prefix("parse:").unwrap_or(reason);
    crate::formats::warc::SKIPPED_BY_DESIGN.contains(&reason)
}

fn write_empty_table(table: &str, path: &Path, zstd: i32) -> Result<()> {
    match table {
        "articles" => write_rows::<Article>(path, &[], zstd),
        "links" => write_rows::<Link>(path, &[], zstd),
        "dates" => write_rows::<DateMention>(path, &[], zstd),
        "mentions" => write_rows::<EntityMention>(path, &[], zstd),
        "entities" => write_rows::<ArticleEntity>(path, &[], zstd),
        _ => write_rows::<Reject>(path, &[], zstd),
    }
}

/// Four table writes of one part, side by side: they are independent files.
fn side_by_side(
    a: impl FnOnce() -> Result<()> + Send,
    b: impl FnOnce() -> Result<()> + Send,
    c: impl FnOnce() -> Result<()> + Send,
    d: impl FnOnce() -> Result<()> + Send,
) -> Result<()> {
    let ((a, b), (c, d)) = rayon::join(|| rayon::join(a, b), || rayon::join(c, d));
    a.and(b).and(c).and(d)
}

/// The parts of a stage's current output by what they were made from.
fn parts_by_fingerprint(manifest: Option<&StageManifest>) -> HashMap<&str, (usize, &PartStats)> {
    manifest
        .iter()
        .flat_map(|m| m.part_stats.iter().enumerate())
        .map(|(i, s)| (s.fingerprint.as_str(), (i, s)))
        .collect()
}

fn flags_hash(flags: &[Option<String>]) -> String {
    hash_parts(flags.iter().map(|f| f.as_deref().unwrap_or("-")))
}

/// Cuts the sorted file list into groups at content-defined boundaries: a file whose name
/// hashes to a multiple of the target size (an eighth of `max_files`) ends its group, and no
/// group exceeds `max_files`. A boundary depends on that file's name alone, so a file added
/// or removed changes its own group, never the others.
fn file_groups(files: &[InputFile], max_files: usize) -> Vec<Range<usize>> {
    let max_files = max_files.max(1);
    let target = (max_files as u64 / 8).max(1);
    let mut groups = Vec::new();
    let mut start = 0;
    for (i, f) in files.iter().enumerate() {
        let boundary = xxhash_rust::xxh3::xxh3_64(f.rel.as_bytes()).is_multiple_of(target);
        if boundary || i + 1 - start >= max_files {
            groups.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < files.len() {
        groups.push(start..files.len());
    }
    groups
}

/// A file's content hash, read again only when its size, modification time, inode change
/// time or inode changed. A file that cannot be read gets no hash, so its group is never
/// kept and it is tried again on the next run (a permission put right, a mount back).
fn input_entry(file: &InputFile, known: Option<&InputEntry>) -> InputEntry {
    let meta = std::fs::metadata(&file.path).ok();
    let size = meta.as_ref().map_or(-1, |m| m.len() as i64);
    let modified_ns = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64);
    let (changed_ns, inode) = meta.as_ref().map_or((0, 0), change_stamp);
    let regular = meta.as_ref().is_some_and(|m| m.is_file()) && file.unreadable.is_none();
    let content_hash = match known {
        Some(k)
            if regular
                && !k.content_hash.is_empty()
                && (k.size, k.modified_ns, k.changed_ns, k.inode)
                    == (size, modified_ns, changed_ns, inode) =>
        {
            k.content_hash.clone()
        }
        _ if regular => hash_file(&file.path).unwrap_or_default(),
        // A FIFO or a link loop is what it is until the folder changes: its identity is
        // what was found. Anything else unreadable is tried again next time.
        _ => match &file.unreadable {
            Some(refusal) if refusal.reason != "unreadable" => {
                hash128_hex(format!("{}: {}", refusal.reason, refusal.message).as_bytes())
            }
            _ => String::new(),
        },
    };
    InputEntry {
        source_file: file.rel.clone(),
        size,
        modified_ns,
        changed_ns,
        inode,
        content_hash,
    }
}

#[cfg(unix)]
fn change_stamp(meta: &std::fs::Metadata) -> (i64, i64) {
    use std::os::unix::fs::MetadataExt;
    (
        meta.ctime().saturating_mul(1_000_000_000) + meta.ctime_nsec(),
        meta.ino() as i64,
    )
}

#[cfg(not(unix))]
fn change_stamp(_meta: &std::fs::Metadata) -> (i64, i64) {
    (0, 0)
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = crate::input::open_regular(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(format!("{:032x}", hasher.digest128()))
}

/// The extract stage's tables for one part, and what the language gate held back.
struct ExtractedPart {
    links: Vec<Link>,
    dates: Vec<DateMention>,
    mentions: Vec<EntityMention>,
    entities: Vec<ArticleEntity>,
    /// `entities_skipped:<language>` and `dates_digits_only:<language>`: articles per language
    /// whose entities were not tagged, or whose dates were read in digits only.
    coverage: BTreeMap<String, u64>,
}

/// Prefixes of the coverage counts in the extract manifest.
const ENTITIES_SKIPPED: &str = "entities_skipped:";
const DATES_DIGITS_ONLY: &str = "dates_digits_only:";

fn extract_part(
    articles: &[Article],
    spans: &[LinkSpan],
    cfg: &crate::config::ExtractConfig,
    model: Option<&crate::ner::Model>,
    on_article: &(dyn Fn() + Sync),
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
    type Rows = (Vec<DateMention>, Vec<EntityMention>, Vec<ArticleEntity>);
    let per_article: Vec<(Rows, Vec<&'static str>)> = articles
        .par_iter()
        .map(|a| {
            let dates = extract::date_rows(a, cfg);
            let (mentions, entities) = match model {
                Some(m) => extract::entity_rows(a, m),
                None => (Vec::new(), Vec::new()),
            };
            let mut held_back = Vec::new();
            if cfg.dates && extract::date_coverage(a) != extract::LanguageCoverage::Full {
                held_back.push(DATES_DIGITS_ONLY);
            }
            if let Some(m) = model
                && extract::entity_coverage(a, m) == extract::LanguageCoverage::Skipped
            {
                held_back.push(ENTITIES_SKIPPED);
            }
            on_article();
            ((dates, mentions, entities), held_back)
        })
        .collect();
    let mut out = ExtractedPart {
        links,
        dates: Vec::new(),
        mentions: Vec::new(),
        entities: Vec::new(),
        coverage: BTreeMap::new(),
    };
    for (a, ((d, m, e), held_back)) in articles.iter().zip(per_article) {
        out.dates.extend(d);
        out.mentions.extend(m);
        out.entities.extend(e);
        for what in held_back {
            let language = a.language.as_deref().unwrap_or("undetected");
            *out.coverage.entry(format!("{what}{language}")).or_default() += 1;
        }
    }
    out
}

/// ", 3 (added 1, changed 2)" when files changed since the last parse.
fn change_note(c: &FileChanges, first_run: bool) -> String {
    if first_run || (c.added == 0 && c.changed == 0 && c.removed == 0) {
        return String::new();
    }
    format!(
        " ({} added, {} changed, {} removed)",
        c.added, c.changed, c.removed
    )
}

/// ", 3 of 5 parts unchanged and kept" when earlier output was reused.
fn kept_note(kept: u64, total: u64, what: &str) -> String {
    if kept == 0 {
        String::new()
    } else {
        format!(", {kept} of {total} {what} unchanged and kept")
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
