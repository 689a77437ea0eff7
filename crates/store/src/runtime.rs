//! The crate's tokio runtime and the bridge from blocking callers to async calls.
//!
//! One runtime for the whole process, not one per [`crate::Store`]: a run may open a store
//! per input URL, and each runtime is a thread pool of its own. Two worker threads drive the
//! sockets and timers; the future handed to [`block_on`] runs on the calling thread, so the
//! local file reads and writes inside a transfer block that caller (a rayon worker), never
//! the runtime's workers. Calling into this crate from inside another tokio runtime is not
//! supported (tokio refuses nested `block_on`); the pipeline has none.

use std::future::Future;
use std::sync::OnceLock;

use crate::error::{Result, StoreError};

static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();

/// The process's runtime, started on first use.
fn runtime() -> Result<&'static tokio::runtime::Runtime> {
    if let Some(rt) = RUNTIME.get() {
        return Ok(rt);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("newsprint-store")
        .enable_all()
        .build()
        .map_err(StoreError::Runtime)?;
    // Two threads may race to start it; the loser's runtime is dropped here, unused.
    let _ = RUNTIME.set(rt);
    Ok(RUNTIME.get().expect("set above"))
}

/// Runs `fut` to completion on the crate's runtime, blocking the calling thread.
pub(crate) fn block_on<F: Future>(fut: F) -> Result<F::Output> {
    Ok(runtime()?.block_on(fut))
}
