//! newsgraph: builds a knowledge graph of who did what to whom from English news text.
//!
//! The pipeline is a chain of stages, each a module that hands one type to the next:
//!
//! 1. [`ingest`]: files, folders, JSON Lines, stdin -> [`ingest::Document`]
//! 2. [`clean`]: page furniture removed, page breaks re-joined -> [`clean::CleanDoc`]
//! 3. [`text`]: sentences and tokens -> [`text::TextDoc`]
//! 4. [`mentions`]: entity mentions -> [`mentions::MentionDoc`]
//! 5. [`resolve`]: mentions grouped into entities -> [`resolve::Corpus`]
//! 6. [`relations`]: who did what to whom -> [`relations::RelationMention`], reading each
//!    sentence's dependency tree from [`syntax`] (the project's own tagger and parser, [`ml`])
//! 7. [`graph`]: merged into a petgraph graph -> [`graph::KnowledgeGraph`]
//! 8. [`export`] writes it (node-link JSON, DOT); [`eval`] scores a `graph.json`; [`view`]
//!    turns it into an interactive HTML page; [`render`] draws it (SVG, PNG, PDF).
//!
//! [`pipeline`] runs the stages (documents in parallel); [`cli`] is the command line.
//!
//! ```
//! let build = newsgraph::pipeline::build_text("note.txt", "Mary Smith met with John Jones in Paris.");
//! let edge = build.graph.edges_sorted().into_iter().find(|e| e.edge.predicate.as_str() == "MET_WITH");
//! assert!(edge.is_some());
//! ```
#![deny(missing_docs)]

pub mod bench;
pub mod clean;
pub mod cli;
pub mod error;
pub mod eval;
pub mod evidence_text;
pub mod export;
pub mod graph;
pub mod ingest;
pub mod mentions;
pub mod ml;
pub mod model;
pub mod partial;
pub mod pipeline;
pub mod query;
pub mod relations;
pub mod render;
pub mod resolve;
pub mod spill;
pub mod syntax;
pub mod text;
pub mod view;
