//! The pipeline: named stages run in order over a corpus, documents in parallel.
//!
//! It runs in two halves. [`extract_document`] takes one document through every stage that
//! needs its text (clean, sentences, mentions, resolution within the document, relation
//! reading) and keeps only a [`DocExtract`]: the document's local entities and what its
//! sentences say, with their evidence. The text is dropped there. [`assemble`] then merges
//! any set of extracts into one graph: entities across documents, relations mapped onto
//! them, `HOLDS_ROLE_IN` from every document's roles. Extracts are merged in the order of
//! their document ids, so the graph depends only on which documents were read.
//!
//! In: documents (or paths). Out: [`Build`]: the extracts, the merged entities, the relation
//! mentions, the knowledge graph, per-stage timings and the diagnostics of skipped inputs.
//! Results do not depend on the number of threads.

use crate::error::Diagnostic;
use crate::graph::{self, KnowledgeGraph};
use crate::ingest::{self, Document};
use crate::mentions::{self, Recogniser, RuleRecogniser};
use crate::model::EntityKind;
use crate::relations::{self, DocRelations, RelationMention};
use crate::resolve::{self, Corpus, Entity, EntityIdx, LocalEntity, Merged};
use crate::{clean, text};
use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
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

/// Everything one document contributes to a graph once it has been read: its entities as
/// the document alone resolves them, and the relations and roles its sentences give, over
/// those entities. Small next to the document: no text is kept but evidence sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocExtract {
    /// The document id.
    pub id: String,
    /// Number of sentences read.
    pub sentences: usize,
    /// The document's local entities (`read` indexes them).
    pub entities: Vec<LocalEntity>,
    /// The relations and roles read.
    pub read: DocRelations,
}

/// Everything a build produced.
pub struct Build {
    /// One extract per document read, in input order.
    pub extracts: Vec<DocExtract>,
    /// The merged entities, sorted by id (relation mentions index them).
    pub entities: Vec<Entity>,
    /// Every relation read, documents in id order, then the roles.
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
        self.extracts.iter().map(|d| d.sentences).sum()
    }

    /// Total wall time.
    pub fn elapsed(&self) -> Duration {
        self.timings.iter().map(|(_, d)| *d).sum()
    }

    /// One summary line: documents, sentences, entities, relations, seconds.
    pub fn summary(&self) -> String {
        format!(
            "{} documents, {} sentences, {} entities, {} relations in {:.2} s",
            self.extracts.len(),
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

/// Builds the graph of documents already read: [`extract_document`] on each, in parallel,
/// then [`assemble`].
pub fn build_documents(docs: Vec<Document>, config: &BuildConfig) -> Build {
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
    let per_doc: Vec<(DocExtract, [Duration; 5])> = docs
        .into_par_iter()
        .progress_with(bar.clone())
        .map(|doc| extract_timed(doc, config))
        .collect();
    bar.finish_and_clear();
    // Per-document stage times are summed and divided by the thread count.
    let threads = rayon::current_num_threads().max(1) as u32;
    let mut timings: Vec<(Stage, Duration)> = PER_DOCUMENT
        .into_iter()
        .enumerate()
        .map(|(k, stage)| {
            (
                stage,
                per_doc.iter().map(|(_, t)| t[k]).sum::<Duration>() / threads,
            )
        })
        .collect();
    let extracts: Vec<DocExtract> = per_doc.into_iter().map(|(d, _)| d).collect();
    let assembled = assemble(&extracts);
    for (stage, spent) in assembled.timings {
        if let Some(t) = timings.iter_mut().find(|(s, _)| *s == stage) {
            t.1 += spent;
        } else {
            timings.push((stage, spent));
        }
    }
    Build {
        extracts,
        entities: assembled.entities,
        relations: assembled.relations,
        graph: assembled.graph,
        diagnostics: Vec::new(),
        timings,
    }
}

/// The stages [`extract_document`] runs, in order.
const PER_DOCUMENT: [Stage; 5] = [
    Stage::Clean,
    Stage::Text,
    Stage::Mentions,
    Stage::Resolve,
    Stage::Relations,
];

/// Reads one document through every stage that needs its text and keeps its
/// [`DocExtract`].
pub fn extract_document(doc: Document, config: &BuildConfig) -> DocExtract {
    extract_timed(doc, config).0
}

/// [`extract_document`], with the time spent in each of [`PER_DOCUMENT`].
fn extract_timed(doc: Document, config: &BuildConfig) -> (DocExtract, [Duration; 5]) {
    let id = doc.id.clone();
    let t0 = Instant::now();
    let cleaned = clean::clean(doc);
    let t1 = Instant::now();
    let segmented = text::segment(cleaned);
    let t2 = Instant::now();
    let found = mentions::find_mentions(segmented, config.recogniser);
    let t3 = Instant::now();
    let local = resolve::resolve_document(found);
    let t4 = Instant::now();
    let table: Vec<(&str, EntityKind)> = local
        .entities
        .iter()
        .map(|e| (e.label.as_str(), e.kind))
        .collect();
    let read = relations::read_document(&local.doc, &table, config.reading);
    let t5 = Instant::now();
    let extract = DocExtract {
        id,
        sentences: local.doc.doc.text.sentences.len(),
        entities: local.entities,
        read,
    };
    (extract, [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4])
}

/// The graph of a set of extracts, and what it was made from.
pub struct Assembled {
    /// The merged entities, sorted by id.
    pub entities: Vec<Entity>,
    /// The relation mentions over `entities`.
    pub relations: Vec<RelationMention>,
    /// The graph.
    pub graph: KnowledgeGraph,
    /// Time spent merging entities (`Resolve`), mapping relations (`Relations`) and building
    /// the graph (`Graph`).
    pub timings: Vec<(Stage, Duration)>,
}

/// Merges extracts into one graph. Extracts are taken in the order of their document ids,
/// so any order of the same extracts gives the same graph.
pub fn assemble(extracts: &[DocExtract]) -> Assembled {
    let mut order: Vec<&DocExtract> = extracts.iter().collect();
    order.sort_by(|a, b| a.id.cmp(&b.id));
    let t = Instant::now();
    let tables: Vec<(&str, &[LocalEntity])> = order
        .iter()
        .map(|d| (d.id.as_str(), d.entities.as_slice()))
        .collect();
    let Merged { entities, maps } = resolve::merge(&tables);
    let merged = t.elapsed();
    let t = Instant::now();
    let read: Vec<(&DocRelations, &[EntityIdx])> = order
        .iter()
        .zip(&maps)
        .map(|(d, map)| (&d.read, map.as_slice()))
        .collect();
    let relations = relations::assemble(&read, &entities);
    let mapped = t.elapsed();
    let t = Instant::now();
    let documents = order.iter().map(|d| d.id.clone()).collect();
    let graph = graph::build(&entities, &relations, documents);
    Assembled {
        entities,
        relations,
        graph,
        timings: vec![
            (Stage::Resolve, merged),
            (Stage::Relations, mapped),
            (Stage::Graph, t.elapsed()),
        ],
    }
}

/// Reads documents through resolution and keeps their text: the resolved corpus, for
/// commands that report on mentions (`newsgraph mentions`).
pub fn resolve_documents(docs: Vec<Document>, config: &BuildConfig) -> Corpus {
    let found: Vec<mentions::MentionDoc> = docs
        .into_par_iter()
        .map(|doc| mentions::find_mentions(text::segment(clean::clean(doc)), config.recogniser))
        .collect();
    resolve::resolve(found)
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
        assert_eq!(build.extracts.len(), 1);
    }
}
