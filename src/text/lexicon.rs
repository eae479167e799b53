//! Word lists the tokenizer and the sentence splitter consult: abbreviations that keep their
//! dot, common sentence-initial words, name prefixes that stay hyphenated, pronouns whose
//! `'s` is a contraction, and speech verbs that attach a quotation to its speaker.
//!
//! In: a word as written. Out: its class or membership. All lists are general English, built
//! once into hash tables on first use.

use crate::ml::hash::FnvBuild;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// How an abbreviation with a dot behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbrev {
    /// Never ends a sentence: titles (`Mr.`, `Gen.`) and connectives (`vs.`, `e.g.`).
    Never,
    /// Keeps its dot only before a number (`No. 2`), so never ends a sentence either.
    BeforeNumber,
    /// May end a sentence (`Inc.`, `Jan.`, `Calif.`): only when a common sentence starter
    /// follows.
    Weak,
}

/// Titles and connectives: a following capitalised word is never a new sentence.
const NEVER: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Messrs.", "Mmes.", "Dr.", "Drs.", "Gen.", "Gens.", "Lt.", "Col.",
    "Maj.", "Capt.", "Cmdr.", "Cdr.", "Sgt.", "Cpl.", "Pvt.", "Brig.", "Adm.", "Sen.", "Sens.",
    "Rep.", "Reps.", "Gov.", "Govs.", "Pres.", "Prof.", "Rev.", "Fr.", "Amb.", "Sec.", "Atty.",
    "Supt.", "Det.", "Insp.", "Hon.", "Msgr.", "vs.", "Vs.", "v.", "e.g.", "i.e.", "cf.", "viz.",
    "approx.", "ca.", "Mt.", "Ft.",
];

/// Abbreviations that keep their dot only before a number.
const BEFORE_NUMBER: &[&str] = &["No.", "Nos.", "no.", "nos.", "Vol.", "vol.", "Art.", "Fig."];

/// Abbreviations that can also end a sentence.
const WEAK: &[&str] = &[
    "etc.", "Inc.", "Corp.", "Co.", "Cos.", "Ltd.", "Bros.", "Jr.", "Sr.", "St.", "Ave.", "Blvd.",
    "Rd.", "Dept.", "Univ.", "Assn.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.",
    "Sept.", "Sep.", "Oct.", "Nov.", "Dec.", "al.", "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.",
    "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Ky.", "La.", "Md.", "Mass.", "Mich.",
    "Minn.", "Miss.", "Mo.", "Mont.", "Neb.", "Nev.", "Okla.", "Ore.", "Pa.", "Tenn.", "Tex.",
    "Va.", "Vt.", "Wash.", "Wis.", "Wyo.",
];

/// Words that commonly open a sentence; after a dotted acronym (`U.S.`) or a weak
/// abbreviation they signal a sentence break.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "But",
    "And",
    "Or",
    "Nor",
    "So",
    "Yet",
    "For",
    "In",
    "On",
    "At",
    "By",
    "To",
    "Of",
    "From",
    "With",
    "Without",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "While",
    "When",
    "Where",
    "If",
    "As",
    "Although",
    "Though",
    "Because",
    "However",
    "Meanwhile",
    "Still",
    "Also",
    "Then",
    "Now",
    "What",
    "Who",
    "Why",
    "How",
    "Which",
    "Some",
    "Many",
    "Most",
    "All",
    "Both",
    "Each",
    "Every",
    "Other",
    "Others",
    "Another",
    "One",
    "No",
    "Not",
    "Neither",
    "Such",
    "Under",
    "Over",
    "According",
    "Last",
    "Earlier",
    "Later",
    "Instead",
    "Moreover",
    "Indeed",
    "Yes",
    "Even",
    "Despite",
    "Among",
    "Once",
    "Asked",
    "Officials",
    "Critics",
    "Nothing",
    "Nobody",
    "Few",
    "Several",
    "Much",
    "More",
    "Thus",
    "Therefore",
    "Furthermore",
    "Nevertheless",
    "Today",
    "Yesterday",
];

/// Lower-case name prefixes that stay joined to a capitalised part (`Al-Assad`, `Bin-Laden`).
const NAME_PREFIXES: &[&str] = &["al", "el", "bin", "ibn", "bint", "abu", "abd", "ben"];

/// Words whose `'s` is a contraction of "is"/"has"/"us", not a possessive (`it's`, `let's`).
const CONTRACTION_BASES: &[&str] = &[
    "it", "he", "she", "that", "there", "what", "who", "here", "where", "when", "why", "how", "let",
];

/// Speech verbs: `“Will you?” Putin asked` keeps the attribution in the quote's sentence.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "asked",
    "asks",
    "replied",
    "replies",
    "added",
    "adds",
    "told",
    "tells",
    "wrote",
    "writes",
    "shouted",
    "exclaimed",
    "responded",
    "continued",
    "recalled",
    "quipped",
    "joked",
    "insisted",
    "wondered",
    "demanded",
    "countered",
    "noted",
    "declared",
    "tweeted",
    "explained",
    "answered",
    "cried",
];

static ABBREVS: LazyLock<HashMap<&'static str, Abbrev, FnvBuild>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for (list, class) in [
        (WEAK, Abbrev::Weak),
        (BEFORE_NUMBER, Abbrev::BeforeNumber),
        (NEVER, Abbrev::Never),
    ] {
        for &w in list {
            map.insert(w, class);
        }
    }
    map
});

static STARTERS: LazyLock<HashSet<&'static str, FnvBuild>> =
    LazyLock::new(|| SENTENCE_STARTERS.iter().copied().collect());

/// The class of `word` (dot included) when it is a known abbreviation; case-sensitive.
pub(crate) fn abbrev(word: &str) -> Option<Abbrev> {
    ABBREVS.get(word).copied()
}

/// True when `word` is a common sentence-initial word (case-sensitive: `The`, not `the`).
pub(crate) fn is_sentence_starter(word: &str) -> bool {
    STARTERS.contains(word)
}

/// True when `part` is a name prefix that stays hyphenated (`al`, `Bin`).
pub(crate) fn is_name_prefix(part: &str) -> bool {
    NAME_PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(part))
}

/// True when `'s` after `word` is a contraction (`it's`, `Let's`).
pub(crate) fn is_contraction_base(word: &str) -> bool {
    CONTRACTION_BASES
        .iter()
        .any(|p| p.eq_ignore_ascii_case(word))
}

/// True when `word` is a lower-case speech verb (`said`, `asked`).
pub(crate) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables() {
        assert_eq!(abbrev("Gen."), Some(Abbrev::Never));
        assert_eq!(abbrev("No."), Some(Abbrev::BeforeNumber));
        assert_eq!(abbrev("Inc."), Some(Abbrev::Weak));
        assert_eq!(abbrev("gen."), None);
        assert!(is_sentence_starter("The") && !is_sentence_starter("the"));
        assert!(!is_sentence_starter("Secretary"));
        assert!(is_name_prefix("Al") && !is_name_prefix("Trump"));
        assert!(is_contraction_base("It") && !is_contraction_base("Trump"));
        assert!(is_speech_verb("asked") && !is_speech_verb("met"));
        for list in [NEVER, BEFORE_NUMBER, WEAK] {
            assert!(list.iter().all(|w| w.ends_with('.')));
        }
    }
}
