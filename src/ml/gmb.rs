//! A reader for the GMB-derived `ner_dataset.csv` (Groningen Meaning Bank NER extract).
//!
//! In: the file's bytes: Windows-1252 text, CRLF line ends, RFC 4180 quoting (`"10,000"`,
//! `""""` for a lone `"`), header `Sentence #,Word,POS,Tag`, one token per record, and a
//! non-empty first column (`Sentence: N`) on the first token of each sentence. Out:
//! [`IobSentence`]s with the GMB tags as written ("B-geo", "I-per", "O"). There are no
//! document boundaries, so only the first sentence starts a document. The file is truncated
//! at Excel's row limit; its last sentence is kept as it is (it only lacks its final word).
//! Records with other than four fields and unterminated quotes are [`Error::Format`].

use crate::error::{Error, Result};
use crate::ml::iob::IobSentence;
use std::path::Path;

/// Unicode for the Windows-1252 bytes 0x80..=0x9F; the five bytes the code page leaves
/// undefined map to the C1 control of the same value, as WHATWG's decoder does.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// Decodes Windows-1252 bytes: 0x80..=0x9F through the code page's table, every other byte
/// as the Latin-1 character of the same value.
pub fn decode_cp1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Splits RFC 4180 text into records of fields. Quoted fields may hold commas, line breaks
/// and doubled quotes; records end at LF or CRLF; blank lines are skipped.
pub fn parse_csv(text: &str, path: &Path) -> Result<Vec<Vec<String>>> {
    let mut records = Vec::new();
    let mut record: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() => {
                let quoted_start = line;
                loop {
                    match chars.next() {
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => {
                            if c == '\n' {
                                line += 1;
                            }
                            field.push(c);
                        }
                        None => {
                            return Err(Error::Format {
                                path: path.to_path_buf(),
                                message: format!("line {quoted_start}: unterminated quote"),
                            })
                        }
                    }
                }
            }
            ',' => record.push(std::mem::take(&mut field)),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                line += 1;
                if !(record.is_empty() && field.is_empty()) {
                    record.push(std::mem::take(&mut field));
                    records.push(std::mem::take(&mut record));
                }
            }
            c => field.push(c),
        }
    }
    if !(record.is_empty() && field.is_empty()) {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

/// Reads and parses the GMB CSV file.
pub fn read_file(path: &Path) -> Result<Vec<IobSentence>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    parse(&decode_cp1252(&bytes), path)
}

/// Parses decoded GMB CSV text into sentences; `path` names the source in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<IobSentence>> {
    let records = parse_csv(text, path)?;
    let mut out: Vec<IobSentence> = Vec::new();
    for (n, r) in records.iter().enumerate() {
        if n == 0 && r.first().is_some_and(|f| f.starts_with("Sentence #")) {
            continue;
        }
        let [first, word, _pos, tag] = r.as_slice() else {
            return Err(Error::Format {
                path: path.to_path_buf(),
                message: format!("record {}: {} fields, expected 4", n + 1, r.len()),
            });
        };
        if !first.is_empty() || out.is_empty() {
            out.push(IobSentence {
                doc_start: out.is_empty(),
                ..IobSentence::default()
            });
        }
        if let Some(s) = out.last_mut() {
            s.words.push(word.clone());
            s.tags.push(tag.clone());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_csv(input: &str, expected: &[&[&str]]) {
        let got = parse_csv(input, Path::new("t.csv")).unwrap();
        assert_eq!(got, expected, "{input:?}");
    }

    #[test]
    fn csv_quoting_and_line_ends() {
        check_csv("a,b\r\nc,d\r\n", &[&["a", "b"], &["c", "d"]]);
        check_csv(",\"10,000\",CD,O\r\n", &[&["", "10,000", "CD", "O"]]);
        check_csv(",\"\"\"\",``,O\n", &[&["", "\"", "``", "O"]]);
        check_csv("a,\"x\r\ny\"\n\nb", &[&["a", "x\r\ny"], &["b"]]);
        check_csv("a,", &[&["a", ""]]);
        assert!(parse_csv("a,\"open", Path::new("t.csv")).is_err());
    }

    #[test]
    fn cp1252_high_bytes() {
        assert_eq!(decode_cp1252(b"don\x92t"), "don\u{2019}t");
        assert_eq!(
            decode_cp1252(b"\x93a\x94 \x96 \x85"),
            "\u{201C}a\u{201D} \u{2013} \u{2026}"
        );
        assert_eq!(decode_cp1252(b"caf\xe9\xa0"), "caf\u{e9}\u{a0}");
        assert_eq!(decode_cp1252(b"\x81"), "\u{81}");
    }

    #[test]
    fn sentences_start_at_a_non_empty_first_column() {
        let text = "Sentence #,Word,POS,Tag\r\nSentence: 1,Bush,NNP,B-per\r\n,said,VBD,O\r\n\
                    ,\"10,000\",CD,O\r\nSentence: 2,In,IN,O\r\n,Iraq,NNP,B-geo\r\n";
        let s = parse(text, Path::new("t.csv")).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["Bush", "said", "10,000"]);
        assert_eq!(s[0].tags, ["B-per", "O", "O"]);
        assert_eq!(s[1].words, ["In", "Iraq"]);
        assert!(s[0].doc_start && !s[1].doc_start);
        let e = parse("Sentence #,Word,POS,Tag\n,a,b\n", Path::new("t.csv")).unwrap_err();
        assert!(e.to_string().contains("3 fields"), "{e}");
    }

    #[test]
    fn the_committed_slice_decodes() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/gmb-slice.csv");
        let s = read_file(&path).unwrap();
        assert!(s.len() >= 250, "{}", s.len());
        assert!(s.iter().all(|s| s.words.len() == s.tags.len()));
        assert_eq!(s[0].words[0], "Thousands");
    }
}
