//! Stage 1: find the input files and read them into [`Page`]s.
//!
//! Inputs are any mix of files and directories. Directories are walked recursively in
//! sorted order (so a build is deterministic); `.txt` and `.md` files are newspaper pages,
//! `.jsonl` files hold one article per line (`text` required; `title`, `date`, `id`, `url`
//! optional). Files named directly on the command line are read whatever their extension.

use crate::error::{Error, Result};
use crate::model::{Page, Record};
use std::fs;
use std::path::{Path, PathBuf};

/// What a directory walk picks up.
const PAGE_EXTENSIONS: [&str; 2] = ["txt", "md"];
const JSONL_EXTENSIONS: [&str; 2] = ["jsonl", "ndjson"];

/// A problem with one input that does not stop the others from being read.
#[derive(Debug)]
pub struct Problem {
    pub error: Error,
    /// Whether the build should fail (exit 2) because of it unless `--skip-bad` is given.
    pub fatal: bool,
}

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Ingested {
    pub pages: Vec<Page>,
    pub problems: Vec<Problem>,
    /// Files that were decoded from another encoding than UTF-8, with the encoding's name.
    pub converted: Vec<(String, &'static str)>,
}

/// Expands the inputs into the ordered list of files to read. A path that does not exist
/// is an error: the user mistyped something and should know before a long build.
pub fn collect_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            walk(input, &mut files)?;
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if has_extension(&path, &PAGE_EXTENSIONS) || has_extension(&path, &JSONL_EXTENSIONS) {
            out.push(path);
        }
    }
    Ok(())
}

fn has_extension(path: &Path, exts: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The path as shown in outputs: forward slashes, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// Reads all inputs. Unreadable or undecodable files and bad JSONL lines become
/// [`Problem`]s; the rest is read.
pub fn read_inputs(inputs: &[PathBuf]) -> Result<Ingested> {
    let files = collect_files(inputs)?;
    let mut out = Ingested::default();
    for file in files {
        read_file(&file, &mut out);
    }
    Ok(out)
}

/// Reads standard input: JSONL records when every non-empty line is a JSON object,
/// otherwise one page of text named `stdin.txt`.
pub fn read_stdin(bytes: &[u8]) -> Ingested {
    let mut out = Ingested::default();
    let (text, encoding) = match decode(bytes) {
        Ok(t) => t,
        Err(reason) => {
            out.problems.push(Problem { error: Error::NotText { path: "<stdin>".into(), reason }, fatal: false });
            return out;
        }
    };
    if let Some(enc) = encoding {
        out.converted.push(("<stdin>".into(), enc));
    }
    let jsonl = text.lines().filter(|l| !l.trim().is_empty()).all(|l| l.trim_start().starts_with('{'));
    if jsonl && !text.trim().is_empty() {
        read_jsonl(Path::new("stdin.jsonl"), "stdin.jsonl", &text, &mut out);
    } else if !text.trim().is_empty() {
        out.pages.push(Page { source: "stdin.txt".into(), line: None, text, record: None });
    }
    out
}

/// Reads a file in pieces of at least `piece` bytes of text, handing each piece's pages
/// (and problems) to `each` in order, with how many bytes of the file are read so far and
/// whether it is the last piece; `each` returns `false` to stop, and then so does this. A
/// UTF-8 JSONL file is streamed line by line through one buffer, so memory holds a piece
/// and not the file; anything else (pages, other encodings) is read whole.
pub fn read_file_pieces(path: &Path, piece: usize, each: &mut dyn FnMut(Ingested, u64, bool) -> bool) -> bool {
    if has_extension(path, &JSONL_EXTENSIONS)
        && let Some(done) = stream_jsonl(path, piece, each)
    {
        return done;
    }
    let mut out = Ingested::default();
    // Its size as read (a file that could not be read: as the file system tells it).
    let size = read_file_len(path, &mut out).or_else(|| fs::metadata(path).ok().map(|m| m.len())).unwrap_or(0);
    each(out, size, true)
}

/// Streams a UTF-8 JSONL file; `None` (before handing anything over) when it is not plain
/// UTF-8 after all and must be decoded whole.
fn stream_jsonl(path: &Path, piece: usize, each: &mut dyn FnMut(Ingested, u64, bool) -> bool) -> Option<bool> {
    use std::io::{BufRead, BufReader};
    let file = fs::File::open(path).ok()?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let head = reader.fill_buf().ok()?;
    let bom = encoding_rs::Encoding::for_bom(head);
    if head.is_empty() || bom.is_some_and(|(e, _)| e != encoding_rs::UTF_8) || looks_binary(head) {
        return None;
    }
    // A UTF-8 BOM is dropped, and counted as read.
    let bom_len = bom.map_or(0, |(_, len)| len);
    reader.consume(bom_len);
    let mut consumed = bom_len as u64;
    let source = display_path(path);
    let mut out = Ingested::default();
    let mut size = 0;
    // A non-blank line was read (so a page or a problem was made of it).
    let mut any = false;
    let mut buf = Vec::new();
    let mut lineno = 0;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(n) => consumed += n as u64,
            Err(e) => {
                out.problems.push(Problem { error: Error::io(path, e), fatal: true });
                break;
            }
        }
        lineno += 1;
        let Ok(line) = simdutf8::basic::from_utf8(&buf) else {
            if !any {
                return None;
            }
            out.problems.push(Problem {
                error: Error::BadRecord { path: path.to_path_buf(), line: lineno, reason: "not UTF-8".into() },
                fatal: true,
            });
            continue;
        };
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        any = true;
        size += read_jsonl_line(path, &source, lineno, line, &mut out);
        if size >= piece {
            if !each(std::mem::take(&mut out), consumed, false) {
                return Some(false);
            }
            size = 0;
        }
    }
    if !any {
        out.problems.push(Problem {
            error: Error::NotText { path: path.to_path_buf(), reason: "empty file, skipped".into() },
            fatal: false,
        });
    }
    Some(each(out, consumed, true))
}

/// Reads one file into `out`.
pub fn read_file(path: &Path, out: &mut Ingested) {
    read_file_len(path, out);
}

/// [`read_file`], giving the number of bytes read (`None` if the file could not be read).
fn read_file_len(path: &Path, out: &mut Ingested) -> Option<u64> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            out.problems.push(Problem { error: Error::io(path, e), fatal: true });
            return None;
        }
    };
    let len = bytes.len() as u64;
    let source = display_path(path);
    let (text, encoding) = match decode_owned(bytes) {
        Ok(t) => t,
        Err(reason) => {
            out.problems.push(Problem {
                error: Error::NotText { path: path.to_path_buf(), reason },
                fatal: false,
            });
            return Some(len);
        }
    };
    if let Some(enc) = encoding {
        out.converted.push((source.clone(), enc));
    }
    if text.trim().is_empty() {
        out.problems.push(Problem {
            error: Error::NotText { path: path.to_path_buf(), reason: "empty file, skipped".into() },
            fatal: false,
        });
        return Some(len);
    }
    if has_extension(path, &JSONL_EXTENSIONS) {
        read_jsonl(path, &source, &text, out);
    } else {
        out.pages.push(Page { source, line: None, text, record: None });
    }
    Some(len)
}

/// Like [`decode`], taking the bytes: UTF-8 without a BOM (the usual case) becomes the
/// text without a copy.
pub fn decode_owned(bytes: Vec<u8>) -> std::result::Result<(String, Option<&'static str>), String> {
    if encoding_rs::Encoding::for_bom(&bytes).is_some() || looks_binary(&bytes) {
        return decode(&bytes);
    }
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were found to be UTF-8 just above.
        return Ok((unsafe { String::from_utf8_unchecked(bytes) }, None));
    }
    decode(&bytes)
}

/// Decodes a file to text: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or GB18030 (the
/// superset of GBK that old Chinese crawlers saved). Binary data is refused.
/// Returns the text and, when it was not UTF-8, the name of the encoding it came from.
pub fn decode(bytes: &[u8]) -> std::result::Result<(String, Option<&'static str>), String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(format!("invalid {} data", enc.name()));
        }
        let name = if enc == encoding_rs::UTF_8 { None } else { Some(enc.name()) };
        return Ok((text.into_owned(), name));
    }
    if looks_binary(bytes) {
        return Err("binary file, skipped".into());
    }
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(_) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err("neither UTF-8 nor GB18030 text, skipped".into())
            } else {
                Ok((text.into_owned(), Some("GB18030")))
            }
        }
    }
}

/// A NUL byte in the first 8 KiB, or a known binary signature, marks a binary file.
fn looks_binary(bytes: &[u8]) -> bool {
    const SIGNATURES: [&[u8]; 6] = [b"%PDF", b"\x89PNG", b"\xFF\xD8\xFF", b"GIF8", b"PK\x03\x04", b"\x7FELF"];
    if SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        return true;
    }
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

fn read_jsonl(path: &Path, source: &str, text: &str, out: &mut Ingested) {
    for (i, line) in text.lines().enumerate() {
        if !line.trim().is_empty() {
            read_jsonl_line(path, source, i + 1, line, out);
        }
    }
}

/// Parses one non-blank JSONL line into a page (or a problem); returns the text's size.
fn read_jsonl_line(path: &Path, source: &str, lineno: usize, line: &str, out: &mut Ingested) -> usize {
    match parse_record(line) {
        Ok((text, record)) => {
            let n = text.len();
            out.pages.push(Page { source: source.to_string(), line: Some(lineno), text, record: Some(record) });
            n
        }
        Err(reason) => {
            out.problems.push(Problem {
                error: Error::BadRecord { path: path.to_path_buf(), line: lineno, reason },
                fatal: true,
            });
            0
        }
    }
}

fn parse_record(line: &str) -> std::result::Result<(String, Record), String> {
    let mut value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("not valid JSON ({e})"))?;
    let obj = value.as_object_mut().ok_or("not a JSON object")?;
    // Taken out, not cloned: the text is most of the line.
    let text = match obj.remove("text") {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return Err("`text` is not a string".into()),
        None => return Err("missing required field `text`".into()),
    };
    let field = |k: &str| -> std::result::Result<Option<String>, String> {
        match obj.get(k) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(serde_json::Value::Number(n)) if k == "id" => Ok(Some(n.to_string())),
            Some(_) => Err(format!("`{k}` is not a string")),
        }
    };
    Ok((
        text,
        Record { id: field("id")?, title: field("title")?, date: field("date")?, url: field("url")? },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gb18030_and_bom() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("二七区");
        assert_eq!(decode(&gbk).unwrap(), ("二七区".to_string(), Some("GB18030")));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("郑州".as_bytes());
        assert_eq!(decode(&bom).unwrap(), ("郑州".to_string(), None));
        assert!(decode(b"%PDF-1.4 ...").is_err());
    }

    #[test]
    fn record_fields() {
        let (t, r) = parse_record(r#"{"text":"正文","title":"标题","id":7}"#).unwrap();
        assert_eq!(t, "正文");
        assert_eq!(r.title.as_deref(), Some("标题"));
        assert_eq!(r.id.as_deref(), Some("7"));
        assert!(parse_record(r#"{"title":"x"}"#).unwrap_err().contains("text"));
        assert!(parse_record(r#"{"text":"x""#).unwrap_err().contains("JSON"));
    }
}
