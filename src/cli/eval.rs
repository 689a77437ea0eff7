//! `newsprint eval`: the extractors scored on the shared evaluation corpora, with the
//! figures and targets printed for people.

use anyhow::{Context, Result, bail};

use newsprint::formats::html::HtmlExtractor;

pub fn eval_extraction(
    corpora: &std::path::Path,
    body_misses: Option<&std::path::Path>,
    extractor: HtmlExtractor,
) -> Result<()> {
    use newsprint_eval::extraction::{
        extract_bodies, read_bodies, score_against_truth, write_misses,
    };
    let root = corpora.join("article-extraction-benchmark");
    println!(
        "== body text (article-extraction-benchmark, 4-token shingles; P over non-empty pages) =="
    );
    let (bodies, pages_per_second) = extract_bodies(&root, extractor)?;
    let ours = score_against_truth(&root, &bodies)?;
    println!(
        "newsprint        F1 {:.3}  P {:.3}  R {:.3}  empty {}/{}  ({pages_per_second:.0} pages/s, one thread, parse+normalize, {extractor:?} extractor)",
        ours.f1, ours.precision, ours.recall, ours.empty, ours.pages
    );
    if let Some(dir) = body_misses {
        write_misses(&root, &bodies, dir)?;
        println!("(body misses written to {})", dir.display());
    }
    // The benchmark's stored outputs of other extractors, scored by the same code: a check
    // of the metric against the published figures (rs_trafilatura 0.970, trafilatura 0.958).
    for name in ["rs_trafilatura", "trafilatura", "readability", "newspaper"] {
        let path = root
            .join("reference-outputs")
            .join(format!("{name}.json.gz"));
        if let Ok(outputs) = read_bodies(&path) {
            let s = score_against_truth(&root, &outputs)?;
            println!(
                "{name:<16} F1 {:.3}  P {:.3}  R {:.3}  (stored output)",
                s.f1, s.precision, s.recall
            );
        }
    }
    println!("target: F1 >= 0.970; Python trafilatura 2.3.1 measured 0.960 here\n");
    Ok(())
}

pub fn eval_entities(
    corpora: &std::path::Path,
    conll_trained: bool,
    ner_model: Option<&std::path::Path>,
) -> Result<()> {
    use newsprint::ner::{Model, evaluate, read_conll, shipped_model, tokens_per_second};
    println!("\n== entities (exact span and type, conlleval-style P/R/F1) ==");
    let sets = [
        ("CoNLL-2003 valid", "conll2003/valid.txt", false),
        ("GUM test", "gum_en/gum-permissive-test.conll", false),
        (
            "UNER PUD (all types; gold has no MISC)",
            "uner_en/en_pud-test.conll",
            false,
        ),
        ("UNER PUD (PER/ORG/LOC)", "uner_en/en_pud-test.conll", true),
    ];
    let score = |model: &Model, label: &str, sets: &[(&str, &str, bool)]| -> Result<()> {
        println!("model: {label}");
        for (name, file, no_misc) in sets {
            let docs =
                read_conll(&corpora.join(file)).with_context(|| format!("reading {file}"))?;
            print!("{}", evaluate(model, &docs, *no_misc).report(name));
        }
        Ok(())
    };
    let loaded;
    let (shipped, label) = match ner_model {
        Some(path) => {
            loaded = Model::load(path).with_context(|| format!("loading {}", path.display()))?;
            (
                &loaded,
                format!("{} (given with --ner-model)", path.display()),
            )
        }
        None => (
            shipped_model(),
            "shipped (permissive training data)".to_string(),
        ),
    };
    score(shipped, &label, &sets)?;
    let valid = read_conll(&corpora.join(sets[0].1))?;
    println!(
        "speed: {:.0} tokens/s (one thread, CoNLL valid, features + two passes)",
        tokens_per_second(shipped, &valid, 2.0)
    );
    if conll_trained {
        let opts = newsprint::ner::TrainOptions::default();
        let model = newsprint::ner::train(&[corpora.join("conll2003/train.txt")], None, &opts)?;
        score(
            &model,
            "trained on CoNLL-2003 train (evaluation only, never shipped)",
            &sets[..1],
        )?;
    }
    println!(
        "targets: shipped >= 78 F1 on CoNLL valid; spaCy en_core_web_sm 64.7 there; CoNLL-trained >= 91"
    );
    Ok(())
}

pub fn eval_dates(
    corpora: &std::path::Path,
    passes: usize,
    misses_dir: Option<&std::path::Path>,
) -> Result<()> {
    use newsprint::dates::eval::{Report, eval_meantime, eval_tempeval3};
    let timebank = corpora.join("tempeval3/TimeBank");
    if !timebank.is_dir() {
        bail!(
            "{} not found: pass --corpora DIR (the folder with tempeval3/ and meantime_en/)",
            timebank.display()
        );
    }
    println!(
        "== dates (TempEval-3 scoring: relaxed = overlap; value F1 = relaxed F1 x value accuracy) =="
    );
    let tb = eval_tempeval3(&timebank, "TimeBank", passes);
    let aq = eval_tempeval3(&corpora.join("tempeval3/AQUAINT"), "AQUAINT", passes);
    let both = Report::combine("TimeBank+AQUAINT", &[&tb, &aq]);
    let mt = eval_meantime(
        &corpora.join("meantime_en/intra_cross-doc_annotation"),
        passes,
    );
    for r in [&tb, &aq, &both, &mt] {
        println!("{}", r.summary());
    }
    if let Some(dir) = misses_dir {
        std::fs::create_dir_all(dir)?;
        for r in [&tb, &aq, &mt] {
            let path = dir.join(format!("{}.tsv", r.name));
            std::fs::write(&path, &r.misses)
                .with_context(|| format!("writing {}", path.display()))?;
        }
    }
    println!(
        "targets: value F1 >= 80 and relaxed F1 >= 91 on each set; HeidelTime 77.61 value F1 on TempEval-3 test"
    );
    Ok(())
}

/// `newsprint eval --neardup DIR` / `--neardup-real DIR`: the near-duplicate benchmark's
/// scores per edit kind (newsprint's, timed, or a peer's clusters file), and the clusters
/// among real texts.
pub fn eval_neardup(
    set: Option<&std::path::Path>,
    clusters: Option<&std::path::Path>,
    label: &str,
    real: Option<&std::path::Path>,
) -> Result<()> {
    let result = neardup_reports(set, clusters, label, real);
    // A closed pipe (`| head`) only means nobody reads the rest: not an error.
    match result {
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            Ok(())
        }
        other => other,
    }
}

fn neardup_reports(
    set: Option<&std::path::Path>,
    clusters: Option<&std::path::Path>,
    label: &str,
    real: Option<&std::path::Path>,
) -> Result<()> {
    use newsprint_eval::neardup;
    let params = newsprint::neardup::Params::default();
    let mut out = std::io::stdout().lock();
    if let Some(dir) = set {
        match clusters {
            Some(file) => {
                let set = neardup::load_set(dir)
                    .with_context(|| format!("reading the near-duplicate set {}", dir.display()))?;
                let found = neardup::read_clusters(file)
                    .with_context(|| format!("reading {}", file.display()))?;
                neardup::write_score(&mut out, label, &neardup::score(&set, &found))?;
            }
            None => neardup::eval_newsprint(dir, &params, &mut out)
                .with_context(|| format!("scoring the near-duplicate set {}", dir.display()))?,
        }
    }
    if let Some(dir) = real {
        neardup::real_report(dir, &params, &mut out)
            .with_context(|| format!("reading {}", dir.display()))?;
    }
    Ok(())
}
