//! Sharded runs: the I-th of N shards of one dataset, run by any engine (a Slurm job array,
//! a Kubernetes Indexed Job, Ray tasks, `xargs -P`), each on its own machine.
//!
//! Every shard lists all the inputs, so the identities (`source_file`) and the split are the
//! same whichever shard computes them, and keeps the files the split gives it. It runs the
//! ordinary pipeline over them into a dataset of its own in a scratch folder (so a shard is
//! incremental and atomic like any run), then exports that dataset's parts into the shared
//! one under names no other shard uses (`articles/part-0002-of-0004-00000.parquet`)
//! and writes its completion record (`_shards/0002-of-0004.json`) last. A reader of the
//! shared dataset sees whole parts only: each appears in one rename (or, in a bucket, in one
//! completed upload). Duplicates across shards, and the dataset's totals, are finalize's.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use newsprint::config::Pipeline;
use newsprint::error::{Error, Result};
use newsprint::input::discover;
use newsprint::pipeline::{DatasetManifest, RunOptions, RunReport, TABLES, run};
use newsprint::stages::{MANIFEST, config_hash, hash_parts};
use newsprint_store::Store;

use crate::remote::{SharedDataset, store_error};

/// Objects a shard downloads at once: waiting on the network, not the cores.
const DOWNLOADS_AT_ONCE: usize = 16;

/// Where the shards' completion records live in a sharded dataset.
pub const SHARDS_DIR: &str = "_shards";

/// One shard of an N-way split: `index` from 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    pub index: u32,
    pub count: u32,
}

impl ShardSpec {
    pub fn new(index: u32, count: u32) -> Result<ShardSpec> {
        if count == 0 || index >= count {
            return Err(Error::Config(format!(
                "shard {index}/{count}: the index counts from 0 and must be below the number \
                 of shards (e.g. 0/4 to 3/4)"
            )));
        }
        Ok(ShardSpec { index, count })
    }

    /// `I/N`, as `--shard` takes it.
    pub fn parse(text: &str) -> Result<ShardSpec> {
        let bad = || {
            Error::Config(format!(
                "--shard {text}: expected I/N, the shard's index from 0 and the number of \
                 shards (e.g. 2/8)"
            ))
        };
        let (i, n) = text.split_once('/').ok_or_else(bad)?;
        let i = i.trim().parse::<u32>().map_err(|_| bad())?;
        let n = n.trim().parse::<u32>().map_err(|_| bad())?;
        ShardSpec::new(i, n)
    }

    /// The shard an engine's environment names, when no `--shard` was given: a Slurm job
    /// array (`SLURM_ARRAY_TASK_ID` of `SLURM_ARRAY_TASK_COUNT`) or a Kubernetes Indexed Job
    /// (`JOB_COMPLETION_INDEX`, with the count given as `--shards N`, since the Job does not
    /// put its completions in the environment). `--shards N` also overrides Slurm's count.
    /// `None` when neither is set: an ordinary run.
    pub fn from_env(
        shards: Option<u32>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<ShardSpec>> {
        let number = |name: &str| -> Result<Option<u32>> {
            match env(name) {
                None => Ok(None),
                Some(v) if v.trim().is_empty() => Ok(None),
                Some(v) => v
                    .trim()
                    .parse::<u32>()
                    .map(Some)
                    .map_err(|_| Error::Config(format!("{name}={v}: not a shard number"))),
            }
        };
        if let Some(index) = number("SLURM_ARRAY_TASK_ID")? {
            let count = match shards {
                Some(n) => n,
                None => number("SLURM_ARRAY_TASK_COUNT")?.ok_or_else(|| {
                    Error::Config(
                        "SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not: pass \
                         --shards N"
                            .into(),
                    )
                })?,
            };
            // Slurm arrays may start at 1 (`--array=1-8`); the minimum says where.
            let base = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let index = index.checked_sub(base).ok_or_else(|| {
                Error::Config(format!(
                    "SLURM_ARRAY_TASK_ID={index} is below SLURM_ARRAY_TASK_MIN={base}"
                ))
            })?;
            return ShardSpec::new(index, count).map(Some);
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = shards.ok_or_else(|| {
                Error::Config(
                    "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): pass --shards N, \
                     the Job's completions"
                        .into(),
                )
            })?;
            return ShardSpec::new(index, count).map(Some);
        }
        match shards {
            Some(n) => Err(Error::Config(format!(
                "--shards {n} without a shard index: pass --shard I/{n}, or run under a Slurm \
                 array or a Kubernetes Indexed Job"
            ))),
            None => Ok(None),
        }
    }

    /// `0002-of-0004`: sorts in shard order, and names the split as well as the shard.
    pub fn tag(&self) -> String {
        format!("{:04}-of-{:04}", self.index, self.count)
    }

    /// The prefix of this shard's part names in the shared dataset: `part-0002-of-0004-`,
    /// so that every table stays a folder of `part-*.parquet` files.
    pub fn part_prefix(&self) -> String {
        format!("part-{}-", self.tag())
    }

    /// This shard's name in the shared dataset for a part of its own dataset.
    pub fn part_name(&self, own: &str) -> String {
        format!(
            "{}{}",
            self.part_prefix(),
            own.strip_prefix("part-").unwrap_or(own)
        )
    }
}

impl std::fmt::Display for ShardSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The shard of every file, balanced by bytes: largest file first, each to the shard with
/// the fewest bytes so far (ties to the lower index). It depends on the names and sizes
/// only, never on the order they were listed in; a file is never split.
pub fn assign(files: &[(&str, u64)], count: u32) -> Vec<u32> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| {
        files[b]
            .1
            .cmp(&files[a].1)
            .then_with(|| files[a].0.cmp(files[b].0))
    });
    let mut load: BinaryHeap<Reverse<(u64, u32)>> = (0..count).map(|s| Reverse((0, s))).collect();
    let mut shard_of = vec![0; files.len()];
    for i in order {
        let Reverse((bytes, shard)) = load.pop().expect("at least one shard");
        shard_of[i] = shard;
        load.push(Reverse((bytes + files[i].1, shard)));
    }
    shard_of
}

/// What a finished shard leaves in `_shards/`: enough for finalize to check that every
/// shard is there and to put every article in the order a single run would have.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ShardRecord {
    pub index: u32,
    pub count: u32,
    /// Of the config and of the shard's input files (name, size, modification time): a
    /// re-run with the same one has nothing to do.
    pub fingerprint: String,
    /// The shard's files with their position in the listing of all inputs, which is the
    /// order a single run reads them in.
    pub files: Vec<(String, u64)>,
    /// Part files of each table in the shared dataset.
    pub parts: BTreeMap<String, Vec<String>>,
    /// The shard's own totals (its duplicates are those within the shard).
    pub manifest: DatasetManifest,
    /// Its pipeline's `[corpus_entities] enabled = false`: finalize publishes the table
    /// empty (absent in records of older runs, which always made the index).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corpus_index_disabled: bool,
}

/// What a shard run did.
#[derive(Debug)]
pub enum ShardOutcome {
    /// The shard's record matched: nothing was run.
    AlreadyDone(ShardRecord),
    Ran {
        record: ShardRecord,
        report: Box<RunReport>,
    },
}

/// The completion record of a shard, relative to the dataset.
pub fn record_rel(spec: ShardSpec) -> String {
    format!("{SHARDS_DIR}/{}.json", spec.tag())
}

/// The sort keys finalize reads instead of the articles themselves, one file a shard.
pub fn keys_rel(spec: ShardSpec) -> String {
    format!("{SHARDS_DIR}/{}.keys.parquet", spec.tag())
}

/// The shard's near-duplicate sketches (every part's `neardup_sketch`, one file), which
/// finalize joins across shards into `near_duplicates`.
pub fn sketches_rel(spec: ShardSpec) -> String {
    format!("{SHARDS_DIR}/{}.sketch.parquet", spec.tag())
}

/// The `[neardup]` section the shard sketched with (JSON): finalize clusters with it.
pub fn neardup_rel(spec: ShardSpec) -> String {
    format!("{SHARDS_DIR}/{}.neardup-params", spec.tag())
}

/// Tables made across all shards by finalize, not exported from a shard's own dataset.
pub const FINALIZE_TABLES: [&str; 2] = ["near_duplicates", "corpus_entities"];

/// Every completion record in the dataset, in shard order.
pub fn read_records(dataset: &SharedDataset) -> Result<Vec<ShardRecord>> {
    let mut out = Vec::new();
    for name in dataset.list(SHARDS_DIR)? {
        if !name.ends_with(".json") {
            continue;
        }
        let rel = format!("{SHARDS_DIR}/{name}");
        let Some(bytes) = dataset.get(&rel)? else {
            continue;
        };
        let record: ShardRecord = serde_json::from_slice(&bytes).map_err(|e| {
            Error::Other(format!(
                "{}/{rel}: not a shard record: {e}",
                dataset.describe()
            ))
        })?;
        out.push(record);
    }
    out.sort_by_key(|r| r.index);
    Ok(out)
}

/// Where a shard runs its own dataset: beside a local shared dataset
/// (`datasets/.news.shards/0002-of-0004`), or for a bucket under `NEWSPRINT_WORK_DIR`
/// (default: the system's temporary folder), in a folder named after the URL.
pub fn scratch_dir(output: &Path, spec: ShardSpec) -> PathBuf {
    let text = output.to_string_lossy();
    if newsprint_store::is_url(&text) {
        let root = std::env::var_os("NEWSPRINT_WORK_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| std::env::temp_dir().join("newsprint-work"));
        let key = newsprint::fsutil::hash128_hex(text.as_bytes());
        root.join(&key[..16]).join(spec.tag())
    } else {
        newsprint::pipeline::sibling(output, "shards").join(spec.tag())
    }
}

/// One input file of the whole listing: its identity, size, and what tells a change.
struct Listed {
    rel: String,
    size: u64,
    stamp: String,
}

/// Every input, in the order a single run reads them (by identity), and the local files
/// of this shard's share (downloaded first when the input is a URL).
fn list_inputs(pipeline: &Pipeline) -> Result<(Vec<Listed>, Option<Store>)> {
    let urls: Vec<&PathBuf> = pipeline
        .inputs
        .iter()
        .filter(|p| newsprint_store::is_url(&p.to_string_lossy()))
        .collect();
    if urls.is_empty() {
        let (files, _excluded) = discover(&pipeline.inputs, &pipeline.exclude)?;
        let listed = files
            .iter()
            .map(|f| {
                let (size, stamp) = match std::fs::metadata(&f.path) {
                    Ok(m) => (m.len(), modified_nanos(&m).to_string()),
                    Err(_) => (0, String::new()),
                };
                Listed {
                    rel: f.rel.clone(),
                    size,
                    stamp,
                }
            })
            .collect();
        return Ok((listed, None));
    }
    if pipeline.inputs.len() > 1 {
        return Err(Error::Config(format!(
            "{} inputs with a URL among them: give one URL (a bucket prefix holds any number \
             of files), or local paths only",
            pipeline.inputs.len()
        )));
    }
    let url = urls[0].to_string_lossy();
    let store = Store::open(&url).map_err(store_error)?;
    let exclude = newsprint::input::build_set(&pipeline.exclude)?;
    let listed = store
        .list()
        .map_err(store_error)?
        .into_iter()
        .filter(|e| !exclude.is_match(&e.key))
        .map(|e| Listed {
            rel: e.key,
            size: e.size,
            stamp: String::new(),
        })
        .collect();
    Ok((listed, Some(store)))
}

/// Runs one shard of `pipeline` into the shared dataset `pipeline.dataset_dir` (a folder
/// or a bucket URL).
pub fn run_shard(pipeline: &Pipeline, spec: ShardSpec, opts: &RunOptions) -> Result<ShardOutcome> {
    let output = &pipeline.dataset_dir;
    let shared = SharedDataset::open(output)?;
    refuse_unsharded(&shared)?;
    refuse_other_split(&shared, spec)?;
    let (listed, source) = list_inputs(pipeline)?;
    if listed.is_empty() {
        return Err(Error::Config(format!(
            "no input files were found in {}",
            pipeline
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let sized: Vec<(&str, u64)> = listed.iter().map(|l| (l.rel.as_str(), l.size)).collect();
    let shard_of = assign(&sized, spec.count);
    let mine: Vec<usize> = (0..listed.len())
        .filter(|&i| shard_of[i] == spec.index)
        .collect();
    let config = config_hash(&(
        &pipeline.exclude,
        &pipeline.parse,
        &pipeline.normalize,
        &pipeline.extract,
        &pipeline.write,
        &pipeline.neardup,
    ));
    let tag = spec.tag();
    let described: Vec<String> = mine
        .iter()
        .map(|&i| format!("{}\t{}\t{}", listed[i].rel, listed[i].size, listed[i].stamp))
        .collect();
    let fingerprint = hash_parts(
        [
            config.as_str(),
            tag.as_str(),
            newsprint::schema::SCHEMA_VERSION,
        ]
        .into_iter()
        .chain(described.iter().map(String::as_str)),
    );
    if !opts.force
        && let Some(done) = shared
            .get(&record_rel(spec))?
            .and_then(|b| serde_json::from_slice::<ShardRecord>(&b).ok())
        && done.fingerprint == fingerprint
        && parts_present(&shared, &done)?
    {
        return Ok(ShardOutcome::AlreadyDone(done));
    }

    // The shard's own dataset, in a scratch folder: a run like any other (incremental,
    // atomic), over this shard's files only.
    let scratch = scratch_dir(output, spec);
    std::fs::create_dir_all(&scratch).map_err(|e| Error::io(&scratch, e))?;
    let mut inner = pipeline.clone();
    inner.dataset_dir = scratch.join("dataset");
    let mut unreadable = BTreeMap::new();
    if let Some(store) = &source {
        // Only this shard's objects come down, each streamed to disk, several at a time
        // (a bucket answers each request in milliseconds: one at a time, small objects
        // would spend the shard's time waiting); a download already there with the
        // object's size is not fetched again.
        let inputs = scratch.join("inputs");
        let downloads = rayon::ThreadPoolBuilder::new()
            .num_threads(DOWNLOADS_AT_ONCE)
            .build()
            .map_err(|e| Error::Other(format!("download threads: {e}")))?;
        let fetched: Vec<Result<Option<(String, String)>>> = downloads.install(|| {
            mine.par_iter()
                .map(|&i| {
                    let l = &listed[i];
                    let dest = inputs.join(&l.rel);
                    if std::fs::metadata(&dest).is_ok_and(|m| m.len() == l.size) {
                        return Ok(None);
                    }
                    if let Some(parent) = dest.parent() {
                        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                    }
                    match store.download_to(&l.rel, &dest) {
                        Ok(_) => Ok(None),
                        Err(e) if e.is_not_found() => Ok(Some((l.rel.clone(), e.to_string()))),
                        Err(e) => Err(store_error(e)),
                    }
                })
                .collect()
        });
        for outcome in fetched {
            if let Some((rel, why)) = outcome? {
                unreadable.insert(rel, why);
            }
        }
        std::fs::create_dir_all(&inputs).map_err(|e| Error::io(&inputs, e))?;
        inner.inputs = vec![inputs];
    }
    let only: BTreeSet<String> = mine.iter().map(|&i| listed[i].rel.clone()).collect();
    let inner_opts = RunOptions {
        only: None,
        allow_empty: true,
        only_files: Some(Arc::new(only)),
        missing_files: Some(Arc::new(unreadable)),
        ..opts.clone()
    };
    let report = run(&inner, &inner_opts)?;
    let manifest = report.manifest.clone().ok_or_else(|| {
        Error::Other(format!(
            "shard {spec}: the run left no dataset in {}",
            inner.dataset_dir.display()
        ))
    })?;

    // The record goes first and comes back last: a shard killed while exporting has no
    // record, so finalize sees it as unfinished, whatever parts it left. The dataset is no
    // longer final either until finalize runs again.
    shared.delete(&record_rel(spec))?;
    shared.delete(MANIFEST)?;
    let order: BTreeMap<&str, u64> = mine
        .iter()
        .map(|&i| (listed[i].rel.as_str(), i as u64))
        .collect();
    let parts = export_parts(&inner.dataset_dir, &shared, spec)?;
    let keys = crate::keys::write_keys(&inner.dataset_dir, spec, &order, &scratch)?;
    shared.put_file(&keys, &keys_rel(spec))?;
    let sketches = write_sketches(&inner.dataset_dir, spec, &scratch)?;
    shared.put_file(&sketches, &sketches_rel(spec))?;
    let neardup =
        serde_json::to_vec_pretty(&pipeline.neardup).map_err(|e| Error::Other(e.to_string()))?;
    shared.put(&neardup_rel(spec), &neardup)?;
    let record = ShardRecord {
        index: spec.index,
        count: spec.count,
        fingerprint,
        files: mine
            .iter()
            .map(|&i| (listed[i].rel.clone(), i as u64))
            .collect(),
        parts,
        manifest,
        corpus_index_disabled: !pipeline.corpus_entities.enabled,
    };
    let json = serde_json::to_vec_pretty(&record).map_err(|e| Error::Other(e.to_string()))?;
    shared.put(&record_rel(spec), &json)?;
    Ok(ShardOutcome::Ran {
        record,
        report: Box::new(report),
    })
}

fn modified_nanos(meta: &std::fs::Metadata) -> i128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i128)
}

fn parts_present(shared: &SharedDataset, record: &ShardRecord) -> Result<bool> {
    for (table, names) in &record.parts {
        let there: BTreeSet<String> = shared.list(table)?.into_iter().collect();
        if !names.iter().all(|n| there.contains(n)) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A dataset made by one ordinary run is replaced whole by its next run; parts of shards
/// added to it would vanish then. So the two never share a folder.
fn refuse_unsharded(shared: &SharedDataset) -> Result<()> {
    if shared.get(MANIFEST)?.is_some() && shared.list(SHARDS_DIR)?.is_empty() {
        return Err(Error::Config(format!(
            "{} was made by an ordinary run (not in shards): give the shards another --output, \
             or remove it",
            shared.describe()
        )));
    }
    Ok(())
}

/// All shards of a dataset come from one split: parts of a 4-way and an 8-way split of the
/// same inputs would hold some articles twice.
fn refuse_other_split(shared: &SharedDataset, spec: ShardSpec) -> Result<()> {
    if let Some(other) = read_records(shared)?
        .into_iter()
        .find(|r| r.count != spec.count)
    {
        return Err(Error::Config(format!(
            "{} holds shards of a {}-way split ({}/{} among them); this is shard {spec}: use \
             --shard I/{}, or another --output",
            shared.describe(),
            other.count,
            other.index,
            other.count,
            other.count
        )));
    }
    Ok(())
}

/// Puts each part of the shard's dataset into the shared one under the shard's prefix,
/// each appearing whole, and removes the shard's parts of an earlier run that this one did
/// not make.
fn export_parts(
    scratch: &Path,
    shared: &SharedDataset,
    spec: ShardSpec,
) -> Result<BTreeMap<String, Vec<String>>> {
    let prefix = spec.part_prefix();
    let mut parts = BTreeMap::new();
    for table in TABLES {
        if FINALIZE_TABLES.contains(&table) {
            continue;
        }
        let mut names = Vec::new();
        for src in newsprint::parquet_io::part_files(&scratch.join(table))? {
            let file = src
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let name = spec.part_name(&file);
            shared.put_file(&src, &format!("{table}/{name}"))?;
            names.push(name);
        }
        let made: BTreeSet<&String> = names.iter().collect();
        for name in shared.list(table)? {
            if name.starts_with(&prefix) && !made.contains(&name) {
                shared.delete(&format!("{table}/{name}"))?;
            }
        }
        parts.insert(table.to_owned(), names);
    }
    Ok(parts)
}

/// Every part's sketches of the shard's own dataset, in one file.
fn write_sketches(dataset: &Path, spec: ShardSpec, scratch: &Path) -> Result<PathBuf> {
    let dir = dataset
        .join("_stages")
        .join("normalize")
        .join("neardup_sketch");
    let mut rows: Vec<newsprint::model::NeardupSketch> = Vec::new();
    if dir.is_dir() {
        for part in newsprint::parquet_io::part_files(&dir)? {
            rows.extend(newsprint::parquet_io::read_rows(&part)?);
        }
    }
    let out = scratch.join(format!("{}.sketch.parquet", spec.tag()));
    newsprint::parquet_io::write_rows(&out, &rows, 3)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_spec_reads_flags_and_refuses_out_of_range() {
        assert_eq!(
            ShardSpec::parse("2/8").unwrap(),
            ShardSpec::new(2, 8).unwrap()
        );
        assert!(ShardSpec::parse("8/8").is_err());
        assert!(ShardSpec::parse("1/0").is_err());
        assert!(ShardSpec::parse("x/2").is_err());
        assert!(ShardSpec::parse("2").is_err());
        assert_eq!(ShardSpec::new(2, 8).unwrap().tag(), "0002-of-0008");
    }

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn slurm_array_environment_names_the_shard() {
        let env = env_of(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "8"),
        ]);
        assert_eq!(
            ShardSpec::from_env(None, &env).unwrap(),
            Some(ShardSpec::new(3, 8).unwrap())
        );
        // An array numbered from 1 (`--array=1-8`).
        let env = env_of(&[
            ("SLURM_ARRAY_TASK_ID", "8"),
            ("SLURM_ARRAY_TASK_COUNT", "8"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
        ]);
        assert_eq!(
            ShardSpec::from_env(None, &env).unwrap(),
            Some(ShardSpec::new(7, 8).unwrap())
        );
        let env = env_of(&[("SLURM_ARRAY_TASK_ID", "3")]);
        assert!(ShardSpec::from_env(None, &env).is_err());
        assert_eq!(
            ShardSpec::from_env(Some(4), &env).unwrap(),
            Some(ShardSpec::new(3, 4).unwrap())
        );
    }

    #[test]
    fn kubernetes_indexed_job_needs_the_count_as_a_flag() {
        let env = env_of(&[("JOB_COMPLETION_INDEX", "5")]);
        let err = ShardSpec::from_env(None, &env).unwrap_err().to_string();
        assert!(err.contains("--shards"), "{err}");
        assert_eq!(
            ShardSpec::from_env(Some(6), &env).unwrap(),
            Some(ShardSpec::new(5, 6).unwrap())
        );
        assert!(ShardSpec::from_env(Some(5), &env).is_err());
    }

    #[test]
    fn no_environment_is_an_ordinary_run() {
        assert_eq!(ShardSpec::from_env(None, env_of(&[])).unwrap(), None);
        assert!(ShardSpec::from_env(Some(4), env_of(&[])).is_err());
    }

    #[test]
    fn assignment_balances_bytes_and_ignores_listing_order() {
        let files = [
            ("a", 100),
            ("b", 90),
            ("c", 10),
            ("d", 10),
            ("e", 5),
            ("f", 95),
        ];
        let shards = assign(&files, 2);
        let load = |s: u32| -> u64 {
            files
                .iter()
                .zip(&shards)
                .filter(|(_, x)| **x == s)
                .map(|(f, _)| f.1)
                .sum()
        };
        // Largest first to the lightest shard leaves the shards at most one file apart.
        assert!(
            load(0).abs_diff(load(1)) <= 100,
            "{} vs {}",
            load(0),
            load(1)
        );
        assert_eq!(load(0) + load(1), 310);
        let mut reversed = files;
        reversed.reverse();
        let again = assign(&reversed, 2);
        for (i, f) in files.iter().enumerate() {
            let j = reversed.iter().position(|r| r.0 == f.0).unwrap();
            assert_eq!(shards[i], again[j], "{}", f.0);
        }
        // More shards than files: some shards are empty, none gets two files.
        let spread = assign(&files, 10);
        let distinct: BTreeSet<u32> = spread.iter().copied().collect();
        assert_eq!(distinct.len(), files.len());
    }
}
