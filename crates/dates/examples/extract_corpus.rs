//! Runs `extract` over every `.txt` and `.tml` file under the folders given, in a process
//! that does little else, so that callgrind's instruction count is the date engine's (plus
//! reading the files), and prints a hash of everything found: two builds that print the same
//! line found the same expressions. Usage: `extract_corpus <folder>...`, e.g.
//! `extract_corpus ../shared/corpora/text-bbc-news/bbc ../shared/corpora/tempeval3`. With
//! `NO_ANCHOR` set, every text is read as undated (the case of an article with no date).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use newsprint_dates::eval::parse_timeml;
use newsprint_dates::extract;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for p in rd.flatten().map(|e| e.path()) {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt" || e == "tml") {
            out.push(p);
        }
    }
}

fn main() {
    let mut paths = Vec::new();
    for dir in std::env::args().skip(1) {
        files(Path::new(&dir), &mut paths);
    }
    if paths.is_empty() {
        eprintln!("usage: extract_corpus <folder>... (no .txt or .tml file found)");
        std::process::exit(2);
    }
    paths.sort();
    // BBC texts carry no date; a fixed anchor still sends relative expressions through
    // resolution, as a dated article would.
    let bbc_anchor = NaiveDate::from_ymd_opt(2005, 3, 1);
    let (mut found, mut hash) = (0usize, 0xcbf2_9ce4_8422_2325u64);
    for p in &paths {
        let Ok(bytes) = std::fs::read(p) else {
            continue;
        };
        // One BBC file holds a latin-1 byte.
        let raw = String::from_utf8_lossy(&bytes);
        let (text, anchor) = if p.extension().is_some_and(|e| e == "tml") {
            let doc = parse_timeml("", &raw);
            (doc.text, doc.anchor)
        } else {
            (raw.into_owned(), bbc_anchor)
        };
        let anchor = if std::env::var_os("NO_ANCHOR").is_some() {
            None
        } else {
            anchor
        };
        for t in extract(&text, anchor) {
            found += 1;
            for b in format!("{t:?}").bytes() {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    println!(
        "{} files, {found} expressions, hash {hash:016x}",
        paths.len()
    );
}
