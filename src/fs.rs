//! Files written whole or not at all, and `articles.jsonl` read back.
//!
//! Every output (graph exports, `articles.jsonl`, CSV files, the SQLite store) is written
//! to a hidden temporary sibling (`.name.tmpPID`), flushed to disk, and renamed over the
//! target: a reader sees the old file or the new one, never half of one, and a failed or
//! interrupted run leaves the previous outputs as they were. [`TempSibling`] is that one
//! scheme; [`write_atomic`] is it for a file written through a `Write`.

use crate::error::{Error, Result};
use crate::model::ArticleRecord;
use std::fs;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A temporary file next to `target`, renamed over it by [`commit`](Self::commit) and
/// removed if dropped before.
#[derive(Debug)]
pub struct TempSibling {
    tmp: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl TempSibling {
    /// Names the temporary sibling of `target` for this process and removes a stale one.
    pub fn new(target: &Path) -> TempSibling {
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let tmp = target.with_file_name(format!(".{name}.tmp{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        TempSibling { tmp, target: target.to_path_buf(), committed: false }
    }

    /// Where to write.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The file it will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the written file to disk ahead of [`commit`](Self::commit), whose own
    /// flush then finds little or nothing left to write: to take that wait off the path
    /// of whatever must come before the commit.
    pub fn sync(&self) -> Result<()> {
        flush_to_disk(&self.tmp).map_err(|e| Error::Write { path: self.target.clone(), source: e })
    }

    /// Flushes the written file to disk and renames it over the target.
    pub fn commit(mut self) -> Result<()> {
        self.sync()?;
        fs::rename(&self.tmp, &self.target).map_err(|e| Error::Write { path: self.target.clone(), source: e })?;
        self.committed = true;
        Ok(())
    }
}

/// Flushes what was written to the file at `path` to disk.
pub fn flush_to_disk(path: &Path) -> std::io::Result<()> {
    fs::File::open(path)?.sync_all()
}

impl Drop for TempSibling {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes a file through a temporary sibling and a rename.
pub fn write_atomic(path: &Path, f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let tmp = TempSibling::new(path);
    let werr = |e| Error::Write { path: path.to_path_buf(), source: e };
    let file = fs::File::create(tmp.path()).map_err(werr)?;
    let mut w = BufWriter::new(file);
    f(&mut w).and_then(|_| w.flush()).map_err(werr)?;
    drop(w);
    tmp.commit()
}

/// Reads an `articles.jsonl` file line by line; a line that is no record is an error
/// naming the file and line.
pub fn for_each_record(path: &Path, f: &mut dyn FnMut(ArticleRecord) -> Result<()>) -> Result<()> {
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
///
/// ```no_run
/// for r in newsgraph::fs::read_records("graphs/articles.jsonl".as_ref())? {
///     println!("{} {}: {} entities", r.date.as_deref().unwrap_or("-"), r.title, r.entities.len());
/// }
/// # Ok::<(), newsgraph::Error>(())
/// ```
pub fn read_records(path: &Path) -> Result<Vec<ArticleRecord>> {
    let mut records = Vec::new();
    for_each_record(path, &mut |r| {
        records.push(r);
        Ok(())
    })?;
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = std::env::temp_dir().join(format!("ng-fs-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.txt");
        write_atomic(&path, |w| w.write_all(b"old")).unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        let left: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, vec![std::ffi::OsString::from("out.txt")]);
        fs::remove_dir_all(&dir).unwrap();
    }
}
