//! Evaluation: corpus readers (TempEval-3 TimeML, MEANTIME) and the
//! TempEval-3 scorer. Used by `src/bin/eval.rs`; not needed at run time.

mod corpus;
mod score;
mod xml;

use std::path::Path;

pub use self::corpus::{
    Doc, GoldTimex, parse_meantime, parse_timeml, read_meantime_dir, read_timeml_dir,
};
pub use self::score::{Report, evaluate, score_doc};

/// Scores `extract` on a folder of TempEval-3 `.tml` files.
pub fn eval_tempeval3(dir: &Path, name: &str, passes: usize) -> Report {
    evaluate(name, &read_timeml_dir(dir), passes)
}

/// Scores `extract` on the MEANTIME English corpus folder.
pub fn eval_meantime(dir: &Path, passes: usize) -> Report {
    evaluate("MEANTIME", &read_meantime_dir(dir), passes)
}
