//! One pass over the bytes of an article into tokens with byte offsets: words (with their
//! cue and role looked up once), punctuation, quotation marks with the side they face, and
//! paragraph breaks. Markdown link targets (`[said](#)`) are dropped so that a linked cue
//! word reads as plain text.

use crate::lexicon::{Cue, MAX_WORD, Padded, Role, classify, is_title_abbrev};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Side {
    Open,
    Close,
    /// A straight mark with spaces or letters on both sides.
    Either,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Word,
    /// A punctuation mark: `,` `.` `!` `?` `:` `;` `(` `)`, `-` for dashes, `o` for the rest.
    Punct(u8),
    Quote {
        double: bool,
        side: Side,
    },
    /// One or more line breaks.
    Para,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub start: u32,
    pub end: u32,
    pub kind: Kind,
    pub cue: Option<Cue>,
    pub role: Role,
    /// Starts with an uppercase letter.
    pub cap: bool,
}

impl Tok {
    pub fn is_punct(&self, p: u8) -> bool {
        self.kind == Kind::Punct(p)
    }
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
}

fn push(out: &mut Vec<Tok>, start: usize, end: usize, kind: Kind) {
    out.push(Tok {
        start: start as u32,
        end: end as u32,
        kind,
        cue: None,
        role: Role::Plain,
        cap: false,
    });
}

/// Character at byte `i` and its length; ASCII without decoding.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

#[inline]
fn alnum_at(text: &str, i: usize) -> bool {
    i < text.len() && char_at(text, i).0.is_alphanumeric()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}'
}

/// Side a straight or ambiguous mark faces, from the characters around it.
fn flank(text: &str, start: usize, end: usize) -> Side {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let open_before = match before {
        None => true,
        Some(c) => is_space(c) || matches!(c, '(' | '[' | '—' | '–' | '-' | '/'),
    };
    let space_after = match after {
        None => true,
        Some(c) => is_space(c) || matches!(c, ',' | '.' | ';' | ':' | ')' | '?' | '!' | '—'),
    };
    match (open_before, space_after) {
        (true, false) => Side::Open,
        (false, true) => Side::Close,
        _ => Side::Either,
    }
}

pub(crate) fn lex(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let n = b.len();
    let mut out = Vec::with_capacity(n / 5 + 8);
    let mut i = 0;
    while i < n {
        // the common bytes first: a space, an ASCII letter or digit
        let b0 = b[i];
        if b0 == b' ' {
            i += 1;
            continue;
        }
        if b0.is_ascii_alphanumeric() {
            i = word(text, i, &mut out);
            continue;
        }
        let (c, len) = char_at(text, i);
        if c == '\n' || c == '\r' {
            push(&mut out, i, i + len, Kind::Para);
            while i < n && is_space(char_at(text, i).0) {
                i += char_at(text, i).1;
            }
            continue;
        }
        if is_space(c) {
            i += len;
            continue;
        }
        if c.is_alphanumeric() {
            i = word(text, i, &mut out);
            continue;
        }
        let kind = match c {
            '"' => Kind::Quote {
                double: true,
                side: flank(text, i, i + 1),
            },
            '\'' if b.get(i + 1) == Some(&b'\'') => {
                let side = flank(text, i, i + 2);
                push(&mut out, i, i + 2, Kind::Quote { double: true, side });
                i += 2;
                continue;
            }
            '`' if b.get(i + 1) == Some(&b'`') => {
                push(
                    &mut out,
                    i,
                    i + 2,
                    Kind::Quote {
                        double: true,
                        side: Side::Open,
                    },
                );
                i += 2;
                continue;
            }
            '\'' | '‘' | '’' => Kind::Quote {
                double: false,
                side: match (c, flank(text, i, i + len)) {
                    ('‘', Side::Either) => Side::Open,
                    ('’', Side::Either) => Side::Close,
                    (_, s) => s,
                },
            },
            '“' | '„' | '«' => Kind::Quote {
                double: true,
                side: Side::Open,
            },
            // a closing mark with a space before and a word after opens a quotation
            // (a common typesetting slip at the start of a paragraph)
            '”' | '»' => Kind::Quote {
                double: true,
                side: match flank(text, i, i + len) {
                    Side::Open => Side::Open,
                    _ => Side::Close,
                },
            },
            '[' => {
                i += 1;
                continue;
            }
            ']' => {
                // A markdown link target: skip `](...)` when it holds no space.
                i += 1;
                if b.get(i) == Some(&b'(') {
                    let rest = &b[i..n.min(i + 400)];
                    if let Some(p) = rest
                        .iter()
                        .position(|&x| x == b')' || x == b' ' || x == b'\n')
                        && rest[p] == b')'
                    {
                        i += p + 1;
                    }
                }
                continue;
            }
            ',' | '.' | '!' | '?' | ':' | ';' | '(' | ')' => Kind::Punct(c as u8),
            '—' | '–' | '―' => Kind::Punct(b'-'),
            '-' if b.get(i + 1) == Some(&b'-') => {
                push(&mut out, i, i + 2, Kind::Punct(b'-'));
                i += 2;
                continue;
            }
            '-' => Kind::Punct(b'-'),
            _ => Kind::Punct(b'o'),
        };
        push(&mut out, i, i + len, kind);
        i += len;
    }
    out
}

/// Lex one word from `start`: letters and digits, joined by an apostrophe, period, hyphen or
/// ampersand between two of them; a title abbreviation or an initialism takes its final period.
fn word(text: &str, start: usize, out: &mut Vec<Tok>) -> usize {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = start;
    let mut dotted = false;
    while i < n {
        // ASCII letters and digits without decoding
        if b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let (c, len) = char_at(text, i);
        if c.is_alphanumeric() {
            i += len;
        } else if matches!(c, '\'' | '’' | '.' | '-' | '&') && alnum_at(text, i + len) {
            dotted |= c == '.';
            i += len + char_at(text, i + len).1;
        } else {
            break;
        }
    }
    let w = &b[start..i];
    let mut lower: Padded = [0; MAX_WORD];
    let short = w.len() <= MAX_WORD;
    if short {
        for (d, s) in lower.iter_mut().zip(w) {
            *d = s.to_ascii_lowercase();
        }
    }
    let cap = w[0].is_ascii_uppercase() || (w[0] >= 0x80 && char_at(text, start).0.is_uppercase());
    if i < n && b[i] == b'.' {
        let single_cap = w.len() == 1 && cap;
        // "Va.," and "Wis.)": a period before a comma or parenthesis ends an abbreviation
        let inner = matches!(b.get(i + 1), Some(b',' | b')'));
        if dotted || single_cap || inner || (short && is_title_abbrev(&lower[..w.len()])) {
            i += 1;
        }
    }
    // a word that starts with a digit is no word of the lexicon
    let (cue, role) = if short && !w[0].is_ascii_digit() {
        classify(&lower, w.len())
    } else {
        (None, Role::Plain)
    };
    out.push(Tok {
        start: start as u32,
        end: i as u32,
        kind: Kind::Word,
        cue,
        role,
        cap,
    });
    i
}
