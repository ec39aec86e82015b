//! The `newsgraph` binary: parse flags, dispatch, report. All work is in the library.

mod alloc;
mod cli;
mod progress;
mod show;

use anyhow::Context as _;
use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

/// Recognition makes many small, short-lived strings and vectors on every thread; with
/// the system allocator, malloc and free were a fifth of a single-threaded `extract`.
/// mimalloc cut its user time by a fifth on the bench corpus. See [`alloc::MiMalloc`] for
/// how it is called.
#[global_allocator]
static GLOBAL: alloc::MiMalloc = alloc::MiMalloc;

fn main() -> ExitCode {
    // Like other Unix tools, die quietly when the reader of our output goes away
    // (`newsgraph top | head`), instead of panicking on a broken pipe.
    #[cfg(unix)]
    // SAFETY: setting a signal disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // mimalloc asks for transparent huge pages on its arenas; where the kernel's defrag
    // setting is `madvise` (Debian's default), a fault in such an arena may compact memory
    // before it returns, and zeroes 2 MB for a 4 KB touch. An append to a large store
    // spent more time there than in its own work (system time 0.6 to 1.1 s against 0.2 s
    // without), and a build gained nothing from them.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with an integer option and flag reads and writes no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
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
        Command::Careers(args) => careers(args),
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => match err.downcast_ref::<Ambiguous>() {
            Some(a) => a.ask(),
            None => {
                eprintln!("newsgraph: error: {}", message(&err));
                ExitCode::from(2)
            }
        },
    }
}

/// A name several entities answer to (two people of one name in two counties): the
/// command lists them and asks for one by id, exit 1.
#[derive(Debug)]
struct Ambiguous {
    name: String,
    command: &'static str,
    json: bool,
    cards: Vec<newsgraph::query::Card>,
}

impl std::fmt::Display for Ambiguous {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.cards.iter().map(|c| c.id.as_str()).collect();
        write!(
            f,
            "{} names {} entities: {}; ask for one by id, e.g. newsgraph {} {}",
            self.name,
            ids.len(),
            ids.join(", "),
            self.command,
            ids.first().copied().unwrap_or("")
        )
    }
}

impl std::error::Error for Ambiguous {}

impl Ambiguous {
    /// Lists the entities (on stdout: a table, or `{"ambiguous": [Card…]}`) and asks.
    fn ask(&self) -> ExitCode {
        if self.json {
            if print_json(&serde_json::json!({ "ambiguous": self.cards })).is_err() {
                return ExitCode::from(2);
            }
        } else {
            show::candidates(&self.cards);
        }
        eprintln!("newsgraph: {self}");
        ExitCode::from(1)
    }
}

/// The error and its causes on one line, each said once: the library's errors already
/// end with the OS error they wrap.
fn message(err: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in err.chain() {
        let s = cause.to_string();
        if msg.ends_with(&s) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&s);
    }
    msg
}

fn build(args: cli::BuildArgs) -> anyhow::Result<ExitCode> {
    let quiet = args.quiet;
    let skip_bad = args.skip_bad;
    let cfg = args.into_config();
    let bar = progress::Bar::new(quiet);
    let report = newsgraph::pipeline::build(&cfg, skip_bad, &mut |p| bar.update(p));
    bar.finish();
    if let Err(newsgraph::Error::NoArticles { warnings, .. }) = &report {
        for w in warnings {
            eprintln!("newsgraph: warning: {w}");
        }
    }
    let report = report.context("building")?;
    let fatal = report_problems(&report.problems, &report.converted);
    if fatal > 0 && !skip_bad {
        anyhow::bail!("{fatal} malformed input record(s); fix them or pass --skip-bad (nothing was written)");
    }
    if !quiet {
        eprintln!(
            "newsgraph: {} pages, {} new articles ({} in all, {} seen before, {} reprints folded), {} entities, {} edges → {}",
            report.pages,
            report.articles,
            report.total_articles,
            report.duplicates,
            report.reprints,
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
    let files = args.files.clone();
    let quiet = args.quiet;
    let cfg = args.into_config();
    let report = newsgraph::pipeline::merge(&cfg, &files).context("merging")?;
    if !quiet {
        eprintln!(
            "newsgraph: {} file(s), {} articles ({} seen twice, {} reprints folded), {} entities, {} edges → {}",
            report.pages, report.articles, report.duplicates, report.reprints, report.nodes, report.edges, cfg.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn export(args: cli::ExportArgs) -> anyhow::Result<ExitCode> {
    if args.out.is_none() && args.format == newsgraph::export::Format::Csv {
        anyhow::bail!("--format csv writes two files (nodes.csv and edges.csv): give --out DIR");
    }
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
                .context("writing to standard output")?;
            std::io::Write::flush(&mut lock)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn dict_check(paths: &[std::path::PathBuf], errors_only: bool) -> anyhow::Result<ExitCode> {
    let files = newsgraph::dict::read_for_check(paths)?;
    let lints = newsgraph::dict::check(&files);
    let errors = lints.iter().filter(|l| l.error).count();
    for l in lints.iter().filter(|l| l.error || !errors_only) {
        println!("{}: {}", if l.error { "error" } else { "warning" }, l.message);
    }
    eprintln!("newsgraph: {} file(s), {errors} error(s), {} warning(s)", files.len(), lints.len() - errors);
    Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Finds an entity or fails with the closest names, or with the entities a name names
/// when it names several ([`Ambiguous`]: `command` is the one to suggest).
fn entity(conn: &rusqlite::Connection, name: &str, command: &'static str, json: bool) -> anyhow::Result<newsgraph::query::Card> {
    use newsgraph::query::Found;
    match newsgraph::query::find(conn, name)? {
        Found::One(c) => Ok(c),
        Found::Several(cards) => Err(Ambiguous { name: name.to_string(), command, json, cards }.into()),
        Found::Nothing(s) if s.is_empty() => anyhow::bail!("no entity named `{name}`"),
        Found::Nothing(s) => anyhow::bail!("no entity named `{name}`; did you mean: {}?", s.join(", ")),
    }
}

fn careers(args: cli::CareersArgs) -> anyhow::Result<ExitCode> {
    let conn = newsgraph::store::open(&args.store.store)?;
    let id = match &args.name {
        Some(name) => {
            let card = entity(&conn, name, "careers", args.store.json)?;
            anyhow::ensure!(card.ty == "official", "{} is a {}, not an official: only officials have careers", card.name, card.ty);
            Some(card.id)
        }
        None => None,
    };
    let careers = newsgraph::query::careers(&conn, id.as_deref())?;
    if args.csv {
        show::careers_csv(&careers, std::io::stdout().lock())?;
    } else if args.store.json {
        print_json(&serde_json::json!({ "careers": careers }))?;
    } else {
        show::careers(&careers);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_json(v: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn query(args: cli::QueryArgs) -> anyhow::Result<ExitCode> {
    use newsgraph::query;
    let conn = newsgraph::store::open(&args.store.store)?;
    let json = args.store.json;
    let card = entity(&conn, &args.name, "query", json)?;
    if let Some(other) = &args.with {
        let other = entity(&conn, other, "query", json)?;
        let answer = query::with_answer(&conn, card, other, args.limit)?;
        if args.store.json {
            print_json(&answer)?;
        } else {
            let (card, other, hits, more) = (&answer.entity, &answer.with, &answer.articles, answer.more_articles);
            let n = if more { format!("more than {}", hits.len()) } else { hits.len().to_string() };
            println!("{} ({}) and {} ({}): {n} article(s)", show::shown(&card.id, &card.name), card.ty, show::shown(&other.id, &other.name), other.ty);
            show::articles(hits);
            show::more(more, "articles");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let answer = query::entity_answer(&conn, card, args.limit, args.acts.as_deref())?;
    if args.store.json {
        print_json(&answer)?;
        return Ok(ExitCode::SUCCESS);
    }
    show::card(&answer.entity, &answer.articles, &answer.neighbors, (answer.more_articles, answer.more_neighbors));
    show::acts(&answer.entity.id, &answer.acts, answer.more_acts);
    Ok(ExitCode::SUCCESS)
}

fn neighbors(args: cli::NeighborsArgs) -> anyhow::Result<ExitCode> {
    let conn = newsgraph::store::open(&args.store.store)?;
    let card = entity(&conn, &args.name, "neighbors", args.store.json)?;
    let walk = cli::walk(&args.exclude, &args.via);
    let answer = newsgraph::query::neighbors_answer(&conn, card, args.ty.map(|t| t.as_str()), args.depth, args.limit, &walk)?;
    if args.store.json {
        print_json(&answer)?;
    } else {
        let (card, near, more) = (&answer.entity, &answer.neighbors, answer.more_neighbors);
        let n = if more { format!("more than {}", near.len()) } else { near.len().to_string() };
        println!("{} ({}): {n} neighbour(s)", show::shown(&card.id, &card.name), card.ty);
        show::neighbors(near);
        show::more(more, "neighbours");
    }
    Ok(ExitCode::SUCCESS)
}

fn path(args: cli::PathArgs) -> anyhow::Result<ExitCode> {
    let conn = newsgraph::store::open(&args.store.store)?;
    let json = args.store.json;
    let (a, b) = (entity(&conn, &args.from, "path", json)?, entity(&conn, &args.to, "path", json)?);
    let steps = newsgraph::query::path_walking(&conn, &a.id, &b.id, args.max_depth, &cli::walk(&args.exclude, &args.via))?;
    if args.store.json {
        print_json(&newsgraph::query::PathAnswer { from: a.id, to: b.id, path: steps })?;
        return Ok(ExitCode::SUCCESS);
    }
    match steps {
        None => {
            println!("{} and {} are not connected within {} steps", show::shown(&a.id, &a.name), show::shown(&b.id, &b.name), args.max_depth);
            Ok(ExitCode::from(1))
        }
        Some(steps) => {
            show::path(&steps);
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn top(args: cli::TopArgs) -> anyhow::Result<ExitCode> {
    let conn = newsgraph::store::open(&args.store.store)?;
    let cards = newsgraph::query::top(&conn, args.ty.map(|t| t.as_str()), args.by, args.limit)?;
    if args.store.json {
        print_json(&newsgraph::query::TopAnswer { entities: cards })?;
    } else {
        show::top(&cards);
    }
    Ok(ExitCode::SUCCESS)
}

/// Serves the web app until killed; prints the address it listens on (first line of
/// stdout, flushed: scripts read it when `--port 0` picked the port).
fn serve(args: cli::ServeArgs) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let cfg = newsgraph::serve::ServeConfig::new(&args.store).host(args.host).port(args.port);
    let store = args.store.join(newsgraph::store::FILE);
    newsgraph::serve::run_blocking(&cfg, |addr| {
        let url = format!("http://{addr}/");
        println!("newsgraph: serving {} at {url}", store.display());
        let _ = std::io::stdout().flush();
        if args.open {
            open_browser(&url);
        }
    })
    .context("serve")?;
    Ok(ExitCode::SUCCESS)
}

/// Opens `url` in the desktop's browser; a failure is a warning.
fn open_browser(url: &str) {
    let cmd: &[&str] = if cfg!(target_os = "macos") {
        &["open"]
    } else if cfg!(windows) {
        &["cmd", "/C", "start", ""]
    } else {
        &["xdg-open"]
    };
    let spawned = std::process::Command::new(cmd[0])
        .args(&cmd[1..])
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("newsgraph: warning: could not open a browser ({}: {e}); open {url}", cmd[0]);
    }
}

fn eval(args: cli::EvalArgs) -> anyhow::Result<ExitCode> {
    let dicts = args.dicts.clone().into_config();
    let scores = newsgraph::eval::evaluate_with(&args.gold, args.relations.as_deref(), &args.inputs, &dicts)?;
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
    use newsgraph::discover::Selection;
    let dicts = args.dicts.clone().into_config();
    let found = newsgraph::discover::discover(&args.inputs, &dicts)?;
    let sel = Selection { types: args.types.clone(), min_count: args.min_count, limit: args.limit };
    let lists = found.lists(&args.only);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&newsgraph::discover::to_json(&lists, &sel))?);
    } else {
        show::discovered(&lists, &sel);
    }
    Ok(ExitCode::SUCCESS)
}
