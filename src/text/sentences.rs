//! Sentence splitter: groups one paragraph's tokens into sentences.
//!
//! In: the text and the paragraph's tokens (from the tokenizer, which has already decided
//! which dots belong to abbreviations and acronyms). Out: token index ranges, one per
//! sentence, covering every token in order.
//!
//! A sentence ends after `.` `?` `!` `…` (plus closing quotes and brackets glued to them)
//! when whitespace and then a capital, a digit or an opening quote/bracket follow, unless a
//! `?`/`!` inside quotes is followed by its attribution (`“Why?” Putin asked`). A word that
//! ends in a dot (`U.S.`, `Inc.`) ends a sentence only before a common sentence starter
//! (`the U.S. The next day`), or before a capital when a closing quote follows the dot
//! (a bracket is not enough: `Rep. Schiff (D-Calif.) Schiff`);
//! titles (`Gen.`), initials (`B.`) and `No.` never do.

use super::lexicon::{self, Abbrev};
use super::tokens::is_opener;
use super::{Token, TokenKind};
use std::ops::Range;

/// How many capitalised words may stand between a quote and its speech verb.
const MAX_SPEAKER_WORDS: usize = 3;

/// The most tokens a sentence may have. News sentences stay far below it; a longer run (a
/// table or list with no full stops, a page with no punctuation at all) is cut, preferably
/// after a clause break, so that the work later stages do per sentence (parsing, reading
/// relations) stays bounded and a document's cost linear in its length (one 50 MB
/// "sentence" was quadratic).
pub(crate) const MAX_SENTENCE_TOKENS: usize = 300;

/// Punctuation after which an over-long sentence is cut.
const CLAUSE_BREAKS: &[&str] = &[";", ":", ",", "—", "–", "--"];

/// Splits `tokens` (one paragraph of `text`) into sentences: ranges of token indices, none
/// longer than [`MAX_SENTENCE_TOKENS`].
pub(crate) fn split(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for range in split_uncapped(text, tokens) {
        let mut start = range.start;
        while range.end - start > MAX_SENTENCE_TOKENS {
            let limit = start + MAX_SENTENCE_TOKENS;
            let cut = (start + MAX_SENTENCE_TOKENS / 2..limit)
                .rev()
                .find(|&k| {
                    tokens[k].kind == TokenKind::Punct
                        && CLAUSE_BREAKS.contains(&tokens[k].span.slice(text))
                })
                .map_or(limit, |k| k + 1);
            out.push(start..cut);
            start = cut;
        }
        out.push(start..range.end);
    }
    out
}

/// [`split`] without the length cap.
fn split_uncapped(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let surface = tokens[i].span.slice(text);
        let dot_word = tokens[i].kind == TokenKind::Word && surface.ends_with('.');
        let terminator = tokens[i].kind == TokenKind::Punct && is_terminator(surface);
        if !dot_word && !terminator {
            i += 1;
            continue;
        }
        // The run of terminators and closers glued to this token.
        let mut strong = terminator;
        let mut question = matches!(surface, "?" | "!");
        let mut closer = false;
        let mut quote_closer = false;
        let mut j = i + 1;
        while let Some(t) = tokens.get(j) {
            let s = t.span.slice(text);
            if t.kind != TokenKind::Punct || t.span.start != tokens[j - 1].span.end {
                break;
            }
            if is_terminator(s) {
                strong = true;
                question |= matches!(s, "?" | "!");
            } else if is_closer(s) {
                closer = true;
                quote_closer |= !matches!(s, ")" | "]");
            } else {
                break;
            }
            j += 1;
        }
        let Some(next) = tokens.get(j) else {
            break;
        };
        let spaced = next.span.start > tokens[j - 1].span.end;
        let ends = spaced
            && if strong {
                opens_sentence(text, next)
                    && !(question && closer && attribution_follows(text, &tokens[j..]))
            } else if dot_word_never_ends(surface) {
                false
            } else if quote_closer {
                opens_sentence(text, next)
            } else {
                starter_follows(text, &tokens[j..])
            };
        if ends {
            out.push(start..j);
            start = j;
        }
        i = j;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

fn is_terminator(s: &str) -> bool {
    matches!(s, "." | "?" | "!" | "…")
}

fn is_closer(s: &str) -> bool {
    matches!(s, "”" | "’" | "\"" | "'" | ")" | "]" | "»")
}

/// True for titles, initials and `No.`: a dotted word after which no sentence ends.
fn dot_word_never_ends(word: &str) -> bool {
    match lexicon::abbrev(word) {
        Some(Abbrev::Never | Abbrev::BeforeNumber) => true,
        Some(Abbrev::Weak) => false,
        None => {
            let mut chars = word.chars();
            matches!((chars.next(), chars.next(), chars.next()),
                (Some(c), Some('.'), None) if c.is_uppercase())
        }
    }
}

/// True when `t` can open a sentence: a capital, a digit, or an opening quote or bracket.
fn opens_sentence(text: &str, t: &Token) -> bool {
    let mut chars = t.span.slice(text).chars();
    chars.next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || (t.kind == TokenKind::Punct && is_opener(c))
    })
}

/// True when the first word of `rest`, after any opening quotes, is a common sentence starter.
fn starter_follows(text: &str, rest: &[Token]) -> bool {
    rest.iter()
        .find(|t| !(t.kind == TokenKind::Punct && t.span.slice(text).chars().all(is_opener)))
        .is_some_and(|t| lexicon::is_sentence_starter(t.span.slice(text)))
}

/// True when `rest` starts with capitalised words and a speech verb (`Putin asked`). A
/// lower-case continuation (`he said`) needs no check: it never opens a sentence.
fn attribution_follows(text: &str, rest: &[Token]) -> bool {
    let speakers = rest
        .iter()
        .take(MAX_SPEAKER_WORDS)
        .take_while(|t| t.kind == TokenKind::Word && t.is_capitalised(text))
        .count();
    speakers > 0
        && rest
            .get(speakers)
            .is_some_and(|t| lexicon::is_speech_verb(t.span.slice(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_long_sentences_are_cut_after_a_clause_break_else_at_the_cap() {
        let text = "word ".repeat(700);
        let tokens = crate::text::tokenize(&text);
        assert_eq!(split(&text, &tokens), [0..300, 300..600, 600..700]);

        let text = "one two three four five six, ".repeat(100) + "end.";
        let tokens = crate::text::tokenize(&text);
        let ranges = split(&text, &tokens);
        assert_eq!(ranges.first().map(|r| r.start), Some(0));
        assert_eq!(ranges.last().map(|r| r.end), Some(tokens.len()));
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
            assert!(pair[0].len() <= MAX_SENTENCE_TOKENS);
            assert_eq!(tokens[pair[0].end - 1].span.slice(&text), ",");
        }
        // A sentence under the cap is left whole.
        let text = "a ".repeat(MAX_SENTENCE_TOKENS - 1) + ".";
        let tokens = crate::text::tokenize(&text);
        assert_eq!(split(&text, &tokens).len(), 1, "{}", tokens.len());
    }
}
