//! Closed word lists: the cue verbs that introduce speech, and the function words that
//! delimit a source noun phrase. Everything is matched on the lowercased ASCII form of a
//! word, once per token when the text is lexed, so later passes compare small enums.

mod cue_words;
use cue_words::CUE_WORDS;

/// How a cue word introduces what was said.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Cue {
    /// A verb of saying that takes a clause with or without "that" (said, added, warned).
    Speech,
    /// A verb of saying whose next noun phrase is the hearer (told, assured, reminded).
    Tell,
    /// A verb of belief or evidence that counts only before "that" or a subject (believes, found).
    Weak,
    /// A verb whose object is the content (accused, criticized, called).
    Object,
    /// A verb that introduces its content only through a preposition (talked about,
    /// pointed out, focused on); the preposition belongs to the cue.
    Prep,
    /// A verb of intention or stance whose content is a to-infinitive, a that-clause or a
    /// noun phrase (wants to, plans to, declined to, vowed that).
    Intent,
    /// A raising verb (seems, appears): the content is the subject and what follows, and
    /// the attribution has no source of its own.
    Raise,
}

/// Prepositions that join a cue verb to its content.
pub(crate) fn is_cue_prep(w: &str) -> bool {
    matches!(
        w,
        "about" | "of" | "for" | "on" | "against" | "to" | "with" | "over" | "out"
    )
}

/// The part a non-cue word plays around a source noun phrase.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Role {
    Plain,
    /// he, she, they, we, I, it, you: a complete source on its own.
    Pronoun,
    /// A subject pronoun with its auxiliary (he's, they're, I'd): opens a clause.
    Contracted,
    /// who, which: a relative pronoun the corpus takes as the source itself.
    Relative,
    /// "that", which opens a reported clause.
    That,
    /// Determiners and possessives that open a noun phrase.
    Det,
    /// Auxiliaries and adverbs between a subject and its verb (has, also, would, not).
    Aux,
    /// Words that end a noun phrase when scanning: conjunctions, prepositions, copulas.
    Stop,
    /// Time words that may follow a cue before its content (Tuesday, yesterday).
    Time,
    /// Hearers after "told" and nouns of audience (reporters, him).
    Hearer,
    /// "according" (as in "according to").
    According,
}

/// Longest word (in bytes) the lexicon is asked about; longer words are plain.
pub(crate) const MAX_WORD: usize = 16;

/// A lowercased word padded with zeros, as the lexicon compares it.
pub(crate) type Padded = [u8; MAX_WORD];

/// Classification of one lowercased word of `len` bytes (`len <= MAX_WORD`), given
/// zero-padded, from a hash table built once from the word lists below: one hash of two
/// machine words and one comparison of two more per word.
#[inline]
pub(crate) fn classify(w: &Padded, len: usize) -> (Option<Cue>, Role) {
    let t = TABLE.get_or_init(Table::build);
    let mut i = hash(w, len) & t.mask;
    loop {
        // The lengths first: most words of a text are in no list, and their probe ends at
        // an empty slot, which the small array of lengths shows without a cache miss in
        // the table of words.
        match usize::from(t.lens[i]) {
            0 => return (None, Role::Plain),
            l if l == len && t.slots[i].word == *w => {
                let s = &t.slots[i];
                return (s.cue, s.role);
            }
            _ => i = (i + 1) & t.mask,
        }
    }
}

#[inline]
fn hash(w: &Padded, len: usize) -> usize {
    let a = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
    let b = u64::from_le_bytes([w[8], w[9], w[10], w[11], w[12], w[13], w[14], w[15]]);
    let h = (a ^ (len as u64)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ b.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    (h ^ (h >> 32)) as usize
}

#[derive(Clone, Copy)]
struct Slot {
    /// 0 for an empty slot.
    len: u8,
    word: Padded,
    cue: Option<Cue>,
    role: Role,
}

/// Open addressing with linear probing, at most a quarter full.
struct Table {
    slots: Vec<Slot>,
    /// Each slot's `len`, apart.
    lens: Vec<u8>,
    mask: usize,
}

static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();

impl Table {
    fn build() -> Table {
        let n: usize = CUE_WORDS.iter().map(|(_, w)| w.len()).sum::<usize>()
            + ROLE_WORDS.iter().map(|(_, w)| w.len()).sum::<usize>();
        let size = (n * 4).next_power_of_two();
        let mut t = Table {
            slots: vec![
                Slot {
                    len: 0,
                    word: [0; MAX_WORD],
                    cue: None,
                    role: Role::Plain,
                };
                size
            ],
            lens: Vec::new(),
            mask: size - 1,
        };
        // a cue word is never a function word, and the first listing of a word wins
        for &(cue, words) in CUE_WORDS {
            for w in words {
                t.insert(w.as_bytes(), Some(cue), Role::Plain);
            }
        }
        for &(role, words) in ROLE_WORDS {
            for w in words {
                t.insert(w.as_bytes(), None, role);
            }
        }
        t.lens = t.slots.iter().map(|s| s.len).collect();
        t
    }

    fn insert(&mut self, w: &[u8], cue: Option<Cue>, role: Role) {
        assert!(!w.is_empty() && w.len() <= MAX_WORD, "lexicon word {w:?}");
        let mut padded = [0; MAX_WORD];
        padded[..w.len()].copy_from_slice(w);
        let mut i = hash(&padded, w.len()) & self.mask;
        loop {
            let s = &mut self.slots[i];
            if s.len == 0 {
                s.len = w.len() as u8;
                s.word = padded;
                s.cue = cue;
                s.role = role;
                return;
            }
            if usize::from(s.len) == w.len() && s.word == padded {
                return;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// Function words by the part they play around a source; a cue word is never one.
const ROLE_WORDS: &[(Role, &[&str])] = &[
    (
        Role::Pronoun,
        &["he", "she", "they", "we", "i", "it", "you"],
    ),
    (
        Role::Contracted,
        &[
            "he's",
            "she's",
            "they're",
            "we're",
            "i'm",
            "you're",
            "he'd",
            "she'd",
            "they'd",
            "we'd",
            "i'd",
            "he'll",
            "she'll",
            "they'll",
            "we'll",
            "i'll",
            "he’s",
            "she’s",
            "they’re",
            "we’re",
            "i’m",
            "you’re",
            "he’d",
            "she’d",
            "they’d",
            "we’d",
            "i’d",
            "he’ll",
            "she’ll",
            "they’ll",
            "we’ll",
            "i’ll",
        ],
    ),
    (Role::Relative, &["who", "which"]),
    (Role::That, &["that"]),
    (
        Role::Det,
        &[
            "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these",
            "those", "some", "many", "most", "several", "other", "another", "two", "three", "both",
            "all", "one",
        ],
    ),
    (
        Role::Aux,
        &[
            "has",
            "have",
            "had",
            "also",
            "previously",
            "recently",
            "repeatedly",
            "later",
            "then",
            "once",
            "often",
            "long",
            "already",
            "will",
            "would",
            "could",
            "can",
            "may",
            "might",
            "should",
            "must",
            "did",
            "does",
            "do",
            "not",
            "never",
            "just",
            "even",
            "still",
            "since",
            "again",
            "now",
            "first",
            "didn't",
            "doesn't",
            "don't",
            "hasn't",
            "haven't",
            "won't",
            "wouldn't",
            "didn’t",
            "doesn’t",
            "don’t",
            "hasn’t",
            "haven’t",
            "won’t",
            "wouldn’t",
            "ever",
            "further",
            "privately",
            "publicly",
            "reportedly",
            "recent",
            "earlier",
        ],
    ),
    (
        Role::Stop,
        &[
            "and", "but", "or", "because", "when", "while", "if", "as", "so", "though", "although",
            "where", "than", "whether", "what", "how", "why", "in", "on", "at", "during", "with",
            "from", "to", "by", "into", "over", "about", "under", "against", "between", "through",
            "after", "before", "among", "without", "like", "is", "was", "are", "were", "be",
            "been", "being", "there", "here", "unless", "until", "nor", "yet", "whom",
        ],
    ),
    (
        Role::Time,
        &[
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
            "yesterday",
            "today",
            "tonight",
            "last",
            "morning",
            "afternoon",
            "evening",
            "night",
            "week",
            "month",
            "year",
            "weekend",
            "late",
            "hour",
            "hours",
            "minutes",
            "days",
            "weeks",
            "months",
            "years",
        ],
    ),
    (
        Role::Hearer,
        &[
            "reporters",
            "journalists",
            "him",
            "them",
            "me",
            "us",
            "supporters",
            "cnn",
            "abc",
            "nbc",
            "cbs",
            "msnbc",
            "fox",
            "politico",
            "audience",
            "crowd",
            "listeners",
            "viewers",
            "lawmakers",
            "congress",
        ],
    ),
    (Role::According, &["according"]),
];

/// Cue words that are more often nouns in news text, taken as verbs only in a verb's
/// context (see `Doc::verbs_in_context`).
pub(crate) fn is_noun_first(w: &str) -> bool {
    matches!(
        w.as_bytes()[0].to_ascii_lowercase(),
        b't' | b's' | b'n' | b'f' | b'c' | b'p' | b'r' | b'v' | b'a'
    ) && matches!(
        w.to_ascii_lowercase().as_str(),
        "tweet"
            | "tweets"
            | "states"
            | "note"
            | "find"
            | "call"
            | "plan"
            | "rules"
            | "views"
            | "report"
            | "reports"
            | "comments"
    )
}

/// Titles that take the period of an abbreviation without ending a sentence.
pub(crate) fn is_title_abbrev(w: &[u8]) -> bool {
    matches!(
        w,
        b"mr"
            | b"mrs"
            | b"ms"
            | b"dr"
            | b"sen"
            | b"rep"
            | b"gov"
            | b"gen"
            | b"lt"
            | b"col"
            | b"sgt"
            | b"capt"
            | b"rev"
            | b"st"
            | b"jr"
            | b"sr"
            | b"prof"
            | b"pres"
            | b"no"
            | b"vs"
            | b"maj"
            | b"adm"
            | b"cmdr"
            | b"supt"
            | b"insp"
            | b"hon"
            | b"messrs"
            | b"jan"
            | b"feb"
            | b"aug"
            | b"sept"
            | b"oct"
            | b"nov"
            | b"dec"
    )
}

/// Person pronouns that refer back to a speaker.
pub(crate) fn is_person_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "him" | "her")
}

/// Nouns of the occasion or medium of a statement ("in a statement", "at a rally").
pub(crate) fn is_medium(w: &str) -> bool {
    matches!(
        w,
        "statement"
            | "statements"
            | "interview"
            | "interviews"
            | "speech"
            | "letter"
            | "email"
            | "e-mail"
            | "tweet"
            | "tweets"
            | "post"
            | "release"
            | "call"
            | "conference"
            | "rally"
            | "debate"
            | "event"
            | "hearing"
            | "memo"
            | "video"
            | "op-ed"
            | "appearance"
            | "address"
            | "remarks"
            | "briefing"
            | "message"
            | "meeting"
            | "forum"
            | "radio"
            | "television"
            | "show"
            | "podcast"
            | "filing"
            | "testimony"
            | "report"
            | "editorial"
            | "column"
            | "book"
            | "blog"
    )
}

/// The same classification by a scan of the lists, to check the table against.
#[cfg(test)]
fn classify_by_scan(w: &str) -> (Option<Cue>, Role) {
    for &(cue, words) in CUE_WORDS {
        if words.contains(&w) {
            return (Some(cue), Role::Plain);
        }
    }
    for &(role, words) in ROLE_WORDS {
        if words.contains(&w) {
            return (None, role);
        }
    }
    (None, Role::Plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_the_lists() {
        let listed = CUE_WORDS
            .iter()
            .flat_map(|(_, w)| w.iter().copied())
            .chain(ROLE_WORDS.iter().flat_map(|(_, w)| w.iter().copied()));
        let others = [
            "",
            "x",
            "sayss",
            "Said",
            "tuesdays",
            "according-to",
            "he’",
            "zzzz",
        ];
        for w in listed.chain(others) {
            let mut p = [0; MAX_WORD];
            p[..w.len()].copy_from_slice(w.as_bytes());
            assert_eq!(classify(&p, w.len()), classify_by_scan(w), "{w:?}");
        }
    }
}
