//! The inline markdown the text dumps carry: `[anchor](target)` links.
//!
//! Hand-written: a markdown crate would parse far more than links and re-render the text,
//! while we need the plain text back unchanged with the anchors' positions.

/// A link found in a line, with its anchor's span in the stripped text (code points).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineLink {
    pub anchor: String,
    pub start_char: usize,
    pub end_char: usize,
    pub target: String,
}

/// Removes link syntax and keeps the anchor text. A bracketed phrase not followed by `(`,
/// like an editor's "[in the talks]", is text and stays.
pub fn strip_links(s: &str) -> (String, Vec<InlineLink>) {
    let mut out = String::with_capacity(s.len());
    let mut out_chars = 0usize;
    let mut links = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let (before, from_open) = rest.split_at(open);
        out.push_str(before);
        out_chars += before.chars().count();
        match parse_link(from_open) {
            Some((anchor, target, consumed)) => {
                let anchor_chars = anchor.chars().count();
                links.push(InlineLink {
                    anchor: anchor.to_owned(),
                    start_char: out_chars,
                    end_char: out_chars + anchor_chars,
                    target: target.to_owned(),
                });
                out.push_str(anchor);
                out_chars += anchor_chars;
                rest = &from_open[consumed..];
            }
            None => {
                out.push('[');
                out_chars += 1;
                rest = &from_open[1..];
            }
        }
    }
    out.push_str(rest);
    (out, links)
}

/// At a `[`: the anchor, the target and the bytes consumed, if this is a link.
fn parse_link(s: &str) -> Option<(&str, &str, usize)> {
    let close = s.find(']')?;
    let anchor = &s[1..close];
    if anchor.contains(['[', '\n']) {
        return None;
    }
    let after = &s[close + 1..];
    if !after.starts_with('(') {
        return None;
    }
    // Targets may hold balanced parentheses (Wikipedia URLs) but no spaces or newlines.
    let mut depth = 0usize;
    for (i, c) in after.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    let target = after[1..i].trim();
                    let target = target
                        .strip_prefix('<')
                        .and_then(|t| t.strip_suffix('>'))
                        .unwrap_or(target);
                    return Some((anchor.trim(), target, close + 1 + i + 1));
                }
            }
            '\n' => return None,
            c if c.is_whitespace() && depth == 1 && i > 1 => {
                // `[a](url "title")`: keep the URL, skip the title up to the closing paren.
                let end = after[i..].find(')')?;
                let target = after[1..i].trim();
                return Some((anchor.trim(), target, close + 1 + i + end + 1));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_placeholder_link_keeps_anchor_and_span() {
        let (text, links) = strip_links("The Kremlin [said](#) Tuesday that talks");
        assert_eq!(text, "The Kremlin said Tuesday that talks");
        assert_eq!(links.len(), 1);
        let l = &links[0];
        assert_eq!((l.anchor.as_str(), l.target.as_str()), ("said", "#"));
        let anchor: String = text
            .chars()
            .skip(l.start_char)
            .take(l.end_char - l.start_char)
            .collect();
        assert_eq!(anchor, "said");
    }

    #[test]
    fn editorial_brackets_are_not_links() {
        let s = "“process of normalizing [relations with the U.S.] is going nowhere fast,”";
        let (text, links) = strip_links(s);
        assert_eq!(text, s);
        assert!(links.is_empty());
    }

    #[test]
    fn offsets_count_code_points_after_non_ascii_text() {
        let (text, links) = strip_links("“Ça va” — [Zürich](https://example.org/z) and [b](#x)");
        assert_eq!(text, "“Ça va” — Zürich and b");
        let chars: Vec<char> = text.chars().collect();
        for l in &links {
            let got: String = chars[l.start_char..l.end_char].iter().collect();
            assert_eq!(got, l.anchor);
        }
        assert_eq!(links[0].target, "https://example.org/z");
    }

    #[test]
    fn parenthesised_urls_and_titles() {
        let (text, links) = strip_links(
            "see [Foo](https://en.example.org/wiki/Foo_(bar)) or [x](http://a.b \"T\").",
        );
        assert_eq!(text, "see Foo or x.");
        assert_eq!(links[0].target, "https://en.example.org/wiki/Foo_(bar)");
        assert_eq!(links[1].target, "http://a.b");
    }

    #[test]
    fn unclosed_link_syntax_stays_text() {
        let (text, links) = strip_links("a [b](c and [d");
        assert_eq!(text, "a [b](c and [d");
        assert!(links.is_empty());
    }
}
