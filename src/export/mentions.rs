//! The mention listing of `newsgraph mentions --json`: one record per entity mention, with
//! byte offsets into the original document, for highlighting and for checking recognition.

use crate::mentions::MentionForm;
use crate::resolve::Corpus;
use serde::Serialize;

/// One mention as written to JSON Lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MentionRecord {
    /// Document id.
    pub doc: String,
    /// First byte in the original document.
    pub start: usize,
    /// One past the last byte in the original document.
    pub end: usize,
    /// The original text of the mention (title included).
    pub text: String,
    /// Entity type (`PERSON`, `ORG`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// `name`, `demonym`, `pronoun` or `nominal`.
    pub form: &'static str,
    /// The node id it resolved to; `null` when unresolved.
    pub entity: Option<String>,
}

/// The records of every mention of every document, in document and text order.
pub fn records(corpus: &Corpus) -> Vec<MentionRecord> {
    let mut out = Vec::new();
    for doc in &corpus.docs {
        let text = &doc.doc.text;
        let raw = &text.clean.doc.raw;
        for (i, m) in doc.doc.mentions.iter().enumerate() {
            let span = text.clean.alignment.to_raw(m.span);
            out.push(MentionRecord {
                doc: text.clean.doc.id.clone(),
                start: span.start,
                end: span.end,
                text: raw
                    .get(span.start..span.end)
                    .unwrap_or_default()
                    .to_string(),
                kind: m.kind.to_string(),
                form: match m.form {
                    MentionForm::Name => "name",
                    MentionForm::Demonym => "demonym",
                    MentionForm::Dateline => "dateline",
                    MentionForm::Pronoun => "pronoun",
                    MentionForm::Nominal => "nominal",
                },
                entity: doc.entity_of[i].map(|e| corpus.entities[e].id.clone()),
            });
        }
    }
    out
}
