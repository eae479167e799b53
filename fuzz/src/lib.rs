//! The checks behind the fuzz targets, one function per target. Each runs one document's
//! path through the public `newsgraph` API on arbitrary bytes and panics (which libFuzzer
//! reports as a crash) when the result breaks an invariant: a span outside its text or
//! not on a character boundary, an evidence offset outside the raw document, a mention
//! resolved to no entity. `tests/robustness.rs` includes this file to replay the crash
//! inputs kept in `tests/data/fuzz-regressions/`.

use newsgraph::clean::{self, CleanDoc};
use newsgraph::export::{json, mentions};
use newsgraph::ingest::{self, Document};
use newsgraph::model::Span;
use newsgraph::pipeline::{self, BuildConfig};
use newsgraph::text::{self, TextDoc};
use std::path::Path;

/// The file names a fuzz input may pose as; its first byte picks one.
pub const NAMES: [&str; 4] = ["in.txt", "in.md", "in.html", "in.jsonl"];

/// Splits a fuzz input into the file name it poses as and its bytes.
pub fn as_file(data: &[u8]) -> (&'static str, &[u8]) {
    match data.split_first() {
        Some((&first, rest)) => (NAMES[usize::from(first) % NAMES.len()], rest),
        None => (NAMES[0], data),
    }
}

/// Asserts that `span` lies inside `text` on character boundaries (`what` names it).
fn check_span(span: Span, text: &str, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} not on character boundaries"
    );
}

/// Ingest and cleaning: the bytes read as one file (see [`as_file`]) through
/// `ingest::read_bytes`, then `clean::clean` on every document.
///
/// Checks that every input gives documents or a diagnostic naming the file, that an
/// article's raw text is the input, and that paragraphs and their raw mapping are in bounds.
pub fn ingest_clean(data: &[u8]) {
    let (name, bytes) = as_file(data);
    let (docs, diags) = ingest::read_bytes(Path::new(name), bytes.to_vec());
    assert!(
        !docs.is_empty() || !diags.is_empty(),
        "{name}: nothing said"
    );
    for d in &diags {
        assert!(
            d.source.starts_with(name),
            "diagnostic {d:?} does not name {name}"
        );
    }
    for doc in docs {
        if !name.ends_with(".jsonl") {
            assert_eq!(doc.raw.as_bytes(), bytes, "raw text differs from the input");
        }
        check_clean(&clean::clean(doc));
    }
}

/// Checks one cleaned document: paragraphs in order, inside the clean text, and mapped
/// into the raw text.
fn check_clean(c: &CleanDoc) {
    let mut last = 0;
    for &p in &c.paragraphs {
        check_span(p, &c.text, "paragraph");
        assert!(p.start >= last, "paragraph {p:?} overlaps the one before");
        last = p.end;
        check_span(c.alignment.to_raw(p), &c.doc.raw, "raw paragraph");
    }
}

/// Sentence splitting: the bytes (lossily decoded) as a plain-text document, cleaned and
/// segmented; also `text::tokenize` on the decoded string itself.
///
/// Checks that sentences are in order, each inside one paragraph, and that tokens are in
/// order, non-empty and inside their sentence.
pub fn sentences(data: &[u8]) {
    let decoded = String::from_utf8_lossy(data).into_owned();
    let mut last = 0;
    for t in text::tokenize(&decoded) {
        check_span(t.span, &decoded, "token");
        assert!(
            t.span.start >= last && !t.span.is_empty(),
            "token {:?}",
            t.span
        );
        last = t.span.end;
    }
    check_text(&text::segment(clean::clean(Document::from_text(
        "fuzz.txt", decoded,
    ))));
}

/// Checks one segmented document (see [`sentences`]).
fn check_text(t: &TextDoc) {
    let text = &t.clean.text;
    let mut last = 0;
    for s in &t.sentences {
        check_span(s.span, text, "sentence");
        assert!(s.span.start >= last, "sentence {:?} overlaps", s.span);
        last = s.span.end;
        let para = t
            .clean
            .paragraphs
            .get(s.paragraph)
            .expect("paragraph index");
        assert!(
            para.start <= s.span.start && s.span.end <= para.end,
            "sentence {:?} crosses paragraph {para:?}",
            s.span
        );
        let mut at = s.span.start;
        for tok in &s.tokens {
            check_span(tok.span, text, "token");
            assert!(!tok.span.is_empty(), "empty token at {}", tok.span.start);
            assert!(
                at <= tok.span.start && tok.span.end <= s.span.end,
                "token {:?} outside sentence {:?}",
                tok.span,
                s.span
            );
            at = tok.span.end;
        }
    }
}

/// The whole per-document extraction: the bytes read as one file (see [`as_file`]),
/// resolved with their text kept (`pipeline::resolve_documents`, for mention checks) and
/// built with `pipeline::build_documents` (each document's extract, then `assemble`), then
/// written as `graph.json` and as mention records.
///
/// Checks mention spans, entity indices (local and merged), evidence offsets (inside the raw
/// document, on character boundaries) and that the JSON reads back with the same nodes and
/// edges.
pub fn extract(data: &[u8]) {
    let (name, bytes) = as_file(data);
    let (docs, _) = ingest::read_bytes(Path::new(name), bytes.to_vec());
    let corpus = pipeline::resolve_documents(docs.clone(), &BuildConfig::quiet());
    for d in &corpus.docs {
        check_text(&d.doc.text);
        let text = &d.doc.text.clean.text;
        assert_eq!(d.entity_of.len(), d.doc.mentions.len());
        for (m, e) in d.doc.mentions.iter().zip(&d.entity_of) {
            check_span(m.span, text, "mention");
            check_span(m.name_span, text, "mention name");
            assert!(m.sentence < d.doc.text.sentences.len(), "mention sentence");
            assert!(e.is_none_or(|e| e < corpus.entities.len()), "entity index");
        }
    }
    for m in mentions::records(&corpus) {
        let doc = docs
            .iter()
            .find(|d| d.id == m.doc)
            .expect("record names a document");
        check_span(Span::new(m.start, m.end), &doc.raw, "mention record");
    }
    let build = pipeline::build_documents(docs.clone(), &BuildConfig::quiet());
    for d in 0..build.extracts.len() {
        let x = build
            .extracts
            .read(d)
            .expect("extracts in memory read back");
        for r in &x.read.relations {
            assert!(
                r.subject < x.entities.len() && r.object < x.entities.len(),
                "local index"
            );
        }
    }
    for edge in build.graph.graph.edge_weights() {
        for evidence in &edge.evidence {
            let doc = docs
                .iter()
                .find(|d| *d.id == *evidence.doc)
                .expect("evidence names a document");
            check_span(
                Span::new(evidence.start, evidence.end),
                &doc.raw,
                "evidence",
            );
        }
    }
    let written = json::to_json(&build.graph).expect("an in-memory graph writes");
    let back = json::from_json_str(&written).expect("graph.json reads back");
    assert_eq!(back.node_count(), build.graph.node_count());
    assert_eq!(back.edge_count(), build.graph.edge_count());
}
