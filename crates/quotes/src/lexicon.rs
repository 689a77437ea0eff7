//! Closed word lists: the cue verbs that introduce speech, and the function words that
//! delimit a source noun phrase. Everything is matched on the lowercased ASCII form of a
//! word, once per token when the text is lexed, so later passes compare small enums.

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
        let s = &t.slots[i];
        if s.len == 0 {
            return (None, Role::Plain);
        }
        if usize::from(s.len) == len && s.word == *w {
            return (s.cue, s.role);
        }
        i = (i + 1) & t.mask;
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

/// Cue words by kind, in all inflections; a word listed twice takes its first kind.
const CUE_WORDS: &[(Cue, &[&str])] = &[
    (
        Cue::Speech,
        &[
            "acknowledging",
            "admitting",
            "alleging",
            "asserting",
            "boasting",
            "cautioning",
            "concluding",
            "contending",
            "countering",
            "decrying",
            "echoing",
            "emphasizing",
            "exclaiming",
            "joking",
            "lamenting",
            "maintaining",
            "observing",
            "predicting",
            "proclaiming",
            "quipping",
            "reiterating",
            "remarking",
            "repeating",
            "replying",
            "responding",
            "retorting",
            "shouting",
            "stressing",
            "tweeting",
            "yelling",
        ],
    ),
    (
        Cue::Weak,
        &[
            "confirming",
            "denying",
            "estimating",
            "fearing",
            "indicating",
            "realizing",
            "revealing",
            "showing",
            "suspecting",
            "worrying",
        ],
    ),
    (
        Cue::Intent,
        &[
            "agreeing",
            "declining",
            "deciding",
            "favoring",
            "intending",
            "preferring",
            "refusing",
            "wishing",
        ],
    ),
    (
        Cue::Object,
        &[
            "applauding",
            "attacking",
            "backing",
            "blasting",
            "branding",
            "characterizing",
            "condemning",
            "describing",
            "disputing",
            "dubbing",
            "hailing",
            "highlighting",
            "labeling",
            "lauding",
            "likening",
            "mentioning",
            "portraying",
            "praising",
            "recommending",
            "slamming",
            "thanking",
            "welcoming",
            "mention",
            "mentions",
        ],
    ),
    (
        Cue::Prep,
        &[
            "advocating",
            "bragging",
            "commenting",
            "hinting",
            "lashing",
            "railing",
            "touting",
            "weighing",
        ],
    ),
    (
        Cue::Speech,
        &[
            "say",
            "says",
            "said",
            "saying",
            "add",
            "adds",
            "added",
            "adding",
            "note",
            "notes",
            "noted",
            "noting",
            "argue",
            "argues",
            "argued",
            "arguing",
            "claim",
            "claims",
            "claimed",
            "claiming",
            "warn",
            "warns",
            "warned",
            "warning",
            "write",
            "writes",
            "wrote",
            "writing",
            "report",
            "reports",
            "reported",
            "announce",
            "announces",
            "announced",
            "explain",
            "explains",
            "explained",
            "explaining",
            "insist",
            "insists",
            "insisted",
            "insisting",
            "acknowledge",
            "acknowledges",
            "acknowledged",
            "admit",
            "admits",
            "admitted",
            "contend",
            "contends",
            "contended",
            "assert",
            "asserts",
            "asserted",
            "allege",
            "alleges",
            "alleged",
            "declare",
            "declares",
            "declared",
            "stress",
            "stresses",
            "stressed",
            "emphasize",
            "emphasizes",
            "emphasized",
            "tweet",
            "tweets",
            "tweeted",
            "recall",
            "recalls",
            "recalled",
            "respond",
            "responds",
            "responded",
            "reply",
            "replies",
            "replied",
            "predict",
            "predicts",
            "predicted",
            "suggest",
            "suggests",
            "suggested",
            "suggesting",
            "ask",
            "asks",
            "asked",
            "asking",
            "complain",
            "complains",
            "complained",
            "concede",
            "concedes",
            "conceded",
            "maintain",
            "maintains",
            "maintained",
            "testify",
            "testified",
            "quipped",
            "joked",
            "boasted",
            "cautioned",
            "observed",
            "countered",
            "remarked",
            "conceding",
            "continued",
            "concluded",
            "exclaimed",
            "declaring",
            "proclaimed",
            "wondered",
            "posted",
            "announcing",
            "reads",
            "reiterated",
            "reiterates",
            "repeated",
            "stating",
            "echoed",
            "emailed",
            "observes",
            "retorted",
            "shouted",
            "yelled",
            "lamented",
            "laments",
            "decried",
            "testifying",
            "recalling",
            "texted",
        ],
    ),
    (
        Cue::Tell,
        &[
            "tell", "tells", "told", "telling", "assured", "reminded", "informed",
        ],
    ),
    (
        Cue::Weak,
        &[
            "believe",
            "believes",
            "believed",
            "think",
            "thinks",
            "thought",
            "know",
            "knows",
            "knew",
            "fear",
            "fears",
            "feared",
            "find",
            "finds",
            "found",
            "show",
            "shows",
            "showed",
            "shown",
            "feel",
            "feels",
            "felt",
            "worry",
            "worries",
            "worried",
            "learned",
            "doubt",
            "doubts",
            "estimate",
            "estimates",
            "estimated",
            "indicate",
            "indicates",
            "indicated",
            "confirm",
            "confirms",
            "confirmed",
            "deny",
            "denies",
            "denied",
            "reveal",
            "reveals",
            "revealed",
            "realize",
            "realized",
            "see",
            "sees",
            "saw",
            "understand",
            "understands",
            "states",
            "stated",
            "suspect",
            "suspects",
            "suspected",
            "believing",
            "determined",
            "ruled",
            "rules",
            "projects",
            "projected",
        ],
    ),
    (
        Cue::Intent,
        &[
            "hope",
            "hopes",
            "hoped",
            "hoping",
            "expect",
            "expects",
            "expected",
            "expecting",
            "agree",
            "agrees",
            "agreed",
            "want",
            "wants",
            "wanted",
            "wanting",
            "plan",
            "plans",
            "planned",
            "planning",
            "decline",
            "declines",
            "declined",
            "refuse",
            "refuses",
            "refused",
            "vow",
            "vows",
            "vowed",
            "vowing",
            "pledged",
            "promised",
            "promises",
            "promise",
            "promising",
            "pledge",
            "pledges",
            "pledging",
            "seek",
            "seeks",
            "sought",
            "seeking",
            "intend",
            "intends",
            "intended",
            "decide",
            "decides",
            "decided",
            "offered",
            "offers",
            "propose",
            "proposes",
            "proposed",
            "proposing",
            "prefer",
            "prefers",
            "preferred",
            "wish",
            "wishes",
            "wished",
            "demand",
            "demands",
            "demanded",
            "demanding",
            "prepared",
            "favor",
            "favors",
            "favored",
            "threaten",
            "threatens",
            "threatened",
            "threatening",
        ],
    ),
    (
        Cue::Raise,
        &["seem", "seems", "seemed", "appear", "appears", "appeared"],
    ),
    (
        Cue::Object,
        &[
            "endorse",
            "endorses",
            "endorsed",
            "endorsing",
            "supports",
            "supported",
            "supporting",
            "oppose",
            "opposes",
            "opposed",
            "opposing",
            "reject",
            "rejects",
            "rejected",
            "rejecting",
            "defend",
            "defends",
            "defended",
            "defending",
            "backed",
            "dismiss",
            "dismisses",
            "dismissed",
            "dismissing",
            "blame",
            "blames",
            "blamed",
            "blaming",
            "denounce",
            "denounces",
            "denounced",
            "denouncing",
            "mock",
            "mocks",
            "mocked",
            "mocking",
            "welcomed",
            "welcomes",
            "applauded",
            "applauds",
            "thanked",
            "thanks",
            "questioning",
            "recommended",
            "recommends",
            "ordered",
            "named",
            "criticising",
            "challenged",
            "challenges",
            "disputed",
            "disputes",
            "highlighted",
            "highlights",
            "celebrated",
        ],
    ),
    (
        Cue::Object,
        &[
            "support",
            "expressed",
            "expresses",
            "expressing",
            "lauded",
            "hailed",
            "hails",
            "likened",
            "discuss",
            "discussed",
            "discusses",
            "discussing",
            "views",
            "viewed",
            "considers",
            "considered",
            "portrayed",
            "portrays",
            "characterized",
            "labeled",
            "branded",
            "dubbed",
        ],
    ),
    (
        Cue::Object,
        &[
            "urge",
            "urged",
            "urges",
            "urging",
            "accuse",
            "accuses",
            "accused",
            "accusing",
            "criticize",
            "criticizes",
            "criticized",
            "criticizing",
            "blasted",
            "blasts",
            "slammed",
            "slams",
            "praised",
            "praises",
            "attacked",
            "attacks",
            "cited",
            "cites",
            "citing",
            "described",
            "describes",
            "condemned",
            "condemns",
            "questioned",
            "mentioned",
            "call",
            "calls",
            "called",
            "calling",
        ],
    ),
    (
        Cue::Prep,
        &[
            "talk",
            "talks",
            "talked",
            "talking",
            "speak",
            "speaks",
            "spoke",
            "speaking",
            "refer",
            "refers",
            "referred",
            "referring",
            "point",
            "points",
            "pointed",
            "pointing",
            "focus",
            "focused",
            "focuses",
            "focusing",
            "railed",
            "rails",
            "pushed",
            "pushing",
            "advocate",
            "advocated",
            "advocates",
            "commented",
            "comments",
            "complaining",
            "voted",
            "vote",
            "votes",
            "spoken",
            "lashed",
            "weighed",
            "touted",
            "bragged",
            "hinted",
        ],
    ),
];

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
