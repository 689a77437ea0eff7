//! Extract stage: what is found in the normalised text: links, dates, named entities and
//! quotations.

use std::cell::OnceCell;
use url::Url;

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::config::ExtractConfig;
use crate::model::{
    ArticleEntity, ArticleText, DateMention, EntityMention, Link, LinkSpan, Quote, QuoteSpan,
};
use crate::ner::{self, Model};
use crate::stages::normalize::epoch_days;
use crate::urlnorm::registrable_domain;

pub const STAGE: &str = "extract";
/// Bumped when the stage's output for the same input changes (8: `corpus_entity_id` in
/// `mentions` and `entities`).
pub const VERSION: u32 = 9;

/// The extract stage of one run: links, dates and entities of each part of `articles`,
/// unless a part made from the same articles exists. The model is loaded when the first
/// part needs it: a run that keeps every part loads nothing.
#[derive(Default)]
pub struct ExtractStage {
    model: Option<LoadedModel>,
}

impl crate::stages::Stage for ExtractStage {
    fn name(&self) -> crate::stages::StageName {
        crate::stages::StageName::Extract
    }

    fn tables(&self) -> &'static [&'static str] {
        &["links", "dates", "mentions", "entities", "quotes"]
    }

    fn counts_in(&self) -> &'static str {
        "articles"
    }

    fn config(&self, p: &crate::config::Pipeline) -> crate::Result<String> {
        // A user's model file is part of the config: retraining it redoes the stage.
        let model_hash = match &p.extract.ner_model {
            Some(path) => crate::fsutil::hash128_hex(
                &std::fs::read(path).map_err(|e| crate::Error::io(path, e))?,
            ),
            None => String::new(),
        };
        Ok(crate::stages::config_hash(&(
            &p.extract,
            model_hash,
            p.write.zstd_level,
        )))
    }

    fn plan(
        &mut self,
        ctx: &crate::pipeline::Context,
        config: &str,
    ) -> crate::Result<crate::stages::Plan> {
        use crate::stages::StageName;
        let prev = ctx.previous(StageName::Extract, StageName::Normalize)?;
        // The duplicate flags are not an input of extraction: a part whose flags moved
        // keeps its extracted rows (`unit_of_part` leaves them out).
        Ok(crate::stages::Plan::part_by_part(
            prev, config, VERSION, "articles",
        ))
    }

    fn make(
        &mut self,
        ctx: &crate::pipeline::Context,
        unit: &crate::stages::Unit,
        out: &mut crate::pipeline::runner::PartWriter,
        tick: &(dyn Fn(u64) + Sync),
    ) -> crate::Result<()> {
        let cfg = &ctx.pipeline.extract;
        if cfg.entities && self.model.is_none() {
            self.model = Some(load_model(cfg.ner_model.as_deref())?);
        }
        let from = ctx.stage_dir(crate::stages::StageName::Normalize);
        let name = crate::stages::part_name(unit.key);
        let articles: Vec<ArticleText> =
            crate::parquet_io::read_columns(&from.join("articles").join(&name))?;
        let spans: Vec<LinkSpan> =
            crate::parquet_io::read_rows(&from.join("link_spans").join(&name))?;
        let made = extract_part(&articles, &spans, cfg, self.model.as_deref(), &|| tick(1));
        let mut stats = crate::stages::PartStats::default();
        stats.counts.insert("links".into(), made.links.len() as u64);
        stats.counts.insert("dates".into(), made.dates.len() as u64);
        stats
            .counts
            .insert("mentions".into(), made.mentions.len() as u64);
        stats
            .counts
            .insert("quotes".into(), made.quotes.len() as u64);
        stats.counts.extend(made.coverage);
        out.write("mentions", made.mentions);
        out.write("links", made.links);
        out.write("quotes", made.quotes);
        out.write("dates", made.dates);
        out.write("entities", made.entities);
        out.done(stats)
    }

    fn report(&self, m: &crate::stages::StageManifest) -> String {
        format!(
            "{} links, {} dates, {} entity mentions, {} quotes",
            m.count("links"),
            m.count("dates"),
            m.count("mentions"),
            m.count("quotes")
        )
    }
}

/// The extract stage's tables for one part, and what the language gate held back.
struct ExtractedPart {
    links: Vec<Link>,
    dates: Vec<DateMention>,
    mentions: Vec<EntityMention>,
    entities: Vec<ArticleEntity>,
    quotes: Vec<Quote>,
    /// `entities_skipped:<language>`, `dates_digits_only:<language>` and
    /// `quotes_skipped:<language>`: articles per language whose entities were not tagged,
    /// whose dates were read in digits only, or whose quotes were not looked for.
    coverage: BTreeMap<String, u64>,
}

/// Prefixes of the coverage counts in the extract manifest.
pub const ENTITIES_SKIPPED: &str = "entities_skipped:";
pub const DATES_DIGITS_ONLY: &str = "dates_digits_only:";
pub const QUOTES_SKIPPED: &str = "quotes_skipped:";

fn extract_part(
    articles: &[ArticleText],
    spans: &[LinkSpan],
    cfg: &crate::config::ExtractConfig,
    model: Option<&crate::ner::Model>,
    on_article: &(dyn Fn() + Sync),
) -> ExtractedPart {
    let mut by_article: BTreeMap<&str, Vec<LinkSpan>> = BTreeMap::new();
    for s in spans {
        by_article
            .entry(s.article_id.as_str())
            .or_default()
            .push(s.clone());
    }
    let links = articles
        .iter()
        .flat_map(|a| {
            let spans = by_article
                .get(a.article_id.as_str())
                .map_or(&[][..], Vec::as_slice);
            link_rows(a, spans, cfg)
        })
        .collect();
    // An article's rows are a function of its text, language and publication day (the
    // anchor of relative dates): an exact repeat in the part (a crawl's same story under
    // several URLs, a syndicated copy) takes the first one's rows, under its own id.
    let mut first_of: HashMap<(&str, Option<&str>, Option<i32>), usize> = HashMap::new();
    let first: Vec<usize> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            *first_of
                .entry((a.text.as_str(), a.language.as_deref(), a.published_date))
                .or_insert(i)
        })
        .collect();
    let mut repeated = vec![false; articles.len()];
    for (i, &f) in first.iter().enumerate() {
        repeated[f] |= f != i;
    }
    type Rows = (
        Vec<DateMention>,
        Vec<EntityMention>,
        Vec<ArticleEntity>,
        Vec<Quote>,
    );
    // Per article in parallel; collecting keeps article order, so the output does not depend
    // on the thread count.
    let mut per_article: Vec<Option<(Rows, Vec<&'static str>)>> = articles
        .par_iter()
        .enumerate()
        .map(|(i, a)| {
            if first[i] != i {
                return None;
            }
            // The language gate is decided once per article, for the rows and the counts.
            // Whether an undetected text reads as English is asked at most once.
            let english = OnceCell::new();
            let date_cov = dates_covered(a, &english);
            let dates = dates_for(a, cfg, date_cov);
            let entity_cov = model.map(|m| (m, entities_covered(a, m, &english)));
            let tagged = match entity_cov {
                Some((m, LanguageCoverage::Full)) => ner::extract_entities(&a.text, m),
                _ => Vec::new(),
            };
            let quote_cov = cfg.quotes.then(|| quotes_covered(a, &english));
            let quotes = quote_cov.map_or_else(Vec::new, |cov| quotes_for(a, &tagged, cov));
            let (mentions, entities) = entity_rows_of(a, tagged);
            let mut held_back = Vec::new();
            if cfg.dates && date_cov != LanguageCoverage::Full {
                held_back.push(DATES_DIGITS_ONLY);
            }
            if entity_cov.is_some_and(|(_, cov)| cov == LanguageCoverage::Skipped) {
                held_back.push(ENTITIES_SKIPPED);
            }
            if quote_cov == Some(LanguageCoverage::Skipped) {
                held_back.push(QUOTES_SKIPPED);
            }
            on_article();
            Some(((dates, mentions, entities, quotes), held_back))
        })
        .collect();
    // The part's rows are gathered article by article: sized once, instead of grown by
    // doubling (each growth a copy of every row so far, a sixth of a text run's `memcpy`).
    let rows_of = |i: usize| per_article[first[i]].as_ref().map(|(rows, _)| rows);
    let total = |n: fn(&Rows) -> usize| -> usize {
        (0..articles.len()).filter_map(|i| rows_of(i).map(n)).sum()
    };
    let mut out = ExtractedPart {
        links,
        dates: Vec::with_capacity(total(|r| r.0.len())),
        mentions: Vec::with_capacity(total(|r| r.1.len())),
        entities: Vec::with_capacity(total(|r| r.2.len())),
        quotes: Vec::with_capacity(total(|r| r.3.len())),
        coverage: BTreeMap::new(),
    };
    for (i, a) in articles.iter().enumerate() {
        let held_back = if first[i] == i && !repeated[i] {
            let ((d, m, e, q), held_back) = per_article[i].take().expect("computed");
            out.dates.extend(d);
            out.mentions.extend(m);
            out.entities.extend(e);
            out.quotes.extend(q);
            held_back
        } else {
            if first[i] != i {
                on_article();
            }
            let ((d, m, e, q), held_back) = per_article[first[i]].as_ref().expect("computed");
            let id = || a.article_id.clone();
            out.dates.extend(d.iter().map(|r| DateMention {
                article_id: id(),
                ..r.clone()
            }));
            out.mentions.extend(m.iter().map(|r| EntityMention {
                article_id: id(),
                ..r.clone()
            }));
            out.entities.extend(e.iter().map(|r| ArticleEntity {
                article_id: id(),
                ..r.clone()
            }));
            out.quotes.extend(q.iter().map(|r| Quote {
                article_id: id(),
                ..r.clone()
            }));
            held_back.clone()
        };
        for what in held_back {
            let language = a.language.as_deref().unwrap_or("undetected");
            *out.coverage.entry(format!("{what}{language}")).or_default() += 1;
        }
    }
    out
}

/// Targets that point nowhere: the dumps write `#` where the real URL was lost.
fn is_placeholder(target: &str) -> bool {
    let t = target.trim();
    t.is_empty() || t.starts_with('#') || t.to_ascii_lowercase().starts_with("javascript:")
}

pub fn link_rows(article: &ArticleText, spans: &[LinkSpan], cfg: &ExtractConfig) -> Vec<Link> {
    if !cfg.links {
        return Vec::new();
    }
    let base = article.url.as_deref().and_then(|u| Url::parse(u).ok());
    let own_domain = article.source_domain.as_deref();
    spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let placeholder = is_placeholder(&s.target);
            let href = if placeholder {
                None
            } else {
                match &base {
                    Some(b) => b.join(s.target.trim()).ok(),
                    None => Url::parse(s.target.trim()).ok(),
                }
            };
            let target_host = href
                .as_ref()
                .and_then(|u| u.host_str())
                .map(|h| h.trim_start_matches("www.").to_ascii_lowercase());
            let is_internal = match (&target_host, own_domain) {
                (Some(h), Some(own)) => Some(registrable_domain(h) == own),
                _ => None,
            };
            Link {
                article_id: article.article_id.clone(),
                link_idx: i32::try_from(i).unwrap_or(i32::MAX),
                kind: s.kind.clone(),
                anchor_text: s.anchor_text.clone(),
                start_char: s.start_char,
                end_char: s.end_char,
                target_raw: s.target.clone(),
                href: href.map(|u| u.to_string()),
                is_placeholder: placeholder,
                target_host,
                is_internal,
            }
        })
        .collect()
}

/// How much of the English-only rules and tagger ran on an article, by its `language`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageCoverage {
    /// The language is covered (or, undetected, the text reads as English): everything ran.
    Full,
    /// Dates of a language the rules do not cover: only expressions written in digits
    /// ("2022", "31.01.2022") were looked for.
    DigitsOnly,
    /// Entities of a language the tagger does not cover: the tagger did not run.
    Skipped,
}

/// Whether English-only machinery that `covers` the language reads `article`: its detected
/// language is covered, or no language was detected and the text reads as English.
/// `english` keeps the answer for an undetected text: three gates ask it of one article.
fn reads_article(
    article: &ArticleText,
    covers: fn(&str) -> bool,
    english: &OnceCell<bool>,
) -> bool {
    match article.language.as_deref() {
        Some(code) => covers(code),
        None => *english.get_or_init(|| crate::language::reads_as_english(&article.text)),
    }
}

/// Which date rules [`date_rows`] runs on `article`: all of them on English, the ones for
/// expressions written in digits on any other language.
pub fn date_coverage(article: &ArticleText) -> LanguageCoverage {
    dates_covered(article, &OnceCell::new())
}

fn dates_covered(article: &ArticleText, english: &OnceCell<bool>) -> LanguageCoverage {
    if reads_article(article, crate::dates::covers_language, english) {
        LanguageCoverage::Full
    } else {
        LanguageCoverage::DigitsOnly
    }
}

/// Whether [`entity_rows`] tags `article` with `model`: the shipped tagger only where it
/// knows the language (English); a model trained by the user wherever it is given.
pub fn entity_coverage(article: &ArticleText, model: &Model) -> LanguageCoverage {
    entities_covered(article, model, &OnceCell::new())
}

fn entities_covered(
    article: &ArticleText,
    model: &Model,
    english: &OnceCell<bool>,
) -> LanguageCoverage {
    if !ner::is_shipped(model) || reads_article(article, ner::covers_language, english) {
        LanguageCoverage::Full
    } else {
        LanguageCoverage::Skipped
    }
}

/// Temporal expressions of the text, relative ones resolved against the publication day;
/// only those written in digits in a language the rules do not cover (see [`date_coverage`]).
pub fn date_rows(article: &ArticleText, cfg: &ExtractConfig) -> Vec<DateMention> {
    dates_for(article, cfg, date_coverage(article))
}

fn dates_for(
    article: &ArticleText,
    cfg: &ExtractConfig,
    coverage: LanguageCoverage,
) -> Vec<DateMention> {
    if !cfg.dates {
        return Vec::new();
    }
    let anchor = article.published_date.and_then(|d| {
        chrono::NaiveDate::default().checked_add_signed(chrono::TimeDelta::days(d.into()))
    });
    let to_i32 = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let found = match coverage {
        LanguageCoverage::Full => crate::dates::extract(&article.text, anchor),
        LanguageCoverage::DigitsOnly | LanguageCoverage::Skipped => {
            crate::dates::extract_written_in_digits(&article.text, anchor)
        }
    };
    found
        .into_iter()
        .enumerate()
        .map(|(i, t)| DateMention {
            article_id: article.article_id.clone(),
            date_idx: to_i32(i),
            start_char: to_i32(t.start),
            end_char: to_i32(t.end),
            text: t.text,
            timex_type: t.timex_type.as_str().to_owned(),
            value: t.value,
            resolved_start: t.resolved_start.map(epoch_days),
            resolved_end: t.resolved_end.map(epoch_days),
            granularity: t.granularity.to_owned(),
            anchor_date: article.published_date,
        })
        .collect()
}

/// Entity mentions of the text and one row per entity, canonical names within the article;
/// none when the tagger does not know the article's language (see [`entity_coverage`]).
pub fn entity_rows(
    article: &ArticleText,
    model: &Model,
) -> (Vec<EntityMention>, Vec<ArticleEntity>) {
    entities_for(article, model, entity_coverage(article, model))
}

fn entities_for(
    article: &ArticleText,
    model: &Model,
    coverage: LanguageCoverage,
) -> (Vec<EntityMention>, Vec<ArticleEntity>) {
    if coverage == LanguageCoverage::Skipped {
        return (Vec::new(), Vec::new());
    }
    entity_rows_of(article, ner::extract_entities(&article.text, model))
}

/// The `mentions` and `entities` rows of the tagger's mentions of `article`.
fn entity_rows_of(
    article: &ArticleText,
    found: Vec<ner::Mention>,
) -> (Vec<EntityMention>, Vec<ArticleEntity>) {
    let to_i32 = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let entities = ner::summarize_entities(&found)
        .into_iter()
        .map(|e| ArticleEntity {
            article_id: article.article_id.clone(),
            entity_id: format!("{:016x}", e.entity_id),
            // Until publish joins the corpus's entities, each is its own.
            corpus_entity_id: format!("{:016x}", e.entity_id),
            canonical: e.canonical,
            entity_type: e.entity_type.as_str().to_owned(),
            mention_count: to_i32(e.mention_count),
            first_char: to_i32(e.first_char),
        })
        .collect();
    let mentions = found
        .into_iter()
        .enumerate()
        .map(|(i, m)| EntityMention {
            article_id: article.article_id.clone(),
            mention_idx: to_i32(i),
            start_char: to_i32(m.start_char),
            end_char: to_i32(m.end_char),
            entity_id: m.entity_id_hex(),
            corpus_entity_id: m.entity_id_hex(),
            text: m.text,
            entity_type: m.entity_type.as_str().to_owned(),
            canonical: m.canonical,
            sentence_idx: to_i32(m.sentence_idx),
            role: m.role,
        })
        .collect();
    (mentions, entities)
}

/// Whether the quote rules read `article`: they are English rules, so only an article in
/// English (or undetected and reading as English) is looked at, whatever the tagger.
pub fn quote_coverage(article: &ArticleText) -> LanguageCoverage {
    quotes_covered(article, &OnceCell::new())
}

fn quotes_covered(article: &ArticleText, english: &OnceCell<bool>) -> LanguageCoverage {
    if reads_article(article, crate::quotes::covers_language, english) {
        LanguageCoverage::Full
    } else {
        LanguageCoverage::Skipped
    }
}

/// The `quotes` rows of `article`, speakers resolved against the tagger's `mentions` of it
/// (none when the tagger did not run: sources are then kept as written, speakers null).
pub fn quote_rows(article: &ArticleText, mentions: &[ner::Mention]) -> Vec<Quote> {
    quotes_for(article, mentions, quote_coverage(article))
}

fn quotes_for(
    article: &ArticleText,
    mentions: &[ner::Mention],
    coverage: LanguageCoverage,
) -> Vec<Quote> {
    if coverage == LanguageCoverage::Skipped {
        return Vec::new();
    }
    let to_i32 = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    crate::quotes::find(&article.text, mentions)
        .into_iter()
        .enumerate()
        .map(|(i, q)| Quote {
            article_id: article.article_id.clone(),
            quote_idx: to_i32(i),
            start_char: to_i32(q.start()),
            end_char: to_i32(q.end()),
            spans: q
                .parts
                .iter()
                .map(|&(a, b)| QuoteSpan {
                    start_char: to_i32(a),
                    end_char: to_i32(b),
                })
                .collect(),
            text: q.text,
            direct: q.direct,
            cue_start_char: q.cue.as_ref().map(|c| to_i32(c.start)),
            cue_end_char: q.cue.as_ref().map(|c| to_i32(c.end)),
            cue: q.cue.map(|c| c.text),
            source_start_char: q.source.as_ref().map(|c| to_i32(c.start)),
            source_end_char: q.source.as_ref().map(|c| to_i32(c.end)),
            source: q.source.map(|c| c.text),
            speaker: q.speaker,
            speaker_entity_id: q.speaker_entity_id,
        })
        .collect()
}

/// A model from a file, or the shipped one (loaded once per process).
pub enum LoadedModel {
    Shipped(&'static Model),
    File(Box<Model>),
}

impl std::ops::Deref for LoadedModel {
    type Target = Model;
    fn deref(&self) -> &Model {
        match self {
            LoadedModel::Shipped(m) => m,
            LoadedModel::File(m) => m,
        }
    }
}

/// The model the config names, or the shipped one.
pub fn load_model(path: Option<&std::path::Path>) -> crate::Result<LoadedModel> {
    match path {
        Some(path) => Model::load(path)
            .map(|m| LoadedModel::File(Box::new(m)))
            .map_err(|e| crate::Error::Config(format!("NER model {}: {e}", path.display()))),
        None => Ok(LoadedModel::Shipped(ner::shipped_model())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(target: &str) -> LinkSpan {
        LinkSpan {
            article_id: "a".into(),
            anchor_text: "said".into(),
            start_char: Some(12),
            end_char: Some(16),
            target: target.into(),
            kind: crate::vocab::LinkKind::Inline.as_str().into(),
        }
    }

    fn article(text: &str, language: Option<&str>) -> ArticleText {
        let article = crate::stages::normalize::normalize_record(
            &crate::stages::parse::empty_record("a", "f", 0, crate::model::SourceFormat::PlainText),
            &Default::default(),
        )
        .article;
        ArticleText {
            article_id: article.article_id,
            url: article.url,
            source_domain: article.source_domain,
            published_date: article.published_date,
            language: language.map(str::to_owned),
            text: text.to_owned(),
        }
    }

    const GERMAN: &str = "Am Montag hat der Bundestag das Gesetz beschlossen. Das Gesetz sei ein wichtiger Schritt, sagte die Ministerin am 31.01.2022 in Berlin. Seit 2019 demonstrieren Fridays for Future im November und im August.";
    const ENGLISH: &str = "Chancellor Olaf Scholz said on Monday in Berlin that the law passed by the Bundestag was an important step. Angela Merkel backed it in November.";

    fn texts<T>(rows: &[T], text: impl Fn(&T) -> &str) -> Vec<String> {
        rows.iter().map(|r| text(r).to_owned()).collect()
    }

    fn rows_of<T: Clone>(rows: &[T], id: &str, article_id: fn(&T) -> &String) -> Vec<T> {
        rows.iter()
            .filter(|r| article_id(r) == id)
            .cloned()
            .collect()
    }

    #[test]
    fn repeated_text_gets_the_rows_of_its_first_under_its_own_id() {
        let quoted = format!("{ENGLISH} \"We will not wait,\" Scholz told reporters yesterday.");
        let with = |id: &str, text: &str, language: Option<&str>, day: Option<i32>| {
            let mut a = article(text, language);
            a.article_id = id.to_owned();
            a.published_date = day;
            a
        };
        let articles = [
            with("first", &quoted, Some("en"), Some(19_000)),
            with("german", GERMAN, Some("de"), Some(19_000)),
            with("repeat", &quoted, Some("en"), Some(19_000)),
            with("later", &quoted, Some("en"), Some(19_100)),
            with("german-repeat", GERMAN, Some("de"), Some(19_000)),
        ];
        let ticks = std::sync::atomic::AtomicUsize::new(0);
        let cfg = ExtractConfig::default();
        let part = extract_part(&articles, &[], &cfg, Some(ner::shipped_model()), &|| {
            ticks.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(ticks.into_inner(), articles.len());
        // Each article's rows, alone, as if it were the only one: what the part must hold.
        for a in &articles {
            let alone = extract_part(
                std::slice::from_ref(a),
                &[],
                &cfg,
                Some(ner::shipped_model()),
                &|| {},
            );
            assert!(!alone.mentions.is_empty() || a.language.as_deref() == Some("de"));
            let id = a.article_id.as_str();
            assert_eq!(
                rows_of(&part.dates, id, |r| &r.article_id),
                alone.dates,
                "{id}"
            );
            assert_eq!(
                rows_of(&part.mentions, id, |r| &r.article_id),
                alone.mentions
            );
            assert_eq!(
                rows_of(&part.entities, id, |r| &r.article_id),
                alone.entities
            );
            assert_eq!(rows_of(&part.quotes, id, |r| &r.article_id), alone.quotes);
        }
        // A relative date resolves against each copy's own day.
        let yesterday = |id: &str| {
            part.dates
                .iter()
                .find(|r| r.article_id == id && r.text == "yesterday")
                .and_then(|r| r.resolved_start)
        };
        assert_ne!(yesterday("repeat"), yesterday("later"));
        assert_eq!(
            part.coverage.values().sum::<u64>(),
            6,
            "{:?}",
            part.coverage
        );
    }

    #[test]
    fn german_article_gets_no_entities_from_the_english_tagger() {
        let model = ner::shipped_model();
        let german = article(GERMAN, Some("de"));
        assert_eq!(entity_coverage(&german, model), LanguageCoverage::Skipped);
        let (mentions, entities) = entity_rows(&german, model);
        assert!(
            mentions.is_empty() && entities.is_empty(),
            "{:?}",
            texts(&mentions, |m| &m.text)
        );
        // The same tagger still reads English, detected or undetected.
        for language in [Some("en"), None] {
            let english = article(ENGLISH, language);
            assert_eq!(entity_coverage(&english, model), LanguageCoverage::Full);
            let names = texts(&entity_rows(&english, model).0, |m| &m.text);
            assert!(names.iter().any(|n| n == "Olaf Scholz"), "{names:?}");
        }
        // An undetected text that does not read as English is not tagged either.
        let undetected_german = article(GERMAN, None);
        assert!(entity_rows(&undetected_german, model).0.is_empty());
    }

    #[test]
    fn quotes_are_looked_for_in_english_only() {
        // "sagte die Ministerin" is a quote the English rules cannot read: no rows.
        let german = article(GERMAN, Some("de"));
        assert_eq!(quote_coverage(&german), LanguageCoverage::Skipped);
        assert!(quote_rows(&german, &[]).is_empty());
        for language in [Some("en"), None] {
            let english = article(ENGLISH, language);
            let mentions = ner::extract_entities(ENGLISH, ner::shipped_model());
            let rows = quote_rows(&english, &mentions);
            // a stance ("backed it") is an attribution too, as PolNeAR annotates them
            assert_eq!(rows.len(), 2, "{rows:?}");
            assert_eq!(rows[0].speaker.as_deref(), Some("Olaf Scholz"));
            assert_eq!(rows[0].cue.as_deref(), Some("said"));
            assert_eq!(rows[1].speaker.as_deref(), Some("Angela Merkel"));
        }
    }

    #[test]
    fn german_article_gets_only_the_dates_written_in_digits() {
        let cfg = ExtractConfig::default();
        let german = article(GERMAN, Some("de"));
        assert_eq!(date_coverage(&german), LanguageCoverage::DigitsOnly);
        let rows = date_rows(&german, &cfg);
        assert_eq!(texts(&rows, |d| &d.text), ["31.01.2022", "2019"]);
        assert_eq!(rows.iter().map(|d| d.date_idx).collect::<Vec<_>>(), [0, 1]);
        let english = article(ENGLISH, Some("en"));
        assert_eq!(date_coverage(&english), LanguageCoverage::Full);
        let found = texts(&date_rows(&english, &cfg), |d| &d.text);
        assert!(found.iter().any(|t| t == "November"), "{found:?}");
    }

    #[test]
    fn placeholder_relative_and_external_targets() {
        let mut article = article("", None);
        article.url = Some("https://www.example.com/2025/story".into());
        article.source_domain = Some("example.com".into());
        let rows = link_rows(
            &article,
            &[span("#"), span("/other"), span("https://news.other.org/x")],
            &Default::default(),
        );
        assert!(rows[0].is_placeholder && rows[0].href.is_none());
        assert_eq!(
            rows[1].href.as_deref(),
            Some("https://www.example.com/other")
        );
        assert_eq!(rows[1].is_internal, Some(true));
        assert_eq!(rows[2].target_host.as_deref(), Some("news.other.org"));
        assert_eq!(rows[2].is_internal, Some(false));
        assert_eq!(
            rows.iter().map(|r| r.link_idx).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }
}
