//! The body as near-duplicate detection sees it: paragraphs of lowercase words, without the
//! lines newsrooms add to a syndicated copy (bylines, "Read more", share lines, agency credits).
//!
//! A paragraph is a run of non-blank lines; each line is judged on its own, so a credit line
//! glued under a paragraph is dropped without the paragraph. A leading agency dateline
//! ("LONDON (Reuters) - ") is cut from the start of a paragraph.

/// Agencies whose credit lines and datelines are boilerplate.
const AGENCIES: [&str; 12] = [
    "reuters",
    "afp",
    "ap",
    "pa",
    "dpa",
    "upi",
    "efe",
    "ansa",
    "bloomberg",
    "xinhua",
    "aap",
    "press association",
];

/// Lowercase starts of lines that are never part of the story.
const LINE_STARTS: [&str; 22] = [
    "read more",
    "read the full",
    "more on this story",
    "more from",
    "related:",
    "related article",
    "related stories",
    "see also",
    "click here",
    "share this",
    "share on",
    "share:",
    "follow us",
    "sign up",
    "subscribe",
    "copyright",
    "©",
    "(c) ",
    "all rights reserved",
    "reporting by",
    "additional reporting",
    "editing by",
];

/// Words that mark a short line as a share bar.
const SHARE_WORDS: [&str; 8] = [
    "facebook",
    "twitter",
    "whatsapp",
    "email",
    "linkedin",
    "pinterest",
    "reddit",
    "messenger",
];

fn words_lower(line: &str) -> Vec<String> {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_agency(word: &str) -> bool {
    AGENCIES.contains(&word)
}

/// A byline: "By Jane Smith", "By Jane Smith and Tom Brown, Reuters", "By JANE SMITH in Paris".
fn is_byline(line: &str) -> bool {
    let rest = match line.strip_prefix("By ").or_else(|| line.strip_prefix("BY ")) {
        Some(rest) => rest,
        None => return false,
    };
    let words: Vec<&str> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    // Every word is a name (capitalised), a joining word, or an agency: "By the end of May"
    // is a sentence, not a byline.
    let mut names = 0;
    for w in &words {
        let lower = w.to_lowercase();
        if matches!(lower.as_str(), "and" | "in" | "of" | "for" | "&" | "-" | "|") {
            continue;
        }
        let first = w.chars().next().unwrap_or(' ');
        if first.is_uppercase() || is_agency(lower.trim_matches(|c: char| !c.is_alphanumeric()))
        {
            names += 1;
        } else {
            return false;
        }
    }
    // "By Jane Smith." is a byline; a longer line ending a sentence is not.
    names >= 1 && (words.len() <= 4 || !line.trim_end().ends_with(['.', '?', '!']))
}

/// Whether a whole line is boilerplate a newsroom adds to a syndicated copy.
pub fn is_boilerplate_line(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() {
        return true;
    }
    let head_end = line
        .char_indices()
        .nth(32)
        .map_or(line.len(), |(i, _)| i);
    let lower = line[..head_end].to_lowercase();
    if LINE_STARTS.iter().any(|s| lower.starts_with(s)) {
        return true;
    }
    // Bylines, credits and share bars are short; a long line is story.
    if line.len() > 160 {
        return false;
    }
    if is_byline(line) {
        return true;
    }
    let words = words_lower(line);
    if words.is_empty() {
        return true;
    }
    // A short line of agency names, years and credit words: "(Reuters)", "© AFP 2005",
    // "Source: AP", "Photo: AFP/Getty".
    if words.len() <= 6
        && words.iter().any(|w| is_agency(w))
        && words.iter().all(|w| {
            is_agency(w)
                || w.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    w.as_str(),
                    "source" | "photo" | "via" | "getty" | "images" | "staff" | "wire" | "news"
                )
        })
    {
        return true;
    }
    // A share bar: a short line that is mostly network names.
    if words.len() <= 10 {
        let share = words
            .iter()
            .filter(|w| SHARE_WORDS.contains(&w.as_str()) || w.as_str() == "share")
            .count();
        if share >= 2 && share * 2 >= words.len() {
            return true;
        }
    }
    false
}

/// The part of a line after a leading agency dateline: "LONDON (Reuters) - Shares fell"
/// gives "Shares fell"; a line without one is returned whole.
pub fn strip_dateline(line: &str) -> &str {
    // The dateline ends at the first dash within the first ~60 bytes and holds an agency
    // name in brackets.
    let head_end = line
        .char_indices()
        .take_while(|(i, _)| *i < 80)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let head = &line[..head_end];
    for dash in [" - ", " – ", " — ", " -- "] {
        if let Some(pos) = head.find(dash) {
            let before = &head[..pos];
            let open = before.find('(');
            let close = before.rfind(')');
            if let (Some(o), Some(c)) = (open, close)
                && o < c
            {
                let inside = before[o + 1..c].to_lowercase();
                if inside
                    .split(|c: char| !c.is_alphanumeric())
                    .any(is_agency)
                {
                    return line[pos + dash.len()..].trim_start();
                }
            }
        }
    }
    line
}

/// Calls `f` with `Some(word)` for each lowercase word of the body, boilerplate dropped, and
/// with `None` after each paragraph that had words.
pub fn visit(body: &str, mut f: impl FnMut(Option<&str>)) {
    let mut buf = String::new();
    let mut in_paragraph = false;
    let mut first_line = true;
    for raw in body.lines() {
        let line = raw.trim();
        if line.is_empty() {
            if in_paragraph {
                f(None);
                in_paragraph = false;
            }
            first_line = true;
            continue;
        }
        if is_boilerplate_line(line) {
            continue;
        }
        let text = if first_line {
            strip_dateline(line)
        } else {
            line
        };
        first_line = false;
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if w.is_empty() {
                continue;
            }
            buf.clear();
            if w.is_ascii() {
                buf.push_str(w);
                buf.make_ascii_lowercase();
            } else {
                buf.extend(w.chars().flat_map(char::to_lowercase));
            }
            f(Some(&buf));
            in_paragraph = true;
        }
    }
    if in_paragraph {
        f(None);
    }
}

/// The body's paragraphs, boilerplate dropped, each as its lowercase words.
pub fn paragraphs(body: &str) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    visit(body, |w| match w {
        Some(w) => {
            if let Some(last) = out.last_mut() {
                last.push(w.to_owned());
            }
        }
        None => out.push(Vec::new()),
    });
    out.retain(|p| !p.is_empty());
    out
}

/// The normalised body as text: one paragraph a line, words separated by one space.
pub fn normalize(body: &str) -> String {
    paragraphs(body)
        .iter()
        .map(|p| p.join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_credits_and_share_lines_are_boilerplate() {
        for line in [
            "By Jane Smith",
            "By Jane Smith and Tom Brown, Reuters",
            "BY KWAME MENSAH in Accra",
            "(Reuters)",
            "© AFP 2005",
            "Copyright 2005 Reuters. All rights reserved.",
            "Read more: Ferry saved by council vote",
            "Share this article: Facebook Twitter Email",
            "Facebook | Twitter | WhatsApp",
            "Reporting by Anna Berg; Editing by Tom Brown",
            "Source: AP",
        ] {
            assert!(is_boilerplate_line(line), "{line}");
        }
        for line in [
            "By the end of the year, the harbour wall had been repaired.",
            "The AP report said the ferry was saved.",
            "Reuters said the council would vote on Monday.",
            "Shares in the company rose 5% on Monday.",
        ] {
            assert!(!is_boilerplate_line(line), "{line}");
        }
    }

    #[test]
    fn agency_datelines_are_cut_from_the_first_line() {
        assert_eq!(
            strip_dateline("LONDON (Reuters) - Shares fell on Monday."),
            "Shares fell on Monday."
        );
        assert_eq!(
            strip_dateline("The council (which met on Monday) - at last - agreed."),
            "The council (which met on Monday) - at last - agreed."
        );
    }

    #[test]
    fn normalised_body_is_lowercase_words_by_paragraph() {
        let body = "By Jane Smith\n\nPARIS (AFP) - The Ferry, it's saved.\n\nRead more: x\n\nSecond one here.\n(Reuters)\n";
        assert_eq!(
            normalize(body),
            "the ferry it s saved\nsecond one here"
        );
    }
}
