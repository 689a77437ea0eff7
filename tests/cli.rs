//! End-to-end tests of the `newsprint` command on the team's fixtures. The few that read the
//! shared corpora or the shared seed skip with a message when `../shared` is not beside the
//! checkout (or `NEWSPRINT_SHARED` points elsewhere), so a bare clone passes.

mod common;

use std::path::{Path, PathBuf};

use common::{
    SEED_LIKE, articles, by_file, fixtures, newsprint_threads, parquet_bytes, path_str, run_input,
    run_ok, shared,
};
use newsprint::model::{Article, ArticleEntity, DateMention, EntityMention, Link, Reject};
use newsprint::parquet_io::read_table;

/// A pipeline file in `dir` from `input` to `out`, with one `[parse]` setting.
fn write_pipeline(dir: &Path, out: &Path, input: &Path, parse_setting: &str) -> PathBuf {
    let pipeline = dir.join("p.toml");
    std::fs::write(
        &pipeline,
        format!(
            "[dataset]\ndir = \"{}\"\n[input]\npaths = [\"{}\"]\n[parse]\n{parse_setting}\n",
            path_str(out),
            path_str(input)
        ),
    )
    .unwrap();
    pipeline
}

#[test]
fn fixtures_every_input_is_an_article_a_duplicate_or_a_reject() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let fx = fixtures();
    let stdout = run_input(&fx, &out);
    assert!(stdout.contains("articles"), "{stdout}");
    let articles = articles(&out);
    let rejects: Vec<Reject> = read_table(&out.join("rejects")).unwrap();
    let files = walkdir::WalkDir::new(&fx)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name() != "README.md")
        .count();
    // One record per file, but the sample crawl holds 11 WARC records, the sample export
    // 8 JSON lines (scripts/make-sample-archives.py) and the sample feed 3 items.
    let records = files - 3 + 11 + 8 + 3;
    assert_eq!(articles.len() + rejects.len(), records);
    let mut reasons: Vec<(String, String)> = rejects
        .iter()
        .map(|r| (r.source_file.clone(), r.reason.clone()))
        .collect();
    reasons.sort();
    let mut expected: Vec<(String, String)> = [
        ("broken/article.html.gz", "corrupt_compression"),
        ("broken/empty.txt", "empty"),
        ("broken/headline_only.txt", "no_body"),
        ("broken/no_body.html", "no_main_text"),
        ("broken/photo.txt", "binary"),
        ("broken/truncated.warc", "truncated"),
        ("broken/whitespace.txt", "empty"),
        ("feeds/ozersk-vesti-koi8r.xml", "no_text"),
        ("jsonl/sample-export.jsonl", "bad_json"),
        ("jsonl/sample-export.jsonl", "no_text"),
        ("warc/sample-crawl.warc.gz", "http_status"),
        ("warc/sample-crawl.warc.gz", "not_html"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()))
    .to_vec();
    expected.extend(std::iter::repeat_n(
        (
            "warc/sample-crawl.warc.gz".to_owned(),
            "not_response".to_owned(),
        ),
        5,
    ));
    expected.sort();
    assert_eq!(reasons, expected);
    // 006 and 018 share a canonical URL: the later one is flagged, not dropped.
    let by_file = |f: &str| by_file(&articles, f);
    let first = by_file("006_47f37ae8b12b007f.txt");
    let second = by_file("018_328c5b70e229faa6.txt");
    assert!(!first.is_duplicate);
    assert!(second.is_duplicate);
    assert_eq!(
        second.duplicate_of.as_deref(),
        Some(first.article_id.as_str())
    );
    let manifest = std::fs::read_to_string(out.join("_manifest.json")).unwrap();
    // The sample crawl and export hold copies of fixture pages: flagged like any duplicate.
    let flagged = articles.iter().filter(|a| a.is_duplicate).count();
    assert!(
        manifest.contains(&format!("\"duplicates\": {flagged}")),
        "{manifest}"
    );
}

#[test]
fn warc_and_jsonl_records_keep_their_provenance() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let fx = fixtures();
    run_ok(&[
        "run",
        "--input",
        path_str(&fx.join("warc")),
        path_str(&fx.join("jsonl")),
        "--output",
        path_str(&out),
        "-q",
    ]);
    let articles = articles(&out);
    let warc: Vec<&Article> = articles
        .iter()
        .filter(|a| a.source_format == "warc")
        .collect();
    assert_eq!(warc.len(), 4);
    let archive = std::fs::read(fx.join("warc/sample-crawl.warc.gz")).unwrap();
    for a in &warc {
        assert!(
            a.warc_record_id
                .as_deref()
                .unwrap()
                .starts_with("<urn:uuid:")
        );
        assert_eq!(a.fetched_at, Some(1_741_168_800_000_000)); // 2025-03-05T10:00:00Z
        assert!(a.url.as_deref().unwrap().starts_with("https://"));
        // The offset is where the record's gzip member starts: a user can cut it out.
        let offset = a.source_offset.unwrap() as usize;
        let mut member = Vec::new();
        use std::io::Read;
        flate2::read::GzDecoder::new(&archive[offset..])
            .read_to_end(&mut member)
            .unwrap();
        let head = String::from_utf8_lossy(&member[..200]);
        assert!(head.starts_with("WARC/1.0"), "{head}");
        assert!(head.contains(a.warc_record_id.as_deref().unwrap()));
    }
    let cp1252 = warc
        .iter()
        .find(|a| a.charset_declared.as_deref() == Some("windows-1252"))
        .unwrap();
    assert!(
        cp1252.text.contains("crème brûlée")
            || cp1252.title.as_deref().unwrap_or("").contains("Zürich")
    );

    let jsonl: Vec<&Article> = articles
        .iter()
        .filter(|a| a.source_format == "jsonl")
        .collect();
    assert_eq!(jsonl.len(), 6);
    assert!(
        jsonl
            .iter()
            .all(|a| a.url.is_some() && a.published_at.is_some() && a.title.is_some())
    );
    assert!(
        jsonl
            .iter()
            .any(|a| a.authors == ["Desk Reporter", "Second Writer"])
    );
    assert!(jsonl.iter().any(|a| a.authors == ["Desk Reporter"]));
    assert!(jsonl.iter().all(|a| a.source_record >= 1));
    // An export's date field is the producer's metadata.
    assert!(
        jsonl
            .iter()
            .all(|a| a.published_source.as_deref() == Some("meta"))
    );
}

#[test]
fn fixtures_formats_charsets_and_captions() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    run_ok(&[
        "run",
        "--input",
        path_str(&fixtures()),
        "--output",
        path_str(&out),
        "-q",
    ]);
    let articles = articles(&out);
    let by_file = |f: &str| by_file(&articles, f);

    let latin1 = by_file("cafe-fine-latin1.txt");
    assert_eq!(latin1.source_format, "plain_text");
    assert_eq!(
        latin1.title.as_deref(),
        Some("Café owner fined £2,500 over outdoor seating")
    );
    assert_ne!(latin1.charset_used.as_deref(), Some("utf-8"));

    let cp1252 = by_file("borough-chronicle_zurich-patissiere.html");
    assert_eq!(cp1252.source_format, "html");
    assert_eq!(cp1252.charset_declared.as_deref(), Some("windows-1252"));
    assert!(
        cp1252
            .title
            .as_deref()
            .unwrap()
            .starts_with("Zürich pâtissière")
    );
    assert_eq!(cp1252.published_tz_offset_min, Some(60));
    assert_eq!(cp1252.published_source.as_deref(), Some("meta"));
    assert_eq!(cp1252.section.as_deref(), Some("Food & Drink"));
    assert_eq!(cp1252.authors, ["Théo Lambert"]);

    let dump = by_file("000_464cbad1ab1197de.txt");
    assert_eq!(dump.image_caption.as_deref(), Some("Mayor Ana Lindqvist."));
    assert_eq!(dump.image_credit.as_deref(), Some("city-press.example"));
    assert_eq!(
        dump.related_titles,
        ["Nordspår to Review Passenger Services on Coastal Line"]
    );
    assert_eq!(
        dump.text.split("\n\n").count(),
        10,
        "split paragraph repaired"
    );
    assert!(dump.text.contains("may decide to close some of them"));

    // 11 KB of PHP warnings before the doctype: still a page.
    let warned = by_file("lakeside-ledger_seed-bank-php-warnings.html");
    assert_eq!(warned.source_format, "html");
    assert_eq!(
        warned.title.as_deref(),
        Some("Library opens a seed bank for gardeners")
    );
    assert_eq!(warned.authors, ["Petra Lindgren"]);

    // A KOI8-R feed: one article per item with text, read in the prolog's charset.
    let items: Vec<&Article> = articles
        .iter()
        .filter(|a| a.source_file == "feeds/ozersk-vesti-koi8r.xml")
        .collect();
    assert_eq!(items.len(), 2);
    let ferry = items.iter().find(|a| a.source_record == 0).unwrap();
    assert_eq!(ferry.source_format, "feed");
    assert_eq!(ferry.charset_declared.as_deref(), Some("koi8-r"));
    assert_eq!(ferry.charset_used.as_deref(), Some("koi8-r"));
    assert_eq!(
        ferry.title.as_deref(),
        Some("Паром на Ольхон будет ходить всю зиму")
    );
    assert_eq!(ferry.text.split("\n\n").count(), 2);
    assert!(
        ferry.text.contains("не изменится & расписание"),
        "{}",
        ferry.text
    );
    assert_eq!(ferry.authors, ["Анна Соколова"]);
    assert_eq!(ferry.tags, ["Транспорт"]);
    assert_eq!(ferry.site_name.as_deref(), Some("Вести Озёрска"));
    assert_eq!(ferry.language.as_deref(), Some("ru"));
    assert_eq!(ferry.published_source.as_deref(), Some("feed"));
    assert_eq!(ferry.published_tz_offset_min, Some(180));
    assert_eq!(ferry.published_at, Some(1_762_237_800_000_000)); // 2025-11-04T06:30:00Z
    assert_eq!(
        ferry.url.as_deref(),
        Some("https://ozersk-vesti.example/2025/11/04/parom")
    );

    let updated = by_file("018_328c5b70e229faa6.txt");
    assert_eq!(updated.published_precision.as_deref(), Some("minute"));
    assert_eq!(updated.published_at, Some(1_741_857_300_000_000)); // 2025-03-13T09:15:00Z
}

#[test]
fn seed_article_has_the_documented_values() {
    let Some(shared) = shared() else { return };
    let seed = shared.join("seeds/000_6dbaf81a952dee8b.txt");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    run_ok(&[
        "run",
        "--input",
        path_str(&seed),
        "--output",
        path_str(&out),
        "-q",
    ]);
    let a = &articles(&out)[0];
    assert_eq!(
        a.title.as_deref(),
        Some("Kremlin Says Russia-U.S. Diplomatic Talks ‘Going Nowhere Fast’")
    );
    assert_eq!(a.published_date, Some(20298)); // 2025-07-29
    assert_eq!(a.published_precision.as_deref(), Some("day"));
    assert_eq!(
        a.url.as_deref(),
        Some(
            "https://www.themoscowtimes.com/2025/07/29/kremlin-says-russia-us-diplomatic-talks-going-nowhere-fast-a90009"
        )
    );
    assert_eq!(a.source_domain.as_deref(), Some("themoscowtimes.com"));
    assert_eq!(
        a.image_caption.as_deref(),
        Some("Kremlin spokesman Dmitry Peskov.")
    );
    assert_eq!(a.image_credit.as_deref(), Some("kremlin.ru"));
    assert_eq!(
        a.related_titles,
        ["Trump Says Russia Has Just 10-12 Days to End War Against Ukraine"]
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert!(a.text.starts_with("The Kremlin said Tuesday that talks"));
    assert!(a.text.contains("he may impose secondary tariffs if Russia"));
    for gone in [
        "Kremlin spokesman Dmitry Peskov. kremlin.ru",
        "Related article",
        "Original url",
        "](#)",
        "<https",
    ] {
        assert!(!a.text.contains(gone), "text still holds {gone:?}");
    }
    assert!(
        a.text
            .contains("normalizing [relations with the U.S.] is going")
    );

    let links: Vec<Link> = read_table(&out.join("links")).unwrap();
    let inline: Vec<&Link> = links.iter().filter(|l| l.kind == "inline").collect();
    assert_eq!(inline.len(), 2);
    let chars: Vec<char> = a.text.chars().collect();
    for l in &inline {
        let (s, e) = (l.start_char.unwrap() as usize, l.end_char.unwrap() as usize);
        assert_eq!(chars[s..e].iter().collect::<String>(), "said");
        assert!(l.is_placeholder);
        assert_eq!(l.target_raw, "#");
    }
    assert!(
        links
            .iter()
            .any(|l| l.kind == "related" && l.anchor_text.starts_with("Trump Says Russia"))
    );

    // The dates table: relative expressions resolved against the publication day.
    let dates: Vec<DateMention> = read_table(&out.join("dates")).unwrap();
    let day = |y, m, d| {
        (chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap() - chrono::NaiveDate::default())
            .num_days() as i32
    };
    let find = |text: &str| {
        dates
            .iter()
            .find(|d| d.text == text)
            .unwrap_or_else(|| panic!("no date {text:?}"))
    };
    for d in &dates {
        let span: String = chars[d.start_char as usize..d.end_char as usize]
            .iter()
            .collect();
        assert_eq!(span, d.text);
        assert_eq!(d.anchor_date, Some(day(2025, 7, 29)));
    }
    assert_eq!(find("Tuesday").value, "2025-07-29");
    assert_eq!(find("Feb. 27").resolved_start, Some(day(2025, 2, 27)));
    assert_eq!(find("April 10").value, "2025-04-10");
    assert_eq!(find("Earlier in February").value, "2025-02");
    let range = find("between 2016 and 2018");
    assert_eq!(
        (range.resolved_start, range.resolved_end),
        (Some(day(2016, 1, 1)), Some(day(2018, 12, 31)))
    );
    assert_eq!(find("10 to 12 days").timex_type, "duration");
    assert_eq!(find("2022").value, "2022");

    // Entities: one canonical name per entity, offsets that slice the text.
    let mentions: Vec<EntityMention> = read_table(&out.join("mentions")).unwrap();
    for m in &mentions {
        let span: String = chars[m.start_char as usize..m.end_char as usize]
            .iter()
            .collect();
        assert_eq!(span, m.text);
    }
    let putin: Vec<&EntityMention> = mentions.iter().filter(|m| m.text == "Putin").collect();
    assert!(!putin.is_empty());
    assert!(
        putin
            .iter()
            .all(|m| m.canonical == "Vladimir Putin" && m.entity_type == "person")
    );
    let us: Vec<&str> = mentions
        .iter()
        .filter(|m| m.canonical == "United States")
        .map(|m| m.text.as_str())
        .collect();
    assert!(
        us.contains(&"U.S.") && us.contains(&"United States"),
        "{us:?}"
    );
    let entities: Vec<ArticleEntity> = read_table(&out.join("entities")).unwrap();
    let has = |ty: &str, name: &str| {
        entities
            .iter()
            .any(|e| e.entity_type == ty && e.canonical == name)
    };
    for person in [
        "Dmitry Peskov",
        "Donald Trump",
        "Vladimir Putin",
        "Sergei Lavrov",
        "Marco Rubio",
    ] {
        assert!(has("person", person), "missing person {person}");
    }
    for org in ["Kremlin", "White House"] {
        assert!(has("org", org), "missing org {org}");
    }
    for place in [
        "Russia",
        "United States",
        "Ukraine",
        "Washington",
        "Moscow",
        "Istanbul",
    ] {
        assert!(has("location", place), "missing place {place}");
    }
    let trump = entities
        .iter()
        .find(|e| e.canonical == "Donald Trump")
        .unwrap();
    let trump_mentions = mentions
        .iter()
        .filter(|m| m.entity_id == trump.entity_id)
        .count();
    assert_eq!(trump.mention_count as usize, trump_mentions);
    let peskov_role = mentions
        .iter()
        .find(|m| m.text == "Dmitry Peskov")
        .and_then(|m| m.role.clone());
    assert_eq!(peskov_role.as_deref(), Some("spokesman"));
}

#[test]
fn output_is_byte_identical_across_thread_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = fixtures();
    let mut outputs = Vec::new();
    for threads in [1, 2] {
        let out = tmp.path().join(format!("ds{threads}"));
        let res = newsprint_threads(
            &[
                "run",
                "--input",
                path_str(&fx),
                "raw/html",
                "--output",
                path_str(&out),
                "-q",
            ],
            Some(threads),
        );
        assert!(
            res.status.success(),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
        outputs.push(parquet_bytes(&out));
    }
    assert!(
        outputs[0].len() >= 10,
        "expected stage and table files, got {}",
        outputs[0].len()
    );
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn rerun_with_nothing_changed_does_no_work_and_stage_reruns_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(SEED_LIKE, input.join("seed.txt")).unwrap();
    let out = tmp.path().join("ds");
    let args = [
        "run",
        "--input",
        path_str(&input),
        "--output",
        path_str(&out),
        "-q",
    ];
    run_ok(&args);
    let before = parquet_bytes(&out);
    let again = run_ok(&args);
    assert!(again.contains("nothing to do"), "{again}");
    assert_eq!(parquet_bytes(&out), before);

    let mut normalize_only = args.to_vec();
    normalize_only.extend(["--stage", "normalize", "--force"]);
    let res = newsprint_threads(&normalize_only, None);
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(res.status.success(), "{stderr}");
    assert!(stderr.contains("normalize"), "{stderr}");
    assert!(!stderr.contains("parse     "), "parse ran again: {stderr}");
    assert!(String::from_utf8_lossy(&res.stdout).contains("ran: normalize"));

    // A new input file makes parse and everything after it run again.
    std::fs::write(
        input.join("extra.txt"),
        "A second headline\n\nA body paragraph about the harbour.\n",
    )
    .unwrap();
    let third = run_ok(&args);
    assert!(
        third.contains("ran: parse, normalize, extract, write"),
        "{third}"
    );
    assert_eq!(articles(&out).len(), 2);
}

#[test]
fn a_stage_without_its_input_says_which_to_run_first() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let res = newsprint_threads(
        &[
            "run",
            "--input",
            SEED_LIKE,
            "--output",
            path_str(&out),
            "--stage",
            "extract",
        ],
        None,
    );
    assert!(!res.status.success());
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(
        stderr.contains("normalize") && stderr.contains("run it first"),
        "{stderr}"
    );
}

#[test]
fn bad_pipeline_file_fails_before_any_work_naming_file_line_and_key() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("never");
    let cases = [
        (
            "unknown.toml",
            "[input]\npaths = [\"tests/fixtures\"]\n[parse]\nmax_bytes = 1\n",
            "line 4",
            "max_bytes",
        ),
        (
            "type.toml",
            "[input]\npaths = [\"tests/fixtures\"]\n\n[write]\nzstd_level = \"high\"\n",
            "line 5",
            "zstd_level",
        ),
        (
            "missing.toml",
            "[input]\npaths = [\n  \"no/such/dir\",\n]\n",
            "line 3",
            "input.paths",
        ),
    ];
    for (name, text, line, key) in cases {
        let file = tmp.path().join(name);
        std::fs::write(
            &file,
            format!("[dataset]\ndir = \"{}\"\n{text}", path_str(&out)),
        )
        .unwrap();
        let res = newsprint_threads(&["run", path_str(&file)], None);
        assert_eq!(res.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&res.stderr);
        assert!(stderr.contains(name), "{name}: {stderr}");
        // Two header lines were prepended to each case.
        let shifted = match line.strip_prefix("line ") {
            Some(n) => format!("line {}", n.parse::<usize>().unwrap() + 2),
            None => format!(":{}", line[1..].parse::<usize>().unwrap() + 2),
        };
        assert!(
            stderr.contains(&shifted),
            "{name}: expected {shifted} in {stderr}"
        );
        assert!(stderr.contains(key), "{name}: expected {key} in {stderr}");
        assert!(!out.exists(), "{name}: work started");
    }
}

#[test]
fn leftovers_of_a_killed_run_do_not_break_the_next_one() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    run_ok(&[
        "run",
        "--input",
        SEED_LIKE,
        "--output",
        path_str(&out),
        "-q",
    ]);
    // What a run killed mid-write leaves: a half-made staging folder beside the dataset.
    let staging = tmp.path().join(".ds.tmp");
    std::fs::create_dir_all(staging.join("articles")).unwrap();
    std::fs::write(staging.join("articles/part-00000.parquet"), b"half a file").unwrap();
    run_ok(&[
        "run",
        "--input",
        path_str(&fixtures()),
        "--output",
        path_str(&out),
        "-q",
    ]);
    assert!(!staging.exists());
    assert!(articles(&out).len() > 1);
}

#[test]
fn shared_archive_samples_are_all_accounted_for() {
    let Some(shared) = shared() else { return };
    let corpora = shared.join("corpora");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let warc = corpora.join("warc-samples");
    let jsonl = corpora.join("jsonl");
    run_ok(&[
        "run",
        "--input",
        path_str(&warc),
        path_str(&jsonl),
        "--output",
        path_str(&out),
        "-q",
    ]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("_manifest.json")).unwrap())
            .unwrap();
    let n = |k: &str| manifest[k].as_u64().unwrap();
    assert_eq!(n("articles") + n("rejects"), n("records"));
    assert_eq!(n("unique_articles") + n("duplicates"), n("articles"));
    let rejects: Vec<Reject> = read_table(&out.join("rejects")).unwrap();
    assert!(
        rejects.iter().all(|r| r.reason != "internal_error"),
        "a parser failed"
    );
    let articles = articles(&out);
    // SOURCE.md: the CC-MAIN 2020 sample holds 16 responses, 17 requests, 16 metadata records
    // and a warcinfo, stored both plain and gzipped.
    for name in [
        "warc-samples/commoncrawl/CC-MAIN-2020-34-sample.warc",
        "warc-samples/commoncrawl/CC-MAIN-2020-34-sample.warc.gz",
    ] {
        // With several inputs, a file's identity is its path as the input was written.
        let responses = articles
            .iter()
            .filter(|a| a.source_file.ends_with(name))
            .count()
            + rejects
                .iter()
                .filter(|r| r.source_file.ends_with(name) && r.reason != "not_response")
                .count();
        let others = rejects
            .iter()
            .filter(|r| r.source_file.ends_with(name) && r.reason == "not_response")
            .count();
        assert_eq!((responses, others), (16, 34), "{name}");
    }
    assert!(
        articles
            .iter()
            .filter(|a| a.source_format == "jsonl")
            .count()
            >= 800
    );
    // SOURCE.md: the ClueWeb09 sample's WARC-Date (`2008-10-294T05:21:46-0700`) is invalid,
    // so its pages (read since the default extractor finds their text) have no fetch time;
    // every other response has one.
    let (quirk, dated): (Vec<&Article>, Vec<&Article>) = articles
        .iter()
        .filter(|a| a.source_format == "warc")
        .partition(|a| a.source_file.ends_with("clueweb09-ja-quirk.warc.gz"));
    assert!(dated.iter().all(|a| a.fetched_at.is_some()));
    assert!(quirk.iter().all(|a| a.fetched_at.is_none()));
}

#[test]
fn compressed_inputs_are_read_by_content_not_name() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let fx = fixtures();
    let page = std::fs::read(fx.join("html/lantern-daily_city-budget-2025.html")).unwrap();
    let export = std::fs::read(fx.join("jsonl/sample-export.jsonl")).unwrap();
    let mut crawl = Vec::new();
    use std::io::Read;
    flate2::read::MultiGzDecoder::new(
        &std::fs::read(fx.join("warc/sample-crawl.warc.gz")).unwrap()[..],
    )
    .read_to_end(&mut crawl)
    .unwrap();
    // Names that say nothing about the content.
    std::fs::write(
        input.join("page.bin"),
        zstd::encode_all(&page[..], 3).unwrap(),
    )
    .unwrap();
    std::fs::write(
        input.join("export.data"),
        zstd::encode_all(&export[..], 3).unwrap(),
    )
    .unwrap();
    std::fs::write(
        input.join("crawl.data"),
        zstd::encode_all(&crawl[..], 3).unwrap(),
    )
    .unwrap();
    let bz2 = |data: &[u8]| {
        use std::io::Write;
        let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    };
    std::fs::write(input.join("page-bz.bin"), bz2(&page)).unwrap();
    std::fs::write(input.join("export-bz.data"), bz2(&export)).unwrap();
    std::fs::write(input.join("crawl-bz.data"), bz2(&crawl)).unwrap();
    // A bomb (far over the decompressed cap) and a cut-off stream: rejects, not a crash.
    std::fs::write(input.join("bomb.bz2"), bz2(&vec![b' '; 4 << 20])).unwrap();
    let cut = bz2(&page);
    std::fs::write(input.join("cut.html.bz2"), &cut[..cut.len() / 2]).unwrap();
    let out = tmp.path().join("ds");
    let pipeline = write_pipeline(tmp.path(), &out, &input, "max_decompressed_bytes = 1048576");
    run_ok(&["run", path_str(&pipeline), "-q"]);
    let articles = articles(&out);
    let count = |file: &str, format: &str| {
        articles
            .iter()
            .filter(|a| a.source_file == file && a.source_format == format)
            .count()
    };
    assert_eq!(count("page.bin", "html"), 1);
    assert_eq!(count("export.data", "jsonl"), 6);
    assert_eq!(count("crawl.data", "warc"), 4);
    assert_eq!(count("page-bz.bin", "html"), 1);
    assert_eq!(count("export-bz.data", "jsonl"), 6);
    assert_eq!(count("crawl-bz.data", "warc"), 4);
    let rejects: Vec<Reject> = read_table(&out.join("rejects")).unwrap();
    let reason_of = |file: &str| {
        rejects
            .iter()
            .filter(|r| r.source_file == file)
            .map(|r| r.reason.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(reason_of("bomb.bz2"), ["too_large"]);
    assert_eq!(reason_of("cut.html.bz2"), ["corrupt_compression"]);
}

#[test]
fn deeply_nested_and_huge_pages_are_rejected_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // Nested 100,000 deep: this overflowed the stack of the tree walk before the budget.
    let deep = format!(
        "<html><body>{}<p>{}</p>{}</body></html>",
        "<div>".repeat(100_000),
        "Text of a page nobody should write. ".repeat(20),
        "</div>".repeat(100_000)
    );
    std::fs::write(input.join("deep.html"), deep).unwrap();
    let cells = format!(
        "<html><body><table>{}</table><article><p>{}</p></article></body></html>",
        "<tr><td>x</td></tr>".repeat(100_000),
        "Real text of the article goes here. ".repeat(40)
    );
    std::fs::write(input.join("cells.html"), cells).unwrap();
    std::fs::copy(
        fixtures().join("html/lantern-daily_city-budget-2025.html"),
        input.join("good.html"),
    )
    .unwrap();
    let out = tmp.path().join("ds");
    run_input(&input, &out);
    let rejects: Vec<Reject> = read_table(&out.join("rejects")).unwrap();
    let mut got: Vec<(&str, &str)> = rejects
        .iter()
        .map(|r| (r.source_file.as_str(), r.reason.as_str()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [("cells.html", "too_large"), ("deep.html", "too_large")]
    );
    assert!(rejects.iter().any(|r| r.message.contains("nested")));
    assert_eq!(articles(&out).len(), 1);
}
