//! Commands run as the binary: `export` (every format, ego networks), `eval` (exit codes and
//! its JSON), and `merge` and `export --from` giving exactly what `build` gives with the
//! same `--dict` and `--no-seeds`.

use crate::common::{root, run, tempdir};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Two paragraphs: 二七区 and its 区长 苏建设; 惠济区, its 副区长 孙丽 and a town. Built into
/// `<dir>/g`; returns the directory.
fn tiny_build(name: &str) -> PathBuf {
    let d = tempdir(name);
    fs::write(d.join("a.txt"), "本报讯 二七区区长苏建设到企业调研。\n\n惠济区副区长孙丽到花园口镇检查。\n").unwrap();
    let o = run(&d, &["build", "a.txt", "--out", "g", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    d
}

/// The entity ids of a graphology JSON graph.
fn entity_ids(json: &Value) -> BTreeSet<String> {
    json["nodes"].as_array().unwrap().iter().map(|n| n["attributes"]["entity_id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn export_writes_every_format() {
    let d = tiny_build("export-formats");
    let built = fs::read_to_string(d.join("g/graph.json")).unwrap();
    let graph: Value = serde_json::from_str(&built).unwrap();
    let keys: BTreeSet<&str> = graph["nodes"].as_array().unwrap().iter().map(|n| n["key"].as_str().unwrap()).collect();
    let (nodes, edges) = (keys.len(), graph["edges"].as_array().unwrap().len());
    assert_eq!(
        entity_ids(&graph),
        ["district:二七区", "district:惠济区", "district:花园口镇", "official:孙丽", "official:苏建设"].map(String::from).into(),
    );
    // A role edge (苏建设 → 二七区) and co-occurrences, at least.
    assert!(edges >= 4, "{edges} edges");
    for format in ["graphml", "gexf", "json", "node-link", "dot"] {
        let o = run(&d, &["export", "--from", "g", "--format", format]);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        let out = stdout(&o);
        // Every node key is in every format.
        for k in &keys {
            assert!(out.contains(k), "{format}: node {k} missing");
        }
        match format {
            "graphml" => {
                assert!(out.starts_with("<?xml") && out.contains("<graphml"), "{format}");
                assert_eq!((out.matches("<node ").count(), out.matches("<edge ").count()), (nodes, edges), "{format}");
            }
            "gexf" => {
                assert!(out.starts_with("<?xml") && out.contains("<gexf"), "{format}");
                assert_eq!((out.matches("<node ").count(), out.matches("<edge ").count()), (nodes, edges), "{format}");
            }
            // Exported again, the graph is what the build wrote, byte for byte.
            "json" => assert!(out == built, "export --format json differs from the build's graph.json"),
            "node-link" => {
                let v: Value = serde_json::from_str(&out).unwrap();
                assert_eq!(v["directed"], false);
                assert_eq!((v["nodes"].as_array().unwrap().len(), v["edges"].as_array().unwrap().len()), (nodes, edges));
            }
            "dot" => {
                assert!(out.starts_with("graph newsgraph {") && out.trim_end().ends_with('}'), "{format}");
                assert_eq!(out.lines().filter(|l| l.contains(" -- ")).count(), edges, "{format}");
            }
            _ => unreachable!(),
        }
        // --out writes the same bytes to a file.
        let file = d.join(format!("out.{format}"));
        let o = run(&d, &["export", "--from", "g", "--format", format, "--out", file.to_str().unwrap()]);
        assert!(o.status.success(), "{format}: {}", stderr(&o));
        assert!(fs::read_to_string(&file).unwrap() == out, "{format}: --out differs from stdout");
    }
    // CSV: a directory with a header line and one line per node, and per edge.
    let o = run(&d, &["export", "--from", "g", "--format", "csv", "--out", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = |f: &str| fs::read_to_string(d.join("csv").join(f)).unwrap().lines().count();
    assert_eq!((lines("nodes.csv"), lines("edges.csv")), (nodes + 1, edges + 1));
}

#[test]
fn export_ego_network() {
    let d = tiny_build("export-ego");
    // By name and by id: 苏建设 and what is one step from him, nothing of 惠济区.
    for name in ["苏建设", "official:苏建设"] {
        let o = run(&d, &["export", "--from", "g", "--format", "json", "--ego", name]);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        let ids = entity_ids(&serde_json::from_str(&stdout(&o)).unwrap());
        assert_eq!(ids, ["district:二七区", "official:苏建设"].map(String::from).into(), "--ego {name}");
    }
    // Two steps from 花园口镇 reach everything in its paragraph and nothing else.
    let o = run(&d, &["export", "--from", "g", "--format", "json", "--ego", "花园口镇", "--depth", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids = entity_ids(&serde_json::from_str(&stdout(&o)).unwrap());
    assert_eq!(ids, ["district:惠济区", "district:花园口镇", "official:孙丽"].map(String::from).into());
    // A name the graph does not have is an error that names it; nothing is written.
    let o = run(&d, &["export", "--from", "g", "--format", "json", "--ego", "无此人", "--out", "ego.json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("newsgraph: error: no entity named `无此人` in the graph"), "{}", stderr(&o));
    assert!(!d.join("ego.json").exists());
}

/// Runs `eval --json` and returns (exit code, JSON).
fn eval_json(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["eval", "--json"];
    all.extend_from_slice(args);
    let o = run(dir, &all);
    let v = serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("eval --json printed no JSON ({e}): {}", stderr(&o)));
    (o.status.code(), v)
}

/// The counts and ratios of a score object, checked for consistency.
fn counts(what: &str, c: &Value) -> (u64, u64, u64) {
    let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("{what}: {k} is no count: {c}"));
    let (tp, fp, fn_) = (n("tp"), n("fp"), n("fn"));
    let r = |k: &str| c[k].as_f64().unwrap_or_else(|| panic!("{what}: {k} is no number: {c}"));
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let (p, rec) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    let f1 = if p + rec == 0.0 { 0.0 } else { 2.0 * p * rec / (p + rec) };
    for (k, want) in [("precision", p), ("recall", rec), ("f1", f1)] {
        assert!((r(k) - want).abs() < 1e-12, "{what}: {k} = {}, want {want}", r(k));
    }
    (tp, fp, fn_)
}

#[test]
fn eval_json_shape_and_exit_codes_on_the_sample() {
    let r = root();
    let (code, v) = eval_json(&r, &["--gold", "tests/gold", "corpus"]);
    assert_eq!(code, Some(0));
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["articles", "overall", "titles", "types"]));
    assert_eq!(v["articles"], 16);
    for k in ["right", "extra_articles", "accuracy"] {
        assert!(v["titles"].get(k).is_some(), "titles.{k} missing: {}", v["titles"]);
    }
    assert!(v["titles"]["right"].as_u64().unwrap() <= 16);
    // Overall is the sum over the core types (journalist, official, district,
    // organization, company, program).
    let mut sum = (0, 0, 0);
    for (t, c) in v["types"].as_object().unwrap() {
        let (tp, fp, fn_) = counts(t, c);
        if ["official", "journalist", "district", "organization", "company", "program"].contains(&t.as_str()) {
            sum = (sum.0 + tp, sum.1 + fp, sum.2 + fn_);
        }
    }
    assert_eq!(counts("overall", &v["overall"]), sum);
    assert!(sum.0 > 100, "the sample has more than 100 gold entities found: {sum:?}");
    // --min-f1: at the score, passes; above it, exit 1 with the same output.
    let f1 = v["overall"]["f1"].as_f64().unwrap();
    let (code, _) = eval_json(&r, &["--gold", "tests/gold", "corpus", "--min-f1", &f1.to_string()]);
    assert_eq!(code, Some(0), "--min-f1 {f1} equal to the score");
    let (code, again) = eval_json(&r, &["--gold", "tests/gold", "corpus", "--min-f1", &(f1 + 1e-3).to_string()]);
    assert_eq!(code, Some(1), "--min-f1 above the score {f1}");
    assert_eq!(again, v);
}

#[test]
fn eval_counts_on_a_page_of_our_own() {
    let d = tempdir("eval-own");
    fs::create_dir_all(d.join("pages")).unwrap();
    fs::create_dir_all(d.join("gold")).unwrap();
    fs::write(
        d.join("pages/p.txt"),
        "二七区召开防汛工作会议\n\n本报讯 6月1日，二七区召开防汛工作会议。区委副书记、区长苏建设讲话，中牟县有关负责同志参加。\n",
    )
    .unwrap();
    // Right: 二七区, 苏建设, 二七区委. Missed: 王明 (not in the text). Extra: 中牟县 (not in
    // the gold).
    fs::write(
        d.join("gold/p.jsonl"),
        r#"{"title": "二七区召开防汛工作会议", "entities": [{"type": "district", "name": "二七区"}, {"type": "official", "name": "苏建设"}, {"type": "organization", "name": "二七区委"}, {"type": "official", "name": "王明"}]}
"#,
    )
    .unwrap();
    let (code, v) = eval_json(&d, &["--gold", "gold", "pages", "--no-seeds"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["articles"], 1);
    assert_eq!(v["titles"]["right"], 1);
    assert_eq!(counts("official", &v["types"]["official"]), (1, 0, 1));
    assert_eq!(counts("district", &v["types"]["district"]), (1, 1, 0));
    assert_eq!(counts("organization", &v["types"]["organization"]), (1, 0, 0));
    assert_eq!(counts("overall", &v["overall"]), (3, 1, 1));
    assert_eq!(v["overall"]["f1"], 0.75);
    let (code, _) = eval_json(&d, &["--gold", "gold", "pages", "--no-seeds", "--min-f1", "0.76"]);
    assert_eq!(code, Some(1));
    // A malformed gold line is an error naming the file and line.
    fs::write(d.join("gold/p.jsonl"), "{\"title\": \"x\", \"entities\": [\n").unwrap();
    let o = run(&d, &["eval", "--gold", "gold", "pages"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("p.jsonl:1:"), "{}", stderr(&o));
}

/// `build` with `--no-seeds --dict` (a district file with a made-up village under 二七区,
/// code 410103); `extract` + `merge` and `export --from` with the same flags give the same
/// graph, byte for byte. Without the `--dict` they do not: the village's `located_in`
/// edge comes from the dictionary's parent code.
#[test]
fn merge_and_export_from_equal_build_with_dict_and_no_seeds() {
    let d = tempdir("merge-dict");
    let dict = d.join("districts-extra.txt");
    fs::write(&dict, "# A made-up village of 二七区, for this test.\n青枫岭村 ; code=410103201201 parent=410103 level=village\n").unwrap();
    let extra = d.join("extra.txt");
    fs::write(&extra, "本报讯 二七区召开乡村振兴推进会。区长苏建设到青枫岭村调研，察看村里的种植基地。\n").unwrap();
    let (dict_s, extra_s) = (dict.to_str().unwrap(), extra.to_str().unwrap());
    let out = |name: &str| d.join(name).to_str().unwrap().to_string();
    let flags = ["--no-seeds", "--dict", dict_s];
    let r = root();
    let with = |args: &[&str]| -> Vec<String> { args.iter().chain(&flags).map(|s| s.to_string()).collect() };
    let call = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&r, &refs);
        assert!(o.status.success(), "{refs:?}: {}", stderr(&o));
        o
    };
    let built = out("built");
    call(with(&["build", "corpus", extra_s, "--out", &built, "-q"]));
    let graph = fs::read(d.join("built/graph.json")).unwrap();
    // The dictionary is in the graph: the village sits in 二七区.
    let v: Value = serde_json::from_slice(&graph).unwrap();
    let label = |key: &str| {
        v["nodes"].as_array().unwrap().iter().find(|n| n["key"] == key).unwrap()["attributes"]["label"].as_str().unwrap().to_string()
    };
    assert!(
        v["edges"].as_array().unwrap().iter().any(|e| e["attributes"]["kind"] == "located_in"
            && label(e["source"].as_str().unwrap()) == "青枫岭村"
            && label(e["target"].as_str().unwrap()) == "二七区"),
        "no located_in edge 青枫岭村 → 二七区"
    );
    // (a) extract + merge.
    let o = call(with(&["extract", "corpus", extra_s]));
    fs::write(d.join("x.jsonl"), &o.stdout).unwrap();
    let (jsonl, merged) = (out("x.jsonl"), out("merged"));
    call(with(&["merge", &jsonl, "--out", &merged, "-q"]));
    for f in ["graph.json", "graph.graphml", "graph.gexf", "articles.jsonl"] {
        assert!(fs::read(d.join("merged").join(f)).unwrap() == fs::read(d.join("built").join(f)).unwrap(), "merge: {f} differs from build's");
    }
    // (b) export --from the build.
    let o = call(with(&["export", "--from", &built, "--format", "json"]));
    assert!(o.stdout == graph, "export --from: graph.json differs from build's");
    let o = call(with(&["export", "--from", &built, "--format", "graphml"]));
    assert!(o.stdout == fs::read(d.join("built/graph.graphml")).unwrap(), "export --from: graph.graphml differs from build's");
    // Without --dict both lose the village's edge: the equalities above depend on the flag.
    let plain = out("merged-plain");
    call(vec!["merge".into(), jsonl.clone(), "--out".into(), plain, "-q".into(), "--no-seeds".into()]);
    assert!(fs::read(d.join("merged-plain/graph.json")).unwrap() != graph, "merge without --dict gives the same graph");
    let o = call(vec!["export".into(), "--from".into(), built.clone(), "--format".into(), "json".into(), "--no-seeds".into()]);
    assert!(o.stdout != graph, "export without --dict gives the same graph");
}

#[test]
fn eval_without_gold_for_the_inputs_is_an_error_not_a_perfect_score() {
    let d = tempdir("eval-nogold");
    fs::create_dir_all(d.join("gold")).unwrap();
    let corpus = root().join("corpus");
    for gold in [d.join("missing"), d.join("gold")] {
        let o = run(&d, &["eval", "--gold", gold.to_str().unwrap(), corpus.to_str().unwrap(), "--min-f1", "0.99"]);
        assert_eq!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stdout));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("gold"), "{err}");
    }
}
