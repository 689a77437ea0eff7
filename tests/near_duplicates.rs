//! The `near_duplicates` table end to end: a syndicated copy with boilerplate and an exact
//! copy by URL join the original's cluster, a different article on the same event does not;
//! the table is the same at any thread count; a re-run with nothing changed does nothing,
//! and a change of the join's parameters re-makes the table alone.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use newsprint::model::{Article, NearDuplicate};
use newsprint::parquet_io::read_table;

fn input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/neardup")
}

fn near_duplicates(dataset: &Path) -> Vec<NearDuplicate> {
    read_table(&dataset.join("near_duplicates")).unwrap()
}

fn by_title<'a>(articles: &'a [Article], title: &str) -> Vec<&'a Article> {
    articles
        .iter()
        .filter(|a| a.title.as_deref() == Some(title))
        .collect()
}

#[test]
fn syndicated_copy_joins_the_original_and_same_event_article_stays_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    run_input(&input(), &out);
    let articles = articles(&out);
    let rows = near_duplicates(&out);
    assert_eq!(rows.len(), articles.len(), "one row an article");
    let ids: Vec<&str> = rows.iter().map(|r| r.article_id.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "sorted by article_id");
    let row: BTreeMap<&str, &NearDuplicate> =
        rows.iter().map(|r| (r.article_id.as_str(), r)).collect();

    let originals = by_title(&articles, "Castlebridge viaduct reopens after landslip");
    assert_eq!(
        originals.len(),
        2,
        "the original and its copy under another URL"
    );
    let original = originals.iter().find(|a| !a.is_duplicate).unwrap();
    let url_copy = originals.iter().find(|a| a.is_duplicate).unwrap();
    let syndicated = by_title(
        &articles,
        "Rail line to coast back in service as viaduct repaired",
    )[0];
    let same_event = by_title(
        &articles,
        "Commuters count the cost as Castlebridge trains return",
    )[0];
    let unrelated = by_title(&articles, "Libraries to open on Sundays")[0];

    let rep = row[original.article_id.as_str()];
    assert_eq!(
        rep.cluster_id, original.article_id,
        "the earliest is the representative"
    );
    assert_eq!(rep.similarity, 1.0);
    assert_eq!(rep.cluster_size, 3);
    // Exact duplicates fold into the same cluster.
    let copy = row[url_copy.article_id.as_str()];
    assert_eq!(copy.cluster_id, original.article_id);
    assert_eq!(copy.cluster_size, 3);
    // Bylines, "Read more", share and credit lines do not keep the copy apart.
    let synd = row[syndicated.article_id.as_str()];
    assert_eq!(synd.cluster_id, original.article_id);
    assert!(
        synd.similarity > 0.5 && synd.similarity < 1.0,
        "{}",
        synd.similarity
    );
    // Same names, same day, other words: its own cluster.
    for a in [same_event, unrelated] {
        let r = row[a.article_id.as_str()];
        assert_eq!(r.cluster_id, a.article_id, "{:?}", a.title);
        assert_eq!((r.similarity, r.cluster_size), (1.0, 1));
    }
    let manifest = std::fs::read_to_string(out.join("_manifest.json")).unwrap();
    assert!(manifest.contains("near_duplicates"), "{manifest}");
}

#[test]
fn near_duplicates_are_byte_identical_at_one_and_two_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for threads in [1, 2] {
        let out = tmp.path().join(format!("ds{threads}"));
        ok(&newsprint_threads(
            &[
                "run",
                "--input",
                path_str(&input()),
                "--output",
                path_str(&out),
                "-q",
            ],
            Some(threads),
        ));
        let files = parquet_bytes(&out);
        assert!(files.iter().any(|(p, _)| p.starts_with("near_duplicates/")));
        assert!(files.iter().any(|(p, _)| p.contains("neardup_sketch/")));
        outputs.push(files);
    }
    assert_eq!(outputs[0], outputs[1]);
}

fn pipeline(dir: &Path, out: &Path, neardup: &str) -> PathBuf {
    let file = dir.join("p.toml");
    std::fs::write(
        &file,
        format!(
            "[dataset]\ndir = {:?}\n[input]\npaths = [{:?}]\n[neardup]\n{neardup}\n",
            path_str(out),
            path_str(&input())
        ),
    )
    .unwrap();
    file
}

#[test]
fn rerun_redoes_nothing_and_a_threshold_change_remakes_only_the_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let file = pipeline(tmp.path(), &out, "threshold = 0.5");
    let first = ok(&newsprint(&["run", path_str(&file), "-q"]));
    assert!(
        first.contains("ran: parse, normalize, extract, write"),
        "{first}"
    );
    let before = parquet_bytes(&out);
    let again = ok(&newsprint(&["run", path_str(&file), "-q"]));
    assert!(again.contains("nothing to do"), "{again}");
    assert_eq!(parquet_bytes(&out), before);

    // The join's own parameter: no part is sketched again, the table is made again.
    pipeline(tmp.path(), &out, "threshold = 0.9");
    let changed = ok(&newsprint(&["run", path_str(&file), "-q"]));
    assert!(changed.contains("ran: write"), "{changed}");
    assert!(!changed.contains("normalize"), "{changed}");
    assert_eq!(near_duplicates(&out).len(), 5);

    // A sketch parameter sketches again.
    pipeline(tmp.path(), &out, "shingle = 4");
    let resketched = ok(&newsprint(&["run", path_str(&file), "-q"]));
    assert!(resketched.contains("normalize"), "{resketched}");
}

#[test]
fn disabled_near_duplicates_publish_an_empty_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let file = pipeline(tmp.path(), &out, "enabled = false");
    ok(&newsprint(&["run", path_str(&file), "-q"]));
    assert!(near_duplicates(&out).is_empty());
    assert_eq!(articles(&out).len(), 5);
}
