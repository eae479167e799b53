//! Dependency parser throughput, in tokens per second.
//!
//! In: the committed models `models/pos.bin` and `models/parser.bin` and the EWT slice
//! `tests/data/ewt-slice.conllu` (all compiled in). Out: a criterion report for parsing every
//! sentence of the slice (tags predicted beforehand, not timed) on one thread with reused
//! buffers.
//!
//! Run quickly with: `cargo bench --bench parser -- --warm-up-time 1 --measurement-time 3`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgraph::ml::conllu;
use newsgraph::ml::parser::{DependencyParser, ParseBuffers};
use newsgraph::ml::pos::PosTagger;
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let tagger = PosTagger::from_bytes(include_bytes!("../models/pos.bin")).expect("pos.bin");
    let parser =
        DependencyParser::from_bytes(include_bytes!("../models/parser.bin")).expect("parser.bin");
    let text = include_str!("../tests/data/ewt-slice.conllu");
    let sentences = conllu::parse(text, Path::new("ewt-slice.conllu")).expect("slice");
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.tokens.iter().map(|t| t.form.as_str()).collect())
        .collect();
    let tags: Vec<_> = words.iter().map(|w| tagger.tag(w)).collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("parser");
    group.throughput(Throughput::Elements(tokens as u64));
    let (mut buffers, mut out) = (ParseBuffers::default(), Vec::new());
    group.bench_function("parse_ewt_slice", |b| {
        b.iter(|| {
            for (w, t) in words.iter().zip(&tags) {
                parser.parse_into(black_box(w), t, &mut buffers, &mut out);
                black_box(&out);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
