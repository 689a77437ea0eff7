//! Author names from bylines and author fields: one list entry per person or organisation,
//! with list separators, byline words ("By", "von", "Zeige alle Beiträge von") and role
//! suffixes ("기자") removed. Periods are kept ("Miguel A. Herguedas", "ndr.de").

/// Words after a name that say "more follow" or a role, not part of the name.
const ROLE_SUFFIXES: [&str; 4] = ["기자", "특파원", "記者", "特派員"];
/// Labels in front of a byline ("Text: Jane Doe", "Autor: Jane Doe").
const LABELS: [&str; 17] = [
    "text",
    "texte",
    "autor",
    "autorin",
    "autoren",
    "author",
    "authors",
    "auteur",
    "auteure",
    "autore",
    "autora",
    "artikel von",
    "written by",
    "posted by",
    "reporter",
    "redaktion:",
    "interview",
];
/// Page furniture a byline reader can pick up as a name: form labels, comment and archive
/// links ("Name", "Username", "Kommentieren", "Archiv anzeigen").
const PAGE_LABELS: [&str; 10] = [
    "name",
    "username",
    "user name",
    "benutzername",
    "kommentieren",
    "archiv anzeigen",
    "alle artikel",
    "mehr zum autor",
    "comments",
    "kommentare",
];
/// Words a date or time leaves after a byline's name ("Joshua Sokol May 4", "… 10:30 am",
/// "… před 2 hodinami"): month names, and the lowercase glue of a time or "ago".
const MONTHS: [&str; 23] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janvier",
    "février",
    "mars",
    "avril",
];
const TIME_GLUE: [&str; 10] = [
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "před",
    "ago",
    "um",
    "vor",
    "updated",
    "published",
];
/// Words that introduce the name in a byline: "By Jane Doe", "capital von Jane Doe".
const BY_WORDS: [&str; 6] = ["by", "von", "vom", "par", "por", "door"];
/// Job titles after a byline's name ("Jane Doe, Executive Editor"): the last word of a role,
/// not of a name.
const ROLE_WORDS: [&str; 12] = [
    "editor",
    "reporter",
    "correspondent",
    "writer",
    "columnist",
    "contributor",
    "redakteur",
    "redakteurin",
    "korrespondent",
    "korrespondentin",
    "rédacteur",
    "rédactrice",
];
/// Account names a CMS prints when no one is named.
const CMS_ACCOUNTS: [&str; 6] = [
    "admin",
    "administrator",
    "webmaster",
    "wpadmin",
    "root",
    "user",
];
/// Name suffixes that follow a comma and must not be split off ("Jane Doe, Jr.").
const NAME_SUFFIXES: [&str; 9] = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."];

/// Splits an author field or a byline into names and cleans each one.
pub fn split_names(raw: &str) -> Vec<String> {
    let raw = crate::textnorm::clean_line(raw);
    let mut out: Vec<String> = Vec::new();
    for part in raw.split([';', '|', '\n']) {
        for piece in split_commas(part) {
            for name in split_conjunctions(&piece) {
                if let Some(name) = clean_name(&name)
                    && !out.iter().any(|n| n.eq_ignore_ascii_case(&name))
                {
                    out.push(name);
                }
            }
        }
    }
    // "TOM KRISHER, AP Auto Writer": the job title goes; "Staff Writer" alone is the byline.
    if out.iter().any(|n| !is_role(n)) {
        out.retain(|n| !is_role(n));
    }
    out
}

fn is_role(name: &str) -> bool {
    name.split_whitespace()
        .next_back()
        .is_some_and(|w| ROLE_WORDS.contains(&w.to_lowercase().as_str()))
}

/// "A, B, C" → three names; "Doe, Jane" is one name, turned round ("Jane Doe"), and
/// "Jane Doe, Jr." stays one.
fn split_commas(part: &str) -> Vec<String> {
    let pieces: Vec<&str> = part.split(',').map(str::trim).collect();
    if pieces.len() < 2 {
        return vec![part.trim().to_owned()];
    }
    let has_suffix = pieces[1..]
        .iter()
        .any(|p| NAME_SUFFIXES.contains(&p.to_lowercase().as_str()));
    if has_suffix {
        return vec![part.trim().to_owned()];
    }
    if let [first, given] = pieces[..] {
        // "By Doe, Jane": the byline word is not part of the surname.
        let surname = strip_byline_words(first).trim();
        if [surname, given]
            .iter()
            .all(|p| p.split_whitespace().count() == 1)
        {
            // Two capitalised words: a surname and a given name, as library catalogues and
            // some CMSs write them. Two other words ("Reuters, AP", "dpa, afp") stay one
            // field, as written.
            if [surname, given].iter().all(|p| is_capitalised_word(p)) {
                return vec![format!("{given} {surname}")];
            }
            if surname == first {
                return vec![part.trim().to_owned()];
            }
        }
    }
    pieces
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// "Jane Doe and John Roe", "A B und C D", "A B & C D", "A B y C D", "A B et C D": split
/// where a conjunction joins two full names. "Le Figaro et AFP" or "Tom & Jerry" stay one.
fn split_conjunctions(piece: &str) -> Vec<String> {
    let mut parts = vec![piece.to_owned()];
    for conj in [" and ", " und ", " & ", " y ", " et ", " e "] {
        parts = parts
            .iter()
            .flat_map(|p| {
                let halves: Vec<&str> = p.split(conj).map(str::trim).collect();
                if halves.iter().all(|h| h.split_whitespace().count() >= 2) {
                    halves.into_iter().map(str::to_owned).collect()
                } else {
                    vec![p.clone()]
                }
            })
            .collect();
    }
    parts
}

/// An upper-case letter, then lower-case letters, in each part between hyphens and
/// apostrophes: "Doe", "O'Brien", "Smith-Jones", "McDonald"; not "AP" or "dpa".
fn is_capitalised_word(word: &str) -> bool {
    let capitalised = |part: &str| {
        let mut chars = part.chars();
        chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase)
    };
    word.split(['-', '\'', '\u{2019}']).all(|part| {
        capitalised(part)
            || ["Mc", "Mac"]
                .iter()
                .any(|prefix| part.strip_prefix(prefix).is_some_and(capitalised))
    })
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// Drops byline words before the name: "By Jane Doe", "Zeige alle Beiträge von Jane Doe",
/// "capital von Jane Doe". A lowercase "von" after a one- or two-word name is a name
/// particle ("Ursula von der Leyen", "Charlotte von Mahlsdorf") and is kept.
fn strip_byline_words(name: &str) -> &str {
    let mut name = name.trim();
    loop {
        let lower = name.to_lowercase();
        let Some(label) = LABELS.iter().find(|l| {
            lower.starts_with(*l)
                && lower[l.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c == ':' || c == ' ')
        }) else {
            break;
        };
        let Some(rest) = name.get(label.len()..) else {
            break;
        };
        name = rest.trim_start_matches([':', ' ']);
    }
    let words: Vec<&str> = name.split(' ').collect();
    for i in (0..words.len().saturating_sub(1)).rev() {
        let word = words[i];
        let lower = word.to_lowercase();
        if !BY_WORDS.contains(&lower.as_str()) || !starts_upper(words[i + 1]) {
            continue;
        }
        let before = &words[..i];
        let particle = lower == "von" && word == "von";
        let label_before = before.is_empty()
            || before.len() >= 3
            || before[0].chars().next().is_some_and(char::is_lowercase);
        if !particle || label_before {
            let offset: usize = words[..=i].iter().map(|w| w.len() + 1).sum();
            return &name[offset..];
        }
    }
    name
}

/// One name, cleaned; `None` when what is left is not a name (a URL, an e-mail address, a
/// social-media label, a sentence).
pub fn clean_name(raw: &str) -> Option<String> {
    let name = crate::textnorm::clean_line(raw);
    let name = name.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '|' | '-' | '·' | '/' | '–' | '—')
    });
    // The last item of "A, B and C" after the comma split.
    let name = ["and ", "und ", "& ", "y ", "et ", "e "]
        .iter()
        .find_map(|c| name.strip_prefix(c))
        .unwrap_or(name);
    let mut name = strip_byline_words(name).trim();
    for suffix in ROLE_SUFFIXES {
        if let Some(rest) = name.strip_suffix(suffix) {
            name = rest.trim_end();
        }
    }
    let name = without_trailing_date_words(name);
    let lower = name.to_lowercase();
    // "Text; Interview Harald Willenbrock": a label left alone is no name, and neither is a
    // CMS account ("admin") or a form or link label of the page ("Username").
    let bare = lower.trim_end_matches(':');
    if LABELS.contains(&bare) || CMS_ACCOUNTS.contains(&bare) || PAGE_LABELS.contains(&bare) {
        return None;
    }
    let words = name.split_whitespace().count();
    let is_link = lower.contains("http") || lower.contains("www.") || lower.contains('@');
    if name.is_empty()
        || is_link
        || words > 6
        || name.chars().count() > 60
        || !name.chars().any(char::is_alphabetic)
    {
        return None;
    }
    Some(name.to_owned())
}

/// A name without what a date line next to the byline left after it: digits, a lowercase
/// time word ("am", "před"), and a month name once the name has two words without it
/// ("Joshua Sokol May" → "Joshua Sokol"; "Theresa May" stays).
fn without_trailing_date_words(name: &str) -> &str {
    let mut name = name.trim_end();
    loop {
        let Some((head, last)) = name.rsplit_once(' ') else {
            return name;
        };
        let lower = last.to_lowercase();
        let lower = lower.trim_end_matches([',', '.']);
        let digits = last
            .chars()
            .all(|c| c.is_ascii_digit() || ":.,/-".contains(c));
        let glue = last.starts_with(char::is_lowercase) && TIME_GLUE.contains(&lower);
        let month = MONTHS.contains(&lower) && head.split_whitespace().count() >= 2;
        if !(digits || glue || month) {
            return name;
        }
        name = head.trim_end_matches([' ', ',', '|', '-', '·']);
    }
}

/// A comparison key for site names: "STERN.de", "stern.de" and "Stern" are one site;
/// "ntv.com.tr" and "NTV" too.
fn site_key(name: &str) -> String {
    let name = name.trim().to_lowercase();
    let name = name.strip_prefix("www.").unwrap_or(&name);
    let looks_like_domain = !name.contains(' ') && name.contains('.');
    let base = if looks_like_domain {
        name.split('.').next().unwrap_or(name)
    } else {
        name
    };
    base.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Whether `name` is one of the site's own names (its `og:site_name`, its publisher), or
/// that name written as an acronym with a regional or channel word ("MDR THÜRINGEN" on
/// mdr.de). A person whose first name is the site's ("Brigitte Huber" on brigitte.de) is
/// not the site.
pub fn is_site_name(name: &str, sites: &[String]) -> bool {
    let key = site_key(name);
    let words: Vec<&str> = name.split_whitespace().collect();
    let acronym_key = words
        .first()
        .filter(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !w.chars().any(char::is_lowercase)
        })
        .map(|w| site_key(w))
        .unwrap_or_default();
    !key.is_empty()
        && sites.iter().map(|s| site_key(s)).any(|site| {
            site == key || (words.len() <= 3 && !acronym_key.is_empty() && site == acronym_key)
        })
}

/// Drops the site's own name from a list that also names people ("한국일보; 신현주 기자").
pub fn without_site_names(names: Vec<String>, sites: &[String]) -> Vec<String> {
    if names.iter().all(|n| is_site_name(n, sites)) {
        return names;
    }
    names
        .into_iter()
        .filter(|n| !is_site_name(n, sites))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_in_initials_and_domains_are_kept() {
        assert_eq!(split_names("Miguel A. Herguedas"), ["Miguel A. Herguedas"]);
        assert_eq!(split_names("ndr.de"), ["ndr.de"]);
        assert_eq!(
            split_names("Dana A. Ford, James S.A. Corey and Tom Watkins"),
            ["Dana A. Ford", "James S.A. Corey", "Tom Watkins"]
        );
    }

    #[test]
    fn names_joined_in_one_field_are_split() {
        assert_eq!(
            split_names("Samya Kullab and Vasilisa Stepanenko"),
            ["Samya Kullab", "Vasilisa Stepanenko"]
        );
        assert_eq!(
            split_names("Felix Schröder und Jörg Soldwisch, dpa"),
            ["Felix Schröder", "Jörg Soldwisch", "dpa"]
        );
        assert_eq!(split_names("Le Figaro et AFP"), ["Le Figaro et AFP"]);
        assert_eq!(
            split_names("Ana Ruiz, Li Wei, Tom Ode and Kim Lee"),
            ["Ana Ruiz", "Li Wei", "Tom Ode", "Kim Lee"]
        );
    }

    #[test]
    fn surname_first_is_turned_round_and_name_suffixes_stay_one_name() {
        assert_eq!(split_names("Doe, Jane"), ["Jane Doe"]);
        assert_eq!(split_names("By O'Brien, Siobhan"), ["Siobhan O'Brien"]);
        assert_eq!(split_names("Smith-Jones, Anna"), ["Anna Smith-Jones"]);
        assert_eq!(split_names("McDonald, Iain"), ["Iain McDonald"]);
        assert_eq!(split_names("Jane Doe, Jr."), ["Jane Doe, Jr."]);
        // Agencies or a lower-case word are not a surname and a given name.
        assert_eq!(split_names("Reuters, AP"), ["Reuters, AP"]);
        assert_eq!(split_names("dpa, afp"), ["dpa, afp"]);
        assert_eq!(split_names("By Reuters, AP"), ["Reuters", "AP"]);
        // Three names, or full names, are a list.
        assert_eq!(split_names("Jane Doe, John Roe"), ["Jane Doe", "John Roe"]);
    }

    #[test]
    fn byline_words_and_labels_are_dropped() {
        assert_eq!(split_names("By Jane Doe"), ["Jane Doe"]);
        assert_eq!(
            split_names("Zeige alle Beiträge von Petra Muster"),
            ["Petra Muster"]
        );
        assert_eq!(split_names("capital von Jane Doe"), ["Jane Doe"]);
        assert_eq!(split_names("Text: Jane Doe"), ["Jane Doe"]);
        assert_eq!(split_names("Autor: Jan Nowak"), ["Jan Nowak"]);
    }

    #[test]
    fn job_title_after_a_name_is_dropped_but_a_lone_one_is_the_byline() {
        assert_eq!(split_names("TOM KRISHER, AP Auto Writer"), ["TOM KRISHER"]);
        assert_eq!(
            split_names("Jane Doe, Senior Political Correspondent"),
            ["Jane Doe"]
        );
        assert_eq!(split_names("Staff Writer"), ["Staff Writer"]);
    }

    #[test]
    fn label_left_alone_is_not_a_name() {
        assert_eq!(
            split_names("Text; Interview Harald Willenbrock"),
            ["Harald Willenbrock"]
        );
        assert!(split_names("admin").is_empty());
        assert_eq!(split_names("Admin Lee"), ["Admin Lee"]);
    }

    #[test]
    fn date_words_after_a_byline_name_are_dropped() {
        assert_eq!(split_names("Joshua Sokol May 4, 2023"), ["Joshua Sokol"]);
        assert_eq!(split_names("Joshua Sokol May"), ["Joshua Sokol"]);
        assert_eq!(split_names("Ines Okafor 10:30 am"), ["Ines Okafor"]);
        assert_eq!(split_names("Jan Novák před"), ["Jan Novák"]);
        assert_eq!(split_names("Theresa May"), ["Theresa May"]);
        assert_eq!(split_names("Brian May"), ["Brian May"]);
        assert_eq!(split_names("Nguyen Thi Mai"), ["Nguyen Thi Mai"]);
    }

    #[test]
    fn page_labels_are_not_authors() {
        for label in ["Name", "Username", "Kommentieren", "Archiv anzeigen"] {
            assert!(split_names(label).is_empty(), "{label}");
        }
    }

    #[test]
    fn byline_prefixes_in_other_languages_are_dropped() {
        assert_eq!(split_names("Vom Petra Muster"), ["Petra Muster"]);
        assert_eq!(split_names("Auteur : Claire Martin"), ["Claire Martin"]);
        assert_eq!(split_names("Auteur Claire Martin"), ["Claire Martin"]);
        assert_eq!(
            split_names("Artikel von Jörg Soldwisch"),
            ["Jörg Soldwisch"]
        );
    }

    #[test]
    fn name_particle_von_is_kept() {
        assert_eq!(
            split_names("Ursula von der Leyen"),
            ["Ursula von der Leyen"]
        );
        assert_eq!(split_names("Hans von Storch"), ["Hans von Storch"]);
    }

    #[test]
    fn korean_reporter_suffix_is_dropped() {
        assert_eq!(split_names("홍길동 기자"), ["홍길동"]);
    }

    #[test]
    fn html_entities_are_decoded_before_splitting() {
        // The caller passes decoded text; `;` inside an entity is never a separator then.
        let decoded = crate::formats::html::fragment_text("Redacci&oacute;n Diario Uno");
        assert_eq!(split_names(&decoded), ["Redacción Diario Uno"]);
    }

    #[test]
    fn links_and_sentences_are_not_names() {
        assert!(split_names("https://www.facebook.com/gazette").is_empty());
        assert!(split_names("desk@gazette.example").is_empty());
        assert!(split_names("This is a very long sentence that is not a name at all").is_empty());
    }

    #[test]
    fn site_names_match_across_spellings() {
        let sites = vec!["stern.de".to_owned(), "NTV".to_owned()];
        assert!(is_site_name("STERN.de", &sites));
        assert!(is_site_name("ntv.com.tr", &sites));
        assert!(!is_site_name("Jane Doe", &sites));
        assert!(is_site_name("NTV Nachrichten", &sites));
        assert!(!is_site_name("Anna Ntv-Weber", &sites));
        let magazine = vec!["BRIGITTE".to_owned()];
        assert!(!is_site_name("Brigitte Huber", &magazine));
        assert_eq!(
            without_site_names(vec!["NTV".into(), "Jane Doe".into()], &sites),
            ["Jane Doe"]
        );
        assert_eq!(without_site_names(vec!["NTV".into()], &sites), ["NTV"]);
    }
}
