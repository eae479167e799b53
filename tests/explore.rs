//! The query commands over the committed seeds graph (`graphs/graph.json`), as a user runs
//! them: `path`, `show`, `neighbors`, `rank`, `stats`.

use crate::util;
use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn query(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("newsgraph")
        .expect("binary built")
        .args(args)
        .arg("--graph")
        .arg(util::root().join("graphs/graph.json"))
        .assert()
}

fn json_of(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = query(&all).success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("valid JSON")
}

#[test]
fn path_prints_each_hop_in_its_true_direction_with_evidence() {
    query(&["path", "trump", "Comey"])
        .success()
        .stdout(predicate::str::contains(
            "Donald Trump -[FIRED]-> James Comey",
        ))
        .stdout(predicate::str::contains(".txt)"));
    // Walked from the object's side, the relation keeps its direction.
    query(&["path", "comey", "donald trump", "--relation", "FIRED"])
        .success()
        .stdout(predicate::str::starts_with(
            "1. James Comey <-[FIRED]- Donald Trump",
        ));
}

#[test]
fn path_json_lists_hops_with_relation_status_and_evidence() {
    let v = json_of(&["path", "James Comey", "Sergei Lavrov", "--k", "3"]);
    assert_eq!(v["from"]["id"], "james-comey");
    let paths = v["paths"].as_array().unwrap();
    assert!(!paths.is_empty() && paths.len() <= 3);
    let lengths: Vec<usize> = paths
        .iter()
        .map(|p| p["hops"].as_array().unwrap().len())
        .collect();
    assert!(
        lengths.windows(2).all(|w| w[0] <= w[1]),
        "shortest first: {lengths:?}"
    );
    let hop = &paths[0]["hops"][0];
    assert_eq!(hop["from"]["id"], "james-comey");
    let relation = &hop["relation"];
    assert!(relation["status"].is_string() && relation["relation"].is_string());
    assert!(!relation["evidence"][0]["sentence"]
        .as_str()
        .unwrap()
        .is_empty());
    // The true direction: when the hop walks backwards, the relation's target is where it came from.
    if hop["forward"] == false {
        assert_eq!(relation["target"]["id"], "james-comey");
    }
}

#[test]
fn status_and_hop_filters_limit_the_paths() {
    let all = json_of(&["path", "trump", "lavrov", "--all", "--max-hops", "2"]);
    let asserted = json_of(&[
        "path",
        "trump",
        "lavrov",
        "--all",
        "--max-hops",
        "2",
        "--status",
        "asserted",
    ]);
    let count = |v: &Value| v["paths"].as_array().unwrap().len();
    assert!(count(&asserted) <= count(&all) && count(&asserted) > 0);
    for p in asserted["paths"].as_array().unwrap() {
        for hop in p["hops"].as_array().unwrap() {
            assert_eq!(hop["relation"]["status"], "asserted");
            assert!(hop["also"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["status"] == "asserted"));
        }
    }
    let none = json_of(&["path", "trump", "lavrov", "--until", "1990"]);
    assert_eq!(count(&none), 0, "no relation is dated before 1990");
}

#[test]
fn unknown_names_fail_with_the_closest_candidates() {
    query(&["path", "Jmes Comy", "trump"]).failure().stderr(
        predicate::str::contains("no entity is named \"Jmes Comy\"")
            .and(predicate::str::contains("James Comey")),
    );
    query(&["show", "nobody-at-all"])
        .failure()
        .stderr(predicate::str::contains("closest"));
}

#[test]
fn show_prints_the_card_with_roles_and_relations() {
    query(&["show", "comey"])
        .success()
        .stdout(predicate::str::starts_with(
            "James Comey (PERSON, id james-comey)",
        ))
        .stdout(predicate::str::contains("roles:"))
        .stdout(predicate::str::contains(
            "Donald Trump -[FIRED]-> James Comey",
        ));
    let card = json_of(&["show", "james-comey"]);
    assert_eq!(card["type"], "PERSON");
    assert!(card["relations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| !r["evidence"].as_array().unwrap().is_empty()));
}

#[test]
fn neighbors_group_by_relation() {
    let v = json_of(&["neighbors", "lavrov", "--hops", "2"]);
    let groups = v["groups"].as_array().unwrap();
    assert!(groups.iter().any(|g| g["relation"] == "MET_WITH"));
    assert!(!v["further"].as_array().unwrap().is_empty());
    query(&["neighbors", "lavrov"])
        .success()
        .stdout(predicate::str::contains("-[MET_WITH]-"));
}

#[test]
fn rank_and_stats_agree_with_the_graph() {
    let graph: Value =
        serde_json::from_slice(&std::fs::read(util::root().join("graphs/graph.json")).unwrap())
            .unwrap();
    let stats = json_of(&["stats"]);
    assert_eq!(
        stats["nodes"].as_u64().unwrap() as usize,
        graph["nodes"].as_array().unwrap().len()
    );
    assert_eq!(
        stats["edges"].as_u64().unwrap() as usize,
        graph["edges"].as_array().unwrap().len()
    );
    let by_type: u64 = stats["by_type"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_type, stats["nodes"].as_u64().unwrap());
    for by in ["degree", "pagerank", "betweenness"] {
        let top = json_of(&["rank", "--by", by, "--type", "PERSON", "--top", "3"]);
        let top = top.as_array().unwrap();
        assert_eq!(top.len(), 3, "{by}");
        assert!(top.iter().all(|e| e["type"] == "PERSON"));
        assert!(top
            .windows(2)
            .all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()));
    }
    query(&["stats"])
        .success()
        .stdout(predicate::str::contains("components:"));
}

#[test]
fn a_missing_graph_is_an_error_naming_the_file() {
    Command::cargo_bin("newsgraph")
        .unwrap()
        .args(["stats", "--graph", "no/such/graph.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no/such/graph.json"));
}
