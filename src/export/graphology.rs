//! JSON in graphology's serialization format (`Graph.from(json)` / `graph.import(json)`):
//! `{attributes, options, nodes: [{key, attributes}], edges: [{key, source, target,
//! undirected, attributes}]}`. `multi` is true: a pair may have a `cooccurs` and a `role`
//! edge.

use super::attrs::{edge_values, node_values, Value};
use super::node_key;
use crate::graph::EntityGraph;
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
        let nodes: Vec<Json> = graph
            .node_indices()
            .map(|i| json!({ "key": node_key(&graph[i].id), "attributes": object(node_values(&graph[i])) }))
            .collect();
        let edges: Vec<Json> = graph
            .edge_references()
            .enumerate()
            .map(|(k, e)| {
                json!({
                    "key": format!("e{k}"),
                    "source": node_key(&graph[e.source()].id),
                    "target": node_key(&graph[e.target()].id),
                    "undirected": true,
                    "attributes": object(edge_values(e.weight())),
                })
            })
            .collect();
        json!({
            "attributes": { "name": "newsgraph", "window": g.window.as_str() },
            "options": { "type": "undirected", "multi": true, "allowSelfLoops": false },
            "nodes": nodes,
            "edges": edges,
        })
    }

    pub fn write<W: Write>(&self, g: &EntityGraph, mut out: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, &self.to_value(g))?;
        out.write_all(b"\n")
    }
}
