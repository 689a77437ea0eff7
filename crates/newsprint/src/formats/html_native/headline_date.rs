//! The date line under each `<h1>`, read in the tokenizer pass: the first visible text
//! within `HEADLINE_DATE_WINDOW` characters from the headline's start (its own text
//! included) that is a day or starts with one. Texts in scripts, styles, templates and
//! comment threads are not read; texts in navigation, footers and figures are (a breadcrumb
//! often holds the headline), which is why this follows the token stream and not the
//! tree, whose dead subtrees keep no text.

use super::metadata::{is_home_href, is_logo_attr};
use super::tokens::StartTag;
use super::tree::{Node, lossy, name_hash};
use crate::formats::html_shared::day_date;

/// How far past the start of a headline (in characters of visible text) its date line may
/// be.
const HEADLINE_DATE_WINDOW: usize = 600;

/// An `<h1>` and the date line under it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct HeadlineDate {
    /// The `<h1>`'s text, whitespace folded, in lowercase.
    pub text: String,
    /// The site's logo, not a headline: its class or id says so, or its first content is
    /// a link to the home page.
    pub logo: bool,
    /// Holds a link.
    pub has_link: bool,
    /// The date line, as written (a long text's first 25 characters).
    pub line: Option<String>,
}

struct Open {
    node: usize,
    /// The `<h1>` is still open (once closed, it never is again: its node leaves the stack
    /// for good), so texts and links may still be its own.
    inside: bool,
    found: HeadlineDate,
    /// Whether the `<h1>`'s first content (past styles and blank text) was seen.
    first_seen: bool,
    /// Characters of visible text read since the `<h1>` opened; `None` once the window is
    /// closed (a date line found, or the window passed).
    seen: Option<usize>,
}

pub(super) struct HeadlineDateSearch {
    open: Vec<Open>,
    hidden: [u64; 4],
    style: u64,
}

impl Default for HeadlineDateSearch {
    fn default() -> Self {
        HeadlineDateSearch {
            open: Vec::new(),
            hidden: [b"script", &b"style"[..], b"noscript", b"template"].map(name_hash),
            style: name_hash(b"style"),
        }
    }
}

/// Past this many `<h1>`s a page's later ones are not followed (a listing of headlines).
const MAX_H1S: usize = 16;

impl HeadlineDateSearch {
    /// An element `idx` just opened under `parent`.
    pub(super) fn start(
        &mut self,
        idx: usize,
        parent: usize,
        tag: &StartTag<'_>,
        stack: &[usize],
        nodes: &[Node],
    ) {
        let name: &[u8] = tag.name;
        for open in &mut self.open {
            if !open.inside || !stack.contains(&open.node) {
                continue;
            }
            if name == b"a" {
                open.found.has_link = true;
            }
            if parent == open.node && !open.first_seen && nodes[idx].name != self.style {
                open.first_seen = true;
                open.found.logo |=
                    name == b"a" && tag.attr(b"href").is_some_and(|h| is_home_href(&lossy(h)));
            }
        }
        if name == b"h1" && self.open.len() < MAX_H1S {
            self.open.push(Open {
                node: idx,
                inside: true,
                found: HeadlineDate {
                    logo: is_logo_attr(&nodes[idx].attr),
                    ..HeadlineDate::default()
                },
                first_seen: false,
                seen: Some(0),
            });
        }
    }

    /// A text token, with the open elements (`stack`, root first) it sits in.
    pub(super) fn text(&mut self, value: &[u8], stack: &[usize], nodes: &[Node]) {
        if self.open.is_empty() {
            return;
        }
        let parent = stack.last().copied().unwrap_or(0);
        let mut text: Option<String> = None;
        let mut line: Option<(usize, Option<String>)> = None;
        let mut hidden: Option<bool> = None;
        for open in &mut self.open {
            open.inside = open.inside && stack.contains(&open.node);
            if open.inside {
                let t = text.get_or_insert_with(|| lossy(value));
                open.found.text.push_str(t);
                if parent == open.node && !open.first_seen && !t.trim().is_empty() {
                    open.first_seen = true;
                }
            }
            let Some(seen) = open.seen else {
                continue;
            };
            let hidden = *hidden.get_or_insert_with(|| {
                stack.iter().any(|&i| {
                    self.hidden.contains(&nodes[i].name) || nodes[i].attr.contains("comment")
                })
            });
            if hidden {
                continue;
            }
            // Read once per text, whichever windows it falls in: its characters, and the
            // date line it makes (a short text whole; a longer one only when it starts with
            // the date).
            let (chars, date_line) = line.get_or_insert_with(|| {
                let clean = crate::textnorm::clean_line(text.get_or_insert_with(|| lossy(value)));
                let chars = clean.chars().count();
                let head: String = if chars <= 60 {
                    clean
                } else {
                    clean.chars().take(25).collect()
                };
                let date_line = (chars > 0 && day_date(&head).is_some()).then_some(head);
                (chars, date_line)
            });
            if *chars == 0 {
                continue;
            }
            if let Some(head) = date_line {
                open.found.line = Some(head.clone());
                open.seen = None;
            } else {
                let seen = seen + *chars;
                open.seen = (seen <= HEADLINE_DATE_WINDOW).then_some(seen);
            }
        }
    }

    pub(super) fn finish(self) -> Vec<HeadlineDate> {
        self.open
            .into_iter()
            .map(|open| HeadlineDate {
                text: crate::textnorm::clean_line(&open.found.text).to_lowercase(),
                ..open.found
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::page_facts;
    use super::HeadlineDate;

    fn headlines(page: &str) -> Vec<HeadlineDate> {
        page_facts(page).headline_dates
    }

    /// A breadcrumb's `<h1>` sits in a `<nav>`, which the tree drops: the token stream still
    /// reads it, and the `<time>` after it.
    #[test]
    fn headline_in_a_breadcrumb_nav_still_gets_its_date_line() {
        let page = r#"<body><nav><ul><li><a href="/politik/">Politik</a></li>
<li><h1 class="crumb">Harbour wall <span>repaired</span></h1></li></ul></nav>
<address>Ines Okafor</address><time datetime="2025-09-09T12:55:06Z">09.09.2025, 14:55 Uhr</time></body>"#;
        let found = headlines(page);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "harbour wall repaired");
        assert!(!found[0].logo && !found[0].has_link);
        assert_eq!(found[0].line.as_deref(), Some("09.09.2025, 14:55 Uhr"));
    }

    #[test]
    fn scripts_and_comment_threads_are_not_date_lines() {
        let page = r#"<body><h1>Harbour wall repaired</h1><script>var d = "2025-01-01";</script>
<div class="comment-list"><p>02.02.2025</p></div><p>4 March 2025</p></body>"#;
        assert_eq!(headlines(page)[0].line.as_deref(), Some("4 March 2025"));
    }

    /// The window counts the headline's own characters and every visible text after it.
    #[test]
    fn date_line_past_the_window_is_not_read() {
        let words = |n: usize| "harbour ".repeat(n);
        let near = format!(
            "<body><h1>Harbour wall repaired</h1><p>{}</p><p>4 March 2025</p></body>",
            words(60)
        );
        assert_eq!(headlines(&near)[0].line.as_deref(), Some("4 March 2025"));
        let far = format!(
            "<body><h1>Harbour wall repaired</h1><p>{}</p><p>4 March 2025</p></body>",
            words(80)
        );
        assert_eq!(headlines(&far)[0].line, None);
    }

    #[test]
    fn logo_and_link_headlines_are_told_apart() {
        let page = r#"<body><h1> <style>.a{b:c}</style> <a href="https://gull.example/">Gull</a></h1>
<h1>Ferry <a href="/ferry">back</a></h1><h1 id="brand">Gull Gazette</h1></body>"#;
        let found = headlines(page);
        let flags: Vec<(bool, bool)> = found.iter().map(|h| (h.logo, h.has_link)).collect();
        assert_eq!(flags, [(true, true), (false, true), (true, false)]);
        assert_eq!(found[1].text, "ferry back");
    }
}
