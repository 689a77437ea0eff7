//! Raw files to `ParsedRecord`s, in parallel. Every file ends as a record or a reject; a
//! panic inside a format parser is caught and becomes a reject too.

use std::panic::{AssertUnwindSafe, catch_unwind};

use rayon::prelude::*;

use crate::config::ParseConfig;
use crate::formats::html::HtmlExtractor;
use crate::formats::{self, Sniffed};
use crate::fsutil::hash128_hex;
use crate::input::{
    InputFile, Refusal, decode, open_stream, read_bytes, read_small, transcode_wide,
};
use crate::model::{BodyMarkup, ParsedRecord, Reject, SourceFormat};
use crate::stages::StageName;
use crate::vocab::{PublishedSource, RejectReason};

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
        source_offset: None,
        warc_record_id: None,
        fetched_raw: None,
        charset_declared: None,
        charset_used: None,
        url: None,
        canonical_url: None,
        title: None,
        byline_raw: None,
        authors: Vec::new(),
        published_raw: None,
        published_source: None,
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
        section: None,
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

impl FileOutput {
    pub fn append(&mut self, mut other: FileOutput) {
        self.records.append(&mut other.records);
        self.rejects.append(&mut other.rejects);
    }

    pub fn len(&self) -> usize {
        self.records.len() + self.rejects.len()
    }

    /// Keeps the first `rows` rows (records first, then rejects) and returns the rest.
    pub fn split_off(&mut self, rows: usize) -> FileOutput {
        let records = self.records.split_off(rows.min(self.records.len()));
        let kept_rejects = rows
            .saturating_sub(self.records.len())
            .min(self.rejects.len());
        let rejects = self.rejects.split_off(kept_rejects);
        FileOutput { records, rejects }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of text held: what bounds a batch besides its row count.
    pub fn text_bytes(&self) -> usize {
        self.records.iter().map(|r| r.body.len()).sum::<usize>()
    }
}

/// Where parsed records go, in order; `false` back means stop (Ctrl-C, a write error).
pub type Emit<'a> = dyn FnMut(FileOutput) -> bool + 'a;

/// Parses every file of a group in file order and hands the records to `emit` in batches
/// of at most `batch_rows` rows (and about `BATCH_TEXT_BYTES` of text), so that an export of
/// millions of lines or a large archive is never held whole. Files that hold one article are
/// parsed side by side; an archive, export or feed is read as a stream (an archive's pages
/// are extracted side by side in batches). Stops as soon as `emit` says so.
pub fn parse_files_streaming(
    files: &[InputFile],
    cfg: &ParseConfig,
    batch_rows: usize,
    on_file: &(dyn Fn() + Sync),
    emit: &mut Emit,
) {
    /// Files sniffed and parsed side by side before their output is handed on in order.
    const WINDOW: usize = 64;
    let batch_rows = batch_rows.max(1);
    let mut pending = FileOutput::default();
    let mut going = true;
    let mut push = |out: FileOutput, pending: &mut FileOutput, emit: &mut Emit| -> bool {
        pending.append(out);
        while going && pending.len() >= batch_rows {
            let rest = pending.split_off(batch_rows);
            going = emit(std::mem::replace(pending, rest));
        }
        if going && pending.text_bytes() >= BATCH_TEXT_BYTES {
            going = emit(std::mem::take(pending));
        }
        going
    };
    for window in files.chunks(WINDOW) {
        let prepared: Vec<Prepared> = window
            .par_iter()
            .map(|file| {
                let prepared = guarded(file, || prepare(file, cfg));
                if matches!(prepared, Prepared::Done(_)) {
                    on_file();
                }
                prepared
            })
            .collect();
        for (file, prepared) in window.iter().zip(prepared) {
            let going = match prepared {
                Prepared::Done(out) => push(out, &mut pending, emit),
                Prepared::Stream(format) => {
                    let mut sink = |out: FileOutput| push(out, &mut pending, emit);
                    let streamed =
                        catch_unwind(AssertUnwindSafe(|| format.read(file, cfg, &mut sink)));
                    let going = match streamed {
                        Ok(()) => sink(FileOutput::default()),
                        Err(panic) => sink(panic_output(file, panic)),
                    };
                    on_file();
                    going
                }
            };
            if !going {
                return;
            }
        }
    }
    if !pending.is_empty() {
        emit(pending);
    }
}

/// A batch's text is capped too: a few thousand long pages are already a lot of memory.
const BATCH_TEXT_BYTES: usize = 64 << 20;

/// One input format as the parse stage reads it. Every format answers the same way: the
/// file's records and rejects, in file order, handed to `emit` in batches (`FileOutput`), a
/// record it cannot read being a reject built by `record_reject`. Which format a file is,
/// `format_of` decides from what `sniff_file` saw: sniffing stays in one place.
trait Format: Send + Sync {
    /// Read as one stream of many records (an archive, an export, a feed), in order with
    /// the files around it; a format of one record a file is read beside other files.
    fn is_stream(&self) -> bool {
        false
    }

    fn read(&self, file: &InputFile, cfg: &ParseConfig, emit: &mut Emit);
}

/// A file that is one article: a text dump, plain text or an HTML page, told apart once
/// decoded (a UTF-16 or UTF-32 file is sniffed again once transcoded).
struct OneArticle(Sniffed);

impl Format for OneArticle {
    fn read(&self, file: &InputFile, cfg: &ParseConfig, emit: &mut Emit) {
        emit(single(file, parse_one(file, cfg, self.0)));
    }
}

/// A WARC archive (`parse_warc`).
struct WarcArchive;

impl Format for WarcArchive {
    fn is_stream(&self) -> bool {
        true
    }

    fn read(&self, file: &InputFile, cfg: &ParseConfig, emit: &mut Emit) {
        parse_warc(file, cfg, emit);
    }
}

/// A JSON-lines export (`parse_jsonl`).
struct JsonLines;

impl Format for JsonLines {
    fn is_stream(&self) -> bool {
        true
    }

    fn read(&self, file: &InputFile, cfg: &ParseConfig, emit: &mut Emit) {
        parse_jsonl(file, cfg, emit);
    }
}

/// An RSS or Atom feed (`parse_feed`).
struct FeedItems;

impl Format for FeedItems {
    fn is_stream(&self) -> bool {
        true
    }

    fn read(&self, file: &InputFile, cfg: &ParseConfig, emit: &mut Emit) {
        emit(parse_feed(file, cfg));
    }
}

/// A file that could not be read far enough to tell its format.
struct Unreadable(Refusal);

impl Format for Unreadable {
    fn read(&self, file: &InputFile, _: &ParseConfig, emit: &mut Emit) {
        emit(single(file, Err(self.0.clone())));
    }
}

/// The format of `file`, from its first bytes.
fn format_of(file: &InputFile) -> Box<dyn Format> {
    format_for(sniff_file(file))
}

fn format_for(sniffed: Result<Sniffed, Refusal>) -> Box<dyn Format> {
    match sniffed {
        Err(refusal) => Box::new(Unreadable(refusal)),
        Ok(Sniffed::Warc) => Box::new(WarcArchive),
        Ok(Sniffed::Jsonl) => Box::new(JsonLines),
        Ok(Sniffed::Feed) => Box::new(FeedItems),
        Ok(other) => Box::new(OneArticle(other)),
    }
}

/// A file parsed whole, or one to read as a stream of records.
enum Prepared {
    Done(FileOutput),
    Stream(Box<dyn Format>),
}

/// Files up to this size on disk, and unpacking to at most `READ_WHOLE_FIRST_UNPACKED`,
/// are read whole before their format is told, so that a page or a text dump is read once,
/// not its head first and then all of it again. Any other file is sniffed from its head: an
/// archive or export is read as a stream, and a small compressed export that unpacks to
/// more is never held whole.
const READ_WHOLE_FIRST_BYTES: u64 = 4 << 20;
const READ_WHOLE_FIRST_UNPACKED: u64 = 16 << 20;

fn prepare(file: &InputFile, cfg: &ParseConfig) -> Prepared {
    let small = match &file.unreadable {
        None => read_small(
            &file.path,
            READ_WHOLE_FIRST_BYTES.min(cfg.max_file_bytes),
            READ_WHOLE_FIRST_UNPACKED.min(cfg.max_decompressed_bytes),
        ),
        Some(_) => None,
    };
    let format = match small {
        Some(bytes) => {
            let sniffed = sniff_bytes(&bytes);
            let format = format_for(Ok(sniffed));
            if !format.is_stream() {
                return Prepared::Done(single(file, parse_read(file, cfg, bytes, sniffed)));
            }
            format
        }
        // Too large to hold whole, or unreadable: the head tells the format, and the
        // format's reader reports what is wrong.
        None => format_of(file),
    };
    if format.is_stream() {
        return Prepared::Stream(format);
    }
    let mut out = FileOutput::default();
    format.read(file, cfg, &mut |o| {
        out.append(o);
        true
    });
    Prepared::Done(out)
}

/// Parses files in parallel and returns all their output (for tests and evaluation; the
/// pipeline streams with `parse_files_streaming`).
pub fn parse_files(
    files: &[InputFile],
    cfg: &ParseConfig,
    on_done: &(dyn Fn() + Sync),
) -> FileOutput {
    let mut all = FileOutput::default();
    parse_files_streaming(files, cfg, usize::MAX, on_done, &mut |out| {
        all.append(out);
        true
    });
    all
}

/// Runs `f`, turning a panic into an `internal_error` reject of the file.
fn guarded(file: &InputFile, f: impl FnOnce() -> Prepared) -> Prepared {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|panic| Prepared::Done(panic_output(file, panic)))
}

fn panic_output(file: &InputFile, panic: Box<dyn std::any::Any + Send>) -> FileOutput {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    FileOutput {
        records: Vec::new(),
        rejects: vec![reject(
            file,
            Refusal::new(
                RejectReason::InternalError,
                format!("parser failed: {what}"),
            ),
        )],
    }
}

fn reject(file: &InputFile, refusal: Refusal) -> Reject {
    record_reject(file, 0, refusal.reason, refusal.message)
}

/// A reject for record `n` of a file (a JSON line, a feed item), with that record's id.
fn record_reject(file: &InputFile, n: i64, reason: RejectReason, message: String) -> Reject {
    let mut r = Reject::new(StageName::Parse, reason, &file.rel, message);
    r.source_record = Some(n);
    r.article_id = Some(article_id(&file.rel, n));
    r
}

/// Bytes read to tell a file's format; a file that opens with a tag and shows no markup in
/// them is looked at again up to `formats::MARKUP_SNIFF_BYTES` (pages that open with
/// kilobytes of PHP warnings), so most files are decompressed this far only.
const SNIFF_HEAD_BYTES: usize = 8192;

/// Every record of one file.
pub fn parse_file(file: &InputFile, cfg: &ParseConfig) -> FileOutput {
    parse_files(std::slice::from_ref(file), cfg, &|| {})
}

/// Tells a file's format from its first bytes.
fn sniff_file(file: &InputFile) -> Result<Sniffed, Refusal> {
    if let Some(refusal) = &file.unreadable {
        return Err(refusal.clone());
    }
    let head = read_head(&file.path, SNIFF_HEAD_BYTES)?;
    match sniff_head(&head) {
        Some(sniffed) => Ok(sniffed),
        None => Ok(formats::sniff(&read_head(
            &file.path,
            formats::MARKUP_SNIFF_BYTES,
        )?)),
    }
}

/// `sniff_file` of a file already read whole.
fn sniff_bytes(bytes: &[u8]) -> Sniffed {
    sniff_head(&bytes[..bytes.len().min(SNIFF_HEAD_BYTES)])
        .unwrap_or_else(|| formats::sniff(&bytes[..bytes.len().min(formats::MARKUP_SNIFF_BYTES)]))
}

/// The format told from a file's first `SNIFF_HEAD_BYTES` (or fewer, the whole file), or
/// `None` when they open with a tag but show no markup: the caller looks further.
fn sniff_head(head: &[u8]) -> Option<Sniffed> {
    let sniffed = formats::sniff(head);
    let start = head.trim_ascii_start();
    let opens_with_tag = start
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(start)
        .starts_with(b"<");
    let look_further = sniffed == Sniffed::Text && opens_with_tag && head.len() == SNIFF_HEAD_BYTES;
    (!look_further).then_some(sniffed)
}

/// The first `bytes` of a file, decompressed when it is gzip: enough to tell its format
/// without reading a large archive whole.
fn read_head(path: &std::path::Path, bytes: usize) -> Result<Vec<u8>, Refusal> {
    use std::io::Read;
    let stream = open_stream(path, false)
        .map_err(|e| Refusal::new(RejectReason::Unreadable, crate::input::io_message(&e)))?;
    let mut head = Vec::new();
    // A damaged stream still yields its first bytes; the full read reports the damage.
    let _ = stream.take(bytes as u64).read_to_end(&mut head);
    Ok(head)
}

fn single(file: &InputFile, result: Result<ParsedRecord, Refusal>) -> FileOutput {
    match result {
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

fn parse_one(
    file: &InputFile,
    cfg: &ParseConfig,
    sniffed: Sniffed,
) -> Result<ParsedRecord, Refusal> {
    let bytes = read_bytes(&file.path, cfg.max_file_bytes, cfg.max_decompressed_bytes)?;
    parse_read(file, cfg, bytes, sniffed)
}

/// `parse_one` of the file's bytes, read and unpacked.
fn parse_read(
    file: &InputFile,
    cfg: &ParseConfig,
    bytes: Vec<u8>,
    sniffed: Sniffed,
) -> Result<ParsedRecord, Refusal> {
    // UTF-16/32 pages look binary to a byte sniffer: re-encode them first, then sniff again.
    let (bytes, wide) = transcode_wide(bytes);
    let sniffed = if wide.is_some() {
        formats::sniff(&bytes)
    } else {
        sniffed
    };
    let mut rec = parse_decoded(file, &bytes, sniffed, cfg.html_extractor)?;
    if let Some(name) = wide {
        rec.charset_used = Some(name.to_owned());
    }
    Ok(rec)
}

fn parse_decoded(
    file: &InputFile,
    bytes: &[u8],
    sniffed: Sniffed,
    extractor: HtmlExtractor,
) -> Result<ParsedRecord, Refusal> {
    let id = article_id(&file.rel, 0);
    match sniffed {
        Sniffed::Unsupported(what) => Err(Refusal::new(RejectReason::UnsupportedFormat, what)),
        // Only a UTF-16/32 file gets here as a feed (it is sniffed again once transcoded).
        Sniffed::Feed => Err(Refusal::new(
            RejectReason::UnsupportedFormat,
            "an RSS or Atom feed in UTF-16 or UTF-32",
        )),
        Sniffed::Html => {
            let mut rec = empty_record(&id, &file.rel, 0, SourceFormat::Html);
            parse_html(bytes, None, &mut rec, extractor)?;
            Ok(rec)
        }
        _ => {
            let decoded = decode(bytes, None)?;
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

/// Decodes an HTML page (charset from the HTTP header if any, else its `<meta>`) and
/// extracts its body and metadata into `rec`.
fn parse_html(
    bytes: &[u8],
    header_charset: Option<&str>,
    rec: &mut ParsedRecord,
    extractor: HtmlExtractor,
) -> Result<(), Refusal> {
    let declared = header_charset
        .map(str::to_owned)
        .or_else(|| formats::html::declared_charset(bytes));
    let decoded = decode(bytes, declared.as_deref())?;
    rec.charset_declared = decoded.charset_declared;
    rec.charset_used = Some(decoded.charset_used);
    formats::html::parse(&decoded.text, rec, extractor)
}

/// Every record of a WARC archive: HTML responses become records; other record types and
/// damage become rejects with the record's offset, so nothing is dropped unseen.
fn parse_warc(file: &InputFile, cfg: &ParseConfig, emit: &mut Emit) {
    use formats::warc::WarcReader;
    let opened = open_stream(&file.path, true)
        .and_then(|stream| WarcReader::detect(stream, cfg.max_decompressed_bytes));
    let reader = match opened {
        Ok(r) => r,
        Err(e) => {
            emit(single(file, Err(unreadable(&e))));
            return;
        }
    };
    // An archive is one file but thousands of pages: read records in order, extract a batch
    // of them in parallel, keep the batch's order.
    let mut batch = Vec::new();
    let mut batch_bytes = 0;
    for (n, item) in reader.enumerate() {
        if let formats::warc::WarcItem::Response(r) = &item {
            batch_bytes += r.body.len();
        }
        batch.push((n as i64, item));
        if batch.len() >= WARC_BATCH_RECORDS || batch_bytes >= WARC_BATCH_BYTES {
            let going = emit(warc_batch(
                file,
                std::mem::take(&mut batch),
                cfg.html_extractor,
            ));
            if !going {
                return;
            }
            batch_bytes = 0;
        }
    }
    emit(warc_batch(file, batch, cfg.html_extractor));
}

/// A file that could not be opened as a stream.
fn unreadable(e: &std::io::Error) -> Refusal {
    Refusal::new(RejectReason::Unreadable, crate::input::io_message(e))
}

/// Records extracted together: enough to keep both cores busy, few enough to bound memory.
const WARC_BATCH_RECORDS: usize = 256;
const WARC_BATCH_BYTES: usize = 64 << 20;

fn warc_batch(
    file: &InputFile,
    batch: Vec<(i64, formats::warc::WarcItem)>,
    extractor: HtmlExtractor,
) -> FileOutput {
    let mut out = FileOutput::default();
    let results: Vec<Result<ParsedRecord, Box<Reject>>> = batch
        .into_par_iter()
        .map(|(n, item)| warc_record(file, n, item, extractor))
        .collect();
    for result in results {
        match result {
            Ok(record) => out.records.push(record),
            Err(reject) => out.rejects.push(*reject),
        }
    }
    out
}

fn warc_record(
    file: &InputFile,
    n: i64,
    item: formats::warc::WarcItem,
    extractor: HtmlExtractor,
) -> Result<ParsedRecord, Box<Reject>> {
    use formats::warc::WarcItem;
    let id = article_id(&file.rel, n);
    let refuse = |offset: u64, refusal: Refusal, url: Option<String>| {
        let mut r = Reject::new(StageName::Parse, refusal.reason, &file.rel, refusal.message);
        r.source_record = Some(n);
        r.source_offset = i64::try_from(offset).ok();
        r.article_id = Some(id.clone());
        r.url = url;
        Box::new(r)
    };
    match item {
        WarcItem::Response(resp) => {
            let mut rec = empty_record(&id, &file.rel, n, SourceFormat::Warc);
            rec.source_offset = i64::try_from(resp.offset).ok();
            rec.warc_record_id = resp.record_id.clone();
            rec.fetched_raw = resp.date.clone();
            let parsed = catch_unwind(AssertUnwindSafe(|| {
                parse_html(&resp.body, resp.charset.as_deref(), &mut rec, extractor)
            }))
            .unwrap_or_else(|_| {
                Err(Refusal::new(
                    RejectReason::InternalError,
                    "the HTML parser failed",
                ))
            });
            // The archive's URL is the one fetched; a canonical link in the page is kept apart.
            rec.url = resp.target_uri.clone().or(rec.url.take());
            parsed
                .map(|()| rec)
                .map_err(|refusal| refuse(resp.offset, refusal, resp.target_uri))
        }
        WarcItem::Skipped {
            offset,
            target_uri,
            reason,
            message,
            ..
        } => Err(refuse(offset, Refusal::new(reason, message), target_uri)),
        WarcItem::Broken {
            offset,
            reason,
            message,
        } => Err(refuse(offset, Refusal::new(reason, message), None)),
    }
}

/// An RSS or Atom feed: one record per item, numbered from 0 in feed order. An item with no
/// text is a `no_text` reject; XML that breaks off is a `bad_xml` reject after the items read
/// before it.
fn parse_feed(file: &InputFile, cfg: &ParseConfig) -> FileOutput {
    let bytes = match read_bytes(&file.path, cfg.max_file_bytes, cfg.max_decompressed_bytes) {
        Ok(bytes) => bytes,
        Err(refusal) => return single(file, Err(refusal)),
    };
    let declared = formats::feed::declared_charset(&bytes);
    let decoded = match decode(&bytes, declared.as_deref()) {
        Ok(decoded) => decoded,
        Err(refusal) => return single(file, Err(refusal)),
    };
    let feed = formats::feed::parse(&decoded.text);
    let mut out = FileOutput::default();
    for (i, item) in feed.items.into_iter().enumerate() {
        let n = i as i64;
        let html = item
            .content_html
            .as_deref()
            .or(item.summary_html.as_deref());
        let paragraphs = html.map(formats::html::block_texts).unwrap_or_default();
        if paragraphs.is_empty() {
            out.rejects.push(record_reject(
                file,
                n,
                RejectReason::NoText,
                format!("item {i} has no text"),
            ));
            continue;
        }
        let mut rec = empty_record(&article_id(&file.rel, n), &file.rel, n, SourceFormat::Feed);
        rec.charset_declared = decoded.charset_declared.clone();
        rec.charset_used = Some(decoded.charset_used.clone());
        rec.body = paragraphs.join("\n\n");
        rec.title = item
            .title
            .as_deref()
            .map(formats::html::fragment_text)
            .filter(|t| !t.is_empty());
        rec.url = item.link;
        rec.description = item
            .content_html
            .is_some()
            .then(|| {
                item.summary_html
                    .as_deref()
                    .map(formats::html::fragment_text)
            })
            .flatten()
            .filter(|d| !d.is_empty());
        let has_published = item.published.is_some();
        rec.published_raw = item.published.or_else(|| item.updated.clone());
        rec.published_source = rec.published_raw.as_ref().map(|_| PublishedSource::Feed);
        rec.modified_raw = if has_published { item.updated } else { None };
        rec.byline_raw = (!item.authors.is_empty()).then(|| item.authors.join("; "));
        rec.authors = item
            .authors
            .iter()
            .flat_map(|a| formats::authors::split_names(a))
            .collect();
        rec.tags = item
            .categories
            .iter()
            .map(|c| formats::html::fragment_text(c))
            .filter(|c| !c.is_empty())
            .collect();
        rec.site_name = feed.site_name.clone();
        rec.language_hint = feed.language.clone();
        out.records.push(rec);
    }
    let next = (out.records.len() + out.rejects.len()) as i64;
    match feed.error {
        Some((offset, message)) => out.rejects.push(record_reject(
            file,
            next,
            RejectReason::BadXml,
            format!(
                "the feed's XML breaks off at byte {offset} ({message}); \
                 {next} items read before it"
            ),
        )),
        None if next == 0 => out.rejects.push(record_reject(
            file,
            0,
            RejectReason::NoItems,
            "a feed with no items".to_owned(),
        )),
        None => {}
    }
    out
}

/// Every line of a JSON-lines export: an article, or a reject naming the line.
fn parse_jsonl(file: &InputFile, cfg: &ParseConfig, emit: &mut Emit) {
    use formats::jsonl::{JsonlItem, JsonlReader};
    let reader = match open_stream(&file.path, false) {
        Ok(stream) => JsonlReader::new(stream, cfg.jsonl_fields.clone()),
        Err(e) => {
            emit(single(file, Err(unreadable(&e))));
            return;
        }
    };
    let mut out = FileOutput::default();
    let mut text_bytes = 0;
    for item in reader {
        if out.len() >= JSONL_BATCH_LINES || text_bytes >= BATCH_TEXT_BYTES {
            text_bytes = 0;
            if !emit(std::mem::take(&mut out)) {
                return;
            }
        }
        match item {
            JsonlItem::Article { line, article } => {
                let n = line as i64;
                let mut rec =
                    empty_record(&article_id(&file.rel, n), &file.rel, n, SourceFormat::Jsonl);
                // Exports carry plain text with one paragraph per line.
                rec.body = article
                    .text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                rec.title = article.title;
                rec.url = article.url;
                // An export's date field is the producer's metadata: `meta`.
                rec.published_source = article.published.as_ref().map(|_| PublishedSource::Meta);
                rec.published_raw = article.published;
                rec.byline_raw = (!article.authors.is_empty()).then(|| article.authors.join("; "));
                rec.authors = article.authors;
                rec.language_hint = article.language;
                rec.site_name = article.site_name;
                rec.description = article.description;
                text_bytes += rec.body.len();
                out.records.push(rec);
            }
            JsonlItem::Broken {
                line,
                reason,
                message,
            } => {
                out.rejects.push(record_reject(
                    file,
                    line as i64,
                    reason,
                    format!("line {line}: {message}"),
                ));
            }
        }
    }
    emit(out);
}

/// Lines handed on at a time: an export of millions of lines is never held whole.
const JSONL_BATCH_LINES: usize = 1024;
