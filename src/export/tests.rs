//! Writer tests on a small hand-made graph: every format writes, names with XML-special
//! and XML-illegal chars survive, output is byte-identical across writes, GEXF is dynamic
//! exactly when there are dates.

use super::*;
use crate::graph::{Articles, Edge, EdgeKind, Node};
use crate::model::EntityType;

fn node(ty: EntityType, name: &str, date: Option<&str>) -> Node {
    Node {
        id: EntityId::new(ty, name),
        ty: Some(ty),
        name: name.into(),
        mentions: 3,
        articles: Articles::from_ids([("a-01", None)]),
        first_date: date.map(String::from),
        last_date: date.map(String::from),
        ..Default::default()
    }
}

fn edge(kind: EdgeKind, w: f64, date: Option<&str>) -> Edge {
    Edge {
        kind,
        count: w,
        fractional: w / 2.0,
        jaccard: 0.5,
        weight: w,
        articles: Articles::from_ids([("a-01", None), ("a-02", None)]),
        first_date: date.map(String::from),
        last_date: date.map(String::from),
        roles: if kind == EdgeKind::Role { ["局长".to_string()].into() } else { Default::default() },
        ..Edge::new(kind)
    }
}

fn sample(date: Option<&str>) -> EntityGraph {
    let mut g = EntityGraph::default();
    let a = g.graph.add_node(node(EntityType::Official, "赵青", date));
    let b = g.graph.add_node(node(EntityType::Organization, "中原区审计局<&\"'>\u{1}", date));
    let c = g.graph.add_node(node(EntityType::District, "中原区", date));
    g.graph.add_edge(a, b, edge(EdgeKind::Cooccurs, 2.0, date));
    g.graph.add_edge(a, b, edge(EdgeKind::Role, 1.0, date));
    g.graph.add_edge(b, c, edge(EdgeKind::LocatedIn, 1.0, None));
    crate::analysis::annotate(&mut g);
    g
}

fn render(g: &EntityGraph, f: Format) -> String {
    let mut v = Vec::new();
    write(g, f, &mut v).unwrap();
    String::from_utf8(v).unwrap()
}

const STREAMS: [Format; 5] = [Format::Graphml, Format::Gexf, Format::Json, Format::NodeLink, Format::Dot];

#[test]
fn every_format_is_deterministic_and_carries_kinds() {
    let g = sample(Some("2022-06-21"));
    for f in STREAMS {
        let (x, y) = (render(&g, f), render(&g, f));
        assert_eq!(x, y, "{f:?}");
        for kind in ["cooccurs", "role", "located_in"] {
            assert!(x.contains(kind), "{f:?} lacks {kind}");
        }
        assert!(!x.contains('\u{1}'), "{f:?} kept an XML-illegal char");
    }
}

#[test]
fn xml_formats_escape_names() {
    let g = sample(None);
    for f in [Format::Graphml, Format::Gexf] {
        let x = render(&g, f);
        assert!(x.contains("中原区审计局&lt;&amp;"), "{f:?}: {x}");
        let mut r = quick_xml::Reader::from_str(&x);
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{f:?} is not well-formed: {e}"),
            }
        }
    }
}

#[test]
fn gexf_is_dynamic_only_with_dates() {
    let dated = render(&sample(Some("2022-06-21")), Format::Gexf);
    assert!(dated.contains("mode=\"dynamic\"") && dated.contains("timeformat=\"date\""));
    assert!(dated.contains("<spell start=\"2022-06-21\" end=\"2022-06-21\"/>"));
    assert!(dated.contains("<viz:color r=\"213\" g=\"94\" b=\"0\"/>"));
    let plain = render(&sample(None), Format::Gexf);
    assert!(plain.contains("mode=\"static\"") && !plain.contains("<spell"));
}

#[test]
fn json_formats_parse_and_agree() {
    let g = sample(None);
    let j: serde_json::Value = serde_json::from_str(&render(&g, Format::Json)).unwrap();
    let n: serde_json::Value = serde_json::from_str(&render(&g, Format::NodeLink)).unwrap();
    assert_eq!(j["nodes"].as_array().unwrap().len(), 3);
    assert_eq!(n["edges"].as_array().unwrap().len(), 3);
    assert_eq!(n["multigraph"], true);
    let role = n["edges"].as_array().unwrap().iter().find(|e| e["kind"] == "role").unwrap();
    assert_eq!(role["roles"], serde_json::json!(["局长"]));
    assert_eq!(j["edges"][0]["attributes"]["article_ids"], serde_json::json!(["a-01", "a-02"]));
}

#[test]
fn csv_has_neo4j_headers_and_quotes() {
    let g = sample(None);
    let dir = std::env::temp_dir().join(format!("newsgraph-csv-{}", std::process::id()));
    let files = write_csv_dir(&g, &dir).unwrap();
    let nodes = std::fs::read_to_string(&files[0]).unwrap();
    let edges = std::fs::read_to_string(&files[1]).unwrap();
    assert!(nodes.starts_with("id:ID,:LABEL,label,"));
    assert!(nodes.contains(",Official,赵青,"));
    assert!(nodes.contains("\"中原区审计局<&\"\"'>\""), "{nodes}");
    assert!(edges.starts_with(":START_ID,:END_ID,:TYPE,weight:double,"));
    assert!(edges.contains(",ROLE,") && edges.contains(",LOCATED_IN,"));
    assert!(edges.contains("a-01;a-02"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dot_escapes_quotes() {
    let x = render(&sample(None), Format::Dot);
    assert!(x.starts_with("graph newsgraph {"));
    assert!(x.contains("label=\"中原区审计局<&\\\"'>\""), "{x}");
    assert!(x.contains("style=dashed"));
}

#[test]
fn keys_are_ascii_and_stable() {
    let k = node_key(&EntityId("official:苏建设".into()));
    assert!(k.starts_with("official-") && k.is_ascii() && k.len() == "official-".len() + 12);
    assert_eq!(k, node_key(&EntityId("official:苏建设".into())));
    assert_eq!(xml_clean("a\u{1}b\u{FFFF}c\n"), "abc\n");
}

#[test]
fn graphology_streams_the_bytes_of_its_pretty_value() {
    let w = super::graphology::GraphologyWriter;
    for g in [sample(None), sample(Some("2022-06-21")), EntityGraph::default()] {
        let mut streamed = Vec::new();
        w.write(&g, &mut streamed).unwrap();
        let mut whole = serde_json::to_vec_pretty(&w.to_value(&g)).unwrap();
        whole.push(b'\n');
        assert_eq!(String::from_utf8(streamed).unwrap(), String::from_utf8(whole).unwrap());
    }
}

#[test]
fn an_edge_lists_its_newest_article_ids_and_counts_them_all() {
    let ids: Vec<String> = (0..30).map(|k| format!("b-{k:02}")).collect();
    let dates: Vec<String> = (0..30).map(|k| format!("2021-{:02}-01", 1 + k % 12)).collect();
    let mut g = sample(None);
    let e = g.graph.edge_indices().next().unwrap();
    g.graph[e].articles = Articles::from_ids(ids.iter().zip(&dates).map(|(i, d)| (i.as_str(), Some(d.as_str()))));
    let listed = |g: &EntityGraph| {
        let j: serde_json::Value = serde_json::from_str(&render(g, Format::Json)).unwrap();
        let a = &j["edges"][0]["attributes"];
        (a["article_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect::<Vec<_>>(), a["article_count"].clone())
    };
    g.article_ids = Some(4);
    let (four, count) = listed(&g);
    // December's article first, then November's two (ties by id), then October's.
    assert_eq!(four, ["b-11", "b-23", "b-10", "b-22"]);
    assert_eq!(count, 30);
    g.article_ids = None;
    let (all, count) = listed(&g);
    assert_eq!((all.len(), count), (30, serde_json::json!(30)));
    assert_eq!(all[..4], four[..]);
    // GraphML lists the same ids, space-separated.
    g.article_ids = Some(4);
    assert!(render(&g, Format::Graphml).contains(">b-11 b-23 b-10 b-22<"));
}
