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
//! stored twice.

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
const SCHEMA_VERSION: &str = "3";

const SCHEMA: &str = "
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles(
  id TEXT PRIMARY KEY, hash TEXT NOT NULL UNIQUE, source TEXT NOT NULL, ordinal INTEGER,
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
";

const INDEXES: &str = "
CREATE INDEX entity_articles_rank ON entity_articles(entity_id, score DESC, date DESC, article_id);
CREATE INDEX entity_articles_article ON entity_articles(article_id, entity_id);
CREATE INDEX edges_source ON edges(source, weight);
CREATE INDEX edges_target ON edges(target, weight);
CREATE INDEX entities_name ON entities(name);
CREATE INDEX entities_type ON entities(type, pagerank);
CREATE INDEX relations_subject ON relations(subject, kind);
CREATE INDEX relations_object ON relations(object, kind);
CREATE INDEX posts_official ON posts(official_id);
";

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

/// Tables derived from the others once they are indexed, for pages that would otherwise
/// group thousands of rows per request (`serve`'s entity page on a hub): articles per
/// entity and month (from the ranking index alone, about 1.5 s on 200,000 articles) and
/// each official's posts with their first and last dates; and an entity's acts in date
/// order from either end (a hub is the object of 100,000 acts: sorting them all for the
/// first twenty took 100 ms). A store written before them lacks them; `query` then groups
/// and sorts the rows itself.
const DERIVED: &str = "
CREATE TABLE entity_months AS
  SELECT entity_id, substr(date, 1, 7) AS month, count(*) AS articles
  FROM entity_articles INDEXED BY entity_articles_rank WHERE date IS NOT NULL GROUP BY entity_id, month;
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

/// The content hash of an article: SHA-256 of its text, hex.
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

pub(crate) fn content_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The `record` column: the `articles.jsonl` line without its text, which has a column of
/// its own.
pub(crate) fn record_without_text(r: &ArticleRecord) -> String {
    let slim = ArticleRecord { text: String::new(), entities: r.entities.clone(), ..r.clone() };
    serde_json::to_string(&slim).expect("a record serializes")
}

/// [`record_without_text`] cut out of the record's `articles.jsonl` line (`line`, as
/// serde_json writes it) instead of serialized again: the `text` value is replaced by
/// `""`. `None` if the line does not have the expected shape.
pub(crate) fn record_without_text_from_line(line: &str) -> Option<String> {
    // A `,"` cannot occur inside a JSON string (its quotes are escaped), so the first
    // `,"text":"` is the key.
    const KEY: &str = ",\"text\":\"";
    let start = line.find(KEY)? + KEY.len();
    let bytes = line.as_bytes();
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(format!("{}{}", &line[..start], &line[i..])),
            _ => i += 1,
        }
    }
    None
}

/// Writes a store as a build goes: articles and their mentions as they are recognized,
/// the entities and edges once the graph is complete. Everything goes to a temporary
/// file in one transaction; [`finish`](Self::finish) renames it into place, and a writer
/// dropped before that leaves the previous store as it was.
pub(crate) struct StoreWriter {
    conn: Option<Connection>,
    path: PathBuf,
    tmp: Option<TempSibling>,
    ordinal: i64,
}

impl StoreWriter {
    pub(crate) fn create(dir: &Path) -> Result<StoreWriter> {
        let path = dir.join(FILE);
        let tmp = TempSibling::new(&path);
        let err = sql_err(&path);
        let conn = Connection::open(tmp.path()).map_err(&err)?;
        // 16 KiB pages: an article row (text and record, a few KB) fits in one page
        // instead of overflowing a 4 KiB page chain; the writer spends 40% less time
        // (larger pages gain nothing more and read more per query lookup).
        conn.execute_batch("PRAGMA page_size=16384; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;").map_err(&err)?;
        conn.execute_batch(SCHEMA).map_err(&err)?;
        conn.execute_batch("BEGIN").map_err(&err)?;
        drop(err);
        Ok(StoreWriter { conn: Some(conn), path, tmp: Some(tmp), ordinal: 0 })
    }

    fn conn(&self) -> &Connection {
        self.conn.as_ref().expect("store writer used after finish")
    }

    /// Stores one article with its mentions, in arrival order; `hash` is its
    /// [`content_hash`] and `line` its [`record_without_text`] (both computed by the
    /// caller, which may do it on another thread).
    pub(crate) fn add_record(&mut self, r: &ArticleRecord, hash: &str, line: &str) -> Result<()> {
        let err = sql_err(&self.path);
        let ordinal = self.ordinal;
        self.ordinal += 1;
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
            line
        ])
        .map_err(&err)?;
        let mut ea = conn.prepare_cached("INSERT INTO entity_articles VALUES (?1,?2,?3,?4,?5,?6)").map_err(&err)?;
        let title_len = r.title.chars().count() + r.kicker.as_ref().map_or(0, |k| k.chars().count() + 1);
        for e in &r.entities {
            // Relevance: mentions, a mention in the headline counting triple.
            let in_title = e.spans.iter().filter(|s| s[1] <= title_len).count();
            let score = (e.spans.len() + 2 * in_title) as f64;
            let spans = serde_json::to_string(&e.spans).expect("spans serialize");
            ea.execute(params![e.id, r.id, e.spans.len() as i64, score, r.date, spans]).map_err(&err)?;
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
        let conn = self.conn();
        conn.execute("UPDATE articles SET date = ?2, record = ?3 WHERE id = ?1", params![id, date, slim]).map_err(&err)?;
        conn.execute("UPDATE entity_articles SET date = ?2 WHERE article_id = ?1", params![id, date]).map_err(&err)?;
        conn.execute("UPDATE relations SET date = ?2 WHERE article_id = ?1", params![id, date]).map_err(&err)?;
        conn.execute("UPDATE posts SET date = ?2 WHERE article_id = ?1", params![id, date]).map_err(&err)?;
        Ok(())
    }

    /// Writes the graph's entities and edges, gives the rows stored per record the ids of
    /// the people a split name became (`split`, see [`rename_split_ids`]), indexes
    /// everything, commits and renames the store into place.
    pub(crate) fn finish(mut self, g: &EntityGraph, split: &SplitIds) -> Result<PathBuf> {
        let path = self.path.clone();
        let err = sql_err(&path);
        let conn = self.conn.take().expect("store writer finished twice");
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?1), ('window', ?2)", params![SCHEMA_VERSION, g.window.as_str()])
            .map_err(&err)?;
        {
            let mut ent = conn
                .prepare("INSERT INTO entities VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)")
                .map_err(&err)?;
            let mut ali = conn.prepare("INSERT OR IGNORE INTO aliases VALUES (?1,?2)").map_err(&err)?;
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
                ])
                .map_err(&err)?;
                for a in std::iter::once(&n.name).chain(n.aliases.iter()) {
                    let a: String = a.chars().filter(|c| !c.is_whitespace()).collect();
                    ali.execute(params![a, n.id.0]).map_err(&err)?;
                }
            }
            let mut edg =
                conn.prepare("INSERT INTO edges VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)").map_err(&err)?;
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
                    serde_json::to_string(&d.articles.iter().map(|a| &**a).collect::<Vec<&str>>()).expect("ids serialize")
                ])
                .map_err(&err)?;
            }
        }
        let t0 = std::time::Instant::now();
        // Before the indexes: one pass over the rows, no index entries moved.
        rename_split_ids(&conn, split, RECORD_ID_COLUMNS).map_err(&err)?;
        crate::timing::report("store renamed split ids", t0.elapsed());
        conn.execute_batch(INDEXES).map_err(&err)?;
        conn.execute_batch(DERIVED).map_err(&err)?;
        crate::timing::report("store indexed", t0.elapsed());
        conn.execute_batch("COMMIT").map_err(&err)?;
        crate::timing::report("store committed", t0.elapsed());
        conn.execute_batch("PRAGMA journal_mode=WAL;").map_err(&err)?;
        drop(conn);
        drop(err);
        self.tmp.take().expect("store finished twice").commit()?;
        Ok(path)
    }
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
    if version.as_deref() != Some(SCHEMA_VERSION) {
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
    fn record_without_text_cut_from_the_line_equals_a_new_serialization() {
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
            assert_eq!(record_without_text_from_line(&line).as_deref(), Some(record_without_text(&r).as_str()), "{text:?}");
        }
    }
}
