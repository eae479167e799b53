//! `newsgraph extract` (a mapper: articles in, partial graphs out) and `newsgraph merge`
//! (a reducer: partial graphs in, the graph out), for running a build on a cluster.

use super::Outcome;
use crate::error::Diagnostic;
use crate::export::{write_formats, Format};
use crate::ingest::jsonl;
use crate::partial;
use crate::pipeline::{self, BuildConfig, DocExtract};
use crate::spill::ExtractStore;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Arguments of `newsgraph extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Read relations from word order only, without parsing sentences.
    #[arg(long)]
    pub no_parse: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
}

/// Arguments of `newsgraph merge`.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Partial-graph files (JSON Lines from `newsgraph extract` or `merge --partial`), or -
    /// for stdin (the default).
    pub inputs: Vec<PathBuf>,
    /// Output folder of the graph (created if missing).
    #[arg(short, long, default_value = "graphs", conflicts_with = "partial")]
    pub out: PathBuf,
    /// Formats to write, as for `newsgraph build`.
    #[arg(long, value_delimiter = ',', default_value = "json,dot,gexf")]
    pub format: Vec<Format>,
    /// Write the merged partial graph to stdout instead of the graph: for a tree of merges.
    #[arg(long)]
    pub partial: bool,
    /// No summary line.
    #[arg(short, long)]
    pub quiet: bool,
}

/// How many articles `extract` reads before processing them in parallel.
const BATCH: usize = 256;

/// `newsgraph extract`: JSON Lines articles on stdin, one partial-graph line per article on
/// stdout, in input order. Bad lines are reported (`<stdin>:LINE`) and skipped.
pub fn extract(args: ExtractArgs) -> Result<Outcome> {
    super::set_threads(args.threads);
    let config = BuildConfig {
        progress: false,
        reading: super::reading(args.no_parse),
        ..BuildConfig::quiet()
    };
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut skipped = false;
    let mut batch = Vec::with_capacity(BATCH);
    let flush = |batch: &mut Vec<crate::ingest::Document>, out: &mut dyn Write| {
        let extracts: Vec<DocExtract> = std::mem::take(batch)
            .into_par_iter()
            .map(|d| pipeline::extract_document(d, &config))
            .collect();
        for e in &extracts {
            writeln!(out, "{}", partial::to_line(e))?;
        }
        anyhow::Ok(())
    };
    for (i, line) in stdin.lock().split(b'\n').enumerate() {
        let line = line.context("<stdin>")?;
        let source = format!("<stdin>:{}", i + 1);
        let (doc, diagnostics) = match std::str::from_utf8(&line) {
            Ok(line) => jsonl::read_line(line, &source),
            Err(e) => (
                None,
                vec![Diagnostic::new(
                    source,
                    format!(
                        "not valid UTF-8 (invalid byte at offset {}); skipped",
                        e.valid_up_to()
                    ),
                )],
            ),
        };
        skipped |= !diagnostics.is_empty();
        super::warn_all(&diagnostics);
        batch.extend(doc);
        if batch.len() == BATCH {
            flush(&mut batch, &mut out)?;
        }
    }
    flush(&mut batch, &mut out)?;
    out.flush()?;
    Ok(if skipped {
        Outcome::SkippedInputs
    } else {
        Outcome::Clean
    })
}

/// `newsgraph merge`: the union of partial graphs, written as the graph (`--out`) or as one
/// partial graph (`--partial`).
pub fn merge(args: MergeArgs) -> Result<Outcome> {
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs
    };
    let mut store = ExtractStore::spilled()?;
    for path in &inputs {
        if path.as_os_str() == "-" {
            store.read_partial(std::io::stdin().lock(), Path::new("<stdin>"))?;
        } else {
            store.read_partial_file(path)?;
        }
    }
    if args.partial {
        let stdout = std::io::stdout();
        let mut out = BufWriter::new(stdout.lock());
        store.write_lines(&mut out)?;
        out.flush()?;
        return Ok(Outcome::Clean);
    }
    if store.is_empty() {
        return Err(crate::error::Error::NoDocuments.into());
    }
    let assembled = pipeline::assemble_from(&store)?;
    let written = write_formats(&assembled.graph, &args.format, &args.out)?;
    if !args.quiet {
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        eprintln!(
            "newsgraph: merged {} documents: {} entities, {} relations; wrote {}",
            store.len(),
            assembled.graph.node_count(),
            assembled.graph.edge_count(),
            names.join(", ")
        );
    }
    Ok(Outcome::Clean)
}
