//! Viterbi decoding over the BIO tags, with the decoding constraints.

// The AVX2 kernel is called only when the CPU has it (checked at run time).
#![allow(unsafe_code)]

use super::Head;
use super::packed::has_avx2;
use crate::features::{NT, Scratch};

/// Can tag `b` follow tag `a` (a = NT means sentence start)? I-X must
/// continue B-X or I-X; invalid paths are excluded from decoding.
#[inline]
pub(crate) fn allowed(a: usize, b: usize) -> bool {
    if b == 0 || b % 2 == 1 {
        return true;
    }
    a != NT && a != 0 && a.div_ceil(2) == b / 2
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

/// Viterbi over each sentence of the emissions in `sc.emit` (flat over the
/// document), appending the tags to `tags`.
pub(super) fn decode_all<S: AsRef<str>>(
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
