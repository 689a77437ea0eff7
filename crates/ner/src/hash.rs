//! Small, stable, allocation-free hashing used for feature ids and entity ids.
//!
//! Feature ids must be identical between the training run that produced a model
//! file and every later run that loads it, so we cannot use `std`'s randomly
//! seeded hasher. FxHash-style mixing is fast and good enough for bucketing.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x517c_c1b7_2722_0a95;

/// Mix one 64-bit value into a running hash (FxHash step).
#[inline(always)]
pub(crate) fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// Hash a byte string with a seed; used for word forms, affixes and shapes.
#[inline]
pub(crate) fn hash_bytes(seed: u64, b: &[u8]) -> u64 {
    let mut h = mix(seed, b.len() as u64);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().unwrap()));
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        h = mix(h, tail_le(rem));
    }
    h
}

/// The 1 to 7 bytes of `rem` as a little-endian number (zero above them), read as two
/// overlapping loads instead of a copy into a zeroed buffer: most word forms are shorter
/// than 8 bytes, and the copy of a variable length was a call into `memcpy`.
#[inline(always)]
fn tail_le(rem: &[u8]) -> u64 {
    let r = rem.len();
    debug_assert!((1..8).contains(&r));
    let le4 = |b: &[u8]| u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let le2 = |b: &[u8]| u64::from(u16::from_le_bytes([b[0], b[1]]));
    if r >= 4 {
        le4(rem) | le4(&rem[r - 4..]) << ((r - 4) * 8)
    } else if r >= 2 {
        le2(rem) | le2(&rem[r - 2..]) << ((r - 2) * 8)
    } else {
        u64::from(rem[0])
    }
}

/// Final avalanche so the low/high bits used for bucketing are well spread.
#[inline(always)]
pub(crate) fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// FNV-1a 64: a well-known, version-independent hash for public ids
/// (`entity_id`), so ids stay stable across releases and languages.
pub fn fnv1a64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            // Separator so ("ab","c") and ("a","bc") differ.
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for &b in *p {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Hasher for maps keyed by already-hashed u64/u32 values: the key is
/// already well mixed, so hashing it again would only cost time.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, b as u64);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = finish(i);
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = finish(i as u64);
    }
}

pub(crate) type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::tail_le;

    /// Feature ids are hashes a shipped model was trained with: the tail of a form must
    /// read as the same number as when it was copied into a zeroed buffer.
    #[test]
    fn short_tails_read_as_the_zero_padded_number() {
        let bytes: Vec<u8> = (0..64u8)
            .map(|i| i.wrapping_mul(37).wrapping_add(0x81))
            .collect();
        for len in 1..8 {
            for start in 0..bytes.len() - len {
                let rem = &bytes[start..start + len];
                let mut buf = [0u8; 8];
                buf[..len].copy_from_slice(rem);
                assert_eq!(tail_le(rem), u64::from_le_bytes(buf), "{rem:?}");
            }
        }
    }
}
