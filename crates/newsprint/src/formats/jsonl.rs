//! JSON lines input: one article per line, as exported by news-please, trafilatura, Dolma
//! and similar tools. A [`FieldMapping`] says where each field is (candidate dotted paths,
//! first present wins). Streaming: one line in memory at a time, at most `max_line_bytes`.

use std::io::{self, BufRead};

use serde_json::{Map, Value};

use crate::vocab::RejectReason;

/// Lines longer than this are reported as `too_large` and passed over.
pub const DEFAULT_MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// One line's outcome. Empty lines give nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonlItem {
    /// `line` is 1-based.
    Article { line: u64, article: JsonArticle },
    /// Reasons: `bad_json`, `not_object`, `no_text`, `too_large` (a line over the limit),
    /// `truncated` / `read_error` (the input failed: the reader stops).
    Broken {
        line: u64,
        reason: RejectReason,
        message: String,
    },
}

/// The fields of one article. Strings are trimmed and never empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonArticle {
    pub text: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    pub site_name: Option<String>,
    pub description: Option<String>,
}

/// Where each field is: a list of candidate paths (`"maintext"`, `"metadata.title"`), the
/// first one present and non-empty wins. A key that itself contains dots is found too.
/// Deserialised from config, a field left out keeps its built-in candidates.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FieldMapping {
    pub text: Vec<String>,
    pub title: Vec<String>,
    pub url: Vec<String>,
    pub published: Vec<String>,
    pub authors: Vec<String>,
    pub language: Vec<String>,
    pub site_name: Vec<String>,
    pub description: Vec<String>,
}

impl Default for FieldMapping {
    fn default() -> Self {
        Self::builtin()
    }
}

fn paths(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

impl FieldMapping {
    /// Covers news-please (`maintext`, `date_publish`, `authors`, `source_domain`, …), its
    /// Parquet-style `main_text`, trafilatura JSON (`text`, `date`, `author` as "A; B",
    /// `sitename`/`source-hostname`/`hostname`, `source` as URL, `excerpt`; also nested
    /// `metadata.*`), Dolma (`text`, `metadata.title`, `metadata.url`, `id` as URL), grover
    /// realnews (`publish_date`, `summary`, `domain`) and generic names.
    ///
    /// Crawl or extraction dates (`date_download`, `date_crawled`, `warc_date`, `filedate`)
    /// are deliberately not publication dates. A URL candidate only counts when its value
    /// looks like a URL, so Dolma's `source: "common-crawl"` falls through to `id`.
    pub fn builtin() -> Self {
        FieldMapping {
            text: paths(&[
                "maintext",
                "main_text",
                "text",
                "raw_text",
                "content",
                "body",
                "article_text",
                "articleBody",
                "article",
                "metadata.text",
            ]),
            title: paths(&["title", "headline", "metadata.title", "metadata.headline"]),
            url: paths(&[
                "url",
                "link",
                "source_url",
                "canonical_url",
                "metadata.url",
                "metadata.source",
                "source",
                "id",
            ]),
            published: paths(&[
                "date_publish",
                "publish_date",
                "published",
                "published_at",
                "datePublished",
                "pubdate",
                "date",
                "metadata.date_publish",
                "metadata.publish_date",
                "metadata.published",
                "metadata.date",
            ]),
            authors: paths(&[
                "authors",
                "author",
                "byline",
                "metadata.authors",
                "metadata.author",
            ]),
            language: paths(&["language", "lang", "metadata.language", "metadata.lang"]),
            site_name: paths(&[
                "site_name",
                "sitename",
                "source-hostname",
                "source_domain",
                "hostname",
                "domain",
                "metadata.site_name",
                "metadata.sitename",
                "metadata.source_domain",
                "metadata.hostname",
                "metadata.domain",
            ]),
            description: paths(&[
                "description",
                "excerpt",
                "summary",
                "metadata.description",
                "metadata.excerpt",
            ]),
        }
    }

    /// The article in one JSON object; `None` when it has no non-empty text.
    pub fn extract(&self, obj: &Map<String, Value>) -> Option<JsonArticle> {
        let text = first(obj, &self.text, text_of)?;
        Some(JsonArticle {
            text,
            title: first(obj, &self.title, scalar),
            url: first(obj, &self.url, |v| scalar(v).filter(|s| looks_like_url(s))),
            published: first(obj, &self.published, scalar),
            authors: first(obj, &self.authors, |v| {
                Some(authors_of(v)).filter(|a| !a.is_empty())
            })
            .unwrap_or_default(),
            language: first(obj, &self.language, scalar),
            site_name: first(obj, &self.site_name, scalar),
            description: first(obj, &self.description, scalar),
        })
    }
}

/// Whether the start of a file looks like JSON lines: its first non-blank line is a JSON
/// object (or, when `head` ends inside that line, starts like one: `{"key"`).
///
/// Lines are judged as the reader reads them, stray bytes that are not UTF-8 included. A
/// first line that is no object (cut off, or damaged beyond that) does not decide for the
/// whole file: the other whole lines of `head` do, when at least as many of them are objects
/// as not. A pretty-printed JSON document opens with `{` alone on its line, and its inner
/// lines are keys, not objects, so it is still told apart.
pub fn looks_like_jsonl(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = &head[start..];
    if !head.starts_with(b"{") {
        return false;
    }
    let Some(end) = memchr::memchr(b'\n', head) else {
        return starts_like_object(head);
    };
    let first = &head[..end];
    if is_object_line(first) {
        return true;
    }
    if first.trim_ascii() == b"{" {
        return false;
    }
    let rest = &head[end + 1..];
    let (whole, partial) = match memchr::memrchr(b'\n', rest) {
        Some(last) => (&rest[..last], &rest[last + 1..]),
        None => (&b""[..], rest),
    };
    let (mut objects, mut others) = (0usize, 0usize);
    for line in whole.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        if is_object_line(line) {
            objects += 1;
        } else {
            others += 1;
        }
    }
    let partial = partial.trim_ascii_start();
    if !partial.is_empty() && starts_like_object(partial) {
        objects += 1;
    }
    objects > 0 && objects >= others
}

/// A whole line that holds one JSON object, read as the reader reads it (stray bytes that are
/// not UTF-8 replaced).
fn is_object_line(line: &[u8]) -> bool {
    match serde_json::from_slice::<Value>(line) {
        Ok(v) => v.is_object(),
        Err(_) if std::str::from_utf8(line).is_err() => {
            serde_json::from_str::<Value>(&String::from_utf8_lossy(line))
                .is_ok_and(|v| v.is_object())
        }
        Err(_) => false,
    }
}

/// The start of a line cut off by the end of what was read: `{"key":`, or `{}` whole.
fn starts_like_object(head: &[u8]) -> bool {
    let Some(rest) = head.strip_prefix(b"{") else {
        return false;
    };
    match rest.iter().position(|b| !b.is_ascii_whitespace()) {
        Some(i) if rest[i] == b'}' => is_object_line(head),
        Some(i) => rest[i] == b'"' && memchr::memmem::find(rest, b"\":").is_some(),
        None => false,
    }
}

/// Streams the articles of a JSON lines input.
pub struct JsonlReader<R: BufRead> {
    reader: R,
    mapping: FieldMapping,
    line: u64,
    max_line_bytes: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(reader: R, mapping: FieldMapping) -> Self {
        JsonlReader {
            reader,
            mapping,
            line: 0,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            buf: Vec::new(),
            done: false,
        }
    }

    pub fn with_max_line_bytes(mut self, max: usize) -> Self {
        self.max_line_bytes = max;
        self
    }

    /// Reads the next line into `buf` (without its LF). `Ok(false)` at the end; `Ok(true)`
    /// with `too_long` set when the line went over the limit (its rest is passed over).
    fn read_line(&mut self, too_long: &mut bool) -> io::Result<bool> {
        self.buf.clear();
        *too_long = false;
        let mut any = false;
        loop {
            let avail = match self.reader.fill_buf() {
                Ok(a) => a,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                return Ok(any);
            }
            any = true;
            let (take, end) = match memchr::memchr(b'\n', avail) {
                Some(i) => (i, true),
                None => (avail.len(), false),
            };
            if !*too_long {
                if self.buf.len() + take > self.max_line_bytes {
                    *too_long = true;
                    self.buf.clear();
                } else {
                    self.buf.extend_from_slice(&avail[..take]);
                }
            }
            self.reader.consume(take + usize::from(end));
            if end {
                return Ok(true);
            }
        }
    }

    fn parse_line(&self) -> Option<Result<JsonArticle, (RejectReason, String)>> {
        let mut bytes = self.buf.as_slice();
        if self.line == 1 {
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return None;
        }
        let parsed = match serde_json::from_slice::<Value>(bytes) {
            Ok(v) => Ok(v),
            // JSON must be UTF-8, but one stray byte should not lose a whole article.
            Err(_) if std::str::from_utf8(bytes).is_err() => {
                serde_json::from_str::<Value>(&String::from_utf8_lossy(bytes))
                    .map_err(|e| format!("{e} (with the bytes that are not UTF-8 read as U+FFFD)"))
            }
            Err(e) => Err(e.to_string()),
        };
        let value = match parsed {
            Ok(v) => v,
            Err(message) => return Some(Err((RejectReason::BadJson, message))),
        };
        let Value::Object(obj) = value else {
            return Some(Err((
                RejectReason::NotObject,
                format!("the line holds {}, not an object", json_kind(&value)),
            )));
        };
        Some(self.mapping.extract(&obj).ok_or_else(|| {
            let mut keys: Vec<&str> = obj.keys().map(String::as_str).take(12).collect();
            if obj.len() > keys.len() {
                keys.push("…");
            }
            (
                RejectReason::NoText,
                format!("no non-empty text field; keys: {}", keys.join(", ")),
            )
        }))
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = JsonlItem;

    fn next(&mut self) -> Option<JsonlItem> {
        while !self.done {
            let mut too_long = false;
            let line = self.line + 1;
            match self.read_line(&mut too_long) {
                Ok(false) => self.done = true,
                Ok(true) => {
                    self.line = line;
                    if too_long {
                        return Some(JsonlItem::Broken {
                            line,
                            reason: RejectReason::TooLarge,
                            message: format!("line longer than {} bytes", self.max_line_bytes),
                        });
                    }
                    match self.parse_line() {
                        None => {}
                        Some(Ok(article)) => return Some(JsonlItem::Article { line, article }),
                        Some(Err((reason, message))) => {
                            return Some(JsonlItem::Broken {
                                line,
                                reason,
                                message,
                            });
                        }
                    }
                }
                Err(e) => {
                    self.done = true;
                    let reason = if e.kind() == io::ErrorKind::UnexpectedEof {
                        RejectReason::Truncated
                    } else {
                        RejectReason::ReadError
                    };
                    return Some(JsonlItem::Broken {
                        line,
                        reason,
                        message: e.to_string(),
                    });
                }
            }
        }
        None
    }
}

/// "an array", "a number", ...: what a JSON value is, for messages.
pub(crate) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The value at a dotted path. A key with dots in its name is tried whole first.
fn lookup<'a>(obj: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = obj.get(path) {
        return Some(v);
    }
    for (i, _) in path.match_indices('.') {
        if let Some(Value::Object(inner)) = obj.get(&path[..i])
            && let Some(v) = lookup(inner, &path[i + 1..])
        {
            return Some(v);
        }
    }
    None
}

fn first<T>(
    obj: &Map<String, Value>,
    candidates: &[String],
    convert: impl Fn(&Value) -> Option<T>,
) -> Option<T> {
    candidates
        .iter()
        .filter_map(|path| lookup(obj, path))
        .find_map(convert)
}

/// A string field: strings trimmed, numbers and booleans as written, the first usable
/// element of an array, an object's `name`/`value`/`text` or its only value (`{"$date": …}`).
fn scalar(v: &Value) -> Option<String> {
    scalar_depth(v, 0)
}

fn scalar_depth(v: &Value, depth: usize) -> Option<String> {
    if depth > 8 {
        return None;
    }
    match v {
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => None,
        Value::Array(items) => items.iter().find_map(|i| scalar_depth(i, depth + 1)),
        Value::Object(map) => ["name", "value", "text", "@value"]
            .iter()
            .find_map(|k| map.get(*k))
            .or_else(|| (map.len() == 1).then(|| map.values().next()).flatten())
            .and_then(|inner| scalar_depth(inner, depth + 1)),
    }
}

/// The body: a string, or an array of paragraphs joined by blank lines.
fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar).collect();
            (!parts.is_empty()).then(|| parts.join("\n\n"))
        }
        Value::Object(_) | Value::Bool(_) | Value::Number(_) => None,
        _ => scalar(v),
    }
}

fn looks_like_url(s: &str) -> bool {
    let lower = s.get(..12).unwrap_or(s).to_ascii_lowercase();
    !s.contains(char::is_whitespace)
        && (s.contains("://") || lower.starts_with("www.") || lower.starts_with("//"))
}

/// Authors from a list (each element a name, or an object with a `name`) or from a string
/// split on `;`, ` and `, ` & ` and commas ("Smith, John" stays one name).
fn authors_of(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    match v {
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => out.extend(split_authors(s)),
                    other => out.extend(scalar(other)),
                }
            }
        }
        Value::String(s) => out = split_authors(s),
        other => out.extend(scalar(other)),
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|a| seen.insert(a.to_lowercase()));
    out
}

fn split_authors(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split([';', '\n', '|']) {
        for name in part.split(" and ").flat_map(|p| p.split(" & ")) {
            let pieces: Vec<&str> = name
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            // "Smith, John" or "Jane Doe, Reuters": a single word on one side keeps it whole.
            let keep_whole = pieces.len() == 2 && pieces.iter().any(|p| !p.contains(' '));
            if keep_whole {
                out.push(pieces.join(", "));
            } else {
                out.extend(pieces.into_iter().map(str::to_owned));
            }
        }
    }
    out.into_iter()
        .map(|a| strip_by(&a).to_owned())
        .filter(|a| !a.is_empty())
        .collect()
}

fn strip_by(name: &str) -> &str {
    let name = name.trim();
    match name.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => name[3..].trim(),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(input: &str) -> Vec<JsonlItem> {
        JsonlReader::new(input.as_bytes(), FieldMapping::builtin()).collect()
    }

    fn article(item: &JsonlItem) -> &JsonArticle {
        match item {
            JsonlItem::Article { article, .. } => article,
            other => panic!("not an article: {other:?}"),
        }
    }

    fn reason(item: &JsonlItem) -> &'static str {
        match item {
            JsonlItem::Broken { reason, .. } => reason.as_str(),
            other => panic!("not broken: {other:?}"),
        }
    }

    #[test]
    fn news_please_record() {
        let items = read(concat!(
            r#"{"maintext": "Body text.", "title": "Flood warning", "url": "https://example.org/a", "#,
            r#""date_publish": "2021-01-02 08:00:00", "authors": ["Ann Lee", "Bo Chen"], "#,
            r#""source_domain": "example.org", "language": "en", "description": "Rivers rise.", "#,
            r#""date_download": "2021-01-03"}"#,
            "\n"
        ));
        assert_eq!(items.len(), 1);
        let a = article(&items[0]);
        assert_eq!(a.text, "Body text.");
        assert_eq!(a.title.as_deref(), Some("Flood warning"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.published.as_deref(), Some("2021-01-02 08:00:00"));
        assert_eq!(a.authors, ["Ann Lee", "Bo Chen"]);
        assert_eq!(a.site_name.as_deref(), Some("example.org"));
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.description.as_deref(), Some("Rivers rise."));
    }

    #[test]
    fn trafilatura_record_with_author_string_and_source_url() {
        let items = read(concat!(
            r#"{"title": "T", "author": "Ann Lee; Bo Chen and Cy Diaz", "hostname": "example.org", "#,
            r#""source-hostname": "Example News", "date": "2024-03-28", "text": "Para one.\nPara two.", "#,
            r#""source": "https://example.org/x", "excerpt": "Short.", "language": null, "filedate": "2026-11-25"}"#
        ));
        let a = article(&items[0]);
        assert_eq!(a.authors, ["Ann Lee", "Bo Chen", "Cy Diaz"]);
        assert_eq!(a.site_name.as_deref(), Some("Example News"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/x"));
        assert_eq!(a.published.as_deref(), Some("2024-03-28"));
        assert_eq!(a.description.as_deref(), Some("Short."));
        assert_eq!(a.language, None);
    }

    #[test]
    fn dolma_nested_metadata() {
        let items = read(concat!(
            r#"{"id": "http://example.com/p", "text": "Body", "source": "common-crawl", "#,
            r#""metadata": {"title": "Nested title", "url": "http://example.com/p?x=1", "language": "en", "#,
            r#""source_domain": "example.com", "date_download": "2020-01-01"}}"#
        ));
        let a = article(&items[0]);
        assert_eq!(a.title.as_deref(), Some("Nested title"));
        assert_eq!(a.url.as_deref(), Some("http://example.com/p?x=1"));
        assert_eq!(a.language.as_deref(), Some("en"));
        assert_eq!(a.site_name.as_deref(), Some("example.com"));
        assert_eq!(a.published, None);
    }

    #[test]
    fn odd_values_are_stringified_and_bad_lines_reported() {
        let input = concat!(
            "\u{feff}{\"text\": [\"P1\", \"P2\", 3], \"title\": 42, \"published\": {\"$date\": 1700000000}, \"author\": {\"name\": \"Ann\"}, \"lang\": [\"de\"], \"url\": \"not a url\"}\n",
            "\n",
            "   \r\n",
            "{\"text\": \"   \", \"title\": \"x\"}\n",
            "[1, 2]\n",
            "{\"text\": \"unterminated\n",
            "{\"body\": \"caf\u{e9}\"}\n",
            "{\"content\": \"last line, no newline\", \"authors\": \"Smith, John\"}",
        );
        let items = read(input);
        assert_eq!(items.len(), 6, "{items:?}");
        let a = article(&items[0]);
        assert_eq!(a.text, "P1\n\nP2\n\n3");
        assert_eq!(a.title.as_deref(), Some("42"));
        assert_eq!(a.published.as_deref(), Some("1700000000"));
        assert_eq!(a.authors, ["Ann"]);
        assert_eq!(a.language.as_deref(), Some("de"));
        assert_eq!(a.url, None);
        assert_eq!((reason(&items[1]), items_line(&items[1])), ("no_text", 4));
        assert_eq!(reason(&items[2]), "not_object");
        assert_eq!(reason(&items[3]), "bad_json");
        assert_eq!(article(&items[4]).text, "café");
        let last = article(&items[5]);
        assert_eq!(last.authors, ["Smith, John"]);
        assert_eq!(items_line(&items[5]), 8);
    }

    fn items_line(item: &JsonlItem) -> u64 {
        match item {
            JsonlItem::Article { line, .. } | JsonlItem::Broken { line, .. } => *line,
        }
    }

    #[test]
    fn invalid_utf8_and_deep_nesting_do_not_panic() {
        let mut bytes = b"{\"text\": \"caf\xe9 \xff\"}\n".to_vec();
        bytes.extend_from_slice(&b"[".repeat(10_000));
        bytes.push(b'\n');
        bytes.extend_from_slice(b"{\"text\": ");
        bytes.extend_from_slice(&b"{\"a\":".repeat(500));
        bytes.extend_from_slice(b"\n");
        let items: Vec<_> = JsonlReader::new(&bytes[..], FieldMapping::builtin()).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(article(&items[0]).text, "caf\u{fffd} \u{fffd}");
        assert_eq!(reason(&items[1]), "bad_json");
        assert_eq!(reason(&items[2]), "bad_json");
    }

    #[test]
    fn long_lines_are_refused_and_skipped() {
        let long = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"ok\"}}\n",
            "x".repeat(5000)
        );
        let items: Vec<_> = JsonlReader::new(
            io::BufReader::with_capacity(64, long.as_bytes()),
            FieldMapping::builtin(),
        )
        .with_max_line_bytes(1000)
        .collect();
        assert_eq!(reason(&items[0]), "too_large");
        assert_eq!(article(&items[1]).text, "ok");
        assert_eq!(items_line(&items[1]), 2);
    }

    #[test]
    fn truncated_gzip_is_reported_after_good_lines() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        for i in 0..200 {
            writeln!(
                enc,
                "{{\"text\": \"article {i} {}\"}}",
                "lorem ipsum ".repeat(i % 7)
            )
            .unwrap();
        }
        let gz = enc.finish().unwrap();
        let cut = &gz[..gz.len() * 2 / 3];
        let reader = std::io::BufReader::new(flate2::bufread::MultiGzDecoder::new(cut));
        let items: Vec<_> = JsonlReader::new(reader, FieldMapping::builtin()).collect();
        let last = items.last().unwrap();
        assert_eq!(reason(last), "truncated");
        assert!(items.len() > 50);
        assert!(
            items[..items.len() - 1]
                .iter()
                .all(|i| matches!(i, JsonlItem::Article { .. }))
        );
    }

    #[test]
    fn author_strings_split_sensibly() {
        let split = |s: &str| split_authors(s);
        assert_eq!(split("By Ann Lee and Bo Chen"), ["Ann Lee", "Bo Chen"]);
        assert_eq!(
            split("Ann Lee, Bo Chen, Cy Diaz"),
            ["Ann Lee", "Bo Chen", "Cy Diaz"]
        );
        assert_eq!(split("Lee, Ann"), ["Lee, Ann"]);
        assert_eq!(
            split("Ann Lee; ; Bo Chen & Cy Diaz"),
            ["Ann Lee", "Bo Chen", "Cy Diaz"]
        );
        assert_eq!(
            authors_of(&serde_json::json!(["Ann Lee", "Ann Lee", null, 7])),
            ["Ann Lee", "7"]
        );
    }

    #[test]
    fn custom_mapping_from_config_keeps_builtin_defaults() {
        let m: FieldMapping =
            serde_json::from_str(r#"{"text": ["payload.body"], "title": ["hl"]}"#).unwrap();
        assert_eq!(m.url, FieldMapping::builtin().url);
        let items: Vec<_> = JsonlReader::new(
            &br#"{"payload": {"body": "B"}, "hl": "H", "url": "https://x.org"}"#[..],
            m,
        )
        .collect();
        let a = article(&items[0]);
        assert_eq!((a.text.as_str(), a.title.as_deref()), ("B", Some("H")));
        assert!(serde_json::from_str::<FieldMapping>(r#"{"txt": []}"#).is_err());
        // A key with a dot in its name.
        let obj = serde_json::json!({"a.b": "whole", "a": {"b": "nested"}});
        assert_eq!(
            lookup(obj.as_object().unwrap(), "a.b"),
            Some(&serde_json::json!("whole"))
        );
    }

    #[test]
    fn jsonl_is_told_from_json_and_text() {
        assert!(looks_like_jsonl(b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n"));
        assert!(looks_like_jsonl(
            b"\xef\xbb\xbf  {\"title\": \"cut off in the mid"
        ));
        assert!(!looks_like_jsonl(b"{\n  \"text\": \"pretty JSON\"\n}\n"));
        assert!(!looks_like_jsonl(b"[{\"text\": \"a\"}]"));
        assert!(!looks_like_jsonl(b"{\\rtf1\\ansi"));
        assert!(!looks_like_jsonl(b"Headline\n\nBody"));
        assert!(!looks_like_jsonl(b""));
        assert!(!looks_like_jsonl(b"{broken json}\n"));
    }

    #[test]
    fn jsonl_whose_first_line_has_invalid_utf8_is_still_jsonl() {
        // A stray Latin-1 byte in a string, as the reader repairs it.
        assert!(looks_like_jsonl(
            b"{\"text\": \"caf\xe9\"}\n{\"text\": \"b\"}\n"
        ));
        // A first line damaged beyond repair: the other lines decide.
        let damaged = b"{\"text\": \xff\xfe garbage\n{\"text\": \"b\"}\n{\"text\": \"c\"}\n{\"text";
        assert!(looks_like_jsonl(damaged));
        assert!(looks_like_jsonl(b"{broken json}\n{\"text\": \"ok\"}\n"));
        // Documents stay documents, whatever their inner lines hold.
        assert!(!looks_like_jsonl(
            b"{\n  \"items\": [\n    {\"text\": \"a\"},\n    {\"text\": \"b\"}\n  ]\n}\n"
        ));
        assert!(!looks_like_jsonl(
            b"{\"items\": [\n{\"text\": \"a\"},\n{\"text\": \"b\"},\n{\"text\": \"c\"}\n]}\n"
        ));
        assert!(!looks_like_jsonl(b"{\"a\": 1,\n \"b\": 2}\n"));
        assert!(!looks_like_jsonl(b"{\"a\": \xff,\n \"b\": 2}\n"));
    }

    #[test]
    fn damage_anywhere_never_panics() {
        let sample = concat!(
            r#"{"maintext": "Body", "title": "T", "authors": ["A B"], "metadata": {"url": "https://x.org"}}"#,
            "\n",
            r#"{"text": ["p1", {"name": 2}], "author": "A; B and C, D E", "date": 1.5e300}"#,
            "\n",
        )
        .as_bytes();
        for cut in 0..sample.len() {
            let items: Vec<_> = JsonlReader::new(&sample[..cut], FieldMapping::builtin()).collect();
            assert!(items.len() <= 2);
        }
        for at in 0..sample.len() {
            for value in [0u8, b'\n', b'"', b'{', b'[', 0xff] {
                let mut damaged = sample.to_vec();
                damaged[at] = value;
                let items: Vec<_> =
                    JsonlReader::new(&damaged[..], FieldMapping::builtin()).collect();
                assert!(items.len() <= 4);
            }
        }
    }
}
