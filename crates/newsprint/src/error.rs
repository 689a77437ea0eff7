//! Library error type. The binary wraps these in `anyhow` at its edge.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {}", path.display(), crate::input::io_message(source))]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A pipeline file that cannot be used; the message names the file, line and key.
    #[error("{0}")]
    Config(String),
    #[error("parquet error in {path}: {source}")]
    Parquet {
        path: PathBuf,
        #[source]
        source: parquet::errors::ParquetError,
    },
    #[error("arrow conversion for table {table}: {message}")]
    Arrow {
        table: &'static str,
        message: String,
    },
    #[error(
        "stage {stage} needs the output of stage {needs}, which is missing in {dir}: run it first"
    )]
    MissingStageOutput {
        stage: &'static str,
        needs: &'static str,
        dir: PathBuf,
    },
    #[error(
        "{dataset} is being written by another newsprint run ({holder}): wait for it to finish, then run again"
    )]
    Locked { dataset: PathBuf, holder: String },
    #[error(
        "interrupted: nothing was published, the previous dataset is unchanged; run again to finish"
    )]
    Interrupted,
    #[error("{0}")]
    Other(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
