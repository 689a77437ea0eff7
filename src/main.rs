//! The `newsprint` command: a thin layer over the library.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

mod cli;

use cli::eval::{eval_dates, eval_entities, eval_extraction, eval_neardup};
use cli::output::{StderrReporter, print_finalize_summary, print_shard_summary, print_summary};

use newsprint::config::Pipeline;
use newsprint::formats::html::HtmlExtractor;
use newsprint::pipeline::{RunOptions, run};
use newsprint::stages::StageName;
use newsprint_scale::shard::ShardSpec;

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
        stage: Option<StageArg>,
        /// Redo stages even when their output is current.
        #[arg(long)]
        force: bool,
        /// Worker threads (default: all cores, or RAYON_NUM_THREADS).
        #[arg(long)]
        threads: Option<usize>,
        /// No progress bars.
        #[arg(long, short)]
        quiet: bool,
        /// Main-text extractor for HTML pages (overrides the pipeline's `[parse]
        /// html_extractor`).
        #[arg(long, value_enum)]
        html_extractor: Option<ExtractorArg>,
        /// Publish even when the run finds no articles and the dataset has some.
        #[arg(long)]
        allow_empty: bool,
        /// Run shard I of N (I from 0) into the shared dataset `--output`; `newsprint
        /// finalize` then does the corpus-wide work. Wins over SLURM_ARRAY_TASK_ID and
        /// JOB_COMPLETION_INDEX, which are read when it is absent.
        #[arg(long, value_name = "I/N", conflicts_with = "stage")]
        shard: Option<String>,
        /// The number of shards, for a Kubernetes Indexed Job (JOB_COMPLETION_INDEX gives
        /// the index only) or to override SLURM_ARRAY_TASK_COUNT.
        #[arg(long, value_name = "N", conflicts_with = "shard")]
        shards: Option<u32>,
    },
    /// The corpus-wide step of a dataset made in shards: duplicates across shards and the
    /// dataset's totals. Refuses while a shard is missing, naming it.
    Finalize {
        /// The sharded dataset folder.
        dataset: PathBuf,
        /// Finalize the finished shards even when others are missing.
        #[arg(long)]
        allow_partial: bool,
    },
    /// Find entities, dates and quotes in JSON lines {"id", "text", "published"?, "language"?}; one
    /// line out per line in, with an `error` for a line that is no such object.
    Annotate {
        /// Read from this file instead of standard input.
        #[arg(long)]
        input: Option<PathBuf>,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// An entity model made by `newsprint train-ner` (default: the shipped one).
        #[arg(long)]
        ner_model: Option<PathBuf>,
        /// Longest input line read, in bytes; a longer one is skipped unread and gets an
        /// output line with an `error`.
        #[arg(long, default_value_t = newsprint::annotate::DEFAULT_MAX_LINE_BYTES as u64,
              value_parser = clap::value_parser!(u64).range(1..))]
        max_line_bytes: u64,
    },
    /// Train an entity tagger from CoNLL/IOB column files (token first, tag last).
    TrainNer {
        /// Training files.
        #[arg(long, required = true, num_args = 1..)]
        train: Vec<PathBuf>,
        /// A development file: the best epoch on it is kept.
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Where to write the model (gzip).
        #[arg(long)]
        out: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 8)]
        epochs: usize,
        /// Synthetic sports-results documents to add (see scripts/train-shipped-ner.sh for the shipped model's count).
        #[arg(long, default_value_t = 0)]
        sports: usize,
        /// A note stored in the model header (data sources, licences).
        #[arg(long, default_value = "")]
        note: String,
        /// Shuffle seed; training with a few seeds shows how much of a
        /// difference between two models is noise.
        #[arg(long, default_value_t = 7)]
        seed: u64,
        /// Word clusters computed from the training text (0 = none).
        #[arg(long, default_value_t = 0)]
        clusters: usize,
        /// log2 of the number of feature buckets (model size grows with it).
        #[arg(long, default_value_t = 20)]
        hash_bits: u32,
    },
    /// Make a large corpus of distinct articles from a small one, for scale runs; or, with
    /// `--neardup`, the near-duplicate benchmark (known pairs by edit kind, hard negatives).
    GenCorpus {
        /// Source: plain-text articles (text, neardup) or HTML pages (warc).
        #[arg(long)]
        from: PathBuf,
        /// Where to write: a folder (text, neardup) or a .warc.gz file (warc).
        #[arg(long)]
        out: PathBuf,
        /// How many articles or records; with --neardup, how many near-duplicate pairs
        /// (default 600, spread evenly over the six edit kinds).
        #[arg(long, required_unless_present = "neardup")]
        count: Option<u64>,
        /// Write one WARC of response records instead of text dumps.
        #[arg(long, conflicts_with = "neardup")]
        warc: bool,
        /// Write the near-duplicate benchmark: docs/, articles.tsv, pairs.tsv.
        #[arg(long)]
        neardup: bool,
        /// Hard-negative pairs of the near-duplicate benchmark.
        #[arg(long, default_value_t = 600, requires = "neardup")]
        negatives: usize,
        /// The near-duplicate benchmark's seed (which articles, which edits).
        #[arg(long, default_value_t = 1, requires = "neardup")]
        seed: u64,
    },
    /// Score the extractors on the shared evaluation corpora and print the figures.
    Eval {
        /// The folder holding tempeval3/ and meantime_en/.
        #[arg(long, default_value = "../shared/corpora")]
        corpora: PathBuf,
        /// Timing passes over each corpus (the best is reported).
        #[arg(long, default_value_t = 3)]
        passes: usize,
        /// Also train a model on CoNLL-2003 train and score it on valid (never shipped).
        #[arg(long)]
        conll_trained: bool,
        /// Write each date set's misses (FN, FP, SPAN, VALUE, TYPE lines) into this folder.
        #[arg(long)]
        date_misses: Option<PathBuf>,
        /// Write the body-text misses on the article-extraction benchmark (per-page p/r,
        /// excess and missing paragraphs) into this folder.
        #[arg(long)]
        body_misses: Option<PathBuf>,
        /// Score this entity model file instead of the shipped one (for
        /// trying a retrained model without rebuilding the binary).
        #[arg(long)]
        ner_model: Option<PathBuf>,
        /// Main-text extractor scored on the body benchmark.
        #[arg(long, value_enum, default_value = "auto")]
        html_extractor: ExtractorArg,
        /// Score only the body text (skip the date and entity sets).
        #[arg(long)]
        body_only: bool,
        /// Score near-duplicate clusters on a set made by `gen-corpus --neardup` (and only
        /// that): newsprint's, timed, or a peer's with --clusters.
        #[arg(long, value_name = "DIR")]
        neardup: Option<PathBuf>,
        /// A clusters file (`id<TAB>cluster_id` lines) to score instead of running newsprint.
        #[arg(long, requires = "neardup")]
        clusters: Option<PathBuf>,
        /// The name printed for the --clusters file's tool.
        #[arg(long, default_value = "peer", requires = "clusters")]
        label: String,
        /// Report the near-duplicate clusters among real texts (`<category>/NNN.txt`), checked
        /// against an exact all-pairs comparison (and only that).
        #[arg(long, value_name = "DIR")]
        neardup_real: Option<PathBuf>,
    },
}

/// `--stage`: the library's stage names, as the command line offers them.
#[derive(Clone, Copy, clap::ValueEnum)]
enum StageArg {
    Parse,
    Normalize,
    Extract,
    Write,
}

impl From<StageArg> for StageName {
    fn from(arg: StageArg) -> Self {
        match arg {
            StageArg::Parse => StageName::Parse,
            StageArg::Normalize => StageName::Normalize,
            StageArg::Extract => StageName::Extract,
            StageArg::Write => StageName::Write,
        }
    }
}

/// `--html-extractor`: the library's HTML extractors, as the command line offers them.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ExtractorArg {
    /// The `trafilatura` crate alone.
    Trafilatura,
    /// newsprint's own extractor alone: the fastest.
    Native,
    /// The native extractor, and the crate for the pages where its confidence is low (the
    /// default).
    Auto,
}

impl From<ExtractorArg> for HtmlExtractor {
    fn from(arg: ExtractorArg) -> Self {
        match arg {
            ExtractorArg::Trafilatura => HtmlExtractor::Trafilatura,
            ExtractorArg::Native => HtmlExtractor::Native,
            ExtractorArg::Auto => HtmlExtractor::Auto,
        }
    }
}

fn main() {
    tune_malloc();
    if let Err(err) = real_main() {
        eprintln!("error: {}", describe(&err));
        std::process::exit(2);
    }
}

/// The error and its causes, each said once: a cause whose text the message already holds
/// (an OS error quoted by its path's message) is not repeated.
fn describe(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        let cause = match cause.find(" (os error") {
            Some(i) => cause[..i].to_owned(),
            None => cause,
        };
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// Keeps glibc's allocator from giving each block over 128 KB its own `mmap` (and the kernel
/// from zeroing its pages again at each one): a run frees and allocates many such blocks
/// (row vectors, column buffers, page buffers), and glibc only raises that threshold when a
/// mapped block is freed. Blocks up to 32 MB now come from the heap, reused, and the heap's
/// free top is returned to the system above 256 MB. BBC text run, one thread, A B B A ×4
/// twice: 4% less wall time, peak RSS 94 MB either way; 40,000 generated articles, two
/// threads: 16.4 -> 13.7 s, peak RSS 246 -> 259 MB; 1,000,000 one-line JSON articles: 93.3
/// -> 88.7 s, peak RSS 483 -> 517 MB. A `GLIBC_TUNABLES` that sets the allocator's own
/// values is left to rule.
#[allow(unsafe_code)] // mallopt(3): std has no allocator tuning
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        if std::env::var("GLIBC_TUNABLES").is_ok_and(|t| t.contains("glibc.malloc.")) {
            return;
        }
        // SAFETY: mallopt only sets the allocator's parameters; it runs first thing in
        // `main`, before any other thread exists.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        }
    }
}

/// Set by the first Ctrl-C; the run stops at the next part and cleans up. A second Ctrl-C
/// ends the process at once (the handler puts the default back).
static INTERRUPTED: std::sync::OnceLock<std::sync::Arc<std::sync::atomic::AtomicBool>> =
    std::sync::OnceLock::new();

#[allow(unsafe_code)] // signal(2): std has no signal handling
extern "C" fn on_interrupt(_signal: libc::c_int) {
    if let Some(flag) = INTERRUPTED.get() {
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    // SAFETY: signal() is async-signal-safe; SIG_DFL restores the default action.
    unsafe {
        libc::signal(libc::SIGINT, libc::SIG_DFL);
    }
}

#[allow(unsafe_code)] // signal(2): std has no signal handling
fn install_interrupt_handler() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = INTERRUPTED
        .get_or_init(|| std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)))
        .clone();
    let handler = on_interrupt as extern "C" fn(libc::c_int);
    // SAFETY: the handler only stores to an atomic and calls signal(), both
    // async-signal-safe; the flag it reads is initialised before the handler is installed.
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
    flag
}

fn finalize_and_print(
    dataset: &std::path::Path,
    allow_partial: bool,
    zstd_level: i32,
) -> Result<()> {
    let opts = newsprint_scale::finalize::FinalizeOptions {
        allow_partial,
        zstd_level,
    };
    let outcome = newsprint_scale::finalize::finalize(dataset, &opts)?;
    // A closed pipe (`| head`) only means nobody reads the rest: not an error.
    let _ = print_finalize_summary(&mut std::io::stdout().lock(), dataset, &outcome);
    Ok(())
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
            html_extractor,
            allow_empty,
            shard,
            shards,
        } => {
            let shard = match shard {
                Some(text) => Some(ShardSpec::parse(&text)?),
                None => ShardSpec::from_env(shards, |k| std::env::var(k).ok())?,
            };
            if let Some(n) = threads {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .context("setting the thread count")?;
            }
            let mut p = match (&pipeline, input.is_empty()) {
                (Some(file), _) if file.is_dir() => bail!(
                    "{} is a folder, not a pipeline file: to read the files in it, run `newsprint run --input {}`",
                    file.display(),
                    file.display()
                ),
                (Some(file), keeps_its_inputs) => Pipeline::load_with(file, keeps_its_inputs)?,
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
            if let Some(extractor) = html_extractor {
                p.parse.html_extractor = extractor.into();
            }
            let opts = RunOptions {
                only: stage.map(StageName::from),
                force,
                reporter: Some(std::sync::Arc::new(StderrReporter::new(
                    !quiet && std::io::stderr().is_terminal(),
                ))),
                allow_empty,
                cancel: Some(install_interrupt_handler()),
                ..RunOptions::default()
            };
            // Inputs or an output in a bucket go through the shard path: as one shard of
            // one, finalized at once, when no shard was asked for.
            let remote = std::iter::once(&p.dataset_dir)
                .chain(&p.inputs)
                .any(|path| newsprint_store::is_url(&path.to_string_lossy()));
            let shard = match shard {
                None if remote => {
                    let spec = ShardSpec::new(0, 1)?;
                    let outcome = newsprint_scale::shard::run_shard(&p, spec, &opts)?;
                    let _ = print_shard_summary(&mut std::io::stdout().lock(), spec, &p, &outcome);
                    finalize_and_print(&p.dataset_dir, false, p.write.zstd_level)?;
                    return Ok(());
                }
                other => other,
            };
            if let Some(spec) = shard {
                let outcome = newsprint_scale::shard::run_shard(&p, spec, &opts)?;
                let _ = print_shard_summary(&mut std::io::stdout().lock(), spec, &p, &outcome);
                return Ok(());
            }
            let report = run(&p, &opts)?;
            // A closed pipe (`| head`) only means nobody reads the rest: not an error.
            let _ = print_summary(&mut std::io::stdout().lock(), &report);
        }
        Command::Finalize {
            dataset,
            allow_partial,
        } => {
            finalize_and_print(
                &dataset,
                allow_partial,
                newsprint::config::WriteConfig::default().zstd_level,
            )?;
        }
        Command::Annotate {
            input,
            output,
            ner_model,
            max_line_bytes,
        } => {
            let model = newsprint::stages::extract::load_model(ner_model.as_deref())?;
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
            let options = newsprint::annotate::AnnotateOptions {
                max_line_bytes: usize::try_from(max_line_bytes).unwrap_or(usize::MAX),
            };
            // A closed output (`annotate | head -1`) ends the stream quietly, with success.
            newsprint::annotate::annotate(reader, writer, &model, &options)?;
        }
        Command::TrainNer {
            train,
            dev,
            out,
            epochs,
            sports,
            note,
            seed,
            clusters,
            hash_bits,
        } => {
            let opts = newsprint::ner::TrainOptions {
                epochs,
                synthetic_sports: sports,
                notes: note,
                seed,
                clusters,
                hash_bits,
                progress: Some(|line| eprintln!("{line}")),
                ..Default::default()
            };
            let started = std::time::Instant::now();
            let model =
                newsprint::ner::train(&train, dev.as_deref(), &opts).context("training failed")?;
            model
                .save(&out)
                .with_context(|| format!("writing {}", out.display()))?;
            eprintln!(
                "saved {} in {:.0}s",
                out.display(),
                started.elapsed().as_secs_f64()
            );
        }
        Command::GenCorpus {
            from,
            out,
            count,
            warc,
            neardup,
            negatives,
            seed,
        } => {
            let started = std::time::Instant::now();
            if neardup {
                let opts = newsprint_eval::neardup::GenOptions {
                    seed,
                    pairs: count.map_or(600, |c| c as usize),
                    negatives,
                };
                let summary =
                    newsprint_eval::neardup::generate(&from, &out, &opts).with_context(|| {
                        format!("writing the near-duplicate set to {}", out.display())
                    })?;
                let pairs: Vec<String> = summary
                    .pairs
                    .iter()
                    .map(|(k, n)| format!("{k} {n}"))
                    .collect();
                eprintln!(
                    "wrote {} articles to {} in {:.1}s: {} sources ({} left out as near-duplicates of another), pairs: {}",
                    summary.articles,
                    out.display(),
                    started.elapsed().as_secs_f64(),
                    summary.sources,
                    summary.dropped_related,
                    pairs.join(", ")
                );
                return Ok(());
            }
            let Some(count) = count else {
                bail!("--count is needed");
            };
            let written = if warc {
                newsprint_eval::gencorpus::generate_warc(&from, &out, count)?
            } else {
                newsprint_eval::gencorpus::generate_text(&from, &out, count)?
            };
            eprintln!(
                "wrote {written} {} to {} in {:.1}s",
                if warc { "WARC records" } else { "articles" },
                out.display(),
                started.elapsed().as_secs_f64()
            );
        }
        Command::Eval {
            corpora,
            passes,
            conll_trained,
            date_misses,
            body_misses,
            ner_model,
            html_extractor,
            body_only,
            neardup,
            clusters,
            label,
            neardup_real,
        } => {
            if neardup.is_some() || neardup_real.is_some() {
                return eval_neardup(
                    neardup.as_deref(),
                    clusters.as_deref(),
                    &label,
                    neardup_real.as_deref(),
                );
            }
            eval_extraction(&corpora, body_misses.as_deref(), html_extractor.into())?;
            if body_only {
                return Ok(());
            }
            eval_dates(&corpora, passes, date_misses.as_deref())?;
            eval_entities(&corpora, conll_trained, ner_model.as_deref())?;
        }
    }
    Ok(())
}
