//! finalize
