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
    let hint = hint
        .map(|h| h.split(['-', '_']).next().unwrap_or(h).to_ascii_lowercase())
        .filter(|h| h.len() == 2);
    match whatlang::detect(&text[..sample_end]) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
