//! Distributional word clusters computed from the training text itself
//! (no external data): each frequent word is described by its left and
//! right neighbours among the most frequent context words, and spherical
//! k-means groups words with similar contexts. Cluster ids give rare words
//! (seen a few times, so with poorly trained word weights) the evidence of
//! their frequent look-alikes.

use super::features::corpus_key;
use super::gazetteer::{WORD_SEED, normalize_lower};
use super::hash::{IdMap, hash_bytes};
use super::train::Document;
use rayon::prelude::*;
use std::collections::HashMap;

/// Cluster ids per word key: [fine, coarse], each stored +1 (0 = none).
pub(crate) type ClusterTable = IdMap<u32, [u16; 2]>;

const MIN_FREQ: u32 = 3;
const MAX_VOCAB: usize = 40_000;
const CONTEXT_WORDS: usize = 800;

/// Sparse, L2-normalised context vector.
type SparseVec = Vec<(u32, f32)>;

pub(crate) fn build(docs: &[Document], fine: usize, coarse: usize, iters: usize) -> ClusterTable {
    // Vocabulary by frequency.
    let mut freq: HashMap<String, u32> = HashMap::new();
    for d in docs {
        for s in &d.sentences {
            for t in s {
                *freq.entry(normalize_lower(t)).or_insert(0) += 1;
            }
        }
    }
    let mut vocab: Vec<(String, u32)> = freq.into_iter().filter(|(_, c)| *c >= MIN_FREQ).collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    vocab.truncate(MAX_VOCAB);
    let index: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    let nctx = CONTEXT_WORDS.min(vocab.len());
    // Context counts: dims [0, nctx) = left neighbour, [nctx, 2*nctx) = right.
    let mut counts: Vec<HashMap<u32, u32>> = vec![HashMap::new(); vocab.len()];
    for d in docs {
        for s in &d.sentences {
            let ids: Vec<Option<usize>> = s
                .iter()
                .map(|t| index.get(normalize_lower(t).as_str()).copied())
                .collect();
            for i in 0..ids.len() {
                let Some(w) = ids[i] else { continue };
                if i > 0
                    && let Some(l) = ids[i - 1]
                    && l < nctx
                {
                    *counts[w].entry(l as u32).or_insert(0) += 1;
                }
                if i + 1 < ids.len()
                    && let Some(r) = ids[i + 1]
                    && r < nctx
                {
                    *counts[w].entry((nctx + r) as u32).or_insert(0) += 1;
                }
            }
        }
    }
    let vecs: Vec<SparseVec> = counts
        .into_iter()
        .map(|m| {
            let mut v: SparseVec = m
                .into_iter()
                .map(|(k, c)| (k, (1.0 + c as f32).ln()))
                .collect();
            v.sort_unstable_by_key(|x| x.0);
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-6);
            for x in &mut v {
                x.1 /= norm;
            }
            v
        })
        .collect();
    let dims = 2 * nctx;
    let fine_ids = kmeans(&vecs, dims, fine, iters);
    let coarse_ids = kmeans(&vecs, dims, coarse, iters);
    let mut table = ClusterTable::default();
    for (i, (w, _)) in vocab.iter().enumerate() {
        if vecs[i].is_empty() {
            continue;
        }
        let key = corpus_key(hash_bytes(WORD_SEED, w.as_bytes()));
        table.insert(key, [fine_ids[i] as u16 + 1, coarse_ids[i] as u16 + 1]);
    }
    table
}

/// Spherical k-means, deterministic: centroids start from words spread
/// evenly over the frequency ranking.
fn kmeans(vecs: &[SparseVec], dims: usize, k: usize, iters: usize) -> Vec<usize> {
    let n = vecs.len();
    let k = k.min(n).max(1);
    let mut cent = vec![0f32; k * dims];
    for c in 0..k {
        let src = &vecs[c * n / k];
        for &(d, v) in src {
            cent[c * dims + d as usize] = v;
        }
    }
    let mut assign = vec![0usize; n];
    for _ in 0..iters {
        assign = vecs
            .par_iter()
            .map(|v| {
                let mut best = (f32::NEG_INFINITY, 0);
                for c in 0..k {
                    let row = &cent[c * dims..(c + 1) * dims];
                    let s: f32 = v.iter().map(|&(d, x)| row[d as usize] * x).sum();
                    if s > best.0 {
                        best = (s, c);
                    }
                }
                best.1
            })
            .collect();
        cent.iter_mut().for_each(|x| *x = 0.0);
        for (v, &c) in vecs.iter().zip(&assign) {
            for &(d, x) in v {
                cent[c * dims + d as usize] += x;
            }
        }
        for c in 0..k {
            let row = &mut cent[c * dims..(c + 1) * dims];
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|x| *x /= norm);
            }
        }
    }
    assign
}
