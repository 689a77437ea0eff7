//! Both stages' weights in one sparse table (`Packed`), and the sparse rows
//! a model file stores per stage (`SparseRows`).

// The AVX2 row sums and popcount lookups are the tagger's hot loop; each unsafe block
// says why it is sound (the CPU feature is checked at run time).
#![allow(unsafe_code)]

use crate::features::{NT, OWN_LANES};

use super::layout::{BLOCK_BYTES, Block, ROW_BYTES, Row};
pub(crate) use super::layout::{LANES, SparseRows};
use std::borrow::Cow;

/// The weights of both stages, only the buckets where either is non-zero
/// (about a third), found through a bitmap with ranks. Compared with two
/// dense [bucket][tag] tables this reads one cache line per feature instead
/// of two or three, the table is 3× smaller (fewer cache and TLB misses), and
/// features whose bucket has no weights cost no memory access at all. Both
/// stages' sums over the first-pass features are taken in one go: the second
/// pass adds only its own features.
pub(crate) struct Packed {
    /// Borrowed from the embedded image for the shipped model, owned for one read or
    /// trained here.
    index: Cow<'static, [Block]>,
    rows: Cow<'static, [Row]>,
    /// The CPU has the POPCNT instruction (checked once, when built).
    popcnt: bool,
    /// The CPU has AVX2 (checked once, when built).
    avx2: bool,
    /// Distinct for every table built in this process: the own-feature memo
    /// (`Memos`) holds one model's sums and must not serve them to another.
    pub(super) id: u64,
}

static NEXT_PACKED_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl SparseRows {
    pub(super) fn of_dense(w: &[i16]) -> SparseRows {
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
pub(super) fn has_avx2() -> bool {
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
    pub(super) fn build(bits: u32, s1: &SparseRows, s2: Option<&SparseRows>) -> Packed {
        let (index, rows) = super::layout::pack(bits, s1, s2);
        Packed::with_tables(Cow::Owned(index), Cow::Owned(rows))
    }

    /// The tables of a model image (`layout::read_image`), borrowed where the bytes are
    /// aligned as the types need (the embedded image is) on a little-endian machine, and
    /// decoded into owned tables otherwise.
    pub(super) fn from_image(index: &'static [u8], rows: &'static [u8]) -> Packed {
        debug_assert!(
            index.len().is_multiple_of(BLOCK_BYTES) && rows.len().is_multiple_of(ROW_BYTES)
        );
        let fits = |b: &[u8], align: usize| {
            cfg!(target_endian = "little") && (b.as_ptr() as usize).is_multiple_of(align)
        };
        let index = if fits(index, std::mem::align_of::<Block>()) {
            // SAFETY: `Block` is `repr(C)` of a u64 and two u32 with no padding (16 bytes),
            // so every bit pattern is a valid `Block`, and on a little-endian machine its
            // bytes are those the image stores; the pointer is aligned for `Block` (just
            // checked), the length is a whole number of blocks, and the bytes are 'static
            // and never written.
            Cow::Borrowed(unsafe {
                std::slice::from_raw_parts(
                    index.as_ptr().cast::<Block>(),
                    index.len() / BLOCK_BYTES,
                )
            })
        } else {
            Cow::Owned(
                index
                    .chunks_exact(BLOCK_BYTES)
                    .map(|b| Block {
                        bits: u64::from_le_bytes(b[..8].try_into().unwrap()),
                        rank: u32::from_le_bytes(b[8..12].try_into().unwrap()),
                        pad: 0,
                    })
                    .collect(),
            )
        };
        let rows = if fits(rows, std::mem::align_of::<Row>()) {
            // SAFETY: `Row` is `repr(C, align(64))` of 24 i16 and 16 bytes of padding
            // (64 bytes), so every bit pattern is a valid `Row`, and on a little-endian
            // machine its bytes are those the image stores; the pointer is aligned to 64
            // (just checked), the length is a whole number of rows, and the bytes are
            // 'static and never written.
            Cow::Borrowed(unsafe {
                std::slice::from_raw_parts(rows.as_ptr().cast::<Row>(), rows.len() / ROW_BYTES)
            })
        } else {
            Cow::Owned(
                rows.chunks_exact(ROW_BYTES)
                    .map(|r| {
                        Row(std::array::from_fn(|k| {
                            i16::from_le_bytes([r[2 * k], r[2 * k + 1]])
                        }))
                    })
                    .collect(),
            )
        };
        Packed::with_tables(index, rows)
    }

    fn with_tables(index: Cow<'static, [Block]>, rows: Cow<'static, [Row]>) -> Packed {
        Packed {
            index,
            rows,
            popcnt: has_popcnt(),
            avx2: has_avx2(),
            id: NEXT_PACKED_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// Whether the tables are read in place from an image.
    #[cfg(test)]
    pub(super) fn borrows_tables(&self) -> bool {
        matches!(
            (&self.index, &self.rows),
            (Cow::Borrowed(_), Cow::Borrowed(_))
        )
    }

    /// The number of 64-bucket blocks the index covers.
    pub(super) fn blocks(&self) -> usize {
        self.index.len()
    }

    /// Replace each token's feature buckets by the indices of their rows,
    /// dropping buckets without weights. Done for the whole document before
    /// any row is read, so that the row loads (mostly cache misses) do not
    /// wait for the index and overlap one another.
    pub(super) fn resolve(&self, feats: &mut Vec<u32>, offsets: &mut [u32]) {
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
    pub(super) fn sum_token(&self, feats: &mut Vec<u32>) -> [i32; OWN_LANES] {
        let mut offsets = [0, feats.len() as u32];
        self.resolve(feats, &mut offsets);
        let mut acc = [0i32; LANES];
        self.sum(feats, &mut acc);
        std::array::from_fn(|k| acc[k])
    }

    /// Add the rows (indices from `resolve`) into `acc`.
    #[inline(always)]
    pub(super) fn sum(&self, rows: &[u32], acc: &mut [i32; LANES]) {
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

    /// Ask for the rows of a token ahead while this one's are summed: the row loads are
    /// mostly cache misses, and the sum loop alone keeps few of them in flight. The tagger
    /// asks two tokens ahead (one ahead left part of each miss to wait for: `tagger_bench`
    /// +1.4–1.8%, alternating).
    #[inline(always)]
    pub(super) fn prefetch(&self, rows: &[u32]) {
        for &r in rows {
            if let Some(row) = self.rows.get(r as usize) {
                prefetch(row);
            }
        }
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
    pub(super) fn dense(&self, stage: usize) -> Vec<i16> {
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

/// Ask for `value` without waiting for it: the line at its start, and one more per further
/// 64 bytes of its size, two at most. A slot that straddles a line boundary gets its first
/// line only; asking for the line its end lies on too measured no faster (`tagger_bench`).
#[inline(always)]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    {
        let at = (value as *const T).cast::<i8>();
        for line in (0..std::mem::size_of::<T>().min(128)).step_by(64) {
            // SAFETY: a prefetch reads nothing into the program and cannot fault; the
            // addresses are inside a live value besides.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    at.wrapping_add(line),
                )
            };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}
