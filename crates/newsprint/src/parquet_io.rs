//! Parquet files in and out: fixed writer properties so that the same rows give the same bytes.

use std::fs::File;
use std::path::{Path, PathBuf};

use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::arrow_writer::{ArrowColumnChunk, compute_leaves};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::schema::{SCHEMA_VERSION, Table, from_batch, to_batch};

fn writer_properties(
    table: &str,
    rows_per_group: usize,
    zstd_level: i32,
) -> Result<WriterProperties> {
    let level = ZstdLevel::try_new(zstd_level)
        .map_err(|e| Error::Other(format!("zstd level {zstd_level}: {e}")))?;
    Ok(WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_max_row_group_row_count(Some(rows_per_group))
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
    let schema = T::schema();
    let writer = ArrowWriter::try_new(
        file,
        schema.clone(),
        Some(writer_properties(T::NAME, T::ROWS_PER_GROUP, zstd_level)?),
    )
    .map_err(pq)?;
    // The row groups are encoded and compressed side by side, then written in order: the
    // bytes are those of one thread, whatever the number of threads.
    let (mut file_writer, groups) = writer.into_serialized_writer().map_err(pq)?;
    let encoded: Vec<Vec<ArrowColumnChunk>> = rows
        .par_chunks(T::ROWS_PER_GROUP)
        .enumerate()
        .map(|(g, chunk)| -> Result<Vec<ArrowColumnChunk>> {
            let batch = to_batch(chunk)?;
            let mut columns = groups.create_column_writers(g).map_err(pq)?;
            let mut next = columns.iter_mut();
            for (field, array) in schema.fields().iter().zip(batch.columns()) {
                for leaf in compute_leaves(field, array).map_err(pq)? {
                    let Some(column) = next.next() else {
                        return Err(Error::Other(format!(
                            "{}: more Arrow leaves than Parquet columns",
                            T::NAME
                        )));
                    };
                    column.write(&leaf).map_err(pq)?;
                }
            }
            columns.into_iter().map(|c| c.close().map_err(pq)).collect()
        })
        .collect::<Result<_>>()?;
    for group in encoded {
        let mut row_group = file_writer.next_row_group().map_err(pq)?;
        for column in group {
            column.append_to_row_group(&mut row_group).map_err(pq)?;
        }
        row_group.close().map_err(pq)?;
    }
    file_writer.close().map_err(pq)?;
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
    let open = || File::open(path).map_err(|e| Error::io(path, e));
    // The footer is read once; each row group is then decoded on its own file handle, side
    // by side, and the groups are concatenated in file order.
    let metadata =
        ArrowReaderMetadata::load(&open()?, ArrowReaderOptions::default()).map_err(pq)?;
    let row_groups = metadata.metadata().num_row_groups();
    let groups: Vec<Vec<T>> = (0..row_groups)
        .into_par_iter()
        .map(|g| -> Result<Vec<T>> {
            let reader =
                ParquetRecordBatchReaderBuilder::new_with_metadata(open()?, metadata.clone())
                    .with_row_groups(vec![g])
                    .with_batch_size(T::ROWS_PER_GROUP)
                    .build()
                    .map_err(pq)?;
            let mut rows = Vec::new();
            for batch in reader {
                let batch = batch.map_err(|e| pq(e.into()))?;
                rows.extend(from_batch::<T>(&batch)?);
            }
            Ok(rows)
        })
        .collect::<Result<_>>()?;
    Ok(groups.into_iter().flatten().collect())
}

/// Reads every part file of a table folder, in part order.
pub fn read_table<T: Table>(dir: &Path) -> Result<Vec<T>> {
    let mut rows = Vec::new();
    for part in part_files(dir)? {
        rows.extend(read_rows::<T>(&part)?);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleEntity;

    fn entities(n: usize) -> Vec<ArticleEntity> {
        (0..n)
            .map(|i| ArticleEntity {
                article_id: format!("{:032x}", i / 7),
                entity_id: format!("{:016x}", i * 2_654_435_761 % 1_000_003),
                canonical: format!("Person {}", i % 977),
                entity_type: ["PER", "ORG", "LOC", "MISC"][i % 4].to_owned(),
                mention_count: (i % 5) as i32 + 1,
                first_char: (i * 13 % 5000) as i32,
            })
            .collect()
    }

    #[test]
    fn row_groups_encoded_on_many_threads_give_the_bytes_of_one() {
        let rows = entities(2 * ArticleEntity::ROWS_PER_GROUP + 808);
        let dir = tempfile::tempdir().unwrap();
        let write_with = |threads: usize| {
            let path = dir.path().join(format!("t{threads}.parquet"));
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| write_rows(&path, &rows, 3))
                .unwrap();
            path
        };
        let one = write_with(1);
        let many = write_with(3);
        assert_eq!(std::fs::read(&one).unwrap(), std::fs::read(&many).unwrap());
        let groups = ParquetRecordBatchReaderBuilder::try_new(File::open(&one).unwrap())
            .unwrap()
            .metadata()
            .num_row_groups();
        assert_eq!(groups, 3);
        // Decoded side by side, the rows come back whole and in order.
        assert_eq!(read_rows::<ArticleEntity>(&many).unwrap(), rows);
    }
}
