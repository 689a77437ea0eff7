//! Constructions added for the PolNeAR dev targets, one sentence of our own each, named
//! after the case it guards.

use newsprint_quotes::{Quote, find_quotes};

fn parts<'t>(text: &'t str, q: &Quote) -> Vec<&'t str> {
    q.parts.iter().map(|&(a, b)| &text[a..b]).collect()
}

fn with_cue<'q, 'a>(q: &'q [Quote<'a>], cue: &str) -> &'q Quote<'a> {
    q.iter()
        .find(|x| x.cue.is_some_and(|c| c.text == cue))
        .unwrap_or_else(|| panic!("no quote with cue {cue}: {q:?}"))
}

#[test]
fn content_stops_before_a_new_attribution_after_a_comma() {
    let text = "The mayor said the ferry would run all winter, the harbour master replied that it would not.\n";
    let q = find_quotes(text, &[]);
    let first = with_cue(&q, "said");
    assert_eq!(parts(text, first), ["the ferry would run all winter"]);
    assert_eq!(first.source.unwrap().text, "The mayor");
}

#[test]
fn asked_with_an_indirect_question() {
    let text = "The minister was asked whether the tunnel would open in June. Farmers asked if the tolls would fall.\n";
    let q = find_quotes(text, &[]);
    let passive = q
        .iter()
        .find(|x| text[x.start()..].starts_with("whether"))
        .expect("passive ask");
    assert_eq!(
        parts(text, passive),
        ["whether the tunnel would open in June"]
    );
    assert!(passive.source.is_none());
    let active = q
        .iter()
        .find(|x| text[x.start()..].starts_with("if"))
        .expect("active ask");
    assert_eq!(parts(text, active), ["if the tolls would fall"]);
    assert_eq!(active.source.unwrap().text, "Farmers");
}

#[test]
fn participle_after_a_comma_inside_closing_marks() {
    let text =
        "Senator Holm gave a defence of \"small towns,\" saying they carried the state in May.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "saying");
    assert_eq!(parts(text, p), ["they carried the state in May"]);
    assert_eq!(p.source.unwrap().text, "Senator Holm");
}

#[test]
fn participle_shares_a_lowercase_subject() {
    let text = "farmers in the valley have blocked the road for a week, saying the new tax would ruin them.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "saying");
    assert_eq!(parts(text, p), ["the new tax would ruin them"]);
    assert!(p.source.unwrap().text.starts_with("farmers"));
}

#[test]
fn progressive_cue_has_its_subject_before_the_auxiliary() {
    let text = "Governor Lund is telling reporters the budget will balance by spring.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].source.unwrap().text, "Governor Lund");
}

#[test]
fn object_of_a_stance_verb_stops_before_time_and_circumstance() {
    let text = "The union endorsed Ortega last week. The council praised the new bridge during a visit on Monday.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(parts(text, with_cue(&q, "endorsed")), ["Ortega"]);
    assert_eq!(parts(text, with_cue(&q, "praised")), ["the new bridge"]);
}

#[test]
fn finding_after_its_content() {
    let text = "The fund lent the campaign two million dollars last month, filings show.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "show");
    assert_eq!(
        parts(text, p),
        ["The fund lent the campaign two million dollars last month"]
    );
    assert_eq!(p.source.unwrap().text, "filings");
}

#[test]
fn time_between_subject_and_cue() {
    let text = "Mayor Ruiz on Friday said the tunnel would close for a month.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "said");
    assert_eq!(p.source.unwrap().text, "Mayor Ruiz");
    assert_eq!(parts(text, p), ["the tunnel would close for a month"]);
}

#[test]
fn relative_word_before_the_source_is_content() {
    let text = "The council cut the grants, which the mayor said were wasted on consultants.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "said");
    assert_eq!(parts(text, p), ["which", "were wasted on consultants"]);
    assert_eq!(p.source.unwrap().text, "the mayor");
}

#[test]
fn medium_phrase_after_a_cue_that_follows_its_content() {
    let text = "The deficit will double by 2030, the treasury said in a report on Monday.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "said");
    assert_eq!(parts(text, p), ["The deficit will double by 2030"]);
    assert_eq!(p.source.unwrap().text, "the treasury");
}

#[test]
fn poll_opening_the_sentence_is_the_source() {
    let text =
        "In a survey released by the college on Monday, most students said they would vote.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "In");
    assert_eq!(parts(text, p), ["most students said they would vote"]);
    assert_eq!(
        p.source.unwrap().text,
        "a survey released by the college on Monday"
    );
}

#[test]
fn cue_without_a_subject_in_reach_takes_the_sentence_subject() {
    let text = "Senator Ames, who chairs the panel and rarely speaks, then warned against cuts to the coast guard.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "warned against");
    assert_eq!(parts(text, p), ["cuts to the coast guard"]);
    assert_eq!(p.source.unwrap().text, "Senator Ames");
}

#[test]
fn title_of_a_place_resolves_to_the_title_holder() {
    use newsprint_quotes::{EntityKind, Mention};
    let text = "Ana Ruiz, the mayor of Norrvik, opened the bridge. The mayor of Norrvik said the tolls would end in May.\n";
    let mut m = Vec::new();
    m.push(Mention {
        start: 0,
        end: 8,
        kind: EntityKind::Person,
        canonical: "Ana Ruiz",
        entity_id: 1,
        role: Some("mayor"),
    });
    for (start, _) in text.match_indices("Norrvik") {
        m.push(Mention {
            start,
            end: start + 7,
            kind: EntityKind::Location,
            canonical: "Norrvik",
            entity_id: 2,
            role: None,
        });
    }
    let q = find_quotes(text, &m);
    let p = with_cue(&q, "said");
    assert_eq!(p.source.unwrap().text, "The mayor of Norrvik");
    assert_eq!(p.speaker.map(|s| s.canonical), Some("Ana Ruiz"));
}

#[test]
fn title_of_a_place_with_no_holder_is_not_the_place() {
    use newsprint_quotes::{EntityKind, Mention};
    let text = "The mayor of Norrvik said the tolls would end in May.\n";
    let at = text.find("Norrvik").unwrap();
    let m = [Mention {
        start: at,
        end: at + 7,
        kind: EntityKind::Location,
        canonical: "Norrvik",
        entity_id: 2,
        role: None,
    }];
    let q = find_quotes(text, &m);
    let p = with_cue(&q, "said");
    assert_eq!(p.source.unwrap().text, "The mayor of Norrvik");
    assert!(p.speaker.is_none(), "{:?}", p.speaker);
}

#[test]
fn quotation_goes_on_from_a_reported_attribution_closing_the_sentence_before() {
    let text = "The ferry will stop in March, the harbour master said. \"We have no crew left for the winter.\"\n";
    let q = find_quotes(text, &[]);
    let d = q.iter().find(|x| x.direct).expect("direct quote");
    assert_eq!(d.source.unwrap().text, "the harbour master");
    assert_eq!(d.cue.unwrap().text, "said");
}

#[test]
fn stance_verbs_of_support_and_characterisation() {
    let text =
        "Most farmers support the new water law. The governor likened the plan to a tax on rain.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(parts(text, with_cue(&q, "support")), ["the new water law"]);
    assert_eq!(
        parts(text, with_cue(&q, "likened")),
        ["the plan to a tax on rain"]
    );
}

#[test]
fn stance_inside_a_reported_content_is_part_of_it() {
    let text = "The survey found that most farmers support the new water law.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].cue.unwrap().text, "found");
}

#[test]
fn infinitive_cue_takes_the_subject_of_its_clause() {
    let text = "After the vote, the farmers union went to the capital to demand a new water law.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "demand");
    assert_eq!(parts(text, p), ["a new water law"]);
    assert_eq!(p.source.unwrap().text, "the farmers union");
}

#[test]
fn relative_word_is_the_source_of_an_infinitive_cue() {
    let text = "It was the clerk who told his staff never to discuss the merger with anyone.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "discuss");
    assert_eq!(p.source.unwrap().text, "who");
}

#[test]
fn participle_after_its_noun() {
    let text = "At the hall, pastors supporting the mayor, some forty of them, sang.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "supporting");
    assert_eq!(parts(text, p), ["the mayor"]);
    assert_eq!(p.source.unwrap().text, "pastors");
}

#[test]
fn cue_word_used_as_a_noun_is_no_cue() {
    let text = "The plan drew protests across the United States during the winter.\n";
    let q = find_quotes(text, &[]);
    assert!(q.is_empty(), "{q:?}");
}

#[test]
fn cue_word_after_a_pronoun_is_a_verb() {
    let text = "They plan to close the mine by March.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "plan");
    assert_eq!(p.source.unwrap().text, "They");
    assert_eq!(parts(text, p), ["to close the mine by March"]);
}

#[test]
fn colon_sentence_without_a_cue_introduces_the_quotation() {
    let text =
        "Mayor Ruiz released a short statement:\n\n\"We will rebuild the bridge before winter.\"\n";
    let q = find_quotes(text, &[]);
    let d = q.iter().find(|x| x.direct).expect("direct quote");
    assert_eq!(d.source.unwrap().text, "Mayor Ruiz");
}

#[test]
fn told_with_a_long_hearer() {
    let text = "Ruiz told a town hall in Salem, Oregon, on Monday that the bridge would open.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "told");
    assert_eq!(parts(text, p), ["that the bridge would open"]);
    assert_eq!(p.source.unwrap().text, "Ruiz");
}

#[test]
fn told_with_a_contracted_subject() {
    let text = "Ruiz told the Harbour Post he's not running again.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "told");
    assert_eq!(parts(text, p), ["he's not running again"]);
}

#[test]
fn spoke_to_a_hearer_is_not_content() {
    let text = "Ruiz spoke to reporters outside the town hall.\n";
    let q = find_quotes(text, &[]);
    assert!(q.is_empty(), "{q:?}");
}

#[test]
fn according_to_after_its_content_without_a_comma() {
    let text = "Ticket sales fell by a third according to the league office.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "according to");
    assert_eq!(parts(text, p), ["Ticket sales fell by a third"]);
    assert_eq!(p.source.unwrap().text, "the league office");
}

#[test]
fn raising_verb_with_an_adjective() {
    let text = "The coach seemed certain to leave the club.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "seemed");
    assert_eq!(parts(text, p), ["The coach", "certain to leave the club"]);
    assert!(p.source.is_none());
}

#[test]
fn single_word_object_after_a_verb_and_preposition() {
    let text = "Local editors railed against it.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "railed against");
    assert_eq!(parts(text, p), ["it"]);
    assert_eq!(p.source.unwrap().text, "Local editors");
}

#[test]
fn urged_takes_its_object_and_infinitive() {
    let text = "The union urged the council to delay the vote.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "urged");
    assert_eq!(parts(text, p), ["the council to delay the vote"]);
}

#[test]
fn participles_of_listed_verbs() {
    let text = "The mayor backed the plan, acknowledging that the tolls would rise.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "acknowledging");
    assert_eq!(parts(text, p), ["that the tolls would rise"]);
    assert_eq!(p.source.unwrap().text, "The mayor");
}

#[test]
fn but_that_goes_on_with_the_same_content() {
    let text = "Ruiz said the ferry was late, but that the crew had done nothing wrong.\n";
    let q = find_quotes(text, &[]);
    let p = with_cue(&q, "said");
    assert_eq!(
        parts(text, p),
        ["the ferry was late, but that the crew had done nothing wrong"]
    );
}

#[test]
fn text_that_ends_right_after_a_cue_gives_no_panic() {
    // A body cut off after its cue word (a truncated page): each prefix of these sentences
    // that ends at a word is a text of its own.
    let sentences = [
        "The union endorsed the mayor, who has railed against the tolls, and the senator said he supported the plan, according to aides who wondered whether the council backed it.",
        "“We will not wait,” she said. The group, which he said was growing, criticised the ministry and warned",
        "Pastors supporting the bill, records show, urged lawmakers to vote and questioned",
    ];
    for s in sentences {
        for (i, _) in s.match_indices(' ').chain([(s.len(), "")]) {
            let _ = find_quotes(&s[..i], &[]);
        }
    }
}
