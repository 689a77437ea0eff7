//! The promises of the near-duplicate detector, on articles written for these tests.

use newsprint_neardup::{Article, Assignment, Params, cluster, sketch};

/// A story of seven paragraphs about a harbour town's ferry.
const FERRY: [&str; 7] = [
    "The town council of Port Avel voted on Tuesday evening to keep the island ferry running through the winter, reversing a decision taken in the spring to suspend the service from November.",
    "Councillors were told that more than four hundred residents of Skerry Island depend on the boat to reach the mainland for work, school and hospital appointments, and that a winter without it would leave the island cut off for weeks at a time.",
    "The vote passed by eleven to four after a debate that lasted nearly three hours. Opponents argued that the cost of the service had doubled in five years and that the money would be better spent on repairing the harbour wall.",
    "\"We cannot ask families to choose between their homes and their jobs,\" said Marta Lindqvist, who chairs the transport committee. \"The ferry is the only road they have.\"",
    "The operator, Avel Marine, said it would need to replace one of its two engines before December and had asked the council for an advance on next year's payment to cover the work.",
    "A petition calling for the service to be saved collected more than six thousand signatures in a fortnight, many of them from people who had left the island but still had family there.",
    "The council will review the cost of the service again in March, when the operator's contract comes up for renewal and the state grant for island transport is expected to be announced.",
];

/// A different story about the same town, the same people and the same day.
const HARBOUR: [&str; 6] = [
    "The town council of Port Avel on Tuesday approved plans to repair the harbour wall, which was badly damaged by storms in January, after engineers warned that a further collapse could close the fish market.",
    "Marta Lindqvist, who chairs the transport committee, told the meeting that the repairs would take most of the summer and that boats would have to use the northern quay while the work was done.",
    "The cost of the work is put at two million crowns, of which the state has promised to pay half. The rest will come from the council's reserves, which were built up for the new school.",
    "Fishermen at the meeting asked for the work to start after the herring season ends in August. Engineers said the wall might not last that long and that a temporary barrier would be needed by June.",
    "Avel Marine, which runs the island ferry from the same harbour, said its timetable would not change while the repairs were carried out, as the ferry berth lies outside the damaged section.",
    "The council will publish the engineers' full report next week and hold a public meeting on the plans in the town hall at the end of the month.",
];

fn body(paragraphs: &[&str]) -> String {
    paragraphs.join("\n\n")
}

fn run(bodies: &[(&str, Option<i64>, &str)]) -> Vec<Assignment> {
    let articles: Vec<Article<'_>> = bodies
        .iter()
        .map(|&(id, published, body)| Article {
            id,
            published,
            body,
        })
        .collect();
    cluster(&articles, &Params::default())
}

#[test]
fn a_syndicated_copy_with_byline_dateline_and_credit_lines_clusters_with_the_original() {
    let original = body(&FERRY);
    let mut copy = vec![
        "By Tomas Berg, Reuters".to_owned(),
        format!("PORT AVEL (Reuters) - {}", FERRY[0]),
    ];
    copy.extend(FERRY[1..].iter().map(|p| p.to_string()));
    copy.push("Read more: Harbour wall to be repaired before the summer".to_owned());
    copy.push("Share this article: Facebook Twitter WhatsApp Email".to_owned());
    copy.push("© Reuters 2024".to_owned());
    let copy = copy.join("\n\n");
    let p = Params::default();
    // Normalised, the copy is the original word for word.
    assert_eq!(sketch(&copy, &p), sketch(&original, &p));
    let out = run(&[("wire", Some(10), &original), ("site", Some(11), &copy)]);
    assert_eq!(out[1].cluster_id, "wire");
    assert_eq!(out[1].similarity, 1.0);
}

#[test]
fn a_different_article_on_the_same_event_stays_apart() {
    let ferry = body(&FERRY);
    let harbour = body(&HARBOUR);
    let out = run(&[("ferry", Some(10), &ferry), ("harbour", Some(10), &harbour)]);
    assert_eq!(out[0].cluster_id, "ferry");
    assert_eq!(out[1].cluster_id, "harbour");
    let p = Params::default();
    assert!(sketch(&ferry, &p).jaccard(&sketch(&harbour, &p)) < 0.1);
}

#[test]
fn reordered_paragraphs_and_a_trimmed_tail_cluster() {
    let original = body(&FERRY);
    let reordered = body(&[
        FERRY[0], FERRY[3], FERRY[1], FERRY[2], FERRY[6], FERRY[4], FERRY[5],
    ]);
    let trimmed = body(&FERRY[..3]);
    let other = body(&HARBOUR);
    let out = run(&[
        ("a", Some(5), &original),
        ("b", Some(6), &reordered),
        ("c", Some(7), &trimmed),
        ("d", Some(5), &other),
    ]);
    assert_eq!(out[1].cluster_id, "a");
    assert_eq!(out[1].similarity, 1.0, "the same shingles in another order");
    assert_eq!(out[2].cluster_id, "a", "a tail trimmed to three paragraphs");
    assert!(
        out[2].similarity < 0.8,
        "the estimate says how much is left"
    );
    assert_eq!(out[3].cluster_id, "d");
}

#[test]
fn a_few_words_changed_still_cluster() {
    let original = body(&FERRY);
    let edited = original
        .replace("Tuesday evening", "Tuesday night")
        .replace("four hundred", "400")
        .replace("nearly three hours", "almost three hours");
    let out = run(&[("a", Some(1), &original), ("b", Some(2), &edited)]);
    assert_eq!(out[1].cluster_id, "a");
    assert!(out[1].similarity > 0.7 && out[1].similarity < 1.0);
}

#[test]
fn the_representative_is_the_earliest_then_the_smallest_id_and_undated_comes_last() {
    let text = body(&FERRY);
    let out = run(&[
        ("m", None, &text),
        ("k", Some(20), &text),
        ("z", Some(3), &text),
        ("b", Some(20), &text),
    ]);
    assert!(out.iter().all(|a| a.cluster_id == "z"), "{out:?}");
    let out = run(&[
        ("m", None, &text),
        ("k", Some(20), &text),
        ("b", Some(20), &text),
    ]);
    assert!(out.iter().all(|a| a.cluster_id == "b"), "{out:?}");
    let out = run(&[("m", None, &text), ("c", None, &text)]);
    assert!(out.iter().all(|a| a.cluster_id == "c"), "{out:?}");
}

#[test]
fn articles_without_words_are_their_own_clusters() {
    let out = run(&[
        ("a", Some(1), ""),
        ("b", Some(1), ""),
        ("c", Some(1), "By Anna Berg"),
    ]);
    let ids: Vec<&str> = out.iter().map(|a| a.cluster_id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
}

#[test]
fn the_clusters_are_the_same_at_any_thread_count() {
    // Many articles: copies and edits of two stories among distinct fillers.
    let mut bodies: Vec<(String, Option<i64>, String)> = Vec::new();
    for i in 0..300 {
        let text = match i % 5 {
            0 => body(&FERRY),
            1 => body(&FERRY[..2 + i % 4]),
            2 => body(&HARBOUR),
            _ => format!(
                "Filler story number {i} about nothing in particular, told in words of its own: {}",
                (0..40)
                    .map(|k| format!("w{}", (i * 7919 + k * 104_729) % 100_003))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        };
        bodies.push((
            format!("id{:03}", (i * 37) % 300),
            Some((i % 13) as i64),
            text,
        ));
    }
    let articles: Vec<Article<'_>> = bodies
        .iter()
        .map(|(id, published, body)| Article {
            id,
            published: *published,
            body,
        })
        .collect();
    let runs: Vec<Vec<Assignment>> = [1, 2, 3, 8]
        .iter()
        .map(|&n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .unwrap()
                .install(|| cluster(&articles, &Params::default()))
        })
        .collect();
    for r in &runs[1..] {
        assert_eq!(r, &runs[0]);
    }
    // And the answer is the expected one: 120 ferry copies and trimmed versions together,
    // 60 harbour copies together, and 120 fillers alone.
    let mut sizes = std::collections::BTreeMap::<&str, usize>::new();
    for a in &runs[0] {
        *sizes.entry(&a.cluster_id).or_default() += 1;
    }
    let mut counts: Vec<usize> = sizes.values().copied().collect();
    counts.sort_unstable();
    assert_eq!(counts.len(), 120 + 2);
    assert_eq!(counts[counts.len() - 2..], [60, 120]);
}

#[test]
fn short_bodies_cluster_with_their_copies_whatever_the_containment_sample() {
    // A few shingles each: the 1-in-4 containment sample may keep none of them, and the
    // copies must still be found (by the MinHash values, which use every shingle).
    let briefs = [
        "Ferry saved.",
        "The council voted to keep the ferry.",
        "Harbour wall repaired after the storm, the council said on Tuesday.",
        "Port Avel: ferry runs all winter.\n\nSkerry Island relieved.",
    ];
    for (i, text) in briefs.iter().enumerate() {
        let out = run(&[("a", Some(1), text), ("b", Some(2), text)]);
        assert_eq!(out[1].cluster_id, "a", "brief {i}");
    }
}
