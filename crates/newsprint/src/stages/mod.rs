//! The stages, in order: parse → normalize → extract → write. Each persists its output under
//! `<parent>/.<dataset>.stages/<stage>/` with a manifest (see `pipeline`), so it can be re-run
//! alone and skipped when nothing it depends on changed.
//!
//! A stage that writes parts (parse, normalize, extract) implements [`Stage`]: it plans its
//! work as units with fingerprints, makes the parts of a unit, and may say how a kept unit is
//! carried over. The runner in `pipeline::runner` owns everything else: skipping a current
//! stage, keeping unchanged units, staging folders, manifests, counts, progress and Ctrl-C.
//! `write` publishes the stage outputs as the dataset (`pipeline::publish`).

pub mod corpus_entities;
pub mod extract;
pub mod near_duplicates;
pub mod normalize;
pub mod parse;
pub mod write;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::config::Pipeline;
use crate::error::{Error, Result};
use crate::fsutil::{hash128_hex, write_atomic};
use crate::pipeline::Context;
use crate::pipeline::runner::PartWriter;

/// A stage that turns the parts of its input into parts of its own output.
pub trait Stage {
    fn name(&self) -> StageName;
    /// The tables each of its parts has.
    fn tables(&self) -> &'static [&'static str];
    /// What its progress counts: "files", "records", "articles".
    fn counts_in(&self) -> &'static str;
    /// Hash of what its output depends on besides its input: settings, a model, the version.
    fn config(&self, pipeline: &Pipeline) -> Result<String>;
    /// The work, in output order, from the current input.
    fn plan(&mut self, ctx: &Context, config: &str) -> Result<Plan>;
    /// Makes the parts of one unit, each through `out`; `tick` advances the progress.
    fn make(
        &mut self,
        ctx: &Context,
        unit: &Unit,
        out: &mut PartWriter,
        tick: &(dyn Fn(u64) + Sync),
    ) -> Result<()>;
    /// Carries over the parts an unchanged unit made last time (`kept`: their positions and
    /// stats in the current output). By default they are linked as they are.
    fn keep(
        &mut self,
        _ctx: &Context,
        _unit: &Unit,
        kept: &[(usize, PartStats)],
        out: &mut PartWriter,
    ) -> Result<()> {
        out.link_all(kept)
    }
    /// Writes what is not per part and adds stage-wide counts, once every unit is done.
    fn finish(
        &mut self,
        _ctx: &Context,
        _out: &mut PartWriter,
        _manifest: &mut StageManifest,
    ) -> Result<()> {
        Ok(())
    }
    /// What the stage made, for the line printed when it is done.
    fn report(&self, manifest: &StageManifest) -> String;
    /// What was kept, for the same line: ", 3 of 5 parts unchanged and kept".
    fn kept_note(&self, kept_units: usize, units: usize) -> String {
        if kept_units == 0 {
            String::new()
        } else {
            format!(", {kept_units} of {units} parts unchanged and kept")
        }
    }
}

/// A stage's work: what its input is, and the units to make or keep.
#[derive(Debug, Default)]
pub struct Plan {
    pub input_fingerprint: String,
    pub units: Vec<Unit>,
    /// Run even when the manifest says the output is current (an input could not be read).
    pub always_run: bool,
}

/// One unit of work: a group of input files, or one part of the stage before.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The stage's own index of the unit (a file group, an input part).
    pub key: usize,
    /// What the unit is made from; its parts are kept when it is unchanged.
    pub fingerprint: String,
    /// How much progress it is worth.
    pub weight: u64,
    /// False when its input must be read again whatever its fingerprint.
    pub reusable: bool,
}

/// One hash of several strings, each ended by a separator so that their boundaries count.
pub fn hash_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut acc = String::new();
    for p in parts {
        acc.push_str(p);
        acc.push('\u{1f}');
    }
    hash128_hex(acc.as_bytes())
}

impl Plan {
    /// One unit per part of the stage before (`prev`), weighed by its count `weight`.
    pub fn part_by_part(prev: StageManifest, config: &str, version: u32, weight: &str) -> Plan {
        Plan {
            units: prev
                .part_stats
                .iter()
                .enumerate()
                .map(|(key, part)| Unit {
                    key,
                    fingerprint: unit_of_part(part, config, version),
                    weight: part.count(weight),
                    reusable: true,
                })
                .collect(),
            input_fingerprint: prev.output_fingerprint,
            always_run: false,
        }
    }
}

/// The fingerprint of a unit that is one part of the stage before: that part, this stage's
/// config and version.
pub fn unit_of_part(part: &PartStats, config: &str, version: u32) -> String {
    hash_parts([part.fingerprint.as_str(), config, &version.to_string()])
}

/// The stages by name, in run order (what `--stage` takes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StageName {
    Parse,
    Normalize,
    Extract,
    Write,
}

impl StageName {
    pub const ALL: [StageName; 4] = [
        StageName::Parse,
        StageName::Normalize,
        StageName::Extract,
        StageName::Write,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Parse => parse::STAGE,
            StageName::Normalize => normalize::STAGE,
            StageName::Extract => extract::STAGE,
            StageName::Write => write::STAGE,
        }
    }

    pub fn version(self) -> u32 {
        match self {
            StageName::Parse => parse::VERSION,
            StageName::Normalize => normalize::VERSION,
            StageName::Extract => extract::VERSION,
            StageName::Write => write::VERSION,
        }
    }
}

/// What a stage records about the run that made its output.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StageManifest {
    pub stage: String,
    pub stage_version: u32,
    pub config_hash: String,
    pub input_fingerprint: String,
    /// Hash of every file the stage wrote: the next stage's input fingerprint.
    pub output_fingerprint: String,
    pub parts: usize,
    pub counts: BTreeMap<String, u64>,
    pub rejects_by_reason: BTreeMap<String, u64>,
    /// One entry per part: what it was made from and what it holds, so that a later run
    /// can keep the parts whose input did not change.
    #[serde(default)]
    pub part_stats: Vec<PartStats>,
}

/// What one part of a stage's output was made from, and its counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PartStats {
    /// What the part was made from: a part with the same fingerprint is kept, not redone.
    pub fingerprint: String,
    /// Parse: the file group the part came from (a group gives one or more parts).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub group: String,
    /// Normalize: hash of the part's duplicate flags, which depend on every earlier part.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub flags: String,
    pub counts: BTreeMap<String, u64>,
    pub rejects_by_reason: BTreeMap<String, u64>,
}

impl PartStats {
    pub fn count(&self, key: &str) -> u64 {
        self.counts.get(key).copied().unwrap_or(0)
    }
}

pub const MANIFEST: &str = "_manifest.json";

impl StageManifest {
    pub fn read(dir: &Path) -> Option<StageManifest> {
        let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn write(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_string_pretty(self).map_err(|e| Error::Other(e.to_string()))?;
        write_atomic(&dir.join(MANIFEST), json.as_bytes())
    }

    /// True when this output was made by the same stage version from the same input and config.
    pub fn is_current(&self, stage: StageName, config_hash: &str, input_fingerprint: &str) -> bool {
        self.stage_version == stage.version()
            && self.config_hash == config_hash
            && self.input_fingerprint == input_fingerprint
    }

    pub fn count(&self, key: &str) -> u64 {
        self.counts.get(key).copied().unwrap_or(0)
    }

    /// Adds a part's counts to the stage's totals and keeps its stats.
    pub fn add_part(&mut self, part: PartStats) {
        for (k, v) in &part.counts {
            *self.counts.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &part.rejects_by_reason {
            *self.rejects_by_reason.entry(k.clone()).or_default() += v;
        }
        self.part_stats.push(part);
    }
}

pub fn part_name(i: usize) -> String {
    format!("part-{i:05}.parquet")
}

/// Hash of the config a stage depends on, as canonical JSON.
pub fn config_hash<T: Serialize>(config: &T) -> String {
    let json = serde_json::to_vec(config).unwrap_or_default();
    hash128_hex(&json)
}
