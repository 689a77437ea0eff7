//! Facts read from the page body while it is tokenized: language, canonical link,
//! author boxes, and a date written in the text.

use crate::formats::html_shared::day_date;

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
pub(super) fn first_text_date<'a>(
    texts: impl Iterator<Item = &'a String>,
) -> Option<chrono::NaiveDate> {
    // Most text nodes hold no digit: a byte check spares them the regex.
    texts
        .take(5000)
        .filter(|t| t.bytes().any(|b| b.is_ascii_digit()))
        .find_map(|t| {
            // A short line ("31. Januar 2022", "Jan 31, 2022 10:00") is a date line: the
            // publication-date reader knows month names in several languages.
            let line = t.trim();
            if line.len() <= 60
                && let Some(d) = day_date(line)
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
