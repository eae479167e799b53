//! Errors in two layers: [`Error`] aborts an operation (an output cannot be written, a gold
//! file does not parse); [`Diagnostic`] reports a problem with one document, which is then
//! skipped while the rest of the corpus is built.

use std::fmt;
use std::path::PathBuf;

/// A fatal error of a library operation, with the path it concerns.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A JSON file does not have the expected shape.
    #[error("{path}: {message}")]
    Format {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// No usable document was found in the inputs.
    #[error("no readable documents in the inputs")]
    NoDocuments,
    /// A query or option names something that does not exist.
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// An IO error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// A `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A non-fatal problem with one input: the input is skipped (or partly used) and the run goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The input it concerns: a path, `path:line` for JSON Lines, or `<stdin>`.
    pub source: String,
    /// What went wrong, without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic about `source`.
    pub fn new(source: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            source: source.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}
