//! The benchmark without the full `newsprint` binary (which `newsprint gen-corpus --neardup`
//! and `newsprint eval --neardup` wrap):
//! `cargo run --release -p newsprint-neardup --example neardup_bench -- gen FROM OUT SEED`,
//! `... -- eval DIR [CLUSTERS.tsv LABEL]`, `... -- real BBC_DIR`.

use std::path::Path;

use newsprint_neardup::{Params, bench};

/// Parameters from the environment, for trying variants: ND_THRESHOLD, ND_LOOSE_ROWS,
/// ND_BANDS, ND_ROWS, ND_SHINGLE, ND_LEAD.
fn params() -> Params {
    let get = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<f64>().ok());
    let mut p = Params::default();
    if let Some(v) = get("ND_THRESHOLD") {
        p.threshold = v;
    }
    if let Some(v) = get("ND_LOOSE_ROWS") {
        p.loose_rows = v as usize;
    }
    if let Some(v) = get("ND_BANDS") {
        p.bands = v as usize;
    }
    if let Some(v) = get("ND_ROWS") {
        p.rows = v as usize;
    }
    if let Some(v) = get("ND_SHINGLE") {
        p.shingle = v as usize;
    }
    if let Some(v) = get("ND_SAMPLE") {
        p.containment_sample = v as usize;
    }
    if let Some(v) = get("ND_LEAD") {
        p.lead_words = v as usize;
    }
    p
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    match args.first().map(String::as_str) {
        Some("gen") => {
            let opts = bench::GenOptions {
                seed: args[3].parse().unwrap_or(1),
                ..Default::default()
            };
            let s = bench::generate(Path::new(&args[1]), Path::new(&args[2]), &opts)?;
            eprintln!("{s:?}");
        }
        Some("eval") => {
            let dir = Path::new(&args[1]);
            match args.get(2) {
                Some(clusters) => {
                    let set = bench::load_set(dir)?;
                    let c = bench::read_clusters(Path::new(clusters))?;
                    let label = args.get(3).map_or("peer", String::as_str);
                    bench::write_score(&mut out, label, &bench::score(&set, &c))?;
                }
                None => bench::eval_newsprint(dir, &params(), &mut out)?,
            }
        }
        Some("pairs") => {
            // Each answer pair's MinHash estimate, exact Jaccard and containment.
            let set = bench::load_set(Path::new(&args[1]))?;
            let params = params();
            let index: std::collections::HashMap<&str, usize> = set
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i))
                .collect();
            let sk = |id: &str| newsprint_neardup::sketch(&set.articles[index[id]].body, &params);
            use std::io::Write;
            for (a, b, kind) in &set.pairs {
                let (x, y) = (sk(a), sk(b));
                let shared = x
                    .shingles
                    .iter()
                    .filter(|h| y.shingles.binary_search(h).is_ok())
                    .count();
                let exact = shared as f64 / (x.shingles.len() + y.shingles.len() - shared) as f64;
                writeln!(
                    out,
                    "{kind}\t{:.3}\t{exact:.3}\t{:.3}",
                    x.jaccard(&y),
                    x.containment(&y)
                )?;
            }
        }
        Some("profile") => {
            let set = bench::load_set(Path::new(&args[1]))?;
            let p = params();
            let bodies: Vec<&str> = set.articles.iter().map(|a| a.body.as_str()).collect();
            let (t_norm, n) = bench::timed(1, 5, || {
                let mut n = 0usize;
                for b in &bodies {
                    newsprint_neardup::normalize::visit_hashes(b, |w| {
                        n += w.map_or(0, |h| (h & 1) as usize)
                    });
                }
                n
            });
            let (t_sketch, sk) = bench::timed(1, 5, || newsprint_neardup::sketches(&bodies, &p));
            let ids: Vec<&str> = set.articles.iter().map(|a| a.id.as_str()).collect();
            let published: Vec<Option<i64>> = set.articles.iter().map(|a| a.published).collect();
            let (t_cluster, _) = bench::timed(1, 5, || {
                newsprint_neardup::cluster_sketches(&ids, &published, &sk, &p)
            });
            let (t_lines, n2) = bench::timed(1, 5, || {
                let mut n = 0usize;
                for b in &bodies {
                    for l in b.lines() {
                        n += l.trim().len();
                    }
                }
                n
            });
            let (t_boiler, n3) = bench::timed(1, 5, || {
                let mut n = 0usize;
                for b in &bodies {
                    for l in b.lines() {
                        n += usize::from(newsprint_neardup::normalize::is_boilerplate_line(l));
                        n += newsprint_neardup::normalize::strip_dateline(l).len();
                    }
                }
                n
            });
            let (t_bytes, n4) = bench::timed(1, 5, || {
                let mut n = 0usize;
                for b in &bodies {
                    n += b.bytes().filter(|c| c.is_ascii_alphanumeric()).count();
                }
                n
            });
            eprintln!(
                "lines {t_lines:.4} ({n2}), boilerplate+dateline {t_boiler:.4} ({n3}), bytes {t_bytes:.4} ({n4})"
            );
            eprintln!(
                "normalise {t_norm:.4} s ({n} bytes), sketches {t_sketch:.4} s, cluster {t_cluster:.4} s"
            );
        }
        Some("real") => bench::real_report(Path::new(&args[1]), &params(), &mut out)?,
        _ => eprintln!("usage: gen FROM OUT SEED | eval DIR [CLUSTERS LABEL] | real DIR"),
    }
    Ok(())
}
