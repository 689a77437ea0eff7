//! Facts read from the page while it is tokenized: the head's metas, title and JSON-LD,
//! language, canonical link, the `<h1>`s, author boxes, and a date written in the text.

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
    /// The first full date ("31.01.2022", "2022-01-31") in the page's visible text.
    pub text_date: Option<chrono::NaiveDate>,
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

static TEXT_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"\b(?:(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)|((?:19|20)\d\d)-(\d\d)-(\d\d))\b",
    )
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
            TEXT_DATE.captures_iter(t).find_map(|c| {
                let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
                let (y, m, d) = match (num(3), num(4)) {
                    (Some(y), _) => (y, num(2)?, num(1)?),
                    (None, Some(y)) => (y, num(5)?, num(6)?),
                    _ => return None,
                };
                chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::super::page_facts;
    use super::H1;

    fn pairs(metas: &[(String, String)]) -> Vec<(&str, &str)> {
        metas
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
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
