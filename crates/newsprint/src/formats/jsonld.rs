//! The article object of a page's JSON-LD (`NewsArticle`, `Article`, `BlogPosting`, ...):
//! the publisher's own statement of headline, dates and authors, preferred over share tags.

use serde_json::Value;

mod people;
pub(crate) use people::people_as_trafilatura_reads;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonLdArticle {
    pub headline: Option<String>,
    pub date_published: Option<String>,
    pub date_modified: Option<String>,
    pub authors: Vec<String>,
    /// The publisher's name: an author equal to it is the site, not a byline.
    pub publisher: Option<String>,
    /// `articleSection`, the first one when it is a list.
    pub section: Option<String>,
}

/// Types that describe the page's own article (schema.org's Article and its kinds).
fn is_article_type(value: &Value) -> bool {
    let is_article = |t: &str| {
        t.ends_with("Article")
            || matches!(
                t,
                "BlogPosting" | "Report" | "LiveBlogPosting" | "ClaimReview" | "WebPage"
            )
    };
    match value {
        Value::String(t) => is_article(t),
        Value::Array(types) => types.iter().any(|t| t.as_str().is_some_and(is_article)),
        _ => false,
    }
}

/// Every object of a JSON-LD document, `@graph` and arrays flattened, nested objects not.
fn top_objects<'a>(value: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| top_objects(v, out)),
        Value::Object(map) => {
            out.push(map);
            if let Some(graph) = map.get("@graph") {
                top_objects(graph, out);
            }
        }
        _ => {}
    }
}

fn text(value: &Value) -> Option<String> {
    let s = match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => return items.iter().find_map(text),
        Value::Object(map) => return map.get("name").or_else(|| map.get("@value")).and_then(text),
        _ => return None,
    };
    let s = super::html::fragment_text(&s);
    (!s.is_empty()).then_some(s)
}

fn names(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| names(v, out)),
        other => {
            // Entities are decoded by `text` before the split, so "Redacci&oacute;n" stays
            // one name; "Jane Doe and John Roe" in one `name` becomes two.
            if let Some(field) = text(other) {
                for name in super::authors::split_names(&field) {
                    if !out.iter().any(|n| n == &name) {
                        out.push(name);
                    }
                }
            }
        }
    }
}

/// Authors of objects that are not the page's article, at any depth: the author of a
/// fact-checked `Claim`, of a reviewed book, of an embedded video. Never the page's byline.
#[cfg(test)]
pub fn foreign_authors(html: &str) -> Vec<String> {
    foreign_authors_in(&blocks(html))
}

/// The page's JSON-LD blocks that parse as JSON, in page order: parsed once for the article
/// and the foreign authors. The page must be within the HTML work budget. (The parse
/// path reads the scripts in the tokenizer's pass: `parse_blocks`.)
#[cfg(test)]
pub fn blocks(html: &str) -> Vec<Value> {
    parse_blocks(&super::html_native::page_facts(html).jsonld)
}

/// The JSON-LD scripts' texts (as the tokenizer read them) that parse as JSON, in order.
pub fn parse_blocks(scripts: &[String]) -> Vec<Value> {
    scripts
        .iter()
        .filter_map(|text| serde_json::from_str::<Value>(text.trim()).ok())
        .collect()
}

/// `foreign_authors` over blocks already parsed.
pub fn foreign_authors_in(blocks: &[Value]) -> Vec<String> {
    fn walk(value: &Value, inside_other: bool, out: &mut Vec<String>) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| walk(v, inside_other, out)),
            Value::Object(map) => {
                let kind = map.get("@type");
                let is_article = kind.is_some_and(is_article_type);
                let is_agent = kind.and_then(Value::as_str).is_some_and(|t| {
                    matches!(t, "Person" | "Organization" | "NewsMediaOrganization")
                });
                let other = !is_article && !is_agent && kind.is_some();
                for (key, v) in map {
                    if (other || inside_other) && matches!(key.as_str(), "author" | "creator") {
                        names(v, out);
                    } else {
                        walk(v, (other || inside_other) && !is_article, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for doc in blocks {
        walk(doc, false, &mut out);
    }
    out
}

/// The first article object among the page's JSON-LD blocks; a `WebPage` only when no
/// article kind is there. Blocks that are not valid JSON are passed over.
#[cfg(test)]
pub fn article(html: &str) -> Option<JsonLdArticle> {
    article_in(&blocks(html))
}

/// `article` over blocks already parsed.
pub fn article_in(blocks: &[Value]) -> Option<JsonLdArticle> {
    let mut best: Option<(bool, JsonLdArticle)> = None;
    for doc in blocks {
        let mut objects = Vec::new();
        top_objects(doc, &mut objects);
        for obj in objects {
            let Some(kind) = obj.get("@type").filter(|t| is_article_type(t)) else {
                continue;
            };
            let is_page = kind.as_str() == Some("WebPage");
            let mut found = JsonLdArticle {
                // Not `name`: on pages it is usually the window title, site name included.
                headline: obj.get("headline").and_then(text),
                date_published: obj.get("datePublished").and_then(text),
                date_modified: obj.get("dateModified").and_then(text),
                authors: Vec::new(),
                publisher: obj.get("publisher").and_then(text),
                section: obj.get("articleSection").and_then(text),
            };
            if let Some(a) = obj.get("author").or_else(|| obj.get("creator")) {
                names(a, &mut found.authors);
            }
            match &best {
                Some((false, _)) => {}
                Some((true, _)) if is_page => {}
                _ => best = Some((is_page, found)),
            }
            if !is_page {
                return best.map(|(_, a)| a);
            }
        }
    }
    best.map(|(_, a)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_object_in_a_graph_with_organisation_and_people() {
        let html = r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"ImageObject","datePublished":"2020-01-01"},
            {"@type":"NewsArticle","headline":"Redacci&oacute;n on the harbour","datePublished":"2025-03-04T09:30:00+01:00",
             "author":[{"@type":"Person","name":"María R. Sahuquillo"},{"@type":"Organization","name":"dpa"}]}]}</script>"#;
        let a = article(html).unwrap();
        assert_eq!(a.headline.as_deref(), Some("Redacción on the harbour"));
        assert_eq!(
            a.date_published.as_deref(),
            Some("2025-03-04T09:30:00+01:00")
        );
        assert_eq!(a.authors, ["María R. Sahuquillo", "dpa"]);
    }

    #[test]
    fn broken_blocks_and_pages_without_articles() {
        assert_eq!(
            article("<script type='application/ld+json'>{not json</script>"),
            None
        );
        let only_site =
            r#"<script type="application/ld+json">{"@type":"WebSite","name":"Gazette"}</script>"#;
        assert_eq!(article(only_site), None);
        let author_string = r#"<script type="application/ld+json">[{"@type":"BlogPosting","author":"By Ines Okafor"}]</script>"#;
        assert_eq!(article(author_string).unwrap().authors, ["Ines Okafor"]);
    }

    #[test]
    fn entity_in_author_name_is_decoded_not_split() {
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"Redacci&oacute;n Diario Uno"}}</script>"#;
        assert_eq!(article(html).unwrap().authors, ["Redacción Diario Uno"]);
    }

    #[test]
    fn two_people_in_one_author_name_become_two_authors() {
        let html = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Jane Doe and John Roe"},"publisher":{"name":"Gazette"},"articleSection":"Harbour"}</script>"#;
        let a = article(html).unwrap();
        assert_eq!(a.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(a.publisher.as_deref(), Some("Gazette"));
        assert_eq!(a.section.as_deref(), Some("Harbour"));
    }

    #[test]
    fn claim_review_is_the_article_and_the_claim_author_is_foreign() {
        let html = r#"<script type="application/ld+json">{"@type":"ClaimReview","datePublished":"2026-05-13",
            "author":{"@type":"Organization","name":"Check Desk"},
            "itemReviewed":{"@type":"Claim","datePublished":"2026-05-07","author":{"@type":"Person","name":"Claimant Person"}}}</script>"#;
        let a = article(html).unwrap();
        assert_eq!(a.date_published.as_deref(), Some("2026-05-13"));
        assert_eq!(a.authors, ["Check Desk"]);
        assert_eq!(foreign_authors(html), ["Claimant Person"]);
    }
}
