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
//! In: documents (or paths). Out: [`Build`]: the extracts, the knowledge graph, per-stage
//! timings and the diagnostics of skipped inputs.
//! Results do not depend on the number of threads.

use crate::error::{Diagnostic, Error};
use crate::graph::{self, KnowledgeGraph};
use crate::ingest::{self, Document};
use crate::mentions::{self, Recogniser, RuleRecogniser};
use crate::model::EntityKind;
use crate::relations::roles::{DocRoles, RoleContext};
use crate::relations::{self, DocRelations};
use crate::resolve::{self, Corpus, LocalEntity, Merged, NameSharing};
use crate::spill::ExtractStore;
use crate::{clean, text};
use indicatif::{ParallelProgressIterator, ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
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
    /// A hash of the document's raw text (64-bit FNV-1a, 16 hex digits): a document read
    /// again is recognised by it (`build --update`).
    pub content_hash: String,
    /// Number of sentences read.
    pub sentences: usize,
    /// The document's local entities (`read` indexes them).
    pub entities: Vec<LocalEntity>,
    /// The relations and roles read.
    pub read: DocRelations,
}

impl DocExtract {
    /// Makes this extract's entities share their names with the extracts `names` has seen
    /// (see [`NameSharing`]); the extract is equal to what it was.
    pub fn share_names(&mut self, names: &mut NameSharing) {
        for entity in &mut self.entities {
            names.share(entity);
        }
    }
}

/// Everything a build produced.
pub struct Build {
    /// One extract per document: for an update, the old ones first (a document read again
    /// in the place of its old version), then those read, in input order. Streamed builds
    /// spill them to disk.
    pub extracts: ExtractStore,
    /// The merged graph: the entities are its nodes, the relations its edges.
    pub graph: KnowledgeGraph,
    /// Inputs skipped or partly read.
    pub diagnostics: Vec<Diagnostic>,
    /// Wall time per stage, in running order.
    pub timings: Vec<(Stage, Duration)>,
}

impl Build {
    /// Number of sentences over all documents.
    pub fn sentence_count(&self) -> usize {
        self.extracts.sentence_count()
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

/// How many bytes of documents a streamed build reads before extracting them in parallel.
const BATCH_BYTES: usize = 32 << 20;
/// How many documents a streamed build reads, at most, before extracting them.
const BATCH_DOCUMENTS: usize = 2048;

/// Reads `paths` (files, folders, JSON Lines, `-` for stdin) and builds their graph.
///
/// Documents are streamed: read in batches (at most [`BATCH_DOCUMENTS`] documents or
/// [`BATCH_BYTES`] of text), extracted in parallel and dropped. Their extracts are spilled
/// to a temporary file ([`ExtractStore::spilled`]), so memory holds one batch of text and
/// the graph (and, while they are merged, the entity tables), whatever the size of the
/// input. Fails only if the temporary file cannot be written or read back; unreadable
/// inputs are skipped and reported in [`Build::diagnostics`].
pub fn build_paths(paths: &[PathBuf], config: &BuildConfig) -> Result<Build, Error> {
    let mut stream = ingest::DocumentStream::open(paths);
    let mut store = ExtractStore::spilled()?;
    let (spent, ingest) = extract_stream(&mut stream, config, &mut |_| true, &mut store)?;
    let mut build = finish_spilled(store, spent)?;
    build.diagnostics = stream.take_diagnostics();
    build.timings.insert(0, (Stage::Ingest, ingest));
    Ok(build)
}

/// What [`update_paths`] did with the documents it read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateCounts {
    /// Documents not in the graph before, added.
    pub added: usize,
    /// Documents whose id was in the graph with another text: read again and replaced.
    pub replaced: usize,
    /// Documents already in the graph (same id and text, or the same text under another id):
    /// skipped.
    pub skipped: usize,
}

/// Adds the documents of `paths` to a graph built before from the extracts in `store` (as
/// `build` saves them in `partial.jsonl`: [`ExtractStore::read_partial_file`]) and builds
/// the whole graph again, with entity resolution across old and new documents. A document
/// whose text is already in the graph is skipped without being read further; one whose id
/// is there with another text replaces the old version. Streamed as [`build_paths`] is; a
/// spilled `store` keeps memory as low.
pub fn update_paths(
    mut store: ExtractStore,
    paths: &[PathBuf],
    config: &BuildConfig,
) -> Result<(Build, UpdateCounts), Error> {
    let old = store.content_hashes();
    let known: HashMap<String, String> = old
        .iter()
        .map(|&(id, hash)| (id.to_string(), hash.to_string()))
        .collect();
    let hashes: HashSet<String> = old.iter().map(|&(_, hash)| hash.to_string()).collect();
    drop(old);
    let mut counts = UpdateCounts::default();
    let mut stream = ingest::DocumentStream::open(paths);
    let wanted = &mut |doc: &Document| {
        let hash = content_hash(&doc.raw);
        match known.get(&doc.id) {
            Some(h) if *h == hash => {
                counts.skipped += 1;
                false
            }
            Some(_) => {
                counts.replaced += 1;
                true
            }
            None if hashes.contains(&hash) => {
                counts.skipped += 1;
                false
            }
            None => {
                counts.added += 1;
                true
            }
        }
    };
    let (spent, ingest) = extract_stream(&mut stream, config, wanted, &mut store)?;
    let mut build = finish_spilled(store, spent)?;
    build.diagnostics = stream.take_diagnostics();
    build.timings.insert(0, (Stage::Ingest, ingest));
    Ok((build, counts))
}

/// Reads `stream` in batches (at most [`BATCH_DOCUMENTS`] documents or [`BATCH_BYTES`] of
/// text), extracts the documents `wanted` accepts in parallel, drops them and adds their
/// extracts to `store`, each in place of an extract with its id if there is one. Returns
/// the summed time of each per-document stage, and the time spent reading.
fn extract_stream(
    stream: &mut ingest::DocumentStream,
    config: &BuildConfig,
    wanted: &mut dyn FnMut(&Document) -> bool,
    store: &mut ExtractStore,
) -> Result<([Duration; 5], Duration), Error> {
    let bar = progress_bar(config.progress, None);
    let mut ingest = Duration::ZERO;
    let mut spent = [Duration::ZERO; 5];
    loop {
        let t = Instant::now();
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < BATCH_DOCUMENTS && bytes < BATCH_BYTES {
            let Some(doc) = stream.next() else { break };
            if wanted(&doc) {
                bytes += doc.raw.len();
                batch.push(doc);
            }
        }
        ingest += t.elapsed();
        if batch.is_empty() {
            break;
        }
        for (extract, times) in extract_batch(batch, config, &bar) {
            add_times(&mut spent, &times);
            store.replace(extract)?;
        }
    }
    bar.finish_and_clear();
    Ok((spent, ingest))
}

/// Adds per-document stage times to a running sum.
fn add_times(sum: &mut [Duration; 5], times: &[Duration; 5]) {
    for (total, t) in sum.iter_mut().zip(times) {
        *total += *t;
    }
}

/// Builds the graph of one text given as a string (document id `id`).
pub fn build_text(id: &str, text: &str) -> Build {
    build_documents(vec![Document::from_text(id, text)], &BuildConfig::quiet())
}

/// Builds the graph of documents already read: [`extract_document`] on each, in parallel,
/// then [`assemble`]. The extracts stay in memory ([`ExtractStore::in_memory`]).
pub fn build_documents(docs: Vec<Document>, config: &BuildConfig) -> Build {
    let bar = progress_bar(config.progress && docs.len() > 1, Some(docs.len()));
    let per_doc = extract_batch(docs, config, &bar);
    bar.finish_and_clear();
    let mut spent = [Duration::ZERO; 5];
    let extracts: Vec<DocExtract> = per_doc
        .into_iter()
        .map(|(extract, times)| {
            add_times(&mut spent, &times);
            extract
        })
        .collect();
    let assembled = assemble(&extracts);
    finish(ExtractStore::in_memory(extracts), spent, assembled)
}

/// A progress bar over documents on stderr (hidden unless `shown`; it hides itself when
/// stderr is not a terminal): with a length when the number of documents is known, else a
/// count.
fn progress_bar(shown: bool, total: Option<usize>) -> ProgressBar {
    if !shown {
        return ProgressBar::hidden();
    }
    let (bar, template) = match total {
        Some(n) => (
            ProgressBar::new(n as u64),
            "{spinner} {msg} [{bar:30}] {pos}/{len} documents ({eta})",
        ),
        None => (
            ProgressBar::no_length(),
            "{spinner} {msg} {pos} documents ({per_sec})",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message("reading");
    bar
}

/// [`extract_document`] on every document of `docs`, in parallel, in their order.
fn extract_batch(
    docs: Vec<Document>,
    config: &BuildConfig,
    bar: &ProgressBar,
) -> Vec<(DocExtract, [Duration; 5])> {
    docs.into_par_iter()
        .progress_with(bar.clone())
        .map(|doc| extract_timed(doc, config))
        .collect()
}

/// The build of extracts spilled to `store`: [`assemble_from`], then [`finish`].
fn finish_spilled(store: ExtractStore, spent: [Duration; 5]) -> Result<Build, Error> {
    let assembled = assemble_from(&store)?;
    Ok(finish(store, spent, assembled))
}

/// The build of `extracts` and their graph, with `spent` (the per-document stage times,
/// summed) divided by the thread count and the assembly's times added.
fn finish(extracts: ExtractStore, spent: [Duration; 5], assembled: Assembled) -> Build {
    let threads = rayon::current_num_threads().max(1) as u32;
    let mut timings: Vec<(Stage, Duration)> = PER_DOCUMENT
        .into_iter()
        .zip(spent)
        .map(|(stage, total)| (stage, total / threads))
        .collect();
    for (stage, time) in assembled.timings {
        if let Some(t) = timings.iter_mut().find(|(s, _)| *s == stage) {
            t.1 += time;
        } else {
            timings.push((stage, time));
        }
    }
    Build {
        extracts,
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
    let content_hash = content_hash(&doc.raw);
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
        .map(|e| (e.name.label.as_str(), e.name.kind))
        .collect();
    let mut read = relations::read_document(&local.doc, &table, config.reading);
    let t5 = Instant::now();
    // Extracts are kept for the whole build: no spare capacity.
    read.relations.shrink_to_fit();
    read.roles.mentions.shrink_to_fit();
    let mut entities = local.entities;
    entities.shrink_to_fit();
    let extract = DocExtract {
        id,
        content_hash,
        sentences: local.doc.doc.text.sentences.len(),
        entities,
        read,
    };
    (extract, [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4])
}

/// The [`DocExtract::content_hash`] of a raw text.
pub fn content_hash(raw: &str) -> String {
    format!("{:016x}", crate::ml::hash::hash_str(raw))
}

/// The graph of a set of extracts. The merged entities and the relation mentions it was
/// built from are dropped as soon as it is built: the graph holds all they say.
pub struct Assembled {
    /// The graph.
    pub graph: KnowledgeGraph,
    /// Time spent merging entities (`Resolve`), mapping relations (`Relations`) and building
    /// the graph (`Graph`).
    pub timings: Vec<(Stage, Duration)>,
}

/// Extracts as [`assemble_from`] reads them: every document's id, and every entity table at
/// once, then each document's roles and its relations one document at a time (which a store
/// may read back from disk: [`ExtractStore`]).
pub trait ExtractSource {
    /// What reading an extract's parts back can fail with.
    type Error;
    /// Number of documents.
    fn len(&self) -> usize;
    /// True when there is no document.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Document `doc`'s id.
    fn id(&self, doc: usize) -> &str;
    /// Every document's local entity table, in document order.
    fn entity_tables(&self) -> Result<Vec<Cow<'_, [LocalEntity]>>, Self::Error>;
    /// The roles document `doc` gives, over its entity table.
    fn roles(&self, doc: usize) -> Result<Cow<'_, DocRoles>, Self::Error>;
    /// The relations and roles read from document `doc`, over its entity table.
    fn relations(&self, doc: usize) -> Result<Cow<'_, DocRelations>, Self::Error>;
}

/// Extracts in memory are read without fail.
impl ExtractSource for [DocExtract] {
    type Error = Infallible;

    fn len(&self) -> usize {
        <[DocExtract]>::len(self)
    }

    fn id(&self, doc: usize) -> &str {
        &self[doc].id
    }

    fn entity_tables(&self) -> Result<Vec<Cow<'_, [LocalEntity]>>, Infallible> {
        Ok(self
            .iter()
            .map(|e| Cow::Borrowed(&e.entities[..]))
            .collect())
    }

    fn roles(&self, doc: usize) -> Result<Cow<'_, DocRoles>, Infallible> {
        Ok(Cow::Borrowed(&self[doc].read.roles))
    }

    fn relations(&self, doc: usize) -> Result<Cow<'_, DocRelations>, Infallible> {
        Ok(Cow::Borrowed(&self[doc].read))
    }
}

/// Merges extracts held in memory into one graph: [`assemble_from`].
pub fn assemble(extracts: &[DocExtract]) -> Assembled {
    match assemble_from(extracts) {
        Ok(assembled) => assembled,
        Err(never) => match never {},
    }
}

/// Merges extracts into one graph. Extracts are taken in the order of their document ids,
/// so any order of the same extracts gives the same graph. Only the entity tables are held
/// together, and only until the entities are merged; then every document's roles are read
/// once for what they say together ([`RoleContext::gather`]), and each document's relations
/// and roles once more as the graph folds them in, one document at a time. A failed read
/// stops the assembly and is returned.
pub fn assemble_from<S: ExtractSource + ?Sized>(source: &S) -> Result<Assembled, S::Error> {
    let mut order: Vec<usize> = (0..source.len()).collect();
    order.sort_by(|&a, &b| source.id(a).cmp(source.id(b)));
    let t = Instant::now();
    let read = source.entity_tables()?;
    let tables: Vec<(&str, &[LocalEntity])> =
        order.iter().map(|&d| (source.id(d), &*read[d])).collect();
    let Merged { entities, maps } = resolve::merge(&tables);
    drop(tables);
    drop(read);
    let merged = t.elapsed();

    // What the roles of the whole corpus say is gathered here; each document's relations
    // and roles are mapped while the graph folds them in, so that time counts as the graph's.
    let t = Instant::now();
    let mut failed = None;
    let roles = order.iter().zip(&maps).map_while(|(&d, map)| {
        let read = source.roles(d).map_err(|e| failed = Some(e)).ok()?;
        Some((read, map.as_slice()))
    });
    let context = RoleContext::gather(roles, &entities);
    if let Some(e) = failed {
        return Err(e);
    }
    let gathered = t.elapsed();

    let t = Instant::now();
    let documents = order.iter().map(|&d| source.id(d).to_string()).collect();
    let read = order
        .iter()
        .zip(&maps)
        .enumerate()
        .map_while(|(i, (&d, map))| {
            let read = source.relations(d).map_err(|e| failed = Some(e)).ok()?;
            let held = relations::role_relations(&context, i, &read.roles, map);
            let found = match read {
                Cow::Borrowed(read) => Cow::Borrowed(&read.relations[..]),
                Cow::Owned(read) => Cow::Owned(read.relations),
            };
            Some(relations::map_relations(found, map).chain(held))
        });
    let graph = graph::build(entities, read.flatten(), documents);
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(Assembled {
        graph,
        timings: vec![
            (Stage::Resolve, merged),
            (Stage::Relations, gathered),
            (Stage::Graph, t.elapsed()),
        ],
    })
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
