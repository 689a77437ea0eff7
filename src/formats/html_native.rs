//! A native main-text extractor for HTML pages: `html5gum`'s tokenizer feeds a light arena
//! tree (no html5ever tree builder, no DOM of strings per attribute), boilerplate subtrees are
//! cut, containers are scored readability-style, and the best one's blocks are emitted.
//!
//! The tokenizer is html5gum (a tokenizer only, decoding character references, with the
//! state switches left to us); it was not measured side by side with html5ever's tokenizer.
//! `lol_html` was passed over because that rewriter hands out text undecoded.

use super::html_budget::is_void;
use html5gum::{DefaultEmitter, State, Token, Tokenizer};

pub const EXTRACTOR: &str = "newsprint-native@1";

/// Deepest nesting the tree keeps (the page budget allows 512 before it refuses a page).
const MAX_DEPTH: usize = 600;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
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
    fn is_block(self) -> bool {
        !matches!(self, Tag::A | Tag::Br | Tag::Font | Tag::Other)
    }

    /// Readability's prior for a container of this kind.
    fn base_score(self) -> f64 {
        match self {
            Tag::Div | Tag::Article | Tag::Main | Tag::Section => 5.0,
            Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
            Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li => -3.0,
            Tag::H1 | Tag::Heading | Tag::Th => -5.0,
            _ => 0.0,
        }
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

/// Class or id words of boxes around an article: comments, sharing, teasers of other
/// articles, sign-up and consent dialogs, rails, navigation.
const BOILER_WORDS: [&str; 36] = [
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "promo",
    "newsletter",
    "subscri",
    "cookie",
    "consent",
    "sidebar",
    "footer",
    "breadcrumb",
    "advert",
    "sponsor",
    "outbrain",
    "taboola",
    "popup",
    "modal",
    "navigation",
    "navbar",
    "masthead",
    "onetrust",
    "gdpr",
    "caption",
    "teaser",
    "gallery",
    "slideshow",
    "carousel",
    "lightbox",
    "credit",
    "signup",
    "disqus",
    "read-more",
    "more-stories",
];

/// Whole class or id tokens of such boxes that are too short to look for inside words.
const BOILER_TOKENS: [&str; 17] = [
    "ad",
    "ads",
    "nav",
    "menu",
    "tags",
    "rail",
    "banner",
    "widget",
    "skip",
    "byline",
    "meta",
    "date",
    "time",
    "timestamp",
    "dateline",
    "published",
    "updated",
];

/// Whole classes of text kept for screen readers or hidden on every screen.
const HIDDEN_CLASSES: [&str; 5] = [
    "hidden",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "d-none",
];

/// Class or id words of an article's own container.
const CONTENT_WORDS: [&str; 9] = [
    "article", "content", "body", "story", "entry", "post", "text", "main", "blog",
];

// One automaton instead of a substring search per word and element.
static BOILER_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(&BOILER_WORDS.map(regex::escape).join("|")).expect("valid regex")
});

/// Readability's class weight: +25 for an article-like class or id, -25 for a boilerplate one.
fn class_weight(attr: &str) -> (f64, bool) {
    if attr.is_empty() {
        return (0.0, false);
    }
    // A BEM modifier ("section--ads": ads may be placed in it) says how a box looks, not
    // what it is.
    let boiler = BOILER_WORD.is_match(attr)
        || attr
            .split_whitespace()
            .map(|class| class.split("--").next().unwrap_or(class))
            .flat_map(|class| class.split(['_', '-']))
            .any(|t| BOILER_TOKENS.contains(&t))
        || attr.split_whitespace().any(|t| HIDDEN_CLASSES.contains(&t));
    // Words that open a class token ("articlebody", "entry-content"), not words ending
    // one: a "teasertext" is no article text.
    // Utility classes ("md:text-s", "text-left") say how text looks, not what it is.
    let content = attr
        .split_whitespace()
        .map(|class| class.rsplit(':').next().unwrap_or(class))
        .filter(|class| !class.starts_with("text-"))
        .flat_map(|class| class.split(|c: char| !c.is_ascii_alphanumeric()))
        .any(|t| CONTENT_WORDS.iter().any(|w| t.starts_with(w)));
    let weight = match (boiler, content) {
        (true, false) => -25.0,
        (false, true) => 25.0,
        _ => 0.0,
    };
    (weight, boiler)
}

#[derive(Debug)]
enum Child {
    El(usize),
    Text(usize),
}

#[derive(Debug)]
struct Node {
    tag: Tag,
    /// The tag name's hash: end tags match the element of their own name, `Other` or not.
    name: u64,
    parent: usize,
    children: Vec<Child>,
    /// Lowercased class and id, space separated.
    attr: String,
    /// Never text: a dead tag, a hidden element, or inside one.
    dead: bool,
    /// A boilerplate box by its class, id or role (cut unless that loses the article).
    boiler: bool,
    /// An `<aside>`: cut even when it holds most of the page's text (a rail beside a short
    /// article often does), read only by the retry without cuts.
    aside: bool,
    weight: f64,
    // Filled bottom-up after the build.
    chars: usize,
    link_chars: usize,
    commas: usize,
    inline_chars: usize,
    inline_commas: usize,
}

/// Facts read from the page body while it is tokenized.
#[derive(Debug, Default)]
pub struct PageFacts {
    pub lang: Option<String>,
    pub canonical: Option<String>,
    /// Short texts of elements whose class, id, rel or itemprop names an author or byline.
    pub bylines: Vec<String>,
    /// The first full date ("31.01.2022", "2022-01-31") in the page's visible text.
    pub text_date: Option<chrono::NaiveDate>,
}

static TEXT_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"\b(?:(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)|((?:19|20)\d\d)-(\d\d)-(\d\d))\b",
    )
    .expect("valid regex")
});

/// The first day written as day.month.year or ISO year-month-day in `texts`, or a short
/// line that is a date.
fn first_text_date<'a>(texts: impl Iterator<Item = &'a String>) -> Option<chrono::NaiveDate> {
    // Most text nodes hold no digit: a byte check spares them the regex.
    texts
        .take(5000)
        .filter(|t| t.bytes().any(|b| b.is_ascii_digit()))
        .find_map(|t| {
            // A short line ("31. Januar 2022", "Jan 31, 2022 10:00") is a date line: the
            // publication-date reader knows month names in several languages.
            let line = t.trim();
            if line.len() <= 60
                && let Some(d) = crate::dates::parse_publication_date(line)
                && d.precision >= crate::dates::DatePrecision::Day
            {
                return Some(d.date);
            }
            TEXT_DATE.captures_iter(t).find_map(|c| {
                let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
                let (y, m, d) = match (num(3), num(4)) {
                    (Some(y), _) => (y, num(2)?, num(1)?),
                    (None, Some(y)) => (y, num(5)?, num(6)?),
                    _ => return None,
                };
                chrono::NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
            })
        })
}

struct Tree {
    nodes: Vec<Node>,
    texts: Vec<String>,
}

fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn comma_count(s: &str) -> usize {
    s.chars()
        .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
        .count()
}

fn name_hash(name: &[u8]) -> u64 {
    name.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn new_node(tag: Tag, parent: usize, attr: String, dead: bool, boiler: bool, weight: f64) -> Node {
    Node {
        tag,
        name: 0,
        parent,
        children: Vec::new(),
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

/// html5gum's default emitter, without its parse errors: checking every byte for them
/// took a tenth of the extraction, and a tag soup is read the same either way.
#[derive(Default)]
struct QuietEmitter(DefaultEmitter);

impl html5gum::ForwardingEmitter for QuietEmitter {
    type Token = Token;

    fn inner(&mut self) -> &mut impl html5gum::Emitter<Token = Self::Token> {
        &mut self.0
    }

    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
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

fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
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
    fn build(html: &str, facts: &mut PageFacts) -> Tree {
        let mut nodes = vec![new_node(Tag::Html, 0, String::new(), false, false, 0.0)];
        let mut texts: Vec<String> = Vec::new();
        // Open elements, root first.
        let mut stack: Vec<usize> = vec![0];
        // Which open elements are `<a>` and author boxes, for link text and bylines.
        let mut byline_open: Option<(usize, String)> = None;
        // The tokenizer's states for raw text are switched here, not by html5gum's naive
        // switch: inside `<svg>` and `<math>` a `<title/>` or `<style>` is an ordinary
        // element, and reading it as raw text would swallow the rest of the page.
        // The budget checked before this bounds the attributes per tag, and with them the
        // stack html5gum uses inside one tag (see `html_budget`).
        let mut tokenizer = Tokenizer::new_with_emitter(html, QuietEmitter::default());
        let (svg, math) = (name_hash(b"svg"), name_hash(b"math"));
        while let Some(Ok(token)) = tokenizer.next() {
            match token {
                Token::StartTag(tag) => {
                    let name: &[u8] = &tag.name;
                    if !tag.self_closing
                        && let Some(state) = raw_state(name)
                        && !stack
                            .iter()
                            .any(|&i| nodes[i].name == svg || nodes[i].name == math)
                    {
                        tokenizer.set_state(state);
                    }
                    if name == b"html" {
                        for (k, v) in &tag.attributes {
                            if k.as_slice() == b"lang" {
                                facts.lang = Some(lossy(&v.value).trim().to_owned());
                            }
                        }
                        continue;
                    }
                    if name == b"body" && stack.len() <= 2 {
                        continue;
                    }
                    if name == b"link" {
                        let mut rel = String::new();
                        let mut href = String::new();
                        for (k, v) in &tag.attributes {
                            match k.as_slice() {
                                b"rel" => rel = lossy(&v.value).to_ascii_lowercase(),
                                b"href" => href = lossy(&v.value).trim().to_owned(),
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
                    let parent = stack.last().copied().unwrap_or(0);
                    let parent_dead = nodes[parent].dead;
                    let mut attr = String::new();
                    let mut hidden = false;
                    let mut role_boiler = false;
                    let mut author_box = false;
                    for (k, v) in &tag.attributes {
                        match k.as_slice() {
                            b"class" | b"id" => {
                                if !attr.is_empty() {
                                    attr.push(' ');
                                }
                                attr.push_str(&lossy(&v.value).to_ascii_lowercase());
                            }
                            // Not the `hidden` attribute: streamed pages (React's `<div hidden
                            // id="S:0">`) put the whole article in such an element, and
                            // script swaps it in.
                            b"aria-hidden" => hidden |= v.value.as_slice() == b"true",
                            b"style" => hidden |= hidden_by_style(&lossy(&v.value)),
                            b"role" => {
                                role_boiler = matches!(
                                    v.value.as_slice(),
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
                                author_box |=
                                    lossy(&v.value).to_ascii_lowercase().contains("author")
                            }
                            _ => {}
                        }
                    }
                    author_box |= attr.contains("author") || attr.contains("byline");
                    let (weight, boiler) = class_weight(&attr);
                    let dead = parent_dead || hidden || is_dead_tag(name);
                    // An aside is a rail or a teaser box, cut as such; some sites wrap the
                    // whole article in one, which the retry without cuts finds.
                    let aside = name == b"aside";
                    let boiler = (boiler || role_boiler || aside)
                        && !matches!(kind, Tag::Body | Tag::Html | Tag::Article | Tag::Main);
                    let idx = nodes.len();
                    let mut node = new_node(kind, parent, attr, dead, boiler, weight);
                    node.name = name_hash(name);
                    node.aside = aside;
                    nodes.push(node);
                    nodes[parent].children.push(Child::El(idx));
                    if author_box && byline_open.is_none() && !dead && facts.bylines.len() < 8 {
                        byline_open = Some((idx, String::new()));
                    }
                    // `<svg/>` and the like open nothing. Past `MAX_DEPTH` open elements,
                    // new ones stay leaves (their content goes to the deepest open one): the
                    // walks over the tree recurse, and the stack must stay bounded whatever
                    // the page.
                    if !is_void(name) && !tag.self_closing && stack.len() < MAX_DEPTH {
                        stack.push(idx);
                    }
                }
                Token::EndTag(tag) => {
                    let name: &[u8] = &tag.name;
                    if name == b"br" {
                        let parent = stack.last().copied().unwrap_or(0);
                        let idx = nodes.len();
                        let dead = nodes[parent].dead;
                        nodes.push(new_node(Tag::Br, parent, String::new(), dead, false, 0.0));
                        nodes[parent].children.push(Child::El(idx));
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
                Token::String(s) => {
                    let parent = stack.last().copied().unwrap_or(0);
                    if nodes[parent].dead {
                        continue;
                    }
                    let text = lossy(&s.value);
                    if let Some((_, b)) = &mut byline_open {
                        b.push_str(&text);
                        b.push(' ');
                    }
                    let t = texts.len();
                    texts.push(text);
                    nodes[parent].children.push(Child::Text(t));
                }
                _ => {}
            }
        }
        let mut tree = Tree { nodes, texts };
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

    /// Character, link and comma counts, bottom-up (children come after their parents).
    fn measure(&mut self, respect_boiler: bool) {
        for i in (0..self.nodes.len()).rev() {
            let (mut chars, mut link, mut commas, mut ichars, mut icommas) = (0, 0, 0, 0, 0);
            if !self.nodes[i].dead {
                for c in &self.nodes[i].children {
                    match *c {
                        Child::Text(t) => {
                            let n = visible_chars(&self.texts[t]);
                            let k = comma_count(&self.texts[t]);
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

    fn link_density(&self, i: usize) -> f64 {
        let n = &self.nodes[i];
        if n.chars == 0 {
            0.0
        } else {
            n.link_chars as f64 / n.chars as f64
        }
    }

    /// Whether `i` or an ancestor is cut as boilerplate.
    fn under_boiler(&self, mut i: usize) -> bool {
        loop {
            if self.nodes[i].boiler || self.nodes[i].dead {
                return true;
            }
            if i == 0 {
                return false;
            }
            i = self.nodes[i].parent;
        }
    }

    /// Readability scores: each paragraph-like element (a `p`, `pre`, `td`, or a container
    /// with text of its own) of 25 characters or more gives 1 + its commas + one point per
    /// 100 characters (at most 3) to its parent, half to its grandparent, less further up.
    fn scores(&self) -> (Vec<f64>, Vec<usize>) {
        let mut score = vec![0.0_f64; self.nodes.len()];
        let mut prose = vec![0_usize; self.nodes.len()];
        let mut scored = vec![false; self.nodes.len()];
        for i in 1..self.nodes.len() {
            let n = &self.nodes[i];
            let paragraph_like = matches!(n.tag, Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote)
                || matches!(
                    n.tag,
                    Tag::Div | Tag::Section | Tag::Article | Tag::Main | Tag::Center | Tag::Dd
                ) && n.inline_chars >= 25;
            if !paragraph_like || n.inline_chars < 25 || self.under_boiler(i) {
                continue;
            }
            let own = 1.0 + n.inline_commas as f64 + (n.inline_chars as f64 / 100.0).min(3.0);
            if self.link_density(i) < 0.5 {
                let mut a = n.parent;
                loop {
                    prose[a] += n.inline_chars;
                    if a == 0 {
                        break;
                    }
                    a = self.nodes[a].parent;
                }
            }
            // As in readability: a container with text of its own and no blocks inside is a
            // paragraph of its parent (one standfirst with an article-like class must not
            // beat the article); the loose text runs of a container that has blocks too
            // are paragraphs of that container.
            let mut targets = Vec::with_capacity(6);
            let mut a = n.parent;
            let is_p = matches!(n.tag, Tag::P | Tag::Pre | Tag::Td | Tag::Blockquote);
            let mut first_level = 0;
            if !is_p && self.has_block_child(i) {
                targets.push((i, 1.0));
                first_level = 1;
            }
            for level in first_level..5 {
                let divider = match level {
                    0 => 1.0,
                    1 => 2.0,
                    l => (l as f64) * 3.0,
                };
                targets.push((a, divider));
                if a == 0 {
                    break;
                }
                a = self.nodes[a].parent;
            }
            for (t, divider) in targets {
                if !scored[t] {
                    scored[t] = true;
                    score[t] = self.nodes[t].tag.base_score() + self.nodes[t].weight;
                }
                score[t] += own / divider;
            }
        }
        for i in 0..self.nodes.len() {
            if scored[i] {
                score[i] *= 1.0 - self.link_density(i);
            } else {
                score[i] = f64::NEG_INFINITY;
            }
        }
        (score, prose)
    }

    /// The best container and the siblings that continue it.
    fn choose(&self, score: &[f64], prose: &[usize]) -> Vec<usize> {
        let mut top = None;
        for (i, &s) in score.iter().enumerate().skip(1) {
            if s.is_finite() && top.is_none_or(|t: usize| s > score[t]) && !self.under_boiler(i) {
                top = Some(i);
            }
        }
        let Some(mut top) = top else {
            // Text written straight in `<body>` (no container scored): the page is the
            // article when it has a paragraph's worth of its own text.
            return if self.nodes[0].inline_chars >= 25 {
                vec![0]
            } else {
                Vec::new()
            };
        };
        top = self.common_ancestor_of_peers(top, score);
        // An article cut in two by a table or a box (its first part in cells, the rest
        // after): an ancestor with half as much paragraph text again, and few links, is the
        // article.
        let mut a = self.nodes[top].parent;
        let floor = score[top] / 3.0;
        while a != 0 && !matches!(self.nodes[a].tag, Tag::Body) {
            // Not past an ancestor that scores under a third of the best: that is a page
            // column whose extra prose is teasers and rails.
            if score[a].is_finite() && score[a] < floor {
                break;
            }
            if 2 * prose[a] >= 3 * prose[top] && self.link_density(a) < 0.25 {
                top = a;
            }
            a = self.nodes[a].parent;
        }
        // A lone child is its parent: the parent holds the same text and may hold more.
        loop {
            let parent = self.nodes[top].parent;
            if parent == 0 {
                break;
            }
            let element_children = self.nodes[parent]
                .children
                .iter()
                .filter(|c| matches!(c, Child::El(e) if !self.nodes[*e].dead))
                .count();
            if element_children == 1 && !self.nodes[parent].boiler {
                top = parent;
            } else {
                break;
            }
        }
        let parent = self.nodes[top].parent;
        if top == 0 || parent == top {
            return vec![top];
        }
        let top_score = score[top].max(0.0);
        let threshold = (top_score * 0.2).max(10.0);
        let mut out = Vec::new();
        for c in &self.nodes[parent].children {
            let Child::El(s) = *c else { continue };
            if s == top {
                out.push(s);
                continue;
            }
            let sib = &self.nodes[s];
            if sib.dead || sib.boiler {
                continue;
            }
            let bonus = if !sib.attr.is_empty() && sib.attr == self.nodes[top].attr {
                top_score * 0.2
            } else {
                0.0
            };
            let ld = self.link_density(s);
            let keep = score[s].is_finite() && score[s] + bonus >= threshold
                || sib.tag == Tag::P
                    && (sib.chars > 80 && ld < 0.25
                        || sib.chars > 0 && ld == 0.0 && self.ends_sentence(s));
            if keep {
                out.push(s);
            }
        }
        self.with_sibling_sections(parent, out)
    }

    /// An article cut into sections of one kind (`<section class="part part-2">` after
    /// `<section class="part part-1">`): the best container's parent and its siblings whose
    /// class opens with the same word, in page order, when they are prose and not boxes.
    fn with_sibling_sections(&self, parent: usize, inner: Vec<usize>) -> Vec<usize> {
        let first_word = |i: usize| self.nodes[i].attr.split_whitespace().next();
        let Some(word) = first_word(parent) else {
            return inner;
        };
        let grandparent = self.nodes[parent].parent;
        if grandparent == parent || parent == 0 {
            return inner;
        }
        let mut out = Vec::new();
        let mut seen_parent = false;
        let mut after = Vec::new();
        for c in &self.nodes[grandparent].children {
            let Child::El(s) = *c else { continue };
            if s == parent {
                seen_parent = true;
                continue;
            }
            let n = &self.nodes[s];
            let same_kind = n.tag == self.nodes[parent].tag && first_word(s) == Some(word);
            if same_kind && !n.dead && !n.boiler && n.chars > 0 && self.link_density(s) < 0.3 {
                if seen_parent {
                    after.push(s);
                } else {
                    out.push(s);
                }
            }
        }
        out.extend(inner);
        out.extend(after);
        out
    }

    /// A table of figures (results, prices, quotes): many short cells, half of them or more
    /// mostly digits. A layout table of prose, and a table of words (ingredients, a
    /// timetable's stops, the terms of an offer), are read.
    fn is_data_table(&self, i: usize) -> bool {
        fn cells(tree: &Tree, i: usize, out: &mut Vec<usize>) {
            for c in &tree.nodes[i].children {
                if let Child::El(e) = *c
                    && !tree.nodes[e].dead
                {
                    if matches!(tree.nodes[e].tag, Tag::Td | Tag::Th) {
                        out.push(e);
                    }
                    cells(tree, e, out);
                }
            }
        }
        let mut found = Vec::new();
        cells(self, i, &mut found);
        let n = found.len();
        if n < 4 || self.nodes[i].chars >= 40 * n {
            return false;
        }
        let numeric = found
            .iter()
            .filter(|&&c| {
                let mut text = String::new();
                self.collect_text(c, &mut text);
                let digits = text.chars().filter(char::is_ascii_digit).count();
                let letters = text.chars().filter(|c| c.is_alphabetic()).count();
                digits > letters
            })
            .count();
        2 * numeric >= n
    }

    fn has_block_child(&self, i: usize) -> bool {
        self.nodes[i].children.iter().any(|c| match *c {
            Child::El(e) => {
                let n = &self.nodes[e];
                !n.dead && n.tag.is_block() && n.chars > 0
            }
            Child::Text(_) => false,
        })
    }

    fn is_ancestor(&self, a: usize, mut i: usize) -> bool {
        while i != 0 {
            i = self.nodes[i].parent;
            if i == a {
                return true;
            }
        }
        a == 0
    }

    /// Readability's two moves up from the best container: when three of the runners-up
    /// scoring within 75% of it share an ancestor with it (an article cut into cards or
    /// chunks of a few paragraphs each), that ancestor; else the first ancestor that
    /// scores higher, before the scores fall under a third.
    fn common_ancestor_of_peers(&self, top: usize, score: &[f64]) -> usize {
        let top_score = score[top];
        let mut peers: Vec<usize> = (1..score.len())
            .filter(|&i| i != top && score[i].is_finite() && score[i] >= 0.75 * top_score)
            .filter(|&i| !self.under_boiler(i))
            // Containers nested in the best one or holding it are the same text again.
            .filter(|&i| !self.is_ancestor(i, top) && !self.is_ancestor(top, i))
            .collect();
        peers.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
        peers.truncate(5);
        if peers.len() >= 3 {
            let mut a = self.nodes[top].parent;
            while a != 0 && self.nodes[a].tag != Tag::Body {
                let under = peers.iter().filter(|&&p| self.is_ancestor(a, p)).count();
                if under >= 3 {
                    return a;
                }
                a = self.nodes[a].parent;
            }
        }
        let mut best = top;
        let mut last = top_score;
        let mut a = self.nodes[top].parent;
        while a != 0 {
            if score[a].is_finite() {
                if score[a] < top_score / 3.0 {
                    break;
                }
                if score[a] > last {
                    best = a;
                    break;
                }
                last = score[a];
            }
            a = self.nodes[a].parent;
        }
        best
    }

    fn ends_sentence(&self, i: usize) -> bool {
        let mut text = String::new();
        self.collect_text(i, &mut text);
        let t = text.trim_end();
        t.ends_with('.') || t.ends_with('。') || t.ends_with('!') || t.ends_with('?')
    }

    fn collect_text(&self, i: usize, out: &mut String) {
        for c in &self.nodes[i].children {
            match *c {
                Child::Text(t) => out.push_str(&self.texts[t]),
                Child::El(e) => {
                    if !self.nodes[e].dead {
                        self.collect_text(e, out);
                    }
                }
            }
        }
    }

    /// The paragraphs of the chosen containers: one per block element, with the share of
    /// their text that is link text.
    fn blocks(&self, roots: &[usize], skip_boiler: bool) -> Vec<Block> {
        let mut out = Vec::new();
        let mut current = Block::default();
        for &r in roots {
            self.emit(r, skip_boiler, false, &mut current, &mut out);
            current.flush(&mut out);
        }
        out
    }

    fn emit(
        &self,
        i: usize,
        skip_boiler: bool,
        in_link: bool,
        current: &mut Block,
        out: &mut Vec<Block>,
    ) {
        let n = &self.nodes[i];
        if n.dead || skip_boiler && n.boiler {
            return;
        }
        if n.tag == Tag::Br {
            current.text.push(' ');
            return;
        }
        if n.tag == Tag::Table && self.is_data_table(i) {
            return;
        }
        let block = n.tag.is_block();
        if block {
            current.flush(out);
            current.heading = matches!(n.tag, Tag::H1 | Tag::Heading);
        }
        let in_link = in_link || n.tag == Tag::A;
        for c in &n.children {
            match *c {
                Child::Text(t) => {
                    let s = &self.texts[t];
                    current.text.push_str(s);
                    let k = visible_chars(s);
                    current.chars += k;
                    if in_link {
                        current.link_chars += k;
                    }
                }
                Child::El(e) => self.emit(e, skip_boiler, in_link, current, out),
            }
        }
        if block {
            current.flush(out);
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

#[derive(Debug, Default)]
struct Block {
    text: String,
    chars: usize,
    link_chars: usize,
    heading: bool,
}

impl Block {
    fn flush(&mut self, out: &mut Vec<Block>) {
        if self.chars > 0 {
            out.push(std::mem::take(self));
        } else {
            self.text.clear();
            self.link_chars = 0;
        }
        self.heading = false;
    }
}

/// A paragraph is the article's unless most of it is link text (teasers, "Read more" lines,
/// tag lists).
fn keep_block(b: &Block) -> bool {
    let density = b.link_chars as f64 / b.chars.max(1) as f64;
    density <= 0.5
}

/// A heading or a short line without a sentence's end ("Read more", "Most read:"): the
/// label of what follows, dropped with it when that is dropped or when nothing follows.
fn is_label(b: &Block) -> bool {
    let t = b.text.trim();
    let sentence = t.ends_with(['.', '!', '?', '。', '"', '”', '»']);
    b.heading && b.chars <= 80 || b.chars <= 40 && !sentence
}

/// The article's paragraphs, or none when the page has no container of prose; with facts
/// read from the body on the way.
///
/// The page must be within [`super::html_budget::check`]: html5gum takes a stack frame for
/// each quoted attribute of a tag, and a tag with thousands of them overflows the stack.
pub fn extract(html: &str) -> (Vec<String>, PageFacts) {
    let mut facts = PageFacts::default();
    let mut tree = Tree::build(html, &mut facts);
    let paragraphs = |tree: &Tree| -> Vec<String> {
        let (score, prose) = tree.scores();
        let roots = tree.choose(&score, &prose);
        let blocks = tree.blocks(&roots, true);
        let keep: Vec<bool> = blocks.iter().map(keep_block).collect();
        blocks
            .iter()
            .enumerate()
            .filter(|&(i, b)| keep[i] && !(is_label(b) && keep.get(i + 1) == Some(&false)))
            .map(|(_, b)| crate::textnorm::clean_line(&b.text))
            .filter(|t| !t.is_empty())
            .collect()
    };
    let length = |p: &[String]| p.iter().map(String::len).sum::<usize>();
    facts.text_date = first_text_date(tree.texts.iter());
    let mut out = paragraphs(&tree);
    if length(&out) < 200 {
        // The class and id cut may have taken the article with it (a wrapper whose class
        // names its comments or ads too): read the page again without it.
        for n in &mut tree.nodes {
            n.boiler = false;
        }
        tree.measure(true);
        let whole = paragraphs(&tree);
        if length(&whole) > 2 * length(&out) {
            out = whole;
        }
    }
    (out, facts)
}

/// The five best-scored containers and the chosen ones, for tuning by hand.
#[doc(hidden)]
pub fn explain(html: &str) -> String {
    use std::fmt::Write as _;
    let mut facts = PageFacts::default();
    let tree = Tree::build(html, &mut facts);
    let (score, prose) = tree.scores();
    let mut order: Vec<usize> = (0..score.len()).filter(|&i| score[i].is_finite()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let mut out = String::new();
    for &i in order.iter().take(8) {
        let n = &tree.nodes[i];
        let _ = writeln!(
            out,
            "#{i} {:?} [{}] score {:.1} chars {} link {} boiler {} under {}",
            n.tag,
            n.attr,
            score[i],
            n.chars,
            n.link_chars,
            n.boiler,
            tree.under_boiler(i)
        );
    }
    let _ = writeln!(
        out,
        "chosen {:?} nodes {}",
        tree.choose(&score, &prose),
        tree.nodes.len()
    );
    for b in tree.blocks(&tree.choose(&score, &prose), true) {
        let _ = writeln!(
            out,
            "  block chars {} link {} heading {} keep {}: {}",
            b.chars,
            b.link_chars,
            b.heading,
            keep_block(&b),
            b.text.trim().chars().take(60).collect::<String>()
        );
    }

    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: [&str; 4] = [
        "Engineers finished repairs to the north harbour wall on Monday, three months after storms tore a twelve-metre gap in the stonework and flooded the fish market.",
        "The council said the work cost less than feared, because volunteers from the rowing club moved the fallen stones before the spring tides could scatter them.",
        "Fishermen, who had landed their catches at a neighbouring port since December, will return to the market next week, the harbour master said on Tuesday.",
        "A second phase, raising the wall by half a metre, is planned for the autumn, once the council has found the money and the contractors are free again.",
    ];

    fn joined(paragraphs: &[String]) -> String {
        paragraphs.join("\n")
    }

    #[test]
    fn navigation_footer_comments_and_related_boxes_are_cut() {
        let html = format!(
            r#"<html><head><title>Harbour</title></head><body>
            <nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
            <div class="page"><article><h1>Harbour wall repaired</h1>
            <p>{}</p><p>{}</p><p>{}</p>
            <div class="share-tools">Share this article on Facebook, X and by mail, or print it.</div>
            <p>{}</p></article>
            <div id="comments"><p>Reader one: I walked past the harbour wall yesterday, and it looks better than it ever did, well done.</p></div>
            <div class="related-stories"><p>The ferry timetable changes next month, with fewer crossings in the evening, the operator said.</p></div>
            </div><footer>Copyright Gull Gazette. All rights reserved, and we use cookies.</footer></body></html>"#,
            PROSE[0], PROSE[1], PROSE[2], PROSE[3]
        );
        let (paragraphs, _) = extract(&html);
        let text = joined(&paragraphs);
        for p in PROSE {
            assert!(text.contains(p), "missing: {p}");
        }
        for boiler in [
            "Home",
            "Share this",
            "Reader one",
            "ferry timetable",
            "Copyright",
        ] {
            assert!(!text.contains(boiler), "kept: {boiler}");
        }
    }

    #[test]
    fn article_written_in_divs_without_paragraphs() {
        let html = format!(
            r#"<html><body><div class="menu"><a href="/a">Politics</a> <a href="/b">Business</a></div>
            <div class="story"><div>{}</div><div>{}</div><div>{}<br>{}</div></div>
            <div class="rail"><div><a href="/x">Most read: a much longer headline of another story here</a></div></div>
            </body></html>"#,
            PROSE[0], PROSE[1], PROSE[2], PROSE[3]
        );
        let (paragraphs, _) = extract(&html);
        let text = joined(&paragraphs);
        for p in PROSE {
            assert!(text.contains(p), "missing: {p}");
        }
        assert!(!text.contains("Most read"));
        assert!(!text.contains("Politics"));
    }

    #[test]
    fn link_dense_teaser_list_inside_the_article_is_dropped() {
        let html = format!(
            r#"<html><body><article><p>{}</p><p>{}</p>
            <h3>Most read</h3>
            <ul><li><a href="/1">Council approves the new budget for the coastal path repairs</a></li>
            <li><a href="/2">Lifeboat crew rescues two walkers cut off by the tide at the point</a></li>
            <li><a href="/3">Fish market reopens with a new cold store and longer opening hours</a></li></ul>
            <p>{}</p><p><a href="/more">Read more about the harbour</a></p></article></body></html>"#,
            PROSE[0], PROSE[1], PROSE[2]
        );
        let (paragraphs, _) = extract(&html);
        let text = joined(&paragraphs);
        assert!(text.contains(PROSE[0]) && text.contains(PROSE[2]));
        assert!(!text.contains("Lifeboat crew"));
        assert!(
            !text.contains("Most read"),
            "the label of a dropped list goes with it"
        );
        assert!(!text.contains("Read more"));
    }

    #[test]
    fn page_without_an_article_is_rejected() {
        let html = r#"<html><head><title>Gazette</title></head><body><nav><ul>
            <li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
            <noscript>Please enable JavaScript to view this page.</noscript>
            <footer>Copyright Gull Gazette</footer></body></html>"#;
        let (paragraphs, _) = extract(html);
        assert!(joined(&paragraphs).len() < 40);
        let mut rec =
            crate::stages::parse::empty_record("x", "p.html", 0, crate::model::SourceFormat::Html);
        let err = crate::formats::html::parse(
            html,
            &mut rec,
            crate::formats::html::HtmlExtractor::Native,
        )
        .unwrap_err();
        assert_eq!(err.reason, "no_main_text");
    }

    #[test]
    fn svg_title_element_does_not_swallow_the_page() {
        let html = format!(
            r#"<html><body><a href="/"><svg viewBox="0 0 10 10"><title/><path d="M0,0"/></svg></a>
            <article><p>{}</p><p>{}</p></article></body></html>"#,
            PROSE[0], PROSE[1]
        );
        let (paragraphs, _) = extract(&html);
        assert!(joined(&paragraphs).contains(PROSE[1]));
    }

    #[test]
    fn wrapper_with_an_ad_class_around_the_whole_article_is_kept() {
        let html = format!(
            r#"<html><body><div class="page-ad-margins"><div class="article-body">
            <p>{}</p><p>{}</p><p>{}</p></div></div>
            <div class="ad-slot">Advertisement</div></body></html>"#,
            PROSE[0], PROSE[1], PROSE[2]
        );
        let (paragraphs, _) = extract(&html);
        let text = joined(&paragraphs);
        assert!(text.contains(PROSE[0]) && text.contains(PROSE[2]));
        assert!(!text.contains("Advertisement"));
    }

    #[test]
    fn implied_end_tags_close_paragraphs_and_items() {
        let html = format!(
            r#"<html><body><div class="content"><p>{}<p>{}<ul><li>First point of the plan, the wall<li>Second point, the market</ul><p>{}</div></body></html>"#,
            PROSE[0], PROSE[1], PROSE[2]
        );
        let (paragraphs, _) = extract(&html);
        assert_eq!(paragraphs.first().map(String::as_str), Some(PROSE[0]));
        assert!(paragraphs.iter().any(|p| p == "Second point, the market"));
        assert_eq!(paragraphs.last().map(String::as_str), Some(PROSE[2]));
    }

    #[test]
    fn data_table_of_figures_is_not_body_but_a_table_of_words_is() {
        let html = format!(
            r#"<html><body><article><p>{}</p><p>{}</p>
            <table><tr><th>Ticker</th><th>Last</th><th>Change</th><th>Change %</th></tr>
            <tr><td>HD</td><td>225.86</td><td>-12.99</td><td>-5.44%</td></tr>
            <tr><td>LOW</td><td>113.40</td><td>-1.62</td><td>-1.41%</td></tr></table>
            <table><tr><td>250 g flour</td><td>1 glass of water</td></tr>
            <tr><td>2 eggs</td><td>a pinch of salt</td></tr></table><p>{}</p></article></body></html>"#,
            PROSE[0], PROSE[1], PROSE[2]
        );
        let (paragraphs, _) = extract(&html);
        let text = joined(&paragraphs);
        assert!(text.contains(PROSE[2]));
        assert!(!text.contains("225.86"));
        assert!(
            text.contains("1 glass of water"),
            "a table of words is read"
        );
    }

    #[test]
    fn page_facts_and_native_metadata() {
        let html = format!(
            r#"<html lang="en-GB"><head><link rel="canonical" href="https://gazette.example/2025/03/04/harbour">
            <meta property="og:site_name" content="Gull Gazette"><meta name="description" content="Repairs &amp; more">
            <meta property="og:image" content="https://gazette.example/wall.jpg"><meta name="keywords" content="harbour, council">
            </head><body><article><h1>Harbour wall repaired after storms</h1>
            <div class="byline">By Ines Okafor</div><p>{}</p><p>{}</p></article></body></html>"#,
            PROSE[0], PROSE[1]
        );
        let mut rec =
            crate::stages::parse::empty_record("x", "p.html", 0, crate::model::SourceFormat::Html);
        crate::formats::html::parse(&html, &mut rec, crate::formats::html::HtmlExtractor::Native)
            .unwrap();
        assert_eq!(rec.extractor.as_deref(), Some(EXTRACTOR));
        assert_eq!(
            rec.canonical_url.as_deref(),
            Some("https://gazette.example/2025/03/04/harbour")
        );
        assert_eq!(rec.language_hint.as_deref(), Some("en-GB"));
        assert_eq!(rec.site_name.as_deref(), Some("Gull Gazette"));
        assert_eq!(rec.description.as_deref(), Some("Repairs & more"));
        assert_eq!(rec.tags, ["harbour", "council"]);
        assert_eq!(rec.authors, ["Ines Okafor"]);
        assert_eq!(rec.published_raw.as_deref(), Some("2025-03-04"));
        assert!(rec.body.starts_with(PROSE[0]));
        assert!(!rec.body.contains("Ines Okafor"));
    }

    #[test]
    fn aside_rail_is_cut_but_an_article_wrapped_in_an_aside_is_found() {
        let rail = format!(
            r#"<html><body><article><p>{}</p><p>{}</p></article>
            <aside><p>{}</p></aside></body></html>"#,
            PROSE[0], PROSE[1], PROSE[2]
        );
        let text = joined(&extract(&rail).0);
        assert!(text.contains(PROSE[1]) && !text.contains(PROSE[2]));
        let wrapped = format!(
            r#"<html><body><nav><a href="/">Home</a></nav><aside class="direct-content">
            <p>{}</p><p>{}</p><p>{}</p></aside></body></html>"#,
            PROSE[0], PROSE[1], PROSE[2]
        );
        assert!(joined(&extract(&wrapped).0).contains(PROSE[2]));
    }

    #[test]
    fn absurdly_deep_nesting_is_bounded() {
        let html = format!(
            "<html><body>{}<p>{}</p><p>{}</p></body></html>",
            "<div><span>".repeat(5000),
            PROSE[0],
            PROSE[1]
        );
        let (paragraphs, _) = extract(&html);
        assert!(joined(&paragraphs).contains(PROSE[1]));
    }

    #[test]
    fn text_written_straight_in_the_body_is_the_article() {
        let html = format!(
            "<html><head><title>x</title></head><body>{}<br><br>{}</body></html>",
            PROSE[0], PROSE[1]
        );
        assert!(joined(&extract(&html).0).contains(PROSE[1]));
    }

    #[test]
    fn output_is_deterministic() {
        let html = format!(
            "<html><body><div><p>{}</p></div><div><p>{}</p></div></body></html>",
            PROSE[0], PROSE[1]
        );
        assert_eq!(extract(&html).0, extract(&html).0);
    }
}
