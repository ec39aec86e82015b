//! CSV for graph databases: `nodes.csv` and `edges.csv` with the headers of Neo4j's
//! `neo4j-admin database import` (`:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed
//! columns, arrays joined with `;`).

use super::attrs::{edge_values, node_values, Kind, Value, EDGE_ATTRS, NODE_ATTRS};
use super::node_key;
use crate::graph::EntityGraph;
use petgraph::visit::EdgeRef;
use std::io::Write;

/// Writes an [`EntityGraph`] as two CSV tables.
#[derive(Clone, Debug, Default)]
pub struct CsvWriter;

fn neo4j_type(k: Kind) -> &'static str {
    match k {
        Kind::Str => "",
        Kind::Int => ":long",
        Kind::Float => ":double",
        Kind::List => ":string[]",
    }
}

/// A cell: lists joined with `;`, control chars dropped (as in every other format).
fn cell(v: Option<Value>) -> String {
    v.map(|v| super::xml_clean(&v.text(";")).into_owned()).unwrap_or_default()
}

impl CsvWriter {
    pub fn write_nodes<W: Write>(&self, g: &EntityGraph, out: W) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec!["id:ID".to_string(), ":LABEL".to_string()];
        header.extend(NODE_ATTRS.iter().map(|(n, k)| format!("{n}{}", neo4j_type(*k))));
        w.write_record(&header)?;
        for n in g.graph.node_weights() {
            let mut row = vec![node_key(&n.id), label(n.ty.map(|t| t.as_str()).unwrap_or("Entity"))];
            row.extend(node_values(n).into_iter().map(|(_, v)| cell(v)));
            w.write_record(&row)?;
        }
        w.flush()
    }

    pub fn write_edges<W: Write>(&self, g: &EntityGraph, out: W) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        let mut header = vec![":START_ID".to_string(), ":END_ID".to_string(), ":TYPE".to_string()];
        header.extend(EDGE_ATTRS.iter().filter(|(n, _)| *n != "kind").map(|(n, k)| format!("{n}{}", neo4j_type(*k))));
        w.write_record(&header)?;
        for e in g.graph.edge_references() {
            let mut row = vec![
                node_key(&g.graph[e.source()].id),
                node_key(&g.graph[e.target()].id),
                e.weight().kind.as_str().to_uppercase(),
            ];
            row.extend(edge_values(e.weight(), g.article_ids).into_iter().filter(|(n, _)| *n != "kind").map(|(_, v)| cell(v)));
            w.write_record(&row)?;
        }
        w.flush()
    }
}

/// `official` → `Official`.
fn label(ty: &str) -> String {
    let mut c = ty.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}
