//! Parquet files in and out: fixed writer properties so that the same rows give the same bytes.

use std::fs::File;
use std::path::{Path, PathBuf};

use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;

use crate::error::{Error, Result};
use crate::schema::{SCHEMA_VERSION, Table, from_batch, to_batch};

/// Rows per Arrow batch and per row group: small enough that a batch of bodies stays a few MB.
pub const ROWS_PER_GROUP: usize = 4096;

fn writer_properties(table: &str, zstd_level: i32) -> Result<WriterProperties> {
    let level = ZstdLevel::try_new(zstd_level)
        .map_err(|e| Error::Other(format!("zstd level {zstd_level}: {e}")))?;
    Ok(WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
        // A fixed creator string: the default names the parquet version, which is fine, but
        // nothing time- or host-dependent may reach the file.
        .set_created_by("newsprint".to_owned())
        .set_key_value_metadata(Some(vec![
            KeyValue::new("newsprint.schema_version".into(), SCHEMA_VERSION.to_owned()),
            KeyValue::new("newsprint.table".into(), table.to_owned()),
        ]))
        .build())
}

/// Writes `rows` to `path` as one Parquet file (also when empty, so readers see the schema).
pub fn write_rows<T: Table>(path: &Path, rows: &[T], zstd_level: i32) -> Result<()> {
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    let pq = |source| Error::Parquet {
        path: path.to_owned(),
        source,
    };
    let mut writer = ArrowWriter::try_new(
        file,
        T::schema(),
        Some(writer_properties(T::NAME, zstd_level)?),
    )
    .map_err(pq)?;
    for chunk in rows.chunks(ROWS_PER_GROUP) {
        writer.write(&to_batch(chunk)?).map_err(pq)?;
    }
    writer.close().map_err(pq)?;
    Ok(())
}

/// The `part-*.parquet` files of a table folder, in name order.
pub fn part_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut parts = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let is_part = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("part-") && n.ends_with(".parquet"));
        if is_part {
            parts.push(path);
        }
    }
    parts.sort();
    Ok(parts)
}

pub fn read_rows<T: Table>(path: &Path) -> Result<Vec<T>> {
    let pq = |source| Error::Parquet {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(pq)?
        .with_batch_size(ROWS_PER_GROUP)
        .build()
        .map_err(pq)?;
    let mut rows = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| pq(e.into()))?;
        rows.extend(from_batch::<T>(&batch)?);
    }
    Ok(rows)
}

/// Reads every part file of a table folder, in part order.
pub fn read_table<T: Table>(dir: &Path) -> Result<Vec<T>> {
    let mut rows = Vec::new();
    for part in part_files(dir)? {
        rows.extend(read_rows::<T>(&part)?);
    }
    Ok(rows)
}
