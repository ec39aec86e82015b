//! Answers a reporter can trust: numbers that mean what they say and links that are there
//! (issue 16). Each test failed before its fix.

use crate::common::{root, run, tempdir};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One build of the sample, shared by these tests.
fn sample() -> &'static PathBuf {
    static S: OnceLock<PathBuf> = OnceLock::new();
    S.get_or_init(|| {
        let d = tempdir("trust-sample");
        let o = run(&root(), &["build", "corpus", "--out", d.to_str().unwrap(), "--quiet"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        d
    })
}

/// Node labels by key, and the edges as (kind, source label, target label).
fn graph(dir: &std::path::Path) -> (BTreeMap<String, Value>, Vec<(String, String, String)>) {
    let g: Value = serde_json::from_str(&fs::read_to_string(dir.join("graph.json")).unwrap()).unwrap();
    let nodes: BTreeMap<String, Value> =
        g["nodes"].as_array().unwrap().iter().map(|n| (n["key"].as_str().unwrap().to_string(), n["attributes"].clone())).collect();
    let label = |k: &Value| nodes[k.as_str().unwrap()]["label"].as_str().unwrap().to_string();
    let edges = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["attributes"]["kind"].as_str().unwrap().to_string(), label(&e["source"]), label(&e["target"])))
        .collect();
    (nodes, edges)
}

#[test]
fn no_negative_zero_in_any_export() {
    for f in ["graph.graphml", "graph.gexf", "graph.json"] {
        let text = fs::read_to_string(sample().join(f)).unwrap();
        for bad in [">-0.0<", "\"-0.0\"", ":-0.0", "=\"-0.0\"", ">-0<"] {
            assert!(!text.contains(bad), "{f} holds {bad}");
        }
    }
}

#[test]
fn degree_counts_distinct_neighbours() {
    let (nodes, edges) = graph(sample());
    let mut near: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, a, b) in &edges {
        near.entry(a.clone()).or_default().insert(b.clone());
        near.entry(b.clone()).or_default().insert(a.clone());
    }
    for n in nodes.values() {
        let label = n["label"].as_str().unwrap();
        let want = near.get(label).map_or(0, |s| s.len());
        assert_eq!(n["degree"].as_u64().unwrap() as usize, want, "{label}");
    }
    // 二七区 has parallel edges (co-occurrence and role) to some neighbours.
    let erqi = nodes.values().find(|n| n["label"] == "二七区").unwrap();
    let parallel = edges.iter().filter(|(_, a, b)| a == "二七区" || b == "二七区").count();
    assert!(parallel > erqi["degree"].as_u64().unwrap() as usize);
}

#[test]
fn a_town_shared_by_many_counties_is_located_in_the_one_the_story_names() {
    // Eleven towns are called 王村镇; the sample's is 荥阳市's.
    let (_, edges) = graph(sample());
    assert!(edges.contains(&("located_in".into(), "王村镇".into(), "荥阳市".into())), "{:?}", edges.iter().filter(|e| e.1 == "王村镇").collect::<Vec<_>>());
}

#[test]
fn roles_are_tied_to_where_they_are_held() {
    let d = tempdir("trust-roles");
    fs::write(d.join("a.txt"), "惠济区副区长孙丽到花园口镇检查防汛工作。\n").unwrap();
    fs::write(d.join("b.txt"), "二七区召开推进会。区人大常委会主任吕安民出席会议。\n").unwrap();
    let o = run(&d, &["extract", "a.txt", "b.txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut role_of = BTreeMap::new();
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        for e in r["entities"].as_array().unwrap() {
            if let Some(o) = e["role_of"].as_str() {
                role_of.insert(e["name"].as_str().unwrap().to_string(), o.to_string());
            }
        }
    }
    assert_eq!(role_of.get("孙丽").map(String::as_str), Some("district:惠济区"), "{role_of:?}");
    assert_eq!(role_of.get("吕安民").map(String::as_str), Some("organization:二七区人大常委会"), "{role_of:?}");
}

#[test]
fn journalists_cover_the_entities_of_their_articles() {
    let (nodes, edges) = graph(sample());
    let ty = |label: &str| nodes.values().find(|n| n["label"] == label).unwrap()["type"].as_str().unwrap().to_string();
    let covers: Vec<&(String, String, String)> = edges.iter().filter(|e| e.0 == "covers").collect();
    assert!(covers.iter().any(|e| e.1 == "景静" && e.2 == "苏建设"), "{covers:?}");
    for (_, j, t) in &covers {
        assert_eq!(ty(j), "journalist");
        assert_ne!(ty(t), "journalist");
    }
    // Bylines stay out of co-occurrence.
    assert!(edges.iter().filter(|e| e.0 == "cooccurs").all(|e| ty(&e.1) != "journalist" && ty(&e.2) != "journalist"));
    // query answers for a journalist, and --exclude journalist hides them.
    let o = run(&root(), &["query", "景静", "--json", "--store", sample().to_str().unwrap()]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["neighbors"].as_array().unwrap().iter().any(|n| n["kinds"].as_array().unwrap().iter().any(|k| k == "covers")), "{v}");
    let d = tempdir("trust-nojournalists");
    let o = run(&root(), &["export", "--from", sample().to_str().unwrap(), "--format", "json", "--exclude", "journalist", "--out", d.join("g.json").to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    fs::rename(d.join("g.json"), d.join("graph.json")).unwrap();
    let (_, edges) = graph(&d);
    assert!(edges.iter().all(|e| e.0 != "covers"));
}
