//! GraphML for Gephi, networkx and igraph: XML declaration, typed `<key>`s before
//! `<graph>`, undirected, ASCII node ids with the Chinese name in `label`.

use super::{node_key, xml_clean};
use crate::graph::EntityGraph;
use petgraph::visit::EdgeRef;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

/// Writes an [`EntityGraph`] as GraphML.
#[derive(Clone, Debug, Default)]
pub struct GraphmlWriter;

const NODE_KEYS: [(&str, &str, &str); 6] = [
    ("label", "label", "string"),
    ("type", "type", "string"),
    ("mentions", "mentions", "int"),
    ("articles", "articles", "int"),
    ("aliases", "aliases", "string"),
    ("roles", "roles", "string"),
];
const EDGE_KEYS: [(&str, &str, &str); 4] = [
    ("weight", "weight", "double"),
    ("kind", "kind", "string"),
    ("article_ids", "article_ids", "string"),
    ("article_count", "article_count", "int"),
];

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
        for (domain, keys) in [("node", &NODE_KEYS[..]), ("edge", &EDGE_KEYS[..])] {
            for (id, name, ty) in keys {
                let key_id = format!("{}_{}", &domain[..1], id);
                w.write_event(Event::Empty(BytesStart::new("key").with_attributes([
                    ("id", key_id.as_str()),
                    ("for", domain),
                    ("attr.name", name),
                    ("attr.type", ty),
                ])))?;
            }
        }
        w.write_event(Event::Start(
            BytesStart::new("graph").with_attributes([("id", "G"), ("edgedefault", "undirected")]),
        ))?;
        let graph = &g.graph;
        for i in graph.node_indices() {
            let n = &graph[i];
            let key = node_key(&n.id);
            w.write_event(Event::Start(BytesStart::new("node").with_attributes([("id", key.as_str())])))?;
            let roles: Vec<String> = n.roles.keys().cloned().collect();
            let aliases: Vec<String> = n.aliases.iter().cloned().collect();
            data(&mut w, "n_label", &n.name)?;
            data(&mut w, "n_type", n.ty.map(|t| t.as_str()).unwrap_or(""))?;
            data(&mut w, "n_mentions", &n.mentions.to_string())?;
            data(&mut w, "n_articles", &n.articles.len().to_string())?;
            data(&mut w, "n_aliases", &aliases.join("|"))?;
            data(&mut w, "n_roles", &roles.join("|"))?;
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
            let d = e.weight();
            data(&mut w, "e_weight", &format_weight(d.weight))?;
            data(&mut w, "e_kind", d.kind.as_str())?;
            let ids: Vec<&str> = d.articles.iter().map(String::as_str).collect();
            data(&mut w, "e_article_ids", &ids.join(" "))?;
            data(&mut w, "e_article_count", &d.articles.len().to_string())?;
            w.write_event(Event::End(BytesEnd::new("edge")))?;
        }
        w.write_event(Event::End(BytesEnd::new("graph")))?;
        w.write_event(Event::End(BytesEnd::new("graphml")))?;
        let mut inner = w.into_inner();
        inner.write_all(b"\n")?;
        Ok(())
    }
}

fn data<W: Write>(w: &mut Writer<W>, key: &str, value: &str) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new("data").with_attributes([("key", key)])))?;
    w.write_event(Event::Text(BytesText::new(&xml_clean(value))))?;
    w.write_event(Event::End(BytesEnd::new("data")))?;
    Ok(())
}

/// Weights print without a trailing `.0` noise but always parse as doubles.
pub fn format_weight(w: f64) -> String {
    if w.fract() == 0.0 && w.abs() < 1e15 {
        format!("{w:.1}")
    } else {
        let s = format!("{w:.6}");
        s.trim_end_matches('0').to_string()
    }
}
