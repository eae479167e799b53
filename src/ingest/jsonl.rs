//! JSON Lines input: one article per line, `{"id", "text", "title"?, "date"?, "url"?}`.
//!
//! In: the bytes of one `.jsonl` file. Out: a [`Document`] per good line (source
//! `path:LINE`) and a [`Diagnostic`] per bad one; a bad line never stops the others.
//! Duplicate ids are handled by the caller, across all inputs.

use super::{is_blank, Document, SourceFormat};
use crate::error::Diagnostic;
use crate::model::PartialDate;
use serde_json::Value;

/// Parses every line of a JSON Lines file shown as `path` in messages.
pub(super) fn parse(path: &str, bytes: &[u8]) -> (Vec<Document>, Vec<Diagnostic>) {
    let mut docs = Vec::new();
    let mut diags = Vec::new();
    if is_blank(&String::from_utf8_lossy(bytes)) {
        diags.push(Diagnostic::new(path, "empty; skipped"));
        return (docs, diags);
    }
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let source = format!("{path}:{}", i + 1);
        let line = match std::str::from_utf8(line) {
            Ok(line) => line,
            Err(e) => {
                diags.push(Diagnostic::new(
                    source,
                    format!(
                        "not valid UTF-8 (invalid byte at offset {}); skipped",
                        e.valid_up_to()
                    ),
                ));
                continue;
            }
        };
        if is_blank(line) {
            continue;
        }
        match parse_line(line, &source, &mut diags) {
            Ok(doc) => docs.push(doc),
            Err(message) => diags.push(Diagnostic::new(source, message)),
        }
    }
    (docs, diags)
}

/// Reads one line of a JSON Lines stream (`source` names it in messages, e.g.
/// `<stdin>:12`): the article, or `None` for a blank line, plus any diagnostics (a bad
/// line is skipped with one; a bad `date` is kept without the date, with one).
pub fn read_line(line: &str, source: &str) -> (Option<Document>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if is_blank(line) {
        return (None, diags);
    }
    match parse_line(line, source, &mut diags) {
        Ok(doc) => (Some(doc), diags),
        Err(message) => {
            diags.push(Diagnostic::new(source, message));
            (None, diags)
        }
    }
}

/// Parses one non-blank line; a bad `date` is a warning pushed to `diags`, the rest errors.
fn parse_line(line: &str, source: &str, diags: &mut Vec<Diagnostic>) -> Result<Document, String> {
    let value: Value = serde_json::from_str(line.trim_start_matches('\u{feff}'))
        .map_err(|e| format!("invalid JSON ({e}); skipped"))?;
    let obj = value
        .as_object()
        .ok_or("not a JSON object; skipped".to_string())?;
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err("missing string \"id\"; skipped".to_string()),
    };
    let text = match obj.get("text") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(format!("{id:?}: missing string \"text\"; skipped")),
    };
    if is_blank(&text) {
        return Err(format!("{id:?}: empty text; skipped"));
    }
    let string = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_string);
    let date = match string("date") {
        Some(s) => match s.trim().parse::<PartialDate>() {
            Ok(d) => Some(d),
            Err(e) => {
                diags.push(Diagnostic::new(
                    source,
                    format!("{id:?}: {e}; kept without date"),
                ));
                None
            }
        },
        None => None,
    };
    Ok(Document {
        id,
        source: source.to_string(),
        format: SourceFormat::Text,
        raw: text,
        title: string("title"),
        date,
        url: string("url"),
    })
}
