//! `newsgraph serve` over HTTP: every page and API route answers on a server bound to port
//! 0; the API gives the CLI's `--json` answers; untrusted article text is escaped; every
//! answer carries the Content-Security-Policy; bad parameters are 400, unknown names 404;
//! no route reads outside the store's files; a store replaced by a build is read anew.

use crate::common::{root, run, tempdir};
use newsgraph::serve::{ServeConfig, CSP};
use serde_json::Value;
use std::io::{BufRead, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Builds `inputs` into a fresh directory.
fn build(name: &str, inputs: &[&str]) -> PathBuf {
    let d = tempdir(name);
    let mut args = vec!["build"];
    args.extend(inputs);
    args.extend(["--out", d.to_str().unwrap(), "--quiet"]);
    let o = run(&root(), &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    d
}

/// The sample store and a server over it, shared by these tests.
fn sample() -> &'static (PathBuf, SocketAddr) {
    static S: OnceLock<(PathBuf, SocketAddr)> = OnceLock::new();
    S.get_or_init(|| {
        let d = build("serve-sample", &["corpus"]);
        let addr = newsgraph::serve::spawn(&ServeConfig::new(&d).port(0)).expect("serves");
        (d, addr)
    })
}

/// A store of articles written to attack the pages: markup in the text, the title, the
/// source and the journalists.
fn hostile() -> SocketAddr {
    static S: OnceLock<SocketAddr> = OnceLock::new();
    *S.get_or_init(|| {
        let d = tempdir("serve-hostile-input");
        let rec = serde_json::json!({
            "id": "evil-1",
            "title": "<img src=x onerror=alert(2)>标题",
            "date": "2023-03-01",
            "url": "javascript:alert(3)",
            "text": "本报讯（记者 王小明）二七区区长苏建设<script>alert(1)</script>在区发改委调研“\"'&<b>万人助万企</b>”活动。\n苏建设指出，要<script>alert(1)</script>抓好落实。",
        });
        let rec2 = serde_json::json!({
            "id": "evil-2\"><script>alert(4)</script>",
            "date": "2023-04-02",
            "text": "本报讯 二七区区长苏建设到郑州市二七区发改委调研，</textarea><script>alert(1)</script>。",
        });
        let file = d.join("evil.jsonl");
        std::fs::write(&file, format!("{rec}\n{rec2}\n")).unwrap();
        let out = build("serve-hostile", &[file.to_str().unwrap()]);
        newsgraph::serve::spawn(&ServeConfig::new(&out).port(0)).expect("serves")
    })
}

/// An answer: status, headers (lower-case names), body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// GETs `target` (sent as is: the test chooses what is percent-encoded) over a raw
/// HTTP/1.1 connection.
fn get(addr: SocketAddr, target: &str) -> Answer {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(std::time::Duration::from_secs(30))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("reads the answer");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        body = dechunk(&body);
    }
    Answer { status, headers, body: String::from_utf8(body).expect("UTF-8 body") }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let n = usize::from_str_radix(std::str::from_utf8(&b[..nl]).unwrap().trim(), 16).unwrap();
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + n]);
        b = &b[nl + 2 + n + 2..];
    }
}

/// Percent-encodes a query value or path segment.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn ok(addr: SocketAddr, target: &str) -> Answer {
    let a = get(addr, target);
    assert_eq!(a.status, 200, "{target}: {}", a.body);
    a
}

#[test]
fn serve_every_page_answers() {
    let addr = sample().1;
    let su = enc("official:苏建设");
    let pages: Vec<(String, &str)> = vec![
        ("/".into(), "Most central"),
        (format!("/search?q={}", enc("苏建设")), "/entity/official%3A%E8%8B%8F%E5%BB%BA%E8%AE%BE"),
        (format!("/search?q={}", enc("苏 建设")), "class=\"ent t-official\""),
        (format!("/entity/{su}"), "区委副书记"),
        (format!("/entity/{}", enc("二七经开区")), "二七经济技术开发区"),
        (format!("/edge?a={}&b={}", enc("苏建设"), enc("王波")), "class=\"sentence\""),
        (format!("/article/000_062ca33ebf5a268a-02?e={su}"), "m t-official focus"),
        (format!("/graph/{su}"), "data-id=\"district:二七区\""),
        (format!("/graph/{su}?depth=2&exclude=journalist&via=cooccurs,role&min_weight=1&max_nodes=40"), "<svg id=\"graph\""),
        (format!("/path?from={}&to={}&via=cooccurs&via=role&exclude=district", enc("兰海"), enc("苏建设")), "吕安民"),
        ("/path".into(), "Path between two entities"),
        ("/top?type=official&by=degree&limit=5".into(), "<table class=\"list\" id=\"top\">"),
        ("/downloads".into(), "/download/graph.gexf"),
    ];
    for (target, want) in pages {
        let a = ok(addr, &target);
        assert!(a.header("content-type").unwrap().starts_with("text/html"), "{target}");
        assert!(a.body.contains(want), "{target} lacks {want}: {}", a.body);
        // Scripts come only from /static/: no inline script on any page.
        for (i, _) in a.body.match_indices("<script") {
            assert!(a.body[i..].starts_with("<script src=\"/static/"), "{target}: inline script at {i}");
        }
    }
    let css = ok(addr, "/static/app.css");
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(ok(addr, "/static/graph.js").body.contains("viewBox"));
    let gexf = ok(addr, "/download/graph.gexf");
    assert!(gexf.header("content-disposition").unwrap().contains("graph.gexf"));
    assert_eq!(gexf.body, std::fs::read_to_string(sample().0.join("graph.gexf")).unwrap());
}

#[test]
fn serve_pages_show_what_the_issue_asks() {
    let addr = sample().1;
    // Nothing matches: the closest names.
    let a = ok(addr, &format!("/search?q={}", enc("苏建x")));
    assert!(a.body.contains("id=\"nothing\"") && a.body.contains(">苏建设</a>"), "{}", a.body);
    // The entity page: card, career, neighbours by kind with evidence links, articles.
    let a = ok(addr, &format!("/entity/{}", enc("official:苏建设")));
    for want in ["id=\"career\"", "<h3>cooccurs", "<h3>role", "/edge?a=official%3A", "id=\"articles\"", "【"] {
        if want == "【" {
            assert!(!a.body.contains(want), "snippet marks left in: {}", a.body);
        } else {
            assert!(a.body.contains(want), "entity page lacks {want}");
        }
    }
    // The article: every mention linked to its entity with its type's class.
    let a = ok(addr, "/article/000_062ca33ebf5a268a-02");
    assert!(a.body.contains("class=\"m t-district\" href=\"/entity/district%3A"), "{}", a.body);
    assert!(a.body.contains("景静"), "journalists shown");
    // The same graph twice: the same SVG (deterministic layout).
    let g = format!("/graph/{}?depth=2", enc("苏建设"));
    assert_eq!(ok(addr, &g).body, ok(addr, &g).body);
}

#[test]
fn serve_mentions_by_month_is_an_svg_chart() {
    let a = ok(hostile(), &format!("/entity/{}", enc("official:苏建设")));
    assert!(a.body.contains("<svg class=\"chart\""), "{}", a.body);
    assert!(a.body.contains("<title>2023-03: 1</title>") && a.body.contains("<title>2023-04: 1</title>"), "{}", a.body);
}

/// Runs the binary with `--json` on the sample store.
fn cli_json(args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.extend(["--store", sample().0.to_str().unwrap(), "--json"]);
    let o = run(&root(), &a);
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn serve_api_answers_as_the_cli_does() {
    let addr = sample().1;
    let same = |api: String, cli: &[&str]| assert_eq!(ok(addr, &api).json(), cli_json(cli), "{api}");
    same(format!("/api/query?name={}", enc("苏建设")), &["query", "苏建设"]);
    same(format!("/api/query?name={}&limit=3", enc("二七区")), &["query", "二七区", "--limit", "3"]);
    same(format!("/api/query?name={}&with={}", enc("苏建设"), enc("王波")), &["query", "苏建设", "--with", "王波"]);
    same(format!("/api/neighbors?name={}&depth=2&limit=50&exclude=district", enc("荥阳")), &["neighbors", "荥阳", "--depth", "2", "--limit", "50", "--exclude", "district"]);
    same(
        format!("/api/path?from={}&to={}&via=cooccurs,role&exclude=district", enc("兰海"), enc("苏建设")),
        &["path", "兰海", "苏建设", "--via", "cooccurs,role", "--exclude", "district"],
    );
    same("/api/top?type=official&by=degree&limit=5".into(), &["top", "--type", "official", "--by", "degree", "--limit", "5"]);
    same(format!("/api/careers?name={}", enc("苏建设")), &["careers", "苏建设"]);
}

#[test]
fn serve_api_for_the_pages() {
    let addr = sample().1;
    let v = ok(addr, &format!("/api/search?q={}", enc("苏建"))).json();
    assert_eq!(v["entities"][0]["id"], "official:苏建设");
    let v = ok(addr, &format!("/api/search?q={}", enc("苏建x"))).json();
    assert_eq!(v["entities"].as_array().unwrap().len(), 0);
    assert_eq!(v["suggestions"][0], "苏建设");
    let v = ok(addr, "/api/article/000_062ca33ebf5a268a-02").json();
    let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    let m = v["mentions"].as_array().unwrap().iter().find(|m| m["entity"] == "official:苏建设").expect("a mention of 苏建设");
    let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
    assert_eq!(text[s..e].iter().collect::<String>(), "苏建设");
    let v = ok(addr, &format!("/api/edge?a={}&b={}", enc("苏建设"), enc("王波"))).json();
    assert_eq!(v["articles"][0]["id"], "000_062ca33ebf5a268a-02");
    assert_eq!(v["articles"][0]["together"], true);
    let v = ok(addr, &format!("/api/graph?name={}&depth=2&max_nodes=30", enc("苏建设"))).json();
    let nodes = v["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 30);
    assert_eq!(v["more_nodes"], true);
    assert_eq!(nodes[0]["id"], "official:苏建设");
    assert!(nodes.iter().any(|n| n["id"] == "district:二七区"));
    for n in nodes {
        let (x, y) = (n["x"].as_f64().unwrap(), n["y"].as_f64().unwrap());
        assert!((0.0..=1000.0).contains(&x) && (0.0..=700.0).contains(&y), "{n}");
    }
    let ids: Vec<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    for e in v["edges"].as_array().unwrap() {
        assert!(ids.contains(&e["source"].as_str().unwrap()) && ids.contains(&e["target"].as_str().unwrap()), "{e}");
    }
}

#[test]
fn serve_escapes_untrusted_text() {
    let addr = hostile();
    let su = enc("official:苏建设");
    for target in [
        "/article/evil-1".to_string(),
        format!("/article/{}", enc("evil-2\"><script>alert(4)</script>")),
        format!("/entity/{su}"),
        format!("/edge?a={}&b={}", enc("苏建设"), enc("二七区")),
        format!("/search?q={}", enc("<script>alert(1)</script>")),
        format!("/graph/{su}"),
        format!("/entity/{}", enc("<script>alert(5)</script>")),
    ] {
        let a = get(addr, &target);
        assert!(a.status == 200 || a.status == 404, "{target}: {}", a.status);
        for bad in ["<script>alert", "<img src=x", "<b>万人助万企</b>", "\"><script", "</textarea><script"] {
            assert!(!a.body.contains(bad), "{target} lets `{bad}` through: {}", a.body);
        }
    }
    let a = ok(addr, "/article/evil-1");
    // Normalization made the parentheses full-width; the markup is text, escaped.
    assert!(a.body.contains("&lt;script&gt;alert（1）&lt;&#x2f;script&gt;"), "{}", a.body);
    assert!(a.body.contains("<h1>&lt;img src=x onerror=alert（2）&gt;标题</h1>"), "{}", a.body);
    assert!(!a.body.contains("href=\"javascript:"), "a URL from the input is never a link");
    // The mention is still marked around the escaped text.
    assert!(a.body.contains(&format!("class=\"m t-official\" href=\"/entity/{su}\"")), "{}", a.body);
    // JSON carries the text as it is (JSON is not HTML), served as JSON.
    let v = ok(addr, "/api/article/evil-1");
    assert!(v.header("content-type").unwrap().starts_with("application/json"));
    assert!(v.json()["text"].as_str().unwrap().contains("<script>alert（1）</script>"));
}

#[test]
fn serve_sends_the_security_headers_on_every_answer() {
    let addr = sample().1;
    assert!(CSP.contains("default-src 'self'") && !CSP.contains("unsafe-inline") && !CSP.contains("unsafe-eval"));
    for target in ["/", "/api/top", "/static/app.js", "/nowhere", "/api/nowhere", "/graph/x?depth=99", "/download/graph.json"] {
        let a = get(addr, target);
        assert_eq!(a.header("content-security-policy"), Some(CSP), "{target}");
        assert_eq!(a.header("x-content-type-options"), Some("nosniff"), "{target}");
        assert!(a.header("server-timing").is_some_and(|v| v.starts_with("app;dur=")), "{target}");
    }
}

#[test]
fn serve_bad_parameters_are_400() {
    let addr = sample().1;
    let su = enc("苏建设");
    let long = "长".repeat(201);
    for target in [
        format!("/graph/{su}?depth=99"),
        format!("/graph/{su}?depth=0"),
        format!("/graph/{su}?max_nodes=100000"),
        format!("/graph/{su}?min_weight=NaN"),
        format!("/graph/{su}?min_weight=-1"),
        format!("/graph/{su}?exclude=martians"),
        format!("/entity/{su}?limit=100000"),
        format!("/edge?a={su}"),
        "/top?by=fame".into(),
        format!("/path?from={su}&to={su}&max_depth=99"),
        format!("/search?q={}", enc(&long)),
        format!("/entity/{}", enc(&long)),
        format!("/graph/{}", enc(&long)),
        format!("/article/{}", enc(&long)),
        format!("/api/article/{}", enc(&long)),
        format!("/api/query?name={su}&limit=100000"),
        format!("/api/query?name={su}&limit=ten"),
        format!("/api/query?name={su}&acts=dances"),
        "/api/query".into(),
        format!("/api/neighbors?name={su}&depth=abc"),
        format!("/api/neighbors?name={su}&depth=99"),
        format!("/api/neighbors?name={su}&via=bogus"),
        format!("/api/path?from={su}&to={su}&max_depth=-1"),
        "/api/top?limit=0".into(),
        "/api/top?type=alien".into(),
        "/api/search".into(),
        format!("/api/graph?name={su}&max_nodes=5000"),
        format!("/api/graph?name={su}&depth=3"),
        format!("/api/edge?a={su}&b={su}&limit=1e9"),
    ] {
        let a = get(addr, &target);
        assert_eq!(a.status, 400, "{target}: {}", a.body);
        if target.starts_with("/api/") {
            assert!(a.json()["error"].is_string(), "{target}");
        } else {
            assert!(a.body.contains("<h1>400 Bad Request</h1>"), "{target}: {}", a.body);
        }
    }
}

#[test]
fn serve_unknown_names_are_404() {
    let addr = sample().1;
    for target in [
        format!("/entity/{}", enc("谁也不是")),
        format!("/graph/{}", enc("谁也不是")),
        "/article/no-such-article".into(),
        "/api/article/no-such-article".into(),
        format!("/api/query?name={}", enc("苏建")),
        format!("/edge?a={}&b={}", enc("苏建设"), enc("谁也不是")),
        "/no/such/page".into(),
        "/api/no-such-route".into(),
        "/static/nothing.js".into(),
    ] {
        let a = get(addr, &target);
        assert_eq!(a.status, 404, "{target}: {}", a.body);
    }
    // A near miss says what was meant.
    assert!(get(addr, &format!("/api/query?name={}", enc("苏建"))).json()["error"].as_str().unwrap().contains("did you mean: 苏建设"));
}

#[test]
fn serve_reads_no_path_outside_its_files() {
    let addr = sample().1;
    for target in [
        "/download/../../etc/passwd",
        "/download/..%2F..%2F..%2Fetc%2Fpasswd",
        "/download/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/download/newsgraph.db",
        "/download/",
        "/static/../../Cargo.toml",
        "/static/..%2F..%2FCargo.toml",
        "/static/%2e%2e%2fmod.rs",
        "/../../../../etc/passwd",
        "/article/..%2F..%2Fetc%2Fpasswd",
    ] {
        let a = get(addr, target);
        assert!(a.status == 404 || a.status == 400, "{target}: {}", a.status);
        assert!(!a.body.contains("root:") && !a.body.contains("[package]") && !a.body.contains("SQLite format"), "{target}");
    }
}

#[test]
fn serve_reads_the_store_a_build_put_in_place() {
    // A server over a store of one page; a build of all three pages replaces it while the
    // server runs (renamed into place): the next request reads the new store.
    let d = build("serve-rebuilt", &["corpus/000_062ca33ebf5a268a.txt"]);
    let addr = newsgraph::serve::spawn(&ServeConfig::new(&d).port(0)).unwrap();
    let q = format!("/api/query?name={}", enc("万人助万企"));
    assert_eq!(get(addr, &q).status, 404);
    assert_eq!(ok(addr, &format!("/api/query?name={}", enc("苏建设"))).json()["entity"]["id"], "official:苏建设");
    let o = run(&root(), &["build", "corpus", "--out", d.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success());
    assert_eq!(ok(addr, &q).json()["entity"]["id"], "program:万人助万企");
    let o = run(&root(), &["build", "corpus", "--append", "--out", d.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success());
    assert_eq!(ok(addr, &q).json()["entity"]["id"], "program:万人助万企");
}

#[test]
fn serve_binary_prints_its_address_and_refuses_a_missing_store() {
    let d = &sample().0;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["serve", "--port", "0", "--store", d.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.split_whitespace().find(|w| w.starts_with("http://127.0.0.1:")).unwrap_or_else(|| panic!("{line}"));
    let addr: SocketAddr = url.trim_start_matches("http://").trim_end_matches('/').parse().unwrap();
    let a = get(addr, "/");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(a.status, 200);
    let empty = tempdir("serve-nothing");
    let o = run(Path::new(&root()), &["serve", "--port", "0", "--store", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no store here"), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn serve_graph_layout_as_gexf_keeps_the_positions() {
    use quick_xml::events::Event;
    let addr = sample().1;
    let q = format!("/api/graph?name={}&depth=2&max_nodes=40", enc("苏建设"));
    let json = ok(addr, &q).json();
    let a = ok(addr, &format!("{q}&format=gexf"));
    assert!(a.header("content-type").unwrap().starts_with("application/gexf+xml"));
    assert!(a.header("content-disposition").unwrap().contains("neighbourhood.gexf"));
    let mut r = quick_xml::Reader::from_str(&a.body);
    let (mut node, mut positions, mut edges) = (String::new(), Vec::new(), 0);
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |k: &str| e.try_get_attribute(k).unwrap().unwrap().value.to_string();
                match e.name().into_inner() {
                    "node" => node = attr("id"),
                    "viz:position" => positions.push((node.clone(), attr("x").parse::<f64>().unwrap(), attr("y").parse::<f64>().unwrap())),
                    "edge" => edges += 1,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(positions.len(), nodes.len());
    assert_eq!(edges, json["edges"].as_array().unwrap().len());
    for ((id, x, y), n) in positions.iter().zip(nodes) {
        assert_eq!(id, n["id"].as_str().unwrap());
        assert_eq!((*x, -*y), (n["x"].as_f64().unwrap(), n["y"].as_f64().unwrap()), "{id}: y points up in GEXF");
    }
    assert_eq!(get(addr, &format!("{q}&format=png")).status, 400);
}
