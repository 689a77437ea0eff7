//! End-to-end tests of `newsprint annotate`: JSON lines in, one JSON line out per line in.

mod common;

use std::process::Command;

use common::{SEED_LIKE, path_str, run_ok};

use newsprint::model::{Article, DateMention, EntityMention, Quote};
use newsprint::parquet_io::read_table;
use serde_json::{Value, json};

/// Runs `newsprint annotate` on `input` (given as a file) with `args`; its output lines, parsed.
fn annotate(input: &[u8], args: &[&str]) -> Vec<Value> {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("in.jsonl");
    std::fs::write(&path, input).unwrap();
    let mut all = vec!["annotate", "--input", path_str(&path)];
    all.extend_from_slice(args);
    run_ok(&all)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn strings(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect()
}

fn texts_of<'a>(rows: &'a Value, field: &str) -> Vec<&'a str> {
    rows.as_array()
        .unwrap_or_else(|| panic!("not an array: {rows}"))
        .iter()
        .map(|row| row[field].as_str().unwrap())
        .collect()
}

#[test]
fn train_ner_then_annotate_with_the_trained_model() {
    let tmp = tempfile::tempdir().unwrap();
    // A tiny corpus the team wrote: enough for the tagger to learn these names.
    let mut conll = String::from("-DOCSTART- O\n\n");
    for (who, place) in [
        ("Mara", "Oslo"),
        ("Tomas", "Lyon"),
        ("Ines", "Porto"),
        ("Karl", "Graz"),
    ] {
        for _ in 0..5 {
            conll.push_str(&format!(
                "{who} B-PER\nVoss I-PER\nflew O\nto O\n{place} B-LOC\n. O\n\n"
            ));
        }
    }
    let train = tmp.path().join("train.iob");
    std::fs::write(&train, conll).unwrap();
    let model = tmp.path().join("model.bin.gz");
    run_ok(&[
        "train-ner",
        "--train",
        path_str(&train),
        "--out",
        path_str(&model),
        "--epochs",
        "3",
    ]);
    assert!(std::fs::metadata(&model).unwrap().len() > 0);

    let input = tmp.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\": 7, \"text\": \"Mara Voss flew to Lyon.\"}\n",
    )
    .unwrap();
    let output = tmp.path().join("out.jsonl");
    run_ok(&[
        "annotate",
        "--ner-model",
        path_str(&model),
        "--input",
        path_str(&input),
        "--output",
        path_str(&output),
    ]);
    let line: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&output).unwrap().trim()).unwrap();
    let found: Vec<(&str, &str)> = line["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["text"].as_str().unwrap(),
                e["entity_type"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("Mara Voss", "person"), ("Lyon", "location")]);

    // A pipeline file can name the model too.
    let pipeline = tmp.path().join("p.toml");
    std::fs::write(
        &pipeline,
        format!(
            "[dataset]\ndir = \"{}\"\n[input]\npaths = [\"{SEED_LIKE}\"]\n[extract]\nner_model = \"{}\"\n",
            path_str(&tmp.path().join("ds")),
            path_str(&model)
        ),
    )
    .unwrap();
    run_ok(&["run", path_str(&pipeline), "-q"]);
    assert!(tmp.path().join("ds/mentions").is_dir());
}

#[test]
fn annotate_writes_one_line_per_line_in() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .arg("annotate")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{{\"id\": \"a\", \"text\": \"The vote is next month.\", \"published\": \"2025-07-29T10:00:00Z\"}}").unwrap();
        writeln!(
            stdin,
            "{{\"id\": \"b\", \"text\": \"Weekly meetings since 2019.\"}}"
        )
        .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["dates"][0]["value"], "2025-08");
    assert_eq!(lines[0]["dates"][0]["text"], "next month");
    let b: Vec<&str> = lines[1]["dates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["timex_type"].as_str().unwrap())
        .collect();
    assert_eq!(b, ["set", "date"]);
}

#[test]
fn ten_thousand_invalid_utf8_lines_get_ten_thousand_error_lines_and_the_stream_goes_on() {
    let mut input = Vec::new();
    for i in 0..10_000u32 {
        // Bytes that are never UTF-8 (0xC0, 0xFF), with no newline among them.
        input.extend_from_slice(&[0xC0, 0xFF, b'{', (i % 200) as u8 | 0x80, 0xFE]);
        input.push(b'\n');
    }
    input.extend_from_slice(b"{\"id\": \"after\", \"text\": \"Anna Schmid spoke on Tuesday.\"}\n");
    let lines = annotate(&input, &[]);
    assert_eq!(lines.len(), 10_001);
    for (i, line) in lines[..10_000].iter().enumerate() {
        let error = line["error"].as_str().unwrap();
        assert!(
            error.starts_with(&format!("line {}: not UTF-8", i + 1)),
            "{error}"
        );
        assert_eq!(line["line"], i + 1);
    }
    assert_eq!(lines[10_000]["id"], "after");
    assert_eq!(
        texts_of(&lines[10_000]["entities"], "text"),
        ["Anna Schmid"]
    );
}

#[test]
fn blank_lines_get_an_error_line_each() {
    let lines = annotate(
        b"{\"id\": 1, \"text\": \"On Monday.\"}\n\n  \t\r\n{\"id\": 4, \"text\": \"On Friday.\"}\n",
        &[],
    );
    assert_eq!(lines.len(), 4);
    assert_eq!(texts_of(&lines[0]["dates"], "text"), ["Monday"]);
    for (i, blank) in [(2, &lines[1]), (3, &lines[2])] {
        assert_eq!(blank["id"], Value::Null);
        assert!(
            blank["error"]
                .as_str()
                .unwrap()
                .starts_with(&format!("line {i}: blank line")),
            "{blank}"
        );
    }
    assert_eq!(lines[3]["id"], 4);
    assert_eq!(lines[3]["line"], 4);
    assert_eq!(texts_of(&lines[3]["dates"], "text"), ["Friday"]);
}

#[test]
fn a_json_array_is_an_error_not_a_request() {
    let lines = annotate(
        b"[7, \"Anna Schmid met voters in Berlin on Tuesday.\"]\n\"text\"\n42\n",
        &[],
    );
    assert_eq!(lines.len(), 3);
    for (line, kind) in lines.iter().zip(["an array", "a string", "a number"]) {
        let error = line["error"].as_str().unwrap();
        assert!(
            error.contains(&format!("{kind}, not a JSON object")),
            "{error}"
        );
        assert_eq!(line["id"], Value::Null);
        assert_eq!(line["entities"], json!([]));
        assert_eq!(line["dates"], json!([]));
    }
}

#[test]
fn a_numeric_published_keeps_the_line_and_names_the_right_line() {
    let lines = annotate(
        concat!(
            "{\"id\": 1, \"text\": \"Nothing to see.\"}\n",
            "{\"id\": 2, \"text\": \"Anna Schmid says the vote is next month.\", \"published\": 2025.5}\n",
            "{\"id\": 3, \"text\": \"The vote is next month.\", \"published\": 1753776000}\n",
        )
        .as_bytes(),
        &[],
    );
    assert_eq!(lines.len(), 3);
    // Not a date: the text is still annotated and the warning names line 2.
    let second = &lines[1];
    assert!(second.get("error").is_none(), "{second}");
    let warnings = strings(&second["warnings"]);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("line 2: \"published\" \"2025.5\" is not a date"),
        "{}",
        warnings[0]
    );
    assert!(!warnings[0].contains("line 1"), "{}", warnings[0]);
    assert_eq!(texts_of(&second["entities"], "text"), ["Anna Schmid"]);
    assert_eq!(texts_of(&second["dates"], "text"), ["next month"]);
    assert_eq!(second["anchor_date"], Value::Null);
    // Unix seconds, as the pipeline reads a string of ten digits.
    assert_eq!(lines[2]["anchor_date"], "2025-07-29");
    assert_eq!(lines[2]["dates"][0]["value"], "2025-08");
}

#[test]
fn an_unparseable_published_is_reported_not_ignored() {
    let lines = annotate(
        b"{\"id\": 1, \"text\": \"The vote is next month.\", \"published\": \"sometime in spring\"}\n",
        &[],
    );
    let warnings = strings(&lines[0]["warnings"]);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0].starts_with("line 1: \"published\" \"sometime in spring\" is not a date"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("relative dates are left unresolved"));
    assert_eq!(lines[0]["anchor_date"], Value::Null);
    assert_eq!(texts_of(&lines[0]["dates"], "text"), ["next month"]);
}

#[test]
fn a_line_over_the_size_cap_gets_an_error_line_and_the_next_line_is_read() {
    let long_text = "word ".repeat(50_000);
    let input = format!(
        "{{\"id\": 1, \"text\": \"{long_text}\"}}\n{{\"id\": 2, \"text\": \"On Friday.\"}}\n"
    );
    // Over the 16 MiB default.
    let mut huge = "{\"id\": 0, \"text\": \"".to_owned();
    huge.push_str(&"x".repeat(17 << 20));
    huge.push_str("\"}\n");
    let lines = annotate(format!("{huge}{input}").as_bytes(), &[]);
    assert_eq!(lines.len(), 3);
    let error = lines[0]["error"].as_str().unwrap();
    assert!(
        error.starts_with(&format!(
            "line 1: {} bytes, over the line limit of 16777216 bytes",
            huge.len() - 1
        )),
        "{error}"
    );
    assert_eq!(lines[0]["id"], Value::Null);
    // Under the default: annotated.
    assert!(lines[1].get("error").is_none());
    assert_eq!(lines[2]["id"], 2);

    let capped = annotate(input.as_bytes(), &["--max-line-bytes", "100000"]);
    assert_eq!(capped.len(), 2);
    assert!(
        capped[0]["error"]
            .as_str()
            .unwrap()
            .contains("over the line limit of 100000 bytes")
    );
    assert_eq!(texts_of(&capped[1]["dates"], "text"), ["Friday"]);
}

/// The annotation of an article's text is what the pipeline's `mentions`, `dates` and
/// `quotes` tables hold for it: same names, same values, days as ISO dates.
#[test]
fn output_rows_use_the_mentions_and_dates_tables_names_and_values() {
    let tmp = tempfile::tempdir().unwrap();
    let dataset = tmp.path().join("ds");
    run_ok(&[
        "run",
        "--input",
        "tests/fixtures/textdump/000_464cbad1ab1197de.txt",
        "--output",
        path_str(&dataset),
        "-q",
    ]);
    let articles: Vec<Article> = read_table(&dataset.join("articles")).unwrap();
    let [article] = articles.as_slice() else {
        panic!("one article expected, got {}", articles.len());
    };
    let mentions: Vec<EntityMention> = read_table(&dataset.join("mentions")).unwrap();
    let dates: Vec<DateMention> = read_table(&dataset.join("dates")).unwrap();
    assert!(!mentions.is_empty() && !dates.is_empty());

    let day = |days: i32| {
        chrono::NaiveDate::default()
            .checked_add_signed(chrono::TimeDelta::days(days.into()))
            .unwrap()
            .to_string()
    };
    let published = day(article.published_date.unwrap());
    let request = json!({"id": article.article_id, "text": article.text, "published": published});
    let lines = annotate(format!("{request}\n").as_bytes(), &[]);
    assert_eq!(lines[0]["anchor_date"], published);

    let expected_entities: Vec<Value> = mentions
        .iter()
        .map(|m| {
            json!({
                "start_char": m.start_char, "end_char": m.end_char, "text": m.text,
                "entity_type": m.entity_type, "canonical": m.canonical,
                "entity_id": m.entity_id, "sentence_idx": m.sentence_idx, "role": m.role,
            })
        })
        .collect();
    assert_eq!(lines[0]["entities"], Value::Array(expected_entities));
    let expected_dates: Vec<Value> = dates
        .iter()
        .map(|d| {
            json!({
                "start_char": d.start_char, "end_char": d.end_char, "text": d.text,
                "timex_type": d.timex_type, "value": d.value,
                "resolved_start": d.resolved_start.map(day),
                "resolved_end": d.resolved_end.map(day),
                "granularity": d.granularity,
            })
        })
        .collect();
    assert_eq!(lines[0]["dates"], Value::Array(expected_dates));

    // A quote's cue and source are objects; its parts are given only when there are two or more.
    let quotes: Vec<Quote> = read_table(&dataset.join("quotes")).unwrap();
    assert!(quotes.iter().any(|q| q.spans.len() > 1));
    let span = |text: &Option<String>, start: Option<i32>, end: Option<i32>| match text {
        Some(t) => json!({"start_char": start, "end_char": end, "text": t}),
        None => Value::Null,
    };
    let expected_quotes: Vec<Value> = quotes
        .iter()
        .map(|q| {
            let mut row = json!({
                "start_char": q.start_char, "end_char": q.end_char, "text": q.text,
                "direct": q.direct,
                "cue": span(&q.cue, q.cue_start_char, q.cue_end_char),
                "source": span(&q.source, q.source_start_char, q.source_end_char),
                "speaker": q.speaker, "speaker_entity_id": q.speaker_entity_id,
            });
            if q.spans.len() > 1 {
                let parts: Vec<[i32; 2]> =
                    q.spans.iter().map(|p| [p.start_char, p.end_char]).collect();
                row["spans"] = json!(parts);
            }
            row
        })
        .collect();
    assert_eq!(lines[0]["quotes"], Value::Array(expected_quotes));
}

#[test]
fn a_closed_output_pipe_ends_annotate_quietly() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .arg("annotate")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // Fed from a thread: annotate blocks on its full output pipe until that is closed, and
    // stops reading; the writes that then fail are expected.
    let feeder = std::thread::spawn(move || {
        for i in 0..20_000 {
            let line =
                format!("{{\"id\": {i}, \"text\": \"Anna Schmid spoke in Berlin on Tuesday.\"}}\n");
            if stdin.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let first: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(first["id"], 0);
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert!(out.status.success(), "{:?}", out.status);
}

#[test]
fn german_text_is_not_tagged_by_the_english_tagger() {
    let lines = annotate(
        concat!(
            "{\"id\": \"de\", \"text\": \"Der Stadtrat in Köln hat am Dienstag beschlossen, die Brücke über den Rhein zu sanieren.\"}\n",
            "{\"id\": \"en\", \"text\": \"The city council in Cologne said on Tuesday that the bridge over the Rhine would be repaired, and that the work would take two years.\"}\n",
        )
        .as_bytes(),
        &[],
    );
    let german = &lines[0];
    assert_eq!(german["language"], "de");
    assert_eq!(german["entities"], json!([]));
    assert_eq!(german["dates"], json!([]));
    assert_eq!(
        german["skipped"],
        json!([
            "entities: language de is not covered",
            "dates: language de is not covered; only dates written in digits",
            "quotes: language de is not covered"
        ])
    );
    let english = &lines[1];
    assert_eq!(english["language"], "en");
    assert!(english.get("skipped").is_none());
    assert!(texts_of(&english["entities"], "text").contains(&"Cologne"));
    assert_eq!(
        texts_of(&english["dates"], "text"),
        ["Tuesday", "two years"]
    );
}

#[test]
fn a_requested_language_is_used_instead_of_the_detected_one() {
    let text =
        "Der Stadtrat in Köln hat am Dienstag beschlossen, die Brücke über den Rhein zu sanieren.";
    let lines = annotate(
        format!(
            "{}\n{}\n",
            json!({"text": text, "language": "en"}),
            json!({"text": "Anna Schmid spoke on Tuesday.", "language": "de-AT"})
        )
        .as_bytes(),
        &[],
    );
    assert_eq!(lines[0]["language"], "en");
    assert!(lines[0].get("skipped").is_none());
    assert_eq!(lines[1]["language"], "de");
    assert_eq!(lines[1]["entities"], json!([]));
}
