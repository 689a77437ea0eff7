//! Pipeline files (`pipelines/*.toml`): what to read, how each stage behaves, where to write.
//!
//! Unknown keys and wrong types are refused with the file, line and key, before any work.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipelineFile {
    #[serde(default)]
    pub dataset: DatasetConfig,
    pub input: InputFileConfig,
    #[serde(default)]
    pub parse: ParseConfig,
    #[serde(default)]
    pub normalize: NormalizeConfig,
    #[serde(default)]
    pub extract: ExtractConfig,
    #[serde(default)]
    pub write: WriteConfig,
    #[serde(default)]
    pub neardup: NeardupConfig,
    #[serde(default)]
    pub corpus_entities: CorpusEntitiesConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputFileConfig {
    pub paths: Vec<Spanned<String>>,
    #[serde(default = "default_excludes")]
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatasetConfig {
    pub name: String,
    /// Output folder; `datasets/<name>` when absent.
    pub dir: Option<PathBuf>,
}

impl Default for DatasetConfig {
    fn default() -> Self {
        DatasetConfig {
            name: "news".into(),
            dir: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ParseConfig {
    /// Files larger than this on disk are rejected as `too_large`.
    pub max_file_bytes: u64,
    /// Cap on the size of a decompressed file, and of one WARC record: a zip bomb is a
    /// reject, not an out-of-memory.
    pub max_decompressed_bytes: u64,
    /// Input files per part: a part's records are held in memory at once, and a changed
    /// file makes only its part be parsed again.
    pub files_per_part: usize,
    /// Where the fields of JSON-lines exports are (candidate paths such as "maintext" or
    /// "metadata.title"); fields left out keep the built-in candidates.
    pub jsonl_fields: crate::formats::jsonl::FieldMapping,
    /// Main-text extractor for HTML pages (and WARC responses): "auto" (the default:
    /// newsprint's own, and the trafilatura crate for the pages where its confidence is
    /// low), "trafilatura" (the crate alone) or "native" (ours alone; see README).
    pub html_extractor: crate::formats::html::HtmlExtractor,
}

impl Default for ParseConfig {
    fn default() -> Self {
        ParseConfig {
            max_file_bytes: 64 << 20,
            max_decompressed_bytes: 128 << 20,
            files_per_part: 2048,
            jsonl_fields: crate::formats::jsonl::FieldMapping::builtin(),
            html_extractor: crate::formats::html::HtmlExtractor::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NormalizeConfig {
    /// Join paragraphs that a dump split in the middle of a sentence.
    pub repair_paragraphs: bool,
    /// Query parameters dropped from canonical URLs; a trailing `*` matches a prefix.
    pub tracking_params: Vec<String>,
    /// Flag exact duplicates (same canonical URL or same text).
    pub flag_duplicates: bool,
    /// Article bodies longer than this (in characters) are rejected as `too_large`: no news
    /// article is that long, and the entity and date passes hold a whole article at once.
    pub max_text_chars: usize,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            repair_paragraphs: true,
            tracking_params: [
                "utm_*", "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga",
                "igshid", "yclid", "ref_src", "cmpid", "ocid", "smid",
            ]
            .map(String::from)
            .to_vec(),
            flag_duplicates: true,
            max_text_chars: 1_000_000,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExtractConfig {
    pub links: bool,
    /// The `dates` table: temporal expressions resolved against the publication date.
    pub dates: bool,
    /// The `mentions` and `entities` tables.
    pub entities: bool,
    /// The `quotes` table (English articles; speakers need `entities`).
    pub quotes: bool,
    /// A model made by `newsprint train-ner`, used instead of the shipped one.
    pub ner_model: Option<PathBuf>,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            links: true,
            dates: true,
            entities: true,
            quotes: true,
            ner_model: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WriteConfig {
    /// 1 by default, as Arrow and pyarrow write: on the BBC text corpus level 3 made the
    /// dataset 3% smaller and the whole run 6–7% slower (bench/README.md).
    pub zstd_level: i32,
}

impl Default for WriteConfig {
    fn default() -> Self {
        WriteConfig { zstd_level: 1 }
    }
}

/// The `[corpus_entities]` section: the corpus-wide entity index, made at publish from every
/// part's entities. Off, the `corpus_entities` table is published empty and each per-article
/// entity is its own corpus entity (`corpus_entity_id` = `entity_id`): a run that only needs
/// the per-article tables skips the one step that holds every entity of the corpus at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CorpusEntitiesConfig {
    pub enabled: bool,
}

impl Default for CorpusEntitiesConfig {
    fn default() -> Self {
        CorpusEntitiesConfig { enabled: true }
    }
}

/// The `[neardup]` section: near-duplicate clusters (the `near_duplicates` table). The
/// fields are `newsprint_neardup::Params`'; see `eval/neardup/README.md`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NeardupConfig {
    /// Sketch each article and publish `near_duplicates`.
    pub enabled: bool,
    /// Words per shingle.
    pub shingle: usize,
    /// LSH bands; `bands * rows` MinHash values an article.
    pub bands: usize,
    /// MinHash values per band.
    pub rows: usize,
    /// A candidate pair is confirmed at this MinHash Jaccard estimate (0 to 1).
    pub threshold: f64,
    /// ... or when this share of the shorter's shingles is in the longer (0 to 1).
    pub containment: f64,
    /// The containment rule needs this many shingles in the shorter article.
    pub min_containment_shingles: usize,
    /// Keep one shingle hash in this many for the containment rule (a power of two).
    pub containment_sample: usize,
    /// Words of the body's start that make the lead bucket (0: none).
    pub lead_words: usize,
    /// A bucket with more members than this links each to its first member only.
    pub max_bucket_pairs: usize,
    /// Rows of a second, looser band layout (0: none; else divides `bands * rows`).
    pub loose_rows: usize,
}

impl Default for NeardupConfig {
    fn default() -> Self {
        let p = crate::neardup::Params::default();
        NeardupConfig {
            enabled: true,
            shingle: p.shingle,
            bands: p.bands,
            rows: p.rows,
            threshold: p.threshold,
            containment: p.containment,
            min_containment_shingles: p.min_containment_shingles,
            containment_sample: p.containment_sample,
            lead_words: p.lead_words,
            max_bucket_pairs: p.max_bucket_pairs,
            loose_rows: p.loose_rows,
        }
    }
}

impl NeardupConfig {
    /// The detector's parameters.
    pub fn build(&self) -> crate::neardup::Params {
        crate::neardup::Params {
            shingle: self.shingle,
            bands: self.bands,
            rows: self.rows,
            threshold: self.threshold,
            containment: self.containment,
            min_containment_shingles: self.min_containment_shingles,
            containment_sample: self.containment_sample,
            lead_words: self.lead_words,
            max_bucket_pairs: self.max_bucket_pairs,
            loose_rows: self.loose_rows,
        }
    }

    /// What the sketches depend on (the rest only changes the join).
    pub fn sketch_fingerprint(&self) -> String {
        crate::stages::config_hash(&(
            self.enabled,
            self.shingle,
            self.bands,
            self.rows,
            self.containment_sample,
            self.lead_words,
        ))
    }
}

fn default_excludes() -> Vec<String> {
    ["**/README*", "**/SOURCE.md", "**/LICENSE*", "**/.*"]
        .map(String::from)
        .to_vec()
}

/// Everything a run needs, whether it came from a pipeline file or from flags.
#[derive(Debug, Clone)]
pub struct Pipeline {
    /// Where the settings came from, for messages.
    pub origin: String,
    pub inputs: Vec<PathBuf>,
    pub exclude: Vec<String>,
    pub dataset_dir: PathBuf,
    pub parse: ParseConfig,
    pub normalize: NormalizeConfig,
    pub extract: ExtractConfig,
    pub write: WriteConfig,
    pub neardup: NeardupConfig,
    pub corpus_entities: CorpusEntitiesConfig,
}

impl Pipeline {
    /// The defaults, for `newsprint run --input PATH... --output DIR`.
    pub fn with_defaults(inputs: Vec<PathBuf>, dataset_dir: PathBuf) -> Result<Pipeline> {
        for input in &inputs {
            check_input_exists(input, None)?;
        }
        Ok(Pipeline {
            origin: "command line".into(),
            inputs,
            exclude: default_excludes(),
            dataset_dir,
            parse: ParseConfig::default(),
            normalize: NormalizeConfig::default(),
            extract: ExtractConfig::default(),
            write: WriteConfig::default(),
            neardup: NeardupConfig::default(),
            corpus_entities: CorpusEntitiesConfig::default(),
        })
    }

    /// Reads and checks a pipeline file. Relative input and output paths are taken from the
    /// working directory, as `make` runs from the project root.
    pub fn load(path: &Path) -> Result<Pipeline> {
        Self::load_with(path, true)
    }

    /// `check_inputs: false` when the command line replaces the file's inputs: on a cluster
    /// node the file's own `[input] paths` need not exist.
    pub fn load_with(path: &Path, check_inputs: bool) -> Result<Pipeline> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Config(format!(
                "{}: cannot read pipeline file: {e}",
                path.display()
            ))
        })?;
        Self::from_toml_with(&text, path, check_inputs)
    }

    pub fn from_toml(text: &str, path: &Path) -> Result<Pipeline> {
        Self::from_toml_with(text, path, true)
    }

    fn from_toml_with(text: &str, path: &Path, check_inputs: bool) -> Result<Pipeline> {
        let file: PipelineFile = match toml::from_str(text) {
            Ok(file) => file,
            Err(e) => return Err(Error::Config(describe_problems(text, path, &e))),
        };
        let mut problems = value_problems(&toml::from_str(text).unwrap_or_default(), text);
        let mut inputs = Vec::new();
        for spanned in &file.input.paths {
            let line = 1 + text[..spanned.span().start].matches('\n').count();
            let input = PathBuf::from(spanned.get_ref());
            if check_inputs && let Some(what) = missing_input(&input) {
                problems.push((Some(line), "input.paths".into(), what));
            }
            inputs.push(input);
        }
        if !problems.is_empty() {
            return Err(Error::Config(list_problems(path, problems)));
        }
        let dataset_dir = file
            .dataset
            .dir
            .clone()
            .unwrap_or_else(|| Path::new("datasets").join(&file.dataset.name));
        Ok(Pipeline {
            origin: path.display().to_string(),
            inputs,
            exclude: file.input.exclude,
            dataset_dir,
            parse: file.parse,
            normalize: file.normalize,
            extract: file.extract,
            write: file.write,
            neardup: file.neardup,
            corpus_entities: file.corpus_entities,
        })
    }

    /// Replaces the inputs (the Makefile's `RAW=`), keeping every other setting.
    pub fn override_inputs(&mut self, inputs: Vec<PathBuf>) -> Result<()> {
        for input in &inputs {
            check_input_exists(input, None)?;
        }
        self.inputs = inputs;
        Ok(())
    }
}

fn is_glob(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// Why an input named in the file cannot be read, if it cannot.
fn missing_input(input: &Path) -> Option<String> {
    check_input_exists(input, None).err().map(|_| {
        format!(
            "names {}, which does not exist{}",
            input.display(),
            relative_note(input)
        )
    })
}

fn check_input_exists(input: &Path, at: Option<(&Path, usize)>) -> Result<()> {
    let text = input.to_string_lossy();
    // A URL (`s3://bucket/raw`) is listed by the run that reads it, not here.
    if text.contains("://") {
        return Ok(());
    }
    let exists = if is_glob(&text) {
        crate::input::glob_root(input).exists()
    } else {
        input.exists()
    };
    if exists {
        return Ok(());
    }
    Err(Error::Config(match at {
        Some((file, line)) => format!(
            "{}:{line}: key `input.paths`: input {} does not exist",
            file.display(),
            input.display()
        ),
        None => format!(
            "input {} does not exist{}",
            input.display(),
            relative_note(input)
        ),
    }))
}

/// " (relative to /work/dir)" for a relative path: where it was looked for.
fn relative_note(input: &Path) -> String {
    if input.is_absolute() {
        return String::new();
    }
    match std::env::current_dir() {
        Ok(dir) => format!(" (looked for in {})", dir.display()),
        Err(_) => String::new(),
    }
}

/// A line of the file shown in a message is cut here: a one-line junk file can be megabytes.
const SHOWN_CHARS: usize = 80;

/// Every problem of a pipeline file that does not deserialise, each with its line and key
/// and in words rather than Rust types. A syntax error stops the reading, so it comes alone;
/// type errors and unknown keys are found key by key, so all of them are listed at once.
fn describe_problems(text: &str, path: &Path, first: &toml::de::Error) -> String {
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let line = e
                .span()
                .map(|s| 1 + text[..s.start.min(text.len())].matches('\n').count());
            return match line {
                Some(line) => format!(
                    "{}: line {line}: not valid TOML: {}",
                    path.display(),
                    shorten(e.message())
                ),
                None => format!(
                    "{}: not valid TOML: {}",
                    path.display(),
                    shorten(e.message())
                ),
            };
        }
    };
    let mut problems = Vec::new();
    let sections = [
        "dataset",
        "input",
        "parse",
        "normalize",
        "extract",
        "write",
        "neardup",
        "corpus_entities",
    ];
    for (name, value) in &table {
        if !sections.contains(&name.as_str()) {
            problems.push((
                key_line(text, name),
                name.clone(),
                format!("unknown section; the sections are {}", sections.join(", ")),
            ));
            continue;
        }
        let Some(keys) = value.as_table() else {
            problems.push((
                key_line(text, name),
                name.clone(),
                "must be a [section]".into(),
            ));
            continue;
        };
        for (key, value) in keys {
            let mut one = toml::Table::new();
            one.insert(key.clone(), value.clone());
            let one = toml::Value::Table(one);
            let checked = match name.as_str() {
                "dataset" => DatasetConfig::deserialize(one).map(|_| ()),
                "parse" => ParseConfig::deserialize(one).map(|_| ()),
                "normalize" => NormalizeConfig::deserialize(one).map(|_| ()),
                "extract" => ExtractConfig::deserialize(one).map(|_| ()),
                "write" => WriteConfig::deserialize(one).map(|_| ()),
                "neardup" => NeardupConfig::deserialize(one).map(|_| ()),
                "corpus_entities" => CorpusEntitiesConfig::deserialize(one).map(|_| ()),
                _ => match key.as_str() {
                    "paths" | "exclude" => Vec::<String>::deserialize(value.clone()).map(|_| ()),
                    _ => Err(serde::de::Error::custom(format!(
                        "unknown field `{key}`, expected `paths` or `exclude`"
                    ))),
                },
            };
            if let Err(e) = checked {
                let full = format!("{name}.{key}");
                problems.push((key_line(text, &full), full, plain_words(e.message())));
            }
        }
    }
    problems.extend(value_problems(&table, text));
    let paths = table.get("input").and_then(|i| i.get("paths"));
    for input in paths.and_then(toml::Value::as_array).into_iter().flatten() {
        if let Some(what) = input.as_str().and_then(|p| missing_input(Path::new(p))) {
            problems.push((key_line(text, "input.paths"), "input.paths".into(), what));
        }
    }
    if !table.contains_key("input") {
        problems.push((
            None,
            "input.paths".into(),
            "is missing: name the files, folders or globs to read".into(),
        ));
    }
    if problems.is_empty() {
        return format!("{}: {}", path.display(), shorten(first.message()));
    }
    list_problems(path, problems)
}

/// Values of the right type that cannot be used, found in the file as read (so that they
/// are listed with the type errors, not after them).
fn value_problems(table: &toml::Table, text: &str) -> Vec<(Option<usize>, String, String)> {
    let mut problems = Vec::new();
    let get = |section: &str, key: &str| table.get(section).and_then(|s| s.get(key));
    let mut bad =
        |key: &str, what: String| problems.push((key_line(text, key), key.to_owned(), what));
    for (key, what) in [
        ("parse.max_file_bytes", "the largest file read"),
        (
            "parse.max_decompressed_bytes",
            "the largest decompressed file or WARC record",
        ),
        ("parse.files_per_part", "the most files in one group"),
        ("normalize.max_text_chars", "the longest article body"),
        ("neardup.shingle", "words per shingle"),
        ("neardup.bands", "LSH bands"),
        ("neardup.rows", "MinHash values per band"),
        (
            "neardup.containment_sample",
            "one shingle kept in this many",
        ),
        ("neardup.max_bucket_pairs", "members of a bucket paired"),
    ] {
        let (section, name) = key.split_once('.').unwrap_or_default();
        if let Some(n) = get(section, name).and_then(toml::Value::as_integer)
            && n < 1
        {
            bad(key, format!("must be at least 1 ({what}), not {n}"));
        }
    }
    for key in ["threshold", "containment"] {
        if let Some(x) = get("neardup", key).and_then(toml::Value::as_float)
            && !(x > 0.0 && x <= 1.0)
        {
            bad(
                &format!("neardup.{key}"),
                format!("must be above 0 and at most 1 (a share), not {x}"),
            );
        }
    }
    let int = |key: &str, default: usize| {
        get("neardup", key)
            .and_then(toml::Value::as_integer)
            .map_or(default as i64, |n| n)
    };
    let defaults = NeardupConfig::default();
    let sample = int("containment_sample", defaults.containment_sample);
    if sample >= 1 && (sample as u64).count_ones() != 1 {
        bad(
            "neardup.containment_sample",
            format!("must be a power of two (1, 2, 4, 8...), not {sample}"),
        );
    }
    let (bands, rows) = (int("bands", defaults.bands), int("rows", defaults.rows));
    if bands * rows > 4096 {
        bad(
            "neardup.bands",
            format!(
                "bands * rows must be at most 4096 MinHash values, not {}",
                bands * rows
            ),
        );
    }
    let loose = int("loose_rows", defaults.loose_rows);
    if loose < 0 || (loose > 0 && bands >= 1 && rows >= 1 && (bands * rows) % loose != 0) {
        bad(
            "neardup.loose_rows",
            format!(
                "must be 0 or divide bands * rows = {}, not {loose}",
                bands * rows
            ),
        );
    }
    if let Some(level) = get("write", "zstd_level").and_then(toml::Value::as_integer)
        && !(1..=22).contains(&level)
    {
        bad("write.zstd_level", format!("must be 1 to 22, not {level}"));
    }
    if let Some(name) = get("dataset", "name").and_then(toml::Value::as_str)
        && (name.is_empty() || name.contains(['/', '\\']))
    {
        bad(
            "dataset.name",
            format!("must be a plain folder name, not {name:?}"),
        );
    }
    if let Some(paths) = get("input", "paths").and_then(toml::Value::as_array)
        && paths.is_empty()
    {
        bad(
            "input.paths",
            "is empty: name at least one file, folder or glob".into(),
        );
    }
    for glob in get("input", "exclude")
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
    {
        if let Err(e) = globset::Glob::new(glob) {
            bad("input.exclude", format!("has a bad pattern: {e}"));
        }
    }
    problems
}

fn list_problems(path: &Path, mut problems: Vec<(Option<usize>, String, String)>) -> String {
    problems.sort();
    problems.dedup();
    let lines: Vec<String> = problems
        .iter()
        .map(|(line, key, what)| match line {
            Some(line) => format!("line {line}: key `{key}` {what}"),
            None => format!("key `{key}` {what}"),
        })
        .collect();
    if lines.len() == 1 {
        format!("{}: {}", path.display(), lines[0])
    } else {
        format!(
            "{}: {} problems:\n  {}",
            path.display(),
            lines.len(),
            lines.join("\n  ")
        )
    }
}

/// The line of `section.key` (or of a `[section]` header) in the file, found by reading it
/// as a person would: the key at the start of a line below its section's header.
fn key_line(text: &str, dotted: &str) -> Option<usize> {
    let (section, key) = match dotted.split_once('.') {
        Some((s, k)) => (s, Some(k)),
        None => (dotted, None),
    };
    let mut in_section = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(header) = t.strip_prefix('[') {
            let header = header.trim_end_matches(']').trim();
            in_section = header == section;
            if in_section && key.is_none() {
                return Some(n + 1);
            }
            continue;
        }
        if let Some(key) = key
            && in_section
            && let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            return Some(n + 1);
        }
    }
    None
}

/// serde's wording of a type error in words a user of the file reads.
fn plain_words(message: &str) -> String {
    let mut m = message.to_owned();
    for (rust, plain) in [
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected usize", "expected a whole number (0 or more)"),
        ("expected u32", "expected a whole number (0 or more)"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected a boolean", "expected true or false"),
        (
            "expected a sequence",
            "expected a list such as [\"a\", \"b\"]",
        ),
        ("invalid type: string", "got the text"),
        ("invalid type: integer", "got the number"),
        ("invalid type: floating point", "got the number"),
        ("invalid type: boolean", "got"),
        ("invalid type: sequence", "got a list"),
        ("invalid type: map", "got a table"),
        ("invalid value: integer", "got the number"),
    ] {
        m = m.replace(rust, plain);
    }
    if let Some(rest) = m.strip_prefix("unknown field ") {
        return format!("is not a known key: {}", shorten(rest));
    }
    format!("has the wrong type: {}", shorten(&m))
}

fn shorten(text: &str) -> String {
    let text = text.trim_end();
    if text.chars().count() <= SHOWN_CHARS * 3 {
        return text.to_owned();
    }
    let cut: String = text.chars().take(SHOWN_CHARS * 3).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests;
