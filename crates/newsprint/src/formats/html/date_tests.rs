//! The publication date of HTML pages: which field wins, placeholders, the date line under
//! the headline, and `auto`'s date without the crate's search.

use super::meta::{is_placeholder_date, shows_new_year};
use super::tests::{STORY, parse_with, parse_with_head};
use super::*;
use crate::vocab::PublishedSource;

#[test]
fn date_of_the_article_object_not_of_an_embedded_image() {
    let head = r#"<script type="application/ld+json">{"@type":"ReportageNewsArticle",
"image":{"@type":"ImageObject","datePublished":"2024-08-07T20:16Z"},"datePublished":"2024-08-08T08:00Z"}</script>"#;
    let rec = parse_with_head(head, "");
    assert_eq!(rec.published_raw.as_deref(), Some("2024-08-08T08:00Z"));
}

#[test]
fn jsonld_first_publication_beats_a_published_time_meta_of_another_day() {
    let head = r#"<meta property="article:published_time" content="2024-09-12T16:05:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-09-10T07:30:00Z","dateModified":"2024-09-12T16:05:00Z"}</script>"#;
    let rec = parse_with_head(head, "");
    assert_eq!(rec.published_raw.as_deref(), Some("2024-09-10T07:30:00Z"));
    assert_eq!(rec.published_source, Some(PublishedSource::JsonLd));
    // The same day in both: the meta stays, with its own precision.
    let head = r#"<meta property="article:published_time" content="2024-09-10T09:30:00+02:00">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-09-10"}</script>"#;
    let rec = parse_with_head(head, "");
    assert_eq!(
        rec.published_raw.as_deref(),
        Some("2024-09-10T09:30:00+02:00")
    );
    assert_eq!(rec.published_source, Some(PublishedSource::Meta));
}

#[test]
fn published_source_names_the_field_used() {
    let meta = parse_with_head(
        r#"<meta property="article:published_time" content="2025-03-04T09:30:00+01:00">"#,
        "",
    );
    assert_eq!(meta.published_source, Some(PublishedSource::Meta));
    let time = parse_with_head("", r#"<time datetime="2025-03-04">4 March</time>"#);
    assert_eq!(time.published_raw.as_deref(), Some("2025-03-04"));
    assert_eq!(time.published_source, Some(PublishedSource::Time));
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
    assert_eq!(rec.published_source, Some(PublishedSource::Time));
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
    assert_eq!(local.published_source, Some(PublishedSource::Meta));
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

/// The date line `choose_published` reads for `page` when its title is `title`.
fn headline_date_of(page: &str, title: Option<&str>) -> Option<String> {
    super::meta::headline_date(
        &crate::formats::html_native::page_facts(page).headline_dates,
        title,
    )
}

#[test]
fn date_line_under_the_headline_beats_teaser_and_comment_dates() {
    let page = r#"<html><body><h1 class="logo"><a href="/">Gull Gazette</a></h1>
<h1>Harbour wall repaired</h1><p class="meta">Written: 2025-03-04 09:30</p>
<p>Engineers finished repairs on the north harbour wall, which the council had promised for 12.01.2025 at the latest.</p>
<ul><li><h2><a href="/b">Ferry back</a></h2><p class="date">2025-03-06</p></li></ul>
<div class="comments"><span>2025-03-07 21:04</span></div></body></html>"#;
    assert_eq!(
        headline_date_of(page, Some("Harbour wall repaired")).as_deref(),
        Some("Written: 2025-03-04 09:30")
    );
}

#[test]
fn date_inside_prose_or_comments_is_not_a_headline_date() {
    let page = r#"<html><body><h1>Harbour wall repaired</h1>
<p>Engineers finished repairs on the north harbour wall, which the council had promised for 12.01.2025 at the latest.</p>
<div id="comment-list"><span>07.03.2025</span></div></body></html>"#;
    assert_eq!(headline_date_of(page, Some("Harbour wall repaired")), None);
}

#[test]
fn paragraph_that_opens_with_a_date_gives_the_day() {
    let page = r#"<html><body><h1>Harbour wall repaired</h1>
<p>29. November 2022 – Engineers finished repairs on the north harbour wall on Monday, three months after the storms.</p>
</body></html>"#;
    let date = headline_date_of(page, None).unwrap();
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
        let mut rec =
            crate::stages::parse::empty_record("x", "p.html", 0, crate::model::SourceFormat::Html);
        parse(&page, &mut rec, HtmlExtractor::Trafilatura).unwrap();
        assert_eq!(
            (rec.published_raw.as_deref(), rec.published_source),
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
    assert_eq!(rec.published_source, Some(PublishedSource::Text));
    assert_eq!(
        rec.published_raw.as_deref(),
        Some("Ines Okafor, 4 March 2025")
    );
}

/// `auto` on a page whose head gives no date reads the day of an element named for one
/// (without the crate's date search), after the metas the head reader leaves to that
/// search: a masthead's "today" in a `date` box does not beat `DC.date.issued`.
#[test]
fn auto_reads_a_date_box_after_the_metas_a_date_search_reads() {
    let paragraphs: String = STORY.iter().map(|p| format!("<p>{p}</p>")).collect();
    let page = |head: &str| {
        format!(
            r#"<html><head><title>Harbour wall repaired</title>{head}</head><body>
            <p class="masthead-date">Thursday 06 October 2011</p>
            <div class="post-meta">Posted on 5 October 2011 by the newsroom</div>
            <article><h1>Harbour wall repaired</h1>{paragraphs}</article></body></html>"#
        )
    };
    let day = |rec: &ParsedRecord| {
        crate::dates::parse_publication_date(rec.published_raw.as_deref().unwrap()).map(|d| d.date)
    };
    let boxed = parse_with(&page(""), HtmlExtractor::Auto).unwrap();
    assert_eq!(
        boxed.extractor.as_deref(),
        Some(crate::formats::html_native::EXTRACTOR)
    );
    assert_eq!(day(&boxed), chrono::NaiveDate::from_ymd_opt(2011, 10, 6));
    assert_eq!(boxed.published_source, Some(PublishedSource::Text));
    let with_meta = parse_with(
        &page(r#"<meta name="DC.date.issued" content="2011-10-05">"#),
        HtmlExtractor::Auto,
    )
    .unwrap();
    assert_eq!(
        day(&with_meta),
        chrono::NaiveDate::from_ymd_opt(2011, 10, 5)
    );
    assert_eq!(with_meta.published_source, Some(PublishedSource::Meta));
    // A CMS's empty modification date is no day: the date box is read.
    let placeholder = parse_with(
        &page(r#"<meta property="article:modified_time" content="1970-01-01T00:00:00Z">"#),
        HtmlExtractor::Auto,
    )
    .unwrap();
    assert_eq!(
        day(&placeholder),
        chrono::NaiveDate::from_ymd_opt(2011, 10, 6)
    );
}

/// Under a date line, the extractor's day can only win when the URL or a meta writes it, so
/// its search (a crate pass under `auto`) is not run when neither can; when one can, it is.
#[test]
fn date_line_spares_the_extractor_search_unless_url_or_meta_could_outrank_it() {
    let page = r#"<html><body><h1>Harbour wall repaired</h1><p class="byline">4 March 2025</p>
<p>Engineers finished repairs on the north harbour wall on Monday, three months after the storms.</p></body></html>"#;
    let facts = crate::formats::html_native::page_facts(page);
    let choose = |url: Option<&str>, tags: &[(String, String)]| {
        let asked = std::cell::Cell::new(false);
        let (date, source) = super::meta::choose_published(
            page,
            &facts,
            tags,
            None,
            || {
                asked.set(true);
                chrono::NaiveDate::from_ymd_opt(2025, 3, 2)
            },
            url,
            Some("Harbour wall repaired"),
        );
        (date, source, asked.get())
    };
    let line = (Some("4 March 2025".to_owned()), Some(PublishedSource::Text));
    assert_eq!(
        choose(Some("https://gull.example/news/harbour-wall"), &[]),
        (line.0.clone(), line.1, false)
    );
    // The extractor's day in the URL outranks the date line.
    assert_eq!(
        choose(Some("https://gull.example/2025/03/02/harbour-wall"), &[]),
        (
            Some("2025-03-02".to_owned()),
            Some(PublishedSource::Url),
            true
        )
    );
    // A meta that opens with a day: the search runs; its day is not that meta's, so the
    // date line stays.
    let tags = [("revised".to_owned(), "2025-03-05T10:00:00Z".to_owned())];
    assert_eq!(
        choose(Some("https://gull.example/news/harbour-wall"), &tags),
        (line.0, line.1, true)
    );
}

/// A later crate run over a page takes the date the first found, as the crate's own search
/// would give it: a day, and no day.
#[test]
fn a_known_date_is_what_the_crate_run_gives() {
    let paragraphs: String = STORY.iter().map(|p| format!("<p>{p}</p>")).collect();
    let page = format!(
        r#"<html><head><title>Harbour wall repaired</title></head><body><article>
        <h1>Harbour wall repaired</h1><p class="post-date">Posted on 5 October 2011</p>
        {paragraphs}</article></body></html>"#
    );
    let page = super::page::Page::new(&page);
    let date_of = |opts: &trafilatura::Options| {
        trafilatura::extract_document(page.dom().clone_document(), opts)
            .unwrap()
            .metadata
            .date
    };
    let searched = date_of(&crate_options());
    assert_eq!(searched, chrono::NaiveDate::from_ymd_opt(2011, 10, 5));
    // What is spared: each later run would find that date itself, in precision mode, with
    // the external fallbacks, or both.
    let mut precise = crate_options();
    precise.focus = trafilatura::ExtractionFocus::FavorPrecision;
    let mut fallbacks = crate_options();
    fallbacks.enable_fallback = !fallbacks.enable_fallback;
    let mut both = precise.clone();
    both.enable_fallback = fallbacks.enable_fallback;
    for opts in [&precise, &fallbacks, &both] {
        assert_eq!(date_of(opts), searched);
    }
    assert_eq!(
        date_of(&with_known_date(&crate_options(), searched)),
        searched
    );
    assert_eq!(date_of(&with_known_date(&crate_options(), None)), None);
}
