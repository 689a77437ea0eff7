//! A page and, built on first use, its html5ever tree: the one parse that the crate's text
//! extraction and its metadata pass share. Only the pages that ask the crate build it.

use std::cell::OnceCell;

use trafilatura::dom::Document;

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
