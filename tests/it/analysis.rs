//! Graph measures on graphs small enough to work out by hand: Jaccard edge scores (from
//! the builder), PageRank and Louvain communities (`newsgraph::analysis`), and what
//! `annotate` stores on the nodes.

use crate::common::pipeline;
use newsgraph::analysis::{annotate, louvain, pagerank};
use newsgraph::graph::{EdgeKind, EntityGraph, GraphBuilder, Node, Window};
use newsgraph::model::{ArticleRecord, EntityId, EntityType};
use petgraph::visit::EdgeRef;

const TOLERANCE: f64 = 1e-6;

/// (what, node names, edges (from, to, weight) by position in the names, expected values)
type Case<T> = (&'static str, &'static [&'static str], &'static [(usize, usize, f64)], &'static [T]);

/// A graph of officials named by `names`, with weighted co-occurrence edges between them
/// (given by position in `names`); nodes are added in the order given.
fn hand_graph(names: &[&str], edges: &[(usize, usize, f64)]) -> EntityGraph {
    let mut g = EntityGraph::default();
    let idx: Vec<_> = names
        .iter()
        .map(|n| {
            g.graph.add_node(Node {
                id: EntityId::new(EntityType::Official, n),
                ty: Some(EntityType::Official),
                name: n.to_string(),
                mentions: 1,
                ..Default::default()
            })
        })
        .collect();
    for &(a, b, w) in edges {
        g.graph.add_edge(idx[a], idx[b], crate::common::cooccurrence(w));
    }
    g
}

fn assert_close(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() < TOLERANCE, "{what}: node {i} has {g}, want {w} (all: {got:?})");
    }
}

/// PageRank with damping d = 0.85 solves r_i = (1-d)/n + d * sum_j r_j * w_ij / s_j (s_j: the
/// weighted degree of j). The expected values below are that system solved by hand.
#[test]
fn pagerank_values() {
    let cases: &[Case<f64>] = &[
        // Every node alike: 1/n each.
        ("triangle", &["甲", "乙", "丙"], &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)], &[1.0 / 3.0; 3]),
        // Star with k = 3 leaves: centre = (1-d)/n * (1+dk)/(1-d^2) = 71/148, leaves 77/444.
        ("star", &["中", "甲", "乙", "丙"], &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0)], &[71.0 / 148.0, 77.0 / 444.0, 77.0 / 444.0, 77.0 / 444.0]),
        // Triangle 甲乙丙 with 丁 hanging on 丙: 甲 = 乙 = 770/3131, 丙 = 4593/12524, 丁 = 1771/12524.
        (
            "triangle and pendant",
            &["甲", "乙", "丙", "丁"],
            &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (2, 3, 1.0)],
            &[770.0 / 3131.0, 770.0 / 3131.0, 4593.0 / 12524.0, 1771.0 / 12524.0],
        ),
        // Weights count: path 甲-乙 (3) 乙-丙 (1): 乙 = 18/37, 甲 = 13.325/37, 丙 = 5.675/37.
        ("weighted path", &["甲", "乙", "丙"], &[(0, 1, 3.0), (1, 2, 1.0)], &[13.325 / 37.0, 18.0 / 37.0, 5.675 / 37.0]),
        // A node without edges spreads its rank evenly: 丙 = ((1-d)/3) / (1 - d/3) = 3/43.
        ("pair and isolated node", &["甲", "乙", "丙"], &[(0, 1, 1.0)], &[20.0 / 43.0, 20.0 / 43.0, 3.0 / 43.0]),
    ];
    for (what, names, edges, want) in cases {
        let g = hand_graph(names, edges);
        let pr = pagerank(&g, 0.85, 100);
        assert_close(what, &pr, want);
        let sum: f64 = pr.iter().sum();
        assert!((sum - 1.0).abs() < 1e-9, "{what}: ranks sum to {sum}");
    }
    assert!(pagerank(&EntityGraph::default(), 0.85, 100).is_empty());
}

#[test]
fn louvain_communities() {
    let cases: &[Case<usize>] = &[
        // Two triangles joined by one edge: two communities, numbered by first node.
        (
            "two triangles and a bridge",
            &["甲", "乙", "丙", "丁", "戊", "己"],
            &[(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0), (3, 4, 1.0), (4, 5, 1.0), (3, 5, 1.0), (2, 3, 1.0)],
            &[0, 0, 0, 1, 1, 1],
        ),
        // The same graph with its nodes interleaved in index order: {甲,乙,丙} = nodes 0, 2, 4.
        (
            "interleaved nodes",
            &["甲", "丁", "乙", "戊", "丙", "己"],
            &[(0, 2, 1.0), (2, 4, 1.0), (0, 4, 1.0), (1, 3, 1.0), (3, 5, 1.0), (1, 5, 1.0), (4, 1, 1.0)],
            &[0, 1, 0, 1, 0, 1],
        ),
        ("two separate edges", &["甲", "乙", "丙", "丁"], &[(0, 1, 1.0), (2, 3, 1.0)], &[0, 0, 1, 1]),
        // Weights decide: path 甲-乙-丙-丁 with heavy ends and a light middle.
        ("heavy ends of a path", &["甲", "乙", "丙", "丁"], &[(0, 1, 5.0), (1, 2, 1.0), (2, 3, 5.0)], &[0, 0, 1, 1]),
        ("one clique", &["甲", "乙", "丙", "丁"], &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (1, 2, 1.0), (1, 3, 1.0), (2, 3, 1.0)], &[0, 0, 0, 0]),
        ("no edges", &["甲", "乙", "丙"], &[], &[0, 1, 2]),
    ];
    for (what, names, edges, want) in cases {
        let got = louvain(&hand_graph(names, edges));
        assert_eq!(&got, want, "{what}");
    }
}

#[test]
fn annotate_stores_degrees_pagerank_and_communities() {
    // Triangle 甲乙丙 (weights 1, 2, 3) with 丁 hanging on 丙 (weight 4).
    let mut g = hand_graph(&["甲", "乙", "丙", "丁"], &[(0, 1, 1.0), (1, 2, 2.0), (0, 2, 3.0), (2, 3, 4.0)]);
    let (pr, comm) = (pagerank(&g, 0.85, 100), louvain(&g));
    annotate(&mut g);
    let nodes: Vec<&Node> = g.graph.node_weights().collect();
    let degrees: Vec<usize> = nodes.iter().map(|n| n.degree).collect();
    assert_eq!(degrees, [2, 2, 3, 1]);
    let weighted: Vec<f64> = nodes.iter().map(|n| n.weighted_degree).collect();
    assert_close("weighted degree", &weighted, &[4.0, 3.0, 9.0, 4.0]);
    let stored: Vec<f64> = nodes.iter().map(|n| n.pagerank).collect();
    assert_close("stored pagerank", &stored, &pr);
    assert_eq!(nodes.iter().map(|n| n.community).collect::<Vec<_>>(), comm);
    // The heaviest node by weighted degree ranks first.
    let top = stored.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
    assert_eq!(top, 2);
}

/// An article record naming officials, with spans where their names are written.
fn record(id: &str, text: &str, names: &[&str]) -> ArticleRecord {
    let chars: Vec<char> = text.chars().collect();
    let entities: Vec<serde_json::Value> = names
        .iter()
        .map(|n| {
            let pat: Vec<char> = n.chars().collect();
            let spans: Vec<[usize; 2]> =
                (0..chars.len()).filter(|&i| chars[i..].starts_with(&pat)).map(|i| [i, i + pat.len()]).collect();
            assert!(!spans.is_empty(), "{n} is not in {text}");
            serde_json::json!({"id": format!("official:{n}"), "name": n, "type": "official", "count": spans.len(), "spans": spans})
        })
        .collect();
    serde_json::from_value(serde_json::json!({
        "id": id, "source": format!("{id}.txt"), "title": "", "date": null, "journalists": [],
        "text": text, "entities": entities,
    }))
    .expect("a record")
}

/// Jaccard = articles naming both ends / articles naming either; counts and fractional
/// counts per window.
#[test]
fn jaccard_count_and_fractional_weights() {
    let records = [
        record("a1", "甲乙同行。", &["甲乙", "同行"]),
        record("a2", "甲乙会见丙丁。", &["甲乙", "丙丁"]),
        record("a3", "甲乙与同行交流。", &["甲乙", "同行"]),
        record("a4", "甲乙、同行、丙丁出席。", &["甲乙", "同行", "丙丁"]),
    ];
    let mut b = GraphBuilder::new(Window::Article);
    for r in &records {
        b.add_article(r);
    }
    let g = b.build(&pipeline().recognizer.index);
    let edge = |x: &str, y: &str| {
        g.graph
            .edge_references()
            .find(|e| {
                let (a, b) = (&g.graph[e.source()].name, &g.graph[e.target()].name);
                e.weight().kind == EdgeKind::Cooccurs && ((a == x && b == y) || (a == y && b == x))
            })
            .map(|e| e.weight().clone())
            .unwrap_or_else(|| panic!("no edge {x}-{y}"))
    };
    // (ends, count, fractional, jaccard)
    let want = [
        // Together in a1, a3, a4 (a4 with three names: 1/2 each); 甲乙 in all four, 同行 in three.
        (("甲乙", "同行"), 3.0, 2.5, 3.0 / 4.0),
        // Together in a2 and a4; either in all four.
        (("甲乙", "丙丁"), 2.0, 1.5, 2.0 / 4.0),
        // Together in a4 only; 同行 in a1, a3, a4 and 丙丁 in a2, a4: either in four.
        (("同行", "丙丁"), 1.0, 0.5, 1.0 / 4.0),
    ];
    for ((x, y), count, fractional, jaccard) in want {
        let e = edge(x, y);
        assert_close(&format!("{x}-{y} count, fractional, jaccard"), &[e.count, e.fractional, e.jaccard], &[count, fractional, jaccard]);
        assert_eq!(e.weight, e.count, "{x}-{y}: weight is the count by default");
    }
    assert_eq!(g.graph.edge_count(), 3);
}
