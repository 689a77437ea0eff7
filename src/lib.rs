//! newsprint: raw news articles (text dumps, plain text, HTML) to a typed Parquet dataset.
//!
//! The binary is a thin layer over this library: `pipeline::run` drives the stages in
//! `stages`, the formats in `formats` read inputs, and `schema` defines every table.

pub mod annotate;
pub mod config;
pub mod dates;
pub mod error;
pub mod extraction_eval;
pub mod formats;
pub mod fsutil;
pub mod gencorpus;
pub mod input;
pub mod language;
pub mod markdown;
pub mod model;
pub mod ner;
pub mod parquet_io;
pub mod pipeline;
pub mod rng;
pub mod schema;
pub mod stages;
pub mod textnorm;
pub mod urlnorm;
pub mod vocab;

pub use error::{Error, Result};
