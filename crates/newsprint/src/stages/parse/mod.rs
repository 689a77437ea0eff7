//! Parse stage: the input files, listed and fingerprinted by content, cut into groups at
//! content-defined boundaries, and parsed group by group into parts of at most
//! `PART_ROWS` rows (`records`). A group whose files are unchanged keeps its parts.

mod records;

pub use records::*;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use crate::config::Pipeline;
use crate::error::Result;
use crate::fsutil::hash128_hex;
use crate::input::{InputFile, Refusal, discover};
use crate::model::InputEntry;
use crate::parquet_io::read_rows;
use crate::pipeline::runner::PartWriter;
use crate::pipeline::{Context, FileChanges, count_reasons};
use crate::stages::{
    PartStats, Plan, Stage, StageManifest, StageName, Unit, config_hash, hash_parts, part_name,
};
use crate::vocab::RejectReason;

pub const STAGE: &str = "parse";
/// Bumped when the stage's output for the same input changes.
pub const VERSION: u32 = 12;

/// Prefix of the counts of HTML records by the extractor that gave their body (the
/// dataset manifest's `html_bodies_by_extractor`): with `auto`, the share the crate read.
pub const BODIES_BY: &str = "html_bodies_by:";

/// Rows in one part written by parse: what bounds the memory of every later stage.
pub const PART_ROWS: usize = 2048;

/// The parse stage of one run: what it listed, for its units.
#[derive(Default)]
pub struct ParseStage {
    files: Vec<InputFile>,
    entries: Vec<InputEntry>,
    groups: Vec<Range<usize>>,
    excluded: usize,
    changes: FileChanges,
    first_run: bool,
}

impl Stage for ParseStage {
    fn name(&self) -> StageName {
        StageName::Parse
    }

    fn tables(&self) -> &'static [&'static str] {
        &["parsed", "rejects"]
    }

    fn counts_in(&self) -> &'static str {
        "files"
    }

    fn config(&self, p: &Pipeline) -> Result<String> {
        Ok(config_hash(&(&p.parse, &p.exclude, p.write.zstd_level)))
    }

    fn plan(&mut self, ctx: &Context, config: &str) -> Result<Plan> {
        let p = ctx.pipeline;
        let (mut files, excluded) = discover(&p.inputs, &p.exclude)?;
        if let Some(only) = &ctx.opts.only_files {
            files.retain(|f| only.contains(&f.rel));
        }
        if let Some(missing) = &ctx.opts.missing_files {
            for (rel, why) in missing.iter() {
                let mut file = InputFile::new(rel.clone(), rel);
                file.unreadable = Some(Refusal::new(RejectReason::Unreadable, why.clone()));
                files.push(file);
            }
            files.sort_by(|a, b| a.rel.cmp(&b.rel));
        }
        if files.is_empty() {
            ctx.refuse_empty("no input files were found")?;
        }
        let dir = ctx.stage_dir(StageName::Parse);
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
        let input_fingerprint = hash_parts(
            entries
                .iter()
                .flat_map(|e| [e.source_file.as_str(), e.content_hash.as_str()])
                .chain([excluded_note.as_str()]),
        );
        for e in &entries {
            match known.get(&e.source_file) {
                None => self.changes.added += 1,
                Some(k) if k.content_hash != e.content_hash => self.changes.changed += 1,
                Some(_) => {}
            }
        }
        let current: HashSet<&str> = entries.iter().map(|e| e.source_file.as_str()).collect();
        self.changes.removed = known
            .keys()
            .filter(|k| !current.contains(k.as_str()))
            .count() as u64;
        self.first_run = known.is_empty();
        self.groups = file_groups(&files, p.parse.files_per_part);
        let version = VERSION.to_string();
        let units = self
            .groups
            .iter()
            .enumerate()
            .map(|(key, range)| {
                let group = &entries[range.clone()];
                Unit {
                    key,
                    fingerprint: hash_parts(
                        [config, version.as_str()].into_iter().chain(
                            group
                                .iter()
                                .flat_map(|e| [e.source_file.as_str(), e.content_hash.as_str()]),
                        ),
                    ),
                    weight: range.len() as u64,
                    // A file that could not be read is tried again next time.
                    reusable: group.iter().all(|e| !e.content_hash.is_empty()),
                }
            })
            .collect::<Vec<_>>();
        let always_run = units.iter().any(|u| !u.reusable);
        self.files = files;
        self.entries = entries;
        self.excluded = excluded;
        Ok(Plan {
            input_fingerprint,
            units,
            always_run,
        })
    }

    fn make(
        &mut self,
        ctx: &Context,
        unit: &Unit,
        out: &mut PartWriter,
        tick: &(dyn Fn(u64) + Sync),
    ) -> Result<()> {
        let range = self.groups[unit.key].clone();
        self.changes.parsed += range.len() as u64;
        let first = out.index();
        let mut outcome = Ok(());
        let mut write = |batch: FileOutput, out: &mut PartWriter| -> bool {
            if outcome.is_err() {
                return false;
            }
            outcome = ctx.check_cancel().and_then(|()| write_part(out, batch));
            outcome.is_ok()
        };
        parse_files_streaming(
            &self.files[range],
            &ctx.pipeline.parse,
            PART_ROWS,
            &|| tick(1),
            &mut |batch| write(batch, out),
        );
        // A group always has a part, so that it is known next time.
        if out.index() == first {
            write(FileOutput::default(), out);
        }
        outcome
    }

    fn keep(
        &mut self,
        _ctx: &Context,
        unit: &Unit,
        kept: &[(usize, PartStats)],
        out: &mut PartWriter,
    ) -> Result<()> {
        self.changes.kept += unit.weight;
        out.link_all(kept)
    }

    fn finish(
        &mut self,
        ctx: &Context,
        out: &mut PartWriter,
        manifest: &mut StageManifest,
    ) -> Result<()> {
        out.write_whole("files", std::mem::take(&mut self.entries));
        if let Ok(mut slot) = ctx.changes.lock() {
            *slot = Some(self.changes.clone());
        }
        manifest
            .counts
            .insert("inputs".into(), self.files.len() as u64);
        manifest
            .counts
            .insert("excluded".into(), self.excluded as u64);
        Ok(())
    }

    /// Parse says what it kept in files (in `report`), not in groups.
    fn kept_note(&self, _kept_units: usize, _units: usize) -> String {
        String::new()
    }

    fn report(&self, manifest: &StageManifest) -> String {
        let kept = if self.changes.kept == 0 {
            String::new()
        } else {
            format!(
                ", {} of {} files unchanged and kept",
                self.changes.kept,
                self.files.len()
            )
        };
        format!(
            "{} files{} → {} records, {} rejects{kept}",
            self.files.len(),
            change_note(&self.changes, self.first_run),
            manifest.count("parsed"),
            manifest.count("rejects"),
        )
    }
}

/// One part: the records and rejects of a batch. The batch before is written first, so that
/// a group holds at most two batches in memory.
fn write_part(out: &mut PartWriter, batch: FileOutput) -> Result<()> {
    out.flush()?;
    let mut stats = PartStats::default();
    stats
        .counts
        .insert("parsed".into(), batch.records.len() as u64);
    stats
        .counts
        .insert("rejects".into(), batch.rejects.len() as u64);
    stats.counts.insert("records".into(), batch.len() as u64);
    for name in batch.records.iter().filter_map(|r| r.extractor.as_deref()) {
        *stats
            .counts
            .entry(format!("{BODIES_BY}{name}"))
            .or_default() += 1;
    }
    count_reasons(&batch.rejects, &mut stats.rejects_by_reason);
    out.write("parsed", batch.records);
    out.write("rejects", batch.rejects);
    out.done(stats)
}

/// Cuts the sorted file list into groups at content-defined boundaries: a file whose name
/// hashes to a multiple of the target size (a quarter of `max_files`) ends its group, and no
/// group exceeds `max_files`. A boundary depends on that file's name alone, so a file added
/// or removed changes its own group, never the others. A quarter, not less: each part costs
/// a set of files and compressor setups in every stage: 1,671 short text files cut into 11
/// parts instead of 1 ran 5-7% slower end to end; and at most one group in 50 reaches
/// the cap, where boundaries stop depending on names alone.
fn file_groups(files: &[InputFile], max_files: usize) -> Vec<Range<usize>> {
    let max_files = max_files.max(1);
    let target = (max_files as u64 / 4).max(1);
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
            Some(refusal) if refusal.reason != RejectReason::Unreadable => {
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
    // Read into spare capacity: a zeroed buffer per file cost more than the hashing.
    let mut buf = Vec::with_capacity(1 << 16);
    loop {
        buf.clear();
        if (&mut file).take(1 << 16).read_to_end(&mut buf)? == 0 {
            break;
        }
        hasher.update(&buf);
    }
    Ok(format!("{:032x}", hasher.digest128()))
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
