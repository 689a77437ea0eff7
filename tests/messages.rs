//! What users are told: the summary's counts, closed pipes, plain messages for bad output
//! folders, pipeline files and inputs, and Ctrl-C. Each test is named after the case it guards.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::path_str as s;
use common::{
    articles, newsprint, newsprint_in, ok, rejects, run_inputs as run, stderr, write_article,
};

// ---------------------------------------------------------------------------------------
// Values users count, pipes and messages

#[test]
fn the_summary_articles_is_the_articles_table_row_count() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    write_article(&input, "two.txt");
    std::fs::copy(input.join("one.txt"), input.join("three.txt")).unwrap();
    let out = tmp.path().join("ds");
    let stdout = ok(&run(&[&input], &out, &[]));
    let rows = articles(&out).len();
    assert_eq!(rows, 3);
    assert!(
        stdout.contains("articles  3 rows: 2 unique, 1 flagged duplicates"),
        "{stdout}"
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("_manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["articles"], 3);
    assert_eq!(manifest["unique_articles"], 2);
}

#[test]
fn run_output_into_a_closed_pipe_ends_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    let out = tmp.path().join("ds");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(["run", "--input", s(&input), "--output", s(&out), "-q"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the summary is printed, as `| head -0` would.
    drop(child.stdout.take());
    let res = child.wait_with_output().unwrap();
    let msg = stderr(&res);
    assert!(!msg.contains("panicked"), "{msg}");
    assert_eq!(res.status.code(), Some(0), "{msg}");
}

#[test]
fn an_output_that_is_a_file_is_refused_in_one_plain_sentence() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    let file = tmp.path().join("taken");
    std::fs::write(&file, b"mine").unwrap();
    let res = run(&[&input], &file, &[]);
    assert_eq!(res.status.code(), Some(2));
    let msg = stderr(&res);
    assert!(msg.contains("is a file, not a dataset folder"), "{msg}");
    assert!(!msg.contains("os error"), "{msg}");
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
}

#[test]
fn a_folder_given_as_the_pipeline_suggests_input() {
    let res = newsprint(&["run", "raw"]);
    assert_eq!(res.status.code(), Some(2));
    let msg = stderr(&res);
    assert!(msg.contains("--input raw"), "{msg}");
    assert!(!msg.contains("Is a directory"), "{msg}");
}

#[test]
fn a_missing_relative_input_names_the_working_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let res = newsprint_in(tmp.path(), &["run", "--input", "no/such/folder"]);
    assert_eq!(res.status.code(), Some(2));
    let msg = stderr(&res);
    assert!(
        msg.contains("no/such/folder") && msg.contains(s(tmp.path())),
        "{msg}"
    );
}

#[test]
fn pipeline_type_errors_are_in_words_and_all_listed_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("bad.toml");
    std::fs::write(
        &file,
        "[input]\npaths = [\"raw\"]\n[parse]\nmax_file_bytes = \"big\"\nmax_bytes = 1\n[write]\nzstd_level = \"high\"\n",
    )
    .unwrap();
    let res = newsprint(&["run", s(&file)]);
    assert_eq!(res.status.code(), Some(2));
    let msg = stderr(&res);
    for expected in [
        "3 problems",
        "line 4: key `parse.max_file_bytes`",
        "line 5: key `parse.max_bytes`",
        "line 7: key `write.zstd_level`",
        "whole number",
    ] {
        assert!(msg.contains(expected), "expected {expected:?} in {msg}");
    }
    assert!(!msg.contains("u64") && !msg.contains("i32"), "{msg}");
}

#[test]
fn a_one_line_junk_pipeline_file_gets_a_short_message() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("junk.toml");
    std::fs::write(&file, "x".repeat(5_000_000)).unwrap();
    let res = newsprint(&["run", s(&file)]);
    assert_eq!(res.status.code(), Some(2));
    let msg = stderr(&res);
    assert!(msg.len() < 600, "{} bytes of message", msg.len());
    assert!(msg.contains("junk.toml") && msg.contains("line 1"), "{msg}");
}

#[test]
fn zero_size_caps_in_the_pipeline_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("zero.toml");
    std::fs::write(
        &file,
        "[input]\npaths = [\"raw\"]\n[parse]\nmax_file_bytes = 0\n",
    )
    .unwrap();
    let res = newsprint(&["run", s(&file)]);
    assert_eq!(res.status.code(), Some(2));
    let msg = stderr(&res);
    assert!(
        msg.contains("line 4") && msg.contains("max_file_bytes"),
        "{msg}"
    );
}

#[cfg(unix)]
#[test]
#[allow(unsafe_code)] // kill(2) with SIGINT: std can only send SIGKILL
fn ctrl_c_stops_the_run_leaves_no_staging_folder_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    for i in 0..3000 {
        write_article(&input, &format!("c{i:04}.txt"));
    }
    let out = tmp.path().join("ds");
    let child = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(["run", "--input", s(&input), "--output", s(&out), "-q"])
        .env("RAYON_NUM_THREADS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the parse stage has made its working folder.
    let staging = tmp.path().join(".ds.stages/.parse.tmp");
    for _ in 0..400 {
        if staging.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // SAFETY: sending a signal to our own child.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let res = child.wait_with_output().unwrap();
    let msg = stderr(&res);
    if res.status.success() {
        eprintln!("skipped: the run finished before the interrupt arrived");
        return;
    }
    assert_eq!(res.status.code(), Some(2), "{msg}");
    assert!(msg.contains("interrupted"), "{msg}");
    assert!(!staging.exists(), "staging folder left behind");
    assert!(!out.exists(), "a dataset was published");
}

#[test]
fn routine_warc_records_are_counted_apart_from_damage() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = tmp.path().join("ds");
    let stdout = ok(&run(
        &[
            &fx.join("warc/sample-crawl.warc.gz"),
            &fx.join("broken/truncated.warc"),
        ],
        &out,
        &[],
    ));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("_manifest.json")).unwrap())
            .unwrap();
    let skipped = manifest["skipped_by_design"].as_u64().unwrap();
    let rejects = manifest["rejects"].as_u64().unwrap();
    let routine = rejects_of(&out)
        .iter()
        .filter(|r| ["not_response", "http_status", "not_html"].contains(&r.as_str()))
        .count() as u64;
    assert!(routine > 0);
    assert_eq!(skipped, routine);
    assert!(rejects > skipped, "the truncated archive is damage");
    assert!(
        stdout.contains(&format!(
            "{} unusable, {skipped} skipped by design",
            rejects - skipped
        )),
        "{stdout}"
    );
}

fn rejects_of(dataset: &Path) -> Vec<String> {
    rejects(dataset).into_iter().map(|r| r.reason).collect()
}

#[test]
fn value_and_type_problems_of_a_pipeline_file_are_listed_together() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("both.toml");
    std::fs::write(
        &file,
        "[input]\npaths = [\"no/such/dir\"]\nexclude = [\"[\"]\n[parse]\nmax_file_bytes = 0\nfiles_per_part = \"x\"\n",
    )
    .unwrap();
    let res = newsprint(&["run", s(&file)]);
    assert_eq!(res.status.code(), Some(2));
    let msg = stderr(&res);
    for expected in [
        "4 problems",
        "no/such/dir",
        "input.exclude",
        "max_file_bytes",
        "files_per_part",
    ] {
        assert!(msg.contains(expected), "expected {expected:?} in {msg}");
    }
}
