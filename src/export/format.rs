//! The output formats of `newsgraph build --format` and `newsgraph export --format`, and
//! the files each one writes.
//!
//! In: a [`KnowledgeGraph`] and a list of [`Format`]s. Out: named files ([`OutputFile`]),
//! written into a folder by [`write_formats`] through [`write_atomic`].

use super::{cypher, dot, gephi_csv, gexf, graphml, json, neo4j, write_atomic, write_atomic_with};
use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A format the graph can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Node-link JSON, `graph.json`: the public format every other command reads back.
    Json,
    /// Graphviz DOT, `graph.dot`.
    Dot,
    /// GEXF 1.3 for Gephi, `graph.gexf`.
    Gexf,
    /// GraphML for yEd, Gephi, networkx and igraph, `graph.graphml`.
    Graphml,
    /// Gephi's spreadsheet tables, `nodes.csv` and `edges.csv`.
    Csv,
    /// An idempotent Cypher script for Neo4j, `graph.cypher`.
    Cypher,
    /// `neo4j-admin database import` files, `neo4j/nodes.csv` and
    /// `neo4j/relationships.csv`.
    Neo4j,
}

impl Format {
    /// Every format, in the order `build` writes them.
    pub const ALL: [Format; 7] = [
        Format::Json,
        Format::Dot,
        Format::Gexf,
        Format::Graphml,
        Format::Csv,
        Format::Cypher,
        Format::Neo4j,
    ];

    /// What `build` writes when `--format` is not given.
    pub const DEFAULT: [Format; 3] = [Format::Json, Format::Dot, Format::Gexf];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Dot => "dot",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Csv => "csv",
            Format::Cypher => "cypher",
            Format::Neo4j => "neo4j",
        }
    }

    /// The names of the files this format writes, relative to the output folder (the
    /// neo4j-admin files go into a `neo4j/` folder, apart from Gephi's tables).
    pub fn file_names(self) -> &'static [&'static str] {
        match self {
            Format::Json => &["graph.json"],
            Format::Dot => &["graph.dot"],
            Format::Gexf => &["graph.gexf"],
            Format::Graphml => &["graph.graphml"],
            Format::Csv => &["nodes.csv", "edges.csv"],
            Format::Cypher => &["graph.cypher"],
            Format::Neo4j => &["neo4j/nodes.csv", "neo4j/relationships.csv"],
        }
    }

    /// Whether the format is one file, which can also go to stdout.
    pub fn is_single_file(self) -> bool {
        self.file_names().len() == 1
    }

    /// The writer that streams this format's one file without building it in memory first,
    /// for the large single-file formats (JSON, GEXF, GraphML); `None` for the others.
    pub fn streamed(self) -> Option<fn(&KnowledgeGraph, &mut dyn Write) -> io::Result<()>> {
        match self {
            Format::Json => Some(json::write_json_to),
            Format::Gexf => Some(gexf::write_gexf),
            Format::Graphml => Some(graphml::write_graphml),
            _ => None,
        }
    }

    /// The graph in this format: one [`OutputFile`] per name of [`Format::file_names`], in
    /// that order. Fails only when an evidence sentence stored on disk cannot be read back.
    pub fn render(self, g: &KnowledgeGraph) -> io::Result<Vec<OutputFile>> {
        let texts = match self {
            Format::Json => vec![json::to_json(g)?],
            Format::Dot => vec![dot::to_dot(g)],
            Format::Gexf => vec![gexf::to_gexf(g)?],
            Format::Graphml => vec![graphml::to_graphml(g)?],
            Format::Csv => {
                let tables = gephi_csv::to_gephi_csv(g)?;
                vec![tables.nodes, tables.edges]
            }
            Format::Cypher => vec![cypher::to_cypher(g)?],
            Format::Neo4j => {
                let tables = neo4j::to_neo4j_csv(g)?;
                vec![tables.nodes, tables.relationships]
            }
        };
        Ok(self
            .file_names()
            .iter()
            .zip(texts)
            .map(|(&name, text)| OutputFile { name, text })
            .collect())
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing an unknown format name; its message lists the known ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        write!(
            f,
            "unknown format {:?} (known: {})",
            self.0,
            known.join(", ")
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl FromStr for Format {
    type Err = UnknownFormat;

    /// Parses a name of [`Format::name`], ignoring case and surrounding spaces.
    fn from_str(s: &str) -> std::result::Result<Format, UnknownFormat> {
        let wanted = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == wanted)
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// One file of an export: its name relative to the output folder and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// The file name, from [`Format::file_names`].
    pub name: &'static str,
    /// The contents.
    pub text: String,
}

/// Writes the graph in each of `formats` into `dir` (created if missing), each file through
/// [`write_atomic`]; a format named twice is written once. Returns the paths written, in
/// order. Files are written one at a time, the large single-file formats streamed
/// ([`Format::streamed`]), so memory holds at most one rendered file; a write error names
/// its file, and the files written before it stay.
pub fn write_formats(g: &KnowledgeGraph, formats: &[Format], dir: &Path) -> Result<Vec<PathBuf>> {
    let mut unique: Vec<Format> = Vec::new();
    for &f in formats {
        if !unique.contains(&f) {
            unique.push(f);
        }
    }
    let mut written = Vec::new();
    for format in unique {
        if let Some(stream) = format.streamed() {
            let path = dir.join(format.file_names()[0]);
            write_atomic_with(&path, |w| stream(g, w))?;
            written.push(path);
            continue;
        }
        let rendered = format
            .render(g)
            .map_err(|e| Error::io(dir.join(format.file_names()[0]), e))?;
        for file in rendered {
            let path = dir.join(file.name);
            write_atomic(&path, file.text.as_bytes())?;
            written.push(path);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::sample;

    #[test]
    fn names_parse_back_and_unknown_names_list_the_known_ones() {
        for f in Format::ALL {
            assert_eq!(f.name().parse::<Format>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
        assert_eq!(" GEXF ".parse::<Format>(), Ok(Format::Gexf));
        let err = "xlsx".parse::<Format>().unwrap_err().to_string();
        assert!(
            err.contains("\"xlsx\"") && err.contains("graphml, csv"),
            "{err}"
        );
    }

    #[test]
    fn each_format_renders_one_text_per_file_name() {
        let g = sample();
        for f in Format::ALL {
            let files = f.render(&g).unwrap();
            let names: Vec<&str> = files.iter().map(|o| o.name).collect();
            assert_eq!(names, f.file_names());
            assert!(files.iter().all(|o| !o.text.is_empty()), "{f}");
        }
        assert!(Format::Json.is_single_file() && !Format::Csv.is_single_file());
    }

    #[test]
    fn write_formats_writes_each_file_once_and_returns_the_paths() {
        let g = sample();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let written = write_formats(&g, &[Format::Csv, Format::Json, Format::Csv], &dir).unwrap();
        let names: Vec<String> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["nodes.csv", "edges.csv", "graph.json"]);
        assert_eq!(
            std::fs::read_to_string(dir.join("graph.json")).unwrap(),
            json::to_json(&g).unwrap()
        );
        let mut present: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        present.sort();
        assert_eq!(present, ["edges.csv", "graph.json", "nodes.csv"]);
    }
}
