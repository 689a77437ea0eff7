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

/// One article of a generated set.
#[derive(Clone, Debug)]
pub struct SetArticle {
    pub id: String,
    pub published: Option<i64>,
    pub body: String,
}

/// A generated set: its articles (in `articles.tsv` order) and its answers.
#[derive(Clone, Debug)]
pub struct BenchSet {
    pub articles: Vec<SetArticle>,
    /// (a, b, kind)
    pub pairs: Vec<(String, String, String)>,
}

fn read_tsv(path: &Path) -> io::Result<Vec<Vec<String>>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect())
}

fn bad(path: &Path, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {what}", path.display()),
    )
}

/// Reads a set written by [`generate`]; each body is the file without its headline.
pub fn load_set(dir: &Path) -> io::Result<BenchSet> {
    let path = dir.join("articles.tsv");
    let mut articles = Vec::new();
    for row in read_tsv(&path)? {
        if row.len() < 2 {
            return Err(bad(&path, "a row without id and published"));
        }
        let text = std::fs::read_to_string(dir.join("docs").join(format!("{}.txt", row[0])))?;
        let body = match text.split_once("\n\n") {
            Some((_, body)) => body.to_owned(),
            None => String::new(),
        };
        articles.push(SetArticle {
            id: row[0].clone(),
            published: days_of(&row[1]),
            body,
        });
    }
    let path = dir.join("pairs.tsv");
    let mut pairs = Vec::new();
    for row in read_tsv(&path)? {
        if row.len() < 3 {
            return Err(bad(&path, "a row without a, b and kind"));
        }
        pairs.push((row[0].clone(), row[1].clone(), row[2].clone()));
    }
    Ok(BenchSet { articles, pairs })
}

/// Runs newsprint's detector over a set: the assignments, in article order.
/// Each article's cluster id, by article id: what the scorer reads.
fn cluster_of(set: &BenchSet, assignments: &[Assignment]) -> HashMap<String, String> {
    set.articles
        .iter()
        .zip(assignments)
        .map(|(a, s)| (a.id.clone(), s.cluster_id.clone()))
        .collect()
}

pub fn run_newsprint(set: &BenchSet, params: &Params) -> Vec<Assignment> {
    let articles: Vec<crate::Article<'_>> = set
        .articles
        .iter()
        .map(|a| crate::Article {
            id: &a.id,
            published: a.published,
            body: &a.body,
        })
        .collect();
    crate::cluster(&articles, params)
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct KindScore {
    pub kind: String,
    pub pairs: usize,
    pub found: usize,
    /// Predicted pairs with a copy of this kind, and how many of them are right.
    pub predicted: usize,
    pub correct: usize,
}

impl KindScore {
    pub fn recall(&self) -> f64 {
        if self.pairs == 0 {
            1.0
        } else {
            self.found as f64 / self.pairs as f64
        }
    }
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }
}

/// The scores of one tool on one set.
#[derive(Clone, Debug, Default)]
pub struct Score {
    pub kinds: Vec<KindScore>,
    pub negatives: usize,
    pub negatives_merged: usize,
    /// Every predicted pair (two articles in one cluster), and how many are right.
    pub predicted: usize,
    pub correct: usize,
    /// Found pairs whose cluster id is the expected representative (earliest, then id).
    pub representative_right: usize,
    pub representative_checked: usize,
    pub clusters_with_copies: usize,
}

/// Scores cluster ids (`id → cluster id`) against the set's answers.
pub fn score(set: &BenchSet, clusters: &HashMap<String, String>) -> Score {
    // The true groups: an original with its copy; everything else alone.
    let mut group: HashMap<&str, &str> = HashMap::new();
    let mut kind_of_copy: HashMap<&str, &str> = HashMap::new();
    for (a, b, kind) in &set.pairs {
        if kind != NEGATIVE {
            group.insert(b, a);
            kind_of_copy.insert(b, kind);
        }
    }
    let group_of = |id: &str| -> String { group.get(id).copied().unwrap_or(id).to_owned() };
    let cluster_of = |id: &str| -> String { clusters.get(id).cloned().unwrap_or(id.to_owned()) };
    let mut members: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for a in &set.articles {
        members.entry(cluster_of(&a.id)).or_default().push(&a.id);
    }
    let mut out = Score::default();
    let mut per_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for m in members.values() {
        if m.len() > 1 {
            out.clusters_with_copies += 1;
        }
        for (i, x) in m.iter().enumerate() {
            for y in &m[i + 1..] {
                let right = group_of(x) == group_of(y);
                out.predicted += 1;
                out.correct += usize::from(right);
                for k in [kind_of_copy.get(x), kind_of_copy.get(y)]
                    .into_iter()
                    .flatten()
                    .collect::<std::collections::BTreeSet<_>>()
                {
                    let e = per_kind.entry(k).or_default();
                    e.0 += 1;
                    e.1 += usize::from(right);
                }
            }
        }
    }
    let published: HashMap<&str, Option<i64>> = set
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.published))
        .collect();
    for kind in KINDS {
        let mut s = KindScore {
            kind: kind.to_owned(),
            pairs: 0,
            found: 0,
            predicted: 0,
            correct: 0,
        };
        for (a, b, k) in &set.pairs {
            if k != kind {
                continue;
            }
            s.pairs += 1;
            if cluster_of(a) == cluster_of(b) {
                s.found += 1;
                let rank = |id: &str| (published[id].unwrap_or(i64::MAX), id.to_owned());
                let expected = if rank(a) <= rank(b) { a } else { b };
                out.representative_checked += 1;
                out.representative_right += usize::from(cluster_of(a) == *expected);
            }
        }
        (s.predicted, s.correct) = per_kind.get(kind).copied().unwrap_or_default();
        out.kinds.push(s);
    }
    for (a, b, k) in &set.pairs {
        if k == NEGATIVE {
            out.negatives += 1;
            out.negatives_merged += usize::from(cluster_of(a) == cluster_of(b));
        }
    }
    out
}

/// Writes the report of one tool.
pub fn write_score(w: &mut impl Write, tool: &str, s: &Score) -> io::Result<()> {
    writeln!(w, "== near-duplicates: {tool} ==")?;
    writeln!(
        w,
        "{:<12} {:>6} {:>6} {:>7} {:>10}",
        "kind", "pairs", "found", "recall", "precision"
    )?;
    for k in &s.kinds {
        writeln!(
            w,
            "{:<12} {:>6} {:>6} {:>7.3} {:>10.3}",
            k.kind,
            k.pairs,
            k.found,
            k.recall(),
            k.precision()
        )?;
    }
    let (pairs, found): (usize, usize) = s
        .kinds
        .iter()
        .fold((0, 0), |(p, f), k| (p + k.pairs, f + k.found));
    writeln!(
        w,
        "{:<12} {:>6} {:>6} {:>7.3} {:>10.3}",
        "all",
        pairs,
        found,
        if pairs == 0 {
            1.0
        } else {
            found as f64 / pairs as f64
        },
        if s.predicted == 0 {
            1.0
        } else {
            s.correct as f64 / s.predicted as f64
        }
    )?;
    writeln!(
        w,
        "hard negatives merged: {}/{}; predicted pairs {} ({} wrong); representative right {}/{}",
        s.negatives_merged,
        s.negatives,
        s.predicted,
        s.predicted - s.correct,
        s.representative_right,
        s.representative_checked
    )
}

/// CPU time of the calling thread in seconds (Linux: /proc/thread-self/schedstat), or
/// `None` where it cannot be read.
pub fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// The time of `f` on a pool of `threads` threads: the best of `passes` runs, and the last
/// result. On one thread the time is the CPU time of the pool's thread when it can be read
/// (a shared machine's other work does not count), else wall time.
pub fn timed<T: Send>(threads: usize, passes: usize, f: impl Fn() -> T + Sync) -> (f64, T) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let mut best = f64::INFINITY;
    let mut last = None;
    // The kernel updates a running thread's CPU time at scheduler ticks: one CPU reading
    // spans `REPEAT` runs, so a tick is a small part of it.
    const REPEAT: usize = 10;
    for _ in 0..passes.max(1) {
        let (spent, r) = pool.install(|| {
            let cpu = if threads == 1 {
                thread_cpu_seconds()
            } else {
                None
            };
            let started = std::time::Instant::now();
            let mut r = f();
            let mut runs = 1;
            if cpu.is_some() {
                for _ in 1..REPEAT {
                    r = f();
                    runs += 1;
                }
            }
            let spent = match (cpu, thread_cpu_seconds()) {
                (Some(a), Some(b)) => b - a,
                _ => started.elapsed().as_secs_f64(),
            };
            (spent / runs as f64, r)
        });
        best = best.min(spent);
        last = Some(r);
    }
    (best, last.expect("one pass"))
}

/// Runs newsprint's detector on a generated set, writes `clusters.newsprint.tsv` beside it,
/// and reports the scores and the time (one thread, and all).
pub fn eval_newsprint(dir: &Path, params: &Params, w: &mut impl Write) -> io::Result<()> {
    let set = load_set(dir)?;
    let (one, assignments) = timed(1, 3, || run_newsprint(&set, params));
    let threads = rayon::current_num_threads();
    let (all, again) = timed(threads, 3, || run_newsprint(&set, params));
    if again != assignments {
        return Err(io::Error::other(
            "the clusters differ between one thread and all: a determinism bug",
        ));
    }
    write_clusters(&dir.join("clusters.newsprint.tsv"), &set, &assignments)?;
    let clusters = cluster_of(&set, &assignments);
    write_score(w, "newsprint", &score(&set, &clusters))?;
    let words: usize = set
        .articles
        .iter()
        .map(|a| a.body.split_whitespace().count())
        .sum();
    writeln!(
        w,
        "time: {:.4} CPU s on 1 thread ({:.1} µs an article, {} articles, {:.1} M words), {:.4} s (wall) on {threads}; same clusters at both",
        one,
        one * 1e6 / set.articles.len().max(1) as f64,
        set.articles.len(),
        words as f64 / 1e6,
        all
    )
}

/// Runs the detector on real articles (`<category>/NNN.txt`, undated: representatives by
/// name) and reports the clusters, checked against an exact all-pairs comparison of the
/// shingle sets with the same rule (Jaccard ≥ threshold or containment ≥ containment).
pub fn real_report(root: &Path, params: &Params, w: &mut impl Write) -> io::Result<()> {
    let sources = load_sources(root)?;
    let bodies: Vec<String> = sources.iter().map(Source::body).collect();
    let ids: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let (secs, assignments) = timed(1, 3, || {
        let sketches = crate::sketches(&bodies, params);
        crate::cluster_sketches(&ids, &vec![None; ids.len()], &sketches, params)
    });
    let mut clusters: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, a) in assignments.iter().enumerate() {
        clusters.entry(a.cluster_id.as_str()).or_default().push(i);
    }
    let multi: Vec<&Vec<usize>> = clusters.values().filter(|m| m.len() > 1).collect();
    let in_multi: usize = multi.iter().map(|m| m.len()).sum();
    let mut identical = 0;
    for m in &multi {
        if m.iter().all(|&i| bodies[i] == bodies[m[0]]) {
            identical += 1;
        }
    }
    writeln!(
        w,
        "== near-duplicates among the real texts: {} ==",
        root.display()
    )?;
    writeln!(
        w,
        "{} articles in {:.3} s (1 thread); {} clusters with more than one article ({} articles; {} of the clusters are byte-identical bodies, {} hold at least one edited copy); {} articles stand alone",
        sources.len(),
        secs,
        multi.len(),
        in_multi,
        identical,
        multi.len() - identical,
        clusters.len() - multi.len()
    )?;
    let exact = related_sources(&bodies, params, params.threshold, params.containment);
    let same = |i: usize, j: usize| assignments[i].cluster_id == assignments[j].cluster_id;
    let found = exact.iter().filter(|&&(i, j, _, _)| same(i, j)).count();
    let mut predicted = 0;
    let mut confirmed = 0;
    let exact_set: std::collections::HashSet<(usize, usize)> =
        exact.iter().map(|&(i, j, _, _)| (i, j)).collect();
    for m in &multi {
        for (a, &i) in m.iter().enumerate() {
            for &j in &m[a + 1..] {
                predicted += 1;
                confirmed += usize::from(exact_set.contains(&(i.min(j), i.max(j))));
            }
        }
    }
    writeln!(
        w,
        "exact all-pairs check (Jaccard >= {} or containment >= {} on the exact shingle sets): {} pairs, {} of them in one cluster; {} of the {} pairs in clusters pass it",
        params.threshold,
        params.containment,
        exact.len(),
        found,
        confirmed,
        predicted
    )?;
    for (i, j, jac, c) in &exact {
        if !same(*i, *j) {
            writeln!(
                w,
                "  missed: {} ~ {} (Jaccard {jac:.2}, containment {c:.2})",
                ids[*i], ids[*j]
            )?;
        }
    }
    writeln!(w, "clusters with an edited copy (not byte-identical):")?;
    for m in multi
        .iter()
        .filter(|m| !m.iter().all(|&i| bodies[i] == bodies[m[0]]))
    {
        let names: Vec<String> = m
            .iter()
            .map(|&i| {
                format!(
                    "{} ({:.2}, {} paragraphs) \"{}\"",
                    ids[i],
                    assignments[i].similarity,
                    sources[i].paragraphs.len(),
                    sources[i].headline
                )
            })
            .collect();
        writeln!(w, "  {}", names.join(" | "))?;
    }
    Ok(())
}

/// Reads `id<TAB>cluster_id[<TAB>...]` lines (a header line starting with `id` is skipped).
pub fn read_clusters(path: &Path) -> io::Result<HashMap<String, String>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("id\t"))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?.to_owned(), f.next()?.to_owned()))
        })
        .collect())
}

/// Writes `id, cluster_id, similarity` lines.
pub fn write_clusters(path: &Path, set: &BenchSet, assignments: &[Assignment]) -> io::Result<()> {
    let mut w = io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(w, "id\tcluster_id\tsimilarity")?;
    for (a, s) in set.articles.iter().zip(assignments) {
        writeln!(w, "{}\t{}\t{:.3}", a.id, s.cluster_id, s.similarity)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of made-up articles in the BBC layout: `<category>/NNN.txt`.
    fn write_sources(root: &Path) {
        let words = [
            "harbour", "council", "ferry", "island", "winter", "budget", "school", "market",
            "storm", "engine", "petition", "grant", "repair", "vote", "quay", "fish", "summer",
            "report", "meeting", "contract",
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
}
