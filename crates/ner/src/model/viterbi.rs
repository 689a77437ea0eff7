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

/// A stage's transitions made ready for the AVX2 kernel, once for all the sentences of a
/// document's pass (making them took as long as decoding a short sentence).
#[cfg(target_arch = "x86_64")]
struct AvxTransitions {
    /// Row i: the transitions from tag i to tags 0..8, -inf where not allowed.
    rows: [std::arch::x86_64::__m256; NT],
    /// To the last tag from the tag before it, and from itself.
    from_b: f32,
    from_i: f32,
    /// Every transition is finite or -inf and at most this in size (the bound the kernel
    /// checks for sentences of up to `MAX_FIT_TOKENS` tokens).
    fit: bool,
}

/// Sentences longer than this have their transitions checked again against their own
/// (lower) bound.
#[cfg(target_arch = "x86_64")]
const MAX_FIT_TOKENS: usize = 1 << 16;

#[cfg(target_arch = "x86_64")]
impl AvxTransitions {
    #[target_feature(enable = "avx2")]
    fn new(trans: &[f32]) -> AvxTransitions {
        use std::arch::x86_64::_mm256_setr_ps;
        let tr_all: &[f32; (NT + 1) * NT] = trans[..(NT + 1) * NT].try_into().unwrap();
        let tr = |i: usize, j: usize| {
            if allowed(i, j) {
                tr_all[i * NT + j]
            } else {
                f32::NEG_INFINITY
            }
        };
        let rows = std::array::from_fn(|i| {
            _mm256_setr_ps(
                tr(i, 0),
                tr(i, 1),
                tr(i, 2),
                tr(i, 3),
                tr(i, 4),
                tr(i, 5),
                tr(i, 6),
                tr(i, 7),
            )
        });
        let last = NT - 1;
        let limit = fit_limit(MAX_FIT_TOKENS);
        AvxTransitions {
            rows,
            from_b: tr_all[(last - 1) * NT + last],
            from_i: tr_all[last * NT + last],
            fit: tr_all.iter().all(|&x| fits(x, limit)),
        }
    }
}

/// The largest score size the AVX2 kernel is proven right on for `n` tokens: no path's sum
/// reaches infinity.
#[cfg(target_arch = "x86_64")]
fn fit_limit(n: usize) -> f32 {
    f32::MAX / 4.0 / (n as f32 + 1.0)
}

#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn fits(x: f32, limit: f32) -> bool {
    x == f32::NEG_INFINITY || x.abs() <= limit
}

/// `viterbi_with` for AVX2: the first eight tags' best predecessors in one vector, found
/// by a tournament (pairs, then pairs of pairs) rather than a chain of nine compares, so
/// that a step waits for four compares instead of nine.
///
/// Transitions that are not allowed get -inf, so a candidate through one scores -inf.
/// With every input finite or -inf (checked first; other input goes to `viterbi_impl`),
/// and sums far from overflowing, every candidate is finite or -inf, and each vector lane
/// ends with the greatest candidate and the lowest previous tag that reaches it (a later
/// candidate, the right side of a pair, wins only when strictly greater), or -inf and tag
/// 0 when all are -inf: what `viterbi_impl`'s loop over the allowed tags in increasing
/// order finds. The sums are the same `f32` additions (no fused operations), so the tags
/// are the same.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn viterbi_avx2(emit: &[[f32; NT]], trans: &[f32], out: &mut Vec<u8>, back: &mut Vec<[u8; NT]>) {
    viterbi_avx2_with(&AvxTransitions::new(trans), emit, trans, out, back);
}

/// `viterbi_avx2` with the transitions made ready (`AvxTransitions`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn viterbi_avx2_with(
    prepared: &AvxTransitions,
    emit: &[[f32; NT]],
    trans: &[f32],
    out: &mut Vec<u8>,
    back: &mut Vec<[u8; NT]>,
) {
    use std::arch::x86_64::{
        __m256, _CMP_EQ_OQ, _CMP_GT_OQ, _CMP_LE_OQ, _mm256_add_ps, _mm256_andnot_ps,
        _mm256_blendv_ps, _mm256_cmp_ps, _mm256_cvtss_f32, _mm256_loadu_ps, _mm256_movemask_ps,
        _mm256_or_ps, _mm256_permutevar8x32_ps, _mm256_set1_epi32, _mm256_set1_ps, _mm256_setr_ps,
    };
    const V: usize = 8;
    let n = emit.len();
    out.clear();
    if n == 0 {
        return;
    }
    let tr_all: &[f32; (NT + 1) * NT] = trans[..(NT + 1) * NT].try_into().unwrap();
    // Inputs the tournament is proven equal on: finite or -inf, and small enough that no
    // path's sum reaches infinity. Checked for the transitions once (`AvxTransitions`), or
    // here for a sentence too long for that check, and for each token's emissions on the
    // way (off the loop's critical path); any other input is decoded again by
    // `viterbi_impl`, whose result is then the one returned.
    let limit = fit_limit(n);
    let fits = |x: f32| fits(x, limit);
    let transitions_fit = if n <= MAX_FIT_TOKENS {
        prepared.fit
    } else {
        tr_all.iter().all(|&x| fits(x))
    };
    if !transitions_fit || !emit[0].iter().all(|&x| fits(x)) {
        viterbi_impl(emit, trans, out, back);
        return;
    }
    let rows = &prepared.rows;
    let index: [__m256; NT] = std::array::from_fn(|i| _mm256_set1_ps(i as f32));
    let lane: [_; V] = [
        _mm256_set1_epi32(0),
        _mm256_set1_epi32(1),
        _mm256_set1_epi32(2),
        _mm256_set1_epi32(3),
        _mm256_set1_epi32(4),
        _mm256_set1_epi32(5),
        _mm256_set1_epi32(6),
        _mm256_set1_epi32(7),
    ];
    // The last tag (an I- tag) follows only the tag before it or itself.
    let last = NT - 1;
    debug_assert!(V == last && !allowed(0, last) && allowed(last - 1, last));
    let (from_b, from_i) = (prepared.from_b, prepared.from_i);
    back.clear();
    back.resize(n, [0u8; NT]);
    let mut first = [f32::NEG_INFINITY; NT];
    for (j, s) in first.iter_mut().enumerate() {
        if allowed(NT, j) {
            *s = tr_all[NT * NT + j] + emit[0][j];
        }
    }
    // Scores of tags 0..8 in a vector, the last tag's apart.
    let mut sv = _mm256_setr_ps(
        first[0], first[1], first[2], first[3], first[4], first[5], first[6], first[7],
    );
    let mut s_last = first[last];
    let (neg_inf, sign) = (_mm256_set1_ps(f32::NEG_INFINITY), _mm256_set1_ps(-0.0));
    let limit_v = _mm256_set1_ps(limit);
    let mut unfit = false;
    // (score, tag) pairs: the right one (higher tags) wins only where strictly greater.
    // A macro, not a closure: the intrinsics stay inline in this AVX2 function.
    macro_rules! pick {
        ($a:expr, $b:expr) => {{
            let ((va, ia), (vb, ib)): ((__m256, __m256), (__m256, __m256)) = ($a, $b);
            let gt = _mm256_cmp_ps::<_CMP_GT_OQ>(vb, va);
            (_mm256_blendv_ps(va, vb, gt), _mm256_blendv_ps(ia, ib, gt))
        }};
    }
    for (e, bk) in emit[1..].iter().zip(back[1..].iter_mut()) {
        macro_rules! cand {
            ($i:expr) => {
                (
                    _mm256_add_ps(_mm256_permutevar8x32_ps(sv, lane[$i]), rows[$i]),
                    index[$i],
                )
            };
        }
        let c8 = (
            _mm256_add_ps(_mm256_set1_ps(s_last), rows[last]),
            index[last],
        );
        let low = pick!(pick!(cand!(0), cand!(1)), pick!(cand!(2), cand!(3)));
        let high = pick!(pick!(cand!(4), cand!(5)), pick!(cand!(6), cand!(7)));
        let (best, arg) = pick!(pick!(low, high), c8);
        let s_prev = _mm256_cvtss_f32(_mm256_permutevar8x32_ps(sv, lane[last - 1]));
        let mut last_best = f32::NEG_INFINITY;
        let mut last_arg = 0u8;
        for (i, v) in [(last - 1, s_prev + from_b), (last, s_last + from_i)] {
            if v > last_best {
                last_best = v;
                last_arg = i as u8;
            }
        }
        // SAFETY: `e` holds NT > 8 floats, so the eight read are inside it.
        let ev = unsafe { _mm256_loadu_ps(e.as_ptr()) };
        let fit = _mm256_or_ps(
            _mm256_cmp_ps::<_CMP_EQ_OQ>(ev, neg_inf),
            _mm256_cmp_ps::<_CMP_LE_OQ>(_mm256_andnot_ps(sign, ev), limit_v),
        );
        unfit |= (_mm256_movemask_ps(fit) != 0xff) | !fits(e[last]);
        sv = _mm256_add_ps(best, ev);
        s_last = last_best + e[last];
        // SAFETY: `__m256` and `[f32; 8]` have the same size, and every bit pattern is a
        // valid value of either.
        let arg = unsafe { std::mem::transmute::<__m256, [f32; V]>(arg) };
        for j in 0..V {
            bk[j] = arg[j] as u8;
        }
        bk[last] = last_arg;
    }
    if unfit {
        viterbi_impl(emit, trans, out, back);
        return;
    }
    // SAFETY: as above.
    let head = unsafe { std::mem::transmute::<__m256, [f32; V]>(sv) };
    let score: [f32; NT] = std::array::from_fn(|j| if j < V { head[j] } else { s_last });
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
    #[cfg(target_arch = "x86_64")]
    let prepared = has_avx2().then(|| {
        // SAFETY: `has_avx2` checked that the running CPU has AVX2, the one feature
        // `AvxTransitions::new` enables.
        unsafe { AvxTransitions::new(&stage.trans) }
    });
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
        #[cfg(target_arch = "x86_64")]
        match &prepared {
            // SAFETY: `prepared` is made only when the CPU has AVX2, the one feature
            // `viterbi_avx2_with` enables.
            Some(p) => unsafe {
                viterbi_avx2_with(p, emit, &stage.trans, &mut sc.path, &mut sc.back)
            },
            None => viterbi_impl(emit, &stage.trans, &mut sc.path, &mut sc.back),
        }
        #[cfg(not(target_arch = "x86_64"))]
        viterbi_impl(emit, &stage.trans, &mut sc.path, &mut sc.back);
        tags.extend_from_slice(&sc.path);
        base += s.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::XorShift;

    /// A score with ties, -inf (the decoding constraint) and a wide range.
    fn value(rng: &mut XorShift) -> f32 {
        match rng.below(10) {
            0 => f32::NEG_INFINITY,
            1 => 0.5,
            2 => -0.5,
            _ => (rng.below(20_000) as f32 - 10_000.0) / 37.0,
        }
    }

    #[test]
    fn avx2_decodes_as_the_scalar_loop() {
        #[cfg(target_arch = "x86_64")]
        if has_avx2() {
            let mut rng = XorShift::new(7);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let mut back = Vec::new();
            for round in 0..3000 {
                let trans: Vec<f32> = (0..(NT + 1) * NT)
                    .map(|_| {
                        if round % 3 == 0 {
                            (rng.below(7) as f32 - 3.0) / 2.0
                        } else {
                            value(&mut rng)
                        }
                    })
                    .collect();
                let n = if round % 100 == 0 { 300 } else { rng.below(40) };
                let mut emit: Vec<[f32; NT]> = (0..n)
                    .map(|_| std::array::from_fn(|_| value(&mut rng)))
                    .collect();
                // Input the tournament leaves to the loop: NaN, +inf, huge scores.
                if round % 50 == 1 && n > 0 {
                    let odd = [f32::NAN, f32::INFINITY, 1e37][round / 50 % 3];
                    emit[rng.below(n)][rng.below(NT)] = odd;
                }
                viterbi_impl(&emit, &trans, &mut a, &mut back);
                // SAFETY: the CPU has AVX2 (checked above).
                unsafe { viterbi_avx2(&emit, &trans, &mut b, &mut back) };
                assert_eq!(a, b, "round {round}");
            }
        }
    }
}
