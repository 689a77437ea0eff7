//! Tools around newsprint that are not part of a run: body-text scoring against the
//! article-extraction benchmark, and generated corpora for scale runs. The command line
//! uses them (`newsprint eval`, `newsprint gen-corpus`); the pipeline library never does.
//! Near-duplicates: a set with known answers from the BBC texts, and its scores.

pub mod extraction;
pub mod gencorpus;

/// The near-duplicate benchmark: `newsprint gen-corpus --neardup` writes it, `newsprint
/// eval --neardup` scores newsprint (and a peer's clusters file) on it.
pub use newsprint_neardup::bench as neardup;
