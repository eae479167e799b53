//! Where a build keeps its documents' extracts until the graph is assembled: in memory, or
//! spilled to a temporary file so that memory holds little more than the graph.
//!
//! A streamed build (`pipeline::build_paths`) writes each [`DocExtract`] as its
//! partial-graph line ([`partial::to_line`]) to an unnamed temporary file as soon as it is
//! made, and keeps in memory only the document's id, content hash, sentence count and where
//! its line is. When the graph is assembled, the entity tables are read back together
//! (entity resolution across documents needs them all at once; names repeated across
//! documents are kept once) and dropped once merged, then the roles, then the relations and
//! roles again, one document at a time. On that last read each document's evidence
//! sentences go, once each, into a second temporary file (`evidence_text::SentenceFile`),
//! and the records read back point there, so the graph holds no sentence text. The lines are
//! copied, in document-id order, into `partial.jsonl`. The files live in the system's
//! temporary folder (`TMPDIR` on Unix); the extract file is deleted when the store is
//! dropped, the sentence file when the last record pointing into it is.
//!
//! In: [`DocExtract`]s, in input order. Out: the same extracts, whole ([`ExtractStore::read`])
//! or as the pieces `pipeline::assemble` asks for ([`ExtractSource`]), and the partial-graph
//! lines ([`ExtractStore::write_lines`]).

use crate::error::{Error, Result};
use crate::evidence_text::{SentenceFile, SentenceText};
use crate::partial;
use crate::pipeline::{DocExtract, ExtractSource};
use crate::relations::roles::DocRoles;
use crate::relations::DocRelations;
use crate::resolve::{LocalEntity, NameSharing};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The extracts of a build, in the order they were added; at most one per document id when
/// added with [`ExtractStore::replace`] or [`ExtractStore::insert_union`].
pub struct ExtractStore {
    kept: Kept,
    /// Where each document id is.
    index: HashMap<String, usize>,
}

/// How the extracts are kept.
enum Kept {
    /// Whole, in memory.
    Memory(Vec<DocExtract>),
    /// As partial-graph lines in `file`, `end` bytes long so far; `docs` is what stays in
    /// memory. The evidence sentences of the roles and relations read back go to
    /// `sentences`, and their records point there.
    Spilled {
        file: File,
        end: u64,
        docs: Vec<SpilledDoc>,
        sentences: Arc<SentenceFile>,
    },
}

/// What stays in memory of a spilled extract.
struct SpilledDoc {
    id: String,
    content_hash: String,
    sentences: usize,
    /// Offset of its line in the file.
    start: u64,
    /// Length of its line, without the newline.
    len: usize,
}

impl ExtractStore {
    /// A store that keeps `extracts` in memory.
    pub fn in_memory(extracts: Vec<DocExtract>) -> ExtractStore {
        let index = extracts
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        ExtractStore {
            kept: Kept::Memory(extracts),
            index,
        }
    }

    /// An empty store that spills to a new temporary file.
    pub fn spilled() -> Result<ExtractStore> {
        let file = tempfile::tempfile().map_err(|e| Error::io(temporary(), e))?;
        let sentences = SentenceFile::new().map_err(|e| Error::io(temporary(), e))?;
        Ok(ExtractStore {
            kept: Kept::Spilled {
                file,
                end: 0,
                docs: Vec::new(),
                sentences,
            },
            index: HashMap::new(),
        })
    }

    /// Adds one extract after the others.
    pub fn push(&mut self, extract: DocExtract) -> Result<()> {
        self.index.insert(extract.id.clone(), self.len());
        match &mut self.kept {
            Kept::Memory(extracts) => extracts.push(extract),
            Kept::Spilled {
                file, end, docs, ..
            } => docs.push(append(file, end, extract)?),
        }
        Ok(())
    }

    /// Adds `extract` in place of the extract with its id, if there is one, else after the
    /// others.
    pub fn replace(&mut self, extract: DocExtract) -> Result<()> {
        match self.index.get(&extract.id) {
            Some(&at) => self.put(at, extract),
            None => self.push(extract),
        }
    }

    /// Adds `extract`, unless an extract with its id is there already: then the one of the
    /// two whose partial-graph line sorts first is kept, so that the result does not depend
    /// on the order the extracts come in ([`partial::union`]'s rule).
    pub fn insert_union(&mut self, extract: DocExtract) -> Result<()> {
        let Some(&at) = self.index.get(&extract.id) else {
            return self.push(extract);
        };
        // Lines are compared only on a clash, which is rare.
        let kept = match &self.kept {
            Kept::Memory(extracts) => partial::to_line(&extracts[at]).into_bytes(),
            Kept::Spilled { file, docs, .. } => read_line(file, &docs[at])?,
        };
        if partial::to_line(&extract).as_bytes() < kept.as_slice() {
            self.put(at, extract)?;
        }
        Ok(())
    }

    /// Adds every extract of the partial graph `reader` with [`Self::insert_union`]; `source`
    /// names it in errors, which give the line.
    pub fn read_partial(&mut self, reader: impl BufRead, source: &Path) -> Result<()> {
        partial::read_each(reader, source, &mut |extract| self.insert_union(extract))
    }

    /// [`Self::read_partial`] of the file `path`; errors name it.
    pub fn read_partial_file(&mut self, path: &Path) -> Result<()> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        self.read_partial(std::io::BufReader::new(file), path)
    }

    /// The id and content hash of every extract.
    pub fn content_hashes(&self) -> Vec<(&str, &str)> {
        match &self.kept {
            Kept::Memory(extracts) => extracts
                .iter()
                .map(|e| (e.id.as_str(), e.content_hash.as_str()))
                .collect(),
            Kept::Spilled { docs, .. } => docs
                .iter()
                .map(|d| (d.id.as_str(), d.content_hash.as_str()))
                .collect(),
        }
    }

    /// Puts `extract` at position `at`, in place of the one there.
    fn put(&mut self, at: usize, extract: DocExtract) -> Result<()> {
        match &mut self.kept {
            Kept::Memory(extracts) => extracts[at] = extract,
            Kept::Spilled {
                file, end, docs, ..
            } => docs[at] = append(file, end, extract)?,
        }
        Ok(())
    }

    /// Number of extracts.
    pub fn len(&self) -> usize {
        match &self.kept {
            Kept::Memory(extracts) => extracts.len(),
            Kept::Spilled { docs, .. } => docs.len(),
        }
    }

    /// True when the store holds no extract.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of sentences read, over all documents.
    pub fn sentence_count(&self) -> usize {
        match &self.kept {
            Kept::Memory(extracts) => extracts.iter().map(|e| e.sentences).sum(),
            Kept::Spilled { docs, .. } => docs.iter().map(|d| d.sentences).sum(),
        }
    }

    /// Extract `doc`, whole (read back from the file if spilled).
    pub fn read(&self, doc: usize) -> Result<DocExtract> {
        match &self.kept {
            Kept::Memory(extracts) => Ok(extracts[doc].clone()),
            Kept::Spilled { file, docs, .. } => {
                let line = read_line(file, &docs[doc])?;
                let mut extract: DocExtract =
                    partial::parse_line(&line).map_err(|message| corrupt(doc, message))?;
                extract.read.share_evidence_text();
                Ok(extract)
            }
        }
    }

    /// Writes every extract as a partial-graph line ([`partial::to_line`]), in the order of
    /// their document ids, so that the lines depend only on which documents were read (as
    /// the graph does), not on their input order.
    pub fn write_lines(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_by(|&a, &b| self.id(a).cmp(self.id(b)));
        for doc in order {
            match &self.kept {
                Kept::Memory(extracts) => {
                    out.write_all(partial::to_line(&extracts[doc]).as_bytes())?;
                }
                Kept::Spilled { file, docs, .. } => {
                    out.write_all(&read_line(file, &docs[doc]).map_err(std::io::Error::other)?)?;
                }
            }
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// [`Self::write_lines`] into a string.
    pub fn to_text(&self) -> Result<String> {
        let mut bytes = Vec::new();
        self.write_lines(&mut bytes)
            .map_err(|e| Error::io(temporary(), e))?;
        String::from_utf8(bytes).map_err(|_| Error::Format {
            path: temporary(),
            message: "not UTF-8".to_string(),
        })
    }
}

impl ExtractSource for ExtractStore {
    type Error = Error;

    fn len(&self) -> usize {
        ExtractStore::len(self)
    }

    fn id(&self, doc: usize) -> &str {
        match &self.kept {
            Kept::Memory(extracts) => &extracts[doc].id,
            Kept::Spilled { docs, .. } => &docs[doc].id,
        }
    }

    fn entity_tables(&self) -> Result<Vec<Cow<'_, [LocalEntity]>>, Error> {
        match &self.kept {
            Kept::Memory(extracts) => extracts[..].entity_tables().map_err(|never| match never {}),
            Kept::Spilled { file, docs, .. } => {
                let mut names = NameSharing::default();
                let mut tables = Vec::with_capacity(docs.len());
                for (doc, spilled) in docs.iter().enumerate() {
                    let line = read_line(file, spilled)?;
                    let mut table = partial::parse_entities(&line).map_err(|m| corrupt(doc, m))?;
                    for entity in &mut table {
                        names.share(entity);
                    }
                    tables.push(Cow::Owned(table));
                }
                Ok(tables)
            }
        }
    }

    fn roles(&self, doc: usize) -> Result<Cow<'_, DocRoles>> {
        match &self.kept {
            Kept::Memory(extracts) => Ok(Cow::Borrowed(&extracts[doc].read.roles)),
            Kept::Spilled { file, docs, .. } => {
                let line = read_line(file, &docs[doc])?;
                let roles = partial::parse_roles(&line).map_err(|m| corrupt(doc, m))?;
                Ok(Cow::Owned(roles))
            }
        }
    }

    /// A spilled document's evidence sentences go to the store's sentence file as they are
    /// read, each once; its records point there.
    fn relations(&self, doc: usize) -> Result<Cow<'_, DocRelations>> {
        match &self.kept {
            Kept::Memory(extracts) => Ok(Cow::Borrowed(&extracts[doc].read)),
            Kept::Spilled {
                file,
                docs,
                sentences,
                ..
            } => {
                let line = read_line(file, &docs[doc])?;
                let mut read = partial::parse_read(&line).map_err(|m| corrupt(doc, m))?;
                store_evidence_text(&mut read, sentences)?;
                Ok(Cow::Owned(read))
            }
        }
    }
}

/// Writes `extract`'s line at the end (`end`) of `file` and says where it is. A line that
/// an extract replaced stays in the file, unread.
fn append(file: &mut File, end: &mut u64, extract: DocExtract) -> Result<SpilledDoc> {
    let mut line = partial::to_line(&extract).into_bytes();
    let len = line.len();
    line.push(b'\n');
    file.write_all(&line)
        .map_err(|e| Error::io(temporary(), e))?;
    let spilled = SpilledDoc {
        id: extract.id,
        content_hash: extract.content_hash,
        sentences: extract.sentences,
        start: *end,
        len,
    };
    *end += line.len() as u64;
    Ok(spilled)
}

/// The line of `doc` in `file`.
fn read_line(mut file: &File, doc: &SpilledDoc) -> Result<Vec<u8>> {
    let mut line = vec![0; doc.len];
    file.seek(SeekFrom::Start(doc.start))
        .and_then(|_| file.read_exact(&mut line))
        .map_err(|e| Error::io(temporary(), e))?;
    Ok(line)
}

/// Makes one document's evidence records share their document ids
/// ([`DocRelations::share_evidence_text`]) and moves their sentences into `sentences`, each
/// distinct text once.
fn store_evidence_text(read: &mut DocRelations, sentences: &Arc<SentenceFile>) -> Result<()> {
    read.share_evidence_text();
    let records = (read.relations.iter_mut().map(|r| &mut r.evidence))
        .chain(read.roles.mentions.iter_mut().map(|r| &mut r.evidence));
    let mut stored: HashMap<Arc<str>, SentenceText> = HashMap::new();
    for evidence in records {
        let Some(text) = evidence.sentence.held().cloned() else {
            continue;
        };
        evidence.sentence = match stored.get(&text) {
            Some(handle) => handle.clone(),
            None => {
                let handle = sentences
                    .store(&text)
                    .map_err(|e| Error::io(temporary(), e))?;
                stored.insert(text, handle.clone());
                handle
            }
        };
    }
    Ok(())
}

/// The path errors on the temporary file name: its folder.
fn temporary() -> PathBuf {
    std::env::temp_dir().join("(newsgraph's temporary extract file)")
}

/// The error of a line that does not read back.
fn corrupt(doc: usize, message: String) -> Error {
    Error::Format {
        path: temporary(),
        message: format!("extract {}: {message}", doc + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::pipeline::{extract_document, BuildConfig};

    fn extracts() -> Vec<DocExtract> {
        let config = BuildConfig::quiet();
        [
            "Foreign Minister Anna Berg met with Prime Minister Tomas Lind in Oslo.",
            "Tomas Lind fired his adviser Karl Nyberg on March 3, 2021.",
            "Acme Corp said Karl Nyberg joined it.",
        ]
        .iter()
        .enumerate()
        .map(|(i, text)| extract_document(Document::from_text(format!("{i}.txt"), *text), &config))
        .collect()
    }

    fn spilled(extracts: &[DocExtract]) -> ExtractStore {
        let mut store = ExtractStore::spilled().unwrap();
        for e in extracts {
            store.push(e.clone()).unwrap();
        }
        store
    }

    #[test]
    fn a_spilled_store_gives_back_what_was_pushed() {
        let all = extracts();
        let store = spilled(&all);
        assert_eq!(store.len(), 3);
        assert_eq!(
            store.sentence_count(),
            all.iter().map(|e| e.sentences).sum::<usize>()
        );
        for (i, e) in all.iter().enumerate() {
            assert_eq!(&store.read(i).unwrap(), e);
            assert_eq!(store.id(i), e.id);
            assert_eq!(&*store.entity_tables().unwrap()[i], e.entities.as_slice());
            assert_eq!(*store.roles(i).unwrap(), e.read.roles);
            assert_eq!(*store.relations(i).unwrap(), e.read);
        }
        assert!(all.iter().any(|e| !e.read.relations.is_empty()));
        assert!(all.iter().any(|e| !e.read.roles.mentions.is_empty()));
    }

    #[test]
    fn both_stores_write_the_partial_graph_lines_in_id_order() {
        let all = extracts();
        let mut sorted = all.clone();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        let expected = partial::to_text(&sorted);
        let mut reversed = all.clone();
        reversed.reverse();
        assert_eq!(spilled(&reversed).to_text().unwrap(), expected);
        assert_eq!(spilled(&all).to_text().unwrap(), expected);
        assert_eq!(ExtractStore::in_memory(all).to_text().unwrap(), expected);
    }

    #[test]
    fn union_inserts_keep_what_partial_union_keeps_in_any_order() {
        let all = extracts();
        let mut other = all[0].clone();
        other.sentences += 1;
        let mut input = all.clone();
        input.push(other);
        input.extend(all.iter().rev().cloned());
        let expected = partial::to_text(&partial::union(input.clone()));
        for reversed in [false, true] {
            let mut ordered = input.clone();
            if reversed {
                ordered.reverse();
            }
            let mut spilled = ExtractStore::spilled().unwrap();
            let mut memory = ExtractStore::in_memory(Vec::new());
            for e in ordered {
                spilled.insert_union(e.clone()).unwrap();
                memory.insert_union(e).unwrap();
            }
            assert_eq!(spilled.len(), 3);
            assert_eq!(spilled.to_text().unwrap(), expected);
            assert_eq!(memory.to_text().unwrap(), expected);
        }
    }

    #[test]
    fn a_replaced_extract_is_read_in_place_of_the_old_one() {
        let all = extracts();
        let mut store = spilled(&all);
        let mut changed = all[1].clone();
        changed.sentences += 7;
        store.replace(changed.clone()).unwrap();
        assert_eq!(store.len(), 3);
        assert_eq!(store.read(1).unwrap(), changed);
        assert_eq!(
            store.content_hashes()[1],
            (changed.id.as_str(), changed.content_hash.as_str())
        );
    }

    #[test]
    fn evidence_read_back_is_stored_once_per_sentence() {
        let config = BuildConfig::quiet();
        let text = "President Ann Ray met with Bo Lin and spoke with Cy Tam in Oslo.";
        let doc = Document::from_text("a.txt", text);
        let store = spilled(&[extract_document(doc, &config)]);
        let read = store.relations(0).unwrap();
        let relations = &read.relations;
        assert!(relations.len() >= 2, "{relations:?}");
        let sentence = &relations[0].evidence.sentence;
        assert!(sentence.held().is_none(), "stored on disk");
        assert!(sentence.shares(&relations[1].evidence.sentence));
        assert!(read
            .roles
            .mentions
            .iter()
            .all(|r| r.evidence.sentence.shares(sentence)));
        assert_eq!(sentence.read().unwrap(), text);
    }
}
