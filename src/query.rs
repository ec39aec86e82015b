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
    pub articles: Vec<String>,
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
        let articles = match &kind {
            Some(k) => link_articles(conn, &chain[i - 1].0, id, k)?,
            None => Vec::new(),
        };
        let evidence = evidence(conn, &articles, EVIDENCE)?;
        steps.push(Step { id: c.id, name: c.name, ty: c.ty, kind, forward, articles, evidence });
    }
    Ok(Some(steps))
}

/// How many articles a path shows by title for each link.
const EVIDENCE: usize = 3;

/// The articles behind the link of `kind` between `x` and `y`, in either direction.
fn link_articles(conn: &Connection, x: &str, y: &str, kind: &str) -> Result<Vec<String>> {
    let mut st = conn
        .prepare_cached(
            "SELECT articles FROM edges
             WHERE kind = ?3 AND ((source = ?1 AND target = ?2) OR (source = ?2 AND target = ?1))",
        )
        .map_err(err(conn))?;
    let lists = st.query_map(params![x, y, kind], |r| r.get::<_, String>(0)).map_err(err(conn))?;
    let mut ids = BTreeSet::new();
    for list in lists {
        let list: Vec<String> = serde_json::from_str(&list.map_err(err(conn))?)
            .map_err(|e| damaged(conn, format!("edges.articles of {kind} {x} – {y}: {e}")))?;
        ids.extend(list);
    }
    Ok(ids.into_iter().collect())
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
    let mut st = conn
        .prepare_cached(
            "SELECT r.kind, r.subject, coalesce(s.name, r.subject), r.object, coalesce(o.name, r.object), r.trigger,
                    substr(a.text, r.start + 1, r.end - r.start), r.article_id, a.title, r.date
             FROM relations r JOIN articles a ON a.id = r.article_id
             LEFT JOIN entities s ON s.id = r.subject LEFT JOIN entities o ON o.id = r.object
             WHERE (r.subject = ?1 OR r.object = ?1) AND (?2 IS NULL OR r.kind = ?2)
             ORDER BY r.date IS NULL, r.date, r.ordinal, r.start, r.kind, r.subject, r.object LIMIT ?3",
        )
        .map_err(err(conn))?;
    let rows = st
        .query_map(params![id, kind, limit as i64], |r| {
            Ok(Act {
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
            })
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
