//! The `newsgraph` binary: parse flags, dispatch, report. All work is in the library.

mod cli;
mod progress;
mod show;

use anyhow::Context as _;
use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

/// Recognition makes many small, short-lived strings and vectors on every thread; with
/// the system allocator, malloc and free were a fifth of a single-threaded `extract`.
/// mimalloc cut its user time by a fifth on the bench corpus.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Like other Unix tools, die quietly when the reader of our output goes away
    // (`newsgraph top | head`), instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Eval(args) => eval(args),
        Command::Discover(args) => discover(args),
        Command::Export(args) => export(args),
        Command::Extract(args) => extract(args),
        Command::Merge(args) => merge(args),
        Command::Dict(cli::DictCommand::Check { paths, errors_only }) => dict_check(&paths, errors_only),
        Command::Query(args) => query(args),
        Command::Neighbors(args) => neighbors(args),
        Command::Path(args) => path(args),
        Command::Top(args) => top(args),
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
    let bar = progress::Bar::new(quiet);
    let report = newsgraph::pipeline::build(&cfg, skip_bad, &mut |p| bar.update(p));
    bar.finish();
    let report = report.context("building")?;
    let fatal = report_problems(&report.problems, &report.converted);
    if fatal > 0 && !skip_bad {
        anyhow::bail!("{fatal} malformed input record(s); fix them or pass --skip-bad (nothing was written)");
    }
    if !quiet {
        eprintln!(
            "newsgraph: {} pages, {} new articles ({} in all, {} seen before), {} entities, {} edges → {}",
            report.pages,
            report.articles,
            report.total_articles,
            report.duplicates,
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

/// Recognizes the inputs and prints `articles.jsonl` lines as each batch is done, so it
/// can be the map step of a streaming job. A malformed record stops it with exit 2
/// (lines already printed stay printed) unless `--skip-bad`.
fn extract(args: cli::ExtractArgs) -> anyhow::Result<ExitCode> {
    use newsgraph::pipeline::{Inputs, Pipeline};
    use std::io::{Read, Write};
    let pipeline = Pipeline::new(&args.dicts.clone().into_config(), args.date.clone())?;
    let inputs = if args.inputs.is_empty() {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        Inputs::Read(newsgraph::ingest::read_stdin(&bytes))
    } else {
        Inputs::Files(newsgraph::ingest::collect_files(&args.inputs)?)
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut fatal = 0;
    let werr = |e: std::io::Error| newsgraph::error::Error::Write { path: "<stdout>".into(), source: e };
    // Only the line is printed: no content hash or store copy is made for it.
    let line = |r: newsgraph::model::ArticleRecord| serde_json::to_string(&r).expect("a record serializes");
    newsgraph::pipeline::stream(&pipeline, inputs, &line, &mut |batch| {
        fatal += report_problems(&batch.problems, &batch.converted);
        if fatal > 0 && !args.skip_bad {
            return Err(newsgraph::error::Error::BadInput(format!(
                "{fatal} malformed input record(s); fix them or pass --skip-bad"
            )));
        }
        for line in &batch.records {
            out.write_all(line.as_bytes()).and_then(|_| out.write_all(b"\n")).map_err(werr)?;
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn merge(args: cli::MergeArgs) -> anyhow::Result<ExitCode> {
    let cfg = newsgraph::pipeline::BuildConfig {
        inputs: Vec::new(),
        out: args.out.clone(),
        window: args.window,
        date: None,
        dicts: args.dicts.clone().into_config(),
        formats: args.format.clone(),
        shape: args.shape.clone().into_config(None),
        append: false,
    };
    let report = newsgraph::pipeline::merge(&cfg, &args.files).context("merging")?;
    if !args.quiet {
        eprintln!(
            "newsgraph: {} file(s), {} articles ({} seen twice), {} entities, {} edges → {}",
            report.pages, report.articles, report.duplicates, report.nodes, report.edges, cfg.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn export(args: cli::ExportArgs) -> anyhow::Result<ExitCode> {
    let (_, graph) = newsgraph::pipeline::load_built(&args.from, args.window, &args.dicts.clone().into_config())?;
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

/// Finds an entity or fails with the closest names.
fn entity(conn: &rusqlite::Connection, name: &str) -> anyhow::Result<newsgraph::query::Card> {
    match newsgraph::query::find(conn, name)? {
        Ok(c) => Ok(c),
        Err(s) if s.is_empty() => anyhow::bail!("no entity named `{name}`"),
        Err(s) => anyhow::bail!("no entity named `{name}`; did you mean: {}?", s.join(", ")),
    }
}

fn print_json(v: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn print_articles(hits: &[newsgraph::query::ArticleHit]) {
    for (i, h) in hits.iter().enumerate() {
        println!("{:>2}. {}  [{}]  {}  ({} mention{})", i + 1, h.title, h.date.as_deref().unwrap_or("no date"), h.source, h.mentions, if h.mentions == 1 { "" } else { "s" });
        println!("    {}", h.snippet);
    }
}

fn query(args: cli::QueryArgs) -> anyhow::Result<ExitCode> {
    use newsgraph::query;
    let conn = newsgraph::store::open(&args.store.store)?;
    let card = entity(&conn, &args.name)?;
    if let Some(other) = &args.with {
        let other = entity(&conn, other)?;
        let hits = query::articles_with(&conn, &[&card.id, &other.id], args.limit)?;
        if args.store.json {
            print_json(&serde_json::json!({ "entity": card, "with": other, "articles": hits }))?;
        } else {
            println!("{} ({}) and {} ({}): {} article(s)", card.name, card.ty, other.name, other.ty, hits.len());
            print_articles(&hits);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let hits = query::articles_with(&conn, &[&card.id], args.limit)?;
    let near = query::neighbors(&conn, &card.id, None, 1, args.limit)?;
    if args.store.json {
        print_json(&serde_json::json!({ "entity": card, "articles": hits, "neighbors": near }))?;
        return Ok(ExitCode::SUCCESS);
    }
    println!("{}  ({}, {})", card.name, card.ty, card.id);
    if !card.aliases.is_empty() {
        println!("  aliases   {}", card.aliases.join("、"));
    }
    if !card.roles.is_empty() {
        println!("  roles     {}", card.roles.join("、"));
    }
    println!("  mentions  {} in {} article(s); degree {}, pagerank {}", card.mentions, card.articles, card.degree, show::float(card.pagerank));
    if let (Some(a), Some(b)) = (&card.first_date, &card.last_date) {
        println!("  dates     {a} – {b}");
    }
    println!("\nArticles");
    print_articles(&hits);
    println!("\nNeighbours");
    print_neighbors(&near);
    Ok(ExitCode::SUCCESS)
}

fn print_neighbors(near: &[newsgraph::query::Neighbor]) {
    let rows: Vec<Vec<String>> = near
        .iter()
        .map(|n| vec![n.name.clone(), n.ty.clone(), n.kinds.join(","), show::float(n.weight), n.shared_articles.to_string(), n.depth.to_string()])
        .collect();
    show::table(&["name", "type", "kind", "weight", "articles", "depth"], &rows);
}

fn neighbors(args: cli::NeighborsArgs) -> anyhow::Result<ExitCode> {
    let conn = newsgraph::store::open(&args.store.store)?;
    let card = entity(&conn, &args.name)?;
    let near = newsgraph::query::neighbors(&conn, &card.id, args.ty.map(|t| t.as_str()), args.depth, args.limit)?;
    if args.store.json {
        print_json(&serde_json::json!({ "entity": card, "neighbors": near }))?;
    } else {
        println!("{} ({}): {} neighbour(s)", card.name, card.ty, near.len());
        print_neighbors(&near);
    }
    Ok(ExitCode::SUCCESS)
}

fn path(args: cli::PathArgs) -> anyhow::Result<ExitCode> {
    let conn = newsgraph::store::open(&args.store.store)?;
    let (a, b) = (entity(&conn, &args.from)?, entity(&conn, &args.to)?);
    let steps = newsgraph::query::path(&conn, &a.id, &b.id, args.max_depth)?;
    if args.store.json {
        print_json(&serde_json::json!({ "from": a.id, "to": b.id, "path": steps }))?;
        return Ok(ExitCode::SUCCESS);
    }
    match steps {
        None => {
            println!("{} and {} are not connected within {} steps", a.name, b.name, args.max_depth);
            Ok(ExitCode::from(1))
        }
        Some(steps) => {
            for s in &steps {
                match &s.kind {
                    None => println!("{} ({})", s.name, s.ty),
                    Some(k) => println!("  ─{k}─ {} ({})   articles: {}", s.name, s.ty, s.articles.join(" ")),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn top(args: cli::TopArgs) -> anyhow::Result<ExitCode> {
    let conn = newsgraph::store::open(&args.store.store)?;
    let cards = newsgraph::query::top(&conn, args.ty.map(|t| t.as_str()), args.by, args.limit)?;
    if args.store.json {
        print_json(&serde_json::json!({ "entities": cards }))?;
    } else {
        let rows: Vec<Vec<String>> = cards
            .iter()
            .enumerate()
            .map(|(i, c)| vec![(i + 1).to_string(), c.name.clone(), c.ty.clone(), c.mentions.to_string(), c.degree.to_string(), show::float(c.weighted_degree), show::float(c.pagerank)])
            .collect();
        show::table(&["#", "name", "type", "mentions", "degree", "weighted", "pagerank"], &rows);
    }
    Ok(ExitCode::SUCCESS)
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
    use newsgraph::discover::{grouped, Discovered};
    let dicts = args.dicts.clone().into_config();
    let found = newsgraph::discover::discover(&args.inputs, &dicts)?;
    // Each list grouped by type, most frequent first, at most `limit` of each type.
    let pick = |list: &[Discovered]| -> Vec<(newsgraph::model::EntityType, Vec<Discovered>, usize)> {
        grouped(list)
            .into_iter()
            .filter(|(t, _)| args.types.is_empty() || args.types.contains(t))
            .map(|(t, v)| {
                let kept: Vec<Discovered> = v.into_iter().filter(|c| c.count >= args.min_count).cloned().collect();
                let total = kept.len();
                (t, kept.into_iter().take(args.limit).collect::<Vec<_>>(), total)
            })
            .filter(|(_, v, _)| !v.is_empty())
            .collect()
    };
    let sections = [
        ("missed", "missed by the rules (no recognized mention covers them)", &found.missed),
        ("found", "found by the rules, not in a dictionary", &found.found),
    ];
    let sections: Vec<_> = sections.into_iter().filter(|(k, _, _)| args.only == "all" || args.only == *k).collect();
    if args.json {
        let mut out = serde_json::Map::new();
        for (key, _, list) in &sections {
            let items: Vec<serde_json::Value> = pick(list).iter().flat_map(|(_, v, _)| v.iter().map(Discovered::to_json)).collect();
            out.insert(key.to_string(), serde_json::Value::Array(items));
        }
        println!("{}", serde_json::to_string_pretty(&serde_json::Value::Object(out))?);
        return Ok(ExitCode::SUCCESS);
    }
    let mut first = true;
    for (_, title, list) in &sections {
        for (ty, items, total) in pick(list) {
            if !first {
                println!();
            }
            first = false;
            let shown = if items.len() < total { format!(", {} shown", items.len()) } else { String::new() };
            println!("# ==== {title}: {ty} ({total}{shown}) ====");
            for c in &items {
                println!("{}", c.to_line());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
