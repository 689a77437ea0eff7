//! What a `newsprint run` shows: its events as lines and progress bars on standard error,
//! and the summary on standard output.

use newsprint::config::Pipeline;
use newsprint::pipeline::{DatasetManifest, Event, Publication, Reporter, RunReport, StageOutcome};
use newsprint_scale::finalize::FinalizeOutcome;
use newsprint_scale::shard::{ShardOutcome, ShardSpec};

/// A run's events on standard error: one line per stage, and a progress bar while it works
/// when standard error is a terminal and `-q` was not given.
pub struct StderrReporter {
    bars: bool,
    bar: std::sync::RwLock<Option<indicatif::ProgressBar>>,
}

impl StderrReporter {
    pub fn new(bars: bool) -> Self {
        StderrReporter {
            bars,
            bar: std::sync::RwLock::new(None),
        }
    }

    fn clear_bar(&self) {
        if let Ok(mut slot) = self.bar.write()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}

impl Reporter for StderrReporter {
    fn event(&self, event: Event<'_>) {
        match event {
            Event::Started {
                stage,
                total,
                counts_in,
            } if self.bars => {
                let bar = indicatif::ProgressBar::new(total);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{prefix:<9} [{bar:30}] {pos}/{len} {msg} ({per_sec}, eta {eta})",
                    )
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar.set_prefix(stage.as_str());
                bar.set_message(counts_in);
                if let Ok(mut slot) = self.bar.write() {
                    *slot = Some(bar);
                }
            }
            Event::Started { .. } => {}
            Event::Progress { done, .. } => {
                if let Ok(slot) = self.bar.read()
                    && let Some(bar) = slot.as_ref()
                {
                    bar.inc(done);
                }
            }
            Event::Finished {
                stage,
                summary,
                seconds,
            } => {
                self.clear_bar();
                eprintln!("{:<9} {summary} ({seconds:.2}s)", stage.as_str());
            }
            Event::UpToDate { stage } => {
                eprintln!(
                    "{:<9} up to date (same input, config and version): skipped",
                    stage.as_str()
                );
            }
            Event::Published { dataset } => {
                eprintln!("{:<9} published {}", "write", dataset.display());
            }
            Event::Warning(text) => {
                self.clear_bar();
                eprintln!("warning: {text}");
            }
        }
    }
}

pub fn print_summary(out: &mut impl std::io::Write, report: &RunReport) -> std::io::Result<()> {
    if report.did_nothing() {
        writeln!(
            out,
            "nothing to do: {} is up to date",
            report.dataset_dir.display()
        )?;
        return Ok(());
    }
    let ran: Vec<&str> = report
        .stages
        .iter()
        .filter(|(_, o)| matches!(o, StageOutcome::Ran { .. }))
        .map(|(s, _)| s.as_str())
        .collect();
    let published = report.publication == Publication::Published;
    let ran = if published && !ran.contains(&"write") {
        format!("{}, write", ran.join(", "))
    } else {
        ran.join(", ")
    };
    writeln!(out, "ran: {ran}")?;
    if let Publication::Stale(why) = &report.publication {
        writeln!(
            out,
            "not published: {} still holds the tables of an earlier run; {why}",
            report.dataset_dir.display()
        )?;
        return Ok(());
    }
    let timings: Vec<String> = report
        .stages
        .iter()
        .filter_map(|(s, o)| match o {
            StageOutcome::Ran { seconds_millis } => Some(format!(
                "{} {:.2}s",
                s.as_str(),
                *seconds_millis as f64 / 1000.0
            )),
            StageOutcome::UpToDate => None,
        })
        .collect();
    let Some(m) = &report.manifest else {
        writeln!(
            out,
            "(the dataset is not published yet: run the write stage)"
        )?;
        return Ok(());
    };
    let secs = report.elapsed.as_secs_f64();
    writeln!(out, "dataset   {}", report.dataset_dir.display())?;
    writeln!(
        out,
        "inputs    {} files ({} excluded by pattern), {} records",
        m.inputs, m.excluded, m.records
    )?;
    if let Some(c) = &report.changes
        && c.kept > 0
    {
        writeln!(
            out,
            "changes   {} added, {} changed, {} removed; {} files parsed, {} kept",
            c.added, c.changed, c.removed, c.parsed, c.kept
        )?;
    }
    print_totals(out, m)?;
    match &report.changes {
        // Most of the dataset was kept: a rate over all its rows would flatter the run.
        Some(c) if c.kept > 0 => writeln!(
            out,
            "time      {secs:.2}s, {} of {} files parsed again ({})",
            c.parsed,
            m.inputs,
            timings.join(", ")
        ),
        _ => writeln!(
            out,
            "time      {secs:.2}s, {:.0} articles/s ({})",
            m.articles as f64 / secs.max(1e-9),
            timings.join(", ")
        ),
    }
}

/// The dataset's rows, table by table, and its rejects by reason.
fn print_totals(out: &mut impl std::io::Write, m: &DatasetManifest) -> std::io::Result<()> {
    writeln!(
        out,
        "articles  {} rows: {} unique, {} flagged duplicates",
        m.articles, m.unique_articles, m.duplicates
    )?;
    let damaged = m.rejects - m.skipped_by_design;
    writeln!(
        out,
        "rejects   {}: {damaged} unusable, {} skipped by design (records that are not articles)",
        m.rejects, m.skipped_by_design
    )?;
    for (reason, n) in &m.rejects_by_reason {
        if !newsprint::pipeline::is_skipped_by_design(reason) {
            writeln!(out, "  {reason:<28} {n}")?;
        }
    }
    if m.skipped_by_design > 0 {
        writeln!(out, "  skipped by design:")?;
        for (reason, n) in &m.rejects_by_reason {
            if newsprint::pipeline::is_skipped_by_design(reason) {
                writeln!(out, "  {reason:<28} {n}")?;
            }
        }
    }
    writeln!(out, "links     {}", m.links)?;
    writeln!(out, "dates     {}", m.dates)?;
    writeln!(out, "mentions  {}", m.mentions)?;
    writeln!(out, "quotes    {}", m.quotes)?;
    let by_language = |counts: &std::collections::BTreeMap<String, u64>| {
        let mut v: Vec<(&String, &u64)> = counts.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let total: u64 = counts.values().sum();
        let each: Vec<String> = v.iter().map(|(l, n)| format!("{l} {n}")).collect();
        (total, each.join(", "))
    };
    // Each count by key, with the words around it (`{}`: the total, then the keys).
    let lines: [(&std::collections::BTreeMap<String, u64>, &str, &str); 4] = [
        (
            &m.html_bodies_by_extractor,
            "HTML bodies of",
            "records by extractor:",
        ),
        (
            &m.entities_skipped_by_language,
            "entities not tagged in",
            "articles in languages the tagger does not cover",
        ),
        (
            &m.dates_digits_only_by_language,
            "dates in digits only in",
            "articles in languages the rules do not cover",
        ),
        (
            &m.quotes_skipped_by_language,
            "quotes not looked for in",
            "articles in languages the rules do not cover",
        ),
    ];
    for (counts, before, after) in lines {
        if counts.is_empty() {
            continue;
        }
        let (total, each) = by_language(counts);
        if after.ends_with(':') {
            writeln!(out, "          {before} {total} {after} {each}")?;
        } else {
            writeln!(out, "          {before} {total} {after} ({each})")?;
        }
    }
    Ok(())
}

/// What one shard did (`run --shard I/N`).
pub fn print_shard_summary(
    out: &mut impl std::io::Write,
    spec: ShardSpec,
    pipeline: &Pipeline,
    outcome: &ShardOutcome,
) -> std::io::Result<()> {
    let dataset = pipeline.dataset_dir.display();
    match outcome {
        ShardOutcome::AlreadyDone(record) => writeln!(
            out,
            "nothing to do: shard {spec} of {dataset} is finished ({} files; its record is {})",
            record.files.len(),
            newsprint_scale::shard::record_rel(spec)
        ),
        ShardOutcome::Ran { record, report } => {
            print_summary(out, report)?;
            let parts: usize = record.parts.values().map(Vec::len).sum();
            writeln!(
                out,
                "shard     {spec}: {} of the input files; {parts} parts in {dataset}; duplicates \
                 across shards are flagged by `newsprint finalize {dataset}`",
                record.files.len()
            )
        }
    }
}

/// What finalize did.
pub fn print_finalize_summary(
    out: &mut impl std::io::Write,
    dataset: &std::path::Path,
    outcome: &FinalizeOutcome,
) -> std::io::Result<()> {
    match outcome {
        FinalizeOutcome::NotSharded => writeln!(
            out,
            "nothing to do: {} was made by one ordinary run, which finalized it",
            dataset.display()
        ),
        FinalizeOutcome::Finalized(r) => {
            writeln!(out, "dataset   {}", dataset.display())?;
            if r.missing.is_empty() {
                writeln!(out, "shards    {} of {}", r.shards, r.shards)?;
            } else {
                let names: Vec<String> = r
                    .missing
                    .iter()
                    .map(|i| format!("{i}/{}", r.shards))
                    .collect();
                writeln!(
                    out,
                    "shards    {} of {} (partial: missing {})",
                    r.shards as usize - r.missing.len(),
                    r.shards,
                    names.join(", ")
                )?;
            }
            let m = &r.manifest;
            writeln!(
                out,
                "inputs    {} files ({} excluded by pattern), {} records",
                m.inputs, m.excluded, m.records
            )?;
            print_totals(out, m)?;
            writeln!(
                out,
                "finalize  {} duplicate flags changed across shards, {} article parts rewritten",
                r.changed_articles, r.rewritten_parts
            )
        }
    }
}
