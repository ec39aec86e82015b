//! The output sink of a build: `articles.jsonl` and the store's articles written as records
//! come, the graph, its exports and the store's entities at the end, each through a
//! temporary file that only [`Sink::finish`] puts in place.

use super::{write_graph, BuildConfig, ShapeConfig};
use crate::dict::DictIndex;
use crate::error::{Error, Result};
use crate::export::Format;
use crate::fs::TempSibling;
use crate::graph::{GraphBuilder, Window};
use crate::model::{ArticleRecord, Reprint};
use crate::reprint::{ReprintIndex, Signature};
use crate::timing;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

/// An article record with what writing it needs, computed on the worker threads: its
/// content hash, its `articles.jsonl` line, the store's copy without the text, and its
/// near-duplicate signature.
pub struct Prepared {
    pub record: ArticleRecord,
    pub hash: String,
    pub line: String,
    pub slim: String,
    pub signature: Option<Signature>,
}

impl Prepared {
    pub fn new(record: ArticleRecord) -> Prepared {
        let hash = crate::store::content_hash(&record.text);
        let line = serde_json::to_string(&record).expect("a record serializes");
        let slim = crate::store::record_without_text_from_line(&line)
            .unwrap_or_else(|| crate::store::record_without_text(&record));
        let signature = Signature::of(&record.text);
        Prepared { record, hash, line, slim, signature }
    }
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
    jsonl_tmp: Option<TempSibling>,
    jsonl: Option<BufWriter<fs::File>>,
    store: Option<crate::store::StoreWriter>,
    graph: GraphBuilder,
    /// The stories added so far, to find reprints (`None` with `--keep-reprints`), and
    /// the id of each by its number there.
    stories: Option<ReprintIndex>,
    story_ids: Vec<String>,
    /// Reprints found, by the id of the story's first printing.
    reprints: BTreeMap<String, Vec<Reprint>>,
    /// Records added, skipped as seen before, and folded into an earlier printing.
    pub added: usize,
    pub duplicates: usize,
    pub reprinted: usize,
}

impl Sink {
    pub fn create(cfg: &BuildConfig) -> Result<Sink> {
        fs::create_dir_all(&cfg.out).map_err(|e| Error::Write { path: cfg.out.clone(), source: e })?;
        let jsonl_path = cfg.out.join("articles.jsonl");
        let jsonl_tmp = TempSibling::new(&jsonl_path);
        let file = fs::File::create(jsonl_tmp.path()).map_err(|e| Error::Write { path: jsonl_path.clone(), source: e })?;
        Ok(Sink {
            out: cfg.out.clone(),
            formats: cfg.formats.clone(),
            shape: cfg.shape.clone(),
            window: cfg.window,
            hashes: HashSet::new(),
            ids: HashSet::new(),
            jsonl_tmp: Some(jsonl_tmp),
            jsonl: Some(BufWriter::with_capacity(1 << 20, file)),
            store: Some(crate::store::StoreWriter::create(&cfg.out)?),
            graph: GraphBuilder::new(cfg.window),
            stories: (!cfg.keep_reprints).then(ReprintIndex::new),
            story_ids: Vec::new(),
            reprints: BTreeMap::new(),
            added: 0,
            duplicates: 0,
            reprinted: 0,
        })
    }

    /// Adds a record; `false` if its text was seen before.
    pub fn add(&mut self, r: ArticleRecord) -> Result<bool> {
        self.add_prepared(Prepared::new(r))
    }

    /// Adds a prepared record; `false` if its text was seen before or it is a reprint of
    /// a story added before (then it becomes one of that story's `reprints`).
    pub fn add_prepared(&mut self, mut p: Prepared) -> Result<bool> {
        if self.hashes.contains(&p.hash) {
            self.duplicates += 1;
            return Ok(false);
        }
        if let (Some(stories), Some(sig)) = (&self.stories, &p.signature)
            && let Some(k) = stories.find(sig) {
                let r = &p.record;
                let list = self.reprints.entry(self.story_ids[k].clone()).or_default();
                let this = Reprint { id: r.id.clone(), source: r.source.clone(), date: r.date.clone(), url: r.url.clone() };
                for rp in std::iter::once(this).chain(r.reprints.iter().cloned()) {
                    if !list.iter().any(|x| x.id == rp.id && x.source == rp.source) {
                        list.push(rp);
                    }
                }
                self.hashes.insert(p.hash);
                self.reprinted += 1;
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
        let Prepared { record: r, hash, line, slim, signature } = p;
        if let (Some(stories), Some(sig)) = (&mut self.stories, signature) {
            stories.insert(sig);
            self.story_ids.push(r.id.clone());
        }
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
        self.fold_reprints()?;
        let builder = std::mem::replace(&mut self.graph, GraphBuilder::new(self.window));
        let (graph, split) = builder.build_split(index);
        timing::report("graph built", t0.elapsed());
        let graph = self.shape.apply(graph)?;
        timing::report("metrics and filters", t0.elapsed());
        // The graph formats and the store's indexes are independent: write them at once.
        let store = self.store.take().expect("sink finished twice");
        let (formats, stored) = std::thread::scope(|scope| {
            let formats = scope.spawn(|| -> Result<Vec<PathBuf>> {
                let mut outputs = Vec::new();
                for &format in &self.formats {
                    outputs.extend(write_graph(&graph, format, &self.out.join(format.file_name()))?);
                }
                timing::report("graph formats written", t0.elapsed());
                Ok(outputs)
            });
            let stored = store.finish(&graph, &split);
            (formats.join().expect("format writer panicked"), stored)
        });
        let mut outputs = formats?;
        let stored = stored?;
        let jsonl = self.out.join("articles.jsonl");
        if let Some(mut w) = self.jsonl.take() {
            w.flush().map_err(|e| Error::Write { path: jsonl.clone(), source: e })?;
        }
        self.jsonl_tmp.take().expect("sink finished twice").commit()?;
        outputs.push(jsonl);
        outputs.push(stored);
        Ok((graph.graph.node_count(), graph.graph.edge_count(), outputs))
    }

    /// Writes the reprints found into the records of their first printings: in
    /// `articles.jsonl` (one pass over the file written so far, only those lines parsed)
    /// and in the store. A story's date becomes the earliest of its printings.
    fn fold_reprints(&mut self) -> Result<()> {
        if self.reprints.is_empty() {
            return Ok(());
        }
        let path = self.out.join("articles.jsonl");
        let werr = |e: std::io::Error| Error::Write { path: path.clone(), source: e };
        let mut w = self.jsonl.take().expect("sink finished twice");
        w.flush().map_err(werr)?;
        drop(w);
        let old = self.jsonl_tmp.take().expect("sink finished twice");
        let new = TempSibling::new(&path.with_extension("jsonl.folded"));
        {
            #[derive(serde::Deserialize)]
            struct Id {
                id: String,
            }
            use std::io::BufRead;
            let reader = std::io::BufReader::with_capacity(1 << 20, fs::File::open(old.path()).map_err(werr)?);
            let mut out = BufWriter::with_capacity(1 << 20, fs::File::create(new.path()).map_err(werr)?);
            for line in reader.lines() {
                let line = line.map_err(werr)?;
                let id = serde_json::from_str::<Id>(&line).map(|x| x.id).unwrap_or_default();
                let Some(found) = self.reprints.get(&id) else {
                    out.write_all(line.as_bytes()).and_then(|_| out.write_all(b"\n")).map_err(werr)?;
                    continue;
                };
                let mut r: ArticleRecord = serde_json::from_str(&line).map_err(|e| Error::BadRecord { path: path.clone(), line: 0, reason: e.to_string() })?;
                for rp in found {
                    if !r.reprints.iter().any(|x| x.id == rp.id && x.source == rp.source) {
                        r.reprints.push(rp.clone());
                    }
                }
                if let Some(earliest) = r.reprints.iter().filter_map(|x| x.date.clone()).min()
                    && r.date.as_ref().is_none_or(|d| earliest < *d) {
                        r.date = Some(earliest);
                    }
                let line = serde_json::to_string(&r).expect("a record serializes");
                out.write_all(line.as_bytes()).and_then(|_| out.write_all(b"\n")).map_err(werr)?;
                let slim = crate::store::record_without_text(&r);
                self.store.as_mut().expect("sink finished twice").update_record(&r.id, r.date.as_deref(), &slim)?;
            }
            out.flush().map_err(werr)?;
        }
        // The folded file takes the unfolded one's place as the temporary to commit.
        fs::rename(new.path(), old.path()).map_err(werr)?;
        drop(new);
        self.jsonl_tmp = Some(old);
        Ok(())
    }
}
