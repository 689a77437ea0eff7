//! Unit tests with sentences written for this crate (no corpus text).

use chrono::NaiveDate;

use super::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

/// Anchor used by most tests: Tuesday 2025-07-29 (the seed's date).
fn anchor() -> Option<NaiveDate> {
    Some(d(2025, 7, 29))
}

/// (text, type, value) of every timex found.
fn found(text: &str, anchor: Option<NaiveDate>) -> Vec<(String, &'static str, String)> {
    extract(text, anchor)
        .into_iter()
        .map(|t| (t.text, t.timex_type.as_str(), t.value))
        .collect()
}

/// The single timex whose text is `expr`.
fn one(text: &str, expr: &str) -> Timex {
    let all = extract(text, anchor());
    all.iter()
        .find(|t| t.text == expr)
        .cloned()
        .unwrap_or_else(|| panic!("{expr:?} not found in {all:?}"))
}

fn value_of(text: &str, expr: &str) -> String {
    one(text, expr).value
}

#[test]
fn seed_expressions() {
    assert_eq!(
        value_of(
            "The ministry said Tuesday that the plan had stalled.",
            "Tuesday"
        ),
        "2025-07-29"
    );
    assert_eq!(
        value_of(
            "The envoys first met on Feb. 27 in a neutral city.",
            "Feb. 27"
        ),
        "2025-02-27"
    );
    assert_eq!(
        value_of(
            "A second round took place April 10, officials said.",
            "April 10"
        ),
        "2025-04-10"
    );
    let t = one(
        "Earlier in February, the two sides swapped notes.",
        "Earlier in February",
    );
    assert_eq!((t.value.as_str(), t.granularity), ("2025-02", "month"));
    let r = one(
        "Output fell between 2016 and 2018 before recovering.",
        "between 2016 and 2018",
    );
    assert_eq!(r.timex_type, TimexType::Duration);
    assert_eq!(
        (r.resolved_start, r.resolved_end),
        (Some(d(2016, 1, 1)), Some(d(2018, 12, 31)))
    );
    let t = one("He gave them 10 to 12 days to respond.", "10 to 12 days");
    assert_eq!(
        (t.timex_type, t.value.as_str()),
        (TimexType::Duration, "P10D")
    );
    let t = one("The law was passed in 2022 by a narrow vote.", "2022");
    assert_eq!((t.value.as_str(), t.granularity), ("2022", "year"));
}

#[test]
fn absolute_dates() {
    let a = anchor();
    assert_eq!(
        found("Signed July 29, 2025 in Geneva.", a)[0].2,
        "2025-07-29"
    );
    assert_eq!(
        found("Signed 29 July 2025 in Geneva.", a)[0].2,
        "2025-07-29"
    );
    assert_eq!(
        found("Signed on the 4th of July, 1999.", a)[0].2,
        "1999-07-04"
    );
    assert_eq!(
        found("Filed 2025-07-29T14:03 by the desk.", a)[0].2,
        "2025-07-29T14:03"
    );
    assert_eq!(found("Filed 7/29/2025 by the desk.", a)[0].2, "2025-07-29");
    assert_eq!(
        found("Prices peaked in March 2021 and fell.", a)[0].2,
        "2021-03"
    );
    assert_eq!(
        found("The record dates from Sept. 3, 1987.", a)[0].2,
        "1987-09-03"
    );
}

#[test]
fn relative_units() {
    let text = "Sales rose last week, the board meets next month, and profits grew this year.";
    let v: Vec<String> = found(text, anchor()).into_iter().map(|x| x.2).collect();
    assert_eq!(v, ["2025-W30", "2025-08", "2025"]);
    assert_eq!(
        value_of("The deal closed yesterday.", "yesterday"),
        "2025-07-28"
    );
    assert_eq!(
        value_of("Markets reopen tomorrow.", "tomorrow"),
        "2025-07-30"
    );
    assert_eq!(
        value_of("Crowds gathered last Friday.", "last Friday"),
        "2025-07-25"
    );
    assert_eq!(
        value_of("Talks resume next Monday.", "next Monday"),
        "2025-08-04"
    );
    assert_eq!(value_of("Snow fell last winter.", "last winter"), "2024-WI");
    assert_eq!(value_of("Rents climbed in the 1990s.", "the 1990s"), "199");
    assert_eq!(
        value_of("Factories shaped the 20th century.", "the 20th century"),
        "19"
    );
    assert_eq!(
        value_of("The war ended three years ago.", "three years ago"),
        "2022"
    );
}

#[test]
fn determiner_kept_preposition_dropped() {
    // "the last week" keeps its article; "on Thursday" drops the preposition.
    let t = one(
        "Prices have swung wildly over the last week.",
        "the last week",
    );
    assert_eq!(t.value, "2025-W30");
    let t = one("The vote was held on Thursday.", "Thursday");
    assert_eq!(t.value, "2025-07-24");
}

#[test]
fn bare_month_follows_tense() {
    // Past by default: September of last year when the anchor is July.
    assert_eq!(
        value_of("The factory closed in September.", "September"),
        "2024-09"
    );
    // Future marker: the coming September.
    assert_eq!(
        value_of("The factory will close in September.", "September"),
        "2025-09"
    );
    // A deadline looks forward.
    assert_eq!(value_of("Bids are due by December.", "December"), "2025-12");
    // Same month as the anchor stays in the anchor's year.
    assert_eq!(value_of("Exports slowed in July.", "July"), "2025-07");
}

#[test]
fn weekdays_follow_tense() {
    assert_eq!(
        value_of("The minister resigned Friday.", "Friday"),
        "2025-07-25"
    );
    assert_eq!(
        value_of("The minister will resign Friday.", "Friday"),
        "2025-08-01"
    );
}

#[test]
fn weekday_owning_an_event_is_past() {
    // The clause's "would" is about looking for ways, not about the ruling.
    assert_eq!(
        value_of(
            "Lawyers would look for ways around Wednesday's ruling.",
            "Wednesday"
        ),
        "2025-07-23"
    );
}

#[test]
fn pluperfect_deadline_is_past() {
    assert_eq!(
        value_of("The offer had been due to expire Friday.", "Friday"),
        "2025-07-25"
    );
    assert_eq!(
        value_of("The offer is due to expire Friday.", "Friday"),
        "2025-08-01"
    );
}

#[test]
fn bare_month_without_tense_is_the_nearest_one() {
    // Anchor 2025-07-29: September is five weeks ahead, not last year's.
    assert_eq!(
        value_of(
            "The shuttle flight in September carries two probes.",
            "September"
        ),
        "2025-09"
    );
    // Far ahead with no tense: last year's.
    assert_eq!(
        value_of("Sales in November rose by a tenth.", "November"),
        "2024-11"
    );
    assert_eq!(value_of("Sales fell in September.", "September"), "2024-09");
}

#[test]
fn the_quarter_in_an_earnings_story_is_the_last_completed_one() {
    // Anchor 2025-07-29: the quarter just reported is Q2, not the current Q3.
    assert_eq!(
        value_of(
            "Acme said operations had a loss of $5 million for the quarter.",
            "the quarter"
        ),
        "2025-Q2"
    );
}

#[test]
fn quarters_and_halves() {
    assert_eq!(
        value_of("Revenue in Q3 2024 beat forecasts.", "Q3 2024"),
        "2024-Q3"
    );
    assert_eq!(
        value_of("Revenue fell in the second quarter.", "the second quarter"),
        "2025-Q2"
    );
    assert_eq!(
        value_of("Revenue fell in the fourth quarter.", "the fourth quarter"),
        "2024-Q4"
    );
    assert_eq!(
        value_of("Its third-quarter profit will rise.", "third-quarter"),
        "2025-Q3"
    );
    assert_eq!(
        value_of(
            "Hiring slowed in the first half of 2023.",
            "the first half of 2023"
        ),
        "2023-H1"
    );
}

#[test]
fn times() {
    let t = one("The envoy spoke this morning to reporters.", "this morning");
    assert_eq!(
        (t.timex_type, t.value.as_str()),
        (TimexType::Time, "2025-07-29TMO")
    );
    let t = one(
        "The summit opens at 2 p.m. Moscow time on the coast.",
        "2 p.m. Moscow time",
    );
    assert_eq!(
        (t.timex_type, t.value.as_str()),
        (TimexType::Time, "2025-07-29T14:00")
    );
    assert_eq!(
        value_of("Trading halted at 10:45 a.m. EDT.", "10:45 a.m. EDT"),
        "2025-07-29T10:45"
    );
    assert_eq!(
        value_of("The polls close at 18:00 UTC.", "18:00 UTC"),
        "2025-07-29T18:00Z"
    );
}

#[test]
fn durations() {
    assert_eq!(
        value_of(
            "Prices doubled over the past two years.",
            "the past two years"
        ),
        "P2Y"
    );
    assert_eq!(
        value_of("They signed a five-year lease.", "five-year"),
        "P5Y"
    );
    assert_eq!(
        value_of("Repairs took several weeks.", "several weeks"),
        "PXW"
    );
    assert_eq!(
        value_of(
            "The flight lasted two and a half hours.",
            "two and a half hours"
        ),
        "PT2H30M"
    );
    assert_eq!(
        value_of("She waited for nearly 18 months.", "nearly 18 months"),
        "P18M"
    );
    // ages are not durations
    assert!(found("A 37-year-old driver was hurt.", anchor()).is_empty());
}

#[test]
fn sets() {
    let t = one("The council meets weekly in the town hall.", "weekly");
    assert_eq!((t.timex_type, t.value.as_str()), (TimexType::Set, "P1W"));
    assert_eq!(
        value_of("The market opens every Monday.", "every Monday"),
        "XXXX-WXX-1"
    );
    assert_eq!(
        value_of("Fees rise 3% a year under the deal.", "a year"),
        "P1Y"
    );
    assert_eq!(
        one("Fees rise 3% a year under the deal.", "a year").timex_type,
        TimexType::Set
    );
}

#[test]
fn vague_references() {
    assert_eq!(
        value_of("Now the rules are different.", "Now"),
        "PRESENT_REF"
    );
    assert_eq!(
        value_of("The firm recently cut jobs.", "recently"),
        "PAST_REF"
    );
    assert_eq!(
        value_of("Costs may rise in the future.", "the future"),
        "FUTURE_REF"
    );
}

#[test]
fn without_anchor_only_absolute_values_resolve() {
    let all = extract(
        "On Tuesday the court cited a ruling from May 3, 2001 and last year's data.",
        None,
    );
    let tue = all.iter().find(|t| t.text == "Tuesday").unwrap();
    assert_eq!(
        (tue.value.as_str(), tue.resolved_start),
        ("XXXX-WXX-2", None)
    );
    let abs = all.iter().find(|t| t.text == "May 3, 2001").unwrap();
    assert_eq!(abs.resolved_start, Some(d(2001, 5, 3)));
    let ly = all.iter().find(|t| t.text == "last year").unwrap();
    assert_eq!(
        (ly.value.as_str(), ly.resolved_start, ly.granularity),
        ("XXXX", None, "year")
    );
    assert_eq!(tue.granularity, "day");
}

#[test]
fn offsets_are_code_points() {
    let text = "Ça a coûté 5 € — le 3 mars? No: on March 3, 2020.";
    let t = extract(text, anchor())
        .into_iter()
        .find(|t| t.value == "2020-03-03")
        .unwrap();
    let sub: String = text.chars().skip(t.start).take(t.end - t.start).collect();
    assert_eq!(sub, "March 3, 2020");
}

#[test]
fn not_dates() {
    // modal "may", quantities and titles are not timexes
    assert!(
        found("Officials may decide soon.", anchor())
            .iter()
            .all(|x| x.0 != "may")
    );
    assert!(found("The company sold 2000 shares.", anchor()).is_empty());
    assert!(found("It cost $1999 to fix.", anchor()).is_empty());
    assert!(
        found("He appeared on 60 Minutes last night.", anchor())
            .iter()
            .all(|x| x.0 != "60 Minutes")
    );
}

#[test]
fn publication_dates() {
    let p = parse_publication_date("2025-07-29T14:03:00+03:00").unwrap();
    assert_eq!(p.date, d(2025, 7, 29));
    assert_eq!(p.time.map(|t| t.to_string()), Some("14:03:00".into()));
    assert_eq!(
        (p.utc_offset_minutes, p.precision),
        (Some(180), DatePrecision::Second)
    );
    let p = parse_publication_date("July 29, 2025").unwrap();
    assert_eq!(
        (p.date, p.precision, p.time),
        (d(2025, 7, 29), DatePrecision::Day, None)
    );
    let p = parse_publication_date("29 July 2025").unwrap();
    assert_eq!(p.date, d(2025, 7, 29));
    let p = parse_publication_date("Updated: Tue, 29 Jul 2025 2:03 PM EDT").unwrap();
    assert_eq!(p.date, d(2025, 7, 29));
    assert_eq!(p.time.map(|t| t.to_string()), Some("14:03:00".into()));
    assert_eq!(
        (p.utc_offset_minutes, p.precision),
        (Some(-240), DatePrecision::Minute)
    );
    let p = parse_publication_date("Published 2025-07-29 09:15Z").unwrap();
    assert_eq!(p.utc_offset_minutes, Some(0));
    let p = parse_publication_date("Posted 29.07.2025 | 18:40").unwrap();
    assert_eq!(p.date, d(2025, 7, 29));
    assert_eq!(
        parse_publication_date("07/29/2025").unwrap().date,
        d(2025, 7, 29)
    );
    assert_eq!(
        parse_publication_date("July 2025").unwrap().precision,
        DatePrecision::Month
    );
    assert!(parse_publication_date("no date here").is_none());
}

#[test]
fn bounds_of_values() {
    assert_eq!(
        bounds("2025-W31"),
        (Some(d(2025, 7, 28)), Some(d(2025, 8, 3)), "week")
    );
    assert_eq!(
        bounds("2024-Q3"),
        (Some(d(2024, 7, 1)), Some(d(2024, 9, 30)), "quarter")
    );
    assert_eq!(
        bounds("2025-02"),
        (Some(d(2025, 2, 1)), Some(d(2025, 2, 28)), "month")
    );
    assert_eq!(
        bounds("199"),
        (Some(d(1990, 1, 1)), Some(d(1999, 12, 31)), "decade")
    );
    assert_eq!(bounds("P3D"), (None, None, "none"));
    assert_eq!(bounds("PAST_REF"), (None, None, "none"));
}

#[test]
fn timeml_reader_and_scorer() {
    let tml = r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2001-05-04" functionInDocument="CREATION_TIME">x</TIMEX3></DCT>
<TEXT>Rain fell on <TIMEX3 tid="t1" type="DATE" value="2001-05-01">Tuesday</TIMEX3> &amp; stopped <TIMEX3 tid="t2" type="DATE" value="PRESENT_REF">now</TIMEX3>.</TEXT></TimeML>"#;
    let doc = eval::parse_timeml("t", tml);
    assert_eq!(doc.anchor, Some(d(2001, 5, 4)));
    assert_eq!(doc.text, "Rain fell on Tuesday & stopped now.");
    assert_eq!((doc.gold[0].start, doc.gold[0].end), (13, 20));
    let mut report = eval::Report::default();
    eval::score_doc(&doc, &extract(&doc.text, doc.anchor), &mut report);
    assert_eq!(
        (
            report.gold,
            report.system,
            report.strict_tp,
            report.value_ok
        ),
        (2, 2, 2, 2)
    );
}

#[test]
fn random_trigger_soup_never_panics_and_spans_are_consistent() {
    // Deterministic pseudo-random sentences built from trigger words,
    // numbers and punctuation: exercises every rule's look-ahead and
    // look-behind at text boundaries.
    const WORDS: &[&str] = &[
        "the",
        "last",
        "next",
        "this",
        "past",
        "a",
        "an",
        "year",
        "years",
        "week",
        "month",
        "quarter",
        "day",
        "days",
        "ago",
        "earlier",
        "later",
        "May",
        "March",
        "Feb",
        ".",
        ",",
        "-",
        "'",
        "s",
        "1990",
        "2025",
        "12",
        "3",
        "1/2",
        "first",
        "third",
        "half",
        "of",
        "between",
        "and",
        "from",
        "to",
        "Tuesday",
        "night",
        "morning",
        "p",
        "m",
        "a.m.",
        ":",
        "30",
        "UTC",
        "early",
        "mid",
        "the end of",
        "every",
        "each",
        "per",
        "%",
        "$",
        "fiscal",
        "Q",
        "q3",
        "twenty",
        "four",
        "nineteen",
        "ninety",
        "-six",
        "now",
        "recent",
        "the same",
        "period",
        "by",
        "until",
        "will",
        "said",
        "\u{2019}",
        "\n",
        "year-end",
        "thousand",
        "two",
        "or so",
        "over",
        "nearly",
        "more than",
        "The",
        "week of",
    ];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let n = (next() % 12) as usize + 1;
        let mut text = String::new();
        for _ in 0..n {
            let w = WORDS[(next() % WORDS.len() as u64) as usize];
            if next() % 3 != 0 {
                text.push(' ');
            }
            text.push_str(w);
        }
        for anchor in [anchor(), None] {
            for t in extract(&text, anchor) {
                assert!(
                    t.start < t.end && t.end <= text.chars().count(),
                    "{text:?} {t:?}"
                );
                let sub: String = text.chars().skip(t.start).take(t.end - t.start).collect();
                assert_eq!(sub, t.text, "{text:?}");
            }
        }
    }
}

/// `LITERAL_WORDS` (the words of the engine, which the scanner's lists of starters
/// must name only from) must be sorted and hold every lowercase word written as a
/// string literal in the recognizers and tables.
#[test]
fn literal_words_cover_the_sources() {
    use super::lexicon::{LITERAL_WORDS, maybe_literal};
    assert!(LITERAL_WORDS.windows(2).all(|w| w[0] < w[1]));
    assert!(LITERAL_WORDS.iter().all(|w| maybe_literal(w)));
    // Every file of the engine, so that a new family's file is covered too. The folder as
    // `cargo test` names it when it runs the test: a test binary built in another checkout
    // of the same sources, sharing the target folder, is not rebuilt here, and the folder
    // it was compiled with may be gone.
    let root = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    let dir = format!("{root}/src");
    let mut files: Vec<_> = std::fs::read_dir(format!("{dir}/engine"))
        .expect("engine folder")
        .map(|e| e.expect("engine file").path())
        .collect();
    assert!(files.len() > 1, "{files:?}");
    files.push(format!("{dir}/lexicon.rs").into());
    for path in files {
        let src = std::fs::read_to_string(&path).expect("source file");
        let src = src.as_str();
        let b = src.as_bytes();
        for (q, _) in src.match_indices('"') {
            let n = b[q + 1..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase())
                .count();
            if n > 0 && b.get(q + 1 + n) == Some(&b'"') {
                let w = &src[q + 1..q + 1 + n];
                assert!(LITERAL_WORDS.binary_search(&w).is_ok(), "{w} missing");
            }
        }
    }
}

#[test]
fn first_century_is_the_years_1_to_100() {
    let t = one("Christianity spread in the 1st century.", "the 1st century");
    assert_eq!(t.value, "00");
    assert_eq!(
        (t.resolved_start, t.resolved_end, t.granularity),
        (Some(d(1, 1, 1)), Some(d(100, 12, 31)), "century")
    );
    let t = one("Factories shaped the 20th century.", "the 20th century");
    assert_eq!(
        (t.resolved_start, t.resolved_end),
        (Some(d(1901, 1, 1)), Some(d(2000, 12, 31)))
    );
}

#[test]
fn bounds_stay_within_the_years_1_to_9999() {
    assert_eq!(bounds("0000"), (None, None, "year"));
    assert_eq!(bounds("0000-03-01"), (None, None, "day"));
    assert_eq!(
        bounds("000"),
        (Some(d(1, 1, 1)), Some(d(9, 12, 31)), "decade")
    );
    assert_eq!(
        bounds("99"),
        (Some(d(9901, 1, 1)), Some(d(9999, 12, 31)), "century")
    );
    assert_eq!(bounds("12025-01-01"), (None, None, "day"));
    // Whatever the text and the anchor, no bound leaves the years every reader can hold.
    let texts = [
        "It began three years ago and ends in ten years, said the 1st century historian.",
        "The vault was sealed 100 centuries ago and opens 100 centuries later.",
        "Next week, last year, the next decade and 3,000,000 days from now.",
    ];
    for anchor in [d(1, 1, 1), d(2, 6, 30), d(9999, 12, 31), d(2025, 7, 29)] {
        for text in texts {
            for t in extract(text, Some(anchor)) {
                for day in [t.resolved_start, t.resolved_end].into_iter().flatten() {
                    assert!(
                        (d(1, 1, 1)..=d(9999, 12, 31)).contains(&day),
                        "{t:?} at anchor {anchor}"
                    );
                }
            }
        }
    }
}

#[test]
fn years_and_centuries_before_christ_are_not_ad_dates() {
    let texts = [
        "Rome was founded in the 8th century BC.",
        "The temple dates from 1200 BC, the guide said.",
        "It was built in the 3rd century B.C. by settlers.",
    ];
    for text in texts {
        assert!(
            extract(text, anchor())
                .iter()
                .all(|t| t.resolved_start.is_none()),
            "{text}: {:?}",
            extract(text, anchor())
        );
    }
    assert_eq!(
        value_of("It was built in 1200 AD by settlers.", "1200"),
        "1200"
    );
}

#[test]
fn day_first_dotted_dates() {
    assert_eq!(
        value_of("Die Sitzung am 31.01.2022 wurde vertagt.", "31.01.2022"),
        "2022-01-31"
    );
    assert_eq!(
        value_of("Stand: 1.2.2021, 10 Uhr", "1.2.2021"),
        "2021-02-01"
    );
    // A version number or an impossible day is no date.
    assert!(found("Version 1.2.2021.5 is out.", anchor()).is_empty());
    assert!(
        found("Am 31.02.2022 nicht.", anchor())
            .iter()
            .all(|(t, _, _)| t != "31.02.2022")
    );
}

#[test]
fn digits_only_extraction_keeps_no_spelled_out_words() {
    let text = "Seit 2019 demonstrieren Fridays for Future im November, zuletzt am 31.01.2022.";
    let kept: Vec<String> = extract_written_in_digits(text, anchor())
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert_eq!(kept, ["2019", "31.01.2022"]);
    assert!(covers_language("en") && !covers_language("de"));
}

#[test]
fn numbers_with_thousands_commas_are_read_whole() {
    let t = one("The town was founded 2,000 years ago.", "2,000 years ago");
    assert_eq!(t.value, "0025");
    let t = one("The ice formed 10,000 years ago.", "10,000 years ago");
    assert_eq!((t.value.as_str(), t.resolved_start), ("-7975", None));
    assert_eq!(
        value_of("The loan runs for 1,000 days.", "1,000 days"),
        "P1000D"
    );
    // No expression starts inside the number.
    assert!(
        extract("Some 3,000 people and 10,000 years.", anchor())
            .iter()
            .all(|t| !t.text.starts_with("000"))
    );
}

/// An undated article: "the week of March 6" has no year to find the week in. It used to
/// panic (a day's bounds were taken for granted) and stop the whole run; the day is found.
#[test]
fn week_of_a_day_in_an_undated_text_finds_the_day() {
    let found = extract("The week of March 6 was busy.", None);
    assert_eq!(
        found.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
        ["March 6"],
        "{found:?}"
    );
    assert_eq!(found[0].value, "XXXX-03-06");
    let dated = one("The week of March 6 was busy.", "The week of March 6");
    assert_eq!(dated.value, "2025-W10");
}
