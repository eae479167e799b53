//! Sentences labelled with IOB2 tags, and a reader for the Universal NER `.iob2` format.
//!
//! In: UTF-8 text whose lines are `#` comments (`# newdoc id = ...` starts a document),
//! token lines of tab-separated columns `index token tag ...`, and blank lines ending
//! sentences. Out: [`IobSentence`]s holding the words and their tags as written ("B-PER",
//! "O"). Token lines with fewer than three columns are [`Error::Format`] naming the file and
//! line; unreadable files are [`Error::Io`]. The GMB CSV reader ([`crate::ml::gmb`]) gives
//! the same type.

use crate::error::{Error, Result};
use std::path::Path;

/// One sentence with one IOB2 tag per word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IobSentence {
    /// The words, as tokenised by the corpus.
    pub words: Vec<String>,
    /// The tag of each word ("O", "B-PER", "I-geo"...), as many as `words`.
    pub tags: Vec<String>,
    /// True when the sentence starts a new document.
    pub doc_start: bool,
}

/// Reads and parses a `.iob2` file.
pub fn read_file(path: &Path) -> Result<Vec<IobSentence>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text, path)
}

/// Parses `.iob2` text; `path` names the source in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<IobSentence>> {
    let mut out = Vec::new();
    let mut cur = IobSentence::default();
    let mut doc_pending = false;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if cur.words.is_empty() && comment.trim_start().starts_with("newdoc") {
                doc_pending = true;
            }
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(_), Some(word), Some(tag)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!("line {}: expected index, token and tag", n + 1),
            });
        };
        if cur.words.is_empty() {
            cur.doc_start = std::mem::take(&mut doc_pending) || out.is_empty();
        }
        cur.words.push(word.to_string());
        cur.tags.push(tag.to_string());
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences_documents_and_tags() {
        let text = "# newdoc id = a\n# sent_id = a-1\n# text = In Argentina\n1\tIn\tO\t-\t-\n\
                    2\tArgentina\tB-LOC\t-\tx\n\n# sent_id = a-2\n1\tOk\tO\t-\t-\n\n\
                    # newdoc id = b\n1\tBob\tB-PER\t-\t-\n";
        let s = parse(text, Path::new("t.iob2")).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].words, ["In", "Argentina"]);
        assert_eq!(s[0].tags, ["O", "B-LOC"]);
        assert_eq!(
            s.iter().map(|s| s.doc_start).collect::<Vec<_>>(),
            [true, false, true]
        );
    }

    #[test]
    fn short_lines_are_errors() {
        let e = parse("1\tword\n", Path::new("t.iob2")).unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }
}
