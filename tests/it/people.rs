//! One node per person, not per name: officials who share a name are one node only when
//! their posts are compatible (the same county-level jurisdiction or one of its ancestors,
//! or the same organization); otherwise each is `official:NAME@JURISDICTION`, the store's
//! rows follow, and `query NAME` lists them and asks for one. The pages are written for
//! these tests; the people in them are made up.

use crate::common::{page, pipeline, root, run, tempdir};
use newsgraph::graph::{EdgeKind, EntityGraph, GraphBuilder, SplitIds, Window};
use newsgraph::model::{ArticleRecord, EntityRecord, EntityType};
use petgraph::visit::EdgeRef;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Records for (id, date, text), through the whole pipeline.
fn recognized(articles: &[(&str, &str, &str)]) -> Vec<ArticleRecord> {
    let mut out = Vec::new();
    for (id, date, text) in articles {
        for (a, m) in pipeline().process_page(&page(&format!("{id}.txt"), text)) {
            let mut r = pipeline().record(&a, &m);
            r.id = id.to_string();
            r.date = Some(date.to_string());
            out.push(r);
        }
    }
    out
}

fn graph(records: &[ArticleRecord]) -> (EntityGraph, SplitIds) {
    let mut b = GraphBuilder::new(Window::Paragraph);
    for r in records {
        b.add_article(r);
    }
    b.build_split(&pipeline().recognizer.index)
}

fn ids_named(g: &EntityGraph, name: &str) -> Vec<String> {
    g.graph.node_weights().filter(|n| n.name == name).map(|n| n.id.0.clone()).collect()
}

/// The ids linked to `id` by any edge.
fn neighbours(g: &EntityGraph, id: &str) -> BTreeSet<String> {
    g.graph
        .edge_references()
        .filter_map(|e| {
            let (a, b) = (&g.graph[e.source()].id.0, &g.graph[e.target()].id.0);
            if a == id {
                Some(b.clone())
            } else if b == id {
                Some(a.clone())
            } else {
                None
            }
        })
        .collect()
}

fn node<'a>(g: &'a EntityGraph, id: &str) -> &'a newsgraph::graph::Node {
    g.graph.node_weights().find(|n| n.id.0 == id).unwrap_or_else(|| panic!("no node {id}: {:?}", ids_named(g, id)))
}

const ZHONGYUAN: &str = "中原区副区长王伟走访企业\n3月1日，中原区副区长王伟走访调研河南岚川食品有限公司，了解企业生产经营情况。\n王伟要求，相关部门要主动靠前服务，帮助企业解决用工难题。";
const DENGFENG: &str = "大冶镇检查人居环境整治\n3月2日，登封市大冶镇镇长王伟到石门沟村检查人居环境整治工作。\n王伟强调，要压实村组责任，确保整治见到实效。";

#[test]
fn one_name_in_two_counties_is_two_people_named_after_their_counties() {
    let (g, split) = graph(&recognized(&[("zy-1", "2023-03-01", ZHONGYUAN), ("df-1", "2023-03-02", DENGFENG)]));
    let mut ids = ids_named(&g, "王伟");
    ids.sort();
    assert_eq!(ids, ["official:王伟@中原区", "official:王伟@登封市"]);
    let zy = neighbours(&g, "official:王伟@中原区");
    let df = neighbours(&g, "official:王伟@登封市");
    assert!(zy.contains("district:中原区") && zy.contains("company:河南岚川食品有限公司"), "{zy:?}");
    assert!(df.contains("district:大冶镇") && df.contains("district:登封市"), "{df:?}");
    // No edge links one county's entities to the other's through one 王伟.
    assert!(zy.iter().all(|n| !n.contains("大冶镇") && !n.contains("登封市")), "{zy:?}");
    assert!(df.iter().all(|n| !n.contains("中原区") && !n.contains("岚川")), "{df:?}");
    // Each keeps its own titles and mentions.
    assert!(node(&g, "official:王伟@登封市").roles.keys().all(|r| r.contains("镇长")));
    assert_eq!(node(&g, "official:王伟@中原区").articles.len(), 1);
    // Role edges go from each person to their own office.
    let role = |from: &str, to: &str| {
        g.graph.edge_references().any(|e| {
            e.weight().kind == EdgeKind::Role && g.graph[e.source()].id.0 == from && g.graph[e.target()].id.0 == to
        })
    };
    assert!(role("official:王伟@中原区", "district:中原区") && role("official:王伟@登封市", "district:大冶镇"));
    // What the store renames: each article's record id → its person.
    assert_eq!(split.get("zy-1", "official:王伟"), Some("official:王伟@中原区"));
    assert_eq!(split.get("df-1", "official:王伟"), Some("official:王伟@登封市"));
    assert_eq!(split.len(), 2);
}

#[test]
fn one_official_promoted_within_a_county_is_one_node_with_both_titles() {
    let (g, split) = graph(&recognized(&[
        ("eq-1", "2022-05-10", "二七区召开安全生产会议\n5月10日，二七区副区长李向东主持召开安全生产工作会议。\n李向东要求，各单位要压实安全生产责任。"),
        ("eq-2", "2023-08-20", "二七区区长李向东调研项目建设\n8月20日，二七区区长李向东到樱桃沟景区调研项目建设。\n李向东指出，要加快项目建设进度。"),
    ]));
    assert_eq!(ids_named(&g, "李向东"), ["official:李向东"]);
    let n = node(&g, "official:李向东");
    let roles: Vec<&str> = n.roles.keys().map(String::as_str).collect();
    assert!(roles.iter().any(|r| r.ends_with("副区长")) && roles.iter().any(|r| r.ends_with("区区长")), "{roles:?}");
    assert_eq!((n.first_date.as_deref(), n.last_date.as_deref()), (Some("2022-05-10"), Some("2023-08-20")));
    assert_eq!(n.articles.len(), 2);
    assert!(split.is_empty());
}

#[test]
fn a_city_post_joins_the_county_post_in_that_city_but_not_in_another() {
    let county = ("js-1", "2021-04-01", "金水区副区长赵明远走访企业\n4月1日，金水区副区长赵明远到河南岚川食品有限公司走访。\n赵明远要求，要优化营商环境。");
    let city = ("zz-1", "2023-06-01", "郑州市副市长赵明远调研\n6月1日，郑州市副市长赵明远到郑州市农业农村局调研。\n赵明远强调，要抓好粮食生产。");
    let (g, split) = graph(&recognized(&[county, city]));
    assert_eq!(ids_named(&g, "赵明远"), ["official:赵明远"]);
    let n = node(&g, "official:赵明远");
    assert_eq!((n.first_date.as_deref(), n.last_date.as_deref(), n.articles.len()), (Some("2021-04-01"), Some("2023-06-01"), 2));
    assert!(split.is_empty());
    // A city official of another city is another person: the city names that one.
    let other = ("ly-1", "2023-06-01", "洛阳市副市长赵明远调研\n6月1日，洛阳市副市长赵明远到洛阳市农业农村局调研。\n赵明远强调，要抓好粮食生产。");
    let (g, _) = graph(&recognized(&[county, other]));
    let mut ids = ids_named(&g, "赵明远");
    ids.sort();
    assert_eq!(ids, ["official:赵明远@洛阳市", "official:赵明远@金水区"]);
}

/// A record written by hand: its entities with their spans in `text`.
fn record(id: &str, text: &str, entities: &[(EntityType, &str, Option<&str>)]) -> ArticleRecord {
    let chars: Vec<char> = text.chars().collect();
    let entities = entities
        .iter()
        .map(|&(ty, name, role_of)| {
            let n: Vec<char> = name.chars().collect();
            let spans: Vec<[usize; 2]> =
                (0..chars.len()).filter(|&i| chars[i..].starts_with(&n)).map(|i| [i, i + n.len()]).collect();
            assert!(!spans.is_empty(), "{name} not in {text}");
            EntityRecord {
                id: format!("{ty}:{name}"),
                name: name.into(),
                ty,
                count: spans.len(),
                spans,
                roles: if role_of.is_some() { vec!["副区长".into()] } else { vec![] },
                role_of: role_of.map(String::from),
                list_order: None,
            }
        })
        .collect();
    ArticleRecord {
        id: id.into(),
        source: format!("{id}.jsonl"),
        title: String::new(),
        kicker: None,
        subtitle: None,
        date: None,
        date_source: None,
        url: None,
        journalists: vec![],
        text: text.into(),
        entities,
        reprints: vec![],
        relations: vec![],
    }
}

use EntityType::{District, Official, Organization};

#[test]
fn a_mention_with_no_office_joins_the_person_of_its_articles_district_else_the_largest() {
    let records = [
        // Placed: 中原区 (two articles), 登封市 (through its town).
        record("a", "中原区王伟调研。中原区王伟讲话。", &[(District, "中原区", None), (Official, "王伟", Some("district:中原区"))]),
        record("b", "中原区王伟座谈。", &[(District, "中原区", None), (Official, "王伟", Some("district:中原区"))]),
        record("c", "大冶镇王伟检查。", &[(District, "大冶镇", None), (Official, "王伟", Some("district:大冶镇"))]),
        // No office: the article's own district says where.
        record("d", "登封市召开会议，王伟出席。", &[(District, "登封市", None), (Official, "王伟", None)]),
        // A city over both counties: the person under it with the most mentions.
        record("e", "郑州市召开会议，王伟出席。", &[(District, "郑州市", None), (Official, "王伟", None)]),
        // Another city, and no district at all: the person with the most mentions.
        record("f", "洛阳市召开会议，王伟出席。", &[(District, "洛阳市", None), (Official, "王伟", None)]),
        record("g", "会议召开，王伟出席。", &[(Official, "王伟", None)]),
        // No district named: the office of the article's first official that has one.
        record("h", "李明、王伟出席。", &[(Official, "李明", Some("district:大冶镇")), (Official, "王伟", None)]),
    ];
    let (g, split) = graph(&records);
    let person = |article: &str| split.get(article, "official:王伟").unwrap_or("official:王伟").to_string();
    for (a, want) in [
        ("a", "中原区"),
        ("b", "中原区"),
        ("c", "登封市"),
        ("d", "登封市"),
        ("e", "中原区"),
        ("f", "中原区"),
        ("g", "中原区"),
        ("h", "登封市"),
    ] {
        assert_eq!(person(a), format!("official:王伟@{want}"), "article {a}");
    }
    assert_eq!(node(&g, "official:王伟@登封市").articles.len(), 3);
    assert_eq!(node(&g, "official:王伟@中原区").mentions, 6);
}

#[test]
fn posts_in_one_organ_the_division_list_does_not_place_stay_together() {
    let organ = Some("organization:石门沟村党支部");
    let records = [
        record("a", "中原区王伟调研。", &[(District, "中原区", None), (Official, "王伟", Some("district:中原区"))]),
        record("b", "大冶镇王伟检查。", &[(District, "大冶镇", None), (Official, "王伟", Some("district:大冶镇"))]),
        // The village's party secretary, in two articles about two counties: one person,
        // placed by the article with most mentions of him.
        record("c", "登封市石门沟村党支部王伟介绍。王伟说。", &[(District, "登封市", None), (Organization, "石门沟村党支部", None), (Official, "王伟", organ)]),
        record("d", "中原区石门沟村党支部王伟介绍。", &[(District, "中原区", None), (Organization, "石门沟村党支部", None), (Official, "王伟", organ)]),
    ];
    let (_, split) = graph(&records);
    assert_eq!(split.get("c", "official:王伟"), Some("official:王伟@登封市"));
    assert_eq!(split.get("d", "official:王伟"), Some("official:王伟@登封市"));
    assert_eq!(split.get("a", "official:王伟"), Some("official:王伟@中原区"));
}

#[test]
fn a_town_name_many_counties_share_places_an_official_only_under_a_county_the_graph_names() {
    let zhongyuan = record("a", "中原区王伟调研。中原区王伟讲话。", &[(District, "中原区", None), (Official, "王伟", Some("district:中原区"))]);
    // 88 towns are called 城关镇: without one of their counties in the graph, this one
    // places nobody, and its 王伟 joins the only person of the name.
    let town = record("b", "城关镇王伟检查。", &[(District, "城关镇", None), (Official, "王伟", Some("district:城关镇"))]);
    let (g, split) = graph(&[zhongyuan.clone(), town.clone()]);
    assert_eq!(ids_named(&g, "王伟"), ["official:王伟"]);
    assert!(split.is_empty());
    // With 嵩县 (which has a 城关镇) in the graph, the town is that one.
    let county = record("c", "嵩县召开会议。", &[(District, "嵩县", None)]);
    let (_, split) = graph(&[zhongyuan, town, county]);
    assert_eq!(split.get("b", "official:王伟"), Some("official:王伟@嵩县"));
    assert_eq!(split.get("a", "official:王伟"), Some("official:王伟@中原区"));
}

#[test]
fn people_do_not_depend_on_the_order_of_the_articles() {
    let mut records = recognized(&[
        ("zy-1", "2023-03-01", ZHONGYUAN),
        ("df-1", "2023-03-02", DENGFENG),
        ("zz-1", "2023-06-01", "郑州市副市长王伟调研\n6月1日，郑州市副市长王伟到郑州市农业农村局调研。"),
    ]);
    let summary = |g: &EntityGraph| -> Vec<(String, usize, usize)> {
        let mut v: Vec<_> = g.graph.node_weights().map(|n| (n.id.0.clone(), n.mentions, n.articles.len())).collect();
        v.sort();
        v
    };
    let (a, sa) = graph(&records);
    records.reverse();
    let (b, sb) = graph(&records);
    assert_eq!(summary(&a), summary(&b));
    assert_eq!(sa, sb);
    // The city's post joined the county person with the most mentions.
    assert_eq!(sa.get("zz-1", "official:王伟"), Some("official:王伟@中原区"));
}

/// The two counties' pages as JSONL records with dates, built into a store.
fn built() -> (PathBuf, PathBuf) {
    let dir = tempdir("people");
    let lines: Vec<String> = [("zy-1", "2023-03-01", ZHONGYUAN), ("df-1", "2023-03-02", DENGFENG)]
        .iter()
        .map(|(id, date, text)| {
            let (title, body) = text.split_once('\n').unwrap();
            serde_json::json!({ "id": id, "date": date, "title": title, "text": body }).to_string()
        })
        .collect();
    let input = dir.join("pages.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").unwrap();
    let out = dir.join("out");
    let o = run(&root(), &["build", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (input, out)
}

fn query(store: &Path, args: &[&str]) -> std::process::Output {
    let mut a = args.to_vec();
    a.extend(["--store", store.to_str().unwrap()]);
    run(&root(), &a)
}

#[test]
fn query_lists_the_people_of_a_name_and_asks_for_one_by_id() {
    let (_, out) = built();
    let o = query(&out, &["query", "王伟"]);
    assert_eq!(o.status.code(), Some(1));
    let (stdout, stderr) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("official:王伟@中原区") && stdout.contains("official:王伟@登封市"), "{stdout}");
    assert!(stdout.contains("大冶镇镇长") && stdout.contains("2023-03-02"), "{stdout}");
    assert!(
        stderr.contains("王伟 names 2 entities: official:王伟@中原区, official:王伟@登封市; ask for one by id, e.g. newsgraph query official:王伟@中原区"),
        "{stderr}"
    );
    // JSON: the cards; OCR spaces and the id the name had find them too.
    for name in ["王伟", "王 伟", "official:王伟"] {
        let o = query(&out, &["query", name, "--json"]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        let v: Value = serde_json::from_slice(&o.stdout).unwrap();
        let ids: Vec<&str> = v["ambiguous"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["official:王伟@中原区", "official:王伟@登封市"], "{name}");
        assert_eq!(v["ambiguous"][1]["first_date"], "2023-03-02");
    }
    // Other commands ask the same way.
    let o = query(&out, &["path", "王伟", "大冶镇"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("e.g. newsgraph path official:王伟@中原区"));
    // By id: one person, with their own article (the store's rows were renamed).
    let o = query(&out, &["query", "official:王伟@登封市", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let articles: Vec<&str> = v["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(articles, ["df-1"]);
    assert!(v["articles"][0]["snippet"].as_str().unwrap().contains("镇长【王伟】"));
    let o = query(&out, &["query", "official:王伟@中原区", "--with", "河南岚川食品有限公司", "--json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["articles"][0]["id"], "zy-1");
}

#[test]
fn export_and_merge_split_the_same_way_as_build() {
    let (input, out) = built();
    let o = run(&root(), &["export", "--from", out.to_str().unwrap(), "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(o.stdout, std::fs::read(out.join("graph.json")).unwrap());
    let merged = input.parent().unwrap().join("merged");
    let o = run(&root(), &["merge", out.join("articles.jsonl").to_str().unwrap(), "--out", merged.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(std::fs::read(merged.join("graph.json")).unwrap(), std::fs::read(out.join("graph.json")).unwrap());
    let o = query(&merged, &["query", "official:王伟@中原区", "--json"]);
    assert!(o.status.success());
    // Exports and tables tell the two apart by label; the name stays 王伟.
    let g: Value = serde_json::from_slice(&std::fs::read(out.join("graph.json")).unwrap()).unwrap();
    let mut labels: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["attributes"]["type"] == "official")
        .map(|n| n["attributes"]["label"].as_str().unwrap())
        .collect();
    labels.sort();
    assert_eq!(labels, ["王伟@中原区", "王伟@登封市"]);
    let o = query(&out, &["top", "--type", "official"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("王伟@中原区") && text.contains("王伟@登封市"), "{text}");
}
