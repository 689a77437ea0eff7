//! RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom feeds: one record per `<item>` or `<entry>`, with
//! its title, link, date, authors, categories and text (`content:encoded` or Atom
//! `<content>` when the feed carries the article, else the `<description>`/`<summary>`).
//! Read with quick-xml over text already decoded by `input::decode` (the prolog's
//! `encoding="koi8-r"` is the declared charset).

use std::sync::LazyLock;

use quick_xml::events::{BytesStart, Event};
use regex::Regex;

/// One feed item, as the feed wrote it. Text fields hold HTML (feeds carry escaped or
/// CDATA markup in `<description>` and `<content:encoded>`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    pub title: Option<String>,
    pub link: Option<String>,
    pub published: Option<String>,
    pub updated: Option<String>,
    pub authors: Vec<String>,
    pub categories: Vec<String>,
    /// The article's text when the feed carries it (`content:encoded`, Atom `<content>`).
    pub content_html: Option<String>,
    /// The summary (`<description>`, Atom `<summary>`).
    pub summary_html: Option<String>,
}

/// A feed's items and what its channel says of them all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Feed {
    /// The channel's (or Atom feed's) own title: the site's name.
    pub site_name: Option<String>,
    pub language: Option<String>,
    pub items: Vec<FeedItem>,
    /// The XML error that ended reading early, with its byte offset: the items before it
    /// are kept.
    pub error: Option<(u64, String)>,
}

static XML_ENCODING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"#).expect("valid regex")
});

/// The charset the XML prolog declares (`<?xml version="1.0" encoding="koi8-r"?>`).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
    let head = head.trim_start_matches('\u{feff}');
    XML_ENCODING
        .captures(head)
        .map(|c| c[1].to_ascii_lowercase())
}

/// Which field of an item an element fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Published,
    Updated,
    Author,
    Category,
    Content,
    Summary,
}

fn item_field(name: &str) -> Option<Field> {
    Some(match name.to_ascii_lowercase().as_str() {
        "title" => Field::Title,
        "link" | "guid" | "id" => Field::Link,
        "pubdate" | "dc:date" | "published" | "issued" => Field::Published,
        "updated" | "modified" | "dc:modified" => Field::Updated,
        "author" | "dc:creator" | "creator" => Field::Author,
        "category" | "dc:subject" => Field::Category,
        "content:encoded" | "content" => Field::Content,
        "description" | "summary" => Field::Summary,
        _ => return None,
    })
}

/// The text being collected for one field of one item.
struct Capture {
    field: Field,
    /// Depth of the field's element: the capture ends at its end tag.
    depth: usize,
    html: String,
    /// `<guid isPermaLink="false">` and Atom `<id>` name the item, they do not link to it.
    is_link: bool,
}

/// Reads a feed. Never fails: a malformed feed gives the items read before the error and the
/// error itself.
pub fn parse(text: &str) -> Feed {
    let mut reader = quick_xml::Reader::from_str(text);
    // Feeds in the wild close tags loosely and write bare `&`: the items matter, not
    // validity.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_dangling_amp = true;
    let mut feed = Feed::default();
    let mut depth = 0usize;
    let mut item: Option<(usize, FeedItem)> = None;
    let mut capture: Option<Capture> = None;
    let mut channel_field: Option<(usize, &'static str, String)> = None;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                feed.error = Some((reader.error_position(), e.to_string()));
                break;
            }
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = e.name().as_ref().to_owned();
                if let Some(c) = capture.as_mut() {
                    // Atom `type="xhtml"` content: markup inside the element.
                    c.html.push('<');
                    c.html.push_str(&e);
                    c.html.push('>');
                    continue;
                }
                let lower = name.to_ascii_lowercase();
                if lower == "item" || lower == "entry" {
                    item = Some((depth, FeedItem::default()));
                } else if let Some((item_depth, current)) = item.as_mut() {
                    if depth == *item_depth + 1
                        && let Some(field) = item_field(&name)
                    {
                        if field == Field::Link
                            && let Some(href) = attribute(&e, "href")
                        {
                            // Atom: `<link rel="alternate" href="…"/>` written with an end tag.
                            if is_alternate(&e) && current.link.is_none() {
                                current.link = Some(href);
                            }
                        }
                        capture = Some(Capture {
                            field,
                            depth,
                            html: String::new(),
                            is_link: !is_opaque_id(&e, &lower),
                        });
                    }
                } else if depth <= 3 {
                    channel_field = match lower.as_str() {
                        "title" if feed.site_name.is_none() => {
                            Some((depth, "title", String::new()))
                        }
                        "language" | "dc:language" if feed.language.is_none() => {
                            Some((depth, "language", String::new()))
                        }
                        _ => None,
                    };
                }
            }
            Event::Empty(e) => {
                if let Some(c) = capture.as_mut() {
                    c.html.push('<');
                    c.html.push_str(&e);
                    c.html.push_str("/>");
                    continue;
                }
                if let Some((item_depth, current)) = item.as_mut()
                    && depth == *item_depth
                    && e.name().as_ref().eq_ignore_ascii_case("link")
                    && is_alternate(&e)
                    && current.link.is_none()
                {
                    current.link = attribute(&e, "href");
                }
                if let Some((item_depth, current)) = item.as_mut()
                    && depth == *item_depth
                    && e.name().as_ref().eq_ignore_ascii_case("category")
                    && let Some(term) = attribute(&e, "term")
                {
                    current.categories.push(term);
                }
            }
            Event::Text(t) => push_text(&mut capture, &mut channel_field, &t.into_inner()),
            Event::CData(t) => push_text(&mut capture, &mut channel_field, &t.into_inner()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.into_inner();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .map(str::to_owned)
                            // An HTML entity (`&nbsp;`) is left for the HTML reading.
                            .unwrap_or_else(|| format!("&{name};"))
                    }
                };
                push_text(&mut capture, &mut channel_field, &resolved);
            }
            Event::End(e) => {
                if let Some(c) = capture.as_mut()
                    && depth > c.depth
                {
                    c.html.push_str("</");
                    c.html.push_str(e.name().as_ref());
                    c.html.push('>');
                } else if let Some(c) = capture.take() {
                    if let Some((_, current)) = item.as_mut() {
                        store(current, c);
                    }
                } else if let Some((item_depth, _)) = item.as_ref()
                    && *item_depth == depth
                {
                    let (_, done) = item.take().expect("an open item");
                    feed.items.push(done);
                } else if let Some((field_depth, key, value)) = channel_field.take() {
                    if field_depth == depth {
                        let value = super::html::fragment_text(&value);
                        let value = (!value.is_empty()).then_some(value);
                        match key {
                            "title" => feed.site_name = value,
                            _ => feed.language = value,
                        }
                    } else {
                        channel_field = Some((field_depth, key, value));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // An item cut off by the end of the file or an error still counts.
    if let Some((_, mut current)) = item.take() {
        if let Some(c) = capture.take() {
            store(&mut current, c);
        }
        feed.items.push(current);
    }
    feed
}

fn push_text(
    capture: &mut Option<Capture>,
    channel_field: &mut Option<(usize, &'static str, String)>,
    text: &str,
) {
    if let Some(c) = capture.as_mut() {
        c.html.push_str(text);
    } else if let Some((_, _, value)) = channel_field.as_mut() {
        value.push_str(text);
    }
}

fn store(item: &mut FeedItem, capture: Capture) {
    let html = capture.html.trim().to_owned();
    if html.is_empty() {
        return;
    }
    let set = |slot: &mut Option<String>, value: String| {
        if slot.is_none() {
            *slot = Some(value);
        }
    };
    match capture.field {
        Field::Title => set(&mut item.title, html),
        Field::Link if capture.is_link => set(&mut item.link, html),
        Field::Link => {}
        Field::Published => set(&mut item.published, html),
        Field::Updated => set(&mut item.updated, html),
        Field::Author => item.authors.push(author_name(&html)),
        Field::Category => item.categories.push(html),
        Field::Content => set(&mut item.content_html, html),
        Field::Summary => set(&mut item.summary_html, html),
    }
}

/// RSS `<author>` is "jane@example.org (Jane Doe)"; Atom's holds `<name>` and `<email>`.
fn author_name(html: &str) -> String {
    static NAME_TAG: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?is)<name>(.*?)</name>").expect("valid regex"));
    static EMAIL_WITH_NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\S+@\S+\s*\((.+)\)$").expect("valid regex"));
    let text = NAME_TAG
        .captures(html)
        .map_or_else(|| html.to_owned(), |c| c[1].to_owned());
    let text = super::html::fragment_text(&text);
    EMAIL_WITH_NAME
        .captures(&text)
        .map_or(text.clone(), |c| c[1].trim().to_owned())
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.trim().to_owned())
        })
        .filter(|v| !v.is_empty())
}

/// An Atom link to the entry's page: `rel="alternate"` or no `rel` at all.
fn is_alternate(e: &BytesStart<'_>) -> bool {
    attribute(e, "rel").is_none_or(|rel| rel.eq_ignore_ascii_case("alternate"))
}

/// `<guid isPermaLink="false">` and Atom `<id>` (often `tag:` or `urn:`) are identifiers.
fn is_opaque_id(e: &BytesStart<'_>, lower_name: &str) -> bool {
    match lower_name {
        "guid" => attribute(e, "isPermaLink").is_some_and(|v| v.eq_ignore_ascii_case("false")),
        "id" => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_with_escaped_and_cdata_markup() {
        let rss = r#"<?xml version="1.0" encoding="koi8-r"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Isles Gazette</title><language>en</language>
<item><title>Ferry keeps running &amp; fares stay</title><link>https://isles.example/ferry</link>
<description>&lt;p&gt;The council decided.&lt;/p&gt;</description>
<pubDate>Tue, 04 Nov 2025 09:30:00 +0000</pubDate><dc:creator>Ines Okafor</dc:creator>
<category>Transport</category>
<content:encoded><![CDATA[<p>The ferry will keep running.</p><p>Fares stay the same.</p>]]></content:encoded></item>
<item><title>Harbour wall repaired</title><guid isPermaLink="false">x-17</guid>
<author>desk@isles.example (Juan Diego Ruiz)</author><description>Short.</description></item>
</channel></rss>"#;
        assert_eq!(declared_charset(rss.as_bytes()).as_deref(), Some("koi8-r"));
        let feed = parse(rss);
        assert_eq!(feed.error, None);
        assert_eq!(feed.site_name.as_deref(), Some("Isles Gazette"));
        assert_eq!(feed.language.as_deref(), Some("en"));
        assert_eq!(feed.items.len(), 2);
        let first = &feed.items[0];
        assert_eq!(
            first.title.as_deref(),
            Some("Ferry keeps running & fares stay")
        );
        assert_eq!(first.link.as_deref(), Some("https://isles.example/ferry"));
        assert_eq!(
            first.summary_html.as_deref(),
            Some("<p>The council decided.</p>")
        );
        assert_eq!(
            first.content_html.as_deref(),
            Some("<p>The ferry will keep running.</p><p>Fares stay the same.</p>")
        );
        assert_eq!(first.authors, ["Ines Okafor"]);
        assert_eq!(first.categories, ["Transport"]);
        assert_eq!(
            first.published.as_deref(),
            Some("Tue, 04 Nov 2025 09:30:00 +0000")
        );
        // A guid that is no permalink is not the item's link.
        assert_eq!(feed.items[1].link, None);
        assert_eq!(feed.items[1].authors, ["Juan Diego Ruiz"]);
    }

    #[test]
    fn atom_entries_with_alternate_links_and_xhtml_content() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Isles Gazette</title>
<entry><title type="html">Ferry &lt;em&gt;keeps&lt;/em&gt; running</title>
<link rel="edit" href="https://isles.example/edit/1"/><link href="https://isles.example/ferry"/>
<id>tag:isles.example,2025:1</id><published>2025-11-04T09:30:00Z</published>
<updated>2025-11-05T10:00:00Z</updated><author><name>Ines Okafor</name><email>io@isles.example</email></author>
<category term="Transport"/>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>The ferry will keep running.</p></div></content>
</entry></feed>"#;
        let feed = parse(atom);
        assert_eq!(feed.items.len(), 1);
        let entry = &feed.items[0];
        assert_eq!(entry.link.as_deref(), Some("https://isles.example/ferry"));
        assert_eq!(entry.authors, ["Ines Okafor"]);
        assert_eq!(entry.categories, ["Transport"]);
        assert_eq!(entry.published.as_deref(), Some("2025-11-04T09:30:00Z"));
        assert_eq!(entry.updated.as_deref(), Some("2025-11-05T10:00:00Z"));
        assert!(
            entry
                .content_html
                .as_deref()
                .is_some_and(|c| c.contains("<p>The ferry will keep running.</p>")),
            "{:?}",
            entry.content_html
        );
    }

    #[test]
    fn feed_cut_anywhere_never_panics_and_keeps_whole_items() {
        let full = r#"<?xml version="1.0"?><rss><channel><title>Gazette</title>
<item><title>One &amp; only</title><description><![CDATA[<p>First.</p>]]></description></item>
<item><title>Two</title><link>https://g.example/2</link><description>&lt;p&gt;Second.&lt;/p&gt;</description></item>
<entry><title>Three</title><content type="xhtml"><div><p>Third</p></div></content></entry>
</channel></rss>"#;
        let whole = parse(full).items.len();
        assert_eq!(whole, 3);
        for cut in (0..full.len()).filter(|&i| full.is_char_boundary(i)) {
            let feed = parse(&full[..cut]);
            assert!(feed.items.len() <= whole, "cut at {cut}");
        }
    }

    #[test]
    fn bare_ampersand_in_a_feed_is_text_not_an_error() {
        let feed = parse(
            "<rss><channel><item><title>AT&T & the ferry</title><description>Fares & times.</description></item></channel></rss>",
        );
        assert_eq!(feed.error, None);
        assert_eq!(feed.items[0].title.as_deref(), Some("AT&T & the ferry"));
    }

    #[test]
    fn malformed_feed_keeps_the_items_before_the_error() {
        let broken = "<rss><channel><item><title>One</title><description>First.</description></item>\
                      <item><title>Two</title><description>Second <b attr=\"x>broken</description>";
        let feed = parse(broken);
        assert!(!feed.items.is_empty());
        assert_eq!(feed.items[0].title.as_deref(), Some("One"));
        // Truncated in the middle of a tag: the error is reported with its offset.
        let truncated = parse("<rss><channel><item><title>One</title></item><item><tit");
        assert_eq!(truncated.items[0].title.as_deref(), Some("One"));
        assert!(truncated.error.is_some() || truncated.items.len() == 2);
    }
}
