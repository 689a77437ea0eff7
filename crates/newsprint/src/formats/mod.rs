//! Input formats. Each turns decoded text into the fields of a `ParsedRecord`; which one
//! applies is decided from content, not from the file name.

pub mod authors;
pub mod feed;
pub mod html;
pub mod html_budget;
pub mod html_native;
mod html_shared;
pub mod jsonl;
pub mod jsonld;
pub mod plaintext;
pub mod textdump;
pub mod warc;

use crate::input::Refusal;
use crate::model::SourceFormat;
use crate::vocab::RejectReason;

/// What the bytes look like, before decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Html,
    Text,
    Warc,
    Jsonl,
    /// An RSS, RDF or Atom feed: each item is a record.
    Feed,
    /// Input newsprint does not read; the text says what it is.
    Unsupported(&'static str),
}

/// How far into a file that opens with a tag the HTML markers are looked for: pages saved
/// from broken servers open with kilobytes of PHP warnings or an ad script before `<html>`.
pub const MARKUP_SNIFF_BYTES: usize = 64 * 1024;

/// Looks at the first bytes: markup, a WARC header, JSON, or text.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(4096)];
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(head, |i| &head[i..]);
    // A byte-order mark may sit before or after the leading whitespace.
    let start = match start.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => rest
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(rest, |i| &rest[i..]),
        None => start,
    };
    if start.starts_with(b"WARC/") {
        return Sniffed::Warc;
    }
    if jsonl::looks_like_jsonl(start) {
        return Sniffed::Jsonl;
    }
    if start.starts_with(b"{") || start.starts_with(b"[") {
        return Sniffed::Unsupported("a JSON document, not JSON lines (one object per line)");
    }
    let lower = start.to_ascii_lowercase();
    // A feed before an HTML page (item descriptions hold `<p>` too): a feed's root element,
    // and none of a page's.
    let has_tag = |name: &[u8]| {
        lower.windows(name.len() + 1).any(|w| {
            w.starts_with(name) && (w[name.len()] == b'>' || w[name.len()].is_ascii_whitespace())
        })
    };
    if start.starts_with(b"<")
        && [b"<rss".as_slice(), b"<rdf:rdf", b"<feed"]
            .iter()
            .any(|m| has_tag(m))
        && ![b"<!doctype html".as_slice(), b"<html", b"<head", b"<body"]
            .iter()
            .any(|m| contains(&lower, m))
    {
        return Sniffed::Feed;
    }
    if start.starts_with(b"<") {
        const MARKERS: [&[u8]; 6] = [
            b"<!doctype html",
            b"<html",
            b"<head",
            b"<body",
            b"<meta",
            b"<p",
        ];
        if MARKERS.iter().any(|m| contains(&lower, m)) {
            return Sniffed::Html;
        }
        let offset = start.as_ptr() as usize - bytes.as_ptr() as usize;
        let further = &bytes[offset..bytes.len().min(offset + MARKUP_SNIFF_BYTES)];
        if further.len() > start.len() {
            let further = further.to_ascii_lowercase();
            if [b"<!doctype html".as_slice(), b"<html", b"<body"]
                .iter()
                .any(|m| memchr::memmem::find(&further, m).is_some())
            {
                return Sniffed::Html;
            }
        }
    }
    if start.starts_with(b"{")
        && (contains(&lower, b"\"text\"")
            || contains(&lower, b"\"maintext\"")
            || contains(&lower, b"\"url\""))
    {
        return Sniffed::Unsupported("jsonl");
    }
    Sniffed::Text
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Tells the seed's text-dump layout from a plain article: a date line under the headline,
/// or an `Original url:` footer.
pub fn text_format(text: &str) -> SourceFormat {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let _title = lines.next();
    let second = lines.next().unwrap_or("");
    let has_date_line = second.len() < 80 && crate::dates::parse_publication_date(second).is_some();
    let has_url_footer = text
        .lines()
        .any(|l| l.trim().to_ascii_lowercase().starts_with("original url:"));
    if has_date_line || has_url_footer {
        SourceFormat::TextDump
    } else {
        SourceFormat::PlainText
    }
}

/// Paragraph blocks of a text file: runs of non-blank lines, with the number of blank lines
/// before each (the dumps leave a wider gap where an image stood).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    pub lines: Vec<&'a str>,
    pub gap_before: usize,
}

impl Block<'_> {
    pub fn joined(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

pub fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut gap = 0;
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(Block {
                    lines: std::mem::take(&mut current),
                    gap_before: gap,
                });
                gap = 0;
            }
            gap += 1;
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(Block {
            lines: current,
            gap_before: gap,
        });
    }
    out
}

pub(crate) fn no_body() -> Refusal {
    Refusal::new(RejectReason::NoBody, "no article text after the headline")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff_by_content_not_name() {
        assert_eq!(sniff(b"  <!DOCTYPE html><html>"), Sniffed::Html);
        assert_eq!(sniff(b"\xef\xbb\xbf<html lang=en>"), Sniffed::Html);
        assert_eq!(sniff(b"WARC/1.0\r\nWARC-Type: warcinfo"), Sniffed::Warc);
        assert_eq!(
            sniff(b"{\"url\": \"x\", \"text\": \"y\"}\n"),
            Sniffed::Jsonl
        );
        assert!(matches!(sniff(b"{\n  \"a\": {\n"), Sniffed::Unsupported(_)));
        assert_eq!(sniff(b"Headline\n\nBody <b>bold</b>"), Sniffed::Text);
    }

    #[test]
    fn page_opening_with_a_bom_and_a_script_before_the_doctype_is_html() {
        let short = b"\xef\xbb\xbf\r\n<script>window.dataLayer = [];</script>\r\n<!DOCTYPE html>\n<html><body><p>Text</p></body></html>";
        assert_eq!(sniff(short), Sniffed::Html);
        let mut long = b"\xef\xbb\xbf\n<script type=\"text/javascript\">".to_vec();
        long.extend(b"var config = {\"a\": 1};\n".repeat(400));
        long.extend(b"</script>\n<!doctype html>\n<html><head><title>T</title></head><body><p>Text</p></body></html>");
        assert!(long.len() > 4096);
        assert_eq!(sniff(&long), Sniffed::Html);
    }

    #[test]
    fn jsonl_whose_first_line_is_not_utf8_is_jsonl_not_a_json_document() {
        assert_eq!(
            sniff(b"{\"text\": \"caf\xe9\"}\n{\"text\": \"ok\"}\n"),
            Sniffed::Jsonl
        );
        assert_eq!(
            sniff(b"\xef\xbb\xbf{\"text\": \xe9\xe9}\n{\"text\": \"ok\"}\n"),
            Sniffed::Jsonl
        );
        assert!(matches!(
            sniff(b"{\n  \"text\": \"caf\xe9\"\n}\n"),
            Sniffed::Unsupported(_)
        ));
    }

    #[test]
    fn news_feed_is_a_feed_not_a_page() {
        let rss = b"<?xml version=\"1.0\" encoding=\"koi8-r\"?>\n<rss version=\"0.91\"><channel>\
                    <item><title>T</title><description><p>Summary</p></description></item>";
        assert_eq!(sniff(rss), Sniffed::Feed);
        let rdf = b"<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\"><item></item></rdf:RDF>";
        assert_eq!(sniff(rdf), Sniffed::Feed);
        // A page with a <feedback-form> and no <html> is still a page.
        let page = b"<!DOCTYPE html><title>x</title><feedback-form></feedback-form><p>Body</p>";
        assert_eq!(sniff(page), Sniffed::Html);
        // XHTML that mentions a feed link is still a page.
        let xhtml =
            b"<?xml version=\"1.0\"?><html><head><link rel=\"alternate\" href=\"/feed\"></head>";
        assert_eq!(sniff(xhtml), Sniffed::Html);
    }

    #[test]
    fn page_opening_with_kilobytes_of_php_warnings_is_html() {
        let warning = "<br />\n<b>Deprecated</b>: Assigning the return value of new by reference \
                       is deprecated in <b>/www/wp-settings.php</b> on line <b>520</b><br />\n";
        let page = format!(
            "{}<!DOCTYPE html><html><body><p>Text</p></body></html>",
            warning.repeat(60)
        );
        assert!(page.len() > 4096);
        assert_eq!(sniff(page.as_bytes()), Sniffed::Html);
        // Text that merely opens with a tag and never becomes a page stays text.
        let text = format!("{}Headline\n\nBody.", warning.repeat(60));
        assert_eq!(sniff(text.as_bytes()), Sniffed::Text);
    }

    #[test]
    fn text_dump_is_told_from_plain_text() {
        assert_eq!(
            text_format("\nTitle\n\nJuly 29, 2025\n\nBody."),
            SourceFormat::TextDump
        );
        assert_eq!(
            text_format("Title\n\nBody starts here."),
            SourceFormat::PlainText
        );
    }

    #[test]
    fn blocks_count_blank_lines_between() {
        let b = blocks("\nA\n\nB\n\n\n\nC\nD\n");
        assert_eq!(b.len(), 3);
        assert_eq!(
            (b[0].gap_before, b[1].gap_before, b[2].gap_before),
            (1, 1, 3)
        );
        assert_eq!(b[2].joined(), "C D");
    }
}
