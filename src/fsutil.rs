//! Filesystem helpers: atomic replacement of output folders and content hashing.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// 128-bit xxh3 as 32 lowercase hex characters: the project's stable id and content hash.
pub fn hash128_hex(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// A sibling path for work in progress: `dir/.name.tmp` next to `dir/name`.
pub fn staging_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp"))
}

/// Creates an empty staging folder beside `target`, removing leftovers of a killed run.
pub fn fresh_staging_dir(target: &Path) -> Result<PathBuf> {
    let staging = staging_path(target);
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    if let Some(parent) = staging.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    Ok(staging)
}

/// Puts the finished folder `staging` in the place of `target` in one step, so that a reader
/// or a crash sees either the old folder whole or the new one whole. The old one is removed.
pub fn replace_dir(staging: &Path, target: &Path) -> Result<()> {
    if !target.exists() {
        return std::fs::rename(staging, target).map_err(|e| Error::io(target, e));
    }
    exchange(staging, target)?;
    // `staging` now holds the previous contents.
    std::fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(|e| Error::Other(e.to_string()))?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(|e| Error::Other(e.to_string()))?;
    // SAFETY: both pointers are valid NUL-terminated paths for the duration of the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    // Filesystems without RENAME_EXCHANGE: fall back to two renames (a short unsafe window).
    if matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
        return exchange_by_rename(a, b);
    }
    Err(Error::io(b, err))
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    exchange_by_rename(a, b)
}

fn exchange_by_rename(a: &Path, b: &Path) -> Result<()> {
    let aside = b.with_extension("old");
    if aside.exists() {
        std::fs::remove_dir_all(&aside).map_err(|e| Error::io(&aside, e))?;
    }
    std::fs::rename(b, &aside).map_err(|e| Error::io(b, e))?;
    std::fs::rename(a, b).map_err(|e| Error::io(a, e))?;
    std::fs::rename(&aside, a).map_err(|e| Error::io(a, e))
}

/// Writes a file through a temporary sibling and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = staging_path(path);
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_dir_swaps_contents_and_removes_old() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("table");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.txt"), "old").unwrap();
        let staging = fresh_staging_dir(&target).unwrap();
        std::fs::write(staging.join("new.txt"), "new").unwrap();
        replace_dir(&staging, &target).unwrap();
        assert!(target.join("new.txt").exists());
        assert!(!target.join("old.txt").exists());
        assert!(!staging.exists());
    }

    #[test]
    fn hash_is_32_hex_chars_and_stable() {
        let h = hash128_hex(b"newsprint");
        assert_eq!(h.len(), 32);
        assert_eq!(h, hash128_hex(b"newsprint"));
        assert_ne!(h, hash128_hex(b"newsprint "));
    }
}
