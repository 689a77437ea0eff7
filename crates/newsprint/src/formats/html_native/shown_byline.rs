//! The texts that `html::byline::visible_byline` judges, gathered in the native tokenizer
//! pass instead of from an html5ever tree: the elements that say author (`rel` or
//! `itemprop`), the author boxes (by class), and the short elements that may be a "By Jane
//! Doe" line, each outside scripts, navigation, footers, forms and comment threads.

use super::tokens::StartTag;

use crate::formats::html_shared::AUTHOR_BOX_WORDS;

/// The texts, each kind in page order (by where the element starts).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ShownBylineTexts {
    /// Elements with `rel~="author"` or `itemprop~="author"`: their whole text, cleaned.
    pub marked: Vec<String>,
    /// Elements whose class holds an author-box word: their text nodes, each cleaned, joined
    /// by spaces.
    pub boxes: Vec<String>,
    /// `p`, `div`, `span`, `em`, `i`, `b`, `strong`, `small`, `address` and `a` elements:
    /// their whole text, cleaned, when it is at most `SHORT_LINE` characters.
    pub short_lines: Vec<String>,
}

/// The longest marked element or box text the reader looks at, in characters.
pub const MARKED_CHARS: usize = 80;
/// The longest line the reader tries as a "By Jane Doe" line, in characters.
pub const SHORT_LINE: usize = 60;
/// A text span longer than this in bytes is not looked at: after its whitespace is folded
/// it would still be far beyond `MARKED_CHARS` in any page seen.
const MAX_SPAN: usize = 16 * 1024;
/// Between text nodes in `ShownBylineSearch::all`: a box's nodes are cleaned one by one.
const NODE_BREAK: char = '\u{1}';

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Marked,
    Box,
    Short,
}

impl Kind {
    fn max_chars(self) -> usize {
        match self {
            Kind::Marked | Kind::Box => MARKED_CHARS,
            Kind::Short => SHORT_LINE,
        }
    }
}

/// An open element of one of the kinds, and where its text starts in `all`.
struct Candidate {
    node: usize,
    depth: usize,
    kind: Kind,
    start: usize,
    /// For a short line: how it opens, as far as its text has come.
    opening: Opening,
    /// Where in `all` to read its opening from next (`opening_from`).
    scan_from: usize,
}

/// The search, fed the tree builder's events in page order.
#[derive(Default)]
pub(super) struct ShownBylineSearch {
    /// The open elements beyond the root: node, and whether what is inside it is out of the
    /// article (it or an ancestor is a script, navigation, footer, form, button or comment
    /// thread).
    open: Vec<(usize, bool)>,
    candidates: Vec<Candidate>,
    /// The page's text so far, text nodes apart by `NODE_BREAK`: an element's text is the
    /// span from its start to its end, with no copy per element.
    all: String,
    /// Whether the last event was text: tokens in a row are one text node.
    in_text: bool,
    /// Open candidates whose text is still wanted: not short lines known to open with
    /// another word. With none, text is not copied into `all`.
    live: usize,
    /// Open short lines whose opening word is not known yet.
    undecided: usize,
    found: Vec<(Kind, usize, String)>,
}

fn hides_descendants(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"noscript" | b"template" | b"nav" | b"footer" | b"form" | b"button"
    )
}

fn has_token(value: &[u8], token: &[u8]) -> bool {
    value.split(u8::is_ascii_whitespace).any(|t| t == token)
}

/// What the first word of a text says of it as a byline line ("By", "von", "Autor" open
/// one): from the text's first letter or digit on, the letters run to a byline word or
/// not, or the text (so far) ends before the word does.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Opening {
    ByWord,
    Other,
    Unknown,
}

/// How `all[from..]` opens (cleaning a text never makes a line open with a byline word, so
/// the lines judged `Opening::Other` are no bylines), and where a later call on the same
/// text grown longer may start instead of `from`: its first letter or digit, or the end
/// when it has none yet. A short line's elements often open on whitespace-only text nodes,
/// and reading them again at every text token took a tenth of the search.
fn opening_from(all: &str, from: usize) -> (Opening, usize) {
    let Some(at) = all[from..].find(|c: char| c.is_alphanumeric()) else {
        return (Opening::Unknown, all.len());
    };
    let at = from + at;
    (word_opening(&all[at..]), at)
}

/// `opening` of a text that starts with a letter or digit.
fn word_opening(rest: &str) -> Opening {
    // A word may run across text nodes ("<b>B</b>y"): the element's text joins them.
    let end = rest.find(|c: char| !c.is_alphabetic() && c != NODE_BREAK);
    let word = rest[..end.unwrap_or(rest.len())].replace(NODE_BREAK, "");
    // Non-ASCII letters may fold to ASCII ones ("ſ" to "s"): such words are kept.
    if !word.is_ascii() {
        return Opening::ByWord;
    }
    let is_byline = [
        "von", "by", "par", "por", "door", "autor", "autorin", "autoren", "author", "authors",
    ]
    .iter()
    .any(|w| w.eq_ignore_ascii_case(&word));
    match (is_byline, end) {
        (true, _) => Opening::ByWord,
        // The word runs on into the next text token.
        (false, None) => Opening::Unknown,
        (false, Some(_)) => Opening::Other,
    }
}

impl ShownBylineSearch {
    /// Brings the open elements in line with the tree builder's `stack` (root first).
    pub(super) fn sync(&mut self, stack: &[usize]) {
        let keep = super::dom_author::still_open(&self.open, stack);
        if keep < self.open.len() {
            self.open.truncate(keep);
            self.in_text = false;
            while self.candidates.last().is_some_and(|c| c.depth > keep) {
                let c = self.candidates.pop().expect("checked");
                if c.opening != Opening::Other {
                    self.live -= 1;
                }
                if c.opening == Opening::Unknown {
                    self.undecided -= 1;
                }
                self.close(c);
            }
        }
    }

    /// A start tag that became node `node`; `pushed` says it stays open. Call after `sync`.
    pub(super) fn start(&mut self, node: usize, tag: &StartTag<'_>, pushed: bool) {
        self.in_text = false;
        if !pushed {
            return;
        }
        let name: &[u8] = tag.name;
        let outside = self.open.last().is_some_and(|&(_, out)| out);
        let mut hides = outside || hides_descendants(name);
        let mut kinds: [Option<Kind>; 3] = [None; 3];
        if !outside {
            for (k, v) in tag.attrs() {
                match k {
                    b"rel" | b"itemprop" if has_token(v, b"author") => {
                        kinds[0] = Some(Kind::Marked);
                    }
                    b"class" => {
                        let class = super::tree::text_of(v);
                        if AUTHOR_BOX_WORDS.iter().any(|w| class.contains(w)) {
                            kinds[1] = Some(Kind::Box);
                        }
                    }
                    _ => {}
                }
                if matches!(k, b"class" | b"id")
                    && v.len() >= 7
                    && v.to_ascii_lowercase().windows(7).any(|w| w == b"comment")
                {
                    hides = true;
                }
            }
            if matches!(
                name,
                b"p" | b"div"
                    | b"span"
                    | b"em"
                    | b"i"
                    | b"b"
                    | b"strong"
                    | b"small"
                    | b"address"
                    | b"a"
            ) {
                kinds[2] = Some(Kind::Short);
            }
        }
        self.open.push((node, hides));
        let depth = self.open.len();
        for kind in kinds.into_iter().flatten() {
            let opening = if kind == Kind::Short {
                Opening::Unknown
            } else {
                Opening::ByWord
            };
            self.live += 1;
            self.undecided += usize::from(opening == Opening::Unknown);
            self.candidates.push(Candidate {
                node,
                depth,
                kind,
                start: self.all.len(),
                opening,
                scan_from: self.all.len(),
            });
        }
    }

    /// A text token inside the open elements. Call after `sync`.
    pub(super) fn text(&mut self, value: &[u8]) {
        if self.live == 0 {
            self.in_text = true;
            return;
        }
        if !self.in_text && !self.all.is_empty() {
            self.all.push(NODE_BREAK);
        }
        self.all.push_str(&super::tree::text_of(value));
        self.in_text = true;
        if self.undecided > 0 {
            for c in self.candidates.iter_mut().rev() {
                if c.opening != Opening::Unknown {
                    continue;
                }
                (c.opening, c.scan_from) = opening_from(&self.all, c.scan_from);
                if c.opening != Opening::Unknown {
                    self.undecided -= 1;
                }
                if c.opening == Opening::Other {
                    self.live -= 1;
                }
            }
        }
    }

    fn close(&mut self, c: Candidate) {
        let span = &self.all[c.start..];
        if span.len() > MAX_SPAN || c.opening != Opening::ByWord {
            return;
        }
        // Cleaning keeps every printable ASCII character other than the space, and NFC
        // joins none of them to the character before: a span with more of them than the
        // kind allows is too long however it cleans. Spares cleaning the containers whose
        // text opens with the byline (a whole article, up to `MAX_SPAN`).
        let kept_ascii = span.bytes().filter(|b| (0x21..0x7f).contains(b)).count();
        if kept_ascii > c.kind.max_chars() {
            return;
        }
        let text = match c.kind {
            Kind::Box => span
                .split(NODE_BREAK)
                .map(crate::textnorm::clean_line)
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            _ => crate::textnorm::clean_line(&span.replace(NODE_BREAK, "")),
        };
        if text.is_empty() || text.chars().count() > c.kind.max_chars() {
            return;
        }
        self.found.push((c.kind, c.node, text));
    }
    pub(super) fn finish(mut self) -> ShownBylineTexts {
        self.sync(&[0]);
        self.found.sort_by_key(|&(_, node, _)| node);
        let mut out = ShownBylineTexts::default();
        for (kind, _, text) in self.found {
            match kind {
                Kind::Marked => out.marked.push(text),
                Kind::Box => out.boxes.push(text),
                Kind::Short => out.short_lines.push(text),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::ShownBylineTexts;

    fn shown(body: &str) -> ShownBylineTexts {
        super::super::page_facts(&format!("<html><body>{body}</body></html>")).shown_bylines
    }

    #[test]
    fn comment_threads_and_footers_are_not_read() {
        let page = r#"<div id="comments"><a rel="author">Troll Person</a></div>
            <footer><p>By Site Team</p></footer><p><a rel="author">Jane Doe</a></p>"#;
        let found = shown(page);
        assert_eq!(found.marked, ["Jane Doe"]);
        assert!(found.short_lines.iter().all(|l| !l.contains("Site Team")));
    }

    #[test]
    fn short_lines_come_in_page_order_and_only_those_opening_with_a_byline_word() {
        // The section's whole text opens with "By" too, and starts first: the reader
        // turns it down, as its words are no names.
        let page = r#"<section><p>By <b>Jane Doe</b></p><span>von Max Muster</span>
            <p>Weather by the coast</p><p>Byron Street</p></section>"#;
        assert_eq!(shown(page).short_lines, ["By Jane Doe", "von Max Muster"]);
        let page = r#"<div><p>By Jane Doe</p><p>Weather</p></div>"#;
        assert_eq!(
            shown(page).short_lines,
            ["By Jane DoeWeather", "By Jane Doe"]
        );
    }

    /// The count that spares cleaning long spans is of printable ASCII other than the space:
    /// a line at the limit once cleaned is found however much whitespace it had, and one
    /// character more is too long.
    #[test]
    fn a_short_line_at_the_limit_is_found_and_one_over_is_not() {
        let at_limit = format!("By:{}", "x".repeat(super::SHORT_LINE - 3));
        let page = format!("<p>\n  {at_limit}\u{200b}\n\n</p><p>{at_limit}y</p>");
        let found = shown(&page).short_lines;
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].chars().count(), super::SHORT_LINE);
    }

    #[test]
    fn a_box_keeps_its_text_nodes_apart() {
        let page = r#"<div class="author-box"><b>Ines Okafor</b><a href="/io">View More</a></div>"#;
        assert_eq!(shown(page).boxes, ["Ines Okafor View More"]);
    }
}

#[cfg(test)]
mod opening_tests {
    use super::{NODE_BREAK, Opening, opening_from};

    fn opening(text: &str) -> Opening {
        opening_from(text, 0).0
    }

    #[test]
    fn a_line_read_again_as_it_grows_opens_as_read_whole() {
        let mut all = format!("  {NODE_BREAK} ");
        let (o, from) = opening_from(&all, 0);
        assert_eq!((o, from), (Opening::Unknown, all.len()));
        all.push_str("Au");
        let (o, from) = opening_from(&all, from);
        assert_eq!((o, &all[from..]), (Opening::Unknown, "Au"));
        all.push(NODE_BREAK);
        all.push_str("thor: Jane Doe");
        assert_eq!(opening_from(&all, from).0, Opening::ByWord);
        assert_eq!(opening(&all), Opening::ByWord);
    }

    #[test]
    fn a_byline_word_split_across_text_nodes_still_opens_the_line() {
        assert_eq!(
            opening(&format!("B{NODE_BREAK}y Jane Doe")),
            Opening::ByWord
        );
        assert_eq!(opening("  — Von: Max"), Opening::ByWord);
        assert_eq!(opening("Byron Street"), Opening::Other);
        assert_eq!(opening("  Au"), Opening::Unknown);
    }
}
