//! Unit tests with hand-written sentences (no corpus data is embedded).

use super::*;
use std::path::PathBuf;

fn find<'a>(ms: &'a [Mention], text: &str) -> Vec<&'a Mention> {
    ms.iter().filter(|m| m.text == text).collect()
}

const TINY: &str = "-DOCSTART- O

Alice B-PER
Smith I-PER
visited O
Paris B-LOC
with O
Acme B-ORG
Corp I-ORG
. O

Bob B-PER
Jones I-PER
joined O
Acme B-ORG
Corp I-ORG
in O
London B-LOC
. O

-DOCSTART- O

the O
Acme B-ORG
Corp I-ORG
office O
in O
Berlin B-LOC
hired O
Carol B-PER
White I-PER
. O
";

#[test]
fn conll_reader_repairs_iob1() {
    let docs = parse_conll("-DOCSTART- O\n\nNew I-LOC\nYork I-LOC\nand O\nBoston I-LOC\n\n");
    assert_eq!(docs.len(), 1);
    let tags: Vec<&str> = docs[0].tags[0].iter().map(|&t| tag_label(t)).collect();
    assert_eq!(tags, vec!["B-LOC", "I-LOC", "O", "B-LOC"]);
}

#[test]
fn train_tiny_and_roundtrip() {
    let docs = parse_conll(TINY);
    let opts = TrainOptions {
        epochs: 10,
        hash_bits: 16,
        two_pass: true,
        ..Default::default()
    };
    let model = train_docs(&docs, None, &opts, vec!["tiny".into()]).unwrap();
    let sent = vec![vec![
        "Alice", "Smith", "visited", "Paris", "with", "Acme", "Corp", ".",
    ]];
    let tags = model.tag_document_iob(&sent);
    assert_eq!(
        tags[0],
        vec!["B-PER", "I-PER", "O", "B-LOC", "O", "B-ORG", "I-ORG", "O"]
    );
    // Save/load must give identical predictions.
    let bytes = model.to_bytes();
    let again = Model::from_bytes(&bytes).unwrap();
    assert_eq!(again.tag_document_iob(&sent), tags);
    assert_eq!(again.trained_on(), &["tiny".to_string()]);
    assert!(Model::from_bytes(b"not a model").is_err());
}

#[test]
fn eval_counts_exact_spans() {
    let docs = parse_conll(TINY);
    let opts = TrainOptions {
        epochs: 10,
        hash_bits: 16,
        two_pass: false,
        ..Default::default()
    };
    let model = train_docs(&docs, None, &opts, vec![]).unwrap();
    let c = evaluate(&model, &docs, false);
    let (p, r, f) = c.overall();
    assert!(p > 0.99 && r > 0.99 && f > 0.99, "{}", c.report("tiny"));
    assert_eq!(c.tp.iter().sum::<u64>(), 9);
}

#[test]
fn entity_ids_are_stable() {
    // FNV-1a of "person" + separator + name; fixed forever (ids are keys in
    // published datasets).
    assert_eq!(
        entity_id(EntityType::Person, "Vladimir Putin"),
        entity_id(EntityType::Person, "Vladimir Putin")
    );
    assert_ne!(
        entity_id(EntityType::Person, "Georgia"),
        entity_id(EntityType::Location, "Georgia")
    );
    assert_eq!(format!("{:016x}", fnv1a64(&[b""])), "cbf29ce484222325");
}

#[test]
fn seed_article_entities() {
    let model = super::shipped_model();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_6dbaf81a952dee8b.txt");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: no seed at {}", path.display());
        return;
    };
    let ms = extract_entities(&text, model);
    let ents = summarize_entities(&ms);
    let has = |ty: EntityType, name: &str| {
        ents.iter()
            .any(|e| e.entity_type == ty && e.canonical == name)
    };
    for p in [
        "Dmitry Peskov",
        "Donald Trump",
        "Vladimir Putin",
        "Sergei Lavrov",
        "Marco Rubio",
    ] {
        assert!(has(EntityType::Person, p), "missing person {p}: {ents:#?}");
    }
    for o in ["Kremlin", "White House"] {
        assert!(has(EntityType::Org, o), "missing org {o}: {ents:#?}");
    }
    for l in [
        "Russia",
        "United States",
        "Ukraine",
        "Washington",
        "Moscow",
        "Istanbul",
    ] {
        assert!(
            has(EntityType::Location, l),
            "missing location {l}: {ents:#?}"
        );
    }
    // No stray persons, and "Putin" alone is canonicalised to the full name.
    let persons: Vec<_> = ents
        .iter()
        .filter(|e| e.entity_type == EntityType::Person)
        .map(|e| e.canonical.as_str())
        .collect();
    assert_eq!(persons.len(), 5, "{persons:?}");
    assert!(
        find(&ms, "Putin")
            .iter()
            .all(|m| m.canonical == "Vladimir Putin")
    );
    // "U.S." and "the United States" are one entity.
    let us: Vec<u64> = ms
        .iter()
        .filter(|m| m.text == "U.S." || m.text == "United States")
        .map(|m| m.entity_id)
        .collect();
    assert!(us.len() >= 3 && us.iter().all(|&id| id == us[0]));
    // Roles are split off.
    let lavrov = find(&ms, "Sergei Lavrov");
    assert_eq!(lavrov[0].role.as_deref(), Some("Foreign Minister"));
    assert_eq!(
        find(&ms, "Dmitry Peskov")[0].role.as_deref(),
        Some("spokesman")
    );
    assert_eq!(
        find(&ms, "Marco Rubio")[0].role.as_deref(),
        Some("Secretary of State")
    );
    // Offsets are code points: the text before contains curly quotes.
    let chars: Vec<char> = text.chars().collect();
    for m in &ms {
        let s: String = chars[m.start_char..m.end_char].iter().collect();
        assert_eq!(s, m.text);
    }
}

#[test]
fn handwritten_news_sentences() {
    let model = super::shipped_model();
    let text = "German Chancellor Olaf Scholz flew to Beijing on Monday for talks with President Xi Jinping.\n\
                Scholz, who was accompanied by executives from Siemens and Volkswagen, said Germany wanted fair trade.\n\
                The European Union has threatened tariffs on Chinese electric cars.";
    let ms = extract_entities(text, model);
    let got = |t: &str| {
        find(&ms, t)
            .first()
            .map(|m| (m.entity_type, m.canonical.clone(), m.role.clone()))
    };
    assert_eq!(
        got("Olaf Scholz"),
        Some((
            EntityType::Person,
            "Olaf Scholz".into(),
            Some("Chancellor".into())
        ))
    );
    assert_eq!(got("Scholz").map(|x| x.1), Some("Olaf Scholz".into()));
    assert_eq!(got("Beijing").map(|x| x.0), Some(EntityType::Location));
    assert_eq!(got("Germany").map(|x| x.0), Some(EntityType::Location));
    assert_eq!(got("Xi Jinping").map(|x| x.0), Some(EntityType::Person));
    assert_eq!(got("European Union").map(|x| x.0), Some(EntityType::Org));
    assert!(got("Siemens").is_some());
    // Sentence indices follow the splitter.
    assert_eq!(find(&ms, "European Union")[0].sentence_idx, 2);
}

#[test]
fn all_caps_headline_is_tagged() {
    let model = super::shipped_model();
    let text = "PUTIN MEETS TRUMP IN ALASKA AS UKRAINE TALKS STALL\n\nRussian President Vladimir Putin met Donald Trump in Alaska on Friday.";
    let ms = extract_entities(text, model);
    let headline: Vec<_> = ms
        .iter()
        .filter(|m| m.sentence_idx == 0)
        .map(|m| (m.text.as_str(), m.entity_type))
        .collect();
    assert!(
        headline.contains(&("PUTIN", EntityType::Person)),
        "{headline:?}"
    );
    assert!(
        headline.contains(&("ALASKA", EntityType::Location)),
        "{headline:?}"
    );
    // Headline "PUTIN" links to the full name given in the body.
    assert_eq!(find(&ms, "PUTIN")[0].canonical, "Vladimir Putin");
}

#[test]
fn model_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Model>();
}

/// A headline in capitals (truecased), repeated names, a token longer than the memo keeps,
/// curly apostrophes and non-ASCII letters: every path of the own-feature split and memo.
pub(crate) fn memo_doc() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "HARBOUR",
            "WALL",
            "REPAIRED",
            "AFTER",
            "STORMS",
            "HIT",
            "PORTLEVEN",
        ],
        vec![
            "Engineers",
            "from",
            "Cornwall",
            "Council",
            "finished",
            "the",
            "wall",
            "on",
            "Monday",
            ",",
            "Ines",
            "Okafor",
            "said",
            ".",
        ],
        vec![
            "Okafor",
            "\u{2019}s",
            "team",
            "worked",
            "with",
            "Zoë",
            "Bräutigam",
            "of",
            "the",
            "Interdepartmental-Coordination-Committee",
            "in",
            "Portleven",
            ".",
        ],
    ]
}

#[test]
fn memoised_tagging_equals_fresh_tagging_across_models() {
    let shipped = shipped_model();
    let tiny = train_docs(
        &parse_conll(TINY),
        None,
        &TrainOptions {
            epochs: 5,
            hash_bits: 16,
            two_pass: true,
            ..Default::default()
        },
        vec!["tiny".into()],
    )
    .unwrap();
    let doc = memo_doc();
    // Each on a thread of its own: a memo that starts empty.
    let fresh =
        |m: &Model| std::thread::scope(|s| s.spawn(|| m.tag_document_iob(&doc)).join().unwrap());
    let (shipped_fresh, tiny_fresh) = (fresh(shipped), fresh(&tiny));
    // On one thread, alternating models and repeating the document: the memo is warm,
    // and holds the other model's sums when each model starts.
    for _ in 0..2 {
        assert_eq!(shipped.tag_document_iob(&doc), shipped_fresh);
        assert_eq!(tiny.tag_document_iob(&doc), tiny_fresh);
    }
    assert!(shipped_fresh.iter().flatten().any(|t| *t != "O"));
}

#[test]
fn entity_id_hex_is_sixteen_lowercase_digits() {
    for id in [0u64, 1, 0xabc, 0xcbf2_9ce4_8422_2325, u64::MAX, 1 << 63] {
        let m = Mention {
            start_char: 0,
            end_char: 0,
            text: String::new(),
            entity_type: EntityType::Person,
            canonical: String::new(),
            entity_id: id,
            sentence_idx: 0,
            role: None,
        };
        assert_eq!(m.entity_id_hex(), format!("{id:016x}"));
    }
}

#[test]
fn alias_keys() {
    use crate::gazetteer::{alias_key, normalize_lower};
    assert_eq!(alias_key("The  U.S."), "us");
    assert_eq!(alias_key("the United   States"), "united states");
    assert_eq!(alias_key(". the Kremlin"), "kremlin");
    assert_eq!(
        alias_key("People’s Republic of China"),
        "peoples republic of china"
    );
    assert_eq!(
        alias_key("İSTANBUL Ünİversİty"),
        "i\u{307}stanbul üni\u{307}versi\u{307}ty"
    );
    assert_eq!(alias_key("Theresa May"), "theresa may");
    assert_eq!(normalize_lower("Shi’ite `X` – ÉTÉ"), "shi'ite 'x' - été");
}
