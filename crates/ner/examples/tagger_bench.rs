//! Throughput of the entity tagger alone (features and both passes), one thread, as
//! `newsprint eval` times it, in a process that does nothing else so a profiler sees only
//! the tagger. Usage: `tagger_bench <CoNLL file> [seconds]`.

use newsprint_ner::{read_conll, shipped_model, tokens_per_second};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        eprintln!("usage: tagger_bench <CoNLL file> [seconds]");
        std::process::exit(2)
    });
    let secs: f64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(3.0);
    let docs = read_conll(std::path::Path::new(&path)).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let start = std::time::Instant::now();
    let model = shipped_model();
    let load = start.elapsed();
    println!(
        "{:.0} tokens/s (one thread, {} documents); model loaded in {:.1} ms",
        tokens_per_second(model, &docs, secs),
        docs.len(),
        load.as_secs_f64() * 1e3
    );
}
