use super::*;
use crate::graph::testing::{entity, mention, sample};
use crate::graph::{build, KnowledgeGraph};
use crate::model::{EntityKind, Predicate, Status};

fn options(format: Format, engine: Engine) -> RenderOptions {
    RenderOptions {
        format,
        layout: Layout::Dot,
        engine,
    }
}

/// Renders with Graphviz; `None` (after a note) when `dot` is not installed and env `CI` is
/// unset, so a developer without Graphviz can still run the tests. On CI it must be there.
fn with_graphviz(g: &KnowledgeGraph, options: &RenderOptions) -> Option<Rendered> {
    match render(g, options) {
        Ok(r) => Some(r),
        Err(Error::Invalid(m)) if m.contains("not found") && std::env::var_os("CI").is_none() => {
            eprintln!("note: Graphviz `dot` is not installed; skipping this test");
            None
        }
        Err(e) => panic!("{e}"),
    }
}

fn svg_text(r: &Rendered) -> &str {
    std::str::from_utf8(&r.bytes).expect("SVG is UTF-8")
}

/// Parses `svg` as XML and returns its text content (unescaped; a line break after each
/// element).
fn xml_text(svg: &str) -> String {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut text = String::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => {
                depth -= 1;
                text.push('\n');
            }
            Ok(quick_xml::events::Event::Text(t)) => text.push_str(&t.into_inner()),
            Ok(quick_xml::events::Event::GeneralRef(r)) => {
                let c = match r.borrow().into_inner().as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => match r.resolve_char_ref() {
                        Ok(Some(c)) => {
                            text.push(c);
                            continue;
                        }
                        _ => panic!("unknown entity &{other};"),
                    },
                };
                text.push_str(c);
            }
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("not well-formed XML at {}: {e}", reader.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    text
}

/// A graph whose names try to break out of DOT and SVG.
fn hostile() -> KnowledgeGraph {
    let entities = vec![
        entity(
            "evil",
            "<script>alert(1)</script> \"quotes\" </svg> AT&T; &amp;",
            EntityKind::Person,
            &[],
        ),
        entity("other", "Other </svg><svg onload=x>", EntityKind::Org, &[]),
    ];
    let mut rel = mention(0, Predicate::Related, 1, Status::Alleged, "d", 0);
    rel.verb = Some("<script>hit</script>".into());
    build(entities, &[rel], vec!["d".into()])
}

fn check_safe(svg: &str) {
    assert!(!svg.contains("<script"), "raw <script in\n{svg}");
    assert_eq!(svg.matches("</svg>").count(), 1, "{svg}");
    let text = xml_text(svg);
    assert!(
        text.contains("<script>alert(1)</script> \"quotes\" </svg> AT&T; &amp;"),
        "label not shown literally: {text}"
    );
    assert!(text.contains("Other </svg><svg onload=x>"), "{text}");
}

#[test]
fn graphviz_svg_has_one_node_group_per_node_and_the_legend() {
    let g = sample();
    let Some(r) = with_graphviz(&g, &options(Format::Svg, Engine::Graphviz)) else {
        return;
    };
    assert_eq!(r.engine_used, EngineUsed::Graphviz(Layout::Dot));
    assert!(r.notes.is_empty());
    let svg = svg_text(&r);
    assert_eq!(svg.matches("class=\"node\"").count(), g.node_count());
    for n in g.nodes_sorted() {
        // Graphviz titles each node group with its id (writing `-` as `&#45;`).
        let title = format!("<title>{}</title>", n.id.replace('-', "&#45;"));
        assert!(svg.contains(&title), "{title}");
    }
    let text = xml_text(svg);
    assert!(text.contains("Legend") && text.contains("alleged or denied"));
    // The two MET_WITH edges between Lavrov and Trump run in opposite directions: not merged.
    assert_eq!(svg.matches("class=\"edge\"").count(), 4);
    assert!(svg.contains("stroke-dasharray"), "no dashed edge");
}

#[test]
fn every_layout_runs_and_png_pdf_come_out() {
    let g = sample();
    for layout in Layout::ALL {
        let o = RenderOptions {
            layout,
            ..options(Format::Svg, Engine::Graphviz)
        };
        let Some(r) = with_graphviz(&g, &o) else {
            return;
        };
        assert_eq!(
            svg_text(&r).matches("class=\"node\"").count(),
            4,
            "{layout:?}"
        );
    }
    let png = with_graphviz(&g, &options(Format::Png, Engine::Auto)).unwrap();
    assert!(png.bytes.starts_with(b"\x89PNG"));
    let pdf = with_graphviz(&g, &options(Format::Pdf, Engine::Auto)).unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF"));
}

#[test]
fn builtin_svg_shows_every_label_and_the_legend() {
    let g = sample();
    let r = render(&g, &options(Format::Svg, Engine::Builtin)).unwrap();
    assert_eq!(
        (r.engine_used, r.format),
        (EngineUsed::Builtin, Format::Svg)
    );
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    let text = xml_text(svg_text(&r));
    for n in g.nodes_sorted() {
        assert!(text.contains(&n.label), "{} missing", n.label);
    }
    for label in [
        "visit",
        "DENIED",
        "HOLDS_ROLE_IN",
        "MET_WITH",
        "Legend",
        "PERSON",
    ] {
        assert!(text.contains(label), "{label} missing");
    }
    assert!(svg_text(&r).contains("stroke-dasharray"));
    // Same bytes every time (layout-rs keeps its styles in a HashMap).
    let again = render(&g, &options(Format::Svg, Engine::Builtin)).unwrap();
    assert_eq!(again.bytes, r.bytes);
}

#[test]
fn builtin_draws_only_the_most_mentioned_nodes_with_a_note() {
    let entities: Vec<_> = (0..6)
        .map(|i| {
            let aliases: Vec<String> = (0..i).map(|a| format!("alias {a}")).collect();
            let aliases: Vec<&str> = aliases.iter().map(String::as_str).collect();
            entity(
                &format!("n{i}"),
                &format!("Node{i}"),
                EntityKind::Org,
                &aliases,
            )
        })
        .collect();
    let g = build(entities, &[], vec!["d".into()]);
    let mut notes = Vec::new();
    let svg = builtin::to_svg(&g, 3, &mut notes);
    let text = xml_text(&svg);
    assert!(text.contains("Node5") && text.contains("Node4") && text.contains("Node3"));
    assert!(!text.contains("Node2") && !text.contains("Node0"), "{text}");
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("3 most mentioned of 6"), "{notes:?}");
}

#[test]
fn builtin_refuses_png_and_notes_an_ignored_layout() {
    let g = sample();
    match render(&g, &options(Format::Png, Engine::Builtin)) {
        Err(Error::Invalid(m)) => assert!(m.contains("SVG only") && m.contains("graphviz")),
        other => panic!("{other:?}"),
    }
    let o = RenderOptions {
        layout: Layout::Neato,
        ..options(Format::Svg, Engine::Builtin)
    };
    let r = render(&g, &o).unwrap();
    assert!(r.notes.iter().any(|n| n.contains("neato")), "{:?}", r.notes);
}

#[test]
fn hostile_labels_are_escaped_on_both_paths() {
    let g = hostile();
    let builtin = render(&g, &options(Format::Svg, Engine::Builtin)).unwrap();
    check_safe(svg_text(&builtin));
    if let Some(r) = with_graphviz(&g, &options(Format::Svg, Engine::Graphviz)) {
        check_safe(svg_text(&r));
        assert!(xml_text(svg_text(&r)).contains("<script>hit</script>"));
    }
}

#[test]
fn empty_graph_renders() {
    let g = KnowledgeGraph::new(vec![]);
    let r = render(&g, &options(Format::Svg, Engine::Builtin)).unwrap();
    xml_text(svg_text(&r));
    if let Some(r) = with_graphviz(&g, &options(Format::Svg, Engine::Graphviz)) {
        assert_eq!(svg_text(&r).matches("class=\"node\"").count(), 0);
    }
}

#[test]
fn format_follows_the_extension() {
    let check = |path: &str, expected: Option<Format>| {
        assert_eq!(Format::from_path(Path::new(path)), expected, "{path}");
    };
    check("a/graph.svg", Some(Format::Svg));
    check("graph.PNG", Some(Format::Png));
    check("graph.pdf", Some(Format::Pdf));
    check("graph.dot", None);
    check("graph", None);
}
