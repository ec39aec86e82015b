//! GEXF 1.3 for Gephi: declared attributes, `viz:color` and `viz:size` per node, and, when
//! articles have dates, a dynamic graph whose nodes and edges live from their first to
//! their last date (interval spells), so Gephi's timeline shows the graph growing.
//! Valid against the GEXF 1.3 RelaxNG grammar.

use super::attrs::{edge_values, node_values, Kind, EDGE_ATTRS, NODE_ATTRS};
use super::{node_key, style, xml_clean};
use crate::graph::EntityGraph;
use petgraph::visit::EdgeRef;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

/// Writes an [`EntityGraph`] as GEXF 1.3.
#[derive(Clone, Debug, Default)]
pub struct GexfWriter;

/// Attributes that GEXF states in its own way (label) or in `viz` (size, colour).
const SKIP: [&str; 5] = ["label", "size", "r", "g", "b"];

fn gexf_type(k: Kind) -> &'static str {
    match k {
        Kind::Str | Kind::List => "string",
        Kind::Int => "integer",
        Kind::Float => "double",
    }
}

impl GexfWriter {
    pub fn write<W: Write>(&self, g: &EntityGraph, out: W) -> std::io::Result<()> {
        let graph = &g.graph;
        let dynamic = graph.node_weights().any(|n| n.first_date.is_some());
        let mut w = Writer::new_with_indent(out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.write_event(Event::Start(BytesStart::new("gexf").with_attributes([
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("version", "1.3"),
        ])))?;
        w.write_event(Event::Start(BytesStart::new("meta")))?;
        text_element(&mut w, "creator", "newsgraph")?;
        text_element(&mut w, "description", "Entities of Chinese local-government news and their links")?;
        w.write_event(Event::End(BytesEnd::new("meta")))?;
        let mut graph_el = BytesStart::new("graph").with_attributes([("defaultedgetype", "undirected")]);
        if dynamic {
            graph_el.extend_attributes([("mode", "dynamic"), ("timeformat", "date")]);
        } else {
            graph_el.extend_attributes([("mode", "static")]);
        }
        w.write_event(Event::Start(graph_el))?;
        for (class, attrs) in [("node", &NODE_ATTRS[..]), ("edge", &EDGE_ATTRS[..])] {
            w.write_event(Event::Start(BytesStart::new("attributes").with_attributes([("class", class)])))?;
            for (name, kind) in attrs.iter().filter(|(n, _)| !SKIP.contains(n)) {
                w.write_event(Event::Empty(BytesStart::new("attribute").with_attributes([
                    ("id", *name),
                    ("title", *name),
                    ("type", gexf_type(*kind)),
                ])))?;
            }
            w.write_event(Event::End(BytesEnd::new("attributes")))?;
        }
        let count = graph.node_count().to_string();
        w.write_event(Event::Start(BytesStart::new("nodes").with_attributes([("count", count.as_str())])))?;
        for i in graph.node_indices() {
            let n = &graph[i];
            let key = node_key(&n.id);
            let label = xml_clean(n.label()).into_owned();
            w.write_event(Event::Start(
                BytesStart::new("node").with_attributes([("id", key.as_str()), ("label", label.as_str())]),
            ))?;
            attvalues(&mut w, node_values(n))?;
            spells(&mut w, n.first_date.as_deref(), n.last_date.as_deref())?;
            let (r, gr, b) = style::color(n.ty);
            let (r, gr, b) = (r.to_string(), gr.to_string(), b.to_string());
            w.write_event(Event::Empty(BytesStart::new("viz:color").with_attributes([
                ("r", r.as_str()),
                ("g", gr.as_str()),
                ("b", b.as_str()),
            ])))?;
            let size = super::attrs::format_float(style::size(n));
            w.write_event(Event::Empty(BytesStart::new("viz:size").with_attributes([("value", size.as_str())])))?;
            w.write_event(Event::End(BytesEnd::new("node")))?;
        }
        w.write_event(Event::End(BytesEnd::new("nodes")))?;
        let count = graph.edge_count().to_string();
        w.write_event(Event::Start(BytesStart::new("edges").with_attributes([("count", count.as_str())])))?;
        for (k, e) in graph.edge_references().enumerate() {
            let d = e.weight();
            let (s, t) = (node_key(&graph[e.source()].id), node_key(&graph[e.target()].id));
            let id = format!("e{k}");
            let weight = super::attrs::format_float(d.weight);
            w.write_event(Event::Start(BytesStart::new("edge").with_attributes([
                ("id", id.as_str()),
                ("source", s.as_str()),
                ("target", t.as_str()),
                ("weight", weight.as_str()),
                ("kind", d.kind.as_str()),
            ])))?;
            attvalues(&mut w, edge_values(d, g.article_ids))?;
            spells(&mut w, d.first_date.as_deref(), d.last_date.as_deref())?;
            w.write_event(Event::End(BytesEnd::new("edge")))?;
        }
        w.write_event(Event::End(BytesEnd::new("edges")))?;
        w.write_event(Event::End(BytesEnd::new("graph")))?;
        w.write_event(Event::End(BytesEnd::new("gexf")))?;
        w.into_inner().write_all(b"\n")
    }
}

fn text_element<W: Write>(w: &mut Writer<W>, name: &str, text: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name)))?;
    w.write_event(Event::Text(BytesText::new(text)))?;
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn attvalues<W: Write>(w: &mut Writer<W>, values: Vec<(&'static str, Option<super::attrs::Value>)>) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("attvalues")))?;
    for (name, value) in values {
        let Some(v) = value else { continue };
        if SKIP.contains(&name) {
            continue;
        }
        let sep = if name == "article_ids" { " " } else { "|" };
        let text = xml_clean(&v.text(sep)).into_owned();
        w.write_event(Event::Empty(
            BytesStart::new("attvalue").with_attributes([("for", name), ("value", text.as_str())]),
        ))?;
    }
    w.write_event(Event::End(BytesEnd::new("attvalues")))
}

fn spells<W: Write>(w: &mut Writer<W>, first: Option<&str>, last: Option<&str>) -> std::io::Result<()> {
    let (Some(start), Some(end)) = (first, last) else { return Ok(()) };
    w.write_event(Event::Start(BytesStart::new("spells")))?;
    w.write_event(Event::Empty(BytesStart::new("spell").with_attributes([("start", start), ("end", end)])))?;
    w.write_event(Event::End(BytesEnd::new("spells")))
}
