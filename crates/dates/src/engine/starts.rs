//! Which tokens can open an expression. The scanner asks all 16 families at a token only if
//! one of them could start a match there, and asks for a modifier only if one could start
//! there: the families cost some 1,400 instructions a token and this check some 70, and
//! most tokens, among them the common words that only ever appear inside a pattern ("of"
//! in "the end of", "said" in a tense rule), can start nothing.
//!
//! The word lists below are exact, family by family: each recognizer compares token `i`
//! (the first of its match) by equality with the words listed for it, or needs a digit
//! token, or an apostrophe ("'90s"); none starts on a word it does not name. A handful of
//! starters open a match only before certain words ("the", "a", "this"), so for them the
//! next token is checked against the words that can follow them. Everything here is
//! conservative: a word sharing a slot of the table with a listed one is let through, and a
//! follower that is not a word (a digit, a dash, an apostrophe) always passes.

use super::super::lexicon::fnv1a;
#[cfg(test)]
use super::super::lexicon::weekday;
use super::super::token::Kind;
use super::Scanner;

/// The token may start a family's match (`core_at`).
pub(super) const CORE: u8 = 1;
/// The token may start a modifier (`prefix_at`).
pub(super) const MODIFIER: u8 = 2;
/// The word may follow "the" or "its" in a family's match.
const AFTER_THE: u8 = 4;
/// The word may follow "the" in a modifier.
const AFTER_THE_MODIFIER: u8 = 8;
/// The word may follow "a" or "an" in a family's match.
const AFTER_A: u8 = 16;
/// The word may follow "this", "that" or "new" in a family's match.
const AFTER_THIS: u8 = 32;
/// The word may follow a number (not of four digits) in a family's match.
const AFTER_NUMBER: u8 = 64;

const ORDINALS: &str = "first second third fourth fifth sixth seventh eighth ninth tenth \
    eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth \
    nineteenth twentieth thirtieth";
const CARDINALS: &str = "zero one two three four five six seven eight nine ten eleven twelve \
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty \
    sixty seventy eighty ninety hundred dozen";
const MONTHS: &str = "january february march april may june july august september october \
    november december jan feb mar apr jun jul aug sep sept oct nov dec";
const WEEKDAYS: &str = "monday tuesday wednesday thursday friday saturday sunday";
const UNITS: &str = "second seconds minute minutes min mins hour hours hr hrs day days week \
    weeks weekend weekends month months quarter quarters year years yr yrs decade decades \
    century centuries";
const PLURAL_UNITS: &str = "seconds minutes mins hours hrs days weeks weekends months \
    quarters years yrs decades centuries";
const SEASONS: &str = "spring summer fall autumn winter";
const PARTS_OF_DAY: &str = "morning afternoon evening night tonight overnight";
/// The words `number_at` reads an amount from (besides digits and `CARDINALS`).
const AMOUNTS: &str = "a an several few many numerous countless couple half some dozens \
    hundreds thousands";
/// The modifiers `duration_expr` allows before its number ("the past two years").
const LEAD_MODIFIERS: &str = "past last next first previous coming following final \
    remaining latest entire full whole initial ensuing preceding same recent subsequent";

/// Words that can be token `i` of a match `core_at(i)` returns, with the family (and the
/// helper it starts with) that reads them there.
pub(super) const CORE_STARTERS: &[&str] = &[
    // time_expr: besides digits
    "noon midday midnight",
    // month_date: month_at
    MONTHS,
    // day_first_date: "the" or day_at (ordinal words, and compound_ordinal's tens)
    "the twenty thirty",
    ORDINALS,
    // weekday_date_expr, which reads plurals too ("Mondays": a set)
    WEEKDAYS,
    "mondays tuesdays wednesdays thursdays fridays saturdays sundays",
    // quarter_expr: "Q3", the article, a possessive year, "fiscal", the ordinal; then
    // latest_quarter's "year-earlier"
    "q the its this last next fiscal first second third fourth final year",
    // year_expr: "the", spelled_year, "fiscal", century_expr (ordinals, compound ordinals)
    "the nineteen eighteen twenty two fiscal thirty",
    // relative: the article, "this past", and the direction words
    "the this last past previous preceding prior next coming upcoming following current \
     present same that",
    // duration_expr: the article, its lead modifiers, number_at
    "the",
    LEAD_MODIFIERS,
    AMOUNTS,
    CARDINALS,
    // deictic
    "today yesterday tomorrow tonight now currently presently nowadays current recently \
     lately more most right year these the future recent",
    // season_expr
    "the",
    SEASONS,
    // set_expr
    "daily nightly weekly biweekly fortnightly monthly yearly hourly every each per",
    // holiday
    "christmas new halloween valentine independence thanksgiving",
    // anaphoric_day, the_period: "the"; vague_plural: "the", "coming", a plural unit
    "the coming upcoming",
    PLURAL_UNITS,
];

/// Words `prefix_at` can start with.
pub(super) const MODIFIER_STARTERS: &[&str] = &[
    "mid early late the earlier later end beginning start middle at more less fewer up no \
     around about approximately roughly nearly almost some barely fully over",
];

/// Words that can follow "the" (or "its", whose only family, quarter_expr, reads it as
/// "the") in a match starting with it.
pub(super) const THE_FOLLOWERS: &[&str] = &[
    // day_first_date: day_at (digits always pass)
    ORDINALS,
    "twenty thirty",
    // quarter_expr, with latest_quarter
    "this last next fiscal first second third fourth final comparable corresponding same \
     latest recent current most year quarter period",
    // year_expr: "the year 1990", decades in words, centuries (ordinals above)
    "year twenties thirties forties fifties sixties seventies eighties nineties",
    // relative
    "this last past previous preceding prior next coming upcoming following current present \
     same",
    // duration_expr
    LEAD_MODIFIERS,
    AMOUNTS,
    CARDINALS,
    // deictic
    "future weekend near foreseeable distant short long medium past present",
    // season_expr
    SEASONS,
    // anaphoric_day; the_period; vague_plural
    "week day full whole entire fiscal past coming next last following ensuing",
    UNITS,
];

/// Words that can follow "the" in a modifier.
pub(super) const THE_MODIFIER_FOLLOWERS: &[&str] =
    &["mid early late end beginning start middle turn close remainder rest"];

/// Words that can follow "a" or "an": only duration_expr starts on them (number_at's
/// "a few", "a couple", "a number of", or one of a unit, with a range, "more" or "trading"
/// between).
pub(super) const A_FOLLOWERS: &[&str] = &[
    "few couple half dozen hundred number to or more additional consecutive straight long \
     trading business working school",
    UNITS,
];

/// Words that can follow "this" (relative: "this past", "this week", "this Friday", "this
/// morning"; quarter_expr: "this year's"), "that" (relative: "that year") or "new"
/// (holiday: "New Year's Day").
pub(super) const THIS_FOLLOWERS: &[&str] = &[
    "past coming fiscal",
    UNITS,
    WEEKDAYS,
    MONTHS,
    SEASONS,
    PARTS_OF_DAY,
];

/// Words that can follow a number that is not four digits long (a four-digit one may be a
/// year, followed by anything): time_expr's "a.m.", "pm" and "o'clock"; day_at's ordinal
/// suffix, then "of" or the month (day_first_date); quarter_expr's and century_expr's
/// ordinal suffix; year_expr's decade "s"; duration_expr's range, counting words and unit.
pub(super) const NUMBER_FOLLOWERS: &[&str] = &[
    "am a pm p o st nd rd th of s to or more additional consecutive straight long trading \
     business working school",
    MONTHS,
    UNITS,
];

/// The two slots of a word in `OPENS`: two 13-bit parts of its hash. With one slot, one
/// word in 13 of the BBC texts that starts nothing shared it with a starter (among them the
/// frequent s, he, as and at) and ran the families for nothing; with two, one in a thousand.
const fn slots(s: &[u8]) -> (usize, usize) {
    let h = fnv1a(s);
    ((h & 8191) as usize, (h >> 13 & 8191) as usize)
}

/// Sets `bit` in both slots of every word of `groups`.
const fn mark(table: &mut [u8; 8192], groups: &[&str], bit: u8) {
    let mut g = 0;
    while g < groups.len() {
        let b = groups[g].as_bytes();
        let (mut start, mut i) = (0, 0);
        while i <= b.len() {
            if i == b.len() || b[i] == b' ' {
                if i > start {
                    let (head, _) = b.split_at(i);
                    let (_, word) = head.split_at(start);
                    let (x, y) = slots(word);
                    table[x] |= bit;
                    table[y] |= bit;
                }
                start = i + 1;
            }
            i += 1;
        }
        g += 1;
    }
}

/// A two-hash Bloom filter of each list, one bit of a byte each, computed at compile time:
/// a slot holds the bits of the lists with a word there. A bit clear in either of a word's
/// slots proves the word is not in that list.
static OPENS: [u8; 8192] = {
    let mut t = [0u8; 8192];
    mark(&mut t, CORE_STARTERS, CORE);
    mark(&mut t, MODIFIER_STARTERS, MODIFIER);
    mark(&mut t, THE_FOLLOWERS, AFTER_THE);
    mark(&mut t, THE_MODIFIER_FOLLOWERS, AFTER_THE_MODIFIER);
    mark(&mut t, A_FOLLOWERS, AFTER_A);
    mark(&mut t, THIS_FOLLOWERS, AFTER_THIS);
    mark(&mut t, NUMBER_FOLLOWERS, AFTER_NUMBER);
    t
};

#[inline]
fn word_bits(s: &str) -> u8 {
    let (a, b) = slots(s.as_bytes());
    OPENS[a] & OPENS[b]
}

/// Which check `opens` makes; tests compare the others' output with the one `extract` uses.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// The starters and their followers (what `extract` does).
    Starters,
    /// The check before the starters: any literal of the engine may start anything.
    Literals,
    /// None: every family and modifier is asked at every token.
    Off,
}

impl Scanner<'_> {
    /// What token `i` may open: a bit set of `CORE` and `MODIFIER`.
    pub(super) fn opens(&self, i: usize) -> u8 {
        #[cfg(test)]
        match self.gate {
            Gate::Starters => {}
            Gate::Literals => return self.opens_literals(i),
            Gate::Off => return CORE | MODIFIER,
        }
        let Some(t) = self.tok(i) else {
            return 0;
        };
        let core_if = |yes: bool| if yes { CORE } else { 0 };
        match t.kind {
            // Four digits may be a year, followed by anything ("1990", "1990s", "2025-07-29",
            // "0800 GMT").
            Kind::Num if t.s.len() == 4 => CORE,
            Kind::Num => core_if(self.number_continues(i + 1)),
            // "'90s", "'09": year_expr, the only family to start on an apostrophe.
            Kind::Punct if t.is_apostrophe() => {
                core_if(self.tok(i + 1).is_some_and(|n| n.is_num()))
            }
            Kind::Punct => 0,
            Kind::Word => {
                // A word outside ASCII equals no starter and passes through the table like
                // any other word.
                let bits = word_bits(t.s) & (CORE | MODIFIER);
                if bits == 0 {
                    return 0;
                }
                // The frequent starters that open a match only before certain words; none of
                // them but "the" opens a modifier.
                let (core_needs, modifier_needs) = match t.s {
                    "the" => (AFTER_THE, AFTER_THE_MODIFIER),
                    "its" => (AFTER_THE, 0),
                    "a" | "an" => (AFTER_A, 0),
                    "this" | "that" | "new" => (AFTER_THIS, 0),
                    _ => return bits,
                };
                let next = self.follower_bits(i + 1);
                let modifier = if next & modifier_needs != 0 {
                    MODIFIER
                } else {
                    0
                };
                core_if(next & core_needs != 0) | modifier
            }
        }
    }

    /// The table's bits for token `k` after a starter that needs a follower: none past the
    /// end, all for a token that is not a word (a digit, a dash, an apostrophe), rather than
    /// list which of those follows what.
    fn follower_bits(&self, k: usize) -> u8 {
        match self.tok(k) {
            None => 0,
            Some(n) if n.kind == Kind::Word => word_bits(n.s),
            Some(_) => !0,
        }
    }

    /// Whether token `k` can follow a number that is not four digits long at the start of a
    /// match: a word of `NUMBER_FOLLOWERS`, a digit ("5 1/2 years"), or a mark that joins
    /// or splits digits ("7/29", "2.5", "10:35", "10,000", "12-18 months", "90's").
    fn number_continues(&self, k: usize) -> bool {
        self.tok(k).is_some_and(|n| match n.kind {
            Kind::Word => word_bits(n.s) & AFTER_NUMBER != 0,
            Kind::Num => true,
            Kind::Punct => n.is_dash() || n.is_apostrophe() || matches!(n.s, "/" | "." | ":" | ","),
        })
    }

    /// The check the scanner made before `opens`: punctuation other than an apostrophe and
    /// a word that is no literal of the engine nor a plural weekday start nothing, anything
    /// else may start anything.
    #[cfg(test)]
    fn opens_literals(&self, i: usize) -> u8 {
        use super::super::lexicon::maybe_literal;
        let nothing = self.tok(i).is_none_or(|t| match t.kind {
            Kind::Punct => !t.is_apostrophe(),
            Kind::Word => {
                t.s.bytes().all(|b| b.is_ascii_lowercase())
                    && !maybe_literal(t.s)
                    && weekday(t.s).is_none()
            }
            Kind::Num => false,
        });
        if nothing { 0 } else { CORE | MODIFIER }
    }
}

/// Every token of `text` that `opens` turns away although a family or a modifier starts
/// there, tried with no reference date and with a day, a quarter and a year mentioned
/// before (the anaphoric families need one when there is no anchor): "i: token (what)".
#[cfg(test)]
pub(crate) fn gate_misses(text: &str, anchor: Option<chrono::NaiveDate>) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let toks = super::super::token::tokenize(text, &lower);
    let day = chrono::NaiveDate::from_ymd_opt(2004, 11, 9).expect("a date");
    let mut misses = Vec::new();
    for reference in [
        None,
        Some((day, "day")),
        Some((day, "quarter")),
        Some((day, "year")),
    ] {
        let mut sc = Scanner::new(toks.clone(), anchor);
        sc.reference = reference;
        for i in 0..sc.t.len() {
            let opens = sc.opens(i);
            if opens & CORE == 0
                && let Some(m) = sc.families(i)
            {
                misses.push(format!("{i}: {} ({m:?})", sc.t[i].orig));
            }
            if opens & MODIFIER == 0
                && let Some(p) = sc.prefix_at(i)
            {
                misses.push(format!("{i}: {} ({p:?})", sc.t[i].orig));
            }
        }
    }
    misses
}

/// Tokens of `text`, and how many of them reach the families under the starters and under
/// the literals check.
#[cfg(test)]
pub(crate) fn core_counts(text: &str) -> (usize, usize, usize) {
    let lower = text.to_ascii_lowercase();
    let mut sc = Scanner::new(super::super::token::tokenize(text, &lower), None);
    let starters = (0..sc.t.len()).filter(|&i| sc.opens(i) & CORE != 0).count();
    sc.gate = Gate::Literals;
    let literals = (0..sc.t.len()).filter(|&i| sc.opens(i) & CORE != 0).count();
    (sc.t.len(), starters, literals)
}

#[cfg(test)]
mod tests {
    use super::super::super::lexicon::{
        LITERAL_WORDS, cardinal, month_abbr, month_full, ordinal, part_of_day, season, unit,
        weekday,
    };
    use super::*;

    fn words(groups: &[&'static str]) -> Vec<&'static str> {
        groups.iter().flat_map(|g| g.split_whitespace()).collect()
    }

    /// A listed word that is no literal of the engine is a typo or a word no family reads:
    /// either way a bug. The plural weekdays are the one exception: `weekday` reads them by
    /// stripping the "s".
    #[test]
    fn lists_name_only_words_of_the_engine() {
        let lists = [
            CORE_STARTERS,
            MODIFIER_STARTERS,
            THE_FOLLOWERS,
            THE_MODIFIER_FOLLOWERS,
            A_FOLLOWERS,
            THIS_FOLLOWERS,
            NUMBER_FOLLOWERS,
        ];
        for list in lists {
            for w in words(list) {
                let plural_weekday = weekday(w).is_some_and(|(_, plural)| plural);
                assert!(
                    LITERAL_WORDS.binary_search(&w).is_ok() || plural_weekday,
                    "{w} is no word of the engine"
                );
                let b = word_bits(w);
                assert!(b != 0, "{w} not in the table");
            }
        }
    }

    /// The groups copied from the lexicon's tables hold exactly the words those tables read,
    /// so that a word added to a table is not left out of the starters.
    #[test]
    fn groups_match_the_lexicon_tables() {
        type InTable = fn(&str) -> bool;
        let checks: [(&str, InTable); 9] = [
            (ORDINALS, |w| ordinal(w).is_some()),
            (CARDINALS, |w| cardinal(w).is_some()),
            (MONTHS, |w| month_full(w).or(month_abbr(w)).is_some()),
            (WEEKDAYS, |w| weekday(w).is_some_and(|(_, plural)| !plural)),
            (UNITS, |w| unit(w).is_some()),
            (PLURAL_UNITS, |w| unit(w).is_some_and(|(_, plural)| plural)),
            (SEASONS, |w| season(w).is_some()),
            (PARTS_OF_DAY, |w| part_of_day(w).is_some()),
            // The cardinals spelled_year and compound_ordinal start on.
            ("twenty thirty", |w| {
                cardinal(w).is_some_and(|n| n == 20 || n == 30)
            }),
        ];
        for (group, in_table) in checks {
            let listed: Vec<&str> = group.split_whitespace().collect();
            for w in &listed {
                assert!(in_table(w), "{w} is not in its table");
            }
            for w in LITERAL_WORDS {
                assert!(
                    !in_table(w) || listed.contains(w),
                    "{w} missing from {group:?}"
                );
            }
        }
    }

    /// About one word in a thousand that no list holds passes through the table's two
    /// slots; the engine's own words, common in news, must not be among them.
    #[test]
    fn few_other_words_pass_the_table() {
        let starters = words(CORE_STARTERS);
        let modifiers = words(MODIFIER_STARTERS);
        let others: Vec<&str> = LITERAL_WORDS
            .iter()
            .copied()
            .filter(|w| !starters.contains(w) && !modifiers.contains(w))
            .collect();
        let passing: Vec<&&str> = others
            .iter()
            .filter(|w| word_bits(w) & (CORE | MODIFIER) != 0)
            .collect();
        assert!(others.len() > 200 && passing.len() <= 2, "{passing:?}");
    }
}
