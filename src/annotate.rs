//! `newsprint annotate`: JSON lines in, one JSON line out per line in, same order, with the
//! entities and dates of each text. For ad-hoc use and evaluation on text that is not a dataset.

use std::io::{BufRead, Write};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

#[derive(Debug, Deserialize)]
struct Request {
    #[serde(default)]
    id: serde_json::Value,
    text: String,
    /// ISO date or date-time; relative dates resolve against its day.
    #[serde(default)]
    published: Option<String>,
}

#[derive(Debug, Serialize)]
struct DateOut {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    timex_type: &'static str,
    value: String,
    text: String,
}

#[derive(Debug, Serialize)]
struct EntityOut {
    start: usize,
    end: usize,
    /// CoNLL's names: PER, ORG, LOC, MISC.
    #[serde(rename = "type")]
    entity_type: &'static str,
    text: String,
    canonical: String,
}

#[derive(Debug, Serialize)]
struct Response {
    id: serde_json::Value,
    entities: Vec<EntityOut>,
    dates: Vec<DateOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn annotate_line(line: &str, model: &crate::ner::Model) -> Response {
    let request: Request = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => {
            // One output line per input line, even for a bad one: the error says why.
            let id = serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(serde_json::Value::Null);
            return Response {
                id,
                entities: Vec::new(),
                dates: Vec::new(),
                error: Some(format!("not a {{\"id\", \"text\"}} object: {e}")),
            };
        }
    };
    let anchor = request
        .published
        .as_deref()
        .and_then(crate::dates::parse_publication_date)
        .map(|p| p.date);
    let dates = crate::dates::extract(&request.text, anchor)
        .into_iter()
        .map(|t| DateOut {
            start: t.start,
            end: t.end,
            timex_type: t.timex_type.timeml_name(),
            value: t.value,
            text: t.text,
        })
        .collect();
    let entities = crate::ner::extract_entities(&request.text, model)
        .into_iter()
        .map(|m| EntityOut {
            start: m.start_char,
            end: m.end_char,
            entity_type: m.entity_type.conll(),
            text: m.text,
            canonical: m.canonical,
        })
        .collect();
    Response {
        id: request.id,
        entities,
        dates,
        error: None,
    }
}

pub fn annotate(
    input: impl BufRead,
    mut output: impl Write,
    model: &crate::ner::Model,
) -> Result<()> {
    let io = |e| Error::io("annotate stream", e);
    for line in input.lines() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let response = annotate_line(&line, model);
        let json = serde_json::to_string(&response).map_err(|e| Error::Other(e.to_string()))?;
        writeln!(output, "{json}").map_err(io)?;
    }
    output.flush().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_out_per_line_in_with_code_point_offsets() {
        let input = concat!(
            "{\"id\": 1, \"text\": \"Voters in Zürich backed the plan on Tuesday, Anna Schmid said.\", \"published\": \"2025-07-29\"}\n",
            "not json\n",
            "{\"id\": \"b\", \"text\": \"Nothing here.\"}\n",
        );
        let mut out = Vec::new();
        annotate(input.as_bytes(), &mut out, crate::ner::shipped_model()).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        let d = &lines[0]["dates"][0];
        assert_eq!(
            (d["start"].as_u64(), d["end"].as_u64()),
            (Some(36), Some(43))
        );
        assert_eq!(d["value"], "2025-07-29");
        assert_eq!(d["type"], "DATE");
        let entities: Vec<(u64, u64, &str, &str)> = lines[0]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let n = |k: &str| e[k].as_u64().unwrap();
                (
                    n("start"),
                    n("end"),
                    e["type"].as_str().unwrap(),
                    e["text"].as_str().unwrap(),
                )
            })
            .collect();
        // Offsets count code points: "ü" is one, though two bytes.
        assert_eq!(
            entities,
            [(10, 16, "LOC", "Zürich"), (45, 56, "PER", "Anna Schmid")]
        );
        assert!(lines[1]["error"].is_string());
        assert_eq!(lines[2]["id"], "b");
        assert_eq!(lines[2]["dates"].as_array().unwrap().len(), 0);
    }
}
