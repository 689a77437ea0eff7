//! What the extractor reads beside the text (title, byline, URL, site, language, keywords,
//! a day), for the fields our own readers leave empty: the crate's metadata, or the native
//! path's stand-ins for it.

use std::sync::LazyLock;

use regex::Regex;

use super::byline::AUTHOR_METAS;
use super::meta::{meta, meta_text};

/// What the extractor reads beside the text, for the fields our own readers leave empty.
#[derive(Debug, Default)]
pub(super) struct Fallbacks {
    pub(super) title: String,
    pub(super) author: String,
    pub(super) url: String,
    pub(super) sitename: String,
    pub(super) description: String,
    pub(super) image: String,
    pub(super) language: String,
    pub(super) tags: Vec<String>,
    pub(super) date: Option<chrono::NaiveDate>,
}

impl Fallbacks {
    pub(super) fn from_trafilatura(md: trafilatura::Metadata) -> Self {
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

static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_]|$)")
        .expect("valid regex")
});

/// The day in a URL such as `/2024/03/05/` or `/20240305-`.
pub(super) fn url_date(url: &str) -> Option<chrono::NaiveDate> {
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

/// The day of the publication metas `choose_published` does not read itself, else of the
/// page's last modification (metas, then the JSON-LD article's `dateModified`); a
/// placeholder is passed over.
pub(super) fn meta_day(
    tags: &[(String, String)],
    ld: Option<&crate::formats::jsonld::JsonLdArticle>,
) -> Option<chrono::NaiveDate> {
    // A CMS's empty date (the Unix epoch, year 1) is no day.
    let day = |v: &str| {
        crate::dates::parse_publication_date(v)
            .filter(|_| !super::meta::is_placeholder_date(v))
            .map(|d| d.date)
    };
    meta(tags, &MORE_DATE_METAS)
        .and_then(day)
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
}

/// The native path's stand-ins for the crate's metadata, read from the head's metas, the
/// JSON-LD article and what the tokenizer saw (`<html lang>`, the canonical link, author
/// boxes).
pub(super) fn native_fallbacks(
    tags: &[(String, String)],
    ld: Option<&crate::formats::jsonld::JsonLdArticle>,
    facts: &crate::formats::html_native::PageFacts,
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
    let date = url_date(&url)
        .or_else(|| meta_day(tags, ld))
        .or(facts.text_date);
    let title = facts
        .title
        .clone()
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

/// Author metas of ours that the crate does not read.
const NOT_CRATE_AUTHOR_METAS: [&str; 3] = ["articleauthor", "article_author", "cxenseparse:author"];

/// The byline the crate's metadata pass gives, read without it: the JSON-LD's people
/// (`jsonld::people_as_trafilatura_reads`), else its author metas when they hold a name of
/// more than one word (the crate keeps no single word there), else the element its search
/// of the page finds (`PageFacts::dom_author`), cleaned as the crate cleans it
/// (`crate_style_names`).
pub(super) fn crate_style_byline(
    tags: &[(String, String)],
    ld_blocks: &[serde_json::Value],
    facts: &crate::formats::html_native::PageFacts,
) -> String {
    let from_jsonld = crate::formats::jsonld::people_as_trafilatura_reads(ld_blocks);
    if !from_jsonld.is_empty() {
        return from_jsonld.join("; ");
    }
    let from_metas: Vec<String> = AUTHOR_METAS
        .iter()
        .filter(|key| !NOT_CRATE_AUTHOR_METAS.contains(key))
        .flat_map(|key| tags.iter().filter(move |(k, _)| k == key))
        .map(|(_, v)| meta_text(v))
        .filter(|v| !v.is_empty() && !v.contains('@') && !v.starts_with("http"))
        .collect();
    let joined = crate_style_names(&from_metas.join("; "));
    // The crate reads "sportschau.de" as two words.
    if joined.contains([' ', '.', '_', '+']) && !joined.contains(['{', '}', '[', ']']) {
        return joined;
    }
    facts
        .dom_author
        .as_deref()
        .map(crate_style_names)
        .unwrap_or_default()
}

/// A byline element's text split into names as the crate splits it: at `/ ; , | &` and
/// "and"/"und"; each part cut at its first digit (a date or a reading time follows the
/// name), without social handles, and capitalised when written in lowercase. The names
/// are joined with "; ", for `split_names`.
fn crate_style_names(text: &str) -> String {
    let mut names: Vec<String> = Vec::new();
    for part in AND_SEPARATOR
        .split(text)
        .flat_map(|p| p.split(['/', ';', ',', '|', '&']))
    {
        let part = part.split(char::is_numeric).next().unwrap_or_default();
        let part = ASIDE.replace_all(part, "");
        let part = AFTER_PREPOSITION.replace(&part, "");
        let part = part
            .split_whitespace()
            .filter(|w| !w.starts_with('@'))
            .collect::<Vec<_>>()
            .join(" ");
        let part = part.trim_end_matches(|c: char| !c.is_alphanumeric());
        if part.is_empty() {
            continue;
        }
        let lowercase =
            !part.chars().next().is_some_and(char::is_uppercase) || part.to_lowercase() == part;
        let part = if lowercase {
            part.split_inclusive([' ', '-'])
                .map(|w| {
                    let mut cs = w.chars();
                    cs.next()
                        .map(|c| c.to_uppercase().chain(cs).collect::<String>())
                        .unwrap_or_default()
                })
                .collect()
        } else {
            part.to_owned()
        };
        if !names.contains(&part) {
            names.push(part);
        }
    }
    names.join("; ")
}

/// A nickname or note in quotes or brackets: "Jane (JD) Doe", "Deutsche Welle (www.dw.com)".
static ASIDE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""[^"]*"|\([^)]*\)|\[[^\]]*\]|\{[^}]*\}"#).expect("valid regex"));
/// What follows a preposition or a dash: a place, a date, a job ("Jane Doe in Berlin",
/// "Submitted on Mon", "Rachel Metz - AP Technology Writer").
static AFTER_PREPOSITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\s+(?:am|on|for|at|in|to|from|of|via|with|—|-|–)\s+.*").expect("valid regex")
});
/// "and" or "und" as a word, which the crate splits bylines at.
static AND_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(?:^|\W)[ua]nd(?:$|\W)").expect("valid regex"));
