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
use rustc_hash::FxHashSet;
use std::collections::BTreeMap;
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
    /// `reprints`: whether reprints are looked for (without, no signature is made).
    pub fn new(mut record: ArticleRecord, reprints: bool) -> Prepared {
        let hash = crate::store::content_hash(&record.text);
        let signature = if reprints { Signature::of(&record.text) } else { None };
        let (slim, line) = crate::store::record_and_line(&mut record);
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
    keep_reprints: bool,
    hashes: FxHashSet<String>,
    ids: FxHashSet<String>,
    jsonl_tmp: Option<TempSibling>,
    jsonl: Option<BufWriter<fs::File>>,
    store: Option<crate::store::StoreWriter>,
    graph: GraphBuilder,
    /// The stories added so far, to find reprints (`None` with `--keep-reprints`), and
    /// the id of each by its number there.
    stories: Option<ReprintIndex>,
    story_ids: Vec<String>,
    /// Appending in place (`build --append` on a store that keeps its append state): the
    /// store answers for what it holds (texts seen, ids taken, stories to fold into), and
    /// holds the reprint index (`stories` is then `None`); this many stories are in it.
    /// `jsonl` receives the new lines only.
    in_place: Option<usize>,
    /// A folded reprint moved a story's date: the graph builder's state is then not what
    /// reading the records back gives, and is not saved.
    dates_moved: bool,
    /// The id of the last line of `articles.jsonl` as it will stand.
    last_id: Option<String>,
    /// What the sink found and mended before it began (an append's leftover lines).
    pub notes: Vec<crate::ingest::Problem>,
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
        let store = crate::store::StoreWriter::create(&cfg.out)?;
        let stories = (!cfg.keep_reprints).then(ReprintIndex::new);
        Sink::new(cfg, "jsonl", store, GraphBuilder::new(cfg.window), stories)
    }

    /// A sink that appends to the outputs in `cfg.out` in place, going on from the state
    /// their store keeps: no stored article is read again. `None` when the store cannot be
    /// appended to so (none, an older one, another window or reprint mode): then
    /// [`create`](Self::create) one and add the stored records to it first.
    pub fn resume(cfg: &BuildConfig) -> Result<Option<Sink>> {
        let Some((store, resumed)) = crate::store::StoreWriter::resume(&cfg.out, cfg.window, cfg.keep_reprints)? else {
            return Ok(None);
        };
        // articles.jsonl must be what the store's last commit left: lines past it are an
        // append that never committed, and are cut; anything else is read back from the
        // store, which then writes the file anew.
        let Some((len, last)) = resumed.jsonl else { return Ok(None) };
        let jsonl = cfg.out.join("articles.jsonl");
        let mut notes = Vec::new();
        match jsonl_against(&jsonl, len, &last).map_err(|e| Error::Write { path: jsonl.clone(), source: e })? {
            JsonlAgainst::Same => {}
            JsonlAgainst::Longer(extra) => {
                fs::OpenOptions::new()
                    .write(true)
                    .open(&jsonl)
                    .and_then(|f| f.set_len(len))
                    .map_err(|e| Error::Write { path: jsonl.clone(), source: e })?;
                notes.push(crate::ingest::Problem {
                    error: Error::BadInput(format!(
                        "{}: {extra} bytes after the last committed article (an append that did not finish) were cut",
                        jsonl.display()
                    )),
                    fatal: false,
                });
            }
            JsonlAgainst::Other => return Ok(None),
        }
        let mut sink = Sink::new(cfg, "jsonl.new", store, resumed.graph, None)?;
        (sink.in_place, sink.added, sink.last_id, sink.notes) = (Some(resumed.stories), resumed.articles, Some(last), notes);
        Ok(Some(sink))
    }

    /// A sink writing `articles.jsonl` lines to a temporary file named with `extension`
    /// (the whole file for a new build, the new lines for an append in place).
    fn new(
        cfg: &BuildConfig,
        extension: &str,
        store: crate::store::StoreWriter,
        graph: GraphBuilder,
        stories: Option<ReprintIndex>,
    ) -> Result<Sink> {
        let jsonl_path = cfg.out.join("articles.jsonl");
        let jsonl_tmp = TempSibling::new(&jsonl_path.with_extension(extension));
        let file = fs::File::create(jsonl_tmp.path()).map_err(|e| Error::Write { path: jsonl_path.clone(), source: e })?;
        Ok(Sink {
            out: cfg.out.clone(),
            formats: cfg.formats.clone(),
            shape: cfg.shape.clone(),
            window: cfg.window,
            keep_reprints: cfg.keep_reprints,
            hashes: FxHashSet::default(),
            ids: FxHashSet::default(),
            jsonl_tmp: Some(jsonl_tmp),
            jsonl: Some(BufWriter::with_capacity(1 << 20, file)),
            store: Some(store),
            graph,
            stories,
            story_ids: Vec::new(),
            reprints: BTreeMap::new(),
            in_place: None,
            dates_moved: false,
            last_id: None,
            notes: Vec::new(),
            added: 0,
            duplicates: 0,
            reprinted: 0,
        })
    }

    fn store(&self) -> &crate::store::StoreWriter {
        self.store.as_ref().expect("sink used after finish")
    }

    /// Whether a text with this hash was seen: in this build, or stored before it.
    fn seen(&self, hash: &str) -> Result<bool> {
        Ok(self.hashes.contains(hash) || (self.in_place.is_some() && self.store().has_hash(hash)))
    }

    /// Whether an article id is taken.
    fn taken(&self, id: &str) -> Result<bool> {
        Ok(self.ids.contains(id) || (self.in_place.is_some() && self.store().has_id(id)?))
    }

    /// The id of the story an article with this signature is a reprint of, if any.
    fn reprint_of(&self, sig: &Signature) -> Result<Option<String>> {
        if let Some(stories) = &self.stories {
            return Ok(stories.find(sig).map(|k| self.story_ids[k].clone()));
        }
        match self.in_place {
            Some(_) if !self.keep_reprints => self.store().reprint_of(sig),
            _ => Ok(None),
        }
    }

    /// Adds a record; `false` if its text was seen before.
    pub fn add(&mut self, r: ArticleRecord) -> Result<bool> {
        self.add_prepared(Prepared::new(r, !self.keep_reprints))
    }

    /// Adds a prepared record; `false` if its text was seen before or it is a reprint of
    /// a story added before (then it becomes one of that story's `reprints`).
    pub fn add_prepared(&mut self, mut p: Prepared) -> Result<bool> {
        if self.seen(&p.hash)? {
            self.duplicates += 1;
            return Ok(false);
        }
        if let Some(sig) = &p.signature
            && let Some(story) = self.reprint_of(sig)? {
                let r = &p.record;
                let list = self.reprints.entry(story).or_default();
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
        if self.taken(&p.record.id)? {
            // Rare (two files with the same stem): rename, and prepare the record again.
            let mut r = p.record;
            let base = r.id.clone();
            let mut k = 2;
            while self.taken(&r.id)? {
                r.id = format!("{base}~{k}");
                k += 1;
            }
            p = Prepared::new(r, !self.keep_reprints);
        }
        let Prepared { record: r, hash, line, slim, signature } = p;
        if let (Some(stories), Some(sig)) = (&mut self.stories, &signature) {
            stories.insert(sig.clone());
            self.story_ids.push(r.id.clone());
        } else if let (Some(k), false, Some(sig)) = (self.in_place, self.keep_reprints, &signature) {
            self.store.as_mut().expect("sink used after finish").add_story(k, &r.id, sig)?;
            self.in_place = Some(k + 1);
        }
        let path = &self.out;
        let werr = |e: std::io::Error| Error::Write { path: path.join("articles.jsonl"), source: e };
        let w = self.jsonl.as_mut().expect("sink used after finish");
        w.write_all(line.as_bytes()).map_err(werr)?;
        w.write_all(b"\n").map_err(werr)?;
        self.store.as_mut().expect("sink used after finish").add_record(&r, &hash, &slim)?;
        self.graph.add_article(&r);
        self.hashes.insert(hash);
        self.last_id = Some(r.id.clone());
        self.ids.insert(r.id);
        self.added += 1;
        Ok(true)
    }

    /// The graph of every article added, shaped as asked, with the split ids and the
    /// builder's state for the next append (`None` when a fold moved a date it counted).
    fn build_graph(
        &mut self,
        index: &DictIndex,
        t0: std::time::Instant,
    ) -> Result<(Option<crate::graph::Saved>, crate::graph::EntityGraph, crate::graph::SplitIds)> {
        let builder = std::mem::replace(&mut self.graph, GraphBuilder::new(self.window));
        let saved = (!self.dates_moved).then(|| builder.to_saved());
        timing::report("graph state saved", t0.elapsed());
        let (graph, split) = builder.build_split(index);
        timing::report("graph built", t0.elapsed());
        let graph = self.shape.apply(graph)?;
        timing::report("metrics and filters", t0.elapsed());
        Ok((saved, graph, split))
    }

    /// Builds the graph, writes the chosen formats, and puts `articles.jsonl` and the store
    /// in place. Returns the graph's size and the files written.
    pub fn finish(mut self, index: &DictIndex) -> Result<(usize, usize, Vec<PathBuf>)> {
        if self.in_place.is_some() {
            return self.finish_in_place(index);
        }
        let t0 = std::time::Instant::now();
        self.fold_reprints()?;
        let (saved, graph, split) = self.build_graph(index, t0)?;
        let jsonl = self.out.join("articles.jsonl");
        if let Some(mut w) = self.jsonl.take() {
            w.flush().map_err(|e| Error::Write { path: jsonl.clone(), source: e })?;
        }
        let tmp = self.jsonl_tmp.as_ref().expect("sink finished twice").path();
        let jsonl_len = fs::metadata(tmp).map_err(|e| Error::Write { path: jsonl.clone(), source: e })?.len();
        // The graph formats and the store's indexes are independent: write them at once.
        let store = self.store.take().expect("sink finished twice");
        let jsonl_tmp = self.jsonl_tmp.as_ref().expect("sink finished twice");
        let store_file = store.temp_file();
        let (formats, stored) = std::thread::scope(|scope| {
            let formats = scope.spawn(|| -> Result<Vec<PathBuf>> {
                let mut outputs = Vec::new();
                for &format in &self.formats {
                    outputs.extend(write_graph(&graph, format, &self.out.join(format.file_name()))?);
                }
                timing::report("graph formats written", t0.elapsed());
                // articles.jsonl goes to disk while the store builds its indexes (the
                // longer of the two), not after.
                jsonl_tmp.sync()?;
                timing::report("articles.jsonl synced", t0.elapsed());
                // And the store's pages written so far (nearly all of them: the rows), so
                // that its own flush at the commit has only the indexes left to write.
                // Only a head start: a failure here is the commit's to report.
                if let Some(f) = &store_file {
                    let _ = crate::fs::flush_to_disk(f);
                    timing::report("store flushed ahead", t0.elapsed());
                }
                Ok(outputs)
            });
            let state = crate::store::AppendState {
                graph: saved,
                keep_reprints: self.keep_reprints,
                stories: self.stories.as_ref().map(|s| (s, self.story_ids.as_slice())),
                jsonl: self.last_id.clone().map(|id| (jsonl_len, id)),
            };
            let stored = store.finish(&graph, &split, &state);
            (formats.join().expect("format writer panicked"), stored)
        });
        let mut outputs = formats?;
        let stored = stored?;
        self.jsonl_tmp.take().expect("sink finished twice").commit()?;
        timing::report("articles.jsonl committed", t0.elapsed());
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
        let (reprints, store) = (&self.reprints, self.store.as_mut().expect("sink finished twice"));
        let mut dates_moved = false;
        rewrite_lines(&[old.path()], new.path(), &path, &mut |id, line| {
            let Some(found) = reprints.get(id) else { return Ok(None) };
            let mut r: ArticleRecord =
                serde_json::from_slice(line).map_err(|e| Error::BadRecord { path: path.clone(), line: 0, reason: e.to_string() })?;
            add_reprints(&mut r, found);
            dates_moved |= take_earliest_date(&mut r);
            let (slim, line) = crate::store::record_and_line(&mut r);
            store.update_record(&r.id, r.date.as_deref(), &slim)?;
            Ok(Some(line))
        })?;
        self.dates_moved |= dates_moved;
        // The folded file takes the unfolded one's place as the temporary to commit.
        fs::rename(new.path(), old.path()).map_err(werr)?;
        drop(new);
        self.jsonl_tmp = Some(old);
        Ok(())
    }
}

/// What [`rewrite_lines`] asks of each line: given its id and the line, the line to write
/// instead, if any.
type Replace<'r> = dyn FnMut(&str, &[u8]) -> Result<Option<String>> + 'r;

/// Copies the lines of `from` (in turn) to `to`, each line whose record's id `replace`
/// gives a new line for replaced by it. Only the ids are read ([`line_id`]), so a line is
/// parsed only when it is replaced. `shown`: the file errors are reported against.
fn rewrite_lines(
    from: &[&std::path::Path],
    to: &std::path::Path,
    shown: &std::path::Path,
    replace: &mut Replace,
) -> Result<()> {
    use std::io::BufRead;
    let werr = |e: std::io::Error| Error::Write { path: shown.to_path_buf(), source: e };
    let mut out = BufWriter::with_capacity(1 << 20, fs::File::create(to).map_err(werr)?);
    for from in from {
        let mut reader = std::io::BufReader::with_capacity(1 << 20, fs::File::open(from).map_err(werr)?);
        let mut line = Vec::new();
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line).map_err(werr)? == 0 {
                break;
            }
            match line_id(&line).map(|id| replace(&id, &line)).transpose()?.flatten() {
                Some(new) => out.write_all(new.as_bytes()).and_then(|_| out.write_all(b"\n")),
                None => out.write_all(&line),
            }
            .map_err(werr)?;
        }
    }
    out.flush().map_err(werr)
}

/// Adds reprints found to a story's record, each once.
fn add_reprints(r: &mut ArticleRecord, found: &[Reprint]) {
    for rp in found {
        if !r.reprints.iter().any(|x| x.id == rp.id && x.source == rp.source) {
            r.reprints.push(rp.clone());
        }
    }
}

/// Gives a story the earliest date of its printings; whether that moved its date.
fn take_earliest_date(r: &mut ArticleRecord) -> bool {
    if let Some(earliest) = r.reprints.iter().filter_map(|x| x.date.clone()).min()
        && r.date.as_ref().is_none_or(|d| earliest < *d)
    {
        r.date = Some(earliest);
        return true;
    }
    false
}

/// The id of an `articles.jsonl` line, read from its start (a record serializes its id
/// first) without parsing the rest; `None` for a line of another shape.
/// How `articles.jsonl` stands against what the store recorded of it.
enum JsonlAgainst {
    /// As recorded.
    Same,
    /// As recorded, then this many more bytes.
    Longer(u64),
    /// Shorter, or not ending with the recorded line there.
    Other,
}

/// Checks `path` against a recorded length and the id of the line that ends there.
fn jsonl_against(path: &std::path::Path, len: u64, last: &str) -> std::io::Result<JsonlAgainst> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = fs::File::open(path)?;
    let actual = f.metadata()?.len();
    if actual < len || len == 0 {
        return Ok(if actual == len { JsonlAgainst::Same } else { JsonlAgainst::Other });
    }
    // The line that ends at `len`, read backwards a block at a time.
    let mut line: Vec<u8> = Vec::new();
    let mut end = len;
    loop {
        let start = end.saturating_sub(1 << 16);
        let mut block = vec![0; (end - start) as usize];
        f.seek(SeekFrom::Start(start))?;
        f.read_exact(&mut block)?;
        block.extend_from_slice(&line);
        line = block;
        // The line's own newline is its last byte; the one before it starts the line.
        if let Some(i) = line[..line.len() - 1].iter().rposition(|&b| b == b'\n') {
            line.drain(..=i);
            break;
        }
        if start == 0 {
            break;
        }
        end = start;
    }
    if line.last() != Some(&b'\n') || line_id(&line).as_deref() != Some(last) {
        return Ok(JsonlAgainst::Other);
    }
    Ok(if actual == len { JsonlAgainst::Same } else { JsonlAgainst::Longer(actual - len) })
}

fn line_id(line: &[u8]) -> Option<String> {
    let rest = line.strip_prefix(b"{\"id\":\"")?;
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'\\' => i += 2,
            b'"' => return serde_json::from_slice(&line[6..6 + i + 2]).ok(),
            _ => i += 1,
        }
    }
    None
}

impl Sink {
    /// [`finish`](Self::finish) of a sink appending in place: the graph from the resumed
    /// builder, the store updated in its transaction, the new lines of `articles.jsonl`
    /// appended to it (or, when reprints were folded into stories, the file written anew
    /// through a temporary with those lines replaced); the store commits last, and a
    /// failure before leaves `articles.jsonl` as it was.
    fn finish_in_place(mut self, index: &DictIndex) -> Result<(usize, usize, Vec<PathBuf>)> {
        let t0 = std::time::Instant::now();
        // The stories reprints were folded into, from the store (texts of those alone).
        let mut folded: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        let mut changes: Vec<crate::store::Changed> = Vec::new();
        for (id, found) in &self.reprints {
            let mut r = self.store().record(id)?;
            add_reprints(&mut r, found);
            self.dates_moved |= take_earliest_date(&mut r);
            let (slim, line) = crate::store::record_and_line(&mut r);
            folded.insert(id.clone(), line);
            changes.push(crate::store::Changed { id: r.id, date: r.date, slim });
        }
        let (saved, graph, split) = self.build_graph(index, t0)?;
        // articles.jsonl as it will stand, made before the store's state records it: its
        // new lines, and with folded stories the whole file with their lines replaced.
        let jsonl = self.out.join("articles.jsonl");
        let werr = |e: std::io::Error| Error::Write { path: jsonl.clone(), source: e };
        let mut w = self.jsonl.take().expect("sink finished twice");
        w.flush().map_err(werr)?;
        drop(w);
        let new_lines = self.jsonl_tmp.take().expect("sink finished twice");
        let old_len = fs::metadata(&jsonl).map_err(werr)?.len();
        let whole = (!folded.is_empty()).then(|| TempSibling::new(&jsonl));
        let expected = match &whole {
            None => old_len + fs::metadata(new_lines.path()).map_err(werr)?.len(),
            Some(whole) => {
                rewrite_lines(&[jsonl.as_path(), new_lines.path()], whole.path(), &jsonl, &mut |id, _| Ok(folded.get(id).cloned()))?;
                fs::metadata(whole.path()).map_err(werr)?.len()
            }
        };
        let mut store = self.store.take().expect("sink finished twice");
        let (formats, stored) = std::thread::scope(|scope| {
            // One thread a format: on a large store each one writes every edge's
            // evidence, and they are most of an append's time.
            let writers: Vec<_> = self
                .formats
                .iter()
                .map(|&format| {
                    let (graph, out) = (&graph, &self.out);
                    scope.spawn(move || write_graph(graph, format, &out.join(format.file_name())))
                })
                .collect();
            let state = crate::store::AppendState {
                graph: saved,
                keep_reprints: self.keep_reprints,
                stories: None,
                jsonl: self.last_id.clone().map(|id| (expected, id)),
            };
            let stored = store.finish_in_place(&graph, &split, &changes, &state);
            let formats: Result<Vec<PathBuf>> = writers
                .into_iter()
                .map(|w| w.join().expect("format writer panicked"))
                .collect::<Result<Vec<_>>>()
                .map(|v| v.into_iter().flatten().collect());
            timing::report("graph formats written", t0.elapsed());
            (formats, stored)
        });
        let mut outputs = formats?;
        stored?;
        match whole {
            None => {
                let appended = (|| -> std::io::Result<()> {
                    let mut to = fs::OpenOptions::new().append(true).open(&jsonl)?;
                    std::io::copy(&mut fs::File::open(new_lines.path())?, &mut to)?;
                    to.sync_all()
                })();
                let committed = appended.map_err(werr).and_then(|_| store.commit());
                if let Err(e) = committed {
                    // The store rolled back: articles.jsonl goes back to what it held.
                    let _ = fs::OpenOptions::new().write(true).open(&jsonl).and_then(|f| f.set_len(old_len));
                    return Err(e);
                }
            }
            Some(whole) => {
                store.commit()?;
                whole.commit()?;
            }
        }
        timing::report("store committed", t0.elapsed());
        outputs.push(jsonl);
        outputs.push(self.out.join(crate::store::FILE));
        Ok((graph.graph.node_count(), graph.graph.edge_count(), outputs))
    }
}
