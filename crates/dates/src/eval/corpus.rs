//! Readers for the evaluation corpora: TempEval-3 TimeML (`.tml`) and the
//! MEANTIME NewsReader XML format. Both produce plain text with gold timex
//! spans in Unicode code point offsets, plus the anchor (DCT).

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::xml::{attr, next_tag, unescape};

/// One gold TIMEX3.
#[derive(Debug, Clone)]
pub struct GoldTimex {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub timex_type: String,
    pub value: String,
}

/// One evaluation document.
#[derive(Debug, Clone)]
pub struct Doc {
    pub id: String,
    pub text: String,
    pub anchor: Option<NaiveDate>,
    pub gold: Vec<GoldTimex>,
    /// System timexes starting at or after this code point offset are not
    /// scored (MEANTIME annotates only the first sentences).
    pub scored_until: usize,
}

fn parse_anchor(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

fn files_with_ext(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for entry in rd.flatten() {
        let p = entry.path();
        if p.is_dir() {
            files_with_ext(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

/// Reads every file with extension `ext` under `dir` (recursively), sorted by path, with
/// `parse(id, text)`; unreadable files are passed over.
fn read_docs(dir: &Path, ext: &str, parse: fn(&str, &str) -> Doc) -> Vec<Doc> {
    let mut files = Vec::new();
    files_with_ext(dir, ext, &mut files);
    files.sort();
    files
        .iter()
        .filter_map(|p| {
            let src = fs::read_to_string(p).ok()?;
            let id = p.file_stem()?.to_string_lossy().into_owned();
            Some(parse(&id, &src))
        })
        .collect()
}

/// Reads every `.tml` file under `dir` (recursively), sorted by path.
pub fn read_timeml_dir(dir: &Path) -> Vec<Doc> {
    read_docs(dir, "tml", parse_timeml)
}

/// Parses one TimeML document: the DCT is the anchor, the TEXT section with
/// its tags removed is the text, TIMEX3 inside TEXT are gold.
pub fn parse_timeml(id: &str, src: &str) -> Doc {
    let anchor = src.find("<DCT>").and_then(|i| {
        let tag = next_tag(src, i + 5)?;
        parse_anchor(attr(tag.attrs, "value")?)
    });
    let body_start = src.find("<TEXT>").map_or(0, |i| i + 6);
    let body_end = src.find("</TEXT>").unwrap_or(src.len());
    let body = &src[body_start..body_end];
    let mut text = String::with_capacity(body.len());
    let mut cp = 0usize;
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut pos = 0;
    let push_text = |text: &mut String, cp: &mut usize, raw: &str| {
        let s = unescape(raw);
        *cp += s.chars().count();
        text.push_str(&s);
    };
    while let Some(tag) = next_tag(body, pos) {
        push_text(&mut text, &mut cp, &body[pos..tag.start]);
        if tag.name == "TIMEX3" {
            if tag.closing {
                if let Some((start, ty, value)) = open.take() {
                    let t: String = text.chars().skip(start).collect();
                    gold.push(GoldTimex {
                        start,
                        end: cp,
                        text: t,
                        timex_type: ty,
                        value,
                    });
                }
            } else {
                let ty = attr(tag.attrs, "type").unwrap_or("").to_string();
                let value = attr(tag.attrs, "value").unwrap_or("").to_string();
                open = Some((cp, ty, value));
            }
        }
        pos = tag.end;
    }
    push_text(&mut text, &mut cp, &body[pos..]);
    Doc {
        id: id.to_string(),
        text,
        anchor,
        gold,
        scored_until: usize::MAX,
    }
}

/// Reads every MEANTIME `.xml` document under `dir` (recursively).
pub fn read_meantime_dir(dir: &Path) -> Vec<Doc> {
    read_docs(dir, "xml", parse_meantime)
}

/// Whether no space goes before this token when rebuilding text.
fn attaches_left(tok: &str) -> bool {
    matches!(
        tok,
        "," | "."
            | ";"
            | ":"
            | "!"
            | "?"
            | ")"
            | "]"
            | "%"
            | "'s"
            | "'"
            | "n't"
            | "''"
            | "'re"
            | "'ve"
            | "'ll"
            | "'d"
            | "'m"
    )
}

/// Whether no space goes after this token when rebuilding text.
fn attaches_right(tok: &str) -> bool {
    matches!(tok, "(" | "[" | "$" | "``" | "US$" | "£" | "€")
}

/// Parses one MEANTIME document. The text is rebuilt from the tokens with a
/// light detokeniser (no space before closing punctuation), one sentence per
/// line; only timexes anchored in sentences 0-5 are annotated.
pub fn parse_meantime(id: &str, src: &str) -> Doc {
    struct Tok {
        id: String,
        sentence: usize,
        text: String,
    }
    let mut toks = Vec::new();
    let mut timexes: Vec<(String, String, bool, Vec<String>)> = Vec::new();
    let mut pos = 0;
    let mut in_timex = false;
    while let Some(tag) = next_tag(src, pos) {
        pos = tag.end;
        match (tag.name, tag.closing) {
            ("token", false) => {
                let close = src[pos..].find("</token>").map_or(pos, |i| pos + i);
                toks.push(Tok {
                    id: attr(tag.attrs, "t_id").unwrap_or("").to_string(),
                    sentence: attr(tag.attrs, "sentence")
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(0),
                    text: unescape(&src[pos..close]),
                });
                pos = close;
            }
            ("TIMEX3", false) if !tag.self_closing => {
                timexes.push((
                    attr(tag.attrs, "type").unwrap_or("").to_string(),
                    attr(tag.attrs, "value").unwrap_or("").to_string(),
                    attr(tag.attrs, "functionInDocument") == Some("CREATION_TIME"),
                    Vec::new(),
                ));
                in_timex = true;
            }
            ("TIMEX3", true) => in_timex = false,
            ("token_anchor", false) if in_timex => {
                if let (Some(t), Some(last)) = (attr(tag.attrs, "t_id"), timexes.last_mut()) {
                    last.3.push(t.to_string());
                }
            }
            _ => {}
        }
    }
    // Rebuild text and remember each token's code point span.
    let mut text = String::new();
    let mut cp = 0usize;
    let mut spans = std::collections::HashMap::new();
    let mut scored_until = usize::MAX;
    let mut prev: Option<&Tok> = None;
    for tok in &toks {
        if let Some(p) = prev {
            let sep = if p.sentence != tok.sentence {
                "\n"
            } else if attaches_left(&tok.text) || attaches_right(&p.text) {
                ""
            } else {
                " "
            };
            text.push_str(sep);
            cp += sep.len();
        }
        if tok.sentence > 5 && scored_until == usize::MAX {
            scored_until = cp;
        }
        let n = tok.text.chars().count();
        spans.insert(tok.id.as_str(), (cp, cp + n));
        text.push_str(&tok.text);
        cp += n;
        prev = Some(tok);
    }
    let mut anchor = None;
    let mut gold = Vec::new();
    for (ty, value, is_dct, ids) in &timexes {
        let cps: Vec<(usize, usize)> = ids
            .iter()
            .filter_map(|i| spans.get(i.as_str()).copied())
            .collect();
        let (Some(start), Some(end)) =
            (cps.iter().map(|s| s.0).min(), cps.iter().map(|s| s.1).max())
        else {
            continue;
        };
        if *is_dct {
            // A few DCT values are not ISO; the visible date line is.
            let shown: String = text.chars().skip(start).take(end - start).collect();
            anchor = parse_anchor(value)
                .or_else(|| super::super::parse_publication_date(&shown).map(|p| p.date));
        }
        gold.push(GoldTimex {
            start,
            end,
            text: text.chars().skip(start).take(end - start).collect(),
            timex_type: ty.clone(),
            value: value.clone(),
        });
    }
    gold.sort_by_key(|g| (g.start, g.end));
    if anchor.is_none() {
        // No DCT markable: use the visible date line (sentence 1).
        let line: Vec<&str> = toks
            .iter()
            .filter(|t| t.sentence == 1)
            .map(|t| t.text.as_str())
            .collect();
        anchor = super::super::parse_publication_date(&line.join(" ")).map(|p| p.date);
    }
    Doc {
        id: id.to_string(),
        text,
        anchor,
        gold,
        scored_until,
    }
}
