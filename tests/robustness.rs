//! Bad input does no harm (issue 6, "Robustness"): every bad input gets a message naming it,
//! nothing panics, and the good documents beside it are all in the graph. Also replays the
//! fuzz targets' seeds and the crash inputs they found (`tests/data/fuzz-regressions/`).
//!
//! Covered in `cli.rs` and not repeated here: an empty, binary and Latin-1 file inside a
//! folder, a missing path, and a JSON Lines line that is not JSON.

#[path = "../fuzz/src/lib.rs"]
mod fuzz_checks;

use crate::util;
use assert_cmd::Command;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").expect("binary built")
}

/// What one `newsgraph build` run gave.
struct Run {
    code: Option<i32>,
    stderr: String,
    /// graph.json, when written.
    graph: Option<serde_json::Value>,
}

/// Runs `newsgraph build --quiet --out OUT INPUTS...`.
fn build(out: &Path, inputs: &[PathBuf]) -> Run {
    let output = newsgraph()
        .args(["build", "--quiet", "--out"])
        .arg(out)
        .args(inputs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let graph = fs::read(out.join("graph.json"))
        .ok()
        .map(|b| serde_json::from_slice(&b).unwrap());
    Run {
        code: output.status.code(),
        stderr,
        graph,
    }
}

/// The node labels of a graph.json.
fn labels(graph: &serde_json::Value) -> Vec<&str> {
    graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect()
}

/// Asserts that one warning line names `input` and says each of `words`.
fn warned(stderr: &str, input: &str, words: &[&str]) {
    let ok = stderr.lines().any(|line| {
        line.starts_with("warning: ")
            && line.contains(input)
            && words.iter().all(|w| line.contains(w))
    });
    assert!(ok, "no warning naming {input} with {words:?} in:\n{stderr}");
}

/// True when this process can read a file whose permissions forbid it (it runs as root).
fn reads_despite_permissions(dir: &Path) -> bool {
    let probe = dir.join("probe");
    fs::write(&probe, "x").unwrap();
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).unwrap();
    let readable = fs::read(&probe).is_ok();
    fs::remove_file(&probe).unwrap();
    readable
}

/// The smallest valid PNG: one transparent pixel.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x01\x01\x01\x00\x18\xdd\x8d\xb0\x00\x00\x00\x00IEND\xaeB`\x82";

#[test]
fn every_bad_input_is_named_and_the_good_documents_are_all_kept() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let put = |name: &str, bytes: &[u8]| {
        let path = input.join(name);
        fs::write(&path, bytes).unwrap();
        path
    };
    put(
        "good.txt",
        b"Mary Smith met with John Jones in Paris on May 3, 2019.",
    );
    // 100,000 nested <div>s around one paragraph: read, not refused.
    let depth = 100_000;
    let nested = format!(
        "<html><body>{}<p>Elena Park praised Omar Haddad in Rome.</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    put("nested.html", nested.as_bytes());
    put("empty.txt", b"");
    put("latin1.md", b"# News\n\nThe caf\xe9 owner spoke.");
    put(
        "news.jsonl",
        concat!(
            r#"{"id": "n1", "text": "Prime Minister Jane Doe fired John Roe."}"#,
            "\n",
            "{\"id\": \"n2\", \"text\": \"cut off\n",
            r#"{"id": "n3", "title": "No text here"}"#,
            "\n",
            r#"{"id": "n4", "text": "Laura Chen thanked Pedro Alves in Lima."}"#,
            "\n",
        )
        .as_bytes(),
    );
    let locked = put("locked.txt", b"Nina Ross met with Paul Kent in Madrid.");
    let root = reads_despite_permissions(dir.path());
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Unreadable for root too: a symbolic link to itself, and a FIFO nobody writes to
    // (reading it would block forever).
    std::os::unix::fs::symlink("loop.txt", input.join("loop.txt")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(input.join("pipe.txt"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    // Named explicitly, a file of any extension is read as text.
    let png = dir.path().join("photo.png");
    fs::write(&png, PNG).unwrap();

    let out = dir.path().join("out");
    let run = build(&out, &[input.clone(), png]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o644)).unwrap();
    let stderr = &run.stderr;
    assert_eq!(run.code, Some(2), "{stderr}");
    warned(stderr, "photo.png", &["binary"]);
    warned(stderr, "empty.txt", &["empty"]);
    warned(stderr, "latin1.md", &["UTF-8", "offset 15"]);
    warned(stderr, "news.jsonl:2", &["invalid JSON"]);
    warned(stderr, "news.jsonl:3", &["\"n3\"", "\"text\""]);
    warned(stderr, "loop.txt", &["symbolic links"]);
    warned(stderr, "pipe.txt", &["not a regular file"]);
    let mut expected = vec![
        "Mary Smith",
        "John Jones",
        "Elena Park",
        "Omar Haddad",
        "Jane Doe",
        "John Roe",
        "Laura Chen",
        "Pedro Alves",
    ];
    if root {
        // Root reads a file whatever its permissions: then it is a good document.
        expected.extend(["Nina Ross", "Paul Kent"]);
    } else {
        warned(stderr, "locked.txt", &["Permission denied"]);
    }
    let graph = run.graph.expect("graph.json written");
    let found = labels(&graph);
    for name in expected {
        assert!(found.contains(&name), "{name} missing from {found:?}");
    }
    let docs = graph["graph"]["documents"].as_array().unwrap();
    assert_eq!(docs.len(), if root { 5 } else { 4 }, "{docs:?}");
}

#[test]
fn a_50_mb_single_line_is_read_beside_other_documents() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    fs::write(
        &good,
        "Mary Smith met with John Jones in Paris on May 3, 2019.",
    )
    .unwrap();
    // One line, no newline: no full stop until the end (so the splitter must cut it), a
    // stray `<` in every clause, and names only at the very end.
    let unit = "the talks went on and on, well past noon < and on; ";
    let end = " Officials in Berlin thanked Anna Berg.";
    let big = dir.path().join("big.txt");
    let size = 50 * 1024 * 1024;
    let mut line = unit.repeat(size / unit.len() + 1);
    line.truncate(size - end.len());
    line.push_str(end);
    assert!(!line.contains('\n'));
    fs::write(&big, &line).unwrap();
    drop(line);
    let run = build(&dir.path().join("out"), &[big, good]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let graph = run.graph.expect("graph.json written");
    let found = labels(&graph);
    for name in ["Mary Smith", "John Jones", "Berlin", "Anna Berg"] {
        assert!(found.contains(&name), "{name} missing from {found:?}");
    }
}

#[test]
fn an_output_that_cannot_be_written_is_named_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("note.txt");
    fs::write(&input, "Mary Smith met with John Jones.").unwrap();
    // --out is a regular file.
    let file = dir.path().join("plain");
    fs::write(&file, "keep me").unwrap();
    let run = build(&file, std::slice::from_ref(&input));
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("plain/graph.json") && run.stderr.contains("is a file, not a folder"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
    // graph.json is taken by a folder: said once, not "Is a directory: Is a directory".
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("graph.json")).unwrap();
    let run = build(&out, std::slice::from_ref(&input));
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr.matches("directory").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("out/graph.json"), "{}", run.stderr);
    assert_eq!(
        fs::read_dir(&out).unwrap().count(),
        1,
        "temporary file left"
    );
    // A read-only folder (root may write anyway, so only checked for other users).
    if !reads_despite_permissions(dir.path()) {
        let ro = dir.path().join("ro");
        fs::create_dir(&ro).unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        let run = build(&ro, std::slice::from_ref(&input));
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(run.code, Some(1));
        assert!(
            run.stderr.contains("ro/graph.json") && run.stderr.contains("Permission denied"),
            "{}",
            run.stderr
        );
    }
}

/// Every file in `tests/data/fuzz-regressions/<target>/` and `fuzz/seeds/<target>/`.
fn fuzz_inputs(target: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["tests/data/fuzz-regressions", "fuzz/seeds"] {
        if let Ok(entries) = fs::read_dir(util::root().join(dir).join(target)) {
            files.extend(entries.map(|e| e.unwrap().path()));
        }
    }
    files.sort();
    files
}

#[test]
fn fuzz_crash_inputs_and_seeds_replay_cleanly() {
    type Check = fn(&[u8]);
    let targets: [(&str, Check); 3] = [
        ("ingest_clean", fuzz_checks::ingest_clean),
        ("sentences", fuzz_checks::sentences),
        ("extract", fuzz_checks::extract),
    ];
    for (target, check) in targets {
        let files = fuzz_inputs(target);
        assert!(!files.is_empty(), "no inputs for {target}");
        for file in files {
            let bytes = fs::read(&file).unwrap();
            // The check panics, naming the broken invariant, if anything is wrong.
            eprintln!("{target}: {}", file.display());
            check(&bytes);
        }
    }
}
