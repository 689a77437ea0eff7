//! The scanner's check of where an expression can start (`engine/starts.rs`) must change no
//! output: every text here gives the same expressions with that check, with the literals
//! check it replaced, and with no check at all (every family and modifier asked at every
//! token); and at no token does it turn away a family or a modifier that would match there.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::engine::{Gate, core_counts, extract_gated, gate_misses};
use super::eval::read_timeml_dir;
use super::extract;
use super::lexicon::LITERAL_WORDS;

fn anchors() -> [Option<NaiveDate>; 2] {
    [NaiveDate::from_ymd_opt(2025, 7, 29), None]
}

/// Asserts that `text` gives the same expressions under every gate and that the starters
/// turn away no match; returns how many expressions it holds.
fn same_under_every_gate(text: &str) -> usize {
    let mut n = 0;
    for anchor in anchors() {
        let found = extract(text, anchor);
        assert_eq!(
            found,
            extract_gated(text, anchor, Gate::Literals),
            "{text:?}"
        );
        assert_eq!(found, extract_gated(text, anchor, Gate::Off), "{text:?}");
        let misses = gate_misses(text, anchor);
        assert!(misses.is_empty(), "{text:?}: {misses:?}");
        n += found.len();
    }
    n
}

const SENTENCES: &[&str] = &[
    "The ministry said on Tuesday, Oct. 26, 2021 that talks would resume at 10:35 a.m. EDT.",
    "Shares rose 5% to $12.50 in the third quarter of 2009, up from the year-earlier period.",
    "The company reported its fourth-quarter results and the 1988 third quarter figures.",
    "Q3 2024 sales beat the Q2 numbers; fiscal 1989 was weaker, as was fiscal year 1990.",
    "It happened three years ago, and again 10 to 12 days later, a year or so after that.",
    "He has lived there for years, for the past two decades, and more than 10,000 days.",
    "No more than about 60 days remain; at least 2 1/2 years passed; up to five weeks left.",
    "They meet every Monday, each year, twice a week, daily and weekly, 24 hours a day.",
    "Christmas Eve, New Year's Day, Valentine's Day, Independence Day and Thanksgiving Day.",
    "In the summer of 1997, in the fall, last winter and this past spring it rained.",
    "The 1990s, the '80s, the nineties, the 20th century and the nineteenth century.",
    "Since '82 the class of '09 has met in 2016-2018, between 2016 and 2018, from May to July.",
    "Early March, mid-April, late 2019, the end of the year, the beginning of the month.",
    "Earlier this week, later this month, the rest of the year and the remainder of 2020.",
    "The next day, the previous week, that year, the same day, the following month.",
    "Today, yesterday morning, tomorrow night, tonight, now, currently and recently.",
    "The talks on 29 July 2025, the 4th of July, the twenty-first of May and 7/29/2025.",
    "Die Sitzung am 31.01.2022 wurde vertagt; 2025-07-29T14:03 is an ISO time.",
    "Around 7:15 p.m., nearly two hours, roughly a decade, almost half a century, some days.",
    "By noon, before midnight, at 18:00 UTC, at 0800 GMT, at 2 p.m. Moscow time.",
    "The same period last year, the same month a year ago, the year ended June 30.",
    "Over the years, in the coming weeks, in the weeks ahead, for the full year, the year-end.",
    "A couple of months, a few weeks, several years, a number of days, a dozen years.",
    "Nineteen ninety-six, two thousand one, the year 1990, the year two thousand.",
    // With its year: without one and without an anchor, "the week of March 6" panics in
    // anaphoric_day (its `expect`), whatever the check of where expressions start.
    "The week of March 6, 2024, the last week of March, the first week of May, and Fridays.",
    "At 5 o'clock, at 9 am, 3 pm, 12 a.m., for 5 long days, 8 trading days, 3 straight weeks.",
    "The most recent quarter, the latest quarter, the comparable year-ago period.",
    "For the first half, the second half of 2008, the final quarter, the last half.",
    "This Friday, last Friday, next Friday, this morning, last night, this quarter.",
    "It will take effect in the near future, the short term, the long term, the past.",
    "These days the present is what matters, right now, more recently, most lately.",
    "Five-year plans, a 37-year-old man, 24 Hours of Le Mans, 60 Minutes and 5 percent.",
    "To be or not to be, that is the question, said he, as is and was and will be.",
    "Of the people, by the people, for the people, and so on, in and out, to and fro.",
    "The cat sat on the mat and the dog ate the bone; a man, a plan, a canal.",
    "It is what it is, and that's that: the end, the start, the middle, the turn.",
    "The 5m pounds, \u{a3}3bn, 20% and 15 people, 3-1 in the 90th minute, 12 months on.",
    "In 1998-99, the 1998/99 season, 1,000 years, 3,000,000 days, 2.5 hours, 10:30.",
    "Jan. 5, Feb 27, Sept. 11, Dec. 25, 2004, March for Life, may be, August company.",
    "THE END OF THE YEAR, NEXT WEEK, LAST MONTH, IN MAY 2020, THREE YEARS AGO.",
    "The Mondays, every other week, per year, per cent, the hourly rate, the weekly show.",
    "\u{2019}90s and \u{2018}82, the \u{2019}70s and 80s, the 70s and 80s, mid-90s.",
    "Biweekly, fortnightly, nightly, yearly and monthly meetings; half a year; a half hour.",
    "Halloween and Christmas; the Christmas party; new year, New Year's Eve, new year's day.",
    "The quarter-century, a quarter of the shares, three-quarters, the third-quarter results.",
    "During the weekend, the weekend, over the weekend, the whole week, the entire month.",
];

#[test]
fn sentences_give_the_same_expressions_under_every_gate() {
    let n: usize = SENTENCES.iter().map(|s| same_under_every_gate(s)).sum();
    // The sentences exercise the families; they do not just pass through.
    assert!(n > 300, "{n} expressions");
}

/// A xorshift generator, so that failures can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[(self.next() % from.len() as u64) as usize]
    }
}

fn capitalized(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// Tokens that are not words of the engine: digits of every length that matters, marks.
const OTHERS: &[&str] = &[
    "1",
    "5",
    "12",
    "29",
    "31",
    "90",
    "100",
    "250",
    "1990",
    "2024",
    "0800",
    "12345",
    "'",
    "\u{2019}",
    "\u{2018}",
    "-",
    "\u{2013}",
    "/",
    ".",
    ",",
    ":",
    "%",
    "(",
    ")",
    "$",
    "\"",
    "people",
    "Moscow",
    "xyz",
    "caf\u{e9}",
];

/// Every word of the engine (lowercase and capitalized) and the tokens above.
fn vocabulary() -> Vec<String> {
    let mut v: Vec<String> = LITERAL_WORDS.iter().map(|w| w.to_string()).collect();
    v.extend(LITERAL_WORDS.iter().map(|w| capitalized(w)));
    v.extend(OTHERS.iter().map(|w| w.to_string()));
    v
}

/// Random strings of the engine's words, digits and marks, some glued together: each word
/// meets many others in many positions, and any rule that starts on a word not listed as a
/// starter, or after "the", "a", "this" or a number on a word not listed as a follower,
/// shows up as a miss.
#[test]
fn random_texts_of_the_engines_words_give_the_same_expressions() {
    let vocab = vocabulary();
    let vocab: Vec<&str> = vocab.iter().map(String::as_str).collect();
    let heads = [
        "the", "The", "its", "a", "A", "an", "this", "This", "that", "new", "New", "5", "12",
        "250", "'",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for round in 0..4000 {
        let mut text = String::new();
        let n = (rng.next() % 10) as usize + 1;
        for k in 0..n {
            // Half the texts open on a starter narrowed by its follower.
            let w = if k == 0 && round % 2 == 0 {
                rng.pick(&heads)
            } else {
                rng.pick(&vocab)
            };
            if !rng.next().is_multiple_of(4) {
                text.push(' ');
            }
            text.push_str(w);
        }
        same_under_every_gate(&text);
    }
}

/// Every narrowed starter before every word of the engine, with a few endings: what may
/// follow "the", "a", "this" or a number is checked word by word, not left to chance.
#[test]
fn every_follower_of_a_narrowed_starter() {
    let vocab = vocabulary();
    let heads = [
        "the", "The", "its", "a", "an", "this", "This", "that", "New", "5", "31", "'",
    ];
    // What completes the patterns: a unit, "o'clock", a month and year, "ago", "end".
    let tails = ["", " days", " 'clock", " of May 2024", " year ago", " end"];
    for head in heads {
        for next in &vocab {
            for tail in tails {
                same_under_every_gate(&format!("In {head} {next}{tail}."));
            }
        }
    }
}

/// The shared corpora (`../shared/corpora` beside the project), when they are there.
fn corpus_texts() -> Option<Vec<(String, Option<NaiveDate>)>> {
    let root = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    let corpora = PathBuf::from(root).join("../../../shared/corpora");
    let (bbc, tempeval) = (corpora.join("text-bbc-news/bbc"), corpora.join("tempeval3"));
    if !bbc.is_dir() || !tempeval.is_dir() {
        eprintln!(
            "skip: {} or {} not found (the shared folder is not beside the project)",
            bbc.display(),
            tempeval.display()
        );
        return None;
    }
    fn txt_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for p in std::fs::read_dir(dir)
            .expect("corpus folder")
            .flatten()
            .map(|e| e.path())
        {
            if p.is_dir() {
                txt_files(&p, out);
            } else if p.extension().is_some_and(|e| e == "txt") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    txt_files(&bbc, &mut files);
    files.sort();
    // The BBC texts carry no date; one file holds a latin-1 byte.
    let bbc_anchor = NaiveDate::from_ymd_opt(2005, 3, 1);
    let mut texts: Vec<_> = files
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).expect("corpus file");
            (String::from_utf8_lossy(&bytes).into_owned(), bbc_anchor)
        })
        .collect();
    let docs = read_timeml_dir(&tempeval);
    assert!(
        files.len() > 1000 && docs.len() > 200,
        "{} {}",
        files.len(),
        docs.len()
    );
    texts.extend(docs.into_iter().map(|d| (d.text, d.anchor)));
    Some(texts)
}

#[test]
fn corpora_give_the_same_expressions_under_every_gate() {
    let Some(texts) = corpus_texts() else {
        return;
    };
    let (mut tokens, mut starters, mut literals, mut found) = (0, 0, 0, 0);
    for (text, anchor) in &texts {
        let ours = extract(text, *anchor);
        assert_eq!(ours, extract_gated(text, *anchor, Gate::Literals), "{text}");
        assert_eq!(ours, extract_gated(text, *anchor, Gate::Off), "{text}");
        let misses = gate_misses(text, *anchor);
        assert!(misses.is_empty(), "{misses:?} in {text}");
        let (t, s, l) = core_counts(text);
        (tokens, starters, literals) = (tokens + t, starters + s, literals + l);
        found += ours.len();
    }
    assert!(found > 10_000, "{found} expressions");
    let pct = |n: usize| 100.0 * n as f64 / tokens as f64;
    eprintln!(
        "{} texts, {tokens} tokens, {found} expressions; tokens that reach the families: \
         {starters} ({:.1}%) with the starters, {literals} ({:.1}%) with the literals",
        texts.len(),
        pct(starters),
        pct(literals)
    );
}
