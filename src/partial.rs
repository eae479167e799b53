//! Partial graphs: the per-document half of a build, written out so that documents can be
//! read on many machines and merged later (`newsgraph extract` maps, `newsgraph merge`
//! reduces).
//!
//! In: [`DocExtract`]s. Out: JSON Lines, one document's extract per line
//! (`{"partial": 1, "doc": {...}}`), and back. A partial graph is a set of extracts; merging
//! partial graphs is their union ([`union`]: by document id, a repeated id kept once), and
//! [`pipeline::assemble`](crate::pipeline::assemble) turns any union into the graph, with
//! entity resolution across all of its documents. Union is associative and commutative and
//! `assemble` orders extracts by id, so any grouping of merges gives the graph a single
//! `build` of the same documents gives. Intermediate merges only deduplicate: cross-document
//! resolution is greedy over the whole corpus, so it runs once, in the final merge.

use crate::error::{Error, Result};
use crate::pipeline::DocExtract;
use crate::relations::roles::DocRoles;
use crate::relations::DocRelations;
use crate::resolve::{LocalEntity, NameSharing};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;

/// The version of the partial-graph line format this build writes and reads.
pub const VERSION: u32 = 1;

/// The file `newsgraph build` saves its extracts in, beside graph.json, for `build --update`
/// and `newsgraph merge`.
pub const STATE_FILE: &str = "partial.jsonl";

/// One line of a partial graph.
#[derive(Serialize, Deserialize)]
struct Line<T> {
    /// [`VERSION`].
    partial: u32,
    /// The document's extract.
    doc: T,
}

/// One extract as a partial-graph line (JSON, no trailing newline).
pub fn to_line(extract: &DocExtract) -> String {
    serde_json::to_string(&Line {
        partial: VERSION,
        doc: extract,
    })
    .expect("an extract always serialises")
}

/// Reads a partial graph: every non-blank line of `reader` is one extract. `source` names
/// the input in errors, which give the line number. Evidence text and entity names repeated
/// across the records are kept once
/// ([`DocRelations::share_evidence_text`](crate::relations::DocRelations::share_evidence_text),
/// [`DocExtract::share_names`]).
pub fn read(reader: impl BufRead, source: &Path) -> Result<Vec<DocExtract>> {
    let mut out = Vec::new();
    let mut names = NameSharing::default();
    read_each(reader, source, &mut |mut doc| {
        doc.read.share_evidence_text();
        doc.share_names(&mut names);
        out.push(doc);
        Ok(())
    })?;
    Ok(out)
}

/// Reads a partial graph one extract at a time, handing each to `each` (which may fail, and
/// then stops the reading), without keeping any: for graphs larger than memory. Errors as
/// for [`read`].
pub fn read_each(
    reader: impl BufRead,
    source: &Path,
    each: &mut dyn FnMut(DocExtract) -> Result<()>,
) -> Result<()> {
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(source, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: DocExtract = parse_line(line.as_bytes()).map_err(|message| Error::Format {
            path: source.to_path_buf(),
            message: format!("line {}: {message}", i + 1),
        })?;
        each(doc)?;
    }
    Ok(())
}

/// One partial-graph line, read back; the error says what is wrong with it.
pub fn parse_line(line: &[u8]) -> std::result::Result<DocExtract, String> {
    parse(line)
}

/// Only the entity table of one partial-graph line (the rest is skipped, not kept).
pub fn parse_entities(line: &[u8]) -> std::result::Result<Vec<LocalEntity>, String> {
    /// The part of an extract that is read.
    #[derive(Deserialize)]
    struct Doc {
        entities: Vec<LocalEntity>,
    }
    parse::<Doc>(line).map(|doc| doc.entities)
}

/// Only the roles of one partial-graph line (the rest is skipped, not kept).
pub fn parse_roles(line: &[u8]) -> std::result::Result<DocRoles, String> {
    /// The part of an extract that is read.
    #[derive(Deserialize)]
    struct Doc {
        read: Roles,
    }
    /// The part of its relations that is read.
    #[derive(Deserialize)]
    struct Roles {
        roles: DocRoles,
    }
    parse::<Doc>(line).map(|doc| doc.read.roles)
}

/// Only the relations and roles of one partial-graph line (the rest is skipped, not kept).
pub fn parse_read(line: &[u8]) -> std::result::Result<DocRelations, String> {
    /// The part of an extract that is read.
    #[derive(Deserialize)]
    struct Doc {
        read: DocRelations,
    }
    parse::<Doc>(line).map(|doc| doc.read)
}

/// A partial-graph line whose document reads as a `T`, of this [`VERSION`].
fn parse<T: DeserializeOwned>(line: &[u8]) -> std::result::Result<T, String> {
    let parsed: Line<T> =
        serde_json::from_slice(line).map_err(|e| format!("not a partial-graph line ({e})"))?;
    if parsed.partial != VERSION {
        return Err(format!(
            "partial-graph version {} (this newsgraph reads version {VERSION})",
            parsed.partial
        ));
    }
    Ok(parsed.doc)
}

/// The extracts as a partial graph: one line each, in the order given.
pub fn to_text(extracts: &[DocExtract]) -> String {
    let mut bytes = Vec::new();
    write_lines(extracts, &mut bytes).expect("writing into memory cannot fail");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

/// [`to_text`], streamed into `out`.
pub fn write_lines(extracts: &[DocExtract], out: &mut dyn Write) -> std::io::Result<()> {
    for extract in extracts {
        let line = Line {
            partial: VERSION,
            doc: extract,
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The union of extracts, sorted by document id. A document id seen twice is kept once:
/// the extract whose line sorts first, so the result does not depend on the input order.
pub fn union(extracts: impl IntoIterator<Item = DocExtract>) -> Vec<DocExtract> {
    let mut by_id: BTreeMap<String, DocExtract> = BTreeMap::new();
    for e in extracts {
        match by_id.get_mut(&e.id) {
            // Lines are compared only on a clash, which is rare.
            Some(kept) => {
                if to_line(&e) < to_line(kept) {
                    *kept = e;
                }
            }
            None => {
                by_id.insert(e.id.clone(), e);
            }
        }
    }
    by_id.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Document;
    use crate::pipeline::{assemble, build_documents, extract_document, BuildConfig};

    fn docs() -> Vec<Document> {
        vec![
            Document::from_text(
                "a.txt",
                "Foreign Minister Anna Berg met with Prime Minister Tomas Lind in Oslo on \
                 March 3, 2021. Berg later told reporters that Lind had praised Norway.",
            ),
            Document::from_text(
                "b.txt",
                "Tomas Lind fired his adviser Karl Nyberg. Anna Berg denied that she had \
                 spoken with Nyberg.",
            ),
            Document::from_text(
                "c.txt",
                "Lind met with Berg again in Stockholm. Acme Corp said Karl Nyberg joined it.",
            ),
        ]
    }

    fn extracts() -> Vec<DocExtract> {
        let config = BuildConfig::quiet();
        docs()
            .into_iter()
            .map(|d| extract_document(d, &config))
            .collect()
    }

    fn graph_json(extracts: &[DocExtract]) -> String {
        crate::export::json::to_json(&assemble(extracts).graph).unwrap()
    }

    #[test]
    fn reading_shares_names_across_documents() {
        let config = BuildConfig::quiet();
        let written: Vec<DocExtract> = [
            "Acme Corp hired Karl Nyberg.",
            "Acme Corp fired Karl Nyberg.",
        ]
        .iter()
        .enumerate()
        .map(|(i, text)| extract_document(Document::from_text(format!("{i}.txt"), *text), &config))
        .collect();
        let back = read(to_text(&written).as_bytes(), Path::new("p.jsonl")).unwrap();
        assert_eq!(back, written);
        for label in ["Acme Corp", "Karl Nyberg"] {
            let named: Vec<_> = back
                .iter()
                .flat_map(|d| &d.entities)
                .filter(|e| e.name.label == label)
                .collect();
            assert_eq!(named.len(), 2, "{label} in both documents");
            assert!(
                std::sync::Arc::ptr_eq(&named[0].name, &named[1].name),
                "{label}"
            );
        }
    }

    #[test]
    fn lines_round_trip_and_name_the_bad_line() {
        let all = extracts();
        let text: String = all.iter().map(|e| to_line(e) + "\n").collect();
        let back = read(text.as_bytes(), Path::new("p.jsonl")).unwrap();
        assert_eq!(back, all);
        let broken = format!("{}\n\n{{\"partial\": 1}}\n", to_line(&all[0]));
        let err = read(broken.as_bytes(), Path::new("p.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("p.jsonl: line 3: not a partial-graph line"),
            "{err}"
        );
        let future = to_line(&all[0]).replace("{\"partial\":1", "{\"partial\":9");
        let err = read(future.as_bytes(), Path::new("p.jsonl"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("version 9"), "{err}");
    }

    #[test]
    fn assembling_extracts_gives_the_build_graph() {
        let built = build_documents(docs(), &BuildConfig::quiet());
        assert_eq!(
            graph_json(&extracts()),
            crate::export::json::to_json(&built.graph).unwrap()
        );
        assert!(built.graph.edge_count() > 0);
    }

    #[test]
    fn union_keeps_each_document_once_whatever_the_order() {
        let all = extracts();
        let mut doubled = all.clone();
        doubled.extend(all.iter().rev().cloned());
        let u = union(doubled);
        assert_eq!(
            u.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["a.txt", "b.txt", "c.txt"]
        );
        // Two different extracts under one id: the same one wins in either order.
        let mut other = all[0].clone();
        other.sentences += 1;
        let one = union([all[0].clone(), other.clone()]);
        let two = union([other, all[0].clone()]);
        assert_eq!(one, two);
    }

    proptest::proptest! {
        /// Any grouping and order of merges gives the graph of one build.
        #[test]
        fn merging_is_associative_and_commutative(
            groups in proptest::collection::vec(0usize..3, 3),
            order in proptest::sample::select(vec![
                [0usize, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0],
            ]),
        ) {
            let all = extracts();
            // Documents in some order, split into up to three partial graphs, each merged on
            // its own, then the partials merged in reverse.
            let mut partials: Vec<Vec<DocExtract>> = vec![Vec::new(); 3];
            for (&doc, &group) in order.iter().zip(&groups) {
                partials[group].push(all[doc].clone());
            }
            let merged: Vec<DocExtract> = partials.into_iter().rev().flat_map(union).collect();
            proptest::prop_assert_eq!(graph_json(&union(merged)), graph_json(&all));
        }
    }
}
