//! `newsprint annotate`: JSON lines in, one JSON line out per line in, same order, with the
//! entities, dates and quotes of each text. For ad-hoc use and evaluation on text that is not a dataset.
//!
//! Input lines are requests `{"id": any, "text": string, "published"?: date, "language"?: code}`.
//! Every input line, whatever it holds, gets exactly one output line. For `{"id": 1, "text":
//! "Anna Schmid said the vote is next Tuesday.", "published": "2025-07-29", "language": "en"}`:
//!
//! ```json
//! {"id":1,"line":1,"language":"en","anchor_date":"2025-07-29",
//!  "entities":[{"start_char":0,"end_char":11,"text":"Anna Schmid","entity_type":"person",
//!               "canonical":"Anna Schmid","entity_id":"e6eb94557310948d","sentence_idx":0,
//!               "role":null}],
//!  "dates":[{"start_char":29,"end_char":41,"text":"next Tuesday","timex_type":"date",
//!            "value":"2025-08-05","resolved_start":"2025-08-05","resolved_end":"2025-08-05",
//!            "granularity":"day"}],
//!  "quotes":[{"start_char":17,"end_char":41,"text":"the vote is next Tuesday","direct":false,
//!             "cue":{"start_char":12,"end_char":16,"text":"said"},
//!             "source":{"start_char":0,"end_char":11,"text":"Anna Schmid"},
//!             "speaker":"Anna Schmid","speaker_entity_id":"e6eb94557310948d"}]}
//! ```
//!
//! The rows have the names and values of the `mentions`, `dates` and `quotes` tables
//! (docs/schema.md), days written as ISO dates. A quote's `spans` (a list of `[start, end]`)
//! is there only when the attribution interrupts it ("X," he said, "Y."); its `cue` and
//! `source` are null when there is none. `line` counts input lines from 1, blank and broken ones too.
//! `language` is the request's (its primary code: "en-GB" is "en"), else the one detected
//! from the text, null when the text is too short or mixed to tell; such a text is annotated
//! as the tools' own language, English. `anchor_date` is the day `published` gave, against
//! which relative dates resolve. Fields present only when they have something to say:
//! - `error`: the line is not a request (not UTF-8, blank, not JSON, not an object, no string
//!   `text`, longer than the line limit); `entities`, `dates` and `quotes` are empty.
//! - `warnings`: the text was annotated, but part of the request could not be used: a
//!   `published` that is not a readable date (relative dates stay unresolved), a `language`
//!   that is not a code (the text's is detected).
//! - `skipped`: work not done because the text is in a language the entity tagger, the
//!   date rules or the quote rules do not cover, e.g. `["entities: language de is not covered", "dates: ..."]`.
//!
//! Messages start with the input line they are about: `"line 3: not UTF-8 (...)"`.

use std::io::{BufRead, ErrorKind, Write};

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::formats::jsonl::json_kind;

/// Longest input line read, in bytes: a longer one gets an error line and is skipped while
/// being read, so memory stays bounded whatever arrives.
pub const DEFAULT_MAX_LINE_BYTES: usize = 16 << 20;

#[derive(Debug, Clone)]
pub struct AnnotateOptions {
    pub max_line_bytes: usize,
}

impl Default for AnnotateOptions {
    fn default() -> Self {
        AnnotateOptions {
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
        }
    }
}

/// One row of the `dates` table less the columns the output line holds once (id, anchor day)
/// or by order (index).
#[derive(Debug, Serialize)]
struct DateOut {
    start_char: usize,
    end_char: usize,
    text: String,
    timex_type: &'static str,
    value: String,
    resolved_start: Option<String>,
    resolved_end: Option<String>,
    granularity: &'static str,
}

/// One row of the `mentions` table less the article id, held once by the output line, and
/// the index, given by order.
#[derive(Debug, Serialize)]
struct EntityOut {
    start_char: usize,
    end_char: usize,
    text: String,
    entity_type: &'static str,
    canonical: String,
    entity_id: String,
    sentence_idx: usize,
    role: Option<String>,
}

/// A span of the text with what it covers: a quote's cue or source.
#[derive(Debug, Serialize)]
struct SpanOut {
    start_char: usize,
    end_char: usize,
    text: String,
}

impl From<crate::quotes::CharSpan> for SpanOut {
    fn from(s: crate::quotes::CharSpan) -> Self {
        SpanOut {
            start_char: s.start,
            end_char: s.end,
            text: s.text,
        }
    }
}

/// One row of the `quotes` table, the cue and source as objects.
#[derive(Debug, Serialize)]
struct QuoteOut {
    start_char: usize,
    end_char: usize,
    /// The parts of an interrupted quote; absent when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    spans: Option<Vec<[usize; 2]>>,
    text: String,
    direct: bool,
    cue: Option<SpanOut>,
    source: Option<SpanOut>,
    speaker: Option<String>,
    speaker_entity_id: Option<String>,
}

impl From<crate::quotes::FoundQuote> for QuoteOut {
    fn from(q: crate::quotes::FoundQuote) -> Self {
        QuoteOut {
            start_char: q.start(),
            end_char: q.end(),
            spans: (q.parts.len() > 1).then(|| q.parts.iter().map(|&(a, b)| [a, b]).collect()),
            text: q.text,
            direct: q.direct,
            cue: q.cue.map(SpanOut::from),
            source: q.source.map(SpanOut::from),
            speaker: q.speaker,
            speaker_entity_id: q.speaker_entity_id,
        }
    }
}

#[derive(Debug, Serialize)]
struct Response {
    id: Value,
    line: u64,
    language: Option<String>,
    /// The publication day relative dates were resolved against.
    anchor_date: Option<String>,
    entities: Vec<EntityOut>,
    dates: Vec<DateOut>,
    quotes: Vec<QuoteOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skipped: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl Response {
    fn empty(line: u64, id: Value) -> Self {
        Response {
            id,
            line,
            language: None,
            anchor_date: None,
            entities: Vec::new(),
            dates: Vec::new(),
            quotes: Vec::new(),
            skipped: Vec::new(),
            warnings: Vec::new(),
            error: None,
        }
    }

    fn failed(line: u64, id: Value, error: String) -> Self {
        Response {
            error: Some(format!("line {line}: {error}")),
            ..Response::empty(line, id)
        }
    }
}

/// At most `max_chars` of `s`, for echoing input in a message.
fn excerpt(s: &str, max_chars: usize) -> String {
    match s.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

/// serde_json's message without its position: the position it gives counts within the line,
/// and the caller names the line.
fn json_message(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message,
    }
}

/// The publication day of the request, or a warning saying why there is none to use.
fn anchor_of(published: Option<Value>) -> (Option<chrono::NaiveDate>, Option<String>) {
    const UNRESOLVED: &str = "relative dates are left unresolved";
    let written = match published {
        None | Some(Value::Null) => return (None, None),
        Some(Value::String(s)) if s.trim().is_empty() => return (None, None),
        Some(Value::String(s)) => s,
        // Unix seconds or milliseconds, as the pipeline reads them from a string of digits.
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            let warning = format!(
                "\"published\" is {}, not a date string such as \"2025-07-29\"; {UNRESOLVED}",
                json_kind(&other)
            );
            return (None, Some(warning));
        }
    };
    match crate::dates::parse_publication_date(&written) {
        Some(p) => (Some(p.date), None),
        None => {
            let warning = format!(
                "\"published\" {} is not a date newsprint can read (e.g. \"2025-07-29\", \
                 \"2025-07-29T10:00:00Z\", Unix seconds); {UNRESOLVED}",
                serde_json::to_string(&excerpt(&written, 80)).unwrap_or_default()
            );
            (None, Some(warning))
        }
    }
}

/// The language the request names ("en", "en-GB" → "en"), or a warning when it names none
/// usable, in which case the text's language is detected.
fn requested_language(language: Option<Value>) -> (Option<String>, Option<String>) {
    match language {
        None | Some(Value::Null) => (None, None),
        Some(Value::String(s)) => {
            let primary = s.split(['-', '_']).next().unwrap_or("").trim();
            if (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic())
            {
                (Some(primary.to_ascii_lowercase()), None)
            } else {
                let warning = format!(
                    "\"language\" {} is not a language code such as \"en\"; detected from the text instead",
                    serde_json::to_string(&excerpt(&s, 40)).unwrap_or_default()
                );
                (None, Some(warning))
            }
        }
        Some(other) => {
            let warning = format!(
                "\"language\" is {}, not a code such as \"en\"; detected from the text instead",
                json_kind(&other)
            );
            (None, Some(warning))
        }
    }
}

/// The request's fields, or the error that makes the line no request.
struct Request {
    id: Value,
    text: String,
    published: Option<Value>,
    language: Option<Value>,
}

fn parse_request(bytes: &[u8]) -> std::result::Result<Request, (Value, String)> {
    let no_id = |message: String| (Value::Null, message);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        no_id(format!(
            "not UTF-8 (invalid byte at offset {} of the line)",
            e.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(no_id(
            "blank line, not a JSON object {\"id\", \"text\"}".to_owned(),
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        no_id(format!(
            "not JSON: {} at column {}",
            json_message(&e),
            e.column()
        ))
    })?;
    let mut fields: Map<String, Value> = match value {
        Value::Object(fields) => fields,
        other => {
            return Err(no_id(format!(
                "{}, not a JSON object {{\"id\", \"text\"}}",
                json_kind(&other)
            )));
        }
    };
    let id = fields.remove("id").unwrap_or(Value::Null);
    let text = match fields.remove("text") {
        Some(Value::String(text)) => text,
        None => return Err((id, "no \"text\" field".to_owned())),
        Some(other) => {
            let message = format!("\"text\" is {}, not a string", json_kind(&other));
            return Err((id, message));
        }
    };
    Ok(Request {
        id,
        text,
        published: fields.remove("published"),
        language: fields.remove("language"),
    })
}

fn annotate_line(bytes: &[u8], line: u64, model: &crate::ner::Model) -> Response {
    let request = match parse_request(bytes) {
        Ok(request) => request,
        Err((id, error)) => return Response::failed(line, id, error),
    };
    let mut response = Response::empty(line, request.id);
    let (anchor, published_warning) = anchor_of(request.published);
    let (language, language_warning) = requested_language(request.language);
    response.warnings = [published_warning, language_warning]
        .into_iter()
        .flatten()
        .map(|warning| format!("line {line}: {warning}"))
        .collect();
    let text = request.text;
    let language = language.or_else(|| crate::language::detect(&text, None));
    // Requests are often a sentence or two, too short for the detector: a text whose
    // language was not told is read as English, the tools' own language. Only a text known
    // to be in another language is held back (the pipeline, on whole articles, asks more).
    let covered = |covers: fn(&str) -> bool| language.as_deref().is_none_or(covers);
    let dates_covered = covered(crate::dates::covers_language);
    let timexes = if dates_covered {
        crate::dates::extract(&text, anchor)
    } else {
        crate::dates::extract_written_in_digits(&text, anchor)
    };
    response.dates = timexes
        .into_iter()
        .map(|t| DateOut {
            start_char: t.start,
            end_char: t.end,
            text: t.text,
            timex_type: t.timex_type.as_str(),
            value: t.value,
            resolved_start: t.resolved_start.map(|d| d.to_string()),
            resolved_end: t.resolved_end.map(|d| d.to_string()),
            granularity: t.granularity,
        })
        .collect();
    // A model the user trained is run on whatever they give it.
    let tagged = !crate::ner::is_shipped(model) || covered(crate::ner::covers_language);
    let found = if tagged {
        crate::ner::extract_entities(&text, model)
    } else {
        Vec::new()
    };
    let quoted = covered(crate::quotes::covers_language);
    if quoted {
        response.quotes = crate::quotes::find(&text, &found)
            .into_iter()
            .map(QuoteOut::from)
            .collect();
    }
    if tagged {
        response.entities = found
            .into_iter()
            .map(|m| EntityOut {
                start_char: m.start_char,
                end_char: m.end_char,
                entity_id: m.entity_id_hex(),
                text: m.text,
                entity_type: m.entity_type.as_str(),
                canonical: m.canonical,
                sentence_idx: m.sentence_idx,
                role: m.role,
            })
            .collect();
    }
    let code = language.as_deref().unwrap_or("undetected");
    if !tagged {
        response
            .skipped
            .push(format!("entities: language {code} is not covered"));
    }
    if !dates_covered {
        response.skipped.push(format!(
            "dates: language {code} is not covered; only dates written in digits"
        ));
    }
    if !quoted {
        response
            .skipped
            .push(format!("quotes: language {code} is not covered"));
    }
    response.anchor_date = anchor.map(|d| d.to_string());
    response.language = language;
    response
}

/// What reading one line gave.
#[derive(Debug, PartialEq, Eq)]
enum NextLine {
    /// A line, without its newline, is in the buffer.
    Line,
    /// A line longer than the limit was read past and dropped; its length in bytes.
    TooLong(u64),
    End,
}

/// Reads one line into `line` (cleared first) in the reader's own chunks, keeping at most
/// `max_bytes` of it: a longer line is consumed up to its newline without being held.
fn read_capped_line(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    max_bytes: usize,
) -> std::io::Result<NextLine> {
    line.clear();
    let mut length: u64 = 0;
    let mut too_long = false;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            // A last line without a newline is still a line.
            return Ok(match (length, too_long) {
                (0, _) => NextLine::End,
                (_, true) => NextLine::TooLong(length),
                (_, false) => NextLine::Line,
            });
        }
        let newline = memchr::memchr(b'\n', available);
        let chunk = newline.unwrap_or(available.len());
        length += chunk as u64;
        if !too_long {
            let needed = line.len() + chunk;
            if needed > max_bytes {
                too_long = true;
                line.clear();
            } else {
                // Grow no further than the limit: doubling could reach twice it.
                if needed > line.capacity() {
                    let target = line.capacity().saturating_mul(2).clamp(needed, max_bytes);
                    line.reserve_exact(target - line.len());
                }
                line.extend_from_slice(&available[..chunk]);
            }
        }
        input.consume(chunk + usize::from(newline.is_some()));
        if newline.is_some() {
            return Ok(if too_long {
                NextLine::TooLong(length)
            } else {
                NextLine::Line
            });
        }
    }
}

/// Annotates every line of `input` and writes one JSON line per input line to `output`.
///
/// Only a failure to read the input or to write the output ends the stream early. An output
/// closed by its reader (`annotate | head -1`) is a normal end: `Ok`, nothing more written.
pub fn annotate(
    mut input: impl BufRead,
    mut output: impl Write,
    model: &crate::ner::Model,
    options: &AnnotateOptions,
) -> Result<()> {
    let mut line = Vec::new();
    let mut json = Vec::new();
    let mut line_number: u64 = 0;
    loop {
        let next = read_capped_line(&mut input, &mut line, options.max_line_bytes)
            .map_err(|e| Error::io("annotate input", e))?;
        line_number += 1;
        let response = match next {
            NextLine::End => break,
            NextLine::TooLong(length) => Response::failed(
                line_number,
                Value::Null,
                format!(
                    "{length} bytes, over the line limit of {} bytes (--max-line-bytes); not read",
                    options.max_line_bytes
                ),
            ),
            NextLine::Line => {
                let mut bytes = line.as_slice();
                if line_number == 1 {
                    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                }
                let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
                annotate_line(bytes, line_number, model)
            }
        };
        json.clear();
        serde_json::to_writer(&mut json, &response).map_err(|e| Error::Other(e.to_string()))?;
        json.push(b'\n');
        match output.write_all(&json) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(Error::io("annotate output", e)),
        }
    }
    match output.flush() {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => Err(Error::io("annotate output", e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotate_str(input: &str) -> Vec<Value> {
        annotate_bytes(input.as_bytes(), &AnnotateOptions::default())
    }

    fn annotate_bytes(input: &[u8], options: &AnnotateOptions) -> Vec<Value> {
        let mut out = Vec::new();
        annotate(input, &mut out, crate::ner::shipped_model(), options).unwrap();
        String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    #[test]
    fn one_line_out_per_line_in_with_code_point_offsets() {
        let input = concat!(
            "{\"id\": 1, \"text\": \"Voters in Zürich backed the plan on Tuesday, Anna Schmid said.\", \"published\": \"2025-07-29\"}\n",
            "not json\n",
            "{\"id\": \"b\", \"text\": \"Nothing here.\"}\n",
        );
        let lines = annotate_str(input);
        assert_eq!(lines.len(), 3);
        let d = &lines[0]["dates"][0];
        assert_eq!(
            (d["start_char"].as_u64(), d["end_char"].as_u64()),
            (Some(36), Some(43))
        );
        assert_eq!(d["value"], "2025-07-29");
        assert_eq!(d["timex_type"], "date");
        assert_eq!(lines[0]["anchor_date"], "2025-07-29");
        let entities: Vec<(u64, u64, &str, &str)> = lines[0]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let n = |k: &str| e[k].as_u64().unwrap();
                (
                    n("start_char"),
                    n("end_char"),
                    e["entity_type"].as_str().unwrap(),
                    e["text"].as_str().unwrap(),
                )
            })
            .collect();
        // Offsets count code points: "ü" is one, though two bytes.
        assert_eq!(
            entities,
            [
                (10, 16, "location", "Zürich"),
                (45, 56, "person", "Anna Schmid")
            ]
        );
        assert!(lines[1]["error"].as_str().unwrap().starts_with("line 2"));
        assert_eq!(lines[2]["id"], "b");
        assert_eq!(lines[2]["line"], 3);
        assert_eq!(lines[2]["dates"].as_array().unwrap().len(), 0);
    }

    /// A reader that hands out `len` bytes of `x` in 8 KiB chunks, then `rest`.
    fn long_line_then(len: usize, rest: &'static [u8]) -> impl BufRead {
        use std::io::Read;
        std::io::BufReader::with_capacity(
            8 << 10,
            std::io::repeat(b'x').take(len as u64).chain(rest),
        )
    }

    #[test]
    fn an_oversize_line_is_read_past_without_being_held() {
        let mut input = long_line_then(10_000_000, b"\n{\"text\": \"ok\"}\nlast");
        let mut line = Vec::new();
        let next = read_capped_line(&mut input, &mut line, 64 << 10).unwrap();
        assert_eq!(next, NextLine::TooLong(10_000_000));
        assert!(line.capacity() <= 64 << 10, "held {}", line.capacity());
        assert_eq!(
            read_capped_line(&mut input, &mut line, 64 << 10).unwrap(),
            NextLine::Line
        );
        assert_eq!(line, b"{\"text\": \"ok\"}");
        assert_eq!(
            read_capped_line(&mut input, &mut line, 64 << 10).unwrap(),
            NextLine::Line
        );
        assert_eq!(line, b"last");
        assert_eq!(
            read_capped_line(&mut input, &mut line, 64 << 10).unwrap(),
            NextLine::End
        );
    }

    #[test]
    fn a_line_of_exactly_the_limit_is_read() {
        let mut input = long_line_then(1000, b"\n");
        let mut line = Vec::new();
        assert_eq!(
            read_capped_line(&mut input, &mut line, 1000).unwrap(),
            NextLine::Line
        );
        assert_eq!(line.len(), 1000);
        assert!(line.capacity() <= 1000);
    }

    #[test]
    fn an_oversize_line_gets_an_error_line_and_the_next_is_annotated() {
        let input = format!(
            "{{\"id\": 1, \"text\": \"{}\"}}\n{{\"id\": 2, \"text\": \"Anna Schmid spoke on Tuesday.\"}}\n",
            "word ".repeat(1000)
        );
        let lines = annotate_bytes(
            input.as_bytes(),
            &AnnotateOptions {
                max_line_bytes: 1000,
            },
        );
        assert_eq!(lines.len(), 2);
        let error = lines[0]["error"].as_str().unwrap();
        assert!(error.starts_with("line 1: 5021 bytes, over the line limit of 1000 bytes"));
        assert_eq!(lines[1]["id"], 2);
        assert_eq!(lines[1]["entities"][0]["text"], "Anna Schmid");
    }

    #[test]
    fn crlf_line_ends_and_a_leading_bom_are_not_part_of_the_request() {
        let lines = annotate_str(
            "\u{FEFF}{\"id\": 1, \"text\": \"Sunday.\"}\r\n{\"id\": 2, \"text\": \"Monday.\"}\r\n",
        );
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.get("error").is_none()), "{lines:?}");
        assert_eq!(lines[1]["dates"][0]["text"], "Monday");
    }

    #[test]
    fn a_closed_output_ends_the_stream_without_an_error() {
        struct ClosedPipe;
        impl Write for ClosedPipe {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Err(ErrorKind::BrokenPipe.into())
            }
        }
        let input = "{\"text\": \"a\"}\n".repeat(10);
        let options = AnnotateOptions::default();
        let model = crate::ner::shipped_model();
        assert!(annotate(input.as_bytes(), ClosedPipe, model, &options).is_ok());
    }

    #[test]
    fn published_as_unix_seconds_anchors_and_anything_else_unreadable_warns() {
        let lines = annotate_str(concat!(
            "{\"text\": \"The vote is next month.\", \"published\": 1753776000}\n",
            "{\"text\": \"The vote is next month.\", \"published\": [2025]}\n",
            "{\"text\": \"The vote is next month.\", \"published\": \"\"}\n",
        ));
        assert_eq!(lines[0]["anchor_date"], "2025-07-29");
        assert_eq!(lines[0]["dates"][0]["value"], "2025-08");
        assert!(lines[0].get("warnings").is_none());
        let warning = lines[1]["warnings"][0].as_str().unwrap();
        assert!(warning.starts_with("line 2: \"published\" is an array"));
        assert_eq!(lines[1]["dates"][0]["text"], "next month");
        assert!(lines[2].get("warnings").is_none());
    }

    #[test]
    fn a_requested_language_is_read_as_its_primary_code() {
        let lines = annotate_str(concat!(
            "{\"text\": \"Anna Schmid spoke.\", \"language\": \"EN-gb\"}\n",
            "{\"text\": \"Anna Schmid spoke.\", \"language\": \"English\"}\n",
            "{\"text\": \"Anna Schmid spoke.\", \"language\": \"fr\"}\n",
        ));
        assert_eq!(lines[0]["language"], "en");
        assert_eq!(lines[0]["entities"][0]["entity_type"], "person");
        assert!(
            lines[1]["warnings"][0]
                .as_str()
                .unwrap()
                .contains("\"English\"")
        );
        // Too short to detect: tagged as the tools' own language.
        assert_eq!(lines[1]["language"], Value::Null);
        assert_eq!(lines[1]["entities"][0]["text"], "Anna Schmid");
        assert_eq!(lines[2]["language"], "fr");
        assert_eq!(lines[2]["entities"].as_array().unwrap().len(), 0);
        assert_eq!(
            lines[2]["skipped"],
            serde_json::json!([
                "entities: language fr is not covered",
                "dates: language fr is not covered; only dates written in digits",
                "quotes: language fr is not covered"
            ])
        );
    }
}
