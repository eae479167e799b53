//! Export: writes a [`KnowledgeGraph`](crate::graph::KnowledgeGraph) out as node-link JSON
//! ([`json`], the public, reloadable format), Graphviz DOT ([`dot`], for drawing), GEXF 1.3
//! ([`gexf`], for Gephi), GraphML ([`graphml`], for yEd, networkx, igraph), Gephi's
//! spreadsheet CSV ([`gephi_csv`]), or for Neo4j an idempotent Cypher script ([`cypher`]) and
//! `neo4j-admin` import CSVs ([`neo4j`]). [`format`] names the formats and writes any set of
//! them.
//!
//! In: a built graph. Out: strings, and files written atomically with [`write_atomic`].

pub mod cypher;
pub mod dot;
pub mod format;
pub mod gephi_csv;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod mentions;
pub mod neo4j;

pub use format::{write_formats, Format};

use crate::error::{Error, Result};
use crate::model::EntityKind;
use std::borrow::Cow;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// The colour of an entity type, `#rrggbb`: node fill in DOT, `viz:color` in GEXF.
pub fn kind_colour(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "#add8e6",
        EntityKind::Org => "#ffd8a8",
        EntityKind::Gpe => "#b8e6b8",
        EntityKind::Loc => "#e0d4f5",
        EntityKind::Event => "#fff3b0",
    }
}

/// The signature of a function that writes an XML document with quick-xml.
pub(crate) type XmlWriter =
    fn(&mut quick_xml::Writer<&mut dyn Write>, &crate::graph::KnowledgeGraph) -> io::Result<()>;

/// An XML document written by `write` into memory (2-space indent, UTF-8, ends with a
/// newline). Fails only when an evidence sentence stored on disk cannot be read back.
pub(crate) fn xml_document(
    g: &crate::graph::KnowledgeGraph,
    write: XmlWriter,
) -> io::Result<String> {
    let mut bytes = Vec::new();
    write_xml(&mut bytes, g, write)?;
    Ok(String::from_utf8(bytes).expect("the writer is given only UTF-8"))
}

/// [`xml_document`], streamed into `out`.
pub(crate) fn write_xml(
    out: &mut dyn Write,
    g: &crate::graph::KnowledgeGraph,
    write: XmlWriter,
) -> io::Result<()> {
    let mut w = quick_xml::Writer::new_with_indent(out, b' ', 2);
    write(&mut w, g)?;
    w.into_inner().write_all(b"\n")
}

/// Escapes untrusted text for an XML attribute value or text node: `&`, `<`, `>`, `"` and
/// `'` become entities, and tab, line feed and carriage return become character references
/// so that attribute-value normalisation keeps them. Characters XML 1.0 forbids (other C0
/// controls, U+FFFE, U+FFFF) become U+FFFD. Used by [`gexf`] and [`graphml`] with quick-xml's
/// `from_escaped` constructors.
pub(crate) fn xml_escape(text: &str) -> Cow<'_, str> {
    let needs = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'' | '\t' | '\n' | '\r')
            || (c < ' ')
            || c == '\u{FFFE}'
            || c == '\u{FFFF}'
    };
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Writes `bytes` to `path` atomically: parent folders are created, the bytes go to a temporary
/// file `.{name}.tmp-{pid}` in the same folder, which is synced and renamed over `path`.
/// A reader never sees a half-written file. On failure the temporary file is removed and the
/// error names `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] for output made as it is written: `write` streams the contents into a
/// buffered writer on the temporary file, so a large output never needs to be held in
/// memory whole.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let fail = |source: io::Error| Error::io(path, source);
    let name = path.file_name().ok_or_else(|| {
        fail(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file path",
        ))
    })?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(|e| match blocking_file(dir) {
        // "File exists" would not say which file is in the way.
        Some(file) => fail(io::Error::new(
            io::ErrorKind::NotADirectory,
            format!("{} is a file, not a folder", file.display()),
        )),
        None => fail(e),
    })?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| -> io::Result<()> {
        let mut out = io::BufWriter::with_capacity(1 << 16, fs::File::create(&tmp)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    match written {
        Ok(()) => {
            // Best effort: make the rename itself durable; not all platforms can open a folder.
            if let Ok(d) = fs::File::open(dir) {
                let _ = d.sync_all();
            }
            Ok(())
        }
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(fail(e))
        }
    }
}

/// The nearest ancestor of `dir` (or `dir` itself) that exists and is not a folder.
fn blocking_file(dir: &Path) -> Option<&Path> {
    dir.ancestors()
        .find(|a| !a.as_os_str().is_empty() && a.exists())
        .filter(|a| !a.is_dir())
}

/// A small XML reader for the tests of the XML writers: the whole document as a tree.
#[cfg(test)]
pub(crate) mod testing {
    use crate::graph::testing::{entity, mention};
    use crate::graph::{build, KnowledgeGraph};
    use crate::model::{EntityKind, Predicate, Status};
    use quick_xml::events::Event;
    use quick_xml::Reader;

    /// A name no XML writer may garble: quotes, markup, line breaks, emoji, Hebrew.
    pub const HOSTILE_NAME: &str = "\"Quoted\" <b>&amp; Co</b>\nline two\r\n\t'end' 🦀 שלום עולם";
    /// A sentence likewise: markup characters, Arabic, emoji and a right-to-left override.
    pub const HOSTILE_SENTENCE: &str =
        "He said: \"<&>\"\n\n— مرحبا 👍🏽 and \u{202E}reversed\u{202C}.";
    /// A proptest regex for names: any text XML 1.0 allows, 1 to 40 characters.
    pub const XML_NAME: &str = "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{fffe}\u{ffff}]{1,40}";
    /// A proptest regex for sentences: any text XML 1.0 allows, up to 80 characters.
    pub const XML_SENTENCE: &str = "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{fffe}\u{ffff}]{0,80}";

    /// A graph of one organisation named `name` praised by a person, with `sentence` as
    /// the evidence.
    pub fn hostile_graph(name: &str, sentence: &str) -> KnowledgeGraph {
        let entities = vec![
            entity("x", name, EntityKind::Org, &[]),
            entity("y", "Y", EntityKind::Person, &[]),
        ];
        let mut rel = mention(0, Predicate::Praised, 1, Status::Asserted, "d", 0);
        rel.evidence.sentence = sentence.into();
        build(entities, &[rel], vec!["d".into()])
    }

    /// An element: name, attributes (unescaped and normalised), child elements and text.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Element {
        /// Qualified name, e.g. `viz:color`.
        pub name: String,
        /// Attributes in document order.
        pub attrs: Vec<(String, String)>,
        /// Child elements.
        pub children: Vec<Element>,
        /// Text content (references resolved), concatenated.
        pub text: String,
    }

    impl Element {
        /// The value of attribute `key`.
        pub fn attr(&self, key: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        }

        /// The first child named `name`.
        pub fn child(&self, name: &str) -> Option<&Element> {
            self.children.iter().find(|c| c.name == name)
        }

        /// The children named `name`.
        pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
            self.children.iter().filter(move |c| c.name == name)
        }
    }

    fn element(e: &quick_xml::events::BytesStart<'_>) -> Element {
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .expect("valid attribute value");
                (a.key.as_ref().to_string(), value.into_owned())
            })
            .collect();
        Element {
            name: e.name().as_ref().to_string(),
            attrs,
            children: Vec::new(),
            text: String::new(),
        }
    }

    /// Parses `xml` (panicking on any error) and returns its root element.
    pub fn parse_xml(xml: &str) -> Element {
        let mut reader = Reader::from_str(xml);
        let mut stack: Vec<Element> = Vec::new();
        let mut root = None;
        loop {
            let event = reader
                .read_event()
                .unwrap_or_else(|e| panic!("{e} at {}\n{xml}", reader.buffer_position()));
            match event {
                Event::Start(e) => stack.push(element(&e)),
                Event::Empty(e) => {
                    let el = element(&e);
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None => root = Some(el),
                    }
                }
                Event::End(_) => {
                    let el = stack.pop().expect("balanced tags");
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None => root = Some(el),
                    }
                }
                Event::Text(t) => {
                    if let Some(top) = stack.last_mut() {
                        top.text
                            .push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                    }
                }
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref().unwrap() {
                        Some(c) => c,
                        None => match r.borrow().into_inner().as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => panic!("unknown entity {other}"),
                        },
                    };
                    if let Some(top) = stack.last_mut() {
                        top.text.push(c);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        assert!(stack.is_empty(), "unclosed elements");
        root.expect("a root element")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    }

    #[test]
    fn writes_creates_parents_and_overwrites() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b/graph.json");
        write_atomic(&path, b"first").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"first");
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert!(leftovers(&tmp.path().join("a/b")).is_empty());
    }

    #[test]
    fn error_names_the_target_and_leaves_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        // the target is an existing folder: the rename fails
        let target = tmp.path().join("out");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("keep"), b"x").unwrap();
        match write_atomic(&target, b"data") {
            Err(Error::Io { path, .. }) => assert_eq!(path, target),
            other => panic!("expected an Io error, got {other:?}"),
        }
        assert!(leftovers(tmp.path()).is_empty());
        // the parent is a file: the folder cannot be created
        let file = tmp.path().join("plain");
        fs::write(&file, b"x").unwrap();
        let under = file.join("graph.dot");
        match write_atomic(&under, b"data") {
            Err(Error::Io { path, source }) => {
                assert_eq!(path, under);
                assert_eq!(
                    source.to_string(),
                    format!("{} is a file, not a folder", file.display())
                );
            }
            other => panic!("expected an Io error, got {other:?}"),
        }
    }

    #[test]
    fn a_failed_streamed_write_keeps_the_old_file_and_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("graph.json");
        write_atomic_with(&path, |w| w.write_all(b"old")).unwrap();
        let failed = write_atomic_with(&path, |w| {
            w.write_all(b"half of the new")?;
            Err(io::Error::other("the writer gave up"))
        });
        match failed {
            Err(Error::Io { path: p, source }) => {
                assert_eq!(p, path);
                assert_eq!(source.to_string(), "the writer gave up");
            }
            other => panic!("expected an Io error, got {other:?}"),
        }
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert!(leftovers(tmp.path()).is_empty());
    }

    #[test]
    fn rejects_a_path_without_file_name() {
        assert!(matches!(
            write_atomic(Path::new("/"), b"x"),
            Err(Error::Io { .. })
        ));
    }
}
