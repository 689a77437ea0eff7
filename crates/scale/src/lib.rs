//! newsprint beyond one machine. A corpus too big for one run is cut into shards, each run
//! by any engine on any machine into one shared dataset (`shard`), local or in a bucket
//! (`remote`, through `newsprint-store`); `finalize` then does what needs every article.
//! The pipeline library knows nothing of this: a shard is an ordinary run over its share
//! of the inputs.

pub mod finalize;
mod flags;
mod keys;
pub mod remote;
pub mod shard;

pub use flags::FlagChange;
