//! End-to-end tests of `newsprint annotate`: JSON lines in, one JSON line out per line in.

use std::path::Path;
use std::process::{Command, Output};

const SEED: &str = "../shared/seeds/000_6dbaf81a952dee8b.txt";

fn newsprint(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run newsprint")
}

fn run_ok(args: &[&str]) -> String {
    let out = newsprint(args);
    assert!(
        out.status.success(),
        "newsprint {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
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
            "[dataset]\ndir = \"{}\"\n[input]\npaths = [\"{SEED}\"]\n[extract]\nner_model = \"{}\"\n",
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
