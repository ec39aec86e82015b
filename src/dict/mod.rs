//! Entity dictionaries: one human-editable UTF-8 file per type in `dictionaries/`.
//!
//! ```text
//! # comment
//! canonical [| alias | alias …] [; key=value key=value …]
//! 郑州市 | 郑州 ; code=410100 parent=410000 level=city
//! 中原区卫健委 | 中原区卫生健康委员会
//! ```
//!
//! The type comes from the file name: `officials.txt`, `districts-china.txt`
//! (`<type>s[-anything].txt`). Several entries may share a canonical name (the same town
//! name in many counties); they are one entity with several records.

mod index;

pub use index::{DictIndex, Surface};

use crate::error::{Error, Result};
use crate::model::EntityType;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// Which dictionaries a run uses: the built-in ones, with or without the entries seeded
/// from the sample corpus, and extra files or directories. Every command that reads
/// dictionaries (`build`, `extract`, `merge`, `export`, `discover`, `eval`) takes one, so
/// that `--dict` and `--no-seeds` mean the same everywhere.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DictConfig {
    /// Extra dictionary files or directories (`--dict`).
    pub extra: Vec<PathBuf>,
    /// Leave out the built-in entries seeded from the sample corpus (`*-sample.txt`), to
    /// measure what the rules do alone.
    pub no_seeds: bool,
}

impl DictConfig {
    /// The dictionary this configuration names.
    pub fn load(&self) -> Result<Dictionary> {
        let mut dict = Dictionary::builtin_with(!self.no_seeds)?;
        for p in &self.extra {
            dict.load_path(p)?;
        }
        Ok(dict)
    }

    /// The dictionary compiled for lookup (what the graph needs without recognizing).
    pub fn index(&self) -> Result<DictIndex> {
        DictIndex::build(self.load()?)
    }
}

/// One dictionary line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub ty: EntityType,
    pub canonical: String,
    pub aliases: Vec<String>,
    pub attrs: BTreeMap<String, String>,
    /// `file:line` it came from, for diagnostics.
    pub origin: String,
}

impl Entry {
    pub fn attr(&self, k: &str) -> Option<&str> {
        self.attrs.get(k).map(String::as_str)
    }

    /// The line format of this entry (what `discover` prints).
    pub fn to_line(&self) -> String {
        let mut s = self.canonical.clone();
        for a in &self.aliases {
            s.push_str(" | ");
            s.push_str(a);
        }
        if !self.attrs.is_empty() {
            s.push_str(" ;");
            for (k, v) in &self.attrs {
                s.push_str(&format!(" {k}={v}"));
            }
        }
        s
    }
}

/// The built-in dictionaries, compiled into the binary: (file, text, seeded from the
/// sample corpus). The `*-sample.txt` files hold the entries seeded from the sample pages;
/// `--no-seeds` leaves them out to measure what the rules do alone.
pub const BUILTIN: [(&str, &str, bool); 10] = [
    ("officials.txt", include_str!("../../dictionaries/officials.txt"), false),
    ("districts-china.txt", include_str!("../../dictionaries/districts-china.txt"), false),
    ("districts-zones.txt", include_str!("../../dictionaries/districts-zones.txt"), false),
    ("organizations.txt", include_str!("../../dictionaries/organizations.txt"), false),
    ("programs.txt", include_str!("../../dictionaries/programs.txt"), false),
    ("officials-sample.txt", include_str!("../../dictionaries/officials-sample.txt"), true),
    ("organizations-sample.txt", include_str!("../../dictionaries/organizations-sample.txt"), true),
    ("companies-sample.txt", include_str!("../../dictionaries/companies-sample.txt"), true),
    ("programs-sample.txt", include_str!("../../dictionaries/programs-sample.txt"), true),
    ("projects-sample.txt", include_str!("../../dictionaries/projects-sample.txt"), true),
];

/// The entity type a dictionary file name stands for.
pub fn type_of_file(name: &str) -> Option<EntityType> {
    let base = name.rsplit('/').next().unwrap_or(name);
    let stem = base.strip_suffix(".txt").unwrap_or(base);
    let head = stem.split('-').next().unwrap_or(stem);
    let singular = match head {
        "companies" => "company",
        h => h.strip_suffix('s').unwrap_or(h),
    };
    EntityType::parse(singular)
}

/// A set of dictionary entries of all types.
#[derive(Clone, Debug, Default)]
pub struct Dictionary {
    pub entries: Vec<Entry>,
}

impl Dictionary {
    /// The built-in dictionaries, with the sample seeds.
    pub fn builtin() -> Result<Dictionary> {
        Self::builtin_with(true)
    }

    /// The built-in dictionaries, with or without the entries seeded from the sample.
    pub fn builtin_with(seeds: bool) -> Result<Dictionary> {
        let mut d = Dictionary::default();
        for (name, text, seed) in BUILTIN {
            if seed && !seeds {
                continue;
            }
            let ty = type_of_file(name).expect("built-in dictionary names map to types");
            d.load(name, ty, text.as_bytes())?;
        }
        Ok(d)
    }

    /// Loads a dictionary file or every `*.txt` file of a directory (user dictionaries).
    pub fn load_path(&mut self, path: &Path) -> Result<()> {
        let files = files_in(path)?;
        for f in files {
            let name = crate::ingest::display_path(&f);
            let ty = type_of_file(&name).ok_or_else(|| Error::Dictionary {
                file: name.clone(),
                line: 0,
                reason: "file name does not name a type (officials.txt, districts-*.txt, …)".into(),
            })?;
            let file = std::fs::File::open(&f).map_err(|e| Error::io(&f, e))?;
            self.load(&name, ty, std::io::BufReader::new(file))?;
        }
        Ok(())
    }

    /// Loads entries of type `ty` from any reader; errors name `file:line`.
    pub fn load<R: BufRead>(&mut self, file: &str, ty: EntityType, reader: R) -> Result<()> {
        for (i, line) in reader.lines().enumerate() {
            let lineno = i + 1;
            let line = line.map_err(|e| Error::Dictionary { file: file.into(), line: lineno, reason: e.to_string() })?;
            if let Some(entry) = parse_line(&line, ty).map_err(|reason| Error::Dictionary {
                file: file.into(),
                line: lineno,
                reason,
            })? {
                self.entries.push(Entry { origin: format!("{file}:{lineno}"), ..entry });
            }
        }
        Ok(())
    }
}

/// Parses one dictionary line; `Ok(None)` for blank and comment lines.
pub fn parse_line(line: &str, ty: EntityType) -> std::result::Result<Option<Entry>, String> {
    let line = line.trim().trim_start_matches('\u{feff}');
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let (names, attrs_part) = match line.split_once(';') {
        Some((n, a)) => (n, Some(a)),
        None => (line, None),
    };
    let mut forms = Vec::new();
    for f in names.split('|') {
        // OCR spaces never belong to a name.
        let f: String = f.split_whitespace().collect();
        if f.is_empty() {
            return Err("empty name between `|`".into());
        }
        if !forms.contains(&f) {
            forms.push(f);
        }
    }
    let mut attrs = BTreeMap::new();
    if let Some(a) = attrs_part {
        for kv in a.split_whitespace() {
            let (k, v) = kv.split_once('=').ok_or_else(|| format!("attribute `{kv}` is not key=value"))?;
            if k.is_empty() || v.is_empty() {
                return Err(format!("attribute `{kv}` has an empty key or value"));
            }
            attrs.insert(k.to_string(), v.to_string());
        }
    }
    let canonical = forms.remove(0);
    Ok(Some(Entry { ty, canonical, aliases: forms, attrs, origin: String::new() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lines() {
        let e = parse_line("郑州市 | 郑州 ; code=410100 level=city", EntityType::District).unwrap().unwrap();
        assert_eq!(e.canonical, "郑州市");
        assert_eq!(e.aliases, vec!["郑州"]);
        assert_eq!(e.attr("code"), Some("410100"));
        assert_eq!(e.to_line(), "郑州市 | 郑州 ; code=410100 level=city");
        assert!(parse_line("# comment", EntityType::District).unwrap().is_none());
        assert!(parse_line("惠企政 务服务中心", EntityType::Organization).unwrap().unwrap().canonical == "惠企政务服务中心");
        assert!(parse_line("a | | b", EntityType::Company).is_err());
        assert!(parse_line("a ; novalue", EntityType::Company).is_err());
    }

    #[test]
    fn load_reports_file_and_line() {
        let mut d = Dictionary::default();
        let err = d.load("x.txt", EntityType::Company, "好公司\n坏 ; k\n".as_bytes()).unwrap_err();
        assert_eq!(err.to_string(), "x.txt:2: attribute `k` is not key=value");
    }

    #[test]
    fn file_names_map_to_types() {
        assert_eq!(type_of_file("dictionaries/districts-china.txt"), Some(EntityType::District));
        assert_eq!(type_of_file("companies.txt"), Some(EntityType::Company));
        assert_eq!(type_of_file("notes.txt"), None);
    }
}

/// A finding of [`check`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lint {
    /// Errors break recognition (a line that cannot be read, an alias naming two
    /// entities); warnings are worth a look (duplicates, a name of two types).
    pub error: bool,
    pub message: String,
}

/// Lints dictionary files given as (file name, text): malformed lines, an alias that maps
/// to two canonical names of one type, an entry whose name is also an entry of another
/// type (it shadows it: selection decides by type priority), and duplicate lines.
pub fn check(files: &[(String, String)]) -> Vec<Lint> {
    use std::collections::HashMap;
    let mut out = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    for (name, text) in files {
        let Some(ty) = type_of_file(name) else {
            out.push(Lint { error: true, message: format!("{name}:0: file name does not name a type") });
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            match parse_line(line, ty) {
                Ok(Some(e)) => entries.push(Entry { origin: format!("{name}:{}", i + 1), ..e }),
                Ok(None) => {}
                Err(reason) => out.push(Lint { error: true, message: format!("{name}:{}: {reason}", i + 1) }),
            }
        }
    }
    // (type, surface) → (canonical, origin) of its first claim.
    let mut claims: HashMap<(EntityType, &str), (&str, &str)> = HashMap::new();
    let mut by_surface: HashMap<&str, (EntityType, &str)> = HashMap::new();
    // A whole line (type, canonical, aliases, attributes) → the origin of its first copy.
    type Line<'a> = (EntityType, &'a str, &'a Vec<String>, &'a BTreeMap<String, String>);
    let mut seen_lines: HashMap<Line, &str> = HashMap::new();
    for e in &entries {
        if let Some(first) = seen_lines.insert((e.ty, &e.canonical, &e.aliases, &e.attrs), &e.origin) {
            out.push(Lint { error: false, message: format!("{}: duplicate of {first}", e.origin) });
            continue;
        }
        for s in std::iter::once(&e.canonical).chain(&e.aliases) {
            match claims.get(&(e.ty, s.as_str())) {
                Some((canon, origin)) if *canon != e.canonical => out.push(Lint {
                    error: true,
                    message: format!(
                        "{}: `{s}` names `{}` here and `{canon}` at {origin} ({})",
                        e.origin, e.canonical, e.ty
                    ),
                }),
                Some(_) => {}
                None => {
                    claims.insert((e.ty, s.as_str()), (e.canonical.as_str(), e.origin.as_str()));
                }
            }
            match by_surface.get(s.as_str()) {
                Some((ty, origin)) if *ty != e.ty => out.push(Lint {
                    error: false,
                    message: format!("{}: `{s}` ({}) shadows the {ty} of the same name at {origin}", e.origin, e.ty),
                }),
                Some(_) => {}
                None => {
                    by_surface.insert(s.as_str(), (e.ty, e.origin.as_str()));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod check_tests {
    use super::*;

    #[test]
    fn lints() {
        let files = vec![
            ("companies.txt".to_string(), "甲公司 | 甲\n乙公司 | 甲\n坏行 ; k\n甲公司 | 甲\n".to_string()),
            ("districts-x.txt".to_string(), "甲公司\n".to_string()),
        ];
        let lints = check(&files);
        let msgs: Vec<String> = lints.iter().map(|l| format!("{} {}", l.error, l.message)).collect();
        assert!(msgs.contains(&"true companies.txt:3: attribute `k` is not key=value".to_string()), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("true companies.txt:2: `甲` names `乙公司` here and `甲公司` at companies.txt:1")), "{msgs:?}");
        assert!(msgs.contains(&"false companies.txt:4: duplicate of companies.txt:1".to_string()), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("false districts-x.txt:1: `甲公司` (district) shadows the company")), "{msgs:?}");
    }
}

/// The dictionary files a path names: the `.txt` files of a directory, sorted, or the file.
pub fn files_in(path: &Path) -> Result<Vec<PathBuf>> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for e in std::fs::read_dir(path).map_err(|e| Error::io(path, e))? {
        let p = e.map_err(|e| Error::io(path, e))?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            files.push(p);
        }
    }
    files.sort();
    Ok(files)
}

/// The built-in dictionaries and the files `paths` name, as (display name, text), for
/// [`check`].
pub fn read_for_check(paths: &[PathBuf]) -> Result<Vec<(String, String)>> {
    let mut files: Vec<(String, String)> = BUILTIN.iter().map(|(n, t, _)| (format!("dictionaries/{n}"), t.to_string())).collect();
    for p in paths {
        for f in files_in(p)? {
            let text = std::fs::read_to_string(&f).map_err(|e| Error::io(&f, e))?;
            files.push((crate::ingest::display_path(&f), text));
        }
    }
    Ok(files)
}
