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

use crate::model::ArticleRecord;
use crate::model::{RelationKind, EntityId, EntityType};
use crate::dict::DictIndex;
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;
use std::sync::Arc;

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
    /// The articles mentioning it. Ids are shared (`Arc<str>`) by every node and edge they
    /// are evidence of: in a large graph these sets are most of the memory.
    pub articles: BTreeSet<Arc<str>>,
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
    pub articles: BTreeSet<Arc<str>>,
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
            articles: BTreeSet::new(),
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
}

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
    if let Some(d) = date {
        if first.as_deref().is_none_or(|f| d < f) {
            *first = Some(d.to_string());
        }
        if last.as_deref().is_none_or(|l| d > l) {
            *last = Some(d.to_string());
        }
    }
}

/// Accumulates articles into a graph.
///
/// Entity and article ids are interned as they arrive: evidence is a list of article
/// positions per node and per edge, and edges are keyed by entity positions, so adding an
/// article hashes small integers instead of comparing id strings. [`build`](Self::build)
/// turns it all back into ids, sorted, so the graph does not depend on arrival order.
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    window: Window,
    /// Entity ids (nodes and role targets) by position.
    ids: Vec<String>,
    id_at: HashMap<String, u32>,
    /// The node of each interned id, once an article mentions it.
    nodes: Vec<Option<Node>>,
    node_articles: Vec<Vec<u32>>,
    edges: HashMap<(EdgeKind, u32, u32), (Edge, Vec<u32>)>,
    /// Article ids in order of arrival.
    articles: Vec<Arc<str>>,
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
        let k = self.ids.len() as u32;
        self.ids.push(id.to_string());
        self.id_at.insert(id.to_string(), k);
        self.nodes.push(None);
        self.node_articles.push(Vec::new());
        k
    }

    /// Adds one article record (an `articles.jsonl` line).
    pub fn add_article(&mut self, a: &ArticleRecord) {
        let art = self.articles.len() as u32;
        self.articles.push(Arc::from(a.id.as_str()));
        let chars: Vec<char> = a.text.chars().collect();
        let date = a.date.as_deref();
        let mut ents: Vec<u32> = Vec::with_capacity(a.entities.len());
        for e in &a.entities {
            let k = self.intern(&e.id);
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
                let span = &chars[s[0].min(chars.len())..s[1].min(chars.len())];
                let surface = || span.iter().copied().filter(|c| !matches!(c, '“' | '”' | '"'));
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
                let (edge, list) =
                    self.edges.entry((EdgeKind::Role, k, t)).or_insert_with(|| (Edge::new(EdgeKind::Role), Vec::new()));
                edge.count += 1.0;
                edge.fractional += 1.0;
                edge.roles.extend(if titles.is_empty() { e.roles.iter().cloned().collect() } else { titles });
                push_article(list, art);
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
                let (edge, list) = self.edges.entry((EdgeKind::Covers, j, t)).or_insert_with(|| (Edge::new(EdgeKind::Covers), Vec::new()));
                edge.count += 1.0;
                edge.fractional += 1.0;
                push_article(list, art);
                widen(&mut edge.first_date, &mut edge.last_date, date);
            }
        }
        // What the sentences say the entities did: one edge per act and pair, subject →
        // object (a mutual act from the lower id to the higher).
        for r in &a.relations {
            let (mut x, mut y) = (self.intern(&r.subject), self.intern(&r.object));
            if self.nodes[x as usize].is_none() || self.nodes[y as usize].is_none() {
                continue; // a relation between entities the record does not list
            }
            if !r.kind.directed() && self.ids[y as usize] < self.ids[x as usize] {
                std::mem::swap(&mut x, &mut y);
            }
            let kind = EdgeKind::Acts(r.kind);
            let (edge, list) = self.edges.entry((kind, x, y)).or_insert_with(|| (Edge::new(kind), Vec::new()));
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
                edge.evidence = Some(chars[s.min(chars.len())..e.min(chars.len())].iter().collect::<String>().trim().to_string());
            }
            push_article(list, art);
            widen(&mut edge.first_date, &mut edge.last_date, date);
        }
        for (ws, we) in windows(&chars, self.window) {
            let mut ids: Vec<u32> = a
                .entities
                .iter()
                .zip(&ents)
                .filter(|(e, _)| e.ty.cooccurs() && e.spans.iter().any(|s| s[0] >= ws && s[0] < we))
                .map(|(_, &k)| k)
                .collect();
            ids.sort_by(|&x, &y| self.ids[x as usize].cmp(&self.ids[y as usize]));
            ids.dedup();
            if ids.len() < 2 {
                continue;
            }
            let share = 1.0 / (ids.len() - 1) as f64;
            for x in 0..ids.len() {
                for y in x + 1..ids.len() {
                    let (e, list) = self
                        .edges
                        .entry((EdgeKind::Cooccurs, ids[x], ids[y]))
                        .or_insert_with(|| (Edge::new(EdgeKind::Cooccurs), Vec::new()));
                    e.count += 1.0;
                    e.fractional += share;
                    push_article(list, art);
                    widen(&mut e.first_date, &mut e.last_date, date);
                }
            }
        }
    }

    fn article_set(&self, list: &[u32]) -> BTreeSet<Arc<str>> {
        list.iter().map(|&a| self.articles[a as usize].clone()).collect()
    }

    /// Finishes the graph: adds `located_in` edges from the division codes and the
    /// organizations' names, computes Jaccard scores, and lays out nodes and edges in id
    /// order.
    pub fn build(mut self, index: &DictIndex) -> EntityGraph {
        let mut nodes: BTreeMap<EntityId, Node> = BTreeMap::new();
        for (k, n) in std::mem::take(&mut self.nodes).into_iter().enumerate() {
            if let Some(mut n) = n {
                n.articles = self.article_set(&self.node_articles[k]);
                nodes.insert(n.id.clone(), n);
            }
        }
        let mut edges: BTreeMap<(EdgeKind, EntityId, EntityId), Edge> = BTreeMap::new();
        for ((kind, a, b), (mut e, list)) in std::mem::take(&mut self.edges) {
            e.articles = self.article_set(&list);
            let id = |k: u32| EntityId(self.ids[k as usize].clone());
            edges.insert((kind, id(a), id(b)), e);
        }
        add_locations(&nodes, &mut edges, index);
        self.node_articles = Vec::new();
        self.articles = Vec::new();
        let mut graph = UnGraph::with_capacity(nodes.len(), edges.len());
        let mut at: BTreeMap<EntityId, NodeIndex> = BTreeMap::new();
        // Moved, not cloned: the article sets are most of a large graph's memory.
        for (id, node) in nodes {
            at.insert(id, graph.add_node(node));
        }
        for ((_, a, b), mut e) in edges {
            let (Some(&ia), Some(&ib)) = (at.get(&a), at.get(&b)) else { continue };
            let (na, nb) = (&graph[ia].articles, &graph[ib].articles);
            let union = na.union(nb).count();
            e.jaccard = if union == 0 { 0.0 } else { na.intersection(nb).count() as f64 / union as f64 };
            e.weight = e.count;
            graph.add_edge(ia, ib, e);
        }
        EntityGraph { graph, window: self.window }
    }
}

fn add_locations(
    nodes: &BTreeMap<EntityId, Node>,
    edges: &mut BTreeMap<(EdgeKind, EntityId, EntityId), Edge>,
    index: &DictIndex,
) {
    let districts: BTreeSet<String> =
        nodes.values().filter(|n| n.ty == Some(EntityType::District)).map(|n| n.name.clone()).collect();
    let mut links: Vec<(EntityId, EntityId, BTreeSet<Arc<str>>)> = Vec::new();
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
        let e = edges.entry((EdgeKind::LocatedIn, a, b)).or_insert_with(|| Edge::new(EdgeKind::LocatedIn));
        e.count = 1.0;
        e.fractional = 1.0;
        e.articles = articles;
    }
}

/// The nearest ancestor of a division (by its codes) that is a node of the graph.
fn nearest_ancestor(index: &DictIndex, name: &str, present: &BTreeSet<String>) -> Option<String> {
    index.ancestors_near(name, |n| present.contains(n)).into_iter().find(|p| present.contains(&p.canonical)).map(|p| p.canonical.clone())
}

/// The char ranges of the windows of an article text (paragraphs are lines).
pub fn windows(chars: &[char], window: Window) -> Vec<(usize, usize)> {
    let ends: &[char] = match window {
        Window::Article => return vec![(0, chars.len())],
        Window::Paragraph => &['\n'],
        Window::Sentence => &['。', '！', '？', '；', '\n'],
    };
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in chars.iter().enumerate() {
        if ends.contains(c) {
            out.push((start, i + 1));
            start = i + 1;
        }
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}
