//! Feature extraction: every feature is a hashed integer id (bucket) into a
//! fixed-size weight table. Per-token base hashes (word, shape, affixes,
//! gazetteer matches) are computed once per token and then combined with
//! cheap integer mixing, so the hot path allocates nothing per token.
//!
//! The feature templates are here; `shape` holds the per-token helpers
//! (case, shape, affixes, headline detection), `doc` the per-document
//! analysis, and `memo` the tagger's memo of own-feature sums.

mod doc;
mod lexicon;
mod memo;
mod shape;
mod words;

use super::clusters::ClusterTable;
use super::gazetteer::{CAT_TIME, N_CATS};
use super::hash::{IdMap, finish, mix};
pub(crate) use memo::{OWN_LANES, with_memos};
use shape::{affix_hashes, lower_form};

/// Tag inventory: O, then B-/I- for PER, ORG, LOC, MISC.
pub(crate) const NT: usize = crate::model::layout::NT;
/// Version of the feature templates; stored in the model header so a model
/// trained with different templates is rejected rather than silently wrong.
pub(crate) const FEATURE_VERSION: u32 = 6;

// Case classes after (optional) truecasing of all-caps headlines.
const CASE_LOWER: u64 = 1;
const CASE_TITLE: u64 = 2;
const CASE_UPPER: u64 = 3;
const CASE_MIXED: u64 = 4;
const CASE_OTHER: u64 = 5; // digits / punctuation first

// Corpus case classes (model-side table built from training text).
pub(crate) const CORP_LOWER: u8 = 1;
pub(crate) const CORP_TITLE: u8 = 2;
pub(crate) const CORP_UPPER: u8 = 3;
pub(crate) const CORP_MIXED: u8 = 4;

#[derive(Clone, Copy, Default)]
pub(crate) struct TokInfo {
    word: u64,
    shape: u64,
    case: u64,
    raw_case: u64,
    len_class: u64,
    gaz_b: u32,
    gaz_i: u32,
    corp: u8,
    doc: u8,
    /// Word cluster ids [fine, coarse] (+1; 0 = unknown word).
    cl: [u16; 2],
    init: bool,
    /// Lowercased form ends like an inflected verb ("-s", "-ed", "-ing").
    inflected: bool,
    /// Lowercased form is one of `NAME_CONNECTORS` (only computed when the
    /// token is lowercase or `inflected`, the cases where it is asked).
    connector: bool,
}

/// Reusable buffers so extraction allocates only when a document is larger
/// than any seen before.
#[derive(Default)]
pub(crate) struct Scratch {
    info: Vec<TokInfo>,
    doc_counts: IdMap<u64, (u32, u32)>,
    pub(crate) feats: Vec<u32>,
    /// Per token: lowercase content word (after truecasing) that cannot
    /// continue a name; used as a decoding constraint.
    pub(crate) no_inside: Vec<bool>,
    /// feats[offsets[t]..offsets[t+1]] are the features of token t (flat over the doc).
    pub(crate) offsets: Vec<u32>,
    /// Per sentence: a line in capitals (headline); `analyze_doc`'s buffer, kept to reuse it.
    caps_lines: Vec<bool>,
    /// Per token, flat over the document: the analysis of its form (`analyze_doc`'s).
    lexemes: Vec<lexicon::Lexeme>,
    /// Per token: its slot in the form memo (`lexicon::slot_of`), `u32::MAX` for a form
    /// the memo does not keep; `analyze_doc`'s, to ask for slots ahead.
    lex_slots: Vec<u32>,
    /// Tagger buffers (`Model::tag_doc_ids`): emissions of the pass being
    /// decoded and the second stage's sums over the first-pass features,
    /// per token flat over the document; Viterbi back-pointers and path.
    pub(crate) emit: Vec<[f32; NT]>,
    pub(crate) base2: Vec<[i32; NT]>,
    pub(crate) back: Vec<[u8; NT]>,
    pub(crate) path: Vec<u8>,
}

impl Scratch {
    /// Token `t`'s analysis (`Extractor::analyze_doc`'s).
    #[cfg(test)]
    pub(crate) fn token_info(&self, t: usize) -> &TokInfo {
        &self.info[t]
    }
}

impl TokInfo {
    /// Whether truecasing gave the token another case than its form's.
    #[cfg(test)]
    pub(crate) fn truecased(&self) -> bool {
        self.case != self.raw_case
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    /// Every first-pass feature (training, and `extract_doc`).
    All,
    /// All but the token's own features (`Extractor::own_features`) and its small ones
    /// (`Extractor::small_features`).
    Context,
}

pub(crate) struct Extractor<'a> {
    pub(crate) bits: u32,
    /// The corpus case table and the cluster table merged (one probe per token).
    pub(crate) words: &'a WordTable,
}

/// What the corpus case table and the cluster table know of a word key.
#[derive(Clone, Copy, Default, PartialEq, Debug)]
pub(crate) struct WordInfo {
    /// Corpus case class (0 = not in the corpus table).
    pub(crate) corp: u8,
    /// Cluster ids (`[0, 0]` = not clustered).
    pub(crate) cl: [u16; 2],
}

pub(crate) use words::WordTable;

/// Merge the corpus case table and the cluster table. A key missing from
/// one table gets that table's "absent" value, exactly what a separate
/// lookup's default gives.
pub(crate) fn word_table(corpus: &IdMap<u32, u8>, clusters: &ClusterTable) -> WordTable {
    let mut out = WordTable::with_capacity(corpus.len().max(clusters.len()));
    for (&k, &corp) in corpus {
        out.entry(k).corp = corp;
    }
    for (&k, &cl) in clusters {
        out.entry(k).cl = cl;
    }
    out
}

/// Key for the corpus case table.
#[inline]
pub(crate) fn corpus_key(word_hash: u64) -> u32 {
    (word_hash >> 32) as u32
}

const PAD_L: u64 = 0x1111_2222_3333_4444;
const PAD_R: u64 = 0x5555_6666_7777_8888;

/// A value of the token `d` places from token `i` of a sentence, or a padding value past
/// either end.
#[inline(always)]
fn neighbour(sent: &[TokInfo], i: usize, d: isize, get: impl Fn(&TokInfo) -> u64) -> u64 {
    let j = i as isize + d;
    if j < 0 {
        PAD_L
    } else {
        sent.get(j as usize).map_or(PAD_R, get)
    }
}

impl Extractor<'_> {
    #[inline(always)]
    fn bucket(&self, h: u64) -> u32 {
        (finish(h) >> (64 - self.bits)) as u32
    }

    /// Extract features for a whole document (sentences of tokens).
    /// `prior`: optional first-pass tags per token (flat over the document)
    /// for the second-pass document-consistency features.
    pub(crate) fn extract_doc<S: AsRef<str>>(
        &self,
        sents: &[Vec<S>],
        prior: Option<&[u8]>,
        sc: &mut Scratch,
    ) {
        self.analyze_doc(sents, sc);
        self.emit_features(sents, prior, sc);
    }

    /// Features of every token from `sc`'s analysis (`analyze_doc`), plus
    /// the second-pass features when `prior` tags are given.
    pub(crate) fn emit_features<S: AsRef<str>>(
        &self,
        sents: &[Vec<S>],
        prior: Option<&[u8]>,
        sc: &mut Scratch,
    ) {
        self.emit_features_of(sents, prior, Which::All, sc);
    }

    /// Every first-pass feature but the token's own (`own_features`) and its small ones
    /// (`small_features`): the tagger sums those through its memos (`Memos`).
    pub(crate) fn emit_context_features<S: AsRef<str>>(&self, sents: &[Vec<S>], sc: &mut Scratch) {
        self.emit_features_of(sents, None, Which::Context, sc);
    }

    fn emit_features_of<S: AsRef<str>>(
        &self,
        sents: &[Vec<S>],
        prior: Option<&[u8]>,
        which: Which,
        sc: &mut Scratch,
    ) {
        let all = which == Which::All;
        let mut lower = String::new();
        sc.feats.clear();
        sc.offsets.clear();
        let numrow_of = |sent: &[S]| -> bool {
            let digits = sent
                .iter()
                .filter(|t| {
                    t.as_ref()
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_digit())
                })
                .count();
            sent.len() >= 3 && digits * 10 >= sent.len() * 4
        };
        let mut base = 0;
        let prior_votes = prior.map(|p| votes(&sc.info, p)).unwrap_or_default();
        for sent in sents {
            let n = sent.len();
            let numrow = numrow_of(sent);
            for i in 0..n {
                sc.offsets.push(sc.feats.len() as u32);
                let info = &sc.info;
                let cur = info[base + i];
                if all {
                    self.own_features(&cur, sent[i].as_ref(), &mut lower, &mut sc.feats);
                    self.small_features(&cur, &mut sc.feats);
                }
                let sent_info = &info[base..base + n];
                let w = |d: isize| neighbour(sent_info, i, d, |t| t.word);
                let sh = |d: isize| neighbour(sent_info, i, d, |t| t.shape);
                let f = &mut sc.feats;
                let mut push =
                    |tmpl: u64, v: u64| f.push(self.bucket(mix(tmpl.wrapping_mul(0x9E37_79B9), v)));
                push(3, w(-1));
                push(4, w(1));
                push(5, w(-2));
                push(7, mix(w(-1), cur.word));
                push(8, mix(cur.word, w(1)));
                push(10, sh(-1));
                push(11, sh(1));
                push(12, mix(mix(sh(-1), cur.shape), sh(1)));
                push(22, mix(cur.init as u64, cur.shape));
                // No caps-line-specific feature: the training corpora have few
                // all-caps lines (mostly titles of works, tagged MISC), so such
                // a feature would teach "caps line = MISC". Truecasing above
                // makes headline tokens look like ordinary text instead.
                if numrow {
                    push(26, mix((i == 0) as u64, cur.case));
                }
                let titleish = matches!(cur.case, CASE_TITLE | CASE_UPPER | CASE_MIXED) as u64;
                // The categories by their set bits, in ascending order as a loop over all
                // `N_CATS` gives them: most tokens match none.
                for cat in set_bits(cur.gaz_b | cur.gaz_i) {
                    if cur.gaz_b & (1 << cat) != 0 {
                        push(27, mix(mix(cat as u64, 1), titleish));
                    }
                    if cur.gaz_i & (1 << cat) != 0 {
                        push(27, mix(mix(cat as u64, 2), titleish));
                    }
                }
                if i > 0 {
                    let p = info[base + i - 1];
                    for cat in set_bits((p.gaz_b | p.gaz_i) & !(1 << CAT_TIME)) {
                        push(28, cat as u64);
                    }
                }
                push(31, mix(w(-1), cur.shape));
                let cl = |d: isize, g: usize| neighbour(sent_info, i, d, |t| t.cl[g] as u64);
                push(53, mix(cl(-1, 0), cur.case));
                push(54, mix(cl(1, 0), cur.case));
                push(55, mix(mix(cl(-1, 1), cl(0, 1)), cl(1, 1)));
                if let Some(p) = prior {
                    self.push_prior(f, &prior_votes, p, info, base, i, n);
                }
            }
            base += n;
        }
        sc.offsets.push(sc.feats.len() as u32);
    }

    /// The first-pass features of a token that depend only on its own form, its case
    /// after truecasing and its shape. Training emits them with the context features
    /// (`emit_features`); the tagger sums them through its memos (`Memos`), since the sum
    /// is the same wherever the form recurs.
    pub(crate) fn own_features(
        &self,
        cur: &TokInfo,
        tok: &str,
        lower: &mut String,
        out: &mut Vec<u32>,
    ) {
        let mut push =
            |tmpl: u64, v: u64| out.push(self.bucket(mix(tmpl.wrapping_mul(0x9E37_79B9), v)));
        push(2, cur.word);
        push(9, cur.shape);
        lower_form(tok, lower);
        let (pre, suf) = affix_hashes(lower);
        for k in 0..4 {
            if pre[k] != 0 {
                push(13 + k as u64, pre[k]);
            }
            if suf[k] != 0 {
                push(17 + k as u64, suf[k]);
            }
        }
        push(21, mix(cur.word, cur.case));
        push(33, mix(cur.len_class, cur.case));
        if cur.cl[0] != 0 {
            push(50, cur.cl[0] as u64);
            push(51, cur.cl[1] as u64);
            push(52, mix(cur.cl[0] as u64, cur.case));
        }
    }

    /// The first-pass features of a token that read only a few small values: its case
    /// after truecasing, whether it opens the sentence, and its document and corpus case
    /// classes (and the bias, which reads none). Training emits them with the others; the
    /// tagger keeps their sums in a table of `SMALL_KEYS` entries (`OwnSums::small`).
    pub(crate) fn small_features(&self, cur: &TokInfo, out: &mut Vec<u32>) {
        let mut push =
            |tmpl: u64, v: u64| out.push(self.bucket(mix(tmpl.wrapping_mul(0x9E37_79B9), v)));
        push(1, 0);
        push(23, mix(mix(cur.doc as u64, cur.case), cur.init as u64));
        push(24, mix(mix(cur.corp as u64, cur.case), cur.init as u64));
    }

    /// Only the second-pass features of every token (what `emit_features`
    /// adds with `prior` tags), into `sc.feats`/`sc.offsets`.
    pub(crate) fn emit_prior_features<S: AsRef<str>>(
        &self,
        sents: &[Vec<S>],
        prior: &[u8],
        sc: &mut Scratch,
    ) {
        sc.feats.clear();
        sc.offsets.clear();
        let prior_votes = votes(&sc.info, prior);
        let mut base = 0;
        for sent in sents {
            let n = sent.len();
            for i in 0..n {
                sc.offsets.push(sc.feats.len() as u32);
                self.push_prior(&mut sc.feats, &prior_votes, prior, &sc.info, base, i, n);
            }
            base += n;
        }
        sc.offsets.push(sc.feats.len() as u32);
    }

    /// Second pass: how the first pass labelled other occurrences of this
    /// word in the document (minus this occurrence), and its neighbours' tags.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn push_prior(
        &self,
        f: &mut Vec<u32>,
        prior_votes: &IdMap<u64, [u16; 5]>,
        p: &[u8],
        info: &[TokInfo],
        base: usize,
        i: usize,
        n: usize,
    ) {
        let cur = &info[base + i];
        let mut push =
            |tmpl: u64, v: u64| f.push(self.bucket(mix(tmpl.wrapping_mul(0x9E37_79B9), v)));
        if let Some(v) = prior_votes.get(&cur.word) {
            let mut v = *v;
            let own = tag_type(p[base + i]);
            if cur.raw_case != CASE_LOWER && cur.raw_case != CASE_OTHER {
                v[own] -= 1;
            }
            let total: u16 = v.iter().sum();
            if total > 0 {
                let (best, cnt) = v.iter().enumerate().max_by_key(|x| *x.1).unwrap();
                let strong = (cnt * 2 > total) as u64;
                push(40, mix(mix(best as u64, strong), cur.case));
                push(41, mix(best as u64, cur.word));
            }
        }
        let pt = |d: isize| -> u64 {
            let j = i as isize + d;
            if j < 0 || j as usize >= n {
                99
            } else {
                p[base + j as usize] as u64
            }
        };
        push(42, mix(pt(-1), pt(1)));
        push(43, pt(0));
    }
}

/// The indices of `mask`'s set bits below `N_CATS`, ascending.
#[inline(always)]
fn set_bits(mask: u32) -> impl Iterator<Item = u32> {
    let mut rest = mask & ((1 << N_CATS) - 1);
    std::iter::from_fn(move || {
        (rest != 0).then(|| {
            let bit = rest.trailing_zeros();
            rest &= rest - 1;
            bit
        })
    })
}

/// Distinct values of `small_key`.
pub(crate) const SMALL_KEYS: usize = 1 << 9;

/// Everything `small_features` reads, as an index below `SMALL_KEYS`: the document class
/// (0 to 3), the case class (`CASE_*`, 1 to 5), the corpus case class (`CORP_*`, 0 to 4)
/// and whether the token opens its sentence.
#[inline]
pub(crate) fn small_key(cur: &TokInfo) -> usize {
    debug_assert!(cur.doc < 4 && cur.case < 8 && cur.corp < 8);
    (cur.doc as usize & 3)
        | ((cur.case as usize & 7) << 2)
        | ((cur.corp as usize & 7) << 5)
        | ((cur.init as usize) << 8)
}

/// Per word: the first-pass entity types of its capitalised occurrences.
fn votes(info: &[TokInfo], p: &[u8]) -> IdMap<u64, [u16; 5]> {
    let mut prior_votes: IdMap<u64, [u16; 5]> = IdMap::default();
    for (k, inf) in info.iter().enumerate() {
        if inf.raw_case != CASE_LOWER && inf.raw_case != CASE_OTHER {
            prior_votes.entry(inf.word).or_insert([0; 5])[tag_type(p[k])] += 1;
        }
    }
    prior_votes
}

/// Entity type index of a tag (0 = O, 1 PER, 2 ORG, 3 LOC, 4 MISC).
#[inline]
pub(crate) fn tag_type(t: u8) -> usize {
    if t == 0 { 0 } else { (t as usize - 1) / 2 + 1 }
}
