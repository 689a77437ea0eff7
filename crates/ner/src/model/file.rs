//! The model file: a gzip stream of the magic, a JSON header, each stage's
//! scale, transitions and sparse rows, then the corpus case and cluster
//! tables, delta-coded by key.

use super::packed::SparseRows;
use super::{Head, Header, Model};
use crate::NerError;
use crate::clusters::ClusterTable;
use crate::features::{FEATURE_VERSION, NT};
use crate::hash::IdMap;
use std::io::{Read, Write};
use std::path::Path;

const MAGIC: &[u8; 8] = b"NPNER\x00\x01\x00";

impl Model {
    /// Serialise to the compressed model format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut raw = Vec::new();
        raw.extend_from_slice(MAGIC);
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
        let mut r = Reader { b: raw, p: 0 };
        if r.take(8)? != MAGIC {
            return Err(NerError::Format(
                "not a newsprint NER model (bad magic)".into(),
            ));
        }
        let hl = r.u32()? as usize;
        let header: Header =
            serde_json::from_slice(r.take(hl)?).map_err(|e| NerError::Format(e.to_string()))?;
        if header.feature_version != FEATURE_VERSION || header.n_tags as usize != NT {
            return Err(NerError::Format(format!(
                "model uses feature version {} (this build: {FEATURE_VERSION})",
                header.feature_version
            )));
        }
        if header.hash_bits < 8 || header.hash_bits > 26 {
            return Err(NerError::Format("bad hash_bits".into()));
        }
        let stage1 = read_stage(&mut r, header.hash_bits)?;
        let stage2 = if r.take(1)?[0] == 1 {
            Some(read_stage(&mut r, header.hash_bits)?)
        } else {
            None
        };
        let n = r.u32()? as usize;
        let mut corpus = IdMap::default();
        corpus.reserve(n);
        let mut prev = 0u32;
        for _ in 0..n {
            let k = prev.wrapping_add(r.varint()? as u32);
            let v = r.take(1)?[0];
            corpus.insert(k, v);
            prev = k;
        }
        let n = r.u32()? as usize;
        let mut clusters = ClusterTable::default();
        clusters.reserve(n);
        let mut prev = 0u32;
        for _ in 0..n {
            let k = prev.wrapping_add(r.varint()? as u32);
            let b = r.take(4)?;
            clusters.insert(
                k,
                [
                    u16::from_le_bytes([b[0], b[1]]),
                    u16::from_le_bytes([b[2], b[3]]),
                ],
            );
            prev = k;
        }
        Ok(Model::from_parts(header, stage1, stage2, corpus, clusters))
    }
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

fn read_stage(r: &mut Reader, bits: u32) -> Result<(Head, SparseRows), NerError> {
    let scale = f32::from_le_bytes(r.take(4)?.try_into().unwrap());
    let mut trans = Vec::with_capacity((NT + 1) * NT);
    for _ in 0..(NT + 1) * NT {
        trans.push(f32::from_le_bytes(r.take(4)?.try_into().unwrap()));
    }
    let nrows = r.u32()? as usize;
    let size = 1usize << bits;
    let mut rows = Vec::with_capacity(nrows);
    let mut prev = 0usize;
    for _ in 0..nrows {
        let row = prev + r.varint()? as usize;
        if row >= size {
            return Err(NerError::Format("row out of range".into()));
        }
        rows.push(row);
        prev = row;
    }
    // Column-major: the weights of tag k for every row, then tag k + 1's (read in one take).
    // Rows are written one after the other, each gathered from the NT columns: NT
    // sequential reads and one sequential write, where writing a column at a time into
    // the rows strode through them NT times.
    let columns = r.take(nrows * NT * 2)?;
    let column: [&[u8]; NT] = std::array::from_fn(|k| &columns[k * 2 * nrows..(k + 1) * 2 * nrows]);
    let mut w = Vec::with_capacity(nrows);
    for i in 0..nrows {
        w.push(std::array::from_fn(|k| {
            i16::from_le_bytes([column[k][2 * i], column[k][2 * i + 1]])
        }));
    }
    Ok((Head { scale, trans }, SparseRows { rows, w }))
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], NerError> {
        if self.p + n > self.b.len() {
            return Err(NerError::Format("truncated model file".into()));
        }
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32, NerError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn varint(&mut self) -> Result<u64, NerError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err(NerError::Format("bad varint".into()));
            }
        }
    }
}
