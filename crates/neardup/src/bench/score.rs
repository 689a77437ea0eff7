//! Reading a generated set back, running the detector over it and scoring its clusters
//! against the set's answers: the half of the benchmark a run of it uses.

use super::*;

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
pub(super) fn cluster_of(set: &BenchSet, assignments: &[Assignment]) -> HashMap<String, String> {
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
