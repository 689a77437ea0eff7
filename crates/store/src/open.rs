//! From a URL to a configured object store: scheme, bucket, prefix, credentials, retries.
//!
//! Each cloud's builder starts from its own `from_env` (so `AWS_*`, `GOOGLE_*` and `AZURE_*`
//! variables work as they do for the cloud's own tools), then gets this crate's retry policy
//! and timeouts, then the caller's explicit options, which win over both. Opening a store
//! makes no network request: a wrong bucket shows at the first call that uses it.

use std::sync::Arc;
use std::time::Duration;

use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use object_store::gcp::{GoogleCloudStorageBuilder, GoogleConfigKey};
use object_store::http::HttpBuilder;
use object_store::path::Path;
use object_store::{BackoffConfig, ClientConfigKey, ObjectStore, RetryConfig};
use url::Url;

use crate::error::{Result, StoreError};

/// The URL schemes this crate opens, as `is_url` and `Store::open` accept them.
const SCHEMES: &[&str] = &["s3", "gs", "az", "abfs", "abfss", "http", "https"];

/// Whether `s` is a storage URL rather than a local path.
///
/// Why it exists: the command line and pipeline files take inputs and outputs as one string,
/// and must decide between the file system and object storage before opening anything. A
/// local path never contains `scheme://` with one of these schemes, so this is unambiguous.
pub fn is_url(s: &str) -> bool {
    match s.split_once("://") {
        Some((scheme, rest)) => {
            !rest.is_empty() && SCHEMES.contains(&scheme.to_ascii_lowercase().as_str())
        }
        None => false,
    }
}

/// How a store is opened, beyond what the URL and the environment say.
///
/// Why it exists: tests and callers need to point a store at an endpoint or set a retry
/// budget without changing the process environment (which is shared by every thread).
/// `Options::default()` is what [`crate::Store::open`] uses.
#[derive(Clone, Debug)]
pub struct Options {
    /// object_store configuration keys and values (for example `aws_endpoint`,
    /// `aws_access_key_id`, `aws_region`, `allow_http`, `google_service_account`,
    /// `azure_storage_account_name`), applied after the environment, so they win over it.
    /// Keys are the ones object_store documents for the URL's cloud, case-insensitive;
    /// an unknown key is a [`StoreError::Config`]. For http(s) URLs only the client keys
    /// (`allow_http`, `timeout`, `connect_timeout`, ...) apply.
    pub config: Vec<(String, String)>,
    /// How many times a request that failed at the network level (or got a 5xx or 429
    /// answer) is retried.
    pub max_retries: usize,
    /// No retry starts after this much time from the first attempt: with `max_retries` this
    /// bounds how long a dead endpoint can hold a run.
    pub retry_timeout: Duration,
    /// The first backoff; each next one doubles (with jitter), up to `max_backoff`.
    pub initial_backoff: Duration,
    /// The longest wait between two attempts.
    pub max_backoff: Duration,
    /// Opening a TCP connection gives up after this long (a dead host, a black-holed port).
    pub connect_timeout: Duration,
    /// One whole request, body included, gives up after this long. Generous, because a
    /// 1 GB download is one request; a body that breaks off is resumed from where it stopped
    /// by object_store, as a retry.
    pub request_timeout: Duration,
    /// The size of each part of a multipart upload, and the file size above which uploads
    /// are multipart. S3 (and moto) refuse parts under 5 MiB except the last, so smaller
    /// values are refused here.
    pub part_size: usize,
}

/// S3's smallest part (all but the last), which moto enforces too.
pub(crate) const MIN_PART_SIZE: usize = 5 * 1024 * 1024;

impl Default for Options {
    fn default() -> Self {
        Options {
            config: Vec::new(),
            max_retries: 5,
            retry_timeout: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(600),
            part_size: 16 * 1024 * 1024,
        }
    }
}

impl Options {
    /// Adds one object_store configuration key (see [`Options::config`]).
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.config.push((key.into(), value.into()));
        self
    }

    fn retry(&self) -> RetryConfig {
        RetryConfig {
            backoff: BackoffConfig {
                init_backoff: self.initial_backoff,
                max_backoff: self.max_backoff,
                base: 2.0,
            },
            max_retries: self.max_retries,
            retry_timeout: self.retry_timeout,
        }
    }

    /// The client keys this crate sets before the caller's options.
    fn client_defaults(&self) -> [(ClientConfigKey, String); 2] {
        [
            (
                ClientConfigKey::ConnectTimeout,
                format!("{}ms", self.connect_timeout.as_millis()),
            ),
            (
                ClientConfigKey::Timeout,
                format!("{}ms", self.request_timeout.as_millis()),
            ),
        ]
    }
}

/// Which kind of store a URL opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    S3,
    Gcs,
    Azure,
    Http,
}

/// A URL taken apart and its store built.
pub(crate) struct Opened {
    pub kind: Kind,
    pub store: Arc<dyn ObjectStore>,
    /// The bucket or container, for messages (the host for http).
    pub bucket: String,
    /// Everything after the bucket: the folder (or object) the URL names.
    pub prefix: Path,
    /// The URL up to and including the bucket, to name objects in messages.
    pub base_url: String,
}

pub(crate) fn open(url: &str, options: &Options) -> Result<Opened> {
    let bad = |reason: &str| StoreError::BadUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let parsed = Url::parse(url).map_err(|e| bad(&e.to_string()))?;
    let kind = match parsed.scheme() {
        "s3" => Kind::S3,
        "gs" => Kind::Gcs,
        "az" | "abfs" | "abfss" => Kind::Azure,
        "http" | "https" => Kind::Http,
        other => {
            return Err(bad(&format!(
                "unknown scheme {other:?}; expected one of s3://, gs://, az://, abfs(s)://, http(s)://"
            )));
        }
    };
    let host = parsed.host_str().unwrap_or_default();
    if host.is_empty() {
        return Err(bad("no bucket (or host) after the scheme"));
    }
    // abfs(s)://container@account.dfs.core.windows.net/path names the container before '@'.
    let bucket = match (kind, parsed.username()) {
        (Kind::Azure, user) if !user.is_empty() => user.to_string(),
        _ => host.to_string(),
    };
    let prefix = Path::from_url_path(parsed.path()).map_err(|e| bad(&e.to_string()))?;
    let base_url = {
        let full = url.trim_end_matches('/');
        let path = prefix.as_ref();
        full.strip_suffix(path)
            .map(|b| b.trim_end_matches('/'))
            .unwrap_or(full)
            .to_string()
    };
    if options.part_size < MIN_PART_SIZE {
        return Err(StoreError::Config {
            url: url.to_string(),
            reason: format!(
                "part size {} is under the 5 MiB that S3 requires of every part but the last",
                options.part_size
            ),
        });
    }
    let store = build(kind, url, &parsed, options)?;
    Ok(Opened {
        kind,
        store,
        bucket,
        prefix,
        base_url,
    })
}

/// Builds the store: environment, then this crate's policy, then the caller's options.
fn build(kind: Kind, url: &str, parsed: &Url, options: &Options) -> Result<Arc<dyn ObjectStore>> {
    let config_error = |reason: String| StoreError::Config {
        url: url.to_string(),
        reason,
    };
    let unknown = |key: &str| config_error(format!("unknown option {key:?} for this kind of URL"));
    let store: Arc<dyn ObjectStore> = match kind {
        Kind::S3 => {
            let mut b = AmazonS3Builder::from_env()
                .with_url(url)
                .with_retry(options.retry());
            for (key, value) in options.client_defaults() {
                b = b.with_config(AmazonS3ConfigKey::Client(key), value);
            }
            for (key, value) in &options.config {
                let k: AmazonS3ConfigKey =
                    key.to_ascii_lowercase().parse().map_err(|_| unknown(key))?;
                b = b.with_config(k, value);
            }
            Arc::new(b.build().map_err(|e| config_error(e.to_string()))?)
        }
        Kind::Gcs => {
            let mut b = GoogleCloudStorageBuilder::from_env()
                .with_url(url)
                .with_retry(options.retry());
            for (key, value) in options.client_defaults() {
                b = b.with_config(GoogleConfigKey::Client(key), value);
            }
            for (key, value) in &options.config {
                let k: GoogleConfigKey =
                    key.to_ascii_lowercase().parse().map_err(|_| unknown(key))?;
                b = b.with_config(k, value);
            }
            Arc::new(b.build().map_err(|e| config_error(e.to_string()))?)
        }
        Kind::Azure => {
            let mut b = MicrosoftAzureBuilder::from_env()
                .with_url(url)
                .with_retry(options.retry());
            for (key, value) in options.client_defaults() {
                b = b.with_config(AzureConfigKey::Client(key), value);
            }
            for (key, value) in &options.config {
                let k: AzureConfigKey =
                    key.to_ascii_lowercase().parse().map_err(|_| unknown(key))?;
                b = b.with_config(k, value);
            }
            Arc::new(b.build().map_err(|e| config_error(e.to_string()))?)
        }
        Kind::Http => {
            // The store is rooted at the origin; the URL's path is the prefix, as for buckets.
            let origin = parsed.origin().ascii_serialization();
            let mut b = HttpBuilder::new()
                .with_url(origin)
                .with_retry(options.retry());
            // A plain http:// URL was asked for explicitly: no extra switch needed.
            if parsed.scheme() == "http" {
                b = b.with_config(ClientConfigKey::AllowHttp, "true");
            }
            for (key, value) in options.client_defaults() {
                b = b.with_config(key, value);
            }
            for (key, value) in &options.config {
                let k: ClientConfigKey =
                    key.to_ascii_lowercase().parse().map_err(|_| unknown(key))?;
                b = b.with_config(k, value);
            }
            Arc::new(b.build().map_err(|e| config_error(e.to_string()))?)
        }
    };
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths_are_told_apart() {
        for url in [
            "s3://bucket/key",
            "S3://bucket",
            "gs://b/x",
            "az://c/p",
            "abfs://c@acct.dfs.core.windows.net/p",
            "abfss://c@acct.dfs.core.windows.net/p",
            "http://127.0.0.1:8000/a.warc",
            "https://example.org/x.html",
        ] {
            assert!(is_url(url), "{url}");
        }
        for path in [
            "raw/file.warc",
            "/abs/path",
            "s3:/one-slash",
            "file:///tmp/x",
            "ftp://host/x",
            "s3://",
            "",
        ] {
            assert!(!is_url(path), "{path}");
        }
    }

    #[test]
    fn a_url_splits_into_bucket_and_prefix() {
        let opened = open("s3://my-bucket/runs/2024/", &Options::default()).unwrap();
        assert_eq!(opened.kind, Kind::S3);
        assert_eq!(opened.bucket, "my-bucket");
        assert_eq!(opened.prefix.as_ref(), "runs/2024");
        assert_eq!(opened.base_url, "s3://my-bucket");

        let opened = open("http://127.0.0.1:9/dir/a.warc.gz", &Options::default()).unwrap();
        assert_eq!(opened.kind, Kind::Http);
        assert_eq!(opened.prefix.as_ref(), "dir/a.warc.gz");
        assert_eq!(opened.base_url, "http://127.0.0.1:9");
    }

    #[test]
    fn bad_urls_and_options_are_refused_by_name() {
        let err = open("ftp://host/x", &Options::default()).err().unwrap();
        assert!(matches!(err, StoreError::BadUrl { .. }), "{err}");
        assert!(err.to_string().contains("ftp://host/x"), "{err}");

        let err = open("s3:///key", &Options::default()).err().unwrap();
        assert!(matches!(err, StoreError::BadUrl { .. }), "{err}");

        let options = Options::default().with("aws_no_such_key", "1");
        let err = open("s3://b/k", &options).err().unwrap();
        assert!(err.to_string().contains("aws_no_such_key"), "{err}");

        let options = Options {
            part_size: 1024,
            ..Options::default()
        };
        let err = open("s3://b/k", &options).err().unwrap();
        assert!(matches!(err, StoreError::Config { .. }), "{err}");
    }
}
