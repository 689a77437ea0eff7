//! Times `formats::html::parse` alone on a folder of pages (a tuning aid: no stages, no
//! tables, pages decoded once before the clock starts). One thread; pin it with `taskset`.
//!
//! `cargo run --release --example html_bench -- DIR [auto|native|trafilatura] [PASSES]`
use std::io::Read;
use std::time::Instant;

use newsprint::formats::html::HtmlExtractor;
use newsprint::model::SourceFormat;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .expect("a folder of HTML pages (.html or .html.gz)");
    let extractor = match args.next().as_deref() {
        None | Some("auto") => HtmlExtractor::Auto,
        Some("native") => HtmlExtractor::Native,
        Some("trafilatura") => HtmlExtractor::Trafilatura,
        Some(other) => panic!("unknown extractor {other}"),
    };
    let passes: usize = args
        .next()
        .map_or(3, |p| p.parse().expect("a number of passes"));
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a readable folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let pages: Vec<String> = paths
        .iter()
        .map(|p| {
            let mut bytes = std::fs::read(p).expect("a readable page");
            if bytes.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                flate2::read::MultiGzDecoder::new(&bytes[..])
                    .read_to_end(&mut out)
                    .expect("a whole gzip file");
                bytes = out;
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
        .collect();
    let bytes: usize = pages.iter().map(String::len).sum();
    let mut best = f64::INFINITY;
    for pass in 0..passes {
        let start = Instant::now();
        let mut kept = 0;
        for (i, html) in pages.iter().enumerate() {
            let mut rec = newsprint::stages::parse::empty_record(
                "id",
                "page.html",
                i as i64,
                SourceFormat::Html,
            );
            if newsprint::formats::html::parse(html, &mut rec, extractor).is_ok() {
                kept += 1;
            }
        }
        let s = start.elapsed().as_secs_f64();
        best = best.min(s);
        println!(
            "pass {pass}: {} pages ({kept} kept), {:.1} MB in {s:.3} s: {:.1} pages/s, {:.1} MB/s",
            pages.len(),
            bytes as f64 / 1e6,
            pages.len() as f64 / s,
            bytes as f64 / 1e6 / s
        );
    }
    println!("best {best:.4} s");
}
