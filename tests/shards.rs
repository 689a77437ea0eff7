//! Sharded runs and finalize: a dataset made in N shards holds, after finalize, the rows a
//! single run makes, duplicates across shards included; shards are named by flags or by
//! the engines' environments; finalize refuses while a shard is missing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use common::*;
use newsprint::model::{
    Article, ArticleEntity, CorpusEntity, DateMention, EntityMention, Link, NearDuplicate, Reject,
};
use newsprint::parquet_io::read_rows;
use newsprint::schema::Table;

/// Every row of every part of a table, as text, sorted: the table's rows whatever its parts.
fn rows_of<T: Table + std::fmt::Debug>(dataset: &Path, table: &str) -> Vec<String> {
    let dir = dataset.join(table);
    let mut rows = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("part-") && name.ends_with(".parquet") {
            rows.extend(
                read_rows::<T>(&path)
                    .unwrap()
                    .iter()
                    .map(|r| format!("{r:?}")),
            );
        }
    }
    rows.sort();
    rows
}

fn all_tables(dataset: &Path) -> BTreeMap<&'static str, Vec<String>> {
    BTreeMap::from([
        ("articles", rows_of::<Article>(dataset, "articles")),
        ("links", rows_of::<Link>(dataset, "links")),
        ("dates", rows_of::<DateMention>(dataset, "dates")),
        ("mentions", rows_of::<EntityMention>(dataset, "mentions")),
        ("entities", rows_of::<ArticleEntity>(dataset, "entities")),
        ("rejects", rows_of::<Reject>(dataset, "rejects")),
        (
            "near_duplicates",
            rows_of::<NearDuplicate>(dataset, "near_duplicates"),
        ),
        (
            "corpus_entities",
            rows_of::<CorpusEntity>(dataset, "corpus_entities"),
        ),
    ])
}

/// Our fixtures of every format, plus articles of our own with copies under other names
/// (so that copies land in different shards) and a broken file.
fn mixed_corpus(dir: &Path) {
    let fixtures = fixtures();
    for sub in ["textdump", "html", "jsonl", "warc", "text"] {
        let to = dir.join(sub);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(fixtures.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
        }
    }
    let own = dir.join("own");
    for i in 0..12 {
        write_article(&own, &format!("note-{i:02}.txt"));
    }
    let copied = std::fs::read(own.join("note-03.txt")).unwrap();
    for name in [
        "copy-a.txt",
        "copy-b.txt",
        "copy-c.txt",
        "copy-d.txt",
        "copy-e.txt",
    ] {
        std::fs::write(own.join(name), &copied).unwrap();
    }
    std::fs::write(own.join("empty.txt"), b"").unwrap();
    // Near-duplicates (a syndicated copy, an exact copy by URL) in files of their own, so
    // that they land in different shards.
    let nd = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/neardup/castlebridge.jsonl"),
    )
    .unwrap();
    let to = dir.join("neardup");
    std::fs::create_dir_all(&to).unwrap();
    for (i, line) in nd.lines().enumerate() {
        std::fs::write(to.join(format!("story-{i}.jsonl")), format!("{line}\n")).unwrap();
    }
    // A person named in full in some articles and by surname alone in another, each
    // article a file of its own: only finalize sees them all.
    let harbour = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/corpus_entities/harbour.jsonl"),
    )
    .unwrap();
    let to = dir.join("harbour");
    std::fs::create_dir_all(&to).unwrap();
    for (i, line) in harbour.lines().enumerate() {
        std::fs::write(to.join(format!("harbour-{i}.jsonl")), format!("{line}\n")).unwrap();
    }
}

/// Every row of a table, in part order.
fn read_table_rows<T: Table>(dataset: &Path, table: &str) -> Vec<T> {
    newsprint::parquet_io::read_table::<T>(&dataset.join(table)).unwrap()
}

fn run_shards(input: &Path, out: &Path, count: u32) {
    for i in 0..count {
        let spec = format!("{i}/{count}");
        ok(&run_inputs(&[input], out, &["--shard", &spec]));
    }
}

#[test]
fn three_shards_after_finalize_equal_one_run_duplicates_included() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    mixed_corpus(&input);
    let single = tmp.path().join("single");
    ok(&run_inputs(&[&input], &single, &[]));
    let sharded = tmp.path().join("sharded");
    run_shards(&input, &sharded, 3);

    // Before finalize, each shard flagged only the copies within its own files.
    let copies_before = rows_of::<Article>(&sharded, "articles")
        .iter()
        .filter(|r| r.contains("is_duplicate: true"))
        .count();
    let finalized = ok(&newsprint(&["finalize", path_str(&sharded)]));
    assert!(finalized.contains("shards    3 of 3"), "{finalized}");
    let single_tables = all_tables(&single);
    let copies = single_tables["articles"]
        .iter()
        .filter(|r| r.contains("is_duplicate: true"))
        .count();
    assert!(copies >= 5, "{copies} duplicates in the single run");
    assert!(
        copies_before < copies,
        "the shards alone found {copies_before} of {copies} duplicates: the copies should have \
         been spread over shards"
    );
    let sharded_tables = all_tables(&sharded);
    // The syndicated copy and the URL copy join the original's cluster, in both runs.
    let clustered = single_tables["near_duplicates"]
        .iter()
        .filter(|r| r.contains("cluster_size: 3"))
        .count();
    assert!(clustered >= 3, "{:#?}", single_tables["near_duplicates"]);
    for (table, rows) in &single_tables {
        assert!(!rows.is_empty() || *table == "links", "{table} is empty");
        assert_eq!(rows, &sharded_tables[table], "table {table} differs");
    }

    // The lone "Varga" joined "Ilse Varga" across shards.
    let lone = read_table_rows::<EntityMention>(&sharded, "mentions")
        .into_iter()
        .find(|m| m.text == "Varga")
        .expect("a mention of Varga alone");
    let full = read_table_rows::<EntityMention>(&sharded, "mentions")
        .into_iter()
        .find(|m| m.text == "Ilse Varga")
        .expect("a mention of Ilse Varga");
    assert_ne!(lone.entity_id, full.entity_id);
    assert_eq!(lone.corpus_entity_id, full.corpus_entity_id);

    // One shard, finalized, gives the same clusters and entities as three.
    let one = tmp.path().join("one");
    run_shards(&input, &one, 1);
    ok(&newsprint(&["finalize", path_str(&one)]));
    assert_eq!(
        rows_of::<NearDuplicate>(&one, "near_duplicates"),
        sharded_tables["near_duplicates"]
    );
    assert_eq!(
        rows_of::<CorpusEntity>(&one, "corpus_entities"),
        sharded_tables["corpus_entities"]
    );

    // The totals are the single run's.
    let manifest = |d: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(d.join("_manifest.json")).unwrap()).unwrap()
    };
    let (a, b) = (manifest(&single), manifest(&sharded));
    for key in [
        "inputs",
        "records",
        "articles",
        "duplicates",
        "unique_articles",
        "rejects",
        "mentions",
        "dates",
        "links",
        "corpus_entities",
    ] {
        assert_eq!(a[key], b[key], "{key}");
    }

    // Finalize is re-runnable: the second pass finds nothing to change and writes nothing.
    let mut tables: Vec<std::path::PathBuf> = vec![
        sharded.join("near_duplicates/part-00000.parquet"),
        sharded.join("corpus_entities/part-00000.parquet"),
    ];
    for table in ["mentions", "entities"] {
        tables.extend(newsprint::parquet_io::part_files(&sharded.join(table)).unwrap());
    }
    let modified = |paths: &[std::path::PathBuf]| -> Vec<std::time::SystemTime> {
        paths
            .iter()
            .map(|p| std::fs::metadata(p).unwrap().modified().unwrap())
            .collect()
    };
    let written = modified(&tables);
    let again = ok(&newsprint(&["finalize", path_str(&sharded)]));
    assert!(again.contains("0 duplicate flags changed"), "{again}");
    assert_eq!(all_tables(&sharded), sharded_tables);
    assert_eq!(
        modified(&tables),
        written,
        "a table was written again with nothing changed"
    );
}

#[test]
fn a_finished_shard_run_again_does_nothing_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    mixed_corpus(&input);
    let out = tmp.path().join("ds");
    ok(&run_inputs(&[&input], &out, &["--shard", "1/2"]));
    let before = parquet_bytes(&out);
    let again = ok(&run_inputs(&[&input], &out, &["--shard", "1/2"]));
    assert!(again.contains("nothing to do: shard 1/2"), "{again}");
    assert_eq!(parquet_bytes(&out), before);
}

#[test]
fn a_shard_killed_before_its_record_is_run_again_and_replaces_only_its_own_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    mixed_corpus(&input);
    let out = tmp.path().join("ds");
    run_shards(&input, &out, 2);
    let other: Vec<(String, Vec<u8>)> = parquet_bytes(&out)
        .into_iter()
        .filter(|(name, _)| name.contains("part-0000-of-0002"))
        .collect();
    // What a kill between the parts and the record leaves: parts, a stray part of its own,
    // no record.
    std::fs::remove_file(out.join("_shards/0001-of-0002.json")).unwrap();
    std::fs::write(
        out.join("articles/part-0001-of-0002-00099.parquet"),
        b"torn",
    )
    .unwrap();
    let refused = newsprint(&["finalize", path_str(&out)]);
    assert!(!refused.status.success());
    assert!(stderr(&refused).contains("1/2"), "{}", stderr(&refused));
    ok(&run_inputs(&[&input], &out, &["--shard", "1/2"]));
    assert!(
        !out.join("articles/part-0001-of-0002-00099.parquet")
            .exists()
    );
    let kept: Vec<(String, Vec<u8>)> = parquet_bytes(&out)
        .into_iter()
        .filter(|(name, _)| name.contains("part-0000-of-0002"))
        .collect();
    assert_eq!(kept, other, "shard 0's parts changed");
    ok(&newsprint(&["finalize", path_str(&out)]));
}

#[test]
fn finalize_refuses_missing_shards_by_name_unless_partial_is_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    mixed_corpus(&input);
    let out = tmp.path().join("ds");
    ok(&run_inputs(&[&input], &out, &["--shard", "0/4"]));
    ok(&run_inputs(&[&input], &out, &["--shard", "2/4"]));
    let refused = newsprint(&["finalize", path_str(&out)]);
    assert!(!refused.status.success());
    let msg = stderr(&refused);
    assert!(
        msg.contains("1/4") && msg.contains("3/4") && msg.contains("--allow-partial"),
        "{msg}"
    );
    assert!(!out.join("_manifest.json").exists());
    let partial = ok(&newsprint(&["finalize", path_str(&out), "--allow-partial"]));
    assert!(partial.contains("partial: missing 1/4, 3/4"), "{partial}");
    // A shard of another split is refused.
    let other = run_inputs(&[&input], &out, &["--shard", "1/3"]);
    assert!(!other.status.success());
    assert!(stderr(&other).contains("4-way split"), "{}", stderr(&other));
}

#[test]
fn shards_and_ordinary_runs_never_share_a_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    mixed_corpus(&input);
    let out = tmp.path().join("ds");
    ok(&run_inputs(&[&input], &out, &[]));
    let refused = run_inputs(&[&input], &out, &["--shard", "0/2"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("ordinary run"),
        "{}",
        stderr(&refused)
    );
    let nothing = ok(&newsprint(&["finalize", path_str(&out)]));
    assert!(nothing.contains("nothing to do"), "{nothing}");
    let sharded = tmp.path().join("sharded");
    ok(&run_inputs(&[&input], &sharded, &["--shard", "0/2"]));
    let plain = run_inputs(&[&input], &sharded, &[]);
    assert!(!plain.status.success());
    assert!(
        stderr(&plain).contains("made in shards"),
        "{}",
        stderr(&plain)
    );
}

/// `newsprint run` with the environment of an engine's task and no `--shard`.
fn run_with_env(
    input: &Path,
    out: &Path,
    env: &[(&str, &str)],
    extra: &[&str],
) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsprint"));
    cmd.args([
        "run",
        "--input",
        path_str(input),
        "--output",
        path_str(out),
        "-q",
    ])
    .args(extra)
    .env_remove("SLURM_ARRAY_TASK_ID")
    .env_remove("SLURM_ARRAY_TASK_COUNT")
    .env_remove("SLURM_ARRAY_TASK_MIN")
    .env_remove("JOB_COMPLETION_INDEX")
    .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn slurm_and_kubernetes_environments_name_the_shard_and_the_flag_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    mixed_corpus(&input);
    let slurm = tmp.path().join("slurm");
    ok(&run_with_env(
        &input,
        &slurm,
        &[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ],
        &[],
    ));
    assert!(slurm.join("_shards/0002-of-0003.json").is_file());
    let k8s = tmp.path().join("k8s");
    ok(&run_with_env(
        &input,
        &k8s,
        &[("JOB_COMPLETION_INDEX", "1")],
        &["--shards", "3"],
    ));
    assert!(k8s.join("_shards/0001-of-0003.json").is_file());
    let no_count = run_with_env(
        &input,
        &tmp.path().join("x"),
        &[("JOB_COMPLETION_INDEX", "1")],
        &[],
    );
    assert!(!no_count.status.success());
    assert!(
        stderr(&no_count).contains("--shards"),
        "{}",
        stderr(&no_count)
    );
    let flag = tmp.path().join("flag");
    ok(&run_with_env(
        &input,
        &flag,
        &[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
        ],
        &["--shard", "0/2"],
    ));
    assert!(flag.join("_shards/0000-of-0002.json").is_file());
    assert!(!flag.join("_shards/0002-of-0003.json").exists());
}

#[test]
fn a_pipeline_file_whose_inputs_are_not_on_this_node_runs_with_input_given() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "a.txt");
    let out = tmp.path().join("ds");
    let file = write_pipeline_file(tmp.path(), &tmp.path().join("not-here"), &out, "");
    // Without --input the missing input is still named.
    let refused = newsprint(&["run", path_str(&file), "-q"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("not-here"),
        "{}",
        stderr(&refused)
    );
    let ran = ok(&newsprint(&[
        "run",
        path_str(&file),
        "--input",
        path_str(&input),
        "--shard",
        "0/1",
        "-q",
    ]));
    assert!(ran.contains("shard     0/1"), "{ran}");
}
