//! The graph on constructed inputs: fractional weights tame leader lists, the backbone
//! keeps strong edges and drops noise, role edges carry titles, ids and order are stable.

use crate::common::{page, pipeline};
use newsgraph::model::ArticleRecord;
use newsgraph::filter::{apply, FilterConfig};
use newsgraph::graph::{Edge, EdgeKind, EntityGraph, GraphBuilder, Node, WeightKind, Window};
use newsgraph::model::{EntityId, EntityType};
use petgraph::visit::EdgeRef;

/// Records for texts, through the whole pipeline.
fn records(texts: &[&str]) -> Vec<ArticleRecord> {
    let mut out = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        for (a, m) in pipeline().process_page(&page(&format!("t{i:02}.txt"), t)) {
            out.push(ArticleRecord::new(&a, &m));
        }
    }
    out
}

fn graph_of(texts: &[&str]) -> EntityGraph {
    let mut b = GraphBuilder::new(Window::Paragraph);
    for r in records(texts) {
        b.add_article(&r);
    }
    b.build(&pipeline().recognizer.index)
}

fn edge<'a>(g: &'a EntityGraph, kind: EdgeKind, a: &str, b: &str) -> Option<&'a Edge> {
    g.graph.edge_references().map(|e| (e.source(), e.target(), e.weight())).find_map(|(x, y, e)| {
        let (nx, ny) = (&g.graph[x].name, &g.graph[y].name);
        (e.kind == kind && ((nx == a && ny == b) || (nx == b && ny == a))).then_some(e)
    })
}

#[test]
fn a_leader_list_does_not_outweigh_a_pair_named_five_times() {
    let list = "本报讯 惠济区举行开工仪式。区领导陈一鸣、王二林、张三平、李四海、赵五岳、刘六合、孙七星、周八方、吴九州、郑十全、钱百川、冯千里等参加。";
    let pair = "本报讯 惠济区副区长何明远会见河南省绿源食品股份有限公司董事长。";
    let mut texts = vec![list];
    texts.extend(std::iter::repeat_n(pair, 5));
    let g = graph_of(&texts);
    let strong = edge(&g, EdgeKind::Cooccurs, "何明远", "河南省绿源食品股份有限公司").expect("pair edge");
    assert_eq!(strong.count, 5.0);
    let listed = edge(&g, EdgeKind::Cooccurs, "陈一鸣", "王二林").expect("list edge");
    // Raw counts: one list window gives every pair of the twelve a full 1.
    assert_eq!(listed.count, 1.0);
    // Fractional: a window of n entities adds 1/(n-1) per pair.
    assert!(strong.fractional > 10.0 * listed.fractional, "{} vs {}", strong.fractional, listed.fractional);
    // A listed leader's whole share of the list is 1, less than the pair's 5.
    let share: f64 = g
        .graph
        .edge_references()
        .filter(|e| e.weight().kind == EdgeKind::Cooccurs)
        .filter(|e| g.graph[e.source()].name == "陈一鸣" || g.graph[e.target()].name == "陈一鸣")
        .map(|e| e.weight().fractional)
        .sum();
    assert!(share < strong.fractional, "{share}");
}

/// A hand-made weighted graph: hub H with one strong partner A and ten weak ones B0..B9
/// that also form a weak ring among themselves.
fn star_with_noise() -> EntityGraph {
    let mut g = EntityGraph::default();
    let node = |name: &str| Node {
        id: EntityId::new(EntityType::Official, name),
        ty: Some(EntityType::Official),
        name: name.into(),
        mentions: 1,
        ..Default::default()
    };
    let edge = crate::common::cooccurrence;
    let h = g.graph.add_node(node("H"));
    let a = g.graph.add_node(node("A"));
    g.graph.add_edge(h, a, edge(20.0));
    let bs: Vec<_> = (0..10).map(|i| g.graph.add_node(node(&format!("B{i}")))).collect();
    for (i, &b) in bs.iter().enumerate() {
        g.graph.add_edge(h, b, edge(1.0));
        g.graph.add_edge(b, bs[(i + 1) % bs.len()], edge(1.0));
    }
    g
}

#[test]
fn backbone_keeps_the_strong_edge_and_drops_noise() {
    let g = star_with_noise();
    let b = apply(&g, &FilterConfig { backbone: Some(0.05), ..Default::default() }).unwrap();
    assert!(edge(&b, EdgeKind::Cooccurs, "H", "A").is_some());
    for i in 0..10 {
        assert!(edge(&b, EdgeKind::Cooccurs, "H", &format!("B{i}")).is_none(), "H-B{i} kept");
    }
    // Top-k and min-weight on the same graph.
    let t = apply(&g, &FilterConfig { top_k: Some(1), ..Default::default() }).unwrap();
    assert!(edge(&t, EdgeKind::Cooccurs, "H", "A").is_some());
    let m = apply(&g, &FilterConfig { min_weight: Some(2.0), ..Default::default() }).unwrap();
    assert_eq!(m.graph.edge_count(), 1);
}

#[test]
fn ego_network_and_type_filters() {
    let g = star_with_noise();
    let e = apply(&g, &FilterConfig { ego: Some(("A".into(), 1)), ..Default::default() }).unwrap();
    let names: Vec<&str> = e.graph.node_weights().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["H", "A"]);
    assert!(apply(&g, &FilterConfig { ego: Some(("nobody".into(), 1)), ..Default::default() }).is_err());
    let none = apply(&g, &FilterConfig { exclude: vec![EntityType::Official], ..Default::default() }).unwrap();
    assert_eq!(none.graph.node_count(), 0);
}

#[test]
fn role_edges_carry_titles() {
    let g = graph_of(&[
        "本报讯 西工区召开审计工作会议，洛阳市西工区审计局党组书记、局长赵青主持会议。",
        "本报讯 惠济区召开会议。区委副书记、区长苏明远讲话。",
    ]);
    let audit = edge(&g, EdgeKind::Role, "赵青", "西工区审计局").expect("role edge to the bureau");
    assert_eq!(audit.roles.iter().cloned().collect::<Vec<_>>(), ["党组书记", "局长"]);
    let district = edge(&g, EdgeKind::Role, "苏明远", "惠济区").expect("role edge to the district");
    assert_eq!(district.roles.iter().cloned().collect::<Vec<_>>(), ["区委副书记", "区长"]);
    // Organizations sit in their district.
    assert!(edge(&g, EdgeKind::LocatedIn, "西工区审计局", "西工区").is_some());
}

#[test]
fn located_in_follows_division_codes() {
    let g = graph_of(&["本报讯 河南省郑州市中牟县官渡镇的群众。"]);
    assert!(edge(&g, EdgeKind::LocatedIn, "官渡镇", "中牟县").is_some());
    assert!(edge(&g, EdgeKind::LocatedIn, "中牟县", "郑州市").is_some());
    assert!(edge(&g, EdgeKind::LocatedIn, "郑州市", "河南省").is_some());
}

#[test]
fn ids_and_order_are_deterministic() {
    let texts = ["本报讯 惠济区副区长何明远会见河南省绿源食品股份有限公司董事长。", "本报讯 中牟县官渡镇召开会议。"];
    let (a, b) = (graph_of(&texts), graph_of(&texts));
    let ids = |g: &EntityGraph| g.graph.node_weights().map(|n| n.id.0.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
    let mut sorted = ids(&a);
    sorted.sort();
    assert_eq!(ids(&a), sorted);
    let mut x = a.clone();
    x.use_weight(WeightKind::Fractional);
    assert!(x.graph.edge_weights().all(|e| e.weight == e.fractional));
}

/// A builder saved after some articles, resumed, given more, saved again (one chunk of
/// evidence per save) and resumed once more builds the graph one builder of all the
/// articles builds; chunks out of order or missing are refused.
#[test]
fn a_state_saved_in_chunks_resumes_to_the_same_graph() {
    let texts = [
        "本报讯 惠济区副区长何明远会见河南省绿源食品股份有限公司董事长。",
        "本报讯 中牟县官渡镇召开会议，副县长李清河出席。",
        "本报讯 惠济区副区长何明远调研河南省绿源食品股份有限公司。",
        "本报讯 中牟县副县长李清河到官渡镇调研。",
        "本报讯 惠济区举行开工仪式，区领导何明远、陈一鸣参加。",
    ];
    let mut recs = records(&texts);
    for (k, r) in recs.iter_mut().enumerate() {
        r.date = (k != 2).then(|| format!("2022-0{}-15", 5 - k));
    }
    let index = &pipeline().recognizer.index;
    let mut whole = GraphBuilder::new(Window::Paragraph);
    for r in &recs {
        whole.add_article(r);
    }
    let mut b = GraphBuilder::new(Window::Paragraph);
    for r in &recs[..2] {
        b.add_article(r);
    }
    let first = b.to_saved();
    assert!(first.fresh);
    let mut b = GraphBuilder::from_saved(&first.core, [first.chunk.as_slice()]).expect("first state");
    for r in &recs[2..4] {
        b.add_article(r);
    }
    let second = b.to_saved();
    assert!(!second.fresh);
    let chunks = [first.chunk.as_slice(), second.chunk.as_slice()];
    let mut b = GraphBuilder::from_saved(&second.core, chunks).expect("second state");
    assert!(GraphBuilder::from_saved(&second.core, [second.chunk.as_slice(), first.chunk.as_slice()]).is_none());
    assert!(GraphBuilder::from_saved(&second.core, [first.chunk.as_slice()]).is_none());
    // A state cut anywhere, in its core or in a chunk, is refused, not a panic.
    for cut in 0..second.core.len() {
        assert!(GraphBuilder::from_saved(&second.core[..cut], chunks).is_none(), "core cut at {cut}");
    }
    for cut in 0..second.chunk.len() {
        assert!(GraphBuilder::from_saved(&second.core, [first.chunk.as_slice(), &second.chunk[..cut]]).is_none(), "chunk cut at {cut}");
    }
    b.add_article(&recs[4]);
    let (got, want) = (b.build(index), whole.build(index));
    assert_eq!(got.graph.node_weights().collect::<Vec<_>>(), want.graph.node_weights().collect::<Vec<_>>());
    assert_eq!(got.graph.edge_weights().collect::<Vec<_>>(), want.graph.edge_weights().collect::<Vec<_>>());
    assert!(want.graph.edge_count() > 3);
}
