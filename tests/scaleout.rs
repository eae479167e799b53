//! Scale-out: `newsgraph extract` (mapper) and `newsgraph merge` (reducer) give the graph
//! `newsgraph build` gives on the same articles, whatever the grouping of the merges.

use crate::util;
use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").expect("binary built")
}

/// The seeds and the dev articles as one JSON Lines file, ids = file names.
fn articles_jsonl(dir: &Path) -> PathBuf {
    let mut records = util::articles_in(&util::seeds());
    records.extend(util::articles_in(&util::root().join("tests/data/dev")));
    util::write_jsonl(dir.join("articles.jsonl"), &records)
}

#[test]
fn extract_then_merge_in_a_tree_equals_build() {
    let tmp = tempfile::tempdir().unwrap();
    let articles = articles_jsonl(tmp.path());
    let built = tmp.path().join("built");
    newsgraph()
        .args(["build", "-q", "--out"])
        .arg(&built)
        .arg(&articles)
        .assert()
        .success();

    let partials = newsgraph()
        .args(["extract", "-j", "2"])
        .pipe_stdin(&articles)
        .unwrap()
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<&str> = std::str::from_utf8(&partials).unwrap().lines().collect();
    let articles_count = fs::read_to_string(&articles).unwrap().lines().count();
    assert_eq!(lines.len(), articles_count);
    // Three mappers' outputs, in a scrambled order: every third line.
    let parts: Vec<PathBuf> = (0..3)
        .map(|k| {
            let path = tmp.path().join(format!("part-{k}.jsonl"));
            let text: String = lines
                .iter()
                .rev()
                .skip(k)
                .step_by(3)
                .map(|l| format!("{l}\n"))
                .collect();
            fs::write(&path, text).unwrap();
            path
        })
        .collect();
    // A tree: (part 2 + part 0) merged to a partial, then merged with part 1 from stdin.
    let left = newsgraph()
        .args(["merge", "--partial"])
        .arg(&parts[2])
        .arg(&parts[0])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let left_file = tmp.path().join("left.jsonl");
    fs::write(&left_file, left).unwrap();
    let merged = tmp.path().join("merged");
    newsgraph()
        .args(["merge", "-q", "--out"])
        .arg(&merged)
        .arg(&left_file)
        .arg("-")
        .pipe_stdin(&parts[1])
        .unwrap()
        .assert()
        .success();
    for name in ["graph.json", "graph.dot", "graph.gexf"] {
        assert!(
            fs::read(built.join(name)).unwrap() == fs::read(merged.join(name)).unwrap(),
            "{name} differs between build and extract | merge"
        );
    }
}

#[test]
fn extract_skips_bad_lines_and_merge_names_a_bad_partial() {
    let input: &[u8] =
        b"{\"id\": \"a\", \"text\": \"Mary Smith met with John Jones.\"}\nnot json\n\
                 {\"id\": \"b\"}\n\xff\xfe\n";
    let out = newsgraph()
        .arg("extract")
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("<stdin>:2: invalid JSON"))
        .stderr(predicates::str::contains("<stdin>:3:"))
        .stderr(predicates::str::contains("<stdin>:4: not valid UTF-8"))
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);

    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.jsonl");
    fs::write(&bad, "{\"partial\": 1, \"doc\": {}}\n").unwrap();
    newsgraph()
        .args(["merge", "--out"])
        .arg(tmp.path().join("out"))
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "bad.jsonl: line 1: not a partial-graph line",
        ));
    assert!(!tmp.path().join("out").exists());
}

#[test]
fn update_adds_new_documents_skips_known_ones_and_equals_a_fresh_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dev = util::root().join("tests/data/dev");
    let mut seeds: Vec<PathBuf> = fs::read_dir(util::seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    seeds.sort();
    let graphs = tmp.path().join("graphs");
    newsgraph()
        .args(["build", "-q", "--out"])
        .arg(&graphs)
        .arg(&seeds[0])
        .assert()
        .success();
    let graph = graphs.join("graph.json");
    let dev_articles = fs::read_dir(&dev)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "txt")
        })
        .count();
    newsgraph()
        .args(["build", "--update"])
        .arg(&graph)
        .arg(util::seeds())
        .arg(&dev)
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "({} added, 0 replaced, 1 already in the graph)",
            seeds.len() - 1 + dev_articles
        )));
    let fresh = tmp.path().join("fresh");
    newsgraph()
        .args(["build", "-q", "--out"])
        .arg(&fresh)
        .arg(util::seeds())
        .arg(&dev)
        .assert()
        .success();
    for name in ["graph.json", "graph.gexf", "partial.jsonl"] {
        assert!(
            fs::read(graphs.join(name)).unwrap() == fs::read(fresh.join(name)).unwrap(),
            "{name}: the updated graph differs from a fresh build"
        );
    }

    // A changed article under a known id replaces the old version.
    let changed = tmp.path().join("changed");
    fs::create_dir(&changed).unwrap();
    let name = seeds[0].file_name().unwrap();
    let mut text = fs::read_to_string(&seeds[0]).unwrap();
    text.push_str("\n\nMary Smith met with John Jones in Paris.\n");
    fs::write(changed.join(name), text).unwrap();
    newsgraph()
        .args(["build", "--update"])
        .arg(&graph)
        .arg(&changed)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "(0 added, 1 replaced, 0 already in the graph)",
        ));
    let json = fs::read_to_string(&graph).unwrap();
    assert!(json.contains("\"Mary Smith\"") && json.contains("\"John Jones\""));

    // Without the saved extracts there is nothing to update: the message says what is missing.
    fs::remove_file(graphs.join("partial.jsonl")).unwrap();
    newsgraph()
        .args(["build", "--update"])
        .arg(&graph)
        .arg(&dev)
        .assert()
        .failure()
        .stderr(predicates::str::contains("needs the partial.jsonl"));
}
