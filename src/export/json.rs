//! Node-link JSON, the public file format of a saved graph (`graph.json`).
//!
//! In: a [`KnowledgeGraph`]. Out: pretty JSON that `networkx.node_link_graph(data,
//! edges="edges")` loads as a directed multigraph; and back: a file or string into
//! [`GraphRecord`] / [`KnowledgeGraph`].
//!
//! The format is written through the record structs below, not through derives on the model
//! types, so that it only changes on purpose:
//!
//! ```json
//! {"directed": true, "multigraph": true,
//!  "graph": {"generator": "newsgraph 0.1.0", "documents": ["a.txt"]},
//!  "nodes": [{"id": "donald-trump", "label": "Donald Trump", "type": "PERSON",
//!             "aliases": ["Trump"], "mentions": 57, "docs": ["a.txt"]}],
//!  "edges": [{"source": "donald-trump", "target": "sergei-lavrov", "relation": "MET_WITH",
//!             "key": 0, "status": "asserted", "date": "2017-05-10", "confidence": 0.9,
//!             "evidence": [{"doc": "a.txt", "start": 1234, "end": 1300, "sentence": "…"}]}]}
//! ```
//!
//! `date` is left out when there is none and `dates` is written only when there are several;
//! `role`/`roles` appear only on `HOLDS_ROLE_IN` edges and `verb` only on `RELATED` edges.
//! `key` counts the edges of each (source, target) pair, so networkx keys are stable.

use crate::error::{Error, Result};
use crate::graph::{EntityNode, KnowledgeGraph, RelationEdge};
use crate::model::{EntityKind, Evidence, PartialDate, Predicate, Status};
use serde::ser::{SerializeSeq as _, SerializeStruct as _};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::Path;
use std::sync::Arc;

/// The `generator` written into every file.
pub const GENERATOR: &str = concat!("newsgraph ", env!("CARGO_PKG_VERSION"));

/// A whole `graph.json` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GraphRecord {
    /// Always `true`.
    #[serde(default = "yes")]
    pub directed: bool,
    /// Always `true`: two entities may be joined by several relations.
    #[serde(default = "yes")]
    pub multigraph: bool,
    /// Graph-level attributes.
    #[serde(default)]
    pub graph: GraphMeta,
    /// Entities, sorted by id.
    pub nodes: Vec<NodeRecord>,
    /// Relations, sorted by source id, relation, target id and verb.
    pub edges: Vec<EdgeRecord>,
}

/// Graph-level attributes (`"graph"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphMeta {
    /// The program that wrote the file, e.g. `newsgraph 0.1.0`.
    #[serde(default)]
    pub generator: String,
    /// The documents the graph was built from, in input order.
    #[serde(default)]
    pub documents: Vec<String>,
}

/// One entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NodeRecord {
    /// Unique slug.
    pub id: String,
    /// Canonical name.
    pub label: String,
    /// `PERSON`, `ORG`, `GPE`, `LOC` or `EVENT`.
    #[serde(rename = "type")]
    pub kind: EntityKind,
    /// Other names, sorted.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Number of mentions.
    #[serde(default)]
    pub mentions: usize,
    /// Documents it is mentioned in, sorted.
    #[serde(default)]
    pub docs: Vec<Arc<str>>,
}

/// One relation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeRecord {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// The predicate (`MET_WITH`, ..., `RELATED`).
    pub relation: Predicate,
    /// Index of this edge among the edges from `source` to `target`.
    #[serde(default)]
    pub key: usize,
    /// `asserted`, `reported`, `alleged` or `denied`.
    #[serde(default = "asserted")]
    pub status: Status,
    /// The main (earliest) date, when the text gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    /// Every date, written only when there are several.
    #[serde(default, skip_serializing_if = "fewer_than_two")]
    pub dates: Vec<PartialDate>,
    /// Confidence in [0, 1], two decimals.
    #[serde(default)]
    pub confidence: f64,
    /// `HOLDS_ROLE_IN` only: the main role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// `HOLDS_ROLE_IN` only: every role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// `RELATED` only: the verb lemma.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verb: Option<String>,
    /// Where it was read.
    #[serde(default)]
    pub evidence: Vec<EvidenceRecord>,
}

/// One piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRecord {
    /// Document id.
    pub doc: Arc<str>,
    /// First byte of the sentence in the original document.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The sentence after cleaning.
    #[serde(default)]
    pub sentence: Arc<str>,
}

fn yes() -> bool {
    true
}

fn asserted() -> Status {
    Status::Asserted
}

fn fewer_than_two(v: &[PartialDate]) -> bool {
    v.len() < 2
}

impl GraphRecord {
    /// The record of a graph: nodes by id, edges in [`KnowledgeGraph::edges_sorted`] order.
    /// Fails only when an evidence sentence stored on disk cannot be read back.
    pub fn from_graph(g: &KnowledgeGraph) -> io::Result<GraphRecord> {
        Ok(GraphRecord {
            directed: true,
            multigraph: true,
            graph: graph_meta(g),
            nodes: g.nodes_sorted().into_iter().map(node_record).collect(),
            edges: edge_records(g).collect::<io::Result<_>>()?,
        })
    }

    /// Rebuilds the graph. Fails on a duplicate node id or an edge naming an unknown node.
    pub fn to_graph(&self) -> Result<KnowledgeGraph, String> {
        let mut g = KnowledgeGraph::new(self.graph.documents.clone());
        let mut seen = HashSet::new();
        for n in &self.nodes {
            if !seen.insert(n.id.as_str()) {
                return Err(format!("duplicate node id {:?}", n.id));
            }
            g.add_node(EntityNode {
                id: n.id.clone(),
                label: n.label.clone(),
                kind: n.kind,
                aliases: n.aliases.clone(),
                mentions: n.mentions,
                docs: n.docs.clone(),
            });
        }
        for (i, e) in self.edges.iter().enumerate() {
            g.add_edge(&e.source, &e.target, relation_edge(e))
                .ok_or_else(|| {
                    format!(
                        "edge {i} ({} {} {}) names an unknown node",
                        e.source, e.relation, e.target
                    )
                })?;
        }
        Ok(g)
    }
}

fn graph_meta(g: &KnowledgeGraph) -> GraphMeta {
    GraphMeta {
        generator: GENERATOR.to_string(),
        documents: g.documents.clone(),
    }
}

/// The edge records of a graph in [`KnowledgeGraph::edges_sorted`] order, made one at a time.
/// Edges come grouped by source, so the `key` counters only cover the current source.
fn edge_records(g: &KnowledgeGraph) -> impl Iterator<Item = io::Result<EdgeRecord>> + '_ {
    let mut source: Option<&str> = None;
    let mut keys: HashMap<&str, usize> = HashMap::new();
    g.edges_sorted().into_iter().map(move |view| {
        if source != Some(view.source.id.as_str()) {
            source = Some(view.source.id.as_str());
            keys.clear();
        }
        let counter = keys.entry(view.target.id.as_str()).or_insert(0);
        let key = *counter;
        *counter += 1;
        edge_record(&view.source.id, &view.target.id, key, view.edge)
    })
}

/// A graph serialised as its [`GraphRecord`] would be, but record by record: writing a
/// large graph never holds a copy of it.
struct StreamedRecord<'g>(&'g KnowledgeGraph);

/// The `nodes` list of a [`StreamedRecord`].
struct StreamedNodes<'g>(&'g KnowledgeGraph);

/// The `edges` list of a [`StreamedRecord`].
struct StreamedEdges<'g>(&'g KnowledgeGraph);

impl Serialize for StreamedRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut record = serializer.serialize_struct("GraphRecord", 5)?;
        record.serialize_field("directed", &true)?;
        record.serialize_field("multigraph", &true)?;
        record.serialize_field("graph", &graph_meta(self.0))?;
        record.serialize_field("nodes", &StreamedNodes(self.0))?;
        record.serialize_field("edges", &StreamedEdges(self.0))?;
        record.end()
    }
}

impl Serialize for StreamedNodes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.nodes_sorted().into_iter().map(node_record))
    }
}

impl Serialize for StreamedEdges<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for record in edge_records(self.0) {
            seq.serialize_element(&record.map_err(serde::ser::Error::custom)?)?;
        }
        seq.end()
    }
}

fn node_record(n: &EntityNode) -> NodeRecord {
    NodeRecord {
        id: n.id.clone(),
        label: n.label.clone(),
        kind: n.kind,
        aliases: n.aliases.clone(),
        mentions: n.mentions,
        docs: n.docs.clone(),
    }
}

fn edge_record(source: &str, target: &str, key: usize, e: &RelationEdge) -> io::Result<EdgeRecord> {
    let roles_apply = e.predicate == Predicate::HoldsRoleIn;
    Ok(EdgeRecord {
        source: source.to_string(),
        target: target.to_string(),
        relation: e.predicate,
        key,
        status: e.status,
        date: e.date,
        dates: e.dates.clone(),
        confidence: (f64::from(e.confidence) * 100.0).round() / 100.0,
        role: e.role.clone().filter(|_| roles_apply),
        roles: if roles_apply {
            e.roles.clone()
        } else {
            Vec::new()
        },
        verb: e.verb.clone().filter(|_| e.predicate == Predicate::Related),
        evidence: e
            .evidence
            .iter()
            .map(|ev| {
                Ok(EvidenceRecord {
                    doc: ev.doc.clone(),
                    start: ev.start,
                    end: ev.end,
                    sentence: match ev.sentence.held() {
                        Some(text) => Arc::clone(text),
                        None => Arc::from(ev.sentence.read()?),
                    },
                })
            })
            .collect::<io::Result<_>>()?,
    })
}

fn relation_edge(e: &EdgeRecord) -> RelationEdge {
    let mut dates = e.dates.clone();
    if let Some(d) = e.date {
        if !dates.contains(&d) {
            dates.push(d);
        }
    }
    dates.sort();
    dates.dedup();
    let mut roles = e.roles.clone();
    if let Some(r) = &e.role {
        if !roles.contains(r) {
            roles.push(r.clone());
        }
    }
    roles.sort();
    RelationEdge {
        predicate: e.relation,
        status: e.status,
        date: e.date.or_else(|| dates.first().copied()),
        dates,
        confidence: e.confidence as f32,
        role: e.role.clone(),
        roles,
        verb: e.verb.clone(),
        evidence: e
            .evidence
            .iter()
            .map(|ev| Evidence {
                doc: ev.doc.clone(),
                start: ev.start,
                end: ev.end,
                sentence: ev.sentence.clone().into(),
            })
            .collect(),
    }
}

/// The graph as pretty JSON (2-space indent, trailing newline); the same graph always gives
/// the same bytes. Fails only when an evidence sentence stored on disk cannot be read back.
pub fn to_json(g: &KnowledgeGraph) -> io::Result<String> {
    let mut bytes = Vec::new();
    write_json_to(g, &mut bytes)?;
    Ok(String::from_utf8(bytes).expect("serde_json writes UTF-8"))
}

/// [`to_json`], streamed into `out` one record at a time (the same bytes as serialising
/// [`GraphRecord::from_graph`], without building it).
pub fn write_json_to(g: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &StreamedRecord(g))?;
    out.write_all(b"\n")
}

/// Writes [`to_json`] to `path` atomically.
pub fn write_json(g: &KnowledgeGraph, path: &Path) -> Result<()> {
    super::write_atomic_with(path, |w| write_json_to(g, w))
}

/// Parses a `graph.json` text into its record.
pub fn parse_graph_record(s: &str) -> Result<GraphRecord, String> {
    serde_json::from_str(s).map_err(|e| e.to_string())
}

/// Reads a `graph.json` file.
pub fn read_graph_json(path: &Path) -> Result<GraphRecord> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse_graph_record(&text).map_err(|message| Error::Format {
        path: path.to_path_buf(),
        message,
    })
}

/// Loads a graph back from `graph.json` text.
pub fn from_json_str(s: &str) -> Result<KnowledgeGraph, String> {
    parse_graph_record(s)?.to_graph()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::sample;
    use serde_json::Value;

    fn edge_json<'v>(v: &'v Value, relation: &str) -> &'v Value {
        v["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["relation"] == relation)
            .unwrap_or_else(|| panic!("no {relation} edge"))
    }

    #[test]
    fn streamed_json_is_the_record_serialised() {
        for g in [sample(), KnowledgeGraph::new(Vec::new())] {
            let mut record =
                serde_json::to_string_pretty(&GraphRecord::from_graph(&g).unwrap()).unwrap();
            record.push('\n');
            assert_eq!(to_json(&g).unwrap(), record);
        }
    }

    #[test]
    fn schema_fields() {
        let v: Value = serde_json::from_str(&to_json(&sample()).unwrap()).unwrap();
        assert_eq!(v["directed"], true);
        assert_eq!(v["multigraph"], true);
        assert_eq!(v["graph"]["generator"], GENERATOR);
        assert_eq!(
            v["graph"]["documents"],
            serde_json::json!(["a.txt", "b.txt"])
        );
        let trump = &v["nodes"][0];
        assert_eq!(trump["id"], "donald-trump");
        assert_eq!(trump["label"], "Donald Trump");
        assert_eq!(trump["type"], "PERSON");
        assert_eq!(
            trump["aliases"],
            serde_json::json!(["President Trump", "Trump"])
        );
        assert_eq!(trump["mentions"], 3);
        assert_eq!(trump["docs"], serde_json::json!(["a.txt"]));

        let met = edge_json(&v, "MET_WITH");
        assert_eq!(met["source"], "sergei-lavrov");
        assert_eq!(met["target"], "donald-trump");
        assert_eq!(met["status"], "asserted");
        assert_eq!(met["date"], "2017-05-10");
        assert_eq!(met["dates"], serde_json::json!(["2017-05", "2017-05-10"]));
        assert_eq!(met["confidence"], 0.75);
        assert_eq!(met["evidence"][0]["doc"], "a.txt");
        assert_eq!(met["evidence"][0]["start"], 100);
        assert_eq!(met["evidence"][0]["end"], 110);
        assert!(met["evidence"][0]["sentence"].is_string());
        for absent in ["role", "roles", "verb"] {
            assert!(met.get(absent).is_none(), "{absent} on MET_WITH");
        }

        let role = edge_json(&v, "HOLDS_ROLE_IN");
        assert_eq!(role["role"], "Foreign Minister");
        assert_eq!(role["roles"], serde_json::json!(["Foreign Minister"]));
        assert!(role.get("date").is_none() && role.get("dates").is_none());

        let related = edge_json(&v, "RELATED");
        assert_eq!(related["verb"], "visit");
        assert_eq!(related["status"], "alleged");
        assert!(related.get("role").is_none());
    }

    #[test]
    fn keys_count_edges_per_pair() {
        let mut g = sample();
        let mut extra = g.edges_sorted()[0].edge.clone();
        let (s, t) = {
            let e = g.edges_sorted()[0];
            (e.source.id.clone(), e.target.id.clone())
        };
        extra.predicate = Predicate::Praised;
        g.add_edge(&s, &t, extra).unwrap();
        let rec = GraphRecord::from_graph(&g).unwrap();
        let pair: Vec<usize> = rec
            .edges
            .iter()
            .filter(|e| e.source == s && e.target == t)
            .map(|e| e.key)
            .collect();
        assert_eq!(pair, [0, 1]);
        assert!(rec
            .edges
            .iter()
            .filter(|e| e.source != s || e.target != t)
            .all(|e| e.key == 0));
    }

    #[test]
    fn output_is_pretty_and_deterministic() {
        let a = to_json(&sample()).unwrap();
        assert!(a.ends_with("}\n"));
        assert!(a.starts_with("{\n  \"directed\": true,\n"));
        assert_eq!(a, to_json(&sample()).unwrap());
    }

    #[test]
    fn round_trip() {
        let g = sample();
        let text = to_json(&g).unwrap();
        let back = from_json_str(&text).unwrap();
        assert_eq!(to_json(&back).unwrap(), text);
        assert_eq!(back.node_count(), g.node_count());
        assert_eq!(back.edge_count(), g.edge_count());
        for (a, b) in g.edges_sorted().iter().zip(back.edges_sorted()) {
            assert_eq!(a.edge, b.edge);
            assert_eq!(a.source, b.source);
            assert_eq!(a.target, b.target);
        }
        assert_eq!(back.documents, g.documents);
    }

    #[test]
    fn reading_tolerates_missing_optional_fields() {
        let text = r#"{"nodes": [{"id": "a", "label": "A", "type": "ORG"},
                                 {"id": "b", "label": "B", "type": "PERSON"}],
                       "edges": [{"source": "b", "target": "a", "relation": "HOLDS_ROLE_IN",
                                  "role": "CEO", "date": "2020-01"}]}"#;
        let g = from_json_str(text).unwrap();
        let e = g.edges_sorted()[0].edge;
        assert_eq!(e.status, Status::Asserted);
        assert_eq!(e.roles, ["CEO"]);
        assert_eq!(e.dates, [PartialDate::ym(2020, 1)]);
    }

    #[test]
    fn reading_rejects_bad_graphs() {
        let check = |text: &str, needle: &str| {
            let err = from_json_str(text).unwrap_err();
            assert!(err.contains(needle), "{err:?} lacks {needle:?}");
        };
        check("{", "EOF");
        check(
            r#"{"nodes": [{"id": "a", "label": "A", "type": "ROBOT"}], "edges": []}"#,
            "ROBOT",
        );
        check(
            r#"{"nodes": [{"id": "a", "label": "A", "type": "ORG"},
                          {"id": "a", "label": "A", "type": "ORG"}], "edges": []}"#,
            "duplicate",
        );
        check(
            r#"{"nodes": [], "edges": [{"source": "x", "target": "y", "relation": "TOLD"}]}"#,
            "unknown node",
        );
    }

    #[test]
    fn read_and_write_files() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("out/graph.json");
        write_json(&sample(), &path).unwrap();
        let rec = read_graph_json(&path).unwrap();
        assert_eq!(rec, GraphRecord::from_graph(&sample()).unwrap());
        let bad = tmp.path().join("bad.json");
        std::fs::write(&bad, "[1, 2]").unwrap();
        assert!(matches!(read_graph_json(&bad), Err(Error::Format { path, .. }) if path == bad));
        assert!(matches!(
            read_graph_json(&tmp.path().join("missing.json")),
            Err(Error::Io { .. })
        ));
    }

    /// networkx must read the file as a directed multigraph; skipped without python/networkx.
    #[test]
    fn networkx_reads_it() {
        use std::process::Command;
        let has_networkx = Command::new("python3")
            .args(["-c", "import networkx"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if !has_networkx {
            eprintln!("note: python3 with networkx not found; skipping the networkx check");
            return;
        }
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("graph.json");
        write_json(&sample(), &path).unwrap();
        let script = r#"
import json, sys
import networkx as nx
data = json.load(open(sys.argv[1]))
try:
    g = nx.node_link_graph(data, edges="edges")
except TypeError:
    g = nx.node_link_graph(data, link="edges")
assert g.is_directed() and g.is_multigraph()
met = g.edges["sergei-lavrov", "donald-trump", 0]
print(g.number_of_nodes(), g.number_of_edges(), met["relation"], met["date"],
      g.nodes["donald-trump"]["label"])
"#;
        let out = Command::new("python3")
            .arg("-c")
            .arg(script)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "4 4 MET_WITH 2017-05-10 Donald Trump"
        );
    }

    proptest::proptest! {
        /// Any text at all (control characters, quotes, emoji, right-to-left marks) in a
        /// name or an evidence sentence comes back from graph.json unchanged.
        #[test]
        fn any_name_and_sentence_round_trip(name in "\\PC{1,40}|[\\x00-\\x1f\"\\\\]{1,8}", sentence in ".{0,80}") {
            let g = crate::export::testing::hostile_graph(&name, &sentence);
            let back = from_json_str(&to_json(&g).unwrap()).unwrap();
            proptest::prop_assert!(back.nodes_sorted().iter().any(|n| n.label == name));
            let edges = back.edges_sorted();
            proptest::prop_assert_eq!(edges[0].edge.evidence[0].sentence.read().unwrap(), sentence.as_str());
        }
    }
}
