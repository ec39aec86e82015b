//! The library's modules depend on each other one way: no module reaches, directly or
//! through others, back into a module that uses it. Read from the sources (`crate::x`
//! paths and `use crate::x` lines of every file of a top-level module), so that a new
//! back-edge fails here rather than in a reviewer's head. DESIGN.md's module map says
//! what each module may call.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Binary-only modules: they may use anything.
const BINARY: [&str; 4] = ["main", "cli", "progress", "show"];

fn deps() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(&src).unwrap();
            let first = rel.components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
            if first == "lib" || BINARY.contains(&first.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let set = deps.entry(first.clone()).or_default();
            for line in text.lines() {
                // Code only: doc links and comments name modules without using them.
                let code = line.split("//").next().unwrap_or("");
                let mut rest = code;
                while let Some(i) = rest.find("crate::") {
                    rest = &rest[i + 7..];
                    let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    if !name.is_empty() && name != first && name != "error" {
                        set.insert(name);
                    }
                }
            }
        }
    }
    deps
}

fn reaches(deps: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(m) = stack.pop() {
        for d in deps.get(&m).into_iter().flatten() {
            if d == to {
                return true;
            }
            if seen.insert(d.clone()) {
                stack.push(d.clone());
            }
        }
    }
    false
}

#[test]
fn no_module_reaches_back_into_its_users() {
    let deps = deps();
    assert!(deps.len() > 10, "read the modules: {deps:?}");
    let mut cycles = Vec::new();
    for (m, ds) in &deps {
        for d in ds {
            if reaches(&deps, d, m) {
                cycles.push(format!("{m} → {d} → … → {m}"));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_stages_run_one_way() {
    // Earlier stages never call later ones (src/lib.rs: ingest → normalize → articles →
    // recognize → resolve → graph → export).
    let deps = deps();
    let order = ["ingest", "normalize", "articles", "recognize", "resolve", "relate", "graph", "export"];
    for (i, early) in order.iter().enumerate() {
        for late in &order[i + 1..] {
            assert!(!reaches(&deps, early, late), "{early} reaches {late}: {:?}", deps.get(*early));
        }
    }
}

#[test]
fn the_check_sees_a_cycle() {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    deps.entry("a".into()).or_default().insert("b".into());
    deps.entry("b".into()).or_default().insert("c".into());
    assert!(!reaches(&deps, "c", "a"));
    deps.entry("c".into()).or_default().insert("a".into());
    assert!(reaches(&deps, "c", "a"));
}
