//! html5gum's tokens without an allocation per token: its callback emitter hands each tag
//! name, attribute and text run over as a borrowed slice, and the callback here copies them
//! into one buffer that is reused once the tree builder has read every token queued in it.
//! html5gum's default emitter allocates each name, attribute and text and keeps attributes in
//! a `BTreeMap`: on the benchmark's 181 pages tokenizing took 85 ms with it and 45 ms with
//! callbacks (one core).
//!
//! Attributes keep the default emitter's meaning: the first of duplicates counts, and they
//! are listed sorted by name.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use html5gum::emitters::callback::{Callback, CallbackEmitter, CallbackEvent};
use html5gum::{Span, State, Tokenizer};

/// A token of the page, its bytes in the buffer of `Tokens::buffer`.
#[derive(Debug, Clone)]
pub(super) enum Tok {
    Start(StartRef),
    End(Range<usize>),
    Text(Range<usize>),
    Comment,
}

/// Where a start tag's name and attributes sit in the buffer.
#[derive(Debug, Clone)]
pub(super) struct StartRef {
    name: Range<usize>,
    /// Indices into `Buffer::attrs`.
    attrs: Range<usize>,
    self_closing: bool,
}

/// One attribute's name and value, as ranges of `Buffer::bytes`.
#[derive(Debug, Clone)]
struct Attr {
    name: Range<usize>,
    value: Range<usize>,
}

/// The bytes of the tokens queued and not yet all read.
#[derive(Debug, Default)]
pub(super) struct Buffer {
    bytes: Vec<u8>,
    attrs: Vec<Attr>,
    /// The start tag being read: its name, and where its attributes begin in `attrs`.
    open_name: Range<usize>,
    open_attrs: usize,
    /// Whether a start tag is being read: attributes written in an end tag are dropped.
    in_start: bool,
    /// Whether the attribute being read is a duplicate or one no reader asks for, whose
    /// value is dropped.
    skipping_value: bool,
    /// Whether the start tag being read keeps every attribute (a `<script>`: JSON-LD is told
    /// by any attribute's value), not only those `is_read_attr` names.
    keeps_all_attrs: bool,
    /// Tokens handed to the tokenizer's queue and not yet read back by `Tokens::next`.
    queued: usize,
}

impl Buffer {
    fn push(&mut self, s: &[u8]) -> Range<usize> {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(s);
        start..self.bytes.len()
    }

    pub(super) fn bytes(&self, r: &Range<usize>) -> &[u8] {
        &self.bytes[r.clone()]
    }

    pub(super) fn start_tag(&self, r: &StartRef) -> StartTag<'_> {
        StartTag {
            name: &self.bytes[r.name.clone()],
            self_closing: r.self_closing,
            bytes: &self.bytes,
            attrs: &self.attrs[r.attrs.clone()],
        }
    }

    /// Before a new token is written: when every queued token has been read, the buffer
    /// starts over.
    fn reuse_if_read(&mut self) {
        if self.queued == 0 {
            self.bytes.clear();
            self.attrs.clear();
        }
    }
}

/// A start tag's name and attributes.
pub(super) struct StartTag<'a> {
    pub(super) name: &'a [u8],
    pub(super) self_closing: bool,
    bytes: &'a [u8],
    attrs: &'a [Attr],
}

impl<'a> StartTag<'a> {
    /// The value of attribute `name`, if the tag has it. Only the attributes `is_read_attr`
    /// names are kept (all of a `<script>`'s): a reader of another must add it there.
    pub(super) fn attr(&self, name: &[u8]) -> Option<&'a [u8]> {
        debug_assert!(
            is_read_attr(name) || self.name == b"script",
            "attribute {} is not kept (tokens::is_read_attr)",
            String::from_utf8_lossy(name)
        );
        self.attrs()
            .find(|(k, _)| *k == name)
            .map(|(_, value)| value)
    }

    /// (name, value) of each attribute kept (`is_read_attr`), sorted by name.
    pub(super) fn attrs(&self) -> impl Iterator<Item = (&'a [u8], &'a [u8])> + use<'a> {
        let bytes = self.bytes;
        self.attrs
            .iter()
            .map(move |a| (&bytes[a.name.clone()], &bytes[a.value.clone()]))
    }
}

/// The attributes the tree builder and its searches read (`src`, `srcset`, `data-*` and
/// inline handlers are most of a page's attribute bytes, and none is read): the others are
/// not copied.
fn is_read_attr(name: &[u8]) -> bool {
    matches!(
        name,
        b"class"
            | b"id"
            | b"style"
            | b"aria-hidden"
            | b"role"
            | b"rel"
            | b"itemprop"
            | b"href"
            | b"lang"
            | b"content"
            | b"property"
            | b"name"
            | b"datetime"
            | b"type"
            | b"data-testid"
            | b"data-component"
    )
}

/// The callback: copies what html5gum hands over into the shared buffer.
struct Collect(Rc<RefCell<Buffer>>);

impl Callback<Tok, ()> for Collect {
    fn handle_event(&mut self, event: CallbackEvent<'_>, _span: Span<()>) -> Option<Tok> {
        let mut b = self.0.borrow_mut();
        let tok = match event {
            CallbackEvent::OpenStartTag { name } => {
                b.reuse_if_read();
                b.open_name = b.push(name);
                b.keeps_all_attrs = name == b"script";
                b.open_attrs = b.attrs.len();
                b.in_start = true;
                return None;
            }
            CallbackEvent::AttributeName { .. } | CallbackEvent::AttributeValue { .. }
                if !b.in_start =>
            {
                return None;
            }
            CallbackEvent::AttributeName { name } => {
                if !(b.keeps_all_attrs || is_read_attr(name)) {
                    b.skipping_value = true;
                    return None;
                }
                let from = b.open_attrs;
                let duplicate = b.attrs[from..]
                    .iter()
                    .any(|a| b.bytes[a.name.clone()] == *name);
                b.skipping_value = duplicate;
                if !duplicate {
                    let name = b.push(name);
                    let at = b.bytes.len();
                    b.attrs.push(Attr {
                        name,
                        value: at..at,
                    });
                }
                return None;
            }
            CallbackEvent::AttributeValue { value } => {
                if !b.skipping_value && b.attrs.len() > b.open_attrs {
                    // A value follows its name at once, so it extends the buffer's end.
                    let at = b.push(value);
                    if let Some(last) = b.attrs.last_mut() {
                        if last.value.end == at.start {
                            last.value.end = at.end;
                        } else {
                            last.value = at;
                        }
                    }
                }
                return None;
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                b.in_start = false;
                let Buffer {
                    bytes,
                    attrs,
                    open_attrs,
                    ..
                } = &mut *b;
                // Sorted by name, as the default emitter's map listed them (stable, and the
                // names are unique by now).
                attrs[*open_attrs..]
                    .sort_by(|x, y| bytes[x.name.clone()].cmp(&bytes[y.name.clone()]));
                Tok::Start(StartRef {
                    name: b.open_name.clone(),
                    attrs: b.open_attrs..b.attrs.len(),
                    self_closing,
                })
            }
            CallbackEvent::EndTag { name } => {
                b.reuse_if_read();
                Tok::End(b.push(name))
            }
            CallbackEvent::String { value } => {
                b.reuse_if_read();
                Tok::Text(b.push(value))
            }
            CallbackEvent::Comment { .. } => Tok::Comment,
            CallbackEvent::Doctype { .. } | CallbackEvent::Error(_) => return None,
        };
        b.queued += 1;
        Some(tok)
    }
}

/// html5gum's callback emitter, without parse errors: checking every byte for them took a
/// tenth of the extraction, and a tag soup is read the same either way.
struct QuietEmitter(CallbackEmitter<Collect, Tok, ()>);

impl html5gum::ForwardingEmitter for QuietEmitter {
    type Token = Tok;

    fn inner(&mut self) -> &mut impl html5gum::Emitter<Token = Self::Token> {
        &mut self.0
    }

    #[inline]
    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// The page's tokens, read one at a time; `buffer` holds the bytes of the last one read.
pub(super) struct Tokens<'h> {
    tokenizer: Tokenizer<html5gum::StringReader<'h>, QuietEmitter>,
    pub(super) buffer: Rc<RefCell<Buffer>>,
    /// Whether a token was handed out and not yet counted as read.
    reading: bool,
}

impl<'h> Tokens<'h> {
    pub(super) fn new(html: &'h str) -> Self {
        let buffer = Rc::new(RefCell::new(Buffer::default()));
        let emitter = QuietEmitter(CallbackEmitter::new(Collect(Rc::clone(&buffer))));
        Tokens {
            tokenizer: Tokenizer::new_with_emitter(html, emitter),
            buffer,
            reading: false,
        }
    }

    /// The next token; the one before it counts as read.
    pub(super) fn next(&mut self) -> Option<Tok> {
        if std::mem::take(&mut self.reading) {
            self.buffer.borrow_mut().queued -= 1;
        }
        let tok = self.tokenizer.next()?.ok()?;
        self.reading = true;
        Some(tok)
    }

    /// The state the tokenizer reads on in (raw text after `<script>`, `<style>`, …).
    pub(super) fn set_state(&mut self, state: State) {
        self.tokenizer.set_state(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token as text, the way a test reads them.
    fn all(html: &str) -> Vec<String> {
        let mut tokens = Tokens::new(html);
        let mut out = Vec::new();
        while let Some(tok) = tokens.next() {
            let b = tokens.buffer.borrow();
            out.push(match &tok {
                Tok::Start(r) => {
                    let t = b.start_tag(r);
                    let attrs: Vec<String> = t
                        .attrs()
                        .map(|(k, v)| {
                            format!(
                                "{}={}",
                                String::from_utf8_lossy(k),
                                String::from_utf8_lossy(v)
                            )
                        })
                        .collect();
                    format!(
                        "<{}{}{}>",
                        String::from_utf8_lossy(t.name),
                        attrs.iter().map(|a| format!(" {a}")).collect::<String>(),
                        if t.self_closing { "/" } else { "" }
                    )
                }
                Tok::End(r) => format!("</{}>", String::from_utf8_lossy(b.bytes(r))),
                Tok::Text(r) => String::from_utf8_lossy(b.bytes(r)).into_owned(),
                Tok::Comment => "<!---->".to_owned(),
            });
        }
        out
    }

    #[test]
    fn attributes_are_sorted_by_name_and_the_first_duplicate_counts() {
        assert_eq!(
            all(r#"<div id="b" class="x" id="c" title='1 &amp; 2' role=main>Gulls &lt;3</div>"#),
            ["<div class=x id=b role=main>", "Gulls <3", "</div>"]
        );
    }

    #[test]
    fn attributes_no_reader_asks_for_are_dropped_except_on_scripts() {
        assert_eq!(
            all(r#"<img src="a.jpg" data-x='{"y":1}' class=pic hidden><a href='/' onclick=f()>"#),
            ["<img class=pic>", "<a href=/>"]
        );
        assert_eq!(
            all(r#"<script data-kind="application/ld+json" src=x.js></script>"#),
            [
                "<script data-kind=application/ld+json src=x.js>",
                "</script>"
            ]
        );
    }

    #[test]
    fn end_tag_attributes_and_doctypes_are_dropped() {
        assert_eq!(
            all("<!doctype html><p>a<br/>b</p class=x><!-- c -->"),
            ["<p>", "a", "<br/>", "b", "</p>", "<!---->"]
        );
    }

    #[test]
    fn the_buffer_is_reused_once_its_tokens_are_read() {
        let page = "<p class=a>one</p>".repeat(200);
        let mut tokens = Tokens::new(&page);
        let mut most = 0;
        while tokens.next().is_some() {
            most = most.max(tokens.buffer.borrow().bytes.len());
        }
        assert!(most < 64, "the buffer grew to {most} bytes");
    }
}
