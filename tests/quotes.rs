//! The `quotes` table end to end: the binary run on the seed article (from the shared folder)
//! and on our own article in the seed's layout, quotes read back from Parquet.

mod common;

use std::path::Path;

use common::{SEED_LIKE, articles, run_input};
use newsprint::model::{EntityMention, Quote};
use newsprint::parquet_io::read_table;

/// The quotes and mentions of a run over the one file `input`, and the article's text.
fn run_one(input: &Path) -> (Vec<Quote>, Vec<EntityMention>, String) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(input, dir.join(input.file_name().unwrap())).unwrap();
    let out = tmp.path().join("out");
    let summary = run_input(&dir, &out);
    let quotes: Vec<Quote> = read_table(&out.join("quotes")).unwrap();
    assert!(
        summary.contains(&format!("quotes    {}", quotes.len())),
        "{summary}"
    );
    let mentions: Vec<EntityMention> = read_table(&out.join("mentions")).unwrap();
    let text = articles(&out).remove(0).text;
    (quotes, mentions, text)
}

/// The quote whose text holds `needle`.
fn quote<'q>(quotes: &'q [Quote], needle: &str) -> &'q Quote {
    quotes
        .iter()
        .find(|q| q.text.contains(needle))
        .unwrap_or_else(|| panic!("no quote holds {needle:?}: {quotes:#?}"))
}

/// Offsets in code points that slice the article's text; speakers' ids from `mentions`.
fn check_offsets(quotes: &[Quote], mentions: &[EntityMention], text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |a: i32, b: i32| chars[a as usize..b as usize].iter().collect::<String>();
    for (i, q) in quotes.iter().enumerate() {
        assert_eq!(q.quote_idx, i as i32);
        assert_eq!(slice(q.start_char, q.end_char), q.text);
        assert_eq!(q.spans.first().unwrap().start_char, q.start_char);
        assert_eq!(q.spans.last().unwrap().end_char, q.end_char);
        if let (Some(cue), Some(a), Some(b)) = (&q.cue, q.cue_start_char, q.cue_end_char) {
            assert_eq!(&slice(a, b), cue);
        }
        if let (Some(source), Some(a), Some(b)) =
            (&q.source, q.source_start_char, q.source_end_char)
        {
            assert_eq!(&slice(a, b), source);
        }
        if let Some(id) = &q.speaker_entity_id {
            assert!(
                mentions
                    .iter()
                    .any(|m| &m.entity_id == id && Some(&m.canonical) == q.speaker.as_ref()),
                "{q:?}"
            );
        }
    }
}

#[test]
fn seed_article_says_who_said_what() {
    let Some(shared) = common::shared() else {
        return;
    };
    let seed = shared.join("seeds/000_6dbaf81a952dee8b.txt");
    let (quotes, mentions, text) = run_one(&seed);
    check_offsets(&quotes, &mentions, &text);
    let speaker = |needle: &str| quote(&quotes, needle).speaker.as_deref();

    // Peskov's direct quotations: the first two sentences are one quote interrupted by
    // its attribution, so two parts.
    let first = quote(&quotes, "going nowhere fast,");
    assert!(first.direct);
    assert_eq!(first.spans.len(), 2, "{first:?}");
    assert!(first.text.contains("We’d like to see a bit more movement"));
    assert_eq!(
        first.source.as_deref(),
        Some("Kremlin spokesman Dmitry Peskov")
    );
    assert_eq!(first.cue.as_deref(), Some("told"));
    for needle in [
        "going nowhere fast,",
        "initiative from both sides",
        "taken into account",
    ] {
        assert_eq!(speaker(needle), Some("Dmitry Peskov"), "{needle}");
    }
    for needle in [
        "very disappointed",
        "nice and respectful conversations",
        "launch rockets",
    ] {
        assert_eq!(speaker(needle), Some("Donald Trump"), "{needle}");
    }

    // Reported speech: the Kremlin, and Peskov through "He".
    let stalled = quote(&quotes, "talks with the United States");
    assert!(!stalled.direct);
    assert!(stalled.text.ends_with("have stalled"), "{stalled:?}");
    assert_eq!(stalled.source.as_deref(), Some("The Kremlin"));
    assert_eq!(stalled.cue.as_deref(), Some("said"));
    assert_eq!(stalled.speaker.as_deref(), Some("Kremlin"));
    let added = quote(&quotes, "the war against Ukraine would continue");
    assert!(!added.direct);
    assert_eq!(added.source.as_deref(), Some("He"));
    assert_eq!(added.cue.as_deref(), Some("added"));
    assert_eq!(added.speaker.as_deref(), Some("Dmitry Peskov"));
}

/// Our own article in the seed's layout: the same constructions, runs in a bare clone.
#[test]
fn seed_like_article_says_who_said_what() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED_LIKE);
    let (quotes, mentions, text) = run_one(&input);
    check_offsets(&quotes, &mentions, &text);
    let first = quote(&quotes, "stuck in the sidings,”");
    assert!(first.direct);
    assert_eq!(first.spans.len(), 2, "{first:?}");
    assert_eq!(first.speaker.as_deref(), Some("Ana Lindqvist"));
    assert_eq!(first.cue.as_deref(), Some("told"));
    for (needle, who) in [
        ("goodwill from both sides", "Ana Lindqvist"),
        ("taken note", "Ana Lindqvist"),
        ("“disappointed”", "Henrik Dahl"),
        // pronouns: the person quoted just before
        ("reviewing all small stations", "Henrik Dahl"),
        ("Norrvik would keep campaigning", "Ana Lindqvist"),
    ] {
        assert_eq!(
            quote(&quotes, needle).speaker.as_deref(),
            Some(who),
            "{needle}"
        );
    }
    let council = quote(&quotes, "linked the return of the morning trains");
    assert_eq!(council.cue.as_deref(), Some("According to"));
    assert_eq!(council.source.as_deref(), Some("the council"));
    // A source that is no entity of the article keeps its words and no speaker.
    let groups = quote(&quotes, "drove passengers away");
    assert_eq!(groups.source.as_deref(), Some("Local business groups"));
    assert_eq!((&groups.speaker, &groups.speaker_entity_id), (&None, &None));
}
