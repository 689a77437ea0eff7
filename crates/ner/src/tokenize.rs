//! Tokenizer and sentence splitter for raw article text.
//!
//! Tokens follow the conventions of the training corpora (CoNLL/PTB-like):
//! punctuation is split off, clitics ("'s", "n't") are separate tokens,
//! abbreviations keep their period ("U.S.", "Mr.", "Feb."), numbers keep
//! internal separators ("1,000", "3.5"), URLs stay whole. All offsets are byte
//! offsets into the input `&str`; `extract_entities` converts them to code points.

use super::gazetteer::{
    CAT_COUNTRY, CAT_DEMONYM, CAT_PLACE, Gazetteer, SEQ_SEED, seq_step, word_hash,
};

/// A token as a half-open byte range into the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenSpan {
    pub start: usize,
    pub end: usize,
}

/// A sentence: its byte range and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceSpan {
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<TokenSpan>,
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "col", "lt", "sgt",
    "capt", "cmdr", "adm", "maj", "gov", "sen", "rep", "rev", "hon", "pres", "supt", "inc", "corp",
    "co", "ltd", "bros", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "vs", "etc", "ave", "blvd", "rd", "dept", "univ", "approx", "est", "fig", "vol",
    "op", "cf", "al", "mass", "calif", "fla", "wash", "ill", "tex", "ariz", "conn", "penn", "pa",
    "va", "md", "ga", "la", "mich", "minn", "wis", "ore", "okla", "ky", "tenn", "ala", "colo",
    "neb", "nev", "kan",
];

/// Words that commonly start a sentence; used to decide whether "U.S." at
/// the end of a clause also ends the sentence.
const SENT_STARTERS: &[&str] = &[
    "The",
    "It",
    "He",
    "She",
    "They",
    "We",
    "I",
    "In",
    "According",
    "But",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "His",
    "Her",
    "Their",
    "Its",
    "There",
    "On",
    "At",
    "After",
    "Before",
    "When",
    "While",
    "However",
    "Meanwhile",
    "Earlier",
    "Later",
    "Also",
    "And",
];

fn is_abbrev(word: &str) -> bool {
    // Dotted acronyms such as "U.S" / "a.m" (the final '.' is not yet attached).
    if word.contains('.') {
        return word
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2);
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.clone().next()) {
        // Single capital letter: an initial, as in "J. R. R. Tolkien".
        if c.is_uppercase() {
            return true;
        }
    }
    word.len() <= 5 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

#[inline]
fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Split raw text into tokens (byte spans), without sentence structure.
/// `split_hyphens` splits "Russia-U.S." style compounds of known place
/// names; it is off while the gazetteer itself is being built.
pub(crate) fn tokenize_spans(text: &str, split_hyphens: bool, out: &mut Vec<TokenSpan>) {
    spans(text, split_hyphens, true, out);
}

/// `tokenize_spans`, with or without the shortcut for plain words (`plain_word_chunk`);
/// without it only to check that the shortcut changes nothing.
#[inline(always)]
fn spans(text: &str, split_hyphens: bool, plain_words: bool, out: &mut Vec<TokenSpan>) {
    let bytes = text.as_bytes();
    // One buffer for every chunk's characters, not one allocation per chunk.
    let mut chars: Vec<(usize, char)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // Skip whitespace.
        let (white, len) = whitespace_at(text, i);
        if white {
            i += len;
            continue;
        }
        // Find the whitespace-delimited chunk.
        let mut chunk_end = i + len;
        while chunk_end < bytes.len() {
            let (white, len) = whitespace_at(text, chunk_end);
            if white {
                break;
            }
            chunk_end += len;
        }
        if plain_words && plain_word_chunk(text, i, chunk_end, out) {
            i = chunk_end;
            continue;
        }
        let chunk = &text[i..chunk_end];
        if has_scheme_separator(chunk) || chunk.starts_with("www.") || is_email(chunk) {
            // URLs and e-mail addresses stay whole, minus wrapping punctuation.
            let lead = chunk.len() - chunk.trim_start_matches(['<', '(', '[', '"', '\'']).len();
            let body_end = chunk
                .trim_end_matches(['>', ')', ']', '"', '\'', '.', ',', ';', ':'])
                .len();
            for k in 0..lead {
                out.push(TokenSpan {
                    start: i + k,
                    end: i + k + 1,
                });
            }
            if body_end > lead {
                out.push(TokenSpan {
                    start: i + lead,
                    end: i + body_end,
                });
            }
            for (k, ch) in chunk[body_end..].char_indices() {
                let s = i + body_end + k;
                out.push(TokenSpan {
                    start: s,
                    end: s + ch.len_utf8(),
                });
            }
            i = chunk_end;
            continue;
        }
        tokenize_chunk(text, i, chunk_end, split_hyphens, &mut chars, out);
        i = chunk_end;
    }
}

/// Most chunks of news text are an ASCII word, alone or with one mark after it ("said,",
/// "Monday."): their tokens, the ones `tokenize_chunk` gives, are pushed here without
/// decoding the chunk into characters. Whether the chunk was such a one.
#[inline]
fn plain_word_chunk(text: &str, start: usize, end: usize, out: &mut Vec<TokenSpan>) -> bool {
    let chunk = &text.as_bytes()[start..end];
    let word = chunk
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if word == chunk.len() {
        out.push(TokenSpan { start, end });
        return true;
    }
    if word == 0 || word + 1 != chunk.len() {
        return false;
    }
    let mark = start + word;
    match chunk[word] {
        // A period ends an abbreviation ("Mr.", "J.") or follows the word.
        b'.' if is_abbrev(&text[start..mark]) => out.push(TokenSpan { start, end }),
        b'.' | b',' | b';' | b':' | b'?' | b'!' | b')' | b']' | b'"' => {
            out.push(TokenSpan { start, end: mark });
            out.push(TokenSpan { start: mark, end });
        }
        _ => return false,
    }
    true
}

/// Whether the character at byte `i` is whitespace, and its length: an ASCII byte by a
/// table lookup (most of news text), other characters decoded.
#[inline(always)]
fn whitespace_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (ASCII_WHITESPACE[usize::from(b)], 1)
    } else {
        let (c, len) = char_at(text, i);
        (c.is_whitespace(), len)
    }
}

/// `char::is_whitespace` of each ASCII character.
const ASCII_WHITESPACE: [bool; 128] = {
    let mut white = [false; 128];
    let mut b = 0;
    while b < 128 {
        white[b] = (b as u8 as char).is_whitespace();
        b += 1;
    }
    white
};

/// The character at byte `i` of `text` (a char boundary) and its length in bytes.
#[inline(always)]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap();
        (c, c.len_utf8())
    }
}

/// Whether the chunk holds "://" (a URL's scheme separator).
#[inline]
fn has_scheme_separator(chunk: &str) -> bool {
    chunk.as_bytes().windows(3).any(|w| w == b"://")
}

/// The end of the run of letters in `chars` that starts at `from`.
fn letters_end(chars: &[(usize, char)], from: usize) -> usize {
    from + chars.get(from..).map_or(0, |rest| {
        rest.iter().take_while(|(_, c)| c.is_alphabetic()).count()
    })
}

fn is_email(chunk: &str) -> bool {
    // '@' is ASCII: its byte is never part of another character's encoding.
    if let Some(at) = chunk.bytes().position(|b| b == b'@') {
        at > 0
            && chunk[at..].contains('.')
            && chunk[..at]
                .chars()
                .all(|c| c.is_alphanumeric() || "._-+".contains(c))
    } else {
        false
    }
}

fn tokenize_chunk(
    text: &str,
    start: usize,
    end: usize,
    split_hyphens: bool,
    chars: &mut Vec<(usize, char)>,
    out: &mut Vec<TokenSpan>,
) {
    let s = &text[start..end];
    chars.clear();
    chars.extend(s.char_indices());
    let chars = &chars[..];
    let n = chars.len();
    let at = |k: usize| -> Option<char> { if k < n { Some(chars[k].1) } else { None } };
    let off = |k: usize| -> usize { if k < n { start + chars[k].0 } else { end } };
    let mut k = 0;
    while k < n {
        let c = chars[k].1;
        if c.is_alphanumeric() {
            // Scan a word.
            let w0 = k;
            let mut j = k + 1;
            while j < n {
                let cj = chars[j].1;
                if cj.is_alphanumeric() {
                    j += 1;
                    continue;
                }
                let next = at(j + 1);
                let next_alnum = next.is_some_and(|c| c.is_alphanumeric());
                let prev = chars[j - 1].1;
                match cj {
                    '.' if next_alnum => j += 1,
                    ',' if prev.is_ascii_digit() && next.is_some_and(|c| c.is_ascii_digit()) => {
                        j += 1
                    }
                    '-' if next_alnum => j += 1,
                    '&' if prev.is_uppercase() && next.is_some_and(|c| c.is_uppercase()) => j += 1,
                    c2 if is_apos(c2) && next_alnum => {
                        // Clitic? letters after the apostrophe up to the chunk's next non-letter.
                        let mut e = j + 1;
                        while e < n && chars[e].1.is_alphabetic() {
                            e += 1;
                        }
                        let clitic: String = chars[j + 1..e].iter().map(|x| x.1).collect();
                        let is_clitic = e >= n || !chars[e].1.is_alphanumeric();
                        let lc = clitic.to_lowercase();
                        if is_clitic && ["s", "re", "ve", "ll", "d", "m"].contains(&lc.as_str()) {
                            break;
                        }
                        if is_clitic && lc == "t" && prev == 'n' && j - 1 > w0 {
                            // "don't" -> "do" + "n't": move the split before the 'n'.
                            j -= 1;
                            break;
                        }
                        j += 1;
                    }
                    _ => break,
                }
            }
            // Attach a trailing period to abbreviations.
            let word = &text[off(w0)..off(j)];
            let mut wend = j;
            if at(j) == Some('.')
                && (is_abbrev(word)
                    || (split_hyphens && {
                        let last_part = word.rsplit('-').next().unwrap_or(word);
                        last_part.len() < word.len()
                            && last_part.contains('.')
                            && is_abbrev(last_part)
                    }))
            {
                wend = j + 1;
            }
            emit_word(text, off(w0), off(wend), split_hyphens, out);
            k = wend;
            // "n't" clitic after a split "do|n't".
            if k < n && chars[k].1 == 'n' && at(k + 1).is_some_and(is_apos) {
                let e = letters_end(chars, k + 2);
                out.push(TokenSpan {
                    start: off(k),
                    end: off(e),
                });
                k = e;
            }
            continue;
        }
        if is_apos(c)
            && at(k + 1).is_some_and(|c| c.is_alphabetic())
            && k > 0
            && chars[k - 1].1.is_alphanumeric()
        {
            // Clitic token such as "'s".
            let e = letters_end(chars, k + 1);
            out.push(TokenSpan {
                start: off(k),
                end: off(e),
            });
            k = e;
            continue;
        }
        // Punctuation: group runs of the same char for "...", "--", "!!".
        let mut e = k + 1;
        if c == '.' || c == '-' || c == '!' || c == '?' {
            while e < n && chars[e].1 == c {
                e += 1;
            }
        }
        out.push(TokenSpan {
            start: off(k),
            end: off(e),
        });
        k = e;
    }
}

/// Emit one scanned word, splitting "Russia-U.S." into "Russia", "-", "U.S."
/// when a part is a known country/place/demonym: entity boundaries in news
/// often fall inside such compounds, while "Jean-Pierre" stays whole.
fn emit_word(text: &str, start: usize, end: usize, split_hyphens: bool, out: &mut Vec<TokenSpan>) {
    let w = &text[start..end];
    if split_hyphens && w.contains('-') {
        let parts: Vec<&str> = w.split('-').collect();
        let all_cap = parts
            .iter()
            .all(|p| p.chars().next().is_some_and(|c| c.is_uppercase()));
        if all_cap && parts.len() <= 4 {
            let g = Gazetteer::get();
            let mask = (1 << CAT_COUNTRY) | (1 << CAT_PLACE) | (1 << CAT_DEMONYM);
            let known = parts.iter().any(|p| {
                let lower = super::gazetteer::normalize_lower(p);
                let h = seq_step(SEQ_SEED, word_hash(&lower));
                let h2 = seq_step(SEQ_SEED, word_hash(&format!("{lower}.")));
                g.lookup(h) & mask != 0 || g.lookup(h2) & mask != 0
            });
            if known {
                let mut p = start;
                for (idx, part) in parts.iter().enumerate() {
                    if idx > 0 {
                        out.push(TokenSpan {
                            start: p,
                            end: p + 1,
                        });
                        p += 1;
                    }
                    if !part.is_empty() {
                        out.push(TokenSpan {
                            start: p,
                            end: p + part.len(),
                        });
                    }
                    p += part.len();
                }
                return;
            }
        }
    }
    out.push(TokenSpan { start, end });
}

/// Tokens of a short string (used to tokenise gazetteer entries the same way
/// as text).
pub(crate) fn tokenize_words(text: &str) -> Vec<&str> {
    let mut v = Vec::new();
    tokenize_spans(text, false, &mut v);
    v.into_iter().map(|t| &text[t.start..t.end]).collect()
}

/// Called for every token: the first byte rules out the words.
fn is_terminal(t: &str) -> bool {
    match t.as_bytes().first() {
        Some(b'.' | b'!' | b'?') => t.bytes().all(|b| matches!(b, b'.' | b'!' | b'?')),
        Some(0xe2) => t == "\u{2026}",
        _ => false,
    }
}

fn is_closer(t: &str) -> bool {
    matches!(
        t,
        "\"" | "'" | "\u{201d}" | "\u{2019}" | ")" | "]" | "\u{bb}"
    )
}

fn starts_upper_or_digit(t: &str) -> bool {
    t.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || "\"\u{201c}\u{2018}'([\u{ab}".contains(c)
    })
}

/// Tokenize raw text and split it into sentences. Newlines end a sentence
/// unless the line visibly continues (no final punctuation and the next
/// line starts lowercase), so headlines, datelines and captions become
/// their own sentences.
pub fn split_sentences(text: &str) -> Vec<SentenceSpan> {
    // News text runs about five bytes a token: sized for that, the vector rarely grows
    // (each growth a copy of every token so far).
    let mut toks = Vec::with_capacity(text.len() / 4);
    tokenize_spans(text, true, &mut toks);
    let mut sents = Vec::new();
    // The current sentence is toks[first..k]; each sentence's tokens are copied out once,
    // at their exact length.
    let mut first = 0;
    for k in 1..toks.len() {
        let (prev, t) = (toks[k - 1], toks[k]);
        let gap = &text[prev.end..t.start];
        let pt = &text[prev.start..prev.end];
        let nt = &text[t.start..t.end];
        let prev_term = is_terminal(pt)
            || (is_closer(pt) && k - first >= 2 && {
                let p2 = toks[k - 2];
                is_terminal(&text[p2.start..p2.end])
            });
        // Gaps are mostly one space: a byte loop, not a `memchr` call.
        let split = if gap.bytes().any(|b| b == b'\n') {
            prev_term || !nt.chars().next().is_some_and(|c| c.is_lowercase())
        } else if prev_term {
            // Wait for closing quotes to attach to the ending sentence.
            !is_closer(nt) && starts_upper_or_digit(nt)
        } else if pt.ends_with('.') && pt.len() > 2 && pt[..pt.len() - 1].contains('.') {
            SENT_STARTERS.contains(&nt)
        } else {
            false
        };
        if split {
            sents.push(make_sentence(toks[first..k].to_vec()));
            first = k;
        }
    }
    if first < toks.len() {
        sents.push(make_sentence(toks[first..].to_vec()));
    }
    sents
}

fn make_sentence(tokens: Vec<TokenSpan>) -> SentenceSpan {
    SentenceSpan {
        start: tokens[0].start,
        end: tokens[tokens.len() - 1].end,
        tokens,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_tokens_are_runs_of_stops_or_an_ellipsis() {
        for t in [".", "!", "?", "...", "?!", "!!!", "?.", "\u{2026}"] {
            assert!(is_terminal(t), "{t}");
        }
        for t in [
            "",
            "a",
            "Mr.",
            "U.S.",
            "\u{2026}\u{2026}",
            "?\u{2026}",
            "\u{201d}",
            ".a",
            "-",
        ] {
            assert!(!is_terminal(t), "{t}");
        }
    }

    fn toks(s: &str) -> Vec<&str> {
        let mut v = Vec::new();
        tokenize_spans(s, true, &mut v);
        v.into_iter().map(|t| &s[t.start..t.end]).collect()
    }

    #[test]
    fn abbreviations_clitics_numbers() {
        assert_eq!(
            toks("U.S. President Donald Trump’s tariffs, worth $1,000.50, don't work."),
            vec![
                "U.S.",
                "President",
                "Donald",
                "Trump",
                "’s",
                "tariffs",
                ",",
                "worth",
                "$",
                "1,000.50",
                ",",
                "do",
                "n't",
                "work",
                "."
            ]
        );
        assert_eq!(
            toks("Mr. O'Brien met Dr. J. Smith"),
            vec!["Mr.", "O'Brien", "met", "Dr.", "J.", "Smith"]
        );
    }

    #[test]
    fn hyphens_and_urls() {
        assert_eq!(
            toks("Russia-U.S. talks"),
            vec!["Russia", "-", "U.S.", "talks"]
        );
        assert_eq!(
            toks("Jean-Pierre's well-known"),
            vec!["Jean-Pierre", "'s", "well-known"]
        );
        assert_eq!(
            toks("<https://example.com/a-b?x=1>"),
            vec!["<", "https://example.com/a-b?x=1", ">"]
        );
    }

    #[test]
    fn plain_word_shortcut_gives_the_general_tokens() {
        let marks = [
            ".", ",", ";", ":", "?", "!", ")", "]", "\"", "'", "-", "'s", "..",
        ];
        let words = [
            "said", "Mr", "J", "U", "a", "2024", "x9", "Inc", "St", "etc", "No",
        ];
        let mut text = String::new();
        for w in words {
            for m in marks {
                text.push_str(&format!("{w}{m} ({w}{m} {w} {m}{w}\n"));
            }
        }
        text.push_str("U.S. Mr. O'Brien, don't $1,000.50 www.x.org a@b.co https://e.com/x.");
        let mut fast = Vec::new();
        tokenize_spans(&text, true, &mut fast);
        let mut general = Vec::new();
        spans(&text, true, false, &mut general);
        assert_eq!(fast, general);
        assert!(fast.len() > 500);
    }

    #[test]
    fn sentences() {
        let text = "Headline Here\n\nThe talks stalled. Peskov said \"no.\" He left the U.S. on Monday.\nA wrapped line that\ncontinues here.";
        let s = split_sentences(text);
        let got: Vec<&str> = s.iter().map(|x| &text[x.start..x.end]).collect();
        assert_eq!(
            got,
            vec![
                "Headline Here",
                "The talks stalled.",
                "Peskov said \"no.\"",
                "He left the U.S. on Monday.",
                "A wrapped line that\ncontinues here."
            ]
        );
    }
}
