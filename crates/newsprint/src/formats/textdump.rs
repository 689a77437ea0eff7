//! The scraped-article text dump (the seed's layout): headline, date line, an image caption
//! ending with its credit, body paragraphs with `[anchor](target)` links, `Related article:`
//! lines, and an `Original url:` footer with the URL in angle brackets.

use super::Block;
use crate::dates::parse_publication_date;
use crate::input::Refusal;
use crate::markdown::strip_links;
use crate::model::{BodyMarkup, ParsedRecord};
use crate::vocab::{PublishedSource, RejectReason};

const RELATED_LABELS: [&str; 4] = ["related article:", "related:", "read more:", "see also:"];
const CREDIT_MARKERS: [&str; 6] = [
    "photo:", "photo by", "credit:", "image:", "courtesy", "picture:",
];

pub fn parse(text: &str, rec: &mut ParsedRecord) -> Result<(), Refusal> {
    let blocks = super::blocks(text);
    let Some(first) = blocks.first() else {
        return Err(Refusal::new(
            RejectReason::Empty,
            "the file is empty or only whitespace",
        ));
    };
    let mut title_lines = first.lines.clone();
    // A date line directly under the headline, with no blank line between.
    if title_lines.len() > 1
        && let Some(last) = title_lines.last()
        && is_date_line(last)
    {
        rec.published_raw = Some(last.trim().to_owned());
        rec.published_source = Some(PublishedSource::Text);
        title_lines.pop();
    }
    rec.title = Some(
        title_lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" "),
    );

    let mut idx = 1;
    if rec.published_raw.is_none()
        && let Some(b) = blocks.get(1)
        && b.lines.len() == 1
        && is_date_line(b.lines[0])
    {
        rec.published_raw = Some(b.lines[0].trim().to_owned());
        rec.published_source = Some(PublishedSource::Text);
        idx = 2;
    }

    let footer = blocks
        .iter()
        .position(|b| lower_starts_with(b.lines[0].trim(), "original url:"))
        .unwrap_or(blocks.len());
    if footer < blocks.len() {
        rec.url = footer_url(&blocks[footer..]);
    }

    if idx < footer && is_caption(&blocks[idx]) {
        let (caption, credit) = split_credit(&blocks[idx].joined());
        rec.image_caption = caption;
        rec.image_credit = credit;
        idx += 1;
    }

    let mut paragraphs = Vec::new();
    for block in blocks.get(idx..footer).unwrap_or(&[]) {
        let joined = block.joined();
        if let Some(label) = RELATED_LABELS
            .iter()
            .find(|l| lower_starts_with(&joined, l))
        {
            let rest = joined[label.len()..].trim();
            let (plain, links) = strip_links(rest);
            if links.is_empty() {
                rec.related_titles.push(plain.trim().to_owned());
                rec.related_targets.push(String::new());
            }
            for link in links {
                rec.related_titles.push(link.anchor);
                rec.related_targets.push(link.target);
            }
            continue;
        }
        // Lines of one block are one paragraph; normalize joins them with single spaces.
        paragraphs.push(block.lines.join("\n"));
    }
    if paragraphs.is_empty() {
        return Err(super::no_body());
    }
    rec.body = paragraphs.join("\n\n");
    rec.body_markup = BodyMarkup::Markdown;
    Ok(())
}

fn lower_starts_with(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn is_date_line(line: &str) -> bool {
    let line = line.trim();
    line.len() < 80 && parse_publication_date(line).is_some()
}

/// The URL after `Original url:`, on the same line or in the next block, `<>` removed.
fn footer_url(footer: &[Block]) -> Option<String> {
    let first = footer[0].lines[0].trim();
    let same_line = first[first.find(':')? + 1..].trim();
    let candidates = std::iter::once(same_line)
        .chain(footer[0].lines[1..].iter().map(|l| l.trim()))
        .chain(
            footer[1..]
                .iter()
                .flat_map(|b| b.lines.iter().map(|l| l.trim())),
        );
    candidates
        .map(|c| c.trim_start_matches('<').trim_end_matches('>').trim())
        .find(|c| !c.is_empty())
        .map(str::to_owned)
}

/// The dumps leave two or more blank lines where the image stood; a short line naming a
/// photo credit is a caption too.
fn is_caption(block: &Block) -> bool {
    let text = block.joined();
    let words = text.split_whitespace().count();
    if words == 0 || words > 80 || text.contains("](") {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    block.gap_before >= 2 || (words <= 40 && CREDIT_MARKERS.iter().any(|m| lower.contains(m)))
}

/// "Kremlin spokesman Dmitry Peskov. kremlin.ru" → caption "Kremlin spokesman Dmitry
/// Peskov.", credit "kremlin.ru". The credit is a short tail after the last sentence that
/// does not end a sentence itself, or a trailing parenthesis.
pub fn split_credit(caption: &str) -> (Option<String>, Option<String>) {
    let caption = caption.trim();
    let some = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    if caption.ends_with(')')
        && let Some(open) = caption.rfind('(')
    {
        let inner = &caption[open + 1..caption.len() - 1];
        let lower = inner.to_ascii_lowercase();
        if inner.split_whitespace().count() <= 8
            || CREDIT_MARKERS.iter().any(|m| lower.starts_with(m))
        {
            return (some(&caption[..open]), some(inner));
        }
    }
    let mut ends = caption
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, '.' | '!' | '?' | '”' | '"' | '’')
                && caption[i + c.len_utf8()..].starts_with(' ')
        })
        .map(|(i, c)| i + c.len_utf8());
    if let Some(cut) = ends.next_back() {
        let tail = caption[cut..].trim();
        let short = tail.split_whitespace().count() <= 10;
        let ends_sentence =
            tail.ends_with(['.', '!', '?']) && !tail.ends_with("Ltd.") && !tail.ends_with("Inc.");
        if short && !ends_sentence {
            return (some(&caption[..cut]), some(tail));
        }
    }
    let lower = caption.to_ascii_lowercase();
    if CREDIT_MARKERS.iter().any(|m| lower.starts_with(m)) {
        return (None, some(caption));
    }
    (some(caption), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_caption_and_credit() {
        assert_eq!(
            split_credit("Kremlin spokesman Dmitry Peskov. kremlin.ru"),
            (
                Some("Kremlin spokesman Dmitry Peskov.".into()),
                Some("kremlin.ru".into())
            )
        );
    }

    #[test]
    fn credit_styles() {
        assert_eq!(
            split_credit("The ferry at the slipway. Photo: Mhairi Dunlop/Isles Agency")
                .1
                .as_deref(),
            Some("Photo: Mhairi Dunlop/Isles Agency")
        );
        assert_eq!(
            split_credit("Passengers boarding on Wednesday. (Photo by Ewan Baird / Highland Wire)"),
            (
                Some("Passengers boarding on Wednesday.".into()),
                Some("Photo by Ewan Baird / Highland Wire".into())
            )
        );
        assert_eq!(
            split_credit("A harbour at dawn. It was cold."),
            (Some("A harbour at dawn. It was cold.".into()), None)
        );
    }

    #[test]
    fn related_lines_and_footer_are_not_body() {
        let text = "\nHeadline Here\n\nMay 14, 2025\n\n\n\nA mayor. city.example\n\nFirst [said](#) para.\n\nRelated article: [Other Story](#)\n\nLast para.\n\nOriginal url:\n\n<https://www.city.example/a>";
        let mut rec = crate::stages::parse::empty_record(
            "x",
            "f.txt",
            0,
            crate::model::SourceFormat::TextDump,
        );
        parse(text, &mut rec).unwrap();
        assert_eq!(rec.title.as_deref(), Some("Headline Here"));
        assert_eq!(rec.published_raw.as_deref(), Some("May 14, 2025"));
        assert_eq!(rec.published_source, Some(PublishedSource::Text));
        assert_eq!(rec.image_caption.as_deref(), Some("A mayor."));
        assert_eq!(rec.image_credit.as_deref(), Some("city.example"));
        assert_eq!(rec.related_titles, vec!["Other Story".to_owned()]);
        assert_eq!(rec.url.as_deref(), Some("https://www.city.example/a"));
        assert_eq!(rec.body, "First [said](#) para.\n\nLast para.");
    }

    #[test]
    fn headline_only_dump_has_no_body() {
        let mut rec = crate::stages::parse::empty_record(
            "x",
            "f.txt",
            0,
            crate::model::SourceFormat::TextDump,
        );
        assert_eq!(
            parse("\nJust a headline\n\nJuly 1, 2025\n", &mut rec)
                .unwrap_err()
                .reason,
            RejectReason::NoBody
        );
    }
}
