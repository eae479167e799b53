//! Stage 7, graph: merges relation mentions into a petgraph graph, one node per entity and
//! one edge per (source, relation, target) with all its evidence.
//!
//! In: [`Corpus`](crate::resolve::Corpus) entities and `Vec<RelationMention>`. Out:
//! [`KnowledgeGraph`]. Knows nothing about text.

use crate::model::{EntityKind, Evidence, PartialDate, Predicate, Status};
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::HashMap;

/// A node: one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityNode {
    /// Stable slug, unique in the graph.
    pub id: String,
    /// Canonical label.
    pub label: String,
    /// Entity type.
    pub kind: EntityKind,
    /// Other names it goes by, sorted.
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
    /// Documents it appears in, sorted.
    pub docs: Vec<String>,
}

/// An edge: one relation between two entities, merged over all its mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationEdge {
    /// Relation type.
    pub predicate: Predicate,
    /// The most confident framing over the evidence.
    pub status: Status,
    /// The earliest date given, if any.
    pub date: Option<PartialDate>,
    /// Every distinct date given, sorted.
    pub dates: Vec<PartialDate>,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// For `HOLDS_ROLE_IN`: the main role.
    pub role: Option<String>,
    /// For `HOLDS_ROLE_IN`: every role seen, sorted.
    pub roles: Vec<String>,
    /// For `RELATED`: the verb lemma.
    pub verb: Option<String>,
    /// Evidence, sorted by document and offset.
    pub evidence: Vec<Evidence>,
}

/// The knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    /// Nodes are entities, edges relations.
    pub graph: StableDiGraph<EntityNode, RelationEdge>,
    /// Node id -> index.
    pub index: HashMap<String, NodeIndex>,
    /// Ids of the documents it was built from, in input order.
    pub documents: Vec<String>,
}
