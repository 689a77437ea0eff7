use super::*;

fn load(text: &str) -> Result<Pipeline> {
    Pipeline::from_toml(text, Path::new("pipelines/test.toml"))
}

#[test]
fn unknown_key_names_file_line_and_key() {
    let err = load("[input]\npaths = [\".\"]\n\n[parse]\nmax_bytes = 3\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("pipelines/test.toml"), "{err}");
    assert!(err.contains("line 5"), "{err}");
    assert!(err.contains("max_bytes"), "{err}");
}

#[test]
fn wrong_type_names_line_and_key() {
    let err = load("[input]\npaths = [\".\"]\n[normalize]\nrepair_paragraphs = \"yes\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 4"), "{err}");
    assert!(
        err.contains("repair_paragraphs") || err.contains("boolean"),
        "{err}"
    );
}

#[test]
fn missing_input_names_line_and_key() {
    let err = load("[input]\npaths = [\n  \".\",\n  \"no/such/folder\",\n]\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("pipelines/test.toml: line 4"), "{err}");
    assert!(err.contains("input.paths"), "{err}");
    assert!(err.contains("no/such/folder"), "{err}");
}

#[test]
fn defaults_fill_missing_sections() {
    let p = load("[input]\npaths = [\".\"]\n").unwrap();
    assert_eq!(p.dataset_dir, Path::new("datasets/news"));
    assert!(p.normalize.repair_paragraphs);
    assert_eq!(p.write.zstd_level, 1);
    assert!(p.neardup.enabled);
    assert_eq!(p.neardup.build(), crate::neardup::Params::default());
}

#[test]
fn corpus_index_and_quotes_can_be_turned_off() {
    let p = load("[input]\npaths = [\".\"]\n").unwrap();
    assert!(p.corpus_entities.enabled && p.extract.quotes);
    let p = load(
        "[input]\npaths = [\".\"]\n[extract]\nquotes = false\n[corpus_entities]\nenabled = false\n",
    )
    .unwrap();
    assert!(!p.corpus_entities.enabled && !p.extract.quotes);
    let err = load("[input]\npaths = [\".\"]\n[corpus_entities]\nenabled = 1\n").unwrap_err();
    assert!(err.to_string().contains("corpus_entities.enabled"), "{err}");
}

#[test]
fn neardup_section_is_read_and_built() {
    let p = load(
        "[input]\npaths = [\".\"]\n[neardup]\nshingle = 4\nbands = 20\nrows = 5\nthreshold = 0.6\n",
    )
    .unwrap();
    let params = p.neardup.build();
    assert_eq!((params.shingle, params.bands, params.rows), (4, 20, 5));
    assert_eq!(params.threshold, 0.6);
}

#[test]
fn bad_neardup_values_are_config_errors() {
    for (line, key) in [
        ("shingle = 0", "neardup.shingle"),
        ("bands = 0", "neardup.bands"),
        ("rows = 0", "neardup.rows"),
        ("threshold = 1.5", "neardup.threshold"),
        ("threshold = 0.0", "neardup.threshold"),
        ("containment = -0.1", "neardup.containment"),
        ("containment_sample = 3", "neardup.containment_sample"),
        ("loose_rows = 5", "neardup.loose_rows"),
        ("shingle = \"five\"", "neardup.shingle"),
        ("bogus = 1", "neardup.bogus"),
    ] {
        let err = load(&format!("[input]\npaths = [\".\"]\n[neardup]\n{line}\n")).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{line}: {err}");
        let err = err.to_string();
        assert!(err.contains("line 4"), "{line}: {err}");
        assert!(err.contains(key), "{line}: {err}");
    }
}
