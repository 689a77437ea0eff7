//! The `corpus_entities` table: one entity across the whole dataset, from the per-article
//! entities the extract stage found (`entities`, `mentions`) and the articles' days. One
//! builder makes it for a single run (at publish) and for a sharded one (at finalize); the
//! answer depends on the set of rows only, never on their order or the thread count.
//!
//! The rules, in order (docs/schema.md says them for users):
//! 1. One name, one entity: per-article entities whose canonical names are equal once case,
//!    dots and spacing are set aside ("George W. Bush", "George W Bush") are one, whatever
//!    type the tagger gave them in each article; the entity takes the type most of its
//!    articles give it and the spelling most of them use. Aliases such as "U.S." and
//!    "United States" were made one name within each article already (`ner::canon`).
//! 2. A lone surname joins the full name: a person named by one word ("Putin") is the person
//!    whose full name ends with that word, when the corpus has exactly one such full name, the
//!    word is nobody's given name there, no mention gives it a peer's or royal title, and its
//!    articles name something the full name's articles name too. Two people sharing a surname
//!    ("Gordon Brown", "Wes Brown") leave a lone "Brown" apart.

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use crate::error::Result;
use crate::model::{ArticleDay, CoMention, CorpusEntity, EntityOfArticle, MentionName};
use crate::ner::{EntityType, entity_id};
use crate::parquet_io::{read_column_batches, read_columns};
use crate::stages::part_name;

/// Aliases kept per entity (the most frequent): a place named thousands of ways would
/// otherwise carry every misspelling.
pub const MAX_ALIASES: usize = 32;
/// Entities listed in `co_mentioned`.
pub const MAX_CO_MENTIONED: usize = 10;
/// Articles two entities must share to be listed in each other's `co_mentioned`.
pub const MIN_SHARED_ARTICLES: i64 = 2;

/// One per-article entity id (`entities.entity_id`) and what the corpus says of it.
struct Local {
    entity_id: String,
    canonical: String,
    entity_type: EntityType,
    articles: i64,
    mentions: i64,
    /// Some mention of it carries a peer's, royal or rank title ("Lord Browne"): someone
    /// other than the full names that share the surname.
    titled: bool,
}

/// Titles (`mentions.role`) that make a lone surname a person of its own: "Lord Browne" of
/// BP is not "Des Browne", "Captain Archer" is not "Howard Archer".
const OWN_PERSON_TITLES: &[&str] = &[
    "lord", "lady", "baron", "baroness", "earl", "duke", "duchess", "king", "queen", "prince",
    "princess", "sir", "dame", "captain", "pope", "saint", "st",
];

/// Lists of `u32` for keys `0..n` in one flat array: a `Vec` per key would cost 24 bytes a
/// key and up to as much again in spare capacity, at millions of keys.
struct Csr {
    starts: Vec<usize>,
    values: Vec<u32>,
}

impl Csr {
    fn with_capacity(keys: usize, values: usize) -> Csr {
        let mut starts = Vec::with_capacity(keys + 1);
        starts.push(0);
        Csr {
            starts,
            values: Vec::with_capacity(values),
        }
    }

    /// Appends the list of the next key.
    fn push_list(&mut self, list: &[u32]) {
        self.values.extend_from_slice(list);
        self.starts.push(self.values.len());
    }

    fn get(&self, key: usize) -> &[u32] {
        &self.values[self.starts[key]..self.starts[key + 1]]
    }

    /// For each value `0..n`, the keys whose lists hold it, in key order.
    fn transpose(&self, n: usize) -> Csr {
        let mut counts = vec![0usize; n + 1];
        for &v in &self.values {
            counts[v as usize + 1] += 1;
        }
        for i in 0..n {
            counts[i + 1] += counts[i];
        }
        let starts = counts.clone();
        let mut next = counts;
        let mut values = vec![0u32; self.values.len()];
        for key in 0..self.starts.len() - 1 {
            for &v in self.get(key) {
                values[next[v as usize]] = key as u32;
                next[v as usize] += 1;
            }
        }
        Csr { starts, values }
    }
}

/// Where each key's run starts in a sequence of keys sorted ascending (`n + 1` entries).
fn starts_of(sorted_keys: impl Iterator<Item = u32>, n: usize) -> Vec<usize> {
    let mut starts = vec![0usize; n + 1];
    for k in sorted_keys {
        starts[k as usize + 1] += 1;
    }
    for i in 0..n {
        starts[i + 1] += starts[i];
    }
    starts
}

/// Column `i` of a projected batch, as the array type its schema gives.
fn column<A: 'static>(batch: &arrow::array::RecordBatch, i: usize) -> Result<&A> {
    batch
        .column(i)
        .as_any()
        .downcast_ref::<A>()
        .ok_or_else(|| crate::error::Error::Other(format!("column {i}: not the type expected")))
}

/// Gathers the rows of every part; [`CorpusIndexBuilder::finish`] joins them.
#[derive(Default)]
pub struct CorpusIndexBuilder {
    /// Article id to (its index, its day).
    articles: FxHashMap<String, (u32, Option<i32>)>,
    days: Vec<Option<i32>>,
    locals: Vec<Local>,
    local_of: FxHashMap<String, u32>,
    /// (article, local entity) for every `entities` row.
    postings: Vec<(u32, u32)>,
    /// Mentions as written, per local entity.
    surfaces: FxHashMap<u32, FxHashMap<String, i64>>,
}

/// The joined index: its rows and the corpus id of every per-article entity id.
pub struct CorpusIndex {
    pub rows: Vec<CorpusEntity>,
    corpus_of: FxHashMap<String, String>,
}

impl CorpusIndex {
    /// The corpus id of a per-article `entity_id` (itself when the index never saw it).
    pub fn corpus_id<'a>(&'a self, entity_id: &'a str) -> &'a str {
        self.joined(entity_id).unwrap_or(entity_id)
    }

    /// The corpus id of a per-article `entity_id` that another name's entity took in; `None`
    /// when it is its own.
    pub fn joined(&self, entity_id: &str) -> Option<&str> {
        self.corpus_of.get(entity_id).map(String::as_str)
    }

    /// Copies a `mentions` or `entities` part (`T`) with its `corpus_entity_id` column set;
    /// false (and nothing written) when it holds those ids already.
    pub fn rewrite_part<T: crate::schema::Table>(
        &self,
        src: &Path,
        dst: &Path,
        zstd_level: i32,
    ) -> Result<bool> {
        crate::parquet_io::rewrite_column::<T>(
            src,
            dst,
            "entity_id",
            "corpus_entity_id",
            |id| self.joined(id),
            zstd_level,
        )
    }
}

fn parse_type(s: &str) -> EntityType {
    EntityType::ALL
        .into_iter()
        .find(|t| t.as_str() == s)
        .unwrap_or(EntityType::Misc)
}

/// The name as compared across articles: lower case, dots dropped, one space between words.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        let word: String = word
            .chars()
            .filter(|c| *c != '.')
            .flat_map(char::to_lowercase)
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .collect();
        if word.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&word);
    }
    key
}

/// Words that sit in front of a name without being one: a "full name" that starts with one
/// ("Sgt Pepper", "Lords Bingham", "Fellow Bath") is a tagger's slip, and takes no surname.
const NOT_GIVEN_NAMES: &[&str] = &[
    "sir",
    "lord",
    "lords",
    "lady",
    "dame",
    "sgt",
    "sergeant",
    "fellow",
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "st",
    "saint",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "uncle",
    "aunt",
    "captain",
    "coach",
    "judge",
    "mayor",
    "president",
    "minister",
];

/// Name particles written in lower case inside a name ("Robert de Niro", "Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "den", "di", "da", "das", "dos", "du", "van", "von", "la", "le",
    "bin", "bint", "al", "ibn", "ter", "ten", "y",
];

/// Whether a person's canonical name reads as given names and a surname: two to four words,
/// each (and each part of a hyphenated one) capitalised or a particle, letters and
/// apostrophes and dots only, not opening with a title.
fn looks_like_full_name(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    if NOT_GIVEN_NAMES.contains(&words[0].to_lowercase().trim_end_matches('.')) {
        return false;
    }
    words.iter().enumerate().all(|(i, word)| {
        if i > 0 && i + 1 < words.len() && PARTICLES.contains(word) {
            return true;
        }
        word.split('-').all(|part| {
            let mut chars = part.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_alphabetic() || c == '\'' || c == '\u{2019}' || c == '.')
        })
    })
}

impl CorpusIndexBuilder {
    /// The days of articles (`articles` projected to `ArticleDay`): give them first.
    pub fn add_days(&mut self, rows: Vec<ArticleDay>) {
        for r in rows {
            self.article(r.article_id, r.published_date);
        }
    }

    fn article(&mut self, id: String, day: Option<i32>) -> u32 {
        let next = self.days.len() as u32;
        let (i, _) = *self.articles.entry(id).or_insert((next, day));
        if i == next {
            self.days.push(day);
        }
        i
    }

    fn local(&mut self, entity_id: &str, canonical: &str, entity_type: &str) -> u32 {
        if let Some(i) = self.local_of.get(entity_id) {
            return *i;
        }
        let i = self.locals.len() as u32;
        self.locals.push(Local {
            entity_id: entity_id.to_owned(),
            canonical: canonical.to_owned(),
            entity_type: parse_type(entity_type),
            articles: 0,
            mentions: 0,
            titled: false,
        });
        self.local_of.insert(entity_id.to_owned(), i);
        i
    }

    pub fn add_entities(&mut self, rows: &[EntityOfArticle]) {
        for r in rows {
            self.add_entity(
                &r.article_id,
                &r.entity_id,
                &r.canonical,
                &r.entity_type,
                r.mention_count,
            );
        }
    }

    fn add_entity(
        &mut self,
        article_id: &str,
        entity_id: &str,
        canonical: &str,
        entity_type: &str,
        mention_count: i32,
    ) {
        let article = match self.articles.get(article_id) {
            Some((i, _)) => *i,
            None => self.article(article_id.to_owned(), None),
        };
        let local = self.local(entity_id, canonical, entity_type);
        let l = &mut self.locals[local as usize];
        l.articles += 1;
        l.mentions += i64::from(mention_count);
        self.postings.push((article, local));
    }

    /// After the `entities` rows the mentions belong to: a mention of an entity id no row
    /// gave is left out.
    pub fn add_mentions(&mut self, rows: &[MentionName]) {
        for r in rows {
            self.add_mention(&r.entity_id, &r.text, r.role.as_deref());
        }
    }

    fn add_mention(&mut self, entity_id: &str, text: &str, role: Option<&str>) {
        let Some(&local) = self.local_of.get(entity_id) else {
            return;
        };
        let seen = self.surfaces.entry(local).or_default();
        match seen.get_mut(text) {
            Some(n) => *n += 1,
            None => {
                seen.insert(text.to_owned(), 1);
            }
        }
        if let Some(role) = role
            && role
                .split_whitespace()
                .next()
                .is_some_and(|w| OWN_PERSON_TITLES.contains(&w.to_lowercase().as_str()))
        {
            self.locals[local as usize].titled = true;
        }
    }

    /// The days of an `articles` file (two of its columns).
    pub fn add_days_file(&mut self, path: &Path) -> Result<()> {
        self.add_days(read_columns::<ArticleDay>(path)?);
        Ok(())
    }

    /// The rows of an `entities` file (after every `articles` file's days).
    pub fn add_entities_file(&mut self, path: &Path) -> Result<()> {
        for batch in read_column_batches::<EntityOfArticle>(path)? {
            self.add_entity_batch(&batch)?;
        }
        Ok(())
    }

    /// The names of a `mentions` file (after every `entities` file).
    pub fn add_mentions_file(&mut self, path: &Path) -> Result<()> {
        for batch in read_column_batches::<MentionName>(path)? {
            self.add_mention_batch(&batch)?;
        }
        Ok(())
    }

    /// `add_entities` straight from the columns of an `EntityOfArticle` projection, with no
    /// row struct in between (the index reads every row of the corpus).
    fn add_entity_batch(&mut self, batch: &arrow::array::RecordBatch) -> Result<()> {
        use arrow::array::{Int32Array, StringArray};
        let text = |i: usize| column::<StringArray>(batch, i);
        let (articles, ids, names, types) = (text(0)?, text(1)?, text(2)?, text(3)?);
        let counts = column::<Int32Array>(batch, 4)?;
        for r in 0..batch.num_rows() {
            self.add_entity(
                articles.value(r),
                ids.value(r),
                names.value(r),
                types.value(r),
                counts.value(r),
            );
        }
        Ok(())
    }

    /// `add_mentions` straight from the columns of a `MentionName` projection.
    fn add_mention_batch(&mut self, batch: &arrow::array::RecordBatch) -> Result<()> {
        use arrow::array::{Array, StringArray};
        let (texts, ids, roles) = (
            column::<StringArray>(batch, 0)?,
            column::<StringArray>(batch, 1)?,
            column::<StringArray>(batch, 2)?,
        );
        for r in 0..batch.num_rows() {
            let role = (!roles.is_null(r)).then(|| roles.value(r));
            self.add_mention(ids.value(r), texts.value(r), role);
        }
        Ok(())
    }

    /// Joins the entities by the rules of this module's head.
    pub fn finish(self) -> CorpusIndex {
        let CorpusIndexBuilder {
            articles,
            days,
            locals,
            local_of,
            postings,
            surfaces,
        } = self;
        // Ids are numbers from here on.
        drop((articles, local_of));
        // Rule 1: one name, one entity. Groups in key order, whatever the input's; members
        // in the order met.
        let mut keyed: Vec<(String, u32)> = locals
            .par_iter()
            .enumerate()
            .map(|(i, l)| (name_key(&l.canonical), i as u32))
            .collect();
        keyed.par_sort_unstable();
        let mut by_name: Vec<(String, Vec<u32>)> = Vec::new();
        for (key, i) in keyed {
            match by_name.last_mut() {
                Some((last, members)) if *last == key => members.push(i),
                _ => by_name.push((key, vec![i])),
            }
        }
        struct Group {
            key: String,
            members: Vec<u32>,
            entity_type: EntityType,
            canonical: String,
            /// Tagged a person in at least two thirds of its articles: a lone word the tagger
            /// also calls a place or a club ("Bolton", "Bath") joins no one.
            mostly_person: bool,
        }
        let groups: Vec<Group> = by_name
            .into_iter()
            .map(|(key, members)| {
                let mut by_type = [0i64; 4];
                for &m in &members {
                    let l = &locals[m as usize];
                    by_type[l.entity_type as usize] += l.articles;
                }
                // Ties go to the first type (person, org, location, misc) and the first
                // spelling in byte order.
                let entity_type = EntityType::ALL
                    .into_iter()
                    .max_by_key(|t| (by_type[*t as usize], std::cmp::Reverse(*t as usize)))
                    .unwrap_or(EntityType::Misc);
                let canonical = if let [only] = members[..] {
                    locals[only as usize].canonical.clone()
                } else {
                    let mut by_spelling: BTreeMap<&str, i64> = BTreeMap::new();
                    for &m in &members {
                        let l = &locals[m as usize];
                        *by_spelling.entry(l.canonical.as_str()).or_insert(0) += l.articles;
                    }
                    by_spelling
                        .iter()
                        .max_by_key(|(s, n)| (**n, std::cmp::Reverse(**s)))
                        .map(|(s, _)| (*s).to_owned())
                        .unwrap_or_default()
                };
                let total: i64 = by_type.iter().sum();
                Group {
                    key,
                    members,
                    entity_type,
                    canonical,
                    mostly_person: by_type[EntityType::Person as usize] * 3 >= total * 2,
                }
            })
            .collect();

        // Rule 2: a lone surname joins the one full name that ends with it.
        let mut full_names_ending: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        let mut given_names: FxHashSet<&str> = FxHashSet::default();
        for (g, group) in groups.iter().enumerate() {
            if group.entity_type != EntityType::Person {
                continue;
            }
            let words: Vec<&str> = group.key.split(' ').collect();
            if words.len() >= 2 {
                given_names.insert(words[0]);
                if looks_like_full_name(&group.canonical) {
                    full_names_ending
                        .entry(words[words.len() - 1])
                        .or_default()
                        .push(g);
                }
            }
        }
        // Which groups each article names, for the shared-context check below. The postings
        // in article order are the articles' lists of entities (one flat array, not a list
        // per article: a million articles name 26 million entities).
        let mut postings = postings;
        postings.par_sort_unstable();
        let article_starts = starts_of(postings.iter().map(|p| p.0), days.len());
        let mut group_of_local = vec![0u32; locals.len()];
        for (g, group) in groups.iter().enumerate() {
            for &m in &group.members {
                group_of_local[m as usize] = g as u32;
            }
        }
        let lone_surname = |g: usize| -> Option<usize> {
            let group = &groups[g];
            let lone = group.entity_type == EntityType::Person
                && !group.key.contains(' ')
                && group.mostly_person
                && !group.members.iter().any(|&m| locals[m as usize].titled);
            if !lone || given_names.contains(group.key.as_str()) {
                return None;
            }
            match full_names_ending.get(group.key.as_str()).map(Vec::as_slice) {
                Some(&[full]) => Some(full),
                _ => None,
            }
        };
        let candidates: Vec<(usize, usize)> = (0..groups.len())
            .filter_map(|g| lone_surname(g).map(|full| (g, full)))
            .collect();
        // The articles of the groups the check looks at, and only of those.
        let mut articles_of_group: FxHashMap<u32, Vec<u32>> = candidates
            .iter()
            .flat_map(|&(g, full)| [(g as u32, Vec::new()), (full as u32, Vec::new())])
            .collect();
        for &(a, l) in &postings {
            if let Some(list) = articles_of_group.get_mut(&group_of_local[l as usize]) {
                list.push(a);
            }
        }
        // The other entities named in a group's articles.
        let context = |g: usize| -> FxHashSet<u32> {
            articles_of_group[&(g as u32)]
                .iter()
                .flat_map(|&a| {
                    let a = a as usize;
                    postings[article_starts[a]..article_starts[a + 1]]
                        .iter()
                        .map(|&(_, l)| group_of_local[l as usize])
                })
                .filter(|&o| o as usize != g)
                .collect()
        };
        let mut root: Vec<usize> = (0..groups.len()).collect();
        for &(g, full) in &candidates {
            // The same story: the lone surname's articles name something the full name's
            // articles name too (a surname in a team list, a company, a film of that name
            // shares nothing with the person).
            let theirs = context(full);
            if context(g)
                .into_iter()
                .any(|o| o as usize != full && theirs.contains(&o))
            {
                root[g] = full;
            }
        }
        drop(articles_of_group);

        // The corpus entities: one per root group, in group order for now.
        let mut entity_of_group = vec![u32::MAX; groups.len()];
        let mut roots: Vec<usize> = Vec::new();
        for g in 0..groups.len() {
            if root[g] == g {
                entity_of_group[g] = roots.len() as u32;
                roots.push(g);
            }
        }
        for g in 0..groups.len() {
            entity_of_group[g] = entity_of_group[root[g]];
        }
        let mut entity_of_local = vec![0u32; locals.len()];
        for (g, group) in groups.iter().enumerate() {
            for &m in &group.members {
                entity_of_local[m as usize] = entity_of_group[g];
            }
        }
        let ids: Vec<String> = roots
            .iter()
            .map(|&g| {
                let group = &groups[g];
                format!("{:016x}", entity_id(group.entity_type, &group.canonical))
            })
            .collect();

        // Each article's corpus entities, each once (two per-article entities of one article
        // can join: "Labour" as an org and as a person), then each entity's articles.
        let mut entities_of = Csr::with_capacity(days.len(), postings.len());
        let mut these: Vec<u32> = Vec::new();
        for a in 0..days.len() {
            these.clear();
            these.extend(
                postings[article_starts[a]..article_starts[a + 1]]
                    .iter()
                    .map(|&(_, l)| entity_of_local[l as usize]),
            );
            these.sort_unstable();
            these.dedup();
            entities_of.push_list(&these);
        }
        drop((postings, article_starts));
        let articles_of = entities_of.transpose(roots.len());

        let mut members_of: Vec<Vec<u32>> = vec![Vec::new(); roots.len()];
        for (l, e) in entity_of_local.iter().enumerate() {
            members_of[*e as usize].push(l as u32);
        }
        let mut surfaces_of: Vec<Vec<(String, i64)>> = vec![Vec::new(); roots.len()];
        for (l, seen) in surfaces {
            surfaces_of[entity_of_local[l as usize] as usize].extend(seen);
        }

        let id_order: Vec<u64> = roots
            .iter()
            .map(|&g| entity_id(groups[g].entity_type, &groups[g].canonical))
            .collect();
        let mut rows: Vec<CorpusEntity> = (0..roots.len())
            .into_par_iter()
            // One dense counter per worker, cleared through the list of what it touched.
            .map_init(
                || (vec![0i64; roots.len()], Vec::<u32>::new()),
                |(counts, touched), e| {
                    let group = &groups[roots[e]];
                    let mut counted: FxHashMap<&str, i64> = FxHashMap::default();
                    for (text, n) in &surfaces_of[e] {
                        *counted.entry(text.as_str()).or_insert(0) += n;
                    }
                    for &m in &members_of[e] {
                        counted
                            .entry(locals[m as usize].canonical.as_str())
                            .or_insert(0);
                    }
                    let mut aliases: Vec<(&str, i64)> = counted.into_iter().collect();
                    aliases.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                    aliases.truncate(MAX_ALIASES);
                    let mut entity_ids: Vec<String> = members_of[e]
                        .iter()
                        .map(|&m| locals[m as usize].entity_id.clone())
                        .collect();
                    entity_ids.sort();
                    let articles = articles_of.get(e);
                    let dated = || articles.iter().filter_map(|&a| days[a as usize]);
                    for &a in articles {
                        for &other in entities_of.get(a as usize) {
                            if other as usize != e {
                                if counts[other as usize] == 0 {
                                    touched.push(other);
                                }
                                counts[other as usize] += 1;
                            }
                        }
                    }
                    // One article together is no tie: only entities sharing two or more count.
                    let mut shared: Vec<(u32, i64)> = touched
                        .drain(..)
                        .map(|o| (o, std::mem::take(&mut counts[o as usize])))
                        .filter(|(_, n)| *n >= MIN_SHARED_ARTICLES)
                        .collect();
                    // The top few only: a frequent entity shares articles with thousands.
                    let order = |a: &(u32, i64), b: &(u32, i64)| {
                        b.1.cmp(&a.1)
                            .then(id_order[a.0 as usize].cmp(&id_order[b.0 as usize]))
                    };
                    if shared.len() > MAX_CO_MENTIONED {
                        shared.select_nth_unstable_by(MAX_CO_MENTIONED - 1, order);
                        shared.truncate(MAX_CO_MENTIONED);
                    }
                    shared.sort_unstable_by(order);
                    CorpusEntity {
                        corpus_entity_id: ids[e].clone(),
                        canonical: group.canonical.clone(),
                        entity_type: group.entity_type.as_str().to_owned(),
                        aliases: aliases.into_iter().map(|(s, _)| s.to_owned()).collect(),
                        entity_ids,
                        article_count: articles.len() as i64,
                        mention_count: members_of[e]
                            .iter()
                            .map(|&m| locals[m as usize].mentions)
                            .sum(),
                        first_day: dated().min(),
                        last_day: dated().max(),
                        co_mentioned: shared
                            .into_iter()
                            .map(|(o, n)| CoMention {
                                corpus_entity_id: ids[o as usize].clone(),
                                canonical: groups[roots[o as usize]].canonical.clone(),
                                articles: n,
                            })
                            .collect(),
                    }
                },
            )
            .collect();
        // Most written-about first; ids break ties so the order is the input's in no way.
        // Ids are unique, so no two rows tie and the unstable sort is deterministic.
        rows.par_sort_unstable_by(|a, b| {
            b.article_count
                .cmp(&a.article_count)
                .then(b.mention_count.cmp(&a.mention_count))
                .then(a.corpus_entity_id.cmp(&b.corpus_entity_id))
        });
        let corpus_of = locals
            .iter()
            .zip(&entity_of_local)
            .filter(|(l, e)| l.entity_id != ids[**e as usize])
            .map(|(l, e)| (l.entity_id.clone(), ids[*e as usize].clone()))
            .collect();
        CorpusIndex { rows, corpus_of }
    }
}

/// The index of a single run: the days of normalize's `articles` parts, then extract's
/// `entities` and `mentions` parts.
pub fn from_stage_outputs(
    normalize_dir: &Path,
    normalize_parts: usize,
    extract_dir: &Path,
    extract_parts: usize,
) -> Result<CorpusIndex> {
    // The parts are decoded side by side and taken in part order: the builder numbers
    // articles and entities as it meets them.
    let decoded = |table: &str, dir: &Path, parts: usize| -> Result<Vec<_>> {
        (0..parts)
            .into_par_iter()
            .map(|i| read_column_batches_of(table, &dir.join(table).join(part_name(i))))
            .collect()
    };
    let mut builder = CorpusIndexBuilder::default();
    for i in 0..normalize_parts {
        builder.add_days_file(&normalize_dir.join("articles").join(part_name(i)))?;
    }
    for batches in decoded("entities", extract_dir, extract_parts)? {
        for batch in batches {
            builder.add_entity_batch(&batch)?;
        }
    }
    for batches in decoded("mentions", extract_dir, extract_parts)? {
        for batch in batches {
            builder.add_mention_batch(&batch)?;
        }
    }
    Ok(builder.finish())
}

/// The projection the index reads of an `entities` or `mentions` file.
fn read_column_batches_of(table: &str, path: &Path) -> Result<Vec<arrow::array::RecordBatch>> {
    match table {
        "entities" => read_column_batches::<EntityOfArticle>(path),
        _ => read_column_batches::<MentionName>(path),
    }
}

#[cfg(test)]
mod tests;
