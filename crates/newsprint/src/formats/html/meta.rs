//! The head's `<meta>` tags, and the publication date chosen from them, the JSON-LD,
//! `<time>` elements and the line under the headline.

use std::sync::LazyLock;

use chrono::Datelike;
use regex::Regex;

use crate::formats::html_native::HeadlineDate;
use crate::vocab::PublishedSource;

static JSONLD_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""(datePublished|dateModified|dateCreated)"\s*:\s*"([^"]{4,40})""#)
        .expect("valid regex")
});

/// A meta's content as text. The tokenizer has decoded its character references once; what
/// is left is markup written into the value (`<p>…</p>`) or references encoded twice
/// (`&amp;#039;`), and a value holding either is read as a fragment. A lone `<…>` ("<The
/// Palace>", a title in angle brackets) is text.
pub(super) fn meta_text(value: &str) -> String {
    if value.contains('&') || value.contains("</") || value.contains("/>") {
        super::fragment_text(value)
    } else {
        crate::textnorm::clean_line(value)
    }
}

pub(super) fn meta<'a>(tags: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        tags.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    })
}

/// The first `field` date anywhere in the page's JSON-LD, read without parsing the JSON
/// (for blocks that are not valid JSON).
pub(super) fn jsonld_date(html: &str, field: &str) -> Option<String> {
    JSONLD_DATE
        .captures_iter(html)
        .find(|c| &c[1] == field)
        .map(|c| c[2].to_owned())
}

/// The date shown with the headline: the date line (`html_native::HeadlineDate`, read in
/// the tokenizer pass: the first visible text within 600 characters from the `<h1>` that is
/// a date or starts with one, "20.12.2022", "Written: 2023-11-07 15:03", "29.11.2022 – The
/// branch…") of the `<h1>` that shows `title`, else of the first one that is neither a logo
/// nor a link. Dates inside prose ("…the rule that came into force on 28.01.2022…"),
/// scripts and comment threads are not read. On pages without a date in metas, JSON-LD or
/// `<time>`, this is the byline date; the extractor's own text search also reads teasers,
/// event dates and comments further down.
pub(super) fn headline_date(headlines: &[HeadlineDate], title: Option<&str>) -> Option<String> {
    let fold = |s: &str| crate::textnorm::clean_line(s).to_lowercase();
    let title = title.map(fold).filter(|t| !t.is_empty());
    let mut candidates = headlines.iter().filter(|h| !h.logo);
    let h1 = candidates
        .clone()
        .find(|h| {
            title.as_ref().is_some_and(|t| {
                h.text.chars().count() >= 3 && (t.contains(&h.text) || h.text.contains(t.as_str()))
            })
        })
        .or_else(|| candidates.find(|h| !h.has_link))?;
    h1.line.clone()
}

/// The publication date and where it was found (`published_source`): the article's own
/// fields first (`article:published_time`, the article object's JSON-LD `datePublished`,
/// the JSON-LD when they name different days);
/// generic `date` metas often hold the print edition's day or the page's build time.
pub(super) fn choose_published(
    html: &str,
    facts: &crate::formats::html_native::PageFacts,
    tags: &[(String, String)],
    ld: Option<&crate::formats::jsonld::JsonLdArticle>,
    extractor_date: impl FnOnce() -> Option<chrono::NaiveDate>,
    url: Option<&str>,
    title: Option<&str>,
) -> (Option<String>, Option<PublishedSource>) {
    let times = &facts.time_datetimes;
    // The first value of these metas that is not a CMS placeholder.
    let meta_date = |keys: &[&str]| {
        keys.iter()
            .flat_map(|k| tags.iter().filter(move |(key, _)| key == k))
            .map(|(_, v)| v.as_str())
            .find(|v| !is_placeholder_date(v))
            .map(|d| (d.to_owned(), PublishedSource::Meta))
    };
    let ld_date = || {
        ld.and_then(|a| a.date_published.clone())
            .or_else(|| jsonld_date(html, "datePublished"))
            .map(|d| (d, PublishedSource::JsonLd))
            .filter(|(d, _)| !is_placeholder_date(d))
    };
    let day = |raw: &str| crate::dates::parse_publication_date(raw).map(|d| d.date);
    let found = match meta_date(&[
        "article:published_time",
        "og:published_time",
        "datepublished",
    ]) {
        // When the two name different days, the JSON-LD is usually the first publication
        // and the meta a later edit's.
        Some(meta) => match ld_date() {
            Some(ld) if day(&ld.0).is_some_and(|d| day(&meta.0).is_some_and(|m| m != d)) => {
                Some(ld)
            }
            _ => Some(meta),
        },
        None => ld_date(),
    }
    .or_else(|| meta_date(&["pubdate", "publishdate", "dc.date", "date"]))
    .or_else(|| {
        times
            .first()
            .map(|t| (t.clone(), PublishedSource::Time))
            .filter(|(d, _)| !is_placeholder_date(d))
    })
    .or_else(|| {
        // The extractor's own date search reads the URL, more metas and the text; a date in
        // the URL or a meta comes first, then the date shown with the headline, then the
        // extractor's text date (which also reads teasers, event dates and comments).
        let headline = headline_date(&facts.headline_dates, title);
        // Under a date line, the extractor's day matters only when the URL or a meta
        // writes it; when neither can, its search (with `auto`, a crate pass) is spared.
        if headline.is_some()
            && !url.is_some_and(may_hold_day)
            && !tags.iter().any(|(_, v)| opens_with_iso_day(v))
        {
            return headline.map(|d| (d, PublishedSource::Text));
        }
        let extractor = extractor_date().and_then(|d| {
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
            if d.ordinal() == 1 && !in_url && !in_meta && !shows_new_year(html, d.year()) {
                return None;
            }
            let source = if in_url {
                PublishedSource::Url
            } else if in_meta {
                PublishedSource::Meta
            } else {
                PublishedSource::Text
            };
            Some((iso, source))
        });
        match extractor {
            Some(found) if found.1 != PublishedSource::Text => Some(found),
            _ => headline.map(|d| (d, PublishedSource::Text)).or(extractor),
        }
    });
    let found = found.map(|(date, source)| match local_time_tag(times, &date) {
        Some(local) if source != PublishedSource::Time => (local, PublishedSource::Time),
        _ => (date, source),
    });
    match found {
        Some((date, source)) => (Some(date), Some(source)),
        None => (None, None),
    }
}

/// Whether `url` has the digits of a day in any form `choose_published` finds one there
/// ("2024/05/03", "2024-05-03", "20240503"): eight digits at least.
fn may_hold_day(url: &str) -> bool {
    url.bytes().filter(u8::is_ascii_digit).count() >= 8
}

/// Whether a meta value opens with a day written `YYYY-MM-DD`.
fn opens_with_iso_day(value: &str) -> bool {
    value.as_bytes().get(..10).is_some_and(|b| {
        b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
    })
}

/// A CMS's empty date: year 1 ("0001-01-01T00:00:00Z"), the Unix epoch, or anything
/// before 1800. A value that does not parse is not judged here (normalize reports it).
pub(super) fn is_placeholder_date(raw: &str) -> bool {
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
pub(super) fn shows_new_year(html: &str, year: i32) -> bool {
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
fn local_time_tag(times: &[String], chosen: &str) -> Option<String> {
    use crate::dates::{DatePrecision, parse_publication_date};
    use chrono::Timelike;
    let utc = parse_publication_date(chosen)?;
    let time = utc.time?;
    if utc.utc_offset_minutes != Some(0) {
        return None;
    }
    for (i, t) in times.iter().enumerate() {
        let Some(local) = parse_publication_date(t) else {
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
            return Some(t.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logo_h1s_are_passed_over_by_the_date_line_reader() {
        // No title to match: the first `<h1>` that is not a logo (by class, or by a home link
        // after the logo's own style) is the headline, and its date line is the one read.
        let page = r#"<html><body><h1 class="site-logo">Gull Gazette</h1><p>2024-12-31</p>
    <h1>
      <style>.a{b:c}</style> <a href="https://gull.example/">Gull</a></h1><p>2025-01-02</p>
    <h1>Harbour wall repaired</h1><p>2025-03-04</p></body></html>"#;
        assert_eq!(
            headline_date(
                &crate::formats::html_native::page_facts(page).headline_dates,
                None
            )
            .as_deref(),
            Some("2025-03-04")
        );
    }
}
