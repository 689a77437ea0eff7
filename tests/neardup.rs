//! The near-duplicate benchmark through the binary: `gen-corpus --neardup` writes a set,
//! `eval --neardup` scores newsprint on it, and `--clusters` scores a clusters file with the
//! same scorer.

mod common;

use std::path::Path;

use common::newsprint;

/// Made-up source articles in the BBC layout (`<category>/NNN.txt`): distinct texts from a
/// small vocabulary.
fn write_sources(root: &Path) {
    let words = [
        "harbour", "council", "ferry", "island", "winter", "budget", "school", "market", "storm",
        "engine", "petition", "grant", "repair", "vote", "quay", "fish", "summer", "report",
        "meeting", "contract",
    ];
    let mut state = 7u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for category in ["business", "sport"] {
        std::fs::create_dir_all(root.join(category)).unwrap();
        for n in 1..=40 {
            let paragraphs: Vec<String> = (0..5)
                .map(|_| {
                    (0..25)
                        .map(|_| words[(next() % words.len() as u64) as usize])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            std::fs::write(
                root.join(category).join(format!("{n:03}.txt")),
                format!("Headline {category} {n}\n\n{}\n", paragraphs.join("\n\n")),
            )
            .unwrap();
        }
    }
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn gen_corpus_neardup_then_eval_scores_every_edit_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    write_sources(&src);
    let set = tmp.path().join("set");
    let (src_s, set_s) = (src.to_str().unwrap(), set.to_str().unwrap());
    let out = newsprint(&[
        "gen-corpus",
        "--neardup",
        "--from",
        src_s,
        "--out",
        set_s,
        "--count",
        "24",
        "--negatives",
        "10",
        "--seed",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("wrote 104 articles"), "{said}");
    assert!(set.join("pairs.tsv").is_file() && set.join("articles.tsv").is_file());

    let report = stdout(&newsprint(&["eval", "--neardup", set_s]));
    assert!(
        report.contains("== near-duplicates: newsprint =="),
        "{report}"
    );
    for kind in ["exact", "boilerplate", "trimmed", "reordered", "headline"] {
        let line = report
            .lines()
            .find(|l| l.starts_with(kind))
            .unwrap_or_else(|| panic!("no {kind} line: {report}"));
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[1..3], ["4", "4"], "{line}");
        assert_eq!(fields[4], "1.000", "{line}");
    }
    assert!(report.contains("hard negatives merged: 0/10"), "{report}");
    assert!(report.contains("same clusters at both"), "{report}");

    // The clusters newsprint wrote, scored as a peer's file: the same figures.
    let clusters = set.join("clusters.newsprint.tsv");
    let again = stdout(&newsprint(&[
        "eval",
        "--neardup",
        set_s,
        "--clusters",
        clusters.to_str().unwrap(),
        "--label",
        "again",
    ]));
    assert!(again.contains("== near-duplicates: again =="), "{again}");
    let table = |text: &str| -> Vec<String> {
        text.lines()
            .skip(1)
            .take_while(|l| !l.starts_with("time:"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(table(&again), table(&report));
}

#[test]
fn gen_corpus_needs_a_count_unless_neardup() {
    let out = newsprint(&["gen-corpus", "--from", "x", "--out", "y"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--count"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
