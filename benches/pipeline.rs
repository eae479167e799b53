//! Pipeline throughput benchmarks, in bytes of raw input text per second.
//!
//! In: the two sample articles in `seeds/`, compiled in with `include_str!` (no files needed at
//! run time), and a synthetic ~5 MB corpus made of distinct copies of them (`copy-N-<seed>`).
//! Out: criterion reports for each stage alone over the seeds (clean, segment, mentions,
//! resolve, relations, graph build, JSON export, GEXF export, JSON load, and `assemble`, the
//! corpus half of the pipeline, over the seeds' extracts) and for the whole pipeline
//! (`build_documents`) over the seeds and the ~5 MB corpus, on 1 thread (the per-core figure)
//! and on 2 threads. Every stage is charged the raw bytes of the documents it came from, so the
//! figures compare directly with the >= 5 MB/s per core goal.
//!
//! Run quickly with:
//! `cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use newsgraph::ingest::Document;
use newsgraph::mentions::{self, MentionDoc, RuleRecogniser};
use newsgraph::pipeline::{assemble, build_documents, extract_document, BuildConfig};
use newsgraph::{clean, export, graph, relations, resolve, text};
use std::hint::black_box;
use std::time::Duration;

/// The sample articles: (file name, text).
const SEEDS: [(&str, &str); 2] = [
    (
        "000_8d44af70f10fb648.txt",
        include_str!("../seeds/000_8d44af70f10fb648.txt"),
    ),
    (
        "003_8623a95e14942e9a.txt",
        include_str!("../seeds/003_8623a95e14942e9a.txt"),
    ),
];

/// Size the synthetic corpus aims for.
const SYNTHETIC_BYTES: usize = 5 * 1024 * 1024;

/// The seeds as documents, ids being their file names.
fn seed_docs() -> Vec<Document> {
    SEEDS
        .iter()
        .map(|(id, text)| Document::from_text(*id, *text))
        .collect()
}

/// Distinct copies of the seeds (`copy-N-<seed>`) until at least `bytes` bytes of text.
fn synthetic_docs(bytes: usize) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut total = 0;
    let mut n = 0;
    while total < bytes {
        for (id, text) in SEEDS {
            docs.push(Document::from_text(format!("copy-{n}-{id}"), text));
            total += text.len();
        }
        n += 1;
    }
    docs
}

/// Total raw text bytes of `docs`.
fn bytes_of(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.raw.len() as u64).sum()
}

/// A rayon pool of `threads` threads.
fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon thread pool")
}

/// Each stage alone over the seeds, its input prepared outside the timed loop.
fn stages(c: &mut Criterion) {
    let docs = seed_docs();
    let bytes = bytes_of(&docs);
    let rec = RuleRecogniser;

    // Inputs of every stage, computed once.
    let cleaned: Vec<_> = docs.iter().cloned().map(clean::clean).collect();
    let segmented: Vec<_> = cleaned.iter().cloned().map(text::segment).collect();
    let found: Vec<MentionDoc> = segmented
        .iter()
        .cloned()
        .map(|d| mentions::find_mentions(d, &rec))
        .collect();
    let corpus = resolve::resolve(found.clone());
    let rels = relations::extract(&corpus);
    let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
    let kg = graph::build(corpus.entities.clone(), &rels, ids.clone());
    let json = export::json::to_json(&kg).unwrap();
    let config = BuildConfig::quiet();
    let extracts: Vec<_> = docs
        .iter()
        .cloned()
        .map(|d| extract_document(d, &config))
        .collect();

    let mut g = c.benchmark_group("stage");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(bytes));
    // resolve and relations use rayon inside: run them on one thread so every figure is per
    // core. (criterion's group is not Send, so the pool is entered inside the timed routine;
    // that costs microseconds against milliseconds of work.)
    let one = pool(1);
    g.bench_function("clean", |b| {
        b.iter_batched(
            || docs.clone(),
            |ds| ds.into_iter().map(clean::clean).collect::<Vec<_>>(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("segment", |b| {
        b.iter_batched(
            || cleaned.clone(),
            |ds| ds.into_iter().map(text::segment).collect::<Vec<_>>(),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("mentions", |b| {
        b.iter_batched(
            || segmented.clone(),
            |ds| {
                ds.into_iter()
                    .map(|d| mentions::find_mentions(d, &rec))
                    .collect::<Vec<_>>()
            },
            BatchSize::SmallInput,
        )
    });
    g.bench_function("resolve", |b| {
        b.iter_batched(
            || found.clone(),
            |ds| one.install(|| resolve::resolve(ds)),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("relations", |b| {
        b.iter(|| one.install(|| relations::extract(black_box(&corpus))))
    });
    g.bench_function("graph_build", |b| {
        b.iter_batched(
            || (corpus.entities.clone(), ids.clone()),
            |(entities, ids)| graph::build(black_box(entities), black_box(&rels), ids),
            BatchSize::SmallInput,
        )
    });
    g.bench_function("json_export", |b| {
        b.iter(|| export::json::to_json(black_box(&kg)).unwrap())
    });
    g.bench_function("gexf_export", |b| {
        b.iter(|| export::gexf::to_gexf(black_box(&kg)).unwrap())
    });
    g.bench_function("json_load", |b| {
        b.iter(|| export::json::from_json_str(black_box(&json)))
    });
    g.bench_function("assemble", |b| {
        b.iter(|| one.install(|| assemble(black_box(&extracts))))
    });
    g.finish();
}

/// The whole pipeline (`build_documents`) over `docs`, on 1 and on 2 threads.
fn full(c: &mut Criterion, name: &str, docs: &[Document]) {
    let config = BuildConfig::quiet();
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(bytes_of(docs)));
    for threads in [1, 2] {
        let pool = pool(threads);
        g.bench_function(format!("build_documents/{threads}_thread"), |b| {
            b.iter_batched(
                || docs.to_vec(),
                |ds| pool.install(|| build_documents(ds, &config)),
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// The whole pipeline over the two seeds.
fn full_seeds(c: &mut Criterion) {
    full(c, "full_seeds", &seed_docs());
}

/// The whole pipeline over the ~5 MB synthetic corpus, built once outside the timed loop.
fn full_synthetic(c: &mut Criterion) {
    full(c, "full_5mb", &synthetic_docs(SYNTHETIC_BYTES));
}

criterion_group!(benches, stages, full_seeds, full_synthetic);
criterion_main!(benches);
