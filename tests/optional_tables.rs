//! The tables a pipeline can turn off (`[extract] quotes`, `[neardup] enabled`,
//! `[corpus_entities] enabled`) are published empty with their schema, every other table is
//! what it is with them on, each entity is then its own corpus entity, and turning one back
//! on re-runs only the stage that makes it. A sharded run turned off publishes the index
//! empty after finalize too.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use newsprint::model::{CorpusEntity, EntityMention, NearDuplicate, Quote};
use newsprint::parquet_io::read_table;

/// Five articles of our own: "Ilse Varga" in full in some, "Varga" alone in another, and
/// people quoted by name.
fn input() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus_entities")
}

const ALL_OFF: &str =
    "[extract]\nquotes = false\n[neardup]\nenabled = false\n[corpus_entities]\nenabled = false\n";

fn table_bytes(dataset: &Path, table: &str) -> Vec<(String, Vec<u8>)> {
    parquet_bytes(&dataset.join(table))
}

#[test]
fn turned_off_tables_are_empty_and_the_others_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let on = tmp.path().join("on");
    ok(&run_inputs(&[&input()], &on, &[]));
    let off = tmp.path().join("off");
    let file = write_pipeline_file(tmp.path(), &input(), &off, ALL_OFF);
    ok(&newsprint(&["run", path_str(&file), "-q"]));

    // With everything on, the corpus has quotes, clusters and a joined surname.
    assert!(!read_table::<Quote>(&on.join("quotes")).unwrap().is_empty());
    assert!(
        !read_table::<NearDuplicate>(&on.join("near_duplicates"))
            .unwrap()
            .is_empty()
    );
    let mentions_on: Vec<EntityMention> = read_table(&on.join("mentions")).unwrap();
    let corpus_id = |mentions: &[EntityMention], text: &str| -> (String, String) {
        let m = mentions.iter().find(|m| m.text == text).unwrap();
        (m.entity_id.clone(), m.corpus_entity_id.clone())
    };
    let (lone_on, full_on) = (
        corpus_id(&mentions_on, "Varga"),
        corpus_id(&mentions_on, "Ilse Varga"),
    );
    assert_ne!(lone_on.0, full_on.0);
    assert_eq!(lone_on.1, full_on.1, "the lone surname joins the full name");

    // Off: the three tables are there, empty, and the rest is the same, byte for byte.
    assert!(read_table::<Quote>(&off.join("quotes")).unwrap().is_empty());
    assert!(
        read_table::<NearDuplicate>(&off.join("near_duplicates"))
            .unwrap()
            .is_empty()
    );
    assert!(
        read_table::<CorpusEntity>(&off.join("corpus_entities"))
            .unwrap()
            .is_empty()
    );
    for table in ["articles", "links", "dates", "rejects"] {
        assert_eq!(table_bytes(&on, table), table_bytes(&off, table), "{table}");
    }
    // The mentions are the same but for the corpus id, which is each entity's own.
    let mentions_off: Vec<EntityMention> = read_table(&off.join("mentions")).unwrap();
    assert_eq!(mentions_off.len(), mentions_on.len());
    for (a, b) in mentions_on.iter().zip(&mentions_off) {
        assert_eq!(b.corpus_entity_id, b.entity_id);
        let mut same = b.clone();
        same.corpus_entity_id.clone_from(&a.corpus_entity_id);
        assert_eq!(a, &same);
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(off.join("_manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["corpus_entities"], 0);
    assert_eq!(manifest["quotes"], 0);

    // The index back on: publish alone runs again, and gives the joined ids.
    let file = write_pipeline_file(
        tmp.path(),
        &input(),
        &off,
        "[extract]\nquotes = false\n[neardup]\nenabled = false\n",
    );
    let again = ok(&newsprint(&["run", path_str(&file), "-q"]));
    assert!(again.contains("ran: write"), "{again}");
    assert!(!again.contains("extract"), "{again}");
    let mentions: Vec<EntityMention> = read_table(&off.join("mentions")).unwrap();
    assert_eq!(
        corpus_id(&mentions, "Varga").1,
        corpus_id(&mentions, "Ilse Varga").1
    );
    // Quotes back on: extract runs again.
    let file = write_pipeline_file(tmp.path(), &input(), &off, "");
    let again = ok(&newsprint(&["run", path_str(&file), "-q"]));
    assert!(again.contains("extract"), "{again}");
    assert_eq!(table_bytes(&on, "quotes"), table_bytes(&off, "quotes"));
}

#[test]
fn sharded_run_with_the_index_off_finalizes_it_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    let file = write_pipeline_file(
        tmp.path(),
        &input(),
        &out,
        "[corpus_entities]\nenabled = false\n",
    );
    for spec in ["0/2", "1/2"] {
        ok(&newsprint(&["run", path_str(&file), "--shard", spec, "-q"]));
    }
    ok(&newsprint(&["finalize", path_str(&out)]));
    assert!(
        read_table::<CorpusEntity>(&out.join("corpus_entities"))
            .unwrap()
            .is_empty()
    );
    let mentions: Vec<EntityMention> = read_table(&out.join("mentions")).unwrap();
    assert!(!mentions.is_empty());
    assert!(mentions.iter().all(|m| m.corpus_entity_id == m.entity_id));
}
