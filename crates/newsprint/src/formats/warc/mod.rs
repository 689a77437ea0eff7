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
//!
//! `reader` frames records (headers, blocks, resynchronisation), `http` turns a response
//! block into its payload, and `gzip` reads a gzipped file member by member.

mod gzip;
mod http;
mod reader;
#[cfg(test)]
mod tests;

use std::io::{self, BufRead, BufReader};
use std::sync::{Arc, Mutex};

use gzip::{GzMembers, MemberLog};
use reader::ByteBuf;

use crate::vocab::RejectReason;

/// Stream buffers: the read size on both sides of gzip.
const CHUNK: usize = 64 * 1024;
const GZIP_MAGIC: [u8; 3] = [0x1f, 0x8b, 0x08];

/// One thing found in a WARC file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarcItem {
    /// A response record with an HTML (or HTML-looking) HTTP payload.
    Response(WarcResponse),
    /// A sound record that is not an article, skipped by design (nothing in the file is
    /// wrong): `reason` is one whose [`RejectReason::is_skipped_by_design`] holds:
    /// `NotResponse` (a warcinfo, request, metadata, revisit, resource… record),
    /// `HttpStatus` (a response whose status is not 2xx), `NotHtml` (a payload of another
    /// media type), `ContentEncoding` (a compression this reader does not undo), `EmptyBody`.
    /// `message` says what was seen: the record type, the HTTP status, the Content-Type.
    Skipped {
        offset: u64,
        warc_type: String,
        target_uri: Option<String>,
        reason: RejectReason,
        message: String,
    },
    /// Damage: the reader resynchronises at the next `WARC/` line if it can, else stops.
    /// Reasons: `Truncated`, `BadHeader`, `BadContentLength`, `TooLarge`, `CorruptGzip`,
    /// and `IoError` (the underlying reader failed; the reader stops).
    Broken {
        offset: u64,
        reason: RejectReason,
        message: String,
    },
}

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
            let gz = GzMembers::new(reader, Arc::clone(&log));
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
}
