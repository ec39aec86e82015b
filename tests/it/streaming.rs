//! The streaming build: files read in pieces, batches recognized in order, the store of
//! schema 2, and a terminal-only progress bar.

use crate::common::{build_sample, pipeline, root, run, tempdir};
use newsgraph::ingest::{self, Ingested};
use newsgraph::pipeline::{stream, Inputs, Prepared};
use std::fs;
use std::path::{Path, PathBuf};

/// Reads `path` with `read_file_pieces` at the given piece size, concatenating the pieces.
fn pieces(path: &Path, piece: usize) -> (Ingested, usize, Vec<bool>) {
    let mut all = Ingested::default();
    let mut lasts = Vec::new();
    let mut n = 0;
    let size = fs::metadata(path).unwrap().len();
    let mut read = 0;
    assert!(ingest::read_file_pieces(path, piece, &mut |p, r, last| {
        assert!(r >= read && r <= size, "bytes read only grow");
        read = r;
        all.pages.extend(p.pages);
        all.problems.extend(p.problems);
        all.converted.extend(p.converted);
        lasts.push(last);
        n += 1;
        true
    }));
    assert!(read == size || lasts.is_empty(), "every byte is counted: {read} of {size}");
    (all, n, lasts)
}

fn whole(path: &Path) -> Ingested {
    let mut out = Ingested::default();
    ingest::read_file(path, &mut out);
    out
}

/// What a reader produced, comparable: pages with their records, problems as printed.
fn shape(i: &Ingested) -> (Vec<String>, Vec<String>, Vec<(String, &'static str)>) {
    (
        i.pages.iter().map(|p| format!("{p:?}")).collect(),
        i.problems.iter().map(|p| format!("{} {}", p.fatal, p.error)).collect(),
        i.converted.clone(),
    )
}

#[test]
fn jsonl_read_in_pieces_equals_the_whole_file() {
    let d = tempdir("pieces");
    let lines = [
        r#"{"id":"a","title":"二七区召开会议","date":"2022-06-01","text":"区长苏建设讲话。"}"#,
        "",
        r#"{"id":7,"text":"中原区审计局党组书记、局长赵青主持会议。"}"#,
        r#"{"text":"cut off"#,
        "   ",
        r#"{"title":"无正文"}"#,
        r#"{"text":"郑州日报记者景静报道。","url":"http://example.org/1"}"#,
    ];
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("plain.jsonl", lines.join("\n").into_bytes()),
        ("crlf.jsonl", (lines.join("\r\n") + "\r\n").into_bytes()),
        ("bom.jsonl", [&[0xEF, 0xBB, 0xBF][..], lines.join("\n").as_bytes()].concat()),
        ("gbk.jsonl", encoding_rs::GB18030.encode(&lines.join("\n")).0.into_owned()),
        ("empty.jsonl", b"\n  \n".to_vec()),
    ];
    for (name, bytes) in cases {
        let path = d.join(name);
        fs::write(&path, &bytes).unwrap();
        let want = shape(&whole(&path));
        for piece in [1, 40, 1 << 20] {
            let (got, n, lasts) = pieces(&path, piece);
            assert_eq!(shape(&got), want, "{name} in pieces of {piece}");
            // Only the last piece says so.
            assert_eq!(lasts.iter().filter(|&&l| l).count(), 1, "{name}");
            assert_eq!(lasts.last(), Some(&true), "{name}");
            if piece == 1 && name == "plain.jsonl" {
                assert!(n >= 4, "a small piece size streams: {n} pieces");
            }
        }
    }
}

#[test]
fn stream_hands_batches_over_in_input_order() {
    let d = tempdir("stream-order");
    let mut files: Vec<PathBuf> = Vec::new();
    for k in 0..6 {
        let p = d.join(format!("part-{k}.jsonl"));
        let body: Vec<String> = (0..5)
            .map(|i| format!(r#"{{"id":"p{k}-{i}","text":"二七区第{k}期第{i}条：区长苏建设调研。"}}"#))
            .collect();
        fs::write(&p, body.join("\n")).unwrap();
        files.push(p);
    }
    let total: u64 = files.iter().map(|f| fs::metadata(f).unwrap().len()).sum();
    let (mut ids, mut bytes, mut done) = (Vec::new(), 0, 0);
    stream(pipeline(), Inputs::Files(files), &|r| Prepared::new(r, true), &mut |b| {
        ids.extend(b.records.into_iter().map(|r| r.record.id));
        bytes += b.bytes;
        done += b.files;
        Ok(())
    })
    .unwrap();
    let want: Vec<String> = (0..6).flat_map(|k| (0..5).map(move |i| format!("p{k}-{i}"))).collect();
    assert_eq!(ids, want);
    assert_eq!((bytes, done), (total, 6));
}

/// A folder of small page files is recognized in batches that span files (so every core
/// has work), yet each file reaches the consumer on its own, in input order, with its own
/// problems, bytes and end: a binary and an empty file among 40 pages.
#[test]
fn page_files_batched_together_come_out_file_by_file_in_order() {
    let d = tempdir("stream-pages");
    let mut files: Vec<PathBuf> = Vec::new();
    for k in 0..40 {
        let p = d.join(format!("page-{k:02}.txt"));
        match k {
            13 => fs::write(&p, b"\x00\x01\x02 binary").unwrap(),
            27 => fs::write(&p, b"").unwrap(),
            _ => fs::write(&p, format!("二七区第{k}次会议召开\n\n本报讯 区长苏建设主持第{k}次会议。\n")).unwrap(),
        }
        files.push(p);
    }
    // (file index, records' text numbers, problems, bytes, files) per piece handed over.
    let mut got: Vec<(Vec<String>, Vec<String>, u64, usize)> = Vec::new();
    stream(pipeline(), Inputs::Files(files.clone()), &|r| Prepared::new(r, true), &mut |b| {
        let texts = b.records.into_iter().map(|r| r.record.source).collect();
        let problems = b.problems.iter().map(|p| p.error.to_string()).collect();
        got.push((texts, problems, b.bytes, b.files));
        Ok(())
    })
    .unwrap();
    assert_eq!(got.len(), 40, "one piece per file");
    for (k, (sources, problems, bytes, done)) in got.iter().enumerate() {
        let name = format!("page-{k:02}.txt");
        assert_eq!(*done, 1, "{name} ends once");
        assert_eq!(*bytes, fs::metadata(&files[k]).unwrap().len(), "{name}'s bytes");
        match k {
            13 | 27 => {
                assert!(sources.is_empty(), "{name}");
                assert_eq!(problems.len(), 1, "{name}: {problems:?}");
                assert!(problems[0].contains(&name), "{problems:?}");
            }
            _ => {
                assert_eq!(sources.len(), 1, "{name}: {sources:?}");
                assert!(sources[0].ends_with(&name), "{sources:?}");
                assert!(problems.is_empty(), "{name}: {problems:?}");
            }
        }
    }
}

/// A file of more pages than a batch holds goes on in the next batch: its records stay in
/// order, its problem is reported once, its bytes add up and it ends once, on its last
/// piece; the small file after it follows.
#[test]
fn a_file_larger_than_a_batch_is_split_without_losing_its_count() {
    let d = tempdir("stream-split");
    let big = d.join("big.jsonl");
    let mut lines: Vec<String> = (0..1100).map(|i| format!(r#"{{"id":"b{i}","text":"二七区第{i}条。"}}"#)).collect();
    lines[1000] = r#"{"text":"cut off"#.to_string();
    fs::write(&big, lines.join("\n")).unwrap();
    let small = d.join("small.jsonl");
    fs::write(&small, r#"{"id":"s0","text":"中原区。"}"#).unwrap();
    let (mut ids, mut problems, mut bytes, mut ends) = (Vec::new(), Vec::new(), 0, Vec::new());
    stream(pipeline(), Inputs::Files(vec![big.clone(), small.clone()]), &|r| Prepared::new(r, true), &mut |b| {
        ids.extend(b.records.into_iter().map(|r| r.record.id));
        problems.extend(b.problems.iter().map(|p| p.error.to_string()));
        bytes += b.bytes;
        ends.push(b.files);
        Ok(())
    })
    .unwrap();
    let want: Vec<String> = (0..1100).filter(|&i| i != 1000).map(|i| format!("b{i}")).chain(["s0".to_string()]).collect();
    assert_eq!(ids, want);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("big.jsonl") && problems[0].contains("1001"), "{problems:?}");
    assert_eq!(bytes, fs::metadata(&big).unwrap().len() + fs::metadata(&small).unwrap().len());
    assert!(ends.len() > 2, "the big file came in pieces: {ends:?}");
    assert_eq!(ends.iter().sum::<usize>(), 2);
    assert_eq!(&ends[ends.len() - 2..], [1, 1], "each file ends on its last piece: {ends:?}");
}

#[test]
fn an_error_from_the_consumer_stops_the_stream() {
    let d = tempdir("stream-stop");
    let mut files = Vec::new();
    for k in 0..4 {
        let p = d.join(format!("{k}.jsonl"));
        fs::write(&p, format!(r#"{{"text":"第{k}条：二七区。"}}"#)).unwrap();
        files.push(p);
    }
    let mut seen = 0;
    let r = stream(pipeline(), Inputs::Files(files), &|r| Prepared::new(r, true), &mut |_| {
        seen += 1;
        Err(newsgraph::error::Error::BadInput("stop".into()))
    });
    assert!(r.is_err());
    assert_eq!(seen, 1);
}

#[test]
fn a_store_of_schema_1_is_refused_then_rewritten_by_append() {
    let out = build_sample("schema1");
    {
        let conn = rusqlite::Connection::open(out.join("newsgraph.db")).unwrap();
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'", []).unwrap();
    }
    let o = run(&root(), &["query", "苏建设", "--store", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("schema 1") && err.contains("--append"), "{err}");
    let o = run(&root(), &["build", "corpus", "--append", "--out", out.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run(&root(), &["query", "苏建设", "--store", out.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Spans now come from entity_articles.spans: the snippet marks the mention.
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["articles"][0]["snippet"].as_str().unwrap().contains("【苏建设】"));
}

#[test]
fn a_store_of_schema_3_is_queried_as_it_is_and_rewritten_by_its_next_append() {
    let out = build_sample("schema3");
    let db = out.join("newsgraph.db");
    {
        // Schema 3: the hashes in a UNIQUE index, none in the append state.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "UPDATE meta SET value = '3' WHERE key = 'schema_version';
             DELETE FROM append_state WHERE key LIKE 'hashes-%';
             CREATE UNIQUE INDEX old_hash ON articles(hash);",
        )
        .unwrap();
    }
    let o = run(&root(), &["query", "苏建设", "--store", out.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The same texts again: all seen before, read back from the old store's rows.
    let o = run(&root(), &["build", "corpus", "--append", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("0 new articles"), "{}", String::from_utf8_lossy(&o.stderr));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (version, hashed, stored, old_index): (String, i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT value FROM meta WHERE key = 'schema_version'),
                    (SELECT sum(length(value)) / 32 FROM append_state WHERE key LIKE 'hashes-%'),
                    (SELECT count(*) FROM articles),
                    (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'articles' AND sql LIKE '%hash%')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((version.as_str(), hashed, stored, old_index), ("4", 16, 16, 0));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let d = tempdir("no-bar");
    let o = run(&root(), &["build", "corpus", "--out", d.to_str().unwrap()]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert_eq!(err.lines().count(), 1, "only the summary: {err}");
    assert!(err.starts_with("newsgraph: 3 pages, 16 new articles"), "{err}");
}

#[test]
fn a_progress_bar_on_a_terminal_unless_quiet() {
    // `script` gives the build a pseudo-terminal, as a user's shell would.
    let d = tempdir("bar");
    let bin = env!("CARGO_BIN_EXE_newsgraph");
    let corpus = root().join("corpus");
    let shell = |extra: &str| {
        let cmd = format!("{bin} build {} --out {} {extra}", corpus.display(), d.display());
        let o = std::process::Command::new("script").args(["-qec", &cmd, "/dev/null"]).output().expect("script(1) runs");
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let shown = shell("");
    assert!(shown.contains("3/3 files, 16 articles") && shown.contains("ETA"), "{shown:?}");
    assert!(shown.contains("newsgraph: 3 pages, 16 new articles"));
    let quiet = shell("--quiet");
    assert!(!quiet.contains("files,") && !quiet.contains("ETA"), "{quiet:?}");
}
