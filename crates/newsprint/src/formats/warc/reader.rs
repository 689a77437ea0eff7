//! Record framing: version lines, WARC headers, blocks and their trailers, the repair of a
//! wrong Content-Length, and resynchronisation after damage.

use std::io::{self, BufRead, Read};
use std::sync::PoisonError;

use super::{CHUNK, WarcItem, WarcReader, http};
use crate::vocab::RejectReason;

/// One WARC or HTTP header line, and all WARC header lines of one record together.
const MAX_HEADER_LINE: usize = 256 * 1024;
const MAX_HEADER_BYTES: usize = 1024 * 1024;
/// A run of CR, LF and NUL bytes after a block that still counts as the record trailer.
const MAX_TRAILER: usize = 64 * 1024;

impl<R: BufRead> WarcReader<R> {
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

    fn broken(&mut self, offset: u64, reason: RejectReason, message: String) -> WarcItem {
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
            (_, true) => RejectReason::Truncated,
            (true, false) => RejectReason::CorruptGzip,
            (false, false) => RejectReason::IoError,
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
                RejectReason::BadHeader,
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
                        RejectReason::Truncated,
                        format!("{version} record header cut off by the end of the file"),
                    ));
                }
                Line::TooLong => {
                    return Ok(self.broken(
                        offset,
                        RejectReason::BadHeader,
                        format!("a header line longer than {MAX_HEADER_LINE} bytes"),
                    ));
                }
            };
            header_bytes += line.len();
            if header_bytes > MAX_HEADER_BYTES {
                return Ok(self.broken(
                    offset,
                    RejectReason::BadHeader,
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
                    RejectReason::BadHeader,
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
                    RejectReason::BadHeader,
                    format!("header line without a colon: {:.80}", text.trim()),
                ));
            };
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
        let length = header(&headers, "Content-Length");
        let Some(length) = length.and_then(|l| l.parse::<u64>().ok()) else {
            return Ok(self.broken(
                offset,
                RejectReason::BadContentLength,
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
                RejectReason::TooLarge,
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
            return Ok(self.broken(offset, RejectReason::BadHeader, "no WARC-Type".into()));
        };
        if warc_type != "response" {
            return Ok(not_response(offset, warc_type, target_uri));
        }
        Ok(http::response(
            offset,
            &headers,
            target_uri,
            block,
            self.max_record_bytes,
        ))
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
                RejectReason::Truncated,
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
                RejectReason::TooLarge,
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
        reason: RejectReason::NotResponse,
    }
}

/// A header value as shown in a message: at most 100 characters.
pub(super) fn shorten(value: &str) -> String {
    match value.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
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

pub(super) fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

pub(super) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
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

/// A buffer over a reader that can look ahead any number of bytes, put bytes back, and
/// counts the stream position.
pub(super) struct ByteBuf<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    /// Stream position of `buf[start]`.
    pub(super) pos: u64,
    eof: bool,
    /// An error met while only looking ahead, returned by the next read.
    deferred: Option<io::Error>,
}

impl<R: Read> ByteBuf<R> {
    pub(super) fn new(inner: R) -> Self {
        ByteBuf {
            inner,
            buf: Vec::new(),
            start: 0,
            pos: 0,
            eof: false,
            deferred: None,
        }
    }

    pub(super) fn avail(&self) -> &[u8] {
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
        // The bytes read are dropped from the front once they are a chunk and half the
        // buffer: a long look-ahead (`gzip::WHOLE_MEMBER_INPUT`) is not moved each chunk.
        if self.start > 0
            && (self.start == self.buf.len()
                || self.start >= CHUNK && self.start >= self.buf.len() / 2)
        {
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

    pub(super) fn ensure_soft(&mut self, n: usize) -> bool {
        while self.avail().len() < n {
            if self.fill_more_soft() == 0 {
                return false;
            }
        }
        true
    }

    /// Makes at least `n` bytes available; `false` when the input ends first.
    pub(super) fn ensure(&mut self, n: usize) -> io::Result<bool> {
        while self.avail().len() < n {
            if self.fill_more()? == 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    pub(super) fn consume(&mut self, n: usize) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
