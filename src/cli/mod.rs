//! The command line's own parts (not the library's): evaluation printing and run output.

pub mod eval;
pub mod output;
