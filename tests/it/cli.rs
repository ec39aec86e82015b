//! The command line: errors name the file, exit codes tell.

use crate::common::{root, run, tempdir};
use std::fs;

#[test]
fn missing_input_is_a_clear_error() {
    let d = tempdir("missing");
    let o = run(&d, &["build", "no/such/dir", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no/such/dir"), "{err}");
    // The OS error is said once, not once per layer of context.
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
    assert!(!d.join("out").exists());
}

#[test]
fn csv_to_stdout_asks_for_a_directory() {
    let d = tempdir("csv-stdout");
    let o = run(&d, &["export", "--from", root().join("graphs").to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--format csv writes two files (nodes.csv and edges.csv): give --out DIR"), "{err}");
}

#[test]
fn path_without_a_chain_exits_1() {
    let d = tempdir("path-none");
    fs::write(d.join("a.txt"), "二七区区长苏建设在区发改委调研。\n\n惠济区副区长孙丽到花园口镇检查。\n").unwrap();
    let o = run(&d, &["build", "a.txt", "--out", "g", "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&d, &["path", "苏建设", "孙丽", "--store", "g", "--max-depth", "1"]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("not connected within 1 steps"));
}

#[test]
fn every_argument_has_help() {
    for cmd in ["build", "extract", "merge", "eval", "discover", "export", "query", "neighbors", "path", "top"] {
        let o = run(&root(), &[cmd, "--help"]);
        assert!(o.status.success());
        let help = String::from_utf8_lossy(&o.stdout);
        // An argument line with nothing after its name has no help text.
        let bare: Vec<&str> = help
            .lines()
            .filter(|l| l.starts_with("  ") && !l.trim().is_empty())
            .filter(|l| {
                let t = l.trim();
                if !(t.starts_with('<') || t.starts_with('-')) {
                    return false;
                }
                // What follows the flag, less the defaults clap adds, must say something.
                let text = t.split_once("  ").map(|x| x.1).unwrap_or("");
                let text = text.split(" [default:").next().unwrap_or("").split("[default:").next().unwrap_or("");
                text.trim().is_empty()
            })
            .collect();
        assert!(bare.is_empty(), "{cmd}: arguments without help: {bare:?}");
    }
}

#[test]
fn malformed_jsonl_names_file_and_line() {
    let d = tempdir("badjsonl");
    fs::write(d.join("in.jsonl"), "{\"text\": \"二七区召开会议。\"}\n{\"text\": \"cut in ha\n{\"title\": \"无正文\"}\n").unwrap();
    let o = run(&d, &["build", "in.jsonl", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("in.jsonl:2: not valid JSON"), "{err}");
    assert!(err.contains("in.jsonl:3: missing required field `text`"), "{err}");
    assert!(!d.join("out/graph.graphml").exists());
    // With --skip-bad the good line is built.
    let o = run(&d, &["build", "in.jsonl", "--out", "out", "--skip-bad"]);
    assert!(o.status.success());
    let jsonl = fs::read_to_string(d.join("out/articles.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 1);
}

#[test]
fn jsonl_records_keep_their_metadata() {
    let d = tempdir("jsonl");
    fs::write(
        d.join("a.jsonl"),
        "{\"id\": \"x1\", \"title\": \"区长苏建设调研\", \"date\": \"2022-06-21\", \"url\": \"http://e.x/1\", \"text\": \"二七区区长苏建设到企业调研。\"}\n",
    )
    .unwrap();
    let o = run(&d, &["build", "a.jsonl", "--out", "out"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: serde_json::Value =
        serde_json::from_str(fs::read_to_string(d.join("out/articles.jsonl")).unwrap().trim()).unwrap();
    assert_eq!(r["id"], "x1");
    assert_eq!(r["title"], "区长苏建设调研");
    assert_eq!(r["date"], "2022-06-21");
    assert_eq!(r["url"], "http://e.x/1");
    assert!(r["entities"].as_array().unwrap().iter().any(|e| e["id"] == "official:苏建设"));
}

#[test]
fn binary_and_empty_files_are_skipped_with_a_warning() {
    let d = tempdir("binary");
    fs::create_dir_all(d.join("in")).unwrap();
    fs::write(d.join("in/a.txt"), "二七区召开会议。\n").unwrap();
    fs::write(d.join("in/b.txt"), b"%PDF-1.4\x00\x01binary").unwrap();
    fs::write(d.join("in/c.txt"), "").unwrap();
    // No signature, but a NUL byte well into the file (past the first KiB).
    let mut nul = "二七区召开会议。\n".repeat(100).into_bytes();
    nul.push(0);
    fs::write(d.join("in/d.txt"), nul).unwrap();
    let o = run(&d, &["build", "in", "--out", "out", "--date", "2022-06-21"]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("in/b.txt: binary file, skipped"), "{err}");
    assert!(err.contains("in/d.txt: binary file, skipped"), "{err}");
    assert!(err.contains("in/c.txt: empty file, skipped"), "{err}");
    let jsonl = fs::read_to_string(d.join("out/articles.jsonl")).unwrap();
    assert!(jsonl.contains("\"date\":\"2022-06-21\""));
}

#[test]
fn bad_date_and_window_are_usage_errors() {
    let o = run(&root(), &["build", "corpus", "--date", "June", "--out", "/nonexistent"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&root(), &["build", "corpus", "--window", "page", "--out", "/nonexistent"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn help_lists_every_exit_code_case() {
    let d = tempdir("help-exit");
    let o = run(&d, &["--help"]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    for case in ["eval below --min-f1", "dict check", "path found no chain", "malformed JSONL", "no article"] {
        assert!(help.contains(case), "--help does not say when `{case}` exits: {help}");
    }
}
