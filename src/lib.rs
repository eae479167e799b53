//! newsgraph: builds a knowledge graph of who did what to whom from English news text.
#![deny(missing_docs)]

pub mod clean;
pub mod cli;
pub mod error;
pub mod eval;
pub mod export;
pub mod graph;
pub mod ingest;
pub mod mentions;
pub mod ml;
pub mod model;
pub mod pipeline;
pub mod relations;
pub mod resolve;
pub mod text;
