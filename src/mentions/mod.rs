//! Stage 4, mentions: finds entity mentions (names, titles, demonyms, pronouns, role
//! descriptions) in each sentence.
//!
//! In: [`TextDoc`]. Out: [`MentionDoc`]. Recognisers sit behind the [`Recogniser`] trait so a
//! statistical model can replace or join the rule-based one.

use crate::model::{EntityKind, Span};
use crate::text::TextDoc;

pub mod lexicon;

/// How an entity is referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MentionForm {
    /// A proper name ("Sergei Lavrov", "FBI"), possibly after a title.
    Name,
    /// A demonym or nationality adjective standing for its country ("Russian").
    Demonym,
    /// A personal pronoun ("he", "she", "they").
    Pronoun,
    /// A role description ("the president", "the Russian foreign minister").
    Nominal,
}

/// One mention of an entity in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Span in the clean text of the whole surface, title included.
    pub span: Span,
    /// Span of the name alone (equal to `span` when there is no title).
    pub name_span: Span,
    /// Index of the sentence it is in.
    pub sentence: usize,
    /// Tokens `first..last+1` of that sentence that it covers.
    pub tokens: std::ops::Range<usize>,
    /// Entity type.
    pub kind: EntityKind,
    /// How it refers.
    pub form: MentionForm,
    /// The title or role in front of or around the name ("Foreign Minister"), if any.
    pub role: Option<String>,
    /// Where that role is held, as written ("Russia", "FBI"), if the text says.
    pub role_of: Option<String>,
    /// True for "former X".
    pub former: bool,
}

/// A document with its entity mentions, sorted by span.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionDoc {
    /// The segmented document.
    pub text: TextDoc,
    /// Mentions sorted by `span.start`.
    pub mentions: Vec<Mention>,
}

/// Anything that finds entity mentions in a segmented document.
pub trait Recogniser: Send + Sync {
    /// A short name for messages and timings.
    fn name(&self) -> &'static str;
    /// Finds mentions in `doc`, in any order.
    fn recognise(&self, doc: &TextDoc) -> Vec<Mention>;
}
