//! Tools around newsprint that are not part of a run: body-text scoring against the
//! article-extraction benchmark, and generated corpora for scale runs. The command line
//! uses them (`newsprint eval`, `newsprint gen-corpus`); the pipeline library never does.

pub mod extraction;
pub mod gencorpus;
