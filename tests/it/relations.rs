//! Relations read from sentences (issue 13): table-driven cases on sentences written for
//! the purpose, with the traps the rules are built to avoid, and the relations in the
//! graph, the store, `query` and `careers`.
//!
//! Each case: (what it checks, text, relations that must be found, relations that must
//! not), a relation written `kind subject object` with entity ids.

use crate::common::{check_table, page, rules_only_pipeline, run, tempdir, Case};
use serde_json::Value;
use std::fs;


/// The relations of a one-story page, as `kind subject object`.
fn relations(text: &str) -> Vec<String> {
    let p = rules_only_pipeline();
    p.process_page(&page("case.txt", text))
        .iter()
        .flat_map(|(a, m)| p.record(a, m).relations)
        .map(|r| format!("{} {} {}", r.kind, r.subject, r.object))
        .collect()
}

fn check(cases: &[Case]) {
    check_table(cases, relations);
}

#[test]
fn visits() {
    check(&[
        (
            "an official to a company",
            "本报讯 6月3日，金水区区长王建国到郑州华信电子有限公司调研。",
            &["visits official:王建国 company:郑州华信电子有限公司"],
            &["visits official:王建国 district:金水区"],
        ),
        (
            "the delegation of an earlier sentence",
            "本报讯 市委书记李明一行来到中原区。随后，一行人深入郑州恒达机械有限公司调研。",
            &["visits official:李明 company:郑州恒达机械有限公司"],
            &[],
        ),
        (
            "asking a company is no visit",
            "本报讯 金水区区长王建国要求郑州华信电子有限公司加强安全检查。",
            &[],
            &["visits official:王建国 company:郑州华信电子有限公司"],
        ),
        (
            "who accompanies does not visit",
            "本报讯 副市长李明到郑州恒达机械有限公司调研，金水区区长王建国陪同。",
            &["visits official:李明 company:郑州恒达机械有限公司"],
            &["visits official:王建国 company:郑州恒达机械有限公司"],
        ),
        (
            "two delegations in one sentence each visit their own",
            "本报讯 副市长李明到郑州恒达机械有限公司调研，金水区区长王建国到郑州绿源食品有限公司调研。",
            &["visits official:李明 company:郑州恒达机械有限公司", "visits official:王建国 company:郑州绿源食品有限公司"],
            &["visits official:李明 company:郑州绿源食品有限公司", "visits official:王建国 company:郑州恒达机械有限公司"],
        ),
        (
            "taking part in a visit names no object",
            "本报讯 金水区副区长王建国参加调研，郑州华信电子有限公司负责人介绍了情况。",
            &[],
            &["visits official:王建国 company:郑州华信电子有限公司"],
        ),
    ]);
}

#[test]
fn meets_signs_helps_runs_builds() {
    check(&[
        (
            "meets a chairman and his company",
            "本报讯 金水区区长王建国会见了郑州华信电子有限公司董事长张伟一行。",
            &["meets official:王建国 person:张伟", "meets official:王建国 company:郑州华信电子有限公司"],
            &[],
        ),
        (
            "a passive 由…主持 names the host",
            "本报讯 座谈会由金水区区长王建国主持，郑州华信电子有限公司董事长张伟参加。",
            &["meets official:王建国 person:张伟"],
            &["meets person:张伟 official:王建国"],
        ),
        (
            "a meeting held is no party met",
            "本报讯 金水区召开座谈会。",
            &[],
            &["meets district:金水区 district:金水区"],
        ),
        (
            "a district signs with a company",
            "本报讯 二七区与郑州华信电子有限公司签订战略合作协议。",
            &["signs district:二七区 company:郑州华信电子有限公司"],
            &[],
        ),
        (
            "an organ helps a company",
            "本报讯 二七区工信局帮助郑州华信电子有限公司解决用工难题。",
            &["helps organization:二七区工信局 company:郑州华信电子有限公司"],
            &["helps district:二七区 company:郑州华信电子有限公司"],
        ),
        (
            "an organ runs a program",
            "本报讯 二七区工信局深入开展“万人助万企”活动。",
            &["runs organization:二七区工信局 program:万人助万企"],
            &[],
        ),
        (
            "a company invests in and builds a project",
            "本报讯 郑州华信电子有限公司投资建设郑州华信产业园项目。",
            &[
                "invests_in company:郑州华信电子有限公司 project:华信产业园项目",
                "builds company:郑州华信电子有限公司 project:华信产业园项目",
            ],
            &[],
        ),
        (
            "a passive 由…承建",
            "本报讯 郑州华信产业园项目由郑州华信电子有限公司承建。",
            &["builds company:郑州华信电子有限公司 project:华信产业园项目"],
            &[],
        ),
        (
            "服务 inside a name is no trigger",
            "本报讯 二七区政务服务中心与郑州华信电子有限公司相邻。",
            &[],
            &["helps organization:二七区政务服务中心 company:郑州华信电子有限公司"],
        ),
    ]);
}

/// Spans of relations are sentences of the text, in chars.
#[test]
fn relation_sentences_are_char_spans() {
    let p = rules_only_pipeline();
    let text = "本报讯 金水区区长王建国到郑州华信电子有限公司调研。他指出，要做好服务。";
    for (a, m) in p.process_page(&page("s.txt", text)) {
        let r = p.record(&a, &m);
        let chars: Vec<char> = r.text.chars().collect();
        for x in &r.relations {
            let s: String = chars[x.sentence[0]..x.sentence[1]].iter().collect();
            assert!(s.contains(&x.trigger) && s.ends_with('。'), "{s}");
        }
        assert!(!r.relations.is_empty());
    }
}

const PAGES: [(&str, &str); 2] = [
    (
        "a.jsonl",
        concat!(
            r#"{"id": "a1", "date": "2023-03-01", "title": "金水区领导调研企业", "text": "本报讯 金水区副区长王建国到郑州华信电子有限公司调研，帮助企业解决难题。"}"#,
            "\n",
            r#"{"id": "a2", "date": "2024-05-06", "title": "金水区区长到企业调研", "text": "本报讯 金水区区长王建国到郑州恒达机械有限公司调研。"}"#,
            "\n",
            r#"{"id": "a3", "date": "2024-07-08", "title": "金水区与企业签约", "text": "本报讯 金水区与郑州华信电子有限公司签订战略合作协议。区长王建国出席。"}"#,
            "\n"
        ),
    ),
    ("b.jsonl", ""),
];

/// A store built from the pages above.
fn built() -> std::path::PathBuf {
    let d = tempdir("relations-store");
    fs::write(d.join(PAGES[0].0), PAGES[0].1).unwrap();
    let o = run(&d, &["build", "a.jsonl", "--out", "g", "--quiet", "--no-seeds"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    d
}

#[test]
fn relations_reach_the_graph_the_store_and_query() {
    let d = built();
    // The graph: a directed visits edge with its trigger, evidence and dates.
    let g: Value = serde_json::from_str(&fs::read_to_string(d.join("g/graph.json")).unwrap()).unwrap();
    let label = |k: &Value| {
        g["nodes"].as_array().unwrap().iter().find(|n| &n["key"] == k).unwrap()["attributes"]["label"].as_str().unwrap().to_string()
    };
    let visits: Vec<(String, String, Value)> = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["attributes"]["kind"] == "visits")
        .map(|e| (label(&e["source"]), label(&e["target"]), e["attributes"].clone()))
        .collect();
    let hx = visits.iter().find(|v| v.1 == "郑州华信电子有限公司").expect("visit edge");
    assert_eq!(hx.0, "王建国");
    assert_eq!(hx.2["triggers"], serde_json::json!(["调研"]));
    assert_eq!(hx.2["first_date"], "2023-03-01");
    assert!(hx.2["evidence"].as_str().unwrap().contains("到郑州华信电子有限公司调研"), "{}", hx.2);
    // GraphML carries the kind too, so Gephi can filter on it.
    let graphml = fs::read_to_string(d.join("g/graph.graphml")).unwrap();
    assert!(graphml.contains(">visits<") && graphml.contains(">signs<"), "kinds in GraphML");
    // --kinds keeps only those edges.
    let o = run(&d, &["export", "--from", "g", "--format", "node-link", "--kinds", "visits", "--no-seeds"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let nl: Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: std::collections::BTreeSet<&str> = nl["edges"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, std::collections::BTreeSet::from(["visits"]));
    // query: the acts with their sentences, both ways round.
    let o = run(&d, &["query", "王建国", "--store", "g", "--json"]);
    let q: Value = serde_json::from_slice(&o.stdout).unwrap();
    let acts = q["acts"].as_array().unwrap();
    assert!(acts.iter().any(|a| a["kind"] == "visits" && a["object_name"] == "郑州恒达机械有限公司" && a["date"] == "2024-05-06"), "{q}");
    let o = run(&d, &["query", "郑州华信电子有限公司", "--store", "g", "--acts", "signs"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("─signs─ 金水区") && text.contains("签订战略合作协议"), "{text}");
    // neighbors --kind visits follows only visits.
    let o = run(&d, &["neighbors", "王建国", "--store", "g", "--kind", "visits", "--json"]);
    let n: Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = n["neighbors"].as_array().unwrap().iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"郑州恒达机械有限公司") && !names.contains(&"金水区"), "{names:?}");
}

#[test]
fn careers_show_posts_in_date_order_with_changes() {
    let d = built();
    let o = run(&d, &["careers", "王建国", "--store", "g", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let c: Value = serde_json::from_slice(&o.stdout).unwrap();
    let career = &c["careers"][0];
    let posts: Vec<(&str, &str, &str)> = career["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["title"].as_str().unwrap(), p["first_seen"].as_str().unwrap(), p["last_seen"].as_str().unwrap()))
        .collect();
    assert_eq!(posts, vec![("副区长", "2023-03-01", "2023-03-01"), ("区长", "2024-05-06", "2024-07-08")]);
    assert_eq!(career["changes"], serde_json::json!(["副区长 → 区长"]));
    let o = run(&d, &["careers", "--store", "g", "--csv"]);
    let csv = String::from_utf8_lossy(&o.stdout);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("name,organization,jurisdiction,title,first_seen,last_seen,articles,official_id,article_ids"));
    assert!(csv.contains("王建国,,金水区,区长,2024-05-06,2024-07-08,2,official:王建国,a2;a3"), "{csv}");
    // Only officials have careers.
    let o = run(&d, &["careers", "金水区", "--store", "g"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Two officials of one name in two counties are two people: each one's acts and career
/// stay with them.
#[test]
fn acts_and_careers_follow_the_person_not_the_name() {
    let d = tempdir("relations-people");
    fs::write(
        d.join("p.jsonl"),
        concat!(
            r#"{"id": "z1", "date": "2023-01-05", "title": "中原区领导调研", "text": "本报讯 中原区副区长王伟到郑州华信电子有限公司调研。"}"#,
            "\n",
            r#"{"id": "z2", "date": "2023-02-06", "title": "登封市领导调研", "text": "本报讯 登封市副市长王伟到郑州恒达机械有限公司调研。"}"#,
            "\n"
        ),
    )
    .unwrap();
    let o = run(&d, &["build", "p.jsonl", "--out", "g", "--quiet", "--no-seeds"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&d, &["careers", "--store", "g", "--json"]);
    let c: Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = c["careers"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2, "{c}");
    assert!(ids.iter().all(|i| i.starts_with("official:王伟@")), "{ids:?}");
    let o = run(&d, &["query", "official:王伟@中原区", "--store", "g", "--json"]);
    let q: Value = serde_json::from_slice(&o.stdout).unwrap();
    let objects: Vec<&str> = q["acts"].as_array().unwrap().iter().map(|a| a["object_name"].as_str().unwrap()).collect();
    assert_eq!(objects, vec!["郑州华信电子有限公司"], "{q}");
}
