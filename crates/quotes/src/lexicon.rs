//! Closed word lists: the cue verbs that introduce speech, and the function words that
//! delimit a source noun phrase. Everything is matched on the lowercased ASCII form of a
//! word, once per token when the text is lexed, so later passes compare small enums.

/// How a cue word introduces what was said.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Cue {
    /// A verb of saying that takes a clause with or without "that" (said, added, warned).
    Speech,
    /// A verb of saying whose next noun phrase is the hearer (told, assured, reminded).
    Tell,
    /// A verb of belief or evidence that counts only before "that" or a subject (believes, found).
    Weak,
    /// A verb whose object is the content (accused, criticized, called).
    Object,
    /// A verb that introduces its content only through a preposition (talked about,
    /// pointed out, focused on); the preposition belongs to the cue.
    Prep,
    /// A verb of intention or stance whose content is a to-infinitive, a that-clause or a
    /// noun phrase (wants to, plans to, declined to, vowed that).
    Intent,
    /// A raising verb (seems, appears): the content is the subject and what follows, and
    /// the attribution has no source of its own.
    Raise,
}

/// Prepositions that join a cue verb to its content.
pub(crate) fn is_cue_prep(w: &str) -> bool {
    matches!(
        w,
        "about" | "of" | "for" | "on" | "against" | "to" | "with" | "over" | "out"
    )
}

/// The part a non-cue word plays around a source noun phrase.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Role {
    Plain,
    /// he, she, they, we, I, it, you: a complete source on its own.
    Pronoun,
    /// A subject pronoun with its auxiliary (he's, they're, I'd): opens a clause.
    Contracted,
    /// who, which: a relative pronoun the corpus takes as the source itself.
    Relative,
    /// "that", which opens a reported clause.
    That,
    /// Determiners and possessives that open a noun phrase.
    Det,
    /// Auxiliaries and adverbs between a subject and its verb (has, also, would, not).
    Aux,
    /// Words that end a noun phrase when scanning: conjunctions, prepositions, copulas.
    Stop,
    /// Time words that may follow a cue before its content (Tuesday, yesterday).
    Time,
    /// Hearers after "told" and nouns of audience (reporters, him).
    Hearer,
    /// "according" (as in "according to").
    According,
}

/// Classification of one lowercased word.
pub(crate) fn classify(w: &str) -> (Option<Cue>, Role) {
    if let Some(c) = cue(w) {
        return (Some(c), Role::Plain);
    }
    (None, role(w))
}

fn cue(w: &str) -> Option<Cue> {
    use Cue::*;
    Some(match w {
        "say" | "says" | "said" | "saying" | "add" | "adds" | "added" | "adding" | "note"
        | "notes" | "noted" | "noting" | "argue" | "argues" | "argued" | "arguing" | "claim"
        | "claims" | "claimed" | "claiming" | "warn" | "warns" | "warned" | "warning" | "write"
        | "writes" | "wrote" | "writing" | "report" | "reports" | "reported" | "announce"
        | "announces" | "announced" | "explain" | "explains" | "explained" | "explaining"
        | "insist" | "insists" | "insisted" | "insisting" | "acknowledge" | "acknowledges"
        | "acknowledged" | "admit" | "admits" | "admitted" | "contend" | "contends"
        | "contended" | "assert" | "asserts" | "asserted" | "allege" | "alleges" | "alleged"
        | "declare" | "declares" | "declared" | "stress" | "stresses" | "stressed"
        | "emphasize" | "emphasizes" | "emphasized" | "tweet" | "tweets" | "tweeted" | "recall"
        | "recalls" | "recalled" | "respond" | "responds" | "responded" | "reply" | "replies"
        | "replied" | "predict" | "predicts" | "predicted" | "suggest" | "suggests"
        | "suggested" | "suggesting" | "ask" | "asks" | "asked" | "asking" | "complain"
        | "complains" | "complained" | "concede" | "concedes" | "conceded" | "maintain"
        | "maintains" | "maintained" | "testify" | "testified" | "quipped" | "joked"
        | "boasted" | "cautioned" | "observed" | "countered" | "remarked" | "conceding"
        | "continued" | "concluded" | "exclaimed" | "declaring" | "proclaimed" | "wondered"
        | "posted" | "announcing" | "reads" | "reiterated" | "reiterates" | "repeated"
        | "stating" | "echoed" | "emailed" | "observes" | "retorted" | "shouted" | "yelled"
        | "lamented" | "laments" | "decried" | "testifying" | "recalling" | "texted" => Speech,
        "tell" | "tells" | "told" | "telling" | "assured" | "reminded" | "informed" => Tell,
        "believe" | "believes" | "believed" | "think" | "thinks" | "thought" | "know" | "knows"
        | "knew" | "fear" | "fears" | "feared" | "find" | "finds" | "found" | "show" | "shows"
        | "showed" | "shown" | "feel" | "feels" | "felt" | "worry" | "worries" | "worried"
        | "learned" | "doubt" | "doubts" | "estimate" | "estimates" | "estimated" | "indicate"
        | "indicates" | "indicated" | "confirm" | "confirms" | "confirmed" | "deny" | "denies"
        | "denied" | "reveal" | "reveals" | "revealed" | "realize" | "realized" | "see"
        | "sees" | "saw" | "understand" | "understands" | "states" | "stated" | "suspect"
        | "suspects" | "suspected" | "believing" | "determined" | "ruled" | "rules"
        | "projects" | "projected" => Weak,
        "hope" | "hopes" | "hoped" | "hoping" | "expect" | "expects" | "expected" | "expecting"
        | "agree" | "agrees" | "agreed" | "want" | "wants" | "wanted" | "wanting" | "plan"
        | "plans" | "planned" | "planning" | "decline" | "declines" | "declined" | "refuse"
        | "refuses" | "refused" | "vow" | "vows" | "vowed" | "vowing" | "pledged" | "promised"
        | "promises" | "promise" | "promising" | "pledge" | "pledges" | "pledging" | "seek"
        | "seeks" | "sought" | "seeking" | "intend" | "intends" | "intended" | "decide"
        | "decides" | "decided" | "offered" | "offers" | "propose" | "proposes" | "proposed"
        | "proposing" | "prefer" | "prefers" | "preferred" | "wish" | "wishes" | "wished"
        | "demand" | "demands" | "demanded" | "demanding" | "prepared" | "favor" | "favors"
        | "favored" | "threaten" | "threatens" | "threatened" | "threatening" => Intent,
        "seem" | "seems" | "seemed" | "appear" | "appears" | "appeared" => Raise,
        "endorse" | "endorses" | "endorsed" | "endorsing" | "supports" | "supported"
        | "supporting" | "oppose" | "opposes" | "opposed" | "opposing" | "reject" | "rejects"
        | "rejected" | "rejecting" | "defend" | "defends" | "defended" | "defending" | "backed"
        | "dismiss" | "dismisses" | "dismissed" | "dismissing" | "blame" | "blames" | "blamed"
        | "blaming" | "denounce" | "denounces" | "denounced" | "denouncing" | "mock" | "mocks"
        | "mocked" | "mocking" | "welcomed" | "welcomes" | "applauded" | "applauds" | "thanked"
        | "thanks" | "questioning" | "recommended" | "recommends" | "ordered" | "named"
        | "criticising" | "challenged" | "challenges" | "disputed" | "disputes" | "highlighted"
        | "highlights" | "celebrated" => Object,
        "support" | "expressed" | "expresses" | "expressing" | "lauded" | "hailed" | "hails"
        | "likened" | "discuss" | "discussed" | "discusses" | "discussing" | "views" | "viewed"
        | "considers" | "considered" | "portrayed" | "portrays" | "characterized" | "labeled"
        | "branded" | "dubbed" => Object,
        "urge" | "urged" | "urges" | "urging" | "accuse" | "accuses" | "accused" | "accusing"
        | "criticize" | "criticizes" | "criticized" | "criticizing" | "blasted" | "blasts"
        | "slammed" | "slams" | "praised" | "praises" | "attacked" | "attacks" | "cited"
        | "cites" | "citing" | "described" | "describes" | "condemned" | "condemns"
        | "questioned" | "mentioned" | "call" | "calls" | "called" | "calling" => Object,
        "talk" | "talks" | "talked" | "talking" | "speak" | "speaks" | "spoke" | "speaking"
        | "refer" | "refers" | "referred" | "referring" | "point" | "points" | "pointed"
        | "pointing" | "focus" | "focused" | "focuses" | "focusing" | "railed" | "rails"
        | "pushed" | "pushing" | "advocate" | "advocated" | "advocates" | "commented"
        | "comments" | "complaining" | "voted" | "vote" | "votes" | "spoken" | "lashed"
        | "weighed" | "touted" | "bragged" | "hinted" => Prep,
        _ => return None,
    })
}

fn role(w: &str) -> Role {
    use Role::*;
    match w {
        "he" | "she" | "they" | "we" | "i" | "it" | "you" => Pronoun,
        "he's" | "she's" | "they're" | "we're" | "i'm" | "you're" | "he'd" | "she'd" | "they'd"
        | "we'd" | "i'd" | "he'll" | "she'll" | "they'll" | "we'll" | "i'll" | "he’s" | "she’s"
        | "they’re" | "we’re" | "i’m" | "you’re" | "he’d" | "she’d" | "they’d" | "we’d" | "i’d"
        | "he’ll" | "she’ll" | "they’ll" | "we’ll" | "i’ll" => Contracted,
        "who" | "which" => Relative,
        "that" => That,
        "the" | "a" | "an" | "his" | "her" | "their" | "its" | "our" | "my" | "your" | "this"
        | "these" | "those" | "some" | "many" | "most" | "several" | "other" | "another"
        | "two" | "three" | "both" | "all" | "one" => Det,
        "has" | "have" | "had" | "also" | "previously" | "recently" | "repeatedly" | "later"
        | "then" | "once" | "often" | "long" | "already" | "will" | "would" | "could" | "can"
        | "may" | "might" | "should" | "must" | "did" | "does" | "do" | "not" | "never"
        | "just" | "even" | "still" | "since" | "again" | "now" | "first" | "didn't"
        | "doesn't" | "don't" | "hasn't" | "haven't" | "won't" | "wouldn't" | "didn’t"
        | "doesn’t" | "don’t" | "hasn’t" | "haven’t" | "won’t" | "wouldn’t" | "ever"
        | "further" | "privately" | "publicly" | "reportedly" | "recent" | "earlier" => Aux,
        "and" | "but" | "or" | "because" | "when" | "while" | "if" | "as" | "so" | "though"
        | "although" | "where" | "than" | "whether" | "what" | "how" | "why" | "in" | "on"
        | "at" | "during" | "with" | "from" | "to" | "by" | "into" | "over" | "about" | "under"
        | "against" | "between" | "through" | "after" | "before" | "among" | "without" | "like"
        | "is" | "was" | "are" | "were" | "be" | "been" | "being" | "there" | "here" | "unless"
        | "until" | "nor" | "yet" | "whom" => Stop,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
        | "yesterday" | "today" | "tonight" | "last" | "morning" | "afternoon" | "evening"
        | "night" | "week" | "month" | "year" | "weekend" | "late" | "hour" | "hours"
        | "minutes" | "days" | "weeks" | "months" | "years" => Time,
        "reporters" | "journalists" | "him" | "them" | "me" | "us" | "supporters" | "cnn"
        | "abc" | "nbc" | "cbs" | "msnbc" | "fox" | "politico" | "audience" | "crowd"
        | "listeners" | "viewers" | "lawmakers" | "congress" => Hearer,
        "according" => According,
        _ => Plain,
    }
}

/// Cue words that are more often nouns in news text, taken as verbs only in a verb's
/// context (see `Doc::verbs_in_context`).
pub(crate) fn is_noun_first(w: &str) -> bool {
    matches!(
        w.as_bytes()[0].to_ascii_lowercase(),
        b't' | b's' | b'n' | b'f' | b'c' | b'p' | b'r' | b'v' | b'a'
    ) && matches!(
        w.to_ascii_lowercase().as_str(),
        "tweet"
            | "tweets"
            | "states"
            | "note"
            | "find"
            | "call"
            | "plan"
            | "rules"
            | "views"
            | "report"
            | "reports"
            | "comments"
    )
}

/// Titles that take the period of an abbreviation without ending a sentence.
pub(crate) fn is_title_abbrev(w: &str) -> bool {
    matches!(
        w,
        "mr" | "mrs"
            | "ms"
            | "dr"
            | "sen"
            | "rep"
            | "gov"
            | "gen"
            | "lt"
            | "col"
            | "sgt"
            | "capt"
            | "rev"
            | "st"
            | "jr"
            | "sr"
            | "prof"
            | "pres"
            | "no"
            | "vs"
            | "maj"
            | "adm"
            | "cmdr"
            | "supt"
            | "insp"
            | "hon"
            | "messrs"
            | "jan"
            | "feb"
            | "aug"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// Person pronouns that refer back to a speaker.
pub(crate) fn is_person_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "him" | "her")
}

/// Nouns of the occasion or medium of a statement ("in a statement", "at a rally").
pub(crate) fn is_medium(w: &str) -> bool {
    matches!(
        w,
        "statement"
            | "statements"
            | "interview"
            | "interviews"
            | "speech"
            | "letter"
            | "email"
            | "e-mail"
            | "tweet"
            | "tweets"
            | "post"
            | "release"
            | "call"
            | "conference"
            | "rally"
            | "debate"
            | "event"
            | "hearing"
            | "memo"
            | "video"
            | "op-ed"
            | "appearance"
            | "address"
            | "remarks"
            | "briefing"
            | "message"
            | "meeting"
            | "forum"
            | "radio"
            | "television"
            | "show"
            | "podcast"
            | "filing"
            | "testimony"
            | "report"
            | "editorial"
            | "column"
            | "book"
            | "blog"
    )
}
