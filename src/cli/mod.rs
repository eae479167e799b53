//! The command line: clap structs that only parse and validate, and one function per
//! subcommand that calls the library. Only this module and `main.rs` know clap and anyhow.

pub mod bench;
pub mod explore;
pub mod export;
pub mod partial;

use crate::eval;
use crate::export::{
    json, mentions as mention_export, write_atomic, write_atomic_with, write_formats, Format,
};
use crate::mentions::{LearnedRecogniser, Recogniser, RuleRecogniser};
use crate::ml;
use crate::partial as partial_graph;
use crate::pipeline::{self, Build, BuildConfig};
use crate::query::Explorer;
use crate::relations::Reading;
use crate::render;
use crate::spill::ExtractStore;
use crate::syntax::{Syntax, SyntaxBuffers};
use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// Builds a knowledge graph of who did what to whom from English news articles.
#[derive(Debug, Parser)]
#[command(name = "newsgraph", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the graph of articles and write it (graph.json, graph.dot, graph.gexf by default).
    ///
    /// Articles are read in batches and dropped. What each one contributes waits in a
    /// temporary file in the system's temporary folder (TMPDIR), about as large as the
    /// partial.jsonl written beside the graph at the end, and the evidence sentences in a
    /// second, smaller one; set TMPDIR to a roomy disk for a large archive.
    Build(BuildArgs),
    /// List every entity mention found, one per line.
    Mentions(MentionsArgs),
    /// Print the dependency parse of every sentence, in CoNLL-U.
    Parse(ParseArgs),
    /// Score a graph.json against a gold standard.
    Eval(EvalArgs),
    /// Train a statistical model from an annotated corpus.
    Train(TrainArgs),
    /// Score the trained models on held-out test sets.
    EvalModels(EvalModelsArgs),
    /// How two entities are connected: the shortest paths, each hop with its evidence.
    Path(explore::PathArgs),
    /// An entity's card: type, aliases, roles, documents and every relation with evidence.
    Show(explore::ShowArgs),
    /// The entities around one entity, grouped by relation.
    Neighbors(explore::NeighborsArgs),
    /// The most central entities, by degree, PageRank or betweenness.
    Rank(explore::RankArgs),
    /// Counts by type, relation and status; components; density.
    Stats(explore::StatsArgs),
    /// Write a graph.json as one self-contained, interactive HTML page.
    View(ViewArgs),
    /// Draw a graph.json as SVG, PNG or PDF (with Graphviz; SVG also without).
    Render(RenderArgs),
    /// Convert a graph.json to GEXF, GraphML, CSV, Cypher, Neo4j import CSVs, JSON or DOT.
    Export(export::ExportArgs),
    /// Read JSON Lines articles on stdin and write one partial graph per line on stdout
    /// (the mapper of a cluster build).
    Extract(partial::ExtractArgs),
    /// Merge partial graphs into the graph, with entity resolution across all of them (the
    /// reducer of a cluster build).
    Merge(partial::MergeArgs),
    /// Benchmark the whole pipeline on a generated corpus: MB/s, words/s, peak memory.
    Bench(bench::BenchArgs),
}

/// Arguments of `newsgraph train`.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    /// Which model to train.
    #[command(subcommand)]
    pub model: TrainModel,
}

/// The models `newsgraph train` can train.
#[derive(Debug, Subcommand)]
pub enum TrainModel {
    /// The UPOS tagger, from a UD CoNLL-U file (e.g. en_ewt-ud-train.conllu); writes pos.bin.
    Pos(TrainPosArgs),
    /// The dependency parser, from a UD CoNLL-U file (e.g. en_ewt-ud-train.conllu); writes
    /// parser.bin.
    Parser(TrainParserArgs),
    /// The entity recogniser, from the GMB ner_dataset.csv; writes ner.bin.
    Ner(TrainNerArgs),
}

/// Arguments of `newsgraph train pos`, shared by `train parser` and `train ner`.
#[derive(Debug, clap::Args)]
pub struct TrainPosArgs {
    /// The training file (CoNLL-U for pos and parser, the GMB CSV for ner).
    #[arg(long)]
    pub data: PathBuf,
    /// Output folder (created if missing).
    #[arg(short, long, default_value = "models")]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    /// Seed of the order in which sentences are visited.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Arguments of `newsgraph train ner`.
#[derive(Debug, clap::Args)]
pub struct TrainNerArgs {
    /// Data, output folder, epochs and seed, as for the other models.
    #[command(flatten)]
    pub common: TrainPosArgs,
    /// Percentage of GMB sentences also trained on in lower case.
    #[arg(long, default_value_t = 0)]
    pub lowercase_percent: u64,
    /// Extra training sentences in Universal NER .iob2 (e.g. en_ewt-ud-dev.iob2).
    #[arg(long)]
    pub extra: Option<PathBuf>,
    /// Copies of each extra sentence per pass.
    #[arg(long, default_value_t = 1)]
    pub extra_repeat: usize,
    /// A CoNLL-U file (e.g. en_ewt-ud-train.conllu) whose words' UPOS sets become features.
    #[arg(long)]
    pub pos_data: Option<PathBuf>,
    /// A CoNLL-U file with gold UPOS (e.g. en_ewt-ud-train.conllu) to label with silver
    /// entities (proper-noun runs typed by the model) and train on too (self-training).
    #[arg(long)]
    pub silver: Option<PathBuf>,
    /// Copies of each silver sentence per pass.
    #[arg(long, default_value_t = 1)]
    pub silver_repeat: usize,
    /// Rounds of self-training on --silver.
    #[arg(long, default_value_t = 1)]
    pub silver_rounds: usize,
    /// Leave out silver sentences holding a proper-noun run nothing types (default: the
    /// run is outside every entity).
    #[arg(long)]
    pub silver_drop_untyped: bool,
}

/// Arguments of `newsgraph train parser`.
#[derive(Debug, clap::Args)]
pub struct TrainParserArgs {
    /// Data, output folder, epochs (the most, with --dev) and seed, as for the other models.
    #[command(flatten)]
    pub common: TrainPosArgs,
    /// Jackknife folds: the training UPOS and XPOS come from taggers trained on the other
    /// folds (0 or 1: gold tags).
    #[arg(long, default_value_t = 10)]
    pub folds: usize,
    /// A CoNLL-U development file (e.g. en_ewt-ud-dev.conllu): score every epoch on it and
    /// keep the best (--epochs is then the most).
    #[arg(long)]
    pub dev: Option<PathBuf>,
}

/// Arguments of `newsgraph eval-models`.
#[derive(Debug, clap::Args)]
pub struct EvalModelsArgs {
    /// The UD_English-EWT folder holding en_ewt-ud-test.conllu.
    #[arg(long)]
    pub data_dir: PathBuf,
    /// The folder holding the trained models.
    #[arg(long, default_value = "models")]
    pub models: PathBuf,
    /// The UNER_English-EWT folder holding en_ewt-ud-test.iob2 (default: the sibling
    /// UNER_English-EWT of --data-dir).
    #[arg(long)]
    pub uner_dir: Option<PathBuf>,
}

/// Arguments of `newsgraph view`.
#[derive(Debug, clap::Args)]
pub struct ViewArgs {
    /// The HTML file to write.
    #[arg(short, long)]
    pub out: PathBuf,
    /// The graph.json to show.
    #[arg(long, default_value = "graphs/graph.json")]
    pub graph: PathBuf,
}

/// Which entity recogniser `build` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecogniserChoice {
    /// Capitalisation, lexicons and context rules.
    Rules,
    /// The rules, plus names found by the learned entity model (models/ner.bin).
    Learned,
}

impl RecogniserChoice {
    /// The recogniser chosen.
    pub fn get(self) -> &'static dyn Recogniser {
        match self {
            RecogniserChoice::Rules => &RuleRecogniser,
            RecogniserChoice::Learned => &LearnedRecogniser,
        }
    }
}

/// Arguments of `newsgraph build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Entity recogniser: the rules alone, or the rules plus the learned model.
    #[arg(long, value_enum, default_value_t = RecogniserChoice::Rules)]
    pub recogniser: RecogniserChoice,
    /// Read relations from word order only, without parsing sentences (faster, lower
    /// recall).
    #[arg(long)]
    pub no_parse: bool,
    /// Files, folders (read recursively), .jsonl files, or - for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output folder (created if missing; default: graphs, or the folder of --update's
    /// graph).
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Add the inputs to the graph built before into GRAPH (a graph.json with its
    /// partial.jsonl beside it): documents already in it are skipped, changed ones replaced,
    /// and entities are resolved across old and new documents.
    #[arg(long, value_name = "GRAPH")]
    pub update: Option<PathBuf>,
    /// Formats to write, comma-separated: json (graph.json), dot (graph.dot), gexf
    /// (graph.gexf), graphml (graph.graphml), csv (nodes.csv and edges.csv, Gephi's
    /// spreadsheet tables), cypher (graph.cypher, for cypher-shell), neo4j
    /// (neo4j/nodes.csv and neo4j/relationships.csv, for neo4j-admin import).
    #[arg(long, value_delimiter = ',', default_value = "json,dot,gexf")]
    pub format: Vec<Format>,
    /// No progress bar and no summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
}

/// Arguments of `newsgraph mentions`.
#[derive(Debug, clap::Args)]
pub struct MentionsArgs {
    /// Files, folders (read recursively), .jsonl files, or - for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// One JSON object per line: doc, start, end (byte offsets into the original), text,
    /// type, form, entity.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `newsgraph parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Files, folders (read recursively), .jsonl files, or - for stdin.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
}

/// Arguments of `newsgraph eval`.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// The gold standard (see tests/data/seeds-gold.json).
    #[arg(long)]
    pub gold: PathBuf,
    /// The graph.json to score.
    pub graph: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What a successful run reports to `main`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was read.
    Clean,
    /// Some inputs were skipped (warnings were printed); the rest was processed.
    SkippedInputs,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Mentions(args) => mentions(args),
        Command::Parse(args) => parse(args),
        Command::Eval(args) => evaluate(args),
        Command::Train(args) => train(args),
        Command::EvalModels(args) => eval_models(args),
        Command::Path(args) => explore::path(args),
        Command::Show(args) => explore::show(args),
        Command::Neighbors(args) => explore::neighbors(args),
        Command::Rank(args) => explore::rank(args),
        Command::Stats(args) => explore::stats(args),
        Command::View(args) => view(args),
        Command::Render(args) => render(args),
        Command::Export(args) => export::export(args),
        Command::Extract(args) => partial::extract(args),
        Command::Merge(args) => partial::merge(args),
        Command::Bench(args) => bench::bench(args),
    }
}

fn warn_all(diagnostics: &[crate::error::Diagnostic]) -> Outcome {
    for d in diagnostics {
        eprintln!("warning: {d}");
    }
    if diagnostics.is_empty() {
        Outcome::Clean
    } else {
        Outcome::SkippedInputs
    }
}

/// Sets the global rayon pool to `threads` workers, when given.
fn set_threads(threads: Option<usize>) {
    if let Some(n) = threads {
        // Fails only if the pool was built already, which cannot happen here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global();
    }
}

/// How relations are read: from the parse, or from word order with `--no-parse`.
fn reading(no_parse: bool) -> Reading {
    if no_parse {
        Reading::Words
    } else {
        Reading::Parse
    }
}

fn build(args: BuildArgs) -> Result<Outcome> {
    set_threads(args.threads);
    let config = BuildConfig {
        recogniser: args.recogniser.get(),
        progress: !args.quiet,
        reading: reading(args.no_parse),
    };
    let (build, update) = match &args.update {
        Some(graph) => {
            let state = graph.with_file_name(partial_graph::STATE_FILE);
            let mut old = ExtractStore::spilled()?;
            old.read_partial_file(&state).with_context(|| {
                format!(
                    "--update {} needs the {} that newsgraph build writes beside it",
                    graph.display(),
                    partial_graph::STATE_FILE
                )
            })?;
            let (build, counts) = pipeline::update_paths(old, &args.inputs, &config)?;
            (build, Some(counts))
        }
        None => (pipeline::build_paths(&args.inputs, &config)?, None),
    };
    let outcome = warn_all(&build.diagnostics);
    if build.extracts.is_empty() {
        return Err(crate::error::Error::NoDocuments.into());
    }
    let out = match (&args.out, &args.update) {
        (Some(out), _) => out.clone(),
        (None, Some(graph)) => match graph.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        },
        (None, None) => PathBuf::from("graphs"),
    };
    // Only the graph and the extracts are written; the graph is dropped once it is.
    let summary = build.summary();
    let Build {
        extracts, graph, ..
    } = build;
    let mut written = write_formats(&graph, &args.format, &out)?;
    drop(graph);
    let state = out.join(partial_graph::STATE_FILE);
    write_atomic_with(&state, |w| extracts.write_lines(w))?;
    written.push(state);
    if !args.quiet {
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        let updated = update.map_or(String::new(), |c| {
            format!(
                " ({} added, {} replaced, {} already in the graph)",
                c.added, c.replaced, c.skipped
            )
        });
        eprintln!("newsgraph: {summary}{updated}; wrote {}", names.join(", "));
    }
    Ok(outcome)
}

fn parse(args: ParseArgs) -> Result<Outcome> {
    let syntax = Syntax::embedded().map_err(|e| anyhow::anyhow!("embedded models: {e}"))?;
    let (documents, diagnostics) = crate::ingest::read_inputs(&args.inputs);
    let outcome = warn_all(&diagnostics);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut buffers = SyntaxBuffers::default();
    for document in documents {
        let text = crate::text::segment(crate::clean::clean(document));
        for (s, sentence) in text.sentences.iter().enumerate() {
            let words: Vec<&str> = sentence.tokens.iter().map(|t| text.token_text(t)).collect();
            let tree = syntax.parse(&words, &mut buffers);
            writeln!(out, "# doc = {}", text.clean.doc.id)?;
            writeln!(out, "# sent_id = {}", s + 1)?;
            writeln!(out, "# text = {}", text.sentence_text(s))?;
            writeln!(out, "{}", tree.to_conllu(&words))?;
        }
    }
    Ok(outcome)
}

fn mentions(args: MentionsArgs) -> Result<Outcome> {
    let (documents, diagnostics) = crate::ingest::read_inputs(&args.inputs);
    let outcome = warn_all(&diagnostics);
    let corpus = pipeline::resolve_documents(documents, &BuildConfig::quiet());
    let records = mention_export::records(&corpus);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for r in &records {
        if args.json {
            writeln!(out, "{}", serde_json::to_string(r)?)?;
        } else {
            writeln!(
                out,
                "{}\t{}-{}\t{}\t{}\t{}",
                r.doc,
                r.start,
                r.end,
                r.kind,
                r.text,
                r.entity.as_deref().unwrap_or("-")
            )?;
        }
    }
    out.flush()?;
    Ok(outcome)
}

fn evaluate(args: EvalArgs) -> Result<Outcome> {
    let gold = eval::load_gold(&args.gold)?;
    let graph = json::read_graph_json(&args.graph)?;
    let report = eval::evaluate(&gold, &graph);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).context("serialising the report")?
        );
    } else {
        print!("{report}");
    }
    Ok(Outcome::Clean)
}

fn train(args: TrainArgs) -> Result<Outcome> {
    match args.model {
        TrainModel::Pos(a) => {
            let report = ml::train_pos(&a.data, &a.out, a.epochs, a.seed)?;
            eprintln!("newsgraph: POS tagger {report}");
        }
        TrainModel::Parser(a) => {
            let options = ml::ParserTrainOptions {
                epochs: a.common.epochs,
                seed: a.common.seed,
                folds: a.folds,
                dev: a.dev,
            };
            let report = ml::train_parser(&a.common.data, &a.common.out, &options)?;
            eprintln!("newsgraph: dependency parser {report}");
        }
        TrainModel::Ner(a) => {
            let options = ml::NerTrainOptions {
                epochs: a.common.epochs,
                seed: a.common.seed,
                lowercase_percent: a.lowercase_percent,
                extra: a.extra,
                extra_repeat: a.extra_repeat,
                pos_data: a.pos_data,
                silver: a.silver,
                silver_repeat: a.silver_repeat,
                silver_rounds: a.silver_rounds,
                silver_untyped: if a.silver_drop_untyped {
                    ml::ner::UntypedRun::DropSentence
                } else {
                    ml::ner::UntypedRun::Outside
                },
            };
            let report = ml::train_ner_with(&a.common.data, &a.common.out, &options)?;
            eprintln!("newsgraph: entity recogniser {report}");
        }
    }
    Ok(Outcome::Clean)
}

fn eval_models(args: EvalModelsArgs) -> Result<Outcome> {
    let uner_dir = args
        .uner_dir
        .unwrap_or_else(|| ml::default_uner_dir(&args.data_dir));
    print!(
        "{}",
        ml::eval_models_with(&args.data_dir, &uner_dir, &args.models)?
    );
    Ok(Outcome::Clean)
}

fn view(args: ViewArgs) -> Result<Outcome> {
    let graph = json::read_graph_json(&args.graph)?;
    write_atomic(&args.out, crate::view::to_html(&graph)?.as_bytes())?;
    eprintln!(
        "newsgraph: {} entities, {} relations; wrote {}",
        graph.nodes.len(),
        graph.edges.len(),
        args.out.display()
    );
    Ok(Outcome::Clean)
}

/// Arguments of `newsgraph render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// Output file; its extension (.svg, .png or .pdf) picks the format.
    #[arg(short, long)]
    pub out: PathBuf,
    /// The graph.json to draw.
    #[arg(long, default_value = "graphs/graph.json")]
    pub graph: PathBuf,
    /// Graphviz layout program.
    #[arg(long, value_enum, default_value_t = LayoutChoice::Dot)]
    pub layout: LayoutChoice,
    /// Renderer: Graphviz if installed, else the built-in layout (SVG only); or force one.
    #[arg(long, value_enum, default_value_t = EngineChoice::Auto)]
    pub engine: EngineChoice,
    /// Draw only the entities within --hops of this one (a name, alias or id,
    /// case-insensitive).
    #[arg(long)]
    pub focus: Option<String>,
    /// How far from --focus to draw.
    #[arg(long, default_value_t = 2, requires = "focus")]
    pub hops: usize,
    /// Which edges to draw (and to follow from --focus).
    #[command(flatten)]
    pub filter: explore::FilterArgs,
}

/// The `--layout` of `newsgraph render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutChoice {
    /// Layered, left to right.
    Dot,
    /// Spring model.
    Neato,
    /// Force-directed.
    Fdp,
    /// Multiscale force-directed, for large graphs.
    Sfdp,
    /// Circular.
    Circo,
}

impl LayoutChoice {
    /// The library's layout.
    pub fn get(self) -> render::Layout {
        match self {
            LayoutChoice::Dot => render::Layout::Dot,
            LayoutChoice::Neato => render::Layout::Neato,
            LayoutChoice::Fdp => render::Layout::Fdp,
            LayoutChoice::Sfdp => render::Layout::Sfdp,
            LayoutChoice::Circo => render::Layout::Circo,
        }
    }
}

/// The `--engine` of `newsgraph render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EngineChoice {
    /// Graphviz, falling back to the built-in layout when it is not installed.
    Auto,
    /// Graphviz only.
    Graphviz,
    /// The built-in layout (SVG only).
    Builtin,
}

impl EngineChoice {
    /// The library's engine.
    pub fn get(self) -> render::Engine {
        match self {
            EngineChoice::Auto => render::Engine::Auto,
            EngineChoice::Graphviz => render::Engine::Graphviz,
            EngineChoice::Builtin => render::Engine::Builtin,
        }
    }
}

fn render(args: RenderArgs) -> Result<Outcome> {
    let format = render::Format::from_path(&args.out).with_context(|| {
        format!(
            "{}: the output must end in .svg, .png or .pdf",
            args.out.display()
        )
    })?;
    let whole = explore::load(&args.graph)?;
    let explorer = Explorer::new(&whole);
    let focus = args
        .focus
        .as_deref()
        .map(|n| explorer.find(n))
        .transpose()?;
    let graph = explorer.subgraph(focus, args.hops, &args.filter.filter());
    let options = render::RenderOptions {
        format,
        layout: args.layout.get(),
        engine: args.engine.get(),
    };
    let drawn = render::render(&graph, &options)?;
    for note in &drawn.notes {
        eprintln!("note: {note}");
    }
    write_atomic(&args.out, &drawn.bytes)?;
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_build_flags() {
        let cli =
            Cli::try_parse_from(["newsgraph", "build", "seeds", "--out", "x", "-q", "-j", "2"])
                .unwrap();
        match cli.command {
            Command::Build(b) => {
                assert_eq!(b.inputs, vec![PathBuf::from("seeds")]);
                assert_eq!(b.out, Some(PathBuf::from("x")));
                assert!(b.quiet);
                assert_eq!(b.threads, Some(2));
            }
            other => panic!("parsed as {other:?}"),
        }
    }

    #[test]
    fn parses_render_flags() {
        let cli = Cli::try_parse_from([
            "newsgraph",
            "render",
            "-o",
            "g.png",
            "--focus",
            "smith",
            "--hops",
            "1",
            "--relation",
            "MET_WITH,FIRED",
            "--layout",
            "neato",
            "--engine",
            "builtin",
        ])
        .unwrap();
        match cli.command {
            Command::Render(r) => {
                assert_eq!(r.out, PathBuf::from("g.png"));
                assert_eq!(r.graph, PathBuf::from("graphs/graph.json"));
                assert_eq!((r.focus.as_deref(), r.hops), (Some("smith"), 1));
                assert_eq!(r.filter.filter().relations.len(), 2);
                assert_eq!(r.layout.get(), render::Layout::Neato);
                assert_eq!(r.engine.get(), render::Engine::Builtin);
            }
            other => panic!("parsed as {other:?}"),
        }
        // --hops means nothing without --focus; -o is required.
        assert!(
            Cli::try_parse_from(["newsgraph", "render", "-o", "g.svg", "--hops", "1"]).is_err()
        );
        assert!(Cli::try_parse_from(["newsgraph", "render"]).is_err());
    }

    #[test]
    fn build_needs_an_input_and_eval_a_gold() {
        assert!(Cli::try_parse_from(["newsgraph", "build"]).is_err());
        assert!(Cli::try_parse_from(["newsgraph", "eval", "g.json"]).is_err());
        assert!(Cli::try_parse_from([
            "newsgraph",
            "eval",
            "--gold",
            "gold.json",
            "g.json",
            "--json"
        ])
        .is_ok());
    }

    #[test]
    fn parses_view() {
        let cli = Cli::try_parse_from(["newsgraph", "view", "-o", "g.html"]).unwrap();
        match cli.command {
            Command::View(a) => assert_eq!(
                (a.out, a.graph),
                (PathBuf::from("g.html"), PathBuf::from("graphs/graph.json"))
            ),
            other => panic!("parsed as {other:?}"),
        }
        assert!(Cli::try_parse_from(["newsgraph", "view"]).is_err());
    }

    #[test]
    fn parses_model_commands() {
        let cli = Cli::try_parse_from([
            "newsgraph",
            "train",
            "pos",
            "--data",
            "t.conllu",
            "-o",
            "m",
            "--epochs",
            "3",
            "--seed",
            "9",
        ])
        .unwrap();
        match cli.command {
            Command::Train(TrainArgs {
                model: TrainModel::Pos(a),
            }) => {
                assert_eq!(a.data, PathBuf::from("t.conllu"));
                assert_eq!(a.out, PathBuf::from("m"));
                assert_eq!((a.epochs, a.seed), (3, 9));
            }
            other => panic!("parsed as {other:?}"),
        }
        let cli = Cli::try_parse_from(["newsgraph", "eval-models", "--data-dir", "ud"]).unwrap();
        match cli.command {
            Command::EvalModels(a) => {
                assert_eq!(a.data_dir, PathBuf::from("ud"));
                assert_eq!(a.models, PathBuf::from("models"));
                assert_eq!(a.uner_dir, None);
            }
            other => panic!("parsed as {other:?}"),
        }
        assert!(Cli::try_parse_from(["newsgraph", "train", "pos"]).is_err());
        let cli =
            Cli::try_parse_from(["newsgraph", "train", "parser", "--data", "t.conllu"]).unwrap();
        match cli.command {
            Command::Train(TrainArgs {
                model: TrainModel::Parser(a),
            }) => assert_eq!(
                (a.common.out, a.common.epochs),
                (PathBuf::from("models"), 10)
            ),
            other => panic!("parsed as {other:?}"),
        }
        let cli = Cli::try_parse_from([
            "newsgraph",
            "train",
            "ner",
            "--data",
            "g.csv",
            "-o",
            "m",
            "--seed",
            "3",
        ])
        .unwrap();
        match cli.command {
            Command::Train(TrainArgs {
                model: TrainModel::Ner(a),
            }) => {
                assert_eq!(a.common.data, PathBuf::from("g.csv"));
                assert_eq!((a.common.epochs, a.common.seed), (10, 3));
                assert_eq!(
                    (a.lowercase_percent, a.extra, a.extra_repeat, a.pos_data),
                    (0, None, 1, None)
                );
            }
            other => panic!("parsed as {other:?}"),
        }
        let cli = Cli::try_parse_from([
            "newsgraph",
            "train",
            "ner",
            "--data",
            "g.csv",
            "--extra",
            "dev.iob2",
            "--extra-repeat",
            "4",
            "--pos-data",
            "t.conllu",
            "--lowercase-percent",
            "5",
        ])
        .unwrap();
        match cli.command {
            Command::Train(TrainArgs {
                model: TrainModel::Ner(a),
            }) => assert_eq!(
                (a.lowercase_percent, a.extra, a.extra_repeat, a.pos_data),
                (
                    5,
                    Some(PathBuf::from("dev.iob2")),
                    4,
                    Some(PathBuf::from("t.conllu"))
                )
            ),
            other => panic!("parsed as {other:?}"),
        }
        let cli = Cli::try_parse_from([
            "newsgraph",
            "eval-models",
            "--data-dir",
            "ud",
            "--uner-dir",
            "uner",
        ])
        .unwrap();
        match cli.command {
            Command::EvalModels(a) => assert_eq!(a.uner_dir, Some(PathBuf::from("uner"))),
            other => panic!("parsed as {other:?}"),
        }
    }
}
