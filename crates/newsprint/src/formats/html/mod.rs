//! HTML pages: main text and metadata through newsprint's own extractor (`html_native`) and,
//! for the pages where its confidence is low, the `trafilatura` crate (a port of the
//! extractor that scores best among the Rust crates measured on the shared benchmark); plus
//! a light scan of the head for the full publication instant, which the crate reduces to a
//! day. `[parse] html_extractor` can also pin either extractor alone.
//!
//! This module holds the entry (`parse`), the choice between the extractors and between the
//! crate's precision and balanced modes, and the text helpers other formats use
//! (`fragment_text`, `block_texts`,
//! `declared_charset`); the metadata readers are in `title`, `meta` (metas and dates),
//! `byline` (authors) and `fallbacks` (what stands in for the crate's metadata).

mod byline;
mod fallbacks;
mod meta;
mod page;
mod title;

use std::sync::LazyLock;

use regex::Regex;

use crate::input::Refusal;
use crate::model::{BodyMarkup, ParsedRecord};
use crate::vocab::RejectReason;
use byline::choose_authors;
use fallbacks::{Fallbacks, native_fallbacks};
use meta::{choose_published, jsonld_date, meta};
use page::Page;
use title::choose_title;

pub const EXTRACTOR: &str = "trafilatura-rs@0.6";

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.-]+)"#).expect("valid regex")
});

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

/// The charset a page declares in its first bytes (`<meta charset>` or http-equiv).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(8192)]);
    META_CHARSET
        .captures(&head)
        .map(|c| c[1].to_ascii_lowercase())
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
fn drop_repeated_headline(paragraphs: &mut Vec<String>, title: &str) -> usize {
    let title = crate::textnorm::clean_line(title);
    if title.is_empty() {
        return 0;
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
            return i + 1;
        }
    }
    0
}

/// Menus and "enable JavaScript" notices are short lines; an article has some sentences.
/// Counted in letters and digits, not words: Chinese and Japanese put no spaces between words.
fn has_prose(paragraphs: &[&str]) -> bool {
    // Paragraphs of at least 20 letters and digits, 100 of them together; counting stops
    // once the answer is known (a long page's text is not counted whole).
    let mut prose_chars = 0;
    for p in paragraphs {
        let enough = (PROSE_CHARS - prose_chars).max(PROSE_PARAGRAPH_CHARS);
        let n = p
            .chars()
            .filter(|c| c.is_alphanumeric())
            .take(enough)
            .count();
        if n >= PROSE_PARAGRAPH_CHARS {
            prose_chars += n;
            if prose_chars >= PROSE_CHARS {
                return true;
            }
        }
    }
    false
}

/// `has_prose`: letters and digits in all, and in a paragraph that counts.
const PROSE_CHARS: usize = 100;
const PROSE_PARAGRAPH_CHARS: usize = 20;

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
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
    page: &Page<'_>,
    opts: &trafilatura::Options,
) -> Result<trafilatura::ExtractResult, trafilatura::TrafilaturaError> {
    let mut precise_opts = opts.clone();
    precise_opts.focus = trafilatura::ExtractionFocus::FavorPrecision;
    // The page's one tree: each mode works on a copy of it (the extraction changes the tree,
    // and copying it is cheaper than parsing the page again), and the metadata readers
    // after it read the tree itself.
    let precise = trafilatura::extract_document(page.dom().clone_document(), &precise_opts);
    let precise_len = precise
        .as_ref()
        .map_or(0, |r| r.content_text.chars().count());
    if precise_len >= PRECISE_ENOUGH_CHARS {
        return precise;
    }
    // The crate's metadata reads neither the focus nor the text, so the balanced run would
    // find the date the precise one found: its date search (a serialisation of the whole
    // tree and scans of it) is spared.
    let balanced_opts = match &precise {
        Ok(p) => with_known_date(opts, p.metadata.date),
        Err(_) => opts.clone(),
    };
    let balanced = match trafilatura::extract_document(page.dom().clone_document(), &balanced_opts)
    {
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

/// `opts` for another crate run over a page whose date the crate has found already
/// (`date`): the run takes it as given instead of searching again. The crate's metadata
/// depends only on the page and on options these runs share, not on the focus, the
/// fallbacks or the text.
fn with_known_date(
    opts: &trafilatura::Options,
    date: Option<chrono::NaiveDate>,
) -> trafilatura::Options {
    let mut opts = opts.clone();
    match date {
        Some(day) => opts.html_date_override = Some(day),
        None => opts.html_date_mode = trafilatura::HtmlDateMode::Disabled,
    }
    opts
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

/// Which main-text extractor reads HTML pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HtmlExtractor {
    /// The `trafilatura` crate (precision mode, balanced mode when that loses the article).
    Trafilatura,
    /// newsprint's own extractor (`html_native`): a tokenizer, a light tree and
    /// readability-style scoring; many times faster.
    Native,
    /// The native extractor, and the `trafilatura` crate for the pages where the native
    /// one's confidence is low (little text, much prose outside it, a rival container
    /// scored nearly as high).
    #[default]
    Auto,
}

/// The main text and the metadata read with it, and which extractor produced them.
struct Body {
    paragraphs: Vec<String>,
    /// The paragraphs with their links written `[anchor](target)` (the native extractor's),
    /// or none.
    marked: Option<Vec<String>>,
    md: Fallbacks,
    extractor: &'static str,
    /// The crate's title is the headline it found in the page, the one its text repeats.
    crate_title: bool,
}

fn crate_options() -> trafilatura::Options {
    let mut opts = trafilatura::Options::default();
    opts.enable_fallback = true;
    opts.exclude_comments = true;
    // No `max_tree_size`: the crate checks it only on the extracted text, after the
    // work; the page budget is what bounds the work.
    opts
}

/// Under this many characters, the crate's text without its external fallbacks may be a
/// fragment of the article, and the crate reads the page again with them.
const SHORT_WITHOUT_FALLBACKS: usize = 1000;

/// The crate's main text. With `external_fallbacks` the crate also tries its readability
/// and justext ports, which it does when its own text is short or holds elements it would
/// sanitize. `auto` first asks without them (its pages already had a first extractor, and
/// the ports cost more than both extractions on the pages that took them: on AEB 4 fallback
/// pages took 0.11 s of a 0.81 s run, justext's stoplists of every language alone 57 ms),
/// and again with them only when that text is short (eval/README.md, "One HTML path").
fn crate_body(page: &Page<'_>, external_fallbacks: bool) -> Result<Body, Refusal> {
    let mut opts = crate_options();
    opts.enable_fallback = external_fallbacks;
    let mut result = extract_main(page, &opts);
    let short = |r: &Result<trafilatura::ExtractResult, _>| {
        r.as_ref().map_or(true, |r| {
            r.content_text.chars().count() < SHORT_WITHOUT_FALLBACKS
        })
    };
    if !external_fallbacks && short(&result) {
        opts.enable_fallback = true;
        if let Ok(first) = &result {
            opts = with_known_date(&opts, first.metadata.date);
        }
        result = extract_main(page, &opts);
    }
    let result = result.map_err(|e| Refusal::new(RejectReason::NoMainText, e.to_string()))?;
    Ok(Body {
        paragraphs: block_texts(&result.content_html),
        marked: None,
        md: Fallbacks::from_trafilatura(result.metadata),
        extractor: EXTRACTOR,
        crate_title: true,
    })
}

fn native_body(
    tags: &[(String, String)],
    ld: Option<&super::jsonld::JsonLdArticle>,
    native: super::html_native::Extraction,
    facts: &super::html_native::PageFacts,
) -> Body {
    Body {
        md: native_fallbacks(tags, ld, facts),
        paragraphs: native.paragraphs,
        marked: Some(native.marked),
        extractor: super::html_native::EXTRACTOR,
        crate_title: false,
    }
}

/// The crate's metadata alone (its title, byline and date search), without its text
/// extraction: the same values its full run gives.
fn crate_metadata(page: &Page<'_>) -> Fallbacks {
    Fallbacks::from_trafilatura(trafilatura::metadata::extract_metadata(
        page.dom(),
        &crate_options(),
    ))
}

/// Where the title, byline and date come from when our own readers find none: the
/// extractor's metadata, or with `auto` on a page the native extractor read, the crate's
/// (computed once, and only for the pages that get that far).
fn fallback_metadata<'a>(
    md: &'a Fallbacks,
    from_crate: Option<&'a std::cell::OnceCell<Fallbacks>>,
    page: &Page<'_>,
) -> &'a Fallbacks {
    match from_crate {
        Some(cell) => cell.get_or_init(|| crate_metadata(page)),
        None => md,
    }
}

pub fn parse(html: &str, rec: &mut ParsedRecord, extractor: HtmlExtractor) -> Result<(), Refusal> {
    super::html_budget::check(html.as_bytes())
        .map_err(|over| Refusal::new(RejectReason::TooLarge, over.to_string()))?;
    let page = Page::new(html);
    // One tokenizer pass reads the head's facts for every extractor, and the native text
    // with them where it is asked for.
    let (native, mut facts) = match extractor {
        HtmlExtractor::Trafilatura => (None, super::html_native::page_facts(html)),
        HtmlExtractor::Native | HtmlExtractor::Auto => {
            let mut native = super::html_native::extract(html);
            let facts = std::mem::take(&mut native.facts);
            (Some(native), facts)
        }
    };
    let tags = std::mem::take(&mut facts.metas);
    let ld_blocks = super::jsonld::parse_blocks(&facts.jsonld);
    let ld = super::jsonld::article_in(&ld_blocks);
    let body = match (extractor, native) {
        (HtmlExtractor::Auto, Some(native)) if native.confidence.is_low() => {
            match crate_body(&page, false) {
                Ok(b)
                    if has_prose(&b.paragraphs.iter().map(String::as_str).collect::<Vec<_>>()) =>
                {
                    b
                }
                // The crate found no article either: whatever the native one found is
                // judged like any text below.
                _ => native_body(&tags, ld.as_ref(), native, &facts),
            }
        }
        (_, Some(native)) => native_body(&tags, ld.as_ref(), native, &facts),
        (_, None) => crate_body(&page, true)?,
    };
    let Body {
        mut paragraphs,
        marked,
        md,
        extractor: extractor_name,
        crate_title,
    } = body;
    // The native path's stand-ins for the crate's title, byline and date score a little
    // lower (eval/README.md): `auto` takes the crate's where our readers need them.
    let crate_md = std::cell::OnceCell::new();
    let lazy = (extractor == HtmlExtractor::Auto && !crate_title).then_some(&crate_md);
    let title = choose_title(html, &tags, ld.as_ref(), &facts)
        .or_else(|| non_empty(&fallback_metadata(&md, lazy, &page).title));
    let dropped = if crate_title {
        drop_repeated_headline(&mut paragraphs, &md.title)
    } else {
        drop_repeated_headline(&mut paragraphs, title.as_deref().unwrap_or(&md.title))
    };
    let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    if !has_prose(&paragraphs) {
        return Err(Refusal::new(
            RejectReason::NoMainText,
            "no article text in the page (menus and notices only)",
        ));
    }
    // The body with its links, when they read back as exactly the plain text (a page that
    // writes "[1](2)" as text would lose its brackets): normalize turns them into `links`.
    let marked = marked
        .map(|m| m[dropped.min(m.len())..].to_vec())
        .filter(|m| {
            m.len() == paragraphs.len()
                && m.iter().any(|p| p.contains("]("))
                && m.iter()
                    .zip(&paragraphs)
                    .all(|(m, p)| crate::markdown::strip_links(m).0 == **p)
        });
    match marked {
        Some(m) => {
            rec.body = m.join("\n\n");
            rec.body_markup = BodyMarkup::Markdown;
        }
        None => {
            rec.body = paragraphs.join("\n\n");
            rec.body_markup = BodyMarkup::Plain;
        }
    }
    rec.extractor = Some(extractor_name.to_owned());

    rec.title = title;
    rec.byline_raw = non_empty(&md.author);
    rec.canonical_url = non_empty(&md.url);
    rec.url = rec.canonical_url.clone();
    rec.site_name = non_empty(&md.sitename);
    // The native byline (metas, share-card labels, author boxes) when it names someone
    // besides the site; else, under `auto`, the crate's byline, computed without the crate's
    // pass unless that pass already ran for the title.
    rec.authors = choose_authors(
        &facts.shown_bylines,
        &tags,
        ld.as_ref(),
        &ld_blocks,
        |sites| {
            let names_someone = crate::formats::authors::split_names(&md.author)
                .iter()
                .any(|n| !crate::formats::authors::is_site_name(n, sites));
            if names_someone {
                md.author.clone()
            } else if let Some(from_crate) = lazy.and_then(|cell| cell.get()) {
                from_crate.author.clone()
            } else if lazy.is_some() {
                // The crate's byline without its pass (and its html5ever parse) over the page.
                fallbacks::crate_style_byline(&tags, &ld_blocks, &facts)
            } else {
                md.author.clone()
            }
        },
    );
    rec.description = non_empty(&md.description);
    rec.image_url = non_empty(&md.image);
    rec.language_hint = non_empty(&md.language);
    rec.tags = md.tags.iter().filter_map(|t| non_empty(t)).collect();
    rec.section = meta(&tags, &["article:section", "og:article:section"])
        .map(meta::meta_text)
        .and_then(|s| non_empty(&s))
        .or_else(|| ld.as_ref().and_then(|a| a.section.clone()));

    let (published, source) = choose_published(
        html,
        &facts,
        &tags,
        ld.as_ref(),
        || match lazy {
            // The crate's date search opens with a day in the page's URL and the metas,
            // and most often ends in an element whose class names a date: such a day needs
            // no crate pass unless one ran already (eval/README.md, "Dates without the
            // crate's pass").
            Some(cell) if cell.get().is_none() => rec
                .url
                .as_deref()
                .and_then(fallbacks::url_date)
                .or_else(|| fallbacks::meta_day(&tags, ld.as_ref()))
                .or(facts.element_date)
                .or_else(|| fallback_metadata(&md, lazy, &page).date),
            _ => fallback_metadata(&md, lazy, &page).date,
        },
        rec.url.as_deref(),
        rec.title.as_deref(),
    );
    rec.published_raw = published;
    rec.published_source = source;
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
mod date_tests;
#[cfg(test)]
mod link_tests;
#[cfg(test)]
mod tests;
