//! HTML pages: main text and metadata through the `trafilatura` crate (a port of the
//! extractor that scores best among the Rust crates measured on the shared benchmark), plus a
//! light scan of the head for the full publication instant, which the crate reduces to a day.

use std::sync::LazyLock;

use chrono::Datelike;
use regex::Regex;

use crate::input::Refusal;
use crate::model::{BodyMarkup, ParsedRecord};

pub const EXTRACTOR: &str = "trafilatura-rs@0.6";

static META_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<meta\s([^>]*)>").expect("valid regex"));
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)([a-z_:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#)
        .expect("valid regex")
});
static JSONLD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(datePublished|dateModified|dateCreated)"\s*:\s*"([^"]{4,40})""#)
        .expect("valid regex")
});
static TIME_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<time\s[^>]*datetime\s*=\s*["']([^"']{4,40})["']"#).expect("valid regex")
});
static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.-]+)"#).expect("valid regex")
});

static JSONLD_HEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""headline"\s*:\s*"((?:[^"\\]|\\.){3,600})""#).expect("valid regex")
});

/// The first `needle` (lowercase ASCII) at or after `from`, in any case.
fn find_ascii_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    memchr::memchr_iter(*first, hay.get(from..)?)
        .map(|i| from + i)
        .find(|&i| {
            hay.get(i..i + needle.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        })
}

/// Each `<h1>` element of the page, whole and its inner HTML: what the regex
/// `(?is)<h1(?:\s[^>]*)?>(.*?)</h1>` finds, without its backwards search over long pages
/// (a twentieth of the parse stage).
fn h1_elements(html: &str) -> Vec<(&str, &str)> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    // The next `<script>` at or after `from`, searched again only once `from` passes it.
    let mut next_script = find_ascii_ci(bytes, 0, b"<script");
    while let Some(i) = find_ascii_ci(bytes, from, b"<h1") {
        if next_script.is_some_and(|sc| sc < from) {
            next_script = find_ascii_ci(bytes, from, b"<script");
        }
        // An `<h1>` in a script is a client-side template ("<h1><%= data.name %></h1>").
        if let Some(script) = next_script.filter(|&sc| sc < i) {
            match find_ascii_ci(bytes, script + 7, b"</script") {
                Some(end) => {
                    from = end + 8;
                    continue;
                }
                None => break,
            }
        }
        let after = i + 3;
        let open_end = match html[after..].chars().next() {
            Some('>') => Some(after),
            Some(c) if c.is_whitespace() => html[after..].find('>').map(|j| after + j),
            _ => None,
        };
        let Some(gt) = open_end else {
            from = after;
            continue;
        };
        // With no closing tag after this opening, none follows a later one either.
        let Some(close) = find_ascii_ci(bytes, gt + 1, b"</h1>") else {
            break;
        };
        out.push((&html[i..close + 5], &html[gt + 1..close]));
        from = close + 5;
    }
    out
}
static TITLE_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<title[^>]*>(.*?)</title>").expect("valid regex"));

/// Text of an HTML fragment: tags dropped, entities decoded, whitespace folded.
/// (The text of `<style>` and `<script>` inside it is not text: ".alogo{display: block…}".)
pub(crate) fn fragment_text(fragment: &str) -> String {
    // A fragment (a feed item, a meta value that holds escaped markup) is parsed into a tree
    // like a page, so it must be within a page's work budget; one over it has no text.
    if super::html_budget::check(fragment.as_bytes()).is_err() {
        return String::new();
    }
    let doc = scraper::Html::parse_fragment(fragment);
    let text: String = doc
        .root_element()
        .descendants()
        .filter_map(|node| node.value().as_text().map(|t| (node, t)))
        .filter(|(node, _)| {
            !node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "style" | "script" | "template"))
            })
        })
        .map(|(_, t)| &**t)
        .collect();
    crate::textnorm::clean_line(&text)
}

/// "Headline | Site" → "Headline": the part before a separator, when what follows is short.
fn strip_site_suffix(title: &str) -> &str {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » "] {
        if let Some(i) = title.rfind(sep) {
            let (head, tail) = (&title[..i], &title[i + sep.len()..]);
            if tail.split_whitespace().count() <= 5 && head.split_whitespace().count() >= 2 {
                return head.trim();
            }
        }
    }
    title
}

/// Lowercase letter-and-digit words; a run of CJK text is one word.
fn title_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether an `<h1>` is about the page's headline: at least half of its words occur in one
/// of the page's other titles (or in the page's `<title>` as a substring, for CJK). A "Log In"
/// or "Newsletter" heading of a dialog or a rail is not.
fn matches_a_title(h1: &str, references: &[String]) -> bool {
    let words = title_words(h1);
    if words.is_empty() {
        return false;
    }
    references.iter().any(|r| {
        let theirs = title_words(r);
        let shared = words.iter().filter(|w| theirs.contains(w)).count();
        shared * 2 >= words.len() || r.contains(h1)
    })
}

static HOME_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)^\s*<a\s[^>]*href\s*=\s*["'](?:https?://[^/"']+)?(?:/|/?(?:[^"'?#]*/)?index\.[a-z]+)?(?:[?#][^"']*)?["']"#,
    )
    .expect("valid regex")
});
static LOGO_H1: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)^<h1\s[^>]*(?:class|id)\s*=\s*["'][^"']*\b(?:logo|brand)"#)
        .expect("valid regex")
});

/// Whether an `<h1>` (its whole tag `h1`, its content `inner`) is the site's logo: a class
/// or id that says logo or brand, or content that opens with a link to the home page.
fn is_logo_h1(h1: &str, inner: &str) -> bool {
    LOGO_H1.is_match(h1) || HOME_LINK.is_match(without_leading_style(inner))
}

/// `inner` after a `<style>…</style>` it opens with (a logo's own CSS).
fn without_leading_style(inner: &str) -> &str {
    let trimmed = inner.trim_start();
    if trimmed
        .as_bytes()
        .get(..6)
        .is_some_and(|open| open.eq_ignore_ascii_case(b"<style"))
        && let Some(end) = find_ascii_ci(trimmed.as_bytes(), 0, b"</style>")
    {
        return &trimmed[end + 8..];
    }
    inner
}

/// Long enough to be a headline rather than a section name or a logo word: two words, or
/// in a script written without spaces (Chinese, Japanese, Thai) six letters.
fn headline_sized(t: &str) -> bool {
    t.split_whitespace().count() >= 2
        || t.chars()
            .filter(|&c| {
                matches!(c as u32,
                    0x0E00..=0x0E7F      // Thai
                    | 0x3040..=0x30FF    // Hiragana, Katakana
                    | 0x3400..=0x4DBF    // CJK Extension A
                    | 0x4E00..=0x9FFF) // CJK Unified Ideographs
            })
            .count()
            >= 6
}

/// "Headline | Section" or "Headline - Site" where the page's `<h1>` is "Headline": the
/// JSON-LD headline carried a suffix.
fn strip_suffix_shown_in_h1(headline: String, h1: Option<&str>) -> String {
    if let Some(h1) = h1
        && h1.len() < headline.len()
        && let Some(rest) = headline.strip_prefix(h1)
        && rest.starts_with(|c: char| c.is_whitespace() || "|-–—:｜：·•»".contains(c))
        && rest
            .trim_start()
            .starts_with(|c: char| "|-–—:｜：·•»".contains(c))
    {
        return h1.to_owned();
    }
    headline
}

/// The headline, in the order that matches news sites' own: the article's JSON-LD
/// `headline`, then the page's `<h1>`, then `og:title` or `<title>` without the site name.
/// (Share titles in `og:title` are often rewritten or suffixed.)
fn choose_title(
    html: &str,
    tags: &[(String, String)],
    ld: Option<&super::jsonld::JsonLdArticle>,
) -> Option<String> {
    let jsonld = ld.and_then(|a| a.headline.clone()).or_else(|| {
        JSONLD_HEADLINE.captures(html).and_then(|c| {
            serde_json::from_str::<String>(&format!("\"{}\"", &c[1]))
                .ok()
                .map(|s| fragment_text(&s))
        })
    });
    let og_title = meta(tags, &["og:title"]).map(fragment_text);
    let twitter_title = meta(tags, &["twitter:title"]).map(fragment_text);
    let meta_title = og_title.clone().or_else(|| twitter_title.clone());
    let title_tag = TITLE_TAG.captures(html).map(|c| fragment_text(&c[1]));
    let title_without_site = title_tag
        .as_deref()
        .map(|t| strip_site_suffix(t).to_owned());
    let non_empty = |ts: &[&Option<String>]| -> Vec<String> {
        ts.iter()
            .filter_map(|t| t.as_ref())
            .filter(|t| !t.is_empty())
            .cloned()
            .collect()
    };
    // The `<title>` also carries the site's name, which a logo `<h1>` repeats: an `<h1>`
    // that matches the JSON-LD or share title comes first.
    let headlines = non_empty(&[&jsonld, &meta_title]);
    let references = non_empty(&[&jsonld, &meta_title, &title_tag]);
    let h1s: Vec<String> = h1_elements(html)
        .into_iter()
        .filter(|(whole, inner)| !is_logo_h1(whole, inner))
        .map(|(_, inner)| fragment_text(inner))
        .filter(|t| headline_sized(t))
        .collect();
    let h1 = h1s
        .iter()
        .find(|t| matches_a_title(t, &headlines))
        .or_else(|| h1s.iter().find(|t| matches_a_title(t, &references)))
        .or(h1s.first())
        .cloned();
    let share_titles = non_empty(&[&og_title, &twitter_title, &jsonld, &title_without_site]);
    let meta_title = meta_title
        .map(|t| strip_site_suffix(&t).to_owned())
        .or(title_without_site);
    jsonld
        .filter(|t| !t.is_empty())
        .map(|t| strip_suffix_shown_in_h1(t, h1.as_deref()))
        .or(h1)
        .or(meta_title)
        .filter(|t| !t.is_empty())
        .map(|t| drop_kicker(t, &share_titles))
}

/// "Holocaust-Gedenktag Erinnerung an die Opfer", "1. Februar 2022 Minister X: …",
/// "Neue Leipziger Schule: Judy Lybke, …": a kicker, date or label run into the headline,
/// found because another of the page's titles is the rest alone. Only a leading part ending
/// in a space is dropped: a trailing one is as often the headline's own second clause, and
/// "MSV-Interimstrainer" keeps its first part. A trailing part is dropped only when it is
/// glued on, a site link inside the `<h1>` ("…la InfantaUltima Hora Mallorca").
fn drop_kicker(title: String, others: &[String]) -> String {
    others
        .iter()
        .filter(|o| o.split_whitespace().count() >= 3 && o.len() < title.len())
        .find(|o| {
            title
                .strip_suffix(o.as_str())
                .is_some_and(|kicker| kicker.ends_with(char::is_whitespace))
                || title.strip_prefix(o.as_str()).is_some_and(|glued| {
                    o.ends_with(char::is_lowercase) && glued.starts_with(char::is_uppercase)
                })
        })
        .cloned()
        .unwrap_or(title)
}

/// The charset a page declares in its first bytes (`<meta charset>` or http-equiv).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]);
    META_CHARSET
        .captures(&head)
        .map(|c| c[1].to_ascii_lowercase())
}

/// The head's `<meta>` tags as (key, content), key from property, name or itemprop.
fn meta_tags(html: &str) -> Vec<(String, String)> {
    let end = html
        .find("</head>")
        .or_else(|| html.find("</HEAD>"))
        .unwrap_or(html.len().min(256 * 1024));
    let end = (0..=end)
        .rev()
        .find(|&i| html.is_char_boundary(i))
        .unwrap_or(0);
    let mut tags = Vec::new();
    for m in META_TAG.captures_iter(&html[..end]) {
        let mut key = None;
        let mut content = None;
        for a in ATTRIBUTE.captures_iter(&m[1]) {
            let value = a
                .get(2)
                .or(a.get(3))
                .or(a.get(4))
                .map_or("", |v| v.as_str());
            match a[1].to_ascii_lowercase().as_str() {
                "property" | "name" | "itemprop" => key = Some(value.to_ascii_lowercase()),
                "content" => content = Some(value.trim().to_owned()),
                _ => {}
            }
        }
        if let (Some(k), Some(c)) = (key, content)
            && !c.is_empty()
        {
            tags.push((k, c));
        }
    }
    tags
}

fn meta<'a>(tags: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        tags.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    })
}

const BLOCKS: [&str; 22] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "div",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "tr",
];

/// The text of each block element of the extracted HTML, in order: one paragraph per block.
/// (The crate's plain-text output runs paragraphs together.)
pub(crate) fn block_texts(fragment: &str) -> Vec<String> {
    use scraper::node::Node;
    // As for `fragment_text`: over the work budget, no text.
    if super::html_budget::check(fragment.as_bytes()).is_err() {
        return Vec::new();
    }
    let doc = scraper::Html::parse_fragment(fragment);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let text = crate::textnorm::clean_line(current);
        if !text.is_empty() {
            out.push(text);
        }
        current.clear();
    };
    for edge in doc.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Text(t) => current.push_str(t),
                Node::Element(e) if BLOCKS.contains(&e.name()) => flush(&mut current),
                Node::Element(e) if e.name() == "br" => current.push(' '),
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(e) = node.value()
                    && BLOCKS.contains(&e.name())
                {
                    flush(&mut current);
                }
            }
        }
    }
    flush(&mut current);
    out
}

/// The headline is the `title` column; a copy at the top of the body, and a one- or
/// two-word section label above it, are not article text.
fn drop_repeated_headline(paragraphs: &mut Vec<String>, title: &str) {
    let title = crate::textnorm::clean_line(title);
    if title.is_empty() {
        return;
    }
    let position = paragraphs
        .iter()
        .take(3)
        .position(|p| *p == title || title.starts_with(p.as_str()) && p.len() * 2 > title.len());
    if let Some(i) = position {
        let labels_before = paragraphs[..i]
            .iter()
            .all(|p| p.split_whitespace().count() <= 3);
        if labels_before {
            paragraphs.drain(..=i);
        }
    }
}

/// Menus and "enable JavaScript" notices are short lines; an article has some sentences.
/// Counted in letters and digits, not words: Chinese and Japanese put no spaces between words.
fn has_prose(paragraphs: &[&str]) -> bool {
    let prose_chars: usize = paragraphs
        .iter()
        .map(|p| p.chars().filter(|c| c.is_alphanumeric()).count())
        .filter(|&n| n >= 20)
        .sum();
    prose_chars >= 100
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// The first `field` date anywhere in the page's JSON-LD, read without parsing the JSON
/// (for blocks that are not valid JSON).
fn jsonld_date(html: &str, field: &str) -> Option<String> {
    JSONLD_DATE
        .captures_iter(html)
        .find(|c| &c[1] == field)
        .map(|c| c[2].to_owned())
}

/// How far past the start of the headline (in characters of visible text) a byline date
/// may sit.
const HEADLINE_DATE_WINDOW: usize = 600;

/// Whether an element's class or id marks a comment thread (whose dates are the readers').
fn is_comment_box(el: &scraper::node::Element) -> bool {
    el.attr("class")
        .into_iter()
        .chain(el.attr("id"))
        .any(|v| v.to_ascii_lowercase().contains("comment"))
}

/// The date shown with the headline: the first visible text (within
/// `HEADLINE_DATE_WINDOW` characters from the article's `<h1>`) that is a date or starts
/// with one ("20.12.2022", "Written: 2023-11-07 15:03", "29.11.2022 – The branch…").
/// The `<h1>` is the one that shows `title`, else the first one that is not a link (a logo).
/// Dates inside prose ("…the rule that came into force on 28.01.2022…"), scripts and
/// comment threads are not read. On pages without a date in metas, JSON-LD or `<time>`,
/// this is the byline date; the extractor's own text search also reads teasers, event
/// dates and comments further down.
fn headline_date(page: &Page<'_>, title: Option<&str>) -> Option<String> {
    use scraper::Node;
    let doc = page.dom();
    let h1_sel = scraper::Selector::parse("h1").ok()?;
    let fold = |s: &str| crate::textnorm::clean_line(s).to_lowercase();
    let title = title.map(fold).filter(|t| !t.is_empty());
    let h1s: Vec<_> = doc
        .select(&h1_sel)
        .filter(|h| !is_logo_h1(&h.html(), &h.inner_html()))
        .collect();
    let h1 = h1s
        .iter()
        .find(|h| {
            let text = fold(&h.text().collect::<String>());
            title.as_ref().is_some_and(|t| {
                text.chars().count() >= 3 && (t.contains(&text) || text.contains(t.as_str()))
            })
        })
        .or_else(|| {
            let a = scraper::Selector::parse("a").ok()?;
            h1s.iter().find(|h| h.select(&a).next().is_none())
        })?;
    let start = h1.id();
    let mut started = false;
    let mut seen = 0usize;
    for node in doc.tree.root().descendants() {
        if node.id() == start {
            started = true;
        }
        if !started {
            continue;
        }
        let Node::Text(text) = node.value() else {
            continue;
        };
        let hidden = node.ancestors().any(|a| match a.value() {
            Node::Element(el) => {
                matches!(el.name(), "script" | "style" | "noscript" | "template")
                    || is_comment_box(el)
            }
            _ => false,
        });
        if hidden {
            continue;
        }
        let text = crate::textnorm::clean_line(text);
        if text.is_empty() {
            continue;
        }
        // A short text is a date line; a longer one counts only when it starts with the date.
        let head: String = if text.chars().count() <= 60 {
            text.clone()
        } else {
            text.chars().take(25).collect()
        };
        if crate::dates::parse_publication_date(&head)
            .is_some_and(|d| d.precision >= crate::dates::DatePrecision::Day)
        {
            return Some(head);
        }
        seen += text.chars().count();
        if seen > HEADLINE_DATE_WINDOW {
            break;
        }
    }
    None
}

/// The publication date and where it was found (`published_source`): the article's own
/// fields first (`article:published_time`, the article object's JSON-LD `datePublished`);
/// generic `date` metas often hold the print edition's day or the page's build time.
fn choose_published(
    page: &Page<'_>,
    tags: &[(String, String)],
    ld: Option<&super::jsonld::JsonLdArticle>,
    extractor_date: Option<chrono::NaiveDate>,
    url: Option<&str>,
    title: Option<&str>,
) -> (Option<String>, Option<&'static str>) {
    // The first value of these metas that is not a CMS placeholder.
    let meta_date = |keys: &[&str]| {
        keys.iter()
            .flat_map(|k| tags.iter().filter(move |(key, _)| key == k))
            .map(|(_, v)| v.as_str())
            .find(|v| !is_placeholder_date(v))
            .map(|d| (d.to_owned(), "meta"))
    };
    let found = meta_date(&[
        "article:published_time",
        "og:published_time",
        "datepublished",
    ])
    .or_else(|| {
        ld.and_then(|a| a.date_published.clone())
            .or_else(|| jsonld_date(page.html, "datePublished"))
            .map(|d| (d, "json-ld"))
            .filter(|(d, _)| !is_placeholder_date(d))
    })
    .or_else(|| meta_date(&["pubdate", "publishdate", "dc.date", "date"]))
    .or_else(|| {
        TIME_TAG
            .captures(page.html)
            .map(|c| (c[1].to_owned(), "time"))
            .filter(|(d, _)| !is_placeholder_date(d))
    })
    .or_else(|| {
        // The extractor's own date search reads the URL, more metas and the text; a date in
        // the URL or a meta comes first, then the date shown with the headline, then the
        // extractor's text date (which also reads teasers, event dates and comments).
        let extractor = extractor_date.and_then(|d| {
            let in_url = url.is_some_and(|u| {
                [
                    d.format("%Y/%m/%d").to_string(),
                    d.format("%Y-%m-%d").to_string(),
                    d.format("%Y%m%d").to_string(),
                ]
                .iter()
                .any(|f| u.contains(f.as_str()))
            });
            let iso = d.format("%Y-%m-%d").to_string();
            let in_meta = tags.iter().any(|(_, v)| v.starts_with(&iso));
            // The extractor gives a year it read alone as 1 January, and a year alone in a
            // page is furniture far more often than the publication date: a copyright line
            // ("© 1998"), a class name ("mjx-c2026"). Unless the page shows that day, it is
            // no date at all.
            if d.ordinal() == 1 && !in_url && !in_meta && !shows_new_year(page.html, d.year()) {
                return None;
            }
            let source = if in_url {
                "url"
            } else if in_meta {
                "meta"
            } else {
                "text"
            };
            Some((iso, source))
        });
        match extractor {
            Some(found) if found.1 != "text" => Some(found),
            _ => headline_date(page, title)
                .map(|d| (d, "text"))
                .or(extractor),
        }
    });
    let found = found.map(|(date, source)| match local_time_tag(page.html, &date) {
        Some(local) if source != "time" => (local, "time"),
        _ => (date, source),
    });
    match found {
        Some((date, source)) => (Some(date), Some(source)),
        None => (None, None),
    }
}

/// A CMS's empty date: year 1 ("0001-01-01T00:00:00Z"), the Unix epoch, or anything
/// before 1800. A value that does not parse is not judged here (normalize reports it).
fn is_placeholder_date(raw: &str) -> bool {
    crate::dates::parse_publication_date(raw)
        .is_some_and(|d| d.date.year() < 1800 || d.utc_micros() == 0)
}

/// 1 January written as a day, with its year: "01.01.2018", "2018-01-01", "January 1, 2018",
/// "1. Januar 2018", "1er janvier 2018", "1 de enero de 2018".
static NEW_YEARS_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(\d{4})[-/]01[-/]01|0?1[./]0?1[./](\d{4})|(?:jan(?:uary|uar|vier)?\.?|enero|gennaio|janeiro|jänner)\s+0?1(?:st)?,?\s+(\d{4})|0?1(?:st|\.|er)?\s+(?:de\s+)?(?:jan(?:uary|uar|vier)?\.?|enero|gennaio|janeiro|jänner)\s+(?:de\s+)?(\d{4}))\b",
    )
    .expect("valid regex")
});

/// Whether the page writes 1 January of `year` as a day.
fn shows_new_year(html: &str, year: i32) -> bool {
    let year = year.to_string();
    NEW_YEARS_DAY.captures_iter(html).any(|c| {
        c.iter()
            .skip(1)
            .flatten()
            .any(|m| m.as_str() == year.as_str())
    })
}

/// A `<time datetime>` that gives the local day of `chosen`, a UTC instant ("…T03:37:37Z",
/// "+00:00") that news sites write in metas and JSON-LD while the page shows its own day:
/// a `<time>` for the same instant with the site's offset ("2022-05-03T23:37:37-04:00"), or
/// the page's first `<time>` giving only the day before or after the UTC day, as far as a
/// time zone can move it ("3 de mayo de 2022" for "2022-05-04T00:53:29Z").
fn local_time_tag(html: &str, chosen: &str) -> Option<String> {
    use crate::dates::{DatePrecision, parse_publication_date};
    use chrono::Timelike;
    let utc = parse_publication_date(chosen)?;
    let time = utc.time?;
    if utc.utc_offset_minutes != Some(0) {
        return None;
    }
    for (i, c) in TIME_TAG.captures_iter(html).take(20).enumerate() {
        let Some(local) = parse_publication_date(&c[1]) else {
            continue;
        };
        let same_instant = local.time.is_some()
            && local.utc_offset_minutes.is_some_and(|o| o != 0)
            && (local.utc_micros() - utc.utc_micros()).abs() <= 60_000_000;
        let hours = time.hour();
        let shown_day = i == 0
            && local.precision == DatePrecision::Day
            && ((local.date.succ_opt() == Some(utc.date) && hours < 14)
                || (local.date.pred_opt() == Some(utc.date) && hours >= 10));
        if same_instant || shown_day {
            return Some(c[1].to_owned());
        }
    }
    None
}

/// Meta names that hold the article's author (the extractor's list, plus a few seen on
/// news sites: `articleauthor`, `cxenseparse:author`).
const AUTHOR_METAS: [&str; 22] = [
    "author",
    "article:author",
    "articleauthor",
    "article_author",
    "og:article:author",
    "og:author",
    "cxenseparse:author",
    "parsely-author",
    "sailthru.author",
    "byl",
    "authors",
    "atc-metaauthor",
    "citation_author",
    "creator",
    "dc.creator",
    "dc.creator.aut",
    "dc:creator",
    "dcterms.creator",
    "dcterms.creator.aut",
    "dcsext.author",
    "rbauthors",
    "shareaholic:article_author_name",
];

/// The authors, from the most explicit source that names someone other than the site
/// (`og:site_name`, the JSON-LD publisher):
/// the article's JSON-LD `author` (organisations such as "dpa" kept), then the author metas
/// (read verbatim: "Miguel A. Herguedas" keeps its period), then the extractor's byline.
/// A JSON-LD author that is only the publisher gives way to a meta or byline name.
fn choose_authors(
    page: &Page<'_>,
    tags: &[(String, String)],
    ld: Option<&super::jsonld::JsonLdArticle>,
    ld_blocks: &[serde_json::Value],
    byline: &str,
) -> Vec<String> {
    use super::authors::{is_site_name, split_names, without_site_names};
    let mut sites: Vec<String> = Vec::new();
    sites.extend(meta(tags, &["og:site_name"]).map(str::to_owned));
    sites.extend(ld.and_then(|a| a.publisher.clone()));
    let mut from_metas: Vec<String> = Vec::new();
    for key in AUTHOR_METAS {
        for (_, value) in tags.iter().filter(|(k, _)| k == key) {
            for name in split_names(&fragment_text(value)) {
                if !from_metas.contains(&name) {
                    from_metas.push(name);
                }
            }
        }
    }
    let from_metas = without_site_names(from_metas, &sites);
    let foreign = super::jsonld::foreign_authors_in(ld_blocks);
    let from_byline: Vec<String> = byline
        .split(';')
        .flat_map(split_names)
        .filter(|n| !foreign.contains(n))
        .collect();
    let from_byline = without_site_names(from_byline, &sites);
    let ld_authors = ld.map(|a| a.authors.clone()).unwrap_or_default();
    let metas_name_someone =
        !from_metas.is_empty() && !from_metas.iter().all(|n| is_site_name(n, &sites));
    let shown_byline = || without_site_names(visible_byline(page), &sites);
    // "Mdr De", the extractor's byline from the meta "mdr.de", is that site name again.
    let key = |n: &str| -> String {
        n.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let a_meta_name = |n: &String| from_metas.iter().any(|m| key(m) == key(n));
    if !ld_authors.is_empty() {
        let only_publisher = ld_authors.iter().all(|n| is_site_name(n, &sites));
        if !only_publisher {
            return ld_authors;
        }
        if metas_name_someone {
            return from_metas;
        }
        // The extractor's byline, when it is a full name: initials such as "amw" are less
        // than the site's own name.
        let full_name =
            |n: &String| n.contains(' ') || n.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
        if from_byline
            .iter()
            .any(|n| !is_site_name(n, &sites) && !a_meta_name(n) && full_name(n))
        {
            return from_byline;
        }
        let shown = shown_byline();
        return if !shown.is_empty() {
            shown
        } else if !from_metas.is_empty() {
            from_metas
        } else {
            ld_authors
        };
    }
    if metas_name_someone {
        return from_metas;
    }
    if !from_byline.is_empty()
        && !from_byline
            .iter()
            .all(|n| is_site_name(n, &sites) || a_meta_name(n))
    {
        return from_byline;
    }
    // No one named in the head: the byline shown in the page.
    let shown = shown_byline();
    if !shown.is_empty() {
        return shown;
    }
    if from_metas.is_empty() {
        from_byline
    } else {
        from_metas
    }
}

/// "By Jane Doe", "Von: Jane Doe", "Autoren Jane Doe und John Roe": a byline label and
/// what follows it.
static BY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i:von|by|par|por|door|autor|autorin|autoren|author|authors)(?:\s*:\s*|\s+)(.+)$",
    )
    .expect("valid regex")
});
/// A name as a byline writes it: capitalised words, with lowercase particles between.
static BYLINE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\p{Lu}[\p{L}.'’-]+(?:\s+(?:(?:von|van|de|del|der|den|da|di|du|le|la|zu)\s+)?\p{Lu}[\p{L}.'’-]+){1,3}$",
    )
    .expect("valid regex")
});

/// Elements whose dates and names are not the article's: scripts, navigation, footers,
/// comment threads.
fn outside_article(node: ego_tree::NodeRef<'_, scraper::Node>) -> bool {
    node.ancestors().any(|a| match a.value() {
        scraper::Node::Element(el) => {
            matches!(
                el.name(),
                "script" | "style" | "noscript" | "template" | "nav" | "footer" | "form" | "button"
            ) || is_comment_box(el)
        }
        _ => false,
    })
}

/// Whether `name` looks like a person's name: two to five words, the first and last
/// capitalised.
fn person_like(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && [words[0], words[words.len() - 1]]
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || ".'’-".contains(c))
}

/// A person's name as bylines write it: two to four capitalised words, name particles
/// ("von", "de") between them.
fn byline_name(name: &str) -> bool {
    person_like(name) && BYLINE_NAME.is_match(name)
}

/// The byline shown in the page body, for pages whose metas and JSON-LD name no one: the
/// first `rel=author` or `itemprop=author` element, else the first short line that is "By
/// Jane Doe", "von Jane Doe", "Autor: Jane Doe" (a block of its own, not a sentence).
/// Navigation, footers and comment threads are not read.
fn visible_byline(page: &Page<'_>) -> Vec<String> {
    let doc = page.dom();
    let names = |el: scraper::ElementRef<'_>| -> Vec<String> {
        let text = crate::textnorm::clean_line(&el.text().collect::<String>());
        if text.chars().count() > 80 {
            return Vec::new();
        }
        super::authors::split_names(&text)
            .into_iter()
            .filter(|n| person_like(n))
            .collect()
    };
    if let Ok(sel) = scraper::Selector::parse(r#"[rel~="author"], [itemprop~="author"]"#) {
        for el in doc.select(&sel) {
            if outside_article(*el) {
                continue;
            }
            let found = names(el);
            if !found.is_empty() {
                return found;
            }
        }
    }
    // Then an element whose class says author or byline ("field--name-author"), when it
    // holds names and nothing else, and no other such element names someone else: several
    // are a list of people (related articles, a team), not this article's byline.
    if let Ok(sel) = scraper::Selector::parse(r#"[class*="author"], [class*="byline"]"#) {
        let mut lists: Vec<Vec<String>> = Vec::new();
        for el in doc.select(&sel) {
            if outside_article(*el) {
                continue;
            }
            // Text nodes apart: "Jane Doe" and a "View More Articles" link are not one name.
            let text = el
                .text()
                .map(crate::textnorm::clean_line)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if text.chars().count() > 80 {
                continue;
            }
            let found = super::authors::split_names(&text);
            if !found.is_empty() && found.iter().all(|n| byline_name(n)) && !lists.contains(&found)
            {
                lists.push(found);
            }
        }
        if lists.len() == 1 {
            return lists.remove(0);
        }
    }
    let Ok(blocks) = scraper::Selector::parse("p, div, span, em, i, b, strong, small, address, a")
    else {
        return Vec::new();
    };
    for el in doc.select(&blocks) {
        let text = crate::textnorm::clean_line(&el.text().collect::<String>());
        if text.chars().count() > 60 || outside_article(*el) {
            continue;
        }
        if let Some(c) = BY_LINE.captures(&text) {
            let names = super::authors::split_names(&c[1]);
            if !names.is_empty() && names.iter().all(|n| byline_name(n)) {
                return names;
            }
        }
    }
    Vec::new()
}

/// A precision-mode text at least this long (in characters) is taken as it is.
const PRECISE_ENOUGH_CHARS: usize = 3500;

/// A shorter precision-mode text is kept when it has at least this share of the balanced
/// mode's text; below it, precision mode has picked a fragment (a lead, one box) of the page.
const MIN_SHARE_OF_BALANCED: f64 = 0.3;

/// The main text, in the extractor's precision mode (which drops link-dense teasers, cookie
/// dialogs, "Advert" labels and category lists that balanced mode keeps) unless that mode
/// lost the article: when its text is short, and either has no prose or is under
/// `MIN_SHARE_OF_BALANCED` of the balanced mode's text, the balanced result is used.
fn extract_main(
    html: &str,
    opts: &trafilatura::Options,
) -> Result<trafilatura::ExtractResult, trafilatura::TrafilaturaError> {
    let mut precise_opts = opts.clone();
    precise_opts.focus = trafilatura::ExtractionFocus::FavorPrecision;
    // Parsed once: the balanced run, when needed, works on a copy of the tree (copying it
    // is cheaper than parsing the page again).
    let doc = trafilatura::dom::Document::parse(html);
    let spare = doc.clone_document();
    let precise = trafilatura::extract_document(doc, &precise_opts);
    let precise_len = precise
        .as_ref()
        .map_or(0, |r| r.content_text.chars().count());
    if precise_len >= PRECISE_ENOUGH_CHARS {
        return precise;
    }
    let balanced = match trafilatura::extract_document(spare, opts) {
        Ok(b) => b,
        Err(e) => return precise.map_err(|_| e),
    };
    let balanced_len = balanced.content_text.chars().count();
    match precise {
        Ok(p)
            if keeps_precise(precise_len, balanced_len, || {
                let blocks = block_texts(&p.content_html);
                has_prose(&blocks.iter().map(String::as_str).collect::<Vec<_>>())
            }) =>
        {
            Ok(p)
        }
        _ => Ok(balanced),
    }
}

/// Whether a precision-mode text of `precise_len` characters stands against a balanced one
/// of `balanced_len`: long enough, a fair share of the balanced text, and some prose.
fn keeps_precise(
    precise_len: usize,
    balanced_len: usize,
    has_prose: impl FnOnce() -> bool,
) -> bool {
    precise_len >= PRECISE_ENOUGH_CHARS
        || precise_len as f64 >= MIN_SHARE_OF_BALANCED * balanced_len as f64 && has_prose()
}

/// A page and, built on first use, its DOM for the metadata readers that need the visible
/// page (the headline's date line, the shown byline): at most one parse per page for them.
struct Page<'a> {
    html: &'a str,
    dom: std::cell::OnceCell<scraper::Html>,
}

impl<'a> Page<'a> {
    fn new(html: &'a str) -> Self {
        Page {
            html,
            dom: std::cell::OnceCell::new(),
        }
    }

    fn dom(&self) -> &scraper::Html {
        self.dom
            .get_or_init(|| scraper::Html::parse_document(self.html))
    }
}

/// Which main-text extractor reads HTML pages.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum HtmlExtractor {
    /// The `trafilatura` crate (precision mode, balanced mode when that loses the article).
    #[default]
    Trafilatura,
    /// newsprint's own extractor (`html_native`): a tokenizer, a light tree and
    /// readability-style scoring; many times faster.
    Native,
}

/// What the extractor reads beside the text, for the fields our own readers leave empty.
#[derive(Debug, Default)]
struct Fallbacks {
    title: String,
    author: String,
    url: String,
    sitename: String,
    description: String,
    image: String,
    language: String,
    tags: Vec<String>,
    date: Option<chrono::NaiveDate>,
}

impl Fallbacks {
    fn from_trafilatura(md: trafilatura::Metadata) -> Self {
        Fallbacks {
            title: md.title,
            author: md.author,
            url: md.url,
            sitename: md.sitename,
            description: md.description,
            image: md.image,
            language: md.language,
            tags: md.tags,
            date: md.date,
        }
    }
}

/// A meta's content with its character references decoded (only parsed when it has some).
fn meta_text(value: &str) -> String {
    if value.contains('&') || value.contains('<') {
        fragment_text(value)
    } else {
        crate::textnorm::clean_line(value)
    }
}

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
        .expect("valid regex")
});

/// The day in a URL such as `/2024/03/05/` or `/20240305-`.
fn url_date(url: &str) -> Option<chrono::NaiveDate> {
    let c = URL_DATE.captures(url)?;
    chrono::NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

static BYLINE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:by|von|par|por|door|di|av|af|autor|autorin|author|text)\s*:?\s+")
        .expect("valid regex")
});

/// Publication metas that `choose_published` does not read itself, for a day when none of
/// those it reads is there.
const MORE_DATE_METAS: [&str; 9] = [
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "published-date",
    "publish-date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "og:pubdate",
];

/// The native path's stand-ins for the crate's metadata, read from the head's metas, the
/// JSON-LD article and what the tokenizer saw (`<html lang>`, the canonical link, author
/// boxes).
fn native_fallbacks(
    html: &str,
    tags: &[(String, String)],
    ld: Option<&super::jsonld::JsonLdArticle>,
    facts: super::html_native::PageFacts,
) -> Fallbacks {
    let text_of = |keys: &[&str]| meta(tags, keys).map(meta_text).unwrap_or_default();
    let mut author: Vec<String> = Vec::new();
    for key in AUTHOR_METAS {
        for (_, value) in tags.iter().filter(|(k, _)| k == key) {
            let v = meta_text(value);
            // An address is where to write, not a name.
            if !v.is_empty() && !v.contains('@') && !author.contains(&v) {
                author.push(v);
            }
        }
    }
    if author.is_empty() {
        author.extend(ld.map(|a| a.authors.clone()).unwrap_or_default());
    }
    // Share-card label pairs (`twitter:label1` "Written by", `twitter:data1` the name, or
    // `twitter:misc:Written by`), as SEO plugins write them.
    if author.is_empty()
        && let Some(name) = meta(tags, &["twitter:misc:written by"])
    {
        author.push(meta_text(name));
    }
    for n in 1..=4 {
        let label = meta(tags, &[format!("twitter:label{n}").as_str()]).unwrap_or_default();
        let label = label.to_lowercase();
        if author.is_empty()
            && [
                "written by",
                "geschrieben von",
                "verfasst von",
                "écrit par",
                "escrito por",
            ]
            .iter()
            .any(|l| label.contains(l))
            && let Some(name) = meta(tags, &[format!("twitter:data{n}").as_str()])
        {
            author.push(meta_text(name));
        }
    }
    if author.is_empty() {
        // An author box's text without its "By"/"Von:" and without addresses and links,
        // which such boxes also hold.
        let line = facts
            .bylines
            .iter()
            .map(|b| BYLINE_PREFIX.replace(b.trim(), "").trim().to_owned())
            .find(|b| {
                let words = b.split_whitespace().count();
                (1..=12).contains(&words)
                    && !b.contains('@')
                    && !b.contains("http")
                    && !b.contains("www.")
                    && b.chars().any(char::is_alphabetic)
            });
        author.extend(line);
    }
    let url = facts
        .canonical
        .clone()
        .filter(|u| u.starts_with("http"))
        .unwrap_or_else(|| {
            meta(tags, &["og:url", "twitter:url"])
                .unwrap_or_default()
                .to_owned()
        });
    let mut keywords: Vec<String> = tags
        .iter()
        .filter(|(k, _)| k == "article:tag")
        .map(|(_, v)| meta_text(v))
        .collect();
    if keywords.is_empty()
        && let Some(list) = meta(tags, &["news_keywords", "keywords"])
    {
        keywords = meta_text(list)
            .split(',')
            .map(|k| k.trim().to_owned())
            .filter(|k| !k.is_empty())
            .collect();
    }
    // As the crate's date search (htmldate's): the URL, more metas, then the page's last
    // modification, then a date written in the text.
    let day = |v: &str| crate::dates::parse_publication_date(v).map(|d| d.date);
    let date = url_date(&url)
        .or_else(|| meta(tags, &MORE_DATE_METAS).and_then(day))
        .or_else(|| {
            meta(
                tags,
                &[
                    "article:modified_time",
                    "og:updated_time",
                    "datemodified",
                    "dateupdate",
                    "last-modified",
                    "lastmod",
                    "dc.date.modified",
                    "dcterms.modified",
                    "revised",
                ],
            )
            .and_then(day)
        })
        .or_else(|| ld.and_then(|a| a.date_modified.as_deref()).and_then(day))
        .or(facts.text_date);
    let title = TITLE_TAG
        .captures(html)
        .map(|c| fragment_text(&c[1]))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| text_of(&["og:title", "twitter:title"]));
    Fallbacks {
        title,
        author: author.join("; "),
        url,
        sitename: meta(tags, &["og:site_name", "application-name"])
            .map(meta_text)
            .or_else(|| ld.and_then(|a| a.publisher.clone()))
            .unwrap_or_default(),
        description: text_of(&["og:description", "description", "twitter:description"]),
        image: meta(
            tags,
            &[
                "og:image",
                "og:image:url",
                "twitter:image",
                "twitter:image:src",
            ],
        )
        .unwrap_or_default()
        .to_owned(),
        language: facts
            .lang
            .clone()
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| {
                text_of(&["og:locale", "content-language", "dc.language", "language"])
            }),
        tags: keywords,
        date,
    }
}

pub fn parse(html: &str, rec: &mut ParsedRecord, extractor: HtmlExtractor) -> Result<(), Refusal> {
    super::html_budget::check(html.as_bytes())
        .map_err(|over| Refusal::new("too_large", over.to_string()))?;
    let ld_blocks = super::jsonld::blocks(html);
    let (mut paragraphs, md, tags, ld, extractor_name) = match extractor {
        HtmlExtractor::Trafilatura => {
            let mut opts = trafilatura::Options::default();
            opts.enable_fallback = true;
            opts.exclude_comments = true;
            // No `max_tree_size`: the crate checks it only on the extracted text, after the
            // work; the budget above is what bounds the work.
            let result = extract_main(html, &opts)
                .map_err(|e| Refusal::new("no_main_text", e.to_string()))?;
            let paragraphs = block_texts(&result.content_html);
            let md = Fallbacks::from_trafilatura(result.metadata);
            let tags = meta_tags(html);
            let ld = super::jsonld::article_in(&ld_blocks);
            (paragraphs, md, tags, ld, EXTRACTOR)
        }
        HtmlExtractor::Native => {
            let (paragraphs, facts) = super::html_native::extract(html);
            let tags = meta_tags(html);
            let ld = super::jsonld::article_in(&ld_blocks);
            let md = native_fallbacks(html, &tags, ld.as_ref(), facts);
            (paragraphs, md, tags, ld, super::html_native::EXTRACTOR)
        }
    };
    let title = choose_title(html, &tags, ld.as_ref()).or_else(|| non_empty(&md.title));
    match extractor {
        HtmlExtractor::Trafilatura => drop_repeated_headline(&mut paragraphs, &md.title),
        // The crate's title is the headline it found in the page; ours is the chosen one.
        HtmlExtractor::Native => {
            drop_repeated_headline(&mut paragraphs, title.as_deref().unwrap_or(&md.title))
        }
    }
    let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    if !has_prose(&paragraphs) {
        return Err(Refusal::new(
            "no_main_text",
            "no article text in the page (menus and notices only)",
        ));
    }
    rec.body = paragraphs.join("\n\n");
    rec.body_markup = BodyMarkup::Plain;
    rec.extractor = Some(extractor_name.to_owned());

    rec.title = title;
    rec.byline_raw = non_empty(&md.author);
    rec.canonical_url = non_empty(&md.url);
    rec.url = rec.canonical_url.clone();
    rec.site_name = non_empty(&md.sitename);
    let page = Page::new(html);
    rec.authors = choose_authors(&page, &tags, ld.as_ref(), &ld_blocks, &md.author);
    rec.description = non_empty(&md.description);
    rec.image_url = non_empty(&md.image);
    rec.language_hint = non_empty(&md.language);
    rec.tags = md.tags.iter().filter_map(|t| non_empty(t)).collect();
    rec.section = meta(&tags, &["article:section", "og:article:section"])
        .map(fragment_text)
        .and_then(|s| non_empty(&s))
        .or_else(|| ld.as_ref().and_then(|a| a.section.clone()));

    let (published, source) = choose_published(
        &page,
        &tags,
        ld.as_ref(),
        md.date,
        rec.url.as_deref(),
        rec.title.as_deref(),
    );
    rec.published_raw = published;
    rec.published_source = source.map(str::to_owned);
    rec.modified_raw = meta(
        &tags,
        &["article:modified_time", "og:updated_time", "datemodified"],
    )
    .map(str::to_owned)
    .or_else(|| ld.as_ref().and_then(|a| a.date_modified.clone()))
    .or_else(|| jsonld_date(html, "dateModified"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harbour wall repaired | Gull Gazette</title>
<meta property="og:title" content="Harbour wall repaired after winter storms">
<meta property="og:site_name" content="Gull Gazette">
<meta property="article:published_time" content="2025-03-04T09:30:00+01:00">
<meta name="author" content="Ines Okafor">
<link rel="canonical" href="https://gull-gazette.example/news/harbour-wall">
</head><body><nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour wall repaired after winter storms</h1>
<p>Engineers finished repairs to the north harbour wall on Monday, three months after storms tore a twelve-metre gap in the stonework and flooded the fish market.</p>
<p>The council said the work cost less than feared because volunteers from the rowing club moved the fallen stones before the spring tides could scatter them.</p>
<p>Fishermen, who had landed their catches at a neighbouring port since December, will return to the market next week, the harbour master said.</p>
</article><footer>Copyright Gull Gazette. We use cookies.</footer></body></html>"#;

    #[test]
    fn ordinary_page_gives_body_and_metadata() {
        let mut rec =
            crate::stages::parse::empty_record("x", "p.html", 0, crate::model::SourceFormat::Html);
        parse(PAGE, &mut rec, HtmlExtractor::Trafilatura).unwrap();
        assert!(
            rec.body.starts_with("Engineers finished repairs"),
            "{}",
            rec.body
        );
        assert_eq!(rec.body.split("\n\n").count(), 3, "{}", rec.body);
        assert!(rec.body.contains("\n\nThe council said"));
        assert!(!rec.body.contains("Copyright"));
        assert!(!rec.body.contains("Sport"));
        assert_eq!(rec.site_name.as_deref(), Some("Gull Gazette"));
        assert_eq!(
            rec.published_raw.as_deref(),
            Some("2025-03-04T09:30:00+01:00")
        );
        assert_eq!(rec.authors, vec!["Ines Okafor".to_owned()]);
        assert_eq!(
            rec.url.as_deref(),
            Some("https://gull-gazette.example/news/harbour-wall")
        );
        assert!(
            rec.title
                .as_deref()
                .unwrap()
                .starts_with("Harbour wall repaired")
        );
    }

    #[test]
    fn page_without_text_is_refused() {
        let mut rec =
            crate::stages::parse::empty_record("x", "p.html", 0, crate::model::SourceFormat::Html);
        let err = parse(
            "<html><head><script>x()</script></head><body><nav>Home</nav></body></html>",
            &mut rec,
            HtmlExtractor::Trafilatura,
        )
        .unwrap_err();
        assert_eq!(err.reason, "no_main_text");
        let menus_only = "<html><body><nav><ul><li><a href=/>Home</a></li><li><a href=/news>News</a></li></ul></nav>\
            <noscript>Please enable JavaScript to view this page.</noscript></body></html>";
        assert_eq!(
            parse(menus_only, &mut rec, HtmlExtractor::Trafilatura)
                .unwrap_err()
                .reason,
            "no_main_text"
        );
    }

    #[test]
    fn prose_without_spaces_counts_as_text() {
        let japanese = "先日、不正に改造した端末を販売したとして、二十代の男性が逮捕されたというニュースを耳にしました。報道によると、今回販売されたのは改造された端末です。警察は販売の経緯や仕入れ先について詳しく調べています。男性は容疑を認めているということです。";
        assert!(has_prose(&[japanese]));
        assert!(!has_prose(&[
            "Home",
            "News",
            "Sport",
            "Please enable JavaScript to view this page."
        ]));
    }

    #[test]
    fn title_prefers_the_article_headline_over_share_titles() {
        let tags = vec![(
            "og:title".to_owned(),
            "Harbour wall fixed! | Gull Gazette".to_owned(),
        )];
        let page = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall repaired after \"winter\" storms &amp; floods"}</script><h1>Other</h1>"#;
        assert_eq!(
            choose_title(page, &tags, None).as_deref(),
            Some("Harbour wall repaired after \"winter\" storms & floods")
        );
        let page = "<h1 class=\"headline\">Harbour <em>wall</em> repaired</h1>";
        assert_eq!(
            choose_title(page, &tags, None).as_deref(),
            Some("Harbour wall repaired")
        );
        assert_eq!(
            choose_title("<h1>Logo</h1>", &tags, None).as_deref(),
            Some("Harbour wall fixed!")
        );
        assert_eq!(
            strip_site_suffix("Budget approved - The Daily Lantern"),
            "Budget approved"
        );
        assert_eq!(
            strip_site_suffix("Left - right debate"),
            "Left - right debate"
        );
    }

    /// A page with `head` in its head and three paragraphs of body, parsed.
    fn parse_with_head(head: &str, before_body: &str) -> ParsedRecord {
        let page = format!(
            "<!DOCTYPE html><html><head>{head}</head><body>{before_body}<article>\
             <p>Engineers finished repairs to the north harbour wall on Monday, three months after storms tore a gap in the stonework.</p>\
             <p>The council said the work cost less than feared because volunteers moved the fallen stones before the spring tides.</p>\
             <p>Fishermen will return to the market next week, the harbour master said on Tuesday afternoon.</p></article></body></html>"
        );
        let mut rec =
            crate::stages::parse::empty_record("x", "p.html", 0, crate::model::SourceFormat::Html);
        parse(&page, &mut rec, HtmlExtractor::Trafilatura).unwrap();
        rec
    }

    const LD_PUBLISHER_AS_AUTHOR: &str = r#"<meta property="og:site_name" content="gazette.example">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall repaired",
"author":{"@type":"Organization","name":"Gazette"},"publisher":{"@type":"Organization","name":"Gazette"}}</script>"#;

    #[test]
    fn publisher_as_jsonld_author_gives_way_to_meta_author() {
        let head = format!(
            "{LD_PUBLISHER_AS_AUTHOR}<meta name=\"articleAuthor\" content=\"Harbour News Agency\">"
        );
        let rec = parse_with_head(&head, "");
        assert_eq!(rec.authors, ["Harbour News Agency"]);
    }

    #[test]
    fn publisher_as_jsonld_author_is_kept_without_a_better_name() {
        let rec = parse_with_head(LD_PUBLISHER_AS_AUTHOR, "");
        assert_eq!(rec.authors, ["Gazette"]);
    }

    #[test]
    fn person_in_jsonld_author_wins_over_metas() {
        let head = r#"<script type="application/ld+json">{"@type":"NewsArticle",
"author":[{"@type":"Person","name":"Miguel A. Herguedas"},{"@type":"Organization","name":"dpa"}]}</script>
<meta name="author" content="Someone Else">"#;
        assert_eq!(
            parse_with_head(head, "").authors,
            ["Miguel A. Herguedas", "dpa"]
        );
    }

    #[test]
    fn meta_author_keeps_periods_and_drops_site_name() {
        let head = r#"<meta property="og:site_name" content="Gazette">
<meta name="author" content="Gazette"><meta name="author" content="Jane Q. Public 기자">"#;
        assert_eq!(parse_with_head(head, "").authors, ["Jane Q. Public"]);
    }

    #[test]
    fn author_of_a_fact_checked_claim_is_not_the_byline() {
        let head = r#"<script type="application/ld+json">{"@type":"ClaimReview","datePublished":"2026-05-13",
"itemReviewed":{"@type":"Claim","author":{"@type":"Person","name":"Claimant Person"},"datePublished":"2026-05-07"}}</script>"#;
        let rec = parse_with_head(head, "");
        assert!(
            !rec.authors.iter().any(|a| a.contains("Claimant")),
            "{:?}",
            rec.authors
        );
        assert_eq!(rec.published_raw.as_deref(), Some("2026-05-13"));
        assert_eq!(rec.published_source.as_deref(), Some("json-ld"));
    }

    #[test]
    fn date_of_the_article_object_not_of_an_embedded_image() {
        let head = r#"<script type="application/ld+json">{"@type":"ReportageNewsArticle",
"image":{"@type":"ImageObject","datePublished":"2024-08-07T20:16Z"},"datePublished":"2024-08-08T08:00Z"}</script>"#;
        let rec = parse_with_head(head, "");
        assert_eq!(rec.published_raw.as_deref(), Some("2024-08-08T08:00Z"));
    }

    #[test]
    fn published_source_names_the_field_used() {
        let meta = parse_with_head(
            r#"<meta property="article:published_time" content="2025-03-04T09:30:00+01:00">"#,
            "",
        );
        assert_eq!(meta.published_source.as_deref(), Some("meta"));
        let time = parse_with_head("", r#"<time datetime="2025-03-04">4 March</time>"#);
        assert_eq!(time.published_raw.as_deref(), Some("2025-03-04"));
        assert_eq!(time.published_source.as_deref(), Some("time"));
        let none = parse_with_head("", "");
        assert_eq!(none.published_raw, None);
        assert_eq!(none.published_source, None);
    }

    #[test]
    fn utc_meta_instant_gives_way_to_the_local_time_tag_of_the_same_instant() {
        let rec = parse_with_head(
            r#"<meta property="article:published_time" content="2022-05-04T03:37:37+00:00">"#,
            r#"<time datetime="2022-05-03T23:37:37-04:00">May 3</time>"#,
        );
        assert_eq!(
            rec.published_raw.as_deref(),
            Some("2022-05-03T23:37:37-04:00")
        );
        assert_eq!(rec.published_source.as_deref(), Some("time"));
    }

    #[test]
    fn utc_meta_instant_after_midnight_takes_the_day_the_page_shows() {
        let rec = parse_with_head(
            r#"<meta property="article:published_time" content="2022-05-04T00:53:29Z">"#,
            r#"<time datetime="3 de mayo de 2022">3 de mayo de 2022</time>"#,
        );
        assert_eq!(rec.published_raw.as_deref(), Some("3 de mayo de 2022"));
        // A day two days off is another story's date, and a local meta instant stays.
        let other = parse_with_head(
            r#"<meta property="article:published_time" content="2022-05-04T00:53:29Z">"#,
            r#"<time datetime="2022-05-01">1 May</time>"#,
        );
        assert_eq!(other.published_raw.as_deref(), Some("2022-05-04T00:53:29Z"));
        let local = parse_with_head(
            r#"<meta property="article:published_time" content="2022-05-04T00:53:29+02:00">"#,
            r#"<time datetime="2022-05-03">3 May</time>"#,
        );
        assert_eq!(local.published_source.as_deref(), Some("meta"));
    }

    #[test]
    fn byline_line_in_the_body_when_the_head_names_no_one() {
        let rec = parse_with_head(
            "",
            "<h1>Harbour wall repaired</h1><p><i>von Ines Okafor</i></p>",
        );
        assert_eq!(rec.authors, vec!["Ines Okafor".to_owned()]);
        let rec = parse_with_head(
            "",
            r#"<h1>Harbour wall repaired</h1><span class="writer">Por: Juan Diego Ruiz</span>"#,
        );
        assert_eq!(rec.authors, vec!["Juan Diego Ruiz".to_owned()]);
    }

    #[test]
    fn placeholder_date_in_json_ld_gives_way_to_the_next_source() {
        let rec = parse_with_head(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall repaired","datePublished":"0001-01-01T00:00:00Z"}</script>
<meta name="date" content="2019-11-19">"#,
            "<h1>Harbour wall repaired</h1>",
        );
        assert_eq!(rec.published_raw.as_deref(), Some("2019-11-19"));
        assert!(is_placeholder_date("1970-01-01T00:00:00Z"));
        assert!(!is_placeholder_date("1970-01-01T09:30:00+01:00"));
        assert!(!is_placeholder_date("1851-09-18"));
    }

    #[test]
    fn new_year_is_a_day_only_when_the_page_writes_it() {
        assert!(shows_new_year("<p>Posted 01.01.2018</p>", 2018));
        assert!(shows_new_year("<p>January 1, 2018</p>", 2018));
        assert!(shows_new_year("<p>1. Januar 2018</p>", 2018));
        assert!(!shows_new_year("<p>© 2018 Gazette</p>", 2018));
        assert!(!shows_new_year("<p>January 12, 2018</p>", 2018));
    }

    #[test]
    fn byline_naming_two_authors_gives_both() {
        let rec = parse_with_head(
            "",
            "<h1>Harbour wall repaired</h1><p>Autoren Ines Okafor und Juan Diego Ruiz</p>",
        );
        assert_eq!(rec.authors, ["Ines Okafor", "Juan Diego Ruiz"]);
        // A label in a link with line breaks after it, as a footer-less page ends.
        let rec = parse_with_head(
            "",
            r#"<h1>Harbour wall repaired</h1><a href="/contact"><b>Von:</b><br><br>Ines Okafor</a>"#,
        );
        assert_eq!(rec.authors, ["Ines Okafor"]);
    }

    #[test]
    fn author_class_names_the_author_unless_it_lists_several_people() {
        let rec = parse_with_head(
            LD_PUBLISHER_AS_AUTHOR,
            r#"<h1>Harbour wall repaired</h1><h5 class="field--name-author">Ines Okafor</h5>"#,
        );
        assert_eq!(rec.authors, ["Ines Okafor"]);
        // Also when the author meta, too, names only the site.
        let rec = parse_with_head(
            &format!(r#"{LD_PUBLISHER_AS_AUTHOR}<meta name="author" content="Gazette">"#),
            r#"<h1>Harbour wall repaired</h1><h5 class="field--name-author">Ines Okafor</h5>"#,
        );
        assert_eq!(rec.authors, ["Ines Okafor"]);
        // Avatars of a team or of related articles' writers: not this article's byline.
        let page = r#"<h1>Harbour wall repaired</h1><h3 class="author-avatar">Ines Okafor</h3>
<h3 class="author-avatar">Juan Diego Ruiz</h3>"#;
        assert!(visible_byline(&Page::new(page)).is_empty());
        // A name with a link glued on is not a name.
        let page = r#"<div class="author-box"><b>Ines Okafor</b><a href="/io">View More Articles</a></div>"#;
        assert!(visible_byline(&Page::new(page)).is_empty());
    }

    #[test]
    fn rel_author_link_gives_the_author() {
        let rec = parse_with_head(
            "",
            r#"<h1>Harbour wall repaired</h1><p>Story: <a rel="author" href="/team/io">Ines Okafor</a></p>"#,
        );
        assert_eq!(rec.authors, vec!["Ines Okafor".to_owned()]);
    }

    #[test]
    fn search_buttons_sentences_and_footers_are_not_bylines() {
        let rec = parse_with_head(
            "",
            r#"<form><button><span>Text Delete</span></button></form>
<footer><p>By Gull Gazette Staff</p></footer><h1>Harbour wall repaired</h1>
<p>The wall was built by Thomas Telford in 1820.</p>"#,
        );
        assert!(rec.authors.is_empty(), "{:?}", rec.authors);
    }

    #[test]
    fn meta_author_that_is_the_site_is_not_replaced_by_its_mangled_byline() {
        let page = r#"<html><head><meta property="og:site_name" content="MDR"><meta name="author" content="mdr.de"></head><body></body></html>"#;
        let tags = meta_tags(page);
        assert_eq!(
            choose_authors(&Page::new(page), &tags, None, &[], "Mdr De"),
            vec!["mdr.de".to_owned()]
        );
        // The same when the JSON-LD author, too, is only the site.
        let page = r#"<html><head><meta property="og:site_name" content="sportschau.de"><meta name="author" content="sportschau.de">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Match report","author":{"@type":"Organization","name":"sportschau.de"}}</script></head><body></body></html>"#;
        let tags = meta_tags(page);
        let ld = super::super::jsonld::article(page);
        assert_eq!(
            choose_authors(&Page::new(page), &tags, ld.as_ref(), &[], "Sportschau De"),
            vec!["sportschau.de".to_owned()]
        );
    }

    #[test]
    fn logo_h1_is_not_the_headline() {
        let rec = parse_with_head(
            "<title>Harbour wall repaired l Gull Gazette</title>",
            r#"<h1 class="site"><a href="https://gull.example/service/index.htm?lang=e">Gull Gazette</a></h1>
<h1>Harbour wall repaired</h1>"#,
        );
        assert_eq!(rec.title.as_deref(), Some("Harbour wall repaired"));
        let rec = parse_with_head(
            "<title>Gull Gazette - Harbour wall repaired</title>",
            r#"<h1 id="brand-logo">Gull Gazette</h1><h1>Harbour wall repaired</h1>"#,
        );
        assert_eq!(rec.title.as_deref(), Some("Harbour wall repaired"));
    }

    #[test]
    fn date_line_under_the_headline_beats_teaser_and_comment_dates() {
        let page = r#"<html><body><h1 class="logo"><a href="/">Gull Gazette</a></h1>
<h1>Harbour wall repaired</h1><p class="meta">Written: 2025-03-04 09:30</p>
<p>Engineers finished repairs on the north harbour wall, which the council had promised for 12.01.2025 at the latest.</p>
<ul><li><h2><a href="/b">Ferry back</a></h2><p class="date">2025-03-06</p></li></ul>
<div class="comments"><span>2025-03-07 21:04</span></div></body></html>"#;
        assert_eq!(
            headline_date(&Page::new(page), Some("Harbour wall repaired")).as_deref(),
            Some("Written: 2025-03-04 09:30")
        );
    }

    #[test]
    fn date_inside_prose_or_comments_is_not_a_headline_date() {
        let page = r#"<html><body><h1>Harbour wall repaired</h1>
<p>Engineers finished repairs on the north harbour wall, which the council had promised for 12.01.2025 at the latest.</p>
<div id="comment-list"><span>07.03.2025</span></div></body></html>"#;
        assert_eq!(
            headline_date(&Page::new(page), Some("Harbour wall repaired")),
            None
        );
    }

    #[test]
    fn paragraph_that_opens_with_a_date_gives_the_day() {
        let page = r#"<html><body><h1>Harbour wall repaired</h1>
<p>29. November 2022 – Engineers finished repairs on the north harbour wall on Monday, three months after the storms.</p>
</body></html>"#;
        let date = headline_date(&Page::new(page), None).unwrap();
        assert_eq!(
            crate::dates::parse_publication_date(&date).unwrap().date,
            chrono::NaiveDate::from_ymd_opt(2022, 11, 29).unwrap()
        );
    }

    #[test]
    fn copyright_line_and_class_name_years_are_not_publication_dates() {
        for furniture in [
            "<footer><p>\u{a9} 1998 The Island Gazette. All rights reserved.</p></footer>",
            r#"<p>The formula sums the constituents: <span class="mjx-c2026"></span><span class="MJX-TEX mjx-c2026">…</span> each with its own speed.</p>"#,
        ] {
            let page = format!(
                "<html><head><title>Harbour wall repaired</title></head><body><article>\
                 <h1>Harbour wall repaired</h1>\
                 <p>The harbour wall that the storms broke in the winter has been repaired, the council said, and the ferry will sail again from the old quay.</p>\
                 <p>Workers spent six weeks on the wall, which protects the fishing boats and the ferry berth. The cost was shared between the council and the harbour trust.</p>\
                 {furniture}</article></body></html>"
            );
            let mut rec = crate::stages::parse::empty_record(
                "x",
                "p.html",
                0,
                crate::model::SourceFormat::Html,
            );
            parse(&page, &mut rec, HtmlExtractor::Trafilatura).unwrap();
            assert_eq!(
                (
                    rec.published_raw.as_deref(),
                    rec.published_source.as_deref()
                ),
                (None, None),
                "{furniture}"
            );
        }
    }

    #[test]
    fn headline_date_is_used_when_no_meta_has_one() {
        let rec = parse_with_head(
            "",
            r#"<h1>Harbour wall repaired</h1><p class="byline">Ines Okafor, 4 March 2025</p>"#,
        );
        assert_eq!(rec.published_source.as_deref(), Some("text"));
        assert_eq!(
            rec.published_raw.as_deref(),
            Some("Ines Okafor, 4 March 2025")
        );
    }

    #[test]
    fn section_from_article_section_meta_or_jsonld() {
        let meta = parse_with_head(
            r#"<meta property="article:section" content="Local news">"#,
            "",
        );
        assert_eq!(meta.section.as_deref(), Some("Local news"));
        let ld = parse_with_head(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","articleSection":["Sport","Rowing"]}</script>"#,
            "",
        );
        assert_eq!(ld.section.as_deref(), Some("Sport"));
        assert_eq!(parse_with_head("", "").section, None);
    }

    #[test]
    fn login_dialog_h1_is_not_the_title() {
        let tags = vec![(
            "og:title".to_owned(),
            "Harbour wall repaired after winter storms".to_owned(),
        )];
        let page =
            "<h1>Log In</h1><h1 class=\"headline\">Harbour wall repaired after winter storms</h1>";
        assert_eq!(
            choose_title(page, &tags, None).as_deref(),
            Some("Harbour wall repaired after winter storms")
        );
        // Without a matching `<h1>`, the first one still stands.
        let page = "<h1>Harbour wall fixed at last</h1>";
        assert_eq!(
            choose_title(page, &[], None).as_deref(),
            Some("Harbour wall fixed at last")
        );
    }

    /// Tag soup from pieces of markup we wrote (unclosed raw-text elements, stray end tags,
    /// NULs, broken entities, JSON-LD, CJK text), cut together by a fixed-seed generator:
    /// neither extractor may panic, and some of the soup still reads as an article.
    #[test]
    fn random_tag_soup_never_panics_either_extractor() {
        let pieces: &[&str] = &[
            "<p>",
            "</p>",
            "<div class=\"article\">",
            "</div>",
            "<h1>",
            "</h1>",
            "<a href=\"/\">",
            "</a>",
            "<script>",
            "</script>",
            "<style>",
            "</style>",
            "<svg>",
            "<title>",
            "</svg>",
            "<!--",
            "-->",
            "<table>",
            "<tr>",
            "<td>",
            "</td>",
            "</table>",
            "<li>",
            "<ul>",
            "</ul>",
            "<br>",
            "<aside>",
            "</aside>",
            "<article>",
            "</article>",
            "<textarea>",
            "<plaintext>",
            "<noscript>",
            "<![CDATA[",
            "<h2>",
            "</h2>",
            "<span>",
            "</span>",
            "<b>",
            "</b>",
            "<body>",
            "<html lang=\"de\">",
            "<meta property=\"og:title\" content=\"Harbour wall\">",
            "<time datetime=\"2024-01-01\">",
            "</time>",
            "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":[{\"name\":\"Ines Okafor\"}]}</script>",
            "Hello, world. ",
            "The council said on Tuesday that the harbour would reopen soon. ",
            "By Ines Okafor ",
            "é",
            "\u{0}",
            "&amp;",
            "&#x0;",
            "&#99999999;",
            "<",
            ">",
            "\"",
            "=",
            " ",
            "\n",
            "港の防波堤が修復された。",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut articles = 0;
        for i in 0..1500 {
            let len = (next() % 300) as usize;
            let soup: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            for extractor in [HtmlExtractor::Native, HtmlExtractor::Trafilatura] {
                if extractor == HtmlExtractor::Trafilatura && i % 25 != 0 {
                    continue;
                }
                let mut rec = crate::stages::parse::empty_record(
                    "id",
                    "soup.html",
                    0,
                    crate::model::SourceFormat::Html,
                );
                if parse(&soup, &mut rec, extractor).is_ok() {
                    articles += 1;
                }
            }
        }
        assert!(
            articles > 50,
            "only {articles} of the soups read as articles"
        );
    }

    /// The test page with `n` attributes written `data-aN="v"` in the `<article>` tag.
    fn page_with_attributes_in_one_tag(n: usize) -> String {
        let mut attributes = String::with_capacity(n * 16);
        for i in 0..n {
            attributes.push_str(&format!(" data-a{i}=\"v\""));
        }
        PAGE.replacen("<article>", &format!("<article{attributes}>"), 1)
    }

    #[test]
    fn tag_with_ten_thousand_to_a_million_attributes_is_a_reject_for_both_extractors() {
        for n in [10_000, 100_000, 1_000_000] {
            let page = page_with_attributes_in_one_tag(n);
            for extractor in [HtmlExtractor::Native, HtmlExtractor::Trafilatura] {
                let mut rec = crate::stages::parse::empty_record(
                    "id",
                    "attrs.html",
                    0,
                    crate::model::SourceFormat::Html,
                );
                let started = std::time::Instant::now();
                let refusal = parse(&page, &mut rec, extractor).unwrap_err();
                assert_eq!(refusal.reason, "too_large", "{n} {extractor:?}");
                assert!(
                    refusal.message.contains("attributes"),
                    "{}",
                    refusal.message
                );
                assert!(started.elapsed().as_secs() < 2, "{n} {extractor:?}");
            }
        }
    }

    #[test]
    fn fragment_with_a_million_attributes_has_no_text_and_costs_no_time() {
        let mut fragment = String::from("<div");
        for i in 0..1_000_000 {
            fragment.push_str(&format!(" data-a{i}=\"v\""));
        }
        fragment.push_str("><p>Item text.</p></div>");
        let started = std::time::Instant::now();
        assert_eq!(fragment_text(&fragment), "");
        assert!(block_texts(&fragment).is_empty());
        assert!(started.elapsed().as_secs() < 2);
        // Within the budget, the same fragment reads as before.
        let ordinary = "<div data-a=\"v\"><p>Item text.</p><p>More.</p></div>";
        assert!(fragment_text(ordinary).starts_with("Item text."));
        assert_eq!(block_texts(ordinary), ["Item text.", "More."]);
    }

    #[test]
    fn tag_at_the_attribute_budget_extracts_on_a_worker_thread_stack() {
        // The 2 MiB stack of a rayon worker, in a debug build (the largest frames): the
        // budget leaves html5gum's chained frames, one per quoted attribute, room to spare.
        let page =
            page_with_attributes_in_one_tag(super::super::html_budget::MAX_ATTRIBUTES_PER_TAG);
        for extractor in [HtmlExtractor::Native, HtmlExtractor::Trafilatura] {
            let page = page.clone();
            let body = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || {
                    let mut rec = crate::stages::parse::empty_record(
                        "id",
                        "attrs.html",
                        0,
                        crate::model::SourceFormat::Html,
                    );
                    parse(&page, &mut rec, extractor).map(|()| rec.body)
                })
                .unwrap()
                .join()
                .unwrap()
                .unwrap();
            assert!(body.starts_with("Engineers finished repairs"), "{body}");
        }
    }

    #[test]
    fn logo_h1_matching_only_the_title_tag_gives_way_to_the_headline_h1() {
        // The logo's text is the site name the `<title>` ends with; the headline `<h1>`
        // (Japanese, no spaces) is the share title.
        let headline = "港の防波堤、冬の嵐の後に修復完了";
        let tags = vec![("og:title".to_owned(), headline.to_owned())];
        let page = format!(
            "<title>{headline}　写真1枚　カモメ新聞 Online</title>\
             <a href=\"/top\"><h1 class=\"hide-text\">カモメ新聞 Online</h1></a>\
             <h1 class=\"title\">{headline}</h1>"
        );
        assert_eq!(choose_title(&page, &tags, None).as_deref(), Some(headline));
    }

    #[test]
    fn one_word_h1_is_not_a_headline_but_a_long_cjk_one_is() {
        assert!(!headline_sized("Sport"));
        assert!(headline_sized("Harbour wall"));
        assert!(!headline_sized("人民网"));
        assert!(headline_sized("港の防波堤が修復"));
    }

    #[test]
    fn jsonld_headline_suffix_shown_without_it_in_h1_is_dropped() {
        let page = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall repaired | Local"}</script>
<h1>Harbour wall repaired</h1>"#;
        let ld = super::super::jsonld::article(page);
        assert_eq!(
            choose_title(page, &[], ld.as_ref()).as_deref(),
            Some("Harbour wall repaired")
        );
        // A headline that only begins like the `<h1>` is another wording, and is kept.
        let page = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall repaired at last"}</script>
<h1>Harbour wall repaired</h1>"#;
        let ld = super::super::jsonld::article(page);
        assert_eq!(
            choose_title(page, &[], ld.as_ref()).as_deref(),
            Some("Harbour wall repaired at last")
        );
    }

    #[test]
    fn kicker_run_into_the_h1_is_dropped_when_the_share_title_is_the_rest() {
        let tags = vec![(
            "og:title".to_owned(),
            "Ferry keeps running through the winter".to_owned(),
        )];
        for h1 in [
            "Island transport Ferry keeps running through the winter",
            "1 February 2022 Ferry keeps running through the winter",
            "Headline: Ferry keeps running through the winter",
        ] {
            let page = format!("<h1>{h1}</h1>");
            assert_eq!(
                choose_title(&page, &tags, None).as_deref(),
                Some("Ferry keeps running through the winter"),
                "{h1}"
            );
        }
        let page = "<h1><span>Ferry keeps running through the winter</span><a href=\"/isles\">Isles Gazette</a></h1>";
        assert_eq!(
            choose_title(page, &tags, None).as_deref(),
            Some("Ferry keeps running through the winter")
        );
        // A trailing clause is the headline's own, and a compound's first part is no kicker.
        for h1 in [
            "Ferry keeps running through the winter - and the summer",
            "Night-Ferry keeps running through the winter",
        ] {
            let page = format!("<h1>{h1}</h1>");
            assert_eq!(choose_title(&page, &tags, None).as_deref(), Some(h1));
        }
    }

    #[test]
    fn teaser_links_between_paragraphs_are_not_body() {
        let teaser = "<p><a href=\"/other/story\"><strong>MAYOR OPENS THE NEW LIBRARY ON THE HILL ROAD</strong></a></p>";
        let rec = parse_with_head(
            "",
            &format!(
                "<article><p>{}</p>{teaser}<p>{}</p></article>",
                "The ferry will keep running through the winter, the council decided on Tuesday after a long debate about the cost of fuel and crews.",
                "Islanders had collected four thousand signatures against the plan to stop the service between November and March."
            ),
        );
        assert!(!rec.body.contains("MAYOR OPENS"), "{}", rec.body);
        assert!(
            rec.body.contains("The ferry will keep running"),
            "{}",
            rec.body
        );
    }

    #[test]
    fn short_precise_text_gives_way_to_a_much_longer_balanced_one() {
        assert!(keeps_precise(4000, 20_000, || false));
        assert!(keeps_precise(900, 2000, || true));
        assert!(!keeps_precise(900, 2000, || false));
        assert!(!keeps_precise(300, 2000, || true));
    }

    #[test]
    fn h1_scan_finds_what_the_h1_regex_finds() {
        let re = Regex::new(r"(?is)<h1(?:\s[^>]*)?>(.*?)</h1>").unwrap();
        for html in [
            "<H1 class='a'>One <b>x</b></h1 ><h1>Two</H1>",
            "<h1>Open <h1x>no</h1><h1\u{a0}id=z>nbsp</h1>",
            "<h10>not</h10><h1\n>\nlines\n</h1>",
            "<h1>never closed",
            "<h1 a=b>first</h1><h1>unclosed",
            "<script>var t = 1;</script><h1>after a script</h1>",
            "",
        ] {
            let by_regex: Vec<(&str, &str)> = re
                .captures_iter(html)
                .map(|c| (c.get(0).unwrap().as_str(), c.get(1).unwrap().as_str()))
                .collect();
            assert_eq!(h1_elements(html), by_regex, "{html}");
        }
    }

    #[test]
    fn h1_in_a_script_template_or_with_a_logo_style_is_not_the_headline() {
        let page = r#"<script type="text/template"><h1 class="Teaser"><%= element.value %></h1></script>
<h1><style>.alogo{display:block}</style> <a class="alogo" href="/">Gazette</a></h1>
<h1>Harbour wall repaired at last</h1>"#;
        assert_eq!(
            choose_title(page, &[], None).as_deref(),
            Some("Harbour wall repaired at last")
        );
        assert_eq!(
            fragment_text("<style>.a{b:c}</style>Gazette <script>x()</script>Online"),
            "Gazette Online"
        );
    }

    #[test]
    fn charset_is_read_from_meta() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"windows-1252\">").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
            )
            .as_deref(),
            Some("iso-8859-1")
        );
    }
}
