//! Language of the article text, as ISO 639-1 codes (what most tools and users expect).

/// whatlang speaks ISO 639-3; this maps the languages it knows to ISO 639-1.
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        "lin" => "ln",
        "sqi" => "sq",
        "bos" => "bs",
        "gle" => "ga",
        "isl" => "is",
        "kaz" => "kk",
        "kir" => "ky",
        "mon" => "mn",
        "msa" => "ms",
        "swa" => "sw",
        "tat" => "tt",
        "tgk" => "tg",
        "som" => "so",
        "kin" => "rw",
        "hau" => "ha",
        "yor" => "yo",
        "ibo" => "ig",
        "xho" => "xh",
        "orm" => "om",
        _ => return None,
    })
}

/// Detects the language from the first 1,500 characters: whatlang's time grows with the
/// sample, and on 3,093 articles of the shared corpora 4,000 characters changed one answer.
/// Falls back to the page's own declaration (`<html lang>`) when the detector is unsure.
pub fn detect(text: &str, hint: Option<&str>) -> Option<String> {
    let sample_end = text.char_indices().nth(1500).map_or(text.len(), |(i, _)| i);
    let sample = &text[..sample_end];
    if let Some(code) = clear_function_word_language(sample) {
        return Some(code.to_owned());
    }
    let hint = hint
        .map(|h| h.split(['-', '_']).next().unwrap_or(h).to_ascii_lowercase())
        .filter(|h| h.len() == 2);
    match whatlang::detect(sample) {
        Some(info) if info.is_reliable() => {
            iso639_1(info.lang().code()).map(str::to_owned).or(hint)
        }
        Some(info) => hint.or_else(|| {
            (info.confidence() > 0.5)
                .then(|| iso639_1(info.lang().code()).map(str::to_owned))
                .flatten()
        }),
        None => hint,
    }
}

/// Function words of three letters or more that are frequent in running text of one
/// language and rare in any other (so no "was" or "will", which German, Dutch or Afrikaans
/// share), in lowercase.
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "and", "that", "with", "for", "are", "were", "have", "has", "this", "from", "which",
    "would", "their", "they", "said", "been", "but", "not", "his", "its", "than", "who", "after",
    "about", "there", "when", "what", "into", "more",
];
const GERMAN_FUNCTION_WORDS: &[&str] = &[
    "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "auf", "den", "dem", "ein", "eine",
    "einer", "eines", "auch", "wird", "wurde", "sind", "bei", "nach", "aus", "dass", "für", "von",
    "werden", "noch", "wie", "über", "zum", "zur",
];

/// A word of 1 to 8 bytes as one number, its bytes little-endian: UTF-8 has no zero byte, so
/// words of different lengths never share a number, and no word is 0.
const fn packed_word(word: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < word.len() {
        key |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    key
}

const FUNCTION_WORD_SLOTS: usize = 256;

const fn function_word_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

/// The function words by `packed_word`, open addressing (0 marks an empty slot), built at
/// compile time: one multiply and a probe or two a word, where a `match` over the words'
/// strings compared the word with each of its length in turn.
static FUNCTION_WORDS: [(u64, Option<Clear>); FUNCTION_WORD_SLOTS] = {
    let mut table = [(0u64, None); FUNCTION_WORD_SLOTS];
    let lists = [
        (ENGLISH_FUNCTION_WORDS, Clear::English),
        (GERMAN_FUNCTION_WORDS, Clear::German),
    ];
    let mut l = 0;
    while l < lists.len() {
        let (words, language) = lists[l];
        let mut w = 0;
        while w < words.len() {
            let bytes = words[w].as_bytes();
            assert!(!bytes.is_empty() && bytes.len() <= 8);
            let key = packed_word(bytes);
            let mut slot = function_word_slot(key);
            while table[slot].0 != 0 {
                assert!(table[slot].0 != key, "a function word listed twice");
                slot = (slot + 1) % FUNCTION_WORD_SLOTS;
            }
            table[slot] = (key, Some(language));
            w += 1;
        }
        l += 1;
    }
    table
};

/// Which language's function words `word` (lowercase, UTF-8) is.
fn function_word_of(word: &[u8]) -> Option<Clear> {
    if word.is_empty() || word.len() > 8 {
        return None;
    }
    let key = packed_word(word);
    let mut slot = function_word_slot(key);
    loop {
        match FUNCTION_WORDS[slot] {
            (k, language) if k == key => return language,
            (0, _) => return None,
            _ => slot = (slot + 1) % FUNCTION_WORD_SLOTS,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Clear {
    English,
    German,
}

/// Least words in the sample before function words are trusted.
const MIN_WORDS: usize = 50;
/// Share of the words that must be the language's function words (on 2,462 English
/// articles of the shared corpora: median 19%, lowest 5% under 13%, lowest 1% under 10%).
const MIN_OWN_SHARE: f64 = 0.12;
/// Most the other language's function words may take: a mixed or quoted text goes to whatlang.
const MAX_OTHER_SHARE: f64 = 0.03;

/// English or German when the sample says so beyond doubt, from its function words alone.
/// whatlang scores every language of the script by trigram profile, about 145 µs for an
/// article (a sixth of the text pipeline); this takes a few µs and, on the 3,462 articles
/// of the shared corpora, answered 2,989 of them and agreed with whatlang on each. Any
/// letter outside the Latin blocks, a short sample or a mixed one is left to whatlang.
fn clear_function_word_language(sample: &str) -> Option<&'static str> {
    let counts = FunctionWordCounts::of(sample)?;
    if counts.words < MIN_WORDS {
        return None;
    }
    let (own, other, code) = if counts.english >= counts.german {
        (counts.english, counts.german, "en")
    } else {
        (counts.german, counts.english, "de")
    };
    (counts.share(own) >= MIN_OWN_SHARE && counts.share(other) <= MAX_OTHER_SHARE).then_some(code)
}

/// Least English function words a text with no detected language needs to be read as
/// English: one "the" in a headline is no evidence.
const MIN_ENGLISH_FUNCTION_WORDS: usize = 3;

/// Whether a text whose language could not be detected (too short, or the detector unsure)
/// still reads as English: English function words as frequent as in running English text,
/// German ones as rare. The English-only rules and tagger run on such a text; a Danish or
/// Swahili article, a list of URLs or a table of scores does not pass.
pub fn reads_as_english(text: &str) -> bool {
    let sample_end = text.char_indices().nth(1500).map_or(text.len(), |(i, _)| i);
    let Some(counts) = FunctionWordCounts::of(&text[..sample_end]) else {
        return false;
    };
    counts.english >= MIN_ENGLISH_FUNCTION_WORDS
        && counts.share(counts.english) >= MIN_OWN_SHARE
        && counts.share(counts.german) <= MAX_OTHER_SHARE
}

/// Bytes of the longest function word's lowercase form and then some.
const WORD_MAX: usize = 16;

/// Words of a sample and how many are English or German function words.
struct FunctionWordCounts {
    words: usize,
    english: usize,
    german: usize,
}

impl FunctionWordCounts {
    /// `None` when a letter beyond Latin Extended-B shows another script in the sample.
    fn of(sample: &str) -> Option<Self> {
        let mut counts = FunctionWordCounts {
            words: 0,
            english: 0,
            german: 0,
        };
        // The word's lowercase form, in a fixed buffer: no function word is longer than
        // `WORD_MAX` bytes, so a longer word only needs to be known as too long.
        let mut word = [0u8; WORD_MAX];
        let mut len = 0usize;
        let mut too_long = false;
        let mut count = |word: &[u8], too_long: bool| {
            counts.words += 1;
            if too_long {
                return;
            }
            match function_word_of(word) {
                Some(Clear::English) => counts.english += 1,
                Some(Clear::German) => counts.german += 1,
                None => {}
            }
        };
        for c in sample.chars() {
            if c.is_alphabetic() {
                if c > '\u{024F}' {
                    return None;
                }
                if c.is_ascii() {
                    if len < WORD_MAX {
                        word[len] = c.to_ascii_lowercase() as u8;
                        len += 1;
                    } else {
                        too_long = true;
                    }
                } else {
                    for l in c.to_lowercase() {
                        let n = l.len_utf8();
                        if len + n <= WORD_MAX {
                            l.encode_utf8(&mut word[len..]);
                            len += n;
                        } else {
                            too_long = true;
                        }
                    }
                }
            } else if len > 0 || too_long {
                count(&word[..len], too_long);
                len = 0;
                too_long = false;
            }
        }
        if len > 0 || too_long {
            count(&word[..len], too_long);
        }
        Some(counts)
    }

    fn share(&self, n: usize) -> f64 {
        n as f64 / self.words.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undetected_text_reads_as_english_only_with_english_function_words() {
        assert!(reads_as_english(
            "Voters in the city backed the plan on Tuesday, and the mayor said that it would pass."
        ));
        assert!(!reads_as_english("Kremlin Says Talks Going Nowhere"));
        assert!(!reads_as_english(
            "Hun voksede op blandt narkomaner, blottere og børnelokkere, og hun er altid nysgerrig på det fremmede."
        ));
        assert!(!reads_as_english(
            "Am Montag hat der Rat beschlossen, dass die Fähre auch im Winter fährt."
        ));
        assert!(!reads_as_english(
            "Москва и the Kremlin said that the talks are over"
        ));
        assert!(!reads_as_english(""));
    }

    /// The counts as first written: each word lowercased into a `String`.
    fn counts_by_string(sample: &str) -> Option<(usize, usize, usize)> {
        let (mut words, mut en, mut de) = (0, 0, 0);
        let mut word = String::new();
        for c in sample.chars().chain(std::iter::once(' ')) {
            if c.is_alphabetic() {
                if c > '\u{024F}' {
                    return None;
                }
                word.extend(c.to_lowercase());
            } else if !word.is_empty() {
                words += 1;
                // The lists themselves, searched one by one: what the table must answer.
                if ENGLISH_FUNCTION_WORDS.contains(&word.as_str()) {
                    en += 1;
                } else if GERMAN_FUNCTION_WORDS.contains(&word.as_str()) {
                    de += 1;
                }
                word.clear();
            }
        }
        Some((words, en, de))
    }

    /// Every listed word is found, as its language's; words sharing a start, a length or
    /// letters with a listed one are not.
    #[test]
    fn function_word_table_holds_the_lists_and_nothing_else() {
        for (words, language) in [
            (ENGLISH_FUNCTION_WORDS, Clear::English),
            (GERMAN_FUNCTION_WORDS, Clear::German),
        ] {
            for w in words {
                assert!(function_word_of(w.as_bytes()) == Some(language), "{w}");
            }
        }
        for w in [
            "th",
            "thee",
            "then",
            "there's",
            "fur",
            "uber",
            "werdend",
            "a",
            "",
            "aboutness",
        ] {
            assert!(function_word_of(w.as_bytes()).is_none(), "{w}");
        }
    }

    #[test]
    fn function_word_counts_as_with_strings() {
        for s in [
            ENGLISH_REPORT,
            "THE AND That wITH F\u{dc}R \u{dc}BER \u{fc}ber Nicht",
            "The\u{130} the\u{130}the \u{130}\u{130}\u{130}\u{130}\u{130}\u{130}\u{130}\u{130}\u{130} the",
            "Donaudampfschifffahrtsgesellschaftskapit\u{e4}n und der die das",
            "\u{1e9e}tra\u{df}e, der 12 the3and x",
            "",
            "the",
            "ends with a long word abcdefghijklmnopqrstuvwxyz",
            "Москва the",
        ] {
            let got = FunctionWordCounts::of(s).map(|c| (c.words, c.english, c.german));
            assert_eq!(got, counts_by_string(s), "{s:?}");
        }
    }

    #[test]
    fn english_and_german_text() {
        let en = "The council voted on Tuesday to keep the winter ferry running for another year, despite warnings about the cost.";
        assert_eq!(detect(en, None).as_deref(), Some("en"));
        let de = "Der Gemeinderat hat am Dienstag beschlossen, die Winterfähre ein weiteres Jahr fahren zu lassen, trotz der hohen Kosten.";
        assert_eq!(detect(de, None).as_deref(), Some("de"));
    }

    #[test]
    fn hint_is_used_when_text_is_too_short() {
        assert_eq!(detect("OK", Some("fr-FR")).as_deref(), Some("fr"));
    }

    const ENGLISH_REPORT: &str = "The council said on Tuesday that it would keep the winter ferry running for another year, after residents of the island wrote to their councillors about the cost of the crossing. The ferry, which has carried passengers since 1952, was due to stop in March. Officials said the service would be reviewed again when the new harbour opens, and that fares would not rise before then. Residents who spoke to the paper welcomed the decision but said they had been worried for months.";

    #[test]
    fn clear_english_is_settled_by_function_words() {
        assert_eq!(clear_function_word_language(ENGLISH_REPORT), Some("en"));
        assert_eq!(detect(ENGLISH_REPORT, Some("de")).as_deref(), Some("en"));
    }

    #[test]
    fn clear_german_is_settled_by_function_words() {
        let de = "Der Gemeinderat hat am Dienstag beschlossen, die Winterfähre ein weiteres Jahr fahren zu lassen. Die Bewohner der Insel hatten sich in Briefen über die Kosten der Überfahrt beschwert. Die Fähre, die seit 1952 Passagiere befördert, sollte im März eingestellt werden. Der Dienst wird nach der Eröffnung des neuen Hafens erneut geprüft, und die Preise werden bis dahin nicht steigen, sagte die Verwaltung.";
        assert_eq!(clear_function_word_language(de), Some("de"));
    }

    #[test]
    fn short_or_mixed_or_other_script_text_goes_to_the_detector() {
        // Too few words to trust counts.
        assert_eq!(
            clear_function_word_language("The ferry will run for a year."),
            None
        );
        // An English report quoting German at length: both languages' words are frequent.
        let mixed = format!(
            "{ENGLISH_REPORT} Der Bürgermeister sagte, die Entscheidung sei für die Insel und für die Fischer nicht leicht gewesen, aber die Fähre werde auch im nächsten Jahr fahren."
        );
        assert_eq!(clear_function_word_language(&mixed), None);
        // One Cyrillic word is enough to leave the text to whatlang's script detection.
        let cyrillic = format!("{ENGLISH_REPORT} Москва");
        assert_eq!(clear_function_word_language(&cyrillic), None);
        // Dutch shares no listed word often enough to pass for German or English.
        let nl = "De gemeenteraad heeft dinsdag besloten de veerboot nog een jaar te laten varen, nadat bewoners van het eiland brieven over de kosten van de overtocht hadden gestuurd. De veerboot, die sinds 1952 passagiers vervoert, zou in maart stoppen. De dienst wordt opnieuw bekeken wanneer de nieuwe haven opent, en de prijzen stijgen tot dan niet, zei de gemeente. Bewoners die met de krant spraken waren blij met het besluit.";
        assert_eq!(clear_function_word_language(nl), None);
        assert_eq!(detect(nl, None).as_deref(), Some("nl"));
    }
}
