//! Within-document canonicalisation of tagged spans: trimming articles,
//! possessives and titles (titles become the mention's `role`), alias
//! normalisation ("U.S." = "the United States"), linking short person
//! references to the full name ("Putin" -> "Vladimir Putin"), and one type
//! per canonical entity.

use super::EntityType;
use rustc_hash::FxHashMap;

use super::gazetteer::{
    CAT_COUNTRY, CAT_ORG, CAT_PLACE, Gazetteer, SEQ_SEED, alias_key, normalize_lower,
    normalize_lower_into, seq_step, word_hash,
};
use super::tokenize::SentenceSpan;

/// Words that may sit inside a title phrase without being titles
/// themselves ("Foreign Minister", "Secretary of State").
const TITLE_CONNECTORS: &[&str] = &[
    "of",
    "state",
    "foreign",
    "defense",
    "defence",
    "finance",
    "interior",
    "deputy",
    "vice",
    "prime",
    "chief",
    "executive",
    "general",
    "attorney",
    "national",
    "security",
    "press",
    "senior",
    "former",
    "acting",
    "first",
    "lady",
    "economy",
    "trade",
    "health",
    "justice",
    "energy",
    "homeland",
    "affairs",
    "external",
    "home",
    "labor",
    "labour",
    "education",
    "agriculture",
    "commerce",
    "transport",
    "treasury",
    "war",
    "army",
    "armed",
    "forces",
    "joint",
    "staff",
    "the",
    "assistant",
    "associate",
    "head",
    "coach",
    "team",
    "party",
    "opposition",
    "majority",
    "minority",
    "supreme",
    "top",
];

/// A span after canonicalisation, still in byte offsets.
#[derive(Debug, Clone)]
pub(crate) struct CanonSpan {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) sentence: usize,
    pub(crate) ty: EntityType,
    pub(crate) canonical: String,
    pub(crate) role: Option<String>,
    /// Lowercased tokens of the trimmed span (for linking).
    words: Vec<String>,
    gaz_known: bool,
    place_known: bool,
}

fn is_title(g: &Gazetteer, lower: &str) -> bool {
    g.is_title_word(lower)
}

/// One buffer for the many words a mention's trimming lowers to test them.
#[derive(Default)]
struct Lowered(String);

impl Lowered {
    /// `normalize_lower(word)`, valid until the next call.
    fn of(&mut self, word: &str) -> &str {
        self.0.clear();
        normalize_lower_into(word, &mut self.0);
        &self.0
    }
}

/// Canonicalise raw tagged spans `(sentence, tok_start, tok_end, type)`.
pub(crate) fn canonicalize(
    text: &str,
    sents: &[SentenceSpan],
    raw: &[(usize, usize, usize, EntityType)],
) -> Vec<CanonSpan> {
    let g = Gazetteer::get();
    let tok = |s: usize, i: usize| -> &str {
        let t = sents[s].tokens[i];
        &text[t.start..t.end]
    };
    let mut low = Lowered::default();
    let mut out = Vec::new();
    for &(si, mut a, mut b, ty) in raw {
        let is_punct = |t: &str| t.chars().all(|c| !c.is_alphanumeric());
        // Trim quotes/punctuation, possessive clitics and a leading article.
        while a < b && is_punct(tok(si, a)) {
            a += 1;
        }
        while b > a && (is_punct(tok(si, b - 1)) || matches!(low.of(tok(si, b - 1)), "'s" | "'")) {
            b -= 1;
        }
        if b - a > 1 && low.of(tok(si, a)) == "the" {
            a += 1;
        }
        if a >= b {
            continue;
        }
        // Titles inside a person span ("President Donald Trump") become the role.
        let mut role_start = None;
        if ty == EntityType::Person {
            while b - a > 1 && is_title(g, low.of(tok(si, a))) {
                role_start.get_or_insert(a);
                a += 1;
            }
        }
        // "U.S. President Donald Trump": a title inside the span ends the
        // prefix; the name is what follows it.
        if ty == EntityType::Person
            && role_start.is_none()
            && let Some(k) = (a + 1..b - 1)
                .rev()
                .find(|&k| is_title(g, low.of(tok(si, k))))
        {
            let mut first = k;
            while first > a && is_title(g, low.of(tok(si, first - 1))) {
                first -= 1;
            }
            role_start = Some(first);
            a = k + 1;
        }
        // Titles just before a person span ("Kremlin spokesman Dmitry Peskov").
        let mut rs = role_start.unwrap_or(a);
        let inner_prefix =
            role_start.is_some_and(|r| r > 0 && !is_title(g, low.of(tok(si, r - 1))));
        if ty == EntityType::Person {
            let mut k = rs;
            let mut saw_title = role_start.is_some();
            while k > 0 && !inner_prefix {
                let l = low.of(tok(si, k - 1));
                if is_title(g, l) {
                    saw_title = true;
                    k -= 1;
                } else if TITLE_CONNECTORS.contains(&l) {
                    k -= 1;
                } else {
                    break;
                }
            }
            // Drop leading connectors that cannot start a title ("of", "the").
            while k < rs && matches!(low.of(tok(si, k)), "of" | "the" | "former" | "top") {
                k += 1;
            }
            if saw_title && k < rs {
                rs = k;
            } else if !saw_title {
                rs = a;
            }
        }
        let role = if ty == EntityType::Person && rs < a {
            Some(squash_ws(
                &text[sents[si].tokens[rs].start..sents[si].tokens[a - 1].end],
            ))
        } else {
            None
        };
        let start = sents[si].tokens[a].start;
        let end = sents[si].tokens[b - 1].end;
        let surface = squash_ws(&text[start..end]);
        let key = alias_key(&surface);
        let alias = g.alias(&key);
        let canonical = alias.map(str::to_string).unwrap_or_else(|| surface.clone());
        let words: Vec<String> = (a..b).map(|i| normalize_lower(tok(si, i))).collect();
        let mut h = SEQ_SEED;
        for w in &words {
            h = seq_step(h, word_hash(w));
        }
        let mask = if words.len() <= g.max_len {
            g.lookup(h)
        } else {
            0
        };
        let place = (1 << CAT_COUNTRY) | (1 << CAT_PLACE);
        // Well-known names have a fixed type in the product tables, whatever
        // the tagger's metonymy guess: "the White House" is an organisation,
        // "the U.S." a place.
        let ty = if ty != EntityType::Person && mask & (1 << CAT_ORG) != 0 && mask & place == 0 {
            EntityType::Org
        } else if ty != EntityType::Person && mask & (1 << CAT_COUNTRY) != 0 {
            EntityType::Location
        } else {
            ty
        };
        out.push(CanonSpan {
            start,
            end,
            sentence: si,
            ty,
            canonical,
            role,
            words,
            gaz_known: alias.is_some() || mask != 0,
            place_known: mask & place != 0,
        });
    }
    link_acronyms(text, &mut out);
    link_persons(&mut out);
    // Each span's alias key, once: merging case variants keeps it (a span only takes the
    // spelling of another with the same key), so grouping types reads the same keys.
    let keys: Vec<String> = out.iter().map(|s| alias_key(&s.canonical)).collect();
    merge_case_variants(&mut out, &keys);
    unify_types(&mut out, &keys);
    out
}

/// "Equal Opportunities Commission (EOC)": the acronym in brackets right
/// after a name whose initials it spells is the same entity everywhere in
/// the article.
fn link_acronyms(text: &str, spans: &mut [CanonSpan]) {
    let mut map: Vec<(String, String, EntityType)> = Vec::new();
    for w in spans.windows(2) {
        let (long, short) = (&w[0], &w[1]);
        if long.sentence != short.sentence || text[long.end..short.start].trim() != "(" {
            continue;
        }
        if !text[short.end..].trim_start().starts_with(')') {
            continue;
        }
        let acr: String = short
            .canonical
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        if acr.len() < 2 || acr.chars().any(|c| c.is_lowercase()) {
            continue;
        }
        let initials: String = long
            .canonical
            .split_whitespace()
            .filter(|w| w.chars().next().is_some_and(|c| c.is_uppercase()))
            .filter_map(|w| w.chars().next())
            .collect();
        if initials == acr {
            map.push((alias_key(&short.canonical), long.canonical.clone(), long.ty));
        }
    }
    if map.is_empty() {
        return;
    }
    // The first definition of each acronym wins.
    let mut by_key: FxHashMap<String, (String, EntityType)> = FxHashMap::default();
    for (k, c, ty) in map {
        by_key.entry(k).or_insert((c, ty));
    }
    for s in spans.iter_mut() {
        if let Some((c, ty)) = by_key.get(&alias_key(&s.canonical)) {
            s.canonical = c.clone();
            s.ty = *ty;
        }
    }
}

fn squash_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// "Putin" / "Mr. Putin" -> "Vladimir Putin" when exactly one longer person
/// name in the document ends (or starts) with the same words.
fn link_persons(spans: &mut [CanonSpan]) {
    let g = Gazetteer::get();
    // Each distinct full name once, with the positions of its mentions in order: an article
    // repeating one name 100,000 times must not cost 100,000 comparisons per mention.
    let mut full: Vec<(Vec<String>, String, Vec<usize>)> = Vec::new();
    let mut seen: FxHashMap<(&[String], &str), usize> = FxHashMap::default();
    for (i, s) in spans.iter().enumerate() {
        if s.ty == EntityType::Person && s.words.len() >= 2 {
            let k = *seen.entry((&s.words, &s.canonical)).or_insert_with(|| {
                full.push((s.words.clone(), s.canonical.clone(), Vec::new()));
                full.len() - 1
            });
            full[k].2.push(i);
        }
    }
    for i in 0..spans.len() {
        let s = &spans[i];
        let n = s.words.len();
        // Other types are re-typed only for single unknown words that match a
        // person's surname ("Trump" tagged ORG in "Trump administration").
        let eligible =
            s.ty == EntityType::Person || (n == 1 && !s.gaz_known && s.ty != EntityType::Location);
        if !eligible {
            continue;
        }
        // For each matching full name, its mention nearest before this one, else the
        // nearest after.
        let mut cands: Vec<(usize, &String)> = full
            .iter()
            .filter(|(w, _, _)| {
                w.len() > n
                    && (w[w.len() - n..] == s.words[..]
                        || (s.ty == EntityType::Person && w[..n] == s.words[..]))
            })
            .map(|(_, c, at)| {
                let after = at.partition_point(|&j| j < i);
                let j = if after > 0 { at[after - 1] } else { at[after] };
                (j, c)
            })
            .collect();
        // Prefer full names that end with the short form (surnames), start
        // with a known first name, and come before the short form nearest.
        cands.sort_by_key(|(j, _)| {
            let w = &spans[*j].words;
            let suffix = w[w.len() - n..] == spans[i].words[..];
            let first_name = g.is_first_name(&w[0]);
            (!suffix, !first_name, *j > i, j.abs_diff(i))
        });
        let mut distinct: Vec<&String> = cands.iter().map(|c| c.1).collect();
        distinct.sort();
        distinct.dedup();
        if cands.is_empty() && s.ty == EntityType::Person && n == 1 && s.place_known {
            // A lone "Washington" with no "George Washington" in the article
            // is the place.
            spans[i].ty = EntityType::Location;
            continue;
        }
        if distinct.len() == 1 || (!cands.is_empty() && s.ty == EntityType::Person) {
            // With several candidates prefer the nearest preceding full name.
            let c = cands[0].1.clone();
            spans[i].canonical = c;
            spans[i].ty = EntityType::Person;
        }
    }
}

/// "UKRAINE" in a headline and "Ukraine" in the body are one entity: use
/// the first canonical spelling that is not all caps. `keys[i]` is span i's alias key.
fn merge_case_variants(spans: &mut [CanonSpan], keys: &[String]) {
    // Per key, the span whose spelling the key's spans take.
    let mut best: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, s) in spans.iter().enumerate() {
        let caps = !s.canonical.chars().any(|c| c.is_lowercase());
        let e = best.entry(keys[i].as_str()).or_insert(i);
        if !caps && !spans[*e].canonical.chars().any(|c| c.is_lowercase()) {
            *e = i;
        }
    }
    // A chosen span is its own key's choice, so it keeps its spelling in this loop.
    for i in 0..spans.len() {
        let j = best[keys[i].as_str()];
        if j != i && spans[i].canonical != spans[j].canonical {
            spans[i].canonical = spans[j].canonical.clone();
        }
    }
}

/// One type per canonical name: the majority type of its mentions, ties
/// going to the first mention (the tagger is inconsistent on repeats such as
/// "Kremlin" ORG vs LOC). `keys[i]` is span i's alias key.
fn unify_types(spans: &mut [CanonSpan], keys: &[String]) {
    let mut groups: FxHashMap<&str, ([u32; 4], EntityType)> = FxHashMap::default();
    for (s, key) in spans.iter().zip(keys) {
        let e = groups.entry(key.as_str()).or_insert(([0; 4], s.ty));
        e.0[s.ty as usize] += 1;
    }
    for (s, key) in spans.iter_mut().zip(keys) {
        let (counts, first) = groups[key.as_str()];
        let mut best = first;
        for t in EntityType::ALL {
            if counts[t as usize] > counts[best as usize] {
                best = t;
            }
        }
        s.ty = best;
    }
}
