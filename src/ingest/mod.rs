//! Stage 1, ingest: turns paths (files, folders, JSON Lines) and stdin into [`Document`]s.
//!
//! In: paths or bytes. Out: `Vec<Document>` plus a [`Diagnostic`] for every input skipped
//! (unreadable, not UTF-8, binary, empty). The only stage that reads files.
//!
//! `raw` is kept byte-identical to the input (BOM and CRLF included) so that evidence
//! offsets always point into the original file; the cleaner deals with both.

pub mod jsonl;
mod stream;

pub use stream::DocumentStream;

use crate::error::Diagnostic;
use crate::model::PartialDate;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
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

/// What a file's extension says about how to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    /// One article in this markup.
    Article(SourceFormat),
    /// JSON Lines, one article per line.
    JsonLines,
}

/// The kind of a file by its (case-insensitive) extension, `None` when unknown.
fn kind_of(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(FileKind::Article(SourceFormat::Text)),
        "md" | "markdown" => Some(FileKind::Article(SourceFormat::Markdown)),
        "html" | "htm" => Some(FileKind::Article(SourceFormat::Html)),
        "jsonl" => Some(FileKind::JsonLines),
        _ => None,
    }
}

/// A document together with what decides its id when names collide.
struct Read1 {
    doc: Document,
    /// For articles read from files: the path relative to the folder given (or the path as
    /// given for a file named explicitly). `None` for JSON Lines records, whose id is theirs.
    rel: Option<String>,
}

/// Reads every input path: files by extension, folders recursively (sorted, so the
/// order does not depend on the file system), `.jsonl` one article per line.
/// The path `-` reads stdin.
///
/// Ids are unique in the result: files sharing a name get their path relative to the
/// folder given (`a/x.txt`), remaining clashes a `#2`, `#3` suffix; a JSON Lines record
/// whose id was already seen is dropped with a diagnostic.
pub fn read_inputs(paths: &[PathBuf]) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut stream = DocumentStream::open(paths);
    let docs: Vec<Document> = stream.by_ref().collect();
    (docs, stream.take_diagnostics())
}

/// Reads one file (or `-` for stdin) into documents; a `.jsonl` file may hold many.
/// A folder is read recursively, as by [`read_inputs`].
pub fn read_path(path: &Path) -> (Vec<Document>, Vec<Diagnostic>) {
    read_inputs(&[path.to_path_buf()])
}

/// Reads all of `reader` as the single document `stdin` (source `<stdin>`), with the
/// same checks as a file: not UTF-8, binary and empty input give a diagnostic instead.
pub fn read_stdin(mut reader: impl Read) -> (Vec<Document>, Vec<Diagnostic>) {
    let source = "<stdin>";
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return (Vec::new(), vec![Diagnostic::new(source, e.to_string())]);
    }
    match decode_article(bytes) {
        Ok(raw) => {
            let mut doc = Document::from_text("stdin", raw);
            doc.source = source.to_string();
            (vec![doc], Vec::new())
        }
        Err(message) => (Vec::new(), vec![Diagnostic::new(source, message)]),
    }
}

/// Collects the non-hidden files under `dir` as `(path relative to root, path)`.
/// Symbolic links to folders are not followed, so a link loop cannot recurse forever.
fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>, diags: &mut Vec<Diagnostic>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(Diagnostic::new(dir.display().to_string(), io_message(&e)));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                diags.push(Diagnostic::new(dir.display().to_string(), io_message(&e)));
                continue;
            }
        };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_link = entry.file_type().map(|t| t.is_symlink()).unwrap_or(false);
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                if !is_link {
                    walk(root, &path, out, diags);
                }
            }
            Ok(meta) if meta.is_file() => {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((rel, path));
            }
            // Reading a FIFO or a device would block or never end; named explicitly, one
            // is still read (`<(command)` gives a FIFO).
            Ok(_) => diags.push(Diagnostic::new(
                path.display().to_string(),
                "not a regular file (a FIFO, socket or device); skipped",
            )),
            Err(e) => diags.push(Diagnostic::new(path.display().to_string(), io_message(&e))),
        }
    }
}

/// Turns the bytes of one input file into documents exactly as if the file `path` (which
/// is not opened) had been named on the command line: the format comes from its
/// extension (unknown ones are plain text), a `.jsonl` file gives one document per good
/// line, and binary, not UTF-8, empty or malformed input gives a [`Diagnostic`] naming
/// `path` (or `path:LINE`) instead. Ids are made unique as by [`read_inputs`].
///
/// This is the code path every file read by [`read_inputs`] takes after `fs::read`; it
/// never panics on any bytes (the fuzz target `ingest_clean` checks that).
pub fn read_bytes(path: &Path, bytes: Vec<u8>) -> (Vec<Document>, Vec<Diagnostic>) {
    let kind = kind_of(path).unwrap_or(FileKind::Article(SourceFormat::Text));
    let mut items = Vec::new();
    let mut diags = Vec::new();
    decode_file(
        path,
        kind,
        path.display().to_string(),
        bytes,
        &mut items,
        &mut diags,
    );
    (unique_ids(items, &mut diags), diags)
}

/// Decodes the bytes of one file of a known kind into `items` (see [`read_bytes`]).
fn decode_file(
    path: &Path,
    kind: FileKind,
    rel: String,
    bytes: Vec<u8>,
    items: &mut Vec<Read1>,
    diags: &mut Vec<Diagnostic>,
) {
    let shown = path.display().to_string();
    match kind {
        FileKind::JsonLines => {
            let (docs, d) = jsonl::parse(&shown, &bytes);
            items.extend(docs.into_iter().map(|doc| Read1 { doc, rel: None }));
            diags.extend(d);
        }
        FileKind::Article(format) => match decode_article(bytes) {
            Ok(raw) => {
                let id = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| shown.clone());
                let doc = Document {
                    id,
                    source: shown,
                    format,
                    raw,
                    title: None,
                    date: None,
                    url: None,
                };
                items.push(Read1 {
                    doc,
                    rel: Some(rel),
                });
            }
            Err(message) => diags.push(Diagnostic::new(shown, message)),
        },
    }
}

/// Checks and decodes the bytes of one article: binary, not UTF-8 and empty inputs are
/// refused with the message to report.
fn decode_article(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.contains(&0) {
        return Err("looks binary; skipped".to_string());
    }
    let raw = String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (invalid byte at offset {}); skipped",
            e.utf8_error().valid_up_to()
        )
    })?;
    if is_blank(&raw) {
        return Err("empty; skipped".to_string());
    }
    Ok(raw)
}

/// True when `s` holds nothing but whitespace (a BOM counts as whitespace).
pub(crate) fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || c == '\u{feff}')
}

/// The message for an IO error, without the OS error code for a missing path.
fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        _ => e.to_string(),
    }
}

/// Makes ids unique (see [`read_inputs`]), keeping the input order.
fn unique_ids(items: Vec<Read1>, diags: &mut Vec<Diagnostic>) -> Vec<Document> {
    let mut names: HashSet<&str> = HashSet::new();
    let mut clashing: HashSet<String> = HashSet::new();
    for item in items.iter().filter(|i| i.rel.is_some()) {
        if !names.insert(item.doc.id.as_str()) {
            clashing.insert(item.doc.id.clone());
        }
    }
    let mut ids = stream::Ids::new(clashing);
    items
        .into_iter()
        .filter_map(|item| ids.assign(item, diags))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&path, bytes).unwrap();
        path
    }

    fn ids(docs: &[Document]) -> Vec<&str> {
        docs.iter().map(|d| d.id.as_str()).collect()
    }

    /// One file with these bytes gives exactly this diagnostic message (or a document).
    fn check_file(name: &str, bytes: &[u8], expected: Result<&str, &str>) {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), name, bytes);
        let (docs, diags) = read_path(&path);
        match expected {
            Ok(raw) => {
                assert!(diags.is_empty(), "{diags:?}");
                assert_eq!(docs.len(), 1);
                assert_eq!(docs[0].raw, raw);
                assert_eq!(docs[0].id, name);
                assert_eq!(docs[0].source, path.display().to_string());
            }
            Err(message) => {
                assert!(docs.is_empty());
                assert_eq!(diags.len(), 1, "{diags:?}");
                assert_eq!(diags[0].message, message);
                assert_eq!(diags[0].source, path.display().to_string());
            }
        }
    }

    #[test]
    fn single_files() {
        check_file("a.txt", b"Hello.\r\n", Ok("Hello.\r\n"));
        check_file("bom.txt", "\u{feff}Hi.".as_bytes(), Ok("\u{feff}Hi."));
        check_file("a.md", b"# T\n\nBody.", Ok("# T\n\nBody."));
        check_file("weird.xyz", b"named explicitly", Ok("named explicitly"));
        check_file(
            "bad.txt",
            b"ok \xff\xfe",
            Err("not valid UTF-8 (invalid byte at offset 3); skipped"),
        );
        check_file(
            "bin.txt",
            b"PK\x03\x04\x00\x00",
            Err("looks binary; skipped"),
        );
        check_file("empty.txt", b"", Err("empty; skipped"));
        check_file("blank.txt", b" \n\t\r\n", Err("empty; skipped"));
    }

    #[test]
    fn formats_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.md", "c.html", "d.HTM"] {
            write(dir.path(), name, b"x y z");
        }
        let (docs, diags) = read_path(dir.path());
        assert!(diags.is_empty());
        let formats: Vec<_> = docs.iter().map(|d| d.format).collect();
        assert_eq!(
            formats,
            [
                SourceFormat::Text,
                SourceFormat::Markdown,
                SourceFormat::Html,
                SourceFormat::Html
            ]
        );
    }

    #[test]
    fn missing_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nope.txt");
        let (docs, diags) = read_inputs(&[path.clone()]);
        assert!(docs.is_empty());
        assert_eq!(
            diags,
            [Diagnostic::new(
                path.display().to_string(),
                "no such file or directory"
            )]
        );
    }

    #[test]
    fn folders_sorted_hidden_and_unknown_skipped() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.txt", b"B");
        write(dir.path(), "a.txt", b"A");
        write(dir.path(), "sub/c.md", b"C");
        write(dir.path(), ".hidden.txt", b"H");
        write(dir.path(), ".git/d.txt", b"D");
        write(dir.path(), "notes.pdf", b"P");
        write(dir.path(), "bad.txt", b"\xc3\x28");
        let (docs, diags) = read_path(dir.path());
        assert_eq!(ids(&docs), ["a.txt", "b.txt", "c.md"]);
        assert_eq!(diags.len(), 1);
        assert!(diags[0].source.ends_with("bad.txt"));
        assert!(diags[0].message.contains("offset 0"));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_in_folders_are_skipped_not_read() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a.txt", b"A");
        let fifo = dir.path().join("pipe.txt");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let (docs, diags) = read_path(dir.path());
        assert_eq!(ids(&docs), ["a.txt"]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].source, fifo.display().to_string());
        assert!(diags[0].message.contains("not a regular file"));
    }

    #[test]
    fn clashing_names_get_relative_paths() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a/x.txt", b"1");
        write(dir.path(), "b/x.txt", b"2");
        write(dir.path(), "y.txt", b"3");
        let (docs, diags) = read_path(dir.path());
        assert!(diags.is_empty());
        assert_eq!(ids(&docs), ["a/x.txt", "b/x.txt", "y.txt"]);
        // The same folder twice: still unique, deterministic.
        let again = dir.path().join("a");
        let (docs, _) = read_inputs(&[again.clone(), again]);
        assert_eq!(ids(&docs), ["x.txt", "x.txt#2"]);
    }

    #[test]
    fn jsonl_files() {
        let dir = tempfile::tempdir().unwrap();
        let body = concat!(
            r#"{"id": "n1", "text": "First.", "title": "T", "date": "2017-05-10", "url": "http://x"}"#,
            "\n\n",
            r#"{"id": "n2", "text": "Second.", "date": "last week"}"#,
            "\n",
            "not json\n",
            r#"{"text": "no id"}"#,
            "\n",
            r#"{"id": "n3", "text": "  "}"#,
            "\n",
            r#"{"id": "n1", "text": "dup"}"#,
            "\n",
        );
        let path = write(dir.path(), "news.jsonl", body.as_bytes());
        let (docs, diags) = read_path(&path);
        assert_eq!(ids(&docs), ["n1", "n2"]);
        assert_eq!(docs[0].title.as_deref(), Some("T"));
        assert_eq!(docs[0].date, Some(PartialDate::ymd(2017, 5, 10)));
        assert_eq!(docs[0].url.as_deref(), Some("http://x"));
        assert_eq!(docs[1].date, None);
        assert_eq!(docs[0].source, format!("{}:1", path.display()));
        let lines: Vec<String> = diags
            .iter()
            .map(|d| d.source.rsplit(':').next().unwrap().to_string())
            .collect();
        assert_eq!(lines, ["3", "4", "5", "6", "7"], "{diags:?}");
    }

    #[test]
    fn bytes_read_as_the_file_named() {
        let (docs, diags) = read_bytes(Path::new("in/page.html"), b"<p>Hi.</p>".to_vec());
        assert!(diags.is_empty());
        assert_eq!(
            (docs[0].id.as_str(), docs[0].format),
            ("page.html", SourceFormat::Html)
        );
        assert_eq!(docs[0].source, "in/page.html");
        let (docs, diags) = read_bytes(
            Path::new("a.jsonl"),
            b"{\"id\": \"x\", \"text\": \"A.\"}\n{\"id\": \"x\", \"text\": \"B.\"}".to_vec(),
        );
        assert_eq!(ids(&docs), ["x"]);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].source, "a.jsonl:2");
        let (docs, diags) = read_bytes(Path::new("odd.bin"), vec![0xff]);
        assert!(docs.is_empty());
        assert_eq!(diags[0].source, "odd.bin");
    }

    #[test]
    fn stdin_reader() {
        let (docs, diags) = read_stdin(&b"From a pipe.\n"[..]);
        assert!(diags.is_empty());
        assert_eq!(docs[0].id, "stdin");
        assert_eq!(docs[0].source, "<stdin>");
        assert_eq!(docs[0].raw, "From a pipe.\n");
        let (docs, diags) = read_stdin(&b"\n\n"[..]);
        assert!(docs.is_empty());
        assert_eq!(diags, [Diagnostic::new("<stdin>", "empty; skipped")]);
    }
}
