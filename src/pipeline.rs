//! The pipeline: named stages run in order over a corpus, documents in parallel.
//!
//! In: documents (or paths). Out: [`Build`]: the resolved corpus, the relation mentions, the
//! knowledge graph, per-stage timings and the diagnostics of skipped inputs. Results do not
//! depend on the number of threads: documents keep their input order at every stage.

use crate::error::Diagnostic;
use crate::graph::{self, KnowledgeGraph};
use crate::ingest::{self, Document};
use crate::mentions::{self, Recogniser, RuleRecogniser};
use crate::relations::{self, RelationMention};
use crate::resolve::{self, Corpus};
use crate::{clean, text};
use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A pipeline stage, in running order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Files, folders, JSON Lines and stdin to documents.
    Ingest,
    /// Markup and page furniture removed, page breaks re-joined.
    Clean,
    /// Sentences and tokens.
    Text,
    /// Entity mentions.
    Mentions,
    /// Mentions grouped into entities within and across documents.
    Resolve,
    /// Relations read from sentences.
    Relations,
    /// Relation mentions merged into the graph.
    Graph,
}

impl Stage {
    /// Every stage, in running order.
    pub const ALL: [Stage; 7] = [
        Stage::Ingest,
        Stage::Clean,
        Stage::Text,
        Stage::Mentions,
        Stage::Resolve,
        Stage::Relations,
        Stage::Graph,
    ];

    /// The stage's name in messages and timings.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Ingest => "ingest",
            Stage::Clean => "clean",
            Stage::Text => "text",
            Stage::Mentions => "mentions",
            Stage::Resolve => "resolve",
            Stage::Relations => "relations",
            Stage::Graph => "graph",
        }
    }

    /// The type the stage consumes.
    pub fn requires(self) -> &'static str {
        match self {
            Stage::Ingest => "paths",
            Stage::Clean => "Document",
            Stage::Text => "CleanDoc",
            Stage::Mentions => "TextDoc",
            Stage::Resolve => "MentionDoc",
            Stage::Relations => "Corpus",
            Stage::Graph => "RelationMention",
        }
    }

    /// The type the stage produces.
    pub fn produces(self) -> &'static str {
        match self {
            Stage::Ingest => "Document",
            Stage::Clean => "CleanDoc",
            Stage::Text => "TextDoc",
            Stage::Mentions => "MentionDoc",
            Stage::Resolve => "Corpus",
            Stage::Relations => "RelationMention",
            Stage::Graph => "KnowledgeGraph",
        }
    }
}

/// How to run a build.
pub struct BuildConfig<'r> {
    /// The entity recogniser.
    pub recogniser: &'r dyn Recogniser,
    /// Show a progress bar on stderr (it hides itself when stderr is not a terminal).
    pub progress: bool,
    /// Read relation arguments from dependency parses ([`relations::Reading::Parse`]), or
    /// from word order only (faster, lower recall).
    pub reading: relations::Reading,
}

impl BuildConfig<'static> {
    /// The rule-based recogniser, no progress bar.
    pub fn quiet() -> BuildConfig<'static> {
        BuildConfig {
            recogniser: &RuleRecogniser,
            progress: false,
            reading: relations::Reading::Parse,
        }
    }
}

/// Everything a build produced.
pub struct Build {
    /// Documents with their resolved mentions, and the entity table.
    pub corpus: Corpus,
    /// Every relation read, in document order.
    pub relations: Vec<RelationMention>,
    /// The merged graph.
    pub graph: KnowledgeGraph,
    /// Inputs skipped or partly read.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time per stage, in running order.
    pub timings: Vec<(Stage, Duration)>,
}

impl Build {
    /// Number of sentences over all documents.
    pub fn sentence_count(&self) -> usize {
        self.corpus
            .docs
            .iter()
            .map(|d| d.doc.text.sentences.len())
            .sum()
    }

    /// Total wall time.
    pub fn elapsed(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }

    /// One summary line: documents, sentences, entities, relations, seconds.
    pub fn summary(&self) -> String {
        format!(
            "{} documents, {} sentences, {} entities, {} relations in {:.2} s",
            self.corpus.docs.len(),
            self.sentence_count(),
            self.graph.node_count(),
            self.graph.edge_count(),
            self.elapsed().as_secs_f64()
        )
    }
}

/// Reads `paths` (files, folders, JSON Lines, `-` for stdin) and builds their graph.
pub fn build_paths(paths: &[PathBuf], config: &BuildConfig) -> Build {
    let start = Instant::now();
    let (docs, diagnostics) = ingest::read_inputs(paths);
    let mut build = build_documents(docs, config);
    build.diagnostics.splice(0..0, diagnostics);
    build.timings.insert(0, (Stage::Ingest, start.elapsed()));
    build
}

/// Builds the graph of one text given as a string (document id `id`).
pub fn build_text(id: &str, text: &str) -> Build {
    build_documents(vec![Document::from_text(id, text)], &BuildConfig::quiet())
}

/// Builds the graph of documents already read.
pub fn build_documents(docs: Vec<Document>, config: &BuildConfig) -> Build {
    let mut timings = Vec::new();
    let documents: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
    let bar = if config.progress && docs.len() > 1 {
        let bar = ProgressBar::new(docs.len() as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} documents ({eta})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("reading");
        bar
    } else {
        ProgressBar::hidden()
    };

    // Clean, segment and recognise each document independently: one parallel pass, timed
    // per stage by summing each document's time.
    let per_doc: Vec<(mentions::MentionDoc, [Duration; 3])> = docs
        .into_par_iter()
        .progress_with(bar.clone())
        .map(|doc| {
            let t0 = Instant::now();
            let cleaned = clean::clean(doc);
            let t1 = Instant::now();
            let segmented = text::segment(cleaned);
            let t2 = Instant::now();
            let found = mentions::find_mentions(segmented, config.recogniser);
            (found, [t1 - t0, t2 - t1, t2.elapsed()])
        })
        .collect();
    bar.finish_and_clear();
    let threads = rayon::current_num_threads().max(1) as u32;
    for (k, stage) in [Stage::Clean, Stage::Text, Stage::Mentions]
        .into_iter()
        .enumerate()
    {
        let total: Duration = per_doc.iter().map(|(_, t)| t[k]).sum();
        timings.push((stage, total / threads));
    }
    let mention_docs: Vec<mentions::MentionDoc> = per_doc.into_iter().map(|(d, _)| d).collect();

    let t = Instant::now();
    let corpus = resolve::resolve(mention_docs);
    timings.push((Stage::Resolve, t.elapsed()));

    let t = Instant::now();
    let relations = relations::extract_with(&corpus, config.reading);
    timings.push((Stage::Relations, t.elapsed()));

    let t = Instant::now();
    let graph = graph::build(&corpus.entities, &relations, documents);
    timings.push((Stage::Graph, t.elapsed()));

    Build {
        corpus,
        relations,
        graph,
        diagnostics: Vec::new(),
        timings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_stage_consumes_what_the_one_before_produces() {
        for pair in Stage::ALL.windows(2) {
            assert_eq!(
                pair[1].requires(),
                pair[0].produces(),
                "{} -> {}",
                pair[0].name(),
                pair[1].name()
            );
        }
    }

    #[test]
    fn builds_a_graph_from_a_string() {
        let build = build_text("t.txt", "Russian Foreign Minister Sergei Lavrov met with U.S. Secretary of State Rex Tillerson on May 10, 2017.");
        let edges = build.graph.edges_sorted();
        let met = edges
            .iter()
            .find(|e| e.edge.predicate == crate::model::Predicate::MetWith)
            .expect("a MET_WITH edge");
        let pair = [met.source.label.as_str(), met.target.label.as_str()];
        assert!(
            pair.contains(&"Sergei Lavrov") && pair.contains(&"Rex Tillerson"),
            "{pair:?}"
        );
        assert_eq!(
            met.edge.date.map(|d| d.to_string()).as_deref(),
            Some("2017-05-10")
        );
        assert_eq!(build.corpus.docs.len(), 1);
    }
}
