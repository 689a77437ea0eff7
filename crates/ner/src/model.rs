//! The tagger model: hashed feature weights (quantised to i16), BIO
//! transition scores, the corpus case table, and tagging a document.
//!
//! `packed` holds both stages' weights in one table, `viterbi` decodes, and
//! `file` reads and writes the model file format.

mod file;
#[cfg(test)]
mod image_tests;
pub(crate) mod layout;
#[cfg(test)]
mod memo_tests;
mod packed;
mod viterbi;

use super::EntityType;
use super::clusters::ClusterTable;
use super::features::{Extractor, FEATURE_VERSION, NT, Scratch, WordTable, with_memos, word_table};
use super::gazetteer::GAZETTEER_VERSION;
use super::hash::IdMap;
pub(crate) use packed::prefetch;
use packed::{LANES, Packed, SparseRows};
use serde::{Deserialize, Serialize};
use viterbi::decode_all;
pub(crate) use viterbi::viterbi;

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
pub(crate) use layout::StageHead as Head;

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
        Model::with_packed(
            header,
            stage1.0,
            stage2.map(|s| s.0),
            packed,
            corpus,
            clusters,
        )
    }

    fn with_packed(
        header: Header,
        stage1: Head,
        stage2: Option<Head>,
        packed: Packed,
        corpus: IdMap<u32, u8>,
        clusters: ClusterTable,
    ) -> Model {
        Model {
            header,
            stage1,
            stage2,
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
        with_memos(|own_sums| {
            let tokens = sents.iter().flat_map(|s| s.iter());
            for (t, tok) in tokens.enumerate() {
                if t + 3 < sc.offsets.len() {
                    self.packed.prefetch(
                        &sc.feats[sc.offsets[t + 2] as usize..sc.offsets[t + 3] as usize],
                    );
                }
                own_sums.prefetch(sc, t + 2);
                let mut acc = [0i32; LANES];
                self.packed.sum(
                    &sc.feats[sc.offsets[t] as usize..sc.offsets[t + 1] as usize],
                    &mut acc,
                );
                let own = own_sums.get(self.packed.id, &ex, sc, t, tok.as_ref(), |f| {
                    self.packed.sum_token(f)
                });
                let small =
                    own_sums.small(self.packed.id, &ex, sc, t, |f| self.packed.sum_token(f));
                for ((a, o), s) in acc.iter_mut().zip(own).zip(small) {
                    *a += o + s;
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
                if t + 3 < sc.offsets.len() {
                    self.packed.prefetch(
                        &sc.feats[sc.offsets[t + 2] as usize..sc.offsets[t + 3] as usize],
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
        let tags = with_scratch(|sc| self.tag_doc_ids(sents, sc));
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
        let tags = with_scratch(|sc| self.tag_doc_ids(sents, sc));
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

thread_local! {
    /// Each tagging thread's buffers, kept from document to document: made afresh for
    /// each document they were grown (and copied) again every time. Every buffer is
    /// cleared before it is read, so what a document leaves in them changes nothing.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

/// Buffers kept after a document of more tokens than this are let go.
const SCRATCH_KEEP_TOKENS: usize = 1 << 16;

/// Run `f` with this thread's `Scratch` (a fresh one if it is in use: `f` never nests,
/// but a fresh one is always correct).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut sc) => {
            let r = f(&mut sc);
            if sc.emit.capacity() > SCRATCH_KEEP_TOKENS {
                *sc = Scratch::default();
            }
            r
        }
        Err(_) => f(&mut Scratch::default()),
    })
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
