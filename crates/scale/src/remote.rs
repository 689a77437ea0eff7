//! The shared dataset of a sharded run, in a local folder or in a bucket: the few things
//! shards and finalize do to it, each leaving nothing half-written for a reader to see. A
//! local file appears in one rename; an object in a bucket appears when its upload
//! completes.

use std::path::{Path, PathBuf};

use newsprint::error::{Error, Result};
use newsprint_store::{Store, StoreError, is_url};

pub enum SharedDataset {
    Local(PathBuf),
    Remote(Box<Store>),
}

pub fn store_error(e: StoreError) -> Error {
    Error::Other(e.to_string())
}

impl SharedDataset {
    pub fn open(output: &Path) -> Result<SharedDataset> {
        let text = output.to_string_lossy();
        if is_url(&text) {
            Store::open(&text)
                .map(|s| SharedDataset::Remote(Box::new(s)))
                .map_err(store_error)
        } else {
            Ok(SharedDataset::Local(output.to_path_buf()))
        }
    }

    pub fn describe(&self) -> String {
        match self {
            SharedDataset::Local(p) => p.display().to_string(),
            SharedDataset::Remote(s) => s.url().to_owned(),
        }
    }

    /// A small file (a record, a manifest); `None` when there is none.
    pub fn get(&self, rel: &str) -> Result<Option<Vec<u8>>> {
        match self {
            SharedDataset::Local(root) => match std::fs::read(root.join(rel)) {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(Error::io(root.join(rel), e)),
            },
            SharedDataset::Remote(s) => s.get(rel).map_err(store_error),
        }
    }

    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        match self {
            SharedDataset::Local(root) => {
                let path = root.join(rel);
                make_parent(&path)?;
                newsprint::fsutil::write_atomic(&path, bytes)
            }
            SharedDataset::Remote(s) => s.put(rel, bytes).map_err(store_error),
        }
    }

    /// Puts a local file at `rel`: a hard link when it can (same disk), else a copy, under a
    /// hidden temporary name first; or an upload.
    pub fn put_file(&self, src: &Path, rel: &str) -> Result<()> {
        match self {
            SharedDataset::Local(root) => {
                let dest = root.join(rel);
                make_parent(&dest)?;
                let name = dest
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let tmp = dest.with_file_name(format!(".{name}.tmp"));
                remove_local(&tmp)?;
                if std::fs::hard_link(src, &tmp).is_err() {
                    std::fs::copy(src, &tmp).map_err(|e| Error::io(&tmp, e))?;
                }
                std::fs::rename(&tmp, &dest).map_err(|e| Error::io(&dest, e))
            }
            SharedDataset::Remote(s) => s.upload_from(src, rel).map(|_| ()).map_err(store_error),
        }
    }

    /// Brings the file at `rel` to a local path: the file itself when local, a download
    /// into `scratch` otherwise.
    pub fn fetch(&self, rel: &str, scratch: &Path) -> Result<PathBuf> {
        match self {
            SharedDataset::Local(root) => Ok(root.join(rel)),
            SharedDataset::Remote(s) => {
                let dest = scratch.join(rel);
                make_parent(&dest)?;
                s.download_to(rel, &dest).map_err(store_error)?;
                Ok(dest)
            }
        }
    }

    pub fn delete(&self, rel: &str) -> Result<()> {
        match self {
            SharedDataset::Local(root) => remove_local(&root.join(rel)),
            SharedDataset::Remote(s) => s.delete(rel).map_err(store_error),
        }
    }

    /// Names of the files directly in the folder `dir` (none when it does not exist).
    pub fn list(&self, dir: &str) -> Result<Vec<String>> {
        match self {
            SharedDataset::Local(root) => {
                let path = root.join(dir);
                let entries = match std::fs::read_dir(&path) {
                    Ok(e) => e,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
                    Err(e) => return Err(Error::io(&path, e)),
                };
                let mut names: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| !n.starts_with('.'))
                    .collect();
                names.sort();
                Ok(names)
            }
            SharedDataset::Remote(s) => {
                let prefix = format!("{}/", dir.trim_end_matches('/'));
                let mut names: Vec<String> = s
                    .list_under(&prefix)
                    .map_err(store_error)?
                    .into_iter()
                    .filter_map(|e| e.key.strip_prefix(&prefix).map(str::to_owned))
                    .filter(|n| !n.contains('/'))
                    .collect();
                names.sort();
                Ok(names)
            }
        }
    }
}

fn make_parent(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    Ok(())
}

pub fn remove_local(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}
