//! The model image: the shipped one is the shipped file, packed; an image read at any
//! address gives the same model; a damaged one is refused.

use super::Model;
use super::layout::image_of_file;
use crate::train::{TrainOptions, parse_conll, train_docs};
use std::io::Read;

/// The image of a model file, as `build.rs` makes it, at a 'static address `skew` bytes
/// past an allocation's start (which is aligned to at least 8).
fn leaked_image(file: &[u8], skew: usize) -> &'static [u8] {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut raw)
        .unwrap();
    let bits = Model::from_raw_bytes(&raw).unwrap().header.hash_bits;
    let image = image_of_file(&raw, |_| Ok(bits)).unwrap();
    let mut bytes = vec![0u8; skew];
    bytes.extend_from_slice(&image);
    &Box::leak(bytes.into_boxed_slice())[skew..]
}

fn assert_same_model(a: &Model, b: &Model) {
    assert_eq!(
        serde_json::to_string(&a.header).unwrap(),
        serde_json::to_string(&b.header).unwrap()
    );
    assert_eq!(a.stage1.scale, b.stage1.scale);
    assert_eq!(a.stage1.trans, b.stage1.trans);
    assert_eq!(
        a.stage2.as_ref().map(|s| (s.scale, &s.trans)),
        b.stage2.as_ref().map(|s| (s.scale, &s.trans))
    );
    for stage in 0..2 {
        assert!(
            a.packed.dense(stage) == b.packed.dense(stage),
            "stage {stage}"
        );
    }
    assert_eq!(a.corpus.len(), b.corpus.len());
    assert_eq!(a.clusters.len(), b.clusters.len());
    let sent = vec![
        "Angela Merkel met Emmanuel Macron in Paris on Monday , Reuters said ."
            .split(' ')
            .collect::<Vec<_>>(),
    ];
    assert_eq!(a.tag_document_iob(&sent), b.tag_document_iob(&sent));
}

const SHIPPED_FILE: &[u8] = include_bytes!("../../models/ner-en-permissive.bin.gz");

#[test]
fn shipped_image_is_the_shipped_model_file() {
    let from_file = Model::from_bytes(SHIPPED_FILE).unwrap();
    let shipped = crate::shipped_model();
    assert!(
        shipped.packed.borrows_tables(),
        "the embedded image is read in place"
    );
    assert_same_model(&from_file, shipped);
}

#[test]
fn image_at_an_unaligned_address_is_decoded_alike() {
    let image = leaked_image(SHIPPED_FILE, 1);
    let model = Model::from_image(image).unwrap();
    assert!(!model.packed.borrows_tables());
    assert_same_model(&model, crate::shipped_model());
}

#[test]
fn image_of_a_trained_model_tags_like_its_file() {
    let docs = parse_conll(
        "Alice B-PER\nSmith I-PER\nvisited O\nParis B-LOC\nwith O\nAcme B-ORG\nCorp I-ORG\n. O\n\n\
         Bob B-PER\nJones I-PER\njoined O\nAcme B-ORG\nin O\nLondon B-LOC\n. O\n",
    );
    let opts = TrainOptions {
        epochs: 5,
        hash_bits: 12,
        two_pass: true,
        ..Default::default()
    };
    let model = train_docs(&docs, None, &opts, vec!["tiny".into()]).unwrap();
    let file = model.to_bytes();
    for skew in [0, 64, 3] {
        let from_image = Model::from_image(leaked_image(&file, skew)).unwrap();
        assert_same_model(&Model::from_bytes(&file).unwrap(), &from_image);
    }
}

#[test]
fn damaged_image_is_refused_not_read() {
    let image = leaked_image(SHIPPED_FILE, 0);
    for cut in [0, 7, 100, image.len() / 2, image.len() - 1] {
        let err = Model::from_image(&image[..cut]).err().expect("refused");
        assert!(
            err.to_string().contains("truncated") || err.to_string().contains("magic"),
            "{err}"
        );
    }
    let mut other = image.to_vec();
    other[3] ^= 0x20;
    let other: &'static [u8] = Box::leak(other.into_boxed_slice());
    assert!(Model::from_image(other).is_err());
}
