use super::score::cluster_of;
use super::*;

/// A folder of made-up articles in the BBC layout: `<category>/NNN.txt`.
fn write_sources(root: &Path) {
    let words = [
        "harbour", "council", "ferry", "island", "winter", "budget", "school", "market", "storm",
        "engine", "petition", "grant", "repair", "vote", "quay", "fish", "summer", "report",
        "meeting", "contract",
    ];
    for (c, category) in ["business", "sport"].iter().enumerate() {
        std::fs::create_dir_all(root.join(category)).unwrap();
        for n in 1..=30u64 {
            let mut rng = Rng::new(n * 31 + c as u64);
            let paragraphs: Vec<String> = (0..6)
                .map(|_| {
                    (0..30)
                        .map(|_| words[rng.below(words.len())])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let text = format!("Headline {category} {n}\n\n{}\n", paragraphs.join("\n\n"));
            std::fs::write(root.join(category).join(format!("{n:03}.txt")), text).unwrap();
        }
    }
}

#[test]
fn a_generated_set_has_its_pairs_and_newsprint_finds_the_copies() {
    let root = std::env::temp_dir().join(format!("neardup-gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    write_sources(&root.join("src"));
    let opts = GenOptions {
        seed: 5,
        pairs: 12,
        negatives: 8,
    };
    let summary = generate(&root.join("src"), &root.join("set"), &opts).unwrap();
    assert_eq!(summary.sources, 60);
    assert_eq!(summary.articles, 72);
    assert!(KINDS.iter().all(|k| summary.pairs[*k] == 2));
    assert_eq!(summary.pairs[NEGATIVE], 8);
    let set = load_set(&root.join("set")).unwrap();
    assert_eq!(set.articles.len(), 72);
    assert_eq!(set.pairs.len(), 20);
    // The same seed writes the same set.
    generate(&root.join("src"), &root.join("again"), &opts).unwrap();
    for file in ["articles.tsv", "pairs.tsv"] {
        assert_eq!(
            std::fs::read(root.join("set").join(file)).unwrap(),
            std::fs::read(root.join("again").join(file)).unwrap()
        );
    }
    let assignments = run_newsprint(&set, &Params::default());
    let clusters = cluster_of(&set, &assignments);
    let score = score(&set, &clusters);
    for k in &score.kinds {
        if k.kind != "replaced" {
            assert_eq!(k.found, k.pairs, "{k:?}");
        }
        assert_eq!(k.precision(), 1.0, "{k:?}");
    }
    assert_eq!(score.negatives_merged, 0);
    assert_eq!(score.representative_right, score.representative_checked);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn the_scorer_counts_pairs_by_kind_and_merged_negatives() {
    let article = |id: &str| SetArticle {
        id: id.to_owned(),
        published: Some(1),
        body: String::new(),
    };
    let set = BenchSet {
        articles: ["a", "b", "c", "d", "e"].map(article).to_vec(),
        pairs: vec![
            ("a".into(), "b".into(), "exact".into()),
            ("c".into(), "d".into(), "trimmed".into()),
            ("a".into(), "e".into(), NEGATIVE.into()),
        ],
    };
    // a, b and e in one cluster: the exact pair found, one negative merged, and two
    // wrong pairs (a-e, b-e), one of them with the exact copy b.
    let clusters: HashMap<String, String> = [("a", "a"), ("b", "a"), ("e", "a")]
        .iter()
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect();
    let s = score(&set, &clusters);
    let exact = &s.kinds[0];
    assert_eq!((exact.pairs, exact.found), (1, 1));
    assert_eq!((exact.predicted, exact.correct), (2, 1));
    let trimmed = &s.kinds[2];
    assert_eq!((trimmed.pairs, trimmed.found, trimmed.predicted), (1, 0, 0));
    assert_eq!((s.negatives, s.negatives_merged), (1, 1));
    assert_eq!((s.predicted, s.correct), (3, 1));
}

#[test]
fn dates_round_trip() {
    for d in ["1970-01-01", "2004-01-01", "2004-02-29", "2005-12-31"] {
        assert_eq!(date_of(days_of(d).unwrap()), d);
    }
    assert_eq!(days_of("1970-01-02"), Some(1));
}

#[test]
fn boilerplate_copies_normalise_to_the_original() {
    let paragraphs = vec![
        "The harbour wall was repaired on Monday after the winter storms.".to_owned(),
        "The council paid for the work from its reserves.".to_owned(),
    ];
    let mut rng = Rng::new(3);
    for _ in 0..50 {
        let copy = boilerplate(&mut rng, "Harbour wall repaired", &paragraphs);
        assert_eq!(
            crate::normalize::normalize(&copy.join("\n\n")),
            crate::normalize::normalize(&paragraphs.join("\n\n")),
            "{copy:?}"
        );
    }
}
