//! `newsgraph export`: converts a graph.json into another format.

use crate::export::{self, dot, gexf, graphml, json};
use anyhow::Result;
use std::io::Write;
use std::path::PathBuf;

use super::Outcome;

/// A format `newsgraph export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// GEXF 1.3, for Gephi.
    Gexf,
    /// GraphML, for yEd, Gephi, networkx and igraph.
    Graphml,
    /// Node-link JSON, as graph.json.
    Json,
    /// Graphviz DOT, as graph.dot.
    Dot,
}

/// Arguments of `newsgraph export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The graph.json to convert.
    pub graph: PathBuf,
    /// The format to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// The file to write, or - for stdout.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// `newsgraph export`.
pub fn export(args: ExportArgs) -> Result<Outcome> {
    let g = super::explore::load(&args.graph)?;
    let text = match args.format {
        ExportFormat::Gexf => gexf::to_gexf(&g),
        ExportFormat::Graphml => graphml::to_graphml(&g),
        ExportFormat::Json => json::to_json(&g),
        ExportFormat::Dot => dot::to_dot(&g),
    };
    if args.output.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    } else {
        export::write_atomic(&args.output, text.as_bytes())?;
    }
    Ok(Outcome::Clean)
}
