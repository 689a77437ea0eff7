//! Throughput of the quotes step alone: reads every `.txt` of a folder once, then runs
//! `find_quotes` over all of them for at least two seconds on one thread and reports
//! whitespace tokens per second. Usage: `bench <folder of .txt>`.

use newsprint_quotes::find_quotes;
use std::time::{Duration, Instant};

fn main() -> std::io::Result<()> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        eprintln!("usage: bench <folder of .txt>");
        std::process::exit(2)
    });
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            texts.push(std::fs::read_to_string(p)?);
        }
    }
    let tokens: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let bytes: usize = texts.iter().map(String::len).sum();
    let start = Instant::now();
    let mut rounds = 0;
    let mut quotes = 0;
    // BENCH_ROUNDS fixes the number of rounds (for instruction counts under a profiler)
    let fixed: Option<usize> = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok());
    while match fixed {
        Some(n) => rounds < n,
        None => rounds == 0 || start.elapsed() < Duration::from_secs(2),
    } {
        for t in &texts {
            quotes += find_quotes(t, &[]).len();
        }
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} texts, {} tokens, {:.1} MB, {} rounds: {:.0} tokens/s, {:.1} MB/s ({} quotes per round)",
        texts.len(),
        tokens,
        bytes as f64 / 1e6,
        rounds,
        (tokens * rounds) as f64 / secs,
        (bytes * rounds) as f64 / 1e6 / secs,
        quotes / rounds
    );
    Ok(())
}
