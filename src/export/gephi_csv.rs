//! CSV in Gephi's spreadsheet convention: a nodes table and an edges table, which Gephi's
//! Data Laboratory imports ("Import Spreadsheet", once per table) and any spreadsheet opens.
//!
//! In: a [`KnowledgeGraph`]. Out: [`GephiCsv`], two RFC 4180 documents written with the `csv`
//! crate (comma separated, every field that needs it double-quoted, quotes doubled, line
//! breaks kept inside quotes; UTF-8 without a byte-order mark).
//!
//! - `nodes.csv`: `Id`, `Label`, `type`, `aliases`, `mentions`, `documents`.
//! - `edges.csv`: `Source`, `Target`, `Type` (`Directed`, or `Undirected` for symmetric
//!   relations), `Id`, `Label` (the relation), `relation`, `status`, `confidence`, `date` (as in
//!   graph.json: `2017`, `2017-05` or `2017-05-10`, empty when undated), `Weight` (the number of
//!   evidence sentences), `evidence` (the first evidence sentence) and `documents`.
//!
//! `Id`, `Label`, `Source`, `Target`, `Type` and `Weight` are the column names Gephi reads as
//! structure; the others become attributes. Lists are joined by
//! [`LIST_SEPARATOR`](super::gexf::LIST_SEPARATOR). Nodes are written by id, edges in
//! [`KnowledgeGraph::edges_sorted`] order (edge ids `0`, `1`, ..., as in GEXF).

use super::gexf::LIST_SEPARATOR;
use crate::graph::KnowledgeGraph;
use std::borrow::Cow;
use std::io;

/// The header of `nodes.csv`.
pub const NODE_COLUMNS: [&str; 6] = ["Id", "Label", "type", "aliases", "mentions", "documents"];

/// The header of `edges.csv`.
pub const EDGE_COLUMNS: [&str; 12] = [
    "Source",
    "Target",
    "Type",
    "Id",
    "Label",
    "relation",
    "status",
    "confidence",
    "date",
    "Weight",
    "evidence",
    "documents",
];

/// The two tables of the spreadsheet export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GephiCsv {
    /// `nodes.csv`.
    pub nodes: String,
    /// `edges.csv`.
    pub edges: String,
}

/// The graph as Gephi's nodes and edges tables; deterministic. Fails only when an evidence
/// sentence stored on disk cannot be read back.
pub fn to_gephi_csv(g: &KnowledgeGraph) -> io::Result<GephiCsv> {
    let nodes = table(&NODE_COLUMNS, |w| {
        for n in g.nodes_sorted() {
            w.write_record([
                n.id.as_str(),
                n.label.as_str(),
                n.kind.as_str(),
                &n.aliases.join(LIST_SEPARATOR),
                &n.mentions.to_string(),
                &n.docs.join(LIST_SEPARATOR),
            ])?;
        }
        Ok(())
    });
    let edges = table(&EDGE_COLUMNS, |w| {
        for (i, e) in g.edges_sorted().iter().enumerate() {
            let edge = e.edge;
            let kind = if edge.predicate.is_symmetric() {
                "Undirected"
            } else {
                "Directed"
            };
            let mut documents: Vec<&str> = Vec::new();
            for v in &edge.evidence {
                if !documents.contains(&v.doc.as_ref()) {
                    documents.push(&v.doc);
                }
            }
            w.write_record([
                e.source.id.as_str(),
                e.target.id.as_str(),
                kind,
                &i.to_string(),
                edge.predicate.as_str(),
                edge.predicate.as_str(),
                edge.status.as_str(),
                &edge.confidence.to_string(),
                &edge.date.map(|d| d.to_string()).unwrap_or_default(),
                &edge.evidence.len().to_string(),
                &match edge.evidence.first() {
                    Some(v) => v.sentence.read()?,
                    None => Cow::Borrowed(""),
                },
                &documents.join(LIST_SEPARATOR),
            ])?;
        }
        Ok(())
    });
    Ok(GephiCsv {
        nodes: nodes?,
        edges: edges?,
    })
}

/// A CSV document with `header`, its rows written by `rows`.
fn table(
    header: &[&str],
    rows: impl FnOnce(&mut ::csv::Writer<Vec<u8>>) -> ::csv::Result<()>,
) -> io::Result<String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(header).and_then(|()| rows(&mut w))?;
    let bytes = w
        .into_inner()
        .expect("flushing CSV into memory cannot fail");
    Ok(String::from_utf8(bytes).expect("the writer is given only UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testing::{hostile_graph, HOSTILE_NAME, HOSTILE_SENTENCE};
    use crate::graph::testing::sample;
    use proptest::prelude::*;

    /// The rows of a CSV document, header first, read back with the `csv` crate.
    fn read(text: &str) -> Vec<Vec<String>> {
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn tables_have_gephi_headers_and_one_row_per_node_and_edge() {
        let g = sample();
        let csv = to_gephi_csv(&g).unwrap();
        let nodes = read(&csv.nodes);
        let edges = read(&csv.edges);
        assert_eq!(nodes[0], NODE_COLUMNS);
        assert_eq!(edges[0], EDGE_COLUMNS);
        assert_eq!(nodes.len() - 1, g.node_count());
        assert_eq!(edges.len() - 1, g.edge_count());
        for (row, e) in edges[1..].iter().zip(g.edges_sorted()) {
            assert_eq!(row[0], e.source.id);
            assert_eq!(row[1], e.target.id);
            let expected = if e.edge.predicate.is_symmetric() {
                "Undirected"
            } else {
                "Directed"
            };
            assert_eq!(row[2], expected);
            assert_eq!(row[4], e.edge.predicate.as_str());
            assert_eq!(row[9], e.edge.evidence.len().to_string());
        }
        for (row, n) in nodes[1..].iter().zip(g.nodes_sorted()) {
            assert_eq!(row[0], n.id);
            assert_eq!(row[1], n.label);
            assert_eq!(row[2], n.kind.as_str());
            assert_eq!(row[4], n.mentions.to_string());
        }
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(
            to_gephi_csv(&sample()).unwrap(),
            to_gephi_csv(&sample()).unwrap()
        );
    }

    #[test]
    fn hostile_text_survives() {
        let csv = to_gephi_csv(&hostile_graph(HOSTILE_NAME, HOSTILE_SENTENCE)).unwrap();
        let nodes = read(&csv.nodes);
        assert!(nodes.iter().any(|row| row[1] == HOSTILE_NAME), "{nodes:?}");
        let edges = read(&csv.edges);
        assert_eq!(edges[1][10], HOSTILE_SENTENCE);
    }

    proptest! {
        #[test]
        fn any_name_and_sentence_round_trip(
            name in "\\PC{1,40}|[\"\r\n,;|]{1,5}",
            sentence in "\\PC{0,80}|[\"\r\n,]{1,5}",
        ) {
            let csv = to_gephi_csv(&hostile_graph(&name, &sentence)).unwrap();
            let nodes = read(&csv.nodes);
            prop_assert!(nodes.iter().any(|row| row[1] == name));
            let edges = read(&csv.edges);
            prop_assert_eq!(edges.len(), 2);
            prop_assert_eq!(&edges[1][10], &sentence);
        }
    }
}
