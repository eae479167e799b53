//! A reader for CoNLL-U, the Universal Dependencies file format.
//!
//! In: UTF-8 text whose lines are `#` comments, word lines of 10 tab-separated columns
//! (ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC), and blank lines ending sentences.
//! Multiword-token lines (`3-4`) and empty nodes (`8.1`) are skipped, so a sentence holds its
//! syntactic words numbered 1..n. Out: [`Sentence`]s of [`TokenRow`]s. Malformed lines are
//! [`Error::Format`] naming the file and line; unreadable files are [`Error::Io`].

use crate::error::{Error, Result};
use std::path::Path;

/// One syntactic word of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    /// The word form (column 2).
    pub form: String,
    /// The lemma (column 3).
    pub lemma: String,
    /// The universal part-of-speech tag (column 4).
    pub upos: String,
    /// The language-specific tag, PTB for English (column 5).
    pub xpos: String,
    /// Morphological features (column 6), `_` when none.
    pub feats: String,
    /// The 1-based index of the head word, 0 for the root (column 7).
    pub head: usize,
    /// The dependency relation to the head (column 8).
    pub deprel: String,
    /// Miscellaneous annotations such as `SpaceAfter=No` (column 10).
    pub misc: String,
}

/// One sentence: its words in order (word `i` has CoNLL-U ID `i + 1`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The words.
    pub tokens: Vec<TokenRow>,
}

/// Reads and parses a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text, path)
}

/// Parses CoNLL-U text; `path` names the source in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Sentence>> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let fail = |message: String| Error::Format {
            path: path.to_path_buf(),
            message: format!("line {}: {message}", n + 1),
        };
        if line.trim().is_empty() {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(fail(format!("{} columns, expected 10", cols.len())));
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue;
        }
        let expected = current.tokens.len() + 1;
        if id.parse::<usize>().ok() != Some(expected) {
            return Err(fail(format!("word ID {id:?}, expected {expected}")));
        }
        let head = cols[6]
            .parse::<usize>()
            .map_err(|_| fail(format!("head {:?} is not a number", cols[6])))?;
        current.tokens.push(TokenRow {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
        });
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    for (i, s) in sentences.iter().enumerate() {
        if let Some(t) = s.tokens.iter().find(|t| t.head > s.tokens.len()) {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!(
                    "sentence {}: head {} beyond its {} words",
                    i + 1,
                    t.head,
                    s.tokens.len()
                ),
            });
        }
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SNIPPET: &str = "# sent_id = a\n# text = I don't know.\n\
1\tI\tI\tPRON\tPRP\tCase=Nom\t4\tnsubj\t4:nsubj\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
4.1\tx\tx\tX\tX\t_\t_\t_\t4:dep\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\
\n\
# sent_id = b\n\
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\t_\n";

    fn parse_str(text: &str) -> Result<Vec<Sentence>> {
        parse(text, Path::new("x.conllu"))
    }

    #[test]
    fn reads_words_and_skips_multiwords_and_empty_nodes() {
        let s = parse_str(SNIPPET).unwrap();
        assert_eq!(s.len(), 2);
        let forms: Vec<&str> = s[0].tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["I", "do", "n't", "know", "."]);
        let know = &s[0].tokens[3];
        assert_eq!(
            (know.lemma.as_str(), know.upos.as_str(), know.xpos.as_str()),
            ("know", "VERB", "VB")
        );
        assert_eq!((know.head, know.deprel.as_str()), (0, "root"));
        assert_eq!(know.misc, "SpaceAfter=No");
        assert_eq!(s[0].tokens[0].head, 4);
        assert_eq!(s[1].tokens[0].upos, "INTJ");
    }

    fn check_error(text: &str, expected: &str) {
        let e = parse_str(text).unwrap_err().to_string();
        assert!(e.starts_with("x.conllu: "), "{e}");
        assert!(e.contains(expected), "{e} lacks {expected}");
    }

    #[test]
    fn errors_name_file_and_line() {
        check_error("# c\n1\tA\ta\tX\n", "line 2: 4 columns");
        check_error("1\tA\ta\tX\tX\t_\tx\tdep\t_\t_\n", "line 1: head \"x\"");
        check_error("2\tA\ta\tX\tX\t_\t0\troot\t_\t_\n", "line 1: word ID \"2\"");
        check_error("1\tA\ta\tX\tX\t_\t3\tdep\t_\t_\n", "sentence 1: head 3");
    }

    #[test]
    fn missing_file_is_an_io_error() {
        let e = read_file(Path::new("/nonexistent/x.conllu")).unwrap_err();
        assert!(matches!(e, Error::Io { .. }));
    }

    #[test]
    fn crlf_and_trailing_blank_lines() {
        let s = parse_str("1\tA\ta\tX\tX\t_\t0\troot\t_\t_\r\n\r\n\r\n").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].tokens[0].deprel, "root");
    }
}
