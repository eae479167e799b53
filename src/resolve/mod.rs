//! Stage 5, resolve: groups mentions into entities, within a document (surnames, titles,
//! pronouns, role descriptions) and across documents (full names, spelling variants).
//!
//! In: `Vec<MentionDoc>`. Out: [`Corpus`]: one [`Entity`] per real-world entity and, for every
//! mention, the entity it refers to.

use crate::mentions::MentionDoc;
use crate::model::EntityKind;
use std::collections::BTreeSet;

/// Index of an entity in [`Corpus::entities`].
pub type EntityIdx = usize;

/// One real-world entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Stable slug of the label.
    pub id: String,
    /// Canonical label: the fullest proper name seen.
    pub label: String,
    /// Entity type.
    pub kind: EntityKind,
    /// Every proper-name form seen (label included).
    pub aliases: BTreeSet<String>,
    /// Number of mentions, pronouns and descriptions included.
    pub mentions: usize,
    /// Documents it is mentioned in.
    pub docs: BTreeSet<String>,
}

/// A document whose mentions are linked to entities.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedDoc {
    /// The document with its mentions.
    pub doc: MentionDoc,
    /// For each mention (same index), the entity it refers to, or `None` (an unresolved pronoun).
    pub entity_of: Vec<Option<EntityIdx>>,
}

/// The resolved corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// Documents in input order.
    pub docs: Vec<ResolvedDoc>,
    /// Entities, sorted by id.
    pub entities: Vec<Entity>,
}
