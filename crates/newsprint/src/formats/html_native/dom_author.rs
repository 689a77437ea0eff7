//! The byline that trafilatura's search of the page's elements finds (its `extractDomAuthor`:
//! three attribute rules tried in turn, the first element of a rule whose text is 3 to 119
//! characters, with comment threads, sidebars, dates and figures taken out first), read in
//! the native tokenizer pass. `auto` read it from the crate's metadata pass before, which
//! cost an html5ever parse of the page; the rules are the published ones, the code ours (the
//! crate keeps them private).

use std::borrow::Cow;
use std::sync::LazyLock;

use super::tokens::StartTag;
use aho_corasick::AhoCorasick;

/// Class words of the generic rule.
const GENERIC_CLASS_WORDS: [&str; 4] = [
    "channel-name",
    "submitted-by",
    "posted-by",
    "journalist-name",
];
/// Class or id words of the generic rule (Chinese sites' "author" and "editor").
const GENERIC_CLASS_OR_ID_WORDS: [&str; 3] = ["zuozhe", "bianji", "xiaobian"];
/// Class words that take a box out.
const TAKEN_OUT_CLASS_WORDS: [&str; 10] = [
    "sidebar",
    "is-hidden",
    "quote",
    "embedly-instagram",
    "article-share",
    "article-support",
    "print",
    "category",
    "meta-date",
    "meta-reviewer",
];

/// Every word the rules look for, in any case: an element whose attributes hold none of
/// them matches no rule and is not taken out, and most elements are such. One pass over
/// each attribute instead of some thirty substring searches.
static RULE_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let others = [
        "author",
        "byl",
        "bbl",
        "username",
        "screenname",
        "writer",
        "comment",
        "title",
        "date",
        "productreviews",
        "figure",
    ];
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(
            others
                .iter()
                .chain(&GENERIC_CLASS_WORDS)
                .chain(&GENERIC_CLASS_OR_ID_WORDS)
                .chain(&TAKEN_OUT_CLASS_WORDS),
        )
        .expect("valid patterns")
});

/// Whether any rule could match or take out this element (a cheap test before the rules).
fn may_match(tag: &StartTag<'_>) -> bool {
    if matches!(tag.name, b"author" | b"time" | b"figure") {
        return true;
    }
    tag.attrs().any(|(k, v)| match k {
        b"rel" => v == b"me" || RULE_WORDS.is_match(v),
        b"class" | b"id" | b"itemprop" | b"data-testid" | b"data-component" => {
            RULE_WORDS.is_match(v)
        }
        _ => false,
    })
}

/// The attributes the rules read, as written (the rules compare case-sensitively, apart
/// from the ones that lowercase).
#[derive(Default)]
struct Attrs<'a> {
    class: Cow<'a, str>,
    id: Cow<'a, str>,
    rel: Cow<'a, str>,
    itemprop: Cow<'a, str>,
    testid: Cow<'a, str>,
    component: Cow<'a, str>,
}

impl<'a> Attrs<'a> {
    fn of(tag: &StartTag<'a>) -> Attrs<'a> {
        let mut a = Attrs::default();
        for (k, v) in tag.attrs() {
            let slot = match k {
                b"class" => &mut a.class,
                b"id" => &mut a.id,
                b"rel" => &mut a.rel,
                b"itemprop" => &mut a.itemprop,
                b"data-testid" => &mut a.testid,
                b"data-component" => &mut a.component,
                _ => continue,
            };
            *slot = super::tree::text_of(v);
        }
        a
    }
}

/// The specific rule: `rel="author"`, an `author-name` class and the like.
fn specific_rule(tag: &[u8], a: &Attrs) -> bool {
    match tag {
        b"author" => return true,
        b"a" | b"address" | b"div" | b"link" | b"p" | b"span" | b"strong" => {}
        _ => return false,
    }
    a.rel == "author"
        || a.rel == "me"
        || a.id == "author"
        || a.class == "author"
        || a.itemprop == "author name"
        || ["author-name", "AuthorName", "authorName", "author name"]
            .iter()
            .any(|w| a.class.contains(w))
        || a.testid == "AuthorCard"
        || a.testid == "AuthorURL"
}

/// The generic rule: an author class, id or itemprop on a text element, a `byline` class.
fn generic_rule(tag: &[u8], a: &Attrs) -> bool {
    if !matches!(tag, b"a" | b"div" | b"h3" | b"h4" | b"p" | b"span") {
        return false;
    }
    let class_or_id = |w: &str| a.class.contains(w) || a.id.contains(w);
    a.class.contains("author")
        || a.id.contains("author")
        || a.itemprop.contains("author")
        || ["byline", "username", "byl", "BBL"].contains(&a.class.as_ref())
        || GENERIC_CLASS_OR_ID_WORDS.iter().any(|w| class_or_id(w))
        || GENERIC_CLASS_WORDS.iter().any(|w| a.class.contains(w))
}

/// The last resort: any element whose class, id or itemprop says author, byline or writer.
fn last_resort_rule(a: &Attrs) -> bool {
    let class = a.class.to_lowercase();
    a.id.to_lowercase().contains("author")
        || class.contains("author")
        || class.contains("byline")
        || a.class.contains("screenname")
        || a.class.contains("writer")
        || a.component.to_lowercase().contains("byline")
        || a.itemprop.contains("author")
}

/// Boxes taken out before the search: comment threads, sidebars, titles, dates, quotes,
/// share and print bars, figures and `<time>`s.
fn taken_out(tag: &[u8], a: &Attrs) -> bool {
    match tag {
        b"time" | b"figure" => return true,
        b"a" | b"div" | b"section" | b"span" => {}
        _ => return false,
    }
    ["comments", "title", "date"].contains(&a.class.as_ref())
        || a.id == "comments"
        || a.id.starts_with("comments")
        || a.class.starts_with("comments")
        || a.class.starts_with("Comments")
        || ["commentlist", "comment-list"]
            .iter()
            .any(|w| a.class.contains(w) || a.id.contains(w))
        || a.id.contains("ProductReviews")
        || a.component.contains("Figure")
        || TAKEN_OUT_CLASS_WORDS.iter().any(|w| a.class.contains(w))
}

const RULES: usize = 3;

/// An element a rule matched, open, and its text so far.
struct Candidate {
    node: usize,
    /// Its place in `AuthorSearch::open` (1-based: the number of open elements with it).
    depth: usize,
    /// Which rules matched it (bit r for rule r).
    rules: u8,
    text: String,
    /// Its text is already too long to be a byline.
    too_long: bool,
}

/// Past this many bytes a candidate's text is folded and measured: a box that holds a
/// whole article is no byline, and its text need not be kept.
const FOLD_AT: usize = 2048;
/// The byline's length in characters, after whitespace is folded: above 2 and below this.
const MAX_CHARS: usize = 120;

/// The search, fed the tree builder's events in page order.
#[derive(Default)]
pub(super) struct AuthorSearch {
    /// The open elements beyond the root, as the tree builder's stack has them: node, and
    /// whether it is taken out (a removed box, or inside one).
    open: Vec<(usize, bool)>,
    candidates: Vec<Candidate>,
    /// Each rule's first element (by node, that is page order) with a text of byline length.
    found: [Option<(usize, String)>; RULES],
    /// The depth of the last node visited (the crate's `iter_text` puts a space between
    /// texts at different depths).
    last_level: usize,
}

fn fold(text: &str) -> String {
    text.split_whitespace()
        .flat_map(|w| [" ", w])
        .skip(1)
        .collect::<String>()
        .replace('\u{00AD}', "")
}

/// How many of a reader's open elements (node first, root not included) the tree builder's
/// `stack` (root first) still has open: the builder closes elements at end tags and
/// implies closes at start tags, and the readers follow.
pub(super) fn still_open(open: &[(usize, bool)], stack: &[usize]) -> usize {
    open.iter()
        .zip(stack.iter().skip(1))
        .take_while(|(open, s)| open.0 == **s)
        .count()
}

impl AuthorSearch {
    /// Brings the open elements in line with the tree builder's `stack` (root first): the
    /// builder closes elements at end tags and implies closes at start tags.
    pub(super) fn sync(&mut self, stack: &[usize]) {
        let keep = still_open(&self.open, stack);
        if keep < self.open.len() {
            self.open.truncate(keep);
            while self.candidates.last().is_some_and(|c| c.depth > keep) {
                let c = self.candidates.pop().expect("checked");
                self.close(c);
            }
        }
    }

    /// A start tag that became node `node`; `pushed` says it stays open (not a void or
    /// self-closed element). Call after `sync`.
    pub(super) fn start(&mut self, node: usize, tag: &StartTag<'_>, pushed: bool) {
        let name: &[u8] = tag.name;
        let inside_removed = self.open.last().is_some_and(|&(_, out)| out);
        let wanted = self.wanted();
        // The attributes are read only where a rule could use them.
        let (removed, rules) = if inside_removed {
            (true, 0)
        } else if (wanted == 0 && self.candidates.is_empty()) || !may_match(tag) {
            (false, 0)
        } else {
            let a = Attrs::of(tag);
            let removed = taken_out(name, &a);
            let mut rules = 0u8;
            if !removed {
                rules |= u8::from(specific_rule(name, &a));
                rules |= u8::from(generic_rule(name, &a)) << 1;
                rules |= u8::from(last_resort_rule(&a)) << 2;
            }
            (removed, rules & wanted)
        };
        if removed {
            if pushed {
                self.open.push((node, true));
            }
            return;
        }
        self.last_level = self.open.len() + 1;
        if crate::formats::html_budget::is_void(name) {
            for c in &mut self.candidates {
                c.text.push(' ');
            }
        }
        if !pushed {
            return;
        }
        self.open.push((node, false));
        if rules != 0 {
            self.candidates.push(Candidate {
                node,
                depth: self.open.len(),
                rules,
                text: String::new(),
                too_long: false,
            });
        }
    }

    /// A text token inside the open elements. Call after `sync`.
    pub(super) fn text(&mut self, value: &[u8]) {
        if self.candidates.is_empty() || self.open.last().is_some_and(|&(_, out)| out) {
            return;
        }
        let level = self.open.len() + 1;
        let value = super::tree::text_of(value);
        for c in self.candidates.iter_mut().filter(|c| !c.too_long) {
            if level != self.last_level {
                c.text.push(' ');
            }
            c.text.push_str(&value);
            if c.text.len() > FOLD_AT {
                c.text = fold(&c.text);
                c.too_long = c.text.chars().count() >= MAX_CHARS;
            }
        }
        self.last_level = level;
    }

    /// A comment: no text, but a node the crate's text walk visits.
    pub(super) fn comment(&mut self) {
        if !self.open.last().is_some_and(|&(_, out)| out) {
            self.last_level = self.open.len() + 1;
        }
    }

    /// The rules still worth matching: a rule's later elements cannot beat its first.
    fn wanted(&self) -> u8 {
        if self.found[0].is_some() {
            return 0;
        }
        (0..RULES)
            .filter(|&r| self.found[r].is_none())
            .fold(0, |m, r| m | 1 << r)
    }

    fn close(&mut self, c: Candidate) {
        if c.too_long {
            return;
        }
        let text = fold(&c.text);
        let chars = text.chars().count();
        if chars <= 2 || chars >= MAX_CHARS {
            return;
        }
        for r in 0..RULES {
            if c.rules & (1 << r) != 0 && self.found[r].as_ref().is_none_or(|(n, _)| c.node < *n) {
                self.found[r] = Some((c.node, text.clone()));
            }
        }
    }

    /// The byline found: the first rule's element, else the second's, else the third's.
    pub(super) fn finish(mut self) -> Option<String> {
        self.sync(&[0]);
        self.found.into_iter().flatten().next().map(|(_, t)| t)
    }
}

#[cfg(test)]
mod tests {
    fn found(body: &str) -> Option<String> {
        super::super::page_facts(&format!("<html><body>{body}</body></html>")).dom_author
    }

    #[test]
    fn the_specific_rule_wins_over_an_earlier_generic_match() {
        let page = r#"<div class="post-author-box">About the writers</div>
            <p>Text.</p><span rel="author">Jane Doe</span>"#;
        assert_eq!(found(page).as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn comment_threads_and_dates_are_taken_out_first() {
        let page = r#"<div class="comments"><span class="author">Troll Person</span></div>
            <p class="byline-author">By Jane Doe <time>5 May 2024</time></p>"#;
        assert_eq!(found(page).as_deref(), Some("By Jane Doe"));
    }

    #[test]
    fn a_box_too_long_for_a_byline_gives_way_to_the_next() {
        let long = "word ".repeat(40);
        let page = format!(r#"<div class="author-bio">{long}</div><a class="author">Jane Doe</a>"#);
        assert_eq!(found(&page).as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn texts_at_different_depths_are_spaced() {
        let page = r#"<span class="author-name">Jane<b>Doe</b><br>Staff</span>"#;
        assert_eq!(found(page).as_deref(), Some("Jane Doe Staff"));
    }

    #[test]
    fn a_page_without_author_markup_has_none() {
        assert_eq!(found("<p>Just text by nobody in particular.</p>"), None);
    }
}
