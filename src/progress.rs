//! The progress bar of long builds: files, articles, MB/s and ETA on stderr. Hidden with
//! `--quiet` and when stderr is not a terminal (CI logs, pipes), so output stays clean.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsgraph::pipeline::Progress;
use std::io::IsTerminal;

pub struct Bar(Option<ProgressBar>);

impl Bar {
    pub fn new(quiet: bool) -> Bar {
        if quiet || !std::io::stderr().is_terminal() {
            return Bar(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{bar:16}] {percent:>3}% {decimal_bytes_per_sec:>10} ETA {eta:>3}  {msg}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        Bar(Some(bar))
    }

    pub fn update(&self, p: Progress) {
        let Some(bar) = &self.0 else { return };
        bar.set_length(p.total_bytes);
        bar.set_position(p.bytes);
        let stage = if p.writing { " · writing graph and store" } else { "" };
        bar.set_message(format!("{}/{} files, {} articles{stage}", p.files, p.total_files, p.articles));
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
