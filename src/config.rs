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
    /// Main-text extractor for HTML pages (and WARC responses): "trafilatura" (the crate,
    /// the default) or "native" (newsprint's own, many times faster; see README).
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
    /// A model made by `newsprint train-ner`, used instead of the shipped one.
    pub ner_model: Option<PathBuf>,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            links: true,
            dates: true,
            entities: true,
            ner_model: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WriteConfig {
    pub zstd_level: i32,
}

impl Default for WriteConfig {
    fn default() -> Self {
        WriteConfig { zstd_level: 3 }
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
        })
    }

    /// Reads and checks a pipeline file. Relative input and output paths are taken from the
    /// working directory, as `make` runs from the project root.
    pub fn load(path: &Path) -> Result<Pipeline> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::Config(format!(
                "{}: cannot read pipeline file: {e}",
                path.display()
            ))
        })?;
        Self::from_toml(&text, path)
    }

    pub fn from_toml(text: &str, path: &Path) -> Result<Pipeline> {
        let file: PipelineFile = toml::from_str(text).map_err(|e| {
            Error::Config(format!("{}: {}", path.display(), e.to_string().trim_end()))
        })?;
        if file.input.paths.is_empty() {
            return Err(Error::Config(format!(
                "{}: key `input.paths` is empty: name at least one file, folder or glob",
                path.display()
            )));
        }
        if file.parse.files_per_part == 0 {
            return Err(Error::Config(format!(
                "{}: key `parse.files_per_part` must be at least 1",
                path.display()
            )));
        }
        if !(1..=22).contains(&file.write.zstd_level) {
            return Err(Error::Config(format!(
                "{}: key `write.zstd_level` must be 1 to 22, not {}",
                path.display(),
                file.write.zstd_level
            )));
        }
        if file.dataset.name.is_empty() || file.dataset.name.contains(['/', '\\']) {
            return Err(Error::Config(format!(
                "{}: key `dataset.name` must be a plain folder name, not {:?}",
                path.display(),
                file.dataset.name
            )));
        }
        for glob in &file.input.exclude {
            globset::Glob::new(glob).map_err(|e| {
                Error::Config(format!("{}: key `input.exclude`: {e}", path.display()))
            })?;
        }
        let mut inputs = Vec::new();
        for spanned in &file.input.paths {
            let line = 1 + text[..spanned.span().start].matches('\n').count();
            let input = PathBuf::from(spanned.get_ref());
            check_input_exists(&input, Some((path, line)))?;
            inputs.push(input);
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

fn check_input_exists(input: &Path, at: Option<(&Path, usize)>) -> Result<()> {
    let text = input.to_string_lossy();
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
        None => format!("input {} does not exist", input.display()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Pipeline> {
        Pipeline::from_toml(text, Path::new("pipelines/test.toml"))
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = load("[input]\npaths = [\".\"]\n\n[parse]\nmax_bytes = 3\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("pipelines/test.toml"), "{err}");
        assert!(err.contains("line 5"), "{err}");
        assert!(err.contains("max_bytes"), "{err}");
    }

    #[test]
    fn wrong_type_names_line_and_key() {
        let err = load("[input]\npaths = [\".\"]\n[normalize]\nrepair_paragraphs = \"yes\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 4"), "{err}");
        assert!(
            err.contains("repair_paragraphs") || err.contains("boolean"),
            "{err}"
        );
    }

    #[test]
    fn missing_input_names_line_and_key() {
        let err = load("[input]\npaths = [\n  \".\",\n  \"no/such/folder\",\n]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("pipelines/test.toml:4"), "{err}");
        assert!(err.contains("input.paths"), "{err}");
        assert!(err.contains("no/such/folder"), "{err}");
    }

    #[test]
    fn defaults_fill_missing_sections() {
        let p = load("[input]\npaths = [\".\"]\n").unwrap();
        assert_eq!(p.dataset_dir, Path::new("datasets/news"));
        assert!(p.normalize.repair_paragraphs);
        assert_eq!(p.write.zstd_level, 3);
    }
}
