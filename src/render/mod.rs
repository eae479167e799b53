//! Render: draws a [`KnowledgeGraph`] as SVG, PNG or PDF.
//!
//! In: a graph and [`RenderOptions`]. Out: [`Rendered`] bytes (the caller writes them with
//! [`write_atomic`](crate::export::write_atomic)). The picture is the styled DOT of
//! [`export::dot::to_dot_with`](crate::export::dot::to_dot_with) (colour and shape by type, a
//! legend, edge labels, dashed edges for alleged or denied, node size by mentions), laid out by
//! the Graphviz programs through graphviz-rust. When they are not installed, [`Engine::Auto`]
//! draws SVG with the pure-Rust layout of layout-rs instead (module `builtin`), at most
//! [`BUILTIN_MAX_NODES`] nodes, and says so in [`Rendered::notes`].
//!
//! Knows nothing about extraction; names are untrusted text and are escaped on both paths.

mod builtin;

pub use crate::export::dot::Layout;

use crate::error::{Error, Result};
use crate::export::dot::{self, DotStyle};
use crate::graph::KnowledgeGraph;
use graphviz_rust::cmd::{self as gv, CommandArg};
use std::io;
use std::path::Path;

/// The built-in layout draws at most this many nodes (the most mentioned); it is slow on
/// larger graphs (about 4 s for 100 nodes).
pub const BUILTIN_MAX_NODES: usize = 80;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector graphics.
    Svg,
    /// Bitmap (Graphviz only).
    Png,
    /// PDF (Graphviz only).
    Pdf,
}

impl Format {
    /// The format a file name's extension asks for (`.svg`, `.png`, `.pdf`, any case).
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// Upper-case name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Svg => "SVG",
            Format::Png => "PNG",
            Format::Pdf => "PDF",
        }
    }

    fn graphviz(self) -> gv::Format {
        match self {
            Format::Svg => gv::Format::Svg,
            Format::Png => gv::Format::Png,
            Format::Pdf => gv::Format::Pdf,
        }
    }
}

/// Which renderer draws the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Graphviz; if its programs are not found, the built-in layout (SVG only).
    Auto,
    /// Graphviz only: an error if its programs are not found.
    Graphviz,
    /// The built-in pure-Rust layout (layout-rs), SVG only; the layout option is ignored.
    Builtin,
}

/// The renderer that drew a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineUsed {
    /// The Graphviz program of this layout.
    Graphviz(Layout),
    /// The built-in layout.
    Builtin,
}

/// How to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Output format.
    pub format: Format,
    /// Graphviz layout program.
    pub layout: Layout,
    /// Renderer.
    pub engine: Engine,
}

/// A drawn picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// Their format.
    pub format: Format,
    /// Who drew it.
    pub engine_used: EngineUsed,
    /// What the user should know (fallback used, nodes left out, option ignored).
    pub notes: Vec<String>,
}

/// Draws `g` as `options` say.
///
/// # Errors
/// [`Error::Invalid`] when Graphviz is needed (PNG, PDF, [`Engine::Graphviz`]) but its program
/// is not found, when a Graphviz program fails, or when the built-in layout is asked for PNG
/// or PDF.
pub fn render(g: &KnowledgeGraph, options: &RenderOptions) -> Result<Rendered> {
    match options.engine {
        Engine::Builtin => builtin_svg(g, options, Vec::new()),
        Engine::Graphviz | Engine::Auto => match graphviz(g, options) {
            Ok(bytes) => Ok(Rendered {
                bytes,
                format: options.format,
                engine_used: EngineUsed::Graphviz(options.layout),
                notes: Vec::new(),
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // graphviz-rust runs `dot` for every layout (`-K` picks it).
                let program = "dot";
                if options.engine == Engine::Auto && options.format == Format::Svg {
                    let note = format!(
                        "the Graphviz program `{program}` was not found; drew with the built-in \
                         layout instead (install graphviz for better pictures)"
                    );
                    builtin_svg(g, options, vec![note])
                } else {
                    Err(Error::Invalid(format!(
                        "writing {} needs the Graphviz program `{program}`, which was not found \
                         (install graphviz, e.g. apt-get install graphviz)",
                        options.format.name()
                    )))
                }
            }
            Err(e) => Err(Error::Invalid(format!(
                "Graphviz `{}` failed: {}",
                options.layout.name(),
                e.to_string().trim()
            ))),
        },
    }
}

/// Runs the Graphviz program on the styled DOT. graphviz-rust always runs `dot` and picks the
/// layout with `-K`; every layout program is part of the same Graphviz package.
fn graphviz(g: &KnowledgeGraph, options: &RenderOptions) -> io::Result<Vec<u8>> {
    let text = dot::to_dot_with(g, &DotStyle::drawing(options.layout));
    graphviz_rust::exec_dot(
        text,
        vec![
            CommandArg::Format(options.format.graphviz()),
            CommandArg::Layout(graphviz_layout(options.layout)),
        ],
    )
}

fn graphviz_layout(layout: Layout) -> gv::Layout {
    match layout {
        Layout::Dot => gv::Layout::Dot,
        Layout::Neato => gv::Layout::Neato,
        Layout::Fdp => gv::Layout::Fdp,
        Layout::Sfdp => gv::Layout::Sfdp,
        Layout::Circo => gv::Layout::Circo,
    }
}

fn builtin_svg(
    g: &KnowledgeGraph,
    options: &RenderOptions,
    mut notes: Vec<String>,
) -> Result<Rendered> {
    if options.format != Format::Svg {
        return Err(Error::Invalid(format!(
            "the built-in layout writes SVG only; writing {} needs Graphviz \
             (install graphviz, e.g. apt-get install graphviz)",
            options.format.name()
        )));
    }
    if options.layout != Layout::Dot {
        notes.push(format!(
            "the built-in layout is layered; layout `{}` applies to Graphviz only",
            options.layout.name()
        ));
    }
    let svg = builtin::to_svg(g, BUILTIN_MAX_NODES, &mut notes);
    Ok(Rendered {
        bytes: svg.into_bytes(),
        format: Format::Svg,
        engine_used: EngineUsed::Builtin,
        notes,
    })
}

#[cfg(test)]
mod tests;
