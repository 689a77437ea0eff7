//! Turns the shipped entity model (`models/ner-en-permissive.bin.gz`) into the image the
//! library embeds (`model/layout.rs`): inflated, with both stages' weights already packed in
//! the tagger's layout, so that a run reads them in place. Inflating the 13 MB file took
//! about 40 ms of every run, and packing its rows another 30 ms, while the repository keeps
//! the smaller gzip file.

use std::io::Read;
use std::path::PathBuf;

#[allow(dead_code)]
#[path = "src/model/layout.rs"]
mod layout;

/// The hash width in the model's JSON header, which serde_json writes compactly
/// (`"hash_bits":20`). The library checks it against the header it parses.
fn hash_bits(header: &[u8]) -> Result<u32, String> {
    let header = std::str::from_utf8(header).map_err(|e| e.to_string())?;
    let at = header
        .find("\"hash_bits\":")
        .ok_or("no hash_bits in the header")?;
    let digits: String = header[at + 12..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().map_err(|e| format!("hash_bits: {e}"))
}

fn main() {
    let file = "models/ner-en-permissive.bin.gz";
    println!("cargo::rerun-if-changed={file}");
    println!("cargo::rerun-if-changed=src/model/layout.rs");
    let gz = std::fs::File::open(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{file}: not a gzip file: {e}"));
    let image = layout::image_of_file(&raw, hash_bits).unwrap_or_else(|e| panic!("{file}: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("ner-en-permissive.image"), image).expect("write to OUT_DIR");
}
