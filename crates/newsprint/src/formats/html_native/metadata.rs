//! Facts read from the page while it is tokenized: the head's metas, title and JSON-LD,
//! language, canonical link, the `<h1>`s, author boxes, and a date written in the text.

use std::sync::LazyLock;

use regex::Regex;

use super::tokens::StartTag;
use super::tree::{Node, lossy, name_hash};
use crate::formats::html_shared::day_date;

/// Facts read from the page while it is tokenized: the one pass over the markup that the
/// body extractor and the metadata readers share.
#[derive(Debug, Default)]
pub struct PageFacts {
    /// The head's `<meta>` tags as (key, content): the key from `property`, `name` or
    /// `itemprop`, in lowercase; the content trimmed, never empty. Metas after `</head>`
    /// (microdata in the body) are not the page's.
    pub metas: Vec<(String, String)>,
    /// The text of each `<script type="application/ld+json">`, in page order.
    pub jsonld: Vec<String>,
    /// The first `<title>`'s text, character references decoded, whitespace folded.
    pub title: Option<String>,
    /// Each closed `<h1>`, in page order.
    pub h1s: Vec<H1>,
    /// The `datetime` of the page's first 20 `<time>` elements that have one (4 to 40
    /// characters), in page order.
    pub time_datetimes: Vec<String>,
    pub lang: Option<String>,
    pub canonical: Option<String>,
    /// Short texts of elements whose class, id, rel or itemprop names an author or byline.
    pub bylines: Vec<String>,
    /// The byline trafilatura's element search finds (`dom_author`), folded, not yet split.
    pub dom_author: Option<String>,
    /// What the reader of the byline shown in the page judges (`html::byline`).
    pub shown_bylines: super::shown_byline::ShownBylineTexts,
    /// The first full date ("31.01.2022", "2022-01-31") in the page's visible text.
    pub text_date: Option<chrono::NaiveDate>,
    /// Each `<h1>` (up to 16) with the date line shown under it, in page order.
    pub headline_dates: Vec<super::headline_date::HeadlineDate>,
    /// The first day shown in an element whose class or id names a date, a byline or a
    /// meta line (`element_date`).
    pub element_date: Option<chrono::NaiveDate>,
}

/// An `<h1>` element: its text (without styles, scripts and templates inside it) and
/// whether it is the site's logo rather than a headline.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct H1 {
    pub text: String,
    /// A class or id that says logo or brand, or content that opens with a link to the
    /// home page.
    pub logo: bool,
}

/// A class or id that names the site's logo or brand ("site-logo", "branding").
static LOGO_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:logo|brand)").expect("valid regex"));
/// A link to the home page: the site root, an index page, with or without the host.
static HOME_HREF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^(?:https?://[^/"']+)?(?:/|/?(?:[^"'?#]*/)?index\.[a-z]+)?(?:[?#][^"']*)?$"#)
        .expect("valid regex")
});

/// Whether an `<h1>`'s class and id (lowercase, space separated) name the site's logo.
pub(super) fn is_logo_attr(class_and_id: &str) -> bool {
    LOGO_ATTR.is_match(class_and_id)
}

/// Whether a link target is the site's home page.
pub(super) fn is_home_href(href: &str) -> bool {
    HOME_HREF.is_match(href)
}

/// How far into an `<h1>`'s content the tokenizer is: the logo test looks at what the
/// content opens with (a home link, after a logo's own `<style>`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum H1Opening {
    Start,
    InStyle,
    Past,
}

/// An `<h1>` being read: its node, its text so far, and whether it is a logo.
struct OpenH1 {
    node: usize,
    text: String,
    logo: bool,
    opening: H1Opening,
}

/// The facts of the page read while it is tokenized, beside the tree: metas until
/// `</head>`, the first `<title>`, JSON-LD scripts, `<time datetime>`s, and each `<h1>`
/// (whose text is read even in a dead subtree, as the headline readers want it).
pub(super) struct FactsReader {
    in_head: bool,
    title: Option<String>,
    jsonld: Option<String>,
    h1: Option<OpenH1>,
    /// Name hashes of the elements whose text is not an `<h1>`'s text.
    not_text: [u64; 3],
}

impl Default for FactsReader {
    fn default() -> Self {
        FactsReader {
            in_head: true,
            title: None,
            jsonld: None,
            h1: None,
            not_text: [
                name_hash(b"style"),
                name_hash(b"script"),
                name_hash(b"template"),
            ],
        }
    }
}

impl FactsReader {
    /// A start tag; `raw` says its content is read as raw text (scripts, styles, titles).
    pub(super) fn start_tag(&mut self, tag: &StartTag<'_>, raw: bool, facts: &mut PageFacts) {
        let name: &[u8] = tag.name;
        match name {
            b"meta" if self.in_head => meta_entries(tag, &mut facts.metas),
            b"script" if raw && is_jsonld_script(tag) => self.jsonld = Some(String::new()),
            b"title" if raw && self.title.is_none() && facts.title.is_none() => {
                self.title = Some(String::new());
            }
            b"time" if facts.time_datetimes.len() < 20 => {
                if let Some(v) = tag.attr(b"datetime") {
                    let v = lossy(v);
                    if (4..=40).contains(&v.chars().count()) {
                        facts.time_datetimes.push(v);
                    }
                }
            }
            _ => {}
        }
        if let Some(h1) = &mut self.h1
            && h1.opening != H1Opening::Past
        {
            match name {
                b"style" if h1.opening == H1Opening::Start => h1.opening = H1Opening::InStyle,
                _ if h1.opening == H1Opening::InStyle => {}
                b"a" => {
                    h1.logo |= tag.attr(b"href").is_some_and(|v| is_home_href(&lossy(v)));
                    h1.opening = H1Opening::Past;
                }
                _ => h1.opening = H1Opening::Past,
            }
        }
    }

    /// An `<h1>` became node `node`, its class and id `attr`; one inside another is part of it.
    pub(super) fn h1_opened(&mut self, node: usize, attr: &str) {
        if self.h1.is_none() {
            self.h1 = Some(OpenH1 {
                node,
                text: String::new(),
                logo: is_logo_attr(attr),
                opening: H1Opening::Start,
            });
        }
    }

    pub(super) fn end_tag(&mut self, name: &[u8], facts: &mut PageFacts) {
        match name {
            b"head" => self.in_head = false,
            b"title" => {
                if let Some(text) = self.title.take() {
                    facts.title = Some(crate::textnorm::clean_line(&text));
                }
            }
            b"script" => facts.jsonld.extend(self.jsonld.take()),
            // Any `</h1>` ends the one being read, as it would end its markup.
            b"h1" => {
                if let Some(h1) = self.h1.take() {
                    facts.h1s.push(H1 {
                        text: crate::textnorm::clean_line(&h1.text),
                        logo: h1.logo,
                    });
                }
            }
            b"style" => {
                if let Some(h1) = &mut self.h1
                    && h1.opening == H1Opening::InStyle
                {
                    h1.opening = H1Opening::Start;
                }
            }
            _ => {}
        }
    }

    /// A text token, with the open elements (`stack`) it sits in.
    pub(super) fn text(&mut self, value: &[u8], stack: &[usize], nodes: &[Node]) {
        if let Some(t) = &mut self.title {
            t.push_str(&lossy(value));
        }
        if let Some(j) = &mut self.jsonld {
            j.push_str(&lossy(value));
        }
        if let Some(h1) = &mut self.h1 {
            if h1.opening == H1Opening::Start && !value.iter().all(u8::is_ascii_whitespace) {
                h1.opening = H1Opening::Past;
            }
            // Styles, scripts and templates inside the `<h1>` are not its text.
            let inside = stack
                .iter()
                .rposition(|&i| i == h1.node)
                .map_or(stack.len().saturating_sub(1), |p| p + 1);
            let hidden = stack[inside..]
                .iter()
                .any(|&i| self.not_text.contains(&nodes[i].name));
            if !hidden {
                h1.text.push_str(&lossy(value));
            }
        }
    }
}

/// Whether a script's attributes mark it as JSON-LD (`type="application/ld+json"`).
fn is_jsonld_script(tag: &StartTag<'_>) -> bool {
    tag.attrs().any(|(_, v)| {
        v.windows(19)
            .any(|w| w.eq_ignore_ascii_case(b"application/ld+json"))
    })
}

/// A `<meta>`'s entries as (key, content): one for each of `property`, `name` and
/// `itemprop` it has (`property="article:modified" itemprop="dateModified"` is read under
/// both keys), the key in lowercase.
fn meta_entries(tag: &StartTag<'_>, out: &mut Vec<(String, String)>) {
    let Some(content) = tag
        .attr(b"content")
        .map(|v| lossy(v).trim().to_owned())
        .filter(|c| !c.is_empty())
    else {
        return;
    };
    for (k, v) in tag.attrs() {
        if matches!(k, b"property" | b"name" | b"itemprop") {
            out.push((lossy(v).to_ascii_lowercase(), content.clone()));
        }
    }
}

static TEXT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)|((?:19|20)\d\d)-(\d\d)-(\d\d))\b")
        .expect("valid regex")
});

/// The first day written as day.month.year or ISO year-month-day in `texts`, or a short
/// line that is a date.
pub(super) fn first_text_date<'a>(
    texts: impl Iterator<Item = &'a String>,
) -> Option<chrono::NaiveDate> {
    // Most text nodes hold no digit: a byte check spares them the regex.
    texts
        .take(5000)
        .filter(|t| t.bytes().any(|b| b.is_ascii_digit()))
        .find_map(|t| {
            // A short line ("31. Januar 2022", "Jan 31, 2022 10:00") is a date line: the
            // publication-date reader knows month names in several languages.
            let line = t.trim();
            if line.len() <= 60
                && let Some(d) = day_date(line)
            {
                return Some(d.date);
            }
            date_stretches(t).find_map(|stretch| {
                TEXT_DATE.captures_iter(stretch).find_map(|c| {
                    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
                    let (y, m, d) = match (num(3), num(4)) {
                        (Some(y), _) => (y, num(2)?, num(1)?),
                        (None, Some(y)) => (y, num(5)?, num(6)?),
                        _ => return None,
                    };
                    chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
                })
            })
        })
}

/// Could be part of a `TEXT_DATE` match: a digit (`\d` is any decimal digit), a dot, a
/// hyphen or whitespace (`\s`). `is_numeric` takes more than the decimal digits, which only
/// makes a stretch longer.
fn in_date_stretch(c: char) -> bool {
    c.is_numeric() || c == '.' || c == '-' || c.is_whitespace()
}

/// The parts of `t` that `TEXT_DATE` is run on, in order: all of an ASCII text; in other
/// text each run of characters `in_date_stretch` that holds a digit, with the character on
/// either side of it for `\b` to see. Every match lies inside one run, so the matches are
/// those of the whole text, in the same order; but the regex's fast engine gives up on
/// non-ASCII text (its Unicode `\b`), and the slow one would read every letter of it.
fn date_stretches(t: &str) -> impl Iterator<Item = &str> {
    let ascii = t.is_ascii();
    // Where the search for the next stretch starts; `None` once all is handed out.
    let mut rest = Some(0);
    std::iter::from_fn(move || {
        loop {
            let from = rest?;
            if ascii {
                rest = None;
                return Some(t);
            }
            let tail = &t[from..];
            let Some(start) = tail.find(in_date_stretch) else {
                rest = None;
                return None;
            };
            let run = &tail[start..];
            let len = run.find(|c: char| !in_date_stretch(c)).unwrap_or(run.len());
            let (start, end) = (from + start, from + start + len);
            rest = Some(end);
            if t[start..end].chars().any(|c| c.is_numeric()) {
                let before = t[..start].chars().next_back().map_or(0, char::len_utf8);
                let after = t[end..].chars().next().map_or(0, char::len_utf8);
                return Some(&t[start - before..end + after]);
            }
        }
    })
}

/// Words of a class or id that name a publication date, or the line that holds it.
const DATE_BOX_WORDS: [&str; 11] = [
    "date",
    "datum",
    "time",
    "publish",
    "posted",
    "fecha",
    "byline",
    "subline",
    "submitted",
    "meta",
    "info",
];

/// The first day shown in an element (in page order) whose class or id holds one of
/// `DATE_BOX_WORDS`: its visible text, when at most 100 bytes and holding a digit, read as a
/// publication date. Computed for every page (about 0.1% of the AEB run) because the tree
/// is gone by the time `auto` knows whether it needs it.
pub(super) fn element_date(tree: &super::tree::Tree) -> Option<chrono::NaiveDate> {
    use super::tree::Child;
    fn text_into(tree: &super::tree::Tree, node: usize, out: &mut String) {
        for child in tree.children(node) {
            if out.len() > 120 {
                return;
            }
            match child {
                Child::Text(t) => {
                    out.push_str(&tree.texts[t]);
                    out.push(' ');
                }
                Child::El(e) if !tree.nodes[e].dead => text_into(tree, e, out),
                Child::El(_) => {}
            }
        }
    }
    let mut text = String::new();
    tree.nodes.iter().enumerate().find_map(|(i, node)| {
        if node.dead || !DATE_BOX_WORDS.iter().any(|w| node.attr.contains(w)) {
            return None;
        }
        text.clear();
        text_into(tree, i, &mut text);
        let line = crate::textnorm::clean_line(&text);
        if line.len() > 100 || !line.bytes().any(|b| b.is_ascii_digit()) {
            return None;
        }
        day_date(&line).map(|d| d.date)
    })
}

#[cfg(test)]
mod tests {
    use super::super::page_facts;
    use super::H1;

    #[test]
    fn date_stretches_find_the_matches_of_the_whole_text() {
        use super::{TEXT_DATE, date_stretches};
        let groups = |c: regex::Captures<'_>| -> Vec<Option<String>> {
            c.iter().map(|m| m.map(|m| m.as_str().to_owned())).collect()
        };
        for t in [
            "Published 12.03.2020 and 2021-04-05.",
            "\u{41e}\u{43f}\u{443}\u{431}\u{43b}\u{438}\u{43a}\u{43e}\u{432}\u{430}\u{43d}\u{43e} 12.03.2020 \u{432} 10:00",
            "\u{433}12.03.2020 glued to a letter, 1.2.2019\u{433} and \u{2014}2019-01-02\u{2014}",
            "\u{201c}5.\u{a0}6.\u{a0}2018\u{201d} with no-break spaces, 31. 12. 1999",
            "Arabic-Indic \u{661}\u{662}.\u{660}\u{663}.\u{662}\u{660}\u{662}\u{660} and 01.02.2003",
            "\u{ff11}\u{ff12}.03.2020 full width, 2020-13-45 no day, 2020-01-0512",
            "\u{e9}t\u{e9} 2019-06-21\u{e9}t\u{e9} 11.11.2011-2012-12-12",
            "no digits at all \u{2014} \u{201c}quoted\u{201d}",
            "",
        ] {
            let whole: Vec<_> = TEXT_DATE.captures_iter(t).map(groups).collect();
            let stretched: Vec<_> = date_stretches(t)
                .flat_map(|s| TEXT_DATE.captures_iter(s).map(groups).collect::<Vec<_>>())
                .collect();
            assert_eq!(stretched, whole, "{t:?}");
        }
    }

    fn pairs(metas: &[(String, String)]) -> Vec<(&str, &str)> {
        metas
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    #[test]
    fn element_date_is_the_first_short_date_in_a_box_named_for_one() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        let page = r#"<body><ul class="top"><li>May 11, 2022</li></ul>
<div class="meta-info"><span>Crime</span></div>
<script class="date">var d = "01.01.2020";</script>
<p class="dateline">In a dateline, a whole paragraph that runs on and on about the harbour wall and the storm of 03.03.2021 that broke it, long past any date line</p>
<div class="post-date">Published On <b>May 10, 2022</b> 01:52 PM</div>
<span class="date">02.02.2022</span></body>"#;
        assert_eq!(page_facts(page).element_date, day(2022, 5, 10));
        let no_box = r#"<body><p>Posted 02.02.2022</p><div class="datum">heute</div></body>"#;
        assert_eq!(page_facts(no_box).element_date, None);
        let hidden = r#"<body><div class="date" style="display: none">02.02.2022</div>
<div class="published">3 March 2021</div></body>"#;
        assert_eq!(page_facts(hidden).element_date, day(2021, 3, 3));
    }

    #[test]
    fn head_metas_are_read_under_each_key_until_the_head_ends() {
        let page = r#"<html><head>
<meta property="article:modified" itemprop="dateModified" content=" 2024-03-05T10:00:00Z ">
<META NAME="Author" CONTENT="Jane Doe &amp; John Roe">
<meta name="description" content="">
<meta charset="utf-8">
<script>document.write("</head><meta name='x' content='in a script'>");</script>
<meta property="og:title" content="Harbour wall repaired">
</head><body><meta itemprop="datePublished" content="2001-01-01"><p>Text</p></body></html>"#;
        assert_eq!(
            pairs(&page_facts(page).metas),
            [
                ("datemodified", "2024-03-05T10:00:00Z"),
                ("article:modified", "2024-03-05T10:00:00Z"),
                ("author", "Jane Doe & John Roe"),
                ("og:title", "Harbour wall repaired"),
            ]
        );
    }

    #[test]
    fn jsonld_scripts_and_the_first_title_are_read_whole() {
        let page = r#"<head><title>Harbour &amp; wall
 | Gazette</title>
<script type="application/ld+json; charset=utf-8">{"headline": "a </p> b"}</script>
<script>var ld = {"headline": "not JSON-LD"};</script>
<script type='APPLICATION/LD+JSON'>[1, 2]</script></head>
<body><svg><title>Icon</title></svg><title>Second</title></body>"#;
        let facts = page_facts(page);
        assert_eq!(facts.title.as_deref(), Some("Harbour & wall | Gazette"));
        assert_eq!(facts.jsonld, [r#"{"headline": "a </p> b"}"#, "[1, 2]"]);
    }

    #[test]
    fn time_elements_of_the_page_not_of_a_script_template() {
        let page = r#"<body><script type="text/template"><time datetime="2001-01-01">x</time></script>
<!-- <time datetime="2002-02-02">old</time> -->
<time datetime="2025-03-04T09:30:00+01:00">4 March</time><time datetime="x">bad</time>
<time>no attribute</time><time datetime='2025-03-05'>5 March</time></body>"#;
        assert_eq!(
            page_facts(page).time_datetimes,
            ["2025-03-04T09:30:00+01:00", "2025-03-05"]
        );
    }

    #[test]
    fn h1_logo_by_class_or_home_link_and_text_without_styles() {
        let page = r#"<body>
<h1 class="site-logo">Gazette</h1>
<h1><style>.alogo{display:block}</style> <a class="alogo" href="https://gazette.example/">Gazette</a></h1>
<h1><a href="/news/harbour">Harbour wall</a> repaired <script>x()</script>at last</h1>
<nav><h1>Menu heading</h1></nav>
<h1 class="mylogo">Unclosed headline"#;
        let facts = page_facts(page);
        let h1 = |text: &str, logo: bool| H1 {
            text: text.to_owned(),
            logo,
        };
        assert_eq!(
            facts.h1s,
            [
                h1("Gazette", true),
                h1("Gazette", true),
                h1("Harbour wall repaired at last", false),
                h1("Menu heading", false),
            ]
        );
    }
}
