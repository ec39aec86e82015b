//! Filters that tame hairballs, as free functions from a graph to a smaller graph:
//! node types, minimum weight, top-k edges per node, the disparity-filter backbone, and an
//! ego network. Filters apply to `cooccurs` edges; `role` and `located_in` edges state
//! facts and are kept whenever both ends are.

use crate::graph::{EdgeKind, EntityGraph};
use crate::model::EntityType;
use petgraph::graph::{EdgeIndex, NodeIndex, UnGraph};
use petgraph::visit::EdgeRef;
use std::collections::{BTreeSet, VecDeque};

/// What to keep.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterConfig {
    /// Keep only these node types (empty: all).
    pub types: Vec<EntityType>,
    /// Drop these node types.
    pub exclude: Vec<EntityType>,
    /// Drop co-occurrence edges lighter than this.
    pub min_weight: Option<f64>,
    /// Keep each node's k heaviest co-occurrence edges (an edge stays if it is among the
    /// top k of either end).
    pub top_k: Option<usize>,
    /// Keep co-occurrence edges significant at this level under the disparity filter.
    pub backbone: Option<f64>,
    /// Keep only the nodes within `depth` steps of this entity (name, alias or id).
    pub ego: Option<(String, usize)>,
    /// Keep only edges of these kinds (empty: all); nodes left without an edge go too.
    pub kinds: Vec<EdgeKind>,
}

impl FilterConfig {
    pub fn is_empty(&self) -> bool {
        *self == FilterConfig::default()
    }
}

/// Applies all filters in a fixed order: types, weight, backbone, top-k, kinds, ego.
pub fn apply(g: &EntityGraph, cfg: &FilterConfig) -> Result<EntityGraph, String> {
    let keep_node = |i: NodeIndex| {
        let ty = g.graph[i].ty;
        (cfg.types.is_empty() || ty.is_some_and(|t| cfg.types.contains(&t)))
            && !ty.is_some_and(|t| cfg.exclude.contains(&t))
    };
    let nodes: BTreeSet<NodeIndex> = g.graph.node_indices().filter(|&i| keep_node(i)).collect();
    let mut edges: BTreeSet<EdgeIndex> = g
        .graph
        .edge_references()
        .filter(|e| nodes.contains(&e.source()) && nodes.contains(&e.target()))
        .filter(|e| e.weight().kind != EdgeKind::Cooccurs || cfg.min_weight.is_none_or(|m| e.weight().weight >= m))
        .map(|e| e.id())
        .collect();
    if let Some(alpha) = cfg.backbone {
        let kept = backbone(g, &edges, alpha);
        edges.retain(|e| g.graph[*e].kind != EdgeKind::Cooccurs || kept.contains(e));
    }
    if let Some(k) = cfg.top_k {
        let kept = top_k(g, &edges, k);
        edges.retain(|e| g.graph[*e].kind != EdgeKind::Cooccurs || kept.contains(e));
    }
    let mut nodes = nodes;
    if !cfg.kinds.is_empty() {
        edges.retain(|e| cfg.kinds.contains(&g.graph[*e].kind));
        let ends: BTreeSet<NodeIndex> = edges.iter().flat_map(|&e| {
            let (a, b) = g.graph.edge_endpoints(e).expect("edge exists");
            [a, b]
        }).collect();
        nodes.retain(|n| ends.contains(n));
    }
    if let Some((name, depth)) = &cfg.ego {
        let center = find_node(g, name).ok_or_else(|| format!("no entity named `{name}` in the graph"))?;
        let reach = within(g, &edges, center, *depth);
        nodes.retain(|n| reach.contains(n));
        edges.retain(|e| {
            let (a, b) = g.graph.edge_endpoints(*e).expect("edge exists");
            nodes.contains(&a) && nodes.contains(&b)
        });
    }
    Ok(subgraph(g, &nodes, &edges))
}

/// Finds a node by canonical name, alias, label (王伟@中原区), `type:name` id or ASCII
/// export key; spaces are ignored. With several matches, the most mentioned wins.
pub fn find_node(g: &EntityGraph, name: &str) -> Option<NodeIndex> {
    let want: String = name.chars().filter(|c| !c.is_whitespace()).collect();
    g.graph
        .node_indices()
        .filter(|&i| {
            let n = &g.graph[i];
            n.name == want
                || n.id.0 == want
                || n.label() == want
                || n.aliases.contains(&want)
                || crate::export::node_key(&n.id) == want
        })
        .max_by_key(|&i| (g.graph[i].mentions, std::cmp::Reverse(i)))
}

/// The disparity filter of Serrano, Boguñá and Vespignani (2009): an edge of node i with
/// k co-occurrence edges and strength s carries the share p = w/s; it is significant for
/// i when (1 - p)^(k-1) < alpha. An edge stays if it is significant for either end; the
/// only edge of a node stays.
pub fn backbone(g: &EntityGraph, edges: &BTreeSet<EdgeIndex>, alpha: f64) -> BTreeSet<EdgeIndex> {
    let co: Vec<EdgeIndex> = edges.iter().copied().filter(|&e| g.graph[e].kind == EdgeKind::Cooccurs).collect();
    let n = g.graph.node_count();
    let mut k = vec![0usize; n];
    let mut s = vec![0f64; n];
    for &e in &co {
        let (a, b) = g.graph.edge_endpoints(e).expect("edge exists");
        let w = g.graph[e].weight;
        for x in [a.index(), b.index()] {
            k[x] += 1;
            s[x] += w;
        }
    }
    let significant = |x: usize, w: f64| -> bool {
        if k[x] <= 1 {
            return true;
        }
        if s[x] <= 0.0 {
            return false;
        }
        (1.0 - w / s[x]).powi(k[x] as i32 - 1) < alpha
    };
    co.into_iter()
        .filter(|&e| {
            let (a, b) = g.graph.edge_endpoints(e).expect("edge exists");
            let w = g.graph[e].weight;
            significant(a.index(), w) || significant(b.index(), w)
        })
        .collect()
}

/// Each node's `k` heaviest co-occurrence edges (ties: lower edge index).
pub fn top_k(g: &EntityGraph, edges: &BTreeSet<EdgeIndex>, k: usize) -> BTreeSet<EdgeIndex> {
    let mut kept = BTreeSet::new();
    for i in g.graph.node_indices() {
        let mut mine: Vec<EdgeIndex> = g
            .graph
            .edges(i)
            .map(|e| e.id())
            .filter(|e| edges.contains(e) && g.graph[*e].kind == EdgeKind::Cooccurs)
            .collect();
        mine.sort_by(|a, b| g.graph[*b].weight.total_cmp(&g.graph[*a].weight).then(a.cmp(b)));
        kept.extend(mine.into_iter().take(k));
    }
    kept
}

/// Nodes within `depth` steps of `center` over the given edges.
fn within(g: &EntityGraph, edges: &BTreeSet<EdgeIndex>, center: NodeIndex, depth: usize) -> BTreeSet<NodeIndex> {
    let mut seen = BTreeSet::from([center]);
    let mut queue = VecDeque::from([(center, 0)]);
    while let Some((n, d)) = queue.pop_front() {
        if d == depth {
            continue;
        }
        for e in g.graph.edges(n).filter(|e| edges.contains(&e.id())) {
            let other = if e.source() == n { e.target() } else { e.source() };
            if seen.insert(other) {
                queue.push_back((other, d + 1));
            }
        }
    }
    seen
}

/// The graph restricted to some nodes and edges, in the original order.
fn subgraph(g: &EntityGraph, nodes: &BTreeSet<NodeIndex>, edges: &BTreeSet<EdgeIndex>) -> EntityGraph {
    let mut out = UnGraph::with_capacity(nodes.len(), edges.len());
    let mut map = vec![None; g.graph.node_count()];
    for &i in nodes {
        map[i.index()] = Some(out.add_node(g.graph[i].clone()));
    }
    for &e in edges {
        let (a, b) = g.graph.edge_endpoints(e).expect("edge exists");
        if let (Some(x), Some(y)) = (map[a.index()], map[b.index()]) {
            out.add_edge(x, y, g.graph[e].clone());
        }
    }
    let mut sub = EntityGraph { graph: out, window: g.window, article_ids: g.article_ids };
    crate::analysis::annotate(&mut sub);
    sub
}
