//! Paths and builders shared by the integration tests.

use newsgraph::pipeline::{self, Build, BuildConfig};
use std::path::PathBuf;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample corpus.
pub fn seeds() -> PathBuf {
    root().join("seeds")
}

/// The gold standard of the sample corpus.
pub fn gold() -> PathBuf {
    root().join("tests/data/seeds-gold.json")
}

/// Builds the sample corpus through the library, as `newsgraph build seeds` does.
pub fn build_seeds() -> Build {
    let build = pipeline::build_paths(&[seeds()], &BuildConfig::quiet());
    assert!(build.diagnostics.is_empty(), "{:?}", build.diagnostics);
    build
}
