//! Entity recogniser throughput, in tokens per second.
//!
//! In: the committed model `models/ner.bin` and the EWT slice `tests/data/ewt-slice.conllu`
//! (both compiled in). Out: a criterion report for tagging every sentence of the slice on
//! one thread with reused buffers (sentence by sentence, no document pass).
//!
//! Run quickly with: `cargo bench --bench ner -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgraph::ml::conllu;
use newsgraph::ml::ner::{NerTagger, TagBuffers};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let tagger = NerTagger::from_bytes(include_bytes!("../models/ner.bin")).expect("ner.bin");
    let text = include_str!("../tests/data/ewt-slice.conllu");
    let sentences = conllu::parse(text, Path::new("ewt-slice.conllu")).expect("slice");
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.tokens.iter().map(|t| t.form.as_str()).collect())
        .collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Elements(tokens as u64));
    let (mut buffers, mut out) = (TagBuffers::default(), Vec::new());
    group.bench_function("tag_ewt_slice", |b| {
        b.iter(|| {
            for w in &words {
                tagger.tag_into(black_box(w), &mut buffers, &mut out);
                black_box(&out);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
