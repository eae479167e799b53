//! The text of an evidence sentence: held in memory, or stored in a temporary file.
//!
//! Every edge of a graph keeps the sentences it was read from, and on a large corpus their
//! text is the largest part of the graph. A build that spills its extracts (`spill`)
//! therefore stores each document's evidence sentences, once each, in a [`SentenceFile`]: an
//! unnamed temporary file in the system's temporary folder (`TMPDIR` on Unix), deleted when
//! the last [`SentenceText`] that points into it is dropped. The graph then holds only where
//! each sentence is, and the exports read the text back as they write it
//! ([`SentenceText::read`]). A graph built in memory or loaded from `graph.json` holds its
//! sentences in memory.
//!
//! In: sentence text. Out: [`SentenceText`] handles, cheap to clone, serialised as the text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::sync::{Arc, Mutex, PoisonError};

/// An append-only temporary file of sentence texts, read back at any offset.
pub struct SentenceFile {
    /// The file, for reading (positioned reads: no shared cursor).
    reader: File,
    /// The same file, for appending.
    writer: Mutex<Appender>,
}

/// The writing end of a [`SentenceFile`].
struct Appender {
    out: BufWriter<File>,
    /// Length of the file once `out` is flushed.
    end: u64,
}

impl SentenceFile {
    /// A new, empty file in the system's temporary folder.
    pub fn new() -> io::Result<Arc<SentenceFile>> {
        let reader = tempfile::tempfile()?;
        let out = BufWriter::with_capacity(1 << 16, reader.try_clone()?);
        Ok(Arc::new(SentenceFile {
            reader,
            writer: Mutex::new(Appender { out, end: 0 }),
        }))
    }

    /// Appends `text` and returns the handle that reads it back. A text too long for the
    /// handle's length field (4 GiB) stays in memory.
    pub fn store(self: &Arc<SentenceFile>, text: &str) -> io::Result<SentenceText> {
        let Ok(len) = u32::try_from(text.len()) else {
            return Ok(SentenceText::from(text));
        };
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        writer.out.write_all(text.as_bytes())?;
        let offset = writer.end;
        writer.end += u64::from(len);
        Ok(SentenceText(Repr::Stored {
            file: Arc::clone(self),
            offset,
            len,
        }))
    }

    /// The `len` bytes at `offset`, which [`SentenceFile::store`] wrote from a `str`. An
    /// error says that an evidence sentence could not be read back from the temporary folder.
    fn read(&self, offset: u64, len: u32) -> io::Result<String> {
        let unreadable = |e: io::Error| {
            io::Error::new(
                e.kind(),
                format!(
                    "an evidence sentence could not be read back from its temporary file ({e})"
                ),
            )
        };
        self.writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .out
            .flush()
            .map_err(unreadable)?;
        let mut bytes = vec![0; len as usize];
        read_exact_at(&self.reader, &mut bytes, offset).map_err(unreadable)?;
        String::from_utf8(bytes)
            .map_err(|e| unreadable(io::Error::new(io::ErrorKind::InvalidData, e)))
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// The text of an evidence sentence, in memory or in a [`SentenceFile`]. Clones share the
/// text. Serialised as the text; deserialised into memory.
#[derive(Clone)]
pub struct SentenceText(Repr);

#[derive(Clone)]
enum Repr {
    Held(Arc<str>),
    Stored {
        file: Arc<SentenceFile>,
        offset: u64,
        len: u32,
    },
}

impl SentenceText {
    /// The text: borrowed when held in memory, read from its file when stored. Reading fails
    /// only when the temporary file does (it was removed, or the disk failed).
    pub fn read(&self) -> io::Result<Cow<'_, str>> {
        match &self.0 {
            Repr::Held(text) => Ok(Cow::Borrowed(text)),
            Repr::Stored { file, offset, len } => file.read(*offset, *len).map(Cow::Owned),
        }
    }

    /// The text, if it is held in memory.
    pub fn held(&self) -> Option<&Arc<str>> {
        match &self.0 {
            Repr::Held(text) => Some(text),
            Repr::Stored { .. } => None,
        }
    }

    /// Length of the text in bytes.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Held(text) => text.len(),
            Repr::Stored { len, .. } => *len as usize,
        }
    }

    /// True for the empty sentence.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when both handles are one text: one allocation, or one place in one file.
    pub fn shares(&self, other: &SentenceText) -> bool {
        match (&self.0, &other.0) {
            (Repr::Held(a), Repr::Held(b)) => Arc::ptr_eq(a, b),
            (
                Repr::Stored { file, offset, .. },
                Repr::Stored {
                    file: f, offset: o, ..
                },
            ) => Arc::ptr_eq(file, f) && offset == o,
            _ => false,
        }
    }
}

impl From<Arc<str>> for SentenceText {
    fn from(text: Arc<str>) -> SentenceText {
        SentenceText(Repr::Held(text))
    }
}

impl From<&str> for SentenceText {
    fn from(text: &str) -> SentenceText {
        SentenceText(Repr::Held(Arc::from(text)))
    }
}

impl From<String> for SentenceText {
    fn from(text: String) -> SentenceText {
        SentenceText(Repr::Held(Arc::from(text)))
    }
}

/// Equal texts are equal wherever they are kept; a text that cannot be read equals only
/// itself.
impl PartialEq for SentenceText {
    fn eq(&self, other: &SentenceText) -> bool {
        self.shares(other)
            || self.len() == other.len()
                && matches!((self.read(), other.read()), (Ok(a), Ok(b)) if a == b)
    }
}

impl Eq for SentenceText {}

impl fmt::Debug for SentenceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.read() {
            Ok(text) => fmt::Debug::fmt(&*text, f),
            Err(e) => write!(f, "<unreadable sentence: {e}>"),
        }
    }
}

/// Writes the text; a stored text that cannot be read is a formatting error.
impl fmt::Display for SentenceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.read().map_err(|_| fmt::Error)?)
    }
}

impl Serialize for SentenceText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.read().map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for SentenceText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SentenceText, D::Error> {
        Arc::<str>::deserialize(deserializer).map(SentenceText::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_texts_read_back_as_written() {
        let file = SentenceFile::new().unwrap();
        let texts = [
            "The minister met the envoy.",
            "",
            "Élysée — ünïcode, \"quoted\".",
        ];
        let stored: Vec<SentenceText> = texts.iter().map(|t| file.store(t).unwrap()).collect();
        for (text, handle) in texts.iter().zip(&stored) {
            assert_eq!(handle.read().unwrap(), *text);
            assert_eq!(handle.len(), text.len());
            assert!(handle.held().is_none());
        }
        // Reads in any order, and after more writes.
        assert_eq!(stored[2].read().unwrap(), texts[2]);
        let later = file.store("One more.").unwrap();
        assert_eq!(stored[0].read().unwrap(), texts[0]);
        assert_eq!(later.read().unwrap(), "One more.");
    }

    #[test]
    fn stored_and_held_texts_compare_and_serialise_alike() {
        let file = SentenceFile::new().unwrap();
        let stored = file.store("A sentence.").unwrap();
        let held = SentenceText::from("A sentence.");
        assert_eq!(stored, held);
        assert_ne!(stored, SentenceText::from("Another."));
        assert!(stored.shares(&stored.clone()));
        assert!(!stored.shares(&held));
        assert_eq!(
            serde_json::to_string(&stored).unwrap(),
            serde_json::to_string(&held).unwrap()
        );
        let back: SentenceText = serde_json::from_str("\"A sentence.\"").unwrap();
        assert_eq!(back.held().map(|t| &**t), Some("A sentence."));
        assert_eq!(
            format!("{stored} / {stored:?}"),
            "A sentence. / \"A sentence.\""
        );
    }

    #[test]
    fn the_file_lives_as_long_as_a_handle() {
        let handle = SentenceFile::new().unwrap().store("Kept.").unwrap();
        assert_eq!(handle.read().unwrap(), "Kept.");
    }
}
