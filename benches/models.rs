//! Throughput of the three learned models, in tokens per second: `models/pos`,
//! `models/parser` (tags given) and `models/ner` (sentence by sentence, no document pass).
//!
//! In: the committed models `models/*.bin` and the EWT slice `tests/data/ewt-slice.conllu`
//! (all compiled in). Out: a criterion report for running each model over every sentence of
//! the slice on one thread with reused buffers.
//!
//! Run quickly with: `cargo bench --bench models -- --warm-up-time 1 --measurement-time 3`
//! (add a filter such as `parser` for one model).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use newsgraph::ml::conllu;
use newsgraph::ml::ner::{self, NerTagger};
use newsgraph::ml::parser::{DependencyParser, ParseBuffers};
use newsgraph::ml::pos::{PosTagger, TagBuffers};
use std::hint::black_box;
use std::path::Path;

fn bench(c: &mut Criterion) {
    let tagger = PosTagger::from_bytes(include_bytes!("../models/pos.bin")).expect("pos.bin");
    let parser =
        DependencyParser::from_bytes(include_bytes!("../models/parser.bin")).expect("parser.bin");
    let recogniser = NerTagger::from_bytes(include_bytes!("../models/ner.bin")).expect("ner.bin");
    let text = include_str!("../tests/data/ewt-slice.conllu");
    let sentences = conllu::parse(text, Path::new("ewt-slice.conllu")).expect("slice");
    let words: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.tokens.iter().map(|t| t.form.as_str()).collect())
        .collect();
    let tags: Vec<_> = words
        .iter()
        .map(|w| (tagger.tag(w), tagger.tag_xpos(w)))
        .collect();
    let tokens: usize = words.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("models");
    group.throughput(Throughput::Elements(tokens as u64));

    let (mut buffers, mut out) = (TagBuffers::default(), Vec::new());
    group.bench_function("pos", |b| {
        b.iter(|| {
            for w in &words {
                tagger.tag_into(black_box(w), &mut buffers, &mut out);
                black_box(&out);
            }
        })
    });

    let (mut buffers, mut out) = (ParseBuffers::default(), Vec::new());
    group.bench_function("parser", |b| {
        b.iter(|| {
            for (w, (t, x)) in words.iter().zip(&tags) {
                parser.parse_into(black_box(w), t, x, &mut buffers, &mut out);
                black_box(&out);
            }
        })
    });

    let (mut buffers, mut out) = (ner::TagBuffers::default(), Vec::new());
    group.bench_function("ner", |b| {
        b.iter(|| {
            for w in &words {
                recogniser.tag_into(black_box(w), &mut buffers, &mut out);
                black_box(&out);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
