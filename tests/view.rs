//! `newsgraph view` in a real headless Chromium: the page is driven by
//! `tests/browser/viewer.mjs` (playwright-core, Debian's /usr/bin/chromium), which reports what
//! it saw as JSON. Checks: node and edge cards show their evidence, search finds aliases, the
//! path box highlights a shortest path with each hop's true direction, labels do not overlap,
//! and hostile text from articles is shown as text and never runs.

use crate::util;
use assert_cmd::Command;
use newsgraph::export::json::{read_graph_json, EdgeRecord, GraphRecord};
use newsgraph::model::Status;
use predicates::prelude::*;
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

fn newsgraph() -> Command {
    Command::cargo_bin("newsgraph").expect("binary built")
}

/// Whether the browser tests can run: Chromium, node and tests/browser/node_modules. Outside CI
/// a missing piece skips the test with a note; under CI=true it fails.
fn browser_ready() -> bool {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let mut missing = Vec::new();
    if !chromium.exists() {
        missing.push(format!("{} (apt-get install chromium)", chromium.display()));
    }
    let node = std::process::Command::new("node").arg("--version").output();
    if !node.map(|o| o.status.success()).unwrap_or(false) {
        missing.push("node (Node.js 20)".to_string());
    }
    if !util::root()
        .join("tests/browser/node_modules/playwright-core")
        .exists()
    {
        missing.push(
            "tests/browser/node_modules (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser)"
                .to_string(),
        );
    }
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "the browser tests need {}; .ci/run installs them",
        missing.join(", ")
    );
    eprintln!(
        "note: browser test skipped, missing {} (CI=true makes this a failure)",
        missing.join(", ")
    );
    false
}

/// Builds `inputs` into `dir`, writes `dir/graph.html` with `newsgraph view`, and returns the
/// graph and the page.
fn build_and_view(inputs: &[PathBuf], dir: &Path) -> (GraphRecord, PathBuf) {
    newsgraph()
        .args(["build", "-q", "--out"])
        .arg(dir)
        .args(inputs)
        .assert()
        .success();
    let page = dir.join("graph.html");
    view(&dir.join("graph.json"), &page);
    (read_graph_json(&dir.join("graph.json")).unwrap(), page)
}

fn view(graph: &Path, page: &Path) {
    newsgraph()
        .args(["view", "-o"])
        .arg(page)
        .arg("--graph")
        .arg(graph)
        .assert()
        .success()
        .stderr(predicate::str::contains("wrote"));
}

/// Opens `page` in Chromium, carries out `plan` and returns the report of viewer.mjs.
fn open(page: &Path, plan: &Value) -> Value {
    let plan_file = page.with_extension("plan.json");
    fs::write(&plan_file, plan.to_string()).unwrap();
    let out = std::process::Command::new("node")
        .arg(util::root().join("tests/browser/viewer.mjs"))
        .arg(page)
        .arg(&plan_file)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "viewer.mjs failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON report")
}

/// What every page must satisfy: the script ran under its CSP hash, nothing else ran, nothing
/// was fetched, and no error, dialog or CSP violation happened.
fn assert_clean(report: &Value) {
    assert_eq!(report["failure"], Value::Null, "the page failed: {report}");
    assert_eq!(report["ready"], json!(true));
    let csp = report["csp"].as_str().expect("a CSP meta tag");
    let hash = report["scriptHash"]
        .as_str()
        .expect("one executable script");
    assert!(
        csp.contains(&format!("script-src '{hash}'")),
        "the CSP does not list the script's hash: set view::SCRIPT_HASH to \"{hash}\" ({csp})"
    );
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    for key in [
        "dialogs",
        "consoleErrors",
        "pageErrors",
        "requests",
        "cspViolations",
    ] {
        assert_eq!(report[key], json!([]), "{key}");
    }
    assert_eq!(
        report["injected"],
        json!({"xss": null, "__xss": null, "title": "newsgraph viewer"})
    );
    let dom = &report["dom"];
    assert_eq!(
        (&dom["scripts"], &dom["scriptsAfter"]),
        (&json!(2), &json!(2))
    );
    assert_eq!((&dom["imgs"], &dom["imgsAfter"]), (&json!(0), &json!(0)));
    assert_eq!(
        dom["bodyChildren"],
        json!(["header", "main", "script", "script"])
    );
}

/// Checks that exactly the alleged and denied edges are dashed, and that nodes are coloured by
/// type (one colour per type, different types apart).
fn assert_styles(g: &GraphRecord, report: &Value) {
    let dashed: Vec<usize> = (0..g.edges.len())
        .filter(|&i| matches!(g.edges[i].status, Status::Alleged | Status::Denied))
        .collect();
    assert_eq!(report["dashed"], json!(dashed));
    let colours = report["colours"].as_array().expect("colours");
    let mut by_type = HashMap::new();
    for (n, colour) in g.nodes.iter().zip(colours) {
        assert_eq!(*by_type.entry(n.kind.as_str()).or_insert(colour), colour);
    }
    let distinct: std::collections::HashSet<_> = by_type.values().collect();
    assert_eq!(distinct.len(), by_type.len(), "{by_type:?}");
}

/// Text with every run of whitespace made one space, as `innerText` shows it.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn text(v: &Value) -> String {
    squash(v.as_str().unwrap_or_else(|| panic!("not text: {v}")))
}

fn relation_name(e: &EdgeRecord) -> String {
    match &e.verb {
        Some(verb) if e.relation.as_str() == "RELATED" => format!("RELATED ({verb})"),
        _ => e.relation.as_str().to_string(),
    }
}

/// Checks that a card shows every evidence sentence and document of `edges`.
fn assert_shows_evidence(card: &str, edges: &[&EdgeRecord]) {
    assert!(!edges.is_empty());
    for e in edges {
        assert!(card.contains(e.status.as_str()), "{card}");
        assert!(!e.evidence.is_empty());
        for ev in &e.evidence {
            assert!(
                card.contains(&squash(&ev.sentence)),
                "missing {ev:?} in {card}"
            );
            assert!(
                card.contains(&squash(&ev.doc)),
                "missing {} in {card}",
                ev.doc
            );
        }
    }
}

/// Breadth-first distances from `from` over edges in either direction.
fn distances<'g>(g: &'g GraphRecord, from: &'g str) -> HashMap<&'g str, usize> {
    let mut dist = HashMap::from([(from, 0)]);
    let mut queue = VecDeque::from([from]);
    while let Some(n) = queue.pop_front() {
        for e in &g.edges {
            let next = if e.source == n {
                &e.target
            } else if e.target == n {
                &e.source
            } else {
                continue;
            };
            if !dist.contains_key(next.as_str()) {
                dist.insert(next, dist[n] + 1);
                queue.push_back(next);
            }
        }
    }
    dist
}

/// Checks the path the page shows from `from` to `to`: as many hops as the shortest path, each
/// an edge of the graph walked from the previous node, its arrow in the edge's true direction,
/// and exactly those edges highlighted.
fn assert_path(g: &GraphRecord, path: &Value, from: &str, to: &str) {
    let label = |id: &str| {
        g.nodes
            .iter()
            .find(|n| n.id == id)
            .map(|n| squash(&n.label))
            .unwrap()
    };
    let hops = path["hops"].as_array().expect("hops");
    assert_eq!(
        hops.len(),
        distances(g, from)[to],
        "not a shortest path: {path}"
    );
    let mut at = from.to_string();
    let mut used = Vec::new();
    for hop in hops {
        let index = hop["edge"].as_u64().unwrap() as usize;
        let e = &g.edges[index];
        let forward = e.source == at;
        assert!(forward || e.target == at, "hop {hop} does not leave {at}");
        let next = if forward { &e.target } else { &e.source };
        let arrow = if forward {
            format!(
                "{} \u{2014}{}\u{2192} {}",
                label(&at),
                relation_name(e),
                label(next)
            )
        } else {
            format!(
                "{} \u{2190}{}\u{2014} {}",
                label(&at),
                relation_name(e),
                label(next)
            )
        };
        assert_eq!(text(&hop["text"]), squash(&arrow));
        used.push(index);
        at = next.clone();
    }
    assert_eq!(at, to);
    used.sort_unstable();
    assert_eq!(path["edgesOnPath"], json!(used));
}

#[test]
fn seeds_viewer_shows_cards_evidence_search_and_paths() {
    if !browser_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (g, page) = build_and_view(&[util::seeds()], dir.path());
    let degree = |id: &str| {
        g.edges
            .iter()
            .filter(|e| e.source == id || e.target == id)
            .count()
    };
    // The busiest node, the middle edge, an alias that names one node only, and the node
    // farthest from the busiest one.
    let hub = g
        .nodes
        .iter()
        .max_by(|a, b| degree(&a.id).cmp(&degree(&b.id)).then(b.id.cmp(&a.id)))
        .unwrap();
    let edge = g.edges.len() / 2;
    let names = |n: &newsgraph::export::json::NodeRecord| {
        std::iter::once(n.label.to_lowercase())
            .chain(n.aliases.iter().map(|a| a.to_lowercase()))
            .collect::<Vec<_>>()
    };
    let (alias_owner, alias) = g
        .nodes
        .iter()
        .flat_map(|n| n.aliases.iter().map(move |a| (n, a)))
        .find(|(owner, a)| {
            g.nodes
                .iter()
                .all(|m| m.id == owner.id || !names(m).contains(&a.to_lowercase()))
        })
        .expect("an alias of one node only");
    let dist = distances(&g, &hub.id);
    let far = g
        .nodes
        .iter()
        .filter(|n| dist.contains_key(n.id.as_str()))
        .max_by(|a, b| {
            dist[a.id.as_str()]
                .cmp(&dist[b.id.as_str()])
                .then(b.id.cmp(&a.id))
        })
        .unwrap();
    assert!(dist[far.id.as_str()] >= 3, "a path of several hops");
    let shot = dir.path().join("viewer.png");
    let report = open(
        &page,
        &json!({
            "node": hub.id, "edge": edge, "search": alias.to_uppercase(),
            "path": [far.label, hub.label], "screenshot": shot,
        }),
    );
    assert_clean(&report);
    assert!(fs::metadata(&shot).unwrap().len() > 10_000);
    assert_eq!(report["nodes"], json!(g.nodes.len()));
    assert_eq!(report["edges"], json!(g.edges.len()));
    assert_styles(&g, &report);

    // Readable: every label inside the drawing, none over another, none tiny.
    let labels = &report["labels"];
    assert_eq!(labels["count"], json!(g.nodes.len()));
    assert_eq!(labels["overlaps"], json!(0), "{labels}");
    assert_eq!(labels["outside"], json!(0), "{labels}");
    assert!(labels["minHeight"].as_f64().unwrap() >= 9.0, "{labels}");

    // The node card: type, aliases, documents, and every relation in and out with evidence.
    let card = &report["nodeCard"];
    assert_eq!(card["node"], json!(hub.id));
    assert_eq!(card["selected"], json!([hub.id]));
    let shown = text(&card["text"]);
    assert!(shown.starts_with(&squash(&hub.label)), "{shown}");
    assert!(shown.contains(hub.kind.as_str()));
    for name in hub
        .aliases
        .iter()
        .map(|a| a.as_str())
        .chain(hub.docs.iter().map(|d| &**d))
    {
        assert!(shown.contains(&squash(name)), "missing {name}");
    }
    let touching: Vec<&EdgeRecord> = g
        .edges
        .iter()
        .filter(|e| e.source == hub.id || e.target == hub.id)
        .collect();
    assert_shows_evidence(&shown, &touching);
    for e in &touching {
        assert!(shown.contains(&relation_name(e)));
    }

    // The edge card.
    assert!(
        !report["edgePoint"].is_null(),
        "edge {edge} cannot be clicked"
    );
    let card = &report["edgeCard"];
    assert_eq!(card["edge"], json!(edge.to_string()));
    let shown = text(&card["text"]);
    let e = &g.edges[edge];
    assert!(shown.contains(&relation_name(e)), "{shown}");
    assert_shows_evidence(&shown, &[e]);

    // Search ignores case and finds aliases.
    assert_eq!(report["searchSelected"], json!([alias_owner.id]));
    assert_eq!(report["searchCard"], json!(alias_owner.id));

    assert_path(&g, &report["path"], &far.id, &hub.id);
}

/// Every way text gets into the page, with markup in it.
const PAYLOADS: [&str; 4] = [
    "<script>window.xss=11</script>",
    "\"'></text></svg><img src=x onerror=\"window.xss=12\">",
    "</script><script>alert(13)</script>",
    "&lt;b&gt; \u{2028} <!-- -->",
];

#[test]
fn hostile_text_is_shown_as_text_and_never_runs() {
    if !browser_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = util::root().join("tests/data/xss");
    let (g, page) = build_and_view(
        &[data.join("payload.txt"), data.join("payload.jsonl")],
        dir.path(),
    );
    // The pipeline keeps markup in evidence sentences and JSON Lines ids (entity names lose it).
    let raw = fs::read_to_string(dir.path().join("graph.json")).unwrap();
    assert!(raw.contains("<script>window.xss=1</script>"), "{raw}");
    assert!(raw.contains("</script><script>window.xss=4</script><img src=x"));
    let hostile = |e: &&EdgeRecord| {
        e.evidence
            .iter()
            .any(|ev| ev.sentence.contains("<script>") || ev.doc.contains("<script>"))
    };
    let edge = g.edges.iter().position(|e| hostile(&e)).unwrap();
    let e = &g.edges[edge];
    let others: Vec<&str> = g
        .nodes
        .iter()
        .filter(|n| n.id != e.source && n.id != e.target)
        .map(|n| n.label.as_str())
        .collect();
    let report = open(
        &page,
        &json!({"node": e.source, "edge": edge, "search": "a", "path": [others[0], others[1]]}),
    );
    assert_clean(&report);
    let node_card = text(&report["nodeCard"]["text"]);
    let source_edges: Vec<&EdgeRecord> = g
        .edges
        .iter()
        .filter(|x| x.source == e.source || x.target == e.source)
        .collect();
    assert_shows_evidence(&node_card, &source_edges);
    assert_shows_evidence(&text(&report["edgeCard"]["text"]), &[e]);

    // A graph.json from elsewhere may put markup anywhere: labels, aliases, roles, verbs,
    // documents, the generator.
    let mut record = g.clone();
    record.graph.generator = PAYLOADS.concat();
    for (i, n) in record.nodes.iter_mut().enumerate() {
        n.label = format!("{} {}", n.label, PAYLOADS[i % PAYLOADS.len()]);
        n.aliases.push(PAYLOADS.concat());
        n.docs.push(PAYLOADS[(i + 1) % PAYLOADS.len()].into());
    }
    for (i, e) in record.edges.iter_mut().enumerate() {
        e.status = [Status::Denied, Status::Alleged, Status::Reported][i % 3];
        e.verb = Some(PAYLOADS[i % PAYLOADS.len()].to_string());
        e.roles.push(PAYLOADS[(i + 2) % PAYLOADS.len()].to_string());
        for ev in &mut e.evidence {
            ev.sentence = format!("{}{}", ev.sentence, PAYLOADS[(i + 3) % PAYLOADS.len()]).into();
        }
    }
    let json_file = dir.path().join("hostile.json");
    fs::write(&json_file, serde_json::to_string(&record).unwrap()).unwrap();
    let hostile_page = dir.path().join("hostile.html");
    view(&json_file, &hostile_page);
    let first = &record.nodes[0];
    let report = open(
        &hostile_page,
        &json!({"node": first.id, "edge": 0, "search": "<SCRIPT>",
                "path": [record.nodes[1].label, record.nodes[2].label]}),
    );
    assert_clean(&report);
    assert_styles(&record, &report);
    let card = text(&report["nodeCard"]["text"]);
    assert!(card.starts_with(&squash(&first.label)), "{card}");
    assert!(card.contains(&squash(&PAYLOADS.concat())), "{card}");
    let edge_card = text(&report["edgeCard"]["text"]);
    assert_shows_evidence(&edge_card, &[&record.edges[0]]);
    // Every node carries "<script>" in an alias, so the search lists them all (at most 12).
    let found = report["searchResults"].as_array().unwrap().len();
    assert_eq!(found, record.nodes.len().min(12));
}

#[test]
fn committed_viewer_is_current() {
    let graph = read_graph_json(&util::root().join("graphs/graph.json")).unwrap();
    assert_eq!(
        fs::read_to_string(util::root().join("graphs/graph.html")).expect("graphs/graph.html"),
        newsgraph::view::to_html(&graph).unwrap(),
        "graphs/graph.html is stale: run \
         `cargo run --release -- view -o graphs/graph.html --graph graphs/graph.json`"
    );
}
