//! How are two entities connected? Loads a `graph.json` written by `newsgraph build` and
//! prints the shortest paths between two names, then the first entity's card and the
//! graph's three most central people, with the library API only.
//!
//! ```sh
//! cargo run --release --example paths -- graphs/graph.json trump comey
//! ```

use newsgraph::export::json::read_graph_json;
use newsgraph::model::EntityKind;
use newsgraph::query::{Explorer, PathQuery, RankBy};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [graph, from, to] = args.as_slice() else {
        eprintln!("usage: paths GRAPH.json FROM TO");
        return ExitCode::from(2);
    };
    match run(graph, from, to) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("paths: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str, from: &str, to: &str) -> Result<(), Box<dyn std::error::Error>> {
    let graph = read_graph_json(path.as_ref())?.to_graph()?;
    let explorer = Explorer::new(&graph);
    let (a, b) = (explorer.find(from)?, explorer.find(to)?);
    let paths = explorer.paths(a, b, &PathQuery::default());
    if paths.is_empty() {
        println!("{from} and {to} are not connected within 4 hops");
    }
    for path in &paths {
        print!("{path}");
    }
    let card = explorer.card(a);
    println!(
        "\n{} has {} relations and {} roles",
        card.entity.label,
        card.relations.len(),
        card.roles.len()
    );
    for entry in explorer.rank(RankBy::PageRank, Some(EntityKind::Person), 3) {
        println!("  {:.3}  {}", entry.score, entry.entity.label);
    }
    Ok(())
}
