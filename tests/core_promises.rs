//! The core promises under ordinary and hostile use: every input accounted for, bounded
//! work, one writer at a time, a published dataset that is always whole and current, and work
//! redone only where the input changed. Each test is named after the case it guards.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::path_str as s;
use common::{
    article, articles, newsprint, ok, parquet_bytes, rejects, run_inputs as run, stderr,
    write_article, write_pipeline_file as write_pipeline,
};
use newsprint::parquet_io::read_table;

// ---------------------------------------------------------------------------------------
// Inputs lost without a trace

#[test]
fn two_inputs_with_the_same_file_name_are_both_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    write_article(&a, "story.txt");
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(
        b.join("story.txt"),
        article(
            "Rail timetable",
            "A different story about the new rail timetable for the coast.",
        ),
    )
    .unwrap();
    let out = tmp.path().join("ds");
    let res = run(&[&a.join("story.txt"), &b.join("story.txt")], &out, &[]);
    let stdout = ok(&res);
    assert!(stdout.contains("inputs    2 files"), "{stdout}");
    let mut files: Vec<String> = articles(&out).into_iter().map(|a| a.source_file).collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    assert_ne!(files[0], files[1]);
}

#[test]
fn two_input_folders_with_the_same_name_keep_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a/news"), tmp.path().join("b/news"));
    write_article(&a, "one.txt");
    write_article(&b, "one.txt");
    write_article(&b, "two.txt");
    // Same name, different text in a/news/one.txt and b/news/one.txt.
    std::fs::write(
        b.join("one.txt"),
        article(
            "Other",
            "Another text entirely, about the library's new opening hours.",
        ),
    )
    .unwrap();
    let out = tmp.path().join("ds");
    ok(&run(&[&a, &b], &out, &[]));
    let mut files: Vec<String> = articles(&out).into_iter().map(|a| a.source_file).collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    files.dedup();
    assert_eq!(files.len(), 3, "identities collided: {files:?}");
}

#[cfg(unix)]
#[test]
fn names_that_differ_only_in_invalid_utf8_stay_two_inputs() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (byte, topic) in [(0xe9u8, "ferries"), (0xe8, "allotments")] {
        let name = [b"caf".as_slice(), &[byte], b".txt"].concat();
        std::fs::write(
            input.join(OsStr::from_bytes(&name)),
            article(
                topic,
                &format!("A story about {topic} and nothing else at all."),
            ),
        )
        .unwrap();
    }
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    let mut files: Vec<String> = articles(&out).into_iter().map(|a| a.source_file).collect();
    files.sort();
    assert_eq!(files, ["caf\\xE8.txt", "caf\\xE9.txt"]);
}

#[cfg(unix)]
#[test]
fn symlinks_to_files_are_followed_and_a_loop_is_a_reject() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let elsewhere = tmp.path().join("elsewhere");
    write_article(&elsewhere, "linked.txt");
    std::fs::create_dir(&input).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("linked.txt"), input.join("linked.txt")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("loop")).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("gone.txt"), input.join("dangling.txt")).unwrap();
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    let files: Vec<String> = articles(&out).into_iter().map(|a| a.source_file).collect();
    assert_eq!(files, ["linked.txt"]);
    let mut reasons: Vec<(String, String)> = rejects(&out)
        .into_iter()
        .map(|r| (r.source_file, r.reason))
        .collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            ("dangling.txt".to_owned(), "unreadable".to_owned()),
            ("loop".to_owned(), "symlink_loop".to_owned())
        ]
    );
}

#[cfg(unix)]
#[allow(unsafe_code)] // mkfifo(3): std cannot make a FIFO
fn make_fifo(path: &Path) {
    let c = std::ffi::CString::new(s(path)).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_an_input_folder_is_a_reject_and_never_blocks() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "story.txt");
    make_fifo(&input.join("pipe.txt"));
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    assert_eq!(articles(&out).len(), 1);
    let r = rejects(&out);
    assert_eq!(r.len(), 1);
    assert_eq!(
        (r[0].source_file.as_str(), r[0].reason.as_str()),
        ("pipe.txt", "not_a_file")
    );
    assert!(r[0].message.contains("FIFO"), "{}", r[0].message);
}

#[cfg(unix)]
#[test]
fn a_fifo_given_as_the_input_is_a_reject_not_an_empty_dataset() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("feed.jsonl");
    make_fifo(&fifo);
    let out = tmp.path().join("ds");
    ok(&run(&[&fifo], &out, &[]));
    let r = rejects(&out);
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].reason, "not_a_file");
}

#[test]
fn an_empty_input_does_not_replace_a_good_dataset_unless_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "story.txt");
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    let before = parquet_bytes(&out);
    std::fs::remove_file(input.join("story.txt")).unwrap();
    let refused = run(&[&input], &out, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let msg = stderr(&refused);
    assert!(
        msg.contains("--allow-empty") && msg.contains(s(&input)),
        "{msg}"
    );
    assert_eq!(parquet_bytes(&out), before, "the dataset changed");
    // Files that all fail are an empty run too.
    std::fs::write(input.join("blank.txt"), "   \n").unwrap();
    assert_eq!(run(&[&input], &out, &[]).status.code(), Some(2));
    assert_eq!(parquet_bytes(&out), before, "the dataset changed");
    ok(&run(&[&input], &out, &["--allow-empty"]));
    assert!(articles(&out).is_empty());
}

// ---------------------------------------------------------------------------------------
// Bounded work

#[test]
fn a_large_json_lines_export_is_written_in_bounded_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let lines: String = (0..5000)
        .map(|i| {
            format!(
                "{{\"title\":\"Item {i}\",\"text\":\"Body of export line number {i}, about the weather.\"}}\n"
            )
        })
        .collect();
    std::fs::write(input.join("export.jsonl"), lines).unwrap();
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    let parts = std::fs::read_dir(out.join("articles")).unwrap().count();
    assert!(parts >= 3, "5000 lines in {parts} part(s): not bounded");
    assert_eq!(articles(&out).len(), 5000);
}

// ---------------------------------------------------------------------------------------
// One writer at a time

#[test]
fn a_second_run_on_a_locked_dataset_is_refused_and_a_stale_lock_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "story.txt");
    let out = tmp.path().join("ds");
    {
        let _held = newsprint::fsutil::DatasetLock::acquire(&out).unwrap();
        let refused = run(&[&input], &out, &[]);
        assert_eq!(refused.status.code(), Some(2));
        let msg = stderr(&refused);
        assert!(
            msg.contains("another newsprint run")
                && msg.contains(&format!("pid {}", std::process::id())),
            "{msg}"
        );
        assert!(!out.exists(), "the refused run wrote something");
    }
    // A lock file left by a process that is gone holds nothing.
    std::fs::write(tmp.path().join(".ds.lock"), "999999999\n").unwrap();
    ok(&run(&[&input], &out, &[]));
    assert_eq!(articles(&out).len(), 1);
}

#[test]
fn concurrent_runs_on_one_dataset_never_publish_a_broken_one() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    for i in 0..40 {
        write_article(&input, &format!("s{i:02}.txt"));
    }
    let out = tmp.path().join("ds");
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_newsprint"))
                .args([
                    "run",
                    "--input",
                    s(&input),
                    "--output",
                    s(&out),
                    "-q",
                    "--force",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut succeeded = 0;
    for child in children {
        let res = child.wait_with_output().unwrap();
        if res.status.success() {
            succeeded += 1;
        } else {
            let msg = stderr(&res);
            assert!(msg.contains("another newsprint run"), "{msg}");
        }
    }
    assert!(succeeded >= 1);
    assert_eq!(articles(&out).len(), 40);
}

// ---------------------------------------------------------------------------------------
// Publish and re-run

#[test]
fn leftovers_of_a_killed_publish_are_cleaned_by_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "story.txt");
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    // What a kill at each moment can leave: the publish staging folder, the previous
    // dataset just after the exchange, and a stage's staging folder.
    for left in [
        ".ds.tmp/articles",
        ".ds.previous/articles",
        ".ds.stages/.extract.tmp/links",
    ] {
        std::fs::create_dir_all(tmp.path().join(left)).unwrap();
        std::fs::write(tmp.path().join(left).join("part-00000.parquet"), b"half").unwrap();
    }
    let again = ok(&run(&[&input], &out, &[]));
    assert!(again.contains("nothing to do"), "{again}");
    for left in [".ds.tmp", ".ds.previous", ".ds.stages/.extract.tmp"] {
        assert!(!tmp.path().join(left).exists(), "{left} left behind");
    }
}

/// Runs newsprint as an ordinary user when the tests run as root, so that folder
/// permissions bind: root ignores them. The binary and the folder are handed to that user.
#[cfg(unix)]
struct Unprivileged {
    bin: PathBuf,
    uid: Option<u32>,
}

#[cfg(unix)]
#[allow(unsafe_code)] // geteuid(2): std cannot tell whether we are root
impl Unprivileged {
    fn new(root: &Path) -> Self {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            return Unprivileged {
                bin: PathBuf::from(env!("CARGO_BIN_EXE_newsprint")),
                uid: None,
            };
        }
        let nobody = 65534;
        let bin = root.join("newsprint");
        std::fs::copy(env!("CARGO_BIN_EXE_newsprint"), &bin).unwrap();
        for entry in walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
        {
            std::os::unix::fs::lchown(entry.path(), Some(nobody), Some(nobody)).unwrap();
        }
        Unprivileged {
            bin,
            uid: Some(nobody),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        use std::os::unix::process::CommandExt;
        let mut cmd = Command::new(&self.bin);
        cmd.args(args).stdin(Stdio::null());
        if let Some(uid) = self.uid {
            cmd.uid(uid).gid(uid);
        }
        cmd.output().expect("run newsprint")
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_dataset_is_refused_before_anything_moves() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "story.txt");
    write_article(&input, "second.txt");
    let out = tmp.path().join("ds");
    let user = Unprivileged::new(tmp.path());
    let args = [
        "run",
        "--input",
        s(&input),
        "--output",
        s(&out),
        "-q",
        "--force",
    ];
    ok(&user.run(&args));
    let articles_dir = out.join("articles");
    std::fs::set_permissions(&articles_dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = parquet_bytes(&out);
    let refused = user.run(&args);
    std::fs::set_permissions(&articles_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let msg = stderr(&refused);
    assert!(
        msg.contains("not writable") && msg.contains("nothing was changed"),
        "{msg}"
    );
    assert_eq!(parquet_bytes(&out), before);
    assert!(!tmp.path().join(".ds.tmp").exists());
    assert!(!tmp.path().join(".ds.previous").exists());
    // Writable again, the next run publishes.
    ok(&user.run(&args));
    assert_eq!(articles(&out).len(), 2);
}

#[test]
fn a_stage_run_alone_publishes_when_consistent_or_says_it_did_not() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    // Our own article in the text-dump layout, with two inline links and a related one.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/textdump/000_464cbad1ab1197de.txt"),
        input.join("story.txt"),
    )
    .unwrap();
    let out = tmp.path().join("ds");
    let pipeline = write_pipeline(tmp.path(), &input, &out, "");
    ok(&newsprint(&["run", s(&pipeline), "-q"]));
    let links = |ds: &Path| {
        read_table::<newsprint::model::Link>(&ds.join("links"))
            .unwrap()
            .len()
    };
    assert_eq!(links(&out), 3);

    // A config change to extract, then extract alone: the published tables follow.
    write_pipeline(tmp.path(), &input, &out, "[extract]\nlinks = false");
    let stdout = ok(&newsprint(&[
        "run",
        s(&pipeline),
        "--stage",
        "extract",
        "-q",
    ]));
    assert!(stdout.contains("ran: extract, write"), "{stdout}");
    assert_eq!(links(&out), 0);
    assert!(stdout.contains("articles  1 rows"), "{stdout}");

    // normalize alone with a new config leaves extract behind: nothing is published and
    // the summary says what to run.
    write_pipeline(
        tmp.path(),
        &input,
        &out,
        "[extract]\nlinks = false\n[normalize]\nrepair_paragraphs = false",
    );
    let before = parquet_bytes(&out);
    let stdout = ok(&newsprint(&[
        "run",
        s(&pipeline),
        "--stage",
        "normalize",
        "-q",
    ]));
    assert!(
        stdout.contains("not published") && stdout.contains("--stage extract"),
        "{stdout}"
    );
    assert_eq!(parquet_bytes(&out), before);
    // The published snapshot of the stages is still the one the tables were made from.
    let published: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("_stages/normalize/_manifest.json")).unwrap(),
    )
    .unwrap();
    let working: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join(".ds.stages/normalize/_manifest.json")).unwrap(),
    )
    .unwrap();
    assert_ne!(published["config_hash"], working["config_hash"]);
    let stdout = ok(&newsprint(&[
        "run",
        s(&pipeline),
        "--stage",
        "extract",
        "-q",
    ]));
    assert!(stdout.contains("ran: extract, write"), "{stdout}");
    let published: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("_stages/normalize/_manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(published["config_hash"], working["config_hash"]);
}

/// `parse` line of a run's stderr.
fn parse_line(out: &Output) -> String {
    stderr(out)
        .lines()
        .find(|l| l.starts_with("parse "))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn adding_a_file_that_sorts_first_redoes_only_its_own_group() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    for i in 0..40 {
        write_article(&input, &format!("m{i:02}.txt"));
    }
    let out = tmp.path().join("ds");
    let pipeline = write_pipeline(tmp.path(), &input, &out, "[parse]\nfiles_per_part = 32");
    ok(&newsprint(&["run", s(&pipeline), "-q"]));
    write_article(&input, "a00.txt");
    let res = newsprint(&["run", s(&pipeline), "-q"]);
    ok(&res);
    let line = parse_line(&res);
    assert!(line.contains("(1 added, 0 changed, 0 removed)"), "{line}");
    let kept: u64 = line
        .split(" of 41 files unchanged and kept")
        .next()
        .and_then(|before| before.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("nothing kept: {line}"));
    assert!(kept >= 30, "only {kept} of 41 files kept: {line}");
    let extract = stderr(&res);
    assert!(extract.contains("parts unchanged and kept"), "{extract}");
    let incremental = parquet_bytes(&out);
    // The same bytes as doing everything again.
    ok(&newsprint(&["run", s(&pipeline), "-q", "--force"]));
    assert_eq!(parquet_bytes(&out), incremental);
}

#[test]
fn editing_and_removing_files_redo_only_their_groups_and_match_a_clean_run() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    for i in 0..40 {
        write_article(&input, &format!("m{i:02}.txt"));
    }
    // A copy of an article in the last file: removing the first copy moves the flag.
    std::fs::copy(input.join("m00.txt"), input.join("m39.txt")).unwrap();
    let out = tmp.path().join("ds");
    let pipeline = write_pipeline(tmp.path(), &input, &out, "[parse]\nfiles_per_part = 32");
    ok(&newsprint(&["run", s(&pipeline), "-q"]));
    assert_eq!(articles(&out).iter().filter(|a| a.is_duplicate).count(), 1);
    std::fs::write(
        input.join("m20.txt"),
        article("Changed", "A changed story about the pier."),
    )
    .unwrap();
    std::fs::remove_file(input.join("m00.txt")).unwrap();
    let res = newsprint(&["run", s(&pipeline), "-q"]);
    ok(&res);
    let line = parse_line(&res);
    assert!(line.contains("(0 added, 1 changed, 1 removed)"), "{line}");
    assert!(line.contains("files unchanged and kept"), "{line}");
    assert_eq!(articles(&out).iter().filter(|a| a.is_duplicate).count(), 0);
    let incremental = parquet_bytes(&out);
    let clean = tmp.path().join("clean");
    let clean_pipeline = tmp.path().join("clean.toml");
    std::fs::write(
        &clean_pipeline,
        std::fs::read_to_string(&pipeline)
            .unwrap()
            .replace(s(&out), s(&clean)),
    )
    .unwrap();
    ok(&newsprint(&["run", s(&clean_pipeline), "-q"]));
    assert_eq!(parquet_bytes(&clean), incremental);
}

// ---------------------------------------------------------------------------------------
// Found in review: each case below once lost data or told the user something untrue.

#[test]
fn publishing_over_a_folder_that_is_not_a_dataset_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    let thesis = tmp.path().join("thesis");
    std::fs::create_dir_all(thesis.join("chapters")).unwrap();
    std::fs::write(thesis.join("chapters/one.tex"), b"mine").unwrap();
    let res = run(&[&input], &thesis, &[]);
    assert_eq!(res.status.code(), Some(2));
    assert!(
        stderr(&res).contains("is not a newsprint dataset"),
        "{}",
        stderr(&res)
    );
    assert_eq!(
        std::fs::read(thesis.join("chapters/one.tex")).unwrap(),
        b"mine"
    );
}

#[test]
fn user_folders_and_dotfiles_in_a_dataset_survive_a_publish() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    std::fs::create_dir_all(out.join("notebooks")).unwrap();
    std::fs::write(out.join("notebooks/look.ipynb"), b"{}").unwrap();
    std::fs::write(out.join(".gitignore"), b"*.parquet\n").unwrap();
    std::fs::write(out.join("NOTES.md"), b"notes").unwrap();
    write_article(&input, "two.txt");
    ok(&run(&[&input], &out, &[]));
    assert_eq!(articles(&out).len(), 2);
    assert_eq!(
        std::fs::read(out.join("notebooks/look.ipynb")).unwrap(),
        b"{}"
    );
    assert_eq!(
        std::fs::read(out.join(".gitignore")).unwrap(),
        b"*.parquet\n"
    );
    assert_eq!(std::fs::read(out.join("NOTES.md")).unwrap(), b"notes");
}

#[cfg(unix)]
#[test]
fn a_file_unreadable_once_is_read_again_when_it_can_be() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    write_article(&input, "two.txt");
    let out = tmp.path().join("ds");
    let user = Unprivileged::new(tmp.path());
    let args = ["run", "--input", s(&input), "--output", s(&out), "-q"];
    std::fs::set_permissions(
        input.join("two.txt"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    ok(&user.run(&args));
    assert_eq!(articles(&out).len(), 1);
    assert_eq!(rejects(&out)[0].reason, "unreadable");
    // Permission put right: neither its size nor its time changed, but it is read now.
    std::fs::set_permissions(
        input.join("two.txt"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    ok(&user.run(&args));
    assert_eq!(articles(&out).len(), 2);
    assert!(rejects(&out).is_empty());
}

#[test]
fn a_dataset_older_than_its_config_is_never_called_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    std::fs::copy(input.join("one.txt"), input.join("copy.txt")).unwrap();
    let out = tmp.path().join("ds");
    let pipeline = write_pipeline(tmp.path(), &input, &out, "");
    ok(&newsprint(&["run", s(&pipeline), "-q"]));
    write_pipeline(
        tmp.path(),
        &input,
        &out,
        "[normalize]\nflag_duplicates = false",
    );
    for stage in ["parse", "extract"] {
        let stdout = ok(&newsprint(&["run", s(&pipeline), "--stage", stage, "-q"]));
        assert!(!stdout.contains("up to date"), "--stage {stage}: {stdout}");
        assert!(
            stdout.contains("not published") && stdout.contains("--stage normalize"),
            "--stage {stage}: {stdout}"
        );
    }
    assert_eq!(articles(&out).iter().filter(|a| a.is_duplicate).count(), 1);
    ok(&newsprint(&["run", s(&pipeline), "-q"]));
    assert_eq!(articles(&out).iter().filter(|a| a.is_duplicate).count(), 0);
}

#[test]
fn a_newly_excluded_file_updates_the_excluded_count() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    std::fs::write(input.join("README.md"), "about this folder").unwrap();
    ok(&run(&[&input], &out, &[]));
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("_manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["excluded"], 1);
}

#[cfg(unix)]
#[test]
fn an_edit_that_keeps_the_size_and_puts_the_time_back_is_still_seen() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    let file = input.join("one.txt");
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("harbour", "HARBOUR")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    ok(&run(&[&input], &out, &[]));
    assert!(articles(&out)[0].text.contains("HARBOUR"));
}

#[test]
fn a_feed_of_thousands_of_items_is_written_in_bounded_parts() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let items: String = (0..5000)
        .map(|i| {
            format!(
                "<item><title>Item {i}</title><link>https://example.org/{i}</link>\
                 <description>Story number {i} about the harbour.</description></item>"
            )
        })
        .collect();
    std::fs::write(
        input.join("feed.xml"),
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>{items}</channel></rss>"
        ),
    )
    .unwrap();
    let out = tmp.path().join("ds");
    ok(&run(&[&input], &out, &[]));
    let parts = std::fs::read_dir(out.join("articles")).unwrap().count();
    assert!(parts >= 3, "5000 items in {parts} part(s): not bounded");
    assert_eq!(articles(&out).len(), 5000);
}

/// Collects a run's events as lines, as a program embedding the library would see them.
#[derive(Default)]
struct Collect(std::sync::Mutex<Vec<String>>);

impl newsprint::pipeline::Reporter for Collect {
    fn event(&self, event: newsprint::pipeline::Event<'_>) {
        use newsprint::pipeline::Event;
        let line = match event {
            Event::Started {
                stage,
                total,
                counts_in,
            } => {
                format!("start {} {total} {counts_in}", stage.as_str())
            }
            Event::Progress { .. } => return,
            Event::Finished { stage, .. } => format!("done {}", stage.as_str()),
            Event::UpToDate { stage } => format!("current {}", stage.as_str()),
            Event::Published { .. } => "published".to_owned(),
            Event::Warning(w) => format!("warning {w}"),
        };
        self.0.lock().unwrap().push(line);
    }
}

#[test]
fn the_library_reports_progress_through_events_not_printing() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    write_article(&input, "one.txt");
    write_article(&input, "two.txt");
    let pipeline =
        newsprint::config::Pipeline::with_defaults(vec![input.clone()], tmp.path().join("ds"))
            .unwrap();
    let collect = std::sync::Arc::new(Collect::default());
    let opts = newsprint::pipeline::RunOptions {
        reporter: Some(collect.clone()),
        ..Default::default()
    };
    newsprint::pipeline::run(&pipeline, &opts).unwrap();
    newsprint::pipeline::run(&pipeline, &opts).unwrap();
    let events = collect.0.lock().unwrap().clone();
    assert_eq!(
        events,
        [
            "start parse 2 files",
            "done parse",
            "start normalize 2 records",
            "done normalize",
            "start extract 2 articles",
            "done extract",
            "published",
            "current parse",
            "current normalize",
            "current extract",
            "current write",
        ]
    );
}
