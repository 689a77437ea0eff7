//! `newsprint annotate`: JSON lines in, one JSON line out per line in, same order. For ad-hoc
//! use and evaluation of the extractors on text that is not a dataset.

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
struct Response {
    id: serde_json::Value,
    dates: Vec<DateOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

fn annotate_line(line: &str) -> Response {
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
    Response {
        id: request.id,
        dates,
        error: None,
    }
}

pub fn annotate(input: impl BufRead, mut output: impl Write) -> Result<()> {
    let io = |e| Error::io("annotate stream", e);
    for line in input.lines() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let response = annotate_line(&line);
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
            "{\"id\": 1, \"text\": \"Zürich voted on Tuesday.\", \"published\": \"2025-07-29\"}\n",
            "not json\n",
            "{\"id\": \"b\", \"text\": \"Nothing here.\"}\n",
        );
        let mut out = Vec::new();
        annotate(input.as_bytes(), &mut out).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        let d = &lines[0]["dates"][0];
        assert_eq!(
            (d["start"].as_u64(), d["end"].as_u64()),
            (Some(16), Some(23))
        );
        assert_eq!(d["value"], "2025-07-29");
        assert_eq!(d["type"], "DATE");
        assert!(lines[1]["error"].is_string());
        assert_eq!(lines[2]["id"], "b");
        assert_eq!(lines[2]["dates"].as_array().unwrap().len(), 0);
    }
}
