//! Write stage: publishes the final tables as `<dataset>/<table>/part-*.parquet`.
//!
//! The tables are the stage outputs themselves (same writer settings), hard-linked into a
//! staging copy of the dataset folder that then takes the old one's place in one rename,
//! so a reader or a crash never sees a half-written dataset.

use std::path::Path;

use crate::error::{Error, Result};

pub const STAGE: &str = "write";
/// 3: the `corpus_entities` table, and its ids in `mentions` and `entities`.
pub const VERSION: u32 = 3;

/// Hard-links (or, across filesystems, copies) every file of `from` into `to`.
pub fn link_tree(from: &Path, to: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Other(e.to_string()))?;
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).map_err(|e| Error::io(&dest, e))?;
        } else if entry.file_type().is_file() {
            link_file(entry.path(), &dest)?;
        }
    }
    Ok(())
}

pub fn link_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    if std::fs::hard_link(from, to).is_err() {
        std::fs::copy(from, to).map_err(|e| Error::io(to, e))?;
    }
    Ok(())
}
