//! Builds a graph from a news snippet through the library API and prints the relations of
//! one entity, with their evidence.
//!
//! Run with `cargo run --example relations_of -- "Lavrov"` (the name is matched against
//! labels and aliases, case-insensitively).

use newsgraph::pipeline;

const ARTICLE: &str = "\
On the 10th of May 2017, Russian Foreign Minister Sergei Lavrov met with U.S. Secretary of \
State Rex Tillerson and President Donald Trump at the White House. Lavrov praised Trump after \
the meeting. \"The dialogue is now free from ideology,\" Lavrov told reporters.

Days earlier Trump had fired FBI Director James Comey.";

fn main() {
    let wanted = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "Lavrov".to_string())
        .to_lowercase();
    let build = pipeline::build_text("example.txt", ARTICLE);
    let Some(node) = build.graph.nodes_sorted().into_iter().find(|n| {
        n.label.to_lowercase() == wanted || n.aliases.iter().any(|a| a.to_lowercase() == wanted)
    }) else {
        eprintln!(
            "no entity named {wanted:?}; entities: {:?}",
            build
                .graph
                .nodes_sorted()
                .iter()
                .map(|n| &n.label)
                .collect::<Vec<_>>()
        );
        std::process::exit(1);
    };
    println!(
        "{} ({}), aliases: {}",
        node.label,
        node.kind,
        node.aliases.join(", ")
    );
    for view in build.graph.edges_sorted() {
        if view.source.id != node.id && view.target.id != node.id {
            continue;
        }
        let date = view
            .edge
            .date
            .map(|d| format!(" on {d}"))
            .unwrap_or_default();
        let role = view
            .edge
            .role
            .as_deref()
            .map(|r| format!(" as {r}"))
            .unwrap_or_default();
        println!(
            "  {} -[{}]-> {}{role}{date} ({})",
            view.source.label, view.edge.predicate, view.target.label, view.edge.status
        );
        if let Some(ev) = view.edge.evidence.first() {
            println!("      \"{}\"", ev.sentence);
        }
    }
}
