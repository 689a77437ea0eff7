//! The work budget of one HTML page, checked before any DOM is built.
//!
//! Building the tree and extracting the article cost more than linear time in the number of
//! elements, and the tree walks recurse: a page nested 100,000 elements deep overflows the
//! stack, and one with 200,000 table cells takes 20 s. So a linear scan of the tags counts
//! the elements and the nesting depth first, and a page over either cap becomes a reject.
//! The budget is counted in elements, not in seconds, so that the same input always gives
//! the same dataset whatever the machine's load. Hand-written because html5ever has no
//! cheap pre-pass: its tokenizer alone would already build strings for every tag.

use memchr::memchr;

/// Five times the largest page of the shared corpora (about 10,000 elements); a page at the
/// cap extracts in about 1.5 s on one core.
pub const MAX_ELEMENTS: usize = 50_000;

/// Real pages nest at most a few dozen elements deep; the tree walks are recursive.
pub const MAX_DEPTH: usize = 512;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverBudget {
    /// More elements than [`MAX_ELEMENTS`] (the count when the scan stopped).
    Elements(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    Depth(usize),
}

impl std::fmt::Display for OverBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OverBudget::Elements(n) => write!(
                f,
                "more than {n} elements, over the work budget of {MAX_ELEMENTS}"
            ),
            OverBudget::Depth(n) => write!(
                f,
                "elements nested {n} deep, over the work budget of {MAX_DEPTH}"
            ),
        }
    }
}

/// Elements that never hold children (also how the native extractor's tree closes them).
pub(super) fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"frame"
    )
}

/// Elements whose end tag may be left out: the parser closes them at the next sibling, so
/// counting them as open would take a list of 1,000 `<li>` for a nesting 1,000 deep.
fn closes_implicitly(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"optgroup"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"colgroup"
            | b"caption"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"rtc"
    )
}

/// Elements whose content is raw text: tags inside them are not tags.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed"
    )
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Scans the tags of `html` once; `Err` when the page is over the budget.
pub fn check(html: &[u8]) -> Result<(), OverBudget> {
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut elements = 0usize;
    let mut i = 0usize;
    while let Some(lt) = memchr(b'<', &html[i..]) {
        i += lt + 1;
        let rest = &html[i..];
        match rest.first() {
            Some(b'!') => {
                // Comments end at "-->", doctypes and CDATA at the next '>'.
                let end = if rest.starts_with(b"!--") {
                    find(&rest[3..], b"-->").map(|e| e + 6)
                } else {
                    memchr(b'>', rest).map(|e| e + 1)
                };
                i += end.unwrap_or(rest.len());
                continue;
            }
            Some(b'/') => {
                let name = tag_name(&rest[1..]);
                // An end tag closes the innermost open element of its name, and those inside
                // it; one with no open element of its name is ignored, as the parser does.
                if let Some(pos) = stack.iter().rposition(|n| n.as_slice() == name.as_slice()) {
                    stack.truncate(pos);
                }
                i += memchr(b'>', rest).map_or(rest.len(), |e| e + 1);
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => continue,
        }
        let name = tag_name(rest);
        let Some(close) = memchr(b'>', rest) else {
            break;
        };
        let self_closing = close > 0 && rest[close - 1] == b'/';
        i += close + 1;
        elements += 1;
        if elements > MAX_ELEMENTS {
            return Err(OverBudget::Elements(elements - 1));
        }
        if is_raw_text(&name) {
            i = raw_text_end(html, i, &name);
            continue;
        }
        if self_closing || is_void(&name) || closes_implicitly(&name) {
            continue;
        }
        stack.push(name);
        if stack.len() > MAX_DEPTH {
            return Err(OverBudget::Depth(stack.len()));
        }
    }
    Ok(())
}

/// Where the raw text that starts at `from` ends: at its end tag (any case), or the end.
fn raw_text_end(html: &[u8], mut from: usize, name: &[u8]) -> usize {
    while let Some(at) = find(&html[from..], b"</") {
        let after = from + at + 2;
        if html
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return from + at;
        }
        from = after;
    }
    html.len()
}

/// The lower-cased name at the start of a tag.
fn tag_name(s: &[u8]) -> Vec<u8> {
    s.iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_'))
        .map(u8::to_ascii_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ordinary_page_is_within_budget() {
        let page = "<!doctype html><html><head><title>a < b</title><meta charset=utf-8>\
            <script>if (a<b) { document.write('<div><div><div>') }</script></head>\
            <body><!-- <div><div> --><ul><li>one<li>two</ul><p>text<br>more<p>again\
            <img src=x.png/></body></html>";
        assert_eq!(check(page.as_bytes()), Ok(()));
    }

    #[test]
    fn deeply_nested_page_is_over_budget() {
        let page = format!("<html><body>{}</body></html>", "<div>".repeat(600));
        assert_eq!(
            check(page.as_bytes()),
            Err(OverBudget::Depth(MAX_DEPTH + 1))
        );
        // Unclosed inline elements nest too.
        let page = "<span><b><i>".repeat(300);
        assert!(matches!(check(page.as_bytes()), Err(OverBudget::Depth(_))));
    }

    #[test]
    fn closed_siblings_and_implicitly_closed_items_do_not_add_depth() {
        let page = format!(
            "<html><body>{}<ul>{}</ul><table>{}</table></body></html>",
            "<div>x</div>".repeat(2_000),
            "<li>item".repeat(2_000),
            "<tr><td>cell".repeat(2_000)
        );
        assert_eq!(check(page.as_bytes()), Ok(()));
    }

    #[test]
    fn too_many_elements_is_over_budget() {
        let page = format!(
            "<table>{}</table>",
            "<tr><td>x</td></tr>".repeat(MAX_ELEMENTS / 2 + 1)
        );
        assert_eq!(
            check(page.as_bytes()),
            Err(OverBudget::Elements(MAX_ELEMENTS))
        );
    }

    #[test]
    fn stray_end_tags_and_truncated_markup_do_not_panic() {
        for page in [
            "</div></span><p>x",
            "<div",
            "<!-- open",
            "<script>never closed",
            "<",
            "</",
        ] {
            assert_eq!(check(page.as_bytes()), Ok(()));
        }
    }
}
