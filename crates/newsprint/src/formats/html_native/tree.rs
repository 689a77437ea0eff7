//! Tokens to an arena tree: html5gum's tokens, with the tree builder's implied end tags
//! and raw-text states done here, into nodes that carry their class weight, their cuts and
//! their text counts.

use html5gum::State;

use super::dom_author::AuthorSearch;
use super::headline_date::HeadlineDateSearch;
use super::metadata::{FactsReader, PageFacts};
use super::scoring::class_weight;
use super::shown_byline::ShownBylineSearch;
use super::tokens::{Tok, Tokens};
use crate::formats::html_budget::is_void;
use crate::formats::html_shared::AUTHOR_BOX_WORDS;

/// Deepest nesting the tree keeps (the page budget allows 512 before it refuses a page).
const MAX_DEPTH: usize = 600;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Tag {
    Html,
    Body,
    P,
    Div,
    Section,
    Article,
    Main,
    Li,
    Ul,
    Ol,
    Dl,
    Dt,
    Dd,
    H1,
    Heading,
    Blockquote,
    Pre,
    Td,
    Th,
    Tr,
    Table,
    Tbody,
    A,
    Br,
    Header,
    Figcaption,
    Address,
    Center,
    Font,
    Other,
}

impl Tag {
    fn of(name: &[u8]) -> Tag {
        match name {
            b"html" => Tag::Html,
            b"body" => Tag::Body,
            b"p" => Tag::P,
            b"div" => Tag::Div,
            b"section" => Tag::Section,
            b"article" => Tag::Article,
            b"main" => Tag::Main,
            b"li" => Tag::Li,
            b"ul" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"h1" => Tag::H1,
            b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => Tag::Heading,
            b"blockquote" => Tag::Blockquote,
            b"pre" => Tag::Pre,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"tr" => Tag::Tr,
            b"table" => Tag::Table,
            b"tbody" | b"thead" | b"tfoot" => Tag::Tbody,
            b"a" => Tag::A,
            b"br" => Tag::Br,
            b"header" => Tag::Header,
            b"figcaption" => Tag::Figcaption,
            b"address" => Tag::Address,
            b"center" => Tag::Center,
            b"font" => Tag::Font,
            _ => Tag::Other,
        }
    }

    /// Elements that start a new paragraph of text.
    pub(super) fn is_block(self) -> bool {
        !matches!(self, Tag::A | Tag::Br | Tag::Font | Tag::Other)
    }
}

/// Subtrees that never hold article text: code, media, controls, and the page's navigation
/// and footers.
fn is_dead_tag(name: &[u8]) -> bool {
    matches!(
        name,
        b"head"
            | b"script"
            | b"style"
            | b"noscript"
            | b"template"
            | b"svg"
            | b"math"
            | b"iframe"
            | b"object"
            | b"canvas"
            | b"textarea"
            | b"select"
            | b"button"
            | b"nav"
            | b"footer"
            | b"dialog"
            | b"menu"
            | b"figure"
            | b"picture"
            | b"video"
            | b"audio"
            | b"map"
            | b"title"
    )
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Child {
    El(usize),
    Text(usize),
}

/// The end of a children list.
const NO_CHILD: usize = usize::MAX;

/// The children of every node in one table, each list linked in page order: a list per node
/// was an allocation per element and its regrowths, most of the tree's.
#[derive(Debug)]
struct ChildLink {
    child: Child,
    next: usize,
}

/// The children of one node, in page order.
pub(super) struct Children<'t> {
    links: &'t [ChildLink],
    at: usize,
}

impl Iterator for Children<'_> {
    type Item = Child;

    fn next(&mut self) -> Option<Child> {
        let link = self.links.get(self.at)?;
        self.at = link.next;
        Some(link.child)
    }
}

/// Appends `child` to `parent`'s children.
fn push_child(nodes: &mut [Node], links: &mut Vec<ChildLink>, parent: usize, child: Child) {
    let at = links.len();
    links.push(ChildLink {
        child,
        next: NO_CHILD,
    });
    let parent = &mut nodes[parent];
    match parent.last_child {
        NO_CHILD => parent.first_child = at,
        last => links[last].next = at,
    }
    parent.last_child = at;
}

#[derive(Debug)]
pub(super) struct Node {
    pub(super) tag: Tag,
    /// The tag name's hash: end tags match the element of their own name, `Other` or not.
    pub(super) name: u64,
    pub(super) parent: usize,
    /// Where its children's list starts and ends in `Tree::links` (`NO_CHILD` when empty).
    first_child: usize,
    last_child: usize,
    /// Lowercased class and id, space separated.
    pub(super) attr: String,
    /// Never text: a dead tag, a hidden element, or inside one.
    pub(super) dead: bool,
    /// A boilerplate box by its class, id or role (cut unless that loses the article).
    pub(super) boiler: bool,
    /// An `<aside>`: cut even when it holds most of the page's text (a rail beside a short
    /// article often does), read only by the retry without cuts.
    pub(super) aside: bool,
    pub(super) weight: f64,
    // Filled bottom-up after the build.
    pub(super) chars: usize,
    pub(super) link_chars: usize,
    pub(super) commas: usize,
    pub(super) inline_chars: usize,
    pub(super) inline_commas: usize,
}

pub(super) struct Tree {
    pub(super) nodes: Vec<Node>,
    pub(super) texts: Vec<String>,
    /// Per text: its visible characters and its commas, counted once for the measures and
    /// the emitted blocks.
    pub(super) text_counts: Vec<(usize, usize)>,
    links: Vec<ChildLink>,
    /// The target of each live `<a href>`, by node: the body's links.
    pub(super) hrefs: rustc_hash::FxHashMap<usize, String>,
}

pub(super) fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn comma_count(s: &str) -> usize {
    s.chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
        .count()
}

pub(super) fn name_hash(name: &[u8]) -> u64 {
    name.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn new_node(tag: Tag, parent: usize, attr: String, dead: bool, boiler: bool, weight: f64) -> Node {
    Node {
        tag,
        name: 0,
        parent,
        first_child: NO_CHILD,
        last_child: NO_CHILD,
        attr,
        dead,
        boiler,
        aside: false,
        weight,
        chars: 0,
        link_chars: 0,
        commas: 0,
        inline_chars: 0,
        inline_commas: 0,
    }
}

/// Elements that bound the search for an open `<p>` to close (the spec's button scope).
fn is_scope_boundary(tag: Tag) -> bool {
    matches!(tag, Tag::Td | Tag::Th | Tag::Table | Tag::Html)
}

/// Elements whose start closes an open `<p>`.
fn closes_p(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"article"
            | b"aside"
            | b"blockquote"
            | b"center"
            | b"details"
            | b"div"
            | b"dl"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"header"
            | b"hr"
            | b"main"
            | b"menu"
            | b"nav"
            | b"ol"
            | b"p"
            | b"pre"
            | b"section"
            | b"table"
            | b"ul"
            | b"li"
            | b"dd"
            | b"dt"
    )
}

/// The tokenizer state for the content of `name`, for elements whose content is not markup.
fn raw_state(name: &[u8]) -> Option<State> {
    match name {
        b"script" => Some(State::ScriptData),
        b"style" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript" => {
            Some(State::RawText)
        }
        b"title" | b"textarea" => Some(State::RcData),
        b"plaintext" => Some(State::PlainText),
        _ => None,
    }
}

/// Phrasing elements, whose end tags never close a block.
fn is_inline(name: &[u8]) -> bool {
    matches!(
        name,
        b"a" | b"span"
            | b"b"
            | b"i"
            | b"em"
            | b"strong"
            | b"small"
            | b"font"
            | b"u"
            | b"s"
            | b"sub"
            | b"sup"
            | b"code"
            | b"mark"
            | b"cite"
            | b"abbr"
            | b"time"
            | b"label"
            | b"q"
            | b"big"
            | b"strike"
            | b"tt"
            | b"var"
            | b"kbd"
    )
}

/// `bytes` as text. A token's bytes are UTF-8 (the page is decoded before it is tokenized,
/// and the tokenizer cuts it only at ASCII bytes), which `from_utf8` confirms in a fraction
/// of the time `from_utf8_lossy` takes to walk them (its chunks were 1.3% of a run on the
/// benchmark's pages); a stray bad byte would still become U+FFFD.
pub(super) fn text_of(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

pub(super) fn lossy(bytes: &[u8]) -> String {
    text_of(bytes).into_owned()
}

/// Whether a `style` attribute hides its element.
fn hidden_by_style(style: &str) -> bool {
    let s: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    s.contains("display:none") || s.contains("visibility:hidden")
}

impl Tree {
    pub(super) fn build(html: &str, facts: &mut PageFacts) -> Tree {
        let mut nodes = vec![new_node(Tag::Html, 0, String::new(), false, false, 0.0)];
        let mut texts: Vec<String> = Vec::new();
        let mut text_counts: Vec<(usize, usize)> = Vec::new();
        let mut links: Vec<ChildLink> = Vec::new();
        // Open elements, root first.
        let mut stack: Vec<usize> = vec![0];
        // Which open elements are `<a>` and author boxes, for link text and bylines.
        let mut byline_open: Option<(usize, String)> = None;
        // Each class string's weight, computed once per page.
        let mut weights: rustc_hash::FxHashMap<String, (f64, bool)> = Default::default();
        let mut hrefs: rustc_hash::FxHashMap<usize, String> = Default::default();
        let mut head = FactsReader::default();
        let mut authors = AuthorSearch::default();
        let mut shown = ShownBylineSearch::default();
        let mut headlines = HeadlineDateSearch::default();
        // The tokenizer's states for raw text are switched here, not by html5gum's naive
        // switch: inside `<svg>` and `<math>` a `<title/>` or `<style>` is an ordinary
        // element, and reading it as raw text would swallow the rest of the page.
        // The budget checked before this bounds the attributes per tag, and with them the
        // stack html5gum uses inside one tag (see `html_budget`).
        let mut tokens = Tokens::new(html);
        // A handle on the token bytes apart from `tokens`, so that the tokenizer's state can
        // be switched while a start tag is being read.
        let buffer = std::rc::Rc::clone(&tokens.buffer);
        let (svg, math) = (name_hash(b"svg"), name_hash(b"math"));
        while let Some(token) = tokens.next() {
            let buffer = buffer.borrow();
            match token {
                Tok::Start(tag) => {
                    let tag = buffer.start_tag(&tag);
                    let name: &[u8] = tag.name;
                    let mut raw = false;
                    if !tag.self_closing
                        && let Some(state) = raw_state(name)
                        && !stack
                            .iter()
                            .any(|&i| nodes[i].name == svg || nodes[i].name == math)
                    {
                        tokens.set_state(state);
                        raw = true;
                    }
                    head.start_tag(&tag, raw, facts);
                    if name == b"html" {
                        if let Some(lang) = tag.attr(b"lang") {
                            facts.lang = Some(lossy(lang).trim().to_owned());
                        }
                        continue;
                    }
                    if name == b"body" && stack.len() <= 2 {
                        continue;
                    }
                    if name == b"link" {
                        let mut rel = String::new();
                        let mut href = String::new();
                        for (k, v) in tag.attrs() {
                            match k {
                                b"rel" => rel = lossy(v).to_ascii_lowercase(),
                                b"href" => href = lossy(v).trim().to_owned(),
                                _ => {}
                            }
                        }
                        if rel.split_whitespace().any(|r| r == "canonical")
                            && !href.is_empty()
                            && facts.canonical.is_none()
                        {
                            facts.canonical = Some(href);
                        }
                        continue;
                    }
                    let kind = Tag::of(name);
                    // Implied end tags: a block closes an open paragraph, an item the
                    // previous item, a cell the previous cell.
                    if closes_p(name) {
                        close_in_scope(&nodes, &mut stack, |t| t == Tag::P, is_scope_boundary);
                    }
                    match kind {
                        Tag::Li => close_in_scope(
                            &nodes,
                            &mut stack,
                            |t| t == Tag::Li,
                            |t| matches!(t, Tag::Ul | Tag::Ol | Tag::Table | Tag::Td | Tag::Html),
                        ),
                        Tag::Dt | Tag::Dd => close_in_scope(
                            &nodes,
                            &mut stack,
                            |t| matches!(t, Tag::Dt | Tag::Dd),
                            |t| matches!(t, Tag::Dl | Tag::Table | Tag::Html),
                        ),
                        Tag::Td | Tag::Th => close_in_scope(
                            &nodes,
                            &mut stack,
                            |t| matches!(t, Tag::Td | Tag::Th),
                            |t| matches!(t, Tag::Tr | Tag::Table | Tag::Html),
                        ),
                        Tag::Tr => close_in_scope(
                            &nodes,
                            &mut stack,
                            |t| t == Tag::Tr,
                            |t| matches!(t, Tag::Table | Tag::Html),
                        ),
                        _ => {}
                    }
                    authors.sync(&stack);
                    shown.sync(&stack);
                    let parent = stack.last().copied().unwrap_or(0);
                    let parent_dead = nodes[parent].dead;
                    let mut attr = String::new();
                    let mut hidden = false;
                    let mut role_boiler = false;
                    let mut author_box = false;
                    for (k, v) in tag.attrs() {
                        match k {
                            b"class" | b"id" => {
                                if !attr.is_empty() {
                                    attr.push(' ');
                                }
                                let start = attr.len();
                                attr.push_str(&text_of(v));
                                attr[start..].make_ascii_lowercase();
                            }
                            // Not the `hidden` attribute: streamed pages (React's `<div hidden
                            // id="S:0">`) put the whole article in such an element, and
                            // script swaps it in.
                            b"aria-hidden" => hidden |= v == b"true",
                            b"style" => hidden |= hidden_by_style(&lossy(v)),
                            b"role" => {
                                role_boiler = matches!(
                                    v,
                                    b"navigation"
                                        | b"complementary"
                                        | b"contentinfo"
                                        | b"banner"
                                        | b"dialog"
                                        | b"menu"
                                        | b"alert"
                                )
                            }
                            b"rel" | b"itemprop" => {
                                author_box |= lossy(v).to_ascii_lowercase().contains("author")
                            }
                            _ => {}
                        }
                    }
                    author_box |= AUTHOR_BOX_WORDS.iter().any(|w| attr.contains(w));
                    let dead = parent_dead || hidden || is_dead_tag(name);
                    // A dead node is never scored nor cut (its text is not counted), so its
                    // classes are not weighed; a page repeats its classes, so each is
                    // weighed once.
                    let (weight, boiler) = if dead || attr.is_empty() {
                        (0.0, false)
                    } else if let Some(&known) = weights.get(attr.as_str()) {
                        known
                    } else {
                        let w = class_weight(&attr);
                        weights.insert(attr.clone(), w);
                        w
                    };
                    // An aside is a rail or a teaser box, cut as such; some sites wrap the
                    // whole article in one, which the retry without cuts finds.
                    let aside = name == b"aside";
                    let boiler = (boiler || role_boiler || aside)
                        && !matches!(kind, Tag::Body | Tag::Html | Tag::Article | Tag::Main);
                    let idx = nodes.len();
                    if kind == Tag::A
                        && !dead
                        && let Some(href) = tag.attr(b"href")
                    {
                        hrefs.insert(idx, lossy(href).trim().to_owned());
                    }
                    let mut node = new_node(kind, parent, attr, dead, boiler, weight);
                    node.name = name_hash(name);
                    node.aside = aside;
                    nodes.push(node);
                    push_child(&mut nodes, &mut links, parent, Child::El(idx));
                    if name == b"h1" {
                        head.h1_opened(idx, &nodes[idx].attr);
                    }
                    if author_box && byline_open.is_none() && !dead && facts.bylines.len() < 8 {
                        byline_open = Some((idx, String::new()));
                    }
                    // `<svg/>` and the like open nothing. Past `MAX_DEPTH` open elements,
                    // new ones stay leaves (their content goes to the deepest open one): the
                    // walks over the tree recurse, and the stack must stay bounded whatever
                    // the page.
                    let pushed = !is_void(name) && !tag.self_closing && stack.len() < MAX_DEPTH;
                    authors.start(idx, &tag, pushed);
                    shown.start(idx, &tag, pushed);
                    headlines.start(idx, parent, &tag, &stack, &nodes);
                    if pushed {
                        stack.push(idx);
                    }
                }
                Tok::End(name) => {
                    let name: &[u8] = buffer.bytes(&name);
                    head.end_tag(name, facts);
                    if name == b"br" {
                        let parent = stack.last().copied().unwrap_or(0);
                        let idx = nodes.len();
                        let dead = nodes[parent].dead;
                        nodes.push(new_node(Tag::Br, parent, String::new(), dead, false, 0.0));
                        push_child(&mut nodes, &mut links, parent, Child::El(idx));
                        continue;
                    }
                    if matches!(name, b"html" | b"body") {
                        continue;
                    }
                    let hash = name_hash(name);
                    let found = stack.iter().rposition(|&i| i != 0 && nodes[i].name == hash);
                    if let Some(pos) = found {
                        // A stray or misnested inline end tag (`</span>` with a `<div>` open
                        // inside the span) would close the block: browsers keep it open.
                        let crosses_block = stack[pos + 1..]
                            .iter()
                            .any(|&i| nodes[i].tag.is_block() && nodes[i].tag != Tag::P);
                        if is_inline(name) && crosses_block {
                            continue;
                        }
                        for &closed in &stack[pos..] {
                            if let Some((open, text)) = &byline_open
                                && *open == closed
                            {
                                let text = crate::textnorm::clean_line(text);
                                if !text.is_empty() && text.chars().count() <= 120 {
                                    facts.bylines.push(text);
                                }
                                byline_open = None;
                            }
                        }
                        stack.truncate(pos);
                    }
                }
                Tok::Text(text) => {
                    let value = buffer.bytes(&text);
                    let parent = stack.last().copied().unwrap_or(0);
                    head.text(value, &stack, &nodes);
                    authors.sync(&stack);
                    authors.text(value);
                    shown.sync(&stack);
                    shown.text(value);
                    headlines.text(value, &stack, &nodes);
                    if nodes[parent].dead {
                        continue;
                    }
                    let text = lossy(value);
                    if let Some((_, b)) = &mut byline_open {
                        b.push_str(&text);
                        b.push(' ');
                    }
                    let t = texts.len();
                    text_counts.push((visible_chars(&text), comma_count(&text)));
                    texts.push(text);
                    push_child(&mut nodes, &mut links, parent, Child::Text(t));
                }
                Tok::Comment => {
                    authors.sync(&stack);
                    authors.comment();
                }
            }
        }
        facts.dom_author = authors.finish();
        facts.shown_bylines = shown.finish();
        facts.headline_dates = headlines.finish();
        let mut tree = Tree {
            nodes,
            texts,
            text_counts,
            links,
            hrefs,
        };
        // A class such as "paywall" or "page-ad-margins" may sit on the wrapper of the
        // whole article: a box that holds most of the page's unlinked text is not cut.
        tree.measure(false);
        let page_prose = tree.nodes[0].chars.saturating_sub(tree.nodes[0].link_chars);
        for n in &mut tree.nodes {
            if n.boiler && !n.aside && 2 * n.chars.saturating_sub(n.link_chars) >= page_prose {
                n.boiler = false;
            }
        }
        tree.measure(true);
        tree
    }

    /// The children of node `i`, in page order.
    pub(super) fn children(&self, i: usize) -> Children<'_> {
        Children {
            links: &self.links,
            at: self.nodes[i].first_child,
        }
    }

    /// Character, link and comma counts, bottom-up (children come after their parents).
    pub(super) fn measure(&mut self, respect_boiler: bool) {
        for i in (0..self.nodes.len()).rev() {
            let (mut chars, mut link, mut commas, mut ichars, mut icommas) = (0, 0, 0, 0, 0);
            if !self.nodes[i].dead {
                for c in self.children(i) {
                    match c {
                        Child::Text(t) => {
                            let (n, k) = self.text_counts[t];
                            chars += n;
                            commas += k;
                            ichars += n;
                            icommas += k;
                        }
                        Child::El(e) => {
                            let child = &self.nodes[e];
                            if child.dead || respect_boiler && child.boiler {
                                continue;
                            }
                            chars += child.chars;
                            commas += child.commas;
                            link += if child.tag == Tag::A {
                                child.chars
                            } else {
                                child.link_chars
                            };
                            if !child.tag.is_block() {
                                ichars += child.inline_chars;
                                icommas += child.inline_commas;
                            }
                        }
                    }
                }
            }
            let n = &mut self.nodes[i];
            n.chars = chars;
            n.link_chars = link;
            n.commas = commas;
            n.inline_chars = ichars;
            n.inline_commas = icommas;
        }
    }
}

/// Closes the nearest open element that `target` accepts, unless a `boundary` element is
/// nearer.
fn close_in_scope(
    nodes: &[Node],
    stack: &mut Vec<usize>,
    target: impl Fn(Tag) -> bool,
    boundary: impl Fn(Tag) -> bool,
) {
    for pos in (1..stack.len()).rev() {
        let tag = nodes[stack[pos]].tag;
        if target(tag) {
            stack.truncate(pos);
            return;
        }
        if boundary(tag) {
            return;
        }
    }
}
