//! `newsgraph export`: converts a graph.json into another format.

use crate::export::{self, Format};
use anyhow::{bail, Result};
use std::io::Write;
use std::path::PathBuf;

use super::Outcome;

/// Arguments of `newsgraph export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The graph.json to convert.
    pub graph: PathBuf,
    /// The format to write: json, dot, gexf, graphml, csv (Gephi's nodes.csv and
    /// edges.csv), cypher (a Neo4j script) or neo4j (neo4j-admin's neo4j/nodes.csv and
    /// neo4j/relationships.csv).
    #[arg(long)]
    pub format: Format,
    /// The file to write, or - for stdout. For a format of several files (csv, neo4j), the
    /// folder to write them into.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// `newsgraph export`.
pub fn export(args: ExportArgs) -> Result<Outcome> {
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && !args.format.is_single_file() {
        bail!(
            "--format {} writes {}: give -o a folder, not -",
            args.format,
            args.format.file_names().join(" and ")
        );
    }
    let g = super::explore::load(&args.graph)?;
    if !args.format.is_single_file() {
        export::write_formats(&g, &[args.format], &args.output)?;
        return Ok(Outcome::Clean);
    }
    let text = args
        .format
        .render(&g)?
        .pop()
        .expect("a single-file format renders one file")
        .text;
    if to_stdout {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    } else {
        export::write_atomic(&args.output, text.as_bytes())?;
    }
    Ok(Outcome::Clean)
}
