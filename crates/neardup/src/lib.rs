//! Near-duplicate articles: the same story republished with a new headline, a trimmed tail,
//! an agency byline or a few words changed.
//!
//! The method, in order:
//! 1. **Normalise** the body ([`normalize`]): drop the lines newsrooms add to syndicated
//!    copies (bylines, "Read more", share bars, agency credits, a leading "(Reuters) -"
//!    dateline); lowercase words only.
//! 2. **Shingle**: every run of [`Params::shingle`] words *within a paragraph* (so reordered
//!    paragraphs keep their shingles), hashed once from the words' xxh3 hashes. The shingle
//!    hashes are kept for the exact containment check.
//! 3. **MinHash**: [`Params::bands`] × [`Params::rows`] values by one-permutation hashing
//!    with optimal densification ([`sketch`]): one hash a shingle, not one a value.
//! 4. **LSH**: one bucket key per band (the hash of its rows), plus one bucket on the first
//!    [`Params::lead_words`] words of the body (a copy with its tail trimmed keeps its lead).
//!    Articles sharing a bucket are candidate pairs.
//! 5. **Confirm** a candidate when the MinHash Jaccard estimate reaches
//!    [`Params::threshold`], or when the shorter's shingles are at least
//!    [`Params::containment`] contained in the longer's (exact, from the sorted sets).
//! 6. **Union** the confirmed pairs; the representative of a cluster is its earliest
//!    published article, ties (and undated articles, which come last) by id. Each article
//!    gets the representative's id as its cluster id and its estimated similarity to it.
//!
//! Every step is deterministic: sketches are computed in parallel but kept in input order,
//! and candidate pairs are sorted before they are confirmed and joined, so the clusters are
//! the same at any thread count.

pub mod bench;
pub mod normalize;

use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// The detector's parameters: the pipeline file's `[neardup]` section when wired in.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Words per shingle.
    pub shingle: usize,
    /// LSH bands.
    pub bands: usize,
    /// MinHash values per band; `bands * rows` values in all.
    pub rows: usize,
    /// A candidate pair is confirmed when the MinHash Jaccard estimate reaches this.
    pub threshold: f64,
    /// ... or when this share of the shorter article's shingles is in the longer one.
    pub containment: f64,
    /// The containment rule needs at least this many shingles in the shorter article.
    pub min_containment_shingles: usize,
    /// Keep one shingle hash in this many for the containment rule (a power of two; 1:
    /// all). The sample is consistent (chosen by hash bits), so the containment of two
    /// samples estimates the containment of the sets, at a fraction of the memory.
    pub containment_sample: usize,
    /// Words of the body's start that make the extra lead bucket (0: no lead bucket).
    pub lead_words: usize,
    /// A bucket with more members than this links each to its first member only.
    pub max_bucket_pairs: usize,
    /// Rows of a second, looser band layout over the same values (`bands * rows /
    /// loose_rows` bands; 0: none): candidates for copies with words changed, whose
    /// 5-word-shingle Jaccard falls near 0.5, which few 8-row bands catch.
    pub loose_rows: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            shingle: 5,
            bands: 14,
            rows: 8,
            threshold: 0.5,
            containment: 0.9,
            min_containment_shingles: 10,
            containment_sample: 4,
            lead_words: 20,
            max_bucket_pairs: 64,
            loose_rows: 0,
        }
    }
}

impl Params {
    /// MinHash values per sketch.
    pub fn num_perm(&self) -> usize {
        self.bands * self.rows
    }

    /// The probability that a pair of Jaccard similarity `j` shares at least one band.
    pub fn collision_probability(&self, j: f64) -> f64 {
        1.0 - (1.0 - j.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// What the detector keeps of one article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch {
    /// `bands * rows` MinHash values (u32::MAX each for an article without words).
    pub minhash: Vec<u32>,
    /// How many shingles the article has (with repeats).
    pub shingle_count: u32,
    /// The article's shingle hashes (or the sample of them that
    /// [`Params::containment_sample`] keeps), in text order; sorted only when a containment
    /// check needs them.
    pub shingles: Vec<u64>,
    /// The hash of the body's first `lead_words` words, when it has that many.
    pub lead: Option<u64>,
}

impl Sketch {
    /// Whether the article had no words to compare.
    pub fn is_empty(&self) -> bool {
        self.shingle_count == 0
    }

    /// The MinHash estimate of the Jaccard similarity with `other`.
    pub fn jaccard(&self, other: &Sketch) -> f64 {
        if self.is_empty() || other.is_empty() || self.minhash.len() != other.minhash.len() {
            return 0.0;
        }
        let same = self
            .minhash
            .iter()
            .zip(&other.minhash)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / self.minhash.len() as f64
    }

    /// The share of the smaller shingle set found in the larger one (exact).
    pub fn containment(&self, other: &Sketch) -> f64 {
        let set = |s: &Sketch| {
            let mut v = s.shingles.clone();
            v.sort_unstable();
            v.dedup();
            v
        };
        let (a, b) = (set(self), set(other));
        let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        if small.is_empty() {
            return 0.0;
        }
        let (mut i, mut j, mut shared) = (0, 0, 0usize);
        while i < small.len() && j < large.len() {
            match small[i].cmp(&large[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        shared as f64 / small.len() as f64
    }

    /// The number of distinct shingles.
    pub fn distinct_shingles(&self) -> usize {
        let mut v = self.shingles.clone();
        v.sort_unstable();
        v.dedup();
        v.len()
    }
}

const SHINGLE_SEED: u64 = 0x6e65_6172_6475_7032;
const LEAD_SEED: u64 = 0x6e65_6172_6475_7033;
const BAND_SEED: u64 = 0x6e65_6172_6475_7034;

/// A strong 64-bit finaliser (splitmix64's).
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of a run of word hashes: each word rotated by its place (so order counts),
/// XOR-ed, then mixed once.
#[inline(always)]
fn shingle_hash(words: &[u64]) -> u64 {
    let mut h = SHINGLE_SEED ^ words.len() as u64;
    for (i, &w) in words.iter().enumerate() {
        h ^= w.rotate_left(13 * i as u32);
    }
    mix64(h)
}

/// Where an empty bin borrows its value: for bin `i`, the fixed probe sequence of
/// "optimal densification" (Shrivastava, ICML 2017). The same for every article, so two
/// articles with the same shingles borrow the same values.
const PROBES: usize = 16;
fn probe(bin: usize, attempt: usize, bins: usize) -> usize {
    (mix64((bin as u64) << 8 | attempt as u64) % bins as u64) as usize
}

/// Computes one article's sketch from its body.
///
/// The values are one-permutation MinHash (Li, Owen and Zhang, NIPS 2012) with optimal
/// densification: each distinct shingle hash is hashed once; its top bits choose one of
/// the `bands * rows` bins and its low 32 bits compete for that bin's minimum; an empty bin
/// (a short article) takes the value of the first non-empty bin on its fixed probe
/// sequence. Two articles' values agree in a bin with probability their Jaccard
/// similarity, as with `bands * rows` separate permutations, at the cost of one hash a
/// shingle instead of `bands * rows`.
pub fn sketch(body: &str, params: &Params) -> Sketch {
    let k = params.shingle.max(1);
    let bins = params.num_perm().max(1);
    let mut shingles: Vec<u64> = Vec::with_capacity(body.len() / 5);
    let mut lead = Vec::with_capacity(params.lead_words);
    let mut paragraph: Vec<u64> = Vec::new();
    let emit = |paragraph: &mut Vec<u64>, shingles: &mut Vec<u64>| {
        if paragraph.is_empty() {
            return;
        }
        // A paragraph shorter than a shingle is one shingle of its own.
        if paragraph.len() <= k {
            shingles.push(shingle_hash(paragraph));
        } else {
            shingles.extend(paragraph.windows(k).map(shingle_hash));
        }
        paragraph.clear();
    };
    normalize::visit_hashes(body, |w| match w {
        Some(h) => {
            if lead.len() < params.lead_words {
                lead.push(h);
            }
            paragraph.push(h);
        }
        None => emit(&mut paragraph, &mut shingles),
    });
    emit(&mut paragraph, &mut shingles);
    let sample = params.containment_sample.max(1).next_power_of_two() as u64;
    let mut minhash = vec![u32::MAX; bins];
    let mut filled = vec![false; bins];
    for &s in &shingles {
        let bin = (((s >> 32) * bins as u64) >> 32) as usize;
        let v = s as u32;
        filled[bin] = true;
        if v < minhash[bin] {
            minhash[bin] = v;
        }
    }
    if !shingles.is_empty() {
        for i in 0..bins {
            if filled[i] {
                continue;
            }
            let from = (0..PROBES)
                .map(|t| probe(i, t, bins))
                .find(|&j| filled[j])
                .or_else(|| (1..bins).map(|d| (i + d) % bins).find(|&j| filled[j]));
            if let Some(j) = from {
                minhash[i] = minhash[j];
            }
        }
    }
    let lead = (params.lead_words > 0 && lead.len() == params.lead_words).then(|| {
        let bytes: Vec<u8> = lead.iter().flat_map(|h| h.to_le_bytes()).collect();
        xxh3_64_with_seed(&bytes, LEAD_SEED)
    });
    let shingle_count = shingles.len() as u32;
    if sample > 1 {
        // Bits the bins (top 32) and the values (low 32) use less visibly: 16 and up.
        shingles.retain(|h| (h >> 16) & (sample - 1) == 0);
        shingles.shrink_to_fit();
    }
    Sketch {
        minhash,
        shingle_count,
        shingles,
        lead,
    }
}

/// Computes the sketches of many bodies in parallel, in input order.
pub fn sketches<S: AsRef<str> + Sync>(bodies: &[S], params: &Params) -> Vec<Sketch> {
    bodies
        .par_iter()
        .map(|b| sketch(b.as_ref(), params))
        .collect()
}

/// One article to cluster.
#[derive(Clone, Debug)]
pub struct Article<'a> {
    pub id: &'a str,
    /// Publication time in any monotone unit (seconds, days); `None` sorts after every date.
    pub published: Option<i64>,
    pub body: &'a str,
}

/// The detector's answer for one article.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// The id of the cluster's representative (the article's own id when it has no copy).
    pub cluster_id: String,
    /// The MinHash estimate of the Jaccard similarity with the representative (1 for itself).
    pub similarity: f32,
}

/// Bucket keys of one sketch: one per band, then the lead bucket. With these alone (not the
/// sketches) a join finds its candidate pairs ([`pairs_from_buckets`]).
pub fn bucket_keys(s: &Sketch, params: &Params) -> Vec<u64> {
    let mut keys = Vec::with_capacity(params.bands + 1);
    if s.is_empty() {
        return keys;
    }
    // The band number is in the key, so two bands never share a bucket.
    let band_key = |seed: u64, rows: &[u32]| {
        let mut h = seed;
        for pair in rows.chunks(2) {
            let v = u64::from(pair[0]) | pair.get(1).map_or(0, |&b| u64::from(b) << 32);
            h = (h ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(31);
        }
        mix64(h ^ rows.len() as u64)
    };
    for (b, rows) in s.minhash.chunks(params.rows).enumerate() {
        keys.push(band_key(BAND_SEED.wrapping_add(b as u64), rows));
    }
    if params.loose_rows > 0 {
        for (b, rows) in s.minhash.chunks_exact(params.loose_rows).enumerate() {
            keys.push(band_key(!BAND_SEED.wrapping_add(b as u64), rows));
        }
    }
    if let Some(lead) = s.lead {
        keys.push(xxh3_64(&lead.to_le_bytes()) ^ 0x4c45_4144);
    }
    keys
}

/// The candidate pairs: articles sharing a bucket, each pair once, sorted.
pub fn candidate_pairs(sketches: &[Sketch], params: &Params) -> Vec<(u32, u32)> {
    let entries: Vec<(u64, u32)> = sketches
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, s)| {
            bucket_keys(s, params)
                .into_iter()
                .map(move |k| (k, i as u32))
        })
        .collect();
    pairs_from_buckets(entries, params)
}

/// The candidate pairs from (bucket key, article) entries: articles sharing a bucket, each
/// pair once, sorted. A bucket larger than `max_bucket_pairs` links each member to its
/// first (smallest index) only.
pub fn pairs_from_buckets(mut entries: Vec<(u64, u32)>, params: &Params) -> Vec<(u32, u32)> {
    entries.par_sort_unstable();
    entries.dedup();
    let mut pairs = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let key = entries[start].0;
        let mut end = start + 1;
        while end < entries.len() && entries[end].0 == key {
            end += 1;
        }
        let members = &entries[start..end];
        if members.len() <= params.max_bucket_pairs {
            for (a, x) in members.iter().enumerate() {
                for y in &members[a + 1..] {
                    pairs.push((x.1, y.1));
                }
            }
        } else {
            for y in &members[1..] {
                pairs.push((members[0].1, y.1));
            }
        }
        start = end;
    }
    drop(entries);
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// Whether a candidate pair is a near-duplicate.
pub fn confirm(a: &Sketch, b: &Sketch, params: &Params) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.jaccard(b) >= params.threshold {
        return true;
    }
    let sample = params.containment_sample.max(1).next_power_of_two();
    let least = (params.min_containment_shingles / sample).max(3);
    a.shingle_count.min(b.shingle_count) as usize >= params.min_containment_shingles
        && a.shingles.len().min(b.shingles.len()) >= least
        && a.distinct_shingles().min(b.distinct_shingles()) >= least
        && a.containment(b) >= params.containment
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

/// Clusters articles from their sketches; `order[i]` is article i's (published, id) rank
/// key and `ids[i]` its id.
pub fn cluster_sketches(
    ids: &[&str],
    published: &[Option<i64>],
    sketches: &[Sketch],
    params: &Params,
) -> Vec<Assignment> {
    cluster_sketches_linked(ids, published, sketches, params, &[])
}

/// [`cluster_sketches`], with pairs known to be copies (`links`, positions in the input:
/// exact duplicates flagged by URL or text) joined whatever their sketches say.
pub fn cluster_sketches_linked(
    ids: &[&str],
    published: &[Option<i64>],
    sketches: &[Sketch],
    params: &Params,
    links: &[(u32, u32)],
) -> Vec<Assignment> {
    assert_eq!(sketches.len(), ids.len());
    let candidates = candidate_pairs(sketches, params);
    cluster_pairs_linked(
        ids,
        published,
        &|i| sketches.get(i as usize),
        &candidates,
        params,
        links,
    )
}

/// The clustering of [`cluster_sketches_linked`] from candidate pairs already found
/// ([`pairs_from_buckets`]), for a join that does not hold every sketch: `sketch(i)` needs
/// to answer only for the articles of a candidate pair or a link (an article in no pair is
/// its own cluster, and its sketch is never asked for).
pub fn cluster_pairs_linked<'s>(
    ids: &[&str],
    published: &[Option<i64>],
    sketch: &(dyn Fn(u32) -> Option<&'s Sketch> + Sync),
    candidates: &[(u32, u32)],
    params: &Params,
    links: &[(u32, u32)],
) -> Vec<Assignment> {
    let n = ids.len();
    assert_eq!(published.len(), n);
    let confirmed: Vec<(u32, u32)> = candidates
        .par_iter()
        .copied()
        .filter(|&(a, b)| match (sketch(a), sketch(b)) {
            (Some(x), Some(y)) => confirm(x, y, params),
            _ => false,
        })
        .collect();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    for (a, b) in confirmed.into_iter().chain(links.iter().copied()) {
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            parent[hi as usize] = lo;
        }
    }
    // The representative of each root: earliest published, then smallest id.
    let rank = |i: usize| (published[i].unwrap_or(i64::MAX), ids[i]);
    let mut rep: Vec<u32> = (0..n as u32).collect();
    for i in 0..n {
        let root = find(&mut parent, i as u32) as usize;
        if rank(i) < rank(rep[root] as usize) {
            rep[root] = i as u32;
        }
    }
    (0..n)
        .into_par_iter()
        .map(|i| {
            let root = {
                // `find` without compression: parent is read-only here.
                let mut x = i;
                while parent[x] as usize != x {
                    x = parent[x] as usize;
                }
                x
            };
            let r = rep[root] as usize;
            let similarity = if r == i {
                1.0
            } else {
                match (sketch(i as u32), sketch(r as u32)) {
                    (Some(a), Some(b)) => a.jaccard(b) as f32,
                    _ => 0.0,
                }
            };
            Assignment {
                cluster_id: ids[r].to_owned(),
                similarity,
            }
        })
        .collect()
}

/// Clusters articles: one [`Assignment`] per article, in input order.
pub fn cluster(articles: &[Article<'_>], params: &Params) -> Vec<Assignment> {
    let bodies: Vec<&str> = articles.iter().map(|a| a.body).collect();
    let sketches = sketches(&bodies, params);
    let ids: Vec<&str> = articles.iter().map(|a| a.id).collect();
    let published: Vec<Option<i64>> = articles.iter().map(|a| a.published).collect();
    cluster_sketches(&ids, &published, &sketches, params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_s_curve_of_14_by_8_turns_near_07() {
        let p = Params::default();
        assert_eq!(p.num_perm(), 112);
        // Half the pairs at Jaccard 0.685 share a band; (1/14)^(1/8) = 0.72 is the usual
        // rule of thumb.
        assert!((p.collision_probability(0.685) - 0.5).abs() < 0.01);
        assert!(p.collision_probability(0.5) < 0.06);
        assert!(p.collision_probability(0.8) > 0.9);
        assert!(p.collision_probability(0.9) > 0.99);
    }

    #[test]
    fn identical_bodies_have_identical_sketches_and_estimate_one() {
        let p = Params::default();
        let body =
            "The harbour wall was repaired on Monday after the storm.\n\nThe council paid for it.";
        let a = sketch(body, &p);
        assert_eq!(a, sketch(body, &p));
        assert_eq!(a.jaccard(&a), 1.0);
        assert_eq!(a.containment(&a), 1.0);
        assert!(a.lead.is_none(), "fewer than 20 words: no lead bucket");
    }

    #[test]
    fn empty_bodies_are_never_duplicates() {
        let p = Params::default();
        let a = sketch("", &p);
        assert!(a.is_empty());
        assert!(!confirm(&a, &a, &p));
    }
}
