//! Body-text quality on the article-extraction-benchmark (Zyte's AEB), with that benchmark's
//! metric: 4-token shingles of `\w+` tokens, per-page precision and recall, corpus means.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use newsprint::{Error, Result};

/// Tokens are maximal runs of word characters (Python's `\w`: alphanumeric or `_`).
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// The multiset of 4-token windows; a text of 1 to 3 tokens is one shingle.
fn shingles(text: &str) -> HashMap<Vec<&str>, u32> {
    let toks = tokens(text);
    let mut out = HashMap::new();
    if toks.is_empty() {
        return out;
    }
    if toks.len() < 4 {
        out.insert(toks, 1);
        return out;
    }
    for w in toks.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Precision and recall of one page; `None` for a side with no shingles.
pub fn page_scores(truth: &str, predicted: &str) -> (Option<f64>, Option<f64>) {
    let t = shingles(truth);
    let p = shingles(predicted);
    let tp: u32 = p
        .iter()
        .map(|(s, &n)| n.min(t.get(s).copied().unwrap_or(0)))
        .sum();
    let fp: u32 = p
        .iter()
        .map(|(s, &n)| n.saturating_sub(t.get(s).copied().unwrap_or(0)))
        .sum();
    let fn_: u32 = t
        .iter()
        .map(|(s, &n)| n.saturating_sub(p.get(s).copied().unwrap_or(0)))
        .sum();
    let ratio = |a: u32, b: u32| {
        if a + b == 0 {
            1.0
        } else {
            f64::from(a) / f64::from(a + b)
        }
    };
    let precision = (!p.is_empty()).then(|| ratio(tp, fp));
    let recall = (!t.is_empty()).then(|| ratio(tp, fn_));
    (precision, recall)
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub pages: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Pages whose prediction is empty.
    pub empty: usize,
}

/// Corpus P = mean page precision over non-empty predictions, R = mean recall over all
/// pages with a truth, F1 of the two means.
pub fn score(pairs: &[(String, String)]) -> Score {
    let (mut ps, mut rs) = (Vec::new(), Vec::new());
    for (truth, predicted) in pairs {
        let (p, r) = page_scores(truth, predicted);
        ps.extend(p);
        rs.extend(r);
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let (precision, recall) = (mean(&ps), mean(&rs));
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        pages: pairs.len(),
        precision,
        recall,
        f1,
        empty: pairs.iter().filter(|(_, p)| tokens(p).is_empty()).count(),
    }
}

fn read_json_maybe_gz(path: &Path) -> Result<serde_json::Value> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..])
            .read_to_string(&mut s)
            .map_err(|e| Error::io(path, e))?;
        s
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    serde_json::from_str(&text).map_err(|e| Error::Other(format!("{}: {e}", path.display())))
}

/// `{id: {"articleBody": ...}}`, possibly wrapped as `{"version", "output": {...}}`.
pub fn read_bodies(path: &Path) -> Result<HashMap<String, String>> {
    let json = read_json_maybe_gz(path)?;
    let map = json.get("output").unwrap_or(&json);
    let obj = map
        .as_object()
        .ok_or_else(|| Error::Other(format!("{}: not an object of pages", path.display())))?;
    Ok(obj
        .iter()
        .map(|(id, v)| {
            let body = v.get("articleBody").and_then(|b| b.as_str()).unwrap_or("");
            (id.clone(), body.to_owned())
        })
        .collect())
}

/// Scores `predicted` (id → body) against the benchmark's ground truth, over every page.
pub fn score_against_truth(root: &Path, predicted: &HashMap<String, String>) -> Result<Score> {
    let truth = read_bodies(&root.join("ground-truth.json"))?;
    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let pairs: Vec<(String, String)> = ids
        .into_iter()
        .map(|id| {
            (
                truth[id].clone(),
                predicted.get(id).cloned().unwrap_or_default(),
            )
        })
        .collect();
    Ok(score(&pairs))
}

/// newsprint's body text for every page of the benchmark, as the parse and normalize
/// stages produce it.
pub fn extract_bodies(
    root: &Path,
    extractor: newsprint::formats::html::HtmlExtractor,
) -> Result<(HashMap<String, String>, f64)> {
    let dir = root.join("html");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| Error::io(&dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let started = std::time::Instant::now();
    let cfg = newsprint::config::ParseConfig {
        html_extractor: extractor,
        ..Default::default()
    };
    let ncfg = newsprint::config::NormalizeConfig::default();
    let mut out = HashMap::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = name.split('.').next().unwrap_or_default().to_owned();
        let file = newsprint::input::InputFile::new(name.clone(), path.clone());
        let parsed = newsprint::stages::parse::parse_file(&file, &cfg);
        let body = parsed
            .records
            .first()
            .map(|r| {
                newsprint::stages::normalize::normalize_record(r, &ncfg)
                    .article
                    .text
            })
            .unwrap_or_default();
        out.insert(id, body);
    }
    let pages_per_second = files.len() as f64 / started.elapsed().as_secs_f64().max(1e-9);
    Ok((out, pages_per_second))
}

/// Share of a paragraph's shingles that `reference` has (1.0 for a paragraph with none).
fn shared_share(paragraph: &str, reference: &HashMap<Vec<&str>, u32>) -> f64 {
    let own = shingles(paragraph);
    let total: u32 = own.values().sum();
    if total == 0 {
        return 1.0;
    }
    let shared: u32 = own
        .iter()
        .map(|(s, &n)| n.min(reference.get(s).copied().unwrap_or(0)))
        .sum();
    f64::from(shared) / f64::from(total)
}

/// Paragraphs (blank-line separated; single lines for the truth, which rarely has blank
/// lines) of `text` that share less than half of their shingles with `other`.
fn unmatched_paragraphs<'a>(text: &'a str, other: &str) -> Vec<(f64, &'a str)> {
    let reference = shingles(other);
    let paragraphs: Vec<&str> = if text.contains("\n\n") {
        text.split("\n\n").collect()
    } else {
        text.lines().collect()
    };
    paragraphs
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| (shared_share(p, &reference), p))
        .filter(|(share, _)| *share < 0.5)
        .collect()
}

/// Dev report of the body misses: `pages.tsv` (id, p, r, F1 of the page; worst first) and,
/// per page below 1.0 on either side, `<id>.txt` with the excess paragraphs (in our text, not
/// in the truth) and the missing ones, each with the share of its shingles the other side has.
pub fn write_misses(root: &Path, predicted: &HashMap<String, String>, dir: &Path) -> Result<()> {
    use std::fmt::Write as _;
    let truth = read_bodies(&root.join("ground-truth.json"))?;
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut rows = Vec::new();
    for (id, gold) in &truth {
        let ours = predicted.get(id).map_or("", String::as_str);
        let (p, r) = page_scores(gold, ours);
        let (p, r) = (p.unwrap_or(0.0), r.unwrap_or(0.0));
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        rows.push((f1, p, r, id.clone()));
        if p >= 1.0 && r >= 1.0 {
            continue;
        }
        let mut out = format!("{id}\tp {p:.3}\tr {r:.3}\n\n== EXCESS (ours, not in truth) ==\n");
        for (share, para) in unmatched_paragraphs(ours, gold) {
            let _ = writeln!(out, "[{share:.2}] {para}");
        }
        out.push_str("\n== MISSING (truth, not in ours) ==\n");
        for (share, para) in unmatched_paragraphs(gold, ours) {
            let _ = writeln!(out, "[{share:.2}] {para}");
        }
        let path = dir.join(format!("{id}.txt"));
        std::fs::write(&path, out).map_err(|e| Error::io(&path, e))?;
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.3.cmp(&b.3)));
    let mut tsv = String::from("id\tp\tr\tf1\n");
    for (f1, p, r, id) in rows {
        let _ = writeln!(tsv, "{id}\t{p:.3}\t{r:.3}\t{f1:.3}");
    }
    let path = dir.join("pages.tsv");
    std::fs::write(&path, tsv).map_err(|e| Error::io(&path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one_and_disjoint_zero() {
        let a = "The council voted on Tuesday to keep the ferry.";
        assert_eq!(page_scores(a, a), (Some(1.0), Some(1.0)));
        assert_eq!(
            page_scores(a, "Completely different words in this other text here"),
            (Some(0.0), Some(0.0))
        );
        assert_eq!(page_scores(a, ""), (None, Some(0.0)));
    }

    #[test]
    fn short_texts_are_one_shingle_and_underscores_are_word_characters() {
        assert_eq!(shingles("snake_case here").len(), 1);
        assert_eq!(tokens("a-b c_d é"), ["a", "b", "c_d", "é"]);
    }

    #[test]
    fn extra_text_costs_precision_only() {
        let truth = "one two three four five six";
        let (p, r) = page_scores(truth, "one two three four five six seven eight");
        assert_eq!(r, Some(1.0));
        assert!((p.unwrap() - 3.0 / 5.0).abs() < 1e-9);
    }

    #[test]
    fn misses_list_paragraphs_the_other_side_lacks() {
        let truth = "The council voted on Tuesday to keep the ferry running all winter.";
        let ours = "The council voted on Tuesday to keep the ferry running all winter.\n\n\
                    Sign up for our newsletter to get the news every morning.";
        let excess = unmatched_paragraphs(ours, truth);
        assert_eq!(excess.len(), 1);
        assert!(excess[0].1.starts_with("Sign up"));
        assert!(unmatched_paragraphs(truth, ours).is_empty());
    }
}
