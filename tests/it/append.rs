//! `build --append` in place: the store keeps the graph builder's state, the split ids and
//! the reprint index, so an append adds its articles to them without reading the stored
//! ones again. What it writes must be what reading every stored record back gives (the
//! path an older store still takes), byte for byte; and it must not need the old texts.

use crate::common::{root, run, tempdir};
use std::fs;
use std::path::{Path, PathBuf};

const TABLES: [&str; 10] =
    ["meta", "articles", "entities", "aliases", "entity_articles", "edges", "relations", "posts", "entity_months", "post_spans"];
const FILES: [&str; 4] = ["articles.jsonl", "graph.graphml", "graph.gexf", "graph.json"];

/// The sample's articles, built once per test.
fn sample_records(d: &Path) -> Vec<serde_json::Value> {
    let out = d.join("sample");
    let o = run(&root(), &["build", "corpus", "--out", out.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = fs::read_to_string(out.join("articles.jsonl")).unwrap();
    text.lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// A generated corpus as `scripts/gen-corpus.py` makes it: the sample's articles again and
/// again with distinct ids, dates and a numbered line, from number `from` on.
fn generated(sample: &[serde_json::Value], from: usize, n: usize, path: &Path) -> PathBuf {
    let mut out = String::new();
    for i in from..from + n {
        let a = &sample[i % sample.len()];
        let day = 1 + (i / 4) % 28;
        let rec = serde_json::json!({
            "id": format!("bench-{i:07}"),
            "title": a["title"],
            "date": format!("2015-{:02}-{day:02}", 1 + (i / 112) % 12),
            "text": format!("{}\n（编号{i}）", a["text"].as_str().unwrap()),
        });
        out.push_str(&rec.to_string());
        out.push('\n');
    }
    fs::write(path, out).unwrap();
    path.to_path_buf()
}

fn jsonl(path: &Path, records: &[serde_json::Value]) -> PathBuf {
    fs::write(path, records.iter().map(|r| format!("{r}\n")).collect::<String>()).unwrap();
    path.to_path_buf()
}

/// Every row of a table, as text, sorted.
fn rows(db: &Path, table: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut st = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
    let n = st.column_count();
    let mut out: Vec<String> = st
        .query_map([], |r| {
            Ok((0..n).map(|k| format!("{:?}", r.get_ref(k).unwrap())).collect::<Vec<_>>().join("\u{1f}"))
        })
        .unwrap()
        .map(|r| r.unwrap())
        .collect();
    out.sort();
    out
}

/// Asserts that two output directories hold the same outputs.
fn assert_same(a: &Path, b: &Path, what: &str) {
    for f in FILES {
        let (x, y) = (fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap());
        assert!(x == y, "{what}: {f} differs");
    }
    for t in TABLES {
        let (x, y) = (rows(&a.join("newsgraph.db"), t), rows(&b.join("newsgraph.db"), t));
        assert!(x == y, "{what}: table {t} differs ({} and {} rows)", x.len(), y.len());
    }
}

/// Appends `input` to `dir`; whether it went on in place (the timing of the derived
/// tables' update is only reported then).
fn append(dir: &Path, input: &Path, keep: bool) -> bool {
    append_stderr(dir, input, keep).contains("derived tables updated")
}

/// Appends `input` to `dir` (warnings on, phases timed); what it printed to stderr.
fn append_stderr(dir: &Path, input: &Path, keep: bool) -> String {
    let mut args = vec!["build", input.to_str().unwrap(), "--append", "--out", dir.to_str().unwrap()];
    if keep {
        args.push("--keep-reprints");
    }
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(&args)
        .current_dir(root())
        .env("NEWSGRAPH_TIMINGS", "1")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{err}");
    err
}

/// A copy of an output directory whose store lost its append state: appending to it reads
/// every stored record back, as every append did before appends went on in place.
fn without_state(from: &Path, to: &Path) {
    copy_dir(from, to);
    let conn = rusqlite::Connection::open(to.join("newsgraph.db")).unwrap();
    conn.execute("DELETE FROM append_state", []).unwrap();
}

/// A store of `n` generated articles built in `name`'s directory `out` (reprints kept),
/// and `more` generated articles after them in `more.jsonl`: (directory, sample, store
/// directory, more).
fn built_and_more(name: &str, n: usize, more: usize) -> (PathBuf, Vec<serde_json::Value>, PathBuf, PathBuf) {
    let d = tempdir(name);
    let sample = sample_records(&d);
    let base = generated(&sample, 0, n, &d.join("base.jsonl"));
    let more = generated(&sample, n, more, &d.join("more.jsonl"));
    let out = d.join("out");
    build(&base, &out, true);
    (d, sample, out, more)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn build(input: &Path, out: &Path, keep: bool) {
    let mut args = vec!["build", input.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"];
    if keep {
        args.push("--keep-reprints");
    }
    let o = run(&root(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Appends each input in turn in place and by reading everything back; after each, the
/// outputs agree.
fn appends_agree(name: &str, keep: bool, base: &[serde_json::Value], inputs: &[(&str, PathBuf)]) {
    let d = tempdir(name);
    let base = jsonl(&d.join("base.jsonl"), base);
    let fast = d.join("in-place");
    build(&base, &fast, keep);
    let mut chunks = 0;
    for (what, input) in inputs {
        let slow = d.join(format!("read-back-{what}"));
        without_state(&fast, &slow);
        assert!(!append(&slow, input, keep), "{what}: a store without its state is read back");
        // A fold that moves a story's date leaves no builder state (the next append reads
        // the records back): both ways give the same outputs either way.
        append(&fast, input, keep);
        assert_same(&fast, &slow, &format!("{name}, {what}"));
        let conn = rusqlite::Connection::open_with_flags(fast.join("newsgraph.db"), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let n: usize = conn.query_row("SELECT count(*) FROM append_state WHERE key LIKE 'graph-evidence-%'", [], |r| r.get(0)).unwrap();
        chunks = chunks.max(n);
        // The texts seen are told by the hashes the state keeps, one per stored article.
        let (hashed, stored): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT sum(length(value)) / 32 FROM append_state WHERE key LIKE 'hashes-%'), (SELECT count(*) FROM articles)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(hashed, stored, "{name}, {what}: hashes kept");
    }
    // Appends in place added their evidence as chunks beside the build's.
    assert!(chunks >= 3, "{name}: {chunks} chunks of evidence at most");
}

fn scenarios(name: &str, keep: bool) {
    let d = tempdir(name);
    let sample = sample_records(&d);
    let base: Vec<serde_json::Value> = {
        let p = generated(&sample, 0, 120, &d.join("gen.jsonl"));
        fs::read_to_string(p).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let more = generated(&sample, 120, 40, &d.join("more.jsonl"));
    // An id already taken, with a new text; and a text already stored under another id.
    let mut taken = base[5].clone();
    taken["text"] = "二七区召开安全生产工作会议，区长苏建设出席会议并讲话，要求各街道压实责任。".into();
    let mut same_text = base[7].clone();
    same_text["id"] = "another-id".into();
    let taken = jsonl(&d.join("taken.jsonl"), &[taken, same_text]);
    // A reprint of a stored story dated before it: folded, it moves the story's date.
    let mut early = base[20].clone();
    early["id"] = "early-reprint".into();
    early["date"] = "2010-01-01".into();
    early["text"] = early["text"].as_str().unwrap().replace("（编号20）", "（转载）").into();
    let early = jsonl(&d.join("early.jsonl"), &[early]);
    // Officials of one name in two counties: the name is split once the second comes.
    let zhongyuan = jsonl(
        &d.join("zhongyuan.jsonl"),
        &[serde_json::json!({"id": "zy-1", "date": "2023-03-01", "text": "中原区副区长王伟走访企业\n3月1日，中原区副区长王伟走访调研河南岚川食品有限公司，了解企业生产经营情况。\n王伟要求，相关部门要主动靠前服务，帮助企业解决用工难题。"})],
    );
    let dengfeng = jsonl(
        &d.join("dengfeng.jsonl"),
        &[serde_json::json!({"id": "df-1", "date": "2023-03-02", "text": "大冶镇检查人居环境整治\n3月2日，登封市大冶镇镇长王伟到石门沟村检查人居环境整治工作。\n王伟强调，要压实村组责任，确保整治见到实效。"})],
    );
    appends_agree(
        name,
        keep,
        &base,
        &[
            ("sample", root().join("corpus")),
            ("more", more.clone()),
            ("taken", taken),
            ("nothing-new", more),
            ("zhongyuan", zhongyuan),
            ("dengfeng", dengfeng),
            ("early", early),
            ("after-early", root().join("corpus/000_062ca33ebf5a268a.txt")),
        ],
    );
}

#[test]
fn append_in_place_equals_reading_every_record_back_with_reprints_kept() {
    scenarios("append-keep", true);
}

#[test]
fn append_in_place_equals_reading_every_record_back_with_reprints_folded() {
    scenarios("append-fold", false);
}

#[test]
fn append_in_place_goes_on_from_the_store_and_an_older_one_is_read_back_once() {
    let (_, _, out, more) = built_and_more("append-modes", 40, 10);
    assert!(append(&out, &more, true), "a store this build wrote goes on in place");
    // Another reprint mode (or window) than the store's: read back, and the state is then
    // the new mode's.
    assert!(!append(&out, &more, false));
    assert!(append(&out, &root().join("corpus"), false));
}

#[test]
fn append_in_place_does_not_read_the_stored_texts() {
    // An old article's record and text are made unreadable: reading every record back
    // fails on it; going on in place never reads it and leaves the row as it is.
    let (d, _, out, more) = built_and_more("append-no-read", 60, 20);
    let broken = d.join("broken");
    without_state(&out, &broken);
    let corrupt = |dir: &Path| {
        let conn = rusqlite::Connection::open(dir.join("newsgraph.db")).unwrap();
        let n = conn
            .execute("UPDATE articles SET record = 'not a record', text = 'corrupted' WHERE id = 'bench-0000003'", [])
            .unwrap();
        assert_eq!(n, 1);
    };
    corrupt(&out);
    corrupt(&broken);
    let o = run(&root(), &["build", more.to_str().unwrap(), "--append", "--keep-reprints", "--out", broken.to_str().unwrap(), "--quiet"]);
    assert!(!o.status.success(), "reading the records back meets the broken one");
    assert!(append(&out, &more, true));
    let conn = rusqlite::Connection::open(out.join("newsgraph.db")).unwrap();
    let (record, text, n): (String, String, i64) = conn
        .query_row(
            "SELECT record, text, (SELECT count(*) FROM articles) FROM articles WHERE id = 'bench-0000003'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((record.as_str(), text.as_str(), n), ("not a record", "corrupted", 80));
    let lines = fs::read_to_string(out.join("articles.jsonl")).unwrap().lines().count();
    assert_eq!(lines, 80);
}

#[test]
fn a_failed_append_in_place_leaves_every_output_as_it_was() {
    let d = tempdir("append-fails");
    let sample = sample_records(&d);
    let base = generated(&sample, 0, 30, &d.join("base.jsonl"));
    let out = d.join("out");
    build(&base, &out, false);
    let before: Vec<Vec<u8>> = FILES.iter().chain(["newsgraph.db"].iter()).map(|f| fs::read(out.join(f)).unwrap()).collect();
    // New articles, then a malformed line: nothing is written.
    let mut bad = fs::read_to_string(generated(&sample, 30, 5, &d.join("new.jsonl"))).unwrap();
    bad.push_str("{\"id\": \"broken\", \"text\": \n");
    fs::write(d.join("bad.jsonl"), bad).unwrap();
    let o = run(&root(), &["build", d.join("bad.jsonl").to_str().unwrap(), "--append", "--out", out.to_str().unwrap(), "--quiet"]);
    assert!(!o.status.success());
    let after: Vec<Vec<u8>> = FILES.iter().chain(["newsgraph.db"].iter()).map(|f| fs::read(out.join(f)).unwrap()).collect();
    assert!(before == after, "the outputs changed");
    let left: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
    // And the store still goes on in place.
    assert!(append(&out, &d.join("new.jsonl"), false));
}

/// A build or an append killed between writing `articles.jsonl` and committing the store
/// leaves the two apart. The next append mends it: lines past what the store committed
/// are cut, with a warning; a file that does not end where the store says is written anew
/// from the store. Either way the outputs are those of the same append to untouched
/// outputs.
#[test]
fn an_interrupted_append_is_mended_by_the_next() {
    let (d, sample, clean, more) = built_and_more("append-mend", 30, 10);
    // Lines of an append that never committed.
    let longer = d.join("longer");
    copy_dir(&clean, &longer);
    let leftover = fs::read(generated(&sample, 500, 2, &d.join("leftover.jsonl"))).unwrap();
    let mut file = fs::OpenOptions::new().append(true).open(longer.join("articles.jsonl")).unwrap();
    std::io::Write::write_all(&mut file, &leftover).unwrap();
    drop(file);
    // The last line lost (a fold's rewrite that never took the old file's place).
    let shorter = d.join("shorter");
    copy_dir(&clean, &shorter);
    let text = fs::read_to_string(shorter.join("articles.jsonl")).unwrap();
    let cut = text[..text.len() - 1].rfind('\n').unwrap() + 1;
    fs::write(shorter.join("articles.jsonl"), &text[..cut]).unwrap();

    assert!(append(&clean, &more, true));
    let err = append_stderr(&longer, &more, true);
    assert!(err.contains("warning") && err.contains(&format!("{} bytes after the last committed article", leftover.len())), "{err}");
    assert!(err.contains("derived tables updated"), "the cut file goes on in place: {err}");
    assert_same(&clean, &longer, "leftover lines cut");
    assert!(!append(&shorter, &more, true), "a file the store does not recognize is read back");
    assert_same(&clean, &shorter, "file written anew");
}

