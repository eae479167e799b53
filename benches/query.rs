//! Query latency on a large graph: `path` between random pairs and `show`, after loading a
//! synthetic `graph.json` of 1M entities and 5M relations.
//!
//! The graph is generated once (seeded, so every run sees the same graph) into
//! `target/bench-query-graph.json`, then loaded as a user's `graph.json` would be:
//! `read_graph_json` + `to_graph` + `Explorer::new`. The load time is printed (it is too slow
//! for criterion's sampling). Relations link a uniform subject to an object skewed towards
//! low ids, so a few entities become hubs, as people and countries are in news graphs.
//!
//! ```sh
//! cargo bench --bench query                                # 1M / 5M (about 2 GB of JSON)
//! NEWSGRAPH_BENCH_NODES=100000 cargo bench --bench query   # smaller, edges = 5 x nodes
//! ```
//! Goal: a single path query under 50 ms after load.
//!
//! `cargo test` runs this bench once as a smoke test (criterion's test mode, without
//! `--bench`) on a 10,000-entity graph unless `NEWSGRAPH_BENCH_NODES` says otherwise.

use criterion::{criterion_group, criterion_main, Criterion};
use newsgraph::export::json::{read_graph_json, write_json};
use newsgraph::graph::{EntityNode, KnowledgeGraph, RelationEdge};
use newsgraph::model::{EntityKind, Evidence, Predicate, Status};
use newsgraph::query::{Explorer, PathQuery};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// SplitMix64: a small seeded generator, so the graph is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards 0: the square of a uniform draw.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u) * n as f64) as usize
    }
}

fn synthetic(nodes: usize, edges: usize) -> KnowledgeGraph {
    let kinds = [
        EntityKind::Person,
        EntityKind::Org,
        EntityKind::Gpe,
        EntityKind::Loc,
    ];
    let mut g = KnowledgeGraph::new(vec!["synthetic.txt".into()]);
    for i in 0..nodes {
        g.add_node(EntityNode {
            id: format!("entity-{i}"),
            label: format!("Entity {i}"),
            kind: kinds[i % kinds.len()],
            aliases: vec![format!("E{i}")],
            mentions: 1 + i % 7,
            docs: vec!["synthetic.txt".into()],
        });
    }
    let predicates = Predicate::CLOSED;
    let mut rng = Rng(42);
    for i in 0..edges {
        let (s, t) = (rng.below(nodes), rng.skewed(nodes));
        if s == t {
            continue;
        }
        let sentence = format!("Entity {s} did something to Entity {t} in sentence {i}.");
        let edge = RelationEdge {
            predicate: predicates[i % predicates.len()],
            status: Status::Asserted,
            date: None,
            dates: vec![],
            confidence: 0.5,
            role: None,
            roles: vec![],
            verb: None,
            evidence: vec![Evidence {
                doc: "synthetic.txt".into(),
                start: 0,
                end: sentence.len(),
                sentence: sentence.into(),
            }],
        };
        g.add_edge(&format!("entity-{s}"), &format!("entity-{t}"), edge);
    }
    g
}

fn graph_file(nodes: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let path = dir.join(format!("bench-query-graph-{nodes}.json"));
    if !path.exists() {
        let started = Instant::now();
        let g = synthetic(nodes, nodes * 5);
        write_json(&g, &path).expect("write the synthetic graph");
        eprintln!(
            "generated {} in {:.1} s",
            path.display(),
            started.elapsed().as_secs_f64()
        );
    }
    path
}

fn bench_queries(c: &mut Criterion) {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let nodes: usize = std::env::var("NEWSGRAPH_BENCH_NODES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if benchmarking { 1_000_000 } else { 10_000 });
    let path = graph_file(nodes);
    let started = Instant::now();
    let graph = read_graph_json(&path)
        .expect("read")
        .to_graph()
        .expect("valid graph");
    let loaded = started.elapsed();
    let explorer = Explorer::new(&graph);
    eprintln!(
        "load: {} nodes, {} edges: read + to_graph {:.2} s, Explorer::new {:.2} s",
        graph.node_count(),
        graph.edge_count(),
        loaded.as_secs_f64(),
        (started.elapsed() - loaded).as_secs_f64()
    );
    let mut rng = Rng(7);
    let pairs: Vec<_> = (0..1000)
        .map(|_| {
            let a = explorer
                .find(&format!("entity-{}", rng.below(nodes)))
                .expect("id");
            let b = explorer
                .find(&format!("entity-{}", rng.below(nodes)))
                .expect("id");
            (a, b)
        })
        .collect();
    let query = PathQuery {
        max_hops: 10,
        ..PathQuery::default()
    };
    let mut group = c.benchmark_group("query");
    group.measurement_time(Duration::from_secs(10));
    let mut i = 0;
    group.bench_function("path (shortest, random pair)", |b| {
        b.iter(|| {
            let (a, z) = pairs[i % pairs.len()];
            i += 1;
            black_box(explorer.paths(a, z, &query))
        })
    });
    let mut i = 0;
    group.bench_function("find + show (random entity)", |b| {
        b.iter(|| {
            let name = format!("Entity {}", (i * 7919) % nodes);
            i += 1;
            black_box(explorer.card(explorer.find(&name).expect("label")))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_queries);
criterion_main!(benches);
