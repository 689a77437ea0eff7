//! Training: CoNLL/IOB reader and an averaged structured perceptron with
//! Viterbi decoding over BIO transitions. Optional second stage (two-pass
//! tagging) learns from first-pass labels of other mentions in the same
//! document; its training input comes from cross-fitted (jackknifed)
//! first-pass models so the features look like they will at test time.

use super::NerError;
use super::eval::{Counts, count_spans};
use super::features::{
    CORP_LOWER, CORP_MIXED, CORP_TITLE, CORP_UPPER, Extractor, NT, Scratch, corpus_key,
};
use super::gazetteer::{WORD_SEED, normalize_lower};
use super::hash::{IdMap, hash_bytes};
use super::model::{Model, Stage, current_header, parse_tag, viterbi};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// A document of tokenised, tagged sentences (IOB2 tag ids, see `model`).
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub sentences: Vec<Vec<String>>,
    pub tags: Vec<Vec<u8>>,
}

/// Training options.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data (the best epoch on `dev` is kept).
    pub epochs: usize,
    /// log2 of the number of feature buckets.
    pub hash_bits: u32,
    /// Train the document-consistency second pass (about 3x training time).
    pub two_pass: bool,
    /// Shuffle seed.
    pub seed: u64,
    /// Where training progress lines go (the command line prints them); `None` is quiet.
    pub progress: Option<fn(&str)>,
    /// Number of synthetic sports-results documents to add (see `synth`).
    pub synthetic_sports: usize,
    /// Share of training documents (0..=1) that get a synthetic headline:
    /// an ALL-CAPS or Title Case copy of their first sentence, inserted at the
    /// top. The corpora have few headlines; news has one per article.
    pub headline_augment: f32,
    /// Number of word clusters computed from the training text (0 = none).
    pub clusters: usize,
    /// Free-form note stored in the model header (e.g. data licences).
    pub notes: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            hash_bits: 20,
            two_pass: true,
            seed: 7,
            progress: None,
            synthetic_sports: 0,
            clusters: 0,
            headline_augment: 0.3,
            notes: String::new(),
        }
    }
}

/// Read a CoNLL/IOB column file: token in the first column, tag in the last,
/// blank lines between sentences, `-DOCSTART-` lines between documents.
/// IOB1 input is repaired to IOB2 (an I-X not continuing X becomes B-X).
pub fn read_conll(path: &Path) -> Result<Vec<Document>, NerError> {
    let text = std::fs::read_to_string(path)?;
    Ok(parse_conll(&text))
}

/// Parse CoNLL text (see `read_conll`).
pub fn parse_conll(text: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut doc = Document::default();
    let mut toks: Vec<String> = Vec::new();
    let mut tags: Vec<u8> = Vec::new();
    let flush_sent = |doc: &mut Document, toks: &mut Vec<String>, tags: &mut Vec<u8>| {
        if !toks.is_empty() {
            repair_iob(tags);
            doc.sentences.push(std::mem::take(toks));
            doc.tags.push(std::mem::take(tags));
        }
    };
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        let mut cols = line.split_whitespace();
        let Some(first) = cols.next() else {
            flush_sent(&mut doc, &mut toks, &mut tags);
            continue;
        };
        if first == "-DOCSTART-" {
            flush_sent(&mut doc, &mut toks, &mut tags);
            if !doc.sentences.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = cols.next_back().unwrap_or("O");
        toks.push(first.to_string());
        tags.push(parse_tag(tag));
    }
    flush_sent(&mut doc, &mut toks, &mut tags);
    if !doc.sentences.is_empty() {
        docs.push(doc);
    }
    docs
}

fn repair_iob(tags: &mut [u8]) {
    for i in 0..tags.len() {
        let t = tags[i];
        if t != 0 && t.is_multiple_of(2) {
            let prev = if i == 0 { 0 } else { tags[i - 1] };
            if prev == 0 || prev.div_ceil(2) != t / 2 {
                tags[i] = t - 1;
            }
        }
    }
}

/// Precomputed features for a set of documents.
struct FeatData {
    feats: Vec<u32>,
    tok_off: Vec<u64>,
    gold: Vec<u8>,
    /// (first token, length) per sentence.
    sents: Vec<(usize, usize)>,
    /// sentence index range per document.
    doc_sents: Vec<(usize, usize)>,
}

fn featurize(docs: &[Document], ex: &Extractor, prior: Option<&[Vec<u8>]>) -> FeatData {
    let parts: Vec<(Vec<u32>, Vec<u32>)> = docs
        .par_iter()
        .enumerate()
        .map(|(d, doc)| {
            let mut sc = Scratch::default();
            ex.extract_doc(&doc.sentences, prior.map(|p| p[d].as_slice()), &mut sc);
            (
                std::mem::take(&mut sc.feats),
                std::mem::take(&mut sc.offsets),
            )
        })
        .collect();
    let mut fd = FeatData {
        feats: Vec::new(),
        tok_off: vec![0],
        gold: Vec::new(),
        sents: Vec::new(),
        doc_sents: Vec::new(),
    };
    for ((feats, offs), doc) in parts.into_iter().zip(docs) {
        let base = fd.feats.len() as u64;
        for &o in &offs[1..] {
            fd.tok_off.push(base + o as u64);
        }
        fd.feats.extend_from_slice(&feats);
        let s0 = fd.sents.len();
        for (s, t) in doc.sentences.iter().zip(&doc.tags) {
            fd.sents.push((fd.gold.len(), s.len()));
            fd.gold.extend_from_slice(t);
        }
        fd.doc_sents.push((s0, fd.sents.len()));
    }
    fd
}

/// Corpus case statistics: how each word is usually capitalised when it is
/// not sentence-initial. Lets the tagger tell "The"/"Police" (usually
/// lowercase) from names at the start of sentences and in all-caps lines.
fn corpus_table(docs: &[Document]) -> IdMap<u32, u8> {
    let mut counts: IdMap<u64, [u32; 3]> = IdMap::default();
    for d in docs {
        for s in &d.sentences {
            let caps = s
                .iter()
                .filter(|t| t.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                .count();
            let upper = s
                .iter()
                .filter(|t| {
                    t.chars().filter(|c| c.is_alphabetic()).count() >= 2
                        && !t.chars().any(|c| c.is_lowercase())
                })
                .count();
            if caps >= 2 && upper * 10 >= caps * 8 {
                continue; // headline: case carries no information
            }
            for t in s.iter().skip(1) {
                if !t.chars().next().is_some_and(|c| c.is_alphabetic()) {
                    continue;
                }
                let h = hash_bytes(WORD_SEED, normalize_lower(t).as_bytes());
                let e = counts.entry(h).or_insert([0; 3]);
                let letters = t.chars().filter(|c| c.is_alphabetic()).count();
                if t.chars().next().unwrap().is_lowercase() {
                    e[0] += 1;
                } else if letters >= 2 && !t.chars().any(|c| c.is_lowercase()) {
                    e[2] += 1;
                } else {
                    e[1] += 1;
                }
            }
        }
    }
    let mut out = IdMap::default();
    for (h, [lo, ti, up]) in counts {
        let n = lo + ti + up;
        // Singletons say little, except that a word seen lowercase is a
        // common word (needed to truecase rare headline words).
        if n < 2 && lo == 0 {
            continue;
        }
        let class = if lo * 10 >= n * 9 {
            CORP_LOWER
        } else if ti * 10 >= n * 9 {
            CORP_TITLE
        } else if up * 10 >= n * 9 {
            CORP_UPPER
        } else {
            CORP_MIXED
        };
        out.insert(corpus_key(h), class);
    }
    out
}

struct Xorshift(u64);
impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

struct Learner {
    w: Vec<f32>,
    /// Sum of c * update, for the averaging trick: avg = w - u / c.
    u: Vec<f64>,
    trans: Vec<f32>,
    tu: Vec<f64>,
    c: f64,
}

impl Learner {
    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let w = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| (w as f64 - u / self.c) as f32)
            .collect();
        let t = self
            .trans
            .iter()
            .zip(&self.tu)
            .map(|(&w, &u)| (w as f64 - u / self.c) as f32)
            .collect();
        (w, t)
    }
}

fn emissions_f32(w: &[f32], fd: &FeatData, tok_lo: usize, n: usize, emit: &mut Vec<[f32; NT]>) {
    emit.clear();
    for t in tok_lo..tok_lo + n {
        let mut e = [0f32; NT];
        for &b in &fd.feats[fd.tok_off[t] as usize..fd.tok_off[t + 1] as usize] {
            let row = &w[b as usize * NT..b as usize * NT + NT];
            for k in 0..NT {
                e[k] += row[k];
            }
        }
        // The "no I- on lowercase words" constraint is deliberately not
        // applied here: gold spans in lowercase web text violate it, and a
        // perceptron that can never reach the gold path keeps inflating the
        // weights of those features (measured: -12 F1).
        emit.push(e);
    }
}

/// Decode all sentences of `fd` with float weights; returns tags per document.
fn decode_f32(w: &[f32], trans: &[f32], fd: &FeatData) -> Vec<Vec<u8>> {
    fd.doc_sents
        .par_iter()
        .map(|&(s0, s1)| {
            let mut emit = Vec::new();
            let mut out = Vec::new();
            let mut tags = Vec::new();
            for &(t0, n) in &fd.sents[s0..s1] {
                emissions_f32(w, fd, t0, n, &mut emit);
                viterbi(&emit, trans, &mut out);
                tags.extend_from_slice(&out);
            }
            tags
        })
        .collect()
}

fn f1_of(fd: &FeatData, pred: &[Vec<u8>]) -> f64 {
    let mut c = Counts::default();
    for (d, &(s0, s1)) in fd.doc_sents.iter().enumerate() {
        let mut off = 0;
        for &(t0, n) in &fd.sents[s0..s1] {
            count_spans(&fd.gold[t0..t0 + n], &pred[d][off..off + n], false, &mut c);
            off += n;
        }
    }
    c.overall().2
}

/// Train one stage; returns averaged weights of the best epoch on `dev`
/// (or of the last epoch without dev).
fn train_stage(
    fd: &FeatData,
    dev: Option<&FeatData>,
    opts: &TrainOptions,
    label: &str,
) -> (Vec<f32>, Vec<f32>) {
    let size = (1usize << opts.hash_bits) * NT;
    let mut l = Learner {
        w: vec![0.0; size],
        u: vec![0.0; size],
        trans: vec![0.0; (NT + 1) * NT],
        tu: vec![0.0; (NT + 1) * NT],
        c: 1.0,
    };
    let mut order: Vec<usize> = (0..fd.sents.len()).collect();
    let mut rng = Xorshift(opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut emit = Vec::new();
    let mut pred = Vec::new();
    let mut best: Option<(f64, usize, Vec<f32>, Vec<f32>)> = None;
    for epoch in 0..opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &s in &order {
            let (t0, n) = fd.sents[s];
            emissions_f32(&l.w, fd, t0, n, &mut emit);
            viterbi(&emit, &l.trans, &mut pred);
            let gold = &fd.gold[t0..t0 + n];
            if pred.as_slice() != gold {
                let c = l.c;
                for i in 0..n {
                    let (g, p) = (gold[i] as usize, pred[i] as usize);
                    if g != p {
                        errors += 1;
                        for &b in
                            &fd.feats[fd.tok_off[t0 + i] as usize..fd.tok_off[t0 + i + 1] as usize]
                        {
                            let r = b as usize * NT;
                            l.w[r + g] += 1.0;
                            l.u[r + g] += c;
                            l.w[r + p] -= 1.0;
                            l.u[r + p] -= c;
                        }
                    }
                    let gp = if i == 0 { NT } else { gold[i - 1] as usize };
                    let pp = if i == 0 { NT } else { pred[i - 1] as usize };
                    if (gp, g) != (pp, p) {
                        l.trans[gp * NT + g] += 1.0;
                        l.tu[gp * NT + g] += c;
                        l.trans[pp * NT + p] -= 1.0;
                        l.tu[pp * NT + p] -= c;
                    }
                }
            }
            l.c += 1.0;
        }
        if let Some(dev) = dev {
            let (w, t) = l.averaged();
            let f = f1_of(dev, &decode_f32(&w, &t, dev));
            if let Some(say) = opts.progress {
                say(&format!(
                    "[{label}] epoch {} token errors {errors} dev F1 {:.2}",
                    epoch + 1,
                    f * 100.0
                ));
            }
            if best.as_ref().is_none_or(|b| f > b.0) {
                best = Some((f, epoch, w, t));
            }
        } else if let Some(say) = opts.progress {
            say(&format!(
                "[{label}] epoch {} token errors {errors}",
                epoch + 1
            ));
        }
    }
    match best {
        Some((f, e, w, t)) => {
            if let Some(say) = opts.progress {
                say(&format!(
                    "[{label}] best epoch {} dev F1 {:.2}",
                    e + 1,
                    f * 100.0
                ));
            }
            (w, t)
        }
        None => l.averaged(),
    }
}

/// Quantise float weights to i16 for a compact model and cache-friendly
/// inference; weights below half a quantum vanish, which also prunes.
fn quantize(w: &[f32], trans: Vec<f32>) -> Stage {
    let max = w.iter().fold(0f32, |m, &x| m.max(x.abs())).max(1e-6);
    let scale = max / 32767.0;
    let q = w
        .iter()
        .map(|&x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect();
    Stage { w: q, scale, trans }
}

fn load_all(files: &[PathBuf]) -> Result<Vec<Document>, NerError> {
    let mut docs = Vec::new();
    for f in files {
        let d = read_conll(f)?;
        if d.is_empty() {
            return Err(NerError::Format(format!("{}: no sentences", f.display())));
        }
        docs.extend(d);
    }
    Ok(docs)
}

/// See `TrainOptions::headline_augment`.
fn add_headlines(docs: &[Document], share: f32, seed: u64) -> Vec<Document> {
    const SMALL: &[&str] = &[
        "of", "the", "a", "an", "in", "on", "at", "to", "for", "and", "or", "with", "by", "from",
    ];
    let mut rng = Xorshift(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1);
    let mut out = docs.to_vec();
    for d in &mut out {
        let r = (rng.next() % 10_000) as f32 / 10_000.0;
        if r >= share
            || d.sentences.is_empty()
            || d.sentences[0].len() < 3
            || d.sentences[0].len() > 30
        {
            continue;
        }
        let caps = rng.next().is_multiple_of(2);
        let head: Vec<String> = d.sentences[0]
            .iter()
            .map(|t| {
                if caps {
                    t.to_uppercase()
                } else if SMALL.contains(&t.as_str()) {
                    t.clone()
                } else {
                    let mut c = t.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
            })
            .collect();
        let tags = d.tags[0].clone();
        d.sentences.insert(0, head);
        d.tags.insert(0, tags);
    }
    out
}

/// Train a model on CoNLL/IOB files. `dev`, if given, selects the best epoch.
pub fn train(
    train_files: &[PathBuf],
    dev: Option<&Path>,
    opts: &TrainOptions,
) -> Result<Model, NerError> {
    let mut docs = load_all(train_files)?;
    docs.extend(super::synth::sports_documents(
        opts.synthetic_sports,
        opts.seed,
    ));
    let dev_docs = match dev {
        Some(p) => Some(read_conll(p)?),
        None => None,
    };
    let mut names: Vec<String> = train_files
        .iter()
        .map(|p| {
            p.file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect();
    if opts.synthetic_sports > 0 {
        names.push(format!("synthetic-sports x{}", opts.synthetic_sports));
    }
    train_docs(&docs, dev_docs.as_deref(), opts, names)
}

/// Train from in-memory documents (see `train`).
pub fn train_docs(
    docs: &[Document],
    dev: Option<&[Document]>,
    opts: &TrainOptions,
    names: Vec<String>,
) -> Result<Model, NerError> {
    if docs.is_empty() {
        return Err(NerError::Format("no training documents".into()));
    }
    let augmented;
    let docs = if opts.headline_augment > 0.0 {
        augmented = add_headlines(docs, opts.headline_augment, opts.seed);
        &augmented[..]
    } else {
        docs
    };
    let corpus = corpus_table(docs);
    let clusters = if opts.clusters > 0 {
        super::clusters::build(docs, opts.clusters, (opts.clusters / 8).max(2), 10)
    } else {
        Default::default()
    };
    if let Some(say) = opts.progress {
        say(&format!("{} words clustered", clusters.len()));
    }
    let words = super::features::word_table(&corpus, &clusters);
    let ex = Extractor {
        bits: opts.hash_bits,
        words: &words,
    };
    let ntok: usize = docs
        .iter()
        .flat_map(|d| &d.sentences)
        .map(|s| s.len())
        .sum();
    if let Some(say) = opts.progress {
        say(&format!(
            "training on {} docs, {ntok} tokens, {} corpus case entries",
            docs.len(),
            corpus.len()
        ));
    }
    let fd = featurize(docs, &ex, None);
    let dev_fd = dev.map(|d| featurize(d, &ex, None));
    let (w1, t1) = train_stage(&fd, dev_fd.as_ref(), opts, "stage1");
    let stage1 = quantize(&w1, t1.clone());
    let mut stage2 = None;
    if opts.two_pass {
        // Cross-fitted first-pass labels for the training documents: split the
        // documents in two halves, train on one and tag the other.
        let idx_a: Vec<usize> = (0..docs.len()).filter(|i| i % 2 == 0).collect();
        let idx_b: Vec<usize> = (0..docs.len()).filter(|i| i % 2 == 1).collect();
        let mut prior: Vec<Vec<u8>> = vec![Vec::new(); docs.len()];
        if idx_b.is_empty() {
            // A single document cannot be cross-fitted; fall back to self-labels.
            prior = decode_f32(&w1, &t1, &fd);
        } else {
            let sub =
                |idx: &[usize]| -> Vec<Document> { idx.iter().map(|&i| docs[i].clone()).collect() };
            let (da, db) = (sub(&idx_a), sub(&idx_b));
            let fold_opts = TrainOptions {
                progress: None,
                ..opts.clone()
            };
            let ((wa, ta), (wb, tb)) = rayon::join(
                || {
                    train_stage(
                        &featurize(&da, &ex, None),
                        dev_fd.as_ref(),
                        &fold_opts,
                        "fold-a",
                    )
                },
                || {
                    train_stage(
                        &featurize(&db, &ex, None),
                        dev_fd.as_ref(),
                        &fold_opts,
                        "fold-b",
                    )
                },
            );
            // Model trained on A tags B and vice versa.
            let pb = decode_f32(&wa, &ta, &featurize(&db, &ex, None));
            let pa = decode_f32(&wb, &tb, &featurize(&da, &ex, None));
            for (k, &i) in idx_a.iter().enumerate() {
                prior[i] = pa[k].clone();
            }
            for (k, &i) in idx_b.iter().enumerate() {
                prior[i] = pb[k].clone();
            }
        }
        if let Some(say) = opts.progress {
            say("stage2: cross-fitted first-pass labels ready");
        }
        let fd2 = featurize(docs, &ex, Some(&prior));
        let dev_fd2 = dev.map(|d| {
            let p = decode_f32(&w1, &t1, dev_fd.as_ref().unwrap());
            featurize(d, &ex, Some(&p))
        });
        let (w2, t2) = train_stage(&fd2, dev_fd2.as_ref(), opts, "stage2");
        stage2 = Some(quantize(&w2, t2));
    }
    let header = current_header(
        opts.hash_bits,
        stage1.scale,
        stage2.is_some(),
        names,
        opts.notes.clone(),
    );
    Ok(Model::assemble(header, stage1, stage2, corpus, clusters))
}
