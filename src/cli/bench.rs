//! `newsgraph bench`: the whole pipeline (`pipeline::build_documents`) over a generated
//! corpus ([`crate::bench::corpus`]) or given inputs, once per thread count, with throughput
//! and peak memory.

use super::Outcome;
use crate::bench;
use crate::export::write_atomic;
use crate::ingest::{self, Document};
use crate::pipeline::{self, BuildConfig};
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `newsgraph bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Size of the generated corpus, in MB (10^6 bytes) of raw text.
    #[arg(long, default_value_t = 100.0)]
    pub size_mb: f64,
    /// Thread counts to run, one build each, in this order (default: 1, then all cores).
    /// Peak memory is process-wide: give one value per run for a clean figure.
    #[arg(long, value_delimiter = ',')]
    pub threads: Vec<usize>,
    /// Seed of the generated corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Read relations from word order only, without parsing sentences.
    #[arg(long)]
    pub no_parse: bool,
    /// Also write the generated corpus to DIR/corpus.jsonl (for `newsgraph build` or Spark).
    #[arg(long, value_name = "DIR", conflicts_with = "corpus")]
    pub write_corpus: Option<PathBuf>,
    /// Benchmark on these inputs (files, folders, JSON Lines) instead of a generated corpus.
    #[arg(long, value_name = "PATH")]
    pub corpus: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What `newsgraph bench` measured.
#[derive(Debug, Serialize)]
pub struct BenchReport {
    /// The corpus benchmarked.
    pub corpus: CorpusInfo,
    /// `"parse"` or `"words"` (`--no-parse`).
    pub reading: &'static str,
    /// One entry per thread count, in the order run.
    pub runs: Vec<RunReport>,
    /// How `peak_rss_mb` is to be read.
    pub peak_rss_note: &'static str,
}

/// The corpus of a benchmark.
#[derive(Debug, Serialize)]
pub struct CorpusInfo {
    /// `generated` (with `seed`) or the inputs given.
    pub source: String,
    /// Generator seed (generated corpora only).
    pub seed: Option<u64>,
    /// Documents.
    pub documents: usize,
    /// Raw text bytes.
    pub bytes: usize,
    /// Raw text in MB (10^6 bytes).
    pub mb: f64,
    /// Whitespace-separated words of the raw text.
    pub words: usize,
    /// Seconds spent generating or reading it (not part of any run).
    pub prepare_seconds: f64,
}

/// One build of the corpus.
#[derive(Debug, Serialize)]
pub struct RunReport {
    /// Rayon threads.
    pub threads: usize,
    /// Wall time of `build_documents` (extract every document, then assemble).
    pub seconds: f64,
    /// Raw MB per second.
    pub mb_per_s: f64,
    /// Words per second.
    pub words_per_s: f64,
    /// `mb_per_s` divided by `threads`.
    pub mb_per_s_per_thread: f64,
    /// 1-thread seconds over these seconds, when a 1-thread run was made.
    pub speedup: Option<f64>,
    /// Entities in the graph.
    pub entities: usize,
    /// Edges in the graph.
    pub relations: usize,
    /// Wall time per stage (per-document stages: summed over documents, divided by threads).
    pub stages: Vec<(String, f64)>,
    /// The process's peak resident memory so far (VmHWM), in MB; `None` off Linux.
    pub peak_rss_mb: Option<f64>,
}

/// How to read a peak-memory figure.
const RSS_NOTE: &str = "peak_rss_mb is VmHWM from /proc/self/status: process-wide and \
    cumulative (corpus included, and every earlier run); for one configuration's peak run \
    it alone (--threads N), or measure with /usr/bin/time -v";

/// The process's peak resident set size in MB (VmHWM; Linux only).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1000.0)
}

/// Whitespace-separated words of `docs`.
fn word_count(docs: &[Document]) -> usize {
    docs.iter().map(|d| d.raw.split_whitespace().count()).sum()
}

/// The corpus to benchmark, and the diagnostics of reading it.
fn prepare(args: &BenchArgs) -> Result<(Vec<Document>, CorpusInfo, bool)> {
    let start = Instant::now();
    let (docs, source, seed, skipped) = if args.corpus.is_empty() {
        let target = (args.size_mb.max(0.0) * 1e6) as usize;
        let docs: Vec<Document> = bench::corpus(target, args.seed).collect();
        (docs, "generated".to_string(), Some(args.seed), false)
    } else {
        let (docs, diagnostics) = ingest::read_inputs(&args.corpus);
        let skipped = super::warn_all(&diagnostics) == Outcome::SkippedInputs;
        let names: Vec<String> = args
            .corpus
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        (docs, names.join(" "), None, skipped)
    };
    if let Some(dir) = &args.write_corpus {
        let mut out = String::new();
        for d in &docs {
            let line = serde_json::json!({"id": d.id, "text": d.raw});
            out.push_str(&line.to_string());
            out.push('\n');
        }
        let path = dir.join("corpus.jsonl");
        write_atomic(&path, out.as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let bytes = docs.iter().map(|d| d.raw.len()).sum();
    let info = CorpusInfo {
        source,
        seed,
        documents: docs.len(),
        bytes,
        mb: bytes as f64 / 1e6,
        words: word_count(&docs),
        prepare_seconds: start.elapsed().as_secs_f64(),
    };
    Ok((docs, info, skipped))
}

/// `newsgraph bench`: builds the corpus once per thread count and reports each run.
pub fn bench(args: BenchArgs) -> Result<Outcome> {
    let (mut docs, corpus, skipped) = prepare(&args)?;
    if docs.is_empty() {
        anyhow::bail!("no documents to benchmark");
    }
    let reading = if args.no_parse { "words" } else { "parse" };
    if !args.json {
        print_corpus(&corpus, reading);
    }
    let threads = if args.threads.is_empty() {
        let all = std::thread::available_parallelism().map_or(1, |n| n.get());
        if all > 1 {
            vec![1, all]
        } else {
            vec![1]
        }
    } else {
        args.threads.iter().map(|&n| n.max(1)).collect()
    };
    let config = BuildConfig {
        progress: false,
        reading: super::reading(args.no_parse),
        ..BuildConfig::quiet()
    };
    let mut runs: Vec<RunReport> = Vec::new();
    for (k, &n) in threads.iter().enumerate() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .context("starting a thread pool")?;
        // The last run takes the documents; earlier ones a copy.
        let input = if k + 1 == threads.len() {
            std::mem::take(&mut docs)
        } else {
            docs.clone()
        };
        let start = Instant::now();
        let build = pool.install(|| pipeline::build_documents(input, &config));
        let seconds = start.elapsed().as_secs_f64();
        let one = runs.iter().find(|r| r.threads == 1).map(|r| r.seconds);
        let one = if n == 1 && one.is_none() {
            Some(seconds)
        } else {
            one
        };
        let mb_per_s = corpus.mb / seconds;
        let run = RunReport {
            threads: n,
            seconds,
            mb_per_s,
            words_per_s: corpus.words as f64 / seconds,
            mb_per_s_per_thread: mb_per_s / n as f64,
            speedup: one.map(|s| s / seconds),
            entities: build.graph.node_count(),
            relations: build.graph.edge_count(),
            stages: build
                .timings
                .iter()
                .map(|(s, d)| (s.name().to_string(), d.as_secs_f64()))
                .collect(),
            peak_rss_mb: peak_rss_mb(),
        };
        drop(build);
        if !args.json {
            print_run(&run);
        }
        runs.push(run);
    }
    let report = BenchReport {
        corpus,
        reading,
        runs,
        peak_rss_note: RSS_NOTE,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("note: {RSS_NOTE}");
    }
    Ok(if skipped {
        Outcome::SkippedInputs
    } else {
        Outcome::Clean
    })
}

/// One run as a line of text.
fn print_run(r: &RunReport) {
    let speedup = r.speedup.map_or("-".to_string(), |s| format!("{s:.2}x"));
    let rss = r
        .peak_rss_mb
        .map_or("-".to_string(), |m| format!("{m:.0} MB"));
    println!(
        "threads {}: {:.2} s, {:.3} MB/s, {:.0} words/s, {:.3} MB/s per thread, speed-up {speedup}, \
         {} entities, {} relations, peak RSS {rss}",
        r.threads,
        r.seconds,
        r.mb_per_s,
        r.words_per_s,
        r.mb_per_s_per_thread,
        r.entities,
        r.relations
    );
    let stages: Vec<String> = r
        .stages
        .iter()
        .map(|(s, t)| format!("{s} {t:.2} s"))
        .collect();
    println!("  stages: {}", stages.join(", "));
}

/// The corpus as a line of text.
fn print_corpus(c: &CorpusInfo, reading: &str) {
    println!(
        "corpus: {} ({}), {} documents, {:.2} MB, {} words, prepared in {:.2} s; reading: {reading}",
        c.source,
        c.seed.map_or("-".to_string(), |s| format!("seed {s}")),
        c.documents,
        c.mb,
        c.words,
        c.prepare_seconds,
    );
}
