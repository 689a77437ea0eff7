//! newsprint: raw news articles (text dumps, plain text, HTML) to a typed Parquet dataset.
//!
//! The binary is a thin layer over this library: `pipeline::run` drives the stages in
//! `stages`, the formats in `formats` read inputs, and `schema` defines every table.

pub mod annotate;
pub mod config;
pub mod error;
pub mod formats;
pub mod fsutil;
pub mod input;
pub mod language;
pub mod markdown;
pub mod model;
pub mod parquet_io;
pub mod pipeline;
pub mod quotes;
pub mod schema;
pub mod stages;
pub mod textnorm;
pub mod urlnorm;
pub mod vocab;

pub use error::{Error, Result};
// The date and entity engines are crates of their own (no Arrow, Parquet or HTML there);
// the library re-exports them under the names its modules use.
pub use newsprint_dates as dates;
/// Near-duplicate clusters (MinHash, LSH): the `newsprint-neardup` crate.
pub use newsprint_neardup as neardup;
pub use newsprint_ner as ner;
