//! The benchmark without the full `newsprint` binary (which `newsprint gen-corpus --neardup`
//! and `newsprint eval --neardup` wrap):
//! `cargo run --release -p newsprint-neardup --example neardup_bench -- gen FROM OUT SEED`,
//! `... -- eval DIR [CLUSTERS.tsv LABEL]`, `... -- real BBC_DIR`.

use std::path::Path;

use newsprint_neardup::{Params, bench};

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
                None => bench::eval_newsprint(dir, &Params::default(), &mut out)?,
            }
        }
        Some("real") => bench::real_report(Path::new(&args[1]), &Params::default(), &mut out)?,
        _ => eprintln!("usage: gen FROM OUT SEED | eval DIR [CLUSTERS LABEL] | real DIR"),
    }
    Ok(())
}
