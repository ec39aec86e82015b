//! Graph analyses as free functions over an [`EntityGraph`]: degree, weighted degree,
//! PageRank and Louvain communities. [`annotate`] stores them on the nodes for export.
//!
//! All of them read the edges' `weight` and are deterministic: nodes are visited in index
//! order (which is id order), ties break on the lower index. Degree counts every distinct
//! neighbour; weighted degree, PageRank and communities leave out `covers` edges (a
//! journalist's byline says who wrote, not who works with whom).

use crate::graph::{EdgeKind, EntityGraph};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::BTreeMap;

/// Computes every metric and stores it on the nodes.
pub fn annotate(g: &mut EntityGraph) {
    let pr = pagerank(g, 0.85, 100);
    let comm = louvain(g);
    let idx: Vec<NodeIndex> = g.graph.node_indices().collect();
    for (k, &i) in idx.iter().enumerate() {
        let degree = degree(g, i);
        // An empty f64 sum is -0.0; adding 0.0 makes it the 0.0 a reader expects.
        let wdeg: f64 = g.graph.edges(i).filter(|e| counts(e.weight())).map(|e| e.weight().weight).sum::<f64>() + 0.0;
        let n = &mut g.graph[i];
        n.degree = degree;
        n.weighted_degree = wdeg;
        n.pagerank = pr[k];
        n.community = comm[k];
    }
}

/// Whether an edge counts in weighted degree, PageRank and communities.
fn counts(e: &crate::graph::Edge) -> bool {
    // Bylines and acts are left out: an act is stated in a paragraph whose co-occurrence
    // already counts the pair, and a byline is no tie between what it covers.
    !matches!(e.kind, EdgeKind::Covers | EdgeKind::Acts(_))
}

/// The number of distinct neighbours of a node: two entities joined by a co-occurrence
/// and a role edge are one neighbour, not two.
pub fn degree(g: &EntityGraph, i: NodeIndex) -> usize {
    let mut near: Vec<NodeIndex> = g.graph.neighbors(i).collect();
    near.sort_unstable();
    near.dedup();
    near.len()
}

/// Weighted PageRank on the undirected graph (each edge both ways), by power iteration.
/// Nodes without edges spread their rank evenly, so ranks sum to 1.
pub fn pagerank(g: &EntityGraph, damping: f64, iterations: usize) -> Vec<f64> {
    let n = g.graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let strength: Vec<f64> =
        g.graph.node_indices().map(|i| g.graph.edges(i).filter(|e| counts(e.weight())).map(|e| e.weight().weight.max(0.0)).sum()).collect();
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..iterations {
        let dangling: f64 = (0..n).filter(|&i| strength[i] == 0.0).map(|i| rank[i]).sum();
        let base = (1.0 - damping) / n as f64 + damping * dangling / n as f64;
        let mut next = vec![base; n];
        for e in g.graph.edge_references().filter(|e| counts(e.weight())) {
            let (a, b, w) = (e.source().index(), e.target().index(), e.weight().weight.max(0.0));
            if strength[a] > 0.0 {
                next[b] += damping * rank[a] * w / strength[a];
            }
            if strength[b] > 0.0 {
                next[a] += damping * rank[b] * w / strength[b];
            }
        }
        let delta: f64 = next.iter().zip(&rank).map(|(x, y)| (x - y).abs()).sum();
        rank = next;
        if delta < 1e-12 {
            break;
        }
    }
    rank
}

/// Louvain community detection (Blondel et al. 2008) on edge weights: local moves that
/// raise modularity, then aggregation, until nothing moves. Returns a community id per
/// node, numbered by the first node of each community in index order.
pub fn louvain(g: &EntityGraph) -> Vec<usize> {
    let n = g.graph.node_count();
    // Adjacency of the current level: (neighbour, weight), self-loops as weight on i-i.
    let mut adj: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); n];
    for e in g.graph.edge_references().filter(|e| counts(e.weight())) {
        let (a, b, w) = (e.source().index(), e.target().index(), e.weight().weight.max(0.0));
        if a == b {
            *adj[a].entry(a).or_insert(0.0) += w;
        } else {
            *adj[a].entry(b).or_insert(0.0) += w;
            *adj[b].entry(a).or_insert(0.0) += w;
        }
    }
    let mut membership: Vec<usize> = (0..n).collect();
    loop {
        let level = one_level(&adj);
        let moved = level.iter().enumerate().any(|(i, &c)| c != i);
        // Renumber communities densely in order of first member.
        let mut renum: BTreeMap<usize, usize> = BTreeMap::new();
        let mut order = Vec::new();
        for &c in &level {
            if let std::collections::btree_map::Entry::Vacant(e) = renum.entry(c) {
                e.insert(order.len());
                order.push(c);
            }
        }
        for m in membership.iter_mut() {
            *m = renum[&level[*m]];
        }
        if !moved {
            break;
        }
        let k = order.len();
        let mut next: Vec<BTreeMap<usize, f64>> = vec![BTreeMap::new(); k];
        for (i, nb) in adj.iter().enumerate() {
            for (&j, &w) in nb {
                *next[renum[&level[i]]].entry(renum[&level[j]]).or_insert(0.0) += w;
            }
        }
        adj = next;
    }
    // Number communities by their first node.
    let mut first: BTreeMap<usize, usize> = BTreeMap::new();
    for &c in &membership {
        let len = first.len();
        first.entry(c).or_insert(len);
    }
    membership.iter().map(|c| first[c]).collect()
}

/// One level of local moves. Returns each node's community (a node index).
fn one_level(adj: &[BTreeMap<usize, f64>]) -> Vec<usize> {
    let n = adj.len();
    let degree: Vec<f64> = adj.iter().map(|nb| nb.values().sum()).collect();
    let m2: f64 = degree.iter().sum();
    let mut comm: Vec<usize> = (0..n).collect();
    if m2 == 0.0 {
        return comm;
    }
    let mut tot: Vec<f64> = degree.clone();
    for _ in 0..100 {
        let mut improved = false;
        for i in 0..n {
            let ci = comm[i];
            let mut links: BTreeMap<usize, f64> = BTreeMap::new();
            for (&j, &w) in &adj[i] {
                if j != i {
                    *links.entry(comm[j]).or_insert(0.0) += w;
                }
            }
            tot[ci] -= degree[i];
            let gain = |c: usize, k_in: f64| k_in - tot[c] * degree[i] / m2;
            let mut best = ci;
            let mut best_gain = gain(ci, links.get(&ci).copied().unwrap_or(0.0));
            for (&c, &k_in) in &links {
                let g = gain(c, k_in);
                if g > best_gain + 1e-12 {
                    best = c;
                    best_gain = g;
                }
            }
            tot[best] += degree[i];
            if best != ci {
                comm[i] = best;
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
    comm
}
