//! Whole-pipeline checks on the sample corpus: committed outputs are current, output does
//! not depend on the thread count, and extraction reaches the figures of issue 2.

use crate::util;
use newsgraph::eval;
use newsgraph::export::{self, json};
use newsgraph::partial;
use newsgraph::query::{EdgeFilter, Explorer};
use newsgraph::render::{self, Engine, Format, Layout, RenderOptions};
use std::fs;

#[test]
fn committed_graphs_are_current() {
    let build = util::build_seeds();
    // scripts/build-graphs writes every format.
    for format in export::Format::ALL {
        for file in format.render(&build.graph).unwrap() {
            let path = util::root().join("graphs").join(file.name);
            let committed =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                committed == file.text,
                "graphs/{} is stale: run `scripts/build-graphs`",
                file.name
            );
        }
    }
    let state = fs::read_to_string(util::root().join("graphs").join(partial::STATE_FILE))
        .expect("graphs/partial.jsonl");
    assert!(
        state == build.extracts.to_text().unwrap(),
        "graphs/partial.jsonl is stale: run `scripts/build-graphs`"
    );
}

/// Whether Graphviz's `dot` runs here; if not, a note (and a failure under CI, where
/// `.ci/run` installs it).
fn graphviz_present(what: &str) -> bool {
    if std::process::Command::new("dot").arg("-V").output().is_ok() {
        return true;
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "CI must have Graphviz"
    );
    eprintln!("note: Graphviz not installed, {what} not checked");
    false
}

/// Graphviz itself reads the committed graph.dot: `dot -Tsvg` succeeds, quietly, and draws
/// one node group per node and one edge group per edge.
#[test]
fn graphviz_renders_the_committed_dot() {
    if !graphviz_present("graph.dot") {
        return;
    }
    let dot_file = util::root().join("graphs/graph.dot");
    let out = std::process::Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot_file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "{stderr}");
    let svg = String::from_utf8(out.stdout).unwrap();
    let graph = json::read_graph_json(&util::root().join("graphs/graph.json"))
        .unwrap()
        .to_graph()
        .unwrap();
    assert_eq!(svg.matches("class=\"node\"").count(), graph.node_count());
    assert_eq!(svg.matches("class=\"edge\"").count(), graph.edge_count());
}

/// The diagrams `scripts/build-graphs` draws with Graphviz from the committed graph.json. Their
/// bytes depend on the Graphviz version, so they are compared only where `dot` runs: always
/// under CI (`.ci/run` installs it), else the check is skipped with a note.
#[test]
fn committed_diagrams_are_current() {
    if !graphviz_present("committed diagrams") {
        return;
    }
    let path = util::root().join("graphs/graph.json");
    let graph = json::read_graph_json(&path).unwrap().to_graph().unwrap();
    let explorer = Explorer::new(&graph);
    let options = RenderOptions {
        format: Format::Svg,
        layout: Layout::Dot,
        engine: Engine::Graphviz,
    };
    // The focus of scripts/build-graphs.
    let focus = explorer.find("Donald Trump").ok();
    let views = [
        (
            "graphs/graph.svg",
            explorer.subgraph(None, 0, &EdgeFilter::default()),
        ),
        (
            "graphs/donald-trump-2hops.svg",
            explorer.subgraph(focus, 2, &EdgeFilter::default()),
        ),
    ];
    for (file, view) in views {
        let drawn = render::render(&view, &options).unwrap();
        let committed = fs::read(util::root().join(file)).expect(file);
        assert!(
            committed == drawn.bytes,
            "{file} is stale: run `scripts/build-graphs`"
        );
    }
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| json::to_json(&util::build_seeds().graph).unwrap())
    };
    assert_eq!(run(1), run(4));
}

#[test]
fn evidence_offsets_point_at_the_sentence_in_the_original() {
    let build = util::build_seeds();
    for view in build.graph.edges_sorted() {
        for ev in &view.edge.evidence {
            let raw = fs::read_to_string(util::seeds().join(&*ev.doc)).unwrap();
            let slice = &raw[ev.start..ev.end];
            // The raw span may hold markup the cleaner removed ("[did nothing wrong](#)"),
            // but it starts where the sentence starts and holds its last word.
            let sentence = ev.sentence.read().unwrap();
            let first = sentence.split_whitespace().next().unwrap();
            let last: String = sentence
                .split_whitespace()
                .last()
                .unwrap()
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            assert!(
                slice.starts_with(first) && slice.contains(&last),
                "{slice:?} vs {:?}",
                ev.sentence
            );
            assert!(
                slice.len() < ev.sentence.len() * 4,
                "span much longer than its sentence: {slice:?}"
            );
        }
    }
}

/// Minimum scores of one evaluation: entity recall and precision, relation recall and
/// precision (closed set).
struct Floors {
    entity_recall: f64,
    entity_precision: f64,
    relation_recall: f64,
    relation_precision: f64,
}

/// Builds `inputs`, scores the graph against `gold` and checks every floor.
fn assert_floors(inputs: &std::path::Path, gold: &std::path::Path, floors: Floors) -> eval::Report {
    let build = newsgraph::pipeline::build_paths(
        &[inputs.to_path_buf()],
        &newsgraph::pipeline::BuildConfig::quiet(),
    )
    .expect("a build");
    let record = json::GraphRecord::from_graph(&build.graph).unwrap();
    let gold = eval::load_gold(gold).unwrap();
    let report = eval::evaluate(&gold, &record);
    println!("{report}");
    let checks = [
        (
            "entity recall",
            report.entity_recall(),
            floors.entity_recall,
        ),
        (
            "entity precision",
            report.entity_precision(),
            floors.entity_precision,
        ),
        (
            "relation recall",
            report.relation_recall(),
            floors.relation_recall,
        ),
        (
            "relation precision",
            report.relation_precision(),
            floors.relation_precision,
        ),
    ];
    for (what, got, floor) in checks {
        assert!(
            got >= floor,
            "{what} {got:.3} is below {floor} on {}",
            inputs.display()
        );
    }
    report
}

/// Issue 2's targets on the seeds (entity P >= 0.85, R >= 0.90; relation P >= 0.80,
/// R >= 0.70), raised to the figures reached since (raise, never lower). Issue 3 requires
/// relation precision and recall above issue 2's 0.934 / 0.781.
#[test]
fn seeds_reach_the_extraction_targets() {
    let floors = Floors {
        entity_recall: 0.95,
        entity_precision: 0.95,
        relation_recall: 0.79,
        relation_precision: 0.935,
    };
    let report = assert_floors(&util::seeds(), &util::gold(), floors);
    assert!(
        report.not_entity_nodes.is_empty(),
        "nodes for not-entities: {:?}",
        report.not_entity_nodes
    );
    assert!(
        report.split_entities.is_empty(),
        "gold entities split over nodes: {:?}",
        report.split_entities
    );
}

/// The development set (tests/data/dev: five original articles annotated before the tool
/// was run on them, whose errors then guided fixes): a floor that guards generality.
#[test]
fn dev_set_scores_do_not_regress() {
    let dev = util::root().join("tests/data/dev");
    let floors = Floors {
        entity_recall: 0.93,
        entity_precision: 0.92,
        relation_recall: 0.76,
        relation_precision: 0.93,
    };
    assert_floors(&dev, &dev.join("dev-gold.json"), floors);
}

/// The second blind set (tests/data/blind2: four articles written and annotated without
/// running the tool, scored once after the parse-based extraction was finished).
#[test]
fn blind2_set_scores_do_not_regress() {
    let blind = util::root().join("tests/data/blind2");
    let floors = Floors {
        entity_recall: 0.91,
        entity_precision: 0.91,
        relation_recall: 0.69,
        relation_precision: 0.90,
    };
    assert_floors(&blind, &blind.join("blind2-gold.json"), floors);
}

/// The blind held-out set (tests/data/heldout: six articles written and annotated without
/// running the tool; see tests/data/README-heldout.md).
#[test]
fn heldout_set_scores_do_not_regress() {
    let heldout = util::root().join("tests/data/heldout");
    let floors = Floors {
        entity_recall: 0.95,
        entity_precision: 0.91,
        relation_recall: 0.64,
        relation_precision: 0.89,
    };
    assert_floors(&heldout, &heldout.join("heldout-gold.json"), floors);
}
