//! [`Store`]: one bucket prefix (or one http(s) file) and the blocking calls on it.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path as FsPath, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use futures::StreamExt;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload, WriteMultipart};

use crate::error::{Result, StoreError};
use crate::open::{self, Kind, Options};
use crate::runtime::block_on;

/// One object found by a listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The object's name relative to the store's prefix, with `/` between levels: what
    /// [`Store::download_to`] and [`Store::get`] take back, and what input identities are
    /// made of (stable whatever the bucket is called).
    pub key: String,
    /// Its size in bytes, for sharding by bytes before anything is read.
    pub size: u64,
}

/// A bucket (or container) and a prefix in it, or one http(s) file, opened from a URL.
///
/// Why one type for all clouds: the pipeline only needs list, read, write and delete, and a
/// URL decides the rest. `Store` is `Send + Sync`; share it between rayon workers by
/// reference. Every call blocks the calling thread until done.
///
/// Keys are relative to the URL's prefix. When the URL names one object, its key is its file
/// name, known to the store once [`Store::list`] has found it (http(s) URLs know it from the
/// start): list before reading, as the pipeline does anyway.
pub struct Store {
    kind: Kind,
    inner: Arc<dyn ObjectStore>,
    url: String,
    base_url: String,
    bucket: String,
    prefix: Path,
    options: Options,
    /// Set by [`Store::list`] when the URL turned out to name one object rather than a
    /// folder: that object's file name, the one key the listing gave.
    single: OnceLock<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("url", &self.url).finish()
    }
}

/// Makes temporary download names unique within the process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl Store {
    /// Opens the store a URL names, with credentials and endpoints from the environment.
    ///
    /// `s3://bucket/prefix`, `gs://bucket/prefix`, `az://container/prefix` (or
    /// `abfs(s)://container@account.dfs.core.windows.net/prefix`) read and write;
    /// `http(s)://host/path` reads only. Makes no request: a missing bucket is reported by
    /// the first call that needs it, as [`StoreError::BucketNotFound`].
    pub fn open(url: &str) -> Result<Store> {
        Store::open_with(url, &Options::default())
    }

    /// [`Store::open`] with explicit options (endpoint, keys, retry budget, part size) that
    /// win over the environment.
    pub fn open_with(url: &str, options: &Options) -> Result<Store> {
        let opened = open::open(url, options)?;
        Ok(Store {
            kind: opened.kind,
            inner: opened.store,
            url: url.trim_end_matches('/').to_string(),
            base_url: opened.base_url,
            bucket: opened.bucket,
            prefix: opened.prefix,
            options: options.clone(),
            single: OnceLock::new(),
        })
    }

    /// The URL the store was opened with (without a trailing `/`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every object under the URL, sorted by key, with sizes.
    ///
    /// A URL that names a single object (`s3://b/raw/a.warc.gz`, or any http(s) URL) lists
    /// just it, keyed by its file name, so one input URL works like one input path. An
    /// http(s) URL must name a file: plain web servers cannot list folders.
    pub fn list(&self) -> Result<Vec<Entry>> {
        if self.kind == Kind::Http {
            return self.list_single();
        }
        let entries = self.list_path(&self.prefix, "list")?;
        if entries.is_empty() && self.prefix.parts().count() > 0 {
            // Nothing under "prefix/": the URL may name an object itself.
            return match self.list_single() {
                Err(StoreError::NotFound { .. }) => Ok(entries),
                other => other,
            };
        }
        Ok(entries)
    }

    /// The objects under `sub_prefix` (a folder relative to the store's prefix), sorted,
    /// keys relative to the store's prefix like [`Store::list`]'s: how a stage finds the
    /// parts of one shard without listing the whole dataset.
    pub fn list_under(&self, sub_prefix: &str) -> Result<Vec<Entry>> {
        if self.kind == Kind::Http {
            return Err(StoreError::Request {
                url: self.url.clone(),
                op: "list",
                detail: "http(s) servers cannot list folders".to_string(),
            });
        }
        let path = self.location(sub_prefix.trim_end_matches('/'))?;
        self.list_path(&path, "list")
    }

    /// Streams an object to a local file and returns its size.
    ///
    /// Memory stays bounded whatever the object's size: chunks are written as they arrive.
    /// The bytes go to a temporary name beside `dest` (`.NAME.part-PID-N`) that is renamed
    /// to `dest` only when every byte is there, so `dest` never exists half-written; on any
    /// error the temporary file is removed. A body that breaks off mid-way is resumed by
    /// object_store with a range request, counted against the retry policy.
    pub fn download_to(&self, key: &str, dest: &FsPath) -> Result<u64> {
        let location = self.location(key)?;
        let tmp = temp_name(dest);
        let url = self.url_of(&location);
        let fetched = block_on(async {
            let got = self
                .inner
                .get(&location)
                .await
                .map_err(|e| self.classify("download", &location, e))?;
            let expected = got.meta.size;
            let mut stream = got.into_stream();
            let file = File::create(&tmp).map_err(|source| StoreError::Io {
                path: tmp.clone(),
                source,
            })?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            let mut written = 0u64;
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| self.classify("download", &location, e))?;
                out.write_all(&chunk).map_err(|source| StoreError::Io {
                    path: tmp.clone(),
                    source,
                })?;
                written += chunk.len() as u64;
            }
            out.flush().map_err(|source| StoreError::Io {
                path: tmp.clone(),
                source,
            })?;
            if written != expected {
                return Err(StoreError::Truncated {
                    url: url.clone(),
                    expected,
                    got: written,
                });
            }
            Ok(written)
        })
        .and_then(|r| r);
        match fetched {
            Ok(n) => {
                std::fs::rename(&tmp, dest).map_err(|source| {
                    let _ = std::fs::remove_file(&tmp);
                    StoreError::Io {
                        path: dest.to_path_buf(),
                        source,
                    }
                })?;
                Ok(n)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        }
    }

    /// A small object whole (a manifest, a completion record), or `None` when it does not
    /// exist: for those, absence is an answer ("this shard has not finished"), not an error.
    /// Not for inputs: use [`Store::download_to`], which does not hold the bytes in memory.
    pub fn get(&self, key: &str) -> Result<Option<Vec<u8>>> {
        let location = self.location(key)?;
        let got = block_on(async {
            let got = self.inner.get(&location).await?;
            got.bytes().await
        })?;
        match got {
            Ok(bytes) => Ok(Some(bytes.to_vec())),
            Err(e) => match self.classify("get", &location, e) {
                StoreError::NotFound { .. } => Ok(None),
                other => Err(other),
            },
        }
    }

    /// Writes a small object in one request; it appears whole or not at all.
    pub fn put(&self, key: &str, bytes: &[u8]) -> Result<()> {
        self.writable()?;
        let location = self.location(key)?;
        let payload = PutPayload::from(bytes.to_vec());
        block_on(self.inner.put(&location, payload))?
            .map(|_| ())
            .map_err(|e| self.classify("put", &location, e))
    }

    /// Uploads a local file and returns its size.
    ///
    /// Files up to the part size go up in one PUT; larger ones as a multipart upload, read
    /// and sent a part at a time (at most a few parts in memory). On S3 (and GCS and Azure
    /// alike) an object written this way becomes visible only when the upload completes: a
    /// reader listing the bucket meanwhile sees the old object or none, never half a part
    /// file. A failed upload is aborted, so its parts do not linger (and cost) in the bucket.
    pub fn upload_from(&self, src: &FsPath, key: &str) -> Result<u64> {
        self.writable()?;
        let location = self.location(key)?;
        let io_err = |source| StoreError::Io {
            path: src.to_path_buf(),
            source,
        };
        let mut file = File::open(src).map_err(io_err)?;
        let size = file.metadata().map_err(io_err)?.len();
        let part_size = self.options.part_size;
        if size <= part_size as u64 {
            let mut bytes = Vec::with_capacity(size as usize);
            file.read_to_end(&mut bytes).map_err(io_err)?;
            let n = bytes.len() as u64;
            block_on(self.inner.put(&location, PutPayload::from(bytes)))?
                .map_err(|e| self.classify("upload", &location, e))?;
            return Ok(n);
        }
        block_on(async {
            let upload = self
                .inner
                .put_multipart(&location)
                .await
                .map_err(|e| self.classify("upload", &location, e))?;
            let mut writer = WriteMultipart::new_with_chunk_size(upload, part_size);
            let mut buf = vec![0u8; part_size];
            let mut sent = 0u64;
            let result: Result<()> = async {
                loop {
                    let n = read_full(&mut file, &mut buf).map_err(io_err)?;
                    if n == 0 {
                        return Ok(());
                    }
                    // At most two parts in flight: bounded memory, and some overlap of
                    // reading the file with sending.
                    writer
                        .wait_for_capacity(2)
                        .await
                        .map_err(|e| self.classify("upload", &location, e))?;
                    writer.write(&buf[..n]);
                    sent += n as u64;
                }
            }
            .await;
            match result {
                Ok(()) => {
                    writer
                        .finish()
                        .await
                        .map_err(|e| self.classify("upload", &location, e))?;
                    Ok(sent)
                }
                Err(e) => {
                    let _ = writer.abort().await;
                    Err(e)
                }
            }
        })?
    }

    /// Removes an object; removing one that does not exist is not an error (a retried
    /// cleanup must not fail because its first attempt got there).
    pub fn delete(&self, key: &str) -> Result<()> {
        self.writable()?;
        let location = self.location(key)?;
        match block_on(self.inner.delete(&location))? {
            Ok(()) => Ok(()),
            Err(e) => match self.classify("delete", &location, e) {
                StoreError::NotFound { .. } => Ok(()),
                other => Err(other),
            },
        }
    }

    /// The object a key names: the prefix joined with the key, or the prefix itself when the
    /// URL named one object and the key is the file name the listing gave it.
    fn location(&self, key: &str) -> Result<Path> {
        if self.single.get().is_some_and(|name| name == key)
            || (self.kind == Kind::Http && key == self.file_name())
        {
            return Ok(self.prefix.clone());
        }
        let joined = if self.prefix.as_ref().is_empty() {
            key.to_string()
        } else if key.is_empty() {
            self.prefix.as_ref().to_string()
        } else {
            format!("{}/{key}", self.prefix.as_ref())
        };
        Path::parse(&joined).map_err(|e| StoreError::BadUrl {
            url: format!("{}/{joined}", self.base_url),
            reason: e.to_string(),
        })
    }

    /// The last segment of the prefix: the file name of a single-object URL.
    fn file_name(&self) -> String {
        self.prefix.filename().unwrap_or_default().to_string()
    }

    /// The URL itself as one object, if it is one.
    fn list_single(&self) -> Result<Vec<Entry>> {
        let meta = block_on(self.inner.head(&self.prefix))?
            .map_err(|e| self.classify("list", &self.prefix, e))?;
        let name = self.file_name();
        let _ = self.single.set(name.clone());
        Ok(vec![Entry {
            key: name,
            size: meta.size,
        }])
    }

    /// Every object under `path`, keys relative to the store's prefix, sorted.
    fn list_path(&self, path: &Path, op: &'static str) -> Result<Vec<Entry>> {
        let listed = block_on(async {
            let prefix = (!path.as_ref().is_empty()).then_some(path);
            let mut stream = self.inner.list(prefix);
            let mut entries = Vec::new();
            while let Some(meta) = stream.next().await {
                let meta = meta?;
                if let Some(rest) = meta.location.prefix_match(&self.prefix) {
                    let key = rest
                        .map(|part| part.as_ref().to_string())
                        .collect::<Vec<_>>()
                        .join("/");
                    entries.push(Entry {
                        key,
                        size: meta.size,
                    });
                }
            }
            Ok(entries)
        })?;
        let mut entries = listed.map_err(|e| self.classify(op, path, e))?;
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        Ok(entries)
    }

    fn writable(&self) -> Result<()> {
        match self.kind {
            Kind::Http => Err(StoreError::ReadOnly {
                url: self.url.clone(),
            }),
            _ => Ok(()),
        }
    }

    /// The full URL of an object, for messages.
    fn url_of(&self, location: &Path) -> String {
        format!("{}/{}", self.base_url, location.as_ref())
    }

    /// Sorts an object_store error into the cases the pipeline treats differently.
    ///
    /// A plain-http endpoint without `AWS_ALLOW_HTTP=true` fails inside the HTTP client as if
    /// it were a transport error; it is a configuration mistake, so it says which switch to
    /// set instead of blaming the network.
    ///
    /// object_store reports a missing bucket as a 404 like a missing object; S3 (and moto)
    /// say `NoSuchBucket` in the body, Azure `ContainerNotFound`, GCS "bucket does not
    /// exist", which is how the two are told apart. Network trouble shows as a transport
    /// error (`HttpError`) somewhere in the source chain, or as a 5xx or 429 status that
    /// outlasted the retries.
    fn classify(&self, op: &'static str, location: &Path, err: object_store::Error) -> StoreError {
        let url = self.url_of(location);
        let detail = error_chain(&err);
        let missing_bucket = ["NoSuchBucket", "ContainerNotFound", "bucket does not exist"]
            .iter()
            .any(|marker| detail.contains(marker));
        if missing_bucket {
            return StoreError::BucketNotFound {
                url,
                bucket: self.bucket.clone(),
            };
        }
        if detail.contains("URL scheme is not allowed") {
            // reqwest refuses plain http unless told: a local server needs the switch.
            return StoreError::Config {
                url,
                reason: "the endpoint is plain http://; set AWS_ALLOW_HTTP=true (or the \
                         allow_http option) to allow it"
                    .to_string(),
            };
        }
        if let object_store::Error::NotFound { .. } = err {
            return StoreError::NotFound { url };
        }
        if is_network(&err, &detail) {
            return StoreError::Network {
                url,
                op,
                max_retries: self.options.max_retries,
                retry_timeout: self.options.retry_timeout,
                detail,
            };
        }
        StoreError::Request { url, op, detail }
    }
}

/// The error and every source under it, as one line: object_store's top message often
/// leaves out the part that says what happened (the status, the body, the socket error).
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        let s = e.to_string();
        if !text.contains(&s) {
            text.push_str(": ");
            text.push_str(&s);
        }
        source = e.source();
    }
    text
}

fn is_network(err: &(dyn std::error::Error + 'static), detail: &str) -> bool {
    let mut current = Some(err);
    while let Some(e) = current {
        if e.downcast_ref::<object_store::client::HttpError>()
            .is_some()
        {
            return true;
        }
        current = e.source();
    }
    detail.contains("status code: 5") || detail.contains("status code: 429")
}

/// Reads until `buf` is full or the file ends: a short read must not become a short part.
fn read_full(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A hidden name beside `dest`, unique in the process and across processes.
fn temp_name(dest: &FsPath) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "download".to_string());
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    dest.with_file_name(format!(".{name}.part-{}-{n}", std::process::id()))
}
