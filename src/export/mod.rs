//! Stage 7: exports. Each format is a writer type of its own over an [`EntityGraph`]; all
//! carry the same node and edge attributes ([`attrs`]) and the same looks ([`style`]).

pub mod attrs;
mod csv;
mod dot;
mod gexf;
mod graphml;
mod graphology;
mod nodelink;
pub mod style;

pub use self::csv::CsvWriter;
pub use dot::DotWriter;
pub use gexf::GexfWriter;
pub use graphml::GraphmlWriter;
pub use graphology::GraphologyWriter;
pub use nodelink::NodeLinkWriter;

use crate::graph::EntityGraph;
use crate::model::EntityId;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A graph export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Graphml,
    Gexf,
    Json,
    NodeLink,
    Csv,
    Dot,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "graphml" => Ok(Format::Graphml),
            "gexf" => Ok(Format::Gexf),
            "json" => Ok(Format::Json),
            "node-link" => Ok(Format::NodeLink),
            "csv" => Ok(Format::Csv),
            "dot" => Ok(Format::Dot),
            _ => Err(format!("unknown format `{s}` (graphml, gexf, json, node-link, csv, dot)")),
        }
    }
}

impl Format {
    /// The file a build writes the format to (CSV: the output directory itself).
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Graphml => "graph.graphml",
            Format::Gexf => "graph.gexf",
            Format::Json => "graph.json",
            Format::NodeLink => "graph.nodelink.json",
            Format::Csv => "",
            Format::Dot => "graph.dot",
        }
    }
}

/// Writes a single-stream format. CSV is two files: use [`write_csv_dir`].
pub fn write(g: &EntityGraph, format: Format, w: &mut dyn Write) -> std::io::Result<()> {
    match format {
        Format::Graphml => GraphmlWriter.write(g, w),
        Format::Gexf => GexfWriter.write(g, w),
        Format::Json => GraphologyWriter.write(g, w),
        Format::NodeLink => NodeLinkWriter.write(g, w),
        Format::Dot => DotWriter.write(g, w),
        Format::Csv => Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "csv writes a directory")),
    }
}

/// Writes `nodes.csv` and `edges.csv` into `dir`, each through a temporary file.
pub fn write_csv_dir(g: &EntityGraph, dir: &Path) -> crate::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::Write { path: dir.to_path_buf(), source: e })?;
    let mut out = Vec::new();
    for (name, nodes) in [("nodes.csv", true), ("edges.csv", false)] {
        let path = dir.join(name);
        crate::fs::write_atomic(&path, |f| if nodes { CsvWriter.write_nodes(g, f) } else { CsvWriter.write_edges(g, f) })?;
        out.push(path);
    }
    Ok(out)
}

/// The ASCII id of a node in exports: its type and a hash of `type:name`, stable across
/// builds and independent of which other nodes exist (`official-5b1f0c2a9e3d`).
pub fn node_key(id: &EntityId) -> String {
    let ty = id.as_str().split(':').next().unwrap_or("entity");
    let digest = Sha256::digest(id.as_str().as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("{ty}-{hex}")
}

/// Removes chars that XML 1.0 does not allow (control chars other than tab and line
/// breaks, U+FFFE, U+FFFF).
pub(crate) fn xml_clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}';
    if s.chars().any(bad) {
        Cow::Owned(s.chars().filter(|&c| !bad(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests;
