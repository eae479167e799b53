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
    let build = pipeline::build_paths(&[seeds()], &BuildConfig::quiet()).expect("a build");
    assert!(build.diagnostics.is_empty(), "{:?}", build.diagnostics);
    build
}

/// The `.txt` articles of `folder` as (file name, text), sorted by name.
pub fn articles_in(folder: &std::path::Path) -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            (
                f.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(f).unwrap(),
            )
        })
        .collect()
}

/// Writes `records` (id, text) to `path` as JSON Lines articles and returns `path`.
pub fn write_jsonl(path: PathBuf, records: &[(String, String)]) -> PathBuf {
    let lines: String = records
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect();
    std::fs::write(&path, lines).unwrap();
    path
}
