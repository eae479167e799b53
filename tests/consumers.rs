//! Real consumers read the exports: networkx loads graph.json (`node_link_graph`),
//! graph.graphml and graph.gexf written by `newsgraph export` from the committed seeds graph,
//! and what it finds must match the project's own graph.
//!
//! networkx comes from `.venv-consumers` (`.ci/run` creates it). Without it the test prints a
//! note and passes, except under `CI=true`, where it fails.

use crate::util;
use assert_cmd::Command;
use newsgraph::export::json::read_graph_json;
use newsgraph::graph::KnowledgeGraph;
use serde_json::{json, Value};
use std::path::Path;

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

/// The (relation, status) of every edge `source -> target`, sorted.
fn edges_between(g: &KnowledgeGraph, source: &str, target: &str) -> Vec<Value> {
    let mut found: Vec<(String, String)> = g
        .edges_sorted()
        .into_iter()
        .filter(|e| e.source.id == source && e.target.id == target)
        .map(|e| {
            (
                e.edge.predicate.as_str().to_string(),
                e.edge.status.as_str().to_string(),
            )
        })
        .collect();
    found.sort();
    found.into_iter().map(|(r, s)| json!([r, s])).collect()
}

#[test]
fn networkx_reads_json_graphml_and_gexf() {
    let python = util::root().join(".venv-consumers/bin/python3");
    if !python.exists() {
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
        return;
    }
    let source = util::root().join("graphs/graph.json");
    let g = read_graph_json(&source).unwrap().to_graph().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    for (format, name) in [
        ("json", "graph.json"),
        ("gexf", "graph.gexf"),
        ("graphml", "graph.graphml"),
    ] {
        export(&source, format, &tmp.path().join(name));
    }
    // The most mentioned node (first by id on a tie) and the ends of the first edge.
    let nodes = g.nodes_sorted();
    let node = nodes
        .iter()
        .copied()
        .max_by(|a, b| a.mentions.cmp(&b.mentions).then(b.id.cmp(&a.id)))
        .expect("a node");
    let first = g.edges_sorted()[0];
    let (from, to) = (first.source.id.as_str(), first.target.id.as_str());
    let out = std::process::Command::new(&python)
        .arg(util::root().join("tests/consumers/check_networkx.py"))
        .arg(tmp.path())
        .args([node.id.as_str(), from, to])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("the script prints JSON");

    let expected = json!({
        "nodes": g.node_count(),
        "edges": g.edge_count(),
        "directed": true,
        "multigraph": true,
        "node_type": node.kind.as_str(),
        "node_mentions": node.mentions,
        "node_label": node.label,
        "edges_between": edges_between(&g, from, to),
    });
    assert_eq!(report["json"], expected, "node_link_graph");
    assert_eq!(report["graphml"], expected, "read_graphml");

    // networkx refuses a GEXF that mixes directed and undirected edges; the file read as
    // plain XML has every node and edge, symmetric relations undirected.
    let symmetric = g
        .edges_sorted()
        .iter()
        .filter(|e| e.edge.predicate.is_symmetric())
        .count();
    let dated = g.edges_sorted().iter().any(|e| e.edge.date.is_some());
    assert_eq!(
        report["gexf_xml"],
        json!({
            "nodes": g.node_count(),
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
        .args(["--format", "csv", "-o", "-"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("invalid value 'csv'"));
    Command::cargo_bin("newsgraph")
        .expect("binary built")
        .arg("export")
        .arg(tmp.path().join("missing.json"))
        .args(["--format", "gexf", "-o", "-"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("missing.json"));
}
