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

/// A staging folder that is removed when dropped unless committed: an error or Ctrl-C in the
/// middle of a stage leaves nothing behind.
#[derive(Debug)]
pub struct StagingDir {
    path: PathBuf,
    committed: bool,
}

impl StagingDir {
    /// An empty staging folder beside `target`, leftovers of a killed run removed.
    pub fn fresh(target: &Path) -> Result<StagingDir> {
        Ok(StagingDir {
            path: fresh_staging_dir(target)?,
            committed: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts the folder in the place of `target` (see `replace_dir`).
    pub fn commit(mut self, target: &Path) -> Result<()> {
        replace_dir(&self.path, target)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
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

/// `dir/.name.previous`: where a replaced dataset waits to be removed.
pub fn previous_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.previous"))
}

/// Publishes a dataset: checks first that the old one can be replaced and removed (so a
/// read-only dataset is refused before anything moves), exchanges the two folders in one
/// step, then removes the old one. If that removal still fails, the new dataset stays
/// published and the old one waits in `.name.previous`: the warning says so.
pub fn publish_dir(staging: StagingDir, target: &Path) -> Result<Option<String>> {
    if target.exists() {
        check_replaceable(target)?;
    }
    let mut staging = staging;
    let path = staging.path.clone();
    if !target.exists() {
        std::fs::rename(&path, target).map_err(|e| Error::io(target, e))?;
        staging.committed = true;
        return Ok(None);
    }
    exchange(&path, target)?;
    staging.committed = true;
    // `path` now holds the previous dataset.
    let previous = previous_path(target);
    if previous.exists() {
        let _ = std::fs::remove_dir_all(&previous);
    }
    let old = if std::fs::rename(&path, &previous).is_ok() {
        previous
    } else {
        path
    };
    Ok(std::fs::remove_dir_all(&old).err().map(|e| {
        format!(
            "published {}, but the previous dataset could not be removed ({}): it is in {}; remove it by hand",
            target.display(),
            crate::input::io_message(&e),
            old.display()
        )
    }))
}

/// Removes what an earlier publish could not (see `publish_dir`); a warning when it still
/// can't.
pub fn remove_previous(target: &Path) -> Option<String> {
    let previous = previous_path(target);
    (previous.exists() && std::fs::remove_dir_all(&previous).is_err()).then(|| {
        format!(
            "{} (an older dataset) could not be removed; remove it by hand",
            previous.display()
        )
    })
}

/// Fails when some folder of `dir` does not let us add and remove entries, which replacing
/// and then removing it needs: found by trying, so read-only mounts and permissions both show.
fn check_replaceable(dir: &Path) -> Result<()> {
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() {
            continue;
        }
        let probe = entry.path().join(".newsprint-probe");
        let writable = std::fs::File::create(&probe)
            .and_then(|_| std::fs::remove_file(&probe))
            .map_err(|e| crate::input::io_message(&e));
        if let Err(why) = writable {
            return Err(Error::Config(format!(
                "cannot replace the dataset {}: its folder {} is not writable ({why}); \
                 nothing was changed. Make it writable or choose another --output",
                dir.display(),
                entry.path().display()
            )));
        }
    }
    Ok(())
}

/// The lock of a dataset (`dir/.name.lock`), held for the whole run. It is an advisory
/// lock (`flock` on Unix, through `File::try_lock`): the kernel drops it when the process
/// ends, however it ends, so a lock left by a killed run is never mistaken for a live one.
/// The file keeps the holder's pid for messages.
#[derive(Debug)]
pub struct DatasetLock {
    _file: std::fs::File,
}

impl DatasetLock {
    pub fn acquire(dataset: &Path) -> Result<DatasetLock> {
        use std::io::{Read, Seek, Write};
        let name = dataset
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = dataset.with_file_name(format!(".{name}.lock"));
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        if !try_lock(&file).map_err(|e| Error::io(&path, e))? {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            return Err(Error::Locked {
                dataset: dataset.to_path_buf(),
                holder: if holder.is_empty() {
                    "another process".to_owned()
                } else {
                    format!("pid {holder}")
                },
            });
        }
        file.set_len(0).map_err(|e| Error::io(&path, e))?;
        file.rewind().map_err(|e| Error::io(&path, e))?;
        writeln!(file, "{}", std::process::id()).map_err(|e| Error::io(&path, e))?;
        Ok(DatasetLock { _file: file })
    }
}

fn try_lock(file: &std::fs::File) -> std::io::Result<bool> {
    match file.try_lock() {
        Ok(()) => Ok(true),
        Err(std::fs::TryLockError::WouldBlock) => Ok(false),
        Err(std::fs::TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // renameat2(2) with RENAME_EXCHANGE: std has no atomic exchange
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
    // A hidden sibling of our own, never a folder of the user's such as `news.old`.
    let aside = staging_path(&previous_path(b));
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
