//! The integration test binary: command-line behaviour and whole-pipeline checks on the
//! sample corpus in `seeds/` against the gold standard in `tests/data/`, and the query
//! commands over the committed graph.

mod cli;
mod explore;
mod pipeline;
mod util;
