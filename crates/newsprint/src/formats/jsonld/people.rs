//! The people trafilatura's JSON-LD reader names as a page's authors, for the byline
//! `auto` computes in place of the crate's metadata pass (`html::fallbacks`). Its rules for
//! which objects are articles and which people count differ from ours in `jsonld`, on
//! purpose: this reproduces the crate's answer.

/// A JSON-LD object in the walk: its types (lowercase) and its parent's and grandparent's.
struct Schema<'a> {
    obj: &'a serde_json::Map<String, serde_json::Value>,
    types: Vec<String>,
    parent: Option<Vec<String>>,
    grandparent: Option<Vec<String>>,
}

fn schema_types(obj: &serde_json::Map<String, serde_json::Value>) -> Vec<String> {
    match obj.get("@type") {
        Some(serde_json::Value::String(t)) => vec![t.to_lowercase()],
        Some(serde_json::Value::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(str::to_lowercase))
            .collect(),
        _ => Vec::new(),
    }
}

fn is_article_kind(types: &[String]) -> bool {
    types.iter().any(|t| {
        ["article", "posting", "page", "listing"]
            .iter()
            .any(|k| t.contains(k))
            || t == "report"
            || t == "blog"
    })
}

/// The names a JSON-LD value gives (`name`, else given and family name, `legalName`,
/// `alternateName`), of people only when `people_only`.
fn schema_names(v: &serde_json::Value, people_only: bool) -> Vec<String> {
    use serde_json::Value;
    let strings = |v: Option<&Value>| -> Vec<String> {
        match v {
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    };
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items
            .iter()
            .flat_map(|x| schema_names(x, people_only))
            .collect(),
        Value::Object(obj) => {
            let types = schema_types(obj);
            let person = types.iter().any(|t| t == "person");
            if people_only && !person {
                return Vec::new();
            }
            let mut names = strings(obj.get("name"));
            if names.is_empty() && person {
                let parts: Vec<&str> = ["givenName", "additionalName", "familyName"]
                    .iter()
                    .filter_map(|k| obj.get(*k).and_then(|x| x.as_str()))
                    .collect();
                names.extend(Some(parts.join(" ")).filter(|n| !n.trim().is_empty()));
            }
            for key in ["legalName", "alternateName"] {
                if names.is_empty() {
                    names = strings(obj.get(key));
                }
            }
            if names.is_empty()
                && let Some(inner @ (Value::Object(_) | Value::Array(_))) = obj.get("name")
            {
                return schema_names(inner, people_only);
            }
            names
                .into_iter()
                .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|n| !n.is_empty())
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The people the crate's JSON-LD reader names as authors: the `author` people of the
/// article objects (articles and postings before blogs, blogs before pages), else every
/// person object, those inside an article when there are such. Names of one word, URLs
/// and JSON are not names to it.
pub(crate) fn people_as_trafilatura_reads(blocks: &[serde_json::Value]) -> Vec<String> {
    fn walk<'a>(
        obj: &'a serde_json::Map<String, serde_json::Value>,
        parent: Option<&[String]>,
        grandparent: Option<&[String]>,
        out: &mut Vec<Schema<'a>>,
    ) {
        let types = schema_types(obj);
        out.push(Schema {
            obj,
            types: types.clone(),
            parent: parent.map(<[String]>::to_vec),
            grandparent: grandparent.map(<[String]>::to_vec),
        });
        for value in obj.values() {
            let children: Vec<&serde_json::Value> = match value {
                serde_json::Value::Array(a) => a.iter().collect(),
                v => vec![v],
            };
            for child in children {
                if let serde_json::Value::Object(c) = child {
                    walk(c, Some(&types), parent, out);
                }
            }
        }
    }
    let mut all: Vec<Schema<'_>> = Vec::new();
    for block in blocks {
        let tops: Vec<&serde_json::Value> = match block {
            serde_json::Value::Array(a) => a.iter().collect(),
            v => vec![v],
        };
        for top in tops {
            if let serde_json::Value::Object(obj) = top {
                walk(obj, None, None, &mut all);
            }
        }
    }
    let valid =
        |n: &String| n.contains(' ') && !n.starts_with("http") && !n.contains(['{', '}', '[', ']']);
    let rank = |types: &[String]| -> u8 {
        let has = |k: &str| types.iter().any(|t| t.contains(k));
        if has("article") || has("posting") || types.iter().any(|t| t == "report") {
            3
        } else if types.iter().any(|t| t == "blog") {
            2
        } else {
            u8::from(is_article_kind(types))
        }
    };
    let mut articles: Vec<&Schema<'_>> = all.iter().filter(|s| rank(&s.types) > 0).collect();
    articles.sort_by_key(|s| std::cmp::Reverse(rank(&s.types)));
    for article in articles {
        let names: Vec<String> = article
            .obj
            .get("author")
            .map(|a| schema_names(a, true))
            .unwrap_or_default()
            .into_iter()
            .filter(valid)
            .collect();
        if !names.is_empty() {
            return names;
        }
    }
    let people: Vec<&Schema<'_>> = all
        .iter()
        .filter(|s| s.types.iter().any(|t| t == "person"))
        .collect();
    let in_article = |s: &&Schema<'_>| match &s.parent {
        None => true,
        Some(parent) if parent.iter().any(|t| t == "person") => {
            s.grandparent.as_deref().is_none_or(is_article_kind)
        }
        Some(parent) => is_article_kind(parent),
    };
    let inside: Vec<&Schema<'_>> = people.iter().copied().filter(in_article).collect();
    let people = if inside.is_empty() { people } else { inside };
    let mut names: Vec<String> = Vec::new();
    for p in people {
        for n in schema_names(&serde_json::Value::Object(p.obj.clone()), false) {
            if valid(&n) && !names.contains(&n) {
                names.push(n);
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::people_as_trafilatura_reads as people;

    fn blocks(json: &str) -> Vec<serde_json::Value> {
        vec![serde_json::from_str(json).expect("test JSON")]
    }

    #[test]
    fn the_article_author_comes_before_other_people() {
        let json = r#"{"@graph": [{"@type": "Person", "name": "Site Owner"},
            {"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"}}]}"#;
        assert_eq!(people(&blocks(json)), ["Jane Doe"]);
    }

    #[test]
    fn a_creator_inside_the_article_counts_when_the_author_is_the_site() {
        let json = r#"{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Daily Site"},
            "creator": {"@type": "Person", "name": "Jane Doe"}}"#;
        assert_eq!(people(&blocks(json)), ["Jane Doe"]);
    }

    #[test]
    fn one_word_names_are_not_names() {
        let json = r#"{"@type": "Article", "author": {"@type": "Person", "name": "admin"}}"#;
        assert!(people(&blocks(json)).is_empty());
    }
}
