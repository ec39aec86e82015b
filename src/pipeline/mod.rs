//! The whole build, wiring the stages together: inputs → pages → articles → mentions →
//! graph → outputs. This module holds the configurations and the orchestration
//! (`build`, `merge`, `load_built`); [`stream`] reads and recognizes, [`sink`] writes.

mod sink;
mod stream;

pub use sink::{Prepared, Sink};
pub use stream::{extract, stream, Inputs, Recognized};

pub use crate::dict::DictConfig;
use crate::articles::{Segmenter, SegmenterBuilder};
use crate::error::{Error, Result};
use crate::export::Format;
use crate::filter::{self, FilterConfig};
use crate::graph::{EntityGraph, GraphBuilder, WeightKind, Window};
use crate::ingest::{self, Problem};
use crate::lexicon::Lexicons;
use crate::model::{Article, ArticleRecord, Mention, Page};
use crate::recognize::{Recognizer, RecognizerBuilder};
use crate::relate::{Relater, RelaterBuilder};
use crate::resolve::{self, Jurisdictions};
use crate::timing;
use std::fs;
use std::path::{Path, PathBuf};

/// Builds the segmenter and recognizer once; processes pages with them.
#[derive(Clone)]
pub struct Pipeline {
    pub segmenter: Segmenter,
    pub recognizer: Recognizer,
    pub relater: Relater,
}

impl Pipeline {
    pub fn new(dicts: &DictConfig, date: Option<String>) -> Result<Pipeline> {
        // jieba's dictionary, the longest part of start-up, loads on a thread of its own
        // while the lexicons and our dictionaries are read and compiled.
        let jieba = std::thread::spawn(crate::recognize::new_jieba);
        // One Lexicons for both stages (what they find of bylines is remembered per page).
        let lex = std::sync::Arc::new(Lexicons::builtin()?);
        let dict = dicts.load()?;
        let segmenter = SegmenterBuilder::new().date(date).build(lex.clone());
        let relater = RelaterBuilder::new().build(&lex);
        let recognizer = RecognizerBuilder::new(dict)
            .lexicons(lex)
            .jieba_from(move || jieba.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .build()?;
        Ok(Pipeline { segmenter, recognizer, relater })
    }

    /// Segments a page and recognizes and resolves the entities of each article. Relative
    /// names fall back on the districts named elsewhere on the same page.
    pub fn process_page(&self, page: &Page) -> Vec<(Article, Vec<Mention>)> {
        self.recognize_page(page).into_iter().map(|(a, m, _)| (a, m)).collect()
    }

    /// The records of a page's articles, as a build stores them: [`process_page`] and
    /// [`record`] in one, each article's fields moved into its record, the relations
    /// reading each text's chars as recognition decoded them.
    ///
    /// [`process_page`]: Self::process_page
    /// [`record`]: Self::record
    pub fn records_of_page(&self, page: &Page) -> Vec<ArticleRecord> {
        self.recognize_page(page)
            .into_iter()
            .map(|(a, m, chars)| {
                let mut r = ArticleRecord::from_article(a, &m);
                r.relations = self.relater.relate_chars(&r, chars);
                r
            })
            .collect()
    }

    /// [`process_page`](Self::process_page), with each article's text as chars.
    fn recognize_page(&self, page: &Page) -> Vec<(Article, Vec<Mention>, Vec<char>)> {
        // Segmentation and recognition share one Lexicons: bylines found for a line while
        // stories are cut are found again for the same line of a story's text.
        let lex = self.segmenter.lexicons();
        let (articles, recognized) = crate::text::byline::remembering(lex, || {
            let articles = self.segmenter.segment(page);
            let recognized: Vec<_> = articles.iter().map(|a| self.recognizer.recognize_with_chars(&a.text)).collect();
            (articles, recognized)
        });
        let page_j = Jurisdictions::from_candidates(recognized.iter().flat_map(|(c, _)| c));
        articles
            .into_iter()
            .zip(recognized)
            .map(|(a, (c, chars))| {
                let m = resolve::resolve(&self.recognizer.index, &a.text, c, &page_j);
                (a, m, chars)
            })
            .collect()
    }

    /// The record of an article: its entities, and the relations its sentences state.
    pub fn record(&self, article: &Article, mentions: &[Mention]) -> ArticleRecord {
        let mut r = ArticleRecord::new(article, mentions);
        r.relations = self.relater.relate(&r);
        r
    }
}

/// How a graph is shaped for export: which weight, which filters, how many article ids an
/// edge lists.
#[derive(Clone, Debug)]
pub struct ShapeConfig {
    pub weight: WeightKind,
    pub filter: FilterConfig,
    /// An edge's article ids in exports, newest first (`None`: all); see
    /// [`EntityGraph::article_ids`](crate::graph::EntityGraph::article_ids).
    pub article_ids: Option<usize>,
}

impl Default for ShapeConfig {
    fn default() -> ShapeConfig {
        ShapeConfig {
            weight: WeightKind::default(),
            filter: FilterConfig::default(),
            article_ids: Some(crate::graph::DEFAULT_ARTICLE_IDS),
        }
    }
}

impl ShapeConfig {
    /// The graph with the chosen weight and filters (metrics recomputed).
    pub fn apply(&self, mut g: EntityGraph) -> Result<EntityGraph> {
        g.use_weight(self.weight);
        g.article_ids = self.article_ids;
        crate::analysis::annotate(&mut g);
        if self.filter.is_empty() {
            return Ok(g);
        }
        filter::apply(&g, &self.filter).map_err(Error::Filter)
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
    /// Keep reprints of a story as articles of their own (no near-duplicate folding).
    pub keep_reprints: bool,
}

/// What a build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub pages: usize,
    /// Articles added by this build.
    pub articles: usize,
    /// Articles skipped because the same text was seen before (in this build or the store).
    pub duplicates: usize,
    /// Articles folded into an earlier printing of the same story.
    pub reprints: usize,
    /// Articles in the store and graph after the build.
    pub total_articles: usize,
    pub nodes: usize,
    pub edges: usize,
    pub problems: Vec<Problem>,
    pub converted: Vec<(String, &'static str)>,
    pub outputs: Vec<PathBuf>,
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

/// Runs a build: reads, recognizes and writes every output, streaming. With `append`,
/// what is already stored stays as it is and is not processed again. After a fatal
/// problem (a malformed JSONL line) without `skip_bad` nothing is written and the
/// previous outputs stay; the problems are in the report either way.
pub fn build(cfg: &BuildConfig, skip_bad: bool, progress: &mut dyn FnMut(Progress)) -> Result<BuildReport> {
    let t0 = std::time::Instant::now();
    // The inputs are listed and sized (a stat of each of thousands of page files) while
    // the dictionaries load, not after.
    let (pipeline, listed) = std::thread::scope(|scope| {
        let listed = scope.spawn(|| {
            ingest::collect_files(&cfg.inputs).map(|files| {
                let bytes: u64 = files.iter().map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0)).sum();
                (files, bytes)
            })
        });
        let pipeline = Pipeline::new(&cfg.dicts, cfg.date.clone());
        (pipeline, listed.join().expect("listing the inputs panicked"))
    });
    let pipeline = pipeline?;
    timing::report("dictionaries loaded", t0.elapsed());
    let (files, total_bytes) = listed?;
    // An append goes on from the store's saved state when it can; else (an older store, a
    // directory without one, another window or reprint mode) it reads the stored records
    // into a new one.
    let mut sink = match cfg.append.then(|| Sink::resume(cfg)).transpose()?.flatten() {
        Some(sink) => sink,
        None => {
            let mut sink = Sink::create(cfg)?;
            if cfg.append {
                for_each_existing(&cfg.out, &mut |r| sink.add(r).map(|_| ()))?;
            }
            sink
        }
    };
    timing::report("store resumed", t0.elapsed());
    let old = sink.added;
    let mut report = BuildReport::default();
    report.problems.append(&mut sink.notes);
    let mut done = Progress {
        total_files: files.len(),
        total_bytes,
        ..Default::default()
    };
    let mut busy = std::time::Duration::ZERO;
    // After a fatal problem (without `skip_bad`) nothing will be written: the stream only
    // goes on to report every problem.
    let mut failed = false;
    let reprints = !cfg.keep_reprints;
    stream(&pipeline, Inputs::Files(files), &|r| Prepared::new(r, reprints), &mut |batch| {
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
    timing::report("read and recognized", t0.elapsed());
    timing::report("  of which the writer thread was busy", busy);
    if failed {
        return Ok(report);
    }
    if sink.added == 0 {
        // Dropping the sink removes its temporary files: what `out` held stays as it was.
        let warnings = report.problems.iter().map(|p| p.error.to_string()).collect();
        return Err(no_articles(cfg, &cfg.inputs, warnings));
    }
    report.articles = sink.added - old;
    report.duplicates = sink.duplicates;
    report.reprints = sink.reprinted;
    report.total_articles = sink.added;
    done.writing = true;
    progress(done);
    let (nodes, edges, outputs) = sink.finish(&pipeline.recognizer.index)?;
    timing::report("all written", t0.elapsed());
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
        crate::fs::for_each_record(f, &mut |r| sink.add(r).map(|_| ()))?;
    }
    if sink.added == 0 {
        return Err(no_articles(cfg, files, Vec::new()));
    }
    let mut report = BuildReport {
        pages: files.len(),
        articles: sink.added,
        duplicates: sink.duplicates,
        reprints: sink.reprinted,
        total_articles: sink.added,
        ..Default::default()
    };
    let (nodes, edges, outputs) = sink.finish(&index)?;
    (report.nodes, report.edges, report.outputs) = (nodes, edges, outputs);
    Ok(report)
}

/// The refusal of a build or merge that found no article: an empty graph written over
/// `cfg.out` would lose what it held without a word.
fn no_articles(cfg: &BuildConfig, inputs: &[PathBuf], warnings: Vec<String>) -> Error {
    let inputs: Vec<String> = inputs.iter().map(|p| ingest::display_path(p)).collect();
    let kept = if cfg.out.join("articles.jsonl").exists() || cfg.out.join(crate::store::FILE).exists() {
        format!(" ({} keeps its previous graph)", cfg.out.display())
    } else {
        String::new()
    };
    Error::NoArticles { inputs: inputs.join(", "), kept, warnings }
}

/// Hands the records already built in `dir` to `f`: from its store, else from its
/// `articles.jsonl`, else none. The store is read before the new one replaces it (the
/// sink writes to a temporary file).
fn for_each_existing(dir: &Path, f: &mut dyn FnMut(ArticleRecord) -> Result<()>) -> Result<()> {
    if dir.join(crate::store::FILE).exists() {
        return crate::store::for_each_record(dir, f);
    }
    if dir.join("articles.jsonl").exists() {
        return crate::fs::for_each_record(&dir.join("articles.jsonl"), f);
    }
    Ok(())
}

/// Writes one format to a path (for CSV, a directory that receives nodes.csv and
/// edges.csv), atomically.
pub fn write_graph(g: &EntityGraph, format: Format, path: &Path) -> Result<Vec<PathBuf>> {
    if format == Format::Csv {
        let dir = if path.as_os_str().is_empty() { Path::new(".") } else { path };
        return crate::export::write_csv_dir(g, dir);
    }
    crate::fs::write_atomic(path, |w| crate::export::write(g, format, w))?;
    Ok(vec![path.to_path_buf()])
}

/// Reads a built graph directory back: its `articles.jsonl`, rebuilt into a graph with the
/// window recorded in `graph.json` (or the one given). Exports of every format come from
/// the same article records, so they always agree.
pub fn load_built(dir: &Path, window: Option<Window>, dicts: &DictConfig) -> Result<(Vec<ArticleRecord>, EntityGraph)> {
    let records = crate::fs::read_records(&dir.join("articles.jsonl"))?;
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

