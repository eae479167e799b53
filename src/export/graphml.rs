//! GraphML export, for yEd, Gephi, networkx and igraph.
//!
//! In: a [`KnowledgeGraph`]. Out: a GraphML document written with quick-xml's writer, one
//! `<key>` per attribute ([`NODE_KEYS`], [`EDGE_KEYS`]; key ids are the attribute names with
//! `n_` or `e_` in front) and `edgedefault="directed"`. Lists (aliases, documents) are joined
//! by [`LIST_SEPARATOR`](super::gexf::LIST_SEPARATOR); `date`, `role` and `verb` are written
//! only when the edge has them. Nodes are written by id, edges in
//! [`KnowledgeGraph::edges_sorted`] order (edge ids `e0`, `e1`, ...).

use super::gexf::{attr, LIST_SEPARATOR};
use super::xml_escape;
use crate::graph::KnowledgeGraph;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::io::{self, Write};

/// The node keys: (attribute name, GraphML type).
pub const NODE_KEYS: [(&str, &str); 5] = [
    ("label", "string"),
    ("type", "string"),
    ("aliases", "string"),
    ("mentions", "int"),
    ("docs", "string"),
];

/// The edge keys: (attribute name, GraphML type).
pub const EDGE_KEYS: [(&str, &str); 8] = [
    ("relation", "string"),
    ("status", "string"),
    ("confidence", "double"),
    ("date", "string"),
    ("evidence_count", "int"),
    ("evidence", "string"),
    ("role", "string"),
    ("verb", "string"),
];

/// The graph as a GraphML document (UTF-8, ends with a newline); deterministic. Fails only
/// when an evidence sentence stored on disk cannot be read back.
pub fn to_graphml(g: &KnowledgeGraph) -> io::Result<String> {
    super::xml_document(g, write_document)
}

/// [`to_graphml`], streamed into `out`.
pub fn write_graphml(g: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    super::write_xml(out, g, write_document)
}

fn write_document(w: &mut Writer<&mut dyn Write>, g: &KnowledgeGraph) -> io::Result<()> {
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("graphml")
        .with_attribute(attr("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .with_attribute(attr(
            "xmlns:xsi",
            "http://www.w3.org/2001/XMLSchema-instance",
        ))
        .with_attribute(attr(
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ))
        .write_inner_content(|w| {
            keys(w, "node", "n_", &NODE_KEYS)?;
            keys(w, "edge", "e_", &EDGE_KEYS)?;
            w.create_element("graph")
                .with_attribute(attr("id", "newsgraph"))
                .with_attribute(attr("edgedefault", "directed"))
                .write_inner_content(|w| {
                    for n in g.nodes_sorted() {
                        let mentions = n.mentions.to_string();
                        let aliases = n.aliases.join(LIST_SEPARATOR);
                        let docs = n.docs.join(LIST_SEPARATOR);
                        w.create_element("node")
                            .with_attribute(attr("id", &n.id))
                            .write_inner_content(|w| {
                                data(
                                    w,
                                    "n_",
                                    &[
                                        ("label", Some(&n.label)),
                                        ("type", Some(n.kind.as_str())),
                                        ("aliases", Some(&aliases)),
                                        ("mentions", Some(&mentions)),
                                        ("docs", Some(&docs)),
                                    ],
                                )
                            })?;
                    }
                    for (i, e) in g.edges_sorted().into_iter().enumerate() {
                        let edge = e.edge;
                        let id = format!("e{i}");
                        let confidence = format!("{:.2}", edge.confidence);
                        let date = edge.date.map(|d| d.to_string());
                        let count = edge.evidence.len().to_string();
                        let first = match edge.evidence.first() {
                            Some(ev) => Some(ev.sentence.read()?),
                            None => None,
                        };
                        w.create_element("edge")
                            .with_attribute(attr("id", &id))
                            .with_attribute(attr("source", &e.source.id))
                            .with_attribute(attr("target", &e.target.id))
                            .write_inner_content(|w| {
                                data(
                                    w,
                                    "e_",
                                    &[
                                        ("relation", Some(edge.predicate.as_str())),
                                        ("status", Some(edge.status.as_str())),
                                        ("confidence", Some(&confidence)),
                                        ("date", date.as_deref()),
                                        ("evidence_count", Some(&count)),
                                        ("evidence", first.as_deref()),
                                        ("role", edge.role.as_deref()),
                                        ("verb", edge.verb.as_deref()),
                                    ],
                                )
                            })?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// One `<key>` per (name, type), for elements `domain`, with ids `prefix` + name.
fn keys(
    w: &mut Writer<&mut dyn Write>,
    domain: &str,
    prefix: &str,
    keys: &[(&str, &str)],
) -> io::Result<()> {
    for (name, ty) in keys {
        let id = format!("{prefix}{name}");
        w.create_element("key")
            .with_attribute(attr("id", &id))
            .with_attribute(attr("for", domain))
            .with_attribute(attr("attr.name", name))
            .with_attribute(attr("attr.type", ty))
            .write_empty()?;
    }
    Ok(())
}

/// One `<data>` per (name, value) that has a value.
fn data(
    w: &mut Writer<&mut dyn Write>,
    prefix: &str,
    values: &[(&str, Option<&str>)],
) -> io::Result<()> {
    for (name, value) in values {
        if let Some(value) = value {
            let key = format!("{prefix}{name}");
            w.create_element("data")
                .with_attribute(attr("key", &key))
                .write_text_content(BytesText::from_escaped(xml_escape(value)))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testing::{
        hostile_graph, parse_xml, Element, HOSTILE_NAME, HOSTILE_SENTENCE, XML_NAME, XML_SENTENCE,
    };
    use crate::graph::testing::sample;
    use proptest::prelude::*;

    fn data_of<'a>(el: &'a Element, key: &str) -> Option<&'a str> {
        el.children_named("data")
            .find(|d| d.attr("key") == Some(key))
            .map(|d| d.text.as_str())
    }

    #[test]
    fn sample_is_well_formed_with_keys_and_values() {
        let text = to_graphml(&sample()).unwrap();
        let root = parse_xml(&text);
        assert_eq!(root.name, "graphml");
        let keys: Vec<(Option<&str>, Option<&str>)> = root
            .children_named("key")
            .map(|k| (k.attr("for"), k.attr("attr.name")))
            .collect();
        assert_eq!(keys.len(), NODE_KEYS.len() + EDGE_KEYS.len());
        assert_eq!(keys[0], (Some("node"), Some("label")));
        assert_eq!(keys[5], (Some("edge"), Some("relation")));
        let graph = root.child("graph").unwrap();
        assert_eq!(graph.attr("edgedefault"), Some("directed"));
        let nodes: Vec<&Element> = graph.children_named("node").collect();
        assert_eq!(nodes.len(), 4);
        assert_eq!(nodes[0].attr("id"), Some("donald-trump"));
        assert_eq!(data_of(nodes[0], "n_label"), Some("Donald Trump"));
        assert_eq!(data_of(nodes[0], "n_type"), Some("PERSON"));
        assert_eq!(data_of(nodes[0], "n_mentions"), Some("3"));
        assert_eq!(
            data_of(nodes[0], "n_aliases"),
            Some("President Trump|Trump")
        );
        let edges: Vec<&Element> = graph.children_named("edge").collect();
        assert_eq!(edges.len(), 4);
        let related = edges[0];
        assert_eq!(related.attr("source"), Some("donald-trump"));
        assert_eq!(data_of(related, "e_relation"), Some("RELATED"));
        assert_eq!(data_of(related, "e_verb"), Some("visit"));
        assert_eq!(data_of(related, "e_status"), Some("alleged"));
        assert_eq!(data_of(related, "e_date"), None);
        let role = edges[2];
        assert_eq!(data_of(role, "e_role"), Some("Foreign Minister"));
        let met = edges[3];
        assert_eq!(data_of(met, "e_date"), Some("2017-05-10"));
        assert_eq!(data_of(met, "e_evidence_count"), Some("2"));
        assert_eq!(data_of(met, "e_confidence"), Some("0.75"));
        assert_eq!(data_of(met, "e_evidence"), Some("sentence at 100 in a.txt"));
        assert_eq!(to_graphml(&sample()).unwrap(), text, "deterministic");
    }

    fn read_back(name: &str, sentence: &str) -> (String, String) {
        let root = parse_xml(&to_graphml(&hostile_graph(name, sentence)).unwrap());
        let graph = root.child("graph").unwrap();
        let node = graph.child("node").unwrap();
        let edge = graph.child("edge").unwrap();
        (
            data_of(node, "n_label").unwrap().to_string(),
            data_of(edge, "e_evidence").unwrap_or("").to_string(),
        )
    }

    #[test]
    fn hostile_text_survives() {
        let (name, sentence) = (HOSTILE_NAME, HOSTILE_SENTENCE);
        assert_eq!(
            read_back(name, sentence),
            (name.to_string(), sentence.to_string())
        );
    }

    proptest! {
        #[test]
        fn any_valid_text_round_trips(
            name in XML_NAME,
            sentence in XML_SENTENCE,
        ) {
            prop_assert_eq!(read_back(&name, &sentence), (name, sentence));
        }
    }
}
