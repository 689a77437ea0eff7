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
    /// The item's `<guid>` when it may be a permalink (read as the link when there is none).
    pub guid: Option<String>,
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
    /// The XML error that ended reading early, or the end of a file cut inside an item,
    /// with its byte offset: the items read whole before it are kept.
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
    Guid,
    Published,
    Updated,
    Author,
    Category,
    Content,
    Summary,
}

fn item_field(name: &str) -> Option<Field> {
    Some(match name {
        "title" => Field::Title,
        "link" => Field::Link,
        "guid" | "id" => Field::Guid,
        "pubdate" | "dc:date" | "published" | "issued" => Field::Published,
        "updated" | "modified" | "dc:modified" => Field::Updated,
        "author" | "dc:creator" | "creator" => Field::Author,
        "category" | "dc:subject" => Field::Category,
        "content:encoded" | "content" => Field::Content,
        "description" | "summary" => Field::Summary,
        _ => return None,
    })
}

/// An element's lowercase name, without an `atom:` or `rss:` prefix (feeds that declare
/// their own namespace with a prefix); `dc:` and `content:` stay, they name other fields.
fn feed_name(qualified: &str) -> String {
    let lower = qualified.to_ascii_lowercase();
    match lower.split_once(':') {
        Some(("atom" | "rss", local)) => local.to_owned(),
        _ => lower,
    }
}

/// What the channel itself says, read from its own elements (not its items').
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChannelField {
    SiteName,
    Language,
}

/// The text being collected for one field of one item.
struct Capture {
    field: Field,
    /// Index of the field's element in the stack of open elements.
    at: usize,
    html: String,
    /// `<guid isPermaLink="false">` and Atom `<id>` name the item, they do not link to it.
    is_link: bool,
}

/// Reads a feed. Never fails: a malformed or cut-off feed gives the items read whole before
/// the damage, and the damage itself in `error`.
pub fn parse(text: &str) -> Feed {
    let mut reader = quick_xml::Reader::from_str(text);
    // Feeds in the wild leave HTML tags open (`<br>`) and write bare `&`: end tags are
    // matched here against the open elements, HTML-style, not checked by the reader.
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_dangling_amp = true;
    let mut feed = Feed::default();
    let mut open: Vec<String> = Vec::new();
    let mut item: Option<(usize, FeedItem)> = None;
    let mut capture: Option<Capture> = None;
    let mut channel_field: Option<(usize, ChannelField, String)> = None;
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
                let name = feed_name(e.name().as_ref());
                let at = open.len();
                open.push(name.clone());
                if let Some(c) = capture.as_mut() {
                    // Atom `type="xhtml"` content, or raw HTML: markup inside the field.
                    c.html.push('<');
                    c.html.push_str(&e);
                    c.html.push('>');
                    continue;
                }
                if name == "item" || name == "entry" {
                    // An item left open by the feed ends where the next one starts.
                    if let Some((_, done)) = item.take() {
                        feed.items.push(finish(done));
                    }
                    item = Some((at, FeedItem::default()));
                } else if let Some((item_at, current)) = item.as_mut() {
                    if at == *item_at + 1
                        && let Some(field) = item_field(&name)
                    {
                        // Atom: `<link rel="alternate" href="…"></link>`.
                        if field == Field::Link
                            && let Some(href) = attribute(&e, "href")
                            && is_alternate(&e)
                            && current.link.is_none()
                        {
                            current.link = Some(href);
                        }
                        capture = Some(Capture {
                            field,
                            at,
                            html: String::new(),
                            is_link: !is_opaque_id(&e, &name),
                        });
                    }
                } else if at <= 2 {
                    channel_field = match name.as_str() {
                        "title" if feed.site_name.is_none() => {
                            Some((at, ChannelField::SiteName, String::new()))
                        }
                        "language" | "dc:language" if feed.language.is_none() => {
                            Some((at, ChannelField::Language, String::new()))
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
                let Some((item_at, current)) = item.as_mut() else {
                    continue;
                };
                if open.len() != *item_at + 1 {
                    continue;
                }
                match feed_name(e.name().as_ref()).as_str() {
                    "link" if is_alternate(&e) && current.link.is_none() => {
                        current.link = attribute(&e, "href");
                    }
                    "category" => current.categories.extend(attribute(&e, "term")),
                    _ => {}
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
                let name = feed_name(e.name().as_ref());
                // An end tag closes the innermost open element of its name and whatever
                // was left open inside it; one that matches nothing is ignored.
                let Some(closed) = open.iter().rposition(|n| *n == name) else {
                    continue;
                };
                open.truncate(closed);
                if let Some(c) = capture.as_mut()
                    && closed > c.at
                {
                    c.html.push_str("</");
                    c.html.push_str(e.name().as_ref());
                    c.html.push('>');
                    continue;
                }
                if let Some(c) = capture.take()
                    && let Some((_, current)) = item.as_mut()
                {
                    store(current, c);
                }
                if item.as_ref().is_some_and(|(item_at, _)| closed <= *item_at)
                    && let Some((_, done)) = item.take()
                {
                    feed.items.push(finish(done));
                }
                if channel_field
                    .as_ref()
                    .is_some_and(|(field_at, _, _)| closed <= *field_at)
                    && let Some((_, key, value)) = channel_field.take()
                {
                    let value = super::html::fragment_text(&value);
                    let value = (!value.is_empty()).then_some(value);
                    match key {
                        ChannelField::SiteName => feed.site_name = value,
                        ChannelField::Language => feed.language = value,
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // An item the file ends inside is cut off: not kept, and said.
    if item.is_some() && feed.error.is_none() {
        feed.error = Some((
            text.len() as u64,
            "the feed ends inside an item that is never closed".to_owned(),
        ));
    }
    feed
}

/// The item as a record will use it: a `guid` that is a permalink is the link when the item
/// has no `<link>`.
fn finish(mut item: FeedItem) -> FeedItem {
    if item.link.is_none() {
        item.link = item
            .guid
            .take()
            .filter(|g| g.starts_with("http://") || g.starts_with("https://"));
    }
    item
}

fn push_text(
    capture: &mut Option<Capture>,
    channel_field: &mut Option<(usize, ChannelField, String)>,
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
        Field::Link => set(&mut item.link, html),
        Field::Guid if capture.is_link => set(&mut item.guid, html),
        Field::Guid => {}
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
        .map_or_else(|| text.clone(), |c| c[1].trim().to_owned())
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
fn is_opaque_id(e: &BytesStart<'_>, name: &str) -> bool {
    match name {
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
    fn feed_cut_anywhere_keeps_only_whole_items_and_says_when_it_cut_one() {
        let full = r#"<?xml version="1.0"?><rss><channel><title>Gazette</title>
<item><title>One &amp; only</title><description><![CDATA[<p>First.</p>]]></description></item>
<item><title>Two</title><link>https://g.example/2</link><description>&lt;p&gt;Second.&lt;/p&gt;</description></item>
<entry><title>Three</title><content type="xhtml"><div><p>Third</p></div></content></entry>
</channel></rss>"#;
        let whole = parse(full);
        assert_eq!(whole.items.len(), 3);
        assert_eq!(whole.error, None);
        // Each item's span: from the end of its start tag to the end of its end tag.
        let spans: Vec<(usize, usize)> = [("<item>", "</item>"), ("<entry>", "</entry>")]
            .iter()
            .flat_map(|(open, close)| {
                full.match_indices(open).map(move |(i, _)| {
                    let end = full[i..].find(close).unwrap() + i + close.len();
                    (i + open.len(), end)
                })
            })
            .collect();
        for cut in (0..full.len()).filter(|&i| full.is_char_boundary(i)) {
            let feed = parse(&full[..cut]);
            let n = feed.items.len();
            assert_eq!(feed.items, whole.items[..n], "cut at {cut}");
            if spans.iter().any(|&(from, to)| from <= cut && cut < to) {
                assert!(
                    feed.error.is_some(),
                    "cut at {cut} inside an item, no error"
                );
            }
        }
    }

    #[test]
    fn html_left_open_in_a_description_does_not_swallow_the_item() {
        let feed = parse(
            "<rss><channel><item><title>A</title><description>x<br>y</description></item>\
             <item><title>B</title><description>z</description></item></channel></rss>",
        );
        let titles: Vec<_> = feed.items.iter().map(|i| i.title.as_deref()).collect();
        assert_eq!(titles, [Some("A"), Some("B")]);
        assert_eq!(feed.items[0].summary_html.as_deref(), Some("x<br>y"));
        assert_eq!(feed.error, None);
    }

    #[test]
    fn guid_is_the_link_only_when_it_is_a_url_and_there_is_no_link() {
        let feed = parse(
            "<rss><channel>\
             <item><guid>https://g.example/a</guid><link>https://g.example/a-link</link><description>A.</description></item>\
             <item><guid>12345</guid><description>B.</description></item>\
             <item><guid>https://g.example/c</guid><description>C.</description></item>\
             </channel></rss>",
        );
        let links: Vec<_> = feed.items.iter().map(|i| i.link.as_deref()).collect();
        assert_eq!(
            links,
            [
                Some("https://g.example/a-link"),
                None,
                Some("https://g.example/c")
            ]
        );
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
        assert_eq!(feed.items.len(), 1);
        assert_eq!(feed.items[0].title.as_deref(), Some("One"));
        assert!(feed.error.is_some());
        // Cut inside the second item: the first is kept, the cut is reported.
        let truncated = parse("<rss><channel><item><title>One</title></item><item><title>Tw");
        assert_eq!(truncated.items.len(), 1);
        assert_eq!(truncated.items[0].title.as_deref(), Some("One"));
        assert!(truncated.error.is_some());
    }
}
