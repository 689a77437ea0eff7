//! The work budget of one HTML page, checked before any DOM is built.
//!
//! Building the tree and extracting the article cost more than linear time in the number of
//! elements, and the tree walks recurse: a page nested 100,000 elements deep overflows the
//! stack, and one with 200,000 table cells takes 20 s. So a linear scan of the tags counts
//! the elements and the nesting depth first, and a page over either cap becomes a reject.
//!
//! One tag is budgeted too. html5gum's tokenizer (the native extractor) goes from one
//! `name="value"` attribute to the next by a direct call, not through its loop, so each
//! attribute of a tag adds a stack frame: 100,000 of them overflow a 2 MiB thread stack in
//! an optimised build (a few hundred in a debug build) and abort the process. html5ever
//! (the default extractor) checks each new attribute against all earlier ones of its tag,
//! which is quadratic: 100,000 attributes take minutes. And the class scorers run regular
//! expressions over `class` and `id` values, so a 20 MB attribute costs seconds. Hence a
//! cap on attributes per tag and on bytes per tag.
//!
//! The budget is counted in elements, attributes and bytes, not in seconds, so that the
//! same input always gives the same dataset whatever the machine's load. Hand-written
//! because html5ever has no cheap pre-pass: its tokenizer alone would already build strings
//! for every tag.

use memchr::memchr;

/// Five times the largest page of the shared corpora (about 10,000 elements); a page at the
/// cap extracts in about 1.5 s on one core.
pub const MAX_ELEMENTS: usize = 50_000;

/// Real pages nest at most a few dozen elements deep; the tree walks are recursive.
pub const MAX_DEPTH: usize = 512;

/// Attributes in one tag. The most in 700,000 tags of the shared corpora is 99 (a `<meta>`
/// whose stray quote turned every word of its text into an attribute). html5gum's chained
/// frames take about 9 KB per attribute in a debug build (under 200 bytes optimised), so
/// 128 of them fit a 2 MiB worker stack with room to spare.
pub const MAX_ATTRIBUTES_PER_TAG: usize = 128;

/// Bytes of one tag, `<` to `>`. The longest tag of the shared corpora is 184 KB (an image
/// inlined as a `data:` URL); this leaves room for larger inlined images.
pub const MAX_TAG_BYTES: usize = 4 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OverBudget {
    /// More elements than [`MAX_ELEMENTS`] (the count when the scan stopped).
    Elements(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    Depth(usize),
    /// A tag with more than [`MAX_ATTRIBUTES_PER_TAG`] attributes, starting at this byte.
    Attributes { tag_at: usize },
    /// A tag longer than [`MAX_TAG_BYTES`], starting at this byte.
    TagBytes { tag_at: usize },
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
            OverBudget::Attributes { tag_at } => write!(
                f,
                "a tag at byte {tag_at} with more than {MAX_ATTRIBUTES_PER_TAG} attributes, \
                 over the work budget of {MAX_ATTRIBUTES_PER_TAG} per tag"
            ),
            OverBudget::TagBytes { tag_at } => write!(
                f,
                "a tag at byte {tag_at} longer than {MAX_TAG_BYTES} bytes, \
                 over the work budget of {MAX_TAG_BYTES} bytes per tag"
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

/// Scans the tags of `html` once; `Err` when the page is over the budget. Names stay slices
/// of the page, compared without case, so the scan allocates only its stack.
pub fn check(html: &[u8]) -> Result<(), OverBudget> {
    let mut stack: Vec<&[u8]> = Vec::new();
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
                if let Some(pos) = stack.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                    stack.truncate(pos);
                }
                i += memchr(b'>', rest).map_or(rest.len(), |e| e + 1);
                continue;
            }
            Some(c) if c.is_ascii_alphabetic() => {}
            _ => continue,
        }
        let name = tag_name(rest);
        let tag_at = i - 1;
        let Some(tag) = start_tag(html, i + name.len(), tag_at)? else {
            break;
        };
        let self_closing = tag.self_closing;
        i = tag.end;
        elements += 1;
        if elements > MAX_ELEMENTS {
            return Err(OverBudget::Elements(elements - 1));
        }
        let mut buf = [0u8; KNOWN_NAME_BYTES];
        let known = lowercase_known(name, &mut buf);
        if is_raw_text(known) {
            i = raw_text_end(html, i, name);
            continue;
        }
        if self_closing || is_void(known) || closes_implicitly(known) {
            continue;
        }
        stack.push(name);
        if stack.len() > MAX_DEPTH {
            return Err(OverBudget::Depth(stack.len()));
        }
    }
    Ok(())
}

/// Longer than any name `is_void`, `closes_implicitly` and `is_raw_text` know.
const KNOWN_NAME_BYTES: usize = 16;

/// `name` lower-cased into `buf`, or nothing when it is too long to be a name those know.
fn lowercase_known<'b>(name: &[u8], buf: &'b mut [u8; KNOWN_NAME_BYTES]) -> &'b [u8] {
    let Some(out) = buf.get_mut(..name.len()) else {
        return &[];
    };
    for (o, c) in out.iter_mut().zip(name) {
        *o = c.to_ascii_lowercase();
    }
    out
}

/// A start tag read through its `>`.
struct StartTag {
    /// Just after the `>`.
    end: usize,
    /// `/>`: the tag says it holds nothing.
    self_closing: bool,
}

fn is_tag_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// Reads the attributes of the start tag that opened at `tag_at`, from `from` (just after
/// its name), as the HTML tokenizer does: a `>` inside a quoted value does not end the tag.
/// `Ok(None)` when the input ends inside the tag (the tokenizer drops such a tag).
/// Stops at the first attribute or byte over the budget, so a hostile tag costs no more
/// than an allowed one.
fn start_tag(html: &[u8], mut from: usize, tag_at: usize) -> Result<Option<StartTag>, OverBudget> {
    let limit = tag_at.saturating_add(MAX_TAG_BYTES).min(html.len());
    // Only bytes before `limit` are read: reaching it with the tag still open means the tag
    // is over the byte budget, unless the input ends there.
    let ends_open = |at: usize| {
        if at >= html.len() {
            Ok(None)
        } else {
            Err(OverBudget::TagBytes { tag_at })
        }
    };
    let mut attributes = 0usize;
    loop {
        while from < limit && is_tag_space(html[from]) {
            from += 1;
        }
        let Some(&c) = html[..limit].get(from) else {
            return ends_open(from);
        };
        match c {
            b'>' => {
                return Ok(Some(StartTag {
                    end: from + 1,
                    self_closing: false,
                }));
            }
            b'/' => {
                if html[..limit].get(from + 1) == Some(&b'>') {
                    return Ok(Some(StartTag {
                        end: from + 2,
                        self_closing: true,
                    }));
                }
                from += 1;
                continue;
            }
            _ => {}
        }
        attributes += 1;
        if attributes > MAX_ATTRIBUTES_PER_TAG {
            return Err(OverBudget::Attributes { tag_at });
        }
        // The name: its first byte may be '=', then up to a space, '/', '>' or '='.
        from += 1;
        while from < limit && !matches!(html[from], b'/' | b'>' | b'=') && !is_tag_space(html[from])
        {
            from += 1;
        }
        while from < limit && is_tag_space(html[from]) {
            from += 1;
        }
        if html[..limit].get(from) != Some(&b'=') {
            continue;
        }
        from += 1;
        while from < limit && is_tag_space(html[from]) {
            from += 1;
        }
        match html[..limit].get(from) {
            Some(&quote @ (b'"' | b'\'')) => match memchr(quote, &html[from + 1..limit]) {
                Some(len) => from += len + 2,
                None => return ends_open(limit),
            },
            // `name=>`: the tag ends with an empty value.
            Some(b'>') => {}
            Some(_) => {
                while from < limit && html[from] != b'>' && !is_tag_space(html[from]) {
                    from += 1;
                }
            }
            None => return ends_open(from),
        }
    }
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

/// The name at the start of a tag, as written.
fn tag_name(s: &[u8]) -> &[u8] {
    let len = s
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b':' | b'_')))
        .unwrap_or(s.len());
    &s[..len]
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
    fn tag_names_match_whatever_their_case() {
        // Closed in another case: siblings, not nesting.
        let page = "<Div>x</dIV>".repeat(MAX_DEPTH + 10);
        assert_eq!(check(page.as_bytes()), Ok(()));
        // A raw-text element in capitals still hides the tags inside it.
        let page = format!("<SCRIPT>{}</script>", "<div>".repeat(MAX_DEPTH + 10));
        assert_eq!(check(page.as_bytes()), Ok(()));
        // Void and implicitly closed elements in capitals add no depth.
        let page = "<BR><LI>item<IMG src=x>".repeat(MAX_DEPTH + 10);
        assert_eq!(check(page.as_bytes()), Ok(()));
        // Names longer than any known one nest like any element.
        let page = "<my-custom-element-with-a-long-name>".repeat(MAX_DEPTH + 1);
        assert_eq!(
            check(page.as_bytes()),
            Err(OverBudget::Depth(MAX_DEPTH + 1))
        );
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

    /// A tag with `n` attributes written `name="value"`, the form html5gum chains frames on.
    fn tag_with_attributes(n: usize) -> String {
        let attributes: String = (0..n).map(|i| format!(" data-a{i}=\"v\"")).collect();
        format!("<html><body><div{attributes}><p>Text</p></div></body></html>")
    }

    #[test]
    fn tag_with_too_many_attributes_is_over_budget() {
        let at_limit = tag_with_attributes(MAX_ATTRIBUTES_PER_TAG);
        assert_eq!(check(at_limit.as_bytes()), Ok(()));
        for n in [MAX_ATTRIBUTES_PER_TAG + 1, 10_000] {
            let page = tag_with_attributes(n);
            assert_eq!(
                check(page.as_bytes()),
                Err(OverBudget::Attributes { tag_at: 12 })
            );
        }
        // Bare words, unquoted and single-quoted values, and a stray '=' count alike.
        let mixed = format!(
            "<p {}>text",
            ["word", "a=1", "b='2'", "=c", "d = \"4\""]
                .join(" ")
                .repeat(MAX_ATTRIBUTES_PER_TAG / 5 + 1)
        );
        assert_eq!(
            check(mixed.as_bytes()),
            Err(OverBudget::Attributes { tag_at: 0 })
        );
        let message = OverBudget::Attributes { tag_at: 12 }.to_string();
        assert!(message.contains("attributes"), "{message}");
        assert!(
            message.contains(&MAX_ATTRIBUTES_PER_TAG.to_string()),
            "{message}"
        );
    }

    #[test]
    fn tag_over_the_byte_budget_is_over_budget() {
        let value = "QUJD".repeat(MAX_TAG_BYTES / 4);
        let page = format!("<body><p>x</p><img src=\"data:image/png;base64,{value}\"></body>");
        assert_eq!(
            check(page.as_bytes()),
            Err(OverBudget::TagBytes { tag_at: 14 })
        );
        // Also when the value never closes and the page goes on.
        let open = format!("<div class=\"{value}<p>text</p>");
        assert_eq!(
            check(open.as_bytes()),
            Err(OverBudget::TagBytes { tag_at: 0 })
        );
        // A large image inlined within the budget is fine.
        let inlined = format!(
            "<body><img src=\"data:,{}\"><p>x</p></body>",
            "A".repeat(MAX_TAG_BYTES / 2)
        );
        assert_eq!(check(inlined.as_bytes()), Ok(()));
        assert!(
            OverBudget::TagBytes { tag_at: 14 }
                .to_string()
                .contains(&MAX_TAG_BYTES.to_string())
        );
    }

    #[test]
    fn a_quoted_angle_bracket_does_not_end_the_tag() {
        // Read as the tokenizer reads them, these are 600 `<a>` elements, each self-closed
        // by `/>`, not 600 nested ones whose tag ends inside the title.
        let page = r#"<a title="x > y" href='/p>q'/>"#.repeat(600);
        assert_eq!(check(page.as_bytes()), Ok(()));
        // An unquoted value takes the slash: `<a href=/x/>` is not self-closing.
        let page = "<a href=/x/>".repeat(600);
        assert_eq!(
            check(page.as_bytes()),
            Err(OverBudget::Depth(MAX_DEPTH + 1))
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
            "<div class",
            "<div class=",
            "<div class=\"open",
            "<div a='b' /",
            "<div a=b",
        ] {
            assert_eq!(check(page.as_bytes()), Ok(()));
        }
    }
}
