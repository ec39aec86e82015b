//! JSON in graphology's serialization format (`Graph.from(json)` / `graph.import(json)`):
//! `{attributes, options, nodes: [{key, attributes}], edges: [{key, source, target,
//! undirected, attributes}]}`.

use super::node_key;
use crate::graph::EntityGraph;
use petgraph::visit::EdgeRef;
use serde_json::{json, Value};
use std::io::Write;

/// Writes an [`EntityGraph`] as graphology JSON.
#[derive(Clone, Debug, Default)]
pub struct GraphologyWriter;

impl GraphologyWriter {
    pub fn to_value(&self, g: &EntityGraph) -> Value {
        let graph = &g.graph;
        let nodes: Vec<Value> = graph
            .node_indices()
            .map(|i| {
                let n = &graph[i];
                json!({
                    "key": node_key(&n.id),
                    "attributes": {
                        "entity_id": n.id.as_str(),
                        "label": n.name,
                        "type": n.ty.map(|t| t.as_str()).unwrap_or(""),
                        "mentions": n.mentions,
                        "articles": n.articles.len(),
                        "aliases": n.aliases.iter().collect::<Vec<_>>(),
                        "roles": n.roles,
                    }
                })
            })
            .collect();
        let edges: Vec<Value> = graph
            .edge_references()
            .enumerate()
            .map(|(k, e)| {
                let d = e.weight();
                json!({
                    "key": format!("e{k}"),
                    "source": node_key(&graph[e.source()].id),
                    "target": node_key(&graph[e.target()].id),
                    "undirected": true,
                    "attributes": {
                        "kind": d.kind.as_str(),
                        "weight": d.weight,
                        "article_ids": d.articles.iter().collect::<Vec<_>>(),
                    }
                })
            })
            .collect();
        json!({
            "attributes": { "name": "newsgraph", "window": format!("{:?}", g.window).to_lowercase() },
            "options": { "type": "undirected", "multi": false, "allowSelfLoops": false },
            "nodes": nodes,
            "edges": edges,
        })
    }

    pub fn write<W: Write>(&self, g: &EntityGraph, mut out: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, &self.to_value(g))?;
        out.write_all(b"\n")
    }
}
