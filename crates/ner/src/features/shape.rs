//! Per-token helpers: case class, collapsed shape, lowercase form and
//! affixes, and the tests for headline lines whose capitals say nothing.

use super::lexicon::{FIRST_UPPER, LETTERS2, Lexeme, NO_LOWER, TITLE_FUNCTION};
use super::{CASE_LOWER, CASE_MIXED, CASE_OTHER, CASE_TITLE, CASE_UPPER};
use crate::hash::hash_bytes;

pub(super) fn case_of(tok: &str) -> u64 {
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
pub(super) fn shape_hash(tok: &str, case_override: Option<u64>) -> u64 {
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

pub(super) fn is_opener(t: &str) -> bool {
    matches!(
        t,
        "\"" | "'" | "\u{201c}" | "\u{2018}" | "(" | "[" | "-" | "--" | ":" | "\u{ab}" | "``"
    )
}

/// Is this sentence an all-caps headline/table line? Shape features are
/// meaningless there, so tokens get truecased before feature extraction.
pub(super) fn is_caps_line(sent: &[Lexeme]) -> bool {
    let (mut caps, mut alpha) = (0, 0);
    for t in sent.iter().filter(|t| t.has(LETTERS2)) {
        alpha += 1;
        if t.has(NO_LOWER) {
            caps += 1;
        }
    }
    alpha >= 2 && caps * 10 >= alpha * 8
}

/// Lowercase words that may continue a name ("Bank of England", "Ludwig
/// van Beethoven", "Lord of the Rings").
/// (A `match`, not a list scanned in order: it is asked for most tokens.)
pub(super) fn is_name_connector(lw: &str) -> bool {
    matches!(
        lw,
        "of" | "the"
            | "and"
            | "de"
            | "du"
            | "des"
            | "la"
            | "le"
            | "van"
            | "von"
            | "der"
            | "den"
            | "da"
            | "di"
            | "del"
            | "dos"
            | "das"
            | "al"
            | "el"
            | "bin"
            | "ibn"
            | "y"
            | "for"
            | "on"
            | "in"
            | "at"
            | "a"
            | "an"
            | "to"
            | "upon"
            | "'s"
            | "'n'"
            | "vs"
            | "vs."
            | "und"
            | "e"
            | "et"
            | "do"
            | "n't"
            | "with"
            | "from"
            | "by"
            | "is"
            | "or"
    )
}

/// Lowercase words allowed inside a title-case headline.
pub(super) fn is_title_function_word(t: &str) -> bool {
    matches!(
        t,
        "of" | "the"
            | "a"
            | "an"
            | "in"
            | "on"
            | "at"
            | "to"
            | "for"
            | "and"
            | "or"
            | "but"
            | "with"
            | "by"
            | "from"
            | "as"
            | "vs"
            | "is"
            | "into"
            | "over"
    )
}

/// Is this a Title Case Headline? Capitalisation of common words there says
/// nothing about names, so common words are truecased to lowercase.
/// Returns the index where the headline starts (after a "Related article:"
/// style lead-in), or None.
pub(super) fn title_line_start<S: AsRef<str>>(sent: &[S], lex: &[Lexeme]) -> Option<usize> {
    let from = sent
        .iter()
        .rposition(|t| t.as_ref() == ":")
        .map(|k| k + 1)
        .unwrap_or(0);
    let (mut n, mut cap) = (0, 0);
    for t in &lex[from..] {
        if !t.has(LETTERS2) || t.has(TITLE_FUNCTION) {
            continue;
        }
        n += 1;
        if t.has(FIRST_UPPER) {
            cap += 1;
        }
    }
    (n >= 3 && cap == n && sent.last().is_none_or(|t| t.as_ref() != ".")).then_some(from)
}

/// The form a token's word features hash: lowercase, typographic apostrophes and dashes
/// made plain.
pub(super) fn lower_form(t: &str, out: &mut String) {
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
pub(super) fn affix_hashes(lw: &str) -> ([u64; 4], [u64; 4]) {
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
