//! Body text normalisation: Unicode NFC, whitespace, paragraph repair and link stripping,
//! producing the final `text` and the code-point spans of the anchors inside it.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::markdown::{InlineLink, strip_links};
use crate::model::BodyMarkup;

/// NFC, every run of whitespace (including no-break spaces) to one space, zero-width
/// characters removed, trimmed.
pub fn clean_line(s: &str) -> String {
    // Most lines are already in NFC (the quick check answers "yes" for them, at a byte
    // compare per ASCII character): their NFC is their own characters, so the decomposing
    // and recomposing iterator, most of this function's time, is skipped.
    if is_nfc_quick_fast(s) == IsNormalized::Yes {
        clean_nfc(s)
    } else {
        let mut out = Cleaned::new(s.len());
        for c in s.nfc() {
            out.push(c);
        }
        out.text
    }
}

/// Below this every character is a starter (canonical combining class 0) allowed in NFC:
/// the combining diacritics open at U+0300 (`nfc_quick_check_is_yes_below_u0300` checks).
const FIRST_NON_TRIVIAL_NFC: char = '\u{300}';

/// `is_nfc_quick` with the characters below `FIRST_NON_TRIVIAL_NFC` passed over without a
/// table lookup (ASCII and the Latin letters of most European languages). The quick check's
/// only state is the combining class of the character before, 0 after any such character,
/// so the runs of other characters are checked apart and their answers combined.
fn is_nfc_quick_fast(s: &str) -> IsNormalized {
    if s.is_ascii() {
        return IsNormalized::Yes;
    }
    let mut answer = IsNormalized::Yes;
    let mut rest = s;
    while let Some(start) = rest.find(|c: char| c >= FIRST_NON_TRIVIAL_NFC) {
        let run = &rest[start..];
        let end = run
            .find(|c: char| c < FIRST_NON_TRIVIAL_NFC)
            .unwrap_or(run.len());
        match is_nfc_quick(run[..end].chars()) {
            IsNormalized::No => return IsNormalized::No,
            IsNormalized::Maybe => answer = IsNormalized::Maybe,
            IsNormalized::Yes => {}
        }
        rest = &run[end..];
    }
    answer
}

/// Kept as it is by `Cleaned::push`, and copied as part of a run: neither whitespace, nor
/// zero-width, nor a control character.
#[inline]
fn kept_as_is(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        ))
}

/// `clean_line` of a line already in NFC: runs of characters kept as they are (printable
/// ASCII other than the space, and most letters of other scripts) are copied whole.
fn clean_nfc(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Cleaned::new(s.len());
    let mut i = 0;
    while i < b.len() {
        let run = i;
        loop {
            while i < b.len() && (0x21..0x7f).contains(&b[i]) {
                i += 1;
            }
            if i < b.len() && b[i] >= 0x80 {
                let c = s[i..].chars().next().unwrap();
                if kept_as_is(c) {
                    i += c.len_utf8();
                    continue;
                }
            }
            break;
        }
        if i > run {
            out.push_run(&s[run..i]);
            continue;
        }
        let c = s[i..].chars().next().unwrap();
        i += c.len_utf8();
        out.push(c);
    }
    out.text
}

/// A cleaned line being written: whitespace runs become one space between kept
/// characters, zero-width and control characters are dropped.
struct Cleaned {
    text: String,
    pending_space: bool,
}

impl Cleaned {
    fn new(len: usize) -> Self {
        Cleaned {
            text: String::with_capacity(len),
            pending_space: false,
        }
    }

    #[inline]
    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = !self.text.is_empty();
            return;
        }
        if matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        ) {
            return;
        }
        if c.is_control() {
            return;
        }
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.text.push(c);
    }

    /// Characters none of which is whitespace, zero-width or a control.
    #[inline]
    fn push_run(&mut self, run: &str) {
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.text.push_str(run);
    }
}

struct Paragraph {
    text: String,
    chars: usize,
    links: Vec<InlineLink>,
}

/// A paragraph that stops without closing punctuation, followed by one that starts in
/// lower case, is one paragraph that a dump split in two.
fn continues(prev: &str, next: &str) -> bool {
    let ends_open = prev
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | '–' | '('));
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase);
    ends_open && starts_lower
}

/// The normalised text and its links (spans in code points of the returned text).
pub fn normalize_body(body: &str, markup: BodyMarkup, repair: bool) -> (String, Vec<InlineLink>) {
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    for raw in body.split("\n\n") {
        let cleaned = clean_line(raw);
        if cleaned.is_empty() {
            continue;
        }
        let (text, links) = match markup {
            BodyMarkup::Markdown => strip_links(&cleaned),
            BodyMarkup::Plain => (cleaned, Vec::new()),
        };
        let text_trimmed = text.trim();
        if text_trimmed.is_empty() {
            continue;
        }
        let para = Paragraph {
            chars: text.chars().count(),
            text,
            links,
        };
        match paragraphs.last_mut() {
            Some(prev) if repair && continues(&prev.text, &para.text) => {
                prev.text.push(' ');
                let shift = prev.chars + 1;
                prev.text.push_str(&para.text);
                prev.chars += 1 + para.chars;
                prev.links.extend(para.links.into_iter().map(|mut l| {
                    l.start_char += shift;
                    l.end_char += shift;
                    l
                }));
            }
            _ => paragraphs.push(para),
        }
    }
    let mut text = String::new();
    let mut offset = 0;
    let mut links = Vec::new();
    for (i, p) in paragraphs.into_iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
            offset += 2;
        }
        text.push_str(&p.text);
        links.extend(p.links.into_iter().map(|mut l| {
            l.start_char += offset;
            l.end_char += offset;
            l
        }));
        offset += p.chars;
    }
    (text, links)
}

/// What `word_count` needs of an ASCII byte: 1 a space, 2 a letter or digit, 0 neither;
/// 3 for the bytes of other characters, which are decoded.
const ASCII_CLASS: [u8; 256] = {
    let mut class = [3u8; 256];
    let mut b = 0;
    while b < 0x80 {
        let c = b as u8;
        class[b] = if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            1
        } else if c.is_ascii_alphanumeric() {
            2
        } else {
            0
        };
        b += 1;
    }
    class
};

/// Words: whitespace-separated tokens holding at least one letter or digit.
pub fn word_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0;
    // Whether the whitespace-separated token being read has had a letter or digit.
    let mut counted = false;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII by a table lookup (most text is), other characters decoded.
        let (space, alnum) = match ASCII_CLASS[usize::from(bytes[i])] {
            class @ 0..=2 => {
                i += 1;
                (class == 1, class == 2)
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or_default();
                i += c.len_utf8();
                (c.is_whitespace(), c.is_alphanumeric())
            }
        };
        if space {
            counted = false;
        } else if !counted && alnum {
            counted = true;
            words += 1;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_split_paragraph_is_repaired() {
        let body = "He warned of new sanctions and said he may impose\n\nsecondary tariffs if Russia does not make peace.\n\nNext paragraph.";
        let (text, _) = normalize_body(body, BodyMarkup::Plain, true);
        assert_eq!(
            text,
            "He warned of new sanctions and said he may impose secondary tariffs if Russia does not make peace.\n\nNext paragraph."
        );
        let (unrepaired, _) = normalize_body(body, BodyMarkup::Plain, false);
        assert_eq!(unrepaired.matches("\n\n").count(), 2);
    }

    #[test]
    fn sentences_ending_paragraphs_are_kept_apart() {
        let body = "He left.\n\nmeanwhile, lower case start.\n\n“Quoted end.”\n\nand more";
        let (text, _) = normalize_body(body, BodyMarkup::Plain, true);
        assert_eq!(text.matches("\n\n").count(), 3);
    }

    #[test]
    fn link_spans_survive_repair_and_joining() {
        let body =
            "Intro [one](#) here\n\nand [two](https://x.example/2) there.\n\nThe [three](#) end.";
        let (text, links) = normalize_body(body, BodyMarkup::Markdown, true);
        assert_eq!(text, "Intro one here and two there.\n\nThe three end.");
        let chars: Vec<char> = text.chars().collect();
        let anchors: Vec<String> = links
            .iter()
            .map(|l| chars[l.start_char..l.end_char].iter().collect())
            .collect();
        assert_eq!(anchors, ["one", "two", "three"]);
    }

    #[test]
    fn quick_checked_lines_clean_as_through_nfc() {
        for s in [
            "plain ascii line",
            "  Caf\u{e9} \u{a0}na\u{ef}ve\t r\u{e9}sum\u{e9}  ",
            "Cafe\u{301} and e\u{301}\u{327} and \u{212b}ngstr\u{f6}m",
            "\u{1100}\u{1161}\u{11a8} hangul jamo, \u{ac00} syllable",
            "a\u{323}\u{301} order, a\u{301}\u{323} other order",
            "zero\u{200b}width\u{ad}soft \u{2018}quotes\u{2019} \u{2014} dash\u{0085}",
            "\u{fb01} ligature, \u{2126} ohm, \u{387} ano teleia",
            "\u{41f}\u{440}\u{438}\u{432}\u{435}\u{442}, \u{43c}\u{438}\u{440}\u{a0}\u{2014} 12.03.2020",
            "\u{438}\u{306} decomposed short i, \u{430}\u{483} titlo, \u{f900} compatibility",
            "\u{645}\u{64e}\u{631}\u{652}\u{62d}\u{64e}\u{628}\u{64b}\u{627}\u{200c}\u{3000}\u{65e5}\u{672c}",
            "\u{e9}\u{301}\u{ff}\u{316} marks after Latin-1, \u{2ff}\u{300}\u{301}",
        ] {
            let mut want = String::new();
            let mut pending = false;
            for c in s.nfc() {
                if c.is_whitespace() {
                    pending = !want.is_empty();
                    continue;
                }
                if matches!(
                    c,
                    '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
                ) || c.is_control()
                {
                    continue;
                }
                if pending {
                    want.push(' ');
                    pending = false;
                }
                want.push(c);
            }
            assert_eq!(clean_line(s), want, "{s:?}");
        }
    }

    #[test]
    fn nfc_quick_check_is_yes_below_u0300() {
        for c in '\0'..FIRST_NON_TRIVIAL_NFC {
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
    }

    #[test]
    fn fast_quick_check_answers_as_the_full_one() {
        let pool = [
            'a', ' ', '\u{e9}', '\u{2ff}', '\u{300}', '\u{301}', '\u{316}', '\u{327}', '\u{41f}',
            '\u{438}', '\u{306}', '\u{483}', '\u{f900}', '\u{1100}', '\u{1161}', '\u{ac00}',
            '\u{64e}', '\u{387}', '\u{212b}', '\u{65e5}', '\u{a0}',
        ];
        let mut state = 0x9e37_79b9_u32;
        for _ in 0..20_000 {
            let mut s = String::new();
            for _ in 0..(state % 7) {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                s.push(pool[state as usize % pool.len()]);
            }
            state = state.wrapping_mul(747_796_405).wrapping_add(1);
            assert_eq!(is_nfc_quick_fast(&s), is_nfc_quick(s.chars()), "{s:?}");
        }
    }

    #[test]
    fn whitespace_and_nfc() {
        assert_eq!(clean_line("  a\u{a0}\u{a0}b\t\nc\u{200b}d  "), "a b cd");
        assert_eq!(clean_line("Cafe\u{301}"), "Café");
        assert_eq!(clean_line("Cafe\u{301}").chars().count(), 4);
    }

    #[test]
    fn words_are_counted_without_punctuation_tokens() {
        assert_eq!(word_count("Hello — world, it's 2025 !"), 4);
        for s in [
            "",
            "  ",
            "a",
            " -- a-b ,c\u{a0}d\u{2003}\u{e9}t\u{e9} \u{2014} 3 ",
            "\u{85}x\u{85}\u{3000}\u{65e5}\u{672c} ?!",
            "a\x0bb\x0cc\rd\x1fe\x7ff 1\t2\n3",
        ] {
            let by_split = s
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(word_count(s), by_split, "{s:?}");
        }
    }
}
