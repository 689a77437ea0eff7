//! Tokeniser for the timex scanner.
//!
//! Why hand-written: the engine must run at several hundred thousand tokens
//! per second per core. A single pass that splits text into words, digit runs
//! and single punctuation marks, plus a lowercase copy of the text (ASCII
//! lowercasing keeps byte offsets identical), lets every rule be a cheap
//! `match` on `&str` slices, with no regex compilation or backtracking.

/// Coarse token class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of alphabetic characters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single non-space character.
    Punct,
}

/// One token. `s` is the lowercased text, `orig` the text as written.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token<'a> {
    pub s: &'a str,
    pub orig: &'a str,
    /// Byte offsets into the original text.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Whitespace directly precedes this token.
    pub space_before: bool,
    /// A line break precedes this token (paragraph or heading boundary).
    pub newline_before: bool,
}

impl Token<'_> {
    pub fn is_num(&self) -> bool {
        self.kind == Kind::Num
    }
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    /// Numeric value of a digit token (None for other tokens or overflow).
    pub fn num(&self) -> Option<u32> {
        if self.kind == Kind::Num && self.s.len() <= 9 {
            self.s.parse().ok()
        } else {
            None
        }
    }
    pub fn is_capitalized(&self) -> bool {
        self.orig.chars().next().is_some_and(char::is_uppercase)
    }
    /// Straight or typographic apostrophe.
    pub fn is_apostrophe(&self) -> bool {
        matches!(self.s, "'" | "\u{2019}" | "\u{2018}")
    }
    /// Hyphen or dash of any kind.
    pub fn is_dash(&self) -> bool {
        matches!(
            self.s,
            "-" | "\u{2013}" | "\u{2014}" | "\u{2010}" | "\u{2011}"
        )
    }
}

/// Splits `text` into tokens; `lower` must be `text.to_ascii_lowercase()`.
pub(super) fn tokenize<'a>(text: &'a str, lower: &'a str) -> Vec<Token<'a>> {
    let bytes = text.as_bytes();
    // News text runs about five bytes a token (BBC: 4.9): a quarter of its length leaves
    // the vector room, where a fifth made it grow (a copy of every token) in most articles.
    let mut toks = Vec::with_capacity(text.len() / 4);
    let mut i = 0;
    let mut space_before = true;
    let mut newline_before = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            space_before = true;
            if b == b'\n' {
                newline_before = true;
            }
            i += 1;
            continue;
        }
        let start = i;
        let kind;
        if b.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            kind = Kind::Num;
        } else if b.is_ascii_alphabetic() || (b >= 0x80 && starts_alpha(&text[i..])) {
            while i < bytes.len() {
                let c = bytes[i];
                if c.is_ascii_alphabetic() {
                    i += 1;
                } else if c >= 0x80 && starts_alpha(&text[i..]) {
                    i += utf8_len(c);
                } else {
                    break;
                }
            }
            kind = Kind::Word;
        } else {
            let ch_len = if b < 0x80 { 1 } else { utf8_len(b) };
            // Treat non-breaking and other Unicode spaces as whitespace.
            if b >= 0x80 && text[i..].chars().next().is_some_and(char::is_whitespace) {
                space_before = true;
                i += ch_len;
                continue;
            }
            i += ch_len;
            kind = Kind::Punct;
        }
        toks.push(Token {
            s: &lower[start..i],
            orig: &text[start..i],
            start,
            end: i,
            kind,
            space_before,
            newline_before,
        });
        space_before = false;
        newline_before = false;
    }
    toks
}

fn starts_alpha(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_alphabetic)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}
