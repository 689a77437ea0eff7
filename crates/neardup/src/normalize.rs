//! The body as near-duplicate detection sees it: paragraphs of lowercase words, without the
//! lines newsrooms add to a syndicated copy (bylines, "Read more", share lines, agency credits).
//!
//! A paragraph is a run of non-blank lines; each line is judged on its own, so a credit line
//! glued under a paragraph is dropped without the paragraph. A leading agency dateline
//! ("LONDON (Reuters) - ") is cut from the start of a paragraph.

/// Agencies whose credit lines and datelines are boilerplate.
const AGENCIES: [&str; 12] = [
    "reuters",
    "afp",
    "ap",
    "pa",
    "dpa",
    "upi",
    "efe",
    "ansa",
    "bloomberg",
    "xinhua",
    "aap",
    "press association",
];

/// Lowercase starts of lines that are never part of the story.
const LINE_STARTS: [&str; 32] = [
    "read more",
    "read the full",
    "more on this story",
    "more from",
    "related:",
    "related article",
    "related stories",
    "see also",
    "click here",
    "share this",
    "share on",
    "share:",
    "follow us",
    "sign up",
    "subscribe",
    "copyright",
    "©",
    "(c) ",
    "all rights reserved",
    "reporting by",
    "additional reporting",
    "editing by",
    "advertisement",
    "image caption",
    "image copyright",
    "media caption",
    "photo:",
    "picture:",
    "updated:",
    "last updated",
    "published:",
    "this story has been",
];

/// Words that mark a short line as a share bar.
const SHARE_WORDS: [&str; 8] = [
    "facebook",
    "twitter",
    "whatsapp",
    "email",
    "linkedin",
    "pinterest",
    "reddit",
    "messenger",
];

fn words_lower(line: &str) -> Vec<String> {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_agency(word: &str) -> bool {
    AGENCIES.contains(&word)
}

/// Whether `line`, lowercased, contains `needle` (lowercase ASCII).
fn lower_contains(line: &str, needle: &str) -> bool {
    line.to_ascii_lowercase().contains(needle)
}

/// A byline: "By Jane Smith", "By Jane Smith and Tom Brown, Reuters", "By JANE SMITH in Paris".
fn is_byline(line: &str) -> bool {
    let rest = match line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
    {
        Some(rest) => rest,
        None => return false,
    };
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    // Every word is a name (capitalised), a joining word, or an agency: "By the end of May"
    // is a sentence, not a byline.
    let mut names = 0;
    for w in &words {
        let lower = w.to_lowercase();
        if matches!(
            lower.as_str(),
            "and" | "in" | "of" | "for" | "&" | "-" | "|"
        ) {
            continue;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() || is_agency(lower.trim_matches(|c: char| !c.is_alphanumeric())) {
            names += 1;
        } else {
            return false;
        }
    }
    // "By Jane Smith." is a byline; a longer line ending a sentence is not.
    names >= 1 && (words.len() <= 4 || !line.trim_end().ends_with(['.', '?', '!']))
}

/// Whether a whole line is boilerplate a newsroom adds to a syndicated copy.
pub fn is_boilerplate_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() {
        return true;
    }
    let mut head_end = line.len().min(32);
    while !line.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let head = &line[..head_end];
    let starts = if head.is_ascii() {
        let mut buf = [0u8; 32];
        buf[..head.len()].copy_from_slice(head.as_bytes());
        buf.make_ascii_lowercase();
        let lower = &buf[..head.len()];
        LINE_STARTS.iter().any(|s| lower.starts_with(s.as_bytes()))
    } else {
        let lower = head.to_lowercase();
        LINE_STARTS.iter().any(|s| lower.starts_with(s))
    };
    if starts {
        return true;
    }
    // Bylines, credits and share bars are short; a long line is story.
    if line.len() > 160 {
        return false;
    }
    if is_byline(line) {
        return true;
    }
    // "Associated Press writer Anna Berg contributed to this report."
    if line.len() < 120 && lower_contains(line, "contributed to this report") {
        return true;
    }
    // Credit lines and share bars have at most ten words.
    if line.split_whitespace().nth(10).is_some() {
        return false;
    }
    let words = words_lower(line);
    if words.is_empty() {
        return true;
    }
    // A short line of agency names, years and credit words: "(Reuters)", "© AFP 2005",
    // "Source: AP", "Photo: AFP/Getty".
    if words.len() <= 6
        && words.iter().any(|w| is_agency(w))
        && words.iter().all(|w| {
            is_agency(w)
                || w.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    w.as_str(),
                    "source" | "photo" | "via" | "getty" | "images" | "staff" | "wire" | "news"
                )
        })
    {
        return true;
    }
    // A share bar: a short line that is mostly network names.
    if words.len() <= 10 {
        let share = words
            .iter()
            .filter(|w| SHARE_WORDS.contains(&w.as_str()) || w.as_str() == "share")
            .count();
        if share >= 2 && share * 2 >= words.len() {
            return true;
        }
    }
    false
}

/// The part of a line after a leading agency dateline: "LONDON (Reuters) - Shares fell"
/// gives "Shares fell"; a line without one is returned whole.
pub fn strip_dateline(line: &str) -> &str {
    // Most lines have no bracket near their start: nothing to cut.
    if !line.as_bytes()[..line.len().min(80)].contains(&b'(') {
        return line;
    }
    // The dateline ends at the first dash within the first ~60 bytes and holds an agency
    // name in brackets.
    let head_end = line
        .char_indices()
        .take_while(|(i, _)| *i < 80)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let head = &line[..head_end];
    for dash in [" - ", " – ", " — ", " -- "] {
        if let Some(pos) = head.find(dash) {
            let before = &head[..pos];
            let open = before.find('(');
            let close = before.rfind(')');
            if let (Some(o), Some(c)) = (open, close)
                && o < c
            {
                let inside = before[o + 1..c].to_lowercase();
                if inside.split(|c: char| !c.is_alphanumeric()).any(is_agency) {
                    return line[pos + dash.len()..].trim_start();
                }
            }
        }
    }
    line
}

/// Calls `f` with `Some(text)` for each kept line of the body (boilerplate dropped, a
/// leading dateline cut) and with `None` at each paragraph end.
fn visit_lines(body: &str, mut f: impl FnMut(Option<&str>)) {
    let mut in_paragraph = false;
    let mut first_line = true;
    for raw in body.lines() {
        let line = raw.trim();
        if line.is_empty() {
            if in_paragraph {
                f(None);
                in_paragraph = false;
            }
            first_line = true;
            continue;
        }
        if is_boilerplate_line(line) {
            continue;
        }
        let text = if first_line {
            strip_dateline(line)
        } else {
            line
        };
        first_line = false;
        f(Some(text));
        in_paragraph = true;
    }
    if in_paragraph {
        f(None);
    }
}

/// Calls `f` with `Some(word)` for each lowercase word of the body, boilerplate dropped, and
/// with `None` after each paragraph. (A paragraph whose lines hold no word still ends.)
pub fn visit(body: &str, mut f: impl FnMut(Option<&str>)) {
    visit_lines(body, |line| match line {
        None => f(None),
        Some(text) => {
            for w in text.split(|c: char| !c.is_alphanumeric()) {
                if !w.is_empty() {
                    f(Some(&w.to_lowercase()));
                }
            }
        }
    });
}

/// The `len` (1 to 8) bytes of `bytes` at `at` as a little-endian integer, the rest zero:
/// read as one 8-byte load when the slice reaches that far.
#[inline(always)]
fn load(bytes: &[u8], at: usize, len: usize) -> u64 {
    let v = match bytes.get(at..at + 8) {
        Some(eight) => {
            let mut w = [0u8; 8];
            w.copy_from_slice(eight);
            u64::from_le_bytes(w)
        }
        None => {
            let mut w = [0u8; 8];
            w[..len].copy_from_slice(&bytes[at..at + len]);
            u64::from_le_bytes(w)
        }
    };
    if len >= 8 {
        v
    } else {
        v & ((1u64 << (8 * len)) - 1)
    }
}

/// Hashes `bytes[start..end]` eight bytes at a time, each chunk OR-ed with 0x20 in each of
/// its bytes when `lower` (for an ASCII letter or digit, `| 0x20` is its lowercase, so an
/// ASCII word hashed with `lower` gives the same hash as its lowercase bytes without).
#[inline(always)]
fn hash_span(bytes: &[u8], start: usize, end: usize, lower: bool) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let len = end - start;
    let mut h = 0x6e65_6172_6475_7031 ^ (len as u64).wrapping_mul(K);
    let mut at = start;
    while at < end {
        let n = (end - at).min(8);
        let mut v = load(bytes, at, n);
        if lower {
            v |= 0x2020_2020_2020_2020 & (u64::MAX >> (64 - 8 * n));
        }
        h = (h ^ v).wrapping_mul(K).rotate_left(29);
        at += n;
    }
    // One xorshift: the shingle hash mixes fully (a word hash is only ever used there and
    // in the lead bucket's key, both hashed again).
    h ^ (h >> 32)
}

/// One bit a byte (bit i for byte i) of eight ASCII bytes: set for a letter or digit. The
/// range tests are "hasbetween" from Bit Twiddling Hacks, exact per byte for bytes below
/// 0x80; the high bits are gathered by one multiply.
#[inline(always)]
fn alnum_bits(x: u64) -> u8 {
    const L: u64 = 0x0101_0101_0101_0101;
    let between = |x: u64, m: u64, n: u64| {
        (L * (127 + n) - (x & (L * 127))) & !x & ((x & (L * 127)) + L * (127 - m)) & (L * 128)
    };
    let flags = between(x | (L * 0x20), 0x60, 0x7b) | between(x, 0x2f, 0x3a);
    (((flags >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56) as u8
}

/// Calls `f(start, end)` for each run of ASCII letters and digits in `bytes`, in order. The
/// runs are found 64 bytes at a time from a bit mask (one branch a word, not one a byte).
#[inline(always)]
fn ascii_words(bytes: &[u8], mut f: impl FnMut(usize, usize)) {
    let mut current: Option<usize> = None;
    let mut prev = 0u64;
    for (c, chunk) in bytes.chunks(64).enumerate() {
        let base = c * 64;
        let mut mask = 0u64;
        for (j, eight) in chunk.chunks(8).enumerate() {
            mask |= u64::from(alnum_bits(load(eight, 0, eight.len()))) << (8 * j);
        }
        let shifted = (mask << 1) | prev;
        let mut starts = mask & !shifted;
        let mut ends = !mask & shifted;
        loop {
            if let Some(start) = current {
                if ends == 0 {
                    break;
                }
                f(start, base + ends.trailing_zeros() as usize);
                ends &= ends - 1;
                current = None;
            }
            if starts == 0 {
                break;
            }
            current = Some(base + starts.trailing_zeros() as usize);
            starts &= starts - 1;
        }
        prev = mask >> 63;
    }
    if let Some(start) = current {
        f(start, bytes.len());
    }
}

/// The hash of a lowercase word (its UTF-8 bytes).
pub fn word_hash(word: &[u8]) -> u64 {
    hash_span(word, 0, word.len(), false)
}

/// As [`visit`], with each word's [`word_hash`]: an ASCII line is split and lowercased
/// eight bytes at a time, without a string per word.
pub fn visit_hashes(body: &str, mut f: impl FnMut(Option<u64>)) {
    visit_lines(body, |line| match line {
        None => f(None),
        Some(text) if text.is_ascii() => {
            ascii_words(text.as_bytes(), |start, end| {
                f(Some(hash_span(text.as_bytes(), start, end, true)));
            });
        }
        Some(text) => {
            for w in text.split(|c: char| !c.is_alphanumeric()) {
                if w.is_ascii() {
                    if !w.is_empty() {
                        f(Some(hash_span(w.as_bytes(), 0, w.len(), true)));
                    }
                } else {
                    f(Some(word_hash(w.to_lowercase().as_bytes())));
                }
            }
        }
    });
}

/// The body's paragraphs, boilerplate dropped, each as its lowercase words.
pub fn paragraphs(body: &str) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    visit(body, |w| match w {
        Some(w) => {
            if let Some(last) = out.last_mut() {
                last.push(w.to_owned());
            }
        }
        None => out.push(Vec::new()),
    });
    out.retain(|p| !p.is_empty());
    out
}

/// The normalised body as text: one paragraph a line, words separated by one space.
pub fn normalize(body: &str) -> String {
    paragraphs(body)
        .iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_credits_and_share_lines_are_boilerplate() {
        for line in [
            "By Jane Smith",
            "By Jane Smith and Tom Brown, Reuters",
            "BY KWAME MENSAH in Accra",
            "(Reuters)",
            "© AFP 2005",
            "Copyright 2005 Reuters. All rights reserved.",
            "Read more: Ferry saved by council vote",
            "Share this article: Facebook Twitter Email",
            "Facebook | Twitter | WhatsApp",
            "Reporting by Anna Berg; Editing by Tom Brown",
            "Source: AP",
            "Advertisement",
            "Image caption The harbour wall after the storm",
            "Last updated at 12:04 GMT",
            "Associated Press writer Anna Berg contributed to this report.",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
        for line in [
            "By the end of the year, the harbour wall had been repaired.",
            "The AP report said the ferry was saved.",
            "Reuters said the council would vote on Monday.",
            "Shares in the company rose 5% on Monday.",
            "Updates to the timetable were published on Monday.",
            "Two agencies contributed to this report, which runs to 400 pages and was published by the council on Monday after a year of work.",
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn agency_datelines_are_cut_from_the_first_line() {
        assert_eq!(
            strip_dateline("LONDON (Reuters) - Shares fell on Monday."),
            "Shares fell on Monday."
        );
        assert_eq!(
            strip_dateline("The council (which met on Monday) - at last - agreed."),
            "The council (which met on Monday) - at last - agreed."
        );
    }

    #[test]
    fn alnum_bits_mark_letters_and_digits() {
        for b in 0u8..128 {
            let x = u64::from(b) << 16 | u64::from(b'a') << 8 | u64::from(b' ');
            let want = 0b010 | (u8::from(b.is_ascii_alphanumeric()) << 2);
            assert_eq!(alnum_bits(x), want, "{b}");
        }
    }

    #[test]
    fn ascii_words_are_the_runs_of_letters_and_digits() {
        for text in [
            "",
            "a",
            " a b ",
            "The harbour wall, 2005: fixed-up overnight",
            &"x".repeat(130),
            &format!("{} {}", "y".repeat(63), "z".repeat(70)),
            &format!("{}!{}", "y".repeat(64), "z".repeat(64)),
        ] {
            let mut fast = Vec::new();
            ascii_words(text.as_bytes(), |s, e| fast.push(&text[s..e]));
            let slow: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            assert_eq!(fast, slow, "{text}");
        }
    }

    #[test]
    fn ascii_words_hash_as_their_lowercase() {
        let mut fast = Vec::new();
        visit_hashes("The HARBOUR wall, 2005: fixed-up overnight", |h| {
            fast.extend(h)
        });
        let slow: Vec<u64> = "the harbour wall 2005 fixed up overnight"
            .split(' ')
            .map(|w| word_hash(w.as_bytes()))
            .collect();
        assert_eq!(fast, slow);
        let mut mixed = Vec::new();
        visit_hashes("Café HARBOUR wall, 2005: fixed-up overnight", |h| {
            mixed.extend(h)
        });
        assert_eq!(mixed[1..], slow[1..]);
        assert_eq!(mixed[0], word_hash("café".as_bytes()));
    }

    #[test]
    fn normalised_body_is_lowercase_words_by_paragraph() {
        let body = "By Jane Smith\n\nPARIS (AFP) - The Ferry, it's saved.\n\nRead more: x\n\nSecond one here.\n(Reuters)\n";
        assert_eq!(normalize(body), "the ferry it s saved\nsecond one here");
    }
}
