//! Stage 1, ingest: turns paths (files, folders, JSON Lines) and stdin into [`Document`]s.
//!
//! In: paths or bytes. Out: `Vec<Document>` plus a [`Diagnostic`] for every input skipped
//! (unreadable, not UTF-8, binary, empty). The only stage that reads files.

use crate::error::Diagnostic;
use crate::model::PartialDate;
use std::path::{Path, PathBuf};

/// How a document's raw text is marked up; decides what the cleaner strips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    /// Plain text (`.txt`, JSON Lines `text`, stdin).
    Text,
    /// Markdown (`.md`).
    Markdown,
    /// HTML (`.html`, `.htm`): tags are stripped by the cleaner.
    Html,
}

/// One article as read, before any processing.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Document id: the file name, or the JSON Lines `id`.
    pub id: String,
    /// Where it came from, for messages: a path, `path:LINE` or `<stdin>`.
    pub source: String,
    /// The markup of `raw`.
    pub format: SourceFormat,
    /// The original text; every evidence offset points into it.
    pub raw: String,
    /// Title, when the input gives one.
    pub title: Option<String>,
    /// Publication date, when the input gives one (anchors "last Wednesday").
    pub date: Option<PartialDate>,
    /// URL, when the input gives one.
    pub url: Option<String>,
}

impl Document {
    /// A plain-text document with no metadata.
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Document {
        let id = id.into();
        Document {
            source: id.clone(),
            id,
            format: SourceFormat::Text,
            raw: text.into(),
            title: None,
            date: None,
            url: None,
        }
    }
}

/// Reads every input path: files by extension, folders recursively (sorted, so the
/// order does not depend on the file system), `.jsonl` one article per line.
/// The path `-` reads stdin.
pub fn read_inputs(paths: &[PathBuf]) -> (Vec<Document>, Vec<Diagnostic>) {
    let _ = paths;
    (Vec::new(), Vec::new())
}

/// Reads one file (or `-` for stdin) into documents; a `.jsonl` file may hold many.
pub fn read_path(path: &Path) -> (Vec<Document>, Vec<Diagnostic>) {
    let _ = path;
    (Vec::new(), Vec::new())
}
