//! The one loop every part-writing stage runs in: skip a current stage, keep the units whose
//! fingerprint is unchanged, make the others, write through a staging folder, count, report.
//!
//! A part's tables are written while the next unit is made: a unit's own work ends in a few
//! threads reading its input and encoding its largest table, and overlapping that tail with
//! the next unit's per-article work keeps every core busy. At most one unit's rows wait.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::Result;
use crate::fsutil::StagingDir;
use crate::parquet_io::{read_rows, write_rows};
use crate::schema::Table;
use crate::stages::{PartStats, Stage, StageManifest, hash_parts, part_name, write};

use super::{Context, Event};

/// Runs `stage`; false when its output was current and nothing was done.
pub fn run_stage(ctx: &Context, stage: &mut dyn Stage) -> Result<bool> {
    let name = stage.name();
    let config = stage.config(ctx.pipeline)?;
    let plan = stage.plan(ctx, &config)?;
    if !plan.always_run && !ctx.needs_run(name, &config, &plan.input_fingerprint) {
        return Ok(false);
    }
    let started = Instant::now();
    let old = ctx.reusable_manifest(name, &config);
    let mut old_units: HashMap<&str, Vec<(usize, PartStats)>> = HashMap::new();
    for (i, stats) in old.iter().flat_map(|m| m.part_stats.iter().enumerate()) {
        old_units
            .entry(stats.group.as_str())
            .or_default()
            .push((i, stats.clone()));
    }
    let staging = StagingDir::fresh(&ctx.stage_dir(name))?;
    let total = plan.units.iter().map(|u| u.weight).sum();
    ctx.report(Event::Started {
        stage: name,
        total,
        counts_in: stage.counts_in(),
    });
    let tick = |n: u64| {
        ctx.report(Event::Progress {
            stage: name,
            done: n,
        })
    };
    let mut out = PartWriter {
        staging: staging.path().to_path_buf(),
        current: ctx.stage_dir(name),
        tables: stage.tables(),
        zstd: ctx.zstd(),
        parts: Vec::new(),
        unit: String::new(),
        made_in_unit: 0,
        pending: Vec::new(),
    };
    let mut kept_units = 0;
    for unit in &plan.units {
        ctx.check_cancel()?;
        let writes = out.take_pending();
        out.unit = unit.fingerprint.clone();
        out.made_in_unit = 0;
        let kept = old_units
            .get(unit.fingerprint.as_str())
            .filter(|parts| unit.reusable && parts.iter().all(|(i, _)| out.exists(*i)));
        let mut written = Ok(());
        let made = rayon::in_place_scope(|scope| {
            scope.spawn(|_| written = run_writes(writes));
            match kept {
                Some(parts) => {
                    stage.keep(ctx, unit, parts, &mut out)?;
                    kept_units += 1;
                    tick(unit.weight);
                    Ok(())
                }
                None => stage.make(ctx, unit, &mut out, &tick),
            }
        });
        written.and(made)?;
    }
    out.flush()?;
    let mut manifest = StageManifest {
        stage: name.as_str().to_owned(),
        stage_version: name.version(),
        config_hash: config,
        input_fingerprint: plan.input_fingerprint,
        ..Default::default()
    };
    for stats in std::mem::take(&mut out.parts) {
        manifest.add_part(stats);
    }
    stage.finish(ctx, &mut out, &mut manifest)?;
    out.flush()?;
    manifest.parts = manifest.part_stats.len();
    manifest.output_fingerprint = output_fingerprint(&manifest.part_stats);
    manifest.write(staging.path())?;
    let report = stage.report(&manifest);
    staging.commit(&ctx.stage_dir(name))?;
    let kept = stage.kept_note(kept_units, plan.units.len());
    ctx.report(Event::Finished {
        stage: name,
        summary: format!("{report}{kept}"),
        seconds: started.elapsed().as_secs_f64(),
    });
    Ok(true)
}

/// A stage's output fingerprint: what its parts were made from, in order.
pub fn output_fingerprint(parts: &[PartStats]) -> String {
    hash_parts(
        parts
            .iter()
            .flat_map(|p| [p.fingerprint.as_str(), p.flags.as_str()]),
    )
}

/// One table file waiting to be written.
type Write = Box<dyn FnOnce() -> Result<()> + Send>;

/// Writes the files side by side; the first error in their order is the one reported.
fn run_writes(writes: Vec<Write>) -> Result<()> {
    use rayon::prelude::*;
    let results: Vec<Result<()>> = writes.into_par_iter().map(|w| w()).collect();
    results.into_iter().collect()
}

/// Where a stage writes its parts: into its staging folder, at the next position. Writes
/// are queued with the part's position fixed when queued; the runner runs them beside the
/// next unit, and `flush` runs them now.
pub struct PartWriter {
    staging: PathBuf,
    /// The stage's current (previous run's) output, which kept parts are linked from.
    current: PathBuf,
    tables: &'static [&'static str],
    zstd: i32,
    parts: Vec<PartStats>,
    unit: String,
    made_in_unit: usize,
    pending: Vec<Write>,
}

impl PartWriter {
    /// Position of the part being written.
    pub fn index(&self) -> usize {
        self.parts.len()
    }

    /// Queues one table of the part being written.
    pub fn write<T: Table + 'static>(&mut self, table: &str, rows: Vec<T>) {
        self.write_at(table, self.index(), rows)
    }

    /// Queues a table that is not per part (one file, `part-00000`).
    pub fn write_whole<T: Table + 'static>(&mut self, table: &str, rows: Vec<T>) {
        self.write_at(table, 0, rows)
    }

    fn write_at<T: Table + 'static>(&mut self, table: &str, i: usize, rows: Vec<T>) {
        let dir = self.staging.join(table);
        let zstd = self.zstd;
        self.pending.push(Box::new(move || {
            std::fs::create_dir_all(&dir).map_err(|e| crate::error::Error::io(&dir, e))?;
            write_rows(&dir.join(part_name(i)), &rows, zstd)
        }));
    }

    /// Writes what is queued, now.
    pub fn flush(&mut self) -> Result<()> {
        run_writes(self.take_pending())
    }

    fn take_pending(&mut self) -> Vec<Write> {
        std::mem::take(&mut self.pending)
    }

    /// Reads a table of part `from` of the current output.
    pub fn read_current<T: Table>(&self, table: &str, from: usize) -> Result<Vec<T>> {
        read_rows(&self.current.join(table).join(part_name(from)))
    }

    /// Links one table of part `from` of the current output as this part's.
    pub fn link_table(&self, table: &str, from: usize) -> Result<()> {
        write::link_file(
            &self.current.join(table).join(part_name(from)),
            &self.staging.join(table).join(part_name(self.index())),
        )
    }

    /// Keeps part `from` of the current output whole, with its stats.
    pub fn link(&mut self, from: usize, stats: PartStats) -> Result<()> {
        for table in self.tables {
            self.link_table(table, from)?;
        }
        self.parts.push(stats);
        self.made_in_unit += 1;
        Ok(())
    }

    /// Keeps the parts of an unchanged unit whole (`kept`: positions and stats in the
    /// current output).
    pub fn link_all(&mut self, kept: &[(usize, PartStats)]) -> Result<()> {
        for (from, stats) in kept {
            self.link(*from, stats.clone())?;
        }
        Ok(())
    }

    /// Ends the part being written: its fingerprint is its unit's and its place in the unit.
    pub fn done(&mut self, mut stats: PartStats) -> Result<()> {
        stats.fingerprint = hash_parts([self.unit.as_str(), &self.made_in_unit.to_string()]);
        stats.group = self.unit.clone();
        self.parts.push(stats);
        self.made_in_unit += 1;
        Ok(())
    }

    fn exists(&self, i: usize) -> bool {
        self.tables
            .iter()
            .all(|t| self.current.join(t).join(part_name(i)).is_file())
    }

    pub fn staging(&self) -> &Path {
        &self.staging
    }
}
