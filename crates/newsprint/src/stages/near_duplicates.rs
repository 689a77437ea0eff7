//! The `near_duplicates` table: the corpus-wide join of every article's sketch (normalize's
//! `neardup_sketch` output), never of the text. One function, [`near_duplicate_rows`], makes
//! it for a single run (at publish) and for a sharded one (at finalize).

use std::collections::HashMap;
use std::path::Path;

use crate::config::NormalizeConfig;
use crate::error::Result;
use crate::model::{DuplicateKey, NearDuplicate, NeardupSketch};
use crate::neardup::{Params, cluster_sketches_linked};
use crate::parquet_io::read_rows;
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
    let position: HashMap<&str, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i as u32))
        .collect();
    let mut links: Vec<(u32, u32)> = copies
        .iter()
        .filter_map(|(a, b)| Some((*position.get(a.as_str())?, *position.get(b.as_str())?)))
        .collect();
    links.sort_unstable();
    let sketches: Vec<crate::neardup::Sketch> = sketches
        .into_iter()
        .map(NeardupSketch::into_sketch)
        .collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let assigned = cluster_sketches_linked(&id_refs, &published, &sketches, params, &links);
    let mut sizes: HashMap<&str, i32> = HashMap::new();
    for a in &assigned {
        *sizes.entry(a.cluster_id.as_str()).or_insert(0) += 1;
    }
    let sizes: HashMap<String, i32> = sizes.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
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

/// The table of a single run, from the `parts` parts of normalize's output in `dir`.
pub fn from_normalize_output(
    dir: &Path,
    parts: usize,
    cfg: &NormalizeConfig,
    params: &Params,
) -> Result<Vec<NearDuplicate>> {
    let mut sketches = Vec::new();
    let mut keys = Vec::with_capacity(parts);
    for i in 0..parts {
        sketches.extend(read_rows::<NeardupSketch>(
            &dir.join("neardup_sketch").join(part_name(i)),
        )?);
        keys.push(read_rows::<DuplicateKey>(
            &dir.join("dup_keys").join(part_name(i)),
        )?);
    }
    let copies = exact_copies(keys, cfg);
    Ok(near_duplicate_rows(sketches, &copies, params))
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
}
