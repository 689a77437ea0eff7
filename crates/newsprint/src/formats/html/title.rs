//! The headline: the article's JSON-LD `headline`, the page's `<h1>` or a share title, with
//! site names, logos and kickers taken off.

use std::sync::LazyLock;

use regex::Regex;

use super::fragment_text;
use super::meta::{meta, meta_text};
use crate::formats::html_native::{H1, PageFacts};

/// Where a JSON `"headline"` string opens. Its value is read by `headline_value`: the
/// bounds (3 to 600 characters) written into the regex made it take 7 ms to compile, a
/// third of a one-page run.
static JSONLD_HEADLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""headline"\s*:\s*""#).expect("valid regex"));

/// The first `"headline"` in `html` whose string holds 3 to 600 characters (an escape
/// counts as one): where its key starts, and the string's raw (still escaped) text.
fn first_headline_string(html: &str) -> Option<(usize, &str)> {
    JSONLD_HEADLINE.find_iter(html).find_map(|key| {
        let rest = &html[key.end()..];
        let mut units = 0;
        let mut chars = rest.char_indices();
        while let Some((at, c)) = chars.next() {
            match c {
                '"' => return (units >= 3).then(|| (key.start(), &rest[..at])),
                '\\' if !matches!(chars.next(), Some((_, escaped)) if escaped != '\n') => {
                    return None;
                }
                _ => {}
            }
            units += 1;
            if units > 600 {
                return None;
            }
        }
        None
    })
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

/// The text of each `<h1>` that could be the headline: not the site's logo, headline-sized.
fn headline_h1s(h1s: &[H1]) -> Vec<String> {
    h1s.iter()
        .filter(|h| !h.logo && headline_sized(&h.text))
        .map(|h| h.text.clone())
        .collect()
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
pub(super) fn choose_title(
    html: &str,
    tags: &[(String, String)],
    ld: Option<&crate::formats::jsonld::JsonLdArticle>,
    facts: &PageFacts,
) -> Option<String> {
    // A share title with no text (markup over the work budget, "&nbsp;") is no title: it
    // must not hide the `<title>`.
    let share_title = |key: &str| meta(tags, &[key]).map(meta_text).filter(|t| !t.is_empty());
    let og_title = share_title("og:title");
    let twitter_title = share_title("twitter:title");
    let meta_title = og_title.clone().or_else(|| twitter_title.clone());
    let title_tag = facts.title.clone();
    let h1s = headline_h1s(&facts.h1s);
    let jsonld = jsonld_headline(html, ld, &[&og_title, &twitter_title, &title_tag], &h1s);
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

/// The JSON-LD headline, unless the page's other titles (`others`, and its `<h1>`s) show it
/// is not this page's whole headline: a headline another title continues (cut short); a
/// `"headline"` found outside the article object (an ad configuration, a related story in
/// the page state) that no other title shares; an article headline in lowercase that shares
/// no title's words while an `<h1>` does (a description: "constitutional monarchy in Oceania").
fn jsonld_headline(
    html: &str,
    ld: Option<&crate::formats::jsonld::JsonLdArticle>,
    others: &[&Option<String>],
    h1s: &[String],
) -> Option<String> {
    let from_article = ld
        .and_then(|a| a.headline.clone())
        .filter(|t| !t.is_empty());
    let mut in_article = from_article.is_some();
    let headline = match from_article {
        Some(h) => h,
        None => {
            let (start, raw) = first_headline_string(html)?;
            in_article = in_jsonld_script(html, start);
            fragment_text(&serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()?)
        }
    };
    let mut titles: Vec<String> = others
        .iter()
        .filter_map(|t| t.as_ref())
        .map(|t| strip_site_suffix(t).to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    // Cut short: an ellipsis where it stops, or a word cut in two. A longer share title
    // that adds words after a whole headline is a rewrite, not a sign of a cut.
    let cut = headline.trim_end_matches(['…', '.', ' ']);
    let ellipsis = cut.len() < headline.trim_end().len();
    let continued = |t: &String| {
        t.len() > cut.len() + 1
            && t.starts_with(cut)
            && t[cut.len()..].starts_with(|c: char| c.is_alphanumeric() || (ellipsis && c == ' '))
    };
    if !cut.is_empty() && titles.iter().chain(h1s).any(continued) {
        return None;
    }
    if titles.is_empty() && h1s.is_empty() {
        return Some(headline);
    }
    let h1_agrees = h1s.iter().any(|h| matches_a_title(h, &titles));
    titles.extend(h1s.iter().cloned());
    let shared = matches_a_title(&headline, &titles);
    // A headline in sentence case that shares no word with the page's titles is still the
    // headline (news sites' JSON-LD often holds the print headline, the <h1> the web one);
    // one that opens in lowercase is a description.
    let description = headline.starts_with(|c: char| c.is_lowercase());
    if shared || (in_article && !(h1_agrees && description)) {
        Some(headline)
    } else {
        None
    }
}

/// Whether byte `at` lies in a `<script type="application/ld+json">`, not in a page-state or
/// ad-configuration script.
fn in_jsonld_script(html: &str, at: usize) -> bool {
    let before = &html.as_bytes()[..at];
    let Some(open) = (0..before.len().saturating_sub(6))
        .rev()
        .find(|&i| before[i..i + 7].eq_ignore_ascii_case(b"<script"))
    else {
        return false;
    };
    let tag_end = before[open..]
        .iter()
        .position(|&b| b == b'>')
        .map_or(before.len(), |i| open + i);
    before[open..tag_end]
        .to_ascii_lowercase()
        .windows(7)
        .any(|w| w == b"ld+json")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_strings_too_short_too_long_or_unclosed_are_passed_over() {
        let long = "w".repeat(601);
        let page = format!(
            r#"{{"headline":"ab"}} {{"headline" : "{long}"}} {{"headline": "Say \"yes\" \u00e9"}}"#
        );
        let (start, raw) = first_headline_string(&page).expect("the third headline");
        assert_eq!(raw, r#"Say \"yes\" \u00e9"#);
        assert_eq!(&page[start..start + 10], r#""headline""#);
        assert!(start > 600);
        // 600 characters is the most a headline may hold; escapes count once.
        let at_limit = format!(r#""headline":"{}\n""#, "w".repeat(599));
        assert_eq!(
            first_headline_string(&at_limit).map(|(_, r)| r.len()),
            Some(601)
        );
        assert_eq!(first_headline_string(r#""headline":"never closed"#), None);
        assert_eq!(
            first_headline_string("\"headline\":\"bad \\\n escape\""),
            None
        );
    }

    /// The title `choose_title` gives for a page, with the page's own tokenizer facts.
    fn title_of(
        page: &str,
        tags: &[(String, String)],
        ld: Option<&crate::formats::jsonld::JsonLdArticle>,
    ) -> Option<String> {
        let facts = crate::formats::html_native::page_facts(page);
        choose_title(page, tags, ld, &facts)
    }

    #[test]
    fn title_prefers_the_article_headline_over_share_titles() {
        let tags = vec![(
            "og:title".to_owned(),
            "Harbour wall fixed! | Gull Gazette".to_owned(),
        )];
        let page = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall repaired after \"winter\" storms &amp; floods"}</script><h1>Other</h1>"#;
        assert_eq!(
            title_of(page, &tags, None).as_deref(),
            Some("Harbour wall repaired after \"winter\" storms & floods")
        );
        let page = "<h1 class=\"headline\">Harbour <em>wall</em> repaired</h1>";
        assert_eq!(
            title_of(page, &tags, None).as_deref(),
            Some("Harbour wall repaired")
        );
        assert_eq!(
            title_of("<h1>Logo</h1>", &tags, None).as_deref(),
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

    #[test]
    fn login_dialog_h1_is_not_the_title() {
        let tags = vec![(
            "og:title".to_owned(),
            "Harbour wall repaired after winter storms".to_owned(),
        )];
        let page =
            "<h1>Log In</h1><h1 class=\"headline\">Harbour wall repaired after winter storms</h1>";
        assert_eq!(
            title_of(page, &tags, None).as_deref(),
            Some("Harbour wall repaired after winter storms")
        );
        // Without a matching `<h1>`, the first one still stands.
        let page = "<h1>Harbour wall fixed at last</h1>";
        assert_eq!(
            title_of(page, &[], None).as_deref(),
            Some("Harbour wall fixed at last")
        );
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
        assert_eq!(title_of(&page, &tags, None).as_deref(), Some(headline));
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
        let ld = crate::formats::jsonld::article(page);
        assert_eq!(
            title_of(page, &[], ld.as_ref()).as_deref(),
            Some("Harbour wall repaired")
        );
        // A headline that only begins like the `<h1>` is another wording, and is kept.
        let page = r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"Harbour wall repaired at last"}</script>
<h1>Harbour wall repaired</h1>"#;
        let ld = crate::formats::jsonld::article(page);
        assert_eq!(
            title_of(page, &[], ld.as_ref()).as_deref(),
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
                title_of(&page, &tags, None).as_deref(),
                Some("Ferry keeps running through the winter"),
                "{h1}"
            );
        }
        let page = "<h1><span>Ferry keeps running through the winter</span><a href=\"/isles\">Isles Gazette</a></h1>";
        assert_eq!(
            title_of(page, &tags, None).as_deref(),
            Some("Ferry keeps running through the winter")
        );
        // A trailing clause is the headline's own, and a compound's first part is no kicker.
        for h1 in [
            "Ferry keeps running through the winter - and the summer",
            "Night-Ferry keeps running through the winter",
        ] {
            let page = format!("<h1>{h1}</h1>");
            assert_eq!(title_of(&page, &tags, None).as_deref(), Some(h1));
        }
    }

    #[test]
    fn h1_in_a_script_template_or_with_a_logo_style_is_not_the_headline() {
        let page = r#"<script type="text/template"><h1 class="Teaser"><%= element.value %></h1></script>
<h1><style>.alogo{display:block}</style> <a class="alogo" href="/">Gazette</a></h1>
<h1>Harbour wall repaired at last</h1>"#;
        assert_eq!(
            title_of(page, &[], None).as_deref(),
            Some("Harbour wall repaired at last")
        );
        assert_eq!(
            fragment_text("<style>.a{b:c}</style>Gazette <script>x()</script>Online"),
            "Gazette Online"
        );
    }
}
