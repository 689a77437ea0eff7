//! Prints the native extractor's choice and paragraphs for HTML files (a tuning aid).
fn main() {
    for path in std::env::args().skip(1) {
        use std::io::Read;
        let mut bytes = std::fs::read(&path).unwrap_or_default();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            let _ = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out);
            bytes = out;
        }
        let html = String::from_utf8_lossy(&bytes);
        println!("== {path}");
        print!("{}", newsprint::formats::html_native::explain(&html));
        let (paragraphs, _) = newsprint::formats::html_native::extract(&html);
        for p in paragraphs {
            println!("| {}", p.chars().take(160).collect::<String>());
        }
    }
}
