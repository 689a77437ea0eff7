//! A page and, built on first use, its html5ever tree: the one parse that the crate's
//! metadata pass and our reader of the date line under the headline share. The crate's
//! `Document` takes no tree from outside, so our reader walks its tree through its public
//! API rather than parse the page a second time.

use std::cell::OnceCell;

use trafilatura::dom::{Document, NodeId};

pub(super) struct Page<'a> {
    pub(super) html: &'a str,
    dom: OnceCell<Document>,
}

impl<'a> Page<'a> {
    pub(super) fn new(html: &'a str) -> Self {
        Page {
            html,
            dom: OnceCell::new(),
        }
    }

    pub(super) fn dom(&self) -> &Document {
        self.dom.get_or_init(|| Document::parse(self.html))
    }
}

/// The ancestors of `id`, nearest first; not `id` itself.
pub(super) fn ancestors(doc: &Document, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    std::iter::successors(doc.parent(id), |&p| doc.parent(p))
}

/// The nodes from `id` to the end of the page in document order: `id`, its subtree, then
/// what follows it.
pub(super) fn from_here_on(doc: &Document, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    std::iter::successors(Some(id), |&node| {
        if let Some(&first) = doc.child_nodes(node).first() {
            return Some(first);
        }
        let mut at = node;
        loop {
            if let Some(next) = doc.next_sibling(at) {
                return Some(next);
            }
            at = doc.parent(at)?;
        }
    })
}

/// Whether an element's class or id marks a comment thread (whose dates and names are the
/// readers').
pub(super) fn is_comment_box(doc: &Document, id: NodeId) -> bool {
    ["class", "id"].iter().any(|name| {
        doc.get_attribute(id, name)
            .is_some_and(|v| v.to_ascii_lowercase().contains("comment"))
    })
}
