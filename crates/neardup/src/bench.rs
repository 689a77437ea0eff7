//! A benchmark with known answers, made from plain-text articles (the shared BBC texts:
//! `<category>/NNN.txt`, headline line, blank line, paragraphs), and its scoring.
//!
//! [`generate`] writes a set of articles where some originals have one copy each, made by a
//! known edit (exact copy, boilerplate added, tail trimmed to the first N paragraphs, 5-10%
//! of words replaced, paragraphs reordered, headline changed), plus hard negatives: pairs of
//! different originals of the same category and neighbouring numbers (in the BBC set,
//! neighbours are often the same event, with the same names, published a day apart).
//! Source articles that are already near-duplicates of each other (by an exact all-pairs
//! comparison of their shingle sets, see [`related_sources`]) keep only their first copy, so
//! the answers hold.
//!
//! Layout written: `docs/<id>.txt` (headline, blank line, paragraphs), `articles.tsv`
//! (`id, published, category, source, role`), `pairs.tsv` (`a, b, kind`: `a` the original,
//! `b` the copy or the negative partner).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::{Assignment, Params};

mod score;
pub use score::*;

/// The edit kinds, in the order the report prints them.
pub const KINDS: [&str; 6] = [
    "exact",
    "boilerplate",
    "trimmed",
    "replaced",
    "reordered",
    "headline",
];
/// The kind of a hard-negative pair.
pub const NEGATIVE: &str = "negative";

/// A small deterministic generator (splitmix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x2545_f491_4f6c_dd1d)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// One source article.
#[derive(Clone, Debug)]
pub struct Source {
    pub category: String,
    pub number: u32,
    /// `category/NNN.txt`.
    pub name: String,
    pub headline: String,
    pub paragraphs: Vec<String>,
}

impl Source {
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

fn files_under(root: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(root)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        if e.file_type()?.is_dir() {
            files_under(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

/// Splits a text file into headline and paragraphs (blank-line separated, lines joined).
pub fn split_article(text: &str) -> (String, Vec<String>) {
    let text = text.replace("\r\n", "\n");
    let mut blocks = text
        .split("\n\n")
        .map(|b| b.trim().replace('\n', " "))
        .filter(|b| !b.is_empty());
    let headline = blocks.next().unwrap_or_default();
    (headline, blocks.collect())
}

/// Loads every `<category>/NNN.txt` under `root` (read leniently: one file is latin-1).
pub fn load_sources(root: &Path) -> io::Result<Vec<Source>> {
    let mut files = Vec::new();
    files_under(root, &mut files)?;
    let mut out = Vec::new();
    for path in files {
        let bytes = std::fs::read(&path)?;
        let text = String::from_utf8_lossy(&bytes);
        let (headline, paragraphs) = split_article(&text);
        let category = path
            .parent()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Source {
            name: format!("{category}/{stem}.txt"),
            number: stem.parse().unwrap_or(0),
            category,
            headline,
            paragraphs,
        });
    }
    Ok(out)
}

/// Pairs of bodies related by an exact, all-pairs comparison of their shingle sets (no
/// MinHash, no LSH): `(i, j, jaccard, containment)` for every pair with Jaccard ≥ `jaccard`
/// or containment ≥ `containment`, i < j, sorted.
pub fn related_sources(
    bodies: &[String],
    params: &Params,
    jaccard: f64,
    containment: f64,
) -> Vec<(usize, usize, f64, f64)> {
    // Every shingle: this is the exact comparison.
    let params = &Params {
        containment_sample: 1,
        ..params.clone()
    };
    let sketches = crate::sketches(bodies, params);
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, s) in sketches.iter().enumerate() {
        for &h in &s.shingles {
            postings.entry(h).or_default().push(i as u32);
        }
    }
    let mut shared: HashMap<(u32, u32), u32> = HashMap::new();
    for docs in postings.values() {
        // A phrase in hundreds of articles says nothing about any two of them.
        if docs.len() > 200 {
            continue;
        }
        for (a, &x) in docs.iter().enumerate() {
            for &y in &docs[a + 1..] {
                *shared.entry((x, y)).or_default() += 1;
            }
        }
    }
    let mut out: Vec<_> = shared
        .into_iter()
        .filter_map(|((x, y), n)| {
            let (a, b) = (
                sketches[x as usize].shingles.len(),
                sketches[y as usize].shingles.len(),
            );
            let n = n as f64;
            let jac = n / ((a + b) as f64 - n);
            let c = n / a.min(b).max(1) as f64;
            (jac >= jaccard || c >= containment).then_some((x as usize, y as usize, jac, c))
        })
        .collect();
    out.sort_by_key(|p| (p.0, p.1));
    out
}

/// Days since 1970-01-01 to `YYYY-MM-DD`.
pub fn date_of(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD` to days since 1970-01-01.
pub fn days_of(date: &str) -> Option<i64> {
    let mut it = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (it.next()??, it.next()??, it.next()??);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

const GIVEN: [&str; 12] = [
    "Anna", "Tomas", "Ines", "Karl", "Mara", "Yusuf", "Leila", "Pavel", "Sofia", "Kwame", "Elena",
    "Marco",
];
const FAMILY: [&str; 12] = [
    "Berg", "Novak", "Okafor", "Moreau", "Tanaka", "Silva", "Haddad", "Brennan", "Vogel", "Costa",
    "Mensah", "Rossi",
];
const AGENCY: [&str; 4] = ["Reuters", "AFP", "AP", "PA"];
const CITIES: [&str; 6] = ["LONDON", "PARIS", "NEW YORK", "BRUSSELS", "TOKYO", "LAGOS"];

/// Options of [`generate`].
#[derive(Clone, Debug)]
pub struct GenOptions {
    pub seed: u64,
    /// Near-duplicate pairs (copies), spread evenly over the edit kinds.
    pub pairs: usize,
    /// Hard-negative pairs.
    pub negatives: usize,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 1,
            pairs: 600,
            negatives: 600,
        }
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default)]
pub struct GenSummary {
    pub sources: usize,
    /// Sources left out because they are near-duplicates of an earlier source.
    pub dropped_related: usize,
    pub articles: usize,
    pub pairs: BTreeMap<String, usize>,
}

struct Doc {
    headline: String,
    paragraphs: Vec<String>,
    day: i64,
    category: String,
    source: String,
    role: String,
}

fn boilerplate(rng: &mut Rng, headline: &str, paragraphs: &[String]) -> Vec<String> {
    let agency = AGENCY[rng.below(AGENCY.len())];
    let mut out = Vec::new();
    let who = format!(
        "{} {}",
        GIVEN[rng.below(GIVEN.len())],
        FAMILY[rng.below(FAMILY.len())]
    );
    out.push(if rng.below(2) == 0 {
        format!("By {who}")
    } else {
        format!("By {who}, {agency}")
    });
    for (k, p) in paragraphs.iter().enumerate() {
        if k == 0 && rng.below(2) == 0 {
            out.push(format!(
                "{} ({agency}) - {p}",
                CITIES[rng.below(CITIES.len())]
            ));
        } else {
            out.push(p.clone());
        }
    }
    let tails = [
        format!("Read more: {headline}"),
        "Share this article: Facebook Twitter WhatsApp Email".to_owned(),
        format!("© {agency} 2005"),
        format!("Copyright 2005 {agency}. All rights reserved."),
        format!("({agency})"),
        format!(
            "Reporting by {who}; Editing by {}",
            FAMILY[rng.below(FAMILY.len())]
        ),
    ];
    let mut order: Vec<usize> = (0..tails.len()).collect();
    rng.shuffle(&mut order);
    for &t in order.iter().take(1 + rng.below(3)) {
        out.push(tails[t].clone());
    }
    out
}

fn replace_words(rng: &mut Rng, paragraphs: &[String], vocab: &[String]) -> Vec<String> {
    let mut tokens: Vec<Vec<String>> = paragraphs
        .iter()
        .map(|p| p.split_whitespace().map(str::to_owned).collect())
        .collect();
    let positions: Vec<(usize, usize)> = tokens
        .iter()
        .enumerate()
        .flat_map(|(i, t)| (0..t.len()).map(move |j| (i, j)))
        .collect();
    // 5 to 10% of the words, each replaced by a word from elsewhere in the corpus.
    let share = 5.0 + rng.below(501) as f64 / 100.0;
    let count = ((positions.len() as f64 * share / 100.0).round() as usize).max(1);
    let mut order: Vec<usize> = (0..positions.len()).collect();
    rng.shuffle(&mut order);
    for &k in order.iter().take(count) {
        let (i, j) = positions[k];
        tokens[i][j] = vocab[rng.below(vocab.len())].clone();
    }
    tokens.into_iter().map(|t| t.join(" ")).collect()
}

/// Writes the benchmark set made from the articles under `from` into `out`.
pub fn generate(from: &Path, out: &Path, opts: &GenOptions) -> io::Result<GenSummary> {
    let all = load_sources(from)?;
    let params = Params::default();
    let bodies: Vec<String> = all.iter().map(Source::body).collect();
    // Keep the first of each group of related sources (exact shingle sets, loose bounds so
    // that no pair the answers call different is really a copy).
    let mut drop = vec![false; all.len()];
    for (i, j, _, _) in related_sources(&bodies, &params, 0.3, 0.5) {
        if !drop[i] {
            drop[j] = true;
        }
    }
    let mut summary = GenSummary::default();
    let mut sources: Vec<Source> = Vec::new();
    for (s, d) in all.into_iter().zip(drop) {
        let words: usize = s
            .paragraphs
            .iter()
            .map(|p| p.split_whitespace().count())
            .sum();
        if d {
            summary.dropped_related += 1;
        } else if s.paragraphs.len() >= 2 && words >= 40 {
            sources.push(s);
        }
    }
    summary.sources = sources.len();
    let vocab: Vec<String> = {
        let mut v: Vec<String> = sources
            .iter()
            .flat_map(|s| s.paragraphs.iter())
            .flat_map(|p| p.split_whitespace())
            .filter(|w| w.len() > 3 && w.chars().all(char::is_alphabetic))
            .map(str::to_owned)
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let mut rng = Rng::new(opts.seed);
    // Publication days: within a category in file order, two articles a day from 2004-01-01,
    // so neighbours (the hard negatives) are published the same day or the next.
    let start = days_of("2004-01-01").unwrap_or(0);
    let mut per_category: HashMap<&str, i64> = HashMap::new();
    let mut docs: Vec<Doc> = Vec::new();
    for s in &sources {
        let k = per_category.entry(s.category.as_str()).or_default();
        docs.push(Doc {
            headline: s.headline.clone(),
            paragraphs: s.paragraphs.clone(),
            day: start + *k / 2,
            category: s.category.clone(),
            source: s.name.clone(),
            role: "original".to_owned(),
        });
        *k += 1;
    }
    let mut anchors: Vec<usize> = (0..sources.len()).collect();
    rng.shuffle(&mut anchors);
    let mut used = vec![false; sources.len()];
    // (original doc, copy doc, kind)
    let mut pairs: Vec<(usize, usize, &str)> = Vec::new();
    for c in 0..opts.pairs {
        let kind = KINDS[c % KINDS.len()];
        let min_paragraphs = match kind {
            "trimmed" => 4,
            "reordered" => 3,
            _ => 2,
        };
        let Some(&a) = anchors
            .iter()
            .find(|&&a| !used[a] && sources[a].paragraphs.len() >= min_paragraphs)
        else {
            break;
        };
        used[a] = true;
        let s = &sources[a];
        let mut headline = s.headline.clone();
        let paragraphs = match kind {
            "boilerplate" => boilerplate(&mut rng, &s.headline, &s.paragraphs),
            "trimmed" => {
                let n = s.paragraphs.len();
                let keep = 2 + rng.below(n - 2);
                s.paragraphs[..keep].to_vec()
            }
            "replaced" => replace_words(&mut rng, &s.paragraphs, &vocab),
            "reordered" => {
                let mut p = s.paragraphs.clone();
                while p == s.paragraphs {
                    rng.shuffle(&mut p);
                }
                p
            }
            "headline" => {
                loop {
                    let other = &sources[rng.below(sources.len())].headline;
                    if *other != s.headline {
                        headline.clone_from(other);
                        break;
                    }
                }
                s.paragraphs.clone()
            }
            _ => s.paragraphs.clone(),
        };
        docs.push(Doc {
            headline,
            paragraphs,
            day: docs[a].day + rng.below(4) as i64,
            category: s.category.clone(),
            source: s.name.clone(),
            role: format!("copy:{kind}"),
        });
        pairs.push((a, docs.len() - 1, kind));
    }
    // Hard negatives: an original and the next original of its category (by number).
    let mut by_category: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in sources.iter().enumerate() {
        by_category.entry(s.category.as_str()).or_default().push(i);
    }
    let mut next_of = vec![None; sources.len()];
    for list in by_category.values_mut() {
        list.sort_by_key(|&i| sources[i].number);
        for w in list.windows(2) {
            next_of[w[0]] = Some(w[1]);
        }
    }
    let mut negative_anchors: Vec<usize> = (0..sources.len()).collect();
    rng.shuffle(&mut negative_anchors);
    let mut taken = std::collections::BTreeSet::new();
    for a in negative_anchors {
        if taken.len() >= opts.negatives {
            break;
        }
        if let Some(b) = next_of[a] {
            taken.insert((a, b));
        }
    }
    for &(a, b) in &taken {
        pairs.push((a, b, NEGATIVE));
    }
    // Ids in a shuffled order, so neither id nor file order gives an answer away.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    rng.shuffle(&mut order);
    let mut id_of = vec![String::new(); docs.len()];
    for (pos, &d) in order.iter().enumerate() {
        id_of[d] = format!("a{pos:05}");
    }
    let docs_dir = out.join("docs");
    std::fs::create_dir_all(&docs_dir)?;
    let mut articles = io::BufWriter::new(std::fs::File::create(out.join("articles.tsv"))?);
    writeln!(articles, "id\tpublished\tcategory\tsource\trole")?;
    for &d in &order {
        let doc = &docs[d];
        let text = format!("{}\n\n{}\n", doc.headline, doc.paragraphs.join("\n\n"));
        std::fs::write(docs_dir.join(format!("{}.txt", id_of[d])), text)?;
        writeln!(
            articles,
            "{}\t{}\t{}\t{}\t{}",
            id_of[d],
            date_of(doc.day),
            doc.category,
            doc.source,
            doc.role
        )?;
    }
    articles.flush()?;
    let mut pairs_file = io::BufWriter::new(std::fs::File::create(out.join("pairs.tsv"))?);
    writeln!(pairs_file, "a\tb\tkind")?;
    for &(a, b, kind) in &pairs {
        writeln!(pairs_file, "{}\t{}\t{kind}", id_of[a], id_of[b])?;
        *summary.pairs.entry(kind.to_owned()).or_default() += 1;
    }
    pairs_file.flush()?;
    std::fs::write(
        out.join("README.txt"),
        format!(
            "Near-duplicate benchmark made by `newsprint gen-corpus --neardup` (seed {}) from {}.\n\
             docs/<id>.txt: headline, blank line, paragraphs. articles.tsv: id, published, category, source, role.\n\
             pairs.tsv: a (original), b (copy or hard negative), kind. Made from texts that are not openly licensed: do not republish.\n",
            opts.seed,
            from.display()
        ),
    )?;
    summary.articles = docs.len();
    Ok(summary)
}

#[cfg(test)]
mod tests;
