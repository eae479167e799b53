//! Graphviz DOT export, for drawing a graph with `dot -Tsvg`.
//!
//! In: a [`KnowledgeGraph`]. Out: a DOT `digraph` built with graphviz-rust's structures and
//! printer. Nodes are styled by entity type, edges by relation and status (dashed when
//! alleged or denied, red-ish when denied, grey for `RELATED`).
//!
//! graphviz-rust prints ids verbatim, so every id and value goes through [`quoted`], which adds
//! the quotes and escapes `"`, `\` and line breaks: names and sentences are untrusted text.

use crate::graph::{EntityNode, KnowledgeGraph};
use crate::model::{EntityKind, Predicate, Status};
use graphviz_rust::dot_generator::*;
use graphviz_rust::dot_structures::*;
use graphviz_rust::printer::{DotPrinter, PrinterContext};

const FONT: &str = "Helvetica";
const RELATED_COLOUR: &str = "#888888";
const DENIED_COLOUR: &str = "#cc4444";

/// The graph as DOT text (ends with a newline); the same graph always gives the same text.
pub fn to_dot(g: &KnowledgeGraph) -> String {
    let mut stmts: Vec<Stmt> = vec![
        stmt!(GraphAttributes::Graph(vec![
            Attribute(id!("rankdir"), id!("LR")),
            Attribute(id!("fontname"), quoted(FONT)),
        ])),
        stmt!(GraphAttributes::Node(vec![
            Attribute(id!("fontname"), quoted(FONT)),
            Attribute(id!("style"), quoted("filled")),
        ])),
        stmt!(GraphAttributes::Edge(vec![
            Attribute(id!("fontname"), quoted(FONT)),
            Attribute(id!("fontsize"), id!("10")),
        ])),
    ];
    stmts.extend(g.nodes_sorted().into_iter().map(|n| stmt!(node_stmt(n))));
    for view in g.edges_sorted() {
        let e = view.edge;
        let mut attributes = Vec::new();
        let label = match (e.predicate, &e.verb) {
            (Predicate::Related, Some(verb)) => verb.to_lowercase(),
            (p, _) => p.as_str().to_string(),
        };
        attributes.push(Attribute(id!("label"), quoted(&label)));
        if e.predicate == Predicate::Related {
            attributes.push(Attribute(id!("color"), quoted(RELATED_COLOUR)));
            attributes.push(Attribute(id!("fontcolor"), quoted(RELATED_COLOUR)));
        }
        match e.status {
            Status::Alleged => attributes.push(Attribute(id!("style"), id!("dashed"))),
            Status::Denied => {
                attributes.push(Attribute(id!("style"), id!("dashed")));
                attributes.push(Attribute(id!("color"), quoted(DENIED_COLOUR)));
                attributes.push(Attribute(id!("fontcolor"), quoted(DENIED_COLOUR)));
            }
            Status::Asserted | Status::Reported => {}
        }
        stmts.push(stmt!(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quoted(&view.source.id), None)),
                Vertex::N(NodeId(quoted(&view.target.id), None)),
            ),
            attributes,
        }));
    }
    let graph = Graph::DiGraph {
        id: quoted("newsgraph"),
        strict: false,
        stmts,
    };
    let mut text = graph.print(&mut PrinterContext::default());
    text.push('\n');
    text
}

fn node_stmt(n: &EntityNode) -> Node {
    let (shape, fill) = match n.kind {
        EntityKind::Person => ("ellipse", "#add8e6"),
        EntityKind::Org => ("box", "#ffd8a8"),
        EntityKind::Gpe => ("hexagon", "#b8e6b8"),
        EntityKind::Loc => ("octagon", "#e0d4f5"),
        EntityKind::Event => ("diamond", "#fff3b0"),
    };
    Node::new(
        NodeId(quoted(&n.id), None),
        vec![
            Attribute(id!("label"), quoted(&n.label)),
            Attribute(id!("shape"), id!(shape)),
            Attribute(id!("fillcolor"), quoted(fill)),
        ],
    )
}

/// A double-quoted DOT id for any text: `"` and `\` are escaped, line breaks become `\n`
/// (a centred line break in labels) and other control characters become spaces.
pub fn quoted(text: &str) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    Id::Escaped(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::{entity, mention, sample};
    use crate::graph::{build, KnowledgeGraph};

    /// Parses `dot` back and returns (node statements, edge statements).
    fn parse(dot: &str) -> (Vec<Node>, Vec<Edge>) {
        let g = graphviz_rust::parse(dot).unwrap_or_else(|e| panic!("{e}\n{dot}"));
        let Graph::DiGraph { stmts, .. } = g else {
            panic!("not a digraph")
        };
        let mut nodes = Vec::new();
        let mut edges = Vec::new();
        for s in stmts {
            match s {
                Stmt::Node(n) => nodes.push(n),
                Stmt::Edge(e) => edges.push(e),
                _ => {}
            }
        }
        (nodes, edges)
    }

    fn attr<'a>(attrs: &'a [Attribute], key: &str) -> Option<&'a str> {
        attrs.iter().find_map(|Attribute(k, v)| match (k, v) {
            (Id::Plain(k), Id::Plain(v) | Id::Escaped(v)) if k == key => Some(v.as_str()),
            _ => None,
        })
    }

    #[test]
    fn quoting() {
        let check = |input: &str, expected: &str| {
            assert_eq!(quoted(input), Id::Escaped(expected.to_string()));
        };
        check("plain", r#""plain""#);
        check(r#"say "hi""#, r#""say \"hi\"""#);
        check(r"back\slash", r#""back\\slash""#);
        check("two\nlines\r\nthree", r#""two\nlines\nthree""#);
        check("tab\there", r#""tab here""#);
        check(r"end\", r#""end\\""#);
    }

    #[test]
    fn styles_and_labels() {
        let dot = to_dot(&sample());
        assert!(dot.starts_with("digraph \"newsgraph\" {"));
        assert!(dot.contains("rankdir=LR"));
        assert!(dot.contains("fontname=\"Helvetica\""));
        let (nodes, edges) = parse(&dot);
        assert_eq!((nodes.len(), edges.len()), (4, 4));
        let trump = nodes
            .iter()
            .find(|n| n.id.0 == Id::Escaped("\"donald-trump\"".into()))
            .unwrap();
        assert_eq!(attr(&trump.attributes, "label"), Some("\"Donald Trump\""));
        assert_eq!(attr(&trump.attributes, "shape"), Some("ellipse"));
        let shapes: Vec<&str> = nodes
            .iter()
            .filter_map(|n| attr(&n.attributes, "shape"))
            .collect();
        assert_eq!(shapes, ["ellipse", "hexagon", "ellipse", "box"]);
        let labels: Vec<(&str, Option<&str>, Option<&str>)> = edges
            .iter()
            .map(|e| {
                (
                    attr(&e.attributes, "label").unwrap(),
                    attr(&e.attributes, "style"),
                    attr(&e.attributes, "color"),
                )
            })
            .collect();
        assert_eq!(
            labels,
            [
                ("\"visit\"", Some("dashed"), Some("\"#888888\"")),
                ("\"DENIED\"", Some("dashed"), Some("\"#cc4444\"")),
                ("\"HOLDS_ROLE_IN\"", None, None),
                ("\"MET_WITH\"", None, None),
            ]
        );
    }

    #[test]
    fn hostile_names_parse_back() {
        let nasty = "Evil \"Quote\" \\ <script>alert(1)</script>\nline two";
        let entities = vec![
            entity("evil", nasty, EntityKind::Org, &[]),
            entity("x-y", "X\\", EntityKind::Event, &[]),
        ];
        let mut rel = mention(
            0,
            Predicate::Related,
            1,
            crate::model::Status::Asserted,
            "d",
            0,
        );
        rel.verb = Some("Say \"no\"\\".into());
        let g: KnowledgeGraph = build(&entities, &[rel], vec!["d".into()]);
        let dot = to_dot(&g);
        let (nodes, edges) = parse(&dot);
        assert_eq!((nodes.len(), edges.len()), (2, 1));
        assert_eq!(
            attr(&nodes[0].attributes, "label"),
            Some(r#""Evil \"Quote\" \\ <script>alert(1)</script>\nline two""#)
        );
        assert_eq!(
            attr(&edges[0].attributes, "label"),
            Some(r#""say \"no\"\\""#)
        );
        assert_eq!(to_dot(&g), dot);
    }
}
