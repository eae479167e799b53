//! The integration test binary: command-line behaviour and whole-pipeline checks on the
//! sample corpus in `seeds/` against the gold standard in `tests/data/`, the query
//! commands over the committed graph, and the HTML viewer in headless Chromium.

mod cli;
mod consumers;
mod explore;
mod neo4j;
mod pipeline;
mod scaleout;
mod spark;
mod util;
mod view;
