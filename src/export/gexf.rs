//! GEXF 1.3 export, for Gephi.
//!
//! In: a [`KnowledgeGraph`]. Out: a GEXF document written with quick-xml's writer (every
//! value escaped by [`xml_escape`](super::xml_escape)). Nodes carry the declared attributes
//! `type`, `aliases`, `mentions` and `documents` (lists joined by [`LIST_SEPARATOR`]), a
//! `viz:color` by entity type ([`kind_colour`](super::kind_colour)) and a `viz:size` by
//! mentions. Edges carry `relation`, `status`, `confidence`, `evidence_count` and `evidence`
//! (the first evidence sentence), the relation as `label`, and `type="undirected"` for
//! symmetric predicates ([`Predicate::is_symmetric`](crate::model::Predicate::is_symmetric)).
//!
//! When any edge has a date the graph is dynamic (`mode="dynamic" timeformat="date"`): a dated
//! edge starts at its date (a partial date at its first day) and a node at the earliest date
//! of its dated edges, so Gephi's timeline replays the story. Nodes are written by id, edges in
//! [`KnowledgeGraph::edges_sorted`] order (edge ids `0`, `1`, ... in that order).

use super::dot::font_size;
use super::{kind_colour, xml_escape};
use crate::graph::KnowledgeGraph;
use crate::model::PartialDate;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::name::QName;
use quick_xml::Writer;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};

/// Separator of the values of list attributes (`aliases`, `documents`).
pub const LIST_SEPARATOR: &str = "|";

/// The declared node attributes: (id and title, GEXF type).
pub const NODE_ATTRIBUTES: [(&str, &str); 4] = [
    ("type", "string"),
    ("aliases", "string"),
    ("mentions", "integer"),
    ("documents", "string"),
];

/// The declared edge attributes: (id and title, GEXF type).
pub const EDGE_ATTRIBUTES: [(&str, &str); 5] = [
    ("relation", "string"),
    ("status", "string"),
    ("confidence", "double"),
    ("evidence_count", "integer"),
    ("evidence", "string"),
];

/// An attribute whose value is escaped for XML (line breaks kept).
pub(crate) fn attr<'a>(key: &'a str, value: &'a str) -> Attribute<'a> {
    Attribute {
        key: QName(key),
        value: xml_escape(value),
    }
}

/// `#rrggbb` as its three components (black if malformed).
fn rgb(hex: &str) -> [u8; 3] {
    let part = |i: usize| {
        hex.get(1 + 2 * i..3 + 2 * i)
            .and_then(|p| u8::from_str_radix(p, 16).ok())
            .unwrap_or(0)
    };
    [part(0), part(1), part(2)]
}

/// A date as GEXF's `date` time format: a partial date becomes its first day.
pub fn gexf_date(date: PartialDate) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year,
        date.month.unwrap_or(1),
        date.day.unwrap_or(1)
    )
}

/// The graph as a GEXF 1.3 document (UTF-8, ends with a newline); deterministic. Fails only
/// when an evidence sentence stored on disk cannot be read back.
pub fn to_gexf(g: &KnowledgeGraph) -> io::Result<String> {
    super::xml_document(g, write_document)
}

/// [`to_gexf`], streamed into `out`.
pub fn write_gexf(g: &KnowledgeGraph, out: &mut dyn Write) -> io::Result<()> {
    super::write_xml(out, g, write_document)
}

fn write_document(w: &mut Writer<&mut dyn Write>, g: &KnowledgeGraph) -> io::Result<()> {
    let edges = g.edges_sorted();
    // The earliest date of each node's dated edges.
    let mut node_start: HashMap<&str, PartialDate> = HashMap::new();
    for e in &edges {
        if let Some(d) = e.edge.date {
            for id in [e.source.id.as_str(), e.target.id.as_str()] {
                node_start
                    .entry(id)
                    .and_modify(|s| *s = (*s).min(d))
                    .or_insert(d);
            }
        }
    }
    let dynamic = edges.iter().any(|e| e.edge.date.is_some());

    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("gexf")
        .with_attribute(attr("xmlns", "http://gexf.net/1.3"))
        .with_attribute(attr("xmlns:viz", "http://gexf.net/1.3/viz"))
        .with_attribute(attr(
            "xmlns:xsi",
            "http://www.w3.org/2001/XMLSchema-instance",
        ))
        .with_attribute(attr(
            "xsi:schemaLocation",
            "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        ))
        .with_attribute(attr("version", "1.3"))
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                let creator = concat!("newsgraph ", env!("CARGO_PKG_VERSION"));
                w.create_element("creator")
                    .write_text_content(BytesText::new(creator))?;
                w.create_element("description")
                    .write_text_content(BytesText::new(
                        "who did what to whom, read from news text",
                    ))?;
                Ok(())
            })?;
            let mut graph = w
                .create_element("graph")
                .with_attribute(attr("defaultedgetype", "directed"));
            graph = if dynamic {
                graph
                    .with_attribute(attr("mode", "dynamic"))
                    .with_attribute(attr("timeformat", "date"))
            } else {
                graph.with_attribute(attr("mode", "static"))
            };
            graph.write_inner_content(|w| {
                declare(w, "node", &NODE_ATTRIBUTES)?;
                declare(w, "edge", &EDGE_ATTRIBUTES)?;
                w.create_element("nodes").write_inner_content(|w| {
                    for n in g.nodes_sorted() {
                        let start = node_start.get(n.id.as_str()).map(|&d| gexf_date(d));
                        let mut node = w
                            .create_element("node")
                            .with_attribute(attr("id", &n.id))
                            .with_attribute(attr("label", &n.label));
                        if let Some(start) = &start {
                            node = node.with_attribute(attr("start", start));
                        }
                        let aliases = n.aliases.join(LIST_SEPARATOR);
                        let mentions = n.mentions.to_string();
                        let documents = n.docs.join(LIST_SEPARATOR);
                        node.write_inner_content(|w| {
                            values(
                                w,
                                &[
                                    ("type", n.kind.as_str()),
                                    ("aliases", &aliases),
                                    ("mentions", &mentions),
                                    ("documents", &documents),
                                ],
                            )?;
                            let [r, gr, b] = rgb(kind_colour(n.kind));
                            let (r, gr, b) = (r.to_string(), gr.to_string(), b.to_string());
                            w.create_element("viz:color")
                                .with_attribute(attr("r", &r))
                                .with_attribute(attr("g", &gr))
                                .with_attribute(attr("b", &b))
                                .write_empty()?;
                            let size = font_size(n.mentions).to_string();
                            w.create_element("viz:size")
                                .with_attribute(attr("value", &size))
                                .write_empty()?;
                            Ok(())
                        })?;
                    }
                    Ok(())
                })?;
                w.create_element("edges").write_inner_content(|w| {
                    for (i, e) in edges.iter().enumerate() {
                        let edge = e.edge;
                        let id = i.to_string();
                        let start = edge.date.map(gexf_date);
                        let kind = if edge.predicate.is_symmetric() {
                            "undirected"
                        } else {
                            "directed"
                        };
                        let mut el = w
                            .create_element("edge")
                            .with_attribute(attr("id", &id))
                            .with_attribute(attr("source", &e.source.id))
                            .with_attribute(attr("target", &e.target.id))
                            .with_attribute(attr("label", edge.predicate.as_str()))
                            .with_attribute(attr("type", kind));
                        if let Some(start) = &start {
                            el = el.with_attribute(attr("start", start));
                        }
                        let confidence = format!("{:.2}", edge.confidence);
                        let count = edge.evidence.len().to_string();
                        let first = match edge.evidence.first() {
                            Some(ev) => ev.sentence.read()?,
                            None => Cow::Borrowed(""),
                        };
                        el.write_inner_content(|w| {
                            values(
                                w,
                                &[
                                    ("relation", edge.predicate.as_str()),
                                    ("status", edge.status.as_str()),
                                    ("confidence", &confidence),
                                    ("evidence_count", &count),
                                    ("evidence", &first),
                                ],
                            )
                        })?;
                    }
                    Ok(())
                })?;
                Ok(())
            })?;
            Ok(())
        })?;
    Ok(())
}

/// `<attributes class=...>` with one `<attribute>` per (id, type).
fn declare(
    w: &mut Writer<&mut dyn Write>,
    class: &str,
    attributes: &[(&str, &str)],
) -> io::Result<()> {
    w.create_element("attributes")
        .with_attribute(attr("class", class))
        .with_attribute(attr("mode", "static"))
        .write_inner_content(|w| {
            for (id, ty) in attributes {
                w.create_element("attribute")
                    .with_attribute(attr("id", id))
                    .with_attribute(attr("title", id))
                    .with_attribute(attr("type", ty))
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

/// `<attvalues>` with one `<attvalue>` per (attribute id, value).
fn values(w: &mut Writer<&mut dyn Write>, values: &[(&str, &str)]) -> io::Result<()> {
    w.create_element("attvalues").write_inner_content(|w| {
        for (id, value) in values {
            w.create_element("attvalue")
                .with_attribute(attr("for", id))
                .with_attribute(attr("value", value))
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::testing::{
        hostile_graph, parse_xml, Element, HOSTILE_NAME, HOSTILE_SENTENCE, XML_NAME, XML_SENTENCE,
    };
    use crate::graph::build;
    use crate::graph::testing::{entity, mention, sample};
    use crate::model::{EntityKind, Predicate, Status};
    use proptest::prelude::*;

    fn value<'a>(el: &'a Element, id: &str) -> Option<&'a str> {
        el.child("attvalues")?
            .children_named("attvalue")
            .find(|a| a.attr("for") == Some(id))
            .and_then(|a| a.attr("value"))
    }

    #[test]
    fn sample_is_well_formed_with_attributes_viz_and_dynamics() {
        let text = to_gexf(&sample()).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        let root = parse_xml(&text);
        assert_eq!(root.name, "gexf");
        assert_eq!(root.attr("version"), Some("1.3"));
        assert_eq!(root.attr("xmlns"), Some("http://gexf.net/1.3"));
        let graph = root.child("graph").unwrap();
        assert_eq!(graph.attr("defaultedgetype"), Some("directed"));
        assert_eq!(graph.attr("mode"), Some("dynamic"));
        assert_eq!(graph.attr("timeformat"), Some("date"));
        let classes: Vec<(Option<&str>, usize)> = graph
            .children_named("attributes")
            .map(|a| (a.attr("class"), a.children.len()))
            .collect();
        assert_eq!(classes, [(Some("node"), 4), (Some("edge"), 5)]);

        let nodes: Vec<&Element> = graph.child("nodes").unwrap().children.iter().collect();
        let ids: Vec<&str> = nodes.iter().filter_map(|n| n.attr("id")).collect();
        assert_eq!(
            ids,
            ["donald-trump", "russia", "sergei-lavrov", "white-house"]
        );
        let trump = nodes[0];
        assert_eq!(trump.attr("label"), Some("Donald Trump"));
        assert_eq!(value(trump, "type"), Some("PERSON"));
        assert_eq!(value(trump, "aliases"), Some("President Trump|Trump"));
        assert_eq!(value(trump, "mentions"), Some("3"));
        assert_eq!(value(trump, "documents"), Some("a.txt"));
        let colour = trump.child("viz:color").unwrap();
        assert_eq!(
            (colour.attr("r"), colour.attr("g"), colour.attr("b")),
            (Some("173"), Some("216"), Some("230"))
        );
        assert_eq!(trump.child("viz:size").unwrap().attr("value"), Some("13"));
        // The start of the MET_WITH edge, Trump's only dated edge.
        assert_eq!(trump.attr("start"), Some("2017-05-10"));
        assert_eq!(nodes[3].attr("start"), None, "no dated edge");

        let edges: Vec<&Element> = graph.child("edges").unwrap().children.iter().collect();
        let summary: Vec<(Option<&str>, Option<&str>, Option<&str>, Option<&str>)> = edges
            .iter()
            .map(|e| {
                (
                    e.attr("id"),
                    e.attr("label"),
                    e.attr("type"),
                    e.attr("start"),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (Some("0"), Some("RELATED"), Some("directed"), None),
                (Some("1"), Some("DENIED"), Some("directed"), None),
                (Some("2"), Some("HOLDS_ROLE_IN"), Some("directed"), None),
                (
                    Some("3"),
                    Some("MET_WITH"),
                    Some("undirected"),
                    Some("2017-05-10")
                ),
            ]
        );
        let met = edges[3];
        assert_eq!(value(met, "relation"), Some("MET_WITH"));
        assert_eq!(value(met, "status"), Some("asserted"));
        assert_eq!(value(met, "confidence"), Some("0.75"));
        assert_eq!(value(met, "evidence_count"), Some("2"));
        assert_eq!(value(met, "evidence"), Some("sentence at 100 in a.txt"));
        assert_eq!(to_gexf(&sample()).unwrap(), text, "deterministic");
    }

    #[test]
    fn undated_graph_is_static() {
        let entities = vec![
            entity("a", "A", EntityKind::Person, &[]),
            entity("b", "B", EntityKind::Org, &[]),
        ];
        let rel = mention(0, Predicate::Told, 1, Status::Asserted, "d", 0);
        let root = parse_xml(&to_gexf(&build(entities, &[rel], vec!["d".into()])).unwrap());
        let graph = root.child("graph").unwrap();
        assert_eq!(graph.attr("mode"), Some("static"));
        assert_eq!(graph.attr("timeformat"), None);
        assert_eq!(gexf_date(PartialDate::ymd(2017, 5, 9)), "2017-05-09");
        assert_eq!(
            gexf_date(PartialDate {
                year: 2016,
                month: None,
                day: None
            }),
            "2016-01-01"
        );
    }

    fn read_back(name: &str, sentence: &str) -> (String, String) {
        let root = parse_xml(&to_gexf(&hostile_graph(name, sentence)).unwrap());
        let graph = root.child("graph").unwrap();
        let node = graph.child("nodes").unwrap().children[0].clone();
        let edge = graph.child("edges").unwrap().children[0].clone();
        (
            node.attr("label").unwrap().to_string(),
            value(&edge, "evidence").unwrap().to_string(),
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
