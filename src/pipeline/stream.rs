//! The streaming reader: files read one at a time, their pages recognized in batches on
//! all cores while the reader fills the batch after and the consumer writes the batch
//! before, handed over in input order.

use super::Pipeline;
use crate::error::Result;
use crate::ingest::{self, Problem};
use crate::model::{ArticleRecord, Page};
use std::path::PathBuf;

/// Where a stream of pages comes from.
pub enum Inputs {
    /// Files, read one at a time in the given order.
    Files(Vec<PathBuf>),
    /// What was already read (standard input).
    Read(ingest::Ingested),
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

/// Reads the inputs one file at a time and recognizes their pages in batches on all
/// cores, while the reader reads the batch after and the caller consumes the batch
/// before: `consume` gets every piece of every file in input order, with that piece's own
/// records, problems and progress. A batch fills across files, so that a folder of small
/// page files keeps every core as busy as one large JSONL file does. `prepare` turns
/// each record into what the consumer writes, on the worker threads (`build` hashes and
/// serializes it for the store; `extract` only serializes it). Memory holds one file and
/// a few batches, whatever the size of the corpus. An error from `consume` stops the
/// stream and is returned.
pub fn stream<T: Send>(
    pipeline: &Pipeline,
    inputs: Inputs,
    prepare: &(dyn Fn(ArticleRecord) -> T + Sync),
    consume: &mut dyn FnMut(Recognized<T>) -> Result<()>,
) -> Result<()> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Recognized<T>>>(2);
    // Batches read but not yet recognized: the reader fills the next one while the cores
    // recognize this one (reading a batch of small files left the cores idle meanwhile).
    let (batch_tx, batch_rx) = std::sync::mpsc::sync_channel::<Batch>(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            for batch in batch_rx.iter() {
                if tx.send(batch.recognize(pipeline, prepare)).is_err() {
                    return; // the consumer stopped: dropping batch_rx stops the reader
                }
            }
        });
        scope.spawn(move || {
            let mut batch = Batch::default();
            // Adds one piece of a file (`bytes`: how much of the file it read, counted with
            // its last page) and sends the batch on once it is full; `false` once the
            // receiver is gone.
            let mut add = |ingested: ingest::Ingested, last: bool, bytes: u64| -> bool {
                let ingest::Ingested { pages, problems, converted } = ingested;
                let mut piece = Piece { problems, converted, ..Piece::default() };
                let n = pages.len();
                for (k, p) in pages.into_iter().enumerate() {
                    batch.size += p.text.len();
                    batch.pages.push(p);
                    piece.pages += 1;
                    if k + 1 < n && batch.full() {
                        // The file goes on in the next batch: its problems came with its
                        // first piece, its bytes and its end come with its last.
                        batch.pieces.push(std::mem::take(&mut piece));
                        if batch_tx.send(std::mem::take(&mut batch)).is_err() {
                            return false;
                        }
                    }
                }
                piece.bytes = bytes;
                piece.last = last;
                batch.pieces.push(piece);
                !batch.full() || batch_tx.send(std::mem::take(&mut batch)).is_ok()
            };
            let ok = match inputs {
                Inputs::Files(files) => files.iter().all(|f| {
                    let mut before = 0;
                    ingest::read_file_pieces(f, BATCH_BYTES, &mut |piece, read, last| {
                        let delta = read.saturating_sub(before);
                        before = read;
                        add(piece, last, delta)
                    })
                }),
                Inputs::Read(ingested) => {
                    let bytes = ingested.pages.iter().map(|p| p.text.len() as u64).sum();
                    add(ingested, true, bytes)
                }
            };
            if ok && !batch.pieces.is_empty() {
                let _ = batch_tx.send(batch);
            }
        });
        // Moved in here, so that returning on an error drops the receiver: the
        // recognizer's next send fails and it stops, dropping the batches' receiver, so
        // that the reader's next send fails and it stops too, and the scope can end.
        // (Borrowed, it would live on while the scope waits for threads blocked on full
        // channels.)
        let rx = rx;
        for pieces in rx.iter() {
            for piece in pieces {
                consume(piece)?;
            }
        }
        Ok(())
    })
}

/// Pages recognized together: enough to keep every core busy, small enough that memory
/// stays flat.
const BATCH_PAGES: usize = 512;
const BATCH_BYTES: usize = 4 << 20;

/// Pages of one or more files waiting to be recognized together, and which piece of which
/// file each run of them came from.
#[derive(Default)]
struct Batch {
    pages: Vec<Page>,
    size: usize,
    pieces: Vec<Piece>,
}

/// A run of consecutive pages of one file in a batch, with what the consumer reports for
/// it: the problems and decoding of what was read (with the first run of it), its bytes
/// and whether the file ends here (with the last).
#[derive(Default)]
struct Piece {
    pages: usize,
    problems: Vec<Problem>,
    converted: Vec<(String, &'static str)>,
    bytes: u64,
    last: bool,
}

impl Batch {
    fn full(&self) -> bool {
        self.pages.len() >= BATCH_PAGES || self.size >= BATCH_BYTES
    }

    /// Recognizes the batch's pages on all cores: its pieces, in order, each with its own
    /// records.
    fn recognize<T: Send>(self, pipeline: &Pipeline, prepare: &(dyn Fn(ArticleRecord) -> T + Sync)) -> Vec<Recognized<T>> {
        let mut per_page = extract_pages(pipeline, &self.pages, prepare).into_iter();
        drop(self.pages);
        self.pieces
            .into_iter()
            .map(|p| Recognized {
                records: per_page.by_ref().take(p.pages).flatten().collect(),
                pages: p.pages,
                problems: p.problems,
                converted: p.converted,
                bytes: p.bytes,
                files: usize::from(p.last),
            })
            .collect()
    }
}

/// Recognizes pages into article records on all cores, each turned by `prepare` on the
/// worker threads; the results are taken in input order, so the output does not depend
/// on scheduling.
pub fn extract<T: Send>(pipeline: &Pipeline, pages: &[Page], prepare: &(dyn Fn(ArticleRecord) -> T + Sync)) -> Vec<T> {
    extract_pages(pipeline, pages, prepare).into_iter().flatten().collect()
}

/// [`extract`], the records of each page apart.
fn extract_pages<T: Send>(pipeline: &Pipeline, pages: &[Page], prepare: &(dyn Fn(ArticleRecord) -> T + Sync)) -> Vec<Vec<T>> {
    use rayon::prelude::*;
    pages
        .par_iter()
        .map(|p| pipeline.records_of_page(p).into_iter().map(prepare).collect())
        .collect()
}

