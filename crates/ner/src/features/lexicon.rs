//! What a token's analysis reads of its form alone (its word hash, case, shape, length
//! class, the word table's entry, the letters the headline tests count), and the
//! per-thread memo of it, kept from document to document. Most tokens of news text are
//! forms seen a moment before: one probe of the memo replaces several passes over the
//! characters and a probe of the word table, which is mostly a cache miss. The tagger keeps
//! a form's own-feature sums in its slot too (`Memos`), so one probe serves both.

use super::memo::FormKey;
use super::memo::OWN_LANES;
use super::shape::{
    case_of, is_name_connector, is_opener, is_title_function_word, lower_form, shape_hash,
};
use super::{CASE_LOWER, WordInfo, WordTable, corpus_key};
use crate::gazetteer::WORD_SEED;
use crate::hash::{finish, hash_bytes};

/// Two letters or more (the headline tests skip shorter tokens).
pub(super) const LETTERS2: u16 = 1;
/// No lowercase character.
pub(super) const NO_LOWER: u16 = 1 << 1;
/// The first character is uppercase.
pub(super) const FIRST_UPPER: u16 = 1 << 2;
/// A word a title-case headline leaves lowercase ("of", "the").
pub(super) const TITLE_FUNCTION: u16 = 1 << 3;
/// A quote mark, bracket or dash that may open a sentence.
pub(super) const OPENER: u16 = 1 << 4;
/// Holds a period.
pub(super) const HAS_DOT: u16 = 1 << 5;
/// Letters, hyphens and apostrophes only.
pub(super) const LETTERS_ONLY: u16 = 1 << 6;
/// The lowercase form ends like an inflected verb ("-s", "-ed", "-ing").
pub(super) const INFLECTED: u16 = 1 << 7;
/// A lowercase word that may continue a name ("of", "van"), asked only when the token is
/// lowercase or inflected.
pub(super) const CONNECTOR: u16 = 1 << 8;

#[derive(Clone, Copy, Default, PartialEq, Debug)]
pub(super) struct Lexeme {
    pub(super) word: u64,
    /// The shape without truecasing (`shape_hash(tok, None)`).
    pub(super) shape: u64,
    pub(super) info: WordInfo,
    pub(super) raw_case: u8,
    pub(super) len_class: u8,
    flags: u16,
}

impl Lexeme {
    /// The analysis of `tok`, computed (`lower` is a buffer).
    pub(super) fn of(tok: &str, words: &WordTable, lower: &mut String) -> Lexeme {
        lower_form(tok, lower);
        let lw = lower.as_str();
        let word = hash_bytes(WORD_SEED, lw.as_bytes());
        let nchars = lw.chars().count();
        let raw_case = case_of(tok);
        let inflected = lw.len() > 4 && ["s", "ed", "ing"].iter().any(|suf| lw.ends_with(suf));
        let connector = (raw_case == CASE_LOWER || inflected) && is_name_connector(lw);
        let len_class = match nchars {
            0..=3 => nchars as u8,
            4..=6 => 4,
            7..=10 => 5,
            _ => 6,
        };
        let letters = tok.chars().filter(|c| c.is_alphabetic()).count();
        let flag = |on: bool, f: u16| if on { f } else { 0 };
        let flags = flag(letters >= 2, LETTERS2)
            | flag(tok.chars().all(|c| !c.is_lowercase()), NO_LOWER)
            | flag(
                tok.chars().next().is_some_and(char::is_uppercase),
                FIRST_UPPER,
            )
            | flag(is_title_function_word(tok), TITLE_FUNCTION)
            | flag(is_opener(tok), OPENER)
            | flag(tok.contains('.'), HAS_DOT)
            | flag(
                tok.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}'),
                LETTERS_ONLY,
            )
            | flag(inflected, INFLECTED)
            | flag(connector, CONNECTOR);
        Lexeme {
            word,
            shape: shape_hash(tok, None),
            info: words.get(corpus_key(word)).unwrap_or_default(),
            raw_case: raw_case as u8,
            len_class,
            flags,
        }
    }

    #[inline(always)]
    pub(super) fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }
}

/// Slots of the memo: 32768 forms, four megabytes. Against 16384 slots: `tagger_bench`
/// (CoNLL valid, about 10,000 distinct forms) 5% faster, the BBC text run no slower.
const SLOTS: usize = 1 << 15;

/// A form's analysis and, once the tagger has summed them, its own features' weights
/// (`Extractor::own_features`) as the form reads when it is not truecased: they too depend
/// on the form alone, so one probe finds both. Two cache lines: the analysis in the first.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    form: FormKey,
    /// `sums` holds the sums for the model `Lexicon::sums_model`.
    has_sums: bool,
    lex: Lexeme,
    sums: [i32; OWN_LANES],
}

const EMPTY_SLOT: Slot = Slot {
    form: FormKey::EMPTY,
    has_sums: false,
    lex: Lexeme {
        word: 0,
        shape: 0,
        info: WordInfo {
            corp: 0,
            cl: [0, 0],
        },
        raw_case: 0,
        len_class: 0,
        flags: 0,
    },
    sums: [0; OWN_LANES],
};

/// The memo: direct-mapped by the token as written, compared in full, so what it returns
/// is always what `Lexeme::of` gives for that token and word table, and the own-feature
/// sums it returns are those of that form under the model that asked.
pub(super) struct Lexicon {
    /// `WordTable::state` of the table the slots read.
    table: (u64, u64),
    /// `Packed::id` of the model whose sums the slots hold.
    sums_model: u64,
    slots: Vec<Slot>,
    lower: String,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon {
            table: (u64::MAX, u64::MAX),
            sums_model: u64::MAX,
            slots: Vec::new(),
            lower: String::new(),
        }
    }
}

impl Lexicon {
    pub(super) fn get(&mut self, tok: &str, words: &WordTable) -> Lexeme {
        let bytes = tok.as_bytes();
        if !FormKey::fits(bytes) {
            return Lexeme::of(tok, words, &mut self.lower);
        }
        self.get_at(tok, slot_of(bytes), words)
    }

    /// Empty the slots if they were read from another word table.
    fn hold(&mut self, words: &WordTable) {
        if self.table != words.state() {
            self.table = words.state();
            self.slots.clear();
            self.slots.resize(SLOTS, EMPTY_SLOT);
        }
    }

    /// The own-feature sums slot `at` keeps for the form `bytes` under model `model`, if it
    /// keeps them.
    #[inline(always)]
    pub(super) fn sums_at(
        &mut self,
        at: usize,
        bytes: &[u8],
        model: u64,
    ) -> Option<[i32; OWN_LANES]> {
        if self.sums_model != model {
            self.sums_model = model;
            for slot in &mut self.slots {
                slot.has_sums = false;
            }
        }
        let slot = self.slots.get(at)?;
        (slot.has_sums && slot.form.is(bytes)).then_some(slot.sums)
    }

    /// Keep the own-feature sums of the form `bytes` (whose analysis is `lex`, under the
    /// word table the slots read) in slot `at`, its `slot_of`, for the model `sums_at` was
    /// last asked about.
    #[inline(always)]
    pub(super) fn keep_sums(
        &mut self,
        at: usize,
        bytes: &[u8],
        lex: &Lexeme,
        sums: [i32; OWN_LANES],
    ) {
        if let Some(slot) = self.slots.get_mut(at) {
            if !slot.form.is(bytes) {
                slot.form.set(bytes);
                slot.lex = *lex;
            }
            slot.sums = sums;
            slot.has_sums = true;
        }
    }

    /// Ask for the slot `slot_of` gave without waiting for it.
    #[inline(always)]
    pub(super) fn prefetch(&self, at: usize) {
        if let Some(slot) = self.slots.get(at) {
            crate::model::prefetch(slot);
        }
    }

    /// `get` for a token that `FormKey::fits`, whose slot is `at` (`slot_of`).
    #[inline(always)]
    pub(super) fn get_at(&mut self, tok: &str, at: usize, words: &WordTable) -> Lexeme {
        self.hold(words);
        let bytes = tok.as_bytes();
        let slot = &self.slots[at];
        if slot.form.is(bytes) {
            return slot.lex;
        }
        let lex = Lexeme::of(tok, words, &mut self.lower);
        let slot = &mut self.slots[at];
        slot.form.set(bytes);
        slot.lex = lex;
        slot.has_sums = false;
        lex
    }
}

/// A form's slot in the memo.
#[inline(always)]
pub(super) fn slot_of(bytes: &[u8]) -> usize {
    finish(hash_bytes(0x1e81_c0de, bytes)) as usize & (SLOTS - 1)
}

thread_local! {
    /// Each thread's memo of token analyses, kept from document to document.
    pub(super) static LEXICON: std::cell::RefCell<Lexicon> = std::cell::RefCell::new(Lexicon::default());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// More forms than slots, so that slots are taken over: every answer must still be
    /// the analysis of the form asked, never of one that shared its slot.
    #[test]
    fn lexicon_serves_each_form_its_own_analysis() {
        let mut words = WordTable::with_capacity(4);
        words
            .entry(corpus_key(hash_bytes(WORD_SEED, b"paris")))
            .corp = 2;
        let forms: Vec<String> = (0..2 * SLOTS)
            .map(|i| match i % 4 {
                0 => format!("Word{i}"),
                1 => format!("w{i}ing"),
                2 => format!("{i}.5"),
                _ => "Paris".to_owned(),
            })
            .chain(["", "a-very-long-token-past-the-memo-width", "PARIS", "’s"].map(String::from))
            .collect();
        let mut lexicon = Lexicon::default();
        let mut lower = String::new();
        for round in 0..2 {
            for f in &forms {
                let fresh = Lexeme::of(f, &words, &mut lower);
                assert_eq!(lexicon.get(f, &words), fresh, "{f:?}, round {round}");
            }
        }
        assert_eq!(lexicon.get("Paris", &words).info.corp, 2);
    }

    /// A word table changed after the memo read it: the memo answers from the new one.
    #[test]
    fn lexicon_forgets_a_changed_table() {
        let mut words = WordTable::with_capacity(4);
        let mut lexicon = Lexicon::default();
        assert_eq!(lexicon.get("Lyon", &words).info.corp, 0);
        words.entry(corpus_key(hash_bytes(WORD_SEED, b"lyon"))).corp = 2;
        assert_eq!(lexicon.get("Lyon", &words).info.corp, 2);
    }
}
