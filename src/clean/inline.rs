//! Deletions inside one block: markdown syntax (link brackets and targets, images,
//! emphasis markers, escapes, heading and list markers), inline URLs, "Follow @handle"
//! prompts and a trailing photo credit such as `(Russian Foreign Ministry/AFP/Getty Images)`.
//!
//! In: a [`Block`]. Out: the same block with bytes deleted; what is kept keeps its origin,
//! so the clean text still maps back to raw. Only deletions, never rewrites.

use super::junk::lexicon;
use super::Block;
use crate::model::Span;
use regex::Regex;
use std::sync::LazyLock;

/// Compiles a pattern written in this file (a bad one is a programming error caught by
/// the tests, so it may panic).
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid built-in pattern")
}

/// Heading, quote and list markers at the start of a line.
static LINE_MARKER: LazyLock<Regex> = LazyLock::new(|| re(r"(?m)^[ \t]*(?:#{1,6}|[-*+]|>)[ \t]+"));
/// `![alt](target)`.
static IMAGE: LazyLock<Regex> = LazyLock::new(|| re(r"!\[(?:\\.|[^\]\\])*\]\([^)]*\)"));
/// `[text](target)`: group 1 is the text.
static LINK: LazyLock<Regex> = LazyLock::new(|| re(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)"));
/// A backslash escape of a markdown punctuation character.
static ESCAPE: LazyLock<Regex> = LazyLock::new(|| re(r"\\[\\`*_{}\[\]()#+\-.!]"));
/// An inline URL (trailing sentence punctuation is given back afterwards).
static URL: LazyLock<Regex> = LazyLock::new(|| re(r#"(?i)\b(?:https?://|www\.)[^\s<>()\[\]"“”]+"#));
/// A "Follow @handle" prompt.
static FOLLOW: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bfollow\s+@\w+"));
/// A parenthetical at the very end of the block: group 1 is its content.
static TRAILING_PAREN: LazyLock<Regex> = LazyLock::new(|| re(r"\(([^()]{1,160})\)\s*$"));
/// `Name/Name` inside a parenthetical, as in `(Reuters/Getty Images)`.
static SLASHED_NAMES: LazyLock<Regex> = LazyLock::new(|| re(r"\p{Lu}[\p{L}.]*\s*/\s*\p{Lu}"));
/// Any agency of the lexicon, as a whole word.
static AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<String> = lexicon()
        .agencies
        .iter()
        .map(|a| regex::escape(a))
        .collect();
    re(&format!(r"\b(?:{})\b", names.join("|")))
});

/// A markdown marker that opens a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// `# ` .. `###### `: the line is a block of its own.
    Heading,
    /// `- `, `* `, `+ ` or `> `: the line starts a new block.
    Item,
}

/// The markdown marker opening `line`, if any.
pub(super) fn line_marker(line: &str) -> Option<Marker> {
    if !may_open_with_marker(line) {
        return None;
    }
    let m = LINE_MARKER.find(line)?;
    Some(if m.as_str().trim_start().starts_with('#') {
        Marker::Heading
    } else {
        Marker::Item
    })
}

/// Deletes markdown syntax, keeping link and emphasis text.
pub(super) fn strip_markdown(block: &mut Block) {
    if block.text.split('\n').any(may_open_with_marker) {
        let cut = spans(&LINE_MARKER, &block.text);
        block.delete(&cut);
    }
    if block.text.contains("![") {
        let cut = spans(&IMAGE, &block.text);
        block.delete(&cut);
    }
    if block.text.contains("](") {
        delete_link_syntax(block);
    }
    if block.text.contains('\\') {
        let cut: Vec<Span> = ESCAPE
            .find_iter(&block.text)
            .map(|m| Span::new(m.start(), m.start() + 1))
            .collect();
        block.delete(&cut);
    }
    delete_urls(block);
    if block.text.contains(['*', '_']) {
        let cut = emphasis(&block.text);
        block.delete(&cut);
    }
}

/// Deletes the brackets and target of every `[text](target)` link, keeping its text.
fn delete_link_syntax(block: &mut Block) {
    let cut: Vec<Span> = LINK
        .captures_iter(&block.text)
        .filter_map(|c| {
            let all = c.get(0)?;
            let text = c.get(1)?;
            Some([
                Span::new(all.start(), text.start()),
                Span::new(text.end(), all.end()),
            ])
        })
        .flatten()
        .collect();
    block.delete(&cut);
}

/// Deletes what is junk in any format: URLs, follow prompts, a trailing photo credit.
pub(super) fn strip_common(block: &mut Block) {
    delete_urls(block);
    if block.text.contains('@') {
        let cut = spans(&FOLLOW, &block.text);
        block.delete(&cut);
    }
    if !block.text.trim_end().ends_with(')') {
        return;
    }
    let credit = TRAILING_PAREN.captures(&block.text).and_then(|c| {
        let inner = c.get(1)?.as_str();
        let is_credit = SLASHED_NAMES.is_match(inner) || AGENCY.is_match(inner);
        is_credit.then(|| c.get(0).map(|m| Span::new(m.start(), m.end())))?
    });
    if let Some(span) = credit {
        block.delete(&[span]);
    }
}

/// Deletes inline URLs, giving back trailing sentence punctuation.
fn delete_urls(block: &mut Block) {
    if !may_hold_url(&block.text) {
        return;
    }
    let cut: Vec<Span> = URL
        .find_iter(&block.text)
        .map(|m| {
            let kept = m
                .as_str()
                .trim_end_matches(['.', ',', ';', ':', '!', '?', '\'', '’']);
            Span::new(m.start(), m.start() + kept.len())
        })
        .collect();
    block.delete(&cut);
}

/// False when `text` cannot hold a URL as the URL patterns here and in `junk` find them:
/// they all need `://` or a `www.` in any case. A byte test, far cheaper than the search.
pub(super) fn may_hold_url(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.contains("://")
        || text
            .match_indices('.')
            .any(|(dot, _)| dot >= 3 && bytes[dot - 3..dot].eq_ignore_ascii_case(b"www"))
}

/// False when no markdown line marker ([`LINE_MARKER`]) can open `line`: its first byte
/// after spaces and tabs is none of `#`, `-`, `*`, `+`, `>`.
fn may_open_with_marker(line: &str) -> bool {
    line.trim_start_matches([' ', '\t'])
        .starts_with(['#', '-', '*', '+', '>'])
}

/// All matches of `re` in `text`.
fn spans(re: &Regex, text: &str) -> Vec<Span> {
    re.find_iter(text)
        .map(|m| Span::new(m.start(), m.end()))
        .collect()
}

/// Emphasis markers: every `**` and `__`, a `*` unless it stands alone between spaces
/// (`5 * 3`), and a `_` at the edge of a word (not inside `snake_case`).
fn emphasis(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let word = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(|b| b.is_ascii_alphanumeric())
    };
    let space = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_none_or(|b| b.is_ascii_whitespace())
    };
    let mut cut = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if (b == b'*' || b == b'_') && bytes.get(i + 1) == Some(&b) {
            cut.push(Span::new(i, i + 2));
            i += 2;
            continue;
        }
        let before = i.checked_sub(1);
        let after = Some(i + 1);
        let drop = match b {
            b'*' => !(space(before) && space(after)),
            b'_' => word(before) != word(after),
            _ => false,
        };
        if drop {
            cut.push(Span::new(i, i + 1));
        }
        i += 1;
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let mut block = Block::from_raw(input, 0, input.len());
        strip_markdown(&mut block);
        strip_common(&mut block);
        assert_eq!(block.collapsed(), expected, "input {input:?}");
        // Every kept byte is the raw byte it claims to come from.
        for (i, o) in block.origin.iter().enumerate() {
            if let super::super::Origin::At(r) = *o {
                assert_eq!(block.text.as_bytes()[i], input.as_bytes()[r]);
            }
        }
    }

    #[test]
    fn markdown_links_keep_their_text() {
        check(
            "the president [did nothing wrong](#).",
            "the president did nothing wrong.",
        );
        check("[a](http://x.com/y) and [b](#)", "a and b");
        check(r"[\[Presence of X\]](#)", "[Presence of X]");
        check("see ![chart](img.png) here", "see here");
    }

    #[test]
    fn emphasis_and_markers() {
        check("**628 Comments**", "628 Comments");
        check("- **Reporting archive**", "Reporting archive");
        check("## Heading *one*", "Heading one");
        check("5 * 3 is snake_case __bold__", "5 * 3 is snake_case bold");
    }

    #[test]
    fn urls_and_handles() {
        check("Read https://example.com/a_b?x=1. Now", "Read . Now");
        check("visit www.example.org, then", "visit , then");
        check(
            "He joined in 2005.  Follow @PhilipRucker",
            "He joined in 2005.",
        );
    }

    #[test]
    fn photo_credits() {
        check(
            "Officials meet on May 10. (Russian Foreign Ministry/AFP/Getty Images)",
            "Officials meet on May 10.",
        );
        check("A crowd gathers. (Photo: AFP)", "A crowd gathers.");
        check("A crowd gathers. (Reuters)", "A crowd gathers.");
        check("(The Washington Post)", "(The Washington Post)");
        check("He spoke (briefly) today.", "He spoke (briefly) today.");
        check("It grew (see below)", "It grew (see below)");
    }
}
