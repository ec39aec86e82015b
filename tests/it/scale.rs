//! `extract` + `merge` (the map and reduce steps of a cluster job) give what one `build`
//! gives.

use crate::common::{root, run, tempdir};
use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn extract_parts_then_merge_equals_one_build() {
    let d = tempdir("merge");
    let r = root();
    let o = run(&r, &["extract", "corpus/000_062ca33ebf5a268a.txt"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    fs::write(d.join("a.jsonl"), &o.stdout).unwrap();
    let o = run(&r, &["extract", "corpus/001_3b1fea97eb046953.txt", "corpus/002_8a9a54583c1ad300.txt"]);
    assert!(o.status.success());
    fs::write(d.join("b.jsonl"), &o.stdout).unwrap();
    let (a, b, m, one) = (d.join("a.jsonl"), d.join("b.jsonl"), d.join("merged"), d.join("one"));
    let o = run(&r, &["merge", a.to_str().unwrap(), b.to_str().unwrap(), "--out", m.to_str().unwrap(), "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(run(&r, &["build", "corpus", "--out", one.to_str().unwrap(), "-q"]).status.success());
    for f in ["graph.graphml", "graph.gexf", "graph.json", "articles.jsonl"] {
        assert!(fs::read(m.join(f)).unwrap() == fs::read(one.join(f)).unwrap(), "{f} differs");
    }
}

#[test]
fn extract_reads_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .arg("extract")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("{\"id\": \"s1\", \"text\": \"二七区区长苏建设调研。\"}\n{\"id\": \"s2\", \"text\": \"中牟县召开会议。\"}\n".as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "s1");
    assert!(lines[0]["entities"].as_array().unwrap().iter().any(|e| e["id"] == "official:苏建设"));
}
