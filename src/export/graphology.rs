//! JSON in graphology's serialization format (`Graph.from(json)` / `graph.import(json)`):
//! `{attributes, options, nodes: [{key, attributes}], edges: [{key, source, target,
//! undirected, attributes}]}`. `multi` is true: a pair may have a `cooccurs` and a `role`
//! edge.

use super::attrs::{edge_values, node_values, Value};
use super::node_key;
use crate::graph::{Edge, EntityGraph};
use petgraph::graph::{EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;
use serde_json::{json, Map, Value as Json};
use std::io::Write;

/// Writes an [`EntityGraph`] as graphology JSON.
#[derive(Clone, Debug, Default)]
pub struct GraphologyWriter;

/// Attribute values as a JSON object, absent ones left out.
pub fn object(values: Vec<(&'static str, Option<Value>)>) -> Map<String, Json> {
    values.into_iter().filter_map(|(k, v)| v.map(|v| (k.to_string(), v.json()))).collect()
}

impl GraphologyWriter {
    pub fn to_value(&self, g: &EntityGraph) -> Json {
        let graph = &g.graph;
        let nodes: Vec<Json> = graph.node_indices().map(|i| node_json(g, i)).collect();
        let edges: Vec<Json> = graph.edge_references().enumerate().map(|(k, e)| edge_json(g, k, e)).collect();
        json!({
            "attributes": { "name": "newsgraph", "window": g.window.as_str() },
            "options": { "type": "undirected", "multi": true, "allowSelfLoops": false },
            "nodes": nodes,
            "edges": edges,
        })
    }

    /// Writes the same bytes as pretty-printing [`to_value`](Self::to_value), one node
    /// or edge at a time: the whole graph as one JSON value (every article id of every
    /// edge a JSON string) took more memory than the graph itself.
    pub fn write<W: Write>(&self, g: &EntityGraph, mut out: W) -> std::io::Result<()> {
        let graph = &g.graph;
        // Keys in the order serde_json's map keeps them (sorted).
        let attributes = json!({ "name": "newsgraph", "window": g.window.as_str() });
        let options = json!({ "type": "undirected", "multi": true, "allowSelfLoops": false });
        out.write_all(b"{\n  \"attributes\": ")?;
        write_nested(&mut out, &attributes, 1)?;
        out.write_all(b",\n  \"edges\": ")?;
        write_array(&mut out, graph.edge_references().enumerate().map(|(k, e)| edge_json(g, k, e)))?;
        out.write_all(b",\n  \"nodes\": ")?;
        write_array(&mut out, graph.node_indices().map(|i| node_json(g, i)))?;
        out.write_all(b",\n  \"options\": ")?;
        write_nested(&mut out, &options, 1)?;
        out.write_all(b"\n}\n")
    }
}

fn node_json(g: &EntityGraph, i: NodeIndex) -> Json {
    let n = &g.graph[i];
    json!({ "key": node_key(&n.id), "attributes": object(node_values(n)) })
}

fn edge_json(g: &EntityGraph, k: usize, e: EdgeReference<'_, Edge>) -> Json {
    json!({
        "key": format!("e{k}"),
        "source": node_key(&g.graph[e.source()].id),
        "target": node_key(&g.graph[e.target()].id),
        "undirected": true,
        "attributes": object(edge_values(e.weight(), g.article_ids)),
    })
}

/// A value pretty-printed as it would be at `depth` inside a pretty-printed document: its
/// lines after the first indented by two spaces a level (JSON strings hold no raw
/// newlines, so lines are safe to indent).
fn write_nested<W: Write>(out: &mut W, v: &Json, depth: usize) -> std::io::Result<()> {
    // Serialized straight into the output through a writer that indents after each line
    // break: no copy of the text, however long an edge's article list.
    let mut indented = Indented { out, pad: "  ".repeat(depth).into_bytes() };
    serde_json::to_writer_pretty(&mut indented, v).map_err(std::io::Error::other)
}

/// A writer that puts `pad` after every line break it passes on.
struct Indented<'w, W: Write> {
    out: &'w mut W,
    pad: Vec<u8>,
}

impl<W: Write> Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.out.write_all(&rest[..=i])?;
            self.out.write_all(&self.pad)?;
            rest = &rest[i + 1..];
        }
        self.out.write_all(rest)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// A top-level member's array, one element made and written at a time.
fn write_array<W: Write>(out: &mut W, items: impl Iterator<Item = Json>) -> std::io::Result<()> {
    let mut first = true;
    for item in items {
        out.write_all(if first { b"[\n    " } else { b",\n    " })?;
        write_nested(out, &item, 2)?;
        first = false;
    }
    out.write_all(if first { b"[]" } else { b"\n  ]" })
}
