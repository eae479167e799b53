//! The integration test binary: command-line behaviour and whole-pipeline checks on the
//! sample corpus in `seeds/` against the gold standard in `tests/data/`, the query
//! commands over the committed graph, the HTML viewer in headless Chromium, the exports read
//! by real consumers, bad inputs, and the scale-out build (extract, merge, Spark).

mod bench;
mod cli;
mod consumers;
mod explore;
mod neo4j;
mod pipeline;
mod robustness;
mod scaleout;
mod spark;
mod util;
mod view;
