//! The whole build: inputs → pages → articles → mentions → graph → outputs.

use crate::articles::{Segmenter, SegmenterBuilder};
use crate::dict::Dictionary;
use crate::error::{Error, Result};
use crate::export::{ArticleRecord, ArticlesWriter};
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

/// Which dictionaries recognition uses.
#[derive(Clone, Debug, Default)]
pub struct DictConfig {
    /// Extra dictionary files or directories (`--dict`).
    pub extra: Vec<PathBuf>,
    /// Leave out the built-in entries seeded from the sample corpus (`*-sample.txt`), to
    /// measure what the rules do alone.
    pub no_seeds: bool,
}

/// Builds the segmenter and recognizer once; processes pages with them.
#[derive(Clone)]
pub struct Pipeline {
    pub segmenter: Segmenter,
    pub recognizer: Recognizer,
}

impl Pipeline {
    pub fn new(dicts: &DictConfig, date: Option<String>) -> Result<Pipeline> {
        let lex = Lexicons::builtin()?;
        let mut dict = Dictionary::builtin_with(!dicts.no_seeds)?;
        for p in &dicts.extra {
            dict.load_path(p)?;
        }
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

/// The result of processing all inputs, before writing.
pub struct Built {
    pub records: Vec<ArticleRecord>,
    pub graph: EntityGraph,
    pub report: BuildReport,
}

/// Collects article records, keeping ids unique and skipping texts seen before. The
/// order of arrival is the order of the outputs.
#[derive(Default)]
pub struct RecordSet {
    pub records: Vec<ArticleRecord>,
    ids: HashSet<String>,
    hashes: HashSet<String>,
    /// Records skipped because their text was seen before.
    pub duplicates: usize,
}

impl RecordSet {
    /// Adds a record; `false` if its text was seen before. A second record with an id
    /// already taken (two files with the same stem) gets a `~2` suffix.
    pub fn add(&mut self, mut r: ArticleRecord) -> bool {
        if !self.hashes.insert(crate::store::content_hash(&r.text)) {
            self.duplicates += 1;
            return false;
        }
        let base = r.id.clone();
        let mut k = 2;
        while !self.ids.insert(r.id.clone()) {
            r.id = format!("{base}~{k}");
            k += 1;
        }
        self.records.push(r);
        true
    }

    /// The graph of all records.
    pub fn graph(&self, window: Window, index: &crate::recognize::DictIndex) -> EntityGraph {
        let mut builder = GraphBuilder::new(window);
        for r in &self.records {
            builder.add_article(r);
        }
        builder.build(index)
    }
}

/// Recognizes pages into article records, on all cores; the results are taken in input
/// order, so the output does not depend on scheduling.
pub fn extract(pipeline: &Pipeline, pages: &[Page]) -> Vec<ArticleRecord> {
    use rayon::prelude::*;
    let processed: Vec<Vec<(Article, Vec<Mention>)>> = pages.par_iter().map(|p| pipeline.process_page(p)).collect();
    processed.into_iter().flatten().map(|(a, m)| ArticleRecord::new(&a, &m)).collect()
}

/// Reads, segments, recognizes and builds the graph.
pub fn process(cfg: &BuildConfig) -> Result<Built> {
    let pipeline = Pipeline::new(&cfg.dicts, cfg.date.clone())?;
    let ingested = ingest::read_inputs(&cfg.inputs)?;
    let mut set = RecordSet::default();
    // With --append, what is already stored stays as it is and is not processed again.
    if cfg.append {
        for r in existing_records(&cfg.out)? {
            set.add(r);
        }
    }
    let old = set.records.len();
    for r in extract(&pipeline, &ingested.pages) {
        set.add(r);
    }
    let graph = cfg.shape.apply(set.graph(cfg.window, &pipeline.recognizer.index))?;
    let report = BuildReport {
        pages: ingested.pages.len(),
        articles: set.records.len() - old,
        duplicates: set.duplicates,
        total_articles: set.records.len(),
        nodes: graph.graph.node_count(),
        edges: graph.graph.edge_count(),
        problems: ingested.problems,
        converted: ingested.converted,
        outputs: Vec::new(),
    };
    Ok(Built { records: set.records, graph, report })
}

/// Merges `articles.jsonl` files (from `extract` runs, e.g. the map step of a cluster job)
/// into one graph and store, as one `build` of the same inputs would.
pub fn merge(cfg: &BuildConfig, files: &[PathBuf]) -> Result<Built> {
    let pipeline = Pipeline::new(&cfg.dicts, None)?;
    let mut set = RecordSet::default();
    for f in files {
        for r in read_records(f)? {
            set.add(r);
        }
    }
    let graph = cfg.shape.apply(set.graph(cfg.window, &pipeline.recognizer.index))?;
    let report = BuildReport {
        pages: files.len(),
        articles: set.records.len(),
        duplicates: set.duplicates,
        total_articles: set.records.len(),
        nodes: graph.graph.node_count(),
        edges: graph.graph.edge_count(),
        ..Default::default()
    };
    Ok(Built { records: set.records, graph, report })
}

/// Reads an `articles.jsonl` file.
pub fn read_records(path: &Path) -> Result<Vec<ArticleRecord>> {
    let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut records = Vec::new();
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let r: ArticleRecord = serde_json::from_str(line).map_err(|e| Error::BadRecord {
            path: path.to_path_buf(),
            line: i + 1,
            reason: e.to_string(),
        })?;
        records.push(r);
    }
    Ok(records)
}

/// Runs a build and writes its outputs.
pub fn build(cfg: &BuildConfig) -> Result<BuildReport> {
    let built = process(cfg)?;
    write_outputs(cfg, built)
}

/// Writes the chosen graph formats and `articles.jsonl` into the output directory. Each
/// file is written to a temporary file and renamed into place, so an interrupted build
/// leaves the previous outputs intact.
pub fn write_outputs(cfg: &BuildConfig, built: Built) -> Result<BuildReport> {
    let mut report = built.report;
    fs::create_dir_all(&cfg.out).map_err(|e| Error::Write { path: cfg.out.clone(), source: e })?;
    for &format in &cfg.formats {
        report.outputs.extend(write_graph(&built.graph, format, &cfg.out.join(format.file_name()))?);
    }
    let jsonl = cfg.out.join("articles.jsonl");
    write_atomic(&jsonl, |w| ArticlesWriter.write(&built.records, w))?;
    report.outputs.push(jsonl);
    report.outputs.push(crate::store::write(&cfg.out, &built.records, &built.graph)?);
    Ok(report)
}

/// The records already built in `dir`: from its store, else from its `articles.jsonl`,
/// else none.
fn existing_records(dir: &Path) -> Result<Vec<ArticleRecord>> {
    if dir.join(crate::store::FILE).exists() {
        return crate::store::records(dir);
    }
    if dir.join("articles.jsonl").exists() {
        return Ok(load_built(dir, None)?.0);
    }
    Ok(Vec::new())
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
pub fn load_built(dir: &Path, window: Option<Window>) -> Result<(Vec<ArticleRecord>, EntityGraph)> {
    let records = read_records(&dir.join("articles.jsonl"))?;
    let window = window.unwrap_or_else(|| {
        fs::read_to_string(dir.join("graph.json"))
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v["attributes"]["window"].as_str().and_then(|w| w.parse().ok()))
            .unwrap_or_default()
    });
    let pipeline = Pipeline::new(&DictConfig::default(), None)?;
    let mut builder = GraphBuilder::new(window);
    for r in &records {
        builder.add_article(r);
    }
    Ok((records, builder.build(&pipeline.recognizer.index)))
}

/// Writes a file through a temporary sibling and a rename.
pub fn write_atomic(path: &Path, f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp{}",
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        std::process::id()
    ));
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
