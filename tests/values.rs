//! End-to-end tests of the values newsprint writes, whatever the text says: date bounds every
//! reader can load, publication dates that are dates, the publisher's own day, and the
//! English-only tagger and date rules kept to the languages they know.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::by_file;

use chrono::NaiveDate;
use newsprint::model::{Article, DateMention, EntityMention};
use newsprint::parquet_io::read_table;

/// `newsprint run --input INPUT --output OUT -q`, which must succeed; the output folder.
fn run_input(input: &Path, out: &Path) -> PathBuf {
    let result = Command::new(env!("CARGO_BIN_EXE_newsprint"))
        .args(["run", "--input"])
        .arg(input)
        .arg("--output")
        .arg(out)
        .arg("-q")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run newsprint");
    assert!(
        result.status.success(),
        "newsprint failed:\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    out.to_owned()
}

fn day(y: i32, m: u32, d: u32) -> i32 {
    let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
    (date - NaiveDate::default()).num_days() as i32
}

const BODY: &str = "The council said on Tuesday that it would keep the ferry running for another year, \
    despite warnings about the cost. Residents of the island wrote to their councillors, and the \
    harbour master said that the crossing had carried passengers since 1952.";

#[test]
fn first_century_and_year_zero_dates_stay_within_the_years_every_reader_holds() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let body = "Christianity spread in the 1st century, historians said. The vault was sealed 100 \
        centuries ago and opens 100 centuries later, the council said on Tuesday.";
    for (i, date_line) in ["0000-01-01", "Fri Apr 28 19:20:36 CEST 99999", "0002-06-01"]
        .iter()
        .enumerate()
    {
        std::fs::write(
            input.join(format!("{i}.txt")),
            format!("Dates no reader can hold, case {i}\n{date_line}\n\n{body} Case {i}.\n"),
        )
        .unwrap();
    }
    let out = run_input(&input, &tmp.path().join("out"));
    let dates: Vec<DateMention> = read_table(&out.join("dates")).unwrap();
    let century: Vec<_> = dates
        .iter()
        .filter(|d| d.text == "the 1st century")
        .map(|d| (d.value.as_str(), d.resolved_start, d.resolved_end))
        .collect();
    assert_eq!(century.len(), 3);
    assert!(
        century
            .iter()
            .all(|c| *c == ("00", Some(day(1, 1, 1)), Some(day(100, 12, 31))))
    );
    let readable = day(1, 1, 1)..=day(9999, 12, 31);
    for d in &dates {
        for bound in [d.resolved_start, d.resolved_end, d.anchor_date]
            .into_iter()
            .flatten()
        {
            assert!(readable.contains(&bound), "{d:?}");
        }
    }
    let articles: Vec<Article> = read_table(&out.join("articles")).unwrap();
    assert_eq!(by_file(&articles, "0.txt").published_date, None);
    assert_eq!(by_file(&articles, "1.txt").published_date, None);
    assert_eq!(
        by_file(&articles, "2.txt").published_date,
        Some(day(2, 6, 1))
    );
}

#[test]
fn copyright_line_and_class_name_years_are_not_publication_dates() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, furniture) in [
        (
            "copyright.html",
            "<footer><p>\u{a9} 1998 The Island Gazette. All rights reserved.</p></footer>",
        ),
        (
            "mathjax.html",
            r#"<p>The fare formula: <span class="mjx-c2026"></span><span class="MJX-TEX mjx-c2026">…</span> each term with its own weight.</p>"#,
        ),
    ] {
        std::fs::write(
            input.join(name),
            format!(
                "<html><head><title>Ferry kept for {name}</title></head><body><article>\
                 <h1>Ferry kept for {name}</h1><p>{BODY}</p><p>{BODY}</p>{furniture}</article></body></html>"
            ),
        )
        .unwrap();
    }
    let out = run_input(&input, &tmp.path().join("out"));
    let articles: Vec<Article> = read_table(&out.join("articles")).unwrap();
    for name in ["copyright.html", "mathjax.html"] {
        let a = by_file(&articles, name);
        assert_eq!(
            (a.published_date, a.published_precision.as_deref()),
            (None, None),
            "{name}"
        );
    }
}

#[test]
fn published_date_is_the_day_in_the_publishers_own_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let raw = "Sat, 19 Oct 2019 00:04:00 +0200";
    std::fs::write(
        input.join("dump.txt"),
        format!("Ferry kept for another year\n{raw}\n\n{BODY}\n"),
    )
    .unwrap();
    std::fs::write(
        input.join("feed.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Gazette</title>\
             <link>https://gazette.example/</link><item><title>Ferry kept, the feed says</title>\
             <link>https://gazette.example/ferry</link><pubDate>{raw}</pubDate>\
             <description>{BODY} From the feed.</description></item></channel></rss>\n"
        ),
    )
    .unwrap();
    std::fs::write(
        input.join("page.html"),
        format!(
            "<html><head><title>Ferry kept, the page says</title>\
             <meta property=\"article:published_time\" content=\"{raw}\"></head><body><article>\
             <h1>Ferry kept, the page says</h1><p>{BODY}</p><p>{BODY} From the page.</p></article></body></html>"
        ),
    )
    .unwrap();
    let out = run_input(&input, &tmp.path().join("out"));
    let articles: Vec<Article> = read_table(&out.join("articles")).unwrap();
    let utc = chrono::DateTime::parse_from_rfc3339("2019-10-18T22:04:00Z")
        .unwrap()
        .timestamp_micros();
    for name in ["dump.txt", "feed.xml", "page.html"] {
        let a = by_file(&articles, name);
        assert_eq!(a.published_date, Some(day(2019, 10, 19)), "{name}");
        assert_eq!(a.published_at, Some(utc), "{name}");
        assert_eq!(a.published_tz_offset_min, Some(120), "{name}");
    }
}

#[test]
fn german_article_gets_no_names_from_the_english_tagger_and_only_dates_in_digits() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("de.txt"),
        "Bundestag beschließt das Gesetz\n\nDer Bundestag hat am Montag das Gesetz beschlossen. Das Gesetz sei ein wichtiger Schritt \
         für die Stadt Köln und für das ganze Land, sagte die Ministerin am 31.01.2022 in Berlin. \
         Die Abgeordneten der Opposition hatten sich über die Kosten beschwert, die nach ihrer \
         Rechnung bis 2030 auf mehrere Milliarden Euro steigen werden. Seit 2019 demonstrieren \
         die Schüler von Fridays for Future jeden Freitag, im November und im August auch vor \
         dem Rathaus. Die Ministerin sagte, die Regierung werde die Pläne nicht ändern, und der \
         Rat der Stadt werde im nächsten Jahr erneut über die Fähre und den Hafen beraten.\n",
    )
    .unwrap();
    std::fs::write(
        input.join("en.txt"),
        "Bundestag passes the law\n\nChancellor Olaf Scholz said on Monday in Berlin that the law passed by the Bundestag was \
         an important step for the city of Cologne and for the whole country, and that the \
         government would not change its plans. Members of the opposition had complained about \
         the cost, which they said would rise to several billion euros by 2030. Angela Merkel \
         backed the plan in November, and the council will discuss the ferry and the harbour \
         again next year, the minister said.\n",
    )
    .unwrap();
    let out = run_input(&input, &tmp.path().join("out"));
    let articles: Vec<Article> = read_table(&out.join("articles")).unwrap();
    let (de, en) = (by_file(&articles, "de.txt"), by_file(&articles, "en.txt"));
    assert_eq!(
        (de.language.as_deref(), en.language.as_deref()),
        (Some("de"), Some("en"))
    );
    let mentions: Vec<EntityMention> = read_table(&out.join("mentions")).unwrap();
    let names_of = |a: &Article| -> Vec<String> {
        mentions
            .iter()
            .filter(|m| m.article_id == a.article_id)
            .map(|m| m.text.clone())
            .collect()
    };
    assert!(names_of(de).is_empty(), "{:?}", names_of(de));
    assert!(names_of(en).iter().any(|n| n == "Olaf Scholz"));
    let dates: Vec<DateMention> = read_table(&out.join("dates")).unwrap();
    let dates_of = |a: &Article| -> Vec<String> {
        dates
            .iter()
            .filter(|d| d.article_id == a.article_id)
            .map(|d| d.text.clone())
            .collect()
    };
    assert_eq!(dates_of(de), ["31.01.2022", "2030", "2019"]);
    assert!(dates_of(en).iter().any(|t| t == "November"));
    // What was held back is said, by language, in the dataset's manifest.
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("_manifest.json")).unwrap())
            .unwrap();
    assert_eq!(
        manifest["entities_skipped_by_language"],
        serde_json::json!({"de": 1})
    );
    assert_eq!(
        manifest["dates_digits_only_by_language"],
        serde_json::json!({"de": 1})
    );
    assert_eq!(
        manifest["quotes_skipped_by_language"],
        serde_json::json!({"de": 1})
    );
}
