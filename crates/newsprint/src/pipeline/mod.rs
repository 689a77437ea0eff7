//! Runs the stages of a pipeline over its inputs, redoing only the work whose input changed,
//! and publishes the dataset.
//!
//! Where things live, for a dataset `datasets/news`:
//! - `datasets/news/`: the published dataset (tables, `_manifest.json`, and `_stages/`, a
//!   snapshot of the stage outputs it was made from). It only ever changes whole, in one
//!   rename (`publish`).
//! - `datasets/.news.stages/`: the working output of each stage, kept between runs so a
//!   stage can run alone and unchanged work is skipped (`runner`).
//! - `datasets/.news.lock`: held (flock) by the run writing the dataset.
//!
//! Parts. Input files are cut into groups at content-defined boundaries (a file whose
//! name hashes to a multiple of the target group size ends its group), so adding or removing
//! a file changes its own group only, not every group after it. A group is parsed into one or
//! more parts of bounded size; every later stage works part by part, and a part whose input
//! fingerprint is unchanged is kept (hard-linked under its new position) instead of redone.

pub mod publish;
pub mod runner;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::config::Pipeline;
use crate::error::{Error, Result};
use crate::stages::{MANIFEST, Stage, StageManifest, StageName, extract, normalize, parse, write};

pub use publish::{TABLES, is_skipped_by_design};

/// What a run tells as it goes, for a progress display or a log.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// A stage starts work worth `total` (in `counts_in`: "files", "records", "articles").
    Started {
        stage: StageName,
        total: u64,
        counts_in: &'static str,
    },
    /// `done` more of it is done (from any thread).
    Progress { stage: StageName, done: u64 },
    /// The stage finished; `summary` says what it made.
    Finished {
        stage: StageName,
        summary: String,
        seconds: f64,
    },
    /// The stage's output is current: nothing to do.
    UpToDate { stage: StageName },
    /// The dataset was replaced by this run's.
    Published { dataset: &'a Path },
    /// Something the user should know that did not stop the run.
    Warning(String),
}

/// Receives a run's events (the command line draws bars and prints lines from them).
pub trait Reporter: Send + Sync {
    fn event(&self, event: Event<'_>);
}

#[derive(Clone, Default)]
pub struct RunOptions {
    /// Run only this stage (from the persisted output of the one before).
    pub only: Option<StageName>,
    /// Redo stages even when their output is current.
    pub force: bool,
    /// Told what happens as it happens (stages, progress, warnings); nothing is printed
    /// by the library itself.
    pub reporter: Option<Arc<dyn Reporter>>,
    /// Publish a run that found no articles over a dataset that has some.
    pub allow_empty: bool,
    /// Set (by a Ctrl-C handler) to stop at the next part; nothing half-made is left.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Read only these of the listed inputs (by identity): a shard's share. The identities
    /// are still worked out over every input, so they are the same in every shard.
    pub only_files: Option<Arc<std::collections::BTreeSet<String>>>,
    /// Inputs listed elsewhere that could not be fetched (identity → why): each becomes an
    /// `unreadable` reject like a local file that cannot be opened.
    pub missing_files: Option<Arc<BTreeMap<String, String>>>,
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
    /// Rows of the `quotes` table (absent from manifests written before it).
    #[serde(default)]
    pub quotes: u64,
    /// Rows of the `corpus_entities` table: entities across the dataset.
    #[serde(default)]
    pub corpus_entities: u64,
    /// HTML records parsed, by the extractor that gave their body (`trafilatura-rs@0.6`,
    /// `newsprint-native@1`): with `html_extractor = "auto"`, how many pages fell back.
    #[serde(default)]
    pub html_bodies_by_extractor: BTreeMap<String, u64>,
    /// Articles whose entities the shipped (English) tagger did not tag, by language.
    #[serde(default)]
    pub entities_skipped_by_language: BTreeMap<String, u64>,
    /// Articles whose dates were read in digits only (the rules cover English), by language.
    #[serde(default)]
    pub dates_digits_only_by_language: BTreeMap<String, u64>,
    /// Articles whose quotes were not looked for (the rules read English), by language.
    #[serde(default)]
    pub quotes_skipped_by_language: BTreeMap<String, u64>,
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
    pub stages: Vec<(StageName, StageOutcome)>,
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
pub fn sibling(dataset: &Path, what: &str) -> PathBuf {
    let name = dataset
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".to_owned());
    dataset.with_file_name(format!(".{name}.{what}"))
}

/// The part-writing stages, in run order.
fn part_stage(name: StageName) -> Option<Box<dyn Stage>> {
    match name {
        StageName::Parse => Some(Box::new(parse::ParseStage::default())),
        StageName::Normalize => Some(Box::new(normalize::NormalizeStage::default())),
        StageName::Extract => Some(Box::new(extract::ExtractStage::default())),
        StageName::Write => None,
    }
}

/// What every stage of one run shares: the pipeline, the options, where the work goes.
pub struct Context<'a> {
    pub pipeline: &'a Pipeline,
    pub opts: &'a RunOptions,
    work: PathBuf,
    /// What the parse stage saw change, for the summary.
    pub changes: Mutex<Option<FileChanges>>,
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
    publish::refuse_foreign_folder(dataset)?;
    let _lock = crate::fsutil::DatasetLock::acquire(dataset)?;
    let ctx = Context {
        pipeline,
        opts,
        work: work_dir(dataset),
        changes: Mutex::new(None),
    };
    publish::clean_leftovers(&ctx, dataset);
    let work = ctx.work();
    // A dataset copied or moved without its working folder still has the stage outputs it
    // was made from: start from them.
    if !work.exists() && dataset.join("_stages").is_dir() {
        write::link_tree(&dataset.join("_stages"), work)?;
    }
    std::fs::create_dir_all(work).map_err(|e| Error::io(work, e))?;
    let stages: Vec<StageName> = match opts.only {
        Some(s) => vec![s],
        None => StageName::ALL.to_vec(),
    };
    let mut outcomes = Vec::new();
    let mut publication = None;
    for name in stages {
        let t = Instant::now();
        let ran = match part_stage(name) {
            Some(mut stage) => runner::run_stage(&ctx, stage.as_mut())?,
            None => {
                let published = publish::publish(&ctx)?;
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
        outcomes.push((name, outcome));
    }
    // A stage run alone publishes when the stages now agree with each other, and says so
    // plainly when they do not, so the tables never silently lag behind.
    let publication = match publication {
        Some(p) => p,
        None => match ctx.stale_stage() {
            None => {
                if publish::publish(&ctx)? {
                    Publication::Published
                } else {
                    Publication::Current
                }
            }
            Some(stale) => Publication::Stale(stale),
        },
    };
    let manifest = ctx.published();
    Ok(RunReport {
        dataset_dir: dataset.clone(),
        stages: outcomes,
        manifest,
        publication,
        changes: ctx.changes.lock().ok().and_then(|mut c| c.take()),
        elapsed: started.elapsed(),
    })
}

impl Context<'_> {
    pub fn dataset(&self) -> &Path {
        &self.pipeline.dataset_dir
    }

    /// The working output folder of a stage.
    pub fn stage_dir(&self, stage: StageName) -> PathBuf {
        self.work.join(stage.as_str())
    }

    pub fn work(&self) -> &Path {
        &self.work
    }

    pub fn zstd(&self) -> i32 {
        self.pipeline.write.zstd_level
    }

    pub fn check_cancel(&self) -> Result<()> {
        match &self.opts.cancel {
            Some(flag) if flag.load(Ordering::Relaxed) => Err(Error::Interrupted),
            _ => Ok(()),
        }
    }

    /// The manifest of the stage `stage` reads from, or an error saying to run it first.
    pub fn previous(&self, stage: StageName, needs: StageName) -> Result<StageManifest> {
        let dir = self.stage_dir(needs);
        StageManifest::read(&dir).ok_or(Error::MissingStageOutput {
            stage: stage.as_str(),
            needs: needs.as_str(),
            dir,
        })
    }

    /// The first stage whose output was not made from the current output of the stage
    /// before it, or with another config or version, as advice on what to run; None when the
    /// chain agrees.
    pub fn stale_stage(&self) -> Option<String> {
        let mut before: Option<StageManifest> = None;
        for name in [StageName::Parse, StageName::Normalize, StageName::Extract] {
            let Some(m) = StageManifest::read(&self.stage_dir(name)) else {
                return Some(format!(
                    "stage {} has not run yet: run the whole pipeline",
                    name.as_str()
                ));
            };
            let config = part_stage(name)
                .and_then(|s| s.config(self.pipeline).ok())
                .unwrap_or_default();
            if m.stage_version != name.version() || m.config_hash != config {
                return Some(format!(
                    "stage {} was made with another config or version: run `--stage {}` (or the whole pipeline) to publish",
                    name.as_str(),
                    name.as_str()
                ));
            }
            if let Some(b) = &before
                && m.input_fingerprint != b.output_fingerprint
            {
                return Some(format!(
                    "stage {} is older than stage {}: run `--stage {}` (or the whole pipeline) to publish",
                    name.as_str(),
                    b.stage,
                    name.as_str()
                ));
            }
            before = Some(m);
        }
        None
    }

    /// Decides whether a stage must run; says so when it need not.
    pub fn needs_run(&self, stage: StageName, config: &str, input: &str) -> bool {
        let current = StageManifest::read(&self.stage_dir(stage))
            .is_some_and(|m| m.is_current(stage, config, input));
        if current && !self.opts.force {
            self.report(Event::UpToDate { stage });
            return false;
        }
        true
    }

    /// Tells the reporter, if there is one.
    pub fn report(&self, event: Event<'_>) {
        if let Some(r) = &self.opts.reporter {
            r.event(event);
        }
    }

    /// The current manifest of a stage, if its parts may be kept: same stage version and
    /// config, and no `--force`.
    pub fn reusable_manifest(&self, stage: StageName, config: &str) -> Option<StageManifest> {
        if self.opts.force {
            return None;
        }
        StageManifest::read(&self.stage_dir(stage))
            .filter(|m| m.stage_version == stage.version() && m.config_hash == config)
    }

    /// The published dataset's manifest, when there is one.
    pub fn published(&self) -> Option<DatasetManifest> {
        std::fs::read_to_string(self.dataset().join(MANIFEST))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
    }

    /// Refuses to go on towards replacing a dataset that has articles with one that has none,
    /// unless the user asked for it.
    pub fn refuse_empty(&self, what: &str) -> Result<()> {
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
}

/// Counts of a part's rejects by reason.
pub fn count_reasons(rejects: &[crate::model::Reject], into: &mut BTreeMap<String, u64>) {
    for r in rejects {
        *into.entry(r.reason.clone()).or_default() += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, Reject};
    use crate::parquet_io::read_table;

    /// What a shard passes for an object listed in a bucket that was gone when it came to
    /// fetch it: a reject of its own, beside the files that were read.
    #[test]
    fn an_input_that_could_not_be_fetched_is_an_unreadable_reject() {
        let tmp = tempfile::tempdir().unwrap();
        let input = tmp.path().join("in");
        std::fs::create_dir_all(&input).unwrap();
        std::fs::write(
            input.join("kept.txt"),
            "Harbour wall repaired\n\nWorkers finished the harbour wall on Tuesday, two weeks early.\n",
        )
        .unwrap();
        let pipeline = Pipeline::with_defaults(vec![input], tmp.path().join("ds")).unwrap();
        let missing = BTreeMap::from([(
            "gone.warc.gz".to_owned(),
            "s3://news/raw/gone.warc.gz: not found".to_owned(),
        )]);
        let opts = RunOptions {
            missing_files: Some(Arc::new(missing)),
            ..RunOptions::default()
        };
        run(&pipeline, &opts).unwrap();
        let dataset = tmp.path().join("ds");
        let articles: Vec<Article> = read_table(&dataset.join("articles")).unwrap();
        assert_eq!(articles.len(), 1);
        let rejects: Vec<Reject> = read_table(&dataset.join("rejects")).unwrap();
        assert_eq!(rejects.len(), 1, "{rejects:?}");
        assert_eq!(rejects[0].source_file, "gone.warc.gz");
        assert_eq!(rejects[0].reason, "unreadable");
        assert!(
            rejects[0].message.contains("not found"),
            "{}",
            rejects[0].message
        );
    }
}
