//! WARC input: a streaming reader that turns a WARC file (plain, one gzip member per record,
//! or one gzip member for the whole file) into response records with their HTTP payload,
//! counted skips, and damage reports.
//!
//! Memory is bounded by `max_record_bytes` (one record block, one decoded payload) plus a
//! few 64 KiB buffers, whatever the size of the file. Damage never panics and never stops
//! the reader early when it can go on: it reports a [`WarcItem::Broken`] and resynchronises
//! at the next line that starts with a WARC version (`WARC/1.0`, `WARC/0.18`, …).
//!
//! A wrong `Content-Length` is repaired, not reported: when the bytes after the block are not
//! the record trailer followed by the next record, the block is cut at (or extended to) the
//! next `WARC/` version line, and the record is read as usual.

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};
use std::sync::{Arc, Mutex, PoisonError};

/// Stream buffers: the read size on both sides of gzip.
const CHUNK: usize = 64 * 1024;
/// One WARC or HTTP header line, and all WARC header lines of one record together.
const MAX_HEADER_LINE: usize = 256 * 1024;
const MAX_HEADER_BYTES: usize = 1024 * 1024;
/// A run of CR, LF and NUL bytes after a block that still counts as the record trailer.
const MAX_TRAILER: usize = 64 * 1024;
/// How much of a payload is looked at to tell HTML without a Content-Type.
const SNIFF_BYTES: usize = 1024;
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// One thing found in a WARC file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarcItem {
    /// A response record with an HTML (or HTML-looking) HTTP payload.
    Response(WarcResponse),
    /// A sound record that is not an article, skipped by design (nothing in the file is
    /// wrong): one of [`SKIPPED_BY_DESIGN`]. `message` says what was seen: the record type,
    /// the HTTP status, the Content-Type.
    Skipped {
        offset: u64,
        warc_type: String,
        target_uri: Option<String>,
        reason: &'static str,
        message: String,
    },
    /// Damage: the reader resynchronises at the next `WARC/` line if it can, else stops.
    /// Reasons: `truncated`, `bad_header`, `bad_content_length`, `too_large`, `corrupt_gzip`,
    /// and `io_error` (the underlying reader failed; the reader stops).
    Broken {
        offset: u64,
        reason: &'static str,
        message: String,
    },
}

/// The reasons of [`WarcItem::Skipped`], records that are sound but no article:
/// `not_response` (a warcinfo, request, metadata, revisit, resource… record),
/// `http_status` (a response whose status is not 2xx), `not_html` (a payload of another
/// media type), `content_encoding` (a compression this reader does not undo), `empty_body`.
/// Every other reason of a WARC record is damage ([`WarcItem::Broken`]).
pub const SKIPPED_BY_DESIGN: [&str; 5] = [
    "not_response",
    "http_status",
    "not_html",
    "content_encoding",
    "empty_body",
];

/// A response record and its decoded HTTP payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcResponse {
    /// Where the record starts in the file as stored. Plain file: its byte offset. Gzip with
    /// one member per record (`.warc.gz`): the offset of the record's gzip member in the
    /// compressed file, so `tail -c +$((offset + 1)) f.warc.gz | zcat` starts with it.
    /// When one member holds several records (a whole file gzipped as one member), only the
    /// first record of that member gets the member offset; the others get their offset in
    /// the decompressed stream. The same rule gives the `offset` of skipped and broken items.
    pub offset: u64,
    /// `WARC-Record-ID` as written (with its `<>`).
    pub record_id: Option<String>,
    /// `WARC-Date` as written (not checked: real files hold invalid dates).
    pub date: Option<String>,
    /// `WARC-Target-URI` without surrounding `<>` and whitespace; spaces inside are kept.
    pub target_uri: Option<String>,
    /// The HTTP status code; `None` when the payload has no HTTP header.
    pub http_status: Option<u16>,
    /// The HTTP `Content-Type` media type, lowercased, without parameters.
    pub content_type: Option<String>,
    /// The `charset=` parameter of the HTTP `Content-Type`, unquoted, as written.
    pub charset: Option<String>,
    /// The HTTP payload: de-chunked if `Transfer-Encoding: chunked`, gunzipped (capped at
    /// `max_record_bytes`) if `Content-Encoding: gzip`/`deflate`.
    pub body: Vec<u8>,
}

/// Streams the items of a WARC file.
pub struct WarcReader<R: BufRead> {
    input: ByteBuf<R>,
    max_record_bytes: u64,
    /// Member starts of a gzip input, to report compressed offsets.
    members: Option<Arc<Mutex<MemberLog>>>,
    done: bool,
    /// Set after damage: bytes before the next `WARC/` line are passed over silently.
    resync: bool,
    /// Stream position at the last read error: a second error there ends the reader.
    last_error_at: Option<u64>,
}

impl WarcReader<Box<dyn BufRead + Send>> {
    /// Reads `reader` as gzip (member by member, recovering at the next member after
    /// damage) when it starts with the gzip magic bytes, else as a plain WARC.
    pub fn detect<R: BufRead + Send + 'static>(
        mut reader: R,
        max_record_bytes: u64,
    ) -> io::Result<Self> {
        let head = reader.fill_buf()?;
        if head.first() == Some(&GZIP_MAGIC[0]) && head.get(1).is_none_or(|&b| b == GZIP_MAGIC[1]) {
            let log = Arc::new(Mutex::new(MemberLog::default()));
            let gz = GzMembers {
                state: GzState::Between(ByteBuf::new(reader)),
                produced: 0,
                log: Arc::clone(&log),
                quiet: false,
            };
            let boxed: Box<dyn BufRead + Send> = Box::new(BufReader::with_capacity(CHUNK, gz));
            let mut warc = WarcReader::new(boxed, max_record_bytes);
            warc.members = Some(log);
            Ok(warc)
        } else {
            Ok(WarcReader::new(Box::new(reader), max_record_bytes))
        }
    }
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over uncompressed WARC bytes. Records whose block is larger than
    /// `max_record_bytes` are skipped and reported as `too_large`.
    pub fn new(reader: R, max_record_bytes: u64) -> Self {
        WarcReader {
            input: ByteBuf::new(reader),
            max_record_bytes,
            members: None,
            done: false,
            resync: false,
            last_error_at: None,
        }
    }

    /// The stored offset of something that starts at stream position `pos`. `claim` marks
    /// the gzip member as used by a record, so later records in it get stream positions.
    fn stored_offset(&self, pos: u64, claim: bool) -> u64 {
        let Some(log) = &self.members else {
            return pos;
        };
        let mut log = log.lock().unwrap_or_else(PoisonError::into_inner);
        while log.members.len() >= 2 && log.members[1].0 <= pos {
            log.members.pop_front();
        }
        match log.members.front().copied() {
            Some((start, compressed)) if start <= pos && log.claimed != Some(compressed) => {
                if claim {
                    log.claimed = Some(compressed);
                    compressed
                } else if start == pos {
                    compressed
                } else {
                    pos
                }
            }
            _ => pos,
        }
    }

    fn broken(&mut self, offset: u64, reason: &'static str, message: String) -> WarcItem {
        self.resync = true;
        WarcItem::Broken {
            offset,
            reason,
            message,
        }
    }

    /// A read error: gzip damage is reported and passed (the gzip layer moves on to the next
    /// member); any other error, or a second error with no progress, ends the reader.
    fn read_failed(&mut self, offset: u64, err: io::Error) -> WarcItem {
        let pos = self.input.pos;
        let no_progress = self.last_error_at == Some(pos);
        self.last_error_at = Some(pos);
        let truncated = err.kind() == io::ErrorKind::UnexpectedEof;
        let reason = match (self.members.is_some(), truncated) {
            (_, true) => "truncated",
            (true, false) => "corrupt_gzip",
            (false, false) => "io_error",
        };
        if self.members.is_none() || no_progress {
            self.done = true;
        }
        self.broken(offset, reason, err.to_string())
    }

    fn step(&mut self) -> Option<WarcItem> {
        let scan_start = self.input.pos;
        let scan = match self.scan_to_version_line(None, u64::MAX) {
            Ok(scan) => scan,
            Err(e) => {
                let offset = self.stored_offset(scan_start, false);
                return Some(self.read_failed(offset, e));
            }
        };
        if scan.junk > 0 && !self.resync {
            let offset = self.stored_offset(scan_start, false);
            let what = if scan.found {
                "before the next WARC/ line"
            } else {
                "up to the end, with no WARC/ line"
            };
            return Some(self.broken(
                offset,
                "bad_header",
                format!("{} bytes that are not a WARC record {what}", scan.passed),
            ));
        }
        self.resync = false;
        if !scan.found {
            self.done = true;
            return None;
        }
        let offset = self.stored_offset(self.input.pos, true);
        Some(match self.read_record(offset) {
            Ok(item) => item,
            Err(e) => self.read_failed(offset, e),
        })
    }

    /// Reads one record; the input is at its version line.
    fn read_record(&mut self, offset: u64) -> io::Result<WarcItem> {
        let (version, lf_only) = match self.read_line(64)? {
            Line::Full(l) | Line::Eof(l) => (
                String::from_utf8_lossy(trim_eol(&l)).into_owned(),
                !l.ends_with(b"\r\n"),
            ),
            // The scan saw the whole version line (under 32 bytes) before this.
            Line::TooLong => ("WARC/?".into(), false),
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut header_bytes = 0usize;
        loop {
            let line = match self.read_line(MAX_HEADER_LINE)? {
                Line::Full(l) => l,
                Line::Eof(_) => {
                    return Ok(self.broken(
                        offset,
                        "truncated",
                        format!("{version} record header cut off by the end of the file"),
                    ));
                }
                Line::TooLong => {
                    return Ok(self.broken(
                        offset,
                        "bad_header",
                        format!("a header line longer than {MAX_HEADER_LINE} bytes"),
                    ));
                }
            };
            header_bytes += line.len();
            if header_bytes > MAX_HEADER_BYTES {
                return Ok(self.broken(
                    offset,
                    "bad_header",
                    format!("record header longer than {MAX_HEADER_BYTES} bytes"),
                ));
            }
            let text = trim_eol(&line);
            if text.iter().all(|b| b.is_ascii_whitespace()) {
                break;
            }
            if version_line(&line, true) == Some(true) {
                self.input.unread(&line);
                return Ok(self.broken(
                    offset,
                    "bad_header",
                    "record header cut short by the next record".into(),
                ));
            }
            let text = String::from_utf8_lossy(text);
            if text.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                }
                continue;
            }
            let Some((name, value)) = text.split_once(':') else {
                return Ok(self.broken(
                    offset,
                    "bad_header",
                    format!("header line without a colon: {:.80}", text.trim()),
                ));
            };
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let length = header(&headers, "Content-Length");
        let Some(length) = length.and_then(|l| l.parse::<u64>().ok()) else {
            return Ok(self.broken(
                offset,
                "bad_content_length",
                match length {
                    Some(l) => format!("Content-Length is not a number: {l:.40}"),
                    None => "no Content-Length".into(),
                },
            ));
        };
        let target_uri = header(&headers, "WARC-Target-URI").and_then(clean_uri);
        let warc_type = header(&headers, "WARC-Type").map(str::to_ascii_lowercase);
        if length > self.max_record_bytes {
            let scan = self.scan_to_version_line(None, length)?;
            // The trailer, or the rest of a block cut short by the next record, is passed
            // over silently.
            self.resync = true;
            if let Some(warc_type) = warc_type.filter(|t| t != "response") {
                return Ok(not_response(offset, warc_type, target_uri));
            }
            let end = if scan.found {
                format!("; the next record starts after {} bytes", scan.passed)
            } else if scan.passed < length {
                format!("; the file ends after {} bytes", scan.passed)
            } else {
                String::new()
            };
            let uri = target_uri
                .map(|u| format!(" ({u:.200})"))
                .unwrap_or_default();
            return Ok(self.broken(
                offset,
                "too_large",
                format!(
                    "record block of {length} bytes is over the limit of {}{end}{uri}",
                    self.max_record_bytes
                ),
            ));
        }
        let is_response = warc_type.as_deref().is_none_or(|t| t == "response");
        let block = match self.read_block(offset, length, is_response, lf_only)? {
            Ok(block) => block,
            Err(item) => return Ok(item),
        };
        let Some(warc_type) = warc_type else {
            return Ok(self.broken(offset, "bad_header", "no WARC-Type".into()));
        };
        if warc_type != "response" {
            return Ok(not_response(offset, warc_type, target_uri));
        }
        Ok(self.response(offset, &headers, target_uri, block))
    }

    /// Reads a block of `length` bytes (at most `max_record_bytes`), repairing a wrong
    /// Content-Length from where the next record starts.
    ///
    /// A block cut off by the end of the file is `truncated`, except: the next record
    /// starts inside it (Content-Length too long); or the record's lines end in LF only and
    /// the block ends in a blank line (a CRLF file converted to LF, whose Content-Length
    /// counts the CRs); or the record is not a response (its block is not used).
    fn read_block(
        &mut self,
        offset: u64,
        length: u64,
        is_response: bool,
        lf_only: bool,
    ) -> io::Result<Result<Vec<u8>, WarcItem>> {
        let mut block = Vec::with_capacity(length.min(CHUNK as u64 * 16) as usize);
        let got = self.input.read_into(length, &mut block)?;
        if got < length {
            // The file ends inside the block: a truncated file, or a Content-Length too long
            // for the last record(s).
            if let Some(p) = find_version_line(&block) {
                self.input.unread(&block[p..]);
                block.truncate(p);
                trim_trailer(&mut block);
                return Ok(Ok(block));
            }
            if !is_response || (lf_only && block.ends_with(b"\n\n")) {
                trim_trailer(&mut block);
                return Ok(Ok(block));
            }
            return Ok(Err(self.broken(
                offset,
                "truncated",
                format!("record block has {got} of its {length} bytes"),
            )));
        }
        if self.trailer_follows() {
            return Ok(Ok(block));
        }
        if let Some(p) = find_version_line(&block) {
            // Content-Length too long: the next record starts inside the block.
            self.input.unread(&block[p..]);
            block.truncate(p);
            trim_trailer(&mut block);
            return Ok(Ok(block));
        }
        // Content-Length too short: the block goes on up to the next record.
        let room = self.max_record_bytes - length;
        let scan = self.scan_to_version_line(Some(&mut block), room)?;
        if scan.hit_limit {
            return Ok(Err(self.broken(
                offset,
                "too_large",
                format!(
                    "record block runs past its Content-Length of {length} to more than {} bytes",
                    self.max_record_bytes
                ),
            )));
        }
        trim_trailer(&mut block);
        Ok(Ok(block))
    }

    /// After a block: CR, LF or NUL bytes, then the next record or the end of the file.
    /// Consumes the trailer when it is there. A read error while looking ahead is left for
    /// the next record, so it does not spoil this one.
    fn trailer_follows(&mut self) -> bool {
        let mut run = 0;
        loop {
            let avail = self.input.avail();
            match avail[run..]
                .iter()
                .position(|b| !matches!(b, b'\r' | b'\n' | 0))
            {
                Some(i) => {
                    run += i;
                    break;
                }
                None => {
                    run = avail.len();
                    if run > MAX_TRAILER {
                        return false;
                    }
                    if self.input.fill_more_soft() == 0 {
                        self.input.consume(run);
                        return true;
                    }
                }
            }
        }
        let complete = !self.input.ensure_soft(run + 32);
        if version_line(&self.input.avail()[run..], complete) == Some(true) {
            self.input.consume(run);
            true
        } else {
            false
        }
    }

    fn response(
        &mut self,
        offset: u64,
        headers: &[(String, String)],
        target_uri: Option<String>,
        mut block: Vec<u8>,
    ) -> WarcItem {
        let skipped = |reason, message| WarcItem::Skipped {
            offset,
            warc_type: "response".into(),
            target_uri: target_uri.clone(),
            reason,
            message,
        };
        let http = parse_http(&block);
        if let Some(status) = http.status
            && !(200..300).contains(&status)
        {
            return skipped("http_status", format!("HTTP status {}", http.status_text));
        }
        block.drain(..http.body_start);
        let mut body = block;
        let chunked = header(&http.headers, "Transfer-Encoding")
            .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
        if chunked && let Some(plain) = dechunk(&body) {
            body = plain;
        }
        let encoding = header(&http.headers, "Content-Encoding")
            .map(|e| e.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let mut unknown_encoding = false;
        match encoding.as_str() {
            "" | "identity" | "none" => {}
            "gzip" | "x-gzip" | "deflate" => {
                if let Some(plain) = inflate(&body, self.max_record_bytes) {
                    body = plain;
                }
            }
            _ => unknown_encoding = true,
        }
        let content_type = header(&http.headers, "Content-Type");
        // Only a `type/subtype` is a media type: `Content-Type: charset=utf-8` names none,
        // and the payload is looked at as when the header is missing.
        let mime = content_type
            .and_then(|ct| ct.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .filter(|m| m.contains('/'));
        let charset = content_type.and_then(charset_param);
        let html = match &mime {
            Some(m) => m == "text/html" || m == "application/xhtml+xml",
            None => sniff_html(&body),
        };
        if unknown_encoding && !sniff_html(&body) {
            return skipped(
                "content_encoding",
                format!(
                    "Content-Encoding {}, which this reader does not undo",
                    shorten(&encoding)
                ),
            );
        }
        let blank = body.iter().all(|b| b.is_ascii_whitespace() || *b == 0);
        // With no media type to go by, an empty payload is told as such, not as "not HTML".
        if !html && (mime.is_some() || !blank) {
            let message = match (&mime, content_type) {
                (Some(_), Some(ct)) => format!("Content-Type {}, not HTML", shorten(ct)),
                (None, Some(ct)) => format!(
                    "Content-Type {} names no media type, and the payload does not look \
                     like HTML: it starts {}",
                    shorten(ct),
                    payload_start(&body)
                ),
                (_, None) => format!(
                    "no Content-Type, and the payload does not look like HTML: it starts {}",
                    payload_start(&body)
                ),
            };
            return skipped("not_html", message);
        }
        if blank {
            let message = match http.status {
                Some(_) => format!("HTTP status {} with an empty payload", http.status_text),
                None => "an empty payload".to_owned(),
            };
            return skipped("empty_body", message);
        }
        WarcItem::Response(WarcResponse {
            offset,
            record_id: header(headers, "WARC-Record-ID").map(str::to_owned),
            date: header(headers, "WARC-Date").map(str::to_owned),
            target_uri,
            http_status: http.status,
            content_type: mime,
            charset,
            body,
        })
    }

    /// Reads a line (through its LF) of at most `max` bytes.
    fn read_line(&mut self, max: usize) -> io::Result<Line> {
        let mut searched = 0;
        loop {
            let avail = self.input.avail();
            let window = &avail[..avail.len().min(max)];
            if let Some(i) = memchr::memchr(b'\n', &window[searched..]) {
                let line = window[..searched + i + 1].to_vec();
                self.input.consume(line.len());
                return Ok(Line::Full(line));
            }
            if window.len() >= max {
                return Ok(Line::TooLong);
            }
            searched = window.len();
            if self.input.fill_more()? == 0 {
                let line = self.input.avail().to_vec();
                self.input.consume(line.len());
                return Ok(Line::Eof(line));
            }
        }
    }

    /// Passes over bytes up to the next WARC version line (at the current position, or after
    /// a LF or NUL byte), at most `limit` bytes; the bytes passed are appended to `keep`.
    fn scan_to_version_line(
        &mut self,
        mut keep: Option<&mut Vec<u8>>,
        limit: u64,
    ) -> io::Result<Scan> {
        let mut scan = Scan::default();
        let mut prev = b'\n';
        loop {
            let complete = !self.input.ensure(32)?;
            let avail = self.input.avail();
            if avail.is_empty() {
                return Ok(scan);
            }
            let mut cut = if complete {
                avail.len()
            } else {
                avail.len() - 4
            };
            for i in memchr::memmem::find_iter(avail, b"WARC/") {
                let before = if i == 0 { prev } else { avail[i - 1] };
                if before != b'\n' && before != 0 {
                    continue;
                }
                match version_line(&avail[i..], complete || avail.len() - i >= 32) {
                    Some(true) => {
                        cut = i;
                        scan.found = true;
                        break;
                    }
                    Some(false) => {}
                    None => {
                        cut = i;
                        break;
                    }
                }
            }
            if !scan.found && cut == 0 {
                cut = 1;
            }
            let room = limit - scan.passed;
            if cut as u64 > room {
                cut = room as usize;
                scan.found = false;
                scan.hit_limit = true;
            }
            let passed = &avail[..cut];
            scan.junk += passed
                .iter()
                .filter(|b| !matches!(b, 0 | b'\r' | b'\n' | b'\t' | b' '))
                .count() as u64;
            if let Some(keep) = keep.as_deref_mut() {
                keep.extend_from_slice(passed);
            }
            if let Some(&last) = passed.last() {
                prev = last;
            }
            scan.passed += cut as u64;
            self.input.consume(cut);
            if scan.found || scan.hit_limit {
                return Ok(scan);
            }
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = WarcItem;

    fn next(&mut self) -> Option<WarcItem> {
        if self.done {
            return None;
        }
        self.step()
    }
}

enum Line {
    Full(Vec<u8>),
    Eof(Vec<u8>),
    TooLong,
}

#[derive(Debug, Default)]
struct Scan {
    found: bool,
    hit_limit: bool,
    passed: u64,
    junk: u64,
}

fn not_response(offset: u64, warc_type: String, target_uri: Option<String>) -> WarcItem {
    WarcItem::Skipped {
        message: format!("{} record, not a response", shorten(&warc_type)),
        offset,
        warc_type,
        target_uri,
        reason: "not_response",
    }
}

/// A header value as shown in a message: at most 100 characters.
fn shorten(value: &str) -> String {
    match value.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

/// The first bytes of a payload, quoted, control and non-UTF-8 bytes escaped.
fn payload_start(body: &[u8]) -> String {
    let head = &body[..body.len().min(24)];
    let text: String = String::from_utf8_lossy(head).chars().take(24).collect();
    format!("{text:?}")
}

/// Whether `bytes` starts with a WARC version line: `WARC/` digits `.` digits, optional
/// blanks, then LF or CRLF. `None`: too few bytes to tell (and more may come).
fn version_line(bytes: &[u8], complete: bool) -> Option<bool> {
    let Some(rest) = bytes.strip_prefix(b"WARC/") else {
        return Some(false);
    };
    let mut i = 0;
    let mut digits = [0usize; 2];
    for (part, count) in digits.iter_mut().enumerate() {
        while i < rest.len() && rest[i].is_ascii_digit() && *count < 4 {
            *count += 1;
            i += 1;
        }
        if *count == 0 || (*count < 4 && i < rest.len() && rest[i].is_ascii_digit()) {
            return if i >= rest.len() && !complete {
                None
            } else {
                Some(false)
            };
        }
        if part == 0 {
            match rest.get(i) {
                Some(b'.') => i += 1,
                Some(_) => return Some(false),
                None => return if complete { Some(false) } else { None },
            }
        }
    }
    while i < rest.len() && i < 24 && matches!(rest[i], b' ' | b'\t' | b'\r') {
        i += 1;
    }
    match rest.get(i) {
        Some(b'\n') => Some(true),
        Some(_) => Some(false),
        None if complete => Some(false),
        None => None,
    }
}

/// The first WARC version line inside a block, at its start or after a LF or NUL byte.
fn find_version_line(block: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(block, b"WARC/").find(|&i| {
        (i == 0 || matches!(block[i - 1], b'\n' | 0))
            && version_line(&block[i..], true) == Some(true)
    })
}

fn trim_trailer(block: &mut Vec<u8>) {
    let keep = block
        .iter()
        .rposition(|b| !matches!(b, b'\r' | b'\n' | 0))
        .map_or(0, |i| i + 1);
    block.truncate(keep);
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn clean_uri(raw: &str) -> Option<String> {
    let uri = raw.trim();
    let uri = uri.strip_prefix('<').unwrap_or(uri);
    let uri = uri.strip_suffix('>').unwrap_or(uri).trim();
    (!uri.is_empty()).then(|| uri.to_owned())
}

/// The `charset=` parameter, also when no media type comes before it.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim();
        (!value.is_empty()).then(|| value.to_owned())
    })
}

struct Http {
    status: Option<u16>,
    /// The status line after the HTTP version: `404 Not Found`.
    status_text: String,
    headers: Vec<(String, String)>,
    body_start: usize,
}

/// The HTTP status line and headers at the start of a response block (CRLF or LF lines).
/// A block that does not start with `HTTP/` is all payload.
fn parse_http(block: &[u8]) -> Http {
    let mut http = Http {
        status: None,
        status_text: String::new(),
        headers: Vec::new(),
        body_start: 0,
    };
    if !block.starts_with(b"HTTP/") {
        return http;
    }
    let mut at = 0;
    let mut first = true;
    loop {
        let Some(nl) = memchr::memchr(b'\n', &block[at..]) else {
            // No blank line: all header, no payload.
            http.body_start = block.len();
            return http;
        };
        let line = String::from_utf8_lossy(trim_eol(&block[at..at + nl + 1]));
        at += nl + 1;
        if first {
            first = false;
            http.status = line
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse::<u16>().ok());
            let after_version = line.split_once(char::is_whitespace).map_or("", |(_, r)| r);
            http.status_text = shorten(after_version.trim());
            continue;
        }
        if line.trim().is_empty() {
            http.body_start = at;
            return http;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = http.headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            http.headers
                .push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
}

/// Undoes HTTP chunked transfer coding. `None` when the body does not start with a chunk
/// size (the header lied, or the payload was stored decoded). A cut-off last chunk keeps
/// what is there.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    let mut first = true;
    while at < body.len() {
        let nl = memchr::memchr(b'\n', &body[at..])?;
        let line = std::str::from_utf8(trim_eol(&body[at..at + nl + 1])).ok();
        let size = line
            .and_then(|l| l.split(';').next())
            .map(str::trim)
            .filter(|s| !s.is_empty() && s.len() <= 16)
            .and_then(|s| usize::from_str_radix(s, 16).ok());
        let Some(size) = size else {
            return if first { None } else { Some(out) };
        };
        first = false;
        at += nl + 1;
        if size == 0 {
            break;
        }
        let end = at.saturating_add(size).min(body.len());
        out.extend_from_slice(&body[at..end]);
        at = end;
        if body[at..].starts_with(b"\r\n") {
            at += 2;
        } else if body[at..].starts_with(b"\n") {
            at += 1;
        }
    }
    Some(out)
}

/// Gunzips (or inflates zlib / raw deflate) a payload, keeping at most `cap` bytes. `None`
/// when it does not decode at all (stored decoded despite the header).
fn inflate(body: &[u8], cap: u64) -> Option<Vec<u8>> {
    fn run(reader: impl Read, cap: u64) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let result = reader.take(cap).read_to_end(&mut out);
        (result.is_ok() || !out.is_empty()).then_some(out)
    }
    if body.starts_with(&GZIP_MAGIC[..2]) {
        run(flate2::read::MultiGzDecoder::new(body), cap)
    } else if body.len() >= 2
        && body[0] & 0x0f == 8
        && u16::from_be_bytes([body[0], body[1]]).is_multiple_of(31)
    {
        run(flate2::read::ZlibDecoder::new(body), cap)
    } else if sniff_html(body) {
        None
    } else {
        run(flate2::read::DeflateDecoder::new(body), cap).filter(|out| !out.is_empty())
    }
}

/// An HTML document by its first bytes: `<!doctype html` or `<html` near the start.
fn sniff_html(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + SNIFF_BYTES)];
    if !head.starts_with(b"<") {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    memchr::memmem::find(&lower, b"<html").is_some()
        || memchr::memmem::find(&lower, b"<!doctype html").is_some()
}

/// A buffer over a reader that can look ahead any number of bytes, put bytes back, and
/// counts the stream position.
struct ByteBuf<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    /// Stream position of `buf[start]`.
    pos: u64,
    eof: bool,
    /// An error met while only looking ahead, returned by the next read.
    deferred: Option<io::Error>,
}

impl<R: Read> ByteBuf<R> {
    fn new(inner: R) -> Self {
        ByteBuf {
            inner,
            buf: Vec::new(),
            start: 0,
            pos: 0,
            eof: false,
            deferred: None,
        }
    }

    fn avail(&self) -> &[u8] {
        &self.buf[self.start..]
    }

    /// Reads more bytes into the buffer; `Ok(0)` at the end of the input.
    fn fill_more(&mut self) -> io::Result<usize> {
        if let Some(e) = self.deferred.take() {
            return Err(e);
        }
        if self.eof {
            return Ok(0);
        }
        if self.start > 0 && (self.start == self.buf.len() || self.start >= CHUNK) {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let read = loop {
            match self.inner.read(&mut self.buf[old..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let n = *read.as_ref().unwrap_or(&0);
        self.buf.truncate(old + n);
        if read? == 0 {
            self.eof = true;
        }
        Ok(n)
    }

    /// Like `fill_more` for a look-ahead: an error counts as the end for now, and is
    /// returned by the next read.
    fn fill_more_soft(&mut self) -> usize {
        self.fill_more().unwrap_or_else(|e| {
            self.deferred = Some(e);
            0
        })
    }

    fn ensure_soft(&mut self, n: usize) -> bool {
        while self.avail().len() < n {
            if self.fill_more_soft() == 0 {
                return false;
            }
        }
        true
    }

    /// Makes at least `n` bytes available; `false` when the input ends first.
    fn ensure(&mut self, n: usize) -> io::Result<bool> {
        while self.avail().len() < n {
            if self.fill_more()? == 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn consume(&mut self, n: usize) {
        let n = n.min(self.buf.len() - self.start);
        self.start += n;
        self.pos += n as u64;
    }

    /// Puts bytes just consumed back in front.
    fn unread(&mut self, bytes: &[u8]) {
        let mut buf = Vec::with_capacity(bytes.len() + self.avail().len());
        buf.extend_from_slice(bytes);
        buf.extend_from_slice(self.avail());
        self.buf = buf;
        self.start = 0;
        self.pos -= bytes.len() as u64;
    }

    /// Appends up to `n` bytes to `out`; fewer only at the end of the input.
    fn read_into(&mut self, n: u64, out: &mut Vec<u8>) -> io::Result<u64> {
        let mut done = 0u64;
        while done < n {
            if self.avail().is_empty() && self.fill_more()? == 0 {
                break;
            }
            let avail = self.avail();
            let k = avail
                .len()
                .min(usize::try_from(n - done).unwrap_or(usize::MAX));
            out.extend_from_slice(&avail[..k]);
            self.consume(k);
            done += k as u64;
        }
        Ok(done)
    }
}

impl<R: Read> Read for ByteBuf<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for ByteBuf<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.avail().is_empty() {
            self.fill_more()?;
        }
        Ok(self.avail())
    }

    fn consume(&mut self, amt: usize) {
        ByteBuf::consume(self, amt);
    }
}

/// Where gzip members start: (decompressed position, compressed offset), oldest first.
#[derive(Debug, Default)]
struct MemberLog {
    members: VecDeque<(u64, u64)>,
    /// The compressed offset of the member whose first record was reported.
    claimed: Option<u64>,
}

enum GzState<R> {
    Between(ByteBuf<R>),
    Member(Box<flate2::bufread::GzDecoder<ByteBuf<R>>>, u64),
    Done,
}

/// Decompresses gzip member after member, logging where each starts. A damaged member is
/// reported once as a read error (`UnexpectedEof` when no member follows it, so the caller
/// can call it truncation), then reading goes on at the next gzip header.
struct GzMembers<R> {
    state: GzState<R>,
    produced: u64,
    log: Arc<Mutex<MemberLog>>,
    /// After an error: false starts found while looking for the next member are not
    /// reported again until a member gives data.
    quiet: bool,
}

impl<R: Read> GzMembers<R> {
    fn damaged(&mut self, found_next: bool, message: String) -> Option<io::Error> {
        if self.quiet {
            return None;
        }
        self.quiet = true;
        let kind = if found_next {
            io::ErrorKind::InvalidData
        } else {
            io::ErrorKind::UnexpectedEof
        };
        Some(io::Error::new(kind, message))
    }
}

/// Moves to the next gzip header; `false` at the end of the input.
fn scan_gzip_magic<R: Read>(src: &mut ByteBuf<R>) -> io::Result<bool> {
    loop {
        if !src.ensure(GZIP_MAGIC.len())? {
            let n = src.avail().len();
            src.consume(n);
            return Ok(false);
        }
        let avail = src.avail();
        if avail.starts_with(&GZIP_MAGIC) {
            return Ok(true);
        }
        let skip = memchr::memchr(GZIP_MAGIC[0], &avail[1..]).map_or(avail.len(), |i| i + 1);
        src.consume(skip);
    }
}

impl<R: Read> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, GzState::Done) {
                GzState::Done => return Ok(0),
                GzState::Between(mut src) => {
                    // Padding between members is passed over.
                    loop {
                        let avail = src.fill_buf()?;
                        if avail.is_empty() {
                            return Ok(0);
                        }
                        match avail
                            .iter()
                            .position(|b| *b != 0 && !b.is_ascii_whitespace())
                        {
                            Some(i) => {
                                src.consume(i);
                                break;
                            }
                            None => {
                                let n = avail.len();
                                src.consume(n);
                            }
                        }
                    }
                    if src.ensure(GZIP_MAGIC.len())? && src.avail().starts_with(&GZIP_MAGIC) {
                        let start = src.pos;
                        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
                        log.members.push_back((self.produced, start));
                        drop(log);
                        let decoder = flate2::bufread::GzDecoder::new(src);
                        self.state = GzState::Member(Box::new(decoder), start);
                        continue;
                    }
                    let at = src.pos;
                    let found = scan_gzip_magic(&mut src)?;
                    let skipped = src.pos - at;
                    if found {
                        self.state = GzState::Between(src);
                    }
                    if let Some(e) = self.damaged(
                        found,
                        format!("{skipped} bytes that are not gzip at compressed offset {at}"),
                    ) {
                        return Err(e);
                    }
                }
                GzState::Member(mut decoder, start) => match decoder.read(out) {
                    Ok(0) => self.state = GzState::Between((*decoder).into_inner()),
                    Ok(n) => {
                        self.produced += n as u64;
                        self.quiet = false;
                        self.state = GzState::Member(decoder, start);
                        return Ok(n);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                        self.state = GzState::Member(decoder, start);
                    }
                    Err(e) => {
                        let mut src = (*decoder).into_inner();
                        if src.pos == start {
                            src.consume(1);
                        }
                        let found = scan_gzip_magic(&mut src)?;
                        if found {
                            self.state = GzState::Between(src);
                        }
                        let what = if e.kind() == io::ErrorKind::UnexpectedEof {
                            "cut off"
                        } else {
                            "damaged"
                        };
                        if let Some(e) = self.damaged(
                            found,
                            format!("gzip member at compressed offset {start} is {what}: {e}"),
                        ) {
                            return Err(e);
                        }
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const MAX: u64 = 1 << 20;

    fn page(title: &str) -> Vec<u8> {
        format!(
            "<!DOCTYPE html><html><head><title>{title}</title></head>\
             <body><p>{title}: the council met on Monday.</p></body></html>"
        )
        .into_bytes()
    }

    fn http(status: &str, headers: &[&str], body: &[u8], eol: &str) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {status}{eol}").into_bytes();
        for h in headers {
            out.extend_from_slice(format!("{h}{eol}").as_bytes());
        }
        out.extend_from_slice(eol.as_bytes());
        out.extend_from_slice(body);
        out
    }

    fn record_with(
        version: &str,
        ty: &str,
        uri: &str,
        block: &[u8],
        length: usize,
        eol: &str,
    ) -> Vec<u8> {
        let mut out = format!(
            "{version}{eol}WARC-Type: {ty}{eol}WARC-Record-ID: <urn:uuid:{ty}-{length}>{eol}\
             WARC-Date: 2024-01-02T03:04:05Z{eol}WARC-Target-URI: {uri}{eol}\
             Content-Type: application/http; msgtype={ty}{eol}Content-Length: {length}{eol}{eol}"
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(format!("{eol}{eol}").as_bytes());
        out
    }

    fn record(ty: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        record_with("WARC/1.0", ty, uri, block, block.len(), "\r\n")
    }

    fn response(uri: &str, title: &str) -> Vec<u8> {
        let body = page(title);
        record(
            "response",
            uri,
            &http(
                "200 OK",
                &["Content-Type: text/html; charset=\"ISO-8859-1\""],
                &body,
                "\r\n",
            ),
        )
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(bytes).unwrap();
        enc.finish().unwrap()
    }

    fn read(bytes: &[u8], max: u64) -> Vec<WarcItem> {
        WarcReader::detect(io::Cursor::new(bytes.to_vec()), max)
            .unwrap()
            .collect()
    }

    /// A short form of each item: `R uri`, `S type reason`, `B reason`.
    fn kinds(items: &[WarcItem]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                WarcItem::Response(r) => format!("R {}", r.target_uri.as_deref().unwrap_or("-")),
                WarcItem::Skipped {
                    warc_type, reason, ..
                } => format!("S {warc_type} {reason}"),
                WarcItem::Broken { reason, .. } => format!("B {reason}"),
            })
            .collect()
    }

    fn offsets(items: &[WarcItem]) -> Vec<u64> {
        items
            .iter()
            .map(|i| match i {
                WarcItem::Response(r) => r.offset,
                WarcItem::Skipped { offset, .. } | WarcItem::Broken { offset, .. } => *offset,
            })
            .collect()
    }

    fn responses(items: &[WarcItem]) -> Vec<&WarcResponse> {
        items
            .iter()
            .filter_map(|i| match i {
                WarcItem::Response(r) => Some(r),
                _ => None,
            })
            .collect()
    }

    /// warcinfo, response, request, a record with a damaged Content-Length, response.
    fn sample() -> Vec<Vec<u8>> {
        let mut damaged = record("response", "http://example.com/d", &page("D"));
        let at = memchr::memmem::find(&damaged, b"Content-Length: ").unwrap() + 16;
        damaged[at..at + 3].copy_from_slice(b"1x2");
        vec![
            record(
                "warcinfo",
                "",
                b"software: newsprint-test\r\nformat: WARC/1.0\r\n",
            ),
            response("<http://example.com/a b>", "A"),
            record(
                "request",
                "http://example.com/b",
                b"GET /b HTTP/1.1\r\nHost: example.com\r\n\r\n",
            ),
            damaged,
            response("http://example.com/c", "C"),
        ]
    }

    const SAMPLE_KINDS: [&str; 5] = [
        "S warcinfo not_response",
        "R http://example.com/a b",
        "S request not_response",
        "B bad_content_length",
        "R http://example.com/c",
    ];

    #[test]
    fn plain_file_gives_responses_skips_and_damage() {
        let records = sample();
        let items = read(&records.concat(), MAX);
        assert_eq!(kinds(&items), SAMPLE_KINDS);
        let r = responses(&items)[0];
        assert_eq!(r.offset, records[0].len() as u64);
        assert!(
            r.record_id
                .as_deref()
                .unwrap()
                .starts_with("<urn:uuid:response-")
        );
        assert_eq!(r.date.as_deref(), Some("2024-01-02T03:04:05Z"));
        assert_eq!(r.http_status, Some(200));
        assert_eq!(r.content_type.as_deref(), Some("text/html"));
        assert_eq!(r.charset.as_deref(), Some("ISO-8859-1"));
        assert_eq!(r.body, page("A"));
        let expected: Vec<u64> = records
            .iter()
            .scan(0, |at, r| {
                let o = *at;
                *at += r.len() as u64;
                Some(o)
            })
            .collect();
        assert_eq!(offsets(&items), expected);
    }

    #[test]
    fn gzip_per_record_reports_member_offsets() {
        let members: Vec<Vec<u8>> = sample().iter().map(|r| gzip(r)).collect();
        let file = members.concat();
        let items = read(&file, MAX);
        assert_eq!(kinds(&items), SAMPLE_KINDS);
        let mut at = 0;
        for (member, offset) in members.iter().zip(offsets(&items)) {
            assert_eq!(offset, at);
            let mut head = [0u8; 5];
            flate2::read::GzDecoder::new(&file[offset as usize..])
                .read_exact(&mut head)
                .unwrap();
            assert_eq!(&head, b"WARC/");
            at += member.len() as u64;
        }
    }

    #[test]
    fn whole_file_gzip_reports_decompressed_offsets() {
        let plain = sample().concat();
        let plain_items = read(&plain, MAX);
        let items = read(&gzip(&plain), MAX);
        assert_eq!(items, plain_items);
    }

    #[test]
    fn lf_only_old_and_new_versions() {
        let body = page("LF");
        let lf = http("200 OK", &["Content-Type: text/html"], &body, "\n");
        let crlf_warc_lf_http = record("response", "http://a.example/1", &lf);
        let old = record_with(
            "WARC/0.18",
            "response",
            "http://a.example/2",
            &lf,
            lf.len(),
            "\n",
        );
        let new = record_with(
            "WARC/1.1",
            "response",
            "http://a.example/3",
            &lf,
            lf.len(),
            "\n",
        );
        let items = read(&[crlf_warc_lf_http, old, new].concat(), MAX);
        assert_eq!(
            kinds(&items),
            [
                "R http://a.example/1",
                "R http://a.example/2",
                "R http://a.example/3"
            ]
        );
        assert!(responses(&items).iter().all(|r| r.body == body));
    }

    #[test]
    fn nul_padding_and_blank_lines_between_records() {
        let mut file = response("http://p.example/1", "P1");
        file.extend_from_slice(&[0; 300]);
        file.extend_from_slice(b"\r\n\n");
        file.extend_from_slice(&response("http://p.example/2", "P2"));
        file.extend_from_slice(&[0; 70_000]);
        let items = read(&file, MAX);
        assert_eq!(
            kinds(&items),
            ["R http://p.example/1", "R http://p.example/2"]
        );
        assert_eq!(responses(&items)[1].body, page("P2"));
    }

    #[test]
    fn wrong_content_length_is_repaired_from_the_next_record() {
        let block = http("200 OK", &["Content-Type: text/html"], &page("W"), "\r\n");
        let short = record_with(
            "WARC/1.0",
            "response",
            "http://w.example/short",
            &block,
            block.len() - 30,
            "\r\n",
        );
        let long = record_with(
            "WARC/1.0",
            "response",
            "http://w.example/long",
            &block,
            block.len() + 50,
            "\r\n",
        );
        let last = response("http://w.example/last", "L");
        let items = read(&[short, long, last].concat(), MAX);
        assert_eq!(
            kinds(&items),
            [
                "R http://w.example/short",
                "R http://w.example/long",
                "R http://w.example/last"
            ]
        );
        assert!(
            responses(&items)
                .iter()
                .take(2)
                .all(|r| r.body == page("W"))
        );
        // Too long at the end of the file: indistinguishable from truncation.
        let long_last = record_with(
            "WARC/1.0",
            "response",
            "http://w.example/x",
            &block,
            block.len() + 50,
            "\r\n",
        );
        assert_eq!(kinds(&read(&long_last, MAX)), ["B truncated"]);
        // ... unless the file was converted to LF and its length counts the CRs.
        let lf = http("200 OK", &["Content-Type: text/html"], &page("LF"), "\n");
        let converted = record_with(
            "WARC/1.0",
            "response",
            "http://w.example/lf",
            &lf,
            lf.len() + 20,
            "\n",
        );
        assert_eq!(kinds(&read(&converted, MAX)), ["R http://w.example/lf"]);
    }

    #[test]
    fn truncated_plain_file_keeps_earlier_records() {
        let file = sample().concat();
        let full = read(&file, MAX).len();
        for cut in [file.len() - 40, file.len() - 150, file.len() - 250] {
            let items = read(&file[..cut], MAX);
            assert_eq!(items.len(), full, "cut at {cut}");
            assert_eq!(kinds(&items)[..4], SAMPLE_KINDS[..4]);
            assert_eq!(kinds(&items)[4], "B truncated");
        }
    }

    #[test]
    fn truncated_and_corrupt_gzip() {
        let members: Vec<Vec<u8>> = sample().iter().map(|r| gzip(r)).collect();
        let file = members.concat();
        let last = members.last().unwrap().len();
        let items = read(&file[..file.len() - last / 2], MAX);
        assert_eq!(kinds(&items)[..4], SAMPLE_KINDS[..4]);
        assert_eq!(kinds(&items)[4], "B truncated");
        assert_eq!(items.len(), 5);
        // Damage inside the second member: reported, and the next members are read.
        let mut damaged = file.clone();
        let second = members[0].len();
        for b in &mut damaged[second + 20..second + 60] {
            *b = !*b;
        }
        let items = read(&damaged, MAX);
        let k = kinds(&items);
        assert_eq!(k[0], SAMPLE_KINDS[0]);
        assert_eq!(k[1], "B corrupt_gzip");
        assert_eq!(k[2..], SAMPLE_KINDS[2..]);
        // Junk after the last member.
        let mut tail = file.clone();
        tail.extend_from_slice(b"not gzip at all");
        let k = kinds(&read(&tail, MAX));
        assert_eq!(k[..5], SAMPLE_KINDS);
        assert_eq!(k[5], "B truncated");
    }

    #[test]
    fn records_over_the_limit_are_skipped() {
        let big = response("http://big.example/", &"x".repeat(5000));
        let info = record("metadata", "http://big.example/", &[b'm'; 5000]);
        let small = response("http://small.example/", "S");
        let items = read(&[big.clone(), info, small.clone()].concat(), 1000);
        assert_eq!(
            kinds(&items),
            [
                "B too_large",
                "S metadata not_response",
                "R http://small.example/"
            ]
        );
        // Gzip too, with a payload that inflates past the limit.
        let gz_page = gzip(&page(&"y".repeat(5000)));
        let encoded = record(
            "response",
            "http://gz.example/",
            &http(
                "200 OK",
                &["Content-Type: text/html", "Content-Encoding: gzip"],
                &gz_page,
                "\r\n",
            ),
        );
        let items = read(&[gzip(&big), gzip(&encoded), gzip(&small)].concat(), 1000);
        assert_eq!(
            kinds(&items),
            [
                "B too_large",
                "R http://gz.example/",
                "R http://small.example/"
            ]
        );
        assert_eq!(responses(&items)[0].body.len(), 1000);
    }

    #[test]
    fn payload_kinds() {
        let chunked_body = b"17\r\n<html><body><p>Chunked \r\n12\r\nnews</p></body></h\r\n5\r\ntml>\n\r\n0\r\n\r\n";
        let gz = gzip(&page("G"));
        let block =
            |status: &str, headers: &[&str], body: &[u8]| http(status, headers, body, "\r\n");
        let file = [
            record(
                "response",
                "http://k.example/chunked",
                &block(
                    "200 OK",
                    &["Transfer-Encoding: chunked", "Content-Type: text/html"],
                    chunked_body,
                ),
            ),
            record(
                "response",
                "http://k.example/gzip",
                &block(
                    "200 OK",
                    &[
                        "Content-Encoding: gzip",
                        "Content-Type: application/xhtml+xml",
                    ],
                    &gz,
                ),
            ),
            record(
                "response",
                "http://k.example/404",
                &block("404 Not Found", &["Content-Type: text/html"], &page("404")),
            ),
            record(
                "response",
                "http://k.example/png",
                &block("200 OK", &["Content-Type: image/png"], b"\x89PNG\r\n\x1a\n"),
            ),
            record(
                "response",
                "http://k.example/no-type",
                &block("200 OK", &[], &page("N")),
            ),
            record(
                "response",
                "http://k.example/no-type-js",
                &block("200 OK", &[], b"var x = 1;"),
            ),
            record(
                "response",
                "http://k.example/empty",
                &block("200 OK", &["Content-Type: text/html"], b"  \r\n"),
            ),
            record("response", "http://k.example/no-http", &page("H")),
            record(
                "response",
                "http://k.example/brotli",
                &block(
                    "200 OK",
                    &["Content-Encoding: br", "Content-Type: text/html"],
                    b"\x1b\x03\x00",
                ),
            ),
            record(
                "revisit",
                "http://k.example/revisit",
                &block("200 OK", &["Content-Type: text/html"], b""),
            ),
            record("resource", "http://k.example/resource", &page("R")),
        ]
        .concat();
        let items = read(&file, MAX);
        assert_eq!(
            kinds(&items),
            [
                "R http://k.example/chunked",
                "R http://k.example/gzip",
                "S response http_status",
                "S response not_html",
                "R http://k.example/no-type",
                "S response not_html",
                "S response empty_body",
                "R http://k.example/no-http",
                "S response content_encoding",
                "S revisit not_response",
                "S resource not_response",
            ]
        );
        let r = responses(&items);
        assert_eq!(
            r[0].body,
            b"<html><body><p>Chunked news</p></body></html>\n"
        );
        assert_eq!(r[1].body, page("G"));
        assert_eq!(r[1].content_type.as_deref(), Some("application/xhtml+xml"));
        assert_eq!(
            (r[2].content_type.as_deref(), r[2].charset.as_deref()),
            (None, None)
        );
        assert_eq!((r[3].http_status, r[3].body.clone()), (None, page("H")));
    }

    /// The reason and message of each skipped item, `-` for others.
    fn skip_messages(items: &[WarcItem]) -> Vec<(&'static str, String)> {
        items
            .iter()
            .map(|i| match i {
                WarcItem::Skipped {
                    reason, message, ..
                } => (*reason, message.clone()),
                _ => ("-", String::new()),
            })
            .collect()
    }

    #[test]
    fn skipped_records_say_what_was_seen() {
        let block =
            |status: &str, headers: &[&str], body: &[u8]| http(status, headers, body, "\r\n");
        let file = [
            record("warcinfo", "", b"software: newsprint-test\r\n"),
            record(
                "response",
                "http://s.example/404",
                &block("404 Not Found", &["Content-Type: text/html"], &page("404")),
            ),
            record(
                "response",
                "http://s.example/pdf",
                &block("200 OK", &["Content-Type: application/pdf"], b"%PDF-1.7\n"),
            ),
            record(
                "response",
                "http://s.example/br",
                &block(
                    "200 OK",
                    &["Content-Encoding: br", "Content-Type: text/html"],
                    b"\x1b\x03\x00",
                ),
            ),
            record(
                "response",
                "http://s.example/empty",
                &block("204 No Content", &[], b""),
            ),
            record(
                "response",
                "http://s.example/empty-200",
                &block("200 OK", &["Content-Type: text/html"], b" "),
            ),
            record(
                "response",
                "http://s.example/no-type",
                &block("200 OK", &[], b"\x89PNG\r\n"),
            ),
        ]
        .concat();
        let items = read(&file, MAX);
        let got = skip_messages(&items);
        let expected = [
            ("not_response", "warcinfo record, not a response"),
            ("http_status", "HTTP status 404 Not Found"),
            ("not_html", "Content-Type application/pdf, not HTML"),
            (
                "content_encoding",
                "Content-Encoding br, which this reader does not undo",
            ),
            (
                "empty_body",
                "HTTP status 204 No Content with an empty payload",
            ),
            ("empty_body", "HTTP status 200 OK with an empty payload"),
            (
                "not_html",
                "no Content-Type, and the payload does not look like HTML: it starts \
                 \"\u{fffd}PNG\\r\\n\"",
            ),
        ];
        let got: Vec<(&str, &str)> = got.iter().map(|(r, m)| (*r, m.as_str())).collect();
        assert_eq!(got, expected);
        for (reason, _) in expected {
            assert!(SKIPPED_BY_DESIGN.contains(&reason));
        }
    }

    #[test]
    fn content_type_with_a_charset_and_no_media_type_is_sniffed() {
        let block =
            |status: &str, headers: &[&str], body: &[u8]| http(status, headers, body, "\r\n");
        let file = [
            record(
                "response",
                "http://c.example/page",
                &block("200 OK", &["Content-Type: charset=utf-8"], &page("C")),
            ),
            record(
                "response",
                "http://c.example/png",
                &block("200 OK", &["Content-Type: charset=utf-8"], b"\x89PNG\r\n"),
            ),
            record(
                "response",
                "http://c.example/blank",
                &block("200 OK", &["Content-Type:  "], &page("B")),
            ),
        ]
        .concat();
        let items = read(&file, MAX);
        assert_eq!(
            kinds(&items),
            [
                "R http://c.example/page",
                "S response not_html",
                "R http://c.example/blank",
            ]
        );
        let r = responses(&items);
        assert_eq!(
            (r[0].content_type.as_deref(), r[0].charset.as_deref()),
            (None, Some("utf-8"))
        );
        assert!(
            skip_messages(&items)[1]
                .1
                .starts_with("Content-Type charset=utf-8 names no media type"),
            "{:?}",
            skip_messages(&items)[1]
        );
    }

    #[test]
    fn junk_and_bad_headers_resynchronise() {
        let mut file = b"this is not a WARC file\r\n".to_vec();
        file.extend_from_slice(&response("http://j.example/1", "J1"));
        file.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nno colon here\r\nContent-Length: 5\r\n\r\n12345\r\n\r\n");
        file.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\n");
        file.extend_from_slice(&response("http://j.example/2", "J2"));
        file.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\n12345\r\n\r\n",
        );
        let items = read(&file, MAX);
        assert_eq!(
            kinds(&items),
            [
                "B bad_header",
                "R http://j.example/1",
                "B bad_header",
                "B bad_header",
                "R http://j.example/2",
                "S response not_html",
            ]
        );
        assert_eq!(
            kinds(&read(b"<html><body>not warc</body></html>", MAX)),
            ["B bad_header"]
        );
        assert!(read(b"", MAX).is_empty());
        assert!(read(b"\r\n\0\0\n", MAX).is_empty());
    }

    #[test]
    fn readers_can_move_to_another_thread() {
        fn send<T: Send>() {}
        send::<WarcReader<Box<dyn BufRead + Send>>>();
        send::<WarcItem>();
    }

    #[test]
    fn version_lines() {
        assert_eq!(version_line(b"WARC/1.0\r\n", true), Some(true));
        assert_eq!(version_line(b"WARC/0.18\n", true), Some(true));
        assert_eq!(version_line(b"WARC/1.1 \r\n", true), Some(true));
        assert_eq!(version_line(b"WARC/1.", false), None);
        assert_eq!(version_line(b"WARC/1.", true), Some(false));
        assert_eq!(version_line(b"WARC/1.0 is great\n", true), Some(false));
        assert_eq!(version_line(b"WARC/12345.0\n", true), Some(false));
        assert_eq!(version_line(b"WARC-Type: x\n", true), Some(false));
    }

    /// Every cut and many single-byte changes: never a panic or a hang, and few items.
    #[test]
    fn damage_anywhere_never_panics() {
        let plain = sample().concat();
        let members: Vec<u8> = sample().iter().flat_map(|r| gzip(r)).collect();
        for file in [&plain, &members] {
            for cut in 0..file.len() {
                let items = read(&file[..cut], 300);
                assert!(items.len() <= 12, "cut {cut}: {items:?}");
            }
            for at in (0..file.len()).step_by(3) {
                for value in [0u8, b'\n', b'W', 0xff] {
                    let mut damaged = file.clone();
                    damaged[at] = value;
                    let items = read(&damaged, MAX);
                    assert!(items.len() <= 12, "byte {at}: {items:?}");
                }
            }
        }
    }

    /// Reads through a reader that hands out one byte at a time.
    #[test]
    fn tiny_reads_give_the_same_items() {
        struct Trickle(Vec<u8>, usize);
        impl Read for Trickle {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = (self.0.len() - self.1).min(1).min(out.len());
                out[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
                self.1 += n;
                Ok(n)
            }
        }
        let plain = sample().concat();
        let members: Vec<u8> = sample().iter().flat_map(|r| gzip(r)).collect();
        for file in [&plain, &members] {
            let slow: Vec<WarcItem> =
                WarcReader::detect(BufReader::with_capacity(1, Trickle(file.clone(), 0)), MAX)
                    .unwrap()
                    .collect();
            assert_eq!(slow, read(file, MAX));
        }
    }
}
