//! networkx 3 node-link JSON: `networkx.node_link_graph(data, edges="edges")`.

use super::attrs::{edge_values, node_values};
use super::graphology::object;
use super::node_key;
use crate::graph::EntityGraph;
use petgraph::visit::EdgeRef;
use serde_json::{json, Value};
use std::io::Write;

/// Writes an [`EntityGraph`] as networkx node-link data (a multigraph: a pair may have a
/// `cooccurs` and a `role` edge, told apart by `key` = kind).
#[derive(Clone, Debug, Default)]
pub struct NodeLinkWriter;

impl NodeLinkWriter {
    pub fn to_value(&self, g: &EntityGraph) -> Value {
        let graph = &g.graph;
        let nodes: Vec<Value> = graph
            .node_indices()
            .map(|i| {
                let mut o = object(node_values(&graph[i]));
                o.insert("id".into(), Value::from(node_key(&graph[i].id)));
                Value::Object(o)
            })
            .collect();
        let edges: Vec<Value> = graph
            .edge_references()
            .map(|e| {
                let mut o = object(edge_values(e.weight(), g.article_ids));
                o.insert("source".into(), Value::from(node_key(&graph[e.source()].id)));
                o.insert("target".into(), Value::from(node_key(&graph[e.target()].id)));
                o.insert("key".into(), Value::from(e.weight().kind.as_str()));
                Value::Object(o)
            })
            .collect();
        json!({
            "directed": false,
            "multigraph": true,
            "graph": { "name": "newsgraph", "window": g.window.as_str() },
            "nodes": nodes,
            "edges": edges,
        })
    }

    pub fn write<W: Write>(&self, g: &EntityGraph, mut out: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, &self.to_value(g))?;
        out.write_all(b"\n")
    }
}
