//! Shared helpers for the integration tests.

use newsgraph::model::Page;
use newsgraph::pipeline::{DictConfig, Pipeline};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One pipeline with the built-in dictionaries, shared by the tests of this binary.
pub fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&DictConfig::default(), None).expect("built-in dictionaries load"))
}

/// A pipeline without the dictionary entries seeded from the sample corpus.
pub fn rules_only_pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        Pipeline::new(&DictConfig { no_seeds: true, ..Default::default() }, None).expect("dictionaries load")
    })
}

/// A page from text.
pub fn page(source: &str, text: &str) -> Page {
    Page { source: source.into(), line: None, text: text.into(), record: None }
}

/// A sample page from `corpus/`.
pub fn sample_page(stem: &str) -> Page {
    let path = root().join("corpus").join(format!("{stem}.txt"));
    page(&format!("corpus/{stem}.txt"), &std::fs::read_to_string(&path).expect("sample page"))
}


/// Runs the binary with `args` in `dir`.
pub fn run(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("newsgraph runs")
}

/// The sample pages built into a fresh temporary directory (see [`tempdir`]), which is
/// returned.
pub fn build_sample(name: &str) -> PathBuf {
    let out = tempdir(name);
    let o = run(&root(), &["build", "corpus", "--out", out.to_str().unwrap(), "--quiet"]);
    assert!(o.status.success(), "build failed: {}", String::from_utf8_lossy(&o.stderr));
    out
}

/// A fresh temporary directory for one test. Tests run in parallel in one process: each
/// call gets a directory of its own even if two tests give the same name (otherwise one
/// test's `remove_dir_all` would delete the files of the other while it runs).
pub fn tempdir(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = std::env::temp_dir().join(format!("newsgraph-test-{}-{name}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// A co-occurrence edge of weight (and count and fractional count) `w`, for graphs built
/// by hand.
pub fn cooccurrence(w: f64) -> newsgraph::graph::Edge {
    newsgraph::graph::Edge { count: w, fractional: w, weight: w, ..newsgraph::graph::Edge::new(newsgraph::graph::EdgeKind::Cooccurs) }
}

/// A table-driven case: (what it checks, text, items that must be found, items that must
/// not).
pub type Case = (&'static str, &'static str, &'static [&'static str], &'static [&'static str]);

/// Checks every case against what `found` gives for its text, and fails with all the
/// misses at once.
pub fn check_table(cases: &[Case], found: impl Fn(&str) -> Vec<String>) {
    let mut failures = Vec::new();
    for (what, text, want, not) in cases {
        let got = found(text);
        for w in *want {
            if !got.iter().any(|g| g == w) {
                failures.push(format!("[{what}] missing {w} in {got:?}"));
            }
        }
        for n in *not {
            if got.iter().any(|g| g == n) {
                failures.push(format!("[{what}] unexpected {n} in {got:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
