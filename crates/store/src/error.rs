//! The store's one error type.
//!
//! The pipeline reacts to these differently, so they are separate variants rather than one
//! message: a missing object ([`StoreError::NotFound`]) becomes a `rejects` row and the run
//! goes on, while a network failure ([`StoreError::Network`]) or a missing bucket stops the run
//! with a message that names the URL. Every variant names the URL (or the local path) it is
//! about, because a run may touch thousands of objects and "not found" alone helps nobody.

use std::path::PathBuf;
use std::time::Duration;

/// What every fallible call of this crate returns.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The text is not a storage URL this crate can open (unknown scheme, no bucket, bad
    /// syntax). Checked before any network traffic.
    #[error("{url}: not a usable storage URL: {reason}")]
    BadUrl { url: String, reason: String },

    /// An option given to [`crate::Store::open_with`] is unknown or out of range, or the
    /// object_store builder refused the configuration (for example a plain-HTTP endpoint
    /// without `AWS_ALLOW_HTTP=true`).
    #[error("{url}: bad storage configuration: {reason}")]
    Config { url: String, reason: String },

    /// The object does not exist. Distinct from network trouble: for an input this is a
    /// `rejects` row, not the end of the run.
    #[error("{url}: no such object")]
    NotFound { url: String },

    /// The bucket (or container) itself does not exist: nothing under this URL can be read
    /// or written, so this is never a per-object reject.
    #[error("{url}: bucket {bucket:?} does not exist")]
    BucketNotFound { url: String, bucket: String },

    /// The request kept failing at the network level (connection refused or reset,
    /// timeouts, 5xx or throttling answers) through every retry the policy allows.
    #[error(
        "{url}: {op} failed after retrying (policy: up to {max_retries} retries within {retry_timeout:?}): {detail}"
    )]
    Network {
        url: String,
        op: &'static str,
        max_retries: usize,
        retry_timeout: Duration,
        /// object_store's own message, which says how many retries were made and how long
        /// they took.
        detail: String,
    },

    /// A download ended with fewer bytes than the object's size: the temp file is removed,
    /// the destination is never created.
    #[error("{url}: download ended after {got} of {expected} bytes")]
    Truncated {
        url: String,
        expected: u64,
        got: u64,
    },

    /// http(s) URLs are inputs only: there is no standard way to write or delete there.
    #[error("{url}: http(s) URLs are read-only; write outputs to s3://, gs:// or az://")]
    ReadOnly { url: String },

    /// Any other answer from the store (access denied, a precondition, an unsupported
    /// operation), with object_store's message.
    #[error("{url}: {op} failed: {detail}")]
    Request {
        url: String,
        op: &'static str,
        detail: String,
    },

    /// Reading or writing the local side of a transfer.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The crate's tokio runtime could not be started (threads or file descriptors
    /// exhausted).
    #[error("cannot start the object storage runtime: {0}")]
    Runtime(#[source] std::io::Error),
}

impl StoreError {
    /// Whether this is a missing object (and so, for an input, a reject rather than a failed
    /// run).
    pub fn is_not_found(&self) -> bool {
        matches!(self, StoreError::NotFound { .. })
    }

    /// Whether this is network trouble that outlasted the retries.
    pub fn is_network(&self) -> bool {
        matches!(self, StoreError::Network { .. })
    }
}
