//! Stage 6: the entity graph (petgraph), one node per entity.
//!
//! Edge kinds:
//! * `cooccurs`: both entities are mentioned in the same window (sentence, paragraph or
//!   article). Journalists are bylines, not actors, and get none.
//! * `role`: what the text states, an official holding titles in an organization or
//!   district (赵青 → 中原区审计局, roles 党组书记, 局长), with the titles.
//! * `located_in`: a division inside its nearest ancestor in the graph (town → county →
//!   city → province, from the division codes), an organization in its district.
//!
//! Every edge keeps the ids of its articles and, where articles have dates, the first and
//! last date. Co-occurrence edges carry three weights (see [`Edge`]). Nodes and edges are
//! sorted by id, so the same input always gives the same graph.
//!
//! One node per person, not per name: officials who share a name are one node only when
//! their posts are compatible (the same county-level jurisdiction or one of its ancestors,
//! or the same organization). Each mention is kept apart by where it places the official
//! while articles are added, and [`GraphBuilder::build`] clusters them by the division
//! tree and names each cluster of a split name after its jurisdiction (`official:王伟@中原区`;
//! see [`SplitIds`] and DESIGN.md, *One node per person*).

use crate::model::{ArticleRecord, EntityRecord};
use crate::model::{RelationKind, EntityId, EntityType};
use crate::dict::{DictIndex, Entry};
use petgraph::graph::{NodeIndex, UnGraph};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;
use std::sync::Arc;

mod articles;
pub use articles::{ArticleTable, Articles};

/// The co-occurrence window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Window {
    Sentence,
    /// The default: a paragraph of a news story is one event or one point; a whole feature
    /// article would link everything to everything, a sentence misses pairs a story states
    /// across two sentences.
    #[default]
    Paragraph,
    Article,
}

impl Window {
    pub fn as_str(self) -> &'static str {
        match self {
            Window::Sentence => "sentence",
            Window::Paragraph => "paragraph",
            Window::Article => "article",
        }
    }
}

impl FromStr for Window {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "sentence" => Ok(Window::Sentence),
            "paragraph" => Ok(Window::Paragraph),
            "article" => Ok(Window::Article),
            _ => Err(format!("unknown window `{s}` (sentence, paragraph, article)")),
        }
    }
}

/// An entity node, with the metrics [`crate::analysis`] fills in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node {
    pub id: EntityId,
    pub ty: Option<EntityType>,
    pub name: String,
    pub mentions: usize,
    /// The articles mentioning it: ranks in the graph's one table of article ids, shared
    /// by every node and edge (in a large graph these sets are most of the memory).
    pub articles: Articles,
    /// Other spellings seen in the text (short forms, full organ names).
    pub aliases: BTreeSet<String>,
    /// Titles an official was given, with how often.
    pub roles: BTreeMap<String, usize>,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub degree: usize,
    pub weighted_degree: f64,
    pub pagerank: f64,
    pub community: usize,
}

impl Node {
    /// What exports show as the node's label ([`label_of`]).
    pub fn label(&self) -> &str {
        label_of(&self.id.0, &self.name)
    }
}

/// How to show an entity to a reader: its name, or for one of the people a split name
/// became (id `official:王伟@中原区`), the name with its jurisdiction, so that the two differ.
pub fn label_of<'a>(id: &'a str, name: &'a str) -> &'a str {
    match id.split_once(':') {
        Some((_, n)) if n.strip_prefix(name).is_some_and(|rest| rest.starts_with('@')) => n,
        _ => name,
    }
}

/// The kind of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    Cooccurs,
    Role,
    LocatedIn,
    /// A journalist's byline over an article naming the entity: who covers whom. Kept
    /// out of the co-occurrence weights and the metrics (see [`crate::analysis`]).
    Covers,
    /// An act a sentence states ([`crate::relate`]): subject → object, except for the
    /// mutual `meets` and `signs` (lower id → higher id).
    Acts(RelationKind),
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Cooccurs => "cooccurs",
            EdgeKind::Role => "role",
            EdgeKind::LocatedIn => "located_in",
            EdgeKind::Covers => "covers",
            EdgeKind::Acts(r) => r.as_str(),
        }
    }

    /// Every kind, in the order exports and help list them.
    pub fn all() -> Vec<EdgeKind> {
        let mut all = vec![EdgeKind::Cooccurs, EdgeKind::Role, EdgeKind::LocatedIn, EdgeKind::Covers];
        all.extend(RelationKind::ALL.into_iter().map(EdgeKind::Acts));
        all
    }

    pub fn parse(s: &str) -> Option<EdgeKind> {
        EdgeKind::all().into_iter().find(|k| k.as_str() == s)
    }

    /// Whether source and target say different things (role: official → organ;
    /// located_in: inner → outer; covers: journalist → entity; a directed act: who → whom).
    pub fn directed(self) -> bool {
        match self {
            EdgeKind::Cooccurs => false,
            EdgeKind::Role | EdgeKind::LocatedIn | EdgeKind::Covers => true,
            EdgeKind::Acts(r) => r.directed(),
        }
    }
}

/// The names of every edge kind, for flags that take them.
pub const EDGE_KINDS: [&str; 11] =
    ["cooccurs", "role", "located_in", "covers", "visits", "meets", "signs", "helps", "runs", "invests_in", "builds"];

/// An edge with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub kind: EdgeKind,
    /// Raw count: windows in which both ends appear (for `role`, the mentions stating it;
    /// for `located_in`, 1).
    pub count: f64,
    /// Fractional count: a window with n entities adds 1/(n-1) to each of its pairs, so a
    /// list of twelve leaders adds as much in all as one pair named together.
    pub fractional: f64,
    /// Jaccard association: articles with both ends / articles with either.
    pub jaccard: f64,
    /// The weight exports show as `weight`, one of the three above (`--weight`).
    pub weight: f64,
    /// The articles behind it (exports list the newest, see [`EntityGraph::article_ids`]).
    pub articles: Articles,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// For `role` edges: the titles.
    pub roles: BTreeSet<String>,
    /// For acts: the trigger words that stated it (调研, 察看).
    pub triggers: BTreeSet<String>,
    /// For acts: one sentence that states it, from the earliest article (by date, then
    /// input order).
    pub evidence: Option<String>,
}

impl Edge {
    /// An edge of this kind with nothing counted yet.
    pub fn new(kind: EdgeKind) -> Edge {
        Edge {
            kind,
            count: 0.0,
            fractional: 0.0,
            jaccard: 0.0,
            weight: 0.0,
            articles: Articles::default(),
            first_date: None,
            last_date: None,
            roles: BTreeSet::new(),
            triggers: BTreeSet::new(),
            evidence: None,
        }
    }
}

/// Which weight an export shows as `weight`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum WeightKind {
    #[default]
    Count,
    Fractional,
    Jaccard,
}

impl FromStr for WeightKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "count" => Ok(WeightKind::Count),
            "fractional" => Ok(WeightKind::Fractional),
            "jaccard" => Ok(WeightKind::Jaccard),
            _ => Err(format!("unknown weight `{s}` (count, fractional, jaccard)")),
        }
    }
}

/// The finished graph. Edges point from the lower to the higher node id, except `role`
/// (official → organization) and `located_in` (inner → outer).
#[derive(Clone, Debug, Default)]
pub struct EntityGraph {
    pub graph: UnGraph<Node, Edge>,
    pub window: Window,
    /// How many of an edge's articles exports list in `article_ids`, newest first (`None`:
    /// all). `article_count` always counts them all; the store's `edges.articles` keeps
    /// [`STORE_EDGE_ARTICLES`].
    pub article_ids: Option<usize>,
}

/// How many of an edge's article ids exports list unless asked otherwise: enough to open
/// the latest stories behind a tie, few enough that an edge between two entities named in
/// thousands of articles does not make the file (ids are most of a large graph's bytes).
pub const DEFAULT_ARTICLE_IDS: usize = 20;

/// How many of an edge's article ids the store keeps, newest first (`edges.articles`; the
/// evidence `path` shows). Which articles name both ends is `entity_articles`' to answer.
pub const STORE_EDGE_ARTICLES: usize = 100;

impl EntityGraph {
    /// Sets every edge's `weight` to the chosen measure.
    pub fn use_weight(&mut self, w: WeightKind) {
        for e in self.graph.edge_weights_mut() {
            e.weight = match w {
                WeightKind::Count => e.count,
                WeightKind::Fractional => e.fractional,
                WeightKind::Jaccard => e.jaccard,
            };
        }
    }
}

fn widen(first: &mut Option<String>, last: &mut Option<String>, date: Option<&str>) {
    // Into the string there (articles come mostly in date order, so an edge's last date
    // moves often): no allocation once it has one.
    fn set(slot: &mut Option<String>, d: &str) {
        match slot {
            Some(s) => d.clone_into(s),
            None => *slot = Some(d.to_string()),
        }
    }
    if let Some(d) = date {
        if first.as_deref().is_none_or(|f| d < f) {
            set(first, d);
        }
        if last.as_deref().is_none_or(|l| d > l) {
            set(last, d);
        }
    }
}

/// The graph ids of officials whose name the graph split into several people (see
/// [`GraphBuilder::build_split`]): for every article naming such an official, (article id,
/// the entity id its record gives) → the id of the node it went to (`official:王伟` in one
/// article → `official:王伟@中原区`). Names that stayed one node are not in it, so it is
/// empty on most graphs. Tables keyed by record ids (the store's `entity_articles`) are
/// renamed with it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SplitIds(pub BTreeMap<(String, String), String>);

impl SplitIds {
    /// The node id of entity `id` of article `article`, when its name was split.
    pub fn get(&self, article: &str, id: &str) -> Option<&str> {
        self.0.get(&(article.to_string(), id.to_string())).map(String::as_str)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// The ids in a compact binary form, for the store.
    pub fn to_bytes(&self) -> Vec<u8> {
        saved::write_split(self)
    }

    /// Ids read back from [`to_bytes`](Self::to_bytes); `None` if the bytes are not such.
    pub fn from_bytes(bytes: &[u8]) -> Option<SplitIds> {
        saved::read_split(bytes).ok()
    }

    /// (article id, record id, node id), in article then record id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.0.iter().map(|((a, id), to)| (a.as_str(), id.as_str(), to.as_str()))
    }
}

/// Where one official's mentions place them, as an article states it: the organization or
/// district of their office (`role_of`), and the article's own district ([`home`]). An
/// official is interned once per name and post, so mentions that may belong to different
/// people stay apart until [`GraphBuilder::build`] knows every post of the name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Post {
    role_of: Option<String>,
    home: Option<String>,
}

/// An edge while articles are added: the articles behind it (positions) and the position
/// of the article its evidence sentence comes from.
#[derive(Clone, Debug)]
struct EdgeAcc {
    edge: Edge,
    articles: Vec<u32>,
    evidence_from: u32,
}

impl EdgeAcc {
    fn new(kind: EdgeKind) -> EdgeAcc {
        EdgeAcc { edge: Edge::new(kind), articles: Vec::new(), evidence_from: u32::MAX }
    }
}

/// Accumulates articles into a graph.
///
/// Entity and article ids are interned as they arrive: evidence is a list of article
/// positions per node and per edge, and edges are keyed by entity positions, so adding an
/// article hashes small integers instead of comparing id strings. [`build`](Self::build)
/// turns it all back into ids, sorted, so the graph does not depend on arrival order.
///
/// Officials are interned per name and [`Post`]: a name's posts become one node or, when
/// they are incompatible (two counties), several, at [`build`](Self::build), where the
/// division tree is at hand. Merging aggregated nodes and edges is exact; splitting them
/// would not be, so nothing is merged before then.
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    window: Window,
    /// Entity ids (nodes and role targets) by position; an official's post has its name's
    /// id here.
    ids: Vec<String>,
    id_at: FxHashMap<String, u32>,
    /// For positions that are an official's post: where the articles place them.
    posts: Vec<Option<Post>>,
    post_at: FxHashMap<String, u32>,
    /// The node of each interned id, once an article mentions it.
    nodes: Vec<Option<Node>>,
    node_articles: Vec<Vec<u32>>,
    edges: FxHashMap<(EdgeKind, u32, u32), EdgeAcc>,
    /// Article ids in order of arrival.
    articles: Vec<Arc<str>>,
    /// Their dates, by the same positions.
    dates: Vec<Option<Arc<str>>>,
    /// How many articles the state this builder was read from had (0 for a new one): the
    /// evidence from there on is the next chunk of the saved state.
    resumed_at: u32,
}

/// A [`GraphBuilder`] being read back from its saved state, a chunk of evidence at a time
/// ([`GraphBuilder::resume_saved`]).
pub struct SavedReader {
    builder: GraphBuilder,
    total: u32,
}

impl SavedReader {
    /// Adds the next chunk, in the order they were written; `false` if it is not one or
    /// does not go on where the last one ended (the reader is then of no use).
    pub fn add_chunk(&mut self, chunk: &[u8]) -> bool {
        saved::read_chunk(&mut self.builder, chunk).is_ok()
    }

    /// The builder, once every chunk is in; `None` if they do not add up to the state.
    pub fn finish(self) -> Option<GraphBuilder> {
        saved::finish(self.builder, self.total).ok()
    }
}

/// A [`GraphBuilder`]'s saved state ([`GraphBuilder::to_saved`]).
#[derive(Clone, Debug)]
pub struct Saved {
    /// The entities and edges, without their evidence: replaces the previous core.
    pub core: Vec<u8>,
    /// The evidence added since the builder was resumed (everything, for a new builder).
    pub chunk: Vec<u8>,
    /// Whether `chunk` holds all the evidence (earlier chunks are then to be dropped).
    pub fresh: bool,
}

/// The article's own district, which places the officials it names without saying where
/// they hold office: the district it names most often (ties: the first named), as relative
/// names are resolved; in an article that names none, the office (`role_of`) of its first
/// official that has one.
fn home(a: &ArticleRecord) -> Option<&str> {
    let mut best: Option<&EntityRecord> = None;
    for e in a.entities.iter().filter(|e| e.ty == EntityType::District) {
        if best.is_none_or(|b| e.count > b.count) {
            best = Some(e);
        }
    }
    best.map(|e| e.id.as_str())
        .or_else(|| a.entities.iter().filter(|e| e.ty == EntityType::Official).find_map(|e| e.role_of.as_deref()))
}

/// The key an official's post is interned under. Unit separators cannot occur in ids; `-`
/// and `+` tell a missing part from an empty one.
fn post_key(id: &str, role_of: Option<&str>, home: Option<&str>) -> String {
    let part = |x: Option<&str>| x.map_or_else(|| "-".to_string(), |x| format!("+{x}"));
    format!("{id}\u{1f}{}\u{1f}{}", part(role_of), part(home))
}

/// Adds article `a` to an evidence list (articles arrive in order, so a repeat is last).
fn push_article(list: &mut Vec<u32>, a: u32) {
    if list.last() != Some(&a) {
        list.push(a);
    }
}

impl GraphBuilder {
    pub fn new(window: Window) -> Self {
        GraphBuilder { window, ..Default::default() }
    }

    fn intern(&mut self, id: &str) -> u32 {
        if let Some(&k) = self.id_at.get(id) {
            return k;
        }
        let k = self.slot(id, None);
        self.id_at.insert(id.to_string(), k);
        k
    }

    /// A new position for `id`.
    fn slot(&mut self, id: &str, post: Option<Post>) -> u32 {
        let k = self.ids.len() as u32;
        self.ids.push(id.to_string());
        self.posts.push(post);
        self.nodes.push(None);
        self.node_articles.push(Vec::new());
        k
    }

    /// The position of official `id` at a post.
    fn intern_post(&mut self, id: &str, role_of: Option<&str>, home: Option<&str>) -> u32 {
        let key = post_key(id, role_of, home);
        if let Some(&k) = self.post_at.get(&key) {
            return k;
        }
        let post = Post { role_of: role_of.map(String::from), home: home.map(String::from) };
        let k = self.slot(id, Some(post));
        self.post_at.insert(key, k);
        k
    }

    /// Adds one article record (an `articles.jsonl` line).
    pub fn add_article(&mut self, a: &ArticleRecord) {
        let art = self.articles.len() as u32;
        self.articles.push(Arc::from(a.id.as_str()));
        self.dates.push(a.date.as_deref().map(Arc::from));
        // The byte offsets of the char offsets that spans and relation sentences name, from
        // one pass over the text: decoding the text into chars cost this thread (which the
        // recognizing threads share the cores with) a fifth of this function.
        let mut at: Vec<usize> =
            a.entities.iter().flat_map(|e| e.spans.iter().flatten()).chain(a.relations.iter().flat_map(|r| &r.sentence)).copied().collect();
        at.sort_unstable();
        at.dedup();
        let offsets = crate::text::byte_offsets(&a.text, &at);
        let slice = |s: usize, e: usize| &a.text[offsets[at.partition_point(|&c| c < s)]..offsets[at.partition_point(|&c| c < e)]];
        let date = a.date.as_deref();
        let mut ents: Vec<u32> = Vec::with_capacity(a.entities.len());
        let home = if a.entities.iter().any(|e| e.ty == EntityType::Official) { home(a) } else { None };
        for e in &a.entities {
            let k = if e.ty == EntityType::Official {
                self.intern_post(&e.id, e.role_of.as_deref(), home)
            } else {
                self.intern(&e.id)
            };
            ents.push(k);
            let node = self.nodes[k as usize].get_or_insert_with(|| Node {
                id: EntityId(e.id.clone()),
                ty: Some(e.ty),
                name: e.name.clone(),
                ..Default::default()
            });
            if node.mentions == 0
                && e.ty == EntityType::Organization
                && let Some(short) = crate::resolve::congress_alias(&e.name)
            {
                node.aliases.insert(short.to_string());
            }
            node.mentions += e.count;
            push_article(&mut self.node_articles[k as usize], art);
            widen(&mut node.first_date, &mut node.last_date, date);
            for s in &e.spans {
                let span = slice(s[0], s[1]);
                let surface = || span.chars().filter(|c| !matches!(c, '“' | '”' | '"'));
                // Most mentions are spelled as the name: compare before allocating.
                if !surface().eq(e.name.chars()) && surface().next().is_some() {
                    node.aliases.insert(surface().collect());
                }
            }
            for r in &e.roles {
                *node.roles.entry(r.clone()).or_insert(0) += 1;
            }
            // What the text states: the official holds these titles there.
            if let (EntityType::Official, Some(target)) = (e.ty, &e.role_of) {
                let t = self.intern(target);
                let titles: BTreeSet<String> = e.roles.iter().filter(|r| !r.ends_with("领导")).cloned().collect();
                let acc = self.edges.entry((EdgeKind::Role, k, t)).or_insert_with(|| EdgeAcc::new(EdgeKind::Role));
                let edge = &mut acc.edge;
                edge.count += 1.0;
                edge.fractional += 1.0;
                edge.roles.extend(if titles.is_empty() { e.roles.iter().cloned().collect() } else { titles });
                push_article(&mut acc.articles, art);
                widen(&mut edge.first_date, &mut edge.last_date, date);
            }
        }
        // Who covers whom: each journalist of the article to each entity it names, once
        // per article.
        let covered: Vec<u32> = a.entities.iter().zip(&ents).filter(|(e, _)| e.ty.cooccurs()).map(|(_, &k)| k).collect();
        for (e, &j) in a.entities.iter().zip(&ents) {
            if e.ty != EntityType::Journalist {
                continue;
            }
            for &t in &covered {
                let acc = self.edges.entry((EdgeKind::Covers, j, t)).or_insert_with(|| EdgeAcc::new(EdgeKind::Covers));
                acc.edge.count += 1.0;
                acc.edge.fractional += 1.0;
                push_article(&mut acc.articles, art);
                widen(&mut acc.edge.first_date, &mut acc.edge.last_date, date);
            }
        }
        // What the sentences say the entities did: one edge per act and pair, subject →
        // object (a mutual act from the lower id to the higher).
        for r in &a.relations {
            // The record's own entities (an official is at this article's post), else by id.
            let listed = |id: &str| a.entities.iter().position(|e| e.id == id).map(|i| ents[i]);
            let (mut x, mut y) = match (listed(&r.subject), listed(&r.object)) {
                (Some(x), Some(y)) => (x, y),
                _ => (self.intern(&r.subject), self.intern(&r.object)),
            };
            if self.nodes[x as usize].is_none() || self.nodes[y as usize].is_none() {
                continue; // a relation between entities the record does not list
            }
            if !r.kind.directed() && self.ids[y as usize] < self.ids[x as usize] {
                std::mem::swap(&mut x, &mut y);
            }
            let kind = EdgeKind::Acts(r.kind);
            let acc = self.edges.entry((kind, x, y)).or_insert_with(|| EdgeAcc::new(kind));
            let edge = &mut acc.edge;
            edge.count += 1.0;
            edge.fractional += 1.0;
            edge.triggers.insert(r.trigger.clone());
            let earlier = match (date, edge.first_date.as_deref()) {
                (Some(d), Some(f)) => d < f,
                (Some(_), None) => edge.evidence.is_some(),
                _ => false,
            };
            if edge.evidence.is_none() || earlier {
                let [s, e] = r.sentence;
                edge.evidence = Some(slice(s, e).trim().to_string());
                acc.evidence_from = art;
            }
            push_article(&mut acc.articles, art);
            widen(&mut edge.first_date, &mut edge.last_date, date);
        }
        // Each window's entities (those with a mention starting in it), by id, an entity
        // listed twice once: (window, entity's place in the record, node) for every
        // mention, sorted, not a pass over every entity's mentions for each window.
        let wins = windows(&a.text, self.window);
        let mut hits: Vec<(usize, usize, u32)> = Vec::new();
        for (i, (e, &k)) in a.entities.iter().zip(&ents).enumerate().filter(|(_, (e, _))| e.ty.cooccurs()) {
            for s in &e.spans {
                let w = wins.partition_point(|&(_, end)| end <= s[0]);
                if wins.get(w).is_some_and(|&(start, _)| start <= s[0]) {
                    hits.push((w, i, k));
                }
            }
        }
        hits.sort_unstable_by(|x, y| x.0.cmp(&y.0).then_with(|| self.ids[x.2 as usize].cmp(&self.ids[y.2 as usize])).then(x.1.cmp(&y.1)));
        hits.dedup_by_key(|h| (h.0, h.1));
        let mut ids: Vec<u32> = Vec::new();
        for window in hits.chunk_by(|x, y| x.0 == y.0) {
            ids.clear();
            ids.extend(window.iter().map(|h| h.2));
            ids.dedup();
            if ids.len() < 2 {
                continue;
            }
            let share = 1.0 / (ids.len() - 1) as f64;
            for x in 0..ids.len() {
                for y in x + 1..ids.len() {
                    let acc = self
                        .edges
                        .entry((EdgeKind::Cooccurs, ids[x], ids[y]))
                        .or_insert_with(|| EdgeAcc::new(EdgeKind::Cooccurs));
                    acc.edge.count += 1.0;
                    acc.edge.fractional += share;
                    push_article(&mut acc.articles, art);
                    widen(&mut acc.edge.first_date, &mut acc.edge.last_date, date);
                }
            }
        }
    }

    /// The window articles are cut into.
    pub fn window(&self) -> Window {
        self.window
    }

    /// How many articles were added.
    pub fn article_count(&self) -> usize {
        self.articles.len()
    }

    /// Everything added so far, in a compact binary form (no texts: the aggregates, the
    /// interned ids and the evidence lists), for the store: `build --append` reads it
    /// back with [`from_saved`](Self::from_saved) and adds the new articles to it.
    ///
    /// The state is a core, written anew each time (the entities and edges with their
    /// counts), and chunks of evidence: the articles added since the state this builder
    /// was resumed from, and the positions they added to each list. Evidence is most of a
    /// large store's state and never changes once written, so an append writes only its
    /// own chunk beside the ones before.
    pub fn to_saved(&self) -> Saved {
        Saved { core: saved::write_core(self), chunk: saved::write_chunk(self, self.resumed_at), fresh: self.resumed_at == 0 }
    }

    /// A builder read back from a core and its chunks in the order they were written
    /// ([`to_saved`](Self::to_saved)); `None` if they are not such a state.
    pub fn from_saved<'a>(core: &[u8], chunks: impl IntoIterator<Item = &'a [u8]>) -> Option<GraphBuilder> {
        let mut r = Self::resume_saved(core)?;
        for chunk in chunks {
            if !r.add_chunk(chunk) {
                return None;
            }
        }
        r.finish()
    }

    /// [`from_saved`](Self::from_saved) a chunk at a time, for chunks that are only
    /// borrowed one by one (the store's rows, read in place rather than copied out).
    pub fn resume_saved(core: &[u8]) -> Option<SavedReader> {
        saved::read_core(core).ok().map(|(builder, total)| SavedReader { builder, total })
    }

    /// Finishes the graph: places officials (one node per person, see
    /// [`build_split`](Self::build_split)), adds `located_in` edges from the division codes
    /// and the organizations' names, computes Jaccard scores, and lays out nodes and edges
    /// in id order.
    pub fn build(self, index: &DictIndex) -> EntityGraph {
        self.build_split(index).0
    }

    /// [`build`](Self::build), and which mentions went to a node of another id because
    /// their name was split into several people.
    ///
    /// An official's posts (one per office and home, as the articles were added) are
    /// clustered per name: posts in the same county-level jurisdiction are one person; a
    /// city's or province's post joins the person of a county under it (the one with the
    /// most mentions, when several are); posts placed nowhere the division list knows (no
    /// office, a village or a national organ) join the person of their article's own
    /// district, else the person with the most mentions. A name with one person keeps its
    /// id; with several, each is `official:NAME@JURISDICTION`.
    pub fn build_split(mut self, index: &DictIndex) -> (EntityGraph, SplitIds) {
        let finals = self.place_officials(index);
        let id_of = |k: u32| finals[k as usize].as_deref().unwrap_or(&self.ids[k as usize]);
        let mut split = SplitIds::default();
        for (k, to) in finals.iter().enumerate() {
            if let Some(to) = to {
                for &a in &self.node_articles[k] {
                    split.0.insert((self.articles[a as usize].to_string(), self.ids[k].clone()), to.clone());
                }
            }
        }
        let (table, rank) = ArticleTable::new(
            std::mem::take(&mut self.articles).into_iter().zip(std::mem::take(&mut self.dates)).collect(),
        );
        let article_set = |list: Vec<u32>| Articles::from_positions(&table, &rank, list);
        // Posts of one person become one node: counts add up, sets and dates unite.
        let mut merged: BTreeMap<EntityId, (Node, Vec<u32>)> = BTreeMap::new();
        for (k, n) in std::mem::take(&mut self.nodes).into_iter().enumerate() {
            let Some(mut n) = n else { continue };
            let list = std::mem::take(&mut self.node_articles[k]);
            n.id = EntityId(id_of(k as u32).to_string());
            match merged.entry(n.id.clone()) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert((n, list));
                }
                std::collections::btree_map::Entry::Occupied(mut o) => {
                    let (into, into_list) = o.get_mut();
                    absorb_node(into, n);
                    into_list.extend(list);
                }
            }
        }
        // The sets of nodes, of edges and their intersections on every core: on a large
        // store they are most of building the graph.
        use rayon::prelude::*;
        let mut merged: Vec<(EntityId, (Node, Vec<u32>))> = merged.into_iter().collect();
        merged.par_iter_mut().for_each(|(_, (n, list))| n.articles = article_set(std::mem::take(list)));
        let nodes: BTreeMap<EntityId, Node> = merged.into_iter().map(|(id, (n, _))| (id, n)).collect();
        // Their edges too: edges that became parallel are one, their evidence added up.
        let mut merged: EdgeMap = BTreeMap::new();
        let mut accs: Vec<((EdgeKind, u32, u32), EdgeAcc)> = std::mem::take(&mut self.edges).into_iter().collect();
        accs.par_iter_mut().for_each(|(_, acc)| acc.edge.articles = article_set(std::mem::take(&mut acc.articles)));
        for ((kind, a, b), acc) in accs {
            let (mut x, mut y) = (id_of(a), id_of(b));
            if !kind.directed() && y < x {
                std::mem::swap(&mut x, &mut y);
            }
            if x == y {
                continue;
            }
            let e = acc.edge;
            match merged.entry((kind, EntityId(x.to_string()), EntityId(y.to_string()))) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert((e, acc.evidence_from));
                }
                std::collections::btree_map::Entry::Occupied(mut o) => absorb_edge(o.get_mut(), (e, acc.evidence_from)),
            }
        }
        let mut edges = merged;
        add_locations(&nodes, &mut edges, index);
        self.node_articles = Vec::new();
        let mut graph = UnGraph::with_capacity(nodes.len(), edges.len());
        let mut at: BTreeMap<EntityId, NodeIndex> = BTreeMap::new();
        // Moved, not cloned: the article sets are most of a large graph's memory.
        for (id, node) in nodes {
            at.insert(id, graph.add_node(node));
        }
        // A pair joined by edges of several kinds (co-occurs, covers, an act) shares the
        // same articles: counted once.
        let ends: Vec<(Edge, NodeIndex, NodeIndex)> = edges
            .into_iter()
            .filter_map(|((_, a, b), (e, _))| Some((e, *at.get(&a)?, *at.get(&b)?)))
            .collect();
        let mut pairs: Vec<(NodeIndex, NodeIndex)> = ends.iter().map(|&(_, ia, ib)| (ia.min(ib), ia.max(ib))).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let shared: rustc_hash::FxHashMap<(NodeIndex, NodeIndex), usize> =
            pairs.into_par_iter().map(|(x, y)| ((x, y), graph[x].articles.intersection_len(&graph[y].articles))).collect();
        for (mut e, ia, ib) in ends {
            let (na, nb) = (&graph[ia].articles, &graph[ib].articles);
            let both = shared[&(ia.min(ib), ia.max(ib))];
            let union = na.len() + nb.len() - both;
            e.jaccard = if union == 0 { 0.0 } else { both as f64 / union as f64 };
            e.weight = e.count;
            graph.add_edge(ia, ib, e);
        }
        (EntityGraph { graph, window: self.window, article_ids: None }, split)
    }

    /// The id each official's post goes to when its name is split (`None`: its own id, for
    /// every other position and for names that stay one node).
    fn place_officials(&self, index: &DictIndex) -> Vec<Option<String>> {
        let mut finals: Vec<Option<String>> = vec![None; self.ids.len()];
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (k, post) in self.posts.iter().enumerate() {
            if post.is_some() && self.nodes[k].is_some() {
                by_name.entry(self.ids[k].as_str()).or_default().push(k);
            }
        }
        if by_name.values().all(|posts| posts.len() < 2) {
            return finals;
        }
        let known: BTreeSet<&str> = self
            .nodes
            .iter()
            .flatten()
            .filter(|n| n.ty == Some(EntityType::District))
            .map(|n| n.name.as_str())
            .collect();
        let mut places: HashMap<String, Option<Vec<String>>> = HashMap::new();
        let mut place = |id: Option<&str>| -> Option<Vec<String>> {
            let id = id?;
            if let Some(p) = places.get(id) {
                return p.clone();
            }
            let p = jurisdiction(index, id, &known);
            places.insert(id.to_string(), p.clone());
            p
        };
        for (name, posts) in by_name {
            if posts.len() < 2 {
                continue;
            }
            let posts: Vec<PlacedPost> = posts
                .into_iter()
                .map(|k| {
                    let post = self.posts[k].as_ref().expect("a post");
                    PlacedPost {
                        slot: k,
                        mentions: self.nodes[k].as_ref().map_or(0, |n| n.mentions),
                        role_of: post.role_of.as_deref(),
                        office: place(post.role_of.as_deref()),
                        home: place(post.home.as_deref()),
                    }
                })
                .collect();
            let people = cluster_posts(&posts);
            if people.len() < 2 {
                continue;
            }
            let paths: Vec<&[String]> = people.iter().map(|(p, _)| p.as_slice()).collect();
            for ((_, slots), label) in people.iter().zip(labels(&paths)) {
                for &k in slots {
                    finals[k] = Some(format!("{name}@{label}"));
                }
            }
        }
        finals
    }
}

/// One post of an official's name at build time: where its office is and where its
/// articles are, as paths down the division tree (see [`jurisdiction`]).
struct PlacedPost<'a> {
    slot: usize,
    mentions: usize,
    role_of: Option<&'a str>,
    office: Option<Vec<String>>,
    home: Option<Vec<String>>,
}

/// The people among one name's posts: each a jurisdiction (a path from the province down)
/// and its posts' positions, in path order.
///
/// 1. Posts whose office the division list places are grouped by its county-level
///    jurisdiction. The deepest groups come first: a county's is a person of its own; a
///    city's (then a province's) joins the person of a county under it with the most
///    mentions (ties: the first path), or is a person of its own when there is none. So the
///    people of a name are pairwise incompatible: two counties, or two cities.
/// 2. The other posts (no office, or one in a village or organ the list does not place;
///    posts held in the same such organ stay together) join the person on the path of
///    their article's own district, else the one with the most mentions under it, else the
///    one with the most mentions of all. Sizes are counted before this step, so the order
///    of the posts does not matter.
fn cluster_posts(posts: &[PlacedPost]) -> Vec<(Vec<String>, Vec<usize>)> {
    /// A person being formed: jurisdiction, mentions of the placed posts, posts.
    struct Person<'a> {
        path: &'a [String],
        mentions: usize,
        slots: Vec<usize>,
    }
    let mut groups: BTreeMap<&[String], Person> = BTreeMap::new();
    for p in posts {
        if let Some(office) = &p.office {
            let g = groups.entry(office.as_slice()).or_insert_with(|| Person { path: office, mentions: 0, slots: Vec::new() });
            g.mentions += p.mentions;
            g.slots.push(p.slot);
        }
    }
    let mut order: Vec<Person> = groups.into_values().collect();
    order.sort_by(|a, b| b.path.len().cmp(&a.path.len()).then(a.path.cmp(b.path)));
    let mut people: Vec<Person> = Vec::new();
    // The person with the most mentions among `among` (ties: the first formed).
    let largest = |people: &[Person], among: &mut dyn Iterator<Item = usize>| {
        among.min_by_key(|&i| (std::cmp::Reverse(people[i].mentions), i))
    };
    for g in order {
        match largest(&people, &mut (0..people.len()).filter(|&i| people[i].path.starts_with(g.path))) {
            Some(i) => {
                people[i].mentions += g.mentions;
                people[i].slots.extend(g.slots);
            }
            None => people.push(g),
        }
    }
    if people.is_empty() {
        return Vec::new();
    }
    // Unplaced posts, by the organ they share (or alone), with their homes' mentions.
    #[derive(Default)]
    struct Unplaced<'a> {
        slots: Vec<usize>,
        homes: BTreeMap<&'a [String], usize>,
    }
    let mut units: BTreeMap<(Option<&str>, usize), Unplaced> = BTreeMap::new();
    for p in posts.iter().filter(|p| p.office.is_none()) {
        let key = match p.role_of {
            Some(organ) => (Some(organ), 0),
            None => (None, p.slot),
        };
        let u = units.entry(key).or_default();
        u.slots.push(p.slot);
        if let Some(h) = &p.home {
            *u.homes.entry(h.as_slice()).or_insert(0) += p.mentions;
        }
    }
    let mut joins: Vec<(usize, Vec<usize>)> = Vec::new();
    for u in units.into_values() {
        // The unit's home: the one of most mentions (ties: the first path).
        let home = u.homes.iter().min_by_key(|(h, n)| (std::cmp::Reverse(**n), **h)).map(|(h, _)| *h);
        let on_path = home.and_then(|h| (0..people.len()).find(|&i| h.starts_with(people[i].path)));
        let under = home.and_then(|h| largest(&people, &mut (0..people.len()).filter(|&i| people[i].path.starts_with(h))));
        let to = on_path.or(under).or_else(|| largest(&people, &mut (0..people.len()))).expect("a person");
        joins.push((to, u.slots));
    }
    for (to, slots) in joins {
        people[to].slots.extend(slots);
    }
    people.sort_by(|a, b| a.path.cmp(b.path));
    people.into_iter().map(|p| (p.path.to_vec(), p.slots)).collect()
}

/// Names for a split name's people: the innermost division of each path, or as many of
/// the innermost as make the names distinct (two 鼓楼区 in two cities: 福州市鼓楼区,
/// 开封市鼓楼区).
fn labels(paths: &[&[String]]) -> Vec<String> {
    let deepest = paths.iter().map(|p| p.len()).max().unwrap_or(0);
    for n in 1..=deepest {
        let names: Vec<String> = paths.iter().map(|p| p[p.len().saturating_sub(n)..].concat()).collect();
        if names.iter().collect::<BTreeSet<_>>().len() == names.len() {
            return names;
        }
    }
    paths.iter().map(|p| p.join("/")).collect()
}

/// Where a `district:` or `organization:` id places an official, as the path of divisions
/// from the province down to its county-level jurisdiction (a town is in its county; a
/// zone in its county, or is one when it belongs to a city directly; a city's or
/// province's own offices stop there). An organization is placed by the division its name
/// starts with (二七区人大常委会 → 二七区); a name several divisions share is the one under a
/// division the graph has (as for `located_in`). `None`: the division list does not know
/// it (a village, a national organ), or it is one of several of that name and the graph
/// names none of their ancestors.
fn jurisdiction(index: &DictIndex, id: &str, known: &BTreeSet<&str>) -> Option<Vec<String>> {
    let (ty, name) = id.split_once(':')?;
    let division = match ty {
        "district" => name.to_string(),
        "organization" => {
            let chars: Vec<char> = name.chars().collect();
            (2..chars.len())
                .rev()
                .map(|k| chars[..k].iter().collect::<String>())
                .find(|p| index.has(EntityType::District, p))?
        }
        _ => return None,
    };
    let (entry, up) = index.district_near(&division, |n| known.contains(n))?;
    if index.count_named(EntityType::District, &division) > 1 && !up.iter().any(|a| known.contains(a.canonical.as_str())) {
        return None; // one of several 城关镇, and the graph names none of their counties
    }
    let line: Vec<&Entry> = std::iter::once(entry).chain(up).collect();
    let level = |e: &Entry| e.attr("level").unwrap_or("").to_string();
    let stop = (0..line.len()).find(|&i| match level(line[i]).as_str() {
        "county" | "city" | "province" => true,
        "zone" => line.get(i + 1).is_none_or(|p| level(p) != "county"),
        _ => false,
    })?;
    Some(line[stop..].iter().rev().map(|e| e.canonical.clone()).collect())
}

/// Adds node `n` (another post of the same person) to `into`.
fn absorb_node(into: &mut Node, n: Node) {
    into.mentions += n.mentions;
    into.aliases.extend(n.aliases);
    for (r, c) in n.roles {
        *into.roles.entry(r).or_insert(0) += c;
    }
    widen(&mut into.first_date, &mut into.last_date, n.first_date.as_deref());
    widen(&mut into.first_date, &mut into.last_date, n.last_date.as_deref());
}

/// Adds edge `e` (with the position of its evidence's article) to a parallel one. The
/// evidence sentence is the one `add_article` would have kept: from the earliest dated
/// article, else the first.
fn absorb_edge(into: &mut (Edge, u32), (e, from): (Edge, u32)) {
    let key = |e: &Edge, from: u32| (e.first_date.is_none(), e.first_date.clone(), from);
    let t = &mut into.0;
    if e.evidence.is_some() && (t.evidence.is_none() || key(&e, from) < key(t, into.1)) {
        t.evidence = e.evidence.clone();
        into.1 = from;
    }
    t.count += e.count;
    t.fractional += e.fractional;
    t.articles.extend(&e.articles);
    t.roles.extend(e.roles);
    t.triggers.extend(e.triggers);
    widen(&mut t.first_date, &mut t.last_date, e.first_date.as_deref());
    widen(&mut t.first_date, &mut t.last_date, e.last_date.as_deref());
}

/// Edges by kind and ends, each with the position of the article of its evidence.
type EdgeMap = BTreeMap<(EdgeKind, EntityId, EntityId), (Edge, u32)>;

fn add_locations(nodes: &BTreeMap<EntityId, Node>, edges: &mut EdgeMap, index: &DictIndex) {
    let districts: BTreeSet<String> =
        nodes.values().filter(|n| n.ty == Some(EntityType::District)).map(|n| n.name.clone()).collect();
    let mut links: Vec<(EntityId, EntityId, Articles)> = Vec::new();
    for n in nodes.values() {
        let target = match n.ty {
            Some(EntityType::District) => nearest_ancestor(index, &n.name, &districts),
            Some(EntityType::Organization) => {
                let chars: Vec<char> = n.name.chars().collect();
                (2..chars.len()).rev().map(|k| chars[..k].iter().collect::<String>()).find(|p| districts.contains(p))
            }
            _ => None,
        };
        if let Some(t) = target {
            links.push((n.id.clone(), EntityId::new(EntityType::District, &t), n.articles.clone()));
        }
    }
    for (a, b, articles) in links {
        let (e, _) = edges.entry((EdgeKind::LocatedIn, a, b)).or_insert_with(|| (Edge::new(EdgeKind::LocatedIn), u32::MAX));
        e.count = 1.0;
        e.fractional = 1.0;
        e.articles = articles;
    }
}

/// The nearest ancestor of a division (by its codes) that is a node of the graph.
fn nearest_ancestor(index: &DictIndex, name: &str, present: &BTreeSet<String>) -> Option<String> {
    index.ancestors_near(name, |n| present.contains(n)).into_iter().find(|p| present.contains(&p.canonical)).map(|p| p.canonical.clone())
}

/// The char ranges of the windows of an article text (paragraphs are lines; sentences
/// end at 。！？； and line ends).
///
/// Found from the bytes: the ends are looked for with `memchr` (a line end, or the lead
/// byte of the 3-byte ends), and the chars between two ends are counted, not decoded.
pub fn windows(text: &str, window: Window) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    // The length in bytes of the window end at byte `i`, if one is there.
    let end_at = |i: usize| -> Option<usize> {
        match &bytes[i..] {
            [b'\n', ..] => Some(1),
            [0xE3, 0x80, 0x82, ..] | [0xEF, 0xBC, 0x81 | 0x9F | 0x9B, ..] => Some(3), // 。！？；
            _ => None,
        }
    };
    let candidates: Box<dyn Iterator<Item = usize>> = match window {
        Window::Article => return vec![(0, crate::text::char_count(bytes))],
        Window::Paragraph => Box::new(memchr::memchr_iter(b'\n', bytes)),
        Window::Sentence => Box::new(memchr::memchr3_iter(b'\n', 0xE3, 0xEF, bytes)),
    };
    let mut out = Vec::new();
    // The window's first char; the chars before byte `from`.
    let (mut start, mut chars, mut from) = (0, 0, 0);
    for i in candidates {
        let Some(len) = end_at(i) else { continue };
        chars += crate::text::char_count(&bytes[from..i]) + 1;
        from = i + len;
        out.push((start, chars));
        start = chars;
    }
    let total = chars + crate::text::char_count(&bytes[from..]);
    if start < total {
        out.push((start, total));
    }
    out
}

/// The compact binary form of a [`GraphBuilder`] and of [`SplitIds`], which the store keeps
/// so that `build --append` goes on from where the last build stopped instead of reading
/// every stored article again (see DESIGN.md, *Append in place*). Lengths and numbers are
/// LEB128 varints, evidence lists the deltas of their ascending positions (most are one
/// byte), floats their exact bits: a builder read back builds the same graph, byte for byte.
mod saved {
    use super::*;

    /// Tells a state of this layout from any other.
    // 3: the evidence apart, in chunks (an older state is not read: the store is read back
    // once).
    const MAGIC: &[u8] = b"newsgraph-builder-3\n";
    const CHUNK_MAGIC: &[u8] = b"newsgraph-evidence-1\n";

    #[derive(Default)]
    pub(super) struct Out(pub Vec<u8>);

    impl Out {
        pub fn num(&mut self, mut x: u64) {
            loop {
                let byte = (x & 0x7f) as u8;
                x >>= 7;
                if x == 0 {
                    self.0.push(byte);
                    return;
                }
                self.0.push(byte | 0x80);
            }
        }
        pub fn str(&mut self, s: &str) {
            self.num(s.len() as u64);
            self.0.extend_from_slice(s.as_bytes());
        }
        pub fn opt(&mut self, s: Option<&str>) {
            match s {
                None => self.num(0),
                Some(s) => {
                    self.num(1);
                    self.str(s);
                }
            }
        }
        pub fn f64(&mut self, x: f64) {
            self.0.extend_from_slice(&x.to_bits().to_le_bytes());
        }
        pub fn strs<'a>(&mut self, v: impl ExactSizeIterator<Item = &'a String>) {
            self.num(v.len() as u64);
            for s in v {
                self.str(s);
            }
        }
        /// An ascending list of positions, none below `from`.
        pub fn positions(&mut self, from: u32, list: &[u32]) {
            self.num(list.len() as u64);
            let mut prev = from;
            for &x in list {
                self.num(u64::from(x.wrapping_sub(prev)));
                prev = x;
            }
        }
    }

    pub(super) struct In<'a>(pub &'a [u8]);

    /// A state that is not one this code wrote.
    pub(super) struct Bad;

    impl<'a> In<'a> {
        pub fn num(&mut self) -> Result<u64, Bad> {
            let mut x = 0u64;
            for shift in (0..64).step_by(7) {
                let (&byte, rest) = self.0.split_first().ok_or(Bad)?;
                self.0 = rest;
                x |= u64::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    return Ok(x);
                }
            }
            Err(Bad)
        }
        pub fn len(&mut self) -> Result<usize, Bad> {
            let n = usize::try_from(self.num()?).map_err(|_| Bad)?;
            // Every item takes at least a byte: a length beyond the rest is corrupt.
            if n > self.0.len() { Err(Bad) } else { Ok(n) }
        }
        pub fn u32(&mut self) -> Result<u32, Bad> {
            u32::try_from(self.num()?).map_err(|_| Bad)
        }
        pub fn str(&mut self) -> Result<String, Bad> {
            self.str_ref().map(String::from)
        }
        /// A string where it lies in the input.
        pub fn str_ref(&mut self) -> Result<&'a str, Bad> {
            let n = self.len()?;
            let (s, rest) = self.0.split_at_checked(n).ok_or(Bad)?;
            self.0 = rest;
            std::str::from_utf8(s).map_err(|_| Bad)
        }
        pub fn opt(&mut self) -> Result<Option<String>, Bad> {
            Ok(self.opt_ref()?.map(String::from))
        }
        pub fn opt_ref(&mut self) -> Result<Option<&'a str>, Bad> {
            match self.num()? {
                0 => Ok(None),
                1 => self.str_ref().map(Some),
                _ => Err(Bad),
            }
        }
        pub fn f64(&mut self) -> Result<f64, Bad> {
            if self.0.len() < 8 {
                return Err(Bad);
            }
            let (b, rest) = self.0.split_at(8);
            self.0 = rest;
            Ok(f64::from_bits(u64::from_le_bytes(b.try_into().map_err(|_| Bad)?)))
        }
        pub fn strs<C: FromIterator<String>>(&mut self) -> Result<C, Bad> {
            let n = self.len()?;
            (0..n).map(|_| self.str()).collect()
        }
        /// An ascending list of distinct positions, none below `from`, pushed onto `out`.
        pub fn positions_onto(&mut self, from: u32, out: &mut Vec<u32>) -> Result<(), Bad> {
            let n = self.len()?;
            // With room for what the next articles add: a list that grows past its
            // capacity is copied whole, and the lists of a large store are most of its
            // state.
            out.reserve(n + (out.len() + n) / 16 + 16);
            let mut prev = from;
            for k in 0..n {
                // Steps are mostly under 128, one byte: read those without the loop.
                let step = match self.0.split_first() {
                    Some((&b, rest)) if b < 0x80 => {
                        self.0 = rest;
                        u32::from(b)
                    }
                    _ => self.u32()?,
                };
                if k > 0 && step == 0 {
                    return Err(Bad);
                }
                prev = prev.checked_add(step).ok_or(Bad)?;
                out.push(prev);
            }
            Ok(())
        }
    }

    fn kind_code(k: EdgeKind) -> u64 {
        match k {
            EdgeKind::Cooccurs => 0,
            EdgeKind::Role => 1,
            EdgeKind::LocatedIn => 2,
            EdgeKind::Covers => 3,
            EdgeKind::Acts(r) => 4 + RelationKind::ALL.iter().position(|&x| x == r).expect("a relation kind") as u64,
        }
    }

    fn kind_of(code: u64) -> Result<EdgeKind, Bad> {
        Ok(match code {
            0 => EdgeKind::Cooccurs,
            1 => EdgeKind::Role,
            2 => EdgeKind::LocatedIn,
            3 => EdgeKind::Covers,
            c => EdgeKind::Acts(*RelationKind::ALL.get(usize::try_from(c - 4).map_err(|_| Bad)?).ok_or(Bad)?),
        })
    }

    fn ty_code(t: Option<EntityType>) -> u64 {
        t.map_or(0, |t| 1 + EntityType::ALL.iter().position(|&x| x == t).expect("an entity type") as u64)
    }

    fn ty_of(code: u64) -> Result<Option<EntityType>, Bad> {
        match code {
            0 => Ok(None),
            c => EntityType::ALL.get(usize::try_from(c - 1).map_err(|_| Bad)?).copied().map(Some).ok_or(Bad),
        }
    }

    pub(super) fn write_core(b: &GraphBuilder) -> Vec<u8> {
        let mut o = Out(Vec::with_capacity(64 * (b.ids.len() + b.edges.len()) + 64));
        o.0.extend_from_slice(MAGIC);
        o.str(b.window.as_str());
        o.num(b.articles.len() as u64);
        o.num(b.ids.len() as u64);
        for k in 0..b.ids.len() {
            o.str(&b.ids[k]);
            match &b.posts[k] {
                None => o.num(0),
                Some(p) => {
                    o.num(1);
                    o.opt(p.role_of.as_deref());
                    o.opt(p.home.as_deref());
                }
            }
            match &b.nodes[k] {
                None => o.num(0),
                Some(n) => {
                    o.num(1);
                    o.str(&n.id.0);
                    o.num(ty_code(n.ty));
                    o.str(&n.name);
                    o.num(n.mentions as u64);
                    o.strs(n.aliases.iter());
                    o.num(n.roles.len() as u64);
                    for (r, c) in &n.roles {
                        o.str(r);
                        o.num(*c as u64);
                    }
                    o.opt(n.first_date.as_deref());
                    o.opt(n.last_date.as_deref());
                }
            }
        }
        o.num(b.edges.len() as u64);
        for (&(kind, x, y), acc) in sorted_edges(b) {
            let e = &acc.edge;
            o.num(kind_code(kind));
            o.num(u64::from(x));
            o.num(u64::from(y));
            o.num(kind_code(e.kind));
            for f in [e.count, e.fractional, e.jaccard, e.weight] {
                o.f64(f);
            }
            o.opt(e.first_date.as_deref());
            o.opt(e.last_date.as_deref());
            o.strs(e.roles.iter());
            o.strs(e.triggers.iter());
            o.opt(e.evidence.as_deref());
            o.num(u64::from(acc.evidence_from));
        }
        o.0
    }

    /// In key order, so that the same builder always gives the same bytes.
    fn sorted_edges(b: &GraphBuilder) -> Vec<(&(EdgeKind, u32, u32), &EdgeAcc)> {
        let mut edges: Vec<_> = b.edges.iter().collect();
        edges.sort_by_key(|(k, _)| **k);
        edges
    }

    /// The articles from position `from` on, and the positions they added to each node's
    /// and edge's list (lists they did not touch are left out).
    pub(super) fn write_chunk(b: &GraphBuilder, from: u32) -> Vec<u8> {
        fn tail(list: &[u32], from: u32) -> Option<&[u32]> {
            let t = &list[list.partition_point(|&a| a < from)..];
            (!t.is_empty()).then_some(t)
        }
        let nodes: Vec<(usize, &[u32])> = b.node_articles.iter().enumerate().filter_map(|(k, l)| Some((k, tail(l, from)?))).collect();
        let edges: Vec<_> = sorted_edges(b).into_iter().filter_map(|(key, acc)| Some((*key, tail(&acc.articles, from)?))).collect();
        let positions: usize = nodes.iter().map(|(_, t)| t.len()).sum::<usize>() + edges.iter().map(|(_, t)| t.len()).sum::<usize>();
        let fresh = b.articles.len() - from as usize;
        // About a byte a position (they are close together), the ids and dates beside.
        let mut o = Out(Vec::with_capacity(positions + positions / 2 + 48 * fresh + 16 * (nodes.len() + edges.len()) + 64));
        o.0.extend_from_slice(CHUNK_MAGIC);
        o.num(u64::from(from));
        o.num(fresh as u64);
        for k in from as usize..b.articles.len() {
            o.str(&b.articles[k]);
            o.opt(b.dates[k].as_deref());
        }
        o.num(nodes.len() as u64);
        for (k, t) in nodes {
            o.num(k as u64);
            o.positions(from, t);
        }
        o.num(edges.len() as u64);
        for ((kind, x, y), t) in edges {
            o.num(kind_code(kind));
            o.num(u64::from(x));
            o.num(u64::from(y));
            o.positions(from, t);
        }
        o.0
    }

    /// A builder from a core (its evidence lists empty), and how many articles the whole
    /// state holds.
    pub(super) fn read_core(core: &[u8]) -> Result<(GraphBuilder, u32), Bad> {
        let rest = core.strip_prefix(MAGIC).ok_or(Bad)?;
        let mut i = In(rest);
        let window: Window = i.str()?.parse().map_err(|_| Bad)?;
        let mut b = GraphBuilder::new(window);
        let total = u32::try_from(i.num()?).map_err(|_| Bad)?;
        let slots = i.len()?;
        for k in 0..slots {
            let id = i.str()?;
            let post = match i.num()? {
                0 => None,
                1 => Some(Post { role_of: i.opt()?, home: i.opt()? }),
                _ => return Err(Bad),
            };
            let node = match i.num()? {
                0 => None,
                1 => {
                    let mut n = Node { id: EntityId(i.str()?), ty: ty_of(i.num()?)?, name: i.str()?, ..Default::default() };
                    n.mentions = usize::try_from(i.num()?).map_err(|_| Bad)?;
                    n.aliases = i.strs()?;
                    for _ in 0..i.len()? {
                        let r = i.str()?;
                        n.roles.insert(r, usize::try_from(i.num()?).map_err(|_| Bad)?);
                    }
                    n.first_date = i.opt()?;
                    n.last_date = i.opt()?;
                    Some(n)
                }
                _ => return Err(Bad),
            };
            let k = k as u32;
            match &post {
                None => {
                    b.id_at.insert(id.clone(), k);
                }
                Some(p) => {
                    b.post_at.insert(post_key(&id, p.role_of.as_deref(), p.home.as_deref()), k);
                }
            }
            b.ids.push(id);
            b.posts.push(post);
            b.nodes.push(node);
            b.node_articles.push(Vec::new());
        }
        for _ in 0..i.len()? {
            let key = (kind_of(i.num()?)?, i.u32()?, i.u32()?);
            if key.1 as usize >= slots || key.2 as usize >= slots {
                return Err(Bad);
            }
            let mut e = Edge::new(kind_of(i.num()?)?);
            e.count = i.f64()?;
            e.fractional = i.f64()?;
            e.jaccard = i.f64()?;
            e.weight = i.f64()?;
            e.first_date = i.opt()?;
            e.last_date = i.opt()?;
            e.roles = i.strs()?;
            e.triggers = i.strs()?;
            e.evidence = i.opt()?;
            let evidence_from = i.u32()?;
            b.edges.insert(key, EdgeAcc { edge: e, articles: Vec::new(), evidence_from });
        }
        if !i.0.is_empty() {
            return Err(Bad);
        }
        Ok((b, total))
    }

    /// Adds the next chunk of evidence to a builder from [`read_core`]. Each chunk goes on
    /// where the one before ended: its articles come next, and its positions are theirs.
    pub(super) fn read_chunk(b: &mut GraphBuilder, chunk: &[u8]) -> Result<(), Bad> {
        let mut i = In(chunk.strip_prefix(CHUNK_MAGIC).ok_or(Bad)?);
        let from = i.u32()?;
        if from as usize != b.articles.len() {
            return Err(Bad);
        }
        let n = i.len()?;
        for _ in 0..n {
            b.articles.push(Arc::from(i.str_ref()?));
            b.dates.push(i.opt_ref()?.map(Arc::from));
        }
        // Positions come ascending from `from` on (`positions_onto`); a list named twice
        // in one chunk would go back, and none may pass the chunk's articles.
        let end = b.articles.len() as u32;
        let take = |list: &mut Vec<u32>, i: &mut In| -> Result<(), Bad> {
            let at = list.len();
            i.positions_onto(from, list)?;
            let back = at > 0 && list.get(at).is_some_and(|&a| list[at - 1] >= a);
            if back || list.last().is_some_and(|&a| a >= end) {
                return Err(Bad);
            }
            Ok(())
        };
        for _ in 0..i.len()? {
            let k = usize::try_from(i.num()?).map_err(|_| Bad)?;
            take(b.node_articles.get_mut(k).ok_or(Bad)?, &mut i)?;
        }
        for _ in 0..i.len()? {
            let key = (kind_of(i.num()?)?, i.u32()?, i.u32()?);
            take(&mut b.edges.get_mut(&key).ok_or(Bad)?.articles, &mut i)?;
        }
        if !i.0.is_empty() {
            return Err(Bad);
        }
        Ok(())
    }

    /// The builder once every chunk is in: all `total` articles, or not a state.
    pub(super) fn finish(mut b: GraphBuilder, total: u32) -> Result<GraphBuilder, Bad> {
        if b.articles.len() != total as usize {
            return Err(Bad);
        }
        b.resumed_at = total;
        Ok(b)
    }

    pub(super) fn write_split(s: &SplitIds) -> Vec<u8> {
        let mut o = Out(b"newsgraph-split-1\n".to_vec());
        o.num(s.0.len() as u64);
        for ((article, id), to) in &s.0 {
            o.str(article);
            o.str(id);
            o.str(to);
        }
        o.0
    }

    pub(super) fn read_split(bytes: &[u8]) -> Result<SplitIds, Bad> {
        let mut i = In(bytes.strip_prefix(b"newsgraph-split-1\n".as_slice()).ok_or(Bad)?);
        let mut s = SplitIds::default();
        for _ in 0..i.len()? {
            let key = (i.str()?, i.str()?);
            s.0.insert(key, i.str()?);
        }
        if !i.0.is_empty() {
            return Err(Bad);
        }
        Ok(s)
    }
}
