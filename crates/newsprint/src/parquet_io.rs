//! Parquet files in and out: fixed writer properties so that the same rows give the same bytes.

use std::fs::File;
use std::path::{Path, PathBuf};

use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReaderBuilder,
};
use parquet::arrow::arrow_writer::{ArrowColumnChunk, compute_leaves};
use parquet::arrow::{ArrowSchemaConverter, ArrowWriter, ProjectionMask};
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::schema::{SCHEMA_VERSION, Table, from_batch, to_batch};

/// A column with fewer bytes than this in a file (as Arrow holds it, before encoding) is
/// written uncompressed: zstd saves next to nothing on it (the published tables of the
/// shared corpora grow by 0.0–0.2%), while parquet makes a zstd compressor and decompressor
/// for every compressed chunk it writes or reads, and each runs `cpuid`, which traps on a
/// virtual machine (about 19 µs a codec here: 3.8% of the BBC text run).
const SMALL_COLUMN_BYTES: usize = 1024;

/// The codec of table `T`'s files: zstd at `zstd_level` for the tables users read; LZ4 for
/// those only the stages read (`Table::STAGE_ONLY`), which are written and read once a run:
/// several times faster than zstd both ways, and its codec costs nothing to make, where
/// each zstd one probes the CPU (see `SMALL_COLUMN_BYTES`). On BBC text the parse stage's
/// folder grows from 1.7 to 2.5 MB.
fn codec_of<T: Table>(zstd_level: i32) -> Result<Compression> {
    if T::STAGE_ONLY {
        return Ok(Compression::LZ4_RAW);
    }
    let level = ZstdLevel::try_new(zstd_level)
        .map_err(|e| Error::Other(format!("zstd level {zstd_level}: {e}")))?;
    Ok(Compression::ZSTD(level))
}

/// The writer settings of table `T`'s files. Dictionary encoding only for the columns `T`
/// names in `Table::DICTIONARY_COLUMNS`: on a column of mostly distinct values (texts, ids,
/// offsets) it interns every value only to fall back to plain, and zstd shrinks the plain
/// values as well or better (BBC text with no dictionaries at all: the run 2.0% faster in one
/// A B B A set; with the larger row groups of `Table::ROWS_PER_GROUP`, the published tables
/// 5.67 → 5.17 MB).
fn writer_properties<T: Table>(
    schema: &arrow::datatypes::Schema,
    codec: Compression,
    uncompressed: &[ColumnPath],
) -> Result<WriterProperties> {
    let mut builder = WriterProperties::builder()
        .set_compression(codec)
        .set_dictionary_enabled(false);
    for column in leaf_paths(schema, T::DICTIONARY_COLUMNS)? {
        builder = builder.set_column_dictionary_enabled(column, true);
    }
    for column in uncompressed {
        builder = builder.set_column_compression(column.clone(), Compression::UNCOMPRESSED);
    }
    Ok(builder
        .set_max_row_group_row_count(Some(T::ROWS_PER_GROUP))
        // A fixed creator string: the default names the parquet version, which is fine, but
        // nothing time- or host-dependent may reach the file.
        .set_created_by("newsprint".to_owned())
        .set_key_value_metadata(Some(vec![
            KeyValue::new("newsprint.schema_version".into(), SCHEMA_VERSION.to_owned()),
            KeyValue::new("newsprint.table".into(), T::NAME.to_owned()),
        ]))
        .build())
}

/// The Parquet columns (leaves) of the top-level fields `names` of `schema`.
fn leaf_paths(schema: &arrow::datatypes::Schema, names: &[&str]) -> Result<Vec<ColumnPath>> {
    let leaves = ArrowSchemaConverter::new()
        .convert(schema)
        .map_err(|e| Error::Other(format!("schema: {e}")))?;
    Ok(leaves
        .columns()
        .iter()
        .map(|c| c.path().clone())
        .filter(|path| {
            path.parts()
                .first()
                .is_some_and(|top| names.contains(&top.as_str()))
        })
        .collect())
}

/// Writes `rows` to `path` as one Parquet file (also when empty, so readers see the schema).
pub fn write_rows<T: Table>(path: &Path, rows: &[T], zstd_level: i32) -> Result<()> {
    let file = File::create(path).map_err(|e| Error::io(path, e))?;
    let pq = |source| Error::Parquet {
        path: path.to_owned(),
        source,
    };
    let schema = T::schema();
    // The row groups as Arrow batches first: which columns are small is known from them.
    let batches: Vec<arrow::array::RecordBatch> = rows
        .par_chunks(T::ROWS_PER_GROUP)
        .map(to_batch)
        .collect::<Result<_>>()?;
    let uncompressed = uncompressed_columns(&schema, &batches, T::HASH_COLUMNS)?;
    let writer = ArrowWriter::try_new(
        file,
        schema.clone(),
        Some(writer_properties::<T>(
            &schema,
            codec_of::<T>(zstd_level)?,
            &uncompressed,
        )?),
    )
    .map_err(pq)?;
    // The row groups are encoded and compressed side by side, then written in order: the
    // bytes are those of one thread, whatever the number of threads.
    let (mut file_writer, groups) = writer.into_serialized_writer().map_err(pq)?;
    let encoded: Vec<Vec<ArrowColumnChunk>> = batches
        .par_iter()
        .enumerate()
        .map(|(g, batch)| -> Result<Vec<ArrowColumnChunk>> {
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

/// The bytes an Arrow array's values, offsets and validity take (its slice of them).
fn arrow_bytes(array: &arrow::array::ArrayRef) -> usize {
    let data = array.to_data();
    data.get_slice_memory_size()
        .unwrap_or_else(|_| data.get_buffer_memory_size())
}

/// The Parquet columns (leaves) written uncompressed: those of the top-level fields that
/// hold fewer than `SMALL_COLUMN_BYTES` in `batches` altogether, and of `hashes`
/// (`Table::HASH_COLUMNS`).
fn uncompressed_columns(
    schema: &arrow::datatypes::Schema,
    batches: &[arrow::array::RecordBatch],
    hashes: &[&str],
) -> Result<Vec<ColumnPath>> {
    let small: Vec<&str> = schema
        .fields()
        .iter()
        .enumerate()
        .filter(|&(i, f)| {
            let bytes: usize = batches.iter().map(|b| arrow_bytes(b.column(i))).sum();
            bytes < SMALL_COLUMN_BYTES || hashes.contains(&f.name().as_str())
        })
        .map(|(_, f)| f.name().as_str())
        .collect();
    leaf_paths(schema, &small)
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

/// Reads only `T`'s columns of a file that holds more (e.g. `ArticleDay` of `articles`): the
/// other columns' pages are never read nor decompressed.
pub fn read_columns<T: Table>(path: &Path) -> Result<Vec<T>> {
    let mut rows = Vec::new();
    for batch in read_column_batches::<T>(path)? {
        rows.extend(from_batch::<T>(&batch)?);
    }
    Ok(rows)
}

/// [`read_columns`] as Arrow batches, in `T`'s column order, for a reader that takes the
/// columns as they are.
pub fn read_column_batches<T: Table>(path: &Path) -> Result<Vec<arrow::array::RecordBatch>> {
    let pq = |source| Error::Parquet {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(pq)?;
    let schema = builder.parquet_schema();
    let wanted: Vec<usize> = T::fields()
        .iter()
        .map(|f| {
            schema
                .root_schema()
                .get_fields()
                .iter()
                .position(|c| c.name() == f.name())
                .ok_or_else(|| {
                    Error::Other(format!(
                        "{}: no column {} (a file of another table?)",
                        path.display(),
                        f.name()
                    ))
                })
        })
        .collect::<Result<_>>()?;
    let mask = ProjectionMask::roots(schema, wanted);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(8192)
        .build()
        .map_err(pq)?;
    reader
        .map(|batch| batch.map_err(|e| pq(e.into())))
        .collect()
}

/// Copies the `T` file `src` to `dst` with the Utf8 column `to` set to `map` of the Utf8
/// column `from`, row by row (`None`: the `from` value itself); writes nothing and returns
/// false when no value changes. Only `from` and `to` are decoded and only `to` is encoded:
/// every other column chunk is copied as it is, compressed bytes and statistics (the corpus entity ids of `mentions` are set this way, without re-encoding the table).
/// `T`'s columns must all be flat (one Parquet leaf each).
pub fn rewrite_column<'m, T: Table>(
    src: &Path,
    dst: &Path,
    from: &str,
    to: &str,
    map: impl Fn(&str) -> Option<&'m str>,
    zstd_level: i32,
) -> Result<bool> {
    use arrow::array::{Array, ArrayRef, StringArray, StringBuilder};
    use parquet::column::writer::ColumnCloseResult;
    let pq = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Parquet { path, source }
    };
    let file = File::open(src).map_err(|e| Error::io(src, e))?;
    let meta = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new()).map_err(pq(src))?;
    let schema = T::schema();
    let (Ok(from_i), Ok(to_i)) = (schema.index_of(from), schema.index_of(to)) else {
        return Err(Error::Other(format!(
            "{}: no column {from} or {to}",
            T::NAME
        )));
    };
    let parquet_schema = meta.metadata().file_metadata().schema_descr_ptr();
    let names: Vec<&str> = parquet_schema.columns().iter().map(|c| c.name()).collect();
    let expected: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    if names != expected {
        return Err(Error::Other(format!(
            "{}: columns {names:?}, not those of {} ({expected:?})",
            src.display(),
            T::NAME
        )));
    }
    // The new column, one array per row group; only the two columns are read.
    let mut changed = false;
    let mut new_columns: Vec<ArrayRef> = Vec::new();
    for g in 0..meta.metadata().num_row_groups() {
        let rows = meta.metadata().row_group(g).num_rows() as usize;
        let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(
            file.try_clone().map_err(|e| Error::io(src, e))?,
            meta.clone(),
        )
        .with_row_groups(vec![g])
        .with_projection(ProjectionMask::roots(&parquet_schema, [from_i, to_i]))
        .with_batch_size(rows.max(1))
        .build()
        .map_err(pq(src))?;
        let mut new = StringBuilder::new();
        for batch in reader {
            let batch = batch.map_err(|e| pq(src)(e.into()))?;
            let strings = |i: usize| {
                batch
                    .column(i)
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .cloned()
                    .ok_or_else(|| Error::Other(format!("{}: not Utf8", src.display())))
            };
            // Projected columns come in file order.
            let (keys, old) = if from_i < to_i {
                (strings(0)?, strings(1)?)
            } else {
                (strings(1)?, strings(0)?)
            };
            for row in 0..keys.len() {
                let key = keys.value(row);
                let value = map(key).unwrap_or(key);
                changed |= old.is_null(row) || old.value(row) != value;
                new.append_value(value);
            }
        }
        new_columns.push(std::sync::Arc::new(new.finish()));
    }
    if !changed {
        return Ok(false);
    }
    // A new file, never one truncated in place: `dst` may be a hard link to a table's part.
    let _ = std::fs::remove_file(dst);
    let out = File::create(dst).map_err(|e| Error::io(dst, e))?;
    // A writer is made for every column, each with its own compressor, but only `to` is
    // encoded; the others are copied with their own codec in their metadata, so theirs is
    // set to none here and no compressor is made for them (making one is not cheap: zstd
    // probes the CPU each time, which traps on a virtual machine).
    // `to` itself is compressed as `write_rows` would: not when it is small (the columns
    // rewritten are ids, never `Table::HASH_COLUMNS`).
    let to_bytes: usize = new_columns.iter().map(arrow_bytes).sum();
    let to_is_small = to_bytes < SMALL_COLUMN_BYTES;
    let props = expected
        .iter()
        .filter(|name| **name != to || to_is_small)
        .fold(
            writer_properties::<T>(&schema, codec_of::<T>(zstd_level)?, &[])?.into_builder(),
            |props, name| {
                props.set_column_compression(
                    parquet::schema::types::ColumnPath::from(*name),
                    Compression::UNCOMPRESSED,
                )
            },
        )
        .build();
    let writer = ArrowWriter::try_new(out, schema.clone(), Some(props)).map_err(pq(dst))?;
    let (mut file_writer, groups) = writer.into_serialized_writer().map_err(pq(dst))?;
    for (g, array) in new_columns.iter().enumerate() {
        let Some(mut column) = groups
            .create_column_writers(g)
            .map_err(pq(dst))?
            .into_iter()
            .nth(to_i)
        else {
            return Err(Error::Other(format!("{}: no writer for {to}", T::NAME)));
        };
        for leaf in compute_leaves(schema.field(to_i), array).map_err(pq(dst))? {
            column.write(&leaf).map_err(pq(dst))?;
        }
        let mut encoded = Some(column.close().map_err(pq(dst))?);
        let source = meta.metadata().row_group(g);
        let mut row_group = file_writer.next_row_group().map_err(pq(dst))?;
        for (c, chunk) in source.columns().iter().enumerate() {
            if c == to_i {
                if let Some(encoded) = encoded.take() {
                    encoded
                        .append_to_row_group(&mut row_group)
                        .map_err(pq(dst))?;
                }
                continue;
            }
            let close = ColumnCloseResult {
                bytes_written: chunk.compressed_size() as u64,
                rows_written: source.num_rows() as u64,
                metadata: chunk.clone(),
                bloom_filter: None,
                // The copied chunks go without a page index (readers then read whole
                // chunks); their statistics stay in the chunk metadata.
                column_index: None,
                offset_index: None,
            };
            row_group.append_column(&file, close).map_err(pq(dst))?;
        }
        row_group.close().map_err(pq(dst))?;
    }
    file_writer.close().map_err(pq(dst))?;
    Ok(true)
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
                corpus_entity_id: format!("{:016x}", i % 1_000_003),
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

    #[test]
    fn a_rewritten_column_reads_back_with_every_other_column_as_it_was() {
        let rows = entities(2 * ArticleEntity::ROWS_PER_GROUP + 808);
        let dir = tempfile::tempdir().unwrap();
        let (src, dst) = (
            dir.path().join("src.parquet"),
            dir.path().join("dst.parquet"),
        );
        write_rows(&src, &rows, 3).unwrap();
        let joined = "00000000000000aa";
        let map = |id: &str| id.ends_with('1').then_some(joined);
        assert!(
            rewrite_column::<ArticleEntity>(&src, &dst, "entity_id", "corpus_entity_id", map, 3)
                .unwrap()
        );
        let expected: Vec<ArticleEntity> = rows
            .iter()
            .cloned()
            .map(|mut r| {
                r.corpus_entity_id = map(&r.entity_id).unwrap_or(&r.entity_id).to_owned();
                r
            })
            .collect();
        assert_eq!(read_rows::<ArticleEntity>(&dst).unwrap(), expected);
        // Set once, the column is what the map gives: a second pass changes nothing.
        let again = dir.path().join("again.parquet");
        assert!(
            !rewrite_column::<ArticleEntity>(&dst, &again, "entity_id", "corpus_entity_id", map, 3)
                .unwrap()
        );
        assert!(!again.exists());
    }

    /// The column chunks of the file's first row group.
    fn first_group(path: &Path) -> Vec<parquet::file::metadata::ColumnChunkMetaData> {
        let reader = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
        reader.metadata().row_group(0).columns().to_vec()
    }

    /// Each column chunk's codec, by column name, in the file's first row group.
    fn codecs(path: &Path) -> Vec<(String, Compression)> {
        first_group(path)
            .iter()
            .map(|c| (c.column_path().string(), c.compression()))
            .collect()
    }

    /// The labels and counts a table declares are dictionary-encoded; the ids, names and
    /// offsets (mostly distinct) are written plain, also by a column rewrite.
    #[test]
    fn only_the_declared_columns_are_dictionary_encoded() {
        let dir = tempfile::tempdir().unwrap();
        let rows = entities(1000);
        let path = dir.path().join("entities.parquet");
        write_rows(&path, &rows, 3).unwrap();
        let rewritten = dir.path().join("rewritten.parquet");
        let map = |id: &str| id.ends_with('1').then_some("00000000000000aa");
        assert!(
            rewrite_column::<ArticleEntity>(
                &path,
                &rewritten,
                "entity_id",
                "corpus_entity_id",
                map,
                3
            )
            .unwrap()
        );
        for file in [&path, &rewritten] {
            let columns = first_group(file);
            assert_eq!(columns.len(), ArticleEntity::fields().len());
            for column in columns {
                let name = column.column_path().string();
                assert_eq!(
                    column.dictionary_page_offset().is_some(),
                    ArticleEntity::DICTIONARY_COLUMNS.contains(&name.as_str()),
                    "{}: {name}",
                    file.display()
                );
            }
        }
        assert_eq!(read_rows::<ArticleEntity>(&path).unwrap(), rows);
    }

    /// Sketches (a table only the stages read): their hash columns are written uncompressed
    /// however large, the id with LZ4, not zstd, and the rows read back alike.
    #[test]
    fn hash_columns_are_written_uncompressed_and_read_back_alike() {
        let dir = tempfile::tempdir().unwrap();
        // 200 rows: `lead` and `published_at` (1,600 bytes each) are over the small-column
        // threshold, `shingle_count` (800) under it.
        let sketches: Vec<crate::model::NeardupSketch> = (0..200u32)
            .map(|i| crate::model::NeardupSketch {
                article_id: format!("article-{i:04}-of-the-sketch-test"),
                published_at: Some(1_700_000_000_000_000 + i64::from(i)),
                minhash: (0..112)
                    .map(|k: u32| k.wrapping_mul(2_654_435_761) ^ i)
                    .collect(),
                lead: Some(u64::from(i).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                shingle_count: 400 + i,
                shingle_sample: (0..64)
                    .map(|k: u64| k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
                    .collect(),
            })
            .collect();
        let path = dir.path().join("sketch.parquet");
        write_rows(&path, &sketches, 1).unwrap();
        for (column, codec) in codecs(&path) {
            let hashed = ["minhash", "lead", "shingle_sample"]
                .iter()
                .any(|h| column.starts_with(h));
            let small = column == "shingle_count";
            assert_eq!(
                codec == Compression::UNCOMPRESSED,
                hashed || small,
                "{column}: {codec:?}"
            );
            if !(hashed || small) {
                assert_eq!(codec, Compression::LZ4_RAW, "{column}");
            }
        }
        assert_eq!(
            read_rows::<crate::model::NeardupSketch>(&path).unwrap(),
            sketches
        );
    }

    #[test]
    fn small_columns_are_written_uncompressed_and_read_back_alike() {
        let dir = tempfile::tempdir().unwrap();
        // Three rows: every column is under the threshold.
        let few = entities(3);
        let path = dir.path().join("few.parquet");
        write_rows(&path, &few, 3).unwrap();
        assert!(
            codecs(&path)
                .iter()
                .all(|(_, c)| *c == Compression::UNCOMPRESSED)
        );
        assert_eq!(read_rows::<ArticleEntity>(&path).unwrap(), few);
        // A hundred rows: the short words and the integers are under the threshold (as
        // Arrow holds them: 400 bytes of i32, or offsets and 3-letter words), the ids and
        // names over it.
        let many = entities(100);
        let path = dir.path().join("many.parquet");
        write_rows(&path, &many, 3).unwrap();
        for (column, codec) in codecs(&path) {
            let small = ["entity_type", "mention_count", "first_char"].contains(&column.as_str());
            assert!(
                if small {
                    codec == Compression::UNCOMPRESSED
                } else {
                    matches!(codec, Compression::ZSTD(_))
                },
                "{column}: {codec:?}"
            );
        }
        assert_eq!(read_rows::<ArticleEntity>(&path).unwrap(), many);
        // A rewritten column gets the codec a full write would give it.
        let dst = dir.path().join("rewritten.parquet");
        let map = |_: &str| Some("");
        assert!(
            rewrite_column::<ArticleEntity>(&path, &dst, "entity_id", "corpus_entity_id", map, 3)
                .unwrap()
        );
        let mut expected = many.clone();
        for r in &mut expected {
            r.corpus_entity_id = String::new();
        }
        let full = dir.path().join("full.parquet");
        write_rows(&full, &expected, 3).unwrap();
        assert_eq!(codecs(&dst), codecs(&full));
        assert_eq!(read_rows::<ArticleEntity>(&dst).unwrap(), expected);
    }
}
