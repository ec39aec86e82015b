//! The JSON API under `/api/`: the CLI's `--json` shapes (query, neighbors, path, top,
//! careers) with its flags as query parameters, and what the pages read (search, an
//! article with its mentions, an edge's evidence, a laid-out neighbourhood).

use super::{blocking, bounded, find, layout, type_names, App, Fail, Params, ACT_KINDS};
use crate::graph::EDGE_KINDS;
use crate::query::{self, RankBy, Walk};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::sync::Arc;

/// A JSON answer or a JSON error (`{"error": …}` with its status).
pub(crate) struct ApiResult(Result<serde_json::Value, Fail>);

impl IntoResponse for ApiResult {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(v) => Json(v).into_response(),
            Err(f) => (f.status(), Json(serde_json::json!({ "error": f.message() }))).into_response(),
        }
    }
}

fn json(v: impl Serialize) -> Result<serde_json::Value, Fail> {
    serde_json::to_value(v).map_err(|e| Fail::Internal(e.to_string()))
}

/// Runs a JSON handler body on the blocking pool.
async fn answer(
    app: &Arc<App>,
    f: impl FnOnce(&rusqlite::Connection) -> Result<serde_json::Value, Fail> + Send + 'static,
) -> ApiResult {
    ApiResult(blocking(app, f).await)
}

/// `/api/search?q=&limit=`: entities whose name or an alias contains `q`.
pub(crate) async fn search(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> ApiResult {
    let p = Params(p);
    let args = (|| Ok((p.required("q")?, p.int("limit", 10, 1, 100)?)))();
    let (q, limit) = match args {
        Ok(a) => a,
        Err(f) => return ApiResult(Err(f)),
    };
    answer(&app, move |c| json(query::search_answer(c, &q, limit)?)).await
}

/// `/api/query?name=&with=&limit=&acts=`: `newsgraph query --json`.
pub(crate) async fn query(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> ApiResult {
    let p = Params(p);
    let args = (|| Ok((p.required("name")?, p.text("with")?, p.int("limit", 10, 1, 500)?, p.choice("acts", &ACT_KINDS)?)))();
    let (name, with, limit, acts) = match args {
        Ok(a) => a,
        Err(f) => return ApiResult(Err(f)),
    };
    answer(&app, move |c| {
        let card = find(c, &name)?;
        match with {
            Some(other) => json(query::with_answer(c, card, find(c, &other)?, limit)?),
            None => json(query::entity_answer(c, card, limit, acts.as_deref())?),
        }
    })
    .await
}

/// The walk of `exclude=` and `via=`.
fn walk(p: &Params) -> Result<Walk, Fail> {
    Ok(Walk { exclude: p.list("exclude", &type_names())?, via: p.list("via", &EDGE_KINDS)? })
}

/// `/api/neighbors?name=&type=&depth=&limit=&exclude=&via=`: `newsgraph neighbors --json`.
pub(crate) async fn neighbors(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> ApiResult {
    let p = Params(p);
    let args = (|| {
        Ok((p.required("name")?, p.choice("type", &type_names())?, p.int("depth", 1, 1, 3)?, p.int("limit", 30, 1, 500)?, walk(&p)?))
    })();
    let (name, ty, depth, limit, walk) = match args {
        Ok(a) => a,
        Err(f) => return ApiResult(Err(f)),
    };
    answer(&app, move |c| {
        let card = find(c, &name)?;
        json(query::neighbors_answer(c, card, ty.as_deref(), depth, limit, &walk)?)
    })
    .await
}

/// `/api/path?from=&to=&max_depth=&exclude=&via=`: `newsgraph path --json`.
pub(crate) async fn path(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> ApiResult {
    let p = Params(p);
    let args = (|| Ok((p.required("from")?, p.required("to")?, p.int("max_depth", 6, 1, 8)?, walk(&p)?)))();
    let (from, to, max_depth, walk) = match args {
        Ok(a) => a,
        Err(f) => return ApiResult(Err(f)),
    };
    answer(&app, move |c| {
        let (a, b) = (find(c, &from)?, find(c, &to)?);
        let steps = query::path_walking(c, &a.id, &b.id, max_depth, &walk)?;
        json(query::PathAnswer { from: a.id, to: b.id, path: steps })
    })
    .await
}

/// The rankings `top` takes.
pub(crate) const RANKINGS: [&str; 4] = ["degree", "weighted", "pagerank", "mentions"];

/// `/api/top?type=&by=&limit=`: `newsgraph top --json`.
pub(crate) async fn top(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> ApiResult {
    let p = Params(p);
    let args = (|| Ok((p.choice("type", &type_names())?, p.choice("by", &RANKINGS)?, p.int("limit", 20, 1, 500)?)))();
    let (ty, by, limit) = match args {
        Ok(a) => a,
        Err(f) => return ApiResult(Err(f)),
    };
    let by: RankBy = by.as_deref().unwrap_or("pagerank").parse().unwrap_or(RankBy::Pagerank);
    answer(&app, move |c| json(query::TopAnswer { entities: query::top(c, ty.as_deref(), by, limit)? })).await
}

/// `/api/careers?name=`: `newsgraph careers --json` (one official, or all).
pub(crate) async fn careers(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> ApiResult {
    let p = Params(p);
    let name = match p.text("name") {
        Ok(n) => n,
        Err(f) => return ApiResult(Err(f)),
    };
    answer(&app, move |c| {
        let id = match name {
            Some(n) => {
                let card = find(c, &n)?;
                if card.ty != "official" {
                    return Err(Fail::BadRequest(format!("{} is a {}, not an official: only officials have careers", card.name, card.ty)));
                }
                Some(card.id)
            }
            None => None,
        };
        json(serde_json::json!({ "careers": query::careers(c, id.as_deref())? }))
    })
    .await
}

/// `/api/article/{id}`: the article, its text and every mention.
pub(crate) async fn article(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let id = match bounded(id) {
        Ok(id) => id,
        Err(f) => return ApiResult(Err(f)),
    };
    answer(&app, move |c| match query::article(c, &id)? {
        Some(a) => json(a),
        None => Err(Fail::NotFound(format!("no article `{id}`"))),
    })
    .await
}

/// `/api/edge?a=&b=&limit=`: the edges between two entities, the articles and sentences
/// naming both, the acts between them.
pub(crate) async fn edge(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> ApiResult {
    let p = Params(p);
    let (a, b, limit) = match p.edge() {
        Ok(a) => a,
        Err(f) => return ApiResult(Err(f)),
    };
    answer(&app, move |c| {
        let (a, b) = (find(c, &a)?, find(c, &b)?);
        json(query::edge(c, a, b, limit)?)
    })
    .await
}

/// What the graph page and `/api/graph` take: `name`, `depth` (1–2), `exclude` (types),
/// `via` (edge kinds), `min_weight`, `max_nodes` (at most 300).
pub(crate) struct GraphArgs {
    pub depth: usize,
    pub walk: Walk,
    pub min_weight: f64,
    pub max_nodes: usize,
}

/// The most nodes a graph shows.
pub(crate) const MAX_NODES: usize = 300;

impl GraphArgs {
    pub(crate) fn from(p: &Params) -> Result<GraphArgs, Fail> {
        Ok(GraphArgs {
            depth: p.int("depth", 1, 1, 2)?,
            walk: walk(p)?,
            min_weight: p.number("min_weight", 0.0, 1e9)?,
            max_nodes: p.int("max_nodes", 150, 2, MAX_NODES)?,
        })
    }
}

/// A laid-out node: the neighbourhood's node and where the layout put it.
#[derive(Serialize)]
pub(crate) struct Placed<'a> {
    #[serde(flatten)]
    pub node: &'a query::GraphNode,
    pub x: f64,
    pub y: f64,
}

/// `/api/graph?name=&depth=&exclude=&via=&min_weight=&max_nodes=`: the neighbourhood with
/// the server's layout (the positions the graph page draws); `&format=gexf` gives it as a
/// GEXF file with the positions as `viz:position`.
pub(crate) async fn graph(State(app): State<Arc<App>>, Query(p): Query<Vec<(String, String)>>) -> Response {
    let p = Params(p);
    let args = (|| Ok((p.required("name")?, GraphArgs::from(&p)?, p.choice("format", &["json", "gexf"])?)))();
    let (name, g, format) = match args {
        Ok(a) => a,
        Err(f) => return ApiResult(Err(f)).into_response(),
    };
    if format.as_deref() == Some("gexf") {
        let gexf = blocking(&app, move |c| {
            let card = find(c, &name)?;
            let sub = query::neighborhood(c, &card.id, g.depth, &g.walk, g.min_weight, g.max_nodes)?
                .ok_or_else(|| Fail::NotFound(format!("no entity `{}`", card.id)))?;
            Ok(super::view::gexf(&sub, &layout::place(&sub)))
        })
        .await;
        return match gexf {
            Ok(body) => (
                [
                    (axum::http::header::CONTENT_TYPE, "application/gexf+xml; charset=utf-8"),
                    (axum::http::header::CONTENT_DISPOSITION, "attachment; filename=\"neighbourhood.gexf\""),
                ],
                body,
            )
                .into_response(),
            Err(f) => ApiResult(Err(f)).into_response(),
        };
    }
    answer(&app, move |c| {
        let card = find(c, &name)?;
        let sub = query::neighborhood(c, &card.id, g.depth, &g.walk, g.min_weight, g.max_nodes)?
            .ok_or_else(|| Fail::NotFound(format!("no entity `{}`", card.id)))?;
        let pos = layout::place(&sub);
        let nodes: Vec<Placed> = sub.nodes.iter().zip(&pos).map(|(node, &[x, y])| Placed { node, x, y }).collect();
        json(serde_json::json!({ "center": sub.center, "nodes": nodes, "edges": sub.edges, "more_nodes": sub.more_nodes }))
    })
    .await
    .into_response()
}

/// Anything else: a 404, as JSON under `/api/`, as a page elsewhere.
pub(crate) async fn fallback(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        (StatusCode::NOT_FOUND, Json(serde_json::json!({ "error": format!("no such route: {}", uri.path()) }))).into_response()
    } else {
        super::pages::not_found(&format!("no page at {}", uri.path()))
    }
}
