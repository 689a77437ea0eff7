//! Reader tests over whole files, and the record builders the other test modules share.

use std::io::{Read, Write};

use super::*;

pub(super) const MAX: u64 = 1 << 20;

pub(super) fn page(title: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title></head>\
         <body><p>{title}: the council met on Monday.</p></body></html>"
    )
    .into_bytes()
}

pub(super) fn http(status: &str, headers: &[&str], body: &[u8], eol: &str) -> Vec<u8> {
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

pub(super) fn record(ty: &str, uri: &str, block: &[u8]) -> Vec<u8> {
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

pub(super) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

pub(super) fn read(bytes: &[u8], max: u64) -> Vec<WarcItem> {
    WarcReader::detect(io::Cursor::new(bytes.to_vec()), max)
        .unwrap()
        .collect()
}

/// A short form of each item: `R uri`, `S type reason`, `B reason`.
pub(super) fn kinds(items: &[WarcItem]) -> Vec<String> {
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

pub(super) fn offsets(items: &[WarcItem]) -> Vec<u64> {
    items
        .iter()
        .map(|i| match i {
            WarcItem::Response(r) => r.offset,
            WarcItem::Skipped { offset, .. } | WarcItem::Broken { offset, .. } => *offset,
        })
        .collect()
}

pub(super) fn responses(items: &[WarcItem]) -> Vec<&WarcResponse> {
    items
        .iter()
        .filter_map(|i| match i {
            WarcItem::Response(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// warcinfo, response, request, a record with a damaged Content-Length, response.
pub(super) fn sample() -> Vec<Vec<u8>> {
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

pub(super) const SAMPLE_KINDS: [&str; 5] = [
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
