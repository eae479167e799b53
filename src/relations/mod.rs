//! Stage 6, relations: reads who did what to whom from each sentence.
//!
//! In: [`Corpus`]. Out: `Vec<RelationMention>`, one per relation per sentence, with status,
//! date and evidence.

use crate::model::{Evidence, PartialDate, Predicate, Status};
use crate::resolve::EntityIdx;

/// One relation read from one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationMention {
    /// Subject entity.
    pub subject: EntityIdx,
    /// Relation type.
    pub predicate: Predicate,
    /// Object entity.
    pub object: EntityIdx,
    /// How the text frames it.
    pub status: Status,
    /// When it happened, if the text says.
    pub date: Option<PartialDate>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// The role, for `HOLDS_ROLE_IN`.
    pub role: Option<String>,
    /// The verb lemma, for `RELATED` (and the trigger word for the others).
    pub verb: Option<String>,
    /// Where it was read.
    pub evidence: Evidence,
}
