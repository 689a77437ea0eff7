//! The tagger model: hashed feature weights (quantised to i16), BIO
//! transition scores, the corpus case table, Viterbi decoding and the model
//! file format.

use super::clusters::ClusterTable;
use super::features::{
    Extractor, FEATURE_VERSION, NT, OWN_LANES, OWN_SUMS, Scratch, WordTable, word_table,
};
use super::gazetteer::GAZETTEER_VERSION;
use super::hash::IdMap;
use super::{EntityType, NerError};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::Path;

const MAGIC: &[u8; 8] = b"NPNER\x00\x01\x00";

/// Tag ids: 0 = O, 1 + 2k = B-type k, 2 + 2k = I-type k, with types in
/// `EntityType` order (PER, ORG, LOC, MISC).
pub(crate) fn tag_name(t: u8) -> &'static str {
    [
        "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
    ][t as usize]
}

pub(crate) fn parse_tag(s: &str) -> u8 {
    let (prefix, ty) = match s.split_once('-') {
        Some((p, t)) => (p, t),
        None => return 0,
    };
    let k = match ty {
        "PER" | "PERSON" => 0,
        "ORG" | "ORGANIZATION" | "ORGANISATION" => 1,
        "LOC" | "GPE" | "LOCATION" => 2,
        "MISC" | "OTH" | "OTHER" => 3,
        _ => return 0,
    };
    match prefix {
        "B" | "S" => 1 + 2 * k,
        "I" | "E" => 2 + 2 * k,
        _ => 0,
    }
}

/// Can tag `b` follow tag `a` (a = NT means sentence start)? I-X must
/// continue B-X or I-X; invalid paths are excluded from decoding.
#[inline]
pub(crate) fn allowed(a: usize, b: usize) -> bool {
    if b == 0 || b % 2 == 1 {
        return true;
    }
    a != NT && a != 0 && a.div_ceil(2) == b / 2
}

#[derive(Serialize, Deserialize, Clone, Debug)]
pub(crate) struct Header {
    pub(crate) format: u32,
    pub(crate) feature_version: u32,
    pub(crate) gazetteer_version: u32,
    pub(crate) hash_bits: u32,
    pub(crate) n_tags: u32,
    pub(crate) scale: f32,
    pub(crate) two_pass: bool,
    pub(crate) trained_on: Vec<String>,
    pub(crate) notes: String,
}

/// One stage of the tagger: weights for one feature set, as trained or
/// read from a model file (the tagger packs both stages into `Packed`).
pub(crate) struct Stage {
    /// Row-major [bucket][tag], quantised.
    pub(crate) w: Vec<i16>,
    pub(crate) scale: f32,
    /// [prev][cur], prev = NT is the start state.
    pub(crate) trans: Vec<f32>,
}

/// A stage's scale and transition scores; its weights are in `Packed`.
pub(crate) struct Head {
    pub(crate) scale: f32,
    /// [prev][cur], prev = NT is the start state.
    pub(crate) trans: Vec<f32>,
}

/// Lanes of a packed row: stage 1's weights in 0..NT, stage 2's in NT..2*NT,
/// zero padding after.
const LANES: usize = 24;

/// One bucket's weights for both stages, on its own cache line.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Row([i16; LANES]);

/// 64 buckets: which have a non-zero row, and the index of the first one's
/// row in `Packed::rows`.
#[derive(Clone, Copy, Default)]
struct Block {
    bits: u64,
    rank: u32,
}

/// The weights of both stages, only the buckets where either is non-zero
/// (about a third), found through a bitmap with ranks. Compared with two
/// dense [bucket][tag] tables this reads one cache line per feature instead
/// of two or three, the table is 3× smaller (fewer cache and TLB misses), and
/// features whose bucket has no weights cost no memory access at all. Both
/// stages' sums over the first-pass features are taken in one go: the second
/// pass adds only its own features.
pub(crate) struct Packed {
    index: Vec<Block>,
    rows: Vec<Row>,
    /// The CPU has the POPCNT instruction (checked once, when built).
    popcnt: bool,
    /// The CPU has AVX2 (checked once, when built).
    avx2: bool,
    /// Distinct for every table built in this process: the own-feature memo
    /// (`OwnSums`) holds one model's sums and must not serve them to another.
    id: u64,
}

static NEXT_PACKED_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A stage's rows as stored in a model file: ascending bucket indices and
/// their weights (buckets not listed are zero).
pub(crate) struct SparseRows {
    rows: Vec<usize>,
    w: Vec<[i16; NT]>,
}

impl SparseRows {
    fn of_dense(w: &[i16]) -> SparseRows {
        let mut out = SparseRows {
            rows: Vec::new(),
            w: Vec::new(),
        };
        for (b, row) in w.chunks_exact(NT).enumerate() {
            if row.iter().any(|&x| x != 0) {
                out.rows.push(b);
                out.w.push(row.try_into().unwrap());
            }
        }
        out
    }
}

/// Whether the running CPU has the POPCNT instruction.
fn has_popcnt() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("popcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether the running CPU has AVX2.
fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

impl Packed {
    fn build(bits: u32, s1: &SparseRows, s2: Option<&SparseRows>) -> Packed {
        // Both lists ascend: merge them.
        let (a, b) = (&s1.rows, s2.map_or(&[][..], |s| &s.rows[..]));
        let mut buckets: Vec<usize> = Vec::with_capacity(a.len().max(b.len()));
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let x = if j == b.len() || (i < a.len() && a[i] <= b[j]) {
                i += 1;
                a[i - 1]
            } else {
                j += 1;
                b[j - 1]
            };
            if buckets.last() != Some(&x) {
                buckets.push(x);
            }
        }
        let mut rows: Vec<Row> = Vec::with_capacity(buckets.len());
        advise_huge_pages(rows.spare_capacity_mut());
        rows.resize(buckets.len(), Row([0; LANES]));
        let mut index = vec![Block::default(); (1usize << bits).div_ceil(64)];
        for &b in &buckets {
            index[b / 64].bits |= 1 << (b % 64);
        }
        let mut rank = 0;
        for blk in &mut index {
            blk.rank = rank;
            rank += blk.bits.count_ones();
        }
        for (stage, sp) in [Some(s1), s2].into_iter().enumerate() {
            let Some(sp) = sp else { continue };
            let mut at = 0;
            for (&b, w) in sp.rows.iter().zip(&sp.w) {
                while buckets[at] != b {
                    at += 1;
                }
                rows[at].0[stage * NT..stage * NT + NT].copy_from_slice(w);
            }
        }
        Packed {
            index,
            rows,
            popcnt: has_popcnt(),
            avx2: has_avx2(),
            id: NEXT_PACKED_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Replace each token's feature buckets by the indices of their rows,
    /// dropping buckets without weights. Done for the whole document before
    /// any row is read, so that the row loads (mostly cache misses) do not
    /// wait for the index and overlap one another.
    fn resolve(&self, feats: &mut Vec<u32>, offsets: &mut [u32]) {
        #[cfg(target_arch = "x86_64")]
        if self.popcnt {
            // SAFETY: `popcnt` is set only when the running CPU has POPCNT
            // (`has_popcnt`), the one feature `resolve_popcnt` enables.
            unsafe { self.resolve_popcnt(feats, offsets) };
            return;
        }
        self.resolve_impl(feats, offsets);
    }

    /// `resolve` compiled with the POPCNT instruction (the baseline x86-64
    /// target counts bits in software).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    fn resolve_popcnt(&self, feats: &mut Vec<u32>, offsets: &mut [u32]) {
        self.resolve_impl(feats, offsets);
    }

    #[inline(always)]
    fn resolve_impl(&self, feats: &mut Vec<u32>, offsets: &mut [u32]) {
        let mut w = 0usize;
        let mut lo = 0usize;
        for t in 0..offsets.len().saturating_sub(1) {
            let hi = offsets[t + 1] as usize;
            offsets[t] = w as u32;
            for i in lo..hi {
                let b = feats[i];
                let blk = self.index[(b >> 6) as usize];
                let bit = 1u64 << (b & 63);
                feats[w] = blk.rank + (blk.bits & (bit - 1)).count_ones();
                w += (blk.bits & bit != 0) as usize;
            }
            lo = hi;
        }
        if let Some(last) = offsets.last_mut() {
            *last = w as u32;
        }
        feats.truncate(w);
    }

    /// Both stages' sums over one token's feature buckets (`feats` is used up).
    fn sum_token(&self, feats: &mut Vec<u32>) -> [i32; OWN_LANES] {
        let mut offsets = [0, feats.len() as u32];
        self.resolve(feats, &mut offsets);
        let mut acc = [0i32; LANES];
        self.sum(feats, &mut acc);
        std::array::from_fn(|k| acc[k])
    }

    /// Add the rows (indices from `resolve`) into `acc`.
    #[inline(always)]
    fn sum(&self, rows: &[u32], acc: &mut [i32; LANES]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the running CPU has AVX2
            // (`has_avx2`), the one feature `sum_avx2` enables.
            unsafe { self.sum_avx2(rows, acc) };
            return;
        }
        self.sum_impl(rows, acc);
    }

    /// `sum` compiled for AVX2 (a row is 24 lanes: three 8-lane widenings
    /// and adds instead of six 4-lane ones).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn sum_avx2(&self, rows: &[u32], acc: &mut [i32; LANES]) {
        self.sum_impl(rows, acc);
    }

    /// Ask for the rows of the next token while this one's are summed: the row loads are
    /// mostly cache misses, and the sum loop alone keeps few of them in flight.
    #[inline(always)]
    fn prefetch(&self, rows: &[u32]) {
        #[cfg(target_arch = "x86_64")]
        for &r in rows {
            if let Some(row) = self.rows.get(r as usize) {
                // SAFETY: a prefetch reads nothing into the program and cannot fault; the
                // address is that of a live row besides.
                unsafe {
                    std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                        (row as *const Row).cast::<i8>(),
                    )
                };
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = rows;
    }

    #[inline(always)]
    fn sum_impl(&self, rows: &[u32], acc: &mut [i32; LANES]) {
        for &r in rows {
            let r = &self.rows[r as usize];
            for (a, &x) in acc.iter_mut().zip(&r.0) {
                *a += x as i32;
            }
        }
    }

    /// One stage's dense [bucket][tag] table (for writing model files).
    fn dense(&self, stage: usize) -> Vec<i16> {
        let mut w = vec![0i16; self.index.len() * 64 * NT];
        for (bi, blk) in self.index.iter().enumerate() {
            let mut r = blk.rank as usize;
            for k in 0..64 {
                if blk.bits & (1 << k) != 0 {
                    let b = bi * 64 + k;
                    w[b * NT..b * NT + NT]
                        .copy_from_slice(&self.rows[r].0[stage * NT..stage * NT + NT]);
                    r += 1;
                }
            }
        }
        w
    }
}

/// Ask the kernel to back `buf` with 2 MiB pages where it can (on Linux
/// with transparent huge pages in `madvise` mode). Rows are read at random:
/// with 4 KiB pages nearly every read also misses the TLB, and page walks
/// serialise the otherwise overlapping cache misses.
fn advise_huge_pages<T>(buf: &mut [T]) {
    #[cfg(target_os = "linux")]
    {
        let len = std::mem::size_of_val(buf);
        let start = buf.as_mut_ptr() as usize;
        let page = 4096;
        let lo = start.next_multiple_of(page);
        let hi = (start + len) & !(page - 1);
        if hi > lo {
            // SAFETY: madvise only gives the kernel a hint about pages of
            // our own allocation (`lo..hi` lies inside `buf`, page aligned);
            // MADV_HUGEPAGE never changes their contents or mapping rights.
            unsafe {
                libc::madvise(lo as *mut libc::c_void, hi - lo, libc::MADV_HUGEPAGE);
            }
        }
    }
}

/// A trained named-entity tagger.
pub struct Model {
    pub(crate) header: Header,
    pub(crate) stage1: Head,
    /// Second pass using first-pass labels of other occurrences in the document.
    pub(crate) stage2: Option<Head>,
    pub(crate) packed: Packed,
    pub(crate) corpus: IdMap<u32, u8>,
    pub(crate) clusters: ClusterTable,
    /// `corpus` and `clusters` merged, for the feature extractor.
    pub(crate) words: WordTable,
    /// Forbid lowercase content words inside names (default on).
    pub(crate) case_constraint: bool,
}

/// Emission scores for the tokens of a sentence, then Viterbi.
pub(crate) fn viterbi(emit: &[[f32; NT]], trans: &[f32], out: &mut Vec<u8>) {
    viterbi_with(emit, trans, out, &mut Vec::new());
}

/// `viterbi` with a reusable back-pointer buffer. Only `allowed`
/// transitions count: O and B-X follow anything, I-X follows only B-X (tag
/// j - 1) or I-X (j); candidates are tried in increasing order and the
/// first best wins, as in a plain loop over all previous tags.
pub(crate) fn viterbi_with(
    emit: &[[f32; NT]],
    trans: &[f32],
    out: &mut Vec<u8>,
    back: &mut Vec<[u8; NT]>,
) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: `has_avx2` checked that the running CPU has AVX2, the one
        // feature `viterbi_avx2` enables.
        unsafe { viterbi_avx2(emit, trans, out, back) };
        return;
    }
    viterbi_impl(emit, trans, out, back);
}

/// `viterbi_with` compiled for AVX2 (same operations in the same order, so
/// the same scores: Rust never fuses a multiply and an add).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn viterbi_avx2(emit: &[[f32; NT]], trans: &[f32], out: &mut Vec<u8>, back: &mut Vec<[u8; NT]>) {
    viterbi_impl(emit, trans, out, back);
}

#[inline(always)]
fn viterbi_impl(emit: &[[f32; NT]], trans: &[f32], out: &mut Vec<u8>, back: &mut Vec<[u8; NT]>) {
    let n = emit.len();
    out.clear();
    if n == 0 {
        return;
    }
    let trans: &[f32; (NT + 1) * NT] = trans[..(NT + 1) * NT].try_into().unwrap();
    back.clear();
    back.resize(n, [0u8; NT]);
    let mut score = [f32::NEG_INFINITY; NT];
    for (j, s) in score.iter_mut().enumerate() {
        if allowed(NT, j) {
            *s = trans[NT * NT + j] + emit[0][j];
        }
    }
    for (e, bk) in emit[1..].iter().zip(back[1..].iter_mut()) {
        let mut next = [f32::NEG_INFINITY; NT];
        for j in 0..NT {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            if j == 0 || j % 2 == 1 {
                for (i, &si) in score.iter().enumerate() {
                    let v = si + trans[i * NT + j];
                    if v > best {
                        best = v;
                        arg = i as u8;
                    }
                }
            } else {
                for i in [j - 1, j] {
                    let v = score[i] + trans[i * NT + j];
                    if v > best {
                        best = v;
                        arg = i as u8;
                    }
                }
            }
            next[j] = best + e[j];
            bk[j] = arg;
        }
        score = next;
    }
    let mut best = 0;
    for j in 1..NT {
        if score[j] > score[best] {
            best = j;
        }
    }
    out.resize(n, 0);
    out[n - 1] = best as u8;
    for t in (1..n).rev() {
        out[t - 1] = back[t][out[t] as usize];
    }
}

impl Model {
    pub(crate) fn extractor(&self) -> Extractor<'_> {
        Extractor {
            bits: self.header.hash_bits,
            words: &self.words,
        }
    }

    /// Put a model together from its stages' weights.
    pub(crate) fn assemble(
        header: Header,
        stage1: Stage,
        stage2: Option<Stage>,
        corpus: IdMap<u32, u8>,
        clusters: ClusterTable,
    ) -> Model {
        let sparse1 = SparseRows::of_dense(&stage1.w);
        let sparse2 = stage2.as_ref().map(|s| SparseRows::of_dense(&s.w));
        let head = |s: Stage| Head {
            scale: s.scale,
            trans: s.trans,
        };
        Model::from_parts(
            header,
            (head(stage1), sparse1),
            stage2.map(head).zip(sparse2),
            corpus,
            clusters,
        )
    }

    fn from_parts(
        header: Header,
        stage1: (Head, SparseRows),
        stage2: Option<(Head, SparseRows)>,
        corpus: IdMap<u32, u8>,
        clusters: ClusterTable,
    ) -> Model {
        let packed = Packed::build(header.hash_bits, &stage1.1, stage2.as_ref().map(|s| &s.1));
        Model {
            header,
            stage1: stage1.0,
            stage2: stage2.map(|s| s.0),
            packed,
            words: word_table(&corpus, &clusters),
            corpus,
            clusters,
            case_constraint: true,
        }
    }

    /// Tag one document given as sentences of tokens. Returns IOB2 tag ids
    /// flat over the document.
    pub(crate) fn tag_doc_ids<S: AsRef<str>>(&self, sents: &[Vec<S>], sc: &mut Scratch) -> Vec<u8> {
        let ex = self.extractor();
        ex.analyze_doc(sents, sc);
        ex.emit_context_features(sents, sc);
        self.packed.resolve(&mut sc.feats, &mut sc.offsets);
        // Both stages' sums over the first-pass features: the context features' rows,
        // plus the token's own features' sum, memoised by form (integer sums, so the
        // grouping changes no result).
        sc.emit.clear();
        sc.base2.clear();
        OWN_SUMS.with_borrow_mut(|own_sums| {
            let tokens = sents.iter().flat_map(|s| s.iter());
            for (t, tok) in tokens.enumerate() {
                if t + 2 < sc.offsets.len() {
                    self.packed.prefetch(
                        &sc.feats[sc.offsets[t + 1] as usize..sc.offsets[t + 2] as usize],
                    );
                }
                let mut acc = [0i32; LANES];
                self.packed.sum(
                    &sc.feats[sc.offsets[t] as usize..sc.offsets[t + 1] as usize],
                    &mut acc,
                );
                let own = own_sums.get(self.packed.id, &ex, sc, t, tok.as_ref(), |f| {
                    self.packed.sum_token(f)
                });
                for (a, o) in acc.iter_mut().zip(own) {
                    *a += o;
                }
                sc.emit
                    .push(std::array::from_fn(|k| acc[k] as f32 * self.stage1.scale));
                sc.base2.push(std::array::from_fn(|k| acc[NT + k]));
            }
        });
        let mut tags = Vec::with_capacity(sc.emit.len());
        decode_all(&self.stage1, sents, sc, self.case_constraint, &mut tags);
        if let Some(s2) = &self.stage2 {
            ex.emit_prior_features(sents, &tags, sc);
            self.packed.resolve(&mut sc.feats, &mut sc.offsets);
            for t in 0..sc.offsets.len() - 1 {
                if t + 2 < sc.offsets.len() {
                    self.packed.prefetch(
                        &sc.feats[sc.offsets[t + 1] as usize..sc.offsets[t + 2] as usize],
                    );
                }
                let mut acc = [0i32; LANES];
                acc[NT..2 * NT].copy_from_slice(&sc.base2[t]);
                self.packed.sum(
                    &sc.feats[sc.offsets[t] as usize..sc.offsets[t + 1] as usize],
                    &mut acc,
                );
                sc.emit[t] = std::array::from_fn(|k| acc[NT + k] as f32 * s2.scale);
            }
            tags.clear();
            decode_all(s2, sents, sc, self.case_constraint, &mut tags);
        }
        tags
    }

    /// Tag a document (sentences of tokens) and return, per sentence, the
    /// entity spans as half-open token ranges.
    pub fn tag_document<S: AsRef<str>>(
        &self,
        sents: &[Vec<S>],
    ) -> Vec<Vec<(usize, usize, EntityType)>> {
        let mut sc = Scratch::default();
        let tags = self.tag_doc_ids(sents, &mut sc);
        let mut out = Vec::with_capacity(sents.len());
        let mut base = 0;
        for s in sents {
            out.push(spans_of(&tags[base..base + s.len()]));
            base += s.len();
        }
        out
    }

    /// Tag a document and return IOB2 tag strings per sentence.
    pub fn tag_document_iob<S: AsRef<str>>(&self, sents: &[Vec<S>]) -> Vec<Vec<&'static str>> {
        let mut sc = Scratch::default();
        let tags = self.tag_doc_ids(sents, &mut sc);
        let mut out = Vec::with_capacity(sents.len());
        let mut base = 0;
        for s in sents {
            out.push(
                tags[base..base + s.len()]
                    .iter()
                    .map(|&t| tag_name(t))
                    .collect(),
            );
            base += s.len();
        }
        out
    }

    /// Serialise to the compressed model format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
        let header = serde_json::to_vec(&self.header).expect("header serialises");
        raw.extend_from_slice(&(header.len() as u32).to_le_bytes());
        raw.extend_from_slice(&header);
        write_stage(&mut raw, &self.stage1, &self.packed.dense(0));
        raw.push(self.stage2.is_some() as u8);
        if let Some(s) = &self.stage2 {
            write_stage(&mut raw, s, &self.packed.dense(1));
        }
        let mut corpus: Vec<(u32, u8)> = self.corpus.iter().map(|(&k, &v)| (k, v)).collect();
        corpus.sort_unstable();
        raw.extend_from_slice(&(corpus.len() as u32).to_le_bytes());
        let mut prev = 0u32;
        for (k, v) in corpus {
            write_varint(&mut raw, (k - prev) as u64);
            raw.push(v);
            prev = k;
        }
        let mut cl: Vec<(u32, [u16; 2])> = self.clusters.iter().map(|(&k, &v)| (k, v)).collect();
        cl.sort_unstable();
        raw.extend_from_slice(&(cl.len() as u32).to_le_bytes());
        let mut prev = 0u32;
        for (k, v) in cl {
            write_varint(&mut raw, (k - prev) as u64);
            raw.extend_from_slice(&v[0].to_le_bytes());
            raw.extend_from_slice(&v[1].to_le_bytes());
            prev = k;
        }
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&raw).expect("in-memory write");
        enc.finish().expect("in-memory write")
    }

    /// Write the model file (gzip-compressed).
    pub fn save(&self, path: &Path) -> Result<(), NerError> {
        std::fs::write(path, self.to_bytes())?;
        Ok(())
    }

    /// Load a model file written by `save`.
    pub fn load(path: &Path) -> Result<Model, NerError> {
        Model::from_bytes(&std::fs::read(path)?)
    }

    /// Parse a model from bytes (e.g. `include_bytes!` of the shipped file).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, NerError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut raw)?;
        Model::from_raw_bytes(&raw)
    }

    /// Parse a model from the bytes of a model file once inflated.
    pub(crate) fn from_raw_bytes(raw: &[u8]) -> Result<Model, NerError> {
        let mut r = Reader { b: raw, p: 0 };
        if r.take(8)? != MAGIC {
            return Err(NerError::Format(
                "not a newsprint NER model (bad magic)".into(),
            ));
        }
        let hl = r.u32()? as usize;
        let header: Header =
            serde_json::from_slice(r.take(hl)?).map_err(|e| NerError::Format(e.to_string()))?;
        if header.feature_version != FEATURE_VERSION || header.n_tags as usize != NT {
            return Err(NerError::Format(format!(
                "model uses feature version {} (this build: {FEATURE_VERSION})",
                header.feature_version
            )));
        }
        if header.hash_bits < 8 || header.hash_bits > 26 {
            return Err(NerError::Format("bad hash_bits".into()));
        }
        let stage1 = read_stage(&mut r, header.hash_bits)?;
        let stage2 = if r.take(1)?[0] == 1 {
            Some(read_stage(&mut r, header.hash_bits)?)
        } else {
            None
        };
        let n = r.u32()? as usize;
        let mut corpus = IdMap::default();
        corpus.reserve(n);
        let mut prev = 0u32;
        for _ in 0..n {
            let k = prev.wrapping_add(r.varint()? as u32);
            let v = r.take(1)?[0];
            corpus.insert(k, v);
            prev = k;
        }
        let n = r.u32()? as usize;
        let mut clusters = ClusterTable::default();
        clusters.reserve(n);
        let mut prev = 0u32;
        for _ in 0..n {
            let k = prev.wrapping_add(r.varint()? as u32);
            let b = r.take(4)?;
            clusters.insert(
                k,
                [
                    u16::from_le_bytes([b[0], b[1]]),
                    u16::from_le_bytes([b[2], b[3]]),
                ],
            );
            prev = k;
        }
        Ok(Model::from_parts(header, stage1, stage2, corpus, clusters))
    }

    /// Turn the "no lowercase word inside a name" decoding constraint on or
    /// off (on by default; off suits lowercase-heavy text such as forums).
    pub fn set_case_constraint(&mut self, on: bool) {
        self.case_constraint = on;
    }

    /// Datasets the model was trained on, as recorded in its header.
    pub fn trained_on(&self) -> &[String] {
        &self.header.trained_on
    }
}

/// Viterbi over each sentence of the emissions in `sc.emit` (flat over the
/// document), appending the tags to `tags`.
fn decode_all<S: AsRef<str>>(
    stage: &Head,
    sents: &[Vec<S>],
    sc: &mut Scratch,
    constrain: bool,
    tags: &mut Vec<u8>,
) {
    let mut base = 0;
    for s in sents {
        let emit = &mut sc.emit[base..base + s.len()];
        if constrain {
            // A lowercase content word does not continue a name in edited
            // text, but corpora with titles of works (CrossNER, Re-DocRED)
            // teach the model that "Putin meets Trump" could be one MISC
            // span; forbid I- tags there (after headline truecasing).
            for (k, e) in emit.iter_mut().enumerate() {
                if sc.no_inside[base + k] {
                    for j in (2..NT).step_by(2) {
                        e[j] = f32::NEG_INFINITY;
                    }
                }
            }
        }
        viterbi_with(emit, &stage.trans, &mut sc.path, &mut sc.back);
        tags.extend_from_slice(&sc.path);
        base += s.len();
    }
}

/// Entity spans (token ranges) of an IOB2 tag sequence. A stray I-X after O
/// or another type starts a new entity, as conlleval does.
pub(crate) fn spans_of(tags: &[u8]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let t = tags[i];
        if t == 0 {
            i += 1;
            continue;
        }
        let ty = (t - 1) / 2;
        let mut j = i + 1;
        while j < tags.len() && tags[j] == 2 + 2 * ty {
            j += 1;
        }
        out.push((i, j, EntityType::from_index(ty as usize)));
        i = j;
    }
    out
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn write_stage(raw: &mut Vec<u8>, s: &Head, w: &[i16]) {
    raw.extend_from_slice(&s.scale.to_le_bytes());
    for &t in &s.trans {
        raw.extend_from_slice(&t.to_le_bytes());
    }
    // Sparse rows: most buckets are empty or were pruned, so store only
    // non-zero rows (delta-coded row index + NT weights).
    let rows: Vec<usize> = (0..w.len() / NT)
        .filter(|&r| w[r * NT..r * NT + NT].iter().any(|&x| x != 0))
        .collect();
    raw.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    let mut prev = 0usize;
    for &r in &rows {
        write_varint(raw, (r - prev) as u64);
        prev = r;
    }
    // Column-major within the sparse rows compresses better (similar values per tag).
    for k in 0..NT {
        for &r in &rows {
            raw.extend_from_slice(&w[r * NT + k].to_le_bytes());
        }
    }
}

fn read_stage(r: &mut Reader, bits: u32) -> Result<(Head, SparseRows), NerError> {
    let scale = f32::from_le_bytes(r.take(4)?.try_into().unwrap());
    let mut trans = Vec::with_capacity((NT + 1) * NT);
    for _ in 0..(NT + 1) * NT {
        trans.push(f32::from_le_bytes(r.take(4)?.try_into().unwrap()));
    }
    let nrows = r.u32()? as usize;
    let size = 1usize << bits;
    let mut rows = Vec::with_capacity(nrows);
    let mut prev = 0usize;
    for _ in 0..nrows {
        let row = prev + r.varint()? as usize;
        if row >= size {
            return Err(NerError::Format("row out of range".into()));
        }
        rows.push(row);
        prev = row;
    }
    let mut w = vec![[0i16; NT]; nrows];
    for k in 0..NT {
        for row in w.iter_mut() {
            row[k] = i16::from_le_bytes(r.take(2)?.try_into().unwrap());
        }
    }
    Ok((Head { scale, trans }, SparseRows { rows, w }))
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        if self.p + n > self.b.len() {
            return Err(NerError::Format("truncated model file".into()));
        }
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn varint(&mut self) -> Result<u64, NerError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err(NerError::Format("bad varint".into()));
            }
        }
    }
}

pub(crate) fn current_header(
    bits: u32,
    scale: f32,
    two_pass: bool,
    trained_on: Vec<String>,
    notes: String,
) -> Header {
    Header {
        format: 1,
        feature_version: FEATURE_VERSION,
        gazetteer_version: GAZETTEER_VERSION,
        hash_bits: bits,
        n_tags: NT as u32,
        scale,
        two_pass,
        trained_on,
        notes,
    }
}
