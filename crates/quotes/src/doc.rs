//! The layout of an article above the tokens: top-level quotation regions (pairs of marks,
//! possibly running over several paragraphs) and sentences that treat each region as one
//! unit, so that `"We agree. We will sign," he said.` is a single sentence.

use crate::lex::{Kind, Side, Tok, lex};
use crate::lexicon::{Role, is_noun_first};

/// A quoted stretch between an opening and a closing mark (token indexes, both inclusive).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Region {
    pub open: usize,
    pub close: usize,
    /// Words inside the marks.
    pub words: usize,
    /// The last token inside is `,` `.` `?` `!` or `:` (a clause that was cut off by the attribution).
    pub punct_end: bool,
}

/// A sentence as a half-open token range, with the paragraph it belongs to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sent {
    pub a: usize,
    pub b: usize,
    pub para: usize,
}

pub(crate) struct Doc<'t> {
    pub text: &'t str,
    pub toks: Vec<Tok>,
    pub regions: Vec<Region>,
    /// Region index plus one for every token inside a region (marks included), else 0.
    pub owner: Vec<u32>,
    pub sents: Vec<Sent>,
}

impl<'t> Doc<'t> {
    pub fn new(text: &'t str) -> Doc<'t> {
        let toks = lex(text);
        let mut doc = Doc {
            text,
            owner: vec![0; toks.len()],
            toks,
            regions: Vec::new(),
            sents: Vec::new(),
        };
        doc.verbs_in_context();
        doc.pair_marks();
        doc.split_sentences();
        doc
    }

    /// A cue word that is also a common noun (`tweet`, `plan`, `call`, `states`) is a noun
    /// after a determiner, a possessive or a preposition, and when capitalised inside a
    /// name (`the United States`).
    fn verbs_in_context(&mut self) {
        for i in 1..self.toks.len() {
            if self.toks[i].cue.is_none() || !is_noun_first(self.tok_text(i)) {
                continue;
            }
            let p = &self.toks[i - 1];
            let pw = self.tok_text(i - 1);
            let noun = p.is_word()
                && (p.role == Role::Det
                    || pw.ends_with("'s")
                    || pw.ends_with("’s")
                    || (p.role == Role::Stop && !matches!(pw, "and" | "or" | "but"))
                    || (p.cap && self.toks[i].cap));
            if noun {
                self.toks[i].cue = None;
            }
        }
    }

    pub fn tok_text(&self, i: usize) -> &'t str {
        let t = &self.toks[i];
        &self.text[t.start as usize..t.end as usize]
    }

    /// Region that token `i` belongs to.
    pub fn region_of(&self, i: usize) -> Option<usize> {
        match self.owner[i] {
            0 => None,
            r => Some(r as usize - 1),
        }
    }

    fn is_para_start(&self, i: usize) -> bool {
        i == 0 || self.toks[i - 1].kind == Kind::Para
    }

    /// Pair opening and closing marks. Double marks nest single ones, which are then plain
    /// content. A double quotation left open at the end of a paragraph goes on when the next
    /// paragraph opens with a mark again (the convention for quotes of several paragraphs).
    fn pair_marks(&mut self) {
        let n = self.toks.len();
        let mut open_d: Option<usize> = None;
        let mut open_s: Option<usize> = None;
        // curly double marks nested inside a double quotation
        let mut depth = 0;
        let mut i = 0;
        while i < n {
            match self.toks[i].kind {
                Kind::Quote { double: true, side } => {
                    open_s = None;
                    match (open_d, side) {
                        (Some(_), Side::Close | Side::Either) if depth > 0 => depth -= 1,
                        (Some(o), Side::Close | Side::Either) => {
                            self.add_region(o, i);
                            open_d = None;
                        }
                        (Some(_), Side::Open) => depth += 1,
                        (None, Side::Open | Side::Either) => open_d = Some(i),
                        (None, Side::Close) => {}
                    }
                }
                Kind::Quote {
                    double: false,
                    side,
                } if open_d.is_none() => match (open_s, side) {
                    (Some(o), Side::Close) => {
                        self.add_region(o, i);
                        open_s = None;
                    }
                    (None, Side::Open) => open_s = Some(i),
                    _ => {}
                },
                Kind::Para => {
                    open_s = None;
                    depth = 0;
                    if let Some(o) = open_d {
                        let next_opens = matches!(
                            self.toks.get(i + 1).map(|t| t.kind),
                            Some(Kind::Quote {
                                double: true,
                                side: Side::Open | Side::Either
                            })
                        );
                        if next_opens {
                            // continue the quotation; the repeated opening mark is content
                            i += 2;
                            continue;
                        }
                        if self.is_para_start(o) && i > o + 1 {
                            // a quotation paragraph that lost its closing mark
                            self.add_region(o, i - 1);
                        }
                        open_d = None;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn add_region(&mut self, open: usize, close: usize) {
        let words = (open + 1..close)
            .filter(|&k| self.toks[k].is_word())
            .count();
        let last = if close > open + 1 {
            self.toks[close - 1].kind
        } else {
            Kind::Para
        };
        let punct_end = matches!(last, Kind::Punct(b',' | b'.' | b'?' | b'!' | b':'));
        self.regions.push(Region {
            open,
            close,
            words,
            punct_end,
        });
        let r = self.regions.len() as u32;
        for o in &mut self.owner[open..=close] {
            *o = r;
        }
    }

    /// Sentences end at a paragraph break, at `.` `!` `?` outside quotations when the next
    /// word is not lowercase, and after a quotation that ends its own sentence (`... in."`)
    /// when no lowercase attribution follows.
    fn split_sentences(&mut self) {
        let n = self.toks.len();
        let mut a = 0;
        let mut para = 0;
        let mut i = 0;
        while i < n {
            if self.toks[i].kind == Kind::Para && self.owner[i] == 0 {
                if i > a {
                    self.sents.push(Sent { a, b: i, para });
                }
                para += 1;
                a = i + 1;
                i += 1;
                continue;
            }
            let (end, last) = match self.region_of(i) {
                Some(r) => {
                    let reg = self.regions[r];
                    let inner = if reg.close > reg.open + 1 {
                        self.toks[reg.close - 1].kind
                    } else {
                        Kind::Para
                    };
                    (reg.close + 1, inner)
                }
                None => (i + 1, self.toks[i].kind),
            };
            let terminal = matches!(last, Kind::Punct(b'.' | b'!' | b'?'));
            let asked = matches!(last, Kind::Punct(b'!' | b'?'));
            let attributed = asked && end > i + 1 && self.attribution_follows(end);
            if terminal && !attributed && self.ends_before(end) {
                self.sents.push(Sent { a, b: end, para });
                a = end;
            }
            i = end;
        }
        if a < n {
            self.sents.push(Sent { a, b: n, para });
        }
    }

    /// Whether a short name and a cue follow a quotation that ends with its own stop:
    /// `"Who would have believed it?" Trump said.`
    fn attribution_follows(&self, j: usize) -> bool {
        let n = self.toks.len().min(j + 5);
        for k in j..n {
            let t = &self.toks[k];
            if !t.is_word() {
                return false;
            }
            if t.cue.is_some() && k > j {
                return true;
            }
        }
        false
    }

    /// Whether a terminal mark just before token `j` ends the sentence, judged by what follows.
    fn ends_before(&self, j: usize) -> bool {
        match self.toks.get(j) {
            None => true,
            Some(t) => match t.kind {
                Kind::Word => t.cap || self.text.as_bytes()[t.start as usize].is_ascii_digit(),
                Kind::Para | Kind::Quote { .. } => true,
                Kind::Punct(p) => !matches!(p, b',' | b')' | b';' | b':' | b'-'),
            },
        }
    }
}
