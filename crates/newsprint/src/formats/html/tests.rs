use super::byline::visible_byline;
use super::*;
use crate::formats::html_native::{ShownBylineTexts, page_facts};
use crate::vocab::PublishedSource;

fn shown(page: &str) -> ShownBylineTexts {
    page_facts(page).shown_bylines
}

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
    assert_eq!(err.reason, RejectReason::NoMainText);
    let menus_only = "<html><body><nav><ul><li><a href=/>Home</a></li><li><a href=/news>News</a></li></ul></nav>\
            <noscript>Please enable JavaScript to view this page.</noscript></body></html>";
    assert_eq!(
        parse(menus_only, &mut rec, HtmlExtractor::Trafilatura)
            .unwrap_err()
            .reason,
        RejectReason::NoMainText
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
fn prose_check_that_stops_early_answers_as_the_whole_count() {
    let whole = |ps: &[&str]| {
        ps.iter()
            .map(|p| p.chars().filter(|c| c.is_alphanumeric()).count())
            .filter(|&n| n >= 20)
            .sum::<usize>()
            >= 100
    };
    let words = |n: usize| "\u{44f}".repeat(n);
    for lengths in [
        vec![99],
        vec![100],
        vec![19, 19, 19, 19, 19, 19],
        vec![20, 20, 20, 20, 19],
        vec![20, 20, 20, 20, 20],
        vec![85, 14, 15],
        vec![85, 19, 20],
        vec![50, 3000],
        vec![0, 99, 1],
    ] {
        let texts: Vec<String> = lengths.iter().map(|&n| words(n)).collect();
        let ps: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert_eq!(has_prose(&ps), whole(&ps), "{lengths:?}");
    }
}

/// A page with `head` in its head and three paragraphs of body, parsed.
pub(super) fn parse_with_head(head: &str, before_body: &str) -> ParsedRecord {
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
    assert_eq!(rec.published_source, Some(PublishedSource::JsonLd));
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
    assert!(visible_byline(&shown(page)).is_empty());
    // A name with a link glued on is not a name.
    let page =
        r#"<div class="author-box"><b>Ines Okafor</b><a href="/io">View More Articles</a></div>"#;
    assert!(visible_byline(&shown(page)).is_empty());
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
    let tags = page_facts(page).metas;
    assert_eq!(
        choose_authors(&shown(page), &tags, None, &[], |_| "Mdr De".to_owned()),
        vec!["mdr.de".to_owned()]
    );
    // The same when the JSON-LD author, too, is only the site.
    let page = r#"<html><head><meta property="og:site_name" content="sportschau.de"><meta name="author" content="sportschau.de">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Match report","author":{"@type":"Organization","name":"sportschau.de"}}</script></head><body></body></html>"#;
    let tags = page_facts(page).metas;
    let ld = super::super::jsonld::article(page);
    assert_eq!(
        choose_authors(&shown(page), &tags, ld.as_ref(), &[], |_| "Sportschau De"
            .into()),
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
        for extractor in [
            HtmlExtractor::Native,
            HtmlExtractor::Trafilatura,
            HtmlExtractor::Auto,
        ] {
            if extractor != HtmlExtractor::Native && i % 25 != 0 {
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
        for extractor in [
            HtmlExtractor::Native,
            HtmlExtractor::Trafilatura,
            HtmlExtractor::Auto,
        ] {
            let mut rec = crate::stages::parse::empty_record(
                "id",
                "attrs.html",
                0,
                crate::model::SourceFormat::Html,
            );
            let started = std::time::Instant::now();
            let refusal = parse(&page, &mut rec, extractor).unwrap_err();
            assert_eq!(refusal.reason, RejectReason::TooLarge, "{n} {extractor:?}");
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
    let page = page_with_attributes_in_one_tag(super::super::html_budget::MAX_ATTRIBUTES_PER_TAG);
    for extractor in [
        HtmlExtractor::Native,
        HtmlExtractor::Trafilatura,
        HtmlExtractor::Auto,
    ] {
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

#[test]
fn headline_cut_short_in_page_state_json_loses_to_the_whole_title() {
    let head = r#"<meta property="og:title" content="Harbour wall repaired after winter storms">
<script>window.adConfig = {"slot":"top","headline":"Harbour wall repaired after wint"};</script>"#;
    let rec = parse_with_head(head, "<h1>Harbour wall repaired after winter storms</h1>");
    assert_eq!(
        rec.title.as_deref(),
        Some("Harbour wall repaired after winter storms")
    );
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall repaired after…"}</script>"#;
    let rec = parse_with_head(head, "<h1>Harbour wall repaired after winter storms</h1>");
    assert_eq!(
        rec.title.as_deref(),
        Some("Harbour wall repaired after winter storms")
    );
}

#[test]
fn related_story_headline_in_page_state_does_not_replace_the_page_headline() {
    let head = r#"<meta property="og:title" content="Harbour wall repaired after winter storms">
<script>window.__STATE__ = {"related":[{"headline":"Ferry timetable changes for the summer season"}]};</script>"#;
    let rec = parse_with_head(head, "");
    assert_eq!(
        rec.title.as_deref(),
        Some("Harbour wall repaired after winter storms")
    );
}

#[test]
fn jsonld_headline_that_is_a_description_loses_to_the_agreeing_h1_and_title() {
    let head = r#"<title>Tonga's king opens new parliament session | Pacific Wire</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"constitutional monarchy in Oceania"}</script>"#;
    let rec = parse_with_head(head, "<h1>Tonga's king opens new parliament session</h1>");
    assert_eq!(
        rec.title.as_deref(),
        Some("Tonga's king opens new parliament session")
    );
    // A JSON-LD headline the share title rewrites, with the <h1> agreeing, stays.
    let head = r#"<meta property="og:title" content="Watch: the king's speech in full">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Tonga's king opens new parliament session"}</script>"#;
    let rec = parse_with_head(head, "<h1>Tonga's king opens new parliament session</h1>");
    assert_eq!(
        rec.title.as_deref(),
        Some("Tonga's king opens new parliament session")
    );
}

#[test]
fn author_slug_beside_the_written_name_is_one_author() {
    let head = r#"<meta name="author" content="sophie-foster">
<meta property="article:author" content="Sophie Foster">"#;
    let rec = parse_with_head(head, "");
    assert_eq!(rec.authors, vec!["Sophie Foster".to_owned()]);
}

#[test]
fn jsonld_print_headline_unlike_the_web_headline_is_kept() {
    // German sites put the print headline in JSON-LD and a web headline in <h1> and og:title.
    let head = r#"<meta property="og:title" content="Archäologische Sensation: Uralte Städte entdeckt">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Unbekannte Maya-Städte werfen neues Licht auf die Frühzeit"}</script>"#;
    let rec = parse_with_head(
        head,
        "<h1>Archäologische Sensation: Uralte Städte entdeckt</h1>",
    );
    assert_eq!(
        rec.title.as_deref(),
        Some("Unbekannte Maya-Städte werfen neues Licht auf die Frühzeit")
    );
}

/// A made-up harbour story, six paragraphs long.
pub(super) const STORY: [&str; 6] = [
    "Engineers finished repairs to the north harbour wall on Monday, three months after storms tore a twelve-metre gap in the stonework and flooded the fish market.",
    "The council said the work cost less than feared, because volunteers from the rowing club moved the fallen stones before the spring tides could scatter them.",
    "Fishermen, who had landed their catches at a neighbouring port since December, will return to the market next week, the harbour master said on Tuesday.",
    "A second phase, raising the wall by half a metre, is planned for the autumn, once the council has found the money and the contractors are free again.",
    "The harbour master added that the lifeboat station, closed since the storms, would reopen on Friday with a new slipway paid for by a local appeal.",
    "Residents of the harbour terraces, whose cellars flooded twice in January, asked the council to pay for pumps, and it agreed to look at the request.",
];

pub(super) fn parse_with(page: &str, extractor: HtmlExtractor) -> Result<ParsedRecord, Refusal> {
    let mut rec =
        crate::stages::parse::empty_record("x", "p.html", 0, crate::model::SourceFormat::Html);
    parse(page, &mut rec, extractor).map(|()| rec)
}

#[test]
fn auto_takes_a_clean_article_from_the_native_extractor() {
    let paragraphs: String = STORY.iter().map(|p| format!("<p>{p}</p>")).collect();
    let page = format!(
        r#"<html><head><title>Harbour wall repaired | Gull Gazette</title></head><body>
        <nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
        <article><h1>Harbour wall repaired</h1>{paragraphs}</article>
        <div class="related"><a href="/ferry">Ferry timetable changes next month</a></div>
        <footer>Copyright Gull Gazette</footer></body></html>"#
    );
    assert!(
        !crate::formats::html_native::extract(&page)
            .confidence
            .is_low()
    );
    let rec = parse_with(&page, HtmlExtractor::Auto).unwrap();
    assert_eq!(
        rec.extractor.as_deref(),
        Some(crate::formats::html_native::EXTRACTOR)
    );
    let native = parse_with(&page, HtmlExtractor::Native).unwrap();
    assert_eq!(rec.body, native.body);
    for p in STORY {
        assert!(rec.body.contains(p), "missing: {p}");
    }
    assert!(!rec.body.contains("Ferry timetable"));
}

#[test]
fn auto_falls_back_to_the_crate_when_the_native_choice_is_doubtful() {
    // An old table layout: the story runs through three cells of one row. The native
    // scoring takes one cell as the article, with the other two scoring nearly as high.
    let cells: String = STORY
        .chunks(2)
        .map(|pair| format!("<td><div><p>{}</p><p>{}</p></div></td>", pair[0], pair[1]))
        .collect();
    let page = format!(
        "<html><head><title>Harbour</title></head><body><table><tr>{cells}</tr></table></body></html>"
    );
    let native = crate::formats::html_native::extract(&page);
    assert!(native.confidence.is_low(), "{:?}", native.confidence);
    let native_text = native.paragraphs.join("\n");
    let lost = STORY.iter().filter(|p| !native_text.contains(*p)).count();
    assert!(
        lost >= 2,
        "the native extractor alone keeps the page: {native_text}"
    );
    let rec = parse_with(&page, HtmlExtractor::Auto).unwrap();
    assert_eq!(rec.extractor.as_deref(), Some(EXTRACTOR));
    for p in STORY {
        assert!(rec.body.contains(p), "missing: {p}");
    }
}

#[test]
fn auto_rejects_a_page_that_neither_extractor_finds_text_in() {
    let page = r#"<html><head><title>Gazette</title></head><body><nav><ul>
        <li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
        <noscript>Please enable JavaScript to view this page.</noscript></body></html>"#;
    assert!(
        crate::formats::html_native::extract(page)
            .confidence
            .is_low()
    );
    let err = parse_with(page, HtmlExtractor::Auto).unwrap_err();
    assert_eq!(err.reason, RejectReason::NoMainText);
}

#[test]
fn meta_value_in_angle_brackets_is_text_and_escaped_markup_is_not() {
    use super::meta::meta_text;
    assert_eq!(
        meta_text("<The Palace: Tale of Jang Noksu> opens in Seoul"),
        "<The Palace: Tale of Jang Noksu> opens in Seoul"
    );
    assert_eq!(
        meta_text("<p>Harbour wall <b>repaired</b></p>"),
        "Harbour wall repaired"
    );
    // Encoded twice in the page ("&amp;amp;"): the tokenizer's decoding left one layer.
    assert_eq!(meta_text("Cheech &amp; Chong&nbsp;"), "Cheech & Chong");
}
