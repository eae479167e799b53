//! The pure-Rust fallback: lays a graph out with layout-rs (no Graphviz needed) and writes SVG.
//!
//! layout-rs has fewer shapes than Graphviz (people are ellipses, everything else a box, told
//! apart by the same fill colours), no clusters and no HTML labels, so the legend is plain
//! nodes. It escapes `&`, `<`, `>` and quotes in all text it writes, so labels go to it
//! as they are. It is slow past about 50 nodes, so only the most mentioned `max_nodes` are
//! drawn.

use crate::export::dot::{drawn_edges, font_size, kind_style};
use crate::graph::{EntityNode, KnowledgeGraph};
use crate::model::EntityKind;
use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use std::collections::{BTreeSet, HashMap};

const ORIENTATION: Orientation = Orientation::LeftToRight;
const EDGE_FONT: usize = 11;

/// `g` as SVG, drawing at most `max_nodes` nodes (the most mentioned, ties by id) and the
/// edges between them; a note says when nodes were left out. Deterministic.
pub(super) fn to_svg(g: &KnowledgeGraph, max_nodes: usize, notes: &mut Vec<String>) -> String {
    let mut nodes = g.nodes_sorted();
    if nodes.len() > max_nodes {
        let total = nodes.len();
        nodes.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
        nodes.truncate(max_nodes);
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        notes.push(format!(
            "the built-in layout is slow on large graphs: drew the {max_nodes} most mentioned \
             of {total} nodes (use --focus, or install graphviz, to see the rest)"
        ));
    }
    let mut vg = VisualGraph::new(ORIENTATION);
    let mut handles = HashMap::new();
    for n in &nodes {
        handles.insert(n.id.as_str(), vg.add_node(element(n)));
    }
    for line in drawn_edges(g, true) {
        let (Some(&s), Some(&t)) = (
            handles.get(line.source.id.as_str()),
            handles.get(line.target.id.as_str()),
        ) else {
            continue;
        };
        let style = if line.dashed {
            LineStyleKind::Dashed
        } else {
            LineStyleKind::Normal
        };
        let look = StyleAttr::new(
            Color::fast(line.colour.unwrap_or("black")),
            1,
            None,
            0,
            EDGE_FONT,
        );
        let arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            style,
            &line.labels.join(", "),
            &look,
            &None,
            &None,
        );
        vg.add_edge(arrow, s, t);
    }
    let kinds: BTreeSet<usize> = nodes
        .iter()
        .filter_map(|n| EntityKind::ALL.iter().position(|&k| k == n.kind))
        .collect();
    add_legend(&mut vg, kinds.into_iter().map(|i| EntityKind::ALL[i]));
    let mut svg = SVGWriter::new();
    vg.do_it(false, false, false, &mut svg);
    sort_style_block(&svg.finalize())
}

/// A node's shape: its label in an ellipse (people) or a box, filled by type, font sized by
/// mentions.
fn element(n: &EntityNode) -> Element {
    shaped(n.kind, &n.label, font_size(n.mentions) as usize + 2)
}

fn shaped(kind: EntityKind, text: &str, font: usize) -> Element {
    let shape = match kind {
        EntityKind::Person => ShapeKind::new_circle(text),
        _ => ShapeKind::new_box(text),
    };
    let rounded = if kind == EntityKind::Gpe { 10 } else { 0 };
    let look = StyleAttr::new(
        Color::fast("black"),
        1,
        Some(Color::fast(kind_style(kind).fill)),
        rounded,
        font,
    );
    // As layout-rs's own DOT reader does: shapes are sized in the flipped orientation.
    let size = get_shape_size(ORIENTATION.flip(), &shape, font, false);
    Element::create(shape, look, ORIENTATION.flip(), size)
}

/// The legend, never empty (layout-rs cannot lay out an empty graph): a box saying what the
/// lines mean and one node per entity type drawn, unlinked, so they sit with the other
/// unlinked nodes.
fn add_legend(vg: &mut VisualGraph, kinds: impl Iterator<Item = EntityKind>) {
    let text = "Legend\nedge label: relation, or verb (grey)\ndashed: alleged or denied\n\
                red: denied\nbigger: more mentions";
    let look = StyleAttr::new(Color::fast("black"), 1, Some(Color::fast("white")), 0, 12);
    let title = ShapeKind::new_box(text);
    let size = get_shape_size(ORIENTATION.flip(), &title, 12, false);
    vg.add_node(Element::create(title, look, ORIENTATION.flip(), size));
    for kind in kinds {
        vg.add_node(shaped(kind, kind.as_str(), 12));
    }
}

/// layout-rs writes its `<style>` rules from a HashMap; sorting them makes the output the same
/// on every run.
fn sort_style_block(svg: &str) -> String {
    let (Some(start), Some(end)) = (svg.find("<style>\n"), svg.find("</style>\n")) else {
        return svg.to_string();
    };
    let body = start + "<style>\n".len();
    if end < body {
        return svg.to_string();
    }
    let mut rules: Vec<&str> = svg[body..end].lines().collect();
    rules.sort_unstable();
    let mut out = String::with_capacity(svg.len());
    out.push_str(&svg[..body]);
    for rule in rules {
        out.push_str(rule);
        out.push('\n');
    }
    out.push_str(&svg[end..]);
    out
}
