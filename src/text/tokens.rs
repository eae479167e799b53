//! Tokenizer: cuts a span of text into [`Token`]s (words, numbers, possessives, punctuation).
//!
//! In: a text and the byte span to cut (one paragraph). Out: tokens in order, each a byte
//! span of the text on char boundaries; whitespace is dropped. One pass over the chars, no
//! regex, no allocation besides the output.
//!
//! Rules: a word is a run of letters/digits, joined across internal apostrophes (`O'Brien`,
//! `don't`) and hyphens (`al-Assad`, `de-escalation`) except a hyphen between two capitalised
//! parts (`Russian-American` -> `Russian` `-` `American`). Dotted acronyms keep every dot
//! (`U.S.`, `a.m.`), as do single capital initials (`B.`) and known abbreviations (`Gen.`).
//! `'s`/`’s` and a bare apostrophe after a final `s` are split off as possessives. A number
//! starts with a digit, joins `,` `.` `:` `/` between digits and a letter suffix (`1990s`).

use super::lexicon::{self, Abbrev};
use super::{Token, TokenKind};
use crate::model::Span;

/// Tokenizes `text[span]`, appending to `out`. A span that is out of range or not on char
/// boundaries yields nothing.
pub(crate) fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    if text.get(span.start..span.end).is_none() {
        return;
    }
    let sc = Scanner {
        s: text,
        end: span.end,
    };
    let mut i = span.start;
    // True while a single quote opened (‘ or a straight ' before a word) is not closed: a
    // trailing apostrophe after an s then closes it rather than marking a possessive.
    let mut single_open = false;
    while let Some(c) = sc.ch(i) {
        let next = i + c.len_utf8();
        if c.is_whitespace() {
            i = next;
        } else if c.is_ascii_digit() {
            let end = sc.number(i);
            out.push(tok(i, end, TokenKind::Number));
            i = end;
        } else if c.is_alphanumeric() {
            i = sc.word(i, single_open, out);
        } else {
            match c {
                '‘' => single_open = true,
                '\'' => {
                    let opens = sc.prev(i).is_none_or(|p| p.is_whitespace() || is_opener(p))
                        && sc.ch(next).is_some_and(char::is_alphanumeric);
                    single_open = opens;
                }
                '’' => single_open = false,
                _ => {}
            }
            out.push(tok(i, next, TokenKind::Punct));
            i = next;
        }
    }
}

fn tok(start: usize, end: usize, kind: TokenKind) -> Token {
    Token {
        span: Span::new(start, end),
        kind,
    }
}

/// Opening quotes and brackets.
pub(crate) fn is_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '"' | '\'' | '(' | '[' | '«')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Reads chars of `s` up to `end`.
struct Scanner<'t> {
    s: &'t str,
    end: usize,
}

impl Scanner<'_> {
    /// The char starting at byte `i`, if inside the span.
    fn ch(&self, i: usize) -> Option<char> {
        if i >= self.end {
            return None;
        }
        match self.s.as_bytes().get(i) {
            Some(&b) if b.is_ascii() => Some(char::from(b)),
            _ => self.s.get(i..self.end).and_then(|r| r.chars().next()),
        }
    }

    /// The char ending at byte `i`.
    fn prev(&self, i: usize) -> Option<char> {
        self.s.get(..i).and_then(|r| r.chars().next_back())
    }

    /// End of the run of chars satisfying `f` from `i`.
    fn run(&self, mut i: usize, f: impl Fn(char) -> bool) -> usize {
        while let Some(c) = self.ch(i) {
            if !f(c) {
                break;
            }
            i += c.len_utf8();
        }
        i
    }

    /// A number from the digit at `start`: `10,000`, `10:30`, `3.5`, `1990s`, `10th`.
    fn number(&self, start: usize) -> usize {
        let mut i = self.run(start, |c| c.is_ascii_digit());
        while matches!(self.ch(i), Some(',' | '.' | ':' | '/'))
            && self.ch(i + 1).is_some_and(|d| d.is_ascii_digit())
        {
            i = self.run(i + 1, |c| c.is_ascii_digit());
        }
        self.run(i, char::is_alphabetic)
    }

    /// A dotted acronym (`U.S.`, `F.B.I.`, `a.m.`, `U.S` without its last dot) or a capital
    /// initial (`B.`) at `start`: its end, dots included.
    fn dotted(&self, start: usize) -> Option<usize> {
        let mut i = start;
        let mut letters = 0;
        while let Some(c) = self.ch(i).filter(|c| c.is_alphabetic()) {
            let after = i + c.len_utf8();
            if self.ch(after) != Some('.') {
                // "U.S" missing its final dot.
                let alone = !self.ch(after).is_some_and(char::is_alphanumeric);
                return (letters >= 1 && alone).then_some(after);
            }
            letters += 1;
            i = after + 1;
        }
        if self.ch(i).is_some_and(char::is_alphanumeric) {
            return None;
        }
        match letters {
            0 => None,
            1 => self
                .ch(start)
                .filter(|c| c.is_uppercase())
                .map(|c| start + c.len_utf8() + 1),
            _ => Some(i),
        }
    }

    /// A word from the letter at `start`; pushes it (and a possessive after it) and returns
    /// where scanning resumes.
    fn word(&self, start: usize, single_open: bool, out: &mut Vec<Token>) -> usize {
        if let Some(end) = self.dotted(start) {
            out.push(tok(start, end, TokenKind::Word));
            return self.possessive_s(end, out).unwrap_or(end);
        }
        let mut i = self.run(start, char::is_alphanumeric);
        let mut part = start;
        while let Some(c) = self.ch(i) {
            let next = i + c.len_utf8();
            if is_hyphen(c) {
                let Some(n) = self.ch(next).filter(|n| n.is_alphanumeric()) else {
                    break;
                };
                let capitalised = self.ch(part).is_some_and(char::is_uppercase);
                let prefix = part == start && lexicon::is_name_prefix(&self.s[start..i]);
                if capitalised && n.is_uppercase() && !prefix {
                    break;
                }
                part = next;
                i = self.run(next, char::is_alphanumeric);
            } else if is_apostrophe(c) {
                match self.ch(next) {
                    Some('s' | 'S') if !self.ch(next + 1).is_some_and(char::is_alphanumeric) => {
                        if lexicon::is_contraction_base(&self.s[start..i]) {
                            i = next + 1;
                            break;
                        }
                        out.push(tok(start, i, TokenKind::Word));
                        return self.possessive_s(i, out).unwrap_or(i);
                    }
                    Some(n) if n.is_alphabetic() => i = self.run(next, char::is_alphanumeric),
                    _ => {
                        let plural = matches!(self.prev(i), Some('s' | 'S'));
                        if plural && !single_open {
                            out.push(tok(start, i, TokenKind::Word));
                            out.push(tok(i, next, TokenKind::Possessive));
                            return next;
                        }
                        break;
                    }
                }
            } else {
                if c == '.' {
                    i = self.abbreviation_end(start, i);
                }
                break;
            }
        }
        out.push(tok(start, i, TokenKind::Word));
        i
    }

    /// An `'s`/`’s` ending a word at `i`: pushes it as a possessive and returns its end.
    fn possessive_s(&self, i: usize, out: &mut Vec<Token>) -> Option<usize> {
        let apostrophe = self.ch(i).filter(|&c| is_apostrophe(c))?;
        let s = i + apostrophe.len_utf8();
        let end = s + 1;
        let ends = matches!(self.ch(s), Some('s' | 'S'))
            && !self.ch(end).is_some_and(char::is_alphanumeric);
        ends.then(|| {
            out.push(tok(i, end, TokenKind::Possessive));
            end
        })
    }

    /// The word `start..dot` is followed by a dot at `dot`: the end of the word, past the dot
    /// when word and dot form a known abbreviation.
    fn abbreviation_end(&self, start: usize, dot: usize) -> usize {
        match lexicon::abbrev(&self.s[start..dot + 1]) {
            Some(Abbrev::Never | Abbrev::Weak) => dot + 1,
            Some(Abbrev::BeforeNumber) => {
                let after = self.run(dot + 1, char::is_whitespace);
                if self.ch(after).is_some_and(|c| c.is_ascii_digit()) {
                    dot + 1
                } else {
                    dot
                }
            }
            None => dot,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(String, TokenKind)> {
        let mut out = Vec::new();
        tokenize_into(text, Span::new(0, text.len()), &mut out);
        out.iter()
            .map(|t| (t.span.slice(text).to_string(), t.kind))
            .collect()
    }

    /// Checks the token surfaces of `text`.
    fn check(text: &str, expected: &[&str]) {
        let got: Vec<String> = toks(text).into_iter().map(|(s, _)| s).collect();
        assert_eq!(got, expected, "tokens of {text:?}");
    }

    /// Checks surfaces and kinds.
    fn check_kinds(text: &str, expected: &[(&str, TokenKind)]) {
        let got = toks(text);
        let want: Vec<(String, TokenKind)> =
            expected.iter().map(|(s, k)| (s.to_string(), *k)).collect();
        assert_eq!(got, want, "tokens of {text:?}");
    }

    #[test]
    fn hyphens() {
        check("Bashar al-Assad", &["Bashar", "al-Assad"]);
        check("de-escalation zones", &["de-escalation", "zones"]);
        check("a health-care bill", &["a", "health-care", "bill"]);
        check("tête-à-tête", &["tête-à-tête"]);
        check("Mar-a-Lago", &["Mar-a-Lago"]);
        check("Al-Assad Bin-Laden", &["Al-Assad", "Bin-Laden"]);
        check("Russian-American", &["Russian", "-", "American"]);
        check(
            "the Trump-Lavrov talks",
            &["the", "Trump", "-", "Lavrov", "talks"],
        );
        check(
            "U.S.-Russia relations",
            &["U.S.", "-", "Russia", "relations"],
        );
        check("U.S.-bound flights", &["U.S.", "-", "bound", "flights"]);
        check("the G-20 and F-16s", &["the", "G-20", "and", "F-16s"]);
        check("well- known", &["well", "-", "known"]);
    }

    #[test]
    fn apostrophes_and_possessives() {
        check_kinds(
            "Trump’s Trump's Sessions’ O'Brien",
            &[
                ("Trump", TokenKind::Word),
                ("’s", TokenKind::Possessive),
                ("Trump", TokenKind::Word),
                ("'s", TokenKind::Possessive),
                ("Sessions", TokenKind::Word),
                ("’", TokenKind::Possessive),
                ("O'Brien", TokenKind::Word),
            ],
        );
        check(
            "don't You’re it's Let's",
            &["don't", "You’re", "it's", "Let's"],
        );
        check(
            "the ‘voter fraud’ probe",
            &["the", "‘", "voter", "fraud", "’", "probe"],
        );
        check(
            "‘the Russians’ plan",
            &["‘", "the", "Russians", "’", "plan"],
        );
        check("'Trump Revealed'", &["'", "Trump", "Revealed", "'"]);
        check("O'Sullivan’s", &["O'Sullivan", "’s"]);
        check_kinds(
            "the U.S.’s F.B.I.'s",
            &[
                ("the", TokenKind::Word),
                ("U.S.", TokenKind::Word),
                ("’s", TokenKind::Possessive),
                ("F.B.I.", TokenKind::Word),
                ("'s", TokenKind::Possessive),
            ],
        );
    }

    #[test]
    fn dots() {
        check_kinds(
            "U.S. F.B.I. H.R. a.m. B. Gen. Mr. end.",
            &[
                ("U.S.", TokenKind::Word),
                ("F.B.I.", TokenKind::Word),
                ("H.R.", TokenKind::Word),
                ("a.m.", TokenKind::Word),
                ("B.", TokenKind::Word),
                ("Gen.", TokenKind::Word),
                ("Mr.", TokenKind::Word),
                ("end", TokenKind::Word),
                (".", TokenKind::Punct),
            ],
        );
        check("J. K. Rowling", &["J.", "K.", "Rowling"]);
        check("the U.S", &["the", "U.S"]);
        check("No. 2 said no.", &["No.", "2", "said", "no", "."]);
        check("No. The", &["No", ".", "The"]);
        check("Amazon.com", &["Amazon", ".", "com"]);
        check("a. b", &["a", ".", "b"]);
        check("É. Macron", &["É.", "Macron"]);
    }

    #[test]
    fn numbers() {
        check_kinds(
            "10,000 1990s 10th 2017 10:30 3.5 5/16",
            &[
                ("10,000", TokenKind::Number),
                ("1990s", TokenKind::Number),
                ("10th", TokenKind::Number),
                ("2017", TokenKind::Number),
                ("10:30", TokenKind::Number),
                ("3.5", TokenKind::Number),
                ("5/16", TokenKind::Number),
            ],
        );
        check("May 10. Then", &["May", "10", ".", "Then"]);
        check("99¢ $10", &["99", "¢", "$", "10"]);
        check("10, 2017", &["10", ",", "2017"]);
        check("10-year-old", &["10", "-", "year-old"]);
        check("’90s", &["’", "90s"]);
    }

    #[test]
    fn symbols_and_quotes() {
        check("#LetsMakePeace", &["#", "LetsMakePeace"]);
        check("@realDonaldTrump:", &["@", "realDonaldTrump", ":"]);
        check(
            "“Yes,” Trump — said…",
            &["“", "Yes", ",", "”", "Trump", "—", "said", "…"],
        );
        check("(AFP/Getty)", &["(", "AFP", "/", "Getty", ")"]);
    }

    #[test]
    fn spans_stay_on_char_boundaries() {
        let text = "“Café’s” — é.’s ‘’ ’s' ‐-";
        let mut out = Vec::new();
        tokenize_into(text, Span::new(0, text.len()), &mut out);
        for t in &out {
            assert!(text.get(t.span.start..t.span.end).is_some(), "{t:?}");
        }
        // A sub-span tokenizes only inside itself; a bad span yields nothing.
        let mut out = Vec::new();
        tokenize_into("ab cd", Span::new(3, 5), &mut out);
        assert_eq!(out, vec![tok(3, 5, TokenKind::Word)]);
        let mut out = Vec::new();
        tokenize_into("é", Span::new(1, 2), &mut out);
        tokenize_into("é", Span::new(0, 9), &mut out);
        assert!(out.is_empty());
    }
}
