//! Stage timings on stderr, for benchmarks and for finding where a slow build goes: with
//! the environment variable `NEWSGRAPH_TIMINGS` set, each stage of a build prints how long
//! it took since the build started and the process's resident memory (from `/proc`, on
//! Linux).

/// Prints `took` for `what` when `NEWSGRAPH_TIMINGS` is set.
pub fn report(what: &str, took: std::time::Duration) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("NEWSGRAPH_TIMINGS").is_some()) {
        // The resident memory now, where the system tells it (Linux).
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l[6..].trim().to_string()))
            .map(|kb| format!(", RSS {kb}"))
            .unwrap_or_default();
        eprintln!("newsgraph: timing: {what}: {:.3} s{rss}", took.as_secs_f64());
    }
}

