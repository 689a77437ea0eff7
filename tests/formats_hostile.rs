//! End-to-end tests of the input formats under hostile input: every record ends as an
//! article or a reject that says what was wrong, and no input stops the run.

mod common;

use std::path::Path;

use common::{articles, ok, rejects, run_inputs};

use newsprint::model::{Article, Reject};

/// `newsprint run --input INPUT --output OUT -q [extra…]`, which must exit 0.
fn run(input: &Path, out: &Path, extra: &[&str]) -> (Vec<Article>, Vec<Reject>) {
    ok(&run_inputs(&[input], out, extra));
    (articles(out), rejects(out))
}

fn reasons_of<'a>(rejects: &'a [Reject], file: &str) -> Vec<(Option<i64>, &'a str)> {
    let mut got: Vec<(Option<i64>, &str)> = rejects
        .iter()
        .filter(|r| r.source_file == file)
        .map(|r| (r.source_record, r.reason.as_str()))
        .collect();
    got.sort();
    got
}

const PROSE: &str = "The harbour wall was repaired on Monday, three months after the winter \
    storms tore a twelve-metre gap in the stonework and flooded the fish market. ";

/// One WARC response record holding `html`.
fn warc_response(uri: &str, content_type: &str, status: &str, html: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 {status}\r\n").into_bytes();
    if !content_type.is_empty() {
        http.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
    }
    http.extend_from_slice(b"\r\n");
    http.extend_from_slice(html);
    warc_record("response", uri, "application/http; msgtype=response", &http)
}

fn warc_record(warc_type: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: {uri}\r\n\
         WARC-Date: 2025-03-05T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{warc_type}-{}>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    record.extend_from_slice(block);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

#[test]
fn jsonl_whose_first_line_has_invalid_utf8_keeps_every_valid_line() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let line = |title: &str| format!("{{\"title\": \"{title}\", \"text\": \"{PROSE}\"}}\n");
    // Line 1: a Latin-1 byte in a string; line 3: bytes that are neither UTF-8 nor JSON.
    let mut export =
        b"{\"title\": \"Caf\xe9 reopens\", \"text\": \"The caf\xe9 reopened.\"}\n".to_vec();
    export.extend_from_slice(line("Second").as_bytes());
    export.extend_from_slice(b"{\"title\": \xff\xfe\x00 not json at all\n");
    export.extend_from_slice(line("Fourth").as_bytes());
    export.extend_from_slice(line("Fifth").as_bytes());
    std::fs::write(input.join("export.jsonl"), &export).unwrap();
    // The same damage on a first line that is no JSON object at all.
    let mut broken_first = b"{\"title\": \xe9\xe9\xe9, \"text\": \n".to_vec();
    broken_first.extend_from_slice(line("Second").as_bytes());
    broken_first.extend_from_slice(line("Third").as_bytes());
    std::fs::write(input.join("broken-first.jsonl"), &broken_first).unwrap();

    let (articles, rejects) = run(&input, &tmp.path().join("ds"), &[]);
    let lines_of = |file: &str| {
        let mut lines: Vec<i64> = articles
            .iter()
            .filter(|a| a.source_file == file)
            .map(|a| a.source_record)
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(lines_of("export.jsonl"), [1, 2, 4, 5]);
    let first = articles
        .iter()
        .find(|a| a.source_file == "export.jsonl" && a.source_record == 1)
        .unwrap();
    assert_eq!(first.source_format, "jsonl");
    assert!(first.text.contains("reopened"), "{}", first.text);
    assert_eq!(
        reasons_of(&rejects, "export.jsonl"),
        [(Some(3), "bad_json")]
    );
    let bad = rejects
        .iter()
        .find(|r| r.source_file == "export.jsonl")
        .unwrap();
    assert!(bad.message.starts_with("line 3:"), "{}", bad.message);
    assert!(bad.message.contains("not UTF-8"), "{}", bad.message);

    assert_eq!(lines_of("broken-first.jsonl"), [2, 3]);
    assert_eq!(
        reasons_of(&rejects, "broken-first.jsonl"),
        [(Some(1), "bad_json")]
    );
}

/// A page whose `<article>` tag holds `n` attributes written `data-aN="v"`.
fn page_with_attributes_in_one_tag(n: usize) -> Vec<u8> {
    let mut page = b"<!DOCTYPE html><html><head><title>Harbour wall repaired</title></head>\
        <body><article"
        .to_vec();
    for i in 0..n {
        page.extend_from_slice(format!(" data-a{i}=\"v\"").as_bytes());
    }
    page.extend_from_slice(
        format!("><p>{}</p></article></body></html>", PROSE.repeat(3)).as_bytes(),
    );
    page
}

#[test]
fn tag_with_ten_thousand_to_a_million_attributes_is_a_reject_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let mut crawl = Vec::new();
    for n in [10_000, 100_000, 1_000_000] {
        let page = page_with_attributes_in_one_tag(n);
        std::fs::write(input.join(format!("attributes-{n}.html")), &page).unwrap();
        crawl.extend(warc_response(
            &format!("https://example.org/{n}"),
            "text/html; charset=utf-8",
            "200 OK",
            &page,
        ));
    }
    let ordinary = page_with_attributes_in_one_tag(3);
    crawl.extend(warc_response(
        "https://example.org/ordinary",
        "text/html",
        "200 OK",
        &ordinary,
    ));
    std::fs::write(input.join("crawl.warc"), &crawl).unwrap();
    std::fs::write(input.join("ordinary.html"), &ordinary).unwrap();

    for extractor in ["trafilatura", "native", "auto"] {
        let out = tmp.path().join(format!("ds-{extractor}"));
        let started = std::time::Instant::now();
        let (articles, rejects) = run(&input, &out, &["--html-extractor", extractor]);
        let elapsed = started.elapsed();
        assert!(elapsed.as_secs() < 30, "{extractor}: {elapsed:?}");
        for n in [10_000, 100_000, 1_000_000] {
            let file = format!("attributes-{n}.html");
            assert_eq!(reasons_of(&rejects, &file), [(Some(0), "too_large")]);
        }
        assert_eq!(
            reasons_of(&rejects, "crawl.warc"),
            [
                (Some(0), "too_large"),
                (Some(1), "too_large"),
                (Some(2), "too_large")
            ]
        );
        for r in &rejects {
            assert!(
                r.message.contains("more than 128 attributes"),
                "{}",
                r.message
            );
        }
        let mut sources: Vec<(&str, i64)> = articles
            .iter()
            .map(|a| (a.source_file.as_str(), a.source_record))
            .collect();
        sources.sort();
        assert_eq!(sources, [("crawl.warc", 3), ("ordinary.html", 0)]);
        assert!(articles.iter().all(|a| a.text.contains("harbour wall")));
    }
}

#[test]
fn warc_rejects_say_what_was_seen_and_routine_records_are_not_damage() {
    use newsprint::vocab::RejectReason;
    let skipped_by_design =
        |reason: &str| RejectReason::parse(reason).is_some_and(RejectReason::is_skipped_by_design);
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let page = format!(
        "<!DOCTYPE html><html><head><title>Harbour wall repaired</title></head>\
         <body><article><p>{}</p></article></body></html>",
        PROSE.repeat(3)
    );
    let uri = "https://example.org/harbour";
    let mut crawl = warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: newsprint-test\r\n",
    );
    crawl.extend(warc_record(
        "request",
        uri,
        "application/http; msgtype=request",
        b"GET /harbour HTTP/1.1\r\nHost: example.org\r\n\r\n",
    ));
    crawl.extend(warc_response(
        uri,
        "charset=utf-8",
        "200 OK",
        page.as_bytes(),
    ));
    crawl.extend(warc_record(
        "metadata",
        uri,
        "application/warc-fields",
        b"fetchTimeMs: 120\r\n",
    ));
    crawl.extend(warc_response(
        "https://example.org/gone",
        "text/html",
        "404 Not Found",
        page.as_bytes(),
    ));
    crawl.extend(warc_response(
        "https://example.org/report.pdf",
        "application/pdf",
        "200 OK",
        b"%PDF-1.7\n",
    ));
    // The last record is cut off inside its block: damage.
    let last = warc_response(
        "https://example.org/cut",
        "text/html",
        "200 OK",
        page.as_bytes(),
    );
    crawl.extend_from_slice(&last[..last.len() - 200]);
    std::fs::write(input.join("crawl.warc"), &crawl).unwrap();

    let (articles, rejects) = run(&input, &tmp.path().join("ds"), &[]);
    // `Content-Type: charset=utf-8` names no media type: the payload is looked at, and it
    // is a page.
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0].source_record, 2);
    assert_eq!(articles[0].url.as_deref(), Some(uri));
    let mut got: Vec<(i64, &str, &str)> = rejects
        .iter()
        .map(|r| {
            (
                r.source_record.unwrap(),
                r.reason.as_str(),
                r.message.as_str(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got[..5],
        [
            (0, "not_response", "warcinfo record, not a response"),
            (1, "not_response", "request record, not a response"),
            (3, "not_response", "metadata record, not a response"),
            (4, "http_status", "HTTP status 404 Not Found"),
            (5, "not_html", "Content-Type application/pdf, not HTML"),
        ]
    );
    assert_eq!(got.len(), 6, "{got:?}");
    let (n, reason, message) = got[5];
    assert_eq!((n, reason), (6, "truncated"));
    assert!(message.contains("bytes"), "{message}");
    // Skipped by design and damage are told apart by reason.
    for (_, reason, _) in &got[..5] {
        assert!(skipped_by_design(reason), "{reason}");
    }
    assert!(!skipped_by_design(reason));
}

#[test]
fn feed_item_and_meta_value_with_hundreds_of_thousands_of_attributes_cost_no_time() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let hostile = |n: usize| {
        let mut markup = String::from("<div");
        for i in 0..n {
            markup.push_str(&format!(" a{i}=\"v\""));
        }
        markup + "><p>Hidden.</p></div>"
    };
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title>\
         <item><title>Hostile</title><link>https://example.org/h</link>\
         <description><![CDATA[{}]]></description></item>\
         <item><title>Ordinary</title><link>https://example.org/o</link>\
         <description><![CDATA[<p>{PROSE}</p>]]></description></item></channel></rss>",
        hostile(1_000_000)
    );
    std::fs::write(input.join("feed.xml"), feed).unwrap();
    // Such markup escaped in a meta value: the tag is within the budget (one attribute,
    // under 4 MiB), but the value is parsed as a fragment (150,000 attributes would take about 40 s).
    let escaped = hostile(150_000).replace('<', "&lt;").replace('"', "&quot;");
    let page = format!(
        "<!DOCTYPE html><html><head><title>Harbour wall repaired</title>\
         <meta property=\"og:title\" content=\"{escaped}\"></head>\
         <body><article><p>{}</p></article></body></html>",
        PROSE.repeat(3)
    );
    std::fs::write(input.join("page.html"), page).unwrap();
    let started = std::time::Instant::now();
    let (articles, rejects) = run(&input, &tmp.path().join("ds"), &[]);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    let mut sources: Vec<(&str, i64)> = articles
        .iter()
        .map(|a| (a.source_file.as_str(), a.source_record))
        .collect();
    sources.sort();
    assert_eq!(sources, [("feed.xml", 1), ("page.html", 0)], "{rejects:?}");
    assert_eq!(reasons_of(&rejects, "feed.xml"), [(Some(0), "no_text")]);
    let page = articles
        .iter()
        .find(|a| a.source_file == "page.html")
        .unwrap();
    assert_eq!(page.title.as_deref(), Some("Harbour wall repaired"));
}
