//! The whole build: inputs → pages → articles → mentions → graph → outputs.

use crate::articles::{Segmenter, SegmenterBuilder};
use crate::dict::DictIndex;
pub use crate::dict::DictConfig;
use crate::error::{Error, Result};
use crate::model::ArticleRecord;
use crate::export::Format;
use crate::filter::{self, FilterConfig};
use crate::graph::{EntityGraph, GraphBuilder, WeightKind, Window};
use crate::ingest::{self, Problem};
use crate::lexicon::Lexicons;
use crate::model::{Article, Mention, Page};
use crate::recognize::{Recognizer, RecognizerBuilder};
use crate::resolve::{self, Jurisdictions};
use std::collections::HashSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Builds the segmenter and recognizer once; processes pages with them.
#[derive(Clone)]
pub struct Pipeline {
    pub segmenter: Segmenter,
    pub recognizer: Recognizer,
}

impl Pipeline {
    pub fn new(dicts: &DictConfig, date: Option<String>) -> Result<Pipeline> {
        let lex = Lexicons::builtin()?;
        let dict = dicts.load()?;
        let segmenter = SegmenterBuilder::new().date(date).build(lex.clone());
        let recognizer = RecognizerBuilder::new(dict).lexicons(lex).build()?;
        Ok(Pipeline { segmenter, recognizer })
    }

    /// Segments a page and recognizes and resolves the entities of each article. Relative
    /// names fall back on the districts named elsewhere on the same page.
    pub fn process_page(&self, page: &Page) -> Vec<(Article, Vec<Mention>)> {
        let articles = self.segmenter.segment(page);
        let cands: Vec<_> = articles.iter().map(|a| self.recognizer.recognize(&a.text)).collect();
        let all: Vec<_> = cands.iter().flatten().cloned().collect();
        let page_j = Jurisdictions::from_candidates(&all);
        articles
            .into_iter()
            .zip(cands)
            .map(|(a, c)| {
                let m = resolve::resolve(&self.recognizer.index, &a.text, c, &page_j);
                (a, m)
            })
            .collect()
    }
}

/// How a graph is shaped for export: which weight, which filters.
#[derive(Clone, Debug, Default)]
pub struct ShapeConfig {
    pub weight: WeightKind,
    pub filter: FilterConfig,
}

impl ShapeConfig {
    /// The graph with the chosen weight and filters (metrics recomputed).
    pub fn apply(&self, mut g: EntityGraph) -> Result<EntityGraph> {
        g.use_weight(self.weight);
        crate::analysis::annotate(&mut g);
        if self.filter.is_empty() {
            return Ok(g);
        }
        filter::apply(&g, &self.filter).map_err(|reason| Error::BadGraph { path: PathBuf::new(), reason })
    }
}

/// Everything `newsgraph build` needs.
#[derive(Clone, Debug)]
pub struct BuildConfig {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub window: Window,
    pub date: Option<String>,
    pub dicts: DictConfig,
    /// Graph formats to write besides `articles.jsonl` (default GraphML, GEXF, JSON).
    pub formats: Vec<Format>,
    pub shape: ShapeConfig,
    /// Add to the store and graph already in `out` instead of starting afresh.
    pub append: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    /// Articles added by this build.
    pub articles: usize,
    /// Articles skipped because the same text was seen before (in this build or the store).
    pub duplicates: usize,
    /// Articles in the store and graph after the build.
    pub total_articles: usize,
    pub nodes: usize,
    pub edges: usize,
    pub problems: Vec<Problem>,
    pub converted: Vec<(String, &'static str)>,
    pub outputs: Vec<PathBuf>,
}

/// Where a stream of pages comes from.
pub enum Inputs {
    /// Files, read one at a time in the given order.
    Files(Vec<PathBuf>),
    /// What was already read (standard input).
    Read(ingest::Ingested),
}

/// An article record with what writing it needs, computed on the worker threads: its
/// content hash, its `articles.jsonl` line and the store's copy without the text.
pub struct Prepared {
    pub record: ArticleRecord,
    pub hash: String,
    pub line: String,
    pub slim: String,
}

impl Prepared {
    pub fn new(record: ArticleRecord) -> Prepared {
        let hash = crate::store::content_hash(&record.text);
        let line = serde_json::to_string(&record).expect("a record serializes");
        let slim = crate::store::record_without_text_from_line(&line)
            .unwrap_or_else(|| crate::store::record_without_text(&record));
        Prepared { record, hash, line, slim }
    }
}

/// One recognized batch, handed to the consumer in input order: its records as the
/// stream's `prepare` made them.
pub struct Recognized<T> {
    pub records: Vec<T>,
    pub pages: usize,
    pub problems: Vec<Problem>,
    pub converted: Vec<(String, &'static str)>,
    /// Input bytes read for this batch.
    pub bytes: u64,
    /// Files finished with this batch.
    pub files: usize,
}

/// Pages recognized together: enough to keep every core busy, small enough that memory
/// stays flat.
const BATCH_PAGES: usize = 512;
const BATCH_BYTES: usize = 4 << 20;

/// Reads the inputs one file at a time and recognizes their pages in batches on all
/// cores, while the caller consumes the batch before: `consume` gets every batch in input
/// order. `prepare` turns each record into what the consumer writes, on the worker
/// threads (`build` hashes and serializes it for the store; `extract` only serializes
/// it). Memory holds one file and a few batches, whatever the size of the corpus. An
/// error from `consume` stops the stream and is returned.
pub fn stream<T: Send>(
    pipeline: &Pipeline,
    inputs: Inputs,
    prepare: &(dyn Fn(ArticleRecord) -> T + Sync),
    consume: &mut dyn FnMut(Recognized<T>) -> Result<()>,
) -> Result<()> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Recognized<T>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            // Recognizes one piece of a file (`bytes`: how much of the file it read, counted
            // with its last batch) and sends it on; `false` once the receiver is gone.
            let send = |ingested: ingest::Ingested, last: bool, bytes: u64| -> bool {
                let ingest::Ingested { pages, problems, converted } = ingested;
                let mut batches: Vec<Vec<Page>> = vec![Vec::new()];
                let mut size = 0;
                for p in pages {
                    let open = batches.last_mut().expect("one batch");
                    if !open.is_empty() && (open.len() >= BATCH_PAGES || size >= BATCH_BYTES) {
                        batches.push(Vec::new());
                        size = 0;
                    }
                    size += p.text.len();
                    batches.last_mut().expect("one batch").push(p);
                }
                let n = batches.len();
                let (mut problems, mut converted) = (Some(problems), Some(converted));
                for (k, pages) in batches.into_iter().enumerate() {
                    let final_batch = k + 1 == n;
                    let batch = Recognized {
                        records: extract(pipeline, &pages, prepare),
                        pages: pages.len(),
                        problems: problems.take().unwrap_or_default(),
                        converted: converted.take().unwrap_or_default(),
                        bytes: if final_batch { bytes } else { 0 },
                        files: usize::from(last && final_batch),
                    };
                    drop(pages);
                    if tx.send(batch).is_err() {
                        return false;
                    }
                }
                true
            };
            match inputs {
                Inputs::Files(files) => {
                    for f in files {
                        let mut before = 0;
                        let ok = ingest::read_file_pieces(&f, BATCH_BYTES, &mut |piece, read, last| {
                            let delta = read.saturating_sub(before);
                            before = read;
                            send(piece, last, delta)
                        });
                        if !ok {
                            return;
                        }
                    }
                }
                Inputs::Read(ingested) => {
                    let bytes = ingested.pages.iter().map(|p| p.text.len() as u64).sum();
                    send(ingested, true, bytes);
                }
            }
        });
        // Moved in here, so that returning on an error drops the receiver: the reader's
        // next send fails and it stops, and the scope can end. (Borrowed, it would live
        // on while the scope waits for a reader blocked on a full channel.)
        let rx = rx;
        for batch in rx.iter() {
            consume(batch)?;
        }
        Ok(())
    })
}

/// Receives article records in input order and writes the outputs as they come:
/// `articles.jsonl` and the store's articles at once, the graph (and the store's entities
/// and edges) at [`finish`](Self::finish). Texts seen before are skipped; a second record
/// with an id already taken (two files with the same stem) gets a `~2` suffix. Nothing
/// replaces the previous outputs until `finish`; a sink dropped unfinished removes its
/// temporary files.
pub struct Sink {
    out: PathBuf,
    formats: Vec<Format>,
    shape: ShapeConfig,
    window: Window,
    hashes: HashSet<String>,
    ids: HashSet<String>,
    jsonl_tmp: PathBuf,
    jsonl: Option<BufWriter<fs::File>>,
    store: Option<crate::store::StoreWriter>,
    graph: GraphBuilder,
    /// Records added, and skipped as seen before.
    pub added: usize,
    pub duplicates: usize,
}

impl Sink {
    pub fn create(cfg: &BuildConfig) -> Result<Sink> {
        fs::create_dir_all(&cfg.out).map_err(|e| Error::Write { path: cfg.out.clone(), source: e })?;
        let jsonl_path = cfg.out.join("articles.jsonl");
        let jsonl_tmp = tmp_path(&jsonl_path);
        let file = fs::File::create(&jsonl_tmp).map_err(|e| Error::Write { path: jsonl_path.clone(), source: e })?;
        Ok(Sink {
            out: cfg.out.clone(),
            formats: cfg.formats.clone(),
            shape: cfg.shape.clone(),
            window: cfg.window,
            hashes: HashSet::new(),
            ids: HashSet::new(),
            jsonl_tmp,
            jsonl: Some(BufWriter::with_capacity(1 << 20, file)),
            store: Some(crate::store::StoreWriter::create(&cfg.out)?),
            graph: GraphBuilder::new(cfg.window),
            added: 0,
            duplicates: 0,
        })
    }

    /// Adds a record; `false` if its text was seen before.
    pub fn add(&mut self, r: ArticleRecord) -> Result<bool> {
        self.add_prepared(Prepared::new(r))
    }

    /// Adds a prepared record; `false` if its text was seen before.
    pub fn add_prepared(&mut self, mut p: Prepared) -> Result<bool> {
        if self.hashes.contains(&p.hash) {
            self.duplicates += 1;
            return Ok(false);
        }
        if self.ids.contains(&p.record.id) {
            // Rare (two files with the same stem): rename, and prepare the record again.
            let mut r = p.record;
            let base = r.id.clone();
            let mut k = 2;
            while self.ids.contains(&r.id) {
                r.id = format!("{base}~{k}");
                k += 1;
            }
            p = Prepared::new(r);
        }
        let Prepared { record: r, hash, line, slim } = p;
        let path = &self.out;
        let werr = |e: std::io::Error| Error::Write { path: path.join("articles.jsonl"), source: e };
        let w = self.jsonl.as_mut().expect("sink used after finish");
        w.write_all(line.as_bytes()).map_err(werr)?;
        w.write_all(b"\n").map_err(werr)?;
        self.store.as_mut().expect("sink used after finish").add_record(&r, &hash, &slim)?;
        self.graph.add_article(&r);
        self.hashes.insert(hash);
        self.ids.insert(r.id);
        self.added += 1;
        Ok(true)
    }

    /// Builds the graph, writes the chosen formats, and puts `articles.jsonl` and the store
    /// in place. Returns the graph's size and the files written.
    pub fn finish(mut self, index: &DictIndex) -> Result<(usize, usize, Vec<PathBuf>)> {
        let t0 = std::time::Instant::now();
        let builder = std::mem::replace(&mut self.graph, GraphBuilder::new(self.window));
        let graph = builder.build(index);
        timing("graph built", t0.elapsed());
        let graph = self.shape.apply(graph)?;
        timing("metrics and filters", t0.elapsed());
        // The graph formats and the store's indexes are independent: write them at once.
        let store = self.store.take().expect("sink finished twice");
        let (formats, stored) = std::thread::scope(|scope| {
            let formats = scope.spawn(|| -> Result<Vec<PathBuf>> {
                let mut outputs = Vec::new();
                for &format in &self.formats {
                    outputs.extend(write_graph(&graph, format, &self.out.join(format.file_name()))?);
                }
                timing("graph formats written", t0.elapsed());
                Ok(outputs)
            });
            let stored = store.finish(&graph);
            (formats.join().expect("format writer panicked"), stored)
        });
        let mut outputs = formats?;
        let stored = stored?;
        let jsonl = self.out.join("articles.jsonl");
        let mut w = self.jsonl.take().expect("sink finished twice");
        let werr = |e| Error::Write { path: jsonl.clone(), source: e };
        w.flush().map_err(werr)?;
        w.get_ref().sync_all().map_err(werr)?;
        drop(w);
        fs::rename(&self.jsonl_tmp, &jsonl).map_err(werr)?;
        outputs.push(jsonl);
        outputs.push(stored);
        Ok((graph.graph.node_count(), graph.graph.edge_count(), outputs))
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if self.jsonl.take().is_some() {
            let _ = fs::remove_file(&self.jsonl_tmp);
        }
    }
}

/// Prints how long a phase took on stderr when the environment variable
/// `NEWSGRAPH_TIMINGS` is set: for benchmarks and for finding where a slow build goes.
pub fn timing(what: &str, took: std::time::Duration) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("NEWSGRAPH_TIMINGS").is_some()) {
        // The resident memory now, where the system tells it (Linux).
        let rss = fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l[6..].trim().to_string()))
            .map(|kb| format!(", RSS {kb}"))
            .unwrap_or_default();
        eprintln!("newsgraph: timing: {what}: {:.3} s{rss}", took.as_secs_f64());
    }
}

/// Progress of a build, for a progress bar.
#[derive(Clone, Copy, Debug, Default)]
pub struct Progress {
    pub files: usize,
    pub total_files: usize,
    /// Input bytes of the files done, and of all files.
    pub bytes: u64,
    pub total_bytes: u64,
    /// Articles added so far.
    pub articles: usize,
    /// Reading is done; the graph, the exports and the store are being written.
    pub writing: bool,
}

/// Recognizes pages into article records on all cores, each turned by `prepare` on the
/// worker threads; the results are taken in input order, so the output does not depend
/// on scheduling.
pub fn extract<T: Send>(pipeline: &Pipeline, pages: &[Page], prepare: &(dyn Fn(ArticleRecord) -> T + Sync)) -> Vec<T> {
    use rayon::prelude::*;
    let processed: Vec<Vec<T>> = pages
        .par_iter()
        .map(|p| pipeline.process_page(p).into_iter().map(|(a, m)| prepare(ArticleRecord::new(&a, &m))).collect())
        .collect();
    processed.into_iter().flatten().collect()
}

/// Runs a build: reads, recognizes and writes every output, streaming. With `append`,
/// what is already stored stays as it is and is not processed again. After a fatal
/// problem (a malformed JSONL line) without `skip_bad` nothing is written and the
/// previous outputs stay; the problems are in the report either way.
pub fn build(cfg: &BuildConfig, skip_bad: bool, progress: &mut dyn FnMut(Progress)) -> Result<BuildReport> {
    let t0 = std::time::Instant::now();
    let pipeline = Pipeline::new(&cfg.dicts, cfg.date.clone())?;
    timing("dictionaries loaded", t0.elapsed());
    let files = ingest::collect_files(&cfg.inputs)?;
    let mut sink = Sink::create(cfg)?;
    if cfg.append {
        for_each_existing(&cfg.out, &mut |r| sink.add(r).map(|_| ()))?;
    }
    let old = sink.added;
    let mut report = BuildReport::default();
    let mut done = Progress {
        total_files: files.len(),
        total_bytes: files.iter().map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum(),
        ..Default::default()
    };
    let mut busy = std::time::Duration::ZERO;
    // After a fatal problem (without `skip_bad`) nothing will be written: the stream only
    // goes on to report every problem.
    let mut failed = false;
    stream(&pipeline, Inputs::Files(files), &Prepared::new, &mut |batch| {
        let tb = std::time::Instant::now();
        report.pages += batch.pages;
        failed |= !skip_bad && batch.problems.iter().any(|p| p.fatal);
        report.problems.extend(batch.problems);
        report.converted.extend(batch.converted);
        if !failed {
            for r in batch.records {
                sink.add_prepared(r)?;
            }
        }
        done.files += batch.files;
        done.bytes += batch.bytes;
        done.articles = sink.added - old;
        progress(done);
        busy += tb.elapsed();
        Ok(())
    })?;
    timing("read and recognized", t0.elapsed());
    timing("  of which the writer thread was busy", busy);
    if failed {
        return Ok(report);
    }
    report.articles = sink.added - old;
    report.duplicates = sink.duplicates;
    report.total_articles = sink.added;
    done.writing = true;
    progress(done);
    let (nodes, edges, outputs) = sink.finish(&pipeline.recognizer.index)?;
    timing("all written", t0.elapsed());
    (report.nodes, report.edges, report.outputs) = (nodes, edges, outputs);
    // The dictionaries take a while to free, and the process is about to end.
    std::thread::spawn(move || drop(pipeline));
    Ok(report)
}

/// Merges `articles.jsonl` files (from `extract` runs, e.g. the map step of a cluster job)
/// into one graph and store, as one `build` of the same inputs would.
pub fn merge(cfg: &BuildConfig, files: &[PathBuf]) -> Result<BuildReport> {
    let index = cfg.dicts.index()?;
    let mut sink = Sink::create(cfg)?;
    for f in files {
        for_each_record(f, &mut |r| sink.add(r).map(|_| ()))?;
    }
    let mut report = BuildReport {
        pages: files.len(),
        articles: sink.added,
        duplicates: sink.duplicates,
        total_articles: sink.added,
        ..Default::default()
    };
    let (nodes, edges, outputs) = sink.finish(&index)?;
    (report.nodes, report.edges, report.outputs) = (nodes, edges, outputs);
    Ok(report)
}

/// Reads an `articles.jsonl` file line by line.
pub fn for_each_record(path: &Path, f: &mut dyn FnMut(ArticleRecord) -> Result<()>) -> Result<()> {
    use std::io::BufRead;
    let file = fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut line = String::new();
    let mut n = 0;
    loop {
        line.clear();
        if reader.read_line(&mut line).map_err(|e| Error::io(path, e))? == 0 {
            return Ok(());
        }
        n += 1;
        if line.trim().is_empty() {
            continue;
        }
        let r: ArticleRecord = serde_json::from_str(&line).map_err(|e| Error::BadRecord {
            path: path.to_path_buf(),
            line: n,
            reason: e.to_string(),
        })?;
        f(r)?;
    }
}

/// Reads an `articles.jsonl` file.
pub fn read_records(path: &Path) -> Result<Vec<ArticleRecord>> {
    let mut records = Vec::new();
    for_each_record(path, &mut |r| {
        records.push(r);
        Ok(())
    })?;
    Ok(records)
}

/// Hands the records already built in `dir` to `f`: from its store, else from its
/// `articles.jsonl`, else none. The store is read before the new one replaces it (the
/// sink writes to a temporary file).
fn for_each_existing(dir: &Path, f: &mut dyn FnMut(ArticleRecord) -> Result<()>) -> Result<()> {
    if dir.join(crate::store::FILE).exists() {
        return crate::store::for_each_record(dir, f);
    }
    if dir.join("articles.jsonl").exists() {
        return for_each_record(&dir.join("articles.jsonl"), f);
    }
    Ok(())
}

/// Writes one format to a path (for CSV, a directory that receives nodes.csv and
/// edges.csv), atomically.
pub fn write_graph(g: &EntityGraph, format: Format, path: &Path) -> Result<Vec<PathBuf>> {
    if format == Format::Csv {
        let dir = if path.as_os_str().is_empty() { Path::new(".") } else { path };
        fs::create_dir_all(dir).map_err(|e| Error::Write { path: dir.to_path_buf(), source: e })?;
        let out = crate::export::write_csv_dir(g, dir).map_err(|e| Error::Write { path: dir.to_path_buf(), source: e })?;
        return Ok(out);
    }
    write_atomic(path, |w| crate::export::write(g, format, w))?;
    Ok(vec![path.to_path_buf()])
}

/// Reads a built graph directory back: its `articles.jsonl`, rebuilt into a graph with the
/// window recorded in `graph.json` (or the one given). Exports of every format come from
/// the same article records, so they always agree.
pub fn load_built(dir: &Path, window: Option<Window>, dicts: &DictConfig) -> Result<(Vec<ArticleRecord>, EntityGraph)> {
    let records = read_records(&dir.join("articles.jsonl"))?;
    let window = window.unwrap_or_else(|| {
        fs::read_to_string(dir.join("graph.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["attributes"]["window"].as_str().and_then(|w| w.parse().ok()))
            .unwrap_or_default()
    });
    let index = dicts.index()?;
    let mut builder = GraphBuilder::new(window);
    for r in &records {
        builder.add_article(r);
    }
    Ok((records, builder.build(&index)))
}

/// A temporary sibling of `path`, unique to this process.
fn tmp_path(path: &Path) -> PathBuf {
    path.with_extension(format!(
        "{}.tmp{}",
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        std::process::id()
    ))
}

/// Writes a file through a temporary sibling and a rename.
pub fn write_atomic(path: &Path, f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let tmp = tmp_path(path);
    let werr = |e| Error::Write { path: path.to_path_buf(), source: e };
    {
        let file = fs::File::create(&tmp).map_err(werr)?;
        let mut w = BufWriter::new(file);
        let res = f(&mut w).and_then(|_| w.flush()).and_then(|_| w.get_ref().sync_all());
        if let Err(e) = res {
            let _ = fs::remove_file(&tmp);
            return Err(werr(e));
        }
    }
    fs::rename(&tmp, path).map_err(werr)
}
