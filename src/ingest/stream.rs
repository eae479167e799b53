//! Streaming input: the documents of many paths, read one at a time, so that a build holds
//! only the documents it is working on. A JSON Lines file is read line by line.
//!
//! In: paths (files, folders, `.jsonl`, `-`). Out: [`DocumentStream`], an iterator of
//! [`Document`]s in the order [`read_inputs`](super::read_inputs) gives, with the same ids,
//! and the [`Diagnostic`]s of what was skipped.

use super::{
    decode_file, io_message, jsonl, kind_of, read_stdin, walk, Document, FileKind, Read1,
    SourceFormat,
};
use crate::error::Diagnostic;
use std::collections::{HashSet, VecDeque};
use std::fs;
use std::io::{self, BufRead, BufReader};
use std::path::{Path, PathBuf};

/// One input to read, in order.
enum Source {
    /// Standard input, one article.
    Stdin,
    /// A file: how to read it, and its path relative to the folder given (or as given).
    File {
        path: PathBuf,
        kind: FileKind,
        rel: String,
    },
}

/// Gives documents unique ids as they are read (see [`read_inputs`](super::read_inputs)):
/// article files whose names clash get their relative path, remaining clashes `#2`, `#3`...;
/// a JSON Lines record whose id was seen already is dropped with a diagnostic.
pub(super) struct Ids {
    /// File names shared by two article files or more.
    clashing: HashSet<String>,
    /// Ids given so far.
    seen: HashSet<String>,
}

impl Ids {
    /// Ids for articles among which the names in `clashing` occur more than once.
    pub(super) fn new(clashing: HashSet<String>) -> Ids {
        Ids {
            clashing,
            seen: HashSet::new(),
        }
    }

    /// The document with its unique id, or `None` (and a diagnostic) for a repeated
    /// JSON Lines id.
    pub(super) fn assign(&mut self, item: Read1, diags: &mut Vec<Diagnostic>) -> Option<Document> {
        let Read1 { mut doc, rel } = item;
        match rel {
            None => {
                if self.seen.contains(&doc.id) {
                    diags.push(Diagnostic::new(
                        doc.source.clone(),
                        format!("duplicate id {:?}; kept the first", doc.id),
                    ));
                    return None;
                }
            }
            Some(rel) => {
                if self.clashing.contains(&doc.id) {
                    doc.id = rel;
                }
                if self.seen.contains(&doc.id) {
                    let base = doc.id.clone();
                    let mut n = 2;
                    while self.seen.contains(&format!("{base}#{n}")) {
                        n += 1;
                    }
                    doc.id = format!("{base}#{n}");
                }
            }
        }
        self.seen.insert(doc.id.clone());
        Some(doc)
    }
}

/// A JSON Lines file being read.
struct OpenLines {
    reader: Box<dyn BufRead + Send>,
    /// The path as shown in messages.
    shown: String,
    /// Lines read so far.
    line: usize,
    /// Whether a non-blank line was seen.
    any: bool,
}

/// The documents of a list of paths, read lazily (see the module docs). Diagnostics
/// accumulate as the stream is read; [`DocumentStream::take_diagnostics`] collects them.
pub struct DocumentStream {
    sources: std::vec::IntoIter<Source>,
    ids: Ids,
    open: Option<OpenLines>,
    ready: VecDeque<Read1>,
    diagnostics: Vec<Diagnostic>,
}

impl DocumentStream {
    /// Lists the inputs of `paths` (folders walked and sorted now, files read later). A
    /// missing path or an unreadable folder becomes a diagnostic.
    pub fn open(paths: &[PathBuf]) -> DocumentStream {
        let mut sources = Vec::new();
        let mut diagnostics = Vec::new();
        for path in paths {
            plan(path, &mut sources, &mut diagnostics);
        }
        let mut names: HashSet<String> = HashSet::new();
        let mut clashing: HashSet<String> = HashSet::new();
        for source in &sources {
            if let Source::File {
                path,
                kind: FileKind::Article(_),
                ..
            } = source
            {
                let name = file_name(path);
                if names.contains(&name) {
                    clashing.insert(name);
                } else {
                    names.insert(name);
                }
            }
        }
        DocumentStream {
            sources: sources.into_iter(),
            ids: Ids::new(clashing),
            open: None,
            ready: VecDeque::new(),
            diagnostics,
        }
    }

    /// The diagnostics gathered so far, removed from the stream.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// Reads the next line of the open JSON Lines file into `ready`; false at its end.
    fn read_line(&mut self) -> bool {
        let Some(open) = &mut self.open else {
            return false;
        };
        let mut bytes = Vec::new();
        match open.reader.read_until(b'\n', &mut bytes) {
            Ok(0) => {
                if !open.any {
                    self.diagnostics
                        .push(Diagnostic::new(open.shown.clone(), "empty; skipped"));
                }
                self.open = None;
                return false;
            }
            Ok(_) => {}
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::new(open.shown.clone(), io_message(&e)));
                self.open = None;
                return false;
            }
        }
        open.line += 1;
        let source = format!("{}:{}", open.shown, open.line);
        let line = match std::str::from_utf8(&bytes) {
            Ok(line) => line.trim_end_matches(['\n', '\r']),
            Err(e) => {
                open.any = true;
                self.diagnostics.push(Diagnostic::new(
                    source,
                    format!(
                        "not valid UTF-8 (invalid byte at offset {}); skipped",
                        e.valid_up_to()
                    ),
                ));
                return true;
            }
        };
        open.any |= !super::is_blank(line);
        let (doc, diags) = jsonl::read_line(line, &source);
        self.diagnostics.extend(diags);
        self.ready.extend(doc.map(|doc| Read1 { doc, rel: None }));
        true
    }

    /// Opens or reads the next source into `ready` (or `open`); false when none is left.
    fn next_source(&mut self) -> bool {
        let Some(source) = self.sources.next() else {
            return false;
        };
        match source {
            Source::Stdin => {
                let (docs, d) = read_stdin(io::stdin().lock());
                self.diagnostics.extend(d);
                self.ready.extend(docs.into_iter().map(|doc| Read1 {
                    doc,
                    rel: Some("-".to_string()),
                }));
            }
            Source::File {
                path,
                kind: FileKind::JsonLines,
                ..
            } => match fs::File::open(&path) {
                Ok(file) => {
                    self.open = Some(OpenLines {
                        reader: Box::new(BufReader::with_capacity(1 << 20, file)),
                        shown: path.display().to_string(),
                        line: 0,
                        any: false,
                    })
                }
                Err(e) => self
                    .diagnostics
                    .push(Diagnostic::new(path.display().to_string(), io_message(&e))),
            },
            Source::File { path, kind, rel } => match fs::read(&path) {
                Ok(bytes) => {
                    let mut items = Vec::new();
                    decode_file(&path, kind, rel, bytes, &mut items, &mut self.diagnostics);
                    self.ready.extend(items);
                }
                Err(e) => self
                    .diagnostics
                    .push(Diagnostic::new(path.display().to_string(), io_message(&e))),
            },
        }
        true
    }
}

impl Iterator for DocumentStream {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                if let Some(doc) = self.ids.assign(item, &mut self.diagnostics) {
                    return Some(doc);
                }
                continue;
            }
            if self.read_line() {
                continue;
            }
            if !self.next_source() {
                return None;
            }
        }
    }
}

/// The file name of `path`: the id its article gets (see `decode_file`).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Lists what one command-line path holds, in reading order.
fn plan(path: &Path, sources: &mut Vec<Source>, diags: &mut Vec<Diagnostic>) {
    if path.as_os_str() == "-" {
        sources.push(Source::Stdin);
        return;
    }
    let shown = path.display().to_string();
    match fs::metadata(path) {
        Err(e) => diags.push(Diagnostic::new(shown, io_message(&e))),
        Ok(meta) if meta.is_dir() => {
            let mut files = Vec::new();
            walk(path, path, &mut files, diags);
            files.sort();
            for (rel, file) in files {
                if let Some(kind) = kind_of(&file) {
                    sources.push(Source::File {
                        path: file,
                        kind,
                        rel,
                    });
                }
            }
        }
        Ok(_) => sources.push(Source::File {
            path: path.to_path_buf(),
            kind: kind_of(path).unwrap_or(FileKind::Article(SourceFormat::Text)),
            rel: shown,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_only_when_their_documents_are_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "First article.").unwrap();
        fs::write(dir.path().join("b.txt"), "Second article.").unwrap();
        let mut stream = DocumentStream::open(&[dir.path().to_path_buf()]);
        assert_eq!(stream.next().map(|d| d.id), Some("a.txt".to_string()));
        // b.txt was listed but not read yet: removing it now makes it a diagnostic.
        fs::remove_file(dir.path().join("b.txt")).unwrap();
        assert_eq!(stream.next(), None);
        let diags = stream.take_diagnostics();
        assert_eq!(diags.len(), 1);
        assert!(diags[0].to_string().contains("b.txt"), "{}", diags[0]);
    }

    #[test]
    fn json_lines_are_read_line_by_line_with_the_file_checks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        fs::write(
            &path,
            b"{\"id\": \"x\", \"text\": \"One.\"}\r\n\xff\n\n{\"id\": \"x\", \"text\": \"Again.\"}\n\
              {\"id\": \"y\", \"text\": \"Two.\"}",
        )
        .unwrap();
        let empty = dir.path().join("empty.jsonl");
        fs::write(&empty, "\n  \n").unwrap();
        let mut stream = DocumentStream::open(&[path.clone(), empty.clone()]);
        let ids: Vec<String> = stream.by_ref().map(|d| d.id).collect();
        assert_eq!(ids, ["x", "y"]);
        let messages: Vec<String> = stream
            .take_diagnostics()
            .iter()
            .map(|d| d.to_string())
            .collect();
        let shown = path.display().to_string();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with(&format!("{shown}:2: not valid UTF-8")));
        assert!(messages[1].starts_with(&format!("{shown}:4: duplicate id \"x\"")));
        assert_eq!(messages[2], format!("{}: empty; skipped", empty.display()));
    }
}
