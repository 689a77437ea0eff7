//! The categorical values of the published tables: each column that holds one of a fixed
//! set of strings has an enum here (or beside the code that makes it: `model::SourceFormat`,
//! `dates::DatePrecision`, `dates::TimexType`, `ner::EntityType`, `stages::StageName`).
//! Rows keep `String` columns; code builds them with `as_str()` and matches on the enum.
//! `docs/schema.md` lists each column's values; a test below holds the two together.

use serde::{Deserialize, Serialize};

/// Why an input or a record did not become an article: the `reason` column of `rejects`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectReason {
    /// A file with nothing but whitespace.
    Empty,
    /// Bytes that do not decode as text.
    Binary,
    /// Over a size cap or the HTML work budget, or a body over `max_text_chars`.
    TooLarge,
    CorruptCompression,
    Unreadable,
    /// A FIFO, socket or device: never opened.
    NotAFile,
    /// A symbolic link back to a folder above it.
    SymlinkLoop,
    UnsupportedFormat,
    /// A parser failure, caught.
    InternalError,
    /// A headline and nothing else.
    NoBody,
    /// An HTML page with menus only.
    NoMainText,
    // WARC records skipped by design: sound records that are not articles.
    NotResponse,
    HttpStatus,
    NotHtml,
    ContentEncoding,
    EmptyBody,
    // WARC damage (`Truncated` also ends a JSON-lines file that breaks off).
    Truncated,
    BadHeader,
    BadContentLength,
    CorruptGzip,
    IoError,
    // JSON lines.
    BadJson,
    NotObject,
    /// A JSON line or a feed item with no text.
    NoText,
    /// Reading a JSON-lines file failed other than by ending early.
    ReadError,
    // Feeds.
    BadXml,
    NoItems,
}

impl RejectReason {
    pub const ALL: [RejectReason; 27] = [
        RejectReason::Empty,
        RejectReason::Binary,
        RejectReason::TooLarge,
        RejectReason::CorruptCompression,
        RejectReason::Unreadable,
        RejectReason::NotAFile,
        RejectReason::SymlinkLoop,
        RejectReason::UnsupportedFormat,
        RejectReason::InternalError,
        RejectReason::NoBody,
        RejectReason::NoMainText,
        RejectReason::NotResponse,
        RejectReason::HttpStatus,
        RejectReason::NotHtml,
        RejectReason::ContentEncoding,
        RejectReason::EmptyBody,
        RejectReason::Truncated,
        RejectReason::BadHeader,
        RejectReason::BadContentLength,
        RejectReason::CorruptGzip,
        RejectReason::IoError,
        RejectReason::BadJson,
        RejectReason::NotObject,
        RejectReason::NoText,
        RejectReason::ReadError,
        RejectReason::BadXml,
        RejectReason::NoItems,
    ];

    /// The value of the `reason` column.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::Empty => "empty",
            RejectReason::Binary => "binary",
            RejectReason::TooLarge => "too_large",
            RejectReason::CorruptCompression => "corrupt_compression",
            RejectReason::Unreadable => "unreadable",
            RejectReason::NotAFile => "not_a_file",
            RejectReason::SymlinkLoop => "symlink_loop",
            RejectReason::UnsupportedFormat => "unsupported_format",
            RejectReason::InternalError => "internal_error",
            RejectReason::NoBody => "no_body",
            RejectReason::NoMainText => "no_main_text",
            RejectReason::NotResponse => "not_response",
            RejectReason::HttpStatus => "http_status",
            RejectReason::NotHtml => "not_html",
            RejectReason::ContentEncoding => "content_encoding",
            RejectReason::EmptyBody => "empty_body",
            RejectReason::Truncated => "truncated",
            RejectReason::BadHeader => "bad_header",
            RejectReason::BadContentLength => "bad_content_length",
            RejectReason::CorruptGzip => "corrupt_gzip",
            RejectReason::IoError => "io_error",
            RejectReason::BadJson => "bad_json",
            RejectReason::NotObject => "not_object",
            RejectReason::NoText => "no_text",
            RejectReason::ReadError => "read_error",
            RejectReason::BadXml => "bad_xml",
            RejectReason::NoItems => "no_items",
        }
    }

    /// The reason named `s` in the `reason` column, if it is one.
    pub fn parse(s: &str) -> Option<RejectReason> {
        RejectReason::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// A sound WARC record that is not an article (a warcinfo record, a 404, a PDF): nothing
    /// in the input is wrong, so runs report these apart from damage.
    pub fn is_skipped_by_design(self) -> bool {
        matches!(
            self,
            RejectReason::NotResponse
                | RejectReason::HttpStatus
                | RejectReason::NotHtml
                | RejectReason::ContentEncoding
                | RejectReason::EmptyBody
        )
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a link was found: the `kind` column of `links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// An anchor in the body.
    Inline,
    /// A "Related article:" link, not in the body.
    Related,
}

impl LinkKind {
    pub const ALL: [LinkKind; 2] = [LinkKind::Inline, LinkKind::Related];

    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Inline => "inline",
            LinkKind::Related => "related",
        }
    }
}

/// Where a publication date was found: `articles.published_source`. Persisted by the parse
/// stage under the same names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PublishedSource {
    /// The article object's JSON-LD `datePublished`.
    JsonLd,
    /// A date meta (`article:published_time`, `date`, ...), or a JSON-lines export's date field.
    Meta,
    /// A `<time datetime>` tag.
    Time,
    /// The date in the page's URL.
    Url,
    /// Visible text: the line under a headline, a text dump's date line.
    Text,
    /// An RSS or Atom item's date.
    Feed,
}

impl PublishedSource {
    pub const ALL: [PublishedSource; 6] = [
        PublishedSource::JsonLd,
        PublishedSource::Meta,
        PublishedSource::Time,
        PublishedSource::Url,
        PublishedSource::Text,
        PublishedSource::Feed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PublishedSource::JsonLd => "json-ld",
            PublishedSource::Meta => "meta",
            PublishedSource::Time => "time",
            PublishedSource::Url => "url",
            PublishedSource::Text => "text",
            PublishedSource::Feed => "feed",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::dates::{DatePrecision, TimexType};
    use crate::model::{Reject, SourceFormat};
    use crate::ner::EntityType;

    /// The values `docs/schema.md` gives for `column` of `table`: the backticked words of
    /// its meaning cell outside parentheses, after the phrase that introduces them (up to the
    /// first colon, "where `published_at` came from:") and up to the end of the first
    /// sentence (what follows explains, it does not list).
    fn documented(table: &str, column: &str) -> BTreeSet<String> {
        let doc = include_str!("../../../docs/schema.md");
        let section = doc
            .split("\n## ")
            .find(|s| s.starts_with(&format!("{table}:")))
            .unwrap_or_else(|| panic!("docs/schema.md has no `## {table}:` section"));
        let row = section
            .lines()
            .find(|l| l.starts_with(&format!("| {column} |")))
            .unwrap_or_else(|| panic!("docs/schema.md: no `{column}` row under `{table}`"));
        let meaning = row.split(" | ").nth(2).expect("a meaning cell");
        // Each character of the cell outside backticks and parentheses, or a backticked word
        // outside parentheses.
        enum Piece {
            Char(char),
            Word(String),
        }
        let (mut pieces, mut depth, mut word) = (Vec::new(), 0, None::<String>);
        for c in meaning.chars() {
            match (c, word.take()) {
                ('`', Some(w)) if depth == 0 => pieces.push(Piece::Word(w)),
                ('`', Some(_)) => {}
                ('`', None) => word = Some(String::new()),
                (c, Some(mut w)) => {
                    w.push(c);
                    word = Some(w);
                }
                ('(', None) => depth += 1,
                (')', None) => depth -= 1,
                (c, None) if depth == 0 => pieces.push(Piece::Char(c)),
                _ => {}
            }
        }
        let start = pieces
            .iter()
            .position(|p| matches!(p, Piece::Char(':')))
            .map_or(0, |i| i + 1);
        let mut values = BTreeSet::new();
        let mut rest = pieces[start..].iter().peekable();
        while let Some(piece) = rest.next() {
            match piece {
                Piece::Word(w) => {
                    values.insert(w.clone());
                }
                Piece::Char('.') if rest.peek().is_none_or(|p| matches!(p, Piece::Char(' '))) => {
                    break;
                }
                Piece::Char(_) => {}
            }
        }
        values
    }

    fn set(values: impl IntoIterator<Item = &'static str>) -> BTreeSet<String> {
        values.into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn schema_doc_lists_every_categorical_value() {
        let cases = [
            (
                "rejects",
                "reason",
                set(RejectReason::ALL.map(RejectReason::as_str)),
            ),
            ("rejects", "stage", set(Reject::STAGES.map(|s| s.as_str()))),
            (
                "articles",
                "source_format",
                set(SourceFormat::ALL.map(SourceFormat::as_str)),
            ),
            (
                "articles",
                "published_precision",
                set(DatePrecision::ALL.map(DatePrecision::as_str)),
            ),
            (
                "articles",
                "published_source",
                set(PublishedSource::ALL.map(PublishedSource::as_str)),
            ),
            ("links", "kind", set(LinkKind::ALL.map(LinkKind::as_str))),
            (
                "dates",
                "timex_type",
                set(TimexType::ALL.map(TimexType::as_str)),
            ),
            (
                "mentions",
                "entity_type",
                set(EntityType::ALL.map(EntityType::as_str)),
            ),
        ];
        for (table, column, code) in cases {
            assert_eq!(
                documented(table, column),
                code,
                "docs/schema.md, {table}.{column}"
            );
        }
    }

    #[test]
    fn reject_reasons_are_distinct_and_parse_back() {
        let names = set(RejectReason::ALL.map(RejectReason::as_str));
        assert_eq!(names.len(), RejectReason::ALL.len());
        for r in RejectReason::ALL {
            assert_eq!(RejectReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(RejectReason::parse("parse:no_body"), None);
    }

    #[test]
    fn published_source_persists_under_its_column_name() {
        for s in PublishedSource::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
    }
}
