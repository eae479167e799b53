//! `newsgraph` as a user runs it: exit codes, messages, files written.

use crate::util;
use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").expect("binary built")
}

/// The names of the files in `dir`, sorted.
fn file_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn build_writes_the_default_formats_into_a_new_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/graphs");
    newsgraph()
        .args(["build", "--out"])
        .arg(&out)
        .arg(util::seeds())
        .assert()
        .success()
        .stderr(predicate::str::contains("2 documents").and(predicate::str::contains("relations")));
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("graph.json")).unwrap()).unwrap();
    assert_eq!(json["directed"], true);
    assert!(json["nodes"].as_array().unwrap().len() > 20);
    assert!(fs::read_to_string(out.join("graph.dot"))
        .unwrap()
        .starts_with("digraph"));
    assert!(fs::read_to_string(out.join("graph.gexf"))
        .unwrap()
        .contains("<gexf xmlns=\"http://gexf.net/1.3\""));
    // Exactly the default formats and the saved extracts, and no temporary files are left
    // behind.
    assert_eq!(
        file_names(&out),
        ["graph.dot", "graph.gexf", "graph.json", "partial.jsonl"]
    );
}

#[test]
fn build_writes_the_formats_asked_for_and_rejects_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["build", "-q", "--format", "graphml,csv", "--out"])
        .arg(dir.path())
        .arg(util::seeds())
        .assert()
        .success();
    assert_eq!(
        file_names(dir.path()),
        ["edges.csv", "graph.graphml", "nodes.csv", "partial.jsonl"]
    );
    let nodes = fs::read_to_string(dir.path().join("nodes.csv")).unwrap();
    assert!(nodes.starts_with("Id,Label,type,"), "{nodes}");
    let empty = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["build", "-q", "--format", "json,pdf", "--out"])
        .arg(empty.path())
        .arg(util::seeds())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown format \"pdf\""));
    assert!(file_names(empty.path()).is_empty());
}

#[test]
fn bad_documents_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("good.txt"),
        "Mary Smith met with John Jones in Paris on May 3, 2019.",
    )
    .unwrap();
    fs::write(
        input.join("latin1.txt"),
        b"Caf\xe9 owner Jean Dupont spoke.",
    )
    .unwrap();
    fs::write(input.join("empty.txt"), "  \n").unwrap();
    fs::write(input.join("binary.txt"), b"\x00\x01\x02\x03").unwrap();
    let out = dir.path().join("out");
    newsgraph()
        .args(["build", "--quiet", "--out"])
        .arg(&out)
        .arg(&input)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("latin1.txt")
                .and(predicate::str::contains("UTF-8"))
                .and(predicate::str::contains("empty.txt"))
                .and(predicate::str::contains("binary.txt")),
        );
    let json = fs::read_to_string(out.join("graph.json")).unwrap();
    assert!(
        json.contains("good.txt") && json.contains("Mary Smith"),
        "{json}"
    );
    assert!(!json.contains("latin1.txt"));
}

#[test]
fn no_readable_input_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.txt");
    newsgraph()
        .args(["build", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&missing)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("nowhere.txt")
                .and(predicate::str::contains("no readable documents")),
        );
    assert!(!dir.path().join("out/graph.json").exists());
}

#[test]
fn an_unwritable_output_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    fs::write(&blocker, "not a folder").unwrap();
    newsgraph()
        .args(["build", "--quiet", "--out"])
        .arg(blocker.join("graphs"))
        .arg(util::seeds())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("file/graphs"));
}

/// A build spills its extracts to the temporary folder: when that cannot be written, the
/// error names it and no output is written.
#[test]
fn an_unwritable_temporary_folder_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-tmp");
    let out = dir.path().join("graphs");
    newsgraph()
        .env("TMPDIR", &missing)
        .args(["build", "--quiet", "--out"])
        .arg(&out)
        .arg(util::seeds())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-tmp").and(predicate::str::contains("temporary")));
    assert!(!out.exists());
}

#[test]
fn stdin_and_json_lines_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("articles.jsonl");
    fs::write(
        &jsonl,
        concat!(
            r#"{"id": "a1", "text": "Prime Minister Jane Doe fired John Roe.", "date": "2020-01-02"}"#,
            "\n",
            "this line is not JSON\n",
        ),
    )
    .unwrap();
    let out = dir.path().join("out");
    newsgraph()
        .args(["build", "--quiet", "--out"])
        .arg(&out)
        .arg(&jsonl)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("articles.jsonl:2"));
    let json = fs::read_to_string(out.join("graph.json")).unwrap();
    assert!(json.contains("\"FIRED\""), "{json}");

    let out2 = dir.path().join("out2");
    newsgraph()
        .args(["build", "--quiet", "--out"])
        .arg(&out2)
        .arg("-")
        .write_stdin("Mary Smith praised John Jones.")
        .assert()
        .success();
    assert!(fs::read_to_string(out2.join("graph.json"))
        .unwrap()
        .contains("\"PRAISED\""));
}

#[test]
fn mentions_json_lines_point_into_the_original_text() {
    let output = newsgraph()
        .args(["mentions", "--json"])
        .arg(util::seeds())
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut checked = 0;
    for line in stdout.lines() {
        let m: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = fs::read_to_string(util::seeds().join(m["doc"].as_str().unwrap())).unwrap();
        let (start, end) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&doc[start..end], m["text"].as_str().unwrap());
        assert!(["PERSON", "ORG", "GPE", "LOC", "EVENT"].contains(&m["type"].as_str().unwrap()));
        checked += 1;
    }
    assert!(checked > 200, "only {checked} mentions");
    assert!(stdout.contains(r#""entity":"donald-trump""#));
}

#[test]
fn eval_prints_per_predicate_scores_and_errors() {
    newsgraph()
        .args(["eval", "--gold"])
        .arg(util::gold())
        .arg(util::root().join("graphs/graph.json"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("MET_WITH")
                .and(predicate::str::contains("HOLDS_ROLE_IN"))
                .and(predicate::str::contains("PERSON")),
        );
}

#[test]
fn eval_reports_a_missing_or_broken_file_by_name() {
    let dir = tempfile::tempdir().unwrap();
    newsgraph()
        .args(["eval", "--gold"])
        .arg(dir.path().join("gold.json"))
        .arg(util::root().join("graphs/graph.json"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gold.json"));
    let broken = dir.path().join("graph.json");
    fs::write(&broken, "{\"nodes\": 3}").unwrap();
    newsgraph()
        .args(["eval", "--gold"])
        .arg(util::gold())
        .arg(&broken)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("graph.json"));
}

#[test]
fn html_pages_are_stripped_and_offsets_point_into_the_html() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    fs::write(
        &page,
        "<html><head><title>x</title><script>var Boris = 1;</script></head><body>\
         <nav>Home | World | Sign In</nav><article><p>Foreign Minister Anna Berg met with \
         Karl Weber in Oslo on March 3, 2021.</p><p>Berg praised Weber&rsquo;s plan.</p></article></body></html>",
    )
    .unwrap();
    let out = dir.path().join("out");
    newsgraph()
        .args(["build", "--quiet", "--out"])
        .arg(&out)
        .arg(&page)
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("graph.json")).unwrap()).unwrap();
    let labels: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"Anna Berg") && labels.contains(&"Karl Weber"),
        "{labels:?}"
    );
    assert!(
        !labels
            .iter()
            .any(|l| l.contains("Boris") || l.contains("Home")),
        "{labels:?}"
    );
    let html = fs::read_to_string(&page).unwrap();
    for edge in json["edges"].as_array().unwrap() {
        let ev = &edge["evidence"][0];
        let (start, end) = (
            ev["start"].as_u64().unwrap() as usize,
            ev["end"].as_u64().unwrap() as usize,
        );
        assert!(html[start..end]
            .starts_with(ev["sentence"].as_str().unwrap().split(' ').next().unwrap()));
    }
    let praised = json["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["relation"] == "PRAISED");
    assert!(praised, "{json}");
}

/// Builds a one-sentence corpus into `dir`/graph.json and returns its path.
fn small_graph(dir: &std::path::Path) -> std::path::PathBuf {
    let input = dir.join("note.txt");
    fs::write(
        &input,
        "Mary Smith met with John Jones in Paris on May 3, 2019.",
    )
    .unwrap();
    newsgraph()
        .args(["build", "--quiet", "--out"])
        .arg(dir)
        .arg(&input)
        .assert()
        .success();
    dir.join("graph.json")
}

#[test]
fn render_without_graphviz_falls_back_for_svg_and_names_dot_for_png() {
    let dir = tempfile::tempdir().unwrap();
    let graph = small_graph(dir.path());
    let svg = dir.path().join("out/g.svg");
    // An empty PATH hides the Graphviz programs.
    newsgraph()
        .env("PATH", "")
        .args(["render", "--focus", "mary smith", "--hops", "1", "-o"])
        .arg(&svg)
        .arg("--graph")
        .arg(&graph)
        .assert()
        .success()
        .stderr(predicate::str::contains("note:").and(predicate::str::contains("built-in")));
    let text = fs::read_to_string(&svg).unwrap();
    assert!(text.contains("<svg") && text.contains("Mary Smith") && text.contains("MET_WITH"));
    newsgraph()
        .env("PATH", "")
        .args(["render", "-o"])
        .arg(dir.path().join("g.png"))
        .arg("--graph")
        .arg(&graph)
        .assert()
        .failure()
        .stderr(predicate::str::contains("`dot`").and(predicate::str::contains("not found")));
    assert!(!dir.path().join("g.png").exists());
    newsgraph()
        .args(["render", "--focus", "nobody at all", "-o"])
        .arg(dir.path().join("x.svg"))
        .arg("--graph")
        .arg(&graph)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no entity is named"));
}
