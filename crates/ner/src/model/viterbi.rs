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
    out.clear();
    out.resize(emit.len(), 0);
    let fit = viterbi_avx2_pair(
        &AvxTransitions::new(trans),
        trans,
        [emit, &[]],
        back,
        [out.as_mut_slice(), &mut []],
    );
    if !fit[0] {
        viterbi_impl(emit, trans, out, back);
    }
}

/// Two sentences decoded side by side, step for step: a step of one sentence waits for
/// the step before it (about 30 cycles of compares and blends), so two independent chains
/// take hardly longer than one. Each sentence's tags go into its `outs` slice (as long as
/// its emissions); a sentence whose `fit` comes back false holds input the tournament is
/// not proven on (see `viterbi_avx2`), and its caller decodes it with `viterbi_impl`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn viterbi_avx2_pair(
    prepared: &AvxTransitions,
    trans: &[f32],
    emits: [&[[f32; NT]]; 2],
    back: &mut Vec<[u8; NT]>,
    outs: [&mut [u8]; 2],
) -> [bool; 2] {
    use std::arch::x86_64::{
        __m128i, __m256, _CMP_EQ_OQ, _CMP_GT_OQ, _CMP_LE_OQ, _mm_packus_epi16, _mm_packus_epi32,
        _mm_storel_epi64, _mm256_add_ps, _mm256_andnot_ps, _mm256_blendv_ps,
        _mm256_castsi256_si128, _mm256_cmp_ps, _mm256_cvtss_f32, _mm256_cvttps_epi32,
        _mm256_extracti128_si256, _mm256_loadu_ps, _mm256_movemask_ps, _mm256_or_ps,
        _mm256_permutevar8x32_ps, _mm256_set1_epi32, _mm256_set1_ps, _mm256_setr_ps,
    };
    const V: usize = 8;
    let n = [emits[0].len(), emits[1].len()];
    debug_assert!(outs[0].len() == n[0] && outs[1].len() == n[1]);
    let tr_all: &[f32; (NT + 1) * NT] = trans[..(NT + 1) * NT].try_into().unwrap();
    // Inputs the tournament is proven equal on: finite or -inf, and small enough that no
    // path's sum reaches infinity. Checked for the transitions once (`AvxTransitions`), or
    // here for a sentence too long for that check, and for each token's emissions on the
    // way (off the loop's critical path); any other input is decoded again by
    // `viterbi_impl`, whose result is then the one returned.
    let limit = n.map(fit_limit);
    let mut unfit = [0, 1].map(|c| {
        let transitions_fit = if n[c] <= MAX_FIT_TOKENS {
            prepared.fit
        } else {
            tr_all.iter().all(|&x| fits(x, limit[c]))
        };
        !transitions_fit
            || emits[c]
                .first()
                .is_some_and(|e| !e.iter().all(|&x| fits(x, limit[c])))
    });
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
    back.resize(n[0] + n[1], [0u8; NT]);
    let (back_a, back_b) = back.split_at_mut(n[0]);
    let backs = [back_a, back_b];
    let first = emits.map(|emit| {
        let mut first = [f32::NEG_INFINITY; NT];
        if let Some(e0) = emit.first() {
            for (j, s) in first.iter_mut().enumerate() {
                if allowed(NT, j) {
                    *s = tr_all[NT * NT + j] + e0[j];
                }
            }
        }
        first
    });
    // Scores of tags 0..8 in a vector, the last tag's apart.
    let mut sv = first.map(|f| _mm256_setr_ps(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
    let mut s_last = first.map(|f| f[last]);
    let (neg_inf, sign) = (_mm256_set1_ps(f32::NEG_INFINITY), _mm256_set1_ps(-0.0));
    let limit_v = limit.map(|l| _mm256_set1_ps(l));
    // (score, tag) pairs: the right one (higher tags) wins only where strictly greater.
    // A macro, not a closure: the intrinsics stay inline in this AVX2 function.
    macro_rules! pick {
        ($a:expr, $b:expr) => {{
            let ((va, ia), (vb, ib)): ((__m256, __m256), (__m256, __m256)) = ($a, $b);
            let gt = _mm256_cmp_ps::<_CMP_GT_OQ>(vb, va);
            (_mm256_blendv_ps(va, vb, gt), _mm256_blendv_ps(ia, ib, gt))
        }};
    }
    // One step of sentence `c`: token `t`'s scores from token `t - 1`'s.
    macro_rules! step {
        ($c:literal, $t:expr) => {{
            let (e, bk) = (&emits[$c][$t], &mut backs[$c][$t]);
            let svc = sv[$c];
            macro_rules! cand {
                ($i:expr) => {
                    (
                        _mm256_add_ps(_mm256_permutevar8x32_ps(svc, lane[$i]), rows[$i]),
                        index[$i],
                    )
                };
            }
            let c8 = (
                _mm256_add_ps(_mm256_set1_ps(s_last[$c]), rows[last]),
                index[last],
            );
            let low = pick!(pick!(cand!(0), cand!(1)), pick!(cand!(2), cand!(3)));
            let high = pick!(pick!(cand!(4), cand!(5)), pick!(cand!(6), cand!(7)));
            let (best, arg) = pick!(pick!(low, high), c8);
            let s_prev = _mm256_cvtss_f32(_mm256_permutevar8x32_ps(svc, lane[last - 1]));
            let mut last_best = f32::NEG_INFINITY;
            let mut last_arg = 0u8;
            for (i, v) in [(last - 1, s_prev + from_b), (last, s_last[$c] + from_i)] {
                if v > last_best {
                    last_best = v;
                    last_arg = i as u8;
                }
            }
            // SAFETY: `e` holds NT > 8 floats, so the eight read are inside it.
            let ev = unsafe { _mm256_loadu_ps(e.as_ptr()) };
            let fit = _mm256_or_ps(
                _mm256_cmp_ps::<_CMP_EQ_OQ>(ev, neg_inf),
                _mm256_cmp_ps::<_CMP_LE_OQ>(_mm256_andnot_ps(sign, ev), limit_v[$c]),
            );
            unfit[$c] |= (_mm256_movemask_ps(fit) != 0xff) | !fits(e[last], limit[$c]);
            sv[$c] = _mm256_add_ps(best, ev);
            s_last[$c] = last_best + e[last];
            // The eight previous tags (whole numbers 0 to 8 as floats) narrowed to bytes in
            // the vector unit, not one by one: off the chain a step waits for, but many
            // instructions beside it.
            let arg = _mm256_cvttps_epi32(arg);
            let words = _mm_packus_epi32(
                _mm256_castsi256_si128(arg),
                _mm256_extracti128_si256::<1>(arg),
            );
            let bytes = _mm_packus_epi16(words, words);
            // SAFETY: `bk` is `[u8; NT]` with NT > 8, so the eight bytes written are inside
            // it; the store needs no alignment.
            unsafe { _mm_storel_epi64(bk.as_mut_ptr().cast::<__m128i>(), bytes) };
            bk[last] = last_arg;
        }};
    }
    let both = n[0].min(n[1]);
    for t in 1..both {
        step!(0, t);
        step!(1, t);
    }
    for t in both.max(1)..n[0] {
        step!(0, t);
    }
    for t in both.max(1)..n[1] {
        step!(1, t);
    }
    for (c, out) in outs.into_iter().enumerate() {
        if unfit[c] || n[c] == 0 {
            continue;
        }
        // SAFETY: as above.
        let head = unsafe { std::mem::transmute::<__m256, [f32; V]>(sv[c]) };
        let score: [f32; NT] = std::array::from_fn(|j| if j < V { head[j] } else { s_last[c] });
        let mut best = 0;
        for j in 1..NT {
            if score[j] > score[best] {
                best = j;
            }
        }
        out[n[c] - 1] = best as u8;
        for t in (1..n[c]).rev() {
            out[t - 1] = backs[c][t][out[t] as usize];
        }
    }
    unfit.map(|u| !u)
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
    if constrain {
        // A lowercase content word does not continue a name in edited
        // text, but corpora with titles of works (CrossNER, Re-DocRED)
        // teach the model that "Putin meets Trump" could be one MISC
        // span; forbid I- tags there (after headline truecasing).
        let tokens = sents.iter().map(|s| s.len()).sum::<usize>();
        for (e, &no_inside) in sc.emit[..tokens].iter_mut().zip(&sc.no_inside) {
            if no_inside {
                for j in (2..NT).step_by(2) {
                    e[j] = f32::NEG_INFINITY;
                }
            }
        }
    }
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: `has_avx2` checked that the running CPU has AVX2, the one feature
        // `AvxTransitions::new` and `decode_pairs` enable.
        unsafe { decode_pairs(&AvxTransitions::new(&stage.trans), stage, sents, sc, tags) };
        return;
    }
    let mut base = 0;
    for s in sents {
        let emit = &sc.emit[base..base + s.len()];
        viterbi_impl(emit, &stage.trans, &mut sc.path, &mut sc.back);
        tags.extend_from_slice(&sc.path);
        base += s.len();
    }
}

/// `decode_all`'s sentences two at a time (`viterbi_avx2_pair`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn decode_pairs<S: AsRef<str>>(
    prepared: &AvxTransitions,
    stage: &Head,
    sents: &[Vec<S>],
    sc: &mut Scratch,
    tags: &mut Vec<u8>,
) {
    let mut base = 0;
    for pair in sents.chunks(2) {
        let na = pair[0].len();
        let nb = pair.get(1).map_or(0, |s| s.len());
        let start = tags.len();
        tags.resize(start + na + nb, 0);
        let (ea, eb) = sc.emit[base..base + na + nb].split_at(na);
        let (oa, ob) = tags[start..].split_at_mut(na);
        let fit = viterbi_avx2_pair(prepared, &stage.trans, [ea, eb], &mut sc.back, [oa, ob]);
        for (c, range) in [(0, 0..na), (1, na..na + nb)] {
            if !fit[c] {
                viterbi_impl(
                    &sc.emit[base + range.start..base + range.end],
                    &stage.trans,
                    &mut sc.path,
                    &mut sc.back,
                );
                tags[start + range.start..start + range.end].copy_from_slice(&sc.path);
            }
        }
        base += na + nb;
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

    /// Sentences of different lengths (none, one token, long) decoded two at a time, with
    /// input the tournament leaves to the scalar loop in either of them.
    #[test]
    fn avx2_pairs_decode_as_the_scalar_loop() {
        #[cfg(target_arch = "x86_64")]
        if has_avx2() {
            let mut rng = XorShift::new(11);
            let (mut expected, mut back) = (Vec::new(), Vec::new());
            for round in 0..3000 {
                let trans: Vec<f32> = (0..(NT + 1) * NT).map(|_| value(&mut rng)).collect();
                let lengths = [0, 1, rng.below(40), 200];
                let mut emits: Vec<Vec<[f32; NT]>> = (0..2)
                    .map(|_| {
                        (0..lengths[rng.below(4)])
                            .map(|_| std::array::from_fn(|_| value(&mut rng)))
                            .collect()
                    })
                    .collect();
                if round % 40 == 3 {
                    let c = rng.below(2);
                    if !emits[c].is_empty() {
                        let at = rng.below(emits[c].len());
                        emits[c][at][rng.below(NT)] = [f32::NAN, f32::INFINITY, 1e37][round % 3];
                    }
                }
                let mut outs = [vec![0u8; emits[0].len()], vec![0u8; emits[1].len()]];
                let [oa, ob] = &mut outs;
                // SAFETY: the CPU has AVX2 (checked above).
                let fit = unsafe {
                    viterbi_avx2_pair(
                        &AvxTransitions::new(&trans),
                        &trans,
                        [&emits[0], &emits[1]],
                        &mut back,
                        [oa.as_mut_slice(), ob.as_mut_slice()],
                    )
                };
                for c in 0..2 {
                    viterbi_impl(&emits[c], &trans, &mut expected, &mut back);
                    let finite = emits[c]
                        .iter()
                        .flatten()
                        .all(|x| x.abs() < 1e30 || *x == f32::NEG_INFINITY);
                    if fit[c] {
                        assert_eq!(outs[c], expected, "round {round}, sentence {c}");
                    }
                    if finite
                        && trans
                            .iter()
                            .all(|x| x.is_finite() || *x == f32::NEG_INFINITY)
                    {
                        assert!(
                            fit[c],
                            "round {round}, sentence {c}: ordinary input left to the loop"
                        );
                    }
                }
            }
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
