//! Each table that builds its own Arrow columns builds serde_arrow's batch.

use super::*;
use crate::model::EntityMention;

/// The batch a table builds itself is the one serde_arrow builds: same schema, same
/// values, same nulls; with no rows too.
fn columns_match<T: Table>(rows: &[T]) {
    assert!(
        T::columns(rows).is_some(),
        "{} builds its own columns",
        T::NAME
    );
    assert_eq!(
        to_batch(rows).unwrap(),
        to_batch_by_serde(rows),
        "{}",
        T::NAME
    );
    assert_eq!(to_batch::<T>(&[]).unwrap(), to_batch_by_serde::<T>(&[]));
}

fn mention(i: i32, role: Option<&str>) -> EntityMention {
    EntityMention {
        article_id: format!("a{i}"),
        mention_idx: i,
        start_char: 10 * i,
        end_char: 10 * i + 7,
        text: ["Zoë Ørsted", "", "Putin"][i as usize % 3].to_owned(),
        entity_type: "person".to_owned(),
        canonical: "Vladimir Putin".to_owned(),
        entity_id: format!("{:016x}", i),
        corpus_entity_id: format!("{:016x}", i + 1),
        sentence_idx: i / 2,
        role: role.map(str::to_owned),
    }
}

#[test]
fn entities_and_dates_columns_are_serde_arrows() {
    let entity = |i: i32| crate::model::ArticleEntity {
        article_id: format!("a{i}"),
        entity_id: format!("{:016x}", i),
        corpus_entity_id: format!("{:016x}", i + 1),
        canonical: ["Zoë Ørsted", ""][i as usize % 2].to_owned(),
        entity_type: "org".to_owned(),
        mention_count: i + 1,
        first_char: 3 * i,
    };
    columns_match(&[entity(0), entity(1), entity(2)]);
    let date = |i: i32, resolved: Option<i32>| crate::model::DateMention {
        article_id: format!("a{i}"),
        date_idx: i,
        start_char: 5 * i,
        end_char: 5 * i + 4,
        text: "last Tuesday".to_owned(),
        timex_type: "DATE".to_owned(),
        value: "2024-03-05".to_owned(),
        resolved_start: resolved,
        resolved_end: resolved.map(|d| d + 1),
        granularity: "day".to_owned(),
        anchor_date: (i % 2 == 0).then_some(19_000),
    };
    columns_match(&[date(0, Some(19_787)), date(1, None), date(2, Some(-3))]);
}

#[test]
fn quotes_columns_are_serde_arrows() {
    let quote = |i: i32, spans: Vec<(i32, i32)>, speaker: Option<&str>| crate::model::Quote {
        article_id: format!("a{i}"),
        quote_idx: i,
        start_char: spans.first().map_or(0, |s| s.0),
        end_char: spans.last().map_or(0, |s| s.1),
        spans: spans
            .into_iter()
            .map(|(start_char, end_char)| crate::model::QuoteSpan {
                start_char,
                end_char,
            })
            .collect(),
        text: "“We will rebuild,” she said.".to_owned(),
        direct: i % 2 == 0,
        cue: speaker.map(|_| "said".to_owned()),
        cue_start_char: speaker.map(|_| 20),
        cue_end_char: speaker.map(|_| 24),
        source: speaker.map(|_| "she".to_owned()),
        source_start_char: speaker.map(|_| 16),
        source_end_char: None,
        speaker: speaker.map(str::to_owned),
        speaker_entity_id: speaker.map(|_| format!("{:016x}", i)),
    };
    columns_match(&[
        quote(0, vec![(0, 18)], Some("Ines Okafor")),
        quote(1, vec![], None),
        quote(2, vec![(3, 9), (30, 52), (60, 61)], Some("")),
    ]);
}

#[test]
fn corpus_entities_columns_are_serde_arrows() {
    let entity = |i: i64, aliases: &[&str], co: usize| crate::model::CorpusEntity {
        corpus_entity_id: format!("{:016x}", i),
        canonical: "Zoë Ørsted".to_owned(),
        entity_type: "person".to_owned(),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        entity_ids: vec![format!("{:016x}", i + 7); co],
        article_count: i,
        mention_count: 3 * i,
        first_day: (i > 0).then_some(19_000),
        last_day: (i > 1).then_some(19_400),
        co_mentioned: (0..co)
            .map(|k| crate::model::CoMention {
                corpus_entity_id: format!("{:016x}", k),
                canonical: ["Gull Gazette", ""][k % 2].to_owned(),
                articles: k as i64 + 1,
            })
            .collect(),
    };
    columns_match(&[
        entity(0, &[], 0),
        entity(1, &["Ørsted", "Z. Ørsted"], 2),
        entity(2, &[""], 3),
    ]);
}

#[test]
fn neardup_sketch_columns_are_serde_arrows() {
    let sketch = |i: u32, n: usize| crate::model::NeardupSketch {
        article_id: format!("a{i}"),
        published_at: (i % 2 == 1).then_some(1_700_000_000_000_000 + i64::from(i)),
        minhash: (0..n as u32)
            .map(|k| k.wrapping_mul(2_654_435_761) ^ i)
            .collect(),
        lead: (i > 0).then_some(u64::MAX - u64::from(i)),
        shingle_count: i * 40,
        shingle_sample: (0..n as u64 / 2).map(|k| k << 40 | u64::from(i)).collect(),
    };
    columns_match(&[sketch(0, 0), sketch(1, 112), sketch(2, 7)]);
}

#[test]
fn mentions_columns_are_serde_arrows() {
    columns_match(&[
        mention(0, None),
        mention(1, Some("President")),
        mention(2, Some("")),
        mention(3, None),
    ]);
}

/// The columns a table singles out for its writer are columns it has: a misspelt or
/// renamed one would silently lose its encoding.
fn declared_columns_are_fields<T: Table>() {
    let schema = T::schema();
    for name in T::DICTIONARY_COLUMNS.iter().chain(T::HASH_COLUMNS) {
        assert!(
            schema.field_with_name(name).is_ok(),
            "{} declares {name}, which it has not",
            T::NAME
        );
    }
}

#[test]
fn every_written_tables_declared_columns_are_its_fields() {
    use crate::model::*;
    declared_columns_are_fields::<ParsedRecord>();
    declared_columns_are_fields::<Article>();
    declared_columns_are_fields::<InputEntry>();
    declared_columns_are_fields::<DuplicateKey>();
    declared_columns_are_fields::<NeardupSketch>();
    declared_columns_are_fields::<NearDuplicate>();
    declared_columns_are_fields::<LinkSpan>();
    declared_columns_are_fields::<Link>();
    declared_columns_are_fields::<DateMention>();
    declared_columns_are_fields::<EntityMention>();
    declared_columns_are_fields::<ArticleEntity>();
    declared_columns_are_fields::<CorpusEntity>();
    declared_columns_are_fields::<Quote>();
    declared_columns_are_fields::<Reject>();
}
