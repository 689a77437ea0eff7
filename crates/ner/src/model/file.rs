//! The model file: a gzip stream of the magic, a JSON header, each stage's
//! scale, transitions and sparse rows, then the corpus case and cluster
//! tables, delta-coded by key.

use super::layout::{FILE_MAGIC, Reader};
use super::packed::Packed;
use super::{Head, Header, Model};
use crate::NerError;
use crate::clusters::ClusterTable;
use crate::features::{FEATURE_VERSION, NT};
use crate::hash::IdMap;
use std::io::{Read, Write};
use std::path::Path;

impl Model {
    /// Serialise to the compressed model format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(FILE_MAGIC);
        let header = serde_json::to_vec(&self.header).expect("header serialises");
        raw.extend_from_slice(&(header.len() as u32).to_le_bytes());
        raw.extend_from_slice(&header);
        write_stage(&mut raw, &self.stage1, &self.packed.dense(0));
        raw.push(self.stage2.is_some() as u8);
        if let Some(s) = &self.stage2 {
            write_stage(&mut raw, s, &self.packed.dense(1));
        }
        let mut corpus: Vec<(u32, u8)> = self.corpus.iter().map(|(&k, &v)| (k, v)).collect();
        corpus.sort_unstable();
        raw.extend_from_slice(&(corpus.len() as u32).to_le_bytes());
        let mut prev = 0u32;
        for (k, v) in corpus {
            write_varint(&mut raw, (k - prev) as u64);
            raw.push(v);
            prev = k;
        }
        let mut cl: Vec<(u32, [u16; 2])> = self.clusters.iter().map(|(&k, &v)| (k, v)).collect();
        cl.sort_unstable();
        raw.extend_from_slice(&(cl.len() as u32).to_le_bytes());
        let mut prev = 0u32;
        for (k, v) in cl {
            write_varint(&mut raw, (k - prev) as u64);
            raw.extend_from_slice(&v[0].to_le_bytes());
            raw.extend_from_slice(&v[1].to_le_bytes());
            prev = k;
        }
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&raw).expect("in-memory write");
        enc.finish().expect("in-memory write")
    }

    /// Write the model file (gzip-compressed).
    pub fn save(&self, path: &Path) -> Result<(), NerError> {
        std::fs::write(path, self.to_bytes())?;
        Ok(())
    }

    /// Load a model file written by `save`.
    pub fn load(path: &Path) -> Result<Model, NerError> {
        Model::from_bytes(&std::fs::read(path)?)
    }

    /// Parse a model from bytes (e.g. `include_bytes!` of the shipped file).
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, NerError> {
        let mut raw = Vec::new();
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut raw)?;
        Model::from_raw_bytes(&raw)
    }

    /// Parse a model from the bytes of a model file once inflated.
    pub(crate) fn from_raw_bytes(raw: &[u8]) -> Result<Model, NerError> {
        let mut r = Reader::new(raw);
        let header = checked_header(r.header(FILE_MAGIC).map_err(NerError::Format)?)?;
        let bits = header.hash_bits;
        let stage1 = r.stage(bits).map_err(NerError::Format)?;
        let stage2 = match r.take(1).map_err(NerError::Format)?[0] {
            1 => Some(r.stage(bits).map_err(NerError::Format)?),
            _ => None,
        };
        let (corpus, clusters) = read_tables(&mut r)?;
        Ok(Model::from_parts(header, stage1, stage2, corpus, clusters))
    }

    /// The model of an image (`layout::image_of_file`), its weight tables borrowed from
    /// the image's bytes.
    pub(crate) fn from_image(image: &'static [u8]) -> Result<Model, NerError> {
        let image = super::layout::read_image(image).map_err(NerError::Format)?;
        let header = checked_header(image.header)?;
        let packed = Packed::from_image(image.index, image.rows);
        if packed.blocks() != (1usize << header.hash_bits).div_ceil(64) {
            return Err(NerError::Format(
                "the image's index does not match its hash_bits".into(),
            ));
        }
        let (corpus, clusters) = read_tables(&mut Reader::new(image.tables))?;
        Ok(Model::with_packed(
            header,
            image.stage1,
            image.stage2,
            packed,
            corpus,
            clusters,
        ))
    }
}

/// The JSON header, when this build can use the model it describes.
fn checked_header(json: &[u8]) -> Result<Header, NerError> {
    let header: Header =
        serde_json::from_slice(json).map_err(|e| NerError::Format(e.to_string()))?;
    if header.feature_version != FEATURE_VERSION || header.n_tags as usize != NT {
        return Err(NerError::Format(format!(
            "model uses feature version {} (this build: {FEATURE_VERSION})",
            header.feature_version
        )));
    }
    if header.hash_bits < 8 || header.hash_bits > 26 {
        return Err(NerError::Format("bad hash_bits".into()));
    }
    Ok(header)
}

/// The corpus case and cluster tables, delta-coded by key.
fn read_tables(r: &mut Reader) -> Result<(IdMap<u32, u8>, ClusterTable), NerError> {
    let fmt = NerError::Format;
    let n = r.u32().map_err(fmt)? as usize;
    let mut corpus = IdMap::default();
    corpus.reserve(n.min(r.b.len()));
    let mut prev = 0u32;
    for _ in 0..n {
        let k = prev.wrapping_add(r.varint().map_err(fmt)? as u32);
        let v = r.take(1).map_err(fmt)?[0];
        corpus.insert(k, v);
        prev = k;
    }
    let n = r.u32().map_err(fmt)? as usize;
    let mut clusters = ClusterTable::default();
    clusters.reserve(n.min(r.b.len()));
    let mut prev = 0u32;
    for _ in 0..n {
        let k = prev.wrapping_add(r.varint().map_err(fmt)? as u32);
        let b = r.take(4).map_err(fmt)?;
        clusters.insert(
            k,
            [
                u16::from_le_bytes([b[0], b[1]]),
                u16::from_le_bytes([b[2], b[3]]),
            ],
        );
        prev = k;
    }
    Ok((corpus, clusters))
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn write_stage(raw: &mut Vec<u8>, s: &Head, w: &[i16]) {
    raw.extend_from_slice(&s.scale.to_le_bytes());
    for &t in &s.trans {
        raw.extend_from_slice(&t.to_le_bytes());
    }
    // Sparse rows: most buckets are empty or were pruned, so store only
    // non-zero rows (delta-coded row index + NT weights).
    let rows: Vec<usize> = (0..w.len() / NT)
        .filter(|&r| w[r * NT..r * NT + NT].iter().any(|&x| x != 0))
        .collect();
    raw.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    let mut prev = 0usize;
    for &r in &rows {
        write_varint(raw, (r - prev) as u64);
        prev = r;
    }
    // Column-major within the sparse rows compresses better (similar values per tag).
    for k in 0..NT {
        for &r in &rows {
            raw.extend_from_slice(&w[r * NT + k].to_le_bytes());
        }
    }
}
