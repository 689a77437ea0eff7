//! The authors: from the JSON-LD, the author metas, the extractor's byline or the byline
//! shown in the page, whichever names someone other than the site.

use std::sync::LazyLock;

use super::meta::{meta, meta_text};
use crate::formats::html_native::ShownBylineTexts;
use regex::Regex;

/// Meta names that hold the article's author (the extractor's list, plus a few seen on
/// news sites: `articleauthor`, `cxenseparse:author`).
pub(super) const AUTHOR_METAS: [&str; 22] = [
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

/// Adds `name` unless the list has it, or has it as a URL slug ("sophie-foster" beside
/// "Sophie Foster"): the slug gives way to the written name, wherever it came first.
fn add_unless_slug_of_another(names: &mut Vec<String>, name: String) {
    let key = |n: &str| -> String {
        n.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let is_slug =
        |n: &str| n.contains('-') && !n.contains(' ') && !n.chars().any(char::is_uppercase);
    match names
        .iter()
        .position(|n| *n == name || key(n) == key(&name))
    {
        None => names.push(name),
        Some(i) if is_slug(&names[i]) && !is_slug(&name) => names[i] = name,
        Some(_) => {}
    }
}

/// The authors, from the most explicit source that names someone other than the site
/// (`og:site_name`, the JSON-LD publisher):
/// the article's JSON-LD `author` (organisations such as "dpa" kept), then the author metas
/// (read verbatim: "Miguel A. Herguedas" keeps its period), then the extractor's byline.
/// A JSON-LD author that is only the publisher gives way to a meta or byline name.
pub(super) fn choose_authors(
    shown: &ShownBylineTexts,
    tags: &[(String, String)],
    ld: Option<&crate::formats::jsonld::JsonLdArticle>,
    ld_blocks: &[serde_json::Value],
    byline: impl FnOnce(&[String]) -> String,
) -> Vec<String> {
    use crate::formats::authors::{is_site_name, split_names, without_site_names};
    let mut sites: Vec<String> = Vec::new();
    sites.extend(meta(tags, &["og:site_name"]).map(str::to_owned));
    sites.extend(ld.and_then(|a| a.publisher.clone()));
    let mut from_metas: Vec<String> = Vec::new();
    for key in AUTHOR_METAS {
        for (_, value) in tags.iter().filter(|(k, _)| k == key) {
            for name in split_names(&meta_text(value)) {
                add_unless_slug_of_another(&mut from_metas, name);
            }
        }
    }
    let from_metas = without_site_names(from_metas, &sites);
    let foreign = crate::formats::jsonld::foreign_authors_in(ld_blocks);
    // The extractor's byline is read only when the head names no one: reading it may take
    // the crate's metadata pass.
    let from_byline = || {
        let names: Vec<String> = byline(&sites)
            .split(';')
            .flat_map(split_names)
            .filter(|n| !foreign.contains(n))
            .collect();
        without_site_names(names, &sites)
    };
    let ld_authors = ld.map(|a| a.authors.clone()).unwrap_or_default();
    let metas_name_someone =
        !from_metas.is_empty() && !from_metas.iter().all(|n| is_site_name(n, &sites));
    let shown_byline = || without_site_names(visible_byline(shown), &sites);
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
        let from_byline = from_byline();
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
    let from_byline = from_byline();
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
/// first `rel=author` or `itemprop=author` element, else the one author box that names
/// people, else the first short line that is "By Jane Doe", "von Jane Doe", "Autor: Jane
/// Doe" (a block of its own, not a sentence). Navigation, footers and comment threads are
/// not read (the tokenizer pass gathers the texts: `html_native::ShownBylineTexts`).
pub(super) fn visible_byline(shown: &ShownBylineTexts) -> Vec<String> {
    for text in &shown.marked {
        let found: Vec<String> = crate::formats::authors::split_names(text)
            .into_iter()
            .filter(|n| person_like(n))
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    // Then an element whose class says author or byline ("field--name-author"), when it
    // holds names and nothing else, and no other such element names someone else: several
    // are a list of people (related articles, a team), not this article's byline.
    let mut lists: Vec<Vec<String>> = Vec::new();
    for text in &shown.boxes {
        let found = crate::formats::authors::split_names(text);
        if !found.is_empty() && found.iter().all(|n| byline_name(n)) && !lists.contains(&found) {
            lists.push(found);
        }
    }
    if lists.len() == 1 {
        return lists.remove(0);
    }
    for text in &shown.short_lines {
        if let Some(c) = BY_LINE.captures(text) {
            let names = crate::formats::authors::split_names(&c[1]);
            if !names.is_empty() && names.iter().all(|n| byline_name(n)) {
                return names;
            }
        }
    }
    Vec::new()
}
