//! The `newsgraph` binary: parse flags, dispatch, report. All work is in the library.

mod cli;

use anyhow::Context as _;
use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Eval(args) => eval(args),
        Command::Discover(args) => discover(args),
        Command::Export(args) => export(args),
        Command::Dict(cli::DictCommand::Check { paths, errors_only }) => dict_check(&paths, errors_only),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsgraph: error: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn build(args: cli::BuildArgs) -> anyhow::Result<ExitCode> {
    let quiet = args.quiet;
    let skip_bad = args.skip_bad;
    let cfg = args.into_config();
    let built = newsgraph::pipeline::process(&cfg)?;
    let fatal = report_problems(&built.report.problems, &built.report.converted);
    if fatal > 0 && !skip_bad {
        anyhow::bail!("{fatal} malformed input record(s); fix them or pass --skip-bad (nothing was written)");
    }
    let report = newsgraph::pipeline::write_outputs(&cfg, built).context("writing outputs")?;
    if !quiet {
        eprintln!(
            "newsgraph: {} pages, {} articles, {} entities, {} edges → {}",
            report.pages,
            report.articles,
            report.nodes,
            report.edges,
            cfg.out.display()
        );
        if fatal > 0 {
            eprintln!("newsgraph: skipped {fatal} malformed record(s)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints problems and conversions to stderr; returns how many were fatal.
fn report_problems(problems: &[newsgraph::ingest::Problem], converted: &[(String, &str)]) -> usize {
    for (file, enc) in converted {
        eprintln!("newsgraph: {file}: decoded from {enc}");
    }
    for p in problems {
        eprintln!("newsgraph: {}: {}", if p.fatal { "error" } else { "warning" }, p.error);
    }
    problems.iter().filter(|p| p.fatal).count()
}

fn export(args: cli::ExportArgs) -> anyhow::Result<ExitCode> {
    let (_, graph) = newsgraph::pipeline::load_built(&args.from, args.window)?;
    let ego = args.ego.clone().map(|n| (n, args.depth));
    let graph = args.shape.into_config(ego).apply(graph)?;
    match &args.out {
        Some(path) => {
            newsgraph::pipeline::write_graph(&graph, args.format, path)?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = std::io::BufWriter::new(stdout.lock());
            newsgraph::export::write(&graph, args.format, &mut lock)
                .with_context(|| format!("{:?} needs --out (a directory)", args.format))?;
            std::io::Write::flush(&mut lock)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn dict_check(paths: &[std::path::PathBuf], errors_only: bool) -> anyhow::Result<ExitCode> {
    let mut files: Vec<(String, String)> =
        newsgraph::dict::BUILTIN.iter().map(|(n, t, _)| (format!("dictionaries/{n}"), t.to_string())).collect();
    for p in paths {
        let list = if p.is_dir() {
            let mut v: Vec<_> = std::fs::read_dir(p)
                .with_context(|| p.display().to_string())?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "txt"))
                .collect();
            v.sort();
            v
        } else {
            vec![p.clone()]
        };
        for f in list {
            let text = std::fs::read_to_string(&f).with_context(|| f.display().to_string())?;
            files.push((newsgraph::ingest::display_path(&f), text));
        }
    }
    let lints = newsgraph::dict::check(&files);
    let errors = lints.iter().filter(|l| l.error).count();
    for l in lints.iter().filter(|l| l.error || !errors_only) {
        println!("{}: {}", if l.error { "error" } else { "warning" }, l.message);
    }
    eprintln!("newsgraph: {} file(s), {errors} error(s), {} warning(s)", files.len(), lints.len() - errors);
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn eval(args: cli::EvalArgs) -> anyhow::Result<ExitCode> {
    let dicts = args.dicts.clone().into_config();
    let scores = newsgraph::eval::evaluate(&args.gold, &args.inputs, &dicts)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&scores.to_json())?);
    } else {
        print!("{}", scores.table(args.verbose));
    }
    match args.min_f1 {
        Some(min) if scores.overall().f1() < min => Ok(ExitCode::from(1)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn discover(args: cli::DiscoverArgs) -> anyhow::Result<ExitCode> {
    let dicts = args.dicts.clone().into_config();
    let found = newsgraph::discover::discover(&args.inputs, &dicts)?;
    for c in found.iter().filter(|c| c.count >= args.min_count).take(args.limit) {
        println!("{}", c.to_line());
    }
    Ok(ExitCode::SUCCESS)
}
