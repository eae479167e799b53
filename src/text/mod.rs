//! Stage 3, text: splits clean text into sentences and tokens.
//!
//! In: [`CleanDoc`]. Out: [`TextDoc`]. Robust to abbreviations and initials (U.S., F.B.I.,
//! Gen., Mr., H.R. McMaster, James B. Comey), straight and curly quotes, dates ("May 10.").
//! The tokenizer lives in `tokens`, the sentence rules in `sentences`, their word lists in
//! `lexicon`; [`dates`] finds date expressions in any text.

use crate::clean::CleanDoc;
use crate::model::Span;

pub mod dates;
mod lexicon;
mod sentences;
mod tokens;
pub mod verbs;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, possibly with internal hyphens, apostrophes or dots (`al-Assad`, `U.S.`).
    Word,
    /// Digits, possibly with `,` `.` `/` inside (`10,000`, `1990s`, `10th`).
    Number,
    /// A possessive clitic split off a word: `'s`, `’s`, or a bare `’`/`'` after an s.
    Possessive,
    /// Any other single character: punctuation, quotes, dashes, symbols.
    Punct,
}

/// One token: a span of the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Span in the clean text.
    pub span: Span,
    /// What it is made of.
    pub kind: TokenKind,
}

impl Token {
    /// The token's text in `text` (the clean text it was cut from).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }

    /// True when the token starts with an upper-case letter (`Trump`, `U.S.`, `McMaster`).
    pub fn is_capitalised(&self, text: &str) -> bool {
        self.text(text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }
}

/// One sentence with its tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Span in the clean text (no surrounding whitespace).
    pub span: Span,
    /// Index into `CleanDoc::paragraphs`.
    pub paragraph: usize,
    /// Tokens, in order, all inside `span`.
    pub tokens: Vec<Token>,
}

/// A cleaned document split into sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct TextDoc {
    /// The cleaned document.
    pub clean: CleanDoc,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
}

impl TextDoc {
    /// The clean text of a token.
    pub fn token_text(&self, token: &Token) -> &str {
        token.span.slice(&self.clean.text)
    }

    /// The text of token `token` of sentence `sentence`, or `""` past either end (so that
    /// look-ahead and look-behind in patterns need no bounds checks).
    pub fn word(&self, sentence: usize, token: usize) -> &str {
        self.sentences
            .get(sentence)
            .and_then(|s| s.tokens.get(token))
            .map_or("", |t| self.token_text(t))
    }

    /// The clean text of a sentence.
    pub fn sentence_text(&self, sentence: usize) -> &str {
        self.sentences[sentence].span.slice(&self.clean.text)
    }

    /// Index of the sentence whose span contains byte `offset` of the clean text.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= offset);
        self.sentences
            .get(i)
            .filter(|s| s.span.start <= offset)
            .map(|_| i)
    }
}

/// Splits a cleaned document into sentences and tokens. Each paragraph of
/// `clean.paragraphs` is split on its own; a paragraph span that does not fit the text
/// (out of range, not on char boundaries) is skipped.
pub fn segment(clean: CleanDoc) -> TextDoc {
    let mut sentences = Vec::new();
    let mut toks = Vec::new();
    for (paragraph, span) in clean.paragraphs.iter().enumerate() {
        toks.clear();
        tokens::tokenize_into(&clean.text, *span, &mut toks);
        for range in sentences::split(&clean.text, &toks) {
            let tokens = toks[range].to_vec();
            if let (Some(first), Some(last)) = (tokens.first(), tokens.last()) {
                sentences.push(Sentence {
                    span: Span::new(first.span.start, last.span.end),
                    paragraph,
                    tokens,
                });
            }
        }
    }
    TextDoc { clean, sentences }
}

/// Tokenizes a whole string with the same rules as [`segment`] (no sentence split); spans
/// are byte spans of `text`.
pub fn tokenize(text: &str) -> Vec<Token> {
    // Room for tokens of four bytes on average (news text averages more), so the vector
    // seldom grows while it is filled.
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    tokens::tokenize_into(text, Span::new(0, text.len()), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::Alignment;
    use crate::ingest::Document;

    /// A clean document whose paragraphs are `text` split on `sep`.
    fn doc(text: &str, sep: &str) -> CleanDoc {
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for part in text.split(sep) {
            paragraphs.push(Span::new(start, start + part.len()));
            start += part.len() + sep.len();
        }
        CleanDoc {
            doc: Document::from_text("test", text),
            text: text.to_string(),
            alignment: Alignment::default(),
            paragraphs,
        }
    }

    fn sentences_of(text: &str, sep: &str) -> Vec<String> {
        let td = segment(doc(text, sep));
        (0..td.sentences.len())
            .map(|i| td.sentence_text(i).to_string())
            .collect()
    }

    /// Checks the sentences of `text` (paragraphs separated by a blank line).
    fn check(text: &str, expected: &[&str]) {
        assert_eq!(
            sentences_of(text, "\n\n"),
            expected,
            "sentences of {text:?}"
        );
    }

    #[test]
    fn abbreviations_initials_and_acronyms() {
        check(
            "Russian Foreign Minister Sergei Lavrov met with U.S. Secretary of State Rex \
             Tillerson on May 10. Gen. H.R. McMaster said so. Mr. Trump fired F.B.I. Director \
             James B. Comey.",
            &[
                "Russian Foreign Minister Sergei Lavrov met with U.S. Secretary of State Rex \
                 Tillerson on May 10.",
                "Gen. H.R. McMaster said so.",
                "Mr. Trump fired F.B.I. Director James B. Comey.",
            ],
        );
        check(
            "Dr. Smith and Mrs. Jones met Lt. Col. Vindman. Sen. Graham agreed.",
            &[
                "Dr. Smith and Mrs. Jones met Lt. Col. Vindman.",
                "Sen. Graham agreed.",
            ],
        );
        check(
            "J. K. Rowling wrote it. H. R. Haldeman did not.",
            &["J. K. Rowling wrote it.", "H. R. Haldeman did not."],
        );
        check(
            "Officials in the U.S. The next day they left.",
            &["Officials in the U.S.", "The next day they left."],
        );
        check(
            "He went to the U.K. Foreign Office and the U.N. Security Council.",
            &["He went to the U.K. Foreign Office and the U.N. Security Council."],
        );
        check(
            "They met at 10 a.m. local time. It ended at 2 p.m. The talks failed.",
            &[
                "They met at 10 a.m. local time.",
                "It ended at 2 p.m.",
                "The talks failed.",
            ],
        );
        check(
            "Apples, pears, etc. are fruit. He works for Acme Inc. The firm grew.",
            &[
                "Apples, pears, etc. are fruit.",
                "He works for Acme Inc.",
                "The firm grew.",
            ],
        );
        check(
            "Trump vs. Clinton, e.g. Ohio. It was No. 1 on Jan. 20 in St. Louis.",
            &[
                "Trump vs. Clinton, e.g. Ohio.",
                "It was No. 1 on Jan. 20 in St. Louis.",
            ],
        );
        check(
            "He said no. Then he left.",
            &["He said no.", "Then he left."],
        );
        check(
            "Rep. Adam Schiff (D-Calif.) Schiff said. Adam Schiff (D-Calif.) The rest.",
            &[
                "Rep. Adam Schiff (D-Calif.) Schiff said.",
                "Adam Schiff (D-Calif.)",
                "The rest.",
            ],
        );
    }

    #[test]
    fn numbers_and_terminators() {
        check(
            "They met on May 10. Gen. Smith came. Was it 2017? Yes! 2018 was next… The end",
            &[
                "They met on May 10.",
                "Gen. Smith came.",
                "Was it 2017?",
                "Yes!",
                "2018 was next…",
                "The end",
            ],
        );
        check(
            "It cost 3.5 million. Really?! (It did.) Then what.",
            &[
                "It cost 3.5 million.",
                "Really?!",
                "(It did.)",
                "Then what.",
            ],
        );
        check(
            "A lowercase. next word stays.",
            &["A lowercase. next word stays."],
        );
        check("End.No space stays.", &["End.No space stays."]);
    }

    #[test]
    fn quotes() {
        check("“Yes,” Trump replied.", &["“Yes,” Trump replied."]);
        check(
            "he said. “The next day was bad.”",
            &["he said.", "“The next day was bad.”"],
        );
        check(
            "“It was wrong.” He left. \"So it goes.\" She stayed.",
            &[
                "“It was wrong.”",
                "He left.",
                "\"So it goes.\"",
                "She stayed.",
            ],
        );
        check(
            "“Will you see him?” Putin asked Trump. “Why?” President Putin said.",
            &[
                "“Will you see him?” Putin asked Trump.",
                "“Why?” President Putin said.",
            ],
        );
        check(
            "Lavrov joked “was he fired? You’re kidding!”",
            &["Lavrov joked “was he fired?", "You’re kidding!”"],
        );
        check(
            "They blamed the U.S.” He disagreed.",
            &["They blamed the U.S.”", "He disagreed."],
        );
        check(
            "He said (“It was over.”) Then left.",
            &["He said (“It was over.”)", "Then left."],
        );
    }

    #[test]
    fn paragraphs_and_spans() {
        let text = "  First one. Second\n\nthird para. Fourth.  \n\n \n\nLast";
        check(
            text,
            &["First one.", "Second", "third para.", "Fourth.", "Last"],
        );
        let td = segment(doc(text, "\n\n"));
        let paras: Vec<usize> = td.sentences.iter().map(|s| s.paragraph).collect();
        assert_eq!(paras, [0, 0, 1, 1, 3]);
        for s in &td.sentences {
            assert!(s.tokens.iter().all(|t| s.span.contains(t.span)));
            assert_eq!(s.tokens.first().map(|t| t.span.start), Some(s.span.start));
            assert_eq!(s.tokens.last().map(|t| t.span.end), Some(s.span.end));
        }
        assert_eq!(td.sentence_at(3), Some(0));
        assert_eq!(td.sentence_at(12), None); // the space between sentences
        assert_eq!(td.sentence_at(13), Some(1));
        assert_eq!(td.sentence_at(text.len() - 1), Some(4)); // sentence 4, paragraph 3
        assert_eq!(td.sentence_at(text.len()), None);
        // Paragraph spans that do not fit the text are skipped, not a panic.
        let mut bad = doc("é ok.", "\n\n");
        bad.paragraphs = vec![Span::new(1, 3), Span::new(0, 99), Span::new(3, 6)];
        let td = segment(bad);
        assert_eq!(td.sentences.len(), 1);
        assert_eq!(td.sentence_text(0), "ok.");
    }

    #[test]
    fn sentence_tokens() {
        let td = segment(doc(
            "Trump’s aide met Sessions’ staff. The U.S.-Russia talks ended.",
            "\n\n",
        ));
        let words: Vec<Vec<&str>> = td
            .sentences
            .iter()
            .map(|s| s.tokens.iter().map(|t| td.token_text(t)).collect())
            .collect();
        assert_eq!(
            words,
            [
                vec!["Trump", "’s", "aide", "met", "Sessions", "’", "staff", "."],
                vec!["The", "U.S.", "-", "Russia", "talks", "ended", "."],
            ]
        );
        let t = &td.sentences[1].tokens[1];
        assert!(t.is_capitalised(&td.clean.text));
        assert!(!td.sentences[1].tokens[4].is_capitalised(&td.clean.text));
        assert_eq!(tokenize("Mr. B.")[1].text("Mr. B."), "B.");
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let alphabet: Vec<char> = "aZ .?!…’'\"“”‘()[]-‐—é1,:/#\n\nMr.U.S.s ".chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300 {
            let text: String = (0..40)
                .map(|_| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    alphabet[(state >> 33) as usize % alphabet.len()]
                })
                .collect();
            let td = segment(doc(&text, "\n\n"));
            for s in &td.sentences {
                assert!(text.get(s.span.start..s.span.end).is_some());
                assert!(s.tokens.iter().all(|t| s.span.contains(t.span)));
            }
            let all: Vec<Token> = tokenize(&text);
            assert!(all.windows(2).all(|w| w[0].span.end <= w[1].span.start));
            for m in dates::find_dates(&text, Some(crate::model::PartialDate::ymd(2017, 5, 16))) {
                assert!(text.get(m.span.start..m.span.end).is_some());
            }
        }
    }

    const SEED: &str = include_str!("../../seeds/000_8d44af70f10fb648.txt");

    #[test]
    fn seed_article() {
        let first5: String = SEED.lines().take(5).collect::<Vec<_>>().join("\n");
        let got = sentences_of(&first5, "\n");
        assert_eq!(got.len(), 6, "{got:#?}");
        assert_eq!(
            got[3],
            "On the 10th of May 2017, Russian Foreign Minister Sergei Lavrov met with U.S. \
             Secretary of State Rex Tillerson and President Donald Trump at the White House."
        );
        assert_eq!(
            got[5],
            "Lavrov gave a confirmation Trump and Russian President Vladimir Putin would be \
             meeting in July, in the first few days of the G20 summit."
        );
        let all = sentences_of(SEED, "\n");
        for s in [
            "“Regardless of the importance of the Secretary of State’s role, U.S. foreign \
             policy is created by the president.",
            "“For the U.S. the most important thing is to defeat terror.",
            "Journalists at the conference pressed Lavrov on the dismissal of FBI Director \
             James Comey, asking if it “would influence Russian-American relations,” while \
             Lavrov joked “was he fired?",
            "You’re kidding!”",
            "Trump’s national security adviser, General H.R. McMaster, also present during \
             the meeting, initially gave a statement which said “no intelligence sources or \
             methods were discussed that were not already known publicly” before declining to \
             comment further.",
        ] {
            assert!(all.iter().any(|x| x == s), "missing {s:?}");
        }
        // Every sentence is trimmed and on char boundaries.
        let td = segment(doc(SEED, "\n"));
        for s in &td.sentences {
            let t = td.sentence_text(td.sentence_at(s.span.start).unwrap_or(usize::MAX));
            assert_eq!(t, t.trim());
        }
    }

    #[test]
    fn second_seed_article() {
        let text = include_str!("../../seeds/003_8623a95e14942e9a.txt");
        let all = sentences_of(text, "\n\n");
        for s in [
            "“Yes,” Trump replied.",
            "On May 2, eight days before Lavrov showed up at the White House, Russian President \
             Vladimir Putin was on the phone with Trump and made a request.",
            "“Will you see him?” Putin asked Trump, according to the official, who spoke on the \
             condition of anonymity to describe the private talks.",
            "For the Kremlin, a private audience with the president was a major opportunity to \
             show the world that U.S.-Russia relations were normalizing.",
        ] {
            assert!(all.iter().any(|x| x == s), "missing {s:?}");
        }
    }
}
