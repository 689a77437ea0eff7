//! The links of an HTML article's text: from the native extractor's tree to `links` spans.

use super::*;

/// A page's body through the native extractor, and the text and links normalize makes of it.
fn native_text_and_links(
    article: &str,
) -> (ParsedRecord, String, Vec<crate::markdown::InlineLink>) {
    let page = format!(
        "<!DOCTYPE html><html><head><title>Harbour wall repaired</title></head><body>\
         <nav><a href=\"/\">Home</a></nav><article>{article}</article></body></html>"
    );
    let mut rec =
        crate::stages::parse::empty_record("x", "p.html", 0, crate::model::SourceFormat::Html);
    parse(&page, &mut rec, HtmlExtractor::Native).unwrap();
    let (text, links) = crate::textnorm::normalize_body(&rec.body, rec.body_markup, true);
    (rec, text, links)
}

#[test]
fn links_in_the_article_text_keep_their_anchor_spans_and_targets() {
    let (rec, text, links) = native_text_and_links(
        "<p>Engineers finished repairs to the <a href=\"/news/harbour\"> north harbour wall </a> on \
         Monday, three months after <a href=\"https://met.example/storms?id=3&amp;y=2025\">storms</a> \
         tore a gap in the stonework and flooded the fish market by the quay.</p>\
         <p>The council said the work cost less than feared, <a href=\"#note\">see note</a>, because \
         volunteers from the rowing club moved the <a href=\"javascript:void(0)\">fallen stones</a>.</p>",
    );
    assert_eq!(rec.body_markup, BodyMarkup::Markdown);
    assert!(text.starts_with("Engineers finished repairs to the north harbour wall on Monday"));
    assert!(!text.contains('[') && !text.contains("]("), "{text}");
    let found: Vec<(&str, &str)> = links
        .iter()
        .map(|l| (l.anchor.as_str(), l.target.as_str()))
        .collect();
    // Fragments and scripts link nowhere: their anchors stay text.
    assert_eq!(
        found,
        [
            ("north harbour wall", "/news/harbour"),
            ("storms", "https://met.example/storms?id=3&y=2025"),
        ]
    );
    for l in &links {
        let span: String = text
            .chars()
            .skip(l.start_char)
            .take(l.end_char - l.start_char)
            .collect();
        assert_eq!(span, l.anchor);
    }
}

#[test]
fn link_holding_a_block_that_ends_inside_it_stays_text() {
    // The empty `<div>` ends the block (only spaces so far) inside the link: the anchor's
    // start, past those spaces, went with it (german.stackexchange.com on the trafilatura
    // set: the parser stopped on a byte offset out of bounds).
    let (_, text, links) = native_text_and_links(
        "<div>\n          <a href=\"/a\"><div></div>Engineers</a> finished repairs to the north \
         harbour wall on Monday, three months after storms tore a gap in the stonework.</div>\
         <p>The council said the work cost less than feared because volunteers from the rowing \
         club moved the fallen stones before the spring tides could scatter them.</p>",
    );
    assert!(
        text.contains("north harbour wall on Monday, three months"),
        "{text}"
    );
    assert!(links.is_empty(), "{links:?}");
}

#[test]
fn page_writing_link_syntax_as_text_keeps_its_brackets() {
    let (rec, text, links) = native_text_and_links(
        "<p>The wiki writes links as [harbour](https://wiki.example/harbour) in its source, the \
         <a href=\"/guide\">style guide</a> says, and editors copy that form into their notes.</p>\
         <p>The council said the work cost less than feared because volunteers from the rowing \
         club moved the fallen stones before the spring tides could scatter them.</p>",
    );
    assert_eq!(rec.body_markup, BodyMarkup::Plain);
    assert!(
        text.contains("[harbour](https://wiki.example/harbour)"),
        "{text}"
    );
    assert!(links.is_empty());
}

#[test]
fn inlined_data_and_overlong_targets_are_not_links() {
    let long = format!("https://track.example/c?p={}", "x".repeat(3000));
    let (_, text, links) = native_text_and_links(&format!(
        "<p>Engineers finished repairs to the <a href=\"data:image/png;base64,iVBORw0KGgo=\">harbour \
         wall</a> on Monday, three months after <a href=\"{long}\">storms</a> tore a gap in the \
         stonework, the <a href=\"/council\">council</a> said.</p>\
         <p>The council said the work cost less than feared because volunteers from the rowing \
         club moved the fallen stones before the spring tides could scatter them.</p>"
    ));
    assert!(text.contains("the harbour wall on Monday"), "{text}");
    let anchors: Vec<&str> = links.iter().map(|l| l.anchor.as_str()).collect();
    assert_eq!(anchors, ["council"]);
}
