//! DOT for Graphviz (`sfdp -Tpng graph.dot`): nodes filled with their type's colour and
//! sized by mentions, edges as thick as their weight; role edges dashed, located_in dotted.

use super::{node_key, style, xml_clean};
use crate::graph::{EdgeKind, EntityGraph};
use petgraph::visit::EdgeRef;
use std::io::Write;

/// Writes an [`EntityGraph`] as a Graphviz graph.
#[derive(Clone, Debug, Default)]
pub struct DotWriter;

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in xml_clean(s).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl DotWriter {
    pub fn write<W: Write>(&self, g: &EntityGraph, mut out: W) -> std::io::Result<()> {
        writeln!(out, "graph newsgraph {{")?;
        writeln!(out, "  graph [outputorder=edgesfirst];")?;
        writeln!(out, "  node [shape=circle, style=filled, fixedsize=true, fontsize=10, penwidth=0];")?;
        writeln!(out, "  edge [color=\"#99999988\"];")?;
        for n in g.graph.node_weights() {
            let size = style::size(n);
            writeln!(
                out,
                "  {} [label={}, fillcolor=\"{}\", width={:.2}, fontsize={:.1}, tooltip={}];",
                quote(&node_key(&n.id)),
                quote(n.label()),
                style::hex(n.ty),
                size / 45.0,
                7.0 + size / 5.0,
                quote(&n.id.0)
            )?;
        }
        let max = g.graph.edge_weights().map(|e| e.weight).fold(0.0f64, f64::max).max(1e-9);
        for e in g.graph.edge_references() {
            let d = e.weight();
            let style = match d.kind {
                EdgeKind::Cooccurs => "solid",
                EdgeKind::Role => "dashed",
                EdgeKind::LocatedIn => "dotted",
                EdgeKind::Covers => "tapered",
                EdgeKind::Acts(_) => "bold",
            };
            writeln!(
                out,
                "  {} -- {} [penwidth={:.2}, style={style}, kind={}];",
                quote(&node_key(&g.graph[e.source()].id)),
                quote(&node_key(&g.graph[e.target()].id)),
                0.5 + 3.5 * d.weight / max,
                d.kind.as_str()
            )?;
        }
        writeln!(out, "}}")
    }
}
