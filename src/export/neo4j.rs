//! Neo4j: the graph as Neo4j stores it (labels, relationship types, properties; shared with
//! [`cypher`](super::cypher)) and as CSV files for `neo4j-admin database import`.
//!
//! In: a [`KnowledgeGraph`]. Out: [`Neo4jCsv`], the text of `nodes.csv` and
//! `relationships.csv`, quoted by the `csv` crate (RFC 4180: a field with a comma, quote or line
//! break is quoted and its quotes doubled).
//!
//! # The Neo4j graph
//!
//! Every entity is a node labelled `Entity` plus one label for its type ([`label`]: `PERSON` ->
//! `Person`, `ORG` -> `Organization`, `GPE` -> `Gpe`, `LOC` -> `Location`, `EVENT` -> `Event`)
//! with the properties [`NODE_PROPERTIES`]. Every relation is a relationship whose type is the
//! predicate name (`MET_WITH`, ..., `RELATED`) in its stored direction (symmetric relations too),
//! with the properties [`EDGE_PROPERTIES`]: `evidence` lists the evidence sentences, and
//! `evidence_docs`, `evidence_starts` and `evidence_ends` (raw byte offsets) the place of each,
//! in the same order; `documents` lists the distinct documents of the evidence; `dates` every
//! date, `date` the earliest. A property with no value is not written, and an empty list is no
//! property either (as `neo4j-admin` reads an empty array field), so both exports give the same
//! database (but for a list of one empty string, which a CSV field cannot tell from no list). A `RELATED` edge always has a `verb` (`""` if the graph has none), because the
//! Cypher script merges on it.
//!
//! # Loading the CSV files
//!
//! Write the two strings to `nodes.csv` and `relationships.csv`, stop the database (or use a new
//! one) and run:
//!
//! ```text
//! neo4j-admin database import full neo4j --overwrite-destination \
//!     --nodes=nodes.csv --relationships=relationships.csv \
//!     --array-delimiter=U+001F --multiline-fields=true
//! ```
//!
//! `--array-delimiter=U+001F`: list values (and `:LABEL`) are joined by U+001F, the ASCII unit
//! separator, because `neo4j-admin` cannot escape its array delimiter and names and sentences may
//! hold the default `;`. A U+001F inside a list element (it cannot occur in XML, and never does
//! in news text) is written as U+FFFD. `--multiline-fields=true`: evidence sentences hold line
//! breaks inside quoted fields. Quoting is the default (`--legacy-style-quoting=false`): `""` is a
//! quote and a backslash is an ordinary character. Ids are strings (the default `--id-type`).

use crate::graph::{EdgeView, EntityNode, KnowledgeGraph, RelationEdge};
use crate::model::{EntityKind, Predicate};
use std::borrow::Cow;
use std::io;

/// The array delimiter of the CSV files (pass `--array-delimiter=U+001F` to `neo4j-admin`).
pub const ARRAY_DELIMITER: char = '\u{1F}';

/// The label every node has, besides the one of its type.
pub const ENTITY_LABEL: &str = "Entity";

/// The node label of an entity type.
pub fn label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "Person",
        EntityKind::Org => "Organization",
        EntityKind::Gpe => "Gpe",
        EntityKind::Loc => "Location",
        EntityKind::Event => "Event",
    }
}

/// The type of a property value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyType {
    /// A string.
    Str,
    /// An integer.
    Int,
    /// A floating-point number.
    Float,
    /// A list of strings.
    StrList,
    /// A list of integers.
    IntList,
}

impl PropertyType {
    /// The type in a `neo4j-admin` CSV header (`:int`, `:string[]`...; nothing for a string).
    pub fn csv_suffix(self) -> &'static str {
        match self {
            PropertyType::Str => "",
            PropertyType::Int => ":int",
            PropertyType::Float => ":float",
            PropertyType::StrList => ":string[]",
            PropertyType::IntList => ":int[]",
        }
    }
}

/// A property value; `Float` is always finite.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'g> {
    /// A string.
    Str(&'g str),
    /// An integer.
    Int(i64),
    /// A floating-point number, written with two decimals.
    Float(f64),
    /// A list of strings, never empty.
    StrList(Vec<&'g str>),
    /// A list of integers, never empty.
    IntList(Vec<i64>),
}

/// The properties of a node, in this order: (name, type). `id` is the node key.
pub const NODE_PROPERTIES: [(&str, PropertyType); 6] = [
    ("id", PropertyType::Str),
    ("label", PropertyType::Str),
    ("type", PropertyType::Str),
    ("aliases", PropertyType::StrList),
    ("mentions", PropertyType::Int),
    ("docs", PropertyType::StrList),
];

/// The properties of a relationship, in this order: (name, type).
pub const EDGE_PROPERTIES: [(&str, PropertyType); 13] = [
    ("status", PropertyType::Str),
    ("confidence", PropertyType::Float),
    ("date", PropertyType::Str),
    ("dates", PropertyType::StrList),
    ("evidence_count", PropertyType::Int),
    ("evidence", PropertyType::StrList),
    ("evidence_docs", PropertyType::StrList),
    ("evidence_starts", PropertyType::IntList),
    ("evidence_ends", PropertyType::IntList),
    ("documents", PropertyType::StrList),
    ("role", PropertyType::Str),
    ("roles", PropertyType::StrList),
    ("verb", PropertyType::Str),
];

fn int(n: usize) -> Value<'static> {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn strings<'g>(items: impl IntoIterator<Item = &'g str>) -> Option<Value<'g>> {
    let items: Vec<&str> = items.into_iter().collect();
    (!items.is_empty()).then_some(Value::StrList(items))
}

fn ints(items: impl IntoIterator<Item = usize>) -> Option<Value<'static>> {
    let items: Vec<i64> = items
        .into_iter()
        .map(|n| i64::try_from(n).unwrap_or(i64::MAX))
        .collect();
    (!items.is_empty()).then_some(Value::IntList(items))
}

/// The values of [`NODE_PROPERTIES`] for `n`, in that order (`None`: not written).
pub fn node_values(n: &EntityNode) -> [Option<Value<'_>>; 6] {
    [
        Some(Value::Str(&n.id)),
        Some(Value::Str(&n.label)),
        Some(Value::Str(n.kind.as_str())),
        strings(n.aliases.iter().map(String::as_str)),
        Some(int(n.mentions)),
        strings(n.docs.iter().map(|d| &**d)),
    ]
}

/// The values of an edge that are made rather than borrowed from it ([`edge_texts`]).
pub struct EdgeTexts<'g> {
    /// The first date as text (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    /// Every date as text.
    pub dates: Vec<String>,
    /// Every evidence sentence, read back if it is stored on disk.
    pub sentences: Vec<Cow<'g, str>>,
}

/// The dates and evidence sentences of `e` as text. Fails only when an evidence sentence
/// stored on disk cannot be read back.
pub fn edge_texts(e: &RelationEdge) -> io::Result<EdgeTexts<'_>> {
    Ok(EdgeTexts {
        date: e.date.map(|d| d.to_string()),
        dates: e.dates.iter().map(|d| d.to_string()).collect(),
        sentences: e
            .evidence
            .iter()
            .map(|ev| ev.sentence.read())
            .collect::<io::Result<_>>()?,
    })
}

/// The values of [`EDGE_PROPERTIES`] for `e`, in that order (`None`: not written); `texts`
/// come from [`edge_texts`].
pub fn edge_values<'g>(e: &'g RelationEdge, texts: &'g EdgeTexts<'_>) -> [Option<Value<'g>>; 13] {
    let mut documents: Vec<&str> = Vec::new();
    for ev in &e.evidence {
        if !documents.contains(&ev.doc.as_ref()) {
            documents.push(&ev.doc);
        }
    }
    let verb = match (&e.verb, e.predicate) {
        (Some(v), _) => Some(Value::Str(v)),
        (None, Predicate::Related) => Some(Value::Str("")),
        (None, _) => None,
    };
    [
        Some(Value::Str(e.status.as_str())),
        {
            let c = (f64::from(e.confidence) * 100.0).round() / 100.0;
            c.is_finite().then_some(Value::Float(c))
        },
        texts.date.as_deref().map(Value::Str),
        strings(texts.dates.iter().map(String::as_str)),
        Some(int(e.evidence.len())),
        strings(texts.sentences.iter().map(|s| &**s)),
        strings(e.evidence.iter().map(|ev| ev.doc.as_ref())),
        ints(e.evidence.iter().map(|ev| ev.start)),
        ints(e.evidence.iter().map(|ev| ev.end)),
        strings(documents),
        e.role.as_deref().map(Value::Str),
        strings(e.roles.iter().map(String::as_str)),
        verb,
    ]
}

/// The two files of a `neo4j-admin database import`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neo4jCsv {
    /// `nodes.csv`: header `id:ID,label,type,:LABEL,aliases:string[],mentions:int,docs:string[]`,
    /// then one row per node, by id.
    pub nodes: String,
    /// `relationships.csv`: header `:START_ID,:END_ID,:TYPE,status,confidence:float,...` (all
    /// of [`EDGE_PROPERTIES`]), then one row per edge in
    /// [`KnowledgeGraph::edges_sorted`] order.
    pub relationships: String,
}

/// A CSV field for a value; `None` is an empty field.
fn field(value: &Option<Value<'_>>) -> String {
    let join = |items: &mut dyn Iterator<Item = String>| {
        items
            .collect::<Vec<String>>()
            .join(&ARRAY_DELIMITER.to_string())
    };
    match value {
        None => String::new(),
        Some(Value::Str(s)) => (*s).to_string(),
        Some(Value::Int(n)) => n.to_string(),
        Some(Value::Float(x)) => format!("{x:.2}"),
        Some(Value::StrList(items)) => {
            join(&mut items.iter().map(|s| s.replace(ARRAY_DELIMITER, "\u{FFFD}")))
        }
        Some(Value::IntList(items)) => join(&mut items.iter().map(i64::to_string)),
    }
}

/// The CSV text of `rows`; the first row that could not be made is the error.
fn csv_text(rows: impl IntoIterator<Item = io::Result<Vec<String>>>) -> io::Result<String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(&row?)
            .expect("writing CSV into memory cannot fail");
    }
    let bytes = w.into_inner().expect("flushing into memory cannot fail");
    Ok(String::from_utf8(bytes).expect("the writer is given only UTF-8"))
}

/// The graph as `neo4j-admin` import CSVs (see the module doc for the command); deterministic.
/// Fails only when an evidence sentence stored on disk cannot be read back.
pub fn to_neo4j_csv(g: &KnowledgeGraph) -> io::Result<Neo4jCsv> {
    let node_header = NODE_PROPERTIES
        .iter()
        .enumerate()
        .flat_map(|(i, (name, ty))| {
            let column = if i == 0 {
                format!("{name}:ID")
            } else {
                format!("{name}{}", ty.csv_suffix())
            };
            // `:LABEL` follows `type`.
            let labels = (*name == "type").then(|| ":LABEL".to_string());
            std::iter::once(column).chain(labels)
        })
        .collect();
    let nodes = std::iter::once(node_header).chain(g.nodes_sorted().into_iter().map(|n| {
        let values = node_values(n);
        let mut row: Vec<String> = values.iter().map(field).collect();
        let labels = format!("{ENTITY_LABEL}{ARRAY_DELIMITER}{}", label(n.kind));
        row.insert(3, labels);
        row
    }));
    let nodes = nodes.map(Ok);
    let edge_header = [":START_ID", ":END_ID", ":TYPE"]
        .into_iter()
        .map(str::to_string)
        .chain(
            EDGE_PROPERTIES
                .iter()
                .map(|(name, ty)| format!("{name}{}", ty.csv_suffix())),
        )
        .collect();
    let relationships = std::iter::once(Ok(edge_header)).chain(g.edges_sorted().into_iter().map(
        |e: EdgeView<'_>| {
            let texts = edge_texts(e.edge)?;
            let values = edge_values(e.edge, &texts);
            Ok([
                e.source.id.clone(),
                e.target.id.clone(),
                e.edge.predicate.as_str().to_string(),
            ]
            .into_iter()
            .chain(values.iter().map(field))
            .collect())
        },
    ));
    Ok(Neo4jCsv {
        nodes: csv_text(nodes)?,
        relationships: csv_text(relationships)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testing::{
        hostile_graph, HOSTILE_NAME, HOSTILE_SENTENCE, XML_NAME, XML_SENTENCE,
    };
    use crate::graph::testing::sample;
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// Reads a CSV text back with the `csv` crate: the header and each row as column -> field.
    fn read(text: &str) -> (Vec<String>, Vec<HashMap<String, String>>) {
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        let rows = r
            .records()
            .map(|rec| {
                let rec = rec.expect("a well-formed CSV record");
                assert_eq!(rec.len(), header.len(), "every row has every column");
                header
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(str::to_string))
                    .collect()
            })
            .collect();
        (header, rows)
    }

    /// An array field split as `neo4j-admin --array-delimiter=U+001F` splits it.
    fn array(field: &str) -> Vec<&str> {
        if field.is_empty() {
            Vec::new()
        } else {
            field.split(ARRAY_DELIMITER).collect()
        }
    }

    #[test]
    fn headers_name_ids_labels_types_and_every_property() {
        let csv = to_neo4j_csv(&sample()).unwrap();
        let (nodes, _) = read(&csv.nodes);
        assert_eq!(
            nodes.join(","),
            "id:ID,label,type,:LABEL,aliases:string[],mentions:int,docs:string[]"
        );
        let (edges, _) = read(&csv.relationships);
        assert_eq!(
            edges.join(","),
            ":START_ID,:END_ID,:TYPE,status,confidence:float,date,dates:string[],\
             evidence_count:int,evidence:string[],evidence_docs:string[],evidence_starts:int[],\
             evidence_ends:int[],documents:string[],role,roles:string[],verb"
        );
    }

    #[test]
    fn rows_read_back_to_the_graph() {
        let g = sample();
        let csv = to_neo4j_csv(&g).unwrap();
        assert_eq!(csv, to_neo4j_csv(&g).unwrap(), "deterministic");
        let (_, nodes) = read(&csv.nodes);
        assert_eq!(nodes.len(), g.node_count());
        for (row, n) in nodes.iter().zip(g.nodes_sorted()) {
            assert_eq!(row["id:ID"], n.id);
            assert_eq!(row["label"], n.label);
            assert_eq!(row["type"], n.kind.as_str());
            assert_eq!(array(&row[":LABEL"]), vec!["Entity", label(n.kind)]);
            assert_eq!(array(&row["aliases:string[]"]), n.aliases);
            assert_eq!(row["mentions:int"], n.mentions.to_string());
            assert!(array(&row["docs:string[]"])
                .into_iter()
                .eq(n.docs.iter().map(|d| &**d)));
        }
        let (_, edges) = read(&csv.relationships);
        assert_eq!(edges.len(), g.edge_count());
        for (row, e) in edges.iter().zip(g.edges_sorted()) {
            assert_eq!(row[":START_ID"], e.source.id);
            assert_eq!(row[":END_ID"], e.target.id);
            assert_eq!(row[":TYPE"], e.edge.predicate.as_str());
            assert_eq!(row["status"], e.edge.status.as_str());
            let confidence: f32 = row["confidence:float"].parse().unwrap();
            assert!((confidence - e.edge.confidence).abs() < 0.005);
            assert_eq!(
                row["date"],
                e.edge.date.map(|d| d.to_string()).unwrap_or_default()
            );
            let dates: Vec<String> = e.edge.dates.iter().map(|d| d.to_string()).collect();
            assert_eq!(array(&row["dates:string[]"]), dates);
            assert_eq!(row["evidence_count:int"], e.edge.evidence.len().to_string());
            let sentences: Vec<String> = e
                .edge
                .evidence
                .iter()
                .map(|v| v.sentence.to_string())
                .collect();
            assert_eq!(array(&row["evidence:string[]"]), sentences);
            let starts: Vec<String> = e
                .edge
                .evidence
                .iter()
                .map(|v| v.start.to_string())
                .collect();
            assert_eq!(array(&row["evidence_starts:int[]"]), starts);
            assert_eq!(row["role"], e.edge.role.clone().unwrap_or_default());
            assert_eq!(array(&row["roles:string[]"]), e.edge.roles);
            assert_eq!(row["verb"], e.edge.verb.clone().unwrap_or_default());
        }
        // The sample has a dated, a role and a verb edge, and one with evidence from two documents.
        let has = |column: &str| edges.iter().any(|r| !r[column].is_empty());
        for column in ["date", "dates:string[]", "role", "verb"] {
            assert!(has(column), "{column}");
        }
        assert!(edges
            .iter()
            .any(|r| array(&r["documents:string[]"]) == ["a.txt", "b.txt"]));
    }

    #[test]
    fn the_array_delimiter_inside_a_value_cannot_split_it() {
        let name = format!("a;b{ARRAY_DELIMITER}c");
        let mut g = hostile_graph("X", "s");
        let ix = g.index["x"];
        g.graph[ix].aliases = vec![name.clone(), "d".into()];
        let (_, nodes) = read(&to_neo4j_csv(&g).unwrap().nodes);
        assert_eq!(array(&nodes[0]["aliases:string[]"]), ["a;b\u{FFFD}c", "d"]);
    }

    fn read_back(name: &str, sentence: &str) -> (String, Vec<String>) {
        let csv = to_neo4j_csv(&hostile_graph(name, sentence)).unwrap();
        let (_, nodes) = read(&csv.nodes);
        let (_, edges) = read(&csv.relationships);
        let node = nodes.iter().find(|r| r["id:ID"] == "x").expect("node x");
        (
            node["label"].clone(),
            array(&edges[0]["evidence:string[]"])
                .into_iter()
                .map(str::to_string)
                .collect(),
        )
    }

    #[test]
    fn hostile_text_survives() {
        assert_eq!(
            read_back(HOSTILE_NAME, HOSTILE_SENTENCE),
            (HOSTILE_NAME.to_string(), vec![HOSTILE_SENTENCE.to_string()])
        );
    }

    proptest! {
        #[test]
        fn any_valid_text_round_trips(name in XML_NAME, sentence in XML_SENTENCE) {
            // An empty sentence is an empty list element, which reads back as no element.
            let expected: Vec<String> = if sentence.is_empty() { vec![] } else { vec![sentence.clone()] };
            prop_assert_eq!(read_back(&name, &sentence), (name, expected));
        }
    }
}
