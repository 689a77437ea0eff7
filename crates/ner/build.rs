//! Unpacks the shipped entity model (`models/ner-en-permissive.bin.gz`) into the build
//! folder, where the library embeds it uncompressed: inflating its 13 MB took about 40 ms
//! of every run (a tenth of a one-thread run on the 181 pages of the extraction
//! benchmark), while the repository keeps the smaller gzip file.

use std::io::Read;
use std::path::PathBuf;

fn main() {
    let packed = "models/ner-en-permissive.bin.gz";
    println!("cargo::rerun-if-changed={packed}");
    let file = std::fs::File::open(packed).unwrap_or_else(|e| panic!("{packed}: {e}"));
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{packed}: not a gzip file: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("ner-en-permissive.bin"), raw).expect("write to OUT_DIR");
}
