//! Pipeline throughput (placeholder replaced by the benchmark work).
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    c.bench_function("build_text", |b| {
        b.iter(|| newsgraph::pipeline::build_text("t", "Mary Smith met John Jones."))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
