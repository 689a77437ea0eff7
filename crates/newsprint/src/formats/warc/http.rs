//! The HTTP message in a response record's block: the status line, headers, Content-Type
//! and charset, chunked transfer coding and gzip/deflate content encoding.

use std::io::Read;

use super::reader::{header, shorten, trim_eol};
use super::{GZIP_MAGIC, WarcItem, WarcResponse};
use crate::vocab::RejectReason;

/// How much of a payload is looked at to tell HTML without a Content-Type.
const SNIFF_BYTES: usize = 1024;

/// The item of a response record: its decoded HTTP payload, or why it is skipped.
/// `headers` are the record's WARC headers.
pub(super) fn response(
    offset: u64,
    headers: &[(String, String)],
    target_uri: Option<String>,
    mut block: Vec<u8>,
    max_record_bytes: u64,
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
        return skipped(
            RejectReason::HttpStatus,
            format!("HTTP status {}", http.status_text),
        );
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
            if let Some(plain) = inflate(&body, max_record_bytes) {
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
            RejectReason::ContentEncoding,
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
        return skipped(RejectReason::NotHtml, message);
    }
    if blank {
        let message = match http.status {
            Some(_) => format!("HTTP status {} with an empty payload", http.status_text),
            None => "an empty payload".to_owned(),
        };
        return skipped(RejectReason::EmptyBody, message);
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

/// The first bytes of a payload, quoted, control and non-UTF-8 bytes escaped.
fn payload_start(body: &[u8]) -> String {
    let head = &body[..body.len().min(24)];
    let text: String = String::from_utf8_lossy(head).chars().take(24).collect();
    format!("{text:?}")
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

#[cfg(test)]
mod tests {
    use crate::formats::warc::WarcItem;
    use crate::formats::warc::tests::{MAX, gzip, http, kinds, page, read, record, responses};
    use crate::vocab::RejectReason;

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
                } => (reason.as_str(), message.clone()),
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
            assert!(RejectReason::parse(reason).is_some_and(RejectReason::is_skipped_by_design));
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
}
