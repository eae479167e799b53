//! Graphviz DOT export, for drawing a graph with `dot -Tsvg`.
//!
//! In: a [`KnowledgeGraph`] and a [`DotStyle`]. Out: a DOT `digraph` built with graphviz-rust's
//! structures and printer. Nodes are styled by entity type ([`kind_style`]), edges by relation
//! and status (dashed when alleged or denied, red-ish when denied, grey for `RELATED`).
//! [`to_dot`] writes `graph.dot`; [`to_dot_with`] and [`DotStyle::drawing`] add what a picture
//! needs (a legend, node sizes by mentions, settings of the chosen [`Layout`]), for
//! [`render`](crate::render).
//!
//! graphviz-rust prints ids verbatim, so every id and value goes through [`quoted`], which adds
//! the quotes and escapes `"`, `\` and line breaks: names and sentences are untrusted text.
//! Labels also go through [`label`], which escapes `&` (Graphviz reads entities in labels).

use crate::graph::{EntityNode, KnowledgeGraph, RelationEdge};
use crate::model::{EntityKind, Predicate, Status};
use graphviz_rust::dot_generator::*;
use graphviz_rust::dot_structures::*;
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use std::collections::HashMap;

const FONT: &str = "Helvetica";
/// Colour of `RELATED` edges and their labels.
pub const RELATED_COLOUR: &str = "#888888";
/// Colour of denied edges and their labels.
pub const DENIED_COLOUR: &str = "#cc4444";

/// A Graphviz layout program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Layered (hierarchical), left to right.
    Dot,
    /// Spring model (stress majorisation).
    Neato,
    /// Spring model (force-directed).
    Fdp,
    /// Multiscale force-directed, for large graphs.
    Sfdp,
    /// Circular.
    Circo,
}

impl Layout {
    /// Every layout, `dot` first.
    pub const ALL: [Layout; 5] = [
        Layout::Dot,
        Layout::Neato,
        Layout::Fdp,
        Layout::Sfdp,
        Layout::Circo,
    ];

    /// The program's name, as in `dot -K<name>`.
    pub fn name(self) -> &'static str {
        match self {
            Layout::Dot => "dot",
            Layout::Neato => "neato",
            Layout::Fdp => "fdp",
            Layout::Sfdp => "sfdp",
            Layout::Circo => "circo",
        }
    }
}

/// What [`to_dot_with`] adds to the plain graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DotStyle {
    /// The layout the DOT is tuned for; other than `dot`, it is also named in the graph's
    /// `layout` attribute and overlaps are removed.
    pub layout: Layout,
    /// A legend (node types, edge conventions) as the graph's label, at the bottom.
    pub legend: bool,
    /// Node font size grows with the number of mentions (bounded), so nodes do too.
    pub size_by_mentions: bool,
    /// Edges of the same direction and look between the same two nodes are drawn as one line
    /// with one label per edge ([`drawn_edges`]).
    pub merge_parallel: bool,
}

impl DotStyle {
    /// What [`to_dot`] writes: `dot` layout, no legend, one size.
    pub const PLAIN: DotStyle = DotStyle {
        layout: Layout::Dot,
        legend: false,
        size_by_mentions: false,
        merge_parallel: false,
    };

    /// For a picture drawn with `layout`: legend, sizes and merged parallel edges.
    pub fn drawing(layout: Layout) -> DotStyle {
        DotStyle {
            layout,
            legend: true,
            size_by_mentions: true,
            merge_parallel: true,
        }
    }
}

/// How nodes of one entity type are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindStyle {
    /// Graphviz shape name.
    pub shape: &'static str,
    /// Fill colour, `#rrggbb` ([`kind_colour`](super::kind_colour)).
    pub fill: &'static str,
}

/// The shape and colour of an entity type.
pub fn kind_style(kind: EntityKind) -> KindStyle {
    let shape = match kind {
        EntityKind::Person => "ellipse",
        EntityKind::Org => "box",
        EntityKind::Gpe => "hexagon",
        EntityKind::Loc => "octagon",
        EntityKind::Event => "diamond",
    };
    KindStyle {
        shape,
        fill: super::kind_colour(kind),
    }
}

/// An edge's label: the verb (lower case) for `RELATED`, else the relation name.
pub fn edge_label(e: &RelationEdge) -> String {
    match (e.predicate, &e.verb) {
        (Predicate::Related, Some(verb)) => verb.to_lowercase(),
        (p, _) => p.as_str().to_string(),
    }
}

/// Whether an edge is drawn dashed: its status is alleged or denied.
pub fn is_dashed(e: &RelationEdge) -> bool {
    matches!(e.status, Status::Alleged | Status::Denied)
}

/// An edge's colour, if not the default black: red-ish when denied, grey for `RELATED`.
pub fn edge_colour(e: &RelationEdge) -> Option<&'static str> {
    if e.status == Status::Denied {
        Some(DENIED_COLOUR)
    } else if e.predicate == Predicate::Related {
        Some(RELATED_COLOUR)
    } else {
        None
    }
}

/// One line of a drawing: an edge, or several edges merged (see [`drawn_edges`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnEdge<'g> {
    /// The source node.
    pub source: &'g EntityNode,
    /// The target node.
    pub target: &'g EntityNode,
    /// One [`edge_label`] per edge drawn as this line, in [`KnowledgeGraph::edges_sorted`]
    /// order.
    pub labels: Vec<String>,
    /// Drawn dashed ([`is_dashed`]).
    pub dashed: bool,
    /// Colour, if not black ([`edge_colour`]).
    pub colour: Option<&'static str>,
}

/// The lines to draw for `g`'s edges, in [`KnowledgeGraph::edges_sorted`] order of their
/// first edge. With `merge`, the edges with the same source, target, dashes and colour
/// become one line (six edges between two people would otherwise pile up their labels);
/// without, one line per edge.
pub fn drawn_edges(g: &KnowledgeGraph, merge: bool) -> Vec<DrawnEdge<'_>> {
    let mut lines: Vec<DrawnEdge<'_>> = Vec::new();
    let mut line_of: HashMap<(&str, &str, bool, Option<&str>), usize> = HashMap::new();
    for view in g.edges_sorted() {
        let e = view.edge;
        let (dashed, colour) = (is_dashed(e), edge_colour(e));
        let key = (
            view.source.id.as_str(),
            view.target.id.as_str(),
            dashed,
            colour,
        );
        match line_of.get(&key) {
            Some(&i) if merge => lines[i].labels.push(edge_label(e)),
            _ => {
                line_of.insert(key, lines.len());
                lines.push(DrawnEdge {
                    source: view.source,
                    target: view.target,
                    labels: vec![edge_label(e)],
                    dashed,
                    colour,
                });
            }
        }
    }
    lines
}

/// Node font size for `mentions` mentions: 10 for one, +3 per doubling, at most 22.
pub fn font_size(mentions: usize) -> u32 {
    let doublings = usize::BITS - mentions.max(1).leading_zeros() - 1;
    (10 + 3 * doublings).min(22)
}

/// The graph as DOT text (ends with a newline); the same graph always gives the same text.
/// This is `graph.dot`: [`to_dot_with`] with [`DotStyle::PLAIN`].
pub fn to_dot(g: &KnowledgeGraph) -> String {
    to_dot_with(g, &DotStyle::PLAIN)
}

/// The graph as DOT text in `style` (ends with a newline); deterministic.
pub fn to_dot_with(g: &KnowledgeGraph, style: &DotStyle) -> String {
    let mut graph_attributes = Vec::new();
    match style.layout {
        Layout::Dot => graph_attributes.push(Attribute(id!("rankdir"), id!("LR"))),
        other => {
            graph_attributes.push(Attribute(id!("layout"), id!(other.name())));
            graph_attributes.push(Attribute(id!("overlap"), id!("false")));
            graph_attributes.push(Attribute(id!("splines"), id!("true")));
            graph_attributes.push(Attribute(id!("sep"), quoted("+20")));
            if other == Layout::Sfdp {
                // Its default springs are short: labels of the busiest nodes pile up.
                graph_attributes.push(Attribute(id!("K"), id!("1")));
                graph_attributes.push(Attribute(id!("repulsiveforce"), id!("2")));
            }
        }
    }
    graph_attributes.push(Attribute(id!("fontname"), quoted(FONT)));
    let nodes = g.nodes_sorted();
    if style.legend {
        graph_attributes.push(Attribute(id!("outputorder"), id!("edgesfirst")));
        graph_attributes.push(Attribute(id!("labelloc"), id!("b")));
        graph_attributes.push(Attribute(id!("labeljust"), id!("l")));
        graph_attributes.push(Attribute(
            id!("label"),
            legend(&nodes, style.size_by_mentions),
        ));
    }
    let mut stmts: Vec<Stmt> = vec![
        stmt!(GraphAttributes::Graph(graph_attributes)),
        stmt!(GraphAttributes::Node(vec![
            Attribute(id!("fontname"), quoted(FONT)),
            Attribute(id!("style"), quoted("filled")),
        ])),
        stmt!(GraphAttributes::Edge(vec![
            Attribute(id!("fontname"), quoted(FONT)),
            Attribute(id!("fontsize"), id!("10")),
        ])),
    ];
    stmts.extend(nodes.iter().map(|n| stmt!(node_stmt(n, style))));
    for line in drawn_edges(g, style.merge_parallel) {
        let mut attributes = vec![Attribute(id!("label"), label(&line.labels.join("\n")))];
        if line.dashed {
            attributes.push(Attribute(id!("style"), id!("dashed")));
        }
        if let Some(colour) = line.colour {
            attributes.push(Attribute(id!("color"), quoted(colour)));
            attributes.push(Attribute(id!("fontcolor"), quoted(colour)));
        }
        stmts.push(stmt!(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quoted(&line.source.id), None)),
                Vertex::N(NodeId(quoted(&line.target.id), None)),
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

fn node_stmt(n: &EntityNode, style: &DotStyle) -> Node {
    let KindStyle { shape, fill } = kind_style(n.kind);
    let mut attributes = vec![
        Attribute(id!("label"), label(&n.label)),
        Attribute(id!("shape"), id!(shape)),
        Attribute(id!("fillcolor"), quoted(fill)),
    ];
    if style.size_by_mentions {
        attributes.push(Attribute(
            id!("fontsize"),
            id!(font_size(n.mentions).to_string()),
        ));
    }
    Node::new(NodeId(quoted(&n.id), None), attributes)
}

/// The legend as an HTML-like label: one cell per entity type present (its colour, name and
/// shape), then the edge conventions. Only fixed text, no graph content, goes into it.
fn legend(nodes: &[&EntityNode], sized: bool) -> Id {
    let mut cells = String::new();
    for kind in EntityKind::ALL {
        if nodes.iter().any(|n| n.kind == kind) {
            let KindStyle { shape, fill } = kind_style(kind);
            cells.push_str(&format!(
                r#"<TD BGCOLOR="{fill}">{} ({shape})</TD>"#,
                kind.as_str()
            ));
        }
    }
    let span = cells.matches("<TD").count().max(1);
    let sizes = if sized {
        " · bigger node: more mentions"
    } else {
        ""
    };
    if !cells.is_empty() {
        cells = format!("<TR>{cells}</TR>");
    }
    Id::Html(format!(
        r#"<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4"><TR><TD COLSPAN="{span}"><B>Legend</B></TD></TR>{cells}<TR><TD COLSPAN="{span}">edge label: relation (or verb, grey) · dashed: alleged or denied · <FONT COLOR="{DENIED_COLOUR}">red: denied</FONT>{sizes}</TD></TR></TABLE>>"#
    ))
}

/// A DOT label for any text: [`quoted`], with `&` written `&amp;` first, since Graphviz
/// decodes entities in labels (`AT&amp;T` would show as `AT&T`).
pub fn label(text: &str) -> Id {
    quoted(&text.replace('&', "&amp;"))
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
        let g: KnowledgeGraph = build(entities, &[rel], vec!["d".into()]);
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

    #[test]
    fn drawing_adds_legend_sizes_layout_and_merges_parallel_edges() {
        let g = sample();
        let dot = to_dot_with(&g, &DotStyle::drawing(Layout::Neato));
        assert!(dot.contains("layout=neato") && dot.contains("overlap=false"));
        assert!(dot.contains("<B>Legend</B>") && dot.contains("PERSON (ellipse)"));
        assert!(!dot.contains("LOC (octagon)"), "no LOC node in the sample");
        let (nodes, edges) = parse(&dot);
        let trump = nodes
            .iter()
            .find(|n| n.id.0 == Id::Escaped("\"donald-trump\"".into()))
            .unwrap();
        // Three mentions: one doubling above the smallest size.
        assert_eq!(attr(&trump.attributes, "fontsize"), Some("13"));
        assert_eq!(edges.len(), 4);
        assert_eq!(to_dot_with(&g, &DotStyle::drawing(Layout::Neato)), dot);
        // Two edges of the same direction and look become one line with both labels.
        let entities = vec![
            entity("a", "A", EntityKind::Person, &[]),
            entity("b", "B", EntityKind::Person, &[]),
        ];
        let rels = [
            mention(0, Predicate::MetWith, 1, Status::Asserted, "d", 0),
            mention(0, Predicate::Told, 1, Status::Asserted, "d", 20),
            mention(0, Predicate::Accused, 1, Status::Alleged, "d", 40),
        ];
        let g = build(entities, &rels, vec!["d".into()]);
        let lines = drawn_edges(&g, true);
        let labels: Vec<(Vec<String>, bool)> =
            lines.into_iter().map(|l| (l.labels, l.dashed)).collect();
        assert_eq!(
            labels,
            [
                (vec!["ACCUSED".to_string()], true),
                (vec!["MET_WITH".to_string(), "TOLD".to_string()], false),
            ]
        );
        assert_eq!(drawn_edges(&g, false).len(), 3);
        let (_, edges) = parse(&to_dot_with(&g, &DotStyle::drawing(Layout::Dot)));
        assert_eq!(
            attr(&edges[1].attributes, "label"),
            Some(r#""MET_WITH\nTOLD""#)
        );
    }

    #[test]
    fn labels_keep_ampersands_literal() {
        assert_eq!(
            label("AT&T; &amp;"),
            Id::Escaped(r#""AT&amp;T; &amp;amp;""#.into())
        );
        assert_eq!(font_size(1), 10);
        assert_eq!(font_size(4), 16);
        assert_eq!(font_size(1000), 22);
    }

    /// The text Graphviz shows for a label written by [`label`]: the id unquoted, then the
    /// one entity `label` adds (`&amp;`) decoded.
    fn displayed(id: &str) -> String {
        let inner = &id[1..id.len() - 1];
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match (c, c == '\\') {
                (_, true) => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some(other) => out.push(other),
                    None => panic!("dangling backslash in {id}"),
                },
                (c, false) => out.push(c),
            }
        }
        out.replace("&amp;", "&")
    }

    proptest::proptest! {
        /// Any name without control characters other than line feeds, and any verb (a word
        /// with no space at either end, as verbs are stored), comes back
        /// from graphviz-rust's parser as Graphviz will show it: as it went in.
        #[test]
        fn any_name_round_trips_through_the_dot_parser(
            name in "(\\PC|\n){1,40}",
            verb in "[\\p{L}\\p{N}](\\PC{0,18}[\\p{L}\\p{N}])?",
        ) {
            let entities = vec![
                entity("a", &name, EntityKind::Org, &[]),
                entity("b", "B", EntityKind::Person, &[]),
            ];
            let mut rel = mention(0, Predicate::Related, 1, crate::model::Status::Asserted, "d", 0);
            rel.verb = Some(verb.clone());
            let g = build(entities, &[rel], vec!["d".into()]);
            let (nodes, edges) = parse(&to_dot(&g));
            let label = attr(&nodes[0].attributes, "label").expect("a label");
            proptest::prop_assert_eq!(displayed(label), name);
            let edge_label = attr(&edges[0].attributes, "label").expect("an edge label");
            proptest::prop_assert_eq!(displayed(edge_label), verb.to_lowercase());
        }
    }
}
