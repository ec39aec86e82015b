//! Questions to the store: an entity's card and related articles, the articles two
//! entities share, neighbours, the shortest path between two entities, the top entities.
//! Every answer is a plain serializable struct; the binary prints it as a table or JSON.

use crate::error::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// An entity as the store knows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Card {
    pub id: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub name: String,
    pub mentions: i64,
    pub articles: i64,
    pub aliases: Vec<String>,
    pub roles: Vec<String>,
    pub degree: i64,
    pub weighted_degree: f64,
    pub pagerank: f64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// An article that mentions what was asked for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ArticleHit {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: String,
    pub mentions: i64,
    pub score: f64,
    /// Text around the first mention, the mention marked 【like this】.
    pub snippet: String,
}

/// A neighbour of an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Neighbor {
    pub id: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub name: String,
    /// The edge kinds linking it (cooccurs, role, located_in).
    pub kinds: Vec<String>,
    pub weight: f64,
    pub shared_articles: i64,
    /// Steps from the entity asked about.
    pub depth: usize,
}

/// One link of a path: from the previous entity to this one, with the articles behind it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub kind: Option<String>,
    /// For a directed kind (role: official → organization, located_in: inner → outer,
    /// covers: journalist → entity), whether the link runs from the previous entity to
    /// this one (`true`) or the other way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward: Option<bool>,
    /// The ids of the newest articles behind the link (at most
    /// [`STORE_EDGE_ARTICLES`](crate::graph::STORE_EDGE_ARTICLES)).
    pub articles: Vec<String>,
    /// How many articles are behind the link in all.
    pub article_count: usize,
    /// The articles behind the link with their titles and dates, newest first.
    pub evidence: Vec<Evidence>,
}

/// An article behind a link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
}

/// Which links a walk (neighbours, paths) may take.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Walk {
    /// Entity types never stepped on (the walk's ends excepted): `journalist`, `district` …
    pub exclude: Vec<String>,
    /// Edge kinds to follow (all when empty): `cooccurs`, `role`, `located_in`, `covers`.
    pub via: Vec<String>,
}

impl Walk {
    fn follows(&self, kind: &str) -> bool {
        self.via.is_empty() || self.via.iter().any(|k| k == kind)
    }
}

/// Is the edge kind directed (its source and target say different things)?
fn directed(kind: &str) -> bool {
    crate::graph::EdgeKind::parse(kind).is_some_and(|k| k.directed())
}

/// The file of the store `conn` reads (its bare name when SQLite does not know it, as
/// for an in-memory database), for errors.
fn db_path(conn: &Connection) -> std::path::PathBuf {
    conn.path().filter(|p| !p.is_empty()).unwrap_or(crate::store::FILE).into()
}

/// An error of the store `conn` reads.
fn damaged(conn: &Connection, reason: impl Into<String>) -> Error {
    Error::Store { path: db_path(conn), reason: reason.into() }
}

/// Maps a SQLite error to an [`Error::Store`] naming the store `conn` reads.
fn err(conn: &Connection) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| damaged(conn, e.to_string())
}

const CARD_COLUMNS: &str =
    "id, type, name, mentions, articles, aliases, roles, degree, weighted_degree, pagerank, first_date, last_date";

fn card_from_row(r: &rusqlite::Row) -> rusqlite::Result<Card> {
    // `aliases` and `roles` are JSON lists; anything else is a damaged row, an error.
    let list = |i: usize, column: &str| -> rusqlite::Result<Vec<String>> {
        let s: String = r.get(i)?;
        serde_json::from_str(&s).map_err(|e| {
            let id: String = r.get(0).unwrap_or_default();
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, format!("entities.{column} of {id}: {e}").into())
        })
    };
    Ok(Card {
        id: r.get(0)?,
        ty: r.get(1)?,
        name: r.get(2)?,
        mentions: r.get(3)?,
        articles: r.get(4)?,
        aliases: list(5, "aliases")?,
        roles: list(6, "roles")?,
        degree: r.get(7)?,
        weighted_degree: r.get(8)?,
        pagerank: r.get(9)?,
        first_date: r.get(10)?,
        last_date: r.get(11)?,
    })
}

/// The card of an entity by id.
pub fn card(conn: &Connection, id: &str) -> Result<Option<Card>> {
    conn.query_row(&format!("SELECT {CARD_COLUMNS} FROM entities WHERE id = ?1"), [id], card_from_row)
        .optional()
        .map_err(err(conn))
}

/// What a name finds in the store.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    /// The entity.
    One(Card),
    /// Several entities answer to the name (two people of the same name in two counties,
    /// a name of two types), most mentioned first: ask for one by id.
    Several(Vec<Card>),
    /// Nothing: the closest names.
    Nothing(Vec<String>),
}

/// Finds an entity by id, canonical name or any alias (OCR spaces ignored). A name that
/// several entities answer to finds them all ([`Found::Several`]), and so does the id a
/// split name had (`official:王伟` when the graph has `official:王伟@中原区` and
/// `official:王伟@登封市`).
pub fn find(conn: &Connection, name: &str) -> Result<Found> {
    let want: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(c) = card(conn, &want)? {
        return Ok(Found::One(c));
    }
    let mut ids: Vec<String> = Vec::new();
    if want.contains(':') {
        // The people a split name became: ids `want@…` ('A' follows '@').
        let mut st = conn.prepare_cached("SELECT id FROM entities WHERE id > ?1 AND id < ?2").map_err(err(conn))?;
        let rows = st.query_map(params![format!("{want}@"), format!("{want}A")], |r| r.get(0)).map_err(err(conn))?;
        ids = rows.collect::<rusqlite::Result<_>>().map_err(err(conn))?;
    }
    if ids.is_empty() {
        // An alias of an entity the store lacks finds nothing (the query below says so).
        let mut st = conn
            .prepare_cached("SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias = ?1")
            .map_err(err(conn))?;
        let rows = st.query_map([&want], |r| r.get(0)).map_err(err(conn))?;
        ids = rows.collect::<rusqlite::Result<_>>().map_err(err(conn))?;
    }
    let mut cards = Vec::with_capacity(ids.len());
    for id in ids {
        let c = card(conn, &id)?
            .ok_or_else(|| damaged(conn, format!("alias `{want}` points at {id}, which the store does not have")))?;
        cards.push(c);
    }
    cards.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
    Ok(match cards.len() {
        0 => Found::Nothing(suggest(conn, &want)?),
        1 => Found::One(cards.pop().expect("one card")),
        _ => Found::Several(cards),
    })
}

/// The names closest to `want`: names containing it or contained in it first, then by
/// edit distance.
pub fn suggest(conn: &Connection, want: &str) -> Result<Vec<String>> {
    let mut st = conn.prepare("SELECT DISTINCT alias FROM aliases").map_err(err(conn))?;
    let names: Vec<String> = st.query_map([], |r| r.get(0)).map_err(err(conn))?.filter_map(|r| r.ok()).collect();
    let w: Vec<char> = want.chars().collect();
    let mut scored: Vec<(usize, String)> = names
        .into_iter()
        .map(|n| {
            let d = if n.contains(want) || want.contains(n.as_str()) { 0 } else { 1 + levenshtein(&w, &n.chars().collect::<Vec<_>>()) };
            (d, n)
        })
        .filter(|(d, n)| *d <= 1 + w.len().max(n.chars().count()) / 2)
        .collect();
    scored.sort();
    Ok(scored.into_iter().take(5).map(|(_, n)| n).collect())
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn snippet(text: &str, spans: &[(usize, usize)]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let Some(&(s, _)) = spans.first() else { return String::new() };
    let from = s.saturating_sub(24);
    // Offsets come from the store: one past the text (or past usize) shows nothing, not a panic.
    let to = s.saturating_add(40).min(chars.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    for (i, &c) in chars.iter().enumerate().take(to).skip(from) {
        if spans.iter().any(|&(a, _)| a == i) {
            out.push('【');
        }
        out.push(if c == '\n' { ' ' } else { c });
        if spans.iter().any(|&(_, b)| b == i + 1) {
            out.push('】');
        }
    }
    if to < chars.len() {
        out.push('…');
    }
    out
}

/// Articles mentioning all of `ids`, ranked by relevance (mentions, a mention in the
/// headline counting triple), then newest, then id. Reads the precomputed
/// `entity_articles` ranking, so the cost grows with `limit`, not with the store.
pub fn articles_with(conn: &Connection, ids: &[&str], limit: usize) -> Result<Vec<ArticleHit>> {
    let ranked: Vec<(String, f64, i64)> = match ids {
        [] => return Ok(Vec::new()),
        [one] => {
            let mut st = conn
                .prepare_cached(
                    "SELECT article_id, score, mentions FROM entity_articles WHERE entity_id = ?1
                     ORDER BY score DESC, date DESC, article_id LIMIT ?2",
                )
                .map_err(err(conn))?;
            st.query_map(params![one, limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(err(conn))?
                .collect::<rusqlite::Result<_>>()
                .map_err(err(conn))?
        }
        [a, b, ..] => {
            let mut st = conn
                .prepare_cached(
                    "SELECT x.article_id, x.score + y.score AS s, x.mentions + y.mentions FROM entity_articles x
                     JOIN entity_articles y ON y.article_id = x.article_id AND y.entity_id = ?2
                     WHERE x.entity_id = ?1 ORDER BY s DESC, x.date DESC, x.article_id LIMIT ?3",
                )
                .map_err(err(conn))?;
            st.query_map(params![a, b, limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .map_err(err(conn))?
                .collect::<rusqlite::Result<_>>()
                .map_err(err(conn))?
        }
    };
    let mut art = conn.prepare_cached("SELECT title, date, source, text FROM articles WHERE id = ?1").map_err(err(conn))?;
    let mut men =
        conn.prepare_cached("SELECT spans FROM entity_articles WHERE entity_id = ?1 AND article_id = ?2").map_err(err(conn))?;
    let mut hits = Vec::new();
    for (id, score, mentions) in ranked {
        let (title, date, source, text): (String, Option<String>, String, String) = art
            .query_row([&id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()
            .map_err(err(conn))?
            .ok_or_else(|| damaged(conn, format!("entity_articles names article {id}, which the store does not have")))?;
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for e in ids.iter().take(2) {
            let rows = men.query_map(params![e, id], |r| r.get::<_, String>(0)).map_err(err(conn))?;
            for row in rows {
                let found: Vec<(usize, usize)> = serde_json::from_str(&row.map_err(err(conn))?)
                    .map_err(|x| damaged(conn, format!("entity_articles.spans of {e} in {id}: {x}")))?;
                spans.extend(found);
            }
        }
        spans.sort();
        hits.push(ArticleHit { snippet: snippet(&text, &spans), id, title, date, source, mentions, score });
    }
    Ok(hits)
}

/// An edge seen from one end: (other id, kind, weight, shared articles, whether that end
/// is the edge's source).
type EdgeAt = (String, String, f64, i64, bool);

/// Edges at one entity.
fn edges_at(conn: &Connection, id: &str) -> Result<Vec<EdgeAt>> {
    let mut st = conn
        .prepare_cached(
            "SELECT target, kind, weight, article_count, 1 FROM edges WHERE source = ?1
             UNION ALL
             SELECT source, kind, weight, article_count, 0 FROM edges WHERE target = ?1",
        )
        .map_err(err(conn))?;
    let rows = st
        .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, i64>(4)? == 1)))
        .map_err(err(conn))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(err(conn))
}

/// The type of an entity, for walks that exclude types.
fn type_of(conn: &Connection, id: &str) -> Result<Option<String>> {
    let mut st = conn.prepare_cached("SELECT type FROM entities WHERE id = ?1").map_err(err(conn))?;
    st.query_row(params![id], |r| r.get(0)).optional().map_err(err(conn))
}

/// The neighbours of an entity up to `depth` steps, strongest first at each depth.
pub fn neighbors(conn: &Connection, id: &str, ty: Option<&str>, depth: usize, limit: usize) -> Result<Vec<Neighbor>> {
    neighbors_walking(conn, id, ty, depth, limit, &Walk::default())
}

/// [`neighbors`] over the links `walk` allows.
pub fn neighbors_walking(conn: &Connection, id: &str, ty: Option<&str>, depth: usize, limit: usize, walk: &Walk) -> Result<Vec<Neighbor>> {
    let mut seen: BTreeSet<String> = BTreeSet::from([id.to_string()]);
    let mut frontier = vec![id.to_string()];
    let mut out: Vec<Neighbor> = Vec::new();
    for d in 1..=depth.max(1) {
        let mut found: BTreeMap<String, Neighbor> = BTreeMap::new();
        for from in &frontier {
            for (other, kind, weight, shared, _) in edges_at(conn, from)? {
                if seen.contains(&other) || !walk.follows(&kind) {
                    continue;
                }
                if !walk.exclude.is_empty() && type_of(conn, &other)?.is_some_and(|t| walk.exclude.contains(&t)) {
                    continue;
                }
                let n = found.entry(other.clone()).or_insert_with(|| Neighbor {
                    id: other.clone(),
                    ty: String::new(),
                    name: String::new(),
                    kinds: Vec::new(),
                    weight: 0.0,
                    shared_articles: 0,
                    depth: d,
                });
                if !n.kinds.contains(&kind) {
                    n.kinds.push(kind.clone());
                }
                if kind == "cooccurs" || n.weight == 0.0 {
                    n.weight = n.weight.max(weight);
                }
                n.shared_articles = n.shared_articles.max(shared);
            }
        }
        let mut level: Vec<Neighbor> = found.into_values().collect();
        for n in level.iter_mut() {
            if let Some(c) = card(conn, &n.id)? {
                n.ty = c.ty;
                n.name = c.name;
            }
            n.kinds.sort();
        }
        frontier = level.iter().map(|n| n.id.clone()).collect();
        seen.extend(frontier.iter().cloned());
        level.retain(|n| ty.is_none_or(|t| n.ty == t));
        level.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(b.shared_articles.cmp(&a.shared_articles)).then(a.id.cmp(&b.id)));
        out.extend(level);
    }
    out.truncate(limit);
    Ok(out)
}

/// The shortest chain of entities from `a` to `b` (breadth first, strongest edges tried
/// first), each link with the articles behind it. `None` when they are not connected
/// within `max_depth` steps.
pub fn path(conn: &Connection, a: &str, b: &str, max_depth: usize) -> Result<Option<Vec<Step>>> {
    path_walking(conn, a, b, max_depth, &Walk::default())
}

/// [`path`] over the links `walk` allows: `--via cooccurs,role` keeps a path off the
/// division tree's hubs, `--exclude district` off the districts. Without `via`, a path
/// does not go through bylines (`covers`): two officials one reporter wrote about are not
/// linked by that.
pub fn path_walking(conn: &Connection, a: &str, b: &str, max_depth: usize, walk: &Walk) -> Result<Option<Vec<Step>>> {
    let walk = &if walk.via.is_empty() {
        Walk { via: ["cooccurs", "role", "located_in"].map(String::from).to_vec(), ..walk.clone() }
    } else {
        walk.clone()
    };
    let mut prev: BTreeMap<String, (String, String, bool)> = BTreeMap::new();
    let mut queue = VecDeque::from([(a.to_string(), 0usize)]);
    let mut seen = BTreeSet::from([a.to_string()]);
    let mut found = a == b;
    while let Some((n, d)) = queue.pop_front() {
        if found || d >= max_depth {
            break;
        }
        let mut edges = edges_at(conn, &n)?;
        edges.sort_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)));
        for (other, kind, _, _, from_source) in edges {
            if !walk.follows(&kind) || seen.contains(&other) {
                continue;
            }
            if other != b && !walk.exclude.is_empty() && type_of(conn, &other)?.is_some_and(|t| walk.exclude.contains(&t)) {
                continue;
            }
            if seen.insert(other.clone()) {
                prev.insert(other.clone(), (n.clone(), kind, from_source));
                if other == b {
                    found = true;
                    break;
                }
                queue.push_back((other, d + 1));
            }
        }
    }
    if !found {
        return Ok(None);
    }
    let mut chain: Vec<(String, Option<(String, bool)>)> = vec![(b.to_string(), None)];
    let mut cur = b.to_string();
    while let Some((p, kind, from_source)) = prev.get(&cur) {
        if let Some(last) = chain.last_mut() {
            last.1 = Some((kind.clone(), *from_source));
        }
        chain.push((p.clone(), None));
        cur = p.clone();
    }
    chain.reverse();
    let mut steps = Vec::new();
    for (i, (id, link)) in chain.iter().enumerate() {
        let c = card(conn, id)?.ok_or_else(|| damaged(conn, format!("an edge names entity {id}, which the store does not have")))?;
        let (kind, forward) = match link {
            Some((k, f)) => (Some(k.clone()), directed(k).then_some(*f)),
            None => (None, None),
        };
        let (articles, article_count) = match &kind {
            Some(k) => link_articles(conn, &chain[i - 1].0, id, k)?,
            None => (Vec::new(), 0),
        };
        let evidence = evidence(conn, &articles, EVIDENCE)?;
        steps.push(Step { id: c.id, name: c.name, ty: c.ty, kind, forward, articles, article_count, evidence });
    }
    Ok(Some(steps))
}

/// How many articles a path shows by title for each link.
const EVIDENCE: usize = 3;

/// The newest articles behind the link of `kind` between `x` and `y`, in either direction,
/// and how many there are in all (the larger edge's count when both directions are edges).
fn link_articles(conn: &Connection, x: &str, y: &str, kind: &str) -> Result<(Vec<String>, usize)> {
    let mut st = conn
        .prepare_cached(
            "SELECT articles, article_count FROM edges
             WHERE kind = ?3 AND ((source = ?1 AND target = ?2) OR (source = ?2 AND target = ?1))",
        )
        .map_err(err(conn))?;
    let rows = st.query_map(params![x, y, kind], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).map_err(err(conn))?;
    let (mut ids, mut count) = (BTreeSet::new(), 0);
    for row in rows {
        let (list, n) = row.map_err(err(conn))?;
        let list: Vec<String> =
            serde_json::from_str(&list).map_err(|e| damaged(conn, format!("edges.articles of {kind} {x} – {y}: {e}")))?;
        ids.extend(list);
        count = count.max(usize::try_from(n).unwrap_or(0));
    }
    let count = count.max(ids.len());
    Ok((ids.into_iter().collect(), count))
}

/// Titles and dates of articles, newest first (undated last), at most `n`.
fn evidence(conn: &Connection, ids: &[String], n: usize) -> Result<Vec<Evidence>> {
    let mut st = conn.prepare_cached("SELECT title, date FROM articles WHERE id = ?1").map_err(err(conn))?;
    let mut out = Vec::new();
    for id in ids {
        if let Some((title, date)) = st.query_row(params![id], |r| Ok((r.get(0)?, r.get(1)?))).optional().map_err(err(conn))? {
            out.push(Evidence { id: id.clone(), title, date });
        }
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then(a.id.cmp(&b.id)));
    out.truncate(n);
    Ok(out)
}

/// What `top` ranks by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RankBy {
    Degree,
    Weighted,
    Pagerank,
    Mentions,
}

impl std::str::FromStr for RankBy {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "degree" => Ok(RankBy::Degree),
            "weighted" => Ok(RankBy::Weighted),
            "pagerank" => Ok(RankBy::Pagerank),
            "mentions" => Ok(RankBy::Mentions),
            _ => Err(format!("unknown ranking `{s}` (degree, weighted, pagerank, mentions)")),
        }
    }
}

/// The top entities, optionally of one type.
pub fn top(conn: &Connection, ty: Option<&str>, by: RankBy, limit: usize) -> Result<Vec<Card>> {
    let col = match by {
        RankBy::Degree => "degree",
        RankBy::Weighted => "weighted_degree",
        RankBy::Pagerank => "pagerank",
        RankBy::Mentions => "mentions",
    };
    let sql = format!(
        "SELECT {CARD_COLUMNS} FROM entities WHERE (?1 IS NULL OR type = ?1) ORDER BY {col} DESC, mentions DESC, id LIMIT ?2"
    );
    let mut st = conn.prepare(&sql).map_err(err(conn))?;
    let rows = st.query_map(params![ty, limit as i64], card_from_row).map_err(err(conn))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(err(conn))
}

/// One act an entity did or underwent, with the sentence that states it.
#[derive(Clone, Debug, Serialize)]
pub struct Act {
    pub kind: String,
    pub subject: String,
    pub subject_name: String,
    pub object: String,
    pub object_name: String,
    pub trigger: String,
    pub sentence: String,
    pub article: String,
    pub title: String,
    pub date: Option<String>,
}

/// The acts an entity is the subject or object of (`kind` limits them), oldest first
/// (undated in input order, after the dated).
pub fn acts(conn: &Connection, id: &str, kind: Option<&str>, limit: usize) -> Result<Vec<Act>> {
    if !has_index(conn, "relations_object_order")? {
        let order = "r.date IS NULL, r.date, r.ordinal, r.start, r.kind, r.subject, r.object";
        let filter = "(r.subject = ?1 OR r.object = ?1) AND (?2 IS NULL OR r.kind = ?2)";
        return Ok(acts_where(conn, filter, order, params![id, kind, limit as i64])?.into_iter().map(|(a, _)| a).collect());
    }
    // The first `limit` of each end, dated and undated, each read in order from its
    // index, then merged: no sort of all of a hub's acts.
    let mut all: Vec<(Act, ActKey)> = Vec::new();
    for (end, other) in [("subject", "object"), ("object", "subject")] {
        for dated in ["r.date IS NOT NULL", "r.date IS NULL"] {
            // An act of the entity with itself is read from its subject end only.
            let filter = format!(
                "r.{end} = ?1 AND {dated} AND (?2 IS NULL OR r.kind = ?2){}",
                if end == "object" { " AND r.subject <> ?1" } else { "" }
            );
            let order = format!("r.date, r.ordinal, r.start, r.kind, r.{other}");
            all.extend(acts_where(conn, &filter, &order, params![id, kind, limit as i64])?);
        }
    }
    all.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(all.into_iter().take(limit).map(|(a, _)| a).collect())
}

/// Whether the store has an index (see [`has_table`]).
fn has_index(conn: &Connection, name: &str) -> Result<bool> {
    conn.prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1")
        .map_err(err(conn))?
        .exists([name])
        .map_err(err(conn))
}

/// The order of acts: dated first by date, then input order, place in the article, kind,
/// subject, object.
type ActKey = (bool, Option<String>, i64, i64, String, String, String);

/// The acts between two entities, either way, oldest first (as [`acts`]).
pub fn acts_between(conn: &Connection, a: &str, b: &str, limit: usize) -> Result<Vec<Act>> {
    let order = "r.date IS NULL, r.date, r.ordinal, r.start, r.kind, r.subject, r.object";
    let filter = "((r.subject = ?1 AND r.object = ?2) OR (r.subject = ?2 AND r.object = ?1))";
    Ok(acts_where(conn, filter, order, params![a, b, limit as i64])?.into_iter().map(|(a, _)| a).collect())
}

/// Acts matching `filter` (SQL over `r`, the relations row) in `order`, at most the last
/// parameter, each with its place in the order of acts.
fn acts_where(conn: &Connection, filter: &str, order: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<(Act, ActKey)>> {
    let limit = args.len();
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT r.kind, r.subject, coalesce(s.name, r.subject), r.object, coalesce(o.name, r.object), r.trigger,
                    substr(a.text, r.start + 1, r.end - r.start), r.article_id, a.title, r.date, r.ordinal, r.start
             FROM relations r JOIN articles a ON a.id = r.article_id
             LEFT JOIN entities s ON s.id = r.subject LEFT JOIN entities o ON o.id = r.object
             WHERE {filter}
             ORDER BY {order} LIMIT ?{limit}"
        ))
        .map_err(err(conn))?;
    let rows = st
        .query_map(args, |r| {
            let date: Option<String> = r.get(9)?;
            let key: ActKey = (date.is_none(), date, r.get(10)?, r.get(11)?, r.get(0)?, r.get(1)?, r.get(3)?);
            let act = Act {
                kind: r.get(0)?,
                subject: r.get(1)?,
                subject_name: r.get(2)?,
                object: r.get(3)?,
                object_name: r.get(4)?,
                trigger: r.get(5)?,
                sentence: r.get::<_, String>(6)?.trim().to_string(),
                article: r.get(7)?,
                title: r.get(8)?,
                date: r.get(9)?,
            };
            Ok((act, key))
        })
        .map_err(err(conn))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(err(conn))
}

/// One post an official held: a title at an organization or district, with when and
/// where it was seen.
#[derive(Clone, Debug, Serialize)]
pub struct Post {
    pub title: String,
    /// The organization or district (entity id) the title is held at, when the text says.
    pub place: Option<String>,
    pub place_name: Option<String>,
    /// The organization, when the post is at one.
    pub organization: Option<String>,
    /// The district the post is in: the place itself, or the organization's district.
    pub jurisdiction: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub articles: Vec<String>,
}

/// An official's career: posts in the order first seen, and the changes between them.
#[derive(Clone, Debug, Serialize)]
pub struct Career {
    pub id: String,
    pub name: String,
    pub posts: Vec<Post>,
    /// Titles newly seen together in one article, after others (副区长 → 区委常委、常务副区长).
    pub changes: Vec<String>,
}

/// The careers of the officials (one, when `id` is given), by name.
pub fn careers(conn: &Connection, id: Option<&str>) -> Result<Vec<Career>> {
    let mut st = conn
        .prepare(
            "SELECT p.official_id, coalesce(e.name, p.official_id), p.title, p.place, pl.name, pl.type, loc.target, p.article_id, p.date, p.ordinal
             FROM posts p LEFT JOIN entities e ON e.id = p.official_id
             LEFT JOIN entities pl ON pl.id = p.place
             LEFT JOIN edges loc ON loc.kind = 'located_in' AND loc.source = p.place
             WHERE ?1 IS NULL OR p.official_id = ?1
             ORDER BY 2, 1, p.date IS NULL, p.date, p.ordinal, p.rowid",
        )
        .map_err(err(conn))?;
    type Row = (String, String, String, Option<String>, Option<String>, Option<String>, Option<String>, String, Option<String>, i64);
    let rows: Vec<Row> = st
        .query_map(params![id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, r.get(9)?))
        })
        .map_err(err(conn))?
        .collect::<rusqlite::Result<_>>()
        .map_err(err(conn))?;
    let name_of = |id: &str| id.split_once(':').map_or(id, |x| x.1).to_string();
    let mut out: Vec<Career> = Vec::new();
    // Per official: posts in first-seen order, and the titles each article first showed.
    let mut stages: Vec<(String, Vec<String>)> = Vec::new();
    for (official, name, title, place, place_name, place_type, located, article, date, _) in rows {
        if out.last().is_none_or(|c| c.id != official) {
            finish_changes(out.last_mut(), &mut stages);
            out.push(Career { id: official.clone(), name, posts: Vec::new(), changes: Vec::new() });
        }
        let career = out.last_mut().expect("just pushed");
        let at = career.posts.iter().position(|p| p.title == title && p.place == place);
        let post = match at {
            Some(i) => &mut career.posts[i],
            None => {
                let (organization, jurisdiction) = match place_type.as_deref() {
                    Some("organization") => (place_name.clone(), located.as_deref().map(name_of)),
                    _ => (None, place_name.clone().or_else(|| place.as_deref().map(name_of))),
                };
                match stages.last_mut() {
                    Some((a, titles)) if *a == article => titles.push(title.clone()),
                    _ => stages.push((article.clone(), vec![title.clone()])),
                }
                career.posts.push(Post {
                    title,
                    place: place.clone(),
                    place_name: place_name.or_else(|| place.as_deref().map(name_of)),
                    organization,
                    jurisdiction,
                    first_seen: date.clone(),
                    last_seen: date.clone(),
                    articles: Vec::new(),
                });
                career.posts.last_mut().expect("just pushed")
            }
        };
        if let Some(d) = date {
            if post.first_seen.as_deref().is_none_or(|f| d.as_str() < f) {
                post.first_seen = Some(d.clone());
            }
            if post.last_seen.as_deref().is_none_or(|l| d.as_str() > l) {
                post.last_seen = Some(d);
            }
        }
        if !post.articles.contains(&article) {
            post.articles.push(article);
        }
    }
    finish_changes(out.last_mut(), &mut stages);
    Ok(out)
}

/// Turns the titles each article first showed into changes: `A → B` between consecutive
/// stages.
fn finish_changes(career: Option<&mut Career>, stages: &mut Vec<(String, Vec<String>)>) {
    if let Some(c) = career {
        let joined: Vec<String> = stages.iter().map(|(_, t)| t.join("、")).collect();
        c.changes = joined.windows(2).map(|w| format!("{} → {}", w[0], w[1])).collect();
    }
    stages.clear();
}

/// The first `limit` items, and whether there were more (asked for with `limit + 1`).
pub fn cut<T>(mut v: Vec<T>, limit: usize) -> (Vec<T>, bool) {
    let more = v.len() > limit;
    v.truncate(limit);
    (v, more)
}

/// `query NAME --json`: the card, related articles, neighbours and acts.
#[derive(Clone, Debug, Serialize)]
pub struct EntityAnswer {
    pub entity: Card,
    pub articles: Vec<ArticleHit>,
    pub neighbors: Vec<Neighbor>,
    pub acts: Vec<Act>,
    pub more_articles: bool,
    pub more_neighbors: bool,
    pub more_acts: bool,
}

/// `query NAME --with OTHER --json`: the articles both appear in.
#[derive(Clone, Debug, Serialize)]
pub struct WithAnswer {
    pub entity: Card,
    pub with: Card,
    pub articles: Vec<ArticleHit>,
    pub more_articles: bool,
}

/// `neighbors NAME --json`.
#[derive(Clone, Debug, Serialize)]
pub struct NeighborsAnswer {
    pub entity: Card,
    pub neighbors: Vec<Neighbor>,
    pub more_neighbors: bool,
}

/// `path A B --json`: `path` is null when no chain is found.
#[derive(Clone, Debug, Serialize)]
pub struct PathAnswer {
    pub from: String,
    pub to: String,
    pub path: Option<Vec<Step>>,
}

/// `top --json`.
#[derive(Clone, Debug, Serialize)]
pub struct TopAnswer {
    pub entities: Vec<Card>,
}

/// What `query` answers for one entity: up to `limit` articles, neighbours and acts (of
/// `acts_kind` only, when given), each list saying whether it was cut.
pub fn entity_answer(conn: &Connection, card: Card, limit: usize, acts_kind: Option<&str>) -> Result<EntityAnswer> {
    let (articles, more_articles) = cut(articles_with(conn, &[&card.id], limit + 1)?, limit);
    let (neighbors, more_neighbors) = cut(neighbors(conn, &card.id, None, 1, limit + 1)?, limit);
    let (acts, more_acts) = cut(acts(conn, &card.id, acts_kind, limit + 1)?, limit);
    Ok(EntityAnswer { entity: card, articles, neighbors, acts, more_articles, more_neighbors, more_acts })
}

/// What `query A --with B` answers: the articles naming both, up to `limit`.
pub fn with_answer(conn: &Connection, card: Card, other: Card, limit: usize) -> Result<WithAnswer> {
    let (articles, more_articles) = cut(articles_with(conn, &[&card.id, &other.id], limit + 1)?, limit);
    Ok(WithAnswer { entity: card, with: other, articles, more_articles })
}

/// What `neighbors` answers.
pub fn neighbors_answer(conn: &Connection, card: Card, ty: Option<&str>, depth: usize, limit: usize, walk: &Walk) -> Result<NeighborsAnswer> {
    let (neighbors, more_neighbors) = cut(neighbors_walking(conn, &card.id, ty, depth, limit + 1, walk)?, limit);
    Ok(NeighborsAnswer { entity: card, neighbors, more_neighbors })
}

/// Entities whose canonical name or an alias contains `q` (OCR spaces ignored): an exact
/// name first, then names starting with `q`, then the rest, each by mentions.
pub fn search(conn: &Connection, q: &str, limit: usize) -> Result<Vec<Card>> {
    let want: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    if want.is_empty() {
        return Ok(Vec::new());
    }
    let mut st = conn
        .prepare_cached(
            "SELECT e.id, min(CASE WHEN a.alias = ?1 OR e.id = ?1 THEN 0 WHEN substr(a.alias, 1, length(?1)) = ?1 THEN 1 ELSE 2 END) AS rank
             FROM aliases a JOIN entities e ON e.id = a.entity_id
             WHERE instr(a.alias, ?1) > 0 OR e.id = ?1
             GROUP BY e.id ORDER BY rank, e.mentions DESC, e.id LIMIT ?2",
        )
        .map_err(err(conn))?;
    let ids: Vec<String> = st
        .query_map(params![want, limit as i64], |r| r.get(0))
        .map_err(err(conn))?
        .collect::<rusqlite::Result<_>>()
        .map_err(err(conn))?;
    let mut out = Vec::new();
    for id in ids {
        out.extend(card(conn, &id)?);
    }
    Ok(out)
}

/// `search` as JSON: the matches, and the closest names when there are none.
#[derive(Clone, Debug, Serialize)]
pub struct SearchAnswer {
    pub query: String,
    pub entities: Vec<Card>,
    pub more_entities: bool,
    pub suggestions: Vec<String>,
}

/// What a search for `q` answers: up to `limit` entities, else suggestions.
pub fn search_answer(conn: &Connection, q: &str, limit: usize) -> Result<SearchAnswer> {
    let (entities, more_entities) = cut(search(conn, q, limit + 1)?, limit);
    let want: String = q.chars().filter(|c| !c.is_whitespace()).collect();
    let suggestions = if entities.is_empty() && !want.is_empty() { suggest(conn, &want)? } else { Vec::new() };
    Ok(SearchAnswer { query: q.to_string(), entities, more_entities, suggestions })
}

/// A mention in an article: which entity, and where (char offsets into the text).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MentionAt {
    pub entity: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub start: usize,
    pub end: usize,
}

/// An article with its whole text and every mention.
#[derive(Clone, Debug, Serialize)]
pub struct ArticleText {
    pub id: String,
    pub title: String,
    pub kicker: Option<String>,
    pub subtitle: Option<String>,
    pub date: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub journalists: Vec<String>,
    pub text: String,
    /// Every mention, by start (the longer first at one start).
    pub mentions: Vec<MentionAt>,
}

/// An article by id, with its mentions.
pub fn article(conn: &Connection, id: &str) -> Result<Option<ArticleText>> {
    let row = conn
        .prepare_cached("SELECT title, kicker, subtitle, date, source, url, journalists, text FROM articles WHERE id = ?1")
        .map_err(err(conn))?
        .query_row([id], |r| {
            let art = ArticleText {
                id: id.to_string(),
                title: r.get(0)?,
                kicker: r.get(1)?,
                subtitle: r.get(2)?,
                date: r.get(3)?,
                source: r.get(4)?,
                url: r.get(5)?,
                journalists: Vec::new(),
                text: r.get(7)?,
                mentions: Vec::new(),
            };
            Ok((art, r.get::<_, String>(6)?))
        })
        .optional()
        .map_err(err(conn))?;
    let Some((mut art, journalists)) = row else { return Ok(None) };
    art.journalists =
        serde_json::from_str(&journalists).map_err(|e| damaged(conn, format!("articles.journalists of {id}: {e}")))?;
    let mut st = conn
        .prepare_cached(
            "SELECT ea.entity_id, coalesce(e.name, ea.entity_id), coalesce(e.type, ''), ea.spans
             FROM entity_articles ea LEFT JOIN entities e ON e.id = ea.entity_id WHERE ea.article_id = ?1",
        )
        .map_err(err(conn))?;
    let rows: Vec<(String, String, String, String)> = st
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .map_err(err(conn))?
        .collect::<rusqlite::Result<_>>()
        .map_err(err(conn))?;
    let len = art.text.chars().count();
    let mut mentions = Vec::new();
    for (entity, name, ty, spans) in rows {
        let spans: Vec<(usize, usize)> =
            serde_json::from_str(&spans).map_err(|e| damaged(conn, format!("entity_articles.spans of {entity} in {id}: {e}")))?;
        for (start, end) in spans {
            // Offsets past the text or reversed are a damaged row; shown as nothing.
            if start < end && end <= len {
                mentions.push(MentionAt { entity: entity.clone(), name: name.clone(), ty: ty.clone(), start, end });
            }
        }
    }
    mentions.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.entity.cmp(&b.entity)));
    art.mentions = mentions;
    Ok(Some(art))
}

/// Whether the store has a table (derived tables are missing from stores written before
/// them).
fn has_table(conn: &Connection, name: &str) -> Result<bool> {
    conn.prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")
        .map_err(err(conn))?
        .exists([name])
        .map_err(err(conn))
}

/// How many dated articles name an entity in each month (`YYYY-MM`), oldest first: the
/// precomputed `entity_months`, or the ranking index grouped here for an older store.
pub fn articles_by_month(conn: &Connection, id: &str) -> Result<Vec<(String, i64)>> {
    let sql = if has_table(conn, "entity_months")? {
        "SELECT month, articles FROM entity_months WHERE entity_id = ?1 ORDER BY month"
    } else {
        "SELECT substr(date, 1, 7) AS m, count(*) FROM entity_articles
         WHERE entity_id = ?1 AND date IS NOT NULL GROUP BY m ORDER BY m"
    };
    let mut st = conn.prepare_cached(sql).map_err(err(conn))?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(err(conn))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(err(conn))
}

/// A post of an official in short: the title, where, first and last seen, in how many
/// articles.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PostSpan {
    pub title: String,
    pub place: Option<String>,
    pub place_name: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub articles: i64,
}

/// An official's posts in the order first seen (dated first), each once: what
/// [`careers`] lists, without the article ids and the changes, read from the precomputed
/// `post_spans` (grouped here for an older store).
pub fn post_spans(conn: &Connection, id: &str) -> Result<Vec<PostSpan>> {
    let from = if has_table(conn, "post_spans")? {
        "post_spans p"
    } else {
        "(SELECT official_id, title, place, min(date) AS first_seen, max(date) AS last_seen, count(*) AS articles,
                 min(ordinal) AS first_ordinal FROM posts WHERE official_id = ?1 GROUP BY title, place) p"
    };
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT p.title, p.place, coalesce(pl.name, p.place), p.first_seen, p.last_seen, p.articles FROM {from}
             LEFT JOIN entities pl ON pl.id = p.place
             WHERE p.official_id = ?1 ORDER BY p.first_seen IS NULL, p.first_seen, p.first_ordinal, p.title"
        ))
        .map_err(err(conn))?;
    let rows = st
        .query_map([id], |r| {
            Ok(PostSpan {
                title: r.get(0)?,
                place: r.get(1)?,
                place_name: r.get(2)?,
                first_seen: r.get(3)?,
                last_seen: r.get(4)?,
                articles: r.get(5)?,
            })
        })
        .map_err(err(conn))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(err(conn))
}

/// An edge of the store between two entities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Link {
    pub kind: String,
    pub source: String,
    pub target: String,
    pub weight: f64,
    pub article_count: i64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// A piece of text with the mentions of some entities marked (char offsets into `text`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Marked {
    pub text: String,
    pub marks: Vec<Mark>,
}

/// A marked mention: `entity` at `start..end` (chars).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mark {
    pub entity: String,
    pub start: usize,
    pub end: usize,
}

/// An article behind an edge, with the sentences that name both ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EdgeArticle {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: String,
    /// The sentences naming both; when no sentence does (they share a paragraph or the
    /// article, not a sentence), the first sentence naming each.
    pub sentences: Vec<Marked>,
    /// Whether some sentence names both.
    pub together: bool,
}

/// The evidence of the tie between two entities: the edges, the articles where both
/// appear with the sentences, and the acts between them.
#[derive(Clone, Debug, Serialize)]
pub struct EdgeAnswer {
    pub a: Card,
    pub b: Card,
    pub links: Vec<Link>,
    pub articles: Vec<EdgeArticle>,
    pub more_articles: bool,
    pub acts: Vec<Act>,
    pub more_acts: bool,
}

/// The edges between `a` and `b`, either way.
pub fn links(conn: &Connection, a: &str, b: &str) -> Result<Vec<Link>> {
    let mut st = conn
        .prepare_cached(
            "SELECT kind, source, target, weight, article_count, first_date, last_date FROM edges
             WHERE (source = ?1 AND target = ?2) OR (source = ?2 AND target = ?1) ORDER BY kind, source",
        )
        .map_err(err(conn))?;
    let rows = st
        .query_map(params![a, b], |r| {
            Ok(Link {
                kind: r.get(0)?,
                source: r.get(1)?,
                target: r.get(2)?,
                weight: r.get(3)?,
                article_count: r.get(4)?,
                first_date: r.get(5)?,
                last_date: r.get(6)?,
            })
        })
        .map_err(err(conn))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(err(conn))
}

/// The sentences of a text as char ranges: each ends after 。！？!?； (and the closing
/// quotes right after) or at a line break; blank ones are left out.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let end = if c == '\n' {
            Some(i)
        } else if matches!(c, '。' | '！' | '？' | '!' | '?' | '；') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '”' | '’' | '』' | '」' | '）' | ')') {
                j += 1;
            }
            i = j - 1;
            Some(j)
        } else {
            None
        };
        if let Some(e) = end {
            if chars[start..e].iter().any(|c| !c.is_whitespace()) {
                out.push((start, e));
            }
            start = if c == '\n' { e + 1 } else { e };
        }
        i += 1;
    }
    if start < chars.len() && chars[start..].iter().any(|c| !c.is_whitespace()) {
        out.push((start, chars.len()));
    }
    out
}

/// Spans of `entity` in `article`.
fn spans_in(conn: &Connection, entity: &str, article: &str) -> Result<Vec<(usize, usize)>> {
    let mut st =
        conn.prepare_cached("SELECT spans FROM entity_articles WHERE entity_id = ?1 AND article_id = ?2").map_err(err(conn))?;
    let mut out = Vec::new();
    for row in st.query_map(params![entity, article], |r| r.get::<_, String>(0)).map_err(err(conn))? {
        let found: Vec<(usize, usize)> = serde_json::from_str(&row.map_err(err(conn))?)
            .map_err(|x| damaged(conn, format!("entity_articles.spans of {entity} in {article}: {x}")))?;
        out.extend(found);
    }
    Ok(out)
}

/// The sentences of `text` naming both sets of spans (or, when none does, the first naming
/// each), with the mentions marked.
fn evidence_sentences(text: &str, ends: [(&str, &[(usize, usize)]); 2]) -> (Vec<Marked>, bool) {
    let chars: Vec<char> = text.chars().collect();
    let all = sentences(text);
    let inside = |s: (usize, usize), spans: &[(usize, usize)]| spans.iter().any(|&(a, b)| a >= s.0 && b <= s.1 && a < b);
    let mark = |s: (usize, usize)| {
        let mut marks: Vec<Mark> = Vec::new();
        for (entity, spans) in ends {
            for &(a, b) in spans {
                if a >= s.0 && b <= s.1 && a < b {
                    marks.push(Mark { entity: entity.to_string(), start: a - s.0, end: b - s.0 });
                }
            }
        }
        marks.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        Marked { text: chars[s.0..s.1].iter().collect::<String>().replace('\n', " "), marks }
    };
    let both: Vec<Marked> = all.iter().filter(|&&s| inside(s, ends[0].1) && inside(s, ends[1].1)).map(|&s| mark(s)).collect();
    if !both.is_empty() {
        return (both, true);
    }
    let mut firsts: Vec<(usize, usize)> = ends.iter().filter_map(|(_, spans)| all.iter().copied().find(|&s| inside(s, spans))).collect();
    firsts.sort();
    firsts.dedup();
    (firsts.into_iter().map(mark).collect(), false)
}

/// The evidence of the tie between `a` and `b`: up to `limit` articles naming both, ranked
/// as `query --with` ranks them, each with its sentences, and up to `limit` acts.
pub fn edge(conn: &Connection, a: Card, b: Card, limit: usize) -> Result<EdgeAnswer> {
    let links = links(conn, &a.id, &b.id)?;
    let (hits, more_articles) = cut(articles_with(conn, &[&a.id, &b.id], limit + 1)?, limit);
    let mut text_of = conn.prepare_cached("SELECT text FROM articles WHERE id = ?1").map_err(err(conn))?;
    let mut articles = Vec::new();
    for h in hits {
        let text: String = text_of.query_row([&h.id], |r| r.get(0)).map_err(err(conn))?;
        let (sa, sb) = (spans_in(conn, &a.id, &h.id)?, spans_in(conn, &b.id, &h.id)?);
        let (sentences, together) = evidence_sentences(&text, [(&a.id, &sa), (&b.id, &sb)]);
        articles.push(EdgeArticle { id: h.id, title: h.title, date: h.date, source: h.source, sentences, together });
    }
    let (acts, more_acts) = cut(acts_between(conn, &a.id, &b.id, limit + 1)?, limit);
    Ok(EdgeAnswer { a, b, links, articles, more_articles, acts, more_acts })
}

/// A node of a neighbourhood.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphNode {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub ty: String,
    pub mentions: i64,
    pub pagerank: f64,
    /// Steps from the centre.
    pub depth: usize,
}

/// A tie between two nodes of a neighbourhood: every kind of edge between them, the
/// heaviest weight (a co-occurrence's when there is one).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphEdge {
    pub source: String,
    pub target: String,
    pub kinds: Vec<String>,
    pub weight: f64,
}

/// An entity's neighbourhood: the centre first, then nodes by depth and strength.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Subgraph {
    pub center: String,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// Whether nodes were left out at `max_nodes`.
    pub more_nodes: bool,
}

/// The neighbourhood of `id` up to `depth` steps over the links `walk` allows, with
/// co-occurrences lighter than `min_weight` left out (role, located_in, covers and acts are
/// facts and stay), at most `max_nodes` nodes (the strongest ties at each depth first), and
/// every edge among the nodes kept.
pub fn neighborhood(conn: &Connection, id: &str, depth: usize, walk: &Walk, min_weight: f64, max_nodes: usize) -> Result<Option<Subgraph>> {
    let Some(center) = card(conn, id)? else { return Ok(None) };
    let keeps = |kind: &str, weight: f64| walk.follows(kind) && (kind != "cooccurs" || weight >= min_weight);
    let mut nodes = vec![GraphNode {
        id: center.id.clone(),
        name: center.name.clone(),
        ty: center.ty.clone(),
        mentions: center.mentions,
        pagerank: center.pagerank,
        depth: 0,
    }];
    let mut seen: BTreeSet<String> = BTreeSet::from([center.id.clone()]);
    let mut frontier = vec![center.id.clone()];
    let mut more_nodes = false;
    for d in 1..=depth {
        let mut found: BTreeMap<String, f64> = BTreeMap::new();
        for from in &frontier {
            for (other, kind, weight, _, _) in edges_at(conn, from)? {
                if seen.contains(&other) || !keeps(&kind, weight) {
                    continue;
                }
                let w = found.entry(other).or_insert(0.0);
                *w = w.max(weight);
            }
        }
        let mut level: Vec<(String, f64)> = found.into_iter().collect();
        level.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        frontier = Vec::new();
        for (other, _) in level {
            let Some(c) = card(conn, &other)? else { continue };
            if walk.exclude.contains(&c.ty) {
                continue;
            }
            if nodes.len() >= max_nodes {
                more_nodes = true;
                break;
            }
            seen.insert(c.id.clone());
            frontier.push(c.id.clone());
            nodes.push(GraphNode { id: c.id, name: c.name, ty: c.ty, mentions: c.mentions, pagerank: c.pagerank, depth: d });
        }
        if more_nodes {
            break;
        }
    }
    let mut ties: BTreeMap<(String, String), GraphEdge> = BTreeMap::new();
    for n in &nodes {
        for (other, kind, weight, _, from_source) in edges_at(conn, &n.id)? {
            if !seen.contains(&other) || !keeps(&kind, weight) || !from_source {
                continue;
            }
            let key = if n.id < other { (n.id.clone(), other.clone()) } else { (other.clone(), n.id.clone()) };
            let e = ties.entry(key.clone()).or_insert_with(|| GraphEdge { source: key.0, target: key.1, kinds: Vec::new(), weight: 0.0 });
            if !e.kinds.contains(&kind) {
                e.kinds.push(kind.clone());
                e.kinds.sort();
            }
            if kind == "cooccurs" || e.weight == 0.0 {
                e.weight = e.weight.max(weight);
            }
        }
    }
    Ok(Some(Subgraph { center: center.id, nodes, edges: ties.into_values().collect(), more_nodes }))
}

/// How many edges of each kind an entity has, most first.
pub fn kind_counts(conn: &Connection, id: &str) -> Result<Vec<(String, i64)>> {
    let mut st = conn
        .prepare_cached(
            "SELECT kind, count(*) AS n FROM (SELECT kind FROM edges WHERE source = ?1 UNION ALL SELECT kind FROM edges WHERE target = ?1)
             GROUP BY kind ORDER BY n DESC, kind",
        )
        .map_err(err(conn))?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(err(conn))?;
    rows.collect::<rusqlite::Result<Vec<_>>>().map_err(err(conn))
}
