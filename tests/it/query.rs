//! The store and the query commands over the sample corpus; the answers were checked by
//! reading the pages.

use crate::common::{root, run, tempdir};
use serde_json::Value;
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One build of the sample into a temp dir, shared by these tests.
fn store() -> &'static PathBuf {
    static S: OnceLock<PathBuf> = OnceLock::new();
    S.get_or_init(|| {
        let d = tempdir("store");
        let o = run(&root(), &["build", "corpus", "--out", d.to_str().unwrap(), "--quiet"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        d
    })
}

fn json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--store", store().to_str().unwrap(), "--json"]);
    let o = run(&root(), &a);
    assert!(o.status.success(), "{:?}: {}", args, String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn query_gives_card_articles_and_neighbours() {
    let v = json(&["query", "苏建设", "--limit", "20"]);
    assert_eq!(v["entity"]["id"], "official:苏建设");
    assert_eq!(v["entity"]["mentions"], 3);
    // 000-02 names him twice (二七区领导苏建设; 区委副书记、区长苏建设说), 000-01 once (the list).
    assert_eq!(ids(&v["articles"]), ["000_062ca33ebf5a268a-02", "000_062ca33ebf5a268a-01"]);
    assert!(v["articles"][0]["snippet"].as_str().unwrap().contains("【苏建设】"));
    let near = ids(&v["neighbors"]);
    assert_eq!(near[0], "district:二七区");
    assert!(near.contains(&"official:王波".to_string()));
}

#[test]
fn a_list_cut_at_the_limit_says_so() {
    let v = json(&["query", "二七区", "--limit", "3"]);
    assert_eq!(v["articles"].as_array().unwrap().len(), 3);
    assert_eq!(v["neighbors"].as_array().unwrap().len(), 3);
    assert_eq!(v["more_articles"], true);
    assert_eq!(v["more_neighbors"], true);
    // 苏建设 is in two articles: all of them fit.
    let v = json(&["query", "苏建设", "--limit", "5"]);
    assert_eq!(v["more_articles"], false);
    let o = run(&root(), &["query", "二七区", "--limit", "3", "--store", store().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("… more articles: raise --limit") && text.contains("… more neighbours: raise --limit"), "{text}");
    let v = json(&["neighbors", "二七区", "--limit", "2"]);
    assert_eq!(v["neighbors"].as_array().unwrap().len(), 2);
    assert_eq!(v["more_neighbors"], true);
}

#[test]
fn lookup_by_alias_and_ocr_spacing_and_suggestions() {
    assert_eq!(json(&["query", "苏 建设"])["entity"]["id"], "official:苏建设");
    assert_eq!(json(&["query", "二七经开区"])["entity"]["id"], "district:二七经济技术开发区");
    let o = run(&root(), &["query", "苏建", "--store", store().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean: 苏建设"));
}

#[test]
fn query_with_gives_the_evidence_of_an_edge() {
    let v = json(&["query", "苏建设", "--with", "王波"]);
    assert_eq!(ids(&v["articles"]), ["000_062ca33ebf5a268a-02"]);
    let v = json(&["query", "万人助万企"]);
    assert_eq!(ids(&v["articles"]), ["002_8a9a54583c1ad300-01", "001_3b1fea97eb046953-09"]);
}

#[test]
fn neighbors_path_and_top() {
    let v = json(&["neighbors", "王村镇", "--type", "official"]);
    assert_eq!(ids(&v["neighbors"]), ["official:张岩伟"]);
    let v = json(&["neighbors", "荥阳", "--type", "district"]);
    let near = ids(&v["neighbors"]);
    for d in ["district:王村镇", "district:崔庙镇", "district:汜水镇", "district:郑州市"] {
        assert!(near.contains(&d.to_string()), "{d} not in {near:?}");
    }
    let v = json(&["path", "张岩伟", "苏建设"]);
    let steps = v["path"].as_array().unwrap();
    assert_eq!(steps.first().unwrap()["id"], "official:张岩伟");
    assert_eq!(steps.last().unwrap()["id"], "official:苏建设");
    assert!(steps.iter().skip(1).all(|s| !s["articles"].as_array().unwrap().is_empty()));
    // A link counts all its articles; the sample's are few enough to be listed whole.
    assert!(steps.iter().skip(1).all(|s| s["article_count"].as_u64().unwrap() as usize == s["articles"].as_array().unwrap().len()));
    let v = json(&["top", "--type", "official", "--by", "degree", "--limit", "3"]);
    assert_eq!(ids(&v["entities"])[0], "official:苏建设");
}

#[test]
fn append_skips_what_it_has_and_adds_what_is_new() {
    let d = tempdir("append");
    let out = d.join("out");
    let o = run(&root(), &["build", "corpus", "--out", out.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success());
    let files = ["graph.graphml", "graph.gexf", "graph.json", "articles.jsonl"];
    let before: Vec<Vec<u8>> = files.iter().map(|f| fs::read(out.join(f)).unwrap()).collect();
    // The same pages again change nothing.
    let o = run(&root(), &["build", "corpus", "--append", "--out", out.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("0 new articles (16 in all, 16 seen before, 0 reprints folded)"));
    for (f, b) in files.iter().zip(&before) {
        assert_eq!(&fs::read(out.join(f)).unwrap(), b, "{f} changed");
    }
    // A new page adds exactly its article and its edges.
    fs::write(d.join("new.txt"), "本报讯 新郑市龙湖镇召开会议。镇长周文华强调，要深入开展“万人助万企”活动。记者 刘明\n").unwrap();
    let o = run(&root(), &["build", d.join("new.txt").to_str().unwrap(), "--append", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let lines = fs::read_to_string(out.join("articles.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 17);
    assert_eq!(lines.lines().take(16).collect::<Vec<_>>().join("\n") + "\n", String::from_utf8_lossy(&before[3]));
    let v: Value = serde_json::from_str(&fs::read_to_string(out.join("graph.json")).unwrap()).unwrap();
    let old: Value = serde_json::from_slice(&before[2]).unwrap();
    let new_ids: Vec<&str> = v["nodes"].as_array().unwrap().iter().map(|n| n["attributes"]["entity_id"].as_str().unwrap()).collect();
    for id in ["official:周文华", "district:龙湖镇", "district:新郑市", "journalist:刘明"] {
        assert!(new_ids.contains(&id), "{id} missing");
    }
    assert_eq!(new_ids.len(), old["nodes"].as_array().unwrap().len() + 4);
    // Every old edge is still there with its count; every new edge touches the new article.
    let edges = |g: &Value| -> Vec<(String, String, String, f64, Vec<String>)> {
        g["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let a = &e["attributes"];
                let arts = a["article_ids"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect();
                (e["source"].as_str().unwrap().into(), e["target"].as_str().unwrap().into(), a["kind"].as_str().unwrap().into(), a["count"].as_f64().unwrap(), arts)
            })
            .collect()
    };
    let (before_edges, after_edges) = (edges(&old), edges(&v));
    for e in &before_edges {
        assert!(after_edges.iter().any(|x| x.0 == e.0 && x.1 == e.1 && x.2 == e.2 && x.3 == e.3), "edge {e:?} changed");
    }
    let added: Vec<_> = after_edges.iter().filter(|x| !before_edges.iter().any(|e| e.0 == x.0 && e.1 == x.1 && e.2 == x.2)).collect();
    assert!(!added.is_empty());
    assert!(added.iter().all(|x| x.4.iter().all(|a| a.starts_with("new-"))), "{added:?}");
    let with = json_at(&out, &["query", "周文华", "--with", "万人助万企"]);
    assert_eq!(with["articles"].as_array().unwrap().len(), 1);
}

fn json_at(store: &std::path::Path, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--store", store.to_str().unwrap(), "--json"]);
    let o = run(&root(), &a);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn a_damaged_store_is_an_error_not_a_panic() {
    let d = tempdir("damaged-store");
    fs::copy(store().join("newsgraph.db"), d.join("newsgraph.db")).unwrap();
    {
        let conn = rusqlite::Connection::open(d.join("newsgraph.db")).unwrap();
        // An alias pointing at an entity the store does not have, and spans that are not JSON.
        conn.execute("INSERT INTO aliases VALUES ('无名氏', 'official:无名氏')", []).unwrap();
        conn.execute("UPDATE entity_articles SET spans = 'not json' WHERE entity_id = 'official:苏建设'", []).unwrap();
    }
    let o = run(&root(), &["query", "无名氏", "--store", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no entity named `无名氏`"), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&root(), &["query", "苏建设", "--store", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("spans"), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn walks_choose_their_links_and_read_the_right_way_round() {
    // The default path goes up the division tree (王村镇 is located in 荥阳市 …) and says
    // which way each directed link reads, with the articles' titles.
    let v = json(&["path", "张岩伟", "苏建设"]);
    let steps = v["path"].as_array().unwrap();
    assert!(steps.iter().all(|s| s["kind"] != "covers"), "no path through a byline by default: {v}");
    for s in steps.iter().skip(1) {
        let directed = ["role", "located_in", "covers"].contains(&s["kind"].as_str().unwrap());
        assert_eq!(s.get("forward").is_some(), directed, "{s}");
        assert!(!s["evidence"].as_array().unwrap().is_empty(), "{s}");
        assert!(s["evidence"][0]["title"].as_str().is_some_and(|t| !t.is_empty()), "{s}");
    }
    let up = steps.iter().find(|s| s["kind"] == "located_in").expect("a located_in link");
    assert_eq!(up["forward"], true, "walked from the inner division to the outer: {up}");
    // Off the districts there is no chain between them; cooccurrence alone is allowed.
    let o = run(&root(), &["path", "张岩伟", "苏建设", "--exclude", "district", "--store", store().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&["path", "张岩伟", "苏建设", "--via", "cooccurs"]);
    assert!(v["path"].as_array().unwrap().iter().skip(1).all(|s| s["kind"] == "cooccurs"), "{v}");
    // Neighbours by kind and without a type.
    let v = json(&["neighbors", "苏建设", "--via", "role"]);
    assert_eq!(ids(&v["neighbors"]), ["district:二七区"]);
    let v = json(&["neighbors", "苏建设", "--exclude", "journalist,district"]);
    assert!(v["neighbors"].as_array().unwrap().iter().all(|n| n["type"] != "journalist" && n["type"] != "district"), "{v}");
}

/// The sample store opened for reading, as the web app opens it.
fn conn() -> rusqlite::Connection {
    newsgraph::store::open(store()).unwrap()
}

/// A copy of the sample store without the tables and indexes derived for the web app, as
/// a store written before them.
fn store_without_derived() -> rusqlite::Connection {
    let d = tempdir("store-underived");
    fs::copy(store().join("newsgraph.db"), d.join("newsgraph.db")).unwrap();
    let c = rusqlite::Connection::open(d.join("newsgraph.db")).unwrap();
    c.execute_batch(
        "DROP TABLE entity_months; DROP TABLE post_spans; DROP INDEX relations_subject_order; DROP INDEX relations_object_order;",
    )
    .unwrap();
    drop(c);
    newsgraph::store::open(&d).unwrap()
}

fn all_entities(c: &rusqlite::Connection) -> Vec<String> {
    let mut st = c.prepare("SELECT id FROM entities ORDER BY id").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

#[test]
fn acts_read_in_order_from_the_indexes_equal_acts_sorted_whole() {
    use newsgraph::query::acts;
    let (fast, slow) = (conn(), store_without_derived());
    let mut seen = 0;
    for id in all_entities(&fast) {
        for limit in [1, 2, 3, 100] {
            for kind in [None, Some("runs"), Some("visits")] {
                let a: Vec<String> = acts(&fast, &id, kind, limit).unwrap().iter().map(|a| format!("{a:?}")).collect();
                let b: Vec<String> = acts(&slow, &id, kind, limit).unwrap().iter().map(|a| format!("{a:?}")).collect();
                assert_eq!(a, b, "{id} {kind:?} {limit}");
                seen += a.len();
            }
        }
    }
    assert!(seen > 20, "the sample has acts: {seen}");
}

#[test]
fn months_and_posts_from_the_derived_tables_equal_them_grouped_live() {
    use newsgraph::query::{articles_by_month, post_spans};
    let (fast, slow) = (conn(), store_without_derived());
    for id in all_entities(&fast) {
        assert_eq!(articles_by_month(&fast, &id).unwrap(), articles_by_month(&slow, &id).unwrap(), "{id}");
        assert_eq!(post_spans(&fast, &id).unwrap(), post_spans(&slow, &id).unwrap(), "{id}");
    }
    let posts = post_spans(&fast, "official:苏建设").unwrap();
    let titles: Vec<&str> = posts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["区委副书记", "区长"]);
    assert_eq!(posts[0].place.as_deref(), Some("district:二七区"));
    assert_eq!(posts[0].articles, 1);
    // The sample has no dates: no months.
    assert!(articles_by_month(&fast, "district:二七区").unwrap().is_empty());
}

#[test]
fn search_finds_names_aliases_and_parts() {
    use newsgraph::query::{search, search_answer};
    let c = conn();
    let ids = |q: &str| search(&c, q, 10).unwrap().into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids("苏建设")[0], "official:苏建设");
    assert_eq!(ids("苏 建")[0], "official:苏建设", "OCR spaces ignored, a prefix found");
    assert_eq!(ids("二七经开区")[0], "district:二七经济技术开发区", "an alias");
    let part = ids("人助");
    assert!(part.contains(&"program:万人助万企".to_string()), "{part:?}");
    // The exact name before names that only contain it.
    let q = ids("二七区");
    assert_eq!(q[0], "district:二七区");
    assert!(q.len() > 3);
    assert!(ids("").is_empty() && ids("   ").is_empty());
    let a = search_answer(&c, "苏建x", 10).unwrap();
    assert!(a.entities.is_empty());
    assert_eq!(a.suggestions[0], "苏建设");
    let a = search_answer(&c, "二七", 2).unwrap();
    assert_eq!(a.entities.len(), 2);
    assert!(a.more_entities);
}

#[test]
fn an_article_comes_with_every_mention_at_its_offsets() {
    let c = conn();
    let a = newsgraph::query::article(&c, "000_062ca33ebf5a268a-02").unwrap().unwrap();
    assert_eq!(a.journalists, ["景静", "马晓丹"]);
    let chars: Vec<char> = a.text.chars().collect();
    assert!(a.mentions.len() > 10);
    for m in &a.mentions {
        let written: String = chars[m.start..m.end].iter().collect();
        assert!(!written.is_empty() && m.start < m.end, "{m:?}");
    }
    let su: Vec<_> = a.mentions.iter().filter(|m| m.entity == "official:苏建设").collect();
    assert_eq!(su.len(), 2);
    assert!(su.iter().all(|m| chars[m.start..m.end].iter().collect::<String>() == "苏建设"));
    assert!(a.mentions.windows(2).all(|w| w[0].start <= w[1].start), "by start");
    assert!(newsgraph::query::article(&c, "no-such-article").unwrap().is_none());
}

#[test]
fn sentences_end_at_stops_and_lines() {
    let s = newsgraph::query::sentences("第一句。“第二句！”第三\n\n第四？末尾");
    let text: Vec<char> = "第一句。“第二句！”第三\n\n第四？末尾".chars().collect();
    let got: Vec<String> = s.iter().map(|&(a, b)| text[a..b].iter().collect()).collect();
    assert_eq!(got, ["第一句。", "“第二句！”", "第三", "第四？", "末尾"]);
    assert!(newsgraph::query::sentences("").is_empty());
}

#[test]
fn an_edge_comes_with_the_sentences_that_name_both() {
    use newsgraph::query::{card, edge};
    let c = conn();
    let (a, b) = (card(&c, "official:苏建设").unwrap().unwrap(), card(&c, "official:王波").unwrap().unwrap());
    let e = edge(&c, a, b, 10).unwrap();
    assert_eq!(e.links.iter().map(|l| l.kind.as_str()).collect::<Vec<_>>(), ["cooccurs"]);
    assert_eq!(e.articles.len(), 1);
    let art = &e.articles[0];
    assert!(art.together);
    for s in &art.sentences {
        let chars: Vec<char> = s.text.chars().collect();
        let marked: Vec<String> = s.marks.iter().map(|m| chars[m.start..m.end].iter().collect()).collect();
        assert!(marked.contains(&"苏建设".to_string()) && marked.contains(&"王波".to_string()), "{s:?}");
    }
    // Two entities of one paragraph but no shared sentence: the first sentence of each.
    let (a, b) = (card(&c, "official:苏建设").unwrap().unwrap(), card(&c, "journalist:景静").unwrap().unwrap());
    let e = edge(&c, a, b, 10).unwrap();
    assert!(e.links.iter().any(|l| l.kind == "covers"));
    assert!(e.articles.iter().any(|x| !x.together && !x.sentences.is_empty()));
}

#[test]
fn a_neighbourhood_is_bounded_filtered_and_closed_over_its_nodes() {
    use newsgraph::query::{neighborhood, Walk};
    let c = conn();
    let all = neighborhood(&c, "official:苏建设", 1, &Walk::default(), 0.0, 300).unwrap().unwrap();
    assert_eq!(all.nodes[0].id, "official:苏建设");
    assert!(all.nodes.iter().any(|n| n.id == "district:二七区"));
    assert!(!all.more_nodes);
    let ids: Vec<&str> = all.nodes.iter().map(|n| n.id.as_str()).collect();
    for e in &all.edges {
        assert!(ids.contains(&e.source.as_str()) && ids.contains(&e.target.as_str()));
        assert!(e.source < e.target, "one edge per pair, ends in order");
    }
    // Edges among the neighbours too, not only the star.
    assert!(all.edges.iter().any(|e| e.source != "official:苏建设" && e.target != "official:苏建设"));
    let cut = neighborhood(&c, "official:苏建设", 2, &Walk::default(), 0.0, 10).unwrap().unwrap();
    assert_eq!(cut.nodes.len(), 10);
    assert!(cut.more_nodes);
    let walk = Walk { exclude: vec!["journalist".into()], via: vec!["cooccurs".into(), "role".into()] };
    let some = neighborhood(&c, "official:苏建设", 2, &walk, 2.0, 300).unwrap().unwrap();
    assert!(some.nodes.iter().all(|n| n.ty != "journalist"));
    assert!(some.edges.iter().all(|e| e.kinds.iter().all(|k| k == "cooccurs" || k == "role")));
    assert!(some.edges.iter().all(|e| e.kinds.iter().any(|k| k != "cooccurs") || e.weight >= 2.0));
    assert!(neighborhood(&c, "official:谁也不是", 1, &Walk::default(), 0.0, 10).unwrap().is_none());
}
