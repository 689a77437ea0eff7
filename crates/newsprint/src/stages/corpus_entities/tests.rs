use super::*;

/// An `entities` row: the id is made the way extract makes it.
fn entity(article: &str, canonical: &str, ty: EntityType, mentions: i32) -> EntityOfArticle {
    EntityOfArticle {
        article_id: article.into(),
        entity_id: format!("{:016x}", entity_id(ty, canonical)),
        canonical: canonical.into(),
        entity_type: ty.as_str().into(),
        mention_count: mentions,
    }
}

fn index(rows: &[EntityOfArticle], days: &[(&str, i32)]) -> CorpusIndex {
    let mut b = CorpusIndexBuilder::default();
    b.add_days(
        days.iter()
            .map(|(a, d)| ArticleDay {
                article_id: (*a).into(),
                published_date: Some(*d),
            })
            .collect(),
    );
    b.add_entities(rows);
    b.finish()
}

fn row<'a>(ix: &'a CorpusIndex, canonical: &str) -> &'a CorpusEntity {
    ix.rows
        .iter()
        .find(|r| r.canonical == canonical)
        .unwrap_or_else(|| panic!("no corpus entity {canonical}"))
}

use EntityType::{Location, Misc, Org, Person};

#[test]
fn a_lone_surname_joins_the_only_full_name_ending_with_it() {
    let rows = [
        entity("a1", "Vladimir Putin", Person, 3),
        entity("a2", "Putin", Person, 2),
        entity("a3", "Putin", Person, 1),
        // The same story: Russia is named with both.
        entity("a1", "Russia", Location, 1),
        entity("a3", "Russia", Location, 1),
    ];
    let ix = index(&rows, &[("a1", 10), ("a2", 12), ("a3", 11)]);
    assert_eq!(ix.rows.len(), 2);
    let putin = row(&ix, "Vladimir Putin");
    assert_eq!(putin.article_count, 3);
    assert_eq!(putin.mention_count, 6);
    assert_eq!((putin.first_day, putin.last_day), (Some(10), Some(12)));
    assert_eq!(ix.corpus_id(&rows[1].entity_id), putin.corpus_entity_id);
    // The full name keeps its own id: an entity joined by nobody is unchanged.
    assert_eq!(putin.corpus_entity_id, rows[0].entity_id);
}

#[test]
fn a_lone_surname_in_articles_that_share_nothing_with_the_full_name_stays_apart() {
    // "Hickey" in a rugby team list, "Adam Hickey" the runner.
    let rows = [
        entity("a1", "Adam Hickey", Person, 1),
        entity("a1", "World Cross Country", Misc, 1),
        entity("a2", "Hickey", Person, 1),
        entity("a2", "Worcester", Org, 1),
    ];
    let ix = index(&rows, &[]);
    assert_eq!(ix.corpus_id(&rows[2].entity_id), rows[2].entity_id);
}

#[test]
fn a_lone_surname_with_a_peers_title_stays_apart() {
    // "Lord Browne" of BP is not the minister Des Browne, whatever the shared context.
    let rows = [
        entity("a1", "Des Browne", Person, 1),
        entity("a1", "London", Location, 1),
        entity("a2", "Browne", Person, 1),
        entity("a2", "London", Location, 1),
    ];
    let mention = |role: Option<&str>| MentionName {
        text: "Browne".into(),
        entity_id: rows[2].entity_id.clone(),
        role: role.map(str::to_owned),
    };
    for (role, joined) in [
        (Some("Lord"), false),
        (Some("Minister"), true),
        (None, true),
    ] {
        let mut b = CorpusIndexBuilder::default();
        b.add_entities(&rows);
        b.add_mentions(&[mention(role)]);
        let ix = b.finish();
        assert_eq!(
            ix.corpus_id(&rows[2].entity_id) == rows[0].entity_id,
            joined,
            "{role:?}"
        );
    }
}

#[test]
fn two_people_sharing_a_surname_leave_the_lone_surname_apart() {
    let rows = [
        entity("a1", "Gordon Brown", Person, 3),
        entity("a2", "Wes Brown", Person, 1),
        entity("a3", "Brown", Person, 1),
    ];
    let ix = index(&rows, &[]);
    assert_eq!(ix.rows.len(), 3);
    assert_eq!(ix.corpus_id(&rows[2].entity_id), rows[2].entity_id);
}

#[test]
fn a_lone_given_name_or_a_word_mostly_tagged_a_place_joins_no_one() {
    let rows = [
        entity("a1", "David Frost", Person, 1),
        entity("a2", "David", Person, 1),
        entity("a3", "John Bolton", Person, 1),
        entity("a4", "Bolton", Person, 1),
        entity("a5", "Bolton", Location, 1),
        entity("a6", "Bolton", Org, 1),
    ];
    // Every article names London too: the shared context is not what keeps them apart.
    let rows: Vec<EntityOfArticle> = rows
        .iter()
        .cloned()
        .chain((1..=6).map(|i| entity(&format!("a{i}"), "London", Location, 1)))
        .collect();
    let ix = index(&rows, &[]);
    assert_eq!(ix.corpus_id(&rows[1].entity_id), rows[1].entity_id);
    assert_ne!(
        ix.corpus_id(&rows[3].entity_id),
        ix.corpus_id(&rows[2].entity_id)
    );
}

#[test]
fn a_slip_of_the_tagger_is_not_a_full_name() {
    for name in [
        "Sgt Pepper",
        "marque Mercedes-Benz",
        "Nineteen-year-old Blazin",
    ] {
        assert!(!looks_like_full_name(name), "{name}");
    }
    for name in [
        "Robert de Niro",
        "Jean-Pierre Raffarin",
        "George W. Bush",
        "Sinéad O'Connor",
    ] {
        assert!(looks_like_full_name(name), "{name}");
    }
}

#[test]
fn one_name_is_one_entity_of_the_type_most_articles_give_it() {
    let rows = [
        entity("a1", "Labour", Org, 2),
        entity("a2", "Labour", Org, 1),
        entity("a3", "Labour", Person, 1),
        entity("a4", "George W. Bush", Person, 1),
        entity("a5", "George W Bush", Person, 1),
        entity("a6", "George W Bush", Person, 1),
    ];
    let ix = index(&rows, &[]);
    assert_eq!(ix.rows.len(), 2);
    let labour = row(&ix, "Labour");
    assert_eq!(labour.entity_type, "org");
    assert_eq!(labour.entity_ids.len(), 2);
    assert_eq!(labour.article_count, 3);
    let bush = row(&ix, "George W Bush");
    assert_eq!(bush.aliases, ["George W Bush", "George W. Bush"]);
}

#[test]
fn co_mentioned_counts_shared_articles_and_the_rows_ignore_input_order() {
    let mut rows = vec![
        entity("a1", "Tony Blair", Person, 1),
        entity("a1", "Labour", Org, 1),
        entity("a1", "London", Location, 1),
        entity("a2", "Tony Blair", Person, 1),
        entity("a2", "Labour", Org, 1),
        entity("a3", "Tony Blair", Person, 1),
        entity("a3", "London", Location, 1),
        entity("a4", "Labour", Org, 1),
        // One article shared with Blair: not enough to be listed.
        entity("a1", "BBC", Org, 1),
    ];
    let ix = index(&rows, &[("a1", 1), ("a2", 2)]);
    let blair = row(&ix, "Tony Blair");
    let co: Vec<(&str, i64)> = blair
        .co_mentioned
        .iter()
        .map(|c| (c.canonical.as_str(), c.articles))
        .collect();
    assert_eq!(co.len(), 2);
    assert!(co.contains(&("Labour", 2)) && co.contains(&("London", 2)));
    assert_eq!((blair.first_day, blair.last_day), (Some(1), Some(2)));
    rows.reverse();
    let again = index(&rows, &[("a2", 2), ("a1", 1)]);
    assert_eq!(again.rows, ix.rows);
}

#[test]
fn mentions_give_the_aliases_most_frequent_first() {
    let rows = [entity("a1", "United States", Location, 3)];
    let mention = |text: &str| MentionName {
        text: text.into(),
        entity_id: rows[0].entity_id.clone(),
        role: None,
    };
    let mut b = CorpusIndexBuilder::default();
    b.add_entities(&rows);
    b.add_mentions(&[mention("U.S."), mention("US"), mention("U.S.")]);
    let ix = b.finish();
    assert_eq!(ix.rows[0].aliases, ["U.S.", "US", "United States"]);
}
