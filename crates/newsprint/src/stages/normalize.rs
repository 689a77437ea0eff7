//! Normalize stage: parsed records to `articles` rows. Text (NFC, whitespace, paragraph
//! repair, link syntax), dates to UTC instants, URLs to canonical form, domain, language,
//! counts, content hash; exact duplicates flagged against the earliest record.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::NormalizeConfig;
use crate::dates::{
    DatePrecision, PublicationDate, parse_publication_date, parse_publication_date_not_after,
};
use crate::fsutil::hash128_hex;
use crate::model::{
    Article, DuplicateKey, LinkSpan, NeardupSketch, ParsedRecord, Reject, SourceFormat,
};
use crate::stages::StageName;
use crate::textnorm::{clean_line, normalize_body, word_count};
use crate::vocab::{LinkKind, PublishedSource, RejectReason};
use crate::{language, urlnorm};

pub const STAGE: &str = "normalize";
pub const VERSION: u32 = 4;

/// The normalize stage of one run: each parse part becomes a part of `articles` (with its
/// links and rejects, and the keys duplicate flagging needs), unless a part made from the
/// same parse part exists; duplicates are flagged in part order across all of them.
#[derive(Default)]
pub struct NormalizeStage {
    index: DuplicateIndex,
    config: NormalizeConfig,
    /// The near-duplicate parameters; `None` when `[neardup] enabled = false`.
    neardup: Option<crate::neardup::Params>,
}

impl crate::stages::Stage for NormalizeStage {
    fn name(&self) -> crate::stages::StageName {
        crate::stages::StageName::Normalize
    }

    fn tables(&self) -> &'static [&'static str] {
        &[
            "articles",
            "link_spans",
            "rejects",
            "dup_keys",
            "neardup_sketch",
        ]
    }

    fn counts_in(&self) -> &'static str {
        "records"
    }

    fn config(&self, p: &crate::config::Pipeline) -> crate::Result<String> {
        Ok(crate::stages::config_hash(&(
            &p.normalize,
            p.write.zstd_level,
            p.neardup.sketch_fingerprint(),
        )))
    }

    fn plan(
        &mut self,
        ctx: &crate::pipeline::Context,
        config: &str,
    ) -> crate::Result<crate::stages::Plan> {
        use crate::stages::StageName;
        self.config = ctx.pipeline.normalize.clone();
        let nd = &ctx.pipeline.neardup;
        self.neardup = nd.enabled.then(|| nd.build());
        let prev = ctx.previous(StageName::Normalize, StageName::Parse)?;
        Ok(crate::stages::Plan::part_by_part(
            prev, config, VERSION, "parsed",
        ))
    }

    fn make(
        &mut self,
        ctx: &crate::pipeline::Context,
        unit: &crate::stages::Unit,
        out: &mut crate::pipeline::runner::PartWriter,
        tick: &(dyn Fn(u64) + Sync),
    ) -> crate::Result<()> {
        let from = ctx
            .stage_dir(crate::stages::StageName::Parse)
            .join("parsed")
            .join(crate::stages::part_name(unit.key));
        let records: Vec<ParsedRecord> = crate::parquet_io::read_rows(&from)?;
        let mut made = normalize_records(&records, &self.config, &|| tick(1));
        drop(records);
        let keys: Vec<DuplicateKey> = made.articles.iter().map(duplicate_key).collect();
        let flags = flag_duplicates(&keys, &mut self.index, &self.config);
        apply_flags(&mut made.articles, &flags);
        // Sketched here, next to the text, so the near-duplicate join never reads it.
        let sketches: Vec<NeardupSketch> = match &self.neardup {
            Some(params) => made
                .articles
                .par_iter()
                .map(|a| NeardupSketch::new(a, params))
                .collect(),
            None => Vec::new(),
        };
        let mut stats = crate::stages::PartStats::default();
        crate::pipeline::count_reasons(&made.rejects, &mut stats.rejects_by_reason);
        stats
            .counts
            .insert("articles".into(), made.articles.len() as u64);
        stats
            .counts
            .insert("rejects".into(), made.rejects.len() as u64);
        out.write("articles", made.articles);
        out.write("link_spans", made.links);
        out.write("rejects", made.rejects);
        out.write("dup_keys", keys);
        out.write("neardup_sketch", sketches);
        out.done(flagged(stats, &flags))
    }

    /// A kept part's duplicate flags are worked out again (an earlier part may have gained or
    /// lost a copy) from its keys, without reading its text; its articles are rewritten only
    /// when they moved.
    fn keep(
        &mut self,
        _ctx: &crate::pipeline::Context,
        _unit: &crate::stages::Unit,
        kept: &[(usize, crate::stages::PartStats)],
        out: &mut crate::pipeline::runner::PartWriter,
    ) -> crate::Result<()> {
        for (from, old) in kept {
            let keys: Vec<DuplicateKey> = out.read_current("dup_keys", *from)?;
            let flags = flag_duplicates(&keys, &mut self.index, &self.config);
            let stats = flagged(old.clone(), &flags);
            for table in ["link_spans", "rejects", "dup_keys", "neardup_sketch"] {
                out.link_table(table, *from)?;
            }
            if stats.flags == old.flags {
                out.link_table("articles", *from)?;
            } else {
                let mut articles: Vec<Article> = out.read_current("articles", *from)?;
                apply_flags(&mut articles, &flags);
                out.write("articles", articles);
            }
            out.done(stats)?;
        }
        Ok(())
    }

    fn report(&self, m: &crate::stages::StageManifest) -> String {
        format!(
            "{} articles ({} flagged duplicates), {} rejects",
            m.count("articles"),
            m.count("duplicates"),
            m.count("rejects")
        )
    }
}

/// A part's stats with its duplicate count and the hash of its flags.
fn flagged(
    mut stats: crate::stages::PartStats,
    flags: &[Option<String>],
) -> crate::stages::PartStats {
    let duplicates = flags.iter().filter(|f| f.is_some()).count() as u64;
    stats.counts.insert("duplicates".into(), duplicates);
    stats.flags = crate::stages::hash_parts(flags.iter().map(|f| f.as_deref().unwrap_or("-")));
    stats
}

/// Days since 1970-01-01, Arrow's Date32.
pub fn epoch_days(date: chrono::NaiveDate) -> i32 {
    (date - chrono::NaiveDate::default()).num_days() as i32
}

/// Whether a date found at `source` can be the publication date. One read from visible text
/// (a dump's date line, the line under a headline) needs its day: a year or a month alone in
/// running text is a copyright line, a heading or an event, not when the article appeared.
/// Metadata fields (`meta`, `json-ld`, `feed`, ...) say what they are and keep any precision.
fn is_publication_date_of(date: &PublicationDate, source: Option<PublishedSource>) -> bool {
    source != Some(PublishedSource::Text) || date.precision >= DatePrecision::Day
}

pub struct Normalized {
    pub article: Article,
    pub links: Vec<LinkSpan>,
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(clean_line).filter(|s| !s.is_empty())
}

pub fn normalize_record(rec: &ParsedRecord, cfg: &NormalizeConfig) -> Normalized {
    let (text, inline) = normalize_body(&rec.body, rec.body_markup, cfg.repair_paragraphs);
    let url = non_empty(rec.url.as_deref());
    let canonical_url = rec
        .canonical_url
        .as_deref()
        .or(url.as_deref())
        .and_then(|u| urlnorm::canonicalize(u, &cfg.tracking_params));
    let source_domain = canonical_url.as_deref().and_then(urlnorm::source_domain);
    let modified = rec.modified_raw.as_deref().and_then(parse_publication_date);
    let published = rec
        .published_raw
        .as_deref()
        .and_then(|raw| parse_publication_date_not_after(raw, modified.map(|m| m.date)))
        .filter(|p| is_publication_date_of(p, rec.published_source));
    let mut links: Vec<LinkSpan> = inline
        .into_iter()
        .map(|l| LinkSpan {
            article_id: rec.article_id.clone(),
            anchor_text: l.anchor,
            start_char: i32::try_from(l.start_char).ok(),
            end_char: i32::try_from(l.end_char).ok(),
            target: l.target,
            kind: LinkKind::Inline.as_str().to_owned(),
        })
        .collect();
    for (title, target) in rec.related_titles.iter().zip(&rec.related_targets) {
        links.push(LinkSpan {
            article_id: rec.article_id.clone(),
            anchor_text: clean_line(title),
            start_char: None,
            end_char: None,
            target: target.clone(),
            kind: LinkKind::Related.as_str().to_owned(),
        });
    }
    let article = Article {
        article_id: rec.article_id.clone(),
        source_file: rec.source_file.clone(),
        source_record: rec.source_record,
        source_format: rec.source_format.as_str().to_owned(),
        source_offset: rec.source_offset,
        warc_record_id: rec.warc_record_id.clone(),
        fetched_at: rec
            .fetched_raw
            .as_deref()
            .and_then(parse_publication_date)
            .map(|p| p.utc_micros()),
        url,
        canonical_url,
        source_domain,
        site_name: non_empty(rec.site_name.as_deref()),
        title: non_empty(rec.title.as_deref()),
        authors: rec
            .authors
            .iter()
            .map(|a| clean_line(a))
            .filter(|a| !a.is_empty())
            .collect(),
        byline_raw: non_empty(rec.byline_raw.as_deref()),
        published_at: published.map(|p| p.utc_micros()),
        // The day as the source wrote it, not shifted by its offset.
        published_date: published.map(|p| epoch_days(p.date)),
        published_precision: published.map(|p| p.precision.as_str().to_owned()),
        published_tz_offset_min: published
            .and_then(|p| p.utc_offset_minutes)
            .and_then(|m| i16::try_from(m).ok()),
        published_source: published
            .and(rec.published_source)
            .map(|s| s.as_str().to_owned()),
        modified_at: modified.map(|p| p.utc_micros()),
        language: language::detect(&text, rec.language_hint.as_deref()),
        description: non_empty(rec.description.as_deref()),
        image_url: non_empty(rec.image_url.as_deref()),
        image_caption: non_empty(rec.image_caption.as_deref()),
        image_credit: non_empty(rec.image_credit.as_deref()),
        related_titles: rec.related_titles.iter().map(|t| clean_line(t)).collect(),
        tags: rec
            .tags
            .iter()
            .map(|t| clean_line(t))
            .filter(|t| !t.is_empty())
            .collect(),
        section: non_empty(rec.section.as_deref()),
        word_count: i32::try_from(word_count(&text)).unwrap_or(i32::MAX),
        char_count: i32::try_from(text.chars().count()).unwrap_or(i32::MAX),
        content_hash: hash128_hex(text.as_bytes()),
        text,
        is_duplicate: false,
        duplicate_of: None,
        charset_declared: rec.charset_declared.clone(),
        charset_used: rec.charset_used.clone(),
        extractor: rec.extractor.clone(),
    };
    Normalized { article, links }
}

/// Remembers the first article seen for each canonical URL and each text, across parts.
/// It lives for the whole run, so it holds 128-bit hashes, not strings: about 80 bytes per
/// article instead of several hundred, which is what keeps a run of millions of articles
/// small. A collision of two 128-bit hashes is not a practical concern.
#[derive(Debug, Default)]
pub struct DuplicateIndex {
    by_url: HashMap<u128, u128>,
    by_text: HashMap<u128, u128>,
    /// Article ids that are not 32 hex digits (none that newsprint makes), by their hash.
    other_ids: HashMap<u128, String>,
}

/// What duplicate flagging keeps of an article. A feed item is the summary of the page at
/// its URL, not a copy: it is matched by its text only, so a page read after its feed is not
/// flagged as the feed item's duplicate.
pub fn duplicate_key(article: &Article) -> DuplicateKey {
    DuplicateKey {
        article_id: article.article_id.clone(),
        url_key: article
            .canonical_url
            .as_ref()
            .filter(|_| article.source_format != SourceFormat::Feed.as_str())
            .map(|u| hash128_hex(u.as_bytes())),
        text_key: article.content_hash.clone(),
    }
}

impl DuplicateIndex {
    /// The id of an earlier article with the same canonical URL or text, if any; then
    /// remembers this one.
    pub fn check(&mut self, key: &DuplicateKey) -> Option<String> {
        let url_key = key.url_key.as_deref().map(hex_key);
        let text_key = hex_key(&key.text_key);
        let earlier = url_key
            .and_then(|k| self.by_url.get(&k))
            .or_else(|| self.by_text.get(&text_key))
            .copied();
        let id = self.key_of(&key.article_id);
        if let Some(k) = url_key {
            self.by_url.entry(k).or_insert(id);
        }
        self.by_text.entry(text_key).or_insert(id);
        earlier.map(|first| self.id_of(first))
    }

    fn key_of(&mut self, id: &str) -> u128 {
        match u128::from_str_radix(id, 16) {
            Ok(k) if id.len() == 32 => k,
            _ => {
                let k = xxhash_rust::xxh3::xxh3_128(id.as_bytes());
                self.other_ids.entry(k).or_insert_with(|| id.to_owned());
                k
            }
        }
    }

    fn id_of(&self, key: u128) -> String {
        self.other_ids
            .get(&key)
            .cloned()
            .unwrap_or_else(|| format!("{key:032x}"))
    }
}

fn hex_key(hex: &str) -> u128 {
    u128::from_str_radix(hex, 16).unwrap_or_else(|_| xxhash_rust::xxh3::xxh3_128(hex.as_bytes()))
}

/// The `duplicate_of` of each article of a part, in order, from the articles of all the parts
/// before it (`index`); `None` everywhere when flagging is off.
pub fn flag_duplicates(
    keys: &[DuplicateKey],
    index: &mut DuplicateIndex,
    cfg: &NormalizeConfig,
) -> Vec<Option<String>> {
    if !cfg.flag_duplicates {
        return vec![None; keys.len()];
    }
    keys.iter().map(|k| index.check(k)).collect()
}

/// Sets `is_duplicate` and `duplicate_of` from `flag_duplicates`' answer.
pub fn apply_flags(articles: &mut [Article], flags: &[Option<String>]) {
    for (a, f) in articles.iter_mut().zip(flags) {
        a.is_duplicate = f.is_some();
        a.duplicate_of = f.clone();
    }
}

/// What a batch gave: articles, their links, and records whose text normalised to nothing.
#[derive(Debug, Default)]
pub struct BatchOutput {
    pub articles: Vec<Article>,
    pub links: Vec<LinkSpan>,
    pub rejects: Vec<Reject>,
}

/// Normalises one batch in parallel, in record order (so the result does not depend on the
/// thread count). Duplicates are not flagged here: that needs every part before this one.
pub fn normalize_records(
    records: &[ParsedRecord],
    cfg: &NormalizeConfig,
    on_record: &(dyn Fn() + Sync),
) -> BatchOutput {
    let normalized: Vec<Result<Normalized, Box<Reject>>> = records
        .par_iter()
        .map(|r| {
            let chars = r.body.chars().count();
            on_record();
            if chars > cfg.max_text_chars {
                let mut reject = Reject::new(
                    StageName::Normalize,
                    RejectReason::TooLarge,
                    &r.source_file,
                    format!(
                        "the body has {chars} characters, over max_text_chars = {}",
                        cfg.max_text_chars
                    ),
                );
                reject.source_record = Some(r.source_record);
                reject.source_offset = r.source_offset;
                reject.article_id = Some(r.article_id.clone());
                reject.url = r.url.clone();
                return Err(Box::new(reject));
            }
            Ok(normalize_record(r, cfg))
        })
        .collect();
    let mut out = BatchOutput::default();
    for n in normalized {
        let n = match n {
            Ok(n) => n,
            Err(reject) => {
                out.rejects.push(*reject);
                continue;
            }
        };
        if n.article.text.is_empty() {
            let a = &n.article;
            let mut r = Reject::new(
                StageName::Normalize,
                RejectReason::NoBody,
                &a.source_file,
                "the body is empty after normalisation",
            );
            r.source_record = Some(a.source_record);
            r.article_id = Some(a.article_id.clone());
            r.url = a.url.clone();
            out.rejects.push(r);
            continue;
        }
        out.articles.push(n.article);
        out.links.extend(n.links);
    }
    out
}

/// Normalises a batch and flags its duplicates against `index` (the whole stage in one call).
pub fn normalize_batch(
    records: &[ParsedRecord],
    cfg: &NormalizeConfig,
    index: &mut DuplicateIndex,
) -> BatchOutput {
    let mut out = normalize_records(records, cfg, &|| {});
    let keys: Vec<DuplicateKey> = out.articles.iter().map(duplicate_key).collect();
    let flags = flag_duplicates(&keys, index, cfg);
    apply_flags(&mut out.articles, &flags);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_date_after_the_modified_day_is_read_day_first() {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let raw = "10/05/2022 05:22 pm";
        let p = parse_publication_date_not_after(raw, Some(day(2022, 5, 10))).unwrap();
        assert_eq!(p.date, day(2022, 5, 10));
        // Before the modified day, the US reading stands.
        let p = parse_publication_date_not_after(raw, Some(day(2022, 12, 1))).unwrap();
        assert_eq!(p.date, day(2022, 10, 5));
        assert_eq!(parse_publication_date(raw).unwrap().date, day(2022, 10, 5));
    }

    #[test]
    fn normalize_reads_a_slash_date_against_the_pages_modified_day() {
        let mut rec = record(0, "A short article.");
        rec.published_raw = Some("10/05/2022 05:22 pm".into());
        rec.modified_raw = Some("2022/05/10".into());
        let a = normalize_record(&rec, &NormalizeConfig::default()).article;
        assert_eq!(
            a.published_date,
            Some(epoch_days(
                chrono::NaiveDate::from_ymd_opt(2022, 5, 10).unwrap()
            ))
        );
    }

    #[test]
    fn a_bare_year_or_month_from_text_is_not_a_publication_date() {
        for raw in ["1998", "\u{a9} 1998 The Island Gazette", "November 2021"] {
            let mut rec = record(0, "A short article.");
            rec.published_raw = Some(raw.into());
            rec.published_source = Some(PublishedSource::Text);
            let a = normalize_record(&rec, &NormalizeConfig::default()).article;
            assert_eq!(
                (a.published_at, a.published_precision, a.published_source),
                (None, None, None),
                "{raw}"
            );
        }
        // A day in the text stands; a metadata field keeps what it says, a year included.
        let mut rec = record(0, "A short article.");
        rec.published_raw = Some("4 March 2025".into());
        rec.published_source = Some(PublishedSource::Text);
        let a = normalize_record(&rec, &NormalizeConfig::default()).article;
        assert_eq!(a.published_precision.as_deref(), Some("day"));
        rec.published_raw = Some("2018".into());
        rec.published_source = Some(PublishedSource::Meta);
        let a = normalize_record(&rec, &NormalizeConfig::default()).article;
        assert_eq!(a.published_precision.as_deref(), Some("year"));
    }

    #[test]
    fn published_date_is_the_day_in_the_publishers_own_offset() {
        let day = |y, m, d| epoch_days(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let utc = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .timestamp_micros()
        };
        for (raw, local_day, instant, offset) in [
            (
                "Sat, 19 Oct 2019 00:04:00 +0200",
                day(2019, 10, 19),
                "2019-10-18T22:04:00Z",
                120,
            ),
            (
                "2019-10-18T23:30:00-05:00",
                day(2019, 10, 18),
                "2019-10-19T04:30:00Z",
                -300,
            ),
            (
                "19 October 2019, 00:04 CEST",
                day(2019, 10, 19),
                "2019-10-18T22:04:00Z",
                120,
            ),
        ] {
            for source in [
                PublishedSource::Feed,
                PublishedSource::Meta,
                PublishedSource::Text,
            ] {
                let mut rec = record(0, "A short article.");
                rec.published_raw = Some(raw.into());
                rec.published_source = Some(source);
                let a = normalize_record(&rec, &NormalizeConfig::default()).article;
                assert_eq!(a.published_date, Some(local_day), "{raw} ({source:?})");
                assert_eq!(a.published_at, Some(utc(instant)), "{raw} ({source:?})");
                assert_eq!(
                    a.published_tz_offset_min,
                    Some(offset),
                    "{raw} ({source:?})"
                );
            }
        }
    }

    use crate::model::SourceFormat;
    use crate::stages::parse::empty_record;

    fn record(i: i64, body: &str) -> ParsedRecord {
        let mut r = empty_record(&format!("id{i}"), "f.txt", i, SourceFormat::PlainText);
        r.body = body.to_owned();
        r
    }

    #[test]
    fn duplicates_by_url_or_text_point_at_the_first_article_id() {
        let cfg = NormalizeConfig::default();
        let mut a = record(0, "The ferry will run all winter, the council said.");
        a.article_id = "0123456789abcdef0123456789abcdef".into();
        a.url = Some("https://news.example/ferry?utm_source=x".into());
        let mut same_url = record(1, "A different text at the same address.");
        same_url.url = Some("https://www.news.example/ferry".into());
        let same_text = record(2, "The ferry will run all winter, the council said.");
        // Ids that are not 32 hex digits still come back as written.
        let mut odd = record(3, "An article with an unusual id.");
        odd.article_id = "custom-id-7".into();
        let odd_again = record(4, "An article with an unusual id.");
        let fresh = record(5, "Nothing like the others.");
        let records = [a, same_url, same_text, odd, odd_again, fresh];
        let out = normalize_batch(&records, &cfg, &mut DuplicateIndex::default());
        let flags: Vec<(bool, Option<&str>)> = out
            .articles
            .iter()
            .map(|a| (a.is_duplicate, a.duplicate_of.as_deref()))
            .collect();
        let first = Some("0123456789abcdef0123456789abcdef");
        assert_eq!(
            flags,
            [
                (false, None),
                (true, first),
                (true, first),
                (false, None),
                (true, Some("custom-id-7")),
                (false, None),
            ]
        );
    }

    #[test]
    fn page_is_not_the_duplicate_of_its_feed_item() {
        let cfg = NormalizeConfig::default();
        let mut item = record(0, "The ferry will run all winter.");
        item.source_format = SourceFormat::Feed;
        item.url = Some("https://news.example/ferry".into());
        let mut page = record(
            1,
            "The ferry will run all winter, the council said on Tuesday.",
        );
        page.url = Some("https://news.example/ferry".into());
        let mut same_item_again = record(2, "The ferry will run all winter.");
        same_item_again.source_format = SourceFormat::Feed;
        let out = normalize_batch(
            &[item, page, same_item_again],
            &cfg,
            &mut DuplicateIndex::default(),
        );
        let flags: Vec<bool> = out.articles.iter().map(|a| a.is_duplicate).collect();
        assert_eq!(flags, [false, false, true]);
    }

    #[test]
    fn body_over_max_text_chars_is_a_reject_and_the_batch_goes_on() {
        let cfg = NormalizeConfig {
            max_text_chars: 40,
            ..NormalizeConfig::default()
        };
        // 40 characters but more bytes: the cap counts characters.
        let at_cap = "é".repeat(40);
        let records = [
            record(0, &"word ".repeat(9)),
            record(1, &at_cap),
            record(2, "A short article."),
        ];
        let out = normalize_batch(&records, &cfg, &mut DuplicateIndex::default());
        assert_eq!(out.rejects.len(), 1);
        assert_eq!(out.rejects[0].reason, "too_large");
        assert_eq!(out.rejects[0].source_record, Some(0));
        assert_eq!(
            out.articles
                .iter()
                .map(|a| a.source_record)
                .collect::<Vec<_>>(),
            [1, 2]
        );
    }
}
