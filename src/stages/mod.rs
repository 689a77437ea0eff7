//! The stages, in order: parse → normalize → extract → write. Each persists its output under
//! `<parent>/.<dataset>.stages/<stage>/` with a manifest (see `pipeline`), so it can be re-run
//! alone and skipped when nothing it depends on changed.

pub mod extract;
pub mod normalize;
pub mod parse;
pub mod write;

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::fsutil::{hash128_hex, write_atomic};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Stage {
    Parse,
    Normalize,
    Extract,
    Write,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Parse, Stage::Normalize, Stage::Extract, Stage::Write];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Parse => parse::STAGE,
            Stage::Normalize => normalize::STAGE,
            Stage::Extract => extract::STAGE,
            Stage::Write => write::STAGE,
        }
    }

    pub fn version(self) -> u32 {
        match self {
            Stage::Parse => parse::VERSION,
            Stage::Normalize => normalize::VERSION,
            Stage::Extract => extract::VERSION,
            Stage::Write => write::VERSION,
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
    pub fn is_current(&self, stage: Stage, config_hash: &str, input_fingerprint: &str) -> bool {
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
