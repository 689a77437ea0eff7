//! Plain-text articles: the headline on the first line, then paragraphs (the BBC layout).

use crate::input::Refusal;
use crate::model::{BodyMarkup, ParsedRecord};
use crate::vocab::RejectReason;

pub fn parse(text: &str, rec: &mut ParsedRecord) -> Result<(), Refusal> {
    let blocks = super::blocks(text);
    let Some((first, rest)) = blocks.split_first() else {
        return Err(Refusal::new(
            RejectReason::Empty,
            "the file is empty or only whitespace",
        ));
    };
    // A headline block of several lines: the first line is the headline, the rest is body.
    let title = first.lines[0].trim();
    let mut paragraphs: Vec<String> = Vec::new();
    if first.lines.len() > 1 {
        paragraphs.push(first.lines[1..].join(" "));
    }
    paragraphs.extend(rest.iter().map(|b| b.joined()));
    if paragraphs.is_empty() {
        return Err(super::no_body());
    }
    rec.title = Some(title.to_owned());
    rec.body = paragraphs.join("\n\n");
    rec.body_markup = BodyMarkup::Plain;
    Ok(())
}
