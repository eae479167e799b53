//! Status cues: whether the text asserts, reports, alleges or denies what a sentence says,
//! and request cues that turn "told X: I hope you can ..." into a request.
//!
//! In: a sentence's lower-cased words and the trigger position. Out: a [`Status`].

use crate::model::{Predicate, Status};

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

fn find(words: &[String], phrase: &[&str]) -> Option<usize> {
    words
        .windows(phrase.len())
        .position(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
}

/// The status of a relation triggered at `trigger` in a sentence of lower-cased `words`.
///
/// Denial beats hedging, hedging beats attribution. A hedge or attribution after the trigger
/// of a `DENIED` or `ACCUSED` relation belongs to the claim denied, not to the denial.
pub fn status(words: &[String], trigger: usize, predicate: Predicate) -> Status {
    let own_claim = matches!(predicate, Predicate::Denied | Predicate::Accused);
    let counts = |at: usize| !own_claim || at < trigger;
    if !own_claim
        && words[..trigger]
            .iter()
            .any(|w| DENIAL.contains(&w.as_str()))
    {
        return Status::Denied;
    }
    if ALLEGED.iter().any(|p| find(words, p).is_some_and(counts)) {
        return Status::Alleged;
    }
    if REPORTED.iter().any(|p| find(words, p).is_some_and(counts)) {
        return Status::Reported;
    }
    Status::Asserted
}

/// True when the sentence quotes a request ("“I hope you can let this go,” he told X").
pub fn quotes_request(words: &[String]) -> bool {
    REQUEST.iter().any(|p| find(words, p).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, trigger: &str, predicate: Predicate, expected: Status) {
        let words: Vec<String> = sentence.split(' ').map(str::to_lowercase).collect();
        let t = words
            .iter()
            .position(|w| w == trigger)
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

    #[test]
    fn requests() {
        let words: Vec<String> = "“ I hope you can let this go , ” the president told Smith"
            .split(' ')
            .map(String::from)
            .collect();
        assert!(quotes_request(&words));
        let words: Vec<String> = "he told Smith the news"
            .split(' ')
            .map(String::from)
            .collect();
        assert!(!quotes_request(&words));
    }
}
