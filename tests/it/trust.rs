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

/// An edge as (kind, source label, target label).
type Labelled = (String, String, String);

/// Node attributes by key, and the edges with their ends' labels.
fn graph(dir: &std::path::Path) -> (BTreeMap<String, Value>, Vec<Labelled>) {
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
fn a_congress_and_its_standing_committee_are_one_node() {
    let (nodes, edges) = graph(sample());
    let labels: BTreeSet<&str> = nodes.values().filter_map(|n| n["label"].as_str()).collect();
    assert!(labels.contains("二七区人大常委会"), "{labels:?}");
    assert!(!labels.contains("二七区人大"), "two nodes for one organ: {labels:?}");
    // The story's 区人大 and 区人大常委会 and their people are on the one node.
    assert!(edges.iter().any(|(_, a, b)| (a.as_str(), b.as_str()) == ("吕安民", "二七区人大常委会")), "{edges:?}");
    // What the stories wrote still finds it.
    let o = run(sample(), &["query", "二七区人大", "--store", ".", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let found: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(found["entity"]["id"], "organization:二七区人大常委会", "{found}");
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

/// One story in three printings, and another story on the same day with the same officials.
const STORY: &str = "6月21日上午，二七区举行基础设施项目集中开工仪式，集中开工27个项目，总投资42.85亿元，年度计划投资21.75亿元。区领导陈红民、苏建设、时博等参加开工仪式。此次集中开工的项目涵盖交通、新基建、市政和产业园区基础设施建设等多个领域，项目建成后，将在提升城市承载能力、保障要素高效流动、促进经济循环畅通等方面发挥重要作用。";
const OTHER: &str = "6月21日下午，二七区召开安全生产工作会议，区领导陈红民、苏建设、时博出席会议。会议通报了上半年全区安全生产形势，安排部署了汛期安全生产和防汛抗灾工作，要求各街道、各部门压实责任，加强隐患排查治理，确保全区安全形势持续稳定。";

fn reprint_inputs(d: &std::path::Path) {
    // The city paper's page.
    fs::write(d.join("paper.txt"), format!("# 二七区27个基础设施项目集中开工\n\n本报讯（记者 景静）{STORY}\n")).unwrap();
    // A portal's record: other chrome, ASCII punctuation, an earlier date.
    let portal = STORY.replace('，', ",").replace('。', ". ");
    let rec = serde_json::json!({"id": "portal-1", "title": "二七区集中开工27个项目", "date": "2022-06-20",
        "text": format!("来源：郑州日报  编辑：王小明\n{portal}")});
    // The district site's copy with one sentence rewritten.
    let edited = STORY.replace("区领导陈红民、苏建设、时博等参加开工仪式。", "区委书记陈红民出席仪式并宣布项目开工。");
    let site = serde_json::json!({"id": "site-1", "title": "我区集中开工一批基础设施项目", "date": "2022-06-22", "text": edited});
    let other = serde_json::json!({"id": "other-1", "title": "二七区召开安全生产工作会议", "date": "2022-06-21", "text": OTHER});
    fs::write(d.join("web.jsonl"), format!("{rec}\n{site}\n{other}\n")).unwrap();
}

fn records(dir: &std::path::Path) -> Vec<Value> {
    fs::read_to_string(dir.join("articles.jsonl")).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn a_reprint_is_one_article_with_several_sources() {
    let d = tempdir("trust-reprints");
    reprint_inputs(&d);
    let o = run(&d, &["build", "paper.txt", "web.jsonl", "--out", "g"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 reprints folded"), "{}", String::from_utf8_lossy(&o.stderr));
    let recs = records(&d.join("g"));
    assert_eq!(recs.len(), 2, "one story and the other: {recs:?}");
    let story = &recs[0];
    assert_eq!(story["source"], "paper.txt");
    let sources: Vec<&str> = story["reprints"].as_array().unwrap().iter().map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(sources, ["web.jsonl", "web.jsonl"]);
    let ids: Vec<&str> = story["reprints"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["portal-1", "site-1"]);
    assert_eq!(story["date"], "2022-06-20", "the earliest printing's date");
    assert_eq!(recs[1]["id"], "other-1");
    // The story counts once: 陈红民 and 苏建设 co-occur in two articles (the story and
    // the other meeting), not four.
    let o = run(&d, &["query", "陈红民", "--with", "苏建设", "--json", "--store", "g"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["articles"].as_array().unwrap().len(), 2, "{v}");
    // The store keeps the reprints: an append reads them back, and a reprint seen again
    // is not added twice.
    let o = run(&d, &["build", "web.jsonl", "--out", "g", "--append"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let recs = records(&d.join("g"));
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["reprints"].as_array().unwrap().len(), 2, "{:?}", recs[0]);
    // --keep-reprints keeps them apart.
    let o = run(&d, &["build", "paper.txt", "web.jsonl", "--out", "k", "--keep-reprints"]);
    assert!(o.status.success());
    assert_eq!(records(&d.join("k")).len(), 4);
}
