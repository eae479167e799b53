//! Which blocks are page furniture, and which neighbouring blocks are one paragraph cut
//! by a page break.
//!
//! In: a [`Probe`] per block (its text before and after inline cleaning, whitespace
//! collapsed). Out: a junk flag per block ([`classify`]) and join decisions
//! ([`should_join`]). Phrase lists live in `furniture.txt`; the rules here are general.

use crate::ml::hash::FnvBuild;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The furniture lexicon, parsed from `furniture.txt`.
pub(super) struct Lexicon {
    /// Matches every `line`, `heading` and `widget` phrase, case-insensitively.
    phrases: AhoCorasick,
    /// `prefix` phrases, lower-cased.
    prefixes: Vec<String>,
    /// `suffix` phrases, lower-cased.
    suffixes: Vec<String>,
    /// `heading` phrases, lower-cased.
    headings: HashSet<String, FnvBuild>,
    /// `widget` phrases, lower-cased.
    widgets: HashSet<String, FnvBuild>,
    /// Photo agencies, as written.
    pub(super) agencies: Vec<String>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut phrases = Vec::new();
    let mut lex = Lexicon {
        phrases: AhoCorasick::new(Vec::<String>::new()).expect("empty automaton"),
        prefixes: Vec::new(),
        suffixes: Vec::new(),
        headings: HashSet::default(),
        widgets: HashSet::default(),
        agencies: Vec::new(),
    };
    for line in include_str!("furniture.txt").lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((kind, phrase)) = line.split_once('|') else {
            continue;
        };
        let lower = phrase.to_lowercase();
        match kind {
            "line" => phrases.push(phrase.to_string()),
            "prefix" => lex.prefixes.push(lower),
            "suffix" => lex.suffixes.push(lower),
            "heading" => {
                phrases.push(phrase.to_string());
                lex.headings.insert(lower);
            }
            "widget" => {
                phrases.push(phrase.to_string());
                lex.widgets.insert(lower);
            }
            "agency" => lex.agencies.push(phrase.to_string()),
            _ => {}
        }
    }
    // A DFA: every block is searched, and a DFA searches fastest (same matches).
    lex.phrases = AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(&phrases)
        .expect("furniture phrases build an automaton");
    lex
});

/// The furniture lexicon.
pub(super) fn lexicon() -> &'static Lexicon {
    &LEXICON
}

/// Words that may sit between furniture phrases on one line ("Help and Contact Us").
const FILLERS: [&str; 6] = ["and", "the", "our", "us", "or", "more"];

/// Words after which a sentence cannot end: a paragraph ending in one was cut.
const OPEN_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "nor",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "into",
    "onto",
    "about",
    "as",
    "than",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "must",
    "not",
    "after",
    "before",
    "over",
    "under",
    "between",
    "against",
    "during",
    "without",
    "through",
    "toward",
    "towards",
    "this",
    "these",
    "those",
    "if",
    "when",
    "while",
    "because",
    "although",
    "though",
    "whether",
    "where",
    "so",
    "said",
    "says",
    "told",
    "including",
    "like",
    "per",
    "via",
    "amid",
    "among",
];

/// Lower-case words a title-case line may keep in lower case.
const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "vs", "as", "is",
];

/// Markdown links only (pre-cleaning text).
static LINKS_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:!?\[(?:\\.|[^\]\\])*\]\([^)]*\)[\s|•·,]*)+$").expect("valid pattern")
});
/// A bold-only line or list item (pre-cleaning text).
static BOLD_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-*+]\s+)?\*\*(?:[^*]|\*[^*])+\*\*$").expect("valid pattern")
});
/// A URL (pre-cleaning text).
static URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:https?://|www\.)\S+").expect("valid pattern"));

/// What the rules look at for one block.
#[derive(Debug, Clone)]
pub(super) struct Probe {
    /// The block before inline cleaning, whitespace collapsed.
    before: String,
    /// The block after inline cleaning, whitespace collapsed.
    after: String,
    /// Words of `after`.
    words: usize,
    /// `after` in lower case (computed once: several rules look at it).
    lower: String,
    /// `after` without trailing `:`, `.` and spaces, in lower case.
    trimmed_lower: String,
}

impl Probe {
    /// A probe from the block's text before and after inline cleaning.
    pub(super) fn new(before: String, after: String) -> Probe {
        // Words: runs of bytes other than the space (`after` is collapsed, but need not be).
        let bytes = after.as_bytes();
        let words = (0..bytes.len())
            .filter(|&i| bytes[i] != b' ' && (i == 0 || bytes[i - 1] == b' '))
            .count();
        let lower = after.to_lowercase();
        // Lower-casing never makes nor removes the `:`, `.` and spaces trimmed (they are
        // case-ignorable, so even a final sigma reads the same), so trimming the lower-case
        // text gives the lower case of the trimmed text.
        let trimmed_lower = lower.trim_end_matches([':', '.', ' ']).to_string();
        Probe {
            before,
            after,
            words,
            lower,
            trimmed_lower,
        }
    }

    /// Ends like a sentence: `. ! ? … :`, possibly followed by closing quotes or brackets.
    fn terminal(&self) -> bool {
        let t = self
            .after
            .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»', '*', ' ']);
        t.ends_with(['.', '!', '?', '…', ':'])
    }

    fn first_char(&self) -> Option<char> {
        self.after.chars().next()
    }

    fn starts_lower(&self) -> bool {
        self.first_char().is_some_and(char::is_lowercase)
    }

    fn starts_letter(&self) -> bool {
        self.first_char().is_some_and(char::is_alphabetic)
    }

    /// "By Jane Doe and John Roe May 16".
    fn is_byline(&self) -> bool {
        self.words <= 15
            && self
                .after
                .strip_prefix("By ")
                .is_some_and(|rest| rest.starts_with(char::is_uppercase))
    }

    /// "(The Washington Post)": a parenthesised source line.
    fn is_source_line(&self) -> bool {
        self.words <= 6 && self.after.starts_with('(') && self.after.ends_with(')')
    }

    /// Short, no sentence punctuation: a heading or label.
    fn heading_like(&self) -> bool {
        self.words <= 6 && !self.terminal()
    }

    /// Every word capitalised, except minor words.
    fn title_case(&self) -> bool {
        let mut capitals = 0;
        for word in self.after.split(' ') {
            let w = word.trim_matches(|c: char| !c.is_alphanumeric());
            let Some(c) = w.chars().next() else { continue };
            if c.is_uppercase() || c.is_numeric() {
                capitals += 1;
            } else if !MINOR_WORDS.contains(&w.to_lowercase().as_str()) {
                return false;
            }
        }
        capitals > 0
    }

    /// A long paragraph that stops mid-sentence.
    fn cut(&self) -> bool {
        self.words >= 8 && !self.terminal()
    }

    /// Looks like a paragraph of the article rather than a list item.
    fn real_paragraph(&self) -> bool {
        (self.words >= 6 && self.terminal()) || self.starts_lower() || self.words >= 30
    }

    fn last_word_open(&self) -> bool {
        self.after
            .rsplit(' ')
            .next()
            .map(|w| w.to_lowercase())
            .is_some_and(|w| OPEN_WORDS.contains(&w.as_str()))
    }

    fn is_heading(&self) -> bool {
        lexicon().headings.contains(&self.trimmed_lower)
    }

    /// A media widget or a newsletter name, whose caption or pitch follows.
    fn is_widget(&self) -> bool {
        lexicon().widgets.contains(&self.trimmed_lower) || self.has_suffix()
    }

    /// A short block ending with a `suffix` phrase ("Politics newsletter").
    fn has_suffix(&self) -> bool {
        self.words <= 5
            && lexicon()
                .suffixes
                .iter()
                .any(|s| self.lower.ends_with(s.as_str()))
    }

    /// Junk on its own, whatever surrounds it.
    fn junk_alone(&self) -> bool {
        let after = self.after.as_str();
        if !after.chars().any(char::is_alphabetic) || after.chars().count() <= 2 {
            return true;
        }
        // Each pattern runs only where a byte test shows it could match.
        let before = self.before.as_str();
        if before.starts_with(['[', '!']) && LINKS_ONLY.is_match(before)
            || before.ends_with("**") && BOLD_ONLY.is_match(before)
        {
            return true;
        }
        let url_bytes: usize = if super::inline::may_hold_url(before) {
            URL.find_iter(before).map(|m| m.len()).sum()
        } else {
            0
        };
        if url_bytes > 0 && (self.words < 3 || 2 * url_bytes > self.before.len()) {
            return true;
        }
        let lex = lexicon();
        if self.words <= 30
            && lex
                .prefixes
                .iter()
                .any(|p| self.lower.starts_with(p.as_str()))
        {
            return true;
        }
        self.has_suffix() || only_phrases(after)
    }
}

/// True when `text` is made of furniture phrases, fillers, numbers and punctuation only.
fn only_phrases(text: &str) -> bool {
    // Each stretch between phrases is checked as soon as it is known, so that a block with
    // a word of its own stops the search there.
    let fillers_only = |gap: &str| {
        gap.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .all(|w| FILLERS.contains(&w.to_lowercase().as_str()))
    };
    let mut at = 0;
    let mut found = false;
    for m in lexicon().phrases.find_iter(text) {
        if !fillers_only(&text[at..m.start()]) {
            return false;
        }
        at = m.end();
        found = true;
    }
    found && fillers_only(&text[at..])
}

/// Flags the junk blocks: first blocks junk on their own, then the lists after a "Most
/// Read" heading and the caption after a media widget or newsletter name, then short lines whose
/// neighbours show they belong to the furniture (see [`context_junk`]).
pub(super) fn classify(probes: &[Probe]) -> Vec<bool> {
    let mut junk: Vec<bool> = probes.iter().map(Probe::junk_alone).collect();
    let mut i = 0;
    while i < probes.len() {
        if probes[i].is_heading() {
            i = mark_list(probes, &mut junk, i + 1);
            continue;
        }
        if probes[i].is_widget() {
            if let Some(next) = probes.get(i + 1) {
                if !junk[i + 1] && next.words <= 30 && !next.starts_lower() && !next.is_byline() {
                    junk[i + 1] = true;
                }
            }
        }
        i += 1;
    }
    for _ in 0..3 {
        let mut changed = false;
        let near = Neighbours::new(&junk);
        for i in 0..probes.len() {
            if !junk[i] && context_junk(probes, &junk, &near, i) {
                junk[i] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    junk
}

/// Marks the list of other stories that starts at `from`, and returns where it ends: at
/// the first real paragraph that is not the headline of a numbered item.
fn mark_list(probes: &[Probe], junk: &mut [bool], from: usize) -> usize {
    let mut after_number = false;
    let mut i = from;
    while i < probes.len() && i < from + 60 {
        let p = &probes[i];
        let number = is_list_number(&p.after);
        if !number && !after_number && !junk[i] && p.real_paragraph() {
            break;
        }
        if number {
            after_number = true;
        } else if !only_phrases(&p.after) {
            after_number = false;
        }
        junk[i] = true;
        i += 1;
    }
    i
}

/// A list item number: `3`, `3.`, `#3`.
fn is_list_number(text: &str) -> bool {
    let digits = text.trim_start_matches('#').trim_end_matches(['.', ')']);
    (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// For every block, the nearest blocks before and after it that are not junk.
struct Neighbours {
    prev: Vec<Option<usize>>,
    next: Vec<Option<usize>>,
}

impl Neighbours {
    fn new(junk: &[bool]) -> Neighbours {
        let n = junk.len();
        let mut prev = vec![None; n];
        let mut next = vec![None; n];
        for i in 1..n {
            prev[i] = if junk[i - 1] {
                prev[i - 1]
            } else {
                Some(i - 1)
            };
        }
        for i in (0..n.saturating_sub(1)).rev() {
            next[i] = if junk[i + 1] {
                next[i + 1]
            } else {
                Some(i + 1)
            };
        }
        Neighbours { prev, next }
    }
}

/// Blocks the context rules must keep: bylines, the block before a byline or source line
/// (the headline), and the continuation of a paragraph cut by junk (a block that
/// [`should_join`] the content before it).
fn protected(probes: &[Probe], near: &Neighbours, i: usize) -> bool {
    let p = &probes[i];
    if p.is_byline() {
        return true;
    }
    if near.next[i].is_some_and(|n| probes[n].is_byline() || probes[n].is_source_line()) {
        return true;
    }
    near.prev[i].is_some_and(|j| j + 1 < i && should_join(&probes[j], &probes[j], p, true))
}

/// A short block that only makes sense as furniture, judged by its neighbours:
/// (a) sandwiched between junk blocks; (b) a title-case label right before junk;
/// (c) right after a cut paragraph and right before junk (a related-story link placed
/// where the page broke).
fn context_junk(probes: &[Probe], junk: &[bool], near: &Neighbours, i: usize) -> bool {
    let p = &probes[i];
    if protected(probes, near, i) {
        return false;
    }
    let prev_junk = i > 0 && junk[i - 1];
    let next_junk = junk.get(i + 1).copied().unwrap_or(false);
    if !next_junk {
        return false;
    }
    let sandwiched = prev_junk && p.words <= 15 && (!p.terminal() || p.words <= 10);
    let label = p.words <= 6 && !p.terminal() && p.title_case();
    let after_cut =
        i > 0 && !prev_junk && probes[i - 1].cut() && p.words <= 20 && !p.starts_lower();
    sandwiched || label || after_cut
}

/// Whether content block `b` continues the paragraph whose first block is `head` and last
/// block is `a`: `a` stops mid-sentence and `b` starts in lower case, or `a` is long, stops
/// mid-sentence and `b` starts with a letter and is no heading, with junk between them or
/// an open word ("to", "and") ending `a`. Bylines are never joined.
pub(super) fn should_join(head: &Probe, a: &Probe, b: &Probe, junk_between: bool) -> bool {
    if head.is_byline() || b.is_byline() || a.terminal() || !b.starts_letter() {
        return false;
    }
    if b.starts_lower() {
        return true;
    }
    a.cut() && !b.heading_like() && (junk_between || a.last_word_open())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(s: &str) -> Probe {
        Probe::new(s.to_string(), s.to_string())
    }

    #[test]
    fn probe_counts_and_lowers_as_the_plain_forms_do() {
        for s in [
            "",
            " ",
            "One  Two ",
            "ΟΔΟΣ.",
            "ΟΔΟΣ :. ",
            "ΑΣ. Β",
            "İstanbul:",
            "a b c",
        ] {
            let p = probe(s);
            assert_eq!(
                p.words,
                s.split(' ').filter(|w| !w.is_empty()).count(),
                "{s:?}"
            );
            assert_eq!(p.lower, s.to_lowercase(), "{s:?}");
            let trimmed = s.trim_end_matches([':', '.', ' ']).to_lowercase();
            assert_eq!(p.trimmed_lower, trimmed, "{s:?}");
        }
    }

    fn check_alone(line: &str, expected: bool) {
        assert_eq!(probe(line).junk_alone(), expected, "{line:?}");
    }

    #[test]
    fn furniture_lines() {
        for line in [
            "Q",
            "G+",
            "in",
            "628",
            "1/8",
            "Sections",
            "Sign InSubscribe",
            "Politics",
            "Most Read",
            "E-mail address",
            "Help and Contact Us",
            "Terms of Service",
            "[Subscribe](#)",
            "[Ad Choices](#)",
            "**628 Comments**",
            "- **Reporting archive: records, depositions and transcripts**",
            "https://example.com/politics/story/2017/0...",
            "© 1996-2017 The Daily Planet",
            "Your subscription supports journalism that matters.",
            "Try 1 month for 99¢",
            "Politics newsletter",
            "The story must be told.",
            "Share on Facebook | Tweet",
        ] {
            check_alone(line, true);
        }
        for line in [
            "Inside the Oval Office with the ministers: broad smiles",
            "(The Daily Planet)",
            "By Jane Doe and John Roe May 16",
            "“Yes,” the president replied.",
            "Politics is the art of the possible, he said.",
            "The analysis of the data took weeks.",
        ] {
            check_alone(line, false);
        }
    }

    /// Classifies blocks given one per line; `expected` lists the indexes flagged junk.
    fn check(blocks: &[&str], expected: &[usize]) {
        let probes: Vec<Probe> = blocks.iter().map(|b| probe(b)).collect();
        let junk = classify(&probes);
        let got: Vec<usize> = (0..blocks.len()).filter(|&i| junk[i]).collect();
        assert_eq!(got, expected, "{blocks:?}");
    }

    #[test]
    fn most_read_list() {
        check(
            &[
                "The minister arrived in the capital on Tuesday and met the president.",
                "Most Read",
                "1",
                "Analysis",
                "Senator tries to explain the vote",
                "2",
                "Why did the court rule that way?",
                "Officials said the talks would continue next week in Geneva.",
            ],
            &[1, 2, 3, 4, 5, 6],
        );
    }

    #[test]
    fn short_lines_between_furniture() {
        check(
            &[
                "Sections",
                "Light in the Dark",
                "Sign In",
                "Headline Of The Day",
                "By Jane Doe May 1",
            ],
            &[0, 1, 2],
        );
        check(
            &[
                "Body ends here.",
                "The Daily Planet",
                "The story must be told.",
            ],
            &[1, 2],
        );
        check(
            &[
                "He said the deal was off, according to the minister of",
                "Why did it fail? Here are three reasons.",
                "Subscribe",
                "finance, who spoke on condition of anonymity.",
            ],
            &[1, 2],
        );
        check(
            &[
                "View Photos",
                "A gallery of the year so far.",
                "Body text goes on here.",
            ],
            &[0, 1],
        );
    }

    #[test]
    fn joins() {
        let j =
            |a: &str, b: &str, between: bool| should_join(&probe(a), &probe(a), &probe(b), between);
        assert!(j("Her itinerary", "had her going north.", false));
        assert!(j(
            "said a former U.S. ambassador to the country and",
            "Russia under Obama.",
            false
        ));
        assert!(j(
            "the United States has sought to show it, said Andrew",
            "Weiss, a specialist.",
            true
        ));
        assert!(!j(
            "the United States has sought to show it, said Andrew",
            "Weiss, a specialist.",
            false
        ));
        assert!(!j("A complete sentence ends here.", "and then more.", true));
        assert!(!j(
            "the United States has sought to show it, said Andrew",
            "The Next Heading",
            true
        ));
        assert!(!j(
            "By Jane Doe and John Roe May 16",
            "Weiss, a specialist.",
            true
        ));
    }
}
