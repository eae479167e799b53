//! The integration test binary: command-line behaviour and whole-pipeline checks on the
//! sample corpus in `seeds/` against the gold standard in `tests/data/`, the query
//! commands over the committed graph, and the HTML viewer in headless Chromium.

mod cli;
mod consumers;
mod explore;
mod pipeline;
mod robustness;
mod util;
mod view;
