//! GraphML for Gephi, networkx and igraph: XML declaration, typed `<key>`s before
//! `<graph>`, undirected, ASCII node ids with the Chinese name in `label`. Gephi reads the
//! `r`, `g`, `b` and `size` keys as the nodes' looks.

use super::attrs::{edge_values, node_values, Kind, Value, EDGE_ATTRS, NODE_ATTRS};
use super::{node_key, xml_clean};
use crate::graph::EntityGraph;
use petgraph::visit::EdgeRef;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

/// Writes an [`EntityGraph`] as GraphML.
#[derive(Clone, Debug, Default)]
pub struct GraphmlWriter;

fn graphml_type(k: Kind) -> &'static str {
    match k {
        Kind::Str | Kind::List => "string",
        Kind::Int => "int",
        Kind::Float => "double",
    }
}

impl GraphmlWriter {
    pub fn write<W: Write>(&self, g: &EntityGraph, out: W) -> std::io::Result<()> {
        let mut w = Writer::new_with_indent(out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ])))?;
        for (domain, prefix, keys) in [("node", "n", &NODE_ATTRS[..]), ("edge", "e", &EDGE_ATTRS[..])] {
            for (name, kind) in keys {
                let key_id = format!("{prefix}_{name}");
                w.write_event(Event::Empty(BytesStart::new("key").with_attributes([
                    ("id", key_id.as_str()),
                    ("for", domain),
                    ("attr.name", name),
                    ("attr.type", graphml_type(*kind)),
                ])))?;
            }
        }
        w.write_event(Event::Start(
            BytesStart::new("graph").with_attributes([("id", "G"), ("edgedefault", "undirected")]),
        ))?;
        let graph = &g.graph;
        for i in graph.node_indices() {
            let key = node_key(&graph[i].id);
            w.write_event(Event::Start(BytesStart::new("node").with_attributes([("id", key.as_str())])))?;
            for (name, value) in node_values(&graph[i]) {
                if let Some(v) = value {
                    data(&mut w, &format!("n_{name}"), &v)?;
                }
            }
            w.write_event(Event::End(BytesEnd::new("node")))?;
        }
        for (k, e) in graph.edge_references().enumerate() {
            let (s, t) = (node_key(&graph[e.source()].id), node_key(&graph[e.target()].id));
            let id = format!("e{k}");
            w.write_event(Event::Start(BytesStart::new("edge").with_attributes([
                ("id", id.as_str()),
                ("source", s.as_str()),
                ("target", t.as_str()),
            ])))?;
            for (name, value) in edge_values(e.weight(), g.article_ids) {
                if let Some(v) = value {
                    data(&mut w, &format!("e_{name}"), &v)?;
                }
            }
            w.write_event(Event::End(BytesEnd::new("edge")))?;
        }
        w.write_event(Event::End(BytesEnd::new("graph")))?;
        w.write_event(Event::End(BytesEnd::new("graphml")))?;
        let mut inner = w.into_inner();
        inner.write_all(b"\n")?;
        Ok(())
    }
}

fn data<W: Write>(w: &mut Writer<W>, key: &str, value: &Value) -> std::io::Result<()> {
    let sep = if key.ends_with("article_ids") { " " } else { "|" };
    w.write_event(Event::Start(BytesStart::new("data").with_attributes([("key", key)])))?;
    w.write_event(Event::Text(BytesText::new(&xml_clean(&value.text(sep)))))?;
    w.write_event(Event::End(BytesEnd::new("data")))?;
    Ok(())
}
