//! Typed errors of the library. The binary wraps them with `anyhow`; the library never
//! panics on bad input, it returns one of these and lets the caller decide to go on.

use std::path::PathBuf;

/// Every way a newsgraph stage can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A path given on the command line does not exist or cannot be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A JSONL input line that is not a JSON object with a string `text`.
    #[error("{path}:{line}: {reason}")]
    BadRecord {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// A malformed dictionary or lexicon line.
    #[error("{file}:{line}: {reason}")]
    Dictionary {
        file: String,
        line: usize,
        reason: String,
    },
    /// A file that is not text (binary data, or not UTF-8).
    #[error("{path}: {reason}")]
    NotText { path: PathBuf, reason: String },
    /// The dictionary automaton could not be built.
    #[error("dictionary automaton: {0}")]
    Automaton(String),
    /// An output could not be written.
    #[error("writing {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A gold file for `eval` is malformed.
    #[error("{path}:{line}: {reason}")]
    Gold {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    /// The SQLite store cannot be written or read, or holds what no build wrote.
    #[error("{path}: {reason}")]
    Store { path: PathBuf, reason: String },
    /// A filter that cannot be applied (an ego entity the graph does not have).
    #[error("{0}")]
    Filter(String),
    /// Input that stops a streaming command (malformed records without `--skip-bad`).
    #[error("{0}")]
    BadInput(String),
    /// The web app could not bind its address or stopped serving.
    #[error("serving on {addr}: {source}")]
    Serve {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    /// A build whose inputs hold no article: it refuses to write (an empty graph over a
    /// previous one would lose it without a word).
    /// `warnings` are the problems met on the way (empty and binary files skipped), for
    /// the caller to show: they say why nothing was found.
    #[error("no article found in {inputs}; nothing was written{kept}")]
    NoArticles { inputs: String, kept: String, warnings: Vec<String> },
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}
