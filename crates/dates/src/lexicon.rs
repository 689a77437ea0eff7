//! Word lists as `match` tables (compiled to jump tables / comparisons, no
//! allocation). All inputs are lowercase.

/// Month number for a full month name.
pub(super) fn month_full(s: &str) -> Option<u32> {
    Some(match s {
        "january" => 1,
        "february" => 2,
        "march" => 3,
        "april" => 4,
        "may" => 5,
        "june" => 6,
        "july" => 7,
        "august" => 8,
        "september" => 9,
        "october" => 10,
        "november" => 11,
        "december" => 12,
        _ => return None,
    })
}

/// Month number for an abbreviation (written with or without a period).
pub(super) fn month_abbr(s: &str) -> Option<u32> {
    Some(match s {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    })
}

/// ISO weekday number (Monday = 1) for a weekday name, singular or plural.
pub(super) fn weekday(s: &str) -> Option<(u32, bool)> {
    let (stem, plural) = match s.strip_suffix('s') {
        Some(st) if st.ends_with("day") => (st, true),
        _ => (s, false),
    };
    let n = match stem {
        "monday" => 1,
        "tuesday" => 2,
        "wednesday" => 3,
        "thursday" => 4,
        "friday" => 5,
        "saturday" => 6,
        "sunday" => 7,
        _ => return None,
    };
    Some((n, plural))
}

/// Cardinal number words up to the tens; compounds ("twenty-four") are
/// assembled by the caller.
pub(super) fn cardinal(s: &str) -> Option<u32> {
    Some(match s {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    })
}

/// Ordinal words (first..thirty-first parts).
pub(super) fn ordinal(s: &str) -> Option<u32> {
    Some(match s {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        _ => return None,
    })
}

/// Calendar units used in durations and relative expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Unit for a unit word, with whether it was plural.
pub(super) fn unit(s: &str) -> Option<(Unit, bool)> {
    Some(match s {
        "second" => (Unit::Second, false),
        "seconds" => (Unit::Second, true),
        "minute" | "min" => (Unit::Minute, false),
        "minutes" | "mins" => (Unit::Minute, true),
        "hour" | "hr" => (Unit::Hour, false),
        "hours" | "hrs" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "weekend" => (Unit::Weekend, false),
        "weekends" => (Unit::Weekend, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "quarter" => (Unit::Quarter, false),
        "quarters" => (Unit::Quarter, true),
        "year" | "yr" => (Unit::Year, false),
        "years" | "yrs" => (Unit::Year, true),
        "decade" => (Unit::Decade, false),
        "decades" => (Unit::Decade, true),
        "century" => (Unit::Century, false),
        "centuries" => (Unit::Century, true),
        _ => return None,
    })
}

/// Part-of-day words and their TIMEX3 codes.
pub(super) fn part_of_day(s: &str) -> Option<&'static str> {
    Some(match s {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        "night" | "tonight" | "overnight" => "NI",
        _ => return None,
    })
}

/// Seasons and their TIMEX3 codes, with the month the season starts in.
pub(super) fn season(s: &str) -> Option<(&'static str, u32)> {
    Some(match s {
        "spring" => ("SP", 3),
        "summer" => ("SU", 6),
        "fall" | "autumn" => ("FA", 9),
        "winter" => ("WI", 12),
        _ => return None,
    })
}

/// Time zone abbreviations accepted after a clock time.
pub(super) fn is_timezone(s: &str) -> bool {
    matches!(
        s,
        "utc"
            | "gmt"
            | "est"
            | "edt"
            | "cst"
            | "cdt"
            | "mst"
            | "mdt"
            | "pst"
            | "pdt"
            | "bst"
            | "cet"
            | "cest"
            | "eet"
            | "eest"
            | "msk"
            | "ist"
            | "jst"
            | "aest"
            | "aedt"
            | "et"
            | "pt"
            | "ct"
            | "hkt"
            | "sgt"
            | "wib"
    )
}

/// Words that mark future reference near a date expression.
pub(super) fn is_future_marker(s: &str) -> bool {
    matches!(
        s,
        "will"
            | "ll"
            | "shall"
            | "going"
            | "scheduled"
            | "expected"
            | "expects"
            | "expect"
            | "plans"
            | "plan"
            | "due"
            | "upcoming"
            | "intends"
            | "aims"
            | "hopes"
            | "planning"
            | "forecast"
            | "slated"
            | "should"
            | "would"
            | "next"
            | "coming"
            | "tomorrow"
            | "later"
    )
}

/// Words that mark past reference near a date expression.
pub(super) fn is_past_marker(s: &str) -> bool {
    matches!(
        s,
        "was"
            | "were"
            | "had"
            | "did"
            | "said"
            | "told"
            | "ago"
            | "last"
            | "since"
            | "earlier"
            | "yesterday"
            | "been"
            | "announced"
            | "reported"
            | "died"
            | "began"
            | "took"
            | "made"
            | "came"
            | "went"
            | "fell"
            | "rose"
            | "won"
            | "lost"
            | "met"
            | "held"
            | "left"
            | "saw"
            | "got"
            | "gave"
            | "became"
            | "ended"
            | "closed"
    ) || (s.len() > 4 && s.ends_with("ed"))
}

/// Every lowercase word written as a string literal in the engine's files or
/// this one (kept in sync by a test). The recognizers match words only against
/// such literals and the tables above, so a lowercase token outside this list
/// (and not a plural weekday) cannot start a date expression. The scanner now
/// asks the tighter lists of `engine/starts.rs`; this one is the tests' check
/// that those name only words the engine knows, and the check they replaced.
#[cfg(test)]
pub(super) const LITERAL_WORDS: &[&str] = &[
    "a",
    "about",
    "account",
    "accounts",
    "added",
    "additional",
    "aedt",
    "aest",
    "affairs",
    "after",
    "afternoon",
    "ago",
    "ahead",
    "aims",
    "almost",
    "am",
    "an",
    "and",
    "announced",
    "annual",
    "approximately",
    "apr",
    "april",
    "around",
    "as",
    "at",
    "aug",
    "august",
    "autumn",
    "b",
    "back",
    "barely",
    "bc",
    "bce",
    "be",
    "became",
    "been",
    "before",
    "began",
    "beginning",
    "begins",
    "between",
    "beyond",
    "biweekly",
    "bst",
    "business",
    "by",
    "c",
    "came",
    "cdt",
    "centuries",
    "century",
    "cest",
    "cet",
    "christmas",
    "circa",
    "clock",
    "close",
    "closed",
    "closing",
    "coming",
    "comparable",
    "consecutive",
    "corresponding",
    "countless",
    "couple",
    "cst",
    "ct",
    "current",
    "currently",
    "daily",
    "day",
    "days",
    "deadline",
    "dec",
    "decade",
    "decades",
    "december",
    "delayed",
    "did",
    "died",
    "distant",
    "dozen",
    "dozens",
    "due",
    "during",
    "each",
    "earlier",
    "early",
    "ed",
    "edt",
    "eest",
    "eet",
    "effective",
    "eight",
    "eighteen",
    "eighteenth",
    "eighth",
    "eighties",
    "eighty",
    "eleven",
    "eleventh",
    "end",
    "ended",
    "ending",
    "ends",
    "ensuing",
    "entire",
    "est",
    "et",
    "eve",
    "evening",
    "events",
    "every",
    "expect",
    "expected",
    "expects",
    "expire",
    "expires",
    "fall",
    "feb",
    "february",
    "fell",
    "few",
    "fewer",
    "fifteen",
    "fifteenth",
    "fifth",
    "fifties",
    "fifty",
    "final",
    "finish",
    "finished",
    "finishing",
    "first",
    "fiscal",
    "five",
    "following",
    "for",
    "forecast",
    "foreseeable",
    "forties",
    "fortnightly",
    "forty",
    "four",
    "fourteen",
    "fourteenth",
    "fourth",
    "friday",
    "from",
    "full",
    "fully",
    "future",
    "gave",
    "gmt",
    "going",
    "got",
    "had",
    "half",
    "halloween",
    "has",
    "held",
    "hence",
    "high",
    "hkt",
    "hopes",
    "hour",
    "hourly",
    "hours",
    "hr",
    "hrs",
    "hundred",
    "hundreds",
    "in",
    "independence",
    "initial",
    "intends",
    "is",
    "ist",
    "its",
    "jan",
    "january",
    "jst",
    "jul",
    "july",
    "jun",
    "june",
    "last",
    "lasted",
    "late",
    "lately",
    "later",
    "latest",
    "least",
    "left",
    "less",
    "levels",
    "ll",
    "local",
    "long",
    "lost",
    "m",
    "made",
    "many",
    "mar",
    "march",
    "may",
    "mdt",
    "medium",
    "met",
    "mid",
    "midday",
    "middle",
    "midnight",
    "min",
    "mins",
    "minute",
    "minutes",
    "monday",
    "month",
    "monthly",
    "months",
    "more",
    "morning",
    "most",
    "msk",
    "mst",
    "nd",
    "near",
    "nearly",
    "new",
    "next",
    "night",
    "nightly",
    "nine",
    "nineteen",
    "nineteenth",
    "nineties",
    "ninety",
    "ninth",
    "no",
    "noon",
    "noted",
    "nov",
    "november",
    "now",
    "nowadays",
    "number",
    "numerous",
    "o",
    "oct",
    "october",
    "of",
    "oh",
    "old",
    "on",
    "once",
    "one",
    "or",
    "other",
    "over",
    "overnight",
    "p",
    "past",
    "payable",
    "pdt",
    "per",
    "percent",
    "period",
    "plan",
    "planned",
    "planning",
    "plans",
    "pm",
    "postponed",
    "preceding",
    "present",
    "presently",
    "previous",
    "prior",
    "pst",
    "pt",
    "q",
    "quarter",
    "quarters",
    "rd",
    "recent",
    "recently",
    "remainder",
    "remaining",
    "reported",
    "rest",
    "right",
    "rose",
    "roughly",
    "s",
    "said",
    "same",
    "saturday",
    "saw",
    "says",
    "scheduled",
    "school",
    "season",
    "second",
    "seconds",
    "sep",
    "sept",
    "september",
    "seven",
    "seventeen",
    "seventeenth",
    "seventh",
    "seventies",
    "seventy",
    "several",
    "sgt",
    "shall",
    "short",
    "should",
    "since",
    "six",
    "sixteen",
    "sixteenth",
    "sixth",
    "sixties",
    "sixty",
    "slated",
    "so",
    "some",
    "soon",
    "spring",
    "st",
    "start",
    "starting",
    "stated",
    "straight",
    "subsequent",
    "summer",
    "sunday",
    "t",
    "take",
    "takes",
    "ten",
    "tenth",
    "term",
    "th",
    "than",
    "thanksgiving",
    "that",
    "the",
    "these",
    "third",
    "thirteen",
    "thirteenth",
    "thirties",
    "thirtieth",
    "thirty",
    "this",
    "thousand",
    "thousands",
    "three",
    "thrice",
    "through",
    "throughout",
    "thursday",
    "till",
    "time",
    "times",
    "to",
    "today",
    "told",
    "tomorrow",
    "tonight",
    "took",
    "trading",
    "tuesday",
    "turn",
    "twelfth",
    "twelve",
    "twenties",
    "twentieth",
    "twenty",
    "twice",
    "two",
    "until",
    "up",
    "upcoming",
    "utc",
    "valentine",
    "was",
    "wednesday",
    "week",
    "weekend",
    "weekends",
    "weekly",
    "weeks",
    "went",
    "were",
    "when",
    "whole",
    "wib",
    "will",
    "winter",
    "within",
    "won",
    "working",
    "would",
    "year",
    "yearly",
    "years",
    "yesterday",
    "yr",
    "yrs",
    "zero",
];

/// FNV-1a, usable in constants.
pub(super) const fn fnv1a(s: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut i = 0;
    while i < s.len() {
        h = (h ^ s[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

/// Bit index of a word in `LITERAL_FILTER` (13 bits).
#[cfg(test)]
const fn filter_bit(s: &[u8]) -> usize {
    (fnv1a(s) >> 51) as usize
}

/// One-hash Bloom filter of `LITERAL_WORDS` (8192 bits, computed at compile
/// time): every listed word has its bit set; a clear bit proves a word is
/// not listed.
#[cfg(test)]
static LITERAL_FILTER: [u64; 128] = {
    let mut f = [0u64; 128];
    let mut i = 0;
    while i < LITERAL_WORDS.len() {
        let b = filter_bit(LITERAL_WORDS[i].as_bytes());
        f[b / 64] |= 1 << (b % 64);
        i += 1;
    }
    f
};

/// False only for words certainly not in `LITERAL_WORDS` (true for every
/// listed word, and for a few unlisted ones sharing a bit).
#[cfg(test)]
pub(super) fn maybe_literal(s: &str) -> bool {
    let b = filter_bit(s.as_bytes());
    LITERAL_FILTER[b / 64] >> (b % 64) & 1 != 0
}
