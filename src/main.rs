//! The `newsprint` command: a thin layer over the library.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use newsprint::config::Pipeline;
use newsprint::pipeline::{RunOptions, RunReport, StageOutcome, run};
use newsprint::stages::Stage;

#[derive(Parser)]
#[command(
    name = "newsprint",
    version,
    about = "Raw news articles to a typed Parquet dataset"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a pipeline file, or the default pipeline over `--input` paths.
    Run {
        /// A pipeline file such as pipelines/news.toml.
        pipeline: Option<PathBuf>,
        /// Input files, folders or globs (replace the pipeline file's inputs).
        #[arg(long, num_args = 1..)]
        input: Vec<PathBuf>,
        /// The dataset folder to write (default: the pipeline's, or datasets/news).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Run only this stage, from the persisted output of the stage before it.
        #[arg(long, value_enum)]
        stage: Option<Stage>,
        /// Redo stages even when their output is current.
        #[arg(long)]
        force: bool,
        /// Worker threads (default: all cores, or RAYON_NUM_THREADS).
        #[arg(long)]
        threads: Option<usize>,
        /// No progress bars.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Find dates in JSON lines {"id", "text", "published"?}; one JSON line out per line in.
    Annotate {
        /// Read from this file instead of standard input.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Score the extractors on the shared evaluation corpora and print the figures.
    Eval {
        /// The folder holding tempeval3/ and meantime_en/.
        #[arg(long, default_value = "../shared/corpora")]
        corpora: PathBuf,
        /// Timing passes over each corpus (the best is reported).
        #[arg(long, default_value_t = 3)]
        passes: usize,
    },
}

fn main() {
    if let Err(err) = real_main() {
        eprintln!("error: {err:#}");
        std::process::exit(2);
    }
}

fn real_main() -> Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Run {
            pipeline,
            input,
            output,
            stage,
            force,
            threads,
            quiet,
        } => {
            if let Some(n) = threads {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .context("setting the thread count")?;
            }
            let mut p = match (&pipeline, input.is_empty()) {
                (Some(file), _) => Pipeline::load(file)?,
                (None, false) => Pipeline::with_defaults(
                    input.clone(),
                    output
                        .clone()
                        .unwrap_or_else(|| PathBuf::from("datasets/news")),
                )?,
                (None, true) => {
                    bail!("give a pipeline file (e.g. pipelines/news.toml) or --input PATH...")
                }
            };
            if pipeline.is_some() && !input.is_empty() {
                p.override_inputs(input)?;
            }
            if let Some(out) = output {
                p.dataset_dir = out;
            }
            let opts = RunOptions {
                only: stage,
                force,
                progress: !quiet && std::io::stderr().is_terminal(),
            };
            let report = run(&p, &opts)?;
            print_summary(&report);
        }
        Command::Annotate { input, output } => {
            let reader: Box<dyn std::io::BufRead> = match &input {
                Some(path) => Box::new(std::io::BufReader::new(
                    std::fs::File::open(path)
                        .with_context(|| format!("opening {}", path.display()))?,
                )),
                None => Box::new(std::io::stdin().lock()),
            };
            let writer: Box<dyn std::io::Write> = match &output {
                Some(path) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("creating {}", path.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            newsprint::annotate::annotate(reader, writer)?;
        }
        Command::Eval { corpora, passes } => eval_dates(&corpora, passes)?,
    }
    Ok(())
}

fn eval_dates(corpora: &std::path::Path, passes: usize) -> Result<()> {
    use newsprint::dates::eval::{Report, eval_meantime, eval_tempeval3};
    let timebank = corpora.join("tempeval3/TimeBank");
    if !timebank.is_dir() {
        bail!(
            "{} not found: pass --corpora DIR (the folder with tempeval3/ and meantime_en/)",
            timebank.display()
        );
    }
    println!(
        "== dates (TempEval-3 scoring: relaxed = overlap; value F1 = relaxed F1 x value accuracy) =="
    );
    let tb = eval_tempeval3(&timebank, "TimeBank", passes);
    let aq = eval_tempeval3(&corpora.join("tempeval3/AQUAINT"), "AQUAINT", passes);
    let both = Report::combine("TimeBank+AQUAINT", &[&tb, &aq]);
    let mt = eval_meantime(
        &corpora.join("meantime_en/intra_cross-doc_annotation"),
        passes,
    );
    for r in [&tb, &aq, &both, &mt] {
        println!("{}", r.summary());
    }
    println!(
        "targets: value F1 >= 80 and relaxed F1 >= 91 on each set; HeidelTime 77.61 value F1 on TempEval-3 test"
    );
    Ok(())
}

fn print_summary(report: &RunReport) {
    if report.did_nothing() {
        println!(
            "nothing to do: {} is up to date",
            report.dataset_dir.display()
        );
        return;
    }
    let ran: Vec<&str> = report
        .stages
        .iter()
        .filter(|(_, o)| matches!(o, StageOutcome::Ran { .. }))
        .map(|(s, _)| s.name())
        .collect();
    println!("ran: {}", ran.join(", "));
    let Some(m) = &report.manifest else {
        println!("(the dataset is not published yet: run the write stage)");
        return;
    };
    let secs = report.elapsed.as_secs_f64();
    println!("dataset   {}", report.dataset_dir.display());
    println!(
        "inputs    {} files ({} excluded by pattern), {} records",
        m.inputs, m.excluded, m.records
    );
    println!("articles  {}", m.articles);
    println!("duplicates {}", m.duplicates);
    println!("rejects   {}", m.rejects);
    for (reason, n) in &m.rejects_by_reason {
        println!("  {reason:<28} {n}");
    }
    println!("links     {}", m.links);
    println!("dates     {}", m.dates);
    println!(
        "time      {secs:.2}s, {:.0} articles/s",
        (m.articles + m.duplicates) as f64 / secs.max(1e-9)
    );
}
