//! `newsgraph bench`: the report's fields are present and agree with each other (no timing
//! is asserted), and a written corpus reads back as the same corpus.

use assert_cmd::Command;
use serde_json::Value;

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").expect("binary built")
}

/// `newsgraph bench ARGS --json`, parsed.
fn bench_json(args: &[&str]) -> Value {
    let out = newsgraph()
        .arg("bench")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// True if `a` and `b` differ by at most 1%.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.01 * a.abs().max(b.abs())
}

#[test]
fn the_report_of_one_megabyte_on_one_and_two_threads_is_consistent() {
    let r = bench_json(&["--size-mb", "1", "--threads", "1,2", "--no-parse"]);
    let c = &r["corpus"];
    assert_eq!(c["source"], "generated");
    assert_eq!(c["seed"], 1);
    assert_eq!(r["reading"], "words");
    let (mb, words) = (f(&c["mb"]), f(&c["words"]));
    assert!(mb >= 1.0 && mb < 1.1, "{mb}");
    assert!(close(mb * 1e6, f(&c["bytes"])));
    assert!(c["documents"].as_u64().unwrap() > 100);
    // Roughly six bytes a word in English news text.
    assert!(words > mb * 1e6 / 12.0 && words < mb * 1e6 / 3.0, "{words}");
    let runs = r["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    for (run, threads) in runs.iter().zip([1.0, 2.0]) {
        assert_eq!(f(&run["threads"]), threads);
        let s = f(&run["seconds"]);
        assert!(s > 0.0);
        assert!(close(f(&run["mb_per_s"]) * s, mb));
        assert!(close(f(&run["words_per_s"]) * s, words));
        assert!(close(
            f(&run["mb_per_s_per_thread"]) * threads,
            f(&run["mb_per_s"])
        ));
        assert!(close(f(&run["speedup"]) * s, f(&runs[0]["seconds"])));
        assert!(run["entities"].as_u64().unwrap() > 100);
        let stages: Vec<&str> = run["stages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s[0].as_str().unwrap())
            .collect();
        assert!(
            stages.contains(&"mentions") && stages.contains(&"graph"),
            "{stages:?}"
        );
        if cfg!(target_os = "linux") {
            assert!(f(&run["peak_rss_mb"]) > mb, "{run}");
        }
    }
    assert_eq!(f(&runs[0]["speedup"]), 1.0);
    // The same graph on either thread count.
    assert_eq!(runs[0]["entities"], runs[1]["entities"]);
    assert_eq!(runs[0]["relations"], runs[1]["relations"]);
    assert!(r["peak_rss_note"].as_str().unwrap().contains("VmHWM"));
}

#[test]
fn a_written_corpus_reads_back_as_the_same_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let small = [
        "--size-mb",
        "0.05",
        "--threads",
        "1",
        "--no-parse",
        "--seed",
        "9",
    ];
    let written = newsgraph()
        .arg("bench")
        .args(small)
        .arg("--write-corpus")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(written.status.success());
    let text = String::from_utf8(written.stdout).unwrap();
    assert!(text.starts_with("corpus: generated (seed 9), "), "{text}");
    assert!(text.contains("threads 1: ") && text.contains("MB/s") && text.contains("words/s"));
    assert!(text.contains("peak RSS"), "{text}");
    let path = dir.path().join("corpus.jsonl");
    let generated = bench_json(&small);
    let read = bench_json(&[
        "--corpus",
        path.to_str().unwrap(),
        "--threads",
        "1",
        "--no-parse",
    ]);
    for key in ["documents", "bytes", "words"] {
        assert_eq!(generated["corpus"][key], read["corpus"][key], "{key}");
    }
    assert_eq!(read["corpus"]["seed"], Value::Null);
    assert_eq!(
        generated["runs"][0]["entities"],
        read["runs"][0]["entities"]
    );
    assert_eq!(
        generated["runs"][0]["relations"],
        read["runs"][0]["relations"]
    );
}
