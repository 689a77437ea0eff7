//! The per-thread memos of a token's own-feature sums (`Memos`: the memo of form analyses
//! for most tokens, `OwnSums` for truecased ones) and the table of its small-feature sums,
//! kept from document to document.

use super::lexicon::{LEXICON, Lexicon};
use super::{Extractor, NT, SMALL_KEYS, Scratch, small_key};
use crate::hash::finish;

/// Lanes of a token's own-feature sums: both stages' tags.
pub(crate) const OWN_LANES: usize = 2 * NT;

/// Slots of the per-thread memo of truecased tokens' own-feature sums (other tokens' sums
/// are kept with their form's analysis, in `Lexicon`): about 200 KB. On CoNLL valid, whose
/// many headlines are in capitals, 2048 slots tagged as fast as 8192 (`tagger_bench`).
const OWN_SLOTS: usize = 1 << 11;

/// Longest token (bytes) the tagger's memos keep; longer tokens are worked out each time.
const FORM_BYTES: usize = 22;

/// A token as written, kept whole in a memo's slot and compared in full, so that a slot
/// answers only for its own form. The empty key marks an empty slot.
#[derive(Clone, Copy)]
pub(super) struct FormKey {
    text: [u8; FORM_BYTES],
    len: u8,
}

impl FormKey {
    pub(super) const EMPTY: FormKey = FormKey {
        text: [0; FORM_BYTES],
        len: 0,
    };

    /// Whether a memo keeps this token: not empty, and at most `FORM_BYTES` long.
    #[inline(always)]
    pub(super) fn fits(bytes: &[u8]) -> bool {
        !bytes.is_empty() && bytes.len() <= FORM_BYTES
    }

    #[inline(always)]
    pub(super) fn is(&self, bytes: &[u8]) -> bool {
        self.len as usize == bytes.len() && &self.text[..bytes.len()] == bytes
    }

    /// Hold `bytes`, which `fits`.
    #[inline(always)]
    pub(super) fn set(&mut self, bytes: &[u8]) {
        self.text[..bytes.len()].copy_from_slice(bytes);
        self.len = bytes.len() as u8;
    }
}

#[derive(Clone, Copy)]
struct OwnSlot {
    form: FormKey,
    case: u8,
    shape: u64,
    sums: [i32; OWN_LANES],
}

const EMPTY_SLOT: OwnSlot = OwnSlot {
    form: FormKey::EMPTY,
    case: 0,
    shape: 0,
    sums: [0; OWN_LANES],
};

/// Memo of the summed weights of a token's own features, keyed by the token as written,
/// its case after truecasing and its shape: everything those features read. A slot holds
/// one form (direct-mapped) and is compared in full, so what it returns is always the
/// exact integer sum a fresh computation gives, whatever was tagged before on this thread.
pub(crate) struct OwnSums {
    /// `Packed::id` of the model whose weights the slots hold.
    model: u64,
    slots: Vec<OwnSlot>,
    /// The sums of `Extractor::small_features` by `small_key` (`None` until first asked):
    /// 512 values at most, so the table stays in the first-level cache.
    small: Vec<Option<[i32; OWN_LANES]>>,
    feats: Vec<u32>,
    lower: String,
}

/// The slot of a token's own-feature sums: its form, shape and case.
#[inline(always)]
fn own_slot(cur: &super::TokInfo) -> usize {
    (finish(cur.word ^ cur.shape.rotate_left(23) ^ cur.case) as usize) & (OWN_SLOTS - 1)
}

impl Default for OwnSums {
    fn default() -> Self {
        OwnSums {
            model: u64::MAX,
            slots: Vec::new(),
            small: Vec::new(),
            feats: Vec::new(),
            lower: String::new(),
        }
    }
}

impl OwnSums {
    /// Sums of the own features of token `cur` (`tok` as written), worked out: `sum` over
    /// `Extractor::own_features`, in this memo's buffers.
    fn fresh(
        &mut self,
        ex: &Extractor<'_>,
        cur: &super::TokInfo,
        tok: &str,
        sum: impl Fn(&mut Vec<u32>) -> [i32; OWN_LANES],
    ) -> [i32; OWN_LANES] {
        self.feats.clear();
        ex.own_features(cur, tok, &mut self.lower, &mut self.feats);
        sum(&mut self.feats)
    }

    /// Sums of token `t`'s own features (`tok` as written), from the memo or worked out
    /// (`fresh`).
    fn get(
        &mut self,
        model: u64,
        ex: &Extractor<'_>,
        info: &Scratch,
        t: usize,
        tok: &str,
        sum: impl Fn(&mut Vec<u32>) -> [i32; OWN_LANES],
    ) -> [i32; OWN_LANES] {
        self.hold(model);
        let cur = &info.info[t];
        let bytes = tok.as_bytes();
        let cacheable = FormKey::fits(bytes);
        let at = own_slot(cur);
        if cacheable {
            let s = &self.slots[at];
            if s.case as u64 == cur.case && s.shape == cur.shape && s.form.is(bytes) {
                return s.sums;
            }
        }
        let sums = self.fresh(ex, cur, tok, sum);
        if cacheable {
            let s = &mut self.slots[at];
            s.form.set(bytes);
            s.case = cur.case as u8;
            s.shape = cur.shape;
            s.sums = sums;
        }
        sums
    }

    /// Ask for the slot of token `t`, one to come, while an earlier one is summed.
    #[inline(always)]
    fn prefetch(&self, info: &Scratch, t: usize) {
        if let Some(slot) = info
            .info
            .get(t)
            .and_then(|cur| self.slots.get(own_slot(cur)))
        {
            crate::model::prefetch(slot);
        }
    }

    /// Empty the tables if they hold another model's sums.
    fn hold(&mut self, model: u64) {
        if self.model != model {
            self.model = model;
            self.slots.clear();
            self.slots.resize(OWN_SLOTS, EMPTY_SLOT);
            self.small.clear();
            self.small.resize(SMALL_KEYS, None);
        }
    }

    /// Sums of token `t`'s small features (`Extractor::small_features`), from the table or
    /// from `sum` over them.
    fn small(
        &mut self,
        model: u64,
        ex: &Extractor<'_>,
        info: &Scratch,
        t: usize,
        sum: impl Fn(&mut Vec<u32>) -> [i32; OWN_LANES],
    ) -> [i32; OWN_LANES] {
        self.hold(model);
        let cur = &info.info[t];
        let key = small_key(cur);
        if let Some(sums) = self.small[key] {
            return sums;
        }
        self.feats.clear();
        ex.small_features(cur, &mut self.feats);
        let sums = sum(&mut self.feats);
        self.small[key] = Some(sums);
        sums
    }
}

thread_local! {
    /// Each tagging thread's memo of own-feature sums of truecased tokens, kept from
    /// document to document.
    static OWN_SUMS: std::cell::RefCell<OwnSums> = std::cell::RefCell::new(OwnSums::default());
}

/// This thread's memos of a token's own-feature and small-feature sums, for one document's
/// sums: the memo of form analyses keeps the own-feature sums of a form as written (most
/// tokens); `OwnSums` those of truecased tokens, whose case and shape are not their form's.
pub(crate) struct Memos<'a> {
    own: &'a mut OwnSums,
    lexicon: &'a mut Lexicon,
}

/// Run `f` with this thread's memos.
pub(crate) fn with_memos<R>(f: impl FnOnce(&mut Memos<'_>) -> R) -> R {
    OWN_SUMS
        .with_borrow_mut(|own| LEXICON.with_borrow_mut(|lexicon| f(&mut Memos { own, lexicon })))
}

impl Memos<'_> {
    /// The slot of token `t`'s form in the memo of analyses (`Extractor::analyze_doc` put
    /// the form there), when the token reads as its form does: not truecased.
    #[inline(always)]
    fn form_slot(sc: &Scratch, t: usize) -> Option<usize> {
        let (cur, lex, &at) = (sc.info.get(t)?, sc.lexemes.get(t)?, sc.lex_slots.get(t)?);
        (at != u32::MAX && cur.case == cur.raw_case && cur.shape == lex.shape)
            .then_some(at as usize)
    }

    /// Sums of token `t`'s own features (`tok` as written), from a memo or from `sum`
    /// over `Extractor::own_features`.
    pub(crate) fn get(
        &mut self,
        model: u64,
        ex: &Extractor<'_>,
        sc: &Scratch,
        t: usize,
        tok: &str,
        sum: impl Fn(&mut Vec<u32>) -> [i32; OWN_LANES],
    ) -> [i32; OWN_LANES] {
        let Some(at) = Self::form_slot(sc, t) else {
            return self.own.get(model, ex, sc, t, tok, sum);
        };
        let bytes = tok.as_bytes();
        if let Some(sums) = self.lexicon.sums_at(at, bytes, model) {
            return sums;
        }
        let sums = self.own.fresh(ex, &sc.info[t], tok, sum);
        self.lexicon.keep_sums(at, bytes, &sc.lexemes[t], sums);
        sums
    }

    /// Ask for the memo slot of token `t`, one to come, while an earlier one is summed.
    #[inline(always)]
    pub(crate) fn prefetch(&self, sc: &Scratch, t: usize) {
        match Self::form_slot(sc, t) {
            Some(at) => self.lexicon.prefetch(at),
            None => self.own.prefetch(sc, t),
        }
    }

    /// Sums of token `t`'s small features (`OwnSums::small`).
    pub(crate) fn small(
        &mut self,
        model: u64,
        ex: &Extractor<'_>,
        sc: &Scratch,
        t: usize,
        sum: impl Fn(&mut Vec<u32>) -> [i32; OWN_LANES],
    ) -> [i32; OWN_LANES] {
        self.own.small(model, ex, sc, t, sum)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CASE_LOWER, CASE_OTHER, CORP_MIXED, SMALL_KEYS, TokInfo, small_key};

    /// The small-feature table answers by `small_key` alone: two tokens that differ in any
    /// value `small_features` reads must never share a key.
    #[test]
    fn small_key_tells_apart_every_value_small_features_read() {
        let mut seen = std::collections::HashMap::new();
        for doc in 0..4u8 {
            for case in CASE_LOWER..=CASE_OTHER {
                for corp in 0..=CORP_MIXED {
                    for init in [false, true] {
                        let cur = TokInfo {
                            doc,
                            case,
                            corp,
                            init,
                            ..TokInfo::default()
                        };
                        let key = small_key(&cur);
                        assert!(key < SMALL_KEYS);
                        let values = (doc, case, corp, init);
                        if let Some(other) = seen.insert(key, values) {
                            panic!("{values:?} and {other:?} share key {key}");
                        }
                    }
                }
            }
        }
    }
}
