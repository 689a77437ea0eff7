//! Cuts and scoring: which class and id words mark boilerplate boxes, readability-style
//! scores for containers, the best one and its siblings, and the blocks they emit.

use super::tree::{Child, Tag, Tree};

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
pub(super) fn class_weight(attr: &str) -> (f64, bool) {
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

impl Tag {
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

impl Tree {
    fn link_density(&self, i: usize) -> f64 {
        let n = &self.nodes[i];
        if n.chars == 0 {
            0.0
        } else {
            n.link_chars as f64 / n.chars as f64
        }
    }

    /// Whether `i` or an ancestor is cut as boilerplate.
    pub(super) fn under_boiler(&self, mut i: usize) -> bool {
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

    /// A `p`, `pre`, `td`, or a container with text of its own, of 25 characters or more.
    fn is_paragraph(&self, i: usize) -> bool {
        let n = &self.nodes[i];
        n.inline_chars >= 25
            && matches!(
                n.tag,
                Tag::P
                    | Tag::Pre
                    | Tag::Td
                    | Tag::Blockquote
                    | Tag::Div
                    | Tag::Section
                    | Tag::Article
                    | Tag::Main
                    | Tag::Center
                    | Tag::Dd
            )
    }

    /// What the choice of `roots` left: the unlinked paragraph text outside them (cut boxes
    /// not counted), and the best score of a container that neither holds nor is inside
    /// one of them (a rival article).
    pub(super) fn left_out(&self, roots: &[usize], score: &[f64]) -> (usize, f64) {
        let mut inside = vec![false; self.nodes.len()];
        let mut holds = vec![false; self.nodes.len()];
        for &r in roots {
            inside[r] = true;
            let mut a = r;
            while a != 0 {
                a = self.nodes[a].parent;
                holds[a] = true;
            }
        }
        let (mut prose, mut rival) = (0, f64::NEG_INFINITY);
        // Parents come before their children, so one pass in order marks each subtree.
        for i in 1..self.nodes.len() {
            if inside[self.nodes[i].parent] {
                inside[i] = true;
            }
            if inside[i] || holds[i] || self.under_boiler(i) {
                continue;
            }
            rival = rival.max(score[i]);
            if self.is_paragraph(i) && self.link_density(i) < 0.5 {
                prose += self.nodes[i].inline_chars;
            }
        }
        (prose, rival)
    }

    /// Readability scores: each paragraph-like element (a `p`, `pre`, `td`, or a container
    /// with text of its own) of 25 characters or more gives 1 + its commas + one point per
    /// 100 characters (at most 3) to its parent, half to its grandparent, less further up.
    pub(super) fn scores(&self) -> (Vec<f64>, Vec<usize>) {
        let mut score = vec![0.0_f64; self.nodes.len()];
        let mut prose = vec![0_usize; self.nodes.len()];
        let mut scored = vec![false; self.nodes.len()];
        for i in 1..self.nodes.len() {
            let n = &self.nodes[i];
            if !self.is_paragraph(i) || self.under_boiler(i) {
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
    pub(super) fn choose(&self, score: &[f64], prose: &[usize]) -> Vec<usize> {
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
            let element_children = self
                .children(parent)
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
        for c in self.children(parent) {
            let Child::El(s) = c else { continue };
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
        for c in self.children(grandparent) {
            let Child::El(s) = c else { continue };
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
            for c in tree.children(i) {
                if let Child::El(e) = c
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
        self.children(i).any(|c| match c {
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
        for c in self.children(i) {
            match c {
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
    pub(super) fn blocks(&self, roots: &[usize], skip_boiler: bool) -> Vec<Block> {
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
            current.marked.push(' ');
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
        // The outermost `<a href>` inside one block is written `[anchor](target)` in the
        // block's marked text.
        let link = (n.tag == Tag::A && !in_link)
            .then(|| self.hrefs.get(&i))
            .flatten()
            .map(|href| (href, current.marked.len(), current.generation));
        let in_link = in_link || n.tag == Tag::A;
        for c in self.children(i) {
            match c {
                Child::Text(t) => {
                    let s = &self.texts[t];
                    current.text.push_str(s);
                    current.marked.push_str(s);
                    let k = self.text_counts[t].0;
                    current.chars += k;
                    if in_link {
                        current.link_chars += k;
                    }
                }
                Child::El(e) => self.emit(e, skip_boiler, in_link, current, out),
            }
        }
        // A block that ended inside the link (`<a><div>…</div></a>`) took the anchor's
        // start with it: such a link stays plain text.
        if let Some((href, start, generation)) = link
            && current.generation == generation
        {
            current.mark_link(start, href);
        }
        if block {
            current.flush(out);
        }
    }
}

/// Longer targets are inlined data or tracking payloads, not addresses (and the body,
/// whose length the page budget bounds, would carry them).
const MAX_LINK_TARGET_BYTES: usize = 2048;

/// A link target as markdown can hold it: no whitespace inside, parentheses balanced.
/// Fragments, scripts and inlined data are not links to anything.
fn markdown_target(href: &str) -> Option<String> {
    let href = href.trim();
    let scheme = href.get(..11).unwrap_or(href).to_ascii_lowercase();
    if href.is_empty()
        || href.len() > MAX_LINK_TARGET_BYTES
        || href.starts_with('#')
        || scheme.starts_with("javascript:")
        || scheme.starts_with("data:")
    {
        return None;
    }
    let mut depth = 0i32;
    for c in href.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
    }
    (depth == 0).then(|| href.split_whitespace().collect::<Vec<_>>().join("%20"))
}

#[derive(Debug, Default)]
pub(super) struct Block {
    pub(super) text: String,
    /// `text` with its links written `[anchor](target)`.
    pub(super) marked: String,
    pub(super) chars: usize,
    pub(super) link_chars: usize,
    pub(super) heading: bool,
    /// How many times the block being filled was ended: a link's start in `marked` holds
    /// only while this stays the same.
    generation: usize,
}

impl Block {
    fn flush(&mut self, out: &mut Vec<Block>) {
        let generation = self.generation + 1;
        if self.chars > 0 {
            out.push(std::mem::take(self));
        } else {
            self.text.clear();
            self.marked.clear();
            self.link_chars = 0;
        }
        self.heading = false;
        self.generation = generation;
    }

    /// Writes the marked text from byte `start` on as a link to `href`, the spaces around
    /// the anchor kept outside its brackets. An anchor with brackets of its own, or an
    /// empty one, stays plain text.
    fn mark_link(&mut self, start: usize, href: &str) {
        let Some(target) = markdown_target(href) else {
            return;
        };
        let anchor = &self.marked[start..];
        let trimmed = anchor.trim();
        if trimmed.is_empty() || trimmed.contains(['[', ']']) {
            return;
        }
        let lead = anchor.len() - anchor.trim_start().len();
        let link = format!(
            "{}[{trimmed}]({target}){}",
            &anchor[..lead],
            &anchor[lead + trimmed.len()..]
        );
        self.marked.truncate(start);
        self.marked.push_str(&link);
    }
}

/// A paragraph is the article's unless most of it is link text (teasers, "Read more" lines,
/// tag lists).
pub(super) fn keep_block(b: &Block) -> bool {
    let density = b.link_chars as f64 / b.chars.max(1) as f64;
    density <= 0.5
}

/// A heading or a short line without a sentence's end ("Read more", "Most read:"): the
/// label of what follows, dropped with it when that is dropped or when nothing follows.
pub(super) fn is_label(b: &Block) -> bool {
    let t = b.text.trim();
    let sentence = t.ends_with(['.', '!', '?', '。', '"', '”', '»']);
    b.heading && b.chars <= 80 || b.chars <= 40 && !sentence
}
