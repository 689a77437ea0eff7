//! Rules the two HTML extractors (`html` through the `trafilatura` crate, `html_native`)
//! apply the same way. Only rules that are the same in both live here: where the two read
//! a page differently (which elements are blocks, which class words mark boilerplate, how a
//! byline's label is written, how far into a line a date may sit), each keeps its own.

use crate::dates::{DatePrecision, PublicationDate, parse_publication_date};

/// Class or id words of an element that shows the article's byline ("author-box",
/// "byline__name", "field--name-author").
pub(super) const AUTHOR_BOX_WORDS: [&str; 2] = ["author", "byline"];

/// A line that is a date to the day ("20.12.2022", "31. Januar 2022", "Written: 2023-11-07
/// 15:03"): a month or a year alone is not the day an article was published.
pub(super) fn day_date(line: &str) -> Option<PublicationDate> {
    parse_publication_date(line).filter(|d| d.precision >= DatePrecision::Day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_a_date_and_a_year_alone_is_not() {
        assert!(day_date("20.12.2022").is_some());
        assert!(day_date("2023-11-07 15:03").is_some());
        assert!(day_date("2022").is_none());
        assert!(day_date("Harbour wall repaired").is_none());
    }
}
