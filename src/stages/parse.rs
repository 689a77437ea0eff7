//! Parse stage: raw files to `ParsedRecord`s, in parallel. Every file ends as a record or a
//! reject; a panic inside a format parser is caught and becomes a reject too.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

use crate::config::ParseConfig;
use crate::formats::{self, Sniffed};
use crate::fsutil::hash128_hex;
use crate::input::{InputFile, Refusal, decode, read_bytes};
use crate::model::{BodyMarkup, ParsedRecord, Reject, SourceFormat};

pub const STAGE: &str = "parse";
/// Bumped when the stage's output for the same input changes.
pub const VERSION: u32 = 1;

/// The stable id of a record: its file and its place in that file.
pub fn article_id(source_file: &str, source_record: i64) -> String {
    hash128_hex(format!("{source_file}#{source_record}").as_bytes())
}

pub fn empty_record(
    article_id: &str,
    source_file: &str,
    source_record: i64,
    format: SourceFormat,
) -> ParsedRecord {
    ParsedRecord {
        article_id: article_id.to_owned(),
        source_file: source_file.to_owned(),
        source_record,
        source_format: format,
        charset_declared: None,
        charset_used: None,
        url: None,
        canonical_url: None,
        title: None,
        byline_raw: None,
        authors: Vec::new(),
        published_raw: None,
        modified_raw: None,
        site_name: None,
        language_hint: None,
        description: None,
        image_url: None,
        image_caption: None,
        image_credit: None,
        related_titles: Vec::new(),
        related_targets: Vec::new(),
        tags: Vec::new(),
        body: String::new(),
        body_markup: BodyMarkup::Plain,
        extractor: None,
    }
}

/// What one file gave: its records and its rejects, in file order.
#[derive(Debug, Default)]
pub struct FileOutput {
    pub records: Vec<ParsedRecord>,
    pub rejects: Vec<Reject>,
}

pub fn parse_files(
    files: &[InputFile],
    cfg: &ParseConfig,
    on_done: &(dyn Fn() + Sync),
) -> FileOutput {
    let outputs: Vec<FileOutput> = files
        .par_iter()
        .map(|file| {
            let out = parse_file_guarded(file, cfg);
            on_done();
            out
        })
        .collect();
    let mut all = FileOutput::default();
    for out in outputs {
        all.records.extend(out.records);
        all.rejects.extend(out.rejects);
    }
    all
}

fn parse_file_guarded(file: &InputFile, cfg: &ParseConfig) -> FileOutput {
    match catch_unwind(AssertUnwindSafe(|| parse_file(file, cfg))) {
        Ok(out) => out,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            FileOutput {
                records: Vec::new(),
                rejects: vec![reject(
                    file,
                    Refusal::new("internal_error", format!("parser failed: {what}")),
                )],
            }
        }
    }
}

fn reject(file: &InputFile, refusal: Refusal) -> Reject {
    let mut r = Reject::new(STAGE, refusal.reason, &file.rel, refusal.message);
    r.source_record = Some(0);
    r.article_id = Some(article_id(&file.rel, 0));
    r
}

pub fn parse_file(file: &InputFile, cfg: &ParseConfig) -> FileOutput {
    match parse_one(file, cfg) {
        Ok(record) => FileOutput {
            records: vec![record],
            rejects: Vec::new(),
        },
        Err(refusal) => FileOutput {
            records: Vec::new(),
            rejects: vec![reject(file, refusal)],
        },
    }
}

fn parse_one(file: &InputFile, cfg: &ParseConfig) -> Result<ParsedRecord, Refusal> {
    let bytes = read_bytes(&file.path, cfg.max_file_bytes, cfg.max_decompressed_bytes)?;
    let id = article_id(&file.rel, 0);
    match formats::sniff(&bytes) {
        Sniffed::Unsupported(name) => Err(Refusal::new(
            "unsupported_format",
            format!("{name} input is not read by this version"),
        )),
        Sniffed::Html => {
            let declared = formats::html::declared_charset(&bytes);
            let decoded = decode(&bytes, declared.as_deref())?;
            let mut rec = empty_record(&id, &file.rel, 0, SourceFormat::Html);
            rec.charset_declared = decoded.charset_declared;
            rec.charset_used = Some(decoded.charset_used);
            formats::html::parse(&decoded.text, &mut rec)?;
            Ok(rec)
        }
        Sniffed::Text => {
            let decoded = decode(&bytes, None)?;
            let format = formats::text_format(&decoded.text);
            let mut rec = empty_record(&id, &file.rel, 0, format);
            rec.charset_used = Some(decoded.charset_used);
            match format {
                SourceFormat::TextDump => formats::textdump::parse(&decoded.text, &mut rec)?,
                _ => formats::plaintext::parse(&decoded.text, &mut rec)?,
            }
            Ok(rec)
        }
    }
}
