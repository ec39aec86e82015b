//! Real-world mess: encodings, empty and binary files, cut JSONL, a huge line, broken
//! dictionaries, killed builds; and property tests that no input makes a stage panic.

use crate::common::{page, pipeline, root, run, tempdir};
use newsgraph::normalize::Normalizer;
use proptest::prelude::*;
use std::fs;

const PAGE: &str = "## 二七区召开会议\r\n\r\n本报讯 6月1日，二七区召开会议。区委副书记、区长苏建设讲话。记者 景静\r\n";

/// Builds `name` from `bytes` and returns (exit code, stderr, articles.jsonl).
fn build_one(dir: &str, name: &str, bytes: &[u8]) -> (Option<i32>, String, String) {
    let d = tempdir(dir);
    fs::write(d.join(name), bytes).unwrap();
    let o = run(&d, &["build", name, "--out", "out"]);
    let jsonl = fs::read_to_string(d.join("out/articles.jsonl")).unwrap_or_default();
    (o.status.code(), String::from_utf8_lossy(&o.stderr).into_owned(), jsonl)
}

fn text_of(jsonl: &str) -> Vec<String> {
    jsonl.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].as_str().unwrap().to_string()).collect()
}

#[test]
fn encodings_decode_to_the_utf8_original() {
    let (_, _, want) = build_one("enc-utf8", "p.txt", PAGE.as_bytes());
    let want = text_of(&want);
    assert!(want[0].contains("区长苏建设讲话"));
    let (gbk, _, _) = encoding_rs::GB18030.encode(PAGE);
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(PAGE.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for u in PAGE.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    for (name, bytes, note) in [
        ("gbk", gbk.into_owned(), Some("decoded from GB18030")),
        ("bom", bom, None),
        ("utf16", utf16, Some("decoded from UTF-16LE")),
    ] {
        let (code, err, got) = build_one(&format!("enc-{name}"), "p.txt", &bytes);
        assert_eq!(code, Some(0), "{name}: {err}");
        assert_eq!(text_of(&got), want, "{name}");
        if let Some(n) = note {
            assert!(err.contains(&format!("p.txt: {n}")), "{name}: {err}");
        }
    }
}

#[test]
fn crlf_is_accepted() {
    let lines = Normalizer::default().normalize_page(PAGE);
    assert!(lines.iter().all(|l| !l.text.contains('\r')));
}

#[test]
fn empty_and_binary_files_are_skipped() {
    // Skipped with a warning; with nothing else to read, the build finds no article and
    // refuses to write (exit 2) rather than leave an empty graph.
    let (code, err, _) = build_one("empty", "e.txt", b"");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("e.txt: empty file, skipped"), "{err}");
    assert!(err.contains("no article found"), "{err}");
    let (code, err, _) = build_one("binary", "b.txt", b"\x89PNG\r\n\x1a\n\0\0\0IHDR");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("b.txt: binary file, skipped"), "{err}");
}

/// Runs `refused` in `d` after the graph in `d/out` was written, and checks that it exits 2
/// with `message` and leaves every output byte-identical, with no temporary file behind.
fn refuses_and_keeps(d: &std::path::Path, refused: &[&str], message: &[&str]) {
    let out = d.join("out");
    let files = ["articles.jsonl", "graph.graphml", "graph.gexf", "graph.json", "newsgraph.db"];
    let before: Vec<Vec<u8>> = files.iter().map(|f| fs::read(out.join(f)).unwrap()).collect();
    let o = run(d, refused);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(message.iter().all(|m| err.contains(m)), "{err}");
    for (f, bytes) in files.iter().zip(before) {
        assert_eq!(fs::read(out.join(f)).unwrap(), bytes, "{f} changed");
    }
    let left: Vec<String> = fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(left.iter().all(|f| !f.contains(".tmp")), "temporary files left: {left:?}");
}

#[test]
fn a_build_without_articles_keeps_the_previous_graph() {
    let d = tempdir("no-articles");
    fs::create_dir_all(d.join("in")).unwrap();
    fs::create_dir_all(d.join("empty")).unwrap();
    fs::write(d.join("in/p.txt"), "二七区召开会议，区长苏建设出席。").unwrap();
    let built = run(&d, &["build", "in", "--out", "out", "--quiet"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    refuses_and_keeps(&d, &["build", "empty", "--out", "out"], &["no article found in empty"]);
}

#[test]
fn a_merge_without_articles_keeps_the_previous_graph() {
    let d = tempdir("merge-no-articles");
    fs::create_dir_all(d.join("in")).unwrap();
    fs::write(d.join("in/p.txt"), "二七区召开会议，区长苏建设出席。").unwrap();
    let extracted = run(&d, &["extract", "in/p.txt"]);
    assert!(extracted.status.success(), "{}", String::from_utf8_lossy(&extracted.stderr));
    fs::write(d.join("part.jsonl"), &extracted.stdout).unwrap();
    fs::write(d.join("empty.jsonl"), "").unwrap();
    let merged = run(&d, &["merge", "part.jsonl", "--out", "out", "--quiet"]);
    assert!(merged.status.success(), "{}", String::from_utf8_lossy(&merged.stderr));
    refuses_and_keeps(&d, &["merge", "empty.jsonl", "--out", "out"], &["no article found in empty.jsonl", "keeps its previous graph"]);
}

#[test]
fn a_cut_jsonl_line_fails_or_is_skipped() {
    let good = r#"{"id": "a1", "text": "二七区召开会议。"}"#;
    let bytes = format!("{good}\n{{\"id\": \"a2\", \"text\": \"二七区召").into_bytes();
    let (code, err, jsonl) = build_one("cut", "c.jsonl", &bytes);
    assert_eq!(code, Some(2));
    assert!(err.contains("c.jsonl:2: not valid JSON"), "{err}");
    assert!(jsonl.is_empty(), "nothing is written on failure");
    let d = tempdir("cut-skip");
    fs::write(d.join("c.jsonl"), &bytes).unwrap();
    let o = run(&d, &["build", "c.jsonl", "--out", "out", "--skip-bad"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("skipped 1 malformed record(s)"));
    assert_eq!(fs::read_to_string(d.join("out/articles.jsonl")).unwrap().lines().count(), 1);
}

#[test]
fn a_huge_line_without_breaks_is_built() {
    // About 3 MB of text on one line: recognition works in bounded chunks.
    let unit = "二七区召开会议，区委副书记、区长苏建设讲话，“万人助万企”活动深入开展。";
    let line = unit.repeat(30_000);
    let (code, err, jsonl) = build_one("huge", "h.txt", line.as_bytes());
    assert_eq!(code, Some(0), "{err}");
    let r: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    let official = r["entities"].as_array().unwrap().iter().find(|e| e["id"] == "official:苏建设").unwrap();
    assert_eq!(official["count"].as_u64(), Some(30_000));
}

#[test]
fn broken_dictionary_lines_are_reported_with_file_and_line() {
    let d = tempdir("dict");
    fs::write(d.join("companies-mine.txt"), "# mine\n好公司 | 好\n坏公司 ; novalue\n").unwrap();
    fs::write(d.join("p.txt"), PAGE).unwrap();
    let o = run(&d, &["build", "p.txt", "--dict", "companies-mine.txt", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("companies-mine.txt:3: attribute `novalue` is not key=value"), "{err}");
    let o = run(&d, &["dict", "check", "companies-mine.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("error: companies-mine.txt:3: attribute `novalue` is not key=value"));
}

#[test]
fn conflicting_aliases_fail_the_check() {
    let d = tempdir("alias");
    fs::write(d.join("companies-mine.txt"), "华丰材料有限公司 | 华丰\n华丰食品有限公司 | 华丰\n").unwrap();
    let o = run(&d, &["dict", "check", "companies-mine.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("error: companies-mine.txt:2: `华丰` names `华丰食品有限公司` here and `华丰材料有限公司` at companies-mine.txt:1"),
        "{out}"
    );
    // The built-in dictionaries are clean.
    let o = run(&root(), &["dict", "check", "--errors-only"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stdout));
}

/// A build killed while it runs leaves the previous outputs as they were. The second
/// build's last input is a named pipe, so it cannot finish before the kill: the test opens
/// the pipe's write end once the build has opened it to read (the build has then read its
/// other inputs and created its temporary outputs), writes half a record, and kills the
/// build while it waits for the rest. No sleep decides whether the kill lands in time.
#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_outputs_intact() {
    use std::io::Write;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    const OUTPUTS: [&str; 5] = ["graph.graphml", "graph.gexf", "graph.json", "articles.jsonl", "newsgraph.db"];
    let d = tempdir("kill");
    fs::create_dir_all(d.join("in")).unwrap();
    fs::write(d.join("in/p.txt"), PAGE).unwrap();
    assert!(run(&d, &["build", "in", "--out", "out"]).status.success());
    let before: Vec<Vec<u8>> = OUTPUTS.iter().map(|f| fs::read(d.join("out").join(f)).unwrap()).collect();
    // A second page, and a named pipe read after it (inputs are read in name order).
    fs::write(d.join("in/q.txt"), "本报讯 中牟县召开会议。县长李春华讲话。\n").unwrap();
    let fifo = d.join("in/z.jsonl");
    let c_path = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the file.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo: {}", std::io::Error::last_os_error());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["build", "in", "--out", "out", "--quiet"])
        .current_dir(&d)
        .spawn()
        .unwrap();
    // Opening a pipe's write end without blocking fails (ENXIO) until a reader has it open:
    // poll until the build opens it, or fail if the build ends first.
    let mut pipe = loop {
        match fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(&fifo) {
            Ok(p) => break p,
            Err(e) if e.raw_os_error() == Some(libc::ENXIO) => {
                if let Some(status) = child.try_wait().unwrap() {
                    panic!("the build ended ({status}) before it read the pipe");
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            Err(e) => panic!("opening the pipe: {e}"),
        }
    };
    // Half a record: the build waits for the rest of the line, and for the end of the file,
    // as long as the write end is open.
    pipe.write_all("{\"id\": \"k1\", \"text\": \"二七区召开".as_bytes()).unwrap();
    // The build is mid-way: its outputs are being written to temporary siblings.
    let temporaries: Vec<String> = fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.contains(".tmp"))
        .collect();
    assert!(!temporaries.is_empty(), "the build is reading its last input but writes no temporary output");
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    drop(pipe);
    assert!(!status.success(), "the build finished although its input was still open");
    for (f, old) in OUTPUTS.iter().zip(before) {
        assert!(fs::read(d.join("out").join(f)).unwrap() == old, "{f} changed");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn normalizer_never_panics_and_maps_back(s in "\\PC{0,200}|[二七区 \n\"记者景静，。#]{0,80}") {
        for line in Normalizer::default().normalize_page(&s) {
            prop_assert_eq!(line.text.chars().count(), line.origin.len());
            for &o in &line.origin {
                prop_assert!((o as usize) < s.len() && s.is_char_boundary(o as usize));
            }
        }
    }

    #[test]
    fn pipeline_never_panics_and_spans_slice_text(s in "\\PC{0,300}|[二七区委书记长苏建设“”活动有限公司村镇 \n本报讯记者]{0,120}") {
        for (article, mentions) in pipeline().process_page(&page("p.txt", &s)) {
            let chars: Vec<char> = article.text.chars().collect();
            let mut last_end = 0;
            for m in &mentions {
                prop_assert!(m.span.start < m.span.end && m.span.end <= chars.len());
                prop_assert!(m.span.start >= last_end, "overlapping mentions");
                last_end = m.span.end;
                prop_assert_eq!(&article.text[m.span.byte_start..m.span.byte_end],
                    chars[m.span.start..m.span.end].iter().collect::<String>());
            }
        }
    }

    #[test]
    fn chunks_cover_the_text(s in "\\PC{0,400}") {
        let parts = newsgraph::recognize::chunks(&s, 17);
        prop_assert_eq!(parts.concat(), s.clone());
        prop_assert!(parts.iter().all(|p| p.chars().count() <= 17));
    }
}
