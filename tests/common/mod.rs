//! What the end-to-end test files share: running the binary and reading what it wrote.
// Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use newsprint::model::{Article, Reject};
use newsprint::parquet_io::read_table;

/// Our own article in the seed's text-dump layout (see tests/fixtures/README.md).
pub const SEED_LIKE: &str = "tests/fixtures/textdump/000_464cbad1ab1197de.txt";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The shared folder (corpora, seed), when it is there; otherwise says the test is skipped.
pub fn shared() -> Option<PathBuf> {
    let dir = std::env::var_os("NEWSPRINT_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is not there (set NEWSPRINT_SHARED)",
            dir.display()
        );
        None
    }
}

/// `newsprint ARGS` run from `dir`, with no standard input.
pub fn newsprint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run newsprint")
}

/// `newsprint ARGS` run from the project root.
pub fn newsprint(args: &[&str]) -> Output {
    newsprint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// `newsprint ARGS` on `threads` worker threads (RAYON_NUM_THREADS).
pub fn newsprint_threads(args: &[&str], threads: Option<usize>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsprint"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null());
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n.to_string());
    }
    cmd.output().expect("run newsprint")
}

/// Its standard output, after checking that it succeeded.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "newsprint failed with {:?}:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `newsprint ARGS`, which must succeed; its standard output.
pub fn run_ok(args: &[&str]) -> String {
    ok(&newsprint(args))
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `newsprint run --input INPUT --output OUT -q`, which must succeed; its standard output.
pub fn run_input(input: &Path, out: &Path) -> String {
    run_ok(&[
        "run",
        "--input",
        path_str(input),
        "--output",
        path_str(out),
        "-q",
    ])
}

pub fn articles(dataset: &Path) -> Vec<Article> {
    read_table(&dataset.join("articles")).unwrap()
}

pub fn rejects(dataset: &Path) -> Vec<Reject> {
    read_table(&dataset.join("rejects")).unwrap()
}

/// The article parsed from the input file whose path ends with `name`.
pub fn by_file<'a>(articles: &'a [Article], name: &str) -> &'a Article {
    articles
        .iter()
        .find(|a| a.source_file.ends_with(name))
        .unwrap_or_else(|| panic!("no article from {name}"))
}

/// Every Parquet file below `dir` (tables and stage outputs) and its bytes, by path.
pub fn parquet_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "parquet"))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// `newsprint run --input INPUTS... --output OUT -q EXTRA...`, whatever its outcome.
pub fn run_inputs(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["run", "--input"];
    args.extend(inputs.iter().map(|p| path_str(p)));
    args.extend(["--output", path_str(out), "-q"]);
    args.extend(extra);
    newsprint(&args)
}

/// A plain-text article: its headline, a blank line, its body.
pub fn article(title: &str, body: &str) -> String {
    format!("{title}\n\n{body}\n")
}

/// A plain-text article with its own words, so no two are duplicates.
pub fn write_article(dir: &Path, name: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join(name),
        article(
            &format!("Harbour notes {name}"),
            &format!(
                "The harbour board met on Tuesday to discuss berth {name}. Members agreed the \
                 plan for {name} would go ahead next spring after a short consultation."
            ),
        ),
    )
    .unwrap();
}

/// A pipeline file `dir/p.toml` from `input` to `out`, with `extra` settings appended.
pub fn write_pipeline_file(dir: &Path, input: &Path, out: &Path, extra: &str) -> PathBuf {
    let file = dir.join("p.toml");
    std::fs::write(
        &file,
        format!(
            "[dataset]\ndir = \"{}\"\n[input]\npaths = [\"{}\"]\n{extra}\n",
            path_str(out),
            path_str(input)
        ),
    )
    .unwrap();
    file
}
