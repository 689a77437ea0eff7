//! Temporal expression engine: finds dates, times, durations and sets in news
//! text, normalises them to TIMEX3 values and resolves relative expressions
//! against the publication date (the anchor), using the tense of nearby verbs.
//! Also parses publication dates as written on news sites.
//!
//! ```ignore
//! let anchor = chrono::NaiveDate::from_ymd_opt(2025, 7, 29);
//! for t in extract("The Kremlin said Tuesday that talks stalled.", anchor) {
//!     // t.text = "Tuesday", t.value = "2025-07-29", t.timex_type = Date
//! }
//! let p = parse_publication_date("Updated: Tue, 29 Jul 2025 2:03 PM EDT");
//! ```
//!
//! Conventions (TimeML / TempEval-3): spans keep determiners and modifiers
//! ("the last week", "early March", "nearly two years") but not prepositions
//! ("on Thursday" -> "Thursday"); relative expressions without an anchor keep
//! `X` placeholders (`XXXX-WXX-2`) and no bounds. Ranges ("between 2016 and
//! 2018", "from May to July") are reported as one DURATION with explicit
//! bounds, followed by their two endpoints (TimeML annotates those too).
//!
//! Module layout (all paths are `self::`/`super::` relative so this folder
//! can be moved into another crate as `src/dates/` with this file as
//! `mod.rs`): `token` (tokeniser), `lexicon` (word tables), `value` (TIMEX3
//! value formatting and bounds), `engine` (the scanner, a file per expression
//! family), `pubdate` (publication date parsing), `eval` (corpus readers and
//! the TempEval-3 scorer, used by `src/bin/eval.rs`), `tests`, and `start_tests`
//! (the scanner's check of where expressions start changes no output).

mod engine;
pub mod eval;
mod lexicon;
mod pubdate;
mod token;
mod value;

#[cfg(test)]
mod start_tests;
#[cfg(test)]
mod tests;

use chrono::NaiveDate;

pub use self::engine::extract;
pub use self::pubdate::{
    DatePrecision, PublicationDate, parse_publication_date, parse_publication_date_not_after,
};
pub use self::value::bounds;

/// Whether the date rules read the language of ISO 639-1 `code` ("en") in full. Their words
/// (months, weekdays, units, "ago", "next", tense) are English only; the month names of
/// German, French, Spanish, Italian, Portuguese and Dutch are known only to the publication
/// date parser, not to the rules that scan the text.
pub fn covers_language(code: &str) -> bool {
    code.eq_ignore_ascii_case("en")
}

/// The expressions of [`extract`] written in digits alone ("2022", "31.01.2022",
/// "2022-01-31", "2016-2018", "10:30"), which read the same in any language written with
/// these digits: what the rules can still say about a text in a language they do not cover.
/// Spelled-out words would be read as English ("November" and "August" are also German;
/// "Fridays for Future" is no weekday).
pub fn extract_written_in_digits(text: &str, anchor: Option<NaiveDate>) -> Vec<Timex> {
    let mut found = extract(text, anchor);
    found.retain(|t| !t.text.chars().any(char::is_alphabetic));
    found
}

/// TIMEX3 type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub const ALL: [TimexType; 4] = [
        TimexType::Date,
        TimexType::Time,
        TimexType::Duration,
        TimexType::Set,
    ];

    /// Lowercase name for the `dates` table ("date", "time", ...).
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "date",
            TimexType::Time => "time",
            TimexType::Duration => "duration",
            TimexType::Set => "set",
        }
    }

    /// TimeML attribute value ("DATE", "TIME", ...).
    pub fn timeml_name(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// One temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// Start, in Unicode code points (inclusive).
    pub start: usize,
    /// End, in Unicode code points (exclusive).
    pub end: usize,
    /// The expression as written.
    pub text: String,
    pub timex_type: TimexType,
    /// TIMEX3 value: `2025-07-29`, `2025-W31`, `P10D`, `XXXX-WXX-2`,
    /// `PAST_REF`, ...
    pub value: String,
    /// First day covered (dates, times and ranges; `None` otherwise).
    pub resolved_start: Option<NaiveDate>,
    /// Last day covered (inclusive).
    pub resolved_end: Option<NaiveDate>,
    /// "day", "month", "year", "week", "weekend", "quarter", "half",
    /// "season", "decade", "century", "minute", "second", "part_of_day",
    /// "hour" (durations and sets use their unit), or "none".
    pub granularity: &'static str,
}
