//! `newsprint gen-corpus`: makes a large corpus of distinct articles from a small one, for
//! scale runs (a million articles on one machine) without shipping anyone's text.
//!
//! Text: each article is a text dump in the seed's layout whose paragraphs are drawn from
//! the source articles, with varied names, dates, captions and URLs. WARC: the source HTML
//! pages wrapped in response records, each under its own URL and date.

use std::io::Write;
use std::path::{Path, PathBuf};

use newsprint::{Error, Result};

use newsprint_ner::rng::XorShift;
use newsprint_ner::synth::MONTHS;

/// A distinct stream per article: the article number, spread over the seed's bits.
fn rng_for(i: u64) -> XorShift {
    XorShift::new(i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

const GIVEN: [&str; 16] = [
    "Anna", "Tomas", "Ines", "Karl", "Mara", "Yusuf", "Leila", "Pavel", "Sofia", "Dmitri", "Aiko",
    "Kwame", "Elena", "Marco", "Nadia", "Oskar",
];
const FAMILY: [&str; 16] = [
    "Berg",
    "Novak",
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Silva",
    "Kowalski",
    "Haddad",
    "Brennan",
    "Vogel",
    "Costa",
    "Ivanova",
    "Mensah",
    "Rossi",
    "Nyberg",
];
const ROLES: [&str; 6] = [
    "Mayor",
    "spokesperson",
    "chief executive",
    "minister",
    "coach",
    "professor",
];
const SITES: [&str; 8] = [
    "harbour-herald",
    "valley-voice",
    "metro-observer",
    "lantern-daily",
    "coastline-sport",
    "market-ledger",
    "northern-science",
    "civic-wire",
];

/// Source articles: a headline line, then paragraphs separated by blank lines.
fn load_sources(from: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let mut titles = Vec::new();
    let mut paragraphs = Vec::new();
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    for path in files {
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let text = String::from_utf8_lossy(&bytes);
        let mut blocks = text.split("\n\n").map(str::trim).filter(|b| !b.is_empty());
        if let Some(title) = blocks.next() {
            titles.push(title.replace('\n', " "));
        }
        paragraphs.extend(
            blocks
                .filter(|b| b.split_whitespace().count() >= 8)
                .map(|b| b.replace('\n', " ")),
        );
    }
    if titles.is_empty() || paragraphs.len() < 8 {
        return Err(Error::Other(format!(
            "{}: needs plain-text articles (.txt: headline, blank line, paragraphs) to draw from",
            from.display()
        )));
    }
    Ok((titles, paragraphs))
}

fn person(rng: &mut XorShift) -> String {
    format!("{} {}", rng.pick(&GIVEN), rng.pick(&FAMILY))
}

/// One text dump in the seed's layout; `i` makes it distinct from every other.
fn text_dump(i: u64, titles: &[String], paragraphs: &[String]) -> String {
    let mut rng = rng_for(i + 1);
    let days = rng.below(9000) as i64;
    let date = chrono::NaiveDate::from_ymd_opt(2001, 1, 1).unwrap_or_default()
        + chrono::TimeDelta::days(days);
    use chrono::Datelike;
    let month = MONTHS[date.month0() as usize];
    let date_line = match rng.below(3) {
        0 => format!("{month} {}, {}", date.day(), date.year()),
        1 => format!("{} {month} {}", date.day(), date.year()),
        _ => date.format("%Y-%m-%d").to_string(),
    };
    let site = rng.pick(&SITES);
    let who = person(&mut rng);
    let role = rng.pick(&ROLES);
    let title = rng.pick(titles);
    let mut out = format!(
        "\n\n{title}\n\n{date_line}\n\n\n\n{role} {who}. {site}.example\n\n",
        role = capitalise(role)
    );
    let count = 3 + rng.below(6);
    for k in 0..count {
        let para = rng.pick(paragraphs);
        if k == 0 {
            // A sentence of its own keeps every article distinct, and adds a person and a date.
            out.push_str(&format!(
                "{who}, the {role}, [said](#) on {} that the matter (case {i}) would be reviewed. ",
                date.format("%A")
            ));
        }
        out.push_str(para);
        out.push_str("\n\n");
        if k == 1 && rng.below(3) == 0 {
            out.push_str(&format!("Related article: [{}](#)\n\n", rng.pick(titles)));
        }
    }
    let slug: String = title
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    out.push_str(&format!(
        "Original url:\n\n<https://www.{site}.example/{}/{}-a{i}>",
        date.format("%Y/%m/%d"),
        slug.trim_matches('-')
    ));
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Writes `count` text dumps under `out`, 1,000 per folder.
pub fn generate_text(from: &Path, out: &Path, count: u64) -> Result<u64> {
    let (titles, paragraphs) = load_sources(from)?;
    let mut written = 0;
    for i in 0..count {
        let dir = out.join(format!("{:05}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        let path = dir.join(format!("{i:08}.txt"));
        std::fs::write(&path, text_dump(i, &titles, &paragraphs))
            .map_err(|e| Error::io(&path, e))?;
        written += 1;
    }
    Ok(written)
}

/// Writes one gzip-per-record WARC of `count` response records wrapping the HTML pages found
/// under `from` (`.html`, `.htm`, `.html.gz`) in turn, each under its own URL.
pub fn generate_warc(from: &Path, out: &Path, count: u64) -> Result<u64> {
    use std::io::Read;
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(from)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if !(name.ends_with(".html") || name.ends_with(".htm") || name.ends_with(".html.gz")) {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        let page = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut page = Vec::new();
            flate2::read::MultiGzDecoder::new(&bytes[..])
                .read_to_end(&mut page)
                .map_err(|e| Error::io(entry.path(), e))?;
            page
        } else {
            bytes
        };
        pages.push(page);
    }
    if pages.is_empty() {
        return Err(Error::Other(format!(
            "{}: no HTML pages to wrap",
            from.display()
        )));
    }
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let file = std::fs::File::create(out).map_err(|e| Error::io(out, e))?;
    let mut writer = std::io::BufWriter::new(file);
    for i in 0..count {
        let page = &pages[(i % pages.len() as u64) as usize];
        let mut rng = rng_for(i + 1);
        let site = rng.pick(&SITES);
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            page.len()
        );
        let block_len = http.len() + page.len();
        let seconds = 1_600_000_000 + i * 60;
        let date = chrono::DateTime::from_timestamp(seconds as i64, 0)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .unwrap_or_default();
        let header = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{i:012}>\r\nWARC-Date: {date}\r\nWARC-Target-URI: https://www.{site}.example/page/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {block_len}\r\n\r\n"
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let io = |e| Error::io(out, e);
        gz.write_all(header.as_bytes()).map_err(io)?;
        gz.write_all(http.as_bytes()).map_err(io)?;
        gz.write_all(page).map_err(io)?;
        gz.write_all(b"\r\n\r\n").map_err(io)?;
        writer.write_all(&gz.finish().map_err(io)?).map_err(io)?;
    }
    writer.flush().map_err(|e| Error::io(out, e))?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> (Vec<String>, Vec<String>) {
        let titles = vec!["Harbour wall repaired".to_owned(), "Ferry saved".to_owned()];
        let paragraphs = (0..10)
            .map(|k| {
                format!(
                    "Paragraph {k} tells of the harbour, the ferry and the council in some detail."
                )
            })
            .collect();
        (titles, paragraphs)
    }

    #[test]
    fn generated_dumps_are_distinct_deterministic_and_parse_as_text_dumps() {
        let (titles, paragraphs) = sources();
        let a = text_dump(1, &titles, &paragraphs);
        assert_eq!(a, text_dump(1, &titles, &paragraphs));
        assert_ne!(a, text_dump(2, &titles, &paragraphs));
        assert_eq!(
            newsprint::formats::text_format(&a),
            newsprint::model::SourceFormat::TextDump
        );
        let mut rec = newsprint::stages::parse::empty_record(
            "x",
            "f",
            0,
            newsprint::model::SourceFormat::TextDump,
        );
        newsprint::formats::textdump::parse(&a, &mut rec).unwrap();
        assert!(rec.published_raw.is_some());
        assert!(rec.image_credit.as_deref().unwrap().ends_with(".example"));
        assert!(rec.url.as_deref().unwrap().ends_with("-a1"));
    }

    #[test]
    fn generated_warc_holds_one_response_per_record_with_distinct_urls() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("a.html"),
            "<html><body><p>One</p></body></html>",
        )
        .unwrap();
        std::fs::write(
            tmp.path().join("b.html"),
            "<html><body><p>Two</p></body></html>",
        )
        .unwrap();
        let out = tmp.path().join("out/crawl.warc.gz");
        assert_eq!(generate_warc(tmp.path(), &out, 5).unwrap(), 5);
        let file = std::io::BufReader::new(std::fs::File::open(&out).unwrap());
        let items: Vec<_> = newsprint::formats::warc::WarcReader::detect(file, 1 << 20)
            .unwrap()
            .collect();
        let urls: std::collections::BTreeSet<String> = items
            .iter()
            .map(|item| match item {
                newsprint::formats::warc::WarcItem::Response(r) => r.target_uri.clone().unwrap(),
                other => panic!("not a response: {other:?}"),
            })
            .collect();
        assert_eq!(urls.len(), 5);
    }
}
