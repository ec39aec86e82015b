//! `newsgraph serve`: a local web app over the store a build writes. Server-rendered HTML
//! pages that work without JavaScript (search, entity, edge, article, graph, path, top,
//! downloads) and a JSON API under `/api/` with the shapes of the CLI's `--json`.
//!
//! The store is only read: each request takes a read-only SQLite connection from a small
//! pool (WAL lets a build or `--append` run beside it; a connection opened on a store that
//! a build has since replaced is dropped, so the next request reads the new one), and the
//! database work and rendering run on tokio's blocking pool. Templates (minijinja, every
//! value HTML-escaped) and static assets are compiled into the binary; nothing is fetched
//! at run time. Every answer carries a Content-Security-Policy that allows only this
//! server's own scripts and styles, and parameters out of range are a 400, not a panic.

mod api;
pub mod layout;
mod pages;
mod view;

use crate::error::{Error, Result};
use axum::extract::{Path as UrlPath, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rusqlite::Connection;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How to serve: which store, on which address.
#[derive(Clone, Debug, PartialEq)]
pub struct ServeConfig {
    /// The directory a build wrote (holding `newsgraph.db`).
    pub store: PathBuf,
    /// The address to bind (loopback unless asked otherwise).
    pub host: IpAddr,
    /// The port (0: any free one; the bound address is printed).
    pub port: u16,
}

impl ServeConfig {
    /// Serving `store` on 127.0.0.1:8080.
    pub fn new(store: impl Into<PathBuf>) -> ServeConfig {
        ServeConfig { store: store.into(), host: IpAddr::V4(Ipv4Addr::LOCALHOST), port: 8080 }
    }

    pub fn host(mut self, host: IpAddr) -> ServeConfig {
        self.host = host;
        self
    }

    pub fn port(mut self, port: u16) -> ServeConfig {
        self.port = port;
        self
    }
}

/// A bound server, not yet answering: [`Server::local_addr`] tells where it listens,
/// [`Server::run`] answers until the process ends.
pub struct Server {
    listener: tokio::net::TcpListener,
    app: Router,
    addr: SocketAddr,
}

impl Server {
    /// Checks the store (it must exist and be of this newsgraph's schema) and binds.
    pub async fn bind(cfg: &ServeConfig) -> Result<Server> {
        drop(crate::store::open(&cfg.store)?);
        let at = SocketAddr::new(cfg.host, cfg.port);
        let bind_err = |e: std::io::Error| Error::Serve { addr: at.to_string(), source: e };
        let listener = tokio::net::TcpListener::bind(at).await.map_err(bind_err)?;
        let addr = listener.local_addr().map_err(bind_err)?;
        let state = Arc::new(App { pool: Pool { dir: cfg.store.clone(), idle: Mutex::new(Vec::new()) } });
        Ok(Server { listener, app: router(state), addr })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Answers requests until the process ends.
    pub async fn run(self) -> Result<()> {
        let addr = self.addr.to_string();
        axum::serve(self.listener, self.app).await.map_err(|e| Error::Serve { addr, source: e })
    }
}

/// Binds, hands the address to `bound` (to print it), then serves on a runtime of its own
/// until the process ends.
pub fn run_blocking(cfg: &ServeConfig, bound: impl FnOnce(SocketAddr)) -> Result<()> {
    let rt = runtime()?;
    rt.block_on(async {
        let server = Server::bind(cfg).await?;
        bound(server.local_addr());
        server.run().await
    })
}

/// Starts a server on a thread of its own (for tests and embedding) and returns its address
/// once it listens; it serves until the process ends.
pub fn spawn(cfg: &ServeConfig) -> Result<SocketAddr> {
    let rt = runtime()?;
    let server = rt.block_on(Server::bind(cfg))?;
    let addr = server.local_addr();
    std::thread::spawn(move || rt.block_on(server.run()));
    Ok(addr)
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Serve { addr: "runtime".into(), source: e })
}

/// The state every handler shares.
struct App {
    pool: Pool,
}

/// Read-only connections to the store, kept for the next request while the file they
/// were opened on is still the store's.
struct Pool {
    dir: PathBuf,
    idle: Mutex<Vec<(Connection, FileId)>>,
}

/// What tells one store file from the one a later build renamed into its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileId(u64, u64);

fn file_id(path: &Path) -> FileId {
    let Ok(m) = std::fs::metadata(path) else { return FileId(0, 0) };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        FileId(m.dev(), m.ino())
    }
    #[cfg(not(unix))]
    {
        let t = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as u64);
        FileId(m.len(), t)
    }
}

/// How many idle connections are kept.
const POOL: usize = 8;

impl Pool {
    fn get(&self) -> Result<(Connection, FileId)> {
        let now = file_id(&self.dir.join(crate::store::FILE));
        {
            let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
            while let Some((conn, id)) = idle.pop() {
                if id == now {
                    return Ok((conn, id));
                }
            }
        }
        let conn = crate::store::open(&self.dir)?;
        // The pages use a few dozen statements; keep them all prepared.
        conn.set_prepared_statement_cache_capacity(64);
        Ok((conn, now))
    }

    fn put(&self, conn: (Connection, FileId)) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < POOL {
            idle.push(conn);
        }
    }
}

/// Why a request failed; pages answer it as HTML, the API as JSON.
#[derive(Debug)]
pub(crate) enum Fail {
    BadRequest(String),
    NotFound(String),
    Internal(String),
}

impl Fail {
    fn status(&self) -> StatusCode {
        match self {
            Fail::BadRequest(_) => StatusCode::BAD_REQUEST,
            Fail::NotFound(_) => StatusCode::NOT_FOUND,
            Fail::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn message(&self) -> &str {
        match self {
            Fail::BadRequest(m) | Fail::NotFound(m) | Fail::Internal(m) => m,
        }
    }
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        Fail::Internal(e.to_string())
    }
}

impl From<minijinja::Error> for Fail {
    fn from(e: minijinja::Error) -> Self {
        Fail::Internal(format!("template: {e:#}"))
    }
}

/// Runs `f` with a pooled connection on the blocking pool.
async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&Connection) -> std::result::Result<T, Fail> + Send + 'static,
) -> std::result::Result<T, Fail> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || {
        let conn = app.pool.get()?;
        let out = f(&conn.0);
        app.pool.put(conn);
        out
    })
    .await
    .map_err(|e| Fail::Internal(format!("request task: {e}")))?
}

/// The policy every answer carries: only this server's scripts, styles and images; no
/// inline script, no plugins, no framing, forms only to here.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the security headers and the server's time for the request (`Server-Timing:
/// app;dur=MS`, what the benchmark reads).
async fn headers(req: Request, next: Next) -> Response {
    let t0 = std::time::Instant::now();
    let mut res = next.run(req).await;
    let ms = t0.elapsed().as_secs_f64() * 1000.0;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.2}")) {
        h.insert("server-timing", v);
    }
    res
}

fn router(state: Arc<App>) -> Router {
    Router::new()
        .route("/", get(pages::home))
        .route("/search", get(pages::search))
        .route("/entity/{id}", get(pages::entity))
        .route("/edge", get(pages::edge))
        .route("/article/{id}", get(pages::article))
        .route("/graph/{id}", get(pages::graph))
        .route("/path", get(pages::path))
        .route("/top", get(pages::top))
        .route("/downloads", get(pages::downloads))
        .route("/download/{file}", get(download))
        .route("/static/{file}", get(asset))
        .route("/favicon.ico", get(|| async { axum::response::Redirect::permanent("/static/icon.svg") }))
        .route("/api/search", get(api::search))
        .route("/api/query", get(api::query))
        .route("/api/neighbors", get(api::neighbors))
        .route("/api/path", get(api::path))
        .route("/api/top", get(api::top))
        .route("/api/careers", get(api::careers))
        .route("/api/article/{id}", get(api::article))
        .route("/api/edge", get(api::edge))
        .route("/api/graph", get(api::graph))
        .fallback(api::fallback)
        .layer(axum::middleware::from_fn(headers))
        .with_state(state)
}

/// The static assets, compiled in.
const ASSETS: [(&str, &str, &str); 4] = [
    ("icon.svg", "image/svg+xml", include_str!("static/icon.svg")),
    ("app.css", "text/css; charset=utf-8", include_str!("static/app.css")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("static/app.js")),
    ("graph.js", "text/javascript; charset=utf-8", include_str!("static/graph.js")),
];

async fn asset(UrlPath(file): UrlPath<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, ty, body)) => {
            ([(header::CONTENT_TYPE, *ty), (header::CACHE_CONTROL, "max-age=3600")], *body).into_response()
        }
        None => pages::not_found(&format!("no asset `{file}`")),
    }
}

/// The files of a build that can be downloaded: only these names, read from the store's
/// directory, so no request names any other path.
pub const DOWNLOADS: [(&str, &str); 5] = [
    ("graph.graphml", "application/graphml+xml"),
    ("graph.gexf", "application/gexf+xml"),
    ("graph.json", "application/json"),
    ("articles.jsonl", "application/x-ndjson"),
    ("graph.png", "image/png"),
];

async fn download(axum::extract::State(app): axum::extract::State<Arc<App>>, UrlPath(file): UrlPath<String>) -> Response {
    let Some((name, ty)) = DOWNLOADS.iter().find(|(name, _)| *name == file) else {
        return pages::not_found(&format!("no download `{file}`"));
    };
    let path = app.pool.dir.join(name);
    let Ok(f) = tokio::fs::File::open(&path).await else {
        return pages::not_found(&format!("this build has no {name}"));
    };
    let len = f.metadata().await.map(|m| m.len()).ok();
    let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(f));
    let mut res = (
        [(header::CONTENT_TYPE, *ty), (header::CONTENT_DISPOSITION, &format!("attachment; filename=\"{name}\"") as &str)],
        body,
    )
        .into_response();
    if let Some(len) = len.and_then(|l| HeaderValue::from_str(&l.to_string()).ok()) {
        res.headers_mut().insert(header::CONTENT_LENGTH, len);
    }
    res
}

/// Query parameters, in order (a key may repeat: HTML checkboxes), with validating
/// getters that answer 400 for anything out of range.
pub(crate) struct Params(pub Vec<(String, String)>);

/// The longest name or query text taken.
const MAX_TEXT: usize = 200;

impl Params {
    /// The first non-empty value of `key`, trimmed.
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.trim()).find(|v| !v.is_empty())
    }

    /// A text parameter, at most [`MAX_TEXT`] chars.
    fn text(&self, key: &str) -> std::result::Result<Option<String>, Fail> {
        match self.get(key) {
            Some(v) if v.chars().count() > MAX_TEXT => Err(Fail::BadRequest(format!("`{key}` is longer than {MAX_TEXT} characters"))),
            v => Ok(v.map(str::to_string)),
        }
    }

    /// A required text parameter.
    fn required(&self, key: &str) -> std::result::Result<String, Fail> {
        self.text(key)?.ok_or_else(|| Fail::BadRequest(format!("`{key}` is required")))
    }

    /// A whole number in `min..=max`, `default` when absent.
    fn int(&self, key: &str, default: usize, min: usize, max: usize) -> std::result::Result<usize, Fail> {
        let Some(v) = self.get(key) else { return Ok(default) };
        match v.parse::<usize>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(Fail::BadRequest(format!("`{key}` must be a whole number from {min} to {max}, not `{v}`"))),
        }
    }

    /// The two ends and the article limit of an edge request (`a`, `b`, `limit`), as the
    /// page and the API both take them.
    fn edge(&self) -> std::result::Result<(String, String, usize), Fail> {
        Ok((self.required("a")?, self.required("b")?, self.int("limit", 20, 1, 200)?))
    }

    /// A number in `0..=max`, `default` when absent.
    fn number(&self, key: &str, default: f64, max: f64) -> std::result::Result<f64, Fail> {
        let Some(v) = self.get(key) else { return Ok(default) };
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && (0.0..=max).contains(&x) => Ok(x),
            _ => Err(Fail::BadRequest(format!("`{key}` must be a number from 0 to {max}, not `{v}`"))),
        }
    }

    /// Every value of `key`, repeated or comma-separated, each one of `allowed`.
    fn list(&self, key: &str, allowed: &[&str]) -> std::result::Result<Vec<String>, Fail> {
        let mut out: Vec<String> = Vec::new();
        for (_, v) in self.0.iter().filter(|(k, _)| k == key) {
            for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if !allowed.contains(&item) {
                    return Err(Fail::BadRequest(format!("`{key}`: unknown value `{item}` ({})", allowed.join(", "))));
                }
                if !out.iter().any(|x| x == item) {
                    out.push(item.to_string());
                }
            }
        }
        Ok(out)
    }

    /// One value of `allowed`, if given.
    fn choice(&self, key: &str, allowed: &[&str]) -> std::result::Result<Option<String>, Fail> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if allowed.contains(&v) => Ok(Some(v.to_string())),
            Some(v) => Err(Fail::BadRequest(format!("`{key}`: unknown value `{v}` ({})", allowed.join(", ")))),
        }
    }
}

/// A name or id from the URL's path, at most [`MAX_TEXT`] chars (a longer one is no
/// name; looking it up would only cost the closest-name search).
fn bounded(s: String) -> std::result::Result<String, Fail> {
    if s.chars().count() > MAX_TEXT {
        return Err(Fail::BadRequest(format!("a name or id is at most {MAX_TEXT} characters")));
    }
    Ok(s)
}

/// The entity types' names, for parameters.
fn type_names() -> Vec<&'static str> {
    crate::model::EntityType::ALL.iter().map(|t| t.as_str()).collect()
}

/// The acts' kinds, for `acts=`.
const ACT_KINDS: [&str; 7] = ["visits", "meets", "signs", "helps", "runs", "invests_in", "builds"];

/// Finds an entity by id, name or alias, or fails with 404 and the closest names.
fn find(conn: &Connection, name: &str) -> std::result::Result<crate::query::Card, Fail> {
    use crate::query::Found;
    match crate::query::find(conn, name)? {
        Found::One(c) => Ok(c),
        // Officials who share a name: the search page lists each, linked by id.
        Found::Several(cards) => {
            let ids: Vec<&str> = cards.iter().map(|c| c.id.as_str()).collect();
            Err(Fail::NotFound(format!("{name} names {} entities: {}; open one by id", ids.len(), ids.join(", "))))
        }
        Found::Nothing(s) if s.is_empty() => Err(Fail::NotFound(format!("no entity named `{name}`"))),
        Found::Nothing(s) => Err(Fail::NotFound(format!("no entity named `{name}`; did you mean: {}?", s.join(", ")))),
    }
}
