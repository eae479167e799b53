//! Apache Spark runs the scale-out build: `examples/spark/newsgraph_spark.py` in local mode
//! (pyspark from PyPI in `.venv-spark`, Java 17) over the seeds plus generated articles must
//! write the graph `newsgraph build` writes on the same JSON Lines input.
//!
//! Without pyspark or Java the test prints a note and passes, except under `CI=true`
//! (`.ci/run` installs pyspark), where it fails.

use crate::util;
use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

/// The Python of `.venv-spark` when it has pyspark and Java runs; else `None` with a note
/// (a failure under CI).
fn spark_python() -> Option<PathBuf> {
    let python = util::root().join(".venv-spark/bin/python3");
    let pyspark = std::process::Command::new(&python)
        .args(["-c", "import pyspark"])
        .output()
        .is_ok_and(|o| o.status.success());
    let java = std::process::Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    if pyspark && java {
        return Some(python);
    }
    assert_ne!(
        std::env::var("CI").as_deref(),
        Ok("true"),
        "the Spark test needs pyspark in .venv-spark and Java; .ci/run installs pyspark"
    );
    eprintln!(
        "note: Spark test skipped (python3 -m venv .venv-spark && \
         .venv-spark/bin/pip install pyspark; and a Java 17 runtime)"
    );
    None
}

/// Short generated news items: people, organisations and places from small general lists,
/// in sentences with the relations newsgraph reads.
fn generated_articles() -> Vec<(String, String)> {
    let people = [
        ("Anna", "Berg"),
        ("Tomas", "Lind"),
        ("Maria", "Costa"),
        ("David", "Okafor"),
        ("Lena", "Novak"),
        ("Pedro", "Alves"),
    ];
    let bodies = ["Nordic Trade Council", "Acme Holdings", "Union Bank"];
    let places = ["Oslo", "Lisbon", "Vienna", "Nairobi"];
    let months = ["March", "April", "June", "September"];
    let mut out = Vec::new();
    for i in 0..24 {
        let (a1, a2) = people[i % people.len()];
        let (b1, b2) = people[(i + 1 + i / people.len()) % people.len()];
        let body = bodies[i % bodies.len()];
        let place = places[i % places.len()];
        let month = months[i % months.len()];
        let text = format!(
            "{a1} {a2}, the chief executive of {body}, met with {b1} {b2} in {place} on \
             {month} {day}, 2022.\n\n{a2} told reporters that {b2} had praised the plan. \
             {b2} later denied that {b1} had spoken with {a2} about the deal.\n",
            day = 1 + i % 27
        );
        out.push((format!("gen-{i:02}"), text));
    }
    out
}

/// The seeds and the generated articles as one JSON Lines file.
fn articles_jsonl(dir: &Path) -> PathBuf {
    let mut records = util::articles_in(&util::seeds());
    records.extend(generated_articles());
    util::write_jsonl(dir.join("articles.jsonl"), &records)
}

#[test]
fn spark_local_mode_builds_the_same_graph_as_build() {
    let Some(python) = spark_python() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let articles = articles_jsonl(tmp.path());
    let built = tmp.path().join("built");
    Command::cargo_bin("newsgraph")
        .unwrap()
        .args(["build", "-q", "--out"])
        .arg(&built)
        .arg(&articles)
        .assert()
        .success();
    let binary = assert_cmd::cargo::cargo_bin("newsgraph");
    let spark_out = tmp.path().join("spark");
    let run = std::process::Command::new(&python)
        .arg(util::root().join("examples/spark/newsgraph_spark.py"))
        .arg(&articles)
        .arg(&spark_out)
        .arg("--newsgraph")
        .arg(&binary)
        .args(["--master", "local[2]", "--partitions", "6", "--fan-in", "2"])
        .env("PYSPARK_PYTHON", &python)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let graph: serde_json::Value =
        serde_json::from_slice(&fs::read(built.join("graph.json")).unwrap()).unwrap();
    assert!(
        graph["edges"].as_array().unwrap().len() > 60,
        "a real graph"
    );
    for name in ["graph.json", "graph.dot", "graph.gexf"] {
        assert!(
            fs::read(built.join(name)).unwrap() == fs::read(spark_out.join(name)).unwrap(),
            "{name}: Spark's graph differs from newsgraph build's"
        );
    }
}
