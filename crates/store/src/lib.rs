//! Object storage for newsprint: inputs read from and outputs written to `s3://`, `gs://`,
//! `az://` (or `abfs(s)://`) URLs, and inputs read from plain `http(s)://` URLs.
//!
//! The pipeline is synchronous (rayon threads), and the `object_store` crate is async; this
//! crate owns a small tokio runtime and offers a **blocking** API on top of it, so a stage can
//! call [`Store::download_to`] from a rayon worker like any file operation. It never prints:
//! everything it has to say is in its return values.
//!
//! What it promises:
//! - **Bounded memory.** Downloads stream to a local file chunk by chunk; uploads of large
//!   files go up in parts. A 1 GB WARC is never held whole.
//! - **Nothing half-written is visible.** Downloads land under a temporary name and are
//!   renamed when complete; uploads are single PUTs or multipart uploads, and an S3 object
//!   (GCS and Azure alike) becomes visible only when its upload completes.
//! - **A missing object is not a network error.** [`StoreError::NotFound`] is for the one
//!   object; network trouble is retried with exponential backoff under an explicit, bounded
//!   policy, then reported as [`StoreError::Network`] naming the URL.
//!
//! Credentials and endpoints come from the environment variables the cloud tools use (see
//! `crates/store/README.md`), or from options given to [`Store::open_with`].

mod error;
mod open;
mod runtime;
mod store;

pub use error::{Result, StoreError};
pub use open::{Options, is_url};
pub use store::{Entry, Store};
