//! Stage 6: the entity graph (petgraph), one node per entity, co-occurrence edges.
//!
//! Two entities co-occur when both are mentioned in the same window (sentence, paragraph
//! or article); an edge's weight counts those windows and the edge keeps the ids of the
//! articles it comes from. Journalists are bylines, not actors, and get no co-occurrence
//! edges. Nodes and edges are sorted by id, so the same input always gives the same graph.

use crate::model::{Article, EntityId, EntityType, Mention};
use petgraph::graph::{NodeIndex, UnGraph};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

/// The co-occurrence window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Window {
    Sentence,
    /// The default: a paragraph of a news story is one event or one point; a whole feature
    /// article would link everything to everything, a sentence misses "…参加。记者" pairs.
    #[default]
    Paragraph,
    Article,
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

/// An entity node.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Node {
    pub id: EntityId,
    pub ty: Option<EntityType>,
    pub name: String,
    pub mentions: usize,
    pub articles: BTreeSet<String>,
    /// Other spellings seen in the text (short forms, full organ names).
    pub aliases: BTreeSet<String>,
    /// Titles an official was given, with how often.
    pub roles: BTreeMap<String, usize>,
}

/// The kind of an edge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EdgeKind {
    Cooccurs,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Cooccurs => "cooccurs",
        }
    }
}

/// An edge with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub kind: EdgeKind,
    /// The number of windows in which both ends appear.
    pub weight: f64,
    pub articles: BTreeSet<String>,
}

/// The finished graph.
#[derive(Clone, Debug, Default)]
pub struct EntityGraph {
    pub graph: UnGraph<Node, Edge>,
    pub window: Window,
}

impl EntityGraph {
    pub fn node_index(&self, id: &EntityId) -> Option<NodeIndex> {
        self.graph.node_indices().find(|&i| &self.graph[i].id == id)
    }
}

/// Accumulates articles into a graph.
#[derive(Clone, Debug, Default)]
pub struct GraphBuilder {
    window: Window,
    nodes: BTreeMap<EntityId, Node>,
    edges: BTreeMap<(EntityId, EntityId), Edge>,
}

impl GraphBuilder {
    pub fn new(window: Window) -> Self {
        GraphBuilder { window, ..Default::default() }
    }

    /// Adds one article and its mentions.
    pub fn add_article(&mut self, article: &Article, mentions: &[Mention]) {
        let chars: Vec<char> = article.text.chars().collect();
        for m in mentions {
            let id = m.id();
            let node = self.nodes.entry(id.clone()).or_insert_with(|| Node {
                id: id.clone(),
                ty: Some(m.ty),
                name: m.name.clone(),
                ..Default::default()
            });
            node.mentions += 1;
            node.articles.insert(article.id.0.clone());
            let surface: String = chars[m.span.start..m.span.end].iter().collect();
            if surface != m.name {
                node.aliases.insert(surface);
            }
            for r in &m.roles {
                *node.roles.entry(r.clone()).or_insert(0) += 1;
            }
        }
        for window in windows(article, &chars, self.window) {
            let mut ids: Vec<EntityId> = mentions
                .iter()
                .filter(|m| m.ty.cooccurs() && m.span.start >= window.0 && m.span.start < window.1)
                .map(Mention::id)
                .collect();
            ids.sort();
            ids.dedup();
            for a in 0..ids.len() {
                for b in a + 1..ids.len() {
                    let e = self.edges.entry((ids[a].clone(), ids[b].clone())).or_insert_with(|| Edge {
                        kind: EdgeKind::Cooccurs,
                        weight: 0.0,
                        articles: BTreeSet::new(),
                    });
                    e.weight += 1.0;
                    e.articles.insert(article.id.0.clone());
                }
            }
        }
    }

    pub fn build(self) -> EntityGraph {
        let mut graph = UnGraph::with_capacity(self.nodes.len(), self.edges.len());
        let mut index: BTreeMap<EntityId, NodeIndex> = BTreeMap::new();
        for (id, node) in self.nodes {
            index.insert(id, graph.add_node(node));
        }
        for ((a, b), e) in self.edges {
            graph.add_edge(index[&a], index[&b], e);
        }
        EntityGraph { graph, window: self.window }
    }
}

/// The char ranges of the windows of an article.
pub fn windows(article: &Article, chars: &[char], window: Window) -> Vec<(usize, usize)> {
    match window {
        Window::Article => vec![(0, chars.len())],
        Window::Paragraph => article.paragraphs.clone(),
        Window::Sentence => {
            let mut out = Vec::new();
            let mut start = 0;
            for (i, &c) in chars.iter().enumerate() {
                if matches!(c, '。' | '！' | '？' | '；' | '\n') {
                    out.push((start, i + 1));
                    start = i + 1;
                }
            }
            if start < chars.len() {
                out.push((start, chars.len()));
            }
            out
        }
    }
}
