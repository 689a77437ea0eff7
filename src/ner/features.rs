//! Feature extraction: every feature is a hashed integer id (bucket) into a
//! fixed-size weight table. Per-token base hashes (word, shape, affixes,
//! gazetteer matches) are computed once per token and then combined with
//! cheap integer mixing, so the hot path allocates nothing per token.

use super::clusters::ClusterTable;
use super::gazetteer::{CAT_TIME, Gazetteer, MORE, N_CATS, SEQ_SEED, WORD_SEED, seq_step};
use super::hash::{IdMap, finish, hash_bytes, mix};

/// Tag inventory: O, then B-/I- for PER, ORG, LOC, MISC.
pub(crate) const NT: usize = 9;
/// Version of the feature templates; stored in the model header so a model
/// trained with different templates is rejected rather than silently wrong.
pub(crate) const FEATURE_VERSION: u32 = 5;

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
    lower: String,
    doc_counts: IdMap<u64, (u32, u32)>,
    pub(crate) feats: Vec<u32>,
    /// Per token: lowercase content word (after truecasing) that cannot
    /// continue a name; used as a decoding constraint.
    pub(crate) no_inside: Vec<bool>,
    /// feats[offsets[t]..offsets[t+1]] are the features of token t (flat over the doc).
    pub(crate) offsets: Vec<u32>,
    /// Per sentence: a line in capitals (headline); `analyze_doc`'s buffer, kept to reuse it.
    caps_lines: Vec<bool>,
    /// Tagger buffers (`Model::tag_doc_ids`): emissions of the pass being
    /// decoded and the second stage's sums over the first-pass features,
    /// per token flat over the document; Viterbi back-pointers and path.
    pub(crate) emit: Vec<[f32; NT]>,
    pub(crate) base2: Vec<[i32; NT]>,
    pub(crate) back: Vec<[u8; NT]>,
    pub(crate) path: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    /// Every first-pass feature (training, and `extract_doc`).
    All,
    /// All but the token's own features (`Extractor::own_features`).
    Context,
}

/// Lanes of a token's own-feature sums: both stages' tags.
pub(crate) const OWN_LANES: usize = 2 * NT;

/// Slots of the per-thread memo of own-feature sums: about 1 MB; on 400 BBC articles
/// 82% of tokens found their form there.
const OWN_SLOTS: usize = 1 << 13;

/// Longest token form (bytes) the memo keeps; longer tokens are summed each time.
const OWN_TEXT: usize = 22;

#[derive(Clone, Copy)]
struct OwnSlot {
    /// The token as written; `len` 0 marks an empty slot.
    text: [u8; OWN_TEXT],
    len: u8,
    case: u8,
    shape: u64,
    sums: [i32; OWN_LANES],
}

const EMPTY_SLOT: OwnSlot = OwnSlot {
    text: [0; OWN_TEXT],
    len: 0,
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
    feats: Vec<u32>,
    lower: String,
}

impl Default for OwnSums {
    fn default() -> Self {
        OwnSums {
            model: u64::MAX,
            slots: Vec::new(),
            feats: Vec::new(),
            lower: String::new(),
        }
    }
}

impl OwnSums {
    /// Sums of token `t`'s own features (`tok` as written), from the memo or from `sum`
    /// over `Extractor::own_features`.
    pub(crate) fn get(
        &mut self,
        model: u64,
        ex: &Extractor<'_>,
        info: &Scratch,
        t: usize,
        tok: &str,
        sum: impl Fn(&mut Vec<u32>) -> [i32; OWN_LANES],
    ) -> [i32; OWN_LANES] {
        if self.model != model {
            self.model = model;
            self.slots.clear();
            self.slots.resize(OWN_SLOTS, EMPTY_SLOT);
        }
        let cur = &info.info[t];
        let bytes = tok.as_bytes();
        let cacheable = !bytes.is_empty() && bytes.len() <= OWN_TEXT;
        let at =
            (finish(cur.word ^ cur.shape.rotate_left(23) ^ cur.case) as usize) & (OWN_SLOTS - 1);
        if cacheable {
            let s = &self.slots[at];
            if s.len as usize == bytes.len()
                && s.case as u64 == cur.case
                && s.shape == cur.shape
                && &s.text[..bytes.len()] == bytes
            {
                return s.sums;
            }
        }
        self.feats.clear();
        ex.own_features(cur, tok, &mut self.lower, &mut self.feats);
        let sums = sum(&mut self.feats);
        if cacheable {
            let s = &mut self.slots[at];
            s.text[..bytes.len()].copy_from_slice(bytes);
            s.len = bytes.len() as u8;
            s.case = cur.case as u8;
            s.shape = cur.shape;
            s.sums = sums;
        }
        sums
    }
}

pub(crate) struct Extractor<'a> {
    pub(crate) bits: u32,
    /// The corpus case table and the cluster table merged (one probe per token).
    pub(crate) words: &'a WordTable,
}

/// What the corpus case table and the cluster table know of a word key.
#[derive(Clone, Copy, Default)]
pub(crate) struct WordInfo {
    /// Corpus case class (0 = not in the corpus table).
    pub(crate) corp: u8,
    /// Cluster ids (`[0, 0]` = not clustered).
    pub(crate) cl: [u16; 2],
}

/// The corpus case table and the cluster table in one map, by `corpus_key`.
pub(crate) type WordTable = IdMap<u32, WordInfo>;

/// Merge the corpus case table and the cluster table. A key missing from
/// one table gets that table's "absent" value, exactly what a separate
/// lookup's default gives.
pub(crate) fn word_table(corpus: &IdMap<u32, u8>, clusters: &ClusterTable) -> WordTable {
    let mut out = WordTable::default();
    out.reserve(corpus.len().max(clusters.len()));
    for (&k, &corp) in corpus {
        out.entry(k).or_default().corp = corp;
    }
    for (&k, &cl) in clusters {
        out.entry(k).or_default().cl = cl;
    }
    out
}

/// Key for the corpus case table.
#[inline]
pub(crate) fn corpus_key(word_hash: u64) -> u32 {
    (word_hash >> 32) as u32
}

fn case_of(tok: &str) -> u64 {
    let mut first = None;
    let (mut up, mut low) = (0u32, 0u32);
    for c in tok.chars() {
        if c.is_alphabetic() {
            if first.is_none() {
                first = Some(c.is_uppercase());
            }
            if c.is_uppercase() {
                up += 1;
            } else if c.is_lowercase() {
                low += 1;
            }
        }
    }
    let Some(first_up) = first else {
        return CASE_OTHER;
    };
    if !tok.chars().next().is_some_and(|c| c.is_alphabetic())
        && !tok.starts_with(['\'', '\u{2019}'])
    {
        // "1990s", "$5bn", "#hashtag": numbers or symbols first.
        if tok.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return CASE_OTHER;
        }
    }
    if low == 0 && up > 0 {
        CASE_UPPER
    } else if up == 0 {
        CASE_LOWER
    } else if first_up && up == 1 {
        CASE_TITLE
    } else if first_up {
        // "McDonald", "iPhone"-like.
        CASE_MIXED
    } else {
        CASE_MIXED
    }
}

/// Collapsed word shape ("Xx", "X.X.", "d,d", "xX") with `case_override`
/// applied for truecased headline words.
fn shape_hash(tok: &str, case_override: Option<u64>) -> u64 {
    let mut buf = [0u8; 12];
    let mut n = 0;
    let mut last = 0u8;
    let mut letter_idx = 0;
    for c in tok.chars() {
        let mut s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_alphabetic() {
            b'a'
        } else if c.is_ascii() {
            c as u8
        } else {
            match c {
                '\u{2019}' | '\u{2018}' => b'\'',
                '\u{201c}' | '\u{201d}' => b'"',
                '\u{2013}' | '\u{2014}' => b'-',
                _ => b'p',
            }
        };
        if s == b'X' || s == b'x' {
            match case_override {
                Some(CASE_LOWER) => s = b'x',
                Some(CASE_TITLE) => s = if letter_idx == 0 { b'X' } else { b'x' },
                _ => {}
            }
            letter_idx += 1;
        }
        if s != last {
            if n < buf.len() {
                buf[n] = s;
                n += 1;
            }
            last = s;
        }
    }
    hash_bytes(0x5eed_5a9e, &buf[..n])
}

fn is_opener(t: &str) -> bool {
    matches!(
        t,
        "\"" | "'" | "\u{201c}" | "\u{2018}" | "(" | "[" | "-" | "--" | ":" | "\u{ab}" | "``"
    )
}

/// Is this sentence an all-caps headline/table line? Shape features are
/// meaningless there, so tokens get truecased before feature extraction.
fn is_caps_line(sent: &[&str]) -> bool {
    let (mut caps, mut alpha) = (0, 0);
    for t in sent {
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 {
            alpha += 1;
            if t.chars().all(|c| !c.is_lowercase()) {
                caps += 1;
            }
        }
    }
    alpha >= 2 && caps * 10 >= alpha * 8
}

/// Lowercase words that may continue a name ("Bank of England", "Ludwig
/// van Beethoven", "Lord of the Rings").
const NAME_CONNECTORS: &[&str] = &[
    "of", "the", "and", "de", "du", "des", "la", "le", "van", "von", "der", "den", "da", "di",
    "del", "dos", "das", "al", "el", "bin", "ibn", "y", "for", "on", "in", "at", "a", "an", "to",
    "upon", "'s", "'n'", "vs", "vs.", "und", "e", "et", "do", "n't", "with", "from", "by", "is",
    "or",
];

/// Lowercase words allowed inside a title-case headline.
const TITLE_FUNCTION_WORDS: &[&str] = &[
    "of", "the", "a", "an", "in", "on", "at", "to", "for", "and", "or", "but", "with", "by",
    "from", "as", "vs", "is", "into", "over",
];

/// Is this a Title Case Headline? Capitalisation of common words there says
/// nothing about names, so common words are truecased to lowercase.
/// Returns the index where the headline starts (after a "Related article:"
/// style lead-in), or None.
fn title_line_start(sent: &[&str]) -> Option<usize> {
    let from = sent
        .iter()
        .rposition(|t| *t == ":")
        .map(|k| k + 1)
        .unwrap_or(0);
    let (mut n, mut cap) = (0, 0);
    for t in &sent[from..] {
        if t.chars().filter(|c| c.is_alphabetic()).count() < 2 || TITLE_FUNCTION_WORDS.contains(t) {
            continue;
        }
        n += 1;
        if t.chars().next().is_some_and(|c| c.is_uppercase()) {
            cap += 1;
        }
    }
    (n >= 3 && cap == n && sent.last().is_none_or(|t| *t != ".")).then_some(from)
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

/// The form a token's word features hash: lowercase, typographic apostrophes and dashes
/// made plain.
fn lower_form(t: &str, out: &mut String) {
    out.clear();
    for c in t.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            '\u{2013}' | '\u{2014}' => out.push('-'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Hashes of the first and last one to four characters of a lowercase form (0 where the
/// affix would be the whole word).
fn affix_hashes(lw: &str) -> ([u64; 4], [u64; 4]) {
    let mut pre = [0u64; 4];
    let mut suf = [0u64; 4];
    let nchars = lw.chars().count();
    if nchars > 1 {
        for (k, (bi, _)) in lw.char_indices().skip(1).take(4).enumerate() {
            pre[k] = hash_bytes(0xA0 + k as u64, &lw.as_bytes()[..bi]);
        }
        if nchars <= 4 {
            pre[nchars - 1] = 0;
        }
        for (k, (bi, _)) in lw.char_indices().rev().take(4).enumerate() {
            if k + 1 < nchars {
                suf[k] = hash_bytes(0xB0 + k as u64, &lw.as_bytes()[bi..]);
            }
        }
    }
    (pre, suf)
}

impl Extractor<'_> {
    #[inline(always)]
    fn bucket(&self, h: u64) -> u32 {
        (finish(h) >> (64 - self.bits)) as u32
    }

    /// For an unknown headline word, is a simple stem ("MEETS" -> "meet",
    /// "STALLED" -> "stall") a lowercase word in the corpus?
    fn stem_is_lower(&self, t: &str) -> bool {
        let lw = t.to_lowercase();
        ["s", "es", "ed", "d", "ing", "ly"].iter().any(|suf| {
            lw.len() > suf.len() + 2
                && lw.ends_with(suf)
                && self
                    .words
                    .get(&corpus_key(hash_bytes(
                        WORD_SEED,
                        &lw.as_bytes()[..lw.len() - suf.len()],
                    )))
                    .map_or(0, |w| w.corp)
                    == CORP_LOWER
        })
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

    /// Per-token analysis of a document (hashes, truecasing, gazetteer
    /// matches, decoding constraints) into `sc`. It does not depend on the
    /// first pass's tags, so the tagger runs it once for both passes.
    pub(crate) fn analyze_doc<S: AsRef<str>>(&self, sents: &[Vec<S>], sc: &mut Scratch) {
        let gaz = Gazetteer::get();
        sc.info.clear();
        sc.doc_counts.clear();
        sc.no_inside.clear();
        sc.caps_lines.clear();
        // Pass 1: per-token base hashes.
        let caps_lines = &mut sc.caps_lines;
        let mut title_lines = Vec::with_capacity(sents.len());
        for sent in sents {
            let strs: smallvec_like::Strs = sent.iter().map(|s| s.as_ref()).collect();
            let caps = is_caps_line(&strs);
            let title_line = if caps { None } else { title_line_start(&strs) };
            caps_lines.push(caps);
            title_lines.push(title_line);
            for (i, t) in strs.iter().enumerate() {
                lower_form(t, &mut sc.lower);
                let lw = sc.lower.as_str();
                let word = hash_bytes(WORD_SEED, lw.as_bytes());
                let nchars = lw.chars().count();
                let raw_case = case_of(t);
                let init = i == 0 || (i <= 2 && strs[..i].iter().all(|p| is_opener(p)));
                let wi = self
                    .words
                    .get(&corpus_key(word))
                    .copied()
                    .unwrap_or_default();
                let corp = wi.corp;
                if !caps
                    && title_line.is_none_or(|f| i < f)
                    && !init
                    && matches!(raw_case, CASE_LOWER | CASE_TITLE | CASE_UPPER | CASE_MIXED)
                {
                    let e = sc.doc_counts.entry(word).or_insert((0, 0));
                    if raw_case == CASE_LOWER {
                        e.0 += 1;
                    } else {
                        e.1 += 1;
                    }
                }
                let inflected =
                    lw.len() > 4 && ["s", "ed", "ing"].iter().any(|suf| lw.ends_with(suf));
                let connector =
                    (raw_case == CASE_LOWER || inflected) && NAME_CONNECTORS.contains(&lw);
                let len_class = match nchars {
                    0..=3 => nchars as u64,
                    4..=6 => 4,
                    7..=10 => 5,
                    _ => 6,
                };
                sc.info.push(TokInfo {
                    word,
                    shape: 0,
                    case: raw_case,
                    raw_case,
                    len_class,
                    gaz_b: 0,
                    gaz_i: 0,
                    corp,
                    doc: 0,
                    cl: wi.cl,
                    init,
                    inflected,
                    connector,
                });
            }
        }
        // Pass 2: document classes, truecasing of caps lines, shapes, gazetteer.
        let mut base = 0;
        for (si, sent) in sents.iter().enumerate() {
            let n = sent.len();
            for (i, t) in sent.iter().enumerate() {
                let t = t.as_ref();
                let inf = &mut sc.info[base + i];
                let (lo, up) = sc.doc_counts.get(&inf.word).copied().unwrap_or((0, 0));
                inf.doc = match (lo > 0, up > 0) {
                    (false, false) => 0,
                    (true, false) => 1,
                    (false, true) => 2,
                    (true, true) => 3,
                };
                let mut over = None;
                if caps_lines[si]
                    && inf.raw_case == CASE_UPPER
                    && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && !t.contains('.')
                {
                    // Guess the usual case: corpus statistics first, then how the
                    // word appears elsewhere in this document; unknown words are
                    // most often names, so default to Title case.
                    let c = match inf.corp {
                        CORP_LOWER => CASE_LOWER,
                        CORP_UPPER => CASE_UPPER,
                        CORP_TITLE => CASE_TITLE,
                        _ if inf.corp == 0 && self.stem_is_lower(t) => CASE_LOWER,
                        _ => match inf.doc {
                            1 => CASE_LOWER,
                            2 | 3 => CASE_TITLE,
                            _ => {
                                if inf.corp == CORP_MIXED {
                                    CASE_LOWER
                                } else {
                                    CASE_TITLE
                                }
                            }
                        },
                    };
                    if c != CASE_UPPER {
                        over = Some(c);
                    }
                    inf.case = c;
                }
                if title_lines[si].is_some_and(|f| i > f)
                    && inf.raw_case == CASE_TITLE
                    && inf.corp == CORP_LOWER
                {
                    over = Some(CASE_LOWER);
                    inf.case = CASE_LOWER;
                }
                inf.shape = shape_hash(t, over);
                // Raw case, not the truecased guess: in "WORLD CUP" or "AMERICAN
                // LEAGUE" the truecaser calls "CUP"/"LEAGUE" lowercase although
                // they continue a name (a hard constraint on that guess cost
                // 1.3 F1 on CoNLL). Only inflected verb-like headline words
                // ("MEETS", "STALLED", "SAYING") are trusted.
                let lowered_headline_verb = over == Some(CASE_LOWER) && inf.inflected;
                sc.no_inside.push(
                    (inf.raw_case == CASE_LOWER || lowered_headline_verb)
                        && t.chars()
                            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}')
                        && !inf.connector,
                );
            }
            // Gazetteer: longest matches starting at each position.
            for i in 0..n {
                let mut h = SEQ_SEED;
                let mut best: Option<(usize, u32)> = None;
                for j in i..n.min(i + gaz.max_len) {
                    h = seq_step(h, sc.info[base + j].word);
                    let s = gaz.step(h);
                    let m = s & !MORE;
                    if m != 0 {
                        best = Some((j, m));
                    }
                    if s & MORE == 0 {
                        break;
                    }
                }
                if let Some((j, m)) = best {
                    sc.info[base + i].gaz_b |= m;
                    for k in i + 1..=j {
                        sc.info[base + k].gaz_i |= m;
                    }
                }
            }
            base += n;
        }
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

    /// Every first-pass feature but the token's own (`own_features`): the tagger sums
    /// those through `OwnSums`.
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
                }
                let sent_info = &info[base..base + n];
                let w = |d: isize| neighbour(sent_info, i, d, |t| t.word);
                let sh = |d: isize| neighbour(sent_info, i, d, |t| t.shape);
                let f = &mut sc.feats;
                let mut push =
                    |tmpl: u64, v: u64| f.push(self.bucket(mix(tmpl.wrapping_mul(0x9E37_79B9), v)));
                push(1, 0);
                push(3, w(-1));
                push(4, w(1));
                push(5, w(-2));
                push(6, w(2));
                push(7, mix(w(-1), cur.word));
                push(8, mix(cur.word, w(1)));
                push(10, sh(-1));
                push(11, sh(1));
                push(12, mix(mix(sh(-1), cur.shape), sh(1)));
                push(22, mix(cur.init as u64, cur.shape));
                push(23, mix(mix(cur.doc as u64, cur.case), cur.init as u64));
                push(24, mix(mix(cur.corp as u64, cur.case), cur.init as u64));
                // No caps-line-specific feature: the training corpora have few
                // all-caps lines (mostly titles of works, tagged MISC), so such
                // a feature would teach "caps line = MISC". Truecasing above
                // makes headline tokens look like ordinary text instead.
                if numrow {
                    push(26, mix((i == 0) as u64, cur.case));
                }
                let titleish = matches!(cur.case, CASE_TITLE | CASE_UPPER | CASE_MIXED) as u64;
                for cat in 0..N_CATS {
                    if cur.gaz_b & (1 << cat) != 0 {
                        push(27, mix(mix(cat as u64, 1), titleish));
                    }
                    if cur.gaz_i & (1 << cat) != 0 {
                        push(27, mix(mix(cat as u64, 2), titleish));
                    }
                }
                if i > 0 {
                    let p = info[base + i - 1];
                    let m = p.gaz_b | p.gaz_i;
                    for cat in 0..N_CATS {
                        if m & (1 << cat) != 0 && cat != CAT_TIME {
                            push(28, cat as u64);
                        }
                    }
                }
                if i + 1 < n {
                    let p = info[base + i + 1];
                    let m = p.gaz_b | p.gaz_i;
                    for cat in 0..N_CATS {
                        if m & (1 << cat) != 0 {
                            push(29, cat as u64);
                        }
                    }
                }
                push(31, mix(w(-1), cur.shape));
                push(32, mix(cur.shape, w(1)));
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
    /// (`emit_features`); the tagger sums them through its memo (`OwnSums`), since the sum
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

mod smallvec_like {
    /// Sentence token list; a plain Vec is fine since it is per sentence,
    /// not per token.
    pub(super) type Strs<'a> = Vec<&'a str>;
}
