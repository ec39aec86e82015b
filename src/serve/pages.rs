//! The HTML pages: one handler each, reading the store through `query` and rendering a
//! template. They work without JavaScript; `/static/app.js` adds type-ahead to the search
//! box and `/static/graph.js` pan and zoom to the graph.

use super::api::{GraphArgs, MAX_NODES, RANKINGS};
use super::view::{self, env, Seg};
use super::{blocking, bounded, find, layout, type_names, App, Fail, Params, DOWNLOADS};
use crate::graph::EDGE_KINDS;
use crate::query::{self, RankBy, Walk};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use serde::Serialize;
use std::sync::Arc;

/// A page or an error page with its status.
pub(crate) struct PageResult(Result<String, Fail>);

impl IntoResponse for PageResult {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(html) => Html(html).into_response(),
            Err(f) => error_page(f.status(), f.message()),
        }
    }
}

fn error_page(status: StatusCode, message: &str) -> Response {
    let html = env()
        .get_template("error.html")
        .and_then(|t| t.render(context! { status => status.as_u16(), reason => status.canonical_reason().unwrap_or(""), message, q => "" }))
        .unwrap_or_else(|_| "error".to_string());
    (status, Html(html)).into_response()
}

/// A 404 page.
pub(crate) fn not_found(message: &str) -> Response {
    error_page(StatusCode::NOT_FOUND, message)
}

fn render(name: &str, ctx: minijinja::Value) -> Result<String, Fail> {
    Ok(env().get_template(name)?.render(ctx)?)
}

async fn page(app: &Arc<App>, f: impl FnOnce(&rusqlite::Connection) -> Result<String, Fail> + Send + 'static) -> PageResult {
    PageResult(blocking(app, f).await)
}

/// The entity types with their names, for forms.
fn types() -> Vec<&'static str> {
    type_names()
}

/// `/`: the search box and the most central entities of each kind.
pub(crate) async fn home(State(app): State<Arc<App>>) -> PageResult {
    page(&app, |c| {
        let top = query::top(c, None, RankBy::Pagerank, 12)?;
        let officials = query::top(c, Some("official"), RankBy::Mentions, 8)?;
        let organizations = query::top(c, Some("organization"), RankBy::Mentions, 8)?;
        render("home.html", context! { q => "", top, officials, organizations })
    })
    .await
}

/// `/search?q=`: entities whose name or an alias contains the text; the closest names
/// when none does.
pub(crate) async fn search(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> PageResult {
    let p = Params(p);
    let q = match p.text("q") {
        Ok(q) => q.unwrap_or_default(),
        Err(f) => return PageResult(Err(f)),
    };
    page(&app, move |c| {
        let answer = query::search_answer(c, &q, 50)?;
        render("search.html", context! { q, answer })
    })
    .await
}

/// A related article with its snippet cut into segments.
#[derive(Serialize)]
struct Related {
    hit: query::ArticleHit,
    snippet: Vec<Seg>,
}

/// Neighbours linked by one kind of edge.
#[derive(Serialize)]
struct KindGroup {
    kind: String,
    count: i64,
    neighbors: Vec<query::Neighbor>,
}

/// How many neighbours of each kind the entity page lists.
const PER_KIND: usize = 8;

/// `/entity/{id}` (an id, a name or an alias): the card, posts, articles by month,
/// related articles, neighbours by kind of edge, acts.
pub(crate) async fn entity(State(app): State<Arc<App>>, Path(id): Path<String>, Query(p): Query<Vec<(String, String)>>) -> PageResult {
    let p = Params(p);
    let (id, limit) = match bounded(id).and_then(|id| Ok((id, p.int("limit", 20, 1, 200)?))) {
        Ok(x) => x,
        Err(f) => return PageResult(Err(f)),
    };
    page(&app, move |c| {
        let card = find(c, &id)?;
        let posts = if card.ty == "official" { query::post_spans(c, &card.id)? } else { Vec::new() };
        let chart = view::chart(&query::articles_by_month(c, &card.id)?);
        let (hits, more_articles) = query::cut(query::articles_with(c, &[&card.id], limit + 1)?, limit);
        let related: Vec<Related> =
            hits.into_iter().map(|hit| Related { snippet: view::snippet(&hit.snippet, &card.id, &card.ty), hit }).collect();
        let near = query::neighbors(c, &card.id, None, 1, 300)?;
        let groups: Vec<KindGroup> = query::kind_counts(c, &card.id)?
            .into_iter()
            .map(|(kind, count)| KindGroup {
                neighbors: near.iter().filter(|n| n.kinds.contains(&kind)).take(PER_KIND).cloned().collect(),
                kind,
                count,
            })
            .collect();
        let (acts, more_acts) = query::cut(query::acts(c, &card.id, None, limit + 1)?, limit);
        render("entity.html", context! { q => "", card, posts, chart, related, more_articles, groups, acts, more_acts, limit })
    })
    .await
}

/// `/edge?a=&b=`: the edges between two entities, the articles and sentences naming
/// both, the acts between them.
pub(crate) async fn edge(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> PageResult {
    let p = Params(p);
    let (a, b, limit) = match p.edge() {
        Ok(x) => x,
        Err(f) => return PageResult(Err(f)),
    };
    page(&app, move |c| {
        let (a, b) = (find(c, &a)?, find(c, &b)?);
        let answer = query::edge(c, a, b, limit)?;
        let types = [(answer.a.id.as_str(), answer.a.ty.as_str(), answer.a.name.as_str()), (answer.b.id.as_str(), answer.b.ty.as_str(), answer.b.name.as_str())];
        let sentences: Vec<Vec<Vec<Seg>>> =
            answer.articles.iter().map(|art| art.sentences.iter().map(|s| view::marked(s, &types)).collect()).collect();
        render("edge.html", context! { q => "", answer, sentences, limit })
    })
    .await
}

/// `/article/{id}?e=ENTITY`: the article with every mention marked in its type's colour
/// and linked to its entity (`e`'s mentions stand out).
pub(crate) async fn article(State(app): State<Arc<App>>, Path(id): Path<String>, Query(p): Query<Vec<(String, String)>>) -> PageResult {
    let p = Params(p);
    let (id, focus) = match bounded(id).and_then(|id| Ok((id, p.text("e")?.unwrap_or_default()))) {
        Ok(x) => x,
        Err(f) => return PageResult(Err(f)),
    };
    page(&app, move |c| {
        let art = query::article(c, &id)?.ok_or_else(|| Fail::NotFound(format!("no article `{id}`")))?;
        let paragraphs = view::paragraphs(&art.text, &art.mentions);
        let mut entities: Vec<(String, String, String, usize)> = Vec::new();
        for m in &art.mentions {
            match entities.iter_mut().find(|e| e.0 == m.entity) {
                Some(e) => e.3 += 1,
                None => entities.push((m.entity.clone(), m.name.clone(), m.ty.clone(), 1)),
            }
        }
        entities.sort_by(|a, b| a.2.cmp(&b.2).then(b.3.cmp(&a.3)).then(a.1.cmp(&b.1)));
        let entities: Vec<_> = entities.into_iter().map(|(id, name, ty, n)| context! { id, name, ty, n }).collect();
        render("article.html", context! { q => "", art, paragraphs, entities, focus })
    })
    .await
}

/// `/graph/{id}?depth=&exclude=&via=&min_weight=&max_nodes=`: the neighbourhood laid out
/// on the server and drawn as SVG.
pub(crate) async fn graph(State(app): State<Arc<App>>, Path(id): Path<String>, Query(p): Query<Vec<(String, String)>>) -> PageResult {
    let p = Params(p);
    let (id, g) = match bounded(id).and_then(|id| Ok((id, GraphArgs::from(&p)?))) {
        Ok(x) => x,
        Err(f) => return PageResult(Err(f)),
    };
    page(&app, move |c| {
        let card = find(c, &id)?;
        let sub = query::neighborhood(c, &card.id, g.depth, &g.walk, g.min_weight, g.max_nodes)?
            .ok_or_else(|| Fail::NotFound(format!("no entity `{}`", card.id)))?;
        let pos = layout::place(&sub);
        let (nodes, edges) = view::drawing(&sub, &pos);
        let mut present: Vec<&str> = sub.nodes.iter().map(|n| n.ty.as_str()).collect();
        present.sort();
        present.dedup();
        let Walk { exclude, via } = &g.walk;
        render(
            "graph.html",
            context! {
                q => "", card, nodes, edges, more_nodes => sub.more_nodes, present,
                depth => g.depth, exclude, via, min_weight => view::num(g.min_weight), max_nodes => g.max_nodes,
                types => types(), kinds => EDGE_KINDS, max_nodes_limit => MAX_NODES,
                width => layout::WIDTH, height => layout::HEIGHT,
            },
        )
    })
    .await
}

/// `/path?from=&to=&via=&exclude=&max_depth=`: the shortest chain with the evidence of each
/// link (the form alone when `from` or `to` is missing).
pub(crate) async fn path(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> PageResult {
    let p = Params(p);
    let args = (|| {
        Ok((
            p.text("from")?,
            p.text("to")?,
            p.int("max_depth", 6, 1, 8)?,
            Walk { exclude: p.list("exclude", &type_names())?, via: p.list("via", &EDGE_KINDS)? },
        ))
    })();
    let (from, to, max_depth, walk) = match args {
        Ok(x) => x,
        Err(f) => return PageResult(Err(f)),
    };
    page(&app, move |c| {
        let (steps, asked) = match (&from, &to) {
            (Some(a), Some(b)) => {
                let (a, b) = (find(c, a)?, find(c, b)?);
                (query::path_walking(c, &a.id, &b.id, max_depth, &walk)?, true)
            }
            _ => (None, false),
        };
        render(
            "path.html",
            context! {
                q => "", from => from.unwrap_or_default(), to => to.unwrap_or_default(), max_depth, steps, asked,
                exclude => walk.exclude, via => walk.via, types => types(), kinds => EDGE_KINDS,
            },
        )
    })
    .await
}

/// `/top?type=&by=&limit=`: the top entities by a measure.
pub(crate) async fn top(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> PageResult {
    let p = Params(p);
    let args = (|| Ok((p.choice("type", &type_names())?, p.choice("by", &RANKINGS)?, p.int("limit", 50, 1, 500)?)))();
    let (ty, by, limit) = match args {
        Ok(x) => x,
        Err(f) => return PageResult(Err(f)),
    };
    let by = by.unwrap_or_else(|| "pagerank".to_string());
    page(&app, move |c| {
        let rank: RankBy = by.parse().map_err(Fail::BadRequest)?;
        let entities = query::top(c, ty.as_deref(), rank, limit)?;
        render("top.html", context! { q => "", entities, ty => ty.unwrap_or_default(), by, limit, types => types(), rankings => RANKINGS })
    })
    .await
}

/// `/downloads`: the build's graph files, with their sizes.
pub(crate) async fn downloads(State(app): State<Arc<App>>) -> PageResult {
    let dir = app.pool.dir.clone();
    page(&app, move |_| {
        let files: Vec<_> = DOWNLOADS
            .iter()
            .filter_map(|(name, _)| {
                let m = std::fs::metadata(dir.join(name)).ok()?;
                Some(context! { name, size => human(m.len()) })
            })
            .collect();
        render("downloads.html", context! { q => "", files })
    })
    .await
}

/// A file size for people.
fn human(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.1} GB", n as f64 / 1e9),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.1} kB", n as f64 / 1e3),
        n => format!("{n} bytes"),
    }
}
