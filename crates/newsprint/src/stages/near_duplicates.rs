//! The `near_duplicates` table: the corpus-wide join of every article's sketch (normalize's
//! `neardup_sketch` output), never of the text. One function, [`near_duplicate_rows`], makes
//! it for a single run (at publish) and for a sharded one (at finalize).

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use crate::config::NormalizeConfig;
use crate::error::Result;
use crate::model::{DuplicateKey, NearDuplicate, NeardupSketch, SketchKeys};
use crate::neardup::{Params, cluster_pairs_linked, cluster_sketches_linked};
use crate::parquet_io::{read_columns, read_rows};
use crate::stages::normalize::{DuplicateIndex, flag_duplicates};
use crate::stages::part_name;

/// The table from all sketches (in any order) and the exact-duplicate links (article id,
/// the id it is a `duplicate_of`), which join their clusters whatever the sketches say.
/// Rows are sorted by `article_id`; the answer depends on neither the input order nor the
/// thread count.
pub fn near_duplicate_rows(
    mut sketches: Vec<NeardupSketch>,
    copies: &[(String, String)],
    params: &Params,
) -> Vec<NearDuplicate> {
    // Sorted first: the cap on large buckets is the only place order counts.
    sketches.sort_by(|a, b| a.article_id.cmp(&b.article_id));
    let ids: Vec<String> = sketches.iter().map(|s| s.article_id.clone()).collect();
    let published: Vec<Option<i64>> = sketches.iter().map(|s| s.published_at).collect();
    let links = link_positions(&ids, copies);
    let sketches: Vec<crate::neardup::Sketch> = sketches
        .into_iter()
        .map(NeardupSketch::into_sketch)
        .collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let assigned = cluster_sketches_linked(&id_refs, &published, &sketches, params, &links);
    rows_of(ids, assigned)
}

/// The `duplicate_of` links of the articles whose keys are given, in part order: the
/// normalize stage's rule, from the keys only.
pub fn exact_copies(
    keys_in_part_order: impl IntoIterator<Item = Vec<DuplicateKey>>,
    cfg: &NormalizeConfig,
) -> Vec<(String, String)> {
    let mut index = DuplicateIndex::default();
    let mut copies = Vec::new();
    for keys in keys_in_part_order {
        let flags = flag_duplicates(&keys, &mut index, cfg);
        for (k, f) in keys.into_iter().zip(flags) {
            if let Some(of) = f {
                copies.push((k.article_id, of));
            }
        }
    }
    copies
}

/// The table from sketch files (normalize's parts, or the shards' sketch files), in bounded
/// memory: every sketch of a large corpus does not fit at once (about 1.3 KB an article). A
/// first pass keeps each article's id, time and bucket keys only (the minhash values are
/// read, the shingle samples are not); a second keeps the sketches of the articles in a
/// candidate pair or an exact-duplicate link, the few the join compares. The rows are those
/// of [`near_duplicate_rows`] over the same sketches.
pub fn near_duplicate_rows_from_files(
    files: &[PathBuf],
    copies: &[(String, String)],
    params: &Params,
) -> Result<Vec<NearDuplicate>> {
    let mut ids: Vec<String> = Vec::new();
    let mut published: Vec<Option<i64>> = Vec::new();
    let mut entries: Vec<(u64, u32)> = Vec::new();
    for file in files {
        for s in read_columns::<SketchKeys>(file)? {
            let i = ids.len() as u32;
            let sketch = crate::neardup::Sketch {
                minhash: s.minhash,
                shingle_count: s.shingle_count,
                shingles: Vec::new(),
                lead: s.lead,
            };
            entries.extend(
                crate::neardup::bucket_keys(&sketch, params)
                    .into_iter()
                    .map(|k| (k, i)),
            );
            ids.push(s.article_id);
            published.push(s.published_at);
        }
    }
    // Positions in article id order, as `near_duplicate_rows` numbers them (the cap on
    // large buckets keeps the smallest position).
    let mut order: Vec<u32> = (0..ids.len() as u32).collect();
    order.sort_by(|&a, &b| ids[a as usize].cmp(&ids[b as usize]));
    let mut position = vec![0u32; ids.len()];
    for (p, &i) in order.iter().enumerate() {
        position[i as usize] = p as u32;
    }
    for e in &mut entries {
        e.1 = position[e.1 as usize];
    }
    let mut sorted_ids: Vec<String> = Vec::with_capacity(ids.len());
    let mut sorted_published = Vec::with_capacity(ids.len());
    for &i in &order {
        sorted_ids.push(std::mem::take(&mut ids[i as usize]));
        sorted_published.push(published[i as usize]);
    }
    drop((ids, published, order));
    let candidates = crate::neardup::pairs_from_buckets(entries, params);
    let links = link_positions(&sorted_ids, copies);
    let mut needed = vec![false; sorted_ids.len()];
    for &(a, b) in candidates.iter().chain(&links) {
        needed[a as usize] = true;
        needed[b as usize] = true;
    }
    let mut kept: FxHashMap<u32, crate::neardup::Sketch> = FxHashMap::default();
    let mut read = 0usize;
    for file in files {
        for s in read_rows::<NeardupSketch>(file)? {
            let p = position[read];
            read += 1;
            if needed[p as usize] {
                let mut sketch = s.into_sketch();
                sketch.minhash.shrink_to_fit();
                sketch.shingles.shrink_to_fit();
                kept.insert(p, sketch);
            }
        }
    }
    let id_refs: Vec<&str> = sorted_ids.iter().map(String::as_str).collect();
    let assigned = cluster_pairs_linked(
        &id_refs,
        &sorted_published,
        &|i| kept.get(&i),
        &candidates,
        params,
        &links,
    );
    Ok(rows_of(sorted_ids, assigned))
}

/// The exact-duplicate links (article id, the id it is a copy of) as positions in `ids`,
/// sorted; a link to an article not there is left out.
fn link_positions(ids: &[String], copies: &[(String, String)]) -> Vec<(u32, u32)> {
    let position: FxHashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let mut links: Vec<(u32, u32)> = copies
        .iter()
        .filter_map(|(a, b)| Some((*position.get(a.as_str())?, *position.get(b.as_str())?)))
        .collect();
    links.sort_unstable();
    links
}

/// The table's rows: each article with its cluster, and the cluster's size.
fn rows_of(ids: Vec<String>, assigned: Vec<crate::neardup::Assignment>) -> Vec<NearDuplicate> {
    let mut sizes: FxHashMap<&str, i32> = FxHashMap::default();
    for a in &assigned {
        *sizes.entry(a.cluster_id.as_str()).or_insert(0) += 1;
    }
    let sizes: FxHashMap<String, i32> = sizes.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    ids.into_iter()
        .zip(assigned)
        .map(|(article_id, a)| NearDuplicate {
            cluster_size: sizes[&a.cluster_id],
            article_id,
            cluster_id: a.cluster_id,
            similarity: a.similarity,
        })
        .collect()
}

/// The table of a single run, from the `parts` parts of normalize's output in `dir`.
pub fn from_normalize_output(
    dir: &Path,
    parts: usize,
    cfg: &NormalizeConfig,
    params: &Params,
) -> Result<Vec<NearDuplicate>> {
    let mut keys = Vec::with_capacity(parts);
    for i in 0..parts {
        keys.push(read_rows::<DuplicateKey>(
            &dir.join("dup_keys").join(part_name(i)),
        )?);
    }
    let copies = exact_copies(keys, cfg);
    let files: Vec<PathBuf> = (0..parts)
        .map(|i| dir.join("neardup_sketch").join(part_name(i)))
        .collect();
    near_duplicate_rows_from_files(&files, &copies, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(id: &str, published: Option<i64>, body: &str) -> NeardupSketch {
        let params = Params::default();
        let s = crate::neardup::sketch(body, &params);
        NeardupSketch {
            article_id: id.into(),
            published_at: published,
            minhash: s.minhash,
            lead: s.lead,
            shingle_count: s.shingle_count,
            shingle_sample: s.shingles,
        }
    }

    #[test]
    fn rows_do_not_depend_on_input_order_and_copies_fold_in() {
        let story = "The council voted on Tuesday to close the old swimming pool at the end of \
                     the summer, after a report found the roof unsafe and the repairs too costly \
                     for the town to carry out this year.\n\nA new pool is planned for 2028.";
        let other = "Fishermen in the bay landed the largest catch of mackerel for a decade this \
                     week, helped by calm seas and warm water, the harbour office said on Monday.";
        let input = vec![
            sketch("c", Some(30), story),
            sketch("a", Some(20), other),
            sketch("b", Some(10), story),
            sketch(
                "d",
                None,
                "A different text altogether, about a cat that went missing for a week.",
            ),
        ];
        // "d" is a copy of "a" by URL: joined whatever its sketch says.
        let copies = vec![("d".to_owned(), "a".to_owned())];
        let params = Params::default();
        let rows = near_duplicate_rows(input.clone(), &copies, &params);
        let mut reversed = input;
        reversed.reverse();
        assert_eq!(near_duplicate_rows(reversed, &copies, &params), rows);
        let got: Vec<(&str, &str, i32)> = rows
            .iter()
            .map(|r| (r.article_id.as_str(), r.cluster_id.as_str(), r.cluster_size))
            .collect();
        assert_eq!(
            got,
            [("a", "a", 2), ("b", "b", 2), ("c", "b", 2), ("d", "a", 2)]
        );
        assert_eq!(rows[2].similarity, 1.0);
        assert!(rows[3].similarity < 0.5);
    }

    #[test]
    fn the_join_from_files_in_two_passes_gives_the_rows_of_the_join_in_memory() {
        let story = "The council voted on Tuesday to close the old swimming pool at the end of \
                     the summer, after a report found the roof unsafe and the repairs too costly \
                     for the town to carry out this year.\n\nA new pool is planned for 2028.";
        let trimmed = "The council voted on Tuesday to close the old swimming pool at the end of \
                       the summer, after a report found the roof unsafe and the repairs too \
                       costly for the town to carry out this year.";
        let other = "Fishermen in the bay landed the largest catch of mackerel for a decade this \
                     week, helped by calm seas and warm water, the harbour office said on Monday.";
        let first = vec![
            sketch("c", Some(30), story),
            sketch("a", Some(20), other),
            sketch("e", None, ""),
        ];
        let second = vec![
            sketch("b", Some(10), trimmed),
            sketch(
                "d",
                None,
                "A different text altogether, about a cat lost for a week.",
            ),
        ];
        let dir = tempfile::tempdir().unwrap();
        let files = vec![dir.path().join("1.parquet"), dir.path().join("2.parquet")];
        crate::parquet_io::write_rows(&files[0], &first, 3).unwrap();
        crate::parquet_io::write_rows(&files[1], &second, 3).unwrap();
        let copies = vec![("d".to_owned(), "a".to_owned())];
        let params = Params::default();
        let in_memory = near_duplicate_rows([first, second].concat(), &copies, &params);
        let streamed = near_duplicate_rows_from_files(&files, &copies, &params).unwrap();
        assert_eq!(streamed, in_memory);
        let c = streamed.iter().find(|r| r.article_id == "c").unwrap();
        assert_eq!((c.cluster_id.as_str(), c.cluster_size), ("b", 2));
    }
}
