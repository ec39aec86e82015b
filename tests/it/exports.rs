//! Outputs of `build`: the committed sample graph is what a fresh build writes (byte for
//! byte), `articles.jsonl` has the documented shape with spans that slice the text, and
//! the GraphML is well-formed with the declared keys.

use crate::common::{build_sample, root};
use serde_json::Value;
use std::fs;

const OUTPUTS: [&str; 4] = ["graph.graphml", "graph.gexf", "graph.json", "articles.jsonl"];

#[test]
fn committed_sample_graph_is_fresh_and_builds_are_deterministic() {
    let a = build_sample("det-a");
    let b = build_sample("det-b");
    for f in OUTPUTS {
        let x = fs::read(a.join(f)).unwrap();
        let y = fs::read(b.join(f)).unwrap();
        assert!(x == y, "{f} differs between two builds");
        let committed = fs::read(root().join("graphs").join(f)).unwrap_or_default();
        assert!(
            x == committed,
            "graphs/{f} is stale: run `cargo run --release -- build corpus` and commit graphs/"
        );
    }
}

#[test]
fn articles_jsonl_shape_and_spans() {
    let out = build_sample("shape");
    let text = fs::read_to_string(out.join("articles.jsonl")).unwrap();
    let mut n = 0;
    let types = ["official", "person", "journalist", "district", "organization", "company", "program", "project"];
    for line in text.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        for k in ["id", "source", "title", "date", "journalists", "text", "entities"] {
            assert!(r.get(k).is_some(), "missing {k}");
        }
        assert!(r["source"].as_str().unwrap().starts_with("corpus/"));
        let chars: Vec<char> = r["text"].as_str().unwrap().chars().collect();
        for e in r["entities"].as_array().unwrap() {
            let ty = e["type"].as_str().unwrap();
            assert!(types.contains(&ty), "bad type {ty}");
            let name = e["name"].as_str().unwrap();
            assert_eq!(e["id"].as_str().unwrap(), format!("{ty}:{name}"));
            let spans = e["spans"].as_array().unwrap();
            assert_eq!(e["count"].as_u64().unwrap() as usize, spans.len());
            for s in spans {
                let (a, b) = (s[0].as_u64().unwrap() as usize, s[1].as_u64().unwrap() as usize);
                assert!(a < b && b <= chars.len());
                let surface: String = chars[a..b].iter().collect();
                assert!(!surface.trim().is_empty());
                // Names that resolution did not change are sliced back exactly.
                if ["official", "journalist", "person", "company"].contains(&ty) {
                    assert_eq!(surface, name, "span of {name} slices to {surface}");
                }
            }
        }
        n += 1;
    }
    assert_eq!(n, 16);
}

#[test]
fn graphml_declares_keys_before_graph_and_is_undirected() {
    let out = build_sample("graphml");
    let xml = fs::read_to_string(out.join("graph.graphml")).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    let first_graph = xml.find("<graph ").unwrap();
    let last_key = xml.rfind("<key ").unwrap();
    assert!(last_key < first_graph);
    assert!(xml.contains("edgedefault=\"undirected\""));
    // Every node id is ASCII; labels carry the Chinese names.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut nodes = 0;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) if e.name().into_inner() == "node" => {
                let id = e.try_get_attribute("id").unwrap().unwrap();
                assert!(id.value.is_ascii());
                nodes += 1;
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert!(nodes > 10);
    assert!(xml.contains("<data key=\"n_label\">苏建设</data>"));
}

#[test]
fn graph_json_is_graphology() {
    let out = build_sample("json");
    let v: Value = serde_json::from_str(&fs::read_to_string(out.join("graph.json")).unwrap()).unwrap();
    assert_eq!(v["options"]["type"], "undirected");
    let nodes = v["nodes"].as_array().unwrap();
    let keys: std::collections::HashSet<&str> = nodes.iter().map(|n| n["key"].as_str().unwrap()).collect();
    for e in v["edges"].as_array().unwrap() {
        assert!(keys.contains(e["source"].as_str().unwrap()));
        assert!(keys.contains(e["target"].as_str().unwrap()));
        assert!(e["attributes"]["weight"].as_f64().unwrap() > 0.0);
    }
    // Journalists are bylines: no co-occurrence edges (their `covers` edges say what they
    // wrote about).
    let journalists: std::collections::HashSet<&str> = nodes
        .iter()
        .filter(|n| n["attributes"]["type"] == "journalist")
        .map(|n| n["key"].as_str().unwrap())
        .collect();
    assert!(!journalists.is_empty());
    assert!(v["edges"].as_array().unwrap().iter().filter(|e| e["attributes"]["kind"] != "covers").all(|e| !journalists.contains(e["source"].as_str().unwrap())
        && !journalists.contains(e["target"].as_str().unwrap())));
}
