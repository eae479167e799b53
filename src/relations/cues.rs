//! Status cues: whether the text asserts, reports, alleges or denies what a sentence says,
//! and request cues that turn "told X: I hope you can ..." into a request.
//!
//! In: a sentence's lower-cased words and the trigger position. Out: a [`Status`].

use crate::model::{Predicate, Status};
use crate::syntax::DepTree;

/// Phrases that attribute a claim to a source ("according to", "it was reported").
const REPORTED: &[&[&str]] = &[
    &["according", "to"],
    &["reportedly"],
    &["reported"],
    &["reports"],
    &["reporting"],
    &["sources", "said"],
    &["officials", "said"],
];

/// Words that hedge a claim.
const ALLEGED: &[&[&str]] = &[
    &["allegedly"],
    &["alleged"],
    &["purportedly"],
    &["supposedly"],
    &["claims"],
    &["claimed"],
    &["rumoured"],
    &["rumored"],
];

/// Verbs of denial that, before a trigger, put the relation in doubt.
const DENIAL: &[&str] = &["denied", "denies", "deny", "denying"];

/// Words inside a quote that make a statement a request ("I hope you can let this go").
const REQUEST: &[&[&str]] = &[
    &["hope", "you"],
    &["please"],
    &["want", "you", "to"],
    &["need", "you", "to"],
    &["could", "you"],
    &["would", "you"],
    &["will", "you"],
];

fn find(words: &[&str], phrase: &[&str]) -> Option<usize> {
    words
        .windows(phrase.len())
        .position(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
}

/// The status of a relation triggered at `trigger` in a sentence of lower-cased `words`.
///
/// Denial beats hedging, hedging beats attribution. A hedge or attribution after the trigger
/// of a `DENIED` or `ACCUSED` relation belongs to the claim denied, not to the denial.
pub fn status(words: &[&str], trigger: usize, predicate: Predicate) -> Status {
    let own_claim = matches!(predicate, Predicate::Denied | Predicate::Accused);
    let counts = |at: usize| !own_claim || at < trigger;
    if !own_claim && words[..trigger].iter().any(|w| DENIAL.contains(w)) {
        return Status::Denied;
    }
    if ALLEGED.iter().any(|p| find(words, p).is_some_and(counts)) {
        return Status::Alleged;
    }
    if attributed(words, trigger, own_claim) {
        return Status::Reported;
    }
    Status::Asserted
}

/// The status of a relation triggered at `trigger`, with cues scoped by the sentence's
/// dependency tree: a denial or hedge counts only where it governs the trigger's clause, that is, when the
/// cue hangs, inside one clause, from the trigger or from a word above it ("Smith told Jones
/// that Brown allegedly met Green": the hedge belongs to "met", not to "told"). For `DENIED`
/// and `ACCUSED`, what hangs from the trigger is the claim and counts only as an adverb.
pub fn status_in_tree(
    words: &[&str],
    tree: &DepTree,
    trigger: usize,
    predicate: Predicate,
) -> Status {
    let own_claim = matches!(predicate, Predicate::Denied | Predicate::Accused);
    let chain = tree.ancestors(trigger);
    // A cue counts when it hangs, inside its own clause, from the trigger or a word above.
    let governs = |k: usize| match tree.attachment_in(k, &chain) {
        // What hangs from a DENIED/ACCUSED trigger is the claim, except its adverbs.
        Some(at) => !(own_claim && at == trigger && k != trigger && tree.label(k) != "advmod"),
        None => false,
    };
    let found = |phrases: &[&[&str]]| {
        phrases.iter().any(|p| {
            words
                .windows(p.len())
                .enumerate()
                .any(|(k, w)| w.iter().zip(p.iter()).all(|(a, b)| a == b) && governs(k))
        })
    };
    let denial = chain[1..]
        .iter()
        .any(|&w| words.get(w).is_some_and(|w| DENIAL.contains(w)));
    if !own_claim && denial {
        return Status::Denied;
    }
    if found(ALLEGED) {
        return Status::Alleged;
    }
    // Attribution is the exception: "according to X" and "it was reported" in news speak
    // for the whole sentence, wherever the parser attaches them.
    if attributed(words, trigger, own_claim) {
        return Status::Reported;
    }
    Status::Asserted
}

/// True when the sentence attributes its claim to a source; for `DENIED`/`ACCUSED`
/// (`own_claim`) only an attribution before the trigger counts.
fn attributed(words: &[&str], trigger: usize, own_claim: bool) -> bool {
    let counts = |at: usize| !own_claim || at < trigger;
    REPORTED.iter().any(|p| find(words, p).is_some_and(counts))
}

/// True when the sentence quotes a request ("“I hope you can let this go,” he told X").
pub fn quotes_request(words: &[&str]) -> bool {
    REQUEST.iter().any(|p| find(words, p).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, trigger: &str, predicate: Predicate, expected: Status) {
        let owned: Vec<String> = sentence.split(' ').map(str::to_lowercase).collect();
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        let t = words
            .iter()
            .position(|w| *w == trigger)
            .expect("trigger in sentence");
        assert_eq!(status(&words, t, predicate), expected, "{sentence}");
    }

    #[test]
    fn cues() {
        check(
            "Smith met with Jones",
            "met",
            Predicate::MetWith,
            Status::Asserted,
        );
        check(
            "According to the Post , Smith met with Jones",
            "met",
            Predicate::MetWith,
            Status::Reported,
        );
        check(
            "The Times have also reported that Smith met with Jones",
            "met",
            Predicate::MetWith,
            Status::Reported,
        );
        check(
            "Smith allegedly met with Jones",
            "met",
            Predicate::MetWith,
            Status::Alleged,
        );
        check(
            "Smith is alleged to have met Jones",
            "met",
            Predicate::MetWith,
            Status::Alleged,
        );
        check(
            "Smith denied that he met Jones",
            "met",
            Predicate::MetWith,
            Status::Denied,
        );
        check(
            "Russia denies claims Smith is a spy",
            "denies",
            Predicate::Denied,
            Status::Asserted,
        );
    }

    fn check_tree(sentence: &str, trigger: &str, predicate: Predicate, expected: Status) {
        let tokens: Vec<&str> = sentence.split(' ').collect();
        let owned: Vec<String> = tokens.iter().map(|w| w.to_lowercase()).collect();
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        let syntax = crate::syntax::Syntax::embedded().expect("embedded models load");
        let tree = syntax.parse(&tokens, &mut crate::syntax::SyntaxBuffers::default());
        let t = words
            .iter()
            .position(|w| *w == trigger)
            .expect("trigger in sentence");
        assert_eq!(
            status_in_tree(&words, &tree, t, predicate),
            expected,
            "{sentence}"
        );
    }

    #[test]
    fn cues_in_the_tree_govern_their_own_clause() {
        check_tree(
            "According to the Post , Smith met with Jones .",
            "met",
            Predicate::MetWith,
            Status::Reported,
        );
        check_tree(
            "Smith allegedly met with Jones .",
            "met",
            Predicate::MetWith,
            Status::Alleged,
        );
        check_tree(
            "Smith denied that he met Jones .",
            "met",
            Predicate::MetWith,
            Status::Denied,
        );
        check_tree(
            "Russia denies claims Smith is a spy .",
            "denies",
            Predicate::Denied,
            Status::Asserted,
        );
        // The hedge belongs to the reported clause, not to the verb reporting it.
        let hedged = "Smith told Jones that Brown allegedly met Green .";
        check_tree(hedged, "told", Predicate::Told, Status::Asserted);
        check_tree(hedged, "met", Predicate::MetWith, Status::Alleged);
        check_tree(
            "Smith told Jones that Brown had denied the report .",
            "told",
            Predicate::Told,
            Status::Asserted,
        );
    }

    #[test]
    fn requests() {
        let words: Vec<&str> = "“ I hope you can let this go , ” the president told Smith"
            .split(' ')
            .collect();
        assert!(quotes_request(&words));
        let words: Vec<&str> = "he told Smith the news".split(' ').collect();
        assert!(!quotes_request(&words));
    }
}
