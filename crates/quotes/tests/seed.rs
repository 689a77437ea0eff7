//! The seed article of the project, read from the shared folder by path: the quotes the
//! issue names, with Peskov and Trump given as mentions at every place their names occur.

use newsprint_quotes::{EntityKind, Mention, Quote, find_quotes};

const SEED: &str = "../../../shared/seeds/000_6dbaf81a952dee8b.txt";

fn mentions<'a>(text: &str) -> Vec<Mention<'a>> {
    let names: [(&str, &'a str, u64, Option<&'a str>); 4] = [
        (
            "Dmitry Peskov",
            "Dmitry Peskov",
            1,
            Some("Kremlin spokesman"),
        ),
        ("Peskov", "Dmitry Peskov", 1, None),
        ("Donald Trump", "Donald Trump", 2, Some("U.S. President")),
        ("Trump", "Donald Trump", 2, None),
    ];
    let mut out: Vec<Mention> = Vec::new();
    for (written, canonical, id, role) in names {
        for (start, _) in text.match_indices(written) {
            let end = start + written.len();
            // "Peskov" inside "Dmitry Peskov" is already covered by the longer name
            if out.iter().any(|m| m.start <= start && end <= m.end) {
                continue;
            }
            out.push(Mention {
                start,
                end,
                kind: EntityKind::Person,
                canonical,
                entity_id: id,
                role,
            });
        }
    }
    out.push(Mention {
        start: text.find("The Kremlin").unwrap() + 4,
        end: text.find("The Kremlin").unwrap() + 11,
        kind: EntityKind::Org,
        canonical: "Kremlin",
        entity_id: 3,
        role: None,
    });
    out.sort_by_key(|m| m.start);
    out
}

/// The quote whose content covers `needle`.
fn covering<'q, 'a>(text: &str, quotes: &'q [Quote<'a>], needle: &str) -> &'q Quote<'a> {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the seed"));
    let end = at + needle.len();
    quotes
        .iter()
        .find(|q| q.parts.iter().any(|&(a, b)| a <= at && end <= b))
        .unwrap_or_else(|| panic!("no quote covers {needle:?}"))
}

#[test]
fn seed_article_quotes() {
    let Ok(text) = std::fs::read_to_string(SEED) else {
        eprintln!("skip: {SEED} not found (the shared folder is not beside the project)");
        return;
    };
    let m = mentions(&text);
    let quotes = find_quotes(&text, &m);
    let who = |needle: &str| {
        covering(&text, &quotes, needle)
            .speaker
            .map(|s| s.canonical)
    };

    // Peskov's direct quotations; the first is interrupted by its attribution
    let first = covering(&text, &quotes, "going nowhere fast,");
    assert!(first.direct);
    assert_eq!(first.parts.len(), 2, "{first:?}");
    assert_eq!(
        first.source.unwrap().text,
        "Kremlin spokesman Dmitry Peskov"
    );
    assert_eq!(first.cue.unwrap().text, "told");
    assert!(text[first.parts[1].0..first.parts[1].1].starts_with("“We’d like to see"));
    for needle in [
        "So far, the process",
        "We’d like to see a bit more movement",
        "initiative from both sides",
        "taken into account",
    ] {
        assert_eq!(who(needle), Some("Dmitry Peskov"), "{needle}");
    }
    for needle in [
        "very disappointed",
        "nice and respectful conversations",
        "launch rockets",
    ] {
        assert_eq!(who(needle), Some("Donald Trump"), "{needle}");
    }

    // reported speech: the Kremlin, and Peskov through "He"
    let stalled = covering(&text, &quotes, "talks with the United States");
    assert!(!stalled.direct);
    assert_eq!(stalled.source.unwrap().text, "The Kremlin");
    assert_eq!(stalled.cue.unwrap().text, "said");
    assert!(text[stalled.start()..stalled.end()].ends_with("have stalled"));
    assert_eq!(stalled.speaker.map(|s| s.canonical), Some("Kremlin"));

    let added = covering(&text, &quotes, "the war against Ukraine would continue");
    assert_eq!(added.source.unwrap().text, "He");
    assert_eq!(added.cue.unwrap().text, "added");
    assert_eq!(added.speaker.map(|s| s.canonical), Some("Dmitry Peskov"));
}
