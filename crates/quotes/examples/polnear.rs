//! Writes quote predictions for a PolNeAR compartment in the scorer's format.
//!
//! Usage: `polnear <compartment dir> <out.jsonl>` where the compartment holds `text/*.txt`.
//! One JSON line per document: `{"id", "quotes": [{"start", "end", "spans", "direct",
//! "cue", "source", "speaker"}]}` with code-point offsets.
//!
//! There is no entity tagger here, so mentions are a stand-in: runs of capitalised words
//! (two or more make a person, one an organisation). The scorer judges the source by its
//! span as written, which needs no entities; the stand-in only exercises speaker resolution.

use newsprint_quotes::{EntityKind, Mention, byte_to_char_offsets, find_quotes};
use std::fmt::Write as _;
use std::path::Path;

fn stand_in_mentions<'a>(text: &'a str) -> Vec<Mention<'a>> {
    let mut out = Vec::new();
    let mut run: Option<(usize, usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize, usize)>, out: &mut Vec<Mention<'a>>| {
        if let Some((s, e, n)) = run.take() {
            let kind = if n >= 2 {
                EntityKind::Person
            } else {
                EntityKind::Org
            };
            out.push(Mention {
                start: s,
                end: e,
                kind,
                canonical: &text[s..e],
                entity_id: out.len() as u64,
                role: None,
            });
        }
    };
    let mut pos = 0;
    for w in text.split_inclusive(|c: char| c.is_whitespace()) {
        let word = w.trim_end();
        let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        let starts_sentence = text[..pos].trim_end().ends_with(['.', '\n', '"', '“']) || pos == 0;
        if core.chars().next().is_some_and(char::is_uppercase) && !starts_sentence {
            let e = pos + core.len();
            run = Some(match run {
                Some((s, _, n)) => (s, e, n + 1),
                None => (pos, e, 1),
            });
            if core.len() < word.len() {
                flush(&mut run, &mut out);
            }
        } else {
            flush(&mut run, &mut out);
        }
        pos += w.len();
    }
    flush(&mut run, &mut out);
    out
}

fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: polnear <compartment dir> <out.jsonl>");
        std::process::exit(2);
    }
    let dir = Path::new(&args[1]).join("text");
    let mut names: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut out = String::new();
    let mut total = 0;
    for path in names {
        let text = std::fs::read_to_string(&path)?;
        let id = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let mentions = stand_in_mentions(&text);
        let quotes = find_quotes(&text, &mentions);
        total += quotes.len();
        let cp = byte_to_char_offsets(&text);
        out.push_str("{\"id\":");
        json_str(&mut out, &id);
        out.push_str(",\"quotes\":[");
        for (i, q) in quotes.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(
                out,
                "{{\"start\":{},\"end\":{},\"spans\":[",
                cp.char_of(q.start()),
                cp.char_of(q.end())
            );
            for (j, &(a, b)) in q.parts.iter().enumerate() {
                let sep = if j > 0 { "," } else { "" };
                let _ = write!(out, "{sep}[{},{}]", cp.char_of(a), cp.char_of(b));
            }
            let _ = write!(out, "],\"direct\":{}", q.direct);
            for (name, span) in [("cue", q.cue), ("source", q.source)] {
                let _ = write!(out, ",\"{name}\":");
                match span {
                    Some(s) => {
                        let _ = write!(
                            out,
                            "{{\"start\":{},\"end\":{},\"text\":",
                            cp.char_of(s.start),
                            cp.char_of(s.end)
                        );
                        json_str(&mut out, s.text);
                        out.push('}');
                    }
                    None => out.push_str("null"),
                }
            }
            out.push_str(",\"speaker\":");
            match q.speaker {
                Some(sp) => json_str(&mut out, sp.canonical),
                None => out.push_str("null"),
            }
            out.push('}');
        }
        out.push_str("]}\n");
    }
    std::fs::write(&args[2], out)?;
    eprintln!("{total} quotes written to {}", args[2]);
    Ok(())
}
