//! One sentence of our own per construction the rules handle, with the outcome asserted.

use newsprint_quotes::{EntityKind, Mention, Quote, find_quotes};

/// A person mention for every occurrence of `name` in `text`.
fn people<'a>(text: &str, names: &[(&'a str, &'a str, Option<&'a str>)]) -> Vec<Mention<'a>> {
    let mut out = Vec::new();
    for (i, &(written, canonical, role)) in names.iter().enumerate() {
        for (start, _) in text.match_indices(written) {
            out.push(Mention {
                start,
                end: start + written.len(),
                kind: EntityKind::Person,
                canonical,
                entity_id: i as u64 + 1,
                role,
            });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

fn parts<'t>(text: &'t str, q: &Quote) -> Vec<&'t str> {
    q.parts.iter().map(|&(a, b)| &text[a..b]).collect()
}

fn speaker<'a>(q: &Quote<'a>) -> Option<&'a str> {
    q.speaker.map(|s| s.canonical)
}

#[test]
fn quote_after_its_attribution_and_interrupted() {
    let text = "Mayor Ana Ruiz opened the bridge on Monday.\n\n\"We waited ten years for this,\" Ruiz said, \"and it was worth every day.\"\n";
    let m = people(
        text,
        &[
            ("Ana Ruiz", "Ana Ruiz", Some("Mayor")),
            ("Ruiz", "Ana Ruiz", None),
        ],
    );
    let q = find_quotes(text, &m);
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].direct);
    assert_eq!(
        parts(text, &q[0]),
        [
            "\"We waited ten years for this,\"",
            "\"and it was worth every day.\""
        ]
    );
    assert_eq!(q[0].cue.unwrap().text, "said");
    assert_eq!(q[0].source.unwrap().text, "Ruiz");
    assert_eq!(speaker(&q[0]), Some("Ana Ruiz"));
}

#[test]
fn quote_before_and_after_attribution_with_curly_marks() {
    let text = "The coach told reporters: “We played without fear.” Later, “The league owes us an answer,” said Tom Bell, the club’s chairman.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(parts(text, &q[0]), ["“We played without fear.”"]);
    assert_eq!(q[0].source.unwrap().text, "The coach");
    assert_eq!(q[0].cue.unwrap().text, "told");
    assert_eq!(parts(text, &q[1]), ["“The league owes us an answer,”"]);
    assert_eq!(q[1].source.unwrap().text, "Tom Bell");
}

#[test]
fn pronoun_prefers_the_previous_speaker() {
    let text = "Nina Park met Omar Said at the port. \"The ships will sail on time,\" Park said. \"Nobody should worry,\" she added.\n";
    let m = people(
        text,
        &[
            ("Nina Park", "Nina Park", None),
            ("Omar Said", "Omar Said", None),
            ("Park", "Nina Park", None),
        ],
    );
    let q = find_quotes(text, &m);
    let last = q.last().unwrap();
    assert_eq!(parts(text, last), ["\"Nobody should worry,\""]);
    assert_eq!(last.source.unwrap().text, "she");
    assert_eq!(speaker(last), Some("Nina Park"));
}

#[test]
fn quote_continues_over_paragraphs() {
    let text = "The minister spoke for an hour.\n\n“We will build the dam first. The money is there.\n\n“Then we will build the road,” she said.\n\nThe audience left.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    let content = parts(text, &q[0]).concat();
    assert!(
        content.starts_with("“We will build the dam first."),
        "{content}"
    );
    assert!(content.ends_with("build the road,”"), "{content}");
    assert_eq!(q[0].source.unwrap().text, "she");
}

#[test]
fn speaker_named_in_the_sentence_before() {
    let text = "Lena Ortiz was blunt about the delay. \"The contract was signed in March and nothing has moved since.\"\n";
    let m = people(text, &[("Lena Ortiz", "Lena Ortiz", None)]);
    let q = find_quotes(text, &m);
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(q[0].direct);
    assert!(q[0].cue.is_none());
    assert_eq!(q[0].source.unwrap().text, "Lena Ortiz");
    assert_eq!(speaker(&q[0]), Some("Lena Ortiz"));
}

#[test]
fn according_to_before_and_after() {
    let text = "According to the harbour authority, three cranes broke down last week. The repairs will take a month, according to a port engineer.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].cue.unwrap().text, "According to");
    assert_eq!(q[0].source.unwrap().text, "the harbour authority");
    assert_eq!(parts(text, &q[0]), ["three cranes broke down last week"]);
    assert_eq!(q[1].source.unwrap().text, "a port engineer");
    assert_eq!(parts(text, &q[1]), ["The repairs will take a month"]);
    assert!(!q[0].direct && !q[1].direct);
}

#[test]
fn reported_speech_with_that_clauses() {
    let text = "The ministry said Wednesday that fuel prices would rise in May. It added that subsidies for farmers would stay.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].source.unwrap().text, "The ministry");
    assert_eq!(parts(text, &q[0]), ["that fuel prices would rise in May"]);
    assert_eq!(q[1].source.unwrap().text, "It");
    assert_eq!(q[1].cue.unwrap().text, "added");
    assert_eq!(
        parts(text, &q[1]),
        ["that subsidies for farmers would stay"]
    );
}

#[test]
fn reported_speech_with_the_source_after() {
    let text = "The talks collapsed after midnight, two diplomats said.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(parts(text, &q[0]), ["The talks collapsed after midnight"]);
    assert_eq!(q[0].source.unwrap().text, "two diplomats");
}

#[test]
fn role_noun_resolves_to_the_person_with_that_role() {
    let text = "Club spokesman Piet de Vries declined to name the buyer. The spokesman said the sale would close in June.\n";
    let m = people(
        text,
        &[("Piet de Vries", "Piet de Vries", Some("spokesman"))],
    );
    let q = find_quotes(text, &m);
    // "declined to name the buyer" is a stance of its own; the role noun is in the second
    assert_eq!(q.len(), 2, "{q:?}");
    assert_eq!(q[0].cue.unwrap().text, "declined");
    assert_eq!(q[1].source.unwrap().text, "The spokesman");
    assert_eq!(speaker(&q[1]), Some("Piet de Vries"));
}

#[test]
fn nested_quotation_marks_stay_inside() {
    let text =
        "\"My father always said 'never sell the farm,' and I never will,\" Maria Costa said.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(
        parts(text, &q[0]),
        ["\"My father always said 'never sell the farm,' and I never will,\""]
    );
    assert_eq!(q[0].source.unwrap().text, "Maria Costa");
}

#[test]
fn scare_quotes_and_titles_are_not_quotes() {
    let text = "The so-called \"reform\" was debated for hours. Critics read \"The Long Road Home\" aloud in the hall.\n";
    let q = find_quotes(text, &[]);
    assert!(q.is_empty(), "{q:?}");
}

#[test]
fn partial_quote_inside_reported_speech() {
    let text = "The senator said the plan was \"dead on arrival\" in the House.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(
        parts(text, &q[0]),
        ["the plan was \"dead on arrival\" in the House"]
    );
    assert_eq!(q[0].source.unwrap().text, "The senator");
}

#[test]
fn offsets_convert_to_code_points() {
    let text = "“Ça va,” dit-il. “Très bien,” Zoë said.";
    let cp = newsprint_quotes::byte_to_char_offsets(text);
    let q = find_quotes(text, &[]);
    let last = q.last().unwrap();
    let src = last.source.unwrap();
    assert_eq!(src.text, "Zoë");
    let chars: Vec<char> = text.chars().collect();
    let (a, b) = (cp.char_of(src.start), cp.char_of(src.end));
    assert_eq!(chars[a..b].iter().collect::<String>(), "Zoë");
}

/// Every character boundary of a text with one-, two-, three- and four-byte characters (at
/// its start, middle and end) converts to the count of characters before it.
#[test]
fn offsets_convert_at_every_boundary_whatever_the_character_width() {
    for text in ["", "plain", "é", "Ça “va” 😀 a€b", "😀😀", "x\u{10FFFF}y€"] {
        let cp = newsprint_quotes::byte_to_char_offsets(text);
        for b in (0..=text.len()).filter(|&b| text.is_char_boundary(b)) {
            assert_eq!(
                cp.char_of(b),
                text[..b].chars().count(),
                "{text:?} byte {b}"
            );
        }
    }
}

#[test]
fn stance_verb_with_an_infinitive() {
    let text = "The mayor wants to close the old harbour by spring.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(parts(text, &q[0]), ["to close the old harbour by spring"]);
    assert_eq!(q[0].cue.unwrap().text, "wants");
    assert_eq!(q[0].source.unwrap().text, "The mayor");
}

#[test]
fn raising_verb_has_no_source() {
    let text = "The ferry company seems to be losing money on every crossing.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(
        parts(text, &q[0]),
        ["The ferry company", "to be losing money on every crossing"]
    );
    assert!(q[0].source.is_none());
    // a raising verb before a preposition is no stance
    assert!(find_quotes("Lena Ford appeared with the band on Friday.\n", &[]).is_empty());
}

#[test]
fn participle_takes_the_subject_past_leading_phrases() {
    let text = "On Sunday, after a long meeting, Omar Haddad left the council, saying the budget was a fraud.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(parts(text, &q[0]), ["the budget was a fraud"]);
    assert_eq!(q[0].source.unwrap().text, "Omar Haddad");
}

#[test]
fn attribution_interrupts_after_one_word() {
    let text = "Tolls, the minister said, will double next year.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(parts(text, &q[0]), ["Tolls", "will double next year"]);
    assert_eq!(q[0].source.unwrap().text, "the minister");
}

#[test]
fn medium_of_the_statement_between_cue_and_content() {
    let text = "The union said in a statement Friday its members would strike.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(parts(text, &q[0]), ["its members would strike"]);
}

#[test]
fn source_named_with_a_function_word() {
    let text = "\"We ran out of seed,\" said Will Barrow, a grower near the river.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(q[0].source.unwrap().text, "Will Barrow");
}

#[test]
fn according_to_a_long_source_opening_the_sentence() {
    let text = "According to figures released by the port authority, cargo fell by a third.\n";
    let q = find_quotes(text, &[]);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(parts(text, &q[0]), ["cargo fell by a third"]);
    assert_eq!(
        q[0].source.unwrap().text,
        "figures released by the port authority"
    );
}
