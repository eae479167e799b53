//! Real consumers read the exports: networkx loads graph.json (`node_link_graph`),
//! graph.graphml and graph.gexf, and Python's csv module Gephi's nodes.csv and edges.csv, all
//! written by `newsgraph export` from the committed seeds graph (and from a copy carrying
//! hostile text), and what they find must match the project's own graph.
//!
//! networkx comes from `.venv-consumers` (`.ci/run` creates it). Without it the test prints a
//! note and passes, except under `CI=true`, where it fails.

use crate::util;
use assert_cmd::Command;
use newsgraph::export::json::read_graph_json;
use newsgraph::graph::KnowledgeGraph;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn export(graph: &Path, format: &str, out: &Path) {
    Command::cargo_bin("newsgraph")
        .expect("binary built")
        .args(["export"])
        .arg(graph)
        .args(["--format", format, "-o"])
        .arg(out)
        .assert()
        .success();
}

/// The (relation, status, first evidence sentence) of every edge `source -> target`, sorted.
fn edges_between(g: &KnowledgeGraph, source: &str, target: &str) -> Vec<Value> {
    let mut found: Vec<(String, String, String)> = g
        .edges_sorted()
        .into_iter()
        .filter(|e| e.source.id == source && e.target.id == target)
        .map(|e| {
            (
                e.edge.predicate.as_str().to_string(),
                e.edge.status.as_str().to_string(),
                e.edge.evidence[0].sentence.to_string(),
            )
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|(r, s, v)| json!([r, s, v]))
        .collect()
}

/// The Python of `.venv-consumers`, or `None` (with a note) when it is missing outside CI.
fn consumer_python() -> Option<PathBuf> {
    let python = util::root().join(".venv-consumers/bin/python3");
    if python.exists() {
        return Some(python);
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "{} is missing: .ci/run installs networkx there",
        python.display()
    );
    eprintln!(
        "note: {} not found; skipping the networkx check \
         (python3 -m venv .venv-consumers && .venv-consumers/bin/pip install networkx)",
        python.display()
    );
    None
}

/// Exports `source` with `newsgraph export` as graph.json, graph.gexf, graph.graphml and
/// Gephi's CSV tables, then reads them with `check_networkx.py` reporting on `node` and on
/// the edges `from -> to`.
fn consumer_report(python: &Path, source: &Path, node: &str, from: &str, to: &str) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("json", "graph.json"),
        ("gexf", "graph.gexf"),
        ("graphml", "graph.graphml"),
    ] {
        export(source, format, &tmp.path().join(name));
    }
    export(source, "csv", tmp.path());
    let out = std::process::Command::new(python)
        .arg(util::root().join("tests/consumers/check_networkx.py"))
        .arg(tmp.path())
        .args([node, from, to])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the script prints JSON")
}

/// What networkx must find for `node` and the edges `from -> to` of `g`, read as a directed
/// multigraph.
fn expected_summary(g: &KnowledgeGraph, node: &str, from: &str, to: &str) -> Value {
    let n = g.node(node).expect("the node is in the graph");
    json!({
        "nodes": g.node_count(),
        "edges": g.edge_count(),
        "directed": true,
        "multigraph": true,
        "node_type": n.kind.as_str(),
        "node_mentions": n.mentions,
        "node_label": n.label,
        "edges_between": edges_between(g, from, to),
    })
}

#[test]
fn networkx_reads_json_graphml_gexf_and_gephi_csv() {
    let Some(python) = consumer_python() else {
        return;
    };
    let source = util::root().join("graphs/graph.json");
    let g = read_graph_json(&source).unwrap().to_graph().unwrap();
    // The most mentioned node (first by id on a tie) and the ends of the first edge.
    let nodes = g.nodes_sorted();
    let node = nodes
        .iter()
        .copied()
        .max_by(|a, b| a.mentions.cmp(&b.mentions).then(b.id.cmp(&a.id)))
        .expect("a node");
    let first = g.edges_sorted()[0];
    let (from, to) = (first.source.id.as_str(), first.target.id.as_str());
    let report = consumer_report(&python, &source, &node.id, from, to);

    let expected = expected_summary(&g, &node.id, from, to);
    assert_eq!(report["json"], expected, "node_link_graph");
    assert_eq!(report["graphml"], expected, "read_graphml");
    assert_eq!(report["csv"], expected, "nodes.csv and edges.csv");

    // networkx refuses a GEXF that mixes directed and undirected edges; the file read as
    // plain XML has every node and edge, symmetric relations undirected.
    let symmetric = g
        .edges_sorted()
        .iter()
        .filter(|e| e.edge.predicate.is_symmetric())
        .count();
    assert_eq!(report["csv_undirected"], json!(symmetric));
    let dated = g.edges_sorted().iter().any(|e| e.edge.date.is_some());
    assert_eq!(
        report["gexf_xml"],
        json!({
            "nodes": g.node_count(),
            "node_label": node.label,
            "edges": g.edge_count(),
            "undirected": symmetric,
            "defaultedgetype": "directed",
            "mode": if dated { "dynamic" } else { "static" },
        })
    );
    if symmetric > 0 {
        assert_eq!(
            report["gexf"],
            json!({"error": "Undirected edge found in directed graph."}),
            "networkx {}",
            report["networkx"]
        );
    } else {
        assert_eq!(report["gexf"]["nodes"], expected["nodes"]);
        assert_eq!(report["gexf"]["edges"], expected["edges"]);
    }
}

/// Quotes, line breaks (LF and CRLF), a tab, markup, an entity, emoji, Hebrew and a
/// right-to-left override: what every format must carry through unchanged.
const HOSTILE: &str =
    "\"Quoted\" <b>&amp; Co</b>\nline two\r\n\t'end' 🦀 👍🏽 שלום \u{202E}rev\u{202C}";

#[test]
fn hostile_names_and_evidence_survive_every_format_networkx_reads() {
    let Some(python) = consumer_python() else {
        return;
    };
    let mut record = read_graph_json(&util::root().join("graphs/graph.json")).unwrap();
    let (from, to) = (
        record.edges[0].source.clone(),
        record.edges[0].target.clone(),
    );
    let node = from.clone();
    for n in record.nodes.iter_mut().filter(|n| n.id == node) {
        n.label = format!("{HOSTILE} {}", n.label);
    }
    for e in record.edges.iter_mut() {
        e.evidence[0].sentence = format!("{HOSTILE} {}", e.evidence[0].sentence).into();
    }
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hostile.json");
    std::fs::write(&source, serde_json::to_string(&record).unwrap()).unwrap();
    let g = record.to_graph().unwrap();
    let report = consumer_report(&python, &source, &node, &from, &to);
    let expected = expected_summary(&g, &node, &from, &to);
    assert!(expected["node_label"]
        .as_str()
        .unwrap()
        .starts_with(HOSTILE));
    for format in ["json", "graphml", "csv"] {
        assert_eq!(report[format], expected, "{format}");
    }
    assert_eq!(report["gexf_xml"]["node_label"], expected["node_label"]);
}

#[test]
fn export_writes_stdout_like_the_file_and_rejects_unknown_formats() {
    let source = util::root().join("graphs/graph.json");
    let tmp = tempfile::tempdir().unwrap();
    for format in ["gexf", "graphml", "json", "dot"] {
        let path = tmp.path().join(format!("graph.{format}"));
        export(&source, format, &path);
        let stdout = Command::cargo_bin("newsgraph")
            .expect("binary built")
            .arg("export")
            .arg(&source)
            .args(["--format", format, "-o", "-"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(stdout, std::fs::read(&path).unwrap(), "{format}");
    }
    // graph.json goes through unchanged.
    assert_eq!(
        std::fs::read(tmp.path().join("graph.json")).unwrap(),
        std::fs::read(&source).unwrap()
    );
    Command::cargo_bin("newsgraph")
        .expect("binary built")
        .arg("export")
        .arg(&source)
        .args(["--format", "xlsx", "-o", "-"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("invalid value 'xlsx'"))
        .stderr(predicates::str::contains(
            "known: json, dot, gexf, graphml, csv, cypher, neo4j",
        ));
    // Gephi's two tables go into a folder, never to stdout.
    Command::cargo_bin("newsgraph")
        .expect("binary built")
        .arg("export")
        .arg(&source)
        .args(["--format", "csv", "-o", "-"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("give -o a folder"));
    Command::cargo_bin("newsgraph")
        .expect("binary built")
        .arg("export")
        .arg(tmp.path().join("missing.json"))
        .args(["--format", "gexf", "-o", "-"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("missing.json"));
}
