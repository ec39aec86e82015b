//! The streaming reader: files read one at a time, their pages recognized in batches on
//! all cores while the consumer writes the batch before, handed over in input order.

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

/// Recognizes pages into article records on all cores, each turned by `prepare` on the
/// worker threads; the results are taken in input order, so the output does not depend
/// on scheduling.
pub fn extract<T: Send>(pipeline: &Pipeline, pages: &[Page], prepare: &(dyn Fn(ArticleRecord) -> T + Sync)) -> Vec<T> {
    use rayon::prelude::*;
    let processed: Vec<Vec<T>> = pages
        .par_iter()
        .map(|p| pipeline.process_page(p).into_iter().map(|(a, m)| prepare(pipeline.record(&a, &m))).collect())
        .collect();
    processed.into_iter().flatten().collect()
}

