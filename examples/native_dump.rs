//! Prints the native extractor's choice and paragraphs for HTML files (a tuning aid); with
//! `--confidence`, one line per file of the measures `html_extractor = "auto"` decides by.
fn main() {
    let mut confidence_only = false;
    for path in std::env::args().skip(1) {
        if path == "--confidence" {
            confidence_only = true;
            continue;
        }
        use std::io::Read;
        let mut bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            let _ = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out);
            bytes = out;
        }
        let html = String::from_utf8_lossy(&bytes);
        if confidence_only {
            if newsprint::formats::html_budget::check(html.as_bytes()).is_err() {
                continue;
            }
            let c = newsprint::formats::html_native::extract(&html).confidence;
            println!(
                "{path}\t{}\t{}\t{:.1}\t{:.1}\t{}\t{}",
                c.text_chars,
                c.outside_prose,
                c.top_score,
                c.rival_score,
                c.retried,
                c.is_low()
            );
            continue;
        }
        println!("== {path}");
        print!("{}", newsprint::formats::html_native::explain(&html));
        for p in newsprint::formats::html_native::extract(&html).paragraphs {
            println!("| {}", p.chars().take(160).collect::<String>());
        }
    }
}
