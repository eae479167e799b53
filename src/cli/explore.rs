//! The query subcommands: `path`, `show`, `neighbors`, `rank` and `stats`, over a
//! `graph.json` loaded back (nothing is re-extracted). Each prints text, or JSON with
//! `--json`; the work is done by [`crate::query`].

use super::Outcome;
use crate::export::json;
use crate::graph::KnowledgeGraph;
use crate::model::{EntityKind, PartialDate, Predicate, Status};
use crate::query::{EdgeFilter, EntityRef, Explorer, PathQuery, PathSearch, RankBy};
use anyhow::{anyhow, Context, Result};
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The graph a query reads.
#[derive(Debug, clap::Args)]
pub struct GraphArg {
    /// The graph.json to query (written by `newsgraph build`).
    #[arg(long, default_value = "graphs/graph.json")]
    pub graph: PathBuf,
    /// Print the result as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Which edges a query may use.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FilterArgs {
    /// Only these relations (comma-separated or repeated), e.g. MET_WITH,FIRED.
    #[arg(long = "relation", value_delimiter = ',')]
    pub relations: Vec<Predicate>,
    /// Never these relations.
    #[arg(long = "exclude-relation", value_delimiter = ',')]
    pub exclude: Vec<Predicate>,
    /// Only these statuses, e.g. asserted,reported (skips alleged and denied).
    #[arg(long = "status", value_delimiter = ',')]
    pub statuses: Vec<Status>,
    /// Only edges dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD); undated edges
    /// are skipped.
    #[arg(long)]
    pub since: Option<PartialDate>,
    /// Only edges dated on or before this date; undated edges are skipped.
    #[arg(long)]
    pub until: Option<PartialDate>,
}

impl FilterArgs {
    /// The library filter these flags describe.
    pub fn filter(&self) -> EdgeFilter {
        EdgeFilter {
            relations: self.relations.clone(),
            exclude: self.exclude.clone(),
            statuses: self.statuses.clone(),
            since: self.since,
            until: self.until,
        }
    }
}

/// Arguments of `newsgraph path`.
#[derive(Debug, clap::Args)]
pub struct PathArgs {
    /// Where the path starts: a name, alias or id (case-insensitive).
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// The most hops a path may have.
    #[arg(long, default_value_t = 4)]
    pub max_hops: usize,
    /// The k shortest paths (default: every shortest path).
    #[arg(long, conflicts_with = "all")]
    pub k: Option<usize>,
    /// All simple paths up to --max-hops.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub filter: FilterArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub graph: GraphArg,
}

/// Arguments of `newsgraph show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The entity: a name, alias or id (case-insensitive).
    pub name: String,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub graph: GraphArg,
}

/// Arguments of `newsgraph neighbors`.
#[derive(Debug, clap::Args)]
pub struct NeighborsArgs {
    /// The entity: a name, alias or id (case-insensitive).
    pub name: String,
    /// How many hops out to go.
    #[arg(long, default_value_t = 1)]
    pub hops: usize,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub filter: FilterArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub graph: GraphArg,
}

/// The measures `newsgraph rank` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RankByArg {
    /// Number of relations.
    Degree,
    /// PageRank over the undirected links.
    Pagerank,
    /// Betweenness centrality over the undirected links.
    Betweenness,
}

/// Arguments of `newsgraph rank`.
#[derive(Debug, clap::Args)]
pub struct RankArgs {
    /// The centrality measure.
    #[arg(long, value_enum, default_value_t = RankByArg::Degree)]
    pub by: RankByArg,
    /// Only entities of this type (PERSON, ORG, GPE, LOC, EVENT).
    #[arg(long = "type")]
    pub kind: Option<EntityKind>,
    /// How many entities to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub graph: GraphArg,
}

/// Arguments of `newsgraph stats`.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    #[allow(missing_docs)]
    pub graph: GraphArg,
}

/// Loads `graph.json` back into a graph, naming the file in any error.
pub fn load(path: &Path) -> Result<KnowledgeGraph> {
    let record = json::read_graph_json(path)?;
    record
        .to_graph()
        .map_err(|message| anyhow!("{}: {message}", path.display()))
}

/// The entity `name` means, or an error listing candidates.
fn find(explorer: &Explorer<'_>, name: &str) -> Result<NodeIndex> {
    Ok(explorer.find(name)?)
}

/// Prints `value` as JSON or as its text form.
fn print_either<T: Serialize + std::fmt::Display>(value: &T, json: bool) -> Result<Outcome> {
    if json {
        print_json(value)?;
    } else {
        print!("{value}");
    }
    Ok(Outcome::Clean)
}

fn print_json(value: &impl Serialize) -> Result<()> {
    println!(
        "{}",
        serde_json::to_string_pretty(value).context("serialising the result")?
    );
    Ok(())
}

/// `newsgraph path`.
pub fn path(args: PathArgs) -> Result<Outcome> {
    let graph = load(&args.graph.graph)?;
    let x = Explorer::new(&graph);
    let (from, to) = (find(&x, &args.from)?, find(&x, &args.to)?);
    let query = PathQuery {
        search: match (args.all, args.k) {
            (true, _) => PathSearch::All,
            (false, Some(k)) => PathSearch::KShortest(k.max(1)),
            (false, None) => PathSearch::Shortest,
        },
        max_hops: args.max_hops,
        filter: args.filter.filter(),
    };
    let paths = x.paths(from, to, &query);
    let (from, to) = (
        EntityRef::of(&graph.graph[from]),
        EntityRef::of(&graph.graph[to]),
    );
    if args.graph.json {
        #[derive(Serialize)]
        struct Paths<'a> {
            from: EntityRef,
            to: EntityRef,
            paths: &'a [crate::query::Path],
        }
        return print_json(&Paths {
            from,
            to,
            paths: &paths,
        })
        .map(|()| Outcome::Clean);
    }
    if paths.is_empty() {
        println!(
            "no path from {} to {} within {} hops",
            from.label, to.label, args.max_hops
        );
    }
    for (i, p) in paths.iter().enumerate() {
        print!("{}. {p}", i + 1);
    }
    Ok(Outcome::Clean)
}

/// `newsgraph show`.
pub fn show(args: ShowArgs) -> Result<Outcome> {
    let graph = load(&args.graph.graph)?;
    let x = Explorer::new(&graph);
    let card = x.card(find(&x, &args.name)?);
    print_either(&card, args.graph.json)
}

/// `newsgraph neighbors`.
pub fn neighbors(args: NeighborsArgs) -> Result<Outcome> {
    let graph = load(&args.graph.graph)?;
    let x = Explorer::new(&graph);
    let around = x.neighborhood(find(&x, &args.name)?, args.hops, &args.filter.filter());
    print_either(&around, args.graph.json)
}

/// `newsgraph rank`.
pub fn rank(args: RankArgs) -> Result<Outcome> {
    let graph = load(&args.graph.graph)?;
    let x = Explorer::new(&graph);
    let by = match args.by {
        RankByArg::Degree => RankBy::Degree,
        RankByArg::Pagerank => RankBy::PageRank,
        RankByArg::Betweenness => RankBy::Betweenness,
    };
    let ranking = x.rank(by, args.kind, args.top);
    if args.graph.json {
        return print_json(&ranking).map(|()| Outcome::Clean);
    }
    for (i, e) in ranking.iter().enumerate() {
        let score = if by == RankBy::Degree {
            format!("{}", e.score)
        } else {
            format!("{:.4}", e.score)
        };
        println!(
            "{:>3}. {:<32} {:<6} {score}",
            i + 1,
            e.entity.label,
            e.entity.kind.as_str()
        );
    }
    Ok(Outcome::Clean)
}

/// `newsgraph stats`.
pub fn stats(args: StatsArgs) -> Result<Outcome> {
    let graph = load(&args.graph.graph)?;
    print_either(&Explorer::new(&graph).stats(), args.graph.json)
}
