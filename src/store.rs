//! The embedded store: one SQLite file (`newsgraph.db`, WAL mode) with the articles, the
//! entities with their aliases and metrics, every mention with its offsets, and the edges
//! with their evidence. Query commands read it; any SQLite tool can open it.
//!
//! ```sql
//! meta(key, value)                          -- window, schema version
//! articles(id, hash, source, ordinal, title, kicker, subtitle, date, url, journalists, text, record)
//! entities(id, type, name, key, mentions, articles, aliases, roles, first_date, last_date,
//!          degree, weighted_degree, pagerank, community)
//! aliases(alias, entity_id)                 -- every spelling, OCR spaces removed
//! entity_articles(entity_id, article_id, mentions, score, date, spans)
//!                                           -- ranked related articles, with the mentions
//! edges(id, kind, source, target, weight, count, fractional, jaccard, roles, first_date,
//!       last_date, article_count, articles)
//! relations(article_id, kind, subject, object, trigger, start, end, date, ordinal)
//! posts(official_id, title, place, article_id, date, ordinal)
//! entity_months(entity_id, month, articles)  -- derived: dated articles per month
//! post_spans(official_id, title, place, first_seen, last_seen, articles, first_ordinal)
//!                                           -- derived: each post's dates and count
//! append_state(key, value)                  -- what `build --append` goes on from:
//! reprint_stories(story, article_id, signature), reprint_bands(band, story)
//!                                           -- the builder's state, split ids, reprint index
//! ```
//! `entity_articles.entity_id` is the graph's id: where the graph split a name into
//! several people (`official:王伟@中原区`), the rows of its articles are renamed from the
//! record's id ([`rename_split_ids`]); `record` keeps what recognition wrote.
//! `journalists`, `aliases`, `roles`, `spans` (`[[start, end], …]`, char offsets into
//! `articles.text`), `edges.articles` (the evidence, article ids) and `record` (the
//! `articles.jsonl` line without its text, which is in `text`) are JSON text.
//!
//! Why mentions and evidence are JSON columns and not a row each: a row costs SQLite about
//! as much to insert and index whatever it holds, and a news corpus has some fifty mentions
//! and evidence pairs per article. Every query reads them whole, by the row it already
//! found (an entity's article, an edge), so one row per pair bought nothing but a build
//! several times slower. `hash` is the SHA-256 of the article text: an article seen before is not
//! stored twice. It has no index: a hash is random, so each new article would dirty a page
//! of its own in one (on a 200,000-article store, 671 of the 2,156 16 KiB pages an append
//! of 1,000 articles wrote). The append state keeps the hashes instead, as sorted binary
//! chunks that `build --append` reads (32 bytes an article) to tell texts seen before.

use crate::error::{Error, Result};
use crate::export::node_key;
use crate::model::ArticleRecord;
use crate::fs::TempSibling;
use crate::graph::{EntityGraph, SplitIds};
use petgraph::visit::EdgeRef;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The store's file name inside an output directory.
pub const FILE: &str = "newsgraph.db";
const SCHEMA_VERSION: &str = "4";
/// Schemas the query commands read: 3 differs from 4 only where appends look (a UNIQUE
/// index on `articles.hash` instead of the append state's hash chunks).
const READABLE_SCHEMAS: [&str; 2] = ["3", SCHEMA_VERSION];

const SCHEMA: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles(
  id TEXT PRIMARY KEY, hash TEXT NOT NULL, source TEXT NOT NULL, ordinal INTEGER,
  title TEXT NOT NULL, kicker TEXT, subtitle TEXT, date TEXT, url TEXT,
  journalists TEXT NOT NULL, text TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE entities(
  id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL,
  mentions INTEGER NOT NULL, articles INTEGER NOT NULL, aliases TEXT NOT NULL, roles TEXT NOT NULL,
  first_date TEXT, last_date TEXT, degree INTEGER NOT NULL, weighted_degree REAL NOT NULL,
  pagerank REAL NOT NULL, community INTEGER NOT NULL);
CREATE TABLE aliases(alias TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY(alias, entity_id));
CREATE TABLE entity_articles(entity_id TEXT NOT NULL, article_id TEXT NOT NULL, mentions INTEGER NOT NULL,
  score REAL NOT NULL, date TEXT, spans TEXT NOT NULL);
CREATE TABLE edges(
  id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,
  weight REAL NOT NULL, count REAL NOT NULL, fractional REAL NOT NULL, jaccard REAL NOT NULL,
  roles TEXT NOT NULL, first_date TEXT, last_date TEXT, article_count INTEGER NOT NULL, articles TEXT NOT NULL);
CREATE TABLE relations(article_id TEXT NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL, object TEXT NOT NULL,
  trigger TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, date TEXT, ordinal INTEGER NOT NULL);
CREATE TABLE posts(official_id TEXT NOT NULL, title TEXT NOT NULL, place TEXT, article_id TEXT NOT NULL,
  date TEXT, ordinal INTEGER NOT NULL);
CREATE TABLE append_state(key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE reprint_stories(story INTEGER PRIMARY KEY, article_id TEXT NOT NULL, signature BLOB NOT NULL);
CREATE TABLE reprint_bands(band INTEGER NOT NULL, story INTEGER NOT NULL, PRIMARY KEY(band, story)) WITHOUT ROWID;
";

/// Entity-article rows inserted by one statement at most.
const EA_ROWS: usize = 32;

/// Prepared statements a writer keeps: one per number of entity-article rows, and a few.
const STATEMENTS: usize = EA_ROWS + 16;

/// The statement inserting `n` entity-article rows (1 ≤ n ≤ [`EA_ROWS`]).
fn entity_article_insert(n: usize) -> &'static str {
    static SQL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let sql = SQL.get_or_init(|| {
        (0..=EA_ROWS)
            .map(|n| format!("INSERT INTO entity_articles VALUES {}", vec!["(?,?,?,?,?,?)"; n].join(",")))
            .collect()
    });
    &sql[n]
}

/// The index made with the tables and kept up as rows come: entity-article rows come in
/// article order, so its entries are appended, which costs little, and renaming split
/// ids at the end finds an article's rows by it.
///
/// The ranking index (led by the entity) is built at the end instead, with the rest:
/// kept up row by row, its inserts land all over its B-tree; the entity-article inserts
/// were two thirds of the writer thread's SQLite time, CPU that the recognizing threads
/// (which share the 2 cores with it) were short of. Three alternating builds each: on
/// 110 MB of pages 0.5 s less CPU, the end 0.35 s longer, wall time 0.1-0.2 s shorter;
/// on 200 MB of JSONL no difference beyond noise (the end's sort, 1.1 s, costs about
/// what the inserts did).
const ROW_INDEXES: &str = "
CREATE INDEX entity_articles_article ON entity_articles(article_id, entity_id);
";

/// Indexes built once at the end, from all rows: by one sort, cheaper than the same
/// entries inserted one by one (their tables are written at the end, or their rows come
/// in no useful order).
const INDEXES: &str = "
CREATE INDEX entity_articles_rank ON entity_articles(entity_id, score DESC, date DESC, article_id);
CREATE INDEX edges_source ON edges(source, weight);
CREATE INDEX edges_target ON edges(target, weight);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_type ON entities(type, pagerank);
CREATE INDEX relations_subject ON relations(subject, kind);
CREATE INDEX relations_object ON relations(object, kind);
CREATE INDEX posts_official ON posts(official_id);
CREATE INDEX posts_article ON posts(article_id);
";

/// Set before the end's indexes are built: their sorts are the end's longest step, and
/// the recognizing threads are done by then, so the cores are free. SQLite's sorter hands
/// a run of rows to a helper thread to sort each time its buffer fills, and merges the
/// sorted runs on several threads; its buffer is the page cache's size, so the cache is
/// made smaller than the larger indexes' rows (the ranking index of 800,000 entity-article
/// rows is about 50 MB) for them to be sorted in several runs at once. On the store of
/// 200 MB of JSONL, that index alone took 0.58 s at 172 % CPU this way, 1.07 s at 97 %
/// with the 64 MB cache (sqlite3 shell, best of one each).
const SORT_IN_PARALLEL: &str = "PRAGMA threads=2; PRAGMA cache_size=-8192;";

/// The (table, column) pairs of the store that hold entity ids as the articles' records
/// give them, in rows that name their article in an `article_id` column: renamed to the
/// graph's ids where a name was split into several people ([`rename_split_ids`]).
pub(crate) const RECORD_ID_COLUMNS: &[(&str, &str)] = &[
    ("entity_articles", "entity_id"),
    ("relations", "subject"),
    ("relations", "object"),
    ("posts", "official_id"),
    ("posts", "place"),
];

/// Renames entity ids article by article where the graph split a name into several people
/// (`split`: (article id, record id) → node id): in each (table, column) pair, the rows of
/// an article (its `article_id` column) whose column holds a split record id get the node's
/// id. Any table with entity ids and an `article_id` column can be given (a table of
/// relations: its subject and its object column, as two pairs).
///
/// A table with an index that starts with `article_id` is updated by one lookup per
/// rename; one without, in one pass joined with a temporary table of the renames (never
/// one pass per rename).
pub(crate) fn rename_split_ids(conn: &Connection, split: &SplitIds, columns: &[(&str, &str)]) -> rusqlite::Result<()> {
    if split.is_empty() {
        return Ok(());
    }
    let ident = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut joined = false;
    for &(table, column) in columns {
        assert!(ident(table) && ident(column), "not a plain SQL name: {table}.{column}");
        let indexed: bool = conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM pragma_index_list(?1) l, pragma_index_info(l.name) i
                           WHERE i.seqno = 0 AND i.name = 'article_id')",
            [table],
            |r| r.get(0),
        )?;
        if indexed {
            let mut up =
                conn.prepare(&format!("UPDATE {table} SET {column} = ?3 WHERE article_id = ?1 AND {column} = ?2"))?;
            for (article, old, new) in split.iter() {
                up.execute(params![article, old, new])?;
            }
            continue;
        }
        if !joined {
            conn.execute_batch(
                "CREATE TEMP TABLE split_ids(article_id TEXT NOT NULL, old_id TEXT NOT NULL, new_id TEXT NOT NULL,
                   PRIMARY KEY(article_id, old_id)) WITHOUT ROWID",
            )?;
            let mut ins = conn.prepare("INSERT INTO temp.split_ids VALUES (?1, ?2, ?3)")?;
            for (article, old, new) in split.iter() {
                ins.execute(params![article, old, new])?;
            }
            joined = true;
        }
        conn.execute(
            &format!(
                "UPDATE {table} SET {column} = s.new_id FROM temp.split_ids s
                 WHERE {table}.article_id = s.article_id AND {table}.{column} = s.old_id"
            ),
            [],
        )?;
    }
    if joined {
        conn.execute_batch("DROP TABLE temp.split_ids")?;
    }
    Ok(())
}

/// The table of dated articles per entity and month, as `CREATE TABLE AS` made it from
/// `SELECT entity_id, substr(date, 1, 7) AS month, count(*) AS articles FROM
/// entity_articles WHERE date IS NOT NULL GROUP BY entity_id, month` (a new store counts
/// its rows as they come: [`MonthCounts`]; an append moves the counts of the rows it
/// changes: [`update_derived`]).
const ENTITY_MONTHS: &str = "CREATE TABLE entity_months(\n  entity_id TEXT,\n  month,\n  articles\n);";

/// Tables derived from the others once they are indexed, for pages that would otherwise
/// group thousands of rows per request (`serve`'s entity page on a hub): articles per
/// entity and month ([`ENTITY_MONTHS`]: grouping them from the ranking index took about
/// 1.5 s on 200,000 articles) and each official's posts with their first and last
/// dates; and an entity's acts in date order from either end (a hub is the object of 100,000 acts: sorting them all for the
/// first twenty took 100 ms). A store written before them lacks them; `query` then groups
/// and sorts the rows itself.
const DERIVED: &str = "
CREATE INDEX entity_months_entity ON entity_months(entity_id, month);
CREATE TABLE post_spans AS
  SELECT official_id, title, place, min(date) AS first_seen, max(date) AS last_seen, count(*) AS articles,
         min(ordinal) AS first_ordinal
  FROM posts GROUP BY official_id, title, place;
CREATE INDEX post_spans_official ON post_spans(official_id);
CREATE INDEX relations_subject_order ON relations(subject, date, ordinal, start, kind, object);
CREATE INDEX relations_object_order ON relations(object, date, ordinal, start, kind, subject);
";

fn sql_err(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::Store { path: path.to_path_buf(), reason: e.to_string() }
}

/// The posts an article states: (official id, title, where) for each title of each
/// official (区长 at district:二七区), the place's name taken off the title (金水区区长 →
/// 区长). "领导" lists (区领导) name no post.
pub fn posts(r: &ArticleRecord) -> Vec<(&str, &str, Option<&str>)> {
    let mut out = Vec::new();
    for e in r.entities.iter().filter(|e| e.ty == crate::model::EntityType::Official) {
        let place = e.role_of.as_deref();
        let place_name = place.and_then(|p| p.split_once(':')).map_or("", |x| x.1);
        for title in e.roles.iter().filter(|t| !t.ends_with("领导")) {
            // 金水区区长 at 金水区 is the post 区长 there, as a later 区长 is.
            let bare = title.strip_prefix(place_name).filter(|t| !place_name.is_empty() && !t.is_empty()).unwrap_or(title);
            if !out.iter().any(|(o, t, _): &(&str, &str, _)| *o == e.id && *t == bare) {
                out.push((e.id.as_str(), bare, place));
            }
        }
    }
    out
}

/// The content hash of an article: SHA-256 of its text, hex.
pub(crate) fn content_hash(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in Sha256::digest(text.as_bytes()) {
        hex.push(HEX[usize::from(b >> 4)] as char);
        hex.push(HEX[usize::from(b & 15)] as char);
    }
    hex
}

/// A record's `record` column (its `articles.jsonl` line without the text, which has a
/// column of its own) and its `articles.jsonl` line, each serialized once: the record
/// without its text first (the text is put back after), then the line from that with
/// [`line_with_text`].
pub(crate) fn record_and_line(r: &mut ArticleRecord) -> (String, String) {
    let text = std::mem::take(&mut r.text);
    let slim = serde_json::to_string(&*r).expect("a record serializes");
    r.text = text;
    let line = line_with_text(&slim, &r.text).unwrap_or_else(|| serde_json::to_string(&*r).expect("a record serializes"));
    (slim, line)
}

/// The `articles.jsonl` line of a record from its serialization without the text
/// (`slim`, as serde_json writes it: [`record_and_line`]), the text
/// escaped into its `"text":""`, byte for byte what serde_json writes for the whole
/// record. The text is most of a line, and serde_json escapes a string a byte at a time
/// through a table; [`escape_json_into`] passes over 16 clean bytes at once. `None` if
/// `slim` does not have the expected shape.
pub(crate) fn line_with_text(slim: &str, text: &str) -> Option<String> {
    const KEY: &str = ",\"text\":\"\"";
    let at = slim.find(KEY)? + KEY.len() - 1;
    let mut out = Vec::with_capacity(slim.len() + text.len() + text.len() / 16);
    out.extend_from_slice(&slim.as_bytes()[..at]);
    escape_json_into(&mut out, text);
    out.extend_from_slice(&slim.as_bytes()[at..]);
    // SAFETY: the bytes of two strings, and of a third with some ASCII bytes replaced by
    // ASCII escapes, each cut only before an ASCII quote: whole chars, valid UTF-8.
    Some(unsafe { String::from_utf8_unchecked(out) })
}

/// Appends the contents of `s` as a JSON string (without its quotes), escaped exactly as
/// serde_json escapes: `\"`, `\\`, `\b \f \n \r \t`, the other control chars as
/// `\u00xx`; everything else as it is.
pub(crate) fn escape_json_into(out: &mut Vec<u8>, s: &str) {
    fn needs(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    let mut blocks = bytes.chunks_exact(16);
    let escape = |out: &mut Vec<u8>, b: u8| match b {
        b'"' => out.extend_from_slice(b"\\\""),
        b'\\' => out.extend_from_slice(b"\\\\"),
        b'\n' => out.extend_from_slice(b"\\n"),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\t' => out.extend_from_slice(b"\\t"),
        0x08 => out.extend_from_slice(b"\\b"),
        0x0c => out.extend_from_slice(b"\\f"),
        b if b < 0x20 => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]),
        b => out.push(b),
    };
    for block in &mut blocks {
        // A fold, not `any`: no early exit, so the test is a few SIMD instructions.
        if block.iter().fold(false, |acc, &b| acc | needs(b)) {
            block.iter().for_each(|&b| escape(out, b));
        } else {
            out.extend_from_slice(block);
        }
    }
    blocks.remainder().iter().for_each(|&b| escape(out, b));
}

/// What a store keeps so that `build --append` can go on from it without reading its
/// articles again (table `append_state`, and the reprint index in `reprint_stories` and
/// `reprint_bands`): see DESIGN.md, *Append in place*.
pub(crate) struct AppendState<'a> {
    /// The graph builder's state ([`crate::graph::GraphBuilder::to_saved`]): its core
    /// replaces the stored one and its chunk of evidence goes after the stored chunks (or
    /// instead of them, when fresh). `None` when it would not be what reading the stored
    /// records back gives (a folded reprint moved a story's date), so that the next append
    /// reads them.
    pub graph: Option<crate::graph::Saved>,
    /// Whether reprints were kept apart (`--keep-reprints`) or folded.
    pub keep_reprints: bool,
    /// The reprint index built in memory (stories by number, and their ids), written
    /// whole; `None` when the store's own index was kept up to date as stories came.
    pub stories: Option<(&'a crate::reprint::ReprintIndex, &'a [String])>,
    /// `articles.jsonl` as the outputs stand once this commit is in: its length and the id
    /// of its last line. An append checks the file against it before going on (a build
    /// or an append killed between writing the file and committing the store leaves the
    /// two apart).
    pub jsonl: Option<(u64, String)>,
}

/// What an append in place starts from, read from the store.
pub(crate) struct Resumed {
    pub graph: crate::graph::GraphBuilder,
    /// Articles and reprint stories in the store.
    pub articles: usize,
    pub stories: usize,
    /// What `articles.jsonl` should be ([`AppendState::jsonl`]), if the store says.
    pub jsonl: Option<(u64, String)>,
}

/// A stored article whose record changed after it was added (reprints folded into it): its
/// id, date and `record` column ([`record_and_line`]).
pub(crate) struct Changed {
    pub id: String,
    pub date: Option<String>,
    pub slim: String,
}

/// Writes a store as a build goes: articles and their mentions as they are recognized,
/// the entities and edges once the graph is complete. Everything goes to a temporary
/// file in one transaction; [`finish`](Self::finish) renames it into place, and a writer
/// dropped before that leaves the previous store as it was.
///
/// Or, [`resume`](Self::resume)d for `build --append`, into the store itself, in one
/// transaction that [`finish_in_place`](Self::finish_in_place) prepares and
/// [`commit`](Self::commit) commits; dropped before, it rolls back.
pub(crate) struct StoreWriter {
    conn: Option<Connection>,
    path: PathBuf,
    tmp: Option<TempSibling>,
    ordinal: i64,
    /// In place: the split ids the stored rows carry, and the first new article's ordinal.
    resumed: Option<(SplitIds, i64)>,
    /// In place: the ids of the articles added, whose rows the derived tables count anew.
    added: Vec<String>,
    /// The content hashes of the articles stored by this build, and (in place) those
    /// stored before, as the append state's chunks hold them (each sorted).
    hashes: Vec<Hash>,
    stored_hashes: Vec<Vec<Hash>>,
    /// A new store: `entity_months` as it will be, counted as the rows come (grouping
    /// the rows at the end was a third of the end's single-threaded work).
    months: Option<MonthCounts>,
}

/// Dated entity-article rows by entity id and month (`substr(date, 1, 7)`), as
/// `entity_months` holds them.
#[derive(Default)]
struct MonthCounts(rustc_hash::FxHashMap<String, rustc_hash::FxHashMap<String, i64>>);

impl MonthCounts {
    fn add(&mut self, entity: &str, date: &str, n: i64) {
        self.add_month(entity, month_of(date), n);
    }

    fn add_month(&mut self, entity: &str, month: &str, n: i64) {
        let months = match self.0.get_mut(entity) {
            Some(m) => m,
            None => self.0.entry(entity.to_string()).or_default(),
        };
        match months.get_mut(month) {
            Some(k) => *k += n,
            None => {
                months.insert(month.to_string(), n);
            }
        }
    }

    /// Moves the counts of `article`'s rows to date `to` (all its rows take that date).
    fn redate_rows(&mut self, conn: &Connection, article: &str, to: Option<&str>) -> rusqlite::Result<()> {
        let mut st = conn.prepare_cached("SELECT entity_id, date FROM entity_articles WHERE article_id = ?1")?;
        let rows = st.query_map([article], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
        for row in rows {
            let (e, from) = row?;
            if let Some(d) = from {
                self.add(&e, &d, -1);
            }
            if let Some(d) = to {
                self.add(&e, d, 1);
            }
        }
        Ok(())
    }

    /// Moves the counts of `article`'s dated rows with entity `from` to entity `to`.
    fn move_rows(&mut self, conn: &Connection, article: &str, from: &str, to: &str) -> rusqlite::Result<()> {
        let mut st = conn
            .prepare_cached("SELECT date FROM entity_articles WHERE article_id = ?1 AND entity_id = ?2 AND date IS NOT NULL")?;
        for d in st.query_map([article, from], |r| r.get::<_, String>(0))? {
            let d = d?;
            self.add(from, &d, -1);
            self.add(to, &d, 1);
        }
        Ok(())
    }

    /// Writes the table, rows in (entity, month) order as `GROUP BY` gives them.
    fn write(self, conn: &Connection) -> rusqlite::Result<()> {
        conn.execute_batch(ENTITY_MONTHS)?;
        let mut rows: Vec<(&str, &str, i64)> =
            self.0.iter().flat_map(|(e, m)| m.iter().filter(|(_, n)| **n > 0).map(move |(m, n)| (e.as_str(), m.as_str(), *n))).collect();
        rows.sort_unstable();
        let mut ins = conn.prepare("INSERT INTO entity_months VALUES (?1, ?2, ?3)")?;
        for (e, m, n) in rows {
            ins.execute(params![e, m, n])?;
        }
        Ok(())
    }
}

/// SQLite's `substr(date, 1, 7)`: the first seven chars.
fn month_of(date: &str) -> &str {
    date.char_indices().nth(7).map_or(date, |(b, _)| &date[..b])
}

/// A [`content_hash`] as its 32 bytes, as the append state keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Hash([u8; 32]);

impl Hash {
    /// The bytes of 64 lowercase hex digits; `None` for anything else.
    fn from_hex(hex: &str) -> Option<Hash> {
        let digit = |c: u8| match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            _ => None,
        };
        let hex = hex.as_bytes();
        if hex.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
            *o = digit(pair[0])? << 4 | digit(pair[1])?;
        }
        Some(Hash(out))
    }
}

/// The key of the next chunk of a chunked `append_state` value: `prefix` and a 9-digit
/// number one past the last stored (every key of the value sorts in `prefix..end`).
fn next_chunk_key(conn: &Connection, prefix: &str, end: &str) -> rusqlite::Result<String> {
    let last: Option<String> = conn.query_row("SELECT max(key) FROM append_state WHERE key >= ?1 AND key < ?2", [prefix, end], |r| r.get(0))?;
    let next = last.and_then(|k| k[prefix.len()..].parse::<u64>().ok()).map_or(0, |n| n + 1);
    Ok(format!("{prefix}{next:09}"))
}

/// Hands `f` each chunk of a chunked `append_state` value (keys in `prefix..end`), in key
/// order, as SQLite holds it.
fn for_each_chunk(conn: &Connection, prefix: &str, end: &str, f: &mut dyn FnMut(&[u8])) -> rusqlite::Result<()> {
    let mut st = conn.prepare("SELECT value FROM append_state WHERE key >= ?1 AND key < ?2 ORDER BY key")?;
    let mut rows = st.query([prefix, end])?;
    while let Some(row) = rows.next()? {
        f(row.get_ref(0)?.as_blob()?);
    }
    Ok(())
}

/// The `append_state` keys.
const STATE_GRAPH: &str = "graph";
/// Chunks of the graph's evidence: keys `graph-evidence-` and a 9-digit number, in the
/// order they were written.
const STATE_EVIDENCE: &str = "graph-evidence-";
/// Every chunk key sorts at or after [`STATE_EVIDENCE`] and before this.
const STATE_EVIDENCE_END: &str = "graph-evidence.";
/// Chunks of the stored articles' content hashes ([`Hash`]es, 32 bytes each, sorted
/// within a chunk): keys `hashes-` and a 9-digit number, one chunk a build.
const STATE_HASHES: &str = "hashes-";
const STATE_HASHES_END: &str = "hashes.";
const STATE_SPLIT: &str = "split";
const STATE_REPRINTS: &str = "reprints";
const STATE_JSONL: &str = "jsonl";

fn reprints_mode(keep: bool) -> &'static str {
    if keep { "kept" } else { "folded" }
}

impl StoreWriter {
    pub(crate) fn create(dir: &Path) -> Result<StoreWriter> {
        let path = dir.join(FILE);
        let tmp = TempSibling::new(&path);
        let err = sql_err(&path);
        let conn = Connection::open(tmp.path()).map_err(&err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        // 16 KiB pages: an article row (text and record, a few KB) fits in one page
        // instead of overflowing a 4 KiB page chain; the writer spends 40% less time
        // (larger pages gain nothing more and read more per query lookup).
        conn.execute_batch("PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;").map_err(&err)?;
        conn.execute_batch(SCHEMA).map_err(&err)?;
        conn.execute_batch(ROW_INDEXES).map_err(&err)?;
        conn.execute_batch("BEGIN").map_err(&err)?;
        drop(err);
        Ok(StoreWriter {
            conn: Some(conn),
            path,
            tmp: Some(tmp),
            ordinal: 0,
            resumed: None,
            added: Vec::new(),
            hashes: Vec::new(),
            stored_hashes: Vec::new(),
            months: Some(MonthCounts::default()),
        })
    }

    /// Opens the store in `dir` to append to it in place, when it can be: written by this
    /// schema with its append state, with the same window, and reprints kept or folded as
    /// now. `None` otherwise (an older store, another window or reprint mode: the caller
    /// reads the stored records and writes a new store), with nothing written.
    pub(crate) fn resume(dir: &Path, window: crate::graph::Window, keep_reprints: bool) -> Result<Option<(StoreWriter, Resumed)>> {
        let path = dir.join(FILE);
        if !path.exists() || !dir.join("articles.jsonl").exists() {
            return Ok(None);
        }
        let err = sql_err(&path);
        let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(&err)?;
        conn.set_prepared_statement_cache_capacity(STATEMENTS);
        conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(&err)?;
        let meta = |key: &str| -> rusqlite::Result<Option<String>> {
            conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()
        };
        let has_state: bool = conn
            .query_row("SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'append_state')", [], |r| r.get(0))
            .map_err(&err)?;
        if !has_state
            || meta("schema_version").map_err(&err)?.as_deref() != Some(SCHEMA_VERSION)
            || meta("window").map_err(&err)?.as_deref() != Some(window.as_str())
        {
            return Ok(None);
        }
        let state = |key: &str| -> rusqlite::Result<Option<Vec<u8>>> {
            conn.query_row("SELECT value FROM append_state WHERE key = ?1", [key], |r| r.get(0)).optional()
        };
        if state(STATE_REPRINTS).map_err(&err)?.as_deref() != Some(reprints_mode(keep_reprints).as_bytes()) {
            return Ok(None);
        }
        // The write lock first: the state read next is then the one appended to.
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; BEGIN IMMEDIATE").map_err(&err)?;
        let (Some(graph), Some(split)) = (state(STATE_GRAPH).map_err(&err)?, state(STATE_SPLIT).map_err(&err)?) else {
            return Ok(None); // dropping the connection rolls back
        };
        // The chunks are decoded where SQLite read them, not copied out first (17 MB of
        // evidence on a 200,000-article store: a copy is as many fresh pages again).
        let mut graph = crate::graph::GraphBuilder::resume_saved(&graph);
        for_each_chunk(&conn, STATE_EVIDENCE, STATE_EVIDENCE_END, &mut |chunk| {
            if graph.as_mut().is_some_and(|g| !g.add_chunk(chunk)) {
                graph = None;
            }
        })
        .map_err(&err)?;
        let graph = graph.and_then(crate::graph::SavedReader::finish);
        let mut stored_hashes: Option<Vec<Vec<Hash>>> = Some(Vec::new());
        for_each_chunk(&conn, STATE_HASHES, STATE_HASHES_END, &mut |chunk| {
            if chunk.len() % 32 != 0 {
                stored_hashes = None;
            }
            if let Some(all) = &mut stored_hashes {
                all.push(chunk.chunks_exact(32).map(|h| Hash(h.try_into().expect("32 bytes"))).collect());
            }
        })
        .map_err(&err)?;
        let Some(stored_hashes) = stored_hashes else { return Ok(None) };
        let (Some(graph), Some(split)) = (graph, SplitIds::from_bytes(&split)) else {
            return Ok(None);
        };
        let articles: i64 = conn.query_row("SELECT count(*) FROM articles", [], |r| r.get(0)).map_err(&err)?;
        let stories: i64 = conn.query_row("SELECT count(*) FROM reprint_stories", [], |r| r.get(0)).map_err(&err)?;
        let jsonl = state(STATE_JSONL).map_err(&err)?.and_then(|v| {
            let v = String::from_utf8(v).ok()?;
            let (len, last) = v.split_once(' ')?;
            Some((len.parse().ok()?, last.to_string()))
        });
        if graph.window() != window
            || graph.article_count() != articles as usize
            || stored_hashes.iter().map(Vec::len).sum::<usize>() != articles as usize
        {
            return Ok(None);
        }
        drop(err);
        let writer = StoreWriter {
            conn: Some(conn),
            path,
            tmp: None,
            ordinal: articles,
            resumed: Some((split, articles)),
            added: Vec::new(),
            hashes: Vec::new(),
            stored_hashes,
            months: None,
        };
        Ok(Some((writer, Resumed { graph, articles: articles as usize, stories: stories as usize, jsonl })))
    }

    fn conn(&self) -> &Connection {
        self.conn.as_ref().expect("store writer used after finish")
    }

    /// Whether an article with this content hash ([`content_hash`]) was stored before this
    /// build (looked up in the append state's chunks; the caller knows its own).
    pub(crate) fn has_hash(&self, hash: &str) -> bool {
        Hash::from_hex(hash).is_some_and(|h| self.stored_hashes.iter().any(|chunk| chunk.binary_search(&h).is_ok()))
    }

    /// Whether an article with this id is stored.
    pub(crate) fn has_id(&self, id: &str) -> Result<bool> {
        let mut st = self.conn().prepare_cached("SELECT EXISTS(SELECT 1 FROM articles WHERE id = ?1)").map_err(sql_err(&self.path))?;
        st.query_row([id], |r| r.get(0)).map_err(sql_err(&self.path))
    }

    /// The id of the stored story `sig` is a reprint of, found by the stored LSH bands as
    /// [`crate::reprint::ReprintIndex::find`] finds it in memory.
    pub(crate) fn reprint_of(&self, sig: &crate::reprint::Signature) -> Result<Option<String>> {
        let err = sql_err(&self.path);
        let conn = self.conn();
        let mut bucket = conn.prepare_cached("SELECT story FROM reprint_bands WHERE band = ?1").map_err(&err)?;
        let mut stories: Vec<i64> = Vec::new();
        for key in sig.bands() {
            for k in bucket.query_map([key as i64], |r| r.get(0)).map_err(&err)? {
                stories.push(k.map_err(&err)?);
            }
        }
        stories.sort_unstable();
        stories.dedup();
        let mut get = conn.prepare_cached("SELECT signature FROM reprint_stories WHERE story = ?1").map_err(&err)?;
        let mut candidates = Vec::with_capacity(stories.len());
        for k in stories {
            let bytes: Vec<u8> = get.query_row([k], |r| r.get(0)).map_err(&err)?;
            let other = crate::reprint::Signature::from_bytes(&bytes)
                .ok_or_else(|| Error::Store { path: self.path.clone(), reason: format!("reprint story {k}: not a signature") })?;
            candidates.push((k as usize, other));
        }
        let Some(k) = crate::reprint::best_match(sig, candidates.iter().map(|(k, s)| (*k, s))) else { return Ok(None) };
        let mut id = conn.prepare_cached("SELECT article_id FROM reprint_stories WHERE story = ?1").map_err(&err)?;
        id.query_row([k as i64], |r| r.get(0)).map(Some).map_err(&err)
    }

    /// Adds story number `k` (article `id`) to the stored reprint index, as
    /// [`crate::reprint::ReprintIndex::insert`] adds it in memory (a full band takes no more).
    pub(crate) fn add_story(&mut self, k: usize, id: &str, sig: &crate::reprint::Signature) -> Result<()> {
        let err = sql_err(&self.path);
        let conn = self.conn();
        conn.prepare_cached("INSERT INTO reprint_stories VALUES (?1, ?2, ?3)")
            .and_then(|mut st| st.execute(params![k as i64, id, sig.to_bytes()]))
            .map_err(&err)?;
        let mut count = conn.prepare_cached("SELECT count(*) FROM reprint_bands WHERE band = ?1").map_err(&err)?;
        let mut ins = conn.prepare_cached("INSERT OR IGNORE INTO reprint_bands VALUES (?1, ?2)").map_err(&err)?;
        for key in sig.bands() {
            let n: i64 = count.query_row([key as i64], |r| r.get(0)).map_err(&err)?;
            if (n as usize) < crate::reprint::MAX_BUCKET {
                ins.execute(params![key as i64, k as i64]).map_err(&err)?;
            }
        }
        Ok(())
    }

    /// A stored article's record with its text (a story reprints are folded into).
    pub(crate) fn record(&self, id: &str) -> Result<ArticleRecord> {
        let err = sql_err(&self.path);
        let (line, text): (String, String) = self
            .conn()
            .query_row("SELECT record, text FROM articles WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&err)?;
        let mut rec: ArticleRecord =
            serde_json::from_str(&line).map_err(|e| Error::Store { path: self.path.clone(), reason: format!("record of {id}: {e}") })?;
        rec.text = text;
        Ok(rec)
    }

    /// Stores one article with its mentions, in arrival order; `hash` is its
    /// [`content_hash`] and `slim` its `record` column ([`record_and_line`]), both
    /// computed by the caller, which may do it on another thread.
    pub(crate) fn add_record(&mut self, r: &ArticleRecord, hash: &str, slim: &str) -> Result<()> {
        let err = sql_err(&self.path);
        let ordinal = self.ordinal;
        self.ordinal += 1;
        if self.resumed.is_some() {
            self.added.push(r.id.clone());
        }
        self.hashes.push(Hash::from_hex(hash).ok_or_else(|| Error::Store { path: self.path.clone(), reason: format!("content hash of {}: not 64 hex digits: {hash}", r.id) })?);
        if let (Some(months), Some(date)) = (&mut self.months, &r.date) {
            let month = month_of(date);
            for e in &r.entities {
                months.add_month(&e.id, month, 1);
            }
        }
        let conn = self.conn();
        let mut art =
            conn.prepare_cached("INSERT OR IGNORE INTO articles VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)").map_err(&err)?;
        let journalists = serde_json::to_string(&r.journalists).unwrap_or_default();
        art.execute(params![
            r.id,
            hash,
            r.source,
            ordinal,
            r.title,
            r.kicker,
            r.subtitle,
            r.date,
            r.url,
            journalists,
            r.text,
            slim
        ])
        .map_err(&err)?;
        let title_len = r.title.chars().count() + r.kicker.as_ref().map_or(0, |k| k.chars().count() + 1);
        // Relevance: mentions, a mention in the headline counting triple.
        let rows: Vec<(i64, f64, String)> = r
            .entities
            .iter()
            .map(|e| {
                let in_title = e.spans.iter().filter(|s| s[1] <= title_len).count();
                let score = (e.spans.len() + 2 * in_title) as f64;
                (e.spans.len() as i64, score, serde_json::to_string(&e.spans).expect("spans serialize"))
            })
            .collect();
        // An article's rows in statements of up to EA_ROWS rows each, not one statement a
        // row: the rows are the bulk of the store's inserts.
        for (entities, rows) in r.entities.chunks(EA_ROWS).zip(rows.chunks(EA_ROWS)) {
            let mut ea = conn.prepare_cached(entity_article_insert(rows.len())).map_err(&err)?;
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(6 * rows.len());
            for (e, (mentions, score, spans)) in entities.iter().zip(rows) {
                values.extend([&e.id as &dyn rusqlite::ToSql, &r.id, mentions, score, &r.date, spans]);
            }
            ea.execute(values.as_slice()).map_err(&err)?;
        }
        let mut rel = conn.prepare_cached("INSERT INTO relations VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)").map_err(&err)?;
        for x in &r.relations {
            let [start, end] = x.sentence;
            rel.execute(params![r.id, x.kind.as_str(), x.subject, x.object, x.trigger, start as i64, end as i64, r.date, ordinal])
                .map_err(&err)?;
        }
        let mut post = conn.prepare_cached("INSERT INTO posts VALUES (?1,?2,?3,?4,?5,?6)").map_err(&err)?;
        for (official, title, place) in posts(r) {
            post.execute(params![official, title, place, r.id, r.date, ordinal]).map_err(&err)?;
        }
        Ok(())
    }

    /// Replaces an article's date and record (the story's reprints were folded into it).
    pub(crate) fn update_record(&mut self, id: &str, date: Option<&str>, slim: &str) -> Result<()> {
        let err = sql_err(&self.path);
        let conn = self.conn.as_ref().expect("store writer finished");
        conn.execute("UPDATE articles SET date = ?2, record = ?3 WHERE id = ?1", params![id, date, slim]).map_err(&err)?;
        if let Some(months) = &mut self.months {
            months.redate_rows(conn, id, date).map_err(&err)?;
        }
        conn.execute("UPDATE entity_articles SET date = ?2 WHERE article_id = ?1", params![id, date]).map_err(&err)?;
        conn.execute("UPDATE relations SET date = ?2 WHERE article_id = ?1", params![id, date]).map_err(&err)?;
        conn.execute("UPDATE posts SET date = ?2 WHERE article_id = ?1", params![id, date]).map_err(&err)?;
        Ok(())
    }

    /// Writes the graph's entities, their aliases and the edges.
    fn write_graph(conn: &Connection, g: &EntityGraph) -> rusqlite::Result<()> {
        let mut ent = conn.prepare("INSERT INTO entities VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)")?;
        let mut ali = conn.prepare("INSERT OR IGNORE INTO aliases VALUES (?1,?2)")?;
        for n in g.graph.node_weights() {
            let aliases: Vec<&String> = n.aliases.iter().collect();
            let roles: Vec<&String> = n.roles.keys().collect();
            ent.execute(params![
                n.id.0,
                n.ty.map(|t| t.as_str()).unwrap_or(""),
                n.name,
                node_key(&n.id),
                n.mentions as i64,
                n.articles.len() as i64,
                serde_json::to_string(&aliases).unwrap_or_default(),
                serde_json::to_string(&roles).unwrap_or_default(),
                n.first_date,
                n.last_date,
                n.degree as i64,
                n.weighted_degree,
                n.pagerank,
                n.community as i64
            ])?;
            for a in std::iter::once(&n.name).chain(n.aliases.iter()) {
                let a: String = a.chars().filter(|c| !c.is_whitespace()).collect();
                ali.execute(params![a, n.id.0])?;
            }
        }
        let mut edg = conn.prepare("INSERT INTO edges VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)")?;
        for (k, e) in g.graph.edge_references().enumerate() {
            let d = e.weight();
            let roles: Vec<&String> = d.roles.iter().collect();
            edg.execute(params![
                k as i64,
                d.kind.as_str(),
                g.graph[e.source()].id.0,
                g.graph[e.target()].id.0,
                d.weight,
                d.count,
                d.fractional,
                d.jaccard,
                serde_json::to_string(&roles).unwrap_or_default(),
                d.first_date,
                d.last_date,
                d.articles.len() as i64,
                serde_json::to_string(&d.articles.newest(Some(crate::graph::STORE_EDGE_ARTICLES))).expect("ids serialize")
            ])?;
        }
        Ok(())
    }

    /// Writes what the next `build --append` resumes from.
    fn write_state(conn: &Connection, split: &SplitIds, state: &AppendState, hashes: &mut [Hash]) -> rusqlite::Result<()> {
        let mut put = conn.prepare("INSERT OR REPLACE INTO append_state VALUES (?1, ?2)")?;
        hashes.sort_unstable();
        put.execute(params![next_chunk_key(conn, STATE_HASHES, STATE_HASHES_END)?, hashes.iter().flat_map(|h| h.0).collect::<Vec<u8>>()])?;
        let drop_chunks = |conn: &Connection| {
            conn.execute("DELETE FROM append_state WHERE key >= ?1 AND key < ?2", [STATE_EVIDENCE, STATE_EVIDENCE_END])
        };
        match &state.graph {
            Some(saved) => {
                put.execute(params![STATE_GRAPH, saved.core])?;
                if saved.fresh {
                    drop_chunks(conn)?;
                }
                put.execute(params![next_chunk_key(conn, STATE_EVIDENCE, STATE_EVIDENCE_END)?, saved.chunk])?;
            }
            None => {
                conn.execute("DELETE FROM append_state WHERE key = ?1", [STATE_GRAPH])?;
                drop_chunks(conn)?;
            }
        }
        put.execute(params![STATE_SPLIT, split.to_bytes()])?;
        put.execute(params![STATE_REPRINTS, reprints_mode(state.keep_reprints).as_bytes()])?;
        match &state.jsonl {
            Some((len, last)) => {
                put.execute(params![STATE_JSONL, format!("{len} {last}").as_bytes()])?;
            }
            None => {
                conn.execute("DELETE FROM append_state WHERE key = ?1", [STATE_JSONL])?;
            }
        }
        if let Some((index, ids)) = state.stories {
            let mut story = conn.prepare("INSERT INTO reprint_stories VALUES (?1, ?2, ?3)")?;
            for (k, (sig, id)) in index.signatures().iter().zip(ids).enumerate() {
                story.execute(params![k as i64, id, sig.to_bytes()])?;
            }
            let mut band = conn.prepare("INSERT OR IGNORE INTO reprint_bands VALUES (?1, ?2)")?;
            for (key, stories) in index.buckets() {
                for &k in stories {
                    band.execute(params![key as i64, k as i64])?;
                }
            }
        }
        Ok(())
    }

    /// The file being written, for flushing it to disk ahead of the commit (`None` when
    /// appending in place).
    pub(crate) fn temp_file(&self) -> Option<PathBuf> {
        self.tmp.as_ref().map(|t| t.path().to_path_buf())
    }

    /// Writes the graph's entities and edges, gives the rows stored per record the ids of
    /// the people a split name became (`split`, see [`rename_split_ids`]), indexes
    /// everything, commits and renames the store into place.
    pub(crate) fn finish(mut self, g: &EntityGraph, split: &SplitIds, state: &AppendState) -> Result<PathBuf> {
        let path = self.path.clone();
        let err = sql_err(&path);
        let t0 = std::time::Instant::now();
        let conn = self.conn.take().expect("store writer finished twice");
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?1), ('window', ?2)", params![SCHEMA_VERSION, g.window.as_str()])
            .map_err(&err)?;
        Self::write_graph(&conn, g).map_err(&err)?;
        crate::timing::report("store graph written", t0.elapsed());
        Self::write_state(&conn, split, state, &mut self.hashes).map_err(&err)?;
        crate::timing::report("store append state written", t0.elapsed());
        // Before the end's indexes: relations and posts renamed in one pass, no index
        // entries moved; the entity-article rows by their article's index.
        // The month counts follow the renamed rows (a split id is never renamed again:
        // every rename is read before any is made).
        let mut months = self.months.take().expect("a new store counts its months");
        for (article, old, new) in split.iter() {
            months.move_rows(&conn, article, old, new).map_err(&err)?;
        }
        rename_split_ids(&conn, split, RECORD_ID_COLUMNS).map_err(&err)?;
        crate::timing::report("store renamed split ids", t0.elapsed());
        conn.execute_batch(SORT_IN_PARALLEL).map_err(&err)?;
        conn.execute_batch(INDEXES).map_err(&err)?;
        months.write(&conn).map_err(&err)?;
        conn.execute_batch(DERIVED).map_err(&err)?;
        crate::timing::report("store indexed", t0.elapsed());
        conn.execute_batch("COMMIT").map_err(&err)?;
        crate::timing::report("store committed", t0.elapsed());
        conn.execute_batch("PRAGMA journal_mode=WAL;").map_err(&err)?;
        drop(conn);
        drop(err);
        self.tmp.take().expect("store finished twice").commit()?;
        crate::timing::report("store synced", t0.elapsed());
        Ok(path)
    }

    /// The in-place counterpart of [`finish`](Self::finish), short of the commit: folds
    /// the `changed` records in, renames the rows whose split id changed (the graph may
    /// split a name anew, or place a person elsewhere, as articles come), brings the
    /// derived tables up to date from the rows that changed, and writes the entities, the
    /// edges and the state anew. What a build of the same articles would store.
    pub(crate) fn finish_in_place(&mut self, g: &EntityGraph, split: &SplitIds, changed: &[Changed], state: &AppendState) -> Result<()> {
        let t0 = std::time::Instant::now();
        let path = self.path.clone();
        let err = sql_err(&path);
        let (old_split, first_new) = self.resumed.take().expect("a store resumed in place");
        let conn = self.conn.as_ref().expect("store writer finished twice");
        // The rows to rename: where the id a row carries now differs from the new one.
        let mut renames = SplitIds::default();
        let keys: std::collections::BTreeSet<(&str, &str)> = old_split.iter().chain(split.iter()).map(|(a, id, _)| (a, id)).collect();
        for (article, id) in keys {
            let from = old_split.get(article, id).unwrap_or(id);
            let to = split.get(article, id).unwrap_or(id);
            if from != to {
                renames.0.insert((article.to_string(), from.to_string()), to.to_string());
            }
        }
        // The stored articles whose rows change (the new ones are all counted afresh).
        conn.execute_batch(
            "CREATE TEMP TABLE touched(id TEXT PRIMARY KEY) WITHOUT ROWID; CREATE TEMP TABLE added(id TEXT PRIMARY KEY) WITHOUT ROWID",
        )
        .map_err(&err)?;
        {
            let mut ins = conn.prepare("INSERT OR IGNORE INTO temp.added VALUES (?1)").map_err(&err)?;
            for id in &self.added {
                ins.execute([id]).map_err(&err)?;
            }
            let mut ins = conn
                .prepare("INSERT OR IGNORE INTO temp.touched SELECT id FROM articles WHERE id = ?1 AND ordinal < ?2")
                .map_err(&err)?;
            for id in changed.iter().map(|c| c.id.as_str()).chain(renames.iter().map(|(a, _, _)| a)) {
                ins.execute(params![id, first_new]).map_err(&err)?;
            }
        }
        let before = derived_rows(conn, "SELECT id FROM temp.touched").map_err(&err)?;
        for c in changed {
            self.update_record(&c.id, c.date.as_deref(), &c.slim)?;
        }
        let conn = self.conn.as_ref().expect("store writer finished twice");
        rename_split_ids(conn, &renames, RECORD_ID_COLUMNS).map_err(&err)?;
        crate::timing::report("store renamed split ids", t0.elapsed());
        let after = derived_rows(conn, "SELECT id FROM temp.touched UNION ALL SELECT id FROM temp.added").map_err(&err)?;
        update_derived(conn, &before, &after).map_err(&err)?;
        conn.execute_batch("DROP TABLE temp.touched; DROP TABLE temp.added").map_err(&err)?;
        crate::timing::report("store derived tables updated", t0.elapsed());
        // The graph anew: its metrics and edge numbers may all have moved.
        conn.execute_batch(
            "DROP INDEX entities_name; DROP INDEX entities_type; DROP INDEX edges_source; DROP INDEX edges_target;
             DELETE FROM entities; DELETE FROM aliases; DELETE FROM edges;",
        )
        .map_err(&err)?;
        Self::write_graph(conn, g).map_err(&err)?;
        conn.execute_batch(
            "CREATE INDEX edges_source ON edges(source, weight);
             CREATE INDEX edges_target ON edges(target, weight);
             CREATE INDEX entities_name ON entities(name);
             CREATE INDEX entities_type ON entities(type, pagerank);",
        )
        .map_err(&err)?;
        Self::write_state(conn, split, state, &mut self.hashes).map_err(&err)?;
        crate::timing::report("store graph written", t0.elapsed());
        Ok(())
    }

    /// Commits an append in place.
    pub(crate) fn commit(mut self) -> Result<PathBuf> {
        let err = sql_err(&self.path);
        let conn = self.conn.take().expect("store writer finished twice");
        conn.execute_batch("COMMIT").map_err(&err)?;
        drop(conn);
        drop(err);
        Ok(self.path.clone())
    }
}

/// The derived tables' share of some articles' rows (`ids`: a query giving their ids):
/// (entity, month) of their dated `entity_articles` rows, and their posts (official,
/// title, place, date, ordinal).
struct DerivedRows {
    months: Vec<(String, String)>,
    posts: Vec<PostRow>,
}

/// A `posts` row as the derived tables group it: official, title, place, date, ordinal.
type PostRow = (String, String, Option<String>, Option<String>, i64);

/// A post span being grown: first and last date, rows, first ordinal.
type Span<'a> = (Option<&'a str>, Option<&'a str>, i64, i64);

fn derived_rows(conn: &Connection, ids: &str) -> rusqlite::Result<DerivedRows> {
    let mut st = conn.prepare(&format!(
        "SELECT entity_id, substr(date, 1, 7) FROM entity_articles WHERE date IS NOT NULL AND article_id IN ({ids})"
    ))?;
    let months = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut st = conn.prepare(&format!(
        "SELECT official_id, title, place, date, ordinal FROM posts WHERE article_id IN ({ids})"
    ))?;
    let posts = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?.collect::<rusqlite::Result<_>>()?;
    Ok(DerivedRows { months, posts })
}

/// Brings `entity_months` and `post_spans` (see [`DERIVED`]) from what `before` counted to
/// what `after` counts. Months are counts: they move by the difference. A post's span
/// whose rows only grew takes the new rows' dates and ordinals in; one that lost rows (a
/// rename, a date folded earlier) is grouped again from its rows, by `posts_official`.
fn update_derived(conn: &Connection, before: &DerivedRows, after: &DerivedRows) -> rusqlite::Result<()> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut months: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for (e, m) in &before.months {
        *months.entry((e, m)).or_insert(0) -= 1;
    }
    for (e, m) in &after.months {
        *months.entry((e, m)).or_insert(0) += 1;
    }
    {
        let mut up = conn.prepare("UPDATE entity_months SET articles = articles + ?3 WHERE entity_id = ?1 AND month = ?2")?;
        let mut ins = conn.prepare("INSERT INTO entity_months VALUES (?1, ?2, ?3)")?;
        let mut del = conn.prepare("DELETE FROM entity_months WHERE entity_id = ?1 AND month = ?2 AND articles <= 0")?;
        for ((e, m), n) in months {
            if n == 0 {
                continue;
            }
            if up.execute(params![e, m, n])? == 0 {
                ins.execute(params![e, m, n])?;
            }
            if n < 0 {
                del.execute(params![e, m])?;
            }
        }
    }
    type Group<'a> = (&'a str, &'a str, Option<&'a str>);
    let lost: BTreeSet<Group> = before.posts.iter().map(|(o, t, p, _, _)| (o.as_str(), t.as_str(), p.as_deref())).collect();
    // Per group that only grew: min and max date (NULLs left out, as SQL's min and max
    // do), rows, min ordinal.
    let mut grown: BTreeMap<Group, Span> = BTreeMap::new();
    for (o, t, p, d, ord) in &after.posts {
        let g = (o.as_str(), t.as_str(), p.as_deref());
        if lost.contains(&g) {
            continue;
        }
        let s = grown.entry(g).or_insert((None, None, 0, i64::MAX));
        if let Some(d) = d.as_deref() {
            s.0 = Some(s.0.map_or(d, |x| x.min(d)));
            s.1 = Some(s.1.map_or(d, |x| x.max(d)));
        }
        s.2 += 1;
        s.3 = s.3.min(*ord);
    }
    let mut regroup_del = conn.prepare("DELETE FROM post_spans WHERE official_id = ?1 AND title = ?2 AND place IS ?3")?;
    let mut regroup = conn.prepare(
        "INSERT INTO post_spans
           SELECT official_id, title, place, min(date), max(date), count(*), min(ordinal)
           FROM posts WHERE official_id = ?1 AND title = ?2 AND place IS ?3 GROUP BY official_id, title, place",
    )?;
    for (o, t, p) in &lost {
        regroup_del.execute(params![o, t, p])?;
        regroup.execute(params![o, t, p])?;
    }
    let mut get = conn.prepare(
        "SELECT first_seen, last_seen, articles, first_ordinal FROM post_spans WHERE official_id = ?1 AND title = ?2 AND place IS ?3",
    )?;
    let mut up = conn.prepare(
        "UPDATE post_spans SET first_seen = ?4, last_seen = ?5, articles = ?6, first_ordinal = ?7
         WHERE official_id = ?1 AND title = ?2 AND place IS ?3",
    )?;
    let mut ins = conn.prepare("INSERT INTO post_spans VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    for ((o, t, p), (first, last, n, ord)) in grown {
        let old: Option<(Option<String>, Option<String>, i64, i64)> =
            get.query_row(params![o, t, p], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional()?;
        match old {
            None => {
                ins.execute(params![o, t, p, first, last, n, ord])?;
            }
            Some((of, ol, on, oo)) => {
                let lo = match (of.as_deref(), first) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                let hi = match (ol.as_deref(), last) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                up.execute(params![o, t, p, lo, hi, on + n, oo.min(ord)])?;
            }
        }
    }
    Ok(())
}

impl Drop for StoreWriter {
    fn drop(&mut self) {
        // Not finished: the build failed. Close the database before its temporary file
        // goes, so that no temporary file is left behind.
        drop(self.conn.take());
        drop(self.tmp.take());
    }
}

/// Opens a store for reading.
pub fn open(dir: &Path) -> Result<Connection> {
    let path = dir.join(FILE);
    if !path.exists() {
        return Err(Error::Store {
            path: path.clone(),
            reason: "no store here: run `newsgraph build` first (or pass --store DIR)".into(),
        });
    }
    let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql_err(&path))?;
    let version: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0))
        .optional()
        .map_err(sql_err(&path))?;
    if !version.as_deref().is_some_and(|v| READABLE_SCHEMAS.contains(&v)) {
        return Err(Error::Store {
            path: path.clone(),
            reason: format!(
                "store schema {} is not this newsgraph's ({SCHEMA_VERSION}): rebuild it with `newsgraph build` \
                 (`build --append` reads the old articles)",
                version.as_deref().unwrap_or("?")
            ),
        });
    }
    Ok(conn)
}

/// Hands the article records of a store to `f` one by one, in store order (for `build
/// --append`, which streams them into the new store). Reads only the `articles` table,
/// which every schema version has, so a store from an older newsgraph can be appended to
/// and so rewritten.
pub fn for_each_record(dir: &Path, f: &mut dyn FnMut(ArticleRecord) -> Result<()>) -> Result<()> {
    let path = dir.join(FILE);
    let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(sql_err(&path))?;
    let err = sql_err(&path);
    let mut st = conn.prepare("SELECT record, text FROM articles ORDER BY ordinal").map_err(&err)?;
    let mut rows = st.query([]).map_err(&err)?;
    while let Some(row) = rows.next().map_err(&err)? {
        let (line, text): (String, String) = (row.get(0).map_err(&err)?, row.get(1).map_err(&err)?);
        let mut rec: ArticleRecord =
            serde_json::from_str(&line).map_err(|e| Error::Store { path: path.clone(), reason: format!("record: {e}") })?;
        rec.text = text;
        f(rec)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EntityRecord;
    use crate::model::EntityType;

    /// The `record` column as first made: a copy of the record with an empty text.
    fn record_without_text(r: &ArticleRecord) -> String {
        let slim = ArticleRecord { text: String::new(), entities: r.entities.clone(), ..r.clone() };
        serde_json::to_string(&slim).unwrap()
    }

    #[test]
    fn months_are_what_sqlite_substr_gives() {
        let conn = Connection::open_in_memory().unwrap();
        for date in ["2015-01-31", "2015-01", "2015", "", "二〇一五年一月三日", "2015-1-3"] {
            let sql: String = conn.query_row("SELECT substr(?1, 1, 7)", [date], |r| r.get(0)).unwrap();
            assert_eq!(month_of(date), sql, "{date}");
        }
        let mut m = MonthCounts::default();
        m.add("a", "2015-01-31", 1);
        m.add("a", "2015-01-02", 1);
        m.add("b", "2015-02-01", 1);
        m.add("b", "2015-02-01", -1);
        m.add("a", "2014-12-01", 1);
        m.write(&conn).unwrap();
        let rows: Vec<(String, String, i64)> = conn
            .prepare("SELECT * FROM entity_months ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        // In GROUP BY order, and a count brought to zero leaves no row.
        assert_eq!(rows, [("a".into(), "2014-12".into(), 1), ("a".into(), "2015-01".into(), 2)]);
    }

    #[test]
    fn content_hash_is_the_hex_sha256_of_the_text() {
        assert_eq!(content_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(content_hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn a_hash_is_the_bytes_of_its_hex_and_nothing_else_is_one() {
        let hex = content_hash("abc");
        let h = Hash::from_hex(&hex).unwrap();
        assert_eq!(h.0[..4], [0xba, 0x78, 0x16, 0xbf]);
        assert_eq!(h.0[31], 0xad);
        let back: String = h.0.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(back, hex);
        for bad in [&hex[..62], &hex.to_uppercase(), &format!("{}g", &hex[..63]), &format!("{hex}00"), ""] {
            assert_eq!(Hash::from_hex(bad), None, "{bad}");
        }
        // Sorted as the chunks are, they are found by binary search.
        let mut chunk: Vec<Hash> = ["a", "b", "c", "d"].iter().map(|t| Hash::from_hex(&content_hash(t)).unwrap()).collect();
        chunk.sort_unstable();
        assert!(chunk.binary_search(&Hash::from_hex(&content_hash("c")).unwrap()).is_ok());
        assert!(chunk.binary_search(&Hash::from_hex(&content_hash("e")).unwrap()).is_err());
    }

    #[test]
    fn split_ids_are_renamed_per_article_with_and_without_an_index() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE entity_articles(entity_id TEXT, article_id TEXT);
             CREATE INDEX ea ON entity_articles(article_id, entity_id);
             CREATE TABLE relations(article_id TEXT, subject TEXT, object TEXT);
             INSERT INTO entity_articles VALUES ('official:王伟','a'), ('official:王伟','b'), ('district:中原区','a'), ('official:王伟','c');
             INSERT INTO relations VALUES ('a','official:王伟','company:甲'), ('b','company:乙','official:王伟'), ('c','official:王伟','official:李明');",
        )
        .unwrap();
        let mut split = SplitIds::default();
        split.0.insert(("a".into(), "official:王伟".into()), "official:王伟@中原区".into());
        split.0.insert(("b".into(), "official:王伟".into()), "official:王伟@登封市".into());
        let columns = [("entity_articles", "entity_id"), ("relations", "subject"), ("relations", "object")];
        rename_split_ids(&conn, &split, &columns).unwrap();
        let rows = |sql: &str| -> Vec<String> {
            let mut st = conn.prepare(sql).unwrap();
            st.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
        };
        assert_eq!(
            rows("SELECT article_id || ' ' || entity_id FROM entity_articles ORDER BY 1"),
            ["a district:中原区", "a official:王伟@中原区", "b official:王伟@登封市", "c official:王伟"]
        );
        assert_eq!(
            rows("SELECT article_id || ' ' || subject || ' ' || object FROM relations ORDER BY 1"),
            ["a official:王伟@中原区 company:甲", "b company:乙 official:王伟@登封市", "c official:王伟 official:李明"]
        );
        // The temporary table is gone: renaming again (nothing left to rename) works.
        rename_split_ids(&conn, &split, &columns).unwrap();
    }

    #[test]
    fn json_escapes_are_serde_jsons() {
        let every_ascii: String = (0u8..0x80).map(char::from).collect();
        let long = format!("{}{every_ascii}二七区\"\\\n", "郑州市，".repeat(7));
        for text in ["", "a", "二七区", "\"", "\\", "\u{7f}\u{1f}\u{0}", every_ascii.as_str(), long.as_str(), "😀𠀀\n"] {
            for cut in 0..text.len().min(40) {
                let Some(s) = text.get(cut..) else { continue };
                let mut out = Vec::new();
                super::escape_json_into(&mut out, s);
                let want = serde_json::to_string(s).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), want[1..want.len() - 1], "{s:?}");
            }
        }
    }

    #[test]
    fn the_line_made_from_the_record_without_text_is_serde_jsons() {
        let texts = ["", "二七区", "引号\"和\\反斜杠\\\"", "换行\n\t\u{1}控制符", "\"text\":\"假键\"", "😀𠀀"];
        for (k, text) in texts.iter().enumerate() {
            let r = ArticleRecord {
                id: format!("a\"{k}"),
                source: "corpus/x.txt".into(),
                title: "标题,\"text\":\"".into(),
                kicker: Some("肩题".into()),
                subtitle: None,
                date: Some("2022-06-21".into()),
                date_source: Some(crate::model::DateSource::Path),
                url: None,
                journalists: vec!["景静".into()],
                text: text.to_string(),
                entities: vec![EntityRecord {
                    id: "district:二七区".into(),
                    name: "二七区".into(),
                    ty: EntityType::District,
                    count: 1,
                    spans: vec![[0, 3]],
                    roles: vec![],
                    role_of: None,
                    list_order: None,
                }],
                reprints: vec![],
                relations: vec![],
            };
            let line = serde_json::to_string(&r).unwrap();
            assert_eq!(line_with_text(&record_without_text(&r), &r.text).as_deref(), Some(line.as_str()), "{text:?}");
            let mut same = r.clone();
            assert_eq!(record_and_line(&mut same), (record_without_text(&r), line), "{text:?}");
            assert_eq!(same, r, "{text:?}");
        }
    }
}
